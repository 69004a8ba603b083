"""The word lists, lexicons and tables that kg's extraction rules read: package data.

Every lexicon file is TOML (read with the standard library's ``tomllib``) and opens with a
one-line comment saying what it is for; ``README.md`` here describes the convention, each
file, and how to add a word, a list or a relation sense.  A :class:`Lexicon` keeps the
text of the files it was read from, so a component writes them with its ``to_disk`` and
reads them back with ``from_disk``; its :attr:`~Lexicon.words` are the typed view the rules
read.  Files that name the same list or table add to it in order: a user's own file, read
after the shipped ones, extends them.

>>> lexicon = load_lexicon()
>>> "delegation" in lexicon.words.collective
True
>>> lexicon.senses[0].lemma, lexicon.senses[0].property
('criticize', 'criticizes')
"""

from __future__ import annotations

import functools
import json
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from .entries import (
    Body,
    PropertyRule,
    Sense,
    Title,
    check_tables,
    read_bodies,
    read_properties,
    read_senses,
    read_titles,
)
from .words import Words, read_words

__all__ = [
    "FILES",
    "HERE",
    "Body",
    "Lexicon",
    "PropertyRule",
    "Sense",
    "Title",
    "Words",
    "cue_words",
    "load_lexicon",
]

HERE = Path(__file__).resolve().parent
# The shipped lexicon files, in the order they are read.
FILES = (
    "relations.toml",
    "properties.toml",
    "titles.toml",
    "bodies.toml",
    "actor_nouns.toml",
    "names.toml",
    "modality.toml",
    "reporting.toml",
    "verbs.toml",
    "protest.toml",
    "treaties_and_forums.toml",
    "prepositions.toml",
    "dates.toml",
)
INDEX = "files.json"  # the order of the files a Lexicon writes to disk


def _merge(into: dict[str, Any], tables: Mapping[str, Any]) -> None:
    """Add one file's tables: a list extends the list of the same name, a table updates it."""
    for key, value in tables.items():
        old = into.get(key)
        if isinstance(old, list) and isinstance(value, list):
            into[key] = old + value
        elif isinstance(old, dict) and isinstance(value, dict):
            into[key] = {**old, **value}
        else:
            into[key] = value


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Lexicon files (name and TOML text, in order) and what the rules read from them."""

    files: tuple[tuple[str, str], ...]

    @functools.cached_property
    def _merged(self) -> tuple[dict[str, Any], dict[str, str]]:
        merged: dict[str, Any] = {}
        origins: dict[str, list[str]] = {}
        for name, text in self.files:
            first = text.lstrip("\ufeff").split("\n", 1)[0]
            if not first.startswith("# ") or len(first) < 4:
                raise InputError(name, "a lexicon file opens with a one-line '# ' comment saying what it is for")
            try:
                tables = tomllib.loads(text)
            except tomllib.TOMLDecodeError as e:
                raise InputError(name, f"not valid TOML: {e}") from None
            _merge(merged, tables)
            for key in tables:
                origins.setdefault(key, []).append(name)
        return merged, {key: ", ".join(names) for key, names in origins.items()}

    @property
    def tables(self) -> dict[str, Any]:
        """Every top-level list and table of the files, merged in order."""
        return self._merged[0]

    @property
    def where(self) -> dict[str, str]:
        """Top-level name -> the files that hold it, for error messages."""
        return self._merged[1]

    @functools.cached_property
    def words(self) -> Words:
        """Every word list, typed."""
        check_tables(self.tables, self.where)
        return read_words(self.tables, self.where)

    @functools.cached_property
    def senses(self) -> tuple[Sense, ...]:
        """The relation senses (``senses`` arrays), in order."""
        return read_senses(self.tables, self.where)

    @functools.cached_property
    def properties(self) -> dict[str, PropertyRule]:
        """Property local name -> how the relation rules treat it."""
        return read_properties(self.tables, self.where)

    @functools.cached_property
    def titles(self) -> tuple[Title, ...]:
        """Titles that give offices, in order."""
        return read_titles(self.tables, self.where)

    @functools.cached_property
    def bodies(self) -> tuple[Body, ...]:
        """Head nouns that stand for a state or make a body or group of it, in order."""
        return read_bodies(self.tables, self.where)

    def check(self) -> Lexicon:
        """Read every part now, so a bad file fails here and not on the first document."""
        _ = self.words, self.senses, self.properties, self.titles, self.bodies
        return self

    def to_disk(self, path: str | Path) -> None:
        """Write the files into the folder ``path`` (created), with their order."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        index = []
        for i, (name, text) in enumerate(self.files):
            stored = f"{i:02d}-{Path(name).name}"
            (path / stored).write_text(text, encoding="utf-8")
            index.append([stored, name])
        (path / INDEX).write_text(json.dumps(index, indent=1), encoding="utf-8")

    @classmethod
    def of(cls, files: Iterable[Iterable[str]]) -> Lexicon:
        """The lexicon of (file name, TOML text) pairs, shared with every other of the same content."""
        pairs = tuple((str(name), str(text)) for name, text in files)
        return _shared(pairs)

    @classmethod
    def from_disk(cls, path: str | Path) -> Lexicon:
        """The lexicon a :meth:`to_disk` wrote into ``path``."""
        path = Path(path)
        index = json.loads((path / INDEX).read_text(encoding="utf-8"))
        return _shared(tuple((name, (path / stored).read_text(encoding="utf-8")) for stored, name in index))


@functools.lru_cache(maxsize=8)
def _shared(files: tuple[tuple[str, str], ...]) -> Lexicon:
    """One checked Lexicon per content, shared by the components that read the same files."""
    return Lexicon(files).check()


def _read(path: Path, name: str) -> tuple[str, str]:
    try:
        return name, path.read_text(encoding="utf-8")
    except OSError as e:
        raise InputError(str(path), f"cannot be read: {e.strerror or e}") from None


def load_lexicon(extra: Iterable[str | Path] = ()) -> Lexicon:
    """The shipped lexicon files, then ``extra`` files (paths), read once per set of contents."""
    return _load(tuple(str(p) for p in extra))


@functools.lru_cache(maxsize=8)
def _load(extra: tuple[str, ...]) -> Lexicon:
    files = [_read(HERE / name, name) for name in FILES] + [_read(Path(p), p) for p in extra]
    return _shared(tuple(files))


def _last_words(phrases: Iterable[str]) -> set[str]:
    return {p.split()[-1].lower() for p in phrases if p.strip()}


def cue_words(lexicon: Lexicon | None = None) -> tuple[frozenset[str], frozenset[str]]:
    """Common nouns that may stand for an actor or make one, and nouns that stand for two.

    The fast parse path counts them as candidate actors: government bodies and collectives
    ("ministry", "troops"), titles ("president"), treaty and forum nouns ("agreement",
    "summit"), "the North"; and pair nouns ("nations").

    >>> cues, pairs = cue_words()
    >>> {"ministry", "troops", "president", "summit"} <= cues, "nations" in pairs
    (True, True)
    """
    lexicon = lexicon or load_lexicon()
    words: Words = lexicon.words
    cues = {b.head.lower() for b in lexicon.bodies}
    cues |= _last_words(t.words for t in lexicon.titles)
    cues |= _last_words(words.collective)
    cues |= {w.lower() for w in words.treaty_nouns | words.forum_nouns}
    cues |= {w.lower() for w in words.compass_states}
    pairs = {w.lower() for w in words.pair_states | words.pair_people}
    return frozenset(cues), frozenset(pairs)
