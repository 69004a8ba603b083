"""The interactive graph view: actors and relations drawn with vis-network, in one file.

The network is assembled with pyvis from :func:`kg.analysis.graph_to_networkx` and written
with our own template (``kg/templates/graph.html``), which inlines the vis-network script and
style that pyvis ships.  Nodes are coloured and shaped by class and sized by degree or
centrality; edges are coloured by quad class, from cooperation (green) to conflict (red).

The page carries two networks: the actors, and the states view (people and bodies folded
into their states, :func:`kg.analysis.states.fold_states`).  It lays out only a part of one at a
time: the top actors by the size measure (all of them in graphs of up to
:data:`TOP_THRESHOLD` actors), or the neighbourhood of one actor.  Each node carries its
``rank`` for that.

>>> from rdflib import Graph
>>> page = graph_html(Graph(), title="Empty")
>>> "<title>Empty</title>" in page and "vis.Network" in page
True
"""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from rdflib import Graph, URIRef

from ..analysis import QUAD_CLASSES, centrality, graph_to_networkx
from ..analysis.dyad import QUAD_COLORS
from ..analysis.states import find_actor, fold_states, office_terms
from ..load import load_graph
from ..namespace import IR
from ..ontology import is_symmetric
from .page import NotebookView, page, vis_asset, write_page

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "CLASS_STYLES",
    "QUAD_COLORS",
    "TOP_THRESHOLD",
    "TOP_DEFAULT",
    "graph_html",
    "render_html",
    "render_notebook",
]


class Style(NamedTuple):
    """How nodes of one class look: a vis-network shape and a fill colour."""

    shape: str
    color: str


# One style per ontology class, subclasses in shades of their parent's hue.
CLASS_STYLES: dict[URIRef, Style] = {
    IR.State: Style("dot", "#4e79a7"),
    IR.Person: Style("diamond", "#b07aa1"),
    IR.Leader: Style("star", "#8e4f9e"),
    IR.Official: Style("diamond", "#c9a3c7"),
    IR.Organization: Style("square", "#59a5a0"),
    IR.IntergovernmentalOrganization: Style("square", "#2a8c82"),
    IR.GovernmentBody: Style("square", "#86bcb6"),
    IR.ArmedForces: Style("triangleDown", "#7f6a4f"),
    IR.ArmedGroup: Style("triangleDown", "#a0522d"),
    IR.NewsAgency: Style("square", "#bab0ac"),
    IR.PoliticalParty: Style("square", "#9c755f"),
    IR.Company: Style("square", "#d4a6c8"),
    IR.Treaty: Style("hexagon", "#edc948"),
    IR.Forum: Style("triangle", "#f1a340"),
    IR.Place: Style("dot", "#a5aab0"),
    IR.Event: Style("star", "#e8896b"),
    IR.Conflict: Style("star", "#c0392b"),
}
DEFAULT_STYLE = Style("dot", "#9aa5b1")
STRUCTURAL_COLOR = "#9aa5b1"
SIZE_BY = ("degree", "betweenness", "pagerank")
# Graphs with more actors than this open on the TOP_DEFAULT best-ranked ones.
TOP_THRESHOLD = 300
TOP_DEFAULT = 150
_EPOCH = dt.date(1970, 1, 1).toordinal()


def _style(cls: str) -> Style:
    return CLASS_STYLES.get(IR._NS[cls], DEFAULT_STYLE)


def _day(value: str) -> int | None:
    """Days since 1970-01-01 of an ISO date, year-month or year (their first day)."""
    match = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    if not match:
        return None
    try:
        date = dt.date(int(match[1]), int(match[2] or 1), int(match[3] or 1))
    except ValueError:
        return None
    return date.toordinal() - _EPOCH


def _shade(color: str, factor: float) -> str:
    """A colour darkened (factor < 1) or lightened (> 1)."""
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    if factor < 1:
        r, g, b = (round(c * factor) for c in (r, g, b))
    else:
        r, g, b = (round(c + (255 - c) * (factor - 1)) for c in (r, g, b))
    return f"#{r:02x}{g:02x}{b:02x}"


def _short(label: str, alt_labels: list[str], limit: int = 28) -> str:
    """The name drawn on the canvas: the label, or for a long one its acronym or a cut."""
    if len(label) <= limit:
        return label
    acronyms = sorted((a for a in alt_labels if 2 <= len(a) <= 10 and a.isupper() and a.isalpha()), key=len)
    return acronyms[0] if acronyms else label[: limit - 1].rstrip() + "…"


def _vis_options() -> dict[str, Any]:
    """vis-network options.  The page sets the physics for the number of actors it lays out
    (fewer iterations and lighter forces for more) and turns physics off once it settles."""
    return {
        "autoResize": True,
        "nodes": {
            "borderWidth": 1.5,
            "font": {
                "size": 14,
                "face": "system-ui, sans-serif",
                "color": "#1f2933",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
            # The best-connected actors get the biggest labels, so they stay readable zoomed out.
            "scaling": {
                "min": 10,
                "max": 34,
                "label": {"enabled": True, "min": 14, "max": 22, "maxVisible": 24, "drawThreshold": 5},
            },
        },
        "edges": {
            "font": {
                "size": 10,
                "face": "system-ui, sans-serif",
                "color": "#52606d",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
                "align": "middle",
            },
            "selectionWidth": 1.5,
            "hoverWidth": 1.0,
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "multiselect": False,
            "navigationButtons": False,
            "keyboard": False,
            "zoomView": True,
        },
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"centralGravity": 0.01, "springConstant": 0.06, "damping": 0.5},
            "maxVelocity": 60,
            "minVelocity": 1.0,
            "stabilization": {"enabled": True, "iterations": 400, "updateInterval": 25, "fit": True},
        },
        "layout": {"improvedLayout": False, "randomSeed": 7},
    }


def _sizes(G: nx.MultiDiGraph, size_by: str) -> dict[Any, float]:
    if size_by == "degree":
        return {n: float(d) for n, d in G.degree()}
    return {r.node: r.score for r in centrality(G, size_by, top=None)}


def _network(G: nx.MultiDiGraph, size_by: str, prefix: str) -> dict[str, Any]:
    """The nodes, edges and legend of one network, assembled with pyvis.  Edge ids start
    with ``prefix``; ``rank`` orders the nodes by size, largest first."""
    from pyvis.network import Network

    sizes = _sizes(G, size_by)
    order = sorted(G.nodes, key=lambda n: (-sizes.get(n, 0.0), str(G.nodes[n].get("label", n)), str(n)))
    rank = {n: i for i, n in enumerate(order)}
    net = Network(directed=True, cdn_resources="in_line")
    for node, data in G.nodes(data=True):
        cls = str(data.get("cls", "Entity"))
        style = _style(cls)
        name = str(data.get("label", node))
        alt = [str(a) for a in data.get("alt_labels") or []]
        net.add_node(
            node,
            label=_short(name, alt),
            name=name,
            shape=style.shape,
            color={
                "background": style.color,
                "border": _shade(style.color, 0.7),
                "highlight": {"background": _shade(style.color, 1.25), "border": "#1f2933"},
                "hover": {"background": _shade(style.color, 1.15), "border": "#1f2933"},
            },
            value=sizes.get(node, 0.0),
            rank=rank[node],
            cls=cls,
            wd=data.get("wikidata"),
            alt=alt,
            deg=int(G.degree(node)),
            articles=int(data.get("articles") or 0),
        )

    pair_index: dict[frozenset[str], int] = {}
    for i, (u, v, key, data) in enumerate(sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2]))):
        relation = str(data.get("relation", key))
        quad = data.get("quad_class")
        color = QUAD_COLORS.get(quad, STRUCTURAL_COLOR) if isinstance(quad, int) else STRUCTURAL_COLOR
        symmetric = is_symmetric(relation)
        # Parallel edges of a pair bend apart: straight, then curved to either side.
        pair = frozenset((u, v))
        k = pair_index[pair] = pair_index.get(pair, -1) + 1
        smooth: dict[str, Any] = {"enabled": False}
        if k:
            smooth = {"enabled": True, "type": "curvedCW" if k % 2 else "curvedCCW", "roundness": 0.18 * ((k + 1) // 2)}
        claims = int(data.get("claims") or 0)
        options: dict[str, Any] = {
            "id": f"{prefix}{i}",
            "color": {"color": color, "highlight": _shade(color, 0.75), "hover": _shade(color, 0.75), "opacity": 0.9},
            "width": 1.5 + min(6.0, 1.5 * math.log2(1 + claims)),
            "smooth": smooth,
            "dashes": quad not in QUAD_COLORS,
            "arrows": {"to": {"enabled": not symmetric, "scaleFactor": 0.55}},
            "rel": relation,
            "quad": quad,
            "goldstein": data.get("goldstein"),
            "claims": claims,
            "sym": symmetric,
            "ev": [[e[0], e[1], e[2]] for e in data.get("evidence", [])],
            "days": sorted({d for d in (_day(x) for x in data.get("dates", [])) if d is not None}),
            "factual": bool(data.get("factual", True)),
        }
        if "people" in data:
            options["people"] = [[name, n] for name, n in data["people"]]
        net.add_edge(u, v, **options)

    classes: dict[str, int] = {}
    for _, cls in G.nodes(data="cls", default="Entity"):
        classes[str(cls)] = classes.get(str(cls), 0) + 1
    groups: dict[int | None, dict[str, int]] = {}
    for edge in net.edges:
        quad = edge["quad"] if edge["quad"] in QUAD_COLORS else None
        groups.setdefault(quad, {})
        groups[quad][edge["rel"]] = groups[quad].get(edge["rel"], 0) + 1
    days = [d for edge in net.edges for d in edge["days"]]
    return {
        "nodes": net.nodes,
        "edges": net.edges,
        "classes": [
            {"name": c, "count": n, "shape": _style(c).shape, "color": _style(c).color}
            for c, n in sorted(classes.items(), key=lambda item: (-item[1], item[0]))
        ],
        "relationGroups": [
            {
                "name": (QUAD_CLASSES[q] if q else "structural").capitalize(),
                "color": QUAD_COLORS.get(q, STRUCTURAL_COLOR) if q else STRUCTURAL_COLOR,
                "dashed": q is None,
                "relations": [{"name": r, "count": c} for r, c in sorted(rels.items())],
            }
            for q, rels in sorted(groups.items(), key=lambda item: item[0] or 9)
        ],
        "dayMin": min(days) if days else None,
        "dayMax": max(days) if days else None,
    }


def _graphs(g: Graph | nx.MultiDiGraph | str | Path) -> tuple[nx.MultiDiGraph, nx.MultiDiGraph]:
    """The actor network and its states view, from a graph, a networkx graph or a file."""
    if isinstance(g, (str, Path)):
        g = load_graph(g)
    if isinstance(g, Graph):
        G = graph_to_networkx(g)
        return G, fold_states(G, office_terms(g))
    return g, fold_states(g)


def graph_data(
    g: Graph | nx.MultiDiGraph | str | Path,
    *,
    title: str = "Knowledge graph",
    size_by: str = "degree",
    top: int | None = None,
    focus: str | None = None,
    hops: int = 1,
    states: bool = False,
) -> dict[str, Any]:
    """What the page draws: the actor network, the states view and the view to open on.

    Args:
        g, title, size_by: see :func:`graph_html`.
        top: lay out the ``top`` best-ranked actors first (None: :data:`TOP_DEFAULT` in
            graphs of more than :data:`TOP_THRESHOLD` actors, else all; 0: all).
        focus: open on the neighbourhood of this actor (IRI, label or alternative label).
        hops: the neighbourhood's radius, 1 or 2.
        states: open on the states view (people and bodies folded into their states).
    """
    if size_by not in SIZE_BY:
        raise ValueError(f"size_by must be one of {', '.join(SIZE_BY)}, not {size_by!r}")
    if hops not in (1, 2):
        raise ValueError(f"hops must be 1 or 2, not {hops!r}")
    if top is not None and top < 0:
        raise ValueError(f"top must be 0 (all) or more, not {top!r}")
    G, S = _graphs(g)
    n = G.number_of_nodes()
    if top is None:
        top = TOP_DEFAULT if n > TOP_THRESHOLD else 0
    actors, folded = _network(G, size_by, "e"), _network(S, size_by, "s")
    meta = {
        "title": title,
        "nodes": n,
        "edges": G.number_of_edges(),
        "articles": int(G.graph.get("articles", 0)),
        "quadNames": {str(q): name for q, name in QUAD_CLASSES.items()},
        "sizeBy": size_by,
        "top": top or n,
        "threshold": TOP_THRESHOLD,
        "focus": find_actor(G, focus) if focus else None,
        "hops": hops,
        "view": "states" if states else "actors",
        # the legend and filters of the actor network, as the page has always had them
        **{k: actors[k] for k in ("classes", "relationGroups", "dayMin", "dayMax")},
    }
    return {
        "nodes": actors.pop("nodes"),
        "edges": actors.pop("edges"),
        "states": folded,
        "options": _vis_options(),
        "meta": meta,
    }


def graph_html(
    g: Graph | nx.MultiDiGraph | str | Path,
    *,
    title: str | None = None,
    size_by: str = "degree",
    top: int | None = None,
    focus: str | None = None,
    hops: int = 1,
    states: bool = False,
) -> str:
    """The HTML text of the interactive view.

    Args:
        g: an rdflib graph from ``kg``, a networkx graph from
            :func:`kg.analysis.graph_to_networkx` (or part of one, such as an ego network),
            or the path of an RDF file or store for :func:`kg.load.load_graph`.
        title: the page's title (default: "Knowledge graph").
        size_by: what node size shows, and how actors are ranked: ``degree``,
            ``betweenness`` or ``pagerank``.
        top: how many of the best-ranked actors to show first (None: 150 in graphs of more
            than 300 actors, else all; 0: all).  The page has a control for it.
        focus: open on this actor's neighbourhood (an IRI, label or alternative label).
        hops: the neighbourhood's radius, 1 or 2.
        states: open on the states view (people and bodies folded into their states).

    Example:
        >>> import networkx as nx
        >>> G = nx.MultiDiGraph()
        >>> G.add_node("x", label="<b>X</b>", cls="State")
        >>> page = graph_html(G, title="A & B")
        >>> "<title>A &amp; B</title>" in page, "<b>X</b>" in page, "\\\\u003cb\\\\u003eX" in page
        (True, False, True)
    """
    title = title or "Knowledge graph"
    data = graph_data(g, title=title, size_by=size_by, top=top, focus=focus, hops=hops, states=states)
    return page("graph.html", title, data, VIS_CSS=vis_asset("vis-network.css"), VIS_JS=vis_asset("vis-network.min.js"))


def render_html(
    g: Graph | nx.MultiDiGraph | str | Path,
    path: str | Path,
    *,
    title: str | None = None,
    size_by: str = "degree",
    top: int | None = None,
    focus: str | None = None,
    hops: int = 1,
    states: bool = False,
) -> Path:
    """Write the interactive view of ``g`` to one self-contained HTML file.

    Args:
        g: an rdflib graph from ``kg``, a networkx graph from
            :func:`kg.analysis.graph_to_networkx`, or the path of an RDF file or store.
        path: the ``.html`` file to write (folders are created).
        title: the page's title (default: the file's name).
        size_by, top, focus, hops, states: see :func:`graph_html`.

    Returns:
        The path written.

    Example:
        >>> import tempfile, pathlib
        >>> from rdflib import Graph
        >>> out = render_html(Graph(), pathlib.Path(tempfile.mkdtemp()) / "graph.html")
        >>> out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
        True
    """
    path = Path(path)
    text = graph_html(g, title=title or path.stem, size_by=size_by, top=top, focus=focus, hops=hops, states=states)
    return write_page(text, path)


def render_notebook(
    g: Graph | nx.MultiDiGraph | str | Path,
    *,
    title: str | None = None,
    size_by: str = "degree",
    top: int | None = None,
    focus: str | None = None,
    hops: int = 1,
    states: bool = False,
    height: int = 650,
) -> NotebookView:
    """The interactive view to show inline in a notebook (the cell's value displays it).

    Example:
        >>> from rdflib import Graph
        >>> view = render_notebook(Graph(), title="Empty")
        >>> view._repr_html_().startswith('<iframe srcdoc="&lt;!DOCTYPE html&gt;')
        True
    """
    return NotebookView(
        graph_html(g, title=title, size_by=size_by, top=top, focus=focus, hops=hops, states=states), height
    )
