"""A citation's confirmation against its authority (issue 14): ``confirmed: {on, via}`` on an
evidence item, its validation, the shipped reference facts that carry it, and ``claims list``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from helpers import run
from pydantic import ValidationError

from factcheck.knowledge.claimset import ClaimSetError, Evidence, load_claimset
from factcheck.resources import claims_dir

VIA = "http://federal.elaws.us/cfr/21-cfr-1308.14 (eCFR text as updated 2024-11-08)"


def _cite(**over) -> dict:
    base = {"authority": "cfr", "identifier": "21 CFR 1308.14(c)", "url": "https://www.ecfr.gov/current/title-21/section-1308.14",
            "statement": "Diazepam is listed in Schedule IV of the federal list."}
    base.update(over)
    return base


def test_a_confirmation_is_a_date_and_a_document():
    e = Evidence.model_validate(_cite(confirmed={"on": "2026-11-30", "via": f"  {VIA} "}))
    assert e.confirmed is not None
    assert e.confirmed.on == dt.date(2026, 11, 30) and e.confirmed.via == VIA
    assert Evidence.model_validate(_cite()).confirmed is None  # optional: cited, not yet confirmed


def test_unquoted_yaml_on_key_is_read_as_on():
    # YAML 1.1 turns a bare ``on`` key into True; the schema takes it back
    data = yaml.safe_load(f"confirmed: {{on: 2026-11-30, via: '{VIA}'}}")
    assert True in data["confirmed"]
    e = Evidence.model_validate(_cite(**data))
    assert e.confirmed is not None and e.confirmed.on == dt.date(2026, 11, 30)


@pytest.mark.parametrize("confirmed,message", [
    ({"on": "2026-11-30", "via": "   "}, "blank"),
    ({"on": "2026-11-30", "via": ""}, "at least 1 character"),
    ({"on": "2026-11-30"}, "via"),
    ({"via": VIA}, "on"),
    ({"on": "30/11/2026", "via": VIA}, "date"),
    ({"on": "2999-01-01", "via": VIA}, "future"),
    ({"on": "2026-11-30", "via": VIA, "by": "me"}, "Extra inputs"),
    ("yes", "valid dictionary"),
])
def test_malformed_confirmations_are_rejected(confirmed, message):
    with pytest.raises(ValidationError, match=message):
        Evidence.model_validate(_cite(confirmed=confirmed))


def test_a_quote_takes_no_confirmation():
    quote = {"source": "s", "quote": "Baclofen is not an opioid.", "start": 0, "end": 26}
    Evidence.model_validate(quote)
    with pytest.raises(ValidationError, match="'confirmed' is for citations"):
        Evidence.model_validate({**quote, "confirmed": {"on": "2026-11-30", "via": VIA}})


def test_an_unconfirmed_citation_may_say_why():
    e = Evidence.model_validate(_cite(unconfirmed="  only excerpts of the section were readable "))
    assert e.confirmed is None and e.unconfirmed == "only excerpts of the section were readable"


@pytest.mark.parametrize("over,message", [
    ({"unconfirmed": "   "}, "blank"),
    ({"unconfirmed": "x" * 301}, "at most 300"),
    ({"unconfirmed": "not read", "confirmed": {"on": "2026-11-30", "via": VIA}}, "not both"),
])
def test_malformed_unconfirmed_reasons_are_rejected(over, message):
    with pytest.raises(ValidationError, match=message):
        Evidence.model_validate(_cite(**over))


def test_a_quote_takes_no_unconfirmed_reason():
    quote = {"source": "s", "quote": "Baclofen is not an opioid.", "start": 0, "end": 26}
    with pytest.raises(ValidationError, match="'unconfirmed' is for citations"):
        Evidence.model_validate({**quote, "unconfirmed": "not read"})


def test_a_bad_confirmation_in_a_file_names_the_fact(tmp_path: Path):
    fact = {"id": "mine-diazepam-iv", "subject": "diazepam", "relation": "is_a", "object": "schedule_iv",
            "evidence": [_cite(confirmed={"on": "2026-11-30", "via": " "})]}
    path = tmp_path / "mine.yaml"
    path.write_text(yaml.safe_dump({"facts": [fact]}), encoding="utf-8")
    with pytest.raises(ClaimSetError) as info:
        load_claimset([claims_dir(), path])
    assert "mine-diazepam-iv" in str(info.value) and str(path) in str(info.value)


# ---------------------------------------------------------------------------- the shipped data

SHIPPED = load_claimset()
CITED = [(f, e) for f in SHIPPED.facts for e in f.evidence if e.cited]


def test_confirmations_in_the_shipped_reference_facts_are_well_formed():
    confirmed = [(f, e) for f, e in CITED if e.confirmed]
    assert confirmed, "the reference layer records what was confirmed"
    for f, e in confirmed:
        assert e.confirmed is not None
        assert e.confirmed.on <= dt.date.today(), f.id
        assert e.confirmed.via.startswith(("http://", "https://")), (f.id, e.confirmed.via)


def test_every_shipped_citation_is_confirmed_or_says_why_not():
    silent = [(f.id, e.identifier) for f, e in CITED if e.confirmed is None and not e.unconfirmed]
    assert not silent, silent


def test_dextromethorphan_is_not_cited_to_a_definition_that_does_not_name_it():
    # 21 U.S.C. 802(18) defines "opiate or opioid" by morphine-like addiction liability and names no
    # substance; the statute's dextromethorphan clause is 811(g)(2), which keeps it out of the schedules
    dxm = [(f, e) for f, e in CITED if f.subject == "dextromethorphan"]
    assert not [f.id for f, e in dxm if e.identifier == "21 U.S.C. 802(18)"]
    (e,) = [e for f, e in dxm if f.id == "ref-dextromethorphan-not-controlled" and e.identifier == "21 U.S.C. 811(g)(2)"]
    assert e.confirmed is not None and "811(g)(2)" in e.confirmed.via


@pytest.mark.parametrize("fact_id,authority,identifier", [
    ("ref-diazepam-benzodiazepine", "fda_epc", "Benzodiazepine [EPC]"),
    ("ref-diazepam-benzodiazepine", "atc", "N05BA01"),
    ("ref-cyclobenzaprine-skeletal-muscle-relaxant", "fda_epc", "Muscle Relaxant [EPC]"),
    ("ref-tramadol-opioid-agonist", "fda_epc", "Opioid Agonist [EPC]"),
    ("ref-tramadol-schedule-iv", "cfr", "21 CFR 1308.14(b)"),
    ("ref-tramadol-schedule-iv", "federal_register", "79 FR 37623"),
    ("ref-fentanyl-opioid-agonist", "atc", "N02AB03"),
])
def test_the_facts_behind_the_real_false_claims_are_confirmed(fact_id, authority, identifier):
    (fact,) = [f for f in SHIPPED.facts if f.id == fact_id]
    (e,) = [e for e in fact.evidence if (e.authority, e.identifier) == (authority, identifier)]
    assert e.confirmed is not None


def test_the_readme_states_the_confirmed_count_of_the_shipped_facts():
    # the README's figure is the data's, not a hand-kept number
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    confirmed = sum(1 for _, e in CITED if e.confirmed)
    assert f"{confirmed} of {len(CITED)}" in " ".join(readme.split())


def test_no_citation_names_an_epc_term_that_was_not_found():
    # dantrolene carries no FDA established pharmacologic class: its facts cite the label's class
    assert not [f.id for f, e in CITED if e.authority == "fda_epc" and e.identifier == "Skeletal Muscle Relaxant [EPC]"]
    for fid in ("ref-dantrolene-skeletal-muscle-relaxant", "ref-dantrolene-not-opioid"):
        (fact,) = [f for f in SHIPPED.facts if f.id == fid]
        (label,) = [e for e in fact.evidence if e.authority == "label"]
        assert label.confirmed is not None and "skeletal muscle relaxant" in (label.statement or "")


@pytest.mark.parametrize("drug,code,former", [("gabapentin", "N02BF01", "N03AX12"), ("pregabalin", "N02BF02", "N03AX16")])
def test_gabapentinoid_atc_citations_say_which_edition(drug, code, former):
    (fact,) = [f for f in SHIPPED.facts if f.id == f"ref-{drug}-gabapentinoid"]
    (e,) = [e for e in fact.evidence if e.authority == "atc"]
    assert e.identifier == code and e.url.endswith(code)
    statement = " ".join((e.statement or "").split())
    assert "current index" in statement and former in statement
    # both editions were read in copies of the WHOCC index (2026-04-25 and 2021-12-03); the via says so
    assert e.confirmed is not None
    assert code in e.confirmed.via and former in e.confirmed.via


@pytest.mark.parametrize("text,authority,identifier", [
    ("Dantrolene is an opioid.", "label", "Revonto (dantrolene sodium), Description"),
    ("Cocaine is an opioid.", "fda_epc", "Ester Local Anesthetic [EPC]"),
    ("Dextromethorphan is an opioid agonist.", "fda_epc", "Uncompetitive N-methyl-D-aspartate Receptor Antagonist [EPC]"),
])
def test_findings_cite_the_citations_confirmed_by_label_wording(checker, text, authority, identifier):
    (f,) = checker.check(text).findings
    assert f.verdict == "refuted"
    assert (authority, identifier) in {(ev.authority, ev.identifier) for ev in f.evidence}


def test_codeine_schedule_v_scope_follows_the_cfr_wording():
    (fact,) = [f for f in SHIPPED.facts if f.id == "ref-codeine-schedule-v"]
    assert fact.scope and "cough" not in fact.scope and "200 mg per 100 mL" in fact.scope
    assert "non-narcotic active ingredient" in (fact.evidence[0].statement or "")


# ---------------------------------------------------------------------------- claims list

def test_claims_list_marks_confirmed_and_unconfirmed_citations():
    code, out = run(["claims", "list"])
    assert code == 0
    rows = {line.split()[0]: line for line in out.splitlines()}
    first = {f.id: f.evidence[0] for f in SHIPPED.facts}
    for fid, e in first.items():
        if not e.cited:
            assert "confirmed" not in rows[fid]
        elif e.confirmed:
            assert rows[fid].endswith(f"[confirmed {e.confirmed.on.isoformat()}]"), fid
        else:
            assert rows[fid].endswith("[unconfirmed]"), fid
    assert any(r.endswith("[unconfirmed]") for r in rows.values())  # the listing tells both apart


def test_claims_list_json_carries_the_confirmation():
    code, out = run(["claims", "list", "--format", "json"])
    assert code == 0
    facts = {f["id"]: f for f in json.loads(out)}
    ev = facts["ref-diazepam-schedule-iv"]["evidence"][0]
    assert ev["confirmed"]["on"] == "2026-11-30" and "1308.14" in ev["confirmed"]["via"]
    assert ev["unconfirmed"] is None
    (listed,) = [e for e in facts["ref-gabapentin-not-controlled"]["evidence"] if e["authority"] == "cfr"]
    assert listed["confirmed"] is None and "1308.11-1308.15" in listed["unconfirmed"]


# ---------------------------------------------------------------------------- 'opiate' by sense

@pytest.mark.parametrize("text,subject", [
    ("Fentanyl is an opiate.", "fentanyl"),
    ("I would think fentanyl stops withdrawal since it is an opiate.", "fentanyl"),
    ("Fentanyl is not an opiate.", "fentanyl"),
    ("Tramadol is not an opiate.", "tramadol"),
    ("Ultram is an opiate.", "tramadol"),
])
def test_synthetic_opioids_as_opiates_stay_unverifiable_with_the_reason(checker, text, subject):
    found = [f for f in checker.check(text).findings if (f.subject.id, f.object.id) == (subject, "opiate")]
    assert len(found) == 1, [(f.subject.id, f.object.id) for f in checker.check(text).findings]
    (f,) = found
    assert f.verdict == "unverifiable"
    assert f.note and "contested" in f.note and "sense" in f.note


@pytest.mark.parametrize("text,verdict", [
    ("Fentanyl is not an opioid.", "refuted"),
    ("Tramadol is an opioid.", "supported"),
    ("Tramadol is not a narcotic.", "refuted"),
])
def test_the_opiate_question_leaves_the_opioid_facts_decided(checker, text, verdict):
    (f,) = checker.check(text).findings
    assert f.verdict == verdict
