"""Notes, lists and subjectless sentences of a trusted document, restated as sentences.

A leaflet or a set of lecture notes about one drug states many facts without a sentence the
parser can read as a claim about that drug: fields ("Class: SNRI", "- Route: oral"), a heading
and the list under it ("Side effects:" then "- nausea"), a question and its answer, a dense entry
cut by semicolons ("Indications: depression; smoking cessation"), subjectless sentences ("Used
for anxiety.", "Acts on 5-HT1A receptors.", "Not a benzodiazepine."), a list of effects before
its verb ("Drowsiness and weight gain are common.") and a warning about stopping ("should not be
stopped suddenly, because withdrawal symptoms can occur").

:func:`restate` turns each into one or more plain sentences about the document's drug ("Venlafaxine
is used to treat panic disorder."), each tied to the span of the original words it restates. The
words and templates are data (``models/derive.yaml``). ``claims derive`` reads these sentences with
the ordinary pipeline after the document itself, and a fact found in one quotes the original span.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from factcheck.resources import models_dir

_BULLET = re.compile(r"^\s*(?:->|=>|[-*•–·▪→⇒]|\d{1,2}[.)])\s+")
# a negation word in a stretch of text: "not", "never", "no", "n't" (derive reads items with it too)
NEGATION = re.compile(r"\b(?:not|never|no)\b|n't\b", re.I)
# a label ends at ":", "=", a spaced dash or a leader of dots ("Form ........ tablets")
_LABEL = re.compile(r"^([A-Za-z](?:[A-Za-z0-9 /'’()?-]|\([^()\n]{0,30}\)){0,40}?)(?:\s*[:=]\s*|\s+[-–—]\s+|\s*(?:\.{3,}|…+)\s*)")
_ARROW_LABEL = re.compile(r"^([A-Za-z][A-Za-z0-9 /'’()-]{0,40}?)\s+(?:->|→|=>|⇒)\s+")
_MARKDOWN_HEADING = re.compile(r"\s*#{1,6}\s+")
_TABLE_RULE = re.compile(r"\s*\|?[\s:|-]*-[\s:|-]*\|?\s*")
_SPEAKER = re.compile(r"^(?:a|answer)\s*[:.]\s*", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")
_CLAUSE_BREAK = re.compile(r"(;|\s(?:->|→|=>|⇒)\s)")
_PAREN = re.compile(r"\s*\([^()]*\)")
_SCHEDULE = re.compile(r"(?:schedule\s+|c-?)?(i{1,3}|iv|v)(?:\s+controlled(?:\s+substance)?)?")


@dataclass(frozen=True)
class Restated:
    """A sentence about the document's drug and the span of the source it restates."""

    text: str
    start: int
    end: int
    relation: str | None = None
    """For an item of a list restated with a template: the relation it is listed under."""
    item: tuple[int, int] | None = None
    """... and where the item lies in ``text``."""


@dataclass(frozen=True)
class NotesRules:
    headings: dict[str, tuple[str, ...]]
    templates: dict[str, str]
    verbs: frozenset[str]
    participles: frozenset[str]
    skip_words: frozenset[str]
    values: dict[str, str]
    routes: dict[str, str]
    stop: re.Pattern[str]
    withdrawal: re.Pattern[str]
    denied: re.Pattern[str]
    stopping_statement: str
    effect_list_verbs: tuple[str, ...]
    not_list_starts: frozenset[str]
    shared: re.Pattern[str]
    item_prefix: re.Pattern[str]
    role: re.Pattern[str]
    empty_values: frozenset[str]
    rephrase: dict[str, str]
    list_subject: re.Pattern[str] | None = None
    list_heads: tuple[tuple[str, str], ...] = ()
    list_relations: frozenset[str] = frozenset()
    list_subject_words: int = 6
    list_not_subjects: frozenset[str] = frozenset()
    list_rank_words: frozenset[str] = frozenset()
    class_phrases: tuple[re.Pattern[str], ...] = ()
    target_phrases: tuple[tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], str], ...] = ()
    denied_templates: dict[str, str] = field(default_factory=dict)
    exact_labels: dict[str, str] = field(default_factory=dict)
    stopping_denial: re.Pattern[str] | None = None
    stopping_denied_statement: str = ""
    other_withdrawal: re.Pattern[str] | None = None
    none_labels: dict[str, str] = field(default_factory=dict)
    none_values: frozenset[str] = frozenset()
    absent_values: re.Pattern[str] | None = None
    frequency_words: frozenset[str] = frozenset()
    yes_no: dict[str, bool] = field(default_factory=dict)
    route_imperatives: dict[str, str] = field(default_factory=dict)
    use_cue: re.Pattern[str] | None = None
    use_stop: re.Pattern[str] | None = None
    use_suffix: re.Pattern[str] | None = None
    status_phrases: tuple[tuple[re.Pattern[str], str], ...] = ()
    site_phrases: tuple[tuple[re.Pattern[str], str], ...] = ()
    route_phrases: tuple[tuple[re.Pattern[str], str], ...] = ()
    effect_changes: dict[str, str] = field(default_factory=dict)
    effect_verbs: frozenset[str] = frozenset()
    effect_cue: re.Pattern[str] | None = None
    effect_cue_not: re.Pattern[str] | None = None
    system_labels: frozenset[str] = frozenset()
    frequency_label_words: frozenset[str] = frozenset()
    dosage_forms: re.Pattern[str] | None = None
    effect_feelings: dict[str, str] = field(default_factory=dict)
    denied_class: re.Pattern[str] | None = None
    class_noun: re.Pattern[str] | None = None
    denied_sites: dict[str, str] = field(default_factory=dict)
    class_properties: re.Pattern[str] | None = None
    class_adjective: re.Pattern[str] | None = None
    qualifiers: re.Pattern[str] | None = None
    imperatives: frozenset[str] = frozenset()
    class_copula: str = ""
    not_class_heads: frozenset[str] = frozenset()
    body_parts: frozenset[str] = frozenset()
    shared_adjectives: frozenset[str] = frozenset()
    state_participles: frozenset[str] = frozenset()
    contraindicated: re.Pattern[str] | None = None
    supplied_as: re.Pattern[str] | None = None
    stopping_causes: re.Pattern[str] | None = None
    site_lists: tuple[tuple[re.Pattern[str], bool], ...] = ()
    site_stop: re.Pattern[str] | None = None
    site_item_prefix: re.Pattern[str] | None = None

    @property
    def heading_phrases(self) -> frozenset[str]:
        return frozenset(_words(p) for phrases in self.headings.values() for p in phrases)

    @classmethod
    def load(cls, path: str | Path | None = None) -> NotesRules:
        with open(path or models_dir() / "derive.yaml", encoding="utf-8") as f:
            data = yaml.safe_load(f)
        stopping = data["stopping"]
        listed = data.get("list_subjects") or {}
        uses = data.get("use_phrases") or {}
        verbs = sorted((str(v) for v in listed.get("verbs", ())), key=len, reverse=True)
        return cls(
            headings={rel: tuple(str(p).lower() for p in phrases) for rel, phrases in data["headings"].items()},
            templates=dict(data["templates"]),
            verbs=frozenset(str(w).lower() for w in data["verbs"]),
            participles=frozenset(str(w).lower() for w in data["participles"]),
            skip_words=frozenset(str(w).lower() for w in data["skip_words"]),
            values={str(k).lower(): str(v) for k, v in data["values"].items()},
            routes={str(k).lower(): str(v) for k, v in data["routes"].items()},
            stop=re.compile(stopping["stop"], re.I),
            withdrawal=re.compile(stopping["withdrawal"], re.I),
            denied=re.compile(stopping["denied"] + "|" + stopping["other"], re.I),
            stopping_statement=stopping["statement"],
            stopping_denial=re.compile(stopping["denied"], re.I),
            stopping_denied_statement=str(stopping.get("denied_statement") or ""),
            other_withdrawal=re.compile(stopping["other"], re.I),
            none_labels={_words(str(k)): str(v) for k, v in ((data.get("none_fields") or {}).get("labels") or {}).items()},
            frequency_words=frozenset(_words(str(w)) for w in data.get("frequency_words") or ()),
            absent_values=re.compile(str(data["absent_values"]), re.I) if data.get("absent_values") else None,
            none_values=frozenset(_words(str(v)) for v in (data.get("none_fields") or {}).get("values") or ()),
            effect_list_verbs=tuple(str(w).lower() for w in data["effect_list_verbs"]),
            not_list_starts=frozenset(str(w).lower() for w in data["not_list_starts"]),
            item_prefix=re.compile(data["item_prefix"], re.I),
            role=re.compile(data["receptor_role"], re.I),
            empty_values=frozenset(str(v).lower() for v in data["empty_values"]),
            rephrase={str(k): str(v) for k, v in data["rephrase"].items()},
            shared=re.compile(r"\b((?:[\w-]+,\s+){0,8}[\w-]+,?\s+(?:and|or)\s+[\w-]+)\s+("
                              + "|".join(re.escape(str(h)) for h in data["shared_heads"]) + r")\b", re.I),
            list_subject=re.compile(r"^(?P<subject>.+?)\s+(?:" + "|".join(re.escape(v).replace(r"\ ", r"\s+")
                                                                        for v in verbs)
                                    + r")\s*:?\s+(?P<list>\S.*)$", re.I) if verbs else None,
            list_heads=tuple((str(w).lower(), rel) for rel, words in (listed.get("heads") or {}).items()
                             for w in words),
            list_relations=frozenset(str(r) for r in listed.get("relations", ())),
            list_subject_words=int(listed.get("max_subject_words", 6)),
            list_not_subjects=frozenset(str(w).lower() for w in listed.get("not_subject_words") or ()),
            list_rank_words=frozenset(str(w).lower() for w in listed.get("rank_words") or ()),
            denied_templates={str(k): str(v) for k, v in (data.get("denied_templates") or {}).items()},
            exact_labels={_words(str(w)): str(rel) for rel, words in (data.get("exact_labels") or {}).items()
                          for w in words},
            yes_no={_words(str(w)): answer == "yes" for answer, words in (data.get("yes_no") or {}).items()
                    for w in words},
            route_imperatives={str(k).lower(): str(v) for k, v in (data.get("route_imperatives") or {}).items()},
            use_cue=re.compile(uses["cue"], re.I) if uses.get("cue") else None,
            use_stop=re.compile(uses["stop"], re.I) if uses.get("stop") else None,
            use_suffix=re.compile(uses["item_suffix"], re.I) if uses.get("item_suffix") else None,
            status_phrases=tuple((re.compile(str(p["pattern"]), re.I), str(p["statement"]))
                                 for p in data.get("status_phrases") or ()),
            site_phrases=tuple((re.compile(str(p["pattern"]), re.I), str(p["statement"]))
                               for p in data.get("site_phrases") or ()),
            class_phrases=tuple(re.compile(str(p), re.I) for p in data.get("class_phrases") or ()),
            route_phrases=tuple((re.compile(str(p["pattern"]), re.I), str(p["statement"]))
                                for p in data.get("route_phrases") or ()),
            effect_changes={str(k).lower(): str(v) for k, v in (data.get("effect_changes") or {}).items()},
            effect_verbs=frozenset(str(w).lower() for w in data.get("effect_verbs") or ()),
            effect_cue=re.compile(data["effect_cue"], re.I) if data.get("effect_cue") else None,
            effect_cue_not=re.compile(data["effect_cue_not"], re.I) if data.get("effect_cue_not") else None,
            system_labels=frozenset(_words(str(w)) for w in data.get("system_labels") or ()),
            frequency_label_words=frozenset(_words(str(w)) for w in data.get("frequency_label_words") or ()),
            dosage_forms=re.compile(str(data["dosage_forms"]), re.I) if data.get("dosage_forms") else None,
            effect_feelings={str(k).lower(): str(v) for k, v in (data.get("effect_feelings") or {}).items()},
            denied_class=re.compile(str(data["denied_class"]), re.I) if data.get("denied_class") else None,
            class_noun=re.compile(str(data["class_noun"])) if data.get("class_noun") else None,
            class_properties=re.compile(str(data["class_properties"]), re.I) if data.get("class_properties") else None,
            class_adjective=re.compile(str(data["class_adjective"]), re.I) if data.get("class_adjective") else None,
            qualifiers=re.compile(str(data["qualifiers"]), re.I) if data.get("qualifiers") else None,
            body_parts=frozenset(str(w).lower() for w in data.get("body_parts") or ()),
            shared_adjectives=frozenset(str(w).lower() for w in data.get("shared_adjectives") or ()),
            state_participles=frozenset(str(w).lower() for w in data.get("state_participles") or ()),
            imperatives=frozenset(str(w).lower() for w in data.get("imperatives") or ()),
            class_copula=str(data.get("class_copula") or ""),
            not_class_heads=frozenset(str(w).lower() for w in data.get("not_class_heads") or ()),
            contraindicated=re.compile(str(data["contraindicated"]), re.I) if data.get("contraindicated") else None,
            supplied_as=re.compile(str(data["supplied_as"]), re.I) if data.get("supplied_as") else None,
            stopping_causes=re.compile(str(stopping["causes"]), re.I) if stopping.get("causes") else None,
            denied_sites={str(p["pattern"]): str(p["denied"]) for p in data.get("site_phrases") or () if p.get("denied")},
            site_lists=tuple((re.compile(str(c["cue"]), re.I), bool(c.get("draft", True)))
                             for c in (data.get("site_lists") or {}).get("cues") or ()),
            site_stop=re.compile(str(data["site_lists"]["stop"]), re.I) if data.get("site_lists") else None,
            site_item_prefix=re.compile(str(data["site_lists"]["item_prefix"]), re.I) if data.get("site_lists") else None,
            target_phrases=tuple((re.compile(t["cue"], re.I), re.compile(t["stop"], re.I), re.compile(t["item"], re.I),
                                  str(t["statement"])) for t in data.get("target_phrases") or ()),
        )


@lru_cache(maxsize=1)
def default_rules() -> NotesRules:
    return NotesRules.load()


@lru_cache(maxsize=1)
def open_object_rules() -> dict:
    """The ``open_objects`` section of ``models/derive.yaml``."""
    with open(models_dir() / "derive.yaml", encoding="utf-8") as f:
        return dict(yaml.safe_load(f)["open_objects"])


@lru_cache(maxsize=1)
def _bare_heads() -> frozenset[str]:
    """Head words that name an effect only with a modifier ("changes", "problems")."""
    return frozenset(str(w).lower() for w in open_object_rules().get("bare_heads") or ())


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+(?:[-'][a-z0-9]+)*", text.lower()))


def heading_relation(label: str, rules: NotesRules) -> str | None:
    """The relation a heading, field label or question is about (the longest phrase it holds)."""
    if _words(label) in rules.exact_labels:
        return rules.exact_labels[_words(label)]
    words = f" {_words(label)} "
    best: tuple[int, str] | None = None
    for rel, phrases in rules.headings.items():
        for phrase in phrases:
            if f" {_words(phrase)} " in words and (best is None or len(phrase) > best[0]):
                best = (len(phrase), rel)
    return best[1] if best else None


class _Writer:
    """Restates the parts of one document about ``drug``."""

    def __init__(self, text: str, drug: str, rules: NotesRules, blocked: Iterable[tuple[int, int]],
                 finite: Callable[[int, int], bool], names: Iterable[str] = ()):
        self.text = text
        self.finite = finite
        self.drug = drug
        # every name the document gives the drug ("PROPRANOLOL HYDROCHLORIDE" in a title,
        # "Propranolol" in its sentences), the longest first
        self.named = "|".join(re.escape(n) for n in sorted({drug, *names}, key=len, reverse=True) if n)
        self.rules = rules
        self.blocked = list(blocked)
        self.out: list[Restated] = []
        self.seen: set[Restated] = set()
        self.denied = False
        """Whether the heading or field now read denies its items ("Not indicated for:")."""
        self.undrafted = False
        """Whether the items now read name no draft concept (contraindications)."""

    # -------------------------------------------------------------- output
    def emit(self, sentence: str, start: int, end: int, relation: str | None = None,
             item: str | None = None) -> None:
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and (self.text[end - 1].isspace() or self.text[end - 1] in ".;,"):
            end -= 1
        if end <= start:
            return
        sentence = self.share_heads(re.sub(r"\s+", " ", sentence).strip())
        for said, meant in self.rules.rephrase.items():
            sentence = re.sub(rf"\b{re.escape(said)}\b", meant, sentence, flags=re.I)
        sentence = re.sub(r"\s+([.,;])", r"\1", sentence)
        sentence = sentence.rstrip(".").rstrip()
        # a code such as "SV2A", "CYP3A4" or "N&V" would keep a full stop right after it as its own
        sentence += " ." if re.search(r"\b[A-Za-z]+(?:\d\w*|[&/+]\w+)$", sentence) else "."
        where = None
        if item is not None:
            item = re.sub(r"\s+", " ", item).strip()
            at = sentence.find(item, len(self.drug))
            where = (at, at + len(item)) if at >= 0 else None
        restated = Restated(sentence, start, end, relation if where and not self.undrafted else None, where)
        if restated not in self.seen:
            self.seen.add(restated)
            self.out.append(restated)

    def finite_outside(self, start: int, item: str) -> bool:
        """Whether ``item`` (at ``start``) holds a finite verb outside its remarks in parentheses."""
        at = 0
        for m in list(re.finditer(r"\([^()]*\)", item)) + [None]:
            upto = m.start() if m else len(item)
            if item[at:upto].strip() and self.finite(start + at, start + upto):
                return True
            at = m.end() if m else upto
        return False

    def other_drug_before(self, start: int) -> bool:
        """Whether another drug is named in the paragraph before ``start``."""
        para = self.text.rfind("\n\n", 0, start)
        return any(para <= s < start for s, _ in self.blocked)

    def names_another_drug(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.blocked)

    # -------------------------------------------------------------- parts
    def part(self, start: int, end: int, rel: str | None, fragment_only: bool = False, denied: bool = False) -> None:
        """One sentence or list item (source span), under a heading about ``rel`` (that denies
        its items when ``denied``)."""
        self.denied = denied
        try:
            self._part(start, end, rel, fragment_only)
        finally:
            self.denied = False

    def _part(self, start: int, end: int, rel: str | None, fragment_only: bool) -> None:
        raw = self.text[start:end]
        lead = len(raw) - len(raw.lstrip())
        start, raw = start + lead, raw.strip()
        if not raw or raw.endswith("?") or self.names_another_drug(start, end):
            return
        m = _SPEAKER.match(raw)
        if m:
            start, raw = start + m.end(), raw[m.end():]
        m = _LABEL.match(raw)
        if m and re.search(r"\s(?:is|are)\s", m.group(1)) and heading_relation(m.group(1), self.rules) is None:
            m = None  # "Pantoprazole is a prodrug: after absorption ...": a sentence, no label
        if m is None or heading_relation(m.group(1), self.rules) is None:
            arrow = _ARROW_LABEL.match(raw)  # "Uses -> nausea; gastroparesis"
            if arrow and heading_relation(arrow.group(1), self.rules) is not None:
                m = arrow
        limit = 4
        if m and len(m.group(1).split()) <= limit and self.yes_no_field(m.group(1), start + m.end(), end):
            return  # "Controlled drug?: No"
        if m and len(m.group(1).split()) <= limit:
            field = heading_relation(m.group(1), self.rules)
            if field is not None:
                rel, start, raw = field, start + m.end(), raw[m.end():]
                fragment_only = False
                self.denied = _denies(m.group(1))  # "Not indicated for: ..."
                sub = _LABEL.match(raw)  # "Classification: Therapeutic: antihypertensive"
                if sub and sub.group(1).strip() and len(sub.group(1).split()) <= 3 and \
                        heading_relation(sub.group(1), self.rules) == field and ":" in raw[sub.end(1):sub.end()]:
                    start, raw = start + sub.end(), raw[sub.end():]
            elif rel is None:
                return  # "Drug: lamotrigine", "Exam tip: ...": no relation to state
            elif _words(m.group(1)) in self.rules.system_labels or self.frequency(m.group(1)):
                # "CNS: dizziness, headache", "Uncommon but serious: ...": only the items
                start, raw = start + m.end(), raw[m.end():]
            elif rel == "effect" and (re.search(r"\bsyndrome$", m.group(1).strip(), re.I) or
                                      len(_items(raw[m.end():])[:1][0][1].split() if _items(raw[m.end():]) else ()) > 3):
                # "Tardive dyskinesia: involuntary movements of the face, ...", "Neuroleptic malignant
                # syndrome: high fever, ...", under a heading of effects (wt-s, issue 13): a label over a
                # description, or a syndrome's, names the effect; the words after it are its signs (not
                # "Fluid and electrolyte imbalance: hypokalaemia, ...": a label over its effects)
                raw = raw[:m.end(1)]
            else:  # "epilepsy: focal seizures, ..." in a list of uses: both sides are items
                raw = raw[:m.end(1)] + ",".ljust(m.end() - m.end(1)) + raw[m.end():]
        for offset, piece in _clauses(raw):
            self.clause(start + offset, piece, rel, fragment_only)

    def cue_heading(self, text: str) -> tuple[str | None, bool]:
        """The relation of a short sentence that opens a list with a colon and names no heading
        phrase, read from the cue it ends with (wt-s, issue 13): "It helps with:", "It is also used
        for:" (uses, ``use_phrases``), "Oxybutynin is available as:", "It comes as:" (dosage forms,
        ``supplied_as``), "It can cause:" (effects, ``effect_cue``); the sentence must be about the
        drug (its name, "it", "this medicine"). The second value: whether the cue denies its items."""
        r = self.rules
        body = text.strip() + " "
        if not re.match(r"(?:[\w-]+\s+){0,3}?(?:(?:" + self.named + r")\b|it\b|this\s+(?:drug|medicine)\b)", body, re.I):
            return None, False
        for rel, cue in (("use", r.use_cue), ("route", r.supplied_as), ("effect", r.effect_cue)):
            m = None if cue is None else next((c for c in cue.finditer(body) if c.end() == len(body)), None)
            if m is not None:
                return rel, bool(NEGATION.search(body[:m.end()]))
        return None, False

    def frequency(self, text: str) -> bool:
        """Whether ``text`` says only how often or how gravely ("Uncommon but serious", "very rare")."""
        words = _words(text).split()
        return bool(words) and all(w in self.rules.frequency_label_words for w in words)

    def without_asides(self, start: int, end: int) -> None:
        """A sentence about the drug with an aside in parentheses ("Meclizine (also spelled meclozine;
        sold as Antivert) is a first-generation antihistamine", "acts as an antagonist (more precisely
        an inverse agonist) at histamine H1 receptors"), restated without it: the parser reads the
        sentence, not the aside. Not a sentence whose aside denies or doubts ("(not always)")."""
        raw = self.text[start:end]
        asides = [m for m in re.finditer(r"\s*\(([^()]*)\)", raw) if len(m.group(1).split()) >= 2]
        if not asides or any(re.search(r"\b(?:not|no|never|nor|unless|except|if|may|might)\b|n't\b", m.group(1), re.I)
                             for m in asides):
            return
        plain = re.sub(r"\s*\([^()]*\)", "", raw).strip()
        if len(plain.split()) < 5 or _LABEL.match(plain) or \
                not re.match(r"(?:[a-z]+ly,?\s+)?(?:(?:" + self.named + r")\b|it\s|its\s|this\s+(?:drug|medicine)\b|the\s+drug\b)", plain, re.I):
            return
        if not self.finite(start, end):
            return
        self.emit(plain, start, end)

    def field(self, label: str, start: int, end: int) -> None:
        """A field set as a table row ("| Drug class | Biguanide |"): ``label`` and the span of its
        value."""
        if len(label.split()) > 4 or self.yes_no_field(label, start, end):
            return
        rel = heading_relation(label, self.rules)
        if rel is not None:
            self.part(start, end, rel, denied=_denies(label))

    def yes_no_field(self, label: str, start: int, end: int) -> bool:
        """``"Controlled drug?: No"``: a field asking whether the drug is of a class the label names
        (a value of ``values``), answered yes or no."""
        said = _words(_PAREN.sub("", self.text[start:end]))
        answered = re.match(r"\s*(yes|no|y|n|true|false)\s*[;,.]", self.text[start:end], re.I)
        if answered:  # "Controlled drug: No; not subject to controlled drug regulations": the answer, then a remark
            said = answered.group(1).lower()
        denied_effect = self.rules.none_labels.get(_words(label))
        if denied_effect is not None and said in self.rules.none_values:  # "Dependence: none known"
            self.emit(f"{self.drug} does not cause {denied_effect}", start, end)
            return True
        route = self.rules.routes.get(_words(label).replace(" ", "-"))
        if route is not None and self.rules.absent_values is not None and self.rules.absent_values.match(said):
            self.emit(f"{self.drug} is not given {route}", start, end)  # "Injection: not available"
            return True
        answer = self.rules.yes_no.get(said)
        if answer is None:
            return False
        bare = label.strip().rstrip("?").strip()
        named = self.value(bare)
        if named.lower() == bare.lower() and len(bare.split()) <= 2 and self.rules.class_noun is not None and \
                self.rules.class_noun.search(bare) and not _ADJECTIVE_FORM.search(bare) and \
                _words(bare) not in _NOT_CLASSES | self.rules.not_class_heads and \
                heading_relation(bare, self.rules) is None:
            # "Prodrug: Yes": a class noun as the label, the drug of that class or not (maybe a new class)
            self.emit(f"{self.drug} is {'' if answer else 'not '}{_article(bare)} {bare.lower()}", start, end,
                      "is_a", bare.lower())
            return True
        if named.lower() == bare.lower() or not re.match(r"(?:an?|the)\s", named):
            return False
        self.emit(f"{self.drug} is {'' if answer else 'not '}{named}", start, end)
        return True

    def phrases(self, start: int, body: str, rel: str | None = None) -> None:
        """Legal status and where the drug acts stated in passing (``status_phrases``,
        ``site_phrases``, the latter in a sentence about the drug or a note about what it acts on),
        when nothing before the phrase in its clause denies it."""
        subjectless = _first_word(body) in self.rules.verbs  # "Crosses the BBB into the brain"
        sites = self.rules.site_phrases if rel in ("acts_on", "site") or subjectless or self.about_drug(body) else ()
        for pattern, statement in self.rules.status_phrases + sites + self.rules.route_phrases:
            m = pattern.search(body)
            # a denial counts in the phrase's own clause ("is not controlled and is available only on
            # prescription": not denied)
            own = re.split(r"\b(?:and|but|while|whereas|although)\b|[,;]", body[:m.start()])[-1] if m else ""
            if m is not None and re.search(r"\b(?:not|never|no|cannot)\b|n't\b", own, re.I) and \
                    pattern.pattern in self.rules.denied_sites:  # "does not cross the blood-brain barrier"
                self.emit(self.rules.denied_sites[pattern.pattern].format(drug=self.drug), start + m.start(),
                          start + m.end())
                continue
            if m is None or re.search(r"\b(?:not|never|no|cannot)\b|n't\b", own, re.I):
                continue
            item = (m.groupdict().get("item") or "brain").lower()
            item = "central nervous system" if item == "cns" else item
            if pattern in (p for p, _ in self.rules.route_phrases):  # "A liquid form is available"
                item = self.rules.routes.get(item.replace(" ", "-"), f"as {_article(item)} {item}")
            self.emit(statement.format(drug=self.drug, item=item), start + m.start(), start + m.end())
            if m.groupdict().get("item2"):  # "receptors in the smooth muscle of the prostate and bladder neck"
                self.emit(statement.format(drug=self.drug, item=m.group("item2").lower()), start + m.start(),
                          start + m.end())

    def site_list(self, start: int, body: str, rel: str | None) -> None:
        """Where the drug acts, said as a list of places after a verb or noun of location (``site_lists``):
        "it works in the brain as well as in the skin, nose and airways", "a receptor found in the walls
        of blood vessels, in the kidneys and in the adrenal glands", "its effects are seen mainly in the
        blood vessels and the kidneys". Each place is restated "acts in the <place>" (a place "A of B"
        gives A and B: "the parietal cells of the stomach lining"); under a cue that may draft, a place
        no concept names is a site item (a draft site), under the others only a known site counts. In
        a sentence about the drug (its name, "it", "its") or a note about what it acts on, when
        nothing before the cue in its clause denies it."""
        r = self.rules
        if r.site_stop is None or r.site_item_prefix is None:
            return
        # the cue in a clause about the drug: after its subject ("..., the drug acts throughout the body,
        # raising ... and influencing the heart"), or in a sentence opened by its action ("By blocking the
        # cotransporter in the distal tubule, it ..."); not in a clause about something else before it
        # ("Unlike opioids, which act on receptors in the brain, it ...")
        of_drug = rel in ("acts_on", "site") or self.about_drug(body) or re.match(r"by\s+\w+ing\b", body, re.I) is not None
        subject = None if of_drug else re.search(r"(?:^|[,;]\s*|\s(?:and|but|so)\s+)(?:it|its|(?:the|this)\s+(?:drug|medicine)|"
                                             + self.named + r")\s", body, re.I)
        if subject is None and not of_drug:
            return
        if not re.search(r"\b(?:" + self.named + r")\b", body, re.I) and self.other_drug_before(start):
            return  # "... taken with tramadol. It acts in ...": "it" may be the other drug (the pipeline decides)
        for cue, draft in r.site_lists:
            for m in cue.finditer(body):
                if subject is not None and m.start() < subject.end():
                    continue
                own = re.split(r"\b(?:and|but|while|whereas|although)\b|[,;]", body[:m.start()])[-1]
                if NEGATION.search(own + body[m.start():m.end()]):
                    continue
                stop = r.site_stop.search(body, m.end())
                listed = body[m.end():stop.start() if stop else len(body)]
                at = m.end()
                # (the separators are kept, at the odd places of the split)
                for k, piece in enumerate(re.split(r"(,\s*(?:and\s+|or\s+)?|\s+(?:and|or|as\s+well\s+as)\s+)", listed)):
                    if piece and k % 2 == 0:
                        self.site_item(start + at, piece, draft)
                    at += len(piece)

    def site_item(self, start: int, piece: str, draft: bool) -> None:
        """One place of a site list (``start`` is where ``piece`` begins)."""
        r = self.rules
        lead = r.site_item_prefix.match(piece) if r.site_item_prefix is not None else None
        at = lead.end() if lead else 0
        place = piece[at:].rstrip()
        if not place or not re.fullmatch(r"[A-Za-z][\w' -]*", place):
            return
        parts = [(at, place)]
        of = re.search(r"\s+of\s+(?:the\s+|your\s+)?", place)
        if of:  # "the walls of blood vessels", "the parietal cells of the stomach lining": each part a place
            parts = [(at, place[:of.start()]), (at + of.end(), place[of.end():])]
        for n, (p_at, part) in enumerate(parts):
            part = part.strip()
            if not part or len(part.split()) > 4 or \
                    any(o.text == f"{self.drug} acts in the {part}." for o in self.out):
                continue  # (said already by ``site_phrases``)
            # (the A of "A of B" counts only as a known site: "the smooth muscle of the prostate")
            self.emit(f"{self.drug} acts in the {part}", start + p_at, start + p_at + len(part),
                      "site" if draft and (n > 0 or len(parts) == 1) else None, part)

    def denied_classes(self, start: int, body: str) -> None:
        """``"It is not an antiplatelet agent and not a thrombolytic"``: each class denied (``denied_class``),
        in a sentence about the drug, when the named thing has the form of a class noun."""
        r = self.rules
        if r.denied_class is None or r.class_noun is None or not self.about_drug(body):
            return
        # "not a cardioselective (beta-1 selective) blocker": the remark is no part of the name
        bare = re.sub(r"\([^()]*\)", lambda p: " " * len(p.group()), body)
        for m in r.denied_class.finditer(bare):
            group = "item" if m.group("item") else "more"
            named = m.group(group)
            found = [(start + m.start(group), named)]
            alternative = _DENIED_ALTERNATIVE.match(bare, m.end(group)) if named is not None else None
            if alternative is not None:  # "not a beta blocker or an ACE inhibitor": neither
                found.append((start + alternative.start(1), alternative.group(1)))
            for at, named in found:
                if named is None or not r.class_noun.search(named) or re.search(r"\b(?:the|same|only|first|way|"
                                                                               r"substitute|cure)\b", named, re.I) \
                        or (len(named.split()) <= 2 and r.role.fullmatch("x " + named.split()[-1])):
                    continue  # "not an agonist": a role, no class ("not an H2 receptor antagonist" is one)
                item = " ".join(re.sub(r"^(?:an?)\s+", "", named).split())
                self.emit(f"{self.drug} is not {_article(item)} {item}", at, at + len(named), "is_a", item)
        self.different_from(start, body)
        if r.class_properties is None or r.class_adjective is None:
            return
        for m in r.class_properties.finditer(body):  # "possesses analgesic and antipyretic activity"
            if NEGATION.search(body[:m.start()]):
                continue
            at = m.start("list")
            for word in re.finditer(r"[\w-]+", m.group("list")):
                if word.group().lower() not in ("and", "or") and r.class_adjective.search(word.group()):
                    item = word.group().lower()
                    self.emit(f"{self.drug} is {_article(item)} {item}", start + at + word.start(),
                              start + at + word.end(), "is_a", item)

    def different_from(self, start: int, body: str) -> None:
        """``"which makes it different from SSRIs and from tricyclic antidepressants"``: each class the
        drug is set apart from is one it is not (not "different from other antidepressants", which
        makes it one), in a sentence about the drug."""
        r = self.rules
        if r.class_noun is None:
            return
        for m in _DIFFERENT_FROM.finditer(body):
            own = re.split(r"\b(?:and|but|while|whereas|although)\b|[,;]", body[:m.start()])[-1]
            if NEGATION.search(own + m.group()):
                continue
            tail = body[m.end():]
            stop = re.search(r"[.;:()]|\s(?:which|that|because|so|in|when|as|by)\s|,\s+(?!and\b|or\b|from\b)", tail)
            listed = tail[:stop.start()] if stop else tail
            at = m.end()
            for part in re.finditer(r"[^,]+?(?=\s*(?:,|\s(?:and|or)\s|$))", listed):
                piece = re.sub(r"^\s*(?:(?:and|or)\s+)?(?:from\s+)?", "", part.group())
                piece = re.split(r"\s+(?:such\s+as|like|including)\b", piece)[0].strip()
                if not piece or re.match(r"(?:most\s+|many\s+|the\s+|all\s+|some\s+)?other\b", piece, re.I):
                    continue
                piece = re.sub(r"^the\s+", "", piece)
                item = re.sub(r"(?<=[A-Z])s$", "", _singular(piece))
                if len(item.split()) > 4 or not r.class_noun.search(item.split()[-1]):
                    continue
                begin = start + at + part.start() + part.group().find(piece.split()[0])
                self.emit(f"{self.drug} is not {_article(item)} {item}", begin, begin + len(piece), "is_a", item)

    def class_copula(self, start: int, body: str) -> None:
        """``"Omeprazole is a prodrug that ..."``, ``"Chemically it is a substituted benzimidazole"``: a
        class the drug is said to be (``class_copula``), when its head has the form of a class noun and
        is no generic or relational word (``not_class_heads``, a head before "of"); a name no concept
        has becomes a draft class."""
        r = self.rules
        if not r.class_copula or r.class_noun is None:
            return
        m = re.match(r"(?:[\w-]+ly,?\s+)?(?:it|" + self.named + r")" + r.class_copula, body, re.I)
        if m is None:
            return
        item = re.sub(r"^an?\s+", "", m.group("item"))
        head = item.split()[-1].lower()
        not_heads = {str(w).lower() for w in open_object_rules().get("not_heads") or ()}
        if not r.class_noun.search(head) or head in r.not_class_heads | not_heads or head in _bare_heads() or \
                re.match(r"\s+of\b", body[m.end():]):
            return
        at = start + m.start("item") + len(m.group("item")) - len(item)
        self.emit(f"{self.drug} is {_article(item)} {item}", at, at + len(item), "is_a", item)

    def feelings(self, start: int, body: str, rel: str | None) -> None:
        """``"It can make you feel sick"``, ``"if it makes you drowsy"`` (``effect_feelings``) and, under a
        side-effect heading, ``"It may lower your sex drive"`` (``effect_changes``): the effect named."""
        subject = r"\b(?:it|this\s+(?:medicine|drug)|the\s+(?:medicine|drug)|" + self.named + r")\s+"
        modal = r"(?:(?:can|may|might|could|sometimes|often|also|usually|does|do|will)\s+)*"
        for m in re.finditer(subject + modal + r"(?P<neg>not\s+|n't\s+|never\s+)?(?:makes?|making)\s+(?:you|people|"
                             r"patients|some\s+people)\s+(?:feel\s+|become\s+)?(?:very\s+|a\s+(?:bit|little)\s+)?"
                             r"(?P<adj>[\w-]+)", body, re.I):
            effect = self.rules.effect_feelings.get(m.group("adj").lower())
            if effect is not None:
                said = "does not cause" if m.group("neg") else "can cause"
                self.emit(f"{self.drug} {said} {effect}", start + m.start(), start + m.end())
        if rel != "effect":
            return
        for m in re.finditer(subject + r"(?:(?:can|may|might|could|sometimes|often|also)\s+)+(?P<verb>[a-z]+)\s+"
                             r"(?:your\s+|the\s+)?(?P<what>[a-z][a-z -]{2,30}?)(?=\s*(?:[.,;]|$))", body, re.I):
            change = self.rules.effect_changes.get(m.group("verb").lower())
            if change is not None and len(m.group("what").split()) <= 3:
                self.emit(f"{self.drug} can cause {change} {m.group('what')}", start + m.start("verb"), start + m.end())

    def use_phrase(self, start: int, body: str) -> bool:
        """``"It is used for A, B and C"``, ``"is also prescribed for A and for B"``, ``"It is not
        effective for A"``: each item of the list after the cue, as an item under a heading of uses
        (denied when the cue is), when the drug (named, "it" or "the drug") is the subject."""
        r = self.rules
        if r.use_cue is None or r.use_stop is None:
            return False
        about = self.about_drug(body)
        said = False
        for m in r.use_cue.finditer(body):
            # the subject: the sentence's, or "it" (the drug's name) just before the cue ("..., even
            # though it is used in opioid withdrawal")
            if not about and all(m.groupdict().get(g) is None for g in ("it", "it2", "it3")) and \
                    not re.search(r"\b(?:it|" + self.named + r")\s+$", body[:m.start()], re.I):
                continue
            own = re.split(r"\b(?:and|but|while|whereas|although|though)\b|[,;]|\s[-–—]\s", body[:m.start()])[-1]
            if re.match(r"\s*(?:are|were)\b", m.group(), re.I) and not re.search(r"\b(?:" + self.named + r")\b", own, re.I):
                continue  # "both of those classes are also used for nausea": another subject, plural
            denied = any(m.groupdict().get(g) is not None for g in ("neg", "neg2", "neg3", "neg4"))
            if not denied and NEGATION.search(own):
                continue
            if denied and re.search(r"prevent|prophyla", m.group(), re.I):
                continue  # "it is not used to prevent migraine" denies no use for migraine
            stop = r.use_stop.search(_open_asides(body), m.end())
            listed = _open_asides(body)[m.end():stop.start() if stop else len(body)]
            at = m.end()
            # "for A, for B and for C": each "for" begins an item
            pieces = re.split(r"(,\s*(?:and\s+|or\s+)?(?=for\s(?!example\b)|to\s)|\s+(?:and|or)\s+(?=for\s|to\s))", listed)
            items: list[tuple[int, str]] = []
            for n, piece in enumerate(pieces):
                if n % 2 == 0:
                    lead = re.match(r"\s*(?:for\s+)?", piece)
                    offset = lead.end() if lead else 0
                    for i, item in _items(piece[offset:]):
                        cause = re.search(r"\s+(?:caused\s+by|due\s+to|resulting\s+from|associated\s+with)\s+", item)
                        if cause:  # "excessive sleepiness caused by narcolepsy": both
                            items += [(at + offset + i, item[:cause.start()]),
                                      (at + offset + i + cause.end(), item[cause.end():])]
                        else:
                            items.append((at + offset + i, item))
                at += len(piece)
            for i_start, item in list(items):
                narrowed = r.use_suffix.search(item) if r.use_suffix is not None else None
                if narrowed:  # "... in patients with atrial fibrillation": that condition is a use too
                    at = i_start + narrowed.start()
                    for found in re.finditer(r"\b(?:in\s+)?(?:adults?|children|people|patients|those|women|men)\s+"
                                             r"with\s+(.+?)(?=\s+(?:and|or)\s+(?:in\s+)?(?:adults?|children|"
                                             r"people|patients|those|women|men)\s+with\b|$)", narrowed.group()):
                        items.append((at + found.start(1), found.group(1)))
            for i_start, item in items:
                narrowed = r.use_suffix.search(item) if r.use_suffix is not None else None
                if narrowed:
                    item = item[:narrowed.start()]
                if not item or self.finite(start + i_start, start + i_start + len(item)):
                    continue
                self.denied = denied  # item() then restates it with the denied template
                try:
                    self.item(start + i_start, item, "use", r.templates["use"])
                    said = True
                finally:
                    self.denied = False
        return said

    def clause(self, start: int, raw: str, rel: str | None, fragment_only: bool) -> None:
        lead = len(raw) - len(raw.lstrip())
        start, body = start + lead, raw.strip().rstrip(".").strip()
        end = start + len(body)
        if not body:
            return
        words = body.split()
        k = 0
        while k < len(words) - 1 and (words[k].lower().strip(",") in self.rules.skip_words or (
                re.fullmatch(r"[a-z]{3,}ly", words[k].lower()) and words[k + 1].lower() in self.rules.verbs)):
            k += 1  # "Also blocks ...", "Competitively blocks ..."
        if words[k].lower() in ("no,", "yes,", "no.", "yes."):
            return  # an answer: the sentence after it speaks for itself
        first = words[k].lower().strip(",:")
        rest = " ".join(words[k + 1:])
        drug = self.drug
        if not self.denied:
            self.phrases(start, body, rel)
            self.site_list(start, body, rel)
            self.feelings(start, body, rel)
            self.denied_classes(start, body)
            self.class_copula(start, body)
        if k == 0 and first == "you" and len(words) > 2 and words[1].lower() in self.rules.route_imperatives:
            first, rest = words[1].lower(), " ".join(words[2:])  # "You swallow the tablets by mouth"
        if k == 0 and first in self.rules.route_imperatives and rest and not self.denied:
            # "Swallow the capsule whole": taken by mouth
            self.emit(f"{drug} is given {self.rules.route_imperatives[first]}", start, end)
            return
        if self.denied:  # "Not indicated for: A; B": only items, each denied
            template = self.rules.templates.get(rel) if rel else None
            items = _items(body)
            if template is not None and items and \
                    not self.finite(start + items[0][0], start + items[0][0] + len(items[0][1])):
                for i_start, item in items:
                    if not self.finite(start + i_start, start + i_start + len(item)):
                        self.item(start + i_start, item, rel or "", template)
            return
        if self.contraindication(start, body) or self.supplied(start, body):
            return
        if self.listed_after(start, body, rel) or self.listed_before(start, body) or self.class_phrase(start, body):
            return
        targeted = self.target_phrase(start, body, rel)
        # (a sentence opened by the action may go on to an effect: "Blockade of beta-2 receptors ... can
        # cause bronchoconstriction")
        if targeted and not re.match(_ACTION, body, re.I):
            return
        if (rel == "effect" or re.match(_ACTION, body, re.I)) and self.effect_cue(start, body):
            return
        if targeted:
            return
        if self.use_phrase(start, body) and self.about_drug(body):
            return  # (a use phrase after another clause leaves that clause to the rest: "NOT a diuretic, ...")
        items = _items(body)
        if len(items) > 1 and all(_first_word(i) in ("not", "no", "never") for _, i in items):
            for i_start, i in items:  # "NOT a benzodiazepine, NOT a barbiturate"
                self.clause(start + i_start, i, rel, fragment_only)
            return
        there = re.match(r"there\s+(?:is|are)\s+(no\s+.+)$", body, re.I) if k == 0 else None
        if there:  # "There is no inhaler or injection form."
            start, body = start + there.start(1), there.group(1)
            first, rest = "no", body[3:].strip()
        if first in ("not", "never", "no") and not rest:
            return
        if first in ("not", "never") and rest:
            if rel == "route" or _first_word(rest) in self.rules.routes:
                self.emit(f"{drug} is {first} given {self.route(rest)}", start, end)
            else:
                value = self.value(rest)
                named = re.match(r"(?:an?|the)\s+(.+)", value, re.I) if value == rest and rel in (None, "is_a") \
                    else None  # "not a dopamine antagonist": a class, maybe a new one
                self.emit(f"{drug} is {first} {value}", start, end, "is_a" if named else None,
                          _PAREN.sub("", named.group(1)) if named else None)
            return
        if first == "no" and rest:
            forms = re.sub(r"\s+(?:forms?|formulations?|preparations?|prep|versions?)$", "", rest, flags=re.I)
            kinds = re.split(r",\s*(?:or\s+|and\s+)?|\s+(?:or|and)\s+", forms)
            if len(kinds) > 1 and all(_first_word(n) in self.rules.routes for n in kinds):
                for n in kinds:  # "no inhaler or injection form": neither route
                    self.emit(f"{drug} is not given {self.route(n)}", start, end)
                return
            slashed = re.fullmatch(r"([\w-]+)/([\w-]+)(\s+[\w-]+)?", rest)
            if slashed and _first_word(rest) not in self.rules.routes:  # "no dependence/abuse potential"
                tail = slashed.group(3) or ""
                for word in (slashed.group(1), slashed.group(2)):
                    self.emit(f"{drug} has no {word}{tail if word == slashed.group(2) else ''}", start, end)
                return
            if _first_word(rest) in self.rules.routes:
                self.emit(f"{drug} is not given {self.route(rest)}", start, end)
            elif len(rest.split()) > 1:
                self.emit(f"{drug} has no {rest}", start, end)
            return
        if first in self.rules.verbs and rest:
            self.emit(f"{drug} {first} {rest}", start, end)
            return
        if first in self.rules.participles:
            routes = [(m.start(), m.group(0)) for m in re.finditer(r"[^,/]+", re.sub(r"\s(?:or|and)\s", lambda c: ",".ljust(len(c.group())), rest))]
            if first in ("given", "taken", "administered") and len(routes) > 1 and \
                    all(_first_word(r) in self.rules.routes for _, r in routes):  # "Given PO, IV or IM"
                at = start + len(body) - len(rest)
                for r_start, r in routes:
                    lead = len(r) - len(r.lstrip())
                    self.emit(f"{drug} is given {self.route(r.strip())}", at + r_start + lead,
                              at + r_start + len(r.rstrip()))
                return
            self.emit(f"{drug} is {first} {rest}", start, end)
            return
        if rel is None and not fragment_only and len(items) > 1:  # "Rx only, not controlled, no abuse potential"
            for i_start, i in items:
                if _first_word(i) in ("not", "no", "never"):
                    self.clause(start + i_start, i, rel, True)
                elif self.value(i) != i:
                    self.emit(f"{drug} is {self.value(i)}", start + i_start, start + i_start + len(i))
            return
        if rel is None and self.value(body) != body:  # "Rx only"
            self.emit(f"{drug} is {self.value(body)}", start, end)
            return
        if rel is None or fragment_only:
            if rel in ("effect", "stopping") and not self.caused(start, body):
                self.effect_list(start, body)
            return
        if rel in ("effect", "stopping") and self.caused(start, body):
            return  # "Long-term use can cause A, B and C", "The patch can cause skin irritation"
        if rel == "stopping" and self.effect_list(start, body):
            return  # "Physical dependence develops with regular use"
        if first in self.rules.imperatives:
            return  # "tell your doctor", "ask your pharmacist": advice, no item
        termed = _TERMED.fullmatch(body) if rel in ("effect", "use") else None
        described = termed is not None and re.search(r"\s(?:of|in|with)\s", termed.group("lay")) is not None
        clause = termed is not None and self.finite_outside(start, termed.group("lay"))
        if termed and ((rel == "effect" and (described or clause)) or (rel == "use" and described and clause)):
            # "swelling of the face, lips or tongue (angioedema)", "protecting the kidneys in people with
            # diabetes who have kidney disease (diabetic nephropathy)": the words describe what the term
            # in parentheses names; the term is the item (of uses, only where the words are a clause, no
            # item: "lowering the risk of stroke in people with ... (left ventricular hypertrophy)" names
            # the use before the remark; nor where the words are a plain item: "muscle aches (myalgia)" gives
            # both, unless the parser makes a verb of them)
            template = self.rules.templates[rel]
            self.item(start + termed.start("term"), termed.group("term"), rel, template)
            return

        if rel == "effect" and self.effect_list(start, body):
            return
        template = self.rules.templates.get(rel)
        if template is None:
            return
        if rel == "route" and first in self.rules.routes and k == 0 and len(_items(body)) == 1 and \
                not re.fullmatch(r"\S+\s+(?:suspensions?|solutions?|syrups?|liquids?|elixirs?)", _PAREN.sub("", body).strip(),
                                 re.I) and \
                not re.search(r"\s(?:and|or)\s|/", _PAREN.sub("", body)):  # "PO only (tabs, sprinkle caps)"
            self.emit(f"{drug} is given {self.rules.routes[first]}", start, end)
            inner = re.search(r"\(([^()]*)\)", body)
            listed = _items(inner.group(1)) if inner else []
            if listed and all(self.dosage_form(f) for _, f in listed):  # "(tablets, oral suspension)": each form
                for f_start, f in listed:
                    at = start + inner.start(1) + f_start if inner else start
                    self.emit(f"{drug} is given {self.route(f)}", at, at + len(f), "route", self.route(f))
            return
        items = _items(body)
        if rel == "use":
            items = _without_symptom_examples(items)
        if rel in ("use", "effect") and len(items) == 2 and re.match(r"(?:an?)\s", items[1][1], re.I) and \
                not re.search(r"\s(?:and|or)\s", body):
            items = items[:1]  # "trigeminal neuralgia, a severe facial nerve pain": the second describes the first
        # a remark in parentheses is no verb of the item ("inhibitor (-> explains several ADRs)",
        # "Vasospastic (Prinzmetal's) angina")
        if not items or self.finite_outside(start + items[0][0], items[0][1]):
            return  # a sentence, not a list
        for i_start, item in items:
            if not self.finite_outside(start + i_start, item):
                self.item(start + i_start, item, rel, template)

    def item(self, start: int, item: str, rel: str, template: str, until: int | None = None) -> None:
        end = start + len(item) if until is None else until  # (``until``: the source item's end, for a renamed item)
        words = item.split()
        if words and words[0].lower() in ("and", "or"):
            start += len(words[0]) + 1
            item = " ".join(words[1:])
        trailing = re.search(r"\s+(?:and|or)$", item)
        if trailing:  # "fatigue and, less often, vomiting"
            end, item = end - len(trailing.group()), item[:trailing.start()]
        if not item or item.lower().rstrip(".") in self.rules.frequency_words:
            return  # "Rarely, hyponatraemia ...": the frequency names no item
        if rel in ("effect", "use", "is_a"):  # "a heart rhythm change called QT prolongation": its name
            item = _CALLED.sub(lambda c: " " * len(c.group()), item)
            lead = len(item) - len(item.lstrip())
            start, item = start + lead, item.strip()
        first = item.split()[0].lower()
        if first == "not" and self.denied and len(item.split()) > 1:  # "Not in class: not an ACE inhibitor"
            start, item = start + 4, item[4:].lstrip()
            first = item.split()[0].lower()
        if first in ("not", "never", "no"):
            if len(item.split()) > 1 and not self.denied:
                self.clause(start, item, rel, False)
            return
        example = re.match(r"(?:such\s+as|including|especially|particularly)\s+", item, re.I)
        if example:  # "brain, including the chemoreceptor trigger zone": the example is an item too
            start, item = start + example.end(), item[example.end():]
        inside = re.fullmatch(r"([A-Za-z][\w-]*)\s*\(([A-Za-z][\w-]*)\)\s+([A-Za-z][\w -]*)", item) \
            if rel in ("is_a", "use", "effect") else None
        if inside and not self.frequency(inside.group(2)) and inside.group(2).islower() and \
                not (self.rules.class_noun is not None and self.rules.class_noun.search(inside.group(2))):
            # (not a second name, "Antiepileptic (anticonvulsant) drug", nor a proper name, "(Prinzmetal)")
            # "typical (first-generation) antipsychotic" (wt-s, issue 13): the head with each modifier
            self.item(start, f"{inside.group(1)} {inside.group(3)}", rel, template, start + len(item))
            self.item(start, f"{inside.group(2)} {inside.group(3)}", rel, template, start + len(item))
            return
        inner = re.fullmatch(r"(.+?)\s*\(([^()]*,[^()]*)\)", item) if rel in ("effect", "site") and not self.denied else None
        remarked = [(p, not re.search(r"\d|\b(?:in|on|at|of|with|for|after|seen|only|mostly|especially)\b", p) and
                     0 < len(p.split()) <= 4) for p in inner.group(2).split(",")] if inner else []
        if inner and re.search(r"\bsyndrome$", inner.group(1).strip(), re.I):
            # "neuroleptic malignant syndrome (high fever, stiff muscles, confusion)": the signs of the syndrome
            self.item(start, inner.group(1), rel, template)
            return
        if inner and remarked[0][1] and 2 * sum(ok for _, ok in remarked) > len(remarked):
            # "bleeding (nosebleeds, bleeding gums, easy bruising)", "heart (sinoatrial node, AV node)":
            # the item and each one the remark lists (not a remark that says more: "blood in the urine")
            self.item(start, inner.group(1), rel, template)
            at = start + inner.start(2)
            for part, ok in remarked:
                if ok:
                    self.item(at + len(part) - len(part.lstrip()), part.strip(), rel, template)
                at += len(part) + 1
            return
        m = re.search(r",?\s+such as\s+", item)
        if m and rel == "use" and re.search(r"\bsymptoms?\s+of\b", item[:m.start()], re.I):
            # "urinary symptoms of BPH, such as a weak stream": the examples are symptoms, not uses
            self.item(start, item[:m.start()], rel, template)
            return
        if m and rel in ("use", "effect", "is_a"):  # "itching caused by skin conditions such as hives"
            self.item(start, item[:m.start()], rel, template)
            examples = item[m.end():]
            at = start + m.end()
            parts = re.split(r"(,?\s+(?:and|or)\s+)", examples)
            if len(parts) > 1 and all(len(p.split()) <= 3 for p in parts[::2]):  # "such as aggression and irritability"
                for n, part in enumerate(parts):
                    if n % 2 == 0:
                        self.item(at, part, rel, template)
                    at += len(part)
            else:
                self.item(at, examples, rel, template)
            return
        m = self.rules.item_prefix.match(item) if rel != "route" else None
        if m and m.end() < len(item):  # "chemically a phenyltriazine", "short-term relief of anxiety"
            if self.denied and re.search(r"prevent|prophyla|relief", m.group(), re.I):
                return  # "not for the prevention of migraine" denies no use for migraine
            start, item = start + m.end(), item[m.end():]
        if item[:1].isupper() and item[1:2].islower() and not re.match(r"[\w-]+'s\s", item):  # (not "Meniere's disease")
            item = item[:1].lower() + item[1:]
        if _PAREN.sub("", item).strip().lower().rstrip(".") in self.rules.empty_values:
            return
        if rel == "effect" and item.lower().rstrip(".") in self.rules.body_parts:
            return  # "tightness in the chest, throat or jaw": a place, no effect
        if rel == "effect" and item.lower() in self.rules.effect_feelings:  # "you may feel sick"
            item = self.rules.effect_feelings[item.lower()]
        # (a state as written, not one restated from an arrow or a verb: "raised blood pressure", not "↓ thirst")
        stated = _first_word(item) in self.rules.state_participles and len(item.split()) > 1
        if rel == "effect" and not self.denied:
            change = re.match(r"(↑|↓|[A-Za-z]+)\s*(?:your\s+|the\s+)?(?=\S)", item)
            word = change.group(1).lower() if change else ""
            if word in self.rules.effect_changes:  # "↓ appetite", "raise your blood sugar"
                said = item[change.end():] if change else item
                item = f"{self.rules.effect_changes[word]} {said}"
            elif word in self.rules.effect_verbs and len(item.split()) > 1:  # "irritate your stomach and cause ulcers"
                self.emit(f"{self.drug} can {item}", start, end)
                return
        pair = re.fullmatch(r"(.+?)(,?\s+(?:and|or)\s+)(.+)", item)
        if pair and rel == "is_a" and self.denied and pair.group(2).strip() == "or" and self.rules.class_noun is not None \
                and all(self.rules.class_noun.search(p.strip()) for p in (pair.group(1), pair.group(3))):
            # "Not classed as: beta blocker, diuretic or ACE inhibitor": neither class
            self.item(start, pair.group(1), rel, template)
            self.item(start + pair.end(2), pair.group(3), rel, template)
            return
        if pair and rel == "use" and pair.group(2).strip() == "or" and \
                all(0 < len(p.split()) <= 3 and not re.search(r"\b(?:of|in|on|with|for)\b", p)
                    for p in (pair.group(1), pair.group(3))) and \
                (len(pair.group(1).split()) > 1 or len(pair.group(3).split()) == 1):
            # "bloody diarrhoea or dysentery": two uses ("hemiplegic or basilar migraine": one head)
            self.item(start, pair.group(1), rel, template)
            self.item(start + pair.end(2), pair.group(3), rel, template)
            return
        shared_modifier = pair is not None and len(pair.group(1).split()) == 2 and \
            pair.group(1).split()[1].lower() in self.rules.body_parts and pair.group(3).lower() in self.rules.body_parts
        if pair and not shared_modifier and (
                (rel == "effect" and all(len(p.split()) <= 3 and not re.search(r"\b(?:of|in|on|with)\b", p)
                                         for p in (pair.group(1), pair.group(3))))
                or (rel == "route" and all(_first_word(p) in self.rules.routes or self.dosage_form(p)
                                           for p in (pair.group(1), pair.group(3))))):
            # "nervousness and light-headedness", "transdermal and epidural": two items; "mood or
            # behaviour changes": the first shares the second's generic head
            heads = _bare_heads()
            tail = pair.group(3).split()
            if rel == "effect" and len(pair.group(1).split()) == 1 and len(tail) == 2 and (
                    tail[1].lower() in heads or pair.group(1).lower() in self.rules.shared_adjectives) and \
                    not re.search(r"(?:ness|ia|ache|tion|sis|itis)$", pair.group(1).lower()):
                # ("dizziness and menstrual changes": a noun of a condition names one of its own)
                # ("runny or blocked nose": "runny nose")
                self.emit(template.format(drug=self.drug, a="", item=f"{pair.group(1)} {tail[1]}"),
                          start, start + len(pair.group(1)), rel, f"{pair.group(1)} {tail[1]}")
            else:
                self.item(start, pair.group(1), rel, template)
            self.item(start + pair.end(2), pair.group(3), rel, template)
            return
        # (an abbreviation or a term of medicine: not "(overdose)", "(rare)")
        second = re.fullmatch(r"(.*\S)\s*\(([A-Z][A-Z0-9-]{2,7}|(?:[a-z][\w-]+\s+){0,2}[A-Za-z][\w-]{2,}(?:ia|osis|itis|oma|ema|"
                              r"pathy|algia|ism|ysis|iasis|rrhoea|rrhea|plegia|trophy|icity|tension))\)", item) \
            if rel in ("use", "effect") else None
        if second and not self.denied and rel == "effect" and \
                re.search(r"\s(?:on|when|after|upon|while|during)\s", second.group(1)):
            # "light-headedness on standing (orthostatic hypotension)": the term names what the
            # words before it describe ("dizziness and" before them is an item of its own)
            before = re.match(r"(.+?),?\s+(?:and|or)\s+\S", second.group(1))
            if before and len(before.group(1).split()) <= 3:
                self.item(start, before.group(1), rel, template)
            self.item(start + second.start(2), second.group(2), rel, template)
            return
        if second and not self.denied:  # "high LDL cholesterol (hypercholesterolaemia)": a second name
            self.item(start + second.start(2), second.group(2), rel, template)
        remark = re.search(r"\s*\(([^()]*)\)$", item) if rel in ("use", "effect") else None
        if remark and self.frequency(remark.group(1)):  # "thrombotic thrombocytopenic purpura (rare)"
            item = item[:remark.start()]
        if rel in ("use", "effect"):  # a remark in parentheses is no part of the name ("(SC injection only)")
            item = re.sub(r"\s*\([^()]*\s[^()]*\)|\s*\([^()]*\)(?=\s+\w)", "", item).strip()  # "Vasospastic (Prinzmetal's) angina"
        if rel == "use" and self.rules.use_suffix is not None:  # "... in people at increased risk"
            narrowed = self.rules.use_suffix.search(item)
            item = item[:narrowed.start()] if narrowed and narrowed.start() > 0 else item
        if rel == "use":  # "migraine prophylaxis", "COPD flare-ups": the use is migraine, COPD
            item = re.sub(r"(?<=\w)\s+(?:prophylaxis|prevention|treatment|management|control|symptoms|flare-ups?|"
                          r"exacerbations?)$", "", item, flags=re.I)
        if self.denied and rel == "use" and re.search(r"\s(?:during|in|from|after|with)\s", item):
            return  # "not used to relieve chest pain during an angina attack" denies no use for chest pain
        if self.denied:
            denied = self.rules.denied_templates.get(rel)
            if denied is None:
                return
            template = denied
        if rel == "route":
            item = self.route(item)
        elif rel == "acts_on":
            item = re.sub(r"^[↑↓]\s*|\s+(?:activity|function)$", "", _PAREN.sub("", item)).strip() or item
            enzyme = re.fullmatch(r"(?:(?:weak|potent|selective|competitive|reversible|irreversible)\s+)?"
                                  r"((?:[\w-]+\s+)?[\w-]+ase)\s+inhibitors?", item, re.I)
            if enzyme:  # "weak carbonic anhydrase inhibitor": the enzyme, and the class
                self.emit(f"{self.drug} is {_article(enzyme.group(1))} {enzyme.group(1)} inhibitor", start, end)
                item = enzyme.group(1)
            m = self.rules.role.fullmatch(item)
            if m:  # "5-HT1A partial agonist", "GABA-A receptor modulator"
                target = m.group(1)
                item = target if re.search(r"(?:receptor|transporter|channel|subunit|enzyme)s?$", target, re.I) \
                    else f"{target} receptors"
        elif rel == "is_a":
            inner = re.search(r"\s*\(([A-Za-z][\w -]*)\)$", item)
            if inner and _ROLE_HEAD.search(inner.group(1)) and _ROLE_HEAD.search(item[:inner.start()]):
                # "alpha-1 blocker (alpha-1A-selective adrenergic antagonist)": the role restated
                item, inner = item[:inner.start()], None
            if inner and len(inner.group(1).split()) <= 4 and _words(inner.group(1)) not in _NOT_CLASSES and \
                    not (self.rules.qualifiers is not None and self.rules.qualifiers.fullmatch(inner.group(1).strip())) and \
                    not re.fullmatch(r"[A-Z][A-Za-z]*[A-Z]s?", inner.group(1)):  # "(NDRI)" abbreviates the name
                # "Biguanide (oral antidiabetic)", "antiepileptic drug (anticonvulsant)": a second name
                self.item(start + inner.start(1), inner.group(1), rel, template)
                item = item[:inner.start()]
            item = self.value(item)
            bare = re.sub(r"\s+(?:in|at|on|within)\s+(?:the\s+)?[\w -]+$", "", _PAREN.sub("", item))
            # (a denied class says nothing of what the drug acts on: "not a calcium channel blocker")
            m = self.rules.role.fullmatch(bare) if not self.denied else None
            if m and re.search(r"(?:receptor|transporter|channel)s?$", m.group(1), re.I):
                # "5-HT3 receptor antagonist": a class named by what it acts on
                self.emit(self.rules.templates["acts_on"].format(drug=self.drug, a="", item=m.group(1)), start, end)
            elif m and re.fullmatch(r"[A-Za-z0-9-]*\d[A-Za-z0-9-]*", m.group(1)):
                # "5-HT4 agonist in the gut", "D2 antagonist": the receptor named by its code
                self.emit(self.rules.templates["acts_on"].format(drug=self.drug, a="", item=m.group(1) + " receptors"),
                          start, end)
        article = "" if {w.lower() for w in item.split()[:2]} & {"a", "an", "the"} or rel != "is_a" else \
            _article(item)
        said = item
        if rel == "effect" and not self.denied and (re.fullmatch(r"[A-Za-z]+ing", item) or stated):
            # "can cause flushing" is parsed as a verb; "can cause some flushing" is not (nor "can cause some
            # raised blood pressure")
            said = f"some {item}"
        self.emit(template.format(drug=self.drug, a=article, item=said).replace("  ", " "), start, end,
                  rel, item)

    def contraindication(self, start: int, body: str) -> bool:
        """``"Contraindicated in asthma."``, ``"It is contraindicated in patients with A or B"``: each
        condition named is one the drug is not used to treat (``contraindicated``); a name no concept
        has is not drafted ("pregnancy", "severe hepatic impairment" are states, not uses)."""
        r = self.rules
        m = r.contraindicated.match(body) if r.contraindicated is not None else None
        if m is None or (m.group("subject") and not self.about_drug(body)):
            return False
        listed = body[m.end():]
        self.denied = self.undrafted = True
        try:
            for i_start, item in _items(listed):
                for p_start, piece in _pieces(item):
                    if not self.finite(start + m.end() + i_start + p_start, start + m.end() + i_start + p_start + len(piece)):
                        self.item(start + m.end() + i_start + p_start, piece, "use", r.templates["use"])
        finally:
            self.denied = self.undrafted = False
        return True

    def supplied(self, start: int, body: str) -> bool:
        """``"It comes as film-coated tablets, chewable tablets for children, and oral granules"``: each
        dosage form after the cue (``supplied_as``), in a sentence about the drug."""
        r = self.rules
        m = r.supplied_as.search(body) if r.supplied_as is not None else None
        if m is None or not self.about_drug(body) or NEGATION.search(body[:m.start()]):
            return False
        listed = re.split(r"\s(?:that|which|who|to|so)\s|[;:]", body[m.end():])[0]
        said = False
        for i_start, item in _items(listed):
            for p_start, piece in _pieces(item):
                lead = re.match(r"(?:(?:and|or)\s+)?(?:as\s+)?", piece)
                p_start, piece = (p_start + lead.end(), piece[lead.end():]) if lead else (p_start, piece)  # "or as a syrup"
                piece = re.sub(r"\s+for\s+(?:children|adults|babies|infants)$", "", piece)
                if self.dosage_form(piece):
                    at = start + m.end() + i_start + p_start
                    self.emit(f"{self.drug} is given {self.route(piece)}", at, at + len(piece), "route", self.route(piece))
                    said = True
        return said

    def caused(self, start: int, body: str) -> bool:
        """Under a side-effect or stopping heading, ``"Long-term use can cause A, B and C"``, ``"The
        patch can cause skin irritation"``, ``"Sudden discontinuation can cause rebound hypertension,
        with nervousness and tremor"``: the subject is a way of taking (or stopping) the drug, not an
        effect; the effects are the items after the verb, up to the end of its clause (what comes
        with them after ", with" are their signs)."""
        m = _CAUSED.match(body)
        if m is None or self.denied:
            return False
        subject = m.group("subject")
        if re.search(r"\b(?:not|no|never|nothing)\b|n't\b", subject + " " + m.group("verb"), re.I) or \
                _first_word(subject) in ("it", "this", "they", "which", "that", "these", "those") or \
                _first_word(subject) in self.rules.effect_verbs or \
                _first_word(subject) == _first_word(self.drug) or self.names_another_drug(start, start + m.end()):
            return False
        listed = body[m.end():]
        stop = _CAUSED_STOP.search(listed)
        listed = listed[:stop.start()] if stop else listed
        for i_start, item in _items(listed):
            # "fluid retention and raised blood sugar", "a higher risk of infection and suppression of
            # the adrenal glands": each piece an item
            for p_start, piece in _pieces(item):
                at = start + m.end() + i_start + p_start
                if _first_word(piece) in self.rules.state_participles or not self.finite(at, at + len(piece)):
                    self.item(at, piece, "effect", self.rules.templates["effect"])
        return True

    def effect_list(self, start: int, body: str) -> bool:
        """``"Drowsiness, weight gain and dry mouth are common"``: the effects before the verb."""
        if _first_word(body) in self.rules.not_list_starts or self.denied or \
                _first_word(body) == _first_word(self.drug):
            return False
        lower = body.lower()
        cut = None
        for verb in self.rules.effect_list_verbs:
            m = re.search(rf"\s{re.escape(verb)}\b", lower)
            if m and (cut is None or m.start() < cut):
                cut = m.start()
        if cut is None or len(body[:cut].split()) > 20 or \
                set(_words(body[:cut]).split()) & self.rules.not_list_starts or (
                    self.rules.stop.search(body[:cut]) and
                    not re.search(r"\b(?:symptoms?|syndromes?|effects?|reactions?)\b", body[:cut], re.I)):
            return False  # ("Abrupt discontinuation may ...": the act of stopping, no effect)
        items = _items(body[:cut])
        if len(body[:cut].split()) > 10 and len(items) < 3:
            return False  # a long list has commas: "Nausea, sweating, tiredness and sexual problems such as ..."
        for i_start, listed in items:
            lead = re.match(r"(?:including|such\s+as|e\.g\.,?|notably)\s+", listed, re.I)
            if lead:  # "Extrapyramidal reactions, including acute dystonia, akathisia and parkinsonism, are ..."
                i_start, listed = i_start + lead.end(), listed[lead.end():]
            if listed[:1].isupper() and listed[1:2].islower():
                listed = listed[:1].lower() + listed[1:]
            if len(listed.split()) > 3 or re.search(r"\s(?:and|or)\s", listed):  # "tiredness and sexual problems such as reduced libido": its parts
                self.item(start + i_start, listed, "effect", self.rules.templates["effect"])
                continue
            self.emit(self.rules.templates["effect"].format(drug=self.drug, a="", item=listed),
                      start + i_start, start + i_start + len(listed), "effect", listed)
        return True

    def effect_cue(self, start: int, body: str) -> bool:
        """Under a side-effect heading, ``"some people get A"``, ``"if you notice B such as C or D"``:
        each item after the cue (``effect_cue``) up to the end of its clause, unless its clause denies it."""
        cue = self.rules.effect_cue
        said = False
        if self.rules.effect_cue_not is not None and self.rules.effect_cue_not.search(body):
            return False
        for m in cue.finditer(body) if cue is not None else ():
            own = re.split(r"\b(?:and|but|while|whereas|although|though)\b|[,;]", body[:m.start()])[-1]
            if NEGATION.search(own + body[m.start():m.end()]):
                continue
            # (a name in parentheses is no stop: "serious muscle breakdown (rhabdomyolysis)")
            stop = re.search(r"[.;:]|\((?=[^()]*\s[^()]*\))|\s(?:when|if|because|which|who|that|unless|while|after|before|so)\s|"
                             r",\s+(?:and\s+|but\s+)?(?:some|many|you|it|tell|call)\b",
                             body[m.end():])
            listed = body[m.end():m.end() + stop.start() if stop else len(body)]
            for i_start, item in _items(listed):
                if not self.finite(start + m.end() + i_start, start + m.end() + i_start + len(item)):
                    self.item(start + m.end() + i_start, item, "effect", self.rules.templates["effect"])
                    said = True
        return said

    def listed_after(self, start: int, body: str, heading: str | None = None) -> bool:
        """``"Common side effects include dizziness, nausea and headache"``: the items after the
        verb, under the relation of the heading words that are the subject (``list_subjects``);
        under a ``heading`` of such a relation, also "Others include ...", "The most common are ..."."""
        r = self.rules
        m = r.list_subject.match(body) if r.list_subject is not None else None
        if m is None:
            return False
        words = _words(m.group("subject")).split()
        if not words or len(words) > r.list_subject_words or {"not", "no", "never"} & set(words):
            return False
        rel = heading_relation(m.group("subject"), r) or next((rel for w, rel in r.list_heads if words[-1] == w), None)
        verb = body[m.end("subject"):m.start("list")]
        if rel is None and heading in r.list_relations and len(words) <= 3 and (
                (re.search(r"\binclude", verb, re.I) and not set(words) & r.list_not_subjects) or
                all(w in r.list_rank_words or w in r.frequency_label_words for w in words)):
            rel = heading  # the heading says what the subject's words leave out
        if rel not in r.list_relations:
            return False
        at, listed = m.start("list"), m.group("list")
        # a clause after the list is no item ("the treatment of A, whether caused by B or C")
        listed = re.split(r",\s+(?:whether|which|because|unless|if)\b", listed)[0]
        if re.match(r"(?:[a-z]+(?:ed|en|wn)|felt|found|met|kept|held)\s+(?:[a-z]+ly\s+)?(?:in|on|at|by|as|to|with|for|from)\b",
                    listed, re.I):
            return False  # "Its effects are seen mainly in the kidneys": a passive verb, no list
        colon = re.match(r"[\w-]+\s*:\s*", listed)  # "are uncommon: headache, ..."
        if colon:
            at, listed = at + colon.end(), listed[colon.end():]
        items = _items(listed)
        if len(items) == 1 and colon is None and " and " not in items[0][1] and " or " not in items[0][1]:
            return False  # "Side effects are rare."
        for i_start, item in items:
            if not self.finite(start + at + i_start, start + at + i_start + len(item)):
                self.item(start + at + i_start, item, rel, r.templates[rel])
            elif rel == "effect":  # "drowsiness and unsteady walking": a word the parser made a verb
                for p_start, piece in _pieces(item):
                    p_at = start + at + i_start + p_start
                    if len(_pieces(item)) > 1 and not self.finite(p_at, p_at + len(piece)):
                        self.item(p_at, piece, rel, r.templates[rel])
        return True

    def listed_before(self, start: int, body: str) -> bool:
        """``"A and B are its main uses"``, ``"Nausea and headache are the most common side
        effects"``: the items before the copula, under the relation of the heading words after it."""
        m = _LISTED_BEFORE.match(body)
        if m is None or NEGATION.search(body):
            return False
        rel = heading_relation(m.group("head"), self.rules)
        if rel not in self.rules.list_relations:
            return False
        for i_start, item in _items(m.group("list")):
            for p_start, piece in _pieces(item) if rel == "use" else [(0, item)]:
                at = start + m.start("list") + i_start + p_start
                if not self.finite(at, at + len(piece)):
                    self.item(at, piece, rel, self.rules.templates[rel])
        return True

    def class_phrase(self, start: int, body: str) -> bool:
        """``"It belongs to a group of antidepressants called SARIs"``: the drug (named, or "it")
        is a member of the named class (``class_phrases``)."""
        if not self.about_drug(body):
            return False
        for pattern in self.rules.class_phrases:
            m = pattern.search(body)
            if m is None or NEGATION.search(body[:m.start()]):
                continue
            named = m.group("item").strip()
            if not named or len(named.split()) > 6:
                continue
            item = _singular(named)
            item = item[:1].lower() + item[1:] if item[:1].isupper() and item[1:2].islower() else item
            at = start + m.start("item")
            self.emit(f"{self.drug} is {_article(item)} {item}", at, at + len(named), "is_a", item)
            return True
        return False

    def about_drug(self, body: str) -> bool:
        """Whether a sentence's subject is the drug: its name, "it", "the drug", its active form, or
        its action ("Blockade of beta-2 receptors ..."), after at most a short opening phrase ("In
        addition, amitriptyline is ...", "At the heart it ...")."""
        return re.match(r"(?:[^,]{1,30},\s*|(?:at|in|on|within)\s+the\s+[\w-]+(?:\s+[\w-]+)?\s+(?=it\s)|nor\s+is\s+(?=it\s))?"
                        r"(?:(?:it|its|(?:the|this)\s+(?:drug|medicine|medication|compound|agent)|(?:the|its)\s+active\s+"
                        r"(?:form|metabolite|moiety)|" + _ACTION + r")\s|(?:" + self.named + r")[\s,])", body, re.I) is not None

    def target_phrase(self, start: int, body: str, rel: str | None = None) -> bool:
        """``"It is a potent antagonist at H1 receptors and at muscarinic receptors"``, ``"works by
        blocking the reuptake of serotonin and noradrenaline"``: each target after the cue
        (``target_phrases``), when the drug (named, or "it") is the subject and nothing denies it."""
        subject = self.about_drug(body)
        said = False
        for cue, stop, item_pattern, statement in self.rules.target_phrases:
            for m in cue.finditer(body):
                if NEGATION.search(body[:m.start()]) or self.denied:
                    continue
                if not subject and (rel != "acts_on" or _ROLE_LEAD.fullmatch(body[:m.start()]) is None) and \
                        not (m.start() == 0 and _ACTION_OPENING.match(body)):
                    continue  # with no subject, only a note about what it acts on: "Mechanism: agonist at ..."
                end = stop.search(body, m.end())
                tail_end = end.start() if end else len(body)
                at = m.end()
                pieces = []
                for n, piece in enumerate(re.split(r"(,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)",
                                                   body[m.end():tail_end])):
                    lead = len(piece) - len(piece.lstrip())
                    if n % 2 == 0 and piece.strip():  # not a separator
                        pieces.append((at + lead, piece.strip(), item_pattern.fullmatch(piece.strip())))
                    at += len(piece)
                for k, (at, piece, found) in enumerate(pieces):
                    target = found.group(1) if found else None
                    if target is None and (len(piece.split()) == 1 or (
                            len(piece.split()) <= 3 and re.search(r"\d", piece.split()[-1]))):
                        # "5-HT1B and 5-HT1D receptors", "histamine H1 and alpha-1 adrenergic receptors"
                        words = next((f.group(1).split() for _, _, f in pieces[k + 1:] if f), [])
                        # (a code alone takes the adjective of the head too: "beta-1 and beta-2 adrenergic receptors")
                        head = " ".join(words[-2:]) if len(piece.split()) == 1 and len(words) > 1 and \
                            re.search(r"\d", piece) and re.search(r"(?:ergic|inic)$", words[-2]) else \
                            (words[-1] if words else None)  # ("muscarinic and alpha-1 adrenergic": not adrenergic)
                        shared = item_pattern.fullmatch(f"{piece} {head}") if head else None
                        target = shared.group(1) if shared else None
                    if target is not None and _first_word(target) in _COUNTS:
                        # "It inhibits two bacterial enzymes, DNA gyrase and topoisomerase IV": the names after it
                        said = self.named_after(start, body, tail_end, statement) or said
                        continue
                    if target is not None:
                        self.emit(statement.format(drug=self.drug, item=target), start + at, start + at + len(piece),
                                  "acts_on", target)
                        said = True
        return said

    def named_after(self, start: int, body: str, at: int, statement: str) -> bool:
        """The targets an apposition names after a counted one ("two bacterial enzymes, DNA gyrase and
        topoisomerase IV, which ..."): each an enzyme's name in "-ase" (maybe with a code) or a code."""
        m = re.match(r",\s*([^.;:()]*?)(?=,\s*(?:which|that|both|so)\b|[.;:()]|$)", body[at:])
        if m is None:
            return False
        said = False
        for i_start, piece in _items(re.sub(r"\s+(?:and|or)\s+", lambda c: ",".ljust(len(c.group())), m.group(1))):
            if _NAMED_TARGET.fullmatch(piece):
                p_at = start + at + m.start(1) + i_start
                self.emit(statement.format(drug=self.drug, item=piece), p_at, p_at + len(piece), "acts_on", piece)
                said = True
        return said

    def share_heads(self, sentence: str) -> str:
        """``"blocks 5-HT2A, 5-HT3 and H1 receptors"`` -> ``"blocks 5-HT2A receptors, 5-HT3
        receptors and H1 receptors"``: each modifier of a shared head gets it."""
        def spread(m: re.Match[str]) -> str:
            head = m.group(2)
            parts = re.split(r",?\s+(and|or)\s+|,\s+", m.group(1))
            names = [p for p in parts[::2] if p]
            conj = next((p for p in parts[1::2] if p), "and")
            return ", ".join(f"{n} {head}" for n in names[:-1]) + f" {conj} {names[-1]} {head}"
        def slash(m: re.Match[str]) -> str:
            first, second, head = m.group(1), m.group(2), m.group(3)
            if second[:1].isdigit():  # "5-HT1B/1D": the second borrows the first's letters
                lead = re.match(r"(.*?[A-Za-z-])(?=\d+[A-Za-z]*$)", first)
                second = (lead.group(1) if lead else "") + second
            return f"{first} {head} and {second} {head}"
        sentence = self.rules.shared.sub(spread, sentence)
        # "beta-1 and beta-2 adrenergic receptors": the shared head holds an adjective
        sentence = re.sub(r"\b([\w-]*\d[\w-]*)\s+(and|or)\s+([\w-]*\d[\w-]*)\s+([a-z]+(?:ergic|inic|ic)\s+(?:receptors?|channels?"
                          r"|transporters?))\b", lambda m: f"{m.group(1)} {m.group(4)} {m.group(2)} {m.group(3)} {m.group(4)}",
                          sentence)
        return re.sub(r"\b([\w-]+)/([\w-]+)\s+((?:[\w-]+\s+)?(?:receptor|channel|transporter|subunit|enzyme)s?)\b"
                      r"(?!\s+(?:agonist|antagonist|blocker|inhibitor|modulator)s?\b)", slash, sentence)

    # -------------------------------------------------------------- values
    def value(self, text: str) -> str:
        key = _PAREN.sub("", text).strip().lower().rstrip(".")
        key = re.sub(r"\s+in\s+(?:the\s+)?[a-z]{2,3}(?:\s*(?:/|and|,)\s*[a-z]{2,3})*$", "", key)  # "OTC in UK/US"
        m = _SCHEDULE.fullmatch(key)
        if m:  # "Schedule: C-IV", "Schedule IV (US)"
            return f"a Schedule {m.group(1).upper()} controlled substance"
        return self.rules.values.get(key, text)

    def route(self, text: str) -> str:
        """A route item restated ("PO" -> "by mouth", "oral suspension" -> "as oral suspension", "For
        oral use" -> "by mouth", "Tablet for oral administration" -> "as tablet")."""
        text = re.sub(r"^for\s+(?=\S+\s+(?:use|administration)$)", "", text.strip(), flags=re.I)
        text = re.sub(r"^as\s+(?=\S)", "", text, flags=re.I)  # "By mouth, once daily, as a tablet"
        # "swallowed by mouth as capsules": the route and the form; "tablet taken by mouth once
        # daily": the same, the form named first
        text = re.sub(r"^(?:swallowed|taken|given|administered)\s+(?=by\s+mouth\b|orally\b)", "", text, flags=re.I)
        first_form = re.match(r"(.+?)\s+(?:swallowed|taken|given)\s+(by\s+mouth|orally)\b", text, re.I)
        if first_form and self.dosage_form(first_form.group(1)):
            return f"{first_form.group(2)} as {first_form.group(1)}"
        text = re.sub(r"(?<=\S)\s+(?:use|administration)$", "", text, flags=re.I)
        form = re.match(r"(.+?)\s+for\s+\S+$", text)  # "Tablet for oral"
        if form and self.dosage_form(form.group(1)):
            text = form.group(1)
        first = _first_word(text)
        if self.dosage_form(text) and (len(text.split()) > 1 or first not in self.rules.routes):
            return f"as {text}"
        if first in self.rules.routes:
            return self.rules.routes[first]
        return text

    def title_forms(self) -> None:
        """``"Trazodone tablets: information for patients"``, ``"TAMSULOSIN 0.4 mg modified-release
        capsules"``: the dosage forms the title (the first line) names after the drug's name."""
        line = next(((a, b) for a, b in _lines(self.text) if self.text[a:b].strip()), None)
        if line is None:
            return
        title = self.text[line[0]:line[1]]
        named = re.search(r"\b(?:" + self.named + r")\b", title, re.I)
        if named is None or NEGATION.search(title):
            return
        for m in _TITLE_FORM.finditer(title, named.end()):
            said = self.route(m.group())
            self.emit(f"{self.drug} is given {said}", line[0] + m.start(), line[0] + m.end(), "route", said)

    def dosage_form(self, text: str) -> bool:
        """Whether ``text`` names a form the drug comes in ("capsules", "oral suspension", "a liquid")."""
        forms = self.rules.dosage_forms
        return forms is not None and forms.fullmatch(_PAREN.sub("", text).strip()) is not None

    # -------------------------------------------------------------- stopping
    def stopping_effects(self, start: int, sentence: str) -> None:
        """``"stopping abruptly may cause rebound acid hypersecretion"``, ``"sudden withdrawal can cause
        rebound tachycardia and worsening angina"``: what stopping causes, each an effect
        (``stopping.causes``)."""
        causes = self.rules.stopping_causes
        m = causes.search(sentence) if causes is not None else None
        if m is None:
            return
        listed = re.split(r"[.;:(]|\s(?:so|which|that|because|if|when|unless|and\s+(?:may|can|should|must))\s|"
                          r",\s+(?:so|but|and\s+so|with)\b", sentence[m.end():])[0]  # ", with nervousness": its signs
        # "withdrawal symptoms such as A and B": the examples are what stopping brings, not what the
        # drug causes
        listed = re.split(r",?\s+(?:such\s+as|like|including|e\.g\.)\s", listed)[0] \
            if re.match(r"(?:[\w-]+\s+){0,2}?(?:withdrawal|discontinuation)\b", listed, re.I) else listed
        for i_start, item in _items(listed):
            if not self.finite(start + m.end() + i_start, start + m.end() + i_start + len(item)):
                self.item(start + m.end() + i_start, item, "effect", self.rules.templates["effect"])

    def stopping(self, start: int, end: int) -> None:
        sentence = self.text[start:end]
        r = self.rules
        if not r.stop.search(sentence) or self.names_another_drug(start, end):
            return
        if not r.denied.search(sentence):
            self.stopping_effects(start, sentence)  # "stopping abruptly may cause rebound ..."
        if not r.withdrawal.search(sentence):
            return
        if not r.denied.search(sentence):
            self.emit(r.stopping_statement.format(drug=self.drug), start, end)
        elif r.stopping_denial is not None and r.stopping_denial.search(sentence) and r.stopping_denied_statement \
                and r.other_withdrawal is not None and not r.other_withdrawal.search(sentence):
            # "Stopping it does not produce the withdrawal symptoms seen with benzodiazepines"
            self.emit(r.stopping_denied_statement.format(drug=self.drug), start, end)


# "<a way of taking it> can cause <effects>" (:meth:`_Writer.caused`)
_CAUSED = re.compile(r"^(?P<subject>[^,;:()]{2,60}?)(?<!\sand)(?<!\sor)\s+(?P<verb>(?:(?:can|may|might|could|will|does|do|often|also|sometimes|"
                     r"commonly|occasionally|rarely|usually|not)\s+)*(?:cause|causes|lead\s+to|leads\s+to|result\s+in|"
                     r"results\s+in|produce|produces|trigger|triggers|bring\s+on|brings\s+on))\s+", re.I)
_CAUSED_STOP = re.compile(r"[.;:]|\((?=[^()]*\s[^()]*\))|\s(?:when|if|because|which|who|that|unless|while|after|before|so|"
                          r"in\s+(?:people|patients|children|adults))\s|,\s+(?:with|and\s+(?:some|many|you|it)|but|"
                          r"especially|particularly|so)\b")

# the drug's action as the subject of a sentence about it ("Blockade of beta-2 receptors in bronchial
# smooth muscle can cause bronchoconstriction")
_ACTION = r"(?:blockade|inhibition|stimulation|activation|antagonism)\s+of\s+[^,.;]{1,60}?"

_TITLE_FORM = re.compile(r"\b(?:(?:modified|extended|prolonged|delayed|sustained|controlled)-release\s+|film-coated\s+|"
                         r"chewable\s+|orally\s+disintegrating\s+|oral\s+)?(?:tablets?|capsules?|oral\s+solution|"
                         r"suspension|syrup|patch(?:es)?|injection|nasal\s+spray|cream|gel|ointment|eye\s+drops|inhalers?)\b",
                         re.I)

_DIFFERENT_FROM = re.compile(r"\b(?:is|are|makes?\s+it|making\s+it|being)\s+(?:quite\s+|very\s+|also\s+)?"
                             r"(?:different|distinct)\s+from\s+", re.I)

# lay words, then the term of medicine for them in parentheses, ending the item (:meth:`_Writer.clause`)
_TERMED = re.compile(r"(?P<lay>[^()]+?)\s*\((?P<term>(?:[a-z][\w-]+\s+){0,2}[a-z][\w-]{2,}(?:ia|osis|itis|oma|ema|pathy|algia|"
                     r"ism|ysis|iasis|rrhoea|rrhea|plegia|trophy|icity|tension|aemia|emia|uria|cardia|spasm)s?)\)",
                     re.I)

# a word with the form of an adjective ("Addictive: No", "Sedating: yes"): no class named
_ADJECTIVE_FORM = re.compile(r"(?:ive|ic|ing|ed|ous|al|ful|able|ible)$", re.I)

_ROLE_HEAD = re.compile(r"\b(?:agonist|antagonist|blocker|inhibitor|modulator)s?\s*$", re.I)

_NOT_CLASSES = frozenset({"us", "uk", "eu", "usa", "fda", "ema", "nhs", "brand", "generic", "rare", "rarely", "common",
                          "older", "new", "obsolete"})


def _article(phrase: str) -> str:
    """"a" or "an" before ``phrase`` (an acronym is read letter by letter: "an SNRI")."""
    word = phrase.split()[0] if phrase.split() else ""
    if len(word) > 1 and word.isupper():
        return "an" if word[0] in "AEFHILMNORSX" else "a"
    return "an" if word[:1].lower() in "aeiou" else "a"


# a sentence opened by the drug's action ("Weaker antagonism at histamine H1 ... receptors contributes to ...")
_ACTION_OPENING = re.compile(r"(?:[\w-]+\s+)?(?:blockade|inhibition|antagonism|agonism|stimulation|activation)\s+(?:of|at)\s", re.I)
_ROLE_LEAD = re.compile(r"(?:(?:an?|the|[\w-]+ly|selective|non-selective|potent|partial|full|inverse|weak|strong|"
                       r"competitive|mixed)\s+)*", re.I)


# the second class of a denial "not an A or a B" (both denied)
_DENIED_ALTERNATIVE = re.compile(r",?\s+(?:or|nor)\s+(an?\s+[\w-]+(?:\s+[\w-]+){0,2}?)(?=\s*(?:[,;.:)]|\s+(?:and|or|but|nor|so|"
                                 r"which|because|like|unlike|as|in|at|for|either|such)\b|$))", re.I)


_CALLED = re.compile(r"(?<![^\s,])(?:(?:an?|the)\s+)?(?:[\w-]+\s+){0,3}?[\w-]+\s+(?:called|known\s+as|termed)\s+(?=\S)", re.I)
_LISTED_BEFORE = re.compile(r"^(?P<list>[^:;]+?)\s+(?:are|is)\s+(?:its|the\s+drug's|the)\s+(?:(?:main|principal|chief|"
                            r"primary|usual|commonest|most\s+common|most\s+frequent|best-known)\s+)?"
                            r"(?P<head>uses|indications|side\s+effects|adverse\s+effects|unwanted\s+effects)\b", re.I)


def _denies(label: str) -> bool:
    """Whether a heading or field label denies its items ("Not indicated for", "Not used in")."""
    words = _words(label).split()
    # "Not indicated for", "Does not treat", "Forms not available"
    return bool(words) and (words[0] in ("no", "never") or "not" in words)


def _singular(phrase: str) -> str:
    """A class named in the plural, in the singular ("the azapirones" -> "azapirone", "serotonin
    antagonists and reuptake inhibitors" -> "serotonin antagonist and reuptake inhibitor")."""
    words = phrase.split()
    for k, word in enumerate(words):
        if k == len(words) - 1 or words[k + 1].lower() in ("and", "or"):
            if word.lower().endswith("ies") and len(word) > 4:
                words[k] = word[:-3] + "y"
            elif len(word) > 3 and word[-1] == "s" and word[-2:].lower() not in ("ss", "us", "is"):
                words[k] = word[:-1]
    return " ".join(words)


def _open_asides(body: str) -> str:
    """``body`` with an abbreviation in parentheses blanked ("obsessive-compulsive disorder (OCD)")
    and a parenthesis of examples read as part of its list ("pain (including dental pain and
    headache), fever" -> "pain , dental pain and headache , fever"), offsets unchanged."""
    body = re.sub(r"\s\([A-Z][A-Za-z0-9-]{1,7}\)", lambda m: " " * len(m.group()), body)
    return re.sub(r"\((\s*(?:including|includ\w+|e\.g\.,?|for\s+example,?|such\s+as)\s)([^()]*)\)",
                  lambda m: "," + " " * len(m.group(1)) + m.group(2) + ",", body)


def _clauses(raw: str) -> Iterable[tuple[int, str]]:
    """The parts of a note cut at semicolons and arrows (offsets into ``raw``), not inside
    parentheses ("Hypertension (the original use; no longer first-line)")."""
    depth, begin = 0, 0
    pos = 0
    while pos < len(raw):
        ch = raw[pos]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif depth == 0:
            m = _CLAUSE_BREAK.match(raw, pos)
            if m:
                if raw[begin:pos]:
                    yield begin, raw[begin:pos]
                begin = pos = m.end()
                continue
        pos += 1
    if raw[begin:]:
        yield begin, raw[begin:]


def _before_paren(item: str) -> int:
    """The length of ``item`` before a remark in parentheses that ends it (all of it if none)."""
    m = re.search(r"\s*\([^()]*\)\s*$", item)
    return m.start() if m and m.start() > 0 else len(item)


def _first_word(text: str) -> str:
    m = re.match(r"\s*([A-Za-z][A-Za-z'-]*)", text)
    return m.group(1).lower() if m else ""


def _items(body: str) -> list[tuple[int, str]]:
    """Comma-separated items (offsets into ``body``), not split inside parentheses."""
    out: list[tuple[int, str]] = []
    depth, begin = 0, 0
    body = body.replace(" + ", ",  ")  # "prokinetic + antiemetic"
    for i, ch in enumerate(body + ","):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif ch == "," and depth == 0:
            piece = body[begin:i]
            lead = len(piece) - len(piece.lstrip())
            if piece.strip():
                out.append((begin + lead, piece.strip()))
            begin = i + 1
    return _remarks_dropped(out)


# (wt-s, issue 13) a piece after a comma that says more about the item before it, not an item: a
# relative clause ("reduced sweating, which can lead to ...", "stress incontinence, the leakage that
# happens when you cough, laugh or sneeze": the pieces after it go on with the clause), an example
# that is no name ("needing to pass urine often, including at night", "bladder spasms, for example
# after surgery, and ..."), a participle with its circumstance ("a skin patch, changed twice a week")
_RELATIVE_REMARK = re.compile(r"(?:which|who|whose|where)\b|(?:the|a|an)\s+(?:[\w-]+\s+){0,3}?(?:that|which|who)\s", re.I)
_REMARK = re.compile(r"(?:usually|often|typically|normally|mostly|(?:including|especially|particularly|for\s+example|e\.g\.)"
                     r"\s+(?:at|in|on|after|before|during|when|if|with|for|while)|(?!followed\b)[a-z]+ed\s+(?:once|twice|daily|"
                     r"every|weekly|by|at|into|through|under|about|up\s+to|\d))\b", re.I)


def _remarks_dropped(items: list[tuple[int, str]]) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    if len(items) == 2 and re.match(r"the\s", items[1][1], re.I) and not re.match(r"(?:the|an?)\s", items[0][1], re.I):
        return items[:1]  # "stress incontinence, the leakage ...": an apposition
    for n, (at, item) in enumerate(items):
        if n > 0 and _RELATIVE_REMARK.match(item):
            break
        if n > 0 and _REMARK.match(item):
            continue
        out.append((at, item))
    return out


def _without_symptom_examples(items: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """A list of uses up to the examples of a condition's symptoms ("urinary symptoms of BPH, such
    as a weak stream, hesitancy and ...": the items from "such as" on are symptoms, not uses)."""
    for n, (_, item) in enumerate(items[:-1]):
        if re.search(r"\bsymptoms?\s+of\b", item, re.I) and re.match(r"such\s+as\b", items[n + 1][1], re.I):
            return items[:n + 1]
    return items


def _pieces(item: str) -> list[tuple[int, str]]:
    """An item cut at "or" and "and" (offsets into ``item``): "asthma or severe bradycardia"."""
    out: list[tuple[int, str]] = []
    at = 0
    for n, piece in enumerate(re.split(r"(\s+(?:and|or)\s+)", item)):
        if n % 2 == 0 and piece.strip():
            out.append((at + len(piece) - len(piece.lstrip()), piece.strip()))
        at += len(piece)
    return out


def _lines(text: str) -> Iterable[tuple[int, int]]:
    pos = 0
    for line in text.splitlines(keepends=True):
        yield pos, pos + len(line.rstrip("\r\n"))
        pos += len(line)


def _is_heading(line: str) -> bool:
    stripped = line.strip()  # a remark in parentheses does not count: "Adverse effects (know these)"
    numbered = _NUMBERED_HEADING.match(stripped)  # "3. PHARMACEUTICAL FORM", "4.8 Undesirable effects"
    if numbered:
        stripped = stripped[numbered.end():]
    return bool(stripped) and (numbered is not None or not _BULLET.match(line)) and \
        len(_PAREN.sub("", stripped).split()) <= 6 and (stripped.endswith(":") or stripped[-1] not in ".!?;,")


def restate(text: str, drug: str, *, rules: NotesRules | None = None,
            other_drugs: Iterable[tuple[int, int]] = (),
            finite: Callable[[int, int], bool] = lambda start, end: False,
            names: Iterable[str] = ()) -> list[Restated]:
    """Sentences about ``drug`` (its name as the document writes it) restating the document's
    notes, lists and subjectless sentences. ``other_drugs`` are character spans naming other
    drugs, whose parts are left alone; ``finite(start, end)`` tells whether a span holds a finite
    verb (a sentence, not a list item)."""
    rules = rules or default_rules()
    name = drug[:1].upper() + drug[1:].lower() if drug.isupper() or drug.islower() else drug
    w = _Writer(text, name, rules, other_drugs, finite, names)
    w.title_forms()
    rel: str | None = None
    after_heading = denied = False
    for start, end in _lines(text):
        line = text[start:end]
        stripped = line.strip()
        if not stripped:
            if not after_heading:
                rel, denied = None, False
            continue
        md = _MARKDOWN_HEADING.match(line)
        if md:  # "## Side effects"
            start += md.end()
            line = text[start:end]
            stripped = line.strip()
            if not stripped.endswith("?"):
                rel, after_heading = heading_relation(stripped.rstrip(":"), rules), True
                denied = rel is not None and _denies(stripped)
                continue
        row = _ROW.match(stripped) if not stripped.startswith("|") else None
        if row and len(row.group(1).split()) <= 4 and heading_relation(row.group(1), rules) is not None:
            # "Drug class      | NSAID": a table row without its outer bars
            cell = start + line.index("|") + 1
            w.field(row.group(1), cell, end)
            after_heading = False
            continue
        if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:  # a table row
            if not _TABLE_RULE.fullmatch(stripped):
                cells = [(m.start() + start, m.end() + start) for m in re.finditer(r"[^|]+", line)
                         if m.group().strip()]
                if len(cells) >= 2:
                    w.field(text[cells[0][0]:cells[0][1]].strip(), *cells[1])
            after_heading = False
            continue
        if stripped.endswith("?"):  # a question heads its answer
            rel, after_heading = heading_relation(_SPEAKER_Q.sub("", stripped), rules), True
            denied = False
            continue
        numbered = _NUMBERED_SECTION.match(stripped)
        if numbered and heading_relation(numbered.group(1), rules) is not None:
            # "4. Possible side effects", "1. What X is and what it is used for": a numbered section
            # heading of a patient leaflet in sentence case (a numbered list item names no heading phrase)
            rel, after_heading = heading_relation(numbered.group(1), rules), True
            denied = _denies(numbered.group(1))
            continue
        arrow = _ARROW_LABEL.match(stripped)  # "Uses -> nausea; gastroparesis" is a field
        listed_under = after_heading and rel is not None and "," in stripped and not stripped.endswith(":") and \
            heading_relation(stripped, rules) is None  # "## Side effects" then "nausea, dry mouth"
        if _is_heading(line) and (stripped.endswith(":") or _LABEL.match(stripped) is None) and \
                (arrow is None or heading_relation(arrow.group(1), rules) is None) and not listed_under:
            rel, after_heading = heading_relation(stripped.rstrip(":"), rules), True
            denied = rel is not None and _denies(stripped)
            if rel is None and stripped.endswith(":"):
                rel, denied = w.cue_heading(stripped[:-1])
            continue
        after_heading = False
        bullet = _BULLET.match(line)
        if bullet:
            start += bullet.end()
            line = text[start:end]
        # a line of sentences: each may be a field or a fragment; the first, under a heading,
        # may be a list ("A: Hay fever, hives and itchy eyes.")
        cursor = 0
        line_rel, listed = rel, 0
        for n, piece in enumerate(_SENTENCE_END.split(line)):
            at = line.index(piece, cursor)
            cursor = at + len(piece)
            head = piece.strip()
            label = _LABEL.match(head) if n == 0 else None
            if label and len(label.group(1).split()) <= 4 and heading_relation(label.group(1), rules) in ("use", "is_a") \
                    and not denied and not _denies(label.group(1)):
                # "Indications: HTN. Chronic stable angina. CAD.": the short sentences after a field
                # are more of its items
                line_rel, listed = heading_relation(label.group(1), rules), len(_SENTENCE_END.split(line))
            elif label and len(label.group(1).split()) <= 4 and heading_relation(label.group(1), rules) == "effect" \
                    and not denied and not _denies(label.group(1)):
                line_rel = "effect"  # "Side effects: A; B. Priapism is rare.": the later sentences are read as such
            elif n > 0 and listed > 1 and (len(head.split()) > 6 or _LABEL.match(head) or _first_word(head) in ("not", "no")
                                            or (len(_PAREN.sub("", head).split()) > 3 and finite(start + at, start + cursor))):
                listed = n - 1  # a sentence of its own ends the field's items
            if n == 0 and head.endswith(".") and len(head.split()) <= 4 and cursor < len(line.rstrip()):
                found = heading_relation(head, rules) if _words(head) in rules.heading_phrases else None
                if found is not None:  # "Uses. Heartburn; reflux disease; ulcers."
                    line_rel, listed = found, 1
                    continue
            w.stopping(start + at, start + cursor)
            w.without_asides(start + at, start + cursor)
            w.part(start + at, start + cursor, line_rel, fragment_only=n > listed, denied=denied and line_rel == rel)
    return w.out


_COUNTS = {"two", "three", "four", "several", "both", "various", "multiple", "many"}
_NAMED_TARGET = re.compile(r"(?:[\w-]+\s+){0,2}?[\w-]*[a-z]{3,}ase(?:\s+[A-Z0-9]{1,4})?|[A-Za-z][\w-]*\d[\w-]*")
_ROW = re.compile(r"([A-Za-z][^|]{0,40}?)\s*\|\s*\S[^|]*$")
_NUMBERED_HEADING = re.compile(r"\d{1,2}(?:\.\d{1,2})*\.?\s+(?=[A-Z][A-Z0-9,&/()'-]*\s[A-Z0-9 ,&/()'-]*$)|"
                               r"\d{1,2}\.\d{1,2}\s+(?=[A-Z])")
# "4. Possible side effects": a number, then up to ten words with no closing punctuation
_NUMBERED_SECTION = re.compile(r"\d{1,2}\.\s+([A-Z][^.!?;:,\s]*(?:\s+[^.!?;:,\s]+){0,9})\s*$")
_SPEAKER_Q = re.compile(r"^(?:q|question)\s*[:.]\s*", re.I)
