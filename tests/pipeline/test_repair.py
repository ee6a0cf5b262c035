"""The parse-repair stage alone, on Docs built with given heads and labels (no statistical
parser): which misparses it rewrites (models/repairs.yaml), what it leaves alone, and that the
claims stage reads the repaired tree. Cases in tests/data/repairs.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from spacy.tokens import Doc

from factcheck.errors import ModelDataError
from factcheck.pipeline.claims import extract, hearst_matcher
from factcheck.pipeline.mentions import mentions
from factcheck.pipeline.repair import LINKS_KEY, SPANS_KEY, RepairRules, links, repair, third_person_lemma
from factcheck.pipeline.rules import ExtractionRules

CASES = yaml.safe_load((Path(__file__).parents[1] / "data" / "repairs.yaml").read_text(encoding="utf-8"))


def built(nlp, tokens: list[list]) -> Doc:
    words, lemmas, tags, pos, heads, deps = (list(col) for col in zip(*tokens, strict=True))
    doc = Doc(nlp.vocab, words=words, lemmas=lemmas, tags=tags, pos=pos, heads=heads, deps=deps)
    return nlp.get_pipe("factcheck_mentions")(doc)


def claims(nlp, doc: Doc) -> list[list[str]]:
    rules = ExtractionRules.load()
    return sorted([c.subject.kb_id_, c.object.kb_id_] for c in extract(doc, mentions(doc), rules,
                                                                         hearst_matcher(nlp.vocab, rules)))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_repairs_on_built_docs(nlp, case):
    doc = built(nlp, case["tokens"])
    before = [(t.head.i, t.dep_, t.tag_) for t in doc]
    done = repair(doc, RepairRules.load())
    assert [list(d) for d in done] == case["repaired"]
    assert [[s.label_, s.start] for s in doc.spans[SPANS_KEY]] == case["repaired"]
    changed = [t.i for t in doc if (t.head.i, t.dep_, t.tag_) != before[t.i]]
    assert changed == sorted({i for _, i in case["repaired"]})  # (a link changes no tree)
    if "linked" in case:
        to = links(doc)
        assert [[s.label_, s.start, to[s.start]] for s in doc.spans[LINKS_KEY]] == case["linked"]
    if "after" in case:
        assert [[t.head.i, t.dep_] for t in doc] == case["after"]
    if "claims" in case:
        assert claims(nlp, doc) == sorted(case["claims"])


THROUGH_THE_CHECKER = [c for c in CASES if "text" in c]
MOVED = [c for c in CASES if "after" in c and "claims" in c]  # the repairs that replaced reading-rule branches


@pytest.mark.parametrize("case", THROUGH_THE_CHECKER, ids=[c["name"] for c in THROUGH_THE_CHECKER])
def test_repairs_through_the_checker(checker, case):
    """The misparse of a built case, as the parser makes it: the repair is made, and the claim
    the repaired tree states reaches the findings with its verdict."""
    doc = checker.nlp(case["text"])
    made = (case["repaired"] or case["linked"])[0][0]
    assert made in {s.label_ for key in (SPANS_KEY, LINKS_KEY) for s in doc.spans[key]}
    found = [[f.subject.id, f.object.id, f.verdict] for f in checker.check(case["text"]).findings]
    assert case["finding"] in found


@pytest.mark.parametrize("case", MOVED, ids=[c["name"] for c in MOVED])
def test_the_claims_stage_reads_only_the_repaired_tree(nlp, case):
    """The reading rules hold no branch for the misparse: on the unrepaired tree, the claims
    the repaired tree states are not all found."""
    assert claims(nlp, built(nlp, case["tokens"])) != sorted(case["claims"])


def test_the_claims_stage_needs_the_repair(nlp):
    """Without the repair the claims stage finds no subject: the reading rules rely on the stage."""
    doc = built(nlp, CASES[0]["tokens"])
    assert claims(nlp, doc) == []
    repair(doc, RepairRules.load())
    assert claims(nlp, doc) == sorted(CASES[0]["claims"])


def test_repair_is_a_stage_of_the_pipeline(nlp):
    names = nlp.pipe_names
    assert names.index("factcheck_parse") < names.index("factcheck_repair") < names.index("factcheck_references")
    assert nlp.analyze_pipes(pretty=False)["problems"]["factcheck_repair"] == []


def test_bad_repair_records_are_refused(tmp_path):
    bad = tmp_path / "repairs.yaml"
    bad.write_text("repairs:\n  - id: x\n    pattern: [{RIGHT_ID: a, RIGHT_ATTRS: {LEMMA: be}}]\n"
                   "    attach: {node: b, to: a, dep: nsubj}\n", encoding="utf-8")
    with pytest.raises(ModelDataError, match="node\\(s\\) b not in its pattern"):
        RepairRules.load(bad)


def test_a_pattern_the_dependency_matcher_refuses_is_refused_on_load(tmp_path):
    """A node declared twice is refused when the file is read, naming the repair (before, the
    first text checked raised spaCy's error, reported as a problem of the claim set)."""
    bad = tmp_path / "repairs.yaml"
    bad.write_text("repairs:\n  - id: twice\n    pattern:\n"
                   "      - {RIGHT_ID: a, RIGHT_ATTRS: {LEMMA: be}}\n"
                   "      - {LEFT_ID: a, REL_OP: '>', RIGHT_ID: b, RIGHT_ATTRS: {DEP: det}}\n"
                   "      - {LEFT_ID: a, REL_OP: '.', RIGHT_ID: b, RIGHT_ATTRS: {DEP: det}}\n"
                   "    attach: {node: b, to: a, dep: attr}\n", encoding="utf-8")
    with pytest.raises(ModelDataError, match="repair twice: not a valid DependencyMatcher pattern"):
        RepairRules.load(bad)


def test_the_stage_saves_its_repairs_and_reads_them_back(nlp, tmp_path):
    """The repairs the stage uses are saved with it (to_disk / to_bytes) and read back, also by a
    stage whose configured file is gone: one restored from repairs with the first case's repair
    switched off leaves that misparse alone. A saved file that is no valid repair set is refused."""
    from factcheck.pipeline.components import RepairComponent

    case = CASES[0]
    switched_off = case["repaired"][0][0]
    data = RepairRules.load().model_dump(mode="json")
    for record in data["repairs"]:
        record["enabled"] = record["id"] != switched_off
    user_file = tmp_path / "repairs.yaml"
    user_file.write_text(yaml.safe_dump(data), encoding="utf-8")
    saved = RepairComponent(nlp, "repair", repairs=str(user_file))
    assert repair(built(nlp, case["tokens"]), saved.rules) == []
    saved.to_disk(tmp_path / "saved")
    as_bytes = saved.to_bytes()
    user_file.unlink()
    from_disk = RepairComponent(nlp, "repair", repairs=str(user_file)).from_disk(tmp_path / "saved")
    from_bytes = RepairComponent(nlp, "repair", repairs=str(user_file)).from_bytes(as_bytes)
    shipped = RepairComponent(nlp, "repair", repairs=None)
    for restored in (from_disk, from_bytes):
        assert restored.rules.model_dump() == saved.rules.model_dump()
        doc = restored(built(nlp, case["tokens"]))
        assert [s.label_ for s in doc.spans.get(SPANS_KEY, [])] == []
    doc = shipped(built(nlp, case["tokens"]))
    assert [s.label_ for s in doc.spans[SPANS_KEY]] == [switched_off]
    (tmp_path / "saved" / "repairs.json").write_text('{"repairs": 1}', encoding="utf-8")
    with pytest.raises(ModelDataError, match="parse repairs is not valid"):
        shipped.from_disk(tmp_path / "saved")
    assert shipped.rules.model_dump() == RepairRules.load().model_dump()  # unchanged


@pytest.mark.parametrize("word,lemma", [("qualifies", "qualify"), ("counts", "count"), ("reaches", "reach"),
                                        ("fixes", "fix"), ("goes", "go"), ("passes", "pass"), ("acts", "act")])
def test_a_retagged_verb_gets_its_base_form(word, lemma):
    assert third_person_lemma(word) == lemma


def test_a_repair_without_an_edit_is_a_clear_error(tmp_path):
    (tmp_path / "repairs.yaml").write_text(
        "repairs:\n  - id: nothing\n    pattern: [{RIGHT_ID: a, RIGHT_ATTRS: {TAG: NNS}}]\n", encoding="utf-8")
    with pytest.raises(ModelDataError, match="no edit"):
        RepairRules.load(tmp_path / "repairs.yaml")


@pytest.mark.parametrize("edit,message", [
    ("    promote: {node: b, over: c, dep: nsubj}\n", "node\\(s\\) c not in its pattern"),
    ("    same_lemma: [[a, z]]\n    attach: {node: b, to: a, dep: attr}\n", "node\\(s\\) z not in its pattern"),
    ("    promote: {node: b, dep: nsubj}\n", "over"),
    ("    link: {node: a, to: z}\n", "node\\(s\\) z not in its pattern"),
    ("    previous_word: {z: a}\n    link: {node: a, to: b}\n", "node\\(s\\) z not in its pattern"),
    ("    before_phrase: {b: y}\n    link: {node: a, to: b}\n", "node\\(s\\) y not in its pattern"),
    ("    link: {node: a}\n", "to"),
])
def test_bad_promote_same_lemma_and_link_records_are_refused(tmp_path, edit, message):
    (tmp_path / "repairs.yaml").write_text(
        "repairs:\n  - id: bad\n    pattern:\n      - {RIGHT_ID: a, RIGHT_ATTRS: {LEMMA: be}}\n"
        "      - {LEFT_ID: a, REL_OP: '>', RIGHT_ID: b, RIGHT_ATTRS: {DEP: aux}}\n" + edit, encoding="utf-8")
    with pytest.raises(ModelDataError, match=message):
        RepairRules.load(tmp_path / "repairs.yaml")


def test_a_promoted_root_child_becomes_the_root_and_sentences_stay_whole(nlp):
    """``promote`` over a root: the node becomes the root of the one tree, the former root its
    dependent, and the sentence boundaries are those of before (a single sentence)."""
    case = next(c for c in CASES if c["name"].startswith("a drug name tagged as a verb"))
    doc = built(nlp, case["tokens"])
    repair(doc, RepairRules.load())
    assert [t.i for t in doc if t.head.i == t.i] == [0]
    assert len(list(doc.sents)) == 1


def read_through_the_link(case: dict) -> bool:
    """Whether the case's claims need its link: its linked word is no relative pronoun of a
    relative clause (which is read through its clause)."""
    word = case["tokens"][case["linked"][0][1]]
    return not (word[5] == "nsubj" and case["tokens"][word[4]][5] == "relcl")


def shipped_with(tmp_path: Path, change) -> RepairRules:
    """The shipped repairs, their records changed by ``change`` (records -> records), read from a
    user's file."""
    data = RepairRules.load().model_dump(mode="json", exclude_defaults=True)
    data["repairs"] = change(data["repairs"])
    (tmp_path / "repairs.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return RepairRules.load(tmp_path / "repairs.yaml")


LINKED = [c for c in CASES if c.get("linked") and c.get("claims") and read_through_the_link(c)]


@pytest.mark.parametrize("case", LINKED, ids=[c["name"] for c in LINKED])
def test_the_claims_stage_reads_a_link_only_from_the_repair_stage(nlp, case, tmp_path):
    """A link is the repair stage's: the claims stage holds no branch for the misparse, so
    without the stage, or with the link's record switched off, the claim is not found."""
    assert claims(nlp, built(nlp, case["tokens"])) != sorted(case["claims"])
    off = shipped_with(tmp_path, lambda records: [{**r, "enabled": r["id"] != case["linked"][0][0]} for r in records])
    doc = built(nlp, case["tokens"])
    assert repair(doc, off) == []
    assert links(doc) == {}
    assert claims(nlp, doc) != sorted(case["claims"])


def test_a_link_leaves_the_clause_out_of_the_frame_around_the_drug(checker):
    """Why "which" after a drug is a link and not a tree edit: the clause stays where the parser
    put it, so the conditional around the drug does not make it hypothetical."""
    report = checker.check("if you're on baclofen, which is an opioid, don't drink")
    (finding,) = report.findings
    assert (finding.subject.id, finding.object.id, finding.verdict, finding.assertion) == \
        ("baclofen", "opioid", "refuted", "asserted")
    assert finding.pattern == "copula" and report.flagged


def test_a_users_link_record_needs_no_python(nlp, tmp_path):
    """A link of one's own, added as data: "that" right after a drug read as the drug too."""
    record = {"id": "that_after_a_drug",
              "pattern": [{"RIGHT_ID": "that", "RIGHT_ATTRS": {"LOWER": "that"}},
                          {"LEFT_ID": "that", "REL_OP": ";", "RIGHT_ID": "drug", "RIGHT_ATTRS": {}}],
              "mentions": {"drug": ["drug"]},
              "link": {"node": "that", "to": "drug"}}
    users = shipped_with(tmp_path, lambda records: [*records, record])
    tokens = [["i", "i", "PRP", "PRON", 1, "nsubj"], ["take", "take", "VBP", "VERB", 1, "ROOT"],
              ["baclofen", "baclofen", "NN", "NOUN", 1, "dobj"], ["that", "that", "WDT", "PRON", 4, "nsubj"],
              ["is", "be", "VBZ", "AUX", 1, "ccomp"], ["an", "an", "DT", "DET", 6, "det"],
              ["opioid", "opioid", "NN", "NOUN", 4, "attr"]]
    doc = built(nlp, tokens)
    repair(doc, RepairRules.load())
    assert links(doc) == {} and claims(nlp, doc) == []
    doc = built(nlp, tokens)
    repair(doc, users)
    assert links(doc) == {3: 2} and claims(nlp, doc) == [["baclofen", "opioid"]]


def test_the_factcheck_component_takes_a_users_repairs_and_saves_them(tmp_path):
    """The ``repairs`` setting of the ``factcheck`` component: the user's records are the ones its
    repair stage applies, and they are saved with the pipeline (the user's file may go)."""
    import spacy

    from factcheck.resources import BASE_MODEL

    shipped_with(tmp_path, lambda records: [{**r, "enabled": False} if r["id"] == "which_after_a_drug" else r
                                            for r in records])
    nlp = spacy.load(BASE_MODEL, exclude=["ner"])
    nlp.add_pipe("factcheck", config={"repairs": str(tmp_path / "repairs.yaml")})

    def switched_off(pipeline):
        stage = pipeline.get_pipe("factcheck").stages[1]
        return sorted(r.id for r in stage.rules.repairs if not r.enabled)

    assert switched_off(nlp) == ["which_after_a_drug"]
    nlp.to_disk(tmp_path / "saved")
    (tmp_path / "repairs.yaml").unlink()
    assert switched_off(spacy.load(tmp_path / "saved")) == ["which_after_a_drug"]


def test_a_past_tense_retag_names_its_lemma():
    """A third person singular's lemma is made from the word; a past tense's cannot be
    ("thought" -> "think"), so a VBD retag without its lemma fails on load."""
    from factcheck.pipeline.repair import Retag

    with pytest.raises(ValueError, match="lemma"):
        Retag(node="verb", tag="VBD", pos="VERB")
    assert Retag(node="verb", tag="VBD", pos="VERB", lemma="think").lemma == "think"
