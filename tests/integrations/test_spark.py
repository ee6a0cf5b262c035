"""factcheck on Apache Spark (:mod:`factcheck.integrations.spark`), on one ``local[2]`` session for the module.

The struct column of :func:`~factcheck.integrations.spark.check_udf`, converted back to a dict, equals the
JSONL line of ``FactChecker.check_many`` for every one of a few hundred generated posts (drug
talk, ordinary prose, and odd input); the struct can be filtered and exploded in Spark SQL; each
Python worker builds one FactChecker however many batches it checks; and the JSONL job (in the
session, and through ``spark-submit examples/spark_job.py``) writes what ``factcheck check
--format jsonl`` writes.

Needs the ``spark`` extra and Java. Without them the tests are skipped, unless
FACTCHECK_REQUIRE_SPARK is set (``.ci/run`` sets it, and installs both): then they fail.
"""

from __future__ import annotations

import io
import json
import os
import pickle
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from factcheck import FactChecker
from factcheck.cli import app as cli
from factcheck.cli import check as cli_check
from factcheck.outputs.json import record_schema, report_dict

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import generate  # noqa: E402  (benchmarks/generate.py: the seeded benchmark corpora)

CLAIM = "A friend told me baclofen is an opiate."


def require_spark() -> None:
    """Skip (or, with FACTCHECK_REQUIRE_SPARK, fail) without the spark extra or Java."""
    reason = None
    try:
        import pandas  # noqa: F401
        import pyarrow  # noqa: F401
        import pyspark  # noqa: F401
    except ImportError as exc:
        reason = f"the spark extra is not installed ({exc.name}: pip install '.[spark]')"
    if reason is None and not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        reason = "Java is not installed (Debian: apt-get install openjdk-17-jre-headless; .ci/run installs it)"
    if reason:
        if os.environ.get("FACTCHECK_REQUIRE_SPARK"):
            pytest.fail(reason + ", and FACTCHECK_REQUIRE_SPARK is set")
        pytest.skip(reason)


@pytest.fixture(scope="module")
def spark():
    require_spark()
    from pyspark.sql import SparkSession

    env = pytest.MonkeyPatch()
    env.setenv("PYSPARK_PYTHON", sys.executable)  # the workers run this Python (and this factcheck)
    env.setenv("PYSPARK_DRIVER_PYTHON", sys.executable)
    session = (SparkSession.builder.master("local[2]").appName("factcheck-tests")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.shuffle.partitions", "4")
               .config("spark.sql.execution.arrow.maxRecordsPerBatch", "32")  # several batches a task
               .config("spark.python.worker.reuse", "true")
               .config("spark.ui.showConsoleProgress", "false")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
    env.undo()


# ---------------------------------------------------------------------------- test posts

def odd_posts() -> list[str]:
    prose = " ".join(r["text"] for r in generate.generate("moderation", 0.006, seed=3))
    return [
        "", " ", "\n\n\t", "Baclofen", "baclofen is an", CLAIM, CLAIM.upper(), CLAIM.lower() + "!!!!!!",
        "Baclofen is an opiate.\r\nBaclofen is not an opioid.\r\n",
        "Is baclofen an opiate? My doctor said baclofen is an opiate, I doubt it.",
        "Ｂａｃｌｏｆｅｎ is an opiate",                      # full-width letters
        "Bac\u200blofen is an op\u00adiate.",                 # zero-width space, soft hyphen
        "Bacloféne is an opiate. Cafe\u0301 talk.",            # misspelling, combining accent
        "baclofn is an opiate lol \U0001F602\U0001F602",        # misspelled drug, emoji
        "\U0001F525" * 50, "?" * 3000, "a" * 5000, "http://example.com/baclofen-is-an-opiate",
        "<p>Baclofen is an <b>opiate</b></p>", "Fentanyl is an opioid. Oxycodone is a muscle relaxant.",
        "Not a claim: 12345 67890 \x00\x01\x07 end", "line one\u2028line two\u2029baclofen is an opiate",
        prose + " " + CLAIM + " " + prose,                     # a long post with a claim in the middle
        "x" * 150_000 + " Baclofen is an opiate.",              # longer than a chunk
    ]


@pytest.fixture(scope="module")
def posts() -> list[tuple[str, str | None]]:
    """(id, text): ~200 drug-dense posts, ~100 moderation posts, odd ones; a null text, a null id."""
    records = generate.generate("dense", 0.02, seed=11) + generate.generate("moderation", 0.01, seed=11)
    out: list[tuple[str, str | None]] = [(r["id"], r["text"]) for r in records]
    out += [(f"odd{i:03d}", text) for i, text in enumerate(odd_posts())]
    out.append(("null-text", None))
    return out


@pytest.fixture(scope="module")
def expected(checker: FactChecker, posts) -> dict[str, dict]:
    """id -> the JSONL line of ``check_many`` (the single-process reference)."""
    pairs = [(text, pid) for pid, text in posts if text is not None]
    return {r.id: report_dict(r) for r in checker.check_many(pairs)}


@pytest.fixture(scope="module")
def checked(spark, posts):
    from pyspark.sql.functions import col

    from factcheck.integrations.spark import check_udf

    df = spark.createDataFrame(posts, "id string, text string").repartition(6)
    check = check_udf(diagnostics=True)
    return df.withColumn("factcheck", check(col("text"), col("id"))).cache()


# ---------------------------------------------------------------------------- schema

def test_the_struct_has_the_fields_of_the_jsonl_contract():
    require_spark()
    from pyspark.sql.types import ArrayType, StructType

    from factcheck.integrations.spark import report_schema

    schema = record_schema()
    defs = schema["$defs"]

    def fields(node: dict) -> dict:
        node = defs[node["$ref"].rsplit("/", 1)[-1]] if "$ref" in node else node
        if "anyOf" in node:
            node = next(o for o in node["anyOf"] if o.get("type") != "null")
        return node

    def same(struct: StructType, node: dict) -> None:
        node = fields(node)
        assert struct.fieldNames() == list(node["properties"])
        for f in struct.fields:
            prop = fields(node["properties"][f.name])
            t = f.dataType
            if prop.get("type") == "array":
                assert isinstance(t, ArrayType)
                t, prop = t.elementType, fields(prop["items"])
            if prop.get("type") == "object":
                same(t, prop)
            else:
                assert t.typeName() == {"string": "string", "integer": "long", "boolean": "boolean"}[prop["type"]]

    same(report_schema(), schema)
    assert report_schema(diagnostics=True).fieldNames() == [*report_schema().fieldNames(), "worker"]


# ---------------------------------------------------------------------------- equal to check_many

def test_spark_results_equal_check_many(checked, posts, expected):
    from factcheck.integrations.spark import row_dict

    rows = checked.select("id", "factcheck").collect()
    assert sorted(r["id"] for r in rows) == sorted(pid for pid, _ in posts)
    got = {}
    for r in rows:
        d = row_dict(r["factcheck"])
        del d["worker"]
        got[r["id"]] = d
    null = got.pop("null-text")
    assert null == {"id": "null-text", "flagged": False, "findings": [],
                    "error": "null-text: cannot check: the text is null"}
    assert got.keys() == expected.keys()
    for pid, want in expected.items():
        assert got[pid] == want, pid
    # the posts cover what they should: flagged, unflagged with findings, nothing found
    reports = list(expected.values())
    assert len(reports) >= 250  # (how many posts of 0.03 MB the generator writes depends on the claim set)
    assert sum(r["flagged"] for r in reports) >= 20
    assert sum(not r["flagged"] and bool(r["findings"]) for r in reports) >= 20
    assert sum(not r["findings"] for r in reports) >= 50


def test_without_an_id_column(spark, checker):
    from pyspark.sql.functions import col

    from factcheck.integrations.spark import check_udf, row_dict

    texts = [CLAIM, "Back from the gym!", "", "Oxycodone is a muscle relaxant."]
    df = spark.createDataFrame([(i, t) for i, t in enumerate(texts)], "n int, text string")
    rows = df.withColumn("factcheck", check_udf()(col("text"))).orderBy("n").collect()
    assert [row_dict(r["factcheck"]) for r in rows] == [report_dict(r) for r in checker.check_many(texts)]


# ---------------------------------------------------------------------------- plain Spark SQL

def test_filter_and_explode_in_spark_sql(spark, checked, expected):
    checked.createOrReplaceTempView("checked_posts")
    rows = spark.sql("""
        SELECT id, f.claim, f.correction, f.evidence[0].fact_id AS fact_id
        FROM checked_posts LATERAL VIEW explode(factcheck.findings) t AS f
        WHERE factcheck.flagged AND f.verdict = 'refuted' AND f.assertion IN ('asserted', 'hedged')
    """).collect()
    want = Counter((pid, f["claim"], f["correction"], f["evidence"][0]["fact_id"])
                   for pid, r in expected.items() if r["flagged"] for f in r["findings"]
                   if f["verdict"] == "refuted" and f["assertion"] in ("asserted", "hedged"))
    assert Counter(tuple(r) for r in rows) == want
    assert want

    counts = spark.sql("SELECT factcheck.flagged AS flagged, count(*) AS n FROM checked_posts "
                       "WHERE factcheck.error IS NULL GROUP BY factcheck.flagged").collect()
    assert {r["flagged"]: r["n"] for r in counts} == dict(Counter(r["flagged"] for r in expected.values()))


def test_flagged_rows(checked, expected):
    from factcheck.integrations.spark import flagged_rows

    flagged = flagged_rows(checked)
    assert flagged.columns == ["id", "text", "claim", "correction", "finding"]
    got = Counter((r["id"], r["claim"], r["correction"], r["finding"]["start"]) for r in flagged.collect())
    want = Counter((pid, f["claim"], f["correction"], f["start"]) for pid, r in expected.items()
                   for f in r["findings"] if f["verdict"] == "refuted" and f["assertion"] in ("asserted", "hedged"))
    assert got == want
    assert all(correction for _, _, correction, _ in got)
    assert {pid for pid, *_ in got} == {pid for pid, r in expected.items() if r["flagged"]}


def test_a_filter_on_the_result_runs_the_udf_once(spark, posts, tmp_path):
    """Spark pushes a filter on a deterministic UDF's result below the projection that computes
    it, and runs the UDF twice; factcheck's UDFs are marked nondeterministic against that."""
    from pyspark.sql.functions import col

    from factcheck.integrations.spark import check_jsonl, check_udf, flagged_rows

    df = spark.createDataFrame(posts[:10], "id string, text string")
    checked = df.withColumn("factcheck", check_udf()(col("text"), col("id")))
    (tmp_path / "posts.jsonl").write_text(json.dumps({"id": "p1", "text": CLAIM}) + "\n", encoding="utf-8")
    for query in (checked.where("factcheck.flagged"), flagged_rows(checked), check_jsonl(spark, str(tmp_path))):
        plan = query._jdf.queryExecution().executedPlan().toString()
        assert plan.count("ArrowEvalPython") == 1, plan


def test_flagged_rows_refuses_a_column_clash(checked):
    from factcheck.integrations.spark import flagged_rows

    with pytest.raises(ValueError, match="claim"):
        flagged_rows(checked.withColumnRenamed("text", "claim"))


# ---------------------------------------------------------------------------- once per worker

def test_one_factchecker_per_worker_process(checked, monkeypatch):
    from pyspark import cloudpickle

    import factcheck.integrations.spark as fs

    rows = checked.select("factcheck.worker.*").collect()
    by_pid: dict[int, list] = {}
    for r in rows:
        by_pid.setdefault(r["pid"], []).append(r)
    assert os.getpid() not in by_pid                       # checked in the workers, not here
    assert 1 <= len(by_pid) <= 4
    for pid, seen in by_pid.items():
        assert {r["pipelines"] for r in seen} == {1}, pid  # one FactChecker in the process, ever
    # several batches (6 partitions, Arrow batches of 32 rows) went through each process
    assert sum(max(r["batches"] for r in seen) for seen in by_pid.values()) >= 10
    assert max(r["batches"] for r in rows) > 1
    # the driver built none, and the UDF carries no FactChecker: it pickles to a few KB, without
    # any FactChecker being built
    assert fs._CHECKERS == {} and fs._STATS["pipelines"] == 0

    def no_checker(*args, **kwargs):
        raise AssertionError("a FactChecker was built on the driver")

    monkeypatch.setattr(FactChecker, "__init__", no_checker)
    udf = fs.check_udf(claims=[str(ROOT / "claims")])
    payload = cloudpickle.dumps(udf.func)
    assert len(payload) < 10_000
    assert b"FactChecker" not in payload and b"spacy" not in payload
    func = pickle.loads(payload)
    assert func.__closure__ is not None
    assert not any(isinstance(c.cell_contents, FactChecker) for c in func.__closure__)


# ---------------------------------------------------------------------------- the JSONL job

@pytest.fixture(scope="module")
def posts_dir(tmp_path_factory, posts) -> Path:
    """A directory of JSONL posts as `factcheck check --input-format jsonl` reads them."""
    root = tmp_path_factory.mktemp("posts")
    records = [{"id": pid, "text": text} for pid, text in posts if text is not None and len(text) < 20_000]
    half = len(records) // 2
    (root / "a").mkdir()
    (root / "a" / "part-1.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records[:half]), encoding="utf-8")
    (root / "b.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records[half:])
        + "\n   \n"                                                   # blank lines: skipped
        + json.dumps({"id": 42, "text": CLAIM}) + "\r\n"             # a number id, CRLF
        + json.dumps({"id": "s1", "text": "\ud800 baclofen is an opiate"}) + "\n"  # lone surrogate
        + "[1, 2]\n"                                                  # bad records: error reports
        + json.dumps({"id": "no-text"}) + "\n"
        + json.dumps({"text": "Fentanyl is a muscle relaxant."}) + "\n",  # no id
        encoding="utf-8")
    (root / "notes.txt").write_text(json.dumps({"id": "txt", "text": CLAIM}) + "\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def cli_lines(posts_dir, checker) -> dict[str, str]:
    """What `factcheck check --input-format jsonl --format jsonl DIR` writes, by id."""
    real = cli_check.FactChecker
    cli_check.FactChecker = lambda model=None, claims=None, **options: checker  # the session's pipeline
    try:
        out = io.StringIO()
        cli.main(["check", "--input-format", "jsonl", "--format", "jsonl", "-q", str(posts_dir)], stdout=out)
    finally:
        cli_check.FactChecker = real
    return {json.loads(line)["id"]: line for line in out.getvalue().splitlines()}


def check_job_lines(lines: list[str], cli_lines: dict[str, str], posts_dir: Path) -> None:
    """The job's lines are the CLI's, except where the CLI names a line number (Spark reads
    lines without their numbers: a record without an id is named by the file and a digest)."""
    got = {json.loads(line)["id"]: line for line in lines}
    assert len(got) == len(lines) == len(cli_lines)
    located = {pid for pid in cli_lines if pid.startswith(str(posts_dir))}
    assert len(located) == 3                            # the two bad records and the one without an id
    for pid in cli_lines.keys() - located:
        assert got[pid] == cli_lines[pid], pid
    ours = {pid: json.loads(line) for pid, line in got.items() if "#" in pid}
    assert len(ours) == 3 and all(pid.startswith(f"file:{posts_dir}/b.jsonl#") for pid in ours)
    assert sorted(str(r.get("error", "")).split(": ", 1)[-1] for r in ours.values()) == [
        "", "bad JSONL record: missing field 'text'", "bad JSONL record: not a JSON object"]
    assert json.loads(got["42"])["flagged"] and "txt" not in got


def test_jsonl_job_writes_what_the_cli_writes(spark, posts_dir, cli_lines, tmp_path):
    from factcheck.integrations.spark import check_jsonl, row_dict, write_reports

    reports = check_jsonl(spark, str(posts_dir)).cache()
    assert reports.rdd.getNumPartitions() >= 2
    write_reports(reports, str(tmp_path / "jsonl"), "jsonl")
    lines = [line for part in sorted((tmp_path / "jsonl").glob("part-*")) for line in
             part.read_text(encoding="utf-8").splitlines()]
    check_job_lines(lines, cli_lines, posts_dir)

    write_reports(reports, str(tmp_path / "parquet"), "parquet")
    table = spark.read.parquet(str(tmp_path / "parquet"))
    assert table.columns == ["id", "flagged", "findings", "error"]
    from_parquet = {r["id"]: row_dict(r) for r in table.collect()}
    assert from_parquet == {json.loads(line)["id"]: json.loads(line) for line in lines}
    with pytest.raises(Exception, match="already exists"):
        write_reports(reports, str(tmp_path / "parquet"), "parquet")


def test_spark_submit_example(tmp_path, checker):
    """The documented command runs: spark-submit examples/spark_job.py DIR OUT --format parquet."""
    require_spark()
    import pyarrow.parquet as pq

    bindir = Path(sys.executable).parent
    submit = bindir / "spark-submit" if (bindir / "spark-submit").exists() else shutil.which("spark-submit")
    assert submit, "spark-submit is installed with pyspark"
    posts = {"p1": CLAIM, "p2": "Back from the gym!", "p3": "Oxycodone is a muscle relaxant."}
    # a Hive-style directory below the input: read recursively, no partition column added
    (tmp_path / "posts" / "day=1").mkdir(parents=True)
    (tmp_path / "posts" / "day=1" / "posts.jsonl").write_text(
        "".join(json.dumps({"id": k, "text": v}) + "\n" for k, v in posts.items()), encoding="utf-8")
    out = tmp_path / "reports"
    env = {**os.environ, "PYSPARK_PYTHON": sys.executable, "PYSPARK_DRIVER_PYTHON": sys.executable}
    proc = subprocess.run(
        [str(submit), "--master", "local[1]", "--conf", "spark.ui.enabled=false",
         str(ROOT / "examples" / "spark_job.py"), str(tmp_path / "posts"), str(out), "--format", "parquet"],
        capture_output=True, text=True, timeout=600, env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-5000:]
    rows = pq.read_table(out).to_pylist()
    got = {r["id"]: r for r in rows}
    assert got.keys() == posts.keys()
    for pid, text in posts.items():
        want = report_dict(checker.check(text, id=pid))
        assert {k: v for k, v in got[pid].items() if not (k == "error" and v is None)} == want
