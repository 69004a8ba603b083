"""kg.render: a self-contained, offline HTML view whose data cannot run script, on the sample
graph and on a synthetic graph of 2,000 actors.  (tests/test_browser.py opens it in Chromium.)"""

from __future__ import annotations

import html
import json
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest
from conftest import (
    CHN,
    FRA,
    MACRON,
    NATO,
    PRK,
    RUS,
    USA,
    XSS_IMG,
    XSS_SCRIPT,
    XSS_SVG,
    add_rogue_leader,
    synthetic_graph,
)
from rdflib import Graph

from kg.analysis import ego_network, graph_to_networkx
from kg.render import QUAD_COLORS, TOP_DEFAULT, graph_data, graph_html, render_html, render_notebook

VOID = {"meta", "link", "input", "br", "img", "hr", "source", "area", "base", "col", "embed", "param", "track", "wbr"}


class _Checker(HTMLParser):
    """Collects tags and checks that every element is closed in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.errors: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack[-3:]}")
        else:
            self.stack.pop()
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def check_page(page: str) -> _Checker:
    checker = _Checker()
    checker.feed(page)
    checker.close()
    assert checker.errors == []
    assert checker.stack == []
    assert page.startswith("<!DOCTYPE html>")
    return checker


def page_data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert match
    return json.loads(match[1])


@pytest.fixture
def page(sample_graph: Graph) -> str:
    return graph_html(sample_graph, title="Sample")


def test_page_is_valid_and_self_contained(page: str) -> None:
    checker = check_page(page)
    tags = [t for t, _ in checker.tags]
    assert tags.count("html") == tags.count("head") == tags.count("body") == 1
    for tag, attrs in checker.tags:
        for name in ("src", "href", "action", "poster", "data"):
            assert name not in attrs, (tag, attrs)  # nothing is loaded from anywhere
        assert tag not in ("link", "iframe", "img", "object", "embed", "base"), tag
    lowered = page.lower()
    assert not re.search(r"bootstrap|cdn\.|cdnjs|jsdelivr|unpkg|googleapis", lowered)
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", page)  # no remote style sheets or fonts
    assert "vis.Network" in page and "stabilizationIterationsDone" in page


def test_only_nonce_tagged_scripts_may_run(page: str) -> None:
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert csp
    policy = dict(part.strip().split(" ", 1) for part in csp[1].split(";"))
    assert policy["default-src"] == "'none'" and policy["connect-src"] == "'none'"
    nonce = re.fullmatch(r"'nonce-([\w-]+)'", policy["script-src"])
    assert nonce
    checker = check_page(page)
    scripts = [attrs for tag, attrs in checker.tags if tag == "script"]
    assert len(scripts) == 3
    for attrs in scripts:
        assert attrs.get("type") == "application/json" or attrs.get("nonce") == nonce[1]
    assert nonce[1] not in graph_html(Graph())  # a fresh nonce for every page


def test_article_text_is_escaped_and_round_trips(page: str, sample_graph: Graph) -> None:
    for raw in (XSS_SCRIPT, XSS_IMG, XSS_SVG, "<script>window", "<img src=x", "<svg onload"):
        assert raw not in page
    data = page_data(page)
    sentences = [ev[0] for edge in data["edges"] for ev in edge["ev"]]
    titles = [ev[1] for edge in data["edges"] for ev in edge["ev"]]
    assert any(XSS_SCRIPT in s for s in sentences) and any(XSS_IMG in s for s in sentences)
    assert any(XSS_SCRIPT in t for t in titles)
    assert any(XSS_SVG in alt for node in data["nodes"] for alt in node["alt"])
    # the page builds its DOM with textContent only
    script = check_page(page).scripts[-1]
    assert "innerHTML" not in script and "outerHTML" not in script and "insertAdjacentHTML" not in script
    assert "document.write" not in script and "eval(" not in script


def test_title_is_escaped_and_placeholders_are_filled_once(sample_graph: Graph) -> None:
    page = graph_html(sample_graph, title="<b>T</b> {{DATA}} {{VIS_JS}}")
    assert "<title>&lt;b&gt;T&lt;/b&gt; {{DATA}} {{VIS_JS}}</title>" in page
    assert page_data(page)["meta"]["title"] == "<b>T</b> {{DATA}} {{VIS_JS}}"
    assert not re.search(r"\{\{[A-Z_]+\}\}", page.replace("{{DATA}} {{VIS_JS}}", ""))


def test_nodes_and_edges_carry_style_and_evidence(page: str) -> None:
    data = page_data(page)
    nodes = {n["id"]: n for n in data["nodes"]}
    edges = {(e["from"], e["to"], e["rel"]): e for e in data["edges"]}
    assert len(nodes) == 11 and len(edges) == 18
    macron, france = nodes[str(MACRON)], nodes[str(FRA)]
    assert (macron["shape"], macron["cls"]) == ("star", "Leader")
    assert (france["shape"], france["cls"], france["wd"]) == ("dot", "State", "Q142")
    assert france["color"]["background"] != macron["color"]["background"]
    assert nodes[str(PRK)]["value"] > nodes[str(MACRON)]["value"]  # sized by degree
    # long labels are drawn short, searched and shown in full
    npt = next(n for n in data["nodes"] if n["cls"] == "Treaty")
    assert npt["label"] == "NPT" and npt["name"].startswith("Treaty on the Non-Proliferation")
    criticizes = edges[(str(FRA), str(PRK), "criticizes")]
    assert criticizes["color"]["color"] == QUAD_COLORS[3]
    assert criticizes["claims"] == 2 and "label" not in criticizes  # the page adds labels when they are on
    assert [ev[2] for ev in criticizes["ev"]] == ["2024-11-20", "2025-06-05"]
    assert edges[(str(USA), str(CHN), "meetsWith")]["color"]["color"] == QUAD_COLORS[1]
    assert edges[(str(USA), str(CHN), "meetsWith")]["arrows"]["to"]["enabled"] is False  # symmetric
    assert edges[(str(MACRON), str(CHN), "urges")]["arrows"]["to"]["enabled"] is True
    assert edges[(str(MACRON), str(FRA), "leaderOf")]["dashes"] is True  # structural
    assert (str(CHN), str(RUS), "condemns") not in edges  # the negated claim is no edge
    assert not any(e["rel"] in ("condemns", "attacks", "visits") for e in data["edges"])
    # parallel edges bend apart
    bends = sorted(
        e["smooth"]["enabled"]
        for e in data["edges"]
        if {e["rel"]} <= {"aids", "cooperatesWith"} and e["to"] == str(PRK)
    )
    assert bends == [False, True]


def test_legend_filters_and_date_range(page: str) -> None:
    meta = page_data(page)["meta"]
    assert [c["name"] for c in meta["classes"]][0] == "State"
    assert {c["name"] for c in meta["classes"]} == {
        "State",
        "Leader",
        "IntergovernmentalOrganization",
        "Treaty",
        "Forum",
        "Place",
    }
    groups = {g["name"]: [r["name"] for r in g["relations"]] for g in meta["relationGroups"]}
    assert groups["Verbal conflict"] == ["criticizes"]
    assert groups["Material conflict"] == ["inConflictWith", "sanctions"]
    assert groups["Structural"] == ["leaderOf", "locatedIn"]
    assert list(groups)[0] == "Verbal cooperation" and list(groups)[-1] == "Structural"
    day = 86400
    assert time.strftime("%Y-%m-%d", time.gmtime(meta["dayMin"] * day)) == "2022-02-01"
    assert time.strftime("%Y-%m-%d", time.gmtime(meta["dayMax"] * day)) == "2025-06-05"


def test_size_by_centrality(sample_graph: Graph) -> None:
    between = {n["id"]: n["value"] for n in page_data(graph_html(sample_graph, size_by="betweenness"))["nodes"]}
    assert between[str(CHN)] > between[str(MACRON)] > 0
    assert between[str(NATO)] == 0.0  # a leaf lies on no shortest path
    rank = {n["id"]: n["value"] for n in page_data(graph_html(sample_graph, size_by="pagerank"))["nodes"]}
    assert sum(rank.values()) == pytest.approx(1.0) and min(rank.values()) > 0
    with pytest.raises(ValueError, match="size_by"):
        graph_html(sample_graph, size_by="colour")


def test_render_html_writes_a_file_from_a_graph_or_a_path(
    sample_graph: Graph, sample_ttl: Path, tmp_path: Path
) -> None:
    out = render_html(sample_graph, tmp_path / "deep" / "view.html")
    assert out == tmp_path / "deep" / "view.html"
    assert "<title>view</title>" in out.read_text(encoding="utf-8")
    from_file = render_html(sample_ttl, tmp_path / "from-file.html", title="From file")
    assert len(page_data(from_file.read_text(encoding="utf-8"))["nodes"]) == 11
    assert not list(tmp_path.glob("**/*.part"))


def test_networkx_subgraphs_render(sample_graph: Graph) -> None:
    ego = ego_network(graph_to_networkx(sample_graph), "Macron")
    assert len(page_data(graph_html(ego))["nodes"]) == 4
    empty = page_data(graph_html(nx.MultiDiGraph()))
    assert (empty["nodes"], empty["edges"], empty["meta"]["dayMin"]) == ([], [], None)


def test_notebook_view_is_one_escaped_iframe(sample_graph: Graph) -> None:
    view = render_notebook(sample_graph, title="Inline", height=500)
    shown = view._repr_html_()
    assert shown.startswith('<iframe srcdoc="&lt;!DOCTYPE html&gt;') and shown.endswith("</iframe>")
    assert shown.count("<") == 2  # the iframe's own tags; the page is all in the escaped attribute
    assert 'sandbox="allow-scripts"' in shown and "height:500px" in shown
    srcdoc = re.search(r'srcdoc="([^"]*)"', shown)
    assert srcdoc and html.unescape(srcdoc[1]) == view.html
    assert XSS_SCRIPT not in html.unescape(srcdoc[1])


def test_two_thousand_actors_open_on_the_top_ones(tmp_path: Path) -> None:
    g = synthetic_graph(2000, 4000)
    start = time.perf_counter()
    out = render_html(g, tmp_path / "big.html")
    elapsed = time.perf_counter() - start
    assert elapsed < 60
    page = out.read_text(encoding="utf-8")
    check_page(page)
    data = page_data(page)
    assert len(data["nodes"]) == 2000 and len(data["edges"]) > 3500
    assert data["meta"]["top"] == TOP_DEFAULT and data["meta"]["threshold"] == 300
    ranked = sorted(data["nodes"], key=lambda n: n["rank"])
    assert [n["rank"] for n in ranked] == list(range(2000))
    values = [n["value"] for n in ranked]
    assert values == sorted(values, reverse=True)  # the top N are the best-connected
    assert "label" not in data["edges"][0]
    assert data["options"]["layout"]["improvedLayout"] is False
    assert "setOptions({ physics: { enabled: false } })" in page  # frozen once it has settled


def test_small_graphs_show_every_actor_and_top_zero_means_all(sample_graph: Graph) -> None:
    assert graph_data(sample_graph)["meta"]["top"] == 11
    assert graph_data(sample_graph, top=3)["meta"]["top"] == 3
    assert graph_data(synthetic_graph(400, 500), top=0)["meta"]["top"] == 400
    with pytest.raises(ValueError, match="top"):
        graph_data(sample_graph, top=-1)


def test_focus_is_resolved_by_name(sample_graph: Graph) -> None:
    meta = graph_data(sample_graph, focus="Macron", hops=2)["meta"]
    assert (meta["focus"], meta["hops"]) == (str(MACRON), 2)
    assert graph_data(sample_graph)["meta"]["focus"] is None
    assert graph_data(sample_graph)["meta"]["view"] == "actors"
    assert graph_data(sample_graph, states=True)["meta"]["view"] == "states"
    with pytest.raises(KeyError, match="Atlantis"):
        graph_data(sample_graph, focus="Atlantis")
    with pytest.raises(ValueError, match="hops"):
        graph_data(sample_graph, focus="Macron", hops=3)


def test_states_view_folds_people_into_their_state(sample_graph: Graph) -> None:
    add_rogue_leader(sample_graph, XSS_SCRIPT)
    page = graph_html(sample_graph)
    assert XSS_SCRIPT not in page
    states = page_data(page)["states"]
    assert {n["cls"] for n in states["nodes"]} == {"State"} and len(states["nodes"]) == 6
    assert [c["name"] for c in states["classes"]] == ["State"]
    edges = {(e["from"], e["to"], e["rel"]): e for e in states["edges"]}
    assert edges[(str(FRA), str(CHN), "urges")]["people"] == [["Emmanuel Macron", 1]]
    assert edges[(str(FRA), str(RUS), "criticizes")]["people"] == [[XSS_SCRIPT, 1]]
    assert all(e["id"].startswith("s") for e in states["edges"])
    assert edges[(str(USA), str(CHN), "meetsWith")]["ev"][0][0].startswith("US and Chinese envoys met")
