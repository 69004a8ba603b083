"""The commands that read a graph: render, dyad, query, stats, export."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import KgError
from .app import _fail, _os_error, main

# ---- views and queries (render, dyad, query, stats, export) ---------------------------------


# Not click's exists=True: kg's own check says what is wrong in one line (kg.load.load_graph).
_graph_argument = click.argument("graph", type=click.Path(path_type=Path))


def _list_queries(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from ..query import saved_queries

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
    from ..files import check_writable
    from ..render import render_html

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
            from ..analysis import dyad as dyad_of

            click.echo(str(dyad_of(graph, a, b, people=people)))
            return
        from ..render import render_dyad

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
    from ..query import run_query

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
    from ..analysis import graph_summary

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
    from ..analysis import export_graph
    from ..files import check_writable
    from ..load import export_rdf
    from ..rdf import FORMATS

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
