"""The screen before the pipeline (factcheck/screen.py) never rules out a text in which the
pipeline finds a drug or class mention, so skipping the texts it rules out changes no result."""

from __future__ import annotations

import random
import string

import pytest
from spacy.symbols import ORTH

from factcheck.knowledge.claimset import CLASS_TYPES
from factcheck.pipeline.mentions import is_approximate, mentions
from factcheck.pipeline.screen import MentionScreen
from factcheck.resources import claims_dir

ENGLISH = ("the a is not an it was I my doctor said took for pain and but really think like "
           "muscle relaxed relaxing agent agents derivative agonist receptor schedule controlled "
           "substance drug drugs medication opinion basically cannot gonna wanna it's isn't "
           "backache fenced oxygen opiniated spastically scheduler").split()
GLUE = ["", "", "", ".", ",", "!", "?", "(", ")", '"', "'", "-", "/", "#", "@", "1", "20", "mg",
        "\U0001F602", "\u2019s", "'s", "n't", ":", "...", "\u00b2", "_", "*"]


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 3:
        return word
    for _ in range(rng.choice([1, 1, 2])):
        i = rng.randrange(1, len(word))
        kind = rng.randrange(4)
        if kind == 0:
            word = word[:i] + word[i + 1:]
        elif kind == 1:
            word = word[:i] + rng.choice(string.ascii_lowercase) + word[i:]
        elif kind == 2 and i < len(word) - 1:
            word = word[:i] + word[i + 1] + word[i] + word[i + 2:]
        else:
            word = word[:i] + rng.choice(string.ascii_lowercase) + word[i + 1:]
    return word


def _case(rng: random.Random, word: str) -> str:
    return rng.choice([word, word.lower(), word.upper(), word.title(), word.capitalize(),
                       "".join(c.upper() if rng.random() < 0.3 else c for c in word)])


def _texts(kb, rules: list[str], n: int, seed: int) -> list[str]:
    """Texts made to probe the screen: alias words (of every concept), misspelled, in every
    case, glued to punctuation, digits, emoji and each other, among English words and the
    tokenizer's special cases."""
    rng = random.Random(seed)
    alias_words = sorted({w for a in kb.aliases for w in a.text.split()})
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randrange(1, 9)):
            r = rng.random()
            if r < 0.35:
                w = rng.choice(alias_words)
                if rng.random() < 0.5:
                    w = _typo(rng, w)
            elif r < 0.45:
                w = rng.choice(rules)
            elif r < 0.5:
                w = "".join(rng.choice(string.ascii_letters) for _ in range(rng.randrange(3, 12)))
            else:
                w = rng.choice(ENGLISH)
            w = rng.choice(GLUE) + _case(rng, w) + rng.choice(GLUE)
            parts.append(w)
        sep = rng.choice([" ", " ", " ", "", "-", "  ", "\n"])
        out.append(sep.join(parts))
    return out


def _drug_or_class_mention(doc) -> bool:
    return any(s.label_ == "drug" or s.label_ in CLASS_TYPES for s in mentions(doc))


@pytest.fixture(scope="module")
def screen(checker) -> MentionScreen:
    return checker.screen


@pytest.fixture(scope="module")
def rules(nlp) -> list[str]:
    return sorted(k for k in nlp.tokenizer.rules if k.strip())


def test_the_screen_never_misses_a_mention(nlp, kb, screen, rules):
    texts = _texts(kb, rules, 12_000, seed=7)
    with nlp.select_pipes(enable=["factcheck_mentions"]):
        docs = list(nlp.pipe(texts))
    with_mention = [d for d in docs if _drug_or_class_mention(d)]
    approximate = [d for d in with_mention
                   if any((s.label_ == "drug" or s.label_ in CLASS_TYPES) and is_approximate(s)
                          for s in mentions(d))]
    missed = [d.text for d in with_mention if not screen.may_mention(d.text)]
    assert missed == []
    # the sample exercises both paths, and the screen still rules out most of the rest
    assert len(with_mention) > 500 and len(approximate) > 50
    without = [d.text for d in docs if not _drug_or_class_mention(d)]
    assert sum(not screen.may_mention(t) for t in without) > 0.3 * len(without)


def test_alphabetic_tokens_are_letter_runs_or_special_case_pieces(nlp, rules):
    """What the misspelling part of the screen relies on: the tokenizer splits between two
    letters only inside its special cases."""
    pieces = {p.get(ORTH, p.get("ORTH")) for parts in nlp.tokenizer.rules.values() if len(parts) > 1
              for p in parts}
    rng = random.Random(3)
    alphabet = (string.ascii_letters * 3 + string.digits + string.punctuation + " \n\t" +
                "\u00e9\u00fc\u00df\u00e6\u0142\u03bc\u03b4\u0416\u00b2\u00bd\u2019\u201c\u201d\u2014\u2026"
                "\U0001F602\u200d\u0301\u00a0\u3042\u4e00")
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 60))) for _ in range(3_000)]
    texts += [rng.choice(rules) + rng.choice(string.ascii_letters + ".,!-") + rng.choice(rules)
              for _ in range(2_000)]
    for doc in nlp.tokenizer.pipe(texts):
        text = doc.text
        for tok in doc:
            if not tok.is_alpha:
                continue
            a, b = tok.idx, tok.idx + len(tok.text)
            maximal = (a == 0 or not text[a - 1].isalpha()) and (b == len(text) or not text[b].isalpha())
            assert maximal or tok.text in pieces, (text, tok.text)


@pytest.mark.parametrize("text", [
    "Baclofen is an opiate.", "baclofan is an opiat", "BACLOFEN!!", "(oxycodone)", "fentanyl-laced",
    "is lioresal a muscle relaxer", "musle relaxants", "GABA-B agonist", "Schedule II", "C-II",
    "opioids\u2019 effects", "an anti-spastic", "Fentanil", "oxycodon 20mg",
])
def test_texts_with_a_drug_or_class_pass(screen, nlp, text):
    assert screen.may_mention(text)


@pytest.mark.parametrize("text", [
    "The weather was nice today.", "I cannot believe it lol", "my back pain is killing me",
    "", "   ", "Thanks!! \U0001F602", "https://example.com/a/b", "the brain and the spinal cord",
])
def test_ordinary_text_is_ruled_out(screen, text):
    assert not screen.may_mention(text)


def test_source_document_paragraphs(nlp, screen):
    """Real text: the paragraphs of the claim set's source documents."""
    paragraphs = [p for f in sorted((claims_dir() / "sources").glob("*.txt"))
                  for p in f.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    with nlp.select_pipes(enable=["factcheck_mentions"]):
        for doc in nlp.pipe(paragraphs):
            if _drug_or_class_mention(doc):
                assert screen.may_mention(doc.text), doc.text


def test_screened_out_texts_give_the_same_reports(checker, kb, rules, monkeypatch):
    texts = _texts(kb, rules, 600, seed=11) + ["Baclofen is an opiate.", "Nothing to see here."]
    screened = [r.model_dump() for r in checker.check_many(texts, batch_size=16)]
    assert sum(not checker.screen.may_mention(t) for t in texts) > 100
    monkeypatch.setattr(checker.screen, "may_mention", lambda text: True)
    assert [r.model_dump() for r in checker.check_many(texts, batch_size=16)] == screened


@pytest.mark.parametrize("text", [
    "It acts as an agonist, or activator, at the GABA-B receptors.",
    "It acts as an agonist (an activator) at the GABA-B receptors.",
    "It is a GABA (gamma-aminobutyric acid) derivative.",
])
def test_alias_split_by_an_aside(nlp, screen, text):
    with nlp.select_pipes(enable=["factcheck_mentions"]):
        assert _drug_or_class_mention(nlp(text))
    assert screen.may_mention(text)


@pytest.mark.parametrize("text", ["ΟΔΌΣ", "ΟΔΌΣx", "ΣΟΦΌΣ.ΣΟΦΊΑ", "οδόσ-ΟΔΌΣ!", "ΣΣ Σ σς", "x ΣΟΦΌΣ-like ΟΣ2"])
def test_sigma_folded_token_forms_are_in_the_folded_text(nlp, text):
    # the screen's premise: a token's lower form is in the lower-cased text, up to the form
    # of sigma, which str.lower picks by context (whole text vs one token)
    from factcheck.pipeline.screen import _folded

    folded = _folded(text.lower())
    assert all(_folded(t.lower_) in folded for t in nlp.make_doc(text))
    assert "\u03c2" not in folded
