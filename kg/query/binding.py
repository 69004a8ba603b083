"""Parameters bound in the query text: a ``VALUES`` block at the start of the WHERE clause.

Oxigraph (and a remote SPARQL endpoint) takes no rdflib ``initBindings``: pyoxigraph's
``substitutions`` take only projected variables and join them in afterwards, so a FILTER
such as ``!BOUND(?actor) || ?s = ?actor`` would not see them.  Writing the bound term into
the query as ``VALUES`` binds it before the rest of the WHERE clause, FILTERs and
OPTIONALs included, as rdflib's ``initBindings`` do.  The term is written by pyoxigraph,
so a literal is escaped and cannot change the query.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pyoxigraph as ox

from ..errors import Codes, error
from .terms import to_ox

__all__ = ["bind_parameters", "PARAMETER"]

PARAMETER = ox.NamedNode("urn:kg:parameter")  # the function that gives a query its bound blank nodes


def bind_parameters(sparql: str, terms: Mapping[str, Any]) -> str:
    """Bind each variable of ``terms`` at the start of the query's WHERE clause.

    Terms are rdflib or pyoxigraph terms.  An IRI or a literal becomes ``VALUES ?name { term }``,
    written by pyoxigraph (so a literal is escaped and cannot change the query), which lets
    the store look the term up by index; a blank node, which SPARQL cannot write, becomes
    ``BIND(<urn:kg:parameter>("name") AS ?name)``, a function :func:`kg.query.query_store`
    gives the term to.

    >>> print(bind_parameters('SELECT ?x WHERE { ?x <p> ?y }', {"y": ox.Literal('a "b"')}))
    SELECT ?x WHERE { VALUES ?y { "a \\"b\\"" } ?x <p> ?y }
    """
    clauses = []
    for name, term in ((name, to_ox(term)) for name, term in terms.items()):
        if not name.isidentifier():
            raise error(f"bad parameter name {name!r}", Codes.BAD_QUERY)
        if isinstance(term, (ox.NamedNode, ox.Literal)):
            clauses.append(f"VALUES ?{name} {{ {term} }}")
        else:
            clauses.append(f'BIND(<{PARAMETER.value}>("{name}") AS ?{name})')
    at = _where_brace(sparql)
    return f"{sparql[: at + 1]} {' '.join(clauses)}{sparql[at + 1 :]}"


def _outside(text: str) -> Iterator[int]:
    """Indexes of the characters of a query outside comments, strings and IRIs."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            i = text.find("\n", i)
            i = n if i < 0 else i
        elif c in "\"'":
            quote = c * 3 if text.startswith(c * 3, i) else c
            i += len(quote)
            while i < n and not text.startswith(quote, i):
                i += 2 if text[i] == "\\" else 1
            i += len(quote) - 1
        elif c == "<" and (end := text.find(">", i)) > 0 and not any(x.isspace() for x in text[i:end]):
            i = end
        else:
            yield i
        i += 1


def _where_brace(text: str) -> int:
    """Index of the ``{`` that opens the query's WHERE clause (the first ``{`` if WHERE is left out)."""
    first, after_where = None, False
    for i in _outside(text):
        if text[i] == "{":
            if after_where:
                return i
            first = i if first is None else first
        elif (
            text[i : i + 5].upper() == "WHERE"
            and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "?$_:"))
            and not (text[i + 5 : i + 6].isalnum() or text[i + 5 : i + 6] == "_")
        ):
            after_where = True
    if first is None or after_where:
        raise error("cannot find the query's WHERE clause to bind parameters", Codes.BAD_QUERY)
    return first
