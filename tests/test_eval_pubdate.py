"""bench/eval_pubdate.py: the gold day of an event from TLINKs, and a run on one real document."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.eval_pubdate import gold_days, main  # noqa: E402
from bench.timeml import read_timeml  # noqa: E402

TBAQ = REPO.parent / "shared" / "corpora" / "tbaq-cleaned"

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>TEST1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-08-20" temporalFunction="false" functionInDocument="CREATION_TIME">1998-08-20</TIMEX3></DCT>
<TEXT>Officials <EVENT eid="e1" class="REPORTING">said</EVENT> the talks <EVENT eid="e2" class="OCCURRENCE">ended</EVENT> <TIMEX3 tid="t1" type="DATE" value="1998-08-18" temporalFunction="true" functionInDocument="NONE" anchorTimeID="t0">Tuesday</TIMEX3>. He <EVENT eid="e3" class="REPORTING">added</EVENT> more. She <EVENT eid="e4" class="REPORTING">told</EVENT> us. They <EVENT eid="e5" class="REPORTING">wrote</EVENT>.</TEXT>
<MAKEINSTANCE eventID="e1" eiid="ei1" tense="PAST" aspect="NONE" polarity="POS" pos="VERB"/>
<MAKEINSTANCE eventID="e2" eiid="ei2" tense="PAST" aspect="NONE" polarity="POS" pos="VERB"/>
<MAKEINSTANCE eventID="e3" eiid="ei3" tense="PAST" aspect="NONE" polarity="POS" pos="VERB"/>
<MAKEINSTANCE eventID="e4" eiid="ei4" tense="PAST" aspect="NONE" polarity="POS" pos="VERB"/>
<MAKEINSTANCE eventID="e5" eiid="ei5" tense="PAST" aspect="NONE" polarity="POS" pos="VERB"/>
<TLINK lid="l1" relType="IS_INCLUDED" eventInstanceID="ei1" relatedToTime="t0"/>
<TLINK lid="l2" relType="IS_INCLUDED" eventInstanceID="ei2" relatedToTime="t1"/>
<TLINK lid="l3" relType="BEFORE" eventInstanceID="ei3" relatedToTime="t0"/>
<TLINK lid="l4" relType="INCLUDES" timeID="t0" relatedToEventInstance="ei4"/>
</TimeML>
"""


def test_gold_days_from_tlinks(tmp_path: Path) -> None:
    path = tmp_path / "TEST1.tml"
    path.write_text(TML, encoding="utf-8")
    doc = read_timeml(path)
    start = {e.text: e.start for e in doc.events}
    days = gold_days(doc)
    assert days[start["said"]] == "1998-08-20"     # included in the DCT
    assert days[start["ended"]] == "1998-08-18"    # included in a day-valued TIMEX3
    assert days[start["added"]] == "order"         # BEFORE the DCT decides no day
    assert days[start["told"]] == "1998-08-20"     # the DCT includes it (inverse direction)
    assert start["wrote"] not in days              # no link


def test_skips_without_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--corpus", str(tmp_path / "absent")]) == 0
    assert capsys.readouterr().out.startswith("SKIP:")


@pytest.mark.skipif(not TBAQ.is_dir(), reason=f"{TBAQ} absent (../shared not beside the repo)")
def test_runs_on_real_documents(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--limit", "3"]) == 0
    out = capsys.readouterr().out
    assert "no date, past" in out and "docs: 3" in out
