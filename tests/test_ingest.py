"""Reading articles: text files with headlines and datelines, JSON, JSON lines, folders,
and one-line errors for every way an input can be wrong."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from kg.errors import Codes, InputError, InputWarning
from kg.ingest import article_from_record, article_from_text, read_articles
from kg.records import Article

TEXT = """Koreas Agree To Resume Border Talks

Key Takeaways
- The two Koreas will meet next week.
- Talks stalled last year.

Seoul, June 5 (Yonhap) -- South Korea said on Thursday it would resume talks with the North.
Officials from both sides met at the border village.
"""


def read_all(*paths: Path | str, date: str | None = None) -> tuple[list[Article], list[InputError]]:
    """Articles and errors from ``read_articles``, separated."""
    items = list(read_articles(paths, default_date=date))
    return [a for a in items if isinstance(a, Article)], [e for e in items if isinstance(e, InputError)]


def assert_one_line_error(err: InputError, path: Path, code: str) -> None:
    message = str(err)
    assert "\n" not in message
    assert str(path) in message
    assert err.code == code, message
    assert message.endswith(f"[{code}]")


def segments(article: Article) -> list[tuple[str, str]]:
    return [(s.kind, article.text[s.start : s.end]) for s in article.segments]


# ---- text files and datelines ------------------------------------------------------


def test_txt_headline_and_dateline(tmp_path: Path) -> None:
    path = tmp_path / "koreas.txt"
    path.write_text(TEXT, encoding="utf-8")
    (article,), errors = read_all(path, date="2025-01-20")
    assert errors == []
    assert article.id == "koreas"
    assert article.title == "Koreas Agree To Resume Border Talks"
    assert article.place == "Seoul"
    assert article.source == "Yonhap"
    assert article.date == dt.date(2025, 6, 5)  # month and day from the dateline, year from --date
    assert article.origin == str(path)
    assert article.content_hash


def test_txt_segments_are_separate() -> None:
    article = article_from_text(TEXT, "koreas", date=dt.date(2025, 1, 20))
    assert segments(article) == [
        ("headline", "Koreas Agree To Resume Border Talks"),
        ("heading", "Key Takeaways"),
        ("bullet", "- The two Koreas will meet next week."),
        ("bullet", "- Talks stalled last year."),
        ("dateline", "Seoul, June 5 (Yonhap) --"),
        ("body", "South Korea said on Thursday it would resume talks with the North."),
        ("body", "Officials from both sides met at the border village."),
    ]


def test_caps_dateline_gives_place_and_source() -> None:
    article = article_from_text("Tariff Row Deepens\nWASHINGTON (Reuters) - The United States raised tariffs.\n", "t")
    assert (article.place, article.source, article.date) == ("Washington", "Reuters", None)
    assert segments(article)[1:] == [
        ("dateline", "WASHINGTON (Reuters) -"),
        ("body", "The United States raised tariffs."),
    ]


def test_wikinews_day_line_gives_the_date() -> None:
    text = "Ministers meet in Geneva\nFriday, January 4, 2019\nForeign ministers met in Geneva on Friday.\n"
    article = article_from_text(text, "w", date=dt.date(2025, 6, 5))
    assert article.date == dt.date(2019, 1, 4)
    assert [kind for kind, _ in segments(article)] == ["headline", "dateline", "body"]


def test_dateline_month_late_in_the_year_belongs_to_the_year_before() -> None:
    text = "Year In Review\nBerlin, December 28 (dpa) -- Germany looked back on the year.\n"
    assert article_from_text(text, "r", date=dt.date(2025, 1, 3)).date == dt.date(2024, 12, 28)


def test_given_title_becomes_the_first_line() -> None:
    article = article_from_text("France and Germany met.", "x", title="  Allies   Meet ")
    assert article.text.splitlines()[0] == "Allies Meet"
    assert [kind for kind, _ in segments(article)] == ["headline", "body"]


# ---- JSON and JSON lines -----------------------------------------------------------


def test_json_object(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    record = {
        "id": "a1",
        "title": "Allies Meet",
        "text": "France met Germany.",
        "date": "2024-03-02",
        "source": "Example Wire",
        "url": "https://news.example/a1",
    }
    path.write_text(json.dumps(record), encoding="utf-8")
    (article,), errors = read_all(path)
    assert errors == []
    assert (article.id, article.title, article.date, article.source, article.url) == (
        "a1",
        "Allies Meet",
        dt.date(2024, 3, 2),
        "Example Wire",
        "https://news.example/a1",
    )
    assert article.text == "Allies Meet\n\nFrance met Germany."


def test_json_object_without_id_takes_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "story.json"
    path.write_text(json.dumps({"text": "Talks Resume\nKenya met Uganda."}), encoding="utf-8")
    (article,), _ = read_all(path)
    assert (article.id, article.title) == ("story", "Talks Resume")


def test_json_list(tmp_path: Path) -> None:
    path = tmp_path / "many.json"
    path.write_text(json.dumps([{"text": "Peru met Chile."}, {"id": "b", "text": "Mali met Niger."}]), encoding="utf-8")
    articles, errors = read_all(path)
    assert errors == []
    assert [a.id for a in articles] == ["many-1", "b"]


def test_json_metadata_that_is_a_number_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "numbers.json"
    path.write_text(json.dumps({"id": 7, "title": 2025, "text": "Peru met Chile.", "source": 5}), encoding="utf-8")
    (article,), errors = read_all(path)
    assert errors == []
    assert (article.id, article.title, article.source) == ("7", "2025", "5")


def test_jsonl_bad_line_names_file_and_line_and_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    lines = [
        json.dumps({"id": "first", "text": "Peru met Chile."}),
        '{"id": "broken", "text": ',
        "",
        json.dumps({"id": "third", "text": "Mali met Niger."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles, errors = read_all(path)
    assert [a.id for a in articles] == ["first", "third"]
    assert [a.origin for a in articles] == [f"{path}:1", f"{path}:4"]
    (err,) = errors
    assert_one_line_error(err, path, Codes.BAD_JSON)
    assert err.line == 2
    assert str(err).startswith(f"{path}:2: ")


def test_jsonl_record_without_id_is_numbered_by_line(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text('{"text": "Peru met Chile."}\n\n{"text": "Mali met Niger."}\n', encoding="utf-8")
    articles, _ = read_all(path)
    assert [a.id for a in articles] == ["feed-1", "feed-3"]


# ---- errors ------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.txt"
    _, (err,) = read_all(path)
    assert_one_line_error(err, path, Codes.MISSING)


@pytest.mark.parametrize("name", ["nowhere", "nowhere.pdf"])
def test_missing_path_of_any_kind_does_not_exist(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    _, (err,) = read_all(path)
    assert_one_line_error(err, path, Codes.MISSING)


@pytest.mark.parametrize("content", [b"", b"  \n\n\t\n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    _, (err,) = read_all(path)
    assert_one_line_error(err, path, Codes.EMPTY)


def test_non_utf8_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Talks in Bogotá\nColombia met Perú.\n".encode("latin-1"))
    _, (err,) = read_all(path)
    assert_one_line_error(err, path, Codes.NOT_UTF8)


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    _, (err,) = read_all(path)
    assert_one_line_error(err, path, Codes.BINARY)


def test_malformed_json(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"text": "Peru met Chile.",\n "title": }', encoding="utf-8")
    _, (err,) = read_all(path)
    assert_one_line_error(err, path, Codes.BAD_JSON)


@pytest.mark.parametrize("record", [{"title": "No Text"}, {"text": 42}, {"text": "   "}, ["a", "list"]])
def test_record_without_text(tmp_path: Path, record: object) -> None:
    path = tmp_path / "record.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    articles, (err,) = read_all(path)
    assert articles == []
    assert "\n" not in str(err) and str(err).startswith(f"{path}:1: ")
    assert err.code in {Codes.BAD_RECORD, Codes.EMPTY}


@pytest.mark.parametrize("date", ["June 5", "2025-13-01", "2025-02-30"])
def test_bad_date_in_a_record_is_reported_and_the_article_read_without_it(tmp_path: Path, date: str) -> None:
    path = tmp_path / "dated.json"
    path.write_text(json.dumps({"text": "Peru met Chile.", "date": date}), encoding="utf-8")
    articles, (err,) = read_all(path)
    assert_one_line_error(err, path, Codes.BAD_DATE)
    assert isinstance(err, InputWarning) and repr(date) in str(err)
    assert [a.date for a in articles] == [None]


def test_bad_default_date_is_an_error() -> None:
    with pytest.raises(InputError) as info:
        list(read_articles([], default_date="yesterday"))
    assert info.value.code == Codes.BAD_DATE and "--date" in str(info.value)


@pytest.mark.parametrize("name", ["notes.pdf", "notes", "notes.empty", "notes.candidate"])
def test_unsupported_extension(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("Peru met Chile.\n", encoding="utf-8")
    _, (err,) = read_all(path)
    assert_one_line_error(err, path, Codes.UNSUPPORTED)


def test_article_from_record_rejects_a_non_string_title() -> None:
    with pytest.raises(InputError) as info:
        article_from_record({"text": "Peru met Chile.", "title": ["a"]}, "feed.jsonl", 3)
    assert str(info.value).startswith("feed.jsonl:3: ")


# ---- folders -----------------------------------------------------------------------


def test_folder_is_read_recursively_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b" / "deep").mkdir(parents=True)
    (tmp_path / "a.txt").write_text("Alpha Headline\nPeru met Chile.\n", encoding="utf-8")
    (tmp_path / "b" / "deep" / "c.json").write_text(
        json.dumps({"id": "c", "text": "Mali met Niger."}), encoding="utf-8"
    )
    (tmp_path / "b" / "d.jsonl").write_text(json.dumps({"id": "d", "text": "Chad met Sudan."}) + "\n", encoding="utf-8")
    (tmp_path / "b" / "skip.md").write_text("# not an article\n", encoding="utf-8")
    articles, errors = read_all(tmp_path)
    assert errors == []
    assert [a.id for a in articles] == ["a", "d", "c"]  # by path: b/d.jsonl sorts before b/deep/c.json


def test_folder_with_no_articles(tmp_path: Path) -> None:
    (tmp_path / "readme.md").write_text("nothing here\n", encoding="utf-8")
    _, (err,) = read_all(tmp_path)
    assert_one_line_error(err, tmp_path, Codes.EMPTY)
    assert "folder" in str(err)


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Good Headline\nPeru met Chile.\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00bad")
    articles, errors = read_all(bad, tmp_path / "missing.json", good)
    assert [a.id for a in articles] == ["good"]
    assert [e.code for e in errors] == [Codes.BINARY, Codes.MISSING]
