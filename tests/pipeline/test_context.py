"""Assertion context: negation with syntactic scope."""

import pytest

from factcheck.pipeline.context import CueLexicon


def context_of(nlp, text):
    doc = nlp(text)
    return {(c.subject.kb_id_, c.object.kb_id_): x for c, x in zip(doc._.factcheck_claims, doc._.factcheck_contexts)
            if c.relation == "is_a"}


NEGATION = [
    ("Baclofen is not an opioid.", {("baclofen", "opioid"): True}),
    ("baclofen isn't an opiate", {("baclofen", "opiate"): True}),
    ("baclofen isnt an opiate", {("baclofen", "opiate"): True}),
    ("Baclofen is definitely not an opiate.", {("baclofen", "opiate"): True}),
    ("Baclofen is no opioid.", {("baclofen", "opioid"): True}),
    ("Baclofen is never an opioid.", {("baclofen", "opioid"): True}),
    ("Baclofen is not classified as an opioid.", {("baclofen", "opioid"): True}),
    ("Baclofen does not belong to the opioid class.", {("baclofen", "opioid"): True}),
    ("Baclofen is not an opiate or an opioid.", {("baclofen", "opiate"): True, ("baclofen", "opioid"): True}),
    ("Baclofen is neither an opioid nor an opiate.", {("baclofen", "opioid"): True, ("baclofen", "opiate"): True}),
    ("Baclofen is a non-opioid drug.", {("baclofen", "opioid"): True}),
    # scope: the cue must not reach the other conjunct
    ("Baclofen is a muscle relaxant rather than an opioid.",
     {("baclofen", "muscle_relaxant"): False, ("baclofen", "opioid"): True}),
    ("Baclofen is a muscle relaxant instead of an opioid.",
     {("baclofen", "muscle_relaxant"): False, ("baclofen", "opioid"): True}),
    ("Baclofen is a muscle relaxant, not an opioid.",
     {("baclofen", "muscle_relaxant"): False, ("baclofen", "opioid"): True}),
    ("Baclofen is an opioid, not a muscle relaxant.",
     {("baclofen", "opioid"): False, ("baclofen", "muscle_relaxant"): True}),
    ("Baclofen is not an opioid but a muscle relaxant.",
     {("baclofen", "opioid"): True, ("baclofen", "muscle_relaxant"): False}),
    ("Baclofen, not oxycodone, is a muscle relaxant.",
     {("baclofen", "muscle_relaxant"): False, ("oxycodone", "muscle_relaxant"): True}),
    # a negation in another clause does not reach the claim
    ("Baclofen, which my doctor did not want to prescribe, is an opiate.", {("baclofen", "opiate"): False}),
    ("I do not sleep well, and baclofen is an opioid.", {("baclofen", "opioid"): False}),
    ("Baclofen is a non-opioid muscle relaxant.", {("baclofen", "muscle_relaxant"): False,
                                                   ("baclofen", "opioid"): True}),
]


@pytest.mark.parametrize("text,expected", NEGATION, ids=[t for t, _ in NEGATION])
def test_negation_scope(nlp, text, expected):
    found = context_of(nlp, text)
    assert {k: v.negated for k, v in found.items()} == expected


def test_negation_cue_is_reported_with_its_words(nlp):
    doc = nlp("Baclofen is not an opioid.")
    (ctx,) = doc._.factcheck_contexts
    (cue,) = ctx.cues
    assert (doc[cue.token_start:cue.token_end].text, cue.category) == ("not", "negation")


def test_cue_lexicon_is_validated(tmp_path):
    bad = tmp_path / "context.yaml"
    bad.write_text("cues:\n  - {category: negation, literal: not, direction: sideways}\n", encoding="utf-8")
    with pytest.raises(Exception) as err:
        CueLexicon.load(bad)
    assert "direction" in str(err.value)


def test_shipped_lexicon_loads_and_has_every_direction():
    lex = CueLexicon.load()
    assert {c.direction for c in lex.cues} >= {"syntactic", "path", "forward"}


def finding(checker, text, obj=None):
    report = checker.check(text)
    found = [f for f in report.findings if (obj is None and f.relation in ("is_a", "schedule")) or f.object.id == obj]
    if len(found) > 1:  # "Like fentanyl, baclofen is an opioid": the compared drug's claim as well
        found = [f for f in found if f.pattern != "comparison"]
    assert len(found) == 1, [(f.subject.text, f.object.text) for f in report.findings]
    return report, found[0]


# (text, negated, assertion, flagged, a cue that must be reported as (category, text))
ASSERTION = [
    # hedges: still flagged when false
    ("Baclofen could be an opiate.", False, "hedged", True, ("hedge", "could")),
    ("Baclofen might be an opioid.", False, "hedged", True, ("hedge", "might")),
    ("Baclofen is probably an opioid.", False, "hedged", True, ("hedge", "probably")),
    ("Baclofen is likely an opioid.", False, "hedged", True, ("hedge", "likely")),
    ("I believe baclofen is an opiate.", False, "hedged", True, ("hedge", "believe")),
    ("i think baclofen is an opioid", False, "hedged", True, ("hedge", "think")),
    ("Baclofen seems to be an opioid.", False, "hedged", True, ("hedge", "seems")),
    ("Baclofen appears to be an opiate.", False, "hedged", True, ("hedge", "appears")),
    ("Baclofen is, I think, an opioid.", False, "hedged", True, ("hedge", "think")),
    # negation raising
    ("I don't think baclofen is an opioid.", True, "asserted", False, ("negation", "n't")),
    ("I do not believe that baclofen is an opiate.", True, "asserted", False, ("negation", "not")),
    # questions, direct and embedded
    ("Is baclofen an opioid?", False, "questioned", False, ("question", "?")),
    ("is baclofen an opioid", False, "questioned", False, ("question", "is")),
    ("Does baclofen count as an opioid", False, "questioned", False, ("question", "Does")),
    ("baclofen is an opioid??", False, "questioned", False, ("question", "??")),
    ("So Lioresal is an opioid?!", False, "questioned", False, ("question", "?!")),
    ("Is Lioresal an opioid ? !", False, "questioned", False, ("question", "? !")),
    ("Does anyone know if baclofen is an opiate?", False, "questioned", False, ("question", "if")),
    ("I wonder whether baclofen is an opioid.", False, "questioned", False, ("question", "whether")),
    ("can someone tell me if baclofen is an opioid", False, "questioned", False, ("question", "if")),
    # reported speech without a rejecting cue counts as asserted
    ("My doctor said baclofen is an opioid.", False, "asserted", True, ("reported", "said")),
    ("I read that baclofen is an opiate.", False, "asserted", True, ("reported", "read")),
    ("As my pharmacist explained, baclofen is an opioid.", False, "asserted", True, None),
    # rejected or suspended reports
    ("My doctor didn't say baclofen is an opioid.", False, "reported", False, ("reported", "say")),
    ("Many people assume baclofen is an opiate, but it is a muscle relaxant.", False, "reported", False,
     ("reported", "assume"), "opiate"),
    ("I heard the claim that baclofen is an opioid.", False, "reported", False, ("reported", "claim")),
    # debunk frames flip the author's stance
    ("It is a myth that baclofen is an opioid.", True, "asserted", False, ("debunk", "myth")),
    ("It's a misconception that baclofen is an opiate.", True, "asserted", False, ("debunk", "misconception")),
    ("It is not true that baclofen is an opioid.", True, "asserted", False, ("debunk", "true")),
    ("it's false that baclofen is an opioid", True, "asserted", False, ("debunk", "false")),
    ("Rumors that baclofen is an opioid are false.", True, "asserted", False, ("debunk", "false")),
    ("The claim that baclofen is an opioid is wrong.", True, "asserted", False, ("debunk", "wrong")),
    ("Some people mistakenly believe that baclofen is an opioid.", True, "asserted", False, ("debunk", "mistakenly")),
    ("People wrongly claim baclofen is an opiate.", True, "asserted", False, ("debunk", "wrongly")),
    ("Don't believe anyone who says baclofen is an opioid.", True, "asserted", False, ("negation", "n't")),
    # a frame that asserts a falsehood is checked as the negation
    ("It is false that baclofen is a muscle relaxant.", True, "asserted", True, ("debunk", "false")),
    ("It is not a myth that baclofen is an opioid.", False, "asserted", True, ("debunk", "myth")),
    ("It is true that baclofen is an opioid.", False, "asserted", True, None),
    ("Contrary to popular belief, baclofen is an opioid.", False, "asserted", True, None),
    ("Contrary to popular belief, baclofen is not an opioid.", True, "asserted", False, ("negation", "not")),
    ("I doubt baclofen is an opiate", True, "hedged", False, ("negation", "doubt")),
    ("lots of people get confused and think baclofen is an opioid, but it's actually a muscle relaxant",
     False, "reported", False, ("reported", "think"), "opioid"),
    # counterfactuals and suppositions
    ("Had baclofen been an opiate, my test would have been positive.", False, "hypothetical", False,
     ("hypothetical", "Had")),
    ("had baclofen been an opiate my drug test would've been positive", False, "hypothetical", False,
     ("hypothetical", "had")),
    ("Were baclofen an opioid, it would need a prescription.", False, "hypothetical", False, ("hypothetical", "Were"), "opioid"),
    ("Should baclofen be an opioid, doctors would know.", False, "hypothetical", False,
     ("hypothetical", "Should")),
    ("If baclofen were an opiate, it would need a prescription.", False, "hypothetical", False, ("hypothetical", "If"), "opiate"),
    ("Even if baclofen were an opioid, it would help.", False, "hypothetical", False, ("hypothetical", "if")),
    ("Imagine baclofen were an opioid.", False, "hypothetical", False, ("hypothetical", "Imagine")),
    ("Suppose baclofen is an opioid.", False, "hypothetical", False, ("hypothetical", "Suppose")),
    ("What if baclofen is an opioid", False, "hypothetical", False, ("hypothetical", "What if")),
    # comparisons
    ("Unlike opioids, baclofen does not cause euphoria.", True, "asserted", False, ("negation", "Unlike")),
    ("Unlike opioids, baclofen is safe.", True, "asserted", False, ("negation", "Unlike")),
    ("Unlike other opioids, baclofen is less addictive.", False, "asserted", True, None),
    ("Unlike all opioids, baclofen is less addictive.", True, "asserted", False, ("negation", "Unlike")),
    ("unlike other opioids, baclofen doesnt cause constipation", False, "asserted", True, None),
    ("Like fentanyl, baclofen is an opioid.", False, "asserted", True, None),
    ("Baclofen, just like fentanyl, is an opioid.", False, "asserted", True, None),
    # real writing style
    ("baclofen isnt an opiate", True, "asserted", False, ("negation", "nt")),
    ("BACLOFEN IS NOT AN OPIOID", True, "asserted", False, ("negation", "NOT")),
    ("baclofen is NOT an opioid!!!", True, "asserted", False, ("negation", "NOT")),
    ("Is fentanyl a muscle relaxant?", False, "questioned", False, ("question", "?")),
]


@pytest.mark.parametrize("case", ASSERTION, ids=[a[0] for a in ASSERTION])
def test_assertion_context(checker, case):
    text, negated, assertion, flagged, cue, *obj = case
    report, f = finding(checker, text, *obj)
    assert (f.negated, f.assertion, report.flagged) == (negated, assertion, flagged)
    if cue is not None:
        assert cue in {(c.category, c.text) for c in f.cues}
        c = next(c for c in f.cues if (c.category, c.text) == cue)
        assert text[c.start:c.end] == c.text


SCOPE = [
    # the frame or cue belongs to another clause and must not reach the claim
    ("People wrongly think tramadol is safe, and baclofen is an opioid.", "asserted", False),
    ("I wonder why my doctor changed it. Baclofen is an opioid.", "asserted", False),
    ("Is it safe to drink? Baclofen is an opioid.", "asserted", False),
    ("If you take it at night, you sleep well; baclofen is an opioid.", "asserted", False),
    ("It is a myth that it is addictive, but baclofen is an opioid.", "asserted", False),
    ("My doctor said nothing about it, and baclofen is an opioid.", "asserted", False),
    ("Unlike muscle relaxants that act peripherally, baclofen works centrally.", None, None),
]


@pytest.mark.parametrize("text,assertion,negated", SCOPE, ids=[s[0] for s in SCOPE])
def test_cue_in_another_clause_does_not_reach_the_claim(checker, text, assertion, negated):
    report = checker.check(text)
    if assertion is None:  # a restricted class ("that act peripherally") is no membership claim
        assert [f for f in report.findings if f.relation == "is_a"] == []
        return
    (f,) = [f for f in report.findings if f.subject.id == "baclofen" and f.relation == "is_a"]
    assert (f.assertion, f.negated) == (assertion, negated)
    assert report.flagged


def test_text_output_shows_assertion_and_cue(tmp_path):
    import io

    from factcheck.cli.app import main

    path = tmp_path / "q.txt"
    path.write_text("I think baclofen is an opioid.\nIs baclofen an opiate?\n", encoding="utf-8")
    out = io.StringIO()
    main(["check", str(path)], stdout=out)
    lines = [line for line in out.getvalue().splitlines() if not line.startswith("    ")]
    assert 'hedged; cues: hedge "think"' in lines[0]
    assert lines[1].startswith(f"{path}:2:4: refuted: baclofen an opiate")
    assert 'questioned; cues: question "?"' in lines[1]


@pytest.mark.parametrize("text,verdict", [
    # one occasion or a recommendation is not a general claim about the drug
    ("It didn't give me that euphoric feeling, but oxycodone is an opioid.", None),
    ("Baclofen didn't help my spasms.", "unverifiable"),
    ("Baclofen pump will not help w/the arm spasms.", "unverifiable"),
    ("Baclofen helped my spasticity a lot.", "unverifiable"),
    ("Baclofen should not be used to treat muscle spasms.", "unverifiable"),
    # generic statements are checked
    ("Baclofen does not cause withdrawal.", "refuted"),
    ("Baclofen treats spasticity.", "supported"),
    ("Baclofen can cause drowsiness.", "supported"),
])
def test_episodic_relations_are_not_verified(checker, text, verdict):
    report = checker.check(text)
    found = [f for f in report.findings if f.subject.id == "baclofen" and f.relation in ("effect", "use")]
    if verdict is None:
        assert found == []
        return
    (f,) = found
    assert f.verdict == verdict
    if verdict == "unverifiable":
        assert "episodic" in {c.category for c in f.cues} and f.note and f.evidence == []


@pytest.mark.parametrize("text,verdict", [
    # a past copula in reported speech follows the report's tense: it names no occasion
    ("My doctor said tramadol was not habit-forming at all.", "refuted"),
    ("I was told that tramadol was a non-addictive medication.", "refuted"),
    ("Tramadol was not addictive for me.", "unverifiable"),  # the author's own past: one occasion
    ("Tramadol was not addictive.", "unverifiable"),
])
def test_a_backshifted_copula_is_no_occasion(checker, text, verdict):
    (f,) = [f for f in checker.check(text).findings if f.subject.id == "tramadol"]
    assert f.verdict == verdict
    assert ("episodic" in {c.category for c in f.cues}) is (verdict == "unverifiable")


@pytest.mark.parametrize("text,negated,flagged", [
    ("My doctor says baclofen is an opioid. That's wrong.", True, False),
    ("She says baclofen is an opioid. That's wrong though, it's a muscle relaxer.", True, False),
    ("My doctor says baclofen is an opioid. Not true.", True, False),
    ("My doctor says baclofen is an opioid. That is true.", False, True),
    ("Baclofen is an opioid. That's wrong.", False, True),  # only a report can be rejected so
])
def test_report_rejected_by_the_next_sentence(checker, text, negated, flagged):
    report = checker.check(text)
    (f,) = [f for f in report.findings if f.object.id == "opioid"]
    assert (f.negated, report.flagged) == (negated, flagged)


@pytest.mark.parametrize("text", ["wait is fentanyl a muscle relaxer", "so is baclofen an opioid",
                                  "ok but is baclofen an opiate"])
def test_question_after_a_discourse_word(checker, text):
    report = checker.check(text)
    assert report.findings and all(f.assertion == "questioned" for f in report.findings)
    assert not report.flagged


@pytest.mark.parametrize("text,negated,flagged", [
    # a judgement hung on the claim or on its report
    ("My friend claims baclofen is an opiate, which is nonsense.", True, False),
    ("A reporter wrote that fentanyl is a muscle relaxant, a glaring error.", True, False),
    ("Baclofen is a muscle relaxant, which is true.", False, False),
    # a rejecting adverb on the claim's own verb, a rejecting imperative
    ("Officials wrongly described baclofen as an opioid in the press release.", True, False),
    ("Stop calling baclofen an opioid!", True, False),
    # negated evidence, a negative reporter
    ("There is no evidence that baclofen is an opioid.", True, False),
    ("No evidence suggests baclofen is an opioid.", True, False),
    ('"Baclofen is an opioid," said no pharmacist ever.', True, False),
    ("There is evidence that baclofen is an opioid.", False, True),
    # comparative denial
    ("Baclofen is no more an opioid than aspirin is.", True, False),
    # next-sentence rejections of a report
    ("Some guy on reddit said baclofen is an opioid. He's wrong.", True, False),
    ("People keep saying baclofen is an opiate. It's not.", True, False),
    # a quiz item poses the claim
    ("True or false: baclofen is an opioid.", False, False),
])
def test_more_rejection_frames(checker, text, negated, flagged):
    report = checker.check(text)
    (f,) = [f for f in report.findings if f.relation == "is_a"]
    assert (f.negated, report.flagged) == (negated, flagged)


@pytest.mark.parametrize("text,negated,assertion,flagged", [
    ("There is no way baclofen is a narcotic.", True, "asserted", False),
    ("No way baclofen is an opiate.", True, "asserted", False),
    ("It would be wrong to call baclofen an opioid.", True, "asserted", False),
    ("The idea that baclofen is an opiate is a myth.", True, "asserted", False),
    ("A spokesperson told reporters that baclofen is an opioid, a claim the company withdrew.",
     False, "reported", False),
    ("Officials insisted baclofen is a controlled substance, a claim this newspaper could not verify.",
     False, "reported", False),
    ("my aunt keeps saying baclofen is an opiate but i asked my pharmacist and she said no",
     False, "reported", False),
    ("I am guessing baclofen is opioid medicine.", False, "hedged", True),
])
def test_rejections_and_hedges_in_informal_and_journalistic_writing(checker, text, negated, assertion, flagged):
    report = checker.check(text)
    (f,) = [f for f in report.findings if f.relation in ("is_a", "schedule")]
    assert (f.negated, f.assertion, report.flagged) == (negated, assertion, flagged)


def test_a_later_clause_opened_by_its_escapes_the_negation(checker):
    report = checker.check("bacloffen isnt a opiate its a muscle relaxer")
    assert {(f.object.id, f.negated, f.verdict) for f in report.findings} == {
        ("opiate", True, "supported"), ("muscle_relaxant", False, "supported")}
    assert not report.flagged


@pytest.mark.parametrize("text,negated,assertion,flagged", [
    ("The report that baclofen is an opioid was retracted.", True, "asserted", False),
    ("The FDA denied that baclofen is an opioid.", True, "asserted", False),
    ("Experts debunked claims that baclofen is an opioid.", True, "asserted", False),
    ("Claim: Baclofen is an opioid. Rating: FALSE.", True, "reported", False),  # the rating after its label
    ("Myth: baclofen is an opioid.", True, "asserted", False),
    ("Myth - baclofen is an opioid", True, "asserted", False),
    ("Baclofen, being an opioid, should not be mixed with alcohol.", False, "asserted", True),
])
def test_retractions_layouts_and_participles(checker, text, negated, assertion, flagged):
    report = checker.check(text)
    (f,) = [f for f in report.findings if f.object.id == "opioid"]
    assert (f.negated, f.assertion, report.flagged) == (negated, assertion, flagged)


@pytest.mark.parametrize("text,negated,flagged", [
    # quoted words are someone else's: a verdict in the next sentence rejects them
    ('"Baclofen is an opioid." Nope.', True, False),
    ("Fact check: 'Baclofen is an opioid.' Verdict: FALSE.", True, False),
    ('"Baclofen is an opioid," he said. That is false.', True, False),
    ("> baclofen is an opioid\nThis is just wrong. It's a muscle relaxant.", True, False),
    ("Hi all\n> baclofen is an opioid\n> and it is addictive\nNo it is not.", True, False),
    # ... and without a rejection they count as reported, that is asserted
    ('"Baclofen is an opioid." Trust me on this one.', False, True),
    ("> baclofen is an opioid\nThanks, good to know.", False, True),
    # new judgement nouns, and judgements through "a load of"
    ("There's a persistent urban legend that baclofen is an opioid.", True, False),
    ("That baclofen is an opioid is a load of nonsense.", True, False),
    ("The idea that baclofen is an opioid is a total fabrication.", True, False),
    ("It's a misunderstanding to think baclofen is an opioid.", True, False),
    # dismissing whoever says it
    ("Don't listen to anyone who says baclofen is an opioid.", True, False),
    ("Don't listen to anyone who says baclofen isn't an opioid.", False, True),
])
def test_quotations_verdicts_and_dismissals(checker, text, negated, flagged):
    report = checker.check(text)
    (f,) = [f for f in report.findings if f.object.id == "opioid"]
    assert (f.negated, report.flagged) == (negated, flagged)


@pytest.mark.parametrize("text,assertion,flagged", [
    # a question whose clause embeds the claim, with or without a question mark
    ("are you sure baclofen is an opioid", "questioned", False),
    ("r u sure baclofen is an opioid", "questioned", False),
    ("Do you think baclofen is an opioid", "questioned", False),
    ("Is it true that baclofen is an opioid", "questioned", False),
    # a factive verb presupposes the claim even in a question
    ("Did you know baclofen is an opioid", "asserted", True),
    ("Are you aware that baclofen is an opioid", "asserted", True),
    # chat spellings the parser reads as words
    ("baclofen is def an opioid", "asserted", True),
])
def test_embedded_questions_and_chat_spellings(checker, text, assertion, flagged):
    report = checker.check(text)
    (f,) = [f for f in report.findings if f.object.id == "opioid"]
    assert (f.assertion, report.flagged) == (assertion, flagged)


@pytest.mark.parametrize("text,object_id,negated,assertion,flagged", [
    # a reporting verb the parser did not make the claim's governor, and the rejection after it
    ("A video claims baclofen is an opioid. That's false.", "opioid", True, "asserted", False),
    ("There's a viral video going round claiming baclofen is an opioid. It isn't.", "opioid", True, "asserted", False),
    ("A video claims baclofen is an opioid.", "opioid", False, "asserted", True),
    # a belief given up is not the author's claim
    ("I thought baclofen was an opioid.", "opioid", False, "reported", False),
    ("I used to think baclofen was an opioid.", "opioid", False, "reported", False),
    ("I think baclofen is an opioid.", "opioid", False, "hedged", True),
    ("My doctor thought baclofen was an opioid.", "opioid", False, "asserted", True),
    # a rejecting imperative after the claim does not reject it
    ("Baclofen is a muscle relaxant not a painkiller, stop expecting it to fix your headache",
     "muscle_relaxant", False, "asserted", False),
])
def test_misparsed_reports_given_up_beliefs_and_late_imperatives(checker, text, object_id, negated, assertion, flagged):
    report = checker.check(text)
    (f,) = [f for f in report.findings if f.object.id == object_id]
    assert (f.negated, f.assertion, report.flagged) == (negated, assertion, flagged)


def test_an_unlike_adjunct_is_out_of_reach_of_the_clauses_over_its_sentence(checker):
    """"unlike C, X ..." sets X apart from C however a run-on sentence is parsed: a negated hedge
    at its far end ("doesn't sound like ...") made the comparison a hedged "X is a C"."""
    text = ("*unlike Opioids, baclofen is good for sleep, hence you can take more at night *no need to crush "
            "tabs; if possible don't take it with food Regarding librax, I don't understand how it will help "
            "with withdrawal; doesn't sound like a good idea.")
    report = checker.check(text)
    (f,) = [f for f in report.findings if f.object.id == "opioid"]
    assert (f.negated, f.verdict, report.flagged) == (True, "supported", False)


def test_list_items_are_sentences(checker):
    report = checker.check("Quick facts:\n- Baclofen: muscle relaxant\n- Oxycodone: opioid\n- Fentanyl: opioid\n")
    assert {(f.subject.id, f.object.id, f.verdict) for f in report.findings} == {
        ("baclofen", "muscle_relaxant", "supported"), ("oxycodone", "opioid", "supported"),
        ("fentanyl", "opioid", "supported")}
    assert not report.flagged


@pytest.mark.parametrize("text,object_id,negated,flagged", [
    # negations beyond "not"
    ("Baclofen is in no sense an opioid.", "opioid", True, False),
    ("Baclofen is hardly a narcotic.", "narcotic", True, False),
    ("By no stretch is baclofen an opioid.", "opioid", True, False),
    # "not only / just a C" says it is one
    ("Baclofen is not only an antispastic but also a GABA analogue.", "antispastic", False, False),
    ("Baclofen is not just a muscle relaxant.", "muscle_relaxant", False, False),
    ("Baclofen is not an opioid.", "opioid", True, False),
    # sarcasm, when it is marked
    ("Yeah right, like baclofen is a narcotic.", "narcotic", True, False),
    ("baclofen is an opioid /s", "opioid", True, False),
])
def test_more_negations_not_only_and_marked_sarcasm(checker, text, object_id, negated, flagged):
    report = checker.check(text)
    (f,) = [f for f in report.findings if f.object.id == object_id]
    assert (f.negated, report.flagged) == (negated, flagged)


@pytest.mark.parametrize("text", ["Were baclofen an opioid, it would be controlled.",
                                  "If baclofen were an opiate, it would be controlled."])
def test_the_consequent_of_a_condition_is_hypothetical_too(checker, text):
    report = checker.check(text)
    assert {f.object.id for f in report.findings} == {report.findings[0].object.id, "controlled_substance"}
    assert {f.assertion for f in report.findings} == {"hypothetical"} and not report.flagged
