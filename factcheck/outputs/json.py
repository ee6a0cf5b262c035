"""``--format json`` and ``--format jsonl``, and the JSON Schema of their records.

The JSONL contract (one line per input document, in input order):
``{"id": ..., "flagged": bool, "findings": [Finding, ...]}`` plus ``"error"`` on inputs that
could not be checked. Finding fields are those of :class:`factcheck.report.Finding`."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TextIO

from pydantic import BaseModel, ConfigDict, Field

from factcheck.outputs.base import Item
from factcheck.report import NO_FACTS_ABOUT, Report

if TYPE_CHECKING:
    from factcheck.knowledge.claimset import ClaimSet


def report_dict(report: Report) -> dict[str, Any]:
    data = report.model_dump(mode="json")
    if data.get("error") is None:
        data.pop("error", None)
    return data


def write_jsonl(report: Report, out: TextIO) -> None:
    out.write(json.dumps(report_dict(report), ensure_ascii=False) + "\n")


def write_json(reports: Iterable[Report], out: TextIO) -> None:
    reports = list(reports)
    document = {"reports": [report_dict(r) for r in reports],
                "summary": summarize(reports).model_dump(mode="json")}
    json.dump(document, out, ensure_ascii=False, indent=2)
    out.write("\n")


class SubjectCount(BaseModel):
    """Unverifiable claims about one subject."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="The subject's concept id.")
    text: str = Field(description="The subject as first written.")
    claims: int = Field(description="Unverifiable claims about it in the run.")
    unknown: bool = Field(description="The claim set has no facts about it at all (a gap to fill), "
                                      "rather than none that decides these claims.")


class Summary(BaseModel):
    """Counts over the whole run."""

    model_config = ConfigDict(extra="forbid")

    inputs: int
    flagged: int = Field(description="Inputs with a refuted (flagged) claim.")
    errors: int = Field(description="Inputs that could not be checked.")
    verdicts: dict[str, int] = Field(description="Findings by verdict.")
    unverifiable_by_subject: list[SubjectCount] = Field(
        description="Unverifiable claims by subject, most first: what the claim set lacks.")


def summarize(reports: Iterable[Report]) -> Summary:
    verdicts = {"supported": 0, "refuted": 0, "unverifiable": 0}
    subjects: dict[str, SubjectCount] = {}
    inputs = flagged = errors = 0
    for report in reports:
        inputs += 1
        flagged += report.flagged
        errors += report.error is not None
        for f in report.findings:
            verdicts[f.verdict] = verdicts.get(f.verdict, 0) + 1
            if f.verdict != "unverifiable":
                continue
            entry = subjects.get(f.subject.id)
            unknown = bool(f.note and f.note.startswith(NO_FACTS_ABOUT))
            if entry is None:
                subjects[f.subject.id] = SubjectCount(id=f.subject.id, text=f.subject.text, claims=1, unknown=unknown)
            else:
                entry.claims += 1
    ranked = sorted(subjects.values(), key=lambda c: (-c.claims, c.id))
    return Summary(inputs=inputs, flagged=flagged, errors=errors, verdicts=verdicts,
                   unverifiable_by_subject=ranked)


class RunDocument(BaseModel):
    """The ``--format json`` output: one document for the whole run."""

    model_config = ConfigDict(extra="forbid", title="factcheck JSON document")

    reports: list[Report] = Field(description="One report per input document, in input order.")
    summary: Summary = Field(description="Counts over the run, with unverifiable claims by subject.")


def record_schema(document: bool = False) -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of a ``--format jsonl`` output line (a Report), or with
    ``document`` of the ``--format json`` output."""
    if document:
        schema = RunDocument.model_json_schema(mode="serialization")
    else:
        schema = Report.model_json_schema(mode="serialization")
        schema["title"] = "factcheck report"
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


class JsonlRenderer:
    def __init__(self, out: TextIO, claimset: ClaimSet | None = None) -> None:
        self.out = out

    def add(self, item: Item, report: Report) -> None:
        write_jsonl(report, self.out)

    def finish(self, successful: bool) -> None:
        pass


class JsonRenderer:
    def __init__(self, out: TextIO, claimset: ClaimSet | None = None) -> None:
        self.out = out
        self.reports: list[Report] = []

    def add(self, item: Item, report: Report) -> None:
        self.reports.append(report)

    def finish(self, successful: bool) -> None:
        write_json(self.reports, self.out)
