"""Assertion context: negation with syntactic scope."""

import pytest

from factcheck.context import CueLexicon


def context_of(nlp, text):
    doc = nlp(text)
    return {(c.subject.kb_id_, c.object.kb_id_): x for c, x in zip(doc._.factcheck_claims, doc._.factcheck_contexts)}


NEGATION = [
    ("Baclofen is not an opioid.", {("baclofen", "opioid"): True}),
    ("baclofen isn't an opiate", {("baclofen", "opiate"): True}),
    ("baclofen isnt an opiate", {("baclofen", "opiate"): True}),
    ("Baclofen is definitely not an opiate.", {("baclofen", "opiate"): True}),
    ("Baclofen is no opioid.", {("baclofen", "opioid"): True}),
    ("Baclofen is never an opioid.", {("baclofen", "opioid"): True}),
    ("Baclofen is not classified as an opioid.", {("baclofen", "opioid"): True}),
    ("Baclofen does not belong to the opioid class.", {("baclofen", "opioid"): True}),
    ("Baclofen is not an opiate or an opioid.", {("baclofen", "opiate"): True, ("baclofen", "opioid"): True}),
    ("Baclofen is neither an opioid nor an opiate.", {("baclofen", "opioid"): True, ("baclofen", "opiate"): True}),
    ("Baclofen is a non-opioid drug.", {("baclofen", "opioid"): True}),
    # scope: the cue must not reach the other conjunct
    ("Baclofen is a muscle relaxant rather than an opioid.",
     {("baclofen", "muscle_relaxant"): False, ("baclofen", "opioid"): True}),
    ("Baclofen is a muscle relaxant instead of an opioid.",
     {("baclofen", "muscle_relaxant"): False, ("baclofen", "opioid"): True}),
    ("Baclofen is a muscle relaxant, not an opioid.",
     {("baclofen", "muscle_relaxant"): False, ("baclofen", "opioid"): True}),
    ("Baclofen is an opioid, not a muscle relaxant.",
     {("baclofen", "opioid"): False, ("baclofen", "muscle_relaxant"): True}),
    ("Baclofen is not an opioid but a muscle relaxant.",
     {("baclofen", "opioid"): True, ("baclofen", "muscle_relaxant"): False}),
    ("Baclofen, not oxycodone, is a muscle relaxant.",
     {("baclofen", "muscle_relaxant"): False, ("oxycodone", "muscle_relaxant"): True}),
    # a negation in another clause does not reach the claim
    ("Baclofen, which my doctor did not want to prescribe, is an opiate.", {("baclofen", "opiate"): False}),
    ("I do not sleep well, and baclofen is an opioid.", {("baclofen", "opioid"): False}),
    ("Baclofen is a non-opioid muscle relaxant.", {("baclofen", "muscle_relaxant"): False}),
]


@pytest.mark.parametrize("text,expected", NEGATION, ids=[t for t, _ in NEGATION])
def test_negation_scope(nlp, text, expected):
    found = context_of(nlp, text)
    assert {k: v.negated for k, v in found.items()} == expected


def test_negation_cue_is_reported_with_its_words(nlp):
    doc = nlp("Baclofen is not an opioid.")
    (ctx,) = doc._.factcheck_contexts
    (cue,) = ctx.cues
    assert (doc[cue.token_start:cue.token_end].text, cue.category) == ("not", "negation")


def test_cue_lexicon_is_validated(tmp_path):
    bad = tmp_path / "context.yaml"
    bad.write_text("cues:\n  - {category: negation, literal: not, direction: sideways}\n", encoding="utf-8")
    with pytest.raises(Exception) as err:
        CueLexicon.load(bad)
    assert "direction" in str(err.value)


def test_shipped_lexicon_loads_and_has_every_direction():
    lex = CueLexicon.load()
    assert {c.direction for c in lex.cues} >= {"syntactic", "path", "forward"}
