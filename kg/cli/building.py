"""``kg build``: articles in, a graph file or store out."""

from __future__ import annotations

import re
import signal
import sys
import threading
from pathlib import Path

import click

from ..errors import KgError
from .app import FAILED, SOME_SKIPPED, _fail, _os_error, _stop, main


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
    from ..build import build_graph
    from ..pipeline import Limits

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
