"""Throughput of factcheck on one machine (``check_many``, one or two processes) and on Spark.

One command (needs ``pip install ".[spark]"`` and Java)::

    python benchmarks/spark_throughput.py                        # 5 MB moderation, 1 MB dense
    python benchmarks/spark_throughput.py --size-mb 20 --dense-size-mb 5 --master "local[2]"

The corpora are those of :mod:`run` (:mod:`generate`, seeded). Each mode runs in a fresh
subprocess, over the same JSONL file:

- ``check_many-1``: ``FactChecker(MODEL).check_many(texts)`` in one process;
- ``check_many-2``: the same with ``n_process=2`` (two spawned worker processes; their start
  and pipeline loading are inside the measured time, as they are in every call);
- ``spark``: a ``SparkSession`` on ``--master`` (default ``local[2]``), then the documented job
  (:func:`factcheck.integrations.spark.check_jsonl` over the corpus file, written as Parquet by
  :func:`factcheck.integrations.spark.write_reports`). The session start and a warm-up job that makes every
  Python worker load its pipeline are measured apart (``startup``); the job is measured from
  reading the JSONL file to the last Parquet file written.

The single-process modes load the texts before the clock starts; Spark reads them inside the
measured job. Words are whitespace-separated words of the input. Each mode also counts the flagged
posts and the findings, which must agree. With ``--repeat N`` each mode is measured N times
(in rounds over the modes) and the fastest run is reported: on a shared machine, other work
only ever slows a run down. The result is a Markdown table on standard output
(``--json FILE`` also writes the numbers); progress goes to standard error.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from factcheck.resources import BASE_MODEL as DEFAULT_MODEL  # noqa: E402

MODES = ["check_many-1", "check_many-2", "spark"]
WARM_UP = "Baclofen is not an opioid."


# ---------------------------------------------------------------------- one measurement (child)
def measure(mode: str, corpus: Path, model: str, master: str, batch_size: int) -> dict:
    texts = [json.loads(line)["text"] for line in corpus.open(encoding="utf-8")]
    words = sum(len(t.split()) for t in texts)
    info: dict = {}
    if mode.startswith("check_many"):
        from factcheck import FactChecker

        n_process = int(mode.rsplit("-", 1)[1])
        checker = FactChecker(model)
        checker.check(WARM_UP)
        start = time.perf_counter()
        n = flagged = findings = 0
        for report in checker.check_many(texts, n_process=n_process, batch_size=batch_size):
            n += 1
            flagged += report.flagged
            findings += len(report.findings)
        seconds = time.perf_counter() - start
    elif mode == "spark":
        n, flagged, findings, seconds, info = _measure_spark(corpus, model, master, batch_size)
    else:
        raise ValueError(mode)
    assert n == len(texts), (n, len(texts))
    return {"mode": mode, "texts": len(texts), "words": words, "chars": sum(map(len, texts)),
            "seconds": seconds, "words_per_s": words / seconds, "flagged": flagged, "findings": findings, **info}


def _measure_spark(corpus: Path, model: str, master: str, batch_size: int) -> tuple[int, int, int, float, dict]:
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    from factcheck.integrations.spark import check_jsonl, check_udf, write_reports

    start = time.perf_counter()
    spark = (SparkSession.builder.master(master).appName("factcheck-benchmark")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    cores = spark.sparkContext.defaultParallelism
    # warm-up: one task per core, at once, so that every Python worker loads its pipeline
    warm = spark.createDataFrame([(WARM_UP,)] * (8 * cores), "text string").repartition(cores)
    pids = {r["pid"] for r in warm.select(check_udf(model, diagnostics=True)("text").alias("r"))
            .select("r.worker.pid").collect()}
    startup = time.perf_counter() - start
    out = Path(tempfile.mkdtemp(prefix="factcheck-spark-bench-")) / "reports"
    try:
        start = time.perf_counter()
        write_reports(check_jsonl(spark, str(corpus), model=model, batch_size=batch_size), str(out), "parquet")
        seconds = time.perf_counter() - start
        n, flagged, findings = spark.read.parquet(str(out)).select(
            F.count(F.lit(1)), F.sum(F.col("flagged").cast("int")), F.sum(F.size("findings"))).first()
    finally:
        spark.stop()
        shutil.rmtree(out.parent, ignore_errors=True)
    return n, flagged, findings, seconds, {"master": master, "cores": cores, "warm_workers": len(pids),
                                           "startup_s": startup}


# ---------------------------------------------------------------------- the driver (parent)
def run_child(mode: str, corpus: Path, args: argparse.Namespace) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--measure", mode, "--corpus", str(corpus),
           "--model", args.model, "--master", args.master, "--batch-size", str(args.batch_size)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{mode} on {corpus.name} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def table(rows: list[tuple[str, dict[str, dict]]], master: str) -> str:
    def cell(m: dict | None) -> str:
        return "–" if m is None else f"{m['words_per_s']:,.0f} words/s ({m['seconds']:.1f} s)"

    out = ["| corpus | size | posts | words | `check_many`, 1 process | `check_many(n_process=2)` "
           f"| Spark `{master}` job | Spark start + warm-up |",
           "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for kind, m in rows:
        any_m = next(iter(m.values()))
        spark = m.get("spark")
        out.append(f"| {kind} | {any_m['chars'] / 1e6:.2f} MB | {any_m['texts']:,} | {any_m['words']:,} | "
                   f"{cell(m.get('check_many-1'))} | {cell(m.get('check_many-2'))} | {cell(spark)} | "
                   f"{'–' if spark is None else format(spark['startup_s'], '.1f') + ' s'} |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size-mb", type=float, default=5.0, help="size of the moderation corpus (default 5)")
    ap.add_argument("--dense-size-mb", type=float, default=1.0, help="size of the dense corpus (default 1)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--corpora", nargs="+", default=["moderation", "dense"], choices=["moderation", "dense"])
    ap.add_argument("--model", default=DEFAULT_MODEL)
    ap.add_argument("--master", default="local[2]", help="Spark master (default local[2])")
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--modes", nargs="+", default=MODES, choices=MODES)
    ap.add_argument("--repeat", type=int, default=1,
                    help="measure each mode this many times and report the fastest (default 1)")
    ap.add_argument("--json", type=Path, help="also write the measurements here")
    ap.add_argument("--corpus-dir", type=Path,
                    help="keep the generated corpora here (default: a temporary directory)")
    ap.add_argument("--measure", choices=MODES, help=argparse.SUPPRESS)
    ap.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.measure:  # child
        print(json.dumps(measure(args.measure, args.corpus, args.model, args.master, args.batch_size)))
        return 0

    import run

    results = []
    directory = args.corpus_dir or Path(tempfile.mkdtemp(prefix="factcheck-bench-"))
    for kind in args.corpora:
        corpus = run.corpus_file(kind, args.dense_size_mb if kind == "dense" else args.size_mb, args.seed, directory)
        runs: dict[str, list[dict]] = {mode: [] for mode in args.modes}
        for _ in range(args.repeat):  # rounds over the modes, so that a busy moment hits them alike
            for mode in args.modes:
                m = run_child(mode, corpus, args)
                runs[mode].append(m)
                extra = f", start + warm-up {m['startup_s']:.1f} s" if mode == "spark" else ""
                print(f"{kind:>10} {mode:>12}: {m['words']:,} words in {m['seconds']:.1f} s = "
                      f"{m['words_per_s']:,.0f} words/s; {m['flagged']} flagged, {m['findings']} findings{extra}; "
                      f"load average {os.getloadavg()[0]:.2f}", file=sys.stderr)
        measured = {}
        for mode, ms in runs.items():
            measured[mode] = {**max(ms, key=lambda m: m["words_per_s"]),
                              "all_words_per_s": [round(m["words_per_s"]) for m in ms]}
        counts = {(m["flagged"], m["findings"]) for ms in runs.values() for m in ms}
        if len(counts) != 1:
            raise SystemExit(f"{kind}: the modes disagree on flagged posts and findings: {counts}")
        results.append((kind, measured))
    print(table(results, args.master))
    print(f"\nbatch_size={args.batch_size}, best of {args.repeat} run(s), Python {platform.python_version()}, "
          f"{platform.machine()}, {run._cpu_count()} CPU(s).")
    if args.corpus_dir is None:
        shutil.rmtree(directory, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps({k: m for k, m in results}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
