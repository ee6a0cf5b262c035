"""factcheck: find drug-class claims in text and check them against a curated, source-cited
claim set.

Two ways in: :class:`FactChecker` (``FactChecker().check(text)``, ``check_many(texts)``), which
runs its own pipeline, or the ``factcheck`` spaCy component, registered through the
``spacy_factories`` entry point, for an English pipeline of your own with a parser
(``nlp.add_pipe("factcheck")``; findings in ``doc._.factcheck_findings``)."""

from .checker import FactChecker, ModelError
from .claimset import ClaimSetError, load_claimset
from .components import PipelineError
from .report import Cue, Evidence, Finding, Mention, Report

__all__ = ["FactChecker", "ModelError", "PipelineError", "ClaimSetError", "load_claimset",
           "Report", "Finding", "Mention", "Evidence", "Cue"]
__version__ = "0.1.0"
