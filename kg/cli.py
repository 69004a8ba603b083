"""The ``kg`` command line: thin commands, each calling one library function.

Run ``kg --help`` for the list; every command's help ends with an example.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .errors import KgError


def _fail(err: Exception) -> None:
    click.echo(f"kg: {err}", err=True)
    sys.exit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """Build knowledge graphs of international relations from news articles."""


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="RDF file to write; the extension picks the format (.ttl .nt .jsonld .trig .nq).")
@click.option("--store", type=click.Path(path_type=Path), help="Persistent store folder to add the articles to.")
@click.option("--html", type=click.Path(path_type=Path), help="Also write an interactive HTML view here.")
@click.option("--model", default=None, help="Installed spaCy pipeline to use (default: en_core_web_sm, else its re-upload).")
@click.option("--date", default=None, help="Date (YYYY-MM-DD) for articles that carry none.")
@click.option("--gazetteer", "gazetteers", multiple=True, type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="Extra gazetteer JSONL file(s); entries override the built-in ones by id.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Worker processes.")
@click.option("--batch-size", default=64, show_default=True, type=click.IntRange(1, 10_000), help="Articles per batch.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def build(inputs: tuple[Path, ...], output: Path | None, store: Path | None, html: Path | None, model: str | None,
          date: str | None, gazetteers: tuple[Path, ...], workers: int, batch_size: int, quiet: bool) -> None:
    """Build a graph from articles (.txt, .json, .jsonl files or folders).

    Example: kg build data/articles -o graph.ttl --html graph.html
    """
    from .build import build_graph

    if output is None and store is None:
        raise click.UsageError("give -o OUT or --store DIR")
    try:
        report = build_graph(list(inputs), output=output, store=store, html=html, model=model, date=date,
                             gazetteers=list(gazetteers), workers=workers, batch_size=batch_size,
                             progress=not quiet, on_error=lambda e: click.echo(f"kg: {e}", err=True))
    except KgError as e:
        _fail(e)
    if not quiet:
        click.echo(report.summary())
    if report.failed and not report.built:
        sys.exit(1)
    if report.failed:
        sys.exit(2)


# ---- views and queries (render, query, stats, export) ---------------------------------
