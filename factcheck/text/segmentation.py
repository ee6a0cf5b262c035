"""Sentence boundaries the parser cannot see: a blank line ends a sentence, a bullet opens one,
a line quoted with ">" is one, and so is a heading on a line of its own.

Headings, list items and posts separated by blank lines carry no final punctuation; without a
boundary the parser joins them to the next paragraph ("Why Baclofen Is Not an Opioid\\n\\nThe
difference ..."). Runs before the parser, which respects preset sentence starts.
"""

from __future__ import annotations

from typing import cast

from spacy.attrs import SENT_START
from spacy.tokens import Doc
from thinc.types import Ints2d

BULLETS = frozenset({"-", "*", "•", "–", "—", "·", "‣", "◦", "+"})
"""Marks that open a list item."""
QUOTE_MARKS = frozenset({">", ">>"})
"""Marks that open a line quoted from an e-mail or a forum post."""


def paragraph_starts(doc: Doc) -> list[int]:
    """Indices of tokens that begin a paragraph (follow whitespace with two or more newlines),
    a list item (a line opened by a bullet mark), or that begin or follow a line quoted with
    ">" (e-mail and forum replies: the quoted line is a sentence of its own)."""
    starts = []
    quoted = False  # the current line is quoted
    line_start = True
    line_first = 0  # the current line's first token
    for tok in doc[:-1]:
        if line_start and not tok.is_space:
            quoted = tok.text in QUOTE_MARKS
            if (quoted or tok.text in BULLETS) and tok.i > 0:
                starts.append(tok.i)  # a quoted line, a list item
            line_start = False
            line_first = tok.i
        if tok.is_space and "\n" in tok.text:
            if tok.text.count("\n") >= 2 or quoted or _heading_line(doc, line_first, tok.i, tok.i + 1):
                starts.append(tok.i + 1)
            line_start = True
        elif "\n" in tok.whitespace_:
            if quoted or _heading_line(doc, line_first, tok.i + 1, tok.i + 1):
                starts.append(tok.i + 1)
                if line_first > 0:
                    starts.append(line_first)
            line_start = True
    return sorted(set(starts))


def _heading_line(doc: Doc, first: int, end: int, following: int) -> bool:
    """A heading on a line of its own: two to six words, the first capitalized, no final
    punctuation, and the next line opens with a capital and runs on for three words or more
    ("Possible side effects\nMost people ..."): the next line starts a sentence."""
    words = [t for t in doc[first:end] if not t.is_space]
    if not 2 <= len(words) <= 6 or words[-1].is_punct or not words[0].text[:1].isupper():
        return False  # (one word a line is a way of writing a post: "Baclofen\nIs\nAn\nOpioid")
    if following >= len(doc) or not doc[following].text[:1].isupper():
        return False
    count = 0  # the next line is prose: three words or more
    for tok in doc[following:following + 3]:
        if tok.is_space or "\n" in tok.whitespace_[:-1]:
            break
        count += 1
        if "\n" in tok.whitespace_:
            break
    return count >= 3


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
