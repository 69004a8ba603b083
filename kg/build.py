"""Articles in, RDF out: the one function behind ``kg build``.

>>> report = build_graph(["data/articles"], output="out/graph.ttl")   # doctest: +SKIP
>>> print(report.summary())                                          # doctest: +SKIP
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from spacy.language import Language
from spacy.tokens import Doc

from .errors import InputError, KgError
from .ingest import read_articles
from .rdf import article_graph, article_iri, format_for, new_graph, write_graph
from .records import Article, Claim, Entity

__all__ = ["build_graph", "BuildReport", "doc_records", "graph_of_articles"]


@dataclass
class BuildReport:
    """What a build did: counts, errors, and the graph it wrote (when it kept one in memory)."""

    built: int = 0
    failed: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)
    entity_classes: Counter = field(default_factory=Counter)
    relations: Counter = field(default_factory=Counter)
    statements: int = 0
    non_factual: int = 0
    graph: Graph | None = None
    output: Path | None = None
    html: Path | None = None
    top_actors: list[tuple[str, int]] = field(default_factory=list)

    def summary(self) -> str:
        """A few lines saying what was found."""
        unchanged = f", unchanged {self.skipped}" if self.skipped else ""
        lines = [f"articles built {self.built}, failed {self.failed}{unchanged}"]
        if self.entity_classes:
            lines.append("entities  " + ", ".join(f"{c} {n}" for c, n in self.entity_classes.most_common()))
        if self.relations:
            lines.append(f"relations {sum(self.relations.values())} direct triples: "
                         + ", ".join(f"{p} {n}" for p, n in self.relations.most_common(8)))
        lines.append(f"claims    {self.statements} statements, {self.non_factual} negated or hypothetical")
        if self.top_actors:
            lines.append("most active: " + ", ".join(f"{a} ({n})" for a, n in self.top_actors[:5]))
        for what, path in (("wrote", self.output), ("view", self.html)):
            if path:
                lines.append(f"{what}     {path}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        from html import escape

        return "<pre>" + escape(self.summary()) + "</pre>"


def doc_records(doc: Doc) -> tuple[list[Entity], list[Claim]]:
    """The entities and claims the pipeline left on a processed ``Doc``."""
    ents = doc._.kg_entities
    used = {m.kb_id_ for m in doc.spans.get("kg_mentions", [])}
    claims = list(doc._.kg_claims)
    used |= {c.subject for c in claims} | {c.object for c in claims}
    return [e for k, e in sorted(ents.items()) if k in used], claims


def _batches(items: Iterable, size: int) -> Iterable[list]:
    batch: list = []
    for x in items:
        batch.append(x)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def graph_of_articles(nlp: Language, articles: Sequence[Article], labels: dict[str, str],
                      batch_size: int = 64) -> list[tuple[Article, Graph]]:
    """Process a batch of articles; one graph per article."""
    from .pipeline import process

    out = []
    for article, doc in process(nlp, articles, batch_size=batch_size):
        ents, claims = doc_records(doc)
        out.append((article, article_graph(article, ents, claims, labels)))
    return out


def build_graph(
    inputs: Sequence[str | Path],
    output: str | Path | None = None,
    store: str | Path | None = None,
    html: str | Path | None = None,
    model: str | None = None,
    date: str | None = None,
    gazetteers: Sequence[str | Path] = (),
    workers: int = 1,
    batch_size: int = 64,
    progress: bool = True,
    on_error: Callable[[KgError], None] | None = None,
    nlp: Language | None = None,
) -> BuildReport:
    """Read ``inputs``, extract entities and relations, write RDF to ``output`` and/or ``store``.

    Bad files and records are reported through ``on_error`` and skipped; the rest is built.
    """
    report = BuildReport()
    out_path = Path(output) if output else None
    if out_path is not None:
        format_for(out_path)  # fail on a bad extension before any work
    if store is not None:
        from .store import build_into_store

        return build_into_store(inputs, Path(store), report=report, output=out_path, html=html, model=model,
                                date=date, gazetteers=gazetteers, workers=workers, batch_size=batch_size,
                                progress=progress, on_error=on_error)

    def errors() -> Iterable[Article]:
        for item in read_articles(inputs, date):
            if isinstance(item, InputError):
                report.failed += 1
                report.errors.append(str(item))
                if on_error:
                    on_error(item)
            else:
                yield item

    labels: dict[str, str] = {}
    graphs: dict[URIRef, Graph] = {}
    seen: set[str] = set()
    bar = _progress(progress, inputs)

    def fresh_batches() -> Iterable[list[Article]]:
        for batch in _batches(errors(), batch_size):
            for a in batch:
                if a.id in seen:  # the same id twice: the later record wins
                    graphs.pop(article_iri(a), None)
                seen.add(a.id)
            yield batch

    if workers > 1 and nlp is None:  # spaCy in worker processes, graphs built here in input order
        from .store import graphs_in_order

        pairs = graphs_in_order(fresh_batches(), labels, workers=workers, model=model, gazetteers=gazetteers,
                                batch_size=batch_size)
    else:
        if nlp is None:
            from .pipeline import make_nlp

            nlp = make_nlp(model, [str(g) for g in gazetteers])
        pairs = (pair for batch in fresh_batches() for pair in graph_of_articles(nlp, batch, labels, batch_size))
    for article, g in pairs:
        graphs[article_iri(article)] = g
        report.built += 1
        bar.update(1)
    bar.close()
    merged = new_graph()
    for g in graphs.values():
        merged += g
    report.graph = merged
    _count(report, merged)
    if out_path is not None and (report.built or not report.failed):
        write_graph(graphs, out_path)
        report.output = out_path
    if html:
        from .render import render_html

        render_html(merged, Path(html))
        report.html = Path(html)
    return report


def _count(report: BuildReport, g: Graph) -> None:
    from rdflib import RDF, RDFS

    from .namespace import IR
    from .ontology import load_ontology

    onto = load_ontology()
    classes = {c for c in onto.subjects(RDF.type, None)}
    labels = {s: str(o) for s, o in g.subject_objects(RDFS.label)}
    degree: Counter = Counter()
    for s, c in g.subject_objects(RDF.type):
        if c in classes and c not in (IR.Article, IR.Claim) and s in labels:
            report.entity_classes[str(c).rsplit("#", 1)[-1]] += 1
    for claim in g.subjects(RDF.type, IR.Claim):
        report.statements += 1
        if (claim, IR.polarity, IR.Negative) in g or (claim, IR.modality, IR.Asserted) not in g:
            report.non_factual += 1
    props = set(onto.subjects(RDF.type, URIRef("http://www.w3.org/2002/07/owl#ObjectProperty")))
    for s, p, o in g:
        if p in props and s in labels and o in labels:
            report.relations[str(p).rsplit("#", 1)[-1]] += 1
            degree[labels[s]] += 1
            degree[labels[o]] += 1
    report.top_actors = degree.most_common(5)


class _NoBar:
    def update(self, n: int) -> None: ...

    def close(self) -> None: ...


def _progress(enabled: bool, inputs: Sequence[str | Path] = ()):
    """A progress bar on a terminal (articles/s, and time left when ``inputs`` are counted), else nothing."""
    if not enabled or not sys.stderr.isatty():
        return _NoBar()
    from tqdm import tqdm

    from .store import count_articles

    return tqdm(total=count_articles(inputs) or None, unit="article", desc="kg build", file=sys.stderr,
                dynamic_ncols=True)
