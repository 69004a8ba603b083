"""Offices and affiliations: leaderOf, officialOf, memberOf and partOf.

- Titles before a name: "French President Emmanuel Macron", "Turkey's presidential
  spokesman Ibrahim Kalin", "US Secretary of State Mike Pompeo";
- appositions: "Sergei Shoigu, Russia's Security Council Secretary", "Bruno Parrilla,
  the foreign affairs minister of Cuba";
- affiliations: "Huseyin Bagci of the Foreign Policy Institute", "a senior fellow at ...";
- government bodies are part of their state.

Where the gazetteer knows the person's office on the article's date, its kind and term
dates are used; "President Trump" needs no state in the text.  The titles, and the
property each kind of office gives, are the lexicon's (``lexicons/titles.toml``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..gazetteer import Office, entity_key
from ..lexicons import Title
from ..namespace import C, P
from ..ontology import parts_of, subclasses
from ..records import Claim, Entity
from .attributes import MENTIONS, part_of_map
from .base import DataComponent
from .mentions import is_state, mention_index

__all__ = ["OfficeExtractor", "make_offices"]

EXTRACTOR = "kg.offices"
# How long after a term ends the news still names the holder by the office.
OFFICE_GRACE = dt.timedelta(days=30)


class OfficeExtractor(DataComponent):
    """Find people's offices and affiliations and government bodies' states."""

    def setup(self) -> None:
        self.gaz = self.gazetteer
        words = self.words = self.lexicon.words
        self.titles: dict[tuple[str, ...], Title] = {}
        for t in self.lexicon.titles:
            self.titles[tuple(t.words.split())] = t
        self.longest = max(map(len, self.titles))
        self.title_words = {w for t in self.titles for w in t} | words.title_fillers
        self.kind_property = dict(words.kinds)  # kind of office -> ontology property
        self.member_kinds = {k for k, p in words.kinds.items() if p == P.memberOf}
        self.leader_kinds = {k for k, p in words.kinds.items() if p == P.leaderOf}
        self.organizations = subclasses(C.Organization)
        self.bodies = parts_of(C.State)  # bodies of a state: part of it

    def __call__(self, doc: Doc) -> Doc:
        self.ready()
        index = mention_index(doc)
        ents = doc._.kg_entities
        article = doc._.kg_article
        date = article.date if article is not None else None
        claims = doc._.kg_claims
        seen = set()
        state_of: dict[int, str] = {}
        persons = sorted((m for m in doc.spans.get(MENTIONS, []) if m.label_ == C.Person), key=lambda m: m.start)
        for m in persons:
            for claim in self.person_claims(m, index, ents, date, state_of):
                k = (claim.subject, claim.predicate, claim.object)
                if k not in seen:
                    seen.add(k)
                    claims.append(claim)
        part_of: dict[str, str] = part_of_map(doc)
        for m in doc.spans.get(MENTIONS, []):
            if m.label_ not in self.bodies and m.kb_id_ not in part_of:
                continue
            entry = self.gaz.by_key(m.kb_id_)
            state = entity_key(C.State, entry.country) if entry and entry.country else part_of.get(m.kb_id_)
            e = self.gaz.by_key(state) if state else None
            if state and state not in ents and e is not None:
                ents[state] = Entity(e.key, e.type, e.label, e.wikidata, iso2=e.iso2, iso3=e.iso3)
            if state and state in ents and (m.kb_id_, P.partOf, state) not in seen:
                seen.add((m.kb_id_, P.partOf, state))
                claims.append(self.claim(m.kb_id_, P.partOf, state, m, "", 0.9))
        return doc

    # -- titles --------------------------------------------------------------------------
    def match_title(self, toks: list[Token]) -> tuple[Title | None, int]:
        """The title nearest the end of ``toks`` (longest match), and where it starts."""
        words = [t.lower_ for t in toks]
        for end in range(len(words), 0, -1):
            for n in range(min(self.longest, end), 0, -1):
                r = self.titles.get(tuple(words[end - n : end]))
                if r:
                    return r, end - n
        return None, -1

    def left_phrase(self, m: Span, index) -> list[Token]:
        """Tokens before a name that may form its title: "Turkey's presidential spokesman"."""
        doc, i = m.doc, m.start - 1
        out: list[Token] = []
        while i >= m.sent.start and len(out) < 12:
            t = doc[i]
            if t.lower_ in self.title_words or i in index or t.tag_ == "POS" or (t.is_title and t.pos_ == "PROPN"):
                out.append(t)
                i -= 1
                continue
            break
        # "Queen Elizabeth": a title the name's own span begins with
        inside = []
        for t in m:
            if t.lower_ not in self.title_words:
                break
            inside.append(t)
        return list(reversed(out)) + inside

    def right_phrase(self, m: Span) -> list[Token]:
        """An apposition after the name: ", Russia's Security Council Secretary,"."""
        root = m.root
        for c in root.children:
            if c.dep_ == "appos" and c.i >= m.end:
                skip = {t.i for k in c.children if k.dep_ in {"relcl", "acl", "advcl", "punct"} for t in k.subtree}
                return [t for t in c.subtree if t.i not in skip]
        return []

    def person_claims(self, m: Span, index, ents, date: dt.date | None, state_of: dict[int, str]) -> Iterator[Claim]:
        person = m.kb_id_
        entry = self.gaz.by_key(person)
        for phrase, conf in ((self.left_phrase(m, index), 0.9), (self.right_phrase(m), 0.85)):
            if not phrase:
                continue
            title, at = self.match_title(phrase)
            part_of = part_of_map(m.doc)
            states = [index[t.i][-1].kb_id_ for t in phrase if t.i in index and is_state(index[t.i][-1].kb_id_)]
            states += [
                part_of[index[t.i][0].kb_id_] for t in phrase if t.i in index and index[t.i][0].kb_id_ in part_of
            ]
            orgs = [index[t.i][0].kb_id_ for t in phrase if t.i in index and index[t.i][0].label_ in self.organizations]
            if title is None and not states and not orgs:
                continue
            if title is None and not {t.lower_ for t in phrase} & self.words.counterpart_words and not states:
                continue
            states = list(dict.fromkeys(states))
            inherit = m.root.dep_ == "conj" and m.root.head.i in state_of
            if not states and inherit and not self.known_office(entry, title, [], date):
                states = [state_of[m.root.head.i]]  # "Israeli prime minister X and energy minister Y"
            office = self.known_office(entry, title, states, date)
            if office is not None:
                state = entity_key(C.State, office.of) if len(office.of) == 3 and office.of.isupper() else None
                target = state if state in ents or state else None
                kind = office.kind if title is None or title.kind not in self.member_kinds else title.kind
                if target is None:
                    continue
                state_of[m.root.i] = target
                yield self.claim(person, self.kind_property[kind], target, m, office.role, conf, office)
                if target not in ents:
                    continue
            elif title is not None and (states or orgs):
                target = (states or orgs)[0]
                state_of[m.root.i] = target
                yield self.claim(person, self.kind_property[title.kind], target, m, title.role, conf - 0.1)
                if states and orgs and title.kind not in self.member_kinds:
                    yield self.claim(person, P.officialOf, orgs[0], m, title.role, conf - 0.2)
            elif title is not None and not states and not orgs:
                continue
            break
        # "BBC's Jonathan Marcus"
        for poss in (c for c in m.root.children if c.dep_ == "poss" and c.i in index):
            if index[poss.i][0].label_ in self.organizations:
                yield self.claim(person, P.memberOf, index[poss.i][0].kb_id_, m, "", 0.7)
        # "Soli Ozel of Istanbul's Kadir Has University", read off the words when the parse goes astray
        doc = m.doc
        if m.end < len(doc) and doc[m.end].lower_ in self.words.affiliation:
            for i in range(m.end + 1, min(m.end + 7, len(doc))):
                spans = index.get(i, [])
                if spans and spans[0].label_ in self.organizations:
                    yield self.claim(person, P.memberOf, spans[0].kb_id_, m, "", 0.7)
                    break
                if not (spans or doc[i].lower_ in self.words.affiliation_fillers or doc[i].pos_ == "PROPN"):
                    break
        # "Huseyin Bagci of the Foreign Policy Institute", "a senior fellow at the ECFR"
        for head in [m.root] + [c for c in m.root.children if c.dep_ == "appos"]:
            for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in self.words.affiliation):
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    if pobj.i in index and index[pobj.i][0].label_ in self.organizations:
                        yield self.claim(person, P.memberOf, index[pobj.i][0].kb_id_, m, "", 0.75)

    def known_office(self, entry, title: Title | None, states: list[str], date) -> Office | None:
        """The gazetteer office that fits the title and states on the article's date."""
        if entry is None:
            return None
        codes = {s.split("/", 1)[1] for s in states}
        day = date or dt.date.today()
        # news of the days after a term ends still names the office ("advisor John Bolton's resignation")
        fits = [
            o
            for o in entry.offices
            if (o.held_on(day) or (o.end is not None and o.end <= day <= o.end + OFFICE_GRACE))
            and (not codes or o.of in codes)
        ]
        if title is not None:
            named = [o for o in fits if o.role.lower() == title.role.lower()]
            leading = self.leader_kinds
            fits = named or (
                [o for o in fits if title.kind == o.kind or title.kind in leading]
                if title.kind not in self.member_kinds
                else []
            )
        return fits[0] if fits else None

    def claim(self, s: str, p: str, o: str, m: Span, role: str, conf: float, office: Office | None = None) -> Claim:
        sent = m.sent
        return Claim(
            s,
            p,
            o,
            sent.start_char,
            sent.end_char,
            sent.text.strip(),
            m.text,
            EXTRACTOR,
            conf,
            office=role or None,
            valid_from=office.start.isoformat() if office and office.start else None,
            valid_until=office.end.isoformat() if office and office.end else None,
        )


@Language.factory(
    "kg_offices",
    requires=["doc.spans"],
    assigns=["doc._.kg_claims"],
    default_config={"extra_gazetteers": [], "lexicons": []},
)
def make_offices(nlp: Language, name: str, extra_gazetteers: list[str], lexicons: list[str]) -> OfficeExtractor:
    """spaCy factory of :class:`OfficeExtractor`."""
    return OfficeExtractor(nlp, name, lexicons=lexicons, extra_gazetteers=extra_gazetteers)
