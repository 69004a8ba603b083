"""Phrases that refer back to actors named before: sets, descriptions, "the former".

Not a component: the rules :class:`~kg.components.coref.Coref` runs once names are linked.

- "the three countries", "both governments", "the other two nations": a group mention of the
  actors last named together -- the latest coordination of exactly that many actors of the
  noun's class ("other" leaves out the clause's subject), or, for two, the last two named;
- "the energy ministers": the people named with that title; "the allies", "the partners":
  the actors coordinated just before;
- "the country", "the government", "the regional bloc", "the militia": the salient actor of
  the noun's class in the nearest sentence that names one -- the subject, or the only one;
- "the former", "the latter": the first or the second of the last two actors named.

A group mention has the label :data:`GROUP` and the keys of its actors joined with ``|`` as
its ``kb_id``; the relation rules distribute over them.  Only parsed sentences are read.
The words are the lexicon's (``lexicons/reference.toml``, ``lexicons/actor_nouns.toml``).
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy
from spacy.attrs import LOWER, SENT_START
from spacy.tokens import Doc, Span, Token

from ..lexicons import Words
from ..namespace import C
from ..ontology import subclasses
from ..records import Entity
from .attributes import GAZETTEER, token_ids
from .mentions import Index, conjuncts, is_state, keys_of
from .syntax import PASSIVE_SUBJECTS, SUBJECTS, subjects_of

__all__ = ["GROUP", "References", "Named"]

GROUP = "Group"  # the label of a mention that stands for several entities (not an ontology class)
WINDOW = 4  # how many sentences before a description its actors may be named in
MODIFIERS = {"amod", "compound", "nmod"}
PLURAL_TAGS = {"NNS", "NNPS"}
OBJECT_DEPS = {"dobj", "pobj", "dative", "attr"}
DEMONYM = "demonym"  # the gazetteer ruler's label of a match by demonym ("Iraqi")


@functools.cache
def _classes() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """People; organizations that may act for their members; news media (never referred to)."""
    return subclasses(C.Person), subclasses(C.Organization), subclasses(C.NewsAgency)


@dataclass(frozen=True)
class Named:
    """An actor mention as the reference rules see it: where, who, and its place in its clause."""

    start: int
    end: int
    keys: tuple[str, ...]
    cls: str
    sent: int
    subject: bool  # the subject of its clause, or the owner of the subject
    modifier: bool  # an adjective or a compound: "Iraqi", "U.S. troops"


@dataclass(frozen=True)
class Coordination:
    """Actors named together: "Chile, Peru and Bolivia", "between Kenya and Uganda"."""

    start: int
    sent: int
    keys: tuple[str, ...]
    classes: tuple[str, ...]


class References:
    """The reference rules over one ``Doc`` whose names are linked."""

    def __init__(self, doc: Doc, mentions: list[Span], ents: dict[str, Entity], words: Words, index: Index):
        self.doc, self.words, self.ents, self.index = doc, words, ents, index
        if doc.has_annotation("SENT_START"):
            starts = numpy.flatnonzero(doc.to_array(SENT_START) == 1).tolist()
            self.starts = starts if starts and starts[0] == 0 else [0, *starts]
        else:
            self.starts = [0]
        demonyms = {g.start for g in doc.spans.get(GAZETTEER, []) if g.label_ == DEMONYM and len(g) == 1}
        self.named: list[Named] = []
        for m in sorted(mentions, key=lambda s: s.start):
            if m.label_ == GROUP or not m.kb_id_:
                continue
            root = top = m.root
            while top.dep_ == "conj" and top.head.i != top.i:
                top = top.head  # "Ghana and Togo reopened": Togo is a subject too
            subject = top.dep_ in SUBJECTS | PASSIVE_SUBJECTS or (top.dep_ == "poss" and top.head.dep_ in SUBJECTS)
            modifier = root.dep_ in MODIFIERS or (len(m) == 1 and m.start in demonyms)
            self.named.append(Named(m.start, m.end, tuple(keys_of(m)), m.label_, self.sent(m.start), subject, modifier))
        self.sets = list(self.coordinations(mentions))
        self.covered = {i for m in mentions for i in range(m.start, m.end)}
        self._cues: list[tuple[int, str]] | None = None

    def cues_in(self, words: Iterable[str]) -> list[int]:
        """Where the doc has one of ``words`` (lower case), from one look at the doc for all the rules."""
        if self._cues is None:
            w = self.words
            every = {*w.pair_states, *w.pair_people, *w.bare_sets, *w.descriptions, *w.former_latter}
            strings = self.doc.vocab.strings
            self._cues = [(i, self.doc[i].lower_) for i in token_ids(self.doc, LOWER, {strings[x] for x in every})]
        wanted = set(words)
        return [i for i, lower in self._cues if lower in wanted]

    def add_group(self, span: Span) -> None:
        """Count a group mention found by :meth:`groups` as actors named together, for what follows."""
        keys = tuple(keys_of(span))
        self.sets.append(Coordination(span.start, self.sent(span.start), keys, tuple(self.cls(k) for k in keys)))
        self.sets.sort(key=lambda c: c.start)
        for i in range(span.start, span.end):
            self.index.setdefault(i, []).append(span)
            self.covered.add(i)

    def sent(self, i: int) -> int:
        return bisect.bisect_right(self.starts, i) - 1

    def coordinations(self, mentions: list[Span]) -> Iterator[Coordination]:
        for m in mentions:
            if m.label_ == GROUP:
                keys = tuple(keys_of(m))
                yield Coordination(m.start, self.sent(m.start), keys, tuple(self.cls(k) for k in keys))
                continue
            root = m.root
            if root.dep_ == "conj" or not any(c.dep_ == "conj" for c in root.children) or root.i != m.end - 1:
                continue
            found: list[str] = []
            for t in conjuncts(root, self.words, self.index):
                spans = self.index.get(t.i)
                if spans:
                    found.extend(k for k in keys_of(spans[0]) if k not in found)
            if len(found) >= 2:
                yield Coordination(m.start, self.sent(m.start), tuple(found), tuple(self.cls(k) for k in found))

    def cls(self, key: str) -> str:
        e = self.ents.get(key)
        return e.cls if e is not None else ""

    # -- what a noun may stand for ----------------------------------------------------------
    def fits_set(self, noun: Token, key: str) -> bool:
        """Whether ``key`` is an actor a plural such as "countries" or "leaders" may count."""
        people, orgs, media = _classes()
        cls = self.cls(key)
        if noun.lower_ in self.words.pair_people:
            return cls in people
        if noun.lower_ in self.words.org_sets and cls in orgs - media:
            return True
        return is_state(key)

    def clause_subjects(self, tok: Token) -> set[str]:
        """The keys of the subject of the clause ``tok`` is in."""
        v = tok
        while v.pos_ not in {"VERB", "AUX"} and v.head.i != v.i:
            v = v.head
        subj, passive = subjects_of(v, self.words)
        if passive:
            return set()
        return {k for t in subj if t.i in self.index for k in keys_of(self.index[t.i][0])}

    # -- sets ----------------------------------------------------------------------------------
    def groups(self) -> Iterator[Span]:
        """Group mentions for "the three countries", "both leaders", "the energy ministers", "the allies"."""
        words, doc = self.words, self.doc
        nouns = words.pair_states | words.pair_people | words.bare_sets
        for i in self.cues_in(nouns):
            noun = doc[i]
            if i in self.covered:
                continue
            if noun.tag_:
                if noun.tag_ not in PLURAL_TAGS:
                    continue
                lefts = list(noun.lefts)
            elif i and doc[i - 1].lower_ in words.numbers:
                # no parse: "[the] two nations", "both leaders" word by word
                lefts = [doc[i - 1]] + ([doc[i - 2]] if i > 1 and doc[i - 2].lower_ in words.definite_articles else [])
            else:
                continue
            number = next((words.numbers[c.lower_] for c in lefts if c.lower_ in words.numbers), None)
            definite = any(c.dep_ in {"det", "predet", ""} and c.lower_ in words.definite_articles for c in lefts)
            other = any(c.lower_ in words.other_words for c in lefts)
            if any(c.dep_ == "poss" for c in lefts) or any(
                t.i in self.index and is_state(self.index[t.i][0].kb_id_)
                for c in lefts
                if c.dep_ in MODIFIERS
                for t in c.subtree
            ):
                continue  # "Ukraine's allies", "the two Korean leaders": of that state, not a set named before
            start = min([noun.i] + [c.left_edge.i for c in lefts])
            keys: tuple[str, ...] | None = None
            if number is not None:
                if not any(c.dep_ in {"det", "predet", ""} and c.lower_ in words.set_determiners for c in lefts):
                    continue  # "the two sides", "both sides", "all three"; not "two sides signed"
                keys = self.counted(noun, number, other)
            elif other:
                continue
            elif noun.lower_ in words.pair_people and (definite or noun.i == noun.sent.start):
                keys = self.titled(noun, lefts)
            elif noun.lower_ in words.bare_sets and definite:
                keys = self.latest_set(noun, back=2)
            if keys:
                if len(keys) == 1:
                    yield Span(doc, start, noun.i + 1, label=self.cls(keys[0]) or C.Organization, kb_id=keys[0])
                else:
                    yield Span(doc, start, noun.i + 1, label=GROUP, kb_id="|".join(sorted(keys)))

    def counted(self, noun: Token, n: int, other: bool) -> tuple[str, ...] | None:
        """ "the three countries": the latest coordination of exactly three states, else for two the last two named."""
        here = self.sent(noun.i)
        subjects = self.clause_subjects(noun) if other else set()
        for s in reversed(self.sets):
            if s.start >= noun.i:
                continue
            if s.sent < here - WINDOW:
                break
            if not all(self.fits_set(noun, k) for k in s.keys):
                continue
            keys = tuple(k for k in s.keys if k not in subjects)
            if len(keys) == n and (not other or len(keys) < len(s.keys) or not subjects):
                return keys
            if other and len(s.keys) == n and not subjects & set(s.keys):
                return s.keys
        if n != 2 or noun.lower_ in self.words.org_sets:
            return None  # "the two sides" of a dispute are seldom the last two actors named
        # "Quiroga greeted the two leaders": the last two named, but never the clause's own subject
        subjects = subjects or self.clause_subjects(noun)
        seen: list[str] = []
        for m in reversed(self.named):
            if m.end > noun.i:
                continue
            if m.sent < here - WINDOW:
                break
            for k in m.keys:
                if k not in seen and k not in subjects and self.fits_set(noun, k):
                    seen.append(k)
            if len(seen) >= 2:
                return tuple(seen[:2])
        return None

    def latest_set(self, noun: Token, back: int) -> tuple[str, ...] | None:
        """ "the allies": the actors coordinated last, in this sentence or the ``back`` before."""
        here = self.sent(noun.i)
        for s in reversed(self.sets):
            if s.start < noun.i and s.sent >= here - back and all(self.fits_set(noun, k) for k in s.keys):
                return s.keys
        return None

    def titled(self, noun: Token, lefts: list[Token]) -> tuple[str, ...] | None:
        """ "the energy ministers": the people named with that title; else the state or body of an
        earlier "EC foreign ministers"."""
        if any(c.dep_ == "prep" for c in noun.rights):
            return None  # "ministers from Chile and Peru": the phrase says who
        mods = [c.lower_ for c in lefts if c.dep_ in MODIFIERS]
        if any(not w.isalpha() or not w.islower() for w in mods):
            return None
        title = [*mods, noun.lemma_.lower()]
        doc = self.doc
        people: list[str] = []
        for m in self.named:
            if m.start >= noun.i or m.cls not in _classes()[0]:
                continue
            before = [t.lower_ for t in doc[max(0, m.start - len(title) - 2) : m.start] if not t.is_punct]
            if before[-len(title) :] == title and m.keys[0] not in people:
                people.append(m.keys[0])
        if len(people) >= 2:
            # "Biden and Putin met ... Parmelin welcomed the two leaders ... The presidents agreed": the
            # group named last, when the titled people include it, is the one meant
            here = self.sent(noun.i)
            for s in reversed(self.sets):
                if s.start >= noun.i:
                    continue
                if s.sent < here - WINDOW:
                    break
                if len(s.keys) >= 2 and set(s.keys) < set(people):
                    return s.keys
            return tuple(people)
        owners: list[str] = []
        for t in doc[: noun.i]:
            if t.lower_ == noun.lower_ and t.i not in self.covered:
                for c in t.lefts:
                    if c.dep_ in MODIFIERS and c.i in self.index:
                        owners.extend(k for k in keys_of(self.index[c.i][0]) if k not in owners)
        return tuple(owners) if len(owners) == 1 else None

    # -- single actors ---------------------------------------------------------------------------
    def descriptions(self) -> Iterator[Span]:
        """Mentions for "the country", "the regional bloc", "the militia" of the salient actor named before."""
        words, doc = self.words, self.doc
        for i in self.cues_in(words.descriptions):
            noun = doc[i]
            if i in self.covered or noun.tag_ not in {"NN", "NNP"}:
                continue
            lefts = list(noun.lefts)
            if not lefts or lefts[0].dep_ != "det" or lefts[0].lower_ not in words.definite_articles:
                continue
            det, mods = lefts[0], lefts[1:]
            if (
                any(c.dep_ not in MODIFIERS or c.i in self.index for c in mods)
                or any(
                    not (t.is_lower or t.is_punct) or t.lower_ in words.other_referents for c in mods for t in c.subtree
                )
                or any(c.dep_ in {"appos", "prep", "acl"} for c in noun.rights)
                or any(c.dep_ == "relcl" and doc[c.left_edge.i - 1].text != "," for c in noun.rights)
            ):
                continue
            if noun.dep_ == "poss" and self.describes_a_person(noun):
                continue  # "Stals, the country's chief debt negotiator": an office, for the office rules to read
            key = self.salient(noun, words.descriptions[noun.lower_])
            if key:
                yield Span(doc, det.i, i + 1, label=self.cls(key), kb_id=key)

    def describes_a_person(self, tok: Token) -> bool:
        """Whether ``tok`` is inside a title phrase or an apposition of a person named: "Stals, the
        country's chief negotiator", "the government's spokesman Li Wei"."""
        people = _classes()[0]
        t = tok
        for _ in range(4):
            if t.head.i == t.i:
                return False
            if t.dep_ == "appos" and any(s.label_ in people for s in self.index.get(t.head.i, [])):
                return True
            t = t.head
            if any(s.label_ in people for s in self.index.get(t.i, [])):
                return True
        return False

    def salient(self, noun: Token, cls: str) -> str | None:
        """The actor a description of class ``cls`` stands for: in the nearest sentence that names
        one, the subject or the only one (never the subject of the description's own verb)."""
        people, orgs, media = _classes()
        wanted = subclasses(cls) - media
        head = noun.lower_

        def named_so(key: str) -> bool:
            e = self.ents.get(key)
            return e is not None and any(head in n.lower().split() for n in (e.label, *e.alt_labels))

        def fits(key: str) -> bool:
            if cls == C.State:
                return is_state(key)
            if cls == C.Organization:  # "the council": an organization whose name says so
                return self.cls(key) in wanted and named_so(key)
            return self.cls(key) in wanted or (self.cls(key) in orgs - media and named_so(key))

        own = self.clause_subjects(noun) if noun.dep_ in OBJECT_DEPS else set()
        here = self.sent(noun.i)
        found: dict[int, list[Named]] = {}
        for m in reversed(self.named):
            if m.end > noun.i or m.modifier or len(m.keys) != 1 or m.keys[0] in own or not fits(m.keys[0]):
                continue
            if m.sent < here - WINDOW + 1:
                break
            found.setdefault(m.sent, []).append(m)
        for sent in sorted(found, reverse=True):
            cands = found[sent]
            distinct = {m.keys[0] for m in cands}
            if len(distinct) == 1:
                return cands[0].keys[0]
            subjects = {m.keys[0] for m in cands if m.subject}
            return subjects.pop() if len(subjects) == 1 else None
        return None

    def former_latter(self) -> Iterator[Span]:
        """ "the former", "the latter": the first or second of the last two actors named together,
        else of the last two named."""
        words, doc = self.words, self.doc
        for i in self.cues_in(words.former_latter):
            tok = doc[i]
            if i == 0 or doc[i - 1].lower_ not in words.definite_articles or tok.dep_ in MODIFIERS or not tok.tag_:
                continue
            here = self.sent(i)
            pair = next(
                (s.keys for s in reversed(self.sets) if s.start < i and len(s.keys) == 2 and s.sent >= here - 1), None
            )
            if pair is None:
                seen: list[str] = []
                for m in reversed(self.named):
                    if m.end > i or len(m.keys) != 1:
                        continue
                    if m.sent < here - 1:
                        break
                    if not m.modifier and m.keys[0] not in seen:
                        seen.append(m.keys[0])
                    if len(seen) == 2:
                        pair = (seen[1], seen[0])
                        break
            if pair is not None and self.cls(pair[0]) == self.cls(pair[1]):
                key = pair[words.former_latter[tok.lower_] - 1]
                yield Span(doc, i - 1, i + 1, label=self.cls(key), kb_id=key)
