"""User claim sets (``--claims``, ``factcheck claims validate|list``) and the exit status
options (``--fail-on``, ``--exit-zero``).

The --claims tests build real FactCheckers over the merged claim set (the real path of main())."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from helpers import run

from factcheck.cli import app as cli
from factcheck.knowledge.claimset import load_claimset
from factcheck.resources import claims_dir

SHIPPED = load_claimset()
SHIPPED_SOURCE = "000_6590c0cf6e42eeb2"
TOLPERISONE_QUOTE = "Tolperisone is a centrally acting alpha-2 adrenergic agonist used as an antispastic agent."


def write_yaml(path: Path, data: dict) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def tolperisone(tmp_path: Path) -> Path:
    """A user claim-set file: a new drug with its own source text and one cited fact."""
    source = tmp_path / "sources" / "tolperisone.txt"
    source.parent.mkdir()
    source.write_text(f"Tolperisone (Mydocalm)\n\n{TOLPERISONE_QUOTE} It is not a narcotic.\n", encoding="utf-8")
    start = source.read_text(encoding="utf-8").index(TOLPERISONE_QUOTE)
    return write_yaml(tmp_path / "tolperisone.yaml", {
        "sources": [{"id": "tolperisone_notes", "title": "Notes on tolperisone", "path": "sources/tolperisone.txt"}],
        "concepts": [{"id": "tolperisone", "type": "drug", "name": "tolperisone",
                      "aliases": [{"text": "Mydocalm", "kind": "brand"}]}],
        "facts": [{"id": "tolperisone-is-antispastic", "subject": "tolperisone", "relation": "is_a",
                   "object": "antispastic", "polarity": True,
                   "evidence": [{"source": "tolperisone_notes", "quote": TOLPERISONE_QUOTE,
                                 "start": start, "end": start + len(TOLPERISONE_QUOTE)}]}],
    })


def shipped_quote(quote: str) -> dict:
    text = SHIPPED.source_texts[SHIPPED_SOURCE]
    start = text.index(quote)
    return {"source": SHIPPED_SOURCE, "quote": quote, "start": start, "end": start + len(quote)}


@pytest.fixture
def contradiction(tmp_path: Path) -> Path:
    """A user fact that contradicts the shipped 'baclofen is not an opioid'."""
    return write_yaml(tmp_path / "wrong.yaml", {"facts": [{
        "id": "baclofen-is-opioid", "subject": "baclofen", "relation": "is_a", "object": "opioid",
        "evidence": [shipped_quote("Why Baclofen Is Not an Opioid")]}]})


@pytest.fixture
def duplicate(tmp_path: Path) -> Path:
    """A user fact reusing a shipped fact id."""
    return write_yaml(tmp_path / "dup.yaml", {"facts": [{
        "id": "baclofen-not-opioid", "subject": "baclofen", "relation": "is_a", "object": "opiate",
        "polarity": False, "evidence": [shipped_quote("Baclofen is not an opiate or an opioid.")]}]})


# ---------------------------------------------------------------------------- --claims

def test_user_claim_set_is_added_to_the_shipped_one(tolperisone):
    text = "Tolperisone is an opioid.\nMydocalm is an antispastic.\nBaclofen is an opiate."
    code, out = run(["check", "--format", "jsonl", "--claims", str(tolperisone), "-"], stdin=text)
    assert code == 1
    (record,) = [json.loads(line) for line in out.splitlines()]
    summary = [(f["subject"]["id"], f["object"]["id"], f["verdict"]) for f in record["findings"]]
    assert summary == [("tolperisone", "opioid", "refuted"), ("tolperisone", "antispastic", "supported"),
                       ("baclofen", "opiate", "refuted")]  # the shipped facts still apply
    refuted = record["findings"][0]
    (evidence,) = refuted["evidence"]
    assert (evidence["fact_id"], evidence["source_id"], evidence["quote"]) == \
        ("tolperisone-is-antispastic", "tolperisone_notes", TOLPERISONE_QUOTE)
    assert any("disjoint" in step for step in evidence["steps"])  # opioid ⊥ antispastic
    assert refuted["correction"].startswith("Tolperisone is not an opioid")

    # without the user's file, the shipped claim set knows nothing of tolperisone
    code, out = run(["check", "--format", "jsonl", "-"], stdin="Tolperisone is an opioid.")
    assert code == 0 and json.loads(out)["findings"] == []


def test_user_claims_reach_sarif_rules(tolperisone):
    code, out = run(["check", "--format", "sarif", "--claims", str(tolperisone), "-"], stdin="Tolperisone is an opioid.")
    assert code == 1
    (rule,) = json.loads(out)["runs"][0]["tool"]["driver"]["rules"]
    assert rule["id"] == "tolperisone-is-antispastic"
    assert "Notes on tolperisone" in rule["fullDescription"]["text"]


@pytest.mark.parametrize("command", [["check", "-"], ["claims", "validate"], ["claims", "list"]])
def test_contradicting_user_fact_is_an_error_naming_both_facts(contradiction, capsys, command):
    argv = [*command, str(contradiction)] if command[1] == "validate" else \
        [*command[:2], "--claims", str(contradiction), *command[2:]]
    code, out = run(argv, stdin="Baclofen is an opiate.")
    assert code == 2 and out == ""
    err = capsys.readouterr().err
    assert "'baclofen-not-opioid'" in err and "'baclofen-is-opioid'" in err and "contradicts" in err
    assert str(contradiction) in err and str(claims_dir() / "facts.yaml") in err


def test_duplicate_fact_id_is_an_error_naming_both_files(duplicate, capsys):
    code, out = run(["check", "--claims", str(duplicate), "-"], stdin="Baclofen is an opiate.")
    assert code == 2 and out == ""
    err = capsys.readouterr().err
    shipped = claims_dir() / "facts.yaml"
    assert f"{duplicate}: duplicate fact id 'baclofen-not-opioid' (also defined in {shipped})" in err


def test_shipped_directory_given_again_is_not_a_duplicate(capsys):
    code, out = run(["claims", "validate", str(claims_dir())])
    assert code == 0 and out.endswith(": valid\n"), capsys.readouterr().err


# ---------------------------------------------------------------------------- claims validate / list

def test_claims_validate_prints_a_summary(tolperisone, tmp_path):
    code, out = run(["claims", "validate"])
    n = (len(SHIPPED.sources), len(SHIPPED.concepts), len(SHIPPED.facts))
    assert (code, out) == (0, f"{n[0]} sources, {n[1]} concepts, {n[2]} facts: valid\n")
    code, out = run(["claims", "validate", str(tolperisone)])
    assert (code, out) == (0, f"{n[0] + 1} sources, {n[1] + 1} concepts, {n[2] + 1} facts: valid\n")
    # a directory of claim files
    code, out = run(["claims", "validate", str(tmp_path)])
    assert (code, out) == (0, f"{n[0] + 1} sources, {n[1] + 1} concepts, {n[2] + 1} facts: valid\n")


@pytest.mark.parametrize("content,complaint", [
    ("facts: [\n", "not valid YAML"),
    ("facts:\n  - {id: x-is-y, subject: baclofen, relation: is_a, object: nonesuch, evidence: []}\n", "evidence"),
    ("concepts:\n  - {id: tolperisone, type: drug, name: tolperisone, parents: [nonesuch]}\n",
     "unknown parent 'nonesuch'"),
], ids=["yaml", "schema", "reference"])
def test_claims_validate_reports_errors_on_stderr(tmp_path, capsys, content, complaint):
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    code, out = run(["claims", "validate", str(path)])
    assert code == 2 and out == ""
    err = capsys.readouterr().err
    assert str(path) in err and complaint in err


def test_claims_validate_missing_path(tmp_path, capsys):
    code, out = run(["claims", "validate", str(tmp_path / "nope.yaml")])
    assert code == 2 and out == ""
    assert f"{tmp_path / 'nope.yaml'}: no such claim-set file or directory" in capsys.readouterr().err


def test_claims_list_text_is_aligned(tolperisone):
    code, out = run(["claims", "list", "--claims", str(tolperisone)])
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == len(SHIPPED.facts) + 1
    first = next(line for line in lines if line.startswith("baclofen-not-opiate "))
    assert first.split()[:5] == ["baclofen-not-opiate", "baclofen", "is_a", "opiate", "false"]
    assert first.endswith(f'"Baclofen is not an opiate or an opioid." ({SHIPPED_SOURCE})')
    last = lines[-1]
    assert last.startswith("tolperisone-is-antispastic") and f'"{TOLPERISONE_QUOTE}" (tolperisone_notes)' in last
    # columns line up: the claim and the polarity start at the same place on every line
    claim_col = {len(line) - len(line[len(line.split()[0]):].lstrip()) for line in lines}
    assert len(claim_col) == 1
    polarity_col = {line.index("  true  ") if "  true  " in line else line.index("  false ") for line in lines}
    assert len(polarity_col) == 1


def test_claims_list_json(tolperisone):
    code, out = run(["claims", "list", "--format", "json", "--claims", str(tolperisone)])
    assert code == 0
    facts = json.loads(out)
    assert [f["id"] for f in facts] == [f.id for f in SHIPPED.facts] + ["tolperisone-is-antispastic"]
    mine = facts[-1]
    assert {k: mine[k] for k in ("subject", "relation", "object", "polarity")} == \
        {"subject": "tolperisone", "relation": "is_a", "object": "antispastic", "polarity": True}
    assert mine["evidence"][0]["quote"] == TOLPERISONE_QUOTE and mine["file"] == str(tolperisone)
    assert facts[0]["file"] == str(claims_dir() / "facts.yaml")


# ---------------------------------------------------------------------------- exit status

@pytest.fixture
def inputs(tmp_path: Path) -> dict[str, Path]:
    texts = {
        "flagged": "Baclofen is an opiate.",
        "unverifiable": "Fentanyl treats spasticity.",
        "questioned": "Is baclofen an opioid?",  # refuted but not flagged
        "clean": "Fentanyl is an opioid.",
    }
    paths = {}
    for name, text in texts.items():
        paths[name] = tmp_path / f"{name}.txt"
        paths[name].write_text(text, encoding="utf-8")
    paths["missing"] = tmp_path / "missing.txt"
    return paths


@pytest.mark.parametrize("which,options,expected", [
    (["clean"], [], 0),
    (["questioned"], [], 0),
    (["unverifiable"], [], 0),
    (["flagged"], [], 1),
    (["flagged"], ["--fail-on", "refuted"], 1),
    (["unverifiable"], ["--fail-on", "unverifiable"], 1),
    (["flagged"], ["--fail-on", "unverifiable"], 1),
    (["clean", "questioned"], ["--fail-on", "unverifiable"], 0),
    (["flagged", "unverifiable"], ["--exit-zero"], 0),
    (["unverifiable"], ["--fail-on", "unverifiable", "--exit-zero"], 0),
    (["flagged", "missing"], [], 2),
    (["clean", "missing"], ["--exit-zero"], 2),  # input errors are not findings
])
def test_exit_status(shared_checker, inputs, which, options, expected):
    code, _ = run(["check", *options, *(str(inputs[w]) for w in which)])
    assert code == expected


def test_help_documents_exit_status(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["check", "--help"])
    assert info.value.code == 0
    help_text = capsys.readouterr().out
    for words in ("exit status:", "--exit-zero does not change 2", "--fail-on", "--glob", "--claims"):
        assert words in help_text
