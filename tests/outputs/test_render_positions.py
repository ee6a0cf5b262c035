"""Positions and artifact names shared by the renderers (no pipeline needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from factcheck.outputs.base import LineIndex, artifact_uri, line_col


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_line_and_column_count_code_points_after_any_line_end(newline):
    text = newline.join(["Café 🙂 ok", "", "  x Über y"])
    lines = LineIndex(text)
    third = text.index("  x")
    assert lines.line_col(0) == (1, 1)
    assert lines.line_col(text.index("ok")) == (1, 8)  # the emoji is one code point
    assert lines.line_col(third) == (3, 1)
    assert lines.line_col(text.index("Über")) == (3, 5)
    assert lines.line_col(len(text)) == (3, len("  x Über y") + 1)  # one past the end
    assert line_col(text, text.index("y")) == lines.line_col(text.index("y"))


def test_crlf_counts_as_one_line_end():
    assert LineIndex("a\r\nb").line_col(3) == (2, 1)
    assert LineIndex("a\n\rb").line_col(3) == (3, 1)  # LF then CR: two line ends


@pytest.mark.parametrize("path,uri", [
    (None, "stdin"),
    ("-", "stdin"),
    ("notes.txt", "notes.txt"),
    ("./docs/a b#1.txt", "docs/a%20b%231.txt"),
    ("docs/café.txt", "docs/caf%C3%A9.txt"),
    ("../up.txt", "../up.txt"),
])
def test_artifact_uri_of_relative_paths(path, uri):
    assert artifact_uri(path) == uri


def test_artifact_uri_of_absolute_paths(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert artifact_uri(str(tmp_path / "sub" / "x.txt")) == "sub/x.txt"
    outside = Path("/").joinpath("elsewhere", "y z.txt")
    assert artifact_uri(str(outside)) == "file:///elsewhere/y%20z.txt"
