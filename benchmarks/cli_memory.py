"""Peak memory of ``factcheck check --input-format jsonl --format jsonl`` against input size.

The command line streams JSONL (a line is read, checked in its batch, written, and dropped), so
its peak RSS should not grow with the number of records. One command::

    python benchmarks/cli_memory.py                   # 100k and 1M posts
    python benchmarks/cli_memory.py --sizes 10000 100000 --corpus moderation

Each size is one run of the installed ``factcheck`` in a fresh subprocess, reading a generated
JSONL file on standard input and writing to /dev/null; its peak RSS is the child's own
``ru_maxrss`` (``os.wait4``). Corpora:

- ``simple`` (the default, fast): short generated posts of ordinary words, one in a thousand
  with a drug claim (the others are ruled out by the mention screen before parsing);
- ``moderation``: :mod:`generate`'s moderation posts (about 2% of sentences mention a drug or a
  class: many more are parsed, so 1M posts take long).

The result is a Markdown table on standard output (records, input MB, seconds, peak RSS MB).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

WORDS = ("the a we they it was is went saw had made really nice long day night park game team "
         "weather coffee bus train work friend dog cat movie book song thread post reply great "
         "bad today yesterday tomorrow again later maybe never always").split()
CLAIMS = ["Baclofen is an opiate.", "Oxycodone is a muscle relaxant.", "Fentanyl is an opioid."]


def simple_posts(seed: int = 1):
    rng = random.Random(seed)
    for i in itertools.count():
        if i % 1000 == 999:
            yield rng.choice(CLAIMS)
        else:
            yield " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 14))) + "."


def write_corpus(path: Path, n: int, corpus: str) -> int:
    if corpus == "simple":
        texts = simple_posts()
    else:
        from generate import posts

        texts = posts("moderation")
    with open(path, "w", encoding="utf-8") as f:
        for i, text in zip(range(n), texts):
            f.write(json.dumps({"id": f"p{i:07d}", "text": text}, ensure_ascii=False) + "\n")
    return path.stat().st_size


def measure(path: Path, factcheck: str) -> tuple[float, float, int]:
    """(seconds, peak RSS in MB, exit status) of one run over ``path``."""
    start = time.monotonic()
    with open(path, "rb") as stdin, open(os.devnull, "wb") as devnull:
        proc = subprocess.Popen([factcheck, "check", "--input-format", "jsonl", "--format", "jsonl", "-"],
                                stdin=stdin, stdout=devnull)
        _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    return time.monotonic() - start, usage.ru_maxrss / scale, proc.returncode


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--corpus", choices=["simple", "moderation"], default="simple")
    ap.add_argument("--factcheck", default=str(Path(sys.executable).with_name("factcheck")),
                    help="the factcheck executable to measure (default: next to this Python)")
    args = ap.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="factcheck-mem-") as tmp:
        for n in args.sizes:
            path = Path(tmp) / f"{args.corpus}-{n}.jsonl"
            size = write_corpus(path, n, args.corpus)
            print(f"{n} posts ({size / 1e6:.1f} MB): running ...", file=sys.stderr)
            seconds, rss, code = measure(path, args.factcheck)
            if code not in (0, 1):
                print(f"factcheck exited with status {code}", file=sys.stderr)
                return 2
            rows.append((n, size / 1e6, seconds, rss))
            path.unlink()
    print("| posts | input MB | seconds | peak RSS MB |")
    print("|---:|---:|---:|---:|")
    for n, mb, seconds, rss in rows:
        print(f"| {n:,} | {mb:.1f} | {seconds:.0f} | {rss:.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
