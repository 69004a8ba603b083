"""Stance and evaluation: who approves or disapproves of whom, when no relation verb says so.

Not a component: rules of :class:`~kg.components.relations.RelationExtractor`, run once over
each doc after the verb and noun triggers.  Each yields candidate relations,
``(subjects, property, objects, trigger, confidence)``:

- adjectives of stance with their preposition: "Poland is opposed to the plan", "critical
  of", "proud of" (``senses`` with ``pos = "ADJ"``);
- evaluation in reported speech: "Brazil said the Venezuelan move was illegal", "said Iran
  is defying the council", "'Moscow is the aggressor,' the minister said";
- evaluative small clauses: "Ottawa called Beijing's rules 'unacceptable'", "described the
  gift as a gesture of friendship";
- pejorative nouns in someone's words: "'We will resist Moscow's aggression,' X said";
- reciprocal predicates: "Peru and Chile traded accusations", "A and B disagreed",
  "Chile and Argentina disputed the islands" (both ways).

The words are the lexicon's (``stance.toml``); the properties the ontology's.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Token

from ..lexicons import Lexicon, Sense
from ..namespace import C, P
from ..ontology import subclasses
from .attributes import token_ids
from .mentions import Index, entities_at, is_state, keys_of
from .syntax import OBJECTS, SUBJECTS, WH_WORDS, subjects_of
from .triggers import Candidate

__all__ = ["StanceRules"]


class StanceRules:
    """Stance adjectives, evaluation in reported speech, pejorative nouns and reciprocal predicates."""

    def __init__(self, lexicon: Lexicon):
        self.words = w = lexicon.words
        self.adjectives: dict[str, Sense] = {}
        for s in lexicon.senses:
            if s.pos == "ADJ":
                self.adjectives.setdefault(s.lemma, s)
        self.evaluative = {word: P.criticizes for word in w.negative_evaluation} | {
            word: P.praises for word in w.positive_evaluation
        }
        self.lowers = frozenset(self.adjectives) | w.negative_evaluation | w.positive_evaluation | w.pejorative_nouns
        self.lowers |= w.concern_nouns
        self.lemmas = w.negative_acts | w.evaluative_verbs | w.reciprocal_verbs | w.exchange_verbs
        self.actors = subclasses(C.Actor)
        self._hashes: tuple[frozenset[int], frozenset[int]] | None = None  # the words' string ids

    def find(self, doc: Doc, index: Index) -> Iterator[Candidate]:
        """Every candidate relation of the doc that these rules give."""
        if self._hashes is None:
            strings = doc.vocab.strings
            self._hashes = (
                frozenset(strings.add(x) for x in self.lowers),
                frozenset(strings.add(x) for x in self.lemmas),
            )
        lowers, lemmas = self._hashes
        ids = sorted(set(token_ids(doc, LOWER, lowers)) | set(token_ids(doc, LEMMA, lemmas)))
        classes = {k: e.cls for k, e in doc._.kg_entities.items()}
        for i in ids:
            tok = doc[i]
            if not tok.dep_ or tok.dep_ == "dep":
                continue  # a sentence the fast path did not parse
            lower, lemma = tok.lower_, tok.lemma_.lower()
            if lower in self.adjectives:
                yield from self.adjective(tok, self.adjectives[lower], index)
            if lower in self.evaluative or lemma in self.words.negative_acts:
                yield from self.reported(tok, index)
            if lemma in self.words.evaluative_verbs:
                yield from self.small_clause(tok, index)
            if lower in self.words.pejorative_nouns and tok.pos_ in {"NOUN", "PROPN"}:
                yield from self.pejorative(tok, index)
            if lemma in self.words.reciprocal_verbs | self.words.exchange_verbs and tok.pos_ == "VERB":
                yield from self.reciprocal(tok, index, classes)
            if lemma in self.words.contest_verbs:
                yield from self.contest(tok, index, classes)
            if lower in self.words.concern_nouns and tok.pos_ == "NOUN":
                yield from self.concern(tok, index)

    # -- "Poland is opposed to the plan" -------------------------------------------------------
    def adjective(self, adj: Token, sense: Sense, index: Index) -> Iterator[Candidate]:
        if adj.dep_ not in {"acomp", "oprd"} or any(c.dep_ == "neg" for c in (adj, adj.head) for c in c.children):
            return
        subj_toks, passive = subjects_of(adj.head, self.words)
        if passive:
            return
        subjects = self._keys(subj_toks, index)
        objects = [
            k
            for prep in adj.children
            if prep.dep_ == "prep" and prep.lower_ in sense.preps
            for p in prep.children
            if p.dep_ == "pobj" and not any(c.dep_ == "poss" and c.pos_ == "PRON" for c in p.children)
            for k in entities_at(p, index, self.words)
        ]  # not "pleased with its reception by Canadian investors"
        if subjects and objects:
            yield subjects, sense.property, objects, adj, 0.65

    # -- "Brazil said the Venezuelan move was illegal" -----------------------------------------------
    def reported(self, tok: Token, index: Index) -> Iterator[Candidate]:
        """A negative or positive predicate of an actor, inside what a speaker said."""
        prop = self.evaluative.get(tok.lower_, P.criticizes)
        if tok.pos_ in {"ADJ", "NOUN", "PROPN"} and tok.dep_ in {"acomp", "attr"} and tok.lower_ in self.evaluative:
            clause = tok.head  # "the move was illegal", "Moscow is the aggressor"
        elif tok.pos_ == "VERB" and tok.lemma_.lower() in self.words.negative_acts:
            clause = tok  # "Iran is defying the council", "Kabul was failing to rein in"
        else:
            return
        if any(c.dep_ == "neg" for t in {tok, clause} for c in t.children):
            return
        speech = _speech_head(clause, self.words.speech_verbs)
        if speech is None:
            return
        targets = self._keys([c for c in clause.children if c.dep_ in SUBJECTS], index)
        speakers, passive = subjects_of(speech, self.words)
        if not passive and targets:
            yield self._speakers(speakers, index), prop, targets, tok, 0.6

    # -- "Ottawa called Beijing's rules 'unacceptable'" -------------------------------------------------
    def small_clause(self, verb: Token, index: Index) -> Iterator[Candidate]:
        """call/describe/brand X + an evaluative adjective or noun, or "as" + one."""
        preds = [c for c in verb.children if c.dep_ in {"oprd", "ccomp", "xcomp"}]
        preds += [p for prep in verb.children if prep.dep_ == "prep" and prep.lower_ == "as" for p in prep.children]
        preds += [p for o in verb.children if o.dep_ in OBJECTS for p in o.children if p.dep_ in {"oprd", "appos"}]
        prop = None
        for pred in preds:
            found = [self.evaluative[t.lower_] for t in pred.subtree if t.lower_ in self.evaluative]
            if found:
                prop, word = found[0], pred
                break
        if prop is None:
            return
        objs = [c for c in verb.children if c.dep_ in OBJECTS]
        objs += [c for c in word.children if c.dep_ in {"poss", "nsubj"}]  # "called [Beijing's rules unacceptable]"
        if any(o.tag_ in WH_WORDS for o in objs) and verb.dep_ == "relcl":
            objs = [verb.head]  # "the gift, which Manila described as a gesture of friendship"
        subj_toks, passive = subjects_of(verb, self.words)
        targets = self._keys(objs, index)
        if not passive and targets:
            yield self._speakers(subj_toks, index), prop, targets, verb, 0.6

    # -- "'We will resist Moscow's aggression,' the minister said" ---------------------------------
    def pejorative(self, noun: Token, index: Index) -> Iterator[Candidate]:
        """A pejorative noun with an owner, in what a speaker said or cited."""
        if any(c.dep_ == "amod" and c.lower_ in self.words.possible_modifiers for c in noun.children):
            return  # "possible Turkish interference" blames no one yet
        owners = entities_at(noun, index, self.words)
        if not owners and noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ == "NOUN":
            owners = entities_at(noun.head.head, index, self.words)  # "China's campaign of coercion"
        if not owners:
            return
        speech = _speech_head(noun, self.words.speech_verbs | self.words.citing_verbs, direct=True)
        if speech is None:
            return
        speakers, passive = subjects_of(speech, self.words)
        if not passive:
            # The speech act is the trigger: "will resist Moscow's aggression" blames Moscow now.
            yield self._speakers(speakers, index), P.criticizes, owners, speech, 0.6

    # -- "Rutte expressed concern over China's buildup" -------------------------------------------
    def concern(self, noun: Token, index: Index) -> Iterator[Candidate]:
        """Concern voiced about an actor or its conduct: criticism of it.  "concerns about its
        effectiveness" (a pronoun's quality) blames no one."""
        agents = self._keys([c for c in noun.children if c.dep_ == "poss"], index)
        if not agents and noun.dep_ in OBJECTS and noun.head.lemma_ in self.words.light_verbs:
            subj, passive = subjects_of(noun.head, self.words)
            agents = [] if passive else self._keys(subj, index)
        places = [
            p
            for prep in noun.children
            if prep.dep_ == "prep" and prep.lower_ in self.words.concern_preps
            for p in prep.children
            if p.dep_ == "pobj" and not any(c.dep_ == "poss" and c.pos_ == "PRON" for c in p.children)
        ]
        targets = self._keys(places, index)
        if agents and targets:
            yield agents, P.criticizes, targets, noun, 0.6

    # -- "Peru and Chile traded accusations" ----------------------------------------------------
    def contest(self, verb: Token, index: Index, classes: dict[str, str]) -> Iterator[Candidate]:
        """ "Manila contests China's claims": opposes the owner of the claim; "disputed Kenya's
        account": opposes Kenya.  The islands or waters themselves are no target."""
        if verb.pos_ != "VERB":
            return
        subj_toks, passive = subjects_of(verb, self.words)
        targets = []
        for o in (c for c in verb.children if c.dep_ in OBJECTS):
            named = keys_of(index[o.i][0]) if o.i in index else []
            if o.lemma_.lower() in self.words.contested_things or (
                named and not any(classes.get(k) in self.actors for k in named)
            ):
                owners = [c for c in o.children if c.dep_ == "poss" and c.pos_ != "PRON"]
                targets += self._keys(owners, index)
            else:
                targets += entities_at(o, index, self.words)
        targets = [k for k in targets if classes.get(k) in self.actors]
        if targets and not passive:
            yield self._keys(subj_toks, index), P.opposes, targets, verb, 0.6

    def reciprocal(self, verb: Token, index: Index, classes: dict[str, str]) -> Iterator[Candidate]:
        """Two or more actors do it to each other: both ways, for every pair."""
        objs = [c for c in verb.children if c.dep_ in OBJECTS]
        lemma = verb.lemma_.lower()
        if lemma in self.words.exchange_verbs:
            kinds = [self.words.exchanged.get(o.lemma_.lower()) for o in objs]
            prop = next((k for k in kinds if k), None)
            if prop is None:
                return
        elif lemma in self.words.contest_verbs:
            prop = P.opposes
            # "disputed the islands" (or the Senkaku islands): a quarrel over a thing, not an actor
            if not objs or not all(o.lemma_.lower() in self.words.contested_things for o in objs):
                return
            if any(c.dep_ == "poss" for o in objs for c in o.children):
                return  # "contest China's claims" is one-way (contest, above)
        else:
            prop = P.opposes
            named = [k for o in objs for k in entities_at(o, index, self.words) if classes.get(k) in self.actors]
            if named and not any(o.lower_ in self.words.each_other for o in objs):
                return
        if any(c.dep_ == "prep" and c.lower_ in self.words.pairwise | {"with"} for c in verb.children):
            return  # "disagreed with Rome": the verb's own sense has the object
        subj_toks, passive = subjects_of(verb, self.words)
        subjects = self._keys(subj_toks, index)
        # "the Peruvian and Chilean presidents": every state of coordinated adjectives
        subjects += [
            k
            for t in subj_toks
            if t.i not in index
            for mod in t.children
            if mod.dep_ in {"amod", "compound"}
            for x in mod.subtree
            if x.i in index
            for k in keys_of(index[x.i][0])
            if is_state(k)
        ]
        subjects = [k for k in dict.fromkeys(subjects) if classes.get(k) in self.actors]
        if passive or len(subjects) < 2:
            return
        for a in subjects:
            others = [b for b in subjects if b != a]
            if others:
                yield [a], prop, others, verb, 0.6

    def _speakers(self, toks: list[Token], index: Index) -> list[str]:
        """Who said it: a named actor, a pronoun or a collective noun ("the ministers"), not a
        noun an actor's name only modifies ("London traders", "Iranian analysts")."""
        w = self.words
        named = [t for t in toks if t.i in index or t.pos_ == "PRON" or t.lower_ in w.collective | w.groups]
        named += [c for t in toks if t.i not in index for c in t.children if c.dep_ == "appos"]
        return self._keys(named, index)

    def _keys(self, toks: list[Token], index: Index) -> list[str]:
        return list(dict.fromkeys(k for t in toks for k in entities_at(t, index, self.words)))


def _speech_head(tok: Token, verbs: frozenset[str], direct: bool = False) -> Token | None:
    """The speech verb whose reported words hold ``tok``: up the tree through a complement
    clause ("said [the move was illegal]"); with ``direct``, also its direct object ("cited
    the government's repression").  None when the way up meets no such verb."""
    t, through_clause = tok, False
    for _ in range(10):
        if t.head.i == t.i:
            return None
        dep, t = t.dep_, t.head
        if dep in {"ccomp", "parataxis"}:
            through_clause = True
        if t.pos_ == "VERB" and t.lemma_.lower() in verbs:
            return t if through_clause or (direct and dep in OBJECTS) else None
    return None
