"""The HTML view in a real browser: Debian's Chromium, driven by Playwright.

The network must draw, hovering and clicking must show evidence, the filters must change
what is shown, article text must not run as script, and the page must make no request
other than for itself.  A screenshot is kept in tests/artifacts/graph.png.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import CHN, FRA, MACRON, NATO, PRK, USA, XSS_IMG, XSS_SCRIPT, XSS_SVG, synthetic_graph
from rdflib import Graph

from kg.render import render_html, render_notebook

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (apt-get install chromium)"),
]

# Counts drawn pixels of the graph canvas (vis-network draws on a transparent background).
COUNT_INK = """() => {
  const c = document.querySelector('#graph canvas');
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let ink = 0;
  for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 235 || d[i + 1] < 235 || d[i + 2] < 235)) ink++;
  return ink;
}"""
# The page coordinates of a node, from vis-network's canvas coordinates.
NODE_POINT = """(id) => {
  const net = window.kgView.network, p = net.canvasToDOM(net.getPositions([id])[id]);
  const r = document.getElementById('graph').getBoundingClientRect();
  return [p.x + r.left, p.y + r.top];
}"""
HIDDEN_NODES = "() => window.kgView.nodes.get({filter: n => n.hidden === true}).map(n => n.id)"
HIDDEN_EDGE_RELATIONS = "() => window.kgView.edges.get({filter: e => e.hidden === true}).map(e => e.rel).sort()"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


class Watch:
    """What a page did: requests that left it (aborted), console errors and page errors."""

    def __init__(self) -> None:
        self.outside: list[str] = []
        self.errors: list[str] = []

    def attach(self, page: Any) -> None:
        def route(r: Any) -> None:
            url = r.request.url
            if url.startswith(("file:", "data:", "about:")):
                r.continue_()
            else:
                self.outside.append(url)
                r.abort()

        page.route("**/*", route)
        page.on(
            "request",
            lambda req: None if req.url.startswith(("file:", "data:", "about:")) else self.outside.append(req.url),
        )
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))


def open_view(browser: Any, path: Path, watch: Watch, timeout: float = 30_000) -> Any:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    watch.attach(page)
    page.goto(path.as_uri())
    page.wait_for_selector("html[data-kg-ready='1']", timeout=timeout)
    page.wait_for_timeout(200)
    return page


@pytest.fixture
def view(browser: Any, sample_graph: Graph, tmp_path: Path) -> Iterator[tuple[Any, Watch]]:
    path = render_html(sample_graph, tmp_path / "sample.html", title="Sample articles")
    watch = Watch()
    page = open_view(browser, path, watch)
    yield page, watch
    assert watch.outside == [], f"the page made requests: {watch.outside}"
    assert watch.errors == [], f"the page logged errors: {watch.errors}"
    assert page.evaluate("typeof window.__pwned") == "undefined"
    page.close()


def test_network_draws_and_is_kept_as_a_screenshot(view: tuple[Any, Watch]) -> None:
    page, _ = view
    assert page.evaluate(COUNT_INK) > 2000
    assert page.evaluate("window.kgView.nodes.length") == 11
    legend = page.locator("#classes").inner_text()
    assert "State" in legend and "Leader" in legend and "Treaty" in legend
    assert "Verbal conflict" in page.locator("#relations").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "graph.png"))
    assert (ARTIFACTS / "graph.png").stat().st_size > 10_000


def test_hovering_a_node_shows_its_evidence_as_text(view: tuple[Any, Watch]) -> None:
    page, _ = view
    x, y = page.evaluate(NODE_POINT, str(USA))
    page.mouse.move(x, y)
    tooltip = page.locator("#tooltip")
    tooltip.wait_for(state="visible", timeout=5000)
    text = tooltip.inner_text()
    assert "United States" in text
    assert "Washington criticized Pyongyang" in text
    assert XSS_IMG in text and XSS_SCRIPT in text  # shown as text, not run
    assert page.locator("#tooltip img, #tooltip script, #tooltip svg").count() == 0
    page.mouse.move(5, 5)
    tooltip.wait_for(state="hidden", timeout=5000)


def test_clicking_an_edge_shows_sentences_titles_and_dates(view: tuple[Any, Watch]) -> None:
    page, _ = view
    (ax, ay), (bx, by) = page.evaluate(NODE_POINT, str(USA)), page.evaluate(NODE_POINT, str(CHN))
    page.mouse.click((ax + bx) / 2, (ay + by) / 2)
    details = page.locator("#details-panel")
    details.wait_for(state="visible", timeout=5000)
    text = details.inner_text()
    assert "United States" in text and "meetsWith" in text and "China" in text
    assert "US and Chinese envoys met in Geneva" in text
    assert f"US-China talks {XSS_SCRIPT} end" in text and "2025-03-10" in text
    assert page.locator("#details-panel script, #details-panel img").count() == 0
    page.locator("#details-close").click()
    details.wait_for(state="hidden")


def test_hovering_an_edge_shows_its_evidence(view: tuple[Any, Watch]) -> None:
    page, _ = view
    (ax, ay), (bx, by) = page.evaluate(NODE_POINT, str(FRA)), page.evaluate(NODE_POINT, str(PRK))
    page.mouse.move((ax + bx) / 2, (ay + by) / 2)
    tooltip = page.locator("#tooltip")
    tooltip.wait_for(state="visible", timeout=5000)
    text = tooltip.inner_text()
    assert "France" in text and "criticizes" in text and "2 claims" in text
    assert "Paris criticized Pyongyang over the missile tests." in text and "2024-11-20" in text


def test_class_filter_hides_and_shows_nodes(view: tuple[Any, Watch]) -> None:
    page, _ = view
    before = page.evaluate(COUNT_INK)
    page.locator("input[data-class='Leader']").uncheck()
    assert page.evaluate(HIDDEN_NODES) == [str(MACRON)]
    assert "Showing 10 of 11 actors" in page.locator("#shown").inner_text()
    page.wait_for_timeout(100)
    assert page.evaluate(COUNT_INK) < before  # the star and its edges are gone from the canvas
    page.locator("input[data-class='State']").uncheck()
    assert len(page.evaluate(HIDDEN_NODES)) == 7
    page.locator("input[data-class='Leader']").check()
    page.locator("input[data-class='State']").check()
    assert page.evaluate(HIDDEN_NODES) == []


def test_relation_filter_hides_edges(view: tuple[Any, Watch]) -> None:
    page, _ = view
    page.locator("input[data-relation='criticizes']").uncheck()
    assert page.evaluate(HIDDEN_EDGE_RELATIONS) == ["criticizes", "criticizes"]
    page.locator("#rels-none").click()
    assert len(page.evaluate(HIDDEN_EDGE_RELATIONS)) == 18
    page.locator("#hide-isolated").check()
    assert page.evaluate("window.kgView.nodes.get({filter: n => !n.hidden}).length") == 0
    page.locator("#rels-all").click()
    assert page.evaluate(HIDDEN_EDGE_RELATIONS) == [] and page.evaluate(HIDDEN_NODES) == []


def test_edge_labels_can_be_turned_off(view: tuple[Any, Watch]) -> None:
    page, _ = view
    drawn = "() => Object.values(window.kgView.network.body.edges).map(e => (e.options.label || '').trim())"
    assert "criticizes" in page.evaluate(drawn)
    page.locator("#edge-labels").uncheck()
    assert set(page.evaluate(drawn)) == {""}
    page.locator("#edge-labels").check()
    assert "criticizes" in page.evaluate(drawn)


def test_date_slider_filters_edges(view: tuple[Any, Watch]) -> None:
    page, _ = view
    day = page.evaluate("Date.UTC(2025, 3, 1) / 86400000")  # 2025-04-01
    page.locator("#date-from").fill(str(day))
    assert page.locator("#date-info").inner_text() == "2025-04-01 to 2025-06-05"
    hidden = page.evaluate(HIDDEN_EDGE_RELATIONS)
    # only relations stated from April 2025 stay: the seven of the June article (Macron at Shangri-La is dated
    # May 31; France criticized North Korea in June and in November 2024)
    assert "meetsWith" in hidden and "sanctions" in hidden and "inConflictWith" in hidden
    assert "attends" not in hidden and "criticizes" in hidden and hidden.count("criticizes") == 1
    assert "Showing 11 of 11 actors and 7 of 18 relations" in page.locator("#shown").inner_text()
    last = page.evaluate("Date.UTC(2022, 1, 1) / 86400000")  # the first month of the war
    page.locator("#date-to").fill(str(last))
    page.locator("#date-from").fill(str(last))
    assert page.evaluate(HIDDEN_EDGE_RELATIONS).count("inConflictWith") == 0
    assert len(page.evaluate(HIDDEN_EDGE_RELATIONS)) == 17


def test_search_finds_actors_by_name_or_alias(view: tuple[Any, Watch]) -> None:
    page, _ = view
    search = page.locator("#search")
    search.fill("pyongyang")
    assert page.locator("#search-info").inner_text() == "1 match"
    search.press("Enter")
    details = page.locator("#details-panel")
    details.wait_for(state="visible")
    assert details.locator("h2").first.inner_text() == "North Korea"
    search.fill("nato")
    search.press("Enter")
    text = details.inner_text()
    assert "NATO" in text and XSS_SVG in text  # an alias that tries to run script, shown as text
    assert page.evaluate("window.kgView.network.getSelectedNodes()") == [str(NATO)]
    search.fill("zzz")
    assert page.locator("#search-info").inner_text() == "No match"


def test_notebook_view_draws_inside_its_iframe(browser: Any, sample_graph: Graph, tmp_path: Path) -> None:
    host = tmp_path / "notebook.html"
    shown = render_notebook(sample_graph, title="Inline")._repr_html_()
    host.write_text(
        f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>{shown}</body></html>", encoding="utf-8"
    )
    watch = Watch()
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    watch.attach(page)
    page.goto(host.as_uri())
    frame = page.frame_locator("iframe")
    frame.locator("html[data-kg-ready='1']").wait_for(state="attached", timeout=30_000)
    inner = page.frames[1]
    assert inner.evaluate(COUNT_INK) > 2000
    assert inner.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert watch.outside == [] and watch.errors == []
    assert html.escape("<script>") not in inner.content()[:200]
    page.close()


def test_two_thousand_actors_settle(browser: Any, tmp_path: Path) -> None:
    path = render_html(synthetic_graph(2000, 4000), tmp_path / "big.html")
    watch = Watch()
    page = open_view(browser, path, watch, timeout=120_000)
    assert page.evaluate("window.kgView.nodes.length") == 2000
    assert page.evaluate("window.kgView.network.physics.physicsEnabled") is False  # frozen after settling
    assert page.evaluate(COUNT_INK) > 20_000
    assert page.locator("#progress").is_hidden()
    assert watch.outside == [] and watch.errors == []
    page.close()
