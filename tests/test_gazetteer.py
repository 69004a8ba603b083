"""The gazetteer data: states checked against pycountry, entries against the ontology,
offices by date, and later files overriding earlier entries."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict
from pathlib import Path

import pycountry
import pytest
from rdflib import OWL, RDF

from kg.errors import InputError
from kg.gazetteer import GAZETTEER_DIR, Entry, load_gazetteer
from kg.namespace import IR
from kg.ontology import load_ontology

# The 193 member states of the United Nations, by ISO 3166-1 alpha-3 code.
_UN_CODES = """
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRA BRN BGR BFA BDI
CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV HRV CUB CYP CZE PRK COD DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST
SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN
JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MCO MNG MNE
MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT KOR MDA ROU RUS RWA
KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE SYR TJK THA TLS TGO
TON TTO TUN TUR TKM TUV UGA UKR ARE GBR TZA USA URY UZB VUT VEN VNM YEM ZMB ZWE
"""
UN_MEMBERS = frozenset(_UN_CODES.split())
UN_OBSERVERS = frozenset({"VAT", "PSE"})
OTHERS = frozenset({"TWN", "XKX"})  # Taiwan and Kosovo
OFFICE_KINDS = {"headOfState", "headOfGovernment", "leader", "official"}


def raw_entries() -> list[tuple[str, int, dict]]:
    """Every line of every gazetteer file, as (file name, line number, object)."""
    out = []
    for path in sorted(GAZETTEER_DIR.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip() and not line.startswith("//"):
                out.append((path.name, n, json.loads(line)))
    return out


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


@pytest.fixture(scope="module")
def states(gaz) -> dict[str, Entry]:
    return {e.id: e for e in gaz.states}


# ---- states ------------------------------------------------------------------------


def test_un_list_is_the_193_members() -> None:
    assert len(UN_MEMBERS) == 193
    assert all(pycountry.countries.get(alpha_3=code) for code in UN_MEMBERS | UN_OBSERVERS)


def test_every_un_member_and_observer_is_a_state(states: dict[str, Entry]) -> None:
    assert sorted((UN_MEMBERS | UN_OBSERVERS) - states.keys()) == []


def test_states_are_un_members_observers_taiwan_and_kosovo(states: dict[str, Entry]) -> None:
    assert set(states) == UN_MEMBERS | UN_OBSERVERS | OTHERS
    assert states["TWN"].label == "Taiwan"
    assert states["XKX"].label == "Kosovo"


def test_state_ids_are_pycountry_codes(states: dict[str, Entry]) -> None:
    for ident, entry in states.items():
        assert entry.iso3 == ident
        if ident == "XKX":  # Kosovo has a user-assigned code, not an ISO one
            assert entry.iso2 == "XK"
            continue
        country = pycountry.countries.get(alpha_3=ident)
        assert country is not None, ident
        assert entry.iso2 == country.alpha_2, ident


def test_states_have_wikidata_ids(states: dict[str, Entry]) -> None:
    assert [i for i, e in states.items() if not (e.wikidata or "").startswith("Q")] == []


def test_no_name_demonym_or_seat_is_shared_by_two_states(states: dict[str, Entry]) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for entry in states.values():
        for name in (*entry.names, *entry.demonyms, *entry.seats):
            owners[name.lower()].add(entry.id)
    assert {name: ids for name, ids in owners.items() if len(ids) > 1} == {}


def test_well_known_forms(states: dict[str, Entry]) -> None:
    prk = states["PRK"]
    assert prk.label == "North Korea"
    assert "DPRK" in prk.aliases and "North Korean" in prk.demonyms and "Pyongyang" in prk.seats


# ---- every entry -------------------------------------------------------------------


def test_every_entry_has_id_type_and_label() -> None:
    missing = [
        (f, n)
        for f, n, obj in raw_entries()
        if not all(isinstance(obj.get(k), str) and obj[k] for k in ("id", "type", "label"))
    ]
    assert missing == []


def test_every_type_is_an_ontology_class() -> None:
    onto = load_ontology()
    types = {obj["type"] for _, _, obj in raw_entries()}
    assert sorted(t for t in types if (IR[t], RDF.type, OWL.Class) not in onto) == []


# Generated from reference data; an entry there with a hand-written entry's id is that entry
# with more offices or names (data/scripts/phoenix_people.py).
GENERATED = "people.phoenix.jsonl"


def test_ids_are_unique_across_files() -> None:
    counts = Counter(obj["id"] for f, _, obj in raw_entries() if f != GENERATED)
    assert [i for i, n in counts.items() if n > 1] == []
    generated = Counter(obj["id"] for f, _, obj in raw_entries() if f == GENERATED)
    assert [i for i, n in generated.items() if n > 1] == []


def test_generated_entries_keep_what_they_replace(gaz) -> None:
    hand = {obj["id"]: obj for f, _, obj in raw_entries() if f != GENERATED}
    replaced = [obj for f, _, obj in raw_entries() if f == GENERATED and obj["id"] in hand]
    assert replaced
    for obj in replaced:
        old = hand[obj["id"]]
        assert obj["label"] == old["label"] and obj.get("wikidata") == old.get("wikidata"), obj["id"]
        assert set(old.get("aliases", ())) <= set(obj["aliases"]), obj["id"]
        assert all(o in obj["offices"] for o in old.get("offices", ())), obj["id"]
        assert len(gaz.entry(obj["id"]).offices) == len(obj["offices"]), "the generated file must load last"


def test_person_offices_are_valid() -> None:
    bad = []
    for f, n, obj in raw_entries():
        for office in obj.get("offices", ()):
            start = dt.date.fromisoformat(office["start"]) if office.get("start") else None
            end = dt.date.fromisoformat(office["end"]) if office.get("end") else None
            if (
                office.get("kind") not in OFFICE_KINDS
                or not office.get("role")
                or not office.get("of")
                or (start and end and start > end)
            ):
                bad.append((f, n, office))
    assert bad == []


def test_offices_only_on_people() -> None:
    assert [obj["id"] for _, _, obj in raw_entries() if obj.get("offices") and obj["type"] != "Person"] == []


# ---- look-ups ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "of", "when", "expected"),
    [
        ("President", "FRA", "2025-06-05", ["Emmanuel Macron"]),
        ("president", "FRA", "2025-06-05", ["Emmanuel Macron"]),
        ("Security Council Secretary", "RUS", "2024-06-01", ["Sergei Shoigu"]),
        ("President", "USA", "2010-01-01", ["Barack Obama"]),
        ("President", "USA", "2023-01-01", ["Joe Biden"]),
    ],
)
def test_holders(gaz, role: str, of: str, when: str, expected: list[str]) -> None:
    assert [e.label for e in gaz.holders(role, of, when)] == expected


def test_holders_accepts_a_date(gaz) -> None:
    assert [e.label for e in gaz.holders("President", "FRA", dt.date(2025, 6, 5))] == ["Emmanuel Macron"]


def test_key_and_lookup_by_key(gaz) -> None:
    assert gaz.entry("PRK").key == "state/PRK"
    assert gaz.by_key("state/PRK").label == "North Korea"
    assert gaz.get(None) is None and gaz.get("no-such-id") is None


# ---- extra files -------------------------------------------------------------------


def test_later_file_replaces_an_entry_with_the_same_id(tmp_path: Path) -> None:
    extra = tmp_path / "extra.jsonl"
    lines = [
        {"id": "FRA", "type": "State", "label": "French Republic", "iso2": "FR", "iso3": "FRA"},
        {"id": "test-forum", "type": "Forum", "label": "Test Forum"},
    ]
    extra.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    gaz = load_gazetteer(extra=[extra])
    assert gaz.entry("FRA").label == "French Republic"
    assert gaz.entry("FRA").demonyms == ()  # replaced whole, not merged
    assert gaz.entry("test-forum").key == "forum/test-forum"
    assert load_gazetteer().entry("FRA").label == "France"  # the built-in one is untouched


@pytest.mark.parametrize(
    "line",
    [
        '{"id": "x", "type": "Forum"',
        '{"id": "x", "type": "Forum"}',
        '{"id": "x", "type": "Person", "label": "X", "offices": [{"role": "R", "of": "FRA", "start": "soon"}]}',
    ],
)
def test_bad_extra_file_is_an_input_error(tmp_path: Path, line: str) -> None:
    extra = tmp_path / "bad.jsonl"
    extra.write_text('{"id": "ok", "type": "Forum", "label": "OK"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_gazetteer(extra=[extra])
    assert str(info.value).startswith(f"{extra}:2: ")
    assert "\n" not in str(info.value)
