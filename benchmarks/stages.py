"""Where the time of ``check_many`` goes: CPU seconds by stage over one corpus.

::

    python benchmarks/stages.py CORPUS.jsonl [--limit N]

``CORPUS.jsonl`` holds one ``{"text": ...}`` a line (``benchmarks/generate.py`` writes such
corpora). The corpus is checked twice in one process and the second pass is reported: the
screen and the cleaning of every text, the tokenizer on the texts that pass the screen, the base
spaCy pipeline on the windows (and how many tokens it parsed), the rest of the parse stage, and
each factcheck stage (mentions, repairs, references, claims, context, verification). The stages
are timed by wrapping them, which adds a little time of its own; compare builds by the stages'
shares, or run this with both builds in turn.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from spacy.util import minibatch

clock = time.process_time


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--limit", type=int, default=None, help="only the first N texts")
    args = ap.parse_args(argv)

    from factcheck import FactChecker
    from factcheck.text import cleaning

    texts = [json.loads(line)["text"] for line in args.corpus.open(encoding="utf-8")][:args.limit]
    words = sum(len(t.split()) for t in texts)
    checker = FactChecker()
    checker.check("Baclofen is not an opioid.")
    spent: defaultdict[str, float] = defaultdict(float)

    def timed(name: str, f: Callable[..., Any]) -> Callable[..., Any]:
        def call(*a: Any, **k: Any) -> Any:
            start = clock()
            try:
                return f(*a, **k)
            finally:
                spent[name] += clock() - start
        return call

    def timed_stream(name: str, it: Iterator[Any]) -> Iterator[Any]:
        while True:
            start = clock()
            try:
                item = next(it)
            except StopIteration:
                spent[name] += clock() - start
                return
            spent[name] += clock() - start
            yield item

    checker.screen.may_mention = timed("screen", checker.screen.may_mention)  # type: ignore[method-assign]
    cleaning.clean = timed("cleaning", cleaning.clean)  # type: ignore[assignment]
    nlp = checker.nlp
    nlp.tokenizer = _Timed(nlp.tokenizer, timed("tokenizer", nlp.tokenizer))  # type: ignore[assignment]
    for name, proc in nlp.pipeline:
        if name == "factcheck_parse":
            base = proc.base  # type: ignore[attr-defined]
            base_pipe = base.pipe

            def parse_base(docs: Iterable[Any], base_pipe: Any = base_pipe, **kwargs: Any) -> list[Any]:
                docs = list(docs)
                start = clock()
                out = list(base_pipe(docs, **kwargs))
                spent["parse: base pipeline"] += clock() - start
                spent["(tokens parsed)"] += sum(len(d) for d in out)
                return out

            base.pipe = parse_base
            parse_pipe = proc.pipe

            def parse(docs: Iterable[Any], parse_pipe: Any = parse_pipe, **kwargs: Any) -> Iterator[Any]:
                # (the stream pulls the Docs through the stages before it: those are subtracted)
                return timed_stream("parse: in all", parse_pipe(docs, **kwargs))

            proc.pipe = parse  # type: ignore[attr-defined]
            continue

        def stage(docs: Iterable[Any], proc: Any = proc, name: str = name, **kwargs: Any) -> Iterator[Any]:
            call = type(proc).__call__
            # a stage with a pipe of its own reads a batch before the next stage starts (as it
            # does untimed); any other, one Doc at a time through all the stages (as spaCy runs it)
            batches = minibatch(docs, kwargs.get("batch_size") or 128) if hasattr(type(proc), "pipe") \
                else ([doc] for doc in docs)
            for batch in batches:
                for doc in batch:
                    start = clock()
                    call(proc, doc)
                    spent[name] += clock() - start
                yield from batch

        proc.pipe = stage  # type: ignore[attr-defined]

    for _ in checker.check_many(texts):
        pass
    spent.clear()
    start = clock()
    for _ in checker.check_many(texts):
        pass
    total = clock() - start
    before_parse = spent["tokenizer"] + spent["factcheck_mentions"]
    spent["parse: the rest"] = spent.pop("parse: in all", 0.0) - before_parse - spent["parse: base pipeline"]
    tokens = int(spent.pop("(tokens parsed)", 0))
    print(f"{args.corpus.name}: {len(texts):,} texts, {words:,} words, {total:.2f} s of CPU "
          f"({words / total:,.0f} words per CPU-second); the base pipeline parsed {tokens:,} tokens")
    for name, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<28} {seconds:7.3f} s  {100 * seconds / total:5.1f}%")
    return 0


class _Timed:
    """The tokenizer, called through ``timed`` (its other attributes as they are)."""

    def __init__(self, tokenizer: Any, call: Callable[..., Any]) -> None:
        self._tokenizer = tokenizer
        self._call = call

    def __call__(self, text: str) -> Any:
        return self._call(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._tokenizer, name)


if __name__ == "__main__":
    raise SystemExit(main())
