"""Property tests for the article readers: any bytes become articles or reported errors, never an exception.

The date normaliser has its own property tests (tests/test_temporal_props.py); these cover what
comes before it: decoding, YAML front matter, JSONL lines and the `published` field.
"""
from __future__ import annotations

import codecs
import hashlib
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.articles import Article, IngestError, read_articles
from extractors.published import PLAUSIBLE_YEARS

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Values that have broken YAML/JSON readers before, or could: impossible and absurd dates, YAML
# tags, anchors, nesting, huge numbers, lone surrogates, markup-looking text.
NASTY_VALUES = [
    "2019-02-30", "20190-01-01", "0000-01-01", "9999-12-31", "2019-08-23", "2019-08-23T10:00:00Z",
    "2001-12-14t21:59:43.10-05:00", "1e400", "-0", "9" * 5000, "[unclosed", "{a: 1}", "- x", "~", "null",
    "!!python/object/apply:os.system ['true']", "!!binary aGVsbG8=", "&a [*a, *a]", "*undefined",
    "!!timestamp 2019-13-45", "'quoted'", '"\\ud800"', "[" * 200 + "]" * 200, "yes", "0x1F", ".nan",
    "[/red] markup", "multi\n  line", "\t", ":", "---", "...",
]
FIELD_NAMES = ["id", "title", "published", "source", "url", "text", "other", "? complex", ""]


def _check(paths: list[Path], expected_outcomes: int | None = None) -> tuple[list[Article], list[IngestError]]:
    """read_articles must return (never raise), and what it returns must be storable and sane."""
    articles, errors = read_articles(paths, max_bytes=100_000)
    for error in errors:
        assert isinstance(error, IngestError)
        assert error.error_type != "internal", error  # the reader's safety net must never be needed
        assert error.message and error.source_uri.encode("utf-8")
        assert error.line is None or error.line >= 1
        assert error.message.encode("utf-8")
    for article in articles:
        assert isinstance(article, Article)
        assert article.text.strip()
        assert article.content_sha256 == hashlib.sha256(article.text.encode("utf-8")).hexdigest()
        assert len(article.article_id) == 16
        assert article.published is None or article.published.year in PLAUSIBLE_YEARS
        for value in (article.title, article.url, article.source, article.source_uri):
            assert value is None or value.encode("utf-8")
    if expected_outcomes is not None:
        assert len(articles) + len(errors) == expected_outcomes, (articles, errors)
    return articles, errors


@SETTINGS
@given(st.binary(max_size=2000), st.sampled_from(["a.txt", "a.md", "a.jsonl"]))
def test_any_bytes_in_any_article_file(data: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        articles, errors = _check([path], 1 if name != "a.jsonl" else None)
        if name == "a.jsonl":  # every non-blank line is one article or one error
            body = data[len(codecs.BOM_UTF8):] if data.startswith(codecs.BOM_UTF8) else data
            lines = [raw for raw in body.split(b"\n") if raw.strip()]
            if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                assert len(articles) + len(errors) == len(lines)


front_matter_line = st.tuples(
    st.sampled_from(FIELD_NAMES), st.one_of(st.sampled_from(NASTY_VALUES), st.text(max_size=30)),
).map(lambda kv: f"{kv[0]}: {kv[1]}")
front_matter = st.lists(st.one_of(front_matter_line, st.text(max_size=20)), max_size=6).map("\n".join)
encodings = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32", "latin-1", "cp1252"])


@SETTINGS
@given(front_matter, st.text(max_size=200), encodings, st.sampled_from(["---", "...", "", "--- "]))
def test_front_matter_files(header: str, body: str, encoding: str, closing: str) -> None:
    content = f"---\n{header}\n{closing}\n{body}"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.md"
        path.write_bytes(content.encode(encoding, errors="replace") if encoding in ("latin-1", "cp1252")
                         else content.encode(encoding, errors="surrogatepass"))
        articles, _ = _check([path], 1)
        if articles and encoding in ("utf-8", "utf-16", "utf-32") and closing in ("---", "..."):
            # The body is kept exactly: it is what follows the closing line.
            assert content.endswith(articles[0].text)


json_value = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=40),
    st.sampled_from(NASTY_VALUES), st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
json_record = st.dictionaries(st.sampled_from(FIELD_NAMES), json_value, max_size=6)
jsonl_line = st.one_of(
    json_record.map(lambda r: json.dumps(r, ensure_ascii=False).encode("utf-8", "surrogatepass")),
    json_record.map(lambda r: json.dumps(r).encode("ascii")),  # \\u escapes, incl. lone surrogates
    st.builds(lambda t: json.dumps({"id": "x", "text": t}).encode("ascii"), st.text(min_size=1, max_size=50)),
    st.binary(max_size=60).filter(lambda b: b"\n" not in b),
    st.sampled_from([b"[", b"{}", b"[]", b"\"text\"", b"1", b"null", b"[" * 5000, b'{"text": ' + b"9" * 5000 + b"}",
                     b'{"text": "ok", "published": "2019-02-30"}', b'{"text": "ok", "id": "dup"}',
                     b'{"text": "other", "id": "dup"}', b"\xff\xfe", b"\xef\xbb\xbf{}"]),
)


@SETTINGS
@given(st.lists(jsonl_line, max_size=12), st.sampled_from([b"\n", b"\r\n"]))
def test_jsonl_files(lines: list[bytes], newline: bytes) -> None:
    data = newline.join(lines)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "feed.jsonl"
        path.write_bytes(data)
        articles, errors = _check([path])
        if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            non_blank = [n for n, raw in enumerate(data.split(b"\n"), start=1) if raw.strip()]
            # One outcome per non-blank line, except a repeated id with the same text (kept once).
            duplicates = sum(1 for e in errors if e.error_type == "duplicate_id")
            assert len(articles) + len(errors) - duplicates <= len(non_blank)
            lines_seen = {e.line for e in errors if e.error_type != "duplicate_id"}
            lines_seen |= {int(a.source_uri.rsplit("#L", 1)[1]) for a in articles}
            assert lines_seen <= set(non_blank)


file_names = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"),
                     min_size=1, max_size=40).filter(lambda n: len(n.encode("utf-8")) < 200)


@SETTINGS
@given(st.lists(file_names, min_size=1, max_size=5, unique_by=str.lower))
def test_any_file_name_is_found_read_and_storable(names: list[str]) -> None:
    from extractors.articles import NON_ARTICLE_STEMS, discover_files

    with tempfile.TemporaryDirectory() as tmp:
        expected = set()
        for name in names:
            path = Path(tmp) / f"{name}.txt"
            path.write_text(f"An article named {name!r}.", "utf-8")
            if not path.name.startswith(".") and path.stem.lower().split(".")[0] not in NON_ARTICLE_STEMS:
                expected.add(str(path))
        files, errors = discover_files([tmp])
        assert errors == []
        articles, _ = _check(files, len(expected))
        assert {a.source_uri for a in articles} == expected


@SETTINGS
@given(st.one_of(st.none(), st.text(max_size=40), st.from_regex(r"\s*\d{4}-\d{1,2}-\d{1,2}([Tt ][0-9:.+\-Z ]{0,12})?\s*"),
                 st.integers(), st.floats(), st.booleans(), st.dates(), st.datetimes(), st.lists(st.integers())))
def test_published_is_a_plausible_date_none_or_a_reported_error(value: object) -> None:
    from extractors.published import PublishedDateError, parse_published

    try:
        got = parse_published(value)
    except PublishedDateError as exc:
        assert str(exc).startswith("published ")
        return
    assert got is None or got.year in PLAUSIBLE_YEARS
    assert got is not None or value in (None, "")


@SETTINGS
@given(st.text(max_size=400))
def test_find_dateline_never_raises_and_stays_plausible(text: str) -> None:
    from extractors.published import find_dateline

    got = find_dateline(text)
    assert got is None or got.year in PLAUSIBLE_YEARS
