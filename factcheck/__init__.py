"""factcheck: find drug-class claims in text and check them against a curated, source-cited
claim set."""

from .checker import FactChecker, ModelError
from .claimset import ClaimSetError, load_claimset
from .report import Cue, Evidence, Finding, Mention, Report

__all__ = ["FactChecker", "ModelError", "ClaimSetError", "load_claimset",
           "Report", "Finding", "Mention", "Evidence", "Cue"]
__version__ = "0.1.0"
