"""``kg build data/articles`` gives the graph in ``tests/golden/articles.nq``, article by article.

The golden file holds one named graph per article.  When a change to extraction changes
the graph on purpose, rewrite it and let the diff show in review:

    KG_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from spacy.language import Language

from kg.build import build_graph

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden" / "articles.nq"


def named_graphs(path: Path) -> dict[URIRef, Graph]:
    ds = Dataset()
    ds.parse(path, format="nquads")
    return {g.identifier: g for g in ds.graphs() if len(g)}  # type: ignore[misc]


def diff(name: URIRef, expected: Graph, found: Graph, limit: int = 15) -> str:
    """The triples only one side has, as N-Triples lines: ``-`` expected only, ``+`` found only."""
    _, only_expected, only_found = graph_diff(to_isomorphic(expected), to_isomorphic(found))
    lines = [f"{name}: {len(only_expected)} triples missing, {len(only_found)} new"]
    lines += [f"  - {' '.join(t.n3() for t in x)}" for x in sorted(only_expected)[:limit]]
    lines += [f"  + {' '.join(t.n3() for t in x)}" for x in sorted(only_found)[:limit]]
    return "\n".join(lines)


def test_sample_articles_give_the_golden_graph(nlp: Language, tmp_path: Path) -> None:
    out = tmp_path / "articles.nq"
    report = build_graph([ROOT / "data" / "articles"], output=out, nlp=nlp, progress=False)
    assert report.failed == 0 and report.built > 0
    if os.environ.get("KG_UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        shutil.copyfile(out, GOLDEN)
    expected, found = named_graphs(GOLDEN), named_graphs(out)
    problems = [f"{name}: article missing" for name in sorted(set(expected) - set(found))]
    problems += [f"{name}: article not in the golden file" for name in sorted(set(found) - set(expected))]
    problems += [
        diff(name, expected[name], found[name])
        for name in sorted(set(expected) & set(found))
        if not isomorphic(expected[name], found[name])
    ]
    assert not problems, (
        "the graph of data/articles differs from tests/golden/articles.nq "
        "(on purpose? KG_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py rewrites it):\n" + "\n".join(problems)
    )
