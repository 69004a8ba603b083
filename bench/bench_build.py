"""Time ``kg build --store`` against bare spaCy on the same texts; workers 1 vs 2; a rerun.

    python bench/bench_build.py --corpus reuters --limit 5000
    python bench/bench_build.py --corpus wikinews

(a) is ``nlp.pipe`` of the model as shipped (all its enabled components) over the texts kg
parses (headline and body, as ``kg.ingest`` makes them), timed from the first text to the
last doc, model loading excluded.  (b) is the whole ``kg build CORPUS --store DIR`` command:
start-up, model loading, reading, extraction, writing the store and its summary.  Each runs
in its own process, one after the other; peak resident memory is sampled over the process
and its workers.  The corpus is read from ``../shared/corpus``; its first ``--limit``
records are copied unchanged to a temporary file.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = {
    "reuters": ROOT.parent / "shared/corpus/reuters/reuters21578.jsonl",
    "wikinews": ROOT.parent / "shared/corpus/wikinews/wikinews-2019-2021.jsonl",
}

BARE = """
import json, sys, time, spacy
texts = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
nlp = spacy.load(sys.argv[2])
start, cpu = time.perf_counter(), time.process_time()
words = sum(len(doc) for doc in nlp.pipe(texts, batch_size=int(sys.argv[3])))
print(json.dumps({"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu, "words": words,
                  "docs": len(texts), "pipes": nlp.pipe_names}))
"""


def prepare(corpus: Path, limit: int | None, work: Path) -> tuple[Path, Path, int]:
    """The first ``limit`` records as a JSONL file kg reads, and the texts kg will parse."""
    from kg.ingest import article_from_record

    records, texts = work / "corpus.jsonl", work / "texts.jsonl"
    n = 0
    with (
        corpus.open(encoding="utf-8") as src,
        records.open("w", encoding="utf-8") as out,
        texts.open("w", encoding="utf-8") as txt,
    ):
        for line in src:
            if limit is not None and n >= limit:
                break
            if not line.strip():
                continue
            record = json.loads(line)
            article = article_from_record(record, str(corpus), n + 1, warnings=[])
            out.write(json.dumps(record) + "\n")
            txt.write(json.dumps(article.text) + "\n")
            n += 1
    return records, texts, n


def run(cmd: list[str]) -> dict:
    """Run ``cmd``; wall time, CPU time of it and its children, peak RSS (sum over the tree and largest)."""
    import psutil

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    root = psutil.Process(proc.pid)
    peak_sum = 0
    while proc.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
            peak_sum = max(peak_sum, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.1)
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err}")
    return {
        "wall": wall,
        "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        "peak_sum": peak_sum,
        "peak_one": after.ru_maxrss * 1024,
        "out": out,
        "err": err,
    }


def gb(n: float) -> str:
    return f"{n / 1e9:.2f} GB"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default="reuters", help="reuters, wikinews or a JSONL file")
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts to time (default 1 2)")
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--model", default=None, help="spaCy pipeline (default: kg's default)")
    ap.add_argument("--keep", type=Path, default=None, help="keep the stores in this folder")
    ap.add_argument(
        "--once",
        dest="bare_twice",
        action="store_false",
        help="run bare spaCy once, not before and after the first kg build",
    )
    args = ap.parse_args()

    from kg.pipeline import default_model

    model = args.model or default_model()
    corpus = CORPORA.get(args.corpus, Path(args.corpus))
    work = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    keep = args.keep or work
    keep.mkdir(parents=True, exist_ok=True)
    records, texts, n = prepare(corpus, args.limit, work)
    kg = [sys.executable, "-m", "kg", "build", str(records), "--batch-size", str(args.batch_size), "--model", model]
    print(f"corpus    {corpus} (first {n} articles)" if args.limit else f"corpus    {corpus} ({n} articles)")
    print(f"machine   {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start")

    def bare(label: str) -> dict:
        found = run([sys.executable, "-c", BARE, str(texts), model, str(args.batch_size)])
        a = json.loads(found["out"])
        print(
            f"{label} bare spaCy   {model} [{' '.join(a['pipes'])}] nlp.pipe: {a['seconds']:.1f} s, "
            f"CPU {a['cpu']:.1f} s, {n / a['seconds']:.1f} articles/s, {a['words'] / a['seconds']:.0f} words/s "
            f"({a['words']} tokens), peak RSS {gb(found['peak_sum'])}",
            flush=True,
        )
        return a

    # (a) runs before and after the first (b), and (b) is compared with their mean, so a
    # machine that speeds up or slows down during the run does not tilt the ratio.
    first = bare("(a)")
    words = first["words"]
    times = {}
    for w in args.workers:
        store = keep / f"store-w{w}"
        shutil.rmtree(store, ignore_errors=True)
        b = run([*kg, "--store", str(store), "--workers", str(w)])
        times[w] = b["wall"]
        summary = b["out"].splitlines()[0] if b["out"] else ""
        print(
            f"(b) kg build --store, {w} worker{'s' if w > 1 else ' '}: {b['wall']:.1f} s, CPU {b['cpu']:.1f} s, "
            f"{n / b['wall']:.1f} articles/s, {words / b['wall']:.0f} words/s, peak RSS {gb(b['peak_sum'])} "
            f"(largest process {gb(b['peak_one'])}); {summary}",
            flush=True,
        )
        if w == args.workers[0]:
            second = bare("(a')") if args.bare_twice else first
            seconds, cpu = (first["seconds"] + second["seconds"]) / 2, (first["cpu"] + second["cpu"]) / 2
            mean = "the mean of (a) and (a')" if args.bare_twice else "(a)"
            print(
                f"    (b)/(a) = {b['wall'] / seconds:.2f} wall time, {b['cpu'] / cpu:.2f} CPU time, "
                f"{w} worker{'s' if w > 1 else ''}, against {mean}",
                flush=True,
            )
    if 1 in times:
        for w, t in times.items():
            if w > 1:
                print(f"    {w} workers vs 1: {times[1] / t:.2f}x faster")
        store = keep / "store-w1"
        again = run([*kg, "--store", str(store), "--workers", "1"])
        summary = again["out"].splitlines()[0] if again["out"] else ""
        print(
            f"rerun     same command again: {again['wall']:.1f} s = {100 * again['wall'] / times[1]:.1f}% "
            f"of the first run; {summary}"
        )
        count = run(
            [
                sys.executable,
                "-m",
                "kg",
                "query",
                str(store),
                "-f",
                "csv",
                "SELECT (COUNT(*) AS ?articles) WHERE { ?a a ir:Article }",
            ]
        )
        print(
            f'query     kg query STORE "SELECT (COUNT(*) AS ?articles) ..." -> '
            f"{count['out'].split()[-1]} articles, {count['wall']:.1f} s"
        )
    print(f"machine   load average {os.getloadavg()[0]:.2f} at end")
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
