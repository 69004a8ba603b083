"""kg.query: loading every RDF file kg writes, the saved queries on the sample graph, and
parameters bound as RDF terms (never pasted into the query text)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CHN, FRA, MACRON, NPT, PRK, RUS, UKR, USA, XSS_SCRIPT
from rdflib import XSD, Dataset, Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery

from kg.errors import KgError
from kg.namespace import IR
from kg.query import PREFIXES, RESULT_PARAMS, QueryResult, load_graph, run_query, saved_queries, saved_query, to_term

SAVED = [
    "allies-and-adversaries",
    "meetings-visits",
    "most-active",
    "non-factual-claims",
    "relations-with-evidence",
    "treaty-parties",
    "who-criticized",
]


def column(result: QueryResult, name: str) -> list:
    i = result.columns.index(name)
    return [row[i] for row in result.rows]


# ---- loading --------------------------------------------------------------------------


@pytest.mark.parametrize("suffix,fmt", [(".ttl", "turtle"), (".nt", "nt"), (".jsonld", "json-ld")])
def test_load_graph_reads_triple_files(sample_graph: Graph, tmp_path: Path, suffix: str, fmt: str) -> None:
    path = tmp_path / f"g{suffix}"
    sample_graph.serialize(path, format=fmt, encoding="utf-8")
    g = load_graph(path)
    assert len(g) == len(sample_graph)
    assert len(run_query(g, "who-criticized", {"actor": "North Korea"})) == 2


@pytest.mark.parametrize("suffix,fmt", [(".trig", "trig"), (".nq", "nquads")])
def test_load_graph_reads_named_graphs_as_their_union(
    sample_graph: Graph, tmp_path: Path, suffix: str, fmt: str
) -> None:
    ds = Dataset()
    for i, triple in enumerate(sample_graph):
        ds.graph(URIRef(f"https://w3id.org/kg-ir/id/article/a{i % 3 + 1}")).add(triple)
    path = tmp_path / f"g{suffix}"
    ds.serialize(path, format=fmt)
    g = load_graph(path)
    assert isinstance(g, Dataset)
    assert len(run_query(g, "who-criticized", {"actor": "North Korea"})) == 2
    assert len(run_query(g, "relations-with-evidence")) == 19


def test_load_graph_errors_are_one_line_and_coded(tmp_path: Path) -> None:
    with pytest.raises(KgError, match=r"does not exist \[E001\]"):
        load_graph(tmp_path / "missing.ttl")
    (tmp_path / "g.csv").write_text("a,b\n")
    with pytest.raises(KgError, match=r"unsupported graph file extension '.csv'.*\[E013\]"):
        load_graph(tmp_path / "g.csv")
    (tmp_path / "bad.ttl").write_text("this is not turtle <<<\n")
    with pytest.raises(KgError, match=r"bad.ttl: not valid turtle.*\[E013\]") as err:
        load_graph(tmp_path / "bad.ttl")
    assert "\n" not in str(err.value)


def test_a_store_folder_reads_like_a_file(tmp_path: Path, sample_graph: Graph) -> None:
    from kg.records import Article
    from kg.store import Store

    with Store.open(tmp_path / "store") as store:
        store.add_articles([(Article(id="sample", text="."), sample_graph.serialize(format="nt", encoding="utf-8"))])
    g = load_graph(tmp_path / "store")
    assert len(g) == len(sample_graph) and (FRA, IR.criticizes, PRK) in g
    assert len(run_query(tmp_path / "store", "who-criticized", {"actor": "DPRK"})) == 2
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "notes.txt").write_text("mine")
    with pytest.raises(KgError, match=r"not a kg store"):
        load_graph(tmp_path / "plain")


# ---- saved queries --------------------------------------------------------------------


def test_every_saved_query_is_shipped_documented_and_valid() -> None:
    queries = saved_queries()
    assert sorted(queries) == SAVED
    for name, saved in queries.items():
        assert saved.description, name
        assert saved.text.startswith("# "), name
        prepareQuery(saved.text, initNs=PREFIXES)  # parses
        for param in set(saved.params) - RESULT_PARAMS:
            assert f"?{param}" in saved.text, (name, param)
    assert queries["who-criticized"].params.keys() == {"actor"}
    assert queries["meetings-visits"].optional == {"start", "end"}
    assert queries["treaty-parties"].params.keys() == {"treaty"}


def test_who_criticized(sample_graph: Graph) -> None:
    result = run_query(sample_graph, "who-criticized", {"actor": "North Korea"})
    assert column(result, "critic") == [FRA, USA]
    assert [int(c) for c in column(result, "claims")] == [2, 1]
    assert column(result, "first")[0] == Literal("2024-11-20", datatype=XSD.date)
    assert len(run_query(sample_graph, "who-criticized", {"actor": "France"})) == 0
    # "China did not condemn Russia" is no criticism
    assert len(run_query(sample_graph, "who-criticized", {"actor": "Russia"})) == 0


def test_allies_and_adversaries(sample_graph: Graph) -> None:
    result = run_query(sample_graph, "allies-and-adversaries", {"actor": "Russia"})
    stances = {(row[0], str(row[2])) for row in result.rows}
    assert stances == {(PRK, "ally"), (CHN, "ally"), (NPT, "ally"), (UKR, "adversary"), (USA, "adversary")}
    prk = next(row for row in result.rows if row[0] == PRK)
    assert int(prk[3]) == 2 and set(str(prk[4]).split(", ")) == {"aids", "cooperatesWith"}
    assert float(prk[5]) == pytest.approx(13.0)  # Goldstein 7 + 6


def test_meetings_and_visits_in_a_date_range(sample_graph: Graph) -> None:
    result = run_query(sample_graph, "meetings-visits", {"start": "2025-01-01", "end": "2025-12-31"})
    assert [(r[1].value, r[2].value, r[3].value) for r in result.rows] == [
        ("United States", "meetsWith", "China"),
        ("Emmanuel Macron", "attends", "Shangri-La Dialogue"),
    ]
    later = run_query(sample_graph, "meetings-visits", {"start": "2025-04-01", "end": "2025-12-31"})
    assert column(later, "subject") == [MACRON]
    assert len(run_query(sample_graph, "meetings-visits", {"start": "2026-01-01"})) == 0
    # "Macron will visit China" is a future claim, not a visit
    assert all(str(r) != "visits" for r in column(run_query(sample_graph, "meetings-visits"), "relation"))


def test_relations_with_evidence(sample_graph: Graph) -> None:
    everything = run_query(sample_graph, "relations-with-evidence")
    assert len(everything) == 19  # 22 claims, less the negated, hypothetical and future ones
    nato = run_query(sample_graph, "relations-with-evidence", {"actor": "the Alliance"})
    assert [(str(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in nato.rows] == [
        ("NATO", "supports", "Ukraine", "NATO backed Ukraine.")
    ]


def test_most_active_with_limit(sample_graph: Graph) -> None:
    result = run_query(sample_graph, "most-active", {"limit": "3"})
    assert len(result) == 3
    assert result.rows[0][0] == RUS
    assert [int(x) for x in result.rows[0][3:7]] == [5, 3, 8, 3]  # acts, targeted, claims, articles
    assert len(run_query(sample_graph, "most-active")) == 11


def test_treaty_parties(sample_graph: Graph) -> None:
    result = run_query(sample_graph, "treaty-parties", {"treaty": "NPT"})
    assert {(r[0], str(r[2])) for r in result.rows} == {(FRA, "partyTo"), (RUS, "partyTo"), (CHN, "signs")}


def test_non_factual_claims(sample_graph: Graph) -> None:
    result = run_query(sample_graph, "non-factual-claims")
    assert {(str(r[0]), str(r[1]), str(r[2])) for r in result.rows} == {
        ("Russia", "attacks", "NATO"),
        ("China", "condemns", "Russia"),
        ("Emmanuel Macron", "visits", "China"),
    }
    hypothetical = run_query(sample_graph, "non-factual-claims", {"modality": "Hypothetical"})
    assert [(str(r[0]), r[4], str(r[5])) for r in hypothetical.rows] == [("Russia", IR.Hypothetical, "analysts")]
    assert len(run_query(sample_graph, "non-factual-claims", {"modality": "ir:Future"})) == 1
    assert len(run_query(sample_graph, "non-factual-claims", {"actor": "China"})) == 2


# ---- parameters -----------------------------------------------------------------------


def test_to_term(sample_graph: Graph) -> None:
    assert to_term("https://w3id.org/kg-ir/id/state/FRA") == FRA
    assert to_term("<urn:x:y>") == URIRef("urn:x:y")
    assert to_term("kgid:state/FRA") == FRA
    assert to_term("wd:Q142") == URIRef("http://www.wikidata.org/entity/Q142")
    assert to_term("France", sample_graph) == FRA
    assert to_term("pyongyang", sample_graph) == PRK  # alternative label, any case
    assert to_term("Denied") == IR.Denied
    assert to_term("2025-06-05") == Literal("2025-06-05", datatype=XSD.date)
    assert to_term("2025-06") == Literal("2025-06", datatype=XSD.gYearMonth)
    assert to_term("42") == Literal(42)
    assert to_term("0.5") == Literal("0.5", datatype=XSD.decimal)
    assert to_term("France") == Literal("France")  # no graph to look it up in
    assert to_term("Atlantis", sample_graph) == Literal("Atlantis")


def test_values_are_bound_never_pasted(sample_graph: Graph, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = {}
    original = Graph.query

    def spy(self, query_object, *args, **kwargs):
        seen["text"], seen["bindings"] = query_object, kwargs.get("initBindings")
        return original(self, query_object, *args, **kwargs)

    monkeypatch.setattr(Graph, "query", spy)
    hostile = 'x" } UNION { ?critic ?p ?o } #'
    assert len(run_query(sample_graph, "who-criticized", {"actor": hostile})) == 0
    assert hostile not in seen["text"]
    assert seen["text"] == saved_query("who-criticized").text
    assert list(seen["bindings"].values()) == [Literal(hostile)]
    run_query(sample_graph, "who-criticized", {"actor": "North Korea"})
    assert "North Korea" not in seen["text"] and list(seen["bindings"].values()) == [PRK]


def test_parameter_errors(sample_graph: Graph) -> None:
    with pytest.raises(KgError, match=r"missing parameter actor .*\[E012\]"):
        run_query(sample_graph, "who-criticized")
    with pytest.raises(KgError, match=r"unknown parameter colour.*takes actor"):
        run_query(sample_graph, "who-criticized", {"actor": "France", "colour": "red"})
    with pytest.raises(KgError, match="limit must be a whole number"):
        run_query(sample_graph, "most-active", {"limit": "ten"})
    with pytest.raises(KgError, match="no saved query named 'who-praised'"):
        run_query(sample_graph, "who-praised")
    with pytest.raises(KgError, match=r"\[E012\]"):
        run_query(sample_graph, "SELECT ?x WHERE { ?x ?y }")


# ---- ad-hoc queries and results -------------------------------------------------------


def test_sparql_text_and_rq_files(sample_graph: Graph, tmp_path: Path) -> None:
    text = "SELECT ?label WHERE { ?s a ir:State ; rdfs:label ?label } ORDER BY ?label"
    assert [str(v) for v in column(run_query(sample_graph, text), "label")][:2] == ["China", "France"]
    rq = tmp_path / "states.rq"
    rq.write_text("# All states of a class.\n# param cls: the class\nSELECT ?s WHERE { ?s a ?cls }\n")
    assert len(run_query(sample_graph, str(rq), {"cls": "ir:State"})) == 6
    assert len(run_query(sample_graph, str(rq), {"cls": "ir:Leader"})) == 1
    with pytest.raises(KgError, match="no such query file"):
        run_query(sample_graph, str(tmp_path / "missing.rq"))
    ask = run_query(sample_graph, "ASK { ?s ir:sanctions ?o }")
    assert ask.columns == ("ask",) and ask.rows[0][0].toPython() is True
    # a variable of an ad-hoc query can be bound
    assert len(run_query(sample_graph, "SELECT ?o WHERE { ?s ir:criticizes ?o }", {"s": "France"})) == 1


def test_result_formats(sample_graph: Graph) -> None:
    result = run_query(sample_graph, "meetings-visits", {"start": "2025-03-01", "end": "2025-03-31"})
    csv_text = result.to_csv()
    assert csv_text.splitlines()[0] == "date,subjectLabel,relation,objectLabel,sentence,title,subject,object"
    assert "https://w3id.org/kg-ir/id/state/USA" in csv_text
    records = json.loads(result.to_json())
    assert records[0]["subjectLabel"] == "United States" and records[0]["date"] == "2025-03-10"
    assert XSS_SCRIPT in records[0]["title"]
    table = result.to_table()
    assert table.splitlines()[0].split() == list(result.columns)
    assert "kgid:state/USA" in table and table.endswith("(1 row)")
    page = result._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
    assert page.startswith('<table class="kg-query">')
