"""kg: knowledge graphs of international relations from news articles.

The public API: :func:`build_graph` turns articles into an RDF graph.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
