"""Hardening (issue 12): no input costs other articles, hangs a build, or is silently lost.

Each numbered case of the issue has a test here, under its number, that fails on the code
before the fix; a Hypothesis suite pushes random Unicode through ingest, the RDF writer
and every output format, and random JSON-lines files with bad lines through ingest.
No test here needs the spaCy model.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.dates import parse_date
from kg.errors import Codes, InputError, InputWarning
from kg.files import read_text
from kg.ingest import article_from_record, article_from_text, chunk_bounds, clean_text, read_articles
from kg.namespace import IR
from kg.rdf import FORMATS, QUAD_FORMATS, article_graph, article_iri, write_graph, xml_safe_text
from kg.records import Article, Claim, Entity

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
