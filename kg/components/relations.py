"""Typed, directed relations from verbs and nouns, with polarity, modality and evidence.

Verbal predicates ("North Korea criticized Macron") with subjects, objects and
prepositional arguments, through passives, coordination, relative clauses, control and
reported speech; nominal forms ("North Korea's support for Russia", "military
cooperation between A and B", "a meeting with Shoigu"); relational nouns ("Saudi Arabia,
a close ally of Egypt").  The lexicon (``lexicons/relations.jsonl``) maps lemmas and
prepositions to ontology properties; a user extends it by adding lines.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.attrs import POS
from spacy.language import Language
from spacy.parts_of_speech import AUX, NOUN, PROPN, VERB
from spacy.tokens import Doc, Span, Token

from ..lexicons import read_jsonl
from ..ontology import event_properties, fits
from ..records import Claim
from .arguments import (
    OBJECTS,
    Qualifier,
    agent_of,
    conjuncts,
    entities_at,
    event_date,
    mention_index,
    qualify,
    subjects_of,
)
from .attributes import token_ids

EXTRACTOR = "kg.relations"
# The parts of speech a predicate can be: verbs, and nouns ("sanctions on", "a close ally of").
WORD_CLASSES = frozenset({VERB, AUX, NOUN, PROPN})
# Verbs whose object noun carries the relation, the verb's subject being its agent:
# "pledged support to Russia", "held talks with", "imposed sanctions on".
LIGHT_VERBS = {
    "pledge",
    "express",
    "offer",
    "voice",
    "reiterate",
    "provide",
    "give",
    "extend",
    "announce",
    "impose",
    "hold",
    "pay",
    "make",
    "launch",
    "carry",
    "conduct",
    "confirm",
    "strengthen",
    "deepen",
    "enhance",
    "level",
    "issue",
    "lodge",
    "step",
    "continue",
    "increase",
    "expand",
    "boost",
    "show",
    "declare",
    "have",
    "begin",
    "start",
    "resume",
    "renew",
    "wage",
    "mount",
    "stage",
    "commit",
    "seek",
    "receive",
}
# Properties whose object is a treaty, a forum or event; claims of other types are dropped.
OBJECT_CLASSES = {
    "signs": {"Treaty"},
    "partyTo": {"Treaty"},
    "attends": {"Forum", "Event", "Conflict"},
}
NON_ACTORS = {"Place", "Treaty", "Forum", "Event", "Conflict", "Group"}
PLACE_OBJECTS = {
    "concedesTo",
    "coerces",
    "protestsAgainst",
    "locatedIn",
    "visits",
    "attacks",
    "invades",
    "deploysForcesTo",
    "withdrawsFrom",
    "hosts",
    "mobilizesAgainst",
}
EVENT_OBJECTS = {"attends", "locatedIn", "supports", "opposes", "criticizes", "condemns", "praises", "partyTo"}
SYMMETRIC_NOUN_PREPS = {"between", "among"}
# Prepositions that set a meeting or cooperation as the circumstance of another act.
CIRCUMSTANCE = {"during", "after", "before", "following", "in", "at", "amid", "through", "for"}
TROOPS = {"troops", "forces", "soldiers", "personnel", "military"}
# Properties whose object may be named inside the thing demanded, threatened or rejected.
DIRECTIVE = {"urges", "demands", "threatens", "warns", "rejects", "opposes", "accuses"}
PROTEST_VERBS = {"protest", "demonstrate", "rally", "riot", "march", "block", "blockade", "strike", "picket", "occupy"}
PROTEST_NOUNS = {
    "strike",
    "demonstration",
    "demonstrations",
    "protest",
    "protests",
    "rally",
    "rallies",
    "march",
    "sit-in",
    "boycott",
    "riot",
    "riots",
    "roads",
    "road",
}
SAY_DEMAND = {"say", "insist", "state", "declare", "announce", "tell", "conclude", "stress", "urge"}
OBJECT_NOUN_PREPS = {"against", "on", "to", "with", "from", "by", "for", "of"}


@dataclass(frozen=True)
class Sense:
    """One lexicon line: a lemma (and particle) meaning a property, with its object prepositions."""

    lemma: str
    pos: str
    property: str
    preps: tuple[str, ...] = ()
    particle: str | None = None
    needs_object: tuple[str, ...] = ()
    relational: bool = False
    inverse: bool = False  # "the Quad consists of Japan ...": the object is the subject of the property
    complement: str = (
        ""  # "always": the complement's arguments are the object; "unknown": only when it says nothing itself
    )


def load_senses(name: str = "relations.jsonl") -> list[Sense]:
    return [
        Sense(
            r["lemma"],
            r["pos"],
            r["property"],
            tuple(r.get("preps", ())),
            r.get("particle"),
            tuple(r.get("needs_object", ())),
            bool(r.get("relational")),
            bool(r.get("inverse")),
            r.get("complement", ""),
        )
        for r in read_jsonl(name)
    ]


class RelationExtractor:
    """Find relation triggers and their arguments; append :class:`~kg.records.Claim` records."""

    def __init__(self, senses: list[Sense]):
        self.verbs: dict[str, list[Sense]] = {}
        self.nouns: dict[str, Sense] = {}
        for s in senses:
            if s.pos == "VERB":
                self.verbs.setdefault(s.lemma, []).append(s)
            else:
                self.nouns.setdefault(s.lemma, s)
        props = event_properties()
        self.symmetric = {name for name, p in props.items() if p.symmetric}

    def __call__(self, doc: Doc) -> Doc:
        index = mention_index(doc)
        classes = {k: e.cls for k, e in doc._.kg_entities.items()}
        claims = doc._.kg_claims
        seen = {(c.subject, c.predicate, c.object, c.start) for c in claims}
        article = doc._.kg_article
        date = article.date if article is not None else None
        for i in token_ids(doc, POS, WORD_CLASSES):
            tok = doc[i]
            if tok.pos_ in {"VERB", "AUX"} or (tok.pos_ == "NOUN" and tok.tag_.startswith("VB")):
                found = list(self.verbal(tok, index)) + list(self.deontic(tok, index)) + list(self.purpose(tok, index))
            elif tok.pos_ in {"NOUN", "PROPN"}:
                found = list(self.nominal(tok, index))
            else:
                continue
            self.emit(doc, found, index, classes, date, claims, seen)
        self.emit(doc, self.settings(doc, index), index, classes, date, claims, seen)
        return doc

    def emit(self, doc, found, index, classes, date, claims, seen) -> None:
        for subj, prop, obj, trigger, conf in found:
            for claim in self.claims(doc, subj, prop, obj, trigger, conf, index, classes, date):
                k = (claim.subject, claim.predicate, claim.object, claim.start)
                if k not in seen:
                    seen.add(k)
                    claims.append(claim)

    # -- verbs ---------------------------------------------------------------------------
    def senses_of(self, verb: Token) -> list[Sense]:
        senses = self.verbs.get(verb.lemma_.lower(), [])
        particles = {c.lower_ for c in verb.children if c.dep_ in {"prt", "prep"}}
        out = []
        for s in senses:
            if s.particle and s.particle not in particles:
                continue
            if s.needs_object:
                objs = {c.lower_ for c in verb.children if c.dep_ in OBJECTS} | {
                    c.lower_ for p in verb.children if p.dep_ == "prep" for c in p.children
                }
                if not objs & set(s.needs_object):
                    continue
            out.append(s)
        # A particle sense wins over the bare verb ("call on" over "call").
        return [s for s in out if s.particle] or out

    def verbal(self, verb: Token, index) -> Iterator[tuple[list[str], str, list[str], Token, float]]:
        for sense in self.senses_of(verb):
            subj_toks, passive = subjects_of(verb)
            objs: list[Token] = [c for c in verb.children if c.dep_ in OBJECTS]
            if sense.property == "protestsAgainst" and objs:
                continue  # "to demonstrate the Quad's strength" shows, it does not protest
            preps = [c for c in verb.children if c.dep_ in {"prep", "dative"}]
            prep_objs = [
                p
                for prep in preps
                if prep.lower_ in sense.preps or prep.lower_ == sense.particle
                for p in prep.children
                if p.dep_ == "pobj"
            ]
            if sense.property not in self.symmetric:
                # "fired shells at targets in Jericho", "lifted a blockade on lorries in Gaza"
                prep_objs += [
                    x
                    for p in list(prep_objs) + [o for o in objs if o.i not in index]
                    if not entities_at(p, index)
                    for q in p.children
                    if q.dep_ == "prep" and q.lower_ in {"in", "of", "on", "near"}
                    for x in q.children
                    if x.dep_ == "pobj"
                ]
            if sense.needs_object:
                # "send troops to Russia": the object names the means, the preposition the target.
                prep_objs += [
                    x
                    for o in objs
                    for q in o.children
                    if q.dep_ == "prep" and q.lower_ in sense.preps
                    for x in q.children
                    if x.dep_ == "pobj"
                ]
                objs = [c for c in verb.children if c.dep_ == "dative"]
            if sense.property in DIRECTIVE:
                # "demanded an admission by Moscow", "threatened action against Russia"
                for o in list(objs):
                    if not entities_at(o, index):
                        prep_objs += [
                            p
                            for prep in o.children
                            if prep.dep_ == "prep" and prep.lower_ in OBJECT_NOUN_PREPS
                            for p in prep.children
                            if p.dep_ == "pobj"
                        ]
                if not prep_objs and not any(entities_at(o, index) for o in objs):
                    # "refusing admittance to Ghanaians"
                    prep_objs += [
                        p
                        for prep in preps
                        if prep.lower_ in {"to", "against", "on", "with"}
                        for p in prep.children
                        if p.dep_ == "pobj"
                    ]
                if not any(entities_at(o, index) for o in objs + prep_objs):
                    # "demanded that the US cancel ...": the subject of the demanded act
                    prep_objs += [
                        x
                        for c in verb.children
                        if c.dep_ == "ccomp"
                        for x in c.children
                        if x.dep_ in {"nsubj", "nsubjpass"}
                    ]
            if sense.property in DIRECTIVE or sense.complement:
                # "demanded the removal of President X", "threatened to break relations with Russia"
                pass
            if sense.complement and not passive:
                comp = [c for c in verb.children if c.dep_ == "xcomp" and c.pos_ in {"VERB", "AUX"}]
                for c in comp:
                    if sense.complement == "unknown" and (
                        self.senses_of(c) or any(x.dep_ == "neg" for x in c.children)
                    ):
                        continue
                    inner = [x for x in c.children if x.dep_ in OBJECTS]
                    inner += [
                        p
                        for prep in c.children
                        if prep.dep_ in {"prep", "dative"}
                        for p in prep.children
                        if p.dep_ == "pobj"
                    ]
                    for x in inner:
                        prep_objs.append(x)
                        if not entities_at(x, index):
                            prep_objs += [
                                p
                                for prep in x.children
                                if prep.dep_ == "prep" and prep.lower_ in OBJECT_NOUN_PREPS
                                for p in prep.children
                                if p.dep_ == "pobj"
                            ]
            if passive:
                agents = agent_of(verb)
                subjects = [k for t in agents for k in entities_at(t, index)]
                objects = [k for t in subj_toks for k in entities_at(t, index)]
            else:
                subjects = [k for t in subj_toks for k in entities_at(t, index)]
                objects = [k for t in objs + prep_objs for k in entities_at(t, index)]
            if not objects and not passive and sense.property in self.symmetric:
                # "Kim and Shoigu met", "Greece and Cyprus cooperate": pairs among the subjects.
                for i, a in enumerate(subjects):
                    for b in subjects[i + 1 :]:
                        yield [a], sense.property, [b], verb, 0.7
                continue
            conf = 0.8 if verb.dep_ not in {"conj", "xcomp", "relcl", "acl", "advcl"} else 0.7
            if sense.complement == "unknown" and not any(c.dep_ == "xcomp" for c in verb.children) and objs:
                # "pledged tanks to Ukraine", "offered aid to Sudan": giving, not agreeing
                yield subjects, "supports", [k for t in prep_objs for k in entities_at(t, index)], verb, conf
                continue
            if subjects and objects:
                if sense.inverse:
                    subjects, objects = objects, subjects
                yield subjects, sense.property, objects, verb, conf

    def purpose(self, verb: Token, index) -> Iterator[tuple[list[str], str, list[str], Token, float]]:
        """ "students staged demonstrations to demand reforms by Suharto's government": a protest aimed at
        whoever the demand is aimed at."""
        objs = {c.lemma_.lower() for c in verb.children if c.dep_ in OBJECTS}
        if not (verb.lemma_ in PROTEST_VERBS or objs & PROTEST_NOUNS):
            return
        for comp in (c for c in verb.children if c.dep_ in {"xcomp", "advcl"}):
            for sense in self.senses_of(comp):
                if sense.property not in DIRECTIVE:
                    continue
                for subjects, _prop, targets, _t, conf in self.verbal(comp, index):
                    yield subjects, "protestsAgainst", targets, verb, conf - 0.1

    def deontic(self, verb: Token, index) -> Iterator[tuple[list[str], str, list[str], Token, float]]:
        """ "Russia said that Sudan must return the helicopter": a demand on Sudan."""
        if verb.lemma_ not in SAY_DEMAND:
            return
        subj_toks, passive = subjects_of(verb)
        if passive:
            return
        subjects = [k for t in subj_toks for k in entities_at(t, index)]
        for comp in (c for c in verb.children if c.dep_ == "ccomp"):
            aux = {c.lower_ for c in comp.children if c.dep_ == "aux"}
            if aux & {"must", "should"}:
                objects = [k for x in comp.children if x.dep_ in {"nsubj", "nsubjpass"} for k in entities_at(x, index)]
                if subjects and objects:
                    yield subjects, "demands", objects, verb, 0.6

    # -- nouns ---------------------------------------------------------------------------
    def nominal(self, noun: Token, index) -> Iterator[tuple[list[str], str, list[str], Token, float]]:
        sense = self.nouns.get(noun.lower_) or self.nouns.get(noun.lemma_.lower())
        if sense is None:
            if noun.lower_ in TROOPS and noun.i in index:
                yield from self.troops(noun, index)
            return
        if noun.i in index:
            return
        if sense.relational:
            yield from self.relational(noun, sense, index)
            return
        agents: list[str] = []
        for c in noun.children:
            if c.dep_ == "poss":
                agents += entities_at(c, index)
            elif c.dep_ in {"amod", "compound", "nmod"} and c.i < noun.i:
                # "Turkish offensive", "Philippines-China partnership", "Washington-led war"
                agents += [k for x in c.subtree if x.i in index for k in entities_at(x, index)]
            if c.dep_ == "prep" and c.lower_ == "by":
                agents += [k for p in c.children if p.dep_ == "pobj" for k in entities_at(p, index)]
        # "the North's troop deployment": the possessor of the compound head.
        if noun.dep_ == "compound":
            agents += [k for c in noun.head.children if c.dep_ == "poss" for k in entities_at(c, index)]
        agents = list(dict.fromkeys(agents))
        head = noun
        if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.dep_ in {"dobj", "attr"}:
            head = noun.head.head  # "launched ten days of war games", "held two rounds of talks"
        if not agents and head.dep_ in {"dobj", "attr"} and head.head.lemma_ in LIGHT_VERBS:
            subj_toks, passive = subjects_of(head.head)
            if not passive:
                agents = [k for t in subj_toks for k in entities_at(t, index)]
        if (
            not agents
            and sense.property in self.symmetric
            and noun.dep_ == "pobj"
            and noun.head.lower_ in CIRCUMSTANCE
            and noun.head.head.pos_ in {"VERB", "AUX"}
        ):
            # "made these statements during a meeting with Shoigu", "in cooperation with Iraqi forces"
            subj_toks, passive = subjects_of(noun.head.head)
            if not passive:
                agents = [k for t in subj_toks for k in entities_at(t, index)]
        targets: list[str] = []
        pairs: list[str] = []
        heads = [noun] + ([noun.head] if noun.dep_ == "compound" else [])
        for h in heads:
            for prep in (c for c in h.children if c.dep_ == "prep"):
                pobjs = [p for p in prep.children if p.dep_ == "pobj"]
                if prep.lower_ in SYMMETRIC_NOUN_PREPS:
                    pairs += [k for p in pobjs for k in entities_at(p, index)]
                elif prep.lower_ in sense.preps:
                    for p in pobjs:
                        found = entities_at(p, index)
                        if not found:
                            # "an investigation into crimes committed by Croat forces"
                            found = [
                                k
                                for acl in p.children
                                if acl.dep_ == "acl"
                                for ag in acl.children
                                if ag.dep_ == "agent"
                                for x in ag.children
                                if x.dep_ == "pobj"
                                for k in entities_at(x, index)
                            ]
                        if not found:
                            # "restrictions on flights to Cuba"
                            found = [
                                k
                                for q in p.children
                                if q.dep_ == "prep" and q.lower_ in {"to", "from", "in", "of", "by", "against", "with"}
                                for x in q.children
                                if x.dep_ == "pobj"
                                for k in entities_at(x, index)
                            ]
                        targets += found
        nxt = noun.doc[noun.i + 1] if noun.i + 1 < len(noun.doc) else None
        if (
            not targets
            and nxt is not None
            and nxt.dep_ == "prep"
            and nxt.lower_ in sense.preps
            and nxt.head.i != noun.i
        ):
            # The parser often hangs "to Russia" on an earlier noun: "remarks regarding the deployment to Russia".
            targets += [k for p in nxt.children if p.dep_ == "pobj" for k in entities_at(p, index)]
        if not targets and sense.property in DIRECTIVE:
            # "its demand that Israel ease restrictions"
            clauses = [c for c in noun.children if c.dep_ in {"ccomp", "acl"}]
            if noun.dep_ == "dobj":
                clauses += [c for c in noun.head.children if c.dep_ == "ccomp"]
            targets += [
                k
                for c in clauses
                for x in c.children
                if x.dep_ in {"nsubj", "nsubjpass"}
                for k in entities_at(x, index)
            ]
        if len(pairs) >= 2:
            for i, a in enumerate(pairs):
                for b in pairs[i + 1 :]:
                    yield [a], sense.property, [b], noun, 0.7
        if agents and targets:
            yield agents, sense.property, targets, noun, 0.65
        elif len(agents) >= 2 and sense.property in self.symmetric and not targets:
            # "North Korea-Russia military cooperation", "U.S.-Japan alliance"
            for i, a in enumerate(agents):
                for b in agents[i + 1 :]:
                    yield [a], sense.property, [b], noun, 0.6

    def troops(self, noun: Token, index) -> Iterator[tuple[list[str], str, list[str], Token, float]]:
        """ "5000 U.S. troops now in the country", "Coalition forces are in Iraq"."""
        owners = entities_at(noun, index)
        heads = [noun]
        if noun.dep_ == "nsubj" and noun.head.lemma_ in {"be", "remain", "stay", "arrive"}:
            heads.append(noun.head)
        if noun.dep_ == "attr" and noun.head.lemma_ == "be":
            heads.append(noun.head)
        for h in heads:
            for prep in (c for c in h.children if c.dep_ == "prep" and c.lower_ in {"in", "to", "into"}):
                places = [k for p in prep.children if p.dep_ == "pobj" for k in entities_at(p, index)]
                if owners and places:
                    yield owners, "deploysForcesTo", places, noun, 0.6

    def relational(self, noun: Token, sense: Sense, index) -> Iterator[tuple[list[str], str, list[str], Token, float]]:
        """ "X, a close ally of Y", "Y's rival X", "another key Egyptian ally, France", "X is an ally of Y"."""
        of = [
            k
            for c in noun.children
            if c.dep_ == "prep" and c.lower_ in sense.preps
            for p in c.children
            if p.dep_ == "pobj"
            for k in entities_at(p, index)
        ]
        owner = of + [k for c in noun.children if c.dep_ == "poss" for k in entities_at(c, index)]
        owner += [
            k for c in noun.children if c.dep_ in {"amod", "compound"} and c.i in index for k in entities_at(c, index)
        ]
        referent: list[str] = []
        if noun.dep_ == "appos":
            referent = entities_at(noun.head, index)
        elif noun.dep_ == "attr":
            referent = [k for c in noun.head.children if c.dep_ == "nsubj" for k in entities_at(c, index)]
        elif noun.dep_ == "compound" and noun.head.i in index:
            referent = entities_at(noun.head, index)
            # "Turkey's rival Greece": the possessor may hang on the name
            owner += [k for c in noun.head.children if c.dep_ == "poss" for k in entities_at(c, index)]
        for c in noun.children:
            if c.dep_ == "appos":
                referent += entities_at(c, index)
        if owner and referent:
            yield referent, sense.property, owner, noun, 0.7

    # -- forums and events ------------------------------------------------------------------
    def settings(self, doc: Doc, index) -> Iterator[tuple[list[str], str, list[str], Token, float]]:
        """ "a keynote address at the Shangri-La forum" -> attends; "the forum in Singapore" -> locatedIn."""
        for m in doc.spans.get("kg_mentions", []):
            if m.label_ not in {"Forum", "Event", "Conflict"}:
                continue
            root = m.root
            for prep in (c for c in root.children if c.dep_ == "prep" and c.lower_ in {"in", "at"}):
                places = [k for p in prep.children if p.dep_ == "pobj" for k in entities_at(p, index)]
                if places:
                    yield [m.kb_id_], "locatedIn", places, prep, 0.7
            if root.dep_ == "pobj" and root.head.lower_ in {"at", "during", "for", "to"}:
                v, hops = root.head.head, 0
                while hops < 5 and not (
                    v.pos_ in {"VERB", "AUX"} and any(c.dep_ in {"nsubj", "nsubjpass"} for c in v.children)
                ):
                    if v.head.i == v.i:
                        break
                    v, hops = v.head, hops + 1
                subj_toks, passive = subjects_of(v) if v.pos_ in {"VERB", "AUX"} else ([], False)
                if not passive:
                    subjects = [k for t in subj_toks for k in entities_at(t, index)]
                    if subjects:
                        yield subjects, "attends", [m.kb_id_], v, 0.6

    # -- claims --------------------------------------------------------------------------
    def claims(
        self,
        doc: Doc,
        subjects: list[str],
        prop: str,
        objects: list[str],
        trigger: Token,
        conf: float,
        index,
        classes: dict[str, str],
        date,
    ) -> Iterator[Claim]:
        q: Qualifier = qualify(trigger, index)
        sent: Span = trigger.sent
        when = event_date(trigger, date)
        attributed = q.attributed_to[0] if q.attributed_to else None
        for s in subjects:
            for o in objects:
                if s == o or "|" in s or "|" in o:
                    continue
                p = prop
                if prop == "attends" and classes.get(o) not in {"Forum", "Event", "Conflict", None}:
                    p = "partyTo" if classes.get(o) == "Treaty" else "memberOf"
                if not fits(p, classes.get(s), classes.get(o)):
                    continue
                if p in self.symmetric and o < s:
                    s2, o2 = o, s
                else:
                    s2, o2 = s, o
                yield Claim(
                    s2,
                    p,
                    o2,
                    sent.start_char,
                    sent.end_char,
                    sent.text.strip(),
                    trigger.text,
                    EXTRACTOR,
                    conf,
                    q.polarity,
                    q.modality,
                    q.attribution,
                    attributed,
                    when,
                )

    @staticmethod
    def fits(prop: str, s_cls: str | None, o_cls: str | None) -> bool:
        """Coarse domain and range checks that keep "Asia visits ..." out."""
        if s_cls is None or o_cls is None:
            return False
        want = OBJECT_CLASSES.get(prop)
        if want is not None:
            return o_cls in want and s_cls not in NON_ACTORS
        if prop == "locatedIn":
            return o_cls in {"Place", "State"}
        if prop == "memberOf":
            return o_cls not in {"Place", "State", "Person", "Event", "Conflict", "Group"} and s_cls not in {
                "Place",
                "Event",
            }
        if s_cls in NON_ACTORS and not (prop == "attacks" and s_cls in {"Event", "Conflict"}):
            return False
        if o_cls == "Place" and prop not in PLACE_OBJECTS:
            return False
        return not (o_cls in {"Event", "Conflict"} and prop not in EVENT_OBJECTS)


@Language.factory(
    "kg_relations",
    requires=["doc.spans", "token.dep"],
    assigns=["doc._.kg_claims"],
    default_config={"lexicon": "relations.jsonl"},
)
def make_relations(nlp: Language, name: str, lexicon: str) -> RelationExtractor:
    """spaCy factory of :class:`RelationExtractor`."""
    return RelationExtractor(load_senses(lexicon))


__all__ = ["RelationExtractor", "Sense", "load_senses", "make_relations", "conjuncts"]
