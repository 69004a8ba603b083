"""Forums and events: who attends and hosts them, and where they take place.

Not a component: rules the relation extractor runs (:mod:`kg.components.relations`),
over forums and events the article names (a :class:`~kg.namespace.C` ``Forum`` or
``Event`` mention).  A :class:`GatheringFinder` yields candidate relations,
``(subjects, property, objects, trigger, confidence)``, for

- a forum that gathers people from states: "The G20 summit brought together leaders
  from Laos, Cambodia and Myanmar" (attends);
- a forum one speaks at, addresses or briefs: "Speaking on the sidelines of the
  Shangri-La Dialogue, X said", "X addressed the summit" (attends);
- its host: "Japan hosted/held/convened the G7 summit with A and B" (hosts; the partners
  attend), "host nation Kenya", "Kenya, the summit's host" (hosts the forum of the
  sentence, or the last one named), "host city Osaka" (the forum is located there);
- where it takes place: "the conference, which takes place in Munich", "the summit will be
  held in Lima" (locatedIn, as a fact: a forum's venue does not wait for its date).

The words are the lexicon's (``lexicons/gatherings.toml``), the classes the ontology's.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from spacy.tokens import Doc, Span, Token

from ..lexicons import Lexicon
from ..namespace import C, P
from ..ontology import subclasses
from ..records import Claim
from .attributes import MENTIONS
from .mentions import Index, entities_at, is_state
from .syntax import OBJECTS, SUBJECTS, subjects_of

__all__ = ["GatheringFinder"]

Candidate = tuple[list[str], str, list[str], Token, float]


class GatheringFinder:
    """Find the attendees, hosts and venues of the forums and events an article names."""

    def __init__(self, lexicon: Lexicon):
        self.words = words = lexicon.words
        self.gatherings = subclasses(C.Forum) | subclasses(C.Event)
        self.places = subclasses(C.Place)
        self.gathering_lemmas = words.gathering_verbs | words.particle_gathering_verbs
        self.cues = (
            words.gathering_verbs
            | words.particle_gathering_verbs
            | words.addressing_verbs
            | words.hosting_verbs
            | words.setting_nouns
            | words.host_nouns
            | words.venue_verbs
        )

    def forum_at(self, tok: Token, index: Index) -> Span | None:
        """The forum or event mention a token is part of."""
        spans = index.get(tok.i)
        return next((s for s in spans if s.label_ in self.gatherings), None) if spans else None

    def at(self, tok: Token, index: Index, claims: Sequence[Claim] = ()) -> Iterator[Candidate]:
        """The candidates a cue word (one of :attr:`cues`) triggers."""
        lemma, lower = tok.lemma_.lower(), tok.lower_
        if tok.pos_ in {"VERB", "AUX"}:
            if lemma in self.gathering_lemmas:
                yield from self.gathering(tok, index)
            if lemma in self.words.addressing_verbs:
                yield from self.addressing(tok, index)
            if lemma in self.words.hosting_verbs:
                yield from self.hosting(tok, index)
            if lemma in self.words.venue_verbs:
                yield from self.venue(tok, index)
        elif tok.pos_ in {"NOUN", "PROPN"}:
            if lower in self.words.setting_nouns:
                yield from self.sidelines(tok, index)
            if lower in self.words.host_nouns:
                yield from self.host_noun(tok, index)

    # -- attendance ------------------------------------------------------------------------
    def gathering(self, verb: Token, index: Index) -> Iterator[Candidate]:
        """ "The G20 summit brought together leaders from Laos and Cambodia", "the forum drew
        ministers from 40 states": the people gathered attend."""
        subj_toks, passive = subjects_of(verb, self.words)
        forums = [f for t in subj_toks if (f := self.forum_at(t, index)) is not None]
        if passive or not forums:
            return
        if verb.lemma_.lower() in self.words.particle_gathering_verbs and not any(
            c.lower_ in self.words.gathering_particles for c in verb.children
        ):
            return  # "brought" alone is not "brought together"
        people_nouns = self.words.collective | self.words.groups
        people = [
            k
            for o in verb.children
            if o.dep_ in OBJECTS and (o.i in index or o.lower_ in people_nouns)
            for k in entities_at(o, index, self.words)
        ]
        if people:
            yield people, P.attends, [forums[0].kb_id_], verb, 0.65

    def addressing(self, verb: Token, index: Index) -> Iterator[Candidate]:
        """ "X addressed the summit", "X told the conference that ..."."""
        forums = [f for o in verb.children if o.dep_ in OBJECTS if (f := self.forum_at(o, index)) is not None]
        if not forums:
            return
        subj_toks, passive = subjects_of(verb, self.words)
        if passive:
            return
        speakers = [k for t in subj_toks for k in entities_at(t, index, self.words)]
        if speakers:
            yield speakers, P.attends, [forums[0].kb_id_], verb, 0.65

    def sidelines(self, noun: Token, index: Index) -> Iterator[Candidate]:
        """ "Speaking on the sidelines of the Shangri-La Dialogue, X said": X attends."""
        forum = next(
            (
                f
                for prep in noun.children
                if prep.dep_ == "prep" and prep.lower_ in self.words.setting_of
                for p in prep.children
                if p.dep_ == "pobj" and (f := self.forum_at(p, index)) is not None
            ),
            None,
        )
        if forum is None or noun.dep_ != "pobj":
            return
        v, hops = noun.head.head, 0
        while hops < 5 and not (v.pos_ in {"VERB", "AUX"} and any(c.dep_ in SUBJECTS for c in v.children)):
            if v.head.i == v.i:
                break
            v, hops = v.head, hops + 1
        if v.pos_ not in {"VERB", "AUX"}:
            return
        subj_toks, passive = subjects_of(v, self.words)
        if not passive:
            people = [k for t in subj_toks for k in entities_at(t, index, self.words)]
            if people:
                yield people, P.attends, [forum.kb_id_], noun, 0.6

    # -- hosts -----------------------------------------------------------------------------
    def hosting(self, verb: Token, index: Index) -> Iterator[Candidate]:
        """ "Japan hosted the G7 summit with A and B", "Peru held the exercise": the subject hosts,
        the partners attend."""
        objects = [o for o in verb.children if o.dep_ in OBJECTS and self.forum_at(o, index) is not None]
        if not objects:
            return
        subj_toks, passive = subjects_of(verb, self.words)
        if passive:
            return
        hosts = [k for t in subj_toks for k in entities_at(t, index, self.words)]
        forum_span = self.forum_at(objects[0], index)
        assert forum_span is not None
        forum = forum_span.kb_id_
        if hosts:
            yield hosts, P.hosts, [forum], verb, 0.65
        # "held the exercise with Chile": the parser hangs "with" on the verb or on the forum
        partners = [
            k
            for prep in [*verb.children, *forum_span.root.children]
            if prep.dep_ == "prep" and prep.lower_ in self.words.hosting_partners
            for p in prep.children
            if p.dep_ == "pobj"
            for k in entities_at(p, index, self.words)
        ]
        if partners:
            yield partners, P.attends, [forum], verb, 0.6

    def host_noun(self, noun: Token, index: Index) -> Iterator[Candidate]:
        """ "host nation Kenya", "Osaka, the host city", "Kenya, the summit's host"."""
        named: list[Token] = []
        head = noun
        if noun.dep_ == "compound" and noun.head.lower_ not in self.words.host_nouns:
            head = noun.head  # "host nation Kenya": "host" modifies "nation"
            if head.i in index:
                named.append(head)  # "host Kenya"
        if head.dep_ == "compound" and head.head.i in index:
            named.append(head.head)  # "host nation Kenya"
        if head.dep_ == "appos" and head.head.i in index:
            named.append(head.head)  # "Kenya, the host nation"
        named += [c for c in head.children if c.dep_ == "appos" and c.i in index]
        if not named:
            return
        forum = self.forum_of(noun, index)
        if forum is None:
            return
        hosts = [k for t in named for k in entities_at(t, index, self.words)]
        places = [index[t.i][0].kb_id_ for t in named if index[t.i][0].label_ in self.places]
        actors = [k for k in hosts if k not in places]
        if actors:
            yield actors, P.hosts, [forum], noun, 0.6
        if places:
            yield [forum], P.locatedIn, places, noun, 0.6

    def forum_of(self, noun: Token, index: Index) -> str | None:
        """The forum a host noun is of: its possessor ("the summit's host"), one in its sentence,
        else the last one named before it."""
        for c in noun.children:
            if c.dep_ == "poss" and (f := self.forum_at(c, index)) is not None:
                return f.kb_id_
        doc: Doc = noun.doc
        spans = [m for m in doc.spans.get(MENTIONS, []) if m.label_ in self.gatherings and m.start < noun.sent.end]
        inside = [m for m in spans if m.start >= noun.sent.start]
        if inside:
            return inside[0].kb_id_
        before = [m for m in spans if m.end <= noun.sent.start]
        return max(before, key=lambda m: m.start).kb_id_ if before else None

    # -- venues ----------------------------------------------------------------------------
    def venue(self, verb: Token, index: Index) -> Iterator[Candidate]:
        """ "the conference, which takes place in Munich", "the summit will be held in Lima"."""
        if verb.lemma_.lower() in self.words.place_taking and not any(
            c.dep_ in OBJECTS and c.lower_ in self.words.place_words for c in verb.children
        ):
            return  # "take" names a venue only as "take place"
        subj_toks, passive = subjects_of(verb, self.words)
        if verb.lemma_.lower() not in self.words.place_taking and not passive:
            return  # "X held the summit in Lima" is the host's act (see hosting)
        forums = [f for t in subj_toks if (f := self.forum_at(t, index)) is not None]
        if not forums:
            return
        for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in self.words.venue):
            places = [
                k
                for p in prep.children
                if p.dep_ == "pobj"
                for k in entities_at(p, index, self.words)
                if is_state(k) or (p.i in index and index[p.i][0].label_ in self.places)
            ]
            if places:
                # the venue holds whatever the date: "will take place in Lima" is where it is
                yield [forums[0].kb_id_], P.locatedIn, places, prep, 0.65
