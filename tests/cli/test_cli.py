"""The command line: ``factcheck check``. Exit status 0 clean, 1 flagged, 2 usage or input error.

main() builds its own FactChecker on every call (about a second), so the in-process tests are
kept few and each checks several things.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import jsonl, run, write

FINDING_KEYS = {"verdict", "relation", "subject", "object", "negated", "assertion", "evidence", "correction"}
MENTION_KEYS = {"id", "text", "start", "end"}


def check_mentions(finding: dict, text: str) -> None:
    for role in ("subject", "object"):
        m = finding[role]
        assert MENTION_KEYS <= set(m)
        assert 0 <= m["start"] < m["end"] <= len(text)
        assert text[m["start"]:m["end"]] == m["text"]


# ---------------------------------------------------------------------------- text output

def test_refuted_claim_in_text_format(tmp_path, kb, capsys):
    path = write(tmp_path / "post.txt", "Baclofen is an opiate.\n")
    code, out = run(["check", str(path)])
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 2, out
    head = re.fullmatch(re.escape(str(path)) + r":1:1: refuted: Baclofen is an opiate — (?P<correction>.+) "
                        r"\[(?P<ids>[a-z0-9-]+(?:, [a-z0-9-]+)*)\]", lines[0])
    assert head, lines[0]
    assert head["correction"].startswith("Baclofen is not an opiate")
    ids = head["ids"].split(", ")
    assert ids[0] == "baclofen-not-opiate"
    assert len(ids) == len(set(ids))
    for fid in ids:
        kb.fact(fid)  # every id is a curated fact
    # the quote of the first fact, with where it is in its source
    e = kb.fact("baclofen-not-opiate").evidence[0]
    assert lines[1] == f'    source {e.source} [{e.start}:{e.end}]: "{e.quote}"'
    assert "Baclofen is not an opiate" in e.quote
    assert capsys.readouterr().err == ""


def test_clean_files_exit_0(tmp_path, capsys):
    supported = write(tmp_path / "supported.txt", "Fentanyl is an opioid.")
    nothing = write(tmp_path / "nothing.txt", "I slept well last night.")
    denied = write(tmp_path / "denied.txt", "Baclofen is not an opioid.")
    code, out = run(["check", str(supported), str(nothing), str(denied)])
    assert code == 0
    assert "refuted" not in out
    assert f"{supported}:1:1: supported: Fentanyl is an opioid — consistent with the claim set: " \
           f"fentanyl is an opioid [fentanyl-is-opioid, ref-fentanyl-full-opioid-agonist, ref-fentanyl-opioid-agonist]" in out.splitlines()
    assert not any(line.startswith(str(nothing)) for line in out.splitlines())
    assert any(line.startswith(f"{denied}:1:1: supported: Baclofen is not an opioid (negated")
               for line in out.splitlines())
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("argv", [["check", "-"], ["check"]], ids=["dash", "no-path"])
def test_standard_input(argv):
    code, out = run(argv, stdin="Hello there.\nOxyContin is a muscle relaxant.\n")
    assert code == 1
    assert out.startswith("<stdin>:2:1: refuted: OxyContin is a muscle relaxant — ")
    assert "[oxycodone-is-opioid, ref-oxycodone-full-opioid-agonist, ref-oxycodone-opioid-agonist]" in out.splitlines()[0]


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["LF", "CRLF"])
def test_line_and_column_are_one_based(tmp_path, newline):
    text = newline.join(["Café notes (day 1)", "Nothing here.", "    Baclofen is an opioid.", ""])
    path = write(tmp_path / "notes.txt", text)
    code, out = run(["check", str(path)])
    assert code == 1
    (head,) = [line for line in out.splitlines() if not line.startswith("    ")]
    assert head.startswith(f"{path}:3:5: refuted: Baclofen is an opioid — ")


# ---------------------------------------------------------------------------- machine output

def test_jsonl_output_one_line_per_input_in_order(tmp_path):
    texts = {
        "a.txt": "Baclofen is an opiate.",
        "b.txt": "I slept well.",
        "c.txt": "Oxycodone is an opioid.\n\nBaclofen, however, is not an opioid.",
    }
    paths = [str(write(tmp_path / name, text)) for name, text in texts.items()]
    code, out = run(["check", "--format", "jsonl", *paths])
    assert code == 1
    records = jsonl(out)
    assert [r["id"] for r in records] == paths
    assert [r["flagged"] for r in records] == [True, False, False]
    for record, text in zip(records, texts.values()):
        assert set(record) == {"id", "flagged", "findings"}
        for f in record["findings"]:
            assert FINDING_KEYS <= set(f)
            check_mentions(f, text)
            assert text[f["start"]:f["end"]] == f["claim"]
    summary = [[(f["subject"]["id"], f["object"]["id"], f["verdict"], f["negated"]) for f in r["findings"]]
               for r in records]
    assert summary == [
        [("baclofen", "opiate", "refuted", False)],
        [],
        [("oxycodone", "opioid", "supported", False), ("baclofen", "opioid", "supported", True)],
    ]
    refuted = records[0]["findings"][0]
    assert refuted["correction"].startswith("Baclofen is not an opiate")
    assert refuted["evidence"][0]["fact_id"] == "baclofen-not-opiate"
    assert records[2]["findings"][0]["correction"] is None


def test_json_output_is_one_document(tmp_path):
    a = write(tmp_path / "a.txt", "Fentanyl is a skeletal muscle relaxant.")
    b = write(tmp_path / "b.txt", "Nothing to see.")
    code, out = run(["check", "--format", "json", str(a), str(b)])
    assert code == 1
    doc = json.loads(out)  # the whole output parses as one JSON value
    assert list(doc) == ["reports", "summary"]
    assert [r["id"] for r in doc["reports"]] == [str(a), str(b)]
    assert doc["summary"]["inputs"] == 2 and doc["summary"]["flagged"] == 1
    assert doc["summary"]["verdicts"] == {"supported": 0, "refuted": 1, "unverifiable": 0}
    (f,) = doc["reports"][0]["findings"]
    assert (f["subject"]["id"], f["object"]["id"], f["verdict"]) == ("fentanyl", "skeletal_muscle_relaxant", "refuted")
    assert doc["reports"][1] == {"id": str(b), "flagged": False, "findings": []}


def test_jsonl_input_with_custom_fields(tmp_path):
    records = [
        {"doc": "post-7", "body": "Lioresal is a muscle relaxant."},
        {"doc": 8, "body": "Duragesic is an opioid.", "text": "Baclofen is an opiate."},
    ]
    path = write(tmp_path / "posts.jsonl", "".join(json.dumps(r) + "\n" for r in records))
    code, out = run(["check", "--input-format", "jsonl", "--id-field", "doc", "--text-field", "body",
                     "--format", "jsonl", str(path)])
    assert code == 0
    out_records = jsonl(out)
    assert [r["id"] for r in out_records] == ["post-7", "8"]
    for r, src in zip(out_records, records):
        assert r["findings"], r
        for f in r["findings"]:
            check_mentions(f, src["body"])  # offsets are into the record's text field
    assert {(f["subject"]["id"], f["object"]["id"]) for f in out_records[1]["findings"]} == {("fentanyl", "opioid")}


def test_malformed_jsonl_line_is_an_error_record(capsys):
    stdin = "\n".join([
        json.dumps({"id": "one", "text": "Baclofen is an opiate."}),
        '{"id": "two", "text": "unterminated',
        "",
        json.dumps({"id": "four", "text": "Fentanyl is an opioid."}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "six"}),
    ]) + "\n"
    code, out = run(["check", "--input-format", "jsonl", "--format", "jsonl", "-"], stdin=stdin)
    assert code == 2
    records = jsonl(out)
    assert [r.get("error") is None for r in records] == [True, False, True, False, False]
    assert [r["id"] for r in records] == ["one", "<stdin>:2", "four", "<stdin>:5", "<stdin>:6"]
    assert records[0]["flagged"] and records[0]["findings"]
    assert records[2]["findings"][0]["verdict"] == "supported"
    for r, lineno in zip([records[1], records[3], records[4]], [2, 5, 6]):
        assert r["flagged"] is False and r["findings"] == []
        assert r["error"].startswith(f"<stdin>:{lineno}: ")
    assert "'text'" in records[4]["error"]
    err = capsys.readouterr().err
    for lineno in (2, 5, 6):
        assert f"<stdin>:{lineno}:" in err


# ---------------------------------------------------------------------------- input errors

def _missing(tmp_path: Path) -> Path:
    return tmp_path / "missing.txt"


def _directory(tmp_path: Path) -> Path:
    (tmp_path / "adir").mkdir()
    return tmp_path / "adir"


def _latin1(tmp_path: Path) -> Path:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Baclofen est un opiacé, non?".encode("latin-1"))
    return path


@pytest.mark.parametrize("make_bad", [_missing, _directory, _latin1], ids=["missing", "directory", "not-utf8"])
def test_unreadable_input_exit_2_and_others_still_reported(tmp_path, capsys, make_bad):
    bad = make_bad(tmp_path)
    good = write(tmp_path / "good.txt", "Baclofen is an opiate.")
    code, out = run(["check", str(bad), str(good)])
    assert code == 2
    assert out.startswith(f"{good}:1:1: refuted: Baclofen is an opiate — ")
    assert str(bad) not in out
    err = capsys.readouterr().err
    assert f"{bad}: cannot read input" in err
    assert str(good) not in err


def test_bad_claim_set_exits_2(tmp_path, capsys):
    claims = write(tmp_path / "claims.yaml", "facts: [\n")
    code, out = run(["check", "--claims", str(claims), "-"], stdin="Baclofen is an opiate.")
    assert code == 2 and out == ""
    err = capsys.readouterr().err
    assert str(claims) in err and "YAML" in err


def test_unknown_model_exits_2(capsys):
    code, out = run(["check", "--model", "not_a_model", "-"], stdin="Baclofen is an opiate.")
    assert code == 2 and out == ""
    err = capsys.readouterr().err
    assert "cannot load spaCy pipeline 'not_a_model'" in err


@pytest.mark.parametrize("argv,complaint", [
    (["check", "--bogus"], "unrecognized arguments: --bogus"),
    (["check", "--format", "xml"], "invalid choice: 'xml'"),
    (["frobnicate"], "invalid choice: 'frobnicate'"),
    ([], "required"),
])
def test_usage_errors_exit_2(capsys, argv, complaint):
    with pytest.raises(SystemExit) as info:
        run(argv)
    assert info.value.code == 2
    captured = capsys.readouterr()
    assert complaint in captured.err
    assert captured.out == ""


# ---------------------------------------------------------------------------- bugs

def test_jsonl_record_with_unicode_line_separator(tmp_path):
    records = [{"id": "r1", "text": "Quote:\u2028Baclofen is an opiate."}, {"id": "r2", "text": "Fentanyl is an opioid."}]
    path = tmp_path / "posts.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    code, out = run(["check", "--input-format", "jsonl", "--format", "jsonl", str(path)])
    assert [r["id"] for r in jsonl(out)] == ["r1", "r2"]
    assert code == 1


def test_utf8_file_with_byte_order_mark(tmp_path):
    path = tmp_path / "notepad.txt"
    path.write_bytes(b"\xef\xbb\xbf" + "Baclofen is an opiate.\r\n".encode("utf-8"))
    code, out = run(["check", str(path)])
    assert code == 1
    assert out.startswith(f"{path}:1:1: refuted: Baclofen is an opiate — ")


# ---------------------------------------------------------------------------- installed entry points

BIN = Path(sys.executable).parent


@pytest.mark.parametrize("command", [
    [str(BIN / ("factcheck.exe" if os.name == "nt" else "factcheck"))],
    [sys.executable, "-m", "factcheck"],
], ids=["console-script", "python-m"])
def test_installed_entry_points(tmp_path, command):
    assert Path(command[0]).exists(), f"{command[0]} is not installed"
    good = write(tmp_path / "post.txt", "Hello there. Baclofen is an opiate.")
    proc = subprocess.run([*command, "check", "--format", "jsonl", str(good), str(tmp_path / "gone.txt")],
                          input="", capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert proc.returncode == 2, proc.stderr
    records = jsonl(proc.stdout)
    assert [r["id"] for r in records] == [str(good), str(tmp_path / "gone.txt")]
    assert records[0]["flagged"] is True
    assert "gone.txt: cannot read input" in proc.stderr
    # and the flag alone gives exit status 1, reading standard input
    proc = subprocess.run([*command, "check"], input="Baclofen is an opiate.", capture_output=True,
                          text=True, encoding="utf-8", timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.startswith("<stdin>:1:1: refuted: Baclofen is an opiate — ")


def test_an_internal_error_on_one_input_keeps_the_others(tmp_path, monkeypatch):
    """A crash while checking one document becomes that document's error record."""
    from factcheck.pipeline import checker as checker_module

    real = checker_module.Report.from_findings.__func__

    def exploding(cls, findings, id=None):
        if id and id.endswith("bad.txt"):
            raise RuntimeError("boom")
        return real(cls, findings, id=id)

    monkeypatch.setattr(checker_module.Report, "from_findings", classmethod(exploding))
    good = write(tmp_path / "good.txt", "Baclofen is an opiate.")
    bad = write(tmp_path / "bad.txt", "Fentanyl is an opioid.")
    code, out = run(["check", "--format", "jsonl", str(bad), str(good)])
    records = jsonl(out)
    assert code == 2
    assert [r["id"] for r in records] == [str(bad), str(good)]
    assert "internal error" in records[0]["error"] and "boom" in records[0]["error"]
    assert records[1]["flagged"] is True
