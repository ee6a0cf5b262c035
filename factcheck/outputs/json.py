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
from factcheck.report import Report

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
    json.dump({"reports": [report_dict(r) for r in reports]}, out, ensure_ascii=False, indent=2)
    out.write("\n")


class RunDocument(BaseModel):
    """The ``--format json`` output: one document for the whole run."""

    model_config = ConfigDict(extra="forbid", title="factcheck JSON document")

    reports: list[Report] = Field(description="One report per input document, in input order.")


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
