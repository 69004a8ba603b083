"""The ``kg`` command group and what its commands share: exit codes and one-line errors."""

from __future__ import annotations

import sys

import click

from .. import __version__
from ..errors import KgError, ModelError, UsageError

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
