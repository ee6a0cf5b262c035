"""Result models (pydantic v2). These are the wire schema: no spaCy objects, character offsets
into the input text, and an explanation for every verdict."""

from __future__ import annotations

import weakref
from typing import Any, Literal, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

Verdict = Literal["supported", "refuted", "unverifiable"]
Assertion = Literal["asserted", "hedged", "questioned", "reported", "hypothetical"]


NO_FACTS_ABOUT = "the claim set has no facts about"
"""How an unverifiable finding's note begins when the claim set knows nothing of its subject
("the claim set has no facts about cetirizine"); output summaries count such subjects."""


class OffsetIndex(Protocol):
    """Cleaned offset -> original offset (a list, or the segment map of :mod:`factcheck.text.cleaning`)."""

    def __getitem__(self, i: int, /) -> int: ...


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Mention(_Model):
    """A stretch of the input that names a concept of the claim set."""

    id: str = Field(description="Canonical concept id in the claim set, e.g. 'baclofen'.")
    text: str = Field(description="The words as the author wrote them.")
    start: int = Field(description="Character offset of the first character in the input.")
    end: int = Field(description="Character offset one past the last character.")
    type: str = Field(description="Concept type: drug, class, schedule, receptor, ...")
    approximate: bool = Field(default=False, description="Matched by edit distance (a misspelling), not exactly.")


class Cue(_Model):
    """A word of the input that decided the claim's negation or assertion status."""

    text: str
    start: int
    end: int
    category: str = Field(description="negation, hedge, question, reported, debunk, hypothetical, ...")


class Evidence(_Model):
    """A curated fact with its evidence: a verbatim quote from a source document of the claim set
    (``source_id``, ``quote``, ``start``, ``end``), or a citation by reference to an authority
    (``authority``, ``identifier``, ``url``, ``date``, ``statement``)."""

    # Frozen, and shared: the findings that cite the same evidence (the same fact, reached
    # through the same steps) hold one Evidence object between them (shared_evidence), so a long
    # document with thousands of claims on one fact holds its quotes and citations once. (A
    # comment, not the docstring: the docstring is the JSON schema's description.)
    model_config = ConfigDict(extra="forbid", frozen=True)

    fact_id: str
    source_id: str | None = Field(default=None, description="Source document of a quote (None for a citation).")
    quote: str | None = Field(default=None, description="The verbatim quote (None for a citation).")
    start: int | None = Field(default=None, description="Offset of the quote in the source document.")
    end: int | None = None
    fact: str = Field(description="The fact in words, e.g. 'baclofen is_a opioid: false'.")
    steps: tuple[str, ...] = Field(default_factory=tuple, description="Ontology steps linking the fact to the claim "
                                                           "(subclass, disjointness).")
    authority: str | None = Field(default=None, description="cfr, federal_register, fda_epc, fda_moa, atc, "
                                                            "label or reference (citations only).")
    identifier: str | None = Field(default=None, description="The authority's stable identifier, e.g. "
                                                             "'21 CFR 1308.14(b)(3)', 'N02AX02'.")
    url: str | None = Field(default=None, description="Where the identifier can be looked up.")
    date: str | None = Field(default=None, description="ISO date the cited fact holds from, or the "
                                                       "authority's version it was checked against.")
    statement: str | None = Field(default=None, description="What the citation establishes, in the "
                                                            "project's own words (not a quote).")
    citation: str | None = Field(default=None, description="Short form: 'WHO ATC N02AX02', '79 FR 37623'.")
    sense: str | None = Field(default=None, description="The sense of the class the fact decides: "
                                                        "pharmacology, structure, therapeutic, legal_us, ...")
    scope: str | None = Field(default=None, description="What the fact is limited to (a formulation).")


_SHARED_EVIDENCE: weakref.WeakValueDictionary[tuple[Any, ...], Evidence] = weakref.WeakValueDictionary()


def shared_evidence(evidence: Evidence) -> Evidence:
    """The one Evidence object alive with these values (this one if there is none yet).

    Equal values (and the same fields set, so every dump of the two is the same) give the same
    object; the table holds its objects weakly, so it never keeps an Evidence alive."""
    key = (frozenset(evidence.model_fields_set), *evidence.__dict__.values())
    try:
        return _SHARED_EVIDENCE.setdefault(key, evidence)
    except TypeError:  # an unhashable value (only if a field's type allowed one): not shared
        return evidence


class Span(_Model):
    start: int
    end: int


class Finding(_Model):
    """One claim of the text and its verdict."""

    verdict: Verdict
    relation: str
    subject: Mention
    object: Mention
    negated: bool = Field(description="The text denies the relation ('X is not a C').")
    assertion: Assertion = "asserted"
    claim: str = Field(description="The claim as written: the input from subject to object.")
    start: int
    end: int
    sentence: Span
    pattern: str = Field(description="The extraction rule that found the claim.")
    trigger: list[Cue] = Field(default_factory=list, description="Words that express the relation.")
    cues: list[Cue] = Field(default_factory=list, description="Negation and assertion cues in the claim's scope.")
    evidence: list[Evidence] = Field(default_factory=list)
    correction: str | None = Field(default=None, description="What the claim set says instead (refuted claims).")
    note: str | None = Field(default=None, description="Why a verdict was withheld, where it was.")

    @field_validator("evidence", mode="after")
    @classmethod
    def _share_evidence(cls, value: list[Evidence]) -> list[Evidence]:
        return [shared_evidence(e) for e in value]

    @property
    def flags(self) -> bool:
        """A refuted claim that the author asserts (or hedges)."""
        return self.verdict == "refuted" and self.assertion in ("asserted", "hedged")

    def shifted(self, offset: int) -> Finding:
        """A copy with every offset into the input moved by ``offset`` (for a finding made on a
        chunk of a longer text). Evidence offsets point into source documents and are kept."""
        if offset == 0:
            return self

        def move(m: _Located) -> _Located:
            return m.model_copy(update={"start": m.start + offset, "end": m.end + offset})

        return self.model_copy(update={
            "subject": move(self.subject),
            "object": move(self.object),
            "start": self.start + offset,
            "end": self.end + offset,
            "sentence": move(self.sentence),
            "trigger": [move(c) for c in self.trigger],
            "cues": [move(c) for c in self.cues],
        })


    def remapped(self, index: OffsetIndex, original: str) -> Finding:
        """A copy with offsets into a cleaned text moved back into ``original`` through
        ``index`` (cleaned offset -> original offset; see :mod:`factcheck.text.cleaning`), and the
        quoted words taken from ``original``."""
        def span(start: int, end: int) -> tuple[int, int]:
            return index[start], (index[end - 1] + 1 if end > start else index[start])

        def move(m: _Located) -> _Located:
            start, end = span(m.start, m.end)
            update: dict[str, Any] = {"start": start, "end": end}
            if hasattr(m, "text"):
                update["text"] = original[start:end]
            return m.model_copy(update=update)

        start, end = span(self.start, self.end)
        return self.model_copy(update={
            "subject": move(self.subject),
            "object": move(self.object),
            "start": start,
            "end": end,
            "claim": original[start:end],
            "sentence": move(self.sentence),
            "trigger": [move(c) for c in self.trigger],
            "cues": [move(c) for c in self.cues],
        })


_Located = TypeVar("_Located", Mention, Cue, Span)


class Report(_Model):
    """The findings for one input text."""

    id: str | None = None
    flagged: bool
    findings: list[Finding] = Field(default_factory=list)
    error: str | None = Field(default=None, description="Set when the input could not be checked.")

    @classmethod
    def from_findings(cls, findings: list[Finding], id: str | None = None) -> Report:
        return cls(id=id, flagged=any(f.flags for f in findings), findings=findings)
