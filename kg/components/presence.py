"""Presence, visits and meetings told by circumstances rather than by a verb of their own.

Not a component: rules the relation extractor runs (:mod:`kg.components.relations`).  A
:class:`PresenceFinder` yields candidate relations,
``(subjects, property, objects, trigger, confidence)``, for

- an event noun in a circumstance of the clause, whose agent is the clause's subject:
  "During a visit to Nairobi, Ota praised Kenya" (visits), "after a series of meetings with
  Ota" (meetsWith), "India has been locked in a border standoff with China" (a stative
  passive: inConflictWith);
- a person placed abroad: "French President Macron in Berlin called for unity", "talks
  with Ukrainian officials in Jeddah" -- a visit, only when the text or the gazetteer says
  which state the person (or the talks' party) serves, and it is another state;
- "visiting X": "Blinken assured visiting Australian Foreign Minister Payne" -- Payne
  visits the place of the clause (or the subject's state) and meets the subject.

The words are the lexicon's (``lexicons/presence.toml``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from spacy.tokens import Span, Token

from ..gazetteer import Gazetteer, entity_key
from ..lexicons import Lexicon, Sense
from ..namespace import C, P
from ..ontology import sub_properties, subclasses
from ..records import Claim
from .mentions import Index, entities_at, is_state
from .syntax import subjects_of

__all__ = ["PresenceFinder", "is_premodifier"]

Candidate = tuple[list[str], str, list[str], Token, float]


def is_premodifier(verb: Token, index: Index, title_words: frozenset[str]) -> bool:
    """Whether a participle modifies the person named after it ("visiting Australian Foreign
    Minister Payne", "the visiting premier") rather than heading a clause ("while visiting
    Paris", "enjoyed visiting Paris")."""
    if verb.tag_ != "VBG" or any(c.dep_ in {"aux", "nsubj", "mark"} for c in verb.children):
        return False
    doc = verb.doc
    for i in range(verb.i + 1, min(verb.i + 9, len(doc))):
        spans = index.get(i)
        if spans and spans[0].label_ in subclasses(C.Person):
            return True
        t = doc[i]
        if not (spans or t.lower_ in title_words or (t.is_title and t.pos_ == "PROPN")):
            return False
    return False


class PresenceFinder:
    """Find visits and meetings from circumstance nouns, places and "visiting X"."""

    def __init__(self, lexicon: Lexicon, gazetteer: Gazetteer | None = None):
        self.words = words = lexicon.words
        self.gaz = gazetteer
        self.title_words = frozenset(w for t in lexicon.titles for w in t.words.split()) | words.title_fillers
        self.senses = {s.lemma: s for s in lexicon.senses if s.pos == "NOUN"}
        self.places = subclasses(C.Place)
        self.people = subclasses(C.Person)
        self.serving = sub_properties(P.leaderOf) | sub_properties(P.officialOf)
        self.circumstantial = words.visit_nouns | words.meeting_nouns | words.conversation_nouns
        self.cues = (
            words.visit_nouns
            | words.meeting_nouns
            | words.conversation_nouns
            | words.premodifying_verbs
            | words.presence_preps
            | words.base_nouns
            | words.motion_verbs
        )

    def at(self, tok: Token, index: Index, claims: Sequence[Claim] = ()) -> Iterator[Candidate]:
        """The candidates a cue word (one of :attr:`cues`) triggers."""
        lower = tok.lower_
        if tok.pos_ in {"NOUN", "PROPN"} and lower in self.circumstantial:
            yield from self.circumstance(tok, index)
        if tok.lower_ in self.words.premodifying_verbs and is_premodifier(tok, index, self.title_words):
            yield from self.visiting(tok, index, claims)
        if tok.dep_ == "prep" and lower in self.words.presence_preps:
            yield from self.placed(tok, index, claims)
        if tok.pos_ == "NOUN" and lower in self.words.base_nouns:
            yield from self.base(tok, index)
        if tok.pos_ == "VERB" and tok.lemma_.lower() in self.words.motion_verbs:
            yield from self.motion(tok, index, claims)

    # -- circumstance nouns ----------------------------------------------------------------
    def circumstance(self, noun: Token, index: Index) -> Iterator[Candidate]:
        """ "During a visit to Nairobi, Ota praised Kenya", "after a series of meetings with Ota",
        "locked in a border standoff with China": the clause's subject is the noun's agent."""
        if noun.lower_ in self.words.conversation_nouns:
            sense: Sense | None = Sense(noun.lower_, "NOUN", P.meetsWith, ("with", "between"))
        else:
            sense = self.senses.get(noun.lower_) or self.senses.get(noun.lemma_.lower())
        if sense is None or noun.i in index:
            return
        if any(
            c.dep_ in {"poss", "agent"} or (c.dep_ == "prep" and c.lower_ in self.words.by_agent) for c in noun.children
        ):
            return  # "Xi's visit", "a visit by Xi": the noun names its agent
        if any(c.dep_ in {"amod", "compound", "nmod"} and c.i in index for c in noun.children):
            return  # "a Chinese visit"
        slot = noun
        if (
            noun.dep_ == "pobj"
            and noun.head.lower_ in self.words.partitive
            and noun.head.head.lower_ in self.words.quantity_nouns
        ):
            slot = noun.head.head  # "a series of meetings with Ota"
        if slot.dep_ != "pobj" or slot.head.lower_ not in self.words.circumstance:
            return
        verb = slot.head.head
        if verb.pos_ not in {"VERB", "AUX"}:
            return
        subj_toks, passive = subjects_of(verb, self.words)
        if passive and verb.lemma_.lower() not in self.words.stative_passives:
            return
        agents = [k for t in subj_toks for k in entities_at(t, index, self.words)]
        targets = [
            k
            for prep in noun.children
            if prep.dep_ == "prep" and prep.lower_ in sense.preps
            for p in prep.children
            if p.dep_ == "pobj"
            for k in entities_at(p, index, self.words)
        ]
        if not targets and verb.lemma_.lower() in self.words.briefing_verbs:
            # "Sheinbaum told Trump in a phone conversation": whom the subject told
            targets = [
                k for c in verb.children if c.dep_ in {"dobj", "dative"} for k in entities_at(c, index, self.words)
            ]
        if agents and targets:
            yield agents, sense.property, targets, noun, 0.6

    # -- presence --------------------------------------------------------------------------
    def home_states(self, key: str, index: Index, claims: Sequence[Claim]) -> set[str]:
        """The states an actor serves or is: its own key for a state; for a person, the states of
        their office claims in the article, else of their offices in the gazetteer."""
        if is_state(key):
            return {key}
        out = {c.object for c in claims if c.subject == key and c.predicate in self.serving and is_state(c.object)}
        if not out and self.gaz is not None:
            entry = self.gaz.by_key(key)
            if entry is not None:
                out = {entity_key(C.State, o.of) for o in entry.offices if len(o.of) == 3 and o.of.isupper()}
                if entry.country:
                    out.add(entity_key(C.State, entry.country))
        return out

    def state_of_place(self, span: Span) -> str | None:
        if is_state(span.kb_id_):
            return span.kb_id_
        entry = self.gaz.by_key(span.kb_id_) if self.gaz is not None else None
        return entity_key(C.State, entry.country) if entry is not None and entry.country else None

    def placed(self, prep: Token, index: Index, claims: Sequence[Claim]) -> Iterator[Candidate]:
        """ "French President Macron in Berlin called ...", "talks with Ukrainian officials in
        Jeddah": a person (or the parties of talks) in a place of another state visits it."""
        where = [p for p in prep.children if p.dep_ == "pobj" and p.i in index]
        if not where:
            return
        place = index[where[0].i][-1] if is_state(index[where[0].i][-1].kb_id_) else index[where[0].i][0]
        if not (is_state(place.kb_id_) or place.label_ in self.places):
            return
        there = self.state_of_place(place)
        if there is None:
            # "in Jeddah, Saudi Arabia": the state in apposition to the place
            there = next(
                (
                    k
                    for c in where[0].children
                    if c.dep_ == "appos"
                    for k in entities_at(c, index, self.words)
                    if is_state(k)
                ),
                None,
            )
        if there is None:
            return
        head = prep.head
        visitors: list[str] = []
        if head.i in index and index[head.i][0].label_ in self.people:
            visitors = [index[head.i][0].kb_id_]
        elif head.lower_ in self.words.meeting_nouns:
            # "peace talks with Ukrainian officials in Jeddah": who held them, and with whom
            visitors = [
                k
                for c in head.children
                if c.dep_ == "prep" and c.lower_ in self.words.pairwise | {"with"}
                for p in c.children
                if p.dep_ == "pobj"
                for k in entities_at(p, index, self.words)
            ]
            light = head.head if head.dep_ in {"dobj", "pobj"} else None
            while light is not None and light.pos_ not in {"VERB", "AUX"} and light.head.i != light.i:
                light = light.head
            if light is not None and light.pos_ in {"VERB", "AUX"}:
                subj_toks, passive = subjects_of(light, self.words)
                if not passive:
                    visitors += [k for t in subj_toks for k in entities_at(t, index, self.words)]
        # the clause's mood is the visit's: "will meet Bush in Chile" is a plan
        clause = prep
        while clause.pos_ not in {"VERB", "AUX"} and clause.head.i != clause.i:
            clause = clause.head
        for v in dict.fromkeys(visitors):
            home = self.home_states(v, index, claims)
            if home and there not in home:
                yield [v], P.visits, [there], clause if clause.pos_ in {"VERB", "AUX"} else prep, 0.55

    def motion(self, verb: Token, index: Index, claims: Sequence[Claim]) -> Iterator[Candidate]:
        """ "Prince Charles and Princess Diana went to Saudi Arabia": a visit when the place is abroad
        (a person whose state is unknown goes abroad; "Iraq's top cleric went to Najaf" does not)."""
        subj_toks, passive = subjects_of(verb, self.words)
        if passive:
            return
        goers = [k for t in subj_toks for k in entities_at(t, index, self.words)]
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in self.words.motion_preps):
            for p in (x for x in prep.children if x.dep_ == "pobj" and x.i in index):
                place = index[p.i][-1] if is_state(index[p.i][-1].kb_id_) else index[p.i][0]
                if not (is_state(place.kb_id_) or place.label_ in self.places):
                    continue
                there = self.state_of_place(place)
                for g in goers:
                    home = self.home_states(g, index, claims)
                    person = g in self.person_keys(index)
                    if (home and there is not None and there not in home) or (not home and person):
                        yield [g], P.visits, [place.kb_id_], verb, 0.6

    @staticmethod
    def person_keys(index: Index) -> set[str]:
        return {s.kb_id_ for spans in index.values() for s in spans if s.label_ in subclasses(C.Person)}

    # -- "visiting X" ----------------------------------------------------------------------
    def visiting(self, verb: Token, index: Index, claims: Sequence[Claim]) -> Iterator[Candidate]:
        """ "In Washington, Blinken assured visiting Australian Foreign Minister Payne": Payne visits
        the place of the clause, and meets Blinken."""
        guest_tok = next(
            (c for c in verb.subtree if c.i > verb.i and c.i in index and index[c.i][0].label_ in self.people), None
        )
        if guest_tok is None:
            return
        guest = index[guest_tok.i][0].kb_id_
        clause = verb.head
        while clause.pos_ not in {"VERB", "AUX"} and clause.head.i != clause.i:
            clause = clause.head
        subj_toks, passive = subjects_of(clause, self.words)
        hosts = [] if passive else [k for t in subj_toks for k in entities_at(t, index, self.words)]
        if hosts:
            yield hosts, P.meetsWith, [guest], verb, 0.6
        places = [
            k
            for prep in clause.children
            if prep.dep_ == "prep" and prep.lower_ in self.words.presence_preps
            for p in prep.children
            if p.dep_ == "pobj" and p.i in index
            for k in entities_at(p, index, self.words)
            if is_state(k)
        ]
        if not places:
            places = sorted({s for h in hosts for s in self.home_states(h, index, claims)})
        home = self.home_states(guest, index, claims)
        places = [p for p in places if p not in home]
        if places:
            yield [guest], P.visits, places[:1], verb, 0.55

    # -- bases abroad ----------------------------------------------------------------------
    def base(self, noun: Token, index: Index) -> Iterator[Candidate]:
        """ "Incirlik is a U.S. air base", "Ramstein, a U.S. air base", "Russia's naval base in Tartus",
        "Washington has a naval base in Bahrain": a state's base in another state is a deployment there."""
        owners = [
            k
            for c in noun.children
            if c.dep_ in {"poss", "compound", "amod", "nmod"} and c.i in index
            for k in entities_at(c, index, self.words)
            if is_state(k)
        ]
        if not owners and noun.dep_ == "dobj" and noun.head.lemma_.lower() in self.words.holding_verbs:
            subj_toks, passive = subjects_of(noun.head, self.words)
            owners = [] if passive else [k for t in subj_toks for k in entities_at(t, index, self.words) if is_state(k)]
        if not owners:
            return
        holder = [noun.head] if noun.dep_ == "dobj" and noun.head.lemma_.lower() in self.words.holding_verbs else []
        sites: list[Token] = [
            p
            for prep in [*noun.children, *(c for h in holder for c in h.children)]
            if prep.dep_ == "prep" and prep.lower_ in self.words.base_sites
            for p in prep.children
            if p.dep_ == "pobj" and p.i in index
        ]
        if noun.dep_ == "attr":
            sites += [c for c in noun.head.children if c.dep_ == "nsubj" and c.i in index]  # "Incirlik is a U.S. base"
        if noun.dep_ == "appos" and noun.head.i in index:
            sites.append(noun.head)  # "Ramstein, a U.S. air base"
        targets: list[str] = []
        for site in sites:
            span = index[site.i][-1] if is_state(index[site.i][-1].kb_id_) else index[site.i][0]
            there = self.state_of_place(span) if (is_state(span.kb_id_) or span.label_ in self.places) else None
            if there is not None and there not in owners:
                targets.append(span.kb_id_)
        if targets:
            yield owners, P.deploysForcesTo, list(dict.fromkeys(targets)), noun, 0.6
