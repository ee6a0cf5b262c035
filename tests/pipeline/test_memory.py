"""check_many runs each batch in ``nlp.memory_zone()``: a long stream of texts full of words
never seen before does not grow the vocabulary (or the process)."""

from __future__ import annotations

import gc
import random
import string
from itertools import islice

import pytest
from spacy.pipeline import Lemmatizer

from factcheck.pipeline import components

N_TEXTS = 20_000


def _random_word(rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randrange(5, 11)))


def _texts(n: int, seed: int = 0) -> list[str]:
    """Short posts that all go through the pipeline (they name a drug); one in ten holds a claim
    (and is parsed); each has four words nobody has seen before."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        w = [_random_word(rng) for _ in range(4)]
        if i % 10 == 0:
            out.append(f"Baclofen is an opiate. {w[0].capitalize()} said {w[1]} to {w[2]} {w[3]}.")
        else:
            out.append(f"{w[0].capitalize()} {w[1]} took baclofen {w[2]} {w[3]}")
    return out


def _lexemes(nlp) -> int:
    return sum(1 for _ in nlp.vocab)  # len(nlp.vocab) counts evicted lexemes too


def _lemmatizer(checker) -> Lemmatizer:
    base = checker.nlp.get_pipe("factcheck_parse").base
    return next(p for _, p in base.pipeline if isinstance(p, Lemmatizer))


def test_a_long_stream_does_not_grow_the_vocabulary(checker):
    nlp = checker.nlp
    texts = _texts(N_TEXTS)
    reports = checker.check_many(texts, batch_size=64)
    first = list(islice(reports, 1_000))  # the first batches: anything loaded lazily is loaded
    gc.collect()
    strings, lexemes = len(nlp.vocab.strings), _lexemes(nlp)
    try:
        import psutil
        process = psutil.Process()
        rss = process.memory_info().rss
    except ImportError:  # pragma: no cover
        process = None
    flagged = [i for i, r in enumerate(first) if r.flagged]
    finding = first[10].findings[0]
    for i, report in enumerate(reports, start=len(first)):  # not kept: Reports take memory too
        if report.flagged:
            flagged.append(i)
    # without the memory zone: ~4 new strings and lexemes a text (~77,000 here) and ~40 MB
    assert len(nlp.vocab.strings) <= strings + 50
    assert _lexemes(nlp) <= lexemes + 50
    if process is not None:
        gc.collect()
        assert process.memory_info().rss - rss < 20_000_000
    # and the reports made inside the zones are intact
    assert flagged == list(range(0, N_TEXTS, 10))
    assert (finding.claim, finding.subject.text, finding.verdict) == \
        ("Baclofen is an opiate", "Baclofen", "refuted")


def test_the_lemmatizer_cache_is_bounded(checker, monkeypatch):
    monkeypatch.setattr(components, "LEMMA_CACHE_LIMIT", 20)
    lemmatizer = _lemmatizer(checker)
    texts = [t for t in _texts(2_000, seed=1) if t.startswith("Baclofen")]  # parsed ones
    for _ in checker.check_many(texts, batch_size=16):
        assert len(lemmatizer.cache) <= 20 + 16 * 12  # emptied after any batch that passed the limit
    assert len(lemmatizer.cache) <= 20 + 16 * 12


def test_reports_can_be_consumed_by_calling_the_checker_again(checker):
    """Reports are yielded outside the zone, so the consumer may use the checker meanwhile."""
    texts = ["Baclofen is an opiate.", "Fentanyl is an opioid.", "nothing to see"] * 50
    for text, report in zip(texts, checker.check_many(texts, batch_size=8)):
        again = checker.check(text)
        assert report.model_dump() == again.model_dump()


def test_inside_a_callers_memory_zone(checker):
    """No nested zone: inside the caller's own zone, check_many just runs in it."""
    nlp = checker.nlp
    strings = len(nlp.vocab.strings)
    with nlp.memory_zone():
        reports = list(checker.check_many(_texts(300, seed=2), batch_size=32))
        assert nlp.vocab.in_memory_zone
    assert sum(r.flagged for r in reports) == 30
    assert len(nlp.vocab.strings) <= strings + 50


@pytest.mark.parametrize("text", ["Baclofen is an opiate.", "Is oxycodone a muscle relaxant?"])
def test_check_after_many_zones_gives_the_same_report(checker, text):
    before = checker.check(text).model_dump()
    list(checker.check_many(_texts(500, seed=3)))
    assert checker.check(text).model_dump() == before


def _chain(paragraphs: int) -> str:
    """Paragraphs of pronoun-chained claims about three drugs (as benchmarks/long_documents.py)."""
    drugs = ["Baclofen", "Oxycodone", "Fentanyl"]
    return "\n\n".join(f"{drugs[p % 3]} is an opioid. It is not a benzodiazepine. It is a muscle relaxant."
                       for p in range(paragraphs))


def test_findings_share_the_evidence_of_a_fact(checker):
    """A long document with a claim in every sentence: the findings that cite the same evidence
    hold one Evidence object between them (not a copy each), and the report's JSON is the same
    as with a copy each."""
    report = checker.check(_chain(60))
    evidence = [e for f in report.findings for e in f.evidence]
    distinct = {e.model_dump_json() for e in evidence}
    assert len(report.findings) >= 120 and len(evidence) >= 120
    assert len({id(e) for e in evidence}) == len(distinct) < len(evidence) / 10
    copied = report.model_copy(update={"findings": [
        f.model_copy(update={"evidence": [e.model_copy(deep=True) for e in f.evidence]}) for f in report.findings]})
    assert all(a is not b for f, g in zip(report.findings, copied.findings) for a, b in zip(f.evidence, g.evidence))
    assert copied.model_dump_json() == report.model_dump_json()
    # a report read back from its JSON (as the spaCy component's records are) shares them too
    again = type(report).model_validate_json(report.model_dump_json())
    assert {id(e) for f in again.findings for e in f.evidence} <= {id(e) for e in evidence}


def test_shared_evidence_cannot_be_changed_through_one_finding(checker):
    from pydantic import ValidationError

    first, second = checker.check("Baclofen is an opioid. Baclofen is an opioid!").findings
    assert first.evidence[0] is second.evidence[0]
    with pytest.raises(ValidationError):
        first.evidence[0].quote = "changed"  # type: ignore[misc]
    assert isinstance(first.evidence[0].steps, tuple)
