"""schema.org ClaimReview output (``--format claimreview``).

One JSON array for the whole run, holding one self-contained JSON-LD object (with its own
``@context``, so each can be pasted into a page's ``<script type="application/ld+json">``) per
``refuted`` finding, in input order: refuted claims that the author asserts, hedges, questions,
reports or supposes alike (the claim itself is false whoever makes it). Only standard
schema.org properties are used:

- ``claimReviewed``: the claim as written (whitespace runs folded to one space);
- ``reviewRating``: a ``Rating`` of 1 on a scale of 1 (worst) to 5 (best), ``alternateName``
  "False";
- ``reviewBody``: the correction; ``author``: the ``Organization`` "factcheck";
- ``itemReviewed``: a ``Claim`` whose ``appearance`` is the input (a ``CreativeWork`` named by
  its path; for a text file its ``url`` is the path with an RFC 5147 ``#char=start,end``
  fragment; for a JSONL record its ``identifier`` is the record id);
- ``isBasedOn``: the curated facts (``identifier`` = fact id, ``text`` = the fact in words);
- ``citation``: each evidence ``Quotation``, ``isPartOf`` its source document (``identifier`` =
  source id, ``name`` = title when the claim set is known), then each citation by reference as a
  ``CreativeWork`` (``name`` "WHO ATC N02AX02", ``identifier``, ``url``, ``abstract`` = what it
  establishes in our words, ``temporalCoverage`` "DATE/.." when the fact holds from a date).

Inputs that could not be read appear only on stderr (and in the exit status).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from factcheck.knowledge.claimset import ClaimSet
from factcheck.outputs.base import Item, artifact_uri, fact_ids, one_line
from factcheck.report import Evidence, Finding, Report

RATING_FALSE = {"@type": "Rating", "ratingValue": 1, "bestRating": 5, "worstRating": 1, "alternateName": "False"}
AUTHOR = {"@type": "Organization", "name": "factcheck"}


class ClaimReviewRenderer:
    def __init__(self, out: TextIO, claimset: ClaimSet | None = None) -> None:
        self.out = out
        self.claimset = claimset
        self.reviews: list[dict[str, Any]] = []

    def add(self, item: Item, report: Report) -> None:
        if report.error:
            return
        for f in report.findings:
            if f.verdict == "refuted":
                self.reviews.append(self.review(item, f))

    def review(self, item: Item, f: Finding) -> dict[str, Any]:
        appearance: dict[str, Any] = {"@type": "CreativeWork", "name": item.name if item.path is not None else "<stdin>"}
        if item.is_record:
            appearance["identifier"] = item.id
        elif item.path is not None:
            appearance["url"] = f"{artifact_uri(item.path)}#char={f.start},{f.end}"
        facts = {e.fact_id: e.fact for e in f.evidence}
        return {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "claimReviewed": one_line(f.claim),
            "reviewRating": dict(RATING_FALSE),
            "reviewBody": f.correction or f"The claim set refutes: {one_line(f.claim)}",
            "author": dict(AUTHOR),
            "itemReviewed": {"@type": "Claim", "appearance": appearance},
            "isBasedOn": [{"@type": "CreativeWork", "identifier": fid, "text": facts[fid]} for fid in fact_ids(f)],
            "citation": [self._quotation(e.source_id, e.quote)
                         for e in _unique(e for e in f.evidence if e.authority is None)]
            + [_reference(e) for e in _unique(e for e in f.evidence if e.authority is not None)],
        }

    def _quotation(self, source_id: str | None, quote: str | None) -> dict[str, Any]:
        source: dict[str, Any] = {"@type": "CreativeWork", "identifier": source_id}
        if self.claimset is not None and source_id in self.claimset.sources:
            source["name"] = self.claimset.sources[source_id].title
        return {"@type": "Quotation", "text": quote, "isPartOf": source}

    def finish(self, successful: bool) -> None:
        json.dump(self.reviews, self.out, ensure_ascii=False, indent=2)
        self.out.write("\n")


def _unique(evidence: Iterable[Evidence]) -> list[Evidence]:
    """Evidence items, one per quote or citation (the first of each)."""
    seen: dict[tuple[str | None, str | None], Evidence] = {}
    for e in evidence:
        seen.setdefault((e.source_id, e.quote) if e.authority is None else (e.authority, e.identifier), e)
    return list(seen.values())


def _reference(e: Evidence) -> dict[str, Any]:
    """A citation by reference as a schema.org ``CreativeWork``: the authority's identifier, its
    URL, our statement of what it establishes, and the date the fact holds from."""
    work: dict[str, Any] = {"@type": "CreativeWork", "name": e.citation, "identifier": e.identifier, "url": e.url,
                  "abstract": e.statement}
    if e.date:
        work["temporalCoverage"] = f"{e.date}/.."
    return work
