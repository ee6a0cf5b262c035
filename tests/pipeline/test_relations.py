"""Relations beyond class membership: receptors, site of action, schedules, effects, uses, routes.
Case tables in tests/data/relations.yaml."""

import pytest
from helpers import grouped_cases

# the finding each text must give, grouped by its relation (tests/data/relations.yaml)
VERDICTS = grouped_cases("relations", "verdicts")


@pytest.mark.parametrize("relation,case", VERDICTS, ids=[c["text"] for _, c in VERDICTS])
def test_relation_verdict(checker, relation, case):
    report = checker.check(case["text"])
    found = [(f.relation, f.subject.id, f.object.id, f.verdict) for f in report.findings]
    assert (relation, case["subject"], case["object"], case["verdict"]) in found
    assert report.flagged == case["flagged"]


def test_an_experience_is_no_effect_claim(checker):
    """Without a modal, "make" reports one user's experience: no effect claim to flag."""
    assert not [f for f in checker.check("Baclofen does not make u sleepy.").findings if f.relation == "effect"]


def test_exclusivity_is_explained(checker):
    (f,) = checker.check("Baclofen binds opioid receptors.").findings
    ids = [e.fact_id for e in f.evidence]
    assert "baclofen-not-acts-on-opioid-receptor" in ids and "baclofen-acts-on-gaba-b" in ids
    exclusive = next(e for e in f.evidence if e.fact_id == "baclofen-acts-on-gaba-b")
    assert any("exclusively" in s for s in exclusive.steps)
    assert f.correction == "Baclofen does not act on opioid receptor; it acts on GABA-B receptor."


def test_class_level_fact_reaches_a_member_with_its_chain(checker):
    (f,) = checker.check("Fentanyl acts on mu receptors.").findings
    assert [e.fact_id for e in f.evidence][:2] == ["opioid-acts-on-mu", "opioid-acts-on-mu"]
    assert "fentanyl-is-opioid" in [e.fact_id for e in f.evidence]
    assert f.evidence[0].steps[0] == "fentanyl is an opioid"


def test_denied_effect_correction(checker):
    (f,) = checker.check("Baclofen never causes withdrawal.").findings
    assert f.correction == "Baclofen can cause withdrawal symptoms."


def test_a_use_is_never_refuted_on_absence(checker, kb):
    for cid, concept in kb.concepts.items():
        if concept.type != "condition":
            continue
        result = kb.related("baclofen", "use", cid)
        # only a use a source denies outright is refuted (the label's Limitations of Use), never one
        # the indications leave out
        assert all(not i.fact.polarity and i.fact.object == cid for i in result.refuted), cid
        assert bool(result.refuted) is (cid == "rheumatic_muscle_spasm"), cid


@pytest.mark.parametrize("text,verdict", [
    ("Baclofen is not a treatment for cerebral palsy.", "refuted"),
    ("Baclofen is a treatment for spasticity.", "supported"),
    ("Baclofen doesn't touch opioid receptors at all.", "supported"),
])
def test_relations_stated_with_nouns_and_informal_verbs(checker, text, verdict):
    (f,) = checker.check(text).findings
    assert f.verdict == verdict


@pytest.mark.parametrize("text,relation,obj", [
    ("Baclofen acts as an agonist on GABA-B receptors in the spinal cord.", "acts_on", "gaba_b_receptor"),
    ("Baclofen can be given via an intrathecal pump.", "route", "intrathecal"),
])
def test_relation_objects_through_nouns_and_prepositions(checker, text, relation, obj):
    found = {(f.relation, f.object.id, f.verdict) for f in checker.check(text).findings}
    assert (relation, obj, "supported") in found


def test_means_clause_shares_the_subject(checker):
    report = checker.check("baclofen works by hitting your mu receptors, same as oxy")
    assert ("acts_on", "mu_opioid_receptor", "refuted") in {(f.relation, f.object.id, f.verdict) for f in report.findings}
    assert report.flagged


@pytest.mark.parametrize("text,objects", [
    ("Baclofen reduces spasms, relieving symptoms such as clonus and muscular rigidity.",
     {"clonus", "muscular_rigidity"}),
    ("Baclofen treats conditions like multiple sclerosis and cerebral palsy.",
     {"multiple_sclerosis", "cerebral_palsy"}),
    ("Baclofen causes side effects such as drowsiness.", {"sedation"}),
])
def test_objects_given_as_examples(checker, text, objects):
    found = {f.object.id for f in checker.check(text).findings if f.verdict == "supported"}
    assert objects <= found


# Expository constructions (the prose of labels and reference articles), grouped by construction
# (tests/data/relations.yaml): a finding that must be among a text's findings, and one that must not
EXPOSITORY = grouped_cases("relations", "expository")
NOT_OVERREAD = grouped_cases("relations", "not_overread")


@pytest.mark.parametrize("construction,case", EXPOSITORY, ids=[c["text"] for _, c in EXPOSITORY])
def test_expository_constructions(checker, construction, case):
    found = {(f.subject.id, f.relation, f.object.id, f.negated) for f in checker.check(case["text"]).findings}
    assert (case["subject"], case["relation"], case["object"], case["negated"]) in found


@pytest.mark.parametrize("construction,case", NOT_OVERREAD, ids=[c["text"] for _, c in NOT_OVERREAD])
def test_expository_constructions_not_overread(checker, construction, case):
    found = {(f.subject.id, f.relation, f.object.id) for f in checker.check(case["text"]).findings}
    assert (case["subject"], case["relation"], case["object"]) not in found


@pytest.mark.parametrize("text", [
    "Baclofen does not carry the dependence and abuse liability of mu-opioid agonists.",
    "Baclofen does not cause the dependence of opioids.",
])
def test_denying_an_effect_narrowed_by_its_cause_is_not_refuted(checker, text):
    report = checker.check(text)
    assert [f.verdict for f in report.findings if f.subject.id == "baclofen"] == ["unverifiable"]
    assert not report.flagged
