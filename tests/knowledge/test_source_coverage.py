"""The curated claim set covers its source document, and the checker agrees with it."""

import pytest

from factcheck.pipeline.mentions import mentions

SOURCE = "000_6590c0cf6e42eeb2"

# Sentences of the source that mention a concept but state no fact, with the reason.
NO_FACT = {
    "Is Baclofen an Opiate?": "the title is a question",
    "To understand the difference, it is necessary to examine Baclofen’s pharmacological "
    "classification, therapeutic applications, and mechanism of action.": "announces the article's plan",
    "This difference in effect relates directly to the potential for abuse and regulatory "
    "classification.": "transition; the facts follow in the next sentence",
}


@pytest.fixture(scope="module")
def source(kb):
    return kb.claimset.source_texts[SOURCE]


def sentences(nlp, text):
    """Sentences of the source, with headings (lines without final punctuation) kept whole."""
    out = []
    offset = 0
    for block in text.split("\n"):
        if block.strip():
            doc = nlp(block)
            for sent in doc.sents:
                out.append((offset + sent.start_char, offset + sent.end_char, sent.text, len(mentions(sent.as_doc())) > 0))
        offset += len(block) + 1
    return out


def test_every_fact_bearing_sentence_has_a_fact(nlp, kb, source):
    spans = [(e.start, e.end) for f in kb.facts for e in f.evidence if e.source == SOURCE]
    missing = []
    for start, end, text, has_mention in sentences(nlp, source):
        if not has_mention or text.strip() in NO_FACT:
            continue
        if not any(s < end and e > start for s, e in spans):
            missing.append(text)
    assert missing == []


def test_exemptions_are_real_sentences_of_the_source(source):
    for text in NO_FACT:
        assert text in source


@pytest.mark.parametrize("needed", [
    ("baclofen", "skeletal_muscle_relaxant", True),
    ("baclofen", "antispastic", True),
    ("baclofen", "gaba_derivative", True),
    ("baclofen", "gaba_b_agonist", True),
    ("baclofen", "opiate", False),
    ("baclofen", "opioid", False),
    ("oxycodone", "opioid", True),
    ("fentanyl", "opioid", True),
])
def test_required_class_facts_are_curated(kb, needed):
    subject, obj, polarity = needed
    assert any(f.object == obj and f.polarity == polarity for f in kb.facts_about(subject, "is_a"))


def test_checking_the_source_supports_it(checker, source):
    report = checker.check(source)
    verdicts = [f.verdict for f in report.findings]
    assert verdicts.count("supported") >= 10
    assert not report.flagged
    # the only refuted proposition is the title's question "Is Baclofen an Opiate?", which the
    # article answers; the author asserts no refuted claim
    refuted = [f for f in report.findings if f.verdict == "refuted"]
    assert [(f.claim, f.assertion) for f in refuted] == [("Baclofen an Opiate", "questioned")]
