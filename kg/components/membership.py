"""Membership from noun phrases and founding verbs: the rules of memberOf beyond "X is a member of Y".

Not a component: rules the relation extractor runs (:mod:`kg.components.relations`).
A :class:`MembershipFinder` yields candidate relations,
``(subjects, property, objects, trigger, confidence)``, for

- "France and other EU countries", "Hungary and other NATO members": every conjunct
  before the group is a member of the organization that modifies it;
- "EU member states Hungary and Slovakia": the states named after "ORG member states";
- accession: "Croatia's accession to the European Union", "since the entry of Chile into
  the OECD" -- only where the phrase presupposes that the entry took place (the subject
  of a verb, or after "since", "following", ...), not where it is sought or opposed
  ("Moscow opposes Ukraine's entry into NATO");
- founding: "Mali, Niger and Chad created a bloc known as the Sahel Alliance": states
  that found an intergovernmental organization are its members;
- a relational noun the tagger read as an adjective: "Turkey's rival Greece".

The words are the lexicon's (``lexicons/membership.toml``), the classes the ontology's.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from spacy.tokens import Token

from ..lexicons import Lexicon, Sense
from ..namespace import C, P
from ..ontology import subclasses
from ..records import Claim
from .mentions import Index, entities_at, first_conjunct, is_state
from .syntax import OBJECTS, subjects_of

__all__ = ["MembershipFinder"]

Candidate = tuple[list[str], str, list[str], Token, float]
# Where a relation of state sits as the subject of its sentence, or after a preposition that
# presupposes it: "Croatia's accession to the EU changed trade", "since the entry of Chile".
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


class MembershipFinder:
    """Find memberships stated by noun phrases and founding verbs."""

    def __init__(self, lexicon: Lexicon):
        self.words = words = lexicon.words
        self.organizations = subclasses(C.Organization)
        self.forces = subclasses(C.ArmedForces)  # "troops, led by General X": he commands, not leads them
        self.igos = subclasses(C.IntergovernmentalOrganization)
        self.treaties = subclasses(C.Treaty)
        # relational nouns the tagger may read as adjectives: "Turkey's rival Greece"
        self.relational: dict[str, Sense] = {s.lemma: s for s in lexicon.senses if s.pos == "NOUN" and s.relational}
        self.cues = (
            words.member_groups
            | words.accession_nouns
            | words.founding_forms
            | words.leading_verbs
            | frozenset(self.relational)
        )

    def at(self, tok: Token, index: Index, claims: Sequence[Claim] = ()) -> Iterator[Candidate]:
        """The candidates a cue word (one of :attr:`cues`) triggers."""
        lower = tok.lower_
        if tok.pos_ in {"NOUN", "PROPN"} and lower in self.words.member_groups:
            yield from self.other_members(tok, index)
            yield from self.member_states(tok, index)
        if tok.pos_ == "NOUN" and lower in self.words.accession_nouns:
            yield from self.accession(tok, index)
        if tok.pos_ == "VERB" and tok.lemma_.lower() in self.words.founding_forms:
            yield from self.founding(tok, index)
        if tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.lemma_.lower() in self.words.leading_verbs:
            yield from self.led_by(tok, index)
        if tok.pos_ == "ADJ" and tok.dep_ == "amod" and lower in self.relational:
            yield from self.relational_adjective(tok, self.relational[lower], index)

    def org_of(self, noun: Token, index: Index) -> list[str]:
        """The organization a group noun is of: "other EU countries", "NATO member states"."""
        out: list[str] = []
        for c in noun.children:
            if c.dep_ in {"compound", "nmod", "amod", "poss"} and c.i < noun.i:
                for x in c.subtree:
                    spans = index.get(x.i)
                    if spans and spans[0].label_ in self.organizations:
                        out.append(spans[0].kb_id_)
        return list(dict.fromkeys(out))

    def other_members(self, noun: Token, index: Index) -> Iterator[Candidate]:
        """ "France and other EU countries": the conjuncts before the group are members too."""
        other = self.words.fellow_words
        if noun.dep_ != "conj" or not any(c.dep_ == "amod" and c.lower_ in other for c in noun.children):
            return
        orgs = self.org_of(noun, index)
        first = first_conjunct(noun)
        members = [
            k
            for t in [first, *(c for c in first.subtree if c.dep_ == "conj" and c.i < noun.i)]
            if t.i in index
            for k in entities_at(t, index, self.words, depth=1)
        ]
        if orgs and members:
            yield list(dict.fromkeys(members)), P.memberOf, orgs, noun, 0.65

    def member_states(self, noun: Token, index: Index) -> Iterator[Candidate]:
        """ "EU member states Hungary and Slovakia": the names after "ORG member states"."""
        if not any(c.lower_ in self.words.member_words and c.dep_ == "compound" for c in noun.children):
            return
        orgs = self.org_of(noun, index) or [
            k for c in noun.children if c.lower_ in self.words.member_words for k in self.org_of(c, index)
        ]
        named = [c for c in noun.children if c.dep_ == "appos" and c.i in index]
        if noun.dep_ == "compound" and noun.head.i in index:
            named.append(noun.head)
        if not named and noun.i + 1 < len(noun.doc) and noun.i + 1 in index:
            named.append(noun.doc[noun.i + 1])  # the parser often takes the name for a second subject
        members = [k for t in named for k in entities_at(t, index, self.words) if is_state(k)]
        if orgs and members:
            yield members, P.memberOf, orgs, noun, 0.65

    def accession(self, noun: Token, index: Index) -> Iterator[Candidate]:
        """ "Croatia's accession to the EU", "the entry of Chile into the OECD"."""
        if not (noun.dep_ in SUBJECT_DEPS or (noun.dep_ == "pobj" and noun.head.lower_ in self.words.presupposing)):
            return
        joiners: list[str] = []
        targets: list[tuple[str, str]] = []
        for c in noun.children:
            if c.dep_ == "poss":
                joiners += entities_at(c, index, self.words)
            elif c.dep_ == "prep" and c.lower_ in self.words.accession_of:
                joiners += [k for p in c.children if p.dep_ == "pobj" for k in entities_at(p, index, self.words)]
            elif c.dep_ == "prep" and c.lower_ in self.words.accession_into:
                for p in (x for x in c.children if x.dep_ == "pobj" and x.i in index):
                    targets.append((index[p.i][0].kb_id_, index[p.i][0].label_))
        for key, cls in targets:
            if cls in self.organizations:
                yield joiners, P.memberOf, [key], noun, 0.65
            elif cls in self.treaties:
                yield joiners, P.partyTo, [key], noun, 0.65

    def founding(self, verb: Token, index: Index) -> Iterator[Candidate]:
        """ "Mali, Niger and Chad created a bloc known as the Sahel Alliance"."""
        subj_toks, passive = subjects_of(verb, self.words)
        if passive:
            return
        founders = [k for t in subj_toks for k in entities_at(t, index, self.words) if is_state(k)]
        if not founders:
            return
        orgs: list[str] = []
        for obj in (c for c in verb.children if c.dep_ in OBJECTS):
            spans = index.get(obj.i)
            if spans and spans[0].label_ in self.igos:
                orgs.append(spans[0].kb_id_)
                continue
            # "a bloc known as the East African Community": the noun says it is a union of states
            if obj.lower_ not in self.words.bloc_nouns:
                continue
            for acl in (c for c in obj.children if c.dep_ == "acl" and c.lemma_.lower() in self.words.naming_verbs):
                for x in acl.subtree:
                    spans = index.get(x.i)
                    if spans and (spans[0].label_ in self.igos or spans[0].label_ == C.Organization):
                        orgs.append(spans[0].kb_id_)
                        break
        if orgs:
            yield founders, P.memberOf, list(dict.fromkeys(orgs)), verb, 0.65

    def led_by(self, verb: Token, index: Index) -> Iterator[Candidate]:
        """ "NATO, led by Secretary General Mark Rutte", "the ECOWAS bloc, headed by Nigeria"."""
        head = verb.head
        orgs = [
            k
            for k in entities_at(head, index, self.words)
            if (span := self.span_of(k, head, index)) is not None
            and span.label_ in self.organizations
            and span.label_ not in self.forces
        ]
        leaders = [
            k
            for agent in verb.children
            if agent.dep_ == "agent"
            for p in agent.children
            if p.dep_ == "pobj"
            for k in entities_at(p, index, self.words)
        ]
        if orgs and leaders:
            yield leaders, P.leaderOf, orgs, verb, 0.65

    @staticmethod
    def span_of(key: str, tok: Token, index: Index):
        """The mention of ``key`` in the phrase of ``tok``."""
        for t in tok.subtree:
            for span in index.get(t.i, ()):
                if span.kb_id_ == key:
                    return span
        return None

    def relational_adjective(self, adj: Token, sense: Sense, index: Index) -> Iterator[Candidate]:
        """ "Turkey's rival Greece": a relational noun tagged as an adjective of the name."""
        head = adj.head
        if head.i not in index:
            return
        owner = [k for c in head.children if c.dep_ == "poss" for k in entities_at(c, index, self.words)]
        referent = [k for k in entities_at(head, index, self.words) if k not in owner]
        if owner and referent:
            yield referent, sense.property, owner, adj, 0.65
