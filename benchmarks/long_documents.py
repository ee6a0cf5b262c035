"""Long single documents: time and peak memory of ``FactChecker.check`` on one long text.

Two generated documents (issue 17), each checked in a fresh subprocess so that its peak RSS
(``ru_maxrss``) belongs to that measurement alone:

- ``social``: one line of chat-style text (ordinary sentences with the noise of user-written
  text, :mod:`generate`'s ``Prose``; no line break anywhere) of ``--size-mb`` megabytes, with
  ``--claims`` drug-class claims scattered through it;
- ``chained``: ``--sentences`` sentences of chained references in paragraphs of ten ("Baclofen
  is a muscle relaxant. It acts on GABA-B receptors. It is not an opioid. ..."), so that
  every sentence is read with the ones before it (``--one-paragraph``: no blank line between
  the paragraphs, one paragraph of all the sentences).

::

    python benchmarks/long_documents.py                         # 5 MB social, 100,000 sentences
    python benchmarks/long_documents.py --size-mb 0.5 --sentences 5000
    python benchmarks/long_documents.py --whole                 # FactChecker(windows=False)

Targets (README, Speed and memory): the 5 MB line in under 30 s with peak RSS under 400 MB;
the chained document in time linear in its sentences.

Measured (2 shared CPUs; README, Reliability): social 1 MB 3.6 s / 219 MB and 5 MB 7.9 s /
427 MB before ``clean()`` stopped building a list per character, 7.2 s / 195 MB and 12.0 s /
226 MB after (times vary 2x with the load); chained 100,000 sentences 528 s / 741 MB before the
reference look-ups were bounded, 191 s / 747 MB after (the memory is the Report's 60,000
findings, about 8 KB each); 805 MB -> 668 MB (70,000 findings) once findings share their
evidence (the 96,670 evidence records they cite are 27 objects), on a loaded machine.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

CLAIMS = ["baclofen is an opioid", "gabapentin is a benzodiazepine", "tramadol is not an opioid",
          "fentanyl is an opioid", "diazepam is a benzodiazepine"]
CHAIN = ["{drug} is a muscle relaxant.", "It acts on GABA-B receptors.", "It is not an opioid.",
         "It helps with spasms.", "My doctor says it is safe.", "It is not a benzodiazepine either.",
         "Its effect on sleep is mild.", "It can cause drowsiness.", "It is a prescription drug.",
         "This drug works for me."]


def social(size_mb: float, claims: int, seed: int = 1) -> str:
    """One line of chat-style prose with ``claims`` claims at evenly spread places."""
    import generate

    rng = random.Random(f"social:{seed}")
    prose = generate.Prose(rng)
    limit = int(size_mb * 1_000_000)
    parts: list[str] = []
    total = 0
    while total < limit:
        s = prose.sentence().replace("\n", " ")
        parts.append(s)
        total += len(s) + 1
    for k in range(claims):
        parts.insert((k + 1) * len(parts) // (claims + 1), CLAIMS[k % len(CLAIMS)] + " lol")
    return " ".join(parts)


def chained(sentences: int, one_paragraph: bool = False) -> str:
    """Paragraphs of ten sentences, each a chain of references to the drug named first."""
    drugs = ["Baclofen", "Oxycodone", "Fentanyl"]
    paragraphs = []
    for p in range(sentences // len(CHAIN) + 1):
        n = min(len(CHAIN), sentences - p * len(CHAIN))
        if n <= 0:
            break
        paragraphs.append(" ".join(CHAIN[:n]).format(drug=drugs[p % len(drugs)]))
    return (" " if one_paragraph else "\n\n").join(paragraphs)


def measure(kind: str, args: argparse.Namespace) -> dict:
    text = social(args.size_mb, args.claims) if kind == "social" else chained(args.sentences, args.one_paragraph)
    from factcheck import FactChecker

    checker = FactChecker(windows=not args.whole)
    checker.check("Baclofen is not an opioid.")
    start = time.perf_counter()
    report = checker.check(text)
    seconds = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    evidence = [e for f in report.findings for e in f.evidence]
    return {"kind": kind, "chars": len(text), "seconds": seconds, "peak_rss_mb": rss,
            "findings": len(report.findings), "flagged": report.flagged, "windows": not args.whole,
            "evidence": len(evidence), "evidence_objects": len({id(e) for e in evidence})}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size-mb", type=float, default=5.0, help="size of the social line (default 5)")
    ap.add_argument("--claims", type=int, default=5, help="claims in the social line (default 5)")
    ap.add_argument("--sentences", type=int, default=100_000, help="sentences of the chained document")
    ap.add_argument("--kinds", nargs="+", default=["social", "chained"], choices=["social", "chained"])
    ap.add_argument("--one-paragraph", action="store_true", help="the chained document without blank lines")
    ap.add_argument("--whole", action="store_true", help="parse whole texts (FactChecker(windows=False))")
    ap.add_argument("--measure", choices=["social", "chained"], help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure, args)))
        return 0
    for kind in args.kinds:
        cmd = [sys.executable, __file__, "--measure", kind, "--size-mb", str(args.size_mb),
               "--claims", str(args.claims), "--sentences", str(args.sentences)] + (["--whole"] if args.whole else []) \
            + (["--one-paragraph"] if args.one_paragraph else [])
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode:
            print(f"{kind}: failed\n{proc.stderr[-2000:]}", file=sys.stderr)
            continue
        m = json.loads(proc.stdout.strip().splitlines()[-1])
        print(f"{kind}: {m['chars'] / 1e6:.2f} M characters in {m['seconds']:.1f} s, peak RSS "
              f"{m['peak_rss_mb']:.0f} MB, {m['findings']} findings citing {m['evidence']} evidence records "
              f"held in {m['evidence_objects']} objects (windows={m['windows']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
