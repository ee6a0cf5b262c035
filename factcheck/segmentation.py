"""Sentence boundaries the parser cannot see: a blank line ends a sentence.

Headings, list items and posts separated by blank lines carry no final punctuation; without a
boundary the parser joins them to the next paragraph ("Why Baclofen Is Not an Opioid\\n\\nThe
difference ..."). Runs before the parser, which respects preset sentence starts.
"""

from __future__ import annotations

from spacy.attrs import SENT_START
from spacy.tokens import Doc


def paragraph_starts(doc: Doc) -> list[int]:
    """Indices of tokens that begin a paragraph (follow whitespace with two or more newlines)."""
    starts = []
    for tok in doc[:-1]:
        if tok.is_space and tok.text.count("\n") >= 2:
            starts.append(tok.i + 1)
    return starts


def set_annotations(doc: Doc, starts: list[int]) -> None:
    """Mark the starts all at once (setting ``is_sent_start`` token by token rescans the Doc
    each time, quadratic on long texts)."""
    if not starts:
        return
    arr = doc.to_array([SENT_START])
    for i in starts:
        arr[i] = 1
    doc.from_array([SENT_START], arr)
