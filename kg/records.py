"""Small frozen records that the stages hand each other.

Data flows one way: :class:`Article` (ingest) -> spaCy ``Doc`` with :class:`Entity`
and :class:`Claim` records (components) -> rdflib ``Graph`` (rdf).

>>> Article(id="a1", text="Seoul, June 5 (Yonhap) ...").title is None
True
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

__all__ = ["Segment", "Article", "Entity", "Claim", "POSITIVE", "NEGATIVE", "MODALITIES"]


@dataclass(frozen=True)
class Segment:
    """A structural part of an article: headline, heading, bullet, dateline or body.

    ``start`` and ``end`` are character offsets into :attr:`Article.text`.
    """

    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Article:
    """One news article as kg reads it.

    ``text`` is what the pipeline processes; every character offset in the graph points
    into it. When a JSON record's ``title`` is not already its first line, ``text`` is
    the title, a blank line, then the record's text.
    """

    id: str
    text: str
    title: str | None = None
    date: dt.date | None = None
    source: str | None = None
    url: str | None = None
    place: str | None = None
    origin: str | None = None  # file (and line) the article came from
    segments: tuple[Segment, ...] = ()
    content_hash: str = ""


@dataclass(frozen=True)
class Entity:
    """A real-world entity an article mentions, resolved to one canonical key.

    ``key`` is stable across runs and articles ("state/PRK", "person/emmanuel-macron")
    and is the only thing the RDF writer turns into an IRI.
    """

    key: str
    cls: str  # local name of an ontology class
    label: str
    wikidata: str | None = None
    alt_labels: frozenset[str] = field(default_factory=frozenset)
    iso2: str | None = None
    iso3: str | None = None


POSITIVE, NEGATIVE = "Positive", "Negative"
MODALITIES = ("Asserted", "Hypothetical", "Possible", "Future", "Denied")


@dataclass(frozen=True)
class Claim:
    """One sighting of a relation between two entities in one sentence.

    Only claims that are positive and asserted become direct triples; the rest are kept
    as statements with their polarity and modality.
    """

    subject: str  # Entity.key
    predicate: str  # local name of an ontology object property
    object: str  # Entity.key
    start: int  # sentence offsets into Article.text
    end: int
    sentence: str
    trigger: str
    extractor: str
    confidence: float = 0.8
    polarity: str = POSITIVE
    modality: str = "Asserted"
    attribution: str | None = None
    attributed_to: str | None = None  # Entity.key of the source, when it is an entity
    event_date: str | None = None  # ISO date, YYYY-MM or YYYY
    office: str | None = None
    valid_from: str | None = None
    valid_until: str | None = None

    @property
    def factual(self) -> bool:
        """True when the claim is stated as a fact: positive and asserted."""
        return self.polarity == POSITIVE and self.modality == "Asserted"
