"""Engine: occupational health exams (EXAM-1/2/3/7/8/10), with the edge days written down."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "engine"))
from firmkit import assess_firm, make_firm, subject  # noqa: E402

from ohkit.engine.util import add_months  # noqa: E402

NOISE_POST = [{"post_id": "P1", "post": "冲压", "hazard": "噪声", "level": "88", "serious": False,
               "card_posted": "2026-01-01", "signs_posted": True}]


def worker(wid="W1", start="2024-01-10", **kw):
    d = {"worker_id": wid, "name": "张三", "sex": "男", "birth_date": "1990-01-01", "hire_date": start,
         "post_id": "P1", "post_start": start, "contract_notice": True}
    d.update(kw)
    return d


def exam(date, type_="在岗期间", hazards="噪声", wid="W1", **kw):
    d = {"worker_id": wid, "date": date, "type": type_, "hazards": hazards, "conclusion": "目前未见异常",
         "notified": date}
    d.update(kw)
    return d


@pytest.mark.parametrize("start,months,expect", [
    (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),   # leap year month end
    (dt.date(2023, 1, 31), 1, dt.date(2023, 2, 28)),
    (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28)),  # leap day + 1 year
    (dt.date(2023, 2, 28), 12, dt.date(2024, 2, 28)),
    (dt.date(2025, 12, 15), 13, dt.date(2027, 1, 15)),
    (dt.date(2026, 3, 31), -1, dt.date(2026, 2, 28)),
])
def test_add_months_clamps_to_month_end(start, months, expect):
    assert add_months(start, months) == expect


# The test catalogue's GBZ 188-2014 noise rule is confirmed (the real one is not): before 2026-08-01 a
# date past it fails; the 2025 rules are unconfirmed, so the same lateness after that date is
# "rule unconfirmed" (tests/test_exam_intervals.py covers the real catalogue).
@pytest.mark.parametrize("last,as_of,status,overdue", [
    ("2025-06-30", "2026-06-30", "pass", None),   # due exactly today (12 months after 2025-06-30)
    ("2025-06-30", "2026-07-01", "fail", 1),
    ("2025-11-27", "2026-11-27", "pass", None),
    ("2025-11-27", "2026-11-28", "unconfirmed", 1),   # GBZ 188-2025's 12 months: not confirmed
])
def test_periodic_exam_noise_85_is_yearly_edge_day(tmp_path, last, as_of, status, overdue):
    f = make_firm(tmp_path, posts=NOISE_POST, workers=[worker()],
                  exams=[exam("2024-01-05", "上岗前"), exam(last)])
    a = assess_firm(f, as_of)
    s = subject(a, "EXAM-2", "W1")
    due = add_months(dt.date.fromisoformat(last), 12)
    assert (s.status, s.overdue_days, s.due) == (status, overdue, due)
    assert [str(e) for e in s.evidence] == ["workers.csv:2", "exams.csv:3"]
    if status == "fail":
        assert s.msg.code == "eng.periodic.overdue" and s.msg.params["due_date"] == due.isoformat()
        assert a.finding("EXAM-2").status == "fail"
    if status == "unconfirmed":
        assert s.msg.code == "eng.periodic.overdue_unconfirmed"
        assert (s.msg.params["months"], s.msg.params["standard"]) == ([12], ["GBZ 188-2025"])
        assert a.finding("EXAM-2").status == "unconfirmed"


def test_periodic_exam_leap_day_due_on_feb_28(tmp_path):
    f = make_firm(tmp_path, posts=NOISE_POST, workers=[worker(start="2024-02-01")],
                  exams=[exam("2024-01-20", "上岗前"), exam("2024-02-29")])
    assert subject(assess_firm(f, "2025-02-28"), "EXAM-2", "W1").status == "pass"
    s = subject(assess_firm(f, "2025-03-01"), "EXAM-2", "W1")
    assert (s.status, s.due, s.overdue_days) == ("fail", dt.date(2025, 2, 28), 1)


def test_noise_80_to_85_is_every_two_years_and_override_wins(tmp_path):
    posts = [dict(NOISE_POST[0], level="82 dB(A)")]
    f = make_firm(tmp_path / "a", posts=posts, workers=[worker()],
                  exams=[exam("2024-01-05", "上岗前"), exam("2025-01-10")])
    s = subject(assess_firm(f, "2026-11-27"), "EXAM-2", "W1")
    assert (s.status, s.due) == ("pass", dt.date(2027, 1, 10))
    # the firm's exam institution set 6 months: the override wins
    f2 = make_firm(tmp_path / "b", profile={"exam_intervals": {"噪声": 6}}, posts=posts, workers=[worker()],
                   exams=[exam("2024-01-05", "上岗前"), exam("2026-05-27")])
    s2 = subject(assess_firm(f2, "2026-11-27"), "EXAM-2", "W1")
    assert (s2.status, s2.due) == ("pass", dt.date(2026, 11, 27))
    s3 = subject(assess_firm(f2, "2026-11-28"), "EXAM-2", "W1")
    assert s3.status == "fail"


def test_exam_standard_by_date_and_unconfirmed_notes(tmp_path):
    posts = NOISE_POST + [{"post_id": "P1", "post": "冲压", "hazard": "矽尘", "serious": False}]
    f = make_firm(tmp_path, posts=posts, workers=[worker()],
                  exams=[exam("2024-01-05", "上岗前", "噪声、矽尘"), exam("2026-06-01", hazards="噪声、矽尘")])
    a14 = assess_firm(f, "2026-07-31")
    a25 = assess_firm(f, "2026-08-01")
    assert (a14.exam_standard, a25.exam_standard) == ("GBZ 188-2014", "GBZ 188-2025")
    # 2014: noise rule confirmed, silica default unconfirmed
    assert a14.finding("EXAM-2").unconfirmed == ("exam_interval:矽尘|silica dust:12:GBZ 188-2014",)
    # 2025: noise from the (unconfirmed) 2025 rules; silica has none there -> 2014 with a note
    assert set(a25.finding("EXAM-2").unconfirmed) == {
        "exam_interval:噪声|noise:12:GBZ 188-2025", "exam_standard:矽尘|silica dust",
        "exam_interval:矽尘|silica dust:12:GBZ 188-2014"}
    ph = {h.hazard_id: h for h in a25.posts[0].hazards}
    assert (ph["noise"].exam_interval_months, ph["noise"].exam_interval_confirmed) == (12, False)


def test_no_known_interval_is_unknown_not_pass(tmp_path):
    posts = [{"post_id": "P1", "post": "木工", "hazard": "木粉尘", "serious": False}]
    f = make_firm(tmp_path, posts=posts, workers=[worker()], exams=[exam("2024-01-05", "上岗前", "木粉尘")])
    a = assess_firm(f, "2026-11-27")
    s = subject(a, "EXAM-2", "W1")
    assert s.status == "unknown" and s.msg.code == "eng.periodic.no_interval"
    assert a.finding("EXAM-2").status == "unknown"


def test_pre_employment_same_day_passes_day_after_fails(tmp_path):
    f = make_firm(tmp_path / "a", posts=NOISE_POST, workers=[worker(start="2026-03-02")],
                  exams=[exam("2026-03-02", "上岗前")])
    assert subject(assess_firm(f, "2026-11-27"), "EXAM-1", "W1").status == "pass"
    f = make_firm(tmp_path / "b", posts=NOISE_POST, workers=[worker(start="2026-03-02")],
                  exams=[exam("2026-03-03", "上岗前")])
    s = subject(assess_firm(f, "2026-11-27"), "EXAM-1", "W1")
    assert (s.status, s.msg.code, s.msg.params["date"]) == ("fail", "eng.pre.late", "2026-03-03")
    assert [str(e) for e in s.evidence] == ["workers.csv:2", "exams.csv:2"]


def test_transfer_into_a_new_hazard_needs_a_new_pre_exam(tmp_path):
    posts = NOISE_POST + [{"post_id": "P1", "post": "冲压", "hazard": "矽尘", "serious": False}]
    w = worker(hire_date="2020-01-01", post_start="2025-06-01")
    f = make_firm(tmp_path, posts=posts, workers=[w], exams=[exam("2019-12-20", "上岗前", "噪声")])
    s = subject(assess_firm(f, "2026-11-27"), "EXAM-1", "W1")
    assert (s.status, s.msg.code) == ("fail", "eng.pre.transfer_missing")
    assert s.msg.params["hazards"] == [{"zh": "矽尘", "en": "silica dust"}]


@pytest.mark.parametrize("exam_date,type_,status,code", [
    ("2026-10-01", "离岗时", "pass", "eng.exit.ok"),          # exactly 30 days before leaving
    ("2026-09-30", "离岗时", "fail", "eng.exit.too_early"),   # 31 days
    ("2026-08-02", "在岗期间", "pass", "eng.exit.ok"),        # periodic exactly 90 days before
    ("2026-08-01", "在岗期间", "fail", "eng.exit.missing"),   # periodic 91 days before
    ("2026-11-02", "离岗时", "fail", "eng.exit.after_leaving"),
])
def test_exit_exam_window(tmp_path, exam_date, type_, status, code):
    w = worker(start="2020-01-01", leave_date="2026-10-31")
    f = make_firm(tmp_path, posts=NOISE_POST, workers=[w],
                  exams=[exam("2019-12-20", "上岗前"), exam(exam_date, type_)])
    s = subject(assess_firm(f, "2026-11-27"), "EXAM-3", "W1")
    assert (s.status, s.msg.code) == (status, code)


def test_exit_exam_pending_for_a_planned_leave_is_due(tmp_path):
    w = worker(start="2020-01-01", leave_date="2026-12-20")
    f = make_firm(tmp_path, posts=NOISE_POST, workers=[w], exams=[exam("2019-12-20", "上岗前"), exam("2026-01-10")])
    a = assess_firm(f, "2026-11-27")
    s = subject(a, "EXAM-3", "W1")
    assert (s.status, s.due, s.msg.params["opens"]) == ("pass", dt.date(2026, 12, 20), "2026-11-20")
    assert any(d.obligation_id == "EXAM-3" and d.date == dt.date(2026, 12, 20) for d in a.due)


def test_heat_needs_no_exit_exam(tmp_path):
    posts = [{"post_id": "P1", "post": "熔炼", "hazard": "高温", "serious": False}]
    f = make_firm(tmp_path, posts=posts, workers=[worker(start="2020-01-01", leave_date="2026-10-31")],
                  exams=[exam("2019-12-20", "上岗前", "高温")])
    a = assess_firm(f, "2026-11-27")
    assert a.finding("EXAM-3").status == "pass" and a.finding("EXAM-3").subjects == ()


def test_written_notice_contraindication_and_suspected_disease(tmp_path):
    ws = [worker("W1"), worker("W2", name="李四"), worker("W3", name="王五", leave_date="2026-09-01")]
    exams = [
        exam("2024-01-05", "上岗前", wid="W1"), exam("2026-11-01", wid="W1", notified=None),  # not yet told: due 2026-12-01
        exam("2024-01-05", "上岗前", wid="W2"), exam("2026-06-01", wid="W2", conclusion="职业禁忌证", notified="2026-06-10"),
        exam("2024-01-05", "上岗前", wid="W3"), exam("2026-05-01", wid="W3", conclusion="疑似职业病", notified="2026-06-15"),
    ]
    f = make_firm(tmp_path, posts=NOISE_POST, workers=ws, exams=exams)
    a = assess_firm(f, "2026-11-27")
    notified = {(s.id, s.msg.params.get("date")): s for s in a.finding("EXAM-7").subjects}
    pending = notified[("W1", "2026-11-01")]
    assert (pending.status, pending.msg.code, pending.due) == ("pass", "eng.notify.pending", dt.date(2026, 12, 1))
    # 45 days later: late only by the unconfirmed 30-day limit (the Law sets none) — rule unconfirmed
    assert notified[("W3", "2026-05-01")].status == "unconfirmed"
    assert notified[("W3", "2026-05-01")].msg.code == "eng.notify.late"
    assert a.finding("EXAM-7").unconfirmed == ("param:days=30", "decided_by:EXAM-7")
    assert a.finding("EXAM-7").status == "unconfirmed"
    ci = subject(a, "EXAM-8", "W2")
    assert (ci.status, ci.msg.code, ci.msg.params["posts"]) == ("fail", "eng.ci.on_post", ["P1"])
    sod = subject(a, "EXAM-10", "W3")
    assert (sod.status, sod.msg.code, sod.msg.params["leave"]) == ("fail", "eng.sod.left", "2026-09-01")


def test_written_notice_missing_after_30_days(tmp_path):
    f = make_firm(tmp_path, posts=NOISE_POST, workers=[worker()],
                  exams=[exam("2024-01-05", "上岗前"), exam("2026-10-20", notified="")])
    s = [s for s in assess_firm(f, "2026-11-20").finding("EXAM-7").subjects if s.msg.params.get("date") == "2026-10-20"][0]
    assert (s.status, s.overdue_days, str(s.evidence[0])) == ("unconfirmed", 1, "exams.csv:3:F")


def test_no_exams_table_is_not_reassurance(tmp_path):
    """Without an exams table EXAM-8/EXAM-10 cannot be checked: they say the table is missing,
    never "no contraindication / no suspected disease found" (issue 3 item 4)."""
    f = make_firm(tmp_path, posts=NOISE_POST, workers=[worker()])
    a = assess_firm(f, "2026-11-27")
    from ohkit.i18n import translator
    for oid in ("EXAM-8", "EXAM-10"):
        fd = a.finding(oid)
        assert (fd.status, fd.msg.code) == ("unknown", "eng.f.no_table"), (oid, fd.msg)
        assert "“职业健康检查”表" in translator("zh").msg(fd.msg) and "未发现" not in translator("zh").msg(fd.msg)
