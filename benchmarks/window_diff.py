"""Window parsing against whole-text parsing: the reports of both modes, side by side.

``FactChecker()`` parses only the windows around the mentions of a text;
``FactChecker(windows=False)`` parses every text that has a mention whole. This script checks
the same inputs with both and prints every report that differs (its id, and the findings only
one mode has), then one summary line per input: texts, differing reports, and the share of
tokens the windows parse among the tokens of the texts that are parsed at all::

    python benchmarks/window_diff.py ../shared/eval/dev.jsonl /work/probes/p1.jsonl ../shared/real/
    python benchmarks/window_diff.py --generate forum --size-mb 0.5 --long
    python benchmarks/window_diff.py --generate forum --size-mb 0.5 --why   # what the windows hold

Inputs: JSONL files (``{"id", "text"}`` a line), text files, or directories of text files.
Exit status 1 when a report differs.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def read(path: Path) -> list[tuple[str, str]]:
    if path.is_dir():
        return [(str(p.name), p.read_text(encoding="utf-8")) for p in sorted(path.iterdir())
                if p.is_file() and p.suffix in (".txt", ".md")]
    if path.suffix == ".jsonl":
        out = []
        for n, line in enumerate(path.open(encoding="utf-8")):
            if line.strip():
                record = json.loads(line)
                out.append((str(record.get("id", n)), record["text"]))
        return out
    return [(path.name, path.read_text(encoding="utf-8"))]


def coverage(checker, texts: list[str], why: Counter[str] | None = None) -> tuple[int, int]:
    """(tokens in windows, tokens) over the texts that are parsed at all; ``why`` (when given)
    counts the tokens of the windows by why their sentence is in one (``parse.WINDOW_REASONS``)."""
    from factcheck.pipeline import parse
    from factcheck.pipeline.checker import split_chunks

    parse_pipe = checker.nlp.get_pipe("factcheck_parse")
    chat_tags = parse_pipe.rules.chat_tags
    inside = total = 0
    for text in texts:
        for _, chunk in split_chunks(text, checker.effective_chunk_limit):
            if not checker.screen.may_mention(chunk):
                continue
            with checker.nlp.select_pipes(enable=["factcheck_mentions"]):
                doc = checker.nlp(chunk)
            if parse.needs_parse(doc):
                total += len(doc)
                bounds = parse.sentence_bounds(doc, chat_tags)
                reasons: dict[int, str] = {}
                inside += sum(b - a for a, b in parse.windows(doc, parse_pipe.chain_words, chat_tags, bounds,
                                                              parse_pipe.judging_words, why=reasons))
                if why is not None:
                    ends = bounds[1:] + [len(doc)]
                    for k, reason in reasons.items():
                        why[reason] += ends[k] - bounds[k]
    return inside, total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="*", type=Path)
    ap.add_argument("--generate", choices=["forum", "moderation", "dense"], action="append", default=[],
                    help="also compare on a generated corpus (benchmarks/generate.py)")
    ap.add_argument("--size-mb", type=float, default=0.2)
    ap.add_argument("--long", action="store_true",
                    help="also compare on the long documents of benchmarks/long_documents.py (0.5 MB line, "
                         "2,000 chained sentences)")
    ap.add_argument("--why", action="store_true",
                    help="also print the tokens of the windows by why their sentence is in one "
                         "(the mention's own sentence, a sentence before for a word that refers back, "
                         "the next sentence by what may make it judge the mention's, ...)")
    args = ap.parse_args(argv)

    from factcheck import FactChecker

    windowed, whole = FactChecker(), FactChecker(windows=False)
    sets = [(str(p), read(p)) for p in args.inputs]
    if args.generate:
        import generate

        sets += [(f"generated {kind} {args.size_mb:g} MB",
                  [(r["id"], r["text"]) for r in generate.generate(kind, args.size_mb)]) for kind in args.generate]
    if args.long:
        import long_documents

        sets.append(("long documents", [("social", long_documents.social(0.5, 5)),
                                        ("chained", long_documents.chained(2000))]))
    differ = 0
    for name, items in sets:
        n_diff = 0
        pairs = [(text, id) for id, text in items]
        a_reports = windowed.check_many(pairs)
        b_reports = whole.check_many(pairs)
        for (id, _), a, b in zip(items, a_reports, b_reports):
            ja, jb = a.model_dump_json(), b.model_dump_json()
            if ja == jb:
                continue
            n_diff += 1
            fa = {f.model_dump_json() for f in a.findings}
            fb = {f.model_dump_json() for f in b.findings}
            print(f"--- {name} {id}: flagged windows={a.flagged} whole={b.flagged}")
            for f in sorted(fa - fb):
                print(f"  windows only: {f}")
            for f in sorted(fb - fa):
                print(f"  whole only:   {f}")
        why: Counter[str] | None = Counter() if args.why else None
        inside, total = coverage(windowed, [t for _, t in items], why)
        share = f"{inside / total:.1%}" if total else "-"
        print(f"{name}: {len(items)} texts, {n_diff} reports differ; windows parse {share} of the tokens "
              f"of the texts parsed ({inside:,} of {total:,})")
        for reason, tokens in (why or Counter()).most_common():
            print(f"  {tokens:8,} tokens ({tokens / inside:6.1%} of the windows'): {reason}")
        differ += n_diff
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
