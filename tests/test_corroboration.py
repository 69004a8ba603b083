"""The same relation seen in two articles is one direct triple with two claims."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import RDF

from kg.build import build_graph
from kg.namespace import IR
from kg.rdf import iri

pytestmark = pytest.mark.model


def test_one_triple_two_sightings(tmp_path: Path) -> None:
    records = [
        {"id": "a1", "date": "2024-03-01", "text": "Poland criticized Belarus on Friday."},
        {"id": "a2", "date": "2024-03-05", "text": "Poland sharply criticized Belarus again."},
    ]
    src = tmp_path / "two.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    g = build_graph([src], output=tmp_path / "out.ttl", progress=False).graph
    assert g is not None
    s, o = iri("state/POL"), iri("state/BLR")
    assert (s, IR.criticizes, o) in g
    sightings = [
        c
        for c in g.subjects(RDF.type, IR.Claim)
        if (c, RDF.subject, s) in g and (c, RDF.predicate, IR.criticizes) in g and (c, RDF.object, o) in g
    ]
    assert len(sightings) == 2
    dates = sorted(str(g.value(c, IR.eventDate)) for c in sightings)
    assert dates == ["2024-03-01", "2024-03-05"]
