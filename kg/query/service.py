"""Refuse federated queries: a ``SERVICE`` clause makes the query engine send an HTTP request
to any address the query names, from the machine kg runs on.

A query is read as SPARQL tokens (strings, IRIs and comments set aside), so the word in
a literal, an IRI, a comment or a variable name is not a clause.

>>> has_service('SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }')
True
>>> has_service('SELECT ?service WHERE { ?s ir:sentence "the SERVICE resumed" } # SERVICE')
False
"""

from __future__ import annotations

import re

from ..errors import Codes, error

__all__ = ["has_service", "refuse_service"]

# Leftmost first: a comment that holds a quote, or a string that holds a "#", is taken whole.
_NOT_CODE = re.compile(
    r"'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*",
    re.DOTALL,
)
# The keyword, not a variable (?service), a prefixed name (ex:service, service:x) or part of a word.
_SERVICE = re.compile(r"(?<![\w?$:.\-])SERVICE(?![\w:\-])", re.IGNORECASE)


def has_service(query: str) -> bool:
    """Whether the SPARQL text ``query`` has a ``SERVICE`` clause."""
    return bool(_SERVICE.search(_NOT_CODE.sub(" ", query)))


def refuse_service(query: str, name: str) -> None:
    """A one-line error if ``query`` (called ``name``) has a ``SERVICE`` clause."""
    if has_service(query):
        raise error(
            f"{name}: SERVICE clauses are refused: they make kg send requests to other servers; "
            "give --allow-service (allow_service=True) to run them",
            Codes.BAD_QUERY,
        )
