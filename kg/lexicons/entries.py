"""Typed entries of the lexicon tables: relation senses, property rules, titles, body nouns.

Each ``read_*`` function turns the merged tables of a :class:`~kg.lexicons.Lexicon` into
records, checking every ontology name against ``ontology/ir.ttl`` so a misspelt property
or class fails when the lexicon is read, naming the file.

>>> [sense] = read_senses({"senses": [{"lemma": "condemn", "pos": "VERB", "property": "condemns"}]}, "x.toml")
>>> sense.property, sense.preps
('condemns', ())
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any

from ..errors import InputError
from ..ontology import domain_of, subclasses
from .words import Where, where_of

__all__ = [
    "Sense",
    "PropertyRule",
    "Title",
    "Body",
    "check_tables",
    "read_senses",
    "read_properties",
    "read_titles",
    "read_bodies",
]

POS = ("VERB", "NOUN", "ADJ")
COMPLEMENTS = ("", "always", "unknown")
MEANINGS = ("state", "body", "group")


@dataclass(frozen=True)
class Sense:
    """One line of ``senses``: a lemma (and particle) meaning a property, with its object prepositions."""

    lemma: str
    pos: str  # VERB, NOUN or ADJ
    property: str  # local name of an ontology property
    preps: tuple[str, ...] = ()  # prepositions that introduce the object besides a direct object
    particle: str | None = None  # only with this particle ("call on")
    needs_object: tuple[str, ...] = ()  # only when the direct object is one of these ("send troops to")
    relational: bool = False  # a relational noun: "Russia's ally Belarus"
    inverse: bool = False  # "the Quad consists of Japan ...": the object is the subject of the property
    complement: str = ""  # "always": the complement's arguments are the object; "unknown": only when it says nothing
    with_object: str | None = None  # the property meant when the verb has a direct object and no complement
    prep_only: bool = False  # the object comes only from the prepositions: "discussed the plan with Kyiv"
    not_with_preps: tuple[str, ...] = ()  # no such sense with these prepositions: "welcomed them at the villa"


@dataclass(frozen=True)
class PropertyRule:
    """How the relation rules treat one property (``[properties]`` of properties.toml)."""

    directive: bool = False
    intransitive: bool = False
    outside_range: Mapping[str, str] | None = None  # object class -> the property to use instead
    by_object: Mapping[str, str] | None = None  # object class -> the property to use, in range or not


@dataclass(frozen=True)
class Title:
    """A title that gives an office: its words (lower case), the role it names and its kind."""

    words: str
    role: str
    kind: str  # a key of the ``kinds`` table


@dataclass(frozen=True)
class Body:
    """A head noun that stands for a state ("government"), or makes a body or a group of it."""

    head: str
    means: str  # state, body or group
    cls: str | None = None  # (groups) the class of the group


def _check_name(name: Any, where: str, what: str, look_up: Callable[[str], object]) -> str:
    if not isinstance(name, str):
        raise InputError(where, f"a {what} must be a string, not {name!r}")
    try:
        look_up(name)
    except KeyError:
        raise InputError(where, f"{name!r} is not a {what} of the ontology") from None
    return name


def _check_property(name: Any, where: str) -> str:
    return _check_name(name, where, "property", domain_of)


def _check_class(name: Any, where: str) -> str:
    return _check_name(name, where, "class", subclasses)


def _rows(tables: Mapping[str, Any], key: str, where: str) -> list[dict[str, Any]]:
    rows = tables.get(key, [])
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise InputError(where, f"{key} must be an array of tables")
    return rows


def _known(row: dict[str, Any], allowed: set[str], key: str, where: str) -> None:
    unknown = set(row) - allowed
    if unknown:
        raise InputError(where, f"{key}: unknown field {sorted(unknown)[0]!r} in {row}")


def read_senses(tables: Mapping[str, Any], origin: Where) -> tuple[Sense, ...]:
    """The ``senses`` array, in order."""
    where = where_of(origin, "senses")
    out = []
    allowed = {f.name for f in fields(Sense)}
    for row in _rows(tables, "senses", where):
        _known(row, allowed, "senses", where)
        try:
            sense = Sense(
                row["lemma"],
                row["pos"],
                _check_property(row["property"], where),
                tuple(row.get("preps", ())),
                row.get("particle"),
                tuple(row.get("needs_object", ())),
                bool(row.get("relational", False)),
                bool(row.get("inverse", False)),
                row.get("complement", ""),
                _check_property(row["with_object"], where) if "with_object" in row else None,
                bool(row.get("prep_only", False)),
                tuple(row.get("not_with_preps", ())),
            )
        except KeyError as e:
            raise InputError(where, f"senses: {row} has no {e.args[0]!r}") from None
        if sense.pos not in POS or sense.complement not in COMPLEMENTS:
            raise InputError(where, f"senses: bad pos or complement in {row}")
        out.append(sense)
    return tuple(out)


def read_properties(tables: Mapping[str, Any], origin: Where) -> dict[str, PropertyRule]:
    """The ``properties`` table: property local name -> its rule."""
    where = where_of(origin, "properties")
    out = {}
    allowed = {f.name for f in fields(PropertyRule)}
    for name, row in tables.get("properties", {}).items():
        _check_property(name, where)
        _known(row, allowed, "properties", where)
        outside, by_object = row.get("outside_range"), row.get("by_object")
        if outside is not None:
            outside = {_check_class(c, where): _check_property(p, where) for c, p in outside.items()}
        if by_object is not None:
            by_object = {_check_class(c, where): _check_property(p, where) for c, p in by_object.items()}
        out[name] = PropertyRule(
            bool(row.get("directive", False)), bool(row.get("intransitive", False)), outside, by_object
        )
    return out


def read_titles(tables: Mapping[str, Any], origin: Where) -> tuple[Title, ...]:
    """The ``titles`` array, in order (a later title with the same words wins)."""
    where = where_of(origin, "titles")
    kinds = tables.get("kinds", {})
    out = []
    for row in _rows(tables, "titles", where):
        _known(row, {"words", "role", "kind"}, "titles", where)
        title = Title(row["words"], row["role"], row["kind"])
        if title.kind not in kinds:
            raise InputError(where, f"titles: kind {title.kind!r} is not in [kinds]")
        out.append(title)
    for prop in kinds.values():
        _check_property(prop, where_of(origin, "kinds"))
    return tuple(out)


def read_bodies(tables: Mapping[str, Any], origin: Where) -> tuple[Body, ...]:
    """The ``bodies`` array, in order (a later body with the same head wins)."""
    where = where_of(origin, "bodies")
    out = []
    for row in _rows(tables, "bodies", where):
        _known(row, {"head", "means", "class"}, "bodies", where)
        cls = row.get("class")
        body = Body(row["head"], row["means"], _check_class(cls, where) if cls is not None else None)
        if body.means not in MEANINGS:
            raise InputError(where, f"bodies: means must be one of {', '.join(MEANINGS)}, not {body.means!r}")
        out.append(body)
    return tuple(out)


def check_tables(tables: Mapping[str, Any], origin: Where) -> None:
    """Check the ontology names of the small tables among the word lists: ``org_heads`` and
    ``document_heads`` (classes), ``kinds`` and ``exchanged`` (properties)."""
    for name in ("org_heads", "document_heads"):
        for cls in tables.get(name, {}).values():
            _check_class(cls, where_of(origin, name))
    for prop in tables.get("kinds", {}).values():
        _check_property(prop, where_of(origin, "kinds"))
    for prop in tables.get("exchanged", {}).values():
        _check_property(prop, where_of(origin, "exchanged"))
