"""The library entry point: :class:`FactChecker`."""

from __future__ import annotations

import logging
import multiprocessing
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

import spacy
import yaml
from spacy.language import Language

from factcheck.errors import ModelError
from factcheck.pipeline import components  # noqa: F401  (components registers the factories)
from factcheck.pipeline.components import PipelineError
from factcheck.pipeline.screen import MentionScreen
from factcheck.report import Finding, Report
from factcheck.resources import models_dir
from factcheck.text import cleaning

logger = logging.getLogger(__name__)

DEFAULT_CHUNK_LIMIT = 100_000
"""Texts longer than this many characters are checked in chunks (see :func:`split_chunks`)."""


def pipeline_config(path: str | Path | None = None) -> dict:
    """``models/pipeline.yaml``: the base model, components to drop and the stages to add."""
    with open(path or models_dir() / "pipeline.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def build_pipeline(model: str | None = None, claims: list[str] | None = None, *, windows: bool = True) -> Language:
    """The factcheck pipeline: mentions, then the parse stage (which runs the base spaCy
    pipeline ``model`` on texts that mention a drug or class: on the windows around their
    mentions, or with ``windows=False`` on the whole text), then claims, context and
    verification (``models/pipeline.yaml``)."""
    cfg = pipeline_config()
    name = model or cfg["base_model"]
    nlp = spacy.blank("en")
    try:
        parse = nlp.add_pipe("factcheck_parse", config={"model": name, "exclude": cfg.get("exclude", []),
                                                        "windows": windows})
    except PipelineError as exc:
        raise ModelError(str(exc)) from exc
    nlp.tokenizer = parse.base.tokenizer
    nlp.max_length = parse.base.max_length
    stages = cfg["stages"]
    at = stages.index("factcheck_parse")
    for i, stage in enumerate(stages):
        if stage == "factcheck_parse":
            continue
        config = {"claims": [str(p) for p in claims]} if claims and stage in ("factcheck_mentions", "factcheck_verify") else {}
        nlp.add_pipe(stage, config=config, **({"before": "factcheck_parse"} if i < at else {}))
    return nlp


class FactChecker:
    """Finds drug-class claims in text and checks them against the curated claim set.

    >>> checker = FactChecker()                       # loads the pipeline once
    >>> checker.check("Baclofen is an opiate.").flagged
    True

    Texts longer than ``chunk_limit`` characters (never more than spaCy's ``nlp.max_length``)
    are checked in chunks cut at paragraph or sentence boundaries (:func:`split_chunks`); the
    findings' offsets are still offsets into the whole text.

    Memory: ``check_many`` (and ``check``) process each batch inside spaCy's
    ``nlp.memory_zone()``, so the vocabulary does not grow with the number of distinct words
    seen, and a long-running process stays flat. Only Reports (plain pydantic data, no spaCy
    objects) leave a batch.

    Speed: a text that cannot mention a drug or class (:class:`~factcheck.pipeline.screen.MentionScreen`,
    a check on the string that never rules out a text the pipeline would find a mention in) is
    reported without going through spaCy at all. Of a text with a mention, only the windows
    around its mentions are parsed (the sentences that hold one and those their reading needs:
    :func:`factcheck.pipeline.parse.windows`), so the cost grows with the mentions, not with
    the length of the text around them. ``windows=False`` parses every such text whole (the
    behaviour before windows; for comparison).

    Threads and processes:

    - A FactChecker is **not thread-safe**: its spaCy pipeline, the caches of its mention
      matcher and the memory zones (which evict strings from the pipeline's shared vocabulary
      when a batch ends) assume one caller at a time. Use one FactChecker per thread (each
      loads its own pipeline), or guard one with a lock held for a whole ``check`` call or a
      whole ``check_many`` iteration.
    - For parallelism, use ``check_many(texts, n_process=N)``: N worker processes (spawned),
      each with its own FactChecker, Reports in input order. Threads gain little: most of the
      work holds the GIL.
    - Between two Reports of ``check_many`` no memory zone is open and no batch is in flight,
      so the consumer may call the same FactChecker (``check``) in the same thread.
    - Reports are plain data: safe to pass to other threads and processes.
    """

    def __init__(self, model: str | None = None, claims: list[str | Path] | None = None, *,
                 chunk_limit: int = DEFAULT_CHUNK_LIMIT, windows: bool = True) -> None:
        if not isinstance(chunk_limit, int) or chunk_limit < 1:
            raise ValueError(f"chunk_limit must be a positive number of characters, got {chunk_limit!r}")
        self._model = model
        self._claims = [str(p) for p in claims] if claims else None
        self.chunk_limit = chunk_limit
        self.windows = bool(windows)
        self.nlp = build_pipeline(model, self._claims, windows=self.windows)
        self.screen = MentionScreen(self.nlp, self.nlp.get_pipe("factcheck_mentions").matcher)

    @property
    def effective_chunk_limit(self) -> int:
        """The chunk size in use: ``chunk_limit``, capped at the pipeline's ``max_length``."""
        return min(self.chunk_limit, self.nlp.max_length)

    def check(self, text: str, id: str | None = None) -> Report:
        """Check one text."""
        return next(self._check_stream(iter([(_validated(text), id)]), batch_size=64))

    def check_many(self, texts: Iterable[str] | Iterable[tuple[str, str | None]], *,
                   batch_size: int = 64, n_process: int = 1) -> Iterator[Report]:
        """Check a stream of texts (or ``(text, id)`` pairs); yields Reports in input order.

        The input is consumed lazily (a bounded number of texts ahead of the Reports yielded:
        at most ``16 * batch_size`` chunks), so it can be a generator over a large corpus.
        ``batch_size`` counts the chunks that go through the pipeline in one batch (texts per
        task with ``n_process`` > 1). Memory stays flat over a long stream (each batch runs in
        ``nlp.memory_zone()``); see the class docstring for threads and processes.
        """
        def items() -> Iterator[tuple[str, str | None]]:
            for item in texts:
                if isinstance(item, tuple):
                    yield _validated(item[0]), item[1]
                else:
                    yield _validated(item), None

        if n_process == 1:
            yield from self._check_stream(items(), batch_size)
            return
        # Worker processes each build their own FactChecker once and send back Reports (plain
        # pydantic data); Docs with their spaCy spans never cross process boundaries. Batches
        # are submitted a few at a time (Pool.imap's feeder thread would drain the whole input)
        # and results are taken in submission order. A worker that dies (or fails to load the
        # pipeline) raises BrokenProcessPool here instead of leaving the caller waiting, and
        # closing the generator early waits for the running batches instead of killing them.
        executor = ProcessPoolExecutor(n_process, mp_context=multiprocessing.get_context("spawn"),
                                       initializer=_init_worker,
                                       initargs=(self._model, self._claims, self.effective_chunk_limit,
                                                 self.windows))
        pending: deque[Future[list[Report]]] = deque()
        try:
            for batch in _batches(items(), batch_size):
                pending.append(executor.submit(_check_batch, batch))
                if len(pending) >= 2 * n_process:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        finally:
            executor.shutdown(wait=True, cancel_futures=True)

    def _check_stream(self, items: Iterator[tuple[str, str | None]], batch_size: int) -> Iterator[Report]:
        """Texts -> chunks -> ``nlp.pipe`` -> one Report per text, with offsets into the text.

        Chunks that the screen rules out (no drug or class can be mentioned in them) have no
        findings and skip the pipeline. The others of a batch are processed inside
        ``nlp.memory_zone()``: the strings and lexemes they add to the (shared) vocabulary are
        freed when the batch is done, so a long-running process does not grow with the number
        of distinct words it has seen. Nothing spaCy made in the zone leaves it: the Docs (and
        the spans in their ``doc._`` values) are dropped there, and only Findings (plain
        pydantic data) are kept; the Reports are yielded after the zone has closed, so the
        consumer may call the checker again between Reports without nesting zones.
        """
        findings: list[Finding] = []
        for batch in _chunk_batches(items, self.effective_chunk_limit, batch_size, self.screen.may_mention):
            todo = [chunk for chunk, _, run in batch if run]
            found: list[list[Finding]] = []
            if todo:
                with self._memory_zone():
                    for doc in self.nlp.pipe(todo, batch_size=len(todo)):
                        found.append(list(doc._.factcheck_findings or []))
                    doc = None  # no reference to a Doc of the zone outlives it
            results = iter(found)
            reports: list[Report] = []
            for _, (id, start, last, index, original), run in batch:
                if run:
                    findings.extend(f.shifted(start) for f in next(results))
                if last:
                    if index is not None and findings:  # offsets into the cleaned text -> into the original
                        findings = [f.remapped(index, original) for f in findings]
                    reports.append(Report.from_findings(findings, id=id))
                    findings = []
            yield from reports

    def _memory_zone(self) -> AbstractContextManager:
        """``nlp.memory_zone()``, unless the caller has already opened one (zones must not nest)."""
        if self.nlp.vocab.in_memory_zone:
            return nullcontext()
        return self.nlp.memory_zone()


# Longest run without whitespace in one chunk. spaCy's tokenizer takes quadratic time in the
# length of such a run when it is made of prefix or suffix characters ("????...", emoji): 10,000
# question marks take seconds, 100,000 take minutes. Cut into runs of 1,000 (~0.06 s each), any
# text is tokenized in linear time; URLs and words are shorter than that.
_MAX_RUN = 1_000

# Characters per pipeline batch (at least one chunk): the parser's working memory grows with the
# batch (measured: ~3 GB for a batch of ten 100,000-character chunks of prose with the small
# English model, under 1 GB for two), so many short texts go in one batch but long chunks only
# a couple at a time.
_BATCH_CHARS = 200_000

# A batch holds at most this many times ``batch_size`` chunks in all, screened out or not.
_MAX_BATCH_FACTOR = 16

# chunk text, (id, offset in the cleaned text, last chunk?, cleaned -> original offsets, original),
# whether it goes through the pipeline
_Chunk = tuple[str, tuple[str | None, int, bool, "list[int] | None", str], bool]


def _chunk_batches(items: Iterator[tuple[str, str | None]], limit: int, batch_size: int,
                   screen: Callable[[str], bool] | None = None) -> Iterator[list[_Chunk]]:
    """The chunks of a stream of texts in batches, each chunk with whether it goes through the
    pipeline (``screen(chunk)``; all of them without a screen). Those that do are at most
    ``batch_size`` chunks and (unless a single chunk is longer) ``_BATCH_CHARS`` characters a
    batch; with the others, a batch holds at most ``_MAX_BATCH_FACTOR * batch_size`` chunks.
    Consumes the texts lazily."""
    batch: list[_Chunk] = []
    size = count = 0
    for original, id in items:
        text, index = cleaning.clean(original)
        parts = split_chunks(text, limit, _MAX_RUN)
        for k, (start, chunk) in enumerate(parts):
            run = screen is None or screen(chunk)
            if batch and ((run and (count >= batch_size or size + len(chunk) > _BATCH_CHARS))
                          or len(batch) >= _MAX_BATCH_FACTOR * batch_size):
                yield batch
                batch, size, count = [], 0, 0
            batch.append((chunk, (id, start, k == len(parts) - 1, index, original), run))
            if run:
                size += len(chunk)
                count += 1
    if batch:
        yield batch


# Cut points for split_chunks, best first. Each match ends where the next chunk begins, so the
# whitespace after a boundary stays with the chunk before it.
_PARAGRAPH_BREAK = re.compile(r"(?:\n[^\S\n]*\n|\u2029)\s*")          # a blank line
_SENTENCE_END = re.compile(r"[.!?\u2026\u3002\uff01\uff1f][\"'\u201d\u2019\u00bb)\]]*\s+")
_LINE_BREAK = re.compile(r"[\n\r\u2028\x0b\x0c\x1c-\x1e\x85]\s*")
_WHITESPACE = re.compile(r"\s+")
_CUTS = (_PARAGRAPH_BREAK, _SENTENCE_END, _LINE_BREAK, _WHITESPACE)


def split_chunks(text: str, limit: int, max_run: int | None = None) -> list[tuple[int, str]]:
    """Split ``text`` into ``(start, chunk)`` pieces of at most ``limit`` characters.

    Each piece ends at the last paragraph break (blank line) that fits; failing that, the last
    sentence end (``.!?``, closing quotes or brackets, then whitespace); then the last line
    break; then the last whitespace; only a run of ``limit`` characters without any whitespace
    is cut hard. With ``max_run``, no piece holds more than ``max_run`` characters of a run
    without whitespace either: a longer run is cut hard after its first ``max_run`` characters
    (and every ``max_run`` after). The pieces cover the text exactly:
    ``text[start:start + len(chunk)] == chunk`` and they concatenate to ``text``. An empty text
    is one empty piece.
    """
    if limit < 1:
        raise ValueError(f"chunk limit must be at least 1, got {limit}")
    if max_run is not None and max_run < 1:
        raise ValueError(f"max_run must be at least 1, got {max_run}")
    n = len(text)
    runs: Iterator[re.Match[str]] = iter(())
    if max_run is not None and max_run < n:
        runs = re.finditer(r"(?<!\S)\S{%d,}" % (max_run + 1), text)  # each long run once, in order
    run = next(runs, None)
    pieces: list[tuple[int, str]] = []
    pos = 0
    while True:
        while run is not None and run.end() - pos <= max_run:  # type: ignore[operator]
            run = next(runs, None)  # behind us, or what is left of it is short enough
        forced = n  # where a long run forces a cut
        if run is not None:
            forced = max(run.start(), pos) + max_run  # type: ignore[operator]
        if n - pos <= limit and forced >= n:
            break
        if forced <= pos + limit:
            cut = forced - pos
        else:
            window = text[pos:pos + limit]
            cut = limit  # hard cut
            for pattern in _CUTS:
                end = _last_match_end(pattern, window)
                if end:
                    cut = end
                    break
        pieces.append((pos, text[pos:pos + cut]))
        pos += cut
    pieces.append((pos, text[pos:]))
    return pieces


def _last_match_end(pattern: re.Pattern[str], window: str) -> int:
    """End of the last match of ``pattern`` in ``window`` (0 if none)."""
    end = 0
    for m in pattern.finditer(window):
        end = m.end()
    return end


_WORKER: FactChecker | None = None


def _init_worker(model: str | None, claims: list[str] | None, chunk_limit: int, windows: bool = True) -> None:
    global _WORKER
    _WORKER = FactChecker(model=model, claims=claims, chunk_limit=chunk_limit, windows=windows)


def _check_batch(batch: list[tuple[str, str | None]]) -> list[Report]:
    assert _WORKER is not None
    return list(_WORKER.check_many(batch, batch_size=len(batch) or 1))


def _batches(items: Iterator[tuple[str, str | None]], size: int) -> Iterator[list[tuple[str, str | None]]]:
    batch: list[tuple[str, str | None]] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


# Lone surrogates are not Unicode text (they come from ``surrogateescape`` decoding or JSON
# "\ud800" escapes); spaCy cannot encode them and raises.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _validated(text: object) -> str:
    """The text to check. Lone surrogates are read as U+FFFD: one character for one, so offsets
    are unchanged (the report's text fields show U+FFFD there, and stay JSON-serializable)."""
    if not isinstance(text, str):
        raise TypeError(f"FactChecker expects str, got {type(text).__name__}")
    return _SURROGATE.sub("\ufffd", text)
