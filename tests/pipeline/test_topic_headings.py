"""Topic headings (README "Reference knowledge base", real item 25): a heading line that names the
drug the text under it is about ("# drug: X | condition: Y", the record header of a review dump)
lets a reference with no drug near it resolve to that drug, up to the next such heading, unless
another drug is named after the heading."""

from __future__ import annotations

import pytest

from factcheck.pipeline.mentions import MentionIndex, coordinated, mentions
from factcheck.pipeline.references import topic_sections
from factcheck.pipeline.rules import ExtractionRules

# the pronoun is two sentences after the heading, past a sentence with another referent ("my
# back"): the text around it alone resolves nothing
REVIEW = "I take this for my back every night. My pharmacist told me it was not a narcotic."


@pytest.fixture(scope="module")
def rules() -> ExtractionRules:
    return ExtractionRules.load()


def _claims(checker, text):
    return [(f.subject.id, f.object.id, f.verdict) for f in checker.check(text).findings]


def test_topic_sections_read_the_drug_key_of_each_heading(nlp, rules):
    text = ("# drug: Ultram | condition: back pain | rating: 4\nFine.\n"
            "## medication: vitamin d\nFine.\n# condition: tramadol withdrawal\nFine.\n")
    doc = nlp(text)
    sections = topic_sections(doc, rules.topic_header_keys, MentionIndex(mentions(doc), coordinated(doc)))
    # Ultram names tramadol; vitamin D is no drug of the claim set; "condition" is no topic key
    assert [topic for _, topic in sections] == ["tramadol", None]
    first_line_end = text.index("\n")
    assert doc[sections[0][0]].idx >= first_line_end


def test_a_reference_under_a_topic_heading_is_about_its_drug(checker):
    assert _claims(checker, REVIEW) == []  # no heading: "it" has no drug
    found = _claims(checker, "# drug: tramadol | condition: back pain\n" + REVIEW)
    assert ("tramadol", "narcotic", "refuted") in found


def test_the_heading_is_not_read_into_the_first_sentence(checker, nlp):
    doc = nlp("# drug: tramadol | rating: 4\nMy doctor said it was not a narcotic.")
    sents = [s.text.strip() for s in doc.sents]
    assert any(s.startswith("My doctor said") for s in sents)
    assert ("tramadol", "narcotic", "refuted") in _claims(checker, doc.text)


def test_another_drug_named_after_the_heading_takes_the_topic_away(checker):
    text = ("# drug: tramadol | condition: back pain\nBefore this I was on gabapentin for a year. "
            "I take this for my back every night. My pharmacist told me it was not a narcotic.")
    assert not [c for c in _claims(checker, text) if c[0] == "tramadol"]


def test_each_heading_starts_its_own_topic(checker):
    text = ("# drug: tramadol | rating: 2\nIt made me dizzy.\n"
            "# drug: baclofen | rating: 5\nI take this for my legs every night. My nurse told me it was an opioid.")
    found = _claims(checker, text)
    assert ("baclofen", "opioid", "refuted") in found
    assert not [c for c in found if c[0] == "tramadol" and c[1] == "opioid"]


@pytest.mark.parametrize("heading", [
    "# drug: vitamin d | rating: 3",  # names no drug of the claim set
    "# condition: tramadol withdrawal",  # not a topic key
])
def test_headings_that_name_no_topic_resolve_nothing(checker, heading):
    assert _claims(checker, heading + "\n" + REVIEW) == []
