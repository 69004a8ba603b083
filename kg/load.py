"""Read a graph ``kg`` wrote: an RDF file, a store folder or a SPARQL endpoint, as an rdflib
graph; and write it again in any RDF format (:func:`export_rdf`).

Every reader (queries, analysis, views, the CLI) goes through :func:`load_graph`, so a
store folder works wherever a file does.  An endpoint URL gives a graph whose queries run
on the endpoint (:func:`endpoint_graph`).

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "g.nt"
>>> _ = p.write_text('<http://ex/a> <http://ex/p> <http://ex/b> .\\n')
>>> len(load_graph(p))
1
"""

from __future__ import annotations

import http.client
import io
import re
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from rdflib.query import Result

from .errors import Codes, error
from .files import check_writable, is_regular
from .rdf import FORMATS, PREFIXES, QUAD_FORMATS, format_for, write_graph
from .store import Store, is_store

__all__ = ["load_graph", "export_rdf", "endpoint_graph", "is_endpoint", "EndpointStore"]

_URL = re.compile(r"^https?://", re.IGNORECASE)


def is_endpoint(source: object) -> bool:
    """Whether ``source`` names a SPARQL endpoint (an ``http(s)://`` URL) rather than a file or folder.

    >>> is_endpoint("http://localhost:7878/query"), is_endpoint("out/store")
    (True, False)
    """
    return isinstance(source, str) and bool(_URL.match(source))


class EndpointStore(SPARQLStore):
    """rdflib's read-only store over a SPARQL endpoint, with kg's errors and a timeout.

    Queries are POSTed as forms (a bound parameter can make one long) and results come back
    as SPARQL JSON; an endpoint that cannot be reached, or that refuses a query, raises a
    :class:`~kg.errors.KgError` naming it and what it said, in one line.
    """

    def __init__(self, url: str, timeout: float = 300):
        super().__init__(url, returnFormat="json")
        self.timeout = timeout

    def _query(self, query: str, default_graph: str | None = None, named_graph: str | None = None) -> Result:
        url = str(self.query_endpoint)
        request = urllib.request.Request(
            url,
            data=urllib.parse.urlencode({"query": query}).encode(),
            headers={
                "Accept": "application/sparql-results+json",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                data, kind = response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as err:
            with err:  # an HTTPError holds the answer open
                said = err.read().decode("utf-8", "replace").strip().splitlines()
            detail = f": {said[0][:300]}" if said else ""
            code = Codes.BAD_QUERY if err.code == 400 else Codes.SERVICE
            raise error(f"{url}: {err.code} {err.reason}{detail}", code) from None
        except (urllib.error.URLError, http.client.HTTPException, OSError) as err:
            reason = getattr(err, "reason", None) or err
            raise error(f"{url}: cannot reach the SPARQL endpoint ({reason})", Codes.SERVICE) from None
        if not kind.startswith("application/sparql-results+json"):
            raise error(f"{url}: not a SPARQL endpoint (it answered {kind or 'no content type'})", Codes.SERVICE)
        return Result.parse(io.BytesIO(data), format="json")


def endpoint_graph(url: str) -> Graph:
    """An rdflib ``Graph`` over a SPARQL 1.1 endpoint: each query is sent to ``url`` and runs there.

    Nothing is sent until a query runs.  Bind parameters in the query text
    (:func:`kg.query.bind_parameters`), as for a store.

    >>> endpoint_graph("http://localhost:7878/query").store.query_endpoint
    'http://localhost:7878/query'
    """
    return Graph(store=EndpointStore(url), bind_namespaces="none")


def load_graph(source: str | Path | Store) -> Graph:
    """Read an RDF file ``kg`` wrote (.ttl .nt .jsonld .trig .nq ...), a store folder, an open :class:`Store`
    or a SPARQL endpoint's URL (:func:`endpoint_graph`).

    TriG and N-Quads give a ``Dataset`` whose default graph is the union of its named
    graphs, so queries and :func:`kg.analysis.graph_to_networkx` see every article.  A
    store gives an rdflib ``Graph`` over its merged graph, read in place (see
    :meth:`kg.store.Store.graph`).

    Example:
        >>> load_graph("/nonexistent/graph.ttl")
        Traceback (most recent call last):
        ...
        kg.errors.KgError: /nonexistent/graph.ttl: does not exist [E001]
    """
    if isinstance(source, Store):
        return source.graph()
    if is_endpoint(source):
        return endpoint_graph(str(source))
    path = Path(source)
    if path.is_dir():
        return Store.open(path, read_only=True).graph()
    if not path.exists():
        raise error(f"{path}: does not exist", Codes.MISSING)
    if not is_regular(path):  # a FIFO would block the parser, a device never end
        raise error(f"{path}: is not a regular file", Codes.NOT_A_FILE)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise error(
            f"{path}: unsupported graph file extension {path.suffix!r}; use one of {', '.join(sorted(FORMATS))}",
            Codes.BAD_GRAPH,
        )
    graph: Graph = Dataset(default_union=True) if fmt in QUAD_FORMATS else Graph()
    try:
        graph.parse(path, format=fmt)
    except Exception as err:  # rdflib raises many kinds of parser errors
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise error(f"{path}: not valid {fmt}: {first}", Codes.BAD_GRAPH) from err
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=False)
    return graph


def export_rdf(source: str | Path | Store, path: str | Path) -> Path:
    """Write a graph file or a store to ``path`` in the RDF format its extension names.

    From a store, or a TriG or N-Quads file, ``.nq`` and ``.trig`` keep one named graph
    per article (as ``kg build`` writes them); triples outside any named graph (a Turtle
    file's) stay in the default graph.  The other formats get the merged graph.

    Example:
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "g.nq").write_text('<http://ex/a> <http://ex/p> "x" <http://ex/article/1> .\\n')
        >>> print(export_rdf(folder / "g.nq", folder / "g.trig").read_text().strip().splitlines()[-3])
        <http://ex/article/1> {
    """
    path = Path(path)
    fmt = format_for(path)  # a bad extension fails before anything is read
    if isinstance(source, Store) or is_store(source):
        store = source if isinstance(source, Store) else Store.open(source, read_only=True)
        return store.export(check_writable(path))
    check_writable(path)
    g = load_graph(source)
    graphs: dict[URIRef, Graph] = {}
    if fmt in QUAD_FORMATS and isinstance(g, Dataset):
        for named in g.graphs():
            if len(named):
                graphs[named.identifier] = named  # type: ignore[index]
    else:
        graphs[DATASET_DEFAULT_GRAPH_ID] = g
    write_graph(graphs, path)
    return path
