"""How a drug acts on a receptor (models/receptor_actions.yaml): a claim whose verb says that the
drug activates or blocks a receptor is read as a membership in the agonist or antagonist class,
where established facts decide it. The sentence cases are in tests/data/reference_cases_2.yaml."""

from __future__ import annotations

import pytest
import yaml

from factcheck.errors import FactcheckError
from factcheck.pipeline.verify import ReceptorActions, shipped_receptor_actions


def _acts_on(checker, text):
    (f,) = [f for f in checker.check(text).findings if f.relation == "acts_on"]
    return f


def test_the_verb_decides_through_the_agonist_class_and_says_so(checker):
    f = _acts_on(checker, "Naloxone works by activating opioid receptors.")
    assert f.verdict == "refuted"
    assert f.note and "'activating'" in f.note and "naloxone is an opioid agonist" in f.note
    assert f.correction.startswith("Naloxone is not an opioid agonist; it is an opioid antagonist.")
    assert {e.fact_id for e in f.evidence} == {"ref-naloxone-opioid-antagonist"}


def test_a_verb_that_names_no_action_leaves_the_acts_on_facts_to_decide(checker):
    f = _acts_on(checker, "Loperamide acts on opioid receptors.")
    assert f.verdict == "supported" and f.note is None
    g = _acts_on(checker, "Loperamide blocks opioid receptors.")
    assert g.verdict == "refuted" and g.correction.startswith("Loperamide is not an opioid antagonist")


def test_where_the_acts_on_facts_agree_they_stay_the_evidence(checker):
    f = _acts_on(checker, "Baclofen activates GABA-B receptors.")
    assert f.verdict == "supported" and f.note is None
    assert "baclofen-acts-on-gaba-b" in {e.fact_id for e in f.evidence}


def test_a_contested_membership_decides_nothing_alone(checker):
    f = _acts_on(checker, "Carisoprodol works by blocking opioid receptors.")
    assert f.verdict == "unverifiable"


def test_the_shipped_lexicon_names_claim_set_classes(kb):
    actions = shipped_receptor_actions()
    assert actions.mode("activate") == "agonist" and actions.mode("block") == "antagonist"
    assert actions.mode("bind") is None
    for receptor, by_mode in actions.classes.items():
        assert kb.concept(receptor).type == "receptor"
        for cls in by_mode.values():
            assert kb.concept(cls).type == "class"


@pytest.mark.parametrize("data,message", [
    ({"modes": {"agonist": ["Activate"]}, "classes": {}}, "lower-case"),
    ({"modes": {"agonist": ["turn on"]}, "classes": {}}, "one-word"),
    ({"modes": {"partial": ["activate"]}, "classes": {}}, "modes"),
    ({"modes": {}, "classes": {"opioid_receptor": {"blocker": "opioid_antagonist"}}}, "classes"),
])
def test_a_malformed_lexicon_fails_naming_the_file_and_field(tmp_path, data, message):
    path = tmp_path / "receptor_actions.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(FactcheckError, match=message) as err:
        ReceptorActions.load(path)
    assert str(path) in str(err.value)
