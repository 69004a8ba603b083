"""A saved kg pipeline reloads with a plain ``spacy.load``: spaCy finds kg's factories through entry points."""

from __future__ import annotations

import ast
import dataclasses
import json
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

KG = Path(__file__).resolve().parents[1] / "kg"

ARTICLE = (
    "Seoul and Tokyo Mend Ties\n\n"
    "South Korean President Lee Jae-myung met Japanese Prime Minister Shigeru Ishiba in Tokyo on Monday. "
    "The two leaders signed an agreement on fisheries. Lee also criticized North Korea over its missile launches. "
    "The U.S.-led naval drills went ahead, and Ishiba said Japan would not sanction China. It was a calm day."
)

# Runs in a fresh interpreter: it imports nothing from kg; spacy.load finds the factories by entry points
# and the components declare the custom attributes they fill when spaCy imports them.
SCRIPT = """
import dataclasses, json, sys
import spacy
assert not [m for m in sys.modules if m == "kg" or m.startswith("kg.")]
nlp = spacy.load(sys.argv[1])
doc = nlp(sys.stdin.read())
print(json.dumps({"pipes": nlp.pipe_names,
                  "claims": [dataclasses.asdict(c) for c in doc._.kg_claims],
                  "entities": sorted(doc._.kg_entities)}))
"""


def summary(nlp: Language, doc: Doc) -> dict:
    """What :data:`SCRIPT` prints, as JSON would give it back."""
    return json.loads(
        json.dumps(
            {
                "pipes": nlp.pipe_names,
                "claims": [dataclasses.asdict(c) for c in doc._.kg_claims],
                "entities": sorted(doc._.kg_entities),
            }
        )
    )


@pytest.mark.model
@pytest.mark.parametrize("fast", [True, False])
def test_saved_pipeline_gives_the_same_claims_in_a_fresh_process(
    tmp_path: Path, fast: bool, request: pytest.FixtureRequest
) -> None:
    nlp = request.getfixturevalue("nlp" if fast else "full_nlp")
    nlp.to_disk(tmp_path / "kg-pipeline")
    expected = summary(nlp, nlp(ARTICLE))
    script = tmp_path / "load.py"
    script.write_text(SCRIPT, encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "kg-pipeline")],
        input=ARTICLE,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout)
    assert found == expected
    claims = {(c["subject"], c["predicate"], c["object"]) for c in found["claims"]}
    assert ("person/lee-jae-myung", "meetsWith", "person/shigeru-ishiba") in claims
    assert len(claims) >= 4


def factories_in_source() -> dict[str, str]:
    """Factory name -> "module:function" for every ``@Language.factory`` in kg/."""
    found = {}
    for path in sorted(KG.rglob("*.py")):
        module = ".".join(path.relative_to(KG.parent).with_suffix("").parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef):
                for dec in node.decorator_list:
                    if isinstance(dec, ast.Call) and ast.unparse(dec.func) == "Language.factory":
                        found[ast.literal_eval(dec.args[0])] = f"{module}:{node.name}"
    return found


def test_every_factory_has_an_entry_point() -> None:
    ours = {ep.name: ep.value for ep in entry_points(group="spacy_factories") if ep.value.startswith("kg.")}
    assert ours == factories_in_source()
    assert {"kg_hyphens", "kg_focus", "kg_relations"} <= set(ours)
