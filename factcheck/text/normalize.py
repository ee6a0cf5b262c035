"""What the parser reads: a normalized copy of the text, aligned token for token.

The small English parser was trained on edited text. On forum writing it fails in systematic
ways: a drug name it has never seen is tagged as an adjective or a verb ("Fentanyl/amod acts on
mu receptors", "Is baclofen/VERB an opioid?"), a lower-case sentence start or a missing final
period changes the tree, SHOUTED text is read as proper nouns, and chat tags ("lol", "tbh") are
taken for nouns that head the predicate ("an opioid/amod lol/attr").

So the parser reads a copy in which, token for token:

- every token of a drug mention is replaced by a common drug noun the model knows;
- a shouted sentence (all its words in capitals) is lower-cased;
- the first word of a sentence and the pronoun "i" are capitalized;
- chat tags ("lol", "tbh"; models/normalize.yaml), emoji and URLs become punctuation, and
  quotation marks of any kind a plain double quote;
- chat spellings become the word they stand for ("def" -> "definitely", "u" -> "you");
- "'s" after a drug name and before an article or "not" becomes "is" ("baclofen's an opioid");
- a speaker's label opening a line ("Me: is X a C?", "Pharmacist: no, ..."; one or two words
  and a colon, none of them a mention) becomes dashes (the line is a sentence of its own, as a
  list item is), and the word after it starts a sentence;
- a final period is added when the text ends without punctuation.

The copy has the same tokens as the original (plus possibly the final period), so the tags,
lemmas and dependency tree computed on it are copied back onto the original Doc, whose text and
character offsets are untouched.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, model_validator
from spacy.attrs import LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc

from factcheck.resources import ModelData
from factcheck.text.segmentation import LINE_STARTS_KEY, may_hold_label, next_word, speaker_label, turn_label

SENTENCE_END = frozenset({".", "!", "?", "…", "...", "!!", "??", "?!", "!?"})


class Contraction(BaseModel):
    """``its`` -> ``[it, s]`` before ``a``, ``an``, ``not`` ...: the pieces (their letters
    spell the word) and the next words that show the contraction."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    pieces: tuple[str, ...]
    before: frozenset[str]

    @model_validator(mode="after")
    def _spells(self) -> Contraction:
        if len(self.pieces) < 2 or any(not p for p in self.pieces):
            raise ValueError("a contraction splits into at least two non-empty pieces")
        return self


class NormalizeRules(ModelData):
    """``models/normalize.yaml``."""

    FILE = "normalize.yaml"

    stand_in: str
    chat_tags: frozenset[str]
    copula_after_drug: frozenset[str]
    respell: dict[str, str] = {}
    """Chat spellings the parser does not know, read as the word they stand for ("def" ->
    "definitely"); one word for one word, so the copy stays aligned."""
    copula_symbols: frozenset[str] = frozenset()
    """Symbols read as the copula "is" between a drug and the word after it ("baclofen =
    opiate")."""
    copula_s_after: frozenset[str] = frozenset()
    """Words after which a bare "s" piece (no apostrophe, no space) is the copula "is": "it" of
    "its" split as a contraction, "that" of "thats" as the tokenizer splits it."""
    contractions: dict[str, Contraction] = {}
    """Contractions written without their apostrophe that the tokenizer cannot split, because
    the word is also another word ("its" for "it's"): split where the next word shows it."""
    demonstratives: dict[str, str] = {}
    """Pronouns used as a demonstrative determiner after "of" and right before a class mention
    ("one of them opiates"), lower case -> the determiner the parser reads ("those")."""
    mention_numerals: dict[str, str] = {}
    """Words that, inside a mention and after its first word, are numerals the parser would
    read as another word: the Roman "I" of "schedule I" (read as the pronoun), lower case ->
    the numeral the parser reads."""

    @model_validator(mode="after")
    def _pieces_spell_their_word(self) -> NormalizeRules:
        for word, rule in self.contractions.items():
            if word != word.lower() or "".join(rule.pieces) != word:
                raise ValueError(f"contraction {word!r}: its pieces must spell the (lower-case) word")
        return self


@dataclass(frozen=True)
class ParseText:
    words: list[str]
    spaces: list[bool]
    appended: bool
    """Whether a final period was added after the original tokens."""


def _heading_breaks(doc: Doc) -> list[int]:
    """The line breaks (a token of their own) before the lines that begin a sentence of their own
    (``segmentation.LINE_STARTS_KEY``), after a line that ends with no punctuation."""
    lines = doc.user_data.get(LINE_STARTS_KEY) or ()
    return [tok.i - 1 for tok in doc if lines and tok.idx in lines and tok.i > 1 and doc[tok.i - 1].is_space
            and "\n" in doc[tok.i - 1].text and not doc[tok.i - 2].is_punct] if lines else []


def parse_text(doc: Doc, drug_tokens: set[int], rules: NormalizeRules,
               only: list[tuple[int, int]] | None = None,
               mention_tokens: set[int] | frozenset[int] = frozenset()) -> ParseText:
    """The words the parser reads for ``doc`` (see the module docstring). With ``only`` (token
    ranges), only the words of those tokens are normalized (the parser reads no other); the
    others keep their text. ``mention_tokens``: the tokens of any mention (never a speaker's
    label)."""
    words = [t.text for t in doc]
    spaces = [bool(t.whitespace_) for t in doc]
    starts = _sentence_starts(doc)
    labels, openers = _speaker_labels(doc, starts, drug_tokens | mention_tokens)
    for i in labels:
        words[i] = "-"  # a bullet: the line is a sentence of its own (text.segmentation)
    for i in openers:
        if i > 0 and words[i - 1] != ":" and words[i - 1].endswith(":"):
            words[i - 1] = ":"  # the colon a bracketed handle's ")" was kept with: "Reply (anon_441):"
    for i in _heading_breaks(doc):
        words[i], spaces[i] = ".", True  # a heading line ends where its line does (derive sets these)
    starts |= openers
    shouted = _shouted_tokens(doc, starts, only)
    tags: set[int] | None = None  # the closing hashtags' tokens, found at the first "#"
    tokens = doc if only is None else (doc[i] for a, b in only for i in range(a, b))
    for tok in tokens:
        i = tok.i
        if i in labels:
            continue
        if i in drug_tokens:
            stand_in = rules.stand_in
            words[i] = stand_in.capitalize() if (i in starts or tok.text[:1].isupper()) else stand_in
            continue
        if tags is None and tok.text == "#":
            tags = _closing_hashtags(doc, drug_tokens | mention_tokens)
        if tags and i in tags:
            words[i] = "."  # "X is literally an opioid #pharmacy #facts": the tags are no words of the clause
            continue
        if i in shouted:
            words[i] = tok.text.lower()
        lower = tok.lower_
        if tok.is_quote:  # «», „“ and the like: the parser knows the plain double quote
            words[i] = '"'
        elif tok.text in rules.copula_symbols and _after_drug(doc, i, drug_tokens) and \
                (nxt := next_word(doc, i)) is not None and nxt.i not in starts:
            words[i] = "is"  # "baclofen = opiate"
        elif (chat := lower in rules.chat_tags or _drawn_out_tag(lower, rules.chat_tags)) or is_symbol(tok.text) \
                or tok.like_url:
            nxt = next_word(doc, i)
            inside = nxt is not None and nxt.i not in starts
            # mid-sentence, an emoji is read as an ellipsis (a comma would split subject from verb)
            words[i] = ("," if chat else "...") if inside else "."
        elif lower in ("'s", "’s") and i > 0 and (i - 1) in drug_tokens and \
                (nxt := next_word(doc, i)) is not None and nxt.lower_ in rules.copula_after_drug:
            words[i] = "is"
        elif lower == "s" and i > 0 and not doc[i - 1].whitespace_ and doc[i - 1].lower_ in rules.copula_s_after:
            words[i] = "is"  # "its an opioid" split (split_contractions), "thats an opioid"
        elif lower in rules.demonstratives and i > 0 and doc[i - 1].lower_ == "of" and \
                (nxt := next_word(doc, i)) is not None and nxt.i in mention_tokens and nxt.i not in drug_tokens:
            words[i] = rules.demonstratives[lower]  # "one of them opiates": "those"
        elif lower in rules.mention_numerals and i in mention_tokens and (i - 1) in mention_tokens:
            words[i] = rules.mention_numerals[lower]  # "is schedule I": the numeral, not the pronoun
        elif lower == "i":
            words[i] = "I"
        elif lower in rules.respell:
            words[i] = rules.respell[lower]
        if i in starts and words[i][:1].islower():
            words[i] = words[i][:1].upper() + words[i][1:]
    last = next((t for t in reversed(doc) if not t.is_space), None)
    appended = last is not None and not last.is_punct and words[last.i] not in SENTENCE_END
    if appended:
        words.append(".")
        spaces.append(False)
    return ParseText(words, spaces, appended)


def split_contractions(doc: Doc, rules: NormalizeRules) -> Doc:
    """Split the contractions of ``rules.contractions`` ("its an opioid" -> "it" "s" "an"
    "opioid") in a Doc no stage has read yet; the text and every offset stay the author's (the
    pieces spell the word). Returns ``doc``."""
    if not rules.contractions or doc.has_annotation("DEP"):
        return doc
    # (only a token that is one of the words is split: a Doc without one is left at once, from
    # the array of its lower-case forms, without making a Token of each word)
    if not len(doc) or set(doc.to_array(LOWER).tolist()).isdisjoint(_string_ids(tuple(rules.contractions))):
        return doc
    found = []
    for tok in doc:
        rule = rules.contractions.get(tok.lower_)
        if rule is None or tok.i + 1 >= len(doc) or not tok.whitespace_:
            continue
        if doc[tok.i + 1].lower_ in rule.before:
            found.append((tok, rule))
    if found:
        with doc.retokenize() as retokenizer:
            for tok, rule in found:
                pieces, at = [], 0
                for piece in rule.pieces:  # the author's letters (and capitals), piece by piece
                    pieces.append(tok.text[at:at + len(piece)])
                    at += len(piece)
                retokenizer.split(tok, pieces, heads=[(tok, len(pieces) - 1)] + [tok.head] * (len(pieces) - 1))
    return doc


@lru_cache(maxsize=16)
def _string_ids(words: tuple[str, ...]) -> frozenset[int]:
    """The string ids (hashes) of ``words``, as ``Doc.to_array(LOWER)`` gives lower-case forms."""
    return frozenset(get_string_id(w) for w in words)


def is_symbol(text: str) -> bool:
    """Emoji and other pictographs (Unicode category So/Sk, with joiners and variation selectors)."""
    # (no ASCII character is of category So: plain text is answered without reading a character)
    return bool(text) and not text.isascii() and all(unicodedata.category(ch) in ("So", "Sk", "Mn", "Cf") for ch in text) \
        and any(unicodedata.category(ch) == "So" for ch in text)


def _sentence_starts(doc: Doc) -> set[int]:
    """Tokens that begin a sentence by surface cues: the first word, a word after sentence-end
    punctuation (and closing quotes), or after a line break."""
    starts: set[int] = set()
    expect = True
    for tok in doc:
        if tok.is_space:
            if "\n" in tok.text:
                expect = True
            continue
        if expect and (not tok.is_punct or (tok.text in ("[", "<") and tok.i + 1 < len(doc)
                                            and doc[tok.i + 1].is_alpha)):
            starts.add(tok.i)  # (a chat handle in brackets opens its line: "[bee]: no")
            expect = False
        elif tok.is_punct and (tok.text in SENTENCE_END or tok.text[-1:] in "!?"):
            expect = True
        elif not (tok.is_quote or tok.text in (")", "]")):
            expect = False
        if "\n" in tok.whitespace_:
            expect = True
    return starts


def _speaker_labels(doc: Doc, starts: set[int],
                    protected: set[int] | frozenset[int]) -> tuple[set[int], set[int]]:
    """The words of speakers' labels, and the words that follow their colons: one or two words
    opening a line, then a colon and more text on that line ("Me: is X a C?", "Pharmacist: No,
    it's ..."), none of them a mention."""
    out: set[int] = set()
    openers: set[int] = set()
    if not may_hold_label(doc):
        return out, openers  # (no token a label needs: none opens any sentence)
    n = len(doc)
    for s in starts:
        if s > 0 and "\n" not in doc[s - 1].text and "\n" not in doc[s - 1].whitespace_:
            # inside a line: another speaker's turn after a sentence ('"X is C." Me: it is not')
            size = turn_label([t for t in doc[s:s + 8] if not t.is_space])
        else:
            size = speaker_label(list(doc[s:s + 8]))  # (after a time stamp: "[18:03] Mum: ...")
        colon = s + size if size else n
        if colon + 1 < n and "\n" not in doc[colon].whitespace_ and not doc[colon + 1].is_space \
                and not any(k in protected for k in range(s, colon)):
            out.update(range(s, colon))
            openers.add(colon + 1)
    return out, openers


def _shouted_tokens(doc: Doc, starts: set[int], only: list[tuple[int, int]] | None = None) -> set[int]:
    """Tokens of sentences written in capitals (at least three words, every word upper-case);
    with ``only``, of the sentences that overlap those token ranges."""
    out: set[int] = set()
    bounds = sorted(starts) + [len(doc)]
    covered = None
    if only is not None:
        covered = bytearray(len(doc))
        for x, y in only:
            covered[x:y] = b"\x01" * (y - x)
    for a, b in zip(bounds, bounds[1:]):
        if covered is not None and not any(covered[a:b]):
            continue
        alpha = [t for t in doc[a:b] if t.is_alpha]
        if len(alpha) >= 3 and all(t.is_upper for t in alpha):
            out.update(t.i for t in alpha)
    return out


def _after_drug(doc: Doc, i: int, drug_tokens: set[int]) -> bool:
    """Whether the word before token ``i`` is a drug's, past spaces and markdown emphasis
    ("**Fentanyl** = ...")."""
    j = i - 1
    while j >= 0 and (doc[j].is_space or not doc[j].text.strip("*_")):
        j -= 1
    return j >= 0 and j in drug_tokens


def _closing_hashtags(doc: Doc, mentions: set[int]) -> set[int]:
    """The tokens of the hashtags that close a line ("... an opioid #pharmacy #facts"): each "#"
    glued to the word after it, with nothing but other such tags, punctuation and spaces after
    them on the line. A tag that names a drug or class is a word of the clause ("#Baclofen is
    an #opioid")."""
    found: set[int] = set()
    line_ends = [t.i for t in doc if "\n" in t.text or "\n" in t.whitespace_] + [len(doc) - 1]
    start = 0
    for end in line_ends:
        j = end
        while j >= start:
            tok = doc[j]
            if tok.is_punct or tok.is_space:
                j -= 1
            elif tok.is_alpha and j not in mentions and j - 1 >= start and doc[j - 1].text == "#" and \
                    not doc[j - 1].whitespace_:
                found.update((j - 1, j))
                j -= 2
            else:
                break
        start = end + 1
    return found


def _drawn_out_tag(word: str, tags: frozenset[str]) -> bool:
    """A chat tag with its last letter drawn out ("lmaooo", "lolll"), read with its repeated
    letters single (only a word ending in a doubled letter is rewritten to look it up)."""
    return len(word) > 2 and word[-1] == word[-2] and re.sub(r"(.)\1+", r"\1", word) in tags
