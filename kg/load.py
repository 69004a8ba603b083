"""Read a graph ``kg`` wrote: an RDF file or a store folder, as an rdflib graph; and write
it again in any RDF format (:func:`export_rdf`).

Every reader (queries, analysis, views, the CLI) goes through :func:`load_graph`, so a
store folder works wherever a file does.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "g.nt"
>>> _ = p.write_text('<http://ex/a> <http://ex/p> <http://ex/b> .\\n')
>>> len(load_graph(p))
1
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from .errors import Codes, error
from .files import check_writable, is_regular
from .rdf import FORMATS, PREFIXES, QUAD_FORMATS, format_for, write_graph
from .store import Store, is_store

__all__ = ["load_graph", "export_rdf"]


def load_graph(source: str | Path | Store) -> Graph:
    """Read an RDF file ``kg`` wrote (.ttl .nt .jsonld .trig .nq ...), a store folder or an open :class:`Store`.

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
