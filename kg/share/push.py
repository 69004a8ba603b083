"""Upload a store (or a ``.nq``/``.trig`` file kg wrote) to a SPARQL 1.1 Graph Store Protocol endpoint.

Each article goes as its own named graph, by HTTP PUT, so sending it again replaces it and
never duplicates it.  Before sending, kg asks the endpoint's SPARQL query URL which
content hash each article's graph holds there (``ir:contentHash``), and sends only the
articles whose hash differs: a rerun sends what changed or what a stopped push left out.
Connection errors and 5xx answers are retried with backoff; a 4xx answer stops the push
with one line saying what the endpoint said.

The endpoint gets the article graphs only: to query them as one graph, have it take the
union of its named graphs as the default graph (Oxigraph's ``--union-default-graph``,
Fuseki's ``unionDefaultGraph``; GraphDB does so by default).

>>> report = push_graphs("out/store", "http://localhost:7878/store")   # doctest: +SKIP
>>> print(report.summary())                                           # doctest: +SKIP
sent 8 articles (1,204 triples), 0 unchanged, to http://localhost:7878/store
"""

from __future__ import annotations

import http.client
import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..errors import Codes, error
from ..namespace import IR
from ..rdf import FORMATS, QUAD_FORMATS
from ..store import OX_FORMATS, Store, is_store

__all__ = ["PushReport", "push_graphs", "query_url_for"]

# The article graphs of a database, each with the content hash its article node carries there.
_ARTICLES = f"""
SELECT ?g ?hash WHERE {{
  GRAPH ?g {{ ?g a <{IR.Article}> OPTIONAL {{ ?g <{IR.contentHash}> ?hash }} }}
}}"""
# Where a Graph Store Protocol URL's SPARQL query URL usually is: Oxigraph, Fuseki, GraphDB.
_QUERY_URLS = (("/store", "/query"), ("/data", "/query"), ("/rdf-graphs/service", ""))


@dataclass
class PushReport:
    """What a push did."""

    to: str
    sent: int = 0
    unchanged: int = 0
    triples: int = 0  # in the graphs sent

    def summary(self) -> str:
        return f"sent {self.sent} articles ({self.triples:,} triples), {self.unchanged} unchanged, to {self.to}"


def query_url_for(store_url: str) -> str:
    """The SPARQL query URL beside a Graph Store Protocol URL, for the servers whose layout is known.

    >>> query_url_for("http://localhost:7878/store")
    'http://localhost:7878/query'
    >>> query_url_for("http://localhost:3030/news/data")
    'http://localhost:3030/news/query'
    """
    parts = urllib.parse.urlsplit(store_url)
    for tail, replacement in _QUERY_URLS:
        if parts.path.endswith(tail):
            return urllib.parse.urlunsplit(parts._replace(path=parts.path[: -len(tail)] + replacement, query=""))
    raise error(f"{store_url}: cannot tell its SPARQL query URL; give it with --query-url", Codes.SERVICE)


class _Endpoint:
    """HTTP to one Graph Store Protocol endpoint and its query URL, with retries."""

    def __init__(self, store_url: str, query_url: str, retries: int, backoff: float, timeout: float):
        self.store_url, self.query_url = store_url, query_url
        self.retries, self.backoff, self.timeout = retries, backoff, timeout

    def hashes(self, names: Sequence[str]) -> dict[str, str]:
        """The content hash each of these article graphs holds on the endpoint (absent when it holds none)."""
        values = " ".join(str(ox.NamedNode(n)) for n in names)
        query = f"SELECT ?g ?hash WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?g <{IR.contentHash}> ?hash }} }}"
        body = urllib.parse.urlencode({"query": query}).encode()
        answer = self._send(
            self.query_url,
            "POST",
            body,
            {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"},
            "the hash query",
        )
        try:
            rows = json.loads(answer)["results"]["bindings"]
            return {row["g"]["value"]: row["hash"]["value"] for row in rows}
        except (ValueError, KeyError, TypeError) as err:
            raise error(f"{self.query_url}: not a SPARQL JSON result ({err})", Codes.SERVICE) from None

    def put(self, name: str, ntriples: bytes) -> None:
        """Replace the named graph ``name`` by these triples."""
        glue = "&" if urllib.parse.urlsplit(self.store_url).query else "?"
        url = f"{self.store_url}{glue}{urllib.parse.urlencode({'graph': name})}"
        self._send(url, "PUT", ntriples, {"Content-Type": "application/n-triples"}, f"article {name}")

    def _send(self, url: str, method: str, body: bytes, headers: dict[str, str], what: str) -> bytes:
        for attempt in range(self.retries + 1):
            request = urllib.request.Request(url, data=body, method=method, headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return response.read()
            except urllib.error.HTTPError as err:
                with err:  # an HTTPError holds the answer open
                    said = err.read().decode("utf-8", "replace").strip().splitlines()
                if err.code < 500:  # the endpoint refuses: trying again would not help
                    detail = f": {said[0][:200]}" if said else ""
                    raise error(
                        f"{self.store_url}: the endpoint refused {what}: {err.code} {err.reason}{detail}",
                        Codes.SERVICE,
                    ) from None
                problem: str = f"{err.code} {err.reason}"
            except (urllib.error.URLError, http.client.HTTPException, OSError) as err:
                reason = getattr(err, "reason", err)
                problem = str(reason) or type(err).__name__
            if attempt < self.retries:
                time.sleep(self.backoff * 2**attempt)
        raise error(
            f"{url}: no answer after {self.retries + 1} tries ({problem}); "
            "what was sent is kept: run kg push again to send the rest",
            Codes.SERVICE,
        )


def _open_source(source: str | Path) -> tuple[ox.Store, Store | None]:
    """The database to read article graphs from: a store's, or a quad file's loaded in memory."""
    path = Path(source)
    if path.is_dir():
        if not is_store(path):
            raise error(f"{path}: is a folder but not a kg store", Codes.BAD_GRAPH)
        store = Store.open(path, read_only=True)
        return store.db, store
    if not path.is_file():
        raise error(f"{path}: does not exist", Codes.MISSING)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt not in QUAD_FORMATS:
        raise error(
            f"{path}: has no named graphs; push a store folder, or a .nq or .trig file kg wrote "
            "(one named graph per article)",
            Codes.BAD_GRAPH,
        )
    db = ox.Store()
    try:
        db.bulk_load(path=str(path), format=OX_FORMATS[str(fmt)])
    except (SyntaxError, ValueError) as err:
        raise error(f"{path}: not valid {fmt}: {str(err).splitlines()[0]}", Codes.BAD_GRAPH) from None
    return db, None


def _articles(db: ox.Store) -> Iterator[tuple[str, str | None]]:
    found = db.query(_ARTICLES)
    assert isinstance(found, ox.QuerySolutions)
    for row in found:
        graph, hash_ = row["g"], row["hash"]
        if isinstance(graph, ox.NamedNode):
            yield graph.value, (hash_.value if hash_ is not None else None)


def _chunks(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def push_graphs(
    source: str | Path,
    to: str,
    query_url: str | None = None,
    retries: int = 5,
    backoff: float = 0.5,
    timeout: float = 120,
    chunk: int = 200,
    progress: bool = False,
    on_sent: Callable[[str], None] | None = None,
) -> PushReport:
    """Send each article graph of ``source`` whose content hash ``to`` does not hold already.

    Args:
        source: a store folder, or a ``.nq``/``.trig`` file with one named graph per article.
        to: the endpoint's SPARQL 1.1 Graph Store Protocol URL (Oxigraph: ``http://host:7878/store``).
        query_url: its SPARQL query URL (default: :func:`query_url_for`).
        retries, backoff: tries again after a connection error or a 5xx answer, waiting
            ``backoff`` seconds, then twice as long each time.
        timeout: seconds to wait for one answer.
        chunk: articles whose hashes are asked for in one query.
        progress: show a progress bar on a terminal.
        on_sent: called with each article graph's name once the endpoint took it.

    Returns:
        A :class:`PushReport`.
    """
    endpoint = _Endpoint(to, query_url or query_url_for(to), retries, backoff, timeout)
    db, store = _open_source(source)
    report = PushReport(to)
    bar = _progress(progress)
    try:
        for names in _chunks(_articles(db), chunk):
            held = endpoint.hashes([n for n, _ in names])
            for name, hash_ in names:
                if hash_ is not None and held.get(name) == hash_:
                    report.unchanged += 1
                else:
                    triples = [q.triple for q in db.quads_for_pattern(None, None, None, ox.NamedNode(name))]
                    endpoint.put(name, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"")
                    report.sent += 1
                    report.triples += len(triples)
                    if on_sent is not None:
                        on_sent(name)
                bar.update(1)
    finally:
        bar.close()
        if store is not None:
            store.close()
    return report


class _NoBar:
    def update(self, n: int) -> None: ...

    def close(self) -> None: ...


def _progress(enabled: bool) -> Any:
    if not enabled or not sys.stderr.isatty():
        return _NoBar()
    from tqdm import tqdm

    return tqdm(unit="article", desc="kg push", file=sys.stderr, dynamic_ncols=True)
