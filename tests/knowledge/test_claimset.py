"""The claim-set schema and loader: the shipped set loads, and every malformed file is refused
with a ClaimSetError that says which file and which field or fact is at fault."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest
import yaml

from factcheck.knowledge.claimset import ClaimSet, ClaimSetError, load_claimset
from factcheck.knowledge.kb import KnowledgeBase
from factcheck.resources import claims_dir

SHIPPED_SOURCE = "000_6590c0cf6e42eeb2"
SOURCE_FILE = claims_dir() / "sources" / f"{SHIPPED_SOURCE}.txt"
SOURCE_TEXT = SOURCE_FILE.read_text(encoding="utf-8")

DENIAL = "Baclofen is not an opiate or an opioid."
RELAXANT = "It belongs to the drug class known as skeletal muscle relaxants"


def ev(quote: str, source: str = SHIPPED_SOURCE) -> dict:
    """Evidence with the offsets where the quote really is in the shipped source text."""
    start = SOURCE_TEXT.index(quote)
    return {"source": source, "quote": quote, "start": start, "end": start + len(quote)}


def write(path: Path, data: dict | str) -> Path:
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True),
                    encoding="utf-8")
    return path


def standalone(tmp_path: Path) -> dict:
    """A small self-contained claim-set file (its own source, concepts and one fact)."""
    (tmp_path / "sources").mkdir(exist_ok=True)
    shutil.copy(SOURCE_FILE, tmp_path / "sources" / "doc.txt")
    return {
        "sources": [{"id": "doc", "title": "copy of the shipped source", "path": "sources/doc.txt"}],
        "concepts": [
            {"id": "baclofen", "type": "drug", "name": "baclofen"},
            {"id": "opioid", "type": "class", "name": "opioid"},
            {"id": "opiate", "type": "class", "name": "opiate", "parents": ["opioid"]},
        ],
        "facts": [
            {"id": "baclofen-not-opioid", "subject": "baclofen", "relation": "is_a", "object": "opioid",
             "polarity": False, "evidence": [ev(DENIAL, "doc")]},
        ],
    }


def user_fact(fid: str, subject: str, obj: str, polarity: bool = True, quote: str = DENIAL) -> dict:
    """A fact for a user file loaded beside the shipped claim set (cites the shipped source)."""
    return {"id": fid, "subject": subject, "relation": "is_a", "object": obj, "polarity": polarity,
            "evidence": [ev(quote)]}


def load_error(*paths: Path | str) -> str:
    with pytest.raises(ClaimSetError) as info:
        load_claimset(list(paths))
    return str(info.value)


def naming(msg: str, *files: Path) -> str:
    """Assert that the message names each file; return it with the paths blanked out, so that
    later keyword checks cannot be satisfied by a word of a path (pytest names tmp dirs after
    the test)."""
    for f in files:
        assert str(f) in msg, f"{f} not named in: {msg}"
    for f in files:
        msg = msg.replace(str(f), "<file>")
    return msg


# ---------------------------------------------------------------------------- the shipped set

@pytest.fixture(scope="module")
def shipped() -> ClaimSet:
    return load_claimset()


def _shipped_evidence() -> list[tuple[str, int, object]]:
    cs = load_claimset([claims_dir()])
    return [(f.id, i, e) for f in cs.facts for i, e in enumerate(f.evidence) if not e.cited]


def test_shipped_claim_set_loads_from_default_and_explicit_path(shipped):
    explicit = load_claimset([claims_dir()])
    assert shipped.facts == explicit.facts
    assert SHIPPED_SOURCE in shipped.source_texts
    assert shipped.source_texts[SHIPPED_SOURCE] == SOURCE_TEXT
    # the core facts the checker relies on are curated
    ids = {f.id for f in shipped.facts}
    assert {"baclofen-not-opiate", "baclofen-not-opioid", "baclofen-is-skeletal-muscle-relaxant",
            "oxycodone-is-opioid", "fentanyl-is-opioid", "oxycodone-schedule-ii",
            "baclofen-not-controlled-substance"} <= ids


@pytest.mark.parametrize("fact_id,index,evidence", _shipped_evidence(),
                         ids=[f"{fid}[{i}]" for fid, i, _ in _shipped_evidence()])
def test_every_shipped_quote_is_the_source_text_at_its_offsets(shipped, fact_id, index, evidence):
    text = shipped.source_texts[evidence.source]
    assert 0 <= evidence.start < evidence.end <= len(text)
    assert text[evidence.start:evidence.end] == evidence.quote


def test_shipped_ids_are_unique_and_references_resolve(shipped):
    fact_ids = [f.id for f in shipped.facts]
    assert len(fact_ids) == len(set(fact_ids))
    for f in shipped.facts:
        assert f.subject in shipped.concepts and f.object in shipped.concepts, f.id
    for c in shipped.concepts.values():
        assert set(c.parents) <= set(shipped.concepts), c.id


def test_standalone_file_is_valid(tmp_path):
    """Positive control for the error cases below, which each break one thing of this file."""
    path = write(tmp_path / "mine.yaml", standalone(tmp_path))
    cs = load_claimset([path])
    assert [f.id for f in cs.facts] == ["baclofen-not-opioid"]
    assert cs.concepts["opiate"].parents == ("opioid",)


def test_user_file_loads_beside_the_shipped_set(tmp_path):
    """Positive control for the combined error cases: a new, consistent fact is accepted."""
    path = write(tmp_path / "extra.yaml", {"facts": [user_fact("fentanyl-not-muscle-relaxant", "fentanyl",
                                                                "muscle_relaxant", polarity=False)]})
    cs = load_claimset([claims_dir(), path])
    assert "fentanyl-not-muscle-relaxant" in {f.id for f in cs.facts}
    KnowledgeBase(cs)  # consistent: no error


# ---------------------------------------------------------------------------- schema errors

def test_unknown_top_level_key(tmp_path):
    data = standalone(tmp_path)
    data["claims"] = []
    path = write(tmp_path / "mine.yaml", data)
    msg = naming(load_error(path), path)
    assert "claims" in msg


@pytest.mark.parametrize("record,key", [("facts", "confidence"), ("concepts", "synonyms")])
def test_unknown_key_in_a_record(tmp_path, record, key):
    data = standalone(tmp_path)
    data[record][0][key] = "x"
    path = write(tmp_path / "mine.yaml", data)
    msg = naming(load_error(path), path)
    assert key in msg
    assert repr(data[record][0]["id"]) in msg  # the record is named by its id


@pytest.mark.parametrize("field,value", [
    ("polarity", "maybe"),
    ("relation", "causes"),
    ("subject", ["baclofen"]),
    ("evidence", []),
])
def test_wrong_type_or_value_in_a_fact(tmp_path, field, value):
    data = standalone(tmp_path)
    data["facts"][0][field] = value
    path = write(tmp_path / "mine.yaml", data)
    msg = naming(load_error(path), path)
    assert field in msg
    assert "'baclofen-not-opioid'" in msg


def test_wrong_concept_type(tmp_path):
    data = standalone(tmp_path)
    data["concepts"][1]["type"] = "molecule"
    path = write(tmp_path / "mine.yaml", data)
    msg = naming(load_error(path), path)
    assert "type" in msg and "'opioid'" in msg


# ---------------------------------------------------------------------------- evidence errors

@pytest.mark.parametrize("shift", [1, -1, 5])
def test_quote_at_wrong_offsets_says_where_it_really_is(tmp_path, shift):
    data = standalone(tmp_path)
    evidence = data["facts"][0]["evidence"][0]
    real_start, real_end = evidence["start"], evidence["end"]
    evidence["start"] += shift
    evidence["end"] += shift
    path = write(tmp_path / "mine.yaml", data)
    msg = naming(load_error(path), path)
    assert "'baclofen-not-opioid'" in msg and "evidence.0" in msg
    assert f"start={real_start}, end={real_end}" in msg
    # and it shows what is at the wrong offsets
    assert repr(SOURCE_TEXT[real_start + shift:real_end + shift]) in msg


def test_quote_absent_from_source(tmp_path):
    data = standalone(tmp_path)
    evidence = data["facts"][0]["evidence"][0]
    evidence["quote"] = "Baclofen is an opiate."  # not in the source
    evidence["end"] = evidence["start"] + len(evidence["quote"])
    assert evidence["quote"] not in SOURCE_TEXT
    path = write(tmp_path / "mine.yaml", data)
    msg = naming(load_error(path), path)
    assert "'baclofen-not-opioid'" in msg and "evidence.0" in msg
    assert "does not occur" in msg


def test_quote_of_an_unknown_source(tmp_path):
    data = standalone(tmp_path)
    data["facts"][0]["evidence"][0]["source"] = "nowhere"
    path = write(tmp_path / "mine.yaml", data)
    msg = naming(load_error(path), path)
    assert "'baclofen-not-opioid'" in msg and "'nowhere'" in msg


def test_source_text_file_missing(tmp_path):
    data = standalone(tmp_path)
    data["sources"][0]["path"] = "sources/missing.txt"
    path = write(tmp_path / "mine.yaml", data)
    msg = naming(load_error(path), path)
    assert "'doc'" in msg and "missing.txt" in msg


# ---------------------------------------------------------------------------- reference errors

@pytest.mark.parametrize("role", ["subject", "object"])
def test_unknown_concept_in_a_fact(tmp_path, role):
    path = write(tmp_path / "extra.yaml", {"facts": [user_fact("baclofen-not-thebaine", "baclofen", "opioid")]})
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["facts"][0][role] = "thebaine"
    write(path, data)
    msg = naming(load_error(claims_dir(), path), path)
    assert "'baclofen-not-thebaine'" in msg and role in msg and "'thebaine'" in msg


def test_unknown_parent(tmp_path):
    data = standalone(tmp_path)
    data["concepts"][2]["parents"] = ["opioid", "analgesic"]
    path = write(tmp_path / "mine.yaml", data)
    msg = naming(load_error(path), path)
    assert "'opiate'" in msg and "parent" in msg and "'analgesic'" in msg


def test_unknown_class_in_a_disjointness_axiom(tmp_path):
    path = write(tmp_path / "extra.yaml", {"disjoint": [{"id": "opioid_vs_salicylate", "classes": ["opioid", "salicylate"]}]})
    msg = naming(load_error(claims_dir(), path), path)
    assert "'opioid_vs_salicylate'" in msg and "'salicylate'" in msg


def test_duplicate_fact_id_across_files_names_both_files(tmp_path):
    path = write(tmp_path / "extra.yaml",
                 {"facts": [user_fact("baclofen-not-opiate", "baclofen", "opiate", polarity=False)]})
    msg = naming(load_error(claims_dir(), path), path, claims_dir() / "facts.yaml")
    assert "'baclofen-not-opiate'" in msg and "duplicate" in msg


def test_duplicate_concept_id_within_one_file(tmp_path):
    data = standalone(tmp_path)
    data["concepts"].append({"id": "opioid", "type": "class", "name": "opioid again"})
    path = write(tmp_path / "mine.yaml", data)
    msg = naming(load_error(path), path)
    assert "duplicate" in msg and "'opioid'" in msg


@pytest.mark.parametrize("parents", [
    {"opioid": ["opiate"]},                                  # opiate -> opioid -> opiate
    {"opiate": ["opiate"]},                                  # a class its own parent
    {"opioid": ["narcotic_class"], "narcotic_class": ["opiate"]},  # three-step cycle
], ids=["two", "self", "three"])
def test_class_hierarchy_cycle(tmp_path, parents):
    data = standalone(tmp_path)
    if "narcotic_class" in parents:
        data["concepts"].append({"id": "narcotic_class", "type": "class", "name": "narcotic class"})
    for concept in data["concepts"]:
        if concept["id"] in parents:
            concept["parents"] = parents[concept["id"]]
    path = write(tmp_path / "mine.yaml", data)
    msg = naming(load_error(path), path)
    assert "cycle" in msg
    for cid in parents:
        assert cid in msg


def test_is_a_fact_whose_object_is_a_drug(tmp_path):
    path = write(tmp_path / "extra.yaml", {"facts": [user_fact("oxycodone-is-fentanyl", "oxycodone", "fentanyl")]})
    msg = naming(load_error(claims_dir(), path), path)
    assert "'oxycodone-is-fentanyl'" in msg and "object" in msg and "'fentanyl'" in msg


# ---------------------------------------------------------------------------- file-level errors

@pytest.mark.parametrize("name,content,what", [
    ("broken.yaml", "facts: [\n  - id: x\n", "YAML"),
    ("broken.yaml", "facts:\n  - id: x\n   subject: y\n", "YAML"),
    ("broken.json", '{"facts": [}', "JSON"),
])
def test_invalid_syntax(tmp_path, name, content, what):
    path = write(tmp_path / name, content)
    msg = naming(load_error(path), path)
    assert what in msg


def test_top_level_must_be_a_mapping(tmp_path):
    path = write(tmp_path / "list.yaml", "- id: x\n")
    msg = naming(load_error(path), path)
    assert "mapping" in msg


def test_json_claim_file_is_accepted(tmp_path):
    import json
    path = tmp_path / "extra.json"
    path.write_text(json.dumps({"facts": [user_fact("fentanyl-not-antispastic", "fentanyl", "antispastic",
                                                    polarity=False)]}), encoding="utf-8")
    cs = load_claimset([claims_dir(), path])
    assert cs.facts[-1].id == "fentanyl-not-antispastic"


def test_missing_claim_path(tmp_path):
    missing = tmp_path / "nope.yaml"
    naming(load_error(missing), missing)


# ---------------------------------------------------------------------------- contradictions

CONTRADICTIONS = [
    # direct: a positive fact against the curated negative one
    (user_fact("baclofen-is-opioid", "baclofen", "opioid", quote=DENIAL), "baclofen-not-opioid"),
    # via a superclass: not a controlled substance => not a narcotic (narcotic ⊑ controlled substance)
    (user_fact("baclofen-is-narcotic", "baclofen", "narcotic", quote=DENIAL), "baclofen-not-controlled-substance"),
    # a negative fact against a curated positive one
    (user_fact("baclofen-not-skeletal-muscle-relaxant", "baclofen", "skeletal_muscle_relaxant",
               polarity=False, quote=RELAXANT), "baclofen-is-skeletal-muscle-relaxant"),
    # via disjointness: an opioid is not a muscle relaxant
    (user_fact("fentanyl-is-muscle-relaxant", "fentanyl", "skeletal_muscle_relaxant"), "fentanyl-is-opioid"),
    # via the one-federal-schedule axiom
    (user_fact("oxycodone-schedule-iv", "oxycodone", "schedule_iv"), "oxycodone-schedule-ii"),
]


@pytest.mark.parametrize("fact,against", CONTRADICTIONS, ids=[f["id"] for f, _ in CONTRADICTIONS])
def test_contradiction_between_facts_names_both(tmp_path, fact, against):
    path = write(tmp_path / "extra.yaml", {"facts": [copy.deepcopy(fact)]})
    claimset = load_claimset([claims_dir(), path])  # each file is well-formed on its own
    with pytest.raises(ClaimSetError) as info:
        KnowledgeBase(claimset)
    msg = str(info.value)
    assert repr(fact["id"]) in msg
    assert repr(against) in msg


def test_contradiction_names_the_file(tmp_path):
    path = write(tmp_path / "extra.yaml", {"facts": [user_fact("baclofen-is-opioid", "baclofen", "opioid")]})
    with pytest.raises(ClaimSetError) as info:
        KnowledgeBase(load_claimset([claims_dir(), path]))
    assert str(path) in str(info.value)


def test_sources_outside_the_claim_files_directory_are_refused_by_default(tmp_path):
    """The library confines sources as the command line does: a source that resolves outside
    the claim file's directory is refused (the error names the claim file and the path) unless
    its directory is allowed (``source_dirs``) or the confinement is lifted
    (``confine_sources=False``)."""
    from factcheck.errors import ClaimSetError
    from factcheck.knowledge.claimset import load_claimset

    (tmp_path / "src.txt").write_text("Zolpidem is a sedative.", encoding="utf-8")
    inner = tmp_path / "drafts"
    inner.mkdir()
    (inner / "d.yaml").write_text("sources:\n  - {id: up, title: t, path: ../src.txt}\n", encoding="utf-8")
    with pytest.raises(ClaimSetError, match=r"source 'up': path '\.\./src\.txt' leads outside") as info:
        load_claimset(inner / "d.yaml")
    assert str(inner / "d.yaml") in str(info.value) and "source_dirs" in str(info.value)
    with pytest.raises(ClaimSetError, match="leads outside"):
        load_claimset(inner / "d.yaml", source_dirs=[inner / "elsewhere"])
    assert load_claimset(inner / "d.yaml", source_dirs=[tmp_path]).source_texts["up"] == "Zolpidem is a sedative."
    assert load_claimset(inner / "d.yaml", source_dirs=str(tmp_path)).source_texts["up"]  # one directory alone
    assert load_claimset(inner / "d.yaml", confine_sources=False).source_texts["up"] == "Zolpidem is a sedative."
    # an absolute path and a link out are refused the same way
    (inner / "abs.yaml").write_text(f"sources:\n  - {{id: a, title: t, path: '{tmp_path / 'src.txt'}'}}\n",
                                    encoding="utf-8")
    (inner / "link.txt").symlink_to(tmp_path / "src.txt")
    (inner / "ln.yaml").write_text("sources:\n  - {id: l, title: t, path: link.txt}\n", encoding="utf-8")
    for name in ("abs.yaml", "ln.yaml"):
        with pytest.raises(ClaimSetError, match="leads outside"):
            load_claimset(inner / name)


def test_the_shipped_claim_set_loads_under_the_default_confinement():
    from factcheck.knowledge.claimset import load_claimset

    shipped = load_claimset()
    assert shipped.source_texts and shipped == load_claimset(confine_sources=False)
