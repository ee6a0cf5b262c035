"""The curated claim set: schema (pydantic, ``extra="forbid"``) and loading.

A claim set is one or more YAML/JSON files, each holding any of the top-level keys
``sources``, ``concepts``, ``disjoint`` and ``facts``. Files are merged; ids must be unique
across them. Loading checks every reference (concept ids, parents, sources) and every
evidence quote against its source text at the recorded offsets, and raises
:class:`ClaimSetError` naming the file and the field or fact at fault.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from factcheck.errors import ClaimSetError
from factcheck.resources import claims_dir

ConceptType = Literal["drug", "class", "schedule", "receptor", "site", "condition", "effect", "route"]
Relation = Literal["is_a", "acts_on", "site", "effect", "use", "route"]
AliasKind = Literal["generic", "brand", "synonym", "plural", "misspelling", "abbreviation"]

#: Concept types that can stand as the object of an ``is_a`` claim.
CLASS_TYPES: frozenset[str] = frozenset({"class", "schedule"})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Alias(_Strict):
    text: str = Field(min_length=1)
    kind: AliasKind = "synonym"
    source: str | None = None
    """Where a brand name or other alias was taken from (its source of truth)."""
    case_sensitive: bool | None = None
    """Match the exact capitals ("Schedule I", not "schedule I made"); default: abbreviations only."""

    @property
    def exact(self) -> bool:
        return self.kind == "abbreviation" if self.case_sensitive is None else self.case_sensitive


class Concept(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    type: ConceptType
    name: str = Field(min_length=1)
    np: str | None = None
    """Indefinite noun phrase used in corrections ("an opioid"); derived from ``name`` if unset."""
    parents: tuple[str, ...] = ()
    aliases: tuple[Alias, ...] = ()
    note: str | None = None
    review: bool | str = False
    """Set by ``factcheck claims derive`` on a machine-made concept (true, or why): a curator
    must check it and remove the marker before ``factcheck check --claims`` accepts the file."""

    @field_validator("aliases", mode="before")
    @classmethod
    def _plain_aliases(cls, value: object) -> object:
        if isinstance(value, list):
            return [{"text": a} if isinstance(a, str) else a for a in value]
        return value

    @property
    def noun_phrase(self) -> str:
        if self.np:
            return self.np
        article = "an" if self.name[:1].lower() in "aeio" else "a"
        return f"{article} {self.name}"


class Disjointness(_Strict):
    id: str
    classes: tuple[str, ...] = Field(min_length=2)
    note: str | None = None


class Evidence(_Strict):
    source: str
    quote: str = Field(min_length=1)
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Fact(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    subject: str
    relation: Relation
    object: str
    polarity: bool = True
    qualifier: str | None = None
    exclusive: bool = False
    evidence: tuple[Evidence, ...] = Field(min_length=1)
    note: str | None = None
    review: bool | str = False
    """Set by ``factcheck claims derive`` on a machine-made fact (true, or why): a curator must
    check it and remove the marker before ``factcheck check --claims`` accepts the file."""


class Source(_Strict):
    id: str
    title: str
    path: str
    """Path of the source text, relative to the file that declares the source."""


class ClaimSetFile(_Strict):
    """What one claim-set file may hold."""

    sources: tuple[Source, ...] = ()
    concepts: tuple[Concept, ...] = ()
    disjoint: tuple[Disjointness, ...] = ()
    facts: tuple[Fact, ...] = ()


class ClaimSet(BaseModel):
    """The merged, checked claim set."""

    model_config = ConfigDict(frozen=True)

    sources: dict[str, Source]
    source_texts: dict[str, str]
    concepts: dict[str, Concept]
    disjoint: tuple[Disjointness, ...]
    facts: tuple[Fact, ...]
    origins: dict[str, str] = {}
    """"kind:id" -> the file that defines it, for error messages."""


def _read_file(path: Path) -> tuple[ClaimSetFile, dict[str, str]]:
    try:
        raw_text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ClaimSetError(f"{path}: cannot read claim-set file: {exc}") from exc
    try:
        data = json.loads(raw_text) if path.suffix == ".json" else yaml.safe_load(raw_text)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        raise ClaimSetError(f"{path}: not valid {'JSON' if path.suffix == '.json' else 'YAML'}: {exc}") from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ClaimSetError(f"{path}: top level must be a mapping with keys sources/concepts/disjoint/facts")
    try:
        parsed = ClaimSetFile.model_validate(data)
    except ValidationError as exc:
        raise ClaimSetError(f"{path}: {_describe(exc, data)}") from exc
    texts: dict[str, str] = {}
    for source in parsed.sources:
        src_path = (path.parent / source.path).resolve()
        try:
            texts[source.id] = src_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ClaimSetError(f"{path}: source {source.id!r}: cannot read {src_path}: {exc}") from exc
    return parsed, texts


def _describe(exc: ValidationError, data: dict) -> str:
    """One line per pydantic error, with the field path and the record id when there is one."""
    lines = []
    for err in exc.errors():
        loc = err["loc"]
        where = ".".join(str(p) for p in loc)
        if len(loc) >= 2 and isinstance(loc[1], int):
            try:
                rec = data[loc[0]][loc[1]]
                if isinstance(rec, dict) and "id" in rec:
                    where += f" (id {rec['id']!r})"
            except (KeyError, IndexError, TypeError):
                pass
        lines.append(f"field {where}: {err['msg']}")
    return "; ".join(lines)


def claim_files(path: Path) -> list[Path]:
    """The claim-set files of a path: the file itself, or the YAML/JSON files of a directory."""
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml", ".json") and p.is_file())
    if path.is_file():
        return [path]
    raise ClaimSetError(f"{path}: no such claim-set file or directory")


def load_claimset(paths: str | Path | Iterable[str | Path] | None = None) -> ClaimSet:
    """Load, merge and check claim-set files (default: the shipped ``claims/`` directory)."""
    files: list[Path] = []
    if isinstance(paths, (str, Path)):
        paths = [paths]
    for p in paths if paths is not None else [claims_dir()]:
        files.extend(claim_files(Path(p)))
    if not files:
        raise ClaimSetError("no claim-set files given")

    sources: dict[str, Source] = {}
    texts: dict[str, str] = {}
    concepts: dict[str, Concept] = {}
    disjoint: list[Disjointness] = []
    facts: list[Fact] = []
    origin: dict[str, Path] = {}  # "kind:id" -> file, to name both sides of a clash

    def claim(kind: str, key: str, file: Path) -> None:
        tag = f"{kind}:{key}"
        if tag in origin:
            raise ClaimSetError(f"{file}: duplicate {kind} id {key!r} (also defined in {origin[tag]})")
        origin[tag] = file

    for file in files:
        parsed, file_texts = _read_file(file)
        for s in parsed.sources:
            claim("source", s.id, file)
            sources[s.id] = s
        texts.update(file_texts)
        for c in parsed.concepts:
            claim("concept", c.id, file)
            concepts[c.id] = c
        for d in parsed.disjoint:
            claim("disjoint", d.id, file)
            disjoint.append(d)
        for f in parsed.facts:
            claim("fact", f.id, file)
            facts.append(f)

    for c in concepts.values():
        for parent in c.parents:
            if parent not in concepts:
                raise ClaimSetError(f"{origin['concept:' + c.id]}: concept {c.id!r}: unknown parent {parent!r}")
    for d in disjoint:
        for cid in d.classes:
            if cid not in concepts:
                raise ClaimSetError(f"{origin['disjoint:' + d.id]}: disjointness {d.id!r}: unknown concept {cid!r}")
    for f in facts:
        file = origin["fact:" + f.id]
        for role in ("subject", "object"):
            if getattr(f, role) not in concepts:
                raise ClaimSetError(f"{file}: fact {f.id!r}: field {role}: unknown concept {getattr(f, role)!r}")
        if f.relation == "is_a" and concepts[f.object].type not in CLASS_TYPES:
            raise ClaimSetError(f"{file}: fact {f.id!r}: field object: is_a needs a class or schedule, "
                                f"{f.object!r} is a {concepts[f.object].type}")
        for i, ev in enumerate(f.evidence):
            _check_evidence(file, f.id, i, ev, texts)
    _check_acyclic(concepts, origin)
    return ClaimSet(sources=sources, source_texts=texts, concepts=concepts,
                    disjoint=tuple(disjoint), facts=tuple(facts),
                    origins={k: str(v) for k, v in origin.items()})


def under_review(claimset: ClaimSet) -> list[str]:
    """"concept ID (file)" / "fact ID (file)" for every record still marked ``review``."""
    out = [f"concept {c.id!r} ({claimset.origins.get('concept:' + c.id, '?')})"
           for c in claimset.concepts.values() if c.review]
    out += [f"fact {f.id!r} ({claimset.origins.get('fact:' + f.id, '?')})" for f in claimset.facts if f.review]
    return out


def _check_evidence(file: Path, fact_id: str, i: int, ev: Evidence, texts: dict[str, str]) -> None:
    where = f"{file}: fact {fact_id!r}: field evidence.{i}"
    if ev.source not in texts:
        raise ClaimSetError(f"{where}.source: unknown source {ev.source!r}")
    text = texts[ev.source]
    found = text[ev.start:ev.end]
    if found != ev.quote:
        at = text.find(ev.quote)
        hint = f"; the quote occurs at start={at}, end={at + len(ev.quote)}" if at >= 0 else \
            "; the quote does not occur in the source at all"
        raise ClaimSetError(f"{where}: quote does not match source {ev.source!r} at "
                            f"[{ev.start}:{ev.end}] (found {found!r}){hint}")


def _check_acyclic(concepts: dict[str, Concept], origin: dict[str, Path]) -> None:
    state: dict[str, int] = {}

    def visit(cid: str, path: list[str]) -> None:
        if state.get(cid) == 2:
            return
        if state.get(cid) == 1:
            cycle = " -> ".join(path[path.index(cid):] + [cid])
            raise ClaimSetError(f"{origin['concept:' + cid]}: class hierarchy has a cycle: {cycle}")
        state[cid] = 1
        for parent in concepts[cid].parents:
            visit(parent, path + [cid])
        state[cid] = 2

    for cid in concepts:
        visit(cid, [])


def claim_paths(user: list[str] | None) -> list[str] | None:
    """The claim-set paths to load: None for the shipped set alone, else the shipped directory
    followed by the user's paths (each once; the shipped directory is not added twice)."""
    if not user:
        return None
    shipped = claims_dir()
    paths = [str(shipped)]
    seen = {shipped.resolve()}
    for p in user:
        key = Path(p).resolve()
        if key not in seen:
            seen.add(key)
            paths.append(p)
    return paths if len(paths) > 1 else None
