"""The open vocabulary: drugs, classes and properties the claim set does not name.

Two parts, both without facts (a claim about them is extracted and stays ``unverifiable`` until
the claim set has a fact that decides it):

- **Concepts** of ``models/vocabulary.yaml``: drug classes, receptors and other targets, sites,
  conditions, effects and routes, in the claim set's own record shape (id, type, name, aliases,
  parents), with the authority's code where there is one (``identifiers``, e.g. a WHO ATC group).
- **Drug names** from the dictionary of the ``drug-named-entity-recognition`` package (about
  20,000 drugs and 100,000 names and synonyms, each drug with its DrugBank id), read from the
  package's data file on first use (about half a second; its module is not imported: it reads
  the same file at import time and looks for a cache in the home directory). Only names of drugs
  with a DrugBank id are taken: the dictionary also lists pharmacological-action headings
  ("analgesics, opioid", with the heading's MeSH id and no DrugBank id), which are classes, not
  drugs, and its ``mesh_id`` field holds such a heading even on a drug, so it is not used as the
  drug's identifier. Names shared by two drugs, and combination products ("a, b and c") are left
  out. ``drug_names`` in the vocabulary file adds street and common names it lacks, pointing at a
  name it has; ``not_drugs`` removes names.

The knowledge base (:class:`factcheck.knowledge.kb.KnowledgeBase`) joins both to the claim set;
a concept of the claim set always wins (see there).
"""

from __future__ import annotations

import bz2
import importlib.util
import pickle
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator

from factcheck.errors import ModelDataError
from factcheck.knowledge.claimset import Concept
from factcheck.resources import ModelData

DICTIONARY_PACKAGE = "drug_named_entity_recognition"
DICTIONARY_FILE = "drug_ner_dictionary.pkl.bz2"
#: Prefix of the concept id of a drug known only from the dictionary ("dict_cetirizine").
DRUG_ID_PREFIX = "dict_"
_SLUG = re.compile(r"[^a-z0-9]+")
_FIRST_WORD = re.compile(r"[^\W_]+")


class VocabularyFile(ModelData):
    """``models/vocabulary.yaml``."""

    FILE = "vocabulary.yaml"

    concepts: tuple[Concept, ...] = ()
    drug_names: dict[str, str] = Field(default_factory=dict)
    """Extra drug names: name -> a name the dictionary has (both matched in lower case)."""
    not_drugs: frozenset[str] = frozenset()
    """Dictionary names that are not to be read as drugs."""

    @field_validator("drug_names")
    @classmethod
    def _lower_names(cls, value: dict[str, str]) -> dict[str, str]:
        return {k.lower(): v.lower() for k, v in value.items()}

    @field_validator("not_drugs")
    @classmethod
    def _lower(cls, value: frozenset[str]) -> frozenset[str]:
        return frozenset(w.lower() for w in value)


@dataclass(frozen=True)
class DictionaryDrug:
    """One drug of the dictionary."""

    id: str
    """Its concept id: :data:`DRUG_ID_PREFIX` and its name in lower case, non-alphanumerics as ``_``."""
    name: str
    drugbank: str


class DrugDictionary:
    """Drug names -> drugs, read from the dictionary package's data on first use.

    ``lookup(name)`` takes a lower-case name; ``first_words`` maps the first word of every name
    (its first run of letters and digits, lower case) to the names that start with it, longest
    first, for a matcher that reads a text token by token.
    """

    def __init__(self, path: str | Path | None = None, extra: dict[str, str] | None = None,
                 removed: frozenset[str] = frozenset()) -> None:
        self._path = Path(path) if path is not None else None
        self._extra = dict(extra or {})
        self._removed = removed
        self._lock = threading.Lock()
        self._names: dict[str, DictionaryDrug] | None = None
        self._by_id: dict[str, DictionaryDrug] = {}
        self._first: dict[str, tuple[str, ...]] = {}
        self.canonical: frozenset[str] = frozenset()
        """Names that are a drug's own name in the dictionary (not a synonym or brand)."""

    @staticmethod
    def data_path() -> Path | None:
        """The dictionary package's data file, or None if the package is not installed."""
        spec = importlib.util.find_spec(DICTIONARY_PACKAGE)
        if spec is None or not spec.submodule_search_locations:
            return None
        path = Path(next(iter(spec.submodule_search_locations))) / DICTIONARY_FILE
        return path if path.is_file() else None

    def _load(self) -> dict[str, DictionaryDrug]:
        with self._lock:
            if self._names is not None:
                return self._names
            path = self._path or self.data_path()
            if path is None:
                raise ModelDataError(f"the drug dictionary package {DICTIONARY_PACKAGE!r} is not installed "
                                     "(pip install drug-named-entity-recognition)")
            try:
                with bz2.open(path, "rb") as f:
                    data = pickle.load(f)  # the installed package's own data file
                variants: dict[str, list[str]] = data["drug_variant_to_canonical"]
                canonical: dict[str, dict] = data["drug_canonical_to_data"]
            except (OSError, EOFError, KeyError, TypeError, pickle.UnpicklingError) as exc:
                raise ModelDataError(f"{path}: cannot read the drug dictionary: {exc}") from exc
            drugs: dict[str, DictionaryDrug] = {}
            for key, record in canonical.items():
                drugbank = record.get("drugbank_id") if isinstance(record, dict) else None
                if not drugbank or "," in key or " and " in key or "(" in key:
                    continue
                cid = DRUG_ID_PREFIX + _SLUG.sub("_", key).strip("_")
                drugs[key] = DictionaryDrug(cid, key, str(drugbank))
            # names only of drugs the public meets: with a MedlinePlus, NHS or Wikipedia page
            # (about 1,800); the rest of the dictionary is mostly allergen extracts, foods,
            # reagents and research compounds, whose names are often ordinary words
            known = {key for key, record in canonical.items() if key in drugs and any(
                record.get(k) for k in ("medline_plus_id", "nhs_url", "wikipedia_url"))}
            names: dict[str, DictionaryDrug] = {}
            for name, keys in variants.items():
                if len(keys) != 1 or keys[0] not in known or name in self._removed or "," in name or "(" in name:
                    continue
                drug = drugs.get(keys[0])
                if drug is not None and _FIRST_WORD.match(name):
                    names[name] = drug
            for name, target in self._extra.items():
                drug = names.get(target) or drugs.get(target)
                if drug is None:
                    raise ModelDataError(f"vocabulary.yaml: drug_names: {name!r} points at {target!r}, "
                                         "which the drug dictionary does not have")
                names[name] = drug
            first: dict[str, list[str]] = {}
            for name in names:
                m = _FIRST_WORD.match(name)
                if m is not None:
                    first.setdefault(m.group(), []).append(name)
            self._first = {w: tuple(sorted(ns, key=len, reverse=True)) for w, ns in first.items()}
            self._by_id = {d.id: d for d in drugs.values()}
            self.canonical = frozenset(known)
            self._names = names
            return names

    def lookup(self, name: str) -> DictionaryDrug | None:
        return self._load().get(name)

    def by_id(self, cid: str) -> DictionaryDrug | None:
        self._load()
        return self._by_id.get(cid)

    @property
    def first_words(self) -> dict[str, tuple[str, ...]]:
        self._load()
        return self._first

    def names(self) -> dict[str, DictionaryDrug]:
        """Every name (lower case) -> its drug."""
        return self._load()

    @property
    def extra_names(self) -> frozenset[str]:
        """The names ``models/vocabulary.yaml`` adds (``drug_names``)."""
        return frozenset(self._extra)

    @property
    def loaded(self) -> bool:
        return self._names is not None


class Vocabulary:
    """The open vocabulary: the concepts of ``models/vocabulary.yaml`` and the drug dictionary."""

    def __init__(self, file: VocabularyFile, dictionary: DrugDictionary | None) -> None:
        self.concepts = file.concepts
        self.dictionary = dictionary

    @classmethod
    def load(cls, path: str | Path | None = None, *, drugs: bool = True) -> Vocabulary:
        file = VocabularyFile.load(path)
        dictionary = DrugDictionary(extra=file.drug_names, removed=file.not_drugs) if drugs else None
        return cls(file, dictionary)


@lru_cache(maxsize=1)
def shipped_vocabulary() -> Vocabulary:
    """The shipped vocabulary, one per process (the dictionary itself loads on first use)."""
    return Vocabulary.load()
