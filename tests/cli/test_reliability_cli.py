"""The command line under hostile input (issue 17): no crash, no traceback, no record lost.

Exit status 1 means only "a claim was flagged": every failure is 2 (one input's error record, the
others kept in order), a signal is 128 + its number. Each test names the hostile input it tries;
the README's "Reliability" section lists them with the limits that apply."""

from __future__ import annotations

import io
import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from helpers import jsonl, no_traceback, run, write

from factcheck.io import inputs
from factcheck.knowledge import claimset as claimset_module
from factcheck.knowledge.claimset import load_claimset
from factcheck.knowledge.kb import KnowledgeBase

pytestmark = pytest.mark.usefixtures("shared_checker")

CLAIM = "Baclofen is an opiate."
FACTCHECK = str(Path(sys.executable).with_name("factcheck"))
FORMATS = ["text", "json", "jsonl", "sarif", "claimreview", "html"]


def record(rid: object, text: object = CLAIM) -> str:
    return json.dumps({"id": rid, "text": text})


# ---------------------------------------------------------------------------- 1. one rule

def test_an_unexpected_error_is_one_line_and_status_2(monkeypatch, capsys):
    from factcheck.cli import check

    def boom(*args, **kwargs):
        raise MemoryError("out of memory while building the renderer")

    monkeypatch.setattr(check, "make_renderer", boom)
    code, out = run(["check", "-"], stdin=CLAIM)
    err = capsys.readouterr().err
    assert code == 2 and out == ""
    assert err == "factcheck: error: internal error: MemoryError: out of memory while building the renderer\n"


def test_an_internal_error_on_one_input_keeps_the_others(monkeypatch, capsys, checker):
    real = checker.check

    def check(text, id=None):
        if "poison" in text:
            raise RecursionError("maximum recursion depth exceeded")
        return real(text, id=id)

    monkeypatch.setattr(checker, "check", check)
    monkeypatch.setattr(checker, "check_many", lambda pairs, batch_size=1: [check(t, i) for t, i in pairs])
    lines = [record("a"), record("b", "poison " + CLAIM), record("c")]
    code, out = run(["check", "--input-format", "jsonl", "--format", "jsonl", "-"], stdin="\n".join(lines))
    records = jsonl(out)
    assert code == 2
    assert [r["id"] for r in records] == ["a", "b", "c"]
    assert [r["flagged"] for r in records] == [True, False, True]
    assert "internal error while checking: RecursionError" in records[1]["error"]
    no_traceback(capsys.readouterr().err)


# ---------------------------------------------------------------------------- 2. bounded parsing

@pytest.mark.parametrize("fmt", FORMATS)
def test_a_jsonl_record_nested_10000_deep_is_that_lines_error(capsys, fmt):
    deep = '{"id": "b", "text": ' + "[" * 10_000 + "]" * 10_000 + "}"
    data = "\n".join([record("a"), deep, record("c", "Oxycodone is a muscle relaxant.")])
    code, out = run(["check", "--input-format", "jsonl", "--format", fmt, "-"], stdin=data)
    assert code == 2
    err = capsys.readouterr().err
    assert "<stdin>:2: bad JSONL record: nested too deeply" in err
    no_traceback(err)
    if fmt == "jsonl":
        assert [(r["id"], r["flagged"]) for r in jsonl(out)] == [("a", True), ("<stdin>:2", False), ("c", True)]


def test_an_id_nested_too_deeply_is_that_lines_error(capsys):
    deep = '{"id": ' + "[" * 900 + "]" * 900 + ', "text": "x"}'  # parses, but str() of it would not
    code, out = run(["check", "--input-format", "jsonl", "--format", "jsonl", "-"],
                    stdin="\n".join([deep, record("z")]))
    ids = [r["id"] for r in jsonl(out)]
    assert ids[-1] == "z" and len(ids) == 2
    assert code in (1, 2)
    no_traceback(capsys.readouterr().err)


def _claim_error(tmp_path: Path, capsys, name: str, content: str | bytes,
                 options: tuple[str, ...] = ()) -> str:
    # (how long a refusal takes is measured by benchmarks/hostile_claims.py, not here)
    path = write(tmp_path / name, content)
    code, out = run(["claims", "validate", *options, str(path)])
    err = capsys.readouterr().err
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and str(path) in err, err
    no_traceback(err)
    return err


def test_claim_files_nested_deeply_are_refused(tmp_path, capsys):
    nest = "[" * 10_000 + "]" * 10_000
    assert "nested too deeply" in _claim_error(tmp_path, capsys, "deep.json", '{"facts": ' + nest + "}")
    assert "nested more than 64 levels deep" in _claim_error(tmp_path, capsys, "deep.yaml", "facts: " + nest)
    block = "facts:\n" + "".join("  " * i + "- \n" for i in range(1, 200))
    assert "nested more than 64 levels deep" in _claim_error(tmp_path, capsys, "block.yaml", block)


def billion_laughs() -> str:
    doc = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for prev, name in zip("abcdefgh", "bcdefghi"):
        doc += f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]\n"
    return doc


def test_billion_laughs_fails_fast(tmp_path, capsys, monkeypatch):
    # refused from the composed document, before any Python value is built (nothing is
    # expanded: building the values would fail the test); its time is in benchmarks/hostile_claims.py
    doc = billion_laughs()
    assert len(doc) < 400  # expands to 9**9 strings

    build = claimset_module._BoundedLoader.construct_document

    def construct_document(loader, node):  # (the shipped claim files are built as before)
        assert claimset_module._expanded_size(node) <= claimset_module.MAX_NODES, "expanded"
        return build(loader, node)

    monkeypatch.setattr(claimset_module._BoundedLoader, "construct_document", construct_document)
    err = _claim_error(tmp_path, capsys, "laughs.yaml", doc)
    assert "more than 1000000 values once its aliases are expanded" in err


def test_a_few_aliases_are_still_fine(tmp_path):
    (tmp_path / "s.txt").write_text("Zolpidem is a sedative.", encoding="utf-8")
    write(tmp_path / "a.yaml", """
sources:
  - {id: s2, title: &t "A title", path: s.txt}
concepts:
  - {id: zz_one, type: drug, name: *t}
""")
    cs = load_claimset([claimset_module.claims_dir(), tmp_path / "a.yaml"])
    assert cs.concepts["zz_one"].name == "A title" and cs.sources["s2"].title == "A title"


def chain_file(tmp_path: Path, depth: int) -> Path:
    lines = ["concepts:"]
    for i in range(depth):
        lines.append(f"  - {{id: cls{i}, type: class, name: klass{i}"
                     + (f", parents: [cls{i - 1}]" if i else "") + "}")
    return write(tmp_path / "chain.yaml", "\n".join(lines) + "\n")


def test_a_class_hierarchy_1500_deep_loads_and_is_traversed(tmp_path, capsys):
    path = chain_file(tmp_path, 1500)
    code, out = run(["claims", "list", "--claims", str(path)])
    assert code == 0
    kb = KnowledgeBase(load_claimset(path))
    assert kb.subsumes("cls0", "cls1499")
    assert kb.chain("cls1499", "cls0") == [f"cls{i}" for i in range(1499, -1, -1)]
    assert kb.chain("cls0", "cls1499") == []
    assert len(kb.ancestors("cls1499")) == 1500


def test_a_cycle_1500_long_is_one_short_error(tmp_path, capsys):
    path = chain_file(tmp_path, 1500)
    text = path.read_text(encoding="utf-8").replace("{id: cls0, type: class, name: klass0}",
                                                     "{id: cls0, type: class, name: klass0, parents: [cls1499]}")
    path.write_text(text, encoding="utf-8")
    err = _claim_error(tmp_path, capsys, "chain.yaml", text)
    assert "class hierarchy has a cycle" in err and "(1501 concepts)" in err and len(err) < 1000


def test_a_directory_tree_1500_deep_is_walked(tmp_path):
    top = tmp_path / "tree"
    deep = str(top)
    os.mkdir(deep)
    for _ in range(1500):  # os.makedirs recurses once per level
        deep += "/d"
        os.mkdir(deep)
    try:
        write(Path(deep) / "post.txt", CLAIM)
        write(top / "a.txt", "Oxycodone is a muscle relaxant.")
        code, out = run(["check", "--format", "jsonl", str(top)])
        assert code == 1
        assert [r["id"] for r in jsonl(out)] == [str(top / "a.txt"), str(Path(deep) / "post.txt")]
    finally:
        os.unlink(Path(deep) / "post.txt")
        while deep != str(top):  # shutil.rmtree (and pytest's clean-up) recurses once per level too
            os.rmdir(deep)
            deep = os.path.dirname(deep)


def test_an_unlistable_directory_is_named(tmp_path, monkeypatch, capsys):
    write(tmp_path / "a.txt", CLAIM)
    (tmp_path / "locked").mkdir()
    real = os.scandir

    def scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(inputs.os, "scandir", scandir)
    code, out = run(["check", "--format", "jsonl", str(tmp_path)])
    assert code == 2
    assert f"{tmp_path / 'locked'}: cannot read input: cannot list directory: Permission denied" in capsys.readouterr().err
    assert jsonl(out)[0]["flagged"]


@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_a_source_that_is_not_a_regular_file_is_not_read(tmp_path, capsys, special):
    if special == "fifo":
        os.mkfifo(tmp_path / "src.txt")
    else:
        os.symlink(special, tmp_path / "src.txt")
    doc = "sources:\n  - {id: s, title: t, path: src.txt}\n"
    if special != "fifo":  # a link out of the claim file's directory: refused by default
        err = _claim_error(tmp_path, capsys, "s.yaml", doc)
        assert "leads outside" in err
    # not read even where sources may lie anywhere
    err = _claim_error(tmp_path, capsys, "s.yaml", doc, options=("--allow-sources-outside", "/"))
    assert "not a regular file" in err


def test_a_claim_file_that_is_a_device_is_refused(capsys):
    code, _ = run(["claims", "validate", "/dev/zero"])
    err = capsys.readouterr().err
    assert code == 2 and "/dev/zero: not a claim-set file or directory (not a regular file)" in err


def test_large_files_are_refused_before_reading(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(claimset_module, "MAX_CLAIM_FILE_BYTES", 200_000)  # the shipped files fit
    err = _claim_error(tmp_path, capsys, "big.yaml", "concepts: []\n" + "#" * 210_000 + "\n")
    assert "larger than 200000 bytes" in err


def test_an_endless_text_input_is_bounded(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(inputs, "MAX_INPUT_BYTES", 1000)
    write(tmp_path / "ok.txt", CLAIM)
    code, out = run(["check", "--format", "jsonl", "/dev/zero", str(tmp_path / "ok.txt")])
    assert code == 2
    records = jsonl(out)
    assert records[0]["error"] == "/dev/zero: cannot read input: too large (more than 1000 bytes)"
    assert records[1]["flagged"]


def test_a_jsonl_line_too_long_is_that_lines_error(monkeypatch, capsys):
    monkeypatch.setattr(inputs, "MAX_RECORD_BYTES", 10_000)
    data = "\n".join([record("a"), record("big", "x " * 20_000), record("c")]).encode()
    code, out = run(["check", "--input-format", "jsonl", "--format", "jsonl", "-"], stdin=data)
    assert code == 2
    assert [r["id"] for r in jsonl(out)] == ["a", "<stdin>:2", "c"]
    assert jsonl(out)[1]["error"] == "<stdin>:2: bad JSONL record: too long (more than 10000 bytes)"


# ---------------------------------------------------------------------------- 3. surrogates

@pytest.mark.parametrize("fmt", FORMATS)
def test_lone_surrogates_in_ids_and_text_are_written_in_every_format(fmt, capsys):
    data = "\n".join([r'{"id": "\ud800", "text": "Baclofen is an opiate \udc00."}', record("ok")])
    code, out = run(["check", "--input-format", "jsonl", "--format", fmt, "-"], stdin=data)
    assert code == 1
    out.encode("utf-8")  # no lone surrogate left: every encoding can write it
    if fmt == "jsonl":
        first, second = jsonl(out)
        assert first["id"] == "\\ud800" and first["flagged"] and second["id"] == "ok"
    no_traceback(capsys.readouterr().err)


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_undecodable_file_name_is_written_in_every_format(tmp_path, fmt, capsys):
    os.makedirs(os.fsencode(tmp_path / "in"))
    name = os.fsencode(tmp_path / "in") + b"/bad\xff.txt"
    with open(name, "wb") as f:
        f.write(CLAIM.encode())
    code, out = run(["check", "--format", fmt, str(tmp_path / "in")])
    assert code == 1
    out.encode("utf-8")
    if fmt == "text":
        assert out.startswith(f"{tmp_path / 'in'}/bad\\udcff.txt:1:1: refuted")
    if fmt == "sarif":
        assert "bad%FF.txt" in out  # the URI keeps the file name's bytes
    no_traceback(capsys.readouterr().err)


def test_surrogates_reach_a_real_stdout_safely(tmp_path):
    """Through a subprocess, whose stdout is a real UTF-8 stream."""
    data = "\n".join([r'{"id": "\ud800\u001b[2J", "text": "Baclofen is an opiate."}', record("ok")])
    for fmt in ("text", "jsonl"):
        proc = subprocess.run([FACTCHECK, "check", "--input-format", "jsonl", "--format", fmt, "-"],
                              input=data.encode(), capture_output=True, timeout=300)
        assert proc.returncode == 1, proc.stderr
        assert b"\x1b" not in proc.stdout and proc.stderr == b""
        proc.stdout.decode("utf-8")


# ---------------------------------------------------------------------------- 4. write errors

def test_stdout_on_a_full_disk_is_one_line_and_status_2(tmp_path):
    write(tmp_path / "a.txt", CLAIM)
    with open("/dev/full", "w") as full:
        proc = subprocess.run([FACTCHECK, "check", "--format", "jsonl", str(tmp_path / "a.txt")],
                              stdout=full, stderr=subprocess.PIPE, timeout=300)
    err = proc.stderr.decode()
    assert proc.returncode == 2
    assert err == "factcheck: ERROR: <stdout>: cannot write output: No space left on device\n"


def test_output_file_on_a_full_disk_is_one_line_and_status_2(capsys):
    code, out = run(["check", "--format", "jsonl", "-o", "/dev/full", "-"], stdin=CLAIM)
    assert code == 2 and out == ""
    assert capsys.readouterr().err == "factcheck: ERROR: /dev/full: cannot write output: No space left on device\n"
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


# ---------------------------------------------------------------------------- 5. signals

def _default_signals() -> None:
    for sig in (signal.SIGINT, signal.SIGHUP, signal.SIGTERM):
        signal.signal(sig, signal.SIG_DFL)


@pytest.mark.parametrize("sig,status", [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGHUP, 129)],
                         ids=["INT", "TERM", "HUP"])
def test_a_signal_is_one_line_its_status_and_no_partial_output(tmp_path, sig, status):
    target = tmp_path / "out.jsonl"
    # the run starts with the default dispositions, whatever the test session inherited or set
    # (a signal ignored at start stays ignored, as under nohup: the clean-clone CI run saw SIGINT
    # and SIGHUP ignored by the time this test ran, and the run then finished with status 1)
    inherited = {s.name: str(signal.getsignal(s)) for s in (signal.SIGINT, signal.SIGHUP, signal.SIGTERM)}
    proc = subprocess.Popen([FACTCHECK, "check", "--input-format", "jsonl", "--format", "jsonl",
                             "-o", str(target), "-"], stdin=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=_default_signals)
    try:
        proc.stdin.write((record("a") + "\n").encode())
        proc.stdin.flush()  # then stdin stays open: the run waits for more
        deadline = time.monotonic() + 120
        while not any(p.name.endswith(".tmp") for p in tmp_path.iterdir()):
            assert time.monotonic() < deadline, "the temporary output file never appeared"
            time.sleep(0.05)
        time.sleep(1.0)
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == status, (inherited, err.decode()[-300:])
    text = err.decode()
    name = signal.Signals(sig).name
    assert text.startswith(f"factcheck: interrupted by {name} while checking"), text
    assert text.endswith(f"; {target} was not written\n") and text.count("\n") == 1, text
    assert list(tmp_path.iterdir()) == []  # no target, no temporary file


# ---------------------------------------------------------------------------- 6. -o special files

def test_output_to_dev_null_writes_in_place(capsys):
    before = os.stat("/dev/null")
    code, out = run(["check", "--format", "jsonl", "-o", "/dev/null", "-"], stdin=CLAIM)
    assert code == 1 and out == ""
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev and after.st_ino == before.st_ino


def test_output_to_a_fifo_writes_in_place(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    code, _ = run(["check", "--format", "jsonl", "-o", str(fifo), "-"], stdin=CLAIM)
    reader.join(timeout=60)
    assert code == 1
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    (line,) = got[0].decode().splitlines()
    assert json.loads(line)["flagged"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_output_through_a_symlink_replaces_its_target_not_the_link(tmp_path):
    real = write(tmp_path / "real" / "results.jsonl", "old\n")
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)
    code, _ = run(["check", "--format", "jsonl", "-o", str(link), "-"], stdin=CLAIM)
    assert code == 1
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert json.loads(real.read_text(encoding="utf-8"))["flagged"]
    assert sorted(p.name for p in real.parent.iterdir()) == ["results.jsonl"]


def test_output_through_a_symlink_to_a_device_writes_the_device(tmp_path):
    link = tmp_path / "null"
    link.symlink_to("/dev/null")
    code, _ = run(["check", "--format", "jsonl", "-o", str(link), "-"], stdin=CLAIM)
    assert code == 1 and link.is_symlink() and stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert list(tmp_path.iterdir()) == [link]


# ---------------------------------------------------------------------------- 7. claim-file security

def source_file(tmp_path: Path, path: str) -> str:
    return f"sources:\n  - {{id: s, title: t, path: '{path}'}}\n"


@pytest.mark.parametrize("path", ["/etc/hostname", "../outside.txt", "sub/../../outside.txt"])
def test_a_source_outside_the_claim_files_directory_is_refused_by_default(tmp_path, capsys, path):
    write(tmp_path / "outside.txt", "secret")
    err = _claim_error(tmp_path / "claims", capsys, "c.yaml", source_file(tmp_path, path))
    assert f"path {path!r} leads outside the claim file's directory" in err
    assert "secret" not in err
    for options in ([], ["--confine-sources"]):  # (the flag of the opt-in days is accepted)
        code, _ = run(["check", *options, "--claims", str(tmp_path / "claims" / "c.yaml"), "-"], stdin=CLAIM)
        assert code == 2 and "leads outside" in capsys.readouterr().err


def test_an_allowed_directory_lets_sources_outside_be_read(tmp_path, capsys):
    shared = tmp_path / "shared"
    write(shared / "leaflet.txt", "Baclofen is a muscle relaxant.")
    doc = ("sources:\n  - {id: leaflet, title: t, path: ../shared/leaflet.txt}\n"
           "facts:\n  - {id: f1, subject: baclofen, relation: is_a, object: muscle_relaxant, polarity: true,\n"
           "     evidence: [{source: leaflet, quote: Baclofen is a muscle relaxant, start: 0, end: 29}]}\n")
    claims = write(tmp_path / "claims" / "c.yaml", doc)
    err = _claim_error(tmp_path / "claims", capsys, "c.yaml", doc)
    assert "leads outside" in err and "../shared/leaflet.txt" in err
    code, out = run(["claims", "validate", "--allow-sources-outside", str(shared), str(claims)])
    assert code == 0 and out.endswith("valid\n"), capsys.readouterr().err
    code, _ = run(["check", "--allow-sources-outside", str(tmp_path / "elsewhere"), "--claims", str(claims), "-"],
                  stdin=CLAIM)
    assert code == 2 and "leads outside" in capsys.readouterr().err
    code, out = run(["check", "--allow-sources-outside", str(shared), "--claims", str(claims), "-"], stdin=CLAIM)
    assert code == 1, capsys.readouterr().err


def test_a_quote_mismatch_quotes_a_short_excerpt(tmp_path, capsys):
    write(tmp_path / "s.txt", "Zolpidem is a sedative. " + "filler " * 100_000)
    doc = """
sources:
  - {id: s, title: t, path: s.txt}
concepts:
  - {id: zz_zolpi, type: drug, name: zolpi}
facts:
  - id: zz-fact
    subject: zz_zolpi
    relation: is_a
    object: opioid
    evidence: [{source: s, quote: "not there", start: 0, end: 700000}]
"""
    err = _claim_error(tmp_path, capsys, "c.yaml", doc)
    assert "quote does not match source 's'" in err and "(700000 characters)" in err
    assert len(err) < 800


def test_a_huge_id_is_cut_in_messages(tmp_path, capsys):
    huge = "x" * 100_000
    err = _claim_error(tmp_path, capsys, "c.yaml", f"sources:\n  - {{id: {huge}, title: t, path: missing.txt}}\n")
    assert "(100000 characters)" in err and len(err) < 1000
    code, _ = run(["check", "-v", "--input-format", "jsonl", "--format", "jsonl", "-"], stdin=record(huge))
    assert code == 1
    assert max(len(line) for line in capsys.readouterr().err.splitlines()) < 1000


# ---------------------------------------------------------------------------- 8. escape sequences

def test_escape_sequences_in_ids_and_names_are_neutralised(tmp_path, capsys):
    missing = tmp_path / "gone\x1b]0;pwned\x07.txt"
    data = "\n".join([record("\x1b[2J\x9b31m"), "not json"])
    code, out = run(["check", "--input-format", "jsonl", "-", str(missing)], stdin=data)
    err = capsys.readouterr().err
    assert code == 2
    for stream in (out, err):
        assert not any(c in stream for c in "\x1b\x07\x9b"), stream
    assert "<stdin>:1[\\x1b[2J\\x9b31m]:1:1: refuted" in out
    assert "gone\\x1b]0;pwned\\x07.txt: cannot read input" in err


def test_escape_sequences_in_the_text_do_not_reach_text_output(capsys):
    code, out = run(["check", "-"], stdin="Baclofen is an\x1b[8m opiate.")
    assert code in (0, 1) and "\x1b" not in out


# ---------------------------------------------------------------------------- 9. validate = load

GREEK = """
sources:
  - {id: zz_leaflet, title: t, path: leaflet.txt}
concepts:
  - id: zz_sophia
    type: drug
    name: sophiadrug
    aliases: ["σοφία", "σοφός"]
facts:
  - id: zz-sophia-not-opioid
    subject: zz_sophia
    relation: is_a
    object: opioid
    polarity: false
    evidence: [{source: zz_leaflet, quote: "Σοφία is not an opioid", start: 0, end: 22}]
"""


@pytest.mark.parametrize("text,mention", [
    ("σοφία is an opioid.", "σοφία"),
    ("My friend says ΣΟΦΊΑ is an opioid!", "ΣΟΦΊΑ"),
    ("Σοφός is an opioid.", "Σοφός"),       # an alias ending in final sigma
    ("ΣΟΦΌΣ is an opioid.", "ΣΟΦΌΣ"),       # capital sigma, lowered to final sigma in the token
])
def test_an_alias_with_a_greek_sigma_is_validated_and_found(tmp_path, capsys, text, mention):
    # validation runs everything loading runs (the checker is built); the mention screen
    # compares with final sigma folded, so no text holding the alias is ruled out
    write(tmp_path / "leaflet.txt", "Σοφία is not an opioid.")
    path = write(tmp_path / "greek.yaml", GREEK)
    code, out = run(["claims", "validate", str(path)])
    assert code == 0 and out.endswith("valid\n"), capsys.readouterr().err
    code, out = run(["check", "--claims", str(path), "--format", "jsonl", "-"], stdin=text)
    err = capsys.readouterr().err
    assert code == 1, err
    no_traceback(err)
    [finding] = jsonl(out)[0]["findings"]
    assert finding["verdict"] == "refuted" and finding["subject"]["id"] == "zz_sophia"
    subject = finding["subject"]
    assert subject["text"] == mention == text[subject["start"]:subject["end"]]


# ---------------------------------------------------------------------------- 10. streaming

class _FailingAfter(io.RawIOBase):
    """A byte stream that serves ``data`` and then fails with EIO: a reader that read the whole
    input first would lose every record."""

    def __init__(self, data: bytes) -> None:
        self.data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        n = self.data.readinto(b)
        if n == 0:
            raise OSError(5, "Input/output error")
        return n


def test_jsonl_is_streamed_and_a_read_error_midway_keeps_the_records_before(capsys):
    lines = [record(f"r{i}", CLAIM if i % 2 else "Nothing here at all, " * 10) for i in range(300)]
    raw = io.BufferedReader(_FailingAfter(("\n".join(lines) + "\n").encode()), buffer_size=512)
    stdin = io.TextIOWrapper(raw, encoding="utf-8")
    code, out = run(["check", "--input-format", "jsonl", "--format", "jsonl", "-"], stdin=stdin)
    records = jsonl(out)
    assert code == 2
    assert [r["id"] for r in records[:300]] == [f"r{i}" for i in range(300)]
    assert records[300]["error"] == "<stdin>:301: bad JSONL record: cannot read further: Input/output error"
    assert len(records) == 301


def test_jsonl_records_are_read_lazily(tmp_path, monkeypatch):
    """The checker sees the first batch before the reader reaches the end of the file."""
    from factcheck.io import checking

    path = write(tmp_path / "posts.jsonl", "\n".join(record(f"r{i}", "x") for i in range(100)) + "\n")
    seen: list[int] = []
    real = checking.check_stream

    def spy(checker, items, batch_size):
        for item, report in real(checker, items, batch_size):
            seen.append(item.line)
            yield item, report

    monkeypatch.setattr("factcheck.cli.check.check_stream", spy)
    reads: list[int] = []
    real_split = inputs._split_lines

    def split(head, stream):
        for line in real_split(head, stream):
            reads.append(len(seen))
            yield line

    monkeypatch.setattr(inputs, "_split_lines", split)
    code, _ = run(["check", "--input-format", "jsonl", "--format", "jsonl", "--batch-size", "8", str(path)])
    assert code == 0 and len(seen) == 100
    assert reads[-1] >= 8  # the last line was read after reports had been written
