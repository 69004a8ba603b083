"""RDF -> networkx: :func:`graph_to_networkx` and the :class:`Evidence` its edges carry.

The conversion goes one way, from rdflib to networkx: nodes are entity IRIs, edges are
direct relation triples keyed by the property's local name, with the evidence the claims
give for them.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any, NamedTuple

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS

from ..namespace import IR
from ..ontology import event_properties

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["QUAD_CLASSES", "Evidence", "graph_to_networkx"]

QUAD_CLASSES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
# Typed nodes of these classes are documents and statements, not entities.
NON_ENTITY_CLASSES = frozenset({IR.Article, IR.Claim, IR.Polarity, IR.Modality})
WIKIDATA = "http://www.wikidata.org/entity/"


class Evidence(NamedTuple):
    """One sentence that states a relation, with the article it comes from."""

    sentence: str
    title: str
    date: str | None  # the claim's event date, else the article's date (ISO text)


def _local(term: object) -> str:
    text = str(term)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _number(value: object) -> float | None:
    if isinstance(value, Literal):
        try:
            return float(value.toPython())
        except (TypeError, ValueError):
            return None
    return None


def _factual(g: Graph, claim: Any) -> bool:
    polarity = g.value(claim, IR.polarity)
    modality = g.value(claim, IR.modality)
    return polarity in (None, IR.Positive) and modality in (None, IR.Asserted)


def _property_annotations(g: Graph) -> dict[URIRef, tuple[int | None, float | None, str | None]]:
    """quadClass, goldstein and PLOVER category of each property, from the ontology and ``g``."""
    out: dict[URIRef, tuple[int | None, float | None, str | None]] = {
        info.iri: (info.quad_class, info.goldstein, info.plover) for info in event_properties().values()
    }
    for prop in set(g.subjects(RDF.type, OWL.ObjectProperty)):  # an ontology merged into the data graph
        if isinstance(prop, URIRef) and (prop, IR.quadClass, None) in g:
            quad = _number(g.value(prop, IR.quadClass))
            out[prop] = (
                int(quad) if quad is not None else None,
                _number(g.value(prop, IR.goldstein)),
                _text(g.value(prop, IR.ploverCategory)),
            )
    return out


def graph_to_networkx(g: Graph, *, claims: bool = False) -> nx.MultiDiGraph:
    """Convert an RDF graph that ``kg`` wrote into a networkx ``MultiDiGraph``.

    Nodes are entity IRIs (as strings) with ``label``, ``cls`` (local name of the
    ontology class), ``wikidata`` (a Q-id or None), ``alt_labels``, ``articles`` (how many
    articles mention it) and ``degree``.  Each direct relation triple becomes one edge keyed
    by the property's local name, with ``relation``, ``quad_class``, ``goldstein``,
    ``plover``, ``claims`` (how many claims state it), ``confidence`` (the highest),
    ``dates`` (sorted ISO dates), ``evidence`` (a list of :class:`Evidence`) and
    ``factual=True``.

    Args:
        g: an rdflib ``Graph`` or ``Dataset`` (the union of its graphs is read).
        claims: also add the claims that are not facts (negated, denied, hypothetical,
            possible or future) as edges keyed ``relation|polarity|modality``, with
            ``factual=False`` and their ``polarity`` and ``modality``.  The measures in
            this module ignore such edges.

    Returns:
        A new ``MultiDiGraph``; ``G.graph`` holds ``articles`` and ``claims`` counts.

    Example:
        >>> from rdflib import Graph
        >>> g = Graph().parse(format="turtle", data='''
        ... @prefix ir: <https://w3id.org/kg-ir/ontology#> .
        ... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        ... <https://w3id.org/kg-ir/id/state/FRA> a ir:State ; rdfs:label "France" ;
        ...     ir:meetsWith <https://w3id.org/kg-ir/id/state/CHN> .
        ... <https://w3id.org/kg-ir/id/state/CHN> a ir:State ; rdfs:label "China" .
        ... ''')
        >>> G = graph_to_networkx(g)
        >>> [(G.nodes[u]["label"], k, G.nodes[v]["label"]) for u, v, k in G.edges(keys=True)]
        [('France', 'meetsWith', 'China')]
        >>> [q for _, _, q in G.edges(data="quad_class")]
        [1]
    """
    import networkx as nx

    G = nx.MultiDiGraph()
    entities: dict[Any, URIRef] = {}
    for node, cls in g.subject_objects(RDF.type):
        is_class = isinstance(cls, URIRef) and str(cls).startswith(str(IR._NS)) and cls not in NON_ENTITY_CLASSES
        if isinstance(node, URIRef) and is_class:
            entities.setdefault(node, cls)  # type: ignore[arg-type]
    for node, cls in sorted(entities.items()):
        same = [str(o) for o in g.objects(node, OWL.sameAs) if str(o).startswith(WIKIDATA)]
        label = g.value(node, RDFS.label)
        G.add_node(
            str(node),
            label=str(label) if label is not None else _local(node),
            cls=_local(cls),
            wikidata=same[0][len(WIKIDATA) :] if same else None,
            alt_labels=sorted(str(a) for a in g.objects(node, SKOS.altLabel)),
            articles=len(set(g.objects(node, IR.mentionedIn))),
        )

    titles: dict[Any, tuple[str, str | None]] = {}
    for article in g.subjects(RDF.type, IR.Article):
        title = g.value(article, DCTERMS.title) or g.value(article, IR.articleId) or _local(article)
        titles[article] = (str(title), _text(g.value(article, DCTERMS.date)))

    annotations = _property_annotations(g)
    # (subject, predicate, object, factual, polarity, modality) -> claim nodes
    sightings: dict[tuple[Any, ...], list[Any]] = defaultdict(list)
    n_claims = 0
    for claim in g.subjects(RDF.type, IR.Claim):
        n_claims += 1
        s, p, o = g.value(claim, RDF.subject), g.value(claim, RDF.predicate), g.value(claim, RDF.object)
        if s in entities and o in entities and p is not None:
            factual = _factual(g, claim)
            key = (
                (s, p, o, True, None, None)
                if factual
                else (
                    s,
                    p,
                    o,
                    False,
                    _local(g.value(claim, IR.polarity) or IR.Positive),
                    _local(g.value(claim, IR.modality) or IR.Asserted),
                )
            )
            sightings[key].append(claim)

    def edge_attrs(p: URIRef, found: list[Any]) -> dict[str, Any]:
        quad, goldstein, plover = annotations.get(p, (None, None, None))
        evidence, confidence = [], None
        for claim in sorted(found, key=str):
            if quad is None:
                q = _number(g.value(claim, IR.quadClass))
                quad = int(q) if q is not None else None
            goldstein = goldstein if goldstein is not None else _number(g.value(claim, IR.goldstein))
            plover = plover or _text(g.value(claim, IR.ploverCategory))
            conf = _number(g.value(claim, IR.confidence))
            if conf is not None:
                confidence = conf if confidence is None else max(confidence, conf)
            title, article_date = titles.get(g.value(claim, PROV.wasDerivedFrom), ("", None))
            date = _text(g.value(claim, IR.eventDate)) or article_date
            evidence.append(Evidence(str(g.value(claim, IR.sentence) or ""), title, date))
        evidence.sort(key=lambda e: (e.date or "", e.title, e.sentence))
        return {
            "relation": _local(p),
            "quad_class": quad,
            "goldstein": goldstein,
            "plover": plover,
            "claims": len(found),
            "confidence": confidence,
            "evidence": evidence,
            "dates": sorted({e.date for e in evidence if e.date}),
        }

    for s in sorted(entities):
        facts = [(p, o) for p, o in g.predicate_objects(s) if o in entities and str(p).startswith(str(IR._NS))]
        for p, o in sorted(facts):
            found = sightings.get((s, p, o, True, None, None), [])
            G.add_edge(str(s), str(o), key=_local(p), factual=True, **edge_attrs(p, found))  # type: ignore[arg-type]
    if claims:
        for (s, p, o, factual, polarity, modality), found in sorted(sightings.items(), key=str):
            if not factual:
                G.add_edge(
                    str(s),
                    str(o),
                    key=f"{_local(p)}|{polarity}|{modality}",
                    factual=False,
                    polarity=polarity,
                    modality=modality,
                    **edge_attrs(p, found),
                )

    for node, degree in G.degree():
        G.nodes[node]["degree"] = degree
    G.graph.update(articles=len(titles), claims=n_claims)
    return G
