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

import ctypes
import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from spacy.language import Language

from ..errors import Codes, InputError, InputWarning
from ..pipeline import Extraction, Limits, extract, make_nlp
from ..rdf import article_graph
from ..records import Article

__all__ = ["Extracted", "Executor", "LocalExecutor", "extract_batch", "process_nlp"]


@dataclass(frozen=True)
class Extracted:
    """What extraction gives for one article: the article and its graph as N-Triples (UTF-8),
    or the error that cost this article (and only it) its graph; and the warnings it gave
    (a long text processed in pieces, long sentences split).

    The graph is the one :func:`kg.rdf.article_graph` writes with no labels shared across
    articles; a sink settles each entity's one label when it adds the graph.
    """

    article: Article
    ntriples: bytes = b""
    error: InputError | None = None
    warnings: tuple[InputWarning, ...] = ()


class Executor(Protocol):
    """Runs extraction over batches of articles."""

    def map(self, batches: Iterable[Sequence[Article]]) -> Iterator[list[Extracted]]:
        """Per batch, one :class:`Extracted` per article, batches and articles in input order."""
        ...

    def close(self) -> None:
        """Release the workers; a closed executor takes no more batches."""
        ...


def extract_batch(
    nlp: Language, articles: Sequence[Article], batch_size: int = 64, limits: Limits | None = None
) -> list[Extracted]:
    """Run ``nlp`` over a batch of articles within ``limits``: one :class:`Extracted` per article, in order.

    Any failure costs only its article, which gets an error (naming its file and line, or
    id) instead of a graph: an exception in a component (``E017``), a component past the
    time limit (``E019``), or an article whose graph cannot be written as RDF (``E017``);
    see :func:`kg.pipeline.extract`.  Should anything else fail, the batch is run again one
    article at a time.
    """
    try:
        return [_extracted(x) for x in extract(nlp, articles, batch_size=batch_size, limits=limits)]
    except Exception as err:  # outside any component: find the article it belongs to
        if len(articles) == 1:
            return [_failed(articles[0], err)]
    return [item for article in articles for item in extract_batch(nlp, [article], batch_size, limits)]


def _extracted(x: Extraction) -> Extracted:
    if x.error is not None:
        return Extracted(x.article, error=x.error, warnings=x.warnings)
    try:
        graph = article_graph(x.article, x.entities, x.claims, {}, prefixes=False)
        data = graph.serialize(format="nt", encoding="utf-8")
    except Exception as err:
        return _failed(x.article, err, "writing its RDF")
    return Extracted(x.article, data, warnings=x.warnings)


def _failed(article: Article, err: Exception, doing: str = "extraction") -> Extracted:
    reason = (f"{type(err).__name__}: {err}".splitlines() or [type(err).__name__])[0]
    where = article.origin or article.id
    return Extracted(article, error=InputError(where, f"{doing} failed ({reason}); skipped", code=Codes.EXTRACTION))


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


def _start_worker(model: str | None, gazetteers: Sequence[str], parent: int) -> None:
    _die_with(parent)
    # Ctrl-C reaches every process of the terminal's group: the main process stops the
    # build and the workers; a worker that took it would print a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    process_nlp(model, gazetteers)


def _die_with(parent: int) -> None:
    """End this worker when the process ``parent`` ends, even by SIGKILL.

    On Linux the kernel sends SIGKILL at the parent's death (``prctl(PR_SET_PDEATHSIG)``);
    elsewhere a thread checks the parent once a second.  A parent already gone ends the
    worker now.
    """
    watched = False
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            watched = libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
        except (OSError, AttributeError):
            watched = False
    if os.getppid() != parent:
        os._exit(1)
    if not watched:
        threading.Thread(target=_watch, args=(parent,), daemon=True, name="kg-parent-watch").start()


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _extract_in_worker(
    articles: Sequence[Article], batch_size: int, model: str | None, gazetteers: Sequence[str], limits: Limits | None
) -> list[Extracted]:
    return extract_batch(process_nlp(model, gazetteers), articles, batch_size, limits)


class LocalExecutor:
    """Extraction on this machine: in this process with one worker, else in a pool of ``workers`` processes.

    Args:
        workers: processes that run spaCy; 1 runs it here.
        model: the spaCy pipeline to load (see :func:`kg.pipeline.make_nlp`).
        gazetteers: extra gazetteer files.
        batch_size: ``nlp.pipe``'s batch size.
        nlp: a loaded kg pipeline to run here instead (``workers`` is then ignored).
        limits: what one article may cost (:class:`kg.pipeline.Limits`).

    The model is loaded only once a batch comes.  With a pool, at most two batches a
    worker are in flight, so memory stays bounded.  Workers end with the process that
    started them, however it ends (SIGKILL included), and ignore Ctrl-C, which the main
    process handles: when :meth:`map` is interrupted or closed before its end, it stops
    the workers at once instead of waiting for their batches.
    """

    def __init__(
        self,
        workers: int = 1,
        *,
        model: str | None = None,
        gazetteers: Sequence[str] = (),
        batch_size: int = 64,
        nlp: Language | None = None,
        limits: Limits | None = None,
    ):
        self.workers, self.model, self.batch_size, self.nlp = workers, model, batch_size, nlp
        self.gazetteers = [str(g) for g in gazetteers]
        self.limits = limits
        self._pool: ProcessPoolExecutor | None = None
        self._processes: dict[int, multiprocessing.process.BaseProcess] = {}

    def __enter__(self) -> LocalExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def map(self, batches: Iterable[Sequence[Article]]) -> Iterator[list[Extracted]]:
        """Per batch, one :class:`Extracted` per article, in input order."""
        if self.nlp is not None or self.workers <= 1:
            for batch in batches:
                nlp = self.nlp if self.nlp is not None else process_nlp(self.model, self.gazetteers)
                yield extract_batch(nlp, batch, self.batch_size, self.limits)
            return
        pending: deque[Future] = deque()
        try:
            for batch in batches:
                pending.append(self._submit(batch))
                if len(pending) >= 2 * self.workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        except BaseException:  # interrupted, or no more results wanted: stop now
            self.close(stop=True)
            raise

    def _submit(self, batch: Sequence[Article]) -> Future:
        if self._pool is None:
            fork = "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"
            self._pool = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("fork" if fork else "spawn"),
                initializer=_start_worker,
                initargs=(self.model, self.gazetteers, os.getpid()),
            )
            self._before = {p.pid for p in multiprocessing.active_children()}
        job = self._pool.submit(_extract_in_worker, batch, self.batch_size, self.model, self.gazetteers, self.limits)
        if len(self._processes) < self.workers:  # the pool starts its processes on demand
            for p in multiprocessing.active_children():
                if p.pid not in self._before and p.pid is not None:
                    self._processes.setdefault(p.pid, p)
        return job

    def close(self, stop: bool = False) -> None:
        """Shut the pool down, dropping batches not started; with ``stop``, end the running ones too."""
        if self._pool is None:
            return
        if stop:
            self._pool.shutdown(wait=False, cancel_futures=True)
            for p in self._processes.values():
                p.terminate()
            for p in self._processes.values():
                p.join(5)
        else:
            self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool, self._processes = None, {}
