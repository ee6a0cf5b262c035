"""Shared fixtures. Loading the spaCy pipeline is the slow part: it happens once per session."""

from __future__ import annotations

import pytest

from factcheck import FactChecker
from factcheck.knowledge.kb import KnowledgeBase
from factcheck.pipeline.components import get_kb


@pytest.fixture(scope="session")
def checker() -> FactChecker:
    """One FactChecker (default model, shipped claim set) for the whole session."""
    return FactChecker()


@pytest.fixture(scope="session")
def nlp(checker: FactChecker):
    """The full factcheck pipeline (base model + factcheck stages)."""
    return checker.nlp


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The knowledge base over the shipped claim set (the one the pipeline uses)."""
    return get_kb()


@pytest.fixture
def shared_checker(monkeypatch, checker):
    """main() builds a FactChecker per call; for the shipped claim set, reuse the session's."""
    from factcheck.cli import check, claims

    real = check.FactChecker

    def make(model=None, claims=None, **options):
        if model is None and claims is None:  # (the shipped claims' sources are in their directory)
            return checker
        return real(model=model, claims=claims, **options)

    for module in (check, claims):
        monkeypatch.setattr(module, "FactChecker", make)
