"""The RDF graph as a networkx ``MultiDiGraph``, and measures that are pure functions of it.

:func:`graph_to_networkx` goes one way, from rdflib to networkx: nodes are entity IRIs,
edges are direct relation triples keyed by the property's local name, with the evidence
the claims give for them.  Every other function here takes that ``G`` (or any
``MultiDiGraph`` with the same attributes) and returns a new value; none changes ``G``.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_edge("fr", "cn", key="meetsWith", quad_class=1)
'meetsWith'
>>> G.add_edge("cn", "us", key="criticizes", quad_class=3)
'criticizes'
>>> [r.node for r in centrality(G, "degree", top=1)]
['cn']
>>> sorted(signed_graph(G).edges(data="sign"))
[('cn', 'us', -1), ('fr', 'cn', 1)]
"""

from __future__ import annotations

import html
import json
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS

from .namespace import IR

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "QUAD_CLASSES",
    "Evidence",
    "Rank",
    "Ranking",
    "Communities",
    "Balance",
    "Paths",
    "Summary",
    "graph_to_networkx",
    "centrality",
    "communities",
    "signed_graph",
    "structural_balance",
    "ego_network",
    "paths",
    "summary",
    "export",
    "graph_summary",
    "export_graph",
]

QUAD_CLASSES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
# Typed nodes of these classes are documents and statements, not entities.
NON_ENTITY_CLASSES = frozenset({IR.Article, IR.Claim, IR.Polarity, IR.Modality})
WIKIDATA = "http://www.wikidata.org/entity/"


class Evidence(NamedTuple):
    """One sentence that states a relation, with the article it comes from."""

    sentence: str
    title: str
    date: str | None  # the claim's event date, else the article's date (ISO text)


# ---- RDF -> networkx ------------------------------------------------------------------


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
    from .ontology import event_properties

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


# ---- measures -------------------------------------------------------------------------


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
    """:func:`summary` of an rdflib graph or an RDF file (read with :func:`kg.query.load_graph`).

    Example:
        >>> graph_summary(Graph()).actors
        0
    """
    from .query import load_graph

    return summary(graph_to_networkx(source if isinstance(source, Graph) else load_graph(source)), top=top)


def export_graph(source: Graph | str | Path, path: str | Path, *, claims: bool = False) -> Path:
    """:func:`export` an rdflib graph or an RDF file as GraphML or GEXF.

    Args:
        source: an rdflib graph, or an RDF file or store for :func:`kg.query.load_graph`.
        path: the ``.graphml`` or ``.gexf`` file to write.
        claims: also export claims that are not facts (see :func:`graph_to_networkx`).

    Example:
        >>> import tempfile, pathlib
        >>> export_graph(Graph(), pathlib.Path(tempfile.mkdtemp()) / "g.gexf").suffix
        '.gexf'
    """
    from .query import load_graph

    suffix = Path(path).suffix.lower()
    if suffix not in (".graphml", ".gexf"):  # fail before reading a large graph
        raise ValueError(f"{path}: unsupported export format {suffix!r}; use .graphml or .gexf")
    g = source if isinstance(source, Graph) else load_graph(source)
    return export(graph_to_networkx(g, claims=claims), path)
