"""Mentions: spans of text that name a concept of the claim set.

``match(doc)`` finds them, ``set_annotations(doc, spans, approximate)`` writes them to
``doc.spans[SPANS_KEY]`` (label = concept type, ``kb_id_`` = concept id), in the manner of
spaCy's ``SpanRuler``. ``match_with_approximate(doc)`` also says which of them were matched by
edit distance. Three passes, each on whole tokens:

1. **Exact.** A ``PhraseMatcher`` over every alias of the knowledge base, case-insensitive
   (abbreviations and aliases marked ``case_sensitive`` on the exact capitals), longest match
   first.

2. **Approximate (misspellings: "baclofan", "opiat", "musle relaxant").** Each candidate token
   is compared with the single *words* of the aliases; a token close enough to exactly one alias
   word is replaced by it, and the aliases are phrase-matched again over the corrected words (a
   temporary ``Doc`` with the same number of tokens, so token indices carry over 1:1). A mention
   found this way must contain a corrected token and is marked approximate. Precision comes
   first, so a token is a candidate only when it

   - is alphabetic, not part of an exact mention, and at least five letters long;
   - is not an English word. The word list is the one a spaCy English pipeline's rule
     lemmatizer ships (its ``lemma_index`` and ``lemma_exc`` lookups tables, ~89,000 words,
     with the lemmatizer's own suffix rules for inflections: "muscles" -> muscle), so nothing
     is downloaded: the tables of the pipeline the matcher is built with, else those of the
     base model package factcheck depends on (read from disk, :data:`LEXICON_MODEL`). Without
     any word list, stricter length rules apply (``fallback_bounds``);
   - is not itself a word of any alias (it then names something else of the claim set), and
     is not one of the other drug names of ``models/fuzzy.yaml`` (``never_correct``);
   - starts with the same letter as the alias word (misspellings rarely change the first
     letter, other drugs often differ only there: hydrocodone/oxycodone);
   - is lower case, capitalized or all capitals ("LibreSSL", "GABABergic": names and
     coinages, not slips).

   The bound is optimal string alignment distance (Levenshtein plus adjacent transposition,
   "bacolfen") by the length of the shorter word: nothing under 5 letters; at 5 letters one
   *omitted* letter only ("opiat", "musle"; a five-letter substitution or transposition turns
   names into concepts, "Brian" -> brain); 1 edit at 6-7; 2 at 8 and more ("bacoflen"). Two
   edits must keep the word's first and last letters ("Fentanes" is not fentanyl) and are not
   taken when an English word is within one edit ("setuation" is a slip for situation, not
   for sedation); brand names take one edit at most ("LibreSSL" is not Lioresal). A tie
   between two alias words is not corrected, unless they are the singular and plural of one
   word. Words with contrasting prefixes are kept apart ("hypo-" is not "hyper-"). The bounds,
   the prefixes and the stop list are data (``models/fuzzy.yaml``).
   Alias words come only from aliases that are neither case-sensitive nor abbreviations, and
   not from the curated misspelling aliases (those are matched exactly already).

   Distances are computed with rapidfuzz: it has optimal string alignment (spaCy's own
   ``levenshtein`` counts a transposition, the commonest typing slip, as two edits), runs in
   C++ and stops early at ``score_cutoff``. Speed: a document costs one ``to_array`` and two set
   operations on its word forms (orth ids); each distinct form is judged once per matcher and
   cached, most by a set look-up (too short, not alphabetic, an English word), and the few
   left are compared only with alias words of the same first letter and a near length. Only
   a document with a hit gets the temporary Doc and second phrase-matching pass.

3. **Abbreviations defined in the text** ("skeletal muscle relaxants (SMRs)"). Definitions are
   found with scispaCy's Schwartz & Hearst implementation (``filter_matches`` and
   ``find_abbreviation`` of :mod:`scispacy.abbreviation`, called directly: its
   ``AbbreviationDetector`` component registers extension attributes with ``force=True`` and
   keeps a matcher whose rules are added and removed per document, so it is not added to the
   pipeline). When the long form is exactly a mention, every later whole-token occurrence of
   the short form (case-sensitive; with its plural or singular, "SMRs"/"SMR") becomes a mention
   of the same concept, not approximate; the defining occurrence itself does not. Short forms
   must contain a capital letter and be shorter than their long form. Definitions of anything
   that is not a concept add no mentions (and end the meaning an earlier definition gave the
   same short form); mentions by an alias are never removed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict, field_validator
from rapidfuzz.distance import OSA, Indel
from rapidfuzz.process import extractOne
from scispacy.abbreviation import filter_matches, find_abbreviation
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.matcher import PhraseMatcher
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans, get_model_meta, get_package_path, load_config

from factcheck.knowledge.claimset import CLASS_TYPES
from factcheck.knowledge.kb import KnowledgeBase
from factcheck.resources import BASE_MODEL, ModelData

_AND_OR = frozenset(get_string_id(w) for w in ("and", "or"))
"""The lower-case forms "and" and "or" (string ids), as ``Doc.to_array("LOWER")`` gives them."""

SPANS_KEY = "factcheck_mentions"

#: Where the English word list comes from when the pipeline the matcher is built with has no
#: lemmatizer tables (e.g. a tokenizer-only pipeline that parses with another one): the base
#: model package factcheck depends on.
LEXICON_MODEL = BASE_MODEL

_DETERMINERS = frozenset({"the", "a", "an"})
LETTER_RUNS = re.compile(r"[^\W\d_]+")
"""Runs of letters (and a few numeric signs such as "²", which are not digits): what the
dictionary pass and the mention screen look names up by."""
_CACHE_LIMIT = 200_000


# ---------------------------------------------------------------------- English word list
class EnglishWords:
    """An English word list taken from a spaCy pipeline's lemmatizer lookups tables.

    ``word in english`` is true for a word of the list (lower case) or a regular inflection of
    one by the lemmatizer's own suffix rules ("relaxing" -> relax, "muscles" -> muscle).
    """

    def __init__(self, index: dict[str, frozenset[str]], forms: Iterable[str],
                 rules: dict[str, list[tuple[str, str]]], lookup=None) -> None:
        self._index = index
        self._words = frozenset(forms).union(*index.values())
        self._rules = rules
        self._lookup = lookup
        self._by_shape: dict[tuple[str, int], list[str]] | None = None

    @classmethod
    def from_pipeline(cls, nlp: Language) -> EnglishWords | None:
        """The word list of ``nlp``'s lemmatizer, or None if it has none."""
        for _, component in nlp.components:
            base = getattr(component, "base", None)  # the parse stage wraps the base pipeline
            found = cls.from_pipeline(base) if isinstance(base, Language) else \
                cls.from_lookups(getattr(component, "lookups", None))
            if found is not None:
                return found
        return None

    @classmethod
    def from_model(cls, name: str | Path) -> EnglishWords | None:
        """The word list of an installed pipeline package (or pipeline directory), read from its
        lemmatizer's serialized tables without loading the pipeline; None if it has none."""
        try:
            path = Path(name) if Path(name).is_dir() else Path(get_package_path(str(name)))
            if not (path / "config.cfg").exists():  # a package: its data directory
                meta = get_model_meta(path)
                path = path / f"{meta['lang']}_{meta['name']}-{meta['version']}"
            config = load_config(path / "config.cfg", interpolate=False)
            for component in config["nlp"]["pipeline"]:
                tables = path / component / "lookups"
                if (tables / "lookups.bin").exists():
                    found = cls.from_lookups(Lookups().from_disk(tables))
                    if found is not None:
                        return found
        except Exception:  # not installed, not a pipeline: no word list
            return None
        return None

    @classmethod
    def from_lookups(cls, lookups) -> EnglishWords | None:
        if lookups is None:
            return None
        if lookups.has_table("lemma_index"):
            table = lookups.get_table("lemma_index")
            index = {pos: frozenset(table.get(pos, [])) for pos in ("noun", "verb", "adj", "adv")}
            forms: set[str] = set()
            if lookups.has_table("lemma_exc"):
                exc = lookups.get_table("lemma_exc")
                for pos in ("noun", "verb", "adj", "adv"):
                    for form, lemmas in exc.get(pos, {}).items():
                        forms.add(form)
                        forms.update(lemmas)
            rules: dict[str, list[tuple[str, str]]] = {}
            if lookups.has_table("lemma_rules"):
                rule_table = lookups.get_table("lemma_rules")
                rules = {pos: [(old, new) for old, new in rule_table.get(pos, None) or [] if old]
                         for pos in ("noun", "verb", "adj", "adv")}
            if any(index.values()):
                return cls(index, forms, rules)
        if lookups.has_table("lemma_lookup"):  # a lookup-mode lemmatizer: form -> lemma
            table = lookups.get_table("lemma_lookup")
            if len(table):
                return cls({}, (str(v) for v in table.values() if isinstance(v, str)), {}, table)
        return None

    def near(self, word: str, max_edits: int) -> str | None:
        """A listed word with the same first letter within ``max_edits`` of ``word``, or None."""
        if self._by_shape is None:
            self._by_shape = {}
            for w in self._words:
                if w[:1].isalpha():
                    self._by_shape.setdefault((w[0], len(w)), []).append(w)
        for length in range(len(word) - max_edits, len(word) + max_edits + 1):
            choices = self._by_shape.get((word[0], length))
            if choices:
                hit = extractOne(word, choices, scorer=OSA.distance, score_cutoff=max_edits)
                if hit is not None:
                    return hit[0]
        return None

    def listed(self, word: str) -> bool:
        """Whether ``word`` itself is in the list (one set look-up)."""
        return word in self._words or (self._lookup is not None and word in self._lookup)

    def __contains__(self, word: str) -> bool:
        if self.listed(word):
            return True
        for pos, rules in self._rules.items():
            index = self._index.get(pos, frozenset())
            for old, new in rules:
                if word.endswith(old) and word[: len(word) - len(old)] + new in index:
                    return True
        return False

    def parts_of_speech(self, word: str) -> set[str]:
        """The parts of speech ("noun", "verb", "adj", "adv") under which ``word`` or the lemma
        the suffix rules give it is listed (empty for a lookup-mode list or no listing)."""
        found = {pos for pos, index in self._index.items() if word in index}
        for pos, rules in self._rules.items():
            index = self._index.get(pos, frozenset())
            for old, new in rules:
                if word.endswith(old) and word[: len(word) - len(old)] + new in index:
                    found.add(pos)
        return found

    def __len__(self) -> int:
        return len(self._words)


# ---------------------------------------------------------------------- approximate matching
class Bound(BaseModel):
    """Edit distance allowed when the shorter of two words has at least ``min_length`` letters."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    min_length: int
    max_edits: int
    omission_only: bool = False


class FuzzyConfig(ModelData):
    """``models/fuzzy.yaml``: the bounds, the words never corrected, contrastive prefixes."""

    FILE = "fuzzy.yaml"

    bounds: tuple[Bound, ...]
    fallback_bounds: tuple[Bound, ...] = ()
    never_correct: frozenset[str] = frozenset()
    contrastive_prefixes: tuple[tuple[str, str], ...] = ()

    @field_validator("bounds", "fallback_bounds")
    @classmethod
    def _by_length(cls, value: tuple[Bound, ...]) -> tuple[Bound, ...]:
        return tuple(sorted(value, key=lambda b: b.min_length))

    @field_validator("never_correct")
    @classmethod
    def _lower(cls, value: frozenset[str]) -> frozenset[str]:
        return frozenset(w.lower() for w in value)

    @field_validator("contrastive_prefixes")
    @classmethod
    def _lower_pairs(cls, value: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
        return tuple((a.lower(), b.lower()) for a, b in value)


# Digits and signs written for the letters they look like ("bacl0fen", "b@clofen", "oxyc0d0ne");
# "1" is read as "l" or as "i".
_DIGIT_LETTERS = "013457@$"
_DIGIT_TABLES = (str.maketrans("013457@$", "oleastas"), str.maketrans("013457@$", "oieastas"))


class FuzzyCorrector:
    """Corrects one word to the single alias word it misspells, or says it is none."""

    def __init__(self, targets: Iterable[str], protected: Iterable[str], config: FuzzyConfig,
                 english: EnglishWords | None, names: Iterable[str] = ()) -> None:
        """``names``: alias words that are only brand names; proper names of other products
        are often a letter or two away, so these take one edit at most."""
        self.config = config
        self._names = frozenset(names)
        self.english = english
        # Without a word list, the stricter fallback bounds apply.
        self.bounds = config.bounds if english is not None else config.fallback_bounds
        self._protected = frozenset(protected) | config.never_correct
        self.min_length = self.bounds[0].min_length if self.bounds else 10**9
        self._max_edits = max((b.max_edits for b in self.bounds), default=0)
        self._prefixes = [p for pair in config.contrastive_prefixes for p in (pair, pair[::-1])]
        self._by_first: dict[str, list[str]] = {}
        self._targets = frozenset(targets)
        for word in sorted(set(targets)):
            if len(word) >= self.min_length:
                self._by_first.setdefault(word[0], []).append(word)

    def _bound(self, length: int) -> Bound | None:
        found = None
        for bound in self.bounds:
            if bound.min_length <= length:
                found = bound
        return found

    def correct(self, word: str) -> str | None:
        """The alias word ``word`` (any case) misspells, or None. A word written with digits for
        letters ("bacl0fen", "0xycodone", "b@clofen") is one when, the digits read as the letters they
        stand for, it is exactly an alias word."""
        if len(word) < self.min_length or not word.isalpha():
            return self._lettered(word)
        return self._near(word)

    def _lettered(self, word: str) -> str | None:
        low = word.lower()
        digits = sum(c.isdigit() or c in "@$" for c in low)
        if not 0 < digits <= 2 or sum(c.isalpha() for c in low) < 4 or \
                not all(c.isalpha() or c in _DIGIT_LETTERS for c in low):
            return None
        for spelled in {low.translate(table) for table in _DIGIT_TABLES}:
            if spelled in self._targets:
                return spelled
        return None

    def _near(self, word: str) -> str | None:
        if not (word.islower() or word.isupper() or word.istitle()):
            return None  # "LibreSSL", "McBain": a name or an identifier, not a misspelling
        low = word.lower()
        if low in self._protected:
            return None
        english = self.english
        if english is not None and english.listed(low):  # the cheap look-up first
            return None
        best: list[str] = []
        best_distance = self._max_edits + 1
        n = len(low)
        for target in self._by_first.get(low[0], ()):
            if abs(len(target) - n) > self._max_edits:
                continue
            bound = self._bound(min(n, len(target)))
            if bound is None or abs(len(target) - n) > bound.max_edits:
                continue
            if bound.omission_only:
                if len(target) != n + 1 or Indel.distance(low, target, score_cutoff=1) != 1:
                    continue
                distance = 1
            else:
                max_edits = 1 if target in self._names else bound.max_edits
                distance = OSA.distance(low, target, score_cutoff=max_edits)
                if distance > max_edits or (distance > 1 and low[-1] != target[-1]):
                    continue  # two edits keep the word's outline: first and last letter
            if any(target.startswith(a) and low.startswith(b) and not low.startswith(a)
                   for a, b in self._prefixes):
                continue
            if distance < best_distance:
                best, best_distance = [target], distance
            elif distance == best_distance:
                best.append(target)
        if len(best) > 1 and len({t[:-1] if t.endswith("s") else t for t in best}) == 1:
            # singular and plural of one word ("opiats": opiate, opiates): the fewest
            # insertions and deletions (a dropped letter is the commonest slip)
            best = [min(best, key=lambda t: (Indel.distance(low, t), t))]
        if len(best) != 1:
            return None
        if english is not None:
            if low in english:  # an inflected English word
                return None
            if best_distance > 1 and english.near(low, best_distance - 1) is not None:
                return None  # a misspelling of an English word closer than the alias word
        return best[0]


# ---------------------------------------------------------------------- the matcher
class MentionMatcher:
    """Phrase matcher over every alias of a knowledge base, with misspellings and abbreviations
    defined in the text (see the module docstring)."""

    def __init__(self, nlp: Language, kb: KnowledgeBase, *, fuzzy: bool = True,
                 abbreviations: bool = True, fuzzy_config: str | Path | None = None,
                 lexicon: str | Path | None = None, dictionary: bool = True) -> None:
        """``lexicon``: a pipeline package or directory whose lemmatizer tables give the English
        word list; by default ``nlp``'s own, else :data:`LEXICON_MODEL`'s. Without any, the
        stricter fallback bounds of ``models/fuzzy.yaml`` apply."""
        self.kb = kb
        self._vocab = nlp.vocab
        self._lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        groups: dict[tuple[str, bool], list[str]] = {}
        protected: set[str] = set()
        targets: set[str] = set()
        brand_words: set[str] = set()
        other_words: set[str] = set()
        longest = 1
        for entry in kb.aliases:
            groups.setdefault((entry.concept_id, entry.case_sensitive), []).append(entry.text)
            words = [t.lower_ for t in nlp.tokenizer(entry.text)]
            longest = max(longest, len(words))
            protected.update(words)
            if not entry.case_sensitive and entry.kind not in ("abbreviation", "misspelling"):
                targets.update(w for w in words if w.isalpha())
                (brand_words if entry.kind == "brand" else other_words).update(words)
        # a listed misspelling that is one word stands for its concept's word inside longer
        # aliases too: "opiod receptors" is "opioid receptors"
        by_concept: dict[str, set[str]] = {}
        for entry in kb.aliases:
            if not entry.case_sensitive and entry.kind not in ("abbreviation", "misspelling"):
                by_concept.setdefault(entry.concept_id, set()).update(
                    t.lower_ for t in nlp.tokenizer(entry.text) if t.is_alpha)
        self._misspelled: dict[str, str] = {}
        for entry in kb.aliases:
            if entry.kind == "misspelling" and entry.text.isalpha():
                low = entry.text.lower()
                # the nearest word, a plural for a plural ("opiods" -> "opioids", "opiod" -> "opioid")
                near = sorted((OSA.distance(low, w), w.endswith("s") != low.endswith("s"), w)
                              for w in by_concept.get(entry.concept_id, ()))
                if near and near[0][0] <= 2 and (len(near) == 1 or near[1][:2] > near[0][:2]):
                    self._misspelled[low] = near[0][2]
        for (cid, case_sensitive), texts in groups.items():
            matcher = self._exact if case_sensitive else self._lower
            matcher.add(cid, [nlp.tokenizer(text) for text in texts])
        self._types = {cid: c.type for cid, c in kb.concepts.items()}
        self._window = longest  # an alias spans at most this many tokens
        self.fuzzy = fuzzy
        self.abbreviations = abbreviations
        self._fuzzy_config = FuzzyConfig.load(fuzzy_config)
        self._targets = frozenset(targets)
        self._names = frozenset(brand_words - other_words)
        self._protected = frozenset(protected)
        self._nlp = nlp
        self._lexicon = lexicon
        self._corrector: FuzzyCorrector | None = None
        self._judged: set[int] = set()     # word forms (orth ids) already judged
        self._fixes: dict[int, str] = {}   # ... and those that misspell an alias word
        self._open = nlp.vocab.strings.add("(")
        self._close = nlp.vocab.strings.add(")")
        self.dictionary = dictionary and kb.dictionary is not None
        self._dictionary_index: dict[int, tuple[str, ...]] | None = None
        self._dictionary_words: frozenset[str] = frozenset()

    @property
    def corrector(self) -> FuzzyCorrector:
        """Built on first use, when the pipeline's lemmatizer tables are surely loaded."""
        if self._corrector is None:
            if self._lexicon is not None:
                english = EnglishWords.from_model(self._lexicon)
            else:
                english = EnglishWords.from_pipeline(self._nlp) or EnglishWords.from_model(LEXICON_MODEL)
            # a name the drug dictionary has is a drug of its own, never a slip for another
            drug_names = frozenset(n for n in self.kb.dictionary.names() if n.isalpha()) \
                if self.dictionary and self.kb.dictionary is not None else frozenset()
            self._corrector = FuzzyCorrector(self._targets, self._protected | drug_names, self._fuzzy_config,
                                             english, self._names)
        return self._corrector

    # ------------------------------------------------------------------ the drug dictionary
    @property
    def dictionary_words(self) -> frozenset[str]:
        """For each dictionary name the matcher reads as a drug, its longest run of letters
        (lower case): a text in which that run of letters does not occur cannot hold the name."""
        self._dictionary_names()
        return self._dictionary_words

    def _dictionary_names(self) -> dict[int, tuple[str, ...]]:
        """First word (as a string id of its lower case) -> the dictionary names that start with
        it, longest first, of those the matcher takes (built on first use):

        - not a word of any alias of the knowledge base ("GABA", "histamine", "serotonin" name
          targets here; the claim set's and the vocabulary's words win);
        - a single word of at least four letters, and not listed as an English verb, adjective or
          adverb ("generics", "emend", "luminal" are synonyms in the dictionary; the English word
          list, taken from WordNet, lists many drug and brand names as nouns: "Zoloft");
        - several words only if no word is a number or a single letter ("sin 10", "po 12") and
          not all of them are English words ("available generically", "baking soda"), nor all
          their runs of letters ("growth factor-1");
        - its longest run of letters at least four letters long ("5-ht");
        - not one of ``not_drugs`` of ``models/vocabulary.yaml``; always its ``drug_names``.
        """
        if self._dictionary_index is not None:
            return self._dictionary_index
        index: dict[int, list[str]] = {}
        keys: set[str] = set()
        dictionary = self.kb.dictionary
        if self.dictionary and dictionary is not None:
            english = self.corrector.english
            aliases = {a.text.lower() for a in self.kb.aliases}
            curated = dictionary.extra_names
            for first, names in dictionary.first_words.items():
                for name in names:
                    if name not in curated:
                        if name in self._protected or name in aliases:
                            continue
                        words = name.split()
                        if len(words) == 1 and (len(name) < 4 or not first.isalpha() or (
                                english is not None and english.parts_of_speech(name) - {"noun"})):
                            continue
                        if len(words) > 1 and (any(len(w) < 2 or w.isdigit() for w in words) or (
                                english is not None and all(w in english for w in words))):
                            continue
                    runs = LETTER_RUNS.findall(name)
                    longest = max(runs, key=len) if runs else ""
                    if len(longest) < (3 if name in curated else 4):
                        continue  # "5-ht", "a-z": too little to tell a name from other text
                    # the screen's key: the rarest-looking run, one that is no English word
                    key = max((r for r in runs if len(r) >= len(longest) or len(r) >= 4),
                              key=lambda r: (english is None or r not in english, len(r)))
                    if len(runs) > 1 and name not in curated and english is not None and key in english:
                        continue  # every run an English word: "clear-by-design", "growth factor-1"
                    index.setdefault(get_string_id(first), []).append(name)
                    keys.add(key)
        self._dictionary_index = {k: tuple(v) for k, v in index.items()}
        self._dictionary_words = frozenset(keys)
        return self._dictionary_index

    def _match_dictionary(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """Drugs the dictionary names, on tokens no other mention covers: the name's characters
        from a token's start (any case), ending at a token's end."""
        index = self._dictionary_names()
        if not index or not len(doc) or self._dictionary_words.isdisjoint(
                run.lower() for run in LETTER_RUNS.findall(doc.text)):
            return []  # (the names' keys, as the screen looks them up: a quick no)
        lowers = doc.to_array("LOWER").tolist()
        hits = {lower for lower in lowers if lower in index}  # (not set.intersection: it walks the whole index)
        if not hits:
            return []
        covered = {i for s in spans for i in range(s.start, s.end)}
        text = doc.text
        found: list[Span] = []
        for i, lower in enumerate(lowers):
            if lower not in hits or i in covered:
                continue
            start = doc[i].idx
            for name in index[lower]:
                end = start + len(name)
                if text[start:end].lower() != name or (end < len(text) and text[end].isalnum()):
                    continue
                span = doc.char_span(start, end)
                if span is None or not covered.isdisjoint(range(span.start, span.end)):
                    continue
                cid = self.kb.dictionary_drug(name)
                if cid is None:
                    continue
                found.append(Span(doc, span.start, span.end, label="drug", kb_id=cid))
                covered.update(range(span.start, span.end))
                break
        return found

    # ------------------------------------------------------------------ public API
    def match(self, doc: Doc) -> list[Span]:
        """Every mention of ``doc`` (exact, approximate and defined abbreviations)."""
        return self.match_with_approximate(doc)[0]

    def match_with_approximate(self, doc: Doc) -> tuple[list[Span], list[Span]]:
        """Every mention of ``doc``, and those of them matched approximately (a subset)."""
        spans, approximate, _ = self.match_all(doc)
        return spans, approximate

    def match_all(self, doc: Doc) -> tuple[list[Span], list[Span], list[list[tuple[int, int]]]]:
        """Every mention, the approximate ones, and the groups of mentions (token ranges)
        coordinated before one shared head ("Mu, Kappa, and Delta opioid receptors")."""
        exact = self._match_exact(doc)
        orths = doc.to_array("ORTH").tolist() if len(doc) else []
        approximate: list[Span] = []
        if self.fuzzy:
            approximate = self._match_fuzzy(doc, orths, exact)
        spans = filter_spans(exact + approximate) if approximate else exact
        if approximate:
            keep = {(s.start, s.end, s.kb_id) for s in approximate}
            approximate = [s for s in spans if (s.start, s.end, s.kb_id) in keep]
        if self.abbreviations and self._open in orths:
            defined = self._match_abbreviations(doc, orths, spans)
            if defined:
                spans = sorted(spans + defined, key=lambda s: (s.start, s.end))
        if self.dictionary:
            drugs = self._match_dictionary(doc, spans)
            if drugs:
                spans = sorted(spans + drugs, key=lambda s: (s.start, s.end))
        spans, groups = self._match_elliptical(doc, spans)
        return spans, approximate, groups

    def _match_elliptical(self, doc: Doc, spans: list[Span]) -> tuple[list[Span], list[list[tuple[int, int]]]]:
        """Pass 4: aliases interrupted by an aside ("Mu (μ) opioid receptors", "an agonist, or
        activator, at the GABA-B receptors": the aside is skipped, the mention spans it), and
        premodifiers coordinated before a shared head ("Mu, Kappa, and Delta opioid receptors":
        "Mu" and "Kappa" name the mu and kappa opioid receptors when "Mu opioid receptors" and
        "Kappa opioid receptors" are aliases of the same type as the whole)."""
        asides = _asides(doc)
        if not asides and (not len(doc) or _AND_OR.isdisjoint(doc.to_array("LOWER").tolist())):
            return spans, []  # (no token "and" or "or": read from the array, no Token made)
        skip = {i for a, b in asides for i in range(a, b)}
        kept = [i for i in range(len(doc)) if i not in skip]
        found = spans
        if asides:
            condensed = Doc(doc.vocab, words=[doc[i].text for i in kept])
            found = list(spans)
            for span in self._match_exact(condensed):
                start, end = kept[span.start], kept[span.end - 1] + 1
                if end - start != len(span):  # it spans an aside
                    found.append(Span(doc, start, end, label=span.label_, kb_id=span.kb_id_))
            if len(found) > len(spans):
                found = filter_spans(found)
            else:
                found = spans
        position = {i: k for k, i in enumerate(kept)}
        groups: list[list[tuple[int, int]]] = []
        extra: list[Span] = []
        covered = {i for sp in found for i in range(sp.start, sp.end)}
        for span in found:
            k = position.get(span.start)
            if k is None or len(span) < 2 or k < 2 or doc[kept[k - 1]].lower_ not in ("and", "or", ","):
                continue
            rest = [doc[i].text for i in kept[k + 1:position.get(span.end - 1, k) + 1]]
            group = [(span.start, span.end)]
            j = k - 1
            while j >= 1 and doc[kept[j]].lower_ in ("and", "or", ","):
                while j >= 1 and doc[kept[j]].lower_ in ("and", "or", ","):
                    j -= 1
                word = doc[kept[j]]
                if word.i in covered or not word.is_alpha:
                    break
                cid = self._whole_match(doc.vocab, [word.text] + rest)
                if cid is None or self._types[cid] != span.label_:
                    break
                extra.append(Span(doc, word.i, word.i + 1, label=span.label_, kb_id=cid))
                group.insert(0, (word.i, word.i + 1))
                j -= 1
            if len(group) > 1:
                groups.append(group)
        if not extra and found == spans:
            return spans, groups
        return sorted(found + extra, key=lambda s: (s.start, s.end)), groups

    def _whole_match(self, vocab, words: list[str]) -> str | None:
        """The concept an alias names when ``words`` are exactly that alias."""
        doc = Doc(vocab, words=words)
        for matcher in (self._lower, self._exact):
            for match_id, start, end in matcher(doc):
                if start == 0 and end == len(words):
                    return vocab.strings[match_id]
        return None

    # ------------------------------------------------------------------ passes
    def _match_exact(self, doc: Doc) -> list[Span]:
        spans = []
        for matcher in (self._lower, self._exact):
            for match_id, start, end in matcher(doc):
                cid = doc.vocab.strings[match_id]
                spans.append(Span(doc, start, end, label=self._types[cid], kb_id=cid))
        return filter_spans(spans)

    def _corrections(self, orths: list[int]) -> dict[int, str]:
        """Token index -> the alias word it misspells. Each distinct word form is judged once
        (per matcher); a document costs two set operations unless one of its forms is a hit."""
        forms = set(orths)
        new = forms - self._judged
        if new:
            if len(self._judged) + len(new) > _CACHE_LIMIT:
                self._judged.clear()
                self._fixes.clear()
                new = forms
            strings, correct, listed = self._vocab.strings, self.corrector.correct, self._misspelled
            for orth in new:
                word = strings[orth]
                fixed = listed.get(word.lower()) or correct(word)
                if fixed is not None:
                    self._fixes[orth] = fixed
            self._judged.update(new)
        fixes = self._fixes
        hits = {orth for orth in forms if orth in fixes}  # (not set.intersection: it walks the whole dict)
        if not hits:
            return {}
        return {i: fixes[orth] for i, orth in enumerate(orths) if orth in hits}

    def _match_fuzzy(self, doc: Doc, orths: list[int], exact: list[Span]) -> list[Span]:
        corrections = self._corrections(orths)
        if not corrections:
            return []
        covered = {i for s in exact for i in range(s.start, s.end)}
        # (a listed misspelling already is a mention; it is corrected only into a longer one)
        alone = {s.start for s in exact if s.end == s.start + 1}
        corrections = {i: w for i, w in corrections.items() if i not in covered or
                       (i in alone and doc[i].lower_ in self._misspelled)}
        if not corrections:
            return []
        spans = []
        for start, end in self._windows(sorted(corrections), len(doc)):
            tokens = doc[start:end]
            words = [corrections.get(t.i, t.text) for t in tokens]
            fixed = Doc(doc.vocab, words=words, spaces=[bool(t.whitespace_) for t in tokens])
            for match_id, s, e in self._lower(fixed):
                if any(start + k in corrections for k in range(s, e)) and \
                        not all(start + k in covered for k in range(s, e)):
                    cid = doc.vocab.strings[match_id]
                    spans.append(Span(doc, start + s, start + e, label=self._types[cid], kb_id=cid))
        return filter_spans(spans)

    def _windows(self, indices: list[int], n: int) -> list[tuple[int, int]]:
        """Token ranges around corrected tokens wide enough for any alias through them."""
        windows: list[tuple[int, int]] = []
        for i in indices:
            start, end = max(0, i - self._window + 1), min(n, i + self._window)
            if windows and start <= windows[-1][1]:
                windows[-1] = (windows[-1][0], end)
            else:
                windows.append((start, end))
        return windows

    def _match_abbreviations(self, doc: Doc, orths: list[int], spans: list[Span]) -> list[Span]:
        """Later occurrences of short forms defined in ``doc`` for a mention's long form."""
        n = len(orths)
        parens = [(0, i + 1, j) for i, o in enumerate(orths) if o == self._open
                  for j in range(i + 2, min(i + 10, n)) if orths[j] == self._close]
        by_tokens = {(s.start, s.end): s for s in spans}
        # first word of a short form -> (where the definition ends, the form, its mention);
        # a definition for something that is not a concept has no mention and ends the
        # meaning an earlier definition gave the same short form
        definitions: dict[int, list[tuple[int, tuple[int, ...], Span | None]]] = {}
        defining: set[int] = set()
        for long_candidate, short_candidate in filter_matches(parens, doc):
            short, long = find_abbreviation(long_candidate, short_candidate)
            if long is None or not len(long) or not _plausible_short_form(short, long):
                continue
            defining.update(range(short.start, short.end))
            mention = by_tokens.get(_trim(long))
            after = max(short.end, long.end) + 1  # past the closing parenthesis
            for variant in _short_form_variants(short):
                ids = tuple(get_string_id(w) for w in variant)
                definitions.setdefault(ids[0], []).append((after, ids, mention))
        if not any(m is not None for defs in definitions.values() for _, _, m in defs):
            return []
        covered = {i for s in spans for i in range(s.start, s.end)} | defining
        found: list[Span] = []
        for i, orth in enumerate(orths):
            candidates = definitions.get(orth)
            if not candidates or i in covered:
                continue
            best = None
            for after, form, mention in candidates:
                end = i + len(form)
                if after <= i and tuple(orths[i:end]) == form and covered.isdisjoint(range(i, end)):
                    if best is None or (after, len(form)) > (best[0], len(best[1])):
                        best = (after, form, mention)
            if best is not None and best[2] is not None:
                end, mention = i + len(best[1]), best[2]
                found.append(Span(doc, i, end, label=mention.label_, kb_id=mention.kb_id_))
                covered.update(range(i, end))
        return found


def _asides(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of short asides: parentheses ("(μ)", "(GABA-B)") and glosses set off by
    commas (", or activator,"), with their punctuation."""
    out = []
    n = len(doc)
    orths = doc.to_array("ORTH").tolist() if n else []  # (the marks compared by id: no Token made)
    for i, orth in enumerate(orths):
        if orth == _OPEN:
            for j in range(i + 1, min(i + 8, n)):
                if orths[j] == _CLOSE:
                    out.append((i, j + 1))
                    break
                if orths[j] == _OPEN:
                    break
        elif orth == _COMMA and i + 2 < n and doc[i + 1].lower_ == "or":
            for j in range(i + 2, min(i + 6, n)):
                if orths[j] == _COMMA:
                    if j > i + 2:
                        out.append((i, j + 1))
                    break
                if not doc[j].is_alpha:
                    break
    return out


_OPEN, _CLOSE, _COMMA = (get_string_id(mark) for mark in ("(", ")", ","))


def _trim(span: Span) -> tuple[int, int]:
    """Token range of ``span`` without leading determiners and punctuation, or trailing punctuation."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].is_punct or doc[start].lower_ in _DETERMINERS):
        start += 1
    while end > start and doc[end - 1].is_punct:
        end -= 1
    return start, end


def _plausible_short_form(short: Span, long: Span) -> bool:
    text = short.text
    return (len(short) <= 3 and len(text) <= 10 and any(c.isupper() for c in text)
            and len(text) < len(long.text))


def _short_form_variants(short: Span) -> list[tuple[str, ...]]:
    """The short form's tokens, and for a one-token acronym its plural or singular ("SMR(s)")."""
    words = tuple(t.text for t in short)
    variants = [words]
    if len(words) == 1:
        word = words[0]
        if len(word) >= 3 and word.endswith("s") and any(c.isupper() for c in word[:-1]) \
                and not word[-2].islower():
            variants.append((word[:-1],))
        elif word[-1].isupper() or word[-1].isdigit():
            variants.append((word + "s",))
    return variants


def set_annotations(doc: Doc, spans: Iterable[Span], approximate: Iterable[Span] = (),
                    groups: Iterable[list[tuple[int, int]]] = ()) -> None:
    """Write mentions; ``approximate`` are those matched by edit distance, not exactly;
    ``groups`` are mentions (token ranges) coordinated before one shared head."""
    doc.spans[SPANS_KEY] = sorted(spans, key=lambda s: (s.start, s.end))
    doc.spans[SPANS_KEY].attrs["approximate"] = sorted((s.start, s.end) for s in approximate)
    doc.spans[SPANS_KEY].attrs["coordinated"] = [[list(r) for r in g] for g in groups]


def coordinated(doc: Doc) -> list[list[tuple[int, int]]]:
    """Groups of mentions (token ranges) coordinated before one shared head."""
    if SPANS_KEY not in doc.spans:
        return []
    return [[(a, b) for a, b in g] for g in doc.spans[SPANS_KEY].attrs.get("coordinated", [])]


def mentions(doc: Doc) -> list[Span]:
    """The mentions written by :func:`set_annotations` (empty if none)."""
    return list(doc.spans[SPANS_KEY]) if SPANS_KEY in doc.spans else []


def is_approximate(span: Span) -> bool:
    """Whether a mention (or a span over the same tokens) was matched approximately."""
    doc = span.doc
    if SPANS_KEY not in doc.spans:
        return False
    return [span.start, span.end] in [list(p) for p in doc.spans[SPANS_KEY].attrs.get("approximate", [])]


class MentionIndex:
    """Token -> mention lookups for one Doc."""

    def __init__(self, spans: list[Span], groups: Sequence[Sequence[tuple[int, int]]] = ()) -> None:
        self.by_token: dict[int, Span] = {}
        for span in spans:
            for i in range(span.start, span.end):
                self.by_token[i] = span
        self.partners: dict[tuple[int, int], list[Span]] = {}
        for group in groups:
            members = [self.by_token[a] for a, b in group
                       if a in self.by_token and (self.by_token[a].start, self.by_token[a].end) == (a, b)]
            for m in members:
                self.partners[(m.start, m.end)] = [o for o in members if o is not m]

    def coordinated(self, span: Span) -> list[Span]:
        """The mentions coordinated with ``span`` before one shared head ("Mu, Kappa, and Delta
        opioid receptors")."""
        return self.partners.get((span.start, span.end), [])

    def drug_at(self, tok: Token) -> Span | None:
        span = self.by_token.get(tok.i)
        return span if span is not None and span.label_ == "drug" else None

    def class_at(self, tok: Token) -> Span | None:
        """The class mention whose syntactic head is ``tok``."""
        return self.concept_at(tok, CLASS_TYPES)

    def concept_at(self, tok: Token, types: frozenset[str] | set[str]) -> Span | None:
        """The mention of one of ``types`` whose syntactic head is ``tok``."""
        span = self.by_token.get(tok.i)
        if span is None or span.label_ not in types:
            return None
        if span.root.i == tok.i or tok.i == span.end - 1:
            return span
        # a mention the parse splits ("an agonist, or activator, at the GABA-B receptors", the
        # "at" phrase attached to the verb): its first noun attached outside it heads it too
        heads = [t for t in span if t.pos_ in ("NOUN", "PROPN") and not span.start <= t.head.i < span.end]
        return span if heads and heads[0].i == tok.i else None
