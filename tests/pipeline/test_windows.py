"""Window parsing: only the sentences around mentions are parsed, with the same reports as
parsing whole texts (``FactChecker(windows=False)``; here the session checker's parse stage is
switched for the comparison)."""

from __future__ import annotations

import pytest

from factcheck.pipeline import parse

FILLER = ["The weather was nice today.", "We went to the park with the kids.",
          "My sister bought a new car last week.", "The train was late again this morning.",
          "I cooked pasta for dinner.", "Our team lost the game on Sunday."]


def filler(n: int, start: int = 0) -> str:
    return " ".join(FILLER[(start + k) % len(FILLER)] for k in range(n))


@pytest.fixture
def whole(checker, monkeypatch):
    """A function checking a text with whole-text parsing."""
    pipe = checker.nlp.get_pipe("factcheck_parse")

    def check(text):
        monkeypatch.setattr(pipe, "windows", False)
        try:
            return checker.check(text)
        finally:
            monkeypatch.setattr(pipe, "windows", True)
    return check


def ranges(checker, text):
    pipe = checker.nlp.get_pipe("factcheck_parse")
    with checker.nlp.select_pipes(enable=["factcheck_mentions"]):
        doc = checker.nlp(text)
    return doc, parse.windows(doc, pipe.chain_words, pipe.rules.chat_tags)


def test_only_the_sentences_around_a_mention_are_parsed(checker):
    text = filler(20) + " Baclofen is an opioid. " + filler(20, 3)
    doc = checker.nlp(text)
    parsed = [t for t in doc if t.tag_]
    assert parsed and len(parsed) < len(doc) / 5
    assert {t.text for t in parsed} >= {"Baclofen", "is", "an", "opioid"}
    # the rest of the text keeps its sentences (one flat tree each), untagged
    assert len(list(doc.sents)) == 41
    assert doc[0].tag_ == "" and doc[len(doc) - 2].tag_ == ""
    report = checker.check(text)
    assert report.flagged
    finding = report.findings[0]
    assert text[finding.start:finding.end] == "Baclofen is an opioid"
    assert text[finding.sentence.start:finding.sentence.end] == "Baclofen is an opioid."


def test_window_reaches_back_only_for_a_word_that_refers_back(checker):
    plain = filler(4) + " Baclofen is not an opioid. " + filler(4)
    doc, found = ranges(checker, plain)
    assert [doc[a:b].text for a, b in found] == ["Baclofen is not an opioid."]
    chained = filler(3) + " I take baclofen for spasms. It helps. " + filler(1) + " It is calm. " + filler(1) + \
        " It is not an opioid."
    doc, found = ranges(checker, chained)
    # the chain "It ... It ... It" is followed back to the drug (within MAX_CHAIN), not further
    assert [doc[a:b].text for a, b in found] == [chained[chained.index("I take"):]]
    # an anaphor five sentences after the drug, past sentences that hold none: no window back
    far = "I take baclofen for spasms. " + filler(4) + " It helps. It is not an opioid."
    doc, found = ranges(checker, far)
    assert len(found) == 2 and doc[found[0][0]:found[0][1]].text == "I take baclofen for spasms."
    assert doc[found[1][0]:found[1][1]].text.endswith("It helps. It is not an opioid.")


def test_window_takes_the_judgement_after_a_report(checker, whole):
    text = filler(3) + " My friend says baclofen is an opioid. That is wrong. " + filler(3)
    doc, found = ranges(checker, text)
    assert [doc[a:b].text for a, b in found] == ["My friend says baclofen is an opioid. That is wrong."]
    report = checker.check(text)
    assert report.findings[0].negated and not report.flagged
    assert report == whole(text)


@pytest.mark.parametrize("judgement", ["Reddit is wrong about that, as usual.",
                                       "The claim about it is a myth in my opinion, honestly."])
def test_window_takes_a_judgement_word_after_a_report(checker, whole, judgement):
    """A sentence holding a judgement or statement word of the context lexicon may reject the
    report before it, whatever its subject ("Reddit says X. Reddit is wrong.")."""
    text = filler(2) + " Reddit says baclofen is an opioid. " + judgement + " " + filler(2)
    doc, found = ranges(checker, text)
    assert [doc[a:b].text for a, b in found] == ["Reddit says baclofen is an opioid. " + judgement]
    assert checker.check(text) == whole(text)


def test_window_takes_a_quoted_block_and_its_reply(checker):
    text = filler(2) + "\n> baclofen is an opioid\n> everyone knows it\nNo it is not.\n" + filler(3)
    doc, found = ranges(checker, text)
    assert len(found) == 1
    assert doc[found[0][0]:found[0][1]].text.strip().endswith("No it is not.")


def test_window_takes_a_list_and_its_heading(checker):
    text = filler(3) + "\nThings that are not opioids:\n- gabapentin\n- a sandwich\n- baclofen\n" + filler(2)
    doc, found = ranges(checker, text)
    covered = " ".join(doc[a:b].text for a, b in found)
    assert "Things that are not opioids:" in covered and "- a sandwich" in covered


@pytest.mark.parametrize("text", [
    filler(6) + " I take baclofen. My legs feel better. It is an opioid right? " + filler(3),
    filler(3) + " Baclofen and gabapentin came up. Both drugs are opioids. " + filler(3),
    "baclofen\nis\nan\nopioid",
    "Wow!! 😂 Fentanyl is an opioid pain reliever. " + filler(2),
    filler(2) + ' She said "baclofen is an opioid." Not true. ' + filler(2),
    filler(5) + "\n\nMyth: baclofen is an opioid.\n\n" + filler(5),
    (filler(10) + " lol ") * 3 + "tramadol is not an opioid lmao " + filler(10),
])
def test_windows_report_what_the_whole_text_parse_reports(checker, whole, text):
    """Same findings; only a finding's sentence span may differ, where the whole-text parse glues
    a chat tag before it ("lol tramadol is ...") onto the sentence (a listed difference)."""
    def without_sentence(report):
        data = report.model_dump()
        for f in data["findings"]:
            f.pop("sentence")
        return data

    windowed, full = checker.check(text), whole(text)
    assert without_sentence(windowed) == without_sentence(full)
    for a, b in zip(windowed.findings, full.findings, strict=True):
        assert text[b.sentence.start:a.sentence.start].strip() in ("", "lol")
        assert a.sentence.end == b.sentence.end


def test_a_run_on_sentence_is_cut_into_short_pieces(checker):
    text = " ".join(["lol so we went there and it was fun"] * 60) + " baclofen is an opioid " + \
        " ".join(["and then we left"] * 40)
    doc, found = ranges(checker, text)
    bounds = parse.sentence_bounds(doc)
    assert all(b - a <= parse.MAX_SENTENCE_TOKENS for a, b in zip(bounds, bounds[1:] + [len(doc)]))
    assert sum(b - a for a, b in found) <= 3 * parse.MAX_SENTENCE_TOKENS
    assert checker.check(text).findings


def test_windows_of_a_text_without_mentions(checker):
    doc, found = ranges(checker, filler(5))
    assert found == []


def test_windows_can_be_switched_off():
    from factcheck.pipeline.checker import FactChecker

    assert FactChecker.__init__.__kwdefaults__["windows"] is True


def test_windows_say_why_each_sentence_is_kept(checker):
    pipe = checker.nlp.get_pipe("factcheck_parse")
    text = (filler(2) + " My aunt says baclofen is an opioid. She is wrong about that. " + filler(2)
            + " Baclofen helps my spasms. It is a muscle relaxant. " + filler(2, 4)
            + " Tramadol is an opioid. They read it online. " + filler(2, 1)
            + " Codeine is a muscle relaxant. Not at all, my friend, sorry to say. " + filler(1))
    with checker.nlp.select_pipes(enable=["factcheck_mentions"]):
        doc = checker.nlp(text)
    bounds = parse.sentence_bounds(doc, pipe.rules.chat_tags)
    why: dict[int, str] = {}
    found = parse.windows(doc, pipe.chain_words, pipe.rules.chat_tags, bounds, pipe.judging_words, why=why)
    ends = bounds[1:] + [len(doc)]
    assert {doc[bounds[k]:ends[k]].text.strip(): reason for k, reason in why.items()} == {
        "My aunt says baclofen is an opioid.": "mention",
        "She is wrong about that.": "next sentence: a judging word",
        "We went to the park with the kids.": "sentence before: a word that refers back",
        "Baclofen helps my spasms.": "mention",
        "It is a muscle relaxant.": "mention",
        "Tramadol is an opioid.": "mention",
        "They read it online.": "next sentence: a referring pronoun",
        "Codeine is a muscle relaxant.": "mention",
        "Not at all, my friend, sorry to say.": "next sentence: a negation or answer",
    }
    assert set(why.values()) <= set(parse.WINDOW_REASONS)
    # the reasons name exactly the sentences of the windows, and asking for them changes nothing
    assert sorted(why) == [k for k in range(len(bounds)) if any(a <= bounds[k] < b for a, b in found)]
    assert found == parse.windows(doc, pipe.chain_words, pipe.rules.chat_tags, bounds, pipe.judging_words)
