"""Pressure short of a relation verb: trade measures, cut ties, force in other shapes, invitations.

Not a component: rules of :class:`~kg.components.relations.RelationExtractor`, run once over
each doc after the verb and noun triggers.  Each yields candidate relations,
``(subjects, property, objects, trigger, confidence)``:

- trade measures are sanctions on the state the goods come from, never on where they go:
  "Canada imposed tariffs on $20 billion worth of U.S. exports" (CAN sanctions USA);
  "Myanmar remains under EU sanctions"; "China's punitive measures against Australia";
  "legislation targeting Turkey"; a trade war is opposition ("a tariff fight with Mexico");
- cut ties: "broke off relations with Syria", "ties with Taipei, severed by Managua",
  "recalled its ambassador from Sweden" (sanctions; both ways when two recall theirs);
- force: "backed the government against the rebels" (opposes the rebels), "the depot was
  the target of a Hezbollah attack", "ousted in a coup led by X", "claimed responsibility
  for the attack on Y";
- invitations: "troops returned at the request of the Malian government" (Mali urges, and
  hosts the troops).

Trade measures count as sanctions because the ontology defines ``ir:sanctions`` as
"penalties short of force", and a tariff aimed at one state's goods is one.
The words are the lexicon's (``coercion.toml``); the properties the ontology's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from spacy.attrs import LEMMA
from spacy.tokens import Doc, Token

from ..lexicons import Lexicon
from ..namespace import C, P
from ..ontology import subclasses
from .attributes import token_ids
from .mentions import Index, entities_at
from .syntax import OBJECTS, agent_of, subjects_of
from .triggers import Candidate

__all__ = ["CoercionRules"]


class CoercionRules:
    """Trade measures, cut ties, force in other shapes and invitations."""

    def __init__(self, lexicon: Lexicon):
        self.words = w = lexicon.words
        self.people = subclasses(C.Person)  # an envoy summoned stands for the state that sent him
        self._hashes: frozenset[int] | None = None  # the lemmas' string ids
        self.rules: dict[str, list[Callable[[Token, Index], Iterator[Candidate]]]] = {}
        for lemmas, rule in (
            (w.trade_measure_nouns, self.trade_measure),
            (w.sanction_nouns, self.under_sanctions),
            (w.measure_nouns, self.measures_against),
            (w.dispute_nouns, self.trade_war),
            (w.severance_verbs, self.cut_ties),
            (w.recall_verbs, self.recall),
            (w.backing_verbs, self.backing_against),
            (w.target_nouns, self.target_of),
            (w.attack_event_nouns, self.event_agent),
            (w.responsibility_nouns, self.responsibility),
            (w.invitation_nouns, self.invitation),
            (w.threat_verbs, self.conditional_threat),
            (w.summon_verbs, self.summon),
            (w.warning_verbs, self.warning),
        ):
            for lemma in lemmas:
                self.rules.setdefault(lemma, []).append(rule)

    def find(self, doc: Doc, index: Index) -> Iterator[Candidate]:
        """Every candidate relation of the doc that these rules give."""
        if self._hashes is None:
            self._hashes = frozenset(doc.vocab.strings.add(x) for x in self.rules)
        for i in token_ids(doc, LEMMA, self._hashes):
            tok = doc[i]
            if not tok.dep_ or tok.dep_ == "dep":
                continue  # a sentence the fast path did not parse
            for rule in self.rules[tok.lemma_.lower()]:
                yield from rule(tok, index)

    # -- helpers ---------------------------------------------------------------------------
    def _keys(self, toks: list[Token], index: Index) -> list[str]:
        return list(dict.fromkeys(k for t in toks for k in entities_at(t, index, self.words)))

    def _actor(self, index: Index):
        return lambda t: bool(entities_at(t, index, self.words))

    def _pobjs(self, tok: Token, preps: frozenset[str]) -> list[Token]:
        return [
            p
            for prep in tok.children
            if prep.dep_ == "prep" and prep.lower_ in preps
            for p in prep.children
            if p.dep_ == "pobj"
        ]

    def _listed(self, tok: Token, index: Index) -> list[str]:
        """The actors a phrase names, without the owner of a list's head: "the United States'
        biggest trading partners -- Mexico, Canada" names Mexico and Canada."""
        found = entities_at(tok, index, self.words)
        owners = {k for c in tok.children if c.dep_ == "poss" for k in entities_at(c, index, self.words)}
        rest = [k for k in found if k not in owners]
        return rest if tok.i not in index and rest else found if tok.i in index else []

    def _doers(self, noun: Token, index: Index) -> list[str]:
        """Who imposes a measure: its owner ("China's measures", "U.S. tariffs"), else the
        subject of the verb it is the object of ("Canada imposed tariffs")."""
        owners = entities_at(noun, index, self.words)
        if owners:
            return owners
        if noun.dep_ in OBJECTS and noun.head.pos_ == "VERB" and noun.head.lemma_ in self.words.imposing_verbs:
            subj, passive = subjects_of(noun.head, self.words, self._actor(index))
            if not passive:
                return self._keys(subj, index)
        return []

    def _origin(self, goods: Token, index: Index, depth: int = 0) -> list[str]:
        """The state goods come from: "Chilean steel", "U.S. exports", "$20 billion worth of
        U.S. exports", "wines coming out of France"; never "exports to the U.S."."""
        found = entities_at(goods, index, self.words)
        if found or depth >= 2:
            return found
        nxt = self._pobjs(goods, self.words.goods_origin)
        nxt += [
            p
            for acl in goods.children
            if acl.dep_ == "acl"
            for prep in acl.children
            if prep.dep_ == "prep" and prep.lower_ in self.words.goods_origin
            for p in (
                [x for x in prep.children if x.dep_ == "pobj"]
                + [x for q in prep.children if q.dep_ == "prep" for x in q.children if x.dep_ == "pobj"]
            )
        ]
        return [k for p in nxt for k in self._origin(p, index, depth + 1)]

    # -- trade measures -----------------------------------------------------------------------
    def trade_measure(self, noun: Token, index: Index) -> Iterator[Candidate]:
        """ "Canada slapped tariffs on Chilean steel", "a 10% duty on Chinese exports"."""
        if noun.pos_ != "NOUN":
            return
        places = self._pobjs(noun, self.words.measure_target)
        if noun.dep_ in OBJECTS and noun.head.pos_ == "VERB":
            places += self._pobjs(noun.head, self.words.measure_target)  # "keeping tariffs in place on Mexico"
        targets = [k for p in places for k in self._origin(p, index)]
        doers = self._doers(noun, index)
        if doers and targets:
            yield doers, P.sanctions, targets, noun, 0.6

    def under_sanctions(self, noun: Token, index: Index) -> Iterator[Candidate]:
        """ "Myanmar remains under EU sanctions": the EU sanctions Myanmar."""
        if noun.dep_ != "pobj" or noun.head.lower_ not in self.words.under_words:
            return
        verb = noun.head.head
        if verb.pos_ not in {"VERB", "AUX"}:
            return
        subj, passive = subjects_of(verb, self.words)
        doers, targets = entities_at(noun, index, self.words), self._keys(subj, index)
        if doers and targets and not passive:
            yield doers, P.sanctions, targets, noun, 0.6

    def measures_against(self, noun: Token, index: Index) -> Iterator[Candidate]:
        """ "China's punitive measures against Australia", "legislation targeting Turkey"."""
        if noun.pos_ != "NOUN":
            return
        places = self._pobjs(noun, self.words.measure_opponent)
        if any(c.dep_ == "amod" and c.lower_ in self.words.punitive_words for c in noun.children):
            places += self._pobjs(noun, self.words.measure_target)
        for acl in (c for c in noun.children if c.dep_ == "acl" and c.lemma_ in self.words.targeting_verbs):
            places += [c for c in acl.children if c.dep_ in OBJECTS]  # "legislation targeting Turkey"
            places += self._pobjs(acl, self.words.measure_opponent | self.words.measure_target)  # "aimed at"
        targets = self._keys(places, index)
        doers = self._doers(noun, index)
        if doers and targets:
            yield doers, P.sanctions, targets, noun, 0.55

    def trade_war(self, noun: Token, index: Index) -> Iterator[Candidate]:
        """ "a tit-for-tat tariff fight with Mexico", "the trade war between A and B": opposition."""
        if not any(c.dep_ in {"amod", "compound"} and c.lower_ in self.words.trade_words for c in noun.children):
            return
        pairs = self._keys(self._pobjs(noun, self.words.pairwise), index)
        for i, a in enumerate(pairs):
            for b in pairs[i + 1 :]:
                yield [a], P.opposes, [b], noun, 0.55
                yield [b], P.opposes, [a], noun, 0.55
        targets = [k for p in self._pobjs(noun, self.words.measure_opponent) for k in self._listed(p, index)]
        doers = entities_at(noun, index, self.words)
        verb = noun.head if noun.dep_ in OBJECTS else noun.head.head if noun.dep_ == "pobj" else None
        if not doers and verb is not None and verb.pos_ == "VERB":
            subj, passive = subjects_of(verb, self.words)  # "waging a trade war with", "engaged in a trade war with"
            doers = [] if passive else self._keys(subj, index)
        if doers and targets:
            yield doers, P.opposes, targets, noun, 0.55

    # -- cut ties ---------------------------------------------------------------------------
    def cut_ties(self, verb: Token, index: Index) -> Iterator[Candidate]:
        """ "broke off relations with Syria", "ties with Taipei, severed by Managua",
        "suspended military aid to Kyiv"."""
        if verb.pos_ != "VERB":
            return
        if verb.dep_ == "acl" and verb.tag_ == "VBN":
            ties = [verb.head]  # "relations with Syria, broken off by London"
            doers = self._keys(agent_of(verb, self.words), index)
        else:
            ties = [c for c in verb.children if c.dep_ in OBJECTS]
            subj, passive = subjects_of(verb, self.words, self._actor(index))
            doers = self._keys(agent_of(verb, self.words) if passive else subj, index)
            if passive:
                ties = [c for c in verb.children if c.dep_ == "nsubjpass"]
        ties = [t for t in ties if t.lemma_.lower() in self.words.relation_nouns]
        if not ties:
            return
        places = [p for t in ties for p in self._pobjs(t, self.words.ties_with)]
        places += self._pobjs(verb, self.words.ties_with)
        targets = self._keys(places, index)
        if doers and targets:
            yield doers, P.sanctions, targets, verb, 0.6

    def recall(self, verb: Token, index: Index) -> Iterator[Candidate]:
        """ "Morocco recalled its ambassador from Sweden"; "both countries withdrew their ambassadors"."""
        envoys = [c for c in verb.children if c.dep_ in OBJECTS and c.lemma_.lower() in self.words.envoy_nouns]
        if verb.pos_ != "VERB" or not envoys:
            return
        subj, passive = subjects_of(verb, self.words, self._actor(index))
        if passive:
            return
        doers = self._keys(subj, index)
        places = self._pobjs(verb, self.words.envoy_posts) + [
            p for e in envoys for p in self._pobjs(e, self.words.envoy_posts | frozenset({"to"}))
        ]
        targets = self._keys(places, index)
        if doers and targets:
            yield doers, P.sanctions, targets, verb, 0.6
        elif len(doers) >= 2 and not places:
            for a in doers:  # each recalls its envoy from the other
                yield [a], P.sanctions, [b for b in doers if b != a], verb, 0.55

    def summon(self, verb: Token, index: Index) -> Iterator[Candidate]:
        """ "Beijing summoned the Japanese ambassador": a protest to the envoy's state."""
        envoys = [c for c in verb.children if c.dep_ in OBJECTS and c.lemma_.lower() in self.words.envoy_nouns]
        envoys += [
            c
            for o in verb.children
            if o.dep_ in OBJECTS and o.i in index
            for c in o.children
            if c.dep_ in {"compound", "nmod"} and c.lemma_.lower() in self.words.envoy_nouns
        ]  # "summoned Niger's ambassador Brah Mohamane" may hang the title on the name
        if verb.pos_ != "VERB" or not envoys:
            return
        owners = [k for e in envoys for k in entities_at(e, index, self.words)]
        owners += [k for e in envoys for k in self._keys(self._pobjs(e, frozenset({"of"})), index)]
        owners += [
            k
            for o in verb.children
            if o.dep_ in OBJECTS
            for c in o.children
            if c.dep_ == "poss"
            for k in entities_at(c, index, self.words)
        ]
        subj, passive = subjects_of(verb, self.words, self._actor(index))
        summoners = [] if passive else self._keys(subj, index)
        people = self.people
        classes = {k: e.cls for k, e in verb.doc._.kg_entities.items()}
        owners = [k for k in dict.fromkeys(owners) if k not in summoners and classes.get(k) not in people]
        if summoners and owners:
            yield summoners, P.criticizes, owners, verb, 0.55

    # -- force --------------------------------------------------------------------------------
    def backing_against(self, verb: Token, index: Index) -> Iterator[Candidate]:
        """ "Ghana backed the government against the rebels": Ghana opposes the rebels, who
        are in conflict with the government."""
        if verb.pos_ != "VERB":
            return
        enemies = self._keys(self._pobjs(verb, self.words.measure_opponent), index)
        if not enemies:
            return
        subj, passive = subjects_of(verb, self.words, self._actor(index))
        backers = [] if passive else self._keys(subj, index)
        backed = self._keys([c for c in verb.children if c.dep_ in OBJECTS], index)
        if backers:
            yield backers, P.opposes, enemies, verb, 0.55
        if backed:
            yield backed, P.inConflictWith, enemies, verb, 0.5

    def target_of(self, noun: Token, index: Index) -> Iterator[Candidate]:
        """ "The depot was the target of a Hezbollah drone attack": Hezbollah attacks the depot."""
        if noun.dep_ != "attr":
            return
        attacks = [p for p in self._pobjs(noun, frozenset({"of"})) if p.lemma_.lower() in self.words.attack_event_nouns]
        doers = [k for a in attacks for k in entities_at(a, index, self.words)]
        subj, passive = subjects_of(noun.head, self.words)
        victims = self._keys(subj, index)
        if doers and victims and not passive:
            yield doers, P.attacks, victims, noun, 0.55

    def event_agent(self, noun: Token, index: Index) -> Iterator[Candidate]:
        """ "Morales was ousted in a coup led by General X": the coup's leader attacks Morales."""
        leads = [
            c for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_ in self.words.conducting_verbs
        ]
        doers = self._keys([a for v in leads for a in agent_of(v, self.words)], index)
        if not doers:
            return
        victims = self._keys(self._pobjs(noun, self.words.measure_target | self.words.measure_opponent), index)
        if not victims and noun.dep_ == "pobj" and noun.head.lower_ in self.words.circumstance:
            verb = noun.head.head
            subj, passive = subjects_of(verb, self.words) if verb.pos_ == "VERB" else ([], False)
            victims = self._keys(subj, index) if passive else []  # "was ousted in a coup"
        if victims:
            yield doers, P.attacks, victims, noun, 0.55

    def responsibility(self, noun: Token, index: Index) -> Iterator[Candidate]:
        """ "Al-Shabaab claimed responsibility for the attack on the base in Kenya"."""
        if noun.dep_ not in OBJECTS or noun.head.lemma_ not in self.words.claiming_verbs:
            return
        acts = [p for p in self._pobjs(noun, frozenset({"for"})) if p.lemma_.lower() in self.words.attack_event_nouns]
        victims = self._keys(
            [p for a in acts for p in self._pobjs(a, self.words.measure_target | self.words.measure_opponent)], index
        )
        subj, passive = subjects_of(noun.head, self.words)
        doers = [] if passive else self._keys(subj, index)
        if doers and victims:
            yield doers, P.attacks, victims, noun, 0.55

    def conditional_threat(self, verb: Token, index: Index) -> Iterator[Candidate]:
        """ "Iran threatened to launch an offensive unless Baghdad accepted its terms": a threat
        aimed at whoever must meet the condition, when the threatened act names no one."""
        if verb.pos_ != "VERB":
            return
        acts = [verb] + [c for c in verb.children if c.dep_ == "xcomp"]
        named = [o for a in acts for o in a.children if o.dep_ in OBJECTS and entities_at(o, index, self.words)]
        if named:
            return
        conditions = [
            c
            for a in acts
            for c in a.children
            if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in self.words.threat_marks for m in c.children)
        ]
        targets = self._keys([x for c in conditions for x in c.children if x.dep_ in {"nsubj", "nsubjpass"}], index)
        subj, passive = subjects_of(verb, self.words)
        threateners = [] if passive else self._keys(subj, index)
        targets = [k for k in targets if k not in threateners]
        if threateners and targets:
            yield threateners, P.threatens, targets, verb, 0.55

    def warning(self, verb: Token, index: Index) -> Iterator[Candidate]:
        """ "Washington warned that it will keep up the pressure on Tehran": a warning to the
        actors the warning is about, when it names no addressee (the speaker aside)."""
        if verb.pos_ != "VERB" or any(c.dep_ in OBJECTS for c in verb.children):
            return
        clauses = [c for c in verb.children if c.dep_ == "ccomp"]
        if not clauses:
            return
        subj, passive = subjects_of(verb, self.words)
        speakers = [] if passive else self._keys(subj, index)
        if not speakers:
            return
        nodes = list(clauses)
        for n in nodes:  # "that it will continue to exert pressure on Tehran"
            nodes += [c for c in n.children if c.dep_ == "xcomp"]
        around = self.words.measure_target | self.words.measure_opponent
        # whom the clause is about: its subject ("its actions could provoke ..."), else, when the
        # subject is the speaker, whom the speaker acts on ("it will keep up pressure on Tehran")
        subjects = [x for c in clauses for x in c.children if x.dep_ in {"nsubj", "nsubjpass"}]
        targets = [k for k in self._keys(subjects, index) if k not in speakers]
        if not targets:
            parts = [x for n in nodes for x in n.children if x.dep_ in OBJECTS]
            parts += [p for n in nodes for p in self._pobjs(n, around)]
            parts += [p for x in list(parts) if not entities_at(x, index, self.words) for p in self._pobjs(x, around)]
            targets = [k for k in self._keys(parts, index) if k not in speakers]
        if targets:
            yield speakers, P.warns, targets, verb, 0.55

    # -- invitations --------------------------------------------------------------------------
    def invitation(self, noun: Token, index: Index) -> Iterator[Candidate]:
        """ "French troops returned at the request of the Malian government", "at Baghdad's
        invitation": the inviter urges, and hosts, whoever came."""
        if noun.dep_ != "pobj" or noun.head.lower_ not in self.words.invitation_preps:
            return
        verb = noun.head.head
        if verb.pos_ not in {"VERB", "AUX"}:
            return
        inviters = entities_at(noun, index, self.words) or self._keys(self._pobjs(noun, frozenset({"of"})), index)
        subj, passive = subjects_of(verb, self.words)
        guests = [] if passive else self._keys(subj, index)
        if inviters and guests:
            yield inviters, P.urges, guests, noun, 0.55
            if verb.lemma_ in self.words.arrival_verbs:
                yield inviters, P.hosts, guests, noun, 0.55
