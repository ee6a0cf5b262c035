"""The references stage alone, on Docs built with given heads, tags and labels (no statistical
parser): which anaphoric expressions it resolves, the span group it writes, and that the claims
stage reads that group."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from spacy.tokens import Doc, Span

from factcheck.pipeline import components
from factcheck.pipeline.claims import extract, hearst_matcher
from factcheck.pipeline.mentions import MentionIndex, coordinated, mentions
from factcheck.pipeline.references import SPANS_KEY, references, resolve_references, set_references
from factcheck.pipeline.rules import ExtractionRules

CASES = yaml.safe_load((Path(__file__).parents[1] / "data" / "references.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def rules() -> ExtractionRules:
    return ExtractionRules.load()


def built(nlp, tokens: list[list]) -> Doc:
    words, lemmas, tags, pos, heads, deps = (list(col) for col in zip(*tokens, strict=True))
    spaces = [i + 1 < len(words) and words[i + 1] not in (".", ",") for i in range(len(words))]
    doc = Doc(nlp.vocab, words=words, spaces=spaces, lemmas=lemmas, tags=tags, pos=pos,
              heads=heads, deps=deps)
    return nlp.get_pipe("factcheck_mentions")(doc)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_resolution_on_built_docs(nlp, rules, case):
    doc = built(nlp, case["tokens"])
    resolver = resolve_references(doc, MentionIndex(mentions(doc), coordinated(doc)), rules)
    assert {i: span.kb_id_ for i, span in resolver.resolved.items()} == case["resolved"]
    # the stage's output is the span group, which reads back the same
    assert {i: (s.start, s.end, s.label_, s.kb_id_) for i, s in references(doc).items()} == \
           {i: (s.start, s.end, s.label_, s.kb_id_) for i, s in resolver.resolved.items()}
    assert SPANS_KEY in doc.spans


def test_claims_read_the_references_a_stage_wrote(nlp, rules):
    """A reference written to the span group by hand (as another resolver would) is what the
    claims stage uses: "It" becomes baclofen in the claim, with the author's word."""
    doc = built(nlp, [["It", "it", "PRP", "PRON", 1, "nsubj"], ["is", "be", "VBZ", "AUX", 1, "ROOT"],
                      ["an", "an", "DT", "DET", 3, "det"], ["opioid", "opioid", "NN", "NOUN", 1, "attr"]])
    assert extract(doc, mentions(doc), rules, hearst_matcher(nlp.vocab, rules)) == []  # nothing to refer to
    set_references(doc, {0: Span(doc, 0, 1, label="drug", kb_id="baclofen")})
    (claim,) = extract(doc, mentions(doc), rules, hearst_matcher(nlp.vocab, rules))
    assert (claim.subject.text, claim.subject.kb_id_, claim.object.kb_id_) == ("It", "baclofen", "opioid")


def test_the_full_pipeline_writes_the_reference_group(nlp):
    doc = nlp("Baclofen is prescribed for spasticity. It is an opioid.")
    assert [(s.text, s.kb_id_) for s in doc.spans[SPANS_KEY]] == [("It", "baclofen")]


def test_references_is_a_stage_of_the_pipeline(nlp):
    """The stage runs between the parse and the claims, and declares what it reads and writes."""
    names = nlp.pipe_names
    assert names.index("factcheck_parse") < names.index("factcheck_references") < names.index("factcheck_claims")
    meta = nlp.get_pipe_meta("factcheck_references")
    assert "doc.spans" in meta.assigns and "token.dep" in meta.requires
    assert nlp.analyze_pipes(pretty=False)["problems"]["factcheck_references"] == []


def test_the_stage_builds_no_hearst_matcher(nlp, monkeypatch):
    """The references stage shares the claims stage's rule loading, not its matcher: only the
    claims stage builds a Hearst matcher over the rules."""
    built_over = []
    monkeypatch.setattr(components, "hearst_matcher", lambda vocab, rules: built_over.append(rules))
    stage = components.ReferenceComponent(nlp, "refs", rules=None)
    stage.initialize()
    stage.set_rules(stage.rules)
    assert built_over == []
    components.ClaimComponent(nlp, "claims", rules=None)
    assert len(built_over) == 1


def test_the_stage_saves_and_reads_back_its_rules(nlp, rules, tmp_path):
    """The rules the stage uses are saved with it (to_disk / to_bytes) and read back: a stage
    restored from rules without the anaphor "it" leaves "It" unresolved."""
    case = CASES[0]  # "Baclofen helps. It is an opioid."
    no_it = rules.model_copy(update={"anaphors": rules.anaphors - {"it"}})
    saved = components.ReferenceComponent(nlp, "refs", rules=None)
    assert {i: s.kb_id_ for i, s in references(saved(built(nlp, case["tokens"]))).items()} == case["resolved"]
    saved.set_rules(no_it)
    saved.to_disk(tmp_path / "refs")
    assert (tmp_path / "refs" / "rules.json").is_file()
    from_disk = components.ReferenceComponent(nlp, "refs", rules=None).from_disk(tmp_path / "refs")
    from_bytes = components.ReferenceComponent(nlp, "refs", rules=None).from_bytes(saved.to_bytes())
    for restored in (from_disk, from_bytes):
        assert "it" not in restored.rules.anaphors
        assert restored.rules.model_dump() == no_it.model_dump()
        assert references(restored(built(nlp, case["tokens"]))) == {}


@pytest.mark.parametrize("between,resolved", [(3, False), (35, True)])
def test_a_paragraph_is_read_back_a_bounded_number_of_sentences(checker, between, resolved):
    # Another drug earlier in the paragraph keeps "It" unresolved (the drug just before is no
    # subject there, which alone would settle it), but only within MAX_PARAGRAPH_SENTENCES: a text
    # without blank lines is one paragraph, and reading all of it back for each reference made
    # long chains quadratic.
    text = "Oxycodone is an opioid. " + "I walk a lot. " * between + "I take baclofen too. It is an opioid."
    found = {(f.subject.id, f.subject.text) for f in checker.check(text).findings}
    assert ("baclofen", "It") in found if resolved else found == {("oxycodone", "Oxycodone")}


def test_a_pronoun_refers_to_the_subject_just_before_past_another_drug(checker):
    # the drug of the sentence just before, its subject and the only drug named since, is the
    # referent even with another drug earlier in the paragraph; not across a line (a chat's
    # next turn may be about another drug)
    text = "Oxycodone is an opioid. I walk a lot. Baclofen helps me. It is an opioid."
    found = {(f.subject.id, f.subject.text) for f in checker.check(text).findings}
    assert ("baclofen", "It") in found
    chat = "amy: oxycodone is an opioid\nben: baclofen helps me\namy: it is an opioid"
    found = {(f.subject.id, f.subject.text) for f in checker.check(chat).findings}
    assert ("baclofen", "it") not in found


def test_bullet_marks_are_no_sentences_between_a_drug_and_its_pronoun(checker):
    # the parser may make each line's "-" a sentence of its own: a pronoun two items below the
    # drug still reaches it past an item that offers no other referent, as in running prose
    bullets = "FACTS\n- fentanyl is a synthetic opioid\n- hits the mu receptor hard\n- it's Schedule IV"
    prose = "Fentanyl is a synthetic opioid. It hits the mu receptor hard. It's Schedule IV."
    for text in (bullets, prose):
        found = {(f.subject.id, f.object.id, f.verdict) for f in checker.check(text).findings}
        assert ("fentanyl", "schedule_iv", "refuted") in found, text
    # an item with a referent of its own still blocks it
    other = "FACTS\n- fentanyl is a synthetic opioid\n- the store closes at noon\n- it's Schedule IV"
    assert all(f.subject.id != "fentanyl" or f.object.id != "schedule_iv" for f in checker.check(other).findings)
