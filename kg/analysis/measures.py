"""Measures that are pure functions of the networkx graph :func:`~kg.analysis.graph_to_networkx` gives.

Each takes ``G`` (or any ``MultiDiGraph`` with the same attributes) and returns a new
value; none changes ``G``.  Only factual edges count.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "Rank",
    "Ranking",
    "Communities",
    "Balance",
    "Paths",
    "centrality",
    "communities",
    "signed_graph",
    "structural_balance",
    "ego_network",
    "paths",
]


def _label(G: nx.Graph, node: Any) -> str:
    return str(G.nodes[node].get("label", node)) if node in G else str(node)


def _facts(G: nx.MultiDiGraph) -> Iterator[tuple[Any, Any, str, dict[str, Any]]]:
    for u, v, k, data in G.edges(keys=True, data=True):
        if data.get("factual", True):
            yield u, v, k, data


def _simple(G: nx.MultiDiGraph, *, directed: bool = False, conflict: bool = True) -> nx.Graph:
    """Factual edges collapsed to one edge a pair, ``weight`` = how many relations."""
    import networkx as nx

    H: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    H.add_nodes_from(G.nodes(data=True))
    for u, v, _, data in _facts(G):
        if u == v or (not conflict and data.get("quad_class") in (3, 4)):
            continue
        weight = H.edges[u, v]["weight"] + 1 if H.has_edge(u, v) else 1
        H.add_edge(u, v, weight=weight)
    return H


def _table(headers: tuple[str, ...], rows: Sequence[Sequence[object]], caption: str = "") -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _pagerank(D: nx.DiGraph, alpha: float = 0.85, tol: float = 1.0e-10, max_iter: int = 200) -> dict[Any, float]:
    """Weighted PageRank by power iteration (networkx's own needs scipy); dangling nodes
    spread their rank evenly."""
    nodes = list(D)
    if not nodes:
        return {}
    n = len(nodes)
    out_weight = {u: sum(w for _, _, w in D.out_edges(u, data="weight", default=1)) for u in nodes}
    rank = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(max_iter):
        dangling = alpha * sum(rank[u] for u in nodes if not out_weight[u]) / n
        new = dict.fromkeys(nodes, (1.0 - alpha) / n + dangling)
        for u, v, w in D.edges(data="weight", default=1):
            new[v] += alpha * rank[u] * w / out_weight[u]
        if sum(abs(new[u] - rank[u]) for u in nodes) < n * tol:
            return new
        rank = new
    return rank


class Rank(NamedTuple):
    """One actor's place in a ranking."""

    node: str
    label: str
    score: float


@dataclass(frozen=True)
class Ranking:
    """Actors ranked by a centrality measure, highest first; iterates over :class:`Rank`."""

    kind: str
    items: tuple[Rank, ...]

    def __iter__(self) -> Iterator[Rank]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, i: int) -> Rank:
        return self.items[i]

    def __str__(self) -> str:
        return "\n".join(f"{i:>3}. {r.label}  {r.score:.4f}" for i, r in enumerate(self.items, 1))

    def _repr_html_(self) -> str:
        rows = [(i, r.label, f"{r.score:.4f}") for i, r in enumerate(self.items, 1)]
        return _table(("#", "actor", self.kind), rows, f"{self.kind} centrality")


def centrality(G: nx.MultiDiGraph, kind: str = "degree", top: int | None = 10) -> Ranking:
    """Rank actors by ``degree``, ``betweenness`` or ``pagerank`` centrality.

    Degree and betweenness are computed on the undirected graph of distinct partners;
    PageRank on the directed graph, weighted by how many relations a pair has.  Ties are
    broken by label, so the order is stable.

    Args:
        G: a graph from :func:`graph_to_networkx`.
        kind: ``"degree"``, ``"betweenness"`` or ``"pagerank"``.
        top: how many actors to return (None: all).

    Returns:
        A :class:`Ranking` of ``(node, label, score)``.

    Example:
        >>> import networkx as nx
        >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("b", "d")])
        >>> [(r.node, round(r.score, 3)) for r in centrality(G, "betweenness", top=2)]
        [('b', 1.0), ('a', 0.0)]
    """
    import networkx as nx

    measures = {
        "degree": lambda: nx.degree_centrality(_simple(G)),
        "betweenness": lambda: nx.betweenness_centrality(_simple(G)),
        "pagerank": lambda: _pagerank(_simple(G, directed=True)),
    }
    if kind not in measures:
        raise ValueError(f"unknown centrality {kind!r}; use one of {', '.join(measures)}")
    scores = measures[kind]()
    ranked = sorted(scores.items(), key=lambda item: (-item[1], _label(G, item[0]), str(item[0])))
    return Ranking(kind, tuple(Rank(str(n), _label(G, n), float(s)) for n, s in ranked[:top]))


@dataclass(frozen=True)
class Communities:
    """Groups of actors (blocs), largest first; iterates over tuples of node ids."""

    groups: tuple[tuple[str, ...], ...]
    labels: tuple[tuple[str, ...], ...]
    modularity: float

    def __iter__(self) -> Iterator[tuple[str, ...]]:
        return iter(self.groups)

    def __len__(self) -> int:
        return len(self.groups)

    def __str__(self) -> str:
        return "\n".join(f"{i:>3}. " + ", ".join(names) for i, names in enumerate(self.labels, 1))

    def _repr_html_(self) -> str:
        rows = [(i, len(names), ", ".join(names)) for i, names in enumerate(self.labels, 1)]
        return _table(("#", "size", "members"), rows, f"communities (modularity {self.modularity:.3f})")


def communities(G: nx.MultiDiGraph, *, conflict: bool = False, resolution: float = 1.0, seed: int = 42) -> Communities:
    """Find blocs with Louvain community detection (seeded, so results repeat).

    Args:
        G: a graph from :func:`graph_to_networkx`.
        conflict: also count conflict relations (quad class 3 and 4) as ties.  By default
            only cooperation and structural relations bind actors into a bloc.
        resolution: Louvain's resolution; above 1 favours smaller groups.
        seed: the random seed.

    Returns:
        :class:`Communities`, each group sorted by degree then label, largest group first.

    Example:
        >>> import networkx as nx
        >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("a", "c"), ("d", "e"), ("e", "f"), ("d", "f")])
        >>> list(communities(G))
        [('a', 'b', 'c'), ('d', 'e', 'f')]
    """
    import networkx as nx

    H = _simple(G, conflict=conflict)
    found = nx.community.louvain_communities(H, weight="weight", resolution=resolution, seed=seed) if len(H) else []
    modularity = nx.community.modularity(H, found, weight="weight") if H.number_of_edges() else 0.0

    def order(group: set[Any]) -> tuple[str, ...]:
        return tuple(sorted(group, key=lambda n: (-H.degree(n, weight="weight"), _label(G, n), str(n))))

    groups = sorted((order(c) for c in found), key=lambda c: (-len(c), [_label(G, n) for n in c]))
    return Communities(tuple(groups), tuple(tuple(_label(G, n) for n in c) for c in groups), float(modularity))


def signed_graph(G: nx.MultiDiGraph) -> nx.Graph:
    """The signed network: cooperation (quad class 1, 2) counts +1, conflict (3, 4) -1.

    Signs are summed over all factual relations of a pair, in both directions; the result
    has ``weight`` (the sum), ``sign`` (+1, -1, or 0 for a tie), ``positive`` and
    ``negative`` counts.  Relations without a quad class (structural ones such as
    ``memberOf``) are left out.

    Example:
        >>> import networkx as nx
        >>> G = nx.MultiDiGraph()
        >>> G.add_edges_from([("a", "b", {"quad_class": 1}), ("b", "a", {"quad_class": 4}),
        ...                   ("a", "b", {"quad_class": 2})])
        [0, 0, 1]
        >>> signed_graph(G).edges["a", "b"]
        {'weight': 1, 'positive': 2, 'negative': 1, 'sign': 1}
    """
    import networkx as nx

    S = nx.Graph()
    S.add_nodes_from(G.nodes(data=True))
    for u, v, _, data in _facts(G):
        quad = data.get("quad_class")
        if u == v or quad not in (1, 2, 3, 4):
            continue
        if not S.has_edge(u, v):
            S.add_edge(u, v, weight=0, positive=0, negative=0)
        edge = S.edges[u, v]
        edge["weight"] += 1 if quad in (1, 2) else -1
        edge["positive" if quad in (1, 2) else "negative"] += 1
    for _, _, edge in S.edges(data=True):
        edge["sign"] = (edge["weight"] > 0) - (edge["weight"] < 0)
    return S


@dataclass(frozen=True)
class Balance:
    """Structural balance of a signed network."""

    triangles: int  # triangles whose three ties all have a sign
    balanced: int
    unbalanced: tuple[tuple[str, str, str], ...]  # labels of each unbalanced triangle

    @property
    def ratio(self) -> float:
        """Share of balanced triangles (1.0 when there are none)."""
        return self.balanced / self.triangles if self.triangles else 1.0

    def __str__(self) -> str:
        lines = [f"{self.balanced} of {self.triangles} triangles balanced ({self.ratio:.0%})"]
        lines += [f"  unbalanced: {a} / {b} / {c}" for a, b, c in self.unbalanced]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        caption = f"{self.balanced} of {self.triangles} triangles balanced ({self.ratio:.0%})"
        return _table(("unbalanced triangle",), [(" / ".join(t),) for t in self.unbalanced], caption)


def structural_balance(S: nx.Graph) -> Balance:
    """Count balanced triangles of a signed graph (a triangle is balanced when the product
    of its three signs is positive: a friend of a friend is a friend, the enemy of an
    enemy a friend).  Ties with sign 0 do not form triangles.

    Args:
        S: a graph from :func:`signed_graph`.

    Example:
        >>> import networkx as nx
        >>> S = nx.Graph()
        >>> S.add_edges_from([("a", "b", {"sign": 1}), ("b", "c", {"sign": 1}), ("a", "c", {"sign": -1})])
        >>> b = structural_balance(S)
        >>> b.triangles, b.balanced, b.unbalanced
        (1, 0, (('a', 'b', 'c'),))
    """
    signs = {frozenset((u, v)): sign for u, v, sign in S.edges(data="sign") if sign}
    adjacent: dict[Any, set[Any]] = defaultdict(set)
    for pair in signs:
        u, v = tuple(pair)
        adjacent[u].add(v)
        adjacent[v].add(u)
    order = {n: i for i, n in enumerate(sorted(adjacent, key=str))}
    triangles = balanced = 0
    unbalanced: list[tuple[str, str, str]] = []
    for u in adjacent:
        for v in adjacent[u]:
            if order[v] <= order[u]:
                continue
            for w in adjacent[u] & adjacent[v]:
                if order[w] <= order[v]:
                    continue
                triangles += 1
                product = signs[frozenset((u, v))] * signs[frozenset((v, w))] * signs[frozenset((u, w))]
                if product > 0:
                    balanced += 1
                else:
                    a, b, c = sorted((_label(S, u), _label(S, v), _label(S, w)))
                    unbalanced.append((a, b, c))
    return Balance(triangles, balanced, tuple(sorted(unbalanced)))


def _resolve(G: nx.Graph, actor: str) -> Any:
    """A node id from an IRI, a label or an alternative label (case-insensitive)."""
    if actor in G:
        return actor
    wanted = actor.casefold()
    for field in ("label", "alt_labels"):
        for node, value in sorted(G.nodes(data=field), key=lambda item: str(item[0])):
            names = [value] if isinstance(value, str) else (value or [])
            if any(str(name).casefold() == wanted for name in names):
                return node
    raise KeyError(f"no actor named {actor!r} in the graph")


def ego_network(G: nx.MultiDiGraph, actor: str, radius: int = 1) -> nx.MultiDiGraph:
    """The actor, every actor within ``radius`` relations of it (either direction), and the
    relations among them, as a new graph.

    Args:
        G: a graph from :func:`graph_to_networkx`.
        actor: a node IRI, label or alternative label.
        radius: how many steps out.

    Example:
        >>> import networkx as nx
        >>> G = nx.MultiDiGraph([("a", "b"), ("c", "a"), ("c", "d")])
        >>> sorted(ego_network(G, "a"))
        ['a', 'b', 'c']
    """
    import networkx as nx

    return nx.ego_graph(G, _resolve(G, actor), radius=radius, undirected=True).copy()


@dataclass(frozen=True)
class Paths:
    """Simple paths between two actors, shortest first, with the relations on each step."""

    source: str
    target: str
    paths: tuple[tuple[str, ...], ...]  # node ids
    steps: tuple[tuple[str, ...], ...]  # the same paths as readable steps

    def __iter__(self) -> Iterator[tuple[str, ...]]:
        return iter(self.paths)

    def __len__(self) -> int:
        return len(self.paths)

    def __str__(self) -> str:
        return "\n".join(" ".join(step) for step in self.steps) or "no path"

    def _repr_html_(self) -> str:
        return _table(("path",), [(" ".join(step),) for step in self.steps], f"paths {self.source} to {self.target}")


def paths(G: nx.MultiDiGraph, a: str, b: str, cutoff: int = 4, limit: int = 20) -> Paths:
    """Simple paths of at most ``cutoff`` relations between two actors, in either direction.

    Args:
        G: a graph from :func:`graph_to_networkx`.
        a, b: node IRIs, labels or alternative labels.
        cutoff: the longest path, in relations.
        limit: the most paths to return.

    Example:
        >>> import networkx as nx
        >>> G = nx.MultiDiGraph()
        >>> G.add_edge("a", "b", key="visits")
        'visits'
        >>> G.add_edge("c", "b", key="hosts")
        'hosts'
        >>> print(paths(G, "a", "c"))
        a -visits-> b <-hosts- c
    """
    import networkx as nx

    source, target = _resolve(G, a), _resolve(G, b)
    found = sorted(
        nx.all_simple_paths(nx.Graph(G), source, target, cutoff=cutoff),
        key=lambda p: (len(p), [_label(G, n) for n in p]),
    )[:limit]

    def describe(path: list[Any]) -> tuple[str, ...]:
        out = [_label(G, path[0])]
        for u, v in zip(path, path[1:], strict=False):
            forward = [k for k in G.get_edge_data(u, v, default={})]
            backward = [k for k in G.get_edge_data(v, u, default={})]
            arrows = [f"-{k}->" for k in sorted(forward)] + [f"<-{k}-" for k in sorted(backward)]
            out += ["/".join(arrows), _label(G, v)]
        return tuple(out)

    return Paths(
        _label(G, source),
        _label(G, target),
        tuple(tuple(map(str, p)) for p in found),
        tuple(describe(p) for p in found),
    )
