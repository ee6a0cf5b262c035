"""The jurisdiction lexicon of verification (models/jurisdictions.yaml): the words that place a
legal claim under US federal law, and the state names that take it back to a state's list. A
contested state schedule holds back the verdict of a claim about a state's list, not of one
about federal law."""

from __future__ import annotations

import pytest
import spacy
import yaml

from factcheck.errors import ModelDataError
from factcheck.pipeline.verify import Jurisdictions, shipped_jurisdictions, verify

FEDERAL = "Gabapentin is a Schedule V controlled substance under federal law."
IN_A_STATE = "Gabapentin is a controlled substance in Kentucky, though not federally."


def verdicts(checker, kb, text: str, jurisdictions: Jurisdictions | None = None) -> list[tuple[str, str, str]]:
    doc = checker.nlp(text)
    return [(f.subject.id, f.object.id, f.verdict)
            for f in (verify(doc, c, x, kb, jurisdictions=jurisdictions)
                      for c, x in zip(doc._.factcheck_claims, doc._.factcheck_contexts, strict=True))]


def lexicon(tmp_path, **changes) -> Jurisdictions:
    data = shipped_jurisdictions().model_dump(mode="json")
    data.update(changes)
    path = tmp_path / "jurisdictions.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return Jurisdictions.load(path)


def test_the_shipped_lexicon_is_the_default(checker, kb):
    assert verdicts(checker, kb, FEDERAL) == [("gabapentin", "schedule_v", "refuted")]
    assert verdicts(checker, kb, IN_A_STATE) == [("gabapentin", "controlled_substance", "unverifiable")]
    assert verdicts(checker, kb, FEDERAL, shipped_jurisdictions()) == verdicts(checker, kb, FEDERAL)


def test_a_users_lexicon_changes_the_verdicts(checker, kb, tmp_path):
    """Without "federal" among its words, the claim is no longer read as one about federal law:
    the contested state schedule holds its verdict back. Without "kentucky" among the states,
    the claim "in Kentucky, though not federally" is read as a federal one, and decided."""
    no_federal = lexicon(tmp_path, federal_words=["federally", "dea"])
    assert verdicts(checker, kb, FEDERAL, no_federal) == [("gabapentin", "schedule_v", "unverifiable")]
    no_kentucky = lexicon(tmp_path, state_names=[n for n in shipped_jurisdictions().state_names if n != "kentucky"])
    assert verdicts(checker, kb, IN_A_STATE, no_kentucky) == [("gabapentin", "controlled_substance", "refuted")]


def test_phrases_and_multi_word_state_names(tmp_path):
    lex = lexicon(tmp_path, federal_words=["dea"], federal_phrases=["controlled substances act"],
                  state_names=["new york"])
    nlp = spacy.blank("en")
    assert lex.federal_only(nlp("It is listed in the Controlled Substances Act.")[:])
    assert not lex.federal_only(nlp("The DEA and New York list it.")[:])
    assert lex.federal_only(nlp("The DEA and New Yorkers list it.")[:])  # a whole name only
    assert not lex.federal_only(nlp("It is federal.")[:])
    assert lexicon(tmp_path, state_names=[]).federal_only(nlp("Federally, in every state, it is.")[:])


@pytest.mark.parametrize("changes,message", [
    ({"federal_words": ["Federal"]}, "not a lower-case entry"),
    ({"state_names": ["texas", " "]}, "not a lower-case entry"),
    ({"federal_words": ["federal law"]}, "not one word"),
    ({"federal_word": ["federal"]}, "federal_word"),
])
def test_a_bad_lexicon_is_refused_with_the_field(tmp_path, changes, message):
    with pytest.raises(ModelDataError, match=message):
        lexicon(tmp_path, **changes)


def test_the_pipeline_takes_a_users_lexicon_and_saves_it(tmp_path):
    """The ``jurisdictions`` setting of the ``factcheck`` component (and of the ``factcheck_verify``
    stage) reaches the verdicts, and the lexicon is saved with the pipeline: the loaded pipeline
    keeps it after the user's file is gone."""
    from factcheck.resources import BASE_MODEL

    path = tmp_path / "no-federal.yaml"
    data = shipped_jurisdictions().model_dump(mode="json")
    data["federal_words"] = ["federally", "dea"]
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    nlp = spacy.load(BASE_MODEL, exclude=["ner"])
    nlp.add_pipe("factcheck", config={"jurisdictions": str(path)})

    def found(pipeline):
        return [(f.object.id, f.verdict) for f in pipeline(FEDERAL)._.factcheck_findings if f.relation == "schedule"
                or f.object.id == "schedule_v"]

    assert found(nlp) == [("schedule_v", "unverifiable")]
    nlp.to_disk(tmp_path / "saved")
    path.unlink()
    assert found(spacy.load(tmp_path / "saved")) == [("schedule_v", "unverifiable")]
