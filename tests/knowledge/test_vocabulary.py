"""The open vocabulary: drugs from the dictionary, classes and properties from
models/vocabulary.yaml; claims about them are found and stay unverifiable until the claim set
decides them; the claim set always wins."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from factcheck.cli import app as cli
from factcheck.knowledge.claimset import Alias, Concept, load_claimset
from factcheck.knowledge.kb import KnowledgeBase
from factcheck.knowledge.vocabulary import DRUG_ID_PREFIX, Vocabulary, VocabularyFile, shipped_vocabulary
from factcheck.outputs.json import summarize
from factcheck.pipeline.mentions import mentions

LEAFLETS = Path(__file__).parent.parent / "data" / "leaflets"


def claims(checker, text):
    return [(f.subject.id, f.relation, f.object.id, f.verdict, f.note) for f in checker.check(text).findings]


# ------------------------------------------------------------------ unknown subjects
@pytest.mark.parametrize("text,subject,obj", [
    ("Claritin is an opioid.", "loratadine", "opioid"),
    ("loratadine is an antihistamine", "loratadine", "antihistamine"),
    ("Sertraline is an SSRI.", "sertraline", "ssri"),
    ("Lamotrigine is used to treat epilepsy.", "lamotrigine", "epilepsy"),
    ("Hydroxyzine can cause dry mouth.", "hydroxyzine", "dry_mouth"),
])
def test_a_claim_about_a_drug_the_claim_set_lacks_is_an_unverifiable_finding(checker, text, subject, obj):
    report = checker.check(text)
    [finding] = report.findings
    assert not report.flagged
    assert finding.verdict == "unverifiable"
    assert finding.subject.id == DRUG_ID_PREFIX + subject and finding.object.id == obj
    assert finding.note == f"the claim set has no facts about {subject}"


def test_a_known_drug_and_an_open_class_is_unverifiable_not_guessed(checker):
    [(subject, _, obj, verdict, note)] = claims(checker, "Xanax is an SSRI.")
    assert (subject, obj, verdict) == ("alprazolam", "ssri", "unverifiable")
    assert note == "the claim set has no fact that relates alprazolam to selective serotonin reuptake inhibitor"


def test_dictionary_brand_names_of_a_claim_set_drug_are_that_drug(checker):
    # Tylenol: a brand of acetaminophen in the dictionary; the claim set says it is no NSAID
    [(subject, _, obj, verdict, _)] = claims(checker, "Tylenol is an NSAID.")
    assert (subject, obj, verdict) == ("acetaminophen", "nsaid", "refuted")


def test_exclusive_facts_do_not_refute_objects_only_the_vocabulary_names(checker):
    # the claim set: baclofen acts exclusively on GABA-B (among the receptors it names)
    [(_, relation, obj, verdict, _)] = claims(checker, "Baclofen acts on voltage-gated calcium channels.")
    assert (relation, obj, verdict) == ("acts_on", "calcium_channel", "unverifiable")
    [(_, _, obj, verdict, _)] = claims(checker, "Baclofen acts on opioid receptors.")
    assert (obj, verdict) == ("opioid_receptor", "refuted")


# ------------------------------------------------------------------ the claim set wins
def test_words_of_the_claim_set_and_ordinary_words_are_no_dictionary_drugs(nlp):
    doc = nlp("I bought the generics. GABA is a neurotransmitter. I was given baclofin.")
    assert [(m.text, m.kb_id_) for m in mentions(doc)] == [("baclofin", "baclofen")]


def test_a_dictionary_name_is_never_corrected_into_another_drug(checker):
    corrector = checker.nlp.get_pipe("factcheck_mentions").matcher.corrector
    # "hydroxyzine" is a drug of its own, whatever curated word it resembles
    assert corrector.correct("Hydroxyzine") is None


def test_vocabulary_concepts_never_override_the_claim_set():
    claimset = load_claimset()
    file = VocabularyFile(concepts=(
        Concept(id="opioid", type="class", name="something else"),            # the claim set's id
        Concept(id="opioid_like", type="class", name="opioid"),               # the claim set's name
        Concept(id="pill_class", type="class", name="pill class",
                aliases=(Alias(text="narcotic"), Alias(text="pill group"))),  # one alias taken
    ))
    kb = KnowledgeBase(claimset, Vocabulary(file, None))
    assert kb.concept("opioid").name == "opioid" and "opioid_like" not in kb.concepts
    assert [a.text for a in kb.concept("pill_class").aliases] == ["pill group"]
    assert not kb.known("pill_class") and kb.known("baclofen")


def test_no_vocabulary_means_the_claim_set_alone():
    kb = KnowledgeBase(load_claimset(), None)
    assert "ssri" not in kb.concepts and kb.dictionary is None
    assert kb.dictionary_drug("claritin") is None


def test_a_dictionary_drug_is_known_by_id_in_a_fresh_knowledge_base():
    # a saved Doc carries the id only; another process's knowledge base finds the drug by it
    kb = KnowledgeBase(load_claimset())
    concept = kb.concept(DRUG_ID_PREFIX + "loratadine")
    assert (concept.type, concept.name, concept.identifiers) == ("drug", "loratadine", {"drugbank": "DB00455"})
    with pytest.raises(KeyError):
        kb.concept(DRUG_ID_PREFIX + "no_such_drug")


def test_vocabulary_street_names_point_at_dictionary_drugs():
    dictionary = shipped_vocabulary().dictionary
    assert dictionary is not None
    # MDMA (midomafetamine) and GHB (gamma-hydroxybutyric acid), as DrugBank numbers them
    assert dictionary.lookup("molly").drugbank == dictionary.lookup("mdma").drugbank == "DB01454"
    assert dictionary.lookup("ghb").drugbank == "DB01440"


def test_the_screen_lets_a_dictionary_drug_through(checker):
    assert checker.screen.may_mention("honestly sertraline causes nausea")
    assert not checker.screen.may_mention("honestly the weather causes nausea")


# ------------------------------------------------------------------ outputs
def test_json_summary_counts_unverifiable_claims_by_subject(checker):
    reports = [checker.check(t) for t in ("Claritin is an opioid.", "Loratadine is an SSRI.",
                                          "Xanax is an SSRI.", "Baclofen is an opioid.")]
    summary = summarize(reports)
    assert summary.flagged == 1 and summary.verdicts["refuted"] == 1
    by_subject = {c.id: (c.claims, c.unknown) for c in summary.unverifiable_by_subject}
    assert by_subject == {DRUG_ID_PREFIX + "loratadine": (2, True), "alprazolam": (1, False)}
    assert summary.unverifiable_by_subject[0].id == DRUG_ID_PREFIX + "loratadine"


# ------------------------------------------------------------------ derive and the round trip
def test_derive_a_leaflet_review_it_and_check_against_it(tmp_path, shared_checker, capsys):
    """Derive a draft from a leaflet about a drug the shipped set lacks, remove the review
    markers, and check with it: a false class claim about that drug is flagged. (The leaflet
    is hydroxyzine's: cetirizine, the first such leaflet, is in the shipped set since issue 14's
    sixth round.)"""
    shutil.copy(LEAFLETS / "hydroxyzine.txt", tmp_path / "hydroxyzine.txt")
    draft = tmp_path / "draft.yaml"
    assert cli.main(["claims", "derive", str(tmp_path / "hydroxyzine.txt"), "-o", str(draft)]) == 0
    data = yaml.safe_load(draft.read_text(encoding="utf-8"))
    [drug] = [c for c in data["concepts"] if c["type"] == "drug"]
    assert drug["id"] == "hydroxyzine" and drug["identifiers"] == {"drugbank": "DB00557"}
    assert {"text": "Vistaril"} in drug["aliases"]
    facts = {(f["subject"], f["relation"], f["object"], f["polarity"]) for f in data["facts"]}
    assert ("hydroxyzine", "is_a", "controlled_substance", False) in facts
    assert ("hydroxyzine", "is_a", "antidepressant", False) in facts
    # every concept a fact uses is in the draft or the shipped claim set
    shipped = load_claimset().concepts
    drafted = {c["id"] for c in data["concepts"]}
    assert {x for f in data["facts"] for x in (f["subject"], f["object"])} <= drafted | set(shipped)
    # review: drop the markers
    for record in data["concepts"] + data["facts"]:
        record.pop("review", None)
    reviewed = tmp_path / "reviewed.yaml"
    reviewed.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    capsys.readouterr()
    post = tmp_path / "post.txt"
    post.write_text("Vistaril is a controlled substance, and it is an antidepressant.", encoding="utf-8")
    assert cli.main(["check", "--claims", str(reviewed), "--format", "jsonl", str(post)]) == 1
    [report] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {(f["subject"]["id"], f["object"]["id"], f["verdict"]) for f in report["findings"]} == {
        ("hydroxyzine", "controlled_substance", "refuted"), ("hydroxyzine", "antidepressant", "refuted")}


# ------------------------------------------------------------------ constructions the leaflets showed
@pytest.mark.parametrize("text,expected", [
    # an effect said by an adjective, in the drug's clause or a second verb phrase of it
    ("Loratadine is not habit-forming.", [("dict_loratadine", "effect", "abuse_potential", True)]),
    ("Sertraline does not cause euphoria and is not considered addictive.",
     [("dict_sertraline", "effect", "euphoria", True), ("dict_sertraline", "effect", "abuse_potential", True)]),
    # a condition as a side effect; "side effects are ..." as an implicit-subject list
    ("Sertraline causes insomnia.", [("dict_sertraline", "effect", "insomnia", False)]),
    ("Sertraline is an SSRI. The most common side effects are nausea and insomnia.",
     [("dict_sertraline", "is_a", "ssri", False), ("dict_sertraline", "effect", "nausea", False),
      ("dict_sertraline", "effect", "insomnia", False)]),
    # "an antidepressant of the SSRI class" names both classes
    ("Sertraline is an antidepressant of the SSRI class.",
     [("dict_sertraline", "is_a", "antidepressant", False), ("dict_sertraline", "is_a", "ssri", False)]),
    # a route by "injected into / under"
    ("Hydroxyzine must never be injected into a vein.", [("dict_hydroxyzine", "route", "intravenous", True)]),
    # "unlike newer Cs" sets the drug apart from part of the class only: no denial
    ("Unlike newer antihistamines, hydroxyzine crosses into the brain.", []),
    # a heading set as a sentence of its own does not break a chain of references
    ("Sertraline is an SSRI. Medical uses. It is approved for panic disorder.",
     [("dict_sertraline", "is_a", "ssri", False), ("dict_sertraline", "use", "panic_disorder", False)]),
])
def test_leaflet_constructions(checker, text, expected):
    found = [(f.subject.id, f.relation, f.object.id, f.negated) for f in checker.check(text).findings
             if f.relation != "site"]
    assert sorted(found) == sorted(expected)


def test_derive_on_the_tune_leaflets_keeps_its_recall_and_precision():
    """benchmarks/derive_leaflets.py over tests/data/leaflets: a guard on what was reached
    (eighteen leaflets: recall 0.906, precision 0.964 on the build of issue 13's heldout6 forms), with a margin."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "derive_leaflets", Path(__file__).parents[2] / "benchmarks" / "derive_leaflets.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result = module.score(LEAFLETS)
    assert result["recall"] >= 0.88 and result["precision"] >= 0.95
