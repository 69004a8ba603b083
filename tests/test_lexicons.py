"""The lexicon files (kg/lexicons/*.toml) and their loader; no model."""

from __future__ import annotations

import ast
import tomllib
from dataclasses import fields
from pathlib import Path

import pytest

import kg
from kg.errors import InputError
from kg.lexicons import FILES, HERE, Lexicon, Words, cue_words, load_lexicon
from kg.namespace import C, P

KG = Path(kg.__file__).resolve().parent
SHIPPED = sorted(HERE.glob("*.toml"))


def test_every_shipped_file_is_read() -> None:
    assert sorted(p.name for p in SHIPPED) == sorted(FILES)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_file_opens_with_a_one_line_header(path: Path) -> None:
    first, second = path.read_text(encoding="utf-8").split("\n")[:2]
    assert first.startswith("# ") and len(first) > 20, "the first line says what the file is for"
    assert not second.startswith("#"), "the header is one line (a blank line follows it)"


def test_no_list_is_in_two_files() -> None:
    """Each list is written in one place; a generated file (relations-cameo.toml) may only add senses."""
    seen: dict[str, str] = {}
    for path in SHIPPED:
        if path.name == "relations-cameo.toml":
            assert set(tomllib.loads(path.read_text(encoding="utf-8"))) == {"senses"}
            continue
        for key in tomllib.loads(path.read_text(encoding="utf-8")):
            assert key not in seen, f"{key} is in {seen.get(key)} and {path.name}"
            seen[key] = path.name


def test_every_word_list_has_a_field_and_is_read_by_a_rule() -> None:
    words = load_lexicon().check().words
    used: set[str] = set()
    for path in KG.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute):
                used.add(node.attr)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                used.add(node.value)  # words.follows("comitative")
    unused = [f.name for f in fields(Words) if f.name not in used - {"words"}]
    assert not unused, f"word lists no rule reads: {unused}"
    assert all(getattr(words, f.name) for f in fields(Words)), "a shipped list is empty"


def test_ontology_names_in_the_lexicon_are_declared() -> None:
    lexicon = load_lexicon()
    props = [s.property for s in lexicon.senses] + [s.with_object for s in lexicon.senses if s.with_object]
    props += list(lexicon.words.kinds.values()) + list(lexicon.properties)
    classes = list(lexicon.words.org_heads.values()) + [b.cls for b in lexicon.bodies if b.cls]
    for rule in lexicon.properties.values():
        props += list((rule.outside_range or {}).values())
        classes += list(rule.outside_range or {})
    assert [p for p in props if not hasattr(P, p)] == []
    assert [c for c in classes if not hasattr(C, c)] == []
    assert set(lexicon.words.kinds) >= {t.kind for t in lexicon.titles}


def test_a_users_file_extends_the_shipped_lists(tmp_path: Path) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text(
        '# My additions.\n\ncollective = ["junta"]\nsenses = [{lemma = "snub", pos = "VERB", property = "opposes"}]\n',
        encoding="utf-8",
    )
    lexicon = load_lexicon([mine])
    assert {"junta", "delegation"} <= lexicon.words.collective
    assert lexicon.senses[-1].lemma == "snub" and lexicon.senses[0].lemma == "criticize"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('# Bad.\n\nsenses = [{lemma = "snub", pos = "VERB", property = "snubs"}]\n', "'snubs' is not a property"),
        ('# Bad.\n\ncollectives = ["junta"]\n', "unknown word list 'collectives'"),
        ('# Bad.\n\ncollective = "junta"\n', "collective must be a list"),
        ('# Bad.\n\n[org_heads]\njunta = "Juntas"\n', "'Juntas' is not a class"),
        ('collective = ["junta"]\n', "one-line '# ' comment"),
        ("# Bad.\n\ncollective = [\n", "not valid TOML"),
    ],
    ids=["property", "list-name", "not-a-list", "class", "no-header", "toml"],
)
def test_a_bad_file_fails_naming_the_file(tmp_path: Path, text: str, problem: str) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=problem) as info:
        load_lexicon([bad]).check()
    assert "bad.toml" in str(info.value)


def test_lexicon_round_trips_through_a_folder(tmp_path: Path) -> None:
    lexicon = load_lexicon()
    lexicon.to_disk(tmp_path / "lexicon")
    again = Lexicon.from_disk(tmp_path / "lexicon")
    assert again.files == lexicon.files
    assert again is lexicon  # parsed once per content, shared


def test_cue_words_come_from_the_lexicon() -> None:
    cues, pairs = cue_words()
    words = load_lexicon().words
    assert {"delegation", "summit", "agreement", "ministry", "north"} <= cues
    assert "minister" in cues  # the last word of "prime minister"
    assert words.pair_states <= pairs


def test_follows_splits_two_word_phrases() -> None:
    words = load_lexicon().words
    assert words.follows("comitative") == {"along": frozenset({"with"}), "together": frozenset({"with"})}
    assert words.follows("according_to") == {"according": frozenset({"to"})}
