"""Noisy input: capitals, repeated punctuation, line breaks inside sentences, bullets and labels,
dosage strings, quotes, emoji, odd Unicode. Whatever the input, ``check`` does not raise, every
offset points at the right characters, and the output is deterministic; where the pipeline
should see through the noise, the verdict is the clean sentence's verdict.

Noisy-but-reasonable inputs the pipeline still gets wrong are ``xfail`` (not strict) with the
clean verdict they should have, so they show up in the ``-ra`` summary until extraction handles
them. The table of handled noise is in tests/data/noise.yaml.
"""

from __future__ import annotations

import pytest
from helpers import grouped_cases
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck import Report

BACLOFEN_OPIOID = [("baclofen", "opioid", "refuted", "asserted")]


# check() reads lone surrogates (not valid Unicode) as U+FFFD, one character for one
_SURROGATES = {c: "\ufffd" for c in range(0xD800, 0xE000)}


def check_offsets(text: str, report: Report) -> None:
    """Offsets into the input: every stretch of text in the report is the input at its offsets."""
    assert Report.model_validate_json(report.model_dump_json()) == report
    for f in report.findings:
        for m in (f.subject, f.object, *f.trigger, *f.cues):
            assert 0 <= m.start < m.end <= len(text)
            assert text[m.start:m.end] == m.text, m
        assert text[f.start:f.end] == f.claim
        assert f.start == min(f.subject.start, f.object.start)
        assert f.end == max(f.subject.end, f.object.end)
        assert 0 <= f.sentence.start <= f.subject.start < f.subject.end <= f.sentence.end <= len(text)


def verdicts(report: Report) -> list[tuple[str, str, str, str]]:
    return [(f.subject.id, f.object.id, f.verdict, f.assertion) for f in report.findings]


# (noisy text, findings of the clean sentence): the cases of tests/data/noise.yaml, grouped by
# the kind of noise, and one built here
HANDLED = [(case["text"], [tuple(f) for f in case["findings"]]) for _, case in grouped_cases("noise", "handled")]
HANDLED.append(("Baclofen is an opioid" + "!" * 2500, BACLOFEN_OPIOID))  # a run cut after 1,000 characters

@pytest.mark.parametrize("text,expected", HANDLED, ids=[repr(t[0][:40]) for t in HANDLED])
def test_noisy_claim_keeps_its_verdict(checker, text, expected):
    report = checker.check(text)
    check_offsets(text.translate(_SURROGATES), report)
    assert verdicts(report) == expected


ODD = {
    "empty": "",
    "one character": "a",
    "one space": " ",
    "whitespace only": " \n\t\r\n  \u00a0\u3000",
    "emoji only": "\U0001F602\U0001F525\U0001F48A" * 50,
    "emoji sequences": "\U0001F469\u200d\U0001F52C\U0001F44D\U0001F3FD\u2764\ufe0f\U0001F1FA\U0001F1F8 baclofen \U0001F48A",
    "10k question marks": "?" * 10_000,
    "10k spaced question marks": "? " * 5_000,
    "newlines": "\n" * 5_000,
    "dots": ". " * 3_000,
    "binary-looking": "".join(map(chr, range(1, 256))) * 8,
    "NUL": "Baclofen\x00 is an opioid\x00",
    "zero-width": "\u200b\u200c\u200d\u2060" * 100,
    "RTL text": "\u05d1\u05e7\u05dc\u05d5\u05e4\u05df \u05d4\u05d5\u05d0 \u05d0\u05d5\u05e4\u05d9\u05d5\u05d0\u05d9\u05d3 baclofen is an opioid",
    "combining marks": "B\u0338\u0322a\u0334c\u0337l\u0336o\u0335f\u0338e\u0337n\u0334 is an opioid" + "\u0301" * 500,
    "CJK": "\u5df4\u6c2f\u82ac\u662f\u963f\u7247\u7c7b\u836f\u7269\u3002Baclofen is an opioid\u3002",
    "lone surrogates": "\udcff Baclofen \ud800 is an opioid \udfff",
    "long word": "Baclofen is an " + "opioid" * 500,
    "only a drug": "baclofen",
    "drug names run together": "baclofenopioidfentanyl" * 100,
    "claims without spaces": "Baclofen,opioid." * 200,
    "markup": "<p>Baclofen</p><p>is</p><p>an opioid</p>" * 20,
    "tabs and labels": "Drug:\tBaclofen\nClass:\tOpioid\nDose:\t10mg\n",
}


@pytest.mark.parametrize("text", list(ODD.values()), ids=list(ODD))
def test_odd_input_does_not_crash(checker, text):
    report = checker.check(text)
    check_offsets(text.translate(_SURROGATES), report)
    assert report.model_dump() == checker.check(text).model_dump()


def test_check_many_on_odd_input_matches_check(checker):
    texts = [t for t in ODD.values() if len(t) < 2_000] + [t for t, _ in HANDLED if len(t) < 2_000]
    assert list(checker.check_many(texts, batch_size=7)) == [checker.check(t) for t in texts]


# ---------------------------------------------------------------------------------------------
# Properties over arbitrary and noisy text

DEV_LIKE = [
    "Baclofen is an opioid.",
    "Baclofen is not an opioid, it's a muscle relaxant.",
    "My doctor said baclofen is an opiate painkiller.",
    "Is baclofen a narcotic?",
    "Fentanyl is a Schedule II controlled substance.",
    "Some people think baclofen is a benzodiazepine, but it isn't.",
    "Oxycodone is an opioid agonist that acts on mu receptors.",
    "Baclofen, a GABA-B agonist, is used for spasticity.",
    "If baclofen were an opioid, it would be scheduled.",
    "They claim that tizanidine is an opioid. That is false.",
]
NOISE = ["!", "!!!", "?!", "...", ",", "\n", "\n\n", "\r\n", "\t", " ", "  ", "-", "- ", "* ", "\u2022 ", ":",
         "\"", "'", "\u201c", "\u201d", "(", ")", "10mg ", " 5 mg", "\U0001F602", "\U0001F621 ", "\U0001F48A",
         "\u200b", "\u00a0", "\u200f", "\ufeff", "\u0301", "#", "@", "lol", "<b>", "</b>", "**", "=", "->", "\x00"]


@st.composite
def noisy_text(draw) -> str:
    text = " ".join(draw(st.lists(st.sampled_from(DEV_LIKE), min_size=1, max_size=3)))
    for _ in range(draw(st.integers(0, 8))):
        i = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "insert", "upper", "lower", "delete"]))
        if op == "insert":
            text = text[:i] + draw(st.sampled_from(NOISE) | st.text(max_size=3)) + text[i:]
        else:
            j = draw(st.integers(i, min(len(text), i + 12)))
            middle = {"upper": text[i:j].upper(), "lower": text[i:j].lower(), "delete": ""}[op]
            text = text[:i] + middle + text[j:]
    return text


def _robust(checker, text: str) -> None:
    report = checker.check(text)
    check_offsets(text.translate(_SURROGATES), report)
    assert checker.check(text).model_dump() == report.model_dump()  # deterministic


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=300))
def test_arbitrary_text_is_checked_without_error(checker, text):
    _robust(checker, text)


@settings(max_examples=100, deadline=None)
@given(text=noisy_text())
def test_noisy_dev_like_text_is_checked_without_error(checker, text):
    _robust(checker, text)


@settings(max_examples=3, deadline=None)
@given(texts=st.lists(noisy_text() | st.text(max_size=120), min_size=20, max_size=40))
def test_output_is_identical_across_n_process(checker, texts):
    """The same Reports, in the same order, with one process and with two worker processes."""
    one = [r.model_dump() for r in checker.check_many(texts, batch_size=7)]
    two = [r.model_dump() for r in checker.check_many(texts, batch_size=7, n_process=2)]
    assert one == two


def test_a_word_of_capitals_keeps_its_contraction_split_alone(checker):
    """Only contractions with an apostrophe and apostrophe-less negations are split in capitals:
    "ID" (identification) stays one word, as "id" is split only in lower case by the tokenizer."""
    words = [t.text for t in checker.nlp.make_doc("YOU NEED ID TO BUY IT, IT ISNT FREE AND WE'RE BROKE")]
    assert words[:4] == ["YOU", "NEED", "ID", "TO"]
    assert ["IS", "NT"] == words[words.index("IS"):words.index("IS") + 2]
    assert ["WE", "'RE"] == words[words.index("WE"):words.index("WE") + 2]
