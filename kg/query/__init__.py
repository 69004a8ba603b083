"""SPARQL over the graphs ``kg`` writes, with saved queries and parameters bound as RDF terms.

A query is SPARQL text, a ``.rq`` file, or the name of a saved query shipped in
``kg/queries/`` (``kg query --list`` shows them).  Parameters are never pasted into the
query text: each ``key=value`` becomes an RDF term (see :func:`to_term`) bound to
``?key``, with rdflib's ``initBindings`` on an in-memory graph and as a ``VALUES`` block
(:func:`bind_parameters`) on a store, where SPARQL runs in Oxigraph.

A saved query is a ``.rq`` file whose header comment says what it does and names its
parameters, one ``# param NAME: what it is`` line each (``# param NAME (optional): ...``
for optional ones).  Use a parameter in a required pattern or in a FILTER (``FILTER(!BOUND(?actor)
|| ?subject = ?actor)`` makes it optional), never only inside an OPTIONAL: rdflib applies
bindings before evaluation (and a store binds them first in the WHERE clause), so an
OPTIONAL that cannot match the bound value keeps its row.

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

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

from oxrdflib import OxigraphStore
from rdflib import Graph, Literal
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from rdflib.query import ResultRow
from rdflib.term import Identifier

from ..errors import Codes, KgError, error
from ..load import load_graph
from ..rdf import PREFIXES
from ..store import Store
from .binding import PARAMETER, bind_parameters
from .results import QueryResult
from .saved import SavedQuery, saved_queries, saved_query
from .service import has_service, refuse_service
from .terms import INTEGER, to_ox, to_rdflib, to_term

__all__ = [
    "PREFIXES",
    "RESULT_PARAMS",
    "QueryResult",
    "SavedQuery",
    "bind_parameters",
    "has_service",
    "load_graph",
    "query_store",
    "run_query",
    "saved_queries",
    "saved_query",
    "to_ox",
    "to_rdflib",
    "to_term",
]

# Parameters that shape the result instead of being bound in the query.
RESULT_PARAMS = frozenset({"limit"})


def run_query(
    graph: Graph | str | Path, query: str, params: Mapping[str, str] | None = None, *, allow_service: bool = False
) -> QueryResult:
    """Run a SELECT or ASK query with parameters bound as RDF terms.

    Args:
        graph: an rdflib graph (a store's too), or a file, store folder or SPARQL endpoint URL
            for :func:`load_graph`.
        query: a saved query's name (``who-criticized``), a ``.rq`` file, or SPARQL text.
            The prefixes ``ir:``, ``kgid:``, ``rdf:``, ``rdfs:``, ``owl:``, ``xsd:``,
            ``skos:``, ``dcterms:``, ``prov:``, ``schema:`` and ``wd:`` need no declaration.
        params: ``{"actor": "France"}`` binds ``?actor`` to the term :func:`to_term` gives;
            ``limit`` keeps only the first rows.  A saved query must get every parameter
            its header marks as required, and no parameter it does not declare.
        allow_service: run ``SERVICE`` clauses, which send requests to the servers they
            name; refused by default.  UPDATE requests are always refused.

    Returns:
        A :class:`QueryResult`.

    Example:
        >>> from rdflib import Graph
        >>> g = Graph().parse(format="turtle", data='<http://ex/a> <http://ex/p> "x", "y" .')
        >>> run_query(g, "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o", {"s": "http://ex/a", "limit": "1"}).rows
        ((rdflib.term.Literal('x'),),)
    """
    saved = saved_query(query)
    if not allow_service:
        refuse_service(saved.text, saved.name)
    if not isinstance(graph, Graph):
        graph = load_graph(graph)
    params = dict(params or {})
    variables = set(re.findall(r"[?$](\w+)", re.sub(r"(?m)#.*$", "", saved.text)))
    declared = (set(saved.params) if saved.params else variables) | RESULT_PARAMS
    unknown = sorted(set(params) - declared)
    if unknown:
        raise error(
            f"{saved.name}: unknown parameter {', '.join(unknown)}; it takes "
            f"{', '.join(sorted(declared - RESULT_PARAMS)) or 'no parameters'}",
            Codes.BAD_QUERY,
        )
    missing = sorted(set(saved.params) - saved.optional - set(params))
    if missing:
        raise error(
            f"{saved.name}: missing parameter {', '.join(missing)} (--param {missing[0]}=VALUE)", Codes.BAD_QUERY
        )
    limit = params.pop("limit", None)
    if limit is not None and not INTEGER.match(limit.strip()):
        raise error(f"{saved.name}: limit must be a whole number, not {limit!r}", Codes.BAD_QUERY)
    bindings: dict[str, Identifier] = {k: to_term(v, graph) for k, v in params.items()}
    text = saved.text
    if bindings and isinstance(graph.store, (OxigraphStore, SPARQLStore)):  # Oxigraph, an endpoint: bound in the text
        text, bindings = bind_parameters(text, bindings), {}
    try:
        result = graph.query(text, initNs=PREFIXES, initBindings=bindings)
        if result.type == "ASK":
            return QueryResult(("ask",), ((Literal(bool(result.askAnswer)),),), saved.name)
        if result.type != "SELECT":
            raise error(f"{saved.name}: only SELECT and ASK queries give tables, not {result.type}", Codes.BAD_QUERY)
        columns = tuple(str(v) for v in (result.vars or []))
        rows = tuple(tuple(cast(ResultRow, row)) for row in result)  # rdflib evaluates as the rows are read
    except KgError:
        raise
    except Exception as err:  # pyparsing and rdflib raise various errors for bad SPARQL, and while evaluating
        first = " ".join(str(err).split()) or type(err).__name__
        raise error(f"{saved.name}: {first}", Codes.BAD_QUERY) from err
    if limit is not None:
        rows = rows[: max(0, int(limit))]
    return QueryResult(columns, rows, saved.name)


def query_store(
    store: Store | str | Path,
    sparql: str,
    bindings: Mapping[str, Any] | None = None,
    prefixes: Mapping[str, str] | None = None,
    *,
    allow_service: bool = False,
) -> Any:
    """Run SPARQL over a store's merged graph in Oxigraph, with ``bindings`` as RDF terms.

    Args:
        store: a :class:`~kg.store.Store` or a store folder.
        sparql: the query text; the prefixes of :data:`PREFIXES` need no declaration.
        bindings: variable name -> term (pyoxigraph or rdflib), bound as
            :func:`bind_parameters` says: before the rest of the WHERE clause, as rdflib's
            ``initBindings`` are.
        prefixes: more prefixes, or other namespaces for these ones.
        allow_service: run ``SERVICE`` clauses (refused by default, see :func:`run_query`).

    Returns:
        pyoxigraph's result: solutions for SELECT, a boolean for ASK, triples for CONSTRUCT.
    """
    if not allow_service:
        refuse_service(sparql, "query")
    if not isinstance(store, Store):
        store = Store.open(store, read_only=True)
    terms = {name.lstrip("?$"): to_ox(term) for name, term in (bindings or {}).items()}
    names = dict(PREFIXES, **(prefixes or {}))
    try:
        if not terms:
            return store.db.query(sparql, prefixes=names)
        return store.db.query(
            bind_parameters(sparql, terms),
            prefixes=names,
            custom_functions={PARAMETER: lambda name: terms.get(name.value)},
        )
    except SyntaxError as err:
        raise error(f"bad SPARQL: {str(err).splitlines()[0]}", Codes.BAD_QUERY) from None
