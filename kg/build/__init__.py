"""Articles in, RDF out: :func:`build_graph` and what it is made of.

One loop (:mod:`kg.build.run`) reads articles, hands them in batches to an
:class:`Executor` that runs the spaCy pipeline (:class:`LocalExecutor`: in this process or
in worker processes; :class:`kg.build.cluster.DaskExecutor`: on a Dask cluster, imported
only when asked for, as Dask is an optional extra), and adds each article's graph to a
:class:`Sink`: an RDF file (:class:`FileSink`) or a store (:class:`StoreSink`).
:class:`BuildReport` says what it did.

>>> report = build_graph(["data/articles"], output="out/graph.ttl", progress=False)   # doctest: +SKIP
>>> print(report.summary())                                                          # doctest: +SKIP
"""

from __future__ import annotations

from .executor import Executor, Extracted, LocalExecutor
from .report import BuildReport, count_graph
from .run import build_graph
from .sink import FileSink, Sink, StoreSink

__all__ = [
    "build_graph",
    "BuildReport",
    "count_graph",
    "Executor",
    "Extracted",
    "LocalExecutor",
    "Sink",
    "FileSink",
    "StoreSink",
]
