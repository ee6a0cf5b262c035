"""What every renderer shares: the input :class:`Item` a report belongs to, the
:class:`Renderer` protocol, and positions (line and column) and names for inputs."""

from __future__ import annotations

import bisect
import os
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
    prefix = ""
    if p.is_absolute():
        try:
            p = p.relative_to(Path.cwd())
        except ValueError:
            prefix = "file://"
    # percent-encode the file name's bytes: a name that is not valid UTF-8 (undecodable bytes
    # come in as lone surrogates) keeps its exact bytes instead of failing to encode
    return prefix + quote(os.fsencode(PurePath(p).as_posix()), safe="/")


def one_line(text: str) -> str:
    return " ".join(text.split())


# C0 and C1 control characters (ESC, BEL, CR, ...), DEL, and lone surrogates (from JSON "\\ud800"
# escapes or undecodable bytes in file names)
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_UNSAFE_KEEP_LINES = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _escape(m: re.Match[str]) -> str:
    c = ord(m.group())
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def safe_name(text: str) -> str:
    """A name or id as shown in text output and messages: control characters and lone
    surrogates become visible escapes (ESC -> ``\\x1b``, a lone surrogate -> ``\\ud800``), so
    that nothing reaches a terminal raw and every output encoding can write it."""
    if text.isascii() and text.isprintable():  # the common case, without a regex pass
        return text
    return _UNSAFE.sub(_escape, text)


def safe_lines(text: str) -> str:
    """:func:`safe_name` keeping line feeds (for multi-line text output and log records)."""
    return _UNSAFE_KEEP_LINES.sub(_escape, text)


_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """Text with every lone surrogate replaced by U+FFFD (one code point for one: offsets into
    the text stay right); JSON input may hold them as ``\\ud800`` escapes, and no UTF
    encoding can write them."""
    return text if text.isascii() else _SURROGATE.sub("\ufffd", text)


def safe_id(text: str) -> str:
    """An id as written to every output format: lone surrogates as visible ``\\udXXX`` escapes
    (distinct ids stay distinct); other characters are kept (JSON escapes controls itself)."""
    return text if text.isascii() else _SURROGATE.sub(_escape, text)


def fact_ids(f: Finding) -> list[str]:
    """The finding's fact ids, each once, in evidence order."""
    return list(dict.fromkeys(e.fact_id for e in f.evidence))
