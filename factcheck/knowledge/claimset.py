"""The curated claim set: schema (pydantic, ``extra="forbid"``) and loading.

A claim set is one or more YAML/JSON files, each holding any of the top-level keys
``sources``, ``concepts``, ``disjoint`` and ``facts``. Files are merged; ids must be unique
across them. Loading checks every reference (concept ids, parents, sources) and every
evidence quote against its source text at the recorded offsets, and raises
:class:`ClaimSetError` naming the file and the field or fact at fault.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from factcheck.errors import ClaimSetError as ClaimSetError
from factcheck.errors import clip
from factcheck.resources import claims_dir
from factcheck.text.cleaning import sigma_forms

ConceptType = Literal["drug", "class", "schedule", "receptor", "site", "condition", "effect", "route"]
Relation = Literal["is_a", "acts_on", "site", "effect", "use", "route"]
AliasKind = Literal["generic", "brand", "synonym", "plural", "misspelling", "abbreviation", "street", "inn"]
Authority = Literal["cfr", "federal_register", "fda_epc", "fda_moa", "atc", "label", "reference"]
"""Who a reference fact cites: 21 CFR 1308.11-.15, a Federal Register rule, an FDA Established
Pharmacologic Class or Mechanism of Action term, a WHO ATC code, a drug label, or another
pharmacology or legal reference (a statute, a monograph)."""
Sense = Literal["everyday", "pharmacology", "structure", "therapeutic", "legal_us", "legal_state", "pharmacognosy"]
"""What defines a class: everyday usage (an umbrella over the senses below it), receptor action
(FDA EPC/MoA), chemical structure, therapeutic use, US federal law (the CSA and 21 CFR 1308),
a US state's own schedules (only on contested facts: the claim set's legal classes are federal),
or pharmacognosy (opium alkaloids)."""
FactStatus = Literal["established", "contested"]

#: The shape of an identifier, per authority (checked on load).
IDENTIFIER_PATTERNS: dict[str, re.Pattern[str]] = {
    "atc": re.compile(r"^[A-Z]\d\d[A-Z][A-Z]\d\d$"),
    "cfr": re.compile(r"^21 CFR 1308\.1[1-5](\([a-z0-9]+\))*(-1308\.1[1-5])?$"),
    "federal_register": re.compile(r"^\d+ FR \d+$"),
    "fda_epc": re.compile(r"^\S.* \[EPC\]$"),
    "fda_moa": re.compile(r"^\S.* \[MoA\]$"),
    "label": re.compile(r"^\S.{2,}$"),
    "reference": re.compile(r"^\S.{2,}$"),
}
#: Where each authority's citations must point (its official site; ATC: the WHOCC index entry).
URL_PREFIXES: dict[str, tuple[str, ...]] = {
    "atc": ("https://atcddd.fhi.no/atc_ddd_index/?code=",),
    "cfr": ("https://www.ecfr.gov/",),
    "federal_register": ("https://www.federalregister.gov/", "https://www.govinfo.gov/"),
}

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

    @field_validator("text")
    @classmethod
    def _sigma_forms(cls, value: str) -> str:
        """Greek small sigma in the form its place in the word calls for ("σοφόσ" -> "σοφός"),
        as the checked text is read (:func:`factcheck.text.cleaning.sigma_forms`): either
        spelling of an alias matches either spelling in a text."""
        return sigma_forms(value)

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
    sense: Sense | None = None
    """For a class or schedule: what defines it (see :data:`Sense`)."""
    definition: str | None = Field(default=None, max_length=400)
    """For a class: the definition the sense rests on, in the project's own words, with its
    authority ("a drug listed in 21 CFR 1308.11-1308.15")."""
    identifiers: dict[str, str] = Field(default_factory=dict)
    """Stable identifiers of the concept at an authority, by authority: ``drugbank: DB00341``,
    ``atc: R06A`` (a WHO ATC code or group)."""
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
    sense: Sense | None = None
    """The sense in which the classes exclude each other (one structure, one schedule ...)."""
    note: str | None = None


class Confirmation(_Strict):
    """That a citation was checked against its authority: when, and in what document."""

    on: dt.date
    """The day the identifier and the statement were checked (not in the future)."""
    via: str = Field(min_length=1, max_length=300)
    """The document read to check it: a URL or a citation of the text (its compilation date)."""

    @model_validator(mode="before")
    @classmethod
    def _yaml_on(cls, data: Any) -> Any:
        # YAML 1.1 reads an unquoted key ``on`` as the boolean true
        if isinstance(data, dict) and True in data and "on" not in data:
            data = {("on" if k is True else k): v for k, v in data.items()}
        return data

    @field_validator("via")
    @classmethod
    def _via_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("via names the document the citation was checked against; it is blank")
        return value.strip()

    @field_validator("on")
    @classmethod
    def _not_in_future(cls, value: dt.date) -> dt.date:
        if value > dt.date.today():
            raise ValueError(f"confirmed on {value.isoformat()}: a date in the future")
        return value


class Evidence(_Strict):
    """Either a verbatim quote from a source document of the claim set (``source``, ``quote``,
    ``start``, ``end``), or a citation by reference (``authority``, ``identifier``, ``url``,
    ``date``, ``statement``): an authority's stable identifier and what it establishes, in the
    project's own words. A citation never quotes its authority."""

    source: str | None = None
    quote: str | None = Field(default=None, min_length=1)
    start: int | None = Field(default=None, ge=0)
    end: int | None = Field(default=None, ge=0)
    authority: Authority | None = None
    identifier: str | None = None
    url: str | None = Field(default=None, pattern=r"^https://\S+$")
    date: dt.date | None = None
    """The date the cited fact holds from (a rule's effective date) or the version of the
    authority it was checked against."""
    statement: str | None = Field(default=None, min_length=1, max_length=300)
    confirmed: Confirmation | None = None
    """For a citation: when and where its identifier and statement were checked against the
    authority. Unset: cited but not yet confirmed."""
    unconfirmed: str | None = Field(default=None, min_length=1, max_length=300)
    """For a citation not confirmed: why not, in a line (what was searched and what no readable
    copy showed). Exclusive with ``confirmed``."""

    @field_validator("unconfirmed")
    @classmethod
    def _reason_not_blank(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("unconfirmed says why the citation is not confirmed; it is blank")
        return value.strip() if value is not None else None

    @model_validator(mode="after")
    def _one_form(self) -> Evidence:
        quoted = [self.source, self.quote, self.start, self.end]
        cited = [self.authority, self.identifier, self.url, self.statement]
        if all(v is not None for v in quoted) and self.authority is None and self.identifier is None \
                and self.url is None and self.statement is None and self.date is None:
            if self.confirmed is not None or self.unconfirmed is not None:
                field = "confirmed" if self.confirmed is not None else "unconfirmed"
                raise ValueError(f"a quote is checked against its source text on load; '{field}' is for citations")
            return self
        if any(v is not None for v in quoted):
            raise ValueError("evidence is either a quote (source, quote, start, end) or a citation "
                             "(authority, identifier, url, date, statement), not a mix")
        if self.confirmed is not None and self.unconfirmed is not None:
            raise ValueError("a citation is either confirmed (on, via) or unconfirmed with a reason, not both")
        missing = [n for n, v in zip(("authority", "identifier", "url", "statement"), cited) if v is None]
        if missing:
            raise ValueError(f"a citation needs {', '.join(missing)} (or give a quote: source, quote, start, end)")
        assert self.authority is not None and self.identifier is not None and self.url is not None
        if not IDENTIFIER_PATTERNS[self.authority].match(self.identifier):
            raise ValueError(f"identifier {self.identifier!r} is not a valid {self.authority} identifier "
                             f"(expected {IDENTIFIER_PATTERNS[self.authority].pattern})")
        prefixes = URL_PREFIXES.get(self.authority)
        if prefixes and not self.url.startswith(prefixes):
            raise ValueError(f"url {self.url!r}: a {self.authority} citation links to {' or '.join(prefixes)}")
        if self.authority == "atc" and not self.url.endswith(self.identifier):
            raise ValueError(f"url {self.url!r} does not name ATC code {self.identifier!r}")
        return self

    @property
    def cited(self) -> bool:
        """True for a citation by reference, False for a verbatim quote."""
        return self.authority is not None

    @property
    def label(self) -> str:
        """A short reference: "WHO ATC N02AX02", "21 CFR 1308.14(b)(3)", "source X [s:e]"."""
        if self.authority is None:
            return f"{self.source} [{self.start}:{self.end}]"
        return f"{AUTHORITY_NAMES[self.authority]} {self.identifier}".strip()


#: How each authority is named in findings.
AUTHORITY_NAMES: dict[str, str] = {
    "cfr": "", "federal_register": "", "fda_epc": "FDA", "fda_moa": "FDA", "atc": "WHO ATC",
    "label": "FDA label", "reference": "",
}


class Fact(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    subject: str
    relation: Relation
    object: str
    polarity: bool = True
    qualifier: str | None = None
    exclusive: bool = False
    evidence: tuple[Evidence, ...] = Field(min_length=1)
    sense: Sense | None = None
    """The sense the fact decides the object class in (default: the object class's own sense)."""
    scope: str | None = Field(default=None, min_length=1, max_length=200)
    """What the fact is limited to (a formulation, an approval status): "single-entity codeine".
    Scoped facts on one subject may place it in classes that otherwise exclude each other."""
    status: FactStatus = "established"
    """``contested``: authorities or usage disagree; a claim the fact reaches stays unverifiable,
    with ``note`` (required) as the reason."""
    note: str | None = None

    @model_validator(mode="after")
    def _contested_has_reason(self) -> Fact:
        if self.status == "contested" and not self.note:
            raise ValueError("a contested fact needs a note saying why")
        return self
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


def _read_file(path: Path, confine_sources: bool = True,
               source_dirs: tuple[Path, ...] = ()) -> tuple[ClaimSetFile, dict[str, str]]:
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
        if confine_sources and not any(src_path.is_relative_to(d) for d in (home, *source_dirs)):
            allowed = "" if not source_dirs else \
                f" (or the allowed {', '.join(repr(clip(str(d))) for d in source_dirs[:3])})"
            raise ClaimSetError(f"{where}: path {clip(source.path)!r} leads outside the claim file's "
                                f"directory {clip(str(home))!r}{allowed}; sources are read only from "
                                f"there unless a directory is allowed (source_dirs=[DIR] in the library, "
                                f"--allow-sources-outside DIR on the command line)")
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


def _describe(exc: ValidationError, data: dict[str, Any]) -> str:
    """One line per pydantic error, with the field path and the record id when there is one."""
    lines = []
    for err in exc.errors():
        loc = err["loc"]
        where = ".".join(str(p) for p in loc)
        if len(loc) >= 2 and isinstance(loc[1], int):
            try:
                rec = data[str(loc[0])][loc[1]]
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
                  confine_sources: bool = True,
                  source_dirs: Iterable[str | Path] = ()) -> ClaimSet:
    """Load, merge and check claim-set files (default: the shipped ``claims/`` directory).

    Source texts are read only from regular files of at most MAX_SOURCE_BYTES, and (with
    ``confine_sources``, the default) only from inside the directory of the claim file that
    declares them or inside one of ``source_dirs``: a source path that is absolute, climbs out
    with ``../`` or follows a link elsewhere raises ClaimSetError naming the claim file, so a
    claim file from elsewhere cannot make the loader read (and quote) any file the process can.
    ``confine_sources=False`` lifts the confinement (for claim files you trust)."""
    if isinstance(source_dirs, (str, Path)):  # one directory
        source_dirs = [source_dirs]
    allowed = tuple(Path(d).resolve() for d in source_dirs)
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
        parsed, file_texts = _read_file(file, confine_sources, allowed)
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
    if ev.cited:
        return
    assert ev.source is not None and ev.quote is not None  # a quote, not a citation
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
