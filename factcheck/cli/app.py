"""Command line: ``factcheck check PATH...``, ``factcheck claims validate|list``, ``factcheck schema``.

Results go to stdout (or ``-o FILE``), logs and errors to stderr. Exit status (see
:class:`ExitStatus`): 0 nothing flagged, 1 some claim flagged, 2 usage or input error (other
inputs are still checked and reported).
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any, TextIO

from factcheck import __version__
from factcheck.cli.check import run_check
from factcheck.cli.claims import run_claims, run_schema
from factcheck.cli.status import ExitStatus
from factcheck.errors import FactcheckError, OutputError, clip
from factcheck.outputs.base import safe_lines
from factcheck.outputs.registry import FORMATS
from factcheck.resources import BASE_MODEL

logger = logging.getLogger("factcheck")


EXIT_STATUS_HELP = """\
exit status:
  0  nothing flagged (or --exit-zero)
  1  some claim flagged: refuted and asserted or hedged by the author (with --fail-on
     unverifiable, also when some claim is unverifiable)
  2  usage error, bad claim set or model, unwritable -o, or some input could not be read or
     checked (the other inputs are still checked and reported; --exit-zero does not change 2)
"""

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
                       help=f"installed spaCy pipeline with a parser (default: {BASE_MODEL})")
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
    _confine_option(validate)
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
                    '--json-document, of the --format json output instead ({"reports": [report, ...], "summary": {...}}).')
    schema.add_argument("--json-document", action="store_true",
                        help="the schema of the --format json document instead of a jsonl line")
    return parser


def _claims_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--claims", action="append", default=None, metavar="PATH",
                        help="claim-set file or directory to add to the shipped claim set (repeatable); "
                             "all are merged and checked together, and a duplicate id or a "
                             "contradiction is an error")
    _confine_option(parser)


def _confine_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--allow-sources-outside", action="append", default=[], metavar="DIR",
                        dest="source_dirs",
                        help="also read claim-file sources inside DIR (repeatable). By default a claim "
                             "file's sources[].path must resolve inside the claim file's own directory "
                             "(no absolute path, ../ or link out elsewhere)")
    # the confinement was opt-in before it became the default: the old flag is accepted
    parser.add_argument("--confine-sources", action="store_true", help=argparse.SUPPRESS)


def _positive(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {n}")
    return n


# ---------------------------------------------------------------------------- main

class Interrupted(BaseException):
    """A termination signal (SIGTERM, SIGHUP) arrived; SIGINT arrives as KeyboardInterrupt."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


_SIGNALS = ("SIGTERM", "SIGHUP")


class _SafeFormatter(logging.Formatter):
    """Log records on one line each, control characters and lone surrogates escaped (an id or
    a file name must not drive the terminal); a traceback (``-v``) keeps its line breaks."""

    def format(self, record: logging.LogRecord) -> str:
        return safe_lines(super().format(record))


def _on_signal(signum: int, frame: object) -> None:
    for name in _SIGNALS:  # one report is enough: a second signal while stopping is ignored
        sig = getattr(signal, name, None)
        if sig is not None:
            signal.signal(sig, signal.SIG_IGN)
    raise Interrupted(signum)


# a signal handler as signal.getsignal returns it and signal.signal takes it back
_Handler = Callable[[int, FrameType | None], Any] | int | signal.Handlers | None


def _install_signals() -> dict[int, _Handler]:
    """SIGTERM and SIGHUP raise :class:`Interrupted` (in the main thread only; elsewhere the
    defaults stay). Returns the previous handlers, to put back."""
    previous: dict[int, _Handler] = {}
    if threading.current_thread() is not threading.main_thread():
        return previous
    for name in _SIGNALS:
        sig = getattr(signal, name, None)
        if sig is None:
            continue
        old = signal.getsignal(sig)
        if old == signal.SIG_IGN:  # nohup: keep ignoring
            continue
        previous[sig] = old
        signal.signal(sig, _on_signal)
    return previous


def _silence_stdout() -> None:
    """Point the stdout descriptor at /dev/null, so that Python's final flush of stdout does not
    fail a second time (after a closed pipe or a full disk)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def main(argv: list[str] | None = None, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    """Run the command line; returns the exit status. Never raises (other than SystemExit from
    argument parsing): an unexpected error is one ``factcheck: error: ...`` line and status 2
    (``-v`` logs its traceback), a signal is one line and status 128 + its number."""
    args = build_parser().parse_args(argv)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_SafeFormatter("factcheck: %(levelname)s: %(message)s"))
    logger.addHandler(handler)
    # --quiet: warnings and errors only (the default level), and no progress bar
    verbose = getattr(args, "verbose", False) and not getattr(args, "quiet", False)
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    out = stdout or sys.stdout
    if out is sys.stdout and hasattr(out, "reconfigure"):
        try:  # a terminal or pipe in a non-UTF-8 encoding: escape what it cannot show
            out.reconfigure(errors="backslashreplace")
        except (ValueError, OSError):
            pass
    previous = _install_signals()
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
            _silence_stdout()
        return int(ExitStatus.ERROR)
    except KeyboardInterrupt:
        return _interrupted(args, signal.SIGINT)
    except Interrupted as exc:
        return _interrupted(args, exc.signum)
    except OutputError as exc:
        logger.error("%s", exc)
        if out is sys.stdout:
            _silence_stdout()
        return int(ExitStatus.ERROR)
    except FactcheckError as exc:
        logger.error("%s", exc)
        return int(ExitStatus.ERROR)
    except Exception as exc:  # noqa: BLE001 - the last guard: one line, status 2, never a traceback
        logger.info("unexpected error", exc_info=True)  # -v: the traceback
        sys.stderr.write(safe_lines(f"factcheck: error: internal error: {type(exc).__name__}: "
                                    f"{clip(str(exc), 500)}").replace("\n", " ") + "\n")
        if out is sys.stdout:
            _silence_stdout()  # whatever is still buffered may fail to write as well
        return int(ExitStatus.ERROR)
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
        logger.removeHandler(handler)


def _interrupted(args: argparse.Namespace, signum: int) -> int:
    name = signal.Signals(signum).name
    what = {"check": "checking", "claims": f"claims {getattr(args, 'claims_command', '')}".strip()}.get(
        args.command, args.command)
    done = getattr(args, "_progress", None)
    after = f" after {done} input(s)" if done is not None else ""
    dropped = f"; {args.output} was not written" if getattr(args, "output", None) not in (None, "-") else ""
    sys.stderr.write(f"factcheck: interrupted by {name} while {what}{after}{dropped}\n")
    try:
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    return 128 + signum


if __name__ == "__main__":
    sys.exit(main())
