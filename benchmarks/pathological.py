"""Time of ``FactChecker.check`` on pathological text: long runs of punctuation, parentheses
and spaces, and a short unit repeated, with a claim at the start or in the middle.

    python benchmarks/pathological.py              # 100,000 and 200,000 characters
    python benchmarks/pathological.py --sizes 50000 400000
    python benchmarks/pathological.py --repeated-claims    # also: one claim repeated in one sentence

Each text is checked once (after one warm-up call); the table gives its length, whether the
claim was flagged, and the seconds taken. Before the runs were cut (factcheck.text.cleaning),
100,000 characters of spaces and parentheses took ~48 s and of " (or" ~33 s; every stage is now
linear in the length and such text takes well under a second.

``--repeated-claims`` also times one claim repeated in a single sentence ("Baclofen is an
opioid and " x N, up to ~52 KB), with the time of the context stage alone. The context stage
used to scan the sentence (and the line, and the claim's ancestors) once per claim, so its time
grew with the square of N (measured then: 250 -> 6 s, 500 -> 18 s, 1,000 -> 60 s for the whole
check); it now matches its cues and computes the sentence's facts once for all its claims.
"""

from __future__ import annotations

import argparse
import random
import time

from factcheck import FactChecker
from factcheck.pipeline import components

CLAIM = "Baclofen is an opioid "


def cases(n: int) -> dict[str, str]:
    rng = random.Random(n)
    return {
        "spaces and parentheses": "".join(rng.choice(" ()") for _ in range(n)),
        "' (or' repeated": " (or" * (n // 4),
        "'( ' repeated": "( " * (n // 2),
        "question marks": "?" * n,
        "emoji and punctuation": "".join(rng.choice("\U0001F602!?.,;:-()[]{} ") for _ in range(n)),
        "nested parentheses": "(" * (n // 2) + ")" * (n // 2),
        "one long word": "x" * n,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 200_000])
    parser.add_argument("--repeated-claims", action="store_true",
                        help="also time one claim repeated 250 to 2,000 times in one sentence")
    args = parser.parse_args()
    checker = FactChecker()
    checker.check(CLAIM)
    print(f"| {'text':<24} | claim  | {'characters':>10} | flagged | seconds |")
    print(f"|{'-' * 26}|--------|{'-' * 12}|---------|---------|")
    for n in args.sizes:
        for name, text in cases(n).items():
            for where in ("start", "middle"):
                full = CLAIM + text if where == "start" else text[: n // 2] + " " + CLAIM + text[n // 2:]
                start = time.perf_counter()
                report = checker.check(full)
                took = time.perf_counter() - start
                print(f"| {name:<24} | {where:<6} | {len(full):>10,} | {str(report.flagged):<7} | {took:7.2f} |",
                      flush=True)
    if args.repeated_claims:
        spent = [0.0]
        context_call = components.ContextComponent.__call__

        def timed(self, doc):
            start = time.perf_counter()
            try:
                return context_call(self, doc)
            finally:
                spent[0] += time.perf_counter() - start

        components.ContextComponent.__call__ = timed  # type: ignore[method-assign]
        print(f"\n| {'text':<26} | {'characters':>10} | findings | flagged | seconds | of which context |")
        print(f"|{'-' * 28}|{'-' * 12}|----------|---------|---------|------------------|")
        for n in (250, 500, 1_000, 2_000):
            full = "Baclofen is an opioid and " * n
            spent[0] = 0.0
            start = time.perf_counter()
            report = checker.check(full)
            took = time.perf_counter() - start
            name = f"claim x {n:,}, one sentence"
            print(f"| {name:<26} | {len(full):>10,} | {len(report.findings):>8,} | {str(report.flagged):<7} "
                  f"| {took:7.2f} | {spent[0]:16.2f} |", flush=True)
        components.ContextComponent.__call__ = context_call  # type: ignore[method-assign]


if __name__ == "__main__":
    main()
