"""kg.analysis: the RDF -> networkx converter and the measures, on the hand-built sample graph
and on small well-known graphs with exact expected values."""

from __future__ import annotations

import copy
import json

import networkx as nx
import pytest
from conftest import (
    CHN,
    FRA,
    MACRON,
    NATO,
    NPT,
    PRK,
    RUS,
    SHANGRI_LA,
    UKR,
    USA,
    XSS_IMG,
    XSS_SCRIPT,
    XSS_SVG,
)
from rdflib import RDF, RDFS, Dataset, Graph, Literal, URIRef

from kg.analysis import (
    Evidence,
    centrality,
    communities,
    ego_network,
    export,
    export_graph,
    graph_summary,
    graph_to_networkx,
    paths,
    signed_graph,
    structural_balance,
    summary,
)
from kg.namespace import IR


@pytest.fixture
def G(sample_graph: Graph) -> nx.MultiDiGraph:
    return graph_to_networkx(sample_graph)


def n(node: URIRef) -> str:
    return str(node)


# ---- graph_to_networkx ----------------------------------------------------------------


def test_nodes_are_the_entities_with_their_attributes(G: nx.MultiDiGraph) -> None:
    assert G.number_of_nodes() == 11  # no article, claim or polarity nodes
    assert all(str(node).startswith("https://w3id.org/kg-ir/id/") for node in G)
    assert not any("/article/" in node or "/claim/" in node for node in G)
    france = G.nodes[n(FRA)]
    assert france["label"] == "France"
    assert france["cls"] == "State"
    assert france["wikidata"] == "Q142"
    assert france["alt_labels"] == ["French Republic", "Paris"]
    assert france["articles"] == 2
    assert france["degree"] == 3  # criticizes PRK, partyTo NPT, leaderOf from Macron
    assert G.nodes[n(MACRON)]["cls"] == "Leader"
    assert G.nodes[n(SHANGRI_LA)]["wikidata"] is None


def test_edges_are_direct_triples_with_evidence(G: nx.MultiDiGraph) -> None:
    assert G.number_of_edges() == 18
    edge = G.edges[n(FRA), n(PRK), "criticizes"]
    assert edge["relation"] == "criticizes"
    assert edge["quad_class"] == 3
    assert edge["goldstein"] == -2.0
    assert edge["plover"] == "ACCUSE"
    assert edge["claims"] == 2
    assert edge["factual"] is True
    assert edge["dates"] == ["2024-11-20", "2025-06-05"]
    assert edge["evidence"] == [
        Evidence(
            "Paris criticized Pyongyang over the missile tests.", "Russia and North Korea deepen ties", "2024-11-20"
        ),
        Evidence(
            "France criticized North Korea's troop deployment to Russia.",
            "Macron urges China to press North Korea",
            "2025-06-05",
        ),
    ]
    # a year-month event date is kept as written
    assert G.edges[n(RUS), n(UKR), "inConflictWith"]["dates"] == ["2022-02"]
    # structural relations have no quad class
    assert G.edges[n(MACRON), n(FRA), "leaderOf"]["quad_class"] is None
    # parallel relations of one pair are separate edges
    assert set(G[n(RUS)][n(PRK)]) == {"cooperatesWith", "aids"}


def test_evidence_keeps_article_text_as_data(G: nx.MultiDiGraph) -> None:
    (evidence,) = G.edges[n(USA), n(CHN), "meetsWith"]["evidence"]
    assert XSS_SCRIPT in evidence.sentence and XSS_SCRIPT in evidence.title
    (evidence,) = G.edges[n(USA), n(PRK), "criticizes"]["evidence"]
    assert XSS_IMG in evidence.sentence


def test_claims_that_are_not_facts_are_not_edges_by_default(G: nx.MultiDiGraph) -> None:
    assert not G.has_edge(n(CHN), n(RUS), "condemns")  # "China did not condemn Russia"
    assert not G.has_edge(n(RUS), n(NATO))  # "Russia could attack NATO"
    assert not G.has_edge(n(MACRON), n(CHN), "visits")  # "Macron will visit China"


def test_claims_flag_adds_non_factual_claims_marked_as_such(sample_graph: Graph) -> None:
    G = graph_to_networkx(sample_graph, claims=True)
    assert G.number_of_edges() == 18 + 3
    negated = G.edges[n(CHN), n(RUS), "condemns|Negative|Asserted"]
    assert negated["factual"] is False
    assert (negated["polarity"], negated["modality"]) == ("Negative", "Asserted")
    assert negated["evidence"][0].sentence == "China did not condemn Russia."
    assert G.edges[n(RUS), n(NATO), "attacks|Positive|Hypothetical"]["modality"] == "Hypothetical"
    # the measures ignore them
    assert signed_graph(G).edges[n(CHN), n(RUS)]["negative"] == 0
    assert summary(G).relations == 18


def test_direct_triple_without_claims_takes_annotations_from_the_ontology() -> None:
    g = Graph()
    for node, label in ((FRA, "France"), (CHN, "China")):
        g.add((node, RDF.type, IR.State))
        g.add((node, RDFS.label, Literal(label)))
    g.add((FRA, IR.sanctions, CHN))
    G = graph_to_networkx(g)
    edge = G.edges[n(FRA), n(CHN), "sanctions"]
    assert (edge["quad_class"], edge["goldstein"], edge["plover"]) == (4, -4.0, "SANCTION")
    assert (edge["claims"], edge["evidence"], edge["dates"]) == (0, [], [])


def test_dataset_with_named_graphs_reads_as_their_union(sample_graph: Graph) -> None:
    ds = Dataset(default_union=True)
    for i, triple in enumerate(sample_graph):
        ds.graph(URIRef(f"https://w3id.org/kg-ir/id/article/g{i % 3}")).add(triple)
    G1, G2 = graph_to_networkx(sample_graph), graph_to_networkx(ds)
    assert sorted(G1.edges(keys=True)) == sorted(G2.edges(keys=True))
    assert dict(G1.nodes(data="label")) == dict(G2.nodes(data="label"))


def test_empty_graph() -> None:
    G = graph_to_networkx(Graph())
    assert (G.number_of_nodes(), G.number_of_edges()) == (0, 0)
    assert list(centrality(G)) == []
    assert list(communities(G)) == []
    assert structural_balance(signed_graph(G)).ratio == 1.0
    assert summary(G).actors == 0


# ---- measures on small known graphs ---------------------------------------------------


def test_centrality_exact_values_on_a_path() -> None:
    G = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "d")])
    between = {r.node: r.score for r in centrality(G, "betweenness", top=None)}
    assert between == {"a": 0.0, "b": pytest.approx(2 / 3), "c": pytest.approx(2 / 3), "d": 0.0}
    degree = {r.node: r.score for r in centrality(G, "degree", top=None)}
    assert degree == {
        "a": pytest.approx(1 / 3),
        "b": pytest.approx(2 / 3),
        "c": pytest.approx(2 / 3),
        "d": pytest.approx(1 / 3),
    }


def test_pagerank_matches_known_values() -> None:
    cycle = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "a")])
    assert [round(r.score, 6) for r in centrality(cycle, "pagerank")] == [round(1 / 3, 6)] * 3
    star = nx.MultiDiGraph([("a", "hub"), ("b", "hub"), ("c", "hub")])
    ranking = centrality(star, "pagerank")
    assert ranking[0].node == "hub"
    assert sum(r.score for r in ranking) == pytest.approx(1.0)


def test_centrality_rejects_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown centrality"):
        centrality(nx.MultiDiGraph(), "closeness")


def test_communities_split_two_blocs_joined_by_conflict() -> None:
    G = nx.MultiDiGraph()
    for a, b in (("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z")):
        G.add_edge(a, b, key="cooperatesWith", quad_class=2)
    for _ in range(3):
        G.add_edge("c", "x", quad_class=4)
    blocs = communities(G)
    assert sorted(map(sorted, blocs)) == [["a", "b", "c"], ["x", "y", "z"]]
    assert blocs.modularity > 0.3
    assert list(communities(G)) == list(blocs)  # seeded: the same every time


def test_signed_graph_sums_signs_per_pair() -> None:
    G = nx.MultiDiGraph()
    G.add_edge("a", "b", quad_class=1)
    G.add_edge("b", "a", quad_class=2)
    G.add_edge("a", "b", quad_class=3)
    G.add_edge("a", "c", quad_class=4)
    G.add_edge("a", "d", quad_class=None)  # structural: left out
    G.add_edge("c", "d", quad_class=1, factual=False)  # not a fact: left out
    G.add_edge("d", "e", quad_class=1)
    G.add_edge("e", "d", quad_class=4)  # a tie
    S = signed_graph(G)
    assert S.edges["a", "b"] == {"weight": 1, "positive": 2, "negative": 1, "sign": 1}
    assert S.edges["a", "c"]["sign"] == -1
    assert S.edges["d", "e"]["sign"] == 0
    assert not S.has_edge("a", "d") and not S.has_edge("c", "d")


def test_structural_balance_of_the_four_triads() -> None:
    S = nx.Graph()
    triads = {"+++": (1, 1, 1), "+--": (1, -1, -1), "++-": (1, 1, -1), "---": (-1, -1, -1)}
    for name, signs in triads.items():
        a, b, c = (f"{name}{i}" for i in range(3))
        S.add_edges_from([(a, b, {"sign": signs[0]}), (b, c, {"sign": signs[1]}), (a, c, {"sign": signs[2]})])
    balance = structural_balance(S)
    assert (balance.triangles, balance.balanced) == (4, 2)
    assert balance.ratio == 0.5
    assert {frozenset(t) for t in balance.unbalanced} == {
        frozenset({"++-0", "++-1", "++-2"}),
        frozenset({"---0", "---1", "---2"}),
    }


def test_measures_do_not_change_G(G: nx.MultiDiGraph) -> None:
    before = (copy.deepcopy(dict(G.nodes(data=True))), sorted(G.edges(keys=True, data=True), key=str))
    centrality(G, "betweenness")
    centrality(G, "pagerank")
    communities(G)
    structural_balance(signed_graph(G))
    ego_network(G, "France")
    paths(G, "NATO", "France")
    summary(G)
    assert before == (dict(G.nodes(data=True)), sorted(G.edges(keys=True, data=True), key=str))


# ---- measures on the sample -----------------------------------------------------------


def test_sample_centrality(G: nx.MultiDiGraph) -> None:
    top = centrality(G, "degree", top=4)
    assert [r.label for r in top] == ["China", "North Korea", "Russia", "United States"]
    assert top[0].score == pytest.approx(0.5)
    assert "China" in str(top)


def test_sample_signed_network_and_balance(G: nx.MultiDiGraph) -> None:
    S = signed_graph(G)
    assert S.edges[n(RUS), n(PRK)]["weight"] == 2  # cooperatesWith + aids
    assert S.edges[n(USA), n(RUS)]["sign"] == -1  # sanctions
    assert S.edges[n(CHN), n(RUS)]["weight"] == 1  # the negated condemnation does not count
    assert not S.has_edge(n(MACRON), n(FRA))  # leaderOf is structural
    balance = structural_balance(S)
    assert (balance.triangles, balance.balanced) == (6, 4)
    assert balance.unbalanced == (("China", "North Korea", "United States"), ("China", "Russia", "United States"))


def test_sample_ego_network_by_label_or_alt_label(G: nx.MultiDiGraph) -> None:
    expected = {n(MACRON), n(FRA), n(CHN), n(SHANGRI_LA)}
    assert set(ego_network(G, "Emmanuel Macron")) == expected
    assert set(ego_network(G, "macron")) == expected
    assert set(ego_network(G, n(MACRON))) == expected
    assert len(ego_network(G, "Macron", radius=2)) > len(expected)
    assert ego_network(G, "Macron").edges[n(MACRON), n(CHN), "urges"]["claims"] == 1
    with pytest.raises(KeyError, match="no actor named"):
        ego_network(G, "Atlantis")


def test_sample_paths(G: nx.MultiDiGraph) -> None:
    found = paths(G, "NATO", "Paris", cutoff=4)
    assert len(found) == 3
    assert all(len(p) == 5 and p[0] == n(NATO) and p[-1] == n(FRA) for p in found)
    assert "NATO -supports-> Ukraine <-inConflictWith- Russia" in str(found)
    assert len(paths(G, "NATO", "France", cutoff=3)) == 0
    assert str(paths(G, "NATO", "France", cutoff=3)) == "no path"


def test_sample_communities_cover_every_actor_once(G: nx.MultiDiGraph) -> None:
    blocs = communities(G)
    members = [node for group in blocs for node in group]
    assert sorted(members) == sorted(G)
    assert any({n(RUS), n(PRK), n(CHN)} <= set(group) for group in blocs)


def test_summary(G: nx.MultiDiGraph) -> None:
    s = summary(G)
    assert (s.actors, s.relations, s.articles, s.claims) == (11, 18, 3, 22)
    assert s.classes[0] == ("State", 6)
    assert dict(s.quad_classes) == {
        "verbal cooperation": 9,
        "material cooperation": 3,
        "verbal conflict": 2,
        "material conflict": 2,
    }
    assert (s.first_date, s.last_date) == ("2022-02", "2025-06-05")
    assert (s.triangles, s.balanced) == (6, 4)
    assert s.components == 1
    text = str(s)
    assert "actors          11" in text and "most connected  China 5" in text


def test_result_objects_show_themselves_escaped_in_notebooks(G: nx.MultiDiGraph) -> None:
    H = G.copy()
    H.nodes[n(NATO)]["label"] = XSS_SVG
    for html_text in (
        centrality(H, top=None)._repr_html_(),
        communities(H)._repr_html_(),
        summary(H)._repr_html_(),
        paths(H, "Ukraine", XSS_SVG)._repr_html_(),
        structural_balance(signed_graph(H))._repr_html_(),
    ):
        assert html_text.startswith("<table>")
        assert "<svg" not in html_text
    assert "&lt;svg onload=" in centrality(H, top=None)._repr_html_()


# ---- export ---------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".graphml", ".gexf"])
def test_export_round_trips_for_gephi(G: nx.MultiDiGraph, tmp_path, suffix: str) -> None:
    path = export(G, tmp_path / f"graph{suffix}")
    H = nx.read_graphml(path, force_multigraph=True) if suffix == ".graphml" else nx.read_gexf(path)
    assert H.number_of_nodes() == 11
    assert H.number_of_edges() == 18
    labels = {data.get("label") for _, data in H.nodes(data=True)}
    assert {"France", "North Korea"} <= labels
    edge = next(
        data
        for u, v, data in H.edges(data=True)
        if u == n(FRA) and v == n(PRK) and data.get("relation") == "criticizes"
    )
    assert int(edge["quad_class"]) == 3 and int(edge["claims"]) == 2
    assert json.loads(edge["dates"]) == ["2024-11-20", "2025-06-05"]
    assert json.loads(edge["evidence"])[0]["title"] == "Russia and North Korea deepen ties"


def test_export_rejects_unknown_format(G: nx.MultiDiGraph, tmp_path) -> None:
    with pytest.raises(ValueError, match="unsupported export format"):
        export(G, tmp_path / "graph.csv")
    with pytest.raises(ValueError, match="unsupported export format"):
        export_graph(Graph(), tmp_path / "graph.csv")


def test_file_helpers_read_rdf_files(sample_ttl, tmp_path) -> None:
    assert graph_summary(sample_ttl).relations == 18
    out = export_graph(sample_ttl, tmp_path / "g.graphml", claims=True)
    assert nx.read_graphml(out, force_multigraph=True).number_of_edges() == 21
    assert graph_summary(sample_ttl).top_actors[0] == ("China", 5)
    assert str(NPT).endswith("npt")
