"""Renderers: Reports -> text for people, JSON / JSONL for machines.

The JSONL contract (one line per input document, in input order):
``{"id": ..., "flagged": bool, "findings": [Finding, ...]}`` plus ``"error"`` on inputs that
could not be checked. Finding fields are those of :class:`factcheck.report.Finding`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from .report import Finding, Report


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


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in code points) of a character offset."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def format_finding(name: str, text: str, f: Finding) -> str:
    """``path:line:col: verdict: <claim as written> — <correction or fact> [fact id]``, then the
    source quote indented on the next line."""
    line, col = line_col(text, f.start)
    claim = " ".join(f.claim.split())
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
    ids = sorted({e.fact_id for e in f.evidence}, key=[e.fact_id for e in f.evidence].index)
    ref = f" [{', '.join(ids)}]" if ids else ""
    head = f"{name}:{line}:{col}: {f.verdict}: {claim}{extra} — {why}{ref}"
    if f.evidence:
        e = f.evidence[0]
        steps = f" (via {'; '.join(e.steps)})" if e.steps else ""
        head += f'\n    source {e.source_id} [{e.start}:{e.end}]: "{e.quote}"{steps}'
    return head


def write_text(name: str, text: str, report: Report, out: TextIO) -> None:
    if report.error:
        return
    for f in report.findings:
        out.write(format_finding(name, text, f) + "\n")
