"""Apache Spark: check a column of texts on a cluster (``pip install "drug-factcheck[spark]"``).

:func:`check_udf` is a pandas UDF in the iterator form (``Iterator[pd.Series] ->
Iterator[pd.DataFrame]``). Each Spark Python worker builds its :class:`~factcheck.FactChecker`
once, the first time it needs one, and keeps it (a module-level cache keyed by the model, the
claim files and the chunk limit) for every later batch and task it runs: never a pipeline per
row or per batch, and nothing is pickled from the driver but the arguments. The result is a
struct column with exactly the fields of a ``--format jsonl`` line (:func:`report_schema`,
derived from the pydantic :class:`~factcheck.report.Report`)::

    from pyspark.sql.functions import col
    from factcheck.integrations.spark import check_udf, flagged_rows

    check = check_udf()                                    # model=None, claims=None: the shipped ones
    checked = posts.withColumn("factcheck", check(col("text"), col("id")))
    checked.where("factcheck.flagged")                     # plain Spark SQL on the struct
    flagged_rows(checked).select("id", "claim", "correction")

A batch job over a directory of JSONL posts (the input ``factcheck check --input-format jsonl``
reads) that writes JSONL (the lines ``--format jsonl`` writes) or Parquet::

    spark-submit examples/spark_job.py POSTS_DIR OUT_DIR --format parquet
    python -m factcheck.integrations.spark POSTS_DIR OUT_DIR --format jsonl      # local[*] session

pyspark, pandas and pyarrow are imported only when a function here needs them, so ``import
factcheck`` (and this module) works without them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factcheck.io.checking import check_stream
from factcheck.io.inputs import jsonl_item
from factcheck.knowledge.claimset import claim_paths
from factcheck.outputs.base import Item
from factcheck.outputs.json import record_schema, report_dict
from factcheck.pipeline.checker import DEFAULT_CHUNK_LIMIT, FactChecker
from factcheck.report import Report

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from pyspark.sql import DataFrame, SparkSession
    from pyspark.sql.types import DataType, StructType

REPORT_FIELDS = tuple(Report.model_fields)
"""The fields of a report, in the order of the struct (and of a JSONL line)."""

WORKER_FIELD = "worker"
"""With ``check_udf(diagnostics=True)``, the extra struct field saying which worker process
checked the row: ``pid``, ``pipelines`` (FactCheckers that process has built) and ``batches``
(Arrow batches it has checked)."""

DEFAULT_BATCH_SIZE = 64


def _require_spark() -> None:
    """Raise ImportError naming the extra when pyspark, pandas or pyarrow is missing."""
    try:
        import pandas  # noqa: F401
        import pyarrow  # noqa: F401
        import pyspark  # noqa: F401
    except ImportError as exc:
        raise ImportError(f"factcheck.integrations.spark needs pyspark, pandas and pyarrow ({exc}): "
                          f'pip install "drug-factcheck[spark]"') from exc


# ---------------------------------------------------------------------------- schema

def report_schema(diagnostics: bool = False) -> StructType:
    """The Spark type of a report: a struct with the fields of one JSONL line (``id``,
    ``flagged``, ``findings`` as ``array<struct>`` with their mention, span, cue and evidence
    sub-structs, ``error``), derived from the JSON Schema of :class:`~factcheck.report.Report`
    (:func:`factcheck.outputs.registry.record_schema`). Integers are ``long``. Inside ``findings`` a
    field is nullable when the JSON Schema allows null or does not require it; the report's
    own fields are all nullable, as the fields of a pandas UDF's struct result are."""
    _require_spark()
    from pyspark.sql.types import LongType, StructField, StructType

    fields = [StructField(f.name, f.dataType, True) for f in _report_struct().fields]
    if diagnostics:
        worker = StructType([StructField(name, LongType(), False) for name in ("pid", "pipelines", "batches")])
        fields.append(StructField(WORKER_FIELD, worker, True))
    return StructType(fields)


@lru_cache(maxsize=1)
def _report_struct() -> StructType:
    from pyspark.sql.types import StructType

    schema = record_schema()
    spark_type, _ = _spark_type(schema, schema.get("$defs", {}))
    if not isinstance(spark_type, StructType):  # the schema of an object is a struct
        raise TypeError(f"the report's JSON Schema gives {spark_type}, not a struct")
    return spark_type


def _spark_type(node: dict[str, Any], defs: dict[str, Any]) -> tuple[DataType, bool]:
    """The Spark type of a JSON Schema node, and whether it admits null."""
    from pyspark.sql.types import (
        ArrayType,
        BooleanType,
        DoubleType,
        LongType,
        StringType,
        StructField,
        StructType,
    )

    if "$ref" in node:
        return _spark_type(defs[node["$ref"].rsplit("/", 1)[-1]], defs)
    if "anyOf" in node:
        options = [o for o in node["anyOf"] if o.get("type") != "null"]
        if len(options) != 1:
            raise TypeError(f"no Spark type for a union of {options}")
        spark_type, _ = _spark_type(options[0], defs)
        return spark_type, len(options) < len(node["anyOf"])
    kind = node.get("type")
    if kind == "object":
        required = set(node.get("required", ()))
        fields = []
        for name, prop in node.get("properties", {}).items():
            spark_type, nullable = _spark_type(prop, defs)
            fields.append(StructField(name, spark_type, nullable or name not in required))
        return StructType(fields), False
    if kind == "array":
        item, nullable = _spark_type(node["items"], defs)
        return ArrayType(item, containsNull=nullable), False
    scalars = {"string": StringType, "integer": LongType, "boolean": BooleanType, "number": DoubleType}
    if kind in scalars:
        return scalars[kind](), False
    raise TypeError(f"no Spark type for the JSON Schema node {node}")


# ---------------------------------------------------------------------------- the worker side

_CHECKERS: dict[tuple[str | None, tuple[str, ...] | None, int, bool, tuple[str, ...]], FactChecker] = {}
_STATS = {"pipelines": 0, "batches": 0}


def worker_checker(model: str | None = None, claims: tuple[str, ...] | None = None,
                   chunk_limit: int = DEFAULT_CHUNK_LIMIT, confine_sources: bool = True,
                   source_dirs: tuple[str, ...] = ()) -> FactChecker:
    """The FactChecker of this process for these arguments, built on first use and kept.
    ``claims`` are added to the claim set shipped with this process's factcheck, as
    ``factcheck check --claims`` adds them; their sources are confined as the FactChecker
    confines them (``confine_sources``, ``source_dirs``)."""

    key = (model, claims, chunk_limit, bool(confine_sources), tuple(source_dirs))
    checker = _CHECKERS.get(key)
    if checker is None:
        checker = FactChecker(model, claim_paths(list(claims) if claims else None), chunk_limit=chunk_limit,
                              confine_sources=confine_sources, source_dirs=source_dirs)
        _CHECKERS[key] = checker
        _STATS["pipelines"] += 1
    return checker


def worker_stats() -> dict[str, int]:
    """This process: its pid, the FactCheckers it has built and the batches it has checked."""
    return {"pid": os.getpid(), **_STATS}


def check_items(checker: FactChecker, items: Iterable[Item], batch_size: int = DEFAULT_BATCH_SIZE) -> list[Report]:
    """One Report per item, in order, as ``factcheck check`` makes them: items that could not
    be read become error Reports, and an internal error on one text becomes that text's error
    Report without losing the others'."""

    return [report for _, report in check_stream(checker, iter(items), batch_size)]


def _text_items(texts: pd.Series, ids: pd.Series | None) -> list[Item]:
    items = []
    for i, text in enumerate(texts.tolist()):
        rid = None if ids is None else _id(ids.iat[i])
        name = rid if rid is not None else f"row {i}"
        if isinstance(text, str):
            items.append(Item(id=rid, name=name, text=text))  # type: ignore[arg-type]
        else:
            problem = "the text is null" if _is_null(text) else f"the text is not a string but {type(text).__name__}"
            error = f"{name}: cannot check: {problem}"
            items.append(Item(id=rid, name=name, text=None, error=error))  # type: ignore[arg-type]
    return items


def _is_null(value: object) -> bool:
    """None, NaN, or pandas' NA / NaT (how a batch may hold a null)."""
    if value is None or (isinstance(value, float) and value != value):
        return True
    return type(value).__name__ in ("NAType", "NaTType")


def _id(value: object) -> str | None:
    """Ids as the CLI keeps them: strings (a number becomes its text), None for null."""
    if _is_null(value):
        return None
    if isinstance(value, float) and value.is_integer():  # an integer column with nulls arrives as float
        return str(int(value))
    return value if isinstance(value, str) else str(value)


def _check_batches(batches: Iterator[Any], model: str | None, claims: tuple[str, ...] | None, chunk_limit: int,
                   batch_size: int, diagnostics: bool, confine_sources: bool = True,
                   source_dirs: tuple[str, ...] = ()) -> Iterator[pd.DataFrame]:
    """The body of :func:`check_udf` on a worker: ``texts`` or ``(texts, ids)`` batches in,
    one DataFrame of report fields per batch out."""
    import pandas as pd

    checker = worker_checker(model, claims, chunk_limit, confine_sources, source_dirs)
    for batch in batches:
        texts, ids = (batch[0], batch[1] if len(batch) > 1 else None) if isinstance(batch, tuple) else (batch, None)
        reports = check_items(checker, _text_items(texts, ids), batch_size)
        _STATS["batches"] += 1
        rows = [report.model_dump(mode="json") for report in reports]
        frame = pd.DataFrame({name: pd.Series([row[name] for row in rows], dtype=object) for name in REPORT_FIELDS})
        frame["flagged"] = frame["flagged"].astype(bool)
        if diagnostics:
            stats = worker_stats()
            frame[WORKER_FIELD] = [dict(stats) for _ in rows]
        yield frame


# ---------------------------------------------------------------------------- the driver side

def check_udf(model: str | None = None, claims: Iterable[str | Path] | None = None, *,
              batch_size: int = DEFAULT_BATCH_SIZE, chunk_limit: int = DEFAULT_CHUNK_LIMIT,
              diagnostics: bool = False, confine_sources: bool = True, source_dirs: Iterable[str | Path] = ()):
    """A pandas UDF (iterator form) that checks a text column: ``check(text)`` or
    ``check(text, id)``, a struct with the fields of a JSONL line (:func:`report_schema`).

    ``model`` is an installed spaCy pipeline, as for :class:`~factcheck.FactChecker`;
    ``claims`` are claim-set files or directories added to the shipped claim set, as
    ``factcheck check --claims`` adds them, and must be readable at the same path on every
    worker. Each Python worker builds one FactChecker for them on first use and reuses it
    for every batch and task it runs; only these arguments travel with the UDF. The claim
    files' sources are confined to their directories and ``source_dirs`` (paths on the
    workers) unless ``confine_sources`` is false, as for the FactChecker. ``batch_size`` is ``check_many``'s. An id that is not a
    string is kept as its text (as the CLI does with JSONL ids); a null or non-string text
    gives a report with ``error`` set, as the CLI does for a bad JSONL record. With
    ``diagnostics``, the struct also has a ``worker`` field (:data:`WORKER_FIELD`).
    """
    _require_spark()
    import pandas as pd
    from pyspark.sql.functions import pandas_udf

    if not isinstance(batch_size, int) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}")
    if not isinstance(chunk_limit, int) or chunk_limit < 1:
        raise ValueError(f"chunk_limit must be a positive number of characters, got {chunk_limit!r}")
    user_claims = tuple(str(p) for p in claims) if claims else None
    confine, allowed = bool(confine_sources), _dirs(source_dirs)

    # Only plain arguments are in this closure; _check_batches is pickled by reference (it is
    # imported from this module on the worker), so the worker's cache is the module's.
    def factcheck(batches):
        return _check_batches(batches, model, user_claims, chunk_limit, batch_size, diagnostics, confine, allowed)

    # real objects, not strings: pyspark reads the hints to tell the iterator form
    factcheck.__annotations__ = {"batches": Iterator[tuple[pd.Series, ...]], "return": Iterator[pd.DataFrame]}
    # pyspark's stubs lack the type-hint form of pandas_udf (without pyspark installed, it is Any)
    return _once(pandas_udf(factcheck, returnType=report_schema(diagnostics)))  # type: ignore[call-overload, unused-ignore]


def _dirs(source_dirs: Iterable[str | Path]) -> tuple[str, ...]:
    """Allowed source directories as plain strings (one path alone is accepted too)."""
    if isinstance(source_dirs, (str, Path)):
        source_dirs = [source_dirs]
    return tuple(str(d) for d in source_dirs)


def _once(udf):
    """The UDF marked nondeterministic, so that it runs once a row: Spark pushes a filter on a
    deterministic UDF's result (``.where("factcheck.flagged")``, or the job's skipping of blank
    lines) below the projection that computes it, and then runs the UDF twice."""
    return udf.asNondeterministic()


def flagged_rows(df: DataFrame, column: str = "factcheck") -> DataFrame:
    """The flagged claims of a checked DataFrame: one row per finding that flags (refuted, and
    asserted or hedged by the author) of each flagged row, with the DataFrame's other columns,
    then ``claim`` (as written), ``correction`` (what the claim set says instead) and
    ``finding`` (the whole finding struct)."""
    _require_spark()
    from pyspark.sql import functions as F

    others = [c for c in df.columns if c != column]
    clash = {"claim", "correction", "finding"} & set(others)
    if clash:
        raise ValueError(f"flagged_rows: the DataFrame already has column(s) {sorted(clash)}; rename them first")
    finding = F.col("finding")
    return (df.where(F.col(f"{column}.flagged"))
              .select(*others, F.explode(F.col(f"{column}.findings")).alias("finding"))
              .where((finding["verdict"] == "refuted") & finding["assertion"].isin("asserted", "hedged"))
              .select(*others, finding["claim"].alias("claim"), finding["correction"].alias("correction"), finding))


def row_dict(row: Any) -> dict:
    """A report struct (a Spark ``Row``) as the dict of its JSONL line: ``error`` only where
    set, as :func:`factcheck.outputs.registry.report_dict` writes it (the struct always has the field)."""
    data = row.asDict(recursive=True)
    if data.get("error") is None:
        data.pop("error", None)
    return data


# ---------------------------------------------------------------------------- the JSONL job

def _line_items(lines: pd.Series, paths: pd.Series, id_field: str, text_field: str) -> list[Item | None]:
    """JSONL lines as the CLI reads them (``factcheck check --input-format jsonl``); None for
    blank lines, error Items for bad records. Spark reads lines without their numbers, so a
    record without an id gets ``PATH#`` and a digest of the line where the CLI says ``PATH:LINE``."""
    items: list[Item | None] = []
    for line, path in zip(lines.tolist(), paths.tolist()):
        digest = hashlib.sha1(line.removesuffix("\r").encode("utf-8", "surrogatepass")).hexdigest()[:12]
        items.append(jsonl_item(line, f"{path}#{digest}", path, id_field, text_field))
    return items


def _check_lines(batches: Iterator[tuple[pd.Series, pd.Series]], model: str | None,
                 user_claims: tuple[str, ...] | None, id_field: str, text_field: str,
                 batch_size: int, confine_sources: bool = True,
                 source_dirs: tuple[str, ...] = ()) -> Iterator[pd.Series]:
    """The job's UDF on a worker: (line, file path) batches in, the JSONL output line of each
    record out (null for blank lines). ``user_claims`` are added to the claim set shipped with
    the worker's factcheck, as ``factcheck check --claims`` does."""
    import pandas as pd

    checker = worker_checker(model, user_claims, confine_sources=confine_sources, source_dirs=source_dirs)
    for lines, paths in batches:
        items = _line_items(lines, paths, id_field, text_field)
        reports = iter(check_items(checker, [it for it in items if it is not None], batch_size))
        _STATS["batches"] += 1
        out = [None if it is None else json.dumps(report_dict(next(reports)), ensure_ascii=False) for it in items]
        yield pd.Series(out, dtype=object)


def jsonl_udf(model: str | None = None, claims: Iterable[str | Path] | None = None, *,
              id_field: str = "id", text_field: str = "text", batch_size: int = DEFAULT_BATCH_SIZE,
              confine_sources: bool = True, source_dirs: Iterable[str | Path] = ()):
    """The job's pandas UDF: ``(line, path)`` of a JSONL input line -> the output JSONL line
    (the one ``factcheck check --input-format jsonl --format jsonl`` writes for it), null for
    a blank line. ``claims``: files or directories added to the shipped claim set (as with
    ``factcheck check --claims``), readable at the same path on every worker, their sources
    confined as in :func:`check_udf`."""
    _require_spark()
    import pandas as pd
    from pyspark.sql.functions import pandas_udf

    user_claims = tuple(str(p) for p in claims) if claims else None
    confine, allowed = bool(confine_sources), _dirs(source_dirs)

    def factcheck_jsonl(batches):
        return _check_lines(batches, model, user_claims, id_field, text_field, batch_size, confine, allowed)

    factcheck_jsonl.__annotations__ = {"batches": Iterator[tuple[pd.Series, pd.Series]],
                                       "return": Iterator[pd.Series]}
    # (pyspark's stubs lack the type-hint form of pandas_udf)
    return _once(pandas_udf(factcheck_jsonl, returnType="string"))  # type: ignore[call-overload, unused-ignore]


def check_jsonl(spark: SparkSession, input: str, *, model: str | None = None,
                claims: Iterable[str | Path] | None = None, glob: str = "*.jsonl", id_field: str = "id",
                text_field: str = "text", batch_size: int = DEFAULT_BATCH_SIZE,
                partitions: int | None = None, confine_sources: bool = True,
                source_dirs: Iterable[str | Path] = ()) -> DataFrame:
    """The reports of the JSONL posts under ``input`` (a file or a directory, searched
    recursively for ``glob``): a DataFrame with one string column ``value``, each an output
    JSONL line. ``claims`` are added to the shipped claim set, as with ``factcheck check
    --claims`` (sources confined as in :func:`check_udf`). The lines are spread over ``partitions`` (default: at least the session's
    default parallelism), so a small input still uses every core."""
    _require_spark()
    from pyspark.sql import functions as F

    lines = (spark.read.option("recursiveFileLookup", "true").option("pathGlobFilter", glob)
             .text(input).select("value", F.col("_metadata.file_path").alias("path")))
    found = lines.rdd.getNumPartitions()
    wanted = partitions or max(found, spark.sparkContext.defaultParallelism)
    if wanted != found:
        lines = lines.repartition(wanted)
    check = jsonl_udf(model, claims, id_field=id_field, text_field=text_field, batch_size=batch_size,
                      confine_sources=confine_sources, source_dirs=source_dirs)
    return lines.select(check(F.col("value"), F.col("path")).alias("value")).where(F.col("value").isNotNull())


def write_reports(reports: DataFrame, output: str, format: str = "jsonl", mode: str = "errorifexists") -> None:
    """Write :func:`check_jsonl`'s lines to the directory ``output``: ``jsonl`` (part files
    ``part-*.txt`` of JSONL lines) or ``parquet`` (the report struct's fields as columns)."""
    from pyspark.sql import functions as F

    if format == "jsonl":
        reports.write.mode(mode).text(output)
    elif format == "parquet":
        (reports.select(F.from_json("value", _report_struct()).alias("report")).select("report.*")
         .write.mode(mode).parquet(output))
    else:
        raise ValueError(f"unknown output format {format!r} (jsonl or parquet)")


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="python -m factcheck.integrations.spark",
        description="Check a directory of JSONL posts on Spark and write JSONL or Parquet reports "
                    "(run it with spark-submit examples/spark_job.py, or directly for a local[*] session).")
    ap.add_argument("input", help="a JSONL file, or a directory searched recursively for --glob "
                                  "(any path Spark reads)")
    ap.add_argument("output", help="output directory (Spark part files)")
    ap.add_argument("--format", choices=["jsonl", "parquet"], default="jsonl",
                    help="jsonl: the lines `factcheck check --format jsonl` writes; "
                         "parquet: the same fields as columns")
    ap.add_argument("--glob", default="*.jsonl", help="input file names to read (default *.jsonl)")
    ap.add_argument("--id-field", default="id", help="field holding the record id")
    ap.add_argument("--text-field", default="text", help="field holding the text")
    ap.add_argument("--model", default=None, help="installed spaCy pipeline with a parser (on every worker)")
    ap.add_argument("--claims", action="append", default=None, metavar="PATH",
                    help="extra claim-set files or directories, readable at the same path on every worker")
    ap.add_argument("--allow-sources-outside", action="append", default=[], metavar="DIR", dest="source_dirs",
                    help="also read claim-set sources inside DIR (default: only inside the directory of the "
                         "claim file that declares them)")
    ap.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    ap.add_argument("--partitions", type=int, default=None,
                    help="spread the posts over this many tasks (default: at least the default parallelism)")
    ap.add_argument("--overwrite", action="store_true", help="replace the output directory if it exists")
    return ap


def main(argv: list[str] | None = None) -> int:
    """``spark-submit examples/spark_job.py INPUT OUTPUT [--format jsonl|parquet] ...``."""
    args = build_parser().parse_args(argv)
    _require_spark()
    from pyspark.sql import SparkSession

    from factcheck.knowledge.claimset import ClaimSetError, load_claimset, under_review

    claims = [str(Path(p).resolve()) for p in args.claims] if args.claims else None
    source_dirs = [str(Path(d).resolve()) for d in args.source_dirs]
    if claims:  # as `factcheck check` does, before any work is sent to the cluster
        try:
            pending = under_review(load_claimset(claim_paths(claims), source_dirs=source_dirs))
        except ClaimSetError as exc:
            sys.stderr.write(f"factcheck: error: {exc}\n")
            return 2
        if pending:
            sys.stderr.write(f"factcheck: error: the claim set has {len(pending)} record(s) still marked for "
                             f"review (remove the `review:` marker once checked): {', '.join(pending)}\n")
            return 2
    from pyspark.errors import AnalysisException

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # a local session's workers: this Python
    spark = SparkSession.builder.appName("factcheck").getOrCreate()
    try:
        reports = check_jsonl(spark, args.input, model=args.model, claims=claims, glob=args.glob,
                              id_field=args.id_field, text_field=args.text_field, batch_size=args.batch_size,
                              partitions=args.partitions, source_dirs=source_dirs)
        write_reports(reports, args.output, args.format, "overwrite" if args.overwrite else "errorifexists")
    except AnalysisException as exc:  # no such input, output already there, ...
        sys.stderr.write(f"factcheck: error: {str(exc).splitlines()[0]}\n")
        return 2
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    # run the imported module's main, not this __main__ copy's: the UDFs must refer to
    # factcheck.integrations.spark (which the workers import, with its cache), not to __main__ (which
    # cloudpickle would ship by value, cache and all, with every task)
    from factcheck.integrations.spark import main as _main

    raise SystemExit(_main())
