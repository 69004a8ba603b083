"""Records -> rdflib graphs; the only place that mints IRIs.

Entity IRIs come from entity keys, so the same entity gets the same IRI in every run and
every article.  Each claim becomes an ``ir:Claim`` statement node with its evidence;
factual claims (positive, asserted) also give the direct triple.

>>> from kg.records import Article, Entity
>>> g = article_graph(Article(id="a1", text="..."), [Entity("state/FRA", "State", "France", "Q142")], [])
>>> str(iri("state/FRA")), len(list(g.subjects(RDF.type, IR.State)))
('https://w3id.org/kg-ir/id/state/FRA', 1)
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote

from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS

from . import __version__
from .errors import Codes, UsageError, error
from .files import replace_file
from .namespace import IR
from .ontology import event_properties
from .records import Article, Claim, Entity

__all__ = [
    "BASE",
    "PREFIXES",
    "FORMATS",
    "QUAD_FORMATS",
    "iri",
    "article_iri",
    "article_graph",
    "format_for",
    "write_graph",
    "new_graph",
    "xml_safe",
    "xml_safe_text",
]

BASE = Namespace("https://w3id.org/kg-ir/id/")
WD = Namespace("http://www.wikidata.org/entity/")
SCHEMA = Namespace("https://schema.org/")
# The prefixes kg writes and every query may use without declaring them.
PREFIXES = {
    "ir": str(IR._NS),
    "kgid": str(BASE),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "schema": str(SCHEMA),
    "wd": str(WD),
}
# File extension -> rdflib format name, for reading and writing.
FORMATS = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".n3": "n3",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".trig": "trig",
    ".nq": "nquads",
    ".rdf": "xml",
    ".xml": "xml",
    ".owl": "xml",
}
# The formats that keep one named graph per article.
QUAD_FORMATS = frozenset({"trig", "nquads"})
# Characters XML 1.0 cannot hold, even escaped: most C0 controls, surrogates, U+FFFE/U+FFFF.
_NOT_XML = re.compile(r"[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def iri(key: str) -> URIRef:
    """The IRI of an entity key."""
    return BASE[key]


def article_iri(article: Article) -> URIRef:
    """The IRI of an article, from its id without loss: distinct ids never share an IRI.

    An id of letters, digits, ``-``, ``_`` and ``.`` is used as it is; any other
    character is percent-encoded (UTF-8), ``%`` included, so the id can be read back.

    >>> [str(article_iri(Article(id=i, text="."))).rsplit("/", 1)[1] for i in ("a1", "A B", "a-b", "../x")]
    ['a1', 'A%20B', 'a-b', '..%2Fx']
    """
    ident = article.id
    if ident in (".", ".."):  # dot segments would be dropped by IRI normalization
        ident = ident.replace(".", "%2E")
    elif not all(c.isalnum() or c in "-_." for c in ident):
        ident = "".join(c if c.isalnum() or c in "-_." else quote(c, safe="") for c in ident)
    return BASE[f"article/{ident}"]


def claim_iri(article: Article, claim: Claim) -> URIRef:
    raw = "\x1f".join(
        map(
            str,
            (
                article.id,
                claim.subject,
                claim.predicate,
                claim.object,
                claim.start,
                claim.trigger,
                claim.polarity,
                claim.modality,
            ),
        )
    )
    return BASE[f"claim/{hashlib.sha1(raw.encode()).hexdigest()[:20]}"]


def new_graph(cls: type = Graph) -> Graph:
    """An empty graph (or ``Dataset``) with kg's prefixes bound."""
    g = cls()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    return g


def _date_literal(value: str) -> Literal:
    if len(value) == 10:
        return Literal(value, datatype=XSD.date)
    if len(value) == 7:
        return Literal(value, datatype=XSD.gYearMonth)
    return Literal(value, datatype=XSD.gYear)


def article_graph(
    article: Article,
    entities: Iterable[Entity],
    claims: Iterable[Claim],
    labels: dict[str, str] | None = None,
    prefixes: bool = True,
) -> Graph:
    """The triples one article contributes: its document node, entities and claims.

    ``labels`` maps entity keys to the label already used for them (across articles),
    so a node keeps one ``rdfs:label`` however its name was spelled.  ``prefixes=False``
    binds none (binding them costs more than a small article's triples, and N-Triples
    have no use for them).
    """
    g = new_graph() if prefixes else Graph(bind_namespaces="none")
    doc = article_iri(article)
    g.add((doc, RDF.type, IR.Article))
    g.add((doc, IR.articleId, Literal(article.id)))
    if article.title:
        g.add((doc, DCTERMS.title, Literal(article.title)))
    if article.date:
        g.add((doc, DCTERMS.date, Literal(article.date.isoformat(), datatype=XSD.date)))
    if article.source:
        g.add((doc, DCTERMS.source, Literal(article.source)))
    if article.url:
        g.add((doc, SCHEMA.url, Literal(article.url)))
    if article.content_hash:
        g.add((doc, IR.contentHash, Literal(article.content_hash)))
    labels = {} if labels is None else labels
    for e in entities:
        node = iri(e.key)
        label = labels.setdefault(e.key, e.label)
        g.add((node, RDF.type, IR[e.cls]))
        g.add((node, RDFS.label, Literal(label)))
        for alt in sorted(e.alt_labels | ({e.label} - {label})):
            g.add((node, SKOS.altLabel, Literal(alt)))
        if e.wikidata:
            g.add((node, OWL.sameAs, WD[e.wikidata]))
        if e.iso2:
            g.add((node, IR.iso2, Literal(e.iso2)))
        if e.iso3:
            g.add((node, IR.iso3, Literal(e.iso3)))
        g.add((node, IR.mentionedIn, doc))
    props = event_properties()
    for c in claims:
        add_claim(g, article, doc, c, props.get(c.predicate))
    return g


def add_claim(g: Graph, article: Article, doc: URIRef, c: Claim, info=None) -> URIRef:
    node = claim_iri(article, c)
    s, p, o = iri(c.subject), IR[c.predicate], iri(c.object)
    g.add((node, RDF.type, IR.Claim))
    g.add((node, RDF.subject, s))
    g.add((node, RDF.predicate, p))
    g.add((node, RDF.object, o))
    g.add((node, PROV.wasDerivedFrom, doc))
    g.add((node, IR.sentence, Literal(c.sentence)))
    g.add((node, IR.charStart, Literal(c.start, datatype=XSD.nonNegativeInteger)))
    g.add((node, IR.charEnd, Literal(c.end, datatype=XSD.nonNegativeInteger)))
    g.add((node, IR.trigger, Literal(c.trigger)))
    g.add((node, IR.extractor, Literal(c.extractor)))
    g.add((node, IR.extractorVersion, Literal(__version__)))
    g.add((node, IR.confidence, Literal(round(c.confidence, 3), datatype=XSD.decimal)))
    g.add((node, IR.polarity, IR[c.polarity]))
    g.add((node, IR.modality, IR[c.modality]))
    date = c.event_date or (article.date.isoformat() if article.date else None)
    if date:
        g.add((node, IR.eventDate, _date_literal(date)))
    if c.attribution:
        g.add((node, IR.attribution, Literal(c.attribution)))
    if c.attributed_to:
        g.add((node, IR.attributedTo, iri(c.attributed_to)))
    if c.office:
        g.add((node, IR.office, Literal(c.office)))
    if c.valid_from:
        g.add((node, IR.validFrom, Literal(c.valid_from, datatype=XSD.date)))
    if c.valid_until:
        g.add((node, IR.validUntil, Literal(c.valid_until, datatype=XSD.date)))
    if info is not None:
        g.add((node, IR.ploverCategory, Literal(info.plover)))
        g.add((node, IR.quadClass, Literal(info.quad_class)))
        g.add((node, IR.goldstein, Literal(info.goldstein, datatype=XSD.decimal)))
    if c.factual:
        g.add((s, p, o))
    return node


def xml_safe_text(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot hold replaced by U+FFFD.

    >>> xml_safe_text("a\\x01b\\tc") == "a\\ufffdb\\tc"
    True
    """
    return _NOT_XML.sub("\ufffd", text) if _NOT_XML.search(text) else text


def _xml_term(term):
    if isinstance(term, Literal) and _NOT_XML.search(str(term)):
        return Literal(xml_safe_text(str(term)), lang=term.language, datatype=term.datatype)
    if isinstance(term, URIRef) and _NOT_XML.search(term):
        return URIRef(_NOT_XML.sub(lambda m: quote(m.group(), safe="", errors="replace"), term))
    return term


def xml_safe(g: Graph) -> Graph:
    """``g`` itself when RDF/XML can hold all of it, else a copy with its text made XML-safe.

    Literals get :func:`xml_safe_text`, IRIs percent-encode what XML cannot hold.  kg's
    own article graphs never need it (ingest cleans the text), graphs from elsewhere may.
    """
    if not any(_NOT_XML.search(str(t)) for triple in g for t in triple):
        return g
    out = new_graph()
    for triple in g:
        out.add(tuple(_xml_term(t) for t in triple))  # type: ignore[arg-type]
    return out


def format_for(path: Path) -> str:
    """The rdflib format name for a file's extension."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise error(
            f"{path}: unsupported output extension {path.suffix!r}; use one of {', '.join(sorted(FORMATS))}",
            Codes.BAD_OUTPUT,
            UsageError,
        )
    return fmt


def write_graph(graphs: dict[URIRef, Graph], path: Path) -> None:
    """Write per-article graphs to ``path``: named graphs for TriG/N-Quads, their union otherwise."""
    fmt = format_for(path)
    if fmt in QUAD_FORMATS:
        ds: Dataset = new_graph(Dataset)  # type: ignore[assignment]
        for name, g in graphs.items():
            named = ds.graph(name)
            for t in g:
                named.add(t)
        out: Graph = ds
    else:
        out = new_graph()
        for g in graphs.values():
            out += g
        if fmt == "xml":
            out = xml_safe(out)
    with replace_file(path) as tmp:
        out.serialize(destination=str(tmp), format=fmt, encoding="utf-8")  # N-Triples warns without it
