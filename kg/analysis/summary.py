"""The figures of a graph (:func:`summary`), GraphML and GEXF export, and both straight from a file or store.

>>> from rdflib import Graph
>>> graph_summary(Graph()).actors
0
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Graph

from ..load import load_graph
from .measures import _facts, _label, _simple, _table, signed_graph, structural_balance
from .network import QUAD_CLASSES, Evidence, graph_to_networkx

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["Summary", "summary", "export", "graph_summary", "export_graph"]


@dataclass(frozen=True)
class Summary:
    """The main figures of a graph."""

    actors: int
    relations: int
    articles: int
    claims: int
    classes: tuple[tuple[str, int], ...]
    relation_types: tuple[tuple[str, int], ...]
    quad_classes: tuple[tuple[str, int], ...]
    components: int
    density: float
    top_actors: tuple[tuple[str, int], ...]
    first_date: str | None
    last_date: str | None
    triangles: int = 0  # signed triangles (see structural_balance)
    balanced: int = 0

    def _rows(self) -> list[tuple[str, str]]:
        def counts(pairs: tuple[tuple[str, int], ...]) -> str:
            return ", ".join(f"{name} {n}" for name, n in pairs) or "-"

        dates = f"{self.first_date} to {self.last_date}" if self.first_date else "-"
        return [
            ("actors", str(self.actors)),
            ("relations", str(self.relations)),
            ("articles", str(self.articles)),
            ("claims", str(self.claims)),
            ("components", str(self.components)),
            ("density", f"{self.density:.4f}"),
            ("dates", dates),
            ("balance", f"{self.balanced} of {self.triangles} signed triangles balanced" if self.triangles else "-"),
            ("classes", counts(self.classes)),
            ("relation types", counts(self.relation_types)),
            ("quad classes", counts(self.quad_classes)),
            ("most connected", counts(self.top_actors)),
        ]

    def __str__(self) -> str:
        return "\n".join(f"{name:<15} {value}" for name, value in self._rows())

    def _repr_html_(self) -> str:
        return _table(("", "value"), self._rows(), "graph summary")


def summary(G: nx.MultiDiGraph, top: int = 5) -> Summary:
    """Counts of actors, relations, classes and quad classes; the best-connected actors.

    Example:
        >>> import networkx as nx
        >>> G = nx.MultiDiGraph()
        >>> G.add_node("a", label="A", cls="State")
        >>> G.add_edge("a", "b", key="visits", quad_class=1, dates=["2025-06-05"])
        'visits'
        >>> s = summary(G)
        >>> s.actors, s.relations, s.quad_classes, s.first_date
        (2, 1, (('verbal cooperation', 1),), '2025-06-05')
    """
    import networkx as nx

    facts = list(_facts(G))
    classes = Counter(str(c) for _, c in G.nodes(data="cls", default="?"))
    relations = Counter(data.get("relation", k) for _, _, k, data in facts)
    quads = Counter(data.get("quad_class") for _, _, _, data in facts)
    dates = sorted(d for _, _, _, data in facts for d in data.get("dates", ()))
    H = _simple(G)
    degree = sorted(H.degree(), key=lambda item: (-item[1], _label(G, item[0])))
    balance = structural_balance(signed_graph(G))

    def most(counter: Counter[Any]) -> tuple[tuple[str, int], ...]:
        return tuple(sorted(((str(k), n) for k, n in counter.items()), key=lambda item: (-item[1], item[0])))

    return Summary(
        actors=G.number_of_nodes(),
        relations=len(facts),
        articles=int(G.graph.get("articles", 0)),
        claims=int(G.graph.get("claims", 0)),
        classes=most(classes),
        relation_types=most(relations),
        quad_classes=tuple((QUAD_CLASSES[q], quads[q]) for q in sorted(k for k in quads if k in QUAD_CLASSES)),
        components=nx.number_connected_components(H) if len(H) else 0,
        density=nx.density(H) if len(H) > 1 else 0.0,
        top_actors=tuple((_label(G, n), d) for n, d in degree[:top] if d),
        first_date=dates[0] if dates else None,
        last_date=dates[-1] if dates else None,
        triangles=balance.triangles,
        balanced=balance.balanced,
    )


# ---- export ---------------------------------------------------------------------------


def _flat(value: Any) -> Any:
    """A value GraphML and GEXF can hold: lists and tuples become JSON text."""
    if isinstance(value, Evidence):
        return json.dumps(value._asdict(), ensure_ascii=False)
    if isinstance(value, (list, tuple, set, frozenset, dict)):
        items = [v._asdict() if isinstance(v, Evidence) else v for v in value]
        return json.dumps(value if isinstance(value, dict) else items, ensure_ascii=False)
    return value


def export(G: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write ``G`` for Gephi and other tools as GraphML (``.graphml``) or GEXF (``.gexf``).

    List attributes (evidence, dates, alternative labels) are written as JSON text and
    missing values are left out, since neither format has lists or nulls.

    Example:
        >>> import networkx as nx, tempfile, pathlib
        >>> G = nx.MultiDiGraph()
        >>> G.add_edge("a", "b", key="visits", dates=["2025-06-05"], goldstein=None)
        'visits'
        >>> out = export(G, pathlib.Path(tempfile.mkdtemp()) / "g.graphml")
        >>> nx.read_graphml(out, force_multigraph=True).edges["a", "b", "visits"]["dates"]
        '["2025-06-05"]'
    """
    import networkx as nx

    path = Path(path)
    H = nx.MultiDiGraph()
    H.graph.update({k: _flat(v) for k, v in G.graph.items() if v is not None})
    for node, data in G.nodes(data=True):
        H.add_node(node, **{k: _flat(v) for k, v in data.items() if v is not None})
    for u, v, k, data in G.edges(keys=True, data=True):
        H.add_edge(u, v, key=k, **{name: _flat(x) for name, x in data.items() if x is not None})
    suffix = path.suffix.lower()
    if suffix == ".graphml":
        nx.write_graphml(H, path)
    elif suffix == ".gexf":
        nx.write_gexf(H, path)
    else:
        raise ValueError(f"{path}: unsupported export format {path.suffix!r}; use .graphml or .gexf")
    return path


# ---- from files -----------------------------------------------------------------------


def graph_summary(source: Graph | str | Path, top: int = 5) -> Summary:
    """:func:`summary` of an rdflib graph or an RDF file (read with :func:`kg.load.load_graph`).

    Example:
        >>> graph_summary(Graph()).actors
        0
    """
    return summary(graph_to_networkx(source if isinstance(source, Graph) else load_graph(source)), top=top)


def export_graph(source: Graph | str | Path, path: str | Path, *, claims: bool = False) -> Path:
    """:func:`export` an rdflib graph or an RDF file as GraphML or GEXF.

    Args:
        source: an rdflib graph, or an RDF file or store for :func:`kg.load.load_graph`.
        path: the ``.graphml`` or ``.gexf`` file to write.
        claims: also export claims that are not facts (see :func:`graph_to_networkx`).

    Example:
        >>> import tempfile, pathlib
        >>> export_graph(Graph(), pathlib.Path(tempfile.mkdtemp()) / "g.gexf").suffix
        '.gexf'
    """
    suffix = Path(path).suffix.lower()
    if suffix not in (".graphml", ".gexf"):  # fail before reading a large graph
        raise ValueError(f"{path}: unsupported export format {suffix!r}; use .graphml or .gexf")
    g = source if isinstance(source, Graph) else load_graph(source)
    return export(graph_to_networkx(g, claims=claims), path)
