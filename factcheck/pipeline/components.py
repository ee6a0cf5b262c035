"""Thin spaCy components over the stage modules, registered as factories (also through the
``spacy_factories`` entry point).

Stages and what they write:

- ``factcheck_mentions`` -> ``doc.spans["factcheck_mentions"]`` (:mod:`factcheck.pipeline.mentions`)
- ``factcheck_parse`` -> tags, lemmas and dependency tree of texts with mentions
  (:mod:`factcheck.text.normalize`, :mod:`factcheck.pipeline.parse`); it runs a base spaCy pipeline, in
  which ``factcheck_paragraphs`` (before its parser) sets sentence starts at blank lines
- ``factcheck_claims``   -> ``doc._.factcheck_claims`` (:mod:`factcheck.pipeline.claims`)
- ``factcheck_context``  -> ``doc._.factcheck_contexts`` (:mod:`factcheck.pipeline.context`)
- ``factcheck_verify``   -> ``doc._.factcheck_findings`` (:mod:`factcheck.pipeline.verify`)

The ``factcheck`` component runs mentions, claims, context and verification in one, on a Doc
that the user's own pipeline has already tagged, lemmatized and parsed (it does not parse
again)::

    nlp = spacy.load("en_core_web_sm")
    nlp.add_pipe("factcheck")                # after the parser; found through the entry point
    doc = nlp("Baclofen is an opiate.")
    doc._.factcheck_findings                 # [Finding(verdict='refuted', ...)]
    doc._.factcheck_report.flagged           # True

Doc extensions (registered once, never with ``force=True``; all prefixed ``factcheck_``):
``factcheck_claims`` and ``factcheck_contexts`` (intermediate results: lists of
:class:`~factcheck.pipeline.claims.Claim`, with spaCy spans, and
:class:`~factcheck.pipeline.context.Context`), ``factcheck_findings`` (list of
:class:`~factcheck.report.Finding`) and ``factcheck_report`` (the findings as a
:class:`~factcheck.report.Report`). Each is None for a Doc that was not checked. Mentions are in
``doc.spans["factcheck_mentions"]``. The values are stored in ``doc.user_data`` as plain records
(token offsets, ``Finding.model_dump(mode="json")``) and rebuilt by the getters, so a checked Doc
survives ``doc.to_bytes()``, ``DocBin(store_user_data=True)``, pickle and
``nlp.pipe(n_process=N)``.

Each component takes keyword-only settings; the claim set and rule files default to the ones
shipped with the package. A claim set's sources are read only from inside the directory of the
claim file that declares them (``confine_sources = true``, the default) or from one of
``source_dirs`` (the ``factcheck``, ``factcheck_mentions`` and ``factcheck_verify`` settings);
``confine_sources = false`` lifts that, for claim files you trust. They are read when the component is made (and at ``initialize()``);
``nlp.to_disk`` / ``to_bytes`` save the loaded claim set, rules and cues with the pipeline, and
``spacy.load`` reads them from there (the config's files need not exist any more).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, Generic, TypeVar

import spacy
import srsly
from cymem.cymem import Pool
from pydantic import ValidationError
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer, Sentencizer
from spacy.tokens import Doc, Span, Token
from spacy.util import minibatch

from factcheck.errors import ClaimSetError, ModelDataError, PipelineError
from factcheck.knowledge.claimset import ClaimSet, load_claimset
from factcheck.knowledge.kb import KnowledgeBase
from factcheck.pipeline import parse as parsing
from factcheck.pipeline.claims import Claim, ExtractionRules, extract, hearst_matcher
from factcheck.pipeline.context import Context, ContextCue, CueLexicon, CueRule, assess_all, inflections
from factcheck.pipeline.mentions import MentionIndex, MentionMatcher, coordinated, mentions, set_annotations
from factcheck.pipeline.references import resolve_references
from factcheck.pipeline.repair import RepairRules, repair
from factcheck.pipeline.ruler import index_attribute_ruler
from factcheck.pipeline.verify import Jurisdictions, reference_ranges, set_aside_by_text, verify
from factcheck.report import Finding, Report
from factcheck.resources import BASE_MODEL, ModelData
from factcheck.text import segmentation
from factcheck.text.cleaning import without_surrogates
from factcheck.text.normalize import NormalizeRules, parse_text, split_contractions

# The extensions' values live in ``doc.user_data`` as plain records (dicts and lists of str, int,
# bool and None), under these keys, so that a checked Doc survives everything spaCy does to
# Docs: ``doc.to_bytes()``, ``DocBin(store_user_data=True)``, pickle and ``nlp.pipe(n_process=N)``
# (which serializes the Docs between processes). The extensions are getters and setters that
# turn the records into the rich objects and back.
_CLAIMS = ("factcheck", "claims")
_CONTEXTS = ("factcheck", "contexts")
_FINDINGS = ("factcheck", "findings")


def _user_data(doc: Doc) -> dict[Any, Any]:
    """``doc.user_data``, whose keys are any hashable values (spaCy's own extension values have
    tuple keys too; its type stubs say ``str``)."""
    return doc.user_data


def _store(doc: Doc, key: tuple[str, str], records: list | None) -> None:
    if records is None:
        _user_data(doc).pop(key, None)
    else:
        _user_data(doc)[key] = records


def _span_record(span: Span) -> list:
    return [span.start, span.end, span.label_, span.kb_id_, span.id_]


def _claim_record(claim: Claim) -> dict:
    return {"subject": _span_record(claim.subject), "object": _span_record(claim.object),
            "relation": claim.relation, "pattern": claim.pattern, "predicate": claim.predicate,
            "path": list(claim.path), "trigger": list(claim.trigger), "restricted": list(claim.restricted)}


def _claim(doc: Doc, r: dict) -> Claim:
    def span(rec) -> Span:
        start, end, label, kb_id, *rest = rec  # (the span's id: records before it have four fields)
        return Span(doc, start, end, label=label, kb_id=kb_id, span_id=rest[0] if rest else "")

    return Claim(subject=span(r["subject"]), object=span(r["object"]), relation=r["relation"],
                 pattern=r["pattern"], predicate=r["predicate"], path=tuple(r["path"]),
                 trigger=tuple(r["trigger"]), restricted=tuple(r["restricted"]))


def _context_record(context: Context) -> dict:
    return {"negated": context.negated, "assertion": context.assertion, "episodic": context.episodic,
            "suspended": context.suspended, "cues": [[c.token_start, c.token_end, c.category] for c in context.cues]}


def _context(r: dict) -> Context:
    return Context(negated=r["negated"], assertion=r["assertion"], episodic=r["episodic"],
                   suspended=r.get("suspended"), cues=tuple(ContextCue(s, e, cat) for s, e, cat in r["cues"]))


def _get_claims(doc: Doc) -> list[Claim] | None:
    records = _user_data(doc).get(_CLAIMS)
    return None if records is None else [_claim(doc, r) for r in records]


def _set_claims(doc: Doc, claims: Iterable[Claim] | None) -> None:
    _store(doc, _CLAIMS, None if claims is None else [_claim_record(c) for c in claims])


def _get_contexts(doc: Doc) -> list[Context] | None:
    records = _user_data(doc).get(_CONTEXTS)
    return None if records is None else [_context(r) for r in records]


def _set_contexts(doc: Doc, contexts: Iterable[Context] | None) -> None:
    _store(doc, _CONTEXTS, None if contexts is None else [_context_record(c) for c in contexts])


def _get_findings(doc: Doc) -> list[Finding] | None:
    records = _user_data(doc).get(_FINDINGS)
    return None if records is None else [Finding.model_validate(r) for r in records]


def _set_findings(doc: Doc, findings: Iterable[Finding] | None) -> None:
    _store(doc, _FINDINGS, None if findings is None else [f.model_dump(mode="json") for f in findings])


def _report(doc: Doc) -> Report | None:
    findings = doc._.factcheck_findings
    return None if findings is None else Report.from_findings(findings)


for _name, _kwargs in (("factcheck_claims", {"getter": _get_claims, "setter": _set_claims}),
                       ("factcheck_contexts", {"getter": _get_contexts, "setter": _set_contexts}),
                       ("factcheck_findings", {"getter": _get_findings, "setter": _set_findings}),
                       ("factcheck_report", {"getter": _report})):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, **_kwargs)


@lru_cache(maxsize=8)
def get_kb(claims: tuple[str, ...] | None = None, confine_sources: bool = True,
           source_dirs: tuple[str, ...] = ()) -> KnowledgeBase:
    """The knowledge base for a set of claim-set paths (default: the shipped claim set), loaded
    once; sources confined as :func:`~factcheck.knowledge.claimset.load_claimset` confines them."""
    return KnowledgeBase(load_claimset(list(claims) if claims else None, confine_sources=confine_sources,
                                       source_dirs=source_dirs))


def _kb(claims: list[str] | None, confine_sources: bool = True, source_dirs: tuple[str, ...] = ()) -> KnowledgeBase:
    return get_kb(tuple(str(p) for p in claims) if claims else None, bool(confine_sources),
                  tuple(str(d) for d in source_dirs))


def _claimset_from_json(data: bytes) -> ClaimSet:
    try:
        return ClaimSet.model_validate_json(data)
    except ValidationError as exc:
        raise ClaimSetError(f"a saved pipeline's claim set is not valid: {exc}") from exc


@lru_cache(maxsize=4)
def _kb_from_json(data: bytes) -> KnowledgeBase:
    """The knowledge base of a saved claim set (the stages that share one share the object)."""
    return KnowledgeBase(_claimset_from_json(data))


# ---------------------------------------------------------------- saving the components' data
# A component keeps what it loaded (claim set, rules, cues) and writes it into the pipeline
# directory (``nlp.to_disk``) or bytes (``nlp.to_bytes``); ``spacy.load`` reads it back from there.
# The component loads the config's files when it is made, as long as they exist (and builds its
# matchers then: strings they add to the vocabulary inside a ``memory_zone`` would not outlive
# it). A saved pipeline whose config names files that are gone (moved to another machine) still
# loads: its data comes from the pipeline directory; only a component that gets none from there
# reads the config's files on first use (and reports those that are missing).


def _exist(paths: str | list[str] | None) -> bool:
    """Whether the config's data files exist (None: the shipped ones)."""
    if paths is None:
        return True
    return all(Path(p).exists() for p in ([paths] if isinstance(paths, str) else paths))


def _write(path: str | Path, files: dict[str, bytes]) -> None:
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (path / name).write_bytes(data)


def _read(path: str | Path, names: Iterable[str]) -> dict[str, bytes]:
    path = Path(path)
    try:
        return {name: (path / name).read_bytes() for name in names}
    except OSError as exc:
        raise PipelineError(f"{path}: not a saved factcheck component: {exc}") from exc


_M = TypeVar("_M", bound=ModelData)


def _model_from_json(cls: type[_M], data: bytes, what: str) -> _M:
    try:
        return cls.model_validate_json(data)
    except ValidationError as exc:
        raise ModelDataError(f"a saved pipeline's {what} is not valid: {exc}") from exc


class _Saved:
    """``to_disk`` / ``from_disk`` / ``to_bytes`` / ``from_bytes`` over the files of :meth:`_files`
    (name -> bytes), read back by :meth:`_restore`."""

    _files_names: tuple[str, ...] = ()

    def _files(self) -> dict[str, bytes]:
        raise NotImplementedError

    def _restore(self, files: dict[str, bytes]) -> None:
        raise NotImplementedError

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        _write(path, self._files())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()):
        if not Path(path).exists():  # saved before factcheck saved its data: keep the config's
            return self
        self._restore(_read(path, self._files_names))
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return srsly.msgpack_dumps(self._files())

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()):
        self._restore(srsly.msgpack_loads(data))
        return self


class _RuleFileStage(_Saved, Generic[_M]):
    """A stage over one rule file of ``models/`` (a :class:`~factcheck.resources.ModelData`, or
    the file at ``rules_path``): read when the stage is made as long as the file exists (else on
    first use), read again by ``initialize()``, saved with the pipeline as the one file of
    ``_files_names`` and read back from there. A subclass names the model class (``_model``), the
    file and what the rules are (``_what``, for the error on an invalid saved file), and builds
    what it needs over the rules in :meth:`set_rules`."""

    _model: type[_M]
    _what: str

    def __init__(self, rules_path: str | None) -> None:
        self.rules_path = str(rules_path) if rules_path else None
        self._rules: _M | None = None
        if _exist(self.rules_path):
            self.set_rules(self._model.load(self.rules_path))

    @property
    def rules(self) -> _M:
        rules = self._rules
        if rules is None:
            rules = self._model.load(self.rules_path)
            self.set_rules(rules)
        return rules

    def set_rules(self, rules: _M) -> None:
        """Use these rules (saved with the pipeline)."""
        self._rules = rules

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        """``nlp.initialize()``: (re)load the rules from the config's path."""
        self.set_rules(self._model.load(self.rules_path))

    def _files(self) -> dict[str, bytes]:
        (name,) = self._files_names
        return {name: self.rules.model_dump_json().encode("utf-8")}

    def _restore(self, files: dict[str, bytes]) -> None:
        (name,) = self._files_names
        rules = _model_from_json(self._model, files[name], self._what)
        if rules != self._rules:  # else keep what was built over them
            self.set_rules(rules)


class _BatchStage:
    """A stage that reads one Doc at a time (``__call__``), run by ``nlp.pipe`` over a batch
    stage by stage: each stage reads every Doc of the batch before the next stage starts, so
    the code and data of one stage stay warm across the Docs (on drug-dense text about a tenth
    of the check's CPU time less than passing each Doc through all the stages in turn). The
    Docs, and what each stage writes on them, are the same either way: no stage reads another
    Doc."""

    def __call__(self, doc: Doc) -> Doc:
        raise NotImplementedError

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for batch in minibatch(docs, batch_size):
            yield from [self(doc) for doc in batch]


_S = TypeVar("_S")


def get_stage(nlp: Language, name: str, cls: type[_S]) -> _S:
    """The pipeline's component ``name``, which must be a ``cls``; raises
    :class:`~factcheck.errors.PipelineError` otherwise."""
    pipe = nlp.get_pipe(name)
    if not isinstance(pipe, cls):
        raise PipelineError(f"the pipeline's {name!r} component is a {type(pipe).__name__}, not a {cls.__name__}")
    return pipe


def paragraphs(doc: Doc) -> Doc:
    segmentation.set_annotations(doc, segmentation.paragraph_starts(doc))
    return doc


class _ClaimSetStage(_Saved):
    """A stage over the claim set: loaded from ``claims`` (paths; default: the shipped claim set)
    when it is made, or from a saved pipeline. Sources are confined to their claim file's
    directory and ``source_dirs`` unless ``confine_sources`` is false (as in
    :func:`~factcheck.knowledge.claimset.load_claimset`)."""

    _files_names: tuple[str, ...] = ("claimset.json",)

    def __init__(self, claims: list[str] | None, confine_sources: bool = True,
                 source_dirs: Iterable[str] | None = None) -> None:
        self.claims = [str(p) for p in claims] if claims else None
        self.confine_sources = bool(confine_sources)
        self.source_dirs = tuple(str(d) for d in source_dirs or ())
        self._kb: KnowledgeBase | None = None
        if _exist(self.claims):
            self._set_kb(self._load())

    def _load(self) -> KnowledgeBase:
        return _kb(self.claims, self.confine_sources, self.source_dirs)

    @property
    def kb(self) -> KnowledgeBase:
        kb = self._kb
        if kb is None:
            kb = self._load()
            self._set_kb(kb)
        return kb

    def _set_kb(self, kb: KnowledgeBase) -> None:
        self._kb = kb

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        """``nlp.initialize()``: (re)load the claim set from the config's paths."""
        self._set_kb(self._load())

    def _files(self) -> dict[str, bytes]:
        return {"claimset.json": self.kb.claimset.model_dump_json().encode("utf-8")}

    def _restore(self, files: dict[str, bytes]) -> None:
        data = bytes(files["claimset.json"])
        if self._kb is None or _claimset_from_json(data) != self._kb.claimset:  # else keep the one built
            self._set_kb(_kb_from_json(data))


class MentionComponent(_BatchStage, _ClaimSetStage):
    def __init__(self, nlp: Language, name: str, *, claims: list[str] | None, confine_sources: bool = True,
                 source_dirs: Iterable[str] | None = None) -> None:
        self.name = name
        self._nlp = nlp
        self._matcher: MentionMatcher | None = None
        self._contractions = NormalizeRules.load()
        super().__init__(claims, confine_sources, source_dirs)

    def _set_kb(self, kb: KnowledgeBase) -> None:
        if kb is not self._kb or self._matcher is None:
            self._kb = kb
            self._matcher = MentionMatcher(self._nlp, kb)

    @property
    def matcher(self) -> MentionMatcher:
        self.kb  # noqa: B018 (loads the claim set and builds the matcher)
        assert self._matcher is not None  # built with the knowledge base (_set_kb)
        return self._matcher

    def __call__(self, doc: Doc) -> Doc:
        # the first stage of the factcheck pipeline sees the Doc as the tokenizer left it: split
        # the apostrophe-less contractions first ("its an opioid"; models/normalize.yaml); a Doc
        # a user's pipeline has parsed keeps its tokens
        split_contractions(doc, self._contractions)
        set_annotations(doc, *self.matcher.match_all(doc))
        return doc


LEMMA_CACHE_LIMIT = 20_000
"""Word forms the base pipeline's lemmatizer may cache between memory zones."""


def keep_every_lemma(lemmatizer: Lemmatizer) -> bool:
    """Make a rule-based lemmatizer keep every lemma it works out in its cache: spaCy's keeps
    none of a word it judges a base form (nor of a space or a proper noun without a table), so
    such a word is judged again at every occurrence. What it works out depends only on the
    word, its part of speech and its morphology (the cache's key; :meth:`~spacy.pipeline.Lemmatizer.is_base_form`
    of spaCy's English lemmatizer reads nothing else), so the lemmas are the same. A token
    without a part of speech (spaCy warns of it) is not kept. False (the lemmatizer is left as
    it is) for another mode or a lemmatizer whose base-form test may read more."""
    from spacy.lang.en.lemmatizer import EnglishLemmatizer

    if lemmatizer.mode != "rule" or type(lemmatizer).is_base_form not in (
            Lemmatizer.is_base_form, EnglishLemmatizer.is_base_form) or \
            type(lemmatizer).rule_lemmatize is not Lemmatizer.rule_lemmatize:
        return False
    rule = lemmatizer.rule_lemmatize

    def lemmatize(token: Token) -> list[str]:
        # (the key of spaCy's own cache; its type stubs lack MorphAnalysis.key)
        key = (token.orth, token.pos, token.morph.key)  # type: ignore[attr-defined]
        found = lemmatizer.cache.get(key)
        if found is None:
            found = rule(token)
            if token.pos:
                lemmatizer.cache[key] = found
        return found

    lemmatizer.lemmatize = lemmatize
    return True


class ParseComponent(_RuleFileStage[NormalizeRules]):
    """Runs a spaCy pipeline with a parser on the normalized copy of each text that mentions a
    drug or class, and copies its analysis back (:mod:`factcheck.pipeline.parse`).

    With ``windows`` (the default), only the windows of a text are parsed: the sentences that
    hold a mention and those their reading needs (:func:`factcheck.pipeline.parse.windows`);
    without, the whole text (slower on long texts; kept for comparison)."""

    def __init__(self, nlp: Language, name: str, *, model: str, exclude: list[str],
                 normalize: str | None, windows: bool = True, rules: str | None = None) -> None:
        self.name = name
        self.windows = windows
        extraction = ExtractionRules.load(rules)
        # words with which an anaphor may refer further back (a window follows them back)
        self.chain_words = frozenset(extraction.anaphors | extraction.possessive_anaphors
                                     | extraction.anaphoric_heads | extraction.mechanism_heads)
        # words of a sentence that may reject the report before it (a window takes it in)
        lexicon = CueLexicon.load(None)
        self.judging_words = lexicon.judging_words()
        self.checking_words = frozenset(w for verb in lexicon.checking_verbs for w in inflections(verb))
        try:
            self.base = spacy.load(model, vocab=nlp.vocab, exclude=exclude)
        except OSError as exc:
            raise PipelineError(f"cannot load spaCy pipeline {model!r}: it is not an installed "
                                f"package or a model directory ({exc})") from exc
        if not self.base.has_pipe("parser"):
            raise PipelineError(f"spaCy pipeline {model!r} has no dependency parser; factcheck needs one")
        self.base.add_pipe("factcheck_paragraphs", before="parser")
        for _, proc in self.base.pipeline:  # the same matches, found through an index
            if isinstance(proc, AttributeRuler):
                index_attribute_ruler(proc)
            elif isinstance(proc, Lemmatizer):
                keep_every_lemma(proc)
        # texts that are not parsed still get sentences, from punctuation
        self.sentencizer = Sentencizer()
        super().__init__(normalize)

    # The normalization rules are saved with the pipeline (the base pipeline is not: it is
    # loaded again by name, or from its directory).
    _files_names = ("normalize.json",)
    _model = NormalizeRules
    _what = "normalization rules"

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    @contextmanager
    def memory_zone(self, mem: Pool | None = None) -> Iterator[Pool | None]:
        """Called by ``nlp.memory_zone()``. The base pipeline shares the vocabulary, whose zone
        is open already, so what the base pipeline adds to it is freed with the zone; left are
        its components' own caches: components with a memory zone of their own enter it, and
        the lemmatizer's cache of lemmas by word form (which grows with every new word) is
        emptied once it holds more than :data:`LEMMA_CACHE_LIMIT` forms."""
        with ExitStack() as stack:
            for _, pipe in self.base.pipeline:
                if hasattr(pipe, "memory_zone"):
                    stack.enter_context(pipe.memory_zone(mem))
            try:
                yield mem
            finally:
                for _, pipe in self.base.pipeline:
                    if isinstance(pipe, Lemmatizer) and len(pipe.cache) > LEMMA_CACHE_LIMIT:
                        pipe.cache.clear()

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        for batch in minibatch(docs, batch_size):
            todo = [d for d in batch if parsing.needs_parse(d)]
            copies: list[Doc] = []
            # the token ranges parsed, per text, and its surface sentences (found once: the
            # windows and the flat trees around them both read them)
            plans: list[tuple[list[tuple[int, int]], list[int] | None]] = []
            chat_tags = self.rules.chat_tags
            for d in todo:
                if self.windows:
                    bounds: list[int] | None = parsing.sentence_bounds(d, chat_tags)
                    ranges = parsing.windows(d, self.chain_words, chat_tags, bounds, self.judging_words,
                                             checking_words=self.checking_words)
                    text = parse_text(d, parsing.drug_tokens(d), self.rules, ranges, parsing.mention_tokens(d))
                else:
                    bounds = None
                    ranges = [(0, len(d))]
                    text = parse_text(d, parsing.drug_tokens(d), self.rules, None, parsing.mention_tokens(d))
                plans.append((ranges, bounds))
                copies.extend(parsing.window_copy(d, text, start, end) for start, end in ranges)
            parsed = iter(self.base.pipe(copies, batch_size=batch_size))
            for d, (ranges, bounds) in zip(todo, plans):
                parsing.transfer_windows(d, [(start, end, next(parsed)) for start, end in ranges], chat_tags, bounds)
            for d in batch:
                if not d.has_annotation("DEP"):
                    self.sentencizer(paragraphs(d))
            yield from batch


class _ExtractionRulesStage(_RuleFileStage[ExtractionRules]):
    """A stage over the extraction rules (``models/extraction.yaml``, or the file ``rules``),
    saved with the pipeline as ``rules.json``."""

    _files_names = ("rules.json",)
    _model = ExtractionRules
    _what = "extraction rules"

    def __init__(self, nlp: Language, name: str, *, rules: str | None) -> None:
        self.name = name
        self._vocab = nlp.vocab
        super().__init__(rules)


class ClaimComponent(_BatchStage, _ExtractionRulesStage):
    """The claims stage (:mod:`factcheck.pipeline.claims`): reads the claims stated about the
    mentions, with the extraction rules and the Hearst matcher built over them."""

    def set_rules(self, rules: ExtractionRules) -> None:
        """Use these extraction rules (saved with the pipeline), and build the Hearst matcher."""
        super().set_rules(rules)
        self.hearst = hearst_matcher(self._vocab, rules)

    def __call__(self, doc: Doc) -> Doc:
        rules = self.rules
        doc._.factcheck_claims = extract(doc, mentions(doc), rules, self.hearst)
        return doc


class RepairComponent(_BatchStage, _RuleFileStage[RepairRules]):
    """The parse-repair stage (:mod:`factcheck.pipeline.repair`): rewrites known misparses,
    declared as DependencyMatcher patterns in ``models/repairs.yaml`` (saved with the pipeline)."""

    _files_names = ("repairs.json",)
    _model = RepairRules
    _what = "parse repairs"

    def __init__(self, nlp: Language, name: str, *, repairs: str | None) -> None:
        self.name = name
        self.vocab = nlp.vocab
        super().__init__(repairs)

    def set_rules(self, rules: RepairRules) -> None:
        """Use these repairs (saved with the pipeline), and build their matcher."""
        super().set_rules(rules)
        rules.matcher(self.vocab)  # built now, outside any memory zone

    def __call__(self, doc: Doc) -> Doc:
        repair(doc, self.rules)
        return doc


class ReferenceComponent(_BatchStage, _ExtractionRulesStage):
    """The references stage (:mod:`factcheck.pipeline.references`): resolves anaphoric drug
    references into the ``factcheck_references`` span group, which the claims stage reads. It
    reads the anaphora lexicons of the extraction rules, saved with the pipeline like the
    claims stage's (it builds no matcher)."""

    def __call__(self, doc: Doc) -> Doc:
        spans = mentions(doc)
        if any(s.label_ == "drug" for s in spans):
            resolve_references(doc, MentionIndex(spans, coordinated(doc)), self.rules)
        return doc


class ContextComponent(_BatchStage, _RuleFileStage[CueLexicon]):
    """The context stage (:mod:`factcheck.pipeline.context`): negation and assertion of each
    claim, with the cues of ``models/context.yaml`` (saved with the pipeline)."""

    _files_names = ("cues.json",)
    _model = CueLexicon
    _what = "context cues"

    def __init__(self, nlp: Language, name: str, *, cues: str | None) -> None:
        self.name = name
        super().__init__(cues)

    @property
    def lexicon(self) -> CueLexicon:
        """The cue lexicon (the stage's rules)."""
        return self.rules

    def add_cues(self, cues: Iterable[CueRule | dict]) -> None:
        """Add context cues (:class:`~factcheck.pipeline.context.CueRule` or the same fields as in
        ``models/context.yaml``) to the lexicon; they are saved with the pipeline. Raises
        :class:`~factcheck.errors.ModelDataError` for an invalid cue (the lexicon is unchanged)."""
        current = self.lexicon.model_dump()
        added = [c.model_dump() if isinstance(c, CueRule) else c for c in cues]
        try:
            lexicon = CueLexicon.model_validate({**current, "cues": [*current["cues"], *added]})
        except ValidationError as exc:
            raise ModelDataError(f"invalid context cue: {exc}") from exc
        self.set_rules(lexicon)

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        """``nlp.initialize()``: (re)load the cues from the config's path (cues added with
        :meth:`add_cues` are dropped)."""
        super().initialize(get_examples, nlp=nlp)

    def __call__(self, doc: Doc) -> Doc:
        lexicon = self.lexicon
        doc._.factcheck_contexts = assess_all(doc, doc._.factcheck_claims or [], lexicon)
        return doc


class VerifyComponent(_BatchStage, _ClaimSetStage):
    """Verification against the claim set, with the jurisdiction lexicon (``models/jurisdictions.yaml``,
    or the file ``jurisdictions``) that tells federal law from a state's; both are saved with the
    pipeline."""

    _files_names = ("claimset.json", "jurisdictions.json")

    def __init__(self, nlp: Language, name: str, *, claims: list[str] | None, confine_sources: bool = True,
                 source_dirs: Iterable[str] | None = None, jurisdictions: str | None = None) -> None:
        super().__init__(claims, confine_sources, source_dirs)
        self.name = name
        self.jurisdictions_path = str(jurisdictions) if jurisdictions else None
        self.jurisdictions = Jurisdictions.load(self.jurisdictions_path) if _exist(self.jurisdictions_path) else None

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        """``nlp.initialize()``: (re)load the claim set and the jurisdiction lexicon from the config's paths."""
        super().initialize(get_examples, nlp=nlp)
        self.jurisdictions = Jurisdictions.load(self.jurisdictions_path)

    def _lexicon(self) -> Jurisdictions:
        if self.jurisdictions is None:
            self.jurisdictions = Jurisdictions.load(self.jurisdictions_path)
        return self.jurisdictions

    def _files(self) -> dict[str, bytes]:
        return {**super()._files(), "jurisdictions.json": self._lexicon().model_dump_json().encode("utf-8")}

    def _restore(self, files: dict[str, bytes]) -> None:
        super()._restore(files)
        if "jurisdictions.json" in files:  # (a pipeline saved before the lexicon was saved keeps the config's)
            self.jurisdictions = _model_from_json(Jurisdictions, bytes(files["jurisdictions.json"]),
                                                  "jurisdiction lexicon")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> VerifyComponent:
        if Path(path).exists():
            self._restore(_read(path, [n for n in self._files_names
                                       if n == "claimset.json" or (Path(path) / n).exists()]))
        return self

    def __call__(self, doc: Doc) -> Doc:
        claims = doc._.factcheck_claims or []
        contexts = doc._.factcheck_contexts or []
        kb = self.kb
        lexicon = self._lexicon()
        references = reference_ranges(doc)
        doc._.factcheck_findings = set_aside_by_text(
            claims, [verify(doc, c, x, kb, jurisdictions=lexicon, references=references)
                     for c, x in zip(claims, contexts)], kb)
        return doc


class FactCheckComponent:
    """Mentions, claims, context and verification on a Doc the pipeline has already parsed:
    the stage components in sequence, on the pipeline's own tags, lemmas and dependency tree.

    (:class:`~factcheck.FactChecker` parses a normalized copy of each text that mentions a drug
    instead, which is more accurate on informal writing; see :mod:`factcheck.text.normalize`.)
    """

    def __init__(self, nlp: Language, name: str, *, claims: list[str] | None = None,
                 rules: str | None = None, cues: str | None = None, confine_sources: bool = True,
                 source_dirs: Iterable[str] | None = None, repairs: str | None = None,
                 jurisdictions: str | None = None) -> None:
        self.name = name
        self.stages = (
            MentionComponent(nlp, f"{name}.mentions", claims=claims, confine_sources=confine_sources,
                             source_dirs=source_dirs),
            RepairComponent(nlp, f"{name}.repair", repairs=repairs),
            ClaimComponent(nlp, f"{name}.claims", rules=rules),
            ContextComponent(nlp, f"{name}.context", cues=cues),
            VerifyComponent(nlp, f"{name}.verify", claims=claims, confine_sources=confine_sources,
                            source_dirs=source_dirs, jurisdictions=jurisdictions),
        )

    def add_cues(self, cues: Iterable[CueRule | dict]) -> None:
        """Add context cues (see :meth:`ContextComponent.add_cues`); saved with the pipeline."""
        next(s for s in self.stages if isinstance(s, ContextComponent)).add_cues(cues)

    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        """``nlp.initialize()``: (re)load the claim set, rules and cues from the config's paths."""
        for stage in self.stages:
            stage.initialize(get_examples, nlp=nlp)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Write the claim set, rules and cues into ``path`` (one directory per stage)."""
        for stage in self.stages:
            stage.to_disk(Path(path) / stage.name.rsplit(".", 1)[1])

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> FactCheckComponent:
        for stage in self.stages:
            stage.from_disk(Path(path) / stage.name.rsplit(".", 1)[1])
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return srsly.msgpack_dumps({s.name.rsplit(".", 1)[1]: s.to_bytes() for s in self.stages})

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> FactCheckComponent:
        parts = srsly.msgpack_loads(data)
        for stage in self.stages:
            stage.from_bytes(parts[stage.name.rsplit(".", 1)[1]])
        return self

    def __call__(self, doc: Doc) -> Doc:
        if not (doc.has_annotation("DEP") and doc.has_annotation("LEMMA")) and \
                any(not t.is_space for t in doc):
            missing = " and ".join(a for a, k in (("a dependency parse", "DEP"), ("lemmas", "LEMMA"))
                                   if not doc.has_annotation(k))
            raise PipelineError(
                f"the {self.name!r} component got a Doc without {missing}: add it after the parser "
                f"and the lemmatizer of an English pipeline (e.g. spacy.load('en_core_web_sm'), then "
                f"nlp.add_pipe({self.name!r})), and keep them enabled")
        for stage in self.stages:
            doc = stage(doc)
        return doc


# What each factory reads and writes, for ``nlp.analyze_pipes()``.
_PARSE = ["token.dep", "token.head", "token.lemma"]
_FINDINGS_ATTR = "doc._.factcheck_findings"
_CLAIMS_ATTR = "doc._.factcheck_claims"
_CONTEXTS_ATTR = "doc._.factcheck_contexts"


@Language.factory("factcheck", default_config={"claims": None, "rules": None, "cues": None, "repairs": None,
                                              "jurisdictions": None, "confine_sources": True, "source_dirs": []},
                  requires=_PARSE,
                  assigns=["doc.spans", _CLAIMS_ATTR, _CONTEXTS_ATTR, _FINDINGS_ATTR])
def make_factcheck(nlp: Language, name: str, claims: list[str] | None, rules: str | None,
                   cues: str | None, repairs: str | None, jurisdictions: str | None, confine_sources: bool,
                   source_dirs: list[str]) -> FactCheckComponent:
    """``nlp.add_pipe("factcheck")``: the whole check on a parsed Doc (:class:`FactCheckComponent`).
    The pipeline must have a dependency parser and a lemmatizer, before this component."""
    assigned = {a for n in nlp.component_names for a in nlp.get_pipe_meta(n).assigns}
    missing = [what for what, attr in (("dependency parser", "token.dep"), ("lemmatizer", "token.lemma"))
               if attr not in assigned]
    if missing:
        raise PipelineError(
            f"the {name!r} component needs a pipeline with a {' and a '.join(missing)} (it reads their "
            f"analysis and does not parse itself); this one has {nlp.pipe_names or 'no components'}. "
            f"Add it to a trained English pipeline, e.g. nlp = spacy.load('en_core_web_sm'); "
            f"nlp.add_pipe({name!r})")
    _read_surrogates_as_replacement_characters(nlp)
    return FactCheckComponent(nlp, name, claims=claims, rules=rules, cues=cues, confine_sources=confine_sources,
                              source_dirs=source_dirs, repairs=repairs, jurisdictions=jurisdictions)


def _read_surrogates_as_replacement_characters(nlp: Language) -> None:
    """spaCy's tokenizer raises on a text with a lone surrogate (it cannot encode it), before any
    component runs: make the pipeline's ``make_doc`` read each as U+FFFD first, one character for
    one (``doc.text`` then has U+FFFD there; every offset is unchanged). Texts without one are
    passed on untouched. Set on this ``nlp`` object only (not saved with it)."""
    if not isinstance(nlp.make_doc, SurrogateSafeMakeDoc):
        nlp.make_doc = SurrogateSafeMakeDoc(nlp.make_doc)  # type: ignore[method-assign]


class SurrogateSafeMakeDoc:
    """``make_doc`` with lone surrogates read as U+FFFD (picklable, for ``nlp.pipe(n_process=N)``)."""

    def __init__(self, make_doc) -> None:
        self.make_doc = make_doc

    def __call__(self, text):
        return self.make_doc(without_surrogates(text) if isinstance(text, str) else text)


@Language.factory("factcheck_paragraphs", assigns=["token.is_sent_start"])
def make_paragraphs(nlp: Language, name: str):
    return paragraphs


@Language.factory("factcheck_mentions", default_config={"claims": None, "confine_sources": True, "source_dirs": []},
                  assigns=["doc.spans"])
def make_mentions(nlp: Language, name: str, claims: list[str] | None, confine_sources: bool,
                  source_dirs: list[str]) -> MentionComponent:
    return MentionComponent(nlp, name, claims=claims, confine_sources=confine_sources, source_dirs=source_dirs)


@Language.factory("factcheck_parse", default_config={"model": BASE_MODEL, "exclude": ["ner"], "normalize": None,
                                                     "windows": True, "rules": None},
                  requires=["doc.spans"],
                  assigns=["token.tag", "token.pos", "token.morph", *_PARSE, "token.is_sent_start", "doc.sents"])
def make_parse(nlp: Language, name: str, model: str, exclude: list[str], normalize: str | None,
               windows: bool, rules: str | None) -> ParseComponent:
    return ParseComponent(nlp, name, model=model, exclude=exclude, normalize=normalize, windows=windows,
                          rules=rules)


@Language.factory("factcheck_claims", default_config={"rules": None},
                  requires=["doc.spans", *_PARSE], assigns=[_CLAIMS_ATTR])
def make_claims(nlp: Language, name: str, rules: str | None) -> ClaimComponent:
    return ClaimComponent(nlp, name, rules=rules)


@Language.factory("factcheck_repair", default_config={"repairs": None},
                  requires=["doc.spans", *_PARSE], assigns=["token.dep", "token.head", "doc.spans"])
def make_repair(nlp: Language, name: str, repairs: str | None) -> RepairComponent:
    return RepairComponent(nlp, name, repairs=repairs)


@Language.factory("factcheck_references", default_config={"rules": None},
                  requires=["doc.spans", *_PARSE], assigns=["doc.spans"])
def make_references(nlp: Language, name: str, rules: str | None) -> ReferenceComponent:
    return ReferenceComponent(nlp, name, rules=rules)


@Language.factory("factcheck_context", default_config={"cues": None},
                  requires=[_CLAIMS_ATTR, *_PARSE], assigns=[_CONTEXTS_ATTR])
def make_context(nlp: Language, name: str, cues: str | None) -> ContextComponent:
    return ContextComponent(nlp, name, cues=cues)


@Language.factory("factcheck_verify", default_config={"claims": None, "confine_sources": True, "source_dirs": [],
                                                     "jurisdictions": None},
                  requires=[_CLAIMS_ATTR, _CONTEXTS_ATTR], assigns=[_FINDINGS_ATTR])
def make_verify(nlp: Language, name: str, claims: list[str] | None, confine_sources: bool,
                source_dirs: list[str], jurisdictions: str | None) -> VerifyComponent:
    return VerifyComponent(nlp, name, claims=claims, confine_sources=confine_sources, source_dirs=source_dirs,
                           jurisdictions=jurisdictions)
