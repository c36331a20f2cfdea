"""A small, realistic hand-made Assessment for the render tests (a 12-person
furniture workshop), plus tests of the masking helper.

Expected facts written down (the renderers must show exactly these):
  * 2 of 6 applicable obligations met (EXAM-2, TRAIN-2 and NOTICE-3 not met,
    MON-2 to be answered; FEM-1 not applicable) -> grade Non-compliant
    (EXAM-2 is high severity and not met).
  * EXAM-2: worker 王喆 overdue 41 days (due 2026-02-01), worker 李䶮 ok.
  * Action plan: EXAM-2 priority 1 (high, failing), NOTICE-3 priority 1 (late 10 days),
    TRAIN-2 priority 2, MON-2 priority 3 with a suggested date 2026-06-12.
"""
from __future__ import annotations

import datetime as dt

import pytest

from ohkit.model import (Assessment, DueItem, Finding, Manager, Measurement, Metric, Msg, PostHazard,
                         PostSummary, Profile, SubjectResult)

AS_OF = dt.date(2026, 3, 14)
RAW_ID = "110101199003071234"
MASKED_ID = "110101********1234"
EVIL = '<img src="http://evil.example/x.png">'
DIGEST = "3f5a" + "0" * 56 + "beef"


def make_assessment(n_workers: int = 0) -> Assessment:
    firm = Profile(name="华木家具有限公司", credit_code="91330100MA2B3C4D5E", region="浙江省杭州市",
                   industry="家具制造业", size="micro", headcount=12, hazard_class="general",
                   principal="陈明", oh_manager=Manager("张晓", False), contact_phone="0571-88880000")
    subj = (
        SubjectResult("worker", "W001", f"王喆 ({RAW_ID})", "fail", Msg("x.exam_overdue", {"days": 41}),
                      due=dt.date(2026, 2, 1), overdue_days=41),
        SubjectResult("worker", "W002", "李䶮", "pass", Msg("x.ok")),
        SubjectResult("worker", "W003", f"赵{EVIL}", "fail", Msg("x.no_exam"), due=dt.date(2026, 3, 1), overdue_days=13),
    )
    findings = (
        Finding("ORG-1", "ORG", "pass", "medium", Msg("x.ok")),
        Finding("EXAM-2", "EXAM", "fail", "high", Msg("x.exam_summary", {"n": 2}), subjects=subj,
                due=dt.date(2026, 2, 1), overdue_days=41, unconfirmed=("木粉尘体检周期 12 个月（未确认）",)),
        Finding("TRAIN-2", "TRAIN", "fail", "medium", Msg("x.training"), due=dt.date(2026, 5, 1)),
        Finding("NOTICE-3", "NOTICE", "fail", "low", Msg("x.cards"), due=dt.date(2026, 3, 4), overdue_days=10),
        Finding("MON-2", "MON", "manual", "medium", Msg("x.ask")),
        Finding("RULE-1", "RULE", "pass", "medium", Msg("x.ok")),
        Finding("FEM-1", "FEM", "not_applicable", "medium", Msg("x.na")),
    )
    posts = (
        PostSummary("P01", "打磨", "一车间", (
            PostHazard("wood_dust", "木粉尘", "wood dust", "dust",
                       oel=({"kind": "PC-TWA", "value": 3, "unit": "mg/m³", "fraction": "总尘", "confirmed": True},),
                       latest=Measurement("2.1", "mg/m³", "3", "pass", dt.date(2025, 11, 20), "JC-2025-118"),
                       exam_interval_months=12, exam_interval_confirmed=False),
            PostHazard("noise", "噪声", "noise", "physical",
                       oel=({"kind": "LEX8h", "value": 85, "unit": "dB(A)", "fraction": None, "confirmed": True},),
                       latest=Measurement("88.2", "dB(A)", "85", "fail", dt.date(2025, 11, 20), "JC-2025-118")),
        ), exposed=2, worker_ids=("W001", "W002")),
        PostSummary("P02", "喷漆", "二车间", (
            PostHazard("benzene", "苯", "benzene", "chemical",
                       oel=({"kind": "PC-TWA", "value": 6, "unit": "mg/m³", "fraction": None, "confirmed": False},),
                       latest=None),
            PostHazard("toluene", "甲苯", "toluene", "chemical"),
            PostHazard("xylene", "二甲苯", "xylene", "chemical"),
        ), exposed=1, worker_ids=("W003",)),
    )
    due = (
        DueItem(dt.date(2026, 2, 1), "exam", "EXAM-2", "worker", "W001", "王喆", Msg("x.due_exam"), overdue=True),
        DueItem(dt.date(2026, 4, 20), "training", "TRAIN-2", "worker", "W002", "李䶮", Msg("x.due_training")),
        DueItem(dt.date(2026, 11, 20), "monitoring", "MON-2", "firm", "firm", "华木家具有限公司", Msg("x.due_mon")),
        DueItem(dt.date(2026, 9, 1), "exam", "EXAM-2", "worker", "W003", f"赵{EVIL}", Msg("x.due_exam")),
    )
    workers = [
        {"name": "王喆", "id_number": RAW_ID, "post": "打磨", "hazards": ["木粉尘", "噪声"],
         "last_exam": dt.date(2025, 2, 1), "next_exam": dt.date(2026, 2, 1), "next_training": dt.date(2026, 6, 1)},
        {"name": "李䶮", "id_number": "110101********5678", "post": "打磨", "hazards": ["木粉尘", "噪声"],
         "last_exam": dt.date(2025, 9, 1), "next_exam": dt.date(2026, 9, 1), "next_training": dt.date(2026, 4, 20)},
        {"name": f"赵{EVIL}", "id_number": "320102********0011", "post": "喷漆", "hazards": ["苯"],
         "last_exam": None, "next_exam": dt.date(2026, 3, 1), "next_training": dt.date(2026, 5, 1)},
    ]
    for i in range(n_workers):
        workers.append({"name": f"工人{i:03d}", "id_number": f"330106{1980 + i % 20}0101{i % 1000:03d}X",
                        "post": "打磨", "hazards": ["木粉尘", "噪声"], "last_exam": dt.date(2025, 5, 1),
                        "next_exam": dt.date(2026, 5, 1), "next_training": dt.date(2026, 7, 1)})
    if n_workers:
        extra = tuple(SubjectResult("worker", f"X{i}", f"工人{i:03d}", "fail" if i % 7 == 0 else "pass",
                                    Msg("x.exam"), due=dt.date(2026, 5, 1)) for i in range(n_workers))
        findings = tuple(f if f.obligation_id != "EXAM-2" else
                         Finding(f.obligation_id, f.area, f.status, f.severity, f.msg, subjects=f.subjects + extra,
                                 due=f.due, overdue_days=f.overdue_days, unconfirmed=f.unconfirmed)
                         for f in findings)
    return Assessment(
        firm=firm, as_of=AS_OF, ruleset_version="2026.11", ohkit_version="0.1.0", exam_standard="GBZ 188-2014",
        findings=findings, metrics=(Metric("exam_coverage", 1, 3, 0.95),), due=due, posts=posts,
        records_digest=DIGEST, workers=tuple(workers),
    )


@pytest.fixture
def firm(tmp_path, monkeypatch):
    """A firm folder whose pipeline is replaced by the hand-made Assessment (shared by the command tests)."""
    d = tmp_path / "华木"
    d.mkdir()
    (d / "enterprise.yaml").write_text("name: 华木家具有限公司\n", encoding="utf-8")
    monkeypatch.setattr("ohkit.commands.report.load_assessment", lambda root, as_of: make_assessment())
    monkeypatch.chdir(tmp_path)
    return d


def test_mask_ids():
    from ohkit.render.mask import mask_ids

    assert mask_ids(f"王喆 {RAW_ID}") == f"王喆 {MASKED_ID}"
    assert mask_ids("11010119900307123X") == "110101********123X"
    assert mask_ids("1101011990030712345") == "1101011990030712345"  # 19 digits: not an ID
    assert mask_ids("JC-2025-118") == "JC-2025-118"
