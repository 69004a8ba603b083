"""Where a verb's object hides when the parse does not hang it on the verb.

Not a component: pure functions over a parsed ``Doc`` that the verb rules of
:mod:`kg.components.triggers` share.  Each catches one parse shape:

- a prepositional object hung on the direct object ("donated vaccines to the Philippines");
- object control parsed as a clause ("allowed the opposition leader to hold a rally");
- the target of a demand two phrases down ("urged an end to the fight between A and B");
- a question, not a request ("asked if the offer stood");
- a verbal attack ("attacked the senator for his remarks" criticizes).

The words are the lexicon's (``verbs.toml``, ``prepositions.toml``, ``stance.toml``).
"""

from __future__ import annotations

import functools

from spacy.tokens import Token

from ..lexicons import Sense, Words
from ..namespace import C
from ..ontology import subclasses
from .mentions import Index, entities_at
from .syntax import OBJECTS

__all__ = ["clausal_objects", "demanded_of", "is_question", "nested_targets", "object_pps", "verbal_attack"]


def _pobjs(tok: Token, preps: frozenset[str] | tuple[str, ...]) -> list[Token]:
    return [
        p
        for prep in tok.children
        if prep.dep_ == "prep" and prep.lower_ in preps
        for p in prep.children
        if p.dep_ == "pobj"
    ]


def object_pps(objs: list[Token], sense: Sense, index: Index, words: Words) -> list[Token]:
    """ "donated vaccines to the Philippines", "shared evidence with Washington": the sense's
    prepositional object, hung on a direct object that names no actor."""
    if not sense.preps or sense.needs_object:
        return []
    # a topic may name an actor: "discussed Iran's programme with Paris"
    return [p for o in objs if sense.prep_only or not entities_at(o, index, words) for p in _pobjs(o, sense.preps)]


def clausal_objects(verb: Token, words: Words) -> list[Token]:
    """ "Islamabad allowed the opposition leader to hold the rally", parsed with "leader" the
    subject of a clause: the object of an object-control verb.  Not for a participle ("a pact
    allowing the two countries to deploy forces"), whose doer the parse does not show."""
    if verb.lemma_ not in words.object_control or verb.tag_ == "VBG" or any(c.dep_ in OBJECTS for c in verb.children):
        return []
    return [
        x
        for c in verb.children
        if c.dep_ == "ccomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        for x in c.children
        if x.dep_ == "nsubj"
    ]


def nested_targets(objs: list[Token], index: Index, words: Words) -> list[Token]:
    """ "urged an end to the tariff fight between Ottawa and Canberra": the parties named two
    phrases below a demanded thing that is no actor."""
    out: list[Token] = []
    for o in objs:
        if entities_at(o, index, words):
            continue
        for p in _pobjs(o, words.object_of_noun):
            if entities_at(p, index, words):
                continue
            # "between A and B", "by A", "from A" -- not "charges of collaboration with Iran"
            out += _pobjs(p, words.pairwise | words.by_agent | words.demand_source)
    return out


def demanded_of(verb: Token, index: Index, words: Words) -> list[Token]:
    """ "asked for Bolton's resignation", "pushed for expansion by Bonn and Tokyo": whoever must
    do what is asked for, named as its owner or agent (not "for support on the Iraq issue")."""
    out: list[Token] = []
    for p in _pobjs(verb, words.asked_for):
        if p.i in index:
            continue  # "asked for Britain" asks on Britain's behalf
        out += [c for c in p.children if c.dep_ == "poss" and c.pos_ != "PRON"]
        out += _pobjs(p, words.by_agent)
    return out


def is_question(verb: Token, words: Words) -> bool:
    """ "was asked if the offer stood", "asked whether Rome would join": a question, not a request."""
    return verb.lemma_ in words.question_verbs and any(
        m.dep_ == "mark" and m.lower_ in words.question_marks
        for c in verb.children
        if c.dep_ in {"ccomp", "advcl"}
        for m in c.children
    )


def verbal_attack(verb: Token, subjects: list[str], objects: list[str], classes: dict[str, str], words: Words) -> bool:
    """ "attacked the newspaper for its coverage", "verbally attacked the minister": words, not force.

    The attack is verbal when the verb has a "verbally"-like adverb, a "for" reason ("for
    refusing", "for its coverage"), or a person or party as subject and a person, party or
    company as object ("the senator attacked the governor"); armed actors attack with force.
    """
    if verb.lemma_ not in words.verbal_attack_verbs:
        return False
    if any(c.dep_ == "advmod" and c.lower_ in words.verbal_adverbs for c in verb.children):
        return True
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in words.reason_preps):
        for x in prep.children:
            if x.dep_ == "pcomp" and x.tag_ == "VBG":
                return True  # "for refusing to support"
            if x.dep_ == "pobj" and any(c.dep_ == "poss" for c in x.children):
                return True  # "for its coverage"
    speakers, targets = _speech_classes()
    return (
        bool(subjects and objects)
        and all(classes.get(k) in speakers for k in subjects)
        and all(classes.get(k) in targets for k in objects)
    )


@functools.cache
def _speech_classes() -> tuple[frozenset[str], frozenset[str]]:
    """Who attacks with words (people, parties) and whom (people, parties, companies, news media)."""
    speakers = subclasses(C.Person) | {C.PoliticalParty}
    return frozenset(speakers), frozenset(speakers | subclasses(C.Company) | subclasses(C.NewsAgency))
