"""Abbreviations defined in the text: "skeletal muscle relaxants (SMRs)" makes every later
"SMR"/"SMRs" a mention of skeletal muscle relaxant (scispaCy's Schwartz & Hearst algorithm)."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc, Span

from factcheck.pipeline.mentions import MentionMatcher, is_approximate, mentions


def found(nlp, text):
    """(text, concept id, label, approximate) of each mention, with character offsets checked."""
    doc = nlp(text)
    spans = mentions(doc)
    for span in spans:
        assert text[span.start_char:span.end_char] == span.text
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:])), "mentions do not overlap"
    return [(s.text, s.kb_id_, s.label_, is_approximate(s)) for s in spans]


SMR = "skeletal_muscle_relaxant"


def test_short_form_of_a_class(nlp):
    text = "Skeletal muscle relaxants (SMRs) are not opioids. Baclofen is an SMR."
    assert found(nlp, text) == [
        ("Skeletal muscle relaxants", SMR, "class", False),
        ("opioids", "opioid", "class", False),
        ("Baclofen", "baclofen", "drug", False),
        ("SMR", SMR, "class", False),
    ]
    doc = nlp(text)
    smr = mentions(doc)[-1]
    assert (smr.start_char, smr.end_char) == (text.rindex("SMR"), text.rindex("SMR") + 3)


@pytest.mark.parametrize("text,forms", [
    ("Skeletal muscle relaxants (SMRs) help. SMRs and an SMR.", ["SMRs", "SMR"]),
    ("A skeletal muscle relaxant (SMR) helps. SMRs and an SMR.", ["SMRs", "SMR"]),
])
def test_plural_and_singular_of_the_short_form(nlp, text, forms):
    later = [m for m in found(nlp, text) if m[0] in ("SMR", "SMRs")]
    assert [m[0] for m in later] == forms
    assert all(m[1] == SMR and not m[3] for m in later)


def test_short_form_of_a_brand_name(nlp):
    text = "Lioresal (LIO) is used for spasticity. LIO is an opioid."
    assert found(nlp, text) == [
        ("Lioresal", "baclofen", "drug", False),
        ("spasticity", "spasticity", "condition", False),
        ("LIO", "baclofen", "drug", False),
        ("opioid", "opioid", "class", False),
    ]


def test_finding_on_a_defined_short_form(checker):
    text = "Lioresal (LIO) is used for spasticity. LIO is an opioid."
    report = checker.check(text)
    assert report.flagged
    refuted = [f for f in report.findings if f.verdict == "refuted"]
    assert [(f.subject.id, f.subject.text, f.object.id) for f in refuted] == [("baclofen", "LIO", "opioid")]
    subject = refuted[0].subject
    assert text[subject.start:subject.end] == "LIO" and subject.start == text.rindex("LIO")
    assert subject.approximate is False


@pytest.mark.parametrize("text", [
    # only later occurrences, whole tokens, exact capitals
    "SMR is a word here. Skeletal muscle relaxants (SMRs) are drugs.",
    "Skeletal muscle relaxants (SMRs) are drugs. smr and Smr and SMRx are not the short form.",
])
def test_only_later_exact_whole_token_occurrences(nlp, text):
    assert [m[1] for m in found(nlp, text)] == [SMR]


def test_the_defining_occurrence_is_not_a_mention(nlp):
    text = "Skeletal muscle relaxants (SMRs) are drugs."
    assert [m[0] for m in found(nlp, text)] == ["Skeletal muscle relaxants"]


@pytest.mark.parametrize("text,expected", [
    # defined for things that are not concepts: ignored
    ("He has wobbly knee syndrome (WKS). WKS is awful.", []),
    ("Tetracyclic serotonin modulators (TSMs) are not opioids. TSMs help.",
     [("opioids", "opioid")]),
    # the long form contains a mention, but is more than it: ignored
    ("Intrathecal baclofen (ITB) is given by pump. ITB is not an opioid.",
     [("Intrathecal", "intrathecal"), ("baclofen", "baclofen"), ("opioid", "opioid")]),
    # a lower-case parenthesis is no short form
    ("Opioids (or opiates) are strong. Opiates too.",
     [("Opioids", "opioid"), ("opiates", "opiate"), ("Opiates", "opiate")]),
])
def test_definitions_of_non_concepts_are_ignored(nlp, text, expected):
    assert [(m[0], m[1]) for m in found(nlp, text)] == expected


def test_gaba_definition_breaks_nothing(nlp):
    text = "Gamma-aminobutyric acid (GABA) is a neurotransmitter. Baclofen is a GABA derivative and a GABA-B agonist."
    assert [(m[0], m[1]) for m in found(nlp, text)] == [
        ("Baclofen", "baclofen"), ("GABA derivative", "gaba_derivative"), ("GABA-B agonist", "gaba_b_agonist")]


def test_gaba_definition_with_checker(checker):
    report = checker.check("Gamma-aminobutyric acid (GABA) is a neurotransmitter. Baclofen is a GABA derivative.")
    assert not report.flagged
    assert [(f.subject.id, f.object.id, f.verdict) for f in report.findings] == [
        ("baclofen", "gaba_derivative", "supported")]


def test_existing_abbreviation_alias_is_not_duplicated(nlp):
    text = "Multiple sclerosis (MS) is common. Baclofen helps MS spasticity."
    assert [(m[0], m[1]) for m in found(nlp, text)] == [
        ("Multiple sclerosis", "multiple_sclerosis"), ("MS", "multiple_sclerosis"),
        ("Baclofen", "baclofen"), ("MS", "multiple_sclerosis"), ("spasticity", "spasticity")]


def test_a_later_definition_takes_over(nlp):
    text = "Opioids (OP) are one class. OP helps. Opiates (OP) are another. OP is strong."
    ids = [(m[0], m[1]) for m in found(nlp, text)]
    assert ids == [("Opioids", "opioid"), ("OP", "opioid"), ("Opiates", "opiate"), ("OP", "opiate")]


def test_a_later_definition_of_a_non_concept_ends_the_meaning(nlp):
    text = "Opioids (OP) are one class. OP helps. Oxygen pressure (OP) is low. OP is fine."
    assert [(m[0], m[1]) for m in found(nlp, text)] == [("Opioids", "opioid"), ("OP", "opioid")]


def test_defined_for_a_misspelled_long_form(nlp):
    text = "Skeletal musle relaxants (SMRs) are drugs. Baclofen is an SMR."
    assert found(nlp, text) == [
        ("Skeletal musle relaxants", SMR, "class", True),
        ("Baclofen", "baclofen", "drug", False),
        ("SMR", SMR, "class", False),
    ]


def test_no_extension_attributes_are_registered(nlp, kb):
    """scispaCy's AbbreviationDetector registers ._.abbreviations with force=True; the matcher
    calls its functions instead and registers nothing."""
    before = (Doc.has_extension("abbreviations"), Span.has_extension("long_form"))
    matcher = MentionMatcher(nlp, kb)
    matcher.match(nlp.make_doc("Skeletal muscle relaxants (SMRs) are drugs. SMRs help."))
    assert (Doc.has_extension("abbreviations"), Span.has_extension("long_form")) == before
    assert "abbreviation_detector" not in nlp.pipe_names
