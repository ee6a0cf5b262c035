"""Thin spaCy components over the stage modules, registered as factories (also through the
``spacy_factories`` entry point).

Stages and what they write:

- ``factcheck_paragraphs`` (before the parser) -> sentence starts at blank lines
- ``factcheck_mentions`` -> ``doc.spans["factcheck_mentions"]`` (:mod:`factcheck.mentions`)
- ``factcheck_claims``   -> ``doc._.factcheck_claims`` (:mod:`factcheck.extraction`)
- ``factcheck_context``  -> ``doc._.factcheck_contexts`` (:mod:`factcheck.context`)
- ``factcheck_verify``   -> ``doc._.factcheck_findings`` (:mod:`factcheck.verification`)

Each component takes keyword-only settings; the claim set and rule files default to the ones
shipped with the package.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .claimset import load_claimset
from .context import CueLexicon, assess
from .extraction import ExtractionRules, extract, hearst_matcher
from .kb import KnowledgeBase
from . import segmentation
from .mentions import MentionMatcher, mentions, set_annotations
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
        set_annotations(doc, self.matcher.match(doc))
        return doc


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
