"""Verification: a claim (with its context) against the knowledge base -> a :class:`Finding`.

The verdict is computed on the claim's polarity: the text's "X is not a C" is supported where
the claim set refutes "X is a C". Nothing is refuted on absence: with no fact that reaches the
claim through the hierarchy or a disjointness axiom, the verdict is ``unverifiable``.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from factcheck import report
from factcheck.knowledge.claimset import Fact
from factcheck.knowledge.kb import Inference, KnowledgeBase
from factcheck.pipeline.claims import Claim
from factcheck.pipeline.context import Context
from factcheck.pipeline.mentions import is_approximate


def verify(doc: Doc, claim: Claim, context: Context, kb: KnowledgeBase, offset: int = 0) -> report.Finding:
    """The finding for one claim. ``offset`` shifts character offsets (for chunked input)."""
    subject_id, object_id = claim.subject.kb_id_, claim.object.kb_id_
    if claim.relation == "is_a":
        result = kb.membership(subject_id, object_id)
    else:
        result = kb.related(subject_id, claim.relation, object_id)
    holds, fails = result.supported, result.refuted
    if holds and fails:  # cannot happen with a consistent claim set; never guess
        verdict, used = "unverifiable", holds + fails
    elif holds:
        verdict, used = ("refuted" if context.negated else "supported"), holds
    elif fails:
        verdict, used = ("supported" if context.negated else "refuted"), fails
    else:
        verdict, used = "unverifiable", ()
    note = None
    if context.episodic and verdict != "unverifiable":
        # "it didn't give me that euphoric feeling": one occasion says nothing general
        verdict, used, note = "unverifiable", (), "a report of one occasion, not a claim about the drug in general"
    elif verdict == "refuted" and context.negated and claim.restricted:
        # "not indicated for spasms associated with rheumatologic disorders": denying a narrower
        # object does not contradict the claim set's fact about the object itself
        narrowed = doc[min(claim.restricted):].text.split("\n")[0][:60]
        verdict, note = "unverifiable", f"the text denies a narrower object ({narrowed!r}) than the claim set speaks of"
    correction = None
    if verdict == "refuted":
        correction = (correct(kb, subject_id, object_id, claim.subject.text, context.negated, used)
                      if claim.relation == "is_a" else
                      correct_relation(kb, subject_id, claim.relation, object_id, claim.subject.text,
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
        subject=_mention(claim.subject, kb, offset),
        object=_mention(claim.object, kb, offset),
        negated=context.negated,
        assertion=context.assertion,  # type: ignore[arg-type]
        # doc.text joins every token: once per finding, quadratic on a long text; the span's
        # text is the same characters
        claim=doc[min(claim.subject.start, claim.object.start):max(claim.subject.end, claim.object.end)].text,
        start=start + offset,
        end=end + offset,
        sentence=report.Span(start=sent.start_char + offset, end=sent.end_char + offset),
        pattern=claim.pattern,
        trigger=[_cue(doc[i:i + 1], "relation", offset) for i in claim.trigger],
        cues=[_cue(doc[c.token_start:c.token_end], c.category, offset) for c in context.cues],
        evidence=[ev for inf in used for ev in _evidence(kb, inf)],
        correction=correction,
        note=note,
    )


def _mention(span: Span, kb: KnowledgeBase, offset: int) -> report.Mention:
    return report.Mention(id=span.kb_id_, text=span.text, start=span.start_char + offset,
                          end=span.end_char + offset, type=kb.concept(span.kb_id_).type,
                          approximate=is_approximate(span))


def _cue(span: Span, category: str, offset: int) -> report.Cue:
    return report.Cue(text=span.text, start=span.start_char + offset, end=span.end_char + offset,
                      category=category)


def _evidence(kb: KnowledgeBase, inf: Inference) -> list[report.Evidence]:
    """The fact's quotes, then those of the membership facts it reaches the subject through."""
    out = []
    for f, steps in [(inf.fact, list(inf.steps))] + [(v, []) for v in inf.via]:
        text = describe(kb, f)
        out += [report.Evidence(fact_id=f.id, source_id=e.source, quote=e.quote, start=e.start, end=e.end,
                                fact=text, steps=steps) for e in f.evidence]
    return out


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
                 if f.polarity and kb.concept(f.object).type == obj.type]
    if positives:
        classes = [kb.concept(f.object).noun_phrase for f in positives[:2]]
        return f"{subject} is not {obj.noun_phrase}; it is {' and '.join(classes)}."
    denial = next((i.fact for i in used if not i.fact.polarity and i.fact.object != object_id), None)
    if denial is not None:
        return f"{subject} is not {obj.noun_phrase}; it is not {kb.concept(denial.object).noun_phrase}."
    return f"{subject} is not {obj.noun_phrase}."
