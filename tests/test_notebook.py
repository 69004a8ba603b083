"""notebooks/explore.ipynb runs from top to bottom (nbclient) and shows what it promises:
query tables, the analysis, the interactive view inline in a self-contained iframe, and the
larger graph's top-actor view, states view and dyad timeline (on fewer articles, to stay quick)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"
ARTICLES = ROOT / "data" / "articles"
WIKINEWS = Path("/work/shared/corpus/wikinews/wikinews-2019-2021.jsonl")
# The larger graph's section reads this many articles in the test (the notebook reads 300).
TEST_ARTICLES = 60
# Used only while data/articles/ is still empty.
FALLBACK_ARTICLE = """Macron Urges China to Press North Korea

SINGAPORE, June 5, 2025 (Example News) - French President Emmanuel Macron urged China on Friday to use its
influence on North Korea. France criticized North Korea's deployment of troops to Russia. Macron met Chinese
officials at the Shangri-La Dialogue in Singapore. China did not condemn Russia.
"""

pytestmark = pytest.mark.model


def test_notebook_is_saved_without_outputs() -> None:
    import nbformat

    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code)
    assert any('build_graph(["../data/articles"]' in c.source for c in code)
    assert any(c.source.startswith("# Parameters:") and "N_ARTICLES = 300" in c.source for c in code)


def _with_parameters(nb, corpus: Path, n: int) -> None:
    """Point the notebook's parameter cell at ``corpus`` and ``n`` articles."""
    (cell,) = [c for c in nb.cells if c.cell_type == "code" and c.source.startswith("# Parameters:")]
    cell.source = f"# Parameters:\nCORPUS = Path({str(corpus)!r})\nN_ARTICLES = {n}"


def test_notebook_runs_and_shows_tables_and_the_inline_view(tmp_path: Path) -> None:
    if not WIKINEWS.is_file():
        pytest.skip(f"needs the Wikinews corpus at {WIKINEWS}")
    import nbformat
    from nbclient import NotebookClient

    (tmp_path / "notebooks").mkdir()
    articles = tmp_path / "data" / "articles"
    if ARTICLES.is_dir() and any(p.suffix in (".txt", ".json", ".jsonl") for p in ARTICLES.iterdir()):
        shutil.copytree(ARTICLES, articles)
    else:
        articles.mkdir(parents=True)
        (articles / "macron-china.txt").write_text(FALLBACK_ARTICLE, encoding="utf-8")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    _with_parameters(nb, WIKINEWS, TEST_ARTICLES)
    NotebookClient(
        nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(tmp_path / "notebooks")}}
    ).execute()

    html_outputs, text_outputs = [], []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            assert output.output_type != "error", output
            data = output.get("data", {})
            html_outputs.append(data.get("text/html", ""))
            text_outputs.append(data.get("text/plain", "") + output.get("text", ""))
    tables = [h for h in html_outputs if h.startswith('<table class="kg-query">')]
    assert len(tables) >= 3  # most-active, allies-and-adversaries, non-factual-claims
    assert "most-active:" in tables[0] and "<th>label</th>" in tables[0]
    frames = [h for h in html_outputs if h.startswith("<iframe srcdoc=")]
    assert len(frames) == 4  # the sample graph, a neighbourhood, the larger graph, its states view
    assert all("&lt;!DOCTYPE html&gt;" in f and "vis.Network" in f and "<script" not in f for f in frames)
    assert any("graph summary" in h for h in html_outputs)  # summary(G)
    assert any("centrality" in h for h in html_outputs)
    assert any("who-criticized" in t for t in text_outputs)  # the saved query list
    # the larger graph opens on its top 150 actors, then on its states
    assert "&quot;top&quot;:150" in frames[2] and "&quot;view&quot;:&quot;actors&quot;" in frames[2]
    assert "&quot;view&quot;:&quot;states&quot;" in frames[3]
    dyads = [h for h in html_outputs if h.startswith("<div class='kg-dyad'>")]
    assert len(dyads) == 1 and "<svg" in dyads[0] and "<script" not in dyads[0]
