"""Fuzzing the command line's input side (issue 17): arbitrary JSONL records (any JSON value, ids
and texts of any code point, lone surrogates and control characters included, undecodable
bytes) and arbitrary claim files (random YAML and JSON structures). Every run must end with
status 0, 1 or 2 and no traceback, write output that every UTF encoding can hold, and keep one
output record per input line, in order. Few examples each: the session's checker is reused
(``shared_checker``) and the texts are short."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.cli import app as cli

pytestmark = pytest.mark.usefixtures("shared_checker")

FUZZ = settings(max_examples=25, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# every code point, lone surrogates and C0/C1 controls included
ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=30)
WORDS = st.sampled_from(["Baclofen is an opiate.", "Oxycodone is a muscle relaxant.", "Fentanyl is an opioid.",
                         "Nothing to see.", "\x1b[2J", "\ud800", "", "is not an", "\u2028\u0085"])
POST_TEXT = st.one_of(ANY_TEXT, st.lists(WORDS, max_size=3).map(" ".join))
JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | ANY_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(ANY_TEXT, inner, max_size=3),
    max_leaves=8)
RECORD = st.fixed_dictionaries({"text": POST_TEXT}, optional={"id": st.one_of(ANY_TEXT, JSON_VALUE)})


def line_of(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=True).encode("ascii")


LINE = st.one_of(
    RECORD.map(line_of),                       # a good record (any id, any text)
    JSON_VALUE.map(line_of),                   # any JSON value: mostly bad records
    st.binary(max_size=20).map(lambda b: b.replace(b"\n", b" ")),  # junk bytes, undecodable ones too
    st.integers(1, 300).map(lambda n: b'{"id": "deep", "text": ' + b"[" * n * 10 + b"]" * n * 10 + b"}"),
)


def run(argv: list[str], data: bytes) -> tuple[int, str, str]:
    stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    out = io.StringIO()
    code = cli.main(argv, stdin=stdin, stdout=out)
    return code, out.getvalue(), ""


def assert_clean(code: int, out: str, err: str) -> None:
    assert code in (0, 1, 2)
    out.encode("utf-8")  # no lone surrogate in any output
    assert "Traceback" not in err and "\x1b" not in err


@FUZZ
@given(lines=st.lists(LINE, min_size=1, max_size=6))
def test_jsonl_records_never_crash_nor_lose_a_record(lines, capsys):
    data = b"\n".join(lines)
    code, out, _ = run(["check", "--input-format", "jsonl", "--format", "jsonl", "-"], data)
    err = capsys.readouterr().err
    assert_clean(code, out, err)
    records = [json.loads(line) for line in out.splitlines()]
    # one record per non-blank line, in order (unless the input as a whole is binary / UTF-16)
    raw_lines = data.removeprefix(b"\xef\xbb\xbf").split(b"\n")
    expected = [i for i, line in enumerate(raw_lines, start=1) if line.removesuffix(b"\r").strip()]
    if len(records) == 1 and records[0]["id"] == "<stdin>":
        assert "cannot read input" in records[0]["error"]
        return
    nonblank = []
    for i in expected:  # a line of spaces that is not UTF-8 still counts as a line
        try:
            if raw_lines[i - 1].decode("utf-8").removesuffix("\r").strip():
                nonblank.append(i)
        except UnicodeDecodeError:
            nonblank.append(i)
    assert len(records) == len(nonblank)
    for record, i in zip(records, nonblank):
        if "error" in record:
            assert record["id"] == f"<stdin>:{i}" and record["error"].startswith(f"<stdin>:{i}: ")
    assert (code == 2) == any("error" in r for r in records)


@FUZZ
@given(lines=st.lists(RECORD.map(line_of), min_size=1, max_size=4),
       fmt=st.sampled_from(["text", "json", "sarif", "claimreview", "html"]))
def test_every_format_writes_any_record(lines, fmt, capsys):
    code, out, _ = run(["check", "--input-format", "jsonl", "--format", fmt, "-"], b"\n".join(lines))
    assert_clean(code, out, capsys.readouterr().err)
    if fmt == "text":
        assert not any(c in out for c in "\x1b\x07\x9b")


# ---------------------------------------------------------------------------- claim files

KEYS = st.sampled_from(["sources", "concepts", "disjoint", "facts", "id", "type", "name", "parents",
                        "aliases", "path", "title", "evidence", "quote", "start", "end", "subject",
                        "object", "relation", "source"])
CLAIM_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 10**6) | ANY_TEXT | st.sampled_from(["drug", "class", "is_a",
                                                                                  "opioid", "../x", "/dev/zero"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS | ANY_TEXT, inner, max_size=4),
    max_leaves=12)
CLAIM_DOC = st.one_of(CLAIM_VALUE, st.dictionaries(KEYS, CLAIM_VALUE, max_size=4))


def dumped(value: object, kind: str) -> bytes:
    if kind == "json":
        return json.dumps(value, ensure_ascii=True).encode()
    return yaml.safe_dump(value, allow_unicode=False).encode()


@pytest.fixture
def quick_validate(monkeypatch):
    """claims validate without building a spaCy pipeline per example (the fuzzing is about
    reading the file; building the checker is tested in test_reliability_cli.py)."""
    from factcheck.cli import claims

    monkeypatch.setattr(claims, "build_checker", lambda model, paths, source_dirs=(): None)


@FUZZ
@given(doc=CLAIM_DOC, kind=st.sampled_from(["json", "yaml"]),
       junk=st.one_of(st.none(), st.binary(max_size=40)))
def test_claim_files_never_crash(doc, kind, junk, tmp_path_factory, quick_validate, capsys):
    folder = tmp_path_factory.mktemp("claims")
    path = Path(folder) / f"c.{kind}"
    path.write_bytes(junk if junk is not None else dumped(doc, kind))
    code, out, _ = run(["claims", "validate", str(path)], b"")
    err = capsys.readouterr().err
    assert_clean(code, out, err)
    assert code in (0, 2)
    if code == 2:
        assert err.startswith("factcheck: ERROR: ") and err.count("\n") == 1 and str(path) in err
