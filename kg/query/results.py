"""Query results as tables, CSV and JSON (:class:`QueryResult`).

>>> from rdflib import Literal
>>> print(QueryResult(("name",), ((Literal("France"),),)).to_csv().strip())
name
France
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from rdflib import URIRef

from ..rdf import PREFIXES

__all__ = ["QueryResult"]


def _show(term: Any) -> str:
    return "" if term is None else str(term)


def _compact(term: Any) -> str:
    """An IRI as a CURIE where a known prefix fits (for tables), else the plain value."""
    if isinstance(term, URIRef):
        text = str(term)
        for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
            if text.startswith(namespace) and len(text) > len(namespace):
                return f"{prefix}:{text[len(namespace) :]}"
    return _show(term)


@dataclass(frozen=True)
class QueryResult:
    """The rows of a SELECT query (or an ASK's one boolean row), as rdflib terms."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    query: str = "query"

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def records(self) -> list[dict[str, str | None]]:
        """The rows as dicts of plain strings (None where a variable is unbound)."""
        return [
            {c: (None if v is None else str(v)) for c, v in zip(self.columns, row, strict=True)} for row in self.rows
        ]

    def to_table(self, width: int = 60) -> str:
        """A plain-text table; cells longer than ``width`` are cut with an ellipsis."""

        def cut(text: str) -> str:
            text = " ".join(text.split())
            return text if len(text) <= width else text[: width - 1] + "…"

        cells = [[cut(_compact(v)) for v in row] for row in self.rows]
        sizes = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(self.columns)]
        lines = [
            "  ".join(c.ljust(s) for c, s in zip(self.columns, sizes, strict=True)).rstrip(),
            "  ".join("-" * s for s in sizes),
        ]
        lines += ["  ".join(c.ljust(s) for c, s in zip(row, sizes, strict=True)).rstrip() for row in cells]
        lines.append(f"({len(self.rows)} row{'s' if len(self.rows) != 1 else ''})")
        return "\n".join(lines)

    def to_csv(self) -> str:
        """CSV with a header row; IRIs and literals as plain text, unbound as empty."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows([_show(v) for v in row] for row in self.rows)
        return out.getvalue()

    def to_json(self) -> str:
        """A JSON array of objects, one a row, column -> string or null."""
        return json.dumps(self.records(), ensure_ascii=False, indent=2)

    def __str__(self) -> str:
        return self.to_table()

    def _repr_html_(self) -> str:
        head = "".join(f"<th>{html.escape(c)}</th>" for c in self.columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(_compact(v))}</td>" for v in row) + "</tr>" for row in self.rows
        )
        caption = f"{html.escape(self.query)}: {len(self.rows)} row{'s' if len(self.rows) != 1 else ''}"
        return (
            f'<table class="kg-query"><caption>{caption}</caption><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>"
        )
