"""A description of an office stands for its holder on the article's date.

"the British prime minister", "Japan's foreign minister", "the prime minister of Japan":
a title that one person holds at a time (the lexicon's ``sole_titles``), with the state or
organization it belongs to and no name, becomes a mention of the person the gazetteer
says held that office on the article's date (:meth:`~kg.gazetteer.Gazetteer.holders`):
in an article of 1987-03-22 the British prime minister is Margaret Thatcher, in one of
2019-09-01 Boris Johnson.  The office is recorded as a claim.

A bare "the prime minister" takes its state from the one holder of that office the
article named before it, else from the dateline's place; otherwise it is left alone, as
is any description with another word in it ("the former prime minister", "a deputy
prime minister"), and so is every description in an article without a date.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> holders = nlp.add_pipe("kg_holders")
>>> holders.initialize(nlp=nlp)
>>> ("prime", "minister") in holders.titles
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from ..gazetteer import Entry, Office
from ..namespace import C
from ..records import Claim, Entity
from .attributes import MENTIONS, token_ids
from .base import DataComponent
from .mentions import Index, mention_index

__all__ = ["Holders", "make_holders"]

EXTRACTOR = "kg.holders"
# A title in these relations to its head is said of someone named elsewhere: "Ana Soto, the
# prime minister", "Soto is the prime minister".
PREDICATE_DEPS = frozenset({"appos", "attr", "oprd", "acomp"})
# Dependency labels of the words before a title in its noun phrase.
LEFT_DEPS = frozenset({"det", "amod", "compound", "poss", "nmod", "case", "punct"})


class Holders(DataComponent):
    """Add a mention of the holder for each description of a sole office."""

    def setup(self) -> None:
        self.gaz = self.gazetteer
        self.words = words = self.lexicon.words
        by_words = {t.words: t for t in self.lexicon.titles}
        self.titles = {tuple(w.split()): by_words[w] for w in words.sole_titles if w in by_words}
        self.longest = max(map(len, self.titles), default=0)
        self.head_ids = {get_string_id(t[-1]) for t in self.titles}
        self.kind_property = dict(words.kinds)
        # where a dateline's place is: a state, its capital and seats, or a place of a state
        self.places: dict[str, str] = {}
        for e in self.gaz:
            if e.type == C.State:
                for n in (*e.names, *e.seats):
                    self.places.setdefault(n.lower(), e.key)
            elif e.type == C.Place and e.country:
                for n in e.names:
                    self.places.setdefault(n.lower(), f"state/{e.country}")

    def __call__(self, doc: Doc) -> Doc:
        self.ready()
        if not self.titles:
            return doc
        article = doc._.kg_article
        day = article.date if article is not None else None
        if day is None:
            return doc  # who held an office depends on when: an undated article names no holder
        index = mention_index(doc)
        ents = doc._.kg_entities
        mentions = list(doc.spans.get(MENTIONS, []))
        claims = doc._.kg_claims
        for i in token_ids(doc, LOWER, self.head_ids):
            found = self.resolve(doc[i], index, mentions, day)
            if found is None:
                continue
            span, entry, office, owner = found
            if entry.key not in ents:
                ents[entry.key] = Entity(entry.key, entry.type, entry.label, entry.wikidata)
            mention = Span(doc, span.start, span.end, label=C.Person, kb_id=entry.key)
            mentions.append(mention)
            for t in range(span.start, span.end):
                index.setdefault(t, []).append(mention)
                index[t].sort(key=len)
            if owner is not None and owner in ents:
                claims.append(self.claim(entry.key, office, owner, mention))
        doc.spans[MENTIONS] = mentions
        return doc

    def resolve(
        self, head: Token, index: Index, mentions: list[Span], day: dt.date
    ) -> tuple[Span, Entry, Office, str | None] | None:
        """The description a title ending at ``head`` makes, its holder and office, and the
        state or organization named in it (None when it came from the context)."""
        doc = head.doc
        if head.pos_ not in {"NOUN", "PROPN"} or head.dep_ == "compound":
            return None  # untagged, or a title before a name: "Prime Minister Ana Soto"
        title, first = self.title_at(head)
        if title is None or any(x.label_ == C.Person for t in range(first, head.i + 1) for x in index.get(t, [])):
            return None
        nxt = doc[head.i + 1] if head.i + 1 < len(doc) else None
        if nxt is not None and (nxt.pos_ == "PROPN" or any(x.label_ == C.Person for x in index.get(nxt.i, []))):
            return None  # "the prime minister Ana Soto"
        if any(c.dep_ == "appos" for c in head.children) or head.dep_ in PREDICATE_DEPS:
            return None  # "the prime minister, Ana Soto,", "Ana Soto, the prime minister": the name says who
        if head.dep_ == "pobj" and head.head.lower_ in self.words.role_prepositions:
            return None  # "she served as prime minister": a role, not a reference
        left = [t for t in doc[head.left_edge.i : first] if t.dep_ in LEFT_DEPS or t.i in index]
        if len(left) != first - head.left_edge.i:
            return None
        owners: list[str] = []
        for t in left:
            keys = [x.kb_id_ for x in index.get(t.i, [])[:1]]
            if keys:
                owners += keys
            elif t.tag_ == "POS" or t.is_punct and t.text in {"'", "’"}:
                continue
            elif t.lower_ not in self.words.definite_articles | self.words.current_title_words:
                return None  # "a", "the former", "deputy": not the one holder now
        for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in self.words.state_of_body):
            objects = [p for p in prep.children if p.dep_ == "pobj"]
            if any(p.i not in index for p in objects):
                return None  # "the Chancellor of the Exchequer": another title
            owners += [index[p.i][0].kb_id_ for p in objects]
        if not left or not (left[0].lower_ in self.words.definite_articles or any(t.tag_ == "POS" for t in left)):
            return None  # "the British prime minister", "Japan's foreign minister"; not "a prime minister"
        owners = list(dict.fromkeys(owners))
        if len(owners) > 1 or any("|" in o for o in owners):
            return None
        start = next((t.i for t in left if t.lower_ not in self.words.definite_articles), first)
        span = doc[start : head.i + 1]
        if owners:
            found = self.holder(title, owners[0], day)
            return (span, *found, owners[0]) if found else None
        if left[0].lower_ not in self.words.definite_articles:
            return None
        for owner in self.context_owners(head, mentions, title, day):
            found = self.holder(title, owner, day)
            if found:
                return span, *found, None
        return None

    def title_at(self, head: Token):
        """The sole title ending at ``head`` (longest match), and the index of its first word."""
        doc = head.doc
        for n in range(min(self.longest, head.i + 1), 0, -1):
            title = self.titles.get(tuple(t.lower_ for t in doc[head.i - n + 1 : head.i + 1]))
            if title is not None:
                return title, head.i - n + 1
        return None, head.i

    def roles(self, title) -> set[str]:
        """The roles a title names, in lower case: its role, and its own words ("premier" is the
        role "Prime Minister", and the gazetteer's "Premier" too)."""
        return {title.role.lower(), title.words.lower()}

    def offices(self, entry: Entry, title, owner: str | None, day: dt.date) -> list[Office]:
        """The offices of ``entry`` held on ``day`` that ``title`` names (of ``owner``, if given)."""
        code = owner.split("/", 1)[1] if owner else None
        roles = self.roles(title)
        return [
            o for o in entry.offices if o.held_on(day) and (code is None or o.of == code) and o.role.lower() in roles
        ]

    def holder(self, title, owner: str, day: dt.date) -> tuple[Entry, Office] | None:
        """The one person who held ``title`` of ``owner`` on ``day``, with the office."""
        code = owner.split("/", 1)[1]
        found = [
            (p, o)
            for role in self.roles(title)
            for p in self.gaz.holders(role, code, day)
            for o in self.offices(p, title, owner, day)
        ]
        people = {p.key for p, _ in found}
        return found[0] if len(people) == 1 else None

    def context_owners(self, head: Token, mentions: list[Span], title, day: dt.date) -> Iterator[str]:
        """Where a bare title's office may belong: the state of the one holder of that office
        named before it, else the state of the dateline's place."""
        doc = head.doc
        named = {m.kb_id_ for m in mentions if m.label_ == C.Person and m.end <= head.i}
        owners = set()
        for key in named:
            entry = self.gaz.by_key(key)
            if entry is not None:
                owners |= {f"state/{o.of}" for o in self.offices(entry, title, None, day) if len(o.of) == 3}
        if len(owners) == 1:
            yield owners.pop()
            return
        if owners:
            return
        article = doc._.kg_article
        place = article.place if article is not None else None
        state = self.places.get(place.lower()) if place else None
        if state is not None:
            yield state

    def claim(self, person: str, office: Office, owner: str, m: Span) -> Claim:
        sent = m.sent
        prop = self.kind_property[office.kind]
        return Claim(
            person,
            prop,
            owner,
            sent.start_char,
            sent.end_char,
            sent.text.strip(),
            m.text,
            EXTRACTOR,
            0.8,
            office=office.role,
            valid_from=office.start.isoformat() if office.start else None,
            valid_until=office.end.isoformat() if office.end else None,
        )


@Language.factory(
    "kg_holders",
    requires=["doc.spans", "token.dep"],
    assigns=["doc.spans", "doc._.kg_entities", "doc._.kg_claims"],
    default_config={"extra_gazetteers": [], "lexicons": []},
)
def make_holders(nlp: Language, name: str, extra_gazetteers: list[str], lexicons: list[str]) -> Holders:
    """spaCy factory of :class:`Holders`."""
    return Holders(nlp, name, lexicons=lexicons, extra_gazetteers=extra_gazetteers)
