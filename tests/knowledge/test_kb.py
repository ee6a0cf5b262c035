"""The knowledge base over the shipped claim set: hierarchy, disjointness, membership reasoning,
aliases."""

from __future__ import annotations

import itertools

import pytest

from factcheck.knowledge.kb import pluralize

SCHEDULES = ["schedule_i", "schedule_ii", "schedule_iii", "schedule_iv", "schedule_v"]


# ---------------------------------------------------------------------------- hierarchy

@pytest.mark.parametrize("specific,general", [
    ("opiate", "opioid"),
    ("skeletal_muscle_relaxant", "muscle_relaxant"),
    ("gaba_b_agonist", "gaba_agonist"),
    ("mu_opioid_agonist", "opioid"),
    ("schedule_ii", "controlled_substance"),
    ("narcotic", "controlled_substance"),
    ("spinal_cord", "central_nervous_system"),
])
def test_subclass(kb, specific, general):
    assert kb.subsumes(general, specific)
    assert not kb.subsumes(specific, general)
    assert general in kb.ancestors(specific)
    assert kb.ancestors(specific)[0] == specific  # a class is its own first ancestor
    assert kb.chain(specific, general) == [specific, general]


@pytest.mark.parametrize("a,b", [
    ("opioid", "muscle_relaxant"),
    ("opiate", "antispastic"),
    ("schedule_ii", "schedule_iv"),
    ("gaba_agonist", "opioid"),
    ("opioid", "controlled_substance"),  # opioids are not all controlled by definition
])
def test_unrelated_classes_do_not_subsume(kb, a, b):
    assert not kb.subsumes(a, b) and not kb.subsumes(b, a)
    assert kb.chain(a, b) == [] and kb.chain(b, a) == []


# ---------------------------------------------------------------------------- disjointness

@pytest.mark.parametrize("a,b,axiom", [
    ("opioid", "muscle_relaxant", "opioid_vs_muscle_relaxant"),
    ("opiate", "skeletal_muscle_relaxant", "opioid_vs_muscle_relaxant"),  # inherited on both sides
    ("skeletal_muscle_relaxant", "opiate", "opioid_vs_muscle_relaxant"),
    ("mu_opioid_agonist", "muscle_relaxant", "opioid_vs_muscle_relaxant"),
    ("opiate", "antispastic", "opioid_vs_antispastic"),
])
def test_disjointness_is_inherited_by_subclasses(kb, a, b, axiom):
    found = kb.disjointness(a, b)
    assert found is not None
    d, x, y = found
    assert d.id == axiom
    # the two classes the axiom names are ancestors of a and b respectively
    assert x in kb.ancestors(a) and y in kb.ancestors(b)
    assert {x, y} <= set(d.classes) and x != y


@pytest.mark.parametrize("a,b", list(itertools.permutations(SCHEDULES, 2)))
def test_schedules_are_pairwise_disjoint(kb, a, b):
    found = kb.disjointness(a, b)
    assert found is not None
    assert found[0].id == "one_federal_schedule"
    assert (found[1], found[2]) == (a, b)


@pytest.mark.parametrize("a,b", [
    ("schedule_ii", "schedule_ii"),            # a class is not disjoint with itself
    ("schedule_ii", "controlled_substance"),   # nor with its superclass
    ("opiate", "opioid"),
    ("skeletal_muscle_relaxant", "antispastic"),  # baclofen is both
    ("opioid", "schedule_ii"),                 # different dimensions: class vs legal status
    ("narcotic", "schedule_ii"),
    ("gaba_derivative", "gaba_b_agonist"),
])
def test_not_disjoint(kb, a, b):
    assert kb.disjointness(a, b) is None
    assert kb.disjointness(b, a) is None


# ---------------------------------------------------------------------------- membership

def _ids(inferences):
    return {i.fact.id for i in inferences}


MEMBERSHIP = [
    # subject, class, verdict, fact that must be among the reasons, a word its steps must contain
    ("baclofen", "opioid", "refuted", "baclofen-not-opioid", None),
    ("baclofen", "opiate", "refuted", "baclofen-not-opioid", "opiate ⊑ opioid"),   # negative fact + subclass step
    ("baclofen", "opiate", "refuted", "baclofen-not-opiate", None),
    ("baclofen", "opioid", "refuted", "baclofen-is-skeletal-muscle-relaxant", "opioid_vs_muscle_relaxant"),
    ("baclofen", "muscle_relaxant", "supported", "baclofen-is-skeletal-muscle-relaxant",
     "skeletal muscle relaxant ⊑ muscle relaxant"),
    ("baclofen", "skeletal_muscle_relaxant", "supported", "baclofen-is-skeletal-muscle-relaxant", None),
    ("baclofen", "gaba_agonist", "supported", "baclofen-is-gaba-b-agonist", "GABA-B receptor agonist ⊑ GABA agonist"),
    ("fentanyl", "muscle_relaxant", "refuted", "fentanyl-is-opioid", "opioid_vs_muscle_relaxant"),
    ("fentanyl", "skeletal_muscle_relaxant", "refuted", "fentanyl-is-opioid", "opioid_vs_muscle_relaxant"),
    ("oxycodone", "antispastic", "refuted", "oxycodone-is-opioid", "opioid_vs_antispastic"),
    ("oxycodone", "schedule_iv", "refuted", "oxycodone-schedule-ii", "one_federal_schedule"),
    ("oxycodone", "controlled_substance", "supported", "oxycodone-schedule-ii",
     "Schedule II controlled substance ⊑ controlled substance"),
    ("oxycodone", "opioid", "supported", "oxycodone-is-opioid", None),
    ("fentanyl", "schedule_ii", "supported", "fentanyl-schedule-ii", None),
    ("baclofen", "schedule_ii", "refuted", "baclofen-not-controlled-substance",
     "Schedule II controlled substance ⊑ controlled substance"),
    ("baclofen", "narcotic", "refuted", "baclofen-not-controlled-substance", "narcotic ⊑ controlled substance"),
    ("baclofen", "controlled_substance", "refuted", "baclofen-not-controlled-substance", None),
]


@pytest.mark.parametrize("subject,cls,verdict,fact_id,step", MEMBERSHIP,
                         ids=[f"{s}-{c}-{f}" for s, c, _, f, _ in MEMBERSHIP])
def test_membership(kb, subject, cls, verdict, fact_id, step):
    result = kb.membership(subject, cls)
    reasons, other = (result.supported, result.refuted) if verdict == "supported" else \
        (result.refuted, result.supported)
    assert other == (), f"the claim set both supports and refutes {subject} is_a {cls}"
    assert fact_id in _ids(reasons)
    (inference,) = [i for i in reasons if i.fact.id == fact_id]
    if step is None:
        assert inference.steps == ()
    else:
        assert any(step in s for s in inference.steps), inference.steps
    # every reason is a fact about this subject
    assert all(i.fact.subject == subject and i.fact.relation == "is_a" for i in reasons)


@pytest.mark.parametrize("subject,cls", [
    ("fentanyl", "gaba_derivative"),   # the claim set says nothing: never guess
    ("oxycodone", "gaba_agonist"),
    ("methocarbamol", "gabapentinoid"),  # a class the reference layer says nothing about for it
    ("baclofen", "gaba_b_receptor"),   # not even a class
])
def test_membership_unknown(kb, subject, cls):
    result = kb.membership(subject, cls)
    assert result.supported == () and result.refuted == ()


def test_shipped_claim_set_is_consistent(kb):
    """No is_a fact of the shipped set is refuted (or, if negative, supported) by the others."""
    for f in kb.facts:
        if f.relation != "is_a":
            continue
        result = kb.membership(f.subject, f.object)
        agree, disagree = (result.supported, result.refuted) if f.polarity else (result.refuted, result.supported)
        assert f.id in _ids(agree)
        if f.status == "contested":  # a contested fact records a disagreement
            continue
        disagree = tuple(i for i in disagree if i.fact.status == "established"
                         and not (f.scope and i.fact.scope and f.scope != i.fact.scope))
        assert disagree == (), f.id


# ---------------------------------------------------------------------------- facts and aliases

def test_fact_lookup(kb):
    f = kb.fact("baclofen-not-opioid")
    assert (f.subject, f.relation, f.object, f.polarity) == ("baclofen", "is_a", "opioid", False)
    with pytest.raises(KeyError):
        kb.fact("no-such-fact")
    assert {x.id for x in kb.facts_about("baclofen", "is_a")} >= {"baclofen-not-opioid", "baclofen-is-antispastic"}
    assert kb.facts_about("thebaine", "is_a") == []


@pytest.mark.parametrize("alias,concept", [
    ("baclofen", "baclofen"),
    ("lioresal", "baclofen"),
    ("oxycontin", "oxycodone"),
    ("duragesic", "fentanyl"),
    ("opioids", "opioid"),                                 # generated plural
    ("skeletal muscle relaxants", "skeletal_muscle_relaxant"),
    ("derivatives of gaba", "gaba_derivative"),            # plural of the head before "of"
    ("controlled substances", "controlled_substance"),
    ("opioid receptor", "opioid_receptor"),
])
def test_alias_index(kb, alias, concept):
    assert kb.alias_index()[alias] == {concept}


@pytest.mark.parametrize("alias", [
    "lioresals",     # brands get no plural
    "schedule iis",  # nor do Roman numerals
    "baclofens",     # nor drugs
    "mss",           # nor abbreviations
])
def test_no_plural_where_none_applies(kb, alias):
    assert alias not in kb.alias_index()


def test_abbreviations_are_case_sensitive(kb):
    sensitive = {e.text for e in kb.aliases if e.case_sensitive}
    assert {"MS", "CNS", "MOR"} <= sensitive
    assert not any(e.case_sensitive for e in kb.aliases if e.text.lower() == "baclofen")


@pytest.mark.parametrize("phrase,plural", [
    ("opioid", "opioids"),
    ("opiate", "opiates"),
    ("muscle relaxant", "muscle relaxants"),
    ("skeletal muscle relaxant", "skeletal muscle relaxants"),
    ("muscle-relaxant", "muscle-relaxants"),
    ("opioid pain reliever", "opioid pain relievers"),
    ("GABAergic", "GABAergics"),
    ("derivative of GABA", "derivatives of GABA"),                      # head before "of"
    ("agonist at GABA-B receptors", "agonists at GABA-B receptors"),    # head before "at"
    ("agonist of the GABA-B receptor", "agonists of the GABA-B receptor"),
    ("Schedule II controlled substance", "Schedule II controlled substances"),
    # no regular plural
    ("opiods", None),            # ends in s
    ("anti-spasticity", None),   # ends in y
    ("GABA", None),              # an acronym
    ("Schedule II", None),       # a Roman numeral
    ("C-II", None),
    ("Schedule 2", None),        # not a letter
    ("", None),
])
def test_pluralize(phrase, plural):
    assert pluralize(phrase) == plural


def test_the_classes_of_a_drug_are_its_broadest_placements(kb):
    assert [f.object for f in kb.classes_of("oxycodone")] == ["opioid"]
    assert kb.classes_of("opioid") == []


@pytest.mark.parametrize("a,b,verdict", [
    ("fentanyl", "oxycodone", "supported"),   # both opioids
    ("baclofen", "tizanidine", "supported"),  # both skeletal muscle relaxants
    ("baclofen", "oxycodone", "refuted"),     # baclofen is not an opioid
    ("fentanyl", "baclofen", "refuted"),      # either way round: baclofen is not an opioid
    ("baclofen", "ibuprofen", None),          # nothing says baclofen is or is not an NSAID
])
def test_shared_class(kb, a, b, verdict):
    m = kb.shared_class(a, b)
    assert ("supported" if m.supported else "refuted" if m.refuted else None) == verdict
    for inf in m.supported + m.refuted:  # each carries the other drug's placement it was read against
        assert inf.via and inf.via[-1].relation == "is_a" and inf.via[-1].subject in (a, b)
