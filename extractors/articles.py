"""Reading article files (.txt/.md with optional YAML front matter, .jsonl) into `Article`s.

Every failure becomes an `IngestError` naming the file, the line and what to do, so that one
broken file never stops a run: readers yield articles and errors side by side.
"""
from __future__ import annotations

import codecs
import datetime as dt
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from .ids import sha256_text, stable_id
from .published import PublishedDateError, find_dateline, parse_published

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
ARTICLE_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES
# Files that sit beside articles but are not articles (licences, attributions) are skipped in folders.
NON_ARTICLE_STEMS = frozenset({"readme", "license", "licence", "attribution", "notice", "copying"})
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
META_FIELDS = ("id", "title", "published", "source", "url")


@dataclass(frozen=True, slots=True)
class Article:
    """One article body and its metadata; `text` is exactly the file's body, offsets point into it."""

    article_id: str
    source_uri: str
    title: str | None
    published: dt.date | None
    published_source: str | None  # 'field' | 'reference-date' | 'dateline' | None
    url: str | None
    source: str | None
    text: str
    content_sha256: str


@dataclass(frozen=True, slots=True)
class IngestError:
    """A file or line that could not become an article, with a message a person can act on."""

    source_uri: str
    line: int | None
    error_type: str
    message: str


class ArticleError(Exception):
    """Raised inside readers; converted to an `IngestError` at the file boundary."""

    def __init__(self, error_type: str, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.line = line


def file_uri(path: Path) -> str:
    """The absolute path of a file as a string: stable across runs from any working directory."""
    return str(Path(os.path.abspath(path)))


def discover_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[IngestError]]:
    """Article files under the given paths (recursive, sorted), and errors for missing paths.

    Symlinked folders are followed once; a symlink loop is reported, not walked forever.
    """
    files: list[Path] = []
    errors: list[IngestError] = []
    seen_dirs: set[str] = set()
    seen_files: set[str] = set()

    def add(path: Path) -> None:
        real = os.path.realpath(path)
        if real not in seen_files:
            seen_files.add(real)
            files.append(path)

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirnames, filenames in os.walk(path, followlinks=True):
                real_root = os.path.realpath(root)
                if real_root in seen_dirs:
                    errors.append(IngestError(file_uri(Path(root)), None, "symlink_loop",
                                              "folder already visited through a symlink loop; skipped"))
                    dirnames[:] = []
                    continue
                seen_dirs.add(real_root)
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in sorted(filenames):
                    child = Path(root) / name
                    if name.startswith(".") or child.suffix.lower() not in ARTICLE_SUFFIXES:
                        continue
                    if child.stem.lower().split(".")[0] in NON_ARTICLE_STEMS:
                        continue
                    if not child.exists():
                        errors.append(IngestError(file_uri(child), None, "broken_symlink",
                                                  "symlink points to a missing file; fix or remove it"))
                        continue
                    add(child)
        elif path.is_file():
            if path.suffix.lower() not in ARTICLE_SUFFIXES:
                errors.append(IngestError(file_uri(path), None, "unsupported_format",
                                          f"unsupported file type {path.suffix or '(none)'!r}; "
                                          f"use one of {', '.join(sorted(ARTICLE_SUFFIXES))}"))
            else:
                add(path)
        else:
            errors.append(IngestError(file_uri(path), None, "not_found",
                                      "no such file or folder; check the path"))
    return files, errors


def decode_bytes(data: bytes) -> str:
    """UTF-8 (BOM allowed) or BOM-marked UTF-16; anything else is reported rather than guessed."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ArticleError("encoding", f"invalid UTF-16 at byte {exc.start}") from None
    if b"\x00" in data[:8192]:
        raise ArticleError("binary", "binary file (contains NUL bytes), not an article")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ArticleError(
            "encoding",
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "re-save the file as UTF-8, e.g. `iconv -f latin1 -t utf-8`",
            line,
        ) from None


def split_front_matter(content: str) -> tuple[dict[str, object], str, int]:
    """(metadata, body, body's first line number). The body is everything after the closing `---` line."""
    if not (content.startswith("---\n") or content.startswith("---\r\n")):
        return {}, content, 1
    pos = content.index("\n") + 1
    line_no = 2
    while pos <= len(content):
        end = content.find("\n", pos)
        line = content[pos:] if end == -1 else content[pos:end]
        if line.rstrip("\r") in ("---", "..."):
            header = content[content.index("\n") + 1: pos]
            body = "" if end == -1 else content[end + 1:]
            return _parse_yaml(header), body, line_no + 1
        if end == -1:
            break
        pos = end + 1
        line_no += 1
    raise ArticleError("front_matter", "front matter opened with `---` on line 1 is never closed; "
                       "add a closing `---` line", 1)


def _parse_yaml(header: str) -> dict[str, object]:
    try:
        meta = yaml.safe_load(header)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ArticleError("front_matter", f"front matter is not valid YAML: {problem}", line) from None
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise ArticleError("front_matter", f"front matter must be a YAML mapping (key: value lines), "
                           f"got a {type(meta).__name__}", 2)
    return {str(k): v for k, v in meta.items()}


def _optional_str(meta: dict[str, object], key: str, line: int | None) -> str | None:
    value = meta.get(key)
    if value is None:
        return None
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        text = str(value).strip()
        return text or None
    raise ArticleError("metadata", f"{key!r} must be text, got {type(value).__name__}", line)


def make_article(meta: dict[str, object], body: str, source_uri: str, *, line: int | None,
                 fallback_key: str, reference_date: dt.date | None) -> Article:
    """Validate metadata and choose the publication date: own field, --reference-date, dateline, none."""
    if not body.strip():
        raise ArticleError("empty", "article has no text", line)
    try:
        published = parse_published(meta.get("published"))
    except PublishedDateError as exc:
        raise ArticleError("published", f"{exc}; fix the `published` field", line) from None
    source_of_date: str | None = "field" if published else None
    if published is None and reference_date is not None:
        published, source_of_date = reference_date, "reference-date"
    if published is None:
        published = find_dateline(body)
        source_of_date = "dateline" if published else None
    own_id = _optional_str(meta, "id", line)
    title = _optional_str(meta, "title", line)
    if title is None:
        first = body.strip().split("\n", 1)[0].strip()
        title = first if 0 < len(first) <= 200 else None
    return Article(
        article_id=stable_id("id", own_id) if own_id else stable_id("uri", fallback_key),
        source_uri=source_uri,
        title=title,
        published=published,
        published_source=source_of_date,
        url=_optional_str(meta, "url", line),
        source=_optional_str(meta, "source", line),
        text=body,
        content_sha256=sha256_text(body),
    )


def read_file(path: Path, *, reference_date: dt.date | None = None,
              max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | IngestError]:
    """Articles and errors from one file; never raises for bad content."""
    uri = file_uri(path)
    try:
        if path.suffix.lower() in JSONL_SUFFIXES:
            yield from _read_jsonl(path, uri, reference_date, max_bytes)
        else:
            yield _read_text(path, uri, reference_date, max_bytes)
    except ArticleError as exc:
        yield IngestError(uri, exc.line, exc.error_type, exc.message)
    except OSError as exc:
        yield IngestError(uri, None, "unreadable", f"cannot read file: {exc.strerror or exc}; "
                          "check permissions")


def _read_text(path: Path, uri: str, reference_date: dt.date | None, max_bytes: int) -> Article:
    size = path.stat().st_size
    if size > max_bytes:
        raise ArticleError("too_large", f"file is {size:,} bytes, over the {max_bytes:,}-byte limit; "
                           "split it or raise --max-bytes")
    if size == 0:
        raise ArticleError("empty", "file is empty")
    meta, body, first_line = split_front_matter(decode_bytes(path.read_bytes()))
    return make_article(meta, body, uri, line=None, fallback_key=uri, reference_date=reference_date)


def _read_jsonl(path: Path, uri: str, reference_date: dt.date | None,
                max_bytes: int) -> Iterator[Article | IngestError]:
    """One article per line; a broken line is reported by number and the good lines are kept."""
    with path.open("rb") as handle:
        first = True
        for line_no, raw in enumerate(handle, start=1):
            if len(raw) > max_bytes:
                yield IngestError(uri, line_no, "too_large", f"line is {len(raw):,} bytes, over the "
                                  f"{max_bytes:,}-byte limit; split it or raise --max-bytes")
                continue
            if first and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8):]
            first = False
            if not raw.strip():
                continue
            try:
                record = json.loads(decode_bytes(raw))
                if not isinstance(record, dict):
                    raise ArticleError("jsonl", f"line must be a JSON object, got {type(record).__name__}")
                text = record.get("text")
                if not isinstance(text, str):
                    raise ArticleError("jsonl", "line has no string field \"text\"; every line needs one")
                meta = {k: record.get(k) for k in META_FIELDS}
                yield make_article(meta, text, f"{uri}#L{line_no}", line=line_no,
                                   fallback_key=f"{uri}#L{line_no}", reference_date=reference_date)
            except json.JSONDecodeError as exc:
                yield IngestError(uri, line_no, "jsonl", f"invalid JSON at column {exc.colno}: {exc.msg}")
            except ArticleError as exc:
                yield IngestError(uri, line_no, exc.error_type, exc.message)


def read_articles(files: Iterable[Path], *, reference_date: dt.date | None = None,
                  max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[list[Article], list[IngestError]]:
    """All articles from the files; duplicate ids with different text are reported, not merged."""
    articles: dict[str, Article] = {}
    errors: list[IngestError] = []
    for path in files:
        for item in read_file(path, reference_date=reference_date, max_bytes=max_bytes):
            if isinstance(item, IngestError):
                errors.append(item)
                continue
            earlier = articles.get(item.article_id)
            if earlier is None:
                articles[item.article_id] = item
            elif earlier.content_sha256 != item.content_sha256:
                errors.append(IngestError(item.source_uri, None, "duplicate_id",
                                          f"same id as {earlier.source_uri} but different text; "
                                          "give each article a unique `id`"))
    return list(articles.values()), errors
