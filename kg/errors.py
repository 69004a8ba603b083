"""Coded errors and warnings, in one place.

Every error a user can cause names the file (and line) and the problem in one line.

>>> str(InputError("a.json", "not valid JSON: Expecting value", line=3))
'a.json:3: not valid JSON: Expecting value [E003]'
"""

from __future__ import annotations

__all__ = ["KgError", "InputError", "InputWarning", "ModelError", "UsageError", "Codes", "error"]


class Codes:
    """Error codes; the number never changes once released."""

    MISSING = "E001"
    UNREADABLE = "E002"
    BAD_JSON = "E003"
    NOT_UTF8 = "E004"
    BINARY = "E005"
    EMPTY = "E006"
    BAD_RECORD = "E007"
    BAD_DATE = "E008"
    UNSUPPORTED = "E009"
    NO_MODEL = "E010"
    BAD_OUTPUT = "E011"
    BAD_QUERY = "E012"
    BAD_GRAPH = "E013"
    DUPLICATE_ID = "E014"
    TOO_LARGE = "E015"
    NOT_A_FILE = "E016"
    EXTRACTION = "E017"
    SERVICE = "E018"  # a service kg works with: a Dask scheduler, a SPARQL endpoint, the Oxigraph server
    TIME_LIMIT = "E019"
    LONG_TEXT = "E020"
    LONG_SENTENCE = "E021"


# Checked in order; "unsupported" first, as its message quotes the file's extension.
_CODES = {
    "unsupported": Codes.UNSUPPORTED,
    "does not exist": Codes.MISSING,
    "cannot be read": Codes.UNREADABLE,
    "not valid JSON": Codes.BAD_JSON,
    "not UTF-8": Codes.NOT_UTF8,
    "binary": Codes.BINARY,
    "empty": Codes.EMPTY,
    "date": Codes.BAD_DATE,
}


class KgError(Exception):
    """Base class of kg's own errors; ``str()`` is the one-line message shown to users."""

    code = "E000"


class InputError(KgError):
    """An input file or record that kg cannot read."""

    def __init__(self, path: str, problem: str, line: int | None = None, code: str | None = None):
        self.path, self.problem, self.line = path, problem, line
        self.code = code or next((c for k, c in _CODES.items() if k in problem), Codes.BAD_RECORD)
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {problem} [{self.code}]")

    def __reduce__(self) -> tuple:
        # Errors travel from worker processes (a process pool, a Dask cluster) in pickles,
        # which rebuild an exception from its arguments.
        return (type(self), (self.path, self.problem, self.line, self.code))


class InputWarning(InputError):
    """Part of a record that kg left out (a date it cannot read); the article itself is read.

    :func:`kg.ingest.read_articles` yields it just before that article.
    """


class ModelError(KgError):
    """No usable spaCy pipeline; the command line exits with 2."""

    code = Codes.NO_MODEL


class UsageError(KgError):
    """A value the user gave that kg cannot use (an option, an output path that cannot be
    written); found before any work, and the command line exits with 2."""


def error(problem: str, code: str, kind: type[KgError] = KgError) -> KgError:
    """A :class:`KgError` (or ``kind``) whose message is ``problem`` followed by its code.

    >>> str(error("out.xyz: unsupported output extension", Codes.BAD_OUTPUT))
    'out.xyz: unsupported output extension [E011]'
    """
    err = kind(f"{problem} [{code}]")
    err.code = code
    return err
