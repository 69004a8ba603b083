"""Extraction on a Dask cluster: :class:`DaskExecutor`, the other :class:`~kg.build.executor.Executor`.

Without a scheduler address it starts a ``distributed.LocalCluster`` of ``workers``
processes on this machine; with one (``tcp://host:8786``) it joins that cluster.  Each
worker loads the kg pipeline once, when it starts (:class:`LoadPipeline`, a worker plugin),
and runs :func:`~kg.build.executor.extract_batch` on the batches it is given, so a failing
article costs only itself, as in a local build.  The client keeps a bounded number of
batches in flight and hands the results back in input order; it writes the store itself,
so the workers need no shared disk, only ``kg`` and the spaCy model installed.

A worker that dies loses nothing: each task carries its articles, so the scheduler runs it
again on another worker.

>>> with DaskExecutor(workers=2) as executor:                                     # doctest: +SKIP
...     [[done]] = executor.map([[Article(id="a1", text="France criticized Russia.")]])
>>> done.article.id                                                               # doctest: +SKIP
'a1'
"""

from __future__ import annotations

import contextlib
import logging
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from ..errors import Codes, error
from ..pipeline import Limits
from ..records import Article
from .executor import Extracted, extract_batch, process_nlp

try:
    from distributed import Client, Future, LocalCluster
    from distributed.diagnostics.plugin import WorkerPlugin
    from distributed.scheduler import KilledWorker
except ImportError:  # pragma: no cover - the dask extra is not installed
    raise error("Dask builds need Dask: pip install 'kg[dask]'", Codes.SERVICE) from None

__all__ = ["DaskExecutor", "LoadPipeline"]


class LoadPipeline(WorkerPlugin):
    """Loads the kg pipeline on each worker when it starts (and on a worker that replaces one)."""

    idempotent = True  # registering it again from a second build loads nothing twice

    def __init__(self, model: str | None, gazetteers: Sequence[str]):
        self.model, self.gazetteers = model, list(gazetteers)

    def setup(self, worker: Any) -> None:
        process_nlp(self.model, self.gazetteers)


def _extract_on_worker(
    articles: Sequence[Article], batch_size: int, model: str | None, gazetteers: Sequence[str], limits: Limits
) -> list[Extracted]:
    return extract_batch(process_nlp(model, gazetteers), articles, batch_size, limits)


def _first_line(err: BaseException) -> str:
    text = f"{type(err).__name__}: {err}" if str(err) else type(err).__name__
    return text.splitlines()[0]


def _result(future: Future) -> list[Extracted]:
    try:
        return future.result()
    except KilledWorker as err:
        # each worker that died running it counts; past distributed.scheduler.allowed-failures it stops
        raise error(
            f"Dask gave up on a batch of articles after the workers running it died ({_first_line(err)}); "
            "are they short of memory? The store keeps what was built: run the build again to resume",
            Codes.SERVICE,
        ) from None


class DaskExecutor:
    """Extraction on a Dask cluster: a ``LocalCluster`` of ``workers`` processes, or the one at ``scheduler``.

    Args:
        scheduler: the scheduler's address (``tcp://host:8786``); None starts a local cluster.
        workers: worker processes of the local cluster (one thread each: spaCy holds the GIL).
        model: the spaCy pipeline the workers load (see :func:`kg.pipeline.make_nlp`).
        gazetteers: extra gazetteer files; the same paths must exist on every worker.
        batch_size: ``nlp.pipe``'s batch size.
        in_flight: batches submitted and not yet handed back (default: two a worker thread).
        timeout: seconds to wait for the scheduler.
        limits: what one article may cost (:class:`kg.pipeline.Limits`), as in local builds.

    The cluster is started (or joined) when the first batch comes, and closed by
    :meth:`close` (a joined cluster is only left).
    """

    def __init__(
        self,
        scheduler: str | None = None,
        *,
        workers: int = 2,
        model: str | None = None,
        gazetteers: Sequence[str] = (),
        batch_size: int = 64,
        in_flight: int | None = None,
        timeout: float = 30,
        limits: Limits | None = None,
    ):
        self.scheduler, self.workers, self.model, self.batch_size = scheduler, workers, model, batch_size
        self.gazetteers = [str(g) for g in gazetteers]
        self.in_flight, self.timeout = in_flight, timeout
        self.limits = limits or Limits()
        self.client: Client | None = None
        self._cluster: LocalCluster | None = None

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> Client:
        """Start the local cluster or join the scheduler (once), and have the workers load the pipeline."""
        if self.client is not None:
            return self.client
        where = self.scheduler or "a local cluster"
        try:
            if self.scheduler is None:
                self._cluster = LocalCluster(
                    n_workers=self.workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=":0",  # any free port: a second cluster never collides
                    silence_logs=logging.ERROR,
                )
                self.client = Client(self._cluster, set_as_default=False)
            else:
                self.client = Client(self.scheduler, timeout=self.timeout, set_as_default=False)
        except OSError as err:
            self.close()
            raise error(f"cannot start Dask on {where}: {_first_line(err)}", Codes.SERVICE) from None
        # one plugin per pipeline, so a second build with another model loads that one
        name = f"kg-pipeline {self.model or 'default'} {' '.join(self.gazetteers)}".strip()
        try:
            self.client.register_plugin(LoadPipeline(self.model, self.gazetteers), name=name)
        except Exception as err:  # raised on a worker: no kg there, no model, a bad gazetteer
            with contextlib.suppress(Exception):  # or workers that start later would fail on it too
                self.client.unregister_worker_plugin(name)
            self.close()
            raise error(
                f"the Dask workers of {where} cannot load the kg pipeline: {_first_line(err)}", Codes.SERVICE
            ) from None
        return self.client

    def _slots(self, client: Client) -> int:
        if self.in_flight is not None:
            return max(1, self.in_flight)
        threads = sum(client.nthreads().values())
        return 2 * max(1, threads)

    def map(self, batches: Iterable[Sequence[Article]]) -> Iterator[list[Extracted]]:
        """Per batch, one :class:`~kg.build.executor.Extracted` per article, in input order."""
        pending: deque[Future] = deque()
        slots = 0
        for batch in batches:
            client = self.start()  # on the first batch: a rerun with nothing new starts no cluster
            slots = slots or self._slots(client)
            # pure=False: every batch is new work, and hashing its articles for a key would cost time
            pending.append(
                client.submit(
                    _extract_on_worker,
                    list(batch),
                    self.batch_size,
                    self.model,
                    self.gazetteers,
                    self.limits,
                    pure=False,
                )
            )
            if len(pending) >= slots:
                yield _result(pending.popleft())
        while pending:
            yield _result(pending.popleft())

    def close(self) -> None:
        """Leave the cluster; a local cluster is shut down."""
        if self.client is not None:
            self.client.close()
            self.client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None
