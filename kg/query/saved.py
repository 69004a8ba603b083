"""Saved queries: the ``.rq`` files shipped in ``kg/queries/``, each with a header comment.

A saved query's header comment says what it does and names its parameters, one
``# param NAME: what it is`` line each (``# param NAME (optional): ...`` for optional
ones).

>>> saved_query("SELECT ?s WHERE { ?s ?p ?o }").name
'query'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import Codes, error

__all__ = ["SavedQuery", "saved_queries", "saved_query"]

_PARAM_LINE = re.compile(r"^#\s*param\s+(?P<name>\w+)\s*(?P<opt>\(optional\))?\s*:\s*(?P<doc>.*)$")


@dataclass(frozen=True)
class SavedQuery:
    """A ``.rq`` file: its text and the parameters its header comment declares."""

    name: str
    text: str
    description: str
    params: Mapping[str, str] = field(default_factory=dict)  # name -> description
    optional: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, name: str, text: str) -> SavedQuery:
        description, params, optional = [], {}, set()
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            match = _PARAM_LINE.match(line)
            if match:
                params[match["name"]] = match["doc"].strip()
                if match["opt"]:
                    optional.add(match["name"])
            else:
                description.append(line.lstrip("#").strip())
        return cls(name, text, " ".join(d for d in description if d), params, frozenset(optional))


def _query_files() -> dict[str, Any]:
    folder = resources.files("kg") / "queries"
    return {entry.name[:-3]: entry for entry in folder.iterdir() if entry.name.endswith(".rq")}


def saved_queries() -> dict[str, SavedQuery]:
    """The saved queries shipped with ``kg``, by name.

    Example:
        >>> "who-criticized" in saved_queries()
        True
        >>> saved_queries()["who-criticized"].params
        {'actor': 'the actor who was criticized (label, alternative label, IRI or CURIE)'}
    """
    return {
        name: SavedQuery.parse(name, entry.read_text(encoding="utf-8"))
        for name, entry in sorted(_query_files().items())
    }


def saved_query(query: str) -> SavedQuery:
    """A query from a saved name, a ``.rq`` file path, or SPARQL text."""
    files = _query_files()
    if query in files:
        return SavedQuery.parse(query, files[query].read_text(encoding="utf-8"))
    if "\n" not in query and query.strip().endswith(".rq"):
        path = Path(query.strip())
        if not path.is_file():
            raise error(f"{query}: no such query file", Codes.MISSING)
        return SavedQuery.parse(path.stem, path.read_text(encoding="utf-8"))
    if re.fullmatch(r"[\w-]+", query.strip()):
        raise error(f"no saved query named {query!r}; saved queries: {', '.join(sorted(files))}", Codes.BAD_QUERY)
    return SavedQuery.parse("query", query)
