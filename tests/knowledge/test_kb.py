"""The knowledge base over the shipped claim set: hierarchy, disjointness, membership reasoning,
aliases. Cases in tests/data/kb.yaml."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
import yaml
from helpers import grouped_cases

from factcheck.knowledge.kb import pluralize

SCHEDULES = yaml.safe_load((Path(__file__).parents[1] / "data" / "kb.yaml").read_text(encoding="utf-8"))["schedules"]


def cases(table: str) -> list:
    """The cases of ``table`` in tests/data/kb.yaml, each with its group as its test id."""
    return [pytest.param(case, id=f"{group}: {case}") for group, case in grouped_cases("kb", table)]


# ---------------------------------------------------------------------------- hierarchy

@pytest.mark.parametrize("case", cases("subclass"))
def test_subclass(kb, case):
    specific, general = case["specific"], case["general"]
    assert kb.subsumes(general, specific)
    assert not kb.subsumes(specific, general)
    assert general in kb.ancestors(specific)
    assert kb.ancestors(specific)[0] == specific  # a class is its own first ancestor
    assert kb.chain(specific, general) == [specific, general]


@pytest.mark.parametrize("case", cases("unrelated"))
def test_unrelated_classes_do_not_subsume(kb, case):
    a, b = case["a"], case["b"]
    assert not kb.subsumes(a, b) and not kb.subsumes(b, a)
    assert kb.chain(a, b) == [] and kb.chain(b, a) == []


# ---------------------------------------------------------------------------- disjointness

@pytest.mark.parametrize("case", cases("disjoint"))
def test_disjointness_is_inherited_by_subclasses(kb, case):
    a, b = case["a"], case["b"]
    found = kb.disjointness(a, b)
    assert found is not None
    d, x, y = found
    assert d.id == case["axiom"]
    # the two classes the axiom names are ancestors of a and b respectively
    assert x in kb.ancestors(a) and y in kb.ancestors(b)
    assert {x, y} <= set(d.classes) and x != y


@pytest.mark.parametrize("a,b", list(itertools.permutations(SCHEDULES, 2)))
def test_schedules_are_pairwise_disjoint(kb, a, b):
    found = kb.disjointness(a, b)
    assert found is not None
    assert found[0].id == "one_federal_schedule"
    assert (found[1], found[2]) == (a, b)


@pytest.mark.parametrize("case", cases("not_disjoint"))
def test_not_disjoint(kb, case):
    assert kb.disjointness(case["a"], case["b"]) is None
    assert kb.disjointness(case["b"], case["a"]) is None


# ---------------------------------------------------------------------------- membership

def _ids(inferences):
    return {i.fact.id for i in inferences}


@pytest.mark.parametrize("case", [pytest.param(c, id=f"{c['subject']}-{c['class']}-{c['fact']}")
                                  for _, c in grouped_cases("kb", "membership")])
def test_membership(kb, case):
    subject, cls, verdict, fact_id, step = case["subject"], case["class"], case["verdict"], case["fact"], case["step"]
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


@pytest.mark.parametrize("case", cases("membership_unknown"))
def test_membership_unknown(kb, case):
    result = kb.membership(case["subject"], case["class"])
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


@pytest.mark.parametrize("case", cases("aliases"))
def test_alias_index(kb, case):
    assert kb.alias_index()[case["alias"]] == {case["concept"]}


@pytest.mark.parametrize("case", cases("no_plural"))
def test_no_plural_where_none_applies(kb, case):
    assert case not in kb.alias_index()


def test_abbreviations_are_case_sensitive(kb):
    sensitive = {e.text for e in kb.aliases if e.case_sensitive}
    assert {"MS", "CNS", "MOR"} <= sensitive
    assert not any(e.case_sensitive for e in kb.aliases if e.text.lower() == "baclofen")


@pytest.mark.parametrize("case", cases("pluralize"))
def test_pluralize(case):
    assert pluralize(case["phrase"]) == case["plural"]


def test_the_classes_of_a_drug_are_its_broadest_placements(kb):
    assert [f.object for f in kb.classes_of("oxycodone")] == ["opioid"]
    assert kb.classes_of("opioid") == []


@pytest.mark.parametrize("case", cases("shared_class"))
def test_shared_class(kb, case):
    a, b = case["a"], case["b"]
    m = kb.shared_class(a, b)
    assert ("supported" if m.supported else "refuted" if m.refuted else None) == case["verdict"]
    for inf in m.supported + m.refuted:  # each carries the other drug's placement it was read against
        assert inf.via and inf.via[-1].relation == "is_a" and inf.via[-1].subject in (a, b)
