"""The bundled seed articles: front matter, ids, and the Wikinews conversion (bench/make_seeds.py)."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.make_seeds import detokenize_document  # noqa: E402

SEEDS = ROOT / "seeds"
WIKINEWS = SEEDS / "wikinews"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpora" / "timeline-trial"
needs_shared = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"../shared corpus absent: {CORPUS}")

REQUIRED = ("id", "title", "published", "source", "url")


def split_front_matter(text: str) -> tuple[dict, str]:
    """(front matter mapping, body); the body starts right after the newline ending the 2nd ``---``."""
    assert text.startswith("---\n"), "seed must start with a '---' line"
    end = text.find("\n---\n", 3)
    assert end > 0, "no closing '---' line"
    meta = yaml.safe_load(text[4:end + 1])
    return meta, text[end + len("\n---\n"):]


def seed_files() -> list[Path]:
    return sorted(p for p in SEEDS.rglob("*.txt"))


def test_seeds_dir_holds_only_articles_and_attribution():
    others = [p for p in SEEDS.rglob("*") if p.is_file() and p.suffix != ".txt" and p.name != "ATTRIBUTION.md"]
    assert others == []
    assert (WIKINEWS / "ATTRIBUTION.md").is_file()
    text = (WIKINEWS / "ATTRIBUTION.md").read_text(encoding="utf-8")
    for needle in ("FBK", "VUA", "EHU", "CC BY 3.0", "creativecommons.org/licenses/by/3.0", "detokenised"):
        assert needle in text


def test_counts_30_wikinews_plus_ahval():
    assert len(list(WIKINEWS.glob("*.txt"))) == 30
    assert (SEEDS / "000_ahval_erdogan_visit_russia.txt").is_file()
    assert len(seed_files()) == 31


@pytest.mark.parametrize("path", seed_files(), ids=lambda p: p.name)
def test_front_matter_parses(path: Path):
    meta, body = split_front_matter(path.read_text(encoding="utf-8"))
    assert isinstance(meta, dict)
    for key in REQUIRED:
        assert meta.get(key), f"{path.name}: missing {key}"
    published = meta["published"]
    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    assert isinstance(published, dt.date)
    assert dt.date(1990, 1, 1) <= published <= dt.date.today()
    assert isinstance(meta["title"], str) and isinstance(meta["id"], str)
    assert body.strip(), f"{path.name}: empty body"


def test_ids_unique():
    ids = [split_front_matter(p.read_text(encoding="utf-8"))[0]["id"] for p in seed_files()]
    assert len(ids) == len(set(ids)) == 31


@pytest.mark.parametrize("path", sorted(WIKINEWS.glob("*.txt")), ids=lambda p: p.name)
def test_wikinews_layout(path: Path):
    meta, body = split_front_matter(path.read_text(encoding="utf-8"))
    docid = path.name.split("_", 1)[0]
    assert meta["id"] == f"wikinews-{docid}"
    assert meta["source"] == "Wikinews" and meta["license"] == "CC-BY 3.0"
    assert meta["url"].startswith("http://en.wikinews.org/wiki/")
    lines = body.split("\n")
    assert lines[0] == meta["title"]
    assert lines[1] == ""
    assert body.endswith("\n") and not body.endswith("\n\n")
    assert all(line.strip() == line and line for line in lines[2:-1])
    # readable English: the tokeniser's tell-tale spaces are gone
    for bad in (" ,", " .\n", " 's ", "( ", " )"):
        assert bad not in body, f"{path.name}: {bad!r} in body"


@pytest.mark.parametrize("tokens, expected", [
    (["Jobs", "said", ",", '"', "Stop", "me", "if", "you", "'ve", "seen", "this", ".", '"'],
     'Jobs said, "Stop me if you\'ve seen this."'),
    (["It", "costs", "US", "$", "199", "(", "about", "£", "120", ")", "."], "It costs US $199 (about £120)."),
    (["Apple", "'s", "lawyers", "and", "Jobs", "'", "health", "do", "n't", "matter", ";", "100", "%", "!"],
     "Apple's lawyers and Jobs' health don't matter; 100%!"),
    (["a", "13.3", '"', "screen", "and", "a", '"', "retina", "display", ",", '"', "he", "said"],
     'a 13.3" screen and a "retina display," he said'),
    (["Apple", "'", "s", "C.E.O.", ",", "we", "'", "re", "told", ",", "a", "`", "cut", "the", "cord", "'"],
     "Apple's C.E.O., we're told, a `cut the cord'"),
    (["This", "'switch", "'", ",", "said", "Charles", "O", "'Reilly", ",", "a", "'", "High", "School", "'", "hit"],
     "This 'switch', said Charles O'Reilly, a 'High School' hit"),
])
def test_detokenize_rules(tokens, expected):
    [(text, spans)] = detokenize_document([tokens])
    assert text == expected
    assert [text[s:e] for s, e in spans] == tokens


def test_quotes_alternate_across_sentences():
    out = detokenize_document([['"', "We", "go", "."], ["Now", ",", '"', "he", "said", "."], ["A", '"', "b", '"']])
    assert [t for t, _ in out] == ['"We go.', 'Now," he said.', 'A "b"']


@needs_shared
def test_converter_reproduces_committed_files(tmp_path: Path):
    from bench.make_seeds import write_seeds
    written = write_seeds(tmp_path, CORPUS)
    assert sorted(p.name for p in written) == sorted(p.name for p in WIKINEWS.iterdir())
    for path in written:
        assert path.read_bytes() == (WIKINEWS / path.name).read_bytes(), path.name


@needs_shared
def test_token_spans_slice_committed_bodies():
    from bench.timeline_gold import load_docs, token_spans
    docs = load_docs(CORPUS)
    assert len(docs) == 30
    n_tokens = 0
    for docid, doc in docs.items():
        meta, body = split_front_matter((WIKINEWS / doc.file_name).read_text(encoding="utf-8"))
        assert meta["id"] == f"wikinews-{docid}"
        assert body == doc.rendered.body
        spans = token_spans(docid, CORPUS)
        assert len(spans) == len(doc.article.tokens)
        lines = body.split("\n")
        line_start = {0: 0}
        pos = len(lines[0]) + 2
        for k, line in enumerate(lines[2:-1], start=1):
            line_start[k] = pos
            pos += len(line) + 1
        prev_end = -1
        for tok in doc.article.tokens:
            s, e = spans[(tok.sentence, tok.number)]
            assert body[s:e] == tok.text, (docid, tok)
            assert s >= max(prev_end, 0) and e > s  # in text order, glued or spaced, never overlapping
            prev_end = e
            # sentence k of the CAT file is line k of the body (title = line 0, then a blank line)
            ls = line_start[tok.sentence]
            assert ls <= s and e <= ls + len(lines[tok.sentence + 1 if tok.sentence else 0])
            n_tokens += 1
        assert len(lines) - 3 == max(doc.article.sentences)  # title, blank, sentences 1..N, trailing ""
    assert n_tokens > 10000
