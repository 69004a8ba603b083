"""The ``kg`` command line: thin commands, each calling one library function.

Run ``kg --help`` for the list; every command's help ends with an example.  Each command
imports the library it calls when it runs, so ``kg query`` or ``kg --help`` does not load
spaCy (the layers below import one another at module level).
"""

from . import building, sharing, views  # noqa: F401  (each registers its commands on the group)
from .app import main

__all__ = ["main"]
