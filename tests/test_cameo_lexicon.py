"""Relation-lexicon verbs derived from PETRARCH2's CAMEO dictionary (data/scripts/cameo_lexicon.py)."""

from __future__ import annotations

import importlib.util
import json
import sys
import tomllib
from pathlib import Path

import pytest

from kg.lexicons import FILES, HERE, load_lexicon
from kg.ontology import event_properties

SCRIPT = Path(__file__).resolve().parents[1] / "data" / "scripts" / "cameo_lexicon.py"
spec = importlib.util.spec_from_file_location("cameo_lexicon", SCRIPT)
assert spec is not None and spec.loader is not None
cl = importlib.util.module_from_spec(spec)
sys.modules["cameo_lexicon"] = cl
spec.loader.exec_module(cl)


@pytest.mark.skipif(not (cl.SOURCE / cl.FILE).is_file(), reason="the PETRARCH2 dictionaries are not here")
def test_rerunning_the_derivation_writes_the_committed_file(tmp_path: Path) -> None:
    out = tmp_path / "relations-cameo.toml"
    assert cl.main(["-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == (HERE / "relations-cameo.toml").read_text(encoding="utf-8")


def test_the_file_credits_its_source_and_names_ontology_properties() -> None:
    first = (HERE / "relations-cameo.toml").read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# ") and "Open Event Data Alliance" in first and "MIT" in first
    props = event_properties()
    rows = _rows("relations-cameo.toml")
    assert rows and all(r["property"] in props and r["pos"] == "VERB" for r in rows)


def test_the_table_maps_codes_through_their_roots() -> None:
    table = json.loads(cl.TABLE.read_text(encoding="utf-8"))
    props = event_properties()
    for prefix, prop in table["codes"].items():
        assert props[prop].cameo == prefix[:2], (prefix, prop)


def test_codes_to_properties() -> None:
    table = json.loads(cl.TABLE.read_text(encoding="utf-8"))
    roots = cl.cameo_roots()
    assert cl.property_of("042", table, roots) == "visits"
    assert cl.property_of("1123", table, roots) == "accuses"  # the longest prefix wins
    assert cl.property_of("0874", table, roots) == "withdrawsFrom"
    assert cl.property_of("090", table, roots) is None  # a "not specified" code
    assert cl.property_of("091", table, roots) == "investigates"  # the root's one property
    assert cl.property_of("036", table, roots) is None  # intentions are left out


def test_code_of() -> None:
    assert cl.code_of("042:043") == "042" and cl.code_of("0874") == "0874"
    assert cl.code_of("---") is None and cl.code_of(":110") is None and cl.code_of("080!") == "080"


def _rows(name: str) -> list[dict]:
    return tomllib.loads((HERE / name).read_text(encoding="utf-8"))["senses"]


def test_hand_written_lines_win() -> None:
    """The derived file is read after relations.toml and repeats none of its lemmas."""
    assert FILES.index("relations-cameo.toml") == FILES.index("relations.toml") + 1
    hand = {row["lemma"] for row in _rows("relations.toml")}
    derived = _rows("relations-cameo.toml")
    assert derived and not [row for row in derived if row["lemma"] in hand]
    senses = {(s.lemma, s.property) for s in load_lexicon().senses}
    assert ("prosecute", "coerces") in senses
