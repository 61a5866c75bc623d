"""Read TimeML documents (TempEval-3 style ``.tml``) into plain text plus offset annotations.

The plain text of a document is the content of its ``<TEXT>`` element with every tag removed,
XML entities unescaped and nothing else changed (whitespace and newlines are kept).  Every
inline element of ``<TEXT>`` (``TIMEX3``, ``EVENT``, ``SIGNAL``, ``s``, ...) becomes an
:class:`Annotation` whose ``start``/``end`` are character offsets into that plain text, so
``doc.text[a.start:a.end] == a.text`` always holds.

The document creation time (DCT) is the ``TIMEX3`` with ``functionInDocument="CREATION_TIME"``
(normally inside ``<DCT>``), or else the first ``TIMEX3`` inside ``<DCT>``.

Standard library only: ``xml.etree`` for well-formed files (all of tbaq-cleaned, te3-silver and
timeline-trial are), with a regex fallback for files the XML parser rejects.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "Annotation",
    "TimeMLDocument",
    "Timex3",
    "iter_corpus",
    "parse_dct_date",
    "read_timeml",
    "read_timeml_string",
]


@dataclass(frozen=True)
class Annotation:
    """One inline element of ``<TEXT>``: tag name, attributes, offsets into the plain text."""

    tag: str
    start: int
    end: int
    text: str
    attrs: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Timex3:
    """A TIMEX3 with offsets into a plain text (gold, or a system output mapped back)."""

    start: int
    end: int
    text: str
    type: str = ""
    value: str = ""
    mod: str = ""
    tid: str = ""

    @classmethod
    def from_annotation(cls, a: Annotation) -> Timex3:
        return cls(
            start=a.start,
            end=a.end,
            text=a.text,
            type=a.attrs.get("type", ""),
            value=a.attrs.get("value", ""),
            mod=a.attrs.get("mod", ""),
            tid=a.attrs.get("tid", ""),
        )


@dataclass
class TimeMLDocument:
    path: Path | None
    docid: str
    text: str  # plain text of <TEXT>
    annotations: list[Annotation]  # inline elements of <TEXT>, in document order
    dct_value: str | None  # raw value attribute of the creation-time TIMEX3
    dct: dt.date | None  # that value as a date (None if absent or not a calendar date)
    title: str = ""
    # elements outside <TEXT> that carry only attributes (TLINK, MAKEINSTANCE, ...)
    links: list[tuple[str, dict]] = field(default_factory=list)

    def tagged(self, tag: str) -> list[Annotation]:
        return [a for a in self.annotations if a.tag == tag]

    @property
    def timexes(self) -> list[Timex3]:
        """Gold TIMEX3s of <TEXT> with a non-empty extent, in document order."""
        return [
            Timex3.from_annotation(a)
            for a in self.annotations
            if a.tag == "TIMEX3" and a.text.strip()
        ]

    @property
    def events(self) -> list[Annotation]:
        return self.tagged("EVENT")


_DATE_RE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})")


def parse_dct_date(value: str | None) -> dt.date | None:
    """``1998-11-20T19:30`` / ``19981120`` / ``1998-11-20`` -> date; anything else -> None."""
    if not value:
        return None
    m = _DATE_RE.match(value.strip())
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text_of(el: ET.Element) -> str:
    return "".join(el.itertext())


def _walk_text(el: ET.Element, parts: list[str], pos: list[int], out: list[Annotation]) -> None:
    """Append the text of ``el``'s content to ``parts`` and its descendants to ``out``."""
    if el.text:
        parts.append(el.text)
        pos[0] += len(el.text)
    for child in el:
        tag = _local(child.tag)
        if not tag:  # comment / processing instruction: no text, keep the tail
            if child.tail:
                parts.append(child.tail)
                pos[0] += len(child.tail)
            continue
        start = pos[0]
        idx = len(out)
        out.append(None)  # type: ignore[arg-type]  # placeholder keeps document (pre-)order
        _walk_text(child, parts, pos, out)
        end = pos[0]
        out[idx] = Annotation(tag, start, end, "", dict(child.attrib))
        if child.tail:
            parts.append(child.tail)
            pos[0] += len(child.tail)


def _find_dct(root: ET.Element) -> str | None:
    for el in root.iter():
        if _local(el.tag) == "TIMEX3" and el.get("functionInDocument") == "CREATION_TIME":
            return el.get("value")
    for el in root.iter():
        if _local(el.tag) == "DCT":
            for t in el.iter():
                if _local(t.tag) == "TIMEX3" and t.get("value"):
                    return t.get("value")
            # a bare date as DCT content
            txt = _text_of(el).strip()
            if parse_dct_date(txt):
                return txt
    return None


def _from_tree(root: ET.Element, path: Path | None) -> TimeMLDocument:
    text_el = None
    for el in root.iter():
        if _local(el.tag) == "TEXT":
            text_el = el
            break
    if text_el is None:
        raise ValueError(f"{path or '<string>'}: no <TEXT> element")
    parts: list[str] = []
    anns: list[Annotation] = []
    _walk_text(text_el, parts, [0], anns)
    text = "".join(parts)
    anns = [Annotation(a.tag, a.start, a.end, text[a.start : a.end], a.attrs) for a in anns]

    docid = title = ""
    links: list[tuple[str, dict]] = []
    for el in root:
        tag = _local(el.tag)
        if tag == "DOCID":
            docid = _text_of(el).strip()
        elif tag == "TITLE":
            title = _text_of(el).strip()
        elif tag not in ("TEXT", "DCT", "EXTRAINFO") and el.attrib and not _text_of(el).strip():
            links.append((tag, dict(el.attrib)))
    dct_value = _find_dct(root)
    if not docid and path is not None:
        docid = path.name.rsplit(".tml", 1)[0]
    return TimeMLDocument(path, docid, text, anns, dct_value, parse_dct_date(dct_value), title, links)


# --- regex fallback for files that are not well-formed XML -------------------------------------

_TAG_RE = re.compile(r"<(/?)([A-Za-z_][\w.:-]*)((?:\s+[^<>]*?)?)\s*(/?)>|<!--.*?-->|<\?.*?\?>", re.S)
_ATTR_RE = re.compile(r"""([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _attrs(s: str) -> dict:
    return {m.group(1): html.unescape(m.group(2) if m.group(2) is not None else m.group(3)) for m in _ATTR_RE.finditer(s or "")}


def _from_regex(raw: str, path: Path | None) -> TimeMLDocument:
    m = re.search(r"<TEXT\b[^>]*>(.*?)</TEXT\s*>", raw, re.S)
    if not m:
        raise ValueError(f"{path or '<string>'}: no <TEXT> element")
    body = m.group(1)
    parts: list[str] = []
    pos = 0
    anns: list[Annotation | None] = []
    stack: list[tuple[str, int, dict, int]] = []
    last = 0
    for t in _TAG_RE.finditer(body):
        chunk = html.unescape(body[last : t.start()])
        parts.append(chunk)
        pos += len(chunk)
        last = t.end()
        if t.group(2) is None:  # comment / PI
            continue
        closing, name, attr_s, selfclose = t.group(1), t.group(2), t.group(3), t.group(4)
        if closing:
            for i in range(len(stack) - 1, -1, -1):
                if stack[i][0] == name:
                    tag, start, attrs, idx = stack.pop(i)
                    anns[idx] = Annotation(tag, start, pos, "", attrs)
                    break
        elif selfclose:
            anns.append(Annotation(name, pos, pos, "", _attrs(attr_s)))
        else:
            stack.append((name, pos, _attrs(attr_s), len(anns)))
            anns.append(None)
    chunk = html.unescape(body[last:])
    parts.append(chunk)
    text = "".join(parts)
    done = [Annotation(a.tag, a.start, a.end, text[a.start : a.end], a.attrs) for a in anns if a is not None]

    dct_value = None
    for t in re.finditer(r"<TIMEX3\b([^>]*)>", raw):
        a = _attrs(t.group(1))
        if a.get("functionInDocument") == "CREATION_TIME":
            dct_value = a.get("value")
            break
    if dct_value is None:
        d = re.search(r"<DCT\b[^>]*>(.*?)</DCT\s*>", raw, re.S)
        if d:
            dct_tag = re.search(r"<TIMEX3\b([^>]*)>", d.group(1))
            dct_value = _attrs(dct_tag.group(1)).get("value") if dct_tag else re.sub(r"<[^>]*>", "", d.group(1)).strip()
    docid_m = re.search(r"<DOCID\b[^>]*>(.*?)</DOCID\s*>", raw, re.S)
    docid = html.unescape(docid_m.group(1)).strip() if docid_m else (path.name.rsplit(".tml", 1)[0] if path else "")
    title_m = re.search(r"<TITLE\b[^>]*>(.*?)</TITLE\s*>", raw, re.S)
    title = html.unescape(re.sub(r"<[^>]*>", "", title_m.group(1))).strip() if title_m else ""
    return TimeMLDocument(path, docid, text, done, dct_value, parse_dct_date(dct_value), title, [])


def read_timeml_string(raw: str | bytes, path: Path | None = None) -> TimeMLDocument:
    """Parse TimeML given as a string (or bytes)."""
    try:
        root = ET.fromstring(raw)
    except ET.ParseError:
        if isinstance(raw, bytes):
            raw = raw.decode("utf-8", errors="replace")
        return _from_regex(raw, path)
    return _from_tree(root, path)


def read_timeml(path: str | Path) -> TimeMLDocument:
    """Read one ``.tml`` file: plain text of ``<TEXT>``, inline annotations with offsets, DCT."""
    path = Path(path)
    return read_timeml_string(path.read_bytes(), path)


def iter_corpus(root: str | Path, pattern: str = "*.tml") -> list[Path]:
    """All TimeML files under ``root`` (recursively), sorted for a stable order."""
    root = Path(root)
    if root.is_file():
        return [root]
    return sorted(root.rglob(pattern))
