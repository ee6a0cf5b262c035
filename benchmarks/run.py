"""Throughput and peak memory of factcheck against plain ``nlp.pipe`` with the same spaCy pipeline.

One command::

    python benchmarks/run.py                  # 1 MB of each corpus
    python benchmarks/run.py --size-mb 5      # 5 MB of each

For each corpus of :mod:`generate` (``moderation``: about 2% of sentences mention a drug or
class; ``dense``: most do), the posts are processed as one stream once per mode, each time in a
fresh subprocess so that its peak RSS (``ru_maxrss``) belongs to that measurement alone:

- ``plain``: ``spacy.load(MODEL)`` with every component the package enables by default, then
  ``for doc in nlp.pipe(texts)``;
- ``plain-no-ner``: the same without ``ner``, i.e. the components factcheck runs on the texts
  it parses (for reference; the ratio the targets are about is against ``plain``);
- ``factcheck``: ``FactChecker(MODEL)``, then ``for report in checker.check_many(texts)``;
- ``factcheck-2p``: the same with ``check_many(texts, n_process=2)`` (peak RSS: of the largest
  process, the parent or a worker).

Each mode loads its pipeline and processes one short text (``WARM_UP``) before the clock
starts; the time is the stream alone (wall clock, and CPU time: user + system of the process
and its workers, a second table; the machine's other jobs move the first more than the second).
With ``n_process=2`` the stream includes starting the two workers, each of which loads the
pipeline. Words are whitespace-separated words of the input (the
same count for every mode).
The result is a Markdown table on standard output (``--json FILE`` also writes the numbers);
progress goes to standard error. The corpora are generated afresh by :mod:`generate` (seeded:
the same text every time for the same claim set), in a temporary directory unless
``--corpus-dir`` says where to keep them.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from factcheck.resources import BASE_MODEL as DEFAULT_MODEL  # noqa: E402

MODES = ["plain", "plain-no-ner", "factcheck", "factcheck-2p"]
WARM_UP = "Baclofen is not an opioid."


# ---------------------------------------------------------------------- one measurement (child)
def _peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # worker processes, if any
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB on Linux
    return max(own, children) / scale


def _cpu_seconds() -> float:
    """User and system CPU time of this process and its finished children (worker processes)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(mode: str, corpus: Path, model: str, n_process: int, batch_size: int | None) -> dict:
    texts = [json.loads(line)["text"] for line in corpus.open(encoding="utf-8")]
    words = sum(len(t.split()) for t in texts)
    info: dict = {}
    if mode in ("plain", "plain-no-ner"):
        import spacy

        nlp = spacy.load(model, exclude=["ner"] if mode == "plain-no-ner" else [])
        info["pipeline"] = nlp.pipe_names
        nlp(WARM_UP)
        kwargs = {"batch_size": batch_size} if batch_size else {}
        start, cpu = time.perf_counter(), _cpu_seconds()
        n = 0
        for _doc in nlp.pipe(texts, n_process=n_process, **kwargs):
            n += 1
        seconds = time.perf_counter() - start
        cpu = _cpu_seconds() - cpu
    elif mode in ("factcheck", "factcheck-2p"):
        from factcheck import FactChecker

        if mode == "factcheck-2p":
            n_process = 2

        checker = FactChecker(model)
        checker.check(WARM_UP)
        kwargs = {"batch_size": batch_size} if batch_size else {}
        start, cpu = time.perf_counter(), _cpu_seconds()
        n = flagged = findings = 0
        for report in checker.check_many(texts, n_process=n_process, **kwargs):
            n += 1
            flagged += report.flagged
            findings += len(report.findings)
        seconds = time.perf_counter() - start
        cpu = _cpu_seconds() - cpu  # (with n_process > 1: the workers', once they have ended)
        info.update(flagged=flagged, findings=findings)
    else:
        raise ValueError(mode)
    assert n == len(texts)
    return {"mode": mode, "texts": len(texts), "words": words, "chars": sum(map(len, texts)),
            "seconds": seconds, "words_per_s": words / seconds, "cpu_seconds": cpu,
            "words_per_cpu_s": words / cpu if cpu > 0 else float("inf"), "peak_rss_mb": _peak_rss_mb(), **info}


# ---------------------------------------------------------------------- the driver (parent)
def corpus_file(kind: str, size_mb: float, seed: int, directory: Path) -> Path:
    """Generate the corpus (a second or so a megabyte; never cached, so it always follows the
    shipped claim set)."""
    import generate

    path = directory / f"{kind}-{size_mb:g}mb-seed{seed}.jsonl"
    generate.write(generate.generate(kind, size_mb, seed), path)
    return path


def run_child(mode: str, corpus: Path, args: argparse.Namespace) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--measure", mode, "--corpus", str(corpus),
           "--model", args.model, "--n-process", str(args.n_process)]
    if args.batch_size:
        cmd += ["--batch-size", str(args.batch_size)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{mode} on {corpus.name} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _ratio(a: dict | None, b: dict | None, key: str) -> str:
    return "–" if a is None or b is None else f"**{a[key] / b[key]:.2f}×**"


def _modes(m: dict[str, dict]) -> tuple[dict | None, dict | None, dict | None, dict | None]:
    return m.get("plain"), m.get("plain-no-ner"), m.get("factcheck"), m.get("factcheck-2p")


def table(rows: list[tuple[str, dict[str, dict]]]) -> str:
    def cell(m: dict | None) -> str:
        return "–" if m is None else f"{m['words_per_s']:,.0f} words/s, {m['peak_rss_mb']:.0f} MB"

    out = ["| corpus | size | posts | words | plain `nlp.pipe` | plain `nlp.pipe`, no ner | factcheck "
           "| factcheck / plain | factcheck / plain no ner | factcheck n_process=2 | 2p / plain no ner |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for kind, m in rows:
        any_m = next(iter(m.values()))
        plain, noner, fc, fc2 = _modes(m)
        out.append(f"| {kind} | {any_m['chars'] / 1e6:.2f} MB | {any_m['texts']:,} | {any_m['words']:,} | "
                   f"{cell(plain)} | {cell(noner)} | {cell(fc)} | {_ratio(fc, plain, 'words_per_s')} | "
                   f"{_ratio(fc, noner, 'words_per_s')} | {cell(fc2)} | {_ratio(fc2, noner, 'words_per_s')} |")
    return "\n".join(out)


def cpu_table(rows: list[tuple[str, dict[str, dict]]]) -> str:
    """The same runs per CPU-second (user + system time of the measuring process and its
    workers): steadier than words/s on a machine that other jobs share."""
    def cell(m: dict | None) -> str:
        return "–" if m is None else f"{m['words_per_cpu_s']:,.0f}"

    out = ["| corpus | words per CPU-second: plain | plain, no ner | factcheck | factcheck n_process=2 "
           "| factcheck / plain | factcheck / plain no ner |",
           "|---|---:|---:|---:|---:|---:|---:|"]
    for kind, m in rows:
        plain, noner, fc, fc2 = _modes(m)
        out.append(f"| {kind} | {cell(plain)} | {cell(noner)} | {cell(fc)} | {cell(fc2)} "
                   f"| {_ratio(fc, plain, 'words_per_cpu_s')} | {_ratio(fc, noner, 'words_per_cpu_s')} |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size-mb", type=float, default=1.0, help="size of each corpus (default 1)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--corpora", nargs="+", default=["forum", "moderation", "dense"],
                    choices=["forum", "moderation", "dense"])
    ap.add_argument("--model", default=DEFAULT_MODEL)
    ap.add_argument("--n-process", type=int, default=1)
    ap.add_argument("--batch-size", type=int, default=None, help="default: each library's own")
    ap.add_argument("--modes", nargs="+", default=MODES, choices=MODES)
    ap.add_argument("--json", type=Path, help="also write the measurements here")
    ap.add_argument("--corpus-dir", type=Path,
                    help="keep the generated corpora here (default: a temporary directory)")
    ap.add_argument("--measure", choices=MODES, help=argparse.SUPPRESS)
    ap.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.measure:  # child
        print(json.dumps(measure(args.measure, args.corpus, args.model, args.n_process, args.batch_size)))
        return 0

    results = []
    directory = args.corpus_dir or Path(tempfile.mkdtemp(prefix="factcheck-bench-"))
    for kind in args.corpora:
        corpus = corpus_file(kind, args.size_mb, args.seed, directory)
        measured = {}
        for mode in args.modes:
            measured[mode] = run_child(mode, corpus, args)
            m = measured[mode]
            print(f"{kind:>10} {mode:>12}: {m['words']:,} words in {m['seconds']:.1f} s = "
                  f"{m['words_per_s']:,.0f} words/s ({m['words_per_cpu_s']:,.0f} per CPU-second), "
                  f"peak RSS {m['peak_rss_mb']:.0f} MB", file=sys.stderr)
        results.append((kind, measured))
    print(table(results))
    print()
    print(cpu_table(results))
    pipeline = next((m[mode]["pipeline"] for _, m in results
                     for mode in ("plain", "plain-no-ner") if mode in m), None)
    notes = []
    if pipeline:
        notes.append(f"plain: `spacy.load({args.model!r})` with components {', '.join(pipeline)}"
                     f" (no ner: the same without ner)")
    notes.append(f"factcheck: `FactChecker({args.model!r}).check_many`, build {_build()}")
    notes.append("peak RSS: ru_maxrss of the measuring process"
                 + (" (with n_process > 1: of the largest worker)" if args.n_process > 1 else ""))
    notes.append(f"n_process={args.n_process}, Python {platform.python_version()}, {platform.machine()}, "
                 f"{_cpu_count()} CPU(s)")
    print("\n" + "; ".join(notes) + ".")
    if args.corpus_dir is None:
        shutil.rmtree(directory, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps({k: m for k, m in results}, indent=2))
    return 0


def _build() -> str:
    """The commit of the factcheck package measured (``+`` if its checkout has changes), so
    that figures say which build they are from."""
    import factcheck

    root = Path(factcheck.__file__).resolve().parent.parent
    try:
        commit = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return f"at {root} (not a git checkout)"
    return commit + ("+" if dirty else "")


def _cpu_count() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


if __name__ == "__main__":
    raise SystemExit(main())
