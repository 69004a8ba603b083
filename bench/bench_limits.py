"""Peak memory and time of kg build on long inputs, against bare spaCy (issue 12, items 4 and 10).

    python bench/bench_limits.py                       # all three parts, ~10 min on 2 cores
    python bench/bench_limits.py --parts sentence --sentence-kb 116 840

- **wikinews**: ``kg build WIKINEWS --store DIR --workers 2``: wall time, peak resident
  memory summed over the process and its workers (and of the largest process).
- **article**: one article of ``--article-kb`` (1000) kB, Wikinews texts joined as
  paragraphs, beside five short ones, through ``kg build --workers 2 -o OUT.nq``: the same
  figures, and the warnings kg gave.
- **sentence**: one "sentence" of ``--sentence-kb`` kB (Wikinews texts with every full stop
  made a comma), through bare spaCy (``nlp(text)``, the model as shipped) and through kg's
  extraction (:func:`kg.build.executor.extract_batch`) in this process: seconds of each
  and their ratio.

The texts are made at run time from ``../shared/corpus/wikinews``; nothing is copied into
the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench_build import ROOT, gb, run

LIMIT = 2e9
# ../shared from the project's root (or from a worktree one folder deeper)
WIKINEWS = next(
    (
        p / "shared/corpus/wikinews/wikinews-2019-2021.jsonl"
        for p in (ROOT.parent, ROOT.parent.parent)
        if (p / "shared/corpus/wikinews").is_dir()
    ),
    ROOT.parent / "shared/corpus/wikinews/wikinews-2019-2021.jsonl",
)


def wikinews_texts() -> list[str]:
    with WIKINEWS.open(encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in f if line.strip()]


def long_text(kb: int, sentence: bool = False) -> str:
    """About ``kb`` kB of Wikinews text: paragraphs, or one sentence (full stops made commas)."""
    parts, size = [], 0
    texts = wikinews_texts()
    while size < kb * 1000:
        for text in texts:
            piece = " ".join(text.split()).replace(". ", ", ") if sentence else text.strip()
            parts.append(piece)
            size += len(piece) + 2
            if size >= kb * 1000:
                break
    return (", " if sentence else "\n\n").join(parts)[: kb * 1000]


def report(label: str, found: dict) -> None:
    verdict = "within" if found["peak_sum"] <= LIMIT else "OVER"
    summary = found["out"].splitlines()[0] if found["out"] else ""
    print(
        f"{label}: {found['wall']:.1f} s, peak RSS {gb(found['peak_sum'])} summed over the processes "
        f"(largest {gb(found['peak_one'])}), {verdict} 2 GB; {summary}",
        flush=True,
    )


def part_wikinews(work: Path) -> None:
    store = work / "wikinews-store"
    cmd = [sys.executable, "-m", "kg", "build", str(WIKINEWS), "--store", str(store), "--workers", "2"]
    report("wikinews  kg build --store --workers 2", run(cmd))


def part_article(work: Path, kb: int) -> None:
    corpus = work / "long.jsonl"
    texts = wikinews_texts()
    records = [{"id": "long", "title": "One Long Article", "text": long_text(kb)}]
    records += [{"id": f"short-{i}", "text": texts[i]} for i in range(5)]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    cmd = [sys.executable, "-m", "kg", "build", str(corpus), "-o", str(work / "long.nq"), "--workers", "2"]
    found = run(cmd)
    report(f"article   {kb} kB + 5 short, kg build -o --workers 2", found)
    for line in found["err"].splitlines():
        print(f"          {line}")


def part_sentence(sizes: list[int]) -> None:
    import spacy

    from kg.build.executor import extract_batch, process_nlp
    from kg.ingest import article_from_text
    from kg.pipeline import default_model

    bare = spacy.load(default_model())
    nlp = process_nlp()
    for kb in sizes:
        text = "One Long Sentence\n" + long_text(kb, sentence=True) + "."
        bare.max_length = len(text) + 1
        start = time.perf_counter()
        tokens = len(bare(text))
        spacy_s = time.perf_counter() - start
        start = time.perf_counter()
        [done] = extract_batch(nlp, [article_from_text(text, "long")])
        kg_s = time.perf_counter() - start
        state = done.error or f"{len(done.ntriples):,} bytes of N-Triples, {len(done.warnings)} warnings"
        print(
            f"sentence  {kb} kB ({tokens:,} tokens): bare spaCy {spacy_s:.1f} s, kg {kg_s:.1f} s, "
            f"kg/spaCy {kg_s / spacy_s:.2f}; {state}",
            flush=True,
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--parts", nargs="+", default=["wikinews", "article", "sentence"])
    ap.add_argument("--article-kb", type=int, default=1000)
    ap.add_argument("--sentence-kb", type=int, nargs="+", default=[116])
    args = ap.parse_args()
    print(f"machine   {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start", flush=True)
    work = Path(tempfile.mkdtemp(prefix="kg-bench-limits-"))
    try:
        if "wikinews" in args.parts:
            part_wikinews(work)
        if "article" in args.parts:
            part_article(work, args.article_kb)
        if "sentence" in args.parts:
            part_sentence(args.sentence_kb)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"machine   load average {os.getloadavg()[0]:.2f} at end")


if __name__ == "__main__":
    main()
