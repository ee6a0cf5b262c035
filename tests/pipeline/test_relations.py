"""Relations beyond class membership: receptors, site of action, schedules, effects, uses, routes."""

import pytest

# (text, relation, subject id, object id, verdict, flagged)
CASES = [
    # acts_on, with exclusivity and class-level facts
    ("Baclofen stimulates GABA-B receptors.", "acts_on", "baclofen", "gaba_b_receptor", "supported", False),
    ("Baclofen activates the GABA-B receptor.", "acts_on", "baclofen", "gaba_b_receptor", "supported", False),
    ("Baclofen acts on mu opioid receptors.", "acts_on", "baclofen", "mu_opioid_receptor", "refuted", True),
    ("Baclofen binds to the kappa opioid receptor.", "acts_on", "baclofen", "kappa_opioid_receptor", "refuted", True),
    ("Baclofen binds opioid receptors.", "acts_on", "baclofen", "opioid_receptor", "refuted", True),
    ("Baclofen works on GABA-A receptors.", "acts_on", "baclofen", "gaba_a_receptor", "refuted", True),  # exclusive
    ("Baclofen is a GABA-A agonist.", "acts_on", "baclofen", "gaba_a_receptor", "refuted", True),
    ("Baclofen does not bind opioid receptors.", "acts_on", "baclofen", "opioid_receptor", "supported", False),
    ("Fentanyl acts on mu receptors.", "acts_on", "fentanyl", "mu_opioid_receptor", "supported", False),  # via opioid
    ("Oxycodone binds the delta opioid receptor.", "acts_on", "oxycodone", "delta_opioid_receptor", "supported", False),
    ("Opioids act on mu receptors.", "acts_on", "opioid", "mu_opioid_receptor", "supported", False),
    ("Fentanyl activates GABA-B receptors.", "acts_on", "fentanyl", "gaba_b_receptor", "unverifiable", False),
    # site of action
    ("Baclofen acts centrally.", "site", "baclofen", "central_nervous_system", "supported", False),
    ("Baclofen works in the spinal cord.", "site", "baclofen", "spinal_cord", "supported", False),
    ("Baclofen works peripherally.", "site", "baclofen", "peripheral", "refuted", True),
    # effects
    ("Baclofen produces a strong euphoric high.", "effect", "baclofen", "intense_euphoria", "refuted", True),
    ("Baclofen causes euphoria.", "effect", "baclofen", "euphoria", "unverifiable", False),  # only intense euphoria is denied
    ("Oxycodone causes euphoria.", "effect", "oxycodone", "euphoria", "supported", False),
    ("Baclofen can lead to physical dependence.", "effect", "baclofen", "physical_dependence", "supported", False),
    ("Baclofen never causes withdrawal.", "effect", "baclofen", "withdrawal", "refuted", True),
    ("Baclofen does not cause withdrawal symptoms.", "effect", "baclofen", "withdrawal", "refuted", True),
    ("Baclofen has no potential for dependence.", "effect", "baclofen", "physical_dependence", "refuted", True),
    ("Baclofen causes drowsiness.", "effect", "baclofen", "sedation", "supported", False),  # skeletal muscle relaxants
    # effects the drug can make its user feel (with a modal only), of stopping it, denied by "low"
    ("Baclofen can make you drowsy.", "effect", "baclofen", "sedation", "supported", False),
    ("You can get withdrawal symptoms if you stop baclofen suddenly.", "effect", "baclofen", "withdrawal",
     "supported", False),
    ("Stopping baclofen suddenly can cause withdrawal.", "effect", "baclofen", "withdrawal", "supported", False),
    ("Fentanyl has a low potential for abuse.", "effect", "fentanyl", "abuse_potential", "refuted", True),
    # uses: never refuted on absence
    ("Baclofen is used for spasticity from spinal cord injury.", "use", "baclofen", "spasticity", "supported", False),
    ("Baclofen treats muscle spasms.", "use", "baclofen", "muscle_spasm", "supported", False),
    ("Baclofen helps with cerebral palsy.", "use", "baclofen", "cerebral_palsy", "supported", False),
    ("Baclofen is prescribed for pain.", "use", "baclofen", "pain", "unverifiable", False),
    # routes
    ("Baclofen can be given intrathecally.", "route", "baclofen", "intrathecal", "supported", False),
    ("Baclofen is taken orally.", "route", "baclofen", "oral", "supported", False),
    ("Baclofen comes as oral tablets.", "route", "baclofen", "oral", "supported", False),
    ("Intrathecal baclofen is used for severe spasticity.", "route", "baclofen", "intrathecal", "supported", False),
    ("IV baclofen works fast.", "route", "baclofen", "intravenous", "unverifiable", False),
    ("Baclofen is available as an oral solution.", "route", "baclofen", "oral", "supported", False),
    # a use stated as the purpose
    ("Baclofen is used after spinal cord injuries to reduce spasms.", "use", "baclofen", "muscle_spasm",
     "supported", False),
    # schedules
    ("Baclofen is a Schedule II drug.", "schedule", "baclofen", "schedule_ii", "refuted", True),
    ("Oxycodone is a Schedule IV drug.", "schedule", "oxycodone", "schedule_iv", "refuted", True),
    ("Fentanyl is a Schedule II controlled substance.", "schedule", "fentanyl", "schedule_ii", "supported", False),
    ("Baclofen is not a federally controlled substance.", "schedule", "baclofen", "controlled_substance", "supported", False),
    ("Baclofen is a controlled drug.", "schedule", "baclofen", "controlled_substance", "refuted", True),
    ("Oxycodone is a C-II drug.", "schedule", "oxycodone", "schedule_ii", "supported", False),
]


@pytest.mark.parametrize("text,relation,subject,obj,verdict,flagged", CASES, ids=[c[0] for c in CASES])
def test_relation_verdict(checker, text, relation, subject, obj, verdict, flagged):
    report = checker.check(text)
    found = [(f.relation, f.subject.id, f.object.id, f.verdict) for f in report.findings]
    assert (relation, subject, obj, verdict) in found
    assert report.flagged == flagged


def test_an_experience_is_no_effect_claim(checker):
    """Without a modal, "make" reports one user's experience: no effect claim to flag."""
    assert not [f for f in checker.check("Baclofen does not make u sleepy.").findings if f.relation == "effect"]


def test_exclusivity_is_explained(checker):
    (f,) = checker.check("Baclofen binds opioid receptors.").findings
    ids = [e.fact_id for e in f.evidence]
    assert "baclofen-not-acts-on-opioid-receptor" in ids and "baclofen-acts-on-gaba-b" in ids
    exclusive = next(e for e in f.evidence if e.fact_id == "baclofen-acts-on-gaba-b")
    assert any("exclusively" in s for s in exclusive.steps)
    assert f.correction == "Baclofen does not act on opioid receptor; it acts on GABA-B receptor."


def test_class_level_fact_reaches_a_member_with_its_chain(checker):
    (f,) = checker.check("Fentanyl acts on mu receptors.").findings
    assert [e.fact_id for e in f.evidence][:2] == ["opioid-acts-on-mu", "opioid-acts-on-mu"]
    assert "fentanyl-is-opioid" in [e.fact_id for e in f.evidence]
    assert f.evidence[0].steps[0] == "fentanyl is an opioid"


def test_denied_effect_correction(checker):
    (f,) = checker.check("Baclofen never causes withdrawal.").findings
    assert f.correction == "Baclofen can cause withdrawal symptoms."


def test_a_use_is_never_refuted_on_absence(checker, kb):
    for cid, concept in kb.concepts.items():
        if concept.type != "condition":
            continue
        result = kb.related("baclofen", "use", cid)
        assert not result.refuted, cid


@pytest.mark.parametrize("text,verdict", [
    ("Baclofen is not a treatment for cerebral palsy.", "refuted"),
    ("Baclofen is a treatment for spasticity.", "supported"),
    ("Baclofen doesn't touch opioid receptors at all.", "supported"),
])
def test_relations_stated_with_nouns_and_informal_verbs(checker, text, verdict):
    (f,) = checker.check(text).findings
    assert f.verdict == verdict


@pytest.mark.parametrize("text,relation,obj", [
    ("Baclofen acts as an agonist on GABA-B receptors in the spinal cord.", "acts_on", "gaba_b_receptor"),
    ("Baclofen can be given via an intrathecal pump.", "route", "intrathecal"),
])
def test_relation_objects_through_nouns_and_prepositions(checker, text, relation, obj):
    found = {(f.relation, f.object.id, f.verdict) for f in checker.check(text).findings}
    assert (relation, obj, "supported") in found


def test_means_clause_shares_the_subject(checker):
    report = checker.check("baclofen works by hitting your mu receptors, same as oxy")
    assert ("acts_on", "mu_opioid_receptor", "refuted") in {(f.relation, f.object.id, f.verdict) for f in report.findings}
    assert report.flagged


@pytest.mark.parametrize("text,objects", [
    ("Baclofen reduces spasms, relieving symptoms such as clonus and muscular rigidity.",
     {"clonus", "muscular_rigidity"}),
    ("Baclofen treats conditions like multiple sclerosis and cerebral palsy.",
     {"multiple_sclerosis", "cerebral_palsy"}),
    ("Baclofen causes side effects such as drowsiness.", {"sedation"}),
])
def test_objects_given_as_examples(checker, text, objects):
    found = {f.object.id for f in checker.check(text).findings if f.verdict == "supported"}
    assert objects <= found


# Expository constructions (the prose of labels and reference articles): (text, subject id,
# relation, object id, negated) that must be among the findings.
EXPOSITORY = [
    # a drug's action stands for the drug
    ("Baclofen's action on GABA-B receptors causes muscle relaxation.",
     ("baclofen", "effect", "muscle_relaxation", False)),
    ("The action of baclofen in the spinal cord causes drowsiness.", ("baclofen", "effect", "sedation", False)),
    ("Baclofen acts on GABA-B receptors. This action can cause drowsiness.", ("baclofen", "effect", "sedation", False)),
    ("Baclofen acts on GABA-B receptors. Activation of these receptors causes drowsiness.",
     ("baclofen", "effect", "sedation", False)),
    ("Baclofen is an antispastic.\n\nIts action causes muscle relaxation.",
     ("baclofen", "effect", "muscle_relaxation", False)),
    # a class subject through a non-restrictive relative clause and a participial adjunct
    ("It is a skeletal muscle relaxant. Skeletal muscle relaxants, which are used to manage spasticity, are common.",
     ("skeletal_muscle_relaxant", "use", "spasticity", False)),
    ("Opioids activate the reward system, producing euphoria.", ("opioid", "effect", "euphoria", False)),
    # verbs of having and lacking
    ("Opioids possess a high potential for abuse.", ("opioid", "effect", "abuse_potential", False)),
    ("Baclofen lacks the intense euphoric effect of opioids.", ("baclofen", "effect", "intense_euphoria", True)),
    ("Baclofen improves mobility.", ("baclofen", "effect", "improved_mobility", False)),
    # an effect named by a verb phrase
    ("Baclofen hyperpolarizes neurons.", ("baclofen", "effect", "neuronal_hyperpolarization", False)),
    ("Baclofen does not reduce the release of excitatory neurotransmitters.",
     ("baclofen", "effect", "reduced_excitatory_release", True)),
    # two classes referred to together
    ("Opioids differ from skeletal muscle relaxants, but both drug classes can cause drowsiness.",
     ("opioid", "effect", "sedation", False)),
    ("Opioids differ from skeletal muscle relaxants, but both drug classes can cause drowsiness.",
     ("skeletal_muscle_relaxant", "effect", "sedation", False)),
    # set apart from what a restrictive relative clause says of a class
    ("Unlike muscle relaxants that act peripherally, baclofen works in the spinal cord.",
     ("baclofen", "site", "peripheral", True)),
    ("Unlike opioids, which cause euphoria, baclofen is safe.", ("opioid", "effect", "euphoria", False)),
    # lists with an implicit subject
    ("Baclofen is a muscle relaxant.\n\nConditions treated include multiple sclerosis and cerebral palsy.",
     ("baclofen", "use", "cerebral_palsy", False)),
    ("Baclofen is a muscle relaxant. Side effects include drowsiness.", ("baclofen", "effect", "sedation", False)),
    ("Side effects of oxycodone include euphoria.", ("oxycodone", "effect", "euphoria", False)),
    ("Conditions treated with baclofen include spasticity, such as cerebral palsy.",
     ("baclofen", "use", "cerebral_palsy", False)),
    # a drug's action with its target
    ("Baclofen's action on the mu receptors is what causes the euphoria.",
     ("baclofen", "acts_on", "mu_opioid_receptor", False)),
    ("Baclofen has no action on opioid receptors.", ("baclofen", "acts_on", "opioid_receptor", True)),
    ("Baclofen exerts its action in the spinal cord.", ("baclofen", "site", "spinal_cord", False)),
    ("The binding of fentanyl to mu receptors causes euphoria.", ("fentanyl", "acts_on", "mu_opioid_receptor", False)),
    ("Baclofen works mainly as an agonist at GABA-A receptors.", ("baclofen", "acts_on", "gaba_a_receptor", False)),
    ("Baclofen helps.\n\nIts main action is on the mu opioid receptor.",
     ("baclofen", "acts_on", "mu_opioid_receptor", False)),
    ("Baclofen possesses affinity for the mu opioid receptor.", ("baclofen", "acts_on", "mu_opioid_receptor", False)),
    ("Baclofen has no affinity for opioid receptors.", ("baclofen", "acts_on", "opioid_receptor", True)),
    # the alternative denied by "rather than", wherever the parser attaches it
    ("Baclofen acts centrally rather than on the peripheral nervous system.", ("baclofen", "site", "peripheral", True)),
    ("Fentanyl acts peripherally rather than on the central nervous system.",
     ("fentanyl", "site", "central_nervous_system", True)),
    # the subject the parser made a modifier of the verb
    ("Baclofen stimulates kappa receptors.", ("baclofen", "acts_on", "kappa_opioid_receptor", False)),
    # two drugs referred to together
    ("Baclofen is often compared with fentanyl. Both drugs are Schedule II.", ("baclofen", "schedule", "schedule_ii", False)),
    # a route in a passive, the drug left implicit
    ("Baclofen relieves spasticity. In severe cases an intrathecal pump is used.",
     ("baclofen", "route", "intrathecal", False)),
]


@pytest.mark.parametrize("text,expected", EXPOSITORY, ids=[c[0] for c in EXPOSITORY])
def test_expository_constructions(checker, text, expected):
    found = {(f.subject.id, f.relation, f.object.id, f.negated) for f in checker.check(text).findings}
    assert expected in found


@pytest.mark.parametrize("text,unexpected", [
    # a restrictive relative clause narrows the class: said of some muscle relaxants only
    ("Muscle relaxants that act peripherally are common.", ("muscle_relaxant", "site", "peripheral")),
    # activation of receptors not tied to the drug is not the drug's action
    ("Baclofen is safe. Activation of mu receptors causes euphoria.", ("baclofen", "effect", "euphoria")),
    # "both" needs two classes; an implicit subject needs one drug the text is about
    ("Opioids are strong. Both drug classes can cause drowsiness.", ("opioid", "effect", "sedation")),
    ("I take baclofen and fentanyl. Oxycodone is different. Both drugs are opioids.", ("baclofen", "is_a", "opioid")),
    ("Baclofen and oxycodone are common. Side effects include drowsiness.", ("baclofen", "effect", "sedation")),
    ("Side effects include drowsiness.", ("baclofen", "effect", "sedation")),
    ("Baclofen and oxycodone help. An intrathecal pump is used.", ("baclofen", "route", "intrathecal")),
    ("Baclofen helps. Oxycodone is strong. An intrathecal pump is used.", ("baclofen", "route", "intrathecal")),
    # "unlike" with background ("which also"), a contrast of degree ("only"), another dimension
    ("Unlike opioids, which also act on the central nervous system, baclofen does not cause euphoria.",
     ("baclofen", "site", "central_nervous_system")),
    ("Unlike relaxants that work only in the spinal cord, baclofen also acts in the brain.",
     ("baclofen", "site", "spinal_cord")),
    ("Unlike relaxants that cause drowsiness, baclofen is used for spasticity.", ("baclofen", "effect", "sedation")),
    # a subject in between may be the referent
    ("Baclofen stimulates GABA-B receptors, while morphine stimulates mu receptors. This action produces "
     "intense euphoria.", ("baclofen", "effect", "intense_euphoria")),
    ("Baclofen made me a zombie.\n\nThe new pill my neuro gave me is better. It acts peripherally.",
     ("baclofen", "site", "peripheral")),
])
def test_expository_constructions_not_overread(checker, text, unexpected):
    found = {(f.subject.id, f.relation, f.object.id) for f in checker.check(text).findings}
    assert unexpected not in found


@pytest.mark.parametrize("text", [
    "Baclofen does not carry the dependence and abuse liability of mu-opioid agonists.",
    "Baclofen does not cause the dependence of opioids.",
])
def test_denying_an_effect_narrowed_by_its_cause_is_not_refuted(checker, text):
    report = checker.check(text)
    assert [f.verdict for f in report.findings if f.subject.id == "baclofen"] == ["unverifiable"]
    assert not report.flagged
