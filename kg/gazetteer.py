"""The actor gazetteer: states, organizations, people with offices, forums, treaties, places.

Entries are data files (JSONL) in ``data/gazetteer/``; see its README for the fields.

>>> gaz = load_gazetteer()
>>> gaz.entry("PRK").label
'North Korea'
>>> [e.label for e in gaz.holders("President", "FRA", "2025-06-05")]
['Emmanuel Macron']
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .errors import InputError

__all__ = [
    "Office",
    "Entry",
    "Gazetteer",
    "load_gazetteer",
    "read_gazetteer",
    "gazetteer_from_text",
    "slug",
    "entity_key",
    "GAZETTEER_DIR",
]


def _data_dir() -> Path:
    here = Path(__file__).resolve().parent.parent / "data" / "gazetteer"
    return here if here.is_dir() else Path(sys.prefix) / "share" / "kg" / "gazetteer"


GAZETTEER_DIR = _data_dir()

# The key prefix of each class; an entity's key is "<prefix>/<id>".
PREFIX = {
    "State": "state",
    "Person": "person",
    "Leader": "person",
    "Official": "person",
    "Forum": "forum",
    "Treaty": "treaty",
    "Place": "place",
    "Event": "event",
    "Conflict": "event",
}


def slug(text: str) -> str:
    """A lowercase ASCII slug for IRIs.

    >>> slug("Kim Jong-un"), slug("Recep Tayyip Erdoğan")
    ('kim-jong-un', 'recep-tayyip-erdogan')
    """
    s = unicodedata.normalize("NFKD", re.sub(r"[\u2010-\u2015]", "-", text)).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"'s\b", "s", s.replace("’", "'"))
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-") or "x"


def entity_key(cls: str, ident: str) -> str:
    """The stable key of an entity of class ``cls``: ``state/PRK``, ``org/nato``.

    >>> entity_key("NewsAgency", "kcna")
    'org/kcna'
    """
    return f"{PREFIX.get(cls, 'org')}/{ident}"


def _date(s: str | None) -> dt.date | None:
    return dt.date.fromisoformat(s) if s else None


@dataclass(frozen=True)
class Office:
    """An office a person holds or held: ``President`` of ``FRA`` from ``start`` to ``end``."""

    role: str
    of: str
    kind: str  # headOfState, headOfGovernment, leader or official
    start: dt.date | None = None
    end: dt.date | None = None

    def held_on(self, when: dt.date | None) -> bool:
        if when is None:
            return self.end is None
        return (self.start is None or self.start <= when) and (self.end is None or when <= self.end)


@dataclass(frozen=True)
class Entry:
    """One gazetteer entry."""

    id: str
    type: str
    label: str
    wikidata: str | None = None
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    seats: tuple[str, ...] = ()
    iso2: str | None = None
    iso3: str | None = None
    country: str | None = None
    parties: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    offices: tuple[Office, ...] = ()
    capital: str | None = None
    official: str | None = None
    date: str | None = None

    @property
    def key(self) -> str:
        return entity_key(self.type, self.id)

    @property
    def names(self) -> tuple[str, ...]:
        """The label and aliases (not demonyms or seats)."""
        extra = (self.official,) if self.official else ()
        return tuple(dict.fromkeys((self.label, *extra, *self.aliases)))


def _entry(obj: dict, where: str, line: int) -> Entry:
    try:
        offices = tuple(
            Office(o["role"], o["of"], o.get("kind", "official"), _date(o.get("start")), _date(o.get("end")))
            for o in obj.get("offices", ())
        )
        return Entry(
            id=str(obj["id"]),
            type=obj["type"],
            label=obj["label"],
            wikidata=obj.get("wikidata"),
            aliases=tuple(obj.get("aliases", ())),
            demonyms=tuple(obj.get("demonyms", ())),
            seats=tuple(obj.get("seats", ())),
            iso2=obj.get("iso2"),
            iso3=obj.get("iso3"),
            country=obj.get("country"),
            parties=tuple(obj.get("parties", ())),
            members=tuple(obj.get("members", ())),
            offices=offices,
            capital=obj.get("capital"),
            official=obj.get("official"),
            date=obj.get("date"),
        )
    except (KeyError, TypeError, ValueError) as e:
        raise InputError(where, f"bad gazetteer entry: {e!r}", line) from None


@dataclass
class Gazetteer:
    """Entries by id and by key, with office look-ups by date.

    ``source`` is the JSONL the entries were read from (the files one after the other), so
    a component can write its gazetteer with the pipeline (:meth:`to_disk`) and read the
    same one back (:func:`read_gazetteer`).
    """

    entries: dict[str, Entry] = field(default_factory=dict)
    source: str = field(default="", repr=False)

    def add(self, entry: Entry) -> None:
        self.entries[entry.id] = entry

    def entry(self, ident: str) -> Entry:
        return self.entries[ident]

    def get(self, ident: str | None) -> Entry | None:
        return self.entries.get(ident) if ident else None

    def by_key(self, key: str) -> Entry | None:
        return self.entries.get(key.split("/", 1)[-1])

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries.values())

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def states(self) -> list[Entry]:
        return [e for e in self if e.type == "State"]

    def holders(self, role: str, of: str, when: str | dt.date | None) -> list[Entry]:
        """People who held office ``role`` of ``of`` on the date ``when`` (case-insensitive role)."""
        day = _date(when) if isinstance(when, str) else when
        role = role.lower()
        return [p for p in self for o in p.offices if o.of == of and o.role.lower() == role and o.held_on(day)]

    def offices_of(self, person_id: str, of: str | None = None) -> list[Office]:
        e = self.entries.get(person_id)
        return [o for o in (e.offices if e else ()) if of is None or o.of == of]

    def to_disk(self, path: str | Path) -> None:
        """Write the gazetteer as one JSONL file, ``path``."""
        Path(path).write_text(self.source, encoding="utf-8")


def read_entries(path: Path) -> Iterator[Entry]:
    """The entries of one JSONL file; blank lines and ``//`` comment lines are skipped."""
    yield from _entries(path.read_text(encoding="utf-8"), str(path))


def _entries(text: str, where: str) -> Iterator[Entry]:
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip() and not line.startswith("//"):
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                raise InputError(where, f"not valid JSON: {e.msg}", n) from None
            yield _entry(obj, where, n)


def _text(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text if not text or text.endswith("\n") else text + "\n"


@lru_cache(maxsize=8)
def _load(paths: tuple[Path, ...]) -> Gazetteer:
    texts = [(p, _text(p)) for p in paths]
    gaz = Gazetteer(source="".join(text for _, text in texts))
    for p, text in texts:
        for e in _entries(text, str(p)):
            gaz.add(e)
    return gaz


def load_gazetteer(extra: Iterable[str | Path] = ()) -> Gazetteer:
    """Load every ``*.jsonl`` in the gazetteer folder, then ``extra`` files (later entries win)."""
    files = sorted(GAZETTEER_DIR.glob("*.jsonl")) + [Path(p) for p in extra]
    return _load(tuple(files))


def gazetteer_from_text(text: str, where: str = "gazetteer") -> Gazetteer:
    """The gazetteer of a JSONL text (entries one a line, later ones win), parsed once per content."""
    try:
        return _parsed(text)
    except InputError as e:
        raise InputError(where, e.problem, e.line) from None


@lru_cache(maxsize=8)
def _parsed(text: str) -> Gazetteer:
    gaz = Gazetteer(source=text)
    for e in _entries(text, "gazetteer"):
        gaz.add(e)
    return gaz


def read_gazetteer(path: str | Path) -> Gazetteer:
    """The gazetteer :meth:`Gazetteer.to_disk` wrote to ``path``, parsed once per content."""
    return gazetteer_from_text(Path(path).read_text(encoding="utf-8"), str(path))
