"""Read articles from text, JSON and JSON-lines files and folders.

A bad file or record becomes an :class:`~kg.errors.InputError` in the stream instead of
an exception, so one bad record never costs the rest of a batch.  Text that no output
format can write (lone surrogates, control characters) is replaced here, once, by
U+FFFD, which keeps every character offset (:func:`clean_text`).  Each article's id is
unique in a run: a second record with the same id is reported and skipped.

>>> from pathlib import Path; import tempfile
>>> p = Path(tempfile.mkdtemp()) / "a.txt"
>>> _ = p.write_text("Talks Resume\\nSeoul, June 5 (Yonhap) The two Koreas met.\\n")
>>> a = next(read_articles([p], default_date="2025-01-01"))
>>> a.title, a.date.isoformat(), a.source, a.place
('Talks Resume', '2025-06-05', 'Yonhap', 'Seoul')
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePath
from typing import Any

from .dates import parse_date
from .errors import Codes, InputError, InputWarning
from .files import MAX_BYTES, is_regular, read_lines, read_text
from .layout import first_line_runs_on, segment, unwrap
from .records import Article

__all__ = [
    "read_articles",
    "article_from_record",
    "article_from_text",
    "clean_text",
    "parse_date",
    "chunk_bounds",
    "count_articles",
    "SUFFIXES",
    "MAX_BYTES",
]

SUFFIXES = (".txt", ".json", ".jsonl")
# What no output can carry: C0 controls but tab, newline and CR; DEL and C1 controls; lone
# surrogates (JSON's "\\ud800"), which UTF-8 cannot encode; U+FFFE and U+FFFF, not XML.
_UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """``text`` with what no output format can write replaced by U+FFFD, one for one.

    Lone surrogates and control characters other than tab, newline and carriage return
    become U+FFFD, so the length and every offset stay the same.

    >>> clean_text("France\\x00 criticized \\ud800Russia\\t.") == "France\\ufffd criticized \\ufffdRussia\\t."
    True
    """
    return _UNWRITABLE.sub("\ufffd", text) if _UNWRITABLE.search(text) else text


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

    Every string goes through :func:`clean_text`, so any output format can write the article.
    A text of one line has no headline.  A text wrapped at a fixed width has its line
    breaks inside paragraphs made spaces (:func:`~kg.layout.unwrap`): every offset stays.

    >>> a = article_from_text("Macron urged China to act.", "x", title="Macron Urges China")
    >>> a.text.splitlines()[0], [s.kind for s in a.segments]
    ('Macron Urges China', ['headline', 'body'])
    """
    text = clean_text(text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", ""))
    if title:
        title = " ".join(clean_text(title).split())
    if title:
        first = next((x.strip() for x in text.splitlines() if x.strip()), "")
        if " ".join(first.split()) != title:
            text = f"{title}\n\n{text}"
        headline_first = True
    else:
        lines = [x.strip() for x in text.splitlines()]
        filled = [x for x in lines if x]
        first = filled[0] if filled else ""
        after = lines[lines.index(first) + 1] if first and lines.index(first) + 1 < len(lines) else ""
        headline_first = (
            len(filled) > 1  # a text of one line is a body: a record holding one sentence
            and (first[-1] not in '.!"”' or len(first.split()) <= 14)
            and len(first) < 200
            and not after[:1].islower()  # no headline runs on into a lower-case line: a wrapped sentence
            and not first_line_runs_on(text)
        )
        title = first if headline_first else None
    text = unwrap(text, skip_first=headline_first)
    segs, found = segment(text, headline_first)
    return Article(
        id=clean_text(id),
        text=text,
        title=title,
        date=_resolve_date(date, found.get("date")),
        source=clean_text(source) if source else found.get("source"),
        url=clean_text(url) if url else None,
        place=found.get("place"),
        origin=clean_text(origin) if origin else None,
        segments=segs,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest()[:16],
    )


def article_from_record(
    record: Any,
    where: str,
    line: int | None = None,
    default_date: dt.date | None = None,
    fallback_id: str = "article",
    warnings: list[InputWarning] | None = None,
) -> Article:
    """Build an :class:`Article` from a JSON object with ``text`` and optional metadata.

    A ``date`` that :func:`~kg.dates.parse_date` refuses raises, unless a ``warnings``
    list is given: then the error goes there and the article is read without the date.

    >>> notes = []
    >>> a = article_from_record({"text": "Peru met Chile.", "date": 20240101}, "f.jsonl", 2, warnings=notes)
    >>> a.date, notes[0].code
    (None, 'E008')
    """
    if not isinstance(record, dict):
        raise InputError(where, f'expected a JSON object with "text", got {type(record).__name__}', line)
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError(where, 'record has no "text" string', line, Codes.BAD_RECORD)
    if not text.strip():
        raise InputError(where, "record's text is empty", line, Codes.EMPTY)
    for k in ("id", "title", "source", "url"):
        value = record.get(k)
        if value is not None and (not isinstance(value, (str, int)) or isinstance(value, bool)):
            raise InputError(where, f"record's {k!r} must be a string", line, Codes.BAD_RECORD)
    try:
        date = parse_date(record.get("date"), where, line) or default_date
    except InputError as e:
        if warnings is None:
            raise
        warnings.append(InputWarning(where, f"{e.problem}; read without it", line, Codes.BAD_DATE))
        date = default_date
    rid = str(record["id"]) if str(record.get("id") or "").strip() else fallback_id
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


# ---- files -----------------------------------------------------------------------------


class _Ids:
    """Where each id of a run was first read, to report a second record with the same id."""

    def __init__(self) -> None:
        self.files: list[str] = []
        self.first: dict[str, tuple[int, int | None]] = {}

    def check(self, article: Article, where: str, line: int | None) -> InputError | None:
        """None the first time an id is seen, else the error that names both places."""
        if not self.files or self.files[-1] != where:
            self.files.append(where)
        seen = self.first.get(article.id)
        if seen is None:
            self.first[article.id] = (len(self.files) - 1, line)
            return None
        place = self.files[seen[0]] + (f":{seen[1]}" if seen[1] else "")
        problem = f"duplicate id {article.id!r}, first read from {place}; skipped"
        return InputError(where, problem, line, Codes.DUPLICATE_ID)


def _read_file(
    path: Path, default_date: dt.date | None, base: str, ids: _Ids, max_bytes: int = MAX_BYTES
) -> Iterator[Article | InputError]:
    """The articles of one file; ``base`` is its id when it gives none (its path under the input root)."""
    where = str(path)
    if not path.exists() and not path.is_symlink():
        yield InputError(where, "file does not exist", code=Codes.MISSING)
        return
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        problem = f"unsupported file type {path.suffix or '(none)'!r}; use .txt, .json or .jsonl"
        yield InputError(where, problem, code=Codes.UNSUPPORTED)
        return
    if suffix == ".jsonl":
        try:
            for n, line in read_lines(path, max_bytes):
                if isinstance(line, InputError):
                    yield line
                    continue
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as e:
                    yield InputError(where, f"not valid JSON: {e.msg} (column {e.colno})", n, Codes.BAD_JSON)
                    continue
                yield from _record(rec, where, n, default_date, f"{base}-{n}", ids)
        except InputError as e:
            yield e
        return
    try:
        text = read_text(path, max_bytes)
    except InputError as e:
        yield e
        return
    if suffix == ".txt":
        article = article_from_text(text, base, date=default_date, origin=where)
        yield ids.check(article, where, None) or article
        return
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        yield InputError(where, f"not valid JSON: {e.msg} (line {e.lineno}, column {e.colno})", code=Codes.BAD_JSON)
        return
    records = data if isinstance(data, list) else [data]
    for i, rec in enumerate(records):
        yield from _record(rec, where, None, default_date, base if len(records) == 1 else f"{base}-{i + 1}", ids)


def _record(
    rec: Any, where: str, line: int | None, default_date: dt.date | None, fallback: str, ids: _Ids
) -> Iterator[Article | InputError]:
    """One JSON record: its article, after any warnings; or one error."""
    warnings: list[InputWarning] = []
    try:
        article = article_from_record(rec, where, line, default_date, fallback, warnings)
    except InputError as e:
        yield e
        return
    duplicate = ids.check(article, where, line)
    if duplicate:
        yield duplicate
        return
    yield from warnings
    yield article


def _files(folder: Path) -> list[Path]:
    """The article files under ``folder``, by path; special files are kept, to be reported."""
    return sorted(f for f in folder.rglob("*") if f.suffix.lower() in SUFFIXES and not f.is_dir())


def _base_id(path: Path, root: Path | None) -> str:
    """The id of an article file that gives none: its path under ``root`` without the suffix."""
    if root is None:
        return path.stem
    rel = PurePath(path.relative_to(root))
    return rel.with_name(rel.stem).as_posix()


def read_articles(
    paths: Iterable[str | Path], default_date: str | dt.date | None = None, max_bytes: int = MAX_BYTES
) -> Iterator[Article | InputError]:
    """Yield an :class:`Article` per readable article, an :class:`InputError` per bad file or record.

    Folders are read recursively, in sorted order, keeping ``.txt``, ``.json`` and ``.jsonl``
    files.  An article without an id takes its file's path under the folder it was found
    in (``asia/report``), or the file's name when the file was given itself.  A second
    record with an id already read in this call is reported (``E014``) and skipped.  Files
    that are not regular files (FIFOs, devices) and files, or JSON lines, over
    ``max_bytes`` are reported and skipped.  A record's date that cannot be read is
    reported by an :class:`~kg.errors.InputWarning` (``E008``) just before its article,
    which is read without it; a bad ``default_date`` raises.
    """
    when = parse_date(default_date, "--date") if default_date else None
    ids = _Ids()
    for p in map(Path, paths):
        if p.is_dir():
            files = _files(p)
            if not files:
                yield InputError(str(p), "folder holds no .txt, .json or .jsonl files", code=Codes.EMPTY)
            for f in files:
                yield from _read_file(f, when, _base_id(f, p), ids, max_bytes)
        else:
            yield from _read_file(p, when, _base_id(p, None), ids, max_bytes)


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
        files = _files(p) if p.is_dir() else [p]
        for f in files:
            if not is_regular(f):  # a FIFO or a device is reported when it is read, never read here
                continue
            if f.suffix.lower() == ".jsonl":
                with f.open("rb") as lines:
                    total += sum(1 for line in lines if line.strip())
            else:
                total += 1
    return total


def chunk_bounds(article: Article, max_chars: int) -> list[tuple[int, int]]:
    """``(start, end)`` offsets cutting ``article.text`` into pieces of at most ``max_chars``.

    Cuts fall between segments (paragraphs, headlines, bullets) where it can, else after
    the last sentence end (``. ``, ``! ``, ``? ``), else at the last space, else anywhere.
    Together the pieces hold every segment; offsets in a piece plus its ``start`` are
    offsets in the article.

    >>> a = article_from_text("Talks Resume\\nFrance met Peru. Chile met Mali.\\nKenya met Chad.", "x")
    >>> [a.text[s:e] for s, e in chunk_bounds(a, 45)]
    ['Talks Resume\\nFrance met Peru. Chile met Mali.', 'Kenya met Chad.']
    >>> [a.text[s:e] for s, e in chunk_bounds(a, 20)]
    ['Talks Resume', 'France met Peru. ', 'Chile met Mali.', 'Kenya met Chad.']
    """
    if max_chars < 1:
        raise ValueError("max_chars must be positive")
    out: list[tuple[int, int]] = []
    start = end = None
    for seg in article.segments:
        s, e = seg.start, seg.end
        if start is not None and end is not None and e - start > max_chars:
            out.append((start, end))
            start = None
        if start is None:
            start = s
        while e - start > max_chars:
            cut = _cut(article.text, start, start + max_chars)
            out.append((start, cut))
            start = cut
        end = e
    if start is not None and end is not None and end > start:
        out.append((start, end))
    return out


_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+")


def _cut(text: str, start: int, limit: int) -> int:
    """The best place to cut ``text[start:limit]``: after a sentence, else a space, else ``limit``."""
    window = text[start:limit]
    ends = [m.end() for m in _SENTENCE_END.finditer(window)]
    if ends and ends[-1] > len(window) // 4:
        return start + ends[-1]
    space = max(window.rfind(" "), window.rfind("\n"))
    return start + space + 1 if space > len(window) // 4 else limit
