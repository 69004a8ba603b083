"""Claims derived from claims: acts named again, and what a forum says for its attendees.

- "Russia attacked Ukraine on Friday. Poland condemned the attack.": a definite description
  of an act ("the attack", "the call", "these sanctions") that a stance verb takes as its
  object stands for the act's agents, as found in the nearest of the last sentences that
  holds acts of its kind -- Poland criticizes Russia.
- "Gunmen attacked Kenya's embassy in Mogadishu on Monday. Al-Shabaab claimed responsibility for
  the attack.": who claims an act did what it did -- al-Shabaab attacks Kenya.
- "The summit, attended by Kenya and Uganda, urged Sudan to ...": a relation stated of a forum
  holds for the actors the article says attend it -- Kenya urges Sudan, Uganda urges Sudan.

The claims carry the extractor name ``kg.acts``; the words are the lexicon's (``[acts]``,
``act_determiners``, ``responsibility`` in ``lexicons/reference.toml``).  Runs after the
relation extractor, whose rules and claim building it shares.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from spacy.attrs import POS
from spacy.language import Language
from spacy.parts_of_speech import VERB
from spacy.tokens import Doc, Token

from ..namespace import C, P
from ..ontology import domain_of, sub_properties, subclasses
from ..records import Claim
from .attributes import MENTIONS, token_ids
from .mentions import Index, entities_at, mention_index
from .relations import RelationExtractor
from .syntax import OBJECTS, SUBJECTS, agent_of, subjects_of
from .triggers import Candidate

__all__ = ["Acts", "make_acts"]

EXTRACTOR = "kg.acts"
BACK = 3  # how many sentences before its description an act may be stated
STANCES = (P.supports, P.praises, P.criticizes, P.opposes)


@functools.cache
def _stances() -> frozenset[str]:
    """The properties of a stance over something: support, praise, criticism, opposition."""
    return frozenset(p for prop in STANCES for p in sub_properties(prop))


class Acts(RelationExtractor):
    """Add claims for acts named again by description, and for what forums do in their attendees' name."""

    extractor = EXTRACTOR

    def __call__(self, doc: Doc) -> Doc:
        self.ready()
        claims = doc._.kg_claims
        if not claims:
            return doc
        index = mention_index(doc)
        ents = doc._.kg_entities
        classes = {k: e.cls for k, e in ents.items()}
        seen = {(c.subject, c.predicate, c.object, c.start) for c in claims}
        article = doc._.kg_article
        date = article.date if article is not None else None
        found = list(self.forums(doc, index, claims, classes)) + list(self.acts(doc, index, claims))
        self.emit(found, index, classes, date, claims, seen)
        return doc

    # -- forums --------------------------------------------------------------------------------
    def forums(self, doc: Doc, index: Index, claims: list[Claim], classes: dict[str, str]) -> Iterator[Candidate]:
        """ "the summit urged ...": the same relation for each attendee the article names."""
        forums = subclasses(C.Forum)
        attendance = sub_properties(P.attends) | sub_properties(P.hosts)
        attendees: dict[str, list[str]] = {}
        for c in claims:
            if c.factual and c.predicate in attendance and classes.get(c.object) in forums:
                attendees.setdefault(c.object, [])
                if c.subject not in attendees[c.object]:
                    attendees[c.object].append(c.subject)
        if not attendees:
            return
        for m in doc.spans.get(MENTIONS, []):
            if m.kb_id_ not in attendees or m.root.dep_ not in SUBJECTS:
                continue
            verb = m.root.head
            for subjects, prop, objects, trigger, conf in self.triggers.at(verb, index):
                domain = domain_of(prop)
                if m.kb_id_ in subjects and prop not in attendance and (domain is None or C.Forum not in domain):
                    yield attendees[m.kb_id_], prop, objects, trigger, conf - 0.15

    # -- acts ------------------------------------------------------------------------------------
    def acts(self, doc: Doc, index: Index, claims: list[Claim]) -> Iterator[Candidate]:
        words = self.words
        responsibility = words.follows("responsibility")
        stances = _stances()
        for i in token_ids(doc, POS, {VERB}):
            verb = doc[i]
            objs = [c for c in verb.children if c.dep_ in OBJECTS]
            if verb.lemma_ in responsibility and any(o.lemma_ in responsibility[verb.lemma_] for o in objs):
                # "claimed responsibility for the attacks": the claimant did what the act did
                for noun in (p for o in objs for c in o.children if c.dep_ == "prep" for p in c.children):
                    if noun.dep_ != "pobj" or noun.lower_ not in words.acts:
                        continue
                    subj, passive = subjects_of(verb, words)
                    agents = [k for t in subj for k in entities_at(t, index, words)] if not passive else []
                    for act in self.antecedents(noun, index, claims):
                        if act.object not in agents:
                            yield agents, act.predicate, [act.object], verb, 0.55
                continue
            for sense in self.triggers.senses_of(verb):
                if sense.property not in stances:
                    continue
                preps = [p for c in verb.children if c.dep_ == "prep" and c.lower_ in sense.preps for p in c.children]
                nouns = [n for n in objs + preps if n.lower_ in words.acts and not entities_at(n, index, words)]
                if not nouns:
                    continue
                subj, passive = subjects_of(verb, words)
                who = agent_of(verb, words) if passive else subj
                subjects = [k for t in who for k in entities_at(t, index, words)]
                for noun in nouns:
                    agents = list(dict.fromkeys(a.subject for a in self.antecedents(noun, index, claims)))
                    agents = [a for a in agents if a not in subjects]
                    if subjects and agents:
                        yield subjects, sense.property, agents, verb, 0.55
                break

    def antecedents(self, noun: Token, index: Index, claims: list[Claim]) -> list[Claim]:
        """The factual claims of the kind a definite act noun names ("the attack": attacks), in the
        nearest of the last sentences that holds some; none when the noun is not definite."""
        words = self.words
        if not any(c.dep_ == "det" and c.lower_ in words.act_determiners for c in noun.children):
            return []
        kinds = sub_properties(words.acts[noun.lower_])
        doc = noun.doc
        sent = noun.sent
        floor = sent.start
        for _ in range(BACK):
            if floor == 0:
                break
            floor = doc[floor - 1].sent.start
        lo = doc[floor].idx
        best: dict[int, list[Claim]] = {}
        for c in claims:
            if not c.factual or c.predicate not in kinds or c.extractor == self.extractor or not lo <= c.start:
                continue
            if c.start >= sent.start_char:
                # the same sentence: only an act stated before the description
                at = doc.text.find(c.trigger, sent.start_char, noun.idx)
                if c.start != sent.start_char or at < 0:
                    continue
            best.setdefault(c.start, []).append(c)
        return best[max(best)] if best else []


@Language.factory(
    "kg_acts",
    requires=["doc.spans", "token.dep", "doc._.kg_claims"],
    assigns=["doc._.kg_claims"],
    default_config={"lexicons": []},
)
def make_acts(nlp: Language, name: str, lexicons: list[str]) -> Acts:
    """spaCy factory of :class:`Acts`; ``lexicons`` are TOML files read after the shipped ones."""
    return Acts(nlp, name, lexicons=lexicons)
