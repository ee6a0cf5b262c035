"""The library entry point: :class:`FactChecker`."""

from __future__ import annotations

import logging
import multiprocessing
import re
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Literal

import spacy
import yaml
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokenizer import Tokenizer

from factcheck.errors import InputError, ModelError
from factcheck.pipeline import components  # noqa: F401  (components registers the factories)
from factcheck.pipeline.components import MentionComponent, ParseComponent, PipelineError, get_stage
from factcheck.pipeline.screen import MentionScreen
from factcheck.report import Finding, Report
from factcheck.resources import BASE_MODEL, models_dir
from factcheck.text import cleaning

logger = logging.getLogger(__name__)

DEFAULT_CHUNK_LIMIT = 100_000
"""Texts longer than this many characters are checked in chunks (see :func:`split_chunks`)."""


def pipeline_config(path: str | Path | None = None) -> dict:
    """``models/pipeline.yaml``: the base pipeline's components to drop and the stages to add."""
    with open(path or models_dir() / "pipeline.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def build_pipeline(model: str | None = None, claims: Sequence[str | Path] | None = None, *,
                   windows: bool = True, confine_sources: bool = True,
                   source_dirs: Iterable[str | Path] = ()) -> Language:
    """The factcheck pipeline: mentions, then the parse stage (which runs the base spaCy
    pipeline ``model`` on texts that mention a drug or class: on the windows around their
    mentions, or with ``windows=False`` on the whole text), then claims, context and
    verification (``models/pipeline.yaml``). The claim set's sources are confined as
    :func:`~factcheck.knowledge.claimset.load_claimset` confines them (``confine_sources``,
    ``source_dirs``)."""
    cfg = pipeline_config()
    if isinstance(source_dirs, (str, Path)):  # one directory
        source_dirs = [source_dirs]
    name = model or BASE_MODEL
    nlp = spacy.blank("en")
    try:
        nlp.add_pipe("factcheck_parse", config={"model": name, "exclude": cfg.get("exclude", []), "windows": windows})
    except PipelineError as exc:
        raise ModelError(str(exc)) from exc
    parse = get_stage(nlp, "factcheck_parse", ParseComponent)
    nlp.tokenizer = parse.base.tokenizer
    if isinstance(nlp.tokenizer, Tokenizer):  # (a custom tokenizer is left as it is)
        for string, pieces in cfg.get("split", {}).items():
            nlp.tokenizer.add_special_case(string, [{ORTH: piece} for piece in pieces])
        if cfg.get("upper_case_contractions"):
            _add_upper_case_contractions(nlp.tokenizer)
        if cfg.get("suffixes"):
            nlp.tokenizer.suffix_search = _with_suffixes(nlp.tokenizer.suffix_search, cfg["suffixes"])
    nlp.max_length = parse.base.max_length
    stages = cfg["stages"]
    at = stages.index("factcheck_parse")
    for i, stage in enumerate(stages):
        if stage == "factcheck_parse":
            continue
        config: dict = {}
        if stage in ("factcheck_mentions", "factcheck_verify"):
            config = {"confine_sources": bool(confine_sources), "source_dirs": [str(d) for d in source_dirs]}
            if claims:
                config["claims"] = [str(p) for p in claims]
        nlp.add_pipe(stage, config=config, before="factcheck_parse" if i < at else None)
    return nlp


def _add_upper_case_contractions(tokenizer: Tokenizer) -> None:
    """The tokenizer's contractions, also in capitals ("ISN'T", "ISNT", "DOESN'T" split as "isn't"
    is): its exceptions are matched case-sensitively and list only the lower-case and capitalized
    forms, so a sentence written in capitals kept "ISN'T" whole and lost its negation. Only
    contractions written with an apostrophe, and negations without one ("ISNT", "DONT"): other
    apostrophe-less forms are words of their own in capitals ("ID", "IM", "WED")."""
    for string, pieces in list(tokenizer.rules.items()):
        upper = string.upper()
        if not string.islower() or len(pieces) < 2 or upper == string or upper in tokenizer.rules \
                or not ("'" in string or "’" in string or string.endswith("nt")) or not string[0].isalpha():
            continue
        tokenizer.add_special_case(upper, [{**piece, ORTH: piece[ORTH].upper()} for piece in pieces])


def _with_suffixes(search: Callable[[str], re.Match[str] | None] | None,
                   extra: Sequence[str]) -> Callable[[str], re.Match[str] | None] | None:
    """The tokenizer's suffix search with the ``extra`` suffix patterns (``models/pipeline.yaml``,
    ``suffixes``) tried first; a search that is not a compiled pattern's is left as it is."""
    pattern = getattr(getattr(search, "__self__", None), "pattern", None)
    if not isinstance(pattern, str):
        return search
    return re.compile("|".join([*(f"(?:{e})$" for e in extra), pattern])).search


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

    - A FactChecker may be shared by threads. Its spaCy pipeline, the caches of its mention
      matcher and the memory zones (which evict strings from the pipeline's shared vocabulary
      when a batch ends) assume one caller at a time, so a lock serializes them: a ``check``
      call holds it throughout, ``check_many`` while it reads, screens and processes one batch
      (not while the consumer holds a Report). Threads get the same Reports as one thread
      would, but little speed-up: most of the work holds the GIL (measured: 1,200 short texts
      in 4 threads take the same time with one shared checker as with a checker per thread,
      which costs ~45 MB more memory each).
    - For parallelism, use ``check_many(texts, n_process=N)``: N worker processes (spawned),
      each with its own FactChecker, Reports in input order.
    - Between two Reports of ``check_many`` no memory zone is open and no batch is in flight,
      so the consumer may call the same FactChecker (``check``) in the same thread.
    - Reports are plain data: safe to pass to other threads and processes.

    Claim set: ``claims`` (files or directories) replaces the shipped one. Its sources are
    read only from inside the directory of the claim file that declares them, or from one of
    ``source_dirs``; a claim file whose source leads elsewhere (an absolute path, ``../``, a
    link) raises :class:`~factcheck.errors.ClaimSetError` naming the file.
    ``confine_sources=False`` lifts this, for claim files you trust. Worker processes
    (``n_process``) load the claim set under the same rule.

    Input: a text is a ``str``; anything else raises :class:`~factcheck.errors.InputError`
    (``check_many`` can report it instead: ``errors="report"``). Lone surrogates are read as
    U+FFFD. Invisible characters, look-alike letters and spelled-out words are normalized
    before checking (:mod:`factcheck.text.cleaning`); offsets stay offsets into the text given.
    """

    def __init__(self, model: str | None = None, claims: Sequence[str | Path] | None = None, *,
                 chunk_limit: int = DEFAULT_CHUNK_LIMIT, windows: bool = True, confine_sources: bool = True,
                 source_dirs: Iterable[str | Path] = ()) -> None:
        if not isinstance(chunk_limit, int) or chunk_limit < 1:
            raise ValueError(f"chunk_limit must be a positive number of characters, got {chunk_limit!r}")
        if isinstance(source_dirs, (str, Path)):
            source_dirs = [source_dirs]
        self._model = model
        self._claims = [str(p) for p in claims] if claims else None
        # (resolved now: worker processes may start in another directory)
        self._sources = (bool(confine_sources), [str(Path(d).resolve()) for d in source_dirs])
        self.chunk_limit = chunk_limit
        self.windows = bool(windows)
        self.nlp = build_pipeline(model, self._claims, windows=self.windows, confine_sources=self._sources[0],
                                  source_dirs=self._sources[1])
        self.screen = MentionScreen(self.nlp, get_stage(self.nlp, "factcheck_mentions", MentionComponent).matcher)
        self._lock = threading.RLock()  # one check call or check_many batch at a time
        # the words of drug and class aliases (what a spelled-out word may be joined into) and
        # the aliases written without spaces (a form such as "gaba-b" is left as it is)
        self._alias_words = frozenset(w for w in self.screen.words if w.isalpha() and len(w) >= 4) \
            | frozenset("".join(form) for form in self.screen.forms)

    @property
    def effective_chunk_limit(self) -> int:
        """The chunk size in use: ``chunk_limit``, capped at the pipeline's ``max_length``."""
        return min(self.chunk_limit, self.nlp.max_length)

    def check(self, text: str, id: str | int | None = None) -> Report:
        """Check one text.

        ``text`` must be a ``str`` (lone surrogates are read as U+FFFD, one for one); anything
        else (None, bytes, a number) raises :class:`~factcheck.errors.InputError`. ``id`` is
        copied to the Report: a ``str``, None, or an ``int`` (stored as its decimal string);
        any other id raises InputError too.
        """
        text, id, error = _item((text, id))
        if error is not None:
            raise InputError(error)
        with self._lock:
            report, _ = next(self._check_stream(iter([(text, id, None)]), batch_size=64, errors="raise"))
        return report

    def check_many(self, texts: Iterable[str] | Iterable[tuple[str, str | None]], *,
                   batch_size: int = 64, n_process: int = 1,
                   errors: Literal["raise", "report"] = "raise") -> Iterator[Report]:
        """Check a stream of texts (or ``(text, id)`` pairs); yields Reports in input order.

        The input is consumed lazily (a bounded number of texts ahead of the Reports yielded:
        at most ``16 * batch_size`` chunks), so it can be a generator over a large corpus.
        ``batch_size`` counts the chunks that go through the pipeline in one batch (texts per
        task with ``n_process`` > 1). Memory stays flat over a long stream (each batch runs in
        ``nlp.memory_zone()``); see the class docstring for threads and processes.

        Items are validated as in :meth:`check` (a text must be a ``str``; an id a ``str``,
        an ``int`` or None). ``errors`` says what a bad item does:

        - ``"raise"`` (the default): the Reports of every item before it are yielded, then
          :class:`~factcheck.errors.InputError` is raised (its message gives the item's
          position in the stream). An internal error of the pipeline propagates as it is.
        - ``"report"``: the item gets a Report with ``error`` set (no findings, not flagged)
          and the stream goes on; so does an item on which the pipeline fails (its batch is
          checked again one text at a time, and only the failing text gets an error Report).
          One Report per item, in input order, with any ``n_process``.
        """
        if errors not in ("raise", "report"):
            raise ValueError(f"errors must be 'raise' or 'report', got {errors!r}")

        def items() -> Iterator[_Item]:
            for n, item in enumerate(texts):
                text, id, error = _item(item)
                yield text, id, (None if error is None else f"input {n}: {error}")

        if n_process == 1:
            for report, bad_input in self._check_stream(items(), batch_size, errors):
                if bad_input and errors == "raise":
                    raise InputError(report.error)
                yield report
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
                                                 self.windows, *self._sources))
        pending: deque[Future[list[tuple[Report, bool]]]] = deque()

        def results(future: Future[list[tuple[Report, bool]]]) -> Iterator[Report]:
            for report, bad_input in future.result():
                if bad_input and errors == "raise":
                    raise InputError(report.error)
                yield report

        try:
            for batch in _batches(items(), batch_size):
                pending.append(executor.submit(_check_batch, batch, errors))
                if len(pending) >= 2 * n_process:
                    yield from results(pending.popleft())
            while pending:
                yield from results(pending.popleft())
        finally:
            executor.shutdown(wait=True, cancel_futures=True)

    def _check_stream(self, items: Iterator[_Item], batch_size: int,
                      errors: str) -> Iterator[tuple[Report, bool]]:
        """Texts -> chunks -> ``nlp.pipe`` -> one Report per text, with offsets into the text,
        each with whether it is the error Report of a bad input item (never raised here).

        Chunks that the screen rules out (no drug or class can be mentioned in them) have no
        findings and skip the pipeline. The others of a batch are processed inside
        ``nlp.memory_zone()``: the strings and lexemes they add to the (shared) vocabulary are
        freed when the batch is done, so a long-running process does not grow with the number
        of distinct words it has seen. Nothing spaCy made in the zone leaves it: the Docs (and
        the spans in their ``doc._`` values) are dropped there, and only Findings (plain
        pydantic data) are kept; the Reports are yielded after the zone has closed, so the
        consumer may call the checker again between Reports without nesting zones.

        The checker's lock is held while a batch is read, screened and processed, and released
        before its Reports are yielded: threads sharing the checker take turns batch by batch.
        With ``errors="report"``, a batch on which the pipeline raises is processed again one
        chunk at a time, and a failing chunk's text gets an error Report.
        """
        findings: list[Finding] = []
        failure: str | None = None
        batches = _chunk_batches(items, self.effective_chunk_limit, batch_size, self.screen.may_mention,
                                 self._alias_words)
        while True:
            with self._lock:
                batch = next(batches, None)
                if batch is None:
                    return
                found = self._run([chunk for chunk, _, run in batch if run], errors)
            results = iter(found)
            reports: list[tuple[Report, bool]] = []
            for _, (id, start, last, index, original, error, keep), run in batch:
                if run:
                    result = next(results)
                    if isinstance(result, str):
                        failure = failure or result
                    else:
                        findings.extend(f.shifted(start) for f in result if keep[0] <= f.start < keep[1])
                if last:
                    if error is not None:
                        reports.append((Report(id=id, flagged=False, error=error), True))
                    elif failure is not None:
                        reports.append((Report(id=id, flagged=False, error=failure), False))
                    else:
                        if index is not None and findings:  # offsets into the cleaned text -> into the original
                            findings = [f.remapped(index, original) for f in findings]
                        reports.append((Report.from_findings(findings, id=id), False))
                    findings, failure = [], None
            yield from reports

    def _run(self, chunks: list[str], errors: str) -> list[list[Finding] | str]:
        """The findings of each chunk (offsets into the chunk); with ``errors="report"``, an
        error message for a chunk on which the pipeline raised."""
        if not chunks:
            return []
        try:
            with self._memory_zone():
                found: list[list[Finding] | str] = [list(doc._.factcheck_findings or [])
                                                    for doc in self.nlp.pipe(chunks, batch_size=len(chunks))]
            return found
        except Exception:
            if errors == "raise":
                raise
            logger.debug("internal error in a batch; checking its texts one at a time", exc_info=True)
        found = []
        for chunk in chunks:
            try:
                with self._memory_zone():
                    found.append(list(self.nlp(chunk)._.factcheck_findings or []))
            except Exception as exc:  # noqa: BLE001 - one text's failure must not lose the others
                logger.debug("internal error while checking a text", exc_info=True)
                found.append(f"internal error while checking: {type(exc).__name__}: {exc}")
        return found

    def _memory_zone(self) -> AbstractContextManager:
        """``nlp.memory_zone()``, unless the caller has already opened one (zones must not nest)."""
        # (spaCy's Vocab has ``in_memory_zone``; its type stubs lack it)
        if getattr(self.nlp.vocab, "in_memory_zone", False):
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

# Characters shared by two consecutive chunks cut at a line break or a space (no paragraph or
# sentence end in the window): a claim across the cut is whole in one of them. Each finding is
# kept from the chunk that owns its start (the middle of the overlap divides them), which holds
# at least half the overlap on either side of it.
_OVERLAP = 2_000

# One input item: its text, its id, and why it cannot be checked (None for a good item).
_Item = tuple[str, "str | None", "str | None"]

# chunk text, (id, offset in the cleaned text, last chunk?, cleaned -> original offsets, original,
# the item's error, the range of finding starts the chunk owns), whether it goes through the pipeline
_Chunk = tuple[str, tuple["str | None", int, bool, "cleaning.OffsetMap | list[int] | None", str, "str | None", tuple[float, float]], bool]


def _chunk_batches(items: Iterator[_Item], limit: int, batch_size: int,
                   screen: Callable[[str], bool] | None = None,
                   words: frozenset[str] = frozenset()) -> Iterator[list[_Chunk]]:
    """The chunks of a stream of texts in batches, each chunk with whether it goes through the
    pipeline (``screen(chunk)``; all of them without a screen). Those that do are at most
    ``batch_size`` chunks and (unless a single chunk is longer) ``_BATCH_CHARS`` characters a
    batch; with the others, a batch holds at most ``_MAX_BATCH_FACTOR * batch_size`` chunks.
    A bad item (with an error) is one empty chunk that does not go through the pipeline.
    Texts are cleaned first (:func:`factcheck.text.cleaning.clean`; ``words`` are the words a
    spelled-out or cut-up word may be joined into). Consumes the texts lazily."""
    batch: list[_Chunk] = []
    size = count = 0
    for original, id, error in items:
        if error is not None:
            text, index, parts = "", None, [(0, "")]
        else:
            text, index = cleaning.clean(original, words)
            parts = split_chunks(text, limit, _MAX_RUN, overlap=_OVERLAP)
        for k, (start, chunk) in enumerate(parts):
            run = error is None and (screen is None or screen(chunk))
            if batch and ((run and (count >= batch_size or size + len(chunk) > _BATCH_CHARS))
                          or len(batch) >= _MAX_BATCH_FACTOR * batch_size):
                yield batch
                batch, size, count = [], 0, 0
            keep = (_owned_from(parts, k) - start, _owned_from(parts, k + 1) - start)
            batch.append((chunk, (id, start, k == len(parts) - 1, index, original, error, keep), run))
            if run:
                size += len(chunk)
                count += 1
    if batch:
        yield batch


def _owned_from(parts: list[tuple[int, str]], k: int) -> float:
    """Where the text owned by piece ``k`` begins: its start, or the middle of its overlap with
    the piece before (-inf for the first piece, +inf past the last)."""
    if k == 0:
        return float("-inf")
    if k == len(parts):
        return float("inf")
    start, (before, chunk) = parts[k][0], parts[k - 1]
    end = before + len(chunk)
    return start if start >= end else (start + end) // 2


# Cut points for split_chunks, best first. Each match ends where the next chunk begins, so the
# whitespace after a boundary stays with the chunk before it.
_PARAGRAPH_BREAK = re.compile(r"(?:\n[^\S\n]*\n|\u2029)\s*")          # a blank line
_SENTENCE_END = re.compile(r"[.!?\u2026\u3002\uff01\uff1f][\"'\u201d\u2019\u00bb)\]]*\s+")
_LINE_BREAK = re.compile(r"[\n\r\u2028\x0b\x0c\x1c-\x1e\x85]\s*")
_WHITESPACE = re.compile(r"\s+")
_CUTS = (_PARAGRAPH_BREAK, _SENTENCE_END, _LINE_BREAK, _WHITESPACE)


def split_chunks(text: str, limit: int, max_run: int | None = None,
                 overlap: int = 0) -> list[tuple[int, str]]:
    """Split ``text`` into ``(start, chunk)`` pieces of at most ``limit`` characters.

    Each piece ends at the last paragraph break (blank line) that fits; failing that, the last
    sentence end (``.!?``, closing quotes or brackets, then whitespace); then the last line
    break; then the last whitespace; only a run of ``limit`` characters without any whitespace
    is cut hard. With ``max_run``, no piece holds more than ``max_run`` characters of a run
    without whitespace either: a longer run is cut hard after its first ``max_run`` characters
    (and every ``max_run`` after). The pieces cover the text exactly:
    ``text[start:start + len(chunk)] == chunk`` and they concatenate to ``text``. An empty text
    is one empty piece.

    With ``overlap``, a piece cut at a line break or a space, or cut hard at ``limit`` (not at a
    paragraph or sentence end, nor by ``max_run``), shares up to ``overlap`` characters (at most
    half the piece) with the next one, which begins after a space if one is there: the pieces
    still cover the text, in order, but the overlapping ones no longer concatenate to it.
    """
    if limit < 1:
        raise ValueError(f"chunk limit must be at least 1, got {limit}")
    if max_run is not None and max_run < 1:
        raise ValueError(f"max_run must be at least 1, got {max_run}")
    n = len(text)
    longest = n if max_run is None else max_run  # the longest run without whitespace in a piece
    runs: Iterator[re.Match[str]] = iter(())
    if longest < n:
        runs = re.finditer(r"(?<!\S)\S{%d,}" % (longest + 1), text)  # each long run once, in order
    run = next(runs, None)
    pieces: list[tuple[int, str]] = []
    pos = 0
    while True:
        while run is not None and run.end() - pos <= longest:
            run = next(runs, None)  # behind us, or what is left of it is short enough
        forced = n  # where a long run forces a cut
        if run is not None:
            forced = max(run.start(), pos) + longest
        if n - pos <= limit and forced >= n:
            break
        back = 0  # how far the next piece begins before this one ends
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
            if overlap > 0 and pattern in (_LINE_BREAK, _WHITESPACE):  # (no match leaves _WHITESPACE)
                back = min(overlap, cut // 2)
                space = _WHITESPACE.search(text, pos + cut - back, pos + cut)
                if space and space.end() < pos + cut:
                    back = pos + cut - space.end()
        pieces.append((pos, text[pos:pos + cut]))
        pos += cut - back
    pieces.append((pos, text[pos:]))
    return pieces


def _last_match_end(pattern: re.Pattern[str], window: str) -> int:
    """End of the last match of ``pattern`` in ``window`` (0 if none)."""
    end = 0
    for m in pattern.finditer(window):
        end = m.end()
    return end


_WORKER: FactChecker | None = None


def _init_worker(model: str | None, claims: list[str] | None, chunk_limit: int, windows: bool = True,
                 confine_sources: bool = True, source_dirs: Sequence[str] = ()) -> None:
    global _WORKER
    _WORKER = FactChecker(model=model, claims=claims, chunk_limit=chunk_limit, windows=windows,
                          confine_sources=confine_sources, source_dirs=source_dirs)


def _check_batch(batch: list[_Item], errors: str) -> list[tuple[Report, bool]]:
    assert _WORKER is not None
    return list(_WORKER._check_stream(iter(batch), len(batch) or 1, errors))


def _batches(items: Iterator[_Item], size: int) -> Iterator[list[_Item]]:
    batch: list[_Item] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _item(item: object) -> _Item:
    """An input item (a text or a ``(text, id)`` pair) as ``(text, id, error)``: the text with
    lone surrogates read as U+FFFD (one character for one, so offsets are unchanged, and the
    report's text fields stay JSON-serializable), an int id as its decimal string; or, for an
    item that cannot be checked, ``("", id or None, why)``."""
    if isinstance(item, tuple):
        if len(item) != 2:
            return "", None, f"expected a text or a (text, id) pair, got a tuple of {len(item)}"
        text, id = item
    else:
        text, id = item, None
    if isinstance(id, int) and not isinstance(id, bool):
        id = str(id)
    elif id is not None and not isinstance(id, str):
        return "", None, f"an id must be a str, an int or None, got {type(id).__name__}"
    if not isinstance(text, str):
        return "", id, f"FactChecker expects text (str), got {type(text).__name__}"
    return cleaning.without_surrogates(text), id, None
