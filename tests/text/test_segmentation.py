"""Speakers' labels (factcheck.text.segmentation): where the label opening a line ends."""

import pytest
import spacy

from factcheck.text.segmentation import after_label, heading_mark, paragraph_starts, speaker_label


@pytest.fixture(scope="module")
def tokenizer():
    from spacy.symbols import ORTH

    from factcheck.pipeline.checker import pipeline_config

    nlp = spacy.blank("en")
    for string, pieces in pipeline_config().get("split", {}).items():  # as build_pipeline adds them
        nlp.tokenizer.add_special_case(string, [{ORTH: piece} for piece in pieces])
    return nlp.tokenizer


@pytest.mark.parametrize("text,said", [
    ("Pharmacist: no, it is not", "no, it is not"),
    ("[20:11] Dad: it is", "it is"),
    ("Q. Is baclofen an opioid?", "Is baclofen an opioid?"),  # a transcript's label
    ("A. No.", "No."),
    ("Baclofen is fine", "Baclofen is fine"),  # no label
    ("Vitamin A. It helps.", "Vitamin A. It helps."),  # "A." not opening the line
    ("viewer2: nah it's schedule 2", "nah it's schedule 2"),  # a chat handle
    ("kat_plays: muscle relaxer", "muscle relaxer"),
    ("2020: a bad year", "2020: a bad year"),  # a number is no handle
    ("_x: hi", "_x: hi"),
    ("Reply (anon_441): not really", "not really"),  # a role and its handle in brackets
    ("OP [kat]: no", "no"),
    ("See (page 4): the table", "See (page 4): the table"),  # a bracket of more than a handle
])
def test_the_words_after_a_speaker_s_label(tokenizer, text, said):
    tokens = [t for t in tokenizer(text) if not t.is_space]
    assert "".join(t.text_with_ws for t in after_label(tokens)).strip() == said


def test_a_transcript_label_alone_is_a_label(tokenizer):
    assert speaker_label(list(tokenizer("A."))) == 1


# ---------------------------------------------------------------------------- heading lines

@pytest.mark.parametrize("text,heading", [
    ("# Why baclofen is not an opioid\nThe difference is", "# Why baclofen is not an opioid"),
    ("## drug: tramadol | rating: 4\nIt helped.", "## drug: tramadol | rating: 4"),
    ("Intro line.\n# drug: tramadol\nIt helped.", "# drug: tramadol"),
])
def test_a_heading_line_is_a_sentence_of_its_own(tokenizer, text, heading):
    doc = tokenizer(text)
    starts = set(paragraph_starts(doc))
    first = next(t for t in doc if heading_mark(t))
    assert first.i == 0 or first.i in starts
    after = next(t for t in doc if t.idx >= text.index(heading) + len(heading) and not t.is_space)
    assert after.i in starts  # the line under the heading is not read into it


@pytest.mark.parametrize("text", [
    "#baclofen is not an opioid\nit is a muscle relaxer",  # a hashtag
    "I rate it # 1\nit works",  # a number sign inside a line
    "#\nit works",  # a mark alone on its line
])
def test_hashtags_and_number_signs_open_no_heading(tokenizer, text):
    doc = tokenizer(text)
    line_starts = [t for t in doc if (t.i == 0 or "\n" in doc[t.i - 1].text_with_ws) and not t.is_space]
    assert not any(heading_mark(t) for t in line_starts)
    assert not paragraph_starts(doc)
