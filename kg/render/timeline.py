"""The dyad timeline page: one self-contained file with the chart of :func:`kg.analysis.dyad`
and the sentences behind it.

The chart is the SVG :func:`kg.analysis.dyad.timeline_svg` draws; the page adds a tooltip per month
and lists the claims newest first (a click on a month narrows the list to it).  Like the
graph view it loads nothing and puts article text in the DOM as text only.

>>> from kg.analysis.dyad import Dyad, DyadMonth
>>> d = Dyad("A", "B", "a", "b", False, (DyadMonth("2024-01", (1, 0, 0, 0), 1.0),), ())
>>> text = dyad_html(d)
>>> "<title>A \u2013 B</title>" in text and 'data-month="2024-01"' in text
True
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

from ..analysis import QUAD_CLASSES
from ..analysis.dyad import QUAD_COLORS, Dyad, dyad, timeline_svg
from .page import NotebookView, page, write_page

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["dyad_html", "dyad_notebook", "render_dyad"]


def dyad_html(d: Dyad, *, title: str | None = None) -> str:
    """The HTML text of the dyad timeline page of ``d``."""
    data = {
        "a": d.a,
        "b": d.b,
        "people": d.people,
        "months": [asdict(m) for m in d.months],
        "claims": [{**asdict(c), "quad": c.quad_class} for c in d.claims],
        "quadNames": {str(q): name for q, name in QUAD_CLASSES.items()},
        "quadColors": {str(q): color for q, color in QUAD_COLORS.items()},
    }
    return page("dyad.html", title or d.title(), data, CHART=timeline_svg(d))


def render_dyad(
    source: Graph | nx.MultiDiGraph | str | Path,
    a: str,
    b: str,
    path: str | Path,
    *,
    people: bool = False,
    title: str | None = None,
) -> Path:
    """Write the dyad timeline of actors ``a`` and ``b`` to one self-contained HTML file.

    Args:
        source: an rdflib graph, a networkx graph from :func:`kg.analysis.graph_to_networkx`,
            or an RDF file or store folder.
        a, b: the two actors (IRI, label or alternative label).
        path: the ``.html`` file to write (folders are created).
        people: states include the people and bodies that serve them (see :func:`kg.analysis.dyad`).
        title: the page's title (default: "A – B").

    Returns:
        The path written.

    Example:
        >>> import tempfile, pathlib, networkx as nx
        >>> G = nx.MultiDiGraph([("a", "b")])
        >>> out = render_dyad(G, "a", "b", pathlib.Path(tempfile.mkdtemp()) / "dyad.html")
        >>> "No claims between these two actors" in out.read_text(encoding="utf-8")
        True
    """
    return write_page(dyad_html(dyad(source, a, b, people=people), title=title), path)


def dyad_notebook(d: Dyad, *, title: str | None = None, height: int = 620) -> NotebookView:
    """The interactive dyad page inline in a notebook, in its own frame (the :class:`Dyad`
    itself shows a static chart)."""
    return NotebookView(dyad_html(d, title=title), height)
