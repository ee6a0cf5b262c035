"""The cheaper hot paths give what the plain ones give: dependency matching restricted to the
trees that hold a mention (``parse.tree_matches``, ``parse.admits``) and the surface sentences
found once per text."""

from __future__ import annotations

import pytest

from factcheck.pipeline import parse
from factcheck.pipeline.mentions import mentions

FILLER = ("The weather was nice today. We went to the park with the kids and they played outside. "
          "My sister bought a new car last week, and it is red. ")
TEXTS = [
    FILLER + "According to my GP baclofen is a narcotic. " + FILLER,
    FILLER * 2 + "I can tell you baclofen is not considered an opioid. " + FILLER,
    "Baclofen is an opioid.",
    FILLER + "Opioids such as oxycodone and fentanyl are dangerous. It is what it is. " + FILLER,
    FILLER + "my doctor says baclofen can not be called a narcotic lol. " + FILLER
    + "Cyclobenzaprine is a benzo. " + FILLER,
]


@pytest.fixture(scope="module")
def docs(nlp):
    return list(nlp.pipe(TEXTS))


def _in_trees(doc, anchors):
    ranges = parse.tree_ranges(doc, anchors)
    return lambda match: any(a <= match[1][0] < b for a, b in ranges)


def _matchers(nlp):
    repair = nlp.get_pipe("factcheck_repair").rules.matcher(nlp.vocab)
    claims = nlp.get_pipe("factcheck_claims").rules.dependency_matcher(nlp.vocab)
    return [m for m in (repair, claims) if m is not None]


def test_tree_ranges_are_whole_trees_around_the_anchors(docs):
    doc = docs[0]
    drug = next(s for s in mentions(doc) if s.label_ == "drug")
    ((a, b),) = parse.tree_ranges(doc, [drug.start])
    assert a <= drug.start < b < len(doc) and a > 0
    assert doc[a:b].root.head.i == doc[a:b].root.i  # one tree: its root heads itself
    assert all(a <= t.head.i < b for t in doc[a:b])
    assert parse.tree_ranges(doc, []) == []


def test_tree_matches_are_the_matches_of_the_whole_doc_in_those_trees(nlp, docs):
    restricted = 0
    for doc in docs:
        anchors = [i for s in mentions(doc) for i in range(s.start, s.end)]
        keep = _in_trees(doc, anchors)
        for matcher in _matchers(nlp):
            full = [(k, list(nodes)) for k, nodes in matcher(doc)]
            got = parse.tree_matches(matcher, doc, anchors)
            assert got == [m for m in full if keep(m)]  # the same matches, in the same order
            covered = sum(b - a for a, b in parse.tree_ranges(doc, anchors))
            restricted += len(doc) - covered >= parse.MIN_LEFT_OUT
    assert restricted  # the copies were matched, not only the whole Docs


def test_a_match_in_a_tree_without_an_anchor_is_dropped(nlp):
    with nlp.select_pipes(enable=["factcheck_mentions", "factcheck_parse"]):  # not yet repaired
        doc = nlp(TEXTS[0])  # "According to my GP baclofen is a narcotic": a repair matches there
    matcher = nlp.get_pipe("factcheck_repair").rules.matcher(nlp.vocab)
    full = matcher(doc)
    drug = next(s for s in mentions(doc) if s.label_ == "drug")
    assert full and parse.tree_matches(matcher, doc, [drug.start]) == [(k, list(n)) for k, n in full]
    assert parse.tree_ranges(doc, [0]) != parse.tree_ranges(doc, [drug.start])
    assert parse.tree_matches(matcher, doc, [0]) == []  # the first sentence's tree: no mention


def test_windows_and_transfer_take_the_sentence_bounds_given(checker):
    pipe = checker.nlp.get_pipe("factcheck_parse")
    with checker.nlp.select_pipes(enable=["factcheck_mentions"]):
        doc = checker.nlp(TEXTS[1])
    bounds = parse.sentence_bounds(doc, pipe.rules.chat_tags)
    assert parse.windows(doc, pipe.chain_words, pipe.rules.chat_tags, bounds) == \
        parse.windows(doc, pipe.chain_words, pipe.rules.chat_tags)
    # other bounds are used as given: one sentence that is the whole text is one window
    assert parse.windows(doc, pipe.chain_words, pipe.rules.chat_tags, [0]) == [(0, len(doc))]


def test_symbols_still_end_no_sentence_and_words_are_never_symbols(nlp):
    doc = nlp.make_doc("I took it 😀 then slept. Next day 👍🏽 fine")
    bounds = parse.sentence_bounds(doc)
    assert [doc[i].text for i in bounds] == ["I", "Next"]


def test_admits_agrees_with_spacy_s_matcher_on_the_repair_nodes(nlp, docs):
    from spacy.matcher import Matcher

    nodes = [n.get("RIGHT_ATTRS", {}) for r in nlp.get_pipe("factcheck_repair").rules.repairs for n in r.pattern]
    nodes += [{"LOWER": "such"}, {"IS_PUNCT": True}, {"POS": "NOUN", "TAG": {"IN": ["NN", "NNS"]}}]
    judged = 0
    for attrs in nodes:
        matcher = Matcher(nlp.vocab)
        matcher.add("node", [[attrs]])
        for doc in docs:
            hits = {start for _, start, _ in matcher(doc)}
            for tok in doc:
                verdict = parse.admits(tok, attrs)
                if verdict is not None:
                    judged += 1
                    assert verdict == (tok.i in hits), (attrs, tok.text)
    assert judged > 1000


def test_admits_does_not_judge_what_it_cannot_read(nlp):
    tok = nlp.make_doc("Baclofen")[0]
    assert parse.admits(tok, {"LOWER": {"REGEX": "^bac"}}) is None
    assert parse.admits(tok, {"ENT_TYPE": "DRUG"}) is None
    assert parse.admits(tok, {"IS_ALPHA": 1}) is None
    assert parse.admits(tok, {"LOWER": "baclofen", "IS_ALPHA": True}) is True
    assert parse.admits(tok, {"LOWER": {"NOT_IN": ["baclofen"]}}) is False


def test_trees_that_cross_are_matched_on_the_whole_doc(nlp):
    from spacy.matcher import DependencyMatcher
    from spacy.tokens import Doc

    # a given tree that is not a contiguous sentence: "b" belongs to the tree of "d"
    words = ["a", "b", "c", "d", "e"] + ["x"] * 12
    heads = [0, 3, 0, 3, 3] + list(range(5, 17))
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=["dep"] * len(words))
    matcher = DependencyMatcher(nlp.vocab)
    matcher.add("a_b", [[{"RIGHT_ID": "a", "RIGHT_ATTRS": {"ORTH": "a"}},
                         {"LEFT_ID": "a", "REL_OP": ".*", "RIGHT_ID": "b", "RIGHT_ATTRS": {"ORTH": "b"}}]])
    matcher.add("d_b", [[{"RIGHT_ID": "d", "RIGHT_ATTRS": {"ORTH": "d"}},
                         {"LEFT_ID": "d", "REL_OP": ">", "RIGHT_ID": "b", "RIGHT_ATTRS": {"ORTH": "b"}}]])
    ranges = parse.tree_ranges(doc, [0])
    assert ranges == [(0, 3)] and not parse._whole_trees(doc, ranges)
    full = [(k, list(n)) for k, n in matcher(doc)]
    assert parse.tree_matches(matcher, doc, [0]) == [m for m in full if 0 <= m[1][0] < 3]


def test_the_node_index_gives_the_dependency_matcher_s_matches(nlp, docs):
    # on the repaired Docs and before the repairs, whole and restricted to the trees of mentions
    with nlp.select_pipes(enable=["factcheck_mentions", "factcheck_parse"]):
        raw = list(nlp.pipe(TEXTS))
    compared = 0
    for doc in [*docs, *raw]:
        anchors = [i for s in mentions(doc) for i in range(s.start, s.end)]
        ranges = parse.tree_ranges(doc, anchors)
        for matcher in _matchers(nlp):
            index = parse.NodeIndex.of(matcher)
            assert index is not None and index.reads(doc)
            full = [(k, list(nodes)) for k, nodes in matcher(doc)]
            assert index.matches(doc, [(0, len(doc))]) == full
            assert index.matches(doc, ranges) == [m for m in full if any(a <= m[1][0] < b for a, b in ranges)]
            compared += len(full)
    assert compared > 10


def test_the_node_index_reads_only_the_patterns_it_knows(nlp):
    from spacy.matcher import DependencyMatcher

    matcher = DependencyMatcher(nlp.vocab)
    matcher.add("regex", [[{"RIGHT_ID": "a", "RIGHT_ATTRS": {"LOWER": {"REGEX": "^bac"}}}]])
    assert parse.NodeIndex.of(matcher) is None
    other = DependencyMatcher(nlp.vocab)
    other.add("be", [[{"RIGHT_ID": "a", "RIGHT_ATTRS": {"LEMMA": "be"}}]], on_match=lambda *args: None)
    assert parse.NodeIndex.of(other) is None  # callbacks are given the index of a match
    plain = DependencyMatcher(nlp.vocab)
    plain.add("be", [[{"RIGHT_ID": "a", "RIGHT_ATTRS": {"LEMMA": "be", "IS_PUNCT": False}},
                      {"LEFT_ID": "a", "REL_OP": ">", "RIGHT_ID": "b", "RIGHT_ATTRS": {}}]])
    index = parse.NodeIndex.of(plain)
    assert index is not None and parse.NodeIndex.of(plain) is index
    doc = nlp("Baclofen is not an opioid.")
    assert index.matches(doc, [(0, len(doc))]) == [(k, list(n)) for k, n in plain(doc)] != []
    unparsed = nlp.make_doc("Baclofen is not an opioid.")
    assert not index.reads(unparsed)  # spaCy's Matcher refuses a Doc without lemmas


def test_limited_nodes_give_the_matches_the_caller_would_keep(nlp, docs):
    # ``only``: a node matched only on given tokens (the repairs' mention nodes on mentions of
    # their types); the node index and spaCy's own matching, filtered after, agree
    from spacy.matcher import DependencyMatcher

    from factcheck.pipeline.repair import _anchors

    rules = nlp.get_pipe("factcheck_repair").rules
    matcher = rules.matcher(nlp.vocab)
    plain = DependencyMatcher(nlp.vocab)  # the same patterns, as spaCy matches them
    for r in rules.repairs:
        if r.enabled:
            plain.add(r.id, [list(r.pattern)])
    plain.add("x", [[{"RIGHT_ID": "a", "RIGHT_ATTRS": {"LOWER": {"REGEX": "^bac"}}}]])  # (no node index)
    assert parse.NodeIndex.of(plain) is None
    kept = total = 0
    with nlp.select_pipes(enable=["factcheck_mentions", "factcheck_parse"]):
        raw = list(nlp.pipe([*TEXTS, "if you're on baclofen, which is an opioid, don't drink",
                             "Baclofen 20 mg which is an opioid", "Muscle relaxers like baclofen are opioids."]))
    for doc in [*docs, *raw]:
        types: dict[int, set[str]] = {}
        for s in mentions(doc):
            for i in range(s.start, s.end):
                types.setdefault(i, set()).add(s.label_)
        plan = rules.plan()
        anchors, typed = _anchors(plan, types)
        only = {key: {position: typed[kinds] for position, kinds in nodes} for key, nodes in plan.mention_nodes}
        keep = _in_trees(doc, anchors)
        full = [(k, list(nodes)) for k, nodes in matcher(doc)]
        wanted = [m for m in full if keep(m) and all(m[1][n] in on for n, on in only[m[0]].items())]
        assert parse.tree_matches(matcher, doc, anchors, only) == wanted
        # the same limits by the node index's keys, worked out once per index by the plan
        index = parse.NodeIndex.of(matcher)
        assert index is not None and plan.node_limits(index, typed) == index.limits(only)
        assert parse.tree_matches(matcher, doc, anchors, only, lambda i, plan=plan, typed=typed: plan.node_limits(i, typed)) == wanted
        slow = [m for m in parse.tree_matches(plain, doc, anchors, only) if m[0] in only]
        assert slow == wanted
        kept += len(wanted)
        total += len(full)
    assert 0 < kept < total  # (the limits leave some out, not all)


def test_a_long_run_on_sentence_gives_spacy_s_matches(nlp):
    # One tree with many candidates per node: the node index assigns the nodes in turn (spaCy
    # builds every combination of the candidates first); the same matches in the same order.
    doc = nlp(" ".join(f"w{i} Baclofen is an opioid and" for i in range(25)))
    compared = 0
    for matcher in _matchers(nlp):
        index = parse.NodeIndex.of(matcher)
        assert index is not None
        full = [(k, list(nodes)) for k, nodes in matcher(doc)]
        assert index.matches(doc, [(0, len(doc))]) == full
        compared += len(full)
    assert compared > 10


def test_the_repair_stage_s_matches_are_the_whole_doc_s_that_it_keeps(nlp, docs):
    # The repairs are matched through the node index on the trees that can hold a match; a
    # repair without a mention node may match in any tree. Either way: the matches of
    # ``matcher(doc)`` whose mention nodes are on mentions of their types, in the order applied.
    from factcheck.pipeline.repair import RepairRules, _matches

    shipped = nlp.get_pipe("factcheck_repair").rules
    only_with_mentions = RepairRules.model_validate(
        {**shipped.model_dump(), "repairs": [r.model_dump() for r in shipped.repairs if r.mentions]})
    # the same repairs, with the plain values of those without a mention node written as sets:
    # no node of theirs then says where a match may be, and every tree is read
    data = shipped.model_dump()
    for r in data["repairs"]:
        if not r["mentions"]:
            for node in r["pattern"]:
                node["RIGHT_ATTRS"] = {k: {"IN": [v]} if isinstance(v, str) else v
                                       for k, v in node.get("RIGHT_ATTRS", {}).items()}
    unanchored = RepairRules.model_validate(data)
    assert not shipped.plan().all_need_mentions and only_with_mentions.plan().all_need_mentions
    assert shipped.plan().free_anchors and unanchored.plan().free_anchors is None
    with nlp.select_pipes(enable=["factcheck_mentions", "factcheck_parse"]):
        raw = list(nlp.pipe(["Baclofen? It's a muscle relaxant, not exactly a party drug.",
                             "Baclofen is an opioid, my friend, not a doctor, said so."]))
    compared = without_mention = 0
    for rules in (shipped, only_with_mentions, unanchored):
        matcher = rules.matcher(nlp.vocab)
        order = rules.plan().order
        by_id = rules.plan().by_id
        for doc in [*docs, *raw]:
            assert doc.has_annotation("DEP")
            types: dict[int, set[str]] = {}
            for s in mentions(doc):
                for i in range(s.start, s.end):
                    types.setdefault(i, set()).add(s.label_)
            kept = [(k, list(nodes)) for k, nodes in matcher(doc)
                    if all(types.get(nodes[[n["RIGHT_ID"] for n in by_id[k].pattern].index(node)], set()) & set(kinds)
                           for node, kinds in by_id[k].mentions.items())]
            assert _matches(doc, rules, types) == sorted(kept, key=lambda m: (order[m[0]], m[1]))
            compared += len(kept)
            without_mention += sum(not by_id[k].mentions for k, _ in kept)
    assert compared > 0 and without_mention > 0


def test_the_stages_run_batch_by_batch_with_the_same_results(checker, monkeypatch):
    # Each stage after the tokenizer reads every Doc of a batch before the next one starts; what
    # it writes is what it writes on each Doc alone
    from factcheck.pipeline import components

    nlp = checker.nlp
    texts = [TEXTS[2], "My sister says baclofen is an opiate. It is not.", TEXTS[3], "Nothing to see here."]
    alone = [[f.model_dump() for f in nlp(t)._.factcheck_findings] for t in texts]
    calls: list[tuple[str, str]] = []
    for name, proc in nlp.pipeline:
        if isinstance(proc, components._BatchStage):
            real = type(proc).__call__
            monkeypatch.setattr(type(proc), "__call__",
                                lambda self, doc, real=real, name=name: calls.append((name, doc.text)) or real(self, doc))
    together = [[f.model_dump() for f in doc._.factcheck_findings] for doc in nlp.pipe(texts, batch_size=8)]
    assert together == alone and any(alone)
    stages = [name for name, proc in nlp.pipeline if isinstance(proc, components._BatchStage)]
    assert len(stages) >= 5
    # stage by stage: the calls are grouped by stage, in pipeline order, each over the texts in order
    assert calls == [(name, text) for name in stages for text in texts]


def test_each_context_cue_is_matched_only_where_it_can_match(nlp):
    # The cues of the lexicon's Matcher are run one by one, each only on the sentences that hold
    # what it needs (its words, texts or lemmas); the matches are those of the one Matcher
    from factcheck.pipeline.context import CueLexicon, _possible

    lexicon = CueLexicon.load()
    matcher, meaning = lexicon.matcher(nlp.vocab)
    needs = [need for _, need in meaning["matchers"]]
    assert all(needs)  # every cue of the shipped lexicon says what it needs
    assert {kind for need in needs for kind, _ in need} >= {"lower", "lemma", "texts", "text"}
    docs = list(nlp.pipe([
        "I worry that baclofen is an opioid. My biggest concern is that it is a narcotic 🙄",
        "Is baclofen an opioid? Sure, and fentanyl is a vitamin. Oh yeah, it's totally an opioid.",
        "It's an urban legend that baclofen is an opioid; my mom joked it was one. No one says so.",
        "Baclofen is sort of a muscle relaxant, in no way an opioid, rather than a narcotic.",
        "Baclofen is a muscle relaxant. The weather was nice today. We went to the park with the kids.",
    ]))
    assert all(doc.has_annotation("POS") for doc in docs)  # (the Matcher refuses a Doc without: so does the stage)
    skipped = not_listed = 0
    for doc in docs:
        for sent in doc.sents:
            words = {"lower": {t.lower_ for t in sent}, "lemma": {t.lemma_.lower() for t in sent},
                     "texts": {t.text for t in sent}}
            text = " ".join(t.text for t in sent)
            gated = set()
            for own, need in meaning["matchers"]:
                if _possible(need, words, text):
                    gated.update(own(sent))
                else:
                    skipped += 1
                    assert not own(sent)  # (a cue skipped could not have matched)
            assert gated == set(matcher(sent))
            # the cues tested are those listed under a word of the sentence, and the others: a
            # cue not listed is one whose needs the sentence does not hold
            listed = set(meaning["matchers_always"]) | {
                m for kind, by_word in meaning["matchers_by_word"].items() for w in words[kind] for m in by_word.get(w, ())}
            for m, (_, need) in enumerate(meaning["matchers"]):
                assert m in listed or not _possible(need, words, text)
            not_listed += len(meaning["matchers"]) - len(listed)
    assert skipped > 0 and not_listed > 0 and any(matcher(s) for d in docs for s in d.sents)


def test_the_rules_views_are_those_of_the_rules_they_are_read_from(nlp):
    # What the claims stage reads of the rules on every Doc is worked out once per rule set; a
    # copy with other rules (which shares the original's private attributes) works out its own
    from spacy.strings import get_string_id

    rules = nlp.get_pipe("factcheck_claims").rules
    views = rules.views()
    assert rules.views() is views
    assert views.dependency_rules == tuple(r for r in rules.rules if r.enabled and r.extends == "dependency")
    assert rules.coded() == {r.extends: r.id for r in rules.rules if r.enabled and r.extends != "dependency"}
    first = views.dependency_rules[0]
    off = rules.model_copy(update={"rules": tuple(r.model_copy(update={"enabled": False}) if r.id == first.id else r
                                                  for r in rules.rules)})
    assert first not in off.dependency_rules() and get_string_id(first.id) not in off.views().dependency_by_id
    assert get_string_id(first.id) in rules.views().dependency_by_id  # the original keeps its own


OPERATORS = ["<", ">", "<<", ">>", ".", ".*", ";", ";*", "$+", "$-", "$++", "$--",
             ">+", ">-", ">++", ">--", "<+", "<-", "<++", "<--"]


def _random_docs(nlp, rng, count):
    """Docs with random trees (non-projective ones, several trees to a Doc, heads moved after the
    parse as the repairs move them), over a small vocabulary so that node patterns repeat."""
    from spacy.tokens import Doc

    words, tags = ["a", "b", "c", "d"], [("NN", "NOUN"), ("VBZ", "VERB"), ("DT", "DET"), ("JJ", "ADJ")]
    docs = []
    for _ in range(count):
        n = rng.randint(1, 14)
        heads = list(range(n))
        starts = sorted({0, *rng.sample(range(1, n), min(n - 1, rng.randint(0, 2)))}) if n > 1 else [0]
        for a, b in zip(starts, [*starts[1:], n]):
            order = list(range(a, b))
            rng.shuffle(order)  # the first is the root; each other hangs from one placed before it
            for k, i in enumerate(order[1:], start=1):
                heads[i] = order[rng.randrange(k)]
        picked = [rng.choice(tags) for _ in range(n)]
        doc = Doc(nlp.vocab, words=[rng.choice(words) for _ in range(n)], heads=heads,
                  deps=["ROOT" if heads[i] == i else rng.choice(["nsubj", "dobj", "amod"]) for i in range(n)],
                  tags=[t for t, _ in picked], pos=[p for _, p in picked], lemmas=[rng.choice(words) for _ in range(n)])
        for _ in range(rng.randint(0, 2)):  # a head moved in place, as a repair moves it
            i, j = rng.randrange(n), rng.randrange(n)
            if i != j and i not in {t.i for t in doc[j].ancestors}:
                doc[i].head = doc[j]
        docs.append(doc)
    return docs


def _random_node(rng):
    return rng.choice([{}, {"LOWER": "a"}, {"LOWER": {"IN": ["a", "b"]}}, {"POS": "NOUN"},
                       {"TAG": {"NOT_IN": ["DT"]}}, {"DEP": {"IN": ["nsubj", "ROOT"]}, "LEMMA": {"NOT_IN": ["c"]}},
                       {"LEMMA": "b", "POS": {"IN": ["VERB", "ADJ"]}}])


def test_the_node_index_resolves_every_operator_as_spacy_s_matcher_does(nlp):
    # Random patterns (every operator, two to four nodes, node patterns that take any token or
    # few) on random trees: the node index gives the DependencyMatcher's matches, in its order,
    # with or without a node that takes any token (which decides the order of the trees)
    import random

    from spacy.matcher import DependencyMatcher

    rng = random.Random(15)
    docs = _random_docs(nlp, rng, 60)
    compared = [0, 0]  # (matches with no node that takes any token, and with)
    for round_ in range(40):
        matcher = DependencyMatcher(nlp.vocab)
        for k in range(6):
            size = rng.randint(1, 4)
            # (in every other round no node takes any token)
            nodes = [_random_node(rng) if round_ % 2 else _random_node(rng) or {"POS": "ADJ"} for _ in range(size)]
            pattern = [{"RIGHT_ID": "n0", "RIGHT_ATTRS": nodes[0]}]
            for j in range(1, size):
                pattern.append({"LEFT_ID": f"n{rng.randrange(j)}", "RIGHT_ID": f"n{j}",
                                "REL_OP": OPERATORS[(round_ * 6 + k + j) % len(OPERATORS)], "RIGHT_ATTRS": nodes[j]})
            matcher.add(f"p{k}", [pattern])
        index = parse.NodeIndex.of(matcher)
        assert index is not None
        for doc in docs:
            full = [(key, list(nodes)) for key, nodes in matcher(doc)]
            assert index.matches(doc, [(0, len(doc))]) == full
            compared[round_ % 2] += len(full)
    assert min(compared) > 300


def test_the_node_index_resolves_each_operator_on_parsed_text(nlp, docs):
    # each operator from a verb to a word of any kind, and on to a third, on parsed and repaired Docs
    from spacy.matcher import DependencyMatcher

    with nlp.select_pipes(enable=["factcheck_mentions", "factcheck_parse"]):
        raw = list(nlp.pipe(TEXTS))
    found = 0
    for op in OPERATORS:
        matcher = DependencyMatcher(nlp.vocab)
        matcher.add(op, [[{"RIGHT_ID": "v", "RIGHT_ATTRS": {"POS": {"IN": ["VERB", "AUX"]}}},
                          {"LEFT_ID": "v", "REL_OP": op, "RIGHT_ID": "w", "RIGHT_ATTRS": {}},
                          {"LEFT_ID": "w", "REL_OP": op, "RIGHT_ID": "x", "RIGHT_ATTRS": {"IS_PUNCT": False}}]])
        index = parse.NodeIndex.of(matcher)
        assert index is not None
        for doc in [*docs, *raw]:
            full = [(key, list(nodes)) for key, nodes in matcher(doc)]
            assert index.matches(doc, [(0, len(doc))]) == full, op
            found += len(full)
    assert found > 300


def test_whole_trees_is_no_head_crossing_a_range_s_bounds(nlp):
    # (read on plain lists of head offsets): a range is whole trees when no token inside it has
    # its head outside and no token outside has its head inside, on random trees and ranges
    import random

    rng = random.Random(7)
    checked = [0, 0]
    for doc in _random_docs(nlp, rng, 200):
        n = len(doc)
        cuts = sorted(rng.sample(range(n + 1), min(n + 1, rng.randint(2, 4))))
        ranges = [(a, b) for a, b in zip(cuts, cuts[1:]) if a < b and rng.random() < 0.7]
        where = {i: k for k, (a, b) in enumerate(ranges) for i in range(a, b)}
        expected = all(where.get(t.i) == where.get(t.head.i) for t in doc)
        assert parse._whole_trees(doc, ranges) is expected
        assert parse._whole_trees(doc, ranges, parse.head_offsets(doc)) is expected
        checked[expected] += 1
    assert min(checked) > 20
    assert parse.head_offsets(doc) == [t.head.i - t.i for t in doc]


def test_free_anchors_are_the_tokens_with_a_required_value(nlp, docs):
    # the repairs without a mention node may match only in trees with a token of one of their
    # plain values: read from plain lists when each test is one column, else with numpy; both are
    # the tokens whose attributes have all the values of one test
    from factcheck.pipeline.repair import RepairRules, _free_anchors

    shipped = nlp.get_pipe("factcheck_repair").rules
    data = shipped.model_dump()
    free = [r for r in data["repairs"] if not r["mentions"]]
    assert free
    # a free repair whose best node requires two values (its plain values: TAG and LOWER)
    free[0]["pattern"][0]["RIGHT_ATTRS"] = {"TAG": "VBZ", "LOWER": "is"}
    two = RepairRules.model_validate(data)
    assert shipped.plan().free_values is not None and two.plan().free_values is None
    found = 0
    for rules in (shipped, two):
        plan = rules.plan()
        for doc in docs:
            values = {i: {c: v for c, v in zip(plan.free_columns, row)}
                      for i, row in enumerate(doc.to_array(plan.free_columns).reshape(len(doc), -1).tolist())}
            expected = {i for i in range(len(doc))
                        if any(all(values[i][c] == v for c, v in zip(columns, vals)) for columns, vals in plan.free_anchors)}
            assert _free_anchors(doc, plan) == expected
            found += len(expected)
    assert found > 0


def test_is_symbol_answers_plain_text_as_reading_every_character_does():
    # plain ASCII text is answered without reading its characters: no ASCII character is of
    # category So, so the full reading would say no too
    import unicodedata

    from factcheck.text.normalize import is_symbol

    def by_characters(text):
        return bool(text) and all(unicodedata.category(ch) in ("So", "Sk", "Mn", "Cf") for ch in text) \
            and any(unicodedata.category(ch) == "So" for ch in text)

    texts = [chr(c) for c in range(128)] + ["^^", "`", "^_^", ":)", "lol", "\u00a9", "\U0001F600",
                                             "\U0001F44D\U0001F3FD", "\u2764\ufe0f", "\U0001F600a", "^\u00a9", ""]
    assert [is_symbol(t) for t in texts] == [by_characters(t) for t in texts]
    assert is_symbol("\U0001F600") and is_symbol("\u00a9") and not is_symbol("^")


def test_phrase_at_tries_only_the_phrases_that_open_with_the_letter_there(nlp):
    # the phrases are looked up by their first letter: the same match as trying every phrase,
    # longest first, at each start in turn (the refused ones passed over)
    import random

    from factcheck.text.segmentation import joined_text, phrase_at

    def every_phrase(words, phrases, starts, refused=None):
        text, offsets, ends = joined_text(tuple(words))
        for k in starts:
            if k >= len(words):
                break
            for phrase in sorted(phrases, key=lambda p: (-len(p), p)):
                at = offsets[k]
                if text.startswith(phrase, at) and at + len(phrase) in ends:
                    if refused is None or not refused(words, (k, ends[at + len(phrase)])):
                        return (k, ends[at + len(phrase)])
                    break
        return None

    rng = random.Random(3)
    vocab = ["it", "'s", "not", "no", "scratch", "that", "in", "fact", "nope", "i", "was", "wrong", "actually",
             "n't", "is", "x", "."]
    found = 0
    for _ in range(300):
        doc = nlp.make_doc(" ".join(rng.choice(vocab) for _ in range(rng.randint(1, 8))).replace(" '", "'")
                           .replace(" n't", "n't"))
        words = [t for t in doc if not t.is_space and (rng.random() < 0.9)]
        if not words:
            continue
        phrases = tuple({" ".join(rng.choice(vocab) for _ in range(rng.randint(1, 3))).replace(" '", "'")
                         for _ in range(rng.randint(1, 12))} | ({""} if rng.random() < 0.1 else set()))
        phrases = phrases if rng.random() < 0.5 else frozenset(phrases)
        starts = sorted(rng.sample(range(len(words) + 1), rng.randint(1, len(words) + 1)))
        refused = (lambda ws, m: m[1] - m[0] > 1) if rng.random() < 0.3 else None
        expected = every_phrase(words, phrases, starts, refused)
        assert phrase_at(words, phrases, starts, refused) == expected
        found += expected is not None
    assert found > 30


def test_a_text_without_a_label_s_marks_skips_the_label_search_it_would_fail(nlp, monkeypatch):
    # normalize._speaker_labels reads no sentence of a text without a colon (or a bracket kept
    # with one, or a transcript's "Q" / "A"): there speaker_label finds no label at any token,
    # and the labels are those found when every sentence is read
    from factcheck.text import normalize, segmentation

    texts = ["Me: is baclofen an opioid?", "[18:03] Mum: it is not", "Q. Is it a benzo?\nA. No.",
             "Reply (anon_441): no", "u/neuroRN: nope", "Baclofen is an opioid. Is it?",
             "my doctor said it was not a narcotic\nwell I think it is", "A: yes\nB: no",
             "Pharmacist said so. Baclofen isn't one", "she asked: is it?", "time 20:11 now"]
    with_marks = 0
    for text in texts:
        doc = nlp.make_doc(text)
        starts = normalize._sentence_starts(doc)
        found = normalize._speaker_labels(doc, starts, set())
        if not segmentation.may_hold_label(doc):
            assert not any(segmentation.speaker_label([t for t in doc[i:i + 8] if not t.is_space])
                           for i in range(len(doc)))
        else:
            with_marks += 1
        with monkeypatch.context() as m:
            m.setattr(normalize, "may_hold_label", lambda doc: True)
            assert normalize._speaker_labels(doc, starts, set()) == found
    assert 0 < with_marks < len(texts)
    assert normalize._speaker_labels(nlp.make_doc("Me: is it?"), {0}, set())[0] == {0}


def test_the_lemmatizer_keeping_every_lemma_gives_spacy_s_lemmas(checker):
    # the base pipeline's lemmatizer keeps the lemmas of base forms too (spaCy's works them out
    # at every occurrence): the same lemmas, first time and from the cache, and a token
    # without a part of speech is not kept
    from spacy.pipeline import Lemmatizer

    from factcheck.pipeline.components import keep_every_lemma

    base = checker.nlp.get_pipe("factcheck_parse").base
    lemmatizer = base.get_pipe("lemmatizer")
    assert isinstance(lemmatizer, Lemmatizer)
    assert lemmatizer.lemmatize.__name__ == "lemmatize"  # kept by the parse stage
    texts = ["Baclofen is not an opioid, she says; they were taking it and took more.",
             "The better drugs are the best ones. SHE RUNS. Running runs ran.", "Oxycodone? Opioids!"]
    with base.select_pipes(disable=["lemmatizer"]):
        docs = list(base.pipe(texts + texts))
    expected = [[lemmatizer.rule_lemmatize(t)[0] for t in d] for d in docs]  # spaCy's own
    lemmatizer.cache.clear()
    assert [[lemmatizer.lemmatize(t)[0] for t in d] for d in docs] == expected
    assert len(lemmatizer.cache) >= len({(t.orth, t.pos, t.morph.key) for d in docs for t in d if t.pos})
    bare = checker.nlp.make_doc("Opioids")  # (no tagger ran: no part of speech)
    assert bare[0].pos == 0
    with pytest.warns(UserWarning, match="W108"):
        assert lemmatizer.lemmatize(bare[0]) == ["opioids"]
    assert (bare[0].orth, 0, bare[0].morph.key) not in lemmatizer.cache
    assert keep_every_lemma(Lemmatizer(checker.nlp.vocab, None, mode="lookup")) is False


# ---------------------------------------------------------------- long sentences, per-Doc facts

RUN_ON = "Baclofen is an opioid and " * 400  # one sentence, 400 claims, no stop


def test_a_long_sentence_is_read_in_pieces_cut_before_a_conjunction(nlp):
    from spacy.tokens import Doc

    from factcheck.pipeline import context

    words = ("X is C and " * 150).split()
    doc = Doc(nlp.vocab, words=words, sent_starts=[True] + [False] * (len(words) - 1))
    pieces = context._pieces(doc[:])
    assert len(pieces) > 1 and pieces[0].start == 0 and pieces[-1].end == len(doc)
    assert all(a.end == b.start for a, b in zip(pieces, pieces[1:]))  # contiguous, no gap
    assert all(len(p) <= context._PIECE for p in pieces)
    assert all(p[0].text == "and" for p in pieces[1:])  # each cut before the conjunction
    short = Doc(nlp.vocab, words=words[:40], sent_starts=[True] + [False] * 39)
    assert context._pieces(short[:]) == [short[:]]
    index = context.ContextIndex(doc, context.CueLexicon.load())
    assert all(index.sent(i) == p for p in pieces for i in range(p.start, p.end))


def test_the_index_s_mention_lookups_are_the_plain_scans(nlp, docs):
    from factcheck.pipeline.context import ContextIndex, CueLexicon

    for doc in [*docs, nlp(RUN_ON[:400])]:
        index = ContextIndex(doc, CueLexicon.load())
        spans = mentions(doc)
        assert spans, doc.text[:40]
        for i in range(len(doc)):
            plain = next((m for m in spans if m.start <= i < m.end), None)
            assert index.mention_at(i) == plain
            for j in (i + 1, i + 3, i + 10):
                assert index.mention_starts_within(i, j) == any(i < m.start < j for m in spans)
            cur = doc[i]
            while cur.dep_ == "conj" and cur.head.i != cur.i:
                cur = cur.head
            assert index.first_conjunct(doc[i]) == cur


def test_next_word_at_the_end_of_a_doc_and_past_spaces(nlp):
    from factcheck.text.segmentation import next_word

    doc = nlp("Baclofen is a muscle relaxant.  \n\n It is not an opioid.")
    ends = [t.i for t in doc if t.text == "."]
    assert next_word(doc, ends[0]).text == "It"
    assert next_word(doc, len(doc) - 1) is None


def test_federal_only_is_answered_per_sentence_of_each_doc(nlp):
    from factcheck.pipeline.verify import shipped_jurisdictions

    jur = shipped_jurisdictions()
    federal = nlp("Baclofen is not a controlled substance under federal law.")
    other = nlp("Baclofen is not a controlled substance under Ohio law.")
    assert len(federal) == len(other)  # one sentence each, the same (start, end)
    for doc, expected in ((federal, True), (other, False), (federal, True)):
        sent = next(iter(doc.sents))
        assert jur.federal_only(sent) is expected  # another Doc: not the last one's answer
        assert jur.federal_only(sent) is expected  # (answered again from memory)


def test_a_run_on_sentence_of_many_claims_gives_every_claim(checker):
    report = checker.check(RUN_ON)
    assert report.flagged
    assert len([f for f in report.findings if f.verdict == "refuted"]) == 400
