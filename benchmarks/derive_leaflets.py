"""How much of a leaflet `factcheck claims derive` finds: recall and precision against facts
listed by hand.

usage: python benchmarks/derive_leaflets.py DIR [--show]

DIR holds ``<name>.txt`` (a trusted expository document) and ``<name>.facts.jsonl``: one fact a
line, ``{"subject", "relation", "object", "polarity", "quote"}`` with ``relation`` one of
is_a, acts_on, site, effect, use, route and ``object`` a short name. A derived fact matches a
listed one with the same subject (by name), relation and polarity, whose object is the derived
concept's name, one of its aliases or its id, or contains or is contained in one of them as whole
words (plurals and hyphens ignored). Each listed fact matches at most one derived fact; exact
names are matched before containing ones. A derived fact that matches a listed fact also
matches the other listed facts whose objects are exact names of the same concept (the claim set
holds "oral" and "tablet", or "antiepileptic" and "anticonvulsant", as one concept, so one fact
states both); precision counts each derived fact once.
``tests/data/leaflets/`` holds the leaflets the rules were developed on; a held-out set is kept
outside the repository.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from factcheck.authoring.derive import derive, pipeline_with
from factcheck.knowledge.claimset import Concept, Fact
from factcheck.knowledge.kb import KnowledgeBase, load_checked_claimset
from factcheck.pipeline.checker import FactChecker


def _singular(word: str) -> str:
    """A plural read as its singular: "-shes", "-xes", "-sses", "-zzes" lose "es" ("hot flashes",
    "rashes"), other words ending in one "s" lose it ("seizures"); "-ss" and short words stay."""
    if len(word) > 4 and re.search(r"(?:sh|x|ss|zz)es$", word):
        return word[:-2]
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _norm(text: str) -> str:
    words = re.sub(r"[^a-z0-9]+", " ", text.lower()).split()
    return " ".join(_singular(w) for w in words)


def _names(concept: Concept) -> set[str]:
    return {_norm(concept.name), _norm(concept.id.replace("_", " "))} | {_norm(a.text) for a in concept.aliases}


def _object_matches(gold: str, names: set[str], exact: bool = False) -> bool:
    g = _norm(gold)
    for n in names:
        if not n:
            continue
        if g == n or (not exact and (f" {n} " in f" {g} " or f" {g} " in f" {n} ")):
            return True
    return False


def score(directory: Path, show: bool = False) -> dict[str, float]:
    checker = FactChecker()
    kb = KnowledgeBase(load_checked_claimset(None))
    total_gold = total_derived = total_hit = total_synonyms = 0
    for text_path in sorted(directory.glob("*.txt")):
        facts_path = text_path.with_name(text_path.stem + ".facts.jsonl")
        if not facts_path.exists():
            continue
        gold = [json.loads(line) for line in facts_path.read_text(encoding="utf-8").splitlines() if line.strip()]
        draft = derive(checker.nlp, text_path.read_text(encoding="utf-8"), "leaflet_" + text_path.stem, kb,
                       rebuild=lambda concepts: pipeline_with(concepts))
        drafted = {c.id: c for c in draft.concepts}
        derived: list[Fact] = list(draft.facts) + [link.fact for link in draft.links]

        def concept(cid: str, drafted: dict[str, Concept] = drafted) -> Concept:
            return drafted.get(cid) or kb.concept(cid)

        used: set[int] = set()
        hits = synonyms = 0
        matched: set[int] = set()
        # exact names first, then names that contain one another: a derived fact whose alias
        # merely contains a listed object ("exercise-induced asthma") does not take that listed
        # fact ("asthma") from the derived fact that names it exactly
        for exact in (True, False):
            for n, fact in enumerate(derived):
                if n in matched:
                    continue
                subject = _names(concept(fact.subject))
                for k, g in enumerate(gold):
                    if k in used or g["relation"] != fact.relation or bool(g["polarity"]) != fact.polarity:
                        continue
                    if _norm(g["subject"]) in subject and \
                            _object_matches(g["object"], _names(concept(fact.object)), exact):
                        used.add(k)
                        matched.add(n)
                        hits += 1
                        # other listed facts naming the same concept by one of its exact names
                        # ("oral" and "tablet" where one concept has both names) are found too
                        for j, other in enumerate(gold):
                            if j not in used and other["relation"] == fact.relation and \
                                    bool(other["polarity"]) == fact.polarity and \
                                    _norm(other["subject"]) in subject and _norm(other["object"]) != _norm(g["object"]) \
                                    and _object_matches(other["object"], _names(concept(fact.object)), True):
                                used.add(j)
                                hits += 1
                                synonyms += 1
                        break
        wrong: list[Fact] = [f for n, f in enumerate(derived) if n not in matched]
        total_gold += len(gold)
        total_derived += len(derived)
        total_hit += hits
        total_synonyms += synonyms
        print(f"{text_path.stem:18} facts {len(gold):3}  derived {len(derived):3}  matched {hits:3}  "
              f"recall {hits / max(len(gold), 1):.2f}  precision {(hits - synonyms) / max(len(derived), 1):.2f}")
        if show:
            for fact in wrong:
                print(f"   extra  {fact.subject} {'' if fact.polarity else 'NOT '}{fact.relation} {fact.object}: "
                      f"{fact.evidence[0].quote[:100]!r}")
            for k, g in enumerate(gold):
                if k not in used:
                    print(f"   missed {g['subject']} {'' if g['polarity'] else 'NOT '}{g['relation']} {g['object']}: "
                          f"{g['quote'][:100]!r}")
    recall = total_hit / max(total_gold, 1)
    precision = (total_hit - total_synonyms) / max(total_derived, 1)
    print(f"ALL facts {total_gold} derived {total_derived} matched {total_hit} "
          f"recall={recall:.3f} precision={precision:.3f} (of the matched, {total_synonyms} by a concept's second name)")
    return {"recall": recall, "precision": precision}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--show", action="store_true", help="list missed and extra facts")
    args = parser.parse_args(argv)
    score(args.directory, args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
