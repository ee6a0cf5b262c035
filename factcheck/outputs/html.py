"""``--format html``: one self-contained HTML page for the whole run (inline CSS, no script, no
network), for people to read.

The header counts inputs and findings per verdict, with a table of the inputs. Then each input's
text is shown with every claim (its subject-to-object span) highlighted in the colour of its
verdict, a numbered marker after it (dashed, with the word, when the author hedges, questions,
reports or supposes the claim rather than asserting it) and, next to the text, the list of
findings: verdict, relation, negation, assertion and cues, correction, curated fact ids and the
source quotes. Flagged inputs come first and open; inputs that could not be read come next; the
others follow collapsed (``<details>``), so the page stays usable for thousands of inputs.

Claims may overlap ("opioids like oxycodone and fentanyl" holds two): the text is cut at every
claim boundary and each piece is wrapped in one ``<mark>`` that lists the claims covering it
(``data-f``), coloured by the most severe of them. All input text, ids and paths go through
:func:`esc` (HTML escaping; control characters and lone surrogates become U+FFFD, one for one).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, TextIO

from factcheck import __version__
from factcheck.knowledge.claimset import ClaimSet
from factcheck.outputs.base import Item, fact_ids, one_line
from factcheck.report import Finding, Report

VERDICTS = ("refuted", "unverifiable", "supported")
"""Most severe first: a piece of text covered by several claims takes the first one's colour."""

OPEN_TABLE_MAX = 25
"""The table of inputs is open when there are at most this many inputs, collapsed otherwise."""

_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def esc(text: str) -> str:
    """HTML-escaped text (quotes included, so safe in attributes too). Characters that cannot
    appear in an HTML document (C0 controls other than tab, LF and CR; DEL; lone surrogates from
    JSON input) become U+FFFD, one for one, so character offsets still line up."""
    return html.escape(_UNSAFE.sub("\ufffd", text), quote=True)


CSS = """
:root { --refuted: #c62828; --refuted-bg: #ffd7d5; --supported: #2e7d32; --supported-bg: #d4f1d6;
  --unverifiable: #8d6e00; --unverifiable-bg: #fff0b3; --muted: #5f6368; --line: #dadce0; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
  margin: 0; color: #202124; background: #f8f9fa; }
header { background: #fff; border-bottom: 1px solid var(--line); padding: 16px 24px; }
h1 { font-size: 20px; margin: 0 0 8px; }
h2 { font-size: 17px; margin: 24px 0 8px; }
main { padding: 0 24px 32px; }
.muted { color: var(--muted); }
.counts { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0; padding: 0; list-style: none; }
.counts li { border: 1px solid var(--line); border-radius: 6px; padding: 4px 10px; background: #fff; }
.counts b { font-size: 17px; }
.badge { display: inline-block; border-radius: 4px; padding: 0 6px; font-size: 12px; font-weight: 600;
  text-transform: uppercase; letter-spacing: .02em; }
.badge.v-refuted { background: var(--refuted); color: #fff; }
.badge.v-supported { background: var(--supported); color: #fff; }
.badge.v-unverifiable { background: var(--unverifiable); color: #fff; }
.badge.flag { background: #202124; color: #fff; }
.badge.err { background: #5f6368; color: #fff; }
.badge.ctx { background: #fff; color: #202124; border: 1px dashed #202124; }
.legend mark { padding: 0 3px; }
table.inputs { border-collapse: collapse; background: #fff; margin: 8px 0; }
table.inputs th, table.inputs td { border: 1px solid var(--line); padding: 2px 8px; text-align: left; }
table.inputs td.n { text-align: right; font-variant-numeric: tabular-nums; }
details.input { background: #fff; border: 1px solid var(--line); border-radius: 8px; margin: 10px 0; }
details.input.flagged { border-left: 5px solid var(--refuted); }
details.input > summary { cursor: pointer; padding: 8px 12px; font-weight: 600; overflow-wrap: anywhere; }
details.input > summary .badge { margin-left: 6px; }
.body { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 16px; padding: 0 12px 12px; align-items: start; }
@media (max-width: 900px) { .body { grid-template-columns: minmax(0, 1fr); } }
pre.text { white-space: pre-wrap; overflow-wrap: anywhere; font: inherit; margin: 0; padding: 10px 12px;
  background: #fcfcfc; border: 1px solid var(--line); border-radius: 6px; }
mark { color: inherit; border-radius: 3px; padding: 1px 0; border-bottom: 2px solid transparent; }
mark.v-refuted { background: var(--refuted-bg); border-bottom-color: var(--refuted); }
mark.v-supported { background: var(--supported-bg); border-bottom-color: var(--supported); }
mark.v-unverifiable { background: var(--unverifiable-bg); border-bottom-color: var(--unverifiable); }
mark.ctx { border-bottom-style: dashed; }
mark.multi { box-shadow: inset 0 -5px 0 rgba(0, 0, 0, .12); }
sup.ref { font-size: 11px; font-weight: 700; line-height: 0; }
sup.ref a { text-decoration: none; border-radius: 3px; padding: 0 3px; color: #fff; }
sup.ref.v-refuted a { background: var(--refuted); }
sup.ref.v-supported a { background: var(--supported); }
sup.ref.v-unverifiable a { background: var(--unverifiable); }
sup.ref.ctx a { background: #fff; border: 1px dashed currentColor; }
sup.ref.ctx.v-refuted a { color: var(--refuted); }
sup.ref.ctx.v-supported a { color: var(--supported); }
sup.ref.ctx.v-unverifiable a { color: var(--unverifiable); }
ol.findings { margin: 0; padding: 0; list-style: none; }
li.finding { border: 1px solid var(--line); border-left: 4px solid var(--muted); border-radius: 6px;
  padding: 6px 10px; margin: 0 0 8px; background: #fff; overflow-wrap: anywhere; }
li.finding.v-refuted { border-left-color: var(--refuted); }
li.finding.v-supported { border-left-color: var(--supported); }
li.finding.v-unverifiable { border-left-color: var(--unverifiable); }
li.finding:target { outline: 2px solid #1a73e8; }
li.finding .claim { font-weight: 600; }
li.finding dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 2px 10px; margin: 6px 0 0; font-size: 14px; }
li.finding dt { color: var(--muted); }
li.finding dd { margin: 0; }
blockquote { margin: 2px 0; padding-left: 8px; border-left: 3px solid var(--line); font-style: italic; }
code { font-size: 13px; }
p.error { color: #b00020; padding: 0 12px 12px; margin: 0; overflow-wrap: anywhere; }
p.none { padding: 0 12px 12px; margin: 0; }
footer { padding: 12px 24px; font-size: 13px; }
"""


@dataclass
class _Entry:
    index: int  # 1-based position in input order: the stable anchor "in-<index>"
    item: Item
    report: Report


class HtmlRenderer:
    """Collects every input and writes the page in :meth:`finish`."""

    def __init__(self, out: TextIO, claimset: ClaimSet | None = None) -> None:
        self.out = out
        self.claimset = claimset
        self.entries: list[_Entry] = []

    def add(self, item: Item, report: Report) -> None:
        self.entries.append(_Entry(len(self.entries) + 1, item, report))

    def finish(self, successful: bool) -> None:
        self.out.write(render_page(self.entries, self.claimset, successful))


# ---------------------------------------------------------------------------- page

def render_page(entries: list[_Entry], claimset: ClaimSet | None = None, successful: bool = True) -> str:
    flagged = [e for e in entries if e.report.flagged]
    failed = [e for e in entries if e.report.error is not None]
    rest = [e for e in entries if not e.report.flagged and e.report.error is None]
    verdicts: Counter[str] = Counter(f.verdict for e in entries for f in e.report.findings)
    unflagged_refuted = sum(f.verdict == "refuted" and not f.flags for e in entries for f in e.report.findings)

    parts = ['<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
             '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
             # no network at all: nothing may be loaded from anywhere, and no script runs
             "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
             "style-src 'unsafe-inline'; img-src data:\">\n",
             f"<title>factcheck report: {len(entries)} input(s), {len(flagged)} flagged</title>\n",
             f"<style>{CSS}</style>\n</head>\n<body>\n<header>\n",
             f'<h1>factcheck report</h1>\n<p class="muted">factcheck {esc(__version__)}: drug-class '
             "claims checked against the curated, source-cited claim set.",
             "" if successful else " <b>Some inputs could not be checked.</b>", "</p>\n",
             '<ul class="counts" id="counts">\n',
             f'<li>inputs <b data-count="inputs">{len(entries)}</b></li>\n',
             f'<li><span class="badge flag">flagged</span> inputs <b data-count="flagged">{len(flagged)}</b></li>\n']
    if failed:
        parts.append(f'<li><span class="badge err">not checked</span> <b data-count="errors">{len(failed)}</b></li>\n')
    for v in VERDICTS:
        parts.append(f'<li><span class="badge v-{v}">{v}</span> claims <b data-count="{v}">{verdicts[v]}</b></li>\n')
    parts.append("</ul>\n")
    parts.append('<p class="legend muted">Claims are highlighted from subject to object: '
                 '<mark class="v-refuted">refuted</mark>, <mark class="v-supported">supported</mark>, '
                 '<mark class="v-unverifiable">unverifiable</mark> (nothing in the claim set). A dashed '
                 'underline and a dashed marker mean the author does not assert the claim (hedged, '
                 'questioned, reported or hypothetical). An input is <i>flagged</i> when it holds a '
                 'refuted claim that its author asserts or hedges'
                 + (f" ({unflagged_refuted} refuted claim(s) are only questioned, reported or "
                    "hypothetical and flag nothing)" if unflagged_refuted else "")
                 + ". Hover over a highlight for its verdict; click a marker for the details.</p>\n")
    parts.append(_input_table(flagged + failed + rest))
    parts.append("</header>\n<main>\n")

    if flagged:
        parts.append(f'<h2 id="flagged">Flagged inputs ({len(flagged)})</h2>\n')
        parts.extend(_input_section(e, claimset, open_=True) for e in flagged)
    if failed:
        parts.append(f'<h2 id="errors">Inputs not checked ({len(failed)})</h2>\n')
        parts.extend(_input_section(e, claimset, open_=True) for e in failed)
    if rest:
        parts.append(f'<h2 id="others">{"Other inputs" if flagged or failed else "Inputs"} ({len(rest)}, '
                     "not flagged; click to expand)</h2>\n")
        parts.extend(_input_section(e, claimset, open_=False) for e in rest)
    if not entries:
        parts.append('<p class="none">No input.</p>\n')
    parts.append('</main>\n<footer class="muted">Generated by factcheck; this page is self-contained '
                 "(no script, no network).</footer>\n</body>\n</html>\n")
    return "".join(parts)


def _input_table(entries: list[_Entry]) -> str:
    if not entries:
        return ""
    rows = []
    for e in entries:
        counts: Counter[str] = Counter(f.verdict for f in e.report.findings)
        state = ('<span class="badge flag">flagged</span>' if e.report.flagged
                 else '<span class="badge err">not checked</span>' if e.report.error else "")
        rows.append(f'<tr><td><a href="#in-{e.index}">{esc(e.item.name)}</a></td><td>{state}</td>'
                    + "".join(f'<td class="n">{counts[v] or ""}</td>' for v in VERDICTS) + "</tr>\n")
    head = "".join(f'<th><span class="badge v-{v}">{v}</span></th>' for v in VERDICTS)
    open_ = " open" if len(entries) <= OPEN_TABLE_MAX else ""
    return (f'<details class="table"{open_}><summary>Inputs ({len(entries)}; flagged first)</summary>\n'
            f'<table class="inputs"><thead><tr><th>input</th><th></th>{head}</tr></thead>\n<tbody>\n'
            + "".join(rows) + "</tbody></table>\n</details>\n")


def _input_section(e: _Entry, claimset: ClaimSet | None, open_: bool) -> str:
    report = e.report
    counts: Counter[str] = Counter(f.verdict for f in report.findings)
    badges = []
    if report.flagged:
        badges.append('<span class="badge flag">flagged</span>')
    if report.error is not None:
        badges.append('<span class="badge err">not checked</span>')
    badges += [f'<span class="badge v-{v}">{counts[v]} {v}</span>' for v in VERDICTS if counts[v]]
    if not report.findings and report.error is None:
        badges.append('<span class="muted">no claim found</span>')
    cls = "input flagged" if report.flagged else "input error" if report.error else "input"
    out = [f'<details class="{cls}" id="in-{e.index}"{" open" if open_ else ""}>'
           f'<summary>{esc(e.item.name)}{"".join(badges)}</summary>\n']
    if report.error is not None:
        out.append(f'<p class="error">{esc(report.error)}</p>\n')
    elif e.item.text is not None:
        prefix = f"in-{e.index}-f-"
        out.append('<div class="body">\n<pre class="text">')
        out.append(highlight(e.item.text, report.findings, prefix))
        out.append("</pre>\n")
        if report.findings:
            out.append('<ol class="findings">\n')
            out.extend(finding_item(f, n, prefix, claimset) for n, f in enumerate(report.findings, start=1))
            out.append("</ol>\n")
        else:
            out.append('<p class="muted">No drug-class claim found in this text.</p>\n')
        out.append("</div>\n")
    out.append("</details>\n")
    return "".join(out)


# ---------------------------------------------------------------------------- text and findings

def _severity(f: Finding) -> int:
    return VERDICTS.index(f.verdict)


def _not_asserted(f: Finding) -> bool:
    return f.assertion != "asserted"


def _tooltip(f: Finding, n: int) -> str:
    what = f"{n}. {f.verdict}: {one_line(f.claim)} ({f.subject.id} {'not ' if f.negated else ''}{f.relation} {f.object.id}"
    what += f"; {f.assertion})" if _not_asserted(f) else ")"
    if f.verdict == "refuted" and f.correction:
        what += f" — {one_line(f.correction)}"
    ids = fact_ids(f)
    if ids:
        what += f" [{', '.join(ids)}]"
    return what


def highlight(text: str, findings: list[Finding], prefix: str = "f-") -> str:
    """The escaped text with each claim's span [start, end) highlighted. The text is cut at every
    claim boundary; a piece covered by claims is one ``<mark>`` listing them (``data-f``, 1-based
    finding numbers), coloured by the most severe verdict among them, with every covering claim
    in its ``title``. After a claim's last character comes a numbered marker linking to the
    finding's entry (``#<prefix><n>``). Without the markers, the element text is ``text``."""
    n_chars = len(text)
    spans = []  # (start, end, number, finding), clamped to the text; empty spans get a marker only
    for n, f in enumerate(findings, start=1):
        start = min(max(f.start, 0), n_chars)
        spans.append((start, min(max(f.end, start), n_chars), n, f))
    cuts = sorted({0, n_chars, *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans)})
    ends: dict[int, list[tuple[int, Finding]]] = {}
    for _s, e, n, f in spans:
        ends.setdefault(e, []).append((n, f))
    out = []
    for a, b in zip(cuts, cuts[1:]):
        covering = [(n, f) for s, e, n, f in spans if s <= a and b <= e and s < e]
        piece = esc(text[a:b])
        if covering:
            worst = min(covering, key=lambda nf: _severity(nf[1]))[1]
            classes = [f"v-{worst.verdict}"]
            if any(_not_asserted(f) for _, f in covering):
                classes.append("ctx")
            if len(covering) > 1:
                classes.append("multi")
            title = "\n".join(_tooltip(f, n) for n, f in covering)
            nums = " ".join(str(n) for n, _ in covering)
            piece = f'<mark class="{" ".join(classes)}" data-f="{nums}" title="{esc(title)}">{piece}</mark>'
        out.append(piece)
        out.extend(_marker(n, f, prefix) for n, f in ends.get(b, ()))
    if n_chars == 0:
        out.extend(_marker(n, f, prefix) for n, f in ends.get(0, ()))
    return "".join(out)


def _marker(n: int, f: Finding, prefix: str) -> str:
    ctx = " ctx" if _not_asserted(f) else ""
    label = f"{n} {f.assertion}" if _not_asserted(f) else str(n)
    return (f'<sup class="ref v-{f.verdict}{ctx}" data-f="{n}"><a href="#{prefix}{n}" '
            f'title="{esc(_tooltip(f, n))}">{esc(label)}</a></sup>')


def finding_item(f: Finding, n: int, prefix: str, claimset: ClaimSet | None = None) -> str:
    """One finding of the side list: verdict, claim, relation, status, correction, facts, quotes."""
    status: list[str] = [f.assertion]
    if f.negated:
        status.insert(0, "negated")
    rows = [("relation", f"<code>{esc(f.subject.id)}</code> {'not ' if f.negated else ''}"
                         f"<code>{esc(f.relation)}</code> <code>{esc(f.object.id)}</code>"),
            ("status", esc(", ".join(status))
             + (f'&ensp;<span class="badge ctx">{esc(f.assertion)}</span>' if _not_asserted(f) else ""))]
    if f.cues:
        rows.append(("cues", ", ".join(f"{esc(c.category)} “{esc(c.text)}”" for c in f.cues)))
    if f.verdict == "refuted" and f.correction:
        rows.append(("correction", f"<b>{esc(f.correction)}</b>"))
    elif f.verdict == "supported" and f.evidence:
        rows.append(("consistent with", esc(f.evidence[0].fact)))
    if f.note:
        rows.append(("note", esc(f.note)))
    ids = fact_ids(f)
    if ids:
        rows.append(("facts", ", ".join(f"<code>{esc(i)}</code>" for i in ids)))
    quotes: dict[tuple[str, str], list[str]] = {}  # (source id, quote) -> the fact ids citing it
    references: dict[tuple[str, str], list[Any]] = {}  # (authority, identifier) -> [evidence, fact ids]
    for e in f.evidence:
        if e.authority is not None:
            ref = references.setdefault((e.authority, e.identifier or ""), [e, []])
            if e.fact_id not in ref[1]:
                ref[1].append(e.fact_id)
            continue
        cited = quotes.setdefault((e.source_id or "", e.quote or ""), [])
        if e.fact_id not in cited:
            cited.append(e.fact_id)
    for (source_id, quote), cited in quotes.items():
        title = source_id
        if claimset is not None and source_id in claimset.sources:
            title = f"{claimset.sources[source_id].title} ({source_id})"
        rows.append(("source", f"<blockquote>{esc(quote)}</blockquote><span class=\"muted\">{esc(title)}; "
                               f"for {', '.join(esc(c) for c in cited)}</span>"))
    for e, cited in references.values():  # a citation by reference: a link, our statement, its date
        since = f" (from {esc(e.date)})" if e.date else ""
        sense = f"; {esc(e.sense)} sense" if e.sense else ""
        rows.append(("cited", f'<a href="{esc(e.url or "")}" rel="noopener noreferrer">{esc(e.citation or "")}</a>'
                              f"{since}: {esc(e.statement or '')}<span class=\"muted\">{sense}; "
                              f"for {', '.join(esc(c) for c in cited)}</span>"))
    steps = list(dict.fromkeys(s for e in f.evidence for s in e.steps))
    if steps:
        rows.append(("via", esc("; ".join(steps))))
    if f.verdict == "unverifiable" and not f.note:
        rows.append(("note", "the claim set says nothing about this"))
    flag = ' <span class="badge flag">flags</span>' if f.flags else ""
    body = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return (f'<li class="finding v-{f.verdict}" id="{prefix}{n}" data-f="{n}">'
            f'<span class="badge v-{f.verdict}">{n}. {f.verdict}</span>{flag} '
            f'<span class="claim">“{esc(one_line(f.claim))}”</span><dl>{body}</dl></li>\n')
