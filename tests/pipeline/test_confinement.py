"""Claim-set sources confined to the claim file's directory by default, through every way a
claim set is loaded: FactChecker (and its worker processes), build_pipeline, the spaCy
factories (and a saved pipeline), Spark's worker checker. The command line's side is in
tests/cli/test_reliability_cli.py."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from factcheck import FactChecker
from factcheck.errors import ClaimSetError
from factcheck.pipeline.checker import build_pipeline
from factcheck.resources import BASE_MODEL as MODEL
from factcheck.resources import claims_dir

LEAFLET = "Zolpidem is a sedative."
CLAIM = "Baclofen is an opiate."


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[Path, Path]:
    """A claim file whose source climbs out of its directory (``../shared/leaflet.txt``), and
    the directory it climbs to."""
    root = tmp_path_factory.mktemp("confine")
    shared = root / "shared"
    shared.mkdir()
    (shared / "leaflet.txt").write_text(LEAFLET, encoding="utf-8")
    claims = root / "claims"
    claims.mkdir()
    path = claims / "c.yaml"
    path.write_text("sources:\n  - {id: outside_leaflet, title: t, path: ../shared/leaflet.txt}\n",
                    encoding="utf-8")
    return path, shared


def _refused(exc: BaseException, path: Path) -> None:
    text = str(exc)
    assert str(path) in text and "'../shared/leaflet.txt' leads outside" in text, text
    assert LEAFLET not in text


def test_factchecker_refuses_a_source_outside_by_default(hostile):
    path, _ = hostile
    with pytest.raises(ClaimSetError) as info:
        FactChecker(claims=[claims_dir(), path])
    _refused(info.value, path)


def test_factchecker_opt_outs_and_their_worker_processes(hostile):
    """An allowed directory (or no confinement) lets the source be read, in the checker and in
    its worker processes, which load the claim set again under the same rule."""
    path, shared = hostile
    with pytest.raises(ClaimSetError, match="leads outside"):
        FactChecker(claims=[claims_dir(), path], source_dirs=[shared / "elsewhere"])
    checker = FactChecker(claims=[claims_dir(), path], source_dirs=[shared])
    assert checker.check(CLAIM).flagged
    texts = [CLAIM, "Nothing here.", "Tramadol is an opioid."]
    one = [r.model_dump() for r in checker.check_many(texts)]
    two = [r.model_dump() for r in checker.check_many(texts, n_process=2, batch_size=1)]
    assert one == two and one[0]["flagged"]
    unconfined = build_pipeline(claims=[claims_dir(), path], confine_sources=False)
    assert unconfined(CLAIM)._.factcheck_report.flagged


def test_build_pipeline_refuses_by_default(hostile):
    path, _ = hostile
    with pytest.raises(ClaimSetError) as info:
        build_pipeline(claims=[claims_dir(), path])
    _refused(info.value, path)


@pytest.fixture(scope="module")
def user_nlp_factory():
    """A fresh user pipeline (the English model with a parser) for each call."""
    return lambda: spacy.load(MODEL, exclude=["ner"])


def test_the_component_refuses_by_default_and_its_config_opts_out(hostile, user_nlp_factory, tmp_path):
    path, shared = hostile
    claims = [str(claims_dir()), str(path)]
    nlp = user_nlp_factory()
    with pytest.raises(ClaimSetError) as info:
        nlp.add_pipe("factcheck", config={"claims": claims})
    _refused(info.value, path)
    with pytest.raises(ClaimSetError, match="leads outside"):
        user_nlp_factory().add_pipe("factcheck_verify", config={"claims": claims})

    nlp = user_nlp_factory()
    nlp.add_pipe("factcheck", config={"claims": claims, "source_dirs": [str(shared)]})
    assert nlp(CLAIM)._.factcheck_report.flagged
    # the setting is part of the saved config: the pipeline loads again with it
    nlp.to_disk(tmp_path / "allowed")
    again = spacy.load(tmp_path / "allowed")
    assert again.get_pipe_config("factcheck")["source_dirs"] == [str(shared)]
    assert again(CLAIM)._.factcheck_report.flagged

    nlp = user_nlp_factory()
    nlp.add_pipe("factcheck", config={"claims": claims, "confine_sources": False})
    assert nlp.get_pipe_config("factcheck")["confine_sources"] is False
    assert nlp(CLAIM)._.factcheck_report.flagged


def test_a_saved_pipeline_confines_the_claim_files_its_config_names(hostile, user_nlp_factory, tmp_path):
    """A pipeline saved with the default setting, whose config names a claim file that now
    points outside its directory, refuses it when loaded."""
    path, _ = hostile
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "leaflet.txt").write_text(LEAFLET, encoding="utf-8")
    claim_file = mine / "c.yaml"
    claim_file.write_text("sources:\n  - {id: mine, title: t, path: leaflet.txt}\n", encoding="utf-8")
    nlp = user_nlp_factory()
    nlp.add_pipe("factcheck", config={"claims": [str(claims_dir()), str(claim_file)]})
    nlp.to_disk(tmp_path / "saved")
    assert spacy.load(tmp_path / "saved").get_pipe_config("factcheck")["confine_sources"] is True
    outside = path.parent.parent / "shared" / "leaflet.txt"
    claim_file.write_text(f"sources:\n  - {{id: mine, title: t, path: '{outside}'}}\n", encoding="utf-8")
    from factcheck.pipeline.components import get_kb

    get_kb.cache_clear()  # (the knowledge base of these paths was cached when the file was good)
    with pytest.raises(ClaimSetError, match="leads outside") as info:
        spacy.load(tmp_path / "saved")
    assert str(claim_file) in str(info.value)


def test_spark_worker_checker_passes_the_confinement_on(hostile, monkeypatch):
    """Spark's workers build their FactChecker with the UDF's confinement settings (checked
    here without Spark: the worker-side function alone)."""
    from factcheck.integrations import spark

    made: list[dict] = []

    class Recorder:
        def __init__(self, model, claims, **options):
            made.append({"claims": claims, **options})

    monkeypatch.setattr(spark, "FactChecker", Recorder)
    monkeypatch.setattr(spark, "_CHECKERS", {})
    path, shared = hostile
    spark.worker_checker(None, (str(path),))
    spark.worker_checker(None, (str(path),), source_dirs=(str(shared),))
    spark.worker_checker(None, (str(path),), confine_sources=False)
    spark.worker_checker(None, (str(path),), source_dirs=(str(shared),))  # (cached)
    assert [(m["confine_sources"], m["source_dirs"]) for m in made] == [
        (True, ()), (True, (str(shared),)), (False, ())]
    assert all(m["claims"][-1] == str(path) for m in made)
