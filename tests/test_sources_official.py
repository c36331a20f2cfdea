"""Issue 8 item 10: a value cited to a content-farm or document-sharing page is confirmed only when the
official text (or ohkit's transcription of it in the reference, two copies agreeing) holds it;
otherwise it stays unconfirmed and can never decide 不符合 on its own."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "engine"))
from firmkit import make_firm  # noqa: E402

from ohkit.catalogue import load_catalogue  # noqa: E402

# Q&A sites, content farms, document-sharing and standards-library mirrors (sources.yaml notes say so)
NOT_OFFICIAL = {"N5", "S29", "S34", "S10b", "S17", "S18", "S19", "S9e", "S14"}
# Articles the transcriptions of the official texts hold (laws/ in the reference)
TRANSCRIBED = {"S6": {"第8条", "第20条", "第20条第3款", "第21条", "第33条", "第34条"},   # 5号令
               "S10": {"第1条", "第2条", "第3条", "第4条", "第5条"},                    # 55号令
               "S11": {"第1条", "第2条", "第3条", "第4条"}}                             # 未成年工特殊保护规定


def test_no_confirmed_legal_basis_rests_on_an_unofficial_page():
    cat = load_catalogue()
    for o in cat.obligations:
        bases = list(o.basis) + (list(o.penalty.basis) if o.penalty else [])
        for b in bases:
            if b.confidence != "confirmed":
                continue
            assert b.source not in NOT_OFFICIAL, (o.id, b)
            if b.source in TRANSCRIBED:
                assert b.article in TRANSCRIBED[b.source], (o.id, b)
    assert cat.source("S6").url.startswith("https://www.nhc.gov.cn/")
    for key in NOT_OFFICIAL:
        assert "unconfirmed" in (cat.source(key).note or ""), key


def test_radiation_dose_period_rests_on_an_unobtained_article(tmp_path):
    # 职业病防治法 第二十五条第二款: … 保证接触放射线的工作人员佩戴个人剂量计 — no dose record at all is 不符合;
    # a 120-day period exceeds only the 90 days of 55号令 Art 11, whose text was not obtained: rule unconfirmed.
    posts = [{"post_id": "P1", "post": "探伤", "hazard": "X射线装置"}]
    w = {"sex": "男", "birth_date": "1990-01-01", "hire_date": "2024-01-10", "post_id": "P1",
         "post_start": "2024-01-10", "contract_notice": True}
    f = make_firm(tmp_path, profile={"radiation": True}, posts=posts,
                  workers=[{"worker_id": "A", "name": "甲", **w}, {"worker_id": "B", "name": "乙", **w}],
                  dose=[{"worker_id": "B", "start": "2026-01-01", "end": "2026-04-30", "dose_msv": 0.1},
                        {"worker_id": "B", "start": "2026-05-01", "end": "2026-07-29", "dose_msv": 0.1},
                        {"worker_id": "B", "start": "2026-07-30", "end": "2026-10-27", "dose_msv": 0.1}])
    from ohkit.engine import assess
    from ohkit.records import load_workspace

    as_of = dt.date(2026, 11, 27)
    fd = assess(load_workspace(f, as_of=as_of), as_of).finding("RAD-3")
    subs = {s.id: s.status for s in fd.subjects if s.status != "pass"}
    assert subs.get("A") == "fail" and "unconfirmed" in subs.values() and fd.status == "fail"


def test_hazard_values_from_copies_of_the_standards_are_unconfirmed():
    # GBZ 188-2014 intervals and GBZ 2 limits seen only on document-sharing, exam-question or company pages
    copies = {"S12a", "S12a2", "S12b", "S12c", "N8", "S13a", "S13g", "S21b", "S10"}
    cat = load_catalogue()
    for h in cat.hazards:
        for o in h.oel:
            assert not (o.source in copies and o.confidence == "confirmed"), (h.id, o)
        for std, rules in h.exam.periodic.items():
            for r in rules:
                assert not (r.source in copies and r.confidence == "confirmed"), (h.id, std, r)
                if r.source in copies:
                    assert r.note is not None, (h.id, std, r)
