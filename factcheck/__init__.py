"""factcheck: find drug-class claims in text and check them against a curated, source-cited
claim set.

Two ways in: :class:`FactChecker` (``FactChecker().check(text)``, ``check_many(texts)``), which
runs its own pipeline, or the ``factcheck`` spaCy component, registered through the
``spacy_factories`` entry point, for an English pipeline of your own with a parser
(``nlp.add_pipe("factcheck")``; findings in ``doc._.factcheck_findings``).

The package is layered; each layer imports only the ones before it (``tests/test_layers.py``):

- ``factcheck.errors``, ``factcheck.report`` (the wire models), ``factcheck.resources``
- ``factcheck.text``: text preparation (cleaning, normalization, segmentation)
- ``factcheck.knowledge``: the claim set and the knowledge base over it
- ``factcheck.pipeline``: the stages (mentions, parse, claims, context, verification), the spaCy
  components and :class:`FactChecker`
- ``factcheck.authoring``: ``claims derive`` (drafts claim files with the pipeline)
- ``factcheck.outputs``: the renderers, one module per format
- ``factcheck.io``: reading inputs, writing outputs safely
- ``factcheck.cli``, ``factcheck.integrations`` (Spark)

This module is lazy: ``import factcheck`` (or ``import factcheck.report``) loads neither spaCy
nor the pipeline; the names below are imported on first use."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_LAZY = {
    "FactChecker": "factcheck.pipeline.checker",
    "load_claimset": "factcheck.knowledge.claimset",
    "FactcheckError": "factcheck.errors",
    "ModelError": "factcheck.errors",
    "PipelineError": "factcheck.errors",
    "ClaimSetError": "factcheck.errors",
    "InputError": "factcheck.errors",
    "Report": "factcheck.report",
    "Finding": "factcheck.report",
    "Mention": "factcheck.report",
    "Evidence": "factcheck.report",
    "Cue": "factcheck.report",
}

__all__ = ["ClaimSetError", "Cue", "Evidence", "FactChecker", "FactcheckError", "Finding", "InputError",
           "Mention", "ModelError", "PipelineError", "Report", "load_claimset"]

if TYPE_CHECKING:
    from factcheck.errors import (
        ClaimSetError,
        FactcheckError,
        InputError,
        ModelError,
        PipelineError,
    )
    from factcheck.knowledge.claimset import load_claimset
    from factcheck.pipeline.checker import FactChecker
    from factcheck.report import Cue, Evidence, Finding, Mention, Report


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'factcheck' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])
