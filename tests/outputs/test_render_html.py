"""``--format html`` (one self-contained page), the progress bar and ``--quiet``, and a real
browser (headless Debian Chromium) opening the page: the refuted claim is highlighted and visible,
and a screenshot is saved to ``test-artifacts/report.png``."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from factcheck.cli import app as cli
from factcheck.cli import check as cli_check
from factcheck.outputs.html import highlight

pytestmark = pytest.mark.usefixtures("shared_checker")

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "post.txt"
ARTIFACTS = ROOT / "test-artifacts"

HOSTILE = ('<script>alert(1)</script> My doctor says baclofen is an opiate.\n'
           '"><img src=x onerror=alert(2)> Is baclofen an opioid? & &amp; </pre></details>\n')

VOID = {"meta", "br", "hr", "img", "input", "link", "wbr", "col", "source"}


def run(argv: list[str], stdin: str = "") -> tuple[int, str]:
    out = io.StringIO()
    code = cli.main(argv, stdin=io.StringIO(stdin), stdout=out)
    return code, out.getvalue()


class Node:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Node | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def iter(self):
        yield self
        for c in self.children:
            if isinstance(c, Node):
                yield from c.iter()

    def find_all(self, tag: str, cls: str | None = None) -> list[Node]:
        return [n for n in self.iter() if n.tag == tag and (cls is None or cls in n.classes())]

    def text(self, skip_refs: bool = False) -> str:
        parts = []
        for c in self.children:
            if isinstance(c, str):
                parts.append(c)
            elif not (skip_refs and c.tag == "sup" and "ref" in c.classes()):
                parts.append(c.text(skip_refs))
        return "".join(parts)


class StrictTree(HTMLParser):
    """A DOM of the page that fails on any unbalanced or misnested tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.cur = self.root
        self.doctype = None

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag, attrs) -> None:
        node = Node(tag, dict(attrs), self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag, attrs) -> None:
        self.cur.children.append(Node(tag, dict(attrs), self.cur))

    def handle_endtag(self, tag) -> None:
        assert tag not in VOID
        assert self.cur.tag == tag, f"</{tag}> closes <{self.cur.tag}>"
        self.cur = self.cur.parent

    def handle_data(self, data) -> None:
        self.cur.children.append(data)


def parse(page: str) -> Node:
    tree = StrictTree()
    tree.feed(page)
    tree.close()
    assert tree.cur is tree.root, f"<{tree.cur.tag}> left open"
    assert tree.doctype and tree.doctype.lower() == "doctype html"
    return tree.root


def reports_json(paths: list[str], extra: list[str] | None = None) -> list[dict]:
    _, out = run(["check", "--format", "json", *(extra or []), *paths])
    return json.loads(out)["reports"]


# ---------------------------------------------------------------------------- the page

def test_page_parses_and_holds_every_finding(tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_text("Nothing about drugs here.\n", encoding="utf-8")
    paths = [str(clean), str(EXAMPLE), str(tmp_path / "gone.txt")]
    code, page = run(["check", "--format", "html", *paths])
    assert code == 2  # gone.txt
    doc = parse(page)
    reports = reports_json(paths)
    expected = [f for r in reports for f in r["findings"]]
    assert expected and any(f["verdict"] == "refuted" for f in expected)

    # self-contained: no script, nothing loaded from anywhere; the only URLs are the links of
    # citations by reference (followed by the reader, never loaded by the page)
    assert not doc.find_all("script") and not doc.find_all("link") and not doc.find_all("img")
    assert "http://" not in page and "src=" not in page
    links = [a.attrs["href"] for a in doc.find_all("a") if (a.attrs.get("href") or "").startswith("https://")]
    assert page.count("https://") == len(links)

    # flagged input first and open; the clean one collapsed; the unreadable one with its error
    sections = doc.find_all("details", "input")
    assert [s.attrs["id"] for s in sections] == ["in-2", "in-3", "in-1"]
    assert "flagged" in sections[0].classes() and "open" in sections[0].attrs
    assert "open" not in sections[2].attrs
    assert "cannot read input" in sections[1].text()

    # header counts
    counts = {b.attrs["data-count"]: int(b.text()) for b in doc.find_all("b") if "data-count" in b.attrs}
    assert counts["inputs"] == 3 and counts["flagged"] == 1 and counts["errors"] == 1
    for v in ("refuted", "supported", "unverifiable"):
        assert counts[v] == sum(f["verdict"] == v for f in expected)

    # every finding: a list entry with its verdict, relation, correction, fact ids and quotes
    (report,) = [r for r in reports if r["id"] == str(EXAMPLE)]
    section = sections[0]
    entries = section.find_all("li", "finding")
    assert len(entries) == len(report["findings"])
    text = EXAMPLE.read_text(encoding="utf-8")
    (pre,) = section.find_all("pre", "text")
    assert pre.text(skip_refs=True) == text
    marks = pre.find_all("mark")
    for n, (f, li) in enumerate(zip(report["findings"], entries), start=1):
        body = li.text()
        assert f"v-{f['verdict']}" in li.classes() and f["verdict"] in body
        assert f["relation"] in body and f["subject"]["id"] in body and f["object"]["id"] in body
        if f["correction"]:
            assert f["correction"] in body
        for e in f["evidence"]:
            assert e["fact_id"] in body and (e["quote"] or e["citation"]) in body
        # the claim's characters are exactly the marks that list it
        covered = "".join(m.text() for m in marks if str(n) in m.attrs["data-f"].split())
        assert covered == text[f["start"]:f["end"]] == f["claim"]
        # and a marker after it links to the entry
        refs = [s for s in pre.find_all("sup", "ref") if s.attrs["data-f"] == str(n)]
        assert refs and refs[0].find_all("a")[0].attrs["href"] == f"#{li.attrs['id']}"
    assert any("v-refuted" in m.classes() for m in marks)


def test_overlapping_claims_are_split_at_every_boundary():
    _, out = run(["check", "--format", "json", "-"], stdin="Opioids like oxycodone and fentanyl are strong.\n")
    (report,) = json.loads(out)["reports"]
    assert len(report["findings"]) == 2  # "Opioids like oxycodone", "Opioids like oxycodone and fentanyl"
    from factcheck.report import Finding

    findings = [Finding.model_validate(f) for f in report["findings"]]
    fragment = highlight("Opioids like oxycodone and fentanyl are strong.\n", findings)
    doc = parse("<!DOCTYPE html><pre>" + fragment + "</pre>")
    marks = doc.find_all("mark")
    assert [(m.text(), m.attrs["data-f"]) for m in marks] == [("Opioids like oxycodone", "1 2"), (" and fentanyl", "2")]
    assert "multi" in marks[0].classes()


def test_highlight_handles_nested_adjacent_and_refuted_over_supported():
    from factcheck.report import Finding, Mention, Span

    def finding(start, end, verdict, assertion="asserted"):
        m = Mention(id="x", text="x", start=start, end=start + 1, type="drug")
        return Finding(verdict=verdict, relation="is_a", subject=m, object=m, negated=False, assertion=assertion,
                       claim="", start=start, end=end, sentence=Span(start=0, end=12), pattern="t")

    text = "abcdefghijkl"
    fs = [finding(0, 8, "supported"), finding(2, 5, "refuted", "questioned"), finding(5, 8, "unverifiable"),
          finding(8, 12, "refuted")]
    doc = parse("<!DOCTYPE html><pre>" + highlight(text, fs) + "</pre>")
    (pre,) = doc.find_all("pre")
    assert pre.text(skip_refs=True) == text
    got = [(m.text(), m.attrs["data-f"], sorted(m.classes())) for m in pre.find_all("mark")]
    assert got == [("ab", "1", ["v-supported"]), ("cde", "1 2", ["ctx", "multi", "v-refuted"]),
                   ("fgh", "1 3", ["multi", "v-unverifiable"]), ("ijkl", "4", ["v-refuted"])]
    refs = [(s.attrs["data-f"], s.text()) for s in pre.find_all("sup", "ref")]
    assert refs == [("2", "2 questioned"), ("1", "1"), ("3", "3"), ("4", "4")]


def test_hostile_input_ids_and_paths_render_as_text(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name = '"><img src=x onerror=alert(3)><script>alert(4).txt'
    Path(name).write_text(HOSTILE, encoding="utf-8")
    records = tmp_path / "posts.jsonl"
    records.write_text(json.dumps({"id": '<script>alert(5)</script>"><img onerror=alert(6)>',
                                   "text": HOSTILE + "\x00\x07 \ud800"}) + "\n", encoding="utf-8")
    code, page = run(["check", "--format", "html", name])
    code2, page2 = run(["check", "--format", "html", "--input-format", "jsonl", str(records)])
    assert code == code2 == 1  # "baclofen is an opiate", asserted (says)
    for p in (page, page2):
        low = p.lower()
        assert "<script" not in low and "<img" not in low and "</pre></details>\n" not in p
        assert "&lt;script&gt;alert(" in p and "&lt;img src=x onerror=alert(" in p
        doc = parse(p)
        assert not doc.find_all("script") and not doc.find_all("img")
        assert all(not k.startswith("on") for n in doc.iter() for k in n.attrs)
        (pre,) = doc.find_all("pre", "text")
        assert pre.find_all("mark", "v-refuted")
    assert parse(page).find_all("pre", "text")[0].text(skip_refs=True) == HOSTILE
    # control characters and a lone surrogate become U+FFFD one for one (offsets still line up)
    assert parse(page2).find_all("pre", "text")[0].text(skip_refs=True) == HOSTILE + "\ufffd\ufffd \ufffd"
    summaries = [s.text() for s in parse(page).find_all("summary")]
    assert any(name in s for s in summaries)


def test_many_inputs_flagged_first_rest_collapsed(tmp_path):
    lines = [{"id": f"r{i}", "text": "Baclofen is an opiate." if i % 100 == 7 else f"Post {i}: nothing here."}
             for i in range(1000)]
    src = tmp_path / "many.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    out = tmp_path / "report.html"
    code, stdout = run(["check", "--format", "html", "--input-format", "jsonl", "-o", str(out), str(src)])
    assert code == 1 and stdout == ""
    page = out.read_text(encoding="utf-8")
    doc = parse(page)
    sections = doc.find_all("details", "input")
    assert len(sections) == 1000
    flagged = [s for s in sections if "flagged" in s.classes()]
    assert len(flagged) == 10 and sections[:10] == flagged
    assert all("open" in s.attrs for s in flagged)
    assert not any("open" in s.attrs for s in sections[10:])
    # stable: input order within each group
    order = [int(s.attrs["id"].removeprefix("in-")) for s in sections]
    assert order[:10] == sorted(order[:10]) and order[10:] == sorted(order[10:])
    table = doc.find_all("details", "table")[0]
    assert "open" not in table.attrs  # 1,000 rows: collapsed
    assert len(page) < 3_000_000


# ---------------------------------------------------------------------------- progress bar, --quiet

class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def _inputs(tmp_path: Path, n: int) -> Path:
    d = tmp_path / "posts"
    d.mkdir()
    for i in range(n):
        (d / f"{i:03}.txt").write_text("Baclofen is an opiate.\n" if i == 3 else f"Post {i}.\n", encoding="utf-8")
    return d


def test_no_progress_and_nothing_on_stderr_when_not_a_terminal(tmp_path, capsys):
    d = _inputs(tmp_path, 30)
    code, out = run(["check", str(d)])
    assert code == 1 and "refuted" in out
    assert capsys.readouterr().err == ""


def test_progress_bar_on_a_terminal_and_not_with_quiet(tmp_path, monkeypatch):
    d = _inputs(tmp_path, 30)
    monkeypatch.setattr(cli_check, "PROGRESS_DELAY", 0)
    err = FakeTTY()
    monkeypatch.setattr(sys, "stderr", err)
    code, out = run(["check", "--format", "jsonl", str(d)])
    assert code == 1 and len(out.splitlines()) == 30
    assert "factcheck" in err.getvalue() and "input" in err.getvalue()  # tqdm's bar

    quiet = FakeTTY()
    monkeypatch.setattr(sys, "stderr", quiet)
    code, out = run(["check", "--quiet", "-o", str(tmp_path / "r.html"), "--format", "html", str(d)])
    assert code == 1 and out == "" and quiet.getvalue() == ""

    few = FakeTTY()
    monkeypatch.setattr(sys, "stderr", few)
    code, _ = run(["check", str(EXAMPLE)])  # one input: no bar
    assert code == 1 and few.getvalue() == ""


def test_quiet_and_verbose_exclude_each_other(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["check", "-q", "-v", str(EXAMPLE)], stdout=io.StringIO())
    assert exc.value.code == 2
    assert "not allowed with" in capsys.readouterr().err


# ---------------------------------------------------------------------------- a real browser

PROBE = """<script>
addEventListener("load", () => {
  const m = document.querySelector("pre.text mark.v-refuted");
  const r = {found: !!m};
  if (m) {
    const b = m.getBoundingClientRect(), s = getComputedStyle(m);
    const hit = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2);
    Object.assign(r, {x: b.left, y: b.top, w: b.width, h: b.height, visibility: s.visibility,
      display: s.display, opacity: s.opacity, bg: s.backgroundColor, text: m.textContent,
      hit: !!hit && (hit === m || m.contains(hit)), vw: innerWidth, vh: innerHeight});
  }
  document.body.setAttribute("data-probe", JSON.stringify(r));
});
</script>"""


def chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    reason = "Chromium is not installed (Debian: apt-get install chromium; .ci/run installs it)"
    if os.environ.get("FACTCHECK_REQUIRE_BROWSER"):
        pytest.fail(reason + ", and FACTCHECK_REQUIRE_BROWSER is set")
    pytest.skip(reason)


def headless(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
         f"--user-data-dir={profile}", "--window-size=1200,900", *args],
        capture_output=True, text=True, timeout=120, check=False)


def test_browser_shows_the_refuted_claim(tmp_path):
    browser = chromium()
    page = tmp_path / "report.html"
    code, _ = run(["check", "--format", "html", "-o", str(page), str(EXAMPLE)])
    assert code == 1

    # the page as shipped, opened from a file: screenshot
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report.png"
    shot.unlink(missing_ok=True)
    done = headless(browser, tmp_path / "profile1", f"--screenshot={shot}", page.as_uri())
    assert shot.is_file(), done.stderr[-2000:]
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000

    # a copy with a probe script (the page itself runs none, and its CSP forbids scripts)
    html_text = page.read_text(encoding="utf-8")
    probed = tmp_path / "probed.html"
    probed.write_text(html_text.replace('<meta http-equiv="Content-Security-Policy"', '<meta name="x-csp"')
                      .replace("</body>", PROBE + "</body>"), encoding="utf-8")
    done = headless(browser, tmp_path / "profile2", "--dump-dom", "--virtual-time-budget=2000", probed.as_uri())
    probe = json.loads(body_attrs(done.stdout).get("data-probe") or "null")
    assert probe is not None, done.stderr[-2000:]
    assert probe["found"] and probe["text"] == "baclofen is an opiate"
    assert probe["visibility"] == "visible" and probe["display"] != "none" and float(probe["opacity"]) == 1
    assert probe["w"] > 0 and probe["h"] > 0 and probe["hit"]
    assert 0 <= probe["x"] < probe["vw"] and 0 <= probe["y"] < probe["vh"]  # on the first screen
    assert probe["bg"] not in ("rgba(0, 0, 0, 0)", "transparent")


def body_attrs(dom: str) -> dict[str, str | None]:
    """The attributes of the <body> of a serialized DOM (read leniently)."""
    found: dict[str, str | None] = {}

    class Body(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "body" and not found:
                found.update(attrs)

    Body().feed(dom)
    return found
