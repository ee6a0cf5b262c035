"""Assertion context of a claim: is it negated, and does the author assert it?

Cue rules are data (``models/context.yaml``, validated on load), in the spirit of medspaCy's
ConText, but a cue's scope is the dependency structure rather than a token window:

- **in-clause cues** (negation, hedge adverbs and modals) count when they depend on a token of
  the claim's *path* (subject, predicate, object and the words linking them);
- **frames** are found by climbing from the claim's predicate through the clauses that embed
  it: a reporting or belief verb ("my doctor said", "I think"), a truth judgement ("it is a
  myth that", "rumors that … are false"), a rejecting adverb ("people wrongly believe"), a
  negated belief verb ("I don't think", "don't believe anyone who says"), a conditional or
  embedded-question clause ("if", "whether").

Effects: negation and debunking frames flip the claim's polarity (an even number of flips
cancels out); the assertion is the strongest of questioned / hypothetical > reported > hedged >
asserted. ``flagged`` needs a refuted claim that is asserted or hedged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr
from spacy.tokens import Doc, Token

from factcheck.pipeline.claims import Claim
from factcheck.pipeline.mentions import mentions
from factcheck.resources import ModelData
from factcheck.text.segmentation import QUOTE_MARKS

Category = Literal["negation", "hedge", "doubt", "question", "reported", "belief", "rejecting", "debunk", "episodic",
                   "discourse",
                   "affirm", "content", "hypothetical"]
Direction = Literal["syntactic", "path", "forward", "sentence_end", "inversion", "governor",
                    "clause_mark", "sentence_start", "inverted_condition", "sentence"]

ASSERTION_RANK = {"asserted": 0, "hedged": 1, "reported": 2, "hypothetical": 3, "questioned": 4}
FIRST_PERSON = frozenset({"i", "we"})
# Governor categories said of nouns and adjectives; the others are said of verbs.
_NOMINAL = frozenset({"debunk", "affirm", "content"})
# Dependencies through which a claim's clause is embedded in a governing clause or phrase.
_EMBEDDING = frozenset({"ccomp", "xcomp", "acl", "relcl", "advcl", "pcomp", "pobj", "dobj", "nsubj",
                        "nsubjpass", "csubj", "attr", "appos", "conj", "prep", "oprd"})


class CueRule(BaseModel):
    """One cue: a word or multi-word literal (lower case; lemma for governors), its category,
    and where it must stand relative to the claim (``direction``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    category: Category
    literal: str = Field(min_length=1)
    direction: Direction = "syntactic"
    """``syntactic``: depends on a token of the claim's path. ``path``: is itself on the path
    ("rather than" heading the denied class, "unlike"). ``forward``: stands immediately before
    the object mention ("non-"). ``sentence_end``: ends the claim's sentence ("?").
    ``inversion``: an auxiliary opening the clause before its subject ("Is baclofen …").
    ``governor``: the lemma of a word that embeds the claim's clause ("said", "myth", "wonder").
    ``clause_mark``: a subordinator of the claim's clause or of a clause embedding it ("if").
    ``sentence_start``: the first word of the claim's sentence ("imagine", "suppose")."""
    deps: tuple[str, ...] = ()
    """Dependency labels the cue's (last) word must carry (empty: any)."""
    subject: Literal["any", "first_person", "none"] = "any"
    """Governors only: who must be the governor's subject ("none": an imperative)."""
    note: str | None = None


class CueLexicon(ModelData):
    """``models/context.yaml``."""

    FILE = "context.yaml"

    cues: tuple[CueRule, ...]
    factive_verbs: frozenset[str] = frozenset()
    """Verbs whose complement is presupposed true even in a question ("did you know X")."""
    partitive_heads: frozenset[str] = frozenset()
    ellipsis_markers: frozenset[str] = frozenset()
    retractions: tuple[str, ...] = ()
    """Nouns through which a truth judgement passes to its "of" phrase: "a load of nonsense",
    "a pack of lies"."""

    # The lexicon is immutable, so its views are computed once (they are asked for per claim,
    # on a hot path) and kept in one plain object, in dicts keyed by strings: a pydantic model
    # hashes all its fields on every ``hash()`` (as an ``lru_cache`` keyed by the lexicon
    # would do on every call), and each access to a private attribute goes through
    # ``__getattr__``.
    _views: object = PrivateAttr(default=None)

    def model_post_init(self, _context: object) -> None:
        self._views = _Views(self.cues)

    def rules(self, *directions: str, category: str | None = None) -> tuple[CueRule, ...]:
        """The cues of these directions (and of ``category``, if given), in lexicon order."""
        return self.cue_set(*directions, category=category).rules

    def cue_set(self, *directions: str, category: str | None = None) -> CueSet:
        """:meth:`rules` with the words of each literal."""
        views = self._views
        key = (directions, category)
        found = views.sets.get(key)
        if found is None:
            found = views.sets[key] = CueSet.of(tuple(
                c for c in self.cues if c.direction in directions and (category is None or c.category == category)))
        return found

    def literals(self, category: str) -> frozenset[str]:
        views = self._views
        found = views.literals.get(category)
        if found is None:
            found = views.literals[category] = frozenset(c.literal for c in self.cues if c.category == category)
        return found

    def literals_of(self, *directions: str) -> frozenset[str]:
        """The literals of the cues of these directions."""
        views = self._views
        found = views.literals.get(directions)
        if found is None:
            found = views.literals[directions] = frozenset(c.literal for c in self.rules(*directions))
        return found

    def of_category(self, category: str) -> CueSet:
        """All cues of a category, whatever their direction, in lexicon order."""
        views = self._views
        found = views.sets.get(category)
        if found is None:
            found = views.sets[category] = CueSet.of(tuple(c for c in self.cues if c.category == category))
        return found

    def governors(self, lemma: str) -> tuple[CueRule, ...]:
        """Governor rules for a lemma, those with a subject condition first."""
        return self._views.governors.get(lemma, ())


@dataclass(frozen=True, eq=False)
class CueSet:
    """Cue rules, in lexicon order, with the words of each one's literal."""

    rules: tuple[CueRule, ...]
    words: tuple[tuple[str, ...], ...]
    reach: int
    """The most words of a literal."""

    @classmethod
    def of(cls, rules: tuple[CueRule, ...]) -> CueSet:
        words = tuple(tuple(r.literal.split()) for r in rules)
        return cls(rules, words, max((len(w) for w in words), default=0))

    def __iter__(self):
        return iter(zip(self.rules, self.words))


class _Views:
    """The lookups of a :class:`CueLexicon`, filled on first use."""

    def __init__(self, cues: tuple[CueRule, ...]) -> None:
        index: dict[str, list[CueRule]] = {}
        for c in cues:
            if c.direction == "governor":
                index.setdefault(c.literal, []).append(c)
        self.governors = {k: tuple(sorted(v, key=lambda c: c.subject == "any")) for k, v in index.items()}
        self.sets: dict = {}
        self.literals: dict = {}

    # Views are derived from the lexicon's fields: two lexicons are equal when their fields are
    # (pydantic compares private attributes too).
    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Views)

    __hash__ = None  # type: ignore[assignment]


@dataclass(frozen=True)
class ContextCue:
    token_start: int
    token_end: int
    category: str


@dataclass(frozen=True)
class Context:
    negated: bool
    assertion: str
    cues: tuple[ContextCue, ...]
    episodic: bool = False
    """The predication reports one occasion ("it didn't give me that euphoric feeling", "the
    pump will not help my spasms"), not what the drug generally does."""


@dataclass
class _State:
    flips: int = 0
    assertion: str = "asserted"
    cues: list[ContextCue] = field(default_factory=list)

    def cue(self, tok: Token, category: str, end: int | None = None) -> None:
        found = ContextCue(tok.i, end if end is not None else tok.i + 1, category)
        if found not in self.cues:
            self.cues.append(found)

    def assert_as(self, assertion: str) -> None:
        if ASSERTION_RANK[assertion] > ASSERTION_RANK[self.assertion]:
            self.assertion = assertion


def assess(doc: Doc, claim: Claim, lexicon: CueLexicon) -> Context:
    """Negation and assertion status of one claim."""
    state = _State()
    negation = negation_cues(doc, claim, lexicon)
    state.cues += negation
    state.flips += bool(negation)
    _hedges(doc, claim, lexicon, state)
    _frames(doc, claim, lexicon, state)
    _questions(doc, claim, lexicon, state)
    _attached_judgements(doc, claim, lexicon, state)
    quote = _quotation(doc, claim)
    if quote is not None:  # the words are quoted: someone else's, as reported speech is
        state.cue(quote, "reported")
    if any(c.category == "reported" for c in state.cues):
        _rejected_next(doc, claim, lexicon, state)
    _retracted(doc, claim, lexicon, state)
    episodic = _episodic(doc, claim, lexicon)
    state.cues += episodic
    return Context(negated=state.flips % 2 == 1, assertion=state.assertion, cues=tuple(state.cues),
                   episodic=bool(episodic))


def _attached_judgements(doc: Doc, claim: Claim, lexicon: CueLexicon, state: _State) -> None:
    """A judgement hung on the claim or on what reports it, after the claim: "my friend claims
    X is an opiate, which is nonsense", "a reporter wrote that X is C, a glaring error"; and a
    rejecting adverb on the claim's own verb ("officials wrongly described X as C")."""
    pred = doc[claim.predicate]
    scope = set(claim.path) | {t.i for t in pred.ancestors}
    # ... and the subjects of the verbs that report it ("officials insisted X, a claim …")
    scope |= {c.i for i in list(scope) for c in doc[i].children if c.dep_ in ("nsubj", "nsubjpass")}
    end = max(claim.subject.end, claim.object.end)
    for i in sorted(scope):
        for c in doc[i].children:
            if c.i < end or c.i in scope:
                continue
            if c.dep_ == "relcl" and _is_copula(c) and any(
                    s.dep_ == "nsubj" and s.lower_ in ("which", "that") for s in c.children):
                for judge in c.children:
                    if judge.dep_ in ("attr", "acomp") and _judgement(judge, _negated(c), lexicon, state):
                        return
            # an appositive, or a second complement of the claim's own verb ("X is C, a claim …")
            if c.dep_ != "appos" and not (c.dep_ == "attr" and c.head.i == claim.predicate):
                continue
            if _judgement(c, _negated(c), lexicon, state):
                return
            if any(r.category == "content" for r in lexicon.governors(c.lemma_.lower())):
                state.cue(c, "reported")  # "X is C, a claim the company withdrew"
                state.assert_as("reported")
                return
    if pred.pos_ == "VERB" and not _is_copula(pred):
        found = _cues_on(doc, pred, lexicon.cue_set("syntactic", category="rejecting"), set(claim.path))
        if found:
            state.cues.append(ContextCue(found[0][0], found[0][1], "debunk"))
            state.flips += 1


_QUOTES = frozenset({'"', "“", "”", "'", "‘", "’", "``", "''", "«", "»"})


def _line_opener(doc: Doc, i: int) -> Token:
    """The first word or mark of the line that token ``i`` is on."""
    while i > 0 and "\n" not in doc[i - 1].text and "\n" not in doc[i - 1].whitespace_:
        i -= 1
    while i < len(doc) - 1 and doc[i].is_space:
        i += 1
    return doc[i]


def _quotation(doc: Doc, claim: Claim) -> Token | None:
    """The mark that opens the quotation the claim stands in, if it does: an odd number of
    quotation marks between the start of its line and the claim ('Fact check: "Baclofen is a
    narcotic." Verdict: FALSE.'), or a line quoted with ">" (e-mail and forum replies)."""
    start = min(claim.subject.start, claim.object.start)
    first = _line_opener(doc, start)
    marks = [t for t in doc[first.i:start] if t.text in _QUOTES]
    if len(marks) % 2 == 1:
        return marks[-1]
    return first if first.text in QUOTE_MARKS else None


def _rejected_next(doc: Doc, claim: Claim, lexicon: CueLexicon, state: _State) -> None:
    """A report rejected by the next sentence: "She says it's an opioid. That's wrong." /
    "... Not true." The next sentence must be a bare truth judgement of "that"/"this"/"it"."""
    sent = doc[claim.predicate].sent
    if sent.end >= len(doc):
        return
    nxt = next((t for t in doc[sent.end:] if not t.is_space), None)
    if _line_opener(doc, sent.start).text in QUOTE_MARKS:
        # the rest of a quoted block: the reply follows it ("> X is C\n> ...\nNo it is not.")
        while nxt is not None and _line_opener(doc, nxt.i).text in QUOTE_MARKS:
            sent = nxt.sent
            nxt = next((t for t in doc[sent.end:] if not t.is_space), None)
    if nxt is None or (nxt.i > sent.end and "\n\n" in doc[sent.end:nxt.i].text):
        return
    # the clause the next sentence opens with: "That's wrong (though, it's a muscle relaxer)."
    pronouns = ("that", "this", "it", "which", "he", "she", "they", "you")
    root = nxt.head if nxt.lower_ in pronouns and nxt.dep_ == "nsubj" else nxt.sent.root
    # a judgement in a complement clause: "Turns out he was totally wrong(, it's GABA-B)"
    for inner in [c for c in root.children if c.dep_ in ("ccomp", "xcomp")] + \
            [g for c in root.children if c.dep_ in ("ccomp", "xcomp") for g in c.children if g.dep_ in ("ccomp", "xcomp")]:
        if _is_copula(inner) and any(c.dep_ == "nsubj" and c.lower_ in pronouns for c in inner.children) and any(
                _judgement(j, _negated(inner), lexicon, state)
                for j in inner.children if j.dep_ in ("attr", "acomp")):
            return
    negated = _negated(root)
    if _is_copula(root):
        subj = [c for c in root.children if c.dep_ == "nsubj"]
        if not subj or subj[0].lower_ not in pronouns:
            return
        judges = [c for c in root.children if c.dep_ in ("attr", "acomp")]
        if not judges and negated and subj[0].lower_ in ("it", "that", "this"):
            # an elliptical denial: "It's not." / "It isn't." / "No, that is not."
            state.cue(next(c for c in root.children if c.dep_ == "neg"), "debunk")
            state.flips += 1
            return
    else:
        # a short verdict: "Not true.", "Nope.", "Verdict: FALSE."
        words = [t for t in nxt.sent if t.is_alpha]
        judges = words if len(words) <= 3 else []
        negated = negated or any(t.lower_ == "not" for t in nxt.sent)
    for judge in judges:
        if _judgement(judge, negated, lexicon, state):
            return


def _retracted(doc: Doc, claim: Claim, lexicon: CueLexicon, state: _State) -> None:
    """The author takes the claim back in the next sentence of the same paragraph ("X is C.
    Actually scratch that, I mixed it up: it's D." / "EDIT: someone pointed out it's D, fixed."):
    a retraction phrase among its first words, and a drug or class named or referred to in it
    (the correction). The claim then counts as reported, not asserted."""
    if not lexicon.retractions:
        return
    sent = doc[claim.predicate].sent
    if sent.end >= len(doc):
        return
    nxt = next((t for t in doc[sent.end:] if not t.is_space), None)
    if nxt is None or "\n\n" in doc[sent.end:nxt.i].text:
        return
    following = nxt.sent
    words = [t for t in following if not (t.is_space or t.is_punct)][:8]
    lowered = [t.lower_ for t in words]
    for phrase in lexicon.retractions:
        parts = phrase.split()
        at = next((k for k in range(len(lowered) - len(parts) + 1) if lowered[k:k + len(parts)] == parts), None)
        if at is None:
            continue
        corrected = any(following.start <= m.start < following.end for m in mentions(doc))
        if corrected:
            state.cues.append(ContextCue(words[at].i, words[at + len(parts) - 1].i + 1, "reported"))
            state.assert_as("reported")
        return


def _episodic(doc: Doc, claim: Claim, lexicon: CueLexicon) -> list[ContextCue]:
    """Cues that a verbal predication is about one occasion: a past or future tense ("did",
    "gave", "will"), a perfect ("has helped"), or a first-person or possessed object ("me", "my
    spasms")."""
    pred = doc[claim.predicate]
    if pred.pos_ not in ("VERB", "AUX") or claim.relation == "is_a":
        return []
    rules = lexicon.of_category("episodic")
    out = []
    verbs = [doc[i] for i in claim.path if doc[i].pos_ in ("VERB", "AUX") and doc[i].dep_ not in ("aux", "auxpass")]
    out += [ContextCue(v.i, v.i + 1, "episodic") for v in verbs if v.tag_ == "VBD"]
    scope = [c for v in verbs for c in v.children] + [c for c in doc[claim.object.root.i].children]
    for child in scope:
        for rule, words in rules:
            if _literal_at(doc, child, rule, words) is not None and (not rule.deps or child.dep_ in rule.deps):
                out.append(ContextCue(child.i, child.i + 1, "episodic"))
    return out


# ---------------------------------------------------------------------------- negation
def negation_cues(doc: Doc, claim: Claim, lexicon: CueLexicon) -> list[ContextCue]:
    """Negation cues whose syntactic scope covers the claim.

    A ``syntactic`` cue counts when its last word depends on a token of the claim's path, a
    ``path`` cue when its last word is on the path ("rather than" heading the denied class);
    the other words of a cue must precede its last word. Walking the path, "but"-coordination
    ends the scope of what came before it ("not an opioid but a muscle relaxant": the negation
    stays with the first conjunct).
    """
    rules = lexicon.cue_set("syntactic", "path", category="negation")
    found: list[ContextCue] = []
    path = list(claim.path)
    on_path = set(path)
    for pos, i in enumerate(path):
        tok = doc[i]
        nxt = doc[path[pos + 1]] if pos + 1 < len(path) else None
        if nxt is not None and nxt.dep_ == "conj" and nxt.head == tok and _but(tok):
            found = []
            continue
        found += [ContextCue(a, b, "negation") for a, b in _cues_on(doc, tok, rules, on_path)
                  if not (b < len(doc) and doc[b].lower_ in _NOT_ONLY)]  # "not only / just a C": it is one
    for rule, words in lexicon.cue_set("forward"):
        parts = list(words)
        start = claim.object.start
        if rule.category == "negation" and start - len(parts) >= 0 and \
                [t.lower_ for t in doc[start - len(parts):start]] == parts:
            found.append(ContextCue(start - len(parts), start, "negation"))
    return found


_NOT_ONLY = frozenset({"only", "just", "merely", "simply", "solely"})


def _cues_on(doc: Doc, tok: Token, rules: CueSet, on_path: set[int]) -> list[tuple[int, int]]:
    """Occurrences of ``rules`` in the scope of path token ``tok``: a ``path`` cue ends at
    ``tok``; a ``syntactic`` cue has a word that depends on ``tok`` (and is off the path).

    A cue can only end on a word at or after a scope child (within its length) or on ``tok``:
    rules whose last word is none of these are skipped without looking at the Doc."""
    if not rules.rules:
        return []
    scope = [c for c in _scope_children(tok) if c.i not in on_path]
    n_doc = len(doc)
    reach = rules.reach
    ends = {doc[j].lower_ for c in scope for j in range(c.i, min(c.i + reach, n_doc))}
    own = tok.lower_
    out = []
    for rule, words in rules:
        if rule.direction == "path":
            if words[-1] == own:
                cue = _literal_at(doc, tok, rule, words)
                if cue is not None:
                    out.append(cue)
            continue
        if words[-1] not in ends:
            continue
        n = len(words)
        for child in scope:
            for last in range(child.i, min(child.i + n, n_doc)):  # occurrences containing child
                cue = _literal_at(doc, doc[last], rule, words)
                if cue is not None and cue[0] <= child.i:
                    out.append(cue)
                    break
    return out


def _literal_at(doc: Doc, tok: Token, rule: CueRule, words: tuple[str, ...] | None = None) -> tuple[int, int] | None:
    """Token span of ``rule.literal`` (``words``, its words) ending at ``tok`` (with ``rule.deps``
    on ``tok``), if any."""
    if words is None:
        words = tuple(rule.literal.split())
    if tok.lower_ != words[-1] or (rule.deps and tok.dep_ not in rule.deps):
        return None
    start = tok.i - len(words) + 1
    if start < 0:
        return None
    for k in range(len(words) - 1):
        if doc[start + k].lower_ != words[k]:
            return None
    return start, tok.i + 1


def _introduced_sibling(head: Token, cue: Token) -> Token | None:
    """The conjunct or appositive of ``head`` that a cue after ``head`` introduces ("an opioid,
    not a muscle relaxant": "not" hangs on "opioid" but denies "muscle relaxant")."""
    if cue.i < head.i:
        return None
    # the cue must open the sibling's phrase: only punctuation or a conjunction may follow it
    doc = cue.doc
    i = cue.i + 1
    while i < len(doc) and (doc[i].is_punct or doc[i].dep_ == "cc"):
        i += 1
    if i >= len(doc):
        return None
    for sibling in (doc[i], doc[i].head, doc[i].head.head):  # the word that opens the phrase, up to its head
        if sibling.head.i == head.i and sibling.dep_ in ("conj", "appos") and sibling.left_edge.i == i:
            return sibling
    return None


def _scope_children(tok: Token) -> list[Token]:
    """The dependents whose cues scope over ``tok``: its own children (less those introducing a
    sibling) and the cues on its head that introduce ``tok`` itself."""
    own = [c for c in tok.children if _introduced_sibling(tok, c) is None]
    if tok.dep_ in ("conj", "appos") and tok.head.i != tok.i:
        own += [c for c in tok.head.children if c.i < tok.i and _introduced_sibling(tok.head, c) == tok]
    return own


def _but(tok: Token) -> bool:
    return any(c.dep_ == "cc" and c.lower_ == "but" for c in tok.children)


# ---------------------------------------------------------------------------- hedges
def _hedges(doc: Doc, claim: Claim, lexicon: CueLexicon, state: _State) -> None:
    """Hedge adverbs and modals in the claim's scope ("could be", "probably"), and parenthetical
    belief verbs attached to the predicate ("baclofen is, I think, an opioid")."""
    rules = lexicon.cue_set("syntactic", category="hedge")
    on_path = set(claim.path)
    for i in claim.path:
        for a, b in _cues_on(doc, doc[i], rules, on_path):
            state.cues.append(ContextCue(a, b, "hedge"))
            state.assert_as("hedged")
    pred = doc[claim.predicate]
    for child in pred.children:
        if child.dep_ == "parataxis" and _subject_kind(child) == "first_person":
            for rule in lexicon.governors(child.lemma_.lower()):
                if rule.category == "belief":
                    state.cue(child, "hedge")
                    state.assert_as("hedged")


# ---------------------------------------------------------------------------- frames
def _frames(doc: Doc, claim: Claim, lexicon: CueLexicon, state: _State) -> None:
    """Climb from the claim's clause through every clause or phrase that embeds it."""
    cur = doc[claim.predicate]
    sent = cur.sent
    marks = {r.literal: r for r in lexicon.rules("clause_mark")}
    for _ in range(12):
        for child in cur.children:
            rule = marks.get(child.lower_)
            if rule is not None and child.dep_ == "mark":
                _apply_mark(child, cur, rule, state)
        _inverted_conditional(cur, lexicon, state)
        if cur.dep_ == "ROOT" or cur.head.i == cur.i or cur.dep_ not in _EMBEDDING:
            break
        parent = cur.head
        if cur.dep_ != "conj":  # a coordinate clause is not embedded in its first conjunct
            _governor(parent, cur, lexicon, state)
        cur = parent
    for rule, words in lexicon.cue_set("sentence_start"):
        first = next((t for t in sent if not (t.is_space or t.is_punct)), None)
        last = first.i + len(words) - 1 if first is not None else -1
        if first is not None and last < len(doc) and _literal_at(doc, doc[last], rule, words) \
                and first.i < claim.subject.start:
            already = ContextCue(first.i, first.i + 1, "debunk") in state.cues
            state.cue(first, rule.category, last + 1)
            if rule.category == "debunk":  # "Myth: X" (unless the parse already made X its clause)
                state.flips += not already
            else:  # "Claim: X" is under review; "Imagine X"; "True or false: X"
                state.assert_as({"hypothetical": "hypothetical", "content": "reported"}.get(rule.category, "questioned"))
    _subjunctive(doc, claim, state)
    _consequent(doc[claim.predicate], marks, lexicon, state)
    _adjacent_report(doc, claim, lexicon, state)


def _adjacent_report(doc: Doc, claim: Claim, lexicon: CueLexicon, state: _State) -> None:
    """A reporting verb right before the claim's subject (or its "that") that the parser did
    not make the claim's governor: "a video claims(noun) baclofen is an opioid", "a video going
    round claiming baclofen(dobj) is an opioid". The claim is then reported speech."""
    i = claim.subject.start - 1
    if i >= 0 and doc[i].lower_ == "that":
        i -= 1
    if i < 0 or any(c.category == "reported" for c in state.cues):
        return
    tok = doc[i]
    if tok.pos_ in ("VERB", "NOUN") and tok.sent == doc[claim.predicate].sent and any(
            r.category == "reported" for r in lexicon.governors(tok.lemma_.lower())):
        state.cue(tok, "reported")


def _inverted_conditional(clause: Token, lexicon: CueLexicon, state: _State) -> None:
    """"had baclofen been an opiate, …", "were it an opioid, …": a clause that opens with an
    auxiliary (or is itself the auxiliary) before its subject is a condition when it is
    adverbial, or when a conditional modal follows it in the sentence (the parser often makes
    the main clause its complement: "had X been Y my test would've been positive")."""
    first = clause.doc[clause.left_edge.i]
    subj = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or first.i >= subj.i or not (first.i == clause.i or first.head.i == clause.i):
        return
    if first.lower_ not in lexicon.literals_of("inverted_condition"):
        return
    modal_after = any(t.lower_ in _CONDITIONAL_MODALS for t in clause.sent if t.i > subj.i)
    if clause.dep_ == "advcl" or modal_after:
        state.cue(first, "hypothetical")
        state.assert_as("hypothetical")


def _consequent(clause: Token, marks: dict[str, CueRule], lexicon: CueLexicon, state: _State) -> None:
    """The consequent of a conditional: the claim's own clause has a conditional modal and an
    "if" / "unless" clause or an inverted condition attached to it ("if baclofen were an
    opioid, it would be Schedule II"; "had X been C, it would ...")."""
    if not any(c.dep_ == "aux" and c.lower_ in _CONDITIONAL_MODALS for c in clause.children):
        return
    conditions = [c for c in clause.children if c.dep_ == "advcl"]
    for cond in conditions:
        mark = next((m for m in cond.children if m.dep_ == "mark" and m.lower_ in marks
                     and marks[m.lower_].category == "hypothetical"), None)
        inverted = cond.doc[cond.left_edge.i].lower_ in {r.literal for r in lexicon.rules("inverted_condition")}
        if mark is not None or inverted:
            modal = next(c for c in clause.children if c.dep_ == "aux" and c.lower_ in _CONDITIONAL_MODALS)
            state.cue(modal, "hypothetical")
            state.assert_as("hypothetical")
            return


_CONDITIONAL_MODALS = frozenset({"would", "could", "might", "'d", "wouldve", "would've", "couldve", "could've"})


def _apply_mark(mark: Token, clause: Token, rule: CueRule, state: _State) -> None:
    """"if"/"unless" on an adverbial clause: hypothetical; "if"/"whether" on a complement
    clause ("tell me if", "I wonder whether"): an embedded question."""
    if rule.category == "hypothetical" and clause.dep_ == "advcl":
        state.cue(mark, "hypothetical")
        state.assert_as("hypothetical")
    elif rule.category in ("question", "hypothetical") and clause.dep_ in ("ccomp", "xcomp", "pcomp", "pobj", "dobj"):
        state.cue(mark, "question")
        state.assert_as("questioned")


def _governor(gov: Token, via: Token, lexicon: CueLexicon, state: _State) -> None:
    """What a governing word does to the clause ``via`` that it embeds."""
    negated = _negated(gov)
    nominal = gov.pos_ in ("NOUN", "PROPN", "ADJ")
    rules = [r for r in lexicon.governors(gov.lemma_.lower()) if (r.category in _NOMINAL) == nominal]
    if _is_copula(gov):
        # "it is false / not true that X": the copula's predicate judges its clausal complement
        if via.dep_ in ("ccomp", "csubj", "xcomp"):  # "it is false that X", "it would be wrong to call X C"
            for judge in gov.children:
                if judge.dep_ in ("attr", "acomp"):
                    _judgement(judge, negated, lexicon, state)
        return
    subject = _subject_kind(gov)
    for rule in rules:
        if rule.subject != "any" and rule.subject != subject:
            continue
        if rule.category in ("debunk", "affirm", "content") and not (
                via.dep_ == "acl" or (via.dep_ == "xcomp" and gov.pos_ == "ADJ") or (via.dep_ == "relcl" and not any(
                    c.lower_ in ("which", "that", "who") and c.dep_ in ("nsubj", "dobj") for c in via.children))):
            # a content clause ("no way (that) X", "wrong to call X C"), not a relative clause
            return
        if rule.category in ("debunk", "affirm"):
            # "the myth that X", "it is a myth that X", "the fact that X"
            copula_negated = gov.dep_ in ("attr", "acomp") and _negated(gov.head)
            _judgement(gov, negated or copula_negated, lexicon, state)
            return
        if rule.category == "content":
            # "the claim that X is wrong": judged by the copula it is the subject of;
            # "I heard the claim that X": suspended
            head = gov.head
            judges = [j for j in head.children if j.dep_ in ("attr", "acomp")] \
                if gov.dep_ in ("nsubj", "nsubjpass") and _is_copula(head) else []
            if any(_judgement(j, _negated(head), lexicon, state) for j in judges):
                return
            if gov.dep_ in ("nsubjpass", "dobj", "nsubj") and any(
                    r.category == "rejecting" for r in lexicon.governors(head.lemma_.lower())):
                state.cue(head, "debunk")  # "the report that X was retracted"
                state.flips += not _negated(head)
                return
            state.cue(gov, "reported")
            state.assert_as("reported")
            return
        if rule.category == "rejecting":  # "stop calling X a C", "the FDA denied that X"
            # the rejecting verb comes first ("X is C, stop expecting it to ..." is no rejection
            # of X is C, whatever the parse says)
            if via.dep_ in ("ccomp", "xcomp", "pcomp") and gov.i < via.left_edge.i:  # (a rejected noun: at the noun)
                state.cue(gov, "debunk")
                state.flips += not negated
            return
        if rule.category == "doubt":  # "I doubt X": the author leans to not-X
            state.cue(gov, "negation")
            state.assert_as("hedged")
            state.flips += not negated
            return
        if rule.category == "hedge":  # "baclofen seems to be an opioid"
            state.cue(gov, "hedge")
            state.assert_as("hedged")
            state.flips += negated
            return
        if rule.category == "question":
            state.cue(gov, "question")
            state.assert_as("questioned")
            return
        if rule.category == "hypothetical":
            state.cue(gov, "hypothetical")
            state.assert_as("hypothetical")
            return
        if rule.category in ("belief", "reported"):
            _reporting(gov, rule, negated, subject, lexicon, state)
            return


def _reporting(gov: Token, rule: CueRule, negated: bool, subject: str, lexicon: CueLexicon,
               state: _State) -> None:
    """Reporting and belief verbs: "my doctor said X" (asserted, by the author's account),
    "I think X" (hedged), "people wrongly believe X" / "I don't think X" / "don't believe anyone
    who says X" (the author denies X), "people assume X, but …" (rejected: reported)."""
    subj = next((c for c in gov.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is not None and (subj.lower_ in ("nobody", "none", "noone") or _negated(subj)
                             or (subj.lower_ == "one" and any(c.lower_ == "no" for c in subj.children))):
        state.cue(subj, "debunk")  # "no evidence suggests X", "said no pharmacist ever"
        state.flips += 1
        return
    rejecting = _cues_on(gov.doc, gov, lexicon.cue_set("syntactic", category="rejecting"), set())
    if rejecting:
        state.cues.append(ContextCue(rejecting[0][0], rejecting[0][1], "debunk"))
        state.flips += 1
        return
    if negated:
        neg = next(c for c in gov.children if c.dep_ == "neg")
        if rule.category == "belief":  # negation raising: "I don't think X" denies X
            state.cue(neg, "negation")
            state.cue(gov, "belief")
            state.flips += 1
        else:  # "my doctor didn't say X": neither asserted nor denied
            state.cue(gov, "reported")
            state.assert_as("reported")
        return
    if subject != "first_person" and _rejected_by_contrast(gov):
        state.cue(gov, "reported")  # "many people assume X, but it is a muscle relaxant"
        state.assert_as("reported")
        return
    if rule.category == "belief" and ((subject == "first_person" and gov.tag_ == "VBD") or (
            gov.dep_ == "xcomp" and gov.head.lemma_.lower() == "use" and _subject_kind(gov.head) == "first_person")):
        # a belief given up: "I thought X", "I used to think X" (the author no longer holds it)
        state.cue(gov, "reported")
        state.assert_as("reported")
        return
    if rule.category == "belief" and subject in ("first_person", "none"):
        state.cue(gov, "hedge")
        state.assert_as("hedged")
        return
    state.cue(gov, "reported")  # attributed without a rejecting cue: counts as asserted


def _judgement(judge: Token, negated: bool, lexicon: CueLexicon, state: _State) -> bool:
    """A truth judgement on a clause: "myth", "false" flip it unless negated; "true", "fact" flip
    it only when negated ("it is not true that X"). Returns whether ``judge`` is one."""
    for rule in lexicon.governors(judge.lemma_.lower()):
        if rule.category == "debunk":
            state.cue(judge, "debunk")
            state.flips += not negated
            return True
        if rule.category == "affirm":
            if negated:
                state.cue(judge, "debunk")
                state.flips += 1
            return True
    if judge.lemma_.lower() in lexicon.partitive_heads:  # "a load of nonsense", "a pack of lies"
        return any(_judgement(q, negated, lexicon, state) for p in judge.children
                   if p.dep_ == "prep" and p.lower_ == "of" for q in p.children if q.dep_ == "pobj")
    return False


def _is_copula(tok: Token) -> bool:
    return tok.lemma_.lower() == "be"


def _negated(tok: Token) -> bool:
    """A "not" on a word, or "no" on a noun ("no evidence that …")."""
    return any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ in ("no", "zero")) for c in tok.children)


def _subject_kind(verb: Token) -> str:
    """Who says or believes: "first_person", "other", or "none" (an imperative). A coordinated
    verb without a subject of its own shares its head's ("people get confused and think …")."""
    while True:
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects or verb.dep_ != "conj" or verb.head.i == verb.i:
            break
        verb = verb.head
    if not subjects:
        return "none"
    return "first_person" if subjects[0].lower_ in FIRST_PERSON else "other"


def _rejected_by_contrast(gov: Token) -> bool:
    """"people assume X, but it is a muscle relaxant": a "but" clause coordinated with the
    reporting verb (or with the verb it is itself coordinated with)."""
    for verb in (gov, gov.head) if gov.dep_ in ("conj", "xcomp") else (gov,):
        if any(c.dep_ == "cc" and c.lower_ == "but" for c in verb.children) and \
                any(c.dep_ == "conj" and c.i > gov.i for c in verb.children):
            return True
    return False


def _subjunctive(doc: Doc, claim: Claim, state: _State) -> None:
    """"baclofen were an opioid": "were" with a singular subject is counterfactual."""
    pred = doc[claim.predicate]
    if pred.lower_ == "were" and claim.subject.root.tag_ in ("NN", "NNP") and \
            claim.subject.root.lower_ not in ("you", "we", "they"):
        state.cue(pred, "hypothetical")
        state.assert_as("hypothetical")


# ---------------------------------------------------------------------------- questions
def _questions(doc: Doc, claim: Claim, lexicon: CueLexicon, state: _State) -> None:
    """A direct question: the sentence ends with "?", or its clause opens with an inverted
    auxiliary before the subject ("is baclofen an opioid", with no punctuation)."""
    pred = doc[claim.predicate]
    sent = pred.sent
    words = [t for t in sent if not (t.is_space or t.is_quote or t.lower_ in _CLOSERS)]
    tail = []  # the closing run of punctuation: "?", "??", "?!", "? !"
    for t in reversed(words):
        if not t.is_punct:
            break
        tail.insert(0, t)
    # an inverted auxiliary may follow an interjection or discourse word: "wait, is X a C"
    first = next((t for t in sent if not (t.is_space or t.is_punct or t.pos_ == "INTJ"
                                          or t.lower_ in lexicon.literals("discourse"))), None)
    if first is not None and any(c.lower_ in lexicon.ellipsis_markers and c.i < first.i for c in first.children) \
            and not any(c.dep_ in ("attr", "acomp", "dobj", "xcomp", "oprd") and c.i != claim.subject.root.i
                        for c in first.children):
        first = None  # "So is baclofen.", "Neither is X.": an ellipsis (no complement), not a question
    for rule in lexicon.rules("sentence_end", "inversion"):
        if rule.direction == "sentence_end" and rule.category == "debunk":
            # a sarcasm marker closing the sentence or its line: "baclofen is an opioid /s"
            last = next((t for t in reversed(list(sent)) if not (t.is_space or t.is_punct)), None)
            if last is not None and last.lower_ == rule.literal and last.i > claim.object.start:
                state.cue(last, "debunk")
                state.flips += 1
            continue
        if rule.direction == "sentence_end" and rule.literal in "".join(t.text for t in tail):
            state.cues.append(ContextCue(tail[0].i, tail[-1].i + 1, "question"))
            state.assert_as("questioned")
        elif rule.direction == "inversion" and first is not None and first.lower_ == rule.literal \
                and ContextCue(first.i, first.i + 1, "hypothetical") not in state.cues \
                and first.pos_ == "AUX" and first.i < claim.subject.start \
                and (first.i == pred.i or first.head.i == pred.i or first.head.i == claim.subject.root.i):
            state.cue(first, "question")
            state.assert_as("questioned")
        elif rule.direction == "inversion" and first is not None and first.lower_ == rule.literal \
                and first.pos_ == "AUX" and first.i < claim.subject.start and _asks_about(first, pred, lexicon):
            state.cue(first, "question")
            state.assert_as("questioned")


def _asks_about(aux: Token, pred: Token, lexicon: CueLexicon) -> bool:
    """An inverted auxiliary opening a question whose clause embeds the claim's: "are you sure
    X", "do you think X", "is it true that X" (not a factive verb, which presupposes the
    claim: "did you know X")."""
    if aux.dep_ == "ROOT":
        gov = aux  # "are you sure X", "is it true that X"
    elif aux.dep_ in ("aux", "auxpass"):
        gov = aux.head  # "do you think X"
    else:
        return False
    if gov.i == pred.i or gov.i not in {t.i for t in pred.ancestors}:
        return False
    if not any(c.dep_ in ("nsubj", "nsubjpass", "expl") and c.i > aux.i for c in gov.children):
        return False
    return not any(t.lemma_.lower() in lexicon.factive_verbs for t in (gov, *gov.children) if t.i < pred.i)


_CLOSERS = frozenset({")", "]", "}"})
