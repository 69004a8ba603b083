"""The commands that share a store: serve, push."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import KgError
from .app import _fail, main

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
    from ..share import serve_store

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
    from ..share import push_graphs

    try:
        report = push_graphs(source, to, query_url=query_url, retries=retries, progress=not quiet)
    except KgError as e:
        _fail(e)
    if not quiet:
        click.echo(report.summary())
