"""Draft claim sets from a trusted document: ``factcheck claims derive``.

The extraction and assertion pipeline that checks claims is run over a trusted source text.
Every claim the author asserts (not hedged, questioned, reported or hypothetical, and not a
report of one occasion) becomes a fact ``(subject, relation, object, polarity)`` with the
claim's sentence as verbatim evidence (offsets into the source). Against the existing claim
set, each derived fact is

- *linked* when the claim set already holds it (the same fact, or facts that imply it): not
  written again;
- a *conflict* when the claim set says the opposite (directly, through the class hierarchy
  or a disjointness axiom), or when the document itself says both: never written, both sides
  are reported with their quotes;
- *new* otherwise: written to the draft with ``review: true``.

Unknown drug names are found by an "open subject" pass: "Tizanidine is a muscle relaxant"
(a copula whose subject is a noun that is no mention and no English word, and whose object is a
known class) makes a new ``drug`` concept marked for review; the pipeline is then rebuilt with
those concepts and run again, so the new drug's claims (and pronouns referring to it) are
extracted like any other.
"""

from __future__ import annotations

import bisect
import os
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import cast

import yaml
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from factcheck.authoring.notes import NEGATION, Restated, default_rules, open_object_rules, restate
from factcheck.knowledge.claimset import CLASS_TYPES, Alias, Concept, ConceptType, Evidence, Fact, Relation
from factcheck.knowledge.kb import KnowledgeBase
from factcheck.knowledge.vocabulary import DRUG_ID_PREFIX
from factcheck.pipeline.claims import Claim
from factcheck.pipeline.mentions import EnglishWords, mentions
from factcheck.pipeline.references import TOPIC_KEY, expletive, paragraph_start, references
from factcheck.text.segmentation import LINE_STARTS_KEY

REVIEW_FACT = True
REVIEW_CONCEPT = "new concept found by claims derive: check id, type, name and aliases"


@dataclass(frozen=True)
class Link:
    """A derived fact the existing claim set already holds."""

    fact: Fact
    """The derived fact (not written)."""
    existing: tuple[str, ...]
    """Ids of the existing facts that hold it: the same fact if there is one, else those that
    imply it (through the class hierarchy or a class-level fact)."""
    exact: bool
    """Whether one of them is the same fact (else they imply it)."""


@dataclass(frozen=True)
class Conflict:
    """A derived fact that contradicts an existing (or another derived) fact."""

    fact: Fact
    against: tuple[Fact, ...]
    reason: str


@dataclass
class Draft:
    source_id: str
    facts: list[Fact] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    concepts: list[Concept] = field(default_factory=list)


# ---------------------------------------------------------------------------- helpers

def _mention_tokens(doc: Doc) -> dict[int, Span]:
    """Token index -> the mention it is part of."""
    return {i: m for m in mentions(doc) for i in range(m.start, m.end)}


def slug(text: str, sep: str = "_") -> str:
    return re.sub(r"[^a-z0-9]+", sep, text.lower()).strip(sep) or "x"


def _evidence(doc: Doc, tok: Token, source_id: str, limit: int | None = None) -> Evidence:
    sent = tok.sent
    raw = sent.text if limit is None else doc.text[sent.start_char:min(sent.end_char, limit)]
    start = sent.start_char + (len(raw) - len(raw.lstrip()))
    quote = raw.strip()
    return Evidence(source=source_id, quote=quote, start=start, end=start + len(quote))


def _fact_id(subject: str, relation: str, obj: str, polarity: bool, taken: set[str]) -> str:
    base = "-".join([slug(subject, "-")] + ([] if polarity else ["not"]) + [slug(relation, "-"), slug(obj, "-")])
    fid, n = base, 2
    while fid in taken:
        fid, n = f"{base}-{n}", n + 1
    taken.add(fid)
    return fid


# ---------------------------------------------------------------------------- open subjects

def open_subjects(doc: Doc, english: EnglishWords | None) -> list[tuple[str, str]]:
    """(concept id, mention text) of unknown drug names in "X is a <known class>" sentences."""
    covered = _mention_tokens(doc)
    classes = {i: m for m in mentions(doc) if m.label_ in CLASS_TYPES for i in range(m.start, m.end)}
    found: dict[str, str] = {}
    for tok in doc:
        if tok.dep_ not in ("nsubj", "nsubjpass") or tok.i in covered or tok.pos_ not in ("PROPN", "NOUN"):
            continue
        head = tok.head
        if head.lemma_ != "be":
            continue
        if not any(c.dep_ == "attr" and c.i in classes and classes[c.i].root.i == c.i for c in head.children):
            continue
        if any(c.dep_ in ("compound", "amod", "det", "poss") for c in tok.children):
            continue  # "The drug", "this muscle relaxant": no single name
        text = tok.text
        if not text[:1].isalpha() or len(text) < 4 or (english is not None and text.lower() in english):
            continue
        found.setdefault(slug(text), text)
    return list(found.items())


_TITLE_WORD = re.compile(r"[A-Za-z][a-z]{3,}|[A-Z]{4,}")


def title_subject(doc: Doc) -> tuple[str, str] | None:
    """(concept id, name) of the drug a document's title names when no vocabulary knows it as one
    (a drug named like an element or a common word: "Lithium", "LITHIUM: patient information"):
    a word of the first line that no mention covers and that is the subject of at least two
    sentences of the body, the one that is so most often. Only when the document names no known
    drug in its title and no drug is named as often in its body."""
    lead = len(doc.text) - len(doc.text.lstrip())
    end = doc.text.find("\n", lead)
    if end < 0 or len(doc.text[lead:end].split()) > 8:
        return None
    found = mentions(doc)
    if any(m.start_char < end for m in found):
        return None  # the title names a concept: its drug, if any, is the topic
    subjects: Counter[str] = Counter()
    for tok in doc:
        if tok.idx > end and tok.dep_ in ("nsubj", "nsubjpass") and not any(c.dep_ in ("det", "poss") for c in tok.children):
            subjects[tok.lower_] += 1
    best: tuple[int, str] | None = None
    for m in _TITLE_WORD.finditer(doc.text, lead, end):
        word = m.group().lower()
        n = subjects.get(word, 0)
        if n >= 2 and (best is None or n > best[0]):
            best = (n, m.group())
    if best is None:
        return None
    drugs = Counter(m.kb_id_ for m in found if m.label_ == "drug")
    if drugs and max(drugs.values()) >= best[0]:
        return None
    name = best[1] if not best[1].isupper() else best[1].capitalize()
    return slug(name), name


def named_receptors(doc: Doc, kb: KnowledgeBase) -> list[Concept]:
    """Draft receptors named after a substance the dictionary holds as a drug ("estrogen receptors",
    "estrogen receptor-positive breast cancer", "glucagon receptor"): the name with its head word is
    a receptor, so the substance there is no drug the document speaks of (a pronoun is not resolved
    to it, nor is it the document's topic). The substance's mention must be a dictionary drug
    followed by "receptor" or "receptors"; a name the claim set has is left to it."""
    found: dict[str, Concept] = {}
    for m in mentions(doc):
        if m.label_ != "drug" or not m.kb_id_.startswith(DRUG_ID_PREFIX) or m.end >= len(doc):
            continue
        after = doc[m.end]
        if after.lower_ not in ("receptor", "receptors") or not all(t.is_alpha for t in m):
            continue
        name = f"{m.text.lower()} receptor"
        cid = slug(name)
        if cid in kb.concepts or cid in found:
            continue
        found[cid] = Concept(id=cid, type="receptor", name=name, aliases=(Alias(text=name),),
                             review=REVIEW_CONCEPT)
    return list(found.values())


def new_concepts(names: list[tuple[str, str]], kb: KnowledgeBase) -> list[Concept]:
    return [Concept(id=cid, type="drug", name=text.lower(), aliases=(Alias(text=text, kind="generic"),),
                    review=REVIEW_CONCEPT) for cid, text in names if cid not in kb.concepts]


def pipeline_with(concepts: list[Concept], model: str | None = None, claims: list[str] | None = None,
                  source_dirs: Iterable[str] = ()) -> Language:
    """The factcheck pipeline over the claim set plus ``concepts`` (written to a temporary file);
    the claim set's sources confined to their files' directories and ``source_dirs``."""
    from factcheck.pipeline.checker import build_pipeline
    from factcheck.resources import claims_dir

    with tempfile.TemporaryDirectory(prefix="factcheck-derive-") as tmp:
        path = Path(tmp) / "concepts.yaml"
        path.write_text(yaml.safe_dump({"concepts": [c.model_dump(mode="json", exclude_defaults=True)
                                                     for c in concepts]}, sort_keys=False), encoding="utf-8")
        return build_pipeline(model, (claims or [str(claims_dir())]) + [str(path)], source_dirs=source_dirs)


# ---------------------------------------------------------------------------- derive

def derive(nlp: Language, text: str, source_id: str, kb: KnowledgeBase, *,
           rebuild: Callable[[list[Concept]], Language] | None = None) -> Draft:
    """A draft claim set from ``text`` (the source ``source_id``) against the claim set ``kb``.

    ``rebuild(concepts)`` returns the pipeline over the claim set plus new concepts; without
    it, new concepts are listed but their claims are not extracted.
    """
    draft = Draft(source_id=source_id)
    doc = read_trusted(nlp, text)
    subjects = open_subjects(doc, EnglishWords.from_pipeline(nlp))
    titled = title_subject(doc)
    if titled is not None and titled[0] not in dict(subjects):
        subjects.insert(0, titled)
    concepts = new_concepts(subjects, kb) + named_receptors(doc, kb)
    if concepts and rebuild is not None:
        nlp = rebuild(concepts)
        doc = read_trusted(nlp, text)
    restated = restatements(doc)
    spans: list[tuple[int, Restated]] = []
    if restated:
        full = text
        for r in restated:
            full += "\n\n"
            spans.append((len(full), r))
            full += r.text
        doc = read_trusted(nlp, full)
        if rebuild is not None:
            known = set(kb.concepts) | {c.id for c in concepts}
            objects = open_objects(doc, spans, known)
            objects += narrowed_classes(doc, known | {c.id for c in objects})
            if objects:
                concepts = concepts + objects
                nlp = rebuild(concepts)
                doc = read_trusted(nlp, full)
    draft.concepts = concepts
    concept_types = {c.id: c.type for c in concepts} | {cid: c.type for cid, c in kb.concepts.items()}

    starts = [at for at, _ in spans]
    about = topic(doc)
    forms = active_forms(doc, about) if about else set()
    # (subject, relation, object, polarity) -> evidence, in document order
    found: dict[tuple[str, Relation, str, bool], list[Evidence]] = {}
    covered = _mention_tokens(doc)
    degree_words = {str(k): frozenset(str(w).lower() for w in v)
                    for k, v in (open_object_rules().get("degree_words") or {}).items()}
    for claim, context in zip(doc._.factcheck_claims or [], doc._.factcheck_contexts or []):
        if context.assertion != "asserted" or context.episodic:
            continue
        s, o = claim.subject.kb_id_, claim.object.kb_id_
        if about and s != about and claim.subject.label_ == "drug" and \
                claim.subject.start_char < len(text) and _named_as_example(doc, claim.subject):
            continue  # "different from SSRIs such as sertraline": not what the document says of sertraline
        if about and s in forms:
            s = about  # "converted to its active form, prednisolone. Prednisolone binds ..."
        if not s or not o or s == o:
            continue
        if claim.relation == "is_a" and concept_types.get(o) not in CLASS_TYPES:
            continue
        if claim.pattern == "schedule_move" and concept_types.get(o) != "schedule":
            continue  # "It is sometimes added to an antidepressant": given with one, not made one
        degree = _degree(doc, claim, degree_words)
        if degree == "weak":
            continue  # "it has a low potential for abuse": neither a potential nor none
        negated = context.negated != (degree == "none")  # "it has little action on dopamine D2 receptors"
        if context.negated and _narrowed_by_of(claim.object):
            continue  # "not used to treat the pain of an acute gout attack" denies no use for pain
        if context.negated and claim.relation == "route" and any(
                t.dep_ in _MODIFIERS and t.i < claim.object.start and t.i not in covered and t.is_alpha
                for t in claim.object.root.lefts):
            continue  # "It is not a sleeping tablet" denies no tablets
        pred = doc[claim.predicate]
        if pred.idx >= len(text):  # a restated note: quote the words it restates
            at, r = spans[max(bisect.bisect_right(starts, pred.idx) - 1, 0)]
            if context.negated and r.item is not None and _narrower(doc, at + r.item[0], claim.object):
                continue  # "Not indicated for: hemiplegic migraine" denies no use for migraine
            ev = Evidence(source=source_id, quote=text[r.start:r.end], start=r.start, end=r.end)
        else:
            ev = _evidence(doc, pred, source_id, len(text))
        evs = found.setdefault((s, cast(Relation, claim.relation), o, not negated), [])
        if ev not in evs:
            evs.append(ev)

    if about:
        _items_the_parse_missed(doc, spans, about, found, source_id, text)
    _keep_most_specific_targets(found, kb)
    taken = {f.id for f in kb.facts}
    derived = [Fact(id=_fact_id(s, r, o, p, taken), subject=s, relation=r, object=o, polarity=p,
                    evidence=tuple(evs), review=REVIEW_FACT)
               for (s, r, o, p), evs in found.items()]
    by_triple = {(f.subject, f.relation, f.object, f.polarity): f for f in derived}
    known = set(kb.concepts)
    for f in derived:
        opposite = by_triple.get((f.subject, f.relation, f.object, not f.polarity))
        if opposite is not None:
            draft.conflicts.append(Conflict(f, (opposite,), "the document says both"))
            continue
        if f.subject not in known or f.object not in known:
            draft.facts.append(f)
            continue
        result = kb.membership(f.subject, f.object) if f.relation == "is_a" else \
            kb.related(f.subject, f.relation, f.object)
        holds, fails = (result.supported, result.refuted) if f.polarity else (result.refuted, result.supported)
        if fails:
            draft.conflicts.append(Conflict(f, tuple(dict.fromkeys(i.fact for i in fails)),
                                            "the existing claim set says the opposite"))
        elif holds:
            key = (f.subject, f.relation, f.object, f.polarity)
            same = [i.fact.id for i in holds
                    if (i.fact.subject, i.fact.relation, i.fact.object, i.fact.polarity) == key]
            ids = tuple(dict.fromkeys(same or [i.fact.id for i in holds]))
            draft.links.append(Link(f, ids, bool(same)))
        else:
            draft.facts.append(f)
    _draft_open_concepts(draft, doc, kb)
    return draft


def _degree(doc: Doc, claim: Claim, words: dict[str, frozenset[str]]) -> str | None:
    """How much of the relation a modifier of its noun grants (``open_objects.degree_words`` in
    ``models/derive.yaml``): "none" ("little action on", "negligible activity at"), "weak" ("a low
    potential for abuse"), else None."""
    pred, obj = doc[claim.predicate], claim.object.root
    for tok in (pred, obj):
        if tok.pos_ != "NOUN":
            continue
        for child in tok.children:
            if child.dep_ in ("amod", "det") and child.lower_ in words.get("none", ()):
                return "none"
            if child.dep_ == "amod" and child.lower_ in words.get("weak", ()) and tok.lemma_.lower() in words.get("of", ()):
                return "weak"
    return None


# (a use may be a symptom the vocabulary holds as an effect: "Uses: vertigo", "osteoporosis"; the heading
# says it is treated)
_ITEM_LABELS = {"effect": ("effect",), "use": ("condition", "effect")}


def _items_the_parse_missed(doc: Doc, spans: list[tuple[int, Restated]], about: str,
                            found: dict[tuple[str, Relation, str, bool], list[Evidence]], source_id: str,
                            text: str) -> None:
    """A restated list item of effects or uses that one mention names whole ("Nifedipine can cause
    some flushing.") is a fact of the item's relation even when the parser misreads the restated
    sentence (a gerund read as a verb: "can cause flushing" as a clause) and gives no claim: the
    heading it is listed under already says what it is; a use may name a symptom the vocabulary
    holds as an effect ("Uses: vertigo", "osteoporosis"). Only when the sentence gives no claim."""
    items = {m.start_char: m for m in mentions(doc)}
    claimed = {doc[c.predicate].sent.start for c in doc._.factcheck_claims or []}
    for at, r in spans:
        labels = _ITEM_LABELS.get(r.relation or "")
        if labels is None or r.item is None:
            continue
        start, end = at + r.item[0], at + r.item[1]
        m = items.get(start)
        if m is None or m.end_char != end or m.label_ not in labels or not m.kb_id_:
            continue
        if m.sent.start in claimed:
            continue
        denied = NEGATION.search(r.text[:r.item[0]]) is not None
        ev = Evidence(source=source_id, quote=text[r.start:r.end], start=r.start, end=r.end)
        evs = found.setdefault((about, cast(Relation, r.relation), m.kb_id_, not denied), [])
        if ev not in evs:
            evs.append(ev)


def _keep_most_specific_targets(found: dict[tuple[str, Relation, str, bool], list[Evidence]], kb: KnowledgeBase) -> None:
    """A target the drug is said to act on that is above another it is said to act on ("alpha-1
    blocker" gives the alpha-1 receptor, "blocks alpha-1A receptors" the alpha-1A receptor) is
    left out: the narrower fact implies it."""
    targets = {(s, o) for s, r, o, p in found if r == "acts_on" and p}

    def above(general: str, specific: str) -> bool:
        return general != specific and general in kb.concepts and specific in kb.concepts and \
            kb.subsumes(general, specific)

    for key in [k for k in found if k[1] == "acts_on" and k[3]]:
        if any(s == key[0] and above(key[2], o) for s, o in targets):
            del found[key]


def _narrower(doc: Doc, item_start: int, obj: Span) -> bool:
    """Whether a denied list item names something narrower than the concept found in it: content
    words before the concept's mention that modify it ("hemiplegic or basilar
    migraine"; not "beta-blocker, not a diuretic")."""
    before = doc.char_span(item_start, obj.start_char, alignment_mode="expand") if obj.start_char > item_start \
        else None
    not_narrowing = {str(w).lower() for w in open_object_rules().get("not_narrowing") or ()}
    return before is not None and any(t.pos_ in ("ADJ", "NOUN", "PROPN", "VERB", "NUM") and obj.root in t.ancestors
                                      and t.lower_ not in not_narrowing for t in before)  # "a sudden asthma attack"


def _narrowed_by_of(obj: Span) -> bool:
    """Whether an object is narrowed by an "of" or "during" phrase after it ("the pain of an acute
    gout attack", "chest pain during an angina attack"): a denial of it denies no more than that."""
    holders = [obj.root] + ([obj.root.head] if obj.root.dep_ in ("dobj", "pobj") else [])
    return any(c.dep_ == "prep" and (c.lower_ == "during" or (c.lower_ == "of" and h.i == obj.root.i)) and c.i >= obj.end
               and any(g.dep_ == "pobj" for g in c.children)
               for h in holders for c in h.children)


def read_trusted(nlp: Language, text: str) -> Doc:
    """The pipeline over a trusted document; after the mentions stage, the drug the document is
    about (:func:`topic`) is recorded, so that a reference or a list with no drug near it ("Side
    effects include ...", after a heading) is read as about that drug."""
    doc = nlp.make_doc(text)
    doc.user_data[LINE_STARTS_KEY] = after_headings(text)
    for name, proc in nlp.pipeline:
        doc = proc(doc)
        if name == "factcheck_mentions":
            found = topic(doc)
            if found is not None:
                doc.user_data[TOPIC_KEY] = found
    return doc


_HEADING_LINE = re.compile(r"[ \t]*[A-Z][^\n.!?:;,]{0,60}?[ \t]*\n(?=[ \t]*[A-Z0-9])")


def after_headings(text: str) -> frozenset[int]:
    """Where the line after a heading begins: a line of at most six words that opens with a
    capital and ends with no punctuation ("Mechanism and site of action", "Adverse effects"),
    followed by a line of text. The heading is then no part of the sentence under it."""
    out = set()
    for m in _HEADING_LINE.finditer(text):
        if (m.start() == 0 or text[m.start() - 1] == "\n") and len(m.group().split()) <= 6:
            out.add(m.end() + len(text[m.end():]) - len(text[m.end():].lstrip(" \t")))
    return frozenset(out)


_FINITE = {"VBZ", "VBP", "VBD", "MD"}
_MODIFIERS = {"compound", "amod", "nmod", "npadvmod", "nummod"}


def open_objects(doc: Doc, spans: list[tuple[int, Restated]], known: set[str]) -> list[Concept]:
    """Draft concepts for the items of restated lists that no concept names ("Adverse effects:
    somnolence" -> the effect "somnolence"): the item's head noun with the modifiers before it,
    when it is not coordinated and its head is a word that can name such a thing
    (``open_objects`` in ``models/derive.yaml``)."""
    rules = open_object_rules()
    types: dict[str, str] = rules["types"]
    not_heads = {str(w).lower() for w in rules["not_heads"]}
    bare_heads = {str(w).lower() for w in rules["bare_heads"]}
    mentioned = _mention_tokens(doc)
    covered = {i: m.label_ for i, m in mentioned.items()}
    not_narrowing = {str(w).lower() for w in rules.get("not_narrowing") or ()}
    max_words = int(rules["max_words"])
    found: dict[str, Concept] = {}
    for at, r in spans:
        if r.item is None or r.relation not in types:
            continue
        span = doc.char_span(at + r.item[0], at + r.item[1], alignment_mode="expand")
        if span is None:
            continue
        named = {covered[t.i] for t in span if t.i in covered}
        if span[0].lower_ == "the" and span.start > 1 and doc[span.start - 1].text == "," and \
                doc[span.start - 2].i in covered:
            continue  # "HMG-CoA reductase, the rate-limiting enzyme of ...": a description of the item before
        # (wt-s, issue 13: a listed class too, "typical antipsychotic", "first-generation antipsychotic")
        narrower = _narrower_items(span, r.relation, mentioned, not_narrowing) \
            if r.relation in ("use", "effect", "is_a") else []
        if narrower:
            named_by = narrower
        elif r.relation == "route":
            # "as an oral solution": a dosage form no concept names, with the route word before it
            # ("oral" alone is the claim set's oral tablets); a form a concept names is no new one
            form = [t for t in span if t.pos_ == "NOUN" and re.fullmatch(str(rules.get("form_head") or "$^"), t.lower_)]
            if len(form) != 1 or form[0].i in covered:
                continue
            left = [c for c in form[0].lefts if c.dep_ in _MODIFIERS]
            if not left:
                continue
            words = doc[min(c.left_edge.i for c in left):form[0].i + 1]
            named_by = [(words, form[0])]
        elif r.relation == "use" and named and not named <= {"site"}:
            if named != {"effect"}:
                continue
            # "chemotherapy-induced nausea and vomiting": a condition named after its symptoms
            toks = []
            for t in span:
                if t.tag_ == "IN" or (t.is_punct and t.text != "-"):
                    break
                toks.append(t)
            while toks and toks[0].pos_ == "DET":
                toks.pop(0)
            if not 2 <= len(toks) <= max_words or all(t.i in covered for t in toks):
                continue
            words = doc[toks[0].i:toks[-1].i + 1]
            named_by = [(words, words.root)]
        else:
            heads = [t for t in span if t.pos_ in ("NOUN", "PROPN") and not (span.start <= t.head.i < span.end
                                                                              and t.head.i != t.i)]
            root = heads[-1] if heads else span.root
            # only a class is named after a concept it holds ("5-HT3 receptor antagonist"), and a
            # condition or effect after a body site ("stomach ulcers")
            # (a class word used as an adjective names no class there: "neuroleptic malignant syndrome")
            adjectival = r.relation in ("use", "effect") and named <= {"site", "class"} and all(
                t.pos_ == "ADJ" and t.dep_ == "amod" and t.head.i == root.i for t in span if covered.get(t.i) == "class")
            if root.i in covered or (named and r.relation != "is_a" and not named <= {"site"} and not adjectival):
                continue
            if r.relation == "acts_on" and not re.search(str(rules.get("target_head") or "$^"), root.lower_):
                continue
            if r.relation == "site" and (named or not re.search(str(rules.get("site_head") or "$^"), root.lower_)):
                continue  # ("the stomach lining" names the stomach: no new site)
            # coordinated heads each name one ("stomach ulcers and duodenal ulcers"), each with
            # its modifiers
            roots = [root] + [c for c in root.conjuncts if span.start <= c.i < span.end] \
                if r.relation != "is_a" else [root]
            if any(c.dep_ in ("cc", "conj") for c in root.children) and len(roots) == 1:
                continue
            named_by = []
            for head in roots:
                if head.pos_ not in ("NOUN", "PROPN") or head.lower_ in not_heads or head.lemma_.lower() in not_heads:
                    break
                # (an eponym's possessive is part of the name: "Meniere's disease")
                left = [c for c in head.lefts if (c.dep_ in _MODIFIERS or (
                    c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN") and c.lower_ not in not_heads and
                    any(g.lower_ == "'s" for g in c.children))) and c.i >= span.start]
                first = min([c.left_edge.i for c in left] + [head.i])
                modified = first < head.i
                while first < head.i and doc[first].lower_ in _LEADING_WORDS:
                    first += 1  # "other tachyarrhythmias"
                words = doc[first:head.i + 1]
                if len(words) == 1 and (head.lower_ in bare_heads or (len(roots) > 1 and not modified)):
                    break  # a coordinated head names one with its modifiers only ("mould or pet dander": no)
                if any(c.dep_ in ("acl", "xcomp") and c.tag_ == "VBG" and c.i < span.end for c in head.rights):
                    break  # "difficulty passing urine": the head alone names less
                last = max([c.right_edge.i for c in head.rights if c.dep_ == "prep" and c.lower_ == "of"
                            and c.right_edge.i < span.end] + [head.i])
                if any(t.pos_ == "DET" for t in doc[head.i + 1:last + 1]):
                    break  # "swelling of the face": a description, not a name
                words = doc[first:last + 1]  # "shortness of breath": the head with its "of" phrase
                named_by.append((words, head))
            else:
                named_by = named_by if all(h.i not in covered for _, h in named_by) else []
            if len(named_by) != len(roots):
                continue
        for words, root in named_by:
            if len([t for t in words if not t.is_punct]) > max_words or \
                    not all(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9'-]*", t.text) or t.text in ("-", "'s") for t in words):
                continue
            name = words.text.lower()
            cid = slug(name)
            if cid in known or cid in found or len(name) < 4:
                continue
            aliases = [Alias(text=words.text)] + [Alias(text=v) for v in _us_spellings(words.text)]
            after = doc[root.i + 1:root.i + 4]
            if len(after) == 3 and after[0].text == "(" and after[2].text == ")" and after[1].text.isupper() \
                    and 2 <= len(after[1].text) <= 6:
                aliases.append(Alias(text=after[1].text, kind="abbreviation"))
            found[cid] = Concept(id=cid, type=cast(ConceptType, types[r.relation]), name=name,
                                 aliases=tuple(aliases), review=REVIEW_CONCEPT)
    return list(found.values())


_NARROWED_TYPES = {"is_a": "class", "use": "condition", "effect": "effect"}


def narrowed_classes(doc: Doc, known: set[str]) -> list[Concept]:
    """Draft concepts for a denied class, use or effect that words no concept covers narrow ("it
    is not a loop diuretic", "Not classed as: potassium-sparing diuretic" where only "diuretic" is
    known; "not used to relieve chest pain"): the concept with the modifiers right before it.
    Without one, the denial would be read as a denial of the broader concept ("not a diuretic",
    "not used for pain"), which the document does not say."""
    rules = open_object_rules()
    plain = {str(w).lower() for w in rules.get("not_narrowing") or ()}
    of_classes = plain | {str(w).lower() for w in rules.get("not_class_modifiers") or ()}
    # (a denied use or effect is narrowed by how acute or severe it is: "not for acute anxiety")
    of_uses = plain - {str(w).lower() for w in rules.get("narrowing_in_denial") or ()}
    covered = _mention_tokens(doc)
    found: dict[str, Concept] = {}
    for claim, context in zip(doc._.factcheck_claims or [], doc._.factcheck_contexts or []):
        kind = _NARROWED_TYPES.get(claim.relation)
        if kind is None or not context.negated or claim.object.label_ != kind:
            continue
        not_narrowing = of_classes if kind == "class" else of_uses
        obj = claim.object
        first = obj.start
        while first > 0:
            t = doc[first - 1]
            if t.text == "-" and first > 1 and not doc[first - 2].is_punct and t.whitespace_ == "" \
                    and doc[first - 2].whitespace_ == "":
                first -= 2  # "potassium-sparing"
                continue
            if t.i in covered or t.pos_ not in ("ADJ", "NOUN", "PROPN", "VERB") or not t.is_alpha or \
                    t.dep_ not in _MODIFIERS or t.lower_ in not_narrowing or not t.i < t.head.i < obj.end:
                break
            first -= 1
        if first == obj.start or any(doc[i].i in covered or doc[i].lower_ in not_narrowing
                                     for i in range(first, obj.start) if doc[i].text != "-"):
            continue
        words = doc[first:obj.end]
        name = words.text.lower()
        cid = slug(name)
        if cid in known or cid in found or len(words) > int(rules["max_words"]):
            continue
        found[cid] = Concept(id=cid, type=cast(ConceptType, kind), name=name, aliases=(Alias(text=words.text),),
                             review=REVIEW_CONCEPT)
    return list(found.values())


_LEADING_WORDS = {"other", "some", "certain", "various", "several", "many", "most", "such"}


def _us_spellings(name: str) -> list[str]:
    """The US spelling of a British one, as a second name of a drafted concept ("infantile haemangioma"
    -> "infantile hemangioma", "oedema" -> "edema"): "ae" inside a word, "oe" before a consonant."""
    us = re.sub(r"(?<=[a-z])ae(?=[a-z])", "e", name, flags=re.I)
    us = re.sub(r"(?<![a-z])oe(?=[dsnt][a-z])|(?<=[a-z])oe(?=[a-z])(?!s\b)", "e", us, flags=re.I)
    return [us] if us != name else []


def _narrower_items(span: Span, relation: str, mentioned: dict[int, Span],
                    not_narrowing: set[str]) -> list[tuple[Span, Token]]:
    """The items of a listed use or effect that name a known concept with words that narrow it
    ("myoclonic seizures and primary generalized tonic-clonic seizures" when only "seizures" is
    known): each head noun a mention covers, with the modifiers before it, when the mention lies
    inside those words, a modifier no mention covers and not in ``not_narrowing`` is among them,
    and none is a conjunction or punctuation other than a hyphen."""
    doc = span.doc
    heads = [span.root] + [c for c in span.root.conjuncts if span.start <= c.i < span.end]
    out: list[tuple[Span, Token]] = []
    for head in heads:
        m = mentioned.get(head.i)
        if head.pos_ not in ("NOUN", "PROPN") or m is None or \
                m.label_ != {"use": "condition", "effect": "effect", "is_a": "class"}[relation]:
            continue
        left = [c for c in head.lefts if c.dep_ in _MODIFIERS and c.left_edge.i >= span.start]
        if not left:
            continue
        first = min(c.left_edge.i for c in left)
        words = doc[first:max(head.i + 1, m.end)]  # a mention may go on ("nausea and vomiting")
        if m.start < first or m.end > span.end:
            continue
        if any(t.dep_ == "cc" or t.pos_ in ("CCONJ", "DET", "ADP", "PRON") or (t.is_punct and t.text != "-")
               for t in words if not m.start <= t.i < m.end):
            continue
        if any(t.i not in mentioned and t.is_alpha and t.lower_ not in not_narrowing for t in words):
            out.append((words, head))
    return out


def restatements(doc: Doc) -> list[Restated]:
    """The notes, lists and subjectless sentences of a document about one drug (:func:`topic`),
    restated as sentences about that drug (:func:`factcheck.authoring.notes.restate`)."""
    found = topic(doc)
    if found is None:
        return []
    drugs = [m for m in mentions(doc) if m.label_ == "drug"]
    names = [m.text for m in drugs if m.kb_id_ == found]
    counts = Counter(n.lower() for n in names)
    # the name the document uses most ("Propranolol", not the title's "PROPRANOLOL HYDROCHLORIDE")
    name = max(names, key=lambda n: (counts[n.lower()], -len(n)))
    forms = active_forms(doc, found)  # (what a prodrug becomes speaks for it)
    text, others = _examples_blanked(doc.text, [(m.start_char, m.end_char) for m in drugs
                                                if m.kb_id_ != found and m.kb_id_ not in forms])

    def finite(start: int, end: int) -> bool:
        span = doc.char_span(start, end, alignment_mode="expand")
        # a participle modifying a noun is no verb of a sentence ("diarrhea and decreased appetite"),
        # nor is a word read as a verb whose subject lies outside the span ("..., vitamin B12
        # deficiency, bone fractures and Clostridioides difficile infection": "difficile")
        return span is not None and any(t.tag_ in _FINITE and t.dep_ not in _MODIFIERS and not _subject_outside(t, span)
                                        and not _state_read_as_verb(t, span) for t in span)

    return restate(text, name, other_drugs=others, finite=finite, names=names) + \
        _pronoun_sentences(doc, found, name, forms)


def _state_read_as_verb(verb: Token, span: Span) -> bool:
    """Whether a participle naming a state ("raised", "increased", ``state_participles``) opens the second
    item of a pair ("fluid retention and raised blood pressure"), where the parser made a verb of it."""
    before = verb.doc[verb.i - 1] if verb.i > span.start else None
    return verb.lower_ in _state_participles() and before is not None and before.lower_ in ("and", "or", ",")


@lru_cache(maxsize=1)
def _state_participles() -> frozenset[str]:
    return default_rules().state_participles


def _subject_outside(verb: Token, span: Span) -> bool:
    """Whether a verb (or the verb of a modal) has a subject and every subject lies outside ``span``."""
    head = verb.head if verb.tag_ == "MD" else verb
    subjects = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
    return bool(subjects) and all(not span.start <= c.i < span.end for c in subjects)


_EXAMPLE_CUE = re.compile(r"\b(?:such\s+as|like|unlike|including|e\.g\.,?|for\s+example,?)\s+(?:the\s+)?$", re.I)
_GIVEN_WITH = re.compile(r"\(\s*(?:usually\s+|often\s+|always\s+)?(?:with|plus|\+|(?:in\s+)?combin(?:ed|ation)\s+with|"
                         r"together\s+with|alongside|added\s+to)\s+(?:low-dose\s+)?$", re.I)
_EXAMPLE_MORE = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s(?:and|or)\s)\s*")


def _examples_blanked(text: str, others: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """``text`` with other drugs named only as examples blanked together with their cue ("not an H2
    receptor antagonist such as famotidine", "shared with most NSAIDs, including diclofenac and
    naproxen"; offsets unchanged), and the spans of the other drugs still named."""
    kept: list[tuple[int, int]] = []
    last = -1
    chars = list(text)
    for start, end in sorted(others):
        cue = _EXAMPLE_CUE.search(text, max(0, start - 30), start)
        given = _GIVEN_WITH.search(text, max(0, start - 40), start)
        close = text.find(")", end)
        if given is not None and given.end() == start and 0 <= close - end <= 40 and \
                "(" not in text[end:close] and "\n" not in text[end:close]:
            # "Acute coronary syndrome (with aspirin)": a remark naming what the drug is given with
            chars[given.start():close + 1] = " " * (close + 1 - given.start())
            last = -1
            continue
        if cue is not None and cue.end() == start:
            begin = cue.start()
        elif last >= 0 and _EXAMPLE_MORE.fullmatch(text, last, start):
            begin = last  # "such as famotidine or ranitidine": the next example
        else:
            kept.append((start, end))
            last = -1
            continue
        chars[begin:end] = " " * (end - begin)
        last = end
    return "".join(chars), kept


_ASIDE_PREPS = {"like", "unlike", "as"}


def _aside(tok: Token) -> bool:
    """Whether a drug named at ``tok`` is no referent for a later pronoun: the complement of a
    copula or an apposition ("it is not an amphetamine", "its R-enantiomer, armodafinil"), or an
    example ("a methylxanthine such as caffeine", "like other stimulants")."""
    for t in [tok, *tok.ancestors]:
        if t.dep_ in ("attr", "appos") or (t.dep_ == "prep" and t.lower_ in _ASIDE_PREPS):
            return True
        if t.dep_ in ("nsubj", "nsubjpass", "dobj", "ROOT"):
            return False
    return False


def _pronoun_sentences(doc: Doc, drug_id: str, name: str, forms: Iterable[str] = ()) -> list[Restated]:
    """Sentences whose subject "it" (or possessor "its") the pipeline left unresolved because
    another drug is named in the paragraph before, restated with the document's drug for the
    pronoun, when every drug named there since the paragraph began is named only in passing
    (:func:`_aside`) and the sentence names no other drug ("... it is not an amphetamine. It acts in
    the central nervous system." -> "Modafinil acts in the central nervous system."); a drug the
    document's drug becomes (``forms``, :func:`active_forms`) counts as the document's drug."""
    resolved = references(doc)
    own = {drug_id, *forms}
    drugs = {m.start: m for m in mentions(doc) if m.label_ == "drug"}
    out: list[Restated] = []
    for sent in doc.sents:
        pronouns = [t for t in sent if t.i not in resolved and (
            (t.lower_ == "it" and t.dep_ in ("nsubj", "nsubjpass") and not expletive(t))
            or (t.lower_ == "its" and t.dep_ == "poss"))]
        if not pronouns or any(sent.start <= i < sent.end and m.kb_id_ not in own for i, m in drugs.items()):
            continue
        before = [m for i, m in drugs.items() if paragraph_start(doc, sent.start) <= i < sent.start]
        others = [m for m in before if m.kb_id_ != drug_id]
        if not others or not all(_aside(m.root) or m.kb_id_ in own for m in others):
            continue
        text, last = "", sent.start_char
        for t in pronouns:
            said = name if t.lower_ == "it" else name + "'s"
            text += doc.text[last:t.idx] + said
            last = t.idx + len(t.text)
        text += doc.text[last:sent.end_char]
        raw = doc.text[sent.start_char:sent.end_char]
        start = sent.start_char + len(raw) - len(raw.lstrip())
        quote = raw.strip()
        out.append(Restated(" ".join(text.split()), start, start + len(quote)))
    return out


def _named_as_example(doc: Doc, span: Span) -> bool:
    """Whether a drug is named only as an example of a class that the document's drug is said not
    to be in or set apart from ("It is not a 5-alpha reductase inhibitor such as finasteride", "It is
    neither an H2 receptor antagonist, like famotidine, nor an antacid",
    "different from SSRIs such as sertraline"): an aside, not what the document says of that drug
    ("opioids like oxycodone are Schedule II" says it)."""
    cue = _EXAMPLE_CUE.search(doc.text, max(0, span.start_char - 30), span.start_char)
    if cue is None or doc.text[cue.end():span.start_char].strip():
        cue = re.search(r"\b(?:such\s+as|like|including)\s+[\w-]+(?:\s*,\s*[\w-]+)*\s*,?\s*(?:and|or)?\s*$",
                        doc.text[:span.start_char][-80:], re.I)
        if cue is None:
            return False
        at = span.start_char - len(doc.text[:span.start_char][-80:]) + cue.start()
    else:
        at = cue.start()
    sent = span.sent
    before = doc.text[sent.start_char:at]
    return re.search(r"\b(?:not|never|no|neither|nor|unlike|different|distinct|rather\s+than|instead\s+of)\b|n't\b",
                     before, re.I) is not None


_ACTIVE_FORM = re.compile(r"\b(?:converted|metaboli[sz]ed|changed|turned)\s+(?:[\w-]+\s+){0,4}?(?:in)?to\s+"
                          r"(?:its\s+|the\s+)?(?:active\s+(?:form|metabolite|drug|compound)\s*,?\s*)?$", re.I)


def active_forms(doc: Doc, drug_id: str) -> set[str]:
    """The drugs a prodrug is said to become ("a prodrug that is converted to its active form,
    prednisolone", "metabolised in the liver to X"): what the document then says of them it says
    of its drug."""
    out: set[str] = set()
    for m in mentions(doc):
        if m.label_ != "drug" or m.kb_id_ == drug_id:
            continue
        if _ACTIVE_FORM.search(doc.text, max(0, m.start_char - 80), m.start_char):
            out.add(m.kb_id_)
    return out


def topic(doc: Doc) -> str | None:
    """The drug a document is about: the first drug it names, when at least half of its drug
    mentions name that drug, or when its title (the first line) names it and no other drug is
    named as often ("ATORVASTATIN (Lipitor) - Formulary entry" above a list of interactions)."""
    found = [m for m in mentions(doc) if m.label_ == "drug"]
    drugs = [m.kb_id_ for m in found]
    if not drugs:
        return None
    first = drugs.count(drugs[0])
    if 2 * first >= len(drugs):
        return drugs[0]
    lead = len(doc.text) - len(doc.text.lstrip())
    title_end = doc.text.find("\n", lead)
    in_title = title_end < 0 or found[0].start_char < title_end
    if in_title and all(drugs.count(d) <= first for d in set(drugs) - {drugs[0]}) and \
            not any(m.start_char < title_end for m in found[1:] if m.kb_id_ != drugs[0]):
        return drugs[0]
    return None


def _draft_open_concepts(draft: Draft, doc: Doc, kb: KnowledgeBase) -> None:
    """Concepts the new facts use that only the open vocabulary knows become draft concepts:
    a dictionary drug with its DrugBank id and the names the document uses for it (its id
    without the dictionary prefix), a vocabulary class or property with its record and the
    vocabulary classes above it."""
    curated = kb.claimset.concepts
    drafted = {c.id for c in draft.concepts}
    written: dict[str, list[str]] = {}
    for m in mentions(doc):
        written.setdefault(m.kb_id_, [])
        if m.text not in written[m.kb_id_]:
            written[m.kb_id_].append(m.text)
    renamed: dict[str, str] = {}
    wanted = [cid for f in draft.facts for cid in (f.subject, f.object)]
    for cid in dict.fromkeys(wanted):
        if cid in curated or cid in drafted:
            continue
        concept = kb.concept(cid)
        if cid.startswith(DRUG_ID_PREFIX):
            new_id = cid[len(DRUG_ID_PREFIX):]
            if new_id in curated or new_id in kb.concepts or new_id in drafted:
                new_id = cid
            renamed[cid] = new_id
            names = [n for n in written.get(cid, []) if n.lower() != concept.name]
            aliases = tuple(dict.fromkeys(Alias(text=n, kind="synonym") for n in names))
            draft.concepts.append(concept.model_copy(update={"id": new_id, "aliases": aliases,
                                                             "review": REVIEW_CONCEPT}))
            drafted.add(new_id)
            continue
        for anc in kb.ancestors(cid):
            if anc not in curated and anc not in drafted:
                draft.concepts.append(kb.concept(anc).model_copy(update={"review": REVIEW_CONCEPT}))
                drafted.add(anc)
    if renamed:
        taken = {f.id for f in kb.facts}
        draft.facts[:] = [f.model_copy(update={
            "id": _fact_id(renamed.get(f.subject, f.subject), f.relation, renamed.get(f.object, f.object),
                           f.polarity, taken),
            "subject": renamed.get(f.subject, f.subject), "object": renamed.get(f.object, f.object)})
            for f in draft.facts]


# ---------------------------------------------------------------------------- YAML

def _claim_text(f: Fact) -> str:
    return f"{f.subject} {'' if f.polarity else 'NOT '}{f.relation} {f.object}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _fact_dict(f: Fact) -> dict:
    out = {"id": f.id, "subject": f.subject, "relation": f.relation, "object": f.object,
           "polarity": f.polarity}
    if f.review:
        out["review"] = f.review
    out["evidence"] = [e.model_dump(mode="json") for e in f.evidence]
    return out


def to_yaml(draft: Draft, source_path: str | Path, title: str, output_dir: str | Path) -> str:
    """The draft as a claim-set file; links and conflicts as comment lines at the top."""
    rel = os.path.relpath(Path(source_path).resolve(), Path(output_dir).resolve())
    head = [f"# Draft claim set derived by `factcheck claims derive` from {Path(source_path).name}.",
            "# Review every record marked `review:`, fix or delete it, then remove the marker;",
            "# `factcheck check --claims` refuses files with review markers left.",
            (f"# {len(draft.facts)} new fact(s), {len(draft.links)} linked, {len(draft.conflicts)} conflict(s), "
             f"{len(draft.concepts)} new concept(s).")]
    if draft.links:
        head.append("#")
        head.append("# Linked (already in the claim set, not written):")
        for link in draft.links:
            how = "same fact" if link.exact else "implied by"
            head.append(f"#   {_claim_text(link.fact)}: {how} {', '.join(link.existing)}")
    if draft.conflicts:
        head.append("#")
        head.append("# CONFLICTS (not written; resolve by hand):")
        for c in draft.conflicts:
            head.append(f"#   {_claim_text(c.fact)} ({c.reason})")
            head.append(f"#     derived: \"{_one_line(c.fact.evidence[0].quote or '')}\" "
                        f"({c.fact.evidence[0].source} [{c.fact.evidence[0].start}:{c.fact.evidence[0].end}])")
            for other in c.against:
                e = other.evidence[0]
                said = f"{e.label}: {_one_line(e.statement or '')}" if e.cited else \
                    f"\"{_one_line(e.quote or '')}\" ({e.label})"
                head.append(f"#     against {other.id} ({_claim_text(other)}): {said}")
    data: dict = {"sources": [{"id": draft.source_id, "title": title, "path": rel}]}
    if draft.concepts:
        data["concepts"] = [c.model_dump(mode="json", exclude_defaults=True) for c in draft.concepts]
    data["facts"] = [_fact_dict(f) for f in draft.facts]
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)
    return "\n".join(head) + "\n\n" + body
