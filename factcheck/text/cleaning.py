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
- **HTML markup** left in plain text (scraped posts: "Baclofen is an <b>opioid</b>", an escaped
  "&lt;br&gt;") is blanked: each tag of a known HTML element, written or escaped, becomes spaces
  of its own length (a tag that breaks a line, such as ``<br>`` or ``</p>``, a line break and
  spaces), so no offset moves; other uses of "<" and ">" ("dose < 10 mg") are left alone; so
  are character references between words ("&amp;", "&nbsp;"), read as their character and spaces;
- **the two forms of Greek sigma**: a small sigma is written in the form its place in the
  word calls for, final sigma (ς) at the end of a word and σ elsewhere (:func:`sigma_forms`),
  so that "σοφόσ" (typed without the final form) reads as "σοφός" and a name matches in
  either spelling (the claim set's aliases are read the same way);
- **separators inside a word** ("b.a.c.l.o.f.e.n", "o p i o i d", "bac-lofen", "bac·lofen", and
  a word hyphenated at a line end, "Baclo-\\nfen") are
  removed, but only where the letters joined make one of ``words`` (the words of the drug and
  class aliases, given by the caller), so that ordinary hyphenated or spaced text is untouched.

It returns the map from each cleaned character back to the original, so findings still point
into the author's text: ``index[i]`` is the offset of cleaned character ``i`` (a character
folded to several, such as a ligature, maps each of them to the same original character).
The map is an :class:`OffsetMap` of segments, so its memory grows with the changes made, not
with the length of the text; the scan visits only the characters that may change and copies
the text between them in slices. Everything is a left-to-right scan or a regular expression
anchored at a word start: linear in the length of the text.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

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


#: The trademark and service-mark signs, which NFKC spells as letters.
_MARK_SIGNS = frozenset("\u2122\u2120")


@lru_cache(maxsize=4096)
def _compatible(ch: str) -> str | None:
    """The plain Latin letters a non-ASCII letter (or circled letter) stands for, if any. The
    trademark and service-mark signs stand for none: folded to "TM" / "SM" they would join the
    name they mark ("Ritalin™" is the name Ritalin and a mark, as "Ritalin®" is)."""
    if not (unicodedata.category(ch)[0] == "L" or unicodedata.category(ch) == "So") or ch in _MARK_SIGNS:
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
# Tags of known HTML elements, written or escaped; the attributes of a tag are bounded in length.
_INLINE_TAGS = ("a|abbr|b|big|cite|code|em|font|i|mark|q|s|small|span|strike|strong|sub|sup|"
                "time|tt|u")
_BLOCK_TAGS = ("address|article|aside|blockquote|br|dd|div|dl|dt|footer|h[1-6]|header|hr|li|"
               "main|nav|ol|p|pre|section|table|tbody|td|tfoot|th|thead|tr|ul")
_TAG = re.compile(r"(?:<|&lt;)/?(?:(?P<block>%s)|%s)(?:\s[^<>&]{0,200})?\s*/?(?:>|&gt;)"
                  % (_BLOCK_TAGS, _INLINE_TAGS), re.IGNORECASE)
# Character references between words ("muscle relaxant &amp; antispastic", "Baclofen&nbsp;is"),
# read as their character followed by spaces (same length); inside a word ("don&#39;t") they
# are left alone, since the padding would cut the word.
_ENTITIES = {"&amp;": "&", "&nbsp;": " ", "&quot;": '"', "&#39;": "'", "&apos;": "'", "&#34;": '"',
             "&#160;": " ", "&ndash;": "-", "&mdash;": "-"}
_ENTITY = re.compile(r"(?<![A-Za-z])(?:%s)|(?:&nbsp;|&#160;)" % "|".join(re.escape(e) for e in _ENTITIES),
                     re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f]")  # ASCII controls that are not whitespace


class OffsetMap:
    """Offsets in a cleaned text -> offsets in the original, as a read-only sequence of ints
    (``index[i]``, ``len(index)``, iteration, slices, ``==`` with a list).

    Stored as segments, not one entry per character: segment ``k`` begins at cleaned offset
    ``starts[k]``, which maps to ``origins[k]``, and the offsets after it map one for one until
    the next segment. A text with a few characters removed or folded costs a few segments
    whatever its length (a list of ints cost 36 bytes a character: 180 MB for 5 MB of text).
    """

    __slots__ = ("starts", "origins", "length")

    def __init__(self, starts: list[int], origins: list[int], length: int) -> None:
        self.starts, self.origins, self.length = starts, origins, length

    def __len__(self) -> int:
        return self.length

    def _at(self, i: int) -> int:
        k = bisect_right(self.starts, i) - 1
        return self.origins[k] + (i - self.starts[k])

    def __getitem__(self, i: int | slice) -> Any:
        if isinstance(i, slice):
            return [self._at(j) for j in range(*i.indices(self.length))]
        if i < 0:
            i += self.length
        if not 0 <= i < self.length:
            raise IndexError("offset map index out of range")
        return self._at(i)

    def __iter__(self) -> Iterator[int]:
        for k, start in enumerate(self.starts):
            end = self.starts[k + 1] if k + 1 < len(self.starts) else self.length
            origin = self.origins[k]
            yield from range(origin, origin + end - start)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, OffsetMap):
            other = list(other)
        return isinstance(other, list) and list(self) == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"OffsetMap({len(self.starts)} segments, {self.length} offsets)"

    def segments(self) -> Iterator[tuple[int, int, int]]:
        """``(start, end, origin)`` of each segment: cleaned ``start..end`` -> ``origin..``."""
        for k, start in enumerate(self.starts):
            end = self.starts[k + 1] if k + 1 < len(self.starts) else self.length
            yield start, end, self.origins[k]


class _MapBuilder:
    """Builds an :class:`OffsetMap` left to right: ``at(i, o)`` says cleaned offset ``i`` maps
    to original offset ``o`` (and, until the next call, ``i + d`` to ``o + d``)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.origins: list[int] = []

    def at(self, i: int, origin: int) -> None:
        if self.starts:
            if self.origins[-1] + (i - self.starts[-1]) == origin:
                return  # the current segment goes on
            if self.starts[-1] == i:  # (an empty segment: replaced)
                self.origins[-1] = origin
                return
        self.starts.append(i)
        self.origins.append(origin)

    def build(self, length: int) -> OffsetMap:
        if not self.starts:
            self.at(0, 0)
        return OffsetMap(self.starts, self.origins, length)


# Characters the scan of clean() looks at: anything but printable ASCII and ASCII whitespace.
_SPECIAL = re.compile(r"[^\t\n\x0b\x0c\r\x1c-\x7e]")


def clean(text: str, words: frozenset[str] | set[str] = frozenset()) -> tuple[str, OffsetMap | None]:
    """The cleaned text and, if anything changed, ``index[i]`` = offset in ``text`` of cleaned
    character ``i`` (with one extra entry, ``len(text)``, for the end; an :class:`OffsetMap`,
    whose memory grows with the changes, not with the text). ``words`` (lower case) are the
    words a separated spelling may be joined into."""
    blanked = _blank_markup(text)
    cleaned, index = _clean(blanked, words)
    if index is None and blanked is not text:  # markup blanked in place: the identity, but changed
        index = OffsetMap([0], [0], len(cleaned) + 1)
    return cleaned, index


def _blank_markup(text: str) -> str:
    """HTML tags and character references blanked in place (same length: no offset moves)."""
    if ("<" in text or "&lt;" in text) and _TAG.search(text):
        text = _TAG.sub(_blank_tag, text)
    if "&" in text and _ENTITY.search(text):
        text = _ENTITY.sub(_blank_entity, text)
    return text


_HASHTAG = re.compile(r"(?<![\w#&/])#(?=[^\W\d_])")
"""The "#" of a hashtag: at a word's start, before a letter (not a heading's "# ", "#1", "&#")."""


def _clean(text: str, words: frozenset[str] | set[str]) -> tuple[str, OffsetMap | None]:
    if text.isascii() and not _CONTROL.search(text):
        return _joined_and_cut(text, None, False, text, words)  # (most text: no character to fold)
    # Only the characters that may change are visited; the text between them is copied in
    # slices, so memory grows with the changes (a list per character took 49 MB per MB of text).
    pieces: list[str] = []
    index = _MapBuilder()
    index.at(0, 0)
    size = 0  # length of the cleaned text so far (pieces + text[copied:i])
    copied = 0  # text[copied:i] is to be copied as it is
    last = ""  # the last character of the cleaned text so far
    changed = False
    lookalikes = confusables()
    has_lookalike = has_sigma = False
    n = len(text)

    def drop(i: int) -> None:
        nonlocal copied, size, changed
        pieces.append(text[copied:i])
        size += i - copied
        copied = i + 1
        index.at(size, i + 1)
        changed = True

    for m in _SPECIAL.finditer(text):
        i = m.start()
        ch = text[i]
        if i > copied:
            last = text[i - 1]  # copied as it is
        if ch.isascii():  # a control character that is not whitespace
            drop(i)
            continue
        cat = unicodedata.category(ch)
        if cat == "Cf":
            if ch == _FORMAT_JOINER and not (last and last.isalpha()) \
                    and not (i + 1 < n and text[i + 1].isalpha()):
                last = ch  # the joiner inside an emoji sequence stays
                continue
            drop(i)
            continue
        if cat == "Cc" and not ch.isspace():
            drop(i)
            continue
        if cat == "Mn" and last and last.isascii() and last.isalpha():
            drop(i)  # a decomposed accent on a Latin letter
            continue
        if "\uff01" <= ch <= "\uff5e":  # full-width ASCII
            folded: str | None = chr(ord(ch) - 0xFEE0)
        else:
            folded = _compatible(ch)
        if folded is not None:
            pieces.append(text[copied:i])
            size += i - copied
            pieces.append(folded)
            for k in range(len(folded)):  # each character of the folded form -> ch
                index.at(size + k, i)
            size += len(folded)
            copied = i + 1
            index.at(size, i + 1)
            last = folded[-1]
            changed = True
            continue
        if ch in lookalikes:
            has_lookalike = True
        elif ch in _SIGMAS:
            has_sigma = True
        last = ch
    if not changed and not has_lookalike and not has_sigma:
        return _joined_and_cut(text, None, False, text, words)
    pieces.append(text[copied:])
    size += n - copied
    cleaned = "".join(pieces)
    if has_lookalike:
        mapped = _read_lookalikes(cleaned, lookalikes, words)
        if mapped != cleaned:
            cleaned, changed = mapped, True
    if has_sigma:
        formed = sigma_forms(cleaned)
        if formed != cleaned:
            cleaned, changed = formed, True
    return _joined_and_cut(cleaned, index.build(size) if changed else None, changed, text, words)


def _blank_entity(m: re.Match[str]) -> str:
    """A character reference as its character, padded with spaces to its own length."""
    entity = m.group()
    return _ENTITIES[entity.lower()].ljust(len(entity))


def _blank_tag(m: re.Match[str]) -> str:
    n = len(m.group())
    return "\n" + " " * (n - 1) if m.group("block") else " " * n


def _joined_and_cut(cleaned: str, index: OffsetMap | None, changed: bool, text: str,
                    words: frozenset[str] | set[str]) -> tuple[str, OffsetMap | None]:
    """The last steps of :func:`clean`: separators inside words joined, the marks of hashtags
    dropped ("#baclofen is a muscle relaxant not an #opioid": the parser reads a "#" as a symbol
    of its own, and the sentence wrongly), long runs cut. ``index`` None stands for the identity
    (``cleaned`` is ``text``)."""
    drop = _separators_to_drop(cleaned, words) if words else []
    if "#" in cleaned:
        drop = sorted(set(drop) | {m.start() for m in _HASHTAG.finditer(cleaned)})
    if drop:
        cleaned, index = _cut(cleaned, index, [(k, k + 1) for k in drop])
        changed = True
    cuts = _long_runs(cleaned)
    if cuts:
        cleaned, index = _cut(cleaned, index, cuts)
        changed = True
    if not changed or index is None:
        return text, None
    # the extra entry for the end of the text
    builder = _MapBuilder()
    for start, _, origin in index.segments():
        builder.at(start, origin)
    builder.at(len(cleaned), len(text))
    return cleaned, builder.build(len(cleaned) + 1)


_SIGMAS = "\u03c3\u03c2"  # σ, ς
# A small sigma at the end of a word (after a letter, before anything but a letter), and one
# before a letter. A sigma standing alone (a symbol: "σ = 2") matches neither.
_SIGMA_AT_END = re.compile(r"(?<=[^\W\d_])\u03c3(?![^\W\d_])")
_SIGMA_INSIDE = re.compile(r"\u03c2(?=[^\W\d_])")


def sigma_forms(text: str) -> str:
    """``text`` with each small Greek sigma in the form its place calls for: final sigma (ς)
    at the end of a word, σ before a letter; one character for one, so offsets are unchanged.
    (Keyboards without the final form, and text lowered letter by letter, write "σοφόσ" for
    "σοφός"; an exact matcher would miss one of the two.) Capital sigma is left alone:
    ``str.lower`` gives it the right form within a word."""
    if "\u03c3" not in text and "\u03c2" not in text:
        return text
    return _SIGMA_INSIDE.sub("\u03c3", _SIGMA_AT_END.sub("\u03c2", text))


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


# a word hyphenated at the end of a line: "Baclo-\nfen"
_LINE_END_HYPHEN = re.compile(r"(?<![A-Za-z])([A-Za-z]+)-[ \t]*\r?\n[ \t]*([A-Za-z]+)(?![A-Za-z])")


def _separators_to_drop(text: str, words: frozenset[str] | set[str]) -> list[int]:
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
    if "-" in text and "\n" in text:
        for m in _LINE_END_HYPHEN.finditer(text):
            if (m.group(1) + m.group(2)).lower() in words and m.group(1).lower() not in words:
                drop.update(range(m.end(1), m.start(2)))
    return sorted(drop)


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


def _cut(text: str, index: OffsetMap | None, cuts: list[tuple[int, int]]) -> tuple[str, OffsetMap]:
    """``text`` without the stretches ``cuts`` (in order, not overlapping), and the map from
    the result to the original (``index`` None: ``text`` is the original)."""
    pieces: list[str] = []
    builder = _MapBuilder()
    old = index if index is not None else OffsetMap([0], [0], len(text))
    seg_starts = old.starts
    pos = 0  # in text
    size = 0  # in the result
    for start, end in [*cuts, (len(text), len(text))]:
        if start > pos:
            pieces.append(text[pos:start])
            # text[pos:start] -> the original through the segments of ``old`` it crosses
            k = bisect_right(seg_starts, pos) - 1
            while k < len(seg_starts):
                seg_start = max(seg_starts[k], pos)
                if seg_start >= start:
                    break
                builder.at(size + seg_start - pos, old.origins[k] + (seg_start - seg_starts[k]))
                k += 1
            size += start - pos
        pos = max(pos, end)
    return "".join(pieces), builder.build(size)
