"""Query parameters as RDF terms: a ``--param`` value as an rdflib term, and terms between rdflib and pyoxigraph.

>>> to_term("kgid:state/FRA")
rdflib.term.URIRef('https://w3id.org/kg-ir/id/state/FRA')
>>> to_rdflib(to_ox(to_term("2024-05-02"))) == to_term("2024-05-02")
True
"""

from __future__ import annotations

import re
from typing import Any

import pyoxigraph as ox
from rdflib import RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.namespace import SKOS
from rdflib.plugins.stores.sparqlstore import SPARQLStore

from ..namespace import IR
from ..rdf import PREFIXES

__all__ = ["to_term", "to_ox", "to_rdflib"]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR_MONTH = re.compile(r"^\d{4}-\d{2}$")
INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?\d+\.\d+$")
_CURIE = re.compile(r"^([A-Za-z][\w.-]*):([^\s/][^\s]*)?$")
_XSD_STRING = str(XSD.string)
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def _entity_by_name(graph: Graph, value: str) -> URIRef | None:
    if isinstance(graph.store, SPARQLStore):
        return _entity_on_endpoint(graph, value)
    wanted = value.casefold()
    for prop in (RDFS.label, SKOS.altLabel):
        found = sorted(
            {s for s, o in graph.subject_objects(prop) if isinstance(s, URIRef) and str(o).casefold() == wanted},
            key=str,
        )
        if found:
            return found[0]
    return None


def to_term(value: str, graph: Graph | None = None) -> URIRef | Literal:
    """The RDF term a parameter value stands for.

    ``<...>`` or ``http(s)://...`` or ``urn:...`` give an IRI, a CURIE with a known prefix
    (``ir:State``, ``kgid:state/FRA``, ``wd:Q142``) gives its IRI, a label or alternative
    label of an entity in ``graph`` gives the entity (case-insensitive), the local name of
    an ontology term (``Denied``, ``criticizes``) gives the term, ``YYYY-MM-DD`` an
    ``xsd:date``, ``YYYY-MM`` an ``xsd:gYearMonth``, numbers ``xsd:integer`` or
    ``xsd:decimal``, and anything else a plain literal.

    Example:
        >>> to_term("2025-06-05").datatype == XSD.date, to_term("ir:State") == IR.State
        (True, True)
        >>> to_term("Denied") == IR.Denied
        True
        >>> to_term("France")
        rdflib.term.Literal('France')
    """
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        return URIRef(text[1:-1])
    if re.match(r"^(https?|urn|file):", text):
        return URIRef(text)
    curie = _CURIE.match(text)
    if curie:
        prefixes = dict(PREFIXES)
        if graph is not None:
            prefixes.update({p: str(ns) for p, ns in graph.namespaces()})
        if curie[1] in prefixes:
            return URIRef(prefixes[curie[1]] + (curie[2] or ""))
    if graph is not None:
        entity = _entity_by_name(graph, text)
        if entity is not None:
            return entity
    if re.fullmatch(r"[A-Za-z]\w*", text) and text in _ontology_terms():
        return IR._NS[text]
    if _DATE.match(text):
        return Literal(text, datatype=XSD.date)
    if _YEAR_MONTH.match(text):
        return Literal(text, datatype=XSD.gYearMonth)
    if INTEGER.match(text):
        return Literal(int(text))
    if _DECIMAL.match(text):
        return Literal(text, datatype=XSD.decimal)
    return Literal(value)


def _entity_on_endpoint(graph: Graph, value: str) -> URIRef | None:
    """:func:`_entity_by_name` over an endpoint: the labels that may match are looked up there."""
    wanted = value.casefold()
    # The name goes in as a literal pyoxigraph writes (escaped), never pasted.
    query = f"""SELECT DISTINCT ?s ?p ?label WHERE {{
      VALUES ?name {{ {ox.Literal(value.lower())} }}
      VALUES ?p {{ <{RDFS.label}> <{SKOS.altLabel}> }}
      ?s ?p ?label FILTER(isIRI(?s) && LCASE(STR(?label)) = ?name)
    }}"""
    rows = [tuple(row) for row in graph.query(query)]  # type: ignore[arg-type]
    for prop in (RDFS.label, SKOS.altLabel):
        found = sorted(
            {s for s, p, label in rows if isinstance(s, URIRef) and p == prop and str(label).casefold() == wanted},
            key=str,
        )
        if found:
            return found[0]
    return None


def _ontology_terms() -> frozenset[str]:
    return frozenset(getattr(IR, "__annotations__", {}))


def to_ox(term: Any) -> Any:
    """An rdflib term as a pyoxigraph term (pyoxigraph terms pass through)."""
    if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return term
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def to_rdflib(term: Any) -> Any:
    """A pyoxigraph term as an rdflib term; plain strings stay plain literals."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return (
            Literal(term.value)
            if datatype in (_XSD_STRING, _RDF_LANG_STRING)
            else Literal(term.value, datatype=URIRef(datatype))
        )
    if term is None:
        return None
    raise TypeError(f"not a pyoxigraph term: {term!r}")
