"""The state-to-state network: people and government bodies folded into the states they serve.

A person who is ``leaderOf`` (or ``headOfState``, ``headOfGovernment``) or ``officialOf`` a
state, and a body that is ``partOf`` one, acts for that state: "Reagan urged Tokyo" is a
United States -> Japan claim.  :func:`fold_states` rewrites every dated claim of a
:func:`kg.analysis.graph_to_networkx` graph that way, choosing each actor's state *at the
claim's date*: an office with a known term (``ir:validFrom``/``ir:validUntil``, see
:func:`office_terms`) counts only within it, and of several offices the one stated nearest
to the claim wins.  What is left is a graph of states only, with the people behind each
relation.

>>> import networkx as nx
>>> from kg.analysis import Evidence
>>> G = nx.MultiDiGraph()
>>> G.add_node("us", label="United States", cls="State")
>>> G.add_node("jp", label="Japan", cls="State")
>>> G.add_node("reagan", label="Ronald Reagan", cls="Leader")
>>> G.add_edge("reagan", "us", key="headOfState", relation="headOfState", evidence=[])
'headOfState'
>>> G.add_edge("reagan", "jp", key="urges", relation="urges", quad_class=1,
...            evidence=[Evidence("Reagan urged Tokyo to act.", "Trade", "1987-03-27")])
'urges'
>>> S = fold_states(G)
>>> [(u, v, k, d["people"]) for u, v, k, d in S.edges(keys=True, data=True)]
[('us', 'jp', 'urges', [('Ronald Reagan', 1)])]
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rdflib import RDF, RDFS, Graph, URIRef

from ..namespace import IR
from ..ontology import load_ontology
from .network import Evidence

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["Affiliation", "OFFICES", "affiliations", "find_actor", "fold_states", "office_terms", "state_at"]

# Offices that make an actor act for a state, strongest first (a leader speaks for the state
# before an official does, an official before a body that is part of it).
OFFICES = (IR.headOfState, IR.headOfGovernment, IR.leaderOf, IR.officialOf, IR.partOf)
STATE = IR.State
# partOf and officialOf chains are short ("an aide of the trade ministry of Japan").
MAX_CHAIN = 3
Terms = Mapping[tuple[str, str], tuple[tuple[str | None, str | None], ...]]


def _local(term: URIRef) -> str:
    return str(term).rsplit("#", 1)[-1]


@functools.lru_cache(maxsize=1)
def _foldable() -> frozenset[str]:
    """Local names of the classes that act for a state: persons and their subclasses,
    government bodies and armed forces (read from the ontology)."""
    ontology = load_ontology()
    people = set(ontology.transitive_subjects(RDFS.subClassOf, IR.Person))
    return frozenset(_local(c) for c in people | {IR.GovernmentBody, IR.ArmedForces} if isinstance(c, URIRef))


def _day(value: str | None) -> int | None:
    """Days since year 1 of an ISO date, year-month or year (their first day)."""
    if not value:
        return None
    parts = value[:10].split("-")
    try:
        return dt.date(
            int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1
        ).toordinal()
    except ValueError:
        return None


@dataclass(frozen=True)
class Affiliation:
    """An actor serves ``state`` through ``relation`` (stated on ``days``), within the
    terms known for that office (none known: any date)."""

    actor: str
    state: str
    relation: str
    rank: int  # the place of the relation in OFFICES
    days: tuple[int, ...]  # dates the office was stated, as ordinals
    terms: tuple[tuple[int | None, int | None], ...] = ()

    def holds_on(self, day: int | None) -> bool:
        """Whether the office is held on ``day`` (an undated claim fits any office)."""
        if day is None or not self.terms:
            return True
        return any((a is None or a <= day) and (b is None or day <= b) for a, b in self.terms)

    def distance(self, day: int | None) -> int:
        """Days from ``day`` to the nearest date the office was stated."""
        if day is None or not self.days:
            return 0
        return min(abs(day - d) for d in self.days)


def office_terms(g: Graph) -> dict[tuple[str, str], tuple[tuple[str | None, str | None], ...]]:
    """The terms of office the claims of ``g`` state: (actor, organization) -> (from, until)
    pairs, ISO dates or None for an open end.

    Example:
        >>> from rdflib import Literal, URIRef
        >>> g = Graph()
        >>> c, p, s = URIRef("urn:c"), URIRef("urn:person"), URIRef("urn:state")
        >>> for t in ((c, RDF.subject, p), (c, RDF.object, s), (c, IR.validFrom, Literal("1981-01-20"))):
        ...     _ = g.add(t)
        >>> office_terms(g)
        {('urn:person', 'urn:state'): (('1981-01-20', None),)}
    """
    found: dict[tuple[str, str], set[tuple[str | None, str | None]]] = defaultdict(set)
    claims = set(g.subjects(IR.validFrom, None)) | set(g.subjects(IR.validUntil, None))
    for claim in claims:
        s, o = g.value(claim, RDF.subject), g.value(claim, RDF.object)
        if s is None or o is None:
            continue
        start, end = g.value(claim, IR.validFrom), g.value(claim, IR.validUntil)
        found[(str(s), str(o))].add((None if start is None else str(start), None if end is None else str(end)))
    return {pair: tuple(sorted(spans, key=str)) for pair, spans in sorted(found.items())}


def _facts(G: nx.MultiDiGraph) -> Iterator[tuple[Any, Any, str, dict[str, Any]]]:
    for u, v, k, data in G.edges(keys=True, data=True):
        if data.get("factual", True):
            yield u, v, k, data


def affiliations(G: nx.MultiDiGraph, terms: Terms | None = None) -> dict[str, tuple[Affiliation, ...]]:
    """Each person, government body or armed force of ``G`` -> the states it serves.

    An office held in a body that is itself part of a state counts for that state (up to
    three steps: official -> ministry -> state).

    Args:
        G: a graph from :func:`kg.analysis.graph_to_networkx`.
        terms: known terms of office, from :func:`office_terms`.
    """
    offices = {_local(p): rank for rank, p in enumerate(OFFICES)}
    foldable = _foldable()
    state_cls = _local(STATE)
    direct: dict[str, list[tuple[str, str, int, tuple[int, ...]]]] = defaultdict(list)
    for u, v, k, data in _facts(G):
        relation = str(data.get("relation", k))
        if relation in offices and u != v and G.nodes[u].get("cls") in foldable:
            days = tuple(sorted({d for d in (_day(e[2]) for e in data.get("evidence", ())) if d is not None}))
            direct[u].append((v, relation, offices[relation], days))

    def states(node: str, depth: int, seen: frozenset[str]) -> list[tuple[str, str, int, tuple[int, ...]]]:
        out = []
        for target, relation, rank, days in direct.get(node, ()):
            if G.nodes[target].get("cls") == state_cls:
                out.append((target, relation, rank, days))
            elif depth < MAX_CHAIN and target not in seen:
                out += [(s, relation, rank, days) for s, _, _, _ in states(target, depth + 1, seen | {target})]
        return out

    result: dict[str, tuple[Affiliation, ...]] = {}
    for node in sorted(direct):
        found = []
        for state, relation, rank, days in states(node, 1, frozenset({node})):
            spans = (terms or {}).get((node, state), ())
            found.append(Affiliation(node, state, relation, rank, days, tuple((_day(a), _day(b)) for a, b in spans)))
        if found:
            result[node] = tuple(sorted(set(found), key=lambda a: (a.rank, a.state, a.days)))
    return result


def state_at(
    G: nx.MultiDiGraph, affs: Mapping[str, tuple[Affiliation, ...]], node: str, date: str | None
) -> str | None:
    """The state ``node`` acts for on ``date``: itself if it is a state, else the state of
    the strongest office it holds then (ties: the office stated nearest to the date)."""
    if G.nodes[node].get("cls") == _local(STATE):
        return node
    day = _day(date)
    held = [a for a in affs.get(node, ()) if a.holds_on(day)]
    if not held:
        return None
    return min(held, key=lambda a: (a.rank, a.distance(day), -len(a.days), a.state)).state


def fold_states(G: nx.MultiDiGraph, terms: Terms | None = None) -> nx.MultiDiGraph:
    """The state-to-state network of ``G``: every claim between two actors that are states
    or act for one (at the claim's date) becomes a claim between those states.

    Every state of ``G`` is a node.  Edges are keyed by relation, with the attributes of
    :func:`kg.analysis.graph_to_networkx` (``claims`` counts the folded claims, ``evidence``
    their sentences) and ``people``: (label, claims) of the actors folded into them, most
    claims first.  Claims within one state, and offices themselves, drop out.

    Args:
        G: a graph from :func:`kg.analysis.graph_to_networkx`.
        terms: known terms of office, from :func:`office_terms`.
    """
    import networkx as nx

    affs = affiliations(G, terms)
    S = nx.MultiDiGraph()
    S.graph.update(G.graph)
    state_cls = _local(STATE)
    for node, data in G.nodes(data=True):
        if data.get("cls") == state_cls:
            S.add_node(node, **data)
    offices = {_local(p) for p in OFFICES}
    folded: dict[tuple[str, str, str], dict[str, Any]] = {}
    for u, v, k, data in sorted(_facts(G), key=lambda e: (str(e[0]), str(e[1]), str(e[2]))):
        if u in affs and str(data.get("relation", k)) in offices:
            continue  # the offices that fold actors are no relations between states
        # A relation no claim states (in a graph kg did not build) folds as of no date.
        for ev in data.get("evidence") or [None]:
            date = ev[2] if ev is not None else None
            su, sv = state_at(G, affs, u, date), state_at(G, affs, v, date)
            if su is None or sv is None or su == sv:
                continue
            key = (su, sv, str(k))
            if key not in folded:
                attrs = {name: data.get(name) for name in ("relation", "quad_class", "goldstein", "plover")}
                folded[key] = {**attrs, "relation": data.get("relation", k), "evidence": [], "people": Counter()}
            if ev is not None:
                folded[key]["evidence"].append(Evidence(*ev))
            for actor, state in ((u, su), (v, sv)):
                if actor != state:
                    folded[key]["people"][str(G.nodes[actor].get("label", actor))] += 1
    for (su, sv, k), attrs in folded.items():
        evidence = sorted(attrs["evidence"], key=lambda e: (e.date or "", e.title, e.sentence))
        people = sorted(attrs["people"].items(), key=lambda item: (-item[1], item[0]))
        S.add_edge(
            su,
            sv,
            key=k,
            **{
                **attrs,
                "evidence": evidence,
                "people": people,
                "claims": len(evidence),
                "dates": sorted({e.date for e in evidence if e.date}),
                "factual": True,
            },
        )
    for node, degree in S.degree():
        S.nodes[node]["degree"] = degree
    return S


def find_actor(G: nx.Graph, name: str) -> str:
    """The node of ``G`` whose IRI, label or alternative label is ``name`` (any case).

    Example:
        >>> import networkx as nx
        >>> G = nx.MultiDiGraph()
        >>> G.add_node("urn:jp", label="Japan", alt_labels=["Tokyo"])
        >>> find_actor(G, "tokyo")
        'urn:jp'
    """
    if name in G:
        return name
    wanted = name.strip().casefold()
    for field in ("label", "alt_labels"):
        for node, value in sorted(G.nodes(data=field), key=lambda item: str(item[0])):
            names = [value] if isinstance(value, str) else (value or [])
            if any(str(n).casefold() == wanted for n in names):
                return str(node)
    raise KeyError(f"no actor named {name!r} in the graph")
