"""The library entry point and the accuracy bars on the development cases."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck import FactChecker, ModelError, Report
from factcheck.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"
SCORER = ROOT.parent / "shared" / "eval" / "score.py"


def test_check_returns_a_report_with_plain_data(checker):
    report = checker.check("Baclofen is an opiate.", id="post-1")
    assert isinstance(report, Report)
    assert report.id == "post-1" and report.flagged
    # no spaCy objects: the whole report survives a JSON round trip
    assert Report.model_validate_json(report.model_dump_json()) == report


def test_check_many_keeps_input_order_and_ids(checker):
    texts = [("Fentanyl is an opioid.", "a"), ("I slept well.", "b"), ("Baclofen is an opiate.", "c")]
    reports = list(checker.check_many(texts, batch_size=2))
    assert [r.id for r in reports] == ["a", "b", "c"]
    assert [r.flagged for r in reports] == [False, False, True]
    assert [len(r.findings) for r in reports] == [1, 0, 1]


def test_check_many_with_processes_matches_single_process(checker):
    texts = ["Baclofen is an opiate.", "Baclofen is not an opioid.", "Opioids like fentanyl are strong."] * 3
    one = [r.model_dump() for r in checker.check_many(texts)]
    two = [r.model_dump() for r in checker.check_many(texts, n_process=2, batch_size=2)]
    assert one == two


@pytest.mark.parametrize("bad", [None, 3, b"bytes", ["Baclofen is an opioid."], object()])
def test_non_text_input_is_an_input_error(checker, bad):
    with pytest.raises(InputError, match=type(bad).__name__):
        checker.check(bad)


def test_an_int_id_is_kept_as_its_string_and_other_ids_are_input_errors(checker):
    assert checker.check("Baclofen is an opiate.", id=17).id == "17"
    assert [r.id for r in checker.check_many([("Baclofen is an opiate.", 5), ("x", None)])] == ["5", None]
    for bad in (1.5, b"id", ("a",), True):
        with pytest.raises(InputError, match="id"):
            checker.check("Baclofen is an opiate.", id=bad)


def test_missing_model_is_a_clear_error():
    with pytest.raises(ModelError, match="not_a_model"):
        FactChecker(model="not_a_model")


def test_flagged_needs_an_asserted_refuted_claim(checker):
    assert not checker.check("Baclofen is not an opiate.").flagged
    assert checker.check("Baclofen is an opiate.").flagged


@pytest.fixture(scope="module")
def dev_scores(checker, tmp_path_factory):
    if not DEV.exists():
        pytest.skip(f"development cases not found at {DEV}")
    cases = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    preds = tmp_path_factory.mktemp("dev") / "preds.jsonl"
    with preds.open("w", encoding="utf-8") as out:
        for _case, report in zip(cases, checker.check_many((c["text"], c["id"]) for c in cases)):
            out.write(report.model_dump_json() + "\n")
    rows = {}
    result = subprocess.run([sys.executable, str(SCORER), str(DEV), str(preds)],
                            capture_output=True, text=True, check=True)
    for line in result.stdout.splitlines()[1:]:
        parts = line.split()
        if len(parts) == 10 and parts[1].isdigit():
            rows[parts[0]] = {"n": int(parts[1]), "fp": int(parts[3]), "f1": float(parts[8])}
    return rows


def test_core_tier_flag_f1(dev_scores):
    assert dev_scores["core"]["f1"] >= 0.95


def test_neutral_tier_has_no_false_flags(dev_scores):
    assert dev_scores["neutral"]["fp"] == 0
