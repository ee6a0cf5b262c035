"""What every renderer shares: the input :class:`Item` a report belongs to, the
:class:`Renderer` protocol, and positions (line and column) and names for inputs."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Protocol, TextIO
from urllib.parse import quote

from factcheck.report import Finding, Report

if TYPE_CHECKING:
    from factcheck.knowledge.claimset import ClaimSet


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


class Renderer(Protocol):
    """Called with ``add(item, report)`` for each input in input order, then ``finish(successful)``
    once. Constructed as ``Renderer(out, claimset)``; ``claimset`` may be None."""

    def add(self, item: Item, report: Report) -> None: ...

    def finish(self, successful: bool) -> None: ...


class RendererFactory(Protocol):
    def __call__(self, out: TextIO, claimset: ClaimSet | None = None) -> Renderer: ...


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


def fact_ids(f: Finding) -> list[str]:
    """The finding's fact ids, each once, in evidence order."""
    return list(dict.fromkeys(e.fact_id for e in f.evidence))
