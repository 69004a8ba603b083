"""``kg build`` end to end, with the English model: every output format, SHACL
conformance, stable IRIs, one node per entity, facts versus claims, and CLI errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import RDF, RDFS, Dataset, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.cli import main
from kg.namespace import IR
from kg.ontology import load_ontology, load_shapes

pytestmark = pytest.mark.model

ID = "https://w3id.org/kg-ir/id/"
FRA, DEU, RUS, UKR, JPN, IRN, ISR, CHN = (
    URIRef(f"{ID}state/{c}") for c in ("FRA", "DEU", "RUS", "UKR", "JPN", "IRN", "ISR", "CHN")
)
A1, A2 = URIRef(f"{ID}article/a1"), URIRef(f"{ID}article/a2")
FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".trig": "trig", ".nq": "nquads"}
QUADS = {".trig", ".nq"}
ENTITY_CLASSES = {
    IR.State,
    IR.Person,
    IR.Leader,
    IR.Official,
    IR.Organization,
    IR.IntergovernmentalOrganization,
    IR.GovernmentBody,
    IR.ArmedForces,
    IR.NewsAgency,
    IR.PoliticalParty,
    IR.ArmedGroup,
    IR.Company,
    IR.Treaty,
    IR.Forum,
    IR.Place,
    IR.Event,
    IR.Conflict,
}

A1_TEXT = (
    "Allies Condemn Strikes\n"
    "Paris, June 3 (Example Wire) -- France and Germany condemned Russia's attack on Ukraine. "
    "Japan pledged to support Ukraine. Iran did not attack Israel.\n"
)
A2_RECORD = {
    "id": "a2",
    "title": "Leaders Meet In Beijing",
    "date": "2025-06-04",
    "source": "Example News",
    "text": "Chinese President Xi Jinping met French President Emmanuel Macron in Beijing. Paris praised China.",
}


# ---- helpers -----------------------------------------------------------------------


def load(path: Path) -> Graph:
    """The graph in an output file; for TriG and N-Quads, the union of its graphs."""
    fmt = FORMATS[path.suffix]
    if path.suffix not in QUADS:
        g = Graph()
        g.parse(path, format=fmt)
        return g
    union = Graph()
    for named in named_graphs(path).values():
        for triple in named:
            union.add(triple)
    return union


def named_graphs(path: Path) -> dict[URIRef, Graph]:
    ds = Dataset()
    ds.parse(path, format=FORMATS[path.suffix])
    return {g.identifier: g for g in ds.graphs() if len(g)}


def assert_isomorphic(a: Graph, b: Graph) -> None:
    if not isomorphic(a, b):
        _, only_a, only_b = graph_diff(to_isomorphic(a), to_isomorphic(b))
        lines = [f"- {t}" for t in sorted(only_a)[:20]] + [f"+ {t}" for t in sorted(only_b)[:20]]
        pytest.fail("graphs differ:\n" + "\n".join(lines))


def entity_nodes(g: Graph) -> set[URIRef]:
    return {s for s, c in g.subject_objects(RDF.type) if c in ENTITY_CLASSES}


def stderr_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def kg(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def write_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a1.txt").write_text(A1_TEXT, encoding="utf-8")
    (folder / "a2.json").write_text(json.dumps(A2_RECORD), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def outputs(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The corpus built once into each format with ``kg build`` (click's CliRunner)."""
    out = tmp_path_factory.mktemp("out")
    paths = {}
    for suffix in FORMATS:
        path = out / f"graph{suffix}"
        result = kg("build", corpus, "-o", path, "--date", "2025-06-05", "-q")
        assert result.exit_code == 0, result.output
        assert result.stderr == ""
        paths[suffix] = path
    return paths


@pytest.fixture(scope="module")
def graph(outputs: dict[str, Path]) -> Graph:
    return load(outputs[".ttl"])


# ---- formats -----------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [s for s in FORMATS if s != ".ttl"])
def test_every_format_has_the_same_content(outputs: dict[str, Path], graph: Graph, suffix: str) -> None:
    assert_isomorphic(load(outputs[suffix]), graph)


@pytest.mark.parametrize("suffix", sorted(QUADS))
def test_one_named_graph_per_article(outputs: dict[str, Path], suffix: str) -> None:
    graphs = named_graphs(outputs[suffix])
    assert set(graphs) == {A1, A2}
    assert (A1, RDF.type, IR.Article) in graphs[A1] and (A2, RDF.type, IR.Article) not in graphs[A1]
    assert (RUS, IR.attacks, UKR) in graphs[A1]


@pytest.mark.parametrize("suffix", list(FORMATS))
def test_output_conforms_to_the_shapes(outputs: dict[str, Path], suffix: str) -> None:
    from pyshacl import validate

    conforms, _, report = validate(load(outputs[suffix]), shacl_graph=load_shapes(), ont_graph=load_ontology())
    assert conforms, report


def test_summary_is_printed_unless_quiet(corpus: Path, tmp_path: Path) -> None:
    result = kg("build", corpus / "a1.txt", "-o", tmp_path / "a1.ttl")
    assert result.exit_code == 0, result.output
    assert "articles built 1, failed 0" in result.stdout
    assert f"wrote     {tmp_path / 'a1.ttl'}" in result.stdout


# ---- content -----------------------------------------------------------------------


def test_articles_carry_their_metadata(graph: Graph) -> None:
    assert graph.value(A1, IR.articleId) == Literal("a1")
    assert str(graph.value(A1, URIRef("http://purl.org/dc/terms/date"))) == "2025-06-03"
    assert str(graph.value(A2, URIRef("http://purl.org/dc/terms/source"))) == "Example News"


def test_one_node_and_one_label_for_a_state_in_two_articles(graph: Graph) -> None:
    assert list(graph.objects(FRA, RDFS.label)) == [Literal("France")]
    assert set(graph.objects(FRA, IR.mentionedIn)) == {A1, A2}
    assert [s for s in entity_nodes(graph) if str(s).endswith("/FRA") or "france" in str(s).lower()] == [FRA]


def test_every_entity_has_one_label(graph: Graph) -> None:
    assert {e: n for e in entity_nodes(graph) if (n := len(list(graph.objects(e, RDFS.label)))) != 1} == {}


def test_factual_claim_is_a_direct_triple(graph: Graph) -> None:
    assert (JPN, IR.supports, UKR) in graph
    assert (FRA, IR.condemns, RUS) in graph and (DEU, IR.condemns, RUS) in graph
    claims = [
        c
        for c in graph.subjects(RDF.type, IR.Claim)
        if (c, RDF.subject, JPN) in graph and (c, RDF.predicate, IR.supports) in graph
    ]
    assert len(claims) == 1
    assert (claims[0], IR.polarity, IR.Positive) in graph and (claims[0], IR.modality, IR.Asserted) in graph


def test_negated_claim_is_a_statement_only(graph: Graph) -> None:
    assert (IRN, IR.attacks, ISR) not in graph
    negated = [
        c
        for c in graph.subjects(RDF.type, IR.Claim)
        if (c, RDF.subject, IRN) in graph and (c, RDF.predicate, IR.attacks) in graph and (c, RDF.object, ISR) in graph
    ]
    assert len(negated) == 1
    assert (negated[0], IR.polarity, IR.Negative) in graph
    assert str(graph.value(negated[0], IR.sentence)) == "Iran did not attack Israel."


def test_claim_nodes_are_not_entities(graph: Graph) -> None:
    assert not entity_nodes(graph) & set(graph.subjects(RDF.type, IR.Claim))
    assert not entity_nodes(graph) & set(graph.subjects(RDF.type, IR.Article))


# ---- determinism -------------------------------------------------------------------


def test_same_input_twice_gives_the_same_graph(corpus: Path, graph: Graph, tmp_path: Path) -> None:
    again = tmp_path / "again.ttl"
    result = kg("build", corpus, "-o", again, "--date", "2025-06-05", "-q")
    assert result.exit_code == 0, result.output
    second = load(again)
    assert_isomorphic(second, graph)
    assert entity_nodes(second) == entity_nodes(graph)
    assert set(second.subjects(RDF.type, IR.Claim)) == set(graph.subjects(RDF.type, IR.Claim))


def test_subprocess_build_matches_the_in_process_build(corpus: Path, graph: Graph, tmp_path: Path) -> None:
    out = tmp_path / "sub.ttl"
    proc = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(corpus), "-o", str(out), "--date", "2025-06-05"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert "articles built 2, failed 0" in proc.stdout
    assert_isomorphic(load(out), graph)


# ---- errors ------------------------------------------------------------------------


def test_missing_input(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.txt"
    result = kg("build", missing, "-o", tmp_path / "out.ttl")
    assert result.exit_code == 1  # nothing built
    (line,) = stderr_lines(result)
    assert str(missing) in line and "does not exist" in line
    assert not (tmp_path / "out.ttl").exists()


def test_bad_output_extension(corpus: Path, tmp_path: Path) -> None:
    result = kg("build", corpus, "-o", tmp_path / "out.xyz")
    assert result.exit_code == 2  # a wrong command line (README)
    (line,) = stderr_lines(result)
    assert "out.xyz" in line and ".ttl" in line
    assert not (tmp_path / "out.xyz").exists()


def test_malformed_jsonl_line_is_reported_and_the_rest_is_built(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        "\n".join(
            [
                json.dumps({"id": "first", "text": "Japan pledged to support Ukraine."}),
                '{"id": "broken", "text": "Peru',
                json.dumps({"id": "third", "text": "Germany criticized Russia."}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.ttl"
    result = kg("build", corpus, "-o", out, "-q")
    assert result.exit_code == 2  # some skipped
    (line,) = stderr_lines(result)
    assert f"{corpus}:2:" in line
    g = load(out)
    assert {str(o) for o in g.objects(None, IR.articleId)} == {"first", "third"}
    assert (JPN, IR.supports, UKR) in g and (URIRef(f"{ID}state/DEU"), IR.criticizes, RUS) in g


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("latin1.txt", "Talks in Bogotá\nColombia met Perú.\n".encode("latin-1"), "not UTF-8"),
        ("empty.txt", b"", "empty"),
        ("blank.json", b"\n  \n", "empty"),
    ],
)
def test_unreadable_file(tmp_path: Path, name: str, content: bytes, problem: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = kg("build", path, "-o", tmp_path / "out.ttl")
    assert result.exit_code == 1
    (line,) = stderr_lines(result)
    assert str(path) in line and problem in line


def test_a_bad_command_line_exits_with_2(corpus: Path) -> None:
    result = kg("build", corpus)  # neither -o nor --store
    assert result.exit_code == 2 and "give -o OUT or --store DIR" in result.output
    assert kg("build", corpus, "-o", "x.ttl", "--workers", "0").exit_code == 2


def test_build_help_has_an_example() -> None:
    result = kg("build", "--help")
    assert result.exit_code == 0
    assert any(line.strip().startswith("Example: kg build") for line in result.output.splitlines())
