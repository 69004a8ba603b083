"""Sharing a graph over HTTP: serve a store as a SPARQL endpoint, push article graphs to one.

:func:`serve_store` runs the Oxigraph server on a store folder's database (``kg serve``);
:func:`push_graphs` uploads the article graphs of a store or a ``.nq``/``.trig`` file to any
SPARQL 1.1 Graph Store Protocol endpoint, one named graph per article (``kg push``).
Queries go the other way through :func:`kg.load.load_graph`, which takes an endpoint URL.

>>> serve_store("out/store", port=7878)                                # doctest: +SKIP
>>> push_graphs("out/store", "http://localhost:7878/store").sent      # doctest: +SKIP
8
"""

from __future__ import annotations

from .push import PushReport, push_graphs, query_url_for
from .serve import Server, oxigraph_command, serve_store, start_server

__all__ = ["PushReport", "Server", "oxigraph_command", "push_graphs", "query_url_for", "serve_store", "start_server"]
