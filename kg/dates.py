"""Article dates in the formats news comes in, read strictly.

One function, :func:`parse_date`, reads the ``date`` of a record and the ``--date``
option.  It accepts ISO 8601 calendar dates (``2024-03-01``, also with a time and a
zone), and dates that name their month in English with a day and a four-digit year:
RFC 2822 (``Tue, 26 Feb 1987 15:01:01 GMT``), ``26-FEB-1987 15:01:01.79``,
``February 26, 1987`` and ``26 February 1987``.  It refuses what it would have to guess:
trailing text, ISO week and ordinal dates, bare numbers, two-digit years, all-numeric
dates other than ISO (``03/04/2024`` is March or April), and dates without a day.

Only the date is kept, as written: a time and a zone are checked, not applied, so
``2024-01-01T23:30:00-05:00`` is 2024-01-01 (the date where the article was dated).

>>> parse_date("26-FEB-1987 15:01:01.79", "x.jsonl", 3)
datetime.date(1987, 2, 26)
>>> parse_date("2024-W01-1", "x", 3)
Traceback (most recent call last):
kg.errors.InputError: x:3: bad date '2024-W01-1', expected a date such as 2024-02-26 or 26 February 2024 [E008]
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .errors import Codes, InputError

__all__ = ["parse_date"]

_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9].*)?", re.ASCII | re.DOTALL)
_MONTH = re.compile(
    r"(?<![a-z])(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-z])",
    re.IGNORECASE | re.ASCII,
)
_YEAR = re.compile(r"(?<![0-9])[0-9]{4}(?![0-9])")
# A control character ends the date: what follows is another field.  Reuters-21578 writes
# "27-MAR-1987 00:03:35.68&#5;&#5;&#5;F", the SGML escape of U+0005 before a code letter.
_SEPARATOR = re.compile(r"[\x00-\x1f\x7f-\x9f]|&#(?:[0-9]+|x[0-9a-f]+);", re.IGNORECASE)
_MAX_LEN = 80
_EXPECTED = "expected a date such as 2024-02-26 or 26 February 2024"


def _is_control_reference(ref: str) -> bool:
    code = int(ref[3:-1], 16) if ref[2] in "xX" else int(ref[2:-1])
    return code < 0x20 or 0x7F <= code <= 0x9F


def _date_text(value: str) -> str:
    """``value`` up to its first control character, or character reference to one."""
    for m in _SEPARATOR.finditer(value):
        if len(m.group()) == 1 or _is_control_reference(m.group()):
            return value[: m.start()]
    return value


def _named_month(text: str) -> dt.date | None:
    """A date with an English month name, a day and a four-digit year; None if it is not one."""
    from dateutil import parser

    if not _MONTH.search(text) or not (years := set(_YEAR.findall(text))):
        return None
    try:
        a = parser.parse(text, default=dt.datetime(2001, 1, 1), ignoretz=True)
        # A field the text does not give takes the default: parse again with another to tell.
        if (a.year == 2001 or a.month == 1 or a.day == 1) and a != parser.parse(
            text, default=dt.datetime(2002, 2, 2), ignoretz=True
        ):
            return None
    except (ValueError, OverflowError):
        return None
    return a.date() if f"{a.year:04d}" in years else None


def parse_date(value: Any, where: str, line: int | None = None) -> dt.date | None:
    """Read an article date strictly; ``None`` and ``""`` give None.

    Raises :class:`~kg.errors.InputError` (``E008``, naming ``where`` and ``line``) for
    anything else that is not a date in one of the accepted forms, JSON numbers included.

    >>> [parse_date(s, "--date") for s in ("2024-03-01T09:00:00Z", "Tue, 26 Feb 1987 15:01:01 GMT")]
    [datetime.date(2024, 3, 1), datetime.date(1987, 2, 26)]
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    shown = repr(value) if len(repr(value)) <= _MAX_LEN else repr(value)[: _MAX_LEN - 1] + "…"
    if not isinstance(value, str):
        raise InputError(where, f"bad date {shown}: a date must be a string, {_EXPECTED}", line, Codes.BAD_DATE)
    text = " ".join(_date_text(value).split())
    date = None
    if len(text) <= _MAX_LEN:
        if _ISO.fullmatch(text):
            try:
                date = dt.date.fromisoformat(text[:10])
                if len(text) > 10:
                    dt.datetime.fromisoformat(text)  # the time and zone must be valid too
            except ValueError:
                date = None
        else:
            date = _named_month(text)
    if date is None:
        raise InputError(where, f"bad date {shown}, {_EXPECTED}", line, Codes.BAD_DATE)
    return date
