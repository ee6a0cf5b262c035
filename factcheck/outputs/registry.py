"""Renderers: Reports -> text and an HTML page for people, JSON / JSONL / SARIF / ClaimReview for
machines.

The JSONL contract (one line per input document, in input order):
``{"id": ..., "flagged": bool, "findings": [Finding, ...]}`` plus ``"error"`` on inputs that
could not be checked. Finding fields are those of :class:`factcheck.report.Finding`.

Every renderer has the same two methods: ``add(item, report)`` for each input in input order,
then ``finish(successful)`` once. Text and JSONL are written as they come; JSON, SARIF,
ClaimReview and HTML are one document for the whole run, written by ``finish``. SARIF,
ClaimReview and HTML live in :mod:`factcheck.outputs.sarif`, :mod:`factcheck.outputs.claimreview`
and :mod:`factcheck.outputs.html`.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Protocol, TextIO
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict, Field

from factcheck.knowledge.claimset import ClaimSet
from factcheck.report import Finding, Report


@dataclass
class Item:
    """One document to check (a file, standard input or a JSONL record), or the error that
    stopped it from being read."""

    id: str
    name: str  # how text output and messages name it (path, or path:line[record id])
    text: str | None
    error: str | None = None
    path: str | None = None  # the input file as named on the command line (None: standard input)
    line: int | None = None  # JSONL input: the record's line number in its file

    @property
    def is_record(self) -> bool:
        return self.line is not None


def jsonl_item(line: str, at: str, name: str, id_field: str = "id", text_field: str = "text",
               path: str | None = None, lineno: int | None = None) -> Item | None:
    """One line of JSONL input as an Item: the record's text and id (the id field, else
    ``at``), an error Item for a bad record (naming ``at``), None for a blank line. ``name``
    is how messages name the record, before its id in brackets."""
    line = line.removesuffix("\r")
    if not line.strip():
        return None
    try:
        record = json.loads(line)
        if not isinstance(record, dict):
            raise ValueError("not a JSON object")
        text = record[text_field]
        if not isinstance(text, str):
            raise ValueError(f"field {text_field!r} is not a string")
    except (ValueError, KeyError) as exc:
        problem = f"missing field {exc}" if isinstance(exc, KeyError) else str(exc)
        return Item(id=at, name=at, text=None, path=path, line=lineno, error=f"{at}: bad JSONL record: {problem}")
    rid = record.get(id_field, at)
    return Item(id=str(rid) if rid is not None else at, name=f"{name}[{rid}]", text=text, path=path, line=lineno)


class Renderer(Protocol):
    def add(self, item: Item, report: Report) -> None: ...

    def finish(self, successful: bool) -> None: ...


# ---------------------------------------------------------------------------- positions

# SARIF 2.1.0 (3.30.2) and most editors end a line at CR, LF or CRLF.
_LINE_END = re.compile(r"\r\n?|\n")


class LineIndex:
    """1-based line and column (in code points) of character offsets into one text."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in _LINE_END.finditer(text)]

    def line_col(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in code points) of a character offset."""
    return LineIndex(text).line_col(offset)


def artifact_uri(path: str | None) -> str:
    """A URI reference for an input path: relative paths stay relative (forward slashes,
    percent-encoded), absolute paths under the working directory become relative to it, other
    absolute paths become ``file:`` URIs; standard input is ``stdin``."""
    if path is None or path == "-":
        return "stdin"
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.relative_to(Path.cwd())
        except ValueError:
            return p.as_uri()
    return quote(PurePath(p).as_posix(), safe="/")


def one_line(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------------------- JSON and JSONL

def report_dict(report: Report) -> dict:
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


def record_schema(document: bool = False) -> dict:
    """JSON Schema (draft 2020-12) of a ``--format jsonl`` output line (a Report), or with
    ``document`` of the ``--format json`` output."""
    if document:
        schema = RunDocument.model_json_schema(mode="serialization")
    else:
        schema = Report.model_json_schema(mode="serialization")
        schema["title"] = "factcheck report"
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


class JsonlRenderer:
    def __init__(self, out: TextIO) -> None:
        self.out = out

    def add(self, item: Item, report: Report) -> None:
        write_jsonl(report, self.out)

    def finish(self, successful: bool) -> None:
        pass


class JsonRenderer:
    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.reports: list[Report] = []

    def add(self, item: Item, report: Report) -> None:
        self.reports.append(report)

    def finish(self, successful: bool) -> None:
        write_json(self.reports, self.out)


# ---------------------------------------------------------------------------- text

def format_finding(name: str, text: str, f: Finding, lines: LineIndex | None = None) -> str:
    """``path:line:col: verdict: <claim as written> — <correction or fact> [fact id]``, then the
    source quote indented on the next line."""
    line, col = (lines or LineIndex(text)).line_col(f.start)
    claim = one_line(f.claim)
    status = []
    if f.negated:
        status.append("negated")
    if f.assertion != "asserted":
        status.append(f.assertion)
    cue_words = ", ".join(f'{c.category} "{c.text}"' for c in f.cues)
    if cue_words:
        status.append(f"cues: {cue_words}")
    extra = f" ({'; '.join(status)})" if status else ""
    if f.verdict == "refuted":
        why = f.correction or ""
    elif f.verdict == "supported":
        why = f"consistent with the claim set: {f.evidence[0].fact}" if f.evidence else ""
    else:
        why = "the claim set says nothing about this"
    ids = fact_ids(f)
    ref = f" [{', '.join(ids)}]" if ids else ""
    head = f"{name}:{line}:{col}: {f.verdict}: {claim}{extra} — {why}{ref}"
    if f.evidence:
        e = f.evidence[0]
        steps = f" (via {'; '.join(e.steps)})" if e.steps else ""
        head += f'\n    source {e.source_id} [{e.start}:{e.end}]: "{e.quote}"{steps}'
    return head


def fact_ids(f: Finding) -> list[str]:
    """The finding's fact ids, each once, in evidence order."""
    return list(dict.fromkeys(e.fact_id for e in f.evidence))


def write_text(name: str, text: str, report: Report, out: TextIO) -> None:
    if report.error:
        return
    lines = LineIndex(text) if report.findings else None
    for f in report.findings:
        out.write(format_finding(name, text, f, lines) + "\n")


class TextRenderer:
    """``path:line:col: ...`` lines; inputs that could not be read are reported on stderr only."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def add(self, item: Item, report: Report) -> None:
        write_text(item.name, item.text or "", report, self.out)

    def finish(self, successful: bool) -> None:
        pass


FORMATS = ("text", "json", "jsonl", "sarif", "claimreview", "html")


def make_renderer(fmt: str, out: TextIO, claimset: ClaimSet | None = None) -> Renderer:
    """The renderer for an output format (one of :data:`FORMATS`)."""
    if fmt == "text":
        return TextRenderer(out)
    if fmt == "jsonl":
        return JsonlRenderer(out)
    if fmt == "json":
        return JsonRenderer(out)
    if fmt == "sarif":
        from factcheck.outputs.sarif import SarifRenderer
        return SarifRenderer(out, claimset)
    if fmt == "claimreview":
        from factcheck.outputs.claimreview import ClaimReviewRenderer
        return ClaimReviewRenderer(out, claimset)
    if fmt == "html":
        from factcheck.outputs.html import HtmlRenderer
        return HtmlRenderer(out, claimset)
    raise ValueError(f"unknown output format {fmt!r}; choose from {', '.join(FORMATS)}")
