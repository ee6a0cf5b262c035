"""Characters that hide words from the tokenizer and the lexicon, removed before checking.

Invisible format characters (zero-width space, byte-order mark, bidirectional marks and
overrides) glue onto or split the words they touch; a combining accent written separately
(decomposed, "opio\\u0301id") or full-width letters ("Ｂａｃｌｏｆｅｎ") keep a name from
matching its alias. :func:`clean` removes or folds them and returns the map from each cleaned
character back to the original, so findings still point into the author's text.
"""

from __future__ import annotations

import re
import unicodedata


def clean(text: str) -> tuple[str, list[int] | None]:
    """The cleaned text and, if anything changed, ``index[i]`` = offset in ``text`` of cleaned
    character ``i`` (with one extra entry, ``len(text)``, for the end)."""
    if text.isascii() or not _may_change(text):
        return text, None
    out: list[str] = []
    index: list[int] = []
    changed = False
    for i, ch in enumerate(text):
        cat = unicodedata.category(ch)
        if cat == "Cf" and ch not in "\u200d":  # keep the joiner inside emoji sequences
            changed = True
            continue
        if cat == "Mn" and out and out[-1].isascii() and out[-1].isalpha():
            changed = True  # a decomposed accent on a Latin letter
            continue
        if "\uff01" <= ch <= "\uff5e":  # full-width ASCII
            ch = chr(ord(ch) - 0xFEE0)
            changed = True
        out.append(ch)
        index.append(i)
    if not changed:
        return text, None
    index.append(len(text))
    return "".join(out), index


def _may_change(text: str) -> bool:
    """Whether :func:`clean` could change ``text``, judged from its distinct characters (a long
    text is then not copied character by character for nothing): a format character (other
    than the joiner), a full-width one, or a combining mark right after a Latin letter."""
    marks = []
    for ch in set(text):
        cat = unicodedata.category(ch)
        if (cat == "Cf" and ch != "\u200d") or "\uff01" <= ch <= "\uff5e":
            return True
        if cat == "Mn":
            marks.append(ch)
    return bool(marks) and re.search("[A-Za-z][" + "".join(map(re.escape, marks)) + "]", text) is not None
