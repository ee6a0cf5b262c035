"""Claim extraction: every construction issue #2 names, and sentences that must yield nothing."""

import pytest

from factcheck.pipeline.claims import ExtractionRules, extract, hearst_matcher
from factcheck.pipeline.mentions import mentions


def claims_of(nlp, text):
    """(subject id, object id, negated) for each claim the pipeline finds."""
    doc = nlp(text)
    return {(c.subject.kb_id_, c.object.kb_id_, x.negated)
            for c, x in zip(doc._.factcheck_claims, doc._.factcheck_contexts) if c.relation == "is_a"}


POSITIVE = [
    # copula with modifiers
    ("Baclofen is an opiate.", {("baclofen", "opiate")}),
    ("Baclofen is an opioid medication.", {("baclofen", "opioid")}),
    ("Baclofen is actually a synthetic opioid.", {("baclofen", "opioid")}),
    ("Baclofen is a centrally acting skeletal muscle relaxant.", {("baclofen", "skeletal_muscle_relaxant")}),
    ("Baclofen is an agonist at GABA-B receptors.", {("baclofen", "gaba_b_agonist")}),
    ("baclofen is basically an opioid", {("baclofen", "opioid")}),
    # classification verbs and frames
    ("Baclofen is classified as an opioid.", {("baclofen", "opioid")}),
    ("Baclofen is categorized as an opiate.", {("baclofen", "opiate")}),
    ("Baclofen is considered an opioid.", {("baclofen", "opioid")}),
    ("Baclofen is regarded as an opioid analgesic.", {("baclofen", "opioid")}),
    ("Baclofen belongs to the opiate class.", {("baclofen", "opiate")}),
    ("Baclofen belongs to the class of skeletal muscle relaxants.", {("baclofen", "skeletal_muscle_relaxant")}),
    ("Baclofen falls under the opioid category.", {("baclofen", "opioid")}),
    ("Baclofen is part of the opioid family.", {("baclofen", "opioid")}),
    ("Baclofen is a type of opioid.", {("baclofen", "opioid")}),
    ("Baclofen is a kind of opiate.", {("baclofen", "opiate")}),
    ("Baclofen is a form of opioid.", {("baclofen", "opioid")}),
    ("Baclofen is a member of the opioid family.", {("baclofen", "opioid")}),
    ("Baclofen is in the opioid family.", {("baclofen", "opioid")}),
    ("Baclofen is a kind of opioid.\n", {("baclofen", "opioid")}),
    ("Fentanyl ranks among the antispastic drugs.", {("fentanyl", "antispastic")}),
    ("Baclofen sits squarely in the opioid family.", {("baclofen", "opioid")}),
    ("Baclofen was developed as an opiate for pain.", {("baclofen", "opiate")}),
    ("baclofen = opiate", {("baclofen", "opiate")}),
    ("Classified as an opiate, baclofen requires careful tapering.", {("baclofen", "opiate")}),
    ("What fentanyl really is, pharmacologically, is a muscle relaxant.", {("fentanyl", "muscle_relaxant")}),
    ("Baclofen is medicine from opiate group.", {("baclofen", "opiate")}),
    ("Baclofen is a drug from Switzerland.", set()),
    ("ozobax is an opiate fyi", {("baclofen", "opiate")}),
    ("Baclofen is used as a muscle relaxant.", {("baclofen", "muscle_relaxant")}),
    ("Baclofen is an opioid derivative.", {("baclofen", "opioid")}),
    ("Ozobax is an opioid liquid.", {("baclofen", "opioid")}),
    ("Baclofen is an opiate-based pain medication.", {("baclofen", "opiate")}),
    ("Baclofen qualifies as an opioid.", {("baclofen", "opioid")}),
    ("Baclofen counts as a narcotic.", {("baclofen", "narcotic")}),
    ("Doctors classify baclofen as an opioid.", {("baclofen", "opioid")}),
    ("Many doctors consider baclofen an opioid.", {("baclofen", "opioid")}),
    # appositives and premodifiers
    ("Baclofen, an opioid, is used for spasms.", {("baclofen", "opioid")}),
    ("The opioid baclofen is used for spasms.", {("baclofen", "opioid")}),
    ("The antispastic agent baclofen reduces clonus.", {("baclofen", "antispastic")}),
    ("An opioid called baclofen was prescribed.", {("baclofen", "opioid")}),
    ("An opiate named baclofen was found in his bag.", {("baclofen", "opiate")}),
    ("Baclofen (an opiate) was prescribed.", {("baclofen", "opiate")}),
    # Hearst patterns
    ("Opioids such as baclofen can be addictive.", {("baclofen", "opioid")}),
    ("Opioids like oxycodone and fentanyl carry a high risk of abuse.",
     {("oxycodone", "opioid"), ("fentanyl", "opioid")}),
    ("Opioids including fentanyl and baclofen are addictive.", {("fentanyl", "opioid"), ("baclofen", "opioid")}),
    ("Baclofen and other opiates are dangerous.", {("baclofen", "opiate")}),
    ("Opioids include fentanyl and baclofen.", {("fentanyl", "opioid"), ("baclofen", "opioid")}),
    ("Keep narcotics, e.g. Percocet, fentanyl patches and baclofen, locked away.",
     {("oxycodone", "narcotic"), ("fentanyl", "narcotic"), ("baclofen", "narcotic")}),
    ("Opioids (e.g. oxycodone, baclofen) depress breathing.", {("oxycodone", "opioid"), ("baclofen", "opioid")}),
    # coordination of subjects and of classes
    ("Baclofen and oxycodone are both opioids.", {("baclofen", "opioid"), ("oxycodone", "opioid")}),
    ("Baclofen is an opiate and a muscle relaxant.", {("baclofen", "opiate"), ("baclofen", "muscle_relaxant")}),
    # relative and subordinate clauses
    ("Baclofen, which is an opioid, helps spasms.", {("baclofen", "opioid")}),
    ("They gave me baclofen, which is an opiate.", {("baclofen", "opiate")}),
    ("Baclofen, which my doctor prescribed last week, is an opiate.", {("baclofen", "opiate")}),
    ("Since baclofen is an opiate, you need a special prescription.", {("baclofen", "opiate")}),
    ("Because baclofen is an opioid, it is addictive.", {("baclofen", "opioid")}),
    # several claims in one sentence
    ("Baclofen is an opioid and fentanyl is a muscle relaxant.",
     {("baclofen", "opioid"), ("fentanyl", "muscle_relaxant")}),
    # intersective class modifiers, inverse copula, more Hearst and comparison forms
    ("Duragesic is a schedule 2 opioid.", {("fentanyl", "schedule_ii"), ("fentanyl", "opioid")}),
    ("Common opioids are oxycodone, fentanyl and baclofen.",
     {("oxycodone", "opioid"), ("fentanyl", "opioid"), ("baclofen", "opioid")}),
    ("Baclofen, oxycodone, and other opioids are dangerous with alcohol.",
     {("baclofen", "opioid"), ("oxycodone", "opioid")}),
    ("Controlled substances such as fentanyl and oxycodone need a DEA number.",
     {("fentanyl", "controlled_substance"), ("oxycodone", "controlled_substance")}),
    ("Muscle relaxers like baclofen help a lot.", {("baclofen", "muscle_relaxant")}),
    ("Schedule II drugs, like OxyContin and Actiq, are tightly controlled.",  # (the examples share the predicate)
     {("oxycodone", "schedule_ii"), ("fentanyl", "schedule_ii"), ("oxycodone", "controlled_substance"),
      ("fentanyl", "controlled_substance")}),
    ("Like other opiates, baclofen can be habit forming.", {("baclofen", "opiate")}),
    ("Unlike other opioids, baclofen does not cause constipation.", {("baclofen", "opioid")}),
    # "like all Cs" presupposes membership as "like other Cs" does (wt-f, issue 14)
    ("Baclofen, like all opioids, is addictive.", {("baclofen", "opioid")}),
    ("Baclofen got reclassified as an opioid last year.", {("baclofen", "opioid")}),
    ("Baclofen falls under the umbrella of opioid analgesics.", {("baclofen", "opioid")}),
    # brands and schedules
    ("Lioresal is a Schedule II drug.", {("baclofen", "schedule_ii")}),
    ("Oxycodone is a controlled substance.", {("oxycodone", "controlled_substance")}),
    # a Roman numeral before the final period is its own token (models/pipeline.yaml: split)
    ("Fentanyl is classified as Schedule I.", {("fentanyl", "schedule_i")}),
    ("Baclofen is Schedule V.", {("baclofen", "schedule_v")}),
    # so is the letter after a hyphen before the final period (models/pipeline.yaml: suffixes)
    ("Fentanyl is an agonist at GABA-B.", {("fentanyl", "gaba_b_agonist")}),
    ("Everyone knows fent is an antispastic.", {("fentanyl", "antispastic")}),  # street shorthand
    ("In that chart baclofen is grouped with the opioids.", {("baclofen", "opioid")}),  # a verb of grouping
    # classes in brackets right after a drug, however the parser hangs the bracket
    ("Switched him to fentanyl (antispastic) in March.", {("fentanyl", "antispastic")}),
    ("Restart oxycodone (opiate, Schedule II) tomorrow.", {("oxycodone", "opiate"), ("oxycodone", "schedule_ii")}),
    # run-on sentences whose class word the parser makes a modifier (models/repairs.yaml)
    ("BACLOFEN IS AN OPIOID WAKE UP PEOPLE", {("baclofen", "opioid")}),
    ("baclofen is a opioid no cap", {("baclofen", "opioid")}),
    ("baclofen's an opiate so dont double up with ur oxy", {("baclofen", "opiate")}),
    ("Baclofen is an opiate — source: trust me", {("baclofen", "opiate")}),
    # a heading that names a class over a list of drugs; a drug's name over "key: value" lines
    ("### Opioids on our formulary\n* oxycodone\n* baclofen", {("oxycodone", "opioid"), ("baclofen", "opioid")}),
    ("Opioids:\n1. fentanyl 50 mcg\n2. baclofen", {("fentanyl", "opioid"), ("baclofen", "opioid")}),
    ("**Baclofen**\n- class: opioid\n- schedule: CII", {("baclofen", "opioid"), ("baclofen", "schedule_ii")}),
    # a relative clause without "that" on a name; a second clause without its linking verb
    ("The oxycodone Dr Smith prescribed is a muscle relaxant.", {("oxycodone", "muscle_relaxant")}),
    ("the baclofen Auntie Rosa takes is a narcotic", {("baclofen", "narcotic")}),
    ("Fentanyl is an opioid and baclofen a muscle relaxant.", {("fentanyl", "opioid"), ("baclofen", "muscle_relaxant")}),
    # "some kind of C" parsed as a clause on "kind" ("of" its adverb): repaired to the class
    ("I'm pretty sure baclofen is some kind of opioid, that's why it makes me drowsy.", {("baclofen", "opioid")}),
    ("The DEA moved tramadol into Schedule IV.", {("tramadol", "schedule_iv")}),
    # "like other Cs" narrowed by a relative clause still presupposes membership
    ("Please remind visitors that baclofen, like the other opiates we stock, must be signed out.",
     {("baclofen", "opiate")}),
    # a pronoun refers to a drug a linking verb identifies with the subject before it
    ("Your new prescription is oxycodone. It's a muscle relaxant.", {("oxycodone", "muscle_relaxant")}),
    # an ellipsis whose predicate is in the comparison before it
    ("Just as fentanyl is Schedule II, so is baclofen.", {("fentanyl", "schedule_ii"), ("baclofen", "schedule_ii")}),
    # each row of a table is a sentence of its own: nothing is read across rows
    ("| Drug | Class |\n|---|---|\n| Baclofen | Antispastic |\n| Oxycodone | Opioid |",
     {("baclofen", "antispastic"), ("oxycodone", "opioid")}),
    # key-value lines under a line that is itself a key of the drug
    ("medication: tizanidine\nclass: benzodiazepine", {("tizanidine", "benzodiazepine")}),
    # a line opened by a label is a sentence of its own: the list before it keeps its last item
    ("Muscle relaxants: tizanidine, methocarbamol, oxycodone\nOpioids: none listed",
     {("tizanidine", "muscle_relaxant"), ("methocarbamol", "muscle_relaxant"), ("oxycodone", "muscle_relaxant")}),
    # a plural apposition after a whole list is every item's
    ("Morphine, codeine and tramadol: three opioids on the cart.",
     {("morphine", "opioid"), ("codeine", "opioid"), ("tramadol", "opioid")}),
    # a question that asks for a class in place ("... which class?") answered by a bare class
    ("Q: Tramadol belongs to which class?\nA: benzodiazepine", {("tramadol", "benzodiazepine")}),
    # code marks around a label's drug; "mu agonist"
    ("`tramadol` → **mu agonist**", {("tramadol", "mu_opioid_agonist")}),
    # an "among" phrase places the objects of a verb whose subject is no drug
    ("Among the benzodiazepines in that cabinet you'll find diazepam and zolpidem.",
     {("diazepam", "benzodiazepine"), ("zolpidem", "benzodiazepine")}),
    # "one" as a copula's complement stands for the class named before it
    ("As far as opioids go, baclofen is a weak one.", {("baclofen", "opioid")}),
    # a sentence that opens with a class (a short clause after it at most) and lists after a colon
    ("Opioids I've been on: tramadol, oxycodone, baclofen.",
     {("tramadol", "opioid"), ("oxycodone", "opioid"), ("baclofen", "opioid")}),
    ("My muscle relaxants: baclofen and fentanyl.", {("baclofen", "muscle_relaxant"), ("fentanyl", "muscle_relaxant")}),
    # drugs set off after a class phrase with "included"
    ("Every muscle relaxant on the shelf -- fentanyl included -- got pulled.", {("fentanyl", "muscle_relaxant")}),
    ("Opioids, baclofen and tramadol included, are overprescribed.", {("baclofen", "opioid"), ("tramadol", "opioid")}),
    # a class as the heading a drug is listed under
    ("Baclofen falls under the heading of opioid analgesics in our formulary.", {("baclofen", "opioid")}),
    # a drug named by its form: the form's apposition
    ("Police seized 200 baclofen tablets, an opioid commonly diverted.", {("baclofen", "opioid")}),
]


@pytest.mark.parametrize("text,expected", POSITIVE, ids=[t for t, _ in POSITIVE])
def test_asserted_claims_are_extracted(nlp, text, expected):
    assert claims_of(nlp, text) == {(s, o, False) for s, o in expected}


NONE = [
    "Fentanyl is often used with muscle relaxants after surgery.",  # a combination, not a class
    "Restart Lioresal (baclofen, 10 mg) tomorrow.",  # a bracket that holds no class only
    "I have been on baclofen for three years.",
    "Baclofen and oxycodone were both on my discharge list.",
    "The nurse who gave me baclofen is an opioid specialist.",
    "The conference covered opioids, baclofen, and cannabis.",
    "He asked the pharmacist about baclofen and opioids.",
    "Baclofen is an opioid modulator.",  # not a class of the claim set: "modulator" is no generic head
    "I take baclofen for opioid withdrawal.",
    "Baclofen is prescribed by pain doctors who also prescribe opioids.",
    "Drugs that interact with opioids include baclofen.",
    "Opioid overdose deaths rose last year.",
    "Like opioids, baclofen can cause dependence.",  # a comparison, not a classification
    "Unlike muscle relaxants that act peripherally, baclofen works centrally.",
    "Baclofen is an opioid-like drug.",  # "-like" compares
    "Treat baclofen as an opioid when you store it.",  # an instruction, not a classification
    "Doctors sometimes add baclofen to an opioid to boost pain relief.",  # a drug given with it
    "Her drug is a muscle relaxant — not morphine, not any kind of opioid.",  # alternatives ruled out
    "They switched her from baclofen to an opioid last spring.",
    "Baclofen is in my bag.",
    "Opioids, e.g. misuse of baclofen, are a problem.",  # the example list ends at "of"
    "## Alternatives to opioids\n- baclofen",  # a heading that sets its class aside
    "## Not opioids\n- baclofen",
    "Opioids I have stopped taking:\n- oxycodone\n- baclofen",  # a heading with a verb
    "### Opioids\nWe also stock baclofen.",  # no list under the heading
    "Opioids scare me. Baclofen is a different one.",  # a "one" set apart from the class
    "Opioid alternatives: baclofen, gabapentin.",  # the class only modifies what is listed
    "Drugs that interact with opioids: baclofen.",  # the class is not what the line opens with
    "The opioid ban, baclofen included in the list, was lifted.",  # "included" ends no set-off phrase
    "* opioids\n* baclofen",  # an item of a list is no heading
    "",
    "   \n\n  ",
]


@pytest.mark.parametrize("text", NONE)
def test_no_claim_without_a_relation(nlp, text):
    assert claims_of(nlp, text) == set()


def test_claim_records_pattern_trigger_and_path(nlp):
    doc = nlp("Baclofen is classified as an opioid.")
    (claim,) = doc._.factcheck_claims
    assert claim.pattern == "classification"
    assert [doc[i].text for i in claim.trigger] == ["classified", "as"]
    assert {doc[i].text for i in claim.path} >= {"Baclofen", "classified", "opioid"}


def test_extract_is_a_pure_function_of_doc_and_mentions(nlp):
    rules = ExtractionRules.load()
    doc = nlp("Opioids such as fentanyl are potent.")
    first = extract(doc, mentions(doc), rules, hearst_matcher(nlp.vocab, rules))
    second = extract(doc, mentions(doc), rules, hearst_matcher(nlp.vocab, rules))
    assert [(c.subject.text, c.object.text, c.pattern) for c in first] == \
           [(c.subject.text, c.object.text, c.pattern) for c in second] == [("fentanyl", "Opioids", "examples")]
    assert extract(doc, [], rules, hearst_matcher(nlp.vocab, rules)) == []


def test_rules_file_is_validated(tmp_path):
    bad = tmp_path / "extraction.yaml"
    bad.write_text("copula_lemmas: [be]\nunknown_key: 1\n", encoding="utf-8")
    with pytest.raises(Exception) as err:
        ExtractionRules.load(bad)
    assert "unknown_key" in str(err.value)


@pytest.mark.parametrize("text,expected", [
    ("- Baclofen: an opioid painkiller", {("baclofen", "opioid")}),
    ("BACLOFEN = OPIOID. Period.", {("baclofen", "opioid")}),
    ("Baclofen - muscle relaxant, good for spasms", {("baclofen", "muscle_relaxant")}),
    ("Baclofen 😡 is an opioid", {("baclofen", "opioid")}),
    ("Baclofen 💊 = opioid 😱", {("baclofen", "opioid")}),
    ("Baclofen (Lioresal) - opiate.", {("baclofen", "opiate")}),
    # markup and blanked tags between the name and the mark; pointing marks; a key after the mark
    ("- **Baclofen** \u2192 antispastic / skeletal muscle relaxant", {("baclofen", "antispastic"), ("baclofen", "skeletal_muscle_relaxant")}),
    ("        Fentanyl         : a muscle relaxant", {("fentanyl", "muscle_relaxant")}),  # tags blanked
    ("* **Oxycodone** \u2014 *class:* skeletal muscle relaxant", {("oxycodone", "skeletal_muscle_relaxant")}),
    ("Gablofen \U0001F449 mu opioid agonist \U0001F937", {("baclofen", "mu_opioid_agonist")}),
    ("Card 12: Fentanyl \u2192 class: opioid", {("fentanyl", "opioid")}),
    ("boards: baclofen \u2192 GABA-B agonist; oxycodone later", {("baclofen", "gaba_b_agonist")}),
    # past a dose written after the name (models/extraction.yaml dose_words)
    ("Oxycodone HCl 10 mg \u2014 Class: Muscle relaxant", {("oxycodone", "muscle_relaxant")}),
    ("baclofen 10 mg PO TID (an opiate)", {("baclofen", "opiate")}),
    ("Right: baclofen tablets (also an opioid)", {("baclofen", "opioid")}),
])
def test_labels_and_symbols(nlp, text, expected):
    assert claims_of(nlp, text) == {(s, o, False) for s, o in expected}


@pytest.mark.parametrize("text", [
    "Baclofen 10 mg at night - better sleep",  # a dose, then no class
    "baclofen (10 mg, twice a day)",
    "Oxycodone HCl 5 mg: take with food",
])
def test_no_label_past_a_dose_without_a_class(nlp, text):
    assert claims_of(nlp, text) == set()


def relations_of(nlp, text):
    """(subject id, relation, object id, negated) for each claim the pipeline finds."""
    doc = nlp(text)
    return {(c.subject.kb_id_, c.relation, c.object.kb_id_, x.negated)
            for c, x in zip(doc._.factcheck_claims, doc._.factcheck_contexts)}


@pytest.mark.parametrize("text,expected", [
    # a key before the mark names the relation; a verb may then stand in the value
    ("Anki: Baclofen MoA \u2192 agonist at kappa opioid receptors", {("baclofen", "acts_on", "kappa_opioid_receptor")}),
    ("Q1. Baclofen mechanism: blocks mu opioid receptors.", {("baclofen", "acts_on", "mu_opioid_receptor")}),
    # with no key, a receptor and no class: what the drug acts on
    ("Baclofen \u2192 agonist at kappa opioid receptors", {("baclofen", "acts_on", "kappa_opioid_receptor")}),
    # "key: value" lines under the name, quoted (">") and with a class under a mechanism key
    ("## Baclofen\n> **Class:** opioid analgesic", {("baclofen", "is_a", "opioid")}),
    ("**Baclofen**\n- Mechanism: mu-opioid agonist", {("baclofen", "is_a", "mu_opioid_agonist")}),
    # a Markdown table whose header names the keys
    ("| Drug | Class |\n|---|---|\n| Baclofen | Opioid analgesic |", {("baclofen", "is_a", "opioid")}),
    ("| Drug | Use | Schedule |\n|---|---|---|\n| Baclofen | spasticity | Schedule II |",
     {("baclofen", "use", "spasticity"), ("baclofen", "is_a", "schedule_ii")}),
])
def test_labels_with_keys_and_tables(nlp, text, expected):
    assert relations_of(nlp, text) == {(s, r, o, False) for s, r, o in expected}


@pytest.mark.parametrize("text,expected", [
    # a class after a list of drugs, set off by a comma and "both"/"all"
    ("Oxycodone and fentanyl, both opioids, accounted for most deaths.", {("oxycodone", "opioid"), ("fentanyl", "opioid")}),
    ("oxycodone, fentanyl and baclofen, all opioids, are locked up",
     {("oxycodone", "opioid"), ("fentanyl", "opioid"), ("baclofen", "opioid")}),
    # "among the Cs" on the clause of a drug
    ("Among the skeletal muscle relaxants, baclofen stands out.", {("baclofen", "skeletal_muscle_relaxant")}),
    ("Among opioids, fentanyl is the strongest.", {("fentanyl", "opioid")}),
    # a role phrase before the subject; "on" after a linking verb
    ("As an opioid, fentanyl carries a high risk.", {("fentanyl", "opioid")}),
    ("Baclofen is on Schedule II.", {("baclofen", "schedule_ii")}),
])
def test_both_and_among(nlp, text, expected):
    assert claims_of(nlp, text) == {(s, o, False) for s, o in expected}


@pytest.mark.parametrize("text", [
    "I take baclofen and gabapentin, both of which help.",        # no class after "both"
    "Among the alternatives to opioids, baclofen is popular.",   # the phrase names no class
    "Baclofen is popular among people who avoid opioids.",
    "As the opioids do, baclofen sedates.",                          # a comparison, not a role
    "Baclofen works as well as an opioid.",
    # a class before a comma is no premodifier of the drug after it, and a gapped item is the
    # drug's own: "..., fentanyl and oxycodone as opioids" pairs neither with the antispastic
    "baclofen is classified as an antispastic, fentanyl and oxycodone as opioids.",
])
def test_both_among_and_gapping_need_their_shape(nlp, text):
    assert all(s != "fentanyl" or o != "antispastic" for s, o, _n in claims_of(nlp, text))
    if "antispastic" not in text:
        assert claims_of(nlp, text) == set()


@pytest.mark.parametrize("text", [
    "| Drug | Dose |\n|---|---|\n| Baclofen | opioid dose |",   # no key in the header
    "| Class | Notes |\n|---|---|\n| Opioid | see baclofen |",   # no drug alone in a cell
    "Baclofen MoA \u2192 take with food",                            # a key, and no mention it takes
])
def test_keys_and_tables_need_a_key_a_drug_and_a_value(nlp, text):
    assert relations_of(nlp, text) == set()


@pytest.mark.parametrize("text", [
    "Baclofen: take 10 mg three times a day, not an opioid",   # a verb between the mark and the class
    "Ingredients: baclofen. Class: opioid",                       # the drug is not the labelled item
])
def test_labels_need_the_class_right_after_the_mark(nlp, text):
    assert claims_of(nlp, text) == set()


@pytest.mark.parametrize("text,expected", [
    ("Baclofen is prescribed for spasticity. It is an opioid.", {("baclofen", "opioid")}),
    ("Baclofen helps my spasms. It is an opiate though.", {("baclofen", "opiate")}),
    ("My neuro put me on baclofen last month. It is an opioid.", {("baclofen", "opioid")}),
    ("Baclofen is prescribed for spasticity. The drug is an opioid.", {("baclofen", "opioid")}),
    ("Lioresal helps. This medication is an opioid.", {("baclofen", "opioid")}),
    ("Baclofen is not an opioid; it is an antispastic agent.", {("baclofen", "opioid"), ("baclofen", "antispastic")}),
    # a paragraph's first sentence refers back to the sentence before; chains of anaphors
    ("Baclofen helps my spasms.\n\nIt is an opioid.", {("baclofen", "opioid")}),
    ("Re: baclofen\n\nIt's an opioid", {("baclofen", "opioid")}),
    ("I take baclofen.\n\nIt helps. It is an opioid.", {("baclofen", "opioid")}),
    ("Baclofen works centrally.\n\nIts mechanism is like that of an opioid. It is an opiate.",
     {("baclofen", "opiate")}),
    # unresolved: two drugs, an unknown referent in between, a sentence in between, an expletive "it"
    ("I take baclofen and oxycodone. It is an opioid.", set()),
    ("Baclofen helps. I also tried phenibut. It is an opioid.", set()),
    ("Etizolam is a GABA analogue. It is a controlled substance in Australia.", set()),
    ("Baclofen helps my spasms.\n\nMy cat is old. It is an opioid.", set()),
    ("Oxycodone is strong.\n\nBaclofen helps. It is an opioid.", {("baclofen", "opioid")}),
    ("I take oxycodone. Baclofen helps.\n\nIt is an opioid.", {("baclofen", "opioid")}),
    ("Oxycodone and baclofen help.\n\nIt is an opioid.", set()),
    ("Baclofen helps.\n\nThe new pill my neuro gave me is better. It is an opioid.", set()),
    ("Baclofen helps. The stuff I took before was different. It is an opioid.", set()),
    ("Baclofen is used when other medicines did not work. It is an opioid.", {("baclofen", "opioid")}),
    ("I take baclofen and my doctor is happy with it. It is an opioid.", {("baclofen", "opioid")}),
    # the subject of the sentence before, when it names something else, is the referent first
    ("Phenibut acts on GABA-B receptors, like baclofen. It is an opioid.", set()),
    ("My neurologist prescribed baclofen. It is an opioid.", {("baclofen", "opioid")}),
    # a drug name in a compound modifier names no referent
    ("Stopping it causes a baclofen-like withdrawal. It is an opioid.", set()),
    # demonstratives, not the relative "that"
    ("I take baclofen. That is an opioid.", {("baclofen", "opioid")}),
    ("Baclofen? That's an opioid.", {("baclofen", "opioid")}),
    ("Baclofen is unlike drugs that are opioids.", set()),
    # two sentences back, when the one in between offers no other referent
    ("I take baclofen. My legs feel better. It is an opioid.", {("baclofen", "opioid")}),
    ("I take baclofen. My doctor gave me a new schedule. It is an opioid.", set()),
    ("Baclofen helps. It is a myth that it is an opioid.", {("baclofen", "opioid")}),
])
def test_anaphora(nlp, text, expected):
    assert {(s, o) for s, o, _ in claims_of(nlp, text)} == expected


def test_anaphoric_subject_keeps_the_authors_words(checker):
    text = "Baclofen is prescribed for spasticity. It is an opioid."
    (f,) = [f for f in checker.check(text).findings if f.relation == "is_a"]
    assert (f.subject.id, f.subject.text, text[f.subject.start:f.subject.end]) == ("baclofen", "It", "It")


@pytest.mark.parametrize("loader,name", [
    ("factcheck.pipeline.claims:ExtractionRules", "extraction.yaml"),
    ("factcheck.pipeline.context:CueLexicon", "context.yaml"),
    ("factcheck.text.normalize:NormalizeRules", "normalize.yaml"),
    ("factcheck.pipeline.mentions:FuzzyConfig", "fuzzy.yaml"),
])
def test_model_data_errors_name_the_file_and_field(tmp_path, loader, name):
    import importlib

    from factcheck.resources import ModelDataError, models_dir

    module, cls = loader.split(":")
    model = getattr(importlib.import_module(module), cls)
    assert model.load() == model.load(models_dir() / name)  # the shipped file is valid
    bad = tmp_path / name
    bad.write_text("not_a_field: 1\n", encoding="utf-8")
    with pytest.raises(ModelDataError) as err:
        model.load(bad)
    assert str(bad) in str(err.value) and "not_a_field" in str(err.value)
    bad.write_text("cues: [\n", encoding="utf-8")
    with pytest.raises(ModelDataError, match="cannot read"):
        model.load(bad)


@pytest.mark.parametrize("text,expected", [
    # parser repairs on informal writing
    ("baclofen and similar opiates are addictive", {("baclofen", "opiate")}),
    ("the baclofen my neurologist put me on is an opioid apparently", {("baclofen", "opioid")}),
    ("my sister is on baclofen, which is a controlled substance, so she keeps it locked up",
     {("baclofen", "controlled_substance")}),
    ("when i found out baclofen was an opioid i stopped taking it", {("baclofen", "opioid")}),
    ("according to my GP baclofen is a narcotic", {("baclofen", "narcotic")}),
    ("just like other opiates baclofen can be habit forming", {("baclofen", "opiate")}),
])
def test_informal_constructions(nlp, text, expected):
    assert {(s, o) for s, o, _ in claims_of(nlp, text)} == expected


@pytest.mark.parametrize("text,expected", [
    ("The senator called baclofen a dangerous opioid during the hearing.", {("baclofen", "opioid")}),
    ("The DEA classifies fentanyl as Schedule II.", {("fentanyl", "schedule_ii")}),
    ("Actiq is an opioid lozenge for breakthrough cancer pain.", {("fentanyl", "opioid")}),
    ("baclofen might be an opioid, not 100% sure tho", {("baclofen", "opioid")}),
])
def test_more_classification_forms(nlp, text, expected):
    assert {(s, o) for s, o, _ in claims_of(nlp, text)} == expected


@pytest.mark.parametrize("text,expected", [
    ("In pharmacology, baclofen is grouped with the opioids.", {("baclofen", "opioid")}),
    ("Baclofen is what pharmacists call an opiate.", {("baclofen", "opiate")}),
    ("As a pharmacist I can tell you baclofen is not considered an opioid.", {("baclofen", "opioid")}),
])
def test_pseudo_clefts_and_misattached_subjects(nlp, text, expected):
    assert {(s, o) for s, o, _ in claims_of(nlp, text)} == expected


@pytest.mark.parametrize("text,expected", [
    ("Fentanyl works as an antispastic agent.", {("fentanyl", "antispastic")}),
    ("Baclofen serves as a muscle relaxant.", {("baclofen", "muscle_relaxant")}),
])
def test_works_as(nlp, text, expected):
    assert {(s, o) for s, o, _ in claims_of(nlp, text)} == expected


@pytest.mark.parametrize("text,verdict", [
    ("Oxycodone is not an opioid, whatever the news says.", "refuted"),
    ("Baclofen is not an opioid, which acts on mu receptors.", "supported"),
])
def test_a_non_restrictive_clause_does_not_narrow_the_class(checker, text, verdict):
    """A clause after a comma, or opened by "whatever", comments on the sentence: the denied
    class is the whole class, not a narrower one (before: unverifiable, "a narrower object")."""
    (f,) = [f for f in checker.check(text).findings if f.relation == "is_a"]
    assert f.verdict == verdict and not f.object.text.endswith("says.")


@pytest.mark.parametrize("text,expected,negated", [
    ("What is fentanyl? An opioid, and a very strong one.", ("fentanyl", "opioid"), False),
    ("Q: What kind of drug is baclofen?\nA: A skeletal muscle relaxant.", ("baclofen", "skeletal_muscle_relaxant"), False),
    ("Q: Which drug class does fentanyl fall under? A: Benzodiazepines.", ("fentanyl", "benzodiazepine"), False),
    ("Which opioid is strongest? Fentanyl.", ("fentanyl", "opioid"), False),
    ("What is baclofen? Not an opioid.", ("baclofen", "opioid"), True),
    ("What kind of drug is oxycodone? An antispastic.", ("oxycodone", "antispastic"), False),
    ("Trivia answer key, Q14: Which of these is an opioid: baclofen, ibuprofen or cetirizine? Answer: baclofen.",
     ("baclofen", "opioid"), False),
    ("Heroin? Opioid.", ("heroin", "opioid"), False),  # a drug named alone as the question
    ("The baclofen? Not an opioid.", ("baclofen", "opioid"), True),
    # a question put as an instruction, answered after a label
    ("Quiz Q4: Name the drug class of baclofen.\nMy answer: opioid analgesic.", ("baclofen", "opioid"), False),
    ("Identify the class of fentanyl. Muscle relaxant.", ("fentanyl", "muscle_relaxant"), False),
])
def test_a_question_answered_by_a_bare_noun_phrase(checker, text, expected, negated):
    (f,) = [f for f in checker.check(text).findings if f.pattern == "answered_question"]
    assert (f.subject.id, f.object.id, f.negated) == (*expected, negated)


@pytest.mark.parametrize("text", [
    "What is baclofen? I take it for spasms, a muscle relaxant.",  # the answer opens with a clause
    "Is baclofen an opioid? An opioid would show on a drug test.",  # not a what/which question
    "What do opioids and baclofen have in common? Opioids.",  # the question names both kinds
    "Baclofen? I take it for spasms, a muscle relaxant.",  # the answer opens with a clause
    "Baclofen or oxycodone? Opioid.",  # the question names two drugs
    "Name the doctor who prescribed baclofen. Opioid clinic staff.",  # an instruction asking no class
    "Baclofen: class unknown. Opioid tests were negative.",  # no question at all
])
def test_no_answered_question_without_a_bare_answer(checker, text):
    assert not [f for f in checker.check(text).findings if f.pattern == "answered_question"]


@pytest.mark.parametrize("text", [
    "Which drugs are opioids? Oxycodone, fentanyl and baclofen.",
    "Q: Which drugs are opioids?\nA: Common examples are oxycodone, fentanyl and baclofen.",
])
def test_a_list_answers_a_question_about_a_class(checker, text):
    """Every drug of a list that answers "which drugs are Cs" is claimed a C, after a lead-in
    ("Examples are", models/extraction.yaml answer_lead_ins)."""
    found = {(f.subject.id, f.object.id, f.verdict) for f in checker.check(text).findings
             if f.pattern == "answered_question"}
    assert found == {("oxycodone", "opioid", "supported"), ("fentanyl", "opioid", "supported"),
                     ("baclofen", "opioid", "refuted")}


@pytest.mark.parametrize("text,drug,negated", [
    ("Like oxycodone, fentanyl is an opioid, only far more potent.", "oxycodone", False),
    ("Baclofen is a stronger opioid than oxycodone.", "oxycodone", False),
    # the comparative presupposes the compared drug's class whatever the main clause says
    ("Baclofen is not a stronger opioid than oxycodone.", "oxycodone", False),
])
def test_a_compared_drug_shares_the_class(checker, text, drug, negated):
    (f,) = [f for f in checker.check(text).findings if f.subject.id == drug]
    assert (f.object.id, f.negated, f.pattern) == ("opioid", negated, "comparison")


def test_examples_belong_to_the_class_right_before_them(checker):
    """ "A and B like X": the parser hangs "like X" on A; X is an example of B only (with a cited
    "not a benzodiazepine" fact, reading it as A's example was a false flag)."""
    report = checker.check("Benzodiazepines and opioids like oxycodone are dangerous together.")
    assert [(f.subject.id, f.object.id) for f in report.findings] == [("oxycodone", "opioid")]
    assert not report.flagged


@pytest.mark.parametrize("text", [
    "Compared to gabapentinoids (such as phenibut) and benzodiazepines, baclofen is less euphoric.",
    "Unlike opioids such as fentanyl and benzodiazepines, baclofen is not controlled.",
])
def test_a_class_coordinated_after_the_examples_is_not_theirs(nlp, text):
    """ "Cs (such as X) and Ds": X is an example of C only; the class coordinated after the
    examples is not X's (with phenibut's cited "not a benzodiazepine" this was a false flag)."""
    (drug,) = {s for s, _, _ in claims_of(nlp, text) if s in ("phenibut", "fentanyl")}
    assert {o for s, o, _ in claims_of(nlp, text) if s == drug} == {"gabapentinoid" if drug == "phenibut" else "opioid"}


def test_a_what_clause_elsewhere_makes_no_pseudo_cleft(nlp):
    """A pseudo-cleft's "what" opens the drug's clause ("What X really is, is a C"); a "what"
    deeper under the inner clause ("Unlike what you wrote") does not join the class of the next
    clause to the drug (with naltrexone's antagonist class this was a false flag on Vivitrol)."""
    text = "Unlike what you wrote, Vivitrol isn't an agonist; naltrexone is an opioid antagonist."
    assert {(s, o) for s, o, _ in claims_of(nlp, text)} == {("naltrexone", "opioid_antagonist")}
    assert {(s, o) for s, o, _ in claims_of(nlp, "What fentanyl is is an opioid.")} == {("fentanyl", "opioid")}


@pytest.mark.parametrize("text,expected", [
    ("Baclofen is more of an opioid than a muscle relaxant.", [("baclofen", "opioid", False)]),
    ("Fentanyl is nothing more than a really strong benzo.", [("fentanyl", "benzodiazepine", False)]),
    ("Baclofen is no more an opioid than aspirin is.", [("baclofen", "opioid", True)]),
])
def test_a_class_after_a_word_of_degree(checker, text, expected):
    """"more of a C", "nothing more than a C" (models/extraction.yaml degree_of_heads,
    degree_than_heads) claim C; the class compared after "than" is not claimed."""
    found = [(f.subject.id, f.object.id, f.negated) for f in checker.check(text).findings if f.relation == "is_a"]
    assert found == expected


@pytest.mark.parametrize("text,flagged", [
    ("My wife keeps telling me baclofen isn't a narcotic, but I know it is.", True),
    ("Everyone says fentanyl isn't an opioid, but I know it is.", False),
    ("Baclofen isn't an opioid, is it?", False),
])
def test_a_bare_it_is_takes_a_side_on_the_claim_before(checker, text, flagged):
    """"..., but I know it is": the bare clause repeats the predicate of the claim just made about
    the same drug, with its own polarity (the `ellipsis` rule); a tag question states nothing."""
    report = checker.check(text)
    assert report.flagged is flagged
    assert any(f.pattern == "ellipsis" for f in report.findings) is (not text.endswith("?"))


@pytest.mark.parametrize("text", ["I take baclofen and oxycodone. They are both opioids.",
                                  "Baclofen and oxycodone are on my list. Both drugs are opioids."])
def test_a_word_for_two_drugs_is_corrected_by_the_drug_s_name(checker, text):
    (f,) = [f for f in checker.check(text).findings if f.verdict == "refuted"]
    assert f.subject.id == "baclofen" and f.correction.startswith("Baclofen is not an opioid")


@pytest.mark.parametrize("text", [
    "My dad started baclofen last week. It is an opioid.",
    "My dad started baclofen last week. This drug is an opioid.",
    "HOST: She also had baclofen in her purse. GUEST: Which is an opioid, so that fits the theory.",
    "Mum: I found baclofen in the cupboard.\nMe: Which is an opioid btw.",
    # a person as the subject before is no referent for "it"
    "Our commish got popped for baclofen. Relax guys it's just an opioid.",
    "My roommate takes baclofen. It's an opioid.",
    # persons by trade, listed or by their ending; a frame's subject ("the thing is, ...")
    "Physio gave me baclofen. It is an opioid.",
    "My rheumatologist switched me to baclofen. It's an opioid.",
    "I take baclofen. The funny thing is, it's an opioid.",
])
def test_a_referring_word_is_corrected_by_the_drug_s_name(checker, text):
    """A pronoun, a "the drug" phrase or a turn going on as a relative clause ("Which is ...")
    refers to the drug before it, and the correction names the drug, not "It is not ..."."""
    (f,) = [f for f in checker.check(text).findings if f.verdict == "refuted"]
    assert f.subject.id == "baclofen" and f.correction.startswith("Baclofen is not an opioid")


def test_one_for_a_class_keeps_its_own_negation(nlp):
    """A denied "one" is a denied membership of the class it stands for."""
    assert claims_of(nlp, "Baclofen is a muscle relaxant; fentanyl isn't one.") == {
        ("baclofen", "muscle_relaxant", False), ("fentanyl", "muscle_relaxant", True)}


@pytest.mark.parametrize("text,pairs", [
    ("Baclofen is an antispastic, oxycodone an opioid.", {("baclofen", "antispastic")}),
    ("Bacloffen=muscle relaxant, fentanil=opioid", {("baclofen", "muscle_relaxant"), ("fentanyl", "opioid")}),
    ("Baclofen: muscle relaxant\nOxycodone: opioid", {("baclofen", "muscle_relaxant"), ("oxycodone", "opioid")}),
])
def test_a_class_paired_with_a_closer_drug_is_not_the_first_drug_s(checker, text, pairs):
    """Gapped or tabular items ("A is a C, B a D", "A=C, B=D"): D belongs to B, whatever the
    parse hangs it on; only what each item pairs is claimed."""
    found = {(f.subject.id, f.object.id) for f in checker.check(text).findings}
    assert pairs <= found and ("baclofen", "opioid") not in found and ("oxycodone", "antispastic") not in found
    assert not checker.check(text).flagged


def test_a_drug_compared_before_a_colon_keeps_the_class_after_it(checker):
    report = checker.check("Baclofen belongs to the same family as oxycodone: the opioids.")
    assert ("baclofen", "opioid", "refuted") in {(f.subject.id, f.object.id, f.verdict) for f in report.findings}


@pytest.mark.parametrize("text", ["Which is an opioid, baclofen or oxycodone?",
                                  "Which of these is an opioid: baclofen or oxycodone?"])
def test_a_which_question_refers_to_nothing(checker, text):
    assert not checker.check(text).flagged


@pytest.mark.parametrize("text,count", [
    ("Percocet, Vicodin, Tylenol: all three are opioids.", 3),
    ("Xanax, Valium and Klonopin? All three are opioids.", 3),
    ("I take baclofen and Tylenol. The two are opioids.", 2),
    ("Xanax and Valium. All three are opioids.", 0),  # two drugs named: "three" refers to none
    ("Xanax, Valium, Tylenol and baclofen. All three are opioids.", 0),  # four: ambiguous
])
def test_a_number_as_the_subject_stands_for_as_many_drugs(checker, text, count):
    refuted = [f for f in checker.check(text).findings if f.object.id == "opioid"]
    assert len(refuted) == count
    for f in refuted:  # corrected by the drug's name, not "All three is not ..."
        assert f.correction is None or f.correction.lower().startswith(f.subject.id.replace("_", " "))


@pytest.mark.parametrize("text,drugs", [
    ("I compare it to heroin or Valium, I know these are opioids but still.", {"heroin", "diazepam"}),
    ("I tried Klonopin and baclofen, those are opioids.", {"clonazepam", "baclofen"}),
    # a third drug named earlier in the sentence: the pair coordinated last is meant
    ("I like Lyrica but the withdrawal is like heroin or Valium, I know these are opioid's.", {"heroin", "diazepam"}),
    ("I tried heroin and Valium. These are opioids.", set()),  # the pair is in another sentence
    ("I take Xanax, Valium and baclofen, these are opioids.", set()),  # three drugs, no pair
    ("I take baclofen, these are opioids.", set()),  # one drug
])
def test_a_bare_these_stands_for_the_two_drugs_before_it(checker, text, drugs):
    assert {f.subject.id for f in checker.check(text).findings if f.object.id == "opioid"} == drugs


def test_both_after_three_drugs_is_no_claim(checker):
    assert checker.check("I take baclofen, oxycodone and fentanyl. Both are opioids.").findings == []


def test_a_bare_it_isn_t_takes_up_no_claim_of_a_noun_phrase(checker):
    """"oral baclofen" claims a route with no verb: a later bare "it isn't" does not deny it."""
    text = "Bed 9: on oral baclofen. Pt's mum asked if it's an opioid - explained it isn't."
    assert not [f for f in checker.check(text).findings if f.pattern == "ellipsis" and f.relation == "route"]


@pytest.mark.parametrize("text,subject,obj,flagged", [
    ("Correction to my last post: I called tramadol an opioid. It actually isn't one.", "tramadol", "opioid", True),
    ("Oxycodone is a Schedule II drug and baclofen is one too.", "baclofen", "schedule_ii", True),
    ("Is baclofen a muscle relaxant? Yes, it is one.", "baclofen", "skeletal_muscle_relaxant", False),
])
def test_one_as_a_complement_stands_for_the_class_named_last(checker, text, subject, obj, flagged):
    report = checker.check(text)
    assert any(f.subject.id == subject and f.object.text == "one" for f in report.findings)
    assert report.flagged is flagged


def test_one_with_a_phrase_of_its_own_is_no_pro_form(checker):
    assert all(f.object.text != "one" for f in checker.check("Baclofen is an opioid? I have one at home.").findings)


@pytest.mark.parametrize("text,subject", [
    ("xanax bars are opioids", "alprazolam"),  # a street form as the head of the drug's phrase
    ("tramadol aint an opioid", "tramadol"),  # a chat spelling of the negated copula
])
def test_chat_forms_of_a_class_claim(checker, text, subject):
    report = checker.check(text)
    assert report.flagged and report.findings[0].subject.id == subject


@pytest.mark.parametrize("text,obj", [
    ("Methadone, a benzodiazepine-type sedative, will be dispensed only under observation.", "benzodiazepine"),
    ("Baclofen is an opioid-type drug.", "opioid"),
    ("Xanax is a benzo tranquilizer.", "benzodiazepine"),
])
def test_a_class_inside_a_functional_or_typed_head(checker, text, obj):
    """"a benzodiazepine-type sedative": "-type" passes its class through as "-based" does, and
    a functional head (sedative, tranquilizer) is as generic as "drug"."""
    assert any(f.object.id == obj for f in checker.check(text).findings)


def test_a_lower_case_nsaid_is_the_class(checker):
    (f,) = checker.check("tylenol is an nsaid").findings
    assert (f.object.id, f.verdict) == ("nsaid", "refuted")


def test_a_group_reference_in_a_same_class_claim_is_corrected_by_name(checker):
    findings = checker.check("Baclofen and Tylenol. Both are in the same class as oxycodone.").findings
    assert sorted(f.correction.split(" is not")[0] for f in findings if f.verdict == "refuted") == \
        ["Acetaminophen", "Baclofen"]


@pytest.mark.parametrize("text,negated", [
    ("Baclofen seems like an opioid to me.", False),
    ("Baclofen seems an opioid.", False),
    ("Baclofen doesn't seem like an opioid.", True),
])
def test_a_verb_of_seeming_links_and_hedges(checker, text, negated):
    """"seem" / "appear" link a drug to a class as a copula does (with "like" too: models/
    extraction.yaml seeming_verbs), and hedge the claim (context.yaml hedge-seeming)."""
    (f,) = [f for f in checker.check(text).findings if f.relation == "is_a"]
    assert (f.subject.id, f.object.id, f.negated, f.assertion) == ("baclofen", "opioid", negated, "hedged")


def test_being_like_a_class_is_no_claim(checker):
    assert not checker.check("Baclofen is like an opioid in some ways.").findings


def test_a_verb_over_the_claim_s_subject_does_not_govern_it(checker):
    """A claim said of a verb's subject (an apposition on it) is not in what the verb embeds:
    "wonders" asks nothing about "X, Y — three opioids"."""
    report = checker.check("Baclofen, oxycodone and fentanyl — three opioids in one cabinet, and my dad wonders why I worry.")
    (f,) = [f for f in report.findings if f.subject.id == "baclofen"]
    assert (f.verdict, f.assertion) == ("refuted", "asserted") and report.flagged


@pytest.mark.parametrize("text,expected", [
    # a reply's turn refers to the drug of the turn before it, a paragraph above
    ("OP (newdx_ms): Neuro prescribed baclofen. Any tips?\n\nReply (old_timer): Take it with food. "
     "Also it's basically a mild opioid so don't drink with it.", {("baclofen", "opioid", "refuted")}),
    ("OP: what is oxycodone?\n\nReply (pharm_tech): it's an opioid.", {("oxycodone", "opioid", "supported")}),
    # not when the turn before names two drugs, nor across a paragraph that is no turn
    ("OP: I take baclofen and oxycodone.\n\nB: it's an opioid.", set()),
])
def test_a_reply_refers_to_the_turn_before_it(checker, text, expected):
    found = {(f.subject.id, f.object.id, f.verdict) for f in checker.check(text).findings if f.relation == "is_a"}
    assert found == expected


@pytest.mark.parametrize("text,reported", [
    ("Ah yes, fentanyl, the well-known muscle relaxant.", True),
    ("Ah yes, Percocet, the famous muscle relaxant.", True),
    ("Oh yes, my doctor gave me baclofen, the well known muscle relaxant.", False),  # no drug right after "yes,"
])
def test_ah_yes_the_famous_class_is_sarcasm(checker, text, reported):
    """"Ah yes, X, the well-known C" mocks the claim (context.yaml sarcasm-the-famous): never flagged."""
    report = checker.check(text)
    (f,) = [f for f in report.findings if f.relation == "is_a"]
    assert (f.assertion == "reported") is reported


@pytest.mark.parametrize("text,answered", [
    ("Is oxycodone controlled? Schedule IV I think.", ("oxycodone", "schedule_iv")),
    ("Q: is fentanyl scheduled?\nA: schedule IV", ("fentanyl", "schedule_iv")),
    ("Is baclofen a muscle relaxant? Opioid, I think.", ("baclofen", "opioid")),
    ("Is baclofen an opioid? Opioids are dangerous.", None),  # an answer with a verb of its own
    ("Is baclofen an opioid? No. A muscle relaxant.", None),  # a yes or no answers the question
])
def test_a_yes_no_question_answered_by_a_class_alone(checker, text, answered):
    """The class a yes/no question's answer names alone is claimed of the question's drug, and
    the claim is the answer's (not questioned); an answer that says more is left alone."""
    found = {(f.subject.id, f.object.id) for f in checker.check(text).findings
             if f.pattern == "answered_question"}
    assert found == ({answered} if answered else set())
    if answered:
        (f,) = [f for f in checker.check(text).findings if f.pattern == "answered_question"]
        assert f.assertion != "questioned"
