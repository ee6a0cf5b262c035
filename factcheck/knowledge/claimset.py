"""The curated claim set: schema (pydantic, ``extra="forbid"``) and loading.

A claim set is one or more YAML/JSON files, each holding any of the top-level keys
``sources``, ``concepts``, ``disjoint`` and ``facts``. Files are merged; ids must be unique
across them. Loading checks every reference (concept ids, parents, sources) and every
evidence quote against its source text at the recorded offsets, and raises
:class:`ClaimSetError` naming the file and the field or fact at fault.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from factcheck.errors import ClaimSetError, clip
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


MAX_CLAIM_FILE_BYTES = 16 * 1024 * 1024
"""The largest claim-set file read."""

MAX_SOURCE_BYTES = 16 * 1024 * 1024
"""The largest source text read."""

MAX_DEPTH = 64
"""How deeply YAML/JSON values may nest in a claim-set file (the schema needs 5 levels)."""

MAX_NODES = 1_000_000
"""How many values a claim-set file may hold once YAML aliases are expanded (a few hundred
bytes of nested aliases would otherwise expand to billions: "billion laughs")."""

QUOTE_EXCERPT = 200
"""How much of a source's text an error message quotes, at most."""


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; anything else (a directory, a
    device such as /dev/zero, a FIFO, a larger file) is refused without being read. Raises
    ClaimSetError with the reason alone (the caller names the file)."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            raise ClaimSetError("not a regular file")
        if st.st_size > limit:
            raise ClaimSetError(f"larger than {limit} bytes")
        with open(path, "rb") as f:
            data = f.read(limit + 1)
    except OSError as exc:
        raise ClaimSetError(exc.strerror or str(exc)) from None
    if len(data) > limit:
        raise ClaimSetError(f"larger than {limit} bytes")
    return data


class _BoundedLoader(yaml.SafeLoader):
    """The safe YAML loader, refusing documents nested more than MAX_DEPTH deep or expanding
    (through aliases) to more than MAX_NODES values, before any Python value is built."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise ClaimSetError(f"nested more than {MAX_DEPTH} levels deep")
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _expanded_size(root: yaml.Node) -> int:
    """How many values a composed YAML document holds with every alias expanded, counted
    without expanding anything (each node's size once, iteratively)."""
    size: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if id(node) in size:
            continue
        children: list[yaml.Node] = []
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        if done:
            size[id(node)] = min(1 + sum(size[id(c)] for c in children), MAX_NODES + 1)
        else:
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in size)
    return size[id(root)]


def _load_yaml(text: str) -> object:
    loader = _BoundedLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if _expanded_size(node) > MAX_NODES:
            raise ClaimSetError(f"more than {MAX_NODES} values once its aliases are expanded")
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _depth_of(data: object) -> int:
    """How deeply a parsed JSON value nests (iteratively; stops counting past MAX_DEPTH)."""
    deepest = 0
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            break
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
    return deepest


def _read_file(path: Path, confine_sources: bool = False) -> tuple[ClaimSetFile, dict[str, str]]:
    try:
        raw = read_regular(path, MAX_CLAIM_FILE_BYTES)
    except ClaimSetError as exc:
        raise ClaimSetError(f"{path}: cannot read claim-set file: {exc}") from None
    try:
        raw_text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ClaimSetError(f"{path}: cannot read claim-set file: not UTF-8 text ({exc.reason} "
                            f"at byte {exc.start})") from None
    kind = "JSON" if path.suffix == ".json" else "YAML"
    try:
        if kind == "JSON":
            data = json.loads(raw_text)
            if _depth_of(data) > MAX_DEPTH:
                raise ClaimSetError(f"nested more than {MAX_DEPTH} levels deep")
        else:
            data = _load_yaml(raw_text)
    except ClaimSetError as exc:
        raise ClaimSetError(f"{path}: not a usable {kind} claim-set file: {exc}") from None
    except RecursionError:
        raise ClaimSetError(f"{path}: not a usable {kind} claim-set file: nested too deeply") from None
    except (yaml.YAMLError, ValueError) as exc:
        raise ClaimSetError(f"{path}: not valid {kind}: {clip(' '.join(str(exc).split()), 500)}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ClaimSetError(f"{path}: top level must be a mapping with keys sources/concepts/disjoint/facts")
    try:
        parsed = ClaimSetFile.model_validate(data)
    except ValidationError as exc:
        raise ClaimSetError(f"{path}: {_describe(exc, data)}") from exc
    texts: dict[str, str] = {}
    home = path.parent.resolve()
    for source in parsed.sources:
        src_path = (home / source.path).resolve()
        where = f"{path}: source {clip(source.id)!r}"
        if confine_sources and not src_path.is_relative_to(home):
            raise ClaimSetError(f"{where}: path {clip(source.path)!r} leads outside the claim file's "
                                f"directory {str(home)!r}")
        try:
            data_bytes = read_regular(src_path, MAX_SOURCE_BYTES)
        except ClaimSetError as exc:
            raise ClaimSetError(f"{where}: cannot read {src_path}: {exc}") from None
        try:
            texts[source.id] = data_bytes.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ClaimSetError(f"{where}: cannot read {src_path}: not UTF-8 text ({exc.reason} "
                                f"at byte {exc.start})") from None
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
                    where += f" (id {clip(str(rec['id']))!r})"
            except (KeyError, IndexError, TypeError):
                pass
        lines.append(f"field {clip(where, 200)}: {clip(err['msg'], 200)}")
        if len(lines) == 20:
            lines.append(f"and {len(exc.errors()) - 20} more")
            break
    return "; ".join(lines)


def claim_files(path: Path) -> list[Path]:
    """The claim-set files of a path: the file itself, or the YAML/JSON files of a directory."""
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml", ".json") and p.is_file())
    if path.is_file():
        return [path]
    if path.exists():
        raise ClaimSetError(f"{path}: not a claim-set file or directory (not a regular file)")
    raise ClaimSetError(f"{path}: no such claim-set file or directory")


def load_claimset(paths: str | Path | Iterable[str | Path] | None = None, *,
                  confine_sources: bool = False) -> ClaimSet:
    """Load, merge and check claim-set files (default: the shipped ``claims/`` directory).

    Source texts are read only from regular files of at most MAX_SOURCE_BYTES; with
    ``confine_sources`` (what the command line uses) a source must also resolve inside the
    directory of the claim file that declares it (no absolute path, no ``../`` or link out)."""
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
            raise ClaimSetError(f"{file}: duplicate {kind} id {clip(key)!r} (also defined in {origin[tag]})")
        origin[tag] = file

    for file in files:
        parsed, file_texts = _read_file(file, confine_sources)
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
                raise ClaimSetError(f"{origin['concept:' + c.id]}: concept {clip(c.id)!r}: unknown parent "
                                    f"{clip(parent)!r}")
    for d in disjoint:
        for cid in d.classes:
            if cid not in concepts:
                raise ClaimSetError(f"{origin['disjoint:' + d.id]}: disjointness {clip(d.id)!r}: unknown concept "
                                    f"{clip(cid)!r}")
    for f in facts:
        file = origin["fact:" + f.id]
        for role in ("subject", "object"):
            if getattr(f, role) not in concepts:
                raise ClaimSetError(f"{file}: fact {clip(f.id)!r}: field {role}: unknown concept "
                                    f"{clip(getattr(f, role))!r}")
        if f.relation == "is_a" and concepts[f.object].type not in CLASS_TYPES:
            raise ClaimSetError(f"{file}: fact {clip(f.id)!r}: field object: is_a needs a class or schedule, "
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
    where = f"{file}: fact {clip(fact_id)!r}: field evidence.{i}"
    if ev.source not in texts:
        raise ClaimSetError(f"{where}.source: unknown source {clip(ev.source)!r}")
    text = texts[ev.source]
    found = text[ev.start:ev.end]
    if found != ev.quote:
        at = text.find(ev.quote)
        hint = f"; the quote occurs at start={at}, end={at + len(ev.quote)}" if at >= 0 else \
            "; the quote does not occur in the source at all"
        raise ClaimSetError(f"{where}: quote does not match source {clip(ev.source)!r} at "
                            f"[{ev.start}:{ev.end}] (found {clip(found, QUOTE_EXCERPT)!r}){hint}")


def _check_acyclic(concepts: dict[str, Concept], origin: dict[str, Path]) -> None:
    """No concept is its own ancestor: an iterative depth-first search (a hierarchy of any depth
    is checked without recursion)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for root in concepts:
        if state.get(root):
            continue
        path: list[str] = [root]
        state[root] = 1
        stack = [iter(concepts[root].parents)]
        while stack:
            parent = next(stack[-1], None)
            if parent is None:
                stack.pop()
                state[path.pop()] = 2
                continue
            if state.get(parent) == 2:
                continue
            if state.get(parent) == 1:
                cycle = path[path.index(parent):] + [parent]
                shown = " -> ".join(clip(c) for c in cycle) if len(cycle) <= 20 else \
                    " -> ".join(clip(c) for c in cycle[:10]) + f" -> … ({len(cycle)} concepts) -> {clip(parent)}"
                raise ClaimSetError(f"{origin['concept:' + parent]}: class hierarchy has a cycle: {shown}")
            state[parent] = 1
            path.append(parent)
            stack.append(iter(concepts[parent].parents))


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
