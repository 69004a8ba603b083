"""Articles in, RDF out: :func:`build_graph`, the one loop behind ``kg build``.

>>> report = build_graph(["data/articles"], output="out/graph.ttl")   # doctest: +SKIP
>>> print(report.summary())                                          # doctest: +SKIP
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from spacy.language import Language

from ..dates import parse_date
from ..errors import InputError, InputWarning, KgError, UsageError, error
from ..files import check_writable
from ..ingest import count_articles, read_articles
from ..pipeline import Limits, check_model
from ..rdf import format_for
from ..records import Article
from ..render import render_html
from .executor import Executor, LocalExecutor
from .report import BuildReport, count_graph
from .sink import FileSink, Sink, StoreSink

__all__ = ["build_graph"]


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
    executor: Executor | None = None,
    dask: str | bool | None = None,
    limits: Limits | None = None,
) -> BuildReport:
    """Read ``inputs``, extract entities and relations, write RDF to ``output`` and/or ``store``.

    Args:
        inputs: article files and folders (see :func:`kg.ingest.read_articles`).
        output: the RDF file to write; its extension picks the format.  With ``store``, the
            whole store is exported there afterwards.
        store: a store folder to add the articles to; articles it holds unchanged are
            skipped, changed ones replaced.
        html: also write the interactive view of the result here.
        model, gazetteers: the spaCy pipeline and extra gazetteer files (see :func:`kg.pipeline.make_nlp`).
        date: the date of articles that carry none (any form a record's ``date`` may take).
        workers, batch_size: worker processes, and articles per batch (a batch also holds
            at most ``limits.batch_chars`` characters, or one longer article).
        progress: show a progress bar on a terminal.
        on_error: called with each bad file or record, which is skipped, and with each warning
            (an :class:`~kg.errors.InputWarning`: part of a record left out, the article built).
        nlp: a loaded kg pipeline to run in this process (then ``workers`` is ignored).
        executor: what runs the extraction (default: a :class:`~kg.build.executor.LocalExecutor`
            with ``workers``, ``model``, ``gazetteers``, ``batch_size``, ``nlp`` and ``limits``).
        dask: run the extraction on Dask instead (:class:`~kg.build.cluster.DaskExecutor`):
            ``True`` starts a local cluster of ``workers`` processes, an address such as
            ``tcp://host:8786`` joins that cluster.
        limits: what one article may cost (:class:`kg.pipeline.Limits`: pieces of long
            texts, sentence length, time, characters per batch).

    Returns:
        A :class:`BuildReport`; the report's figures are those of the whole result (the
        whole store, for a store build).

    Raises:
        UsageError: before any work, for an argument kg cannot use: a ``date`` it cannot
            read, an unknown output extension, an output or ``html`` path that cannot be
            written, a ``store`` folder that cannot be made.
        ModelError: ``model`` is not installed or cannot be used.
        KgError: the store cannot be opened (damaged, or used by another build), or the
            output cannot be written at the end.
    """
    report = BuildReport()
    out_path = Path(output) if output else None
    # What the caller got wrong fails now, in one line, not after an hour of work.
    if date:
        try:
            parse_date(date, "--date")
        except InputError as err:
            raise error(f"--date: {err.problem}", err.code, UsageError) from None
    if nlp is None and executor is None and not isinstance(dask, str):  # a cluster's workers check their own
        check_model(model)
    if out_path is not None:
        format_for(out_path)
        check_writable(out_path)
    if html:
        check_writable(Path(html), "HTML view")
    limits = limits or Limits()
    if executor is None and dask:
        # distributed is an optional extra (kg[dask]): local builds do not import it
        from .cluster import DaskExecutor

        scheduler = dask if isinstance(dask, str) else None
        executor = DaskExecutor(
            scheduler,
            workers=workers,
            model=model,
            gazetteers=[str(g) for g in gazetteers],
            batch_size=batch_size,
            limits=limits,
        )
    if executor is None:
        executor = LocalExecutor(
            workers, model=model, gazetteers=[str(g) for g in gazetteers], batch_size=batch_size, nlp=nlp, limits=limits
        )
    sink: Sink = StoreSink(Path(store), export=out_path) if store is not None else FileSink(out_path)
    bar = _progress(progress, inputs)

    def todo() -> Iterator[Article]:
        for item in read_articles(inputs, date):
            if isinstance(item, InputWarning):  # the article itself follows and is built
                report.warnings.append(str(item))
                if on_error:
                    on_error(item)
            elif isinstance(item, InputError):
                report.failed += 1
                report.errors.append(str(item))
                bar.update(1)
                if on_error:
                    on_error(item)
            elif sink.holds(item):
                report.skipped += 1
                bar.update(1)
            else:
                yield item

    results = executor.map(_batches(todo(), batch_size, limits.batch_chars))
    try:
        for batch in results:
            for item in batch:
                for problem in (*item.warnings, *([item.error] if item.error is not None else [])):
                    (report.warnings if isinstance(problem, InputWarning) else report.errors).append(str(problem))
                    if on_error:
                        on_error(problem)
                report.failed += item.error is not None
            written, same = sink.add([item for item in batch if item.error is None])
            report.built += written
            report.skipped += same
            bar.update(len(batch))
        bar.close()  # before the summary is printed
        count_graph(report, sink.graph())
        sink.finish(report)
        if html:
            render_html(sink.graph(), Path(html))
            report.html = Path(html)
    finally:
        bar.close()
        close = getattr(results, "close", None)
        if close is not None:  # an executor's map stops its work early when the build does
            close()
        executor.close()
        sink.close()
    return report


def _batches(articles: Iterable[Article], size: int, chars: int) -> Iterator[list[Article]]:
    """Batches of at most ``size`` articles and ``chars`` characters (or one longer article)."""
    batch: list[Article] = []
    held = 0
    for article in articles:
        if batch and held + len(article.text) > chars:
            yield batch
            batch, held = [], 0
        batch.append(article)
        held += len(article.text)
        if len(batch) >= size:
            yield batch
            batch, held = [], 0
    if batch:
        yield batch


class _NoBar:
    def update(self, n: int) -> None: ...

    def close(self) -> None: ...


def _progress(enabled: bool, inputs: Sequence[str | Path] = ()) -> Any:
    """A progress bar on a terminal (articles/s, and time left when ``inputs`` are counted), else nothing."""
    if not enabled or not sys.stderr.isatty():
        return _NoBar()
    from tqdm import tqdm

    return tqdm(
        total=count_articles(inputs) or None, unit="article", desc="kg build", file=sys.stderr, dynamic_ncols=True
    )
