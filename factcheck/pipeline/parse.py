"""The parse stage: parse the normalized copy of a text (:mod:`factcheck.text.normalize`) and copy
the analysis back onto the original Doc; texts that mention no drug or class are not parsed."""

from __future__ import annotations

import numpy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.tokens import Doc

from factcheck.knowledge.claimset import CLASS_TYPES
from factcheck.pipeline.mentions import mentions
from factcheck.text.normalize import ParseText

_ATTRS = [TAG, POS, MORPH, HEAD, DEP, LEMMA]


def needs_parse(doc: Doc) -> bool:
    """Only a text with a drug or class mention and something to relate it to can hold a claim."""
    spans = mentions(doc)
    return len(spans) >= 2 and any(s.label_ == "drug" or s.label_ in CLASS_TYPES for s in spans)


def drug_tokens(doc: Doc) -> set[int]:
    return {i for s in mentions(doc) if s.label_ == "drug" for i in range(s.start, s.end)}


def parse_copy(doc: Doc, text: ParseText) -> Doc:
    """The Doc the parser reads. Tokens left as they were keep the original's norm (the
    tokenizer's exceptions set it: "isnt" -> "is" + "nt" with norm "not"), which the parser's
    features depend on."""
    copy = Doc(doc.vocab, words=text.words, spaces=text.spaces)
    for tok, word in zip(doc, text.words):
        if tok.text == word:
            copy[tok.i].norm_ = tok.norm_
    return copy


def transfer(parsed: Doc, doc: Doc) -> None:
    """Copy tags, morphology, lemmas and the dependency tree of ``parsed`` (the normalized copy,
    token-aligned, possibly with one extra final token) onto ``doc``."""
    n = len(doc)
    arr = parsed.to_array(_ATTRS)[:n].copy()
    heads = arr[:, 3].view(numpy.int64)
    root = doc.vocab.strings.add("ROOT")
    for i in range(n):
        if not 0 <= i + heads[i] < n:  # attached to the added final period: make it a root
            heads[i] = 0
            arr[i, 4] = root
    doc.from_array(_ATTRS, arr)
    for i in drug_tokens(doc):  # the stand-in's lemma is not the drug's
        doc[i].lemma_ = doc[i].lower_
