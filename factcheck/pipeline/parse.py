"""The parse stage: parse the normalized copy of a text (:mod:`factcheck.text.normalize`) and copy
the analysis back onto the original Doc; texts that mention no drug or class are not parsed."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Container, Iterable, Iterator, Mapping
from typing import Any, NamedTuple, cast

import numpy
from spacy.attrs import (
    DEP,
    HEAD,
    IS_ALPHA,
    IS_DIGIT,
    IS_PUNCT,
    IS_SPACE,
    IS_STOP,
    LEMMA,
    LIKE_NUM,
    LOWER,
    MORPH,
    NORM,
    ORTH,
    POS,
    SENT_START,
    TAG,
)
from spacy.matcher import DependencyMatcher
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token
from thinc.types import Ints2d

from factcheck.knowledge.claimset import CLASS_TYPES
from factcheck.pipeline.mentions import mentions
from factcheck.text import segmentation
from factcheck.text.normalize import SENTENCE_END, ParseText, is_symbol

_ATTRS = [TAG, POS, MORPH, HEAD, DEP, LEMMA]
# The arrays given to Doc.from_array are uint64, as Doc.to_array makes them: cast(Ints2d, ...)
# says so to mypy (spaCy's type stubs say to_array gives floats, and from_array takes Ints2d).


def needs_parse(doc: Doc) -> bool:
    """Only a text with a drug or class mention and something to relate it to can hold a claim."""
    spans = mentions(doc)
    return len(spans) >= 2 and any(s.label_ == "drug" or s.label_ in CLASS_TYPES for s in spans)


def drug_tokens(doc: Doc) -> set[int]:
    return {i for s in mentions(doc) if s.label_ == "drug" for i in range(s.start, s.end)}


def mention_tokens(doc: Doc) -> set[int]:
    return {i for s in mentions(doc) for i in range(s.start, s.end)}


def parse_copy(doc: Doc, text: ParseText) -> Doc:
    """The Doc the parser reads. Tokens left as they were keep the original's norm (the
    tokenizer's exceptions set it: "isnt" -> "is" + "nt" with norm "not"), which the parser's
    features depend on; so do the words of a shouted sentence, only lower-cased ("ISNT" -> "IS" +
    "NT", read as "is" + "nt" with norm "not")."""
    copy = Doc(doc.vocab, words=text.words, spaces=text.spaces)
    for tok, word in zip(doc, text.words):
        if tok.text == word or tok.lower_ == word:
            copy[tok.i].norm_ = tok.norm_
    return copy


def transfer(parsed: Doc, doc: Doc) -> None:
    """Copy tags, morphology, lemmas and the dependency tree of ``parsed`` (the normalized copy,
    token-aligned, possibly with one extra final token) onto ``doc``."""
    n = len(doc)
    arr = parsed.to_array(_ATTRS)[:n].copy()
    heads = arr[:, 3].view(numpy.int64)
    root = doc.vocab.strings.add("ROOT")
    for i in range(n):
        if not 0 <= i + heads[i] < n:  # attached to the added final period: make it a root
            heads[i] = 0
            arr[i, 4] = root
    doc.from_array(_ATTRS, cast(Ints2d, arr))
    for i in drug_tokens(doc):  # the stand-in's lemma is not the drug's
        doc[i].lemma_ = doc[i].lower_


# ---------------------------------------------------------------------------- windows
# A text is parsed in windows: the sentences that hold a mention and the sentences their reading
# needs (see :func:`windows`); the rest is never parsed. Sentences here are found from the
# surface (:func:`sentence_bounds`).

MAX_SENTENCE_TOKENS = 120
"""A surface sentence longer than this (run-on chat without punctuation) is cut into pieces of
at most this many tokens (after a punctuation mark or symbol where there is one), so that a
window stays short however long the line."""

BACK = 2
"""Sentences before a mention's sentence in its window: an anaphor is resolved to a drug in its
own sentence, the one before, or two before ("Baclofen ... My legs feel better. It is ...")."""

MAX_CHAIN = 12
"""At most this many sentences before a mention's sentence are added to follow a chain of
anaphors back to the drug it starts from ("Baclofen ... It ... It ... It is an opioid")."""


MAX_WINDOW_TOKENS = 1_000
"""Windows that touch are parsed as one while they stay within this many tokens; past it, a
new window starts at a paragraph break, and past twice that at any sentence (the parser's
working memory grows with the length of what it reads at once)."""


def sentence_bounds(doc: Doc, filler: frozenset[str] = frozenset()) -> list[int]:
    """Token indices at which the surface sentences of ``doc`` start (the first is 0).

    A sentence starts at the first word after sentence-end punctuation ("." "!" "?" "...")
    and the whitespace after it, and at a paragraph, list item or quoted line
    (:func:`factcheck.text.segmentation.paragraph_starts`). What the normalized copy reads as
    punctuation (emoji, URLs, chat tags: ``filler``), closing quotes and brackets stay with the
    sentence they follow, as the parser reads them. A single line break is no bound of its own
    (a post may put one word on a line). A sentence longer than :data:`MAX_SENTENCE_TOKENS` is
    cut into pieces."""
    n = len(doc)
    if n == 0:
        return [0]
    starts = {0} | set(segmentation.paragraph_starts(doc))
    ended = False  # sentence-end punctuation seen, no word since
    for tok in doc:
        text = tok.text
        # (a word of letters is never a symbol: is_symbol, which reads every character, is
        # asked only of the other tokens)
        if tok.is_space or tok.is_punct and not tok.is_left_punct or (not tok.is_alpha and is_symbol(text)) \
                or tok.like_url or tok.lower_ in filler:
            if text in SENTENCE_END or (tok.is_punct and text[-1:] in "!?") or (tok.is_punct and text[-1:] == "."):
                ended = True
            continue
        if ended:
            i = tok.i
            if doc[i - 1].whitespace_ or doc[i - 1].is_space or not doc[i - 1].is_punct:
                # an opening quote or bracket goes with the sentence it opens
                while i > 0 and (doc[i - 1].is_left_punct or doc[i - 1].is_quote) and \
                        (i - 1 == 0 or doc[i - 2].whitespace_ or doc[i - 2].is_space):
                    i -= 1
                starts.add(i)
        ended = False
    bounds = sorted(starts)
    out: list[int] = []
    for a, b in zip(bounds, bounds[1:] + [n]):
        while b - a > MAX_SENTENCE_TOKENS:
            cut = a + MAX_SENTENCE_TOKENS
            for j in range(a + MAX_SENTENCE_TOKENS - 1, a + MAX_SENTENCE_TOKENS // 2, -1):
                if doc[j].is_punct or doc[j].is_space or is_symbol(doc[j].text):
                    cut = j + 1
                    break
            out.append(a)
            a = cut
        out.append(a)
    return out


def windows(doc: Doc, chain_words: frozenset[str] = frozenset(),
            filler: frozenset[str] = frozenset(), bounds: list[int] | None = None,
            judging_words: frozenset[str] = frozenset(),
            why: dict[int, str] | None = None,
            checking_words: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """The token ranges of ``doc`` to parse, in order and disjoint: each surface sentence that
    holds a mention, with

    - when it holds a word that may refer back (``chain_words``: "it", "this drug"; or "both",
      "two") and something is mentioned before it: the :data:`BACK` sentences before it, and
      further back (at most :data:`MAX_CHAIN` sentences, not before the first drug mention)
      while one of the two sentences at the window's start holds such a word too (a chain
      "Baclofen ... It ... It is an opioid");
    - the sentence after it, when that one may reject a report ("She says X is C. That's
      wrong.", "... Not true.", "Reddit says X. Reddit is wrong."): it has at most three words,
      one of the pronouns such a judgement opens with, or one of ``judging_words`` (the context
      lexicon's judgement and statement words: "wrong", "myth", "claim"); or, when it says the
      author checked (one of ``checking_words``: "I looked it up"), it and the sentence after
      it, when that one may reject the report;
    - on a line quoted with ">": the rest of the quoted block and the sentence after it (the
      reply);
    - in a list item: the items before it and the line that introduces the list.

    Ranges that touch are merged (within :data:`MAX_WINDOW_TOKENS`). ``bounds``: the text's
    :func:`sentence_bounds` with the same ``filler``, when the caller has them already. ``why``
    (for measuring), when given, gets for each sentence kept (its index in ``bounds``) the first
    reason it was kept: one of :data:`WINDOW_REASONS`."""
    n = len(doc)
    spans = mentions(doc)
    if not spans:
        return []
    if bounds is None:
        bounds = sentence_bounds(doc, filler)
    ends = bounds[1:] + [n]
    count = len(bounds)

    def sentence_of(i: int) -> int:
        return bisect_right(bounds, i) - 1

    seeds = sorted({sentence_of(i) for s in spans for i in range(s.start, s.end)})
    drug_sentences = sorted({sentence_of(s.start) for s in spans if s.label_ == "drug"})
    opener = _line_openers(doc)

    cache: dict[int, list[str]] = {}

    def words(k: int) -> list[str]:
        found = cache.get(k)
        if found is None:
            found = cache[k] = [t.lower_ for t in doc[bounds[k]:ends[k]]]
        return found

    def refers_back(k: int) -> bool:
        return any(w in chain_words or w.rstrip("s") in chain_words or w in _PAIR_WORDS for w in words(k))

    def may_judge(k: int) -> str | None:
        ws = words(k)
        if sum(w.isalpha() for w in ws) <= 3:
            return "next sentence: short"
        if any(w in judging_words or w.rstrip("s") in judging_words for w in ws):
            return "next sentence: a judging word"
        if any(w in _JUDGED_BY for w in ws):
            return "next sentence: " + ("a negation or answer" if any(w in _DENIALS for w in ws) else "a referring pronoun")
        return None

    reasons: dict[int, str] = {k: "mention" for k in seeds} if why is not None else {}
    keep = [False] * count
    for k in seeds:
        lo = hi = k
        if k > 0 and seeds[0] < k and refers_back(k):
            lo = max(0, k - BACK)
            earliest = drug_sentences[0] if drug_sentences and drug_sentences[0] < k else lo
            while lo > max(earliest, k - MAX_CHAIN) and (refers_back(lo) or (lo + 1 < k and refers_back(lo + 1))):
                lo -= 1
            if why is not None:
                for j in range(lo, k):
                    reasons.setdefault(j, "sentence before: a word that refers back")
        if k + 1 < count and (judged := may_judge(k + 1)):
            hi = k + 1
            if why is not None:
                reasons.setdefault(k + 1, judged)
        if k + 2 < count and any(w in checking_words for w in words(k + 1)) and may_judge(k + 2):
            hi = k + 2  # "X told me Y. I looked it up in three references. It isn't."
            if why is not None:
                reasons.setdefault(k + 1, "next sentence: the author checked")
                reasons.setdefault(k + 2, "next sentence: the author checked")
        if opener[bounds[k]] in segmentation.QUOTE_MARKS:
            while hi + 1 < count and opener[bounds[hi + 1]] in segmentation.QUOTE_MARKS:
                hi += 1
            hi = min(count - 1, hi + 1)
            if why is not None:
                for j in range(k + 1, hi + 1):
                    reasons.setdefault(j, "quoted block and its reply")
        if opener[bounds[k]] in segmentation.BULLETS:
            j = k
            while j > 0 and opener[bounds[j]] in segmentation.BULLETS:
                j -= 1
            lo = min(lo, j)
            if why is not None:
                for i in range(lo, k):
                    reasons.setdefault(i, "list items before and the line introducing them")
        for j in range(lo, hi + 1):
            keep[j] = True
    if why is not None:
        why.update(reasons)
    out: list[tuple[int, int]] = []
    for k in range(count):
        if not keep[k]:
            continue
        if out and out[-1][1] == bounds[k] and (ends[k] - out[-1][0] <= MAX_WINDOW_TOKENS or not (
                _paragraph_start(doc, bounds[k]) or ends[k] - out[-1][0] > 2 * MAX_WINDOW_TOKENS)):
            out[-1] = (out[-1][0], ends[k])
        else:
            out.append((bounds[k], ends[k]))
    return out


def _paragraph_start(doc: Doc, i: int) -> bool:
    return i > 0 and doc[i - 1].is_space and doc[i - 1].text.count("\n") >= 2


# "both drugs", "the two classes" (pairs resolved over the sentence and the two before)
_PAIR_WORDS = frozenset({"both", "two"})
# The words a bare judgement of a report opens with or has as its subject ("That's wrong", "No,
# it is not", "Nope"); see factcheck.pipeline.context._rejected_next. Statement nouns ("The
# claim is false") and judgement words come from the context lexicon (``judging_words``).
_JUDGED_BY = frozenset({"that", "this", "it", "which", "he", "she", "they", "you", "not", "no", "nope"})
_DENIALS = frozenset({"not", "no", "nope"})

WINDOW_REASONS = ("mention", "sentence before: a word that refers back", "next sentence: short",
                  "next sentence: a judging word", "next sentence: a negation or answer",
                  "next sentence: a referring pronoun", "quoted block and its reply",
                  "list items before and the line introducing them", "next sentence: the author checked")
"""Why :func:`windows` keeps a sentence (its ``why``), in the order they are tried."""


def _line_openers(doc: Doc) -> list[str]:
    """For each token, the text of the first word or mark of its line."""
    out: list[str] = []
    opener = ""
    line_start = True
    for tok in doc:
        if line_start and not tok.is_space:
            opener = tok.text
            line_start = False
        out.append(opener)
        if "\n" in tok.text or "\n" in tok.whitespace_:
            line_start = True
    return out


def window_copy(doc: Doc, text: ParseText, start: int, end: int) -> Doc:
    """The Doc the parser reads for tokens ``start:end`` of ``doc`` (see :func:`parse_copy`): a
    window that ends before the text does ends with a sentence-final period, as the text does."""
    n = len(doc)
    if start == 0 and end == n:
        return parse_copy(doc, text)
    words = text.words[start:end]
    spaces = text.spaces[start:end]
    last = next((doc[i] for i in range(end - 1, start - 1, -1) if not doc[i].is_space), None)
    if last is not None and not last.is_punct and words[last.i - start] not in SENTENCE_END:
        words = words + ["."]
        spaces = spaces + [False]
    copy = Doc(doc.vocab, words=words, spaces=spaces)
    for k in range(end - start):
        tok = doc[start + k]
        if tok.text == words[k]:
            copy[k].norm_ = tok.norm_
    return copy


def transfer_windows(doc: Doc, parsed: list[tuple[int, int, Doc]], filler: frozenset[str] = frozenset(),
                     bounds: list[int] | None = None) -> None:
    """Copy the analysis of each parsed window ``(start, end, copy)`` onto ``doc`` (as
    :func:`transfer` does for a whole text). Tokens outside the windows get no tags or lemmas;
    each of their surface sentences becomes a flat tree (its first token the root, the others
    attached to it with the label ``dep``), so that sentence boundaries hold there too.
    ``bounds``: the text's :func:`sentence_bounds` with the same ``filler``, if known."""
    n = len(doc)
    if len(parsed) == 1 and parsed[0][0] == 0 and parsed[0][1] == n:
        transfer(parsed[0][2], doc)
        return
    arr = numpy.zeros((n, len(_ATTRS)), dtype="uint64")
    heads = arr[:, 3].view(numpy.int64)
    root = doc.vocab.strings.add("ROOT")
    dep = doc.vocab.strings.add("dep")
    covered = numpy.zeros(n, dtype=bool)
    for start, end, copy in parsed:
        part = copy.to_array(_ATTRS)[:end - start]
        arr[start:end] = part
        covered[start:end] = True
        for k in range(end - start):
            if not 0 <= k + heads[start + k] < end - start:  # attached to the added final period
                heads[start + k] = 0
                arr[start + k, 4] = root
    if not covered.all():
        if bounds is None:
            bounds = sentence_bounds(doc, filler)
        for a, b in zip(bounds, bounds[1:] + [n]):
            a2 = a
            while a2 < b and covered[a2]:
                a2 += 1
            if a2 >= b:
                continue
            # the uncovered tokens of this sentence: a flat tree (runs split by a window, which
            # starts and ends at sentence bounds, do not occur)
            arr[a2, 4] = root
            heads[a2] = 0
            for i in range(a2 + 1, b):
                if not covered[i]:
                    heads[i] = a2 - i
                    arr[i, 4] = dep
    doc.from_array(_ATTRS, cast(Ints2d, arr))
    for i in drug_tokens(doc):
        doc[i].lemma_ = doc[i].lower_


# ---------------------------------------------------------------------------- matching in trees
MIN_LEFT_OUT = 8
""":func:`tree_matches` copies the trees it matches in out of the Doc only when that leaves out at
least this many tokens per copy (measured: a DependencyMatcher reads a token in ~35 µs with the
shipped rules, a copy costs ~200 µs); else it matches on the whole Doc."""


def tree_ranges(doc: Doc, anchors: Iterable[int], heads: list[int] | None = None) -> list[tuple[int, int]]:
    """The token ranges of the dependency trees that hold a token of ``anchors`` (each tree's
    ``left_edge`` to ``right_edge``, as spaCy's DependencyMatcher reads a sentence), in order,
    with ranges that overlap or touch merged. ``heads``: the Doc's heads as offsets
    (:func:`head_offsets`), if the caller has them."""
    n = len(doc)
    spans: list[tuple[int, int]] = []
    done: set[int] = set()
    for i in sorted(set(anchors)):
        if not 0 <= i < n or i in done:
            continue
        if heads is None:
            heads = head_offsets(doc)
        root = doc[_root(heads, i)]
        a, b = root.left_edge.i, root.right_edge.i + 1
        done.update(range(a, b))
        spans.append((a, b))
    spans.sort()
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


def tree_matches(matcher: DependencyMatcher, doc: Doc, anchors: Iterable[int],
                 only: Mapping[int, Mapping[int, Container[int]]] | None = None,
                 limits: Callable[[NodeIndex], Mapping[int, Container[int]]] | None = None) -> list[tuple[int, list[int]]]:
    """``matcher(doc)`` restricted to the matches in the dependency trees that hold a token of
    ``anchors``, in the order ``matcher(doc)`` gives them.

    ``only``: match key (string id) -> node (its index in the key's one pattern) -> the tokens
    that node may be matched on; the matches with such a node elsewhere are left out (as the
    caller would drop them). With a node index, such tokens are never candidates for the node.
    ``limits``: the same by the node index's keys (:meth:`NodeIndex.limits`), made by the caller
    from the index (which can work out once what ``limits`` makes of ``only`` on every Doc);
    used instead of ``only`` when the matcher has a node index.

    A DependencyMatcher match lies in one tree (its nodes share a root, and its linear
    operators stay within the root's ``left_edge`` to ``right_edge``), so a caller that keeps
    only matches with a node on (or a walk down the tree to) an anchor token gets the same
    matches from the trees that hold one. On a text parsed in windows most of the text is flat
    trees that hold no mention; those are not matched. The trees are matched as copies of
    their token ranges (``Span.as_doc``: the same attributes and, the ranges being whole trees,
    the same trees), unless that leaves out fewer than :data:`MIN_LEFT_OUT` tokens a copy or a
    head crosses a range's bounds: then the Doc is matched whole and the matches outside the
    trees are dropped (the same matches, without the copies)."""
    anchors = sorted(set(anchors))
    if not anchors:
        return []
    heads = head_offsets(doc)  # (read once for the ranges, the check of whole trees and the index)
    ranges = tree_ranges(doc, anchors, heads)
    if not ranges:
        return []
    fast = NodeIndex.of(matcher)
    if fast is not None and fast.reads(doc):
        by_key = limits(fast) if limits is not None else fast.limits(only) if only else None
        if _whole_trees(doc, ranges, heads):
            return fast.matches(doc, ranges, by_key, heads)
        return _in_ranges(fast.matches(doc, [(0, len(doc))], by_key, heads), len(doc), ranges)
    if only:
        return [m for m in _slow_tree_matches(matcher, doc, ranges) if _within(m, only)]
    return _slow_tree_matches(matcher, doc, ranges)


def _within(match: tuple[int, list[int]], only: Mapping[int, Mapping[int, Container[int]]]) -> bool:
    limit = only.get(match[0])
    return limit is None or all(match[1][node] in tokens for node, tokens in limit.items())


def _slow_tree_matches(matcher: DependencyMatcher, doc: Doc,
                       ranges: list[tuple[int, int]]) -> list[tuple[int, list[int]]]:
    """:func:`tree_matches` for a matcher without a node index (spaCy's own matching)."""
    patterns = matcher._patterns
    left_out = len(doc) - sum(b - a for a, b in ranges)
    copies: list[tuple[int, Doc]] = []
    if left_out >= MIN_LEFT_OUT * len(ranges) and all(len(p) == 1 for p in patterns.values()) \
            and _whole_trees(doc, ranges):
        copies = [(a, doc[a:b].as_doc()) for a, b in ranges]
        # (a copy without an annotation the Doc has, such as trees of unparsed text, would make
        # the matcher refuse it: then the Doc is matched whole)
        had = [attr for attr in _ANNOTATIONS if doc.has_annotation(attr)]
        if any(not copy.has_annotation(attr) for _, copy in copies for attr in had):
            copies = []
    if not copies:
        return _in_ranges(matcher(doc), len(doc), ranges)
    # matcher(doc) gives the matches key by key (in the order the keys were added), and those
    # of one key tree by tree, left to right: range by range, then a stable sort by key
    order: dict[Any, int] = {key: k for k, key in enumerate(patterns)}  # (keys are string ids)
    found: list[tuple[int, list[int]]] = []
    for a, copy in copies:
        found.extend((key, [a + i for i in nodes]) for key, nodes in matcher(copy))
    found.sort(key=lambda m: order[m[0]])
    return found


def _in_ranges(matches: Iterable[tuple[int, list[int]]], n: int,
               ranges: list[tuple[int, int]]) -> list[tuple[int, list[int]]]:
    """The matches (of a Doc of ``n`` tokens) whose first node lies in one of ``ranges``."""
    inside = bytearray(n)
    for a, b in ranges:
        inside[a:b] = b"\x01" * (b - a)
    return [m for m in matches if inside[m[1][0]]]


class PatternAttr(NamedTuple):
    """A token attribute as a Matcher pattern names it, read by :class:`NodeIndex` (from
    ``Doc.to_array``) and by :func:`admits` (from a Token)."""

    column: int
    """Its ``Doc.to_array`` attribute, whose values are what spaCy's Matcher compares (string
    ids, symbols, 0/1 flags)."""
    token: str
    """The Token attribute with the same value ("lower_", "is_punct")."""
    annotation: str | None = None
    """The annotation spaCy's Matcher requires of a Doc when a pattern reads the attribute."""


# The token attributes NodeIndex and admits read, by the name a Matcher pattern gives them.
PATTERN_ATTRS = {
    "ORTH": PatternAttr(ORTH, "orth_"), "TEXT": PatternAttr(ORTH, "text"), "LOWER": PatternAttr(LOWER, "lower_"),
    "NORM": PatternAttr(NORM, "norm_"), "LEMMA": PatternAttr(LEMMA, "lemma_", "LEMMA"),
    "POS": PatternAttr(POS, "pos_", "POS"), "TAG": PatternAttr(TAG, "tag_", "TAG"),
    "DEP": PatternAttr(DEP, "dep_", "DEP"), "IS_PUNCT": PatternAttr(IS_PUNCT, "is_punct"),
    "IS_SPACE": PatternAttr(IS_SPACE, "is_space"), "IS_ALPHA": PatternAttr(IS_ALPHA, "is_alpha"),
    "IS_DIGIT": PatternAttr(IS_DIGIT, "is_digit"), "IS_STOP": PatternAttr(IS_STOP, "is_stop"),
    "LIKE_NUM": PatternAttr(LIKE_NUM, "like_num"),
}
_REQUIRED = {a.column: a.annotation for a in PATTERN_ATTRS.values() if a.annotation}
# the annotations spaCy's Matcher requires of a Doc when a pattern reads them: those of the table,
# and the morphology (which neither reader reads)
_ANNOTATIONS = ("MORPH", *_REQUIRED.values())
_INDEXES: dict[int, tuple[DependencyMatcher, NodeIndex | None]] = {}
_MAX_INDEXES = 16
_MAX_ROWS = 50_000  # distinct rows of attribute values a node index keeps the groups of

# one condition of a node: (column, "eq" / "in" / "not_in", value or set of values)
_Check = tuple[int, str, Any]


class NodeIndex:
    """A DependencyMatcher's matches, found without its token Matcher and without Token objects.

    spaCy's ``DependencyMatcher`` runs a token Matcher with every node of every pattern over
    every token of the Doc, walks each matched token's ancestors to group the matches by tree
    (``_get_keys_to_position_maps``), then tries every combination of the candidates of a
    pattern's nodes, resolving each relation through Token objects. Here a pattern is searched
    from its first node (its anchor; spaCy requires every later node to hang from an earlier one
    by one relation). Each token's node patterns (plain values, ``IN`` and ``NOT_IN`` over the
    attributes of :data:`PATTERN_ATTRS`) are read from one array of the Doc's attribute values,
    worked out once per distinct row of values (each row tried only against the node patterns
    whose required value it has, :attr:`triggers`); a pattern is searched only in the trees that
    hold a candidate of each of its nodes (:attr:`needs`, :attr:`keyed`); from each anchor,
    each later node is assigned in turn among the tokens that its
    relation gives for the node it hangs from (the relations resolved on the array of heads by
    :class:`_Relations`, as spaCy's operators resolve them), a candidate kept when it lies in
    the anchor's tree and its own node pattern admits it. The matches come key by key, tree by
    tree in the order spaCy groups them, each tree's in the order of ``itertools.product`` over
    the nodes' candidates: the matches of ``matcher(doc)``, in the same order, without building
    the combinations (which grow as a power of the length of a long run-on sentence). A
    matcher with a node pattern of any other kind, or with callbacks, is not indexed
    (:meth:`of` gives None)."""

    def __init__(self, matcher: DependencyMatcher, nodes: dict[int, list[_Check]], columns: list[int]) -> None:
        self.matcher = matcher
        groups: dict[tuple, tuple[list[_Check], list[int]]] = {}
        for token_key, checks in nodes.items():
            signature = tuple((c, op, v if op == "eq" else tuple(sorted(v))) for c, op, v in checks)
            groups.setdefault(signature, (checks, []))[1].append(token_key)
        self.groups = list(groups.values())
        """The node patterns: each distinct one's checks, with the token Matcher's keys of its nodes
        (a node pattern is known by its place in this list, its group)."""
        self.checks = [checks for checks, _ in self.groups]
        group_of = {k: g for g, (_, keys) in enumerate(self.groups) for k in keys}
        self.columns: list[int | str] = list(columns)
        self.required = [_REQUIRED[c] for c in columns if c in _REQUIRED]
        internals: Any = matcher
        self.trees: list[tuple[int, list[int], list[int], list[tuple[int, str]], list[list[tuple[int, str, int]]]]] = []
        """Each pattern, key by key in the order the keys were added: its key, its nodes' token
        Matcher keys and groups, for each node after the first the node it hangs from and the
        relation's operator, and for each node the other relations checked once it is assigned
        (those whose later node it is; none in patterns spaCy accepts)."""
        for key in internals._patterns:
            for tree, token_keys in zip(internals._tree[key], internals._tokens_to_key[key], strict=True):
                source: list[tuple[int, str]] = [(0, "")] * len(token_keys)
                sourced = [True] + [False] * (len(token_keys) - 1)
                also: list[list[tuple[int, str, int]]] = [[] for _ in token_keys]
                for left in sorted(tree):
                    for op, right in tree[left]:
                        if left < right and not sourced[right]:
                            source[right], sourced[right] = (left, op), True
                        else:
                            also[max(left, right)].append((left, op, right))
                if not all(sourced):
                    raise ValueError(f"a dependency pattern of {key!r} has a node that hangs from no earlier node")
                self.trees.append((key, list(token_keys), [group_of[k] for k in token_keys], source, also))
        self.needs = [sum(1 << g for g in set(gids)) for _, _, gids, _, _ in self.trees]
        by_group: dict[int, list[int]] = {}
        for p, (_, _, gids, _, _) in enumerate(self.trees):
            by_group.setdefault(min(gids, key=lambda g: (_share(self.checks[g], self.columns), g)), []).append(p)
        self.keyed = [(1 << g, ps) for g, ps in sorted(by_group.items())]
        """The patterns (by their place in :attr:`trees`) under the group of each that the fewest
        tokens are expected to satisfy (:func:`_share`): a Doc none of whose tokens is in that
        group is not searched for them."""
        self._rows: dict[tuple[int, ...], int] = {}
        """A token's attribute values -> the groups that admit it (:meth:`_admitting`), worked out
        once per distinct row of values."""
        """Each pattern's groups, as a bit mask (group ``g`` is bit ``1 << g``): it can match only
        in a tree where each has a candidate."""
        self.triggers: dict[int, dict[int, list[tuple[list[_Check], int]]]] = {}
        """Column -> value -> the node patterns whose first check requires that value (one of an
        ``IN`` set), each with its other checks and its group: a token is tried only against the
        node patterns its own values can start."""
        self.unanchored: list[tuple[list[_Check], int]] = []
        """The node patterns that require no value (only ``NOT_IN`` checks): tried on every token."""
        self.wild: list[int] = []
        """The groups without any check: every token is a candidate."""
        for g, checks in enumerate(self.checks):
            if not checks:
                self.wild.append(g)
                continue
            col, op, value = checks[0]
            if op == "not_in":
                self.unanchored.append((checks, g))
                continue
            by_value = self.triggers.setdefault(col, {})
            for v in ([value] if op == "eq" else sorted(value)):
                by_value.setdefault(v, []).append((checks[1:], g))

    @classmethod
    def of(cls, matcher: DependencyMatcher) -> NodeIndex | None:
        """The index of ``matcher`` (built once per matcher), or None."""
        cached = _INDEXES.get(id(matcher))
        if cached is None or cached[0] is not matcher:
            if len(_INDEXES) >= _MAX_INDEXES:
                _INDEXES.clear()
            cached = _INDEXES[id(matcher)] = (matcher, cls._build(matcher))
        return cached[1]

    @classmethod
    def _build(cls, matcher: DependencyMatcher) -> NodeIndex | None:
        columns: dict[int, int] = {}
        nodes: dict[int, list[_Check]] = {}
        internals: Any = matcher  # (spaCy's type stubs lack its internals)
        for key, patterns in internals._patterns.items():
            if internals._callbacks.get(key) is not None:
                return None
            for pattern, token_keys in zip(patterns, internals._tokens_to_key[key], strict=True):
                for (attrs,), token_key in zip(pattern, token_keys, strict=True):
                    checks = _node_checks(attrs, columns)
                    if checks is None:
                        return None
                    nodes[token_key] = checks
        return cls(matcher, nodes, list(columns))

    def reads(self, doc: Doc) -> bool:
        """Whether ``doc`` has every annotation the patterns read (else spaCy's Matcher refuses
        it, and so should the caller)."""
        return all(doc.has_annotation(name) for name in self.required)

    def limits(self, only: Mapping[int, Mapping[int, Container[int]]]) -> dict[int, Container[int]]:
        """:func:`tree_matches`'s ``only`` (match key -> node -> tokens) by the token Matcher's
        key of each node."""
        matcher: Any = self.matcher  # (spaCy's type stubs lack its internals)
        out: dict[int, Container[int]] = {}
        for key, nodes in only.items():
            for token_keys in matcher._tokens_to_key.get(key, ()):
                for node, tokens in nodes.items():
                    out[token_keys[node]] = tokens
        return out

    def _admitting(self, row: tuple[int, ...]) -> int:
        """The groups whose node pattern a token with these attribute values (``row``, by
        :attr:`columns`) satisfies, as a bit mask."""
        groups: list[int] = list(self.wild)
        for col, by_value in self.triggers.items():
            for rest, g in by_value.get(row[col], ()):
                if _admits(row, rest):
                    groups.append(g)
        groups.extend(g for checks, g in self.unanchored if _admits(row, checks))
        return sum(1 << g for g in set(groups))

    def matches(self, doc: Doc, ranges: list[tuple[int, int]],
                limits: Mapping[int, Container[int]] | None = None,
                heads: list[int] | None = None) -> list[tuple[int, list[int]]]:
        """``matcher(doc)``, reading only the tokens of ``ranges``: when these are whole trees,
        the matches of ``matcher(doc)`` that lie in them. ``limits`` (see :meth:`limits`): a
        node's token Matcher key -> the only tokens it may be matched on. ``heads``: the Doc's
        heads as offsets (:func:`head_offsets`), if the caller has them."""
        n = len(doc)
        tokens = [i for a, b in ranges for i in range(a, b)]
        if not n or not tokens or not self.trees:
            return []
        rows: list[tuple[int, ...]] = list(map(tuple, doc.to_array(self.columns).reshape(n, len(self.columns)).tolist())) \
            if self.columns else [()] * n
        offsets = heads if heads is not None else head_offsets(doc)
        roots = _roots(offsets, tokens)  # (-1 outside the ranges)
        # each tree's groups with a candidate in it, the trees in the order spaCy groups them
        # (by the first token some node pattern admits, as its token Matcher finds them; every
        # token when a node pattern admits any)
        present: dict[int, int] = {}
        admitted = [0] * n
        known = self._rows
        if len(known) > _MAX_ROWS:
            known.clear()
        for i in tokens:
            row = rows[i]
            groups = known.get(row)
            if groups is None:
                groups = known[row] = self._admitting(row)
            if groups:
                admitted[i] = groups
                present[roots[i]] = present.get(roots[i], 0) | groups
        rank = {root: k for k, root in enumerate(present)}
        search = _Search(doc, offsets, roots, admitted)
        limited: dict[int, set[int]] = {}  # id of a limit -> the trees of its tokens
        out: list[tuple[int, list[int]]] = []
        masks = list(present.items())
        union = 0
        for got in present.values():
            union |= got
        chosen = [p for bit, ps in self.keyed if union & bit for p in ps]
        chosen.sort()
        for p in chosen:
            key, token_keys, gids_, source, also = self.trees[p]
            need = self.needs[p]
            if union & need != need:
                continue
            trees = {root for root, got in masks if got & need == need}
            if not trees:
                continue
            allowed_at: list[Container[int] | None] = [limits.get(k) for k in token_keys] if limits else []
            for allowed in allowed_at:
                if allowed is not None and isinstance(allowed, (set, frozenset, list, tuple, range)):
                    in_trees = limited.get(id(allowed))
                    if in_trees is None:
                        in_trees = limited[id(allowed)] = {roots[t] for t in allowed if 0 <= t < n}
                    trees &= in_trees
            if not trees:
                continue
            first = allowed_at[0] if allowed_at else None
            bit = 1 << gids_[0]
            by_root: dict[int, list[list[int]]] = {}
            anchors = [a for a in tokens if admitted[a] & bit and roots[a] in trees and (first is None or a in first)]
            for m in search.run(anchors, gids_, source, also, allowed_at):
                by_root.setdefault(roots[m[0]], []).append(m)
            for root in (sorted(by_root, key=rank.__getitem__) if len(by_root) > 1 else by_root):
                out.extend((key, m) for m in by_root[root])
        return out


class _Search:
    """The matches of a pattern from its anchors (:meth:`NodeIndex.matches`), over one Doc."""

    def __init__(self, doc: Doc, offsets: list[int], roots: list[int], admitted: list[int]) -> None:
        self.relations = _Relations(doc, offsets)
        self.roots = roots
        self.admitted = admitted
        """Each token's groups (those whose node pattern it satisfies), as a bit mask."""

    def run(self, anchors: list[int], gids: list[int], source: list[tuple[int, str]],
            also: list[list[tuple[int, str, int]]], allowed_at: list[Container[int] | None]) -> list[list[int]]:
        """The matches of a pattern (its nodes' groups, the node and relation each hangs from,
        the other relations checked at each, the tokens each is limited to, if any) whose
        first node is on one of ``anchors``, in order: anchor by anchor, each node's candidates
        in the order of the tokens."""
        k = len(gids)
        if k == 1:
            return [[a] for a in anchors]
        roots, admitted, related = self.roots, self.admitted, self.relations.related
        bits = [1 << g for g in gids]
        limits = allowed_at or [None] * k
        out: list[list[int]] = []
        chosen = [0] * k
        candidates: list[Iterator[int]] = [iter(())] * k
        last = k - 1
        for anchor in anchors:
            root = roots[anchor]
            chosen[0] = anchor
            candidates[1] = iter(related(anchor, source[1][1]))
            j = 1
            while j:
                t = next(candidates[j], -1)
                if t < 0:
                    j -= 1
                    continue
                allowed = limits[j]
                if roots[t] != root or not admitted[t] & bits[j] or (allowed is not None and t not in allowed):
                    continue
                chosen[j] = t
                if also[j] and not all(chosen[r] in related(chosen[lt], o) for lt, o, r in also[j]):
                    continue
                if j == last:
                    out.append(list(chosen))
                    continue
                j += 1
                left, op = source[j]
                candidates[j] = iter(related(chosen[left], op))
        return out


class _Relations:
    """The tokens a DependencyMatcher operator relates to a token (``REL_OP``: "<", ">", "<<",
    ">>", ".", ".*", ";", ";*", "$+", "$-", "$++", "$--", ">+", ">-", ">++", ">--", "<+",
    "<-", "<++", "<--"), in order, resolved as spaCy's ``DependencyMatcher`` resolves them
    (children within a token's ``left_edge`` and ``right_edge``, as ``Token.lefts`` and
    ``Token.rights`` find them; a sentence as the span of its root's edges), from the array of
    heads; only the edges are read from Token objects, once per token asked about."""

    def __init__(self, doc: Doc, offsets: list[int]) -> None:
        self.doc = doc
        self.n = len(doc)
        self.offsets = offsets
        self._kids: list[list[int]] | None = None
        self._edges: dict[int, tuple[int, int]] = {}
        self._cache: dict[tuple[int, str], list[int]] = {}

    def related(self, x: int, op: str) -> list[int]:
        key = (x, op)
        got = self._cache.get(key)
        if got is None:
            got = self._cache[key] = self._resolve(x, op)
        return got

    def edges(self, x: int) -> tuple[int, int]:
        got = self._edges.get(x)
        if got is None:
            tok = self.doc[x]
            got = self._edges[x] = (tok.left_edge.i, tok.right_edge.i)
        return got

    def children(self, x: int) -> list[int]:
        kids = self._kids
        if kids is None:
            kids = self._kids = [[] for _ in range(self.n)]
            for i, off in enumerate(self.offsets):
                if off:
                    kids[i + off].append(i)
        a, b = self.edges(x)
        return [j for j in kids[x] if a <= j <= b]

    def sentence(self, x: int) -> tuple[int, int]:
        a, b = self.edges(_root(self.offsets, x))
        return a, b + 1

    def _resolve(self, x: int, op: str) -> list[int]:
        head = x + self.offsets[x]
        if op == ">":
            return self.children(x)
        if op == "<":
            return [head] if head != x else []
        if op == ">>":
            return sorted(set(self._subtree(x)) - {x})
        if op == "<<":
            up: list[int] = []
            i = x
            while self.offsets[i] != 0 and len(up) < self.n:
                i += self.offsets[i]
                up.append(i)
            return sorted(set(up))
        if op in (".", ".*", ";", ";*"):
            a, b = self.sentence(x)
            if op == ".":
                return [x + 1] if x < self.n - 1 and a <= x + 1 < b else []
            if op == ".*":
                return list(range(x + 1, b))
            if op == ";":
                return [x - 1] if x > 0 and a <= x - 1 < b else []
            return list(range(a, x))
        if op in ("$+", "$-", "$++", "$--"):
            return _beside(x, self.children(head), op[1:])
        if op in (">+", ">-", ">++", ">--"):
            return _beside(x, self.children(x), op[1:])
        if op == "<+":
            return [head] if head == x + 1 else []
        if op == "<-":
            return [head] if head == x - 1 else []
        if op == "<++":
            return [head] if head > x else []
        if op == "<--":
            return [head] if head < x else []
        raise ValueError(f"unknown dependency operator {op!r}")

    def _subtree(self, x: int) -> list[int]:
        # Token.subtree: the left children's subtrees, the token, the right children's (a
        # token met twice, in heads that are no tree, is not walked again)
        out: list[int] = []
        seen: set[int] = set()
        stack: list[tuple[int, bool]] = [(x, False)]
        while stack:
            i, expanded = stack.pop()
            if expanded:
                out.append(i)
                continue
            if i in seen:
                continue
            seen.add(i)
            kids = self.children(i)
            for j in reversed([j for j in kids if j > i]):
                stack.append((j, False))
            stack.append((i, True))
            for j in reversed([j for j in kids if j < i]):
                stack.append((j, False))
        return out


def _roots(offsets: list[int], tokens: list[int]) -> list[int]:
    """The root of each token of ``tokens`` (:func:`_root`), -1 for the other tokens; each
    token's ancestors walked once (a token's root is its head's: in heads with a cycle, which no
    parse gives, each token is walked on its own)."""
    n = len(offsets)
    known = [-1] * n
    out = [-1] * n
    for i in tokens:
        j, path = i, []
        while known[j] < 0 and offsets[j] != 0:
            path.append(j)
            j += offsets[j]
            if len(path) > n:
                for t in tokens:
                    out[t] = _root(offsets, t)
                return out
        r = known[j] if known[j] >= 0 else j
        known[j] = r
        for p in path:
            known[p] = r
        out[i] = r
    return out


def _node_checks(attrs: Any, columns: dict[int, int]) -> list[_Check] | None:
    """The checks of one node pattern (``RIGHT_ATTRS``), as :class:`NodeIndex` reads them, the
    required values first; None for a pattern it cannot read."""
    if not isinstance(attrs, dict):
        return None
    checks: list[_Check] = []
    for name, value in attrs.items():
        if name == "IS_SENT_START" and value is True:  # the sentence's first token: SENT_START is 1
            checks.append((columns.setdefault(SENT_START, len(columns)), "eq", 1))
            continue
        known = PATTERN_ATTRS.get(name.upper()) if isinstance(name, str) else None
        if known is None:
            return None
        col = columns.setdefault(known.column, len(columns))
        if isinstance(value, bool):
            checks.append((col, "eq", int(value)))
        elif isinstance(value, str):
            checks.append((col, "eq", get_string_id(value)))
        elif isinstance(value, dict) and value and all(op in ("IN", "NOT_IN") for op in value) \
                and all(isinstance(v, list) and all(isinstance(x, str) for x in v) for v in value.values()):
            for op, listed in value.items():
                checks.append((col, op.lower(), frozenset(get_string_id(x) for x in listed)))
        else:
            return None
    checks.sort(key=lambda c: c[1] == "not_in")  # a required value first: it picks the candidates
    return checks


_WORD_COLUMNS = frozenset({ORTH, LOWER, NORM, LEMMA})


def _share(checks: list[_Check], columns: list[int | str]) -> float:
    """A rough share of the tokens of a text that satisfy a node pattern (a word's form about 1%,
    a tag or a dependency label 8%, a part of speech 20%, a flag 50%, each value of an ``IN``
    set as much again, ``NOT_IN`` everything), to pick the node a pattern is looked up by."""
    share = 1.0
    for col, op, value in checks:
        attr = columns[col]
        one = 0.01 if attr in _WORD_COLUMNS else 0.08 if attr in (TAG, DEP) else 0.2 if attr in (POS, SENT_START) else 0.5
        share *= one if op == "eq" else min(1.0, one * len(value)) if op == "in" else 1.0
    return share


def _beside(x: int, pool: list[int], side: str) -> list[int]:
    """The tokens of ``pool`` (a token's siblings or children) that an operator's ``side`` gives
    for token ``x``: "+" the one right after it, "-" the one right before it, "++" all after it,
    "--" all before it."""
    if side == "+":
        return [x + 1] if x + 1 in pool else []
    if side == "-":
        return [x - 1] if x - 1 in pool else []
    return [j for j in pool if j > x] if side == "++" else [j for j in pool if j < x]


def _admits(row: tuple[int, ...], checks: list[_Check]) -> bool:
    for col, op, value in checks:
        actual = row[col]
        if op == "eq":
            if actual != value:
                return False
        elif (actual in value) != (op == "in"):
            return False
    return True


def _root(heads: list[int], i: int) -> int:
    """The last of token ``i``'s ancestors (``i`` itself at a root), as ``Token.ancestors``
    walks them: at most as many steps as the Doc has tokens."""
    for _ in range(len(heads)):
        if heads[i] == 0:
            break
        i += heads[i]
    return i


def _whole_trees(doc: Doc, ranges: list[tuple[int, int]], heads: list[int] | None = None) -> bool:
    """Whether each range is made of whole trees (no head crosses its bounds, either way): then
    its copy has the Doc's trees, as spaCy's parser always leaves them (a tree is a contiguous
    sentence); a Doc given other heads is matched whole. ``heads``: the Doc's heads as offsets
    (:func:`head_offsets`), if the caller has them. (Plain lists: on the few dozen tokens of a
    post, a handful of numpy calls cost several times this loop.)"""
    offsets = heads if heads is not None else head_offsets(doc)
    label = [0] * len(offsets)
    for k, (a, b) in enumerate(ranges, start=1):
        label[a:b] = [k] * (b - a)
    return all(label[i] == label[i + off] for i, off in enumerate(offsets) if off)


def head_offsets(doc: Doc) -> list[int]:
    """Each token's head as an offset from the token (0 at a root), as ``Doc.to_array(HEAD)``
    gives it."""
    return doc.to_array(HEAD).view(numpy.int64).tolist()



def admits(tok: Token, attrs: dict[str, Any]) -> bool | None:
    """Whether ``tok`` satisfies the token pattern ``attrs`` (a DependencyMatcher node's
    ``RIGHT_ATTRS``), for patterns of plain values and ``IN`` / ``NOT_IN`` sets over the
    attributes of :data:`PATTERN_ATTRS`; None for any other pattern (not judged here)."""
    for key, value in attrs.items():
        known = PATTERN_ATTRS.get(key.upper()) if isinstance(key, str) else None
        if known is None:
            return None
        actual = getattr(tok, known.token)
        if isinstance(value, dict):
            if not value or any(op not in ("IN", "NOT_IN") or not isinstance(v, list) for op, v in value.items()):
                return None
            if "IN" in value and actual not in value["IN"]:
                return False
            if "NOT_IN" in value and actual in value["NOT_IN"]:
                return False
        elif isinstance(value, bool) or isinstance(actual, bool):
            if not isinstance(value, bool) or not isinstance(actual, bool):
                return None
            if actual != value:
                return False
        elif isinstance(value, str):
            if actual != value:
                return False
        else:
            return None
    return True
