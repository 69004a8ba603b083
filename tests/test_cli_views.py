"""The view and query commands (render, query, stats, export), run with click's CliRunner,
and a check that every kg command documents itself with an example."""

from __future__ import annotations

import json
from pathlib import Path

import click
import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import main


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    out = []
    for name, command in sorted(group.commands.items()):
        out.append((prefix + name, command))
        if isinstance(command, click.Group):
            out += _commands(command, prefix + name + " ")
    return out


def test_every_command_has_help_with_an_example(runner: CliRunner) -> None:
    commands = _commands(main)
    assert {"render", "dyad", "query", "stats", "export"} <= {name for name, _ in commands}
    for name, command in commands:
        assert command.help, f"kg {name} has no help"
        examples = [line.strip() for line in command.help.splitlines() if line.strip().startswith("Example:")]
        assert examples, f"kg {name}: its help has no 'Example:' line"
        assert examples[0].startswith(f"Example: kg {name}"), examples[0]
        result = runner.invoke(main, [*name.split(), "--help"])
        assert result.exit_code == 0 and "Example:" in result.output, name


def test_render(runner: CliRunner, sample_ttl: Path, tmp_path: Path) -> None:
    out = tmp_path / "view.html"
    result = runner.invoke(
        main, ["render", str(sample_ttl), "-o", str(out), "--title", "Sample", "--size-by", "pagerank"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"wrote {out}"
    page = out.read_text(encoding="utf-8")
    assert "<title>Sample</title>" in page and '"sizeBy":"pagerank"' in page


def test_render_needs_an_output_and_an_existing_graph(runner: CliRunner, tmp_path: Path) -> None:
    missing = runner.invoke(main, ["render", str(tmp_path / "missing.ttl"), "-o", str(tmp_path / "x.html")])
    assert missing.exit_code == 1 and missing.output.strip().endswith("missing.ttl: does not exist [E001]")
    bad = tmp_path / "bad.ttl"
    bad.write_text("not turtle <<<")
    result = runner.invoke(main, ["render", str(bad), "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 1 and "not valid turtle" in result.output


def test_render_top_and_focus(runner: CliRunner, sample_ttl: Path, tmp_path: Path) -> None:
    out = tmp_path / "focus.html"
    result = runner.invoke(
        main, ["render", str(sample_ttl), "-o", str(out), "--focus", "Macron", "--hops", "2", "--top", "5", "--states"]
    )
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert '"focus":"https://w3id.org/kg-ir/id/person/emmanuel-macron","hops":2' in page and '"top":5' in page
    assert '"view":"states"' in page
    unknown = runner.invoke(main, ["render", str(sample_ttl), "-o", str(out), "--focus", "Atlantis"])
    assert unknown.exit_code == 1 and unknown.output == "kg: no actor named 'Atlantis' in the graph\n"
    assert runner.invoke(main, ["render", str(sample_ttl), "-o", str(out), "--hops", "3"]).exit_code == 2


def test_dyad_prints_a_timeline_or_writes_its_page(runner: CliRunner, sample_ttl: Path, tmp_path: Path) -> None:
    result = runner.invoke(main, ["dyad", str(sample_ttl), "France", "North Korea"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "France – North Korea: 2 claims, 2024-11 to 2025-06"
    assert lines[2].split() == ["2024-11", "0", "0", "1", "0", "-2.0"]
    assert lines[-2].startswith("2025-06-05  France criticizes North Korea: France criticized")
    out = tmp_path / "dyad.html"
    result = runner.invoke(main, ["dyad", str(sample_ttl), "France", "China", "--people", "-o", str(out)])
    assert result.exit_code == 0 and result.output.strip() == f"wrote {out}"
    assert "Emmanuel Macron" in out.read_text(encoding="utf-8")
    unknown = runner.invoke(main, ["dyad", str(sample_ttl), "France", "Atlantis"])
    assert unknown.exit_code == 1 and "no actor named 'Atlantis'" in unknown.output


def test_query_saved_with_params_prints_a_table(runner: CliRunner, sample_ttl: Path) -> None:
    result = runner.invoke(main, ["query", str(sample_ttl), "--name", "who-criticized", "--param", "actor=North Korea"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:3] == ["critic", "criticLabel", "relation"]
    assert "France" in lines[2] and "United States" in lines[3]
    assert lines[-1] == "(2 rows)"


def test_query_formats(runner: CliRunner, sample_ttl: Path) -> None:
    args = ["query", str(sample_ttl), "-n", "treaty-parties", "-p", "treaty=NPT"]
    csv_out = runner.invoke(main, [*args, "--format", "csv"]).output
    assert csv_out.splitlines()[0] == "party,partyLabel,relation,claims,first,last,example"
    assert len(csv_out.splitlines()) == 4
    records = json.loads(runner.invoke(main, [*args, "-f", "json"]).output)
    assert {r["partyLabel"] for r in records} == {"France", "Russia", "China"}


def test_query_text_and_rq_file(runner: CliRunner, sample_ttl: Path, tmp_path: Path) -> None:
    text = "SELECT ?label WHERE { ?s a ir:Leader ; rdfs:label ?label }"
    result = runner.invoke(main, ["query", str(sample_ttl), text, "-f", "csv"])
    assert result.output.splitlines() == ["label", "Emmanuel Macron"]
    rq = tmp_path / "q.rq"
    rq.write_text("# Who does ?s criticize?\n# param s: the critic\nSELECT ?o WHERE { ?s ir:criticizes ?o }\n")
    result = runner.invoke(main, ["query", str(sample_ttl), str(rq), "-p", "s=Washington", "-f", "csv"])
    assert result.output.splitlines() == ["o", "https://w3id.org/kg-ir/id/state/PRK"]


def test_query_lists_saved_queries(runner: CliRunner) -> None:
    result = runner.invoke(main, ["query", "--list"])
    assert result.exit_code == 0
    assert "who-criticized" in result.output and "--param actor=..." in result.output
    assert "non-factual-claims" in result.output


def test_query_usage_errors(runner: CliRunner, sample_ttl: Path) -> None:
    neither = runner.invoke(main, ["query", str(sample_ttl)])
    assert neither.exit_code == 2 and "either QUERY" in neither.output
    both = runner.invoke(main, ["query", str(sample_ttl), "SELECT * {}", "--name", "most-active"])
    assert both.exit_code == 2
    bad_param = runner.invoke(main, ["query", str(sample_ttl), "-n", "who-criticized", "-p", "actor"])
    assert bad_param.exit_code == 2 and "KEY=VALUE" in bad_param.output
    missing = runner.invoke(main, ["query", str(sample_ttl), "-n", "who-criticized"])
    assert missing.exit_code == 1 and "missing parameter actor" in missing.output
    unknown = runner.invoke(main, ["query", str(sample_ttl), "-n", "who-praised"])
    assert unknown.exit_code == 1 and unknown.output.startswith("kg: no saved query named")


def test_stats(runner: CliRunner, sample_ttl: Path) -> None:
    result = runner.invoke(main, ["stats", str(sample_ttl), "--top", "3"])
    assert result.exit_code == 0, result.output
    assert "actors          11" in result.output
    assert "relations       18" in result.output
    assert "4 of 6 signed triangles balanced" in result.output
    assert "most connected  China 5, North Korea 5, Russia 5\n" in result.output


@pytest.mark.parametrize("suffix", [".graphml", ".gexf"])
def test_export(runner: CliRunner, sample_ttl: Path, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"g{suffix}"
    result = runner.invoke(main, ["export", str(sample_ttl), "-o", str(out), "--claims"])
    assert result.exit_code == 0, result.output
    H = nx.read_graphml(out, force_multigraph=True) if suffix == ".graphml" else nx.read_gexf(out)
    assert H.number_of_nodes() == 11 and H.number_of_edges() == 21


def test_export_rejects_other_formats(runner: CliRunner, sample_ttl: Path, tmp_path: Path) -> None:
    result = runner.invoke(main, ["export", str(sample_ttl), "-o", str(tmp_path / "g.csv")])
    assert result.exit_code == 2 and "unsupported export format" in result.output


@pytest.mark.model
def test_build_writes_the_html_view_too(runner: CliRunner, tmp_path: Path) -> None:
    article = tmp_path / "macron.txt"
    article.write_text(
        "Macron Urges China\n\nSINGAPORE, June 5, 2025 (Example News) - French President Emmanuel Macron urged "
        "China to use its influence on North Korea. France criticized North Korea.\n",
        encoding="utf-8",
    )
    out, view = tmp_path / "graph.ttl", tmp_path / "graph.html"
    result = runner.invoke(main, ["build", str(article), "-o", str(out), "--html", str(view), "--quiet"])
    assert result.exit_code == 0, result.output
    page = view.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "vis.Network" in page and '"name":"France"' in page
