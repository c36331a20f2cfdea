"""Verdicts an inspector would sign (issue 8, items 2–6). Each test builds one small fixture firm
against the real catalogue; the comment above it quotes the article the rule enforces, and the
test writes down the expected status, message and rows."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "engine"))
import firmkit  # noqa: E402
from firmkit import make_firm, subject  # noqa: E402

AS_OF = dt.date(2026, 11, 27)


def assess_real(path: Path, as_of: dt.date = AS_OF):
    return firmkit.assess_real(path, as_of)


W = firmkit.worker_row


NOISE = {"post_id": "P1", "post": "冲压", "hazard": "噪声", "level": "88", "serious": False,
         "card_posted": "2026-01-01", "signs_posted": True}


# -- item 2: firm class vs post ------------------------------------------------------------

# 5号令 第二十条: "职业病危害严重的用人单位……每年至少进行一次职业病危害因素检测，每三年至少进行一次
# 职业病危害现状评价。职业病危害一般的用人单位……每三年至少进行一次职业病危害因素检测。"
# 第八条: "职业病危害严重的用人单位……配备专职职业卫生管理人员。"  These follow the firm's class.
# 职业病防治法 第二十四条第二款: "对产生严重职业病危害的作业岗位，应当在其醒目位置，设置警示标识和中文警示说明。"
# A post marked 严重危害岗位 drives the post's own duties (signs, special training), not the firm's class.
def test_serious_post_in_a_general_firm_keeps_firm_duties_general(tmp_path):
    posts = [NOISE, {"post_id": "P2", "post": "调漆", "hazard": "苯", "serious": True, "card_posted": "2026-01-01"}]
    mons = [{"report_no": "J1", "date": "2024-06-01", "kind": "定期检测", "post_id": "P1", "hazard": "噪声",
             "value": "84", "unit": "dB(A)", "limit": "85", "verdict": "合格"},
            {"report_no": "J1", "date": "2024-06-01", "kind": "定期检测", "post_id": "P2", "hazard": "苯",
             "value": "1", "unit": "mg/m3", "limit": "6", "verdict": "合格"}]
    f = make_firm(tmp_path, profile={"hazard_class": "general"}, posts=posts, monitoring=mons,
                  workers=[W("W1"), W("W2", "P2")])
    a = assess_real(f)
    assert a.flags["serious"] is False
    assert a.finding("MON-2").status == "pass"             # 3-yearly for a general firm: due 2027-06-01
    assert a.finding("MON-3").status == "not_applicable"   # 现状评价 is for serious firms only
    org2 = {s.id: s.status for s in a.finding("ORG-2").subjects}
    assert "full_time" not in org2                          # part-time manager is allowed (10 workers, general)
    # the serious post still has its own duties: signs missing there fails NOTICE-3, special training TRAIN-3
    sig = subject(a, "NOTICE-3", "P2")
    assert (sig.status, sig.msg.code) == ("fail", "eng.signs.serious_missing")
    assert [s.id for s in a.finding("TRAIN-3").subjects] == ["W2"]


def test_serious_firm_without_serious_posts_keeps_yearly_detection(tmp_path):
    mons = [{"report_no": "J1", "date": "2025-06-01", "kind": "定期检测", "post_id": "P1", "hazard": "噪声",
             "value": "84", "unit": "dB(A)", "limit": "85", "verdict": "合格"}]
    f = make_firm(tmp_path, profile={"hazard_class": "serious"}, posts=[NOISE], monitoring=mons, workers=[W("W1")])
    a = assess_real(f)
    assert a.flags["serious"] is True
    s = subject(a, "MON-2", "P1/noise")
    assert (s.status, s.due) == ("fail", dt.date(2026, 6, 1))


def test_firm_class_not_recorded_is_unknown_not_taken_from_a_post(tmp_path):
    posts = [dict(NOISE, serious=True)]
    f = make_firm(tmp_path, profile={"hazard_class": None}, posts=posts, workers=[W("W1")])
    a = assess_real(f)
    assert a.flags["serious"] is None
    assert a.finding("MON-2").status == "unknown"


# -- item 3: minors -------------------------------------------------------------------------

# 职业病防治法 第三十八条: "用人单位不得安排未成年工从事接触职业病危害的作业".
# 5号令 第三十三条 says the same. Any hazard, any level: noise at 88 dB(A) included.
def test_minor_on_noise_post_fails_whatever_the_level(tmp_path):
    ws = [W("W1", birth_date="2009-03-01", hire_date="2026-03-01", post_start="2026-03-01"),
          W("W2", birth_date="2009-03-01", hire_date="2026-03-01", post_start="2026-03-01", post_id="P9")]
    f = make_firm(tmp_path, posts=[dict(NOISE, level="80")], workers=ws)   # P9 (packing) has no hazard
    a = assess_real(f)
    s = subject(a, "MIN-1", "W1")
    assert (s.status, s.msg.code) == ("fail", "eng.min.on_post")
    assert s.msg.params["hazards"] == [{"zh": "噪声", "en": "noise"}] and s.msg.params["age"] == 17
    assert subject(a, "MIN-1", "W2").status == "pass"
    assert s.evidence[0].file == "workers.csv"


def test_worker_placed_on_exposed_post_before_18_fails_after_turning_18(tmp_path):
    # born 2008-06-01: 18 on 2026-06-01; on the noise post since 2025-09-01, i.e. 9 months as a minor
    ws = [W("W1", birth_date="2008-06-01", hire_date="2025-09-01", post_start="2025-09-01")]
    f = make_firm(tmp_path, posts=[NOISE], workers=ws)
    a = assess_real(f)
    assert a.flags["minor"] is True
    s = subject(a, "MIN-1", "W1")
    assert (s.status, s.msg.code) == ("fail", "eng.min.was_minor")
    assert s.msg.params["start"] == "2025-09-01" and s.msg.params["adult"] == "2026-06-01"


# 未成年工特殊保护规定 (劳部发〔1994〕498号) — the article on exams is not in the primary text we hold
# (only secondary: 安排工作岗位之前、工作满1年、年满18周岁且距前一次体检已超过半年): so the finding is
# marked unconfirmed.
def test_minor_exam_on_turning_18_when_last_exam_older_than_six_months(tmp_path):
    # born 2008-12-10 → 18 on 2026-12-10; pre-exam 2025-11-20, 1-year exam 2026-05-01 (> 6 months before 18)
    ws = [W("W1", birth_date="2008-12-10", hire_date="2025-12-01", post_start="2025-12-01")]
    ex = [{"worker_id": "W1", "date": "2025-11-20", "type": "上岗前", "hazards": "噪声", "conclusion": "目前未见异常"},
          {"worker_id": "W1", "date": "2026-05-01", "type": "在岗期间", "hazards": "噪声", "conclusion": "目前未见异常"}]
    f = make_firm(tmp_path, posts=[NOISE], workers=ws, exams=ex)
    a = assess_real(f)
    s = subject(a, "MIN-2", "W1")
    assert (s.status, s.due) == ("pass", dt.date(2026, 12, 10))
    assert "obligation:MIN-2" in a.finding("MIN-2").unconfirmed
    a2 = assess_real(f, dt.date(2026, 12, 11))        # turned 18 yesterday, no exam: late by the rules'
    s2 = subject(a2, "MIN-2", "W1")                   # time points, which are unconfirmed: advice, not 不符合
    assert (s2.status, s2.msg.code) == ("unconfirmed", "eng.minex.no_adult")
    assert a2.finding("MIN-2").status == "unconfirmed"


# -- item 4: women ---------------------------------------------------------------------------

# 女职工劳动保护特别规定 附录 三(八): 孕期禁忌 "噪声作业分级标准中规定的第三级、第四级的作业".
# The grading table (GBZ/T 229.4) is not confirmed in ohkit: a measured level alone gives unknown, never pass.
def test_pregnant_worker_noise_measured_but_grade_unconfirmed_is_unknown(tmp_path):
    ws = [W("W1", sex="女", special_status="孕期", special_since="2026-08-01")]
    mons = [{"report_no": "J1", "date": "2026-06-01", "kind": "定期检测", "post_id": "P1", "hazard": "噪声",
             "value": "96", "unit": "dB(A)", "limit": "85", "verdict": "不合格"}]
    f = make_firm(tmp_path, posts=[NOISE], workers=ws, monitoring=mons)
    a = assess_real(f)
    s = subject(a, "FEM-1", "W1")
    assert (s.status, s.msg.code) == ("unknown", "eng.fem.grade_unconfirmed")
    assert s.msg.params["levels"] == ["96 dB(A)"]
    assert any(n.startswith("grading:") for n in a.finding("FEM-1").unconfirmed)
    # a grade written from the evaluation report decides
    f2 = make_firm(tmp_path / "b", posts=[dict(NOISE, level="Ⅲ级")], workers=ws)
    assert subject(assess_real(f2), "FEM-1", "W1").status == "fail"
    f3 = make_firm(tmp_path / "c", posts=[dict(NOISE, level="Ⅱ级")], workers=ws)
    assert subject(assess_real(f3), "FEM-1", "W1").status == "pass"


# -- item 5: exams ---------------------------------------------------------------------------

# 49号令 / GBZ 188: a 复查 conclusion means the institution wants the worker back; 职业病防治法 第三十五条
# requires the exams "按照国务院卫生行政部门的规定". A recheck not done by its date fails EXAM-2.
def test_recheck_not_done_fails_periodic(tmp_path):
    ex = [{"worker_id": "W1", "date": "2026-03-01", "type": "在岗期间", "hazards": "噪声", "conclusion": "复查",
           "next_due": "2026-06-01"},
          {"worker_id": "W2", "date": "2026-03-01", "type": "在岗期间", "hazards": "噪声", "conclusion": "复查",
           "next_due": "2026-06-01"},
          {"worker_id": "W2", "date": "2026-05-20", "type": "复查", "hazards": "噪声", "conclusion": "目前未见异常"},
          {"worker_id": "W3", "date": "2026-10-01", "type": "在岗期间", "hazards": "噪声", "conclusion": "复查"},
          {"worker_id": "W4", "date": "2026-11-01", "type": "在岗期间", "hazards": "噪声", "conclusion": "复查",
           "next_due": "2026-12-15"}]
    f = make_firm(tmp_path, posts=[NOISE], workers=[W("W1"), W("W2"), W("W3"), W("W4")], exams=ex)
    a = assess_real(f)
    s1 = subject(a, "EXAM-2", "W1")
    assert (s1.status, s1.msg.code, s1.due) == ("fail", "eng.recheck.overdue", dt.date(2026, 6, 1))
    assert s1.evidence[-1].row == 2
    assert subject(a, "EXAM-2", "W2").status == "pass"
    s3 = subject(a, "EXAM-2", "W3")                      # recheck ordered, no date given: cannot tell, say so
    assert (s3.status, s3.msg.code) == ("unknown", "eng.recheck.no_date")
    # ... and it is on the calendar, due now (ask the institution by when)
    assert [(d.date, d.msg.code) for d in a.due if d.subject_id == "W3" and d.obligation_id == "EXAM-2"][0] == (
        AS_OF, "eng.due.recheck_no_date")
    s4 = subject(a, "EXAM-2", "W4")                      # recheck by 2026-12-15: open, on the calendar
    assert (s4.status, s4.msg.code, s4.due) == ("pass", "eng.recheck.open", dt.date(2026, 12, 15))
    # the next periodic date comes from GBZ 188-2025's yearly noise interval, not confirmed: the item says so
    assert [(d.date, d.msg.code) for d in a.due if d.subject_id == "W4" and d.obligation_id == "EXAM-2"] == [
        (dt.date(2026, 12, 15), "eng.due.recheck"), (dt.date(2027, 11, 1), "eng.due.exam_unconfirmed")]


def test_next_due_set_by_the_institution_is_honoured(tmp_path):
    # noise at 88 dB(A): 12 months by GBZ 188; the institution asked for 6
    ex = [{"worker_id": "W1", "date": "2026-03-01", "type": "在岗期间", "hazards": "噪声", "conclusion": "目前未见异常",
           "next_due": "2026-09-01"}]
    f = make_firm(tmp_path, posts=[NOISE], workers=[W("W1")], exams=ex)
    s = subject(assess_real(f), "EXAM-2", "W1")
    assert (s.status, s.due) == ("fail", dt.date(2026, 9, 1))


# 职业病防治法 第三十五条: "对未进行离岗前职业健康检查的劳动者不得解除或者终止与其订立的劳动合同".
# The exit exam covers the hazards of the post left; a hazard not covered (and no periodic exam covering
# it within 90 days) fails.
def test_exit_exam_must_cover_every_hazard_of_the_post_left(tmp_path):
    posts = [NOISE, dict(NOISE, hazard="矽尘", level=None)]
    ex = [{"worker_id": "W1", "date": "2026-10-20", "type": "离岗时", "hazards": "噪声", "conclusion": "目前未见异常"}]
    f = make_firm(tmp_path, posts=posts, workers=[W("W1", leave_date="2026-11-01")], exams=ex)
    s = subject(assess_real(f), "EXAM-3", "W1")
    assert (s.status, s.msg.code) == ("fail", "eng.exit.not_covered")
    assert s.msg.params["hazards"] == [{"zh": "矽尘", "en": "silica dust"}]


def test_transfer_off_an_exposed_post_counts_as_leaving_it(tmp_path):
    posts = [NOISE]   # P9 (store) has no hazard
    ws = [W("W1", post="P9", start="2024-01-10", post_start="2026-09-01"),
          W("W2", post="P9", start="2024-01-10", post_start="2026-09-01")]
    hist = [{"worker_id": "W1", "post_id": "P1", "start": "2024-01-10", "end": "2026-08-31"},
            {"worker_id": "W1", "post_id": "P9", "start": "2026-09-01"},
            {"worker_id": "W2", "post_id": "P1", "start": "2024-01-10", "end": "2026-08-31"}]
    ex = [{"worker_id": "W2", "date": "2026-08-20", "type": "离岗时", "hazards": "噪声", "conclusion": "目前未见异常"}]
    f = make_firm(tmp_path, posts=posts, workers=ws, assignments=hist, exams=ex)
    a = assess_real(f)
    s = subject(a, "EXAM-3", "W1")
    assert (s.status, s.msg.code) == ("fail", "eng.exit.missing")
    assert s.msg.params["leave"] == "2026-08-31"
    assert any(e.file == "assignments.csv" for e in s.evidence)
    assert subject(a, "EXAM-3", "W2").status == "pass"


# 49号令 第十条(应急健康检查): emergency exams after an acute exposure — and when a worker shows symptoms —
# are asked in the walk-through.
def test_emergency_exam_question_names_symptoms():
    from ohkit.catalogue import load_catalogue

    ob = load_catalogue().obligation("EXAM-4")
    assert "症状" in ob.question["zh"] and "symptom" in ob.question["en"]


# -- item 6: training ------------------------------------------------------------------------

# 职业病防治法 第三十四条第二款: "用人单位应当对劳动者进行上岗前的职业卫生培训和在岗期间的定期职业卫生培训".
# A 继续 (continuing) row is not initial training.
def test_continuing_rows_are_not_initial_training(tmp_path):
    tr = [{"person": "W2", "role": "劳动者", "date": "2025-01-05", "hours": "8", "kind": "初次"},
          {"person": "W1", "role": "劳动者", "date": "2026-03-01", "hours": "8", "kind": "继续"}]
    f = make_firm(tmp_path, posts=[NOISE], workers=[W("W1", start="2026-02-01"), W("W2", start="2025-01-10")],
                  training=tr)
    s = subject(assess_real(f), "TRAIN-2", "W1")
    assert (s.status, s.msg.code) == ("fail", "eng.train.no_initial")


def test_worker_hired_before_the_records_begin_is_unknown_not_untrained(tmp_path):
    # the firm's training records begin 2026-03-01; W1 was hired in 2018, W2 after the records begin
    tr = [{"person": "W1", "role": "劳动者", "date": "2026-03-01", "hours": "4", "kind": "继续"},
          {"person": "W2", "role": "劳动者", "date": "2026-06-01", "hours": "4", "kind": "继续"}]
    f = make_firm(tmp_path, posts=[NOISE], workers=[W("W1", start="2018-05-01"), W("W2", start="2026-04-01")],
                  training=tr)
    a = assess_real(f)
    s = subject(a, "TRAIN-2", "W1")
    assert (s.status, s.msg.code) == ("unknown", "eng.train.initial_before_records")
    assert (s.msg.params["first"], s.msg.params["begin"]) == ("2026-03-01", "2026-03-01")
    assert subject(a, "TRAIN-2", "W2").msg.code == "eng.train.no_initial"


# 安监总厅安健〔2015〕121号 (secondary only, unconfirmed): "因变更工艺、技术、设备、材料，或者岗位调整导致
# 劳动者接触的职业病危害因素发生变化的，用人单位应当对劳动者重新进行职业卫生培训".
def test_retraining_after_a_change_of_post(tmp_path):
    posts = [NOISE, dict(NOISE, post_id="P2", post="打磨", hazard="矽尘", level=None)]
    tr = [{"person": "W1", "role": "劳动者", "date": "2025-01-05", "hours": "8", "kind": "初次"},
          {"person": "W1", "role": "劳动者", "date": "2026-01-05", "hours": "4", "kind": "继续"},
          {"person": "W2", "role": "劳动者", "date": "2025-01-05", "hours": "8", "kind": "初次"},
          {"person": "W2", "role": "劳动者", "date": "2026-06-25", "hours": "4", "kind": "复训"}]
    ws = [W("W1", post="P2", start="2025-01-10", post_start="2026-06-01"),
          W("W2", post="P2", start="2025-01-10", post_start="2026-06-01")]
    f = make_firm(tmp_path, posts=posts, workers=ws, training=tr)
    a = assess_real(f)
    s = subject(a, "TRAIN-2", "W1")
    # the duty rests on a secondary source only (retrain_days unconfirmed): "rule unconfirmed", not
    # 不符合 (issue 8 item 8, engine.basis)
    assert (s.status, s.msg.code) == ("unconfirmed", "eng.train.no_retraining")
    assert s.msg.params["start"] == "2026-06-01"
    assert subject(a, "TRAIN-2", "W2").status == "pass"


def test_exit_exam_gap_filled_by_a_periodic_exam_within_90_days(tmp_path):
    posts = [NOISE, dict(NOISE, hazard="矽尘", level=None)]
    ex = [{"worker_id": "W1", "date": "2026-08-10", "type": "在岗期间", "hazards": "矽尘", "conclusion": "目前未见异常"},
          {"worker_id": "W1", "date": "2026-10-20", "type": "离岗时", "hazards": "噪声", "conclusion": "目前未见异常"}]
    f = make_firm(tmp_path, posts=posts, workers=[W("W1", leave_date="2026-11-01")], exams=ex)
    s = subject(assess_real(f), "EXAM-3", "W1")
    assert (s.status, s.msg.code) == ("pass", "eng.exit.ok")   # silica by the periodic exam 83 days before


def test_transfer_to_a_post_with_the_same_hazard_is_not_leaving_it(tmp_path):
    posts = [NOISE, dict(NOISE, post_id="P2", post="折弯")]
    ws = [W("W1", post="P2", start="2024-01-10", post_start="2026-09-01")]
    hist = [{"worker_id": "W1", "post_id": "P1", "start": "2024-01-10", "end": "2026-08-31"},
            {"worker_id": "W1", "post_id": "P2", "start": "2026-09-01"}]
    f = make_firm(tmp_path, posts=posts, workers=ws, assignments=hist)
    assert assess_real(f).finding("EXAM-3").subjects == ()


def test_post_history_rows_are_validated(tmp_path):
    from ohkit.records import load_workspace

    hist = [{"worker_id": "W1", "post_id": "P1", "start": "2026-05-01", "end": "2026-04-30"},
            {"worker_id": "W9", "post_id": "P1", "start": "2026-05-01"}]
    f = make_firm(tmp_path, posts=[NOISE], workers=[W("W1")], assignments=hist)
    got = {(p.code, p.loc.file, p.loc.row) for p in load_workspace(f, as_of=AS_OF).problems}
    assert ("rec.end_before_start", "assignments.csv", 2) in got
    assert ("rec.worker_unknown", "assignments.csv", 3) in got


def test_minor_placed_more_than_three_years_ago_is_history_not_a_finding(tmp_path):
    ws = [W("W1", birth_date="2004-01-01", hire_date="2021-06-01", post_start="2021-06-01")]  # 18 on 2022-01-01
    f = make_firm(tmp_path, posts=[NOISE], workers=ws)
    a = assess_real(f)
    assert a.flags["minor"] is False and a.finding("MIN-1").status == "not_applicable"


# Property: moving between posts that share the same hazards is never "leaving" them; ending the history
# with no open post while still employed (moved to a post without hazards) always asks for an exit exam.
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=20, deadline=None)
@given(st.lists(st.integers(10, 400), min_size=1, max_size=4), st.booleans())
def test_post_history_exit_events_property(lengths, ends_off_exposure):
    import tempfile

    posts = [NOISE, dict(NOISE, post_id="P2", post="折弯"), dict(NOISE, post_id="P3", post="剪板")]
    start = dt.date(2026, 10, 1) - dt.timedelta(days=sum(lengths) + len(lengths))   # the last move is recent
    hist, day = [], start
    for i, n in enumerate(lengths):
        end = day + dt.timedelta(days=n)
        hist.append({"worker_id": "W1", "post_id": f"P{i % 3 + 1}", "start": day.isoformat(), "end": end.isoformat()})
        day = end + dt.timedelta(days=1)
    last_post = hist[-1]["post_id"]
    if not ends_off_exposure:
        hist[-1]["end"] = None
    worker = W("W1", post=last_post if not ends_off_exposure else None, start=start.isoformat(),
               post_start=hist[-1]["start"] if not ends_off_exposure else None)
    with tempfile.TemporaryDirectory() as d:
        f = make_firm(Path(d), posts=posts, workers=[worker], assignments=hist)
        a = assess_real(f, dt.date(2026, 11, 27))
        subs = a.finding("EXAM-3").subjects
        if ends_off_exposure:
            assert [s.id for s in subs] == ["W1"] and subs[0].msg.params["leave"] == hist[-1]["end"]
        else:
            assert subs == ()
