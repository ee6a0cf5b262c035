"""Knowledge base over the claim set: alias index, class hierarchy, disjointness and fact lookup.

Modelled on scispaCy's ``KnowledgeBase`` (``linking_utils.py``): concepts are entities with a
canonical name, aliases and a type, and an alias index maps surface forms to concept ids.
The ontology part answers subsumption (``ancestors``) and disjointness questions used by
verification.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Literal

from factcheck.knowledge.claimset import (
    CLASS_TYPES,
    ClaimSet,
    ClaimSetError,
    Concept,
    Disjointness,
    Fact,
    claim_paths,
    load_claimset,
)
from factcheck.knowledge.vocabulary import (
    DRUG_ID_PREFIX,
    DictionaryDrug,
    DrugDictionary,
    Vocabulary,
    shipped_vocabulary,
)

#: How a sense is named in findings.
SENSE_NAMES: dict[str, str] = {
    "everyday": "everyday", "pharmacology": "pharmacological (receptor action)",
    "structure": "chemical-structure", "therapeutic": "therapeutic (use)",
    "legal_us": "US federal law (Controlled Substances Act)", "legal_state": "US state law (a state's own schedules)",
    "pharmacognosy": "pharmacognosy (opium alkaloid)",
}

#: Concept types whose names are nouns that take a plural ("opioids", "opioid receptors").
PLURAL_TYPES: frozenset[str] = CLASS_TYPES | {"receptor", "effect"}


@dataclass(frozen=True)
class AliasEntry:
    """One surface form of a concept, as the mention matcher uses it."""

    concept_id: str
    text: str
    kind: str
    case_sensitive: bool


def pluralize(phrase: str) -> str | None:
    """Plural of a class name: the head word before "of"/"at", else the last word, gets an -s.

    Returns None where no regular plural applies (words ending in s or y are left alone).
    """
    words = phrase.split(" ")
    head = len(words) - 1
    for i, w in enumerate(words):
        if w.lower() in ("of", "at") and i > 0:
            head = i - 1
            break
    word = words[head]
    if not word[-1:].isalpha() or word[-1:].lower() in ("s", "y") or word.isupper():
        return None
    words[head] = word + "s"
    return " ".join(words)


class KnowledgeBase:
    """Read-only view of a :class:`ClaimSet` with the indexes verification needs.

    With a ``vocabulary`` (by default the shipped one, :mod:`factcheck.knowledge.vocabulary`),
    its concepts join the claim set's, and a drug the dictionary names becomes a concept on
    first use (:meth:`dictionary_drug`). A concept of the claim set always wins: a vocabulary
    concept whose id or name is the claim set's is left out, and so is an alias the claim set
    already gives a concept; a dictionary drug one of whose names is a claim-set drug's alias is
    that drug. Vocabulary concepts have no facts (:meth:`known` tells them apart).
    """

    def __init__(self, claimset: ClaimSet, vocabulary: Vocabulary | None | Literal["shipped"] = "shipped") -> None:
        self.claimset = claimset
        self.concepts: dict[str, Concept] = dict(claimset.concepts)
        self.facts: tuple[Fact, ...] = claimset.facts
        self._facts_by_subject: dict[tuple[str, str], list[Fact]] = defaultdict(list)
        self._subjects: set[str] = set()
        for fact in self.facts:
            self._facts_by_subject[(fact.subject, fact.relation)].append(fact)
            self._subjects.add(fact.subject)
        self._ancestors = {cid: self._compute_ancestors(cid) for cid in self.concepts}
        self._check_consistency()
        self.vocabulary = shipped_vocabulary() if vocabulary == "shipped" else vocabulary
        self.dictionary: DrugDictionary | None = None
        if isinstance(self.vocabulary, Vocabulary):
            self._add_vocabulary(self.vocabulary)
            self.dictionary = self.vocabulary.dictionary

    def _add_vocabulary(self, vocabulary: Vocabulary) -> None:
        taken = {a.text.lower() for c in self.concepts.values() for a in c.aliases} | \
            {c.name.lower() for c in self.concepts.values()}
        added: dict[str, Concept] = {}
        for concept in vocabulary.concepts:
            if concept.id in self.concepts or concept.name.lower() in taken:
                continue
            aliases = tuple(a for a in concept.aliases if a.text.lower() not in taken)
            parents = tuple(p for p in concept.parents if p in self.concepts or
                            any(v.id == p for v in vocabulary.concepts))
            added[concept.id] = concept.model_copy(update={"aliases": aliases, "parents": parents})
            taken.update(a.text.lower() for a in aliases)
            taken.add(concept.name.lower())
        # a parent left out (the claim set has its name) is dropped from its children
        for cid, concept in added.items():
            if any(p not in self.concepts and p not in added for p in concept.parents):
                added[cid] = concept.model_copy(update={"parents": tuple(
                    p for p in concept.parents if p in self.concepts or p in added)})
        self.concepts.update(added)
        for cid in added:
            self._ancestors[cid] = self._compute_ancestors(cid)

    # ------------------------------------------------------------------ open vocabulary
    def known(self, cid: str) -> bool:
        """Whether the claim set has a fact about ``cid`` (as subject)."""
        return cid in self._subjects

    @cached_property
    def _dictionary_curated(self) -> dict[str, str]:
        """Dictionary drug id -> the claim-set drug one of its names is an alias of."""
        out: dict[str, str] = {}
        if self.dictionary is None:
            return out
        drugs = [c for c in self.claimset.concepts.values() if c.type == "drug"]
        curated = {a.text.lower(): c.id for c in drugs for a in c.aliases} | {c.name.lower(): c.id for c in drugs}
        for name, drug in self.dictionary.names().items():
            cid = curated.get(name)
            if cid is not None:
                out.setdefault(drug.id, cid)
        return out

    def dictionary_drug(self, name: str) -> str | None:
        """The concept id of the drug the dictionary calls ``name`` (lower case): the claim set's
        drug when one of the dictionary's names for it is the claim set's, else a concept made
        for it (type ``drug``, its DrugBank id, no facts); None if the dictionary has no such name."""
        if self.dictionary is None:
            return None
        drug = self.dictionary.lookup(name)
        if drug is None:
            return None
        curated = self._dictionary_curated.get(drug.id)
        if curated is not None:
            return curated
        self._register(drug)
        return drug.id

    def _register(self, drug: DictionaryDrug) -> Concept:
        concept = self.concepts.get(drug.id)
        if concept is None:
            concept = Concept(id=drug.id, type="drug", name=drug.name,
                              identifiers={"drugbank": drug.drugbank})
            self.concepts[drug.id] = concept
            self._ancestors[drug.id] = (drug.id,)
        return concept

    # ------------------------------------------------------------------ aliases
    @cached_property
    def aliases(self) -> tuple[AliasEntry, ...]:
        """Every surface form, with regular plurals generated for classes, schedules, receptors
        and effects ("euphoric effects")."""
        entries: dict[tuple[str, str, bool], AliasEntry] = {}

        def add(cid: str, text: str, kind: str, case_sensitive: bool) -> None:
            key = (cid, text if case_sensitive else text.lower(), case_sensitive)
            entries.setdefault(key, AliasEntry(cid, text, kind, case_sensitive))

        exact_names = {a.text for c in self.concepts.values() for a in c.aliases if a.exact}
        for concept in self.concepts.values():
            forms = [(concept.name, "generic", concept.name in exact_names)] + \
                [(a.text, a.kind, a.exact) for a in concept.aliases]
            for text, kind, exact in forms:
                add(concept.id, text, kind, exact)
                if concept.type in PLURAL_TYPES and kind not in ("abbreviation", "brand"):
                    plural = pluralize(text)
                    if plural:
                        add(concept.id, plural, "plural", exact)
        return tuple(entries.values())

    def alias_index(self) -> dict[str, set[str]]:
        """Lower-cased alias text -> concept ids (an alias may be ambiguous)."""
        index: dict[str, set[str]] = defaultdict(set)
        for entry in self.aliases:
            index[entry.text.lower()].add(entry.concept_id)
        return dict(index)

    # ------------------------------------------------------------------ ontology
    def _compute_ancestors(self, cid: str) -> tuple[str, ...]:
        seen: dict[str, None] = {}  # ordered, with constant-time membership (deep hierarchies)
        stack = [cid]
        while stack:
            cur = stack.pop()
            if cur in seen:
                continue
            seen[cur] = None
            stack.extend(reversed(self.concepts[cur].parents))
        return tuple(seen)

    def ancestors(self, cid: str) -> tuple[str, ...]:
        """The concept and every class above it, nearest first."""
        found = self._ancestors.get(cid)
        if found is None:
            self.concept(cid)
            found = self._ancestors[cid]
        return found

    def subsumes(self, general: str, specific: str) -> bool:
        return general in self.ancestors(specific)

    def chain(self, specific: str, general: str) -> list[str]:
        """The subclass path from ``specific`` up to ``general`` (both included)."""
        # iterative depth-first search, parents in order (the first path found, as a recursive
        # walk would find it), without recursion however deep the hierarchy
        path = [specific]
        stack = [iter(self.concepts[specific].parents)]
        if specific == general:
            return path
        dead: set[str] = set()
        while stack:
            parent = next(stack[-1], None)
            if parent is None:
                stack.pop()
                dead.add(path.pop())
                continue
            if parent in dead:
                continue
            path.append(parent)
            if parent == general:
                return path
            stack.append(iter(self.concepts[parent].parents))
        return []

    def disjointness(self, a: str, b: str) -> tuple[Disjointness, str, str] | None:
        """The axiom that makes classes ``a`` and ``b`` disjoint, with the two classes it names."""
        anc_a, anc_b = self.ancestors(a), self.ancestors(b)
        for axiom in self.claimset.disjoint:
            for x in axiom.classes:
                if x not in anc_a:
                    continue
                for y in axiom.classes:
                    if y != x and y in anc_b:
                        return axiom, x, y
        return None

    # ------------------------------------------------------------------ facts
    def facts_about(self, subject: str, relation: str) -> list[Fact]:
        return self._facts_by_subject.get((subject, relation), [])

    def fact(self, fact_id: str) -> Fact:
        for f in self.facts:
            if f.id == fact_id:
                return f
        raise KeyError(fact_id)

    def concept(self, cid: str) -> Concept:
        found = self.concepts.get(cid)
        if found is None and self.dictionary is not None and cid.startswith(DRUG_ID_PREFIX):
            drug = self.dictionary.by_id(cid)  # a drug met in another process (a saved Doc)
            if drug is not None:
                return self._register(drug)
        if found is None:
            raise KeyError(cid)
        return found

    # ------------------------------------------------------------------ reasoning
    def membership(self, subject: str, cls: str) -> Membership:
        """What the claim set says about "``subject`` is a ``cls``".

        Supported by a positive fact on ``cls`` or a subclass of it; refuted by a negative fact
        on ``cls`` or a superclass of it (not an opioid => not an opiate), or by a positive fact
        on a class disjoint with ``cls`` (an opioid => not a muscle relaxant).
        """
        supported: list[Inference] = []
        refuted: list[Inference] = []
        name = self._name
        for f in self.facts_about(subject, "is_a"):
            if f.polarity and self.subsumes(cls, f.object):
                steps = () if f.object == cls else (
                    " ⊑ ".join(name(c) for c in self.chain(f.object, cls)),)
                supported.append(Inference(f, steps))
            elif not f.polarity and self.subsumes(f.object, cls):
                steps = () if f.object == cls else (
                    " ⊑ ".join(name(c) for c in self.chain(cls, f.object)),)
                refuted.append(Inference(f, steps))
            elif f.polarity:
                axiom = self.disjointness(f.object, cls)
                if axiom is not None:
                    d, x, y = axiom
                    sense = f" in the {SENSE_NAMES.get(d.sense, d.sense)} sense" if d.sense else ""
                    refuted.append(Inference(f, (f"{name(x)} and {name(y)} are disjoint{sense} [{d.id}]",)))
        return Membership(tuple(supported), tuple(refuted))

    def classes_of(self, drug: str) -> list[Fact]:
        """The established placements of ``drug`` in classes (not schedules), the broadest of
        nested ones: oxycodone's "opioid", not also "opioid agonist"."""
        placed = [f for f in self.facts_about(drug, "is_a")
                  if f.polarity and f.status == "established" and self.concept(f.object).type == "class"]
        return [f for f in placed if not any(g.object != f.object and self.subsumes(g.object, f.object) for g in placed)]

    def shared_class(self, subject: str, other: str) -> Membership:
        """What the claim set says about "``subject`` is in the same class as ``other``": supported
        when one of the two is in a class the claim set gives the other (see :meth:`classes_of`),
        refuted when one is excluded from every class of the other; each inference carries the
        other's placement in ``via``."""
        verdicts = [self._in_classes_of(subject, other), self._in_classes_of(other, subject)]
        for supported, _ in verdicts:  # the relation is symmetric: either way round decides
            if supported:
                return Membership(supported, ())
        return next((Membership((), refuted) for _, refuted in verdicts if refuted), Membership((), ()))

    def _in_classes_of(self, subject: str, other: str) -> tuple[tuple[Inference, ...], tuple[Inference, ...]]:
        """(supported, refuted) for "``subject`` is in a class of ``other``": refuted only when it is
        excluded from every one of them."""
        placed = [(f, self.membership(subject, f.object)) for f in self.classes_of(other)]
        supported = tuple(Inference(i.fact, i.steps, (*i.via, f)) for f, m in placed for i in m.supported)
        excluded = bool(placed) and all(m.refuted for _, m in placed)
        refuted = tuple(Inference(m.refuted[0].fact, m.refuted[0].steps, (*m.refuted[0].via, f))
                        for f, m in placed) if excluded else ()
        return supported, refuted

    def related(self, subject: str, relation: str, obj: str) -> Membership:
        """What the claim set says about "``subject`` ``relation`` ``obj``" (acts_on, site,
        effect, use, route).

        Facts about the subject's classes apply to it ("opioids act on mu receptors" and
        "fentanyl is an opioid"). A fact on ``obj`` or something below it supports the claim
        (acts on mu => acts on opioid receptors); a denial of ``obj`` or something above it
        refutes it; a fact marked exclusive refutes every unrelated object of the same type
        ("interacts exclusively with GABA-B receptors" refutes "binds opioid receptors", a
        receptor of the claim set, not one only the open vocabulary names).
        Absence refutes nothing: a use the claim set does not list stays unverifiable.
        """
        supported: list[Inference] = []
        refuted: list[Inference] = []
        name = self._name
        obj_type = self.concept(obj).type
        # "exclusively" is said of the alternatives the claim set names: an object only the
        # open vocabulary knows (a calcium channel) is not refuted by it
        closed = self.claimset.concepts
        for holder, via in self._holders(subject):
            inherit = tuple(f"{name(subject)} is {self.concepts[holder].noun_phrase}" for _ in via[:1])
            for f in self.facts_about(holder, relation):
                if f.polarity and self.subsumes(obj, f.object):
                    steps = inherit + (() if f.object == obj else (" ⊑ ".join(name(c) for c in self.chain(f.object, obj)),))
                    supported.append(Inference(f, steps, via))
                elif not f.polarity and self.subsumes(f.object, obj):
                    steps = inherit + (() if f.object == obj else (" ⊑ ".join(name(c) for c in self.chain(obj, f.object)),))
                    refuted.append(Inference(f, steps, via))
                elif f.polarity and f.exclusive and self.concepts[f.object].type == obj_type \
                        and obj in closed and not self.subsumes(f.object, obj):
                    refuted.append(Inference(f, inherit + (f"{name(holder)} {relation.replace('_', ' ')} "
                                                           f"{name(f.object)} exclusively",), via))
        return Membership(tuple(supported), tuple(refuted))

    def _holders(self, subject: str) -> list[tuple[str, tuple[Fact, ...]]]:
        """The subject itself, and every class an established fact places it in, with that fact."""
        out: list[tuple[str, tuple[Fact, ...]]] = [(subject, ())]
        seen = {subject}
        for anc in self.ancestors(subject)[1:]:  # a class subject inherits from its superclasses
            out.append((anc, ()))
            seen.add(anc)
        for f in self.facts_about(subject, "is_a"):
            # a contested placement passes nothing down: naloxone's disputed "opioid" must not
            # lend it what opioids do ("Narcan does not cause euphoria" is no false claim)
            if f.polarity and f.status != "contested":
                for anc in self.ancestors(f.object):
                    if anc not in seen:
                        seen.add(anc)
                        out.append((anc, (f,)))
        return out

    def _name(self, cid: str) -> str:
        return self.concept(cid).name

    def sense_of(self, fact: Fact) -> str | None:
        """The sense in which ``fact`` places (or denies) its subject in its object class."""
        return fact.sense or self.concepts[fact.object].sense

    def _check_consistency(self) -> None:
        """A positive is_a fact must not contradict a negative one or a disjointness axiom.

        Contested facts are exempt (they record a disagreement), and so are two facts with
        different scopes (codeine: Schedule II single-entity, Schedule V cough preparations).
        A denial by reference (every evidence a citation) needs a positive, established is_a
        fact on the same subject: absence from a list refutes only with a placement elsewhere.
        """
        where = self.claimset.origins.get
        for f in self.facts:
            if f.relation != "is_a" or f.status == "contested":
                continue
            if not f.polarity and all(e.cited for e in f.evidence) and not any(
                    g.polarity and g.status == "established" for g in self.facts_about(f.subject, "is_a")):
                raise ClaimSetError(f"{where('fact:' + f.id, '?')}: fact {f.id!r} denies a class by "
                                    f"reference only, but no established fact places {f.subject!r} in a class")
            result = self.membership(f.subject, f.object)
            against = result.refuted if f.polarity else result.supported
            against = tuple(i for i in against if i.fact.status == "established"
                            and not (f.scope and i.fact.scope and f.scope != i.fact.scope))
            if against:
                other = ", ".join(f"{i.fact.id!r} ({where('fact:' + i.fact.id, '?')})" for i in against)
                raise ClaimSetError(f"{where('fact:' + f.id, '?')}: fact {f.id!r} contradicts fact {other}")


@dataclass(frozen=True)
class Inference:
    """One curated fact and the ontology steps that connect it to a claim; ``via`` holds the
    membership facts through which a class-level fact reaches the subject."""

    fact: Fact
    steps: tuple[str, ...] = ()
    via: tuple[Fact, ...] = ()


@dataclass(frozen=True)
class Membership:
    supported: tuple[Inference, ...]
    refuted: tuple[Inference, ...]


def load_checked_claimset(user: list[str] | None, *, source_dirs: Iterable[str | Path] = ()) -> ClaimSet:
    """The shipped claim set merged with the user's files, checked as the checker checks it
    (schema, references, quotes, duplicate ids, then contradictions); sources confined to
    their claim files' directories and ``source_dirs``."""
    claimset = load_claimset(claim_paths(user), source_dirs=source_dirs)
    KnowledgeBase(claimset)
    return claimset
