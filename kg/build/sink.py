"""Where a build's article graphs go: one RDF file (:class:`FileSink`) or a store (:class:`StoreSink`).

Both take the same :class:`~kg.build.executor.Extracted` records, N-Triples bytes per
article, so a file and a store built from the same articles hold the same literals.  Both
keep one ``rdfs:label`` per entity: the first one seen (or stored); a later, different
name becomes an ``skos:altLabel``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from rdflib import RDFS, SKOS, Graph, URIRef
from rdflib.term import Node

from ..rdf import article_iri, new_graph, write_graph
from ..records import Article
from ..store import Store
from .executor import Extracted
from .report import BuildReport

__all__ = ["Sink", "FileSink", "StoreSink"]


class Sink(Protocol):
    """What a build writes into."""

    def holds(self, article: Article) -> bool:
        """Whether the article is already there unchanged (so it need not be extracted)."""
        ...

    def add(self, batch: Sequence[Extracted]) -> tuple[int, int]:
        """Add a batch of article graphs: how many were written, and how many were there unchanged."""
        ...

    def graph(self) -> Graph:
        """Everything added so far (and stored before), as one rdflib graph."""
        ...

    def finish(self, report: BuildReport) -> None:
        """Write the result out, and note in ``report`` where it went."""
        ...

    def close(self) -> None:
        """Release what the sink holds open."""
        ...


class FileSink:
    """Article graphs kept in memory, written to one RDF file (or none) at the end."""

    def __init__(self, output: Path | None = None):
        self.output = output
        self.graphs: dict[URIRef, Graph] = {}
        self.labels: dict[Node, Node] = {}  # entity -> the label it keeps
        self._merged: Graph | None = None

    def holds(self, article: Article) -> bool:
        return False

    def add(self, batch: Sequence[Extracted]) -> tuple[int, int]:
        for item in batch:
            g = Graph(bind_namespaces="none").parse(data=item.ntriples, format="nt")
            for s, label in list(g.subject_objects(RDFS.label)):
                known = self.labels.setdefault(s, label)
                if known != label:
                    g.remove((s, RDFS.label, label))
                    g.add((s, RDFS.label, known))
                    g.add((s, SKOS.altLabel, label))
            self.graphs[article_iri(item.article)] = g
        self._merged = None
        return len(batch), 0

    def graph(self) -> Graph:
        if self._merged is None:
            self._merged = new_graph()
            for g in self.graphs.values():
                self._merged += g
        return self._merged

    def finish(self, report: BuildReport) -> None:
        report.graph = self.graph()
        if self.output is not None and (report.built or not report.failed):
            write_graph(self.graphs, self.output)
            report.output = self.output

    def close(self) -> None:
        pass


class StoreSink:
    """Article graphs added to a store, one transaction a batch; ``export`` writes the whole store at the end."""

    def __init__(self, path: Path, export: Path | None = None):
        self.path, self.export = path, export
        self.store = Store.open(path)

    def holds(self, article: Article) -> bool:
        return bool(article.content_hash) and self.store.stored_hash(article) == article.content_hash

    def add(self, batch: Sequence[Extracted]) -> tuple[int, int]:
        # ingest gives each id once a run (kg.ingest.read_articles), so a batch holds no id twice
        return self.store.add_articles([(item.article, item.ntriples) for item in batch])

    def graph(self) -> Graph:
        return self.store.graph()

    def finish(self, report: BuildReport) -> None:
        report.output = self.store.export(self.export) if self.export is not None else self.path

    def close(self) -> None:
        self.store.close()
