"""A checked Doc goes through spaCy's serialization (to_bytes, DocBin, pickle, multiprocessing)
with its findings; a pipeline with the ``factcheck`` component saves its claim set, rules and
cues and loads them back from another place; ``nlp.analyze_pipes()`` finds no problem."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest
import spacy
import yaml
from spacy.tokens import Doc, DocBin

from factcheck.errors import ModelDataError, PipelineError
from factcheck.pipeline.mentions import SPANS_KEY
from factcheck.resources import BASE_MODEL, claims_dir, models_dir

DATA = Path(__file__).resolve().parents[1] / "data"

TEXTS = [
    "Baclofen is an opiate.",
    "Fentanyl is an opioid, but I don't think baclofen is a muscle relaxant.",
    "Is oxycodone a muscle relaxant?",
    "Baclofen is a muscle relaxant. It is probably not an opioid.",
    "The weather was nice today.",
    "",
]


@pytest.fixture(scope="module")
def user_nlp():
    nlp = spacy.load(BASE_MODEL, exclude=["ner"])
    nlp.add_pipe("factcheck")
    return nlp


@pytest.fixture(scope="module")
def docs(user_nlp):
    return list(user_nlp.pipe(TEXTS))


def state(doc: Doc) -> dict:
    """Everything the component left on a Doc, as comparable plain data."""
    return {
        "findings": [f.model_dump() for f in doc._.factcheck_findings],
        "claims": [((c.subject.start, c.subject.end, c.subject.kb_id_), (c.object.start, c.object.end, c.object.kb_id_),
                    c.relation, c.pattern, c.predicate, c.path, c.trigger, c.restricted)
                   for c in doc._.factcheck_claims],
        "contexts": doc._.factcheck_contexts,
        "report": doc._.factcheck_report.model_dump(),
        "mentions": [(s.start, s.end, s.label_, s.kb_id_) for s in doc.spans[SPANS_KEY]],
    }


def test_the_texts_hold_findings_of_several_kinds(docs):
    """(So that the round trips below compare something.)"""
    findings = [f for d in docs for f in d._.factcheck_findings]
    assert {f.verdict for f in findings} == {"refuted", "supported"}
    assert {f.assertion for f in findings} >= {"asserted", "questioned", "hedged"}
    assert any(f.negated for f in findings) and any(f.cues for f in findings) and any(f.evidence for f in findings)
    assert any(c.subject.text == "It" for d in docs for c in d._.factcheck_claims)  # a resolved reference


def test_the_extensions_store_plain_records(docs):
    allowed = (str, int, float, bool, type(None))

    def plain(value) -> bool:
        if isinstance(value, dict):
            return all(isinstance(k, str) and plain(v) for k, v in value.items())
        if isinstance(value, (list, tuple)):
            return all(plain(v) for v in value)
        return isinstance(value, allowed)

    for doc in docs:
        assert doc.user_data and all(plain(v) for v in doc.user_data.values())


def test_doc_to_bytes_and_back(user_nlp, docs):
    for doc in docs:
        again = Doc(user_nlp.vocab).from_bytes(doc.to_bytes())
        assert state(again) == state(doc)


def test_docbin_with_user_data(user_nlp, docs):
    docbin = DocBin(store_user_data=True)
    for doc in docs:
        docbin.add(doc)
    again = list(DocBin().from_bytes(docbin.to_bytes()).get_docs(user_nlp.vocab))
    assert [state(d) for d in again] == [state(d) for d in docs]
    # without the user data, a Doc reads as not checked
    plain = DocBin(store_user_data=False)
    plain.add(docs[0])
    (bare,) = plain.get_docs(user_nlp.vocab)
    assert bare._.factcheck_findings is None and bare._.factcheck_report is None


def test_pickle(docs):
    for doc in docs:
        assert state(pickle.loads(pickle.dumps(doc))) == state(doc)


def test_nlp_pipe_with_two_processes(user_nlp, docs):
    texts = TEXTS * 2
    again = list(user_nlp.pipe(texts, n_process=2, batch_size=2))
    assert [state(d) for d in again] == [state(d) for d in docs] * 2


def test_a_factchecker_doc_round_trips_with_the_checkers_findings(checker):
    for text in TEXTS[:4]:
        doc = checker.nlp(text)
        expected = checker.check(text).findings
        assert expected and doc._.factcheck_findings == expected
        assert Doc(checker.nlp.vocab).from_bytes(doc.to_bytes())._.factcheck_findings == expected


def test_a_factchecker_pipeline_gives_the_checkers_findings_through_docbin_and_two_processes(checker):
    """FactChecker's own pipeline (the component path of ``check``): its Docs keep the findings
    ``check`` gives through a DocBin with user data and through ``nlp.pipe(n_process=2)``."""
    texts = TEXTS[:4]
    expected = [checker.check(text).findings for text in texts]
    docbin = DocBin(store_user_data=True)
    for doc in checker.nlp.pipe(texts):
        docbin.add(doc)
    again = DocBin().from_bytes(docbin.to_bytes()).get_docs(checker.nlp.vocab)
    assert [d._.factcheck_findings for d in again] == expected
    assert [d._.factcheck_findings for d in checker.nlp.pipe(texts, n_process=2, batch_size=2)] == expected


# ------------------------------------------------------------------- saving the pipeline
SOURCE = "Zorbafen is a skeletal muscle relaxant used for spasticity."


def extra_claims(directory) -> str:
    """A user's claim-set file: a new drug and a fact about it, with its source."""
    (directory / "zorbafen.txt").write_text(SOURCE, encoding="utf-8")
    path = directory / "zorbafen.yaml"
    path.write_text(yaml.safe_dump({
        "sources": [{"id": "zorbafen-src", "title": "Zorbafen notes", "path": "zorbafen.txt"}],
        "concepts": [{"id": "zorbafen", "type": "drug", "name": "zorbafen",
                      "aliases": [{"text": "zorbafen", "kind": "generic"}]}],
        "facts": [{"id": "zorbafen-is-smr", "subject": "zorbafen", "relation": "is_a",
                   "object": "skeletal_muscle_relaxant", "polarity": True,
                   "evidence": [{"source": "zorbafen-src", "quote": SOURCE[:38], "start": 0, "end": 38}]}],
    }), encoding="utf-8")
    return str(path)


NEW_CUE = {"category": "hedge", "literal": "ostensibly", "direction": "syntactic"}
SAVED_TEXTS = ["Zorbafen is an opioid.", "Baclofen is ostensibly an opiate.", "Baclofen is an opiate."]


def findings(nlp) -> list[list[dict]]:
    return [[f.model_dump() for f in d._.factcheck_findings] for d in nlp.pipe(SAVED_TEXTS)]


@pytest.fixture(scope="module")
def extended(tmp_path_factory):
    """The user's pipeline with an extra claim file (config) and an extra cue (add_cues)."""
    nlp = spacy.load(BASE_MODEL, exclude=["ner"])
    nlp.add_pipe("factcheck", config={"claims": [str(claims_dir()), extra_claims(tmp_path_factory.mktemp("user"))]})
    nlp.get_pipe("factcheck").add_cues([NEW_CUE])
    return nlp


def test_the_extra_claim_and_cue_are_used(extended, user_nlp):
    zorbafen, hedged, plain = findings(extended)
    assert [(f["subject"]["id"], f["verdict"]) for f in zorbafen] == [("zorbafen", "refuted")]
    assert zorbafen[0]["evidence"][0]["source_id"] == "zorbafen-src"
    assert [(f["verdict"], f["assertion"]) for f in hedged] == [("refuted", "hedged")]
    assert findings(user_nlp)[:2] == [[], [{**hedged[0], "assertion": "asserted", "cues": []}]]


def test_to_disk_and_load_from_another_directory(extended, tmp_path):
    expected = findings(extended)
    extended.to_disk(tmp_path / "first")
    shutil.copytree(tmp_path / "first", tmp_path / "moved")
    shutil.rmtree(tmp_path / "first")
    user_file = extended.get_pipe_config("factcheck")["claims"][1]
    # the data travels with the pipeline: the user's claim file is not read again
    shutil.move(user_file, tmp_path / "elsewhere.yaml")
    try:
        config = (tmp_path / "moved" / "config.cfg").read_text(encoding="utf-8")
        assert str(tmp_path / "first") not in config
        loaded = spacy.load(tmp_path / "moved")
        assert loaded.pipe_names[-1] == "factcheck"
        assert findings(loaded) == expected
    finally:
        shutil.move(tmp_path / "elsewhere.yaml", user_file)


def test_a_users_extra_rule_is_saved_with_the_pipeline_and_loads_from_another_path(tmp_path):
    """A pipeline with the component and a user's extraction rules file (one construction
    added as data) saved with ``nlp.to_disk`` and loaded with ``spacy.load`` from another
    directory, the user's file gone: the same findings, the added rule's among them."""
    rule = yaml.safe_load((DATA / "dependency_rules.yaml").read_text(encoding="utf-8"))[0]["rule"]
    data = yaml.safe_load((models_dir() / "extraction.yaml").read_text(encoding="utf-8"))
    data["rules"].append(rule)
    user_file = tmp_path / "user" / "extraction.yaml"
    user_file.parent.mkdir()
    user_file.write_text(yaml.safe_dump(data), encoding="utf-8")
    nlp = spacy.load(BASE_MODEL, exclude=["ner"])
    nlp.add_pipe("factcheck", config={"rules": str(user_file)})
    texts = ["Baclofen gets lumped in with opioids.", "Baclofen never gets lumped in with opioids.", *SAVED_TEXTS]

    def found(pipeline) -> list[list[dict]]:
        return [[f.model_dump() for f in d._.factcheck_findings] for d in pipeline.pipe(texts)]

    expected = found(nlp)
    assert [(f["pattern"], f["verdict"]) for d in expected[:2] for f in d] == [("lumped_with", "refuted"),
                                                                             ("lumped_with", "supported")]
    nlp.to_disk(tmp_path / "first")
    shutil.copytree(tmp_path / "first", tmp_path / "moved")
    shutil.rmtree(tmp_path / "first")
    shutil.rmtree(user_file.parent)
    assert str(tmp_path / "first") not in (tmp_path / "moved" / "config.cfg").read_text(encoding="utf-8")
    assert found(spacy.load(tmp_path / "moved")) == expected


def test_to_bytes_carries_the_data(extended):
    nlp = spacy.load(BASE_MODEL, exclude=["ner"])
    nlp.add_pipe("factcheck")  # shipped data only ...
    nlp.from_bytes(extended.to_bytes())  # ... replaced by the extended pipeline's
    assert findings(nlp) == findings(extended)


def test_initialize_reloads_from_the_config(extended):
    nlp = spacy.load(BASE_MODEL, exclude=["ner"])
    nlp.add_pipe("factcheck")
    nlp.get_pipe("factcheck").add_cues([NEW_CUE])
    assert findings(nlp)[1][0]["assertion"] == "hedged"
    nlp.get_pipe("factcheck").initialize()  # the config's files only: the added cue is gone
    assert findings(nlp)[1][0]["assertion"] == "asserted"


def test_bad_data_is_a_clear_error(user_nlp, tmp_path):
    component = user_nlp.get_pipe("factcheck")
    with pytest.raises(ModelDataError, match="invalid context cue"):
        component.add_cues([{"category": "hedge"}])
    (tmp_path / "saved" / "context").mkdir(parents=True)
    with pytest.raises(PipelineError, match="not a saved factcheck component"):
        component.from_disk(tmp_path / "saved")  # the directory lacks cues.json
    (tmp_path / "saved" / "context" / "cues.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ModelDataError, match="context cues is not valid"):
        component.from_disk(tmp_path / "saved")
    assert user_nlp("Baclofen is an opiate.")._.factcheck_report.flagged  # unchanged


def test_a_pipeline_saved_without_the_data_uses_the_config(extended, tmp_path):
    """A pipeline saved before the components saved their data loads with the config's files."""
    extended.to_disk(tmp_path / "old")
    shutil.rmtree(tmp_path / "old" / "factcheck")
    loaded = spacy.load(tmp_path / "old")
    zorbafen, hedged, plain = findings(loaded)
    assert zorbafen and plain and hedged[0]["assertion"] == "asserted"  # the added cue was not saved


def test_the_saved_data_reads_back_equal(checker):
    from factcheck.knowledge.claimset import ClaimSet
    from factcheck.pipeline.claims import ExtractionRules
    from factcheck.pipeline.context import CueLexicon
    from factcheck.text.normalize import NormalizeRules

    for model in (ExtractionRules.load(), CueLexicon.load(), NormalizeRules.load(),
                  checker.nlp.get_pipe("factcheck_verify").kb.claimset):
        assert type(model).model_validate_json(model.model_dump_json()) == model
    assert isinstance(checker.nlp.get_pipe("factcheck_verify").kb.claimset, ClaimSet)


def test_a_factchecker_pipeline_saves_and_loads(checker, tmp_path):
    checker.nlp.to_disk(tmp_path / "first")
    shutil.copytree(tmp_path / "first", tmp_path / "moved")
    shutil.rmtree(tmp_path / "first")
    assert (tmp_path / "moved" / "factcheck_parse" / "normalize.json").is_file()
    assert str(tmp_path / "first") not in (tmp_path / "moved" / "config.cfg").read_text(encoding="utf-8")
    loaded = spacy.load(tmp_path / "moved")
    assert loaded.pipe_names == checker.nlp.pipe_names
    for text in TEXTS:
        assert loaded(text)._.factcheck_findings == checker.nlp(text)._.factcheck_findings


def test_a_new_pipeline_works_in_memory_zones_from_its_first_doc():
    """The components build their matchers when they are made: strings a matcher added to the
    vocabulary inside the first ``memory_zone`` would be gone in the next one."""
    nlp = spacy.load(BASE_MODEL, exclude=["ner"])
    nlp.add_pipe("factcheck")
    for _ in range(2):
        with nlp.memory_zone():
            doc = nlp("Opioids such as fentanyl and baclofen are addictive.")
            found = {(f.subject.id, f.object.id, f.verdict, f.pattern) for f in doc._.factcheck_findings}
        assert ("baclofen", "opioid", "refuted", "examples") in found


# ------------------------------------------------------------------- analyze_pipes
def test_analyze_pipes_finds_no_problem(user_nlp, checker):
    for nlp in (user_nlp, checker.nlp):
        analysis = nlp.analyze_pipes(pretty=False)
        assert analysis["problems"] and not any(analysis["problems"].values())
    summary = checker.nlp.analyze_pipes(pretty=False)["summary"]
    assert "doc._.factcheck_findings" in summary["factcheck_verify"]["assigns"]
    assert "token.dep" in summary["factcheck_parse"]["assigns"]


def test_analyze_pipes_reports_a_missing_stage():
    nlp = spacy.blank("en")
    nlp.add_pipe("factcheck_mentions")
    nlp.add_pipe("factcheck_verify")  # no claims and context stages before it
    problems = nlp.analyze_pipes(pretty=False)["problems"]
    assert set(problems["factcheck_verify"]) == {"doc._.factcheck_claims", "doc._.factcheck_contexts"}
    assert problems["factcheck_mentions"] == []
