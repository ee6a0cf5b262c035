"""The base pipeline's attribute ruler, through the index (``factcheck.pipeline.ruler``), finds
what spaCy's token Matcher finds, in the same order, and sets the same attributes."""

from __future__ import annotations

import pytest
from spacy.pipeline import AttributeRuler

from factcheck.pipeline.ruler import build_match, index_attribute_ruler

TEXTS = [
    "I ain't gonna take baclofen, y'all. Let's go, c'mon! There is a risk and there were two.",
    "My doctor says tramadol isn't an opioid lol... it gets prescribed a lot & he got it wrong.",
    "Opioids such as oxycodone (OxyContin) and fentanyl are DANGEROUS, aren't they?\n\nYes.",
    "We gotta ask: is gabapentin a benzo?  Nope -- it's an anticonvulsant; 100mg/day @ 9pm.",
    "",
    "   ",
]


@pytest.fixture(scope="module")
def base(checker):
    return checker.nlp.get_pipe("factcheck_parse").base


@pytest.fixture(scope="module")
def ruler(base):
    ruler = base.get_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    return ruler


def _before_ruler(base, texts):
    names = base.pipe_names
    later = names[names.index("attribute_ruler"):]
    with base.select_pipes(disable=later):
        return list(base.pipe(texts))


def test_the_shipped_ruler_is_indexed_and_matches_as_the_matcher(base, ruler):
    assert "match" in vars(ruler)  # the index replaced the method on this instance
    docs = _before_ruler(base, TEXTS)
    found = 0
    for doc in docs:
        expected = AttributeRuler.match(ruler, doc)  # spaCy's own, through its Matcher
        assert ruler.match(doc) == expected
        found += len(expected)
    assert found > sum(len(d) for d in docs)  # the tag patterns and the word patterns both hit
    # a two-token pattern ("ai" + "n't", "gon" + "na") is among the matches
    assert any(e - s == 2 for d in docs for _, _, s, e in ruler.match(d))


def test_indexed_ruler_sets_the_same_attributes(base, ruler):
    docs = _before_ruler(base, TEXTS)
    plain = [d.copy() for d in docs]
    for doc in plain:
        AttributeRuler.set_annotations(ruler, doc, AttributeRuler.match(ruler, doc))
    for doc in docs:
        ruler(doc)
    for a, b in zip(docs, plain, strict=True):
        assert [(t.pos_, t.lemma_, str(t.morph)) for t in a] == [(t.pos_, t.lemma_, str(t.morph)) for t in b]


def test_rulers_it_cannot_read_are_left_alone(checker):
    nlp = checker.nlp
    ruler = AttributeRuler(nlp.vocab)
    ruler.add([[{"LOWER": "a", "OP": "+"}]], {"LEMMA": "x"})  # an operator: not a fixed-length run
    assert build_match(ruler) is None
    assert index_attribute_ruler(ruler) is False and "match" not in vars(ruler)
    ruler = AttributeRuler(nlp.vocab)
    ruler.add([[{"TAG": "NN"}, {"LOWER": {"REGEX": "^x+$"}}]], {"LEMMA": "y"})
    ruler.add([[{"IS_SPACE": True}]], {"LEMMA": "z"})
    assert index_attribute_ruler(ruler) is True
    doc = nlp.make_doc("xx xxx  x")
    doc[0].tag_ = "NN"
    assert ruler.match(doc) == AttributeRuler.match(ruler, doc)
    assert any(e - s == 2 for _, _, s, e in ruler.match(doc))


HEARST_TEXTS = [
    "Opioids such as oxycodone and fentanyl are dangerous.",
    "Baclofen and other muscle relaxants, e.g. tizanidine, especially at night.",
    "One of the benzos I took was Xanax, like my friend said.",
    "Baclofen is not an opioid.",
    "My doctor prescribed tramadol yesterday.",
    "",
]


def test_hearst_matcher_skips_only_docs_it_could_not_match(checker):
    from spacy.matcher import Matcher

    from factcheck.pipeline.claims import LemmaScreenedMatcher

    stage = checker.nlp.get_pipe("factcheck_claims")
    screened = stage.hearst
    assert isinstance(screened, LemmaScreenedMatcher)
    plain = Matcher(checker.nlp.vocab)
    for key in screened._patterns:  # the same patterns in a plain Matcher
        plain.add(checker.nlp.vocab.strings[key], screened.get(key)[1])
    base = checker.nlp.get_pipe("factcheck_parse").base
    docs = list(base.pipe(HEARST_TEXTS))
    results = [(screened(d), plain(d)) for d in docs]
    assert all(a == b for a, b in results)
    assert sum(bool(b) for _, b in results) >= 3  # such as, other / e.g. / one of the
    # a Doc without any of the needed lemmas is not walked: empty, as the Matcher's answer
    doc = docs[4]
    assert plain(doc) == [] and screened(doc) == []
    lemmas = {t.lemma for t in doc}
    assert not any(all(not lemmas.isdisjoint(n) for n in need) for need in screened.needed_lemmas)


def test_the_rows_worked_out_once_give_the_matcher_s_matches_in_any_order(base, ruler, monkeypatch):
    # the first-token patterns of each distinct row of values are kept across Docs (and dropped
    # past a bound): Docs read in any order, with the rows kept or started over, match as
    # spaCy's Matcher does; among them the patterns found through a tag and a word together
    from factcheck.pipeline import ruler as indexed

    docs = _before_ruler(base, TEXTS + [t.upper() for t in TEXTS] + [t.lower() for t in TEXTS])
    expected = [AttributeRuler.match(ruler, d) for d in docs]
    for bound in (0, 5, 10_000):
        monkeypatch.setattr(indexed, "_MAX_ROWS", bound)
        match = build_match(ruler)
        assert match is not None
        for order in (range(len(docs)), reversed(range(len(docs))), range(len(docs))):
            for k in order:
                assert match(docs[k]) == expected[k]
    tag_and_word = {i for i, p in enumerate(ruler.patterns)
                    if any({"TAG", "LOWER"} <= set(alt[0]) for alt in p["patterns"])}
    assert any(key in tag_and_word for found in expected for key, _, _, _ in found)


def test_the_attributes_go_on_the_token_each_index_names_as_spacy_s_set_them(checker):
    # set_annotations without a Span per match: an index from the start, from the end (negative),
    # later rules over earlier ones, and an index outside its match refused as spaCy refuses it
    nlp = checker.nlp

    def ruled():
        ruler = AttributeRuler(nlp.vocab)
        ruler.add([[{"LOWER": "is"}, {"LOWER": "not"}]], {"LEMMA": "be", "POS": "AUX"}, index=0)
        ruler.add([[{"LOWER": "is"}, {"LOWER": "not"}]], {"LEMMA": "never", "MORPH": "Polarity=Neg"}, index=-1)
        ruler.add([[{"LOWER": "not"}]], {"LEMMA": "not", "POS": "PART"})
        ruler.add([[{"TAG": "NN"}, {"LOWER": "is"}]], {"NORM": "iz"}, index=1)
        return ruler

    plain, indexed = ruled(), ruled()
    assert index_attribute_ruler(indexed) is True
    for text in ("Baclofen is not an opioid, is not it", "it is", "not is not"):
        a, b = nlp.make_doc(text), nlp.make_doc(text)
        for d in (a, b):
            d[0].tag_ = "NN"
        plain(a)
        indexed(b)
        assert [(t.lemma_, t.pos_, str(t.morph), t.norm_) for t in a] == \
            [(t.lemma_, t.pos_, str(t.morph), t.norm_) for t in b]
    doc = nlp.make_doc("is not")
    indexed(doc)
    assert (doc[0].lemma_, doc[1].lemma_, str(doc[1].morph)) == ("be", "not", "Polarity=Neg")
    wrong = AttributeRuler(nlp.vocab)
    wrong.add([[{"LOWER": "is"}]], {"LEMMA": "x"}, index=3)
    assert index_attribute_ruler(wrong) is True
    with pytest.raises(ValueError):
        wrong.set_annotations(nlp.make_doc("it is"), wrong.match(nlp.make_doc("it is")))
