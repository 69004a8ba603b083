"""Time ``kg build --store`` three ways: a Dask LocalCluster of 2 workers, ``--workers 2``, one worker.

    python bench/bench_dask.py                      # 2,000 Reuters stories, ~10 min on 2 cores
    python bench/bench_dask.py --limit 300          # a quick look

Each build runs in its own process (``build_graph`` through the Python API, as ``kg build``
runs it), one after the other, in rounds that alternate the three ways so that a machine
that speeds up or slows down tilts no ratio.  A build's *throughput* is counted from its
first finished batch to its last (articles/s), so starting the workers and loading the
model are left out and reported apart as *start-up*; *wall* is the whole build.

Then, measured on the articles of the one-worker build:

- **the per-article overhead Dask adds**: the throughput figures give it as the difference
  in wall seconds per article between the cluster and ``--workers 2``; it is also measured
  directly, by sending the same batches through the cluster to a task that does no NLP and
  gives back results of the same size (articles in, N-Triples out);
- **one store transaction**: the extracted graphs written again into a new store, 64
  articles a transaction as a build writes them (seconds a transaction, per article, per
  triple);
- **bulk loading**: the store exported as N-Quads and loaded with ``oxigraph load``;
- **kg push**: the store pushed to an Oxigraph server on this machine.

The corpus is read from ``../shared/corpus``; its first ``--limit`` records are copied
unchanged to a temporary file.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# ../shared beside the project (or beside a folder above it, for a git worktree)
SHARED = next((p / "shared" for p in ROOT.parents if (p / "shared" / "corpus").is_dir()), ROOT.parent / "shared")
CORPORA = {
    "reuters": SHARED / "corpus/reuters/reuters21578.jsonl",
    "wikinews": SHARED / "corpus/wikinews/wikinews-2019-2021.jsonl",
}
WAYS = ("dask", "workers2", "workers1")
LABELS = {"dask": "Dask LocalCluster, 2 workers", "workers2": "--workers 2", "workers1": "--workers 1"}


class Timed:
    """An executor that notes when each batch comes back (and can keep what came)."""

    def __init__(self, inner, keep: bool = False):  # type: ignore[no-untyped-def]
        self.inner, self.keep = inner, keep
        self.times: list[tuple[float, int]] = []
        self.items: list = []

    def map(self, batches):  # type: ignore[no-untyped-def]
        for done in self.inner.map(batches):
            self.times.append((time.perf_counter(), len(done)))
            if self.keep:
                self.items.extend(done)
            yield done

    def close(self) -> None:
        self.inner.close()


def _warm() -> None:
    import kg.build.executor  # noqa: F401


def _no_nlp(articles, payload):  # type: ignore[no-untyped-def]
    """A task as heavy to ship as extraction, without the NLP: articles in, N-Triples out."""
    from kg.build.executor import Extracted

    return [Extracted(a, payload[a.id]) for a in articles]


def child(way: str, corpus: Path, store: Path, batch_size: int, out: Path) -> None:
    """One build, printed as JSON (run in its own process)."""
    from kg.build import build_graph
    from kg.build.executor import LocalExecutor

    if way == "dask":
        from kg.build.cluster import DaskExecutor

        inner = DaskExecutor(workers=2, batch_size=batch_size)
    else:
        inner = LocalExecutor(int(way[-1]), batch_size=batch_size)
    timed = Timed(inner, keep=way == "workers1")
    start = time.perf_counter()
    report = build_graph([corpus], store=store, executor=timed, batch_size=batch_size, progress=False)
    end = time.perf_counter()
    (first, _), (last, _) = timed.times[0], timed.times[-1]
    steady = sum(n for _, n in timed.times[1:])
    result = {
        "way": way,
        "built": report.built,
        "failed": report.failed,
        "wall": end - start,
        "startup": first - start,
        "rate": steady / (last - first) if last > first else float("nan"),
    }
    if way == "workers1":
        result.update(transactions(timed.items, Path(tempfile.mkdtemp(dir=out.parent)) / "store", batch_size))
        _dump_payload(timed.items, out.parent / "payload.json")
    out.write_text(json.dumps(result), encoding="utf-8")


def transactions(items: list, folder: Path, batch_size: int) -> dict:
    """The graphs of a build written again into a new store, ``batch_size`` articles a transaction."""
    from kg.store import Store

    done = [(x.article, x.ntriples) for x in items if x.error is None]
    triples = sum(x.count(b"\n") for _, x in done)
    seconds = []
    with Store.open(folder) as store:
        for i in range(0, len(done), batch_size):
            t = time.perf_counter()
            store.add_articles(done[i : i + batch_size])
            seconds.append(time.perf_counter() - t)
    return {"articles": len(done), "triples": triples, "transactions": seconds}


def _dump_payload(items: list, path: Path) -> None:
    from dataclasses import asdict

    path.write_text(
        json.dumps(
            [
                {
                    "article": {k: v for k, v in asdict(x.article).items() if k in ("id", "text")},
                    "nt": x.ntriples.decode(),
                }
                for x in items
                if x.error is None
            ]
        ),
        encoding="utf-8",
    )


def dask_overhead(payload: Path, batch_size: int) -> dict:
    """Seconds per article to ship batches through a LocalCluster of 2 and back, with no NLP."""
    from collections import deque

    from distributed import Client, LocalCluster

    from kg.records import Article

    data = json.loads(payload.read_text(encoding="utf-8"))
    articles = [Article(**d["article"]) for d in data]
    by_id = {d["article"]["id"]: d["nt"].encode() for d in data}
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=":0", silence_logs=40) as cluster,
        Client(cluster) as client,
    ):
        client.run(_warm)  # workers up, kg imported: what a build's workers have done before their first batch
        start, pending = time.perf_counter(), deque()
        for i in range(0, len(articles), batch_size):
            batch = articles[i : i + batch_size]
            pending.append(client.submit(_no_nlp, batch, {a.id: by_id[a.id] for a in batch}, pure=False))
            if len(pending) >= 4:
                pending.popleft().result()
        while pending:
            pending.popleft().result()
        seconds = time.perf_counter() - start
    return {"overhead_per_article": seconds / len(articles)}


def run_child(way: str, corpus: Path, store: Path, batch_size: int, work: Path) -> dict:
    out = work / f"{way}.json"
    cmd = [sys.executable, __file__, "--child", way, str(corpus), str(store), str(batch_size), str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{proc.stderr[-3000:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def prepare(corpus: Path, limit: int, work: Path) -> tuple[Path, int]:
    path, n = work / "corpus.jsonl", 0
    with corpus.open(encoding="utf-8") as src, path.open("w", encoding="utf-8") as out:
        for line in src:
            if n >= limit:
                break
            if line.strip():
                out.write(line if line.endswith("\n") else line + "\n")
                n += 1
    return path, n


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def load_and_push(store: Path, work: Path, articles: int) -> None:
    """``oxigraph load`` of the store's N-Quads, and ``kg push`` of the store to an Oxigraph server."""
    from kg.share import oxigraph_command, push_graphs
    from kg.store import export_store

    nq = export_store(store, work / "graph.nq")
    quads = sum(1 for _ in nq.open("rb"))
    t = time.perf_counter()
    subprocess.run(
        [oxigraph_command(), "load", "--location", str(work / "bulk"), "--file", str(nq)],
        check=True,
        capture_output=True,
    )
    bulk = time.perf_counter() - t
    print(
        f"bulk load oxigraph load of the store's N-Quads ({quads:,} quads, {articles} articles): {bulk:.2f} s, "
        f"{quads / bulk:,.0f} quads/s, {articles / bulk:,.0f} articles/s"
    )
    port = free_port()
    server = subprocess.Popen(
        [oxigraph_command(), "serve", "--location", str(work / "endpoint"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), 0.5).close()
                break
            except OSError:
                time.sleep(0.05)
        t = time.perf_counter()
        report = push_graphs(store, f"http://127.0.0.1:{port}/store")
        pushed = time.perf_counter() - t
        t = time.perf_counter()
        again = push_graphs(store, f"http://127.0.0.1:{port}/store")
        rerun = time.perf_counter() - t
    finally:
        server.terminate()
        server.wait()
    print(
        f"kg push   to an Oxigraph server on this machine: {report.sent} articles ({report.triples:,} triples) in "
        f"{pushed:.2f} s, {report.sent / pushed:,.0f} articles/s; again: {again.unchanged} unchanged in {rerun:.2f} s"
    )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        way, corpus, store, batch_size, out = sys.argv[2:7]
        child(way, Path(corpus), Path(store), int(batch_size), Path(out))
        return
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default="reuters", help="reuters, wikinews or a JSONL file")
    ap.add_argument("--limit", type=int, default=2000, help="the first N articles (default 2000)")
    ap.add_argument("--rounds", type=int, default=1, help="rounds of the three builds (default 1)")
    ap.add_argument("--batch-size", type=int, default=64)
    args = ap.parse_args()

    corpus = CORPORA.get(args.corpus, Path(args.corpus))
    work = Path(tempfile.mkdtemp(prefix="kg-bench-dask-"))
    records, n = prepare(corpus, args.limit, work)
    print(f"corpus    {corpus} (first {n} articles), batches of {args.batch_size}")
    print(f"machine   {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start")
    results: dict[str, list[dict]] = {w: [] for w in WAYS}
    for r in range(args.rounds):
        for way in WAYS if r % 2 == 0 else reversed(WAYS):
            store = work / f"store-{way}-{r}"
            found = run_child(way, records, store, args.batch_size, work)
            results[way].append(found)
            print(
                f"round {r + 1}   {LABELS[way]:<29} wall {found['wall']:6.1f} s, start-up {found['startup']:5.1f} s, "
                f"throughput {found['rate']:5.1f} articles/s; built {found['built']}, failed {found['failed']}",
                flush=True,
            )
            if way != "workers1" or r > 0:
                shutil.rmtree(store, ignore_errors=True)

    def mean(way: str, key: str) -> float:
        return statistics.fmean(x[key] for x in results[way])

    rate = {w: mean(w, "rate") for w in WAYS}
    wall = {w: mean(w, "wall") for w in WAYS}
    print(
        f"ratios    throughput: Dask / --workers 2 = {rate['dask'] / rate['workers2']:.2f}, "
        f"--workers 2 / 1 = {rate['workers2'] / rate['workers1']:.2f}, Dask / 1 = {rate['dask'] / rate['workers1']:.2f}"
    )
    print(
        f"          whole build (wall): Dask / --workers 2 = {wall['workers2'] / wall['dask']:.2f}x as fast, "
        f"--workers 2 / 1 = {wall['workers1'] / wall['workers2']:.2f}x"
    )
    added = 1 / rate["dask"] - 1 / rate["workers2"]
    print(
        f"overhead  Dask adds {1000 * added:+.2f} ms of wall time per article over --workers 2 "
        f"({1000 * 2 * added:+.2f} ms of a worker's time); per-article cost with one worker "
        f"{1000 / rate['workers1']:.1f} ms"
    )
    direct = dask_overhead(work / "payload.json", args.batch_size)
    print(
        f"          measured directly (the same batches through a LocalCluster of 2 and back, no NLP): "
        f"{1000 * direct['overhead_per_article']:.2f} ms per article"
    )
    one = results["workers1"][0]
    tx = one["transactions"]
    per_tx = statistics.fmean(tx)
    print(
        f"store     {len(tx)} transactions of up to {args.batch_size} articles: {per_tx * 1000:.1f} ms each "
        f"(median {statistics.median(tx) * 1000:.1f} ms), {1000 * sum(tx) / one['articles']:.2f} ms per article, "
        f"{1e6 * sum(tx) / one['triples']:.1f} µs per triple; "
        f"{one['triples'] / one['articles']:.0f} triples per article"
    )
    load_and_push(work / "store-workers1-0", work, one["articles"])
    print(f"machine   load average {os.getloadavg()[0]:.2f} at end")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
