"""Sentence boundaries the parser cannot see: a blank line ends a sentence, a bullet opens one,
and a line quoted with ">" is one, as is a heading line opened by "#" marks (Markdown's "# Title",
a review dump's "# drug: X | rating: 4").

Headings, list items and posts separated by blank lines carry no final punctuation; without a
boundary the parser joins them to the next paragraph ("Why Baclofen Is Not an Opioid\\n\\nThe
difference ..."). Runs before the parser, which respects preset sentence starts.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from typing import cast

from spacy.attrs import ORTH, SENT_START
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token
from thinc.types import Ints2d

BULLETS = frozenset({"-", "*", "•", "–", "—", "·", "‣", "◦", "+"})
"""Marks that open a list item."""
QUOTE_MARKS = frozenset({">", ">>"})
"""Marks that open a line quoted from an e-mail or a forum post."""


def next_word(doc: Doc, i: int) -> Token | None:
    """The first token after token ``i`` that is not whitespace, or None. (By index: an empty
    slice at the end of a Doc, ``doc[len(doc):]``, builds the whole ``doc.text``.)"""
    for j in range(i + 1, len(doc)):
        if not doc[j].is_space:
            return doc[j]
    return None


def speaker_label(tokens: Sequence[Token]) -> int | None:
    """Where the speaker's label that opens ``tokens`` (no whitespace tokens) ends: the index of
    its colon, after one or two words ("A:", "Pharmacist:", "Drug tech:", "HOST 1:", "u/neuroRN:", "Reply (anon_441):"), which a chat log's time
    stamp may precede ("[20:11] Dad:"), or of the period of a transcript's "Q." / "A."; 0 for a colon first (nothing to skip but it); None when
    they open with no label."""
    skip = _stamp(tokens)
    if len(tokens) > skip + 1 and tokens[skip].text in TRANSCRIPT_LABELS and tokens[skip + 1].text == ".":
        return skip + 1  # a transcript's "Q." / "A." (the tokenizer splits the period off)
    for k, tok in enumerate(tokens[skip:skip + 5], start=skip):
        if tok.text == ":" or tok.text in _BRACKET_COLONS:
            words = [t.text for t in tokens[skip:k]] + ([tok.text[0]] if tok.text != ":" else [])
            if len(words) >= 3 and (words[0], words[-1]) in _HANDLE_BRACKETS:
                words = words[1:-1]  # a chat handle in brackets: "[bee]:", "<alex>:"
            elif len(words) >= 4 and (words[1], words[-1]) in _HANDLE_BRACKETS:
                words = [words[0], *words[2:-1]]  # a role and its handle: "Reply (anon_441):", "OP [kat]:"
            elif len(words) >= 3 and words[0].lower() in ("u", "r") and words[1] == "/":
                words = words[2:]  # a Reddit user's handle: "u/neuroRN:"
            if len(words) == 2 and words[1].isdigit() and len(words[1]) <= 2:
                words = words[:1]  # a numbered speaker: "HOST 1:", "Caller 2:"
            return k if 0 < len(words) <= 2 and all(_label_word(w) for w in words) else (0 if k == 0 else None)
    return None


_HANDLE_BRACKETS = {("[", "]"), ("<", ">"), ("(", ")")}
_BRACKET_COLONS = frozenset({"):", "]:", ">:"})  # a closing bracket the tokenizer keeps with the colon


def may_hold_label(doc: Doc) -> bool:
    """Whether ``doc`` has a token that :func:`speaker_label` needs to find a label (a colon, a
    closing bracket kept with one, a transcript's "Q" / "A"): without one, no run of its tokens
    opens with a label. Read from the array of the tokens' texts, without making a Token."""
    return bool(len(doc)) and not _LABEL_MARK_IDS.isdisjoint(doc.to_array(ORTH).tolist())


def _label_word(text: str) -> bool:
    """A word of a speaker's label: letters ("Pharmacist"), or a chat handle of letters, digits
    and underscores that opens with a letter ("viewer2", "kat_plays")."""
    return text.isalpha() or bool(_HANDLE.fullmatch(text))


_HANDLE = re.compile(r"[^\W\d_][^\W_]*(?:[\d_][^\W_]*)*_?")

TRANSCRIPT_LABELS = ("Q", "A")
"""The labels of a question-and-answer transcript written with a period ("Q. Is X a C?\nA. No.")."""

_LABEL_MARK_IDS = frozenset(get_string_id(t) for t in (":", *_BRACKET_COLONS, *TRANSCRIPT_LABELS))


def _stamp(tokens: Sequence[Token]) -> int:
    """How many tokens a time stamp takes before a speaker's label in a chat log: "[20:11]",
    "(9:41 PM)", "20:11"; 0 for none."""
    if not tokens:
        return 0
    k = 1 if tokens[0].text in ("[", "(") else 0
    if k < len(tokens) and _TIME.fullmatch(tokens[k].text):
        k += 1
        if k < len(tokens) and tokens[k].lower_ in ("am", "pm"):
            k += 1
        if tokens[0].text in ("[", "("):
            return k + 1 if k < len(tokens) and tokens[k].text in ("]", ")") else 0
        return k
    return 0


_TIME = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")


def after_label(tokens: Sequence[Token]) -> list[Token]:
    """``tokens`` (no whitespace tokens) without the speaker's label that opens them ("Q:",
    "A:", "Pharmacist:", "Reply:"); all of them when they open with none."""
    colon = speaker_label(tokens)
    said = list(tokens[colon + 1:] if colon else tokens)
    if colon and said and said[0].is_quote:  # 'Opposition: "False. ..."'
        said = said[1:]
    return said


def turn_label(tokens: Sequence[Token]) -> int | None:
    """A speaker's label that opens a sentence inside a line, where a new speaker's turn
    follows the last one's on the same line ('My landlord: "X is C." Me: that is false.',
    'Viral post: "..." Reply: No.'): as :func:`speaker_label`, with one or two capitalized
    words ("Me", "Reply", "GUEST") before the colon and text after it."""
    colon = speaker_label(tokens)
    if not colon or colon + 1 >= len(tokens) or tokens[colon + 1].is_punct:
        return None
    return colon if all(t.text[:1].isupper() for t in tokens[:colon]) else None


def heading_mark(tok: Token) -> bool:
    """Whether ``tok`` opens a heading line's marks: one to six "#" (the tokenizer may split
    them) followed by a space on the same line (Markdown's "# Title", "## Title"; a hashtag,
    "#baclofen", has no space after its mark)."""
    doc, marks = tok.doc, ""
    for t in doc[tok.i:tok.i + 6]:
        if not t.text or set(t.text) != {"#"}:
            return False
        marks += t.text
        if t.whitespace_:
            return len(marks) <= 6 and t.whitespace_ == " "
    return False


LINE_STARTS_KEY = "factcheck_line_starts"
"""``doc.user_data`` key: character offsets of lines that begin a sentence of their own (set by
``claims derive`` for the line after a heading in a trusted document; the checker sets none)."""


def paragraph_starts(doc: Doc) -> list[int]:
    """Indices of tokens that begin a paragraph (follow whitespace with two or more newlines),
    a list item (a line opened by a bullet mark), or that begin or follow a line quoted with
    ">" (e-mail and forum replies: the quoted line is a sentence of its own), a heading line
    (:func:`heading_mark`: the heading is not read into the text under it), a table's row
    (opened by "|") or a line opened by a label (:func:`speaker_label`: "B: ...", "Opioids: A,
    B")."""
    starts = []
    quoted = False  # the current line is quoted, or a heading (a sentence of its own either way)
    line_start = True
    lines = doc.user_data.get(LINE_STARTS_KEY) or ()
    for tok in doc[:-1]:
        if lines and tok.idx in lines and tok.i > 0:
            starts.append(tok.i)
        if line_start and not tok.is_space:
            # (a row of a table, "| X | C |", is a sentence of its own too)
            quoted = tok.text in QUOTE_MARKS or heading_mark(tok) or tok.text.startswith("|")
            if (quoted or tok.text in BULLETS) and tok.i > 0:
                starts.append(tok.i)  # a quoted line, a heading, a table row, a list item
            elif tok.i > 0 and speaker_label([t for t in doc[tok.i:tok.i + 12] if not t.is_space]):
                starts.append(tok.i)  # a line opened by a label: a chat's turn, "Opioids: A, B"
            line_start = False
        if tok.is_space and "\n" in tok.text:
            if tok.text.count("\n") >= 2 or quoted:
                starts.append(tok.i + 1)
            line_start = True
        elif "\n" in tok.whitespace_:
            if quoted:
                starts.append(tok.i + 1)
            line_start = True
    return sorted(set(starts))


def set_annotations(doc: Doc, starts: list[int]) -> None:
    """Mark the starts all at once (setting ``is_sent_start`` token by token rescans the Doc
    each time, quadratic on long texts)."""
    if not starts:
        return
    arr = doc.to_array([SENT_START])
    for i in starts:
        arr[i] = 1
    # the array is to_array's own (integers; spaCy's type stubs say floats, and from_array takes Ints2d)
    doc.from_array([SENT_START], cast(Ints2d, arr))


def phrase_at(words: Sequence[Token], phrases: Iterable[str], starts: Iterable[int] = (0,),
              refused: Callable[[Sequence[Token], tuple[int, int]], bool] | None = None) -> tuple[int, int] | None:
    """Where one of ``phrases`` (lower case, written as in text: "it's not", "scratch that", "in
    fact") stands in ``words`` (a sentence's words, possibly without its punctuation), beginning
    at one of the word positions ``starts`` (tried in order) and ending at the end of a word: the
    index of its first word and of the word after its last; the longest phrase at a position wins.
    A match ``refused`` turns down (given the words and the match) is passed over.
    The one reader of the lexicons' phrases that open a sentence or a clause: retractions,
    contrast openers, answers (the context stage), an answer's lead-in (the claims stage)."""
    text, offsets, ends = joined_text(tuple(words))
    by_first, anywhere = _by_first_letter(phrases if isinstance(phrases, (tuple, frozenset)) else tuple(phrases))
    for k in starts:
        if k >= len(words):
            break
        at = offsets[k]
        # (only a phrase that opens with the letter at ``at`` can start there: the others are
        # not tried; in the same longest-first order)
        for phrase in by_first.get(text[at:at + 1], anywhere):
            if text.startswith(phrase, at) and at + len(phrase) in ends:
                found = (k, ends[at + len(phrase)])
                if refused is None or not refused(words, found):
                    return found
                break
    return None


def joined_text(words: tuple[Token, ...]) -> tuple[str, list[int], dict[int, int]]:
    """The words' lower-case text as written (a space where the text has one or a word was left
    out between two), each word's offset in it, and the word after each word's end by offset."""
    text = ""
    offsets: list[int] = []
    ends: dict[int, int] = {}
    for j, t in enumerate(words):
        offsets.append(len(text))
        text += t.lower_.replace("\u2019", "'")
        ends[len(text)] = j + 1
        if j + 1 < len(words) and (t.whitespace_ or words[j + 1].i != t.i + 1):
            text += " "
    return text, offsets, ends


@functools.lru_cache(maxsize=64)
def _longest_first(phrases: tuple[str, ...] | frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted(phrases, key=lambda p: (-len(p), p)))


@functools.lru_cache(maxsize=64)
def _by_first_letter(phrases: tuple[str, ...] | frozenset[str]) -> tuple[dict[str, tuple[str, ...]], tuple[str, ...]]:
    """``phrases`` longest first (:func:`_longest_first`), listed under their first letter, each
    list followed by the empty phrase if there is one (which starts anywhere, and sorts last);
    and the phrases for a letter no phrase opens with (the empty one, or none)."""
    ordered = _longest_first(phrases)
    anywhere = tuple(p for p in ordered if not p)
    firsts = dict.fromkeys(p[0] for p in ordered if p)
    return {c: tuple(p for p in ordered if p[:1] == c) + anywhere for c in firsts}, anywhere
