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

A cue is a spaCy ``Matcher`` pattern (or a literal, the same as a pattern of ``LOWER`` words, of
lemmas for governors). The cues of a lexicon are compiled once per vocab: the one-word cues into
lookups by value, each other cue into a ``Matcher`` of its own with what a sentence must hold for
it to match there; a sentence is matched once (on the first claim that asks about it), with only
the cues it can hold; the matches are indexed by token,
and the sentence's other facts (its closing punctuation, its first words, the quotation marks of
its line) are computed once too, so that the claims of one sentence share them
(:class:`ContextIndex`). What a cue's category does is the ``categories`` table of the lexicon.

Effects: negation and debunking frames flip the claim's polarity (an even number of flips
cancels out); the assertion is the strongest of questioned / hypothetical > reported > hedged >
asserted. ``flagged`` needs a refuted claim that is asserted or hedged.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator
from spacy.matcher import Matcher
from spacy.schemas import validate_token_pattern
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from factcheck.pipeline.claims import Claim
from factcheck.pipeline.mentions import mentions
from factcheck.pipeline.rules import PRESUPPOSING_SHAPES, repeated
from factcheck.report import Assertion
from factcheck.resources import ModelData
from factcheck.text.normalize import is_symbol
from factcheck.text.segmentation import (
    QUOTE_MARKS,
    after_label,
    joined_text,
    next_word,
    phrase_at,
    speaker_label,
    turn_label,
)

Direction = Literal["syntactic", "path", "forward", "sentence_end", "inversion", "governor",
                    "clause_mark", "sentence_start", "inverted_condition", "sentence"]
Frame = Literal["plain", "judgement", "content", "report", "rejecting"]

ASSERTION_RANK: dict[Assertion, int] = {"asserted": 0, "hedged": 1, "reported": 2, "hypothetical": 3, "questioned": 4}
FIRST_PERSON = frozenset({"i", "we"})
# Dependencies through which a claim's clause is embedded in a governing clause or phrase.
_EMBEDDING = frozenset({"ccomp", "xcomp", "acl", "relcl", "advcl", "pcomp", "pobj", "dobj", "nsubj",
                        "nsubjpass", "csubj", "attr", "appos", "conj", "prep", "oprd"})

LEMMA_ATTR = "factcheck_lemma"
"""The token extension a pattern's ``LEMMA`` is matched on: the lemma in lower case (spaCy keeps
the case of a proper noun's lemma: "Myth:" tagged PROPN has the lemma "Myth")."""
if not Token.has_extension(LEMMA_ATTR):
    Token.set_extension(LEMMA_ATTR, getter=lambda t: t.lemma_.lower())

_CHECK_VOCAB = Vocab()  # patterns are compiled once on it when the lexicon is validated


class CategoryEffect(BaseModel):
    """What a cue of one category does (a row of the ``categories`` table of
    ``models/context.yaml``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    assertion: Assertion = "asserted"
    """The assertion a cue of the category gives the claim (the strongest wins)."""
    flips: bool = False
    """The cue flips the claim's polarity (denies it)."""
    negation: Literal["ignored", "inverts"] = "ignored"
    """For a governor or a truth judgement: what a negation of the cue's own word does.
    ``inverts``: it inverts ``flips`` ("it is not a myth that X" asserts X; "it is not true that
    X" denies it; "I don't doubt X" does not deny X)."""
    cue: str | None = None
    """The category the cue is reported under (default: its own)."""
    frame: Frame = "plain"
    """How a governor of this category treats the clause it embeds: ``plain`` (the effect
    above), ``judgement`` (a truth judgement: "myth", "true"; also reached through "a load of",
    a copula, a relative clause), ``content`` (a noun whose that-clause is reported, unless
    something judges it: "the claim that X (is false)"), ``report`` (a reporting or belief verb:
    its subject, negation, tense and a contrasting "but" decide), ``rejecting`` (a verb or adverb
    that rejects its content: "deny", "wrongly")."""
    nominal: bool = False
    """A governor said of nouns and adjectives ("myth", "false"), else of verbs; its clause must
    be a content clause ("the myth that X"), not a relative one."""
    negation_raising: bool = False
    """``report``: "I don't think X" denies X; without it a negated report ("my doctor didn't
    say X") leaves X reported."""
    first_person: Assertion = "asserted"
    """``report``: the assertion when the author holds it (a first-person or imperative subject:
    "I think X" is hedged)."""
    given_up: Assertion = "asserted"
    """``report``: the assertion when the author held it and no longer does ("I thought X", "I
    used to think X")."""
    episodic: bool = False
    """The cue marks a verbal relation as said of one occasion (not verified)."""
    requires: Assertion | None = None
    """A cue closing the sentence applies only to a claim with this assertion already ("might
    be C, I'm not sure": an unhedged "X is C idk" stays asserted)."""
    note: str | None = None


class CueRule(BaseModel):
    """One cue: its ``id``, category, a spaCy ``Matcher`` ``pattern`` (a list of token specs:
    ``LOWER``, ``LEMMA`` (matched in lower case), ``{"IN": [...]}``, ``OP`` ...) or a ``literal``
    (lower-case words, separated by spaces: the same as a pattern of ``LOWER`` words, or of
    ``LEMMA`` words for a governor), and where it must stand relative to the claim
    (``direction``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    """Unique in the lexicon (given a default from the category, direction and literal)."""
    category: str = Field(min_length=1)
    literal: str | None = Field(default=None, min_length=1)
    pattern: tuple[dict[str, Any], ...] | None = None
    direction: Direction = "syntactic"
    """``syntactic``: depends on a token of the claim's path. ``path``: is itself on the path
    ("rather than" heading the denied class, "unlike"). ``forward``: stands immediately before
    the object mention ("non-"). ``sentence_end``: ends the claim's sentence ("?").
    ``inversion``: an auxiliary opening the clause before its subject ("Is baclofen …").
    ``governor``: a word that embeds the claim's clause ("said", "myth", "wonder").
    ``clause_mark``: a subordinator of the claim's clause or of a clause embedding it ("if").
    ``sentence_start``: the first word of the claim's sentence ("imagine", "suppose")."""
    deps: tuple[str, ...] = ()
    """Dependency labels the cue's (last) word must carry (empty: any)."""
    subject: Literal["any", "first_person", "none"] = "any"
    """Governors only: who must be the governor's subject ("none": an imperative)."""
    note: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _default_id(cls, data: Any) -> Any:
        if isinstance(data, dict) and not data.get("id"):
            words = "_".join(str(data.get("literal") or "pattern").split())
            data = {**data, "id": f"{data.get('category')}-{data.get('direction', 'syntactic')}-{words}"}
        return data

    @model_validator(mode="after")
    def _pattern_or_literal(self) -> CueRule:
        if (self.literal is None) == (self.pattern is None):
            raise ValueError(f"cue {self.id}: give either a literal or a pattern")
        if self.pattern is not None:
            errors = validate_token_pattern(list(self.pattern))
            if errors:
                raise ValueError(f"cue {self.id}: invalid pattern: {'; '.join(errors)}")
            try:
                Matcher(_CHECK_VOCAB, validate=True).add(self.id, [self.tokens()])
            except Exception as exc:  # spaCy's MatchPatternError, ValueError, KeyError
                raise ValueError(f"cue {self.id}: invalid pattern: {exc}") from None
        return self

    def tokens(self) -> list[dict[str, Any]]:
        """The Matcher pattern the cue is matched with (``LEMMA`` read as :data:`LEMMA_ATTR`)."""
        if self.pattern is None:
            key = "LEMMA" if self.direction == "governor" else "LOWER"
            return [_token_spec({key: w}) for w in (self.literal or "").split()]
        return [_token_spec(spec) for spec in self.pattern]


def _token_spec(spec: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in spec.items():
        if key.upper() == "LEMMA":
            out.setdefault("_", {})[LEMMA_ATTR] = _lowered(value)
        elif key == "_" and isinstance(value, dict):
            out.setdefault("_", {}).update(value)
        else:
            out[key] = value
    return out


def _lowered(value: Any) -> Any:
    if isinstance(value, str):
        return value.lower()
    if isinstance(value, dict):
        return {k: [v.lower() if isinstance(v, str) else v for v in vs] if k in ("IN", "NOT_IN") and
                isinstance(vs, list) else vs for k, vs in value.items()}
    return value


class CueLexicon(ModelData):
    """``models/context.yaml``."""

    FILE = "context.yaml"

    categories: dict[str, CategoryEffect]
    """What each cue category does."""
    cues: tuple[CueRule, ...]
    factive_verbs: frozenset[str] = frozenset()
    """Verbs whose complement is presupposed true even in a question ("did you know X")."""
    partitive_heads: frozenset[str] = frozenset()
    """Nouns through which a truth judgement passes to its "of" phrase: "a load of nonsense",
    "a pack of lies"."""
    ellipsis_markers: frozenset[str] = frozenset()
    retractions: tuple[str, ...] = ()
    contrast_openers: tuple[str, ...] = ()
    """Words opening the next sentence that set it against a report before it ("Many assume X.
    In fact, ..."): the report is then reported, not the author's own."""
    answers: dict[Literal["yes", "no"], tuple[str, ...]] = {}
    """Words that answer a polar question ("yes", "nope", "of course"), by what they answer."""
    corrective_markers: frozenset[str] = frozenset()
    """Words that open a conjunct or appositive correcting the one before it ("not an opioid,
    just a muscle relaxant"): the negation before stays with the first."""
    self_retractions: tuple[str, ...] = ()
    """Phrases that take back the sentence before without naming a correction ("Or so I
    thought.", "That's what I thought until my pharmacist corrected me.")."""
    attributing_verbs: frozenset[str] = frozenset()
    """Lemmas of the verb of "that's what <someone> <verb>" opening the next sentence ("X is C.
    At least that's what the first search result told me, and it's wrong: it's D."): the
    sentence before was someone's words, and with a correction after the verb it is reported."""
    dissents: tuple[str, ...] = ()
    """The author's bare dissent from a report just made, as the rest of its sentence or the
    whole next sentence ("My PT seems to think X; I don't.", "My sister says X. I disagree.")."""
    reactions: frozenset[str] = frozenset()
    """Words of a sentence that is nothing but a reaction ("Lol.", "Smh."), between a report and
    the sentence that rejects it."""
    checking_verbs: frozenset[str] = frozenset()
    confirmation_requests: tuple[str, ...] = ()
    """Questions of their own that ask whether what was just said holds ("Can you confirm?",
    "True or false?")."""
    quiz_prompts: frozenset[str] = frozenset()
    """Marks that set a statement out as an item to be judged, not said ("X is C. (T/F)"), written
    without spaces and in lower case ("t/f", "trueorfalse")."""
    telling_verbs: frozenset[str] = frozenset()
    """Reporting verbs whose content is taken as known when no one is said to do it ("nobody
    tells you X")."""
    suggesting_openers: frozenset[str] = frozenset()
    """Words that, opening a statement ended by a question mark, put it forward as a guess
    ("Maybe X is C too?"): hedged, not questioned."""
    accusing_verbs: frozenset[str] = frozenset()
    """Verbs that accuse who made the report before, as the next sentence's verb with them as
    its subject ("The leaflet is lying.")."""
    correcting_verbs: frozenset[str] = frozenset()
    """Verbs that correct what was reported, with an object pointing back to it ("corrected
    this error", "retracted it")."""
    dismissal_verbs: frozenset[str] = frozenset()
    litotes_heads: frozenset[str] = frozenset()
    contrary_words: frozenset[str] = frozenset()
    denying_signs: frozenset[str] = frozenset()
    """Verbs of a sentence saying the author checked ("Looked it up afterwards.", "Googled
    it."): a rejection may come in the sentence after it."""
    generic_sayers: frozenset[str] = frozenset()
    """Whoever, anyone, people ...: a report by such a sayer, in a free relative or a relative
    clause ("whoever wrote that X ...", "people who say X ..."), is not the author's claim."""
    presupposing_marks: frozenset[str] = frozenset()
    """Subordinators of a clause given as known, that a question does not ask ("since", "because")."""
    concessive_marks: frozenset[str] = frozenset()
    """Though, although ...: a report by someone else in such a clause is conceded, not the
    author's claim ("It's not an opioid, though people assume it is")."""
    vocatives: frozenset[str] = frozenset()
    """Words by which a reply addresses the one it answers ("No dude, ...", "Dad no, ..."), besides
    proper names."""
    question_tags: dict[Literal["hedged", "questioned"], tuple[str, ...]] = {}
    """Tags closing a declarative sentence after a comma, by the assertion they leave the clause
    before: "X is C, right?" (hedged), "X is C, or not?" (questioned)."""

    # The lexicon is immutable, so its views (the effects by rule, the compiled Matcher per
    # vocab) are computed once and kept in one plain object: a pydantic model hashes all its
    # fields on every ``hash()``, and each access to a private attribute goes through
    # ``__getattr__``.
    _views: Any = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _consistent(self) -> CueLexicon:
        twice = repeated([c.id for c in self.cues])
        if twice:
            raise ValueError(f"cue id(s) declared twice: {', '.join(twice)}")
        unknown = [f"{c.id} ({c.category})" for c in self.cues if c.category not in self.categories]
        if unknown:
            raise ValueError(f"cue(s) of a category not in the categories table: {', '.join(unknown)}")
        return self

    def model_post_init(self, _context: object) -> None:
        self._views = _Views(self)

    def effect(self, category: str) -> CategoryEffect:
        """What a cue of ``category`` does (nothing, for a category not in the table)."""
        return self._views.effects.get(category, _NO_EFFECT)

    def judging_words(self) -> frozenset[str]:
        """The one-word governor cues that judge or name a report (``frame`` judgement, content
        or rejecting: "wrong", "false", "myth", "claim", "statement"), in lower case: a sentence
        with one of them after a report may reject it, so the parse stage keeps it in the
        report's window; also the verbs that correct or accuse, inflected, and the words of
        the contrary."""
        out: set[str] = set()
        for cue in self.cues:
            if cue.direction != "governor" or self.effect(cue.category).frame not in ("judgement", "content", "rejecting"):
                continue
            simple = _simple(cue.tokens())
            if simple is not None:
                out.update(v.lower() for v in simple[1])
        for verb in self.correcting_verbs | self.accusing_verbs:  # "The revised one corrected this.",
            out.update(inflections(verb.split()[0]))              # "The leaflet is lying." (inflected)
        out.update(self.contrary_words)  # "I tried to tell him otherwise."
        return frozenset(out)

    def rule_effect(self, rule: int) -> CategoryEffect:
        return self._views.rule_effects[rule]

    def matcher(self, vocab: Vocab) -> tuple[Matcher, dict[Any, Any]]:
        """The Matcher over the cues (built once per vocab) and what each match id stands for
        (a rule's index), with the one-word cues by value (see :func:`_compile`)."""
        return self._views.matcher(vocab)


_NO_EFFECT = CategoryEffect()


class _Views:
    """The lookups of a :class:`CueLexicon`, built once."""

    def __init__(self, lexicon: CueLexicon) -> None:
        self.cues = lexicon.cues
        self.effects = dict(lexicon.categories)
        self.rule_effects = tuple(self.effects.get(c.category, _NO_EFFECT) for c in lexicon.cues)
        self.directions = tuple(c.direction for c in lexicon.cues)
        self._matchers: dict[int, tuple[Vocab, Matcher, dict[Any, Any]]] = {}

    def matcher(self, vocab: Vocab) -> tuple[Matcher, dict[Any, Any]]:
        cached = self._matchers.get(id(vocab))
        if cached is None or cached[0] is not vocab:
            cached = self._matchers[id(vocab)] = (vocab, *_compile(self.cues, vocab))
        return cached[1], cached[2]

    # Views are derived from the lexicon's fields: two lexicons are equal when their fields are
    # (pydantic compares private attributes too).
    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Views)

    __hash__ = None  # type: ignore[assignment]

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_matchers": {}}  # a copy compiles its own


def _compile(cues: tuple[CueRule, ...], vocab: Vocab) -> tuple[Matcher, dict[Any, Any]]:
    """One Matcher for all the cues, and what each of its match ids stands for (a rule's index).
    The one-word cues that test a token's lower-case form or lemma for a value (or a list of
    values) are left out of it and looked up by value instead (``"LOWER"`` and
    :data:`LEMMA_ATTR` in the returned dict: value -> rule indices): the Matcher tries every
    pattern at every token, and ~200 such patterns would cost it ~25 µs a token. A pattern whose
    first token takes a list of lower-case forms is added as one pattern per form (a list is a
    Python call per token; a form, a comparison in the Matcher). ``"matchers"`` in the returned
    dict: each cue of the Matcher as a Matcher of its own, with what a sentence must hold for
    it to match (:func:`_needs`), which :meth:`ContextIndex._match` runs instead (a pattern over
    an extension attribute is a Python call per token)."""
    matcher = Matcher(vocab)
    meaning: dict[Any, Any] = {}
    groups: dict[str, dict[str, list[int]]] = {"LOWER": {}, LEMMA_ATTR: {}}
    separate: list[tuple[Matcher, list[tuple[str, Any]]]] = []
    for k, cue in enumerate(cues):
        tokens = cue.tokens()
        simple = _simple(tokens)
        if simple is not None:
            attr, values = simple
            for v in values:
                groups[attr].setdefault(v, []).append(k)
            continue
        name = f"factcheck-cue-{k}"
        head = tokens[0]
        if list(head) == ["LOWER"] and isinstance(head["LOWER"], dict) and list(head["LOWER"]) == ["IN"]:
            patterns = [[{"LOWER": v}, *tokens[1:]] for v in head["LOWER"]["IN"]]
        else:
            patterns = [tokens]
        matcher.add(name, patterns)
        own = Matcher(vocab)
        own.add(name, patterns)
        meaning[vocab.strings.add(name)] = k
        separate.append((own, _needs(tokens)))
    meaning.update(groups)
    # each cue's own Matcher, run on a sentence only when the cue can match there (the matches
    # are those of the one Matcher over them all: a pattern's matches do not depend on the others)
    meaning["matchers"] = separate
    meaning["matchers_by_word"], meaning["matchers_always"] = _matchers_by_word(separate)
    return matcher, meaning


def _matchers_by_word(separate: list[tuple[Matcher, list[tuple[str, Any]]]]) -> tuple[dict[str, dict[str, list[int]]], list[int]]:
    """The cues' own Matchers (by their place in ``separate``) under a word of the first need of
    each that names words (lower-case forms, lemmas or texts; :func:`_needs`), and those whose
    needs name none: a sentence with none of a Matcher's words cannot satisfy its needs, so
    :meth:`ContextIndex._match` tests only the Matchers listed under the sentence's words and
    the others."""
    by_word: dict[str, dict[str, list[int]]] = {"lower": {}, "lemma": {}, "texts": {}}
    always: list[int] = []
    for m, (_, need) in enumerate(separate):
        first = next(((kind, values) for kind, values in need if kind in by_word), None)
        if first is None:
            always.append(m)
            continue
        kind, values = first
        for v in sorted(values):
            by_word[kind].setdefault(v, []).append(m)
    return by_word, always


def _needs(tokens: list[dict[str, Any]]) -> list[tuple[str, Any]]:
    """What a sentence must hold for the pattern to match in it: for each word the pattern
    cannot skip, a set of lower-case forms one of which must be there, a string that some
    token's text must contain (an exact or a plain ``REGEX`` text), a set of texts one of which
    some token must have (``TEXT`` ``IN``), or a set of lemmas (:data:`LEMMA_ATTR`) one of
    which must be there. Empty: anything."""
    out: list[tuple[str, Any]] = []
    for spec in tokens:
        if spec.get("OP") not in (None, "+"):
            continue
        lower = spec.get("LOWER")
        text = spec.get("TEXT", spec.get("ORTH"))
        extension = spec.get("_")
        lemma = extension.get(LEMMA_ATTR) if isinstance(extension, dict) else None
        if isinstance(lower, str):
            out.append(("lower", {lower}))
        elif isinstance(lower, dict) and _listed(lower):
            out.append(("lower", set(lower["IN"])))
        elif isinstance(text, str):
            out.append(("text", text))
        elif isinstance(text, dict) and list(text) == ["REGEX"] and isinstance(text["REGEX"], str):
            plain = re.sub(r"\\(.)", r"\1", text["REGEX"])
            if re.escape(plain) == text["REGEX"] and plain:
                out.append(("text", plain))
        elif isinstance(text, dict) and _listed(text):
            out.append(("texts", set(text["IN"])))
        elif isinstance(lemma, str):
            out.append(("lemma", {lemma}))
        elif isinstance(lemma, dict) and _listed(lemma):
            out.append(("lemma", set(lemma["IN"])))
    return out


def _listed(value: Any) -> bool:
    """Whether a token spec's value is a plain list of strings (``{"IN": [...]}``)."""
    return isinstance(value, dict) and list(value) == ["IN"] and isinstance(value["IN"], list) \
        and all(isinstance(v, str) for v in value["IN"])


def _possible(need: list[tuple[str, Any]], words: dict[str, set[str]], text: str) -> bool:
    """Whether a pattern whose :func:`_needs` are ``need`` can match in a sentence of this text
    and these words (``words``: "lower", "texts" and "lemma" -> the sentence's lower-case
    forms, texts and lower-case lemmas)."""
    return all(v in text if kind == "text" else not words[kind].isdisjoint(v) for kind, v in need)


def _simple(tokens: list[dict[str, Any]]) -> tuple[str, list[str]] | None:
    if len(tokens) != 1:
        return None
    ((key, value),) = tokens[0].items() if len(tokens[0]) == 1 else ((None, None),)
    if key == "_" and isinstance(value, dict) and len(value) == 1 and LEMMA_ATTR in value:
        key, value = LEMMA_ATTR, value[LEMMA_ATTR]
    elif key != "LOWER":
        return None
    if isinstance(value, str):
        return key, [value]
    if isinstance(value, dict) and list(value) == ["IN"] and all(isinstance(v, str) for v in value["IN"]):
        return key, list(value["IN"])
    return None


@dataclass(frozen=True)
class ContextCue:
    token_start: int
    token_end: int
    category: str


@dataclass(frozen=True)
class Context:
    negated: bool
    assertion: Assertion
    cues: tuple[ContextCue, ...]
    episodic: bool = False
    """The predication reports one occasion ("it didn't give me that euphoric feeling", "the
    pump will not help my spasms"), not what the drug generally does."""
    suspended: str | None = None
    """Why the claim is not to be verified, whatever the claim set says (a debunking frame around
    a list, whose membership is presupposed, not denied)."""


Hit = tuple[int, int, int]
"""A match of a cue: (rule index, first token, end token)."""


@dataclass
class _Sentence:
    """What the question and retraction tests read of a sentence, computed once."""

    tail: list[Token]
    """The closing run of punctuation (less spaces, quotes and closing brackets)."""
    words: list[Token]
    """The sentence less spaces, quotes and closing brackets."""
    last: Token | None
    """The last token that is neither space nor punctuation."""
    first_word: Token | None
    """The first token that is neither space nor punctuation."""
    opening: list[Token] | None = None
    """The first 8 words (retractions), on demand."""
    opener: tuple[Token | None] | None = None
    """(The first word after spaces, punctuation, interjections and discourse words: a question's
    inverted auxiliary), on demand."""
    verdict: tuple[list[Token], bool] | None = None
    """Its alphabetic words if there are at most 3 (a short verdict: "Not true."), and whether
    "not" is among its tokens, on demand."""


@dataclass
class _Line:
    start: int
    """The first token of the line (after a token with a line break in it or after it)."""
    marks: list[int]
    """The quotation marks of the line."""


_LONG_SENTENCE = 256
_PIECE = 128
_CUT_AFTER = frozenset({",", ";", ":"})
_CUT_BEFORE = frozenset({"and", "or", "but"})


def _pieces(sent: Span) -> list[Span]:
    """``sent`` itself, or when it is longer than ``_LONG_SENTENCE`` tokens, consecutive pieces
    of it of at most ``_PIECE`` tokens, each cut before a conjunction or after a comma,
    semicolon or colon in its second half where there is one (else at ``_PIECE`` tokens)."""
    if len(sent) <= _LONG_SENTENCE:
        return [sent]
    doc, pieces, start = sent.doc, [], sent.start
    while sent.end - start > _PIECE:
        cut = start + _PIECE
        k = cut
        while k > start + _PIECE // 2 and not (doc[k - 1].text in _CUT_AFTER or doc[k].lower_ in _CUT_BEFORE):
            k -= 1
        if k <= start + _PIECE // 2:
            k = cut
        pieces.append(doc[start:k])
        start = k
    pieces.append(doc[start:sent.end])
    return pieces


class ContextIndex:
    """The facts of one Doc that the claims in it share: the cue matches (the lexicon's Matcher,
    run once per sentence asked about, indexed by token), the sentences, the lines and their
    quotation marks, the punctuation closing each sentence. Everything is computed on first use,
    so a claim costs what its own clause costs, and a sentence is scanned once whatever the number
    of its claims."""

    def __init__(self, doc: Doc, lexicon: CueLexicon) -> None:
        self.doc = doc
        self.lexicon = lexicon
        self.rules = lexicon.cues
        self._sents: dict[int, Span] = {}
        self._done: set[int] = set()
        self._ending: dict[int, list[Hit]] = {}
        self._starting: dict[int, list[Hit]] = {}
        self._covering: dict[int, list[Hit]] = {}
        self._sentences: dict[int, _Sentence] = {}
        self._lines: dict[int, _Line] = {}
        self._appended: dict[int, list[Token]] = {}
        self._scope: dict[int, list[Token]] = {}
        self._mentions: list[Span] | None = None
        self._mention_at: dict[int, Span] | None = None
        self._starts: list[int] | None = None
        self._first_conjuncts: dict[int, Token] = {}

    def first_conjunct(self, tok: Token) -> Token:
        """The first of the conjuncts ``tok`` is one of (up its ``conj`` arcs; ``tok`` itself
        when it is none). Remembered for each token on the way: a chain of n clauses ("X is C
        and X is C and ...") is climbed once, not once per clause."""
        path: list[int] = []
        cur = tok
        while cur.dep_ == "conj" and cur.head.i != cur.i:
            known = self._first_conjuncts.get(cur.i)
            if known is not None:
                cur = known
                break
            path.append(cur.i)
            cur = cur.head
        for i in path:
            self._first_conjuncts[i] = cur
        return cur

    def mention_starts_within(self, after: int, before: int) -> bool:
        """Whether a mention starts after token ``after`` and before token ``before``."""
        if self._starts is None:
            self._starts = sorted(m.start for m in self.mentions())
        k = bisect.bisect_right(self._starts, after)
        return k < len(self._starts) and self._starts[k] < before

    def mention_at(self, i: int) -> Span | None:
        """The mention token ``i`` is in, or None."""
        if self._mention_at is None:
            self._mention_at = {j: m for m in self.mentions() for j in range(m.start, m.end)}
        return self._mention_at.get(i)

    def mentions(self) -> list[Span]:
        """The Doc's mentions, made into Spans once (each call of :func:`mentions` makes them
        again, which a rule run once per claim would repeat for every claim)."""
        if self._mentions is None:
            self._mentions = mentions(self.doc)
        return self._mentions

    # ------------------------------------------------------------------ sentences and matches
    def sent(self, i: int) -> Span:
        """The sentence of token ``i`` (looked up once for all its tokens). A sentence longer
        than ``_LONG_SENTENCE`` tokens (no real sentence is; a run of claims with no stop is, "X is
        C and X is C and ..." x 1,000) is read as pieces of about ``_PIECE`` tokens cut at a
        comma, semicolon or conjunction: the rules scan a claim's sentence once per claim, so
        their time would grow with the square of its length."""
        found = self._sents.get(i)
        if found is None:
            sentence = self.doc[i].sent
            for piece in _pieces(sentence):
                for j in range(piece.start, piece.end):
                    self._sents[j] = piece
            found = self._sents[i]
        return found

    def _matched(self, i: int) -> None:
        """Run the Matcher on the sentence of token ``i`` unless it was."""
        sent = self.sent(i)
        if sent.start not in self._done:
            self._done.add(sent.start)
            self._match(sent)

    def _match(self, sent: Span) -> None:
        _, meaning = self.lexicon.matcher(self.doc.vocab)
        doc, rules = self.doc, self.rules
        hits: list[Hit] = []
        by_lower, by_lemma = meaning["LOWER"], meaning[LEMMA_ATTR]
        lowers: set[str] = set()
        lemmas: set[str] = set()
        texts: list[str] = []
        for t in sent:
            lower = t.lower_
            lemma = t.lemma_.lower()
            lowers.add(lower)
            lemmas.add(lemma)
            texts.append(t.text)
            for k in by_lower.get(lower, ()):
                hits.append((k, t.i, t.i + 1))
            for k in by_lemma.get(lemma, ()):
                hits.append((k, t.i, t.i + 1))
        words = {"lower": lowers, "lemma": lemmas, "texts": set(texts)}
        text = " ".join(texts)
        # (only the Matchers listed under a word of the sentence can match: _matchers_by_word)
        listed = set(meaning["matchers_always"])
        for kind, by_word in meaning["matchers_by_word"].items():
            for word in words[kind]:
                listed.update(by_word.get(word, ()))
        separate = meaning["matchers"]
        for m in sorted(listed):
            matcher, need = separate[m]
            if _possible(need, words, text):
                for match_id, s, e in matcher(sent):
                    hits.append((meaning[match_id], s + sent.start, e + sent.start))
        hits = [h for h in hits if not rules[h[0]].deps or doc[h[2] - 1].dep_ in rules[h[0]].deps]
        hits = sorted(set(hits))
        for h in hits:
            k, s, e = h
            ending = self._ending.setdefault(e - 1, [])
            if not ending or ending[-1][0] != k:  # one per rule: the longest (sorted by start)
                ending.append(h)
            starting = self._starting.setdefault(s, [])
            if starting and starting[-1][0] == k:
                starting[-1] = h  # the longest (sorted by end)
            else:
                starting.append(h)
            for j in range(s, e):
                self._covering.setdefault(j, []).append(h)

    def ending(self, i: int) -> list[Hit]:
        """The cues whose last word is token ``i`` (one per rule, the longest), in lexicon order."""
        self._matched(i)
        return self._ending.get(i, [])

    def starting(self, i: int) -> list[Hit]:
        """The cues whose first word is token ``i`` (one per rule, the longest), in lexicon order."""
        self._matched(i)
        return self._starting.get(i, [])

    def covering(self, i: int) -> list[Hit]:
        """Every cue match with token ``i`` in it, in lexicon order."""
        self._matched(i)
        return self._covering.get(i, [])

    def scope_children(self, tok: Token) -> list[Token]:
        """:func:`_scope_children`, once per token."""
        found = self._scope.get(tok.i)
        if found is None:
            found = self._scope[tok.i] = _scope_children(tok)
        return found

    def ending_as(self, i: int, *directions: str) -> list[Hit]:
        return [h for h in self.ending(i) if self.rules[h[0]].direction in directions]

    def starting_as(self, i: int, *directions: str) -> list[Hit]:
        return [h for h in self.starting(i) if self.rules[h[0]].direction in directions]

    def governors(self, tok: Token) -> list[CueRule]:
        """The governor cues on ``tok``, those with a subject condition first; none on a word of
        a quiz prompt ("True/False: X is C" judges nothing)."""
        found = [self.rules[k] for k, _s, _e in self.ending(tok.i) if self.rules[k].direction == "governor"]
        if found and self._in_quiz_prompt(tok):
            return []
        return sorted(found, key=lambda c: c.subject == "any")

    def _in_quiz_prompt(self, tok: Token) -> bool:
        prompts = self.lexicon.quiz_prompts
        doc = self.doc
        return any(_is_prompt(doc[start:end], prompts)
                   for start in range(max(0, tok.i - 2), tok.i + 1)
                   for end in range(tok.i + 1, min(len(doc), start + 3) + 1))

    def effects(self, tok: Token) -> list[tuple[CueRule, CategoryEffect]]:
        """:meth:`governors` with what each does."""
        return [(r, self.lexicon.effect(r.category)) for r in self.governors(tok)]

    # ------------------------------------------------------------------ sentence facts
    def sentence(self, sent: Span) -> _Sentence:
        found = self._sentences.get(sent.start)
        if found is None:
            words = [t for t in sent if not (t.is_space or t.is_quote or t.lower_ in _CLOSERS)]
            tail: list[Token] = []
            for t in reversed(words):
                if not t.is_punct:
                    if not tail and not any(ch.isalnum() for ch in t.text):
                        continue  # a tick, cross or emoji after the marks: "opioid? ✗", "X is C? 🤔"
                    break
                tail.append(t)
            tail.reverse()
            last = next((t for t in reversed(sent) if not (t.is_space or t.is_punct)), None)
            first = next((t for t in sent if not (t.is_space or t.is_punct)), None)
            found = self._sentences[sent.start] = _Sentence(tail, words, last, first)
        return found

    def opening(self, sent: Span) -> list[Token]:
        facts = self.sentence(sent)
        if facts.opening is None:
            out: list[Token] = []
            for t in sent:
                if not (t.is_space or t.is_punct):
                    out.append(t)
                    if len(out) == 8:
                        break
            facts.opening = out
        return facts.opening

    def opener(self, sent: Span) -> Token | None:
        facts = self.sentence(sent)
        if facts.opener is None:
            words = [t for t in sent if not t.is_space]
            colon = speaker_label(words)  # "Mum: Isn't that ...?", "[18:03] Mum: ..."
            if colon:
                words = words[colon + 1:]
            facts.opener = (next((t for t in words if not (t.is_punct or t.pos_ == "INTJ" or any(
                self.rules[k].direction == "sentence" for k, _s, _e in self.covering(t.i)))), None),)
        return facts.opener[0]

    def verdict(self, sent: Span) -> tuple[list[Token], bool]:
        facts = self.sentence(sent)
        if facts.verdict is None:
            words: list[Token] = []
            has_not = False
            for t in after_label([t for t in sent if not t.is_space]):  # "Reply: No.", "B: Not true."
                if t.is_alpha and len(words) < 4:
                    words.append(t)
                has_not = has_not or t.lower_ == "not"
            if len(words) > 3:
                # a verdict set before the reason for it: "Not true: stopping it abruptly can."
                opening = [t for t in sent if not t.is_space]
                cut = next((k for k, t in enumerate(opening[:5]) if t.text in (":", ";", "—", "–", "-", ",")), None)
                head = [t for t in opening[:cut] if t.is_alpha] if cut else []
                if 0 < len(head) <= 3:
                    words, has_not = head, any(t.lower_ == "not" for t in head)
            facts.verdict = (words if len(words) <= 3 else [], has_not)
        return facts.verdict

    def next_word(self, sent: Span) -> Token | None:
        """The first word after the sentence ``sent``, past any sentence made only of
        punctuation (a closing quotation mark the parser cut off: '"X is C."\nB: "False."')."""
        nxt = next_word(self.doc, sent.end - 1)
        while nxt is not None and nxt.is_punct:
            following = self.sent(nxt.i)
            if any(not (t.is_punct or t.is_space) for t in following):
                break
            nxt = next_word(self.doc, following.end - 1)
        return nxt

    def turn_start(self, tok: Token) -> Token | None:
        """The first word said in the turn that ``tok`` opens: past a speaker's label and a
        quotation mark after it ("Priya: it's not", "[20:12] Leila:", "A.", 'Opposition: "False."'),
        which the parser may have cut off as sentences of their own; ``tok`` itself when it opens
        no label; None when nothing follows the label on its line."""
        line = self.line(tok.i)
        words = [t for t in self.doc[tok.i:tok.i + 10] if not t.is_space and self.line(t.i) is line]
        label = speaker_label(words)
        if not label:
            return tok
        said = words[label + 1:]
        if said and said[0].is_quote:
            said = said[1:]
        return said[0] if said else None

    def line(self, i: int) -> _Line:
        """The line token ``i`` is on (scanned once for all its tokens)."""
        found = self._lines.get(i)
        if found is None:
            doc = self.doc
            start = i
            while start > 0 and "\n" not in doc[start - 1].text and "\n" not in doc[start - 1].whitespace_:
                start -= 1
                if start in self._lines:
                    found = self._lines[start]
                    break
            if found is None:
                end = len(doc) - 1
                marks = []
                for t in doc[start:]:
                    if t.text in _QUOTES:
                        marks.append(t.i)
                    if "\n" in t.text or "\n" in t.whitespace_:
                        end = t.i
                        break
                found = _Line(start, marks)
                for j in range(start, end + 1):
                    self._lines[j] = found
            else:
                self._lines[i] = found
        return found

    def line_opener(self, i: int) -> Token:
        """The first word or mark of the line that token ``i`` is on."""
        doc = self.doc
        j = self.line(i).start
        while j < len(doc) - 1 and doc[j].is_space:
            j += 1
        return doc[j]

    def appended(self, sent: Span) -> list[Token]:
        """The relative clauses and appositions of a sentence that may judge what they hang on
        ("..., which is nonsense", "..., a glaring error", "says my coworker, who is wrong",
        "..., which made me laugh"), in the order of their heads."""
        found = self._appended.get(sent.start)
        if found is None:
            # (a which-clause the parser made adverbial: "X isn't C, which(nsubj) turned(advcl) out ...")
            found = [c for c in sent if c.dep_ == "appos" or _comma_noun(self, c) or (c.dep_ in ("relcl", "advcl") and any(
                s.dep_ == "nsubj" and (s.lower_ in ("which", "that", "who") if c.dep_ == "relcl" else s.lower_ == "which")
                for s in c.children) and (
                _is_copula(c) or any(g.dep_ in ("ccomp", "xcomp", "acomp", "oprd") for g in c.children)))]
            found.sort(key=lambda c: (c.head.i, c.i))
            self._appended[sent.start] = found
        return found


# rejecting verbs by which the one who made a claim takes it back: "..., a claim the company
# withdrew" leaves the claim reported (neither the author's nor denied by the author)
_WITHDRAWALS = frozenset({"withdraw", "retract"})


def inflections(verb: str) -> set[str]:
    """A regular verb's forms: "correct" -> corrects, corrected, correcting; "fix" -> fixes;
    "rectify" -> rectifies, rectified; "amend", "disprove" -> disproved, disproving; "lie" ->
    lying."""
    if verb.endswith("y"):
        return {verb, verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"}
    if verb.endswith("ie"):  # "lie" -> lies, lied, lying
        return {verb, verb + "s", verb + "d", verb[:-2] + "ying"}
    third = verb + "es" if verb.endswith(("s", "x", "sh", "ch")) else verb + "s"
    if verb.endswith("e"):
        return {verb, third, verb + "d", verb[:-1] + "ing"}
    return {verb, third, verb + "ed", verb + "ing"}


def _comma_noun(ix: ContextIndex, c: Token) -> bool:
    """A statement noun after a comma that the parser made an object of the verb before it, an
    apposition in all but name: "He said X is C, a claim the FDA rejected"."""
    return c.dep_ in ("dobj", "npadvmod") and c.left_edge.i > 0 and c.doc[c.left_edge.i - 1].text == "," and \
        any(e.frame == "content" for _r, e in ix.effects(c))


_QUOTES = frozenset({'"', "“", "”", "'", "‘", "’", "``", "''", "«", "»"})
_CLOSERS = frozenset({")", "]", "}"})


@dataclass
class _State:
    flips: int = 0
    assertion: Assertion = "asserted"
    cues: list[ContextCue] = field(default_factory=list)

    def cue(self, tok: Token, category: str, end: int | None = None) -> None:
        found = ContextCue(tok.i, end if end is not None else tok.i + 1, category)
        if found not in self.cues:
            self.cues.append(found)

    def assert_as(self, assertion: Assertion) -> None:
        if ASSERTION_RANK[assertion] > ASSERTION_RANK[self.assertion]:
            self.assertion = assertion


def assess_all(doc: Doc, claims: Iterable[Claim], lexicon: CueLexicon) -> list[Context]:
    """The context of each claim of ``doc``, sharing the Doc's matches and sentence facts."""
    index = ContextIndex(doc, lexicon)
    claims = list(claims)
    return _contradicted_later(claims, [assess(doc, c, lexicon, index) for c in claims])


def _contradicted_later(claims: list[Claim], contexts: list[Context]) -> list[Context]:
    """A claim the text itself contradicts later in the same paragraph, in a plain assertion of
    the opposite polarity about the same drug and class, counts as reported: the later word is
    the text's own ("A viral video calls baclofen an opioid. Baclofen is not an opioid.", a reply
    in a thread that denies what the post before it said). Within a paragraph only, so that a
    text checked in chunks (cut at paragraph breaks) reads the same as a whole."""
    # (subject, relation, object) -> (start, negated, predicate) of the last plain assertion
    last: dict[tuple[str, str, str], tuple[int, bool, int]] = {}
    for claim, ctx in zip(claims, contexts, strict=True):
        if ctx.assertion == "asserted" and claim.subject.kb_id_ and claim.object.kb_id_:
            key = (claim.subject.kb_id_, claim.relation, claim.object.kb_id_)
            start = min(claim.subject.start, claim.object.start)
            if key not in last or last[key][0] < start:
                last[key] = (start, ctx.negated, claim.predicate)
    out = []
    for claim, ctx in zip(claims, contexts, strict=True):
        later = last.get((claim.subject.kb_id_, claim.relation, claim.object.kb_id_))
        end = max(claim.subject.end, claim.object.end)
        if later is not None and later[0] >= end and later[1] != ctx.negated and ctx.assertion != "questioned" \
                and "\n\n" not in claim.subject.doc[end:later[0]].text:  # in the same paragraph
            cue = ContextCue(later[2], later[2] + 1, "contradicted")
            ctx = replace(ctx, assertion="reported", cues=(*ctx.cues, cue))
        out.append(ctx)
    return out


def assess(doc: Doc, claim: Claim, lexicon: CueLexicon, index: ContextIndex | None = None) -> Context:
    """Negation and assertion status of one claim (``index``: the Doc's, shared by its claims)."""
    ix = index if index is not None else ContextIndex(doc, lexicon)
    state = _State()
    negation = negation_cues(ix, claim)
    if claim.pattern == "other_members":
        # "Neither baclofen nor any other GABA-B agonist is an opiate": "neither ... nor" deny the
        # predicate of the list; that baclofen is one of the class is presupposed
        negation = [c for c in negation if ix.doc[c.token_start].dep_ not in ("preconj", "cc")]
    elif claim.pattern in ("examples", "example_list", "hearst"):
        # "it's a muscle relaxant, not an opioid like the oxycodone I had": the negation on the
        # class denies it of the sentence's subject; its example is still one of the class
        cls = range(claim.object.start, claim.object.end)
        negation = [c for c in negation if ix.doc[c.token_start].head.i not in cls]
    state.cues += negation
    # negation cues on the path deny once however many there are ("ain't no opioid"), but a
    # negating prefix of the predicate's own word is a second denial: "No way is X non-addictive"
    prefixed = [c for c in negation if ix.doc[c.token_start].lower_ in _NEGATING_PREFIXES]
    state.flips += bool(prefixed) + bool(len(prefixed) < len(negation))
    if not negation and (sign := _denying_sign(ix, claim)) is not None:
        state.cue(sign, "negation")  # "baclofen = opioid 🚫"
        state.flips += 1
    _hedges(ix, claim, state)
    _report_adjuncts(ix, claim, state)
    _open_alternatives(ix, claim, state)
    if claim.pattern != "comparison":
        # "unlike Cs, X ..." presupposes that X is no C: the clauses over the sentence do not
        # reach it ("*unlike Benzos, pregabalin is beneficial ...; doesn't sound like a good idea")
        _frames(ix, claim, state)
    _questions(ix, claim, state)
    if state.assertion == "questioned" or (state.assertion == "hedged" and _asks(ix, claim)):
        # a question, or a claim put up for agreement ("X is C, right? Wrong."): its answer decides
        _answered(ix, claim, state)
    _attached_judgements(ix, claim, state)
    _named_by_another(ix, claim, state)
    quote = _quotation(ix, claim)
    if quote is not None:  # the words are quoted: someone else's, as reported speech is
        state.cue(quote, "reported")
        _quote_judged_by_conjunct(ix, claim, state)
    _discredited_sayer(ix, state)
    # the next sentence answers a question, or confirms a rejection already made ("stop posting
    # that X. It isn't."): it does not deny the claim a second time
    settled = any(c.category in ("answer", "debunk") for c in state.cues)
    if not settled and (quote is not None or any(c.category in ("reported", "belief") for c in state.cues)) and \
            (denial := _elliptical_denial_over(ix, claim)) is not None:
        state.cue(denial, "debunk")  # '"Baclofen is a narcotic" — no, it isn't, and ...'
        state.flips += 1
        settled = True
    if not settled and (any(c.category == "reported" for c in state.cues) or _answered_by_reply(ix, claim)
                        or _named_by_someone(ix, claim)):
        _rejected_next(ix, claim, state)
    if state.flips % 2 == 0 and state.assertion in ("asserted", "hedged"):
        _put_in_question(ix, claim, state)
        _quiz_item(ix, claim, state)
    _retracted(ix, claim, state)
    _mocking_case(claim, state)
    episodic = _episodic(ix, claim)
    state.cues += episodic
    negated = state.flips % 2 == 1
    suspended = None
    if negated and claim.pattern in PRESUPPOSING_SHAPES and \
            {c.category for c in state.cues} & {"negation", "debunk"} == {"debunk"}:
        # "erroneously believe that Valium, Xanax and other benzodiazepines must be taken daily":
        # the frame debunks the clause's predicate; the list's membership is presupposed, not denied
        suspended = "a debunking frame around a list; the membership itself is not denied"
    return Context(negated=negated, assertion=state.assertion, cues=tuple(state.cues),
                   episodic=bool(episodic), suspended=suspended)


def _denying_sign(ix: ContextIndex, claim: Claim) -> Token | None:
    """A sign of ``denying_signs`` right after the claim's object, only other signs, spaces or
    the underscores of an answer blank between ("baclofen = opioid 🚫💯", "an: ___opioid___ ✗"),
    or none; or at the end of a list of answers the object opens, on its line ("Baclofen:
    opioid, mu agonist ✘": the mark grades the whole answer)."""
    doc = ix.doc
    listed = False  # a separator or a listed word seen after the object
    marked = False
    for tok in doc[claim.object.end:min(len(doc), claim.object.end + 12)]:
        if tok.text in ix.lexicon.denying_signs:
            return tok
        if tok.is_space and "\n" not in tok.text or set(tok.text) == {"_"}:
            continue
        if is_symbol(tok.text):
            if listed:
                return None  # another item's own mark: "X: C, D ✅ E ❌"
            marked = True
            continue
        if marked:
            return None  # a mark of its own before the next item: "X ➡️ C ✅ D ❌"
        if tok.text == "," or tok.lower_ in ("and", "or"):
            listed = True
            continue
        mention = ix.mention_at(tok.i)
        if mention is None or mention.start < claim.object.end:
            return None
        listed = True
    return None


def _named_by_another(ix: ContextIndex, claim: Claim, state: _State) -> None:
    """A classification whose own verb has someone else as its subject ("My sister keeps calling
    it an opioid", "Someone called it a muscle relaxant") is that person's word: reported (it
    still counts as asserted), so that what judges it after ("..., which is insane", "It
    isn't.") can reject it as it rejects any report. A naming that is itself the subject of a
    clause ("Calling X C is like ...") is no one's claim: reported, not asserted."""
    if claim.pattern != "classification":
        return
    verb = ix.doc[claim.predicate]
    for _ in range(3):
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects or verb.dep_ not in ("xcomp", "conj") or verb.head.i == verb.i:
            break
        verb = verb.head  # "keeps calling it C", "... and calls it C"
    if not subjects and verb.tag_ == "VBG" and verb.dep_ in ("csubj", "csubjpass"):
        # the naming is what a sentence is about, no one's word: "Calling X C is like calling a
        # bicycle a motorcycle"
        state.cue(ix.doc[claim.predicate], "reported")
        state.assert_as("reported")
        return
    if len(subjects) == 1 and subjects[0].dep_ == "nsubj" and subjects[0].lower_ not in FIRST_PERSON and \
            not _negative_subject(subjects[0]) and not (claim.subject.start <= subjects[0].i < claim.subject.end):
        state.cue(ix.doc[claim.predicate], "reported")
        if _contrasted_by_main_clause(ix, verb):
            state.assert_as("reported")  # "X, which counsel described as C, is in fact D"


def _contrasted_by_main_clause(ix: ContextIndex, verb: Token) -> bool:
    """A relative clause on the subject of a main clause that sets a contrast ("in fact",
    "actually": ``contrast_openers``) against it: "Your X prescription, which opposing counsel
    has described as another opioid, is in fact a muscle relaxant"."""
    if verb.dep_ not in ("relcl", "acl") or verb.head.dep_ not in ("nsubj", "nsubjpass"):
        return False
    main = verb.head.head
    if main.i <= verb.right_edge.i or not ix.lexicon.contrast_openers:
        return False
    words = [t for t in ix.doc[verb.right_edge.i + 1:main.right_edge.i + 1] if not (t.is_punct or t.is_space)]
    return any(t.head.i == main.i for t in _contrast_modifiers(ix, words))


def _attached_judgements(ix: ContextIndex, claim: Claim, state: _State) -> None:
    """A judgement hung on the claim or on what reports it, after the claim: "my friend claims
    X is an opiate, which is nonsense", "a reporter wrote that X is C, a glaring error"; and a
    rejecting adverb on the claim's own verb ("officials wrongly described X as C")."""
    doc = ix.doc
    pred = doc[claim.predicate]
    end = max(claim.subject.end, claim.object.end)
    # the relative clauses and appositions of the sentence, and the claim's own predicate's
    # second complement ("X is C, a claim …"), in the order of their heads; each counts when it
    # hangs on the claim's path, on a clause embedding it, or on the subject of one ("officials
    # insisted X, a claim …"). (Tested one by one: a sentence of many claims is not climbed once
    # per claim.)
    candidates = [c for c in ix.appended(ix.sent(pred.i)) if c.i >= end]
    candidates += [c for c in pred.children if c.dep_ == "attr" and c.i >= end]
    if candidates:
        candidates.sort(key=lambda c: (c.head.i, c.i))
        path = set(claim.path)

        def in_scope(t: Token) -> bool:
            if t.i in path or t.is_ancestor(pred):
                return True
            return t.dep_ in ("nsubj", "nsubjpass") and (t.head.i in path or t.head.is_ancestor(pred))

        for c in candidates:
            if in_scope(c) or not (in_scope(c.head) or (_comment_on_clause(c) and in_scope(c.head.head))):
                continue
            if c.dep_ in ("relcl", "advcl"):
                for judge in c.children:
                    if judge.dep_ in ("attr", "acomp", "oprd") and _judgement(ix, judge, _negated(c), state):
                        return
                    # a linking verb's complement: "..., which turned out to be false"
                    if judge.dep_ == "xcomp" and _is_copula(judge) and any(
                            j.dep_ in ("attr", "acomp") and _judgement(ix, j, _negated(c) ^ _negated(judge), state)
                            for j in judge.children):
                        return
                    # a reaction in the clause's complement: "..., which made me laugh out loud"
                    if judge.dep_ in ("ccomp", "xcomp") and _judgement(ix, judge, _negated(judge), state):
                        return
                continue
            if c.dep_ != "appos" and not (c.dep_ == "attr" and c.head.i == claim.predicate) and not _comma_noun(ix, c):
                continue
            if _judgement(ix, c, _negated(c), state):
                return
            if any(e.frame == "content" for _r, e in ix.effects(c)):
                # "..., a claim toxicologists later dismissed (as false)": rejected by its clause
                for r in c.children:
                    if r.dep_ == "relcl" and _is_copula(r) and any(  # "..., a claim that is false"
                            _judgement(ix, j, _negated(r), state) for j in r.children if j.dep_ in ("attr", "acomp")):
                        return
                    if r.dep_ in ("relcl", "acl") and not _negated(r) and (
                            (r.lemma_.lower() not in _WITHDRAWALS and any(e.frame == "rejecting" for _r, e in ix.effects(r)))
                            or any(
                                _judgement(ix, q, False, state) for p in r.children
                                if p.dep_ == "prep" and p.lower_ == "as"
                                for q in p.children if q.dep_ in ("pobj", "amod", "acomp"))):
                        if not any(cue.category == "debunk" for cue in state.cues):
                            state.cue(r, "debunk")
                            state.flips += 1
                        return
                state.cue(c, "reported")  # "X is C, a claim the company withdrew"
                state.assert_as("reported")
                return
    # a clause coordinated with the claim's own predicate: '"X is C" ... and the teacher marked it wrong'
    if any(c.dep_ == "conj" and c.i >= end and _judging_clause(ix, c, state) for c in pred.children):
        return
    # a judgement of its own after a dash or semicolon, its subject pointing back, wherever the
    # parser hung it: "I said above that X is C — that's wrong, it's D."
    sent = ix.sent(pred.i)
    for subj in doc[end:sent.end]:
        if subj.dep_ != "nsubj" or subj.lower_ not in ("that", "this") or subj.i == 0 or \
                doc[subj.i - 1].text not in ("—", "–", "-", "--", ";"):
            continue
        cop = subj.head
        if _is_copula(cop) and not cop.is_ancestor(pred) and any(
                _judgement(ix, j, _negated(cop), state) for j in cop.children if j.dep_ in ("attr", "acomp")):
            return
    # a bare verdict on a report after a dash or semicolon, closed by punctuation: "People say X
    # — nonsense, it's D.", "My uncle claims X; not true."
    if any(c.category in ("reported", "belief") for c in state.cues) and \
            not any(c.category == "debunk" for c in state.cues):
        for k in range(end, sent.end - 1):
            if doc[k].text not in ("—", "–", "--", ";"):
                continue
            words = []
            for t in doc[k + 1:sent.end]:
                if t.is_punct or t.is_space:
                    break
                words.append(t)
            following = doc[words[-1].i + 1] if words and words[-1].i + 1 < len(doc) else None
            if 0 < len(words) <= 3 and (following is None or following.is_punct or following.is_space) and \
                    all(t.is_alpha and t.pos_ not in ("AUX", "VERB", "PRON") for t in words) and \
                    words[-1].lower_ != "not":
                if _judgement(ix, words[-1], any(t.lower_ == "not" for t in words), state):
                    return
            break
    if pred.pos_ == "VERB" and not _is_copula(pred):
        found = _cues_on(ix, pred, _rejecting_adverb, set(claim.path))
        if found:
            state.cues.append(ContextCue(found[0][0], found[0][1], "debunk"))
            state.flips += 1


def _comment_on_clause(c: Token) -> bool:
    """A non-restrictive "which" clause, which comments on the whole clause before it, whatever
    word the parser hangs it on: '"X is C," claimed the influencer, which is dangerously wrong'."""
    return c.dep_ == "relcl" and c.left_edge.i > 0 and c.doc[c.left_edge.i - 1].text == "," and any(
        t.dep_ == "nsubj" and t.lower_ == "which" for t in c.children)


def _quotation(ix: ContextIndex, claim: Claim) -> Token | None:
    """The mark that opens the quotation the claim stands in, if it does: an odd number of
    quotation marks between the start of its line and the claim ('Fact check: "Baclofen is a
    narcotic." Verdict: FALSE.'), or a line quoted with ">" (e-mail and forum replies)."""
    start = min(claim.subject.start, claim.object.start)
    first = ix.line_opener(start)
    marks = ix.line(start).marks
    lo, hi = bisect.bisect_left(marks, first.i), bisect.bisect_left(marks, start)
    if (hi - lo) % 2 == 1:
        return ix.doc[marks[hi - 1]]
    if first.text in QUOTE_MARKS:
        return first
    if claim.subject.end <= claim.object.start:
        # the predicate quoted after its subject: "because baclofen 'is an opioid and you're
        # drugging him'"
        inside = marks[bisect.bisect_left(marks, claim.subject.end):bisect.bisect_left(marks, claim.object.start)]
        if len(inside) % 2 == 1 and ix.doc[inside[-1]].i + 1 < claim.object.start and \
                ix.doc[inside[-1] + 1].pos_ in ("AUX", "VERB"):
            return ix.doc[inside[-1]]
    return None


def _elliptical_denial_over(ix: ContextIndex, claim: Claim) -> Token | None:
    """The negation of an elliptical "it isn't" / "that's not" that the parser made the head of
    the clause of a quoted or reported claim (or of a clause that embeds it), after it in the
    same sentence: '"Baclofen is a narcotic" — no, it isn't.', "she held the dose because she
    thought baclofen was an opioid; it is not."."""
    pred = cur = ix.doc[claim.predicate]
    for _ in range(6):
        head = cur.head
        if head.i == cur.i or cur.dep_ not in _EMBEDDING:
            # (the clause the report hangs on: "I was about(acomp) to say X, but ... it isn't")
            return _joined_denial(head, pred) if cur.dep_ in ("acomp", "xcomp") else None
        if cur.dep_ == "ccomp" and head.i > pred.i and _is_copula(head) and \
                not any(c.dep_ in ("attr", "acomp") for c in head.children):
            return _elliptical_denial(head)
        if head.i > pred.i and any(c.dep_ == "nsubj" and c.lower_ in ("i", "we") for c in head.children):
            # the author's own saying verb over the report, with the denial as its other
            # complement: "grandma thinks X; I've explained twice that it's not"
            for other in head.children:
                if other.dep_ == "ccomp" and other.i > pred.i and other.i != cur.i and _is_copula(other) and \
                        not any(c.dep_ in ("attr", "acomp") for c in other.children) and \
                        (neg := _elliptical_denial(other)) is not None:
                    return neg
        if (neg := _joined_denial(head, pred)) is not None:
            return neg
        cur = head
    return None


def _joined_denial(head: Token, pred: Token) -> Token | None:
    """The negation of an elliptical denial in a clause joined to ``head`` after the claim, or to
    such a clause: "I was about to say X, but (I looked it up and) it isn't"."""
    for conj in head.children:
        if conj.dep_ != "conj" or conj.i < pred.i:
            continue
        for clause in (conj, *(c for c in conj.children if c.dep_ == "conj")):
            if _is_copula(clause) and not any(c.dep_ in ("attr", "acomp") for c in clause.children) and \
                    (neg := _elliptical_denial(clause)) is not None:
                return neg
    return None


def _elliptical_denial(clause: Token) -> Token | None:
    """The negation of a copula without a complement whose subject points back ("it's not",
    "that isn't"), if it has one."""
    if not any(c.dep_ == "nsubj" and c.lower_ in ("it", "that", "this") for c in clause.children):
        return None
    return next((c for c in clause.children if c.dep_ == "neg"), None)


def _discredited_sayer(ix: ContextIndex, state: _State) -> None:
    """A report whose sayer the author discredits by scare quotes or "so-called" ("another
    'expert' on TikTok informing me that X", "some so-called doctor says X"): the author does
    not take it up; it is denied."""
    if any(c.category == "debunk" for c in state.cues):
        return
    doc = ix.doc
    for cue in state.cues:
        if cue.category != "reported":
            continue
        word = doc[cue.token_start]
        sayers = [c for c in word.children if c.dep_ in ("nsubj", "nsubjpass")]
        if word.dep_ in ("acl", "relcl") and word.head.i != word.i:
            sayers.append(word.head)  # "an 'expert' informing me that X"
        for sayer in sayers:
            quoted = 0 < sayer.i < len(doc) - 1 and doc[sayer.i - 1].is_quote and doc[sayer.i + 1].is_quote
            so_called = any(c.lower_ in ("so-called", "socalled") or (
                c.lower_ == "called" and c.i >= 2 and doc[c.i - 2].lower_ == "so" and doc[c.i - 1].text == "-")
                for c in sayer.children if c.dep_ in ("amod", "compound", "advmod"))  # ("so - called")
            if quoted or so_called:
                state.cue(sayer, "debunk")
                state.flips += 1
                return


def _named_by_someone(ix: ContextIndex, claim: Claim) -> bool:
    """A class given by someone's verb of calling or classing, in the past: "Earlier I called X a
    C.", "The nurse classified X as a C." — what someone did, which the next sentence may reject
    as a report ("That was wrong.")."""
    verb = ix.doc[claim.predicate]
    return claim.pattern == "classification" and verb.tag_ == "VBD" and any(
        c.dep_ == "nsubj" for c in verb.children)


def _rejected_next(ix: ContextIndex, claim: Claim, state: _State) -> None:
    """A report rejected by the next sentence: "She says it's an opioid. That's wrong." /
    "... Not true." The next sentence must be a bare truth judgement of "that"/"this"/"it"."""
    doc = ix.doc
    sent = ix.sent(claim.predicate)
    if sent.end >= len(doc):
        return
    nxt = ix.next_word(sent)
    quoted = ix.line_opener(sent.start).text in QUOTE_MARKS
    if quoted:
        # the rest of a quoted block: the reply follows it ("> X is C\n> ...\nNo it is not.")
        while nxt is not None and ix.line_opener(nxt.i).text in QUOTE_MARKS:
            sent = ix.sent(nxt.i)
            nxt = ix.next_word(sent)
    if nxt is None or (_paragraph_break(sent, nxt) and not quoted):
        return  # (a reply to a quoted block may stand a blank line below it, as forums lay it out)
    # past sentences of nothing but a reaction: "My cousin swears X. Lol. No."
    for _ in range(2):
        reaction = ix.sent(nxt.i)
        words = [t for t in reaction if not (t.is_space or t.is_punct)]
        if not words or not all(t.lower_ in ix.lexicon.reactions for t in words):
            break
        following = ix.next_word(reaction)
        if following is None or _paragraph_break(reaction, following):
            return
        nxt = following
    # the clause the next sentence opens with: "That's wrong (though, it's a muscle relaxer).",
    # past a speaker's label ("Priya: it's not, ...")
    start = ix.turn_start(nxt)
    if start is None:
        return
    nxt, nxt_sent = start, ix.sent(start.i)
    words = [t for t in nxt_sent if not t.is_space and t.i >= start.i]
    if _rejects(ix, nxt, nxt_sent, words, state):
        return
    if (denial := _class_denied_after(ix, claim, nxt_sent)) is not None:
        state.cue(denial, "debunk")  # "> X is just a weak C\n\nSource? Every reference says D, not C."
        state.flips += 1
        return
    if nxt_sent.root.lemma_.lower() in ix.lexicon.checking_verbs and \
            not any(nxt_sent.start <= m.start < nxt_sent.end for m in ix.mentions()):
        # the author checked first, and says so in a sentence that judges nothing: "X told me Y.
        # Looked it up afterwards. Nope."
        following = ix.next_word(nxt_sent)
        if following is not None and not _paragraph_break(nxt_sent, following):
            following_sent = ix.sent(following.i)
            _rejects(ix, following, following_sent, [t for t in following_sent if not t.is_space], state)


def _class_denied_after(ix: ContextIndex, claim: Claim, sent: Span) -> Token | None:
    """The "not" of a bare denial of the reported claim's own class in the next sentence, or
    the one after it when the next is a short question ("Source?", "Really?"): "not (a) C" with
    no verb of its own between them, in a sentence that names no other drug ("Not an opioid.",
    "Every reference says GABA-B agonist, not opioid.")."""
    if claim.relation != "is_a" or not claim.object.kb_id_:
        return None
    doc = ix.doc
    spans = ix.mentions()
    for _ in range(2):
        named = [m for m in spans if sent.start <= m.start < sent.end]
        if any(m.label_ == "drug" and m.kb_id_ != claim.subject.kb_id_ for m in named):
            return None
        for m in named:
            if m.kb_id_ != claim.object.kb_id_ or m.label_ == "drug":
                continue
            k = m.start - 1
            while k > sent.start and doc[k].pos_ == "DET":
                k -= 1
            if k >= sent.start and doc[k].lower_ in ("not", "n't") and doc[k].head.pos_ not in ("VERB", "AUX"):
                return doc[k]
        words = [t for t in sent if not (t.is_space or t.is_punct)]
        if len(words) > 3 or not any(t.text == "?" for t in sent):
            return None
        following = ix.next_word(sent)
        if following is None or _paragraph_break(sent, following):
            return None
        sent = ix.sent(following.i)
    return None


def _rejects(ix: ContextIndex, nxt: Token, nxt_sent: Span, words: list[Token], state: _State) -> bool:
    """Whether the sentence ``nxt_sent`` (its first word ``nxt``, its words ``words``) rejects
    the report before it (see :func:`_rejected_next`); the cue is added to ``state``."""
    said = _unaddressed(ix, after_label(words))
    if (no := _bare_no(ix, said)) is not None:
        state.cue(no, "debunk")  # "Close but no.", "lol nope"
        state.flips += 1
        return True
    if (dissent := _dissent(ix, said)) is not None:
        state.cue(dissent, "debunk")  # "My sister says X. I don't buy it."
        state.flips += 1
        return True
    if len(said) > 2 and (said[1].is_punct or said[1].lower_ in ("it", "that", "its", "thats")) and \
            _bare_no(ix, said[:1]) is not None:
        # "No, it's a muscle relaxant.", "Reply: wrong, it totally is", "no its literally an opioid"
        state.cue(said[0], "debunk")
        state.flips += 1
        return True
    if said and (neg := _opening_denial(said[0], nxt_sent)) is not None:
        state.cue(neg, "debunk")  # "It doesn't; that's a GABA-B drug.", "It is not; it is D."
        state.flips += 1
        return True
    if nxt.dep_ == "det" and nxt.head.dep_ == "nsubj" and _anaphoric(ix, nxt.head):
        nxt = nxt.head  # "That statement is inaccurate."
    root = nxt.head if nxt.dep_ == "nsubj" and _anaphoric(ix, nxt) else nxt_sent.root
    # a judgement in a complement clause: "Turns out he was totally wrong(, it's GABA-B)" (the
    # parser makes "Turns" the complement or an unmarked adverbial clause of "it's")
    outer = [c for c in root.children if c.dep_ in ("ccomp", "xcomp") or
             (c.dep_ == "advcl" and not any(m.dep_ == "mark" for m in c.children))]
    # ... or under an adjective of belief: "I'm convinced they're all wrong"
    outer += [g for c in root.children if c.dep_ == "acomp" for g in c.children if g.dep_ == "ccomp"]
    for inner in [c for c in outer if c.dep_ != "advcl"] + \
            [g for c in outer for g in c.children if g.dep_ in ("ccomp", "xcomp")]:
        if _is_copula(inner) and (any(c.dep_ == "nsubj" and (_anaphoric(ix, c) or _sayer_again(ix, c, state))
                                      for c in inner.children) or (
                said and said[0].i == inner.i and not any(c.dep_ == "nsubj" for c in inner.children))) and any(
                _judgement(ix, j, _negated(inner), state)
                for j in inner.children if j.dep_ in ("attr", "acomp")):
            return True
    # a judgement coordinated with the next sentence's main clause: "She means well, but she's mistaken."
    if any(c.dep_ == "conj" and _judging_clause(ix, c, state) for c in root.children):
        return True
    # a dismissal, after checking or not: "I asked two pharmacists and they both laughed."
    dismissal = next((v for v in [root] + [c for c in root.children if c.dep_ == "conj"]
                      if v.lemma_.lower() in ix.lexicon.dismissal_verbs and not _negated(v) and
                      not any(c.dep_ == "nsubj" and _negative_subject(c) for c in v.children)), None)
    if dismissal is not None:
        state.cue(dismissal, "debunk")
        state.flips += 1
        return True
    # who made the report accused of it: "The leaflet is lying.", "He's trolling you."
    # (a progressive the parser read as a complement of the copula: "She's(ROOT) trolling(attr)")
    verbs = [root] + [c for c in root.children if c.dep_ == "conj" or (
        c.dep_ in ("attr", "acomp") and c.tag_ == "VBG" and _is_copula(root))]
    accused = next((v for v in verbs
                    if _accuses(ix, v) and not _negated(v) and any(
                        c.dep_ == "nsubj" and (c.lower_ in _REFERRING_PRONOUNS or _sayer_again(ix, c, state))
                        for c in (v.children if v.dep_ not in ("attr", "acomp") else root.children))), None)
    if accused is not None:
        state.cue(accused, "debunk")
        state.flips += 1
        return True
    # a correction of it: "The revised one corrected this error.", "They retracted that."
    # (or who made it: "Our nurse set him straight.", "The pharmacist corrected her.")
    correction = next((v for v in [root] + [c for c in root.children if c.dep_ == "conj"]
                       if _correcting(ix, v) and any(
                           o.dep_ in ("dobj", "nsubj") and o.head.i == v.i or o.dep_ == "nsubj" and o.head.head.i == v.i
                           for o in v.subtree if o.i > v.i and (
                               o.lower_ in _CORRECTED_PRONOUNS or _pointing_back(o) or
                               _sayer_again(ix, o, state)))), None)
    if correction is not None:
        state.cue(correction, "debunk")
        state.flips += 1
        return True
    negated = _negated(root)
    # what a report, or who made it, is taken to task for: "Reported the video for
    # misinformation.", "Flagged it as false."
    if root.pos_ == "VERB" and any(_judgement(ix, q, False, state) for p in root.children
                                   if p.dep_ == "prep" and p.lower_ in ("for", "as")
                                   for q in p.children if q.dep_ in ("pobj", "amod", "acomp")):
        return True
    if _is_copula(root):
        subj = [c for c in root.children if c.dep_ == "nsubj"]
        # a name the parser took for a second subject is the one addressed: "Brenda, with
        # respect, it isn't."
        subj.sort(key=lambda c: c.lower_ not in _REFERRING_PRONOUNS)
        if not subj and said and said[0].i == root.i:
            # the subject left out, as in speech and in some learners' English: "Is not true."
            subj = [root]
        elif not subj or not (_anaphoric(ix, subj[0]) or _sayer_again(ix, subj[0], state)):
            return False
        judges = [c for c in root.children if c.dep_ in ("attr", "acomp")]
        if not judges and negated and subj[0].lower_ in ("it", "that", "this"):
            # an elliptical denial: "It's not." / "It isn't." / "No, that is not."
            state.cue(next(c for c in root.children if c.dep_ == "neg"), "debunk")
            state.flips += 1
            return True
    else:
        # a short verdict: "Not true.", "Nope.", "Verdict: FALSE."
        judges, has_not = ix.verdict(nxt_sent)
        negated = negated or has_not
        if (no := _bare_no(ix, judges)) is not None:
            state.cue(no, "debunk")  # a bare "No." / "Nope." to what was reported
            state.flips += 1
            return True
    return any(_judgement(ix, judge, negated, state) for judge in judges)


def _accuses(ix: ContextIndex, verb: Token) -> bool:
    """Whether ``verb`` accuses its subject of the report (``accusing_verbs``): a verb alone, with
    no particle, preposition or adverb ("She's lying", not "lying down"), or a verb with the
    words of its idiom after it ("He's having you on", "She's pulling your leg")."""
    return _idiom(verb, ix.lexicon.accusing_verbs, bare=True)


def _idiom(verb: Token, entries: frozenset[str], bare: bool) -> bool:
    """Whether ``verb`` is one of ``entries``: a lemma (with no particle, preposition or adverb
    when ``bare``), or a lemma and the words that must follow it in its phrase ("set straight",
    "have on")."""
    lemma = verb.lemma_.lower()
    for entry in entries:
        head, *rest = entry.split()
        if head != lemma:
            continue
        if not rest:
            if not bare or not any(c.dep_ in ("prt", "prep", "advmod") for c in verb.children):
                return True
        elif all(any(t.lower_ == w for t in verb.subtree if t.i > verb.i) for w in rest):
            return True
    return False


def _opening_denial(first: Token, sent: Span) -> Token | None:
    """The negation of an elliptical denial that opens the sentence, a clause of its own before
    another: "It doesn't; that's a GABA-B drug.", "It is not; it is an antispastic." (the parser
    makes it a complement of the clause after it). A copula or "do" with no complement, its
    subject "it", "that" or "this"."""
    for clause in sent:
        if clause.lemma_.lower() not in ("be", "do") or clause.dep_ in ("aux", "auxpass") or \
                clause.left_edge.i != first.i or clause.i == sent.root.i:
            continue
        if any(c.dep_ in _COMPLEMENTS for c in clause.children):
            return None
        return _elliptical_denial(clause)
    return None


_COMPLEMENTS = frozenset({"attr", "acomp", "dobj", "xcomp", "ccomp", "prep", "oprd", "advcl"})


def _correcting(ix: ContextIndex, verb: Token) -> bool:
    """A verb of correction (``correcting_verbs``, an idiom's words after it included: "set him
    straight"), not negated."""
    return _idiom(verb, ix.lexicon.correcting_verbs, bare=False) and not _negated(verb)


# objects by which a verb of correction takes up the report before it, or who made it
_CORRECTED_PRONOUNS = frozenset({"this", "that", "it", "him", "her", "them"})


def _pointing_back(noun: Token) -> bool:
    """A noun with a demonstrative that points back: "this error", "that mistake"."""
    return noun.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in ("this", "that", "these", "those")
                                       for c in noun.children)


# what a judgement of a report has as its subject: the report ("that", "it") or who made it
_REFERRING_PRONOUNS = frozenset({"that", "this", "it", "which", "he", "she", "they", "you"})


# pronouns that name a sayer again as a noun does: "Everyone says X. Everyone is wrong."
_GENERIC_SAYER_PRONOUNS = frozenset({"everyone", "everybody", "someone", "somebody", "nobody", "people"})


def _sayer_again(ix: ContextIndex, subj: Token, state: _State) -> bool:
    """A noun subject that names again who made the report before ("Reddit says X. Reddit is
    wrong.", "My friend says X. My friend is mistaken.", "X is C, according to the flyer. The
    flyer is wrong.": the subject of the report's cue, or the object of its preposition)."""
    if subj.pos_ not in ("NOUN", "PROPN") and subj.lower_ not in _GENERIC_SAYER_PRONOUNS:
        return False
    lemma = subj.lemma_.lower()
    for cue in state.cues:
        if cue.category != "reported":
            continue
        word = ix.doc[cue.token_start]
        sayers = [c for c in word.children if c.dep_ in ("nsubj", "nsubjpass")]
        sayers += [o for p in word.children if p.dep_ in ("prep", "agent") for o in p.children if o.dep_ == "pobj"]
        if any(c.lemma_.lower() == lemma for c in sayers):
            return True
    return False


def _anaphoric(ix: ContextIndex, subj: Token) -> bool:
    """A subject that refers back to what was said or to who said it: a pronoun ("That's
    wrong.", "She's mistaken."), or a statement noun (``content`` cues: claim, statement,
    rumor) with a determiner that points back ("That statement is inaccurate.", "The claim is
    false.")."""
    if subj.lower_ in _REFERRING_PRONOUNS:
        return True
    return subj.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in ("that", "this", "the", "such", "those", "these")
                                       for c in subj.children) and \
        any(r.category == "content" for r in ix.governors(subj))


def _unaddressed(ix: ContextIndex, words: list[Token]) -> list[Token]:
    """A reply's words without the name it addresses before or after its first word ("No Mary,
    it's D", "Dad no, it's D" -> "No, it's D"): a proper name or a word of ``vocatives``,
    followed or preceded by the reply's first word and then a comma."""
    def vocative(t: Token) -> bool:
        return (t.lower_ in ix.lexicon.vocatives or (t.pos_ == "PROPN" and t.is_title)) and \
            not any(m.start <= t.i < m.end for m in ix.mentions())
    if len(words) > 3 and words[2].text == ",":
        if vocative(words[1]):  # "No Mary, ..."
            return [words[0], *words[2:]]
        if vocative(words[0]):  # "Dad no, ..."
            return words[1:]
    if len(words) > 2 and words[1].lower_ in ix.lexicon.vocatives:
        return [words[0], *words[2:]]  # "nah bro it's an opioid" (a word of address, no comma)
    return words


def _bare_no(ix: ContextIndex, words: list[Token]) -> Token | None:
    """The first word of a "no" answer when the words (a short sentence's) are that and nothing
    else: "No.", "Nope, wrong.", "No it isn't", "lol no." ("No idea why." is none)."""
    nos = ix.lexicon.answers.get("no", ())
    while words and words[0].pos_ in ("INTJ", "PUNCT") and words[0].lower_ not in nos:
        words = words[1:]  # "lol no.", "haha nope"
    found = phrase_at(words, nos)
    if found is None:
        return None
    rest = words[found[1]:]
    return words[0] if all(w.lower_ in _ANSWER_FOLLOWERS or w.lower_ in nos for w in rest) else None


def _answered_by_reply(ix: ContextIndex, claim: Claim) -> bool:
    """The next sentence is another speaker's turn: it opens the next line with a speaker's
    label ("A: X is C, you need a script.\nB: Not federally, it isn't."), a reply that may
    reject the claim as it would reject a report."""
    doc = ix.doc
    sent = ix.sent(claim.predicate)
    nxt = ix.next_word(sent)
    if nxt is None:
        return False
    words = [t for t in doc[nxt.i:nxt.i + 8] if not t.is_space]  # (after a time stamp: "[20:12] B: ...")
    if ix.line_opener(nxt.i).i != nxt.i or ix.line(nxt.i) is ix.line(claim.predicate):
        return bool(turn_label(words))  # a turn inside the line: '"X is C." Me: it is not.'
    return bool(speaker_label(words))


def _put_in_question(ix: ContextIndex, claim: Claim, state: _State) -> None:
    """The next sentence asks whether the claim holds: "My friend tells me this is opiate. Please
    can you confirm?", "'X is C.' True or false?" (``confirmation_requests``, a question of its
    own): the claim is questioned."""
    requests = ix.lexicon.confirmation_requests
    if not requests:
        return
    sent = ix.sent(claim.predicate)
    nxt = ix.next_word(sent)
    if nxt is None or _paragraph_break(sent, nxt):
        return
    following = ix.sent(nxt.i)
    last = next((t for t in reversed(following) if not (t.is_space or t.is_quote)), None)
    if last is None or "?" not in last.text:
        return
    words = [t for t in following if not (t.is_space or t.is_punct)]
    found = phrase_at(words, requests, range(min(3, len(words))))
    if found is not None and found[1] >= len(words) - 1:
        state.cue(words[found[0]], "question", words[found[1] - 1].i + 1)
        state.assert_as("questioned")


def _quiz_item(ix: ContextIndex, claim: Claim, state: _State) -> None:
    """The claim is an item of a quiz, marked by a prompt to judge it (``quiz_prompts``) right
    after it in its sentence or as the whole next sentence of its paragraph: "4. X is C. (T/F)",
    "X is C (true or false)", or before it with a colon ("T/F: X is C."). The claim is
    questioned."""
    prompts = ix.lexicon.quiz_prompts
    if not prompts:
        return
    doc = ix.doc
    sent = ix.sent(claim.predicate)
    places = [doc[max(claim.subject.end, claim.object.end):sent.end]]
    nxt = ix.next_word(sent)
    if nxt is not None and not _paragraph_break(sent, nxt):
        places.append(ix.sent(nxt.i))
    candidates: list[list[Token]] = []
    for place in places:
        line = next((t.i for t in place if t.is_space and "\n" in t.text), place.end)
        words = [t for t in doc[place.start:line] if not t.is_space]  # (its line only)
        while words and words[-1].is_punct and words[-1].text in ".:?!)]":
            words.pop()  # the closing of the prompt or of its sentence
        while words and words[0].is_punct and words[0].text in "([-\u2013\u2014:":
            words.pop(0)
        candidates.append(words)
    # or before it, with a colon: "Card 33 — T/F: X is C.", "True or false: X is C"
    before = [t for t in doc[sent.start:min(claim.subject.start, claim.object.start)] if not t.is_space]
    if len(before) >= 2 and before[-1].text == ":":
        words = before[:-1]
        k = len(words)
        while k > 0 and not (words[k - 1].is_punct and words[k - 1].text in ".:;|\u2013\u2014-"):
            k -= 1
        candidates.append(words[k:])
    for words in candidates:
        if words and _is_prompt(words, prompts):
            state.cue(words[0], "question", words[-1].i + 1)
            state.assert_as("questioned")
            _answered(ix, claim, state)  # "T/F: X is C. Answer key: TRUE"
            return


def _is_prompt(words: Iterable[Token], prompts: frozenset[str]) -> bool:
    """Whether ``words`` are a quiz prompt of ``prompts`` (written without spaces, lower case)."""
    return "".join(t.lower_ for t in words) in prompts


def _paragraph_break(sent: Span, nxt: Token) -> bool:
    """Whether a blank line stands between the sentence ``sent`` and the token ``nxt`` after
    it, outside the sentence. A sentence that ends with its own blank line (the space token of
    the line breaks is its last) runs on into the next paragraph: a reply or an answer after a
    blank line still judges it ("Is X a C?\n\nNo."), as forum replies are laid out."""
    return "\n\n" in sent.doc[sent.end:nxt.i].text


def _retracted(ix: ContextIndex, claim: Claim, state: _State) -> None:
    """The author takes the claim back, in the next sentence (of the same paragraph or the next: "X is C.
    Actually scratch that, I mixed it up: it's D." / "EDIT: someone pointed out it's D, fixed.")
    or right after the claim in its own sentence ("X is C lol jk its D"): a retraction phrase
    among the first words there, and a drug or class named or referred to after it (the
    correction). The claim then counts as reported, not asserted."""
    doc, lexicon = ix.doc, ix.lexicon
    if not lexicon.retractions and not lexicon.self_retractions:
        return
    sent = ix.sent(claim.predicate)
    end = max(claim.subject.end, claim.object.end)
    # the words right after the claim in its sentence, then the opening of the next sentence
    places: list[tuple[list[Token], int]] = []
    rest = [t for t in doc[end:sent.end] if not (t.is_space or t.is_punct)][:4]
    if rest:
        places.append((rest, sent.end))
    if sent.end < len(doc):
        nxt = ix.next_word(sent)
        if nxt is not None:  # (also a paragraph below: "X is C.\n\nEdit: I've been corrected, ...")
            following = ix.sent(nxt.i)
            # past a speaker's label ("Tina: wait sorry, I was thinking of something else"), then
            # with it ("EDIT: someone pointed out ...": the label is the retraction)
            words = [t for t in following if not t.is_space]
            said = after_label(words)
            if len(said) < len(words):
                places.append(([t for t in said if not t.is_punct][:8], following.end))
            places.append((ix.opening(following), following.end))
    if (conceded := _conceded_later(ix, claim)) is not None:
        state.cues.append(conceded)
        state.assert_as("reported")
        return
    for words, until in places:
        where = range(2) if words is rest else range(len(words))
        # "Or so I thought.": nothing needs to follow
        taken = phrase_at(words, lexicon.self_retractions, where, refused=_denied_phrase)
        if taken is not None:
            state.cues.append(ContextCue(words[taken[0]].i, words[taken[1] - 1].i + 1, "reported"))
            state.assert_as("reported")
            return
        taken = phrase_at(words, lexicon.retractions, where)
        if taken is None and words is not rest and words:
            # (the whole sentence: the verb may stand past the opening's eight words)
            words = [t for t in ix.sent(words[0].i)[words[0].i - ix.sent(words[0].i).start:]
                     if not (t.is_space or t.is_punct)]
            taken = _attribution(words, lexicon.attributing_verbs)
        if taken is None:
            continue
        after = words[taken[1] - 1].i
        if until < len(doc) and not ix.mention_starts_within(after, until):
            until = _correction_sentence_end(ix, until)
        if ix.mention_starts_within(after, until):
            state.cues.append(ContextCue(words[taken[0]].i, after + 1, "reported"))
            state.assert_as("reported")
        return


def _correction_sentence_end(ix: ContextIndex, end: int) -> int:
    """The end of the sentence after the one ending at ``end``, in the same paragraph, when a
    retraction's sentence names no correction and the next one may ("EDIT: that changed in 2014.
    Hydrocodone combos are Schedule II now."); else ``end``."""
    nxt = next_word(ix.doc, end - 1)
    last = end - 1
    while last > 0 and ix.doc[last].is_space:
        last -= 1  # (a blank line the sentence ends with is still between the two)
    if nxt is None or "\n\n" in ix.doc[last:nxt.i].text_with_ws:
        return end
    return ix.sent(nxt.i).end


def _attribution(words: Sequence[Token], verbs: frozenset[str]) -> tuple[int, int] | None:
    """Where "that's what <someone> <verb>" opens ``words`` (after a discourse word: "At least
    that's what my doctor told me", "Well, that is what I wrote on the exam"), as
    :func:`phrase_at` gives a phrase (the verb one of ``verbs``), or None."""
    k = 0
    while k < len(words) and words[k].lower_ in _ATTRIBUTION_OPENERS:
        k += 1
    if [t.lower_ for t in words[k:k + 3]] not in (["that", "'s", "what"], ["that", "is", "what"],
                                                  ["that", "was", "what"]):
        return None
    for j in range(k + 3, min(len(words), k + 10)):
        # a past telling ("told me", "wrote"), not the author's ongoing one ("I keep telling")
        if words[j].lemma_.lower() in verbs and words[j].tag_ in ("VBD", "VBN"):
            return k, j + 1
    return None


# discourse words before "that's what ...": "At least that's what ...", "Well, that's what ..."
_ATTRIBUTION_OPENERS = frozenset({"at", "least", "well", "or", "and", "but", "anyway", "so"})


def _speaker(ix: ContextIndex, i: int) -> tuple[str, ...] | None:
    """The speaker's label that opens the line of token ``i`` ("Rick S:" -> ("rick", "s")), or
    None."""
    line = ix.line(i)
    words = [t for t in ix.doc[line.start:min(line.start + 12, len(ix.doc))] if not t.is_space]
    colon = speaker_label(words)
    return tuple(t.lower_ for t in words[:colon]) if colon else None


def _conceded_later(ix: ContextIndex, claim: Claim) -> ContextCue | None:
    """In a conversation laid out by speakers' labels, the claim's own speaker concedes it in one
    of their next turns, after someone else's turn: "Rick S: X is C\nDee W: it's D, Rick.\nRick
    S: ok fair, I looked it up, my bad" (a phrase of ``retractions`` or ``self_retractions``
    among the first words of the turn; the correction is the other speaker's). The cue, or
    None."""
    lexicon = ix.lexicon
    speaker = _speaker(ix, claim.predicate)
    if not speaker:
        return None
    sent, other = ix.sent(claim.predicate), False
    for _ in range(6):  # the next few sentences
        nxt = ix.next_word(sent)
        if nxt is None:
            return None
        sent = ix.sent(nxt.i)
        if ix.line_opener(nxt.i).i != nxt.i:
            continue  # not the opening of a turn
        who = _speaker(ix, nxt.i)
        if who is None:
            return None  # the conversation ends
        if who != speaker:
            other = True
            continue
        if not other:
            continue
        said = [t for t in after_label([t for t in sent if not t.is_space]) if not t.is_punct][:8]
        for phrases in (lexicon.self_retractions, lexicon.retractions):
            taken = phrase_at(said, phrases, range(len(said)), refused=_denied_phrase)
            if taken is not None:
                return ContextCue(said[taken[0]].i, said[taken[1] - 1].i + 1, "reported")
        return None  # the speaker's next turn after a reply takes nothing back
    return None


def _mocking_case(claim: Claim, state: _State) -> None:
    """A claim spelt in alternating capitals, the mocking meme's spelling ("BaClOfEn Is An
    OpIoId - that's what you sound like"): it repeats someone's words to ridicule them (category
    ``sarcasm``: not the author's claim)."""
    for tok in (*claim.subject, *claim.object):
        if _alternating_case(tok.text):
            state.cue(tok, "sarcasm")
            state.assert_as("reported")
            return


def _alternating_case(word: str) -> bool:
    """At least two switches from a lower-case to a capital letter inside the word, and two
    back ("BaClOfEn", "OpIoId"; not "OxyContin", "GABA-B", "McDonald")."""
    letters = [c for c in word if c.isalpha()]
    ups = sum(a.islower() and b.isupper() for a, b in zip(letters, letters[1:]))
    downs = sum(a.isupper() and b.islower() for a, b in zip(letters[1:], letters[2:]))
    return ups >= 2 and downs >= 2


def _denied_phrase(words: Sequence[Token], at: tuple[int, int]) -> bool:
    """Whether the phrase at ``at`` in ``words`` (:func:`phrase_at`) is denied or set aside rather
    than said: right after a negation ("I'm not kidding", "no kidding", "all kidding aside") or
    before "aside" ("kidding aside")."""
    first, end = at
    before = words[first - 1].lower_ if first > 0 else ""
    after = words[end].lower_ if end < len(words) else ""
    return before in ("not", "n't", "no", "never", "all") or after == "aside"


def _backshifted(ix: ContextIndex, verb: Token) -> bool:
    """A past-tense copula in reported speech after a past report ("I was told that X was
    non-addictive", "my doctor said it was not addictive"): the tense follows the report's,
    it names no occasion."""
    return verb.lemma_ == "be" and verb.dep_ == "ccomp" and verb.head.tag_ in ("VBD", "VBN") and \
        any(e.frame == "report" for _r, e in ix.effects(verb.head))


def _episodic(ix: ContextIndex, claim: Claim) -> list[ContextCue]:
    """Cues that a verbal predication is about one occasion: a past or future tense ("did",
    "gave", "will"), a perfect ("has helped"), or a first-person or possessed object ("me", "my
    spasms")."""
    doc, lexicon = ix.doc, ix.lexicon
    pred = doc[claim.predicate]
    if pred.pos_ not in ("VERB", "AUX") or claim.relation == "is_a":
        return []
    out = []
    verbs = [doc[i] for i in claim.path if doc[i].pos_ in ("VERB", "AUX") and doc[i].dep_ not in ("aux", "auxpass")]
    out += [ContextCue(v.i, v.i + 1, "episodic") for v in verbs if v.tag_ == "VBD" and not _backshifted(ix, v)]
    scope = [c for v in verbs for c in v.children] + [c for c in doc[claim.object.root.i].children]
    for child in scope:
        for k, _s, _e in ix.ending(child.i):
            if lexicon.rule_effect(k).episodic:
                out.append(ContextCue(child.i, child.i + 1, "episodic"))
    return out


# ---------------------------------------------------------------------------- negation
def _negation(rule: CueRule, effect: CategoryEffect) -> bool:
    return rule.category == "negation" and rule.direction in ("syntactic", "path")


def _hedge(rule: CueRule, effect: CategoryEffect) -> bool:
    return rule.category == "hedge" and rule.direction in ("syntactic", "path")


def _rejecting_adverb(rule: CueRule, effect: CategoryEffect) -> bool:
    return effect.frame == "rejecting" and rule.direction == "syntactic"


def negation_cues(ix: ContextIndex, claim: Claim) -> list[ContextCue]:
    """Negation cues whose syntactic scope covers the claim.

    A ``syntactic`` cue counts when a word of it depends on a token of the claim's path, a
    ``path`` cue when its last word is on the path ("rather than" heading the denied class).
    Walking the path, "but"-coordination ends the scope of what came before it ("not an opioid
    but a muscle relaxant": the negation stays with the first conjunct).
    """
    doc = ix.doc
    found: list[ContextCue] = []
    path = list(claim.path)
    if claim.pattern == "small_clause":
        # the verb over a small clause is the claim's own ("That doesn't make baclofen an opioid")
        path += [i for i in claim.trigger if i not in path]
    elif claim.pattern == "answered_question":
        # a bare answer is its own clause: "Not the mu opioid receptor." (the parse may hang
        # "not" on any word of the mention)
        path += [i for i in range(claim.object.start, claim.object.end) if i not in path]
    on_path = set(path)
    for pos, i in enumerate(path):
        tok = doc[i]
        nxt = doc[path[pos + 1]] if pos + 1 < len(path) else None
        if nxt is not None and nxt.head == tok and _corrects(ix, tok, nxt):
            found = []
            continue
        found += [ContextCue(a, b, "negation") for a, b in _cues_on(ix, tok, _negation, on_path)
                  if not (b < len(doc) and doc[b].lower_ in _NOT_ONLY)  # "not only / just a C": it is one
                  and not _fragment_before(tok, a, b)]
    start = claim.object.start
    if start > 0:
        for k, s, _e in ix.ending_as(start - 1, "forward"):
            if ix.rules[k].category == "negation":
                found.append(ContextCue(s, start, "negation"))
    return found


_NOT_ONLY = frozenset({"only", "just", "merely", "simply", "solely"})


def _fragment_before(pred: Token, start: int, end: int) -> bool:
    """The negation ``doc[start:end]`` is a fragment of its own before the clause of ``pred``:
    it comes before the clause's subject and a comma closes it ("Is X a C? Obviously not, it's
    a D": the answer denies the question, not the clause after the comma)."""
    doc = pred.doc
    if end >= len(doc) or doc[end].text != ",":
        return False
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") and c.i > end for c in pred.children)

# the tokens a negating prefix is split into ("non-addictive", "unscheduled")
_NEGATING_PREFIXES = frozenset({"non", "un"})


def _cues_on(ix: ContextIndex, tok: Token, which: Any, on_path: set[int]) -> list[tuple[int, int]]:
    """Occurrences of the cues ``which(rule, effect)`` selects in the scope of path token
    ``tok``: a ``path`` cue ends at ``tok``; a ``syntactic`` cue has a word that depends on
    ``tok`` (and is off the path). In lexicon order; a syntactic cue once per such word (its
    first match that contains the word)."""
    rules, lexicon = ix.rules, ix.lexicon
    found: dict[int, list[tuple[int, int]]] = {}
    for k, s, e in ix.ending(tok.i):
        if rules[k].direction == "path" and which(rules[k], lexicon.rule_effect(k)):
            found[k] = [(s, e)]
    for child in ix.scope_children(tok):
        if child.i in on_path:
            continue
        first: dict[int, tuple[int, int]] = {}
        for k, s, e in ix.covering(child.i):
            rule = rules[k]
            if rule.direction != "syntactic" or not which(rule, lexicon.rule_effect(k)):
                continue
            best = first.get(k)
            if best is None or e < best[1] or (e == best[1] and s < best[0]):
                first[k] = (s, e)
        for k, cue in first.items():
            found.setdefault(k, []).append(cue)
    return [cue for k in sorted(found) for cue in found[k]]


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


def _corrects(ix: ContextIndex, tok: Token, sibling: Token) -> bool:
    """``sibling`` (a conjunct or appositive of ``tok``) corrects it: "not an opioid but a
    muscle relaxant", "not a narcotic, just a muscle relaxant", "..., rather a GABA-B agonist"."""
    if sibling.dep_ == "conj" and _but(tok):
        return True
    if sibling.dep_ not in ("conj", "appos"):
        return False
    markers = ix.lexicon.corrective_markers
    return any(c.dep_ in ("advmod", "cc", "preconj") and c.lower_ in markers and tok.i < c.i < sibling.i
               for c in sibling.children)


# ---------------------------------------------------------------------------- hedges
def _hedges(ix: ContextIndex, claim: Claim, state: _State) -> None:
    """Hedge adverbs and modals in the claim's scope ("could be", "probably"), and parenthetical
    belief verbs attached to the predicate ("baclofen is, I think, an opioid")."""
    doc = ix.doc
    on_path = set(claim.path)
    for i in claim.path:
        for a, b in _cues_on(ix, doc[i], _hedge, on_path):
            state.cues.append(ContextCue(a, b, "hedge"))
            state.assert_as("hedged")
    pred = doc[claim.predicate]
    for child in pred.children:
        if child.dep_ == "parataxis" and _subject_kind(child) == "first_person":
            for _rule, effect in ix.effects(child):
                if effect.frame == "report" and effect.first_person == "hedged":
                    state.cue(child, "hedge")
                    state.assert_as("hedged")


def _report_adjunct(rule: CueRule, effect: CategoryEffect) -> bool:
    return rule.category == "reported" and rule.direction in ("syntactic", "path")


def _report_adjuncts(ix: ContextIndex, claim: Claim, state: _State) -> None:
    """A report named by a phrase in the claim's own clause rather than by a verb over it:
    "According to a guy on TikTok, X is C", "X was described as a C". The claim is reported
    (which counts as asserted until the text rejects it: "Imagine believing that.")."""
    if any(c.category == "reported" for c in state.cues):
        return
    on_path = set(claim.path)
    for i in claim.path:
        for a, b in _cues_on(ix, ix.doc[i], _report_adjunct, on_path):
            state.cues.append(ContextCue(a, b, "reported"))
            return


# ---------------------------------------------------------------------------- frames
def _aside(clause: Token) -> bool:
    """A non-restrictive relative clause on a name or noun: set off by a comma and opened by
    "which" or "who" ("baclofen, which is an opiate, ...")."""
    return clause.dep_ == "relcl" and clause.left_edge.i > 0 and \
        clause.doc[clause.left_edge.i - 1].text == "," and clause.left_edge.lower_ in ("which", "who")


def _authors_aside(clause: Token) -> bool:
    """A non-restrictive relative clause in which the author speaks of themselves ("People think
    X is C, which drives me nuts because it's D"): what it and its clauses say is the author's,
    not part of the report it hangs on."""
    return _aside(clause) and any(c.dep_ in ("nsubj", "dobj", "dative", "iobj") and c.lower_ in ("i", "me", "we", "us")
                                  for c in clause.children)


def _frames(ix: ContextIndex, claim: Claim, state: _State) -> None:
    """Climb from the claim's clause through every clause or phrase that embeds it."""
    doc, lexicon = ix.doc, ix.lexicon
    cur = doc[claim.predicate]
    sent = ix.sent(cur.i)
    aside = False  # past a non-restrictive relative clause: the author's own aside
    for _ in range(12):
        if not aside:
            # "If your mom is on baclofen, which is an opiate, ...": the condition does not
            # reach the aside on its noun
            for child in cur.children:
                if child.dep_ == "mark":
                    mark = _clause_mark(ix, child)
                    if mark is not None:
                        _apply_mark(child, cur, lexicon.effect(mark.category), state)
            _inverted_conditional(ix, cur, state)
        aside = aside or _aside(cur)
        if cur.dep_ == "ROOT" or cur.head.i == cur.i or cur.dep_ not in _EMBEDDING or _authors_aside(cur):
            break
        parent = cur.head
        if cur.dep_ != "conj":  # a coordinate clause is not embedded in its first conjunct
            flips, cues = state.flips, len(state.cues)
            # a governor on the claim's own path ("X doesn't seem(path) to be C": the subject
            # is its) had its negation counted with the path's
            _governor(ix, parent, cur, state, counted=parent.i in claim.path)
            if state.flips != flips and _reason_clause(ix, cur):
                # "I doubt it, since it works on GABA-B": what denies the main clause does not
                # deny the reason given for it
                state.flips = flips
                state.cues[cues:] = [c for c in state.cues[cues:] if c.category not in ("negation", "debunk", "belief")]
        cur = parent
    first = ix.sentence(sent).first_word
    if first is not None and first.dep_ == "punct" and first.i + 1 < sent.end and \
            not ix.starting_as(first.i, "sentence_start"):
        first = first.doc[first.i + 1]  # after a chat tag the parse reads as punctuation ("Lol imagine ...")
    if first is not None and not ix.starting_as(first.i, "sentence_start"):
        said = after_label([t for t in sent if not t.is_space])
        if said and said[0].i > first.i:
            first = said[0]  # after a label: "Quiz Q7: True or false — X", "Me: imagine thinking X"
    if first is not None and first.i < claim.subject.start:
        for k, _s, e in ix.starting_as(first.i, "sentence_start"):
            rule, effect = ix.rules[k], lexicon.rule_effect(k)
            already = ContextCue(first.i, first.i + 1, "debunk") in state.cues
            state.cue(first, rule.category, e)
            if effect.flips:  # "Myth: X" (unless the parse already made X its clause)
                state.flips += not already
            else:  # "Claim: X" is under review; "Imagine X"; "True or false: X"
                state.assert_as(effect.assertion)
    _subjunctive(doc, claim, state)
    _consequent(ix, doc[claim.predicate], state)
    _adjacent_report(ix, claim, state)
    _postposed_report(ix, claim, state)


def _open_alternatives(ix: ContextIndex, claim: Claim, state: _State) -> None:
    """A hedged claim set beside its opposite in the same sentence leaves the question open:
    "Maybe X doesn't cause dependence, maybe it does", "Perhaps X is C, perhaps not"."""
    if state.assertion != "hedged":
        return
    doc = ix.doc
    sent = ix.sent(claim.predicate)
    words = [t for t in doc[max(claim.subject.end, claim.object.end):sent.end] if not (t.is_space or t.is_punct)]
    for k, t in enumerate(words[:-1]):
        if t.lower_ in _ALTERNATIVE_HEDGES and (words[k + 1].lower_ == "not" or (
                words[k + 1].lower_ in ("it", "that", "they") and k + 2 < len(words) and
                words[k + 2].lemma_.lower() in ("be", "do", "have", "can", "will", "would") and
                not any(c.dep_ in ("attr", "acomp", "dobj", "xcomp", "ccomp") for c in words[k + 2].children))):
            state.cue(t, "question")
            state.assertion = "questioned"
            return


_ALTERNATIVE_HEDGES = frozenset({"maybe", "perhaps", "possibly"})


def _reason_clause(ix: ContextIndex, clause: Token) -> bool:
    """An adverbial clause that gives a reason, as known ("since X", "because X")."""
    return clause.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ix.lexicon.presupposing_marks
                                          for c in clause.children)


def _clause_mark(ix: ContextIndex, tok: Token) -> CueRule | None:
    """The clause-mark cue ending at ``tok`` (the last in lexicon order), if any."""
    found = ix.ending_as(tok.i, "clause_mark")
    return ix.rules[found[-1][0]] if found else None


def _adjacent_report(ix: ContextIndex, claim: Claim, state: _State) -> None:
    """A reporting verb right before the claim's subject (or its "that") that the parser did
    not make the claim's governor: "a video claims(noun) baclofen is an opioid", "a video going
    round claiming baclofen(dobj) is an opioid". The claim is then reported speech."""
    doc = ix.doc
    i = claim.subject.start - 1
    if i >= 0 and doc[i].lower_ == "that":
        i -= 1
    if i > 0 and doc[i].pos_ == "PRON" and doc[i].dep_ in ("dobj", "dative") and doc[i].head.i == i - 1:
        i -= 1  # the one told: "if someone has told you X is C"
    if i < 0 or any(c.category == "reported" for c in state.cues):
        return
    tok = doc[i]
    if tok.pos_ in ("VERB", "NOUN") and ix.sent(i).start == ix.sent(claim.predicate).start and any(
            r.category == "reported" for r in ix.governors(tok)):
        state.cue(tok, "reported")
        for child in tok.children:  # the report is itself a condition: "if someone has told you X, ..."
            if child.dep_ == "mark" and (mark := _clause_mark(ix, child)) is not None:
                _apply_mark(child, tok, ix.lexicon.effect(mark.category), state)


def _postposed_report(ix: ContextIndex, claim: Claim, state: _State) -> None:
    """A report named after the claim with "or so", which distances the author from it:
    "Baclofen is an opiate, or so the guy at the gym claimed" (the author's own belief given up
    the same way, "or so I thought", is a self-retraction). The claim counts as reported."""
    doc = ix.doc
    sent = ix.sent(claim.predicate)
    end = max(claim.object.end, claim.subject.end)
    for i in range(end, sent.end - 2):
        if doc[i].lower_ == "or" and doc[i + 1].lower_ == "so":
            for tok in doc[i + 2:min(i + 9, sent.end)]:
                if tok.pos_ == "VERB" and any(r.category in ("reported", "belief") for r in ix.governors(tok)):
                    state.cue(tok, "reported")
                    state.assert_as("reported")
                    return
            return


def _inverted_conditional(ix: ContextIndex, clause: Token, state: _State) -> None:
    """"had baclofen been an opiate, …", "were it an opioid, …": a clause that opens with an
    auxiliary (or is itself the auxiliary) before its subject is a condition when it is
    adverbial, or when a conditional modal follows it in the sentence (the parser often makes
    the main clause its complement: "had X been Y my test would've been positive")."""
    first = clause.doc[clause.left_edge.i]
    subj = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or first.i >= subj.i or not (first.i == clause.i or first.head.i == clause.i):
        return
    if not ix.starting_as(first.i, "inverted_condition"):
        return
    modal_after = any(t.lower_ in _CONDITIONAL_MODALS for t in ix.sent(clause.i) if t.i > subj.i)
    if clause.dep_ == "advcl" or modal_after:
        state.cue(first, "hypothetical")
        state.assert_as("hypothetical")


def _consequent(ix: ContextIndex, clause: Token, state: _State) -> None:
    """The consequent of a conditional: the claim's own clause has a conditional modal and an
    "if" / "unless" clause or an inverted condition attached to it ("if baclofen were an
    opioid, it would be Schedule II"; "had X been C, it would ...")."""
    if not any(c.dep_ == "aux" and c.lower_ in _CONDITIONAL_MODALS for c in clause.children):
        return
    conditions = [c for c in clause.children if c.dep_ == "advcl"]
    for cond in conditions:
        mark = next((m for m in cond.children if m.dep_ == "mark" and (r := _clause_mark(ix, m)) is not None
                     and ix.lexicon.effect(r.category).assertion == "hypothetical"), None)
        inverted = bool(ix.starting_as(cond.left_edge.i, "inverted_condition"))
        if mark is not None or inverted:
            modal = next(c for c in clause.children if c.dep_ == "aux" and c.lower_ in _CONDITIONAL_MODALS)
            state.cue(modal, "hypothetical")
            state.assert_as("hypothetical")
            return


_CONDITIONAL_MODALS = frozenset({"would", "could", "might", "'d", "wouldve", "would've", "couldve", "could've"})


def _apply_mark(mark: Token, clause: Token, effect: CategoryEffect, state: _State) -> None:
    """"if"/"unless" on an adverbial clause: hypothetical; "if"/"whether" on a complement
    clause ("tell me if", "I wonder whether") or a subject clause ("Whether X is C is something
    I need to ask"): an embedded question."""
    if effect.assertion == "hypothetical" and clause.dep_ == "advcl":
        state.cue(mark, "hypothetical")
        state.assert_as("hypothetical")
    elif effect.assertion in ("questioned", "hypothetical") and \
            clause.dep_ in ("ccomp", "xcomp", "pcomp", "pobj", "dobj", "csubj", "csubjpass"):
        state.cue(mark, "question")
        state.assert_as("questioned")


def _content_clause(gov: Token, via: Token) -> bool:
    """``via`` is the content of ``gov`` ("no way (that) X", "wrong to call X C", an adjective
    after a copula: "I was scared (that) X"), not a relative clause."""
    # (a clause before a bare judgement it hangs on: "X claimed Y — false.")
    return via.dep_ == "acl" or (via.dep_ == "xcomp" and gov.pos_ == "ADJ") or \
        (via.dep_ == "ccomp" and gov.pos_ == "ADJ" and via.i < gov.i and gov.dep_ == "ROOT") or \
        (via.dep_ == "ccomp" and gov.pos_ == "ADJ" and via.i > gov.i and gov.dep_ == "acomp") or \
        (via.dep_ == "relcl" and not any(
        c.lower_ in ("which", "that", "who") and c.dep_ in ("nsubj", "dobj") for c in via.children))


def _flip(effect: CategoryEffect, negated: bool) -> bool:
    """Whether a cue of this effect flips the claim, its word negated or not."""
    return effect.flips != (negated and effect.negation == "inverts")


def _governor(ix: ContextIndex, gov: Token, via: Token, state: _State, counted: bool = False) -> None:
    """What a governing word does to the clause ``via`` that it embeds: the effect of its
    category (``categories`` in ``models/context.yaml``), through the category's frame.
    ``counted``: the word's own negation was counted already (it is on the claim's path)."""
    negated = _negated(gov) and not counted
    nominal = gov.pos_ in ("NOUN", "PROPN", "ADJ")
    if _consequence_over(gov, via):
        return
    if _is_copula(gov):
        # "it is false / not true that X": the copula's predicate judges its clausal complement
        if via.dep_ == "ccomp" and _own_doubt(gov):
            # "X is C, (I) could be wrong": the author allows for being wrong; the claim is hedged
            state.cue(next(c for c in gov.children if c.lower_ in _ERROR_WORDS), "hedge")
            state.assert_as("hedged")
            return
        if via.dep_ == "ccomp" and via.i < gov.i and _sayers_of_the_contrary(ix, gov):
            # "X is C — anyone who says otherwise is mistaken": what is judged is the contrary
            return
        if via.dep_ == "ccomp" and negated and via.i > gov.i and _not_that(gov, via):
            # "it's not that X is C (— it's that ...)": the clause is denied
            state.cue(next(c for c in gov.children if c.dep_ == "neg"), "negation")
            state.flips += 1
            return
        if via.dep_ in ("ccomp", "csubj", "xcomp"):  # "it is false that X", "it would be wrong to call X C"
            for judge in gov.children:
                if judge.dep_ in ("attr", "acomp"):
                    _judgement(ix, judge, negated, state)
        if via.dep_ == "ccomp" and via.i > gov.i:
            _subject_of_a_content_copula(ix, gov, negated, state)
        return
    subject = _subject_kind(gov)
    for rule, effect in ix.effects(gov):
        if effect.nominal != nominal:
            continue
        if rule.subject != "any" and rule.subject != subject:
            continue
        if effect.nominal and not _content_clause(gov, via):
            return
        if effect.frame == "judgement":
            # "the myth that X", "it is a myth that X", "the fact that X"
            copula_negated = gov.dep_ in ("attr", "acomp") and _negated(gov.head)
            _judgement(ix, gov, negated or copula_negated, state)
            return
        if effect.frame == "content":
            # "the claim that X is wrong": judged by the copula it is the subject of;
            # "I heard the claim that X": suspended
            head = gov.head
            judges = [j for j in head.children if j.dep_ in ("attr", "acomp")] \
                if gov.dep_ in ("nsubj", "nsubjpass") and _is_copula(head) else []
            if any(_judgement(ix, j, _negated(head), state) for j in judges):
                return
            if gov.dep_ in ("nsubjpass", "dobj", "nsubj") and any(
                    e.frame == "rejecting" for _r, e in ix.effects(head)):
                state.cue(head, "debunk")  # "the report that X was retracted"
                state.flips += not _negated(head)
                return
            state.cue(gov, "reported")
            state.assert_as(effect.assertion)
            return
        if effect.frame == "rejecting":  # "stop calling X a C", "the FDA denied that X"
            # "nobody could deny that X", "hard to deny that X": the rejection is denied
            negated = negated or any(c.dep_ == "nsubj" and _negative_subject(c) for c in gov.children) or \
                (gov.dep_ == "xcomp" and (gov.head.lower_ in ix.lexicon.litotes_heads or any(
                    c.dep_ == "acomp" and c.lower_ in ix.lexicon.litotes_heads for c in gov.head.children)))
            # the rejecting verb comes first ("X is C, stop expecting it to ..." is no rejection
            # of X is C, whatever the parse says)
            if _verdict_heading(ix, gov, via):
                return  # "Coverage denied: X ...": what is denied is the subject; X gives the reason
            if via.dep_ in ("ccomp", "xcomp", "pcomp") and gov.i < via.left_edge.i:  # (a rejected noun: at the noun)
                state.cue(gov, effect.cue or rule.category)
                state.flips += _flip(effect, negated)
            return
        if not nominal and via.dep_ in ("nsubj", "nsubjpass") and effect.frame in ("report", "plain"):
            # the claim is said of the verb's subject, not in what the verb embeds: "X, Y, Z —
            # three opioids in one cabinet, and my dad wonders(ROOT) why I worry"
            return
        if effect.frame == "report":
            _reporting(ix, gov, effect, negated, subject, state)
            return
        # plain: "I doubt X" (hedged, denied unless negated), "seems to be" (hedged), "wonder",
        # "imagine"
        state.cue(gov, effect.cue or rule.category)
        state.assert_as(effect.assertion)
        state.flips += _flip(effect, negated)
        return


def _verdict_heading(ix: ContextIndex, gov: Token, via: Token) -> bool:
    """A verb of rejection said of its own noun subject before a colon, the clause after the
    colon giving the grounds: "Coverage denied: X is ...", "Appeal rejected: ...". What the verb
    rejects is its subject, not the clause, unless the subject names a content ("Claim
    rejected: X", a noun of the lexicon's content or judgement frames)."""
    return gov.i < via.left_edge.i and any(t.text == ":" for t in gov.doc[gov.i + 1:via.left_edge.i]) and \
        any(c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN") and not any(
            e.frame in ("content", "judgement") for _r, e in ix.effects(c)) for c in gov.children)


def _consequence_over(gov: Token, via: Token) -> bool:
    """A clause the parser hung under a verb that follows it as its consequence ("It's a benzo,
    so I'm not supposed(ROOT) to drink on it"): a "so" (or "therefore") between the two says the
    later clause follows from the claim, and its verb does not embed it."""
    # (a verb with no complement of its own still takes the claim: "X is C, so they say")
    return via.i < gov.i and any(c.lower_ in _CONSEQUENCE_WORDS and via.right_edge.i < c.i < gov.i
                                 for c in gov.children) and \
        any(c.dep_ in ("xcomp", "dobj", "ccomp", "acomp", "attr") and c.i > gov.i for c in gov.children)


_CONSEQUENCE_WORDS = frozenset({"so", "therefore", "thus", "hence"})


def _own_doubt(cop: Token) -> bool:
    """A copula that says the author may be wrong: a modal of possibility, the author or no one as
    its subject, a word of error as its complement ("could be wrong", "I may be mistaken")."""
    children = list(cop.children)
    return any(c.dep_ == "aux" and c.lower_ in ("could", "might", "may", "can") for c in children) and \
        all(c.lower_ in ("i", "we") for c in children if c.dep_ in ("nsubj", "expl")) and \
        any(c.dep_ in ("acomp", "attr") and c.lower_ in _ERROR_WORDS for c in children) and not _negated(cop)


# what an author who allows for error calls themselves: "I could be wrong", "might be mistaken"
_ERROR_WORDS = frozenset({"wrong", "mistaken", "off", "confused", "misremembering", "incorrect"})


def _reporting(ix: ContextIndex, gov: Token, effect: CategoryEffect, negated: bool, subject: str,
               state: _State) -> None:
    """Reporting and belief verbs: "my doctor said X" (asserted, by the author's account),
    "I think X" (hedged), "people wrongly believe X" / "I don't think X" / "don't believe anyone
    who says X" (the author denies X), "people assume X, but …" (rejected: reported)."""
    subj = next((c for c in gov.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None and any(c.dep_ == "ccomp" and c.i < gov.i for c in gov.children):
        # a quotation before its verb, the speaker after it ('"X is C" - said no pharmacologist
        # ever'): the parser reads the inverted speaker as the object
        subj = next((c for c in gov.children if c.dep_ == "dobj" and c.i > gov.i), None)
    if subj is not None and _negative_subject(subj):
        if gov.lemma_.lower() in ix.lexicon.telling_verbs:
            return  # "nobody tells you X", "no one warns you that X": X is taken as known
        state.cue(subj, "debunk")  # "no evidence suggests X", "said no pharmacist ever"
        state.flips += 1
        return
    if _generic_sayer(ix, gov, subj):
        # "whoever wrote that X ...", "people who say X ...": a report that is no one's in
        # particular, inside a noun phrase the sentence says something else about
        state.cue(gov, "reported")
        state.assert_as("reported")
        return
    rejecting = _cues_on(ix, gov, _rejecting_adverb, set())
    if rejecting:
        state.cues.append(ContextCue(rejecting[0][0], rejecting[0][1], "debunk"))
        state.flips += 1
        return
    if _judged_by_conjunct(ix, gov, state) or _judged_by_its_head(ix, gov, negated, state) or \
            _corrected_in_sentence(ix, gov, state):
        return
    # (a dissent whose verb governs the report, "Although my doctor says X, I doubt it", is read
    # as that governor, once)
    if subject != "first_person" and (dissent := _dissent_after(ix, gov)) is not None and \
            not (dissent.head.is_ancestor(gov) and ix.effects(dissent.head)):
        state.cue(dissent, "debunk")  # "my PT seems to think X; I don't."
        state.flips += 1
        return
    if negated:
        neg = next(c for c in gov.children if c.dep_ == "neg")
        if effect.negation_raising:  # "I don't think X" denies X
            state.cue(neg, "negation")
            state.cue(gov, "belief")
            state.flips += 1
        else:  # "my doctor didn't say X": neither asserted nor denied
            state.cue(gov, "reported")
            state.assert_as("reported")
        return
    if subject != "first_person" and (_rejected_by_contrast(gov) or _contrasted_next(ix, gov)
                                      or _contrasted_after(ix, gov) or _conceded(ix, gov)):
        state.cue(gov, "reported")  # "many people assume X, but it is a muscle relaxant"
        state.assert_as("reported")
        return
    past = gov.tag_ == "VBD" or (gov.tag_ == "VBN" and any(  # "I'd assumed X", "I had thought X"
        c.dep_ == "aux" and c.lower_ in ("had", "'d", "d") for c in gov.children))
    if effect.given_up != "asserted" and ((subject == "first_person" and past) or (
            gov.dep_ == "xcomp" and gov.head.lemma_.lower() == "use" and _subject_kind(gov.head) == "first_person")):
        # a belief given up: "I thought X", "I used to think X" (the author no longer holds it)
        state.cue(gov, _CUE_OF[effect.given_up])
        state.assert_as(effect.given_up)
        return
    if effect.first_person != "asserted" and subject in ("first_person", "none"):
        state.cue(gov, _CUE_OF[effect.first_person])
        state.assert_as(effect.first_person)
        return
    state.cue(gov, "reported")  # attributed without a rejecting cue: counts as asserted


def _sayers_of_the_contrary(ix: ContextIndex, cop: Token) -> bool:
    """A linking verb whose subject is those who say the contrary: "anyone who says otherwise",
    "people who claim the opposite" (a relative clause on the subject holding a word of
    ``contrary_words``); or whose judgement is of saying the contrary: "the nurse was wrong to
    say otherwise" (a clause on the judgement holding such a word)."""
    contrary = ix.lexicon.contrary_words
    return any(s.dep_ in ("nsubj", "nsubjpass") and any(
        r.dep_ == "relcl" and any(t.lower_ in contrary for t in r.subtree) for r in s.children)
        for s in cop.children) or any(
        j.dep_ in ("acomp", "attr") and any(
            r.dep_ in ("xcomp", "ccomp", "advcl") and any(t.lower_ in contrary for t in r.subtree) for r in j.children)
        for j in cop.children)


def _not_that(cop: Token, clause: Token) -> bool:
    """"it's not that X": a negated linking verb with "it" (or nothing) as its subject and no
    complement of its own, over a clause opened by "that"."""
    return not any(c.dep_ in ("attr", "acomp") for c in cop.children) and \
        all(c.lower_ in ("it", "this") for c in cop.children if c.dep_ in ("nsubj", "expl")) and \
        any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)


def _negative_subject(subj: Token) -> bool:
    """"nobody", "none", "no one", "no pharmacist"."""
    return subj.lower_ in ("nobody", "none", "noone", "no-one") or _negated(subj) or \
        (subj.lower_ == "one" and any(c.lower_ == "no" for c in subj.children))


def _generic_sayer(ix: ContextIndex, gov: Token, subj: Token | None) -> bool:
    """A reporting verb whose subject is a free relative ("whoever wrote that X") or that is a
    relative clause on a generic sayer that is the subject of its sentence ("anyone who says X
    is ...", "people who claim X have ..."; as an object, the verb over it decides: "don't
    believe anyone who says X")."""
    sayers = ix.lexicon.generic_sayers
    if subj is not None and subj.lower_ in sayers and subj.lower_.startswith("who"):
        return True
    return gov.dep_ == "relcl" and gov.head.lower_ in sayers and gov.head.dep_ in ("nsubj", "nsubjpass") and \
        subj is not None and subj.lower_ in ("who", "that")


_CUE_OF = {"hedged": "hedge", "reported": "reported", "hypothetical": "hypothetical", "questioned": "question",
           "asserted": "reported"}


def _subject_of_a_content_copula(ix: ContextIndex, gov: Token, negated: bool, state: _State) -> None:
    """"The myth is that X", "One of the more persistent myths is that X" (the noun judges the
    clause, as in "the myth that X"); "The claim is that X", "My impression was that X" (a
    content noun: reported)."""
    nouns = [c for c in gov.children if c.dep_ in ("nsubj", "nsubjpass")]
    # "one of the myths", "some of the rumors"
    nouns += [q for n in nouns for p in n.children if p.dep_ == "prep" and p.lower_ == "of"
              for q in p.children if q.dep_ == "pobj"]
    for noun in nouns:
        if _judgement(ix, noun, negated, state):
            return
    for noun in nouns:
        for _rule, effect in ix.effects(noun):
            if effect.frame == "content" and effect.nominal:
                state.cue(noun, "reported")
                state.assert_as(effect.assertion)
                return


def _judgement(ix: ContextIndex, judge: Token, negated: bool, state: _State) -> bool:
    """A truth judgement on a clause: "myth", "false" flip it unless negated; "true", "fact" flip
    it only when negated ("it is not true that X"). Returns whether ``judge`` is one."""
    for rule, effect in ix.effects(judge):
        if effect.frame == "judgement":
            if effect.flips or negated:
                state.cue(judge, effect.cue or rule.category)
                state.flips += _flip(effect, negated)
            return True
    if judge.lemma_.lower() in ix.lexicon.partitive_heads:  # "a load of nonsense", "a pack of lies"
        return any(_judgement(ix, q, negated, state) for p in judge.children
                   if p.dep_ == "prep" and p.lower_ == "of" for q in p.children if q.dep_ == "pobj")
    return False


def _is_copula(tok: Token) -> bool:
    return tok.lemma_.lower() == "be"


def _negated(tok: Token) -> bool:
    """A "not" on a word, or "no" on a noun ("no evidence that …")."""
    return any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ in ("no", "zero")) for c in tok.children)


_RAISING = ("seem", "appear", "tend", "happen", "keep", "continue", "start", "begin")


def _subject_kind(verb: Token) -> str:
    """Who says or believes: "first_person", "other", or "none" (an imperative). A coordinated
    verb without a subject of its own shares its head's ("people get confused and think …"), and
    so does the complement of a raising verb ("my PT seems to think …")."""
    while True:
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subjects and verb.dep_ == "conj" and verb.tag_ == "VB" and verb.head.tag_ in ("VBZ", "VBD") \
                and not any(c.dep_ == "aux" for c in verb.children):
            return "none"  # "baclofen is NOT an opioid, stop saying it is": a bare verb cannot share "is"'s subject
        if subjects or verb.head.i == verb.i or not (
                verb.dep_ == "conj" or (verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _RAISING)):
            break
        verb = verb.head
    if not subjects:
        return "none"
    if subjects[0].dep_ == "nsubjpass":  # "I was told X": someone else said it
        return "other"
    return "first_person" if subjects[0].lower_ in FIRST_PERSON else "other"


def _judged_by_conjunct(ix: ContextIndex, gov: Token, state: _State) -> bool:
    """A report judged by a clause coordinated with it: "people keep saying X, and that is
    completely false" (see :func:`_judging_clause`)."""
    for verb in (gov, gov.head) if gov.dep_ in ("conj", "xcomp") else (gov,):
        for conj in verb.children:
            if conj.dep_ == "conj" and conj.i > gov.i and _judging_clause(ix, conj, state):
                return True
    return False


def _judged_by_its_head(ix: ContextIndex, gov: Token, negated: bool, state: _State) -> bool:
    """A report in an adverbial clause of a judging copula: "I was wrong (in my last post) when
    I said X", "My sister was mistaken when she told me X" (the one who said it was wrong); a
    report on the subject of one: "Reviewers saying X are clueless"."""
    head = gov.head
    if gov.dep_ in ("acl", "relcl") and head.dep_ in ("nsubj", "nsubjpass") and _is_copula(head.head) and not negated:
        # the sayers judged: "Reviewers saying X are clueless", "Posts claiming X are wrong"
        return any(_judgement(ix, j, _negated(head.head), state) for j in head.head.children if j.dep_ in ("acomp", "attr"))
    return gov.dep_ == "advcl" and head.i != gov.i and _is_copula(head) and not negated and any(
        _judgement(ix, j, _negated(head), state) for j in head.children if j.dep_ in ("acomp", "attr"))


def _corrected_in_sentence(ix: ContextIndex, gov: Token, state: _State) -> bool:
    """A report corrected by a later clause of its own sentence, whose verb (``correcting_verbs``)
    takes the one who said it or a pronoun for it as its object: "The board member claimed X;
    the nurse corrected him", "He said X, and the pharmacist corrected him" (the parser hangs
    the first clause on the second, or coordinates them), "She corrected him when he said X"."""
    clauses = [c for c in gov.children if c.dep_ == "conj" and c.i > gov.i]
    if gov.dep_ in ("ccomp", "parataxis") and gov.head.i > gov.i or gov.dep_ == "advcl":
        clauses.append(gov.head)  # (an adverbial clause: "The nurse corrected him when he said X")
    if gov.dep_ == "conj":
        clauses += [c for c in gov.head.children if c.dep_ == "conj" and c.i > gov.i]
    for verb in clauses:
        if _correcting(ix, verb) and any(
                o.dep_ == "dobj" and (o.lower_ in _CORRECTED_PRONOUNS or _sayer_again(ix, o, state))
                for o in verb.children):
            state.cue(verb, "debunk")
            state.flips += 1
            return True
    return False


def _quote_judged_by_conjunct(ix: ContextIndex, claim: Claim, state: _State) -> None:
    """A quoted claim judged by a clause coordinated with the clause over it: "'X is C' — that's
    what the meme says, and it's dangerously false" (see :func:`_judging_clause`)."""
    end = max(claim.subject.end, claim.object.end)
    cur = ix.doc[claim.predicate]
    for _ in range(4):
        if cur.head.i == cur.i:
            break
        cur = cur.head
        if any(c.dep_ == "conj" and c.i >= end and _judging_clause(ix, c, state) for c in cur.children):
            return


_JUDGED_PRONOUNS = ("that", "this", "which", "it")


def _judging_clause(ix: ContextIndex, verb: Token, state: _State) -> bool:
    """A clause that judges what was said before it: a linking verb whose subject is "that",
    "this", "which" or "it" ("that is completely false", "she's mistaken" with a person's
    pronoun for the one who said it), or a verb whose object is such a pronoun, with a
    judgement ("the teacher marked it wrong", "the FDA called that nonsense"), or a verb whose
    complement clause is such a linking verb ("it turns out that's false")."""
    if _is_copula(verb):
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if not subjects or subjects[0].lower_ not in _REFERRING_PRONOUNS:
            return False
        judges = [c for c in verb.children if c.dep_ in ("attr", "acomp")]
    else:
        if any(c.dep_ == "ccomp" and _is_copula(c) and _judging_clause(ix, c, state) for c in verb.children):
            return True  # "(but) it turns out that's false"
        if not any(c.dep_ == "dobj" and c.lower_ in _JUDGED_PRONOUNS for c in verb.children):
            return False
        judges = [c for c in verb.children if c.dep_ in ("oprd", "acomp", "xcomp", "advmod", "attr", "ccomp")]
    return any(_judgement(ix, j, _negated(verb), state) for j in judges)


def _contrasted_next(ix: ContextIndex, gov: Token) -> bool:
    """"Many assume X. In fact, it is D.": the next sentence of the paragraph opens with a
    contrast (``contrast_openers``) and names or refers to a drug or class."""
    sent = ix.sent(gov.i)
    nxt = ix.next_word(sent)
    if nxt is None or _paragraph_break(sent, nxt) or not ix.lexicon.contrast_openers:
        return False
    following = ix.sent(nxt.i)
    if phrase_at(ix.opening(following)[:3], ix.lexicon.contrast_openers) is None:
        return False
    return any(following.start <= m.start < following.end for m in ix.mentions()) or any(
        t.lower_ in ("it", "its", "they") for t in following)


def _dissent_after(ix: ContextIndex, gov: Token) -> Token | None:
    """The first word of the author's bare dissent after the reported clause, in the same
    sentence: "My PT seems to think X; I don't.", "They say X, but I don't buy it." (a phrase of
    ``dissents`` and nothing after it but punctuation)."""
    reported = [c for c in gov.children if c.dep_ in ("ccomp", "xcomp") and c.i > gov.i]
    if not reported or not ix.lexicon.dissents:
        return None
    sent = ix.sent(gov.i)
    words = [t for t in sent if t.i > reported[-1].right_edge.i and not t.is_space]
    while words and (words[0].is_punct or words[0].dep_ == "cc"):
        words = words[1:]
    return _dissent(ix, words)


def _dissent(ix: ContextIndex, words: list[Token]) -> Token | None:
    """The first of ``words`` when they are a dissent of ``dissents`` ("I disagree", "I don't",
    "not buying it") and nothing else but punctuation."""
    found = phrase_at(words, ix.lexicon.dissents)
    if found is None or not all(t.is_punct for t in words[found[1]:]):
        return _persuading_otherwise(words)
    return words[0]


# verbs of persuading that, with "otherwise" and the author as their subject, dissent from the
# report before: "She thinks X, and I can't convince her otherwise", "I tried to tell him otherwise"
_PERSUADING = frozenset({"convince", "persuade", "tell", "show"})


def _persuading_otherwise(words: list[Token]) -> Token | None:
    for t in words:
        if t.lower_ != "otherwise" or t.head.lemma_.lower() not in _PERSUADING:
            continue
        verb = t.head
        while not any(c.dep_ == "nsubj" for c in verb.children) and verb.dep_ in ("xcomp", "ccomp") and verb.head != verb:
            verb = verb.head  # "I tried to tell him otherwise"
        if any(c.dep_ == "nsubj" and c.lower_ in ("i", "we") for c in verb.children):
            return words[0]
    return None


def _contrasted_after(ix: ContextIndex, gov: Token) -> bool:
    """"Folks think X is C; it's actually D.", "Most people think X is C, it is in fact D.": a
    clause after the reported one, in the same sentence, whose verb has a subject and carries a
    contrast (``contrast_openers`` such as "actually", "in fact", "in reality") as its modifier."""
    reported = next((c for c in gov.children if c.dep_ in ("ccomp", "xcomp")), None)
    if reported is None:
        return False
    sent = ix.sent(gov.i)
    for t in _contrast_modifiers(ix, [t for t in sent if t.i > reported.right_edge.i]):
        verb = t.head
        if verb.pos_ in ("AUX", "VERB") and verb.i > reported.right_edge.i and \
                any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
            # it states something else about a drug or class: "it's actually an antispastic"
            # ("... and it actually helps a lot" sets nothing against the report)
            after = range(reported.right_edge.i + 1, verb.right_edge.i + 1)
            return any(verb.i in (m.root.head.i, m.root.head.head.i) for m in ix.mentions() if m.start in after)
    return False


def _contrast_modifiers(ix: ContextIndex, words: list[Token]) -> Iterator[Token]:
    """The words among ``words`` that open a contrast (``contrast_openers``: "actually", "in
    fact") as a modifier of their head, in order."""
    for k, t in enumerate(words):
        if t.dep_ in ("advmod", "prep") and phrase_at(words, ix.lexicon.contrast_openers, (k,)) is not None:
            yield t


def _conceded(ix: ContextIndex, gov: Token) -> bool:
    """A report in a concessive clause after a negated main clause, which it concedes: "It's not
    an opioid, though people assume it is", "X isn't C, although my doctor says it is"
    (``concessive_marks``; "even though" is marked by its "though")."""
    if gov.dep_ != "advcl" or gov.head.i > gov.i or not _negated(gov.head):
        return False
    return any(c.dep_ == "mark" and c.lower_ in ix.lexicon.concessive_marks for c in gov.children)


def _rejected_by_contrast(gov: Token) -> bool:
    """"people assume X, but it is a muscle relaxant": a "but" clause coordinated with the
    reporting verb (or with the verb it is itself coordinated with)."""
    doc = gov.doc
    for verb in (gov, gov.head) if gov.dep_ in ("conj", "xcomp") else (gov,):
        for conj in verb.children:
            # the "but" hangs on the verb, or on the reported clause before the conjunct ("I was
            # told X, but ... I know it isn't")
            if conj.dep_ == "conj" and conj.i > gov.i and \
                    any(t.dep_ == "cc" and t.lower_ == "but" for t in doc[gov.i:conj.i]):
                return True
    return False


def _subjunctive(doc: Doc, claim: Claim, state: _State) -> None:
    """"baclofen were an opioid": "were" with a singular subject is counterfactual (not with
    coordinated subjects: "Among the narcotics were morphine, baclofen and hydromorphone")."""
    pred = doc[claim.predicate]
    root = claim.subject.root
    if pred.lower_ == "were" and root.tag_ in ("NN", "NNP") and root.lower_ not in ("you", "we", "they") and \
            root.dep_ != "conj" and not any(c.dep_ == "conj" for c in root.children):
        state.cue(pred, "hypothetical")
        state.assert_as("hypothetical")


# ---------------------------------------------------------------------------- questions
def _suggestion(ix: ContextIndex, sent: Span, claim: Claim) -> bool:
    """A statement in the order of one, opened by a word of ``suggesting_openers`` right before
    the claim's subject, that ends with a question mark: "Maybe fentanyl is a muscle relaxant
    too?" puts a guess forward (its hedge is read as one) rather than asking."""
    words = [t for t in sent if not (t.is_space or t.is_punct)]
    return len(words) > 2 and words[0].lower_ in ix.lexicon.suggesting_openers and \
        words[1].i == claim.subject.start and claim.subject.start < claim.predicate <= claim.object.start


def _closing_tag_after(ix: ContextIndex, sent: Span) -> list[tuple[int, Token | None]]:
    """A marker closing a sentence written as a sentence of its own right after it, on the same
    line ("X is C, that's why .... /s"): the sarcasm tag closes the sentence before. (Not a
    question mark: a bare "?" after a statement is puzzlement, not a question of it.)"""
    nxt = ix.next_word(sent)
    if nxt is None or ix.line(nxt.i) is not ix.line(sent.end - 1):
        return []
    words = [t for t in ix.sent(nxt.i) if not t.is_space]
    if not words:
        return []
    return [(k, words[0]) for k, s, _e in ix.ending_as(words[-1].i, "sentence_end")
            if s == words[0].i and ix.lexicon.rule_effect(k).assertion != "questioned"]


def _questions(ix: ContextIndex, claim: Claim, state: _State) -> None:
    """A direct question: the sentence ends with "?", or its clause opens with an inverted
    auxiliary before the subject ("is baclofen an opioid", with no punctuation). Also the other
    cues ending the sentence ("baclofen is an opioid /s")."""
    doc, lexicon = ix.doc, ix.lexicon
    pred = doc[claim.predicate]
    sent = ix.sent(pred.i)
    facts = ix.sentence(sent)
    tail = facts.tail  # the closing run of punctuation: "?", "??", "?!", "? !"
    # an inverted auxiliary may follow an interjection or discourse word: "wait, is X a C"
    first = ix.opener(sent)
    if first is not None and any(c.lower_ in lexicon.ellipsis_markers and c.i < first.i for c in first.children) \
            and not any(c.dep_ in ("attr", "acomp", "dobj", "xcomp", "oprd") and c.i != claim.subject.root.i
                        for c in first.children):
        first = None  # "So is baclofen.", "Neither is X.": an ellipsis (no complement), not a question
    ends: list[tuple[int, Token | None]] = []  # (rule, the sentence's last word or None for its closing run)
    in_tail = {t.i for t in tail}
    for t in tail:
        ends += [(k, None) for k, s, e in ix.ending_as(t.i, "sentence_end") if all(j in in_tail for j in range(s, e))]
    last = facts.last
    if last is not None and last.i > claim.object.start:
        ends += [(k, last) for k, _s, _e in ix.ending_as(last.i, "sentence_end")]
    ends += _closing_tag_after(ix, sent)
    opening_at = next((t.i for t in sent if not (t.is_space or t.is_punct)), sent.start)
    inversions = [k for k, _s, _e in ix.starting_as(first.i, "inversion")] if first is not None else []
    given = _presupposed(ix, pred)
    premise = _premise_of_question(ix, claim, first, tail) if ends else None
    for k in sorted({k for k, _ in ends} | set(inversions)):
        rule, effect = ix.rules[k], lexicon.rule_effect(k)
        if rule.direction == "sentence_end":
            if effect.requires is not None and state.assertion != effect.requires:
                continue
            if given and effect.assertion == "questioned":
                continue  # "Since X is C, why ...?" asks about something else
            if effect.assertion == "questioned" and not inversions and _suggestion(ix, sent, claim):
                continue  # "Maybe X is C too?": a guess put forward, hedged, not asked
            if effect.flips and any(c.category == (effect.cue or rule.category) and c.token_start <= opening_at
                                    for c in state.cues):
                continue  # "Oh sure, X is C ... /s": one sarcasm marked twice, denied once
            if premise is not None and effect.assertion == "questioned":
                kind, tag, tag_end = premise
                if kind == "hedged":  # "X is C, right?"
                    state.cue(tag, "hedge", tag_end)
                    state.assert_as("hedged")
                    continue
                if kind == "asserted":  # "X is C, so why ...?": the question is the clause after it
                    continue
            for _k, word in [(j, w) for j, w in ends if j == k][:1]:
                if word is not None:  # a marker closing the sentence: "baclofen is an opioid /s"
                    state.cue(word, effect.cue or rule.category)
                else:
                    state.cues.append(ContextCue(tail[0].i, tail[-1].i + 1, effect.cue or rule.category))
                state.flips += effect.flips
                state.assert_as(effect.assertion)
            continue
        assert first is not None
        if ContextCue(first.i, first.i + 1, "hypothetical") not in state.cues \
                and first.pos_ == "AUX" and first.i < claim.subject.start \
                and (first.i == pred.i or first.head.i == pred.i or first.head.i == claim.subject.root.i):
            state.cue(first, effect.cue or rule.category)
            state.assert_as(effect.assertion)
        elif first.pos_ == "AUX" and first.i < claim.subject.start and _asks_about(ix, first, pred):
            state.cue(first, effect.cue or rule.category)
            state.assert_as(effect.assertion)


_WH_TAGS = frozenset({"WRB", "WP", "WDT", "WP$"})
_CLAUSE_SEPARATORS = frozenset({",", ";", ":", "-", "--", "\u2013", "\u2014", "...", "\u2026"})
_PREMISE_LINKS = frozenset({"so", "then", "and", "but", "that", "'s", "\u2019s", "is", "thats", "otherwise", "else", "or"})


def _premise_of_question(ix: ContextIndex, claim: Claim, first: Token | None,
                         tail: Sequence[Token]) -> tuple[str, Token, int] | None:
    """What a question mark closing the sentence leaves of a declarative claim clause that a
    later clause follows, after a comma or a dash: a tag from ``question_tags`` ("X is C,
    right?": hedged; "X is C, or not?": questioned), or a clause that asks its own question
    ("X is C, so why ...?", "X is C, which is why I pay more?", "X is C, so can I ...?"): the
    claim is its premise, asserted. None when the claim's own clause asks (an inverted auxiliary
    or a wh-word before its subject) or no such clause follows."""
    doc = ix.doc
    if first is None or not tail or first.pos_ == "AUX" or first.i > claim.subject.start:
        return None
    if any(t.tag_ in _WH_TAGS for t in doc[first.i:claim.subject.start]):
        return None
    words = [t for t in doc[claim.object.end:tail[0].i] if not t.is_space]
    seps = [j for j, t in enumerate(words) if t.text in _CLAUSE_SEPARATORS]
    if not seps:
        return None
    rest = [t for t in words[seps[-1] + 1:] if not t.is_punct]
    if rest:
        found = phrase_at(rest, (*ix.lexicon.question_tags.get("hedged", ()),
                                 *ix.lexicon.question_tags.get("questioned", ())))
        if found is not None and found == (0, len(rest)):
            said = joined_text(tuple(rest))[0]
            kind = "hedged" if said in ix.lexicon.question_tags.get("hedged", ()) else "questioned"
            return kind, rest[0], rest[-1].i + 1
    for j in seps:
        clause = [t for t in words[j + 1:] if not t.is_punct]
        k = 0
        while k < min(len(clause), 3) and clause[k].lower_ in _PREMISE_LINKS and clause[k].tag_ not in _WH_TAGS:
            k += 1
        if k >= len(clause):
            continue
        head = clause[k]
        if head.tag_ in _WH_TAGS and head.lower_ != "that":
            return "asserted", head, head.i + 1
        if head.pos_ == "AUX" and k > 0 and len(clause) >= k + 3 and \
                clause[k + 1].pos_ in ("PRON", "PROPN", "NOUN", "DET"):
            return "asserted", head, head.i + 1  # "..., so can I take it with ...?"
    return None


def _presupposed(ix: ContextIndex, pred: Token) -> bool:
    """The claim's clause is an adverbial clause given as known (``presupposing_marks``: "since",
    "because"), so the question its sentence asks is about something else ("Since baclofen is an
    opioid, why isn't it locked up?")."""
    cur = ix.first_conjunct(pred)
    return cur.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ix.lexicon.presupposing_marks
                                       for c in cur.children)


def _asks(ix: ContextIndex, claim: Claim) -> bool:
    """The claim's sentence ends with a question mark."""
    words = [t for t in ix.sent(claim.predicate) if not t.is_space]
    return bool(words) and words[-1].text.endswith("?")


def _answered(ix: ContextIndex, claim: Claim, state: _State) -> None:
    """A question answered by the next sentence of its paragraph: "Is X a C? Yep, it is."
    asserts the claim, "Q: Is X a C?\nA: No." denies it (the text as a whole says what its
    answer says). The answer word opens that sentence, after a speaker's label ("A:",
    "Pharmacist:"), and stands alone: nothing but punctuation or a pronoun follows it ("No idea."
    answers nothing). A negated question ("isn't X a C? yes") is left a question; a question
    negated in the verb over it is answered by a clause ("You don't think X is C? It is."), not
    by a bare "yes" or "no"."""
    answers = ix.lexicon.answers
    doc = ix.doc
    if not answers or _negated(doc[claim.predicate]) or claim.pattern in _PRESUPPOSED_IN_A_QUESTION:
        return
    sent = ix.sent(claim.predicate)
    nxt = ix.next_word(sent)
    if nxt is None:
        return
    start = ix.turn_start(nxt)  # past a speaker's label ("A:", "Pharmacist:", "A." | "No.")
    if _paragraph_break(sent, nxt) and (start is None or start.i == nxt.i):
        return  # a reply in a paragraph of its own opens with its speaker ("OP: ...?\n\nReply (b): no")
    if start is None:
        return
    words = [t for t in ix.sent(start.i) if not t.is_space and t.i >= start.i][:6]
    if not words:
        return
    if len(words) >= 3 and words[0].lower_ in _ANSWER_PRONOUNS and words[1].pos_ == "ADV" and \
            words[1].dep_ != "neg" and words[1].lower_ not in ("not", "never"):
        words = [words[0], *words[2:]]  # "It obviously is.", "That definitely isn't."
    # the longest phrase first ("no" must not answer "no it isn't" before "it isn't" is seen)
    found = phrase_at(words, answers.get("yes", ()) + answers.get("no", ()))
    if found is None:
        return
    first, end = found
    after = words[end] if end < len(words) else None
    if after is not None and not after.is_punct and after.lower_ not in _ANSWER_FOLLOWERS:
        return
    said = joined_text(tuple(words[first:end]))[0]
    denied = said in answers.get("no", ())
    if said.split()[0] in _ANSWER_PRONOUNS:
        # a clause says what holds, whatever the question's own negation: "You don't think X is
        # C? It is." asserts it
        state.flips = int(denied)
    elif state.flips % 2:
        return  # a bare "yes" to "you don't think X?" is ambiguous: left a question
    else:
        state.flips += denied
    state.cue(words[first], "answer", words[end - 1].i + 1)
    state.assertion = "asserted"


_ANSWER_PRONOUNS = frozenset({"it", "that", "this", "he", "she", "they"})

# an example of a class named in a question ("Might X be a C like Y? Nope.") is no part of what
# the answer answers: "nope" denies X, not that Y is a C
_PRESUPPOSED_IN_A_QUESTION = frozenset({"hearst", "comparison", "example_list"})

# what may follow an answer word: "Yes, it is.", "No it's not", "nah its a benzo"
_ANSWER_FOLLOWERS = frozenset({"it", "its", "that", "this", "they", "he", "she", "i", "you", "we", "sir",
                               "man", "dude", "mate", "definitely", "absolutely", "obviously", "basically"})


def _asks_about(ix: ContextIndex, aux: Token, pred: Token) -> bool:
    """An inverted auxiliary opening a question whose clause embeds the claim's: "are you sure
    X", "do you think X", "is it true that X" (not a factive verb, which presupposes the
    claim: "did you know X")."""
    if aux.dep_ == "ROOT":
        gov = aux  # "are you sure X", "is it true that X"
    elif aux.dep_ in ("aux", "auxpass"):
        gov = aux.head  # "do you think X"
    else:
        return False
    if gov.i == pred.i or not gov.is_ancestor(pred):
        return False
    if not any(c.dep_ in ("nsubj", "nsubjpass", "expl") and c.i > aux.i for c in gov.children):
        return False
    return not any(t.lemma_.lower() in ix.lexicon.factive_verbs for t in (gov, *gov.children) if t.i < pred.i)
