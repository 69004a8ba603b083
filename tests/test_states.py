"""kg.analysis.states: people and bodies folded into the states they serve, at each claim's date."""

from __future__ import annotations

import networkx as nx
import pytest
from conftest import CHN, FRA, MACRON, PRK, USA
from rdflib import XSD, Graph, Literal, URIRef

from kg.analysis import Evidence, graph_to_networkx
from kg.analysis.states import affiliations, find_actor, fold_states, office_terms, state_at
from kg.namespace import IR


def graph(*edges: tuple[str, str, str, list[Evidence]], quad: int | None = 1) -> nx.MultiDiGraph:
    """A graph of states (s:...), people (p:...) and bodies (b:...) with the given edges."""
    G = nx.MultiDiGraph()
    for u, v, rel, evidence in edges:
        for node in (u, v):
            cls = {"s": "State", "p": "Official", "b": "GovernmentBody", "o": "Organization"}[node[0]]
            G.add_node(node, label=node.split(":")[1].capitalize(), cls=cls)
        structural = rel in ("leaderOf", "headOfState", "officialOf", "partOf", "memberOf")
        G.add_edge(
            u,
            v,
            key=rel,
            relation=rel,
            quad_class=None if structural else quad,
            goldstein=None if structural else 2.0,
            evidence=evidence,
            factual=True,
        )
    return G


def ev(date: str | None, sentence: str = "s") -> Evidence:
    return Evidence(sentence, "t", date)


def test_people_and_bodies_act_for_their_state() -> None:
    G = graph(
        ("p:ana", "s:aa", "officialOf", [ev("2024-01-05")]),
        ("b:ministry", "s:bb", "partOf", [ev("2024-01-05")]),
        ("p:ben", "b:ministry", "officialOf", [ev("2024-01-05")]),  # an official of a ministry of BB
        ("p:ana", "p:ben", "meetsWith", [ev("2024-02-01", "Ana met Ben.")]),
        ("b:ministry", "s:aa", "criticizes", [ev("2024-03-01", "The ministry criticized AA.")]),
    )
    S = fold_states(G)
    assert sorted(S.nodes) == ["s:aa", "s:bb"]
    edges = {(u, v, k): d for u, v, k, d in S.edges(keys=True, data=True)}
    assert set(edges) == {("s:aa", "s:bb", "meetsWith"), ("s:bb", "s:aa", "criticizes")}
    meets = edges[("s:aa", "s:bb", "meetsWith")]
    assert meets["people"] == [("Ana", 1), ("Ben", 1)] and meets["claims"] == 1
    assert [e.sentence for e in meets["evidence"]] == ["Ana met Ben."] and meets["quad_class"] == 1
    assert edges[("s:bb", "s:aa", "criticizes")]["people"] == [("Ministry", 1)]


def test_the_office_held_at_the_claims_date_wins() -> None:
    # Ana served AA, then BB; her claims count for the state she served on their date.
    G = graph(
        ("p:ana", "s:aa", "officialOf", [ev("2020-05-01")]),
        ("p:ana", "s:bb", "officialOf", [ev("2024-05-01")]),
        ("p:ana", "s:cc", "criticizes", [ev("2020-06-01", "early"), ev("2024-06-01", "late")]),
    )
    edges = {(u, v): [e.sentence for e in d["evidence"]] for u, v, d in fold_states(G).edges(data=True)}
    assert edges == {("s:aa", "s:cc"): ["early"], ("s:bb", "s:cc"): ["late"]}
    # known terms of office outweigh how near the office was stated
    terms = {("p:ana", "s:aa"): (("2019-01-01", "2025-01-01"),), ("p:ana", "s:bb"): (("2025-01-01", None),)}
    edges = {(u, v): [e.sentence for e in d["evidence"]] for u, v, d in fold_states(G, terms).edges(data=True)}
    assert edges == {("s:aa", "s:cc"): ["early", "late"]}
    affs = affiliations(G, terms)
    assert state_at(G, affs, "p:ana", "2026-01-01") == "s:bb"
    assert state_at(G, affs, "s:cc", "2026-01-01") == "s:cc"  # a state acts for itself


def test_a_leader_outranks_an_official_and_claims_within_a_state_drop_out() -> None:
    G = graph(
        ("p:ana", "s:aa", "leaderOf", [ev("2024-01-01")]),
        ("p:ana", "s:bb", "officialOf", [ev("2024-01-01")]),
        ("p:ana", "s:aa", "criticizes", [ev("2024-01-02")]),  # AA -> AA: dropped
        ("p:ana", "s:bb", "supports", [ev("2024-01-02")]),
        ("p:ana", "o:un", "supports", [ev("2024-01-02")]),  # not a state: dropped
    )
    assert [(u, v, k) for u, v, k in fold_states(G).edges(keys=True)] == [("s:aa", "s:bb", "supports")]


def test_unaffiliated_people_and_non_factual_edges_drop_out() -> None:
    G = graph(("p:ana", "s:aa", "criticizes", [ev("2024-01-01")]))
    G.add_edge(
        "s:aa",
        "s:bb",
        key="attacks|Positive|Hypothetical",
        relation="attacks",
        quad_class=4,
        factual=False,
        evidence=[ev("2024-01-01")],
    )
    G.nodes["s:bb"].update(label="Bb", cls="State")
    S = fold_states(G)
    assert S.number_of_edges() == 0 and sorted(S) == ["s:aa", "s:bb"]


def test_sample_graph_folds_macron_into_france(sample_graph: Graph) -> None:
    S = fold_states(graph_to_networkx(sample_graph), office_terms(sample_graph))
    assert {G_cls for _, G_cls in S.nodes(data="cls")} == {"State"} and len(S) == 6
    urges = S.get_edge_data(str(FRA), str(CHN))
    assert list(urges) == ["urges"]
    assert urges["urges"]["people"] == [("Emmanuel Macron", 1)]
    assert S.has_edge(str(USA), str(PRK), "criticizes") and "people" in S.edges[str(USA), str(PRK), "criticizes"]
    assert not S.has_edge(str(MACRON), str(FRA))


def test_office_terms_read_from_claims() -> None:
    g = Graph()
    claim, person, state = URIRef("urn:c1"), URIRef("urn:p"), URIRef("urn:s")
    for t in (
        (claim, IR.validFrom, Literal("2017-05-14", datatype=XSD.date)),
        (claim, IR.validUntil, Literal("2022-05-13", datatype=XSD.date)),
    ):
        g.add(t)
    from rdflib import RDF

    g.add((claim, RDF.subject, person))
    g.add((claim, RDF.object, state))
    assert office_terms(g) == {("urn:p", "urn:s"): (("2017-05-14", "2022-05-13"),)}


def test_find_actor() -> None:
    G = nx.MultiDiGraph()
    G.add_node("urn:jp", label="Japan", alt_labels=["Tokyo", "Nippon"])
    assert find_actor(G, "urn:jp") == find_actor(G, "JAPAN") == find_actor(G, " nippon ") == "urn:jp"
    with pytest.raises(KeyError, match="no actor named 'Edo'"):
        find_actor(G, "Edo")
