"""Time kg's saved SPARQL queries on a store (pyoxigraph) and on rdflib in memory, on >= 1M triples.

    python bench/bench_queries.py                      # 100 Wikinews articles, replicated to 1M triples
    python bench/bench_queries.py --triples 2000000 --limit 295

The base is real: kg extracts the first ``--limit`` Wikinews articles.  Their graphs are
then copied with new article, claim and entity IRIs (copy k's entities are those of
"universe" k mod 5, so entities recur across copies as they do in a corpus) until the
merged graph has ``--triples`` triples.  The same triples go into an rdflib ``Graph`` in
memory and into a kg store on disk (one named graph per article copy, plus the merged
graph the store keeps).  Each saved query of ``kg/queries/`` runs with the same bound
parameters on both, through :func:`kg.query.run_query`'s path (``Graph.query``, with
``initBindings`` in memory and the parameters bound in the query text on the store); the
time is the best of ``--repeat`` runs, consuming every row.
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
WIKINEWS = ROOT.parent / "shared/corpus/wikinews/wikinews-2019-2021.jsonl"
KGID = "https://w3id.org/kg-ir/id/"
UNIVERSES = 5


def base_graphs(corpus: Path, limit: int, work: Path) -> list[tuple[str, list[ox.Triple]]]:
    """(article IRI, triples) for the first ``limit`` articles, extracted by kg."""
    from kg.build import LocalExecutor
    from kg.ingest import read_articles
    from kg.rdf import article_iri
    from kg.records import Article

    records = work / "base.jsonl"
    with corpus.open(encoding="utf-8") as src, records.open("w", encoding="utf-8") as out:
        for n, line in enumerate(src):
            if n >= limit:
                break
            out.write(line)
    articles = [a for a in read_articles([records]) if isinstance(a, Article)]
    out = []
    with LocalExecutor() as executor:
        for batch in executor.map([articles[i : i + 32] for i in range(0, len(articles), 32)]):
            for done in batch:
                triples = list(ox.parse(done.ntriples, format=ox.RdfFormat.N_TRIPLES))
                out.append((str(article_iri(done.article)), triples))
    return out


def renamer(copy: int):
    """Term -> term for copy ``copy``: new article, claim and (per universe) entity IRIs."""
    universe = copy % UNIVERSES
    memo: dict = {}

    def rename(term):
        if not isinstance(term, ox.NamedNode) or not term.value.startswith(KGID) or copy == 0:
            return term
        found = memo.get(term)
        if found is None:
            kind = term.value[len(KGID) :].split("/", 1)[0]
            if kind in ("article", "claim"):
                found = ox.NamedNode(f"{term.value}-c{copy}")
            else:
                found = ox.NamedNode(f"{term.value}-u{universe}") if universe else term
            memo[term] = found
        return found

    return rename


def build(graphs, target: int, store_path: Path):
    """Copies of the base graphs until the merged graph has ``target`` triples: rdflib graph and store."""
    from rdflib import Graph

    from kg.query import to_rdflib
    from kg.store import DEFAULT, Store

    union: set = set()
    quads: list[ox.Quad] = []
    copy = 0
    while len(union) < target:
        rename = renamer(copy)
        for name, triples in graphs:
            g = rename(ox.NamedNode(name))
            for t in triples:
                s, p, o = rename(t.subject), t.predicate, rename(t.object)
                if p.value.endswith("#articleId") and copy:
                    o = ox.Literal(f"{o.value}-c{copy}")
                quads.append(ox.Quad(s, p, o, g))
                if (s, p, o) not in union:
                    union.add((s, p, o))
                    quads.append(ox.Quad(s, p, o, DEFAULT))
        copy += 1
    # Written the way kg build writes: one transaction per batch of 64 article graphs (about
    # 4,000 quads here), not with the bulk loader, so the store is laid out as a built one is.
    with Store.open(store_path) as store:
        step = 64 * len(quads) // max(1, copy * len(graphs))
        for i in range(0, len(quads), step):
            store.db.extend(quads[i : i + step])
    memory = Graph()
    for s, p, o in union:
        memory.add((to_rdflib(s), to_rdflib(p), to_rdflib(o)))
    return memory, copy, len(quads)


def timed(run, repeat: int) -> tuple[float, list]:
    best, rows = math.inf, []
    for _ in range(repeat):
        start = time.perf_counter()
        rows = list(run())
        best = min(best, time.perf_counter() - start)
    return best, rows


def normal(rows: list) -> list[tuple]:
    """Rows with numbers compared as numbers (pyoxigraph writes "5" where rdflib writes "5.0")."""
    from rdflib import Literal

    def value(term):
        if (
            isinstance(term, Literal)
            and isinstance(term.toPython(), (int, float))
            or (isinstance(term, Literal) and term.datatype and str(term.datatype).endswith("#decimal"))
        ):
            return round(float(term), 6)
        return str(term) if term is not None else None

    return sorted((tuple(value(v) for v in row) for row in rows), key=str)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=WIKINEWS)
    ap.add_argument("--limit", type=int, default=100, help="base articles to extract (default 100)")
    ap.add_argument("--triples", type=int, default=1_000_000, help="size of the merged graph (default 1M)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per query on the store; best is kept")
    ap.add_argument("--rdflib-repeat", type=int, default=1, help="runs per query on rdflib")
    ap.add_argument("--keep", type=Path, default=None, help="keep the store in this folder")
    args = ap.parse_args()

    from rdflib import RDF, RDFS

    from kg.namespace import IR
    from kg.query import PREFIXES, bind_parameters, saved_queries, to_term
    from kg.store import open_store

    work = Path(tempfile.mkdtemp(prefix="kg-bench-q-"))
    store_path = (args.keep or work) / "store"
    shutil.rmtree(store_path, ignore_errors=True)
    start = time.perf_counter()
    graphs = base_graphs(args.corpus, args.limit, work)
    base = sum(len(t) for _, t in graphs)
    print(
        f"base      {len(graphs)} articles of {args.corpus.name}, {base} triples ({time.perf_counter() - start:.0f} s)"
    )
    start = time.perf_counter()
    memory, copies, quads = build(graphs, args.triples, store_path)
    print(
        f"graph     {copies} copies: {len(memory)} triples in the merged graph (rdflib, in memory); "
        f"store {quads} quads on disk ({time.perf_counter() - start:.0f} s)"
    )
    stored = open_store(store_path)
    assert len(stored) == len(memory), (len(stored), len(memory))

    # parameters: the actor criticized most often, a treaty with parties (of the original entities,
    # which their labels name first)
    counts: dict = {}
    for o in memory.objects(None, IR.criticizes):
        if "-u" not in str(o):
            counts[o] = counts.get(o, 0) + 1
    actor = max(counts, key=lambda k: (counts[k], str(k))) if counts else next(memory.subjects(RDF.type, IR.State))
    treaties = sorted(
        {o for p in (IR.partyTo, IR.signs) for o in memory.objects(None, p) if "-u" not in str(o)},
        key=lambda t: (-len(list(memory.subjects(None, t))), str(t)),
    )
    values = {"actor": str(actor), "treaty": str(treaties[0]) if treaties else "NATO"}
    print(
        f"params    actor={values['actor']} ({memory.value(actor, RDFS.label)}), "
        f"treaty={values['treaty']} ({memory.value(treaties[0], RDFS.label) if treaties else ''})"
    )

    total_rdflib = total_store = 0.0
    ratios = []
    print(f"{'query':26} {'rows':>6} {'rdflib s':>9} {'store s':>9} {'ratio':>7}  same rows")
    for name, saved in saved_queries().items():
        params = {k: values[k] for k in saved.params if k not in saved.optional and k in values}
        bindings = {k: to_term(v, memory) for k, v in params.items()}

        def on(graph, bindings=bindings, saved=saved):
            return lambda: graph.query(saved.text, initNs=PREFIXES, initBindings=bindings)

        def on_store(graph, bindings=bindings, saved=saved):
            text = bind_parameters(saved.text, bindings) if bindings else saved.text
            return lambda: graph.query(text, initNs=PREFIXES)

        t_store, rows_store = timed(on_store(stored), args.repeat)
        t_rdflib, rows_rdflib = timed(on(memory), args.rdflib_repeat)
        same = normal(rows_store) == normal(rows_rdflib)
        total_rdflib += t_rdflib
        total_store += t_store
        ratios.append(t_rdflib / t_store)
        print(
            f"{name:26} {len(rows_store):>6} {t_rdflib:>9.2f} {t_store:>9.3f} {t_rdflib / t_store:>6.0f}x  "
            f"{'yes' if same else 'NO (' + str(len(rows_rdflib)) + ' rows on rdflib)'}",
            flush=True,
        )
    geo = math.exp(sum(map(math.log, ratios)) / len(ratios))
    print(
        f"all       rdflib {total_rdflib:.1f} s, store {total_store:.2f} s: {total_rdflib / total_store:.0f}x "
        f"(geometric mean of the per-query ratios {geo:.0f}x, smallest {min(ratios):.0f}x)"
    )
    json.dump({"triples": len(memory), "rdflib": total_rdflib, "store": total_store}, sys.stderr)
    print(file=sys.stderr)
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
