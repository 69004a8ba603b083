"""Sharing the graph over HTTP, against real server processes on loopback: ``kg serve`` (the
Oxigraph server on a store) queried with SPARQLWrapper, ``kg query URL``, and ``kg push`` to a
writable Oxigraph server (idempotent, resumable, retrying).  No model: the store holds the
golden graph of ``data/articles``, or hand-made article graphs."""

from __future__ import annotations

import contextlib
import http.server
import json
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from SPARQLWrapper import JSON, POST, SPARQLWrapper

from kg.cli import main
from kg.errors import KgError
from kg.query import bind_parameters, run_query, saved_queries, saved_query, to_term
from kg.rdf import PREFIXES, article_graph
from kg.records import Article, Claim, Entity
from kg.share import oxigraph_command, push_graphs, query_url_for, start_server
from kg.store import Store, open_store

GOLDEN = Path(__file__).parent / "golden" / "articles.nq"

# Every saved query, with parameters that give rows on the golden graph (names in any case,
# an alternative label, a CURIE, a date), and one name with a quote that must stay a literal.
SAVED_PARAMS = [
    ("who-criticized", {"actor": "Russia"}),
    ("allies-and-adversaries", {"actor": "russia"}),
    ("treaty-parties", {"treaty": "a treaty with parties"}),  # one of the golden graph's: see treaty_with_parties
    ("non-factual-claims", {}),
    ("non-factual-claims", {"modality": "Hypothetical"}),
    ("meetings-visits", {"start": "2023-01-01", "end": "2024-12-31"}),
    ("relations-with-evidence", {"actor": "Washington"}),
    ("relations-with-evidence", {"actor": "kgid:state/IND"}),
    ("most-active", {"limit": "5"}),
    ("who-criticized", {"actor": 'Rus"sia } ; DROP ALL'}),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_listening(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server stopped"
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.05)
    pytest.fail(f"nothing listens on port {port}")


def listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def store_of_golden(path: Path) -> Path:
    """A store holding the golden graph: its article graphs, and their merge as the default graph."""
    quads = list(ox.parse(path=str(GOLDEN), format=ox.RdfFormat.N_QUADS))
    with Store.open(path) as store:
        store.db.extend(quads + [ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads])
    return path


@pytest.fixture(scope="module")
def golden_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return store_of_golden(tmp_path_factory.mktemp("golden") / "store")


@pytest.fixture(scope="module")
def treaty_with_parties(golden_store: Path) -> str:
    """The label of a treaty that the golden graph gives parties (it changes as extraction does)."""
    found = run_query(
        golden_store,
        "SELECT ?label WHERE { VALUES ?p { ir:partyTo ir:signs } ?c rdf:predicate ?p ; rdf:object ?t ; "
        "ir:modality ir:Asserted ; ir:polarity ir:Positive . ?t a ir:Treaty ; rdfs:label ?label } "
        "ORDER BY ?label LIMIT 1",
    )
    assert found.rows, "the golden graph has no treaty with a party"
    return str(found.rows[0][0])


def resolved(params: dict[str, str], treaty: str) -> dict[str, str]:
    return {k: (treaty if v == "a treaty with parties" else v) for k, v in params.items()}


@pytest.fixture(scope="module")
def server(golden_store: Path) -> Iterator:
    with start_server(golden_store, port=free_port()) as running:
        yield running


def sparqlwrapper_records(url: str, name: str, params: dict[str, str], store: Path) -> list[dict]:
    """A saved query run by SPARQLWrapper, with its parameters bound as kg binds them on a store."""
    params = dict(params)
    limit = params.pop("limit", None)
    terms = {k: to_term(v, open_store(store)) for k, v in params.items()}
    text = saved_query(name).text
    text = bind_parameters(text, terms) if terms else text
    client = SPARQLWrapper(url)
    client.setMethod(POST)
    client.setQuery("".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items()) + text)
    client.setReturnFormat(JSON)
    data = client.query().convert()
    assert isinstance(data, dict)
    columns = data["head"]["vars"]
    rows = [{c: b[c]["value"] if c in b else None for c in columns} for b in data["results"]["bindings"]]
    return rows[: int(limit)] if limit is not None else rows


# ---- kg serve ---------------------------------------------------------------------------


def test_every_saved_query_is_covered() -> None:
    assert {name for name, _ in SAVED_PARAMS} == set(saved_queries())


@pytest.mark.parametrize(("name", "params"), SAVED_PARAMS)
def test_the_endpoint_gives_the_rows_kg_query_gives(
    server, golden_store: Path, treaty_with_parties: str, name: str, params: dict
) -> None:
    params = resolved(params, treaty_with_parties)
    expected = run_query(golden_store, name, params).records()
    assert sparqlwrapper_records(server.query_url, name, params, golden_store) == expected


def test_saved_queries_find_rows_on_the_golden_graph(golden_store: Path, treaty_with_parties: str) -> None:
    found = {n for n, p in SAVED_PARAMS if len(run_query(golden_store, n, resolved(p, treaty_with_parties)))}
    assert found == set(saved_queries())


@pytest.mark.parametrize(("name", "params"), SAVED_PARAMS)
def test_kg_query_on_an_endpoint_gives_the_rows_it_gives_on_the_store(
    server, golden_store: Path, treaty_with_parties: str, name: str, params: dict
) -> None:
    params = resolved(params, treaty_with_parties)
    assert run_query(server.query_url, name, params).records() == run_query(golden_store, name, params).records()


def test_the_query_command_takes_an_endpoint(server, golden_store: Path) -> None:
    runner = CliRunner()
    args = ["-n", "who-criticized", "-p", "actor=russia", "-f", "csv"]
    remote = runner.invoke(main, ["query", server.query_url, *args])
    local = runner.invoke(main, ["query", str(golden_store), *args])
    assert remote.exit_code == 0, remote.output
    assert remote.output == local.output and len(remote.output.splitlines()) > 1
    text = runner.invoke(main, ["query", server.query_url, "ASK { ?a a ir:Article }", "-f", "csv"])
    assert text.exit_code == 0 and text.output.splitlines() == ["ask", "true"]


def test_endpoint_errors_are_one_line(server) -> None:
    runner = CliRunner()
    bad = runner.invoke(main, ["query", server.query_url, "SELECT ?x WHERE { ?x"])
    assert bad.exit_code == 1
    assert bad.output.startswith(f"kg: {server.query_url}: 400") and bad.output.count("\n") == 1
    closed = f"http://127.0.0.1:{free_port()}/query"
    gone = runner.invoke(main, ["query", closed, "-n", "most-active"])
    assert gone.exit_code == 1
    assert gone.output.startswith(f"kg: {closed}: cannot reach the SPARQL endpoint") and "[E018]" in gone.output
    missing = runner.invoke(main, ["query", "no/such/graph.ttl", "-n", "most-active"])
    assert missing.exit_code == 1 and "does not exist [E001]" in missing.output


def test_the_endpoint_is_read_only(server) -> None:
    request = urllib.request.Request(
        server.update_url,
        data=urllib.parse.urlencode({"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}).encode(),
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert 400 <= refused.value.code < 500
    refused.value.close()


def test_serve_refuses_what_it_cannot_serve(tmp_path: Path, golden_store: Path, server) -> None:
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "x.txt").write_text("x")
    with pytest.raises(KgError, match="not a kg store"):
        start_server(tmp_path / "plain", port=free_port())
    taken = urllib.parse.urlsplit(server.url).port
    with pytest.raises(KgError, match=rf"127.0.0.1:{taken}: cannot listen there .*pick another --port \[E018\]"):
        start_server(golden_store, port=taken)
    busy = store_of_golden(tmp_path / "busy")
    with Store.open(busy), pytest.raises(KgError, match="another kg build"):  # a build holds it
        start_server(busy, port=free_port())


def test_the_server_is_the_version_of_pyoxigraph() -> None:
    version = subprocess.run([oxigraph_command(), "--version"], capture_output=True, text=True).stdout.split()[-1]
    assert version.split(".")[:2] == ox.__version__.split(".")[:2]


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux's /proc")
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_serve_command_prints_the_url_and_stops_cleanly(golden_store: Path, stop: int) -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", str(golden_store), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline().strip()
        assert first == f"SPARQL endpoint: http://127.0.0.1:{port}/query"
        client = SPARQLWrapper(first.split(": ", 1)[1])
        client.setQuery("ASK { ?a a <https://w3id.org/kg-ir/ontology#Article> }")
        client.setReturnFormat(JSON)
        assert client.query().convert()["boolean"] is True
        [oxigraph] = children(process.pid)
        process.send_signal(stop)
        assert process.wait(30) == 0
        assert process.stderr is not None and process.stderr.read() == ""
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()  # and close the pipes
    assert not Path(f"/proc/{oxigraph}").exists(), "the Oxigraph server outlived kg serve"
    assert not listening(port)


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux's /proc")
def test_read_write_warns_and_takes_updates(tmp_path: Path) -> None:
    store = store_of_golden(tmp_path / "s")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", str(store), "--port", str(port), "--read-write"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.readline().strip() == f"SPARQL endpoint: http://127.0.0.1:{port}/query"
        warning = process.stderr.readline()
        assert warning.startswith("kg: warning: serving read-write")
        update = urllib.parse.urlencode({"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}).encode()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/update", data=update, timeout=10) as answer:
            assert answer.status in (200, 204)
        process.send_signal(signal.SIGINT)
        assert process.wait(30) == 0
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()  # and close the pipes
    with Store.open(store, read_only=True) as s:
        assert list(s.db.quads_for_pattern(ox.NamedNode("urn:a"), None, None))


# ---- kg push ----------------------------------------------------------------------------

FRANCE = Entity("state/FRA", "State", "France", "Q142")
RUSSIA = Entity("state/RUS", "State", "Russia", "Q159")
GERMANY = Entity("state/DEU", "State", "Germany", "Q183")
COUNT_NAMED = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
COUNT_GRAPHS = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def news(i: int, text: str | None = None) -> tuple[Article, bytes]:
    text = text or f"France criticized Russia in report {i}."
    a = Article(id=f"report-{i}", text=text, title=f"Report {i}", content_hash=f"hash-{i}-{len(text)}")
    target = GERMANY if "Germany" in text else RUSSIA
    claim = Claim("state/FRA", "criticizes", target.key, 0, len(text), text, "criticized", "test", 0.8)
    return a, article_graph(a, [FRANCE, target], [claim], {}).serialize(format="nt", encoding="utf-8")


def news_store(path: Path, n: int) -> Path:
    with Store.open(path) as store:
        store.add_articles([news(i) for i in range(n)])
    return path


@contextlib.contextmanager
def oxigraph(location: Path, port: int) -> Iterator[subprocess.Popen]:
    """A writable Oxigraph server (not a kg store: an endpoint such as a team runs)."""
    process = subprocess.Popen(
        [oxigraph_command(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_listening(port, process)
        yield process
    finally:
        process.kill()
        process.wait()


def ask(port: int, query: str) -> int:
    body = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/query", data=body, headers={"Accept": "application/sparql-results+json"}
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return int(json.loads(answer.read())["results"]["bindings"][0]["n"]["value"])


def graph_on(port: int, name: str) -> set[str]:
    with urllib.request.urlopen(
        f"http://127.0.0.1:{port}/store?{urllib.parse.urlencode({'graph': name})}", timeout=10
    ) as answer:
        return {line for line in answer.read().decode().splitlines() if line.strip()}


def graph_in(store: Path, name: str) -> set[str]:
    with Store.open(store, read_only=True) as s:
        triples = [q.triple for q in s.db.quads_for_pattern(None, None, None, ox.NamedNode(name))]
    return set(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode().splitlines())


def quads_in(store: Path) -> int:
    with Store.open(store, read_only=True) as s:
        return sum(1 for _ in s.quads())


def test_push_is_idempotent_and_replaces_only_what_changed(tmp_path: Path) -> None:
    store = news_store(tmp_path / "s", 12)
    port = free_port()
    to = f"http://127.0.0.1:{port}/store"
    with oxigraph(tmp_path / "endpoint", port):
        first = push_graphs(store, to)
        assert (first.sent, first.unchanged) == (12, 0) and first.triples == quads_in(store)
        assert ask(port, COUNT_GRAPHS) == 12 and ask(port, COUNT_NAMED) == quads_in(store)

        sent: list[str] = []
        again = push_graphs(store, to, on_sent=sent.append)
        assert (again.sent, again.unchanged, sent) == (0, 12, [])
        assert ask(port, COUNT_NAMED) == quads_in(store)

        with Store.open(store) as s:  # the text of one article changed: a build replaces it
            s.add_articles([news(3, "France criticized Germany in report 3, and Russia again.")])
        changed = push_graphs(store, to, on_sent=sent.append)
        name = "https://w3id.org/kg-ir/id/article/report-3"
        assert (changed.sent, changed.unchanged, sent) == (1, 11, [name])
        assert graph_on(port, name) == graph_in(store, name)
        assert any("state/DEU" in t for t in graph_on(port, name))
        assert ask(port, COUNT_GRAPHS) == 12 and ask(port, COUNT_NAMED) == quads_in(store)


def test_a_push_stopped_with_the_server_ends_complete_when_rerun(tmp_path: Path) -> None:
    store = news_store(tmp_path / "s", 40)
    port = free_port()
    to = f"http://127.0.0.1:{port}/store"
    with oxigraph(tmp_path / "endpoint", port) as server:

        def stop_after_ten(name: str, sent: list[str] = []) -> None:  # noqa: B006
            sent.append(name)
            if len(sent) == 10:
                server.kill()
                server.wait()

        with pytest.raises(KgError, match=r"no answer after 3 tries .*run kg push again to send the rest \[E018\]"):
            push_graphs(store, to, retries=2, backoff=0.05, chunk=15, on_sent=stop_after_ten)
    with oxigraph(tmp_path / "endpoint", port):
        assert ask(port, COUNT_GRAPHS) == 10
        rerun = push_graphs(store, to)
        assert (rerun.sent, rerun.unchanged) == (30, 10)
        assert ask(port, COUNT_GRAPHS) == 40 and ask(port, COUNT_NAMED) == quads_in(store)


def test_push_a_quad_file_and_refuse_one_without_named_graphs(tmp_path: Path) -> None:
    store = news_store(tmp_path / "s", 5)
    from kg.store import export_store

    nq, ttl = export_store(store, tmp_path / "g.nq"), export_store(store, tmp_path / "g.ttl")
    port = free_port()
    with oxigraph(tmp_path / "endpoint", port):
        report = push_graphs(nq, f"http://127.0.0.1:{port}/store")
        assert report.sent == 5 and ask(port, COUNT_NAMED) == quads_in(store)
        assert push_graphs(store, f"http://127.0.0.1:{port}/store").unchanged == 5  # the same articles
    with pytest.raises(KgError, match=r"g.ttl: has no named graphs"):
        push_graphs(ttl, "http://127.0.0.1:1/store")


def test_push_stops_on_a_refusal_with_one_line(tmp_path: Path, server) -> None:
    store = news_store(tmp_path / "s", 2)
    runner = CliRunner()
    refused = runner.invoke(main, ["push", str(store), "--to", server.store_url])  # the server is read-only
    assert refused.exit_code == 1
    assert refused.output.startswith(f"kg: {server.store_url}: the endpoint refused article ")
    assert refused.output.count("\n") == 1 and "[E018]" in refused.output
    unknown = runner.invoke(main, ["push", str(store), "--to", "http://127.0.0.1:1/graphs"])
    assert unknown.exit_code == 1 and "give it with --query-url" in unknown.output


class Flaky(http.server.BaseHTTPRequestHandler):
    """A Graph Store Protocol endpoint that answers 503 to every other PUT, and holds no hash."""

    puts: list[str] = []
    failures = 0

    def do_POST(self) -> None:  # the hash query
        self.rfile.read(int(self.headers["Content-Length"]))
        body = json.dumps({"head": {"vars": ["g", "hash"]}, "results": {"bindings": []}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_PUT(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        if Flaky.failures % 2 == 0:
            Flaky.failures += 1
            self.send_response(503)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        Flaky.failures += 1
        Flaky.puts.append(urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)["graph"][0])
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None: ...


def test_push_retries_on_server_errors(tmp_path: Path) -> None:
    store = news_store(tmp_path / "s", 3)
    Flaky.puts, Flaky.failures = [], 0
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Flaky)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        report = push_graphs(store, f"http://127.0.0.1:{httpd.server_address[1]}/store", backoff=0.01)
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert report.sent == 3 and Flaky.failures == 6
    assert sorted(Flaky.puts) == [f"https://w3id.org/kg-ir/id/article/report-{i}" for i in range(3)]


def test_push_command(tmp_path: Path) -> None:
    store = news_store(tmp_path / "s", 4)
    port = free_port()
    with oxigraph(tmp_path / "endpoint", port):
        result = CliRunner().invoke(main, ["push", str(store), "--to", f"http://127.0.0.1:{port}/store"])
        assert result.exit_code == 0, result.output
        assert result.output.startswith("sent 4 articles (") and "0 unchanged" in result.output
        again = CliRunner().invoke(main, ["push", str(store), "--to", f"http://127.0.0.1:{port}/store", "-q"])
        assert again.exit_code == 0 and again.output == ""


def test_query_url_beside_a_graph_store_url() -> None:
    assert query_url_for("http://h:7878/store") == "http://h:7878/query"
    assert query_url_for("https://h/fuseki/news/data") == "https://h/fuseki/news/query"
    assert query_url_for("http://h:7200/repositories/news/rdf-graphs/service") == "http://h:7200/repositories/news"
    with pytest.raises(KgError, match="--query-url"):
        query_url_for("http://h/graphs")
