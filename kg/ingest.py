"""Read articles from text, JSON and JSON-lines files and folders.

A bad file or record becomes an :class:`~kg.errors.InputError` in the stream instead of
an exception, so one bad record never costs the rest of a batch.

>>> from pathlib import Path; import tempfile
>>> p = Path(tempfile.mkdtemp()) / "a.txt"
>>> _ = p.write_text("Talks Resume\\nSeoul, June 5 (Yonhap) The two Koreas met.\\n")
>>> a = next(read_articles([p], default_date="2025-01-01"))
>>> a.title, a.date.isoformat(), a.source, a.place
('Talks Resume', '2025-06-05', 'Yonhap', 'Seoul')
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .errors import InputError
from .records import Article, Segment

__all__ = ["read_articles", "article_from_record", "article_from_text", "count_articles", "SUFFIXES"]

SUFFIXES = (".txt", ".json", ".jsonl")
MONTHS = [m.lower() for m in calendar.month_name if m]
_MONTH_RE = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# "Seoul, June 5 (NationPress)" or "PARIS, Jan. 3, 2024 (AFP) -"
DATELINE = re.compile(
    rf"^(?P<place>[A-Z][\w.'’ -]{{1,40}}?),\s+(?P<month>{_MONTH_RE})\s+(?P<day>\d{{1,2}})(?:,\s*(?P<year>\d{{4}}))?"
    r"\s*(?:\((?P<source>[^()\n]{2,40})\))?\s*[-–—:]*\s*"
)
# "WASHINGTON (Reuters) -"
DATELINE_CAPS = re.compile(r"^(?P<place>[A-Z][A-Z .'-]{2,30})\s*\((?P<source>[^()\n]{2,30})\)\s*[-–—:]+\s*")
# Wikinews: "Friday, January 4, 2019"
DAY_LINE = re.compile(
    r"^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),\s+(?P<month>[A-Z][a-z]+)\s+(?P<day>\d{1,2}),\s+(?P<year>\d{4})\s*$"
)
BULLET = re.compile(r"^\s*(?:[-*•–·]|\d{1,2}[.)])\s+")
HEADINGS = {
    "synopsis",
    "key takeaways",
    "takeaways",
    "highlights",
    "summary",
    "background",
    "related",
    "key points",
    "in brief",
    "what to know",
}


def _month(name: str) -> int:
    name = name.lower().rstrip(".")
    return next(i for i, m in enumerate(MONTHS, 1) if m.startswith(name[:3]))


def parse_date(value: Any, where: str, line: int | None = None) -> dt.date | None:
    """Parse an ISO date (``YYYY-MM-DD``, also with a time part); None stays None."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise InputError(where, f"bad date {value!r}, expected YYYY-MM-DD", line) from None


def _is_heading(line: str) -> bool:
    s = line.strip()
    if s.lower().rstrip(":") in HEADINGS:
        return True
    words = s.split()
    return 0 < len(words) <= 6 and s[-1] not in '.!?"”’:;,' and sum(w[:1].isupper() for w in words) == len(words)


def segment(text: str, headline_first: bool) -> tuple[tuple[Segment, ...], dict[str, Any]]:
    """Split ``text`` into segments and read what its dateline says.

    Returns the segments and a dict with any ``place``, ``source``, ``date`` (a
    ``(year|None, month, day)`` tuple) found in a dateline.
    """
    segs: list[Segment] = []
    found: dict[str, Any] = {}
    pos, first = 0, True
    for raw in text.splitlines(keepends=True):
        start, line = pos, raw.rstrip("\r\n")
        pos += len(raw)
        if not line.strip():
            continue
        lead = len(line) - len(line.lstrip())
        s, e = start + lead, start + len(line.rstrip())
        if first and headline_first:
            segs.append(Segment("headline", s, e))
        elif (m := DAY_LINE.match(line.strip())) and not found.get("date"):
            segs.append(Segment("dateline", s, e))
            found["date"] = (int(m["year"]), _month(m["month"]), int(m["day"]))
        elif BULLET.match(line):
            segs.append(Segment("bullet", s, e))
        elif _is_heading(line):
            segs.append(Segment("heading", s, e))
        else:
            m = DATELINE.match(line.lstrip()) or DATELINE_CAPS.match(line.lstrip())
            if m and "dateline" not in found:
                found["dateline"] = True
                found["place"] = m["place"].strip().title() if m["place"].isupper() else m["place"].strip()
                if m["source"]:
                    found["source"] = m["source"].strip()
                if "month" in m.groupdict() and m["month"]:
                    year = int(m["year"]) if m["year"] else None
                    found["date"] = (year, _month(m["month"]), int(m["day"]))
                segs.append(Segment("dateline", s, s + len(m.group(0).rstrip())))
                s = s + len(m.group(0))
            if s < e:
                segs.append(Segment("body", s, e))
        first = False
    return tuple(segs), found


def _resolve_date(given: dt.date | None, found: tuple[int | None, int, int] | None) -> dt.date | None:
    if found is None:
        return given
    year, month, day = found
    if year is None:
        if given is None:
            return None
        year = given.year
        # A dateline month after the article's month belongs to the year before.
        if (month, day) > (given.month, given.day) and month - given.month > 6:
            year -= 1
    try:
        return dt.date(year, month, day)
    except ValueError:
        return given


def article_from_text(
    text: str,
    id: str,
    *,
    title: str | None = None,
    date: dt.date | None = None,
    source: str | None = None,
    url: str | None = None,
    origin: str | None = None,
) -> Article:
    """Build an :class:`Article` from text; the first line is the headline unless a title is given.

    >>> a = article_from_text("Macron urged China to act.", "x", title="Macron Urges China")
    >>> a.text.splitlines()[0], [s.kind for s in a.segments]
    ('Macron Urges China', ['headline', 'body'])
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    if title:
        title = " ".join(title.split())
        first = next((x.strip() for x in text.splitlines() if x.strip()), "")
        if " ".join(first.split()) != title:
            text = f"{title}\n\n{text}"
        headline_first = True
    else:
        first = next((x.strip() for x in text.splitlines() if x.strip()), "")
        headline_first = bool(first) and (first[-1] not in '.!"”' or len(first.split()) <= 14) and len(first) < 200
        title = first if headline_first else None
    segs, found = segment(text, headline_first)
    return Article(
        id=id,
        text=text,
        title=title,
        date=_resolve_date(date, found.get("date")),
        source=source or found.get("source"),
        url=url,
        place=found.get("place"),
        origin=origin,
        segments=segs,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest()[:16],
    )


def article_from_record(
    record: Any, where: str, line: int | None = None, default_date: dt.date | None = None, fallback_id: str = "article"
) -> Article:
    """Build an :class:`Article` from a JSON object with ``text`` and optional metadata."""
    if not isinstance(record, dict):
        raise InputError(where, f'expected a JSON object with "text", got {type(record).__name__}', line)
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError(where, 'record has no "text" string', line)
    if not text.strip():
        raise InputError(where, "record's text is empty", line)
    for k in ("id", "title", "source", "url"):
        if record.get(k) is not None and not isinstance(record[k], (str, int)):
            raise InputError(where, f"record's {k!r} must be a string", line)
    date = parse_date(record.get("date"), where, line) or default_date
    rid = str(record["id"]) if record.get("id") not in (None, "") else fallback_id
    meta = {k: str(record[k]) if record.get(k) not in (None, "") else None for k in ("title", "source", "url")}
    return article_from_text(
        text,
        rid,
        title=meta["title"],
        date=date,
        source=meta["source"],
        url=meta["url"],
        origin=f"{where}:{line}" if line else where,
    )


def _read_text(path: Path) -> str:
    where = str(path)
    if not path.exists():
        raise InputError(where, "file does not exist")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(where, f"file cannot be read: {e.strerror or e}") from None
    if not data.strip():
        raise InputError(where, "file is empty")
    if b"\x00" in data[:8192]:
        raise InputError(where, "file looks binary, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(where, f"file is not UTF-8 text (bad byte at offset {e.start})") from None


def _read_file(path: Path, default_date: dt.date | None) -> Iterator[Article | InputError]:
    where = str(path)
    suffix = path.suffix.lower()
    if not path.exists():
        yield InputError(where, "file does not exist")
        return
    if suffix not in SUFFIXES:
        yield InputError(where, f"unsupported file type {path.suffix or '(none)'!r}; use .txt, .json or .jsonl")
        return
    try:
        text = _read_text(path)
    except InputError as e:
        yield e
        return
    if suffix == ".txt":
        yield article_from_text(text, path.stem, date=default_date, origin=where)
        return
    if suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            yield InputError(where, f"not valid JSON: {e.msg} (line {e.lineno}, column {e.colno})")
            return
        records = data if isinstance(data, list) else [data]
        for i, rec in enumerate(records):
            try:
                yield article_from_record(
                    rec,
                    where,
                    None,
                    default_date,
                    fallback_id=path.stem if len(records) == 1 else f"{path.stem}-{i + 1}",
                )
            except InputError as e:
                yield e
        return
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            yield InputError(where, f"not valid JSON: {e.msg} (column {e.colno})", n)
            continue
        try:
            yield article_from_record(rec, where, n, default_date, fallback_id=f"{path.stem}-{n}")
        except InputError as e:
            yield e


def read_articles(
    paths: Iterable[str | Path], default_date: str | dt.date | None = None
) -> Iterator[Article | InputError]:
    """Yield an :class:`Article` per readable article, an :class:`InputError` per bad file or record.

    Folders are read recursively, in sorted order, keeping ``.txt``, ``.json`` and ``.jsonl`` files.
    """
    when = parse_date(default_date, "--date") if default_date else None
    for p in map(Path, paths):
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
            if not files:
                yield InputError(str(p), "folder holds no .txt, .json or .jsonl files", code="E006")
            for f in files:
                yield from _read_file(f, when)
        else:
            yield from _read_file(p, when)


def count_articles(inputs: Iterable[str | Path]) -> int:
    """How many articles ``inputs`` hold, cheaply (for a progress bar): lines of JSONL files, one per other file.

    >>> from pathlib import Path; import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "a.jsonl"
    >>> _ = p.write_text('{"text": "a"}\\n\\n{"text": "b"}\\n')
    >>> count_articles([p])
    2
    """
    total = 0
    for p in map(Path, inputs):
        files = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES) if p.is_dir() else [p]
        for f in files:
            if f.suffix.lower() == ".jsonl" and f.is_file():
                with f.open("rb") as lines:
                    total += sum(1 for line in lines if line.strip())
            elif f.is_file():
                total += 1
    return total
