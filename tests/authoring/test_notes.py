"""Notes, lists and subjectless sentences restated for ``claims derive``
(:mod:`factcheck.authoring.notes`), and what derive finds in them."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import yaml

from factcheck.authoring.derive import derive, pipeline_with, read_trusted, restatements, topic
from factcheck.authoring.notes import default_rules, heading_relation, restate
from factcheck.cli import app as cli


def _said(text: str, drug: str = "duloxetine", **kw) -> dict[str, str]:
    """restated sentence -> the original words it quotes (each quote checked against its span)."""
    out = {}
    for r in restate(text, drug, **kw):
        quote = text[r.start:r.end]
        assert quote and quote == quote.strip()
        out[r.text] = quote
    return out


def _derive(nlp, kb, text: str):
    """The draft derive writes from ``text``, new concepts read by a rebuilt pipeline."""
    return derive(nlp, text, "card", kb, rebuild=lambda concepts: pipeline_with(concepts))


def _facts(draft, subject: bool = False, links: bool = True) -> set[tuple]:
    """(relation, object, polarity) of each new fact and, with ``links``, each linked one (with its
    subject first if ``subject``)."""
    facts = list(draft.facts) + ([link.fact for link in draft.links] if links else [])
    return {((f.subject,) if subject else ()) + (f.relation, f.object, f.polarity) for f in facts}


def test_field_lines_state_their_relation():
    said = _said("Duloxetine\n\nClass: SNRI; an antidepressant\n- Route: oral\nStatus: Rx only; not controlled\n"
                 "Drug: duloxetine (Cymbalta)\n")
    assert said == {
        "Duloxetine is an SNRI.": "SNRI",
        "Duloxetine is an antidepressant.": "an antidepressant",
        "Duloxetine is given by mouth.": "oral",
        "Duloxetine is a prescription drug.": "Rx only",
        "Duloxetine is not a controlled substance.": "not controlled",
    }  # "Drug:" states no relation: left alone


def test_other_field_separators_schedules_and_roles_at_a_receptor():
    said = _said("Mechanism = 5-HT1A partial agonist; D2 receptor antagonist\nSchedule: C-IV\n"
                 "Legal status: not scheduled\nClass – SNRI\nHalf-life: 12 hours\n")
    assert said == {
        "Duloxetine acts on 5-HT1A receptors.": "5-HT1A partial agonist",
        "Duloxetine acts on D2 receptor.": "D2 receptor antagonist",
        "Duloxetine is a Schedule IV controlled substance.": "C-IV",
        "Duloxetine is not a controlled substance.": "not scheduled",
        "Duloxetine is an SNRI.": "SNRI",
    }


def test_heading_and_its_list():
    said = _said("Uses\n- major depressive disorder\n- fibromyalgia, such as widespread pain\n\n"
                 "Side effects:\n• nausea\n• dry mouth\n")
    assert said["Duloxetine is used to treat major depressive disorder."] == "major depressive disorder"
    assert said["Duloxetine is used to treat fibromyalgia."] == "fibromyalgia"
    assert said["Duloxetine is used to treat widespread pain."] == "widespread pain"
    assert said["Duloxetine can cause nausea."] == "nausea"
    assert said["Duloxetine can cause dry mouth."] == "dry mouth"


def test_a_blank_line_ends_a_headings_list():
    said = _said("Side effects:\n- nausea\n\n- headache\n")
    assert list(said) == ["Duloxetine can cause nausea."]


def test_subjectless_sentences_get_the_documents_drug():
    said = _said("How it works\nActs on 5-HT1A receptors. Also blocks 5-HT2A, 5-HT3 and H1 receptors. "
                 "Used for anxiety. Not a benzodiazepine. No IV formulation. Not habit-forming.\n")
    assert said == {
        "Duloxetine acts on 5-HT1A receptors.": "Acts on 5-HT1A receptors",
        "Duloxetine blocks 5-HT2A receptors, 5-HT3 receptors and H1 receptors.":
            "Also blocks 5-HT2A, 5-HT3 and H1 receptors",
        "Duloxetine is used for anxiety.": "Used for anxiety",
        "Duloxetine is not a benzodiazepine.": "Not a benzodiazepine",
        "Duloxetine is not given intravenously.": "No IV formulation",
        "Duloxetine is not habit-forming.": "Not habit-forming",
    }


def test_empty_values_and_more_subjectless_forms():
    said = _said("Schedule: none\nLegal status: unscheduled\nUsed in: anxiety\n"
                 "Is not habit-forming. Doesn't cause withdrawal. Effective for generalized anxiety.\n")
    assert said == {
        "Duloxetine is not a controlled substance.": "unscheduled",
        "Duloxetine is used to treat anxiety.": "anxiety",
        "Duloxetine is not habit-forming.": "Is not habit-forming",
        "Duloxetine doesn't cause withdrawal.": "Doesn't cause withdrawal",
        "Duloxetine is used for generalized anxiety.": "Effective for generalized anxiety",
    }  # "Schedule: none" states nothing


def test_lecture_note_forms():
    """Arrows cut a note like semicolons; a class named by its role at a receptor also states the
    target; a bullet of statuses without a heading; "effective for" is a use."""
    said = _said("* Drug class = 5-HT3 receptor antagonist\n* MOA: blocks 5-HT3 receptors -> acts in the gut\n"
                 "* Rx only, not controlled, no abuse potential\n* Not effective for motion sickness\n")
    assert said == {
        "Duloxetine acts on 5-HT3 receptor.": "5-HT3 receptor antagonist",
        "Duloxetine is a 5-HT3 receptor antagonist.": "5-HT3 receptor antagonist",
        "Duloxetine blocks 5-HT3 receptors.": "blocks 5-HT3 receptors",
        "Duloxetine acts in the gut.": "acts in the gut",
        "Duloxetine is a prescription drug.": "Rx only",
        "Duloxetine is not a controlled substance.": "not controlled",
        "Duloxetine has no abuse potential.": "no abuse potential",
        "Duloxetine is not used for motion sickness.": "Not effective for motion sickness",
    }


def test_a_heading_set_as_the_first_sentence_of_a_line():
    said = _said("Uses. Heartburn; reflux disease. It is not used for ulcers.\nUsed for depression. Pharmacology.\n")
    assert said == {
        "Duloxetine is used to treat heartburn.": "Heartburn",
        "Duloxetine is used to treat reflux disease.": "reflux disease",
        "Duloxetine is used for depression.": "Used for depression",  # a sentence, not the heading "used for"
        "Duloxetine is not used to treat ulcers.": "ulcers",  # a use phrase about "it" (each item, denied)
    }


def test_a_sentence_with_its_subject_is_left_to_the_pipeline(nlp):
    """Under a heading, a sentence (a finite verb in its first item) is no list; with the parse
    of the document, as derive reads it."""
    text = ("Duloxetine\n\nWhat it does\nDuloxetine blocks the serotonin transporter, and it raises noradrenaline.\n"
            "Side effects\nMost people have no problems. Avoid alcohol if it makes you sleepy.\n")
    # only the effect a feeling names is restated ("makes you sleepy": drowsiness), and the one target
    # after a verb of acting on it (restated so that a target no concept names can be drafted)
    assert [r.text for r in restatements(read_trusted(nlp, text))] == [
        "Duloxetine acts on serotonin transporter.", "Duloxetine can cause drowsiness."]


def test_dense_entry_cut_at_semicolons_and_sentences():
    text = ("duloxetine (Cymbalta). Class: SNRI. Not an SSRI; not a tricyclic. Indications: major depressive "
            "disorder; diabetic neuropathy. Adverse effects: nausea; somnolence; dry mouth.")
    said = _said(text)
    assert said["Duloxetine is not an SSRI."] == "Not an SSRI"
    assert said["Duloxetine is not a tricyclic."] == "not a tricyclic"
    assert said["Duloxetine is used to treat diabetic neuropathy."] == "diabetic neuropathy"
    assert said["Duloxetine can cause somnolence."] == "somnolence"
    assert "Duloxetine is used to treat nausea." not in said  # a field's relation ends with its sentence


def test_question_heads_its_answer():
    said = _said("Q: What is it used for?\nA: Depression, anxiety and nerve pain.\n\n"
                 "Q: What side effects can it cause?\nA: Nausea and dry mouth are the most common. "
                 "Rarely it can raise blood pressure.\n\nQ: Is it addictive?\nA: No, it is not habit-forming.\n")
    assert said == {
        "Duloxetine is used to treat depression.": "Depression",
        "Duloxetine is used to treat anxiety and nerve pain.": "anxiety and nerve pain",
        "Duloxetine can cause nausea.": "Nausea",  # a pair of short effects is two
        "Duloxetine can cause dry mouth.": "dry mouth",
        "Duloxetine can cause high blood pressure.": "raise blood pressure",  # a change it can make
    }


def test_stopping_and_withdrawal():
    text = ("Stopping\nShould not be stopped suddenly, because withdrawal symptoms can occur.\n"
            "It does not cause withdrawal when you stop it.\nIt helps people stop drinking by easing alcohol "
            "withdrawal.\nTaper the dose: withdrawal seizures can follow a sudden stop.\n")
    said = [(r.text, text[r.start:r.end]) for r in restate(text, "duloxetine") if "withdrawal symptoms." in r.text]
    assert said == [
        ("Duloxetine can cause withdrawal symptoms.",
         "Should not be stopped suddenly, because withdrawal symptoms can occur"),
        # a sentence about stopping that denies withdrawal states the denial
        ("Duloxetine does not cause withdrawal symptoms.", "It does not cause withdrawal when you stop it"),
        ("Duloxetine can cause withdrawal symptoms.", "Taper the dose: withdrawal seizures can follow a sudden stop"),
    ]


def test_parts_naming_another_drug_are_left_alone():
    text = "Not a benzodiazepine.\nNot used with tramadol.\n"
    start = text.index("tramadol")
    said = _said(text, other_drugs=[(start, start + len("tramadol"))])
    assert list(said) == ["Duloxetine is not a benzodiazepine."]


def test_heading_relation_takes_the_longest_phrase():
    rules = default_rules()
    assert heading_relation("What it is prescribed for", rules) == "use"
    assert heading_relation("Possible side effects", rules) == "effect"
    assert heading_relation("Contraindications", rules) is None
    assert heading_relation("How do I take it?", rules) == "route"


@pytest.mark.parametrize("text", ["", "\n\n", ":", "- \n-", "Q:?\nA:", "Uses:\n- , ,;;", "No.", "Not", "Class: ;",
                                  "Side effects\nare common.", "(((", "Uses\n- ((a, b)"])
def test_restate_never_fails(text):
    for r in restate(text, "Duloxetine"):
        assert 0 <= r.start < r.end <= len(text)


def test_open_objects_named_after_what_they_hold(nlp, kb):
    """A class named after a receptor, negated too, and a condition named after its symptoms
    become draft concepts; an item that only repeats a known concept does not."""
    text = ("Duloxetine\n\n- Class: orexin receptor antagonist; not a muscarinic antagonist\n"
            "- Indications: postoperative nausea and vomiting; depression\n")
    draft = _derive(nlp, kb, text)
    new = {c.id: c.type for c in draft.concepts}
    assert new["orexin_receptor_antagonist"] == "class"
    assert new["muscarinic_antagonist"] == "class"
    assert new["postoperative_nausea_and_vomiting"] == "condition"
    facts = _facts(draft, links=False)
    assert {("is_a", "orexin_receptor_antagonist", True), ("is_a", "muscarinic_antagonist", False),
            ("acts_on", "orexin_receptor", True), ("use", "postoperative_nausea_and_vomiting", True),
            ("use", "depression", True)} <= facts
    assert not any(o in ("nausea", "vomiting") for r, o, _ in facts if r == "use")


def test_open_objects_of_coordinated_heads_and_after_a_body_site(nlp, kb):
    """Coordinated heads with their modifiers each become a condition, also when a modifier is
    a body site ("skin ulcers"); bare coordinated nouns ("mould or pet dander") do not."""
    text = ("Duloxetine\n\nUses\n- skin ulcers and corneal ulcers\n"
            "- allergic rhinitis caused by dust mites, mould or pet dander\n")
    draft = _derive(nlp, kb, text)
    new = {c.id: c.type for c in draft.concepts}
    assert new.get("skin_ulcers") == "condition" and new.get("corneal_ulcers") == "condition"
    assert not {"mould", "pet_dander"} & set(new)
    facts = _facts(draft, links=False)
    assert {("use", "skin_ulcers", True), ("use", "corneal_ulcers", True)} <= facts


def test_a_denied_item_narrower_than_its_concept_denies_nothing(nlp, kb):
    """"Not indicated for: hemiplegic migraine" does not deny the use for migraine the document
    states: no negative fact, no conflict; a denied item that is the concept is denied."""
    text = "Duloxetine\n\nIndications: migraine\nNot indicated for: hemiplegic migraine; depression\n"
    draft = _derive(nlp, kb, text)
    facts = _facts(draft)
    assert ("use", "migraine", True) in facts and ("use", "depression", False) in facts
    assert ("use", "migraine", False) not in facts and not draft.conflicts


NOTES = """Duloxetine: pocket card

- Class: SNRI; an antidepressant
- Not a benzodiazepine. Not an MAOI.
- Mechanism: blocks the serotonin transporter and the norepinephrine transporter
- Route: oral
- Status: prescription only; not controlled

Indications:
- major depressive disorder
- generalized anxiety disorder
Not used for bipolar disorder.

Side effects:
- nausea
- somnolence

Stopping: should not be stopped suddenly, as withdrawal symptoms are common.
"""


@pytest.fixture(scope="module")
def notes_draft(nlp, kb):
    return _derive(nlp, kb, NOTES)


def test_derive_reads_notes(notes_draft):
    facts = _facts(notes_draft, subject=True)
    assert facts == {
        ("duloxetine", "is_a", "snri", True),
        ("duloxetine", "is_a", "antidepressant", True),
        ("duloxetine", "is_a", "benzodiazepine", False),
        ("duloxetine", "is_a", "maoi", False),
        ("duloxetine", "acts_on", "serotonin_transporter", True),
        ("duloxetine", "acts_on", "norepinephrine_transporter", True),
        ("duloxetine", "route", "oral", True),
        ("duloxetine", "is_a", "prescription_drug", True),
        ("duloxetine", "is_a", "controlled_substance", False),
        ("duloxetine", "use", "depression", True),
        ("duloxetine", "use", "anxiety", True),
        ("duloxetine", "use", "bipolar_disorder", False),
        ("duloxetine", "effect", "nausea", True),
        ("duloxetine", "effect", "somnolence", True),  # an open object: a new draft concept
        ("duloxetine", "effect", "withdrawal", True),
    }
    assert not notes_draft.conflicts


def test_notes_facts_quote_the_original_words(notes_draft):
    for f in notes_draft.facts:
        for e in f.evidence:
            assert NOTES[e.start:e.end] == e.quote
    quotes = {(f.relation, f.object): f.evidence[0].quote for f in notes_draft.facts}
    assert quotes[("is_a", "controlled_substance")] == "not controlled"
    assert quotes[("effect", "somnolence")] == "somnolence"
    assert quotes[("use", "bipolar_disorder")] == "Not used for bipolar disorder"


def test_open_object_is_a_draft_concept(notes_draft):
    [concept] = [c for c in notes_draft.concepts if c.id == "somnolence"]
    assert concept.type == "effect" and concept.review
    assert not any(c.id in ("nausea_somnolence", "treatment") for c in notes_draft.concepts)


def test_notes_round_trip(tmp_path, shared_checker):
    """Derive from the notes, review, then check: a false claim about the drug is flagged."""
    (tmp_path / "card.txt").write_text(NOTES, encoding="utf-8")
    draft_path = tmp_path / "card.yaml"
    assert cli.main(["claims", "derive", str(tmp_path / "card.txt"), "--id", "card", "-o", str(draft_path)]) == 0
    data = yaml.safe_load(draft_path.read_text(encoding="utf-8"))
    for record in data.get("concepts", []) + data["facts"]:
        record.pop("review", None)
    reviewed = tmp_path / "reviewed.yaml"
    reviewed.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    assert cli.main(["claims", "validate", str(reviewed)], stdout=io.StringIO()) == 0
    out = io.StringIO()
    status = cli.main(["check", "--claims", str(reviewed), "--format", "json", "-"],
                      stdin=io.StringIO("Duloxetine is a benzodiazepine."), stdout=out)
    assert status == 1
    [report] = json.loads(out.getvalue())["reports"]
    assert [f["verdict"] for f in report["findings"]] == ["refuted"]


def _prose_cases() -> list[dict]:
    with open(Path(__file__).parent.parent / "data" / "notes_prose.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


@pytest.mark.parametrize("case", _prose_cases(), ids=lambda c: c["name"])
def test_expository_forms(case, nlp):
    """Read as derive reads them: the document's parse tells a list item from a clause."""
    text = "Duloxetine\n\n" + case["text"]
    said = {}
    for r in restatements(read_trusted(nlp, text)):
        assert text[r.start:r.end] == text[r.start:r.end].strip()
        said[r.text] = text[r.start:r.end]
    assert said == case["said"]


# ------------------------------------------------------------------ formats of issue 13's unseen leaflets
def test_markdown_headings_and_table_fields():
    said = _said("# Duloxetine\n\n| Field | Details |\n|---|---|\n| Drug class | SNRI (antidepressant) |\n"
                 "| Brand names | Cymbalta |\n| Controlled drug? | No |\n\n## Side effects\nnausea, dry mouth\n")
    assert said == {
        "Duloxetine is an antidepressant.": "antidepressant",  # the class in parentheses is a second class
        "Duloxetine is an SNRI.": "SNRI (antidepressant)",
        "Duloxetine is not a controlled substance.": "No",  # a yes/no field naming a class
        "Duloxetine can cause nausea.": "nausea",
        "Duloxetine can cause dry mouth.": "dry mouth",
    }  # the header row and "Brand names" state nothing


def test_revision_card_labels_arrows_and_abbreviations():
    said = _said("What: D2 antagonist; prokinetic + antiemetic; 5-HT4 agonist in the gut\n"
                 "Uses -> gastroparesis; GORD\nGiven PO, IV or IM.\n"
                 "Status: not controlled; POM\nDependence: none known\n")
    assert said["Duloxetine is a D2 antagonist."] == "D2 antagonist"  # "What:" states the class
    assert said["Duloxetine acts on D2 receptors."] == "D2 antagonist"  # a receptor named by its code
    assert said["Duloxetine is a prokinetic."] == "prokinetic"  # "+" lists
    assert said["Duloxetine is an antiemetic."] == "antiemetic"
    assert said["Duloxetine acts on 5-HT4 receptors."] == "5-HT4 agonist in the gut"  # where is no part of it
    assert said["Duloxetine is used to treat gastroparesis."] == "gastroparesis"  # "Uses ->" is a field
    assert said["Duloxetine is used to treat GORD."] == "GORD"
    assert said["Duloxetine is given by mouth."] == "PO"  # each abbreviated route
    assert said["Duloxetine is given intravenously."] == "IV"
    assert said["Duloxetine is given intramuscularly."] == "IM"
    assert said["Duloxetine is a prescription drug."] == "POM"
    assert said["Duloxetine is not a controlled substance."] == "not controlled"
    assert said["Duloxetine does not cause physical dependence."] == "none known"
    # a label that merely holds "what" states no class
    assert _said("What to do if you miss a dose: take it when you remember\n") == {}


def test_use_phrases_in_prose():
    said = _said("Duloxetine is used for partial-onset seizures, myoclonic seizures and status epilepticus, and it "
                 "is also prescribed for neuropathic pain, for the prevention of migraine and for fibromyalgia in "
                 "adults. It is not effective for absence seizures when used alone. It is not a treatment for "
                 "weight loss. Unlike opioids, it is not used for acute pain.")
    assert said["Duloxetine is used to treat partial-onset seizures."] == "partial-onset seizures"
    assert said["Duloxetine is used to treat myoclonic seizures and status epilepticus."] == \
        "myoclonic seizures and status epilepticus"
    assert said["Duloxetine is used to treat neuropathic pain."] == "neuropathic pain"
    assert said["Duloxetine is used to treat migraine."] == "migraine"  # "the prevention of" is no part of it
    assert said["Duloxetine is used to treat fibromyalgia."] == "fibromyalgia"  # "in adults" narrows the people
    assert said["Duloxetine is not used to treat absence seizures."] == "absence seizures"
    assert said["Duloxetine is not used to treat weight loss."] == "weight loss"
    assert said["Duloxetine is not used to treat acute pain."] == "acute pain"
    said = _said("It is used to treat excessive sleepiness caused by narcolepsy. It is not an opioid, even though it "
                 "is used in opioid withdrawal.")
    assert said["Duloxetine is used to treat excessive sleepiness."] == "excessive sleepiness"
    assert said["Duloxetine is used to treat narcolepsy."] == "narcolepsy"
    assert said["Duloxetine is used to treat opioid withdrawal."] == "opioid withdrawal"  # the denial is another clause
    # another subject, or a denial in the cue's own clause: no use of the drug
    assert not any("treat" in s for s in _said("Most doctors are not used to treating gout. Opioids are "
                                               "used for severe pain.\n"))


def test_status_site_route_and_mechanism_prose():
    said = _said("Duloxetine is not a controlled substance and is available only on prescription. Low-dose "
                 "tablets are sold over the counter. It readily crosses the blood-brain barrier into the brain. "
                 "Swallow the capsule whole. Its principal mechanism is binding to the synaptic vesicle protein "
                 "SV2A. It also induces CYP3A4. It belongs to the racetam class of drugs.")
    assert said["Duloxetine is a prescription drug."] == "available only on prescription"
    assert said["Duloxetine is an over-the-counter medicine."] == "sold over the counter"
    assert said["Duloxetine acts in the brain."] == "crosses the blood-brain barrier into the brain"
    assert said["Duloxetine is given by mouth."] == "Swallow the capsule whole"
    assert said["Duloxetine acts on synaptic vesicle protein SV2A ."] == "the synaptic vesicle protein SV2A"
    assert said["Duloxetine acts on CYP3A4 ."] == "CYP3A4"
    assert said["Duloxetine is a racetam."] == "racetam"
    # denied or about something else: nothing
    said = _said("It is not sold over the counter. Do not swallow the patch. Unlike opioids, which act on "
                 "receptors in the brain, it works in the periphery.")
    assert not any("counter" in s or "given" in s or "brain" in s for s in said)


def test_stopping_that_denies_withdrawal_and_side_effect_pairs():
    said = _said("Stopping it does not produce the withdrawal symptoms seen with benzodiazepines.\n\n"
                 "Common side effects include dizziness, nervousness and light-headedness.\n\n"
                 "Routes\n- Oral, transdermal and epidural\n")
    assert said["Duloxetine does not cause withdrawal symptoms."].startswith("Stopping it does not")
    assert said["Duloxetine can cause nervousness."] == "nervousness"
    assert said["Duloxetine can cause light-headedness."] == "light-headedness"
    assert said["Duloxetine is given as a transdermal patch."] == "transdermal"
    assert said["Duloxetine is given epidurally."] == "epidural"
    # withdrawal the drug treats is no withdrawal it causes, nor one it denies
    assert not any("withdrawal" in s for s in _said("Stopping smoking is easier: it does not treat alcohol "
                                                    "withdrawal.\n"))


def test_open_objects_narrower_than_a_known_concept(nlp, kb):
    """A use named by a known condition and words that narrow it ("myoclonic seizures" where only
    "seizures" is known) becomes a narrower draft concept; a modifier that narrows nothing
    ("severe") does not; coordinated modifiers ("hemiplegic or basilar") do not."""
    text = ("Duloxetine\n\nIndications: myoclonic seizures; primary generalized tonic-clonic seizures; "
            "severe seizures\nNot indicated for: hemiplegic or basilar migraine\n")
    draft = _derive(nlp, kb, text)
    new = {c.id: c.type for c in draft.concepts if c.review}
    assert new.get("myoclonic_seizures") == "condition"
    assert new.get("primary_generalized_tonic_clonic_seizures") == "condition"
    assert not any("severe" in c or "basilar" in c or "hemiplegic" in c for c in new)
    facts = _facts(draft, links=False)
    assert {("use", "myoclonic_seizures", True), ("use", "primary_generalized_tonic_clonic_seizures", True),
            ("use", "epilepsy", True)} <= facts
    assert not any(o == "migraine" for r, o, p in facts if r == "use")


def test_more_prose_of_uses_targets_and_dependence():
    said = _said("Although it was first approved for depression, it is now prescribed more often at low doses for "
                 "neuropathic pain. It will not help with period pain. It helps to clear Helicobacter pylori "
                 "infection. It blocks a serotonin receptor called 5-HT2A. It acts on 5-HT1B receptors on cranial "
                 "blood vessels.\n\nDependence / withdrawal\n- Physical dependence develops with regular use.\n\n"
                 "Class\n- NOT a beta-blocker, and NOT an opioid - even though it is used in opioid withdrawal.\n")
    assert said["Duloxetine is used to treat depression."] == "depression"
    assert said["Duloxetine is used to treat neuropathic pain."] == "neuropathic pain"
    assert said["Duloxetine is not used to treat period pain."] == "period pain"
    assert said["Duloxetine is used to treat helicobacter pylori infection."] == "Helicobacter pylori infection"
    assert said["Duloxetine acts on 5-HT2A receptors."] == "5-HT2A"
    assert said["Duloxetine acts in the cranial blood vessels."] == "receptors on cranial blood vessels"
    assert said["Duloxetine can cause physical dependence."] == "Physical dependence"
    assert said["Duloxetine is used to treat opioid withdrawal."] == "opioid withdrawal"
    # the clause before a use phrase is still read
    assert said["Duloxetine is not a beta-blocker, and NOT an opioid - even though it is used in opioid withdrawal."]


# ------------------------------------------------------------------ forms of the second tune set (leaflets-tune2)
def test_labels_with_remarks_site_fields_arrow_bullets_and_mechanism_nouns():
    said = _said("Adverse reactions (uncommon, serious): myositis; pancreatitis\n"
                 "Site of action: kidney\n"
                 "Mechanism: reversible inhibition of xanthine oxidase\n\n"
                 "How it works\n"
                 "-> inhibits T-type calcium channels;\n"
                 "-> antagonizes NMDA/AMPA glutamate receptors;\n"
                 "→ ↑ GABA-A receptor function;\n"
                 "→ potent carbonic anhydrase inhibitor\n")
    assert said["Duloxetine can cause myositis."] == "myositis"  # a remark with a comma is part of the label
    assert said["Duloxetine can cause pancreatitis."] == "pancreatitis"
    assert said["Duloxetine acts in kidney."] == "kidney"  # "Site of action" is about where, not what
    assert said["Duloxetine acts on xanthine oxidase."] == "xanthine oxidase"  # "reversible inhibition of" is no part of it
    assert said["Duloxetine inhibits T-type calcium channels."] == "inhibits T-type calcium channels"  # arrow bullet
    # a verb the pipeline does not read put as one it reads; a slash shares the head
    assert said["Duloxetine blocks NMDA glutamate receptors and AMPA glutamate receptors."] == \
        "antagonizes NMDA/AMPA glutamate receptors"
    assert said["Duloxetine acts on GABA-A receptor."] == "↑ GABA-A receptor function"
    assert said["Duloxetine is a carbonic anhydrase inhibitor."] == "potent carbonic anhydrase inhibitor"
    assert said["Duloxetine acts on carbonic anhydrase."] == "potent carbonic anhydrase inhibitor"
    # a code after a slash borrows the first code's letters
    assert _said("Mechanism: 5-HT2B/2C receptor antagonist\n") == {
        "Duloxetine acts on 5-HT2B receptor and 5-HT2C receptor.": "5-HT2B/2C receptor antagonist"}


def test_effects_said_by_arrows_verbs_and_what_people_get():
    said = _said("Side effects\n• ↓ thirst\n• raise your heart rate\n• lower your potassium\n"
                 "• damage your liver and cause jaundice\n• mood or sleep changes\n\n"
                 "Are there any side effects?\nSome people get hiccups, and you may notice bruising or nosebleeds. "
                 "Get urgent help if you have chest pain or fainting.\n")
    assert said["Duloxetine can cause decreased thirst."] == "↓ thirst"
    assert said["Duloxetine can cause high heart rate."] == "raise your heart rate"
    assert said["Duloxetine can cause low potassium."] == "lower your potassium"
    assert said["Duloxetine can damage your liver and cause jaundice."] == "damage your liver and cause jaundice"
    assert said["Duloxetine can cause mood changes."] == "mood"  # the first shares the generic head
    assert said["Duloxetine can cause sleep changes."] == "sleep changes"
    assert said["Duloxetine can cause hiccups."] == "hiccups"
    assert said["Duloxetine can cause some bruising."] == "bruising"  # (a gerund alone is read as a noun)
    assert said["Duloxetine can cause nosebleeds."] == "nosebleeds"
    # the signs that send the reader for help belong to an effect already named
    assert not any("chest pain" in s or "fainting" in s for s in said)


def test_uses_after_to_prescribe_headings_and_forms_there_are_none_of():
    said = _said("It is taken for the relief of gout, to prevent kidney stones, and to ease the symptoms of hay "
                 "fever.\n\nYour doctor may prescribe it for:\n• psoriasis\n• flare-ups of lupus\n\n"
                 "How is it given?\nThere are no inhaler or injectable forms.\n")
    assert said["Duloxetine is used to treat gout."] == "gout"
    assert said["Duloxetine is used to treat kidney stones."] == "kidney stones"
    assert said["Duloxetine is used to treat hay fever."] == "hay fever"
    assert said["Duloxetine is used to treat psoriasis."] == "psoriasis"
    assert said["Duloxetine is used to treat lupus."] == "lupus"
    assert said["Duloxetine is not given by inhalation."] == "no inhaler or injectable forms"
    assert said["Duloxetine is not given by injection."] == "no inhaler or injectable forms"


def test_the_topic_is_the_drug_a_title_names(nlp):
    """A formulary entry names its drug in the title and other drugs once each in a list of
    interactions: the title's drug is still the topic; without the title, no drug is."""
    body = "Class: statin\nInteractions: gemfibrozil, warfarin, colchicine\n"
    doc = read_trusted(nlp, "PRAVASTATIN (Pravachol) - formulary card\n" + body)
    assert topic(doc) == "dict_pravastatin"
    assert topic(read_trusted(nlp, "Formulary card\n" + body + "See also pravastatin.\n")) is None


def test_forms_it_comes_in_suffixed_uses_single_routes_and_slashed_denials():
    said = _said("An injectable formulation (for hospital use) is also available. An eye-drop form exists.\n\n"
                 "Uses: cluster headache prophylaxis\nRoute: PO only (caps, granules)\nRoutes: IV, IM\n"
                 "Not scheduled; no dependence/abuse potential.\n")
    assert said["Duloxetine is given by injection."] == "An injectable formulation (for hospital use) is also available"
    assert said["Duloxetine is given as an eye-drop."] == "An eye-drop form exists"
    assert said["Duloxetine is given by mouth."] == "PO only (caps, granules)"  # one route: the remark is no list
    assert said["Duloxetine is used to treat cluster headache."] == "cluster headache prophylaxis"
    assert said["Duloxetine is given intravenously."] == "IV"  # a list of routes is read item by item
    assert said["Duloxetine is given intramuscularly."] == "IM"
    assert said["Duloxetine has no dependence."] == "no dependence/abuse potential"
    assert said["Duloxetine has no abuse potential."] == "no dependence/abuse potential"
    # a form that is denied is no route it is given by
    said = _said("No eye-drop form is available. An injectable form is not available.\n")
    assert said == {"Duloxetine is not given as an eye-drop.": "No eye-drop form is available"}


def test_a_denial_of_something_an_of_phrase_narrows_is_not_derived(nlp, kb):
    text = ("Duloxetine is an SNRI. It is not used to treat the pain of a kidney stone attack. "
            "It is not used to treat migraine.\n")
    draft = _derive(nlp, kb, text)
    denied = {f.object for f in draft.facts if not f.polarity}
    assert "migraine" in denied and "pain" not in denied


def test_a_remark_in_parentheses_does_not_make_an_item_a_sentence(nlp):
    """A verb inside a closing remark ("(this explains the acidosis)") is no verb of the item."""
    text = "Duloxetine\n\nMechanism:\n-> weak carbonic anhydrase inhibitor (this explains the acidosis)\n"
    said = {r.text for r in restatements(read_trusted(nlp, text))}
    assert said == {"Duloxetine is a carbonic anhydrase inhibitor.", "Duloxetine acts on carbonic anhydrase."}


# ------------------------------------------------------------------ forms of the third tune set (leaflets-tune3)
def test_rows_without_outer_bars_system_labels_and_nested_class_labels():
    said = _said("Therapeutic class   | Antiemetic; serotonin receptor antagonist\n"
                 "Not for             | Motion sickness or vertigo\n\n"
                 "Adverse reactions:\nGI: constipation, dry mouth.\nCNS: sedation.\n\n"
                 "Classification: Pharmacologic: tetracyclic. Therapeutic: antidepressant.\n")
    assert said["Duloxetine is an antiemetic."] == "Antiemetic"  # a row read as a field
    assert said["Duloxetine is not used to treat motion sickness."] == "Motion sickness"  # "Not for": denied
    assert said["Duloxetine is not used to treat vertigo."] == "vertigo"  # "A or B" in a denied list: both
    assert said["Duloxetine can cause constipation."] == "constipation"
    assert said["Duloxetine can cause sedation."] == "sedation"
    assert not any(s.endswith((" GI.", " CNS.")) for s in said)  # a body system's label is no effect
    assert said["Duloxetine is a tetracyclic."] == "tetracyclic"  # a class label inside a class field
    assert said["Duloxetine is an antidepressant."] == "antidepressant"
    # a row whose label names no relation, or a line with a bar in prose, states nothing
    assert _said("Half-life    | 12 hours\nPrice | cheap\n") == {}


def test_numbered_section_headings_and_the_short_items_of_a_field_line():
    said = _said("2. PHARMACEUTICAL FORM\nCapsule for oral use.\n\n"
                 "4.1 Therapeutic indications\nDuloxetine is indicated for the prevention and treatment of "
                 "migraine in adults with chronic kidney disease.\n\n"
                 "Uses: GAD. Fibromyalgia. Diabetic neuropathic pain. Not licensed for children under 12.\n")
    assert said["Duloxetine is given as capsule."] == "Capsule for oral use"  # an upper-case numbered heading
    assert said["Duloxetine is used to treat migraine."] == "migraine"
    assert said["Duloxetine is used to treat chronic kidney disease."] == "chronic kidney disease"  # "in adults with"
    assert said["Duloxetine is used to treat fibromyalgia."] == "Fibromyalgia"  # a field's short sentences
    assert said["Duloxetine is used to treat diabetic neuropathic pain."] == "Diabetic neuropathic pain"
    # a numbered item of a list is still an item, not a heading
    said = _said("Side effects:\n1. Nausea\n2. HEADACHE\n")
    assert said["Duloxetine can cause nausea."] == "Nausea"


def test_dosage_forms_are_routes(nlp, kb):
    said = _said("Route: PO only (tablets, oral solution)\nForms: capsules or a syrup\n")
    assert said["Duloxetine is given by mouth."] == "PO only (tablets, oral solution)"
    assert said["Duloxetine is given as oral solution."] == "oral solution"  # each form in the remark
    assert said["Duloxetine is given as capsules."] == "capsules"
    assert said["Duloxetine is given as a syrup."] == "a syrup"
    # in prose, each form after "as" is a route of its own (capsule, oral liquid), not only "by mouth"
    draft = _derive(nlp, kb, "Duloxetine is an SNRI. It is taken by mouth, as capsules or a syrup.\n")
    assert {("route", "capsule", True), ("route", "oral_liquid", True)} <= _facts(draft)


def test_effects_said_as_feelings_and_changes_and_uses_with_abbreviations():
    said = _said("Side effects\nIt can make you feel dizzy, and it can give you headaches, hiccups or a dry mouth. "
                 "It may raise your cholesterol.\n\n"
                 "Don't drive if it makes you sleepy.\n\n"
                 "Your doctor may prescribe it for depression, generalised anxiety disorder (GAD) or for mild to "
                 "moderate pain (including back pain and period pain). It should not be used to treat fever.\n")
    assert said["Duloxetine can cause dizziness."] in ("It can make you feel dizzy", "dizzy")
    assert said["Duloxetine can cause headaches."] == "headaches"  # "give you" lists effects
    assert said["Duloxetine can cause hiccups."] == "hiccups"
    assert said["Duloxetine can cause high cholesterol."] == "raise your cholesterol"
    assert said["Duloxetine can cause drowsiness."] == "it makes you sleepy"
    assert said["Duloxetine is used to treat generalised anxiety disorder."] == "generalised anxiety disorder"
    assert said["Duloxetine is used to treat pain."] == "pain"  # "mild to moderate" only grades it
    assert said["Duloxetine is used to treat back pain and period pain."] == "back pain and period pain"  # examples
    assert said["Duloxetine is not used to treat fever."] == "fever"
    # a feeling not caused by the drug, or denied, is no effect of it
    said = _said("It does not make you sleepy. Many people feel dizzy when they stand up.\n")
    assert "Duloxetine can cause drowsiness." not in said and "Duloxetine can cause dizziness." not in said


def test_denied_classes_enzymes_and_a_barrier_not_crossed():
    said = _said("It is not a sedative and not an anticonvulsant, and it is not the same as a vitamin. "
                 "It inhibits the enzyme thymidylate synthase in the liver. Its mechanism of action is the "
                 "reversible, selective inhibition of monoamine oxidase. It does not cross the blood-brain "
                 "barrier at usual doses.\n")
    assert said["Duloxetine is not a sedative."] == "a sedative"
    assert said["Duloxetine is not an anticonvulsant."] == "an anticonvulsant"
    assert not any("vitamin" in s for s in said)  # "not the same as" names no class
    assert said["Duloxetine acts on thymidylate synthase."] == "thymidylate synthase"
    assert said["Duloxetine acts in the liver."] == "synthase in the liver"
    assert said["Duloxetine acts on monoamine oxidase."] == "monoamine oxidase"
    assert said["Duloxetine does not act in the central nervous system."] == "cross the blood-brain barrier"
    assert "Duloxetine is not a painkiller." in _said("Not an analgesic.\n")  # the class word the vocabulary has
    # the classes its properties name
    said = _said("It possesses antiemetic, anxiolytic and sedative properties. It has no analgesic activity.\n")
    assert said["Duloxetine is an antiemetic."] == "antiemetic"
    assert said["Duloxetine is an anxiolytic."] == "anxiolytic"
    assert said["Duloxetine is a sedative."] == "sedative"
    assert not any("painkiller" in s or "analgesic" in s for s in said)


def test_open_targets_and_a_remark_inside_an_item(nlp, kb):
    """An enzyme no concept names, stated as what the drug inhibits, becomes a draft target; a
    remark in parentheses inside an item ("Raynaud's") is no verb and no part of its name."""
    text = ("Duloxetine\n\nIt inhibits dihydrofolate reductase in the liver.\n"
            "Indications: Depression. Primary (Raynaud's) phenomenon.\n")
    draft = _derive(nlp, kb, text)
    new = {c.id: c.type for c in draft.concepts if c.review}
    assert new.get("dihydrofolate_reductase") == "receptor"
    facts = _facts(draft)
    assert {("acts_on", "dihydrofolate_reductase", True), ("site", "liver", True),
            ("use", "depression", True)} <= facts
    assert "Duloxetine is used to treat primary phenomenon." in {r.text for r in restatements(read_trusted(nlp, text))}


def test_forms_of_the_fourth_tune_set(nlp, kb):
    """Derived from the forms above: a drafted British spelling gets its US spelling as a second
    name; an attack named with "sudden" is denied (no narrower item), not the condition; the
    document names its drug in capitals and with its salt in the title."""
    text = ("DULOXETINE HYDROCHLORIDE - Monograph\n\nDuloxetine is not a cardioselective (beta-1 selective) blocker.\n"
            "Indications: infantile haemangioma; asthma. Duloxetine is not used to relieve a sudden asthma attack.\n"
            "Adverse effects: cold hands and feet, fatigue.\nContraindicated in asthma attacks or pregnancy.\n")
    draft = _derive(nlp, kb, text)
    concepts = {c.id: c for c in draft.concepts}
    assert "pregnancy" not in concepts  # a contraindication names no draft use
    assert "infantile hemangioma" in {a.text for a in concepts["infantile_haemangioma"].aliases}
    facts = _facts(draft, links=False)
    assert {("is_a", "cardioselective_beta_blocker", False), ("use", "asthma", True),
            ("use", "acute_asthma_attack", False), ("effect", "cold_extremities", True),
            ("effect", "fatigue", True)} <= facts
    assert not any(f[1] in ("asthma", "feet") and f[0] in ("use", "effect") and not f[2] for f in facts)
    assert not {o for _, o, _ in facts} & {"feet", "cold_hands", "nonselective"}


def test_a_second_name_in_parentheses_is_a_term_not_a_remark():
    said = _said("Adverse effects: seizures (overdose); liver damage (hepatotoxicity); reflux (GERD)\n")
    assert said["Duloxetine can cause hepatotoxicity."] == "hepatotoxicity"
    assert said["Duloxetine can cause GERD."] == "GERD"
    assert "Duloxetine can cause overdose." not in said


# ------------------------------------------------------------------ forms of the sixth held-out set and the seventh tune set
def test_a_card_read_by_its_labels():
    """A "Label: value" card: a leader of dots ends a label as a colon does; labels that state a use,
    a class, an effect or a route; a label holding "not" denies its items, "A or B" there denies
    both classes; a route or form label whose value says there is none denies that route."""
    said = _said("DULOXETINE - CARD\n\nTreats ........ high blood pressure; chronic stable angina\n"
                 "Does not treat: heart failure\nAlso counts as: antianginal agent\n"
                 "Not classed as: beta blocker, diuretic or ACE inhibitor\nInjection ..... not available\n"
                 "Forms not available: transdermal patch\nMain risk ...... bleeding\nLess common: gum overgrowth\n"
                 "Controlled substance: no\n")
    assert said["Duloxetine is used to treat high blood pressure."] == "high blood pressure"
    assert said["Duloxetine is used to treat chronic stable angina."] == "chronic stable angina"
    assert said["Duloxetine is not used to treat heart failure."] == "heart failure"
    assert said["Duloxetine is an antianginal agent."] == "antianginal agent"
    assert {"Duloxetine is not a beta blocker.", "Duloxetine is not a diuretic.",
            "Duloxetine is not an ACE inhibitor."} <= set(said)
    assert said["Duloxetine is not given by injection."] == "not available"
    assert "Duloxetine is not given as transdermal patch." in said
    assert not any(s.startswith("Duloxetine is given") and "patch" in s for s in said)
    assert said["Duloxetine can cause some bleeding."] == "bleeding"
    assert said["Duloxetine can cause gum overgrowth."] == "gum overgrowth"
    assert said["Duloxetine is not a controlled substance."] == "no"
    # a label with no relation, or an ordinary value under a route label, states nothing of the kind
    said = _said("Injection ..... twice daily\nPregnancy ..... avoid\n")
    assert not any("not given" in s for s in said)


def test_denials_of_two_classes_lists_in_a_remark_and_uses_named_by_their_goal():
    said = _said("It is not a beta blocker or an ACE inhibitor either. Nor is it a stimulant.\n"
                 "Main risk: bleeding (nosebleeds, bleeding gums, easy bruising)\n"
                 "Site of action: heart (sinoatrial node, atrioventricular node)\n"
                 "Uses: rate control in atrial fibrillation; secondary prevention after myocardial infarction; "
                 "improving survival after a heart attack\n"
                 "Side effects: Rarely, hyponatraemia; a heart rhythm change called QT prolongation\n")
    assert {"Duloxetine is not a beta blocker.", "Duloxetine is not an ACE inhibitor.",
            "Duloxetine is not a stimulant."} <= set(said)
    assert {"Duloxetine can cause nosebleeds.", "Duloxetine can cause bleeding gums.",
            "Duloxetine can cause easy bruising."} <= set(said)
    assert {"Duloxetine acts in heart.", "Duloxetine acts in sinoatrial node.",
            "Duloxetine acts in atrioventricular node."} <= set(said)
    assert {"Duloxetine is used to treat atrial fibrillation.", "Duloxetine is used to treat myocardial infarction.",
            "Duloxetine is used to treat heart attack."} <= set(said)
    assert "Duloxetine can cause hyponatraemia." in said and not any("rarely" in s.lower() for s in said)
    assert said["Duloxetine can cause QT prolongation."] == "QT prolongation"
    # a denied class never says what the drug acts on
    said = _said("Not in class: not a calcium channel blocker\n")
    assert "Duloxetine is not a calcium channel blocker." in said and not any("acts on" in s for s in said)


def test_uses_before_their_heading_words_and_prose_routes_and_targets():
    said = _said("Depression and generalized anxiety disorder are its main uses. Its principal use is the "
                 "treatment of panic disorder, whether or not it is severe. Doctors also use it to treat "
                 "fibromyalgia. It is swallowed by mouth as capsules. It blocks the mineralocorticoid "
                 "receptor in the kidney.\n")
    assert {"Duloxetine is used to treat depression.", "Duloxetine is used to treat generalized anxiety disorder.",
            "Duloxetine is used to treat panic disorder.", "Duloxetine is used to treat fibromyalgia.",
            "Duloxetine is given by mouth.", "Duloxetine acts on mineralocorticoid receptor."} <= set(said)
    assert not any("whether" in s for s in said)
    said = _section("Possible side effects", "Nausea, trouble sleeping or drowsiness, sweating, tiredness and "
                    "sexual problems such as reduced libido or delayed ejaculation are the most common.")
    assert {"Duloxetine can cause trouble sleeping.", "Duloxetine can cause drowsiness.",
            "Duloxetine can cause tiredness.", "Duloxetine can cause some reduced libido.",
            "Duloxetine can cause delayed ejaculation."} <= set(said)
    assert "Duloxetine can cause dizziness changes." not in _said("Side effects: dizziness and menstrual changes\n")


def _section(heading: str, body: str) -> dict[str, str]:
    return _said(f"{heading}\n{body}\n")


def test_denials_are_kept_to_what_they_deny(nlp, kb):
    """A denied class, use or effect that words no concept covers narrow is a draft concept of its
    own, not a denial of the broader one (which here would contradict the document); a denied
    dosage form with a modifier ("a sleeping tablet") denies no route; a use narrowed by "during"
    is not denied; an effect item the parser misreads (a gerund) is still an effect."""
    text = ("DULOXETINE\n\nDuloxetine is a diuretic. It is not a loop diuretic. It is not a sleeping tablet. "
            "It is taken by mouth. It is not used to relieve chest pain during an angina attack.\n"
            "Side effects: flushing, headache\n")
    draft = _derive(nlp, kb, text)
    facts = _facts(draft)
    assert not draft.conflicts
    assert {("is_a", "diuretic", True), ("is_a", "loop_diuretic", False), ("route", "oral", True),
            ("effect", "flushing", True), ("effect", "headache", True)} <= facts
    assert not {f for f in facts if f[1] in ("pain", "chest_pain") or (f[0] == "route" and not f[2])}
    text = "DULOXETINE\n\nDuloxetine is an antidepressant. It is not a mood-brightening antidepressant.\n"
    draft = _derive(nlp, kb, text)
    assert {c.id: c.type for c in draft.concepts if c.review}.get("mood_brightening_antidepressant") == "class"
    assert {("is_a", "antidepressant", True), ("is_a", "mood_brightening_antidepressant", False)} <= _facts(draft)
    assert not draft.conflicts


def test_actions_named_as_nouns_classes_by_use_and_lists_with_examples():
    said = _said("Mechanism of action: The sedating effect results from blockade of dopamine D2 receptors in "
                 "the gut. Weaker antagonism at histamine H1, muscarinic and alpha-1 adrenergic receptors "
                 "contributes to dizziness.\nClassification: Duloxetine is a phenothiazine, used principally as "
                 "an antiemetic.\nIndications: vertigo due to inner ear disorders\n"
                 "Main risk: bleeding (nosebleeds, easy bruising, blood in the urine or stools)\n")
    assert {"Duloxetine acts on dopamine D2 receptors.", "Duloxetine acts on histamine H1 receptors.",
            "Duloxetine acts on muscarinic receptors.", "Duloxetine acts on alpha-1 adrenergic receptors.",
            "Duloxetine is an antiemetic.", "Duloxetine is used to treat vertigo.",
            "Duloxetine can cause nosebleeds.", "Duloxetine can cause easy bruising."} <= set(said)
    assert not any("muscarinic adrenergic" in s or "stools" in s or "urine" in s for s in said)
    said = _section("Adverse effects", "Extrapyramidal reactions, including acute dystonia, akathisia and "
                    "parkinsonism, are characteristic.")
    assert {"Duloxetine can cause extrapyramidal reactions.", "Duloxetine can cause acute dystonia.",
            "Duloxetine can cause akathisia.", "Duloxetine can cause parkinsonism."} <= set(said)
    assert not any("including" in s for s in said)
    # an action opening a sentence may go on to an effect
    said = _said("Action: Blockade of beta-2 receptors in the airways can cause bronchospasm.\n")
    assert "Duloxetine can cause bronchospasm." in said


def test_places_forms_and_examples_drafted(nlp, kb):
    """A place no concept names in a list of places becomes a draft site (a part of the body only, and
    not a part of a known site); a dosage form no concept names, a draft route; a drug named as an
    example of a class the document's drug is not in is said nothing of."""
    draft = _derive(nlp, kb, "Duloxetine is an SNRI. It acts in the brain as well as in the adrenal glands and the "
                             "stomach lining. It is taken by mouth, once daily, as capsules or an oral solution. "
                             "It is neither a tricyclic, like amitriptyline, nor a sedative.\n")
    facts = _facts(draft, subject=True)
    drafted = {c.id: c for c in draft.concepts}
    assert ("duloxetine", "site", "adrenal_glands", True) in facts and drafted["adrenal_glands"].type == "site"
    assert "stomach_lining" not in drafted  # the stomach named, no new site
    assert ("duloxetine", "route", "oral_solution", True) in facts and drafted["oral_solution"].type == "route"
    assert not any(f[0] == "amitriptyline" for f in facts)
