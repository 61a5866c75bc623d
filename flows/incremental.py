"""Incremental runs: which files need reading, reading them in batches, and what to record.

Cheapest test first: a file whose size and mtime match its manifest row (same pipeline version)
is not opened at all; one whose size matches but mtime differs is hashed, and if the hash matches
only its manifest row is refreshed. Everything else is read and its articles go through the
article fingerprints (content sha + pipeline version), so an edited JSONL file re-extracts only
its changed lines. Pure functions over files; the Prefect tasks wrapping them are in ingest.py.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from extractors import Article, IngestError, file_uri, read_file
from warehouse import ManifestRow

_LINE_SUFFIX = re.compile(r"#L\d+$")


@dataclass(frozen=True, slots=True)
class FileState:
    """A file as stat() saw it before reading."""

    path: str
    size_bytes: int
    mtime_ns: int


@dataclass(slots=True)
class Plan:
    to_read: list[FileState] = field(default_factory=list)
    verified: list[ManifestRow] = field(default_factory=list)  # touched but identical: refresh the row
    n_unchanged_files: int = 0
    n_unchanged_articles: int = 0


@dataclass(slots=True)
class FileRead:
    """What reading one file gave: its hash, its articles' ids, and whether it read cleanly."""

    state: FileState
    sha256: str | None
    article_ids: list[str]
    clean: bool


@dataclass(slots=True)
class ReadBatch:
    articles: list[Article] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    files: list[FileRead] = field(default_factory=list)


def source_path(source_uri: str) -> str:
    """The file an article came from (JSONL articles carry #L<line>)."""
    return _LINE_SUFFIX.sub("", source_uri)


def file_sha256(path: str | Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def version_of(model: str | None) -> str:
    """The pipeline version for `model` from its meta.json, without loading the pipeline.

    The flow process only needs the version to decide what to skip; loading spaCy there would
    cost seconds and a few hundred MB that the workers already pay.
    """
    from extractors import installed_pipeline_version, load_pipeline, pipeline_version

    return installed_pipeline_version(model) or pipeline_version(load_pipeline(model))


def unchanged_unread(files: list[Path], manifest: dict[str, ManifestRow], version: str) -> bool:
    """True when every file matches its manifest row by size and mtime (same pipeline version):
    the run would read nothing. Stops at the first file that differs; never hashes."""
    for path in files:
        row = manifest.get(file_uri(path))
        try:
            st = os.stat(path)
        except OSError:
            return False
        if row is None or row.pipeline_version != version or (row.size_bytes, row.mtime_ns) != (
                st.st_size, st.st_mtime_ns):
            return False
    return True


def plan_files(files: list[Path], manifest: dict[str, ManifestRow], version: str) -> Plan:
    """Split files into unchanged (skipped unread), touched-but-identical, and to read."""
    plan = Plan()
    for path in files:
        uri = file_uri(path)
        try:
            st = os.stat(path)
        except OSError:
            plan.to_read.append(FileState(uri, -1, -1))  # the reader reports why
            continue
        state = FileState(uri, st.st_size, st.st_mtime_ns)
        row = manifest.get(uri)
        if row is None or row.pipeline_version != version or row.size_bytes != st.st_size:
            plan.to_read.append(state)
            continue
        if row.mtime_ns == st.st_mtime_ns or _same_content(path, row.content_sha256):
            plan.n_unchanged_files += 1
            plan.n_unchanged_articles += row.n_articles
            if row.mtime_ns != st.st_mtime_ns:
                plan.verified.append(ManifestRow(uri, st.st_size, st.st_mtime_ns, row.content_sha256,
                                                 version, row.n_articles))
            continue
        plan.to_read.append(state)
    return plan


def _same_content(path: Path, sha: str) -> bool:
    try:
        return file_sha256(path) == sha
    except OSError:
        return False


def read_batch(states: list[FileState], reference_date: dt.date | None, max_bytes: int) -> ReadBatch:
    """Read a batch of files: articles and errors, plus per file its hash and article ids."""
    out = ReadBatch()
    for state in states:
        path = Path(state.path)
        ids: list[str] = []
        clean = True
        for item in read_file(path, reference_date=reference_date, max_bytes=max_bytes):
            if isinstance(item, IngestError):
                out.errors.append(item)
                clean = False
            else:
                out.articles.append(item)
                ids.append(item.article_id)
        sha = None
        if clean:  # record only what was read: a file changed while reading is retried next run
            try:
                sha = file_sha256(path)
                st = os.stat(path)
                clean = (st.st_size, st.st_mtime_ns) == (state.size_bytes, state.mtime_ns)
            except OSError:
                clean = False
        out.files.append(FileRead(state, sha, ids, clean and state.size_bytes >= 0))
    return out
