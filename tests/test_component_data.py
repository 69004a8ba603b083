"""The components that hold data write it with the pipeline and read it back; no model.

A blank English pipeline with the gazetteer ruler, linker and coreference runs on a
text, is saved, and is loaded again: the loaded pipeline finds the same mentions, reads
its lexicon and gazetteer from the saved folder (an edit there changes what it finds),
and parses each once for all its components.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from kg.components.attributes import MENTIONS
from kg.components.base import DataComponent

TEXT = "Greece and Cyprus met in Athens. The two nations agreed to talk. Zorblat Quux visited the North."
EXTRA = {"id": "zorblat-quux", "type": "Person", "label": "Zorblat Quux", "country": "PRK"}


def blank(extra: Path) -> Language:
    nlp = spacy.blank("en")
    config = {"extra_gazetteers": [str(extra)]}
    nlp.add_pipe("kg_gazetteer", config=config)
    nlp.add_pipe("kg_linker", config=config)
    nlp.add_pipe("kg_coref")
    return nlp


def mentions(nlp: Language, text: str = TEXT) -> list[tuple[str, str, str]]:
    doc = nlp(text)
    return [(m.text, m.label_, m.kb_id_) for m in doc.spans[MENTIONS]]


@pytest.fixture()
def extra(tmp_path: Path) -> Path:
    path = tmp_path / "extra.jsonl"
    path.write_text(json.dumps(EXTRA) + "\n", encoding="utf-8")
    return path


def test_a_saved_pipeline_keeps_its_data(tmp_path: Path, extra: Path) -> None:
    nlp = blank(extra)
    found = mentions(nlp)
    assert ("Zorblat Quux", "Person", "person/zorblat-quux") in found
    assert ("The two nations", "Group", "state/CYP|state/GRC") in found
    nlp.to_disk(tmp_path / "saved")
    extra.unlink()  # the saved pipeline carries the extra gazetteer itself
    again = spacy.load(tmp_path / "saved")
    assert mentions(again) == found


def test_the_saved_lexicon_is_the_one_read(tmp_path: Path, extra: Path) -> None:
    blank(extra).to_disk(tmp_path / "saved")
    folder = tmp_path / "saved" / "kg_coref" / "lexicon"
    stored = {name: stored for stored, name in json.loads((folder / "files.json").read_text(encoding="utf-8"))}
    nouns = folder / stored["actor_nouns.toml"]
    nouns.write_text(nouns.read_text(encoding="utf-8").replace('"nations", ', ""), encoding="utf-8")
    again = spacy.load(tmp_path / "saved")
    assert not any(label == "Group" for _, label, _ in mentions(again))
    assert any(label == "Group" for _, label, _ in mentions(again, "Greece and Cyprus met. The two countries agreed."))


def test_components_share_one_gazetteer_and_lexicon(tmp_path: Path, extra: Path) -> None:
    blank(extra).to_disk(tmp_path / "saved")
    again = spacy.load(tmp_path / "saved")
    ruler, linker, coref = (again.get_pipe(n) for n in ("kg_gazetteer", "kg_linker", "kg_coref"))
    assert isinstance(ruler, DataComponent) and isinstance(linker, DataComponent) and isinstance(coref, DataComponent)
    assert ruler.gazetteer is linker.gazetteer
    assert ruler.lexicon is linker.lexicon is coref.lexicon
    assert linker.gazetteer.entry("zorblat-quux").label == "Zorblat Quux"


@pytest.mark.parametrize(
    "name", ["kg_gazetteer", "kg_linker", "kg_coref", "kg_descriptions", "kg_offices", "kg_relations"]
)
def test_bytes_round_trip(name: str, extra: Path) -> None:
    nlp = spacy.blank("en")
    config = {"extra_gazetteers": [str(extra)]} if name != "kg_coref" else {}
    pipe = nlp.add_pipe(name, config=config)
    assert isinstance(pipe, DataComponent)
    data = pipe.to_bytes()
    other = spacy.blank("en").add_pipe(name)
    assert isinstance(other, DataComponent)
    other.from_bytes(data)
    assert other.lexicon is pipe.lexicon
    if pipe.uses_gazetteer:
        assert other.gazetteer.source == pipe.gazetteer.source
        assert other.gazetteer.entry("zorblat-quux").label == "Zorblat Quux"


def test_a_component_used_without_initialize_reads_its_config(extra: Path) -> None:
    nlp = blank(extra)
    linker = nlp.get_pipe("kg_linker")
    assert isinstance(linker, DataComponent)
    assert linker._lexicon is None  # nothing is loaded when the component is made
    assert ("Zorblat Quux", "Person", "person/zorblat-quux") in mentions(nlp)
