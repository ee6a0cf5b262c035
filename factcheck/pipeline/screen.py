"""A screen before the pipeline: can a text mention a drug or a drug class at all?

Only a text with a mention of a drug or a class (or schedule: ``CLASS_TYPES``) can hold a claim:
without one it is not parsed and no claim is extracted (:func:`factcheck.pipeline.parse.needs_parse`,
:func:`factcheck.pipeline.claims.extract`), so its report is empty. On moderation-like text almost
no text has one, and spaCy's tokenizer, the mention matcher and the sentencizer would be spent
on each for nothing. :class:`MentionScreen` rules out most such texts from the string alone,
and never rules out a text in which the pipeline would find a drug or class mention, so
skipping the texts it rules out changes no result:

- **Exact mentions.** The phrase matchers compare consecutive whole tokens with an alias's
  tokens, by lower case (or by the exact text, for case-sensitive aliases), and between two
  consecutive tokens of a Doc the text holds one space or nothing (more whitespace is a token of
  its own). So a match puts the alias's tokens, lower-cased, with an optional space between
  them, into ``text.lower()`` (``str.lower`` maps character by character, except the
  final-sigma rule: both sides are compared with final sigma folded to sigma). The screen
  searches for all of them at once with one regular expression, factored by common prefixes.
- **Misspellings.** The approximate pass corrects alphabetic tokens one at a time
  (:meth:`~factcheck.pipeline.mentions.FuzzyCorrector.correct`, a function of the token's text alone),
  and a drug or class mention found that way needs a token corrected to a word of a drug or
  class alias. An alphabetic token is a maximal run of letters of the text, or a piece of a
  tokenizer special case ("cannot" -> "can", "not"): the English tokenizer's prefix, suffix
  and infix rules never split between two letters. The screen applies the same corrector to
  each run of at least ``min_length`` letters (each distinct run once, cached), and searches
  for special-case pieces that would be corrected as for aliases (there are none in English).
- **Asides inside an alias** ("an agonist, or activator, at the GABA-B receptors"): the text
  is searched again with every parenthesis and comma-set gloss replaced by one space.
- **Abbreviations defined in the text** only repeat a concept whose long form is itself a
  mention, so they add none.
- **Drug dictionary names** are matched on whole tokens, so each run of letters of a name
  (lower case) is a run of letters of the lower-cased text: the screen looks each run of the text
  up in the set of the names' longest runs
  (:attr:`~factcheck.pipeline.mentions.MentionMatcher.dictionary_words`).

``tests/pipeline/test_screen.py`` checks the guarantee against the pipeline on generated text (aliases
misspelled, in every case, glued to punctuation, digits, emoji and special cases) and checks
the tokenizer property it relies on.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokenizer import Tokenizer

from factcheck.knowledge.claimset import CLASS_TYPES
from factcheck.pipeline.mentions import LETTER_RUNS, MentionMatcher

# Asides the mention matcher skips inside an alias (``mentions._asides``): any parenthesis,
# and a gloss set off by commas (", or activator,"); removed with the space around them, they
# leave the alias's tokens one space apart. A superset of what the matcher skips.
_ASIDES = re.compile(r"\s*\([^()]*\)\s*|\s*,\s*or\s[^,]*,\s*")
_CACHE_LIMIT = 100_000
_TYPES = frozenset({"drug"}) | CLASS_TYPES


class MentionScreen:
    """``may_mention(text)`` is False only for texts in which ``matcher`` can find no mention of
    a drug or class (see the module docstring)."""

    def __init__(self, nlp: Language, matcher: MentionMatcher) -> None:
        kb = matcher.kb
        aliases = [a for a in kb.aliases if kb.concept(a.concept_id).type in _TYPES]
        token_lists = [[t.lower_ for t in nlp.tokenizer(a.text)] for a in aliases]
        self.words = frozenset(w for words in token_lists for w in words)
        """Every word of a drug or class alias (lower case): what a correction must hit."""
        self.matcher = matcher
        self.min_length = matcher.corrector.min_length if matcher.fuzzy else None
        forms = {tuple(words) for words in token_lists if words}
        for piece in _special_case_pieces(nlp):
            if piece.isalpha() and self._corrects_to_alias(piece):  # a token that is not a whole run
                forms.add((piece.lower(),))
        self.forms = frozenset(forms)
        """Token sequences (lower case) of which one is in the lower-cased text of any text
        with an exact drug or class mention (up to the form of sigma: see :func:`_folded`)."""
        self._forms = re.compile(_trie_pattern(frozenset(tuple(_folded(w) for w in f) for f in forms)))
        self._hits: set[str] = set()
        self._clear: set[str] = set()
        self.drug_words = matcher.dictionary_words if matcher.dictionary else frozenset()
        """First words of the drug dictionary's names the matcher takes (lower case): a text
        with none of them as a run of letters has no dictionary mention."""

    def may_mention(self, text: str) -> bool:
        """Whether ``text`` may mention a drug or class (False: certainly not)."""
        lower = _folded(text.lower())
        if self._forms.search(lower):
            return True
        if ("(" in lower or ", or" in lower) and self._forms.search(_ASIDES.sub(" ", lower)):
            return True
        runs = LETTER_RUNS.findall(text)
        # Each distinct run is judged once (a drug dictionary word, or a run the corrector turns
        # into an alias word) and kept in one of two sets, so that a text whose runs have all
        # been seen is decided by two set operations.
        clear = self._clear
        if clear.issuperset(runs):
            return False
        if not self._hits.isdisjoint(runs):
            return True
        for run in set(runs).difference(clear):
            if self._judge(run):
                return True
        return False

    def _judge(self, run: str) -> bool:
        """Whether one run of letters may be (part of) a mention: a first word of a dictionary
        name (lower case), or a run of at least ``min_length`` letters with an alphabetic part
        the corrector turns into a word of an alias. Kept in ``_hits`` or ``_clear``."""
        hit = run.lower() in self.drug_words or (
            self.min_length is not None and len(run) >= self.min_length
            and any(self._corrects_to_alias(part) for part in _alpha_parts(run)))
        known = self._hits if hit else self._clear
        if len(self._hits) + len(self._clear) >= _CACHE_LIMIT:
            self._hits.clear()
            self._clear.clear()
        known.add(run)
        return hit

    def _corrects_to_alias(self, word: str) -> bool:
        if self.min_length is None or len(word) < self.min_length:
            return False
        fixed = self.matcher.corrector.correct(word)
        return fixed is not None and fixed in self.words


def _folded(lower: str) -> str:
    """A lower-cased text with final sigma (ς) read as sigma (σ), as case folding does.
    ``str.lower`` maps a capital sigma to one or the other by what follows it, in the whole
    text for the screen but in one token for the matcher ("ΟΔΌΣ" is "οδός" as a token, and its
    last letter stays "σ" in "ΟΔΌΣx" lowered as a whole); every other character is lowered the
    same way in both. Folded on both sides, a token's lower form is in the folded text. (Only
    a match counts here, so the folding may change nothing else; offsets are the matcher's,
    on the author's text.)"""
    return lower.replace("\u03c2", "\u03c3") if "\u03c2" in lower else lower


def _alpha_parts(run: str) -> list[str]:
    """The maximal alphabetic pieces of a run of ``LETTER_RUNS`` (which also takes signs such as
    "²" that are not letters)."""
    if run.isalpha():
        return [run]
    return "".join(c if c.isalpha() else " " for c in run).split()


def _trie_pattern(forms: frozenset[tuple[str, ...]]) -> str:
    """A regular expression that finds any of ``forms`` (token sequences) in a lower-cased
    text: their tokens with an optional space between (the text between two tokens of a Doc
    is one space or none), factored by common prefixes (one pass over the text, however many
    forms). Only whether there is a match counts, so a form that extends another is dropped."""
    trie: dict = {}
    for form in forms:
        node = trie
        for i, token in enumerate(form):
            for atom in ([" ?"] if i else []) + [re.escape(ch) for ch in token]:
                node = node.setdefault(atom, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        if "" in node:
            return ""  # a whole form: what follows does not matter
        alternatives = [atom + pattern(child) for atom, child in sorted(node.items())]
        return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"

    return pattern(trie) if trie else "(?!)"


def _special_case_pieces(nlp: Language) -> set[str]:
    """The tokens of the tokenizer's special cases that split a string into several."""
    pieces: set[str] = set()
    tokenizer = nlp.tokenizer
    rules = tokenizer.rules if isinstance(tokenizer, Tokenizer) else None  # (a custom tokenizer: none known)
    for parts in (rules or {}).values():
        if len(parts) > 1:
            for p in parts:
                text = p.get(ORTH, p.get("ORTH")) if isinstance(p, dict) else p
                if isinstance(text, str):
                    pieces.add(text)
    return pieces
