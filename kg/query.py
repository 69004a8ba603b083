"""SPARQL over the graphs ``kg`` writes, with saved queries and parameters bound as RDF terms.

A query is SPARQL text, a ``.rq`` file, or the name of a saved query shipped in
``kg/queries/`` (``kg query --list`` shows them).  Parameters are never pasted into the
query text: each ``key=value`` becomes an rdflib term bound to ``?key`` with
``initBindings`` (see :func:`to_term`).

A saved query is a ``.rq`` file whose header comment says what it does and names its
parameters, one ``# param NAME: what it is`` line each (``# param NAME (optional): ...``
for optional ones).  Use a parameter in a required pattern or in a FILTER (``FILTER(!BOUND(?actor)
|| ?subject = ?actor)`` makes it optional), never only inside an OPTIONAL: rdflib applies
bindings before evaluation, so an OPTIONAL that cannot match the bound value keeps its row.

>>> from rdflib import Graph
>>> g = Graph().parse(format="turtle", data='''
... @prefix ir: <https://w3id.org/kg-ir/ontology#> .
... @base <https://w3id.org/kg-ir/id/> .
... @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
... @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
... <state/FRA> a ir:State ; rdfs:label "France" ; ir:criticizes <state/CHN> .
... <state/CHN> a ir:State ; rdfs:label "China" .
... <claim/c1> a ir:Claim ; rdf:subject <state/FRA> ; rdf:predicate ir:criticizes ;
...     rdf:object <state/CHN> ; ir:polarity ir:Positive ; ir:modality ir:Asserted ;
...     ir:sentence "France criticized China." ; ir:eventDate "2024-05-02"^^xsd:date .
... ''')
>>> print(run_query(g, "who-criticized", {"actor": "China"}).to_csv().strip())
critic,criticLabel,relation,claims,first,last,example
https://w3id.org/kg-ir/id/state/FRA,France,criticizes,1,2024-05-02,2024-05-02,France criticized China.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, cast

from rdflib import RDFS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import SKOS
from rdflib.query import ResultRow
from rdflib.term import Identifier

from .errors import Codes, KgError
from .namespace import IR

__all__ = [
    "PREFIXES",
    "RESULT_PARAMS",
    "QueryResult",
    "SavedQuery",
    "load_graph",
    "run_query",
    "saved_queries",
    "saved_query",
    "to_term",
]

# The prefixes every query may use without declaring them.
PREFIXES = {
    "ir": str(IR._NS),
    "kgid": "https://w3id.org/kg-ir/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "wd": "http://www.wikidata.org/entity/",
}
# Parameters that shape the result instead of being bound in the query.
RESULT_PARAMS = frozenset({"limit"})
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR_MONTH = re.compile(r"^\d{4}-\d{2}$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?\d+\.\d+$")
_CURIE = re.compile(r"^([A-Za-z][\w.-]*):([^\s/][^\s]*)?$")
_PARAM_LINE = re.compile(r"^#\s*param\s+(?P<name>\w+)\s*(?P<opt>\(optional\))?\s*:\s*(?P<doc>.*)$")


def _error(problem: str, code: str = Codes.BAD_QUERY) -> KgError:
    return KgError(f"{problem} [{code}]")


# ---- loading --------------------------------------------------------------------------

_FORMATS = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".n3": "n3",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".trig": "trig",
    ".nq": "nquads",
    ".rdf": "xml",
    ".xml": "xml",
    ".owl": "xml",
}
_QUAD_FORMATS = {"trig", "nquads"}


def _load_store(path: Path) -> Graph:
    # ---- store support plugs in here --------------------------------------------------
    # A folder is a persistent store written by kg.store; open_store(path) is expected to
    # give an rdflib Graph or Dataset over it (for example one backed by pyoxigraph).
    try:
        from .store import open_store  # type: ignore[attr-defined]
    except ImportError as err:
        raise _error(f"{path}: is a folder, and this kg has no store support", Codes.BAD_GRAPH) from err
    graph = open_store(path)
    if not isinstance(graph, Graph):
        raise _error(f"{path}: the store gave {type(graph).__name__}, not an rdflib graph", Codes.BAD_GRAPH)
    return graph


def load_graph(path: str | Path) -> Graph:
    """Read an RDF file ``kg`` wrote (.ttl .nt .jsonld .trig .nq ...) or a store folder.

    TriG and N-Quads give a ``Dataset`` whose default graph is the union of its named
    graphs, so queries and :func:`kg.analysis.graph_to_networkx` see every article.

    Example:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "g.nt"
        >>> _ = p.write_text('<http://ex/a> <http://ex/p> <http://ex/b> .\\n')
        >>> len(load_graph(p))
        1
    """
    path = Path(path)
    if path.is_dir():
        return _load_store(path)
    if not path.is_file():
        raise _error(f"{path}: does not exist", Codes.MISSING)
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise _error(
            f"{path}: unsupported graph file extension {path.suffix!r}; use one of {', '.join(sorted(_FORMATS))}",
            Codes.BAD_GRAPH,
        )
    graph: Graph = Dataset(default_union=True) if fmt in _QUAD_FORMATS else Graph()
    try:
        graph.parse(path, format=fmt)
    except Exception as err:  # rdflib raises many kinds of parser errors
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise _error(f"{path}: not valid {fmt}: {first}", Codes.BAD_GRAPH) from err
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=False)
    return graph


# ---- saved queries --------------------------------------------------------------------


@dataclass(frozen=True)
class SavedQuery:
    """A ``.rq`` file: its text and the parameters its header comment declares."""

    name: str
    text: str
    description: str
    params: Mapping[str, str] = field(default_factory=dict)  # name -> description
    optional: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, name: str, text: str) -> SavedQuery:
        description, params, optional = [], {}, set()
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            match = _PARAM_LINE.match(line)
            if match:
                params[match["name"]] = match["doc"].strip()
                if match["opt"]:
                    optional.add(match["name"])
            else:
                description.append(line.lstrip("#").strip())
        return cls(name, text, " ".join(d for d in description if d), params, frozenset(optional))


def _query_files() -> dict[str, Any]:
    folder = resources.files("kg") / "queries"
    return {entry.name[:-3]: entry for entry in folder.iterdir() if entry.name.endswith(".rq")}


def saved_queries() -> dict[str, SavedQuery]:
    """The saved queries shipped with ``kg``, by name.

    Example:
        >>> "who-criticized" in saved_queries()
        True
        >>> saved_queries()["who-criticized"].params
        {'actor': 'the actor who was criticized (label, alternative label, IRI or CURIE)'}
    """
    return {
        name: SavedQuery.parse(name, entry.read_text(encoding="utf-8"))
        for name, entry in sorted(_query_files().items())
    }


def saved_query(query: str) -> SavedQuery:
    """A query from a saved name, a ``.rq`` file path, or SPARQL text."""
    files = _query_files()
    if query in files:
        return SavedQuery.parse(query, files[query].read_text(encoding="utf-8"))
    if "\n" not in query and query.strip().endswith(".rq"):
        path = Path(query.strip())
        if not path.is_file():
            raise _error(f"{query}: no such query file", Codes.MISSING)
        return SavedQuery.parse(path.stem, path.read_text(encoding="utf-8"))
    if re.fullmatch(r"[\w-]+", query.strip()):
        raise _error(f"no saved query named {query!r}; saved queries: {', '.join(sorted(files))}")
    return SavedQuery.parse("query", query)


# ---- parameters -----------------------------------------------------------------------


def _entity_by_name(graph: Graph, value: str) -> URIRef | None:
    wanted = value.casefold()
    for prop in (RDFS.label, SKOS.altLabel):
        found = sorted(
            {s for s, o in graph.subject_objects(prop) if isinstance(s, URIRef) and str(o).casefold() == wanted},
            key=str,
        )
        if found:
            return found[0]
    return None


def to_term(value: str, graph: Graph | None = None) -> URIRef | Literal:
    """The RDF term a parameter value stands for.

    ``<...>`` or ``http(s)://...`` or ``urn:...`` give an IRI, a CURIE with a known prefix
    (``ir:State``, ``kgid:state/FRA``, ``wd:Q142``) gives its IRI, a label or alternative
    label of an entity in ``graph`` gives the entity (case-insensitive), the local name of
    an ontology term (``Denied``, ``criticizes``) gives the term, ``YYYY-MM-DD`` an
    ``xsd:date``, ``YYYY-MM`` an ``xsd:gYearMonth``, numbers ``xsd:integer`` or
    ``xsd:decimal``, and anything else a plain literal.

    Example:
        >>> to_term("2025-06-05").datatype == XSD.date, to_term("ir:State") == IR.State
        (True, True)
        >>> to_term("Denied") == IR.Denied
        True
        >>> to_term("France")
        rdflib.term.Literal('France')
    """
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        return URIRef(text[1:-1])
    if re.match(r"^(https?|urn|file):", text):
        return URIRef(text)
    curie = _CURIE.match(text)
    if curie:
        prefixes = dict(PREFIXES)
        if graph is not None:
            prefixes.update({p: str(ns) for p, ns in graph.namespaces()})
        if curie[1] in prefixes:
            return URIRef(prefixes[curie[1]] + (curie[2] or ""))
    if graph is not None:
        entity = _entity_by_name(graph, text)
        if entity is not None:
            return entity
    if re.fullmatch(r"[A-Za-z]\w*", text) and text in _ontology_terms():
        return IR._NS[text]
    if _DATE.match(text):
        return Literal(text, datatype=XSD.date)
    if _YEAR_MONTH.match(text):
        return Literal(text, datatype=XSD.gYearMonth)
    if _INTEGER.match(text):
        return Literal(int(text))
    if _DECIMAL.match(text):
        return Literal(text, datatype=XSD.decimal)
    return Literal(value)


def _ontology_terms() -> frozenset[str]:
    return frozenset(getattr(IR, "__annotations__", {}))


# ---- results --------------------------------------------------------------------------


def _show(term: Any) -> str:
    return "" if term is None else str(term)


def _compact(term: Any) -> str:
    """An IRI as a CURIE where a known prefix fits (for tables), else the plain value."""
    if isinstance(term, URIRef):
        text = str(term)
        for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
            if text.startswith(namespace) and len(text) > len(namespace):
                return f"{prefix}:{text[len(namespace) :]}"
    return _show(term)


@dataclass(frozen=True)
class QueryResult:
    """The rows of a SELECT query (or an ASK's one boolean row), as rdflib terms."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    query: str = "query"

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def records(self) -> list[dict[str, str | None]]:
        """The rows as dicts of plain strings (None where a variable is unbound)."""
        return [
            {c: (None if v is None else str(v)) for c, v in zip(self.columns, row, strict=True)} for row in self.rows
        ]

    def to_table(self, width: int = 60) -> str:
        """A plain-text table; cells longer than ``width`` are cut with an ellipsis."""

        def cut(text: str) -> str:
            text = " ".join(text.split())
            return text if len(text) <= width else text[: width - 1] + "…"

        cells = [[cut(_compact(v)) for v in row] for row in self.rows]
        sizes = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(self.columns)]
        lines = [
            "  ".join(c.ljust(s) for c, s in zip(self.columns, sizes, strict=True)).rstrip(),
            "  ".join("-" * s for s in sizes),
        ]
        lines += ["  ".join(c.ljust(s) for c, s in zip(row, sizes, strict=True)).rstrip() for row in cells]
        lines.append(f"({len(self.rows)} row{'s' if len(self.rows) != 1 else ''})")
        return "\n".join(lines)

    def to_csv(self) -> str:
        """CSV with a header row; IRIs and literals as plain text, unbound as empty."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows([_show(v) for v in row] for row in self.rows)
        return out.getvalue()

    def to_json(self) -> str:
        """A JSON array of objects, one a row, column -> string or null."""
        return json.dumps(self.records(), ensure_ascii=False, indent=2)

    def __str__(self) -> str:
        return self.to_table()

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(c)}</th>" for c in self.columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(_compact(v))}</td>" for v in row) + "</tr>" for row in self.rows
        )
        caption = f"{html.escape(self.query)}: {len(self.rows)} row{'s' if len(self.rows) != 1 else ''}"
        return (
            f'<table class="kg-query"><caption>{caption}</caption><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>"
        )


def run_query(graph: Graph | str | Path, query: str, params: Mapping[str, str] | None = None) -> QueryResult:
    """Run a SELECT or ASK query with parameters bound as RDF terms.

    Args:
        graph: an rdflib graph, or a path for :func:`load_graph`.
        query: a saved query's name (``who-criticized``), a ``.rq`` file, or SPARQL text.
            The prefixes ``ir:``, ``kgid:``, ``rdf:``, ``rdfs:``, ``owl:``, ``xsd:``,
            ``skos:``, ``dcterms:``, ``prov:``, ``schema:`` and ``wd:`` need no declaration.
        params: ``{"actor": "France"}`` binds ``?actor`` to the term :func:`to_term` gives;
            ``limit`` keeps only the first rows.  A saved query must get every parameter
            its header marks as required, and no parameter it does not declare.

    Returns:
        A :class:`QueryResult`.

    Example:
        >>> from rdflib import Graph
        >>> g = Graph().parse(format="turtle", data='<http://ex/a> <http://ex/p> "x", "y" .')
        >>> run_query(g, "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o", {"s": "http://ex/a", "limit": "1"}).rows
        ((rdflib.term.Literal('x'),),)
    """
    if not isinstance(graph, Graph):
        graph = load_graph(graph)
    saved = saved_query(query)
    params = dict(params or {})
    variables = set(re.findall(r"[?$](\w+)", re.sub(r"(?m)#.*$", "", saved.text)))
    declared = (set(saved.params) if saved.params else variables) | RESULT_PARAMS
    unknown = sorted(set(params) - declared)
    if unknown:
        raise _error(
            f"{saved.name}: unknown parameter {', '.join(unknown)}; it takes "
            f"{', '.join(sorted(declared - RESULT_PARAMS)) or 'no parameters'}"
        )
    missing = sorted(set(saved.params) - saved.optional - set(params))
    if missing:
        raise _error(f"{saved.name}: missing parameter {', '.join(missing)} (--param {missing[0]}=VALUE)")
    limit = params.pop("limit", None)
    if limit is not None and not _INTEGER.match(limit.strip()):
        raise _error(f"{saved.name}: limit must be a whole number, not {limit!r}")
    bindings: dict[str, Identifier] = {k: to_term(v, graph) for k, v in params.items()}
    try:
        result = graph.query(saved.text, initNs=PREFIXES, initBindings=bindings)
    except Exception as err:  # pyparsing and rdflib raise various errors for bad SPARQL
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise _error(f"{saved.name}: {first}") from err
    if result.type == "ASK":
        return QueryResult(("ask",), ((Literal(bool(result.askAnswer)),),), saved.name)
    if result.type != "SELECT":
        raise _error(f"{saved.name}: only SELECT and ASK queries give tables, not {result.type}")
    columns = tuple(str(v) for v in (result.vars or []))
    rows = tuple(tuple(cast(ResultRow, row)) for row in result)
    if limit is not None:
        rows = rows[: max(0, int(limit))]
    return QueryResult(columns, rows, saved.name)
