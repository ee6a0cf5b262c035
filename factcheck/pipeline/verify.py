"""Verification: a claim (with its context) against the knowledge base -> a :class:`Finding`.

The verdict is computed on the claim's polarity: the text's "X is not a C" is supported where
the claim set refutes "X is a C". Nothing is refuted on absence: with no fact that reaches the
claim through the hierarchy or a disjointness axiom, the verdict is ``unverifiable``. A contested
fact (authorities or senses disagree) that reaches the claim against the established facts keeps
it ``unverifiable`` with the reason; facts limited to different formulations (``scope``) may
disagree, and the claim one of them supports is ``supported`` with a note.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Collection
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationInfo, field_validator
from spacy.tokens import Doc, Span

from factcheck import report
from factcheck.knowledge.claimset import Fact
from factcheck.knowledge.kb import Inference, KnowledgeBase
from factcheck.pipeline.claims import GROUP_REFERENCE, Claim
from factcheck.pipeline.context import Context
from factcheck.pipeline.mentions import is_approximate, mentions
from factcheck.pipeline.references import SPANS_KEY as REFERENCES_KEY
from factcheck.resources import ModelData


def verify(doc: Doc, claim: Claim, context: Context, kb: KnowledgeBase,
           jurisdictions: Jurisdictions | None = None,
           references: Collection[tuple[int, int]] | None = None) -> report.Finding:
    """The finding for one claim (character offsets in ``doc``'s text);
    ``jurisdictions`` is the jurisdiction lexicon (default: the shipped one); ``references``
    the token ranges of the Doc's resolved references (default: read from the Doc; a caller
    verifying every claim of a Doc passes :func:`reference_ranges` once)."""
    subject_id, object_id = claim.subject.kb_id_, claim.object.kb_id_
    same_class = claim.relation == "is_a" and kb.concept(object_id).type == "drug"
    if same_class:  # "X is in the same class as Y": Y's classes
        result = kb.shared_class(subject_id, object_id)
    elif claim.relation == "is_a":
        result = kb.membership(subject_id, object_id)
    else:
        result = kb.related(subject_id, claim.relation, object_id)
    action_class = _action_class(doc, claim, kb) if claim.relation == "acts_on" else None
    if action_class is not None:
        # "naloxone activates opioid receptors": a claim that it is an opioid agonist, decided by
        # that membership where established facts settle it (models/receptor_actions.yaml) and
        # the acts_on facts do not ("loperamide blocks opioid receptors": it acts on them, as an
        # agonist); where both agree, the acts_on facts stay the evidence
        alt = kb.membership(subject_id, action_class)
        firm_h = [i for i in alt.supported if i.fact.status != "contested"]
        firm_f = [i for i in alt.refuted if i.fact.status != "contested"]
        undecided = not result.supported and not result.refuted
        if bool(firm_h) != bool(firm_f) and (undecided or (firm_f and result.supported and not result.refuted)):
            result = alt
        else:
            action_class = None
    kind_class = _kind_class(claim, kb) if claim.relation == "is_a" and not same_class else None
    if kind_class is not None:
        # "Suboxone is a full agonist": an agonist named without its receptor is read at the
        # receptor of the drug's own established agonist class (models/receptor_actions.yaml kinds)
        result = kb.membership(subject_id, kind_class)
        object_id = kind_class
    likened = None
    if claim.relation == "effect" and not result.supported and not result.refuted and \
            (likened := _likened_effect(doc, claim, kb)) is not None:
        # "baclofen gives the same euphoria as oxycodone": the opioids' own euphoria
        result = kb.related(subject_id, "effect", likened)
        object_id = likened
    holds, fails = result.supported, result.refuted
    if claim.relation == "is_a" and (jurisdictions or shipped_jurisdictions()).federal_only(claim.subject.sent):
        # "under federal law, gabapentin is Schedule V": a state's own schedule (a contested
        # fact in the legal_state sense) does not speak to the federal claim the text makes
        holds = tuple(i for i in holds if not _state_contested(kb, i.fact))
        fails = tuple(i for i in fails if not _state_contested(kb, i.fact))
    # a contested fact matters where it points against the established facts, or stands alone
    contested_h = tuple(i for i in holds if i.fact.status == "contested")
    # (a contested placement in another class refutes nothing through a disjointness axiom)
    contested_f = tuple(i for i in fails if i.fact.status == "contested" and not i.fact.polarity)
    holds = tuple(i for i in holds if i.fact.status != "contested")
    fails = tuple(i for i in fails if i.fact.status != "contested")
    contested = contested_f if holds and not fails else contested_h if fails and not holds else \
        contested_h + contested_f
    note: str | None = None
    verdict: report.Verdict
    used: tuple[Inference, ...]
    if contested:  # authorities or senses disagree: say so, never guess
        verdict, used = "unverifiable", contested + holds + fails
        note = "contested: " + "; ".join(dict.fromkeys(i.fact.note or "" for i in contested))
    elif holds and fails and all(i.fact.scope for i in holds + fails):
        # codeine is Schedule II as a single entity and Schedule V in cough preparations
        verdict, used = ("refuted" if context.negated else "supported"), holds
        note = "depends on the formulation: " + "; ".join(
            f"{describe(kb, i.fact)} ({i.fact.scope})" for i in holds + fails)
    elif holds and fails:  # cannot happen with a consistent claim set; never guess
        verdict, used = "unverifiable", holds + fails
    elif holds:
        verdict, used = ("refuted" if context.negated else "supported"), holds
    elif fails:
        verdict, used = ("supported" if context.negated else "refuted"), fails
    else:
        verdict, used = "unverifiable", ()
    if verdict != "unverifiable" and context.suspended:
        # the context stage says why this claim is not to be verified (a debunking frame around a
        # list, whose membership is presupposed: factcheck.pipeline.context)
        verdict, used, note = "unverifiable", (), context.suspended
    elif context.episodic and verdict != "unverifiable":
        # "it didn't give me that euphoric feeling": one occasion says nothing general
        verdict, used, note = "unverifiable", (), "a report of one occasion, not a claim about the drug in general"
    elif verdict == "refuted" and context.negated and (restricted := _narrowing(claim, jurisdictions)):
        # "not indicated for spasms associated with rheumatologic disorders": denying a narrower
        # object does not contradict the claim set's fact about the object itself
        narrowed = doc[min(restricted):].text.split("\n")[0][:60]
        verdict, note = "unverifiable", f"the text denies a narrower object ({narrowed!r}) than the claim set speaks of"
    elif verdict == "supported" and not context.negated and claim.relation == "use" and \
            (kinds := [i for i in claim.restricted if i < claim.object.start and (
                i == claim.object.start - 1 or claim.object.start <= doc[i].head.i < claim.object.end)]) and \
            all(i.fact.object != object_id for i in used):
        # "Narcan reverses benzodiazepine overdoses": the fact is about a narrower condition than
        # the words name (opioid overdose under overdose), and the text names another kind of it
        named = doc[min(kinds):claim.object.end].text
        verdict, used, note = "unverifiable", (), (
            f"the text names a kind of {kb.concept(object_id).name} ({named!r}) that the claim set's "
            f"facts, about a narrower condition, do not speak to")
    if likened is not None and note is None:
        note = f"the effect is likened to that of {kb.concept(_likened_class(claim)).name}: read as {kb.concept(likened).name}"
    if kind_class is not None and note is None:
        note = (f"an agonist named without its receptor, read at the receptor of "
                f"{kb.concept(claim.subject.kb_id_).name}'s own class: {kb.concept(kind_class).name}")
    if action_class is not None and note is None:
        verbs = ", ".join(repr(doc[i].text) for i in claim.trigger)
        note = (f"the verb ({verbs}) says how it acts: read as "
                f"{kb.concept(subject_id).name} is {kb.concept(action_class).noun_phrase}")
    if verdict == "unverifiable" and note is None and not used:
        note = (f"the claim set cannot tell whether {kb.concept(subject_id).name} and "
                f"{kb.concept(object_id).name} share a class" if same_class else
                missing_knowledge(kb, subject_id, object_id))
    correction = None
    # a word for several drugs ("Both are opioids", "they", "both drugs", "all three") or a
    # pronoun for one ("It is an opioid", "Which is an opiate") is corrected by name
    subj = claim.subject
    referring = subj.id_ == GROUP_REFERENCE or subj.root.tag_ in ("PRP", "WDT", "WP", "DT") or \
        (subj.start, subj.end) in (reference_ranges(doc) if references is None else references)
    written = kb.concept(subject_id).name if referring else subj.text
    if verdict == "refuted" and same_class:
        classes = " and ".join(kb.concept(f.object).noun_phrase for f in kb.classes_of(object_id)[:2])
        other = kb.concept(object_id).name
        correction = (f"{written[:1].upper()}{written[1:]} is not in the same class as "
                      f"{other}, which is {classes}." if not context.negated else None)
    elif verdict == "refuted" and action_class is not None:
        correction = correct(kb, subject_id, action_class, written, context.negated, used)
    elif verdict == "refuted":
        correction = (correct(kb, subject_id, object_id, written, context.negated, used)
                      if claim.relation == "is_a" else
                      correct_relation(kb, subject_id, claim.relation, object_id, written,
                                       context.negated, used))
    relation = claim.relation
    if relation == "is_a" and kb.concept(object_id).type == "schedule":
        relation = "schedule"
    start = min(claim.subject.start_char, claim.object.start_char)
    end = max(claim.subject.end_char, claim.object.end_char)
    sent = claim.subject.sent
    return report.Finding(
        verdict=verdict,
        relation=relation,
        subject=_mention(claim.subject, kb),
        object=_mention(claim.object, kb),
        negated=context.negated,
        assertion=context.assertion,
        # doc.text joins every token: once per finding, quadratic on a long text; the span's
        # text is the same characters
        claim=doc[min(claim.subject.start, claim.object.start):max(claim.subject.end, claim.object.end)].text,
        start=start,
        end=end,
        sentence=report.Span(start=sent.start_char, end=sent.end_char),
        pattern=claim.pattern,
        trigger=[_cue(doc[i:i + 1], "relation") for i in claim.trigger],
        cues=[_cue(doc[c.token_start:c.token_end], c.category) for c in context.cues],
        evidence=[ev for inf in used for ev in _evidence(kb, inf)],
        correction=correction,
        note=note,
    )


# How far after a flagged claim the text's own word against it is looked for (findings).
_ANSWER_REACH = 30

# Words by which a later statement adds to a report rather than answers it ("it also acts on ...").
_ADDITIVE = frozenset({"also", "too", "additionally", "even", "as"})


def set_aside_by_text(claims: list[Claim], findings: list[report.Finding], kb: KnowledgeBase) -> list[report.Finding]:
    """Flagged claims that the text itself answers later in the same paragraph (a report or a
    hedged claim: later in the text), in the author's plain word, count as reported (cue
    ``contradicted``):

    - a denial of the same class or of one related to it in the claim set's ontology ("My friend
      says baclofen is an opiate. Baclofen is not an opioid."; the context stage already does
      this for the same class without the ontology);
    - for a claim that is someone else's (a report or a quotation), a statement of a fact that
      refutes it ("... a message saying 'fentanyl is a muscle relaxant'. I replied with the
      leaflet showing it's an opioid."), or of another object of the same relation ("My friend
      says baclofen acts peripherally. She's wrong about this one: it acts centrally."), in the
      author's word or in a report of its own ("I read that X is C, but the pharmacist explained
      it is D": a second source set against the first).

    The findings of ``claims`` (one each, in the text's order) are returned, changed or not."""
    out = list(findings)
    plain = {"reported", "question", "hedge", "sarcasm", "debunk", "contradicted"}
    for i, (claim, finding) in enumerate(zip(claims, findings, strict=True)):
        if not finding.flags:
            continue
        whole = _rejected_as_a_whole(i, claims, findings)
        if whole is not None:
            cue = report.Cue(text=whole.text, start=whole.start, end=whole.end, category="rejected_whole")
            out[i] = finding.model_copy(update={"assertion": "reported", "cues": [*finding.cues, cue]})
            continue
        someone_elses = any(c.category == "reported" for c in finding.cues)
        sources = {c.start for c in finding.cues if c.category == "reported"}
        facts = {e.fact_id for e in finding.evidence}
        end = max(claim.subject.end, claim.object.end)
        doc = claim.subject.doc
        for later_claim, later in zip(claims[i + 1:i + 1 + _ANSWER_REACH], findings[i + 1:i + 1 + _ANSWER_REACH],
                                      strict=True):
            start = min(later_claim.subject.start, later_claim.object.start)
            if start < end or later.verdict != "supported" or later.assertion != "asserted" or \
                    later.subject.id != finding.subject.id or later.relation != finding.relation:
                continue
            reports = {c.start for c in later.cues if c.category == "reported"}
            if any(c.category in plain - {"reported"} for c in later.cues) or \
                    (reports and not (someone_elses and reports.isdisjoint(sources))):
                continue  # not the author's plain word, nor another source's against a report
            if "\n\n" in doc[end:start].text and not (someone_elses or finding.assertion == "hedged"):
                # the next paragraph (the claims after it are further on still); a report or a
                # worry may be answered there ("I worry it is a narcotic ...\n\nDear Worried:
                # Baclofen is not a narcotic.")
                break
            a, b = finding.object.id, later.object.id
            if later.negated:
                answers = not finding.negated and (a == b or kb.subsumes(a, b) or kb.subsumes(b, a))
            else:
                answers = someone_elses and (bool(facts & {e.fact_id for e in later.evidence}) or (
                    a != b and not any(t.lower_ in _ADDITIVE for t in doc[later_claim.predicate].children)))
            if answers:
                cue = report.Cue(text=later.object.text, start=later.object.start, end=later.object.end,
                                 category="contradicted")
                out[i] = finding.model_copy(update={"assertion": "reported", "cues": [*finding.cues, cue]})
                break
    return out


_NOUN_MODIFIERS = ("amod", "compound", "nmod")


def _rejected_as_a_whole(i: int, claims: list[Claim], findings: list[report.Finding]) -> Span | None:
    """The object of a sibling claim that makes the rejection of someone else's claim ``i`` right
    as a whole, if any. A report whose one noun phrase holds two classes ("> Imodium is a
    controlled opioid" answered "Nope.") is rejected as a whole: the rejection is right when one
    of them is false (loperamide is not controlled), and the other class ("opioid") is not
    thereby the author's denial. Only a denial of someone else's words (a report or a quotation)
    is read so, and only classes in one noun phrase (one a modifier of the other's head), not
    coordinated ones ("not an opioid or a muscle relaxant" denies each)."""
    claim, finding = claims[i], findings[i]
    if not finding.negated or not any(c.category == "reported" for c in finding.cues):
        return None
    root = claim.object.root
    for j, (other, found) in enumerate(zip(claims, findings, strict=True)):
        if j == i or other.predicate != claim.predicate or found.subject.id != finding.subject.id \
                or not found.negated or found.verdict != "supported":
            continue
        head = other.object.root
        if (root.head.i == head.i and root.dep_ in _NOUN_MODIFIERS) or \
                (head.head.i == root.i and head.dep_ in _NOUN_MODIFIERS):
            return other.object
    return None


class Jurisdictions(ModelData):
    """``models/jurisdictions.yaml``: the words that place a legal claim under US federal law
    ("federally controlled", "under federal law", "the DEA schedules it"), and the state names
    that may make it a claim about a state's list instead ("in Kentucky, though not federally").
    Entries are lower case; the sentence is compared in lower case."""

    FILE = "jurisdictions.yaml"

    federal_words: frozenset[str]
    """Single words, compared with each token of the sentence."""
    federal_phrases: tuple[str, ...] = ()
    """Phrases found anywhere in the sentence's text."""
    state_names: tuple[str, ...] = ()
    """Words and names found in the sentence's text as whole words."""

    _states: re.Pattern[str] | None = PrivateAttr(default=None)
    # the last Doc asked about (a weak reference) and the answers for its sentences by (start,
    # end): every claim of a sentence asks about the same sentence. Swapped whole, so threads
    # sharing the lexicon never mix Docs; left out when the lexicon is pickled.
    _answers: tuple[Any, dict[tuple[int, int], bool]] = PrivateAttr(default=(None, {}))

    def __getstate__(self) -> dict[Any, Any]:
        state = super().__getstate__()
        private = dict(state.get("__pydantic_private__") or {})
        private["_answers"] = (None, {})
        return {**state, "__pydantic_private__": private}

    @field_validator("federal_words", "federal_phrases", "state_names")
    @classmethod
    def _lower_case(cls, value: Any, info: ValidationInfo) -> Any:
        for entry in value:
            if not entry.strip() or entry != entry.lower():
                raise ValueError(f"{entry!r} is not a lower-case entry")
            if info.field_name == "federal_words" and len(entry.split()) != 1:
                raise ValueError(f"{entry!r} is not one word (put phrases in federal_phrases)")
        return value

    def model_post_init(self, context: Any, /) -> None:
        if self.state_names:
            names = "|".join(re.escape(n) for n in self.state_names)
            self._states = re.compile(rf"\b(?:{names})\b")

    def federal_only(self, sentence: Span) -> bool:
        """Whether ``sentence`` says it speaks of US federal law, and of no state's (answered
        once per sentence of a Doc: the scan is as long as the sentence)."""
        answers = self._answers
        if answers[0] is None or answers[0]() is not sentence.doc:
            answers = self._answers = (weakref.ref(sentence.doc), {})
        key = (sentence.start, sentence.end)
        found = answers[1].get(key)
        if found is None:
            found = answers[1][key] = self._federal_only(sentence)
        return found

    def _federal_only(self, sentence: Span) -> bool:
        text = sentence.text.lower()
        federal = any(t.lower_ in self.federal_words for t in sentence) or \
            any(phrase in text for phrase in self.federal_phrases)
        return federal and (self._states is None or self._states.search(text) is None)


def reference_ranges(doc: Doc) -> frozenset[tuple[int, int]]:
    """The token ranges of the references resolved in ``doc`` (its reference spans)."""
    return frozenset((r.start, r.end) for r in doc.spans.get(REFERENCES_KEY, ()))


def _narrowing(claim: Claim, jurisdictions: Jurisdictions | None) -> tuple[int, ...]:
    """The claim's restrictive modifiers that narrow its object. A phrase that names US federal
    law, in a sentence that names no state ("not a controlled substance at the federal level",
    "... under federal law"), names where the claim set's schedules hold: it narrows nothing."""
    if not claim.restricted:
        return ()
    jur = jurisdictions or shipped_jurisdictions()
    doc = claim.object.doc
    if not jur.federal_only(claim.subject.sent):
        return claim.restricted
    return tuple(i for i in claim.restricted if not (doc[i].dep_ == "prep" and jur.federal_only(doc[i:doc[i].right_edge.i + 1])))


#: How a drug acts on a receptor, as ``models/receptor_actions.yaml`` names it.
Action = Literal["agonist", "antagonist"]


class ReceptorActions(ModelData):
    """``models/receptor_actions.yaml``: the verbs that say whether a drug activates or blocks a
    receptor, and for each receptor the claim-set class of drugs that do so."""

    FILE = "receptor_actions.yaml"

    modes: dict[Action, frozenset[str]]
    """Action -> verb lemmas (lower case)."""
    classes: dict[str, dict[Action, str]]
    """Receptor concept id -> action -> class concept id."""
    kinds: dict[str, dict[str, str]] = {}
    """A kind of agonist named without its receptor (class concept id: "full agonist") -> for
    each class of drugs acting at one receptor, in order, the kind's class at that receptor."""

    @field_validator("modes")
    @classmethod
    def _lower_case_lemmas(cls, value: Any) -> Any:
        for lemmas in value.values():
            for lemma in lemmas:
                if not lemma.strip() or lemma != lemma.lower() or len(lemma.split()) != 1:
                    raise ValueError(f"{lemma!r} is not a lower-case one-word lemma")
        return value

    def mode(self, lemma: str) -> Action | None:
        return next((m for m, lemmas in self.modes.items() if lemma in lemmas), None)


@cache
def shipped_receptor_actions() -> ReceptorActions:
    """The shipped lexicon ``models/receptor_actions.yaml``."""
    return ReceptorActions.load()


def _action_class(doc: Doc, claim: Claim, kb: KnowledgeBase) -> str | None:
    """The class an acts_on claim's verb places its drug in ("activates" an opioid receptor: an
    opioid agonist), or None (no such verb, or the claim set lacks the receptor or class)."""
    actions = shipped_receptor_actions()
    by_mode = actions.classes.get(claim.object.kb_id_)
    if not by_mode:
        return None
    modes = {m for i in claim.trigger if (m := actions.mode(doc[i].lemma_.lower())) is not None}
    if len(modes) != 1:
        return None
    cls = by_mode.get(modes.pop())
    return cls if cls is not None and cls in kb.concepts else None


def _kind_class(claim: Claim, kb: KnowledgeBase) -> str | None:
    """The class an agonist kind named without its receptor ("a full agonist") stands for, for
    this claim's drug: the kind at the receptor of the first class of ``kinds`` the drug is in
    on established facts (full agonist, for an opioid agonist or antagonist: a full opioid
    agonist), or None: the drug is in no such class ("phenibut is a full agonist" names no
    receptor the claim set knows), or the sentence names the receptor after the kind."""
    by_class = shipped_receptor_actions().kinds.get(claim.object.kb_id_)
    if not by_class:
        return None
    sent = claim.object.sent
    if any(m.label_ == "receptor" and claim.object.end <= m.start < sent.end for m in mentions(claim.object.doc)):
        return None  # "a partial agonist at kappa receptors": the receptor is named (an acts_on claim)
    for base, specific in by_class.items():
        if base in kb.concepts and specific in kb.concepts and any(
                i.fact.status != "contested" for i in kb.membership(claim.subject.kb_id_, base).supported):
            return specific
    return None


class LikenedEffect(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    class_: str = Field(alias="class")
    """The class whose effect it is likened to."""
    as_: str = Field(alias="as")
    """The qualified effect it then is."""


class LikenedEffects(ModelData):
    """``models/likened_effects.yaml``: effects that, compared with a drug or class of a class,
    are that class's qualified effect ("the same euphoria as oxycodone": intense euphoria)."""

    FILE = "likened_effects.yaml"

    comparison_words: frozenset[str]
    likened: dict[str, LikenedEffect]


@cache
def shipped_likened_effects() -> LikenedEffects:
    """The shipped lexicon ``models/likened_effects.yaml``."""
    return LikenedEffects.load()


def _likened_class(claim: Claim) -> str:
    return shipped_likened_effects().likened[claim.object.kb_id_].class_


def _likened_effect(doc: Doc, claim: Claim, kb: KnowledgeBase) -> str | None:
    """The qualified effect an effect claim names when its sentence likens the effect to a drug
    or class of the class it belongs to ("a euphoric high, like opioids"), or None."""
    entry = shipped_likened_effects().likened.get(claim.object.kb_id_)
    if entry is None or entry.as_ not in kb.concepts or entry.class_ not in kb.concepts:
        return None
    sent = claim.object.sent
    words = shipped_likened_effects().comparison_words
    if not any(t.lemma_.lower() in words for t in sent if t.i >= claim.predicate):
        return None
    for span in mentions(doc):
        if span.start < claim.object.end or span.start >= sent.end or span.kb_id_ == claim.subject.kb_id_:
            continue
        if span.kb_id_ == entry.class_ or (span.kb_id_ in kb.concepts and kb.membership(span.kb_id_, entry.class_).supported):
            if any(t.lemma_.lower() in words for t in doc[claim.object.end:span.start]):
                return entry.as_
    return None


@cache
def shipped_jurisdictions() -> Jurisdictions:
    """The shipped jurisdiction lexicon (read once)."""
    return Jurisdictions.load()


def _state_contested(kb: KnowledgeBase, fact: Fact) -> bool:
    return fact.status == "contested" and kb.sense_of(fact) == "legal_state"


def missing_knowledge(kb: KnowledgeBase, subject_id: str, object_id: str) -> str:
    """What the claim set lacks to decide a claim: "the claim set has no facts about cetirizine"."""
    subject = kb.concept(subject_id)
    if not kb.known(subject_id) and not any(kb.known(a) for a in kb.ancestors(subject_id)[1:]):
        return f"{report.NO_FACTS_ABOUT} {subject.name}"
    return f"the claim set has no fact that relates {subject.name} to {kb.concept(object_id).name}"


def _mention(span: Span, kb: KnowledgeBase) -> report.Mention:
    return report.Mention(id=span.kb_id_, text=span.text, start=span.start_char,
                          end=span.end_char, type=kb.concept(span.kb_id_).type,
                          approximate=is_approximate(span))


def _cue(span: Span, category: str) -> report.Cue:
    return report.Cue(text=span.text, start=span.start_char, end=span.end_char,
                      category=category)


def _evidence(kb: KnowledgeBase, inf: Inference) -> list[report.Evidence]:
    """The fact's quotes and citations, then those of the membership facts it reaches the
    subject through."""
    out = []
    facts: list[tuple[Fact, tuple[str, ...]]] = [(inf.fact, tuple(inf.steps))] + [(v, ()) for v in inf.via]
    for f, steps in facts:
        text = describe(kb, f)
        sense = kb.sense_of(f) if f.relation == "is_a" else None
        for e in f.evidence:
            if e.cited:
                out.append(report.Evidence(
                    fact_id=f.id, fact=text, steps=steps, authority=e.authority, identifier=e.identifier,
                    url=e.url, date=e.date.isoformat() if e.date else None, statement=e.statement,
                    citation=e.label, sense=sense, scope=f.scope))
            else:
                out.append(report.Evidence(fact_id=f.id, source_id=e.source, quote=e.quote, start=e.start,
                                           end=e.end, fact=text, steps=steps, sense=sense, scope=f.scope))
    return out


def citations(kb: KnowledgeBase, facts: list[Fact]) -> str:
    """" [WHO ATC N02BF01; FDA Anti-epileptic Agent [EPC]]" for the cited evidence of ``facts``."""
    labels = list(dict.fromkeys(e.label for f in facts for e in f.evidence if e.cited))
    return f" [{'; '.join(labels[:4])}]" if labels else ""


def describe(kb: KnowledgeBase, fact: Fact) -> str:
    """A fact in words: "baclofen is not an opioid"."""
    subj = kb.concept(fact.subject).name
    obj = kb.concept(fact.object)
    if fact.relation == "is_a":
        return f"{subj} is {'' if fact.polarity else 'not '}{obj.noun_phrase}"
    affirm, deny = _RELATION_WORDS[fact.relation]
    return f"{subj} {affirm if fact.polarity else deny} {obj.name}"


def correct_relation(kb: KnowledgeBase, subject_id: str, relation: str, object_id: str, written: str,
                     negated: bool, used: tuple[Inference, ...]) -> str:
    """"Baclofen does not act on the mu opioid receptor; it acts on the GABA-B receptor."""
    subject = written[:1].upper() + written[1:]
    affirm, deny = _RELATION_WORDS[relation]
    obj = kb.concept(object_id).name
    if negated:  # the text denies what the claim set affirms
        return f"{subject} {affirm} {obj}."
    positives = [f.object for f in kb.facts_about(subject_id, relation) if f.polarity]
    if positives:
        names = [kb.concept(o).name for o in dict.fromkeys(positives)][:2]
        return f"{subject} {deny} {obj}; it {affirm} {' and '.join(names)}."
    return f"{subject} {deny} {obj}."


_RELATION_WORDS = {
    "acts_on": ("acts on", "does not act on"),
    "site": ("acts in the", "does not act in the"),
    "effect": ("can cause", "does not cause"),
    "use": ("is used for", "is not used for"),
    "route": ("is given as", "is not given as"),
}


def correct(kb: KnowledgeBase, subject_id: str, object_id: str, written: str, negated: bool,
            used: tuple[Inference, ...]) -> str:
    """A correction sentence built from the curated facts.

    "Baclofen is not an opioid; it is a skeletal muscle relaxant and an antispastic agent."
    """
    subject = written[:1].upper() + written[1:]
    obj = kb.concept(object_id)
    if negated:  # the text denies a true membership
        via = next((i.fact for i in used if i.fact.object != object_id), None)
        tail = f" ({kb.concept(via.object).noun_phrase})" if via is not None else ""
        return f"{subject} is {obj.noun_phrase}{tail}."
    positives = [f for f in kb.facts_about(subject_id, "is_a")
                 if f.polarity and f.status == "established" and kb.concept(f.object).type == obj.type]
    # the placements that refuted the claim come first ("not Schedule IV; it is Schedule II"),
    # unless a fact denies the class outright: then the drug's own classes are named as usual
    every = positives
    refuting = [] if any(not i.fact.polarity for i in used) else [i.fact for i in used if i.fact in positives]
    positives = list(dict.fromkeys(refuting)) or positives
    # name the broadest of nested placements ("an opioid", not also "an opioid agonist")
    positives = [f for f in positives if not any(g.object != f.object and kb.subsumes(g.object, f.object)
                                                 for g in positives)]
    # cite what stands behind the classes named: their facts and those of their subclasses
    cite = [f for f in every if any(kb.subsumes(n.object, f.object) for n in positives[:2])]
    if positives:
        classes = [kb.concept(f.object).noun_phrase + (f" ({f.scope})" if f.scope else "") for f in positives[:2]]
        return f"{subject} is not {obj.noun_phrase}; it is {' and '.join(classes)}.{citations(kb, cite)}"
    denial = next((i.fact for i in used if not i.fact.polarity and i.fact.object != object_id), None)
    if denial is not None:
        return f"{subject} is not {obj.noun_phrase}; it is not {kb.concept(denial.object).noun_phrase}."
    return f"{subject} is not {obj.noun_phrase}."
