"""The ``factcheck`` spaCy factory: ``nlp.add_pipe("factcheck")`` on a user's own pipeline."""

from __future__ import annotations

import importlib.metadata
import inspect
import json
import re
import subprocess
import sys

import pytest
import spacy
from spacy.tokens import Doc

from factcheck.pipeline import components
from factcheck.pipeline.components import PipelineError
from factcheck.pipeline.mentions import SPANS_KEY
from factcheck.report import Finding, Report
from factcheck.resources import BASE_MODEL as MODEL

STAGES = ["factcheck_mentions", "factcheck_parse", "factcheck_claims", "factcheck_context",
          "factcheck_verify", "factcheck_paragraphs"]


@pytest.fixture(scope="module")
def user_nlp():
    """A user's pipeline: the English model with every component, then factcheck."""
    nlp = spacy.load(MODEL)
    nlp.add_pipe("factcheck")
    return nlp


def test_entry_points_name_the_factories():
    eps = {ep.name: ep.value for ep in importlib.metadata.entry_points(group="spacy_factories")}
    assert eps["factcheck"] == "factcheck.pipeline.components:make_factcheck"
    for name in STAGES:
        assert eps[name] == f"factcheck.pipeline.components:make_{name.removeprefix('factcheck_')}"
    for name in ["factcheck", *STAGES]:
        assert spacy.Language.has_factory(name)


def test_add_pipe_works_in_a_fresh_interpreter_without_importing_factcheck(tmp_path):
    """spaCy finds the factory through the entry point alone (the package is installed)."""
    script = (
        "import json, spacy\n"
        f"nlp = spacy.load({MODEL!r})\n"
        "nlp.add_pipe('factcheck')\n"
        "doc = nlp('Baclofen is an opiate.')\n"
        "print(json.dumps({'pipes': nlp.pipe_names, 'flagged': doc._.factcheck_report.flagged,\n"
        "                  'verdicts': [f.verdict for f in doc._.factcheck_findings]}))\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["pipes"][-1] == "factcheck"
    assert out == {**out, "flagged": True, "verdicts": ["refuted"]}


def test_findings_on_a_parsed_doc(user_nlp):
    doc = user_nlp("Baclofen is an opiate.")
    (finding,) = doc._.factcheck_findings
    assert isinstance(finding, Finding)
    assert finding.verdict == "refuted" and finding.flags
    assert (finding.subject.id, finding.object.id) == ("baclofen", "opiate")
    assert doc.text[finding.start:finding.end] == finding.claim == "Baclofen is an opiate"
    assert finding.correction.startswith("Baclofen is not an opiate")
    assert finding.evidence
    report = doc._.factcheck_report
    assert isinstance(report, Report) and report.flagged and report.findings == [finding]
    assert [s.kb_id_ for s in doc.spans[SPANS_KEY]] == ["baclofen", "opiate"]


@pytest.mark.parametrize("text, verdict, flagged", [
    ("Fentanyl is an opioid.", "supported", False),
    ("Baclofen is not an opioid.", "supported", False),
    ("Is baclofen an opioid?", "refuted", False),  # a question does not assert
    ("Oxycodone is a muscle relaxant.", "refuted", True),
])
def test_verdicts(user_nlp, text, verdict, flagged):
    doc = user_nlp(text)
    assert [f.verdict for f in doc._.factcheck_findings] == [verdict]
    assert doc._.factcheck_report.flagged is flagged


def test_text_without_claims(user_nlp):
    for text in ["The weather was nice today.", "", "   ", "I took baclofen yesterday."]:
        doc = user_nlp(text)
        assert doc._.factcheck_findings == []
        assert doc._.factcheck_report.flagged is False


def test_nlp_pipe_batches(user_nlp):
    texts = ["Baclofen is an opiate.", "Nothing here.", "Fentanyl is an opioid."] * 5
    verdicts = [[f.verdict for f in d._.factcheck_findings] for d in user_nlp.pipe(texts, batch_size=4)]
    assert verdicts == [["refuted"], [], ["supported"]] * 5


def test_unchecked_doc_has_no_report(user_nlp):
    doc = user_nlp.make_doc("Baclofen is an opiate.")  # tokenized only
    assert doc._.factcheck_findings is None and doc._.factcheck_report is None


def test_a_pipeline_without_parser_is_refused_at_add_pipe():
    nlp = spacy.blank("en")
    with pytest.raises(PipelineError, match="dependency parser and a lemmatizer"):
        nlp.add_pipe("factcheck")


def test_a_disabled_parser_is_a_clear_error_on_first_use(user_nlp):
    with user_nlp.select_pipes(disable=["parser"]):
        with pytest.raises(PipelineError, match="without a dependency parse"):
            user_nlp("Baclofen is an opiate.")
    assert user_nlp("Baclofen is an opiate.")._.factcheck_report.flagged  # enabled again


def test_extensions_are_prefixed_and_never_forced():
    for name in ("factcheck_claims", "factcheck_contexts", "factcheck_findings", "factcheck_report"):
        assert Doc.has_extension(name)
    assert not re.search(r"set_extension\([^)]*force", inspect.getsource(components))
    with pytest.raises(ValueError):  # registered, so a plain set_extension by anyone else fails
        Doc.set_extension("factcheck_findings", default=None)


def test_the_component_composes_the_stage_components(user_nlp):
    component = user_nlp.get_pipe("factcheck")
    assert [type(s) for s in component.stages] == [components.MentionComponent, components.RepairComponent,
                                                  components.ClaimComponent, components.ContextComponent,
                                                  components.VerifyComponent]
    meta = user_nlp.get_pipe_meta("factcheck")
    assert "token.dep" in meta.requires and "doc._.factcheck_findings" in meta.assigns


def test_config_and_a_saved_pipeline(tmp_path):
    """Settings go through the config; a saved pipeline with the component loads again, with the
    claim set, rules and cues saved in its directory (tests/pipeline/test_serialization.py)."""
    from factcheck.resources import claims_dir

    nlp = spacy.load(MODEL, exclude=["ner"])
    nlp.add_pipe("factcheck", config={"claims": [str(claims_dir())]})
    assert nlp.get_pipe_config("factcheck")["claims"] == [str(claims_dir())]
    nlp.to_disk(tmp_path / "pipeline")
    again = spacy.load(tmp_path / "pipeline")
    assert again.pipe_names[-1] == "factcheck"
    assert again("Baclofen is an opiate.")._.factcheck_report.flagged
    saved = tmp_path / "pipeline" / "factcheck"
    assert {p.name for p in saved.rglob("*.json")} == {"claimset.json", "repairs.json", "rules.json", "cues.json",
                                                     "jurisdictions.json"}
