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

import numpy
from spacy.attrs import LEMMA, LOWER, POS
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..ontology import fits, range_of, subclasses
from ..records import Claim
from .agreements import AgreementFinder
from .attributes import token_ids, trigger_map
from .base import DataComponent
from .coercion import CoercionRules
from .event_dates import event_date
from .gatherings import GatheringFinder
from .membership import MembershipFinder
from .mentions import Index, mention_index
from .modality import Qualifier, qualify
from .presence import PresenceFinder
from .stance import StanceRules
from .triggers import WORD_CLASSES, Candidate, TriggerFinder

__all__ = ["RelationExtractor", "make_relations"]

EXTRACTOR = "kg.relations"


class RelationExtractor(DataComponent):
    """Find relation triggers and their arguments; append :class:`~kg.records.Claim` records."""

    extractor = EXTRACTOR  # the name the claims carry

    def setup(self) -> None:
        self.triggers = TriggerFinder(self.lexicon)
        self.words = self.lexicon.words
        # Rules that look at a whole doc once, after the verbs and nouns
        self.doc_rules = (StanceRules(self.lexicon), CoercionRules(self.lexicon))
        # rule families keyed on cue words (forms or lemmas): each finder's candidates at its cues
        strings = self.vocab.strings
        lexicon = self.lexicon
        finders = (
            MembershipFinder(lexicon),
            GatheringFinder(lexicon),
            PresenceFinder(lexicon, self.gazetteer),
            AgreementFinder(lexicon),
        )
        self.finders = [(f, frozenset(strings.add(w) for w in f.cues)) for f in finders]
        self.cue_ids = numpy.array(sorted({i for _, ids in self.finders for i in ids}), dtype="uint64")

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
        # one read of the forms and lemmas for all the finders' cues
        if len(doc):
            cols = doc.to_array([LOWER, LEMMA])
            for i in numpy.flatnonzero(numpy.isin(cols, self.cue_ids).any(axis=1)).tolist():
                lower, lemma = int(cols[i, 0]), int(cols[i, 1])
                for finder, ids in self.finders:
                    if lower in ids or lemma in ids:
                        self.emit(finder.at(doc[i], index, claims), index, classes, date, claims, seen)
        self.emit(self.triggers.settings(doc, index), index, classes, date, claims, seen)
        for rules in self.doc_rules:
            self.emit(rules.find(doc, index), index, classes, date, claims, seen)
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
                    trigger_map(trigger.doc)[k] = trigger.i

    def property_for(self, prop: str, object_cls: str | None) -> str:
        """The property a claim gets: ``prop``, unless the property rules say what it means with an
        object of this class ("agreed a deal" signs it), or, when the object falls outside its range,
        what it means then ("took part in the pact" is partyTo)."""
        rule = self.triggers.rule(prop)
        if rule.by_object and object_cls is not None:
            # "agreed a trade deal": an agreement made is signed, not agreed with
            found = next((p for cls, p in rule.by_object.items() if object_cls in subclasses(cls)), None)
            if found is not None:
                return found
        outside = rule.outside_range
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
    default_config={"extra_gazetteers": [], "lexicons": []},
)
def make_relations(nlp: Language, name: str, extra_gazetteers: list[str], lexicons: list[str]) -> RelationExtractor:
    """spaCy factory of :class:`RelationExtractor`; ``lexicons`` are TOML files read after the shipped ones,
    ``extra_gazetteers`` JSONL files read after the shipped gazetteer (the states people serve)."""
    return RelationExtractor(nlp, name, lexicons=lexicons, extra_gazetteers=extra_gazetteers)
