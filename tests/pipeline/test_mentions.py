"""Mentions: which stretches of text name a concept of the claim set. Case tables in
tests/data/mentions.yaml."""

from __future__ import annotations

import pytest
from helpers import grouped_cases

from factcheck.pipeline.mentions import SPANS_KEY, MentionMatcher, mentions

# (tests/data/mentions.yaml, grouped by the kind of name)
FOUND = [case for _, case in grouped_cases("mentions", "found")]
LONGEST = [case for _, case in grouped_cases("mentions", "longest")]
ABBREVIATIONS = [case for _, case in grouped_cases("mentions", "abbreviations")]


def found(nlp, text):
    """(text, concept id, label) of each mention, in document order."""
    return [(m.text, m.kb_id_, m.label_) for m in mentions(nlp(text))]


@pytest.mark.parametrize("case", FOUND, ids=[c["text"] for c in FOUND])
def test_mentions_found(nlp, case):
    assert found(nlp, case["text"]) == [tuple(m) for m in case["mentions"]]


@pytest.mark.parametrize("case", LONGEST, ids=[c["text"] for c in LONGEST])
def test_longest_match(nlp, case):
    assert found(nlp, case["text"]) == [tuple(m) for m in case["mentions"]]


@pytest.mark.parametrize("text", ["Opioid receptors are everywhere.", "It does not bind opiate receptors."])
def test_plural_receptor_is_not_the_class(nlp, text):
    assert [m[1] for m in found(nlp, text)] == ["opioid_receptor"]


def test_skeletal_muscle_relaxant_is_one_mention(nlp):
    doc = nlp("Baclofen is a skeletal muscle relaxant.")
    spans = mentions(doc)
    assert [s.kb_id_ for s in spans] == ["baclofen", "skeletal_muscle_relaxant"]
    assert len(doc[spans[1].start:spans[1].end]) == 3  # all three words, one span
    # no overlapping mentions survive
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:]))


@pytest.mark.parametrize("case", ABBREVIATIONS, ids=[c["text"] for c in ABBREVIATIONS])
def test_abbreviations_are_case_sensitive(nlp, case):
    assert found(nlp, case["text"]) == [tuple(m) for m in case["mentions"]]


@pytest.mark.parametrize("text", [
    "Baclofen is not an opiate; OxyContin (oxycodone) is an opioid.",
    "  Leading spaces, then Lioresal\n\nand skeletal muscle relaxants\tand the opioid receptor.",
    "Multiple sclerosis (MS) — treated with baclofen — and “opioids”.",
    "Opioids, e.g. fentanyl, act on the μ-opioid receptor.",
])
def test_character_offsets(nlp, text):
    doc = nlp(text)
    spans = mentions(doc)
    assert spans, "the text has mentions"
    for span in spans:
        assert text[span.start_char:span.end_char] == span.text
    assert spans == sorted(spans, key=lambda s: (s.start, s.end))


@pytest.mark.parametrize("text", [
    "back", "bacon", "opinion", "option", "optional", "relax", "relaxing", "class", "schedule", "drug",
    "Oxen", "fen", "Relax, take a break from the class schedule.",
    "My back hurts after the bacon, in my opinion; one option is to relax.",
    "I need to check my schedule.",
    "The drug class was optional.",
    "The weather was lovely and we walked to the market.",
])
def test_ordinary_words_are_not_mentions(nlp, text):
    assert found(nlp, text) == []


@pytest.mark.parametrize("text", [
    "Here is the schedule I made for the week.",
    "He asked about the c-v joint.",
])
def test_roman_numeral_schedules_need_capitals(nlp, text):
    assert found(nlp, text) == []


def test_pipeline_writes_mentions_to_doc_spans(nlp):
    doc = nlp("Fentanyl is an opioid.")
    assert SPANS_KEY in doc.spans
    assert [(s.kb_id_, s.label_) for s in doc.spans[SPANS_KEY]] == [("fentanyl", "drug"), ("opioid", "class")]


def test_mentions_of_an_unannotated_doc_is_empty(nlp):
    doc = nlp.make_doc("Baclofen is an opiate.")  # tokenized only, no pipeline
    assert mentions(doc) == []


def test_matcher_can_be_used_alone(nlp, kb):
    matcher = MentionMatcher(nlp, kb)
    spans = matcher.match(nlp.make_doc("Is Gablofen a GABA derivative?"))
    assert [(s.text, s.kb_id_) for s in spans] == [("Gablofen", "baclofen"), ("GABA derivative", "gaba_derivative")]


def test_schedule_pronoun_false_flag(checker):
    report = checker.check("Fentanyl is classified under the schedule I mentioned.")
    assert not report.flagged


@pytest.mark.parametrize("text,expected", [
    # an aside inside an alias is skipped; the mention spans it
    ("an agonist, or activator, at the GABA-B receptors",
     [("agonist, or activator, at the GABA-B receptors", "gaba_b_agonist", "class")]),
    ("the kappa (κ) opioid receptor", [("kappa (κ) opioid receptor", "kappa_opioid_receptor", "receptor")]),
    # an aside that is not inside an alias changes nothing
    ("baclofen (Lioresal) helps", [("baclofen", "baclofen", "drug"), ("Lioresal", "baclofen", "drug")]),
    ("an agonist, or activator, of nothing", []),
])
def test_asides_inside_an_alias(nlp, text, expected):
    assert found(nlp, text) == expected


@pytest.mark.parametrize("text,expected,groups", [
    ("the Mu (μ), Kappa (κ), and Delta (δ) opioid receptors",
     [("Mu", "mu_opioid_receptor"), ("Kappa", "kappa_opioid_receptor"),
      ("Delta (δ) opioid receptors", "delta_opioid_receptor")], 1),
    ("mu and kappa opioid receptors", [("mu", "mu_opioid_receptor"), ("kappa opioid receptors", "kappa_opioid_receptor")], 1),
    # the premodifier must make an alias of the same type with the shared head
    ("spasms and muscle relaxants", [("spasms", "muscle_spasm"), ("muscle relaxants", "muscle_relaxant")], 0),
    ("opioids and opioid receptors", [("opioids", "opioid"), ("opioid receptors", "opioid_receptor")], 0),
    ("blue and kappa opioid receptors", [("kappa opioid receptors", "kappa_opioid_receptor")], 0),
])
def test_premodifiers_coordinated_before_a_shared_head(nlp, text, expected, groups):
    from factcheck.pipeline.mentions import coordinated

    doc = nlp(text)
    assert [(m.text, m.kb_id_) for m in mentions(doc)] == expected
    assert len(coordinated(doc)) == groups


def test_coordinated_receptors_are_each_an_object(checker):
    report = checker.check("Oxycodone acts on the Mu (μ), Kappa (κ), and Delta (δ) opioid receptors.")
    assert {(f.object.id, f.verdict) for f in report.findings} == {
        (r, "supported") for r in ("mu_opioid_receptor", "kappa_opioid_receptor", "delta_opioid_receptor")}
    report = checker.check("Baclofen binds mu and kappa opioid receptors.")
    assert {(f.object.id, f.verdict) for f in report.findings} == {
        ("mu_opioid_receptor", "refuted"), ("kappa_opioid_receptor", "refuted")}
