"""Context decided by the next sentence: the author's own retraction with a correction, and a
report rejected by a judgement in a complement clause ("Turns out he was wrong"). Cases in
tests/data/context_later_sentences.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

CASES = yaml.safe_load((Path(__file__).parent.parent / "data" / "context_later_sentences.yaml").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:60] for c in CASES])
def test_later_sentence_decides(checker, case):
    report = checker.check(case["text"])
    # the first finding about the pair (a later one may repeat or contradict it)
    f = min((f for f in report.findings if (f.subject.id, f.object.id) == (case["subject"], case["object"])),
            key=lambda f: f.start)
    if "assertion" in case:
        assert f.assertion == case["assertion"]
    if "negated" in case:
        assert f.negated is case["negated"]
    assert report.flagged is case["flagged"]


def test_judging_words_hold_the_inflections_of_correcting_verbs():
    """The parse window keeps a next sentence with a correcting verb in any regular form (the
    lexicon lists the base form: models/context.yaml correcting_verbs)."""
    from factcheck.pipeline.context import CueLexicon

    words = CueLexicon.load(None).judging_words()
    assert {"corrected", "corrects", "fixes", "fixed", "rectified", "rectifies", "disproved"} <= words
    assert not {"fixs", "rectifyed", "amendes"} & words
