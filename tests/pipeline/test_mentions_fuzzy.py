"""Approximate mentions: misspelled drug and class names, matched by bounded edit distance."""

from __future__ import annotations

import pytest
from helpers import grouped_cases

from factcheck.pipeline.mentions import (
    EnglishWords,
    FuzzyCorrector,
    MentionMatcher,
    is_approximate,
    mentions,
    set_annotations,
)
from factcheck.resources import BASE_MODEL


@pytest.fixture(scope="module")
def matcher(nlp, kb) -> MentionMatcher:
    return MentionMatcher(nlp, kb)


def found(nlp, text):
    """(text, concept id, approximate) of each mention the pipeline finds, in document order."""
    doc = nlp(text)
    spans = mentions(doc)
    for span in spans:
        assert text[span.start_char:span.end_char] == span.text
    return [(s.text, s.kb_id_, is_approximate(s)) for s in spans]


def matched(matcher, nlp, text):
    """The same, with the matcher alone on a tokenized Doc."""
    doc = nlp.make_doc(text)
    spans, approximate = matcher.match_with_approximate(doc)
    set_annotations(doc, spans, approximate)
    for span in spans:
        assert text[span.start_char:span.end_char] == span.text
    return [(s.text, s.kb_id_, is_approximate(s)) for s in mentions(doc)]


# (text, mentions): tests/data/misspellings.yaml, grouped by the kind of misspelling
MISSPELLINGS = [(case["text"], [tuple(m) for m in case["mentions"]])
                for _, case in grouped_cases("misspellings", "misspellings")]


@pytest.mark.parametrize("text,expected", MISSPELLINGS)
def test_misspellings_with_the_matcher(matcher, nlp, text, expected):
    assert matched(matcher, nlp, text) == expected


@pytest.mark.parametrize("text,expected", MISSPELLINGS)
def test_misspellings_in_the_pipeline(nlp, text, expected):
    assert found(nlp, text) == expected


def test_exact_mentions_are_not_approximate(nlp):
    assert found(nlp, "Baclofen is a skeletal muscle relaxant, not an opioid.") == [
        ("Baclofen", "baclofen", False),
        ("skeletal muscle relaxant", "skeletal_muscle_relaxant", False),
        ("opioid", "opioid", False),
    ]


@pytest.mark.parametrize("text,subject,obj", [
    ("baclofan is an opioid", ("baclofen", "baclofan", True), ("opioid", "opioid", False)),
    ("Baclofen is an opiat.", ("baclofen", "Baclofen", False), ("opiate", "opiat", True)),
    ("baklofen is a opiate", ("baclofen", "baklofen", True), ("opiate", "opiate", False)),
])
def test_finding_says_the_mention_was_approximate(checker, text, subject, obj):
    report = checker.check(text)
    assert report.flagged
    [finding] = report.findings
    assert finding.verdict == "refuted"
    s, o = finding.subject, finding.object
    assert (s.id, s.text, s.approximate) == subject
    assert (o.id, o.text, o.approximate) == obj
    assert text[s.start:s.end] == s.text and text[o.start:o.end] == o.text


def test_baclofan_is_an_opioid_is_refuted(checker):
    report = checker.check("baclofan is an opioid")
    [finding] = report.findings
    assert finding.verdict == "refuted"
    assert finding.subject.id == "baclofen" and finding.subject.approximate is True
    assert finding.object.id == "opioid" and finding.object.approximate is False
    assert finding.evidence


# ---------------------------------------------------------------------- no false matches
ORDINARY_WORDS = [
    "back", "bacon", "backs", "balcony", "baffle", "blanket", "opinion", "opinions", "option",
    "optional", "options", "opium", "oppose", "optimal", "optic", "relax", "relaxing",
    "relaxed", "relaxes", "relative", "muscles", "mussel", "muscat", "musical", "musty",
    "fencing", "fantasy", "often", "oxygen", "oxide", "oxidant", "spatial", "spasmodic",
    "brain", "brains", "Brian", "plain", "paint", "planet", "scheduled", "schedules", "schedule",
    "narrative", "nautical", "euphony", "sedate", "sedated", "sedentary", "depend", "dependant",
    "withdraw", "withdrawn", "withdrawing", "mobile", "mobilise", "tablets", "table", "tablespoon",
    "orally", "oracle", "clonal", "clones", "agonize", "agonies", "agonism", "analogy",
    "analogous", "analyst", "derivation", "receptive", "receipt", "reception", "substantial",
    "controller", "controls", "central", "centre", "centrist", "spinal", "spine", "spiral",
    "palsy", "pansy", "relief", "relieve", "reliant", "reliable", "sclerotic", "multiplied",
    # words with digits that read as no alias word
    "b12", "co2", "5mg", "covid19", "h1n1", "r2d2", "l33t", "0xford", "4ever",
]


@pytest.mark.parametrize("word", ORDINARY_WORDS)
def test_ordinary_words_are_never_corrected(matcher, nlp, word):
    assert matcher.corrector.correct(word) is None
    text = f"My {word} was there, and then the {word} again."
    assert [m for m in matched(matcher, nlp, text) if m[2]] == []


OTHER_DRUGS = [
    "codeine", "morphine", "tramadol", "gabapentin", "pregabalin", "methadone", "ketamine",
    "tizanidine", "fenfluramine", "oxymorphone", "oxybutynin", "hydrocodone", "hydromorphone",
    "oxytocin", "oxycodol", "sufentanil", "alfentanil", "remifentanil", "carfentanil",
    "buprenorphine", "naloxone", "naltrexone", "tapentadol", "clonidine", "clonazepam",
    "diazepam", "dantrolene", "methocarbamol", "metaxalone", "carisoprodol", "cyclobenzaprine",
    "orphenadrine", "phenibut", "baflofen", "fluorophenibut", "phaclofen", "saclofen",
    "arbaclofen", "heroin", "pethidine", "oxazepam", "oxaprozin", "Oxymorphone", "Hydrocodone",
]


@pytest.mark.parametrize("drug", OTHER_DRUGS)
def test_other_drugs_are_not_misspellings(matcher, nlp, drug):
    """Another drug's name is never read as a misspelling: it is either unknown or, for a drug of
    the reference layer, matched exactly as itself."""
    assert matcher.corrector.correct(drug) is None
    found = matched(matcher, nlp, f"{drug} is an opioid")
    assert ("opioid", "opioid", False) in found
    assert all(text == drug and not approximate for text, _, approximate in found if text != "opioid")


@pytest.mark.parametrize("drug", [
    "hydrocodone", "oxymorphone", "hydromorphone", "oxytocin", "oxybutynin", "sufentanil",
    "alfentanil", "carfentanil", "tizanidine", "methadone", "codeine", "tramadol", "oxaprozin",
])
def test_the_bounds_alone_keep_other_drugs_apart(kb, matcher, drug):
    """Not only the stop list: with it emptied, the first-letter rule and the length-aware
    bound still keep these real drug names from oxycodone, fentanyl and baclofen."""
    config = matcher.corrector.config
    bare = config.model_copy(update={"never_correct": frozenset()})
    corrector = FuzzyCorrector(matcher._targets, matcher._protected, bare, matcher.corrector.english)
    assert corrector.correct(drug) is None


@pytest.mark.parametrize("word,target", [
    ("baflofen", "baclofen"),    # 4-fluorophenibut: a different substance, one letter away
    ("agonism", "agonist"),      # a real word the lemmatizer's list lacks
    ("spasmic", "spastic"),
])
def test_the_stop_list_is_what_blocks_these(matcher, word, target):
    config = matcher.corrector.config
    bare = config.model_copy(update={"never_correct": frozenset()})
    corrector = FuzzyCorrector(matcher._targets, matcher._protected, bare, matcher.corrector.english)
    assert corrector.correct(word) == target
    assert matcher.corrector.correct(word) is None


@pytest.mark.parametrize("text", [
    "My back hurts after the bacon, in my opinion; one option is to relax.",
    "The optional module is relaxing and the muscles feel fine.",
    "Opium poppies were grown there long before clonidine existed.",
    "He took codeine and morphine, then tramadol, gabapentin and pregabalin.",
    "Hydrocodone, oxymorphone and oxybutynin are different drugs.",
    "Brian planned a balcony garden with his brains and a spiral staircase.",
])
def test_sentences_without_concepts_have_no_approximate_mentions(nlp, text):
    assert [m for m in found(nlp, text) if m[2]] == []


def test_english_words_list_comes_from_the_pipeline(matcher):
    english = matcher.corrector.english
    assert english is not None and len(english) > 50_000
    for word in ("bacon", "opinion", "opium", "relax"):
        assert english.listed(word)
    for word in ("muscles", "relaxing", "opinions", "schedules"):  # inflections by the rules
        assert word in english
    for word in ("baclofan", "opiat", "musle", "baklofen"):
        assert word not in english


def test_five_letter_words_only_by_omission(matcher):
    correct = matcher.corrector.correct
    assert correct("opiat") == "opiate" and correct("musle") == "muscle"
    assert correct("Brian") is None       # a transposition of "brain"
    assert correct("opiste") == "opiate"   # six letters: any one edit
    assert correct("spasn") is None        # a substitution in five letters
    assert correct("opia") is None         # under five letters: never


def test_length_bounds(matcher):
    correct = matcher.corrector.correct
    assert correct("baclofxn") == "baclofen"      # 1 edit, 8 letters
    assert correct("bacoflen") == "baclofen"      # 2 edits, 8 letters
    assert correct("bxcoflen") is None             # 3 edits
    assert correct("opioix") == "opioid"           # 1 edit, 6 letters
    assert correct("opiixx") is None               # 2 edits, 6 letters
    assert correct("xaclofen") is None             # the first letter must match


def test_contrastive_prefixes(matcher):
    correct = matcher.corrector.correct
    assert correct("hyperpolarisation") == "hyperpolarization"
    assert correct("hypopolarization") is None


def test_a_tie_is_not_corrected(matcher):
    config = matcher.corrector.config
    corrector = FuzzyCorrector(["abcdefgh", "abcdefgk"], [], config, None)
    assert corrector.correct("abcdefgx") is None
    assert corrector.correct("abcdefgq") is None
    corrector = FuzzyCorrector(["abcdefgh"], [], config, None)
    assert corrector.correct("abcdefgx") == "abcdefgh"


def test_fallback_without_a_word_list_is_stricter(matcher):
    config = matcher.corrector.config
    corrector = FuzzyCorrector(matcher._targets, matcher._protected, config, None)
    assert corrector.correct("baclofan") == "baclofen"
    assert corrector.correct("bacoflen") is None   # 2 edits
    assert corrector.correct("opiat") is None      # 5 letters
    assert corrector.correct("relaxed") is None    # a real word one letter from "relaxer"
    assert corrector.correct("relaxes") is None


def test_word_list_from_a_model_package():
    english = EnglishWords.from_model(BASE_MODEL)
    assert english is not None and english.listed("bacon")
    assert EnglishWords.from_model("no_such_pipeline_package") is None


def test_blank_pipeline_still_gets_a_word_list(kb):
    import spacy
    blank = spacy.blank("en")
    m = MentionMatcher(blank, kb)
    assert m.corrector.english is not None
    doc = blank("Baclofen is an opiat, my opinion.")
    spans, approximate = m.match_with_approximate(doc)
    assert [(s.text, s.kb_id_) for s in spans] == [("Baclofen", "baclofen"), ("opiat", "opiate")]
    assert [s.text for s in approximate] == ["opiat"]


def test_abbreviation_and_case_sensitive_aliases_are_not_fuzzy_targets(kb, matcher):
    only_exact = set()
    for entry in kb.aliases:
        if entry.case_sensitive or entry.kind == "abbreviation":
            only_exact.update(w.lower() for w in entry.text.split())
    loose = {w.lower() for e in kb.aliases if not (e.case_sensitive or e.kind == "abbreviation")
             for w in e.text.split()}
    assert not (only_exact - loose) & matcher._targets


def test_tokens_of_exact_mentions_are_not_corrected(matcher, nlp):
    # "opiods" is a curated alias; it stays an exact mention
    assert matched(matcher, nlp, "opiods") == [("opiods", "opioid", False)]


def test_match_still_returns_every_mention(matcher, nlp):
    doc = nlp.make_doc("baclofan is an opioid")
    assert [(s.text, s.kb_id_) for s in matcher.match(doc)] == [("baclofan", "baclofen"), ("opioid", "opioid")]


def test_names_and_identifiers_are_not_corrected(matcher):
    correct = matcher.corrector.correct
    assert correct("LibreSSL") is None and correct("GABABergic") is None


def test_brand_names_take_one_edit(matcher):
    correct = matcher.corrector.correct
    assert correct("Liorisal") == "lioresal" and correct("Duragesik") == "duragesic"
    assert correct("libressl") is None   # two edits from "lioresal"


def test_two_edits_keep_first_and_last_letter(matcher):
    correct = matcher.corrector.correct
    assert correct("bacoflen") == "baclofen"
    assert correct("Fentanes") is None   # two edits from "fentanyl", another last letter


@pytest.mark.parametrize("word", ["setuation", "deperence", "dependane"])
def test_two_edits_not_taken_when_an_english_word_is_closer(matcher, word):
    """Two edits from "sedation"/"dependence" with the same outline, but one from situation,
    deference, dependant: a slip for an ordinary word."""
    assert matcher.corrector.english.near(word.lower(), 1) is not None
    assert matcher.corrector.correct(word) is None
