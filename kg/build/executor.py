"""Extraction runs: the pipeline over batches of articles, in this process or in worker processes.

An :class:`Executor` takes batches of articles and gives back, batch by batch and in input
order, one :class:`Extracted` record per article: the article and its graph as N-Triples
bytes.  :func:`kg.build.build_graph` does not know which executor runs; :class:`LocalExecutor`
runs in this process (one worker) or in a process pool (N workers).

>>> from kg.records import Article
>>> with LocalExecutor() as executor:                                   # doctest: +SKIP
...     [[done]] = executor.map([[Article(id="a1", text="France criticized Russia.")]])
>>> done.article.id, b"criticizes" in done.ntriples                   # doctest: +SKIP
('a1', True)
"""

from __future__ import annotations

import gc
import multiprocessing
import sys
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from spacy.language import Language

from ..errors import Codes, InputError
from ..pipeline import doc_records, make_nlp, process
from ..rdf import article_graph
from ..records import Article

__all__ = ["Extracted", "Executor", "LocalExecutor", "extract_batch", "process_nlp"]


@dataclass(frozen=True)
class Extracted:
    """What extraction gives for one article: the article and its graph as N-Triples (UTF-8),
    or the error that cost this article (and only it) its graph.

    The graph is the one :func:`kg.rdf.article_graph` writes with no labels shared across
    articles; a sink settles each entity's one label when it adds the graph.
    """

    article: Article
    ntriples: bytes = b""
    error: InputError | None = None


class Executor(Protocol):
    """Runs extraction over batches of articles."""

    def map(self, batches: Iterable[Sequence[Article]]) -> Iterator[list[Extracted]]:
        """Per batch, one :class:`Extracted` per article, batches and articles in input order."""
        ...

    def close(self) -> None:
        """Release the workers; a closed executor takes no more batches."""
        ...


def extract_batch(nlp: Language, articles: Sequence[Article], batch_size: int = 64) -> list[Extracted]:
    """Run ``nlp`` over a batch of articles: one :class:`Extracted` per article, in order.

    An exception anywhere in the pipeline costs only the article that raised it: the batch
    is run again one article at a time, and each article that fails on its own gets the
    error (``E017``, naming where it came from) instead of a graph.
    """
    try:
        return [_extracted(article, doc) for article, doc in process(nlp, articles, batch_size=batch_size)]
    except Exception as err:  # any failure of a component: find the article it belongs to
        if len(articles) == 1:
            return [_failed(articles[0], err)]
    return [item for article in articles for item in extract_batch(nlp, [article], batch_size)]


def _extracted(article: Article, doc: Any) -> Extracted:
    ents, claims = doc_records(doc)
    graph = article_graph(article, ents, claims, {}, prefixes=False)
    return Extracted(article, graph.serialize(format="nt", encoding="utf-8"))


def _failed(article: Article, err: Exception) -> Extracted:
    reason = (f"{type(err).__name__}: {err}".splitlines() or [type(err).__name__])[0]
    where = article.origin or article.id
    return Extracted(article, error=InputError(where, f"extraction failed ({reason}); skipped", code=Codes.EXTRACTION))


# The pipeline of this process (the main one, or a worker), kept while the same model and
# gazetteers are asked for: loading it costs more than a small build.
_NLP: Language | None = None
_NLP_KEY: tuple | None = None


def process_nlp(model: str | None = None, gazetteers: Sequence[str | Path] = ()) -> Language:
    """The kg pipeline of this process for ``model`` and ``gazetteers``: loaded on first use, then kept.

    Builds in one process (and each worker process) share it, so a second build does not
    load the model again.
    """
    global _NLP, _NLP_KEY
    key = (model, tuple(str(g) for g in gazetteers))
    if _NLP is None or key != _NLP_KEY:
        _NLP, _NLP_KEY = make_nlp(model, list(key[1])), key
        # The model, gazetteer and lexicons live as long as the process: keep them out of
        # the cyclic garbage collector's full passes, which would walk them again and again.
        gc.collect()
        gc.freeze()
    return _NLP


def _start_worker(model: str | None, gazetteers: Sequence[str]) -> None:
    process_nlp(model, gazetteers)


def _extract_in_worker(
    articles: Sequence[Article], batch_size: int, model: str | None, gazetteers: Sequence[str]
) -> list[Extracted]:
    return extract_batch(process_nlp(model, gazetteers), articles, batch_size)


class LocalExecutor:
    """Extraction on this machine: in this process with one worker, else in a pool of ``workers`` processes.

    Args:
        workers: processes that run spaCy; 1 runs it here.
        model: the spaCy pipeline to load (see :func:`kg.pipeline.make_nlp`).
        gazetteers: extra gazetteer files.
        batch_size: ``nlp.pipe``'s batch size.
        nlp: a loaded kg pipeline to run here instead (``workers`` is then ignored).

    The model is loaded only once a batch comes.  With a pool, at most two batches a
    worker are in flight, so memory stays bounded.
    """

    def __init__(
        self,
        workers: int = 1,
        *,
        model: str | None = None,
        gazetteers: Sequence[str] = (),
        batch_size: int = 64,
        nlp: Language | None = None,
    ):
        self.workers, self.model, self.batch_size, self.nlp = workers, model, batch_size, nlp
        self.gazetteers = [str(g) for g in gazetteers]
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> LocalExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def map(self, batches: Iterable[Sequence[Article]]) -> Iterator[list[Extracted]]:
        """Per batch, one :class:`Extracted` per article, in input order."""
        if self.nlp is not None or self.workers <= 1:
            for batch in batches:
                nlp = self.nlp if self.nlp is not None else process_nlp(self.model, self.gazetteers)
                yield extract_batch(nlp, batch, self.batch_size)
            return
        pending: deque[Future] = deque()
        for batch in batches:
            job = self._start().submit(_extract_in_worker, batch, self.batch_size, self.model, self.gazetteers)
            pending.append(job)
            if len(pending) >= 2 * self.workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def _start(self) -> ProcessPoolExecutor:
        if self._pool is None:
            fork = "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"
            self._pool = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("fork" if fork else "spawn"),
                initializer=_start_worker,
                initargs=(self.model, self.gazetteers),
            )
        return self._pool

    def close(self) -> None:
        """Shut the pool down, dropping batches not started."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
