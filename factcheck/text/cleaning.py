"""Characters that hide words from the tokenizer and the lexicon, removed or folded before
checking, as moderation filters do.

Moderation text is adversarial: a word can be hidden from the lexicon while it still reads the
same. :func:`clean` undoes, one after the other:

- **invisible characters**: format characters (zero-width space, word joiner, byte-order mark,
  bidirectional marks and overrides; the zero-width joiner too, except between two
  non-letters, where it joins an emoji sequence) and control characters that are not
  whitespace (NUL, BEL, ...) are removed;
- **decomposed accents** on a Latin letter ("opio\\u0301id") are removed;
- **compatibility forms**: full-width ASCII ("Ｂａｃｌｏｆｅｎ") and letters whose compatibility
  form (NFKC) is plain Latin (mathematical bold or script letters "𝐨𝐩𝐢𝐨𝐢𝐝", circled letters,
  ligatures) are folded to it;
- **look-alike letters**: in a word that has Latin letters, a Cyrillic or Greek letter that
  looks like a Latin one ("\\u043epioid" with a Cyrillic o) is read as that Latin letter
  (``models/confusables.yaml``), and so is a word made only of look-alikes that reads as one of
  ``words`` ("\u043e\u0440\u0456\u043e\u0456\u0501"); other words written in another script are left alone;
- **separators inside a word** ("b.a.c.l.o.f.e.n", "o p i o i d", "bac-lofen", "bac·lofen") are
  removed, but only where the letters joined make one of ``words`` (the words of the drug and
  class aliases, given by the caller), so that ordinary hyphenated or spaced text is untouched.

It returns the map from each cleaned character back to the original, so findings still point
into the author's text: ``index[i]`` is the offset of cleaned character ``i`` (a character
folded to several, such as a ligature, maps each of them to the same original character).
Everything is a left-to-right scan or a regular expression anchored at a word start: linear
in the length of the text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import yaml

from factcheck.resources import models_dir

_FORMAT_JOINER = "\u200d"

# Lone surrogates are not Unicode text (they come from ``surrogateescape`` decoding or JSON
# "\ud800" escapes); spaCy cannot encode them and raises.
_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """``text`` with each lone surrogate read as U+FFFD: one character for one, so offsets are
    unchanged (and the text can be encoded, to UTF-8 or JSON)."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


@lru_cache(maxsize=1)
def confusables() -> dict[str, str]:
    """``models/confusables.yaml``: look-alike Cyrillic and Greek letters -> the Latin letter."""
    with open(models_dir() / "confusables.yaml", encoding="utf-8") as f:
        data = yaml.safe_load(f)
    table: dict[str, str] = {}
    for script in data["letters"].values():
        for latin, lookalikes in script.items():
            for ch in lookalikes:
                table[ch] = latin
    return table


@lru_cache(maxsize=4096)
def _compatible(ch: str) -> str | None:
    """The plain Latin letters a non-ASCII letter (or circled letter) stands for, if any."""
    if not (unicodedata.category(ch)[0] == "L" or unicodedata.category(ch) == "So"):
        return None
    folded = unicodedata.normalize("NFKC", ch)
    if folded != ch and folded.isascii() and folded.isalpha() and len(folded) <= 3:
        return folded
    return None


# A word: letters (of any script) and the marks on them.
_WORD = re.compile(r"[^\W\d_]+")
# Letters spelled out one by one with the same separator between each ("b.a.c.l.o.f.e.n",
# "o p i o i d"), and words cut by one or more in-word separators ("bac-lofen", "bac·lofen").
# Both start only at a word start, so a failed attempt costs the length of one word.
_SEPARATORS = "-.\u00b7\u2022\u2027\u2219\u22c5*_~"
_SPELLED = re.compile(r"(?<![A-Za-z])[A-Za-z](?P<sep>[%s ])[A-Za-z](?:(?P=sep)[A-Za-z]){2,}(?![A-Za-z])"
                      % re.escape(_SEPARATORS))
_CUT_WORD = re.compile(r"(?<![A-Za-z])[A-Za-z]+(?:[%s][A-Za-z]+)+(?![A-Za-z])" % re.escape(_SEPARATORS))
_IN_WORD_SEPARATOR = re.compile(r"[A-Za-z][%s][A-Za-z]" % re.escape(_SEPARATORS))
_NOT_LETTERS = re.compile(r"[^A-Za-z]+")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f]")  # ASCII controls that are not whitespace


def clean(text: str, words: frozenset[str] | set[str] = frozenset()) -> tuple[str, list[int] | None]:
    """The cleaned text and, if anything changed, ``index[i]`` = offset in ``text`` of cleaned
    character ``i`` (with one extra entry, ``len(text)``, for the end). ``words`` (lower case)
    are the words a separated spelling may be joined into."""
    if text.isascii() and not _CONTROL.search(text):
        return _joined_and_cut(text, None, False, text, words)  # (most text: no character to fold)
    out: list[str] = []
    index: list[int] = []
    changed = False
    lookalikes = confusables()
    has_lookalike = False
    n = len(text)
    for i, ch in enumerate(text):
        if ch.isascii():
            if ch < " " or ch == "\x7f":
                if not ch.isspace():  # a control character
                    changed = True
                    continue
            out.append(ch)
            index.append(i)
            continue
        cat = unicodedata.category(ch)
        if cat == "Cf":
            if ch == _FORMAT_JOINER and not (out and out[-1].isalpha()) \
                    and not (i + 1 < n and text[i + 1].isalpha()):
                out.append(ch)  # the joiner inside an emoji sequence stays
                index.append(i)
                continue
            changed = True
            continue
        if cat == "Cc" and not ch.isspace():
            changed = True
            continue
        if cat == "Mn" and out and out[-1].isascii() and out[-1].isalpha():
            changed = True  # a decomposed accent on a Latin letter
            continue
        if "\uff01" <= ch <= "\uff5e":  # full-width ASCII
            out.append(chr(ord(ch) - 0xFEE0))
            index.append(i)
            changed = True
            continue
        folded = _compatible(ch)
        if folded is not None:
            out.extend(folded)
            index.extend([i] * len(folded))
            changed = True
            continue
        if ch in lookalikes:
            has_lookalike = True
        out.append(ch)
        index.append(i)
    cleaned = "".join(out)
    if has_lookalike:
        mapped = _read_lookalikes(cleaned, lookalikes, words)
        if mapped != cleaned:
            cleaned, changed = mapped, True
    return _joined_and_cut(cleaned, index, changed, text, words)


def _joined_and_cut(cleaned: str, index: list[int] | None, changed: bool, text: str,
                    words: frozenset[str] | set[str]) -> tuple[str, list[int] | None]:
    """The last steps of :func:`clean`: separators inside words joined, long runs cut.
    ``index`` None stands for the identity (``cleaned`` is ``text``)."""
    drop = _separators_to_drop(cleaned, words) if words else set()
    if drop:
        if index is None:
            index = list(range(len(cleaned)))
        cleaned = "".join(ch for k, ch in enumerate(cleaned) if k not in drop)
        index = [x for k, x in enumerate(index) if k not in drop]
        changed = True
    cuts = _long_runs(cleaned)
    if cuts:
        if index is None:
            index = list(range(len(cleaned)))
        cleaned, index = _cut(cleaned, index, cuts)
        changed = True
    if not changed or index is None:
        return text, None
    index.append(len(text))
    return cleaned, index


def _read_lookalikes(text: str, lookalikes: dict[str, str], words: frozenset[str] | set[str]) -> str:
    """Look-alike letters read as Latin ones (one character for one) in each word that also has
    a Latin letter, or that is made of look-alikes only and reads as one of ``words``."""
    def fix(m: re.Match[str]) -> str:
        word = m.group()
        if not any(c in lookalikes for c in word):
            return word
        latin = "".join(lookalikes.get(c, c) for c in word)
        if any("a" <= c.lower() <= "z" for c in word) or (latin.isascii() and latin.lower() in words):
            return latin
        return word

    return _WORD.sub(fix, text)


def _separators_to_drop(text: str, words: frozenset[str] | set[str]) -> set[int]:
    """Offsets of the separators inside a word spelled out or cut up, where the letters
    joined make one of ``words`` and (for a cut-up word) none of the pieces is one of ``words``
    already ("GABA-B" is a compound, not a cut-up "GABAB")."""
    drop: set[int] = set()
    patterns = (_SPELLED, _CUT_WORD) if _IN_WORD_SEPARATOR.search(text) else (_SPELLED,)
    for pattern in patterns:
        for m in pattern.finditer(text):
            piece = m.group().lower()
            joined = "".join(c for c in piece if c.isalpha())
            if len(joined) < 4 or joined not in words or piece in words:
                continue
            if pattern is _CUT_WORD and any(p in words for p in _NOT_LETTERS.split(piece)):
                continue
            drop.update(m.start() + k for k, c in enumerate(piece) if not c.isalpha())
    return drop


# Long runs that carry no words: a run of punctuation, symbols and spaces ("( ) ( (...", "??..."),
# and the same few characters repeated (" (or (or (or..."). The parser spends time on each of
# their tokens (100,000 characters of them took tens of seconds), and no claim is in them: all
# but their two ends (a run) or their first repetitions (a repeated unit) are removed.
_RUN_MIN, _RUN_KEEP = 200, 50
_REPEAT_MIN, _REPEAT_KEEP = 50, 10
_REPEAT_SCAN = 2_000  # shorter texts cost little to parse whatever they repeat: not scanned
_PUNCTUATION_RUN = re.compile(r"(?<!\W)\W{%d,}" % _RUN_MIN)  # from the start of a run only
_REPEATED = re.compile(r"(.{1,8}?)\1{%d,}" % (_REPEAT_MIN - 1), re.DOTALL)


def _long_runs(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` stretches of ``text`` to remove, in order, not overlapping."""
    if len(text) < min(_RUN_MIN, 2 * _REPEAT_MIN):
        return []
    cuts = [(m.start() + _RUN_KEEP, m.end() - _RUN_KEEP) for m in _PUNCTUATION_RUN.finditer(text)]
    for m in _REPEATED.finditer(text) if len(text) >= _REPEAT_SCAN else ():
        start = m.start() + _REPEAT_KEEP * len(m.group(1))
        cuts.append((start, m.end()))
    if not cuts:
        return []
    cuts.sort()
    merged = [cuts[0]]
    for start, end in cuts[1:]:
        if start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _cut(text: str, index: list[int], cuts: list[tuple[int, int]]) -> tuple[str, list[int]]:
    """``text`` and its ``index`` without the stretches ``cuts``."""
    pieces: list[str] = []
    kept: list[int] = []
    pos = 0
    for start, end in cuts:
        pieces.append(text[pos:start])
        kept.extend(index[pos:start])
        pos = end
    pieces.append(text[pos:])
    kept.extend(index[pos:len(text)])
    return "".join(pieces), kept
