"""Custom ``Doc`` attributes, declared once, on import.

- ``doc._.kg_article``: the :class:`~kg.records.Article` the doc was made from, or None.
- ``doc._.kg_entities``: entity key -> :class:`~kg.records.Entity` for every entity resolved in the doc.
- ``doc._.kg_claims``: the :class:`~kg.records.Claim` records the relation extractors found.

Span groups the components fill:

- ``doc.spans["kg_segments"]``: headline, heading, bullet, dateline and body segments.
- ``doc.spans["kg_gazetteer"]``: gazetteer matches, label = how it matched (name, demonym, seat).
- ``doc.spans["kg_mentions"]``: every resolved mention; ``label_`` is the ontology class,
  ``kb_id_`` the entity key.  Mentions may overlap ("French" inside "French President").

>>> import spacy
>>> doc = spacy.blank("en")("Hello")
>>> doc._.kg_entities
{}
"""

from __future__ import annotations

from collections.abc import Collection

import numpy
from spacy.tokens import Doc

SEGMENTS, GAZETTEER, MENTIONS = "kg_segments", "kg_gazetteer", "kg_mentions"


def _entities(doc: Doc) -> dict:
    return doc.user_data.setdefault("kg.entities", {})


def _claims(doc: Doc) -> list:
    return doc.user_data.setdefault("kg.claims", [])


def trigger_map(doc: Doc) -> dict[tuple[str, str, str, int], int]:
    """(subject, predicate, object, sentence start) of a claim -> the index of its trigger token."""
    return doc.user_data.setdefault("kg.triggers", {})


def part_of_map(doc: Doc) -> dict[str, str]:
    """Government bodies minted from text ("Seoul's unification ministry") -> the key of their state."""
    return doc.user_data.setdefault("kg.part_of", {})


if not Doc.has_extension("kg_entities"):
    Doc.set_extension("kg_entities", getter=_entities)
if not Doc.has_extension("kg_claims"):
    Doc.set_extension("kg_claims", getter=_claims)
if not Doc.has_extension("kg_article"):
    Doc.set_extension("kg_article", default=None)


def token_ids(doc: Doc, attr: int, values: Collection[int]) -> list[int]:
    """Indexes of the tokens whose ``attr`` (a spaCy attribute id) is one of ``values``.

    A column read with ``Doc.to_array`` is much cheaper than a ``Token`` object a token,
    and most of a doc's tokens are not the ones a component looks for.

    >>> import spacy
    >>> from spacy.attrs import LOWER
    >>> doc = spacy.blank("en")("The summit and the Summit")
    >>> token_ids(doc, LOWER, {doc.vocab.strings["summit"]})
    [1, 4]
    """
    if not len(doc) or not values:
        return []
    column = doc.to_array(attr)
    return numpy.flatnonzero(numpy.isin(column, numpy.fromiter(values, dtype=column.dtype))).tolist()
