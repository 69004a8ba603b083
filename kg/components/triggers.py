"""Relation triggers and their arguments: the verbs and nouns that state a relation.

Not a component: the rules of :class:`~kg.components.relations.RelationExtractor`.  A
:class:`TriggerFinder` reads the relation senses (``lexicons/relations.toml``), the
property rules (``lexicons/properties.toml``) and the word lists, and yields candidate
relations, ``(subjects, property, objects, trigger, confidence)``, that the extractor
turns into claims:

- verbs ("North Korea criticized Macron") with subjects, objects and prepositional
  arguments, through passives, coordination, relative clauses, control and reported speech;
- nouns ("North Korea's support for Russia", "military cooperation between A and B",
  "a meeting with Shoigu") and relational nouns ("Saudi Arabia, a close ally of Egypt");
- troops somewhere, protests staged to demand something, reported obligations, and the
  place and attendees of forums and events.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.parts_of_speech import AUX, NOUN, PROPN, VERB
from spacy.tokens import Doc, Token

from ..lexicons import Lexicon, PropertyRule, Sense
from ..namespace import C, P
from ..ontology import event_properties, subclasses
from .attributes import MENTIONS
from .mentions import Index, entities_at, first_conjunct
from .objects import clausal_objects, demanded_of, is_question, nested_targets, object_pps, verbal_attack
from .presence import is_premodifier
from .syntax import OBJECTS, agent_of, subjects_of

__all__ = ["Candidate", "TriggerFinder", "WORD_CLASSES"]

# The parts of speech a predicate can be: verbs, and nouns ("sanctions on", "a close ally of").
WORD_CLASSES = frozenset({VERB, AUX, NOUN, PROPN})
UNKNOWN = "unknown"  # a sense whose complement counts only when the verb names no object itself
NO_RULE = PropertyRule()
# (subject keys, property, object keys, trigger, confidence)
Candidate = tuple[list[str], str, list[str], Token, float]


class TriggerFinder:
    """Find relation triggers and their arguments, by the senses and words of a lexicon."""

    def __init__(self, lexicon: Lexicon):
        self.words = lexicon.words
        self.properties = lexicon.properties
        self.verbs: dict[str, list[Sense]] = {}
        self.nouns: dict[str, Sense] = {}
        for s in lexicon.senses:
            if s.pos == "VERB":
                self.verbs.setdefault(s.lemma, []).append(s)
            elif s.pos == "NOUN":
                self.nouns.setdefault(s.lemma, s)
        self.symmetric = {name for name, p in event_properties().items() if p.symmetric}
        self.title_words = frozenset(w for t in lexicon.titles for w in t.words.split()) | self.words.title_fillers
        self.gatherings = subclasses(C.Forum) | subclasses(C.Event)
        self.parties = subclasses(C.PoliticalParty)

    @staticmethod
    def classes(doc: Doc) -> dict[str, str]:
        """Entity key -> ontology class, for the entities of a doc."""
        return {k: e.cls for k, e in doc._.kg_entities.items()}

    def rule(self, prop: str) -> PropertyRule:
        """How the rules treat ``prop`` (``lexicons/properties.toml``)."""
        return self.properties.get(prop, NO_RULE)

    def at(self, tok: Token, index: Index) -> list[Candidate]:
        """The candidate relations a token of one of :data:`WORD_CLASSES` triggers."""
        if tok.pos_ in {"VERB", "AUX"} or (tok.pos_ == "NOUN" and tok.tag_.startswith("VB")):
            return list(self.verbal(tok, index)) + list(self.deontic(tok, index)) + list(self.purpose(tok, index))
        if tok.pos_ in {"NOUN", "PROPN"}:
            return list(self.nominal(tok, index))
        return []

    # -- verbs ---------------------------------------------------------------------------
    def senses_of(self, verb: Token) -> list[Sense]:
        senses = self.verbs.get(verb.lemma_.lower(), [])
        particles = {c.lower_ for c in verb.children if c.dep_ in {"prt", "prep"}}
        out = []
        for s in senses:
            if s.particle and s.particle not in particles:
                continue
            if particles & set(s.not_with_preps):
                continue  # "welcomed the two leaders at a lakeside villa" greets, it does not praise
            if s.needs_object:
                objs = {c.lower_ for c in verb.children if c.dep_ in OBJECTS} | {
                    c.lower_ for p in verb.children if p.dep_ == "prep" for c in p.children
                }
                if not objs & set(s.needs_object):
                    continue
            out.append(s)
        # A particle sense wins over the bare verb ("call on" over "call").
        return [s for s in out if s.particle] or out

    def verbal(self, verb: Token, index: Index) -> Iterator[Candidate]:
        if verb.lower_ in self.words.premodifying_verbs and is_premodifier(verb, index, self.title_words):
            return  # "assured visiting Minister X": X visits (kg.components.presence), not the subject

        def actor(t: Token) -> bool:
            return bool(entities_at(t, index, self.words))

        for sense in self.senses_of(verb):
            subj_toks, passive = subjects_of(verb, self.words, actor)
            objs: list[Token] = [c for c in verb.children if c.dep_ in OBJECTS] or clausal_objects(verb, self.words)
            if self.rule(sense.property).intransitive and objs:
                continue  # "to demonstrate the Quad's strength" shows, it does not protest
            if self.rule(sense.property).directive and is_question(verb, self.words):
                continue  # "asked if the offer stood" is a question
            preps = [c for c in verb.children if c.dep_ in {"prep", "dative"}]
            prep_objs = [
                p
                for prep in preps
                if prep.lower_ in sense.preps or prep.lower_ == sense.particle
                for p in prep.children
                if p.dep_ == "pobj"
            ]
            prep_objs += object_pps(objs, sense, index, self.words)
            topic = sense.prep_only and bool(objs)
            if sense.prep_only:
                objs = []  # "discussed Iran's programme with Paris": the programme is the topic
            # "Bolivia pulled out of the accord": the parser hangs "of" on the particle "out"
            prep_objs += [
                p
                for prep in preps
                if sense.particle and prep.lower_ == sense.particle and any(c.dep_ == "nsubj" for c in verb.children)
                for q in prep.children
                if q.dep_ == "prep" and q.lower_ in sense.preps
                for p in q.children
                if p.dep_ == "pobj"
            ]
            if sense.property not in self.symmetric:
                # "fired shells at targets in Jericho", "lifted a blockade on lorries in Gaza"
                prep_objs += [
                    x
                    for p in list(prep_objs) + [o for o in objs if o.i not in index]
                    if not entities_at(p, index, self.words)
                    for q in p.children
                    if q.dep_ == "prep" and q.lower_ in self.words.nested_target
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
            if self.rule(sense.property).directive:
                # "demanded an admission by Moscow", "threatened action against Russia"
                for o in list(objs):
                    if not entities_at(o, index, self.words):
                        prep_objs += [
                            p
                            for prep in o.children
                            if prep.dep_ == "prep" and prep.lower_ in self.words.object_of_noun
                            for p in prep.children
                            if p.dep_ == "pobj"
                        ]
                if not any(entities_at(p, index, self.words) for p in prep_objs):
                    prep_objs += nested_targets(objs, index, self.words)  # "urged an end to the fight between A and B"
                    prep_objs += demanded_of(verb, index, self.words)  # "asked for Bolton's resignation"
                if not prep_objs and not any(entities_at(o, index, self.words) for o in objs):
                    # "refusing admittance to Ghanaians"
                    prep_objs += [
                        p
                        for prep in preps
                        if prep.lower_ in self.words.directive_target
                        for p in prep.children
                        if p.dep_ == "pobj"
                    ]
                if not any(entities_at(o, index, self.words) for o in objs + prep_objs):
                    # "demanded that the US cancel ...": the subject of the demanded act
                    prep_objs += [
                        x
                        for c in verb.children
                        if c.dep_ == "ccomp"
                        for x in c.children
                        if x.dep_ in {"nsubj", "nsubjpass"}
                    ]
            if sense.complement and not passive:
                comp = [c for c in verb.children if c.dep_ == "xcomp" and c.pos_ in {"VERB", "AUX"}]
                for c in comp:
                    if sense.complement == UNKNOWN and (self.senses_of(c) or any(x.dep_ == "neg" for x in c.children)):
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
                        if not entities_at(x, index, self.words):
                            prep_objs += [
                                p
                                for prep in x.children
                                if prep.dep_ == "prep" and prep.lower_ in self.words.object_of_noun
                                for p in prep.children
                                if p.dep_ == "pobj"
                            ]
            if passive:
                agents = agent_of(verb, self.words)
                subjects = [k for t in agents for k in entities_at(t, index, self.words)]
                objects = [k for t in subj_toks for k in entities_at(t, index, self.words)]
            else:
                subjects = [k for t in subj_toks for k in entities_at(t, index, self.words)]
                objects = [k for t in objs + prep_objs for k in entities_at(t, index, self.words)]
            if not objects and not passive and sense.property in self.symmetric and not (sense.with_object and objs):
                # "Kim and Shoigu met", "Greece and Cyprus cooperate": pairs among the subjects;
                # "Egypt and Uganda discussed the dam" too, but not "Washington, along with Paris,
                # called a meeting to discuss Iran's programme" (a topic, partners added by "along with")
                if topic:
                    subjects = [k for t in subj_toks if t.dep_ != "pobj" for k in entities_at(t, index, self.words)]
                for i, a in enumerate(subjects):
                    for b in subjects[i + 1 :]:
                        yield [a], sense.property, [b], verb, 0.7
                continue
            conf = 0.8 if verb.dep_ not in {"conj", "xcomp", "relcl", "acl", "advcl"} else 0.7
            if sense.with_object and not any(c.dep_ == "xcomp" for c in verb.children) and objs:
                # "pledged tanks to Ukraine", "offered aid to Sudan": giving, not agreeing
                given = [k for t in prep_objs for k in entities_at(t, index, self.words)]
                yield subjects, sense.with_object, given, verb, conf
                continue
            if subjects and objects:
                if sense.inverse:
                    subjects, objects = objects, subjects
                prop = sense.property
                if prop == P.attacks and verbal_attack(verb, subjects, objects, self.classes(verb.doc), self.words):
                    prop = P.criticizes  # "attacked the newspaper for its coverage"
                yield subjects, prop, objects, verb, conf

    def purpose(self, verb: Token, index: Index) -> Iterator[Candidate]:
        """ "students staged demonstrations to demand reforms by Suharto's government": a protest aimed at
        whoever the demand is aimed at."""
        objs = {c.lemma_.lower() for c in verb.children if c.dep_ in OBJECTS}
        if not (verb.lemma_ in self.words.protest_verbs or objs & self.words.protest_nouns):
            return
        for comp in (c for c in verb.children if c.dep_ in {"xcomp", "advcl"}):
            for sense in self.senses_of(comp):
                if not self.rule(sense.property).directive:
                    continue
                for subjects, _prop, targets, _t, conf in self.verbal(comp, index):
                    yield subjects, P.protestsAgainst, targets, verb, conf - 0.1

    def deontic(self, verb: Token, index: Index) -> Iterator[Candidate]:
        """ "Russia said that Sudan must return the helicopter": a demand on Sudan."""
        if verb.lemma_ not in self.words.directive_speech_verbs:
            return
        subj_toks, passive = subjects_of(verb, self.words)
        if passive:
            return
        subjects = [k for t in subj_toks for k in entities_at(t, index, self.words)]
        for comp in (c for c in verb.children if c.dep_ == "ccomp"):
            aux = {c.lower_ for c in comp.children if c.dep_ == "aux"}
            if aux & self.words.obligation_aux:
                objects = [
                    k
                    for x in comp.children
                    if x.dep_ in {"nsubj", "nsubjpass"}
                    for k in entities_at(x, index, self.words)
                ]
                if subjects and objects:
                    yield subjects, P.demands, objects, verb, 0.6

    # -- nouns ---------------------------------------------------------------------------
    def nominal(self, noun: Token, index: Index) -> Iterator[Candidate]:
        sense = self.nouns.get(noun.lower_) or self.nouns.get(noun.lemma_.lower())
        if sense is None:
            if noun.lower_ in self.words.troops and noun.i in index:
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
                agents += entities_at(c, index, self.words)
            elif c.dep_ in {"amod", "compound", "nmod"} and c.i < noun.i:
                # "Turkish offensive", "Philippines-China partnership", "Washington-led war"
                agents += [k for x in c.subtree if x.i in index for k in entities_at(x, index, self.words)]
            if c.dep_ == "prep" and c.lower_ in self.words.by_agent:
                agents += [k for p in c.children if p.dep_ == "pobj" for k in entities_at(p, index, self.words)]
        # "the North's troop deployment": the possessor of the compound head.
        if noun.dep_ == "compound":
            agents += [k for c in noun.head.children if c.dep_ == "poss" for k in entities_at(c, index, self.words)]
        agents = list(dict.fromkeys(agents))
        head = noun
        if noun.dep_ == "pobj" and noun.head.lower_ in self.words.partitive and noun.head.head.dep_ in {"dobj", "attr"}:
            head = noun.head.head  # "launched ten days of war games", "held two rounds of talks"
        if not agents and head.dep_ in {"dobj", "attr"} and head.head.lemma_ in self.words.light_verbs:
            subj_toks, passive = subjects_of(head.head, self.words)
            if not passive:
                agents = [k for t in subj_toks for k in entities_at(t, index, self.words)]
        if (
            not agents
            and sense.property in self.symmetric
            and noun.dep_ == "pobj"
            and noun.head.lower_ in self.words.circumstance
            and noun.head.head.pos_ in {"VERB", "AUX"}
        ):
            # "made these statements during a meeting with Shoigu", "in cooperation with Iraqi forces"
            subj_toks, passive = subjects_of(noun.head.head, self.words)
            if not passive:
                agents = [k for t in subj_toks for k in entities_at(t, index, self.words)]
        targets: list[str] = []
        pairs: list[str] = []
        heads = [noun] + ([noun.head] if noun.dep_ == "compound" else [])
        for h in heads:
            for prep in (c for c in h.children if c.dep_ == "prep"):
                pobjs = [p for p in prep.children if p.dep_ == "pobj"]
                if prep.lower_ in self.words.pairwise:
                    pairs += [k for p in pobjs for k in entities_at(p, index, self.words)]
                elif prep.lower_ in sense.preps:
                    for p in pobjs:
                        found = entities_at(p, index, self.words)
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
                                for k in entities_at(x, index, self.words)
                            ]
                        if not found:
                            # "restrictions on flights to Cuba"
                            found = [
                                k
                                for q in p.children
                                if q.dep_ == "prep" and q.lower_ in self.words.noun_target_of_target
                                for x in q.children
                                if x.dep_ == "pobj"
                                for k in entities_at(x, index, self.words)
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
            targets += [k for p in nxt.children if p.dep_ == "pobj" for k in entities_at(p, index, self.words)]
        if not targets and self.rule(sense.property).directive:
            # "its demand that Israel ease restrictions"
            clauses = [c for c in noun.children if c.dep_ in {"ccomp", "acl"}]
            if noun.dep_ == "dobj":
                clauses += [c for c in noun.head.children if c.dep_ == "ccomp"]
            targets += [
                k
                for c in clauses
                for x in c.children
                if x.dep_ in {"nsubj", "nsubjpass"}
                for k in entities_at(x, index, self.words)
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

    def troops(self, noun: Token, index: Index) -> Iterator[Candidate]:
        """ "5000 U.S. troops now in the country", "Coalition forces are in Iraq"."""
        owners = entities_at(noun, index, self.words)
        heads = [noun]
        if noun.dep_ == "nsubj" and noun.head.lemma_ in self.words.presence_verbs:
            heads.append(noun.head)
        if noun.dep_ == "attr" and noun.head.lemma_ in self.words.copulas:
            heads.append(noun.head)
        for h in heads:
            for prep in (c for c in h.children if c.dep_ == "prep" and c.lower_ in self.words.deployment):
                places = [k for p in prep.children if p.dep_ == "pobj" for k in entities_at(p, index, self.words)]
                if owners and places:
                    yield owners, P.deploysForcesTo, places, noun, 0.6

    def relational(self, noun: Token, sense: Sense, index: Index) -> Iterator[Candidate]:
        """ "X, a close ally of Y", "Y's rival X", "another key Egyptian ally, France", "X is an ally of Y"."""
        # "which remain parties to the JCPOA": the parser may hang the phrase on the copula
        heads = [noun, noun.head] if noun.dep_ == "attr" else [noun]
        of = [
            k
            for h in heads
            for c in h.children
            if c.dep_ == "prep" and c.lower_ in sense.preps
            for p in c.children
            if p.dep_ == "pobj"
            for k in entities_at(p, index, self.words)
        ]
        owner = of + [k for c in noun.children if c.dep_ == "poss" for k in entities_at(c, index, self.words)]
        # "Turkish rival X"; but "Democratic rival X" is a Democrat, no rival of the party, and in "his
        # Turkish rival X" or "Russia's Syrian ally" the adjective says whose national the referent is
        owner += (
            []
            if owner
            else [
                k
                for c in noun.children
                if c.dep_ in {"amod", "compound"}
                and c.i in index
                and (index[c.i][0].label_ not in self.parties or sense.property == P.memberOf)
                for k in entities_at(c, index, self.words)
            ]
        )
        referent: list[str] = []
        if noun.dep_ == "appos":
            referent = entities_at(noun.head, index, self.words)
        elif noun.dep_ == "attr":
            # "X is an ally of Y"; "Cuba and Laos, which are Chinese allies": the relative's antecedent,
            # from the first of its conjuncts
            subj_toks, passive = subjects_of(noun.head, self.words)
            subj_toks = [] if passive else [first_conjunct(c) for c in subj_toks]
            referent = [k for c in subj_toks for k in entities_at(c, index, self.words)]
        elif noun.dep_ == "compound" and noun.head.i in index:
            # "Council members Greece, Panama and South Korea": the list may go on in appositions
            named_after = [noun.head] + [c for c in noun.head.children if c.dep_ == "appos" and c.i in index]
            referent = [k for t in named_after for k in entities_at(t, index, self.words)]
            # "Turkey's rival Greece": the possessor may hang on the name; so may the organization of
            # "African Union members Kenya and Ghana"
            owner += [
                k
                for c in noun.head.children
                if c.dep_ == "poss"
                or (c.dep_ in {"compound", "nmod"} and c.i < noun.i and c.i in index and sense.property == P.memberOf)
                for k in entities_at(c, index, self.words)
            ]
        named = [c for c in noun.children if c.dep_ == "appos"]
        for c in named:
            referent += entities_at(c, index, self.words)
        # A relation of state, not an act: "NATO members Latvia and Estonia asked ..." holds whatever
        # the verb's mood; only a copula ("is not a member") qualifies it.
        trigger = noun if noun.dep_ == "attr" or not named else named[0]
        if owner and referent:
            yield referent, sense.property, owner, trigger, 0.7
        elif not owner and noun.dep_ == "appos" and sense.property in self.symmetric:
            # "Peru and Ecuador, old friends": the relation holds among the conjuncts
            for i, a in enumerate(referent):
                for b in referent[i + 1 :]:
                    yield [a], sense.property, [b], noun, 0.6

    # -- forums and events ------------------------------------------------------------------
    def settings(self, doc: Doc, index: Index) -> Iterator[Candidate]:
        """ "a keynote address at the Shangri-La forum" -> attends; "the forum in Singapore" -> locatedIn."""
        for m in doc.spans.get(MENTIONS, []):
            if m.label_ not in self.gatherings:
                continue
            root = m.root
            for prep in (c for c in root.children if c.dep_ == "prep" and c.lower_ in self.words.venue):
                places = [k for p in prep.children if p.dep_ == "pobj" for k in entities_at(p, index, self.words)]
                if places:
                    yield [m.kb_id_], P.locatedIn, places, prep, 0.7
            if root.dep_ == "pobj" and root.head.lower_ in self.words.attendance:
                v, hops = root.head.head, 0
                while hops < 5 and not (
                    v.pos_ in {"VERB", "AUX"} and any(c.dep_ in {"nsubj", "nsubjpass"} for c in v.children)
                ):
                    if v.head.i == v.i:
                        break
                    v, hops = v.head, hops + 1
                subj_toks, passive = subjects_of(v, self.words) if v.pos_ in {"VERB", "AUX"} else ([], False)
                if not passive:
                    subjects = [k for t in subj_toks for k in entities_at(t, index, self.words)]
                    if subjects:
                        yield subjects, P.attends, [m.kb_id_], v, 0.6
