"""``factcheck claims validate|list|derive`` and ``factcheck schema``."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import TextIO

from factcheck.cli.check import build_checker
from factcheck.cli.status import ExitStatus
from factcheck.errors import ClaimSetError, InputError, ModelError, OutputError
from factcheck.io.inputs import decode
from factcheck.io.output import AtomicOutput, open_output
from factcheck.knowledge.claimset import claim_paths, load_claimset
from factcheck.knowledge.kb import load_checked_claimset
from factcheck.outputs.base import one_line
from factcheck.outputs.json import record_schema
from factcheck.pipeline.checker import FactChecker

logger = logging.getLogger("factcheck")


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
        kb = KnowledgeBase(load_claimset(claims, confine_sources=True, source_dirs=args.source_dirs))
        checker = FactChecker(model=args.model, claims=claims, source_dirs=args.source_dirs)
    except (ModelError, ClaimSetError) as exc:
        logger.error("%s", exc)
        return ExitStatus.ERROR
    source_id = args.source_id or Path(args.source).stem
    if source_id in kb.claimset.sources:
        logger.error("source id %r is already in the claim set; pass another with --id", source_id)
        return ExitStatus.ERROR
    title = args.title or next((line.strip() for line in text.splitlines() if line.strip()), source_id)
    draft = derive(checker.nlp, text, source_id, kb,
                   rebuild=lambda concepts: pipeline_with(concepts, args.model, claims, args.source_dirs))
    out_dir = Path(args.output).parent if args.output not in (None, "-") else Path.cwd()
    output = None
    try:
        output = open_output(args.output)
        # sources must lie beside their claim file (the default of `check --claims` and `claims
        # validate`): a source elsewhere is copied into sources/ next to the draft
        source = args.source if output is None else _source_beside(Path(args.source), text, out_dir)
    except OutputError as exc:
        if output is not None:
            output.discard()
        logger.error("%s", exc)
        return ExitStatus.ERROR
    document = to_yaml(draft, source, title, out_dir)
    if output is not None:
        _write_whole(output, document)
    else:
        stdout.write(document)
    sys.stderr.write(f"factcheck: derived {len(draft.facts)} new fact(s), {len(draft.links)} linked, "
                     f"{len(draft.conflicts)} conflict(s), {len(draft.concepts)} new concept(s)\n")
    for c in draft.conflicts:
        sys.stderr.write(f"factcheck: conflict: {c.fact.subject} {'' if c.fact.polarity else 'not '}"
                         f"{c.fact.relation} {c.fact.object} vs {', '.join(f.id for f in c.against)}\n")
    return ExitStatus.CLEAN


def _source_beside(source: Path, text: str, out_dir: Path) -> Path:
    """Where the draft in ``out_dir`` reads its source: ``source`` itself when it lies inside
    ``out_dir``, else a copy of its text in ``out_dir/sources/`` (named as the source; an
    existing file of another content is not replaced: ``NAME-2.txt``, ...). Raises OutputError."""
    home = out_dir.resolve()
    if source.resolve().is_relative_to(home):
        return source
    folder = home / "sources"
    data = text.encode("utf-8")  # the text the draft's offsets count in
    try:
        folder.mkdir(exist_ok=True)
        for n in range(1, 1000):
            target = folder / (source.name if n == 1 else f"{source.stem}-{n}{source.suffix}")
            if not target.exists():
                break
            if target.is_file() and not target.is_symlink() and target.stat().st_size == len(data) \
                    and target.read_bytes() == data:
                return target  # the same text, copied before
        else:
            raise OutputError(f"{folder}: too many copies of {source.name}")
        copy = open_output(str(target))
        assert copy is not None
        _write_whole(copy, text)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot copy the source there: {exc.strerror or exc}") from None
    logger.info("copied the source to %s (the draft refers to it there)", target)
    return target


def _write_whole(output: AtomicOutput, text: str) -> None:
    """Write ``text`` to ``output`` and commit it; on any failure, discard it."""
    try:
        output.stream.write(text)
    except BaseException:
        output.discard()
        raise
    output.commit()


def run_claims(args: argparse.Namespace, stdout: TextIO) -> ExitStatus:
    if args.claims_command == "derive":
        return run_derive(args, stdout)
    user = args.paths if args.claims_command == "validate" else args.claims
    try:
        # sources inside their claim file's directory (or an allowed one)
        cs = load_checked_claimset(user, source_dirs=args.source_dirs)
    except ClaimSetError as exc:
        logger.error("%s", exc)
        return ExitStatus.ERROR
    if args.claims_command == "validate":
        # build the checker as ``check --claims`` does: its stages may refuse what the schema
        # accepts (an alias the mention screen cannot match)
        try:
            build_checker(None, claim_paths(user), args.source_dirs)
        except (ModelError, ClaimSetError) as exc:
            logger.error("%s", exc)
            return ExitStatus.ERROR
        stdout.write(f"{len(cs.sources)} sources, {len(cs.concepts)} concepts, {len(cs.facts)} facts: valid\n")
        return ExitStatus.CLEAN
    if args.format == "json":
        facts = [{**f.model_dump(mode="json"), "file": cs.origins.get(f"fact:{f.id}")} for f in cs.facts]
        json.dump(facts, stdout, ensure_ascii=False, indent=2)
        stdout.write("\n")
        return ExitStatus.CLEAN
    rows = []
    for f in cs.facts:
        claim = f"{f.subject} {f.relation} {f.object}" + (" (exclusively)" if f.exclusive else "") \
            + (" (contested)" if f.status == "contested" else "") + (f" [{f.scope}]" if f.scope else "")
        e = f.evidence[0]
        cited = f"{e.label}: {one_line(e.statement or '')}" if e.cited else f'"{one_line(e.quote or "")}" ({e.source})'
        if e.cited:
            cited += f" [confirmed {e.confirmed.on.isoformat()}]" if e.confirmed else " [unconfirmed]"
        rows.append((f.id, claim, "true" if f.polarity else "false", cited))
    widths = [max((len(r[i]) for r in rows), default=0) for i in range(3)]
    for r in rows:
        stdout.write("  ".join(c.ljust(w) for c, w in zip(r, widths)) + "  " + r[3] + "\n")
    return ExitStatus.CLEAN


def run_schema(args: argparse.Namespace, stdout: TextIO) -> ExitStatus:
    json.dump(record_schema(document=args.json_document), stdout, ensure_ascii=False, indent=2)
    stdout.write("\n")
    return ExitStatus.CLEAN
