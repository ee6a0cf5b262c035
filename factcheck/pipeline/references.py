"""References: the stage that resolves anaphoric drug references ("it", "its", "this drug",
"this action", "activation of these receptors") to the drug they refer to, in document order,
so that chains ("Baclofen ... It ... Its mechanism ...") link each to the drug.

It writes the span group ``doc.spans["factcheck_references"]``: one span over each resolved
expression, labelled and ``kb_id``-ed as its antecedent's mention, with the expression's head
token in the group's ``heads`` attribute. The claims stage reads that group (or resolves the
references itself when the group is absent), so this stage can be tested alone on Docs built
with given heads and labels."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from factcheck.pipeline.mentions import MentionIndex
from factcheck.pipeline.rules import ExtractionRules
from factcheck.text.segmentation import after_label, heading_mark, speaker_label

SPANS_KEY = "factcheck_references"
TOPIC_KEY = "factcheck_topic"
"""``doc.user_data`` key: the id of the drug a trusted document is about (see Resolver.antecedent)."""

# clauses that modify another (adverbial, relative, participial): their subjects are not salient
MODIFYING_CLAUSES = frozenset({"advcl", "relcl", "acl", "pcomp", "xcomp", "csubj", "prep", "pobj"})


# How many sentences before an anaphor's own are read as its paragraph: a text without blank
# lines is one paragraph, and reading all of it for each reference made a long chain of "It ...
# It ..." quadratic (1,000 sentences in one paragraph 5.8 s, 2,000 16.9 s).
MAX_PARAGRAPH_SENTENCES = 30


@dataclass
class Resolver:
    """Resolves the anaphoric drug references of one Doc (see the module docstring); ``resolved``
    maps an expression's head token to a span over the expression carrying its drug."""

    rules: ExtractionRules
    index: MentionIndex
    resolved: dict[int, Span] = field(default_factory=dict)
    _sections: list[tuple[int, str | None]] | None = None

    def resolve(self, doc: Doc) -> None:
        """Resolve the anaphoric drug references of ``doc`` in document order, so that a chain
        ("Baclofen ... It ... Its mechanism ...") links each of them to the drug."""
        for tok in doc:
            if self._anaphoric(tok):
                ante = self.antecedent(tok)
                if ante is not None:
                    self.resolved[tok.i] = ante

    def other_noun(self, tok: Token) -> bool:
        """A noun that refers to something other than a drug: no drug mention, no resolved
        anaphor, no person (whom "it" cannot refer to)."""
        return tok.pos_ in ("NOUN", "PROPN") and tok.i not in self.index.by_token and tok.i not in self.resolved \
            and not self.rules.is_person(tok.lemma_.rstrip("."))  # (also "Dr.")

    def _skippable(self, doc: Doc, ante: Span, start: int, end: int, para_start: int) -> bool:
        """Whether the one sentence ``doc[start:end]`` between an antecedent (in the sentence
        just before it, same paragraph) and the anaphor's sentence offers no other referent:
        no singular noun (that is no drug mention and no person) as a subject, object or
        complement, and no pronoun "it" of its own ("I take baclofen. My legs feel better. It
        is ..." resolves; "... I also tried phenibut. It is ..." does not)."""
        if start <= 0 or para_start >= start:
            return False
        before = doc[start - 1].sent
        while before.start > ante.start and self._heading(before) and not any(t.is_alpha for t in before):
            before = doc[before.start - 1].sent  # a bullet mark the parser made a sentence: "- X is C\n- ..."
        if before.start > ante.start or doc[start:end].text.count("\n\n") or not doc[start].sent.end == end:
            return False
        for tok in doc[start:end]:
            if tok.lower_ in self.rules.anaphors and tok.i not in self.resolved and tok.tag_ != "WDT":
                return False
            if tok.tag_ in ("NN", "NNP") and self.other_noun(tok) \
                    and tok.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "pobj", "appos", "conj", "ROOT"):
                return False
        return True

    def _intervening_subject(self, ante: Span, end: int) -> bool:
        """Whether a main clause (or a contrasting "while" clause) between the antecedent and
        the anaphor has a subject of its own that could be the referent: a singular noun that
        names no drug the claim set knows and no person ("..., while morphine stimulates mu
        receptors. This action ...", "The new pill my neuro gave me is better. It ..."), and
        whose phrase does not hold the antecedent ("Its mechanism")."""
        doc = ante.doc
        for i in range(ante.end, end):
            tok = doc[i]
            if tok.dep_ not in ("nsubj", "nsubjpass") or tok.tag_ in ("NNS", "NNPS") or not self.other_noun(tok):
                continue
            if tok.left_edge.i <= ante.start and ante.end <= tok.right_edge.i + 1:
                continue
            if tok.i - tok.sent.start <= 1 and tok.i + 1 < len(doc) and doc[tok.i + 1].text == ",":
                continue  # a discourse word the parser made a subject: "No wait(nsubj), it's ..."
            if end < len(doc) and tok.head.lemma_ == "be" and self._frames(tok.head, doc[end]):
                continue  # the subject of a copula framing the anaphor's clause: "Funny thing is, it's ..."
            clause = tok.head
            while clause.dep_ == "conj" and clause.head.i != clause.i:
                clause = clause.head
            if clause.dep_ not in MODIFYING_CLAUSES or (clause.dep_ == "advcl" and any(
                    m.dep_ == "mark" and m.lower_ in ("while", "whereas") for m in clause.children)):
                return True  # a main clause, or one set against it; not "when other medicines fail"
        return False

    @staticmethod
    def _frames(verb: Token, anaphor: Token) -> bool:
        """Whether ``anaphor`` stands in a clausal complement of ``verb``: the subject of a copula
        so placed frames the clause ("The funny thing is, it's ...", "Truth is, it ...") and is not
        what the clause is about."""
        tok = anaphor
        while tok.head.i != tok.i and tok.i != verb.i:
            if tok.dep_ == "ccomp" and tok.head.i == verb.i:
                return True
            tok = tok.head
        return False

    def _modifies_another_referent(self, ante: Span, tok: Token) -> bool:
        """Whether the antecedent, in the pronoun's own sentence, only modifies a singular noun
        that is itself a referent for it ("I had extreme pregabalin withdrawal; I assumed it was
        benzos": "it" is the withdrawal), unless that noun is a dose or form of the drug ("I took
        a baclofen tablet and it ..."). Only a pronoun is read so: "its effects" and "this drug"
        are the drug's; across sentences the drug stays the topic ("# drug: ultram | condition:
        ...\nI like that it's not a narcotic")."""
        head = ante.root.head
        if tok.lower_ not in ("it", "that", "this") or ante.root.dep_ not in ("compound", "nmod", "amod") or \
                ante.start < tok.sent.start or \
                head.i <= ante.root.i or head.tag_ not in ("NN", "NNP") or head.i in self.resolved or \
                head.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos", "conj") or \
                self.rules.is_person(head.lemma_):
            return False
        named = self.index.by_token.get(head.i)
        if named is not None and named.label_ == "drug":
            return False
        return head.lemma_.lower() not in self.rules.dose_heads and head.lower_ not in self.rules.dose_heads

    def _other_topic(self, sent: Span) -> bool:
        """Whether the subject of ``sent``'s main clause is a noun that names no drug the claim
        set knows and no person: a pronoun in the next sentence refers to that subject first
        ("Phenibut acts on GABA-B receptors, like baclofen. It has a lower affinity ...")."""
        for tok in sent:
            if tok.dep_ in ("nsubj", "nsubjpass") and tok.head.dep_ == "ROOT" and tok.pos_ in ("NOUN", "PROPN"):
                # (a person named in the subject's phrase is no topic either: "My PM&R(nsubj) doc(appos)";
                # nor a subject a linking verb says is the drug: "Your new prescription is oxycodone.")
                return self.other_noun(tok) and not any(self.index.drug_at(t) or t.i in self.resolved or
                                                        self.rules.is_person(t.lemma_)
                                                        for t in tok.subtree) and \
                    not (tok.head.lemma_ == "be" and any(c.dep_ == "attr" and self.index.drug_at(c)
                                                         for c in tok.head.children))
        return False

    def _reply(self, doc: Doc, start: int) -> bool:
        """Whether the paragraph starting at token ``start`` opens with a speaker's label (a
        turn of a thread or chat: "Reply (anon_441):", "B:")."""
        words = [t for t in doc[start:start + 10] if not t.is_space]
        return bool(words) and speaker_label(words) not in (None, 0)

    def _heading(self, sent: Span) -> bool:
        """A heading set as a sentence of its own: at most five words, no verb and no drug
        mention ("Medical uses.", "Adverse effects", "Legal status:"); also a sentence of
        punctuation alone (the colon of a speaker's label the parser cut off: "Me", ":")."""
        words = [t for t in sent if not (t.is_punct or t.is_space)]
        return len(words) <= 5 and not any(t.pos_ in ("VERB", "AUX") or t.i in self.index.by_token
                                               for t in words)

    def _anaphoric(self, tok: Token) -> bool:
        """A pronoun subject ("it"), object ("started it") or possessor ("its"), a definite noun phrase headed by an
        anaphoric noun ("the drug", "this medication"), or a drug's action referred to by a
        demonstrative ("this action", "activation of these receptors")."""
        lower, lemma = tok.lower_, tok.lemma_.lower()
        if tok.dep_ in ("nsubj", "nsubjpass"):
            if lower in self.rules.anaphors:
                # not a relative pronoun ("drugs that are opioids") nor an expletive "it"
                return tok.tag_ != "WDT" and tok.head.dep_ != "relcl" and not expletive(tok)
            if lower == "which" and tok.head.dep_ == "ROOT" and after_label(list(tok.sent))[:1] == [tok]:
                # a sentence (or a reply's turn) that goes on from the one before as its relative
                # clause: "She had baclofen in her purse. GUEST: Which is an opiate, so ..."
                return True
            if lemma in self.rules.anaphoric_heads:
                # "the drug", "this medication"; not a new description ("the new pill my neuro
                # gave me", "the other drug")
                return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children) and \
                    all(c.dep_ in ("det", "punct") for c in tok.children)
            if lemma in self.rules.mechanism_heads:
                return any(c.dep_ == "det" and c.lower_ in ("this", "that") for c in tok.children) or any(
                    p.dep_ == "prep" and p.lower_ == "of" and any(
                        q.dep_ == "pobj" and any(d.dep_ == "det" and d.lower_ in ("these", "those") for d in q.children)
                        for q in p.children)
                    for p in tok.children)
        if tok.dep_ in ("dobj", "pobj") and lower == "it":
            # an object "it" carries the chain on ("Our son started it last month. It's a ...")
            return not expletive(tok)
        return tok.dep_ == "poss" and lower in self.rules.possessive_anaphors

    def antecedent(self, tok: Token) -> Span | None:
        """The drug an anaphoric expression refers to (:meth:`nearest`), else in a document
        about one drug (``doc.user_data[TOPIC_KEY]``, set by ``claims derive`` for a trusted
        leaflet) that drug, unless another drug is named in the paragraph before it; else under
        a heading that names its drug (:meth:`section_topic`) that drug, unless another drug is
        named between the heading and it."""
        found = self.nearest(tok) or self._cataphoric(tok)
        if found is not None:
            return found
        doc = tok.doc
        topic = doc.user_data.get(TOPIC_KEY)
        if topic:
            start = paragraph_start(doc, tok.sent.start)
        else:
            section = self.section_topic(tok)
            if section is None:
                return None
            start, topic = section
        mentions = self.index.by_token
        if any(i in mentions and mentions[i].label_ == "drug" and mentions[i].kb_id_ != topic
               for i in range(start, tok.i)):
            return None
        begin = tok.i if tok.lower_ in self.rules.anaphors or tok.dep_ == "poss" else tok.left_edge.i
        return Span(doc, begin, tok.i + 1, label="drug", kb_id=topic)

    def _cataphoric(self, tok: Token) -> Span | None:
        """A pronoun in an adverbial clause put before its main clause refers forward to the
        main clause's subject when that is a drug: "Because it's an opioid, baclofen shows up on
        the list", "Although it is not an opioid, X ..." (no drug named before the pronoun)."""
        if tok.lower_ not in self.rules.anaphors:
            return None
        clause = tok.head
        while clause.dep_ not in ("advcl", "ROOT") and clause.head.i != clause.i:
            clause = clause.head
        if clause.dep_ != "advcl" or clause.head.i < clause.right_edge.i:
            return None  # (a clause after its main clause: "X is fine, because it ...")
        main = clause.head
        subject = next((c for c in main.children if c.dep_ in ("nsubj", "nsubjpass") and c.i > clause.right_edge.i), None)
        if subject is None:
            return None
        mention = self.index.by_token.get(subject.i)
        if mention is None or mention.label_ != "drug" or modifier_only(mention):
            return None
        if any(i in self.index.by_token and self.index.by_token[i].label_ == "drug"
               for i in range(tok.sent.start, tok.i)):
            return None
        return Span(tok.doc, tok.i, tok.i + 1, label=mention.label_, kb_id=mention.kb_id_)

    def section_topic(self, tok: Token) -> tuple[int, str] | None:
        """The drug named by the topic heading over ``tok`` ("# drug: X | ...", a key of
        ``topic_header_keys``), with the first token after that heading: the text up to the
        next topic heading is about it. None when no such heading precedes ``tok`` or the last
        one names no drug."""
        if self._sections is None:
            self._sections = topic_sections(tok.doc, self.rules.topic_header_keys, self.index)
        k = bisect_right(self._sections, tok.i, key=lambda section: section[0])
        if k == 0:
            return None
        start, topic = self._sections[k - 1]
        return None if topic is None else (start, topic)

    def nearest(self, tok: Token) -> Span | None:
        """The drug an anaphoric expression refers to, from the text around it.

        The most recent drug reference before it (a mention or an anaphor already resolved),
        in its own sentence or the one just before, even across a paragraph break, or two
        sentences before when the one in between offers no other referent (a sentence in
        between could introduce a referent the claim set does not know: "Phenibut is a GABA
        analogue. It is ..."), provided every drug referred to so far in its paragraph (for
        the first sentence of a paragraph: in the sentence before; at most
        ``MAX_PARAGRAPH_SENTENCES`` sentences back) is that same drug.
        """
        doc = tok.doc
        sent = tok.sent
        # headings between the sentence and the one before it are not there for a reference
        # ("... in the United States. Medical uses. It is approved for ...")
        own_start = sent.start
        while own_start > 0 and self._heading(doc[own_start - 1].sent):
            own_start = doc[own_start - 1].sent.start
        para_start = paragraph_start(doc, own_start)
        window_start = doc[own_start - 1].sent.start if own_start > 0 else sent.start
        if para_start > 0 and self._reply(doc, para_start):
            # a reply's turn, in a paragraph of its own, refers to what the turn before it was
            # about: "OP: Neuro prescribed baclofen. Any tips?\n\nReply (b): Take it with food."
            para_start = window_start = paragraph_start(doc, doc[para_start - 1].sent.start)
        elif para_start == own_start:
            para_start = window_start  # the paragraph's first sentence: the previous sentence counts
        first = tok.left_edge.i
        # the tokens of the paragraph are looked up, not every reference resolved so far (that
        # made a long chain of "It ... It ..." quadratic in its references)
        mentions, resolved = self.index.by_token, self.resolved
        before = [mentions[i] for i in range(para_start, first)
                  if i in mentions and mentions[i].label_ == "drug" and not modifier_only(mentions[i])]
        before += [resolved[i] for i in range(para_start, first) if i in resolved]
        if not before:
            return None
        if (own := [m for m in before if _own_object(m, tok)]):
            # the object of the verb the pronoun's because-clause is on, whatever came before:
            # "I quit Norco. My doc switched me to tramadol because it's not an opioid"
            before = own[-1:]
        if len({m.kb_id_ for m in before}) != 1:
            # other drugs earlier in the paragraph: the subject of the sentence just before, when
            # it is the only drug referred to from there on ("They claimed X is C. It is not. They
            # claimed Y is D. It is E.")
            before = [m for m in before if m.start >= window_start]
            if not before or len({m.kb_id_ for m in before}) != 1 or \
                    not any(m.root.dep_ in ("nsubj", "nsubjpass") for m in before) or \
                    "\n" in doc[before[0].start:first].text:
                return None  # (not across a line: another turn of a chat may be about another drug)
        last = max(before, key=lambda m: m.start)
        if last.start < window_start and not self._skippable(doc, last, window_start, own_start, para_start):
            return None
        if self._intervening_subject(last, first) or self._modifies_another_referent(last, tok):
            return None
        if (tok.lower_ in self.rules.anaphors or tok.dep_ == "poss") and last.start < sent.start and \
                self._other_topic(doc[last.start].sent):
            return None
        start = tok.i if tok.lower_ in self.rules.anaphors or tok.dep_ == "poss" else tok.left_edge.i
        end = tok.right_edge.i + 1 if tok.lemma_.lower() in self.rules.mechanism_heads else tok.i + 1
        return Span(doc, start, end, label=last.label_, kb_id=last.kb_id_)



def _own_object(mention: Span, tok: Token) -> bool:
    """A drug that is the object of a verb, before the subject pronoun ``tok`` of a because-clause
    on that verb ("My doc switched(verb) me to tramadol(pobj) because it's(advcl) ...")."""
    clause, drug = tok.head, mention.root
    if tok.dep_ not in ("nsubj", "nsubjpass") or clause.dep_ != "advcl" or drug.i > tok.i or not any(
            c.dep_ == "mark" and c.lower_ in ("because", "since", "as", "cause", "cuz", "bc") for c in clause.children):
        return False
    verb = drug.head.head if drug.dep_ == "pobj" and drug.head.dep_ == "prep" else drug.head
    return drug.dep_ in ("dobj", "pobj") and verb.i == clause.head.i


def resolve_references(doc: Doc, index: MentionIndex, rules: ExtractionRules) -> Resolver:
    """A Resolver over ``doc``: the references of the ``factcheck_references`` span group when a
    references stage wrote one, else resolved now (and written to the group)."""
    resolver = Resolver(rules, index)
    if SPANS_KEY in doc.spans:
        group = doc.spans[SPANS_KEY]
        resolver.resolved = dict(zip(group.attrs.get("heads", []), group, strict=True))
    else:
        resolver.resolve(doc)
        set_references(doc, resolver.resolved)
    return resolver


def set_references(doc: Doc, resolved: dict[int, Span]) -> None:
    """Write resolved references (head token -> span with the drug's label and kb_id) to the
    ``factcheck_references`` span group."""
    doc.spans[SPANS_KEY] = list(resolved.values())
    doc.spans[SPANS_KEY].attrs["heads"] = list(resolved)


def references(doc: Doc) -> dict[int, Span]:
    """The references a stage resolved in ``doc`` (head token -> span carrying the drug)."""
    if SPANS_KEY not in doc.spans:
        return {}
    group = doc.spans[SPANS_KEY]
    return dict(zip(group.attrs.get("heads", []), group, strict=True))


def topic_sections(doc: Doc, keys: frozenset[str], index: MentionIndex) -> list[tuple[int, str | None]]:
    """The topic headings of ``doc`` in order, each as (the first token after its line, the id
    of the drug it names or None): a heading line (:func:`heading_mark`) whose fields, split by
    "|", include one "key: value" with a key of ``keys`` ("# drug: ultram | condition: pain");
    the drug is the first one mentioned in that value."""
    if not keys:
        return []
    sections: list[tuple[int, str | None]] = []
    i, n = 0, len(doc)
    while i < n:
        if not ((i == 0 or "\n" in doc[i - 1].text_with_ws) and heading_mark(doc[i])):
            i += 1
            continue
        end = i + 1
        while end < n and not (doc[end].is_space and "\n" in doc[end].text) and "\n" not in doc[end - 1].whitespace_:
            end += 1
        topic: str | None = None
        found = False
        field_start = i
        while field_start < end and set(doc[field_start].text) == {"#"}:
            field_start += 1  # past the marks
        for k in range(field_start, end + 1):
            if k < end and doc[k].text != "|":
                continue
            words = [t for t in doc[field_start:k] if not t.is_space]
            colon = next((j for j, t in enumerate(words) if t.text == ":"), None)
            if colon is not None and " ".join(t.lower_ for t in words[:colon]) in keys:
                found = True
                value = range(words[colon].i + 1, k)
                topic = next((index.by_token[j].kb_id_ for j in value
                              if j in index.by_token and index.by_token[j].label_ == "drug"), None)
                break
            field_start = k + 1
        if found:
            sections.append((end, topic))
        i = end
    return sections


def modifier_only(mention: Span) -> bool:
    """A drug name inside a compound modifier ("a baclofen-like withdrawal"), which names no
    referent for a later pronoun."""
    doc = mention.doc
    end = mention.end
    return (end + 1 < len(doc) and doc[end].text in ("-", "‐") and doc[end + 1].lower_ in ("like", "type", "style")) \
        or (end < len(doc) and doc[end].lower_ in ("-like", "-type"))


def expletive(tok: Token) -> bool:
    """An expletive "it" ("it is false that …", "it is a myth that …"); not a clause the parser
    hung on the verb that opens with "so" or "and" ("it's a mild opioid so don't drink with it")."""
    return any(c.i > tok.i and ((c.dep_ in ("ccomp", "csubj") and c.left_edge.lower_ not in _CLAUSE_LINKS) or (
        c.dep_ in ("attr", "acomp") and any(
        g.dep_ == "acl" and any(m.dep_ == "mark" for m in g.children) for g in c.children)))
        for c in tok.head.children)


_CLAUSE_LINKS = frozenset({"so", "and", "but", "because", "cuz", "coz", "or"})


def class_ones(doc: Doc, spans: list[Span], rules: ExtractionRules) -> list[Span]:
    """Class mentions over the pronoun "one" as a copula's complement, standing for the class
    named last before it in its sentence or the two before (same paragraph): "As far as opioids
    go, baclofen is a weak one", "Don't call it an opioid. It isn't one." Not "one of ..." nor a
    "one" set apart from the class ("a different one", ``one_blockers``)."""
    classes = sorted((s for s in spans if s.label_ == "class"), key=lambda s: s.start)
    if not classes:
        return []
    out: list[Span] = []
    for tok in doc:
        if tok.lower_ != "one" or tok.dep_ != "attr" or tok.head.lemma_.lower() not in rules.copula_lemmas or \
                any(c.dep_ == "prep" or c.lower_ in rules.one_blockers or c.dep_ == "compound" for c in tok.children):
            continue
        start = paragraph_start(doc, tok.sent.start, most=2)
        before = [c for c in classes if start <= c.start and c.end <= tok.i]
        if before:
            last = before[-1]
            out.append(Span(doc, tok.i, tok.i + 1, label=last.label_, kb_id=last.kb_id_))
    return out


def paragraph_start(doc: Doc, start: int, most: int = MAX_PARAGRAPH_SENTENCES) -> int:
    """The first token of the paragraph of the sentence starting at ``start``, read back at most
    ``most`` sentences (a text without blank lines is one paragraph)."""
    for _ in range(most):
        if start == 0 or paragraph_break(doc, start):
            break
        start = doc[start - 1].sent.start
    return start


def paragraph_break(doc: Doc, i: int) -> bool:
    """Whether token ``i`` starts a paragraph (a blank line precedes it)."""
    return i > 0 and doc[i - 1].is_space and doc[i - 1].text.count("\n") >= 2
