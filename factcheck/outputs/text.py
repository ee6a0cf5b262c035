"""``--format text``: ``path:line:col: verdict: claim — correction [fact ids]`` lines, each
with its first source quote (or citation by reference) below it."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from factcheck.outputs.base import Item, LineIndex, fact_ids, one_line, safe_lines
from factcheck.report import Evidence, Finding, Report

if TYPE_CHECKING:
    from factcheck.knowledge.claimset import ClaimSet


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
        why = f.note or "the claim set says nothing about this"
    ids = fact_ids(f)
    ref = f" [{', '.join(ids)}]" if ids else ""
    head = f"{name}:{line}:{col}: {f.verdict}: {claim}{extra} — {why}{ref}"
    if f.evidence:
        e = f.evidence[0]
        steps = f" (via {'; '.join(e.steps)})" if e.steps else ""
        head += f"\n    {evidence_line(e)}{steps}"
    return head


def evidence_line(e: Evidence) -> str:
    """``source ID [s:e]: "quote"`` for a quote, ``cited CITATION (from DATE): statement <URL>``
    for a citation by reference."""
    if e.authority is None:
        return f'source {e.source_id} [{e.start}:{e.end}]: "{e.quote}"'
    since = f" (from {e.date})" if e.date else ""
    sense = f" [{e.sense} sense]" if e.sense else ""
    return f"cited {e.citation}{since}{sense}: {e.statement} <{e.url}>"




def write_text(name: str, text: str, report: Report, out: TextIO) -> None:
    if report.error:
        return
    lines = LineIndex(text) if report.findings else None
    for f in report.findings:
        # the claim and the quote come from the input: no control character reaches a terminal raw
        out.write(safe_lines(format_finding(name, text, f, lines)) + "\n")


class TextRenderer:
    """``path:line:col: ...`` lines; inputs that could not be read are reported on stderr only."""

    def __init__(self, out: TextIO, claimset: ClaimSet | None = None) -> None:
        self.out = out

    def add(self, item: Item, report: Report) -> None:
        write_text(item.name, item.text or "", report, self.out)

    def finish(self, successful: bool) -> None:
        pass
