"""Helpers shared by the tests: read the case tables of ``tests/data/``; for the command-line
tests, run ``factcheck`` in-process, write input files, read JSONL output. (Imported as
``from helpers import ...``: pytest puts ``tests/`` on the path.)"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import yaml

from factcheck.cli import app as cli

DATA = Path(__file__).parent / "data"


def grouped_cases(name: str, table: str) -> list[tuple[str, dict[str, Any]]]:
    """The cases of ``table`` in ``tests/data/<name>.yaml``, where they are grouped by
    construction or category (group -> list of cases): (group, case) pairs in the file's order."""
    data = yaml.safe_load((DATA / f"{name}.yaml").read_text(encoding="utf-8"))
    return [(group, case) for group, cases in data[table].items() for case in cases]


def run(argv: list[str], stdin: str | bytes | io.TextIOBase = "") -> tuple[int, str]:
    """``factcheck ARGV`` in this process: its exit status and its standard output. ``stdin``
    is text, bytes (read as UTF-8) or a stream."""
    if isinstance(stdin, bytes):
        stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    elif isinstance(stdin, str):
        stdin = io.StringIO(stdin)
    out = io.StringIO()
    code = cli.main(argv, stdin=stdin, stdout=out)
    return code, out.getvalue()


def write(path: Path, data: str | bytes) -> Path:
    """Write ``data`` (text as UTF-8, bytes as they are) to ``path``, making its directory."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def jsonl(out: str) -> list[dict]:
    """The records of JSONL output (every line complete)."""
    assert out == "" or out.endswith("\n"), out[-200:]
    return [json.loads(line) for line in out.splitlines()]


def no_traceback(err: str) -> None:
    assert "Traceback" not in err and 'File "' not in err, err
