"""Speakers' labels (factcheck.text.segmentation): where the label opening a line ends."""

import pytest
import spacy

from factcheck.text.segmentation import after_label, speaker_label


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
])
def test_the_words_after_a_speaker_s_label(tokenizer, text, said):
    tokens = [t for t in tokenizer(text) if not t.is_space]
    assert "".join(t.text_with_ws for t in after_label(tokens)).strip() == said


def test_a_transcript_label_alone_is_a_label(tokenizer):
    assert speaker_label(list(tokenizer("A."))) == 1
