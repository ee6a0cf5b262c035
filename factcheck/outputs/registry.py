"""The renderer registry: an output format's name -> the class that writes it. Each format lives
in a module of its own and is imported only when it is used; :func:`register_renderer` adds a
format of yours (``make_renderer`` then builds it as ``factory(out, claimset)``).

Every renderer has the same two methods: ``add(item, report)`` for each input in input order,
then ``finish(successful)`` once. Text and JSONL are written as they come; JSON, SARIF,
ClaimReview and HTML are one document for the whole run, written by ``finish``."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, TextIO

from factcheck.outputs.base import Renderer, RendererFactory

if TYPE_CHECKING:
    from factcheck.knowledge.claimset import ClaimSet

# name -> "module:Class" (imported on first use) or a factory
_REGISTRY: dict[str, str | RendererFactory] = {
    "text": "factcheck.outputs.text:TextRenderer",
    "json": "factcheck.outputs.json:JsonRenderer",
    "jsonl": "factcheck.outputs.json:JsonlRenderer",
    "sarif": "factcheck.outputs.sarif:SarifRenderer",
    "claimreview": "factcheck.outputs.claimreview:ClaimReviewRenderer",
    "html": "factcheck.outputs.html:HtmlRenderer",
}

FORMATS = tuple(_REGISTRY)

# formats that show facts and source titles, and so need the claim set
NEEDS_CLAIMSET = frozenset({"sarif", "claimreview", "html"})


def register_renderer(name: str, factory: RendererFactory) -> None:
    """Add (or replace) an output format: ``factory(out, claimset)`` returns a Renderer."""
    _REGISTRY[name] = factory


def formats() -> tuple[str, ...]:
    """The registered format names, shipped ones first."""
    return tuple(_REGISTRY)


def make_renderer(fmt: str, out: TextIO, claimset: ClaimSet | None = None) -> Renderer:
    """The renderer for an output format (one of :func:`formats`)."""
    entry = _REGISTRY.get(fmt)
    if entry is None:
        raise ValueError(f"unknown output format {fmt!r}; choose from {', '.join(_REGISTRY)}")
    if isinstance(entry, str):
        module, _, name = entry.partition(":")
        entry = getattr(importlib.import_module(module), name)
        _REGISTRY[fmt] = entry
    return entry(out, claimset)
