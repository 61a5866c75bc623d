"""Hostile input: a corpus generated here (never committed) of good articles mixed with broken,
binary, huge, looping, unreadable and oddly named files. Every good article must reach the
warehouse, every bad file or line must be one row in `ingest_errors` (path, line, a message a
person can act on), and `dateline run --strict` exits 3. Exact sets, both ways.

One real `dateline run` process: as root, chmod 000 does not stop reads, so the run drops the
capabilities that let root ignore file permissions (setpriv) — a real unreadable file.
"""
from __future__ import annotations

import codecs
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from extractors.articles import read_articles

from .procs import run

DROP_ROOT_READ = ["--bounding-set=-dac_override,-dac_read_search"]
BIG_BYTES = 50 * 1024 * 1024
DEFAULT_LIMIT = "10,485,760-byte limit"


def _unreadable_setup(folder: Path) -> tuple[list[str], str | None]:
    """(command prefix under which a chmod 000 file cannot be read, or a reason it cannot be made)."""
    probe = folder / "probe-unreadable"
    probe.write_text("x")
    probe.chmod(0)
    try:
        if os.geteuid() != 0:
            return [], None
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            return [], "running as root and setpriv is missing: chmod 000 does not stop root reading"
        cat = subprocess.run([setpriv, *DROP_ROOT_READ, "cat", str(probe)], capture_output=True)
        if cat.returncode == 0:
            return [], "running as root and setpriv could not drop CAP_DAC_OVERRIDE here"
        return [setpriv, *DROP_ROOT_READ], None
    finally:
        probe.unlink()


def _article(title: str, *, id_: str | None = None, published: str = "2019-08-23") -> str:
    head = f"id: {id_}\n" if id_ else ""
    return f"---\n{head}published: {published}\n---\n{title} Turkey and Russia signed a deal in Moscow on Friday.\n"


def build_corpus(root: Path, unreadable: bool) -> tuple[Path, set[str], set[tuple[str, int | None, str]]]:
    """The corpus, the source_uris of its good articles, and (path, line, error_type) of its bad parts."""
    corpus = root / "corpus"
    (corpus / "sub").mkdir(parents=True)
    good: set[str] = set()
    bad: set[tuple[str, int | None, str]] = set()

    def add_good(name: str, data: bytes) -> None:
        (corpus / name).write_bytes(data)
        good.add(str(corpus / name))

    def add_bad(name: str, data: bytes | None, line: int | None, kind: str) -> Path:
        path = corpus / name
        if data is not None:
            path.write_bytes(data)
        bad.add((str(path), line, kind))
        return path

    # Good articles, including awkward encodings and names.
    add_good("good_plain.txt", b"KUALA LUMPUR, April 1, 1997 (AFP) - Police arrested two men on Monday.\n")
    add_good("good with spaces \u2013 \u00fcn\u00efc\u00f6d\u00e9 \u6771\u4eac.md", _article("Spaces.").encode())
    add_good("new\nline.txt", _article("Newline in the name.").encode())
    add_good("[draft] notes [red].txt", _article("Markup-looking name.").encode())
    add_good("utf16-bom.txt", codecs.BOM_UTF16_LE + _article("UTF-16 with BOM.").encode("utf-16-le"))
    add_good("utf16be-bom.md", codecs.BOM_UTF16_BE + _article("UTF-16 BE with BOM.").encode("utf-16-be"))
    add_good("utf8-bom.txt", codecs.BOM_UTF8 + _article("UTF-8 with BOM.").encode())
    add_good("crlf.md", _article("Windows line ends.").replace("\n", "\r\n").encode())
    add_good("dup_a.txt", _article("First of two with one id.", id_="dup").encode())
    add_good("sub/nested.txt", _article("In a subfolder.").encode())
    # Not articles at all: neither loaded nor reported.
    (corpus / "README.md").write_text("About this corpus.")
    (corpus / "notes.csv").write_text("a,b\n")
    (corpus / ".hidden.txt").write_text("Hidden.")

    # Bad files.
    add_bad("latin1.txt", "Caf\u00e9 owners protested in Paris.".encode("latin-1"), 1, "encoding")
    add_bad("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), None, "binary")
    add_bad("utf16-no-bom.txt", "Ankara said so.".encode("utf-16-le"), None, "binary")
    add_bad("empty.txt", b"", None, "empty")
    add_bad("empty with\nnewline [red].txt", b"", None, "empty")
    add_bad("blank.md", b"---\ntitle: Only a title\n---\n   \n\n", None, "empty")
    big = add_bad("big.txt", None, None, "too_large")
    with big.open("wb") as handle:  # a real 50 MB article of words, over the default 10 MiB limit
        chunk = b"Turkey and Russia signed a deal in Moscow on Friday. " * 20_000
        for _ in range(BIG_BYTES // len(chunk) + 1):
            handle.write(chunk)
    add_bad("list.md", b"---\n- a\n- b\n---\nBody.\n", 2, "front_matter")
    add_bad("broken-yaml.md", b"---\ntitle: ok\nsource: [unclosed\n---\nBody.\n", 4, "front_matter")
    add_bad("never-closed.md", b"---\ntitle: no closing line\nBody.\n", 1, "front_matter")
    add_bad("deep.md", b"---\ntitle: " + b"[" * 3000 + b"]" * 3000 + b"\n---\nBody.\n", 2, "front_matter")
    add_bad("title-mapping.md", b"---\npublished: 2019-08-23\ntitle: {a: 1}\n---\nBody.\n", 3, "metadata")
    add_bad("surrogate-title.md", b'---\ntitle: "\\ud800"\n---\nBody.\n', 2, "encoding")
    add_bad("markup-date.md", _article("Markup in a message.", published='"[/red]"').encode(), 2, "published")
    add_bad("feb30.md", _article("Impossible date.", published="2019-02-30").encode(), 2, "published")
    add_bad("year20190.md", _article("Absurd year.", published="20190-01-01").encode(), 2, "published")
    add_bad("year0001.md", _article("Antiquity.", published="0001-01-01").encode(), 2, "published")
    add_bad("dup_b.txt", _article("Second of two with one id, other text.", id_="dup").encode(), None, "duplicate_id")
    os.symlink("selfloop.txt", corpus / "selfloop.txt")
    add_bad("selfloop.txt", None, None, "symlink_loop")
    os.symlink("gone.txt", corpus / "dangling.txt")
    add_bad("dangling.txt", None, None, "broken_symlink")
    os.mkfifo(corpus / "pipe.txt")  # would block a reader forever
    add_bad("pipe.txt", None, None, "not_a_file")
    os.symlink("..", corpus / "sub" / "back")  # folder loop: sub/back/sub/back/...
    add_bad("sub/back", None, None, "symlink_loop")
    # A Latin-1 name: its path cannot be stored as text and named again, so it is reported.
    with open(os.path.join(os.fsencode(corpus), b"caf\xe9-latin1-name.txt"), "wb") as handle:
        handle.write(_article("Latin-1 bytes in the name.").encode())
    bad.add((f"{corpus}/caf\\xe9-latin1-name.txt", None, "file_name"))
    if unreadable:
        add_bad("unreadable.txt", _article("No permission.").encode(), None, "unreadable").chmod(0)

    # A JSONL file: good lines kept, broken ones reported by line number.
    lines = [
        json.dumps({"id": "j1", "text": "Iran seized a British tanker on Friday.", "published": "2019-07-19"}),
        "{not json",
        json.dumps({"text": "An article with neither id nor date."}),
        json.dumps({"id": "no-text", "title": "No text field"}),
        json.dumps({"id": "j5", "text": "Lone \ud800 surrogate."}),
        json.dumps({"id": "j6", "text": "Bad date.", "published": "2019-02-30"}),
        "",
        json.dumps({"id": "j8", "text": "Line eight is fine, ünïcödé too."}, ensure_ascii=False),
        json.dumps(["a", "list"]),
        "[" * 100_000,
    ]
    feed = corpus / "feed.jsonl"
    feed.write_bytes("\n".join(lines).encode("utf-8", "surrogatepass") + b"\n")
    good |= {f"{feed}#L1", f"{feed}#L3", f"{feed}#L8"}
    bad |= {(str(feed), 2, "jsonl"), (str(feed), 4, "jsonl"), (str(feed), 5, "encoding"),
            (str(feed), 6, "published"), (str(feed), 9, "jsonl"), (str(feed), 10, "jsonl")}
    return corpus, good, bad


def test_hostile_corpus_keeps_every_good_article_and_reports_every_bad_file(tmp_path: Path,
                                                                            prefect_server: None) -> None:
    prefix, why_not = _unreadable_setup(tmp_path)
    corpus, good, bad = build_corpus(tmp_path, unreadable=why_not is None)
    data = tmp_path / "data"
    code, output = run(["run", str(corpus), "--data-dir", str(data), "--strict"], tmp_path / "proc", prefix=prefix)
    assert code == 3, output  # --strict: something was rejected
    assert "Traceback" not in output

    con = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    try:
        kept = {r[0] for r in con.execute("SELECT source_uri FROM articles").fetchall()}
        errors = con.execute("SELECT source_uri, line, error_type, message FROM ingest_errors").fetchall()
        run_row = con.execute("SELECT status, n_errors FROM runs").fetchall()
        dup_text = con.execute("SELECT text FROM articles WHERE source_uri LIKE '%dup_a.txt'").fetchall()
    finally:
        con.close()
    assert kept == good
    assert {(uri, line, kind) for uri, line, kind, _ in errors} == bad
    assert len(errors) == len(bad)  # one row each, nothing reported twice
    assert run_row == [("completed_with_errors", len(bad))]
    assert dup_text and "First of two" in dup_text[0][0]  # the first of a duplicate id is kept

    messages = {(Path(uri).name, kind): message for uri, _, kind, message in errors}
    big = messages[("big.txt", "too_large")]
    assert DEFAULT_LIMIT in big and "--max-bytes" in big
    assert "iconv" in messages[("latin1.txt", "encoding")]
    assert "2019-02-30" in messages[("feb30.md", "published")]
    assert "20190-01-01" in messages[("year20190.md", "published")]
    assert "dup_a.txt" in messages[("dup_b.txt", "duplicate_id")]
    assert "convmv" in messages[("caf\\xe9-latin1-name.txt", "file_name")]
    assert "FIFO" in messages[("pipe.txt", "not_a_file")]
    if why_not is None:
        assert "Permission denied" in messages[("unreadable.txt", "unreadable")]
    for message in messages.values():  # a person can act on it: it says what is wrong, at some length
        assert len(message) > 15, message

    # The summary names every rejected file, printed literally (no markup, newlines escaped).
    assert output.count("rejected ") == len(bad)
    assert "empty with\\nnewline [red].txt" in output and "'[/red]'" in output
    assert "caf\\xe9-latin1-name.txt" in output


def test_unreadable_file_is_reported_not_raised(tmp_path: Path) -> None:
    prefix, why_not = _unreadable_setup(tmp_path)
    if why_not is not None:
        pytest.skip(why_not)
    path = tmp_path / "locked.txt"
    path.write_text("Readable by nobody.")
    path.chmod(0)
    code = ("import json, sys; from pathlib import Path; from extractors.articles import read_articles; "
            "a, e = read_articles([Path(sys.argv[1])]); print(json.dumps([len(a), [x.error_type for x in e]]))")
    if prefix:  # root: read it in a process that cannot override permissions
        out = subprocess.run([*prefix, sys.executable, "-c", code, str(path)], capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        assert json.loads(out.stdout) == [0, ["unreadable"]]
    else:
        articles, errors = read_articles([path])
        assert articles == [] and [e.error_type for e in errors] == ["unreadable"]
        assert "check permissions" in errors[0].message


def test_jsonl_over_long_lines_are_skipped_and_utf16_feeds_are_decoded(tmp_path: Path) -> None:
    good = json.dumps({"id": "g", "text": "Iran seized a tanker on Friday."})
    long_line = json.dumps({"id": "long", "text": "word " * 2000})  # 10 kB, over a 1 kB limit
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join([good, long_line, long_line + long_line, "{broken",
                               json.dumps({"id": "h", "text": "After the long ones."})]) + "\n", "utf-8")
    articles, errors = read_articles([feed], max_bytes=1000)
    assert sorted(a.source_uri for a in articles) == [f"{feed}#L1", f"{feed}#L5"]
    assert [(e.line, e.error_type) for e in errors] == [(2, "too_large"), (3, "too_large"), (4, "jsonl")]
    assert f"{len(long_line) + 1:,} bytes" in errors[0].message and "1,000-byte limit" in errors[0].message

    utf16 = tmp_path / "utf16.jsonl"
    utf16.write_bytes(codecs.BOM_UTF16_LE + "\r\n".join(
        [good, "{broken", json.dumps({"id": "u", "text": "Ünïcödé in UTF-16."}, ensure_ascii=False)]
    ).encode("utf-16-le"))
    articles, errors = read_articles([utf16])
    assert sorted(a.text for a in articles) == ["Iran seized a tanker on Friday.", "Ünïcödé in UTF-16."]
    assert [(e.line, e.error_type) for e in errors] == [(2, "jsonl")]


def test_unusable_data_dir_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from flows.cli import main

    (tmp_path / "a-file").write_text("not a folder")
    (tmp_path / "article.txt").write_text("Text.")
    result = CliRunner().invoke(main, ["run", str(tmp_path / "article.txt"), "--data-dir", str(tmp_path / "a-file" / "data")])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert "cannot use data dir" in result.output and "Not a directory" in result.output
    assert "Traceback" not in result.output
