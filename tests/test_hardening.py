"""Hardening (issue 12): no input costs other articles, hangs a build, or is silently lost.

Each numbered case of the issue has a test here, under its number, that fails on the code
before the fix; a Hypothesis suite pushes random Unicode through ingest, the RDF writer
and every output format, and random JSON-lines files with bad lines through ingest and
through a whole build.  The tests marked ``model`` run the English model (the session's
``nlp``); some add faulty components to it for one test.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
import pytest
import spacy
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import RDF, XSD, Dataset, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from spacy.language import Language
from spacy.tokens import Doc

from kg.build import Extracted, build_graph
from kg.build.executor import extract_batch
from kg.cli import main
from kg.components.limits import NOTES_KEY, SentenceLimit
from kg.dates import parse_date
from kg.errors import Codes, InputError, InputWarning, KgError
from kg.files import read_text
from kg.ingest import article_from_record, article_from_text, chunk_bounds, clean_text, read_articles
from kg.namespace import IR
from kg.pipeline import Limits, make_doc
from kg.query import has_service, query_store, run_query
from kg.rdf import FORMATS, QUAD_FORMATS, article_graph, article_iri, write_graph, xml_safe_text
from kg.records import Article, Claim, Entity
from kg.store import Store

ROOT = Path(__file__).resolve().parents[1]
REUTERS = next(
    (
        p / "shared/corpus/reuters/reuters21578.jsonl"
        for p in (ROOT.parent, ROOT.parent.parent)
        if (p / "shared/corpus/reuters/reuters21578.jsonl").exists()
    ),
    Path("/nonexistent"),
)
# Characters that broke or might break a writer: lone surrogates, C0 and C1 controls, line
# and paragraph separators, bidi marks, a BOM, noncharacters, emoji, combining marks.
SPECIALS = (
    "\ud800\udfff\x00\x01\x0b\x0c\x1b\x7f\x85\x9f\u2028\u2029\u200f\u202e\u2066\ufeff\ufffe\uffff😀👍🏽\u0301\t\r\n"
)
FRA = Entity("state/FRA", "State", "France", "Q142", iso3="FRA")
RUS = Entity("state/RUS", "State", "Russia", "Q159", iso3="RUS")
SETTINGS = settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


# ---- helpers -------------------------------------------------------------------------


def read_all(*paths: Path | str, **options) -> tuple[list[Article], list[InputError]]:
    items = list(read_articles(paths, **options))
    return [a for a in items if isinstance(a, Article)], [e for e in items if isinstance(e, InputError)]


def assert_one_line(err: InputError, where: str, code: str) -> None:
    message = str(err)
    assert "\n" not in message and where in message and message.endswith(f"[{code}]"), message
    assert err.code == code, message


def assert_isomorphic(a: Graph, b: Graph) -> None:
    if not isomorphic(a, b):
        _, only_a, only_b = graph_diff(to_isomorphic(a), to_isomorphic(b))
        lines = [f"- {t}" for t in sorted(only_a)[:10]] + [f"+ {t}" for t in sorted(only_b)[:10]]
        pytest.fail("graphs differ:\n" + "\n".join(lines))


@contextmanager
def no_hang(seconds: int = 10) -> Iterator[None]:
    """Fail instead of hanging: an alarm interrupts a blocked open or read."""

    def alarm(signum, frame):
        raise TimeoutError(f"still running after {seconds} s")

    old = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def records_of(article: Article) -> tuple[list[Entity], list[Claim]]:
    """Hand-made entities and claims over ``article``'s own text: no model needed."""
    text = article.text
    mid = len(text) // 2
    start, end = (0, mid) if mid else (0, len(text))
    person = Entity("person/x", "Person", article.title or text[:40] or "x", alt_labels=frozenset({text[:20]}))
    claims = [
        Claim(
            "state/FRA",
            "criticizes",
            "state/RUS",
            start,
            end,
            text[start:end],
            text[start : start + 9],
            "test",
            attribution=text[mid:],
            event_date="2024-03",
        ),
        Claim("person/x", "visits", "state/RUS", mid, len(text), text[mid:], "visit", "test", polarity="Negative"),
    ]
    return [FRA, RUS, person], claims


def graphs_of(articles: list[Article]) -> dict[URIRef, Graph]:
    return {article_iri(a): article_graph(a, *records_of(a)) for a in articles}


def assert_every_format_round_trips(graphs: dict[URIRef, Graph], folder: Path) -> None:
    """Write ``graphs`` in every format kg writes; each file parses back to the same graphs."""
    union = Graph()
    for g in graphs.values():
        union += g
    for suffix, fmt in FORMATS.items():
        path = folder / f"out{suffix}"
        write_graph(graphs, path)
        if fmt in QUAD_FORMATS:
            ds = Dataset()
            ds.parse(path, format=fmt)
            back = {g.identifier: g for g in ds.graphs() if len(g)}
            assert set(back) == set(graphs), suffix
            for name, g in graphs.items():
                assert_isomorphic(g, back[name])
        else:
            back_graph = Graph()
            back_graph.parse(path, format=fmt)
            assert_isomorphic(union, back_graph)


# ---- 1. an over-long text must not cost the batch (ingest part) ------------------------


def test_1_multi_megabyte_line_is_read_with_its_neighbour_and_cut_at_boundaries(tmp_path: Path) -> None:
    sentence = "France and Peru signed a trade pact in Lima on Tuesday. "
    long_text = "Trade Pact Signed\n" + "\n".join(sentence * 40 for _ in range(2500))  # about 5.6 MB
    path = tmp_path / "corpus.jsonl"
    path.write_text(
        json.dumps({"id": "long", "text": long_text})
        + "\n"
        + json.dumps({"id": "good", "text": "Chile met Mali."})
        + "\n",
        encoding="utf-8",
    )
    articles, errors = read_all(path)
    assert errors == [] and [a.id for a in articles] == ["long", "good"]
    long = articles[0]
    assert len(long.text) > 5_000_000
    bounds = chunk_bounds(long, 100_000)
    assert all(0 < e - s <= 100_000 for s, e in bounds)
    assert all(a[1] <= b[0] for a, b in zip(bounds, bounds[1:], strict=False))  # in order, no overlap
    covered = {(seg.start, seg.end) for seg in long.segments if any(s <= seg.start and seg.end <= e for s, e in bounds)}
    assert covered == {(seg.start, seg.end) for seg in long.segments}  # no paragraph is cut


def test_1_one_paragraph_over_the_limit_is_cut_after_a_sentence() -> None:
    article = article_from_text("Talks\n" + "Peru met Chile. " * 1000, "x")
    bounds = chunk_bounds(article, 1000)
    assert all(article.text[s:e].rstrip().endswith((".", "Talks")) for s, e in bounds)
    gaps = [article.text[a[1] : b[0]] for a, b in zip(bounds, bounds[1:], strict=False)]
    assert all(not gap.strip() for gap in gaps) and bounds[0][0] == 0 and bounds[-1][1] == len(article.text.rstrip())


def test_1_a_file_over_the_byte_limit_is_reported_and_the_others_read(tmp_path: Path) -> None:
    big, good = tmp_path / "big.txt", tmp_path / "good.txt"
    big.write_text("Big\n" + "x" * 5000, encoding="utf-8")
    good.write_text("Good\nPeru met Chile.\n", encoding="utf-8")
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"text": "y" * 5000}) + "\n" + json.dumps({"text": "Mali met Chad."}) + "\n")
    articles, errors = read_all(big, good, feed, max_bytes=1000)
    assert [a.id for a in articles] == ["good", "feed-2"]
    assert_one_line(errors[0], str(big), Codes.TOO_LARGE)
    assert_one_line(errors[1], f"{feed}:1", Codes.TOO_LARGE)
    assert "5,004 bytes" in str(errors[0])


# ---- 2. a lone surrogate (or a control character) must not abort anything -------------


def test_2_lone_surrogate_in_json_becomes_a_replacement_character(tmp_path: Path) -> None:
    path = tmp_path / "sur.jsonl"
    path.write_text(
        '{"id":"sur","title":"Row \\ud83d Deepens","text":"France criticized Russia \\ud800 here."}\n'
        '{"id":"ok","text":"Chile met Mali."}\n',
        encoding="utf-8",
    )
    (article, other), errors = read_all(path)
    assert errors == [] and other.id == "ok"
    body = "France criticized Russia \ufffd here."
    assert article.title == "Row \ufffd Deepens" and article.text.endswith(body)
    assert len(body) == len("France criticized Russia \ud800 here.")  # offsets kept
    assert article.content_hash
    assert_every_format_round_trips(graphs_of([article, other]), tmp_path)


def test_2_control_characters_are_replaced_in_every_field_and_keep_offsets() -> None:
    record = {
        "id": "c\x01",
        "title": "A\x1bB",
        "source": "Wire\x85",
        "url": "https://x.example/\x7f",
        "text": "France\x00 met\x0b Peru.\tChile\r\nmet Mali.",
    }
    article = article_from_record(record, "f.json")
    assert (article.id, article.title, article.source, article.url) == (
        "c\ufffd",
        "A\ufffdB",
        "Wire\ufffd",
        "https://x.example/\ufffd",
    )
    assert "France\ufffd met\ufffd Peru.\tChile\nmet Mali." in article.text


# ---- 3. articles must never vanish because their ids collide --------------------------


@pytest.mark.parametrize(
    "a, b",
    [
        ("A B", "a-b"),
        ("../../etc/passwd", "etc-passwd"),
        ("Кремль сегодня", "Кремль вчера"),
        ("a/b", "a%2Fb"),
        (".", "%2E"),
        ("x y", "x  y"),
    ],
)
def test_3_distinct_ids_get_distinct_iris(a: str, b: str) -> None:
    assert article_iri(Article(id=a, text=".")) != article_iri(Article(id=b, text="."))


@pytest.mark.parametrize("ident", ["a1", "reuters-1", "story_2.v3", "café", "Кремль"])
def test_3_safe_ids_keep_their_iri(ident: str) -> None:
    assert str(article_iri(Article(id=ident, text="."))) == f"https://w3id.org/kg-ir/id/article/{ident}"


def test_3_files_without_an_id_take_their_path_under_the_input_root(tmp_path: Path) -> None:
    for sub in ("asia", "europe"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "report.txt").write_text(f"Report From {sub.title()}\nPeru met Chile.\n", encoding="utf-8")
    (tmp_path / "top.txt").write_text("Top Story\nMali met Chad.\n", encoding="utf-8")
    (tmp_path / "asia" / "feed.jsonl").write_text('{"text": "Laos met Chad."}\n', encoding="utf-8")
    articles, errors = read_all(tmp_path)
    assert errors == []
    assert [a.id for a in articles] == ["asia/feed-1", "asia/report", "europe/report", "top"]
    assert len({article_iri(a) for a in articles}) == 4


def test_3_same_id_twice_in_a_run_keeps_the_first_and_names_both_places(tmp_path: Path) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.json"
    first.write_text('{"id": "x1", "text": "Peru met Chile."}\n{"id": "x2", "text": "Mali met Chad."}\n')
    second.write_text('[{"id": "x2", "text": "Laos met Fiji."}, {"id": "x3", "text": "Iran met Oman."}]')
    articles, (err,) = read_all(first, second)
    assert [(a.id, a.text) for a in articles] == [
        ("x1", "Peru met Chile."),
        ("x2", "Mali met Chad."),
        ("x3", "Iran met Oman."),
    ]
    assert_one_line(err, str(second), Codes.DUPLICATE_ID)
    assert f"{first}:2" in str(err) and "'x2'" in str(err)


def test_3_two_txt_files_of_the_same_name_given_directly_are_a_duplicate(tmp_path: Path) -> None:
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "report.txt").write_text("Report\nPeru met Chile.\n", encoding="utf-8")
    articles, (err,) = read_all(tmp_path / "a" / "report.txt", tmp_path / "b" / "report.txt")
    assert [a.origin for a in articles] == [str(tmp_path / "a" / "report.txt")]
    assert_one_line(err, str(tmp_path / "b" / "report.txt"), Codes.DUPLICATE_ID)


# ---- 6. dates in the formats news comes in, read strictly -----------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2024-03-01", dt.date(2024, 3, 1)),
        ("2024-03-01T23:30:00-05:00", dt.date(2024, 3, 1)),  # the date as written, not moved to UTC
        ("2024-03-01 08:00:00Z", dt.date(2024, 3, 1)),
        ("Tue, 26 Feb 1987 15:01:01 GMT", dt.date(1987, 2, 26)),
        ("Thu, 26 Feb 1987 15:01:01 +0500", dt.date(1987, 2, 26)),
        ("26-FEB-1987 15:01:01.79", dt.date(1987, 2, 26)),
        ("3-MAR-1987  09:15:05.40", dt.date(1987, 3, 3)),
        ("27-MAR-1987 00:03:35.68&#5;&#5;&#5;F", dt.date(1987, 3, 27)),  # SGML: a control character, another field
        ("27-MAR-1987 00:03:35.68\x05\x05RM", dt.date(1987, 3, 27)),
        ("February 26, 1987", dt.date(1987, 2, 26)),
        ("26 February 1987", dt.date(1987, 2, 26)),
        ("Sept. 5, 2024", dt.date(2024, 9, 5)),
        (" 5 Sep 2024 ", dt.date(2024, 9, 5)),
    ],
)
def test_6_accepted_dates(text: str, expected: dt.date) -> None:
    assert parse_date(text, "f.jsonl", 1) == expected


@pytest.mark.parametrize(
    "value",
    [
        "2024-01-01garbage",
        "2024-W01-1",
        "2024-001",
        "20240101",
        20240101,
        2024.5,
        True,
        ["2024-01-01"],
        "26 Feb 87",
        "03/04/2024",
        "February 2024",
        "June 5",
        "2024-02-30",
        "2024-01-01T25:00",
        "Feb 30, 2024",
        "February 26, 1987 garbage",
        "26 février 1987",
        "٢٠٢٤-٠١-٠١",
        "2024-01-01" + "x" * 5000,
    ],
)
def test_6_refused_dates(value: object) -> None:
    with pytest.raises(InputError) as info:
        parse_date(value, "f.jsonl", 7)
    assert_one_line(info.value, "f.jsonl:7", Codes.BAD_DATE)
    assert len(str(info.value)) < 200


def test_6_a_bad_date_is_reported_once_and_the_article_kept(tmp_path: Path) -> None:
    path = tmp_path / "dated.jsonl"
    lines = [
        {"id": "a", "text": "Peru met Chile.", "date": "2024-01-01garbage"},
        {"id": "b", "text": "Mali met Chad.", "date": 20240101},
        {"id": "c", "text": "Laos met Fiji.", "date": "26-FEB-1987 15:01:01.79"},
    ]
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    articles, errors = read_all(path, default_date="2025-01-01")
    assert [(a.id, a.date) for a in articles] == [
        ("a", dt.date(2025, 1, 1)),
        ("b", dt.date(2025, 1, 1)),
        ("c", dt.date(1987, 2, 26)),
    ]
    assert all(isinstance(e, InputWarning) for e in errors)
    assert_one_line(errors[0], f"{path}:1", Codes.BAD_DATE)
    assert_one_line(errors[1], f"{path}:2", Codes.BAD_DATE)


@pytest.mark.skipif(not REUTERS.exists(), reason="the shared Reuters corpus is not here")
def test_6_every_reuters_story_is_read() -> None:
    items = list(read_articles([REUTERS]))
    articles = [a for a in items if isinstance(a, Article)]
    problems = [e for e in items if isinstance(e, InputError)]
    assert len(articles) == 19043
    assert all(isinstance(e, InputWarning) and e.code == Codes.BAD_DATE for e in problems), problems[:3]
    assert sum(a.date is not None for a in articles) == 19043 - len(problems)
    assert len(problems) <= 2, problems  # an annotator's note, and a time of 605 hours


# ---- 7. RDF/XML output parses back ---------------------------------------------------


def test_7_rdf_xml_holds_control_characters_from_any_graph(tmp_path: Path) -> None:
    node = URIRef("https://w3id.org/kg-ir/id/state/FRA")
    g = Graph()
    g.add((node, IR.trigger, Literal("bad\x01text\x0c here\ufffe")))
    g.add((node, IR.sentence, Literal("tab\tand\nnewline\r fine")))
    for suffix in (".rdf", ".xml"):
        path = tmp_path / f"g{suffix}"
        write_graph({node: g}, path)
        back = Graph().parse(path, format="xml")
        assert {str(o) for o in back.objects(node, IR.trigger)} == {"bad\ufffdtext\ufffd here\ufffd"}
        assert {str(o) for o in back.objects(node, IR.sentence)} == {"tab\tand\nnewline\r fine"}
    odd = URIRef("https://example.org/a\x01b")
    write_graph({odd: Graph().add((odd, IR.trigger, Literal("x")))}, tmp_path / "odd.rdf")
    assert set(Graph().parse(tmp_path / "odd.rdf", format="xml").subjects()) == {URIRef("https://example.org/a%01b")}


def test_7_an_article_with_control_characters_round_trips_in_rdf_xml(tmp_path: Path) -> None:
    article = article_from_record({"id": "ctl\x02", "title": "T\x1f", "text": "France\x01 criticized\x1b Russia."}, "f")
    graphs = graphs_of([article])
    path = tmp_path / "a.rdf"
    write_graph(graphs, path)
    assert_isomorphic(next(iter(graphs.values())), Graph().parse(path, format="xml"))


# ---- 8. special files give one line and never hang ------------------------------------


def test_8_fifo_named_txt_is_skipped_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "x.txt"
    os.mkfifo(fifo)
    good = tmp_path / "y.txt"
    good.write_text("Good\nPeru met Chile.\n", encoding="utf-8")
    with no_hang():
        articles, (err,) = read_all(fifo, good)
        folder_articles, (folder_err,) = read_all(tmp_path)
    assert [a.id for a in articles] == ["y"] == [a.id for a in folder_articles]
    assert_one_line(err, str(fifo), Codes.NOT_A_FILE)
    assert "FIFO" in str(err) and str(folder_err) == str(err)


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/null"])
def test_8_input_linked_to_a_device_is_skipped(tmp_path: Path, target: str) -> None:
    link = tmp_path / "zero.txt"
    link.symlink_to(target)
    with no_hang():
        _, (err,) = read_all(link)
    assert_one_line(err, str(link), Codes.NOT_A_FILE)
    assert "character device" in str(err)


def test_8_folder_where_a_file_is_expected(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_text(tmp_path)
    assert_one_line(info.value, str(tmp_path), Codes.NOT_A_FILE)


def test_8_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("Secret\nPeru met Chile.\n", encoding="utf-8")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as a user who can read anything")
        _, (err,) = read_all(path)
        assert_one_line(err, str(path), Codes.UNREADABLE)
    finally:
        path.chmod(0o644)


# ---- the build: limits, failures kept to their article (1, 4, 10 and "every failure") ---


@Language.component("kg_test_faults")
def faults(doc: Doc) -> Doc:
    """A component that fails on "BOOM" (its message has two lines) and never ends on "STALL"."""
    if "BOOM" in doc.text:
        raise RuntimeError("injected failure\nwith a second line")
    while "STALL" in doc.text:
        time.sleep(0.01)
    return doc


class BatchFaults:
    """A component with a ``pipe`` that fails for any batch holding "CRASH", and on it alone."""

    def __call__(self, doc: Doc) -> Doc:
        if "CRASH" in doc.text:
            raise ValueError("injected batch failure")
        return doc

    def pipe(self, docs, batch_size: int = 128):
        docs = list(docs)
        if any("CRASH" in d.text for d in docs):
            raise ValueError("injected batch failure")
        yield from docs


@Language.factory("kg_test_batch_faults")
def make_batch_faults(nlp: Language, name: str) -> BatchFaults:
    return BatchFaults()


@pytest.fixture
def faulty_nlp(nlp: Language) -> Iterator[Language]:
    """The session's kg pipeline with the two faulty components among kg's own; workers forked from
    this process inherit it (kg.build.executor.process_nlp keeps it)."""
    nlp.add_pipe("kg_test_batch_faults", after="kg_gazetteer")
    nlp.add_pipe("kg_test_faults", after="kg_linker")
    try:
        yield nlp
    finally:
        nlp.remove_pipe("kg_test_faults")
        nlp.remove_pipe("kg_test_batch_faults")


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def stored_ids(folder: Path) -> set[str]:
    with Store.open(folder, read_only=True) as store:
        return {str(o) for o in store.graph().objects(None, IR.articleId)}


@pytest.mark.model
def test_1_a_text_over_spacy_max_length_is_built_in_pieces_with_offsets_into_the_whole(tmp_path: Path, nlp) -> None:
    # over 1,000,000 characters (spaCy's max_length, E088), cheap to parse: long blank lines between sentences
    paragraphs = [f"France criticized Russia over the talks on day {i}." for i in range(200)]
    text = "Talks Stall\n" + ("\n" + " " * 5000 + "\n").join(paragraphs)
    assert len(text) > 1_000_000
    path = write_jsonl(
        tmp_path / "big.jsonl", [{"id": "big", "text": text}, {"id": "small", "text": "Chile met Mali."}]
    )
    result = CliRunner().invoke(main, ["build", str(path), "-o", str(tmp_path / "out.nq"), "-q"])
    assert result.exit_code == 0, result.output
    [warning] = [line for line in result.stderr.splitlines() if line]
    pieces = r"text of 1,0\d\d,\d\d\d characters processed in 1\d pieces of at most 100,000 \[E020\]"
    assert re.fullmatch(rf"kg: {re.escape(str(path))}:1: {pieces}", warning), warning
    ds = Dataset()
    ds.parse(tmp_path / "out.nq", format="nquads")
    big = ds.graph(article_iri(Article(id="big", text="")))
    claims = {c for c in big.subjects(RDF.type, IR.Claim) if (c, RDF.predicate, IR.criticizes) in big}
    spans = sorted((int(big.value(c, IR.charStart)), int(big.value(c, IR.charEnd))) for c in claims)
    assert [text[s:e].strip() for s, e in spans] == paragraphs  # every sentence, offsets into the whole text


@pytest.mark.model
def test_4_a_long_sentence_is_split_with_a_warning(nlp) -> None:
    clauses = [f"France criticized Russia on day {i}" for i in range(80)]  # about 560 tokens, no full stop
    article = article_from_text("Long Sentence\n" + ", ".join(clauses) + ".", "long")
    doc = nlp(make_doc(nlp, article))
    assert max(len(s) for s in doc.sents) <= 200
    [done] = extract_batch(nlp, [article])
    assert done.error is None and b"criticizes" in done.ntriples
    [warning] = done.warnings
    assert_one_line(warning, "long", Codes.LONG_SENTENCE)
    assert "1 sentence(s) over 200 tokens split" in str(warning)


def test_4_sentence_limit_cuts_at_sentence_ends_then_clause_ends() -> None:
    blank = spacy.blank("en")
    limit = SentenceLimit(6)
    doc = limit(blank("a b c . d e f , g h i j k l m n o p"))
    assert [s.text for s in doc.sents] == ["a b c .", "d e f ,", "g h i j k l", "m n o p"]
    assert doc.user_data[NOTES_KEY] == [(0, 18)]  # the run split inside a sentence: where it starts, its tokens
    short = limit(blank("a b c . d e f ."))
    assert short.user_data[NOTES_KEY] == [] and [s.text for s in short.sents] == ["a b c .", "d e f ."]


@pytest.mark.model
@pytest.mark.parametrize("workers", [1, 2])
def test_every_failure_costs_one_article_and_the_store_keeps_the_rest(
    tmp_path: Path, faulty_nlp: Language, workers: int
) -> None:
    store = tmp_path / "store"
    first = write_jsonl(tmp_path / "first.jsonl", [{"id": "old", "text": "Germany criticized Iran."}])
    assert build_graph([first], store=store, progress=False, workers=workers).built == 1
    records = [
        {"id": "a", "text": "France criticized Russia."},
        {"id": "boom", "text": "BOOM: Japan criticized China."},
        {"id": "b", "text": "Peru praised Chile."},
        {"id": "crash", "text": "CRASH: Spain criticized Italy."},
        {"id": "c", "text": "India met Nepal."},
    ]
    corpus = write_jsonl(tmp_path / "corpus.jsonl", records)
    report = build_graph([corpus], store=store, progress=False, workers=workers)
    assert (report.built, report.failed) == (3, 2)
    assert stored_ids(store) == {"old", "a", "b", "c"}
    boom, crash = report.errors
    assert boom == (
        f"{corpus}:2: extraction failed in kg_test_faults (RuntimeError: injected failure with a second line); "
        "skipped [E017]"
    )
    assert crash.startswith(f"{corpus}:4: extraction failed in kg_test_batch_faults (ValueError") and "\n" not in crash


@pytest.mark.model
@pytest.mark.parametrize("workers", [1, 2])
def test_1_an_article_past_the_time_limit_is_skipped_and_the_batch_goes_on(
    tmp_path: Path, faulty_nlp: Language, workers: int
) -> None:
    records = [{"id": "a", "text": "France criticized Russia."}, {"id": "slow", "text": "STALL"}]
    records.append({"id": "b", "text": "Peru praised Chile."})
    corpus = write_jsonl(tmp_path / "corpus.jsonl", records)
    with no_hang(120):
        report = build_graph(
            [corpus], output=tmp_path / "out.nq", progress=False, workers=workers, limits=Limits(seconds=5)
        )
    assert (report.built, report.failed) == (2, 1)
    assert report.errors == [
        f"{corpus}:2: extraction failed in kg_test_faults (over the time limit of 5 s); skipped [E019]"
    ]


@pytest.mark.model
def test_an_article_whose_rdf_cannot_be_written_is_skipped(
    tmp_path: Path, nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kg.build import executor

    def graph_of(article, *args, **kwargs):
        if article.id == "bad":
            raise ValueError("no RDF for this one")
        return article_graph(article, *args, **kwargs)

    monkeypatch.setattr(executor, "article_graph", graph_of)
    corpus = write_jsonl(
        tmp_path / "c.jsonl", [{"id": "bad", "text": "Peru met Chile."}, {"id": "ok", "text": "Chile met Mali."}]
    )
    report = build_graph([corpus], output=tmp_path / "out.ttl", progress=False, nlp=nlp)
    assert (report.built, report.failed) == (1, 1)
    assert report.errors == [f"{corpus}:1: writing its RDF failed (ValueError: no RDF for this one); skipped [E017]"]


class RecordingExecutor:
    """Records the batches it is given; each article's graph is its node alone (no model)."""

    def __init__(self) -> None:
        self.batches: list[list[int]] = []

    def map(self, batches):
        for batch in batches:
            self.batches.append([len(a.text) for a in batch])
            yield [
                Extracted(a, article_graph(a, [], [], prefixes=False).serialize(format="nt", encoding="utf-8"))
                for a in batch
            ]

    def close(self) -> None:
        pass


def test_10_batches_are_bounded_by_characters_not_only_articles(tmp_path: Path) -> None:
    sizes = [300, 300, 300, 2500, 100, 100, 700, 50]
    corpus = write_jsonl(tmp_path / "c.jsonl", [{"id": f"r{i}", "text": "x" * n} for i, n in enumerate(sizes)])
    executor = RecordingExecutor()
    report = build_graph([corpus], progress=False, executor=executor, batch_size=4, limits=Limits(batch_chars=1000))
    assert report.built == len(sizes)
    assert executor.batches == [[300, 300, 300], [2500], [100, 100, 700, 50]]


# ---- 5. stopping a build: no worker outlives it; Ctrl-C keeps what the store holds -------


def children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough articles to keep two workers busy for minutes."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data/articles").glob("*.txt"))]
    records = [{"id": f"a{i}", "text": texts[i % len(texts)]} for i in range(3000)]
    return write_jsonl(tmp_path_factory.mktemp("big") / "big.jsonl", records)


@pytest.mark.model
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("how", ["SIGKILL", "SIGTERM", "SIGINT"])
def test_5_stopping_the_main_process_ends_the_workers(tmp_path: Path, big_corpus: Path, how: str) -> None:
    store = tmp_path / "store"
    cmd = [sys.executable, "-m", "kg", "build", str(big_corpus), "--store", str(store), "--workers", "2"]
    proc = subprocess.Popen([*cmd, "--batch-size", "8"], stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while len(workers := children(proc.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(workers) == 2, "the workers never started"
        time.sleep(20)  # the workers load the model and finish some batches
        workers = children(proc.pid)
        signum = getattr(signal, how)
        if how == "SIGINT":  # Ctrl-C on a terminal signals the whole process group
            os.killpg(proc.pid, signum)
        else:
            os.kill(proc.pid, signum)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    time.sleep(5)
    assert [w for w in workers if running(w)] == []
    if how == "SIGKILL":
        assert proc.returncode == -signal.SIGKILL
    else:
        assert proc.returncode == 128 + signum
        assert [line for line in err.splitlines() if line.strip()] == [
            f"kg: interrupted by {how}; the store keeps the articles written before ({store})"
        ]
    with Store.open(store) as reopened:  # opens for writing: nothing left half-done
        stored = {str(o) for o in reopened.graph().objects(None, IR.articleId)}
        assert reopened.articles() == len(stored) > 0


# ---- 7 and 8: documented behaviour, exit codes, paths --------------------------------


@pytest.fixture
def small_store(tmp_path: Path) -> Path:
    """A store of two hand-made article graphs (no model)."""
    folder = tmp_path / "store"
    a1, a2 = Article(id="a1", text="France.", content_hash="h1"), Article(id="A B", text="Russia.", content_hash="h2")
    with Store.open(folder) as store:
        store.add_articles([(a, nt(a)) for a in (a1, a2)])
    return folder


def nt(article: Article) -> bytes:
    ents, claims = records_of(article)
    return article_graph(article, ents, claims, {}, prefixes=False).serialize(format="nt", encoding="utf-8")


def cli(*args: object) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, [line for line in result.stderr.splitlines() if line.strip()]


@pytest.mark.parametrize("suffix", [".nq", ".trig", ".ttl", ".nt", ".jsonld", ".rdf"])
def test_7_export_writes_every_rdf_format_from_a_store_and_a_file(
    small_store: Path, tmp_path: Path, suffix: str
) -> None:
    out = tmp_path / f"from-store{suffix}"
    assert cli("export", small_store, "-o", out) == (0, [])
    with Store.open(small_store, read_only=True) as store:
        named = {g.identifier: g for g in store.dataset().graphs() if len(g)}
    fmt = FORMATS[suffix]
    if fmt in QUAD_FORMATS:
        back = Dataset()
        back.parse(out, format=fmt)
        assert {g.identifier for g in back.graphs() if len(g)} == set(named)  # one named graph per article
        again = tmp_path / f"from-file{suffix}"
        assert cli("export", out, "-o", again) == (0, [])  # and from that file
        twice = Dataset()
        twice.parse(again, format=fmt)
        for name, g in named.items():
            assert_isomorphic(twice.graph(name), g)
    else:
        union = Graph()
        for g in named.values():
            union += g
        assert_isomorphic(Graph().parse(out, format=fmt), union)


@pytest.mark.parametrize(
    "args, message",
    [
        (["-o", "{tmp}/out.xyz"], "unsupported output extension '.xyz'"),
        (["-o", "{tmp}/out.ttl", "--date", "2024-13-01"], "--date: bad date '2024-13-01'"),
        (["-o", "{tmp}/out.ttl", "--model", "no_such_pipeline"], "spaCy pipeline 'no_such_pipeline' is not installed"),
        (["-o", "/proc/out.ttl"], "/proc/out.ttl: cannot write the output here"),
        (["-o", "{tmp}/folder.ttl"], "is a folder; give a file name for the output"),
        (["-o", "{tmp}/out.ttl", "--html", "{tmp}"], "is a folder; give a file name for the HTML view"),
        (["--store", "/proc/st"], "/proc/st: cannot make a store here"),
    ],
)
def test_7_8_a_wrong_command_line_exits_2_in_one_line_before_any_work(tmp_path: Path, args, message: str) -> None:
    corpus = write_jsonl(tmp_path / "c.jsonl", [{"text": "Peru met Chile."}])
    (tmp_path / "folder.ttl").mkdir()
    code, lines = cli("build", corpus, *[a.format(tmp=tmp_path) for a in args])
    assert code == 2 and len(lines) == 1 and message in lines[0], lines
    assert not (tmp_path / "out.xyz").exists() and not (tmp_path / "out.ttl").exists()


@pytest.mark.model
def test_7_exit_codes_0_all_built_2_some_skipped_1_none(tmp_path: Path, nlp: Language) -> None:
    good = write_jsonl(tmp_path / "good.jsonl", [{"text": "Peru met Chile."}])
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    assert cli("build", good, "-o", tmp_path / "a.ttl", "-q")[0] == 0
    assert cli("build", good, bad, "-o", tmp_path / "b.ttl", "-q")[0] == 2
    assert cli("build", bad, "-o", tmp_path / "c.ttl", "-q")[0] == 1


def damage(store: Path) -> None:
    sst = sorted((store / "oxigraph").glob("*.sst"))
    assert sst, "the store wrote no table file"
    sst[0].unlink()


@pytest.mark.parametrize(
    "command",
    [
        ["build", "{corpus}", "--store", "{store}"],
        ["stats", "{store}"],
        ["query", "{store}", "--name", "most-active"],
        ["render", "{store}", "-o", "{tmp}/view.html"],
        ["export", "{store}", "-o", "{tmp}/out.nq"],
    ],
)
def test_8_a_damaged_store_gives_one_line_and_exit_1(small_store: Path, tmp_path: Path, command: list[str]) -> None:
    damage(small_store)
    corpus = write_jsonl(tmp_path / "c.jsonl", [{"text": "Peru met Chile."}])
    args = [a.format(corpus=corpus, store=small_store, tmp=tmp_path) for a in command]
    code, lines = cli(*args)
    assert code == 1 and len(lines) == 1, lines
    assert f"{small_store}: the store is damaged; build it again into a new folder" in lines[0]
    assert lines[0].endswith("[E013]")


@pytest.mark.parametrize(
    "command, code, message",
    [
        (["stats", "{tmp}/missing.ttl"], 1, "missing.ttl: does not exist [E001]"),
        (["query", "{tmp}/missing.ttl", "--name", "most-active"], 1, "missing.ttl: does not exist [E001]"),
        (["stats", "{fifo}"], 1, "x.ttl: is not a regular file [E016]"),
        (["stats", "{tmp}"], 1, "is a folder but not a kg store"),
        (["render", "{graph}", "-o", "/proc/view.html"], 2, "/proc/view.html: cannot write the HTML view here"),
        (["render", "{graph}", "-o", "{tmp}"], 2, "is a folder; give a file name for the HTML view"),
        (["export", "{graph}", "-o", "/proc/g.graphml"], 2, "/proc/g.graphml: cannot write the export here"),
        (["export", "{graph}", "-o", "/proc/g.nq"], 2, "/proc/g.nq: cannot write the output here"),
    ],
)
def test_8_views_on_bad_paths_give_one_line(tmp_path: Path, command: list[str], code: int, message: str) -> None:
    graph = tmp_path / "g.ttl"
    graph.write_text("<http://ex/a> <http://ex/p> <http://ex/b> .\n", encoding="utf-8")
    fifo = tmp_path / "x.ttl"
    os.mkfifo(fifo)
    with no_hang():
        found = cli(*[a.format(tmp=tmp_path, graph=graph, fifo=fifo) for a in command])
    assert found[0] == code and len(found[1]) == 1 and message in found[1][0], found


def _write_many(path: str, label: str) -> None:
    article = Article(id=label, text=f"{label} criticized Russia.")
    graphs = {article_iri(article): article_graph(article, *records_of(article))}
    for _ in range(40):
        write_graph(graphs, Path(path))


def test_8_two_builds_writing_the_same_output_at_once(tmp_path: Path) -> None:
    out = tmp_path / "same.ttl"
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    writers = [context.Process(target=_write_many, args=(str(out), label)) for label in ("France", "Germany")]
    for w in writers:
        w.start()
    for w in writers:
        w.join(120)
    assert [w.exitcode for w in writers] == [0, 0]
    ids = {str(o) for o in Graph().parse(out, format="turtle").objects(None, IR.articleId)}
    assert ids in ({"France"}, {"Germany"})  # one whole file, the last one written
    assert [p.name for p in tmp_path.iterdir()] == ["same.ttl"]  # no temporary file left


# ---- 9. SERVICE is refused unless asked for; UPDATE always -------------------------


@contextmanager
def listener() -> Iterator[tuple[int, list[bool]]]:
    """A TCP socket on a free local port; the list says whether anything connected."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.2)
    seen: list[bool] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            seen.append(True)
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1], seen
    finally:
        stop.set()
        thread.join(2)
        server.close()


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
        "select * where {{ service silent <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ ?x ?y ?z . SeRvIcE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
    ],
)
def test_9_service_is_refused_on_files_and_stores_and_sends_nothing(
    tmp_path: Path, small_store: Path, text: str
) -> None:
    graph = tmp_path / "g.ttl"
    graph.write_text("<http://ex/a> <http://ex/p> <http://ex/b> .\n", encoding="utf-8")
    with listener() as (port, seen):
        query = text.format(port=port)
        for source in (graph, small_store):
            with pytest.raises(KgError, match=r"SERVICE clauses are refused.*\[E012\]"):
                run_query(source, query)
            code, lines = cli("query", source, query)
            assert code == 1 and len(lines) == 1 and "--allow-service" in lines[0]
        with pytest.raises(KgError, match=r"SERVICE clauses are refused"):
            query_store(small_store, query)
        time.sleep(0.5)
    assert seen == []


def test_9_allow_service_does_send_the_request(tmp_path: Path) -> None:
    graph = tmp_path / "g.ttl"
    graph.write_text("<http://ex/a> <http://ex/p> <http://ex/b> .\n", encoding="utf-8")
    with listener() as (port, seen):
        query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
        with pytest.raises(KgError):  # the listener answers nothing
            run_query(graph, query, allow_service=True)
        time.sleep(0.5)
    assert seen  # the check above would see a request


@pytest.mark.parametrize(
    "text",
    [
        'SELECT ?s WHERE { ?s ?p "SERVICE <http://x/> { }" }',
        "SELECT ?service WHERE { ?service ?p ?o }  # SERVICE <http://x/>",
        "PREFIX service: <http://x/> SELECT * WHERE { service:a ?p ?o }",
        "SELECT * WHERE { <http://x/SERVICE> ?p ?o }",
    ],
)
def test_9_the_word_service_elsewhere_is_not_a_clause(text: str) -> None:
    assert not has_service(text)


def test_7_update_is_refused(tmp_path: Path, small_store: Path) -> None:
    graph = tmp_path / "g.ttl"
    graph.write_text("<http://ex/a> <http://ex/p> <http://ex/b> .\n", encoding="utf-8")
    for source in (graph, small_store):
        code, lines = cli("query", source, "DELETE WHERE { ?s ?p ?o }")
        assert code == 1 and len(lines) == 1
    assert len(Graph().parse(graph)) == 1
    with Store.open(small_store, read_only=True) as store:
        assert store.articles() == 2


# ---- 11. a store and a file build hold the same literals; old stores --------------


@pytest.mark.model
def test_11_a_store_export_is_the_file_build(tmp_path: Path, nlp: Language) -> None:
    articles = ROOT / "data/articles"
    file_report = build_graph([articles], output=tmp_path / "file.nq", progress=False, nlp=nlp)
    build_graph([articles], store=tmp_path / "store", output=tmp_path / "store.nq", progress=False, nlp=nlp)
    assert file_report.failed == 0
    from_file, from_store = Dataset(), Dataset(default_union=True)
    from_file.parse(tmp_path / "file.nq", format="nquads")
    from_store.parse(tmp_path / "store.nq", format="nquads")
    named = {g.identifier: g for g in from_file.graphs() if len(g)}
    assert {g.identifier for g in from_store.graphs() if len(g)} == set(named)
    for name, g in named.items():
        assert_isomorphic(from_store.graph(name), g)
    weights = {o for o in from_store.objects(None, IR.goldstein)} | {o for o in from_store.objects(None, IR.charStart)}
    assert {o.datatype for o in weights} == {XSD.decimal, XSD.nonNegativeInteger}


def old_store(folder: Path, ident: str, old_name: str) -> Path:
    """A store as the kg before percent-encoded article IRIs wrote it (format 1)."""
    article = Article(id=ident, text="France.", content_hash="h1")
    with Store.open(folder) as store:
        store.add_articles([(article, nt(article))])
    db = ox.Store(str(folder / "oxigraph"))
    new = ox.NamedNode(str(article_iri(article)))
    old = ox.NamedNode(f"https://w3id.org/kg-ir/id/article/{old_name}")
    if old != new:
        moved = []
        for q in db.quads_for_pattern(None, None, None, new):
            s, o = (old if t == new else t for t in (q.subject, q.object))
            moved.append(ox.Quad(s, q.predicate, o, old))
        db.remove_graph(new)
        db.extend(moved)
    db.flush()
    del db
    manifest = json.loads((folder / "kg-store.json").read_text())
    (folder / "kg-store.json").write_text(json.dumps(dict(manifest, format=1)))
    return folder


def test_11_an_old_store_with_changed_article_iris_asks_for_a_rebuild(tmp_path: Path) -> None:
    folder = old_store(tmp_path / "old", "A B", "a-b")
    for read_only in (True, False):
        with pytest.raises(KgError) as info:
            Store.open(folder, read_only=read_only)
        message = str(info.value)
        assert "store format 1" in message and "'A B'" in message and "build it again" in message
        assert message.endswith("[E013]") and "\n" not in message


def test_11_an_old_store_without_such_ids_opens_and_is_marked_new(tmp_path: Path) -> None:
    folder = old_store(tmp_path / "old", "a1", "a1")
    with Store.open(folder, read_only=True) as store:
        assert store.articles() == 1
    assert json.loads((folder / "kg-store.json").read_text())["format"] == 1
    with Store.open(folder) as store:
        assert store.articles() == 1
    assert json.loads((folder / "kg-store.json").read_text())["format"] == 2


# ---- property-based: random Unicode through every format, random JSON lines ------------

any_char = st.one_of(st.characters(exclude_categories=()), st.sampled_from(SPECIALS))
any_text = st.text(any_char, max_size=60)
words = st.text(st.one_of(st.sampled_from("France Peru met in . ,\n"), any_char), min_size=1, max_size=200)
good_dates = st.dates(dt.date(1000, 1, 1), dt.date(9999, 12, 31))
DATE_FORMATS = [
    "{d:%Y-%m-%d}",
    "{d:%Y-%m-%d}T10:20:30+02:00",
    "{d:%a}, {d.day} {d:%b} {d:%Y} 15:01:01 GMT",
    "{d.day}-{m} {d:%Y} 15:01:01.79",
    "{d:%B} {d.day}, {d:%Y}",
    "{d.day} {d:%B} {d:%Y}",
]


@SETTINGS
@given(
    ident=any_text,
    title=any_text,
    text=words,
    date=st.one_of(st.none(), any_text, good_dates.map(str)),
    source=any_text,
    url=any_text,
)
def test_random_unicode_survives_ingest_rdf_and_every_format(ident, title, text, date, source, url) -> None:
    record = {"id": ident, "title": title, "text": text, "date": date, "source": source, "url": url}
    try:
        article = article_from_record(record, "random.json", 1, fallback_id="fallback", warnings=[])
    except InputError as e:  # only a record whose text is blank may be refused
        assert e.code == Codes.EMPTY and not text.strip()
        return
    for value in (article.id, article.text, article.title or "", article.source or "", article.url or ""):
        assert clean_text(value) == value == xml_safe_text(value)
        value.encode("utf-8")
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        assert_every_format_round_trips(graphs_of([article]), Path(folder))


@SETTINGS
@given(st.lists(st.tuples(any_text, any_text), min_size=1, max_size=6))
def test_random_ids_through_a_jsonl_file_and_every_format(pairs) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "feed.jsonl"
        lines = [json.dumps({"id": ident, "text": f"France met Peru. {text}"}) for ident, text in pairs]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        articles, errors = read_all(path)
        assert {e.code for e in errors} <= {Codes.DUPLICATE_ID}
        assert len(articles) + len(errors) == len(pairs)
        assert len({a.id for a in articles}) == len(articles) == len({article_iri(a) for a in articles})
        assert_every_format_round_trips(graphs_of(articles), Path(folder))


@SETTINGS
@given(st.lists(st.text(any_char, max_size=12), min_size=2, max_size=8, unique=True))
def test_distinct_ids_never_share_an_iri(ids) -> None:
    assert len({article_iri(Article(id=clean_text(i), text=".")) for i in ids}) == len({clean_text(i) for i in ids})


@settings(max_examples=200, deadline=None, database=None)
@given(good_dates, st.sampled_from(DATE_FORMATS))
def test_dates_written_in_each_accepted_form_read_back(date: dt.date, form: str) -> None:
    text = form.format(d=date, m=date.strftime("%b").upper())
    assert parse_date(text, "x") == date


@settings(max_examples=300, deadline=None, database=None)
@given(st.one_of(any_text, st.integers(), st.floats(), st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}.{0,12}")))
def test_any_date_value_is_a_date_or_one_coded_error(value) -> None:
    try:
        result = parse_date(value, "x", 3)
    except InputError as e:
        assert_one_line(e, "x:3", Codes.BAD_DATE)
    else:
        assert result is None or isinstance(result, dt.date)
        assert isinstance(value, str) and not value.strip().isdigit()


# A good line is a JSON object with text; a bad line is any of these, each reported once.
BAD_LINES = [
    b'{"id": "broken", "text": ',  # not JSON
    b"[1, 2, 3]",  # not an object
    b'{"title": "no text"}',
    b'{"text": "   "}',
    b'{"text": "Peru.", "title": ["a list"]}',
    b'{"text": "Peru\xff met Chile."}',  # not UTF-8
    b'{"text": "' + b"z" * 3000 + b'"}',  # over the byte limit of this test
    b'"just a string"',
]


@SETTINGS
@given(
    st.lists(
        st.one_of(
            st.tuples(st.just("good"), words, st.booleans()),
            st.tuples(st.just("bad"), st.sampled_from(range(len(BAD_LINES))), st.booleans()),
            st.tuples(st.just("blank"), st.just(""), st.booleans()),
        ),
        max_size=25,
    )
)
def test_random_jsonl_every_good_line_is_read_and_every_bad_line_reported_once(lines) -> None:
    import tempfile

    raw, good, bad = [], [], []
    for n, (kind, value, dated) in enumerate(lines, 1):
        if kind == "good":
            record = {"id": f"r{n}", "text": f"France. {value}"}
            if dated:
                record["date"] = "2024-W01-1"  # refused: a warning, and the article is still read
            try:  # raw UTF-8 where it can be (U+2028 inside a string), escapes for lone surrogates
                raw.append(json.dumps(record, ensure_ascii=False).encode("utf-8"))
            except UnicodeEncodeError:
                raw.append(json.dumps(record).encode("ascii"))
            good.append((f"r{n}", n, dated))
        elif kind == "bad":
            raw.append(BAD_LINES[value])
            bad.append(n)
        else:
            raw.append(b"   " if dated else b"")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mixed.jsonl"
        path.write_bytes(b"\n".join(raw) + b"\n")
        with no_hang():
            articles, errors = read_all(path, max_bytes=2000)
    if not good and not bad:
        assert articles == [] and [e.code for e in errors] == [Codes.EMPTY]
        return
    assert [a.id for a in articles] == [ident for ident, _, _ in good]
    assert [a.origin for a in articles] == [f"{path}:{n}" for _, n, _ in good]
    failures = [e for e in errors if not isinstance(e, InputWarning)]
    assert [e.line for e in failures] == bad
    assert [e.line for e in errors if isinstance(e, InputWarning)] == [n for _, n, dated in good if dated]
    for e in errors:
        assert "\n" not in str(e) and str(e).startswith(f"{path}:{e.line}: ")


@pytest.mark.model
@settings(max_examples=8, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.tuples(st.just("good"), words, st.booleans()),
            st.tuples(st.just("bad"), st.integers(0, len(BAD_LINES) - 2), st.booleans()),
            st.tuples(st.just("blank"), st.just(""), st.booleans()),
        ),
        max_size=12,
    )
)
def test_random_jsonl_through_a_build_every_good_line_built_every_bad_line_reported_once(nlp, lines) -> None:
    import tempfile

    raw, good, bad = [], [], []
    bad_lines = [line for line in BAD_LINES if b"z" * 3000 not in line]  # no byte limit in a build
    for n, (kind, value, dated) in enumerate(lines, 1):
        if kind == "good":
            record = {"id": f"r{n}", "text": f"France criticized Russia. {value}"}
            if dated:
                record["date"] = "2024-01-01garbage"
            raw.append(json.dumps(record).encode("ascii"))
            good.append(f"r{n}")
        elif kind == "bad":
            raw.append(bad_lines[value])
            bad.append(n)
        else:
            raw.append(b"  " if dated else b"")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mixed.jsonl"
        path.write_bytes(b"\n".join(raw) + b"\n")
        seen: list[KgError] = []
        report = build_graph([path], progress=False, nlp=nlp, on_error=seen.append)
    failures = [e for e in seen if not isinstance(e, InputWarning)]
    if not good and not bad:
        assert [e.code for e in failures] == [Codes.EMPTY] and report.built == 0
        return
    assert (report.built, report.failed) == (len(good), len(bad))
    assert sorted(e.line for e in failures) == bad  # each bad line once, with its line number
    assert all(str(e).startswith(f"{path}:{e.line}: ") and "\n" not in str(e) for e in seen)
    assert report.graph is not None
    assert {str(o) for o in report.graph.objects(None, IR.articleId)} == set(good)
