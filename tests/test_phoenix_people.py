"""People and offices derived from PETRARCH2's Phoenix dictionary (data/scripts/phoenix_people.py)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

import pytest

from kg.gazetteer import GAZETTEER_DIR, load_gazetteer

SCRIPT = Path(__file__).resolve().parents[1] / "data" / "scripts" / "phoenix_people.py"


def _script():
    spec = importlib.util.spec_from_file_location("phoenix_people", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["phoenix_people"] = module
    spec.loader.exec_module(module)
    return module


pp = _script()
GENERATED = GAZETTEER_DIR / "people.phoenix.jsonl"


def hand_ids() -> set[str]:
    """Ids of the hand-written gazetteer files."""
    out: set[str] = set()
    for path in GAZETTEER_DIR.glob("*.jsonl"):
        if path != GENERATED:
            out |= {json.loads(x)["id"] for x in path.read_text(encoding="utf-8").splitlines() if x.strip()}
    return out


def generated() -> list[dict]:
    lines = GENERATED.read_text(encoding="utf-8").splitlines()
    return [json.loads(x) for x in lines if x.strip() and not x.startswith("//")]


@pytest.mark.skipif(not (pp.SOURCE / pp.FILE).is_file(), reason="the PETRARCH2 dictionaries are not here")
def test_rerunning_the_script_writes_the_committed_file(tmp_path: Path) -> None:
    out = tmp_path / "people.jsonl"
    assert pp.main(["-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == GENERATED.read_text(encoding="utf-8")


def test_the_file_credits_its_source() -> None:
    first = GENERATED.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("//") and "Open Event Data Alliance" in first and "MIT" in first


@pytest.mark.parametrize(
    ("ident", "role", "of", "when"),
    [
        ("margaret-thatcher", "Prime Minister", "GBR", "1987-03-22"),
        ("yasuhiro-nakasone", "Prime Minister", "JPN", "1987-05-01"),
        ("james-baker", "Secretary of the Treasury", "USA", "1987-10-20"),
        ("ronald-reagan", "President", "USA", "1987-06-12"),
        ("george-shultz", "Secretary of State", "USA", "1987-06-12"),
    ],
)
def test_actors_of_1987_are_people_with_their_offices(ident: str, role: str, of: str, when: str) -> None:
    entry = load_gazetteer().entry(ident)
    assert entry.type == "Person"
    day = dt.date.fromisoformat(when)
    assert [o.role for o in entry.offices if o.of == of and o.held_on(day)] == [role]


@pytest.mark.parametrize(
    ("when", "expected"),
    [("1987-03-22", ["Margaret Thatcher"]), ("1995-01-01", ["John Major"]), ("2019-09-01", ["Boris Johnson"])],
)
def test_the_british_prime_minister_by_date(when: str, expected: list[str]) -> None:
    gaz = load_gazetteer()
    assert [e.label for e in gaz.holders("Prime Minister", "GBR", dt.date.fromisoformat(when))] == expected


def test_merged_people_keep_their_wikidata_and_gain_terms() -> None:
    gaz = load_gazetteer()
    obama = gaz.entry("barack-obama")
    assert obama.wikidata == "Q76"
    biden = gaz.entry("joe-biden")  # his vice-presidency is not read as a presidency
    assert [o.start.year for o in biden.offices if o.role == "President" and o.start] == [2021]


def test_one_head_of_government_at_a_time_where_the_hand_written_data_begins() -> None:
    gaz = load_gazetteer()
    # Phoenix ends Gordon Brown's term in July 2010; David Cameron's hand-written one begins in May
    assert [e.label for e in gaz.holders("Prime Minister", "GBR", "2010-06-01")] == ["David Cameron"]


def test_new_people_have_full_names_only_and_no_shared_names() -> None:
    hand = hand_ids()
    names: Counter = Counter()
    for e in generated():
        if e["id"] in hand:
            continue
        for n in (e["label"], *e["aliases"]):
            assert len(n.split()) >= 2, n
            names[pp.fold(n)] += 1
    assert [n for n, k in names.items() if k > 1] == []


def test_every_office_is_in_scope() -> None:
    scope = json.loads(pp.LABELS.read_text(encoding="utf-8"))["scope"]
    hand = hand_ids()
    for e in generated():
        if e["id"] in hand:
            continue
        for o in e["offices"]:
            assert o["kind"] in scope["kinds"] or o["role"] in scope["roles"], (e["id"], o)
            assert o["end"] is not None and o["end"] >= scope["from"] and o["start"] <= scope["until"], (e["id"], o)


# -- the parts -----------------------------------------------------------------------------


def test_phoenix_dates() -> None:
    assert pp.phoenix_date("790504") == dt.date(1979, 5, 4)
    assert pp.phoenix_date("050326") == dt.date(2005, 3, 26)
    assert pp.phoenix_date("19261225") == dt.date(1926, 12, 25)
    assert pp.phoenix_date("201005011") is None and pp.phoenix_date("991332") is None


def test_person_names() -> None:
    titles = {"president", "prime", "minister", "secretary", "former"}
    assert pp.person_name("VALERY_GISCARD_D'ESTAING_", titles) == "Valery Giscard d'Estaing"
    assert pp.person_name("DOMINIQUE_DE_VILLEPIN_", titles) == "Dominique de Villepin"
    assert pp.person_name("DONALD_F._MCHENRY_", titles) == "Donald F. McHenry"
    assert pp.person_name("JAMES_A._BAKER_III", titles) == "James A. Baker III"
    assert pp.person_name("PRIME_MINISTER_GORDON_BROWN_", titles) is None
    assert pp.person_name("GORBACHEV", titles) is None  # a surname alone is no name for the ruler
    assert pp.person_name("JAMES_ADDISON_BAKER_3D", titles) is None
    assert pp.person_name("ISLAMIC_REVOLUTIONARY_COUNCIL_", titles) is None


def test_chains_link_a_term_to_the_next_listed_one(tmp_path: Path) -> None:
    text = "\n".join(
        [
            "RURITANIA_  [RUR]",
            "ANNA_ALPHA_",
            "\t[RURELI 500101-800101]",
            "\t[RURGOV 800101-850601]",
            "BORIS_BETA_",
            "\t[RURGOV 850601-900301]",
            "CARLA_GAMMA_",
            "\t[RURGOV 900301-930101]",
            "DAVID_DELTA_",
            "\t[RURGOVMIL 030101-040331]",
            "\t[RURGOV 850601-860101]",
        ]
    )
    (tmp_path / pp.FILE).write_text(text + "\n", encoding="utf-8")
    actors, _ = pp.read_actors(tmp_path / pp.FILE)
    assert [a.names[0] for a in actors] == ["ANNA_ALPHA_", "BORIS_BETA_", "CARLA_GAMMA_", "DAVID_DELTA_"]
    chains = pp.chains(actors)
    # Delta's term also begins the day Alpha's ends, but Beta is listed nearer
    assert [[actors[p.actor].names[0] for p in c] for c in chains] == [["ANNA_ALPHA_", "BORIS_BETA_", "CARLA_GAMMA_"]]
