"""Resolve every mention to one canonical entity.

Gazetteer matches keep their entry; other PERSON, ORG, GPE, LOC, FAC, EVENT and LAW
mentions become entities keyed by their cleaned name, typed as well as the evidence
allows.  Surnames resolve to the full name used elsewhere in the article (or to the one
gazetteer person with that name); "Seoul's unification ministry" becomes a government
body of South Korea; "the Cuban government" and "U.S. troops" stand for the state.
"""

from __future__ import annotations

import datetime as dt
import re

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from ..gazetteer import Entry, entity_key, slug
from ..lexicons import Words
from ..namespace import C
from ..ontology import parts_of
from ..records import Entity
from .attributes import GAZETTEER, MENTIONS, SEGMENTS, part_of_map, token_ids
from .base import DataComponent
from .mentions import is_state

__all__ = ["Linker", "clean_name", "make_linker"]

# spaCy NER label -> ontology class for entities the gazetteer does not know.
NER_CLASS = {
    "PERSON": C.Person,
    "ORG": C.Organization,
    "GPE": C.Place,
    "LOC": C.Place,
    "FAC": C.Place,
    "EVENT": C.Event,
    "LAW": C.Treaty,
}
PERSON_LABELS = {"PERSON", C.Person}  # a person's mention: by the model, or by the gazetteer ruler
# Labels of entities whose tokens may still be part of a state phrase ("the Cuban government").
STATE_LABELS = {C.State, "NORP", "GPE"}
MEANS_STATE, MEANS_GROUP = "state", "group"  # what a body noun means (lexicons/bodies.toml)
# The shortest one-word name that may be a spelling variant of a surname in the article.
VARIANT_MIN = 5
# How far from the article's date a person's offices may lie for one word to name them.
NEAR = dt.timedelta(days=5 * 366)


def clean_name(span: Span, words: Words) -> Span:
    """Drop leading articles, honorifics and titles, and a trailing possessive."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in words.name_prefixes or doc[start].is_punct):
        start += 1
    while end > start and (
        doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct or doc[end - 1].lower_ in words.possessive_endings
    ):
        end -= 1
    return doc[start:end]


def _ends(name: str) -> tuple[str, str]:
    """The first and last words of a name, folded: ("bruno", "parrilla")."""
    words = name.split()
    return slug(words[0]), slug(words[-1])


def _one_edit(a: str, b: str) -> bool:
    """Whether two words differ by one letter added, dropped or changed."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), len(a))
    return a[i + (len(a) == len(b)) :] == b[i + 1 :]


def _initials(name: str) -> str:
    """The capitals that start the words of a name of two words or more, "of", "and" ... left
    out: "Inter-Services Public Relations" -> "ISPR"; "" for a name of one word."""
    words = [w for w in re.split(r"[\s-]+", name) if w[:1].isupper()]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


class Linker(DataComponent):
    """Give every mention an entity key and collect the article's entities."""

    def setup(self) -> None:
        self.gaz = self.gazetteer
        self.words = words = self.lexicon.words
        self.by_name: dict[str, Entry] = {}
        self.short: dict[str, list[Entry]] = {}
        self.first_last: dict[tuple[str, str], list[Entry]] = {}  # a long name's first and last words
        self.titles = {t.words for t in self.lexicon.titles}
        for e in self.gaz:
            for n in (*e.names, *e.demonyms, *e.seats):
                self.by_name.setdefault(n.lower(), e)
            if e.type == C.Person:
                for n in e.names:
                    if len(n.split()) > 2:
                        self.first_last.setdefault(_ends(n), []).append(e)
                parts = re.split(r"[\s-]+", e.label)
                for p in {parts[0], parts[-1]} if len(parts) > 1 else ():
                    if p.lower() not in self.titles:  # "King Charles III" is no "King"
                        self.short.setdefault(p.lower(), []).append(e)
        self.heads = {b.head: b.means for b in self.lexicon.bodies}
        self.head_ids = {get_string_id(h) for h in self.heads}
        self.group_class = {b.head: b.cls or C.Organization for b in self.lexicon.bodies}
        self.news_agency = re.compile(
            r"\b(?:" + "|".join(re.escape(p) for p in sorted(words.news_agency_phrases)) + r")\b", re.I
        )
        self.state_parts = parts_of(C.State)  # classes of bodies that are part of their state

    # -- entities -----------------------------------------------------------------------
    def entity_of(self, entry: Entry) -> Entity:
        return Entity(entry.key, entry.type, entry.label, entry.wikidata, iso2=entry.iso2, iso3=entry.iso3)

    def __call__(self, doc: Doc) -> Doc:
        self.ready()
        words = self.words
        ents: dict[str, Entity] = doc._.kg_entities
        alts: dict[str, set[str]] = {}
        mentions: list[Span] = []
        weak = {
            i for s in doc.spans.get(SEGMENTS, []) if s.label_ in words.weak_segments for i in range(s.start, s.end)
        }

        def add(span: Span, entity: Entity, surface: str | None = None) -> None:
            if entity.key not in ents:
                ents[entity.key] = entity
            alts.setdefault(entity.key, set()).add(surface or span.text)
            mentions.append(Span(doc, span.start, span.end, label=entity.cls, kb_id=entity.key))

        people: list[tuple[Span, Span]] = []
        article = doc._.kg_article
        date = article.date if article is not None else None
        known = self.full_names(doc)
        votes = self.class_votes(doc)
        for ent in doc.ents:
            if ent.kb_id_:
                entry = self.gaz.by_key(ent.kb_id_)
                if entry:
                    add(ent, self.entity_of(entry), clean_name(ent, words).text or ent.text)
                continue
            if ent.start in weak or ent.label_ not in NER_CLASS:
                continue
            name = clean_name(ent, words)
            if not name or not any(c.isupper() for c in name.text) or name.text[0].isdigit() or len(name.text) < 2:
                continue
            lone = (
                len(name) == 1
                and len([e for e in self.short.get(name.text.lower(), ()) if self.in_office_near(e, date)]) == 1
                and name.text.lower() not in self.by_name
            )
            if ent.label_ == "PERSON" and any(any(c.isdigit() for c in t.text) for t in name):
                continue
            # "Saree" (tagged ORG) after "Yahya Sarea": a spelling of a person's name in the article
            variant = (
                len(name) == 1 and len(name.text) >= VARIANT_MIN and any(_one_edit(name.text.lower(), k) for k in known)
            )
            if (
                ent.label_ == "PERSON"
                or votes.get(slug(name.text)) == "PERSON"
                or name.text.lower() in known
                or lone
                or variant
            ):
                people.append((ent, name))
                continue
            if self.junk(name):
                continue
            entity = self.resolve_other(ent, name, doc, votes.get(slug(name.text)))
            if entity:
                add(ent, entity, name.text)
        self.resolve_people(doc, people, add, date)
        for span, entity in self.state_phrases(doc, ents):
            add(span, entity)
        mentions = self.acronyms(mentions, ents, alts)
        doc.spans[MENTIONS] = mentions
        for key, names in alts.items():
            e = ents[key]
            ents[key] = Entity(
                e.key, e.cls, e.label, e.wikidata, frozenset(n for n in names if n != e.label), e.iso2, e.iso3
            )
        return doc

    def acronyms(self, mentions: list[Span], ents: dict[str, Entity], alts: dict[str, set[str]]) -> list[Span]:
        """An acronym and the name it abbreviates in the same article are one entity: "EC" and
        "European Community", "ISPR" and "Inter-Services Public Relations".  The gazetteer's
        entity is kept (else the full name's); the other's mentions move to it."""
        by_initials: dict[str, set[str]] = {}
        for key, names in alts.items():
            for n in names | {ents[key].label}:
                letters = _initials(n)
                if len(letters) >= 2:
                    by_initials.setdefault(letters, set()).add(key)
        moved: dict[str, str] = {}
        unnamed = {C.Person, C.State, C.Place}  # classes no acronym stands for here ("US" is no union)
        for key, names in alts.items():
            if ents[key].cls in unnamed:
                continue
            for n in names | {ents[key].label}:
                short = n.replace(".", "")
                if not (2 <= len(short) <= 6 and short.isalpha() and short.isupper()):
                    continue
                full = by_initials.get(short, set()) - {key}
                if len(full) != 1:
                    continue
                other = full.pop()
                if ents[other].cls in unnamed:
                    continue
                keep, drop = (key, other) if ents[key].wikidata or self.gaz.by_key(key) else (other, key)
                if self.gaz.by_key(drop) is not None and self.gaz.by_key(keep) is not None:
                    continue  # two entries the gazetteer tells apart
                moved[drop] = keep
                break
        if not moved:
            return mentions
        for drop, keep in moved.items():
            alts.setdefault(keep, set()).update(alts.pop(drop, set()) | {ents[drop].label})
            ents.pop(drop, None)
        return [
            Span(m.doc, m.start, m.end, label=ents[moved[m.kb_id_]].cls, kb_id=moved[m.kb_id_])
            if m.kb_id_ in moved
            else m
            for m in mentions
        ]

    def full_names(self, doc: Doc) -> set[str]:
        """First and last words of the multi-word person names this article uses."""
        out = set()
        for ent in doc.ents:
            if ent.label_ in PERSON_LABELS:
                name = clean_name(ent, self.words)
                while len(name) > 1 and name[0].lower_ in self.titles:
                    name = name[1:]
                if len(name) > 1 and not any(c.isdigit() for c in name.text):  # "Leopard 2" is a tank
                    out |= {name[0].lower_, name[-1].lower_}
        for e in doc._.kg_entities.values():
            if e.cls == C.Person:
                parts = re.split(r"[\s-]+", e.label.lower())
                out |= {parts[0], parts[-1]}
        return out

    def class_votes(self, doc: Doc) -> dict[str, str]:
        """The statistical label each name gets most often in the article: one name, one class."""
        from collections import Counter

        votes: dict[str, Counter] = {}
        for ent in doc.ents:
            if ent.label_ in NER_CLASS:
                votes.setdefault(slug(clean_name(ent, self.words).text), Counter())[ent.label_] += 1
        return {k: c.most_common(1)[0][0] for k, c in votes.items()}

    def junk(self, name: Span) -> bool:
        """Spans the small model often takes for names: titles, units, state pairs, lists."""
        lower = [t.lower_ for t in name]
        if (
            lower[-1] in self.titles
            or " ".join(lower) in self.titles
            or lower[0] in self.words.junk_words
            and len(lower) == 1
        ):
            return True
        listed = (
            any(t.lower_ in self.words.list_conjunctions for t in name) and lower[-1] not in self.words.document_heads
        )
        if listed or name.text.upper() in self.words.not_names:  # "the Belt and Road Initiative" is one name
            return True
        if any(any(c.isdigit() for c in t.text) for t in name):
            return True  # "Leopard 2", "Shahed-136", "S-400": weapons and models, not actors
        states = [g for g in name.doc.spans.get(GAZETTEER, []) if name.start <= g.start and g.end <= name.end]
        return len(states) >= 2 and all(t.is_punct or any(g.start <= t.i < g.end for g in states) for t in name)

    def resolve_other(self, ent: Span, name: Span, doc: Doc, vote: str | None = None) -> Entity | None:
        text = " ".join(name.text.split())
        entry = self.by_name.get(text.lower())
        if entry:
            return self.entity_of(entry)
        if len(name) == 1:
            # "the Council" after "the UN Security Council": the one name before that ends in the word
            ends = [
                e
                for e in doc._.kg_entities.values()
                if e.cls != C.Person and " " in e.label and e.label.rsplit(None, 1)[-1].lower() == text.lower()
            ]
            if len(ends) == 1:
                return ends[0]
        state = next(
            (
                g
                for g in doc.spans.get(GAZETTEER, [])
                if name.start <= g.start and g.end <= name.end and is_state(g.kb_id_)
            ),
            None,
        )
        if state is not None and self.heads.get(name.root.lower_) == MEANS_STATE:
            return self._state(state)
        if len(name) == 1 and name[0].lower_ in self.words.compass_words:
            return None
        cls = NER_CLASS[vote or ent.label_]
        if cls == C.Organization:
            last = name[-1].lower_
            cls = C.NewsAgency if self.news_agency.search(text) else self.words.org_heads.get(last, C.Organization)
            state = next(
                (
                    self.gaz.by_key(g.kb_id_)
                    for g in doc.spans.get(GAZETTEER, [])
                    if name.start <= g.start and g.end <= name.end and is_state(g.kb_id_)
                ),
                None,
            )
            if cls in self.state_parts and state is not None:
                part_of_map(doc)[entity_key(cls, f"{state.id.lower()}-{slug(text)}")] = state.key
                return Entity(entity_key(cls, f"{state.id.lower()}-{slug(text)}"), cls, text)
        if cls == C.Place and len(name) == 1 and name[0].lower_ in self.titles:
            return None
        return Entity(entity_key(cls, slug(text)), cls, text)

    def resolve_people(self, doc: Doc, people: list[tuple[Span, Span]], add, date: dt.date | None = None) -> None:
        """Full names first, then single names by the full names of this article or the gazetteer."""
        full: dict[str, Entity] = {}
        for e in doc._.kg_entities.values():
            if e.cls == C.Person:
                parts = re.split(r"[\s-]+", e.label)
                for part in {parts[0], parts[-1]}:
                    full.setdefault(part.lower(), e)
        for _ent, name in people:
            while len(name) > 1 and name[0].lower_ in self.titles:
                name = name[1:]
            if len(name) > 1:
                entity = self.full_person(name, date)
                for part in {name[0].lower_, name[-1].lower_}:
                    full.setdefault(part, entity)
        for ent, name in people:
            while len(name) > 1 and name[0].lower_ in self.titles:
                name = name[1:]
            if len(name) > 1:
                add(ent, self.full_person(name, date), name.text)
                continue
            word = name.text.lower()
            if word in self.titles:
                continue
            found: Entity | None = full.get(word)
            if found is None:
                known = [e for e in self.short.get(word, []) if self.in_office_near(e, date)]
                found = self.entity_of(known[0]) if len(known) == 1 else None
            if found is None and len(word) >= VARIANT_MIN:
                # "Saree" after "Yahya Sarea", "Zelenskyy" after "Volodymyr Zelensky": one letter apart
                near = {e.key: e for part, e in full.items() if _one_edit(word, part)}
                found = next(iter(near.values())) if len(near) == 1 else None
            entity = found if found is not None else Entity(entity_key(C.Person, slug(name.text)), C.Person, name.text)
            add(ent, entity, name.text)

    def full_person(self, name: Span, date: dt.date | None) -> Entity:
        """The person a name of two words or more stands for: the gazetteer's by that name, or
        the one in office near the date whose name begins and ends with the same words
        ("Bruno Parrilla" is Bruno Rodriguez Parrilla), else a new one."""
        entry = self.by_name.get(name.text.lower())
        if entry is None or entry.type != C.Person:
            found = [e for e in self.first_last.get(_ends(name.text), ()) if self.in_office_near(e, date)]
            entry = found[0] if len({e.key for e in found}) == 1 else None
        if entry is not None:
            return self.entity_of(entry)
        return Entity(entity_key(C.Person, slug(name.text)), C.Person, " ".join(name.text.split()))

    def in_office_near(self, entry: Entry, date: dt.date | None) -> bool:
        """Whether a person named by one word may be ``entry``: someone whose offices all
        lie more than :data:`NEAR` away from the article's date is someone else ("King Fahd"
        in 1987 is no minister of 2012)."""
        dated = [o for o in entry.offices if o.start or o.end]
        if date is None or not dated:
            return True
        return any(
            (o.start is None or o.start - NEAR <= date) and (o.end is None or date <= o.end + NEAR) for o in dated
        )

    def state_phrases(self, doc: Doc, ents: dict[str, Entity]):
        """ "Seoul's unification ministry" -> a body of South Korea; "the Cuban government" -> Cuba."""
        states = {}
        for span in doc.spans.get(GAZETTEER, []):
            if is_state(span.kb_id_):
                for i in range(span.start, span.end):
                    states[i] = span
        taken = {i for e in doc.ents for i in range(e.start, e.end) if e.label_ not in STATE_LABELS}
        for i in token_ids(doc, LOWER, self.head_ids):
            tok = doc[i]
            means = self.heads.get(tok.lower_)
            if not means or tok.i in taken or tok.pos_ not in {"NOUN", "PROPN"}:
                continue
            mods = [c for c in tok.children if c.dep_ in {"poss", "amod", "compound", "nmod"} and c.i < tok.i]
            state = next((states[c.i] for c in mods if c.i in states), None)
            if state is None:
                # "the Government of Iraq", "the foreign affairs ministry of Cuba"
                of = self.words.state_of_body
                prep = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ in of), None)
                obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None
                if obj is not None and obj.i in states and means == MEANS_STATE:
                    state = states[obj.i]
                    yield doc[tok.i : obj.i + 1], self._state(state)
                continue
            entry = self.gaz.by_key(state.kb_id_)
            if entry is None:
                continue
            others = {states[x.i].kb_id_ for c in mods for x in c.subtree if x.i in states}
            if len(others) > 1:
                continue  # "Hungarian and Romanian officials" stand for both states, not one
            if means == MEANS_STATE:
                yield doc[min(state.start, tok.i) : tok.i + 1], self.entity_of(entry)
                continue
            if means == MEANS_GROUP:
                # "Iraqi militias", "Afghan rebels": a group of its own, not the state
                start = min([state.start] + [c.i for c in mods if c.dep_ in {"amod", "compound"}])
                words = [
                    t.text
                    for t in doc[start : tok.i + 1]
                    if not t.like_num and t.lower_ not in self.words.group_label_skip
                ]
                if any(c.dep_ == "appos" for c in tok.children):
                    continue  # "the Syrian Kurdish militia, the YPG": the name says who
                label = " ".join(words)
                cls = self.group_class.get(tok.lower_, C.Organization)
                key = entity_key(cls, slug(label))
                part_of_map(doc)[key] = entry.key
                yield doc[start : tok.i + 1], Entity(key, cls, label)
                continue
            between = [c for c in mods if c.i > state.end - 1 and c.i not in states and c.dep_ in {"compound", "amod"}]
            start = min([state.start] + [w.i for w in between])
            head = " ".join([w.text for w in sorted(between, key=lambda t: t.i)] + [tok.text])
            adjective = entry.demonyms[0] if entry.demonyms else f"{entry.label}'s"
            label = f"{adjective} {head.title() if head.islower() else head}"
            key = entity_key(C.GovernmentBody, f"{entry.id.lower()}-{slug(head)}")
            part_of_map(doc)[key] = entry.key
            yield doc[start : tok.i + 1], Entity(key, C.GovernmentBody, label)

    def _state(self, span: Span) -> Entity:
        entry = self.gaz.by_key(span.kb_id_)
        assert entry is not None
        return self.entity_of(entry)


@Language.factory(
    "kg_linker",
    requires=["doc.ents", "token.dep"],
    assigns=["doc.spans", "doc._.kg_entities"],
    default_config={"extra_gazetteers": [], "lexicons": []},
)
def make_linker(nlp: Language, name: str, extra_gazetteers: list[str], lexicons: list[str]) -> Linker:
    """spaCy factory of :class:`Linker`."""
    return Linker(nlp, name, lexicons=lexicons, extra_gazetteers=extra_gazetteers)
