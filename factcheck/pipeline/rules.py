"""The extraction rules as data (``models/extraction.yaml``): the construction records and the
lexicons they share, validated with pydantic. Read by the claims and references stages."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator
from scispacy.hearst_patterns import BASE_PATTERNS, EXTENDED_PATTERNS
from spacy.matcher import DependencyMatcher
from spacy.strings import get_string_id
from spacy.vocab import Vocab

from factcheck.knowledge.claimset import CLASS_TYPES
from factcheck.pipeline.parse import PATTERN_ATTRS
from factcheck.resources import ModelData

CODED_SHAPES = (
    "copula", "classification", "membership", "relation", "action_noun", "implicit_subject",
    "verbal_mention", "use_noun", "agonist", "small_clause", "label", "other_members", "examples",
    "example_list", "heading_list", "heading_labels", "table", "among", "role", "hearst", "comparison", "effect_of", "apposition", "premodifier", "naming",
    "ellipsis", "answered_question", "same_class",
)
"""The constructions read by code: each is one function of this module (see the rule records in
``models/extraction.yaml`` for what each reads). A record extends one of them, or ``dependency``."""

Shape = Literal[
    "copula", "classification", "membership", "relation", "action_noun", "implicit_subject",
    "verbal_mention", "use_noun", "agonist", "small_clause", "label", "other_members", "examples",
    "example_list", "heading_list", "heading_labels", "table", "among", "role", "hearst", "comparison", "effect_of", "apposition", "premodifier", "naming",
    "ellipsis", "answered_question", "same_class", "dependency",
]

PRESUPPOSING_SHAPES = frozenset({"hearst", "examples", "other_members", "example_list", "heading_list", "apposition",
                                 "among", "role"})
"""Constructions whose claim the sentence presupposes rather than asserts (a list's class, an
apposition): a frame that debunks the clause ("erroneously believe that Valium, Xanax and other
benzodiazepines must be taken daily") does not deny it."""


def repeated(values: list[str]) -> list[str]:
    """The values that occur more than once, sorted (duplicate ids in a rules file)."""
    counts = Counter(values)
    return sorted(v for v, n in counts.items() if n > 1)


def cached_dependency_matcher(cache: dict[int, tuple[Vocab, DependencyMatcher]], vocab: Vocab,
                              patterns: Iterable[tuple[str, tuple[dict[str, Any], ...]]]) -> DependencyMatcher:
    """A DependencyMatcher over ``patterns`` (id, pattern), built once per vocab and kept in
    ``cache`` (a vocab's id can be reused after it is gone, so the vocab itself is kept too)."""
    cached = cache.get(id(vocab))
    if cached is None or cached[0] is not vocab:
        matcher = DependencyMatcher(vocab)
        for rid, pattern in patterns:
            matcher.add(rid, [list(pattern)])
        cached = cache[id(vocab)] = (vocab, matcher)
    return cached[1]

def check_dependency_pattern(what: str, pattern: tuple[dict[str, Any], ...]) -> None:
    """Raise ``ValueError`` naming ``what`` (e.g. "repair x") if spaCy's DependencyMatcher
    refuses ``pattern`` (a node declared twice, an edge from a node not declared before, an
    unknown operator): the file is refused when it is read, not when the first text is checked."""
    try:
        DependencyMatcher(Vocab()).add("check", [list(pattern)])
    except (ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{what}: not a valid DependencyMatcher pattern: {exc}") from None


HEARST_LABELS = frozenset(p["label"] for p in BASE_PATTERNS + EXTENDED_PATTERNS)


class ExtractionRule(BaseModel):
    """One construction that states a claim, as a record (the ``rules`` list of
    ``models/extraction.yaml``). ``id`` is what a finding reports as its ``pattern``; ``extends``
    names the shape that reads it: one of :data:`CODED_SHAPES`, with the shared lexicons of the
    file, or ``dependency``: a spaCy ``DependencyMatcher`` pattern given here in full, whose nodes
    ``subject`` and ``object`` are the drug and the class (or the relation's object), and whose
    ``trigger`` nodes are the words that state the relation (default: every other node)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_\-]*$")
    extends: Shape
    description: str = ""
    enabled: bool = True
    # hearst: which of scispaCy's Hearst pattern labels state "hyponym is a hypernym"
    labels: frozenset[str] = frozenset()
    # dependency
    relation: str = "is_a"
    pattern: tuple[dict[str, Any], ...] = ()
    subject: str = ""
    object: str = ""
    trigger: tuple[str, ...] | None = None
    unless_child: dict[str, tuple[dict[str, Any], ...]] = {}
    """node -> token patterns (as a node's ``RIGHT_ATTRS``, plain values and ``IN`` / ``NOT_IN``)
    that none of the node's children may match: "scheduled" with a date or a purpose
    ("scheduled for Monday", "scheduled to be tapered") states no legal status."""

    @model_validator(mode="after")
    def _shape_fields(self) -> ExtractionRule:
        if self.extends == "dependency":
            nodes = [n.get("RIGHT_ID") for n in self.pattern]
            if not self.pattern or not self.subject or not self.object:
                raise ValueError(f"rule {self.id}: a dependency rule needs pattern, subject and object")
            missing = [n for n in (self.subject, self.object, *(self.trigger or ()), *self.unless_child)
                       if n not in nodes]
            if missing:
                raise ValueError(f"rule {self.id}: node(s) {', '.join(missing)} not in its pattern "
                                 f"(nodes: {', '.join(str(n) for n in nodes)})")
            check_dependency_pattern(f"rule {self.id}", self.pattern)
            for node, patterns in self.unless_child.items():
                for attrs in patterns:
                    check_dependency_pattern(f"rule {self.id}: unless_child {node}",
                                             ({"RIGHT_ID": node, "RIGHT_ATTRS": attrs},))
                    unread = [k for k, v in attrs.items() if str(k).upper() not in PATTERN_ATTRS or (
                        isinstance(v, dict) and (not v or set(v) - {"IN", "NOT_IN"}))]
                    if unread:
                        raise ValueError(f"rule {self.id}: unless_child {node}: only plain values and IN / NOT_IN "
                                         f"over {', '.join(sorted(PATTERN_ATTRS))} are read, not {', '.join(map(str, unread))}")
        elif self.pattern or self.subject or self.object or self.trigger is not None or self.unless_child:
            raise ValueError(f"rule {self.id}: pattern, subject, object, trigger and unless_child belong to "
                             "dependency rules")
        if self.extends == "hearst":
            unknown = sorted(self.labels - HEARST_LABELS)
            if unknown:
                raise ValueError(f"rule {self.id}: unknown Hearst label(s) {', '.join(unknown)}")
        elif self.labels:
            raise ValueError(f"rule {self.id}: labels belong to hearst rules")
        return self


class RelationRule(BaseModel):
    """A relation other than class membership: object types (mapped to the relation name they
    give) and verbs (lemma -> prepositions introducing the object, "" for a direct object)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    objects: dict[str, str]
    verbs: dict[str, frozenset[str]]


class ExtractionRules(ModelData):
    """``models/extraction.yaml``: the constructions (``rules``, records with ids) and the
    lexicons they share (the other fields)."""

    FILE = "extraction.yaml"

    rules: tuple[ExtractionRule, ...]

    copula_lemmas: frozenset[str]
    copula_preps: frozenset[str]
    classification_verbs: frozenset[str]
    classification_preps: frozenset[str]
    intransitive_classification_verbs: frozenset[str]
    membership_verbs: dict[str, frozenset[str]]
    generic_heads: frozenset[str]
    of_heads: frozenset[str]
    degree_of_heads: frozenset[str] = frozenset()
    degree_than_heads: frozenset[str] = frozenset()
    naming_verbs: frozenset[str]
    contrast_markers: tuple[tuple[str, str], ...]
    example_preps: frozenset[str]
    comparison_preps: frozenset[str]
    membership_comparison_preps: frozenset[str]
    company_preps: frozenset[str] = frozenset()
    grouping_preps: frozenset[str] = frozenset()
    grouping_verbs: frozenset[str] = frozenset()
    other_words: frozenset[str]
    plain_class_modifiers: frozenset[str] = frozenset()
    nationwide_places: frozenset[str] = frozenset()
    lesser_degree_words: frozenset[str] = frozenset()
    """Words grading an effect down ("less addictive"): a comparison, no claim either way."""
    """Places after a claim that name the whole country ("in the US"): no narrower object."""
    """Words before a class that do not narrow it: a denial of "a real C" denies C."""
    anaphors: frozenset[str]
    anaphoric_heads: frozenset[str]
    possessive_anaphors: frozenset[str]
    topic_header_keys: frozenset[str] = frozenset()
    """Keys of a heading line that names the text's drug ("# drug: X | rating: 4")."""
    mechanism_heads: frozenset[str]
    class_anaphor_heads: frozenset[str]
    classification_heads: frozenset[str] = frozenset()
    list_verbs: frozenset[str]
    among_object_verbs: frozenset[str] = frozenset()
    """Verbs whose objects, not their subject, an "among" phrase places in its class: "Among
    the opioids on the cart you'll find X and Y"."""
    patient_of_nouns: frozenset[str]
    implicit_passive_relations: frozenset[str]
    focus_adverbs: frozenset[str]
    containment_modifiers: frozenset[str]
    example_abbreviations: frozenset[str]
    answered_question_words: frozenset[str] = frozenset()
    answered_question_imperatives: frozenset[str] = frozenset()
    """Verbs that open a question put as an instruction ("Name the drug class of X.")."""
    answer_belief_verbs: frozenset[str] = frozenset()
    """Verbs of belief that may hedge a bare answer after its class ("Schedule IV I think")."""
    answer_lead_ins: tuple[str, ...] = ()
    """Words that may open an answer before the mention that answers ("Examples are X, Y")."""
    answered_target_words: frozenset[str] = frozenset()
    list_bullets: frozenset[str] = frozenset()
    """Marks that open a list item ("-", "*", "•")."""
    heading_label_keys: dict[str, str] = {}
    """Keys of "key: value" lines under a drug's name, and the relation each states ("class": is_a)."""
    heading_blockers: frozenset[str] = frozenset()
    """Words in a heading that set its class aside ("Not opioids", "Alternatives to opioids")."""
    """Words by which such a question asks where or on what a drug acts ("which receptor")."""
    light_verbs: frozenset[str]
    person_heads: frozenset[str]
    person_suffixes: tuple[str, ...] = ()
    one_blockers: frozenset[str] = frozenset()
    """Words that set a "one" apart from the class named before it ("a different one")."""
    """Endings of nouns that name a person by trade ("-ologist", "-ician"), beside ``person_heads``."""
    implicit_relation_heads: dict[str, str]
    relations: dict[str, RelationRule]
    relation_heads: frozenset[str]
    agonist_heads: frozenset[str]
    receptor_drug_heads: frozenset[str] = frozenset()
    """Nouns for a drug that a receptor before them names the target of: "a GABA-B drug"."""
    use_heads: frozenset[str]
    example_heads: frozenset[str]
    label_marks: frozenset[str]
    dose_heads: frozenset[str]
    seeming_verbs: frozenset[str] = frozenset()
    """Verbs of seeming that link a drug to a class ("X seems (like) an opioid")."""
    dose_words: frozenset[str] = frozenset()
    """Salts, release forms, routes and frequencies of a dose written after a drug's name
    ("Oxycodone HCl 10 mg ER PO BID")."""
    ellipsis_verbs: frozenset[str]
    ellipsis_markers: frozenset[str]
    membership_quantifiers: frozenset[str] = frozenset()
    """Determiners that make a comparison with a class presuppose membership, as "other" does:
    "X, like all Cs, ..." ("like Cs, X" compares; "unlike all Cs" still sets X apart)."""
    ingredient_verbs: frozenset[str] = frozenset()
    """Verbs whose drug object is an ingredient of their drug subject, not a peer of it ("Suboxone
    adds naloxone"): no drug of a pair that "both" refers to."""

    _dependency_matchers: dict[int, tuple[Vocab, DependencyMatcher]] = PrivateAttr(default_factory=dict)
    # The rules are immutable, so what the claims stage reads of them on every Doc is worked
    # out once and kept in one plain object (see :class:`RuleViews`).
    _views: Any = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _rules_are_consistent(self) -> ExtractionRules:
        twice = repeated([r.id for r in self.rules])
        if twice:
            raise ValueError(f"rule id(s) declared twice: {', '.join(twice)}")
        extended_twice = repeated([r.extends for r in self.rules if r.extends != "dependency"])
        if extended_twice:
            raise ValueError(f"coded shape(s) extended twice: {', '.join(extended_twice)} (a coded shape reads the "
                             "shared lexicons; add words there, or write a dependency rule)")
        for r in self.rules:
            if r.id in CODED_SHAPES and r.extends != r.id:
                raise ValueError(f"rule {r.id}: the id of a coded shape is kept for the rule extending it")
            if r.extends == "dependency" and r.relation != "is_a" and r.relation not in self.relations:
                raise ValueError(f"rule {r.id}: unknown relation {r.relation!r}")
        return self

    def is_person(self, lemma: str) -> bool:
        """Whether a noun's lemma names a person: a word of ``person_heads`` or a noun with one of
        ``person_suffixes`` (longer than the ending itself)."""
        lemma = lemma.lower()
        return lemma in self.person_heads or any(
            lemma.endswith(end) and len(lemma) > len(end) + 1 for end in self.person_suffixes)

    def rule_ids(self) -> frozenset[str]:
        """The ids a finding's ``pattern`` can take: the enabled rules'."""
        return frozenset(r.id for r in self.rules if r.enabled)

    def views(self) -> RuleViews:
        """What the claims stage reads of the rules on every Doc, worked out once."""
        views = self._views
        if views is None or views.rules is not self.rules or views.relations is not self.relations:
            # (a copy made with other rules, ``model_copy(update=...)``, shares the original's)
            views = self._views = RuleViews(self)
        return views

    def coded(self) -> dict[str, str]:
        """Coded shape -> the id of the enabled rule that extends it (a shape switched off or not
        declared is absent)."""
        return dict(self.views().coded)

    def hearst_labels(self) -> frozenset[str]:
        return frozenset(label for r in self.rules if r.enabled and r.extends == "hearst" for label in r.labels)

    def dependency_rules(self) -> tuple[ExtractionRule, ...]:
        return self.views().dependency_rules

    def dependency_matcher(self, vocab: Vocab) -> DependencyMatcher | None:
        """A DependencyMatcher over the enabled dependency rules (built once per vocab), or None
        when there are none."""
        rules = self.dependency_rules()
        if not rules:
            return None
        return cached_dependency_matcher(self._dependency_matchers, vocab, ((r.id, r.pattern) for r in rules))

    def relation_for(self, object_type: str) -> str | None:
        """The relation an object of this concept type gives ("effect" -> "effect"), if any."""
        return next((rule.objects[object_type] for rule in self.relations.values() if object_type in rule.objects),
                    None)


class RuleViews:
    """The views of one :class:`ExtractionRules` that the claims stage reads on every Doc, as
    plain objects (a pydantic model's fields are read through its attribute machinery, and its
    private attributes through ``__getattr__``): the coded shapes' rule ids, the enabled
    dependency rules, each by the hash of its id (the matcher may have been built inside a memory
    zone whose strings are gone), and the mention labels a claim of one of them can have as its
    object."""

    def __init__(self, rules: ExtractionRules) -> None:
        self.rules = rules.rules
        self.relations = rules.relations
        self.coded: dict[str, str] = {r.extends: r.id for r in rules.rules if r.enabled and r.extends != "dependency"}
        self.dependency_rules = tuple(r for r in rules.rules if r.enabled and r.extends == "dependency")
        self.dependency_by_id = {get_string_id(r.id): r for r in self.dependency_rules}
        self.dependency_objects = frozenset(t for r in self.dependency_rules for t in (
            CLASS_TYPES if r.relation == "is_a" else rules.relations[r.relation].objects))

    # Views are derived from the rules' fields: two rule sets are equal when their fields are
    # (pydantic compares private attributes too).
    def __eq__(self, other: object) -> bool:
        return isinstance(other, RuleViews)

    __hash__ = None  # type: ignore[assignment]
