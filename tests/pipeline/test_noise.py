"""Noisy input: capitals, repeated punctuation, line breaks inside sentences, bullets and labels,
dosage strings, quotes, emoji, odd Unicode. Whatever the input, ``check`` does not raise, every
offset points at the right characters, and the output is deterministic; where the pipeline
should see through the noise, the verdict is the clean sentence's verdict.

Noisy-but-reasonable inputs the pipeline still gets wrong are ``xfail`` (not strict) with the
clean verdict they should have, so they show up in the ``-ra`` summary until extraction handles
them.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck import Report

BACLOFEN_OPIOID = [("baclofen", "opioid", "refuted", "asserted")]
BACLOFEN_OPIATE = [("baclofen", "opiate", "refuted", "asserted")]
NOT_OPIOID = [("baclofen", "opioid", "supported", "asserted")]
FENTANYL_OPIOID = [("fentanyl", "opioid", "supported", "asserted")]


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


# (noisy text, findings of the clean sentence)
HANDLED = [
    # capitals
    ("BACLOFEN IS AN OPIOID", BACLOFEN_OPIOID),
    ("BACLOFEN IS NOT AN OPIOID", NOT_OPIOID),
    ("bAcLoFeN iS aN oPiOiD", BACLOFEN_OPIOID),
    # repeated punctuation
    ("Baclofen is an opioid!!!!", BACLOFEN_OPIOID),
    ("BACLOFEN IS AN OPIOID!!!", BACLOFEN_OPIOID),
    ("Baclofen is an opioid...", BACLOFEN_OPIOID),
    ("Baclofen... is an opioid", BACLOFEN_OPIOID),
    ("Baclofen is not an opioid!!!", NOT_OPIOID),
    ("baclofen is an opioid" + "!" * 40, BACLOFEN_OPIOID),
    ("Baclofen is an opioid" + "!" * 2500, BACLOFEN_OPIOID),  # a run cut after 1,000 characters
    ("Is baclofen an opioid???", [("baclofen", "opioid", "refuted", "questioned")]),
    ("Baclofen is an opioid?!?!", [("baclofen", "opioid", "refuted", "questioned")]),
    # line breaks and other whitespace inside the sentence
    ("Baclofen is\nan opioid.", BACLOFEN_OPIOID),
    ("Baclofen\nis an\nopioid.", BACLOFEN_OPIOID),
    ("Baclofen is an\r\nopioid.", BACLOFEN_OPIOID),
    ("Baclofen\tis\tan\topioid.", BACLOFEN_OPIOID),
    ("Baclofen\u00a0is\u00a0an\u00a0opioid.", BACLOFEN_OPIOID),  # NBSP
    ("Baclofen   is  an    opioid .", BACLOFEN_OPIOID),
    ("Baclofen is an\u200b opioid.", BACLOFEN_OPIOID),  # zero-width space next to a space
    # bullets and list markers
    ("* Baclofen is an opioid", BACLOFEN_OPIOID),
    ("\u2022 Baclofen is an opioid.", BACLOFEN_OPIOID),
    ("1. Baclofen is an opioid.", BACLOFEN_OPIOID),
    ("- Baclofen: an opioid painkiller", BACLOFEN_OPIOID),
    ("Baclofen: opioid", BACLOFEN_OPIOID),
    ("BACLOFEN = OPIOID", BACLOFEN_OPIOID),
    ("Baclofen - opioid", BACLOFEN_OPIOID),
    ("Baclofen -> opioid", BACLOFEN_OPIOID),
    # dosage strings
    ("baclofen 10mg is an opiate", BACLOFEN_OPIATE),
    ("baclofen 10 mg is an opiate", BACLOFEN_OPIATE),
    ("Baclofen (10mg) is an opioid.", BACLOFEN_OPIOID),
    ("Baclofen 10mg tablets are opioids.", BACLOFEN_OPIOID),
    ("Baclofen tablets are opioids.", BACLOFEN_OPIOID),
    # quotes and markup
    ("\"Baclofen is an opioid,\" he said.", BACLOFEN_OPIOID),
    ("\u201cBaclofen is an opioid,\u201d he said.", BACLOFEN_OPIOID),
    ("'Baclofen is an opioid'", BACLOFEN_OPIOID),
    ("Baclofen is an *opioid*", BACLOFEN_OPIOID),
    ("Baclofen is an **opioid**", BACLOFEN_OPIOID),
    ("#Baclofen is an #opioid", BACLOFEN_OPIOID),
    ("@user Baclofen is an opioid", BACLOFEN_OPIOID),
    ("Baclofen is an opioid. https://example.com/a?b=c", BACLOFEN_OPIOID),
    # emoji
    ("Baclofen is an opioid\U0001F44D", BACLOFEN_OPIOID),
    ("Baclofen \U0001F621 is an opioid", BACLOFEN_OPIOID),
    ("Baclofen is an opioid \U0001F602\U0001F602", BACLOFEN_OPIOID),
    ("\U0001F602 Baclofen is an opioid \U0001F602", BACLOFEN_OPIOID),
    ("Fentanyl is an opioid \U0001F48A\U0001F48A", FENTANYL_OPIOID),
    # chat tags
    ("baclofen is an opioid lol", BACLOFEN_OPIOID),
    # control and private-use characters, lone surrogates (read as U+FFFD)
    ("".join(map(chr, range(1, 32))) + "Baclofen is an opioid", BACLOFEN_OPIOID),
    ("\ue000\U000f0000 Baclofen is an opioid", BACLOFEN_OPIOID),
    ("Baclofen is an opioid. \ud800", BACLOFEN_OPIOID),
    # two sentences without a space
    ("Baclofen is an opioid.Fentanyl is an opioid.", BACLOFEN_OPIOID + FENTANYL_OPIOID),
    ("Baclofen is\r\nan opioid.\r\n\r\nFentanyl is an opioid.", BACLOFEN_OPIOID + FENTANYL_OPIOID),
    # invisible format characters, decomposed accents, full-width letters (factcheck.text.cleaning),
    # URLs and guillemets (factcheck.text.normalize)
    ("Baclofen is an opioid https://example.com/a?b=c", BACLOFEN_OPIOID),
    ("\u00abBaclofen is an opioid\u00bb", BACLOFEN_OPIOID),
    ("\ufeffBaclofen is an opioid.", BACLOFEN_OPIOID),
    ("\u200fBaclofen is an opioid.\u200f", BACLOFEN_OPIOID),
    ("\u202eBaclofen is an opioid.", BACLOFEN_OPIOID),
    ("Bac\u200blofen is an opioid.", BACLOFEN_OPIOID),
    ("Baclofe\u0301n is an opioid.", BACLOFEN_OPIOID),
    ("Baclofen is an opio\u0301id.", BACLOFEN_OPIOID),
    ("\uff22\uff41\uff43\uff4c\uff4f\uff46\uff45\uff4e \uff49\uff53 \uff41\uff4e \uff4f\uff50\uff49\uff4f\uff49\uff44",
     BACLOFEN_OPIOID),
]

# Reasonable noise the pipeline gets wrong today (extraction, tokenizer or mentions). The test
# checks offsets and xfails while the verdict is wrong; it passes once the verdict is right.
WRONG = [
    ("Baclofen is an <b>opioid</b>.", BACLOFEN_OPIOID, "HTML tag glued to the word: token 'opioid</b'"),
]


@pytest.mark.parametrize("text,expected", HANDLED, ids=[repr(t[0][:40]) for t in HANDLED])
def test_noisy_claim_keeps_its_verdict(checker, text, expected):
    report = checker.check(text)
    check_offsets(text.translate(_SURROGATES), report)
    assert verdicts(report) == expected


@pytest.mark.parametrize("text,expected,why", WRONG, ids=[repr(t[0][:40]) for t in WRONG])
def test_noisy_claim_not_handled_yet(checker, text, expected, why):
    report = checker.check(text)
    check_offsets(text, report)  # offsets are right even where the verdict is not
    if verdicts(report) != expected:
        pytest.xfail(why)


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
    texts += [t for t, _, _ in WRONG]
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
