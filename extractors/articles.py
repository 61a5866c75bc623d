"""Reading article files (.txt/.md with optional YAML front matter, .jsonl) into `Article`s.

Every failure becomes an `IngestError` naming the file, the line and what to do, so that one
broken file never stops a run: readers yield articles and errors side by side.
"""
from __future__ import annotations

import codecs
import datetime as dt
import errno
import json
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import yaml

from .errors import DatelineError
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


class ArticleError(DatelineError):
    """Raised inside readers; converted to an `IngestError` at the file boundary."""

    code = "D102"

    def __init__(self, error_type: str, message: str, line: int | None = None, *,
                 field: str | None = None) -> None:
        super().__init__(message)
        self.error_type = error_type
        self.message = message
        self.line = line
        self.field = field  # the metadata field at fault, so its front-matter line can be found


def file_uri(path: Path) -> str:
    """The absolute path of a file as a string: stable across runs from any working directory.

    A name that is not valid UTF-8 (e.g. Latin-1 bytes from an old archive) keeps its bytes as
    `\\xe9` escapes, so the URI can always be stored and printed; such files are reported, not
    read (`discover_files`), because the URI cannot name them again.
    """
    return os.fsencode(os.path.abspath(path)).decode("utf-8", "backslashreplace")


def _not_readable_file(path: Path) -> IngestError | None:
    """Why `path` cannot be read as an article file (not UTF-8, missing, a symlink loop, a FIFO...), or None."""
    uri = file_uri(path)
    raw = os.fsencode(os.path.abspath(path))
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        part = next((p for p in raw.split(b"/") if _bad_utf8(p)), raw)
        return IngestError(uri, None, "file_name", f"the path is not valid UTF-8 (byte 0x{raw[exc.start]:02x} in "
                           f"'{part.decode('utf-8', 'backslashreplace')}'); rename it to UTF-8, e.g. "
                           "`convmv -f latin1 -t utf-8 --notest NAME`")
    try:
        info = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return IngestError(uri, None, "symlink_loop", "symlink loop: the link leads back to itself; "
                               "remove it or point it at a real file")
        if exc.errno == errno.ENOENT and os.path.islink(path):
            return IngestError(uri, None, "broken_symlink", f"symlink points to a missing file "
                               f"({os.readlink(path)!r}); fix or remove it")
        if exc.errno == errno.ENOENT:
            return IngestError(uri, None, "not_found", "no such file or folder; check the path")
        return IngestError(uri, None, "unreadable", f"cannot open: {exc.strerror or exc}; check permissions")
    if not stat.S_ISREG(info.st_mode):
        return IngestError(uri, None, "not_a_file", "not a regular file (a FIFO, socket or device), "
                           "which could block the run; only plain files are read")
    return None


def _bad_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def discover_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[IngestError]]:
    """Article files under the given paths (recursive, sorted), and errors for paths that cannot be read.

    Symlinked folders are followed once; a symlink loop is reported, not walked forever. Only
    regular files are returned: a FIFO named `x.txt` would block the run, so it is reported.
    """
    files: list[Path] = []
    errors: list[IngestError] = []
    seen_dirs: dict[str, str] = {}
    seen_files: set[str] = set()

    def add(path: Path) -> None:
        problem = _not_readable_file(path)
        if problem is not None:
            errors.append(problem)
            return
        real = os.path.realpath(path)
        if real not in seen_files:
            seen_files.add(real)
            files.append(path)

    def walk_error(exc: OSError) -> None:
        errors.append(IngestError(file_uri(Path(exc.filename or "?")), None, "unreadable",
                                  f"cannot list folder: {exc.strerror or exc}; check permissions"))

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirnames, filenames in os.walk(path, followlinks=True, onerror=walk_error):
                real_root = os.path.realpath(root)
                if real_root in seen_dirs:
                    errors.append(IngestError(
                        file_uri(Path(root)), None, "symlink_loop",
                        f"folder reached again through a symlink (it is {seen_dirs[real_root]}); "
                        "skipped, its files are read once — remove the link if it is a loop"))
                    dirnames[:] = []
                    continue
                seen_dirs[real_root] = file_uri(Path(root))
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in sorted(filenames):
                    child = Path(root) / name
                    if name.startswith(".") or child.suffix.lower() not in ARTICLE_SUFFIXES:
                        continue
                    if child.stem.lower().split(".")[0] in NON_ARTICLE_STEMS:
                        continue
                    add(child)
        elif not os.path.lexists(path):
            errors.append(IngestError(file_uri(path), None, "not_found", "no such file or folder; check the path"))
        elif path.suffix.lower() not in ARTICLE_SUFFIXES:
            errors.append(IngestError(file_uri(path), None, "unsupported_format",
                                      f"unsupported file type {path.suffix or '(none)'!r}; "
                                      f"use one of {', '.join(sorted(ARTICLE_SUFFIXES))}"))
        else:
            add(path)
    return files, errors


def decode_bytes(data: bytes) -> str:
    """UTF-8 (BOM allowed) or BOM-marked UTF-16/32; anything else is reported rather than guessed."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    else:
        # UTF-32's little-endian BOM starts with UTF-16's, so UTF-32 is tried first.
        for boms, codec in (((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE), "utf-32"),
                            ((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE), "utf-16")):
            if data.startswith(boms):
                try:
                    return data.decode(codec)
                except UnicodeDecodeError as exc:
                    raise ArticleError("encoding", f"invalid {codec.upper()} at byte {exc.start}; "
                                       "re-save the file as UTF-8") from None
    if b"\x00" in data[:8192]:
        raise ArticleError("binary", "binary file (contains NUL bytes), not an article; if it is UTF-16 "
                           "text without a byte-order mark, re-save it as UTF-8")
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


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML's safe loader, except that dates stay the text written.

    PyYAML turns `published: 2019-02-30` into a ValueError from deep inside the parser; as text it
    reaches `parse_published`, which reports it as an impossible date. `id: 2019-08-01` stays an id.
    """


_FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp",
                                   lambda loader, node: loader.construct_scalar(node))  # type: ignore[arg-type]


def _parse_yaml(header: str) -> dict[str, object]:
    try:
        meta = yaml.load(header, Loader=_FrontMatterLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ArticleError("front_matter", f"front matter is not valid YAML: {problem}", line) from None
    except RecursionError:
        raise ArticleError("front_matter", "front matter is nested too deeply to be metadata; "
                           "use flat `key: value` lines", 2) from None
    except (ValueError, TypeError, OverflowError) as exc:
        raise ArticleError("front_matter", f"front matter cannot be read: {exc}; "
                           "use flat `key: value` lines", 2) from None
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
    raise ArticleError("metadata", f"{key!r} must be text, got {type(value).__name__}", line, field=key)


def _check_unicode(field: str, value: str, line: int | None) -> None:
    """JSON escapes can make strings that are not Unicode text (a lone surrogate "\\ud800"):
    they cannot be stored, so the article is rejected with the place to fix."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ArticleError("encoding", f"{field!r} contains an invalid character (unpaired surrogate "
                           f"U+{ord(value[exc.start]):04X} at character {exc.start}), usually a broken "
                           "\\u escape; fix or remove it", line, field=field) from None


def make_article(meta: dict[str, object], body: str, source_uri: str, *, line: int | None,
                 fallback_key: str, reference_date: dt.date | None) -> Article:
    """Validate metadata and choose the publication date: own field, --reference-date, dateline, none."""
    if not body.strip():
        raise ArticleError("empty", "article has no text (only blanks after any front matter); "
                           "add the body text or remove it", line)
    _check_unicode("text", body, line)
    for key in META_FIELDS:
        value = meta.get(key)
        if isinstance(value, str):
            _check_unicode(key, value, line)
    try:
        published = parse_published(meta.get("published"))
    except PublishedDateError as exc:
        raise ArticleError("published", f"{exc}; fix the `published` field", line, field="published") from None
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
    except Exception as exc:  # last resort: one file must never stop the run (tests allow none)
        yield IngestError(uri, None, "internal", f"unexpected {type(exc).__name__} while reading: {exc}; "
                          "please report this file")


def _read_text(path: Path, uri: str, reference_date: dt.date | None, max_bytes: int) -> Article:
    size = path.stat().st_size
    if size > max_bytes:
        raise ArticleError("too_large", f"file is {size:,} bytes, over the {max_bytes:,}-byte limit; "
                           "split it or raise --max-bytes")
    if size == 0:
        raise ArticleError("empty", "file is empty (0 bytes); add the article text or remove the file")
    content = decode_bytes(path.read_bytes())
    meta, body, first_line = split_front_matter(content)
    try:
        return make_article(meta, body, uri, line=None, fallback_key=uri, reference_date=reference_date)
    except ArticleError as exc:
        if exc.line is None and exc.field in META_FIELDS:
            exc.line = _field_line(content, first_line, exc.field)
        raise


def _field_line(content: str, body_line: int, field: str) -> int | None:
    """The front-matter line of a metadata field, if the header has it."""
    for number, line in enumerate(content.split("\n", body_line)[: body_line - 1], start=1):
        if line.split(":", 1)[0].strip() == field:
            return number
    return None


def _jsonl_lines(handle: BinaryIO, uri: str, max_bytes: int) -> Iterator[tuple[int, bytes] | IngestError]:
    """(line number, bytes) per line; a line over `max_bytes` is an error and is never held in memory."""
    head = handle.read(4)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # UTF-16/32 JSONL: decode it whole
        size = os.fstat(handle.fileno()).st_size
        if size > max_bytes:
            yield IngestError(uri, None, "too_large", f"UTF-16 JSONL file is {size:,} bytes, over the "
                              f"{max_bytes:,}-byte limit; re-save it as UTF-8 or raise --max-bytes")
            return
        try:
            text = decode_bytes(head + handle.read())
        except ArticleError as exc:
            yield IngestError(uri, exc.line, exc.error_type, exc.message)
            return
        for line_no, line in enumerate(text.split("\n"), start=1):
            yield line_no, line.encode("utf-8", "surrogatepass")
        return
    handle.seek(0)
    line_no = 0
    while True:
        raw = handle.readline(max_bytes + 1)
        if not raw:
            return
        line_no += 1
        if len(raw) > max_bytes:
            size = len(raw)
            while not raw.endswith(b"\n"):  # skip the rest of the line unread into memory
                raw = handle.readline(1 << 20)
                if not raw:
                    break
                size += len(raw)
            yield IngestError(uri, line_no, "too_large", f"line is {size:,} bytes, over the "
                              f"{max_bytes:,}-byte limit; split it or raise --max-bytes")
            continue
        yield line_no, raw


def _read_jsonl(path: Path, uri: str, reference_date: dt.date | None,
                max_bytes: int) -> Iterator[Article | IngestError]:
    """One article per line; a broken line is reported by number and the good lines are kept."""
    with path.open("rb") as handle:
        for item in _jsonl_lines(handle, uri, max_bytes):
            if isinstance(item, IngestError):
                yield item
                continue
            line_no, raw = item
            if line_no == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8):]
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
            except RecursionError:
                yield IngestError(uri, line_no, "jsonl", "JSON nested too deeply; an article is a flat object")
            except ValueError as exc:  # e.g. an integer with more digits than Python converts
                yield IngestError(uri, line_no, "jsonl", f"invalid JSON: {exc}")
            except ArticleError as exc:
                yield IngestError(uri, line_no, exc.error_type, exc.message)


class ArticleIds:
    """The duplicate-id rule, in one place: the first article with an id wins; a later one with the
    same text is a copy (skipped), with other text an error (reported, not merged)."""

    def __init__(self) -> None:
        self._seen: dict[str, tuple[str, str]] = {}  # article_id -> (content sha256, source uri)

    def admit(self, article: Article) -> tuple[bool, IngestError | None]:
        """(True, None) for the first article with its id; (False, error or None) for a later one."""
        earlier = self._seen.get(article.article_id)
        if earlier is None:
            self._seen[article.article_id] = (article.content_sha256, article.source_uri)
            return True, None
        if earlier[0] == article.content_sha256:
            return False, None
        return False, IngestError(article.source_uri, None, "duplicate_id",
                                  f"same id as {earlier[1]} but different text; give each article a unique `id`")


def read_articles(files: Iterable[Path], *, reference_date: dt.date | None = None,
                  max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[list[Article], list[IngestError]]:
    """All articles from the files, duplicate ids reported (`ArticleIds`): the library entry point;
    the flow reads the same way, batch by batch, with the warehouse's manifest in between."""
    articles: list[Article] = []
    errors: list[IngestError] = []
    ids = ArticleIds()
    for path in files:
        for item in read_file(path, reference_date=reference_date, max_bytes=max_bytes):
            if isinstance(item, IngestError):
                errors.append(item)
                continue
            first, error = ids.admit(item)
            if first:
                articles.append(item)
            elif error is not None:
                errors.append(error)
    return articles, errors
