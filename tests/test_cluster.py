"""Builds on Dask (:class:`kg.build.cluster.DaskExecutor`) with the English model: the same graph as
a local build, no article lost when a worker is killed, a failing article reported without
costing its partition, skipping by content hash, throughput on the progress bar, and
``kg build --dask`` starting a local cluster.

One ``distributed.LocalCluster`` of two worker processes serves the module; the builds join
it by its address, as a build joins a cluster that runs elsewhere.
"""

from __future__ import annotations

import io
import json
import os
import signal
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import XSD, Graph, Literal
from rdflib.compare import graph_diff, to_isomorphic

from kg.build import Extracted, build_graph
from kg.cli import main
from kg.ingest import read_articles
from kg.records import Article
from kg.store import Store, open_store

pytestmark = pytest.mark.model

distributed = pytest.importorskip("distributed")
from kg.build.cluster import DaskExecutor  # noqa: E402  (needs distributed)

ROOT = Path(__file__).resolve().parents[1]


def plain(g: Graph) -> set:
    """The triples of a store's graph, with ``xsd:string`` literals written plain."""
    return {(s, p, Literal(str(o)) if isinstance(o, Literal) and o.datatype == XSD.string else o) for s, p, o in g}


def assert_same_graph(a: Graph, b: Graph) -> None:
    ga, gb = Graph(), Graph()
    for t in plain(a):
        ga.add(t)
    for t in plain(b):
        gb.add(t)
    ia, ib = to_isomorphic(ga), to_isomorphic(gb)
    if ia != ib:
        _, only_a, only_b = graph_diff(ia, ib)
        lines = [f"- {t}" for t in sorted(only_a)[:10]] + [f"+ {t}" for t in sorted(only_b)[:10]]
        pytest.fail(f"graphs differ ({len(only_a)} / {len(only_b)} triples):\n" + "\n".join(lines))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """40 articles: the sample articles of data/articles, five times over, each copy with its own id and text."""
    samples = [a for a in read_articles([ROOT / "data" / "articles"]) if isinstance(a, Article)]
    assert len(samples) >= 8
    records = [
        {"id": f"{a.id}-{i}", "text": f"{a.text}\n\nCopy {i} of the report.", "date": str(a.date) if a.date else None}
        for i in range(5)
        for a in samples[:8]
    ]
    path = tmp_path_factory.mktemp("corpus") / "news.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """A LocalCluster of two worker processes, one thread each; its scheduler's address."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=50
    ) as running:
        yield running.scheduler_address


@pytest.fixture(scope="module")
def local_store(corpus: Path, tmp_path_factory: pytest.TempPathFactory, nlp) -> Path:
    path = tmp_path_factory.mktemp("local") / "store"
    report = build_graph([corpus], store=path, nlp=nlp, batch_size=4, progress=False)
    assert (report.built, report.failed) == (40, 0)
    return path


class Counting:
    """An executor that counts the articles it is given and can kill a worker after some batches."""

    def __init__(self, inner: DaskExecutor, kill_after: int | None = None):
        self.inner, self.kill_after, self.articles, self.killed = inner, kill_after, 0, None

    def map(self, batches: Iterable[Sequence[Article]]) -> Iterator[list[Extracted]]:
        def counted() -> Iterator[Sequence[Article]]:
            for batch in batches:
                self.articles += len(batch)
                yield batch

        for i, done in enumerate(self.inner.map(counted())):
            if i == self.kill_after:
                client = self.inner.start()
                pids = client.run(os.getpid)
                self.killed = sorted(pids.values())[0]
                os.kill(self.killed, signal.SIGKILL)
            yield done

    def close(self) -> None:
        self.inner.close()


def test_a_dask_build_gives_the_graph_of_a_local_build(
    cluster: str, corpus: Path, local_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    bar = Terminal()
    monkeypatch.setattr(sys, "stderr", bar)
    executor = Counting(DaskExecutor(cluster, batch_size=4))
    report = build_graph([corpus], store=tmp_path / "s", executor=executor, batch_size=4, progress=True)
    monkeypatch.undo()
    assert (report.built, report.failed, report.skipped, executor.articles) == (40, 0, 0, 40)
    assert_same_graph(open_store(tmp_path / "s"), open_store(local_store))
    assert "article/s" in bar.getvalue() and "40/40" in bar.getvalue()  # cluster throughput on the bar

    again = Counting(DaskExecutor(cluster))
    rerun = build_graph([corpus], store=tmp_path / "s", executor=again, progress=False)
    assert (rerun.built, rerun.skipped, again.articles) == (0, 40, 0)  # held articles never go to workers


def test_killing_a_worker_loses_no_article(cluster: str, corpus: Path, local_store: Path, tmp_path: Path) -> None:
    executor = Counting(DaskExecutor(cluster, batch_size=2), kill_after=1)
    report = build_graph([corpus], store=tmp_path / "s", executor=executor, batch_size=2, progress=False)
    assert executor.killed is not None
    assert (report.built, report.failed) == (40, 0)
    with Store.open(tmp_path / "s", read_only=True) as store:
        assert store.articles() == 40
    assert_same_graph(open_store(tmp_path / "s"), open_store(local_store))


def test_a_failing_article_is_reported_and_costs_only_itself(cluster: str, tmp_path: Path) -> None:
    lines = [
        {"id": "one", "text": "France criticized Russia on Monday."},
        {"id": "two", "text": "Germany supported Ukraine."},
        {"id": "three", "text": "Japan met India. KG-FAIL marks this one."},
        "{not json",
        {"id": "five", "text": "Turkey warned Greece over the islands."},
    ]
    path = tmp_path / "news.jsonl"
    path.write_text("".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines), encoding="utf-8")
    executor = DaskExecutor(cluster)
    executor.start()  # the workers load the pipeline

    def break_pipeline() -> None:  # runs on each worker: a component that fails on one article
        from spacy.language import Language

        from kg.build.executor import process_nlp

        if not Language.has_factory("kg_test_fail"):

            @Language.component("kg_test_fail")
            def fail(doc):  # type: ignore[no-untyped-def]
                if "KG-FAIL" in doc.text:
                    raise ValueError("a component failed")
                return doc

        nlp = process_nlp()
        if "kg_test_fail" not in nlp.pipe_names:
            nlp.add_pipe("kg_test_fail")

    def heal() -> None:
        from kg.build.executor import process_nlp

        if "kg_test_fail" in process_nlp().pipe_names:
            process_nlp().remove_pipe("kg_test_fail")

    with distributed.Client(cluster, set_as_default=False) as client:
        client.run(break_pipeline)
        try:
            report = build_graph([path], store=tmp_path / "s", executor=executor, batch_size=8, progress=False)
        finally:
            client.run(heal)
    assert (report.built, report.failed) == (3, 2)  # one partition of four articles: three built
    assert any(e.startswith(f"{path}:4: not valid JSON") for e in report.errors)
    [failed] = [e for e in report.errors if "E017" in e]
    assert failed == f"{path}:3: extraction failed in kg_test_fail (ValueError: a component failed); skipped [E017]"


def test_workers_that_cannot_load_the_pipeline_fail_the_build_in_one_line(cluster: str, tmp_path: Path) -> None:
    from kg.errors import KgError

    with pytest.raises(KgError, match=r"cannot load the kg pipeline: .*no_such_model.*\[E018\]"):
        build_graph([ROOT / "data" / "articles"], store=tmp_path / "s", dask=cluster, model="no_such_model")
    with distributed.Client(cluster, set_as_default=False) as client:  # the cluster still works
        assert len(client.run(os.getpid)) == 2
        assert not [
            n for n in client.run(lambda dask_worker: list(dask_worker.plugins)).values() if "no_such" in str(n)
        ]


def test_build_command_starts_a_local_cluster(corpus: Path, tmp_path: Path) -> None:
    small = tmp_path / "small.jsonl"
    small.write_text("".join(corpus.read_text(encoding="utf-8").splitlines(keepends=True)[:4]), encoding="utf-8")
    args = ["build", str(small), "--store", str(tmp_path / "s"), "-o", str(tmp_path / "g.nq"), "--workers", "1"]
    result = CliRunner().invoke(main, [*args, "--dask"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("articles built 4, failed 0")
    assert (tmp_path / "g.nq").stat().st_size > 0
    with Store.open(tmp_path / "s", read_only=True) as store:
        assert store.articles() == 4


def test_dask_needs_a_scheduler_address_after_the_inputs(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--dask", "news", "more-news", "--store", str(tmp_path / "s")])
    assert result.exit_code == 2 and "--dask takes a scheduler address" in result.output
