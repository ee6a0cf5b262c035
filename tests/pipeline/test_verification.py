"""Verdicts, evidence and corrections. Case tables in tests/data/verification.yaml."""

import pytest
from helpers import grouped_cases


def cases(table: str) -> list:
    """The cases of ``table`` in tests/data/verification.yaml, each with its text as its test id."""
    return [pytest.param(case, id=f"{group}: {case['text']}") for group, case in grouped_cases("verification", table)]


@pytest.mark.parametrize("case", cases("verdicts"))
def test_verdict(checker, case):
    (finding,) = checker.check(case["text"]).findings
    assert (finding.subject.id, finding.object.id, finding.verdict) == (case["subject"], case["object"], case["verdict"])


def test_unknown_drug_gives_no_finding_and_no_flag(checker):
    report = checker.check("Thebaine is an opiate.")
    assert report.findings == [] and not report.flagged


def test_refuted_finding_carries_evidence_and_correction(checker, kb):
    text = "Baclofen is an opioid."
    (f,) = checker.check(text).findings
    assert f.verdict == "refuted"
    assert f.correction == ("Baclofen is not an opioid; it is a skeletal muscle relaxant and an antispastic agent. "
                            "[WHO ATC M03BX01]")  # the citations of the reference layer
    first = f.evidence[0]
    assert first.fact_id == "baclofen-not-opioid"
    assert kb.claimset.source_texts[first.source_id][first.start:first.end] == first.quote
    assert (f.subject.text, f.object.text) == ("Baclofen", "opioid")
    assert text[f.subject.start:f.subject.end] == "Baclofen"
    assert text[f.object.start:f.object.end] == "opioid"
    assert f.claim == "Baclofen is an opioid"
    assert (f.sentence.start, f.sentence.end) == (0, len(text))


def test_subclass_step_is_explained(checker):
    (f,) = checker.check("Baclofen is an opiate.").findings
    steps = {s for e in f.evidence if e.fact_id == "baclofen-not-opioid" for s in e.steps}
    assert steps == {"opiate ⊑ opioid"}


def test_disjointness_step_is_explained(checker):
    (f,) = checker.check("Fentanyl is a skeletal muscle relaxant.").findings
    assert f.correction == "Fentanyl is not a skeletal muscle relaxant; it is an opioid. [FDA Full Opioid Agonists [MoA]; FDA Opioid Agonist [EPC]; WHO ATC N02AB03]"
    assert f.evidence[0].fact_id == "fentanyl-is-opioid"
    assert "opioid_vs_muscle_relaxant" in f.evidence[0].steps[0]


def test_correction_for_a_denied_truth(checker):
    (f,) = checker.check("Baclofen is not a muscle relaxant.").findings
    assert f.verdict == "refuted"
    assert f.correction == "Baclofen is a muscle relaxant (a skeletal muscle relaxant)."


def test_schedule_correction_names_the_right_schedule(checker):
    (f,) = checker.check("Oxycodone is a Schedule IV drug.").findings
    assert f.correction.startswith("Oxycodone is not a Schedule IV controlled substance; it is a Schedule II controlled substance.")


def test_offsets_in_a_longer_text(checker):
    text = "I take it daily.\n\nMy cousin says Lioresal is an opiate!"
    (f,) = checker.check(text).findings
    assert text[f.subject.start:f.subject.end] == "Lioresal" and f.subject.id == "baclofen"
    assert text[f.start:f.end] == "Lioresal is an opiate"
    assert text[f.sentence.start:f.sentence.end].startswith("My cousin says")


@pytest.mark.parametrize("case", cases("restricted_objects"))
def test_restricted_objects(checker, case):
    verdict = case["verdict"]
    report = checker.check(case["text"])
    (f,) = [f for f in report.findings if f.object.type in ("class", "condition")]
    assert f.verdict == verdict
    if verdict == "unverifiable":
        assert f.note and "narrower" in f.note and not report.flagged


@pytest.mark.parametrize("case", cases("same_class"))
def test_a_drug_placed_in_another_drugs_class(checker, case):
    verdict = case["verdict"]
    (f,) = checker.check(case["text"]).findings
    assert (f.verdict, f.correction) == (verdict, case["correction"])
    if verdict == "unverifiable":
        assert f.note == "the claim set cannot tell whether baclofen and ibuprofen share a class"
    else:  # the other drug's placement is among the evidence
        assert any(e.fact_id in ("oxycodone-is-opioid",) for e in f.evidence)


def test_a_subject_that_refers_back_is_corrected_by_the_drug_s_name(checker, nlp):
    """A resolved reference as subject ("The drug") is named in the correction; the component
    reads the Doc's reference ranges once (verify.reference_ranges) and gives what verify
    reading them itself gives."""
    from factcheck.pipeline.verify import reference_ranges, verify

    text = "Baclofen is prescribed for spasticity. The drug is an opioid."
    (refuted,) = [f for f in checker.check(text).findings if f.verdict == "refuted"]
    assert refuted.subject.text == "The drug"
    assert refuted.correction.startswith("Baclofen is not an opioid")
    doc = nlp(text)
    ranges = reference_ranges(doc)
    assert ranges and all(doc[a:b].text == "The drug" for a, b in ranges)
    stage = nlp.get_pipe("factcheck_verify")
    for claim, context in zip(doc._.factcheck_claims, doc._.factcheck_contexts):
        given = verify(doc, claim, context, stage.kb, references=ranges)
        assert given == verify(doc, claim, context, stage.kb)
        assert given != verify(doc, claim, context, stage.kb, references=frozenset()) or \
            claim.subject.text != "The drug"
