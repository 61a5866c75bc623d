"""Convert the SemEval-2015 Task 4 "TimeLine" trial articles into dateline seed files.

Reads ``../shared/corpora/timeline-trial/`` (30 Wikinews articles, CC-BY 3.0, FBK/VUA/EHU):

* ``cat/<docid>*.xml``   -- CAT XML: ``<token number sentence t_id>`` (sentence 0 is the title),
  plus ``src_url`` on the ``<Document>`` element.  The CAT tokens are the text we publish: the
  gold timelines refer to them, so they are the single source of the body text.
* ``timeml/<docid>*.tml`` -- TimeML: ``<DCT><TIMEX3 value=...>`` is the publication date.

and writes ``seeds/wikinews/<docid>_<slug>.txt``::

    ---
    id: wikinews-<docid>
    title: "<title>"
    published: YYYY-MM-DD
    source: Wikinews
    url: <src_url>
    license: CC-BY 3.0
    ---
    <title>
    <blank line>
    <sentence 1>
    <sentence 2>
    ...

plus ``seeds/wikinews/ATTRIBUTION.md``.  The body is the detokenised title, a blank line and
then one detokenised sentence per line (every line ends with ``\\n``).

Detokenisation rules (``detokenize_document``), applied token by token within a document; the
default is one space between tokens:

1. no space before ``, . ; : ? ! ) ] } %``, ``...``, ``n't`` and clitics ``'s 's 've 're 'll 'd 'm``;
2. no space after ``( [ {`` and currency symbols ``$ £ € US$``;
3. double quote ``"``: quotes alternate open/close over the whole document (quoted speech may
   span sentences).  An opening quote takes a space before and none after, a closing quote the
   reverse.  Exception: a ``"`` right after a number while no quote is open is an inch mark
   (``13.3"``): no space before, it does not change the open/close state;
4. backtick `````: opening single quote (no space after);
5. lone apostrophe ``'``: before a token ``s re ve ll d m t`` it is a split clitic
   (``Apple ' s`` -> ``Apple's``); after a word ending in ``s`` it is a plural possessive (``Jobs ' death`` ->
   ``Jobs' death``); otherwise single quotes alternate open/close like rule 3 (a backtick opens);
6. a token starting with an apostrophe and a letter (``'switch``) opens a single quote, except
   after ``O`` where it is a name (``O 'Reilly`` -> ``O'Reilly``);
7. tokens are never changed, only the spaces between them, so every CAT token maps to exactly
   one character span of the body (``token_spans``); ``bench/timeline_gold.py`` relies on this.

The conversion is deterministic: run ``python bench/make_seeds.py`` and the output is byte-for-byte
the committed ``seeds/wikinews/``.  ``--out DIR`` writes elsewhere (the tests use a temp dir).
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "timeline-trial"
OUT_DIR = ROOT / "seeds" / "wikinews"

NO_SPACE_BEFORE = {",", ".", ";", ":", "?", "!", ")", "]", "}", "%", "...", "n't", "'s", "'ve",
                   "'re", "'ll", "'d", "'m"}
NO_SPACE_AFTER = {"(", "[", "{", "$", "£", "€", "US$"}
_SPLIT_CLITICS = {"s", "re", "ve", "ll", "d", "m", "t"}
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)*$")

ATTRIBUTION = """\
# Attribution: Wikinews articles from the SemEval-2015 Task 4 "TimeLine" trial data

The {n} files `*.txt` in this directory are Wikinews articles (<https://en.wikinews.org/>) as
distributed in the trial data of SemEval-2015 Task 4, "TimeLine: Cross-Document Event
Ordering", prepared by Fondazione Bruno Kessler (FBK), VU University Amsterdam (VUA) and the
University of the Basque Country (EHU) for the NewsReader project.  Each file's `url` field
links to the original Wikinews article.

Licence: Creative Commons Attribution 3.0 (CC BY 3.0),
<https://creativecommons.org/licenses/by/3.0/>.  The same licence applies to these derived
files.

Changes made (by `bench/make_seeds.py`, which regenerates this directory deterministically):

* the tokenised text of the CAT XML files was detokenised into readable English (spaces
  removed before punctuation and clitics and inside quotes and brackets; see the rules in the
  script's docstring), one sentence per line, with the title as the first line;
* YAML front matter was added: `id`, `title`, `published` (the TimeML document creation time),
  `source`, `url` (the CAT `src_url`) and `license`;
* nothing else: no token was added, removed or altered.
"""


@dataclass
class Token:
    number: int
    sentence: int
    t_id: str
    text: str


@dataclass
class Article:
    docid: str
    doc_name: str
    url: str
    published: dt.date
    tokens: list[Token]
    sentences: dict[int, list[Token]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.sentences:
            for tok in self.tokens:
                self.sentences.setdefault(tok.sentence, []).append(tok)


@dataclass
class Rendered:
    title: str
    body: str
    # token number (CAT ``number`` attribute, unique per document) -> (start, end) in ``body``
    token_spans: dict[int, tuple[int, int]]
    # CAT sentence index -> (start, end) of that sentence's line in ``body`` (no newline)
    sentence_spans: dict[int, tuple[int, int]]


class _QuoteState:
    def __init__(self) -> None:
        self.double_open = False
        self.single_open = False


def _is_word(tok: str) -> bool:
    return any(ch.isalnum() for ch in tok)


def detokenize_document(sentences: list[list[str]]) -> list[tuple[str, list[tuple[int, int]]]]:
    """Detokenise each sentence; returns (text, token spans relative to that text) per sentence.

    The quote state is carried across the sentences of one document (rule 3 of the module doc).
    """
    state = _QuoteState()
    out = []
    for tokens in sentences:
        out.append(_detokenize_sentence(tokens, state))
    return out


def _detokenize_sentence(tokens: list[str], state: _QuoteState) -> tuple[str, list[tuple[int, int]]]:
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    glue_next = True  # no space before the first token
    for i, tok in enumerate(tokens):
        prev = tokens[i - 1] if i > 0 else None
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        space_before = not glue_next
        glue_after = False
        if tok in NO_SPACE_BEFORE:
            space_before = False
        elif tok in NO_SPACE_AFTER:
            glue_after = True
        elif tok == '"':
            if not state.double_open and prev is not None and _NUMBER.match(prev):
                space_before = False  # inch mark
            elif state.double_open:
                space_before = False
                state.double_open = False
            else:
                glue_after = True
                state.double_open = True
        elif tok.startswith("'") and len(tok) > 1 and tok[1].isalpha():
            if prev == "O":
                space_before = False  # O 'Reilly -> O'Reilly
            else:
                state.single_open = True  # 'switch ' -> 'switch'
        elif tok == "`":
            glue_after = True
            state.single_open = True
        elif tok == "'":
            if nxt in _SPLIT_CLITICS:
                space_before, glue_after = False, True  # split clitic: Apple ' s, we ' re
            elif prev is not None and prev.lower().endswith("s") and _is_word(prev) and not state.single_open:
                space_before = False  # plural possessive: Jobs '
            elif state.single_open:
                space_before = False
                state.single_open = False
            else:
                glue_after = True
                state.single_open = True
        if space_before and parts:
            parts.append(" ")
            pos += 1
        parts.append(tok)
        spans.append((pos, pos + len(tok)))
        pos += len(tok)
        glue_next = glue_after
    return "".join(parts), spans


def render(article: Article) -> Rendered:
    """Body text and the span of every CAT token in it (deterministic)."""
    order = sorted(article.sentences)
    if order[0] != 0:
        raise ValueError(f"{article.docid}: no title sentence 0")
    detok = detokenize_document([[t.text for t in article.sentences[s]] for s in order])
    body_parts: list[str] = []
    token_spans: dict[int, tuple[int, int]] = {}
    sentence_spans: dict[int, tuple[int, int]] = {}
    pos = 0
    for k, (sent, (text, spans)) in enumerate(zip(order, detok)):
        sentence_spans[sent] = (pos, pos + len(text))
        for tok, (s, e) in zip(article.sentences[sent], spans):
            token_spans[tok.number] = (pos + s, pos + e)
        sep = "\n\n" if k == 0 else "\n"
        body_parts.append(text + sep)
        pos += len(text) + len(sep)
    return Rendered(title=detok[0][0], body="".join(body_parts), token_spans=token_spans,
                    sentence_spans=sentence_spans)


def find_sources(corpus: Path = CORPUS) -> list[tuple[str, Path, Path]]:
    """(docid, cat path, timeml path) for every article, sorted by numeric docid."""
    out = []
    for cat in (corpus / "cat").glob("*.xml"):
        docid = ET.parse(cat).getroot().get("doc_id", "")
        tml = [p for p in (corpus / "timeml").glob(f"{docid}*.tml") if re.match(rf"{docid}[-_]", p.name)]
        if len(tml) != 1:
            raise FileNotFoundError(f"TimeML file for doc {docid}: found {tml}")
        out.append((docid, cat, tml[0]))
    return sorted(out, key=lambda x: int(x[0]))


def load_article(cat_path: Path, timeml_path: Path) -> Article:
    root = ET.parse(cat_path).getroot()
    tokens = [Token(int(t.get("number", "")), int(t.get("sentence", "")), t.get("t_id", ""), t.text or "")
              for t in root.iter("token")]
    tml = ET.parse(timeml_path).getroot()
    dct = tml.find("DCT/TIMEX3")
    if dct is None or not dct.get("value"):
        raise ValueError(f"{timeml_path}: no DCT/TIMEX3 value")
    value = dct.get("value", "")
    return Article(docid=root.get("doc_id", ""), doc_name=root.get("doc_name", ""), url=root.get("src_url", ""),
                   published=dt.date.fromisoformat(value[:10]), tokens=tokens)


def load_articles(corpus: Path = CORPUS) -> list[Article]:
    return [load_article(cat, tml) for _, cat, tml in find_sources(corpus)]


def slug(article: Article) -> str:
    name = re.sub(rf"^{article.docid}[-_]", "", article.doc_name)
    name = re.sub(r"\.txt$", "", name)
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def file_name(article: Article) -> str:
    return f"{article.docid}_{slug(article)}.txt"


class _Quoted(str):
    pass


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(
    _Quoted, lambda dumper, s: dumper.represent_scalar("tag:yaml.org,2002:str", str(s), style='"'))


def front_matter(article: Article, title: str) -> str:
    meta = {
        "id": f"wikinews-{article.docid}",
        "title": _Quoted(title),
        "published": article.published,
        "source": "Wikinews",
        "url": article.url,
        "license": "CC-BY 3.0",
    }
    dumped = yaml.dump(meta, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10**6,
                       default_flow_style=False)
    return f"---\n{dumped}---\n"


def seed_text(article: Article) -> str:
    rendered = render(article)
    return front_matter(article, rendered.title) + rendered.body


def write_seeds(out_dir: Path = OUT_DIR, corpus: Path = CORPUS) -> list[Path]:
    articles = load_articles(corpus)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for article in articles:
        path = out_dir / file_name(article)
        path.write_bytes(seed_text(article).encode("utf-8"))
        written.append(path)
    attribution = out_dir / "ATTRIBUTION.md"
    attribution.write_bytes(ATTRIBUTION.format(n=len(articles)).encode("utf-8"))
    written.append(attribution)
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--out", type=Path, default=OUT_DIR)
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"skip: corpus not found at {args.corpus}", file=sys.stderr)
        return 0
    written = write_seeds(args.out, args.corpus)
    print(f"wrote {len(written)} files to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
