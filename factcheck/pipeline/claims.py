"""Claims: class-membership relations between a drug mention and a class mention.

The algorithm lives in module functions over a parsed ``Doc`` and its mentions; the spaCy
component in :mod:`factcheck.pipeline.components` only calls :func:`extract` and stores the result.
Rules are data (``models/extraction.yaml``); the Hearst hyponym patterns are scispaCy's.

Each :class:`Claim` records the tokens that connect subject and object (``path``) so that the
assertion-context stage can look for negation and other cues in the claim's syntactic scope,
and the words that express the relation (``trigger``) for the explanation.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass, field

from scispacy.hearst_patterns import BASE_PATTERNS, EXTENDED_PATTERNS
from spacy.attrs import LEMMA
from spacy.matcher import Matcher
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from factcheck.knowledge.claimset import CLASS_TYPES
from factcheck.pipeline.mentions import MentionIndex, coordinated
from factcheck.pipeline.parse import admits, tree_matches
from factcheck.pipeline.references import (
    Resolver,
    class_ones,
    paragraph_break,
    references,
    resolve_references,
)
from factcheck.pipeline.repair import links
from factcheck.pipeline.rules import CODED_SHAPES, ExtractionRule, ExtractionRules, RelationRule
from factcheck.text.normalize import is_symbol
from factcheck.text.segmentation import after_label, heading_mark, next_word, phrase_at

__all__ = ["CODED_SHAPES", "Claim", "ExtractionRule", "ExtractionRules", "RelationRule", "extract", "hearst_matcher"]

RELATIVE_PRONOUNS = frozenset({"which", "that", "who", "whom"})
_CLAUSE_OPENERS = frozenset({"its", "it's", "it’s", "thats", "that's", "that’s"})
_MODIFIERS = frozenset({"compound", "amod", "nmod", "nummod"})

GROUP_REFERENCE = "group"
"""The ``id`` of a span that stands for one of several drugs or classes named before it ("both
drugs", "They are both ...", "all three"): a finding names the drug rather than quoting the words."""

# a number as the subject that stands for as many drugs named before it: "all three are opioids"
_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4, "5": 5}


def _sentences_back(tok: Token, sentences: int) -> int:
    """The first token of the sentence ``sentences`` sentences before ``tok``'s own (or of the
    Doc's first)."""
    start = tok.sent.start
    for _ in range(sentences):
        if start > 0:
            start = tok.doc[start - 1].sent.start
    return start


@dataclass(frozen=True)
class Claim:
    """A drug-class claim found in a Doc (internal: holds spaCy spans)."""

    subject: Span
    object: Span
    relation: str
    pattern: str
    predicate: int
    """Token index of the word that heads the predication (verb, noun, or the drug itself)."""
    path: tuple[int, ...]
    """Token indices linking predicate, subject and object: the claim's syntactic scope."""
    trigger: tuple[int, ...] = ()
    """Token indices of the words that express the relation ("is", "classified as")."""
    restricted: tuple[int, ...] = ()
    """Modifiers that narrow the object ("spasms associated with rheumatologic disorders",
    "muscle relaxants that act peripherally"): denying the narrower object says nothing of the
    object itself."""

    @property
    def key(self) -> tuple[int, str, int, str, str]:
        return (self.subject.start, self.subject.kb_id_, self.object.start, self.object.kb_id_, self.relation)


@dataclass
class _Walker:
    rules: ExtractionRules
    index: MentionIndex
    refs: Resolver
    """The anaphoric expressions resolved to the drug they refer to (``refs.resolved``, by head
    token); the extraction adds the implicit subjects of lists it finds."""
    ids: dict[str, str] = field(default_factory=dict)
    """Coded shape -> the id of the enabled rule extending it (see ExtractionRules.coded)."""
    links: dict[int, int] = field(default_factory=dict)
    """A word the repair stage reads as another -> that word (see repair.links)."""
    claims: list[Claim] = field(default_factory=list)

    @property
    def resolved(self) -> dict[int, Span]:
        return self.refs.resolved

    # -------------------------------------------------------------- objects
    def targets(self, tok: Token, path: tuple[int, ...], depth: int = 0) -> Iterator[tuple[Span, tuple[int, ...]]]:
        """Class mentions denoted by a predicate-position token, with the path to each."""
        if depth > 6:
            return
        path = path + (tok.i,)
        span = self.index.class_at(tok)
        lemma = tok.lemma_.lower()
        if span is not None:
            yield span, path
            for other in self.index.coordinated(span):
                yield other, path + (other.root.i,)
        generic = span is None and (lemma in self.rules.generic_heads or tok.lower_ in self.rules.generic_heads)
        if span is not None or generic:
            # "an opioid medication"; and intersective class modifiers: "a schedule II opioid"
            for child in tok.children:
                if child.dep_ in _MODIFIERS and child.i < tok.i and (span is None or child.i < span.start):
                    yield from self.targets(child, path, depth + 1)
                    if child.lower_ in self.rules.containment_modifiers:
                        # "an opiate-based medicine", "an opium-derived drug"
                        for inner in child.children:
                            if inner.i < child.i and inner.dep_ in ("advmod", "npadvmod", "compound", "nmod", "amod"):
                                yield from self.targets(inner, path + (child.i,), depth + 1)
        if span is not None:
            # "an antidepressant of the SSRI class": a class noun placed in a narrower class by
            # an "of the C class" phrase names both
            for child in tok.children:
                if child.dep_ == "prep" and child.lower_ == "of":
                    for pobj in child.children:
                        if pobj.dep_ == "pobj" and pobj.lemma_.lower() in self.rules.class_anaphor_heads:
                            yield from self.targets(pobj, path + (child.i,), depth + 1)
        if span is None and tok.lower_ == "one" and tok.dep_ == "attr" and not any(
                c.dep_ not in ("det", "advmod", "punct") for c in tok.children):
            # "Tramadol is an opioid. It actually isn't one.": "one" stands for the class named last
            referent = self._last_class_before(tok)
            if referent is not None:
                yield Span(tok.doc, tok.i, tok.i + 1, label=referent.label_, kb_id=referent.kb_id_), path
        if span is None and lemma in self.rules.degree_of_heads:
            # "more of an opioid than a muscle relaxant"
            for child in tok.children:
                if child.dep_ == "prep" and child.lower_ == "of":
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            yield from self.targets(pobj, path + (child.i,), depth + 1)
        elif span is None and tok.lower_ in self.rules.degree_than_heads:
            # "nothing more than a benzo"
            for more in tok.children:
                if more.dep_ in ("amod", "advmod") and more.lower_ == "more":
                    for than in more.children:
                        if than.dep_ == "prep" and than.lower_ == "than":
                            for pobj in than.children:
                                if pobj.dep_ == "pobj":
                                    yield from self.targets(pobj, path + (more.i, than.i), depth + 1)
        if generic:
            for child in tok.children:
                if child.dep_ == "prep" and child.lower_ in ("of", "from"):
                    # "a member of the opioid family"; "a medicine of (from) the opiate group" (any
                    # generic head with a class noun in its "of" phrase, or a group in "from")
                    for pobj in child.children:
                        if pobj.dep_ == "pobj" and ((lemma in self.rules.of_heads and child.lower_ == "of") or
                                                    pobj.lemma_.lower() in self.rules.class_anaphor_heads):
                            yield from self.targets(pobj, path + (child.i,), depth + 1)
                elif child.dep_ == "acl" and child.lemma_.lower() in self.rules.naming_verbs:
                    # "the drug class known as skeletal muscle relaxants", "a class called opioids"
                    for named, via in _named(child):
                        yield from self.targets(named, path + via, depth + 1)
        for child in tok.children:
            if child.dep_ == "conj" or (child.dep_ == "appos" and span is not None):
                marker = self._contrast_marker(tok, child)  # "an opioid rather than a muscle relaxant"
                yield from self.targets(child, path if marker is None else path + (marker,), depth + 1)
            elif self._contrast(child):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        yield from self.targets(pobj, path + (child.i,), depth + 1)

    def _last_class_before(self, tok: Token) -> Span | None:
        """The class or schedule named last before ``tok`` in its sentence or the one before."""
        for i in range(tok.i - 1, _sentences_back(tok, 1) - 1, -1):
            span = self.index.by_token.get(i)
            if span is not None and span.label_ in CLASS_TYPES:
                return span
        return None

    def _contrast_marker(self, tok: Token, conj: Token) -> int | None:
        """The "than" of "rather than" between ``tok`` and its conjunct ``conj`` ("an opioid
        rather(advmod) than(cc) a muscle relaxant(conj)"), which goes on the conjunct's path, where
        the negation cue of "rather than" finds it; None without one."""
        return next((m.i for m in tok.children if m.dep_ == "cc" and tok.i < m.i < conj.i and self._contrast(m)), None)

    def _contrast(self, tok: Token) -> bool:
        """``than`` in "rather than", ``of`` in "instead of" (the phrase that denies a class)."""
        for first, head in self.rules.contrast_markers:
            if tok.lower_ == head and any(c.lower_ == first for c in tok.children):
                return True
            if tok.lower_ == head and tok.i > 0 and tok.doc[tok.i - 1].lower_ == first:
                return True
        return False

    # -------------------------------------------------------------- subjects
    def subjects(self, tok: Token, path: tuple[int, ...], depth: int = 0,
                 classes: bool = False) -> Iterator[tuple[Span, tuple[int, ...]]]:
        """Drug mentions denoted by a subject-position token (through conjunction, apposition,
        relative pronouns and generic heads such as "the drug baclofen"); with ``classes``, class
        mentions too."""
        if depth > 6:
            return
        path = path + (tok.i,)
        span = self.index.drug_at(tok)
        if span is None and classes and (cls := self.index.class_at(tok)) is not None and cls.label_ == "class":
            span = cls  # a class as the subject of a relation: "opioids, which act on mu receptors"
        if span is not None:
            yield span, path
        elif pair := self.pair(tok, "class" if classes else "drug"):
            for referent in pair:  # "both drugs", "both drug classes"
                yield referent, path
        elif tok.i in self.resolved:
            yield self.resolved[tok.i], path
        elif tok.lemma_.lower() in self.rules.mechanism_heads:
            # "Baclofen's action on GABA-B receptors inhibits ...", "its mechanism involves ...",
            # "the action of baclofen": a drug's action stands for the drug
            for c in tok.children:
                if c.dep_ == "poss":
                    yield from self.subjects(c, path, depth + 1, classes)
                elif c.dep_ == "prep" and c.lower_ == "of":
                    for pobj in c.children:
                        if pobj.dep_ == "pobj" and self.index.drug_at(pobj):
                            yield from self.subjects(pobj, path + (c.i,), depth + 1, classes)
        elif tok.lower_ in RELATIVE_PRONOUNS and tok.head.dep_ == "relcl":
            # a class takes only the predicate of a non-restrictive relative clause: "muscle
            # relaxants, which are used for spasticity" (all of them); not "muscle relaxants
            # that act peripherally" (some of them)
            if not classes or _non_restrictive(tok):
                yield from self.subjects(tok.head.head, path + (tok.head.i,), depth + 1, classes)
        else:
            if tok.lemma_.lower() in self.rules.generic_heads or tok.lower_ in self.rules.dose_heads:
                # "the drug baclofen", "baclofen 20 mg is …" (the dose unit parsed as the head)
                deps: tuple[str, ...] = ("appos", "compound", "nmod", "npadvmod")
                if tok.lemma_.lower() in self.rules.classification_heads and tok.head.lemma_.lower() == "be":
                    deps += ("poss",)  # "baclofen's drug class is opioids": its class stands for it
                for child in tok.children:
                    if child.dep_ in deps and self.index.drug_at(child):
                        yield from self.subjects(child, path, depth + 1, classes)
            if (to := self.links.get(tok.i)) is not None:
                # a word the repair stage reads as another (models/repairs.yaml, `link`): "which"
                # right after a drug, a dose right after its drug ("I take baclofen 20 mg which is …")
                yield from self.subjects(tok.doc[to], path, depth + 1, classes)
        if span is None and not classes and (self.index.class_at(tok) is not None or
                                             tok.lemma_.lower() in self.rules.generic_heads):
            # "opioids like oxycodone and fentanyl are Schedule II", "drugs like baclofen and
            # oxycodone are opioids": the examples share the predicate
            for prep, pobj in self.examples(tok):
                yield from self.subjects(pobj, path + (prep.i,), depth + 1, classes)
        for child in tok.children:
            if child.dep_ == "conj" or (child.dep_ == "appos" and span is not None):
                yield from self.subjects(child, path, depth + 1, classes)

    def pair(self, tok: Token, label: str) -> list[Span]:
        """The two drugs or classes "both drugs" / "both (drug) classes" / "the two classes" (or
        a subject "both", "they ... both") refers to: the two distinct drugs named in its sentence or the two before it (none if
        there are more or fewer), or the two most recent distinct classes (a text contrasting
        two classes names their subclasses too: "not an opiate or an opioid"). A number as the
        subject ("all three are opioids", "The two are benzodiazepines") refers to as many
        drugs, exactly."""
        # a pronoun for two drugs: "Both are opioids.", "They are both opioids."
        pronoun = label == "drug" and tok.dep_ in ("nsubj", "nsubjpass") and (
            (tok.lower_ == "both" and all(c.is_punct for c in tok.children)) or
            (tok.lower_ in ("they", "these", "those") and any(c.lower_ == "both" for c in tok.head.children)))
        count = _COUNTS.get(tok.lower_) if label == "drug" and tok.dep_ in ("nsubj", "nsubjpass") and \
            tok.tag_ == "CD" and all(c.dep_ in ("det", "predet", "punct") for c in tok.children) else None
        if count is not None:
            return self._named_before(tok, label, count)
        if label == "drug" and not pronoun and tok.dep_ == "nsubj" and tok.lower_ in ("these", "those") \
                and not list(tok.children) and tok.head.lemma_ == "be":
            # a bare demonstrative over the two drugs named earlier in its own sentence ("heroin or
            # Valium, I know these are opioids"), or over the pair coordinated last before it
            return self._named_before(tok, label, 2, back=0) or self._pair_before(tok)
        heads = self.rules.class_anaphor_heads if label == "class" else self.rules.anaphoric_heads
        if not pronoun and (tok.lemma_.lower() not in heads or tok.tag_ not in ("NNS", "NNPS")):
            return []
        words = {c.lower_ for c in tok.children if c.dep_ in ("det", "predet", "nummod", "quantmod")}
        if not pronoun and "both" not in words and "two" not in words:
            return []
        return self._named_before(tok, label, 2)

    def _named_before(self, tok: Token, label: str, count: int, back: int = 2) -> list[Span]:
        """The ``count`` distinct drugs (or the last ``count`` classes) named before ``tok`` in
        its sentence and the ``back`` before it, as spans over ``tok``'s phrase; none when the drugs
        named are more or fewer ("both drugs" after three drugs is ambiguous)."""
        doc = tok.doc
        found: dict[str, Span] = {}
        for i in range(tok.left_edge.i - 1, _sentences_back(tok, back) - 1, -1):
            span = self.index.by_token.get(i) or self.resolved.get(i)
            if span is not None and span.label_ == label and span.start == i and not self._ingredient(span):
                found.setdefault(span.kb_id_, span)
            if len(found) == count + 1:
                break
        if len(found) < count or (label == "drug" and len(found) != count):
            return []
        found = dict(list(found.items())[:count])
        return [Span(doc, tok.left_edge.i, tok.i + 1, label=label, kb_id=kb, span_id=GROUP_REFERENCE)
                for kb in reversed(found)]

    def _ingredient(self, span: Span) -> bool:
        """Whether ``span`` names an ingredient of the drug its clause is about: the object of a
        verb of ``ingredient_verbs`` whose subject is a drug or refers to drugs ("Suboxone adds
        naloxone", "Both contain buprenorphine"; also as the parser reads "adds naloxone to deter
        injection", the subject of the infinitive), or a drug named as what a drug subject of "be"
        is made of ("Percocet is oxycodone plus acetaminophen"), so not one of a pair of peers."""
        root = span.root
        verb = root.head
        top = root
        while top.dep_ == "conj" and top.head.i != top.i:
            top = top.head
        if span.label_ == "drug" and top.dep_ == "attr" and top.head.lemma_ == "be" and any(
                c.dep_ == "nsubj" and self.index.drug_at(c) is not None for c in top.head.children):
            return True  # what a drug is made of: "Percocet is oxycodone plus acetaminophen"
        if root.dep_ == "nsubj" and verb.dep_ in ("advcl", "xcomp", "ccomp") and \
                any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
            verb = verb.head  # "Suboxone adds naloxone(nsubj) to(aux) discourage injection"
        elif root.dep_ != "dobj":
            return False
        return verb.lemma_.lower() in self.rules.ingredient_verbs and any(
            c.dep_ == "nsubj" and (self.index.drug_at(c) is not None or c.i in self.resolved or c.lower_ in ("both", "they"))
            for c in verb.children)

    def _pair_before(self, tok: Token) -> list[Span]:
        """The two drugs of the last drug coordination before ``tok`` in its sentence ("X or Y",
        "X and Y"), when the drug named last before ``tok`` ends it and it has exactly two."""
        drug = self.index.drug_at
        for i in range(tok.left_edge.i - 1, tok.sent.start - 1, -1):
            last = drug(tok.doc[i])
            if last is None:
                continue
            root = last.root
            first = drug(root.head) if root.dep_ == "conj" else None
            if first is None or first.kb_id_ == last.kb_id_ or root.head.dep_ == "conj" or \
                    sum(1 for c in root.head.children if c.dep_ == "conj" and drug(c) is not None) != 1:
                return []
            return [Span(tok.doc, tok.left_edge.i, tok.i + 1, label="drug", kb_id=d.kb_id_, span_id=GROUP_REFERENCE)
                    for d in (first, last)]
        return []

    def examples(self, cls: Token) -> Iterator[tuple[Token, Token]]:
        """(preposition, object) pairs that give examples of a class noun: "Cs like X",
        "Cs including X", "Cs such as X", "such Cs as X"."""
        for prep in cls.children:
            if prep.dep_ != "prep" or prep.lower_ not in self.rules.example_preps:
                continue
            if prep.lower_ == "as" and not any(t.lower_ == "such" for t in (*prep.children, *cls.children)) \
                    and not (prep.i > 0 and prep.doc[prep.i - 1].lower_ == "such"):
                continue
            for pobj in prep.children:
                if pobj.dep_ != "pobj":
                    continue
                first = pobj.left_edge
                if first.i == prep.i + 1 and first.dep_ in ("compound", "amod", "nmod") and first.head.i == pobj.i \
                        and self.index.drug_at(first) is not None and self.index.drug_at(pobj) is None \
                        and pobj.lower_ not in self.rules.dose_heads:
                    # the drug right after the preposition, parsed as a modifier of the verb after
                    # it read as a noun: "opiates such as baclofen wreck your gains"
                    yield prep, first
                else:
                    yield prep, pobj

    def clause_subjects(self, verb: Token, deps: tuple[str, ...],
                        classes: bool = False) -> Iterator[tuple[Span, tuple[int, ...]]]:
        """Subjects of a verb; a verb without one inherits from the verb it is an xcomp/conj of."""
        cur = verb
        path: tuple[int, ...] = ()
        for _ in range(4):
            found = [c for c in cur.children if c.dep_ in deps]
            if found:
                for c in found:
                    yield from self.subjects(c, path, classes=classes)
                return
            if cur.dep_ == "pcomp" and cur.head.lower_ in ("by", "through", "via") and cur.head.head.i != cur.head.i:
                # "baclofen works by hitting mu receptors": the means shares the subject
                path = path + (cur.i, cur.head.i, cur.head.head.i)
                cur = cur.head.head
                deps = ("nsubj", "nsubjpass")
                continue
            if cur.dep_ == "advcl" and cur.tag_ == "VBG" and cur.head.i != cur.i and not any(
                    c.dep_ == "mark" for c in cur.children):
                # a participial adjunct shares its clause's subject: "baclofen reduces spasms,
                # relieving symptoms such as clonus"
                path = path + (cur.i,)
                cur = cur.head
                deps = ("nsubj", "nsubjpass")
                continue
            if cur.dep_ in ("xcomp", "conj") and cur.head.i != cur.i:
                # an xcomp's head scopes over it ("should not be used to treat X", "wasn't
                # helping control X", "seems to be"), so it joins the path; a conjunct's head
                # only lends its subject
                path = path + (cur.i,) + ((cur.head.i,) if cur.dep_ == "xcomp" else ())
                cur = cur.head
                deps = ("nsubj", "nsubjpass")
                continue
            return

    def relation_objects(self, tok: Token, types: set[str], path: tuple[int, ...],
                         depth: int = 0) -> Iterator[tuple[Span, tuple[int, ...]]]:
        """Mentions of ``types`` denoted by an object-position token, through coordination and
        heads such as "potential for" / "risk of"."""
        if depth > 6:
            return
        path = path + (tok.i,)
        span = self.index.concept_at(tok, types)
        if span is not None:
            yield span, path
            for other in self.index.coordinated(span):
                yield other, path + (other.root.i,)
            # "spasticity of cerebral origin, such as cerebral palsy": examples of the object
            for prep, pobj in self.examples(tok):
                yield from self.relation_objects(pobj, types, path + (prep.i,), depth + 1)
        elif tok.lemma_.lower() in self.rules.relation_heads | self.rules.agonist_heads:
            # "potential for dependence", "acts as an agonist on GABA-B receptors"
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ in ("for", "of", "to", "on", "at"):
                    for pobj in prep.children:
                        if pobj.dep_ == "pobj":
                            yield from self.relation_objects(pobj, types, path + (prep.i,), depth + 1)
        elif tok.lemma_.lower() in self.rules.example_heads:
            # "relieving symptoms such as clonus and muscular rigidity"
            for prep, pobj in self.examples(tok):
                yield from self.relation_objects(pobj, types, path + (prep.i,), depth + 1)
        for child in tok.children:
            if child.dep_ == "conj":
                # "binds GABA-B receptors rather than opioid receptors": the marker on the path
                marker = self._contrast_marker(tok, child)
                yield from self.relation_objects(child, types, path if marker is None else path + (marker,),
                                                 depth + 1)

    def relation_subjects(self, verb: Token, deps: tuple[str, ...]) -> list[tuple[Span, tuple[int, ...]]]:
        """Drug subjects, or else class subjects ("opioids act on mu receptors")."""
        return list(self.clause_subjects(verb, deps)) or list(self.clause_subjects(verb, deps, classes=True))

    # -------------------------------------------------------------- output
    def emit(self, shape: str, predicate: Token, subjects, objects, trigger: tuple[int, ...],
             relation: str = "is_a") -> None:
        """Claims between each subject and object, reported under the id of the rule that
        extends ``shape`` (nothing when no enabled rule does)."""
        pattern = self.ids.get(shape, shape if shape not in CODED_SHAPES else None)
        if pattern is None:
            return
        objects = list(objects)
        for subj, spath in subjects:
            for obj, opath in objects:
                path = tuple(dict.fromkeys(spath + (predicate.i,) + opath))
                restricted = _restrictions(obj, opath, set(path), self.index, self.rules.plain_class_modifiers,
                                          self.rules.nationwide_places) + _lesser_degree(obj, self.rules)
                self.claims.append(Claim(subj, obj, relation, pattern, predicate.i, path, trigger, restricted))


def extract(doc: Doc, spans: list[Span], rules: ExtractionRules, hearst: Matcher) -> list[Claim]:
    """All class-membership claims in ``doc`` between the given mentions."""
    written = references(doc)  # a references stage's output, when one ran
    if not any(s.label_ in ("drug", "class") for s in spans) or len(spans) + len(written) < 2:
        return []
    spans = spans + class_ones(doc, spans, rules)
    index = MentionIndex(spans, coordinated(doc))
    w = _Walker(rules, index, resolve_references(doc, index, rules), rules.coded(), links(doc))
    # Each reading below states nothing about a token without the word or the attachment it
    # starts from, so it is called only on the tokens that have one (in the same order: the
    # claims come out in the same order).
    verbal = rules.copula_lemmas | rules.classification_verbs | rules.membership_verbs.keys()
    relational = rules.copula_lemmas | rules.list_verbs | {v for r in rules.relations.values() for v in r.verbs}
    mentioned = index.by_token
    for tok in doc:
        lemma, dep = tok.lemma_.lower(), tok.dep_
        if lemma in verbal or tok.pos_ == "VERB":
            _verbal(w, tok)
        if dep in ("ccomp", "xcomp", "oprd"):
            _small_clause(w, tok)
        if dep == "prep":
            _comparison(w, tok)
            _compared_drug(w, tok)
            if tok.lower_ in ("among", "amongst"):
                _among(w, tok)
            elif tok.lower_ == "as":
                _role(w, tok)
        if lemma in relational or tok.i in mentioned or tok.tag_ == "VBN":
            _relations(w, tok)
        if lemma in rules.mechanism_heads:
            _action_noun(w, tok)
        if lemma in rules.classification_heads:
            _same_class(w, tok)
    for span in spans:
        if span.label_ == "effect":
            _effect_of(w, span)
        if span.label_ == "drug":
            _noun_phrase(w, span.root)
            _label(w, span)
            _bracketed_gloss(w, span)
        elif span.label_ in CLASS_TYPES:
            _both_apposition(w, span)
            _examples(w, span)
            _example_list(w, span)
            _included(w, span)
            _other_members(w, span)
    _hearst(w, doc, hearst)
    _dependency_rules(w, doc)
    _answered_question(w, doc, spans)
    for span in spans:
        if span.label_ in CLASS_TYPES:
            _example_list(w, span, colon_list=True)
    if "\n" in doc.text:
        lines = _lines(doc)
        _heading_list(w, lines)
        _heading_labels(w, doc, lines)
        _table(w, lines)
    for tok in doc:
        if tok.lemma_.lower() in rules.ellipsis_verbs:
            _ellipsis(w, tok)
    seen: dict[tuple[int, str, int, str, str], Claim] = {}
    for claim in w.claims:
        if not _owned_by_a_closer_drug(doc, index, claim):
            seen.setdefault(claim.key, claim)
    return sorted(seen.values(), key=lambda c: (c.subject.start, c.object.start))


# what may stand between a drug and the class it is paired with in a gapped or tabular item:
# "oxycodone an opioid", "fentanil=opioid", "oxycodone: opioid", "oxycodone - an opioid"
_PAIRING = frozenset({"=", ":", "-", "\u2013", "\u2014", "->", "=>", "\u2192", "a", "an", "the", "just", "as"})


def _owned_by_a_closer_drug(doc: Doc, index: MentionIndex, claim: Claim) -> bool:
    """Whether another drug opening an item of its own (after a comma, a semicolon or a line
    break) stands between the claim's subject and its object, paired with the object by nothing
    but a determiner or a mark ("Baclofen is an antispastic, oxycodone an opioid",
    "Bacloffen=muscle relaxant, fentanil=opioid"): the object is that drug's, not the
    subject's (a parse that gaps the second item under the first verb reads it wrongly)."""
    subj, obj = claim.subject, claim.object
    if obj.end <= subj.start:
        # the mirror: the subject after the object opens an item of its own with another class
        # ("an antispastic, oxycodone an opioid": not "oxycodone, an antispastic")
        j = subj.end
        while j < len(doc) and (doc[j].lower_ in _PAIRING or doc[j].is_space) and "\n" not in doc[j].text:
            j += 1  # (on its line: the next line's "Muscle relaxants: ..." is an item of its own)
        if "\n" in doc[j - 1].whitespace_ or j < len(doc) and "\n" in doc[j].text:
            return False
        other = index.by_token.get(j) if j > subj.end else None
        return other is not None and other.label_ != "drug" and other.start == j and other.kb_id_ != obj.kb_id_
    if subj.end > obj.start:
        return False
    for i in range(subj.end, obj.start):
        other = index.by_token.get(i)
        if other is None or other.label_ != "drug" or other.start != i or other.kb_id_ == subj.kb_id_:
            continue
        # (other drugs coordinated with it stand between too: "..., fentanyl and oxycodone as opioids")
        between = [t for t in doc[other.end:obj.start] if not t.is_space and t.lower_ not in ("and", "or", "&", ",")
                   and (index.by_token.get(t.i) is None or index.by_token[t.i].label_ != "drug")]
        before = doc[i - 1] if i > 0 else None
        opens_item = before is None or before.text in (",", ";") or "\n" in before.text_with_ws or (
            before.lower_ in ("and", "while", "whereas") and i > 1 and doc[i - 2].text == ",")
        if opens_item and between and all(t.lower_ in _PAIRING for t in between):
            return True
    return False


def _verbal(w: _Walker, v: Token) -> None:
    rules = w.rules
    lemma = v.lemma_.lower()
    if lemma in rules.copula_lemmas and v.pos_ in ("AUX", "VERB"):
        attrs = [c for c in v.children if c.dep_ in ("attr", "acomp")]
        # "isnt a opiate its a muscle relaxer": a later complement opened by "its" / "thats"
        # is a clause of its own (the negation of the first does not reach it)
        split = [a for a in attrs[1:] if any(t.lower_ in _CLAUSE_OPENERS for t in a.doc[attrs[0].right_edge.i + 1:a.i])]
        for a in split:
            opener = next(t for t in a.doc[attrs[0].right_edge.i + 1:a.i] if t.lower_ in _CLAUSE_OPENERS)
            w.emit("copula", opener, w.clause_subjects(v, ("nsubj", "nsubjpass")), w.targets(a, ()), (opener.i,))
        objs = [t for c in attrs if c not in split for t in w.targets(c, ())]
        for prep in v.children:
            if prep.dep_ == "prep" and prep.lower_ in rules.copula_preps:
                objs += [t for p in prep.children if p.dep_ == "pobj" for t in w.targets(p, (prep.i,))]
        if not objs:
            # "common opioids are oxycodone and fentanyl", "the opioid I took was oxycodone"
            classes = [t for c in v.children if c.dep_ == "nsubj" for t in w.targets(c, ())]
            # a pseudo-cleft: "the one that's an antispastic is oxycodone"
            classes += [t for c in v.children if c.dep_ == "nsubj" and not w.index.drug_at(c)
                        for r in c.children if r.dep_ == "relcl" and r.lemma_.lower() in rules.copula_lemmas
                        and any(p.dep_ == "nsubj" and p.lower_ in RELATIVE_PRONOUNS for p in r.children)
                        for a in r.children if a.dep_ in ("attr", "acomp") for t in w.targets(a, (c.i, r.i))]
            drugs = [s for c in v.children if c.dep_ == "attr" for s in w.subjects(c, ())]
            if classes and drugs:
                w.emit("copula", v, drugs, classes, (v.i,))
            return
        if objs:
            subjects = list(w.clause_subjects(v, ("nsubj", "nsubjpass")))
            if not subjects:  # a wh-cleft: "what baclofen actually is, is a muscle relaxant"
                subjects = [s for c in v.children if c.dep_ == "csubj" and c.lemma_.lower() in rules.copula_lemmas
                            and any(t.lower_ == "what" for t in c.children)
                            for n in c.children if n.dep_ == "nsubj" for s in w.subjects(n, (c.i,))]
            if not subjects:
                subjects = _participle_subject(w, v)
            w.emit("copula", v, subjects, objs, (v.i,))
        return
    if lemma in rules.seeming_verbs and v.pos_ == "VERB":
        # "X seems an opioid", "X seems like an opioid to me" ("seems to be" is read at "be")
        objs = [t for c in v.children if c.dep_ in ("attr", "acomp", "oprd") for t in w.targets(c, ())]
        objs += [t for p in v.children if p.dep_ == "prep" and p.lower_ == "like"
                 for o in p.children if o.dep_ == "pobj" for t in w.targets(o, (p.i,))]
        if objs:
            w.emit("copula", v, w.clause_subjects(v, ("nsubj",)), objs, (v.i,))
        return
    if lemma in rules.classification_verbs:
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in v.children)
        if passive:
            subj_deps: tuple[str, ...] = ("nsubjpass", "nsubj")
        elif lemma in rules.intransitive_classification_verbs or (
                not any(c.dep_ == "dobj" for c in v.children) and any(c.dep_ == "nsubj" for c in v.children)):
            subj_deps = ("nsubj",)  # "X counts as C"; "X ranks among the Cs" (no object)
        else:
            subj_deps = ("dobj",)
        objs, trigger = [], [v.i]
        for c in v.children:
            if c.dep_ == "prep" and (c.lower_ in rules.classification_preps or
                                     (c.lower_ in rules.grouping_preps and lemma in rules.grouping_verbs)):
                trigger.append(c.i)
                objs += [t for p in c.children if p.dep_ == "pobj" for t in w.targets(p, (c.i,))]
            elif c.dep_ in ("oprd", "attr") or (c.dep_ == "xcomp" and c.pos_ in ("NOUN", "PROPN", "ADJ")):
                objs += list(w.targets(c, ()))
        if objs:
            if subj_deps != ("dobj",):
                subjects = list(w.clause_subjects(v, subj_deps)) or _participle_subject(w, v)
            elif any(c.dep_ == "dobj" and c.lower_ in ("what", "which") for c in v.children) \
                    and v.dep_ in ("ccomp", "attr", "relcl") and v.head.lemma_ == "be":
                # "baclofen is what pharmacists call an opiate"
                subjects = list(w.clause_subjects(v.head, ("nsubj",)))
            else:
                subjects = [s for c in v.children if c.dep_ == "dobj" for s in w.subjects(c, ())]
            w.emit("classification", v, subjects, objs, tuple(trigger))
        return
    preps = rules.membership_verbs.get(lemma)
    if preps:
        for c in v.children:
            if c.dep_ == "prep" and c.lower_ in preps:
                objs = [t for p in c.children if p.dep_ == "pobj" for t in w.targets(p, (c.i,))]
                if objs:
                    w.emit("membership", v, list(w.clause_subjects(v, ("nsubj",))) or _participle_subjects(w, v),
                           objs, (v.i, c.i))


def _participle_subjects(w: _Walker, v: Token) -> list[tuple[Span, tuple[int, ...]]]:
    """The subject of a participle that modifies a noun ("fentanyl, belonging to the opioid
    class, ..."; "fentanyl is a depressant belonging to the opioid class"): the drug the noun
    names, or the subject of the linking verb whose complement the noun is."""
    if v.dep_ != "acl" or v.tag_ != "VBG" or v.head.i == v.i:
        return []
    noun = v.head
    if w.index.drug_at(noun) is not None:
        return list(w.subjects(noun, (v.i,)))
    if noun.dep_ == "attr" and noun.head.lemma_.lower() in w.rules.copula_lemmas:
        return [(s, p + (noun.i,)) for s, p in w.clause_subjects(noun.head, ("nsubj", "nsubjpass"))]
    return []


def _relations(w: _Walker, v: Token) -> None:
    """Verbal relations: "acts on GABA-B receptors", "works centrally", "causes withdrawal",
    "is used for spasticity", "is given intrathecally"; and "a GABA-A agonist"."""
    lemma = v.lemma_.lower()
    _verbal_mention(w, v)
    _implicit_list(w, v)
    _implicit_passive(w, v)
    if lemma in w.rules.copula_lemmas:
        _agonist(w, v)
        _use_noun(w, v)
        return
    for relation, trigger, found in _verb_relations(w, v):
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in v.children)
        subjects = w.relation_subjects(v, ("nsubjpass", "nsubj") if passive else ("nsubj",)) \
            or _participle_subject(w, v)
        for obj, opath in found:
            w.emit("relation", v, subjects, [(obj, opath)], trigger, relation=relation[obj.label_])


def _action_noun(w: _Walker, tok: Token) -> None:
    """A drug's action with its target: "baclofen's action on mu receptors", "its action in
    the spinal cord", "the binding of fentanyl to mu receptors", "its main action is on the mu
    receptor", "has no affinity for opioid receptors" (acts_on a receptor, or a site). The drug
    is the possessor, the "of" phrase, a resolved demonstrative, or the subject of a light verb."""
    if tok.lemma_.lower() not in w.rules.mechanism_heads or tok.pos_ != "NOUN":
        return
    rule = w.rules.relations.get("acts_on")
    if rule is None:
        return
    preps = ({p for ps in rule.verbs.values() for p in ps} | {"for"}) - {"", "as"}
    holders: list[tuple[Token, tuple[int, ...]]] = [(tok, ())]
    if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_.lower() in w.rules.copula_lemmas:
        holders.append((tok.head, (tok.head.i,)))  # "its main action is on the mu receptor"
    elif tok.dep_ == "dobj" and tok.head.lemma_.lower() in w.rules.light_verbs:
        holders.append((tok.head, (tok.head.i,)))  # "possesses affinity (for R)", the phrase on the verb
    objects = [o for h, via in holders for p in h.children if p.dep_ == "prep" and p.lower_ in preps
               for q in p.children if q.dep_ == "pobj"
               for o in w.relation_objects(q, set(rule.objects), via + (p.i,))]
    if not objects:
        return
    subjects = list(w.subjects(tok, ()))
    if not subjects and tok.dep_ == "dobj" and tok.head.lemma_.lower() in w.rules.light_verbs:
        # "baclofen has no action on opioid receptors", "it exerts its action in the spinal cord"
        subjects = [(s, p + (tok.head.i,)) for s, p in w.clause_subjects(tok.head, ("nsubj",))]
    for obj, opath in objects:
        w.emit("action_noun", tok, subjects, [(obj, opath)], (tok.i,), relation=rule.objects[obj.label_])


def _implicit_list(w: _Walker, inc: Token) -> None:
    """A list of a relation's objects whose subject is left implicit: "Conditions treated
    include multiple sclerosis and cerebral palsy", "Side effects include drowsiness". The
    subject is the drug named in a prepositional phrase ("treated with baclofen", "side effects
    of baclofen"), else the drug the text is about (resolved like an anaphor)."""
    if inc.lemma_.lower() not in w.rules.list_verbs or inc.i < 1:
        return
    doc = inc.doc
    subj = next((c for c in inc.children if c.dep_ == "nsubj"), None)
    participle = None
    if subj is None:  # (a subject the parser attached elsewhere is restored by the parse-repair
        return  # stage: list_subject_attached_elsewhere, participle_read_as_the_verb)
    # "Conditions treated with baclofen include", "Side effects of X include"
    head = subj
    participle = next((c for c in subj.children if c.dep_ == "acl" and c.tag_ == "VBN"), None)
    relations: dict[str, str] = {}
    if participle is not None:
        # a head noun and a participle of a relation's verb
        for rule in w.rules.relations.values():
            if "" in rule.verbs.get(participle.lemma_.lower(), ()):
                relations |= rule.objects
        subject_words: tuple[Token, ...] = (head, participle)
    else:
        names = [head.lemma_.lower()] + ([f"{doc[head.i - 1].lower_} {head.lemma_.lower()}"] if head.i > 0 else [])
        relation = next((w.rules.implicit_relation_heads[n] for n in names if n in w.rules.implicit_relation_heads), None)
        if relation is not None:
            relations = {t: r for rule in w.rules.relations.values() for t, r in rule.objects.items() if r == relation}
        subject_words = (head,)
    if not relations or head.pos_ not in ("NOUN", "PROPN") or (
            subject_words[0] is not head and head.lemma_.lower() not in w.rules.example_heads):
        return
    # ("side effects are nausea ...": the parser may read the noun as an adjectival complement)
    objects = [o for c in inc.children if c.dep_ in ("dobj", "attr", "pobj", "acomp")
               for o in w.relation_objects(c, set(relations), (inc.i,))]
    if not objects:
        return
    named = [s for t in subject_words for c in t.children if c.dep_ in ("prep", "agent") and c.lower_ in ("of", "with", "by", "from")
             for p in c.children if p.dep_ == "pobj" for s in w.subjects(p, (t.i, c.i), classes=True)]
    named += [s for c in head.children if c.dep_ in ("poss", "compound", "nmod") for s in w.subjects(c, (head.i,), classes=True)]
    if named:
        subjects = named
    else:
        ante = w.resolved.get(head.i) or w.refs.antecedent(head)
        if ante is None:
            return
        implicit = Span(doc, head.left_edge.i, max(head.i, subject_words[-1].i) + 1, label=ante.label_, kb_id=ante.kb_id_)
        w.resolved[head.i] = implicit  # an antecedent for what follows ("... Side effects include ...")
        subjects = [(implicit, tuple(t.i for t in subject_words))]
    for obj, opath in objects:
        w.emit("implicit_subject", inc, subjects, [(obj, opath)], (inc.i,), relation=relations[obj.label_])


def _implicit_passive(w: _Walker, v: Token) -> None:
    """A passive whose subject is the relation's object and whose drug is left implicit: "(for
    severe spasticity,) an intrathecal delivery system is used". Only for the relations listed
    in ``implicit_passive_relations`` (a route is used *for* the drug the text is about), and
    only when the sentence names no drug; the drug is resolved like an anaphor. (A drug the
    claim set does not know, "is used for morphine", is not seen: the reading is then wrong,
    which is why the relations are few.)"""
    if v.tag_ != "VBN" or not any(c.dep_ == "auxpass" for c in v.children) or \
            any(c.dep_ == "agent" for c in v.children):
        return
    subjects = [c for c in v.children if c.dep_ == "nsubjpass"]
    for rule in w.rules.relations.values():
        if "" not in rule.verbs.get(v.lemma_.lower(), ()):
            continue
        types = {t for t, r in rule.objects.items() if r in w.rules.implicit_passive_relations}
        found = [o for c in subjects for o in w.relation_objects(c, types, ())]
        if not found:
            continue
        if any(w.index.drug_at(t) for t in v.sent):
            return  # a drug named in the sentence is not left implicit
        ante = w.refs.antecedent(subjects[0])
        if ante is None:
            return
        aux = [c for c in v.children if c.dep_ in ("auxpass", "aux") and c.i < v.i]
        verb = Span(v.doc, min([v.i] + [a.i for a in aux]), v.i + 1, label=ante.label_, kb_id=ante.kb_id_)
        for obj, opath in found:
            w.emit("implicit_subject", v, [(verb, (v.i,))], [(obj, opath)], (v.i,), relation=rule.objects[obj.label_])


def _verb_relations(w: _Walker, v: Token) -> Iterator[tuple[dict[str, str], tuple[int, ...],
                                                            list[tuple[Span, tuple[int, ...]]]]]:
    """For each relation rule of ``v``'s verb: (object type -> relation name, trigger words,
    objects with their paths), when ``v`` has objects of the rule's types."""
    lemma = v.lemma_.lower()
    for rule in w.rules.relations.values():
        preps = rule.verbs.get(lemma)
        if preps is None or v.pos_ not in ("VERB", "AUX"):
            continue
        types = set(rule.objects)
        found: list[tuple[Span, tuple[int, ...]]] = []
        trigger = [v.i]
        for c in v.children:
            if "" in preps and c.dep_ in ("dobj", "advmod", "npadvmod", "attr", "acomp"):
                found += w.relation_objects(c, types, ())
            elif c.dep_ in ("prep", "agent", "dative") and c.lower_ in preps:
                # "acts centrally rather than on the PNS" with "than" attached to the verb: the
                # contrast word joins the path (the context lexicon reads it as a negation)
                via = (c.i - 1,) if c.i > 0 and w._contrast(c.doc[c.i - 1]) else ()
                objs = [o for p in c.children if p.dep_ == "pobj" for o in w.relation_objects(p, types, via + (c.i,))]
                if objs:
                    trigger.append(c.i)
                found += objs
            elif c.dep_ == "prt" and c.lower_ in preps:  # "acts upon", phrasal particles
                trigger.append(c.i)
            elif w._contrast(c):
                # "acts peripherally rather than on the CNS": the denied alternative (the
                # context lexicon reads "rather than" on the path as a negation)
                for q in c.children:
                    if q.dep_ == "pobj":
                        found += w.relation_objects(q, types, (c.i,))
                    elif q.dep_ == "prep" and (q.lower_ in preps or "" in preps):
                        found += [o for r in q.children if r.dep_ == "pobj"
                                  for o in w.relation_objects(r, types, (c.i, q.i))]
        if found:
            yield rule.objects, tuple(trigger), found


def _non_restrictive(pronoun: Token) -> bool:
    """Whether a relative pronoun opens a non-restrictive clause (set off by a comma)."""
    prev = pronoun.doc[pronoun.i - 1] if pronoun.i > 0 else None
    return prev is not None and prev.text in (",", "(", "–", "—")


def _verbal_mention(w: _Walker, v: Token) -> None:
    """An effect named by a verb phrase, the verb its first word: "(this action) hyperpolarizes
    neurons", "reduces the release of excitatory neurotransmitters"."""
    span = w.index.by_token.get(v.i)
    if span is None or span.start != v.i or span.label_ != "effect" or v.pos_ != "VERB" or v.tag_ == "VBN":
        return
    relation = w.rules.relation_for("effect")
    if relation is not None:
        w.emit("verbal_mention", v, w.relation_subjects(v, ("nsubj",)), [(span, (v.i,))], (v.i,), relation=relation)


def _participle_subject(w: _Walker, v: Token) -> list[tuple[Span, tuple[int, ...]]]:
    """The implied subject of a participle without one of its own ("Baclofen, being an opioid,
    should not be mixed"): the noun it modifies, or the subject of its clause. (A subject the
    parser misattached is restored by the parse-repair stage: models/repairs.yaml.)"""
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in v.children):
        return []
    if v.tag_ == "VBG" and v.dep_ in ("advcl", "acl"):
        # "Baclofen, being an opioid, should not be mixed": the participle's subject is the
        # noun it modifies, or the subject of its clause
        if w.index.drug_at(v.head):
            return list(w.subjects(v.head, ()))
        return [s for c in v.head.children if c.dep_ in ("nsubj", "nsubjpass", "npadvmod") and c.i < v.i
                for s in w.subjects(c, ())]
    return []


def _use_noun(w: _Walker, v: Token) -> None:
    """"baclofen is (not) a treatment for cerebral palsy": a use stated with a noun."""
    rule = w.rules.relations.get("use")
    if rule is None:
        return
    for attr in v.children:
        if attr.dep_ != "attr" or attr.lemma_.lower() not in w.rules.use_heads:
            continue
        objs = [o for p in attr.children if p.dep_ == "prep" and p.lower_ == "for"
                for q in p.children if q.dep_ == "pobj" for o in w.relation_objects(q, set(rule.objects), (attr.i, p.i))]
        if objs:
            w.emit("use_noun", v, w.relation_subjects(v, ("nsubj",)), objs, (v.i, attr.i), relation="use")


def _agonist(w: _Walker, v: Token) -> None:
    """"baclofen is a GABA-A agonist", "an agonist at mu receptors", "a GABA-B drug": acts_on the receptor,
    unless the phrase is itself a class of the claim set (then it is a membership claim); a
    class that names no receptor of its own ("a partial agonist") still acts on the receptor
    its "at" phrase names ("a partial agonist at the mu receptor")."""
    rule = w.rules.relations.get("acts_on")
    if rule is None:
        return
    for attr in v.children:
        lemma = attr.lemma_.lower()
        agent = lemma in w.rules.agonist_heads
        if attr.dep_ != "attr" or not (agent or lemma in w.rules.receptor_drug_heads):
            continue
        cls = w.index.class_at(attr)
        objs = [] if cls is not None else [
            o for c in attr.children if c.dep_ in _MODIFIERS and c.i < attr.i
            for o in w.relation_objects(c, {"receptor"}, (attr.i,))]
        # (a drug named by its receptor takes it as a modifier only: "a GABA-B drug", not "a drug for ...")
        objs += [o for p in attr.children if agent and p.dep_ == "prep" and p.lower_ in ("at", "of", "on", "for")
                 for q in p.children if q.dep_ == "pobj" for o in w.relation_objects(q, {"receptor"}, (attr.i, p.i))]
        if objs:
            w.emit("agonist", v, w.relation_subjects(v, ("nsubj",)), objs, (v.i, attr.i), relation="acts_on")


def _small_clause(w: _Walker, tok: Token) -> None:
    """A nominal predicate with its own subject: "doctors consider baclofen an opioid"."""
    if tok.pos_ not in ("NOUN", "PROPN", "ADJ") or tok.dep_ not in ("ccomp", "xcomp", "oprd"):
        return
    subjects = [s for c in tok.children if c.dep_ == "nsubj" for s in w.subjects(c, ())]
    if subjects:
        w.emit("small_clause", tok, subjects, w.targets(tok, ()), (tok.head.i,))


def _past_decoration(doc: Doc, i: int, marks: frozenset[str]) -> int:
    """The first token from ``i`` that is not decoration: an emoji that is not a mark, markup
    alone ("**", "*"), or a space within the line (a tag blanked by cleaning)."""
    while i < len(doc) and ((is_symbol(doc[i].text) and doc[i].text not in marks) or
                            (_marks_only(doc[i]) and ":" not in doc[i].text) or
                            (doc[i].is_space and "\n" not in doc[i].text)):
        i += 1
    return i


def _label_key(w: _Walker, doc: Doc, i: int, colon: bool) -> tuple[str | None, int]:
    """A key of ``heading_label_keys`` of one to three words at ``i`` ("MoA", "class",
    "drug class"), markup around it left out, and the token after it (after its colon when
    ``colon``, which the key must then have): (relation, index), or (None, i)."""
    words: list[str] = []
    k = i
    while k < len(doc) and len(words) < 3 and not doc[k].is_space:
        if _marks_only(doc[k]) and ":" not in doc[k].text:
            k += 1
            continue
        if doc[k].text.strip("*_") == ":":
            break
        words.append(doc[k].lower_)
        k += 1
        relation = w.rules.heading_label_keys.get(" ".join(words))
        if relation is None:
            continue
        j = _past_decoration(doc, k, w.rules.label_marks)
        if not colon:
            return relation, k
        if j < len(doc) and doc[j].text.strip("*_") == ":":
            return relation, j + 1
    return None, i


def _value_types(w: _Walker, relation: str) -> dict[str, str]:
    """Mention type -> the relation a value of that type states under a key of ``relation``
    (acting on a site is "site"; a class under any key is the drug's class: "mechanism:
    mu-opioid agonist")."""
    takes = {t: "is_a" for t in CLASS_TYPES}
    if relation != "is_a":
        takes.update(w.rules.relations[relation].objects)
    return takes


def _label(w: _Walker, drug: Span) -> None:
    """Label and list notation: "- Baclofen: an opioid painkiller", "BACLOFEN = OPIOID",
    "Baclofen (Lioresal) - opiate", "**Fentanyl** → opioid", "Gablofen 👉 mu opioid agonist". The
    class phrase must follow the mark and end the line or sentence, with no verb in between.
    A key of ``heading_label_keys`` may name the relation, before the mark ("Baclofen MoA →
    agonist at kappa receptors", "Baclofen mechanism: blocks mu receptors", where a verb may
    stand) or after it ("Fentanyl → class: opioid"); the value's first mention of a type the
    relation takes is then the object. A phrase that names no class but a receptor states what
    the drug acts on ("Baclofen → agonist at kappa opioid receptors")."""
    doc = drug.doc
    marks = w.rules.label_marks
    i = _past_dose(w, doc, drug.end)  # "Oxycodone HCl 10 mg — Class: muscle relaxant"
    if i < len(doc) and doc[i].text == "(":  # "Baclofen (Lioresal) - opiate": a brand or note in brackets
        close = next((k for k in range(i + 1, min(i + 8, len(doc))) if doc[k].text == ")"), None)
        if close is not None:
            i = close + 1
    i = _past_decoration(doc, i, marks)  # "Baclofen 💊 = opioid", "**Baclofen** →"
    relation, after = _label_key(w, doc, i, colon=False)
    if relation is not None:
        i = _past_decoration(doc, after, marks)
    if i >= len(doc) or doc[i].text not in marks:
        return
    mark = doc[i]
    j = _past_decoration(doc, i + 1, marks)
    if relation is None:
        relation, j = _label_key(w, doc, j, colon=True)
        j = _past_decoration(doc, j, marks)
    while j < len(doc) and (doc[j].dep_ == "det" or doc[j].lower_ in ("a", "an", "the")):
        j += 1
    phrase: list[Token] = []
    mentions: list[Span] = []
    k = j
    while k < len(doc):
        tok = doc[k]
        span = w.index.by_token.get(k)
        if span is not None and span.start == k:
            mentions.append(span)
            phrase.extend(doc[k:span.end])
            k = span.end
            continue
        if tok.is_space and "\n" in tok.text or tok.is_sent_start and tok.i > j or tok.is_punct \
                or is_symbol(tok.text):
            break
        if tok.pos_ in ("VERB", "AUX") and relation in (None, "is_a"):
            return
        phrase.append(tok)
        k += 1
    if not phrase:
        return
    if relation in (None, "is_a"):
        head = phrase[-1]  # the head of a noun phrase stands last: "an opioid painkiller"
        found = list(w.targets(head, ()))
        if found:
            w.emit("label", mark, [(drug, (drug.root.i,))], found, (mark.i,))
            return
    # the value's first mention of a type the key's relation takes, or, with no key, a receptor
    takes = _value_types(w, relation) if relation is not None else {"receptor": "acts_on"}
    value = next((m for m in mentions if m.label_ in takes), None)
    if value is not None:
        w.emit("label", mark, [(drug, (drug.root.i,))], [(value, (value.root.i,))], (mark.i,),
               relation=takes[value.label_])


_LIST_GLUE = frozenset({",", "and", "&", "or", "my", "the", "his", "her", "their", "our", "your"})


def _both_apposition(w: _Walker, cls: Span) -> None:
    """A class after a list of drugs, set off by a comma and "both" or "all", read on the surface
    (the parser hangs it anywhere): "Oxycodone and fentanyl, both opioids, accounted for ...",
    "my oxycodone and my baclofen, both opioids". Each drug of the list is one of the class; the
    list holds drugs, their determiners, commas and "and"/"or", and the drugs' generic heads."""
    doc = cls.doc
    k = cls.start - 1
    while k >= 0 and doc[k].dep_ in ("det", "amod") and doc[k].lower_ not in ("both", "all"):
        k -= 1  # "both potent opioids"
    if k < 1 or doc[k].lower_ not in ("both", "all") or doc[k - 1].text != ",":
        return
    drugs: list[tuple[Span, tuple[int, ...]]] = []
    j = k - 2
    while j >= 0:
        span = w.index.by_token.get(j)
        if span is not None and span.label_ == "drug":
            drugs.append((span, (span.root.i,)))
            j = span.start - 1
        elif doc[j].lower_ in _LIST_GLUE or doc[j].is_space or doc[j].lemma_.lower() in w.rules.generic_heads:
            j -= 1
        else:
            break
    if len(drugs) >= 2:
        w.emit("apposition", cls.root, drugs, [(cls, (cls.root.i,))], ())


def _among(w: _Walker, prep: Token) -> None:
    """"Among the Cs, X stands out", "Among the Cs I was given are X and Y": the subjects of the
    clause the phrase belongs to are among the class (presupposed, as a list's class is)."""
    for pobj in prep.children:
        if pobj.dep_ != "pobj":
            continue
        classes = list(w.targets(pobj, (prep.i,)))
        if classes and prep.head.i != prep.i:
            subjects = [(s, p) for s, p in w.clause_subjects(prep.head, ("nsubj", "nsubjpass")) if s.label_ == "drug"]
            if not subjects and prep.head.lemma_.lower() in w.rules.among_object_verbs and prep.i < prep.head.i:
                # "Among the opioids on the cart you'll find X and Y": the objects
                subjects = [(s, p) for s, p in w.clause_subjects(prep.head, ("dobj",)) if s.label_ == "drug"]
            w.emit("among", prep, subjects, classes, (prep.i,))


def _role(w: _Walker, prep: Token) -> None:
    """A role phrase before the subject of its clause: "As an opioid, fentanyl carries a high
    risk" (the subject is one of the class; a class with an indefinite article only: "as the
    opioids do" compares)."""
    head = prep.head
    if head.i == prep.i or head.pos_ not in ("VERB", "AUX"):
        return
    subjects = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects or subjects[0].i < prep.i:
        return
    for pobj in prep.children:
        if pobj.dep_ == "pobj" and any(d.lower_ in ("a", "an") for d in pobj.children if d.dep_ == "det"):
            classes = list(w.targets(pobj, (prep.i,)))
            if classes:
                drugs = [(s, p) for s, p in w.clause_subjects(head, ("nsubj", "nsubjpass")) if s.label_ == "drug"]
                w.emit("role", prep, drugs, classes, (prep.i,))


def _past_dose(w: _Walker, doc: Doc, i: int) -> int:
    """The first token at or after ``i`` past a dose written after a drug's name, on its line:
    numbers, units and forms (``dose_heads``), salts, routes and frequencies (``dose_words``);
    ``i`` itself when no number or unit is among them ("baclofen (an opioid)", "Oxycodone —")."""
    k, dosed = i, False
    while k < min(len(doc), i + 10):
        tok = doc[k]
        lower = tok.lower_
        if tok.like_num or lower in w.rules.dose_heads or lower.rstrip("0123456789.") in ("mg", "mcg", "ml"):
            dosed = dosed or tok.like_num or lower in w.rules.dose_heads
        elif lower not in w.rules.dose_words or (tok.is_punct and not dosed):
            break
        k += 1
    while k > i and doc[k - 1].is_punct:
        k -= 1  # (a trailing "/" or "-" belongs to what follows: "10 mg - opioid")
    return k if dosed else i


def _bracketed_gloss(w: _Walker, drug: Span) -> None:
    """Classes in brackets right after a drug, read on the surface (the parser hangs a bracket
    anywhere: a second object, a parataxis): "started oxycodone (muscle relaxant) today",
    "continue baclofen (antispastic, GABA-B agonist)". The brackets hold class mentions, articles,
    commas and "and"/"or"/"/" and nothing else (a brand, a dose or a "not" is no gloss); each class
    is an apposition of the drug."""
    doc = drug.doc
    i = _past_dose(w, doc, drug.end)  # "baclofen 10 mg PO TID (an opiate)"
    if i >= len(doc) or doc[i].text != "(":
        return
    classes: list[tuple[Span, tuple[int, ...]]] = []
    k = i + 1
    while k < min(len(doc), i + 14) and doc[k].text != ")":
        span = w.index.by_token.get(k)
        if span is not None and span.label_ in CLASS_TYPES and span.start == k:
            classes.append((span, (span.root.i,)))
            k = span.end
        elif doc[k].lower_ in ("a", "an", "the", ",", "/", "and", "or", "&", "also"):
            k += 1  # ("also an opioid, also Schedule II")
        else:
            return
    if classes and k < len(doc) and doc[k].text == ")":
        w.emit("apposition", drug.root, [(drug, (drug.root.i,))], classes, ())


def _answered_question(w: _Walker, doc: Doc, spans: list[Span]) -> None:
    """A "what"/"which" question about a drug answered by a bare class (or a receptor or site,
    when the question asks where or on what it acts) in the next sentence
    ("What is fentanyl? An opioid, and a very strong one.", "Q: Which drug class does fentanyl
    fall under? A: Benzodiazepines.", "Fentanyl's class? Opioid agonist.", a drug named alone:
    "Heroin? Opioid."), or the other way round ("Which opioid is strongest?
    Fentanyl.", also a choice among the drugs the question names). A question about a drug
    names one drug and no class; the answer, after a speaker's label, opens with the other kind
    (after a determiner, adjectives or "not"), before any other word. The answer's mention is
    the claim's predicate, so the answer's own words ("Not an opioid.") decide its context."""
    if "?" not in doc.text and not any(t.lower_ in w.rules.answered_question_imperatives for t in doc):
        return
    by_sent: dict[int, list[Span]] = {}
    for span in spans:
        if span.label_ == "drug" or span.label_ in CLASS_TYPES:
            by_sent.setdefault(span.sent.start, []).append(span)
    for start, found in by_sent.items():
        sent = doc[start].sent
        last = next((t for t in reversed(sent) if not t.is_space), None)
        if last is None:
            continue
        tokens = [t for t in sent if not t.is_space][:10]
        if last.text[-1:] != "?":
            # a question put as an instruction: "Name the drug class of baclofen."
            wh = _instruction_question(w, tokens)
            if wh is None:
                continue
        else:
            # the question word opens the sentence, or follows a label, a colon or a dash in its
            # first words ("Q:", "Trivia answer key, Q14: Which of these ...", "For 500 — which ...")
            wh = next((t for k, t in enumerate(tokens) if t.lower_ in w.rules.answered_question_words
                       and (k == 0 or tokens[k - 1].text in (":", "—", "–"))), None)
            if wh is None:  # or stands before a class noun later in it: "X belongs to which class?"
                wh = next((t for k, t in enumerate(tokens[:-1]) if t.lower_ in w.rules.answered_question_words
                           and tokens[k + 1].lemma_.lower() in w.rules.classification_heads), None)
        if wh is None:  # or asks for a drug's class in a noun phrase: "Fentanyl's class?"
            wh = next((t for t in tokens[:6] if t.lemma_.lower() in w.rules.classification_heads
                       and any(c.dep_ == "poss" and w.index.drug_at(c) for c in t.children)), None)
        if wh is None and len(found) == 1 and found[0].label_ == "drug" and all(
                found[0].start <= t.i < found[0].end or t.is_punct or t.pos_ == "DET" for t in sent if not t.is_space):
            wh = last  # a drug named alone as the question: "Baclofen? Opioid.", "The baclofen? ..."
        polar = None
        if wh is None and last.text[-1:] == "?":
            # a yes/no question whether a drug is in a class, answered by a class alone: "Is
            # oxycodone controlled? Schedule IV I think." (the answer's class is the claim)
            opener = after_label(tokens)[:1]
            if opener and opener[0].lemma_.lower() in w.rules.copula_lemmas and opener[0].pos_ == "AUX":
                polar = wh = opener[0]
        if wh is None:
            continue
        classes = {s.kb_id_ for s in found if s.label_ != "drug"}
        drugs = {s.kb_id_ for s in found if s.label_ == "drug"}
        answer = _answer_words(doc, sent)
        if polar is not None:
            if len(drugs) != 1 or len(classes) != 1 or not _bare_class_answer(w, answer):
                continue
            drug = next(s for s in found if s.label_ == "drug")
            named = w.index.by_token[answer[0].i] if answer[0].i in w.index.by_token else \
                w.index.by_token[answer[1].i]
            w.emit("answered_question", named.root, [(drug, (drug.root.i,))], [(named, ())], (wh.i,))
            continue
        lead = phrase_at(answer, w.rules.answer_lead_ins)
        if lead is not None:
            answer = answer[lead[1]:]  # "A: Common examples are X, Y and Z."
        given = None
        for t in answer:  # the first mention, after determiners, adjectives and "not" only
            given = w.index.by_token.get(t.i)
            if given is not None or not (t.pos_ in ("DET", "ADJ", "ADV", "PART") or t.lower_ == "not"):
                break
        relation = "is_a"
        if given is not None and given.label_ in _ASKED_RELATIONS and not classes and len(drugs) == 1 and \
                any(t.lemma_.lower() in w.rules.answered_target_words for t in sent):
            # "Which receptor does baclofen activate? The mu opioid receptor."
            drug, cls, relation = found[0], given, _ASKED_RELATIONS[given.label_]
        elif given is None or not (given.label_ == "drug" or given.label_ in CLASS_TYPES):
            continue
        elif given.label_ == "drug":
            # "Which opioid is strongest? Fentanyl."; also a choice among drugs the question
            # names: "Which of these is an opioid: baclofen, ibuprofen or cetirizine? Answer: baclofen."
            if len(classes) != 1 or (drugs and given.kb_id_ not in drugs):
                continue
            drug, cls = given, next(s for s in found if s.label_ != "drug")
            # the answer's other drugs, in a list with the first: "Oxycodone, fentanyl and baclofen."
            for t in given.root.conjuncts:
                other = w.index.by_token.get(t.i)
                if other is not None and other.label_ == "drug" and other.start > given.start:
                    w.emit("answered_question", other.root, [(other, (other.root.i,))], [(cls, ())], (wh.i,),
                           relation=relation)
        else:
            if classes or len(drugs) != 1:
                continue
            drug, cls = found[0], given
        w.emit("answered_question", given.root, [(drug, (drug.root.i,))], [(cls, ())], (wh.i,), relation=relation)


def _bare_class_answer(w: _Walker, answer: list[Token]) -> bool:
    """An answer made of a class alone (after a determiner at most), hedged at most by a verb of
    ``answer_belief_verbs`` ("Schedule IV I think", "A muscle relaxant, probably"): no other
    verb, no drug, no yes or no before it."""
    if not answer:
        return False
    k = 1 if answer[0].pos_ == "DET" and len(answer) > 1 else 0
    first = w.index.by_token.get(answer[k].i)
    if first is None or first.label_ not in CLASS_TYPES or first.start != answer[k].i:
        return False
    rest = [t for t in answer if t.i >= first.end]
    return not any(t.i in w.index.by_token or (t.pos_ in ("VERB", "AUX")
                                                 and t.lemma_.lower() not in w.rules.answer_belief_verbs)
                   for t in rest)


def _instruction_question(w: _Walker, tokens: list[Token]) -> Token | None:
    """The verb of a question put as an instruction, ending in a period or a colon: an
    imperative of ``answered_question_imperatives`` opening the sentence (after a label: "Quiz
    Q4:") with a word of ``classification_heads`` after it ("Name the drug class of X.")."""
    for k, t in enumerate(tokens):
        if t.lower_ in w.rules.answered_question_imperatives and (k == 0 or tokens[k - 1].text in (":", "—", "–", ".")):
            if any(u.lemma_.lower() in w.rules.classification_heads for u in tokens[k + 1:k + 5]):
                return t
            return None
    return None


# the relations a question about a drug may ask for, by the type of the answer's mention
_ASKED_RELATIONS = {"receptor": "acts_on", "site": "site"}


def _lines(doc: Doc) -> list[list[Token]]:
    """The non-blank lines of ``doc``, as their tokens (spaces left out)."""
    lines: list[list[Token]] = [[]]
    for tok in doc:
        if tok.is_space:
            if "\n" in tok.text:
                lines.append([])
            continue
        lines[-1].append(tok)
        if "\n" in tok.whitespace_:
            lines.append([])
    return [line for line in lines if line]


def _marks_only(tok: Token) -> bool:
    """A token of markup alone: heading marks, emphasis, code, a colon ("#", "**", "`", ":*")."""
    return not tok.text.strip("#*_:`")


def _heading_list(w: _Walker, lines: list[list[Token]]) -> None:
    """A heading that names a class, and the list under it of drugs named alone: "### Opioids on
    our formulary" or "**Opioids:**", then "- oxycodone 5 mg", "* fentanyl" (each drug is one of
    the class). The heading is a Markdown heading, a line in bold or one ending with a colon, opens
    with the class (after a determiner) and has no verb and no word that sets the class aside
    (``heading_blockers``: "Not opioids", "Alternatives to opioids"); each item opens with a
    bullet and the drug, and has no verb. The claim's predicate is the class in the heading.
    ``lines``: the Doc's lines (:func:`_lines`)."""
    bullets = w.rules.list_bullets
    for k, line in enumerate(lines[:-1]):
        bold = line[0].text in ("**", "__") or (len(line) > 1 and line[0].text == line[1].text and line[0].text in "*_")
        marked = heading_mark(line[0]) or bold or any(":" in t.text for t in line[-3:] if _marks_only(t))
        words = [t for t in line if not _marks_only(t) and not t.is_punct]
        while words and words[0].pos_ in ("DET", "PRON") and w.index.by_token.get(words[0].i) is None:
            words = words[1:]
        if not marked or not words:
            continue
        cls = w.index.by_token.get(words[0].i)
        if cls is None or cls.label_ not in CLASS_TYPES or cls.start != words[0].i or \
                any(t.pos_ in ("VERB", "AUX") or t.lower_ in w.rules.heading_blockers for t in line):
            continue
        for item in lines[k + 1:]:
            if item[0].text not in bullets and not (len(item) > 2 and item[0].like_num and item[1].text in (".", ")")):
                break
            rest = item[2:] if item[0].like_num else item[1:]
            drug = w.index.by_token.get(rest[0].i) if rest else None
            if drug is None or drug.label_ != "drug" or drug.start != rest[0].i or \
                    any(t.pos_ in ("VERB", "AUX") for t in rest) or len(rest) > 8:
                break
            w.emit("heading_list", cls.root, [(drug, (drug.root.i,))], [(cls, (cls.root.i,))], (cls.root.i,))


def _heading_labels(w: _Walker, doc: Doc, lines: list[list[Token]]) -> None:
    """A line that names a drug alone ("**Baclofen**", "## Oxycodone", "Baclofen:", "drug: baclofen"
    with a key of ``topic_header_keys``), then lines of
    "key: value" about it, bulleted or not ("- class: opioid", "receptor: mu"): each key of
    ``heading_label_keys`` gives the relation, and the value's first mention, of a type that
    relation takes, is its object. The lines run to the first line of another kind or a blank line.
    ``lines``: the Doc's lines (:func:`_lines`)."""
    if ":" not in doc.text:
        return
    keys = w.rules.heading_label_keys
    for k, line in enumerate(lines[:-1]):
        # (or a line that is itself a key of the drug: "drug: baclofen", "Medication: Lioresal")
        colon = next((j for j, t in enumerate(line[:4]) if t.text.rstrip("*_") == ":"), None)
        if colon and " ".join(t.lower_ for t in line[:colon] if not _marks_only(t)) in w.rules.topic_header_keys:
            line = line[colon + 1:]
        words = [t for t in line if not _marks_only(t) and not t.is_punct]
        drug = w.index.by_token.get(words[0].i) if words else None
        if drug is None or drug.label_ != "drug" or drug.start != words[0].i or words[-1].i >= drug.end:
            continue
        prev = line
        for item in lines[k + 1:]:
            if "\n\n" in doc[prev[-1].i:item[0].i + 1].text:
                break
            prev = item
            # a bullet or a quotation mark (">") opens the line, and markup may ("> **Class:**")
            rest = item
            while rest and (rest[0].text in w.rules.list_bullets or rest[0].text == ">" or
                            _marks_only(rest[0]) and ":" not in rest[0].text):
                rest = rest[1:]
            colon = next((j for j, t in enumerate(rest) if t.text.rstrip("*_") == ":"), None)
            if not colon or colon > 4:
                break
            relation = keys.get(" ".join(t.lower_ for t in rest[:colon] if not _marks_only(t)))
            if relation is None:
                continue
            value = next((w.index.by_token[t.i] for t in rest[colon + 1:] if t.i in w.index.by_token), None)
            if value is None:
                continue
            takes = _value_types(w, relation)
            if value.label_ in takes:
                w.emit("heading_labels", rest[colon], [(drug, (drug.root.i,))], [(value, (value.root.i,))],
                       (rest[colon].i,), relation=takes[value.label_])


def _table(w: _Walker, lines: list[list[Token]]) -> None:
    """A Markdown table whose header row names keys of ``heading_label_keys`` ("| Drug | Class |"):
    in each row below it, a drug alone in a cell is the subject, and the first mention of a type
    the key's relation takes, in the cell under the key, is the object ("| Baclofen | Opioid
    analgesic |"). ``lines``: the Doc's lines (:func:`_lines`)."""
    keys_of = w.rules.heading_label_keys
    k = 0
    while k < len(lines):
        if lines[k][0].text != "|":
            k += 1
            continue
        block = []
        while k < len(lines) and lines[k][0].text.startswith("|"):
            block.append(lines[k])
            k += 1
        header = _row(block[0])
        keys = [keys_of.get(" ".join(t.lower_ for t in cell if not _marks_only(t))) for cell in header]
        if not any(keys):
            continue
        for line in block[1:]:
            cells = _row(line)
            if len(cells) != len(header):
                continue
            drug = None
            for cell in cells:
                words = [t for t in cell if not _marks_only(t) and not t.is_punct]
                span = w.index.by_token.get(words[0].i) if words else None
                if span is not None and span.label_ == "drug" and span.start == words[0].i and span.end > words[-1].i:
                    drug = span
                    break
            if drug is None:
                continue
            for cell, relation in zip(cells, keys):
                if relation is None:
                    continue
                takes = _value_types(w, relation)
                value = next((w.index.by_token[t.i] for t in cell
                              if t.i in w.index.by_token and w.index.by_token[t.i].label_ in takes), None)
                if value is not None and value is not drug:
                    w.emit("table", value.root, [(drug, (drug.root.i,))], [(value, (value.root.i,))],
                           (value.root.i,), relation=takes[value.label_])


def _row(line: list[Token]) -> list[list[Token]]:
    """The cells of a Markdown table row ("| a | b |"), as their tokens; a row of dashes only
    ("|---|---|") has none."""
    cells: list[list[Token]] = [[]]
    for tok in line:
        if tok.text == "|":
            cells.append([])
        else:
            cells[-1].append(tok)
    inner = cells[1:-1] if line[-1].text == "|" else cells[1:]
    return inner if any(t.is_alpha for c in inner for t in c) else []


def _answer_words(doc: Doc, question: Span) -> list[Token]:
    """The words of the sentence after ``question`` (after a speaker's label, also when the
    label is a sentence of its own), or none."""
    end = question.end
    for _ in range(3):
        nxt = next_word(doc, end - 1)
        if nxt is None:
            return []
        sent = nxt.sent
        words = after_label([t for t in sent if not t.is_space and t.text not in ('"', "'")])
        content = [t for t in words if not t.is_punct]
        after = next_word(doc, sent.end - 1)
        if content and len(content) <= 2 and after is not None and after.text == ":" and \
                "\n" not in doc[sent.end - 1:after.i].text_with_ws:
            content = []  # a speaker's label the parse cut off before its colon ("A", ": The mu receptor.")
        if content:
            return content
        end = sent.end
    return []


def _other_members(w: _Walker, span: Span) -> None:
    """"X and other / similar Cs", "X, Y, and related Cs" on the dependency tree: the class is a
    conjunct of the drugs, modified by "other"-like words; or the object of a preposition of
    company (``company_preps``) on the verb whose object or subject the drug is: "keep X with
    your other Cs"."""
    root = span.root
    if w.index.class_at(root) is None:
        return
    cue = [c for c in root.children if c.dep_ == "amod" and c.lower_ in w.rules.other_words]
    if not cue:
        return
    if root.dep_ == "conj":
        drugs = [t for t in root.conjuncts if t.i < root.i and w.index.drug_at(t)]
        subjects = [s for t in drugs for s in w.subjects(t, ()) if s[0].root.i == t.i]
    elif root.dep_ == "pobj" and root.head.lower_ in w.rules.company_preps and root.head.head.pos_ in ("VERB", "AUX"):
        # "keep the baclofen with your other opioids", "baclofen interacts with other CNS
        # depressants": the verb's object (else its subject) is one of the class
        verb = root.head.head
        objects = [c for c in verb.children if c.dep_ == "dobj" and c.i < root.i]
        subjects = [s for c in objects for s in w.subjects(c, ())] if objects else \
            [s for s in w.clause_subjects(verb, ("nsubj", "nsubjpass")) if s[0].start < root.i]
    else:
        return
    w.emit("other_members", root, subjects, w.targets(root, ()), (cue[0].i,))


def _examples(w: _Walker, span: Span) -> None:
    """Hearst patterns on the dependency tree, robust to a drug name mis-tagged as an adjective
    or verb: "Cs such as X and Y", "Cs like X", "Cs including X"."""
    root = span.root
    if w.index.class_at(root) is None:
        return
    for prep, pobj in w.examples(root):
        # (examples the parser hangs on the first of coordinated classes are moved to the class
        # right before them by the parse-repair stage: examples_on_the_first_class); a class
        # coordinated after the examples is not theirs: "gabapentinoids (such as phenibut) and
        # benzodiazepines" (wt-p, issue 14)
        targets = [t for t in w.targets(root, ()) if t[0].start < prep.i]
        w.emit("examples", root, w.subjects(pobj, ()), targets, (prep.i,))


def _example_list(w: _Walker, span: Span, colon_list: bool = False) -> None:
    """A list of examples after an abbreviation, read on the surface (the parser attaches "e.g."
    anywhere): "narcotics, e.g. Percocet, fentanyl patches and baclofen", "Opioids (e.g.
    oxycodone, fentanyl)". The list runs over names, nouns, commas and "and"/"or" and ends at
    anything else; each drug named in it is an example of the class. ``colon_list``: the list
    after the colon of a sentence that opens with the class instead (:func:`_class_colon`; read
    after every other reading, so that a claim another reads keeps its pattern)."""
    doc = span.doc
    i = span.end
    if i < len(doc) and doc[i].text in (",", "(", ":", "-", "–", "—"):
        i += 1
    if colon_list:
        colon = _class_colon(w, span)
        if colon is None:
            return
        cue, i = colon, colon.i + 1
    elif i < len(doc) and doc[i].lower_ in w.rules.example_abbreviations:
        cue = doc[i]
        i += 1
        if i < len(doc) and doc[i].text in (",", ":"):
            i += 1
    else:
        return
    drugs: list[tuple[Span, tuple[int, ...]]] = []
    while i < len(doc) and doc[i].sent == cue.sent:
        tok = doc[i]
        mention = w.index.drug_at(tok)
        if mention is not None:
            if mention.start == i:
                drugs.append((mention, (mention.root.i,)))
            i = mention.end
            continue
        if tok.text in (",",) or tok.lower_ in ("and", "or") or (tok.pos_ in ("NOUN", "PROPN", "NUM") and not tok.is_punct):
            i += 1
            continue
        break
    if drugs:
        w.emit("example_list", cue, drugs, [(span, ())], (cue.i,))


_OPENING_MARKS = frozenset({",", "(", "-", "--", "\u2013", "\u2014"})


def _included(w: _Walker, span: Span) -> None:
    """Drugs set off after a class phrase with "included": "Every muscle relaxant on the shelf
    -- X included -- got pulled", "Opioids, X and Y included, ...". Between the class and the
    opening mark only the rest of its noun phrase (no verb, no other mention); read on the
    surface, since the parser hangs the participle anywhere."""
    doc = span.doc
    sent_end = span.sent.end
    i = span.end
    while i < min(span.end + 6, sent_end) and doc[i].text not in _OPENING_MARKS:
        if doc[i].pos_ in ("VERB", "AUX", "PUNCT") or i in w.index.by_token:
            return
        i += 1
    if i >= sent_end or doc[i].text not in _OPENING_MARKS:
        return
    i += 1
    drugs: list[tuple[Span, tuple[int, ...]]] = []
    while i < sent_end:
        mention = w.index.drug_at(doc[i])
        if mention is not None and mention.start == i:
            drugs.append((mention, (mention.root.i,)))
            i = mention.end
        elif doc[i].text == "," or doc[i].lower_ in ("and", "or"):
            i += 1
        else:
            break
    if drugs and i < sent_end and doc[i].lower_ == "included" and \
            (i + 1 >= sent_end or doc[i + 1].is_punct):
        w.emit("examples", doc[i], drugs, [(span, ())], (doc[i].i,))


def _class_colon(w: _Walker, span: Span) -> Token | None:
    """The colon of a sentence that opens with a class (after a determiner or possessive at
    most) and lists its members after the colon, the class narrowed by a short clause or none:
    "Opioids I've been on: A, B, C", "My muscle relaxants: A and B". Nothing sets the class
    aside before the colon (``heading_blockers``: "Opioids to avoid instead of: ...") and no
    other drug or class stands there."""
    doc = span.doc
    sent = span.sent
    if span.root.dep_ == "compound" or any(
            t.pos_ not in ("DET", "PRON", "PUNCT", "SPACE") and not _marks_only(t) for t in doc[sent.start:span.start]):
        return None
    for tok in doc[span.end:min(span.end + 8, sent.end)]:
        if tok.text == ":":
            return tok
        if tok.lower_ in w.rules.heading_blockers or tok.lemma_.lower() in w.rules.heading_blockers or \
                tok.i in w.index.by_token or tok.is_punct:
            return None
    return None


def _comparison(w: _Walker, tok: Token) -> None:
    """"Unlike opioids, baclofen …": the subject is set apart from the class (the context
    stage reads "unlike" on the path as a negation). "Unlike other opioids, X …" presupposes
    membership instead, so "unlike" is then kept off the path. A class narrowed by a relative
    clause, a modifier phrase or a comparative ("unlike muscle relaxants that act peripherally",
    "unlike newer antihistamines") names only part of the class and yields no claim; "like other
    Cs we stock" still presupposes membership of the class."""
    contrast = tok.lower_ in w.rules.comparison_preps
    if not (contrast or tok.lower_ in w.rules.membership_comparison_preps) or tok.dep_ != "prep":
        return
    head = tok.head
    for pobj in tok.children:
        if pobj.dep_ == "pobj" and contrast:
            _contrasted_relative(w, tok, pobj)
        if pobj.dep_ != "pobj":
            continue
        other = any(c.dep_ == "amod" and c.lower_ in w.rules.other_words for c in pobj.children) or (
            not contrast and any(c.dep_ in ("det", "predet") and c.lower_ in w.rules.membership_quantifiers
                                 for c in pobj.children))  # "X, like all Cs, ..." ("unlike all Cs" sets X apart)
        if any(c.dep_ in ("relcl", "acl", "prep") for c in pobj.children) and (contrast or not other):
            continue  # (a member of part of the class is a member of it: "X, like the other Cs we stock, ...")
        if not (contrast or other):
            continue  # "like opioids, baclofen …" compares; only "like other opioids" classifies
        if contrast and not other and any(c.dep_ == "amod" and c.tag_ in ("JJR", "JJS") for c in pobj.children):
            continue  # "unlike newer antihistamines, it …": set apart from part of the class only
        objs = list(w.targets(pobj, () if other else (tok.i,)))
        if not objs:
            continue
        if w.index.drug_at(head) is not None:  # "Baclofen, unlike opioids, …"
            subjects = list(w.subjects(head, ()))
        else:
            subjects = list(w.clause_subjects(head, ("nsubj", "nsubjpass")))
        # the preposition (or, for "other Cs", the class itself) heads the claim, so the main
        # verb's negation stays out of its scope
        w.emit("comparison", pobj if other else tok, subjects, objs, (tok.i,))


def _same_class(w: _Walker, noun: Token) -> None:
    """A drug placed in another drug's class: "X is in the same class as Y", "X belongs to the
    same drug family as Y", "X and Y are the same type of drug". The claim's object is the other
    drug (a membership in its class: the verification stage reads it against the classes the
    claim set gives that drug). The class noun is one of ``classification_heads`` with "same"."""
    if noun.lemma_.lower() not in w.rules.classification_heads or \
            not any(c.lower_ == "same" and c.dep_ in ("amod", "advmod", "det") for c in noun.children):
        return
    path: tuple[int, ...]
    if noun.dep_ in ("attr", "oprd", "dobj"):
        verb, path = noun.head, (noun.head.i, noun.i)
    elif noun.dep_ == "pobj" and noun.head.dep_ == "prep":
        verb, path = noun.head.head, (noun.head.head.i, noun.head.i, noun.i)
    else:
        return
    if verb.pos_ not in ("AUX", "VERB"):
        return
    subjects = list(w.clause_subjects(verb, ("nsubj", "nsubjpass")))
    others: list[tuple[Span, tuple[int, ...]]] = []
    for holder in (noun, verb):  # "the same class as Y", "belongs in the same family as Y"
        for prep in holder.children:
            if prep.dep_ == "prep" and prep.lower_ == "as" and prep.i > noun.i:
                others += [(s, p + (prep.i,)) for c in prep.children if c.dep_ == "pobj"
                           for s, p in w.subjects(c, ())]
    if not others and len(subjects) == 2:
        others = subjects[:1]  # "X and Y are the same type of drug": the second in the first's class
        subjects = subjects[1:]
    for subj, spath in subjects:
        for other, opath in others:
            if other.kb_id_ != subj.kb_id_:
                w.emit("same_class", noun, [(subj, spath)], [(other, path + opath)], (noun.i,))


def _compared_drug(w: _Walker, tok: Token) -> None:
    """A drug the subject is compared with shares its class: "Like oxycodone, fentanyl is an
    opioid" (the main clause's negation reaches it: "like X, Y is not a benzo"); "baclofen is a
    stronger opioid than oxycodone" (presupposed whatever the main clause says: the class
    heads the claim, so the main verb's negation stays out of its scope)."""
    if tok.dep_ != "prep" or not any(c.dep_ == "pobj" and w.index.drug_at(c) for c in tok.children):
        return
    drugs = [(d, (c.i,)) for c in tok.children if c.dep_ == "pobj"
             for d, _p in w.subjects(c, ()) if w.index.drug_at(c)]
    head = tok.head
    if tok.lower_ == "like" and _is_copula_verb(head, w) and tok.i < head.i:
        for attr in head.children:
            if attr.dep_ == "attr":
                w.emit("comparison", head, [(d, p + (tok.i,)) for d, p in drugs], w.targets(attr, ()), (tok.i,))
    elif tok.lower_ == "than" and head.dep_ == "attr" and any(
            (c.dep_ == "amod" and c.tag_ == "JJR") or c.lower_ == "more" for c in head.children):
        w.emit("comparison", head, [(d, p + (tok.i,)) for d, p in drugs], w.targets(head, ()), (tok.i,))


def _is_copula_verb(tok: Token, w: _Walker) -> bool:
    return tok.lemma_.lower() in w.rules.copula_lemmas


def _effect_of(w: _Walker, span: Span) -> None:
    """An effect noun with its cause in an "of" phrase: "the euphoria of opioids", "the
    psychological dependence and high addiction liability of mu-opioid agonists" (the phrase
    after the last conjunct is shared by the others). Nouns whose "of" names what is acted on
    ("withdrawal of baclofen": stopping it) are left out."""
    tok = span.root
    if tok.lemma_.lower() in w.rules.patient_of_nouns or w.index.concept_at(tok, {"effect"}) is None:
        return
    subjects = [s for p in tok.children if p.dep_ == "prep" and p.lower_ == "of"
                for q in p.children if q.dep_ == "pobj" for s in w.subjects(q, (p.i,), classes=True)]
    if not subjects:
        return
    relation = w.rules.relation_for("effect")
    if relation is None:
        return
    objects: list[tuple[Span, tuple[int, ...]]] = [(span, ())]
    if tok.dep_ == "conj":
        first = tok.head
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head
        for t in (first, *first.conjuncts):
            other = w.index.concept_at(t, {"effect"})
            if t.i != tok.i and t.i < tok.i and other is not None:
                objects.append((other, (t.i,)))
    w.emit("effect_of", tok, subjects, objects, (), relation=relation)


def _contrasted_relative(w: _Walker, unlike: Token, pobj: Token) -> None:
    """"Unlike muscle relaxants that act peripherally, baclofen works centrally": the subject is
    set apart from what the relative clause says of the others, so it is denied of the subject
    (the claim's path runs through "unlike", which the context lexicon reads as a negation).
    Only a restrictive clause defines the contrast (a non-restrictive one, "opioids, which also
    act centrally", is background), only without a focus adverb ("that act only in the spinal
    cord" contrasts a degree), and only when the main clause states the same relation."""
    head = unlike.head
    if w.index.drug_at(head) is not None:
        return  # "Baclofen, unlike muscle relaxants that ..., ...": no clause to contrast with
    contrasted = {names[o.label_] for names, _, found in _verb_relations(w, head) for o, _ in found}
    subjects = None
    for rel in pobj.children:
        pronouns = [c for c in rel.children if c.lower_ in RELATIVE_PRONOUNS and c.dep_ in ("nsubj", "nsubjpass")]
        if rel.dep_ != "relcl" or not pronouns or _non_restrictive(pronouns[0]) or any(
                c.dep_ == "advmod" and c.lower_ in w.rules.focus_adverbs for c in rel.subtree):
            continue  # background ("opioids, which ...") or a contrast of degree ("that act only ...")
        for relation, trigger, found in _verb_relations(w, rel):
            for obj, opath in found:
                if relation[obj.label_] not in contrasted:
                    continue  # the main clause must say where / what the subject does instead
                if subjects is None:
                    subjects = list(w.clause_subjects(head, ("nsubj", "nsubjpass")))
                w.emit("comparison", unlike, [(s, p + (pobj.i, rel.i)) for s, p in subjects], [(obj, opath)],
                       (unlike.i,) + trigger, relation=relation[obj.label_])


def _apposed(a: Token, b: Token) -> bool:
    """Whether two words the parser made appositions can be: no semicolon or sentence end
    between them ("baclofen → GABA-B agonist; oxycodone later" pairs nothing)."""
    lo, hi = sorted((a, b), key=lambda t: t.i)
    return not any(t.text in (";", ".", "!", "?") for t in lo.doc[lo.i + 1:hi.i])


def _noun_phrase(w: _Walker, d: Token) -> None:
    """Apposition, premodifiers and naming: "baclofen, an opioid", "the opiate baclofen",
    "an opioid called baclofen"; a route before the drug: "intrathecal baclofen"."""
    drug = w.index.drug_at(d)
    if drug is None:
        return
    subj = [(drug, (d.i,))]
    # a drug set against another word ("X is C — not morphine, not any kind of D") is an
    # alternative ruled out, no apposition of it
    contrasted = any(c.dep_ == "neg" and c.i < d.i for c in d.children)
    for c in d.children:
        if c.dep_ == "appos":
            if _apposed(d, c) and not contrasted:
                w.emit("apposition", d, subj, w.targets(c, (d.i,)), ())
        elif c.dep_ in ("compound", "amod", "nmod") and c.i < d.i and w.index.drug_at(c) is None \
                and "\n" not in d.doc[c.i:d.i].text_with_ws and \
                not any(t.text in (",", ";") for t in d.doc[c.i + 1:d.i]):
            # (a modifier crosses no line break, and no comma: "as an antispastic(amod), fentanyl")
            route = w.index.concept_at(c, {"route"})
            if route is not None:  # "intrathecal baclofen", "transdermal fentanyl": its route
                w.emit("premodifier", d, subj, [(route, (d.i,))], (), relation="route")
            else:
                w.emit("premodifier", d, subj, w.targets(c, (d.i,)), ())
    head = d.head
    if d.dep_ == "appos" and head.i != d.i and _apposed(head, d) and not contrasted:
        w.emit("apposition", d, subj, w.targets(head, (d.i,)), ())
    if d.dep_ == "compound" and head.lemma_.lower() in w.rules.generic_heads and not contrasted:
        # a drug named by its form, the apposition the form's: "200 baclofen tablets, an opioid
        # commonly diverted"
        for c in head.children:
            if c.dep_ == "appos" and c.i > head.i and _apposed(head, c):
                w.emit("apposition", d, subj, w.targets(c, (d.i, head.i)), ())
    # a later item of an appositive list: "Opioids on the cart: oxycodone, fentanyl patches and
    # baclofen" (a drug named by its form, "fentanyl patches", stands where its form noun does)
    item = head if d.dep_ == "compound" and head.lemma_.lower() in w.rules.generic_heads else d
    chain: tuple[int, ...] = (d.i,) if item is d else (d.i, item.i)
    first = item
    while first.head.i != first.i and len(chain) < 12 and (first.dep_ == "conj" or (
            first.dep_ == "appos" and w.index.drug_at(first.head) is not None and w.index.drug_at(first) is not None)):
        # (a later item the parser hangs on the first as its apposition: "Opioids: oxycodone,
        # fentanyl, baclofen(appos of oxycodone)")
        first = first.head
        chain += (first.i,)
    if first is not item and first.dep_ == "appos" and first.head.i != first.i and _apposed(first.head, first):
        w.emit("apposition", d, subj, w.targets(first.head, chain), ())
    if first is not item and not contrasted:
        # a plural apposition after the whole list, which the parser hangs on its first item:
        # "Fentanyl, oxycodone and baclofen: three opioids you'll meet"
        for c in first.children:
            if c.dep_ == "appos" and c.i > d.i and c.tag_ in ("NNS", "NNPS") and _apposed(first, c):
                w.emit("apposition", d, subj, w.targets(c, chain), ())
    # "an opiate named baclofen", "an opioid known as X"
    verb = head.head if (d.dep_ == "pobj" and head.lower_ == "as") else head
    if verb.lemma_.lower() in w.rules.naming_verbs and verb.dep_ in ("acl", "relcl") and verb.i != d.i:
        w.emit("naming", d, subj, w.targets(verb.head, (verb.i,)), (verb.i,))


def _restrictions(obj: Span, opath: tuple[int, ...], on_path: set[int], index: MentionIndex | None = None,
                  plain: frozenset[str] = frozenset(), nationwide: frozenset[str] = frozenset()) -> tuple[int, ...]:
    """Restrictive modifiers of the object phrase: relative clauses, participles and
    prepositional phrases on the object's head or the nouns above it on the path. An "of"
    phrase (which the path itself uses for "a member of the opioid class") restricts only when
    it names a drug or class ("the dependence and abuse liability of mu-opioid agonists", also
    when it follows a later conjunct of the object). Before a class, a modifier of its own that
    is no mention narrows it ("not a peripheral muscle relaxant", "unlike strong opioids"),
    unless it is one of ``plain`` ("not a real opioid" denies the class itself). A place of
    ``nationwide`` ("in the US") narrows nothing."""
    doc = obj.doc
    heads = [obj.root] + [doc[i] for i in opath if doc[i].pos_ in ("NOUN", "PROPN", "ADJ") and doc[i].i not in range(obj.start, obj.end)]
    out = []
    for head in heads:
        for c in head.children:
            if c.i in on_path or obj.start <= c.i < obj.end:
                continue
            if c.dep_ in ("relcl", "acl") and _non_restrictive_clause(c):
                continue
            if c.dep_ == "prep" and c.lower_ in ("in", "within", "across", "throughout") and \
                    " ".join(t.lower_ for t in c.subtree if t.i != c.i and t.dep_ != "det") in nationwide:
                continue  # "unscheduled in the US": where the claim set's schedules hold, no narrower object
            if c.dep_ in ("relcl", "acl") or (c.dep_ == "prep" and c.lower_ not in ("of", "like", "unlike", "such", "including")):
                out.append(c.i)  # ("unlike oxycodone, X isn't controlled" compares: it narrows nothing)
    # a noun, drug or class before a condition's (or other non-class object's) own words names
    # a kind of it: "alcohol overdoses", "a Xanax overdose" (also when the parse attaches the
    # drug elsewhere)
    kinds = obj.label_ not in CLASS_TYPES
    for c in (c for t in obj for c in t.children) if not kinds else ():
        if c.i < obj.start and c.i not in on_path and c.dep_ in ("amod", "compound", "nmod") and \
                c.pos_ in ("ADJ", "NOUN") and c.is_alpha and c.lower_ not in plain and \
                (index is None or c.i not in index.by_token):
            out.append(c.i)
    for c in obj.root.children if kinds else ():
        if c.i < obj.start and c.i not in on_path and c.dep_ in ("compound", "amod", "nmod", "poss") \
                and c.pos_ in ("NOUN", "PROPN"):
            out.append(c.i)
    if kinds and index is not None and obj.start > 0 and obj.start - 1 not in on_path:
        before = index.by_token.get(obj.start - 1)
        if before is not None and before.label_ in ("drug", *CLASS_TYPES) and obj.label_ != before.label_:
            out.append(obj.start - 1)
    if index is not None:
        # "of" after the object's noun phrase, or after later conjuncts sharing it, also where
        # the parse attaches the conjuncts elsewhere: the words between are nouns and adjectives
        i = obj.end
        while i < len(doc) and i < obj.sent.end and (doc[i].pos_ in ("NOUN", "PROPN", "ADJ", "CCONJ", "DET")
                                                    or doc[i].text in ("-", ",")):
            i += 1
        if i + 1 < len(doc) and doc[i].lower_ == "of" and i not in on_path:
            j = i + 1
            while j < len(doc) and doc[j].pos_ == "DET":
                j += 1
            if j < len(doc) and j in index.by_token and index.by_token[j].label_ in ("drug", *CLASS_TYPES):
                out.append(i)
    return tuple(dict.fromkeys(out))


def _lesser_degree(obj: Span, rules: ExtractionRules) -> tuple[int, ...]:
    """A word of ``lesser_degree_words`` grading an object that is no class ("less addictive",
    "less sedating"): a comparison, which says neither that the drug has the effect nor that it
    lacks it, so it narrows the object as a restriction does."""
    if obj.label_ in CLASS_TYPES:
        return ()
    return tuple(c.i for c in obj.root.children if c.dep_ == "advmod" and c.lower_ in rules.lesser_degree_words)


def _non_restrictive_clause(clause: Token) -> bool:
    """A clause that does not narrow the noun it hangs on: a relative clause set off by a comma
    ("an opioid, which acts on mu receptors") or one opened by "whatever"/"whoever" ("not an
    opioid, whatever the news says": it comments on the whole sentence)."""
    first = clause.left_edge
    return (first.i > 0 and clause.dep_ == "relcl" and clause.doc[first.i - 1].text == ",") \
        or first.lower_ in ("whatever", "whoever", "whichever", "however", "wherever")


def _named(verb: Token) -> Iterator[tuple[Token, tuple[int, ...]]]:
    """What a naming verb names: "known as C" (prep as -> pobj), "called C" (oprd/dobj/attr)."""
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "as":
            for p in c.children:
                if p.dep_ == "pobj":
                    yield p, (verb.i, c.i)
        elif c.dep_ in ("oprd", "dobj", "attr", "xcomp"):
            yield c, (verb.i,)


def hearst_matcher(vocab: Vocab, rules: ExtractionRules) -> Matcher:
    """A Matcher over scispaCy's Hearst patterns, restricted to the labels of the enabled
    ``hearst`` rule.

    scispaCy's own ``hyponym_detector`` component is not used: it extends the module-level
    pattern list on every instantiation, registers its extension with ``force=True`` and shares
    one mutable default list across all Docs. The patterns themselves are used as data here.
    """
    matcher = LemmaScreenedMatcher(vocab)
    labels = rules.hearst_labels()
    for p in copy.deepcopy(BASE_PATTERNS + EXTENDED_PATTERNS):
        if p["label"] in labels:
            matcher.add(f"hearst:{p['position']}:{p['label']}", [p["pattern"]])
    return matcher


class LemmaScreenedMatcher(Matcher):
    """A token Matcher that first looks at the Doc's lemmas: each pattern's tokens that must
    occur (no ``OP``) with a ``LEMMA`` value (or ``IN`` list) need a token of the Doc with that
    lemma, and a Doc with none of the patterns' needed lemmas is not matched at all (it could
    give no match: the same matches, without the Matcher's walk over every token). A pattern
    with no such token makes every Doc a candidate."""

    def add(self, key, patterns, **kwargs):
        super().add(key, patterns, **kwargs)
        needs: list[list[frozenset[int]]] = getattr(self, "needed_lemmas", [])
        for pattern in patterns:
            lemmas = [frozenset(get_string_id(v) for v in ([value] if isinstance(value, str) else value["IN"]))
                      for spec in pattern if "OP" not in spec
                      for value in [spec.get("LEMMA")]
                      if isinstance(value, str) or (isinstance(value, dict) and list(value) == ["IN"])]
            needs.append(lemmas)
        self.needed_lemmas = needs

    def __call__(self, doclike, *args, **kwargs):
        needs: list[list[frozenset[int]]] = getattr(self, "needed_lemmas", [[]])
        if isinstance(doclike, Doc) and all(needs):
            lemmas = set(doclike.to_array(LEMMA).tolist()) if len(doclike) else set()
            if not any(all(not lemmas.isdisjoint(n) for n in need) for need in needs):
                return []
        return super().__call__(doclike, *args, **kwargs)


def _compound_head(tok: Token) -> Token:
    while tok.dep_ == "compound" and tok.head.pos_ in ("NOUN", "PROPN") and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _hearst(w: _Walker, doc: Doc, matcher: Matcher) -> None:
    for match_id, start, end in matcher(doc):
        _, position, label = doc.vocab.strings[match_id].split(":", 2)
        if position == "last":
            hypernym, hyponym = doc[end - 1], doc[start]
        else:
            first = doc[start + 1] if doc[start].lower_ == "such" else doc[start]
            hypernym, hyponym = first, doc[end - 1]
        hypernym, hyponym = _compound_head(hypernym), _compound_head(hyponym)
        if not _hearst_linked(hypernym, hyponym, doc[start:end], position):
            continue
        cue = tuple(t.i for t in doc[start:end] if t.i not in (hypernym.i, hyponym.i) and not t.is_punct)
        hyponyms = [hyponym] + ([c for c in hyponym.conjuncts if c.i != hypernym.i] if position == "last" else [])
        targets = w.targets(hypernym, ())
        if position != "last":
            # a class coordinated after the examples is not theirs (as in _examples)
            targets = (t for t in targets if t[0].start < hyponym.i)
        w.emit("hearst", hypernym, (s for h in hyponyms for s in w.subjects(h, ())), targets, cue)


def _hearst_linked(hypernym: Token, hyponym: Token, match: Span, position: str) -> bool:
    """The surface pattern is also a syntactic one: the cue word attaches to the hypernym (or is
    its verb), or hypernym and hyponym are conjuncts ("X and other Cs")."""
    if position == "last" and (hypernym in hyponym.conjuncts or hypernym.head == hyponym):
        return True
    for tok in match:
        if tok.i in (hypernym.i, hyponym.i) or tok.is_punct:
            continue
        if tok.head == hypernym or (tok == hypernym.head and hypernym.dep_ in ("nsubj", "nsubjpass")):
            return True
        if hyponym.head == tok and tok.head == hypernym:
            return True
    return False


def _dependency_rules(w: _Walker, doc: Doc) -> None:
    """The rules written as spaCy DependencyMatcher patterns: each match states a claim between
    the mention at its ``subject`` node (a drug, a resolved reference, or a class) and the one at
    its ``object`` node (a class, or the object of the rule's relation)."""
    matcher = w.rules.dependency_matcher(doc.vocab)
    if matcher is None:
        return
    views = w.rules.views()
    # a claim needs an object of its relation's types: without one in the Doc, no rule can
    # state a claim, and the matcher (costly on every Doc) is not run
    wanted = views.dependency_objects
    spans = [s for s in set(w.index.by_token.values()) if s.label_ in wanted]
    if not spans:
        return
    # by the id's hash: the matcher may have been built inside a memory zone whose strings are gone
    by_id = views.dependency_by_id
    # (a claim's object is in the tree of the rule's object node: only the trees that hold a
    # wanted mention are matched)
    anchors = (i for s in spans for i in range(s.start, s.end))
    for match_id, nodes in tree_matches(matcher, doc, anchors):
        rule = by_id[match_id]
        names = [n["RIGHT_ID"] for n in rule.pattern]
        at = dict(zip(names, nodes))
        if any(admits(c, attrs) for node, patterns in rule.unless_child.items()
               for c in doc[at[node]].children for attrs in patterns):
            continue
        subj, obj = doc[at[rule.subject]], doc[at[rule.object]]
        trigger = tuple(sorted(at[n] for n in (rule.trigger if rule.trigger is not None else names)
                               if n not in (rule.subject, rule.object)))
        path = tuple(sorted(at.values()))
        subjects = [(s, p + path) for s, p in (list(w.subjects(subj, ())) or w.subjects(subj, (), classes=True))]
        # with no trigger the object is the predicate when the subject hangs on it ("it would be
        # controlled": the participle, whose clause the context stage reads)
        predicate = doc[trigger[0]] if trigger else obj if subj.head.i == obj.i else subj
        if rule.relation == "is_a":
            w.emit(rule.id, predicate, subjects, [(o, p + path) for o, p in w.targets(obj, ())], trigger)
            continue
        objects = w.rules.relations[rule.relation].objects
        for o, p in w.relation_objects(obj, set(objects), ()):
            w.emit(rule.id, predicate, subjects, [(o, p + path)], trigger, relation=objects[o.label_])


def _ellipsis(w: _Walker, v: Token) -> None:
    """A clause that repeats the predicate of another with a new subject: "X is C, and so is Y",
    "neither is Y", "Y isn't either", "So is Y." / "Y is too." after a sentence, "so does Y",
    "Just as X is C, so is Y",
    "X isn't C, but Y is", "X is C. Y isn't.".
    Y gets the claims of that predicate; its own clause decides the polarity ("neither",
    "isn't")."""
    if v.lemma_.lower() not in w.rules.ellipsis_verbs or v.pos_ not in ("AUX", "VERB"):
        return
    markers = [c for c in v.children if c.lower_ in w.rules.ellipsis_markers]
    if not markers and v.dep_ == "conj" and v.head.lemma_.lower() == v.lemma_.lower() \
            and not any(c.dep_ in ("attr", "advcl") and c.i > v.i for c in v.children):
        # "X isn't C, but Y is": the contrast is the marker, Y's own clause its polarity
        markers = [c for c in v.head.children if c.dep_ == "cc" and c.lower_ == "but" and c.i < v.i][:1]
        if not markers and not any(c.dep_ == "neg" for c in v.head.children):
            # "X is C, and Y isn't": a denial after an assertion is the contrast, its negation the marker
            markers = [c for c in v.children if c.dep_ == "neg" and c.i > v.i][:1]
    if not markers and v.dep_ == "ROOT" and v.sent.start > 0 and \
            v.doc[v.sent.start - 1].sent.root.lemma_.lower() == v.lemma_.lower() and \
            not any(c.dep_ in ("attr", "advcl", "acomp") for c in v.children):
        # "Fentanyl is controlled. Baclofen isn't.": a denial of the sentence before, its negation the marker
        markers = [c for c in v.children if c.dep_ == "neg" and c.i > v.i][:1]
    if any(c.dep_ in ("acomp", "dobj", "prep", "oprd", "xcomp", "ccomp") for c in v.children):
        return
    if not markers:
        _reassertion(w, v)
        return
    inverted = any(m.i < v.i for m in markers)
    deps = ("nsubj", "nsubjpass") + (("attr",) if inverted else ())
    subjects = [s for c in v.children if c.dep_ in deps for s in w.subjects(c, ())]
    if not subjects or any(c.dep_ == "attr" and not w.index.drug_at(c) for c in v.children):
        return
    compared = next((c for c in v.children if c.dep_ == "advcl" and c.i < v.i and c.lemma_.lower() == v.lemma_.lower()
                     and any(m.dep_ == "mark" and m.lower_ == "as" for m in c.children)), None)
    if v.dep_ == "conj":
        antecedent = v.head
    elif compared is not None and inverted:
        antecedent = compared  # "Just as X is C, so is Y."
    elif v.dep_ == "ROOT" or (v.dep_ == "ccomp" and v.head.dep_ == "ROOT"):
        start = v.sent.start
        if start == 0 or paragraph_break(v.doc, start):
            return
        before = v.doc[start - 1].sent
        if any(t.text.startswith("?") for t in before[-3:]):
            return  # the sentence before asks, it states nothing to repeat
        antecedent = before.root
    else:  # (one the parser attached elsewhere is made a conjunct of the verb it repeats by the
        return  # parse-repair stage: elliptical_clause_attached_elsewhere)
    copied = {(c.object.start, c.object.end, c.relation): c for c in w.claims if c.predicate == antecedent.i}
    for c in copied.values():
        w.emit("ellipsis", v, subjects, [(c.object, (c.object.root.i,))], (v.i, *(m.i for m in markers)),
               relation=c.relation)


def _reassertion(w: _Walker, v: Token) -> None:
    """A bare "it is" about the drug of a claim just made, affirming it: "My wife says baclofen
    isn't a narcotic, but I know it is.", "Baclofen is not an opioid. It is." The clause repeats
    that claim's predicate with the same drug; the verb it hangs on decides its context. (A bare
    "it isn't" is left to the context stage, which reads it as the rejection of a report: "People
    keep saying X. It's not." Not yet read: "..., which I still think it is", "and that's
    exactly what it is".)"""
    if v.dep_ in ("aux", "auxpass") or any(c.dep_ in ("attr", "advcl", "neg") and c.i > v.i for c in v.children) \
            or any(c.dep_ == "attr" and c.lower_ not in ("what", "which") for c in v.children):
        return
    subjects = [s for c in v.children if c.dep_ in ("nsubj", "nsubjpass") and c.i in w.resolved
                for s in w.subjects(c, ())]
    if not subjects:
        return
    drug = subjects[0][0].kb_id_
    doc = v.doc
    start = v.sent.start
    if start > 0 and not paragraph_break(doc, start):
        start = doc[start - 1].sent.start
    # a claim stated by a verb ("X isn't C", "X acts on R"), not one carried by a noun phrase
    # ("oral baclofen"), which a bare "it is(n't)" does not take up
    earlier = [c for c in w.claims if start <= c.predicate < v.i and c.subject.kb_id_ == drug
               and doc[c.predicate].pos_ in ("AUX", "VERB")
               and c.subject.start < v.i and not doc[c.predicate].sent.text.rstrip().endswith("?")]
    if not earlier:
        return
    last = max(c.predicate for c in earlier)
    copied = {(c.object.start, c.object.end, c.relation): c for c in earlier if c.predicate == last}
    for c in copied.values():
        w.emit("ellipsis", v, subjects, [(c.object, (c.object.root.i,))], (v.i,), relation=c.relation)
