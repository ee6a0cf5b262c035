"""SARIF 2.1.0 output (``--format sarif``): one log, one run, for the whole command.

Choices (see the README's "Output formats"):

- ``run.columnKind`` is ``unicodeCodePoints``: columns, ``charOffset`` and ``charLength``
  count code points, like every offset factcheck reports. Lines end at CR, LF or CRLF.
- Results: ``refuted`` findings (level ``error`` when the author asserts or hedges the claim,
  i.e. when it flags the input; ``note`` when it is questioned, reported or hypothetical) and
  ``unverifiable`` findings (level ``note``). ``supported`` findings are left out.
- Rules: one per curated fact that a result cites (rule id = fact id; a refuted result's rule is
  its first evidence fact, all its facts are in ``properties.factIds``), and one per relation
  for results without evidence (``unverifiable/<relation>``; ``refuted/<relation>`` should a
  refuted finding ever have none). Fact ids cannot contain "/", so the two never clash. Only
  rules that some result uses are listed.
- Locations: a text input's region is the claim (start/end line and column, charOffset,
  charLength, snippet). A JSONL record's offsets are into its text field, not into the file,
  so its physical region is the record's line of the JSONL file, the record id is a logical
  location (kind ``object``), and the claim's offsets into the record text are in
  ``result.properties.recordRegion``.
- Artifact URIs: the path as given (relative, forward slashes, percent-encoded; absolute paths
  outside the working directory as ``file:`` URIs); standard input is ``stdin``.
- Inputs that could not be read are ``toolExecutionNotifications`` (level ``error``) of the
  run's invocation, whose ``executionSuccessful`` is then false.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from factcheck import __version__
from factcheck.knowledge.claimset import ClaimSet
from factcheck.outputs.base import Item, LineIndex, artifact_uri, fact_ids, one_line
from factcheck.report import Finding, Report

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def result_level(f: Finding) -> str | None:
    """SARIF level of a finding, or None for findings that are not reported."""
    if f.verdict == "refuted":
        return "error" if f.flags else "note"
    if f.verdict == "unverifiable":
        return "note"
    return None


class SarifRenderer:
    def __init__(self, out: TextIO, claimset: ClaimSet | None = None) -> None:
        self.out = out
        self.claimset = claimset
        self.rules: list[dict[str, Any]] = []
        self.rule_index: dict[str, int] = {}
        self.results: list[dict[str, Any]] = []
        self.notifications: list[dict[str, Any]] = []

    # ------------------------------------------------------------------ rules
    def _rule_for(self, f: Finding) -> str:
        ids = fact_ids(f)
        if ids and f.verdict == "refuted":
            rule_id = ids[0]
            if rule_id not in self.rule_index:
                self._add_rule(self._fact_rule(f, rule_id))
        else:
            rule_id = f"{f.verdict}/{f.relation}"
            if rule_id not in self.rule_index:
                self._add_rule(self._relation_rule(f.verdict, f.relation))
        return rule_id

    def _add_rule(self, rule: dict[str, Any]) -> None:
        self.rule_index[rule["id"]] = len(self.rules)
        self.rules.append(rule)

    def _fact_rule(self, f: Finding, fact_id: str) -> dict[str, Any]:
        quotes = [e for e in f.evidence if e.fact_id == fact_id]
        e = quotes[0]
        if e.authority is not None:
            props: dict[str, Any] = {"kind": "fact", "citations": [
                {"authority": c.authority, "identifier": c.identifier, "url": c.url, "date": c.date,
                 "statement": c.statement} for c in quotes if c.authority is not None]}
        else:
            props = {"kind": "fact", "source": e.source_id, "quote": e.quote}
        title = None
        if self.claimset is not None:
            fact = next((x for x in self.claimset.facts if x.id == fact_id), None)
            if fact is not None:
                props.update(subject=fact.subject, relation=fact.relation, object=fact.object,
                             polarity=fact.polarity)
            src = self.claimset.sources.get(e.source_id) if e.source_id else None
            title = src.title if src else None
        if e.authority is not None:  # a citation by reference: name it, link the first
            said = "; ".join(f"{c.citation}: {one_line(c.statement or '')}" for c in quotes if c.authority)
            return {
                "id": fact_id,
                "shortDescription": {"text": f"Claim set fact: {e.fact}"},
                "fullDescription": {"text": f"{e.fact}. Cited: {said}"},
                "helpUri": e.url,
                "defaultConfiguration": {"level": "error"},
                "properties": props,
            }
        cited = f'{title} ({e.source_id})' if title else e.source_id
        return {
            "id": fact_id,
            "shortDescription": {"text": f"Claim set fact: {e.fact}"},
            "fullDescription": {"text": f'{e.fact}. Source {cited}: "{one_line(e.quote or "")}"'},
            "defaultConfiguration": {"level": "error"},
            "properties": props,
        }

    @staticmethod
    def _relation_rule(verdict: str, relation: str) -> dict[str, Any]:
        what = "says nothing about" if verdict == "unverifiable" else "refutes"
        return {
            "id": f"{verdict}/{relation}",
            "shortDescription": {"text": f"The claim set {what} this {relation} claim"},
            "defaultConfiguration": {"level": "note" if verdict == "unverifiable" else "error"},
            "properties": {"kind": "relation", "verdict": verdict, "relation": relation},
        }

    # ------------------------------------------------------------------ results
    def add(self, item: Item, report: Report) -> None:
        if report.error:
            note: dict[str, Any] = {"level": "error", "message": {"text": report.error}}
            loc = self._artifact_location(item)
            if loc is not None:
                note["locations"] = [loc]
            self.notifications.append(note)
            return
        lines: LineIndex | None = None
        for f in report.findings:
            level = result_level(f)
            if level is None:
                continue
            if lines is None and not item.is_record:
                lines = LineIndex(item.text or "")
            rule_id = self._rule_for(f)
            self.results.append(self._result(item, f, level, rule_id, lines))

    def _result(self, item: Item, f: Finding, level: str, rule_id: str, lines: LineIndex | None) -> dict[str, Any]:
        claim = one_line(f.claim)
        if f.verdict == "refuted":
            text = f'"{claim}": {f.correction or "refuted by the claim set"}'
        else:
            text = f'"{claim}": the claim set says nothing about this'
            if f.note:
                text += f" ({f.note})"
        props: dict[str, Any] = {
            "verdict": f.verdict, "assertion": f.assertion, "negated": f.negated,
            "relation": f.relation, "subject": f.subject.id, "object": f.object.id,
            "claim": f.claim, "flags": f.flags, "factIds": fact_ids(f), "inputId": item.id,
        }
        uri = artifact_uri(item.path)
        if item.is_record:
            location = {
                "physicalLocation": {"artifactLocation": {"uri": uri}, "region": {"startLine": item.line}},
                "logicalLocations": [{"name": item.id, "kind": "object"}],
            }
            props["recordRegion"] = {"charOffset": f.start, "charLength": f.end - f.start}
        else:
            assert lines is not None
            start_line, start_col = lines.line_col(f.start)
            end_line, end_col = lines.line_col(f.end)
            location = {"physicalLocation": {"artifactLocation": {"uri": uri}, "region": {
                "startLine": start_line, "startColumn": start_col,
                "endLine": end_line, "endColumn": end_col,
                "charOffset": f.start, "charLength": f.end - f.start,
                "snippet": {"text": f.claim},
            }}}
        return {
            "ruleId": rule_id,
            "ruleIndex": self.rule_index[rule_id],
            "level": level,
            "message": {"text": text},
            "locations": [location],
            "properties": props,
        }

    @staticmethod
    def _artifact_location(item: Item) -> dict[str, Any] | None:
        phys: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(item.path)}}
        if item.line is not None:
            phys["region"] = {"startLine": item.line}
        return {"physicalLocation": phys}

    # ------------------------------------------------------------------ output
    def log(self, successful: bool) -> dict[str, Any]:
        invocation: dict[str, Any] = {"executionSuccessful": successful}
        if self.notifications:
            invocation["toolExecutionNotifications"] = self.notifications
        return {
            "$schema": SARIF_SCHEMA,
            "version": SARIF_VERSION,
            "runs": [{
                "tool": {"driver": {
                    "name": "factcheck",
                    "version": __version__,
                    "semanticVersion": __version__,
                    "rules": self.rules,
                }},
                "invocations": [invocation],
                "columnKind": "unicodeCodePoints",
                "results": self.results,
            }],
        }

    def finish(self, successful: bool) -> None:
        json.dump(self.log(successful), self.out, ensure_ascii=False, indent=2)
        self.out.write("\n")
