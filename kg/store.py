"""A persistent graph store: a folder holding a pyoxigraph (RocksDB) database.

Each article is one named graph (its name is the article's IRI, :func:`kg.rdf.article_iri`),
holding the triples ``kg build -o`` writes for it: the article node with its
``ir:articleId`` and ``ir:contentHash`` (the store's index of what it holds), its entities
and its claims.  The default graph is kept equal to the merge of all article graphs, so
SPARQL over the store sees each triple once, as it would over the Turtle file.

A build adds articles in batches, one transaction each, so a build killed part-way leaves
a store that opens and holds whole articles only; building again resumes.  An article
already stored with the same content hash is skipped; a changed one replaces its graph.
The build (:mod:`kg.build`) is the store's only writer; it hands the store each article's
graph as N-Triples.  Reading goes through :meth:`Store.graph`, an rdflib ``Graph`` over the
merged graph backed by the ``oxrdflib`` package, so pattern access and SPARQL run in
Oxigraph.

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
import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDFS, SKOS

from . import __version__
from .errors import Codes, UsageError, error
from .files import replace_file
from .namespace import IR
from .rdf import PREFIXES, article_iri, format_for, new_graph
from .records import Article

__all__ = ["Store", "is_store", "open_store", "export_store", "store_to_rdflib", "as_written", "MANIFEST", "DEFAULT"]

MANIFEST = "kg-store.json"
DATABASE = "oxigraph"
# Format 2: article IRIs percent-encode their ids (kg.rdf.article_iri); format 1 slugged them.
STORE_FORMAT = 2
READS = (1, 2)
# Bookkeeping outside the article graphs: graphs marked for removal while a removal runs.
META = ox.NamedNode("urn:kg:store:meta")
DROP = ox.NamedNode("urn:kg:store:drop")
DEFAULT = ox.DefaultGraph()
LABEL, ALT_LABEL = ox.NamedNode(str(RDFS.label)), ox.NamedNode(str(SKOS.altLabel))
CONTENT_HASH, ARTICLE_ID = ox.NamedNode(str(IR.contentHash)), ox.NamedNode(str(IR.articleId))
# pyoxigraph formats by rdflib format name (kg.rdf.FORMATS); the first two keep named graphs.
OX_FORMATS = {
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "json-ld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
    "n3": ox.RdfFormat.N3,
}
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


def _scalar(db: ox.Store, query: str) -> int:
    """The number a ``SELECT (COUNT(...) AS ?n)`` query gives."""
    found = db.query(query)
    assert isinstance(found, ox.QuerySolutions)
    (row,) = found
    return int(row["n"].value)


def _value(term: Any) -> str:
    """The lexical value of a pyoxigraph IRI, blank node or literal."""
    return str(term.value)


# Numbers Oxigraph keeps in canonical form ("5"^^xsd:nonNegativeInteger as an xsd:integer,
# "-2.0"^^xsd:decimal as "-2"), and the form a file build writes them in, by property.
_XSD = "http://www.w3.org/2001/XMLSchema#"
_WRITTEN = {
    ox.NamedNode(str(IR.charStart)): "nonNegativeInteger",
    ox.NamedNode(str(IR.charEnd)): "nonNegativeInteger",
    ox.NamedNode(str(IR.goldstein)): "decimal",
    ox.NamedNode(str(IR.confidence)): "decimal",
}


def as_written(quad: ox.Quad) -> ox.Quad:
    """``quad`` with its number in the form a file build writes (``kg.rdf``), where Oxigraph changed it.

    >>> weight = ox.Literal("-2", datatype=ox.NamedNode(_XSD + "decimal"))
    >>> as_written(ox.Quad(ox.NamedNode("http://c"), ox.NamedNode(str(IR.goldstein)), weight)).object.value
    '-2.0'
    """
    kind = _WRITTEN.get(quad.predicate)
    term = quad.object
    if kind is None or not isinstance(term, ox.Literal):
        return quad
    if kind == "decimal":  # rdflib writes a float's repr
        value = ox.Literal(repr(float(term.value)), datatype=ox.NamedNode(_XSD + "decimal"))
    else:
        value = ox.Literal(term.value, datatype=ox.NamedNode(_XSD + kind))
    return ox.Quad(quad.subject, quad.predicate, value, quad.graph_name)


def is_store(path: str | Path) -> bool:
    """Whether ``path`` is a store folder (it holds the ``kg-store.json`` manifest)."""
    return (Path(path) / MANIFEST).is_file()


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
        a store while a build writes to it is not supported.  A store that cannot be
        opened (damaged, locked, or a place where no folder can be made) gives a one-line
        :class:`~kg.errors.KgError`.
        """
        path = Path(path)
        if not is_store(path):
            if path.exists() and not path.is_dir():
                raise error(f"{path}: is a file, not a store folder", Codes.BAD_GRAPH, UsageError)
            if path.is_dir() and any(path.iterdir()) and (read_only or not create):
                raise error(f"{path}: is a folder but not a kg store (no {MANIFEST})", Codes.MISSING)
            if path.is_dir() and any(path.iterdir()):
                raise error(
                    f"{path}: is a folder but not a kg store (no {MANIFEST}); give a new or empty folder",
                    Codes.BAD_GRAPH,
                    UsageError,
                )
            if read_only or not create:
                raise error(f"{path}: no kg store here", Codes.MISSING)
            try:
                path.mkdir(parents=True, exist_ok=True)
                db = ox.Store(str(path / DATABASE))
                _write_manifest(path)
            except OSError as err:
                problem = f"{path}: cannot make a store here: {err.strerror or err}"
                raise error(problem, Codes.BAD_GRAPH, UsageError) from None
            return cls(path, db, False)
        manifest = _read_manifest(path)
        if manifest.get("format") not in READS:
            raise error(
                f"{path}: store format {manifest.get('format')!r}; this kg reads format {STORE_FORMAT}", Codes.BAD_GRAPH
            )
        try:
            db = ox.Store.read_only(str(path / DATABASE)) if read_only else ox.Store(str(path / DATABASE))
        except (OSError, RuntimeError) as err:  # RocksDB: locked, or damaged (a missing .sst file)
            first = " ".join(str(err).split())
            first = first if len(first) <= 200 else first[:199] + "…"
            if "Corruption" in first or "No such file" in first:
                problem = f"the store is damaged; build it again into a new folder ({first})"
            else:
                doing = "reading" if read_only else "writing (is another kg build using it?)"
                problem = f"cannot open the store for {doing}: {first}"
            raise error(f"{path}: {problem}", Codes.BAD_GRAPH) from None
        store = cls(path, db, read_only)
        if manifest.get("format") != STORE_FORMAT:
            store._upgrade(manifest)
        if not read_only:
            store._finish_drops()
        return store

    def _upgrade(self, manifest: dict) -> None:
        """Read a store of an older format, or refuse it with what to do.

        Format 1 (kg before article IRIs were percent-encoded) differs only for ids with
        characters other than letters, digits, ``-``, ``_`` and ``.``: a store without such
        ids is marked format 2 (when open for writing); one with them must be built again.
        """
        changed = []
        for row in self.db.query(f"SELECT ?g ?id WHERE {{ GRAPH ?g {{ ?g <{IR.articleId}> ?id }} }}"):  # type: ignore[union-attr]
            ident = _value(row["id"])
            if str(article_iri(Article(id=ident, text=""))) != _value(row["g"]):
                changed.append(ident)
        if changed:
            self.db = None  # type: ignore[assignment]
            raise error(
                f"{self.path}: store format 1, from an older kg, where {len(changed)} article id(s) such as "
                f"{changed[0]!r} have other IRIs now; build it again into a new folder (kg build ... --store NEW)",
                Codes.BAD_GRAPH,
            )
        if not self.read_only:
            _write_manifest(self.path, dict(manifest, format=STORE_FORMAT))

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
        return _scalar(self.db, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")

    def articles(self) -> int:
        """Number of articles stored."""
        return _scalar(self.db, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?a a <{IR.Article}> }}")

    def stored_hash(self, article: Article) -> str | None:
        """The content hash stored for the article's id, or None if it is not stored."""
        name = ox.NamedNode(str(article_iri(article)))
        ids = {_value(q.object) for q in self.db.quads_for_pattern(name, ARTICLE_ID, None, name)}
        if ids and article.id not in ids:
            return None  # another id that maps to the same IRI
        for quad in self.db.quads_for_pattern(name, CONTENT_HASH, None, name):
            return _value(quad.object)
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

    def remove_graphs(self, names: Iterable[ox.NamedNode | URIRef]) -> None:
        """Remove article graphs, and from the merged graph what only they held.

        The graphs are marked first, then removed in one update; a removal cut short is
        finished the next time the store is opened for writing.
        """
        marks = [
            ox.Quad(n if isinstance(n, ox.NamedNode) else ox.NamedNode(str(n)), DROP, ox.Literal(True), META)
            for n in names
        ]
        if marks:
            self.db.extend(marks)
            self._finish_drops()

    def _finish_drops(self) -> None:
        marked = [
            q.subject
            for q in self.db.quads_for_pattern(None, DROP, None, META)
            if isinstance(q.subject, (ox.NamedNode, ox.BlankNode))
        ]
        if marked:
            self.db.update(DROP_MARKED)
            for name in [*marked, META]:
                self.db.remove_graph(name)

    def graph(self) -> Graph:
        """An rdflib ``Graph`` over the merged graph (``oxrdflib``): pattern access and SPARQL run in Oxigraph.

        Literals read from it carry their datatype, ``xsd:string`` included, and numbers
        come in Oxigraph's canonical form.  Bind query parameters in the query text
        (:func:`kg.query.bind_parameters`): Oxigraph substitutes ``initBindings`` only for
        projected variables.
        """
        g = Graph(store=_GraphStore(self), identifier=DATASET_DEFAULT_GRAPH_ID)
        for prefix, namespace in PREFIXES.items():
            g.bind(prefix, namespace, override=False)
        return g

    def quads(self) -> Iterator[ox.Quad]:
        """The quads of the article graphs (not the merged graph, not the bookkeeping)."""
        for quad in self.db.quads_for_pattern(None, None, None, None):
            if not isinstance(quad.graph_name, ox.DefaultGraph) and quad.graph_name != META:
                yield quad

    def export(self, path: str | Path) -> Path:
        """Write the store to ``path`` in the format its extension names.

        N-Quads (``.nq``) and TriG (``.trig``) keep one named graph per article; the other
        formats (``.ttl .nt .jsonld .rdf .n3``) get the merged graph.  Numbers are written
        as a file build writes them (:func:`as_written`), so an export and a file build of
        the same articles are the same graph.
        """
        path = Path(path)
        fmt = OX_FORMATS.get(format_for(path))
        if fmt is None:
            raise error(f"{path}: cannot export a store as {path.suffix}", Codes.BAD_OUTPUT, UsageError)
        with replace_file(path) as tmp:
            if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
                ox.serialize(map(as_written, self.quads()), str(tmp), fmt, prefixes=PREFIXES)
            else:
                merged = self.db.quads_for_pattern(None, None, None, DEFAULT)
                ox.serialize((as_written(q).triple for q in merged), str(tmp), fmt, prefixes=PREFIXES)
        return path

    def dataset(self) -> Dataset:
        """A copy of the store as an in-memory rdflib ``Dataset`` (one graph per article); for small stores.

        The dataset's default graph is the union of the article graphs.
        """
        ds: Dataset = new_graph(Dataset)  # type: ignore[assignment]
        ds.default_union = True
        ds.parse(data=ox.serialize(map(as_written, self.quads()), format=ox.RdfFormat.N_QUADS), format="nquads")
        return ds


class _GraphStore(OxigraphStore):
    """oxrdflib's store over a :class:`Store`'s database, for as long as the store is open.

    It reaches the database through the :class:`Store`, so closing the store releases the
    database even while graphs over it are still referenced (the next process, or the next
    ``Store.open``, can then open it), and it counts the merged graph's triples directly.
    """

    def __init__(self, store: Store):
        super().__init__()
        self.kg_store = store

    @property
    def _inner(self) -> ox.Store:
        if self.kg_store.db is None:
            raise error(f"{self.kg_store.path}: the store is closed", Codes.BAD_GRAPH)
        return self.kg_store.db

    def __len__(self, context: Any = None) -> int:
        # oxrdflib counts DISTINCT triples over every graph, 30 times slower on 300,000
        # triples; the merged graph is a set already.
        return len(self.kg_store)


def _write_manifest(path: Path, data: dict | None = None) -> None:
    data = data or {
        "format": STORE_FORMAT,
        "kind": "kg store",
        "database": DATABASE,
        "kg_version": __version__,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    tmp = path / (MANIFEST + ".part")
    tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path / MANIFEST)


def _read_manifest(path: Path) -> dict:
    try:
        data = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise error(f"{path / MANIFEST}: unreadable store manifest: {err}", Codes.BAD_GRAPH) from None
    return data if isinstance(data, dict) else {}


def open_store(path: str | Path) -> Graph:
    """An rdflib ``Graph`` over the store folder at ``path``, for reading and SPARQL.

    >>> open_store("/nonexistent/store")
    Traceback (most recent call last):
    ...
    kg.errors.KgError: /nonexistent/store: no kg store here [E001]
    """
    return Store.open(path, read_only=True).graph()


def export_store(store: Store | str | Path, path: str | Path) -> Path:
    """Write a store (or the store folder at ``store``) to ``path``: see :meth:`Store.export`."""
    if not isinstance(store, Store):
        store = Store.open(store, read_only=True)
    return store.export(path)


def store_to_rdflib(store: Store | str | Path) -> Dataset:
    """Copy a store (or the store folder at ``store``) into an rdflib ``Dataset``: see :meth:`Store.dataset`."""
    if not isinstance(store, Store):
        store = Store.open(store, read_only=True)
    return store.dataset()
