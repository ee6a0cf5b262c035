"""Assertion context of a claim: is it negated, and does the author assert it?

Scope is syntactic (ConText-style cue rules, but the scope of a cue is the dependency
structure, not a token window): a negation cue counts when it depends on a token of the claim's
path (subject, predicate, object and the words linking them). Cue lexicons are data
(``models/context.yaml``), validated on load.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field
from spacy.tokens import Doc, Token

from .extraction import Claim
from .resources import models_dir

Category = Literal["negation", "question"]


class CueRule(BaseModel):
    """One cue: a word (lower case) or a multi-word literal, its category, and how it scopes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    category: Category
    literal: str = Field(min_length=1)
    direction: Literal["syntactic", "path", "forward", "sentence_end", "inversion"] = "syntactic"
    """``syntactic``: the cue depends on a token of the claim's path. ``path``: the cue's last
    word is itself on the path ("rather than" heading the denied class). ``forward``: the cue
    stands immediately before the object mention (the prefix "non-"). ``sentence_end``: the cue
    ends the claim's sentence ("?"). ``inversion``: the cue is an auxiliary that opens the
    claim's clause before its subject ("Is baclofen an opioid")."""
    deps: tuple[str, ...] = ()
    """Dependency labels the cue must carry (empty: any)."""
    note: str | None = None


class CueLexicon(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    cues: tuple[CueRule, ...]

    @classmethod
    def load(cls, path: str | Path | None = None) -> CueLexicon:
        path = Path(path) if path else models_dir() / "context.yaml"
        with open(path, encoding="utf-8") as f:
            return cls.model_validate(yaml.safe_load(f))



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


def assess(doc: Doc, claim: Claim, lexicon: CueLexicon) -> Context:
    """Negation and assertion status of one claim."""
    negation = negation_cues(doc, claim, lexicon)
    question = question_cues(doc, claim, lexicon)
    assertion = "questioned" if question else "asserted"
    return Context(negated=bool(negation), assertion=assertion, cues=tuple(negation + question))


def question_cues(doc: Doc, claim: Claim, lexicon: CueLexicon) -> list[ContextCue]:
    """A direct question: the sentence ends with "?", or its clause opens with an inverted
    auxiliary before the subject ("is baclofen an opioid", with no punctuation)."""
    sent = doc[claim.predicate].sent
    out = []
    last = [t for t in sent if not (t.is_space or t.is_quote or t.lower_ in _CLOSERS)]
    for rule in lexicon.cues:
        if rule.category != "question":
            continue
        if rule.direction == "sentence_end" and last and last[-1].text.endswith(rule.literal):
            out.append(ContextCue(last[-1].i, last[-1].i + 1, "question"))
        elif rule.direction == "inversion":
            first = next((t for t in sent if not (t.is_space or t.is_punct)), None)
            if first is not None and first.lower_ == rule.literal and first.pos_ == "AUX" and \
                    any(t.dep_ in ("nsubj", "nsubjpass") and t.i > first.i and t.head.i == first.head.i
                        for t in sent):
                out.append(ContextCue(first.i, first.i + 1, "question"))
    return out


_CLOSERS = frozenset({")", "]", "}"})


def negation_cues(doc: Doc, claim: Claim, lexicon: CueLexicon) -> list[ContextCue]:
    """Negation cues whose syntactic scope covers the claim.

    A ``syntactic`` cue counts when its last word depends on a token of the claim's path, a
    ``path`` cue when its last word is on the path ("rather than" heading the denied class);
    the other words of a cue must precede its last word. Walking the path, "but"-coordination ends the scope of what came before it
    ("not an opioid but a muscle relaxant": the negation stays with the first conjunct).
    """
    rules = [r for r in lexicon.cues if r.category == "negation" and r.direction in ("syntactic", "path")]
    found: list[ContextCue] = []
    path = list(claim.path)
    on_path = set(path)
    for pos, i in enumerate(path):
        tok = doc[i]
        nxt = doc[path[pos + 1]] if pos + 1 < len(path) else None
        if nxt is not None and nxt.dep_ == "conj" and nxt.head == tok and _but(tok):
            found = []
            continue
        for cand in (tok, *_scope_children(tok)):
            if cand.i != tok.i and cand.i in on_path:
                continue
            for rule in rules:
                cue = _literal_at(doc, cand, rule)
                if cue is not None and (cand.i == tok.i) == (rule.direction == "path"):
                    found.append(ContextCue(cue[0], cue[1], "negation"))
    found += _adjacent_cues(doc, claim, lexicon)
    return found


def _literal_at(doc: Doc, tok: Token, rule: CueRule) -> tuple[int, int] | None:
    """Token span of ``rule.literal`` ending at ``tok`` (with ``rule.deps`` on ``tok``), if any."""
    words = rule.literal.split()
    if tok.lower_ != words[-1] or (rule.deps and tok.dep_ not in rule.deps):
        return None
    start = tok.i - len(words) + 1
    if start < 0 or [t.lower_ for t in doc[start:tok.i + 1]] != words:
        return None
    return start, tok.i + 1


def _introduced_sibling(head: Token, cue: Token) -> Token | None:
    """The conjunct or appositive of ``head`` that a cue after ``head`` introduces ("an opioid,
    not a muscle relaxant": "not" hangs on "opioid" but denies "muscle relaxant")."""
    if cue.i < head.i:
        return None
    later = [c for c in head.children if c.dep_ in ("conj", "appos") and c.i > cue.i]
    return min(later, key=lambda c: c.i) if later else None


def _scope_children(tok: Token) -> list[Token]:
    """The dependents whose cues scope over ``tok``: its own children (less those introducing a
    sibling) and the cues on its head that introduce ``tok`` itself."""
    own = [c for c in tok.children if _introduced_sibling(tok, c) is None]
    if tok.dep_ in ("conj", "appos") and tok.head.i != tok.i:
        own += [c for c in tok.head.children if c.i < tok.i and _introduced_sibling(tok.head, c) == tok]
    return own


def _but(tok: Token) -> bool:
    return any(c.dep_ == "cc" and c.lower_ == "but" for c in tok.children)


def _adjacent_cues(doc: Doc, claim: Claim, lexicon: CueLexicon) -> list[ContextCue]:
    """Prefix negation: "non-opioid", "non opioid" immediately before the object mention."""
    out = []
    start = claim.object.start
    for rule in lexicon.cues:
        if rule.direction != "forward":
            continue
        parts = rule.literal.split()
        n = len(parts)
        if start - n >= 0 and [t.lower_ for t in doc[start - n:start]] == parts:
            out.append(ContextCue(start - n, start, rule.category))
    return out
