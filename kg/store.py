"""A persistent graph store: a folder holding a pyoxigraph (RocksDB) database.

Each article is one named graph (its name is the article's IRI, :func:`kg.rdf.article_iri`),
holding the triples ``kg build -o`` writes for it: the article node with its
``ir:articleId`` and ``ir:contentHash`` (the store's index of what it holds), its entities
and its claims.  The default graph is kept equal to the merge of all article graphs, so
SPARQL over the store sees each triple once, as it would over the Turtle file.

A build adds articles in batches, one transaction each, so a build killed part-way leaves
a store that opens and holds whole articles only; building again resumes.  An article
already stored with the same content hash is skipped; a changed one replaces its graph.
The build is the store's only writer; ``--workers N`` processes run spaCy and hand it
N-Triples.

>>> import tempfile, pathlib
>>> from kg.records import Article, Entity
>>> from kg.rdf import article_graph
>>> folder = pathlib.Path(tempfile.mkdtemp()) / "store"
>>> a = Article(id="a1", text="France.", content_hash="h1")
>>> nt = article_graph(a, [Entity("state/FRA", "State", "France", "Q142")], []).serialize(format="nt")
>>> with Store.open(folder) as store:
...     written = store.add_articles([(a, nt.encode())])
...     print(written, store.articles(), store.stored_hash(a), is_store(folder))
(1, 0) 1 h1 True
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import multiprocessing
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS, XSD
from rdflib.store import Store as RdflibStore

from . import __version__
from .errors import Codes, InputError, KgError
from .namespace import IR
from .rdf import BASE, SCHEMA, WD, article_graph, article_iri, format_for, new_graph
from .records import Article

__all__ = ["Store", "is_store", "open_store", "build_into_store", "export_store", "store_to_rdflib", "query_store",
           "extract", "count_articles", "MANIFEST"]

MANIFEST = "kg-store.json"
DATABASE = "oxigraph"
STORE_FORMAT = 1
# Bookkeeping outside the article graphs: graphs marked for removal while a removal runs.
META = ox.NamedNode("urn:kg:store:meta")
DROP = ox.NamedNode("urn:kg:store:drop")
PARAMETER = ox.NamedNode("urn:kg:parameter")  # the function that gives a query its bound terms
DEFAULT = ox.DefaultGraph()
LABEL, ALT_LABEL = ox.NamedNode(str(RDFS.label)), ox.NamedNode(str(SKOS.altLabel))
CONTENT_HASH, ARTICLE_ID = ox.NamedNode(str(IR.contentHash)), ox.NamedNode(str(IR.articleId))
XSD_STRING = str(XSD.string)
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
# pyoxigraph formats by rdflib format name (kg.rdf.FORMATS); the first two keep named graphs.
OX_FORMATS = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "turtle": ox.RdfFormat.TURTLE,
              "nt": ox.RdfFormat.N_TRIPLES, "json-ld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML,
              "n3": ox.RdfFormat.N3}
PREFIXES = {"ir": str(IR._NS), "kgid": str(BASE), "wd": str(WD), "schema": str(SCHEMA),
            "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdfs": str(RDFS), "xsd": str(XSD),
            "owl": "http://www.w3.org/2002/07/owl#", "skos": str(SKOS), "dcterms": "http://purl.org/dc/terms/",
            "prov": "http://www.w3.org/ns/prov#"}
# Remove the marked graphs, and from the default graph every triple no other graph holds.
DROP_MARKED = f"""
DELETE {{ ?s ?p ?o }}
WHERE {{
  GRAPH <{META.value}> {{ ?g <{DROP.value}> true }}
  GRAPH ?g {{ ?s ?p ?o }}
  FILTER NOT EXISTS {{
    GRAPH ?h {{ ?s ?p ?o }}
    FILTER(?h != <{META.value}>)
    FILTER NOT EXISTS {{ GRAPH <{META.value}> {{ ?h <{DROP.value}> true }} }}
  }}
}} ;
DELETE {{ GRAPH ?g {{ ?s ?p ?o }} }}
WHERE {{ GRAPH <{META.value}> {{ ?g <{DROP.value}> true }} GRAPH ?g {{ ?s ?p ?o }} }} ;
DELETE WHERE {{ GRAPH <{META.value}> {{ ?g <{DROP.value}> true }} }}
"""


def _error(problem: str, code: str = Codes.BAD_GRAPH) -> KgError:
    return KgError(f"{problem} [{code}]")


def select(db: ox.Store, query: str) -> ox.QuerySolutions:
    """The solutions of a SELECT query over ``db``, with kg's prefixes."""
    found = db.query(query, prefixes=PREFIXES)
    if not isinstance(found, ox.QuerySolutions):
        raise _error("not a SELECT query", Codes.BAD_QUERY)
    return found


def value_of(term: Any) -> str:
    """The lexical value of a pyoxigraph IRI, blank node or literal."""
    return str(term.value)


def is_store(path: str | Path) -> bool:
    """Whether ``path`` is a store folder (it holds the ``kg-store.json`` manifest)."""
    return (Path(path) / MANIFEST).is_file()


# ---- terms ----------------------------------------------------------------------------


def to_ox(term: Any) -> Any:
    """An rdflib term as a pyoxigraph term (pyoxigraph terms pass through)."""
    if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return term
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def to_rdflib(term: Any) -> Any:
    """A pyoxigraph term as an rdflib term; plain strings stay plain literals."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value) if datatype in (XSD_STRING, RDF_LANG_STRING) else \
            Literal(term.value, datatype=URIRef(datatype))
    if term is None:
        return None
    raise TypeError(f"not a pyoxigraph term: {term!r}")


# ---- the store ------------------------------------------------------------------------


class Store:
    """A store folder: ``kg-store.json`` and the pyoxigraph database beside it.

    Use :meth:`open`; close it (or use ``with``) so the next process can open it.
    """

    def __init__(self, path: Path, db: ox.Store, read_only: bool):
        self.path, self.db, self.read_only = path, db, read_only

    @classmethod
    def open(cls, path: str | Path, *, create: bool = True, read_only: bool = False) -> Store:
        """Open the store at ``path``, creating it when ``create`` and the folder is new or empty.

        One process at a time may open a store for writing.  A read-only store sees what
        was committed when it was opened (so also a store left by a killed build); reading
        a store while a build writes to it is not supported.
        """
        path = Path(path)
        if not is_store(path):
            if path.exists() and not path.is_dir():
                raise _error(f"{path}: is a file, not a store folder")
            if path.is_dir() and any(path.iterdir()):
                raise _error(f"{path}: is a folder but not a kg store (no {MANIFEST}); give a new or empty folder")
            if read_only or not create:
                raise _error(f"{path}: no kg store here", Codes.MISSING)
            path.mkdir(parents=True, exist_ok=True)
            db = ox.Store(str(path / DATABASE))
            _write_manifest(path)
            return cls(path, db, False)
        manifest = _read_manifest(path)
        if manifest.get("format") != STORE_FORMAT:
            raise _error(f"{path}: store format {manifest.get('format')!r}; this kg reads format {STORE_FORMAT}")
        try:
            db = ox.Store.read_only(str(path / DATABASE)) if read_only else ox.Store(str(path / DATABASE))
        except OSError as err:
            doing = "reading" if read_only else "writing (is another kg build using it?)"
            raise _error(f"{path}: cannot open the store for {doing}: {str(err).splitlines()[0]}") from None
        store = cls(path, db, read_only)
        if not read_only:
            store._finish_drops()
        return store

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Flush and release the database."""
        if self.db is not None:
            if not self.read_only:
                self.db.flush()
            self.db = None  # type: ignore[assignment]

    def __len__(self) -> int:
        """Number of triples in the merged graph."""
        (row,) = select(self.db, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(value_of(row["n"]))

    def articles(self) -> int:
        """Number of articles stored."""
        query = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?a a <{IR.Article}> }}"
        (row,) = select(self.db, query)
        return int(value_of(row["n"]))

    def stored_hash(self, article: Article) -> str | None:
        """The content hash stored for the article's id, or None if it is not stored."""
        name = ox.NamedNode(str(article_iri(article)))
        ids = {value_of(q.object) for q in self.db.quads_for_pattern(name, ARTICLE_ID, None, name)}
        if ids and article.id not in ids:
            return None  # another id that maps to the same IRI
        for quad in self.db.quads_for_pattern(name, CONTENT_HASH, None, name):
            return value_of(quad.object)
        return "" if ids else None

    def stored_label(self, node: Any) -> Any:
        """The ``rdfs:label`` of an entity node in the merged graph, or None."""
        for quad in self.db.quads_for_pattern(node, LABEL, None, DEFAULT):
            return quad.object
        return None

    def add_articles(self, items: Sequence[tuple[Article, bytes]]) -> tuple[int, int]:
        """Write articles given as (article, N-Triples of its graph); one transaction.

        An article stored with the same hash is left as it is; one stored with another
        hash is removed first.  An entity keeps the label stored for it: a new spelling
        becomes an ``skos:altLabel``.  Returns how many were written and how many were
        already there.
        """
        fresh, same, stale = [], 0, []
        for article, data in items:
            stored = self.stored_hash(article)
            if stored is not None and stored == article.content_hash:
                same += 1
                continue
            if stored is not None:
                stale.append(ox.NamedNode(str(article_iri(article))))
            fresh.append((article, data))
        if stale:
            self.remove_graphs(stale)
        quads: list[ox.Quad] = []
        labels: dict[Any, Any] = {}
        for article, data in fresh:
            name = ox.NamedNode(str(article_iri(article)))
            for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES):
                s, p, o = t.subject, t.predicate, t.object
                if p == LABEL:
                    known = labels.get(s)
                    known = self.stored_label(s) if known is None else known
                    if known is None:
                        labels[s] = o
                    elif known != o:
                        quads += [ox.Quad(s, ALT_LABEL, o, name), ox.Quad(s, ALT_LABEL, o, DEFAULT)]
                        o = known
                quads += [ox.Quad(s, p, o, name), ox.Quad(s, p, o, DEFAULT)]
        if quads:
            self.db.extend(quads)
        return len(fresh), same

    def remove_graphs(self, names: Iterable[Any]) -> None:
        """Remove article graphs, and from the merged graph what only they held.

        The graphs are marked first, then removed in one update; a removal cut short is
        finished the next time the store is opened for writing.
        """
        marks = [ox.Quad(to_ox(n), DROP, ox.Literal(True), META) for n in names]
        if marks:
            self.db.extend(marks)
            self._finish_drops()

    def _finish_drops(self) -> None:
        marked = [q.subject for q in self.db.quads_for_pattern(None, DROP, None, META)
                  if isinstance(q.subject, (ox.NamedNode, ox.BlankNode))]
        if marked:
            self.db.update(DROP_MARKED)
            for name in [*marked, META]:
                self.db.remove_graph(name)

    def graph(self) -> Graph:
        """An rdflib ``Graph`` over the merged graph: pattern access and SPARQL run in pyoxigraph."""
        g = Graph(store=OxigraphView(self))
        for prefix, namespace in PREFIXES.items():
            g.bind(prefix, namespace, override=False)
        return g

    def quads(self) -> Iterator[ox.Quad]:
        """The quads of the article graphs (not the merged graph, not the bookkeeping)."""
        for quad in self.db.quads_for_pattern(None, None, None, None):
            if not isinstance(quad.graph_name, ox.DefaultGraph) and quad.graph_name != META:
                yield quad


def _write_manifest(path: Path) -> None:
    data = {"format": STORE_FORMAT, "kind": "kg store", "database": DATABASE, "kg_version": __version__,
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    tmp = path / (MANIFEST + ".part")
    tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path / MANIFEST)


def _read_manifest(path: Path) -> dict:
    try:
        data = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise _error(f"{path / MANIFEST}: unreadable store manifest: {err}") from None
    return data if isinstance(data, dict) else {}


def open_store(path: str | Path) -> Graph:
    """An rdflib ``Graph`` over the store folder at ``path``, for reading and SPARQL.

    >>> open_store("/nonexistent/store")
    Traceback (most recent call last):
    ...
    kg.errors.KgError: /nonexistent/store: no kg store here [E001]
    """
    return Store.open(path, read_only=True).graph()


# ---- SPARQL ---------------------------------------------------------------------------


def query_store(store: Store | str | Path, sparql: str, bindings: Mapping[str, Any] | None = None,
                prefixes: Mapping[str, str] | None = None) -> Any:
    """Run SPARQL over the store's merged graph with ``bindings`` as RDF terms.

    Args:
        store: a :class:`Store` or a store folder.
        sparql: the query text; the prefixes of :data:`PREFIXES` need no declaration.
        bindings: variable name -> term (pyoxigraph, or rdflib which is converted), bound
            as :func:`bind_parameters` says.  Like rdflib's ``initBindings``, the variable is
            bound before the rest of the WHERE clause, FILTERs and OPTIONALs included.
            (pyoxigraph's own ``substitutions`` take only projected variables and join them
            in afterwards, so a FILTER such as ``!BOUND(?actor) || ?s = ?actor`` would not
            see them.)
        prefixes: more prefixes, or other namespaces for these ones.

    Returns:
        pyoxigraph's result: solutions for SELECT, a boolean for ASK, triples for CONSTRUCT.
    """
    if not isinstance(store, Store):
        store = Store.open(store, read_only=True)
    terms = {name.lstrip("?$"): to_ox(term) for name, term in (bindings or {}).items()}
    names = dict(PREFIXES, **(prefixes or {}))
    try:
        if not terms:
            return store.db.query(sparql, prefixes=names)
        return store.db.query(bind_parameters(sparql, terms), prefixes=names,
                              custom_functions={PARAMETER: lambda name: terms.get(name.value)})
    except SyntaxError as err:
        raise _error(f"bad SPARQL: {str(err).splitlines()[0]}", Codes.BAD_QUERY) from None


def bind_parameters(sparql: str, terms: Mapping[str, Any]) -> str:
    """Bind each variable of ``terms`` at the start of the query's WHERE clause.

    An IRI or a literal becomes ``VALUES ?name { term }``, written by pyoxigraph (so a
    literal is escaped and cannot change the query), which lets the store look the term up
    by index; a blank node, which SPARQL cannot write, becomes ``BIND(<urn:kg:parameter>("name")
    AS ?name)``, a function :func:`query_store` gives the term to.

    >>> print(bind_parameters('SELECT ?x WHERE { ?x <p> ?y }', {"y": ox.Literal('a "b"')}))
    SELECT ?x WHERE { VALUES ?y { "a \\"b\\"" } ?x <p> ?y }
    """
    clauses = []
    for name, term in terms.items():
        if not name.isidentifier():
            raise _error(f"bad parameter name {name!r}", Codes.BAD_QUERY)
        if isinstance(term, (ox.NamedNode, ox.Literal)):
            clauses.append(f"VALUES ?{name} {{ {term} }}")
        else:
            clauses.append(f'BIND(<{PARAMETER.value}>("{name}") AS ?{name})')
    at = _where_brace(sparql)
    return f"{sparql[:at + 1]} {' '.join(clauses)}{sparql[at + 1:]}"


def _outside(text: str) -> Iterator[int]:
    """Indexes of the characters of a query outside comments, strings and IRIs."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            i = text.find("\n", i)
            i = n if i < 0 else i
        elif c in "\"'":
            quote = c * 3 if text.startswith(c * 3, i) else c
            i += len(quote)
            while i < n and not text.startswith(quote, i):
                i += 2 if text[i] == "\\" else 1
            i += len(quote) - 1
        elif c == "<" and (end := text.find(">", i)) > 0 and not any(x.isspace() for x in text[i:end]):
            i = end
        else:
            yield i
        i += 1


def _where_brace(text: str) -> int:
    """Index of the ``{`` that opens the query's WHERE clause (the first ``{`` if WHERE is left out)."""
    first, after_where = None, False
    for i in _outside(text):
        if text[i] == "{":
            if after_where:
                return i
            first = i if first is None else first
        elif text[i:i + 5].upper() == "WHERE" and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "?$_:")) \
                and not (text[i + 5:i + 6].isalnum() or text[i + 5:i + 6] == "_"):
            after_where = True
    if first is None or after_where:
        raise _error("cannot find the query's WHERE clause to bind parameters", Codes.BAD_QUERY)
    return first


class OxigraphView(RdflibStore):
    """A read-only rdflib store over a :class:`Store`'s merged graph."""

    context_aware = False
    formula_aware = False
    transaction_aware = False
    graph_aware = False

    def __init__(self, store: Store):
        super().__init__()
        self.kg_store = store
        self._prefixes: dict[str, URIRef] = {}

    def triples(self, triple_pattern, context=None):  # type: ignore[override]
        s, p, o = (None if t is None else to_ox(t) for t in triple_pattern)
        for quad in self.kg_store.db.quads_for_pattern(s, p, o, DEFAULT):
            yield (to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)), iter(())

    def __len__(self, context=None) -> int:  # type: ignore[override]
        return len(self.kg_store)

    def contexts(self, triple=None):  # type: ignore[override]
        return iter(())

    def add(self, triple, context=None, quoted=False):  # type: ignore[override]
        raise TypeError("a kg store opened as a graph is read-only; add articles with kg build --store")

    def remove(self, triple, context=None):  # type: ignore[override]
        raise TypeError("a kg store opened as a graph is read-only")

    def bind(self, prefix, namespace, override=True, replace=False):  # type: ignore[override]
        if override or prefix not in self._prefixes:
            self._prefixes[prefix] = URIRef(namespace)

    def namespace(self, prefix):  # type: ignore[override]
        return self._prefixes.get(prefix)

    def prefix(self, namespace):  # type: ignore[override]
        return next((p for p, n in self._prefixes.items() if n == URIRef(namespace)), None)

    def namespaces(self):  # type: ignore[override]
        yield from self._prefixes.items()

    def query(self, query, initNs, initBindings, queryGraph, **kwargs):  # type: ignore[override]  # noqa: N803
        if not isinstance(query, str):
            raise NotImplementedError  # a prepared rdflib query: let rdflib evaluate it
        from rdflib.query import Result

        prefixes = {k: str(v) for k, v in (initNs or {}).items()}
        found = query_store(self.kg_store, query, {str(k): v for k, v in (initBindings or {}).items()}, prefixes)
        if isinstance(found, (ox.QueryBoolean, bool)):
            result = Result("ASK")
            result.askAnswer = bool(found)
            return result
        if isinstance(found, ox.QuerySolutions):
            from rdflib import Variable

            variables = [Variable(v.value) for v in found.variables]
            result = Result("SELECT")
            result.vars = variables
            memo: dict[Any, Any] = {}  # labels, classes and relations recur from row to row

            def term(value: Any) -> Any:
                known = memo.get(value)
                if known is None:
                    known = memo[value] = to_rdflib(value)
                return known

            result.bindings = [{v: term(t) for v, t in zip(variables, row, strict=True) if t is not None}
                               for row in found]
            return result
        result = Result("CONSTRUCT")
        graph = Graph()
        for t in found:
            graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        result.graph = graph
        return result

    def update(self, *args, **kwargs):  # type: ignore[override]
        raise NotImplementedError


# ---- export ---------------------------------------------------------------------------


def export_store(store: Store | str | Path, path: str | Path) -> Path:
    """Write the store to ``path`` in the format its extension names.

    N-Quads (``.nq``) and TriG (``.trig``) keep one named graph per article; the other
    formats (``.ttl .nt .jsonld .rdf .n3``) get the merged graph.
    """
    path = Path(path)
    fmt = OX_FORMATS.get(format_for(path))
    if fmt is None:
        raise _error(f"{path}: cannot export a store as {path.suffix}", Codes.BAD_OUTPUT)
    if not isinstance(store, Store):
        store = Store.open(store, read_only=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
        ox.serialize(store.quads(), str(tmp), fmt, prefixes=PREFIXES)
    else:
        store.db.dump(str(tmp), fmt, from_graph=DEFAULT, prefixes=PREFIXES)
    tmp.replace(path)
    return path


def store_to_rdflib(store: Store | str | Path) -> Dataset:
    """Copy the store into an in-memory rdflib ``Dataset`` (one graph per article); for small stores.

    The dataset's default graph is the union of the article graphs.
    """
    if not isinstance(store, Store):
        store = Store.open(store, read_only=True)
    ds: Dataset = new_graph(Dataset)  # type: ignore[assignment]
    ds.default_union = True
    graphs: dict[Any, Graph] = {}
    for quad in store.quads():
        name = to_rdflib(quad.graph_name)
        graph = graphs.get(name)
        if graph is None:
            graph = graphs[name] = ds.graph(name)
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return ds


# ---- extraction in worker processes ---------------------------------------------------

_NLP: Any = None
_NLP_KEY: tuple | None = None


def _start_worker(model: str | None, gazetteers: Sequence[str]) -> None:
    """Load the pipeline once a process (kept while the same model and gazetteers are asked for)."""
    global _NLP, _NLP_KEY
    from .pipeline import make_nlp

    key = (model, tuple(gazetteers))
    if _NLP is None or key != _NLP_KEY:
        _NLP, _NLP_KEY = make_nlp(model, list(gazetteers)), key
        # The model, gazetteer and lexicons live as long as the process: keep them out of
        # the cyclic garbage collector's full passes, which would walk them again and again.
        gc.collect()
        gc.freeze()


def _extract_batch(articles: Sequence[Article], batch_size: int, records: bool) -> list[Any]:
    """A batch of articles -> per article, its (entities, claims) or the N-Triples of its graph."""
    from .build import doc_records
    from .pipeline import process

    out: list[Any] = []
    for article, doc in process(_NLP, articles, batch_size=batch_size):
        ents, claims = doc_records(doc)
        out.append((ents, claims) if records else
                   article_graph(article, ents, claims, {}, prefixes=False).serialize(format="nt", encoding="utf-8"))
    return out


def extract(batches: Iterable[list[Article]], *, workers: int = 1, model: str | None = None,
            gazetteers: Sequence[str] = (), batch_size: int = 64, records: bool = False,
            ) -> Iterator[list[tuple[Article, Any]]]:
    """Run the pipeline over batches of articles, in ``workers`` processes; results in input order.

    Yields, per batch, (article, N-Triples bytes of its graph with the entity labels it
    found) pairs, or (article, (entities, claims)) with ``records``.  At most two batches
    a worker are in flight, so memory stays bounded.  The model is loaded only once a
    batch comes; with one worker it runs in this process.
    """
    gazetteers = [str(g) for g in gazetteers]
    if workers <= 1:
        for batch in batches:
            _start_worker(model, gazetteers)
            yield list(zip(batch, _extract_batch(batch, batch_size, records), strict=True))
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin" else "spawn"
    pool: ProcessPoolExecutor | None = None
    pending: deque[tuple[list[Article], Future]] = deque()
    try:
        for batch in batches:
            if pool is None:
                pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method),
                                           initializer=_start_worker, initargs=(model, gazetteers))
            pending.append((batch, pool.submit(_extract_batch, batch, batch_size, records)))
            if len(pending) >= 2 * workers:
                done, future = pending.popleft()
                yield list(zip(done, future.result(), strict=True))
        while pending:
            done, future = pending.popleft()
            yield list(zip(done, future.result(), strict=True))
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def graphs_in_order(batches: Iterable[list[Article]], labels: dict[str, str], **options: Any,
                    ) -> Iterator[tuple[Article, Graph]]:
    """(article, graph) pairs from :func:`extract`, the graphs built here with shared ``labels``."""
    for pairs in extract(batches, records=True, **options):
        for article, (ents, claims) in pairs:
            yield article, article_graph(article, ents, claims, labels)


# ---- building into a store ------------------------------------------------------------


def count_articles(inputs: Iterable[str | Path]) -> int:
    """How many articles ``inputs`` hold, cheaply: lines of JSONL files, one per other file."""
    from .ingest import SUFFIXES

    total = 0
    for p in map(Path, inputs):
        files = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES) if p.is_dir() else [p]
        for f in files:
            if f.suffix.lower() == ".jsonl" and f.is_file():
                with f.open("rb") as lines:
                    total += sum(1 for line in lines if line.strip())
            elif f.is_file():
                total += 1
    return total


def build_into_store(inputs: Sequence[str | Path], store_path: Path, *, report, output: Path | None = None,
                     html: str | Path | None = None, model: str | None = None, date: str | None = None,
                     gazetteers: Sequence[str | Path] = (), workers: int = 1, batch_size: int = 64,
                     progress: bool = True, on_error: Callable[[KgError], None] | None = None):
    """Add the articles of ``inputs`` to the store at ``store_path``; what :func:`kg.build.build_graph` runs.

    Articles stored with the same id and content hash are skipped (``report.skipped``),
    changed ones replaced.  Each batch is written in one transaction.  ``output``
    exports the whole store afterwards, ``html`` renders it.  The report's counts are
    those of the whole store.
    """
    from .build import _progress
    from .ingest import read_articles

    bar = _progress(progress, inputs)
    with Store.open(store_path) as store:

        def todo() -> Iterator[list[Article]]:
            batch: dict[str, Article] = {}
            for item in read_articles(inputs, date):
                if isinstance(item, InputError):
                    report.failed += 1
                    report.errors.append(str(item))
                    bar.update(1)
                    if on_error:
                        on_error(item)
                    continue
                if item.content_hash and store.stored_hash(item) == item.content_hash:
                    report.skipped += 1
                    bar.update(1)
                    continue
                if item.id in batch:  # the same id twice: the later record wins
                    bar.update(1)
                batch.pop(item.id, None)
                batch[item.id] = item
                if len(batch) >= batch_size:
                    yield list(batch.values())
                    batch = {}
            if batch:
                yield list(batch.values())

        for pairs in extract(todo(), workers=workers, model=model, gazetteers=[str(g) for g in gazetteers],
                             batch_size=batch_size):
            written, same = store.add_articles(pairs)
            report.built += written
            report.skipped += same
            bar.update(len(pairs))
        bar.close()
        _count(report, store)
        if output is not None:
            report.output = export_store(store, output)
        else:
            report.output = store_path
    if html:
        from .render import render_html

        render_html(store_path, Path(html))
        report.html = Path(html)
    return report


def _count(report, store: Store) -> None:
    """Fill the report's figures from the whole store."""
    from rdflib import RDF

    from .ontology import load_ontology

    onto = load_ontology()
    classes = {str(c) for c in onto.subjects(RDF.type, None)} - {str(IR.Article), str(IR.Claim)}
    props = [str(p) for p in onto.subjects(RDF.type, URIRef("http://www.w3.org/2002/07/owl#ObjectProperty"))]
    db = store.db
    for row in select(db, "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c ; rdfs:label [] } GROUP BY ?c"):
        if value_of(row["c"]) in classes:
            report.entity_classes[value_of(row["c"]).rsplit("#", 1)[-1]] += int(value_of(row["n"]))
    (row,) = select(db, "SELECT (COUNT(?c) AS ?n) (SUM(IF(EXISTS { ?c ir:polarity ir:Negative } || NOT EXISTS "
                        "{ ?c ir:modality ir:Asserted }, 1, 0)) AS ?odd) WHERE { ?c a ir:Claim }")
    report.statements = int(value_of(row["n"]))
    report.non_factual = int(value_of(row["odd"])) if row["odd"] is not None else 0
    values = " ".join(f"<{ox.NamedNode(p).value}>" for p in props)  # the ontology's own IRIs
    relations = f"VALUES ?p {{ {values} }} ?s ?p ?o . ?s rdfs:label ?sl . ?o rdfs:label ?ol ."
    for row in select(db, f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ {relations} }} GROUP BY ?p"):
        report.relations[value_of(row["p"]).rsplit("#", 1)[-1]] += int(value_of(row["n"]))
    top = (f"SELECT ?x (SAMPLE(?l) AS ?label) (COUNT(*) AS ?n) WHERE {{ {relations} "
           "VALUES ?side { 0 1 } BIND(IF(?side = 0, ?s, ?o) AS ?x) BIND(IF(?side = 0, ?sl, ?ol) AS ?l) } "
           "GROUP BY ?x ORDER BY DESC(?n) ?label LIMIT 5")
    report.top_actors = [(value_of(row["label"]), int(value_of(row["n"]))) for row in select(db, top)]
