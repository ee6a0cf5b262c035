"""Long documents: texts over the chunk limit are checked in chunks cut at paragraph or sentence
boundaries, and every offset in the findings is still an offset into the whole text.

Chunking is exercised with a small chunk limit on the session checker (the model is loaded
once); one input of ~1.3 MB goes past spaCy's ``max_length`` with the default limit.
"""

from __future__ import annotations

import hashlib
import itertools
import random
import re
import time
from concurrent.futures.process import BrokenProcessPool

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck import FactChecker, Report
from factcheck.pipeline.checker import DEFAULT_CHUNK_LIMIT, split_chunks

# ---------------------------------------------------------------------------------------------
# split_chunks: a pure function


def pieces(text: str, limit: int, max_run: int | None = None) -> list[str]:
    return [chunk for _, chunk in split_chunks(text, limit, max_run)]


def test_text_within_the_limit_is_one_chunk():
    assert split_chunks("Baclofen is an opioid.", 22) == [(0, "Baclofen is an opioid.")]
    assert split_chunks("", 5) == [(0, "")]


def test_cut_at_the_last_paragraph_break_before_the_limit():
    text = "First para. Still first.\n\nSecond para. More of it here. And more.\n\nThird para."
    # the window of 60 holds a later sentence end, but the blank line wins
    assert pieces(text, 60) == ["First para. Still first.\n\n",
                                "Second para. More of it here. And more.\n\nThird para."]


@pytest.mark.parametrize("blank", ["\n\n", "\n  \t\n", "\r\n\r\n", "\n\n\n\n  ", "\u2029"])
def test_paragraph_breaks_with_spaces_or_crlf(blank):
    text = f"One. Two.{blank}Three four five six seven"
    assert pieces(text, len(text) - 3)[0] == f"One. Two.{blank}"


def test_cut_at_the_last_sentence_end_without_a_paragraph_break():
    text = 'He said "Baclofen is fine." Then: is it? Yes! It is a muscle relaxant for spasticity'
    first, *_ = pieces(text, 50)
    assert first == 'He said "Baclofen is fine." Then: is it? Yes! '


def test_a_period_inside_a_word_is_not_a_sentence_end():
    text = "Take 2.5 mg of drug.x daily with food and water"
    assert pieces(text, 20)[0] == "Take 2.5 mg of "  # falls back to whitespace


def test_cut_at_a_line_break_then_at_whitespace():
    lines = "- baclofen\n- tizanidine\n- dantrolene and more words"
    assert pieces(lines, 30)[0] == "- baclofen\n- tizanidine\n"
    words = "alpha beta gamma delta epsilon"
    assert pieces(words, 20) == ["alpha beta gamma ", "delta epsilon"]


def test_text_without_whitespace_is_cut_hard():
    assert split_chunks("x" * 25, 10) == [(0, "x" * 10), (10, "x" * 10), (20, "x" * 5)]


def test_a_long_run_without_whitespace_is_cut_after_max_run():
    text = "Baclofen is an opioid" + "!" * 25 + " end"
    # the run's first max_run characters stay with the text before it
    assert pieces(text, 100, max_run=10) == ["Baclofen is an opioid!!!!", "!" * 10, "!" * 10, "! end"]
    assert pieces(text, 100) == [text]
    assert pieces("a " * 20 + "b" * 5, 100, max_run=5) == ["a " * 20 + "b" * 5]  # short runs: no cut


@pytest.mark.parametrize("limit,max_run", [(0, None), (-1, None), (10, 0)])
def test_limits_must_be_positive(limit, max_run):
    with pytest.raises(ValueError):
        split_chunks("text", limit, max_run)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .!?\"')\n\t\r\u2029é😂"), max_size=300),
       st.integers(min_value=1, max_value=40), st.none() | st.integers(min_value=1, max_value=15))
def test_chunks_cover_the_text_within_the_limit(text, limit, max_run):
    chunks = split_chunks(text, limit, max_run)
    assert "".join(c for _, c in chunks) == text
    position = 0
    for start, chunk in chunks:
        assert start == position and text[start:start + len(chunk)] == chunk
        assert len(chunk) <= limit
        assert chunk or text == ""
        position += len(chunk)
    if max_run is None:
        for (start, chunk), _ in zip(chunks, chunks[1:]):
            # a cut inside a word only where the whole window had no whitespace
            if not chunk[-1].isspace():
                assert not re.search(r"\s", text[start:start + limit])
    else:
        assert all(len(run) <= max_run for _, chunk in chunks for run in chunk.split())


# ---------------------------------------------------------------------------------------------
# The checker on long texts

LIMIT = 2_000  # small chunk limit: many chunks from a short (fast) text

FILLER = [
    "The weather was mild this week and the garden grew quickly.",
    "We walked to the market on Saturday and bought bread, cheese and apples.",
    "Her brother fixed the old bicycle in the garage before dinner.",
    "The committee will meet again in March to discuss the budget.",
    "Nobody expected the train to be on time, but it was.",
]

# (claim sentence, subject id, object id, verdict)
CLAIMS = [
    ("Baclofen is an opioid.", "baclofen", "opioid", "refuted"),
    ("Fentanyl is an opioid.", "fentanyl", "opioid", "supported"),
    ("Baclofen is not an opioid.", "baclofen", "opioid", "supported"),
    ("Baclofen is a muscle relaxant.", "baclofen", "muscle_relaxant", "supported"),
    ("Oxycodone is an antispastic drug.", "oxycodone", "antispastic", "refuted"),
]


class Document:
    """A generated text with claims planted at known positions."""

    def __init__(self) -> None:
        self.text = ""
        self.planted: list[tuple[int, str, str, str, str]] = []  # start, sentence, subj, obj, verdict
        self._filler = itertools.cycle(FILLER)

    def paragraph(self, sentences: int = 3) -> None:
        self.text += " ".join(next(self._filler) for _ in range(sentences)) + "\n\n"

    def fill_to(self, position: int, paragraphs: bool = True) -> None:
        """Filler up to just before ``position`` (paragraphs, or one long paragraph)."""
        while True:
            sentence = next(self._filler)
            if len(self.text) + len(sentence) + 2 > position:
                return
            self.text += sentence + ("\n\n" if paragraphs else " ")

    def pad_to(self, position: int) -> None:
        """Filler in the current paragraph so that the text ends exactly at ``position``."""
        while position - len(self.text) > 120:
            self.text += next(self._filler) + " "
        digits = position - len(self.text) - len("The meeting lasted  minutes. ")
        assert digits >= 1
        self.text += f"The meeting lasted {'7' * digits} minutes. "

    def claim(self, k: int, tail: str = "\n\n") -> None:
        sentence, subj, obj, verdict = CLAIMS[k % len(CLAIMS)]
        self.planted.append((len(self.text), sentence, subj, obj, verdict))
        self.text += sentence + tail


def check_offsets(text: str, report: Report) -> None:
    """Every offset in the findings points at the right characters of the whole input."""
    for f in report.findings:
        for m in (f.subject, f.object, *f.trigger, *f.cues):
            assert text[m.start:m.end] == m.text, m
        assert text[f.start:f.end] == f.claim
        assert 0 <= f.sentence.start <= f.start < f.end <= f.sentence.end <= len(text)


def check_planted(doc: Document, report: Report) -> None:
    check_offsets(doc.text, report)
    found = [(f.start, f.subject.id, f.object.id, f.verdict) for f in report.findings]
    assert found == [(start, subj, obj, verdict) for start, _, subj, obj, verdict in doc.planted]
    for f, (_start, sentence, *_) in zip(report.findings, doc.planted):
        assert doc.text[f.sentence.start:f.sentence.end].strip() == sentence


@pytest.fixture
def small_chunks(checker, monkeypatch):
    monkeypatch.setattr(checker, "chunk_limit", LIMIT)
    return checker


def straddling_document() -> Document:
    """~34,000 characters in ~19 chunks; claims at the start, the end, across multiples of the
    limit (where a fixed-size cut would split them), in a long paragraph without blank lines,
    and right after a cut."""
    doc = Document()
    doc.claim(0)
    for k, boundary in enumerate(range(3 * LIMIT, 18 * LIMIT, 3 * LIMIT), start=1):
        # a paragraph whose claim covers `boundary`
        doc.fill_to(boundary - 300)
        doc.pad_to(boundary - len(CLAIMS[k % len(CLAIMS)][0]) // 2)
        doc.claim(k, tail=" " + FILLER[1] + "\n\n")
        start = doc.planted[-1][0]
        assert start < boundary < start + len(doc.planted[-1][1])
    # one paragraph longer than the limit: chunks cut at sentence ends inside it
    doc.fill_to(len(doc.text) + LIMIT, paragraphs=False)
    doc.claim(1, tail=" ")
    doc.fill_to(len(doc.text) + LIMIT, paragraphs=False)
    doc.text += "\n\n"
    doc.paragraph()
    doc.claim(4)
    return doc


def test_findings_of_a_chunked_document_have_offsets_into_the_whole_text(small_chunks):
    doc = straddling_document()
    chunks = split_chunks(doc.text, LIMIT)
    assert len(chunks) >= 15
    report = small_chunks.check(doc.text)
    assert len(report.findings) == len(doc.planted) == 8
    check_planted(doc, report)
    assert report.flagged  # "Baclofen is an opioid." is asserted and refuted


def test_chunks_of_the_document_end_at_paragraphs_or_sentences():
    doc = straddling_document()
    for start, chunk in split_chunks(doc.text, LIMIT)[:-1]:
        assert chunk.endswith("\n\n") or re.search(r"[.!?] $", chunk), chunk[-40:]
        # no planted claim is split by a cut
        for claim_start, sentence, *_ in doc.planted:
            assert not claim_start < start + len(chunk) < claim_start + len(sentence)


def test_chunked_finding_keeps_its_evidence(small_chunks):
    """Only input offsets move; evidence offsets are into the source documents."""
    doc = straddling_document()
    report = small_chunks.check(doc.text)
    alone = small_chunks.check(CLAIMS[0][0]).findings[0]
    moved = report.findings[0 + len(CLAIMS)]  # the planted CLAIMS[0] across a chunk boundary
    assert moved.subject.start > LIMIT and moved.verdict == alone.verdict
    assert moved.evidence == alone.evidence and moved.correction == alone.correction


def test_chunked_and_whole_text_give_the_same_findings(checker, monkeypatch):
    doc = Document()
    for k in range(4):
        doc.paragraph()
        doc.claim(k)
    whole = checker.check(doc.text)
    monkeypatch.setattr(checker, "chunk_limit", 120)
    assert len(split_chunks(doc.text, 120)) > 8  # paragraphs split at sentence ends too
    assert checker.check(doc.text) == whole


def test_check_many_keeps_order_with_long_and_short_texts(small_chunks):
    long_doc = straddling_document()
    texts = [(long_doc.text, "long"), ("Baclofen is an opiate.", "short"), ("", "empty"),
             (long_doc.text[:LIMIT * 3 + 50], "cut"), ("Fentanyl is an opioid.", "last")]
    reports = list(small_chunks.check_many(texts, batch_size=3))
    assert [r.id for r in reports] == ["long", "short", "empty", "cut", "last"]
    assert reports == [small_chunks.check(text, id=id) for text, id in texts]
    check_planted(long_doc, reports[0])
    for (text, _), report in zip(texts, reports):
        check_offsets(text, report)


def test_check_many_streams_its_input(small_chunks):
    consumed = 0
    long_text = straddling_document().text

    def texts():
        nonlocal consumed
        for i in range(100_000):
            consumed += 1
            yield long_text if i % 2 else "Baclofen is an opiate."

    reports = small_chunks.check_many(texts(), batch_size=4)
    first = list(itertools.islice(reports, 3))
    reports.close()
    assert [len(r.findings) for r in first] == [1, 8, 1]
    assert consumed <= 8


def test_check_many_with_processes_chunks_like_one_process(small_chunks):
    doc = straddling_document()
    texts = [doc.text, "Baclofen is an opiate.", doc.text[LIMIT:LIMIT * 4]]
    consumed = 0

    def stream():
        nonlocal consumed
        for text in itertools.chain(texts, itertools.repeat("Fentanyl is an opioid.", 100_000)):
            consumed += 1
            yield text

    one = list(small_chunks.check_many(texts))
    many = small_chunks.check_many(stream(), n_process=2, batch_size=1)
    two = list(itertools.islice(many, len(texts)))
    many.close()
    assert two == one
    check_planted(doc, two[0])
    assert consumed <= 2 * 2 + len(texts) + 2  # submitted a few batches ahead, not the whole stream


def test_text_without_whitespace_over_the_limit(small_chunks):
    for text in ["x" * (5 * LIMIT + 7), "baclofen" * LIMIT, "😂" * (3 * LIMIT), "Baclofen,opioid." * 500]:
        report = small_chunks.check(text)
        check_offsets(text, report)


def test_chunk_limit_is_capped_at_the_pipeline_max_length(checker, monkeypatch):
    assert checker.chunk_limit == DEFAULT_CHUNK_LIMIT <= checker.nlp.max_length
    monkeypatch.setattr(checker, "chunk_limit", 10 * checker.nlp.max_length)
    assert checker.effective_chunk_limit == checker.nlp.max_length


@pytest.mark.parametrize("bad", [0, -5, 2.5])
def test_chunk_limit_must_be_a_positive_int(bad):
    with pytest.raises(ValueError, match="chunk_limit"):
        FactChecker(chunk_limit=bad)


def hex_dump(lines: int, seed: int) -> str:
    """An attachment-like block: lines of 256 hex digits (few tokens per character)."""
    return "".join("".join(hashlib.sha256(f"{seed}.{i}.{j}".encode()).hexdigest() for j in range(4)) + "\n"
                   for i in range(lines))


def test_input_beyond_spacy_max_length(checker):
    """~1.3 MB, mostly a hex dump (no drug text, no sentence ends, no blank lines), with
    claims between the blocks; default chunk limit."""
    doc = Document()
    doc.claim(0)
    for block in range(5):
        doc.text += hex_dump(1_000, block)  # 257,000 characters without a blank line
        doc.text += "\n"
        doc.paragraph()
        doc.claim(block + 1)
    assert len(doc.text) > checker.nlp.max_length
    with pytest.raises(ValueError, match="E088"):
        checker.nlp(doc.text)  # what chunking avoids
    chunks = split_chunks(doc.text, checker.effective_chunk_limit)
    assert len(chunks) > 10 and all(chunk.endswith("\n") for _, chunk in chunks[:-1])
    report = checker.check(doc.text)
    assert len(report.findings) == len(doc.planted) == 6
    check_planted(doc, report)


def test_check_many_raises_when_workers_cannot_start(checker, monkeypatch):
    """A worker that fails (here: cannot load the model) is an error, not an endless wait."""
    monkeypatch.setattr(checker, "_model", "not_a_model")
    with pytest.raises(BrokenProcessPool):
        list(checker.check_many(["Baclofen is an opiate."] * 4, n_process=2, batch_size=1))


# ---------------------------------------------------------------------------------------------
# Long single documents (issue 17): the cost follows the mentions, not the length around them.
# Smaller versions of benchmarks/long_documents.py, with generous bounds (the targets are
# measured there).

CHAT = "so we went to the mall and it was kinda fun lol then my cousin showed up with pizza omg".split()
LINE_CLAIMS = ["baclofen is an opioid", "fentanyl is an opioid", "oxycodone is not an opioid"]


def chat_line(size: int, seed: int = 7) -> tuple[str, list[tuple[int, str]]]:
    """One line of chat of about ``size`` characters with LINE_CLAIMS spread through it."""
    rng = random.Random(seed)
    parts: list[str] = []
    total = 0
    while total < size:
        s = " ".join(rng.choice(CHAT) for _ in range(rng.randrange(4, 14))) + rng.choice(["", ".", "!", " 😂"])
        parts.append(s)
        total += len(s) + 1
    for k, claim in enumerate(LINE_CLAIMS):
        parts.insert((k + 1) * len(parts) // (len(LINE_CLAIMS) + 1), claim + ".")
    text = " ".join(parts)
    return text, [(text.index(c + "."), c) for c in LINE_CLAIMS]


def test_a_long_single_line_is_parsed_around_its_claims_only(checker):
    text, planted = chat_line(500_000)
    assert "\n" not in text and len(text) >= 500_000
    start = time.perf_counter()
    report = checker.check(text)
    elapsed = time.perf_counter() - start
    assert elapsed < 60, f"{elapsed:.1f} s for 500 KB"  # ~2 s when parsed in windows
    found = {(f.start, text[f.start:f.end]) for f in report.findings}
    assert found == set(planted)
    assert report.flagged


def test_a_long_chain_of_references_is_checked_in_linear_time(checker):
    sentences = ["{0} is a muscle relaxant.", "It acts on GABA-B receptors.", "It is not an opioid.",
                 "It helps with spasms.", "It can cause drowsiness."]
    drugs = ["Baclofen", "Oxycodone"]
    paragraphs = [" ".join(sentences).format(drugs[p % 2]) for p in range(400)]  # 2,000 sentences
    text = "\n\n".join(paragraphs)
    start = time.perf_counter()
    report = checker.check(text)
    elapsed = time.perf_counter() - start
    assert elapsed < 120, f"{elapsed:.1f} s for 2,000 sentences"
    # "It is not an opioid." resolved to its paragraph's drug in every paragraph
    negated = [f for f in report.findings if f.negated and f.object.id == "opioid"]
    assert len(negated) == 400
    assert [f.subject.id for f in negated[:2]] == ["baclofen", "oxycodone"]
    assert all(text[f.subject.start:f.subject.end] == "It" for f in negated)
