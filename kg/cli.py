"""The ``kg`` command line: thin commands, each calling one library function.

Run ``kg --help`` for the list; every command's help ends with an example.  Each command
imports the library it calls when it runs, so ``kg query`` or ``kg --help`` does not load
spaCy (the layers below import one another at module level).
"""

from __future__ import annotations

import re
import signal
import sys
import threading
from pathlib import Path

import click

from . import __version__
from .errors import KgError, ModelError, UsageError

# Exit codes (README, "Exit codes"): 0 all done; 1 nothing built, or a graph or store that
# cannot be read or written; 2 some articles skipped, or a wrong command line.
FAILED, SOME_SKIPPED, WRONG_USE = 1, 2, 2


def _fail(err: Exception) -> None:
    """Print ``err`` in one line and exit: 2 for what the command line got wrong, else 1."""
    message = err.args[0] if isinstance(err, KeyError) and err.args else err  # str(KeyError) adds quotes
    click.echo(f"kg: {message}", err=True)
    sys.exit(WRONG_USE if isinstance(err, (UsageError, ModelError)) else FAILED)


def _os_error(err: OSError, path: object = None) -> KgError:
    """An OSError (a disk that is full, a path that went away) as one line."""
    where = err.filename or path
    return KgError(f"{where}: {err.strerror or err}" if where else str(err.strerror or err))


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(signum)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """Build knowledge graphs of international relations from news articles."""


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="RDF file to write; the extension picks the format (.ttl .nt .jsonld .trig .nq).",
)
@click.option("--store", type=click.Path(path_type=Path), help="Persistent store folder to add the articles to.")
@click.option("--html", type=click.Path(path_type=Path), help="Also write an interactive HTML view here.")
@click.option(
    "--model", default=None, help="Installed spaCy pipeline to use (default: en_core_web_sm, else its re-upload)."
)
@click.option("--date", default=None, help="Date (YYYY-MM-DD) for articles that carry none.")
@click.option(
    "--gazetteer",
    "gazetteers",
    multiple=True,
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="Extra gazetteer JSONL file(s); entries override the built-in ones by id.",
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Worker processes (of a local Dask cluster too).",
)
@click.option(
    "--dask",
    "dask",
    is_flag=False,
    flag_value="local",
    default=None,
    metavar="[SCHEDULER]",
    help="Run spaCy on Dask (pip install 'kg[dask]'): alone, a local cluster of --workers processes; "
    "with an address (tcp://host:8786), that cluster.",
)
@click.option("--batch-size", default=64, show_default=True, type=click.IntRange(1, 10_000), help="Articles per batch.")
@click.option(
    "--batch-chars",
    default=250_000,
    show_default=True,
    type=click.IntRange(1_000),
    help="Characters per batch: a batch ends at --batch-size articles or this many characters.",
)
@click.option(
    "--chunk-chars",
    default=100_000,
    show_default=True,
    type=click.IntRange(1_000),
    help="Longer articles are processed in pieces of at most this many characters.",
)
@click.option(
    "--max-sentence-tokens",
    default=200,
    show_default=True,
    type=click.IntRange(0),
    help="Longer sentences are split (0: never).",
)
@click.option(
    "--time-limit",
    default=60.0,
    show_default=True,
    type=click.FloatRange(0, min_open=True),
    help="Seconds the pipeline may spend on an article (on each piece of a long one); past them it is skipped.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def build(
    inputs: tuple[Path, ...],
    output: Path | None,
    store: Path | None,
    html: Path | None,
    model: str | None,
    date: str | None,
    gazetteers: tuple[Path, ...],
    workers: int,
    dask: str | None,
    batch_size: int,
    batch_chars: int,
    chunk_chars: int,
    max_sentence_tokens: int,
    time_limit: float,
    quiet: bool,
) -> None:
    """Build a graph from articles (.txt, .json, .jsonl files or folders).

    Exits with 0 when every article was built, 2 when some were skipped or the command
    line is wrong, 1 when nothing was built; Ctrl-C stops it, keeping what a store holds.

    Example: kg build data/articles -o graph.ttl --html graph.html
    """
    from .build import build_graph
    from .pipeline import Limits

    if output is None and store is None:
        raise click.UsageError("give -o OUT or --store DIR")
    if dask is not None and dask != "local" and not re.match(r"^(\w+://)?[\w.-]+:\d+$", dask):
        raise click.UsageError(
            f"--dask takes a scheduler address such as tcp://host:8786, not {dask!r} (put --dask after the inputs)"
        )
    limits = Limits(chunk_chars, max_sentence_tokens, time_limit, batch_chars)
    # SIGTERM like Ctrl-C: stop the workers, keep what is stored (where signals can be set)
    previous = signal.signal(signal.SIGTERM, _stop) if threading.current_thread() is threading.main_thread() else None
    try:
        report = build_graph(
            list(inputs),
            output=output,
            store=store,
            html=html,
            model=model,
            date=date,
            gazetteers=list(gazetteers),
            workers=workers,
            dask=(True if dask == "local" else dask),
            batch_size=batch_size,
            progress=not quiet,
            on_error=lambda e: click.echo(f"kg: {e}", err=True),
            limits=limits,
        )
    except KgError as e:
        _fail(e)
    except OSError as e:
        _fail(_os_error(e))
    except KeyboardInterrupt as e:
        signum = e.args[0] if e.args and isinstance(e.args[0], int) else signal.SIGINT
        kept = f"; the store keeps the articles written before ({store})" if store else "; nothing written"
        click.echo(f"kg: interrupted by {signal.Signals(signum).name}{kept}", err=True)
        sys.exit(128 + signum)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    if not quiet:
        click.echo(report.summary())
    if report.failed and not report.built:
        sys.exit(FAILED)
    if report.failed:
        sys.exit(SOME_SKIPPED)


# ---- views and queries (render, dyad, query, stats, export) ---------------------------------


# Not click's exists=True: kg's own check says what is wrong in one line (kg.load.load_graph).
_graph_argument = click.argument("graph", type=click.Path(path_type=Path))


def _list_queries(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from .query import saved_queries

    for name, saved in saved_queries().items():
        click.echo(f"{name}\n  {saved.description}")
        for param, doc in saved.params.items():
            click.echo(f"  --param {param}=...{' (optional)' if param in saved.optional else ''}  {doc}")
    ctx.exit(0)


@main.command()
@_graph_argument
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="HTML file to write.")
@click.option("--title", default=None, help="Page title (default: the output file's name).")
@click.option(
    "--size-by",
    type=click.Choice(["degree", "betweenness", "pagerank"]),
    default="degree",
    show_default=True,
    help="What node size shows; also how actors are ranked for --top.",
)
@click.option(
    "--top",
    type=click.IntRange(0),
    default=None,
    help="Open on the N best-ranked actors (default: 150 above 300 actors, else all; 0: all).",
)
@click.option("--focus", metavar="ACTOR", default=None, help="Open on the neighbourhood of ACTOR (a name or IRI).")
@click.option(
    "--hops", type=click.IntRange(1, 2), default=1, show_default=True, help="Radius of the --focus neighbourhood."
)
@click.option("--states", is_flag=True, help="Open on the states view: people and bodies folded into their states.")
def render(
    graph: Path,
    output: Path,
    title: str | None,
    size_by: str,
    top: int | None,
    focus: str | None,
    hops: int,
    states: bool,
) -> None:
    """Write an interactive HTML view of GRAPH: one file that works offline.

    GRAPH is an RDF file kg wrote (.ttl .nt .jsonld .trig .nq) or a store folder. Large
    graphs open on their best-connected actors; the page can show more, fold people into
    their states, and show an actor's neighbourhood.

    Example: kg render graph.ttl -o graph.html --focus Japan --hops 2
    """
    from .files import check_writable
    from .render import render_html

    try:
        path = render_html(
            graph,
            check_writable(output, "HTML view"),
            title=title,
            size_by=size_by,
            top=top,
            focus=focus,
            hops=hops,
            states=states,
        )
    except (KgError, ValueError, KeyError) as e:
        _fail(e)
    except OSError as e:
        _fail(_os_error(e, graph))
    click.echo(f"wrote {path}")


@main.command()
@_graph_argument
@click.argument("a")
@click.argument("b")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="HTML file to write the timeline to (default: print it as text).",
)
@click.option(
    "--people", is_flag=True, help="States include their leaders, officials and bodies (at each claim's date)."
)
@click.option("--title", default=None, help="Page title (default: 'A – B').")
def dyad(graph: Path, a: str, b: str, output: Path | None, people: bool, title: str | None) -> None:
    """Show how the relations between actors A and B moved over time: claims per month by
    quad class, the summed Goldstein weight, and the sentences, newest first.

    Example: kg dyad graph.ttl "United States" Japan --people -o dyad.html
    """
    try:
        if output is None:
            from .analysis import dyad as dyad_of

            click.echo(str(dyad_of(graph, a, b, people=people)))
            return
        from .render import render_dyad

        path = render_dyad(graph, a, b, output, people=people, title=title)
    except (KgError, ValueError, KeyError) as e:
        _fail(e)
    click.echo(f"wrote {path}")


@main.command()
@click.argument("graph")
@click.argument("query", required=False)
@click.option("-n", "--name", default=None, help="Run a saved query by name (see --list).")
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    help="Bind ?KEY to VALUE (an entity name, IRI, CURIE, date or literal); repeatable.",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--list",
    "list_queries",
    is_flag=True,
    is_eager=True,
    expose_value=False,
    callback=_list_queries,
    help="List the saved queries and their parameters, then exit.",
)
@click.option(
    "--allow-service",
    is_flag=True,
    help="Run SERVICE clauses, which send requests to the servers they name (refused by default).",
)
def query(
    graph: str, query: str | None, name: str | None, params: tuple[str, ...], fmt: str, allow_service: bool
) -> None:
    """Run a SPARQL query over GRAPH and print the result.

    GRAPH is an RDF file kg wrote, a store folder, or the URL of a SPARQL endpoint (any
    SPARQL 1.1 server: kg serve, Oxigraph, Fuseki, GraphDB, QLever). QUERY is SPARQL text or
    a .rq file; --name runs a saved query instead. Values given with --param are bound as
    RDF terms, never pasted into the query; entity names are looked up where the graph is.
    Only SELECT and ASK run: UPDATE is refused, and so is SERVICE unless --allow-service is
    given.

    Example: kg query graph.ttl --name who-criticized --param actor="North Korea"

    Example: kg query http://127.0.0.1:7878/query -n most-active -p limit=10
    """
    from .query import run_query

    if (query is None) == (name is None):
        raise click.UsageError("give either QUERY (SPARQL text or a .rq file) or --name NAME")
    bindings = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise click.UsageError(f"--param takes KEY=VALUE, not {item!r}")
        bindings[key.strip()] = value
    try:
        result = run_query(graph, name or query or "", bindings, allow_service=allow_service)
    except KgError as e:
        _fail(e)
    except OSError as e:
        _fail(_os_error(e, graph))
    output = {"table": result.to_table, "csv": result.to_csv, "json": result.to_json}[fmt]()
    click.echo(output.rstrip("\n"))


@main.command()
@_graph_argument
@click.option("--top", default=5, show_default=True, type=click.IntRange(1, 1000), help="How many top actors.")
def stats(graph: Path, top: int) -> None:
    """Print the main figures of GRAPH: actors, relations, classes, quad classes, dates,
    structural balance and the best-connected actors.

    Example: kg stats graph.ttl
    """
    from .analysis import graph_summary

    try:
        click.echo(str(graph_summary(graph, top=top)))
    except KgError as e:
        _fail(e)
    except OSError as e:
        _fail(_os_error(e, graph))


@main.command()
@_graph_argument
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="File to write: .graphml or .gexf (for Gephi), or RDF (.ttl .nt .jsonld .trig .nq .rdf .n3).",
)
@click.option("--claims", is_flag=True, help="Also export claims that are not facts, as edges with factual=false.")
def export(graph: Path, output: Path, claims: bool) -> None:
    """Export GRAPH as a network for Gephi and other tools (GraphML or GEXF), or as RDF.

    For GraphML and GEXF, nodes are entities, edges are relations with their quad class,
    Goldstein weight, claim count, dates and evidence. RDF formats get the graph itself:
    .nq and .trig keep one named graph per article (from a store, or a .nq or .trig file).

    Example: kg export graph.ttl -o graph.graphml
    """
    from .analysis import export_graph
    from .files import check_writable
    from .load import export_rdf
    from .rdf import FORMATS

    suffix = output.suffix.lower()
    if suffix not in FORMATS and suffix not in (".graphml", ".gexf"):
        rdf = ", ".join(sorted(FORMATS))
        raise click.UsageError(f"{output}: unsupported export format {output.suffix!r}; use .graphml, .gexf or {rdf}")
    try:
        if suffix in FORMATS:
            if claims:
                raise click.UsageError("--claims is for .graphml and .gexf; RDF keeps every claim")
            path = export_rdf(graph, output)
        else:
            path = export_graph(graph, check_writable(output, "export"), claims=claims)
    except (KgError, ValueError) as e:
        _fail(e)
    except OSError as e:
        _fail(_os_error(e, output))
    click.echo(f"wrote {path}")


# ---- sharing (serve, push) -------------------------------------------------------------


@main.command()
@click.argument("store", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: every one).")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option(
    "--read-write",
    is_flag=True,
    help="Also accept SPARQL updates and Graph Store Protocol writes (a write can break the store's merged graph).",
)
def serve(store: Path, host: str, port: int, read_write: bool) -> None:
    """Serve STORE (a kg build --store folder) as a SPARQL 1.1 endpoint until Ctrl-C.

    Runs the Oxigraph server on the store's database, read-only unless --read-write. Stop
    any build writing the store first.

    Example: kg serve out/store --port 7878
    """
    from .share import serve_store

    if read_write:
        click.echo(
            "kg: warning: serving read-write: an update that is not one of whole article graphs "
            "leaves the store's merged default graph unequal to its article graphs",
            err=True,
        )

    def announce(server) -> None:  # type: ignore[no-untyped-def]
        click.echo(f"SPARQL endpoint: {server.query_url}")
        if read_write:
            click.echo(f"updates: {server.update_url}  graph store: {server.store_url}")
        click.echo("Ctrl-C stops it.")

    try:
        code = serve_store(store, host=host, port=port, read_write=read_write, announce=announce)
    except KgError as e:
        _fail(e)
    sys.exit(code)


@main.command()
@click.argument("source", type=click.Path(path_type=Path, exists=True))
@click.option(
    "--to",
    "to",
    required=True,
    metavar="URL",
    help="SPARQL 1.1 Graph Store Protocol URL (Oxigraph: http://host:7878/store).",
)
@click.option(
    "--query-url",
    default=None,
    metavar="URL",
    help="The endpoint's SPARQL query URL, asked which content hashes it holds (default: /store -> /query).",
)
@click.option(
    "--retries",
    default=5,
    show_default=True,
    type=click.IntRange(0, 100),
    help="Tries again on 5xx and connection errors.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def push(source: Path, to: str, query_url: str | None, retries: int, quiet: bool) -> None:
    """Upload SOURCE (a store folder, or a .nq/.trig file kg wrote) to a SPARQL endpoint, one named graph per article.

    Only articles whose content hash the endpoint does not hold are sent (HTTP PUT, so a
    rerun replaces and never duplicates); rerun it after an interruption to send the rest.

    Example: kg push out/store --to http://localhost:7878/store
    """
    from .share import push_graphs

    try:
        report = push_graphs(source, to, query_url=query_url, retries=retries, progress=not quiet)
    except KgError as e:
        _fail(e)
    if not quiet:
        click.echo(report.summary())
