"""The context lexicon as data: cue records (id, category, Matcher pattern or literal, direction)
and the categories table, validated on load; one Matcher per vocab, run once per sentence and
shared by the sentence's claims. Case tables in tests/data/context_cues.yaml."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from factcheck.errors import ModelDataError
from factcheck.pipeline import context as ctx
from factcheck.pipeline.components import ContextComponent
from factcheck.pipeline.context import ContextIndex, CueLexicon, assess, assess_all
from factcheck.resources import models_dir

CASES = yaml.safe_load((Path(__file__).parent.parent / "data" / "context_cues.yaml").read_text("utf-8"))
SHIPPED = yaml.safe_load((models_dir() / "context.yaml").read_text("utf-8"))


def lexicon_with(cues=(), categories=None) -> CueLexicon:
    """The shipped lexicon plus ``cues`` (and categories), as a user's lexicon file would be."""
    data = {**SHIPPED, "cues": [*SHIPPED["cues"], *cues]}
    if categories:
        data["categories"] = {**SHIPPED["categories"], **categories}
    return CueLexicon.model_validate(data)


def context_for(nlp, text, claim, lexicon):
    doc = nlp(text)
    claims = doc._.factcheck_claims
    found = [(c, x) for c, x in zip(claims, assess_all(doc, claims, lexicon))
             if [c.subject.kb_id_, c.object.kb_id_] == claim]
    assert len(found) == 1, [(c.subject.text, c.object.text) for c in claims]
    c, x = found[0]
    return doc, x


def check(doc, context, expected):
    assert context.negated is expected["negated"]
    assert context.assertion == expected["assertion"]
    if "cues" in expected:
        assert [[doc[c.token_start:c.token_end].text, c.category] for c in context.cues] == expected["cues"]


@pytest.mark.parametrize("case", CASES["shipped"], ids=[c["text"][:50] for c in CASES["shipped"]])
def test_shipped_categories(nlp, case):
    doc, context = context_for(nlp, case["text"], case["claim"], CueLexicon.load())
    check(doc, context, case["shipped"])


@pytest.mark.parametrize("case", CASES["added"], ids=[c["text"][:50] for c in CASES["added"]])
def test_a_cue_added_as_data(nlp, case):
    doc, before = context_for(nlp, case["text"], case["claim"], CueLexicon.load())
    check(doc, before, case["shipped"])
    lexicon = lexicon_with(case["cues"], case.get("categories"))
    doc, after = context_for(nlp, case["text"], case["claim"], lexicon)
    check(doc, after, case["added"])


def test_a_user_lexicon_file_with_a_pattern_cue(nlp, tmp_path):
    """A new negation word given only as a pattern, in a lexicon file (no Python)."""
    path = tmp_path / "context.yaml"
    text = (models_dir() / "context.yaml").read_text("utf-8")
    path.write_text(text + '  - {id: negation-nary, category: negation, pattern: [{LOWER: {IN: [nary, narry]}}]}\n',
                    encoding="utf-8")
    user = CueLexicon.load(path)
    assert user.cues[-1].id == "negation-nary"
    doc, context = context_for(nlp, "Baclofen is nary an opioid.", ["baclofen", "opioid"], user)
    assert context.negated and [doc[c.token_start:c.token_end].text for c in context.cues] == ["nary"]
    _, shipped = context_for(nlp, "Baclofen is nary an opioid.", ["baclofen", "opioid"], CueLexicon.load())
    assert not shipped.negated


BAD = [
    ({"id": "hedge-bad-op", "category": "hedge", "pattern": [{"LOWER": "x", "OP": "!!"}]}, "hedge-bad-op"),
    ({"id": "hedge-bad-attr", "category": "hedge", "pattern": [{"COLOUR": "red"}]}, "hedge-bad-attr"),
    ({"id": "hedge-empty", "category": "hedge", "pattern": []}, "hedge-empty"),
    ({"id": "hedge-both", "category": "hedge", "literal": "x", "pattern": [{"LOWER": "x"}]}, "either a literal or"),
    ({"id": "hedge-none", "category": "hedge"}, "either a literal or"),
    ({"id": "mystery-x", "category": "mystery", "literal": "x"}, "mystery-x (mystery)"),
    ({"id": "negation-not", "category": "negation", "literal": "nicht"}, "declared twice: negation-not"),
]


@pytest.mark.parametrize("cue,message", BAD, ids=[c["id"] for c, _ in BAD])
def test_a_bad_cue_is_a_clear_error(tmp_path, cue, message):
    path = tmp_path / "context.yaml"
    path.write_text(yaml.safe_dump({**SHIPPED, "cues": [*SHIPPED["cues"], cue]}), encoding="utf-8")
    with pytest.raises(ModelDataError) as err:
        CueLexicon.load(path)
    assert str(path) in str(err.value) and message in str(err.value)


def test_a_bad_category_effect_is_a_clear_error(tmp_path):
    path = tmp_path / "context.yaml"
    path.write_text(yaml.safe_dump({**SHIPPED, "categories": {**SHIPPED["categories"], "hedge": {"flips": "sometimes"}}}),
                    encoding="utf-8")
    with pytest.raises(ModelDataError, match="categories.hedge.flips"):
        CueLexicon.load(path)


def test_every_shipped_cue_has_an_id_and_a_known_category():
    lexicon = CueLexicon.load()
    assert all(c.id for c in lexicon.cues)
    assert {c.category for c in lexicon.cues} <= set(lexicon.categories)
    assert len({c.id for c in lexicon.cues}) == len(lexicon.cues)


def test_lemma_patterns_match_in_lower_case(nlp):
    """A governor pattern's LEMMA matches a proper noun's lemma too (spaCy keeps its case)."""
    lexicon = CueLexicon.load()
    doc = nlp("MYTH that baclofen is an opioid.")
    index = ContextIndex(doc, lexicon)
    assert [r.id for r in index.governors(doc[0])] == ["debunk-myth"]


def test_the_matcher_is_built_once_per_vocab_and_run_once_per_sentence(nlp, monkeypatch):
    lexicon = CueLexicon.load()
    assert lexicon.matcher(nlp.vocab)[0] is lexicon.matcher(nlp.vocab)[0]
    doc = nlp("Baclofen is an opioid and oxycodone is an opioid and codeine is an opiate. Is tramadol an opioid?")
    runs = []
    real = ContextIndex._match
    monkeypatch.setattr(ContextIndex, "_match", lambda self, sent: runs.append(sent.start) or real(self, sent))
    contexts = assess_all(doc, doc._.factcheck_claims, lexicon)
    assert len(contexts) >= 4
    assert sorted(runs) == sorted(set(runs)) and len(runs) == 2


def test_one_sentence_repeating_a_claim(nlp):
    """A claim repeated N times in one sentence (issue 17): every claim gets the context the
    claim gets alone, and the stage is linear in the sentence (a generous bound)."""
    lexicon = CueLexicon.load()
    n = 60
    doc = nlp("Baclofen is an opioid and " * n)
    claims = [c for c in doc._.factcheck_claims if c.relation == "is_a"]
    assert len(claims) == n
    start = time.perf_counter()
    contexts = assess_all(doc, claims, lexicon)
    took = time.perf_counter() - start
    assert {(x.negated, x.assertion, x.cues) for x in contexts} == {(False, "asserted", ())}
    # each claim alone (its own index): the same context as with the shared one
    assert [assess(doc, c, lexicon) for c in claims[:5]] == contexts[:5]
    assert took < 5.0


def test_negated_repeats_in_one_sentence(nlp):
    lexicon = CueLexicon.load()
    doc = nlp("Baclofen is not an opioid and " * 30)
    contexts = assess_all(doc, doc._.factcheck_claims, lexicon)
    assert len(contexts) == 30 and all(x.negated and x.assertion == "asserted" for x in contexts)


def test_the_debunked_list_is_suspended_by_the_context_stage(checker, nlp):
    """A debunking frame around a list: the list's membership is presupposed (the context says
    so, verification reads it)."""
    text = "Many people erroneously believe that Valium, Xanax and other benzodiazepines must be taken daily."
    doc = nlp(text)
    suspended = [x.suspended for c, x in zip(doc._.factcheck_claims, doc._.factcheck_contexts)
                 if c.object.kb_id_ == "benzodiazepine"]
    assert suspended and all(s and "presupposed" not in s and "debunking frame" in s for s in suspended)
    findings = [f for f in checker.check(text).findings if f.object.id == "benzodiazepine"]
    assert findings and {f.verdict for f in findings} == {"unverifiable"}
    assert all("debunking frame" in (f.note or "") for f in findings)


def test_rules_survive_the_components_to_disk_and_from_disk(nlp, tmp_path):
    """The lexicon with an added pattern cue and a category of one's own, saved and read back by
    a fresh context component, matches and acts the same."""
    component = ContextComponent(nlp, "saved_context", cues=str(models_dir() / "context.yaml"))
    added = {"id": "hedge-purportedly", "category": "hedge", "pattern": [{"LOWER": "purportedly"}]}
    component.add_cues([added])
    component.to_disk(tmp_path / "context")
    fresh = ContextComponent(nlp, "fresh_context", cues=None).from_disk(tmp_path / "context")
    assert fresh.lexicon == component.lexicon
    assert fresh.lexicon.cues[-1].pattern == ({"LOWER": "purportedly"},)
    doc = nlp("Baclofen is purportedly an opioid.")
    fresh(doc)
    (x,) = doc._.factcheck_contexts
    assert x.assertion == "hedged"
    again = ContextComponent(nlp, "bytes_context", cues=None).from_bytes(component.to_bytes())
    assert again.lexicon == component.lexicon


def test_the_lemma_extension_is_registered():
    from spacy.tokens import Token

    assert Token.has_extension(ctx.LEMMA_ATTR)
