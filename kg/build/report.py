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

from rdflib import OWL, RDF, Graph

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

    The same SPARQL runs over a file build's graph in memory and over a store's graph,
    where Oxigraph evaluates it.
    """
    onto = load_ontology()
    classes = set(onto.subjects(RDF.type, None)) - {IR.Article, IR.Claim}
    props = set(onto.subjects(RDF.type, OWL.ObjectProperty))
    # Sorted so that ties keep one order (Counter.most_common keeps insertion order).
    for c, n in sorted(_rows(g, _CLASSES)):
        if c in classes:
            report.entity_classes[_local(c)] += int(n)
    [(statements,)], [(non_factual,)] = _rows(g, _CLAIMS), _rows(g, _NON_FACTUAL)
    report.statements, report.non_factual = int(statements), int(non_factual)
    for p, n in sorted(_rows(g, _BY_PROPERTY)):
        if p in props:
            report.relations[_local(p)] += int(n)
    degree: Counter = Counter()
    labels = {}
    for x, p, label, n in _rows(g, _BY_ENTITY):
        if p in props:
            degree[x] += int(n)
            labels[x] = str(label)
    top = sorted(degree.items(), key=lambda item: (-item[1], labels[item[0]], str(item[0])))[:5]
    report.top_actors = [(labels[x], n) for x, n in top]


def _rows(g: Graph, query: str) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in g.query(query, initNs=_NS)]  # type: ignore[arg-type]
