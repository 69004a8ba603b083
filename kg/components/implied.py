"""Claims that other claims imply: threats, mobilization, leaving as opposition, advocacy.

The relation extractor records what a sentence says; some of it says more.  This component
runs after it and adds, for each claim that implies another, the implied claim, with the
same evidence and an extractor name of its own, so a reader can tell them apart:

- ``kg.implied.threat``: a coercive act its agent announces or sets a condition on is a
  threat now ("Seoul will expel the envoy unless Pyongyang apologizes", "Belarus said it
  would close its airspace to Lithuanian airlines if the sanctions stayed"); the act itself
  stays future or hypothetical.  This is the ontology's own example of ``ir:threatens``.
- ``kg.implied.mobilization``: preparing an attack is mobilizing against its target ("troops
  prepared to shell the town").
- ``kg.implied.exit``: leaving an organization or a treaty is opposing it ("Nicaragua quit the
  OAS"); CAMEO codes it as reducing relations.  Troops leaving a place imply nothing.
- ``kg.implied.advocacy``: urging someone to sign, join or back a treaty or forum is backing it
  ("urged the governments to sign the charter").

>>> import spacy
>>> nlp = spacy.blank("en")
>>> implied = nlp.add_pipe("kg_implied")
>>> implied.initialize(nlp=nlp)
>>> "prepare" in implied.lexicon.words.preparation_verbs
True
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..lexicons import Words
from ..namespace import C, P, V
from ..ontology import fits, sub_properties, subclasses
from ..records import POSITIVE, Claim
from .attributes import MENTIONS, trigger_map
from .base import DataComponent
from .syntax import subjects_of

__all__ = ["ImpliedClaims", "make_implied"]

THREAT, MOBILIZATION, EXIT, ADVOCACY, COMMITMENT = (
    f"kg.implied.{x}" for x in ("threat", "mobilization", "exit", "advocacy", "commitment")
)


@functools.cache
def _kinds() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """Coercive properties, force properties, what one can leave in protest, what one can back."""
    coercive = sub_properties(P.sanctions) | sub_properties(P.attacks) | sub_properties(P.coerces)
    force = sub_properties(P.attacks)
    left = subclasses(C.Organization) - subclasses(C.GovernmentBody) - subclasses(C.ArmedForces)
    backed = (
        sub_properties(P.signs) | sub_properties(P.partyTo) | sub_properties(P.memberOf) | sub_properties(P.supports)
    )
    return frozenset(coercive), frozenset(force), frozenset(left | subclasses(C.Treaty)), frozenset(backed)


@functools.cache
def _cooperative() -> frozenset[str]:
    """Acts of cooperation that an agent can commit to (CAMEO 03, intent to cooperate): giving aid
    or support, meeting, negotiating, visiting, yielding, withdrawing, signing."""
    props = [P.supports, P.cooperatesWith, P.meetsWith, P.negotiatesWith, P.consultsWith, P.visits, P.hosts]
    props += [P.concedesTo, P.withdrawsFrom, P.signs]
    return frozenset(x for p in props for x in sub_properties(p))


def _fact(claim: Claim, predicate: str, extractor: str) -> Claim:
    """The implied claim: same evidence, another predicate, stated as a fact."""
    return dataclasses.replace(claim, predicate=predicate, extractor=extractor, polarity=POSITIVE, modality=V.Asserted)


class ImpliedClaims(DataComponent):
    """Add the claims that the relation extractor's claims imply."""

    uses_gazetteer = False

    def __call__(self, doc: Doc) -> Doc:
        self.ready()
        claims = doc._.kg_claims
        if not claims:
            return doc
        classes = {k: e.cls for k, e in doc._.kg_entities.items()}
        sents = {s.start_char: s for s in doc.sents}
        seen = {(c.subject, c.predicate, c.object, c.start) for c in claims}
        for claim in list(claims):
            sent = _sentence(sents, claim)
            if sent is None:
                continue
            for new in self.implied(claim, sent, claims, classes):
                key = (new.subject, new.predicate, new.object, new.start)
                if key not in seen and fits(new.predicate, classes.get(new.subject), classes.get(new.object)):
                    seen.add(key)
                    claims.append(new)
        return doc

    def implied(self, claim: Claim, sent: Span, claims: list[Claim], classes: dict[str, str]) -> Iterator[Claim]:
        coercive, force, left, backed = _kinds()
        cooperative = _cooperative()
        if claim.polarity != POSITIVE:
            return
        at = trigger_map(sent.doc).get((claim.subject, claim.predicate, claim.object, claim.start))
        if at is None:
            return
        trigger = sent.doc[at]
        planned = claim.modality in {V.Future, V.Hypothetical}
        if planned and claim.predicate in coercive:
            if claim.predicate in force and self.prepared(trigger):
                yield _fact(claim, P.mobilizesAgainst, MOBILIZATION)
            elif self.threat(claim, trigger):
                yield _fact(claim, P.threatens, THREAT)
        elif planned and claim.predicate in cooperative and self.committed(claim, trigger):
            yield _fact(claim, P.agreesWith, COMMITMENT)  # "offered to negotiate", "is willing to withdraw"
        elif planned and claim.predicate == P.withdrawsFrom and self.threat(claim, trigger, announced=True):
            yield _fact(claim, P.threatens, THREAT)  # "will withdraw its force from Chad unless ..."
        if (
            claim.predicate == P.withdrawsFrom
            and claim.factual
            and classes.get(claim.object) in left
            and _names_directly(trigger, claim.object)  # not "withdrew York's licence"
        ):
            yield dataclasses.replace(claim, predicate=P.opposes, extractor=EXIT)
        if claim.predicate in backed and claim.modality == V.Hypothetical and trigger.dep_ == "xcomp":
            # "urged the governments to sign the charter": whoever urged backs the charter
            head = trigger.head
            if head.lemma_ in self.words.advocacy_verbs and trigger.lemma_ in self.words.joining_verbs:
                urgers = [
                    u.subject
                    for u in claims
                    if u.predicate in sub_properties(P.urges)
                    and u.factual
                    and u.start == claim.start
                    and u.trigger == head.text
                    and u.object == claim.subject
                ]
                for urger in dict.fromkeys(urgers):
                    yield dataclasses.replace(
                        claim,
                        subject=urger,
                        predicate=P.supports,
                        extractor=ADVOCACY,
                        polarity=POSITIVE,
                        modality=V.Asserted,
                    )

    @property
    def words(self) -> Words:
        return self.lexicon.words

    def threat(self, claim: Claim, trigger: Token, announced: bool = False) -> bool:
        """Whether the agent of a future or hypothetical coercive act threatens with it: it sets
        a condition ("... unless Pyongyang apologizes"), or the agent itself announces it (with
        ``announced``, a plain future tense is not enough)."""
        chain = [trigger]
        while chain[-1].head.i != chain[-1].i and len(chain) < 12:
            chain.append(chain[-1].head)
        marks = self.words.conditional_marks
        if any(c.dep_ == "aux" and c.lower_ in self.words.speculative_aux for t in chain[:4] for c in t.children):
            return False  # "it could see tariffs": speculation, not a threat
        if any(t.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in marks for m in t.children) for t in chain):
            return False  # the act is itself the condition: "if Rome imposes tariffs, ..."
        if any(
            c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in self.words.threat_marks for m in c.children)
            for t in chain
            if t.pos_ in {"VERB", "AUX"}
            for c in t.children
        ):
            return True  # "will expel the envoy unless Pyongyang apologizes"
        if claim.attribution is None:
            return claim.modality == V.Future and not announced  # "Seoul will expel the envoy": an announcement
        return claim.attributed_to == claim.subject and any(
            t.lemma_ in self.words.announcing_verbs for t in chain[1:]
        )  # "Belarus said it would close its airspace"

    def committed(self, claim: Claim, trigger: Token) -> bool:
        """Whether the agent commits itself to a cooperative act: under a verb or adjective of
        commitment ("promised to continue aid", "offered to negotiate", "is willing to withdraw"),
        or announced by the agent itself ("Hungary said it will support ...").  What someone
        else plans or expects of it ("Reagan will meet ...", "plans to visit") is no commitment."""
        chain = [trigger]
        while chain[-1].dep_ in {"xcomp", "ccomp", "conj"} and chain[-1].head.i != chain[-1].i and len(chain) < 8:
            chain.append(chain[-1].head)
        if any(t.dep_ == "advcl" and any(m.dep_ == "mark" for m in t.children) for t in chain):
            return False  # inside a condition or a purpose clause
        if any(t.lemma_ in self.words.commitment_heads for t in chain[1:]):
            return True
        if claim.predicate in sub_properties(P.withdrawsFrom):
            return False  # an announced pull-out is a threat, unless offered
        return claim.attributed_to == claim.subject and any(t.lemma_ in self.words.announcing_verbs for t in chain[1:])

    def prepared(self, trigger: Token) -> bool:
        """ "troops prepared to shell the town", "is poised to attack"."""
        t = trigger
        for _ in range(3):
            if t.dep_ != "xcomp" or t.head.i == t.i:
                return False
            t = t.head
            if t.lemma_ in self.words.preparation_verbs:
                subj, passive = subjects_of(t, self.words)
                return not passive
        return False


def _names_directly(verb: Token, key: str) -> bool:
    """Whether a verb's object or prepositional object is the entity itself ("quit the OAS",
    "withdrew from ECOWAS"), not a thing it owns ("withdrew York's licence")."""
    for m in verb.doc.spans.get(MENTIONS, []):
        if key in m.kb_id_.split("|"):
            root = m.root
            if root.head.i == verb.i or (root.dep_ == "pobj" and root.head.head.i == verb.i):
                return True
    return False


def _sentence(sents: dict[int, Span], claim: Claim) -> Span | None:
    return sents.get(claim.start) or next((s for s in sents.values() if s.start_char <= claim.start < s.end_char), None)


@Language.factory(
    "kg_implied",
    requires=["doc._.kg_claims", "token.dep"],
    assigns=["doc._.kg_claims"],
    default_config={"lexicons": []},
)
def make_implied(nlp: Language, name: str, lexicons: list[str]) -> ImpliedClaims:
    """spaCy factory of :class:`ImpliedClaims`; ``lexicons`` are TOML files read after the shipped ones."""
    return ImpliedClaims(nlp, name, lexicons=lexicons)
