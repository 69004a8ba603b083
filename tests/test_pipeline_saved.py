"""A saved kg pipeline reloads with plain ``spacy.load`` through the entry points."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language

pytestmark = pytest.mark.model


def test_saved_pipeline_reloads_and_extracts(tmp_path: Path, nlp: Language) -> None:
    nlp.to_disk(tmp_path / "kg-pipeline")
    again = spacy.load(tmp_path / "kg-pipeline")
    assert [n for n in again.pipe_names if n.startswith("kg_")] == [n for n in nlp.pipe_names if n.startswith("kg_")]
    doc = again("North Korean leader Kim Jong-un met Sergei Shoigu in Pyongyang.")
    claims = {(c.subject, c.predicate, c.object) for c in doc._.kg_claims}
    assert ("person/kim-jong-un", "meetsWith", "person/sergei-shoigu") in claims
    assert ("person/kim-jong-un", "headOfState", "state/PRK") in claims
