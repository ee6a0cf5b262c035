"""Inputs and output of ``factcheck check``: directories and --glob, standard input, -o (atomic),
and the reliability list: every bad input is an error naming it, every other input is still
checked and reported, and the exit status is 2 at the end."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from helpers import jsonl, run, write

from factcheck.cli import check as cli_check

pytestmark = pytest.mark.usefixtures("shared_checker")

CLAIM = "Baclofen is an opiate."


# ---------------------------------------------------------------------------- directories

@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    write(root / "b.txt", "Fentanyl is an opioid.")
    write(root / "a.txt", CLAIM)
    write(root / "sub" / "c.txt", "Oxycodone is a muscle relaxant.")
    write(root / "sub" / "deeper" / "d.txt", "Nothing here.")
    write(root / "sub" / "notes.md", "Fentanyl is a muscle relaxant.")
    write(root / "posts.jsonl", json.dumps({"id": "j1", "text": CLAIM}) + "\n")
    write(root / ".hidden" / "e.txt", CLAIM)
    write(root / ".f.txt", CLAIM)
    return root


@pytest.mark.parametrize("globs,expected", [
    ([], ["a.txt", "b.txt", "sub/c.txt", "sub/deeper/d.txt"]),
    (["--glob", "*.md"], ["sub/notes.md"]),
    (["--glob", "sub/*.txt"], ["sub/c.txt", "sub/deeper/d.txt"]),  # * crosses "/" as in fnmatch
    (["--glob", "a.txt", "--glob", "*.md"], ["a.txt", "sub/notes.md"]),
], ids=["default", "md", "path-pattern", "repeated"])
def test_directories_are_walked_recursively_in_sorted_order(tree, globs, expected):
    code, out = run(["check", "--format", "jsonl", *globs, str(tree)])
    assert [r["id"] for r in jsonl(out)] == [str(tree / p) for p in expected]
    assert code == (1 if {"a.txt", "sub/c.txt", "sub/notes.md"} & set(expected) else 0)


def test_jsonl_input_directory_defaults_to_jsonl_files(tree):
    code, out = run(["check", "--input-format", "jsonl", "--format", "jsonl", str(tree)])
    (record,) = jsonl(out)
    assert code == 1 and record["id"] == "j1" and record["flagged"]


def test_directory_without_matching_file_is_an_input_error(tree, capsys):
    code, out = run(["check", "--format", "jsonl", "--glob", "*.rst", str(tree), str(tree / "a.txt")])
    assert code == 2
    bad, good = jsonl(out)
    assert bad["id"] == str(tree)
    assert bad["error"] == f"{tree}: cannot read input: a directory with no file matching *.rst"
    assert good["flagged"] is True
    assert f"{tree}: cannot read input" in capsys.readouterr().err


def test_text_output_names_files_found_in_directories(tree):
    code, out = run(["check", str(tree / "sub")])
    assert code == 1
    assert out.startswith(f"{tree / 'sub' / 'c.txt'}:1:1: refuted: Oxycodone is a muscle relaxant — ")


# ---------------------------------------------------------------------------- standard input

def test_standard_input_among_files_keeps_its_place(tmp_path):
    a = write(tmp_path / "a.txt", "Fentanyl is an opioid.")
    b = write(tmp_path / "b.txt", "Nothing.")
    code, out = run(["check", "--format", "jsonl", str(a), "-", str(b)], stdin=CLAIM)
    assert code == 1
    assert [(r["id"], r["flagged"]) for r in jsonl(out)] == [(str(a), False), ("<stdin>", True), (str(b), False)]


@pytest.mark.parametrize("data,reason", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks binary (NUL byte at byte 8)"),
    ("Baclofen est un opiacé, non?".encode("latin-1"), "not UTF-8 text (invalid continuation byte at byte 21)"),
    ("\ufeffBaclofen is an opiate.".encode("utf-16-le"), "UTF-16 text (byte-order mark); convert it to UTF-8"),
], ids=["binary", "latin-1", "utf-16"])
def test_standard_input_bytes_are_checked_like_files(data, reason, capsys):
    stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")  # has .buffer, like sys.stdin
    code, out = run(["check", "--format", "jsonl", "-"], stdin=stdin)
    assert code == 2
    (record,) = jsonl(out)
    assert record["error"] == f"<stdin>: cannot read input: {reason}"
    assert f"<stdin>: cannot read input: {reason}" in capsys.readouterr().err


def test_standard_input_as_bytes_with_a_byte_order_mark():
    stdin = io.TextIOWrapper(io.BytesIO(b"\xef\xbb\xbf" + CLAIM.encode()), encoding="utf-8")
    code, out = run(["check", "-"], stdin=stdin)
    assert code == 1 and out.startswith("<stdin>:1:1: refuted: Baclofen is an opiate — ")


# ---------------------------------------------------------------------------- reliability

def _missing(tmp: Path) -> tuple[Path, str]:
    return tmp / "missing.txt", "No such file or directory"


def _unreadable(tmp: Path) -> tuple[Path, str]:
    return write(tmp / "secret.txt", CLAIM), "Permission denied"  # read_bytes is made to fail below


def _below_a_file(tmp: Path) -> tuple[Path, str]:
    write(tmp / "plain.txt", CLAIM)
    return tmp / "plain.txt" / "inner.txt", "Not a directory"


def _empty_directory(tmp: Path) -> tuple[Path, str]:
    (tmp / "emptydir").mkdir()
    return tmp / "emptydir", "a directory with no file matching *.txt"


def _binary(tmp: Path) -> tuple[Path, str]:
    return write(tmp / "image.txt", b"GIF89a\x01\x00\x01\x00\x00\xff"), "looks binary (NUL byte at byte 7)"


def _latin1(tmp: Path) -> tuple[Path, str]:
    reason = "not UTF-8 text (invalid continuation byte at byte 5)"
    return write(tmp / "latin1.txt", "opiacé, non?".encode("latin-1")), reason


BAD_INPUTS = [_missing, _unreadable, _below_a_file, _empty_directory, _binary, _latin1]


@pytest.mark.parametrize("fmt", ["jsonl", "text"])
@pytest.mark.parametrize("make_bad", BAD_INPUTS, ids=[f.__name__.strip("_") for f in BAD_INPUTS])
def test_a_bad_input_is_reported_and_the_others_are_checked(tmp_path, capsys, monkeypatch, make_bad, fmt):
    bad, reason = make_bad(tmp_path)
    if make_bad is _unreadable:
        import builtins

        from factcheck.io import inputs

        real = builtins.open

        def fake_open(file, *args, **kwargs):  # reading as root ignores file modes: fail the open
            if str(file) == str(bad):
                raise PermissionError(13, "Permission denied", str(file))
            return real(file, *args, **kwargs)

        monkeypatch.setattr(inputs, "open", fake_open, raising=False)
    before = write(tmp_path / "before.txt", CLAIM)
    after = write(tmp_path / "after.txt", "Oxycodone is a muscle relaxant.")
    code, out = run(["check", "--format", fmt, str(before), str(bad), str(after)])
    assert code == 2
    message = f"{bad}: cannot read input: {reason}"
    assert message in capsys.readouterr().err
    if fmt == "jsonl":
        records = jsonl(out)
        assert [r["id"] for r in records] == [str(before), str(bad), str(after)]
        assert records[1] == {"id": str(bad), "flagged": False, "findings": [], "error": message}
        assert records[0]["flagged"] and records[2]["flagged"]
    else:
        assert f"{before}:1:1: refuted" in out and f"{after}:1:1: refuted" in out
        assert str(bad) not in out


@pytest.mark.parametrize("content", ["", "   \n\t\n  ", "\ufeff", "\r\n\r\n"],
                         ids=["empty", "whitespace", "bom-only", "blank-lines"])
def test_empty_and_blank_inputs_are_reports_without_findings(tmp_path, capsys, content):
    path = write(tmp_path / "blank.txt", content)
    code, out = run(["check", "--format", "jsonl", str(path)])
    assert code == 0
    assert jsonl(out) == [{"id": str(path), "flagged": False, "findings": []}]
    assert capsys.readouterr().err == ""


def test_very_large_input_is_checked_whole(tmp_path):
    """~2 MB, mostly long filler lines (cheap to tokenize): both claims are found, with offsets
    and line numbers into the whole file."""
    block = ("q" * 199 + "\n") * 5000
    text = block + CLAIM + "\n" + block + "Oxycodone is a muscle relaxant."
    assert len(text) > 2_000_000
    path = write(tmp_path / "big.txt", text)
    code, out = run(["check", str(path), "--format", "jsonl"])
    (record,) = jsonl(out)
    assert code == 1
    assert [(f["start"], f["claim"]) for f in record["findings"]] == [
        (1_000_000, "Baclofen is an opiate"), (2_000_023, "Oxycodone is a muscle relaxant")]
    code, out = run(["check", str(path)])
    heads = [line for line in out.splitlines() if not line.startswith("    ")]
    assert [h.split(": ", 1)[0] for h in heads] == [f"{path}:5001:1", f"{path}:10002:1"]


def test_malformed_jsonl_lines_in_a_file_keep_their_line_numbers(tmp_path, capsys):
    lines = [json.dumps({"id": "a", "text": CLAIM}), "", "not json", "   ",
             json.dumps({"id": "b", "text": 7}), json.dumps({"id": "c", "text": "Fentanyl is an opioid."}),
             "[1, 2]", json.dumps({"id": "d", "text": "Oxycodone is a muscle relaxant."})]
    path = write(tmp_path / "posts.jsonl", "\r\n".join(lines))  # CRLF, no final newline
    code, out = run(["check", "--input-format", "jsonl", "--format", "jsonl", str(path)])
    assert code == 2
    records = jsonl(out)
    assert [r["id"] for r in records] == ["a", f"{path}:3", f"{path}:5", "c", f"{path}:7", "d"]
    assert [r["flagged"] for r in records] == [True, False, False, False, False, True]
    errors = {r["id"]: r["error"] for r in records if "error" in r}
    assert errors == {
        f"{path}:3": f"{path}:3: bad JSONL record: Expecting value: line 1 column 1 (char 0)",
        f"{path}:5": f"{path}:5: bad JSONL record: field 'text' is not a string",
        f"{path}:7": f"{path}:7: bad JSONL record: not a JSON object",
    }
    err = capsys.readouterr().err
    assert all(message in err for message in errors.values())


def test_a_binary_jsonl_file_is_one_error_record(tmp_path):
    bad = write(tmp_path / "dump.jsonl", b'{"id": 1}\x00\x00')
    good = write(tmp_path / "ok.jsonl", json.dumps({"id": "x", "text": CLAIM}) + "\n")
    code, out = run(["check", "--input-format", "jsonl", "--format", "jsonl", str(bad), str(good)])
    assert code == 2
    first, second = jsonl(out)
    assert first == {"id": str(bad), "flagged": False, "findings": [],
                     "error": f"{bad}: cannot read input: looks binary (NUL byte at byte 9)"}
    assert (second["id"], second["flagged"]) == ("x", True)


# ---------------------------------------------------------------------------- -o FILE

def test_output_file_gets_the_results_and_stdout_stays_empty(tmp_path):
    post = write(tmp_path / "post.txt", CLAIM)
    target = tmp_path / "out" / "results.jsonl"
    target.parent.mkdir()
    target.write_text("old contents\n", encoding="utf-8")
    code, out = run(["check", "--format", "jsonl", "-o", str(target), str(post)])
    assert code == 1 and out == ""
    _, direct = run(["check", "--format", "jsonl", str(post)])
    assert target.read_text(encoding="utf-8") == direct
    assert sorted(p.name for p in target.parent.iterdir()) == ["results.jsonl"]  # no temporary file left


def test_output_file_is_written_atomically(tmp_path, monkeypatch, capsys):
    """A crash midway leaves the old file as it was and no temporary file behind, and is one
    line on stderr with status 2 (not 1, which means "flagged"), no traceback."""
    from factcheck.outputs.json import JsonlRenderer

    posts = [write(tmp_path / f"{i}.txt", CLAIM) for i in range(3)]
    target = write(tmp_path / "results.jsonl", "old contents\n")
    calls = []

    def add(self, item, report):
        calls.append(item.id)
        if len(calls) == 2:
            raise RuntimeError("disk on fire")
        self.out.write("partial line\n")

    monkeypatch.setattr(JsonlRenderer, "add", add)
    code, out = run(["check", "--format", "jsonl", "-o", str(target), *map(str, posts)])
    assert code == 2 and out == ""
    assert capsys.readouterr().err == "factcheck: error: internal error: RuntimeError: disk on fire\n"
    assert target.read_text(encoding="utf-8") == "old contents\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0.txt", "1.txt", "2.txt", "results.jsonl"]


def _no_directory(tmp: Path) -> Path:
    return tmp / "no" / "such" / "dir" / "out.json"


def _a_directory(tmp: Path) -> Path:
    return tmp


def _below_file(tmp: Path) -> Path:
    return write(tmp / "file.txt", "x") / "out.json"


@pytest.mark.parametrize("make_target", [_no_directory, _a_directory, _below_file],
                         ids=["missing-directory", "is-a-directory", "below-a-file"])
def test_unwritable_output_is_a_usage_error_before_checking(tmp_path, capsys, monkeypatch, make_target):
    target = make_target(tmp_path)

    def never(**kwargs):
        raise AssertionError("the checker must not be built")

    monkeypatch.setattr(cli_check, "FactChecker", never)
    code, out = run(["check", "-o", str(target), "-"], stdin=CLAIM)
    assert code == 2 and out == ""
    assert f"{target}: cannot write output" in capsys.readouterr().err


def test_output_file_not_written_when_nothing_could_be_checked(tmp_path, capsys):
    claims = write(tmp_path / "bad.yaml", "facts: [\n")
    target = tmp_path / "out.txt"
    code, out = run(["check", "--claims", str(claims), "-o", str(target), "-"], stdin=CLAIM)
    assert code == 2 and out == "" and not target.exists() and list(tmp_path.iterdir()) == [claims]
    assert str(claims) in capsys.readouterr().err


def test_new_output_file_mode_follows_the_umask(tmp_path):
    old = os.umask(0o027)
    try:
        code, _ = run(["check", "-o", str(tmp_path / "r.txt"), "-"], stdin="Nothing.")
    finally:
        os.umask(old)
    assert code == 0
    assert (tmp_path / "r.txt").stat().st_mode & 0o777 == 0o640
