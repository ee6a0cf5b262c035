"""Check a directory of JSONL posts on Spark; write JSONL or Parquet reports.

Needs ``pip install "drug-factcheck[spark]"`` on the driver and on every worker (the same
Python there: ``PYSPARK_PYTHON``), and Java 17 for Spark itself::

    PYSPARK_PYTHON=.venv/bin/python .venv/bin/spark-submit --master "local[2]" \\
        examples/spark_job.py posts/ reports/ --format parquet

Input: ``*.jsonl`` files below ``posts/`` (any path Spark reads: a local directory, HDFS, S3, ...),
one ``{"id": ..., "text": ...}`` object a line, as ``factcheck check --input-format jsonl``
reads them. Output: part files in ``reports/``, each line (``--format jsonl``) what
``factcheck check --format jsonl`` writes, or the same fields as Parquet columns. Options:
``python -m factcheck.integrations.spark --help``.
"""

import sys

from factcheck.integrations.spark import main

if __name__ == "__main__":
    sys.exit(main())
