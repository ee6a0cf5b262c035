"""Time of ``FactChecker.check`` on pathological text: long runs of punctuation, parentheses
and spaces, and a short unit repeated, with a claim at the start or in the middle.

    python benchmarks/pathological.py              # 100,000 and 200,000 characters
    python benchmarks/pathological.py --sizes 50000 400000
    python benchmarks/pathological.py --repeated-claims    # also: one claim repeated in one sentence

Each text is checked once (after one warm-up call); the table gives its length, whether the
claim was flagged, and the seconds taken. Before the runs were cut (factcheck.text.cleaning),
100,000 characters of spaces and parentheses took ~48 s and of " (or" ~33 s; every stage is now
linear in the length and such text takes well under a second.

``--repeated-claims`` also times a known non-linear case that is not fixed: one claim repeated
in a single sentence ("Baclofen is an opioid and " x N), where the context stage scans the
sentence (and the line, and the claim's ancestors) once per claim, so the time grows with the
square of N (measured: 250 -> 6 s, 500 -> 18 s, 1,000 -> 60 s).
"""

from __future__ import annotations

import argparse
import random
import time

from factcheck import FactChecker

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
                        help="also time one claim repeated 250, 500 and 1,000 times in one sentence")
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
        for n in (250, 500, 1_000):
            full = "Baclofen is an opioid and " * n
            start = time.perf_counter()
            report = checker.check(full)
            took = time.perf_counter() - start
            name = f"claim x {n:,}, one sentence"
            print(f"| {name:<24} | all    | {len(full):>10,} | {str(report.flagged):<7} | {took:7.2f} |", flush=True)


if __name__ == "__main__":
    main()
