"""Do two builds write the same reports? Run ``factcheck check --format jsonl`` of one build over
the development set, the probe sets and ``../shared/real/``, and keep or compare the outputs.

A speed change must leave every report byte-identical. Save the outputs of the build before the
change, then compare the build after with them::

    python benchmarks/same_reports.py save /tmp/before --factcheck /path/to/old/factcheck
    python benchmarks/same_reports.py compare /tmp/before          # this checkout's factcheck

``--factcheck`` is a ``factcheck`` command, or the ``factcheck`` package directory of a checkout
(then run as ``python -m factcheck`` with that checkout first on ``PYTHONPATH``, so an old
checkout can be compared without installing it).

``--inputs`` replaces the default inputs (JSONL files are read with ``--input-format jsonl``;
directories and text files as they are). Only the outputs are compared: the texts of the
inputs are never printed. ``compare`` prints one line per input (identical or how many lines
differ, with their line numbers) and exits with status 1 when any output differs.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def default_inputs() -> list[Path]:
    """The dev set, the probe sets that are there and not held out, and ``../shared/real``. A
    missing input is skipped and said so (on standard output), never an error."""
    shared = ROOT.parent / "shared"
    probes = Path("/work/probes")
    out = [shared / "eval" / "dev.jsonl"]
    # probe sets kept held out (their outputs must not be read while working) are named in HELDOUT
    held = probes / "HELDOUT"
    skip = set(held.read_text(encoding="utf-8").split()) if held.exists() else set()
    found = sorted((p for p in probes.glob("p*.jsonl") if p.name not in skip),
                   key=lambda p: int(p.stem[1:]) if p.stem[1:].isdigit() else 0)
    if not found:
        print(f"skipped: no probe sets (p*.jsonl) found in {probes}")
    out += found
    out.append(shared / "real")
    for p in out:
        if not p.exists():
            print(f"skipped: {p} does not exist")
    return [p for p in out if p.exists()]


def command(factcheck: str) -> tuple[list[str], dict[str, str] | None]:
    """The command that runs ``factcheck`` (a command, or a checkout's package directory) and the
    environment to run it in (None: this one)."""
    path = Path(factcheck)
    if path.is_dir() and (path / "__init__.py").exists():
        env = dict(os.environ)
        root = str(path.resolve().parent)
        env["PYTHONPATH"] = os.pathsep.join([root, *filter(None, [env.get("PYTHONPATH")])])
        return [sys.executable, "-m", "factcheck"], env
    return [factcheck], None


def output_name(path: Path) -> str:
    return f"{path.parent.name}-{path.stem}.jsonl" if path.is_file() else f"{path.name}-dir.jsonl"


def run(factcheck: str, path: Path) -> bytes:
    base, env = command(factcheck)
    cmd = [*base, "check", "--format", "jsonl"]
    if path.suffix == ".jsonl":
        cmd += ["--input-format", "jsonl"]
    proc = subprocess.run(cmd + [str(path)], capture_output=True, env=env)
    if proc.returncode not in (0, 1):  # 1: something was flagged
        raise SystemExit(f"{' '.join(cmd)} {path.name} failed ({proc.returncode}):\n"
                         f"{proc.stderr.decode(errors='replace')[-2000:]}")
    return proc.stdout


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("action", choices=["save", "compare"])
    ap.add_argument("directory", type=Path, help="where the outputs are saved / the saved outputs")
    ap.add_argument("--factcheck", default=str(Path(sys.executable).with_name("factcheck")),
                    help="the factcheck command of the build to run, or its factcheck package directory "
                         "(default: the command beside this Python)")
    ap.add_argument("--inputs", nargs="+", type=Path, help="default: dev set, probe sets, ../shared/real")
    args = ap.parse_args(argv)

    inputs = args.inputs or default_inputs()
    for path in args.inputs or ():
        if not path.exists():
            print(f"skipped: {path} does not exist")
    inputs = [p for p in inputs if p.exists()]
    differ = 0
    if args.action == "save":
        args.directory.mkdir(parents=True, exist_ok=True)
    for path in inputs:
        out = run(args.factcheck, path)
        target = args.directory / output_name(path)
        if args.action == "save":
            target.write_bytes(out)
            print(f"{path}: {len(out.splitlines())} reports saved")
            continue
        if not target.exists():
            print(f"{path}: no saved output to compare with ({target.name})")
            differ += 1
            continue
        before = target.read_bytes().splitlines()
        after = out.splitlines()
        lines = [i + 1 for i, (a, b) in enumerate(zip(before, after)) if a != b]
        if len(before) != len(after):
            print(f"{path}: DIFFERENT number of reports ({len(before)} before, {len(after)} now)")
            differ += 1
        elif lines:
            print(f"{path}: {len(lines)} of {len(after)} reports DIFFER (lines {lines[:20]})")
            differ += 1
        else:
            print(f"{path}: {len(after)} reports identical")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
