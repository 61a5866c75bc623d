"""Reading article files: formats, metadata, publication-date precedence and reported errors."""
from __future__ import annotations

import codecs
import datetime as dt
import json
from pathlib import Path

from extractors.articles import Article, IngestError, discover_files, read_articles, split_front_matter
from extractors.published import find_dateline

from .conftest import SEED_ARTICLE


def _read(*paths: Path, **kwargs: object) -> tuple[list[Article], list[IngestError]]:
    files, errors = discover_files(paths)
    articles, read_errors = read_articles(files, **kwargs)  # type: ignore[arg-type]
    return articles, errors + read_errors


def test_seed_article_front_matter_and_body_offsets() -> None:
    articles, errors = _read(SEED_ARTICLE)
    assert errors == []
    (article,) = articles
    assert article.published == dt.date(2019, 8, 23) and article.published_source == "field"
    assert article.source == "Ahval" and article.url and article.url.startswith("https://ahvalnews.com/")
    raw = SEED_ARTICLE.read_text("utf-8")
    # The body is the file's text after the closing `---` line, unmodified.
    assert raw.endswith(article.text) and raw[: len(raw) - len(article.text)].endswith("---\n")
    assert article.text.startswith("Turkey's Erdoğan to visit Russia")


def test_front_matter_body_starts_after_closing_line() -> None:
    meta, body, _ = split_front_matter("---\ntitle: A\n---\n  Body text\n")
    assert meta == {"title": "A"} and body == "  Body text\n"


def test_publication_date_precedence(tmp_path: Path) -> None:
    (tmp_path / "field.txt").write_text("---\npublished: 2020-01-02\n---\nMARCH 3, 1999 (AP) Text.\n")
    (tmp_path / "dateline.txt").write_text("KUALA LUMPUR, April 1, 1997 (AFP) - Police said on Monday.\n")
    (tmp_path / "nothing.txt").write_text("Police said on Monday they had arrested him.\n")
    articles, errors = _read(tmp_path)
    assert errors == []
    got = {Path(a.source_uri).name: (a.published, a.published_source) for a in articles}
    assert got["field.txt"] == (dt.date(2020, 1, 2), "field")
    assert got["dateline.txt"] == (dt.date(1997, 4, 1), "dateline")
    assert got["nothing.txt"] == (None, None)
    ref = dt.date(2001, 9, 10)
    articles, _ = _read(tmp_path, reference_date=ref)
    got = {Path(a.source_uri).name: (a.published, a.published_source) for a in articles}
    assert got["field.txt"] == (dt.date(2020, 1, 2), "field")
    assert got["dateline.txt"] == (ref, "reference-date")
    assert got["nothing.txt"] == (ref, "reference-date")


def test_find_dateline_forms() -> None:
    assert find_dateline("October 15, 2007\n\nText") == dt.date(2007, 10, 15)
    assert find_dateline("LONDON, 6 June 2005 - Text") == dt.date(2005, 6, 6)
    assert find_dateline("WASHINGTON (AP) _ Text with no date.") is None
    assert find_dateline("Feb. 30, 2019 is not a date") is None


def test_jsonl_keeps_good_lines_and_reports_bad_ones_by_line(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "text": "Turkey signed a deal on Monday.", "published": "2019-08-23"}),
        "{not json",
        json.dumps({"id": "b", "title": "No text"}),
        "",
        json.dumps(["a", "list"]),
        json.dumps({"id": "c", "text": "Russia agreed.", "published": "2019-02-30"}),
        json.dumps({"text": "An article without id or date."}),
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles, errors = _read(path)
    assert sorted(a.text for a in articles) == ["An article without id or date.", "Turkey signed a deal on Monday."]
    assert {(e.line, e.error_type) for e in errors} == {(2, "jsonl"), (3, "jsonl"), (5, "jsonl"), (6, "published")}
    assert all(e.source_uri == str(path) for e in errors)
    assert any("2019-02-30" in e.message for e in errors)
    assert {a.source_uri for a in articles} == {f"{path}#L1", f"{path}#L7"}


def test_bad_files_are_reported_with_a_reason(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Erdoğan visited Moscow on Friday.", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 owners protested.".encode("latin-1"))
    (tmp_path / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + "Ankara said so.".encode("utf-16-le"))
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "list.md").write_text("---\n- a\n- b\n---\nBody.\n")
    (tmp_path / "broken.md").write_text("---\ntitle: [unclosed\n---\nBody.\n")
    (tmp_path / "open.md").write_text("---\ntitle: never closed\nBody.\n")
    (tmp_path / "big.txt").write_text("x" * 2000)
    articles, errors = _read(tmp_path, max_bytes=1000)
    assert sorted(Path(a.source_uri).name for a in articles) == ["good.txt", "utf16.txt"]
    kinds = {Path(e.source_uri).name: e.error_type for e in errors}
    assert kinds == {"latin1.txt": "encoding", "binary.txt": "binary", "empty.md": "empty",
                     "list.md": "front_matter", "broken.md": "front_matter", "open.md": "front_matter",
                     "big.txt": "too_large"}
    big = next(e for e in errors if e.error_type == "too_large")
    assert "1,000-byte limit" in big.message and "--max-bytes" in big.message


def test_duplicate_ids_with_different_text_are_reported(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("---\nid: same\n---\nOne text.\n")
    (tmp_path / "b.txt").write_text("---\nid: same\n---\nAnother text.\n")
    articles, errors = _read(tmp_path)
    assert len(articles) == 1 and [e.error_type for e in errors] == ["duplicate_id"]


def test_missing_path_and_attribution_files(tmp_path: Path) -> None:
    (tmp_path / "ATTRIBUTION.md").write_text("Licence text, not an article.")
    (tmp_path / "note.csv").write_text("a,b")
    articles, errors = _read(tmp_path, tmp_path / "nope")
    assert articles == []
    assert [(Path(e.source_uri).name, e.error_type) for e in errors] == [("nope", "not_found")]


def test_ids_are_deterministic_and_follow_identity_not_content(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("First version.")
    (first,), _ = _read(path)
    path.write_text("Second version.")
    (second,), _ = _read(path)
    assert first.article_id == second.article_id
    assert first.content_sha256 != second.content_sha256
