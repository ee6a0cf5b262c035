"""Characters removed or folded before checking, and the map back to the original."""

import pytest

from factcheck.text.cleaning import clean


@pytest.mark.parametrize("text,expected", [
    ("Bac\u200blofen", "Baclofen"),
    ("\ufeffBaclofen", "Baclofen"),
    ("\u200fBaclofen\u200e", "Baclofen"),
    ("opio\u0301id", "opioid"),
    ("\uff22\uff41\uff43", "Bac"),
    ("caf\u00e9 \u0939\u093f\u0902\u0926\u0940", "caf\u00e9 \u0939\u093f\u0902\u0926\u0940"),  # composed and non-Latin marks stay
    ("\U0001f468\u200d\U0001f469", "\U0001f468\u200d\U0001f469"),  # the joiner inside an emoji stays
])
def test_clean(text, expected):
    cleaned, index = clean(text)
    assert cleaned == expected
    if index is None:
        assert cleaned == text
    else:
        assert len(index) == len(cleaned) + 1 and index[-1] == len(text)
        assert all(text[index[i]] == cleaned[i] or "\uff01" <= text[index[i]] <= "\uff5e"
                   for i in range(len(cleaned)))


def test_ascii_is_untouched():
    assert clean("Baclofen is an opioid.") == ("Baclofen is an opioid.", None)


def test_findings_point_into_the_original(checker):
    text = "Note:\u200b Bac\u200blofen is an opio\u0301id."
    (f,) = checker.check(text).findings
    assert text[f.subject.start:f.subject.end] == f.subject.text == "Bac\u200blofen"
    assert text[f.object.start:f.object.end] == f.object.text == "opio\u0301id"
    assert f.claim == text[f.start:f.end] and f.verdict == "refuted"


@pytest.mark.parametrize("text,expected", [
    ("opi\u200doid", "opioid"),                                     # a joiner between letters goes
    ("a\x00b\x07c\td\ne", "abc\td\ne"),                              # controls go, whitespace stays
    ("\u043epioid \u0441\u043b\u043e\u0432\u043e", "opioid \u0441\u043b\u043e\u0432\u043e"),  # only in a Latin word
    ("\U0001d428\U0001d429\U0001d422", "opi"),                       # mathematical bold
    ("\ufb01ne", "fine"),                                            # a ligature: one character to two
])
def test_clean_evasions(text, expected):
    cleaned, index = clean(text)
    assert cleaned == expected
    assert len(index) == len(cleaned) + 1 and index[-1] == len(text)
    assert index == sorted(index)  # the map keeps the order of the original


def test_a_trademark_sign_is_no_letters(checker):
    """NFKC spells the trademark sign as "TM": folded, it would join the name it marks. It is
    left as it is, a mark after the name, as the registered sign is (wt-m, issue 14)."""
    assert clean("Ritalin\u2122 and Ritalin\u00ae") == ("Ritalin\u2122 and Ritalin\u00ae", None)
    assert clean("\u24b7aclofen")[0] == "Baclofen"  # a circled letter still folds
    (f,) = checker.check("Ritalin\u2122 is a CNS depressant.").findings
    assert (f.subject.id, f.subject.text, f.verdict) == ("methylphenidate", "Ritalin", "refuted")


def test_clean_is_linear_on_long_words_and_separators():
    import time
    words = frozenset({"baclofen", "opioid"})
    start = time.perf_counter()
    for text in ("a" * 200_000, "a-" * 100_000, "a " * 100_000, "ab." * 70_000, "\u043e" * 100_000 + "x"):
        clean(text, words)
    assert time.perf_counter() - start < 10


def test_offset_map_grows_with_the_changes_not_the_text():
    # A long text with a few characters to remove or fold: the map back to the original holds
    # a few segments, and cleaning it does not build a list per character.
    import tracemalloc
    unit = "some chat \U0001f600 about nothing much, " * 20
    text = (unit + "Bac\u200blofen is an \uff4fpioid. ") * 1_000  # ~0.9 M characters
    tracemalloc.start()
    try:
        cleaned, index = clean(text, frozenset({"baclofen", "opioid"}))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(cleaned) == len(text) - 1_000 and len(index) == len(cleaned) + 1
    assert len(index.starts) <= 2 * 1_000 + 2
    assert peak < 12 * len(text)  # the text and a few copies (4 bytes a character), no per-character list
    for k in (0, 1, len(unit) + 3, len(unit) + 4, len(cleaned) - 1):
        assert cleaned[k] == text[index[k]] or text[index[k]] == "\uff4f"
    assert index[-1] == len(text) and list(index) == sorted(index)


@pytest.mark.parametrize("text,expected", [
    ("Baclofen is an <b>opioid</b>.", "Baclofen is an    opioid    ."),
    ("&lt;br&gt;Fentanyl", "\n         Fentanyl"),
    ('<p class="x">Baclofen</p>', "\n            Baclofen\n   "),
    ("<I>Baclofen</I> <Br/>", "   Baclofen     \n    "),
    # "<" and ">" that are no tag of an HTML element stay
    ("a dose < 10 mg and > 3 mg", "a dose < 10 mg and > 3 mg"),
    ("if a<b then <3 <opioid>", "if a<b then <3 <opioid>"),
    # character references between words, read as their character and spaces; not inside a word
    ("Baclofen&nbsp;is a relaxant &amp; antispastic", "Baclofen      is a relaxant &     antispastic"),
    ("don&#39;t", "don&#39;t"),
])
def test_html_markup_is_blanked_in_place(text, expected):
    cleaned, index = clean(text)
    assert cleaned == expected and len(cleaned) == len(text)
    # offsets do not move: the map, when the text changed, is the identity
    assert index is None if cleaned == text else list(index) == list(range(len(text) + 1))


def test_claims_in_html_markup_are_found_at_their_offsets(checker):
    text = "<p>Baclofen is an <b>opioid</b> analgesic.</p>"
    (f,) = checker.check(text).findings
    assert f.verdict == "refuted" and text[f.subject.start:f.subject.end] == "Baclofen"
    assert text[f.object.start:f.object.end] == "opioid" and f.claim == text[f.start:f.end]


@pytest.mark.parametrize("text,expected", [
    ("#baclofen is a muscle relaxant not an #opioid", "baclofen is a muscle relaxant not an opioid"),
    ("# Opioids\n#1 pick: a#b", "# Opioids\n#1 pick: a#b"),  # a heading's mark, a number, inside a word
])
def test_the_mark_of_a_hashtag_is_dropped(text, expected):
    cleaned, index = clean(text)
    assert cleaned == expected
    if index is not None:
        assert all(text[index[i]] == cleaned[i] for i in range(len(cleaned)))


def test_claims_in_hashtags_keep_their_offsets_and_negation(checker):
    text = "#baclofen is a muscle relaxant not an #opioid"
    found = {(text[f.object.start:f.object.end], f.verdict) for f in checker.check(text).findings}
    assert found == {("muscle relaxant", "supported"), ("opioid", "supported")}


def test_a_word_hyphenated_at_a_line_end_is_joined_only_into_a_known_word():
    cleaned, index = clean("Baclo-\nfen is an opiate.", frozenset({"baclofen", "opiate"}))
    assert cleaned == "Baclofen is an opiate." and index is not None and index[5] == 7
    assert clean("well-\nknown drug", frozenset({"baclofen"}))[0] == "well-\nknown drug"
