"""How long ``factcheck claims validate`` takes to refuse hostile claim files (timing kept out
of the tests, which assert only the refusal and its message).

::

    python benchmarks/hostile_claims.py [--repeat 3]

The files: YAML "billion laughs" (nine levels of nine aliases, 342 bytes, 9**9 values once
expanded: refused from the composed document, before any value is built), a JSON and a YAML
value nested 10,000 levels deep, and a YAML block sequence nested 200 levels deep. For each,
the exit status, the error line (its message after the file name) and the fastest and slowest
of the runs (wall clock, in this process). ``claims validate FILE`` also loads the shipped claim
set: an empty file, first in the table, shows what that alone costs.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path


def billion_laughs() -> str:
    doc = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for prev, name in zip("abcdefgh", "bcdefghi"):
        doc += f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]\n"
    return doc


def cases() -> dict[str, str]:
    nest = "[" * 10_000 + "]" * 10_000
    return {
        "(for comparison: an empty YAML file)": "",
        "billion laughs (YAML aliases)": billion_laughs(),
        "JSON nested 10,000 deep": '{"facts": ' + nest + "}",
        "YAML flow nested 10,000 deep": "facts: " + nest,
        "YAML block nested 200 deep": "facts:\n" + "".join("  " * i + "- \n" for i in range(1, 200)),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)

    from factcheck.cli import app

    print("| claim file | bytes | exit | error | fastest | slowest |")
    print("|---|---:|---:|---|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for k, (name, content) in enumerate(cases().items()):
            path = Path(tmp) / (f"case{k}.json" if name.startswith("JSON") else f"case{k}.yaml")
            path.write_text(content, encoding="utf-8")
            times = []
            for _ in range(args.repeat):
                err = io.StringIO()
                stderr, sys.stderr = sys.stderr, err
                try:
                    start = time.perf_counter()
                    code = app.main(["claims", "validate", str(path)], stdout=io.StringIO())
                    times.append(time.perf_counter() - start)
                finally:
                    sys.stderr = stderr
            message = err.getvalue().strip().split(str(path))[-1].lstrip(": ")[:80]
            print(f"| {name} | {len(content.encode()):,} | {code} | {message} | {min(times):.3f} s | {max(times):.3f} s |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
