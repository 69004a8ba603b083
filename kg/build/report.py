"""What a build did (:class:`BuildReport`), and the figures of a graph for its summary.

>>> report = BuildReport(built=2)
>>> count_graph(report, Graph())
>>> print(report.summary())
articles built 2, failed 0
claims    0 statements, 0 negated or hypothetical
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from oxrdflib import OxigraphStore
from rdflib import OWL, RDF, RDFS, Graph

from ..namespace import IR
from ..ontology import load_ontology

__all__ = ["BuildReport", "count_graph"]


@dataclass
class BuildReport:
    """What a build did: counts, errors, and the graph it wrote (when it kept one in memory)."""

    built: int = 0
    failed: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    entity_classes: Counter = field(default_factory=Counter)
    relations: Counter = field(default_factory=Counter)
    statements: int = 0
    non_factual: int = 0
    graph: Graph | None = None
    output: Path | None = None
    html: Path | None = None
    top_actors: list[tuple[str, int]] = field(default_factory=list)

    def summary(self) -> str:
        """A few lines saying what was found."""
        unchanged = f", unchanged {self.skipped}" if self.skipped else ""
        warned = f", warnings {len(self.warnings)}" if self.warnings else ""
        lines = [f"articles built {self.built}, failed {self.failed}{unchanged}{warned}"]
        if self.entity_classes:
            lines.append("entities  " + ", ".join(f"{c} {n}" for c, n in self.entity_classes.most_common()))
        if self.relations:
            lines.append(
                f"relations {sum(self.relations.values())} direct triples: "
                + ", ".join(f"{p} {n}" for p, n in self.relations.most_common(8))
            )
        lines.append(f"claims    {self.statements} statements, {self.non_factual} negated or hypothetical")
        if self.top_actors:
            lines.append("most active: " + ", ".join(f"{a} ({n})" for a, n in self.top_actors[:5]))
        for what, path in (("wrote", self.output), ("view", self.html)):
            if path:
                lines.append(f"{what}     {path}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return "<pre>" + escape(self.summary()) + "</pre>"


# Entities of each class: typed nodes with a label (articles and claims have none).
_CLASSES = "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c ; rdfs:label ?label } GROUP BY ?c"
# Claims, and those that are negated or not asserted.
_CLAIMS = "SELECT (COUNT(?c) AS ?n) WHERE { ?c a ir:Claim }"
_NON_FACTUAL = (
    "SELECT (COUNT(?c) AS ?n) WHERE { ?c a ir:Claim "
    "FILTER(EXISTS { ?c ir:polarity ir:Negative } || NOT EXISTS { ?c ir:modality ir:Asserted }) }"
)
# Triples between two labelled entities, by property, and by property and entity (either
# side).  Ontology properties are picked in Python: a VALUES block of them would make rdflib
# evaluate the join slowly.
_BY_PROPERTY = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?s rdfs:label ?sl . ?o rdfs:label ?ol } GROUP BY ?p"
_BY_ENTITY = (
    "SELECT ?x ?p (SAMPLE(?l) AS ?label) (COUNT(*) AS ?n) WHERE { "
    "{ ?x ?p ?o . ?x rdfs:label ?l . ?o rdfs:label ?ol } UNION { ?s ?p ?x . ?s rdfs:label ?sl . "
    "?x rdfs:label ?l } } GROUP BY ?x ?p"
)
_NS = {"ir": IR._NS, "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}


def _local(term: object) -> str:
    return str(term).rsplit("#", 1)[-1]


def count_graph(report: BuildReport, g: Graph) -> None:
    """Fill the report's figures from a built graph: entities by class, direct relations by
    property, claims and the non-factual ones, and the five most active actors.

    A store's graph is counted with SPARQL, which Oxigraph evaluates; a graph in memory is
    counted by walking its triples, which gives the same figures (rdflib's SPARQL joins
    the labels of every pair of entities, and takes minutes on a corpus of a few hundred
    articles).
    """
    onto = load_ontology()
    classes = set(onto.subjects(RDF.type, None)) - {IR.Article, IR.Claim}
    props = set(onto.subjects(RDF.type, OWL.ObjectProperty))
    if isinstance(g.store, OxigraphStore):
        by_class, statements, non_factual, by_property, by_entity = _sparql_counts(g)
    else:
        by_class, statements, non_factual, by_property, by_entity = _walked_counts(g, props)
    # Sorted so that ties keep one order (Counter.most_common keeps insertion order).
    for c, n in sorted(by_class):
        if c in classes:
            report.entity_classes[_local(c)] += int(n)
    report.statements, report.non_factual = statements, non_factual
    for p, n in sorted(by_property):
        if p in props:
            report.relations[_local(p)] += int(n)
    degree: Counter = Counter()
    labels = {}
    for x, p, label, n in by_entity:
        if p in props:
            degree[x] += int(n)
            labels[x] = str(label)
    top = sorted(degree.items(), key=lambda item: (-item[1], labels[item[0]], str(item[0])))[:5]
    report.top_actors = [(labels[x], n) for x, n in top]


_Counts = tuple[list[tuple[Any, ...]], int, int, list[tuple[Any, ...]], list[tuple[Any, ...]]]


def _sparql_counts(g: Graph) -> _Counts:
    [(statements,)], [(non_factual,)] = _rows(g, _CLAIMS), _rows(g, _NON_FACTUAL)
    return _rows(g, _CLASSES), int(statements), int(non_factual), _rows(g, _BY_PROPERTY), _rows(g, _BY_ENTITY)


def _walked_counts(g: Graph, props: set) -> _Counts:
    """What the five queries above give, from the graph's triples (the same rows, but for order)."""
    labels: dict[Any, list] = {}
    for s, label in g.subject_objects(RDFS.label):
        labels.setdefault(s, []).append(label)
    members: dict[Any, set] = {}
    for s, c in g.subject_objects(RDF.type):
        if s in labels:
            members.setdefault(c, set()).add(s)
    claims = set(g.subjects(RDF.type, IR.Claim))
    negative = set(g.subjects(IR.polarity, IR.Negative))
    asserted = set(g.subjects(IR.modality, IR.Asserted))
    non_factual = sum(1 for c in claims if c in negative or c not in asserted)
    by_property: Counter = Counter()
    by_entity: Counter = Counter()
    for p in props:
        for s, o in g.subject_objects(p):
            ls, lo = len(labels.get(s, ())), len(labels.get(o, ()))
            by_property[p] += ls * lo
            by_entity[s, p] += ls * lo  # each row of the UNION's first part, once per label of ?x
            by_entity[o, p] += ls * lo
    return (
        [(c, len(nodes)) for c, nodes in members.items()],
        len(claims),
        non_factual,
        [(p, n) for p, n in by_property.items() if n],
        [(x, p, min(labels[x]), n) for (x, p), n in by_entity.items() if n],
    )


def _rows(g: Graph, query: str) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in g.query(query, initNs=_NS)]  # type: ignore[arg-type]
