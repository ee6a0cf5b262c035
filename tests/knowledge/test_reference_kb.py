"""The reference knowledge base (issue 14): evidence by reference, classes with senses, contested
and scoped facts, and the drugs people confuse. Sentences and expected verdicts are in
``tests/data/reference_cases.yaml``."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from factcheck.knowledge.claimset import ClaimSetError, Evidence, load_claimset
from factcheck.knowledge.kb import KnowledgeBase
from factcheck.resources import claims_dir

CASES = [c for p in sorted((Path(__file__).parents[1] / "data").glob("reference_cases*.yaml"))
         for c in yaml.safe_load(p.read_text(encoding="utf-8"))["cases"]]


def _finding(checker, case):
    subject, obj = case["claim"]
    found = [f for f in checker.check(case["text"]).findings if (f.subject.id, f.object.id) == (subject, obj)]
    assert len(found) == 1, f"{case['text']!r}: expected one {subject} / {obj} claim, got " \
        f"{[(f.subject.id, f.object.id) for f in checker.check(case['text']).findings]}"
    return found[0]


@pytest.mark.parametrize("case", CASES, ids=[c["text"] for c in CASES])
def test_reference_case(checker, case):
    f = _finding(checker, case)
    assert f.verdict == case["verdict"], (f.verdict, f.note, [e.fact_id for e in f.evidence])
    if "sense" in case:
        assert case["sense"] in {e.sense for e in f.evidence}
    if "assertion" in case:
        assert f.assertion == case["assertion"]
    if "note" in case:
        assert f.note and case["note"] in f.note
    if "cites" in case:
        shown = [e.citation or "" for e in f.evidence] + [f.correction or ""]
        assert any(case["cites"] in s for s in shown), shown
    if f.verdict == "refuted" and not f.negated:
        assert f.correction and f.correction.startswith(f.subject.text)
    if f.verdict != "unverifiable":
        assert f.evidence, "a verdict always shows its evidence"


def _negated(case: dict) -> bool:
    return any(w in f" {case['text']} " for w in (" not ", "n't ", " non-", " no "))


def test_every_drug_has_a_true_a_false_and_a_negated_case():
    """Issue 14's done-when, for every drug of the shipped claim set: a sentence the claim set
    supports, one it refutes and a negated one. A drug whose every fact is contested (kratom)
    can have no decided sentence; it has an asserted and a negated case instead, each left
    unverifiable with the reason, and the claim set must indeed settle nothing about it."""
    claimset = load_claimset()
    drugs = [c.id for c in claimset.concepts.values() if c.type == "drug"]
    by_drug: dict[str, list[dict]] = {}
    for c in CASES:
        by_drug.setdefault(c["claim"][0], []).append(c)
    contested_only = {d for d in drugs if all(f.status == "contested" for f in claimset.facts if f.subject == d)}
    assert contested_only == {"kratom"}
    for drug in drugs:
        cases = by_drug.get(drug, [])
        verdicts = {c["verdict"] for c in cases}
        if drug in contested_only:
            undecided = [c for c in cases if c["verdict"] == "unverifiable" and c.get("note")]
            assert verdicts == {"unverifiable"} and any(_negated(c) for c in undecided) and \
                any(not _negated(c) for c in undecided), drug
        else:
            assert {"supported", "refuted"} <= verdicts and any(_negated(c) for c in cases), drug


def test_gabapentin_correction_names_the_right_class_and_cites_it(checker):
    (f,) = checker.check("Gabapentin is an opioid.").findings
    assert f.correction.startswith("Gabapentin is not an opioid; it is an anticonvulsant and a gabapentinoid.")
    assert "Anti-epileptic Agent [EPC]" in f.correction and "WHO ATC N02BF01" in f.correction


def test_cited_evidence_carries_the_citation_not_a_quote(checker):
    (f,) = checker.check("Soma is not a controlled substance.").findings
    cited = [e for e in f.evidence if e.authority]
    assert cited and all(e.quote is None and e.source_id is None for e in cited)
    fr = next(e for e in cited if e.authority == "federal_register")
    assert (fr.identifier, fr.date, fr.url) == ("76 FR 77330", "2012-01-11",
                                                "https://www.federalregister.gov/citation/76-FR-77330")
    assert fr.statement and fr.sense == "legal_us"


def test_the_sense_that_decides_is_named(checker):
    (f,) = checker.check("Cocaine is not a narcotic.").findings
    assert f.verdict == "refuted" and {e.sense for e in f.evidence} == {"legal_us"}


# ---------------------------------------------------------------------------- the schema

def _cite(**over):
    base = {"authority": "atc", "identifier": "N02AX02", "url": "https://atcddd.fhi.no/atc_ddd_index/?code=N02AX02",
            "statement": "WHO ATC code of tramadol."}
    base.update(over)
    return base


@pytest.mark.parametrize("authority,identifier", [
    ("atc", "N02AX02"), ("cfr", "21 CFR 1308.14(b)(3)"), ("cfr", "21 CFR 1308.11-1308.15"),
    ("federal_register", "79 FR 37623"), ("fda_epc", "Opioid Agonist [EPC]"), ("fda_moa", "Opioid Agonists [MoA]"),
])
def test_valid_identifiers(authority, identifier):
    url = {"atc": f"https://atcddd.fhi.no/atc_ddd_index/?code={identifier}", "cfr": "https://www.ecfr.gov/x",
           "federal_register": "https://www.federalregister.gov/x"}.get(authority, "https://dailymed.nlm.nih.gov/x")
    e = Evidence.model_validate(_cite(authority=authority, identifier=identifier, url=url))
    assert e.cited and identifier in e.label


@pytest.mark.parametrize("authority,identifier", [
    ("atc", "N02AX2"), ("atc", "n02ax02"), ("cfr", "21 CFR 1310.04"), ("cfr", "21 CFR 1308.16"),
    ("federal_register", "79FR37623"), ("fda_epc", "Opioid Agonist"), ("fda_moa", "Opioid Agonists [EPC]"),
])
def test_invalid_identifiers_are_rejected(authority, identifier):
    with pytest.raises(ValueError, match="not a valid"):
        Evidence.model_validate(_cite(authority=authority, identifier=identifier))


@pytest.mark.parametrize("change,message", [
    ({"url": "https://example.org/?code=N02AX02"}, "links to"),
    ({"url": "https://atcddd.fhi.no/atc_ddd_index/?code=N02AX01"}, "does not name"),
    ({"url": "http://atcddd.fhi.no/atc_ddd_index/?code=N02AX02"}, "pattern"),
    ({"statement": None}, "needs statement"),
    ({"authority": "who"}, "authority"),
    ({"quote": "some words"}, "not a mix"),
])
def test_malformed_citations_are_rejected(change, message):
    with pytest.raises(ValueError, match=message):
        Evidence.model_validate(_cite(**change))


def _user_file(tmp_path: Path, facts: list[dict], concepts: list[dict] | None = None) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text(yaml.safe_dump({"concepts": concepts or [], "facts": facts}), encoding="utf-8")
    return path


def _fact(fid, subject, obj, polarity=True, **kw):
    return {"id": fid, "subject": subject, "relation": "is_a", "object": obj, "polarity": polarity,
            "evidence": [_cite()], **kw}


def test_a_user_reference_fact_loads_with_the_shipped_layers(tmp_path):
    concept = {"id": "levorphanol", "type": "drug", "name": "levorphanol", "aliases": [{"text": "Levo-Dromoran", "kind": "brand"}]}
    path = _user_file(tmp_path, [_fact("levorphanol-opioid-agonist", "levorphanol", "opioid_agonist")], [concept])
    kb = KnowledgeBase(load_claimset([claims_dir(), path]))
    assert kb.membership("levorphanol", "opioid").supported
    assert kb.membership("levorphanol", "opioid_antagonist").refuted  # agonist vs antagonist


def test_a_contradiction_between_the_layers_names_both_files(tmp_path):
    path = _user_file(tmp_path, [_fact("tramadol-not-opioid-mine", "tramadol", "opioid", polarity=False)])
    with pytest.raises(ClaimSetError) as info:
        KnowledgeBase(load_claimset([claims_dir(), path]))
    msg = str(info.value)
    assert str(path) in msg and str(claims_dir() / "reference-facts.yaml") in msg
    assert "ref-tramadol-opioid-agonist" in msg


def test_the_article_and_the_reference_layer_are_one_kb(tmp_path):
    # a reference fact that contradicts the article's quoted fact is a load error naming both
    path = _user_file(tmp_path, [_fact("baclofen-opioid-mine", "baclofen", "opioid_agonist")])
    with pytest.raises(ClaimSetError) as info:
        KnowledgeBase(load_claimset([claims_dir(), path]))
    assert "baclofen-not-opioid" in str(info.value) and str(claims_dir() / "facts.yaml") in str(info.value)


def test_a_denial_by_reference_alone_needs_a_placement(tmp_path):
    concept = {"id": "levorphanol", "type": "drug", "name": "levorphanol"}
    path = _user_file(tmp_path, [_fact("levorphanol-not-controlled", "levorphanol", "controlled_substance", polarity=False)],
                      [concept])
    with pytest.raises(ClaimSetError, match="no established fact places"):
        KnowledgeBase(load_claimset([claims_dir(), path]))


def test_a_contested_fact_needs_a_reason(tmp_path):
    path = _user_file(tmp_path, [_fact("x-contested", "tramadol", "gabapentinoid", status="contested")])
    with pytest.raises(ClaimSetError, match="needs a note"):
        load_claimset([claims_dir(), path])


def test_scoped_facts_may_disagree_unscoped_ones_may_not(tmp_path):
    ok = _user_file(tmp_path, [_fact("codeine-iv-mine", "codeine", "schedule_iv", scope="an imagined formulation")])
    KnowledgeBase(load_claimset([claims_dir(), ok]))  # codeine's schedules are all scoped
    bad = _user_file(tmp_path, [_fact("codeine-iv-mine", "codeine", "schedule_iv")])
    with pytest.raises(ClaimSetError, match="contradicts"):
        KnowledgeBase(load_claimset([claims_dir(), bad]))



def test_stimulant_and_depressant_exclude_each_other_as_declared_data(tmp_path):
    kb = KnowledgeBase(load_claimset([claims_dir()]))
    axiom, _, _ = kb.disjointness("stimulant", "depressant")
    assert axiom.id == "stimulant_vs_depressant" and axiom.sense == "pharmacology" and axiom.note
    # the benzodiazepine structure itself excludes no stimulant: the exclusion goes through a drug's
    # cited depressant placement, so a benzodiazepine without one stays undecided
    assert kb.disjointness("benzodiazepine", "stimulant") is None
    concept = {"id": "flumazenil", "type": "drug", "name": "flumazenil"}
    path = _user_file(tmp_path, [_fact("flumazenil-benzodiazepine-mine", "flumazenil", "benzodiazepine")], [concept])
    kb = KnowledgeBase(load_claimset([claims_dir(), path]))
    assert not kb.membership("flumazenil", "stimulant").refuted
    # a drug placed in both is a load error naming both facts
    bad = _user_file(tmp_path, [_fact("codeine-stimulant-mine", "codeine", "stimulant")])
    with pytest.raises(ClaimSetError) as info:
        KnowledgeBase(load_claimset([claims_dir(), bad]))
    assert "ref-codeine-depressant" in str(info.value)


# ---------------------------------------------------------------------------- outputs show citations

CITED = "Soma is not a controlled substance."


def _render(checker, kb, fmt: str) -> str:
    import io

    from factcheck.outputs.base import Item
    from factcheck.outputs.registry import make_renderer

    out = io.StringIO()
    r = make_renderer(fmt, out, kb.claimset)
    r.add(Item(id="post", name="post.txt", text=CITED, path="post.txt"), checker.check(CITED))
    r.finish(True)
    return out.getvalue()


def test_text_output_shows_the_citation(checker, kb):
    text = _render(checker, kb, "text")
    assert "cited 21 CFR 1308.14(c) (from 2012-01-11) [legal_us sense]:" in text
    assert "<https://www.ecfr.gov/current/title-21/section-1308.14>" in text


def test_json_output_carries_the_citation_fields(checker, kb):
    import json

    (record,) = [json.loads(line) for line in _render(checker, kb, "jsonl").splitlines() if line.strip()]
    ev = record["findings"][0]["evidence"][0]
    assert ev["authority"] == "cfr" and ev["identifier"] == "21 CFR 1308.14(c)" and ev["quote"] is None
    assert ev["url"].startswith("https://www.ecfr.gov/") and ev["date"] == "2012-01-11" and ev["statement"]


def test_sarif_rule_links_the_authority(checker, kb):
    import json

    rules = json.loads(_render(checker, kb, "sarif"))["runs"][0]["tool"]["driver"]["rules"]
    rule = next(r for r in rules if r["id"] == "ref-carisoprodol-schedule-iv")
    assert rule["helpUri"] == "https://www.ecfr.gov/current/title-21/section-1308.14"
    assert "76 FR 77330" in rule["fullDescription"]["text"]
    assert {c["identifier"] for c in rule["properties"]["citations"]} == {"21 CFR 1308.14(c)", "76 FR 77330"}


def test_claimreview_cites_by_reference(checker, kb):
    import json

    (review,) = json.loads(_render(checker, kb, "claimreview"))
    works = {c["identifier"]: c for c in review["citation"] if c["@type"] == "CreativeWork"}
    assert works["76 FR 77330"]["url"] == "https://www.federalregister.gov/citation/76-FR-77330"
    assert works["76 FR 77330"]["temporalCoverage"] == "2012-01-11/.."
    assert not [c for c in review["citation"] if c["@type"] == "Quotation"]


def test_html_links_the_citation(checker, kb):
    html = _render(checker, kb, "html")
    assert '<a href="https://www.federalregister.gov/citation/76-FR-77330" rel="noopener noreferrer">76 FR 77330</a>' in html
