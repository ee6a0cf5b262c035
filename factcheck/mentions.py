"""Mentions: spans of text that name a concept of the claim set.

``match(doc)`` finds them, ``set_annotations(doc, spans)`` writes them to
``doc.spans[SPANS_KEY]`` (label = concept type, ``kb_id_`` = concept id), in the manner of
spaCy's ``SpanRuler``. Matching is on whole tokens, case-insensitive (abbreviations are
case-sensitive), longest match first.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .kb import KnowledgeBase

SPANS_KEY = "factcheck_mentions"


class MentionMatcher:
    """Phrase matcher over every alias of a knowledge base."""

    def __init__(self, nlp: Language, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        groups: dict[tuple[str, bool], list[str]] = {}
        for entry in kb.aliases:
            groups.setdefault((entry.concept_id, entry.case_sensitive), []).append(entry.text)
        for (cid, case_sensitive), texts in groups.items():
            matcher = self._exact if case_sensitive else self._lower
            matcher.add(cid, list(nlp.tokenizer.pipe(texts)))
        self._types = {cid: c.type for cid, c in kb.concepts.items()}

    def match(self, doc: Doc) -> list[Span]:
        spans = []
        for matcher in (self._lower, self._exact):
            for match_id, start, end in matcher(doc):
                cid = doc.vocab.strings[match_id]
                spans.append(Span(doc, start, end, label=self._types[cid], kb_id=cid))
        return filter_spans(spans)


def set_annotations(doc: Doc, spans: Iterable[Span], approximate: Iterable[Span] = ()) -> None:
    """Write mentions; ``approximate`` are those matched by edit distance, not exactly."""
    doc.spans[SPANS_KEY] = sorted(spans, key=lambda s: (s.start, s.end))
    doc.spans[SPANS_KEY].attrs["approximate"] = sorted((s.start, s.end) for s in approximate)


def mentions(doc: Doc) -> list[Span]:
    """The mentions written by :func:`set_annotations` (empty if none)."""
    return list(doc.spans[SPANS_KEY]) if SPANS_KEY in doc.spans else []


def is_approximate(span: Span) -> bool:
    """Whether a mention (or a span over the same tokens) was matched approximately."""
    doc = span.doc
    if SPANS_KEY not in doc.spans:
        return False
    return [span.start, span.end] in [list(p) for p in doc.spans[SPANS_KEY].attrs.get("approximate", [])]
