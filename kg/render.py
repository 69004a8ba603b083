"""The interactive HTML view: one self-contained file, nothing fetched from the network.

The network is assembled with pyvis from :func:`kg.analysis.graph_to_networkx` and written
with our own template (``kg/templates/graph.html``), which inlines the vis-network script and
style that pyvis ships, so the page works offline and makes no request.  Nodes are coloured
and shaped by class, sized by degree or centrality; edges are coloured by quad class, from
cooperation (green) to conflict (red).  Hovering or clicking shows the evidence sentences
with their article titles and dates; the sidebar filters by class, relation and date, and
finds actors by name.

Article text is data, never markup: it travels as JSON with ``<``, ``>`` and ``&`` escaped,
and the page puts it in the DOM with ``textContent`` only.  A Content-Security-Policy that
allows only the page's own nonce-tagged scripts and no network access backs this up.

>>> from rdflib import Graph
>>> page = graph_html(Graph(), title="Empty")
>>> "<title>Empty</title>" in page and "vis.Network" in page
True
"""

from __future__ import annotations

import datetime as dt
import html
import json
import math
import re
import secrets
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from rdflib import Graph, URIRef

from . import __version__
from .analysis import QUAD_CLASSES, centrality, graph_to_networkx
from .files import replace_file
from .load import load_graph
from .namespace import IR
from .ontology import is_symmetric

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["CLASS_STYLES", "QUAD_COLORS", "NotebookView", "graph_html", "render_html", "render_notebook"]


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
# Quad class -> edge colour: verbal and material cooperation, verbal and material conflict.
QUAD_COLORS = {1: "#6cbf5a", 2: "#1f7a3d", 3: "#f0a030", 4: "#d62728"}
STRUCTURAL_COLOR = "#9aa5b1"
SIZE_BY = ("degree", "betweenness", "pagerank")
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


def _vis_options(n_nodes: int) -> dict[str, Any]:
    """vis-network options: physics that settles in a capped number of iterations (the page
    turns physics off once it has), lighter forces and no edge drawing while moving on big graphs."""
    iterations = 1000 if n_nodes <= 100 else 400 if n_nodes <= 500 else 150
    big = n_nodes > 500
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
            "scaling": {"min": 10, "max": 30, "label": {"enabled": True, "min": 14, "max": 20, "drawThreshold": 3}},
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
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "multiselect": False,
            "navigationButtons": False,
            "keyboard": False,
        },
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -70 if not big else -40,
                "centralGravity": 0.01,
                "springLength": 120 if not big else 60,
                "springConstant": 0.06,
                "damping": 0.5,
                "avoidOverlap": 0.3 if not big else 0.0,
            },
            "maxVelocity": 60,
            "minVelocity": 1.0,
            "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 25, "fit": True},
        },
        "layout": {"improvedLayout": n_nodes <= 150, "randomSeed": 7},
    }


def _network_data(G: nx.MultiDiGraph, title: str, size_by: str) -> dict[str, Any]:
    """Nodes, edges, options and legend data for the template, assembled with pyvis."""
    from pyvis.network import Network

    if size_by not in SIZE_BY:
        raise ValueError(f"size_by must be one of {', '.join(SIZE_BY)}, not {size_by!r}")
    n_nodes, n_edges = G.number_of_nodes(), G.number_of_edges()
    if size_by == "degree":
        sizes = {n: float(d) for n, d in G.degree()}
    else:
        sizes = {r.node: r.score for r in centrality(G, size_by, top=None)}

    net = Network(directed=True, cdn_resources="in_line")
    for node, data in G.nodes(data=True):
        cls = str(data.get("cls", "Entity"))
        style = _style(cls)
        border = _shade(style.color, 0.7)
        name = str(data.get("label", node))
        alt = [str(a) for a in data.get("alt_labels") or []]
        net.add_node(
            node,
            label=_short(name, alt),
            name=name,
            shape=style.shape,
            color={
                "background": style.color,
                "border": border,
                "highlight": {"background": _shade(style.color, 1.25), "border": "#1f2933"},
                "hover": {"background": _shade(style.color, 1.15), "border": "#1f2933"},
            },
            value=sizes.get(node, 0.0),
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
        evidence = [[e[0], e[1], e[2]] for e in data.get("evidence", [])]
        days = sorted({d for d in (_day(x) for x in data.get("dates", [])) if d is not None})
        claims = int(data.get("claims") or 0)
        options: dict[str, Any] = {
            "id": f"e{i}",
            "color": {"color": color, "highlight": _shade(color, 0.75), "hover": _shade(color, 0.75), "opacity": 0.9},
            "width": 1.5 + min(4.0, math.log2(1 + claims)),
            "smooth": smooth,
            "dashes": quad not in QUAD_COLORS,
            "arrows": {"to": {"enabled": not symmetric, "scaleFactor": 0.55}},
            "rel": relation,
            "quad": quad,
            "goldstein": data.get("goldstein"),
            "claims": claims,
            "sym": symmetric,
            "ev": evidence,
            "days": days,
            "factual": bool(data.get("factual", True)),
        }
        if n_edges <= 300:
            options["label"] = relation
        net.add_edge(u, v, **options)

    classes: dict[str, int] = {}
    for _, cls in G.nodes(data="cls", default="Entity"):
        classes[str(cls)] = classes.get(str(cls), 0) + 1
    groups: dict[int | None, dict[str, int]] = {}
    for edge in net.edges:
        quad = edge["quad"] if edge["quad"] in QUAD_COLORS else None
        groups.setdefault(quad, {})
        groups[quad][edge["rel"]] = groups[quad].get(edge["rel"], 0) + 1
    relation_groups = [
        {
            "name": (QUAD_CLASSES[q] if q else "structural").capitalize(),
            "color": QUAD_COLORS.get(q, STRUCTURAL_COLOR) if q else STRUCTURAL_COLOR,
            "dashed": q is None,
            "relations": [{"name": r, "count": c} for r, c in sorted(rels.items())],
        }
        for q, rels in sorted(groups.items(), key=lambda item: item[0] or 9)
    ]
    all_days = [d for edge in net.edges for d in edge["days"]]
    meta = {
        "title": title,
        "nodes": n_nodes,
        "edges": n_edges,
        "articles": int(G.graph.get("articles", 0)),
        "classes": [
            {"name": c, "count": n, "shape": _style(c).shape, "color": _style(c).color}
            for c, n in sorted(classes.items(), key=lambda item: (-item[1], item[0]))
        ],
        "relationGroups": relation_groups,
        "quadNames": {str(q): name for q, name in QUAD_CLASSES.items()},
        "dayMin": min(all_days) if all_days else None,
        "dayMax": max(all_days) if all_days else None,
        "edgeLabels": n_edges <= 300,
        "sizeBy": size_by,
    }
    return {"nodes": net.nodes, "edges": net.edges, "options": _vis_options(n_nodes), "meta": meta}


def _script_json(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` survives."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


def _vis_asset(name: str) -> str:
    import pyvis

    path = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / name
    text = path.read_text(encoding="utf-8")
    closing = "</script" if name.endswith(".js") else "</style"
    if closing in text.lower():  # cannot happen with the shipped file; refuse rather than break the page
        raise ValueError(f"{path} contains {closing!r} and cannot be inlined")
    return text


def _to_networkx(g: Graph | nx.MultiDiGraph | str | Path) -> nx.MultiDiGraph:
    if isinstance(g, (str, Path)):
        g = load_graph(g)
    return graph_to_networkx(g) if isinstance(g, Graph) else g


def graph_html(g: Graph | nx.MultiDiGraph | str | Path, *, title: str | None = None, size_by: str = "degree") -> str:
    """The HTML text of the interactive view.

    Args:
        g: an rdflib graph from ``kg``, a networkx graph from
            :func:`kg.analysis.graph_to_networkx` (or part of one, such as an ego network),
            or the path of an RDF file for :func:`kg.load.load_graph`.
        title: the page's title (default: "Knowledge graph").
        size_by: what node size shows: ``degree``, ``betweenness`` or ``pagerank``.

    Example:
        >>> import networkx as nx
        >>> G = nx.MultiDiGraph()
        >>> G.add_node("x", label="<b>X</b>", cls="State")
        >>> page = graph_html(G, title="A & B")
        >>> "<title>A &amp; B</title>" in page, "<b>X</b>" in page, "\\\\u003cb\\\\u003eX" in page
        (True, False, True)
    """
    G = _to_networkx(g)
    title = title or "Knowledge graph"
    data = _network_data(G, title, size_by)
    template = (resources.files("kg") / "templates" / "graph.html").read_text(encoding="utf-8")
    values = {
        "NONCE": secrets.token_urlsafe(18),
        "VERSION": html.escape(__version__),
        "TITLE": html.escape(title),
        "VIS_CSS": _vis_asset("vis-network.css"),
        "VIS_JS": _vis_asset("vis-network.min.js"),
        "DATA": _script_json(data),
    }
    # One pass, so text that arrives through a value is never itself scanned for placeholders.
    return re.sub(r"\{\{([A-Z_]+)\}\}", lambda m: values[m[1]], template)


def render_html(
    g: Graph | nx.MultiDiGraph | str | Path, path: str | Path, *, title: str | None = None, size_by: str = "degree"
) -> Path:
    """Write the interactive view of ``g`` to one self-contained HTML file.

    Args:
        g: an rdflib graph from ``kg``, a networkx graph from
            :func:`kg.analysis.graph_to_networkx`, or the path of an RDF file.
        path: the ``.html`` file to write (folders are created).
        title: the page's title (default: the file's name).
        size_by: what node size shows: ``degree``, ``betweenness`` or ``pagerank``.

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
    page = graph_html(g, title=title or path.stem, size_by=size_by)
    with replace_file(path) as tmp:
        tmp.write_text(page, encoding="utf-8")
    return path


@dataclass(frozen=True)
class NotebookView:
    """The view for Jupyter: an ``<iframe srcdoc>`` that carries the whole page, so a saved
    notebook shows the graph without any other file."""

    html: str
    height: int = 650

    def _repr_html_(self) -> str:
        return (
            f'<iframe srcdoc="{html.escape(self.html, quote=True)}" sandbox="allow-scripts" '
            f'style="width:100%;height:{int(self.height)}px;border:1px solid #d9dee4;border-radius:6px" '
            f'title="kg graph view"></iframe>'
        )


def render_notebook(
    g: Graph | nx.MultiDiGraph | str | Path, *, title: str | None = None, size_by: str = "degree", height: int = 650
) -> NotebookView:
    """The interactive view to show inline in a notebook (the cell's value displays it).

    Example:
        >>> from rdflib import Graph
        >>> view = render_notebook(Graph(), title="Empty")
        >>> view._repr_html_().startswith('<iframe srcdoc="&lt;!DOCTYPE html&gt;')
        True
    """
    return NotebookView(graph_html(g, title=title, size_by=size_by), height)
