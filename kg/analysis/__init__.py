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

from .dyad import Dyad, DyadClaim, DyadMonth, dyad
from .measures import (
    Balance,
    Communities,
    Paths,
    Rank,
    Ranking,
    centrality,
    communities,
    ego_network,
    paths,
    signed_graph,
    structural_balance,
)
from .network import QUAD_CLASSES, Evidence, graph_to_networkx
from .states import fold_states
from .summary import Summary, export, export_graph, graph_summary, summary

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
    "dyad",
    "Dyad",
    "DyadMonth",
    "DyadClaim",
    "fold_states",
]
