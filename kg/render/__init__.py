"""The views: self-contained, offline HTML pages made from a graph.

- :mod:`kg.render.graph`: the interactive network of actors and of states (vis-network,
  assembled with pyvis), with top actors, neighbourhoods, dates and a PNG export.
- :mod:`kg.render.timeline`: the dyad timeline of two actors.
- :mod:`kg.render.page`: what the pages share (templates, script-safe JSON, the notebook frame).

Article text is data, never markup: it travels as JSON with ``<``, ``>`` and ``&`` escaped,
and the pages put it in the DOM with ``textContent`` only.  A Content-Security-Policy that
allows only the page's own nonce-tagged scripts and no network access backs this up.
"""

from .graph import (
    CLASS_STYLES,
    QUAD_COLORS,
    TOP_DEFAULT,
    TOP_THRESHOLD,
    graph_data,
    graph_html,
    render_html,
    render_notebook,
)
from .page import NotebookView
from .timeline import dyad_html, dyad_notebook, render_dyad

__all__ = [
    "CLASS_STYLES",
    "QUAD_COLORS",
    "TOP_DEFAULT",
    "TOP_THRESHOLD",
    "NotebookView",
    "dyad_html",
    "dyad_notebook",
    "graph_data",
    "graph_html",
    "render_dyad",
    "render_html",
    "render_notebook",
]
