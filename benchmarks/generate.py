"""Reproducible benchmark corpora: short posts, one JSON object per line (``{"id", "text"}``).

Two kinds, both generated (no text is copied from anywhere):

- ``moderation``: forum / comment-section posts of one to four sentences of ordinary prose,
  in which about 2% of the sentences mention a drug or a drug class of the claim set;
- ``dense``: posts about the claim set's drugs, in which most sentences (about 60%) mention
  a drug or class and every post at least one;
- ``forum``: forum-length posts of five sentences, about 2% of which mention a drug or class
  (a post that mentions one is mostly about something else).

Ordinary prose comes from a small sentence grammar over the word lists below, drawn with
Zipf-like frequencies, with the noise of user-written text: typing slips in longer words (so
the misspelling matcher has work to do), lower-case and unpunctuated sentences, chat tags,
user names, numbers, URLs and emoji. Drug sentences come from templates over the drug and
class names of the claim set that ships with factcheck: claims, negations, questions, reports,
comparisons, mentions without a claim, and misspelled names.

The output depends only on the kind, the size, the seed and the names in the claim set::

    python benchmarks/generate.py moderation --size-mb 1 --seed 1 -o moderation.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

# ---------------------------------------------------------------------- word lists
NOUNS = """
time day year week month night morning evening weekend people person man woman kid child friend
family mom dad brother sister wife husband boyfriend girlfriend boss coworker neighbor teacher
student doctor nurse dog cat car bike bus train plane house apartment room kitchen bathroom
garden yard street road city town country world school college class job work office meeting
project team game match season player coach movie show series episode song album band concert
book story article post thread comment reply question answer problem issue idea plan reason
thing stuff way place area part side end point fact case example number group company store
shop market price money bill rent deal sale order package delivery phone computer laptop screen
app website account password email message picture photo video camera weather rain snow sun
wind storm summer winter spring autumn holiday trip vacation beach mountain lake river park
forest food lunch dinner breakfast coffee tea beer wine pizza burger salad soup cake bread
cheese chicken recipe restaurant menu waiter table chair bed couch door window wall floor roof
light power water heat noise smell color shirt shoe jacket bag key wallet watch ticket seat
line queue traffic parking ride flight hotel airport station stop corner bridge building
church library museum hospital clinic gym pool field court stadium party wedding birthday
gift card letter note list schedule calendar deadline update version feature bug fix error
setting option button menu link page site forum channel server stream chat group member
community rule moderator admin user profile history memory dream mood feeling energy sleep
habit hobby skill talent lesson course exam grade test result score record goal chance
choice decision mistake advice opinion view news report event crowd audience speech vote
election policy law government tax budget economy business industry market customer service
quality design style size shape model brand product review rating""".split()

VERBS = """
go get make know think take see come want look use find give tell work call try ask need
feel become leave put mean keep let begin seem help talk turn start show hear play run move
like live believe hold bring happen write provide sit stand lose pay meet include continue
set learn change lead understand watch follow stop create speak read allow add spend grow
open walk win offer remember love consider appear buy wait serve die send expect build stay
fall cut reach kill remain suggest raise pass sell require report decide pull fix cook clean
drive fly swim sing dance laugh cry sleep wake eat drink order ship post share reply vote
delete block ban mute join quit miss enjoy hate prefer manage plan visit travel explain
answer check test compare choose agree argue complain notice forget""".split()

ADJECTIVES = """
good new first last long great little own other old right big high different small large
next early young important few public bad same able late hard major better best free full
easy clear recent certain personal open red blue green black white dark bright cold hot warm
cool nice happy sad angry tired busy quiet loud fast slow cheap expensive strange weird funny
boring simple huge tiny short tall heavy light fresh clean dirty empty safe dangerous real
fake perfect terrible awesome amazing awful lovely honest serious stupid smart lucky fair
normal usual rare local global final basic main whole entire total brilliant decent solid
useful useless broken healthy fine proper random obvious popular famous friendly crazy""".split()

ADVERBS = """
really very just also actually still already always never often sometimes usually probably
maybe definitely honestly basically literally totally pretty quite almost nearly finally
quickly slowly easily barely clearly seriously apparently suddenly recently""".split()

NAMES = """
Alex Sam Jordan Taylor Chris Pat Morgan Jamie Casey Riley Emma Olivia Liam Noah Mia Lucas
Sophia Ethan Ava Mason Harper Logan Ella James Grace Henry Chloe Jack Lily Owen Zoe Leo""".split()

PLACES = """
London Paris Berlin Chicago Boston Denver Seattle Austin Toronto Dublin Madrid Lisbon Oslo
Vienna Prague Sydney Melbourne Auckland Texas Ohio Florida Oregon Canada Mexico Spain""".split()

CHAT = ["lol", "tbh", "imo", "lmao", "idk", "smh", "btw", "fr", "ngl"]
EMOJI = ["\U0001F602", "\U0001F44D", "\U0001F62D", "\u2764\ufe0f", "\U0001F525", "\U0001F914", "\U0001F644"]
DETERMINERS = ["the", "the", "the", "a", "my", "your", "this", "that", "our", "their", "his", "her"]
PRONOUNS = ["I", "I", "I", "you", "we", "they", "he", "she", "it", "everyone", "nobody"]
PREPOSITIONS = ["in", "on", "at", "for", "with", "about", "from", "after", "before", "during", "near"]
TIMES = ["yesterday", "today", "last night", "this morning", "last week", "on Monday", "every day",
         "right now", "tomorrow", "a few days ago", "since March", "all weekend"]
CONNECTIVES = ["but", "and", "so", "because", "although", "since", "when", "until"]


def _past(verb: str) -> str:
    irregular = {"go": "went", "get": "got", "make": "made", "know": "knew", "think": "thought",
                 "take": "took", "see": "saw", "come": "came", "give": "gave", "tell": "told",
                 "find": "found", "feel": "felt", "leave": "left", "put": "put", "mean": "meant",
                 "keep": "kept", "begin": "began", "hold": "held", "bring": "brought", "write": "wrote",
                 "sit": "sat", "stand": "stood", "lose": "lost", "pay": "paid", "meet": "met",
                 "set": "set", "lead": "led", "understand": "understood", "speak": "spoke",
                 "read": "read", "spend": "spent", "grow": "grew", "buy": "bought", "build": "built",
                 "fall": "fell", "cut": "cut", "sell": "sold", "drive": "drove", "fly": "flew",
                 "swim": "swam", "sing": "sang", "wake": "woke", "eat": "ate", "drink": "drank",
                 "run": "ran", "win": "won", "send": "sent", "become": "became", "forget": "forgot",
                 "hear": "heard", "say": "said", "quit": "quit", "choose": "chose"}
    if verb in irregular:
        return irregular[verb]
    if verb.endswith("e"):
        return verb + "d"
    if verb.endswith("y") and verb[-2] not in "aeiou":
        return verb[:-1] + "ied"
    return verb + "ed"


def _ing(verb: str) -> str:
    if verb.endswith("ie"):
        return verb[:-2] + "ying"
    if verb.endswith("e") and verb not in ("see", "agree"):
        return verb[:-1] + "ing"
    return verb + "ing"


def _plural(noun: str) -> str:
    irregular = {"man": "men", "woman": "women", "child": "children", "person": "people",
                 "people": "people", "kid": "kids", "wife": "wives", "shelf": "shelves"}
    if noun in irregular:
        return irregular[noun]
    if noun.endswith(("s", "sh", "ch", "x")):
        return noun + "es"
    if noun.endswith("y") and noun[-2] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


class Zipf:
    """Draws from a list with probability proportional to 1 / (rank + 2)."""

    def __init__(self, rng: random.Random, items: list[str]) -> None:
        self.rng = rng
        self.items = items
        self.weights = [1.0 / (i + 2) for i in range(len(items))]

    def __call__(self) -> str:
        return self.rng.choices(self.items, self.weights)[0]


# ---------------------------------------------------------------------- prose
class Prose:
    """Ordinary sentences from a small grammar, with user-text noise."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.noun = Zipf(rng, NOUNS)
        self.verb = Zipf(rng, VERBS)
        self.adj = Zipf(rng, ADJECTIVES)
        self.adv = Zipf(rng, ADVERBS)

    def np(self) -> str:
        r = self.rng.random()
        if r < 0.08:
            return self.rng.choice(NAMES)
        if r < 0.12:
            return self.rng.choice(PLACES)
        det = self.rng.choice(DETERMINERS)
        noun = self.noun()
        if self.rng.random() < 0.2:
            noun = _plural(noun)
            det = self.rng.choice(["the", "my", "some", "all the", "those", "these", "many"])
        elif det == "a" and noun[0] in "aeiou":
            det = "an"
        if self.rng.random() < 0.35:
            adj = self.adj()
            if det == "an" and adj[0] not in "aeiou":
                det = "a"
            elif det == "a" and adj[0] in "aeiou":
                det = "an"
            return f"{det} {adj} {noun}"
        return f"{det} {noun}"

    def clause(self) -> str:
        rng = self.rng
        subj = rng.choice(PRONOUNS) if rng.random() < 0.55 else self.np()
        kind = rng.random()
        if kind < 0.35:
            vp = f"{_past(self.verb())} {self.np()}"
        elif kind < 0.55:
            modal = rng.choice(["want to", "need to", "have to", "tried to", "will", "can", "should"])
            vp = f"{modal} {self.verb()} {self.np()}"
        elif kind < 0.7:
            be = rng.choice(["was", "is", "seems", "looks", "felt"])
            vp = f"{be} {self.adv() + ' ' if rng.random() < 0.4 else ''}{self.adj()}"
        elif kind < 0.85:
            vp = f"{rng.choice(['was', 'am', 'were', 'have been'])} {_ing(self.verb())} {self.np()}"
        else:
            neg = rng.choice(["did not", "never", "cannot", "don't", "didn't"])
            vp = f"{neg} {self.verb()} {self.np()}"
        extra = ""
        r = rng.random()
        if r < 0.3:
            extra = f" {rng.choice(PREPOSITIONS)} {self.np()}"
        elif r < 0.45:
            extra = f" {rng.choice(TIMES)}"
        return f"{subj} {vp}{extra}"

    def sentence(self) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.12:
            aux = rng.choice(["Did", "Does", "Do", "Can", "Should", "Would"])
            subj = rng.choice(["you", "anyone", "we", "they"]) if rng.random() < 0.6 else self.np()
            s = f"{aux} {subj} {self.verb()} {self.np()}?"
        elif r < 0.17:
            s = rng.choice(["Thanks", "Same here", "Agreed", "No way", "Wow", "Good luck", "Nice",
                            "This", "Exactly", "Congrats"]) + rng.choice(["!", ".", "!!", ""])
        else:
            s = self.clause()
            if rng.random() < 0.3:
                s += f", {rng.choice(CONNECTIVES)} {self.clause()}"
            s += rng.choice([".", ".", ".", ".", "!", "...", ""])
        return self.noise(s)

    def noise(self, s: str) -> str:
        rng = self.rng
        words = s.split(" ")
        for i, w in enumerate(words):
            if len(w) >= 5 and w.isalpha() and rng.random() < 0.03:
                words[i] = typo(rng, w)
        s = " ".join(words)
        if rng.random() < 0.75:
            s = s[:1].upper() + s[1:]
        r = rng.random()
        if r < 0.05:
            s += " " + rng.choice(CHAT)
        elif r < 0.08:
            s += " " + rng.choice(EMOJI)
        elif r < 0.09:
            s += f" https://example.com/{rng.choice(NOUNS)}/{rng.randrange(10**6)}"
        elif r < 0.11:
            s = f"@{rng.choice(NAMES).lower()}{rng.randrange(1000)} {s}"
        elif r < 0.13:
            s += f" ({rng.randrange(2, 500)} {_plural(rng.choice(NOUNS))})"
        return s


def typo(rng: random.Random, word: str) -> str:
    """One typing slip: a dropped, doubled, swapped or replaced letter (never the first)."""
    i = rng.randrange(1, len(word))
    kind = rng.randrange(4)
    if kind == 0:
        return word[:i] + word[i + 1:]
    if kind == 1:
        return word[:i] + word[i] + word[i:]
    if kind == 2 and i < len(word) - 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word[:i] + rng.choice("abcdefghijklmnopqrstuvwxyz") + word[i + 1:]


# ---------------------------------------------------------------------- drug sentences
class DrugTalk:
    """Sentences about the claim set's drugs and classes."""

    def __init__(self, rng: random.Random, prose: Prose) -> None:
        from factcheck import load_claimset

        self.rng = rng
        self.prose = prose
        concepts = load_claimset().concepts.values()
        self.drugs = [[c.name] + [a.text for a in c.aliases if a.kind in ("brand", "misspelling")]
                      for c in concepts if c.type == "drug"]
        self.classes = [[c.name] + [a.text for a in c.aliases if a.kind in (None, "generic", "synonym")]
                        for c in concepts if c.type == "class"]
        self.others = [c.name for c in concepts if c.type in ("condition", "effect", "receptor", "schedule")]

    def drug(self) -> str:
        names = self.rng.choice(self.drugs)
        r = self.rng.random()
        name = names[0] if r < 0.7 or len(names) == 1 else self.rng.choice(names[1:])
        if self.rng.random() < 0.08 and len(name) >= 6:
            name = typo(self.rng, name)
        if self.rng.random() < 0.4:
            name = name[:1].upper() + name[1:]
        return name

    def cls(self, plural: bool = False) -> str:
        name = self.rng.choice(self.rng.choice(self.classes))
        if self.rng.random() < 0.05 and len(name) >= 6 and " " not in name:
            name = typo(self.rng, name)
        return name + "s" if plural and not name.endswith("s") else name

    def a(self, phrase: str) -> str:
        return ("an " if phrase[:1].lower() in "aeiou" else "a ") + phrase

    def sentence(self) -> str:
        rng = self.rng
        d, c, o = self.drug(), self.cls(), rng.choice(self.others)
        templates = [
            f"{d} is {self.a(c)}.",
            f"{d} is basically {self.a(c)} lol",
            f"is {d} {self.a(c)}?",
            f"Is {d} {self.a(c)} or not?",
            f"{d} is not {self.a(c)}, it is {self.a(self.cls())}.",
            f"{d} isn't {self.a(c)}",
            f"my doctor said {d} is {self.a(c)}",
            f"I heard {d} is like {self.a(c)} but I'm not sure.",
            f"{self.cls(True)} like {d} can cause {o}.",
            f"{d} is classified as {self.a(c)}.",
            f"Some people think {d} is {self.a(c)}, which is wrong.",
            f"{d} acts on the {o}.",
            f"took {d} for my {rng.choice(['back', 'neck', 'legs', 'spasms'])} {rng.choice(TIMES)}",
            f"{d} made me {rng.choice(['sleepy', 'dizzy', 'tired', 'feel weird'])} {rng.choice(TIMES)}.",
            f"Does {d} show up as {self.a(c)} on a drug test?",
            f"Unlike {d}, {self.cls(True)} are not {self.a(self.cls())}.",
            f"{d} is {rng.choice(['a lot', 'much', 'way'])} weaker than other {self.cls(True)}.",
            f"If {d} were {self.a(c)} it would cause {o}.",
            f"{d} and {self.drug()} are both {self.cls(True)}.",
            f"anyone else on {d}? {self.prose.sentence()}",
            f"The {c} {rng.choice(['I was given', 'my doctor prescribed', 'I take'])} is {d}.",
        ]
        s = rng.choice(templates)
        return s[:1].upper() + s[1:] if rng.random() < 0.7 else s


# ---------------------------------------------------------------------- corpora
KINDS = {"moderation": 0.02, "dense": 0.6, "forum": 0.02}
"""Kind -> share of sentences that mention a drug or class."""

SENTENCES = {"forum": 5}
"""Kind -> sentences a post (the others: one to four)."""


def posts(kind: str, seed: int = 1) -> Iterator[str]:
    """An endless, reproducible stream of posts of one kind."""
    rate = KINDS[kind]
    rng = random.Random(f"{kind}:{seed}")
    prose = Prose(rng)
    talk = DrugTalk(rng, prose)
    while True:
        n = SENTENCES.get(kind) or rng.choices([1, 2, 3, 4], [0.35, 0.3, 0.2, 0.15])[0]
        drug = [rng.random() < rate for _ in range(n)]
        if kind == "dense" and not any(drug):
            drug[rng.randrange(n)] = True
        yield " ".join(talk.sentence() if d else prose.sentence() for d in drug)


def generate(kind: str, size_mb: float, seed: int = 1) -> list[dict[str, str]]:
    """Posts of one kind until their texts hold ``size_mb`` megabytes of UTF-8."""
    out: list[dict[str, str]] = []
    total = 0
    limit = int(size_mb * 1_000_000)
    for i, text in enumerate(posts(kind, seed)):
        if total >= limit:
            break
        out.append({"id": f"{kind[0]}{i:06d}", "text": text})
        total += len(text.encode("utf-8")) + 1
    return out


def write(records: list[dict[str, str]], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("kind", choices=sorted(KINDS))
    ap.add_argument("--size-mb", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-o", "--output", type=Path, help="JSONL file (default: standard output)")
    args = ap.parse_args(argv)
    records = generate(args.kind, args.size_mb, args.seed)
    if args.output:
        write(records, args.output)
    else:
        for r in records:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
