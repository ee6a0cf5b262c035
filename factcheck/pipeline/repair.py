"""Parse repair: the stage that rewrites known misparses once, before anything reads the tree,
so that the reading rules of the claims stage see one canonical tree.

Each repair is a record in ``models/repairs.yaml``: an ``id``, a spaCy ``DependencyMatcher``
``pattern``, the nodes that must be mentions of given types (``mentions``) or may not be
(``unless_mentions``), nodes that must have no child with given labels (``unless_child``), nodes
that may not be the object of a preposition on a mention of given types (``unless_prep_on``),
pairs of nodes that must share a lemma (``same_lemma``), and the edits, in this order: ``retag``
a word the tagger read as a noun with a subject of its own as the verb it is, ``promote`` a node
to the place of its head (the head becoming its dependent), ``attach`` a node to a new head with
a new label (or a list of such edits, made in order; attached to its own head, a node is
relabelled). An edit that would make the tree cyclic, or that is already made, is skipped. The
repaired tokens are recorded in the ``factcheck_repairs``
span group (one span per repaired token, labelled with the repair's id), so a finding's
explanation can say which tokens were re-read.

A misparse that no single tree can mend, because the word misread keeps a role of its own, is
read through a ``link`` instead: the tree is left as it is, and the ``factcheck_links`` span
group records that a word stands for another ("which" right after a drug it refers to, a dose
right after its drug: "I take baclofen 20 mg which is ..."). The claims stage reads a linked
word, where its own words give it no subject, as the word it links to (:func:`links`). Two
conditions place such words: ``previous_word`` (node -> the node it is the word before,
skipping a punctuation mark or space) and ``before_phrase`` (node -> the node whose phrase it
comes right before)."""

from __future__ import annotations

from collections.abc import Container, Iterator, Mapping
from typing import Any, Literal, cast

import numpy
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator
from spacy.matcher import DependencyMatcher
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from factcheck.pipeline.mentions import mentions
from factcheck.pipeline.parse import PATTERN_ATTRS, NodeIndex, tree_matches
from factcheck.pipeline.rules import cached_dependency_matcher, check_dependency_pattern, repeated
from factcheck.resources import ModelData

SPANS_KEY = "factcheck_repairs"
LINKS_KEY = "factcheck_links"
"""The span group of the links: one span over each linked word, labelled with the id of the
repair that made it, with the index of the word it stands for in the group's ``to`` attribute."""


class Attach(BaseModel):
    """Make ``node`` a dependent of ``to`` labelled ``dep``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    node: str
    to: str
    dep: str


class Retag(BaseModel):
    """Give ``node`` the tag ``tag`` and part of speech ``pos``; its lemma is ``lemma`` when
    given (a past tense: "thought" -> "think"), else made anew for a verb's third person
    singular (VBZ: "qualifies" -> "qualify")."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    node: str
    tag: Literal["VBZ", "VBD"]
    pos: Literal["VERB"]
    lemma: str | None = None

    @model_validator(mode="after")
    def _past_needs_its_lemma(self) -> Retag:
        if self.tag == "VBD" and not self.lemma:
            raise ValueError("a past tense (VBD) needs its lemma: it cannot be made from the word")
        return self


class Promote(BaseModel):
    """Put ``node`` in the place of ``over``, its head or a word above it: it takes that word's
    own head and label (or becomes the root), and ``over`` becomes its dependent labelled
    ``dep`` ("Conditions treated(ROOT) include(conj) ...": "include" becomes the root, "treated"
    its dependent). Skipped unless ``over`` is still above the node."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    node: str
    over: str
    dep: str


class Link(BaseModel):
    """Read ``node`` as standing for ``to`` (the tree is not changed): where the claims stage
    finds no subject in ``node``'s own words, it reads ``to`` as the subject."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    node: str
    to: str


def third_person_lemma(word: str) -> str:
    """The base form of a verb's third person singular: "qualifies" -> "qualify", "reaches"
    -> "reach", "counts" -> "count"."""
    w = word.lower()
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "shes", "ches", "xes", "zes", "oes")):
        return w[:-2]
    return w[:-1] if w.endswith("s") and not w.endswith("ss") else w


class Repair(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_\-]*$")
    description: str = ""
    enabled: bool = True
    pattern: tuple[dict[str, Any], ...]
    mentions: dict[str, tuple[str, ...]] = {}
    """node -> the mention types it must be part of (e.g. ``drug: [drug]``)."""
    unless_mentions: dict[str, tuple[str, ...]] = {}
    """node -> mention types it may not be part of."""
    unless_child: dict[str, tuple[str, ...]] = {}
    """node -> dependency labels none of its children may carry."""
    unless_prep_on: dict[str, tuple[str, ...]] = {}
    """node -> mention types: the node may not be the object of a preposition attached to a
    mention of one of these ("muscle relaxers like baclofen": an example of a class keeps its
    place, whatever part of speech the parser gave the class)."""
    same_lemma: tuple[tuple[str, str], ...] = ()
    """Pairs of nodes that must have the same lemma (compared in lower case)."""
    previous_word: dict[str, str] = {}
    """node -> node: the first is the word before the second (the nearest token before it in its
    sentence that is no punctuation or space, at most three tokens back: "baclofen, which")."""
    before_phrase: dict[str, str] = {}
    """node -> node: the first is the token right before the second's phrase (the first token
    of its subtree: "baclofen 20 mg")."""
    attach: tuple[Attach, ...] = ()
    """The edits, in order (one record or a list of them in the file)."""
    retag: Retag | None = None
    """A word the tagger read as the wrong part of speech (made before the edits)."""
    promote: Promote | None = None
    """A node put in the place of its head (made before the ``attach`` edits)."""
    link: Link | None = None
    """A word read as another (the tree is not changed; recorded in ``factcheck_links``)."""

    @field_validator("attach", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, dict) else value

    @model_validator(mode="after")
    def _nodes_exist(self) -> Repair:
        nodes = {n.get("RIGHT_ID") for n in self.pattern}
        if not self.attach and self.retag is None and self.promote is None and self.link is None:
            raise ValueError(f"repair {self.id}: no edit (`attach`, `promote`, `retag` or `link`)")
        named = {*self.mentions, *self.unless_mentions, *self.unless_child, *self.unless_prep_on,
                 *(n for pair in self.same_lemma for n in pair),
                 *(n for pairs in (self.previous_word, self.before_phrase) for pair in pairs.items() for n in pair),
                 *([self.link.node, self.link.to] if self.link else []),
                 *(a.node for a in self.attach), *(a.to for a in self.attach),
                 *([self.retag.node] if self.retag else []),
                 *([self.promote.node, self.promote.over] if self.promote else [])}
        missing = sorted(str(n) for n in named - nodes)
        if missing:
            raise ValueError(f"repair {self.id}: node(s) {', '.join(missing)} not in its pattern")
        check_dependency_pattern(f"repair {self.id}", self.pattern)
        return self


class RepairRules(ModelData):
    """``models/repairs.yaml``."""

    FILE = "repairs.yaml"

    repairs: tuple[Repair, ...]

    _matchers: dict[int, tuple[Vocab, DependencyMatcher]] = PrivateAttr(default_factory=dict)
    _plan: _Plan | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _unique_ids(self) -> RepairRules:
        twice = repeated([r.id for r in self.repairs])
        if twice:
            raise ValueError(f"repair id(s) declared twice: {', '.join(twice)}")
        return self

    def matcher(self, vocab: Vocab) -> DependencyMatcher:
        return cached_dependency_matcher(self._matchers, vocab,
                                         ((r.id, r.pattern) for r in self.repairs if r.enabled))

    def plan(self) -> _Plan:
        """What :func:`repair` reads of the rules on every Doc, worked out once."""
        if self._plan is None:
            self._plan = _Plan(self.repairs)
        return self._plan


class _Plan:
    """The repairs as :func:`repair` reads them on every Doc: by the hash of their ids (the
    matcher may have been built inside a memory zone whose strings are gone), the enabled ones,
    and each one's mention nodes (index in the pattern, mention types, node attributes)."""

    def __init__(self, repairs: tuple[Repair, ...]) -> None:
        self.order = {get_string_id(r.id): k for k, r in enumerate(repairs)}
        self.by_id = {get_string_id(r.id): r for r in repairs}
        self.enabled = [r for r in repairs if r.enabled]
        self.all_need_mentions = all(r.mentions for r in self.enabled)
        self.mention_nodes: list[tuple[int, list[tuple[int, frozenset[str]]]]] = []
        """For each enabled repair: the hash of its id, and for each of its mention nodes its
        index in the pattern and its mention types."""
        for r in self.enabled:
            position = {n.get("RIGHT_ID"): k for k, n in enumerate(r.pattern)}
            self.mention_nodes.append((get_string_id(r.id), [(position[node], frozenset(kinds))
                                                            for node, kinds in r.mentions.items()]))
        self.kinds = sorted({kinds for _, nodes in self.mention_nodes for _, kinds in nodes}, key=sorted)
        """The distinct mention types of the mention nodes."""
        self.requirements = sorted({tuple(sorted({kinds for _, kinds in nodes}, key=sorted))
                                    for _, nodes in self.mention_nodes if nodes}, key=lambda r: [sorted(k) for k in r])
        """The distinct sets of mention types a repair needs, one mention of each."""
        self._by_node_key: dict[int, tuple[object, dict[int, frozenset[str]]]] = {}
        self.free_anchors: list[tuple[list[int | str], list[int]]] | None = []
        """For each enabled repair without a mention node: the ``Doc.to_array`` columns and the
        values one of its nodes requires (its plain string values), so that every match of it
        has a node on a token with those values; None when such a repair has no node with a
        plain value (then every tree may hold a match)."""
        for r in self.enabled:
            if r.mentions:
                continue
            best: tuple[list[int | str], list[int]] = ([], [])
            for node in r.pattern:
                attrs = node.get("RIGHT_ATTRS") or {}
                plain = [(PATTERN_ATTRS[name.upper()].column, get_string_id(value)) for name, value in attrs.items()
                         if isinstance(name, str) and name.upper() in PATTERN_ATTRS and isinstance(value, str)]
                if len(plain) > len(best[0]):
                    best = ([c for c, _ in plain], [v for _, v in plain])
            if not best[0]:
                self.free_anchors = None
                break
            if best not in self.free_anchors:
                self.free_anchors.append(best)
        self.free_columns = sorted({c for columns, _ in self.free_anchors or () for c in columns}, key=str)
        """The columns the values of :attr:`free_anchors` are read from, in one array."""
        self.free_tests = [([self.free_columns.index(c) for c in columns], numpy.array(values, dtype=numpy.uint64))
                           for columns, values in self.free_anchors or ()]
        """Each of :attr:`free_anchors` as the places of its columns among :attr:`free_columns`."""
        single: dict[int, set[int]] = {}
        for columns, values in self.free_anchors or ():
            if len(columns) == 1:
                single.setdefault(self.free_columns.index(columns[0]), set()).add(values[0])
        self.free_values: list[tuple[int, frozenset[int]]] | None = \
            [(place, frozenset(values)) for place, values in sorted(single.items())] \
            if all(len(columns) == 1 for columns, _ in self.free_anchors or ()) else None
        """:attr:`free_tests` when each tests one column: each column's place and its values (a
        token with one of them is a free anchor), read without numpy; None otherwise."""

    def node_limits(self, index: NodeIndex, typed: dict[frozenset[str], set[int]]) -> Mapping[int, Container[int]]:
        """The mention nodes' limits by the keys of the node index of the repairs' matcher
        (:meth:`NodeIndex.limits`): each node -> the tokens of its mention types (``typed``),
        read on demand. Which node key takes which types is worked out once per index."""
        cached = self._by_node_key.get(id(index))
        if cached is None or cached[0] is not index:
            # (the types stand in for the tokens: what limits makes of them is what it makes of the tokens)
            template = index.limits({key: {position: cast(Container[int], kinds) for position, kinds in nodes}
                                     for key, nodes in self.mention_nodes})
            if len(self._by_node_key) >= 16:  # (an index per matcher, a matcher per vocab: a few)
                self._by_node_key.clear()
            cached = self._by_node_key[id(index)] = (index, {k: cast(frozenset, v) for k, v in template.items()})
        return _TypedLimits(cached[1], typed)


class _TypedLimits(Mapping[int, Container[int]]):
    """A node key -> the tokens of its mention types, looked up when asked for."""

    def __init__(self, kinds: dict[int, frozenset[str]], typed: dict[frozenset[str], set[int]]) -> None:
        self._kinds = kinds
        self._typed = typed

    def __getitem__(self, key: int) -> Container[int]:
        return self._typed[self._kinds[key]]

    def get(self, key: int, default: Any = None) -> Any:
        kinds = self._kinds.get(key)
        return default if kinds is None else self._typed[kinds]

    def __iter__(self) -> Iterator[int]:
        return iter(self._kinds)

    def __len__(self) -> int:
        return len(self._kinds)


def repair(doc: Doc, rules: RepairRules) -> list[tuple[str, int]]:
    """Apply the enabled repairs to ``doc`` (in the order of the file, each match once), write
    the ``factcheck_repairs`` span group (and ``factcheck_links``), and return (repair id, token
    index) of each edit of the tree."""
    if not doc.has_annotation("DEP") or not any(r.enabled for r in rules.repairs):
        return []
    spans = mentions(doc)
    types: dict[int, set[str]] = {}
    for s in spans:
        for i in range(s.start, s.end):
            types.setdefault(i, set()).add(s.label_)
    by_id = rules.plan().by_id
    matches = _matches(doc, rules, types)
    done: list[tuple[str, int]] = []
    linked: dict[int, tuple[str, int]] = {}  # a linked word -> (repair id, the word it stands for)
    for match_id, nodes in matches:
        rule = by_id[match_id]
        at = {n["RIGHT_ID"]: doc[i] for n, i in zip(rule.pattern, nodes, strict=True)}
        if not all(types.get(at[n].i, set()) & set(kinds) for n, kinds in rule.mentions.items()):
            continue
        if any(types.get(at[n].i, set()) & set(kinds) for n, kinds in rule.unless_mentions.items()):
            continue
        if any(c.dep_ in deps for n, deps in rule.unless_child.items() for c in at[n].children):
            continue
        if any(at[n].dep_ == "pobj" and types.get(at[n].head.head.i, set()) & set(kinds)
               for n, kinds in rule.unless_prep_on.items()):
            continue
        if any(at[a].lemma_.lower() != at[b].lemma_.lower() for a, b in rule.same_lemma):
            continue
        if any((word := previous_word(at[b])) is None or word.i != at[a].i for a, b in rule.previous_word.items()):
            continue
        if any(at[b].left_edge.i - 1 != at[a].i for a, b in rule.before_phrase.items()):
            continue
        if rule.retag is not None:
            tok = at[rule.retag.node]
            if tok.tag_ != rule.retag.tag:
                tok.tag_, tok.pos_ = rule.retag.tag, rule.retag.pos
                tok.lemma_ = rule.retag.lemma or third_person_lemma(tok.text)
                done.append((rule.id, tok.i))
        if rule.promote is not None:
            tok = at[rule.promote.node]
            over = at[rule.promote.over]
            if any(a.i == over.i for a in tok.ancestors) and _promote(tok, over, rule.promote.dep):
                done += [(rule.id, tok.i), (rule.id, over.i)]
        for edit in rule.attach:
            tok = at[edit.node]
            if _attach(tok, at[edit.to], edit.dep):
                done.append((rule.id, tok.i))
        if rule.link is not None:
            linked.setdefault(at[rule.link.node].i, (rule.id, at[rule.link.to].i))
    if done or SPANS_KEY not in doc.spans:
        doc.spans[SPANS_KEY] = [Span(doc, i, i + 1, label=rid) for rid, i in done]
    if linked or LINKS_KEY not in doc.spans:
        doc.spans[LINKS_KEY] = [Span(doc, i, i + 1, label=rid) for i, (rid, _) in linked.items()]
        doc.spans[LINKS_KEY].attrs["to"] = [to for _, to in linked.values()]
    return done


def _matches(doc: Doc, rules: RepairRules, types: dict[int, set[str]]) -> list[tuple[int, list[int]]]:
    """The matches of the repairs' matcher in ``doc`` (mention tokens -> their mention types), in
    the order the repairs are applied (the file's, then by node positions), without those whose
    mention node is not on a mention of its types (which :func:`repair` would drop)."""
    plan = rules.plan()
    matcher = rules.matcher(doc.vocab)
    if types or not plan.all_need_mentions:
        # a repair that needs a mention on one of its nodes can match only in the trees that
        # hold one it can take; a mention node is matched only on the mentions of its types.
        # A repair without a mention node may match in any tree that holds a token with the
        # values one of its nodes requires (the others' mention nodes keep their limits)
        anchors, typed = _anchors(plan, types)
        if not plan.all_need_mentions:
            anchors |= _free_anchors(doc, plan)
        index = NodeIndex.of(matcher)
        # (the limits by node are what the matcher reads without a node index)
        only = None if index is not None and index.reads(doc) else \
            {key: {position: typed[kinds] for position, kinds in nodes} for key, nodes in plan.mention_nodes}
        found = tree_matches(matcher, doc, anchors, only, lambda index: plan.node_limits(index, typed))
    else:
        found = []  # every repair needs a mention, and there is none
    order = plan.order
    return sorted(found, key=lambda m: (order[m[0]], m[1]))


def links(doc: Doc) -> dict[int, int]:
    """The links the repair stage recorded in ``doc``: the index of a word read as another ->
    the index of that other word (none when no repair stage ran)."""
    if LINKS_KEY not in doc.spans:
        return {}
    group = doc.spans[LINKS_KEY]
    return {span.start: to for span, to in zip(group, group.attrs.get("to", []), strict=True)}


def previous_word(tok: Token) -> Token | None:
    """The nearest token before ``tok`` in its sentence that is not punctuation or space, at most
    three tokens back."""
    for i in range(tok.i - 1, max(tok.sent.start, tok.i - 3) - 1, -1):
        if not (tok.doc[i].is_punct or tok.doc[i].is_space):
            return tok.doc[i]
    return None


def _anchors(plan: _Plan, types: dict[int, set[str]]) -> tuple[set[int], dict[frozenset[str], set[int]]]:
    """The mention tokens of each set of mention types of a mention node (those a node of those
    types may be matched on), and all of them, as the anchors of :func:`tree_matches`, of the
    repairs each of whose mention nodes has one (the trees of the others hold no match). The
    node's attributes are left to the matcher."""
    typed = {kinds: {i for i, t in types.items() if not t.isdisjoint(kinds)} for kinds in plan.kinds}
    anchors: set[int] = set()
    for need in plan.requirements:
        if all(typed[kinds] for kinds in need):
            anchors.update(*(typed[kinds] for kinds in need))
    return anchors, typed


def _free_anchors(doc: Doc, plan: _Plan) -> set[int]:
    """The tokens of ``doc`` on which the repairs without a mention node may have a node
    (:attr:`_Plan.free_anchors`): every token when that is not known."""
    n = len(doc)
    if plan.free_anchors is None:
        return set(range(n))
    if not n or not plan.free_tests:
        return set()
    table = doc.to_array(plan.free_columns).reshape(n, len(plan.free_columns))
    if plan.free_values is not None:
        # (plain lists: on the few dozen tokens of a post, the numpy calls below cost several times this)
        columns = table.T.tolist()
        return {i for place, values in plan.free_values for i, v in enumerate(columns[place]) if v in values}
    hit = numpy.zeros(n, dtype=bool)
    for places, values in plan.free_tests:
        hit |= (table[:, places] == values).all(axis=1)
    return set(numpy.flatnonzero(hit).tolist())


def _promote(tok: Token, head: Token, dep: str) -> bool:
    """Put ``tok`` in the place of ``head``, its head or a word above it, the head becoming its
    dependent labelled ``dep`` (not for a root: it has no head to take the place of)."""
    if head.i == tok.i:
        return False
    if head.head.i == head.i:
        tok.head, tok.dep_ = tok, "ROOT"  # (two roots for a moment: the next line joins them)
    else:
        tok.head, tok.dep_ = head.head, head.dep_
    head.head, head.dep_ = tok, dep
    return True


def _attach(tok: Token, head: Token, dep: str) -> bool:
    """Re-attach ``tok`` under ``head`` (unless it already is, or ``head`` is ``tok`` or one of its
    descendants: the tree would have a cycle)."""
    if tok.i == head.i or (tok.head.i == head.i and tok.dep_ == dep):
        return False
    if head.i in {t.i for t in tok.subtree}:
        return False
    tok.head = head
    tok.dep_ = dep
    return True
