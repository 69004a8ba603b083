"""The HTML views in a real browser: Debian's Chromium, driven by Playwright.

The network must draw, hovering and clicking must show evidence, the filters, the states
view, the neighbourhood view, the date histogram and the URL fragment must change what is
shown, a PNG must come out, article text and fragments must not run as script, and the
pages must make no request other than for themselves.  Screenshots are kept in
tests/artifacts/ (the README's docs/*.png are copies of graph.png, reuters-top.png,
reuters-states.png and dyad.png); the 5,000-actor test prints its timings and keeps them
in tests/artifacts/large-store.txt.
"""

from __future__ import annotations

import html
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import (
    CHN,
    FRA,
    ID,
    MACRON,
    NATO,
    PRK,
    RUS,
    SHANGRI_LA,
    USA,
    XSS_IMG,
    XSS_SCRIPT,
    XSS_SVG,
    add_rogue_leader,
)
from rdflib import RDF, RDFS, Graph, Literal
from stores import synthetic_store

from kg.analysis.dyad import dyad
from kg.namespace import IR
from kg.render import dyad_notebook, render_dyad, render_html, render_notebook

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
HIDDEN_NODES = "() => window.kgView.nodes.get({filter: n => n.hidden === true}).map(n => n.id).sort()"
SHOWN_NODES = "() => window.kgView.nodes.get({filter: n => !n.hidden}).map(n => n.id).sort()"
POSITIONS = "() => window.kgView.network.getPositions()"
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


def open_view(browser: Any, path: Path, watch: Watch, timeout: float = 30_000, fragment: str = "") -> Any:
    page = browser.new_page(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    watch.attach(page)
    page.goto(path.as_uri() + fragment)
    page.wait_for_selector("html[data-kg-ready='1']", timeout=timeout)
    page.wait_for_timeout(200)
    return page


def settled(page: Any, timeout: float = 30_000) -> None:
    """Wait for the layout that a click started to settle."""
    page.wait_for_timeout(50)
    page.wait_for_selector("html[data-kg-ready='1']", timeout=timeout)
    page.wait_for_timeout(100)


def screenshot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name))
    assert (ARTIFACTS / name).stat().st_size > 10_000
    return ARTIFACTS / name


def finish(page: Any, watch: Watch) -> None:
    assert watch.outside == [], f"the page made requests: {watch.outside}"
    assert watch.errors == [], f"the page logged errors: {watch.errors}"
    assert page.evaluate("typeof window.__pwned") == "undefined"
    page.close()


@pytest.fixture
def view(browser: Any, sample_graph: Graph, tmp_path: Path) -> Iterator[tuple[Any, Watch]]:
    path = render_html(sample_graph, tmp_path / "sample.html", title="Sample articles")
    watch = Watch()
    page = open_view(browser, path, watch)
    yield page, watch
    finish(page, watch)


def test_network_draws_and_is_kept_as_a_screenshot(view: tuple[Any, Watch]) -> None:
    page, _ = view
    assert page.evaluate(COUNT_INK) > 2000
    assert page.evaluate("window.kgView.nodes.length") == 11
    legend = page.locator("#classes").inner_text()
    assert "State" in legend and "Leader" in legend and "Treaty" in legend
    assert "Verbal conflict" in page.locator("#relations").inner_text()
    screenshot(page, "graph.png")


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
    # Macron, and the forum only he attends: it has no relation left in view
    assert page.evaluate(HIDDEN_NODES) == sorted([str(MACRON), str(SHANGRI_LA)])
    assert "Showing 9 of 11 actors" in page.locator("#shown").inner_text()
    page.wait_for_timeout(100)
    assert page.evaluate(COUNT_INK) < before  # the star and its edges are gone from the canvas
    page.locator("#hide-isolated").uncheck()
    assert page.evaluate(HIDDEN_NODES) == [str(MACRON)]
    page.locator("#hide-isolated").check()
    page.locator("input[data-class='State']").uncheck()
    assert len(page.evaluate(HIDDEN_NODES)) == 11  # without states no relation is left
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
    # the six actors of those seven relations stay; Russia, the US, Ukraine, NATO and the peninsula go
    assert "Showing 6 of 11 actors and 7 of 18 relations" in page.locator("#shown").inner_text()
    assert "5 have no relation in view." in page.locator("#hidden-note").inner_text()
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


# ---- neighbourhood, states view, histogram, URL fragment, PNG -------------------------------------


def test_double_click_shows_the_neighbourhood_and_back_restores_the_view(view: tuple[Any, Watch]) -> None:
    page, _ = view
    before = page.evaluate(POSITIONS)
    x, y = page.evaluate(NODE_POINT, str(MACRON))
    page.mouse.dblclick(x, y)
    settled(page)
    assert page.evaluate(SHOWN_NODES) == sorted(str(n) for n in (MACRON, FRA, CHN, SHANGRI_LA))
    assert page.locator("#focus-info").inner_text() == "Neighbourhood of Emmanuel Macron"
    assert "The neighbourhood of Emmanuel Macron (1 hop)." in page.locator("#hidden-note").inner_text()
    assert page.evaluate("location.hash") == "#focus=Emmanuel%20Macron&hops=1"
    page.locator("#hops").select_option("2")
    settled(page)
    assert len(page.evaluate(SHOWN_NODES)) == 8  # not Ukraine, NATO and the peninsula: three steps away
    page.locator("#focus-clear").click()
    settled(page)
    after = page.evaluate(POSITIONS)
    assert sorted(after) == sorted(before)
    assert all(abs(after[n]["x"] - before[n]["x"]) < 1 and abs(after[n]["y"] - before[n]["y"]) < 1 for n in before)
    assert page.evaluate("location.hash") == ""


def test_searching_an_actor_outside_the_view_shows_its_neighbourhood(
    browser: Any, sample_graph: Graph, tmp_path: Path
) -> None:
    path = render_html(sample_graph, tmp_path / "top.html", top=3)
    watch = Watch()
    page = open_view(browser, path, watch)
    assert len(page.evaluate("window.kgView.nodes.getIds()")) == 3
    assert "The top 3 by degree." in page.locator("#hidden-note").inner_text()
    page.locator("#search").fill("NATO")
    page.locator("#search").press("Enter")
    settled(page)
    assert page.evaluate(SHOWN_NODES) == sorted([str(NATO), str(ID["state/UKR"])])
    page.locator("#top-all").click()
    settled(page)
    assert len(page.evaluate(SHOWN_NODES)) == 11 and page.locator("#top-n").input_value() == "11"
    finish(page, watch)


def test_states_view_folds_people_and_lists_them(browser: Any, sample_graph: Graph, tmp_path: Path) -> None:
    add_rogue_leader(sample_graph, XSS_IMG)
    path = render_html(sample_graph, tmp_path / "states.html")
    watch = Watch()
    page = open_view(browser, path, watch)
    before = page.evaluate(POSITIONS)
    page.locator("#states-view").check()
    settled(page)
    assert page.evaluate("window.kgView.nodes.get().every(n => n.cls === 'State')")
    assert "Showing 6 of 6 states" in page.locator("#shown").inner_text()
    assert page.evaluate("location.hash") == "#view=states"
    (ax, ay), (bx, by) = page.evaluate(NODE_POINT, str(FRA)), page.evaluate(NODE_POINT, str(CHN))
    page.mouse.move((ax + bx) / 2, (ay + by) / 2)
    tooltip = page.locator("#tooltip")
    tooltip.wait_for(state="visible", timeout=5000)
    assert "France \u2014urges\u2192 China" in tooltip.inner_text()
    assert "Through Emmanuel Macron (1)" in tooltip.inner_text()
    page.mouse.click(*page.evaluate(NODE_POINT, str(FRA)))
    details = page.locator("#details-panel")
    details.wait_for(state="visible")
    assert f"Through {XSS_IMG} (1)" in details.inner_text()  # a name that tries to run script, as text
    assert page.locator("#details-panel img").count() == 0
    page.locator("#states-view").uncheck()
    settled(page)
    assert page.evaluate(POSITIONS) == before  # the actors as they were laid out
    finish(page, watch)


def test_a_page_can_open_on_the_states_view(browser: Any, sample_graph: Graph, tmp_path: Path) -> None:
    path = render_html(sample_graph, tmp_path / "states.html", states=True, focus="France")
    watch = Watch()
    page = open_view(browser, path, watch)
    assert page.locator("#states-view").is_checked()
    assert page.evaluate(SHOWN_NODES) == sorted(str(n) for n in (FRA, CHN, PRK))  # France and its neighbours
    page.locator("#focus-clear").click()
    settled(page)
    page.locator("#states-view").uncheck()
    settled(page)
    assert page.evaluate("location.hash") == "#view=actors" and len(page.evaluate(SHOWN_NODES)) == 11
    finish(page, watch)


def test_histogram_of_claims_per_month_and_a_shared_link(view: tuple[Any, Watch], browser: Any) -> None:
    page, _ = view
    bars = page.locator("#histogram g[data-month]")
    assert bars.count() == 41  # February 2022 to June 2025
    months = page.evaluate(
        "Array.from(document.querySelectorAll('#histogram g[data-month]'), g => "
        "[g.getAttribute('data-month'), g.querySelector('rect.bar').getAttribute('height')])"
    )
    counts = {m: float(h) for m, h in months}
    assert counts["2025-06"] > counts["2025-03"] > 0 and counts["2023-01"] == 0
    page.locator("#histogram g[data-month='2025-03']").click()
    assert page.locator("#date-info").inner_text() == "2025-03-01 to 2025-03-31"
    assert page.evaluate(SHOWN_NODES) == sorted(str(n) for n in (USA, CHN, PRK, RUS, ID["state/UKR"], NATO))
    assert page.locator("#histogram g[data-month='2025-03'] rect.bar").get_attribute("class") == "bar in"
    assert page.locator("#histogram g[data-month='2025-06'] rect.bar").get_attribute("class") == "bar out"
    # dragging a slider updates the graph and the link at once
    page.locator("#date-to").fill(str(page.evaluate("Date.UTC(2025, 5, 5) / 86400000")))
    assert page.evaluate("location.hash") == "#from=2025-03-01&to=2025-06-05"
    shown = page.evaluate(SHOWN_NODES)
    assert len(shown) == 11 - 1  # the peninsula's only relation is dated 2024
    link = page.url
    watch = Watch()
    other = browser.new_page(viewport={"width": 1400, "height": 900})
    watch.attach(other)
    other.goto(link)
    other.wait_for_selector("html[data-kg-ready='1']")
    assert other.locator("#date-info").inner_text() == "2025-03-01 to 2025-06-05"
    assert other.evaluate(SHOWN_NODES) == shown
    finish(other, watch)


def test_fragment_values_are_data_not_markup(browser: Any, sample_graph: Graph, tmp_path: Path) -> None:
    path = render_html(sample_graph, tmp_path / "frag.html")
    watch = Watch()
    fragment = "#focus=" + XSS_IMG.replace(" ", "%20") + "&from=%3Cscript%3E&top=abc&view=%3Csvg%3E&hops=9"
    page = open_view(browser, path, watch, fragment=fragment)
    assert page.locator("#search-info").inner_text() == f"No actor named \u201c{XSS_IMG}\u201d in this view."
    assert (
        len(page.evaluate(SHOWN_NODES)) == 11 and page.locator("#date-info").inner_text() == "2022-02-01 to 2025-06-05"
    )
    assert page.locator("#sidebar img, #sidebar script").count() == 0
    page.evaluate("location.hash = '#focus=' + encodeURIComponent('North Korea') + '&hops=1&view=actors'")
    settled(page)
    assert len(page.evaluate(SHOWN_NODES)) == 6  # France, China, the US, Russia and the peninsula
    assert page.locator("#focus-info").inner_text() == "Neighbourhood of North Korea"
    finish(page, watch)


def test_save_png_downloads_the_view(view: tuple[Any, Watch]) -> None:
    page, _ = view
    with page.expect_download() as info:
        page.locator("#save-png").click()
    download = info.value
    assert download.suggested_filename == "Sample-articles.png"
    data = Path(download.path()).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    ink = page.evaluate(
        """async (url) => {
      const img = new Image(); img.src = url; await img.decode();
      const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
      const ctx = c.getContext('2d'); ctx.drawImage(img, 0, 0);
      const d = ctx.getImageData(0, 0, c.width, c.height).data; let ink = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] < 235 || d[i + 1] < 235 || d[i + 2] < 235) ink++;
      return [ink, d[3]];
    }""",
        "data:image/png;base64," + __import__("base64").b64encode(data).decode(),
    )
    assert ink[0] > 2000 and ink[1] == 255  # drawn, on an opaque white background


# ---- 5,000 actors ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def large_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthetic_store(tmp_path_factory.mktemp("large") / "store", actors=5000, relations=1200)


LABELS = """(ids) => {
  const net = window.kgView.network, scale = net.getScale(), out = [];
  const r = document.getElementById('graph').getBoundingClientRect();
  for (const id of ids) {
    const n = net.body.nodes[id];
    if (!n || n.options.hidden) continue;
    const s = n.labelModule.size, a = net.canvasToDOM({x: s.left, y: s.top});
    const b = net.canvasToDOM({x: s.left + s.width, y: s.top + s.height});
    out.push({id, label: n.options.label, px: n.labelModule.fontOptions.size * scale,
              box: [a.x, a.y, b.x, b.y], inside: a.x >= 0 && a.y >= 0 && b.x <= r.width && b.y <= r.height});
  }
  return out;
}"""


def test_five_thousand_actors_open_readable_and_settle(browser: Any, large_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "large.html"
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "kg", "render", str(large_store), "-o", str(out)], check=True, capture_output=True
    )
    render_seconds = time.perf_counter() - start
    watch = Watch()
    page = open_view(browser, out, watch, timeout=120_000)
    settle_ms = page.evaluate("window.kgView.settledAt")
    meta = page.evaluate("[window.kgView.meta.nodes, window.kgView.meta.edges]")
    report = (
        f"5,000-actor store ({meta[0]} actors, {meta[1]} relations): kg render {render_seconds:.2f} s, "
        f"page {out.stat().st_size / 1e6:.2f} MB, load to settled layout {settle_ms / 1000:.2f} s"
    )
    print(report)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "large-store.txt").write_text(report + "\n", encoding="utf-8")
    assert meta[0] == 5000 and meta[1] >= 1000
    assert page.evaluate("window.kgView.network.physics.physicsEnabled") is False  # frozen after settling
    assert len(page.evaluate("window.kgView.nodes.getIds()")) == 150
    status = page.locator("#shown").inner_text() + " " + page.locator("#hidden-note").inner_text()
    assert "of 5,000 actors" in status and "The top 150 by degree." in status and "have no relation in view" in status
    # the ten best-connected actors are drawn with labels of at least 10 px, inside the view, apart
    top = page.evaluate("window.kgView.source().ranked.slice(0, 10).map(n => n.id)")
    labels = page.evaluate(LABELS, top)
    assert len(labels) == 10
    assert all(lab["px"] >= 10 and lab["inside"] for lab in labels), labels

    def overlap(a: list[float], b: list[float]) -> bool:
        return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]

    clashes = [
        (p["label"], q["label"]) for i, p in enumerate(labels) for q in labels[i + 1 :] if overlap(p["box"], q["box"])
    ]
    assert len(clashes) <= 1, clashes
    assert page.evaluate(COUNT_INK) > 20_000
    screenshot(page, "large-top.png")
    page.locator("#states-view").check()
    settled(page, timeout=120_000)
    assert "of 190 states" in page.locator("#shown").inner_text()
    finish(page, watch)


# ---- Reuters 1987: the views of a store built from real stories, and the dyad timeline --------------


@pytest.mark.model
def test_reuters_top_actors_and_states_views(browser: Any, reuters_store: Path, tmp_path: Path) -> None:
    path = render_html(reuters_store, tmp_path / "reuters.html", title="Reuters 1987: Japan, the US and trade")
    watch = Watch()
    page = open_view(browser, path, watch)
    total = page.evaluate("window.kgView.meta.nodes")
    assert total > 300 and len(page.evaluate("window.kgView.nodes.getIds()")) == 150
    top = page.evaluate("window.kgView.source().ranked.slice(0, 2).map(n => n.name)")
    assert set(top) == {"United States", "Japan"}
    assert all(
        lab["px"] >= 10
        for lab in page.evaluate(LABELS, page.evaluate("window.kgView.source().ranked.slice(0, 5).map(n => n.id)"))
    )
    screenshot(page, "reuters-top.png")
    page.locator("#states-view").check()
    settled(page)
    names = page.evaluate("window.kgView.nodes.get({filter: n => !n.hidden}).map(n => n.name)")
    assert {"United States", "Japan"} <= set(names) and len(names) >= 8
    people = page.evaluate("window.kgView.edges.get().flatMap(e => (e.people || []).map(p => p[0]))")
    assert people  # leaders and officials behind the state-to-state relations
    screenshot(page, "reuters-states.png")
    finish(page, watch)


@pytest.mark.model
def test_reuters_dyad_timeline(browser: Any, reuters_store: Path, tmp_path: Path) -> None:
    d = dyad(reuters_store, "United States", "Japan", people=True)
    path = render_dyad(reuters_store, "United States", "Japan", tmp_path / "dyad.html", people=True)
    watch = Watch()
    page = open_view(browser, path, watch)
    assert page.locator("h1").inner_text() == "United States \u2013 Japan"
    assert page.locator("#chart g.month").count() == len(d.months)
    items = page.locator("#claims li")
    assert items.count() == len(d)
    assert items.first.locator(".when").inner_text() == d.claims[0].date  # newest first
    march = page.locator("#chart g.month[data-month='1987-03']")
    assert march.locator("rect.bar").count() >= 3  # cooperation and conflict that month
    box = march.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tip = page.locator("#tip")
    tip.wait_for(state="visible")
    assert "1987-03" in tip.inner_text() and "verbal conflict" in tip.inner_text()
    screenshot(page, "dyad.png")
    march.click()
    assert page.locator("#filter-info").inner_text().startswith("in 1987-03")
    assert all(t.startswith("1987-03") for t in page.locator("#claims .when").all_inner_texts())
    page.locator("#show-all").click()
    assert items.count() == len(d)
    finish(page, watch)


def test_dyad_page_shows_article_text_as_text(browser: Any, sample_graph: Graph, tmp_path: Path) -> None:
    path = render_dyad(sample_graph, "United States", "North Korea", tmp_path / "dyad.html", title=XSS_SCRIPT)
    watch = Watch()
    page = open_view(browser, path, watch)
    text = page.locator("#claims").inner_text()
    assert f"Washington criticized Pyongyang {XSS_IMG} for its launches." in text
    assert page.locator("#claims img, #claims script").count() == 0
    assert page.title() == XSS_SCRIPT
    finish(page, watch)
    # an actor whose name tries to run script, in the heading and the page's title
    rogue = ID["state/xss"]
    for t in ((rogue, RDF.type, IR.State), (rogue, RDFS.label, Literal(XSS_SVG)), (USA, IR.criticizes, rogue)):
        sample_graph.add(t)
    path = render_dyad(sample_graph, "United States", XSS_SVG, tmp_path / "rogue.html")
    page = open_view(browser, path, watch)
    assert page.locator("h1").inner_text() == f"United States \u2013 {XSS_SVG}"
    assert page.title() == f"United States \u2013 {XSS_SVG}"
    assert page.locator("body svg").count() == 1  # the chart only
    finish(page, watch)


def test_dyad_displays_inline_in_a_notebook(browser: Any, sample_graph: Graph, tmp_path: Path) -> None:
    d = dyad(sample_graph, "France", "North Korea")
    host = tmp_path / "notebook.html"
    host.write_text(
        f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>{d._repr_html_()}"
        f"{dyad_notebook(d)._repr_html_()}</body></html>",
        encoding="utf-8",
    )
    watch = Watch()
    page = browser.new_page(viewport={"width": 1000, "height": 1400})
    watch.attach(page)
    page.goto(host.as_uri())
    assert page.locator(".kg-dyad svg rect.bar").count() == 2  # the cell's own chart
    page.frame_locator("iframe").locator("html[data-kg-ready='1']").wait_for(state="attached", timeout=30_000)
    assert page.frames[1].locator("#claims li").count() == 2
    finish(page, watch)
