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
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..gazetteer import Office, entity_key
from ..lexicons import Title
from ..namespace import C, P
from ..ontology import parts_of, sub_properties, subclasses
from ..records import Claim, Entity
from .attributes import GAZETTEER, MENTIONS, part_of_map
from .base import DataComponent
from .mentions import Index, conjuncts, is_state, mention_index
from .title_phrases import (
    coordinated_title_phrase,
    copular_phrase,
    left_phrase,
    posted_to,
    right_phrase,
    title_head_phrase,
)

__all__ = ["OfficeExtractor", "make_offices"]

EXTRACTOR = "kg.offices"
# How long after a term ends the news still names the holder by the office.
OFFICE_GRACE = dt.timedelta(days=30)


@dataclass(frozen=True)
class Phrase:
    """What a title phrase names: its title, and the states, organizations and parties in it."""

    title: Title | None
    states: list[str]
    orgs: list[str]
    parties: list[str]
    owned: frozenset[str] = frozenset()  # organizations named as a state's: "Peru's foreign ministry"


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
        self.party_leading = self.leader_kinds & words.party_leading_kinds  # "Labour leader X" leads the party
        self.legislating = words.legislator_kinds  # "Sen. X": a member of the legislature of the party's state
        self.institutional = words.institution_kinds  # "a professor at Korea University": never of a state
        self.state_leading = sub_properties(P.leaderOf) - {P.leaderOf}  # heads of state or government
        self.parties = subclasses(C.PoliticalParty)
        self.organizations = subclasses(C.Organization) - self.parties
        self.bodies = parts_of(C.State)  # bodies of a state: part of it
        # "Peru's Ministry of Foreign Affairs" is a body of the state even where no class says so
        self.body_heads = frozenset(b.head.lower() for b in self.lexicon.bodies if b.means != "group")

    def __call__(self, doc: Doc) -> Doc:
        self.ready()
        index = mention_index(doc)
        ents = doc._.kg_entities
        article = doc._.kg_article
        date = article.date if article is not None else None
        claims = doc._.kg_claims
        seen = set()
        state_of: dict[int, str] = {}
        title_of: dict[int, Title] = {}
        persons = sorted((m for m in doc.spans.get(MENTIONS, []) if m.label_ == C.Person), key=lambda m: m.start)
        for m in persons:
            for claim in self.person_claims(m, index, ents, date, state_of, title_of):
                k = (claim.subject, claim.predicate, claim.object)
                if k not in seen:
                    seen.add(k)
                    claims.append(claim)
        # "Republicans like Ron DeSantis", "Democrats such as Nancy Pelosi"
        for m in doc.spans.get(MENTIONS, []):
            if m.label_ in self.parties:
                for claim in self.party_examples(m, index):
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

    def phrases(self, m: Span, index: Index) -> list[tuple[list[Token], float]]:
        """The phrases that may hold a person's title, in the order they are tried."""
        words, titles = self.words, self.title_words
        return [
            (left_phrase(m, index, titles), 0.9),
            (right_phrase(m), 0.85),
            (title_head_phrase(m, index, titles), 0.85),
            (copular_phrase(m, words), 0.8),
        ]

    @staticmethod
    def before_name(phrase: list[Token], m: Span) -> bool:
        """Whether a phrase is the name's own left modifiers ("Foreign Minister X"), the title
        directly before the name."""
        return bool(phrase) and m.start - 1 <= phrase[-1].i < m.end

    def phrase_title(self, phrase: list[Token], m: Span) -> Title | None:
        """The title of a phrase.  Before the name, the one nearest the name; elsewhere a title
        that holds the phrase's head ("the Secretary of Transportation"; "an ally of President X"
        is no president)."""
        if self.before_name(phrase, m):
            return self.match_title(phrase)[0]
        inside = {t.i for t in phrase}
        at_head = next((n for n, t in enumerate(phrase) if t.head.i not in inside or t.head.i == t.i), None)
        if at_head is None:
            return None
        words = [t.lower_ for t in phrase]
        for n in range(min(self.longest, len(words)), 0, -1):
            for start in range(max(0, at_head - n + 1), min(at_head, len(words) - n) + 1):
                found = self.titles.get(tuple(words[start : start + n]))
                if found:
                    return found
        return None

    def read_phrase(self, phrase: list[Token], m: Span, index: Index, ents) -> Phrase:
        """The title, states, organizations and parties a title phrase names.

        A state's demonym counts even where the model made it part of another name ("said
        Turkish Presidential Advisor Mesut Casin"); where the holder is posted ("ambassador to
        Japan") counts only when nothing else is named."""
        title = self.phrase_title(phrase, m)
        doc = phrase[0].doc
        inside = {t.i for t in phrase}
        part_of = part_of_map(doc)
        posted = posted_to(phrase, self.title_words, self.words)
        states: list[str] = []
        orgs: list[str] = []
        parties: list[str] = []
        owned: set[str] = set()
        own_body: set[str] = set()  # organizations that are no part of a state: a title there is theirs
        for t in phrase:
            spans = index.get(t.i)
            if not spans:
                continue
            first, last = spans[0], spans[-1]
            if is_state(last.kb_id_):
                states.append(last.kb_id_)
            elif first.kb_id_ in part_of:
                states.append(part_of[first.kb_id_])
            if first.label_ in self.parties:
                # not "Christian Democrat X" nor "Democratic Unionist leader X": a party of its own
                before = doc[first.start - 1] if first.start > 0 else None
                after = doc[first.end] if first.end < len(doc) else None
                if not any(
                    x is not None
                    and x.i in inside
                    and x.is_title
                    and x.i not in index
                    and x.lower_ not in self.title_words
                    for x in (before, after)
                ):
                    parties.append(first.kb_id_)
            elif first.label_ in self.organizations and not self.posting(first):
                orgs.append(first.kb_id_)
                if first.label_ not in self.bodies and first.root.lower_ not in self.body_heads:
                    own_body.add(first.kb_id_)
                if any(
                    c.dep_ == "poss" and c.i in index and is_state(index[c.i][-1].kb_id_) for c in first.root.children
                ):
                    owned.add(first.kb_id_)
        for g in doc.spans.get(GAZETTEER, []):
            if g.start in inside and g.start not in index and is_state(g.kb_id_):
                states.append(self.add_entity(g.kb_id_, ents) or "")
        states = [s for s in dict.fromkeys(states) if s]
        orgs = list(dict.fromkeys(orgs))
        if title is not None and title.kind not in self.leader_kinds:
            orgs = [o for o in orgs if not self.portfolio(o)]  # not "Federal Labor leader X"
        if posted:
            kept_states = [s for s in states if not self.named_in(s, posted, phrase, index)]
            kept_orgs = [o for o in orgs if not self.named_in(o, posted, phrase, index)]
            if kept_states or kept_orgs:
                states, orgs = kept_states, kept_orgs
        if title is not None and own_body & set(orgs):
            # "president of Cameroon's Poultry Farmers Association", "the Japan chair at Hudson
            # Institute", "director of the Berlin-based Carnegie Center": the office is the
            # organization's; the states in the phrase say where it is or what it studies
            states = []
        return Phrase(title, states, orgs, list(dict.fromkeys(parties)), frozenset(owned))

    def portfolio(self, key: str) -> bool:
        """A name the model made of a portfolio: "Labour" in "Labour minister X", "EC Agriculture"."""
        if self.gaz.by_key(key) is not None:
            return False
        return key.rsplit("-", 1)[-1].rsplit("/", 1)[-1] in self.words.portfolio_words

    def posting(self, org: Span) -> bool:
        """An organization where its neighbour's title holder is posted: "U.N. ambassador X"."""
        doc = org.doc
        return org.end < len(doc) and doc[org.end].lower_ in self.words.posting_titles

    @staticmethod
    def named_in(key: str, toks: set[int], phrase: list[Token], index: Index) -> bool:
        return any(t.i in toks and any(key == s.kb_id_ for s in index.get(t.i, ())) for t in phrase)

    def add_entity(self, key: str, ents) -> str | None:
        """Make sure the gazetteer entity ``key`` is among the doc's entities."""
        e = self.gaz.by_key(key)
        if e is None:
            return None
        if key not in ents:
            ents[key] = Entity(e.key, e.type, e.label, e.wikidata, iso2=e.iso2, iso3=e.iso3)
        return key

    def person_claims(
        self, m: Span, index, ents, date: dt.date | None, state_of: dict[int, str], title_of: dict[int, Title]
    ) -> Iterator[Claim]:
        """The offices and affiliations of one person's mention.  ``state_of`` and ``title_of`` keep
        the state and title found for each name, which a coordinated name may share."""
        person = m.kb_id_
        entry = self.gaz.by_key(person)
        phrases = [([t for t in p if not t.is_punct], conf) for p, conf in self.phrases(m, index)]
        read = [(self.read_phrase(p, m, index, ents), p, conf) for p, conf in phrases if p]
        for ph, phrase, _ in read:
            if ph.title is not None and self.before_name(phrase, m):
                title_of[m.root.i] = ph.title
        shared = title_of.get(m.root.head.i) if m.root.dep_ == "conj" else None
        if shared is not None and not any(ph.title for ph, _, _ in read):
            # "Foreign ministers Mauro Vieira of Brazil and Ahmed Attaf of Algeria": the title is both
            states, orgs = self.of_after(m, index)
            if states or orgs:
                read.append((Phrase(shared, states, orgs, []), [m.root], 0.8))
        party_country: list[str] = []
        for ph, _phrase, conf in read:
            # "Republican Senator Tom Harlan", "Laura Finch, a Texas Democrat", "Labour leader X"
            for party in ph.parties:
                prop = P.leaderOf if ph.title is not None and ph.title.kind in self.party_leading else P.memberOf
                yield self.claim(person, prop, party, m, "", conf - 0.1)
                e = self.gaz.by_key(party)
                if e is not None and e.country and self.add_entity(entity_key(C.State, e.country), ents):
                    party_country.append(entity_key(C.State, e.country))
        for ph, phrase, conf in read:
            title, states, orgs = ph.title, ph.states, ph.orgs
            if title is None and not states and not orgs:
                continue
            if title is None and not {t.lower_ for t in phrase} & self.words.counterpart_words and not states:
                continue
            if title is not None and not states and not orgs and self.before_name(phrase, m):
                # "Queen Astrid of Belgium", "President Ruiz of Chile": the state after the name
                states, orgs = self.of_after(m, index)
            inherit = m.root.head.i if m.root.dep_ == "conj" and m.root.head.i in state_of else None
            if inherit is None and phrase[0].i >= 2 and self.before_name(phrase, m):
                # by the words when the parse goes astray: "Cypriot president X and energy minister Y"
                before = m.doc[phrase[0].i - 2]
                inherit = before.i if m.doc[phrase[0].i - 1].dep_ == "cc" and before.i in state_of else None
            if not states and inherit is not None and not self.known_office(entry, title, [], date):
                states = [state_of[inherit]]  # "Israeli prime minister X and energy minister Y"
            if not states and title is not None and title.kind in self.legislating and party_country:
                states = party_country[:1]  # "Sen. John Lowe, a Vermont Democrat": a member of its congress
            former = any(t.lower_ in self.words.former_words for t in phrase)
            office = None if former else self.known_office(entry, title, states, date)
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
                # a fellow or professor belongs to an institution, never to a state
                targets = orgs if title.kind in self.institutional else states or orgs
                if not targets:
                    continue
                state_of[m.root.i] = targets[0]
                prop = self.kind_property[title.kind]
                if not is_state(targets[0]) and prop in self.state_leading:
                    prop = P.leaderOf  # "Commission President X" leads the commission, no state
                yield self.claim(person, prop, targets[0], m, title.role, conf - 0.1)
                if states and orgs and title.kind not in self.member_kinds and orgs[0] not in ph.owned:
                    yield self.claim(person, P.officialOf, orgs[0], m, title.role, conf - 0.2)
            elif title is not None and not states and not orgs:
                continue
            break
        # "Haifa University geostrategy expert and former Israeli security official, X": the first title too
        first = [t for t in coordinated_title_phrase(m, index, self.title_words) if not t.is_punct]
        if first:
            ph = self.read_phrase(first, m, index, ents)
            targets = ph.orgs if ph.title is None or ph.title.kind in self.institutional else ph.states or ph.orgs
            if ph.title is not None and targets:
                prop = self.kind_property[ph.title.kind]
                prop = P.leaderOf if not is_state(targets[0]) and prop in self.state_leading else prop
                yield self.claim(person, prop, targets[0], m, ph.title.role, 0.75)
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

    def party_examples(self, party: Span, index: Index) -> Iterator[Claim]:
        """ "Republicans like Ron DeSantis": the people given as examples of a party are its members."""
        for prep in (c for c in party.root.children if c.dep_ == "prep" and c.lower_ in self.words.example_preps):
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                for t in conjuncts(pobj, self.words):
                    spans = index.get(t.i)
                    if spans and spans[0].label_ == C.Person:
                        yield self.claim(spans[0].kb_id_, P.memberOf, party.kb_id_, spans[0], "", 0.7)

    def of_after(self, m: Span, index: Index) -> tuple[list[str], list[str]]:
        """The states and organizations in an "of" phrase right after a titled name."""
        states: list[str] = []
        orgs: list[str] = []
        for prep in (c for c in m.root.children if c.dep_ == "prep" and c.lower_ in self.words.state_of_body):
            for pobj in (c for c in prep.children if c.dep_ == "pobj" and c.i in index):
                span = index[pobj.i][-1]
                if is_state(span.kb_id_):
                    states.append(span.kb_id_)
                elif index[pobj.i][0].label_ in self.organizations:
                    orgs.append(index[pobj.i][0].kb_id_)
        return states, orgs

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
