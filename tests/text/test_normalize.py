"""What the parser reads: the normalized, token-aligned copy of a text."""

import pytest
import spacy

from factcheck.text.normalize import NormalizeRules, parse_text


@pytest.fixture(scope="module")
def tokenizer():
    return spacy.blank("en")


@pytest.fixture(scope="module")
def rules():
    return NormalizeRules.load()


def read(tokenizer, rules, text, drugs=()):
    doc = tokenizer(text)
    drug_idx = {t.i for t in doc if t.lower_ in drugs}
    result = parse_text(doc, drug_idx, rules)
    assert result.words[:len(doc)] != [] or not text
    assert len(result.words) == len(doc) + result.appended
    return " ".join(result.words)


@pytest.mark.parametrize("text,drugs,expected", [
    ("fentanyl acts on mu receptors", ["fentanyl"], "Aspirin acts on mu receptors ."),
    ("Is baclofen an opioid?", ["baclofen"], "Is aspirin an opioid ?"),
    ("BACLOFEN IS AN OPIOID", ["baclofen"], "Aspirin is an opioid ."),
    ("i think it is an opioid lol", [], "I think it is an opioid ."),
    ("it is an opioid lol but who knows", [], "It is an opioid , but who knows ."),
    ("baclofen's an opioid.", ["baclofen"], "Aspirin is an opioid ."),
    ("Baclofen's effects are mild.", ["baclofen"], "Aspirin 's effects are mild ."),
    ("Heroin's Schedule II.", ["heroin"], "Aspirin is Schedule II ."),
    ("zolpidem's probably a benzo", ["zolpidem"], "Aspirin is probably a benzo ."),
    ("oxy's in schedule 2", ["oxy"], "Aspirin is in schedule 2 ."),
    ("viewer1: yes\nviewer2: nah", [], "- : Yes \n - : Nah ."),  # chat handles are labels
    ("ok. baclofen is fine", ["baclofen"], "Ok . Aspirin is fine ."),
    ("line one\nbaclofen is fine!", ["baclofen"], "Line one \n Aspirin is fine !"),
    ("The NHS lists it.", [], "The NHS lists it ."),  # one upper-case word is not shouting
    # speakers' labels become bullets, and the word after the colon opens a sentence
    ("Me: is baclofen an opioid?\nJay: nah", ["baclofen"], "- : Is aspirin an opioid ? \n - : Nah ."),
    ("Drug tech: yes it is", [], "- - : Yes it is ."),
    # a drug is no label, nor are three words, nor a colon that ends its line
    ("Baclofen: an opioid", ["baclofen"], "Aspirin : an opioid ."),
    ("my old doc: yes", [], "My old doc : yes ."),
    ("Note:\nyes", [], "Note : \n Yes ."),
    # another speaker's turn inside a line: a capitalized label after a sentence's end
    ('She said: "It is." Me: no way', [], '- - : " It is . " - : No way .'),
    ("It is fine. Reply: no", [], "It is fine . - : No ."),
    # but not a lower-case phrase, nor a label with nothing after its colon
    ("It is fine. so basically: no", [], "It is fine . So basically : no ."),
    ("It is fine. Reply:", [], "It is fine . Reply :"),
    # "=" right after a drug (past markdown emphasis) is the copula; elsewhere a symbol
    ("baclofen = opiate", ["baclofen"], "Aspirin is opiate ."),
    ("**Fentanyl** = opioid", ["fentanyl"], "* * Aspirin * * is opioid ."),
    ("dose = 10 mg", [], "Dose = 10 mg ."),
    ("baclofen iz a opiate", ["baclofen"], "Aspirin is a opiate ."),
    # hashtags closing a line are no words of its clause; a tag inside the line stays
    ("lioresal is an opioid #pharmacy #facts", ["lioresal"], "Aspirin is an opioid . . . ."),
    ("x #a\ny #b c", [], "X . . \n Y # b c ."),
    # a chat tag with drawn-out letters is still one
    ("it is an opioid lmaooo but ok", [], "It is an opioid , but ok ."),
    ("it is off", [], "It is off ."),
    # a chat handle in brackets is a speaker's label
    ("[alex]: it is\n[bee]: no", [], "- - - : It is \n - - - : No ."),
])
def test_parse_text(tokenizer, rules, text, drugs, expected):
    assert read(tokenizer, rules, text, drugs) == expected


def test_offsets_of_the_original_are_untouched(checker):
    text = "lol baclofen is an opioid tbh"
    report = checker.check(text)
    (f,) = report.findings
    assert text[f.subject.start:f.subject.end] == f.subject.text == "baclofen"
    assert f.claim == "baclofen is an opioid" and report.flagged


def test_texts_without_mentions_are_not_parsed(nlp):
    doc = nlp("Back from the gym, feeling great.")
    assert not doc.has_annotation("DEP")
    doc = nlp("Baclofen is an opioid.")
    assert doc.has_annotation("DEP")
    assert [t.lemma_ for t in doc][:2] == ["baclofen", "be"]


@pytest.mark.parametrize("text", [
    "fentanyl is a muscle relaxer not gonna lie",
    "baclofen qualifies as a controlled substance",
    "i take baclofen which is an opioid so i cant drink",
    "BACLOFEN IS AN OPIOID",
    "baclofen is an opioid lol",
    "fentanyl is a muscle relaxant tbh",
    "baclofen is one of them opiates",  # "them" as a determiner after "of"
])
def test_informal_writing_still_yields_the_claim(checker, text):
    assert checker.check(text).flagged


@pytest.mark.parametrize("text,expected", [
    ("baclofen... its an opioid", ["baclofen", "...", "it", "s", "an", "opioid"]),
    ("ya Its basically an opiate", ["ya", "It", "s", "basically", "an", "opiate"]),
    ("its mechanism is unclear", ["its", "mechanism", "is", "unclear"]),  # the possessive stays
    ("its schedule changed", ["its", "schedule", "changed"]),
])
def test_an_apostrophe_less_its_is_split_where_the_next_word_shows_it(tokenizer, rules, text, expected):
    from factcheck.text.normalize import split_contractions

    doc = split_contractions(tokenizer(text), rules)
    assert [t.text for t in doc] == expected
    assert doc.text == text  # the author's text and offsets are unchanged


def test_the_split_its_is_read_as_it_is(tokenizer, rules):
    from factcheck.text.normalize import split_contractions

    doc = split_contractions(tokenizer("its not an opioid, thats a relaxant"), rules)
    assert " ".join(parse_text(doc, set(), rules).words) == "It is not an opioid , that is a relaxant ."


def test_a_contraction_whose_pieces_do_not_spell_it_is_refused(tmp_path):
    from factcheck.errors import ModelDataError

    data = (tmp_path / "normalize.yaml")
    data.write_text("stand_in: aspirin\nchat_tags: []\ncopula_after_drug: []\n"
                    "contractions: {its: {pieces: [it, is], before: [a]}}\n", encoding="utf-8")
    with pytest.raises(ModelDataError, match="must spell"):
        NormalizeRules.load(data)


@pytest.mark.parametrize("text,mentioned,expected", [
    # the Roman "I" of a schedule mention is the numeral (the parser read it as the pronoun)
    ("Heroin isn't a Schedule I drug anymore", (4, 6), "Heroin is n't a Schedule 1 drug anymore ."),
    # outside a mention, or as a mention's first word, it stays the pronoun
    ("I think Schedule II is right", (2, 4), "I think Schedule II is right ."),
    ("On my schedule I take it at night", (), "On my schedule I take it at night ."),
])
def test_a_roman_one_inside_a_mention_is_read_as_the_numeral(tokenizer, rules, text, mentioned, expected):
    doc = tokenizer(text)
    tokens = set(range(*mentioned)) if mentioned else set()
    assert " ".join(parse_text(doc, set(), rules, mention_tokens=tokens).words) == expected


def test_them_is_read_as_a_determiner_only_after_of_and_before_a_class(tokenizer, rules):
    def words(text, classes):
        doc = tokenizer(text)
        marked = {t.i for t in doc if t.lower_ in classes}
        return parse_text(doc, set(), rules, mention_tokens=marked).words[:len(doc)]
    assert words("one of them opiates", {"opiates"})[2] == "those"
    assert words("I gave them opioids", {"opioids"})[2] == "them"  # a dative
    assert words("one of them pills", set())[2] == "them"  # no mention after it

