"""``factcheck check``: read the inputs, check them in batches, render the reports, and decide
the exit status."""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO, cast

from factcheck.cli.status import ExitStatus
from factcheck.errors import ClaimSetError, ModelError, OutputError
from factcheck.io.checking import check_stream
from factcheck.io.inputs import InputOptions, read_items, walk
from factcheck.io.output import guarded, open_output
from factcheck.knowledge.claimset import ClaimSet, claim_paths, load_claimset
from factcheck.outputs.registry import NEEDS_CLAIMSET, make_renderer
from factcheck.pipeline.checker import FactChecker
from factcheck.report import Report

logger = logging.getLogger("factcheck")

PROGRESS_MIN_INPUTS = 10
"""A run over fewer inputs (when their number is known in advance) shows no progress bar."""

PROGRESS_DELAY = 1.0
"""Seconds before the progress bar appears: a run that ends sooner never shows one."""


def input_options(args: argparse.Namespace) -> InputOptions:
    return InputOptions(input_format=args.input_format, globs=args.glob or [], id_field=args.id_field,
                        text_field=args.text_field)



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


def run_check(args: argparse.Namespace, stdin: TextIO | None, stdout: TextIO) -> ExitStatus:
    try:
        output = open_output(args.output)
    except OutputError as exc:
        logger.error("%s", exc)
        return ExitStatus.ERROR
    try:
        status = _check(args, stdin, output.stream if output else guarded(stdout, "<stdout>"))
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
            pending = under_review(load_claimset(claims, confine_sources=True, source_dirs=args.source_dirs))
        except ClaimSetError as exc:
            logger.error("%s", exc)
            return None
        if pending:
            logger.error("the claim set has %d record(s) still marked for review (remove the `review:` "
                         "marker once checked): %s", len(pending), ", ".join(pending))
            return None
    try:
        checker = build_checker(args.model, claims, args.source_dirs)
    except (ModelError, ClaimSetError) as exc:
        logger.error("%s", exc)
        return None
    bar = _progress_bar(args)
    if bar is not None and _isatty(out):
        out = cast(TextIO, _BarSafeStream(out, bar))  # a TextIO: what it does not define it takes from out
    renderer = make_renderer(args.format, out,
                             _claimset(checker) if args.format in NEEDS_CLAIMSET else None)
    tally = Tally()
    options = input_options(args)
    items = (item for path in args.paths for item in read_items(path, options, stdin))
    with _log_around(bar):
        try:
            for item, report in check_stream(checker, items, args.batch_size):
                tally.add(report)
                args._progress = tally.inputs  # for the message should a signal stop the run
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


def build_checker(model: str | None, claims: list[str] | None,
                  source_dirs: list[str] | tuple[str, ...] = ()) -> FactChecker:
    """The checker over a claim set, its sources confined to their claim files' directories and
    ``source_dirs``; raises ModelError or ClaimSetError, also when a stage of the pipeline
    cannot be built over the claim set's aliases (``claims validate`` runs this too)."""
    try:
        return FactChecker(model=model, claims=claims, source_dirs=source_dirs)
    except (ModelError, ClaimSetError):
        raise
    except ValueError as exc:  # a pipeline stage refusing the claim set (e.g. an alias it cannot match)
        raise ClaimSetError(f"the checker cannot use this claim set: {exc}") from None


def _isatty(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def _count_inputs(args: argparse.Namespace) -> int | None:
    """The number of inputs when it is cheap to know beforehand (text files and directories,
    without reading them), None otherwise (JSONL records, standard input)."""
    if args.input_format != "text":
        return None
    n = 0
    globs = input_options(args).patterns()
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


def _claimset(checker: FactChecker) -> ClaimSet:
    """The claim set the checker loaded, for source titles and fact details."""
    from factcheck.pipeline.components import VerifyComponent, get_stage

    return get_stage(checker.nlp, "factcheck_verify", VerifyComponent).kb.claimset


# ---------------------------------------------------------------------------- claims, schema
