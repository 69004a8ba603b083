"""kg.analysis.dyad: the relations of two actors by month, on the sample graph and on Reuters stories
of 1987, and its page (kg.render.timeline)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from conftest import XSS_IMG, XSS_SCRIPT
from rdflib import Graph
from test_render import check_page, page_data

from kg.analysis import graph_to_networkx
from kg.analysis.dyad import Dyad, DyadMonth, dyad, timeline_svg
from kg.render import dyad_html, dyad_notebook, render_dyad


def test_months_run_without_gaps_and_claims_are_newest_first(sample_graph: Graph) -> None:
    d = dyad(sample_graph, "France", "North Korea")
    assert (d.a, d.b, len(d)) == ("France", "North Korea", 2)
    assert [m.month for m in d.months][0] == "2024-11" and d.months[-1].month == "2025-06"
    assert len(d.months) == 8  # November 2024 to June 2025
    assert [m.counts for m in d.months if m.month in ("2024-11", "2025-06")] == [(0, 0, 1, 0), (0, 0, 1, 0)]
    assert all(m.counts == (0, 0, 0, 0) and m.goldstein == 0.0 for m in d.months[1:-1])
    assert d.months[0].goldstein == -2.0 and d.months[0].conflict == 1  # criticizes: Goldstein -2
    assert [c.date for c in d.claims] == ["2025-06-05", "2024-11-20"]
    assert d.claims[0].sentence == "France criticized North Korea's troop deployment to Russia."
    assert d.claims[0].forward and (d.claims[0].source, d.claims[0].relation, d.claims[0].target) == (
        "France",
        "criticizes",
        "North Korea",
    )


def test_both_directions_and_names_by_alias(sample_graph: Graph) -> None:
    G = graph_to_networkx(sample_graph)
    d = dyad(G, "Pyongyang", "moscow")
    assert {(c.source, c.relation, c.target) for c in d.claims} == {
        ("Russia", "cooperatesWith", "North Korea"),
        ("Russia", "aids", "North Korea"),
    }
    assert all(not c.forward for c in d.claims)  # from the second actor to the first
    assert dyad(G, "Russia", "North Korea").months == d.months


def test_people_count_for_their_state_only_when_asked(sample_graph: Graph) -> None:
    assert len(dyad(sample_graph, "France", "China")) == 0
    d = dyad(sample_graph, "France", "China", people=True)
    assert [(c.source, c.relation, c.target) for c in d.claims] == [("Emmanuel Macron", "urges", "China")]
    assert d.people and d.months[0].counts == (1, 0, 0, 0)
    assert "states include their people" in str(d)


def test_unknown_and_identical_actors(sample_graph: Graph) -> None:
    with pytest.raises(KeyError, match="Atlantis"):
        dyad(sample_graph, "France", "Atlantis")
    with pytest.raises(ValueError, match="same actor"):
        dyad(sample_graph, "France", "Paris")


def test_text_and_notebook_display_escape_article_text(sample_graph: Graph) -> None:
    d = dyad(sample_graph, "United States", "North Korea")
    assert XSS_IMG in str(d)
    shown = d._repr_html_()
    assert XSS_IMG not in shown and html.escape(XSS_IMG) in shown
    assert shown.startswith("<div class='kg-dyad'>") and "<svg" in shown and "<script" not in shown


def test_chart_draws_bars_by_quad_class_and_the_goldstein_line() -> None:
    months = (DyadMonth("2024-01", (2, 1, 0, 0), 7.0), DyadMonth("2024-02", (0, 0, 3, 1), -16.0))
    svg = timeline_svg(Dyad("A", "B", "a", "b", False, months, ()))
    bars = re.findall(r'class="bar q(\d)" x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)"', svg)
    assert [q for q, _, _ in bars] == ["1", "2", "3", "4"]
    heights = {q: float(h) for q, _, h in bars}
    assert heights["1"] == pytest.approx(2 * heights["2"]) and heights["3"] == pytest.approx(3 * heights["4"])
    ys = {q: float(y) for q, y, _ in bars}
    assert ys["1"] < ys["3"]  # cooperation above the middle line, conflict below
    assert svg.count('<g class="month"') == 2 and 'class="goldstein"' in svg
    assert "no dated claims" in timeline_svg(Dyad("A", "B", "a", "b", False, (), ()))


def test_page_is_self_contained_and_escapes_everything(sample_graph: Graph, tmp_path: Path) -> None:
    out = render_dyad(
        sample_graph, "United States", "North Korea", tmp_path / "d" / "dyad.html", title=f"<b>{XSS_SCRIPT}</b>"
    )
    page = out.read_text(encoding="utf-8")
    checker = check_page(page)
    for tag, attrs in checker.tags:
        assert not {"src", "href", "action"} & set(attrs), (tag, attrs)
    assert XSS_SCRIPT not in page and XSS_IMG not in page
    assert "<title>&lt;b&gt;&lt;script&gt;" in page
    data = page_data(page)
    assert any(XSS_IMG in c["sentence"] for c in data["claims"]) and data["a"] == "United States"
    script = checker.scripts[-1]
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script and "eval(" not in script
    nonce = re.search(r"script-src 'nonce-([\w-]+)'", page)
    assert nonce and all(
        a.get("nonce") == nonce[1] or a.get("type") == "application/json" for t, a in checker.tags if t == "script"
    )


def test_dyad_notebook_is_one_escaped_iframe(sample_graph: Graph) -> None:
    shown = dyad_notebook(dyad(sample_graph, "United States", "North Korea"))._repr_html_()
    assert shown.startswith('<iframe srcdoc="&lt;!DOCTYPE html&gt;') and shown.count("<") == 2
    assert dyad_html(dyad(sample_graph, "France", "China")).count('<g class="month"') == 0


@pytest.mark.model
def test_reuters_1987_shows_the_us_japan_trade_dispute(reuters_store: Path) -> None:
    d = dyad(reuters_store, "United States", "Japan")
    print(d)
    months = {m.month: m for m in d.months}
    assert {"1987-03", "1987-04"} <= set(months)
    assert months["1987-03"].conflict + months["1987-04"].conflict >= 5  # accusations, sanctions, threats
    assert months["1987-03"].cooperation >= 3  # and talks to settle it
    assert any("accused" in c.sentence and c.relation == "accuses" and c.forward for c in d.claims)
    dates = [c.date for c in d.claims if c.date]
    assert dates == sorted(dates, reverse=True)
    with_people = dyad(reuters_store, "United States", "Japan", people=True)
    assert len(with_people) > len(d)
