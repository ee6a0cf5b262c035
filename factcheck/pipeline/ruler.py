"""An index for the base pipeline's ``attribute_ruler``.

spaCy's :class:`~spacy.pipeline.AttributeRuler` finds its matches with a token
:class:`~spacy.matcher.Matcher` that tries every pattern at every token (179 patterns in
``en_core_web_sm``, as costly as the parser on short windows). Its patterns are fixed-length
runs of plain token tests (a tag, a lower-case form, a dependency label, a flag), so the same
matches are found by looking up, for each token, only the patterns whose first token can be it
(by its tag, its lower-case form, or both) and testing those; which patterns' first token a
row of attribute values passes is worked out once per distinct row.
:func:`index_attribute_ruler` gives a ruler this lookup as its ``match``, and a
``set_annotations`` that sets the same attributes without making a Span per match: the same
matches in the same order and the same attributes, which ``tests/pipeline/test_ruler.py``
compares with spaCy's. A ruler with any other kind of pattern (an operator, an extension
attribute, ...) is left as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LOWER, NORM, ORTH, POS, TAG
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

# the token attributes a pattern may test, as spaCy's Matcher reads them
_ATTRS = {"ORTH": ORTH, "TEXT": ORTH, "LOWER": LOWER, "NORM": NORM, "TAG": TAG, "POS": POS, "DEP": DEP,
          "IS_SPACE": IS_SPACE}

# one test of a token: (column, kind, value), kind "eq" (a hash or a flag's 0/1), "in" / "not_in"
# (a frozenset of hashes) or "regex" (a compiled pattern, searched in the attribute's string)
_Test = tuple[int, str, Any]

_MAX_ROWS = 50_000
"""Distinct rows of attribute values whose first-token patterns the index keeps (then it starts over)."""

# a pattern: (key as an int, the key's hash, tests of each of its tokens)
_Pattern = tuple[int, int, list[list[_Test]]]

# a pattern in the index: (key, hash, the tests of its first token the index has not made,
# tests of each later token)
_Entry = tuple[int, int, list[_Test], list[list[_Test]]]


def index_attribute_ruler(ruler: AttributeRuler) -> bool:
    """Give ``ruler`` the indexed ``match`` (same matches, same order) and
    :func:`build_set_annotations`'s ``set_annotations``; False (the ruler is unchanged) if a
    pattern holds anything the index does not read."""
    match = build_match(ruler)
    if match is None:
        return False
    setattr(ruler, "match", match)  # noqa: B010 (on this instance only)
    setattr(ruler, "set_annotations", build_set_annotations(ruler))  # noqa: B010
    return True


def build_set_annotations(ruler: AttributeRuler) -> Callable[[Doc, list[tuple[int, int, int, int]]], None]:
    """``ruler.set_annotations`` without a Span per match: each match's attributes are set on
    the token its pattern's index names, in the order of the matches (later rules win), as
    spaCy's does; a match whose index falls outside it goes to spaCy's (which raises)."""
    attrs, indices = ruler.attrs, ruler.indices

    def set_annotations(doc: Doc, matches: list[tuple[int, int, int, int]]) -> None:
        for attr_id, match_id, start, end in matches:
            index = indices[attr_id]
            i = start + index if index >= 0 else end + index
            if not start <= i < end:
                AttributeRuler.set_annotations(ruler, doc, [(attr_id, match_id, start, end)])
                continue
            set_token_attrs(doc[i], attrs[attr_id])

    return set_annotations


def build_match(ruler: AttributeRuler) -> Callable[[Doc], list[tuple[int, int, int, int]]] | None:
    """The indexed equivalent of ``ruler.match`` (None if a pattern cannot be read)."""
    strings = ruler.vocab.strings
    columns: dict[int, int] = {}
    patterns: list[_Pattern] = []
    internals: Any = ruler.matcher  # (spaCy's type stubs lack its internals)
    for i in range(len(ruler.attrs)):
        key = str(i)
        if key not in internals:
            continue
        on_match, alternatives = internals.get(key)
        if on_match is not None:
            return None
        for alternative in alternatives:
            tokens = []
            for spec in alternative:
                tests = _tests(spec, columns, strings)
                if tests is None:
                    return None
                tokens.append(tests)
            if not tokens:
                return None
            patterns.append((int(key), strings[key], tokens))
    if TAG not in columns and LOWER not in columns:
        columns.setdefault(TAG, len(columns))
    attrs: list[int | str] = [a for a in sorted(columns, key=lambda a: columns[a])]
    tag_col = columns.get(TAG)
    lower_col = columns.get(LOWER)
    # each pattern under the values of its first token's tag (or else lower-case form) that
    # it requires, with the tests left: of its first token, and of each later token; a pattern
    # that requires both a tag and a lower-case form, under each pair of them (the matches are
    # a set, sorted at the end: the table a pattern is found through does not change them)
    tables: list[tuple[int, dict[int, list[_Entry]]]] = []
    pairs: dict[tuple[int, int], list[_Entry]] = {}
    always: list[_Entry] = []
    for col in (tag_col, lower_col):
        if col is not None:
            tables.append((col, {}))

    def values(test: _Test) -> list[int]:
        return [test[2]] if test[1] == "eq" else list(test[2])

    for number, key_hash, tokens in patterns:
        first, later = tokens[0], tokens[1:]
        tag_test, lower_test = (next((t for t in first if t[0] == col and t[1] in ("eq", "in")), None)
                                if col is not None else None for col in (tag_col, lower_col))
        if tag_test is not None and lower_test is not None:
            entry = (number, key_hash, [t for t in first if t is not tag_test and t is not lower_test], later)
            for tag in values(tag_test):
                for lower in values(lower_test):
                    pairs.setdefault((tag, lower), []).append(entry)
            continue
        for col, table in tables:
            test = next((t for t in first if t[0] == col and t[1] in ("eq", "in")), None)
            if test is not None:
                entry = (number, key_hash, [t for t in first if t is not test], later)
                for value in values(test):
                    table.setdefault(value, []).append(entry)
                break
        else:
            always.append((number, key_hash, first, later))
    regex_values: dict[int, str] = {}

    def string(value: int) -> str:
        text = regex_values.get(value)
        if text is None:
            text = regex_values[value] = strings[value] if value else ""
        return text

    def passes(row: tuple[int, ...], tests: list[_Test]) -> bool:
        for col, kind, value in tests:
            v = row[col]
            if kind == "eq":
                if v != value:
                    return False
            elif kind == "in":
                if v not in value:
                    return False
            elif kind == "not_in":
                if v in value:
                    return False
            elif not value.search(string(v)):
                return False
        return True

    # the patterns whose first token a row of values passes (key, key hash, later tokens' tests),
    # worked out once per distinct row (rows repeat: a tag, a word, a label)
    known: dict[tuple[int, ...], list[tuple[int, int, list[list[_Test]]]]] = {}

    def starting(row: tuple[int, ...]) -> list[tuple[int, int, list[list[_Test]]]]:
        entries = [e for col, table in tables for e in table.get(row[col], ())]
        if pairs:
            entries += pairs.get((row[tag_col], row[lower_col]), ())  # type: ignore[index]
        entries += always
        return [(key, key_hash, later) for key, key_hash, rest, later in entries if not rest or passes(row, rest)]

    def match(doc: Doc) -> list[tuple[int, int, int, int]]:
        n = len(doc)
        if not n:
            return []
        rows: list[tuple[int, ...]] = list(map(tuple, doc.to_array(attrs).reshape(n, len(attrs)).tolist()))
        if len(known) > _MAX_ROWS:
            known.clear()
        found: set[tuple[int, int, int, int]] = set()
        for i, row in enumerate(rows):
            first = known.get(row)
            if first is None:
                first = known[row] = starting(row)
            for key, key_hash, later in first:
                end = i + 1 + len(later)
                if later and (end > n or not all(passes(rows[j], tests) for j, tests in enumerate(later, i + 1))):
                    continue
                found.add((key, key_hash, i, end))
        regex_values.clear()  # (the strings may be freed with the memory zone)
        return sorted(found)

    return match


def _tests(spec: Any, columns: dict[int, int], strings: Any) -> list[_Test] | None:
    if not isinstance(spec, dict):
        return None
    tests: list[_Test] = []
    for name, value in spec.items():
        attr = _ATTRS.get(name.upper()) if isinstance(name, str) else None
        if attr is None:
            return None
        col = columns.setdefault(attr, len(columns))
        if attr == IS_SPACE:
            if not isinstance(value, bool):
                return None
            tests.append((col, "eq", int(value)))
        elif isinstance(value, str):
            tests.append((col, "eq", strings.add(value)))
        elif isinstance(value, dict) and len(value) == 1:
            ((op, listed),) = value.items()
            if op in ("IN", "NOT_IN") and isinstance(listed, list) and all(isinstance(x, str) for x in listed):
                tests.append((col, op.lower(), frozenset(strings.add(x) for x in listed)))
            elif op == "REGEX" and isinstance(listed, str):
                tests.append((col, "regex", re.compile(listed)))
            else:
                return None
        else:
            return None
    return tests
