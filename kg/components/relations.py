"""Typed, directed relations from verbs and nouns, with polarity, modality and evidence.

The relation extractor runs the trigger rules (:mod:`kg.components.triggers`) over every
verb and noun, and builds a :class:`~kg.records.Claim` of each candidate relation whose
subject and object keep to the property's domain and range in the ontology, qualified
(:mod:`kg.components.modality`) and dated (:mod:`kg.components.event_dates`).  The relation
lexicon (``lexicons/relations.toml``) maps lemmas and prepositions to ontology properties;
a user extends it by adding lines, or a file of their own (the ``lexicons`` setting).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence

from spacy.attrs import POS
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..ontology import fits, range_of, subclasses
from ..records import Claim
from .attributes import token_ids
from .base import DataComponent
from .event_dates import event_date
from .mentions import Index, mention_index
from .modality import Qualifier, qualify
from .triggers import WORD_CLASSES, Candidate, TriggerFinder

__all__ = ["RelationExtractor", "make_relations"]

EXTRACTOR = "kg.relations"


class RelationExtractor(DataComponent):
    """Find relation triggers and their arguments; append :class:`~kg.records.Claim` records."""

    uses_gazetteer = False
    extractor = EXTRACTOR  # the name the claims carry

    def setup(self) -> None:
        self.triggers = TriggerFinder(self.lexicon)
        self.words = self.lexicon.words

    def __call__(self, doc: Doc) -> Doc:
        self.ready()
        index = mention_index(doc)
        classes = {k: e.cls for k, e in doc._.kg_entities.items()}
        claims = doc._.kg_claims
        seen = {(c.subject, c.predicate, c.object, c.start) for c in claims}
        article = doc._.kg_article
        date = article.date if article is not None else None
        for i in token_ids(doc, POS, WORD_CLASSES):
            found = self.triggers.at(doc[i], index)
            if found:
                self.emit(found, index, classes, date, claims, seen)
        self.emit(self.triggers.settings(doc, index), index, classes, date, claims, seen)
        return doc

    def emit(
        self,
        found: Iterable[Candidate],
        index: Index,
        classes: dict[str, str],
        date: dt.date | None,
        claims: list[Claim],
        seen: set[tuple[str, str, str, int]],
    ) -> None:
        for subj, prop, obj, trigger, conf in found:
            for claim in self.claims(subj, prop, obj, trigger, conf, index, classes, date):
                k = (claim.subject, claim.predicate, claim.object, claim.start)
                if k not in seen:
                    seen.add(k)
                    claims.append(claim)

    def property_for(self, prop: str, object_cls: str | None) -> str:
        """The property a claim gets: ``prop``, unless the object falls outside its range and the
        property rules say what it means then ("took part in the pact" is partyTo)."""
        outside = self.triggers.rule(prop).outside_range
        allowed = range_of(prop)
        if not outside or object_cls is None or allowed is None or object_cls in allowed:
            return prop
        return next((p for cls, p in outside.items() if object_cls in subclasses(cls)), prop)

    def claims(
        self,
        subjects: Sequence[str],
        prop: str,
        objects: Sequence[str],
        trigger: Token,
        conf: float,
        index: Index,
        classes: dict[str, str],
        date: dt.date | None,
    ) -> Iterator[Claim]:
        q: Qualifier = qualify(trigger, index, self.words)
        sent: Span = trigger.sent
        when = event_date(trigger, date, self.words)
        attributed = q.attributed_to[0] if q.attributed_to else None
        for s in subjects:
            for o in objects:
                if s == o or "|" in s or "|" in o:
                    continue
                p = self.property_for(prop, classes.get(o))
                if not fits(p, classes.get(s), classes.get(o)):
                    continue
                if p in self.triggers.symmetric and o < s:
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
                    self.extractor,
                    conf,
                    q.polarity,
                    q.modality,
                    q.attribution,
                    attributed,
                    when,
                )


@Language.factory(
    "kg_relations",
    requires=["doc.spans", "token.dep"],
    assigns=["doc._.kg_claims"],
    default_config={"lexicons": []},
)
def make_relations(nlp: Language, name: str, lexicons: list[str]) -> RelationExtractor:
    """spaCy factory of :class:`RelationExtractor`; ``lexicons`` are TOML files read after the shipped ones."""
    return RelationExtractor(nlp, name, lexicons=lexicons)
