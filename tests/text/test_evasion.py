"""Evasive spellings of a false claim (moderation text is adversarial): each is flagged like the
plain spelling, with offsets on the author's characters (factcheck.text.cleaning), and a claim
is not lost at a chunk boundary."""

from __future__ import annotations

import pytest

from factcheck.pipeline.checker import DEFAULT_CHUNK_LIMIT
from factcheck.text.cleaning import clean

PLAIN = "Baclofen is an opioid."
BOLD = "".join(chr(0x1D41A + ord(c) - ord("a")) for c in "opioid")  # mathematical bold small letters

# form -> (text, the subject and the object as the author wrote them)
EVASIVE = {
    "zero-width joiner in the drug": ("Bac\u200dlofen is an opioid.", "Bac\u200dlofen", "opioid"),
    "zero-width joiner in the class": ("Baclofen is an opi\u200doid.", "Baclofen", "opi\u200doid"),
    "word joiner in the class": ("Baclofen is an op\u2060ioid.", "Baclofen", "op\u2060ioid"),
    "Cyrillic o in the class": ("Baclofen is an \u043epioid.", "Baclofen", "\u043epioid"),
    "Greek omicrons in the class": ("Baclofen is an \u03bfpi\u03bfid.", "Baclofen", "\u03bfpi\u03bfid"),
    "Cyrillic a and e in the drug": ("B\u0430clof\u0435n is an opioid.", "B\u0430clof\u0435n", "opioid"),
    "class wholly in Cyrillic look-alikes": ("Baclofen is an \u043e\u0440\u0456\u043e\u0456\u0501.", "Baclofen",
                                             "\u043e\u0440\u0456\u043e\u0456\u0501"),
    "Cyrillic capital O in the class": ("BACLOFEN IS AN \u041ePIOID.", "BACLOFEN", "\u041ePIOID"),
    "mathematical bold class": (f"Baclofen is an {BOLD}.", "Baclofen", BOLD),
    "circled letters": ("\u24b7aclofen is an opioid.", "\u24b7aclofen", "opioid"),
    "control character glued to the drug": ("Baclofen\x07 is an opioid.", "Baclofen", "opioid"),
    "NUL inside the class": ("Baclofen is an opi\x00oid.", "Baclofen", "opi\x00oid"),
    "dotted letters": ("b.a.c.l.o.f.e.n is an opioid.", "b.a.c.l.o.f.e.n", "opioid"),
    "hyphenated drug": ("bac-lofen is an opioid.", "bac-lofen", "opioid"),
    "middle dot in the drug": ("bac\u00b7lofen is an opioid.", "bac\u00b7lofen", "opioid"),
    "spaced-out class": ("Baclofen is an o p i o i d.", "Baclofen", "o p i o i d"),
    "dashed class": ("Baclofen is an o-p-i-o-i-d.", "Baclofen", "o-p-i-o-i-d"),
    "asterisk in the class": ("Baclofen is an opi*oid.", "Baclofen", "opi*oid"),
}


@pytest.fixture(scope="module")
def plain(checker):
    (finding,) = checker.check(PLAIN).findings
    return finding


@pytest.mark.parametrize("form", list(EVASIVE))
def test_evasive_spelling_is_flagged_like_the_plain_one(checker, plain, form):
    text, subject, obj = EVASIVE[form]
    report = checker.check(text)
    assert report.flagged, form
    (f,) = report.findings
    assert (f.verdict, f.relation, f.subject.id, f.object.id, f.assertion) == \
        (plain.verdict, plain.relation, plain.subject.id, plain.object.id, plain.assertion)
    # offsets on the author's characters, the quoted words as written
    assert text[f.subject.start:f.subject.end] == f.subject.text == subject
    assert text[f.object.start:f.object.end] == f.object.text == obj
    assert text[f.start:f.end] == f.claim and f.claim.startswith(subject) and f.claim.endswith(obj)


@pytest.mark.parametrize("text", [
    "She wrote o p e n and c-l-o-s-e on the board.",        # spelled words that are no alias
    "A co-op in the U.S.A. sells well-known brands.",
    "\u043e\u043f\u0438\u043e\u0438\u0434 \u2014 \u0441\u043b\u043e\u0432\u043e.",  # a Cyrillic word stays Cyrillic
    "\u0391\u03b8\u03ae\u03bd\u03b1 \u03ba\u03b1\u03b9 \u03a1\u03cc\u03b4\u03bf\u03c2",  # Greek stays Greek
])
def test_text_without_evasion_is_not_rewritten_into_an_alias(checker, text):
    cleaned, _ = clean(text, frozenset({"opioid", "baclofen", "benzodiazepine"}))
    assert "opioid" not in cleaned.lower() and not checker.check(text).findings
    assert cleaned.split() == [w for w in cleaned.split()]  # (no crash, words kept)


def test_separators_are_removed_only_into_known_words():
    words = frozenset({"baclofen", "opioid"})
    assert clean("b.a.c.l.o.f.e.n", words)[0] == "baclofen"
    assert clean("b.a.c.l.o.f.e.n", frozenset())[0] == "b.a.c.l.o.f.e.n"
    assert clean("w.x.y.z and well-known", words) == ("w.x.y.z and well-known", None)
    # a word of look-alikes only is read as Latin only when it makes a known word
    assert clean("\u043e\u0440\u0456\u043e\u0456\u0501 \u0441\u043e\u0440", words)[0] == "opioid \u0441\u043e\u0440"
    cleaned, index = clean("an o p i o i d!", words)
    assert cleaned == "an opioid!" and [index[i] for i in range(3, 9)] == [3, 5, 7, 9, 11, 13]


def test_a_claim_across_the_chunk_boundary_is_found_once(checker):
    # No sentence end in the first window: it is cut at a space, inside the claim.
    padding = "word " * ((DEFAULT_CHUNK_LIMIT - 10) // 5)
    for text in (padding + PLAIN, padding + "Baclofen is an opi\u200doid.", padding[:-3] + " " + PLAIN):
        assert len(text) > DEFAULT_CHUNK_LIMIT
        report = checker.check(text)
        assert report.flagged
        (f,) = report.findings
        assert text[f.start:f.end] == f.claim and f.subject.text == "Baclofen"


def test_overlapping_chunks_give_each_claim_once(checker):
    # Claims all along a text without sentence ends, checked in small chunks: each found once.
    text = " ".join(f"w{i} Baclofen is an opioid and" for i in range(300))
    small = type(checker).__new__(type(checker))
    small.__dict__.update(checker.__dict__)
    small.chunk_limit = 1_000
    found = [(f.start, f.end) for f in small.check(text).findings]
    whole = [(f.start, f.end) for f in checker.check(text).findings]
    assert found == sorted(set(found)) and len(found) == len(whole) == 300


@pytest.mark.parametrize("text,expected", [
    ("σοφόσ is", "σοφός is"),            # typed without the final form
    ("Σοφόσ! x σοφόσ, y", "Σοφός! x σοφός, y"),
    ("σςοφός", "σσοφός"),                # a final sigma inside a word
    ("σοφός", "σοφός"),                  # already right: untouched
    ("σ = 2, Σ σ", "σ = 2, Σ σ"),        # a sigma standing alone is a symbol
    ("ΣΟΦΌΣ", "ΣΟΦΌΣ"),                  # capitals: str.lower gives them their form
])
def test_greek_sigma_is_written_in_the_form_its_place_calls_for(text, expected):
    from factcheck.text.cleaning import sigma_forms

    assert sigma_forms(text) == expected
    cleaned, index = clean(text)
    assert cleaned == expected
    assert index is None if cleaned == text else [index[i] for i in range(len(text) + 1)] == list(range(len(text) + 1))


GREEK_CLAIMS = """
sources:
  - {id: zz_greek_leaflet, title: t, path: leaflet.txt}
concepts:
  - {id: zz_sophos, type: drug, name: sophos, aliases: ["σοφός"]}
  - {id: zz_xanthos, type: drug, name: xanthos, aliases: ["ξανθόσ"]}
facts:
  - id: zz-sophos-not-opioid
    subject: zz_sophos
    relation: is_a
    object: opioid
    polarity: false
    evidence: [{source: zz_greek_leaflet, quote: "Neither is an opioid", start: 0, end: 20}]
  - id: zz-xanthos-not-opioid
    subject: zz_xanthos
    relation: is_a
    object: opioid
    polarity: false
    evidence: [{source: zz_greek_leaflet, quote: "Neither is an opioid", start: 0, end: 20}]
"""


@pytest.fixture(scope="module")
def greek_checker(tmp_path_factory):
    """A checker over the shipped claim set plus two drugs with Greek names: one alias written
    with final sigma (σοφός), one without it (ξανθόσ)."""
    from factcheck import FactChecker
    from factcheck.resources import claims_dir

    d = tmp_path_factory.mktemp("greek")
    (d / "leaflet.txt").write_text("Neither is an opioid.", encoding="utf-8")
    (d / "greek.yaml").write_text(GREEK_CLAIMS, encoding="utf-8")
    return FactChecker(claims=[claims_dir(), d / "greek.yaml"])


@pytest.mark.parametrize("name,drug", [
    ("σοφός", "zz_sophos"), ("σοφόσ", "zz_sophos"), ("Σοφόσ", "zz_sophos"), ("ΣΟΦΌΣ", "zz_sophos"),
    ("ξανθόσ", "zz_xanthos"), ("ξανθός", "zz_xanthos"), ("Ξανθός", "zz_xanthos"),
])
def test_a_greek_name_is_found_with_either_form_of_final_sigma(greek_checker, name, drug):
    text = f"My friend says {name} is an opioid."
    report = greek_checker.check(text)
    assert report.flagged
    [finding] = report.findings
    assert finding.subject.id == drug
    assert finding.subject.text == name == text[finding.subject.start:finding.subject.end]
