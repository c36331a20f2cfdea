"""EXAM-2 against the real catalogue, where no GBZ 188 interval is confirmed (issue 8, rule 8 and item 5).

职业病防治法 第三十五条: "对从事接触职业病危害的作业的劳动者，用人单位应当按照国务院卫生行政部门的规定组织
上岗前、在岗期间和离岗时的职业健康检查". 49号令 第十三条: "对在岗期间的职业健康检查,用人单位应当按照
《职业健康监护技术规范》(GBZ188)等国家职业卫生标准的规定和要求,确定……检查项目和检查周期。需要复查的,
应当根据复查要求增加相应的检查项目。"

The law leaves the interval to GBZ 188, and ohkit holds GBZ 188's intervals only from secondary copies
(checklists/hazards.yaml: every periodic rule `confidence: unconfirmed`). So a date given only by such an
interval never decides 不符合 on its own (DEVELOPING.md "When a result may say 不符合"): the worker is
"rule unconfirmed" — probably overdue, arrange it and check the interval. Facts that are confirmed still
decide 不符合: the date the exam institution wrote (``next_due``), a recheck it ordered and that was not
done by its date, and an interval the firm set itself in enterprise.yaml (``exam_intervals``).
"""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "engine"))
import firmkit  # noqa: E402
from firmkit import make_firm, subject  # noqa: E402

AS_OF = dt.date(2026, 11, 27)   # GBZ 188-2025 applies (from 2026-08-01); its noise rules are unconfirmed


def assess_real(path: Path, as_of: dt.date = AS_OF):
    return firmkit.assess_real(path, as_of)


W = firmkit.worker_row


def X(wid, date, type_="在岗期间", hazards="噪声", **kw):
    d = {"worker_id": wid, "date": date, "type": type_, "hazards": hazards, "conclusion": "目前未见异常",
         "notified": date}
    d.update(kw)
    return d


NOISE = {"post_id": "P1", "post": "冲压", "hazard": "噪声", "level": "88", "serious": False,
         "card_posted": "2026-01-01", "signs_posted": True}
SILICA = {"post_id": "P1", "post": "冲压", "hazard": "矽尘", "serious": False, "card_posted": "2026-01-01",
          "signs_posted": True}


def _due(a, wid):
    return [(d.date, d.msg.code, d.overdue) for d in a.due if d.subject_id == wid and d.obligation_id == "EXAM-2"]


# Noise at 88 dB(A): GBZ 188 (2025, from a secondary source) says yearly. Last exam 2025-06-01, so by that
# interval the exam was due 2026-06-01; nothing confirmed says so: "rule unconfirmed", not 不符合.
def test_overdue_only_by_an_unconfirmed_interval_is_rule_unconfirmed(tmp_path):
    from ohkit.i18n import translator
    from ohkit.render.texts import grade

    f = make_firm(tmp_path, posts=[NOISE], workers=[W("W1")],
                  exams=[X("W1", "2024-01-05", "上岗前"), X("W1", "2025-06-01")])
    a = assess_real(f)
    s = subject(a, "EXAM-2", "W1")
    assert (s.status, s.msg.code, s.due, s.overdue_days) == (
        "unconfirmed", "eng.periodic.overdue_unconfirmed", dt.date(2026, 6, 1), 179)
    assert s.msg.params == {"hazards": [{"zh": "噪声", "en": "noise"}], "months": [12], "standard": ["GBZ 188-2025"],
                            "due_date": "2026-06-01", "date": "2025-06-01"}
    f2 = a.finding("EXAM-2")
    assert f2.status == "unconfirmed"
    assert "exam_interval:噪声|noise:12:GBZ 188-2025" in f2.unconfirmed
    # the calendar keeps the date (the firm should act), saying the interval is not confirmed
    assert _due(a, "W1") == [(dt.date(2026, 6, 1), "eng.due.exam_unconfirmed", True)]
    # the worker is not listed as failing, and the grade does not count EXAM-2 as not met
    assert "EXAM-2" not in next(w for w in a.workers if w["worker_id"] == "W1")["failing"]
    g = grade(a)
    assert g.applicable == len([f for f in a.findings if f.status not in ("not_applicable", "unconfirmed")])
    zh, en = translator("zh").msg(s.msg), translator("en").msg(s.msg)
    assert "每 12 个月" in zh and "很可能已逾期" in zh and "核实" in zh
    assert "12 months for noise, from GBZ 188-2025, not yet confirmed" in en and "2026-06-01" in en


# A worker with no periodic exam ever since starting on 2024-01-10. Art 35 requires exams during
# employment, but it leaves when to the standard ("按照国务院卫生行政部门的规定"), and for some factors the
# standard may set no periodic exam at all (GBZ 188-2025's toluene section, a lead only). Without a
# confirmed interval no date has passed in law, however long ago the start: "rule unconfirmed" too,
# with its own words. The pre-employment exam is due by the law itself (before the first day): EXAM-1 fails.
def test_no_periodic_exam_since_starting_is_rule_unconfirmed_and_no_pre_exam_fails(tmp_path):
    f = make_firm(tmp_path, posts=[NOISE], workers=[W("W2")], exams=[])
    a = assess_real(f)
    s = subject(a, "EXAM-2", "W2")
    assert (s.status, s.msg.code, s.due) == ("unconfirmed", "eng.periodic.never_unconfirmed", dt.date(2025, 1, 10))
    assert (s.msg.params["start"], s.msg.params["months"]) == ("2024-01-10", [12])
    assert subject(a, "EXAM-1", "W2").status == "fail"
    assert _due(a, "W2") == [(dt.date(2025, 1, 10), "eng.due.exam_unconfirmed", True)]


# The exam institution wrote the next exam date (2026-09-01) on the report: that date is a fact, and it
# has passed — 不符合, dated by the institution's date, not by ohkit's earlier unconfirmed one (2026-06-01).
def test_institution_next_due_passed_fails_on_its_own_date(tmp_path):
    ex = [X("W3", "2024-01-05", "上岗前"), X("W3", "2025-06-01", next_due="2026-09-01")]
    f = make_firm(tmp_path, posts=[NOISE], workers=[W("W3")], exams=ex)
    a = assess_real(f)
    s = subject(a, "EXAM-2", "W3")
    assert (s.status, s.msg.code, s.due, s.overdue_days) == ("fail", "eng.periodic.overdue", dt.date(2026, 9, 1), 87)
    assert s.msg.params["due_date"] == "2026-09-01"
    assert a.finding("EXAM-2").status == "fail"
    # before the institution's date, only the unconfirmed interval has passed
    s2 = subject(assess_real(f, dt.date(2026, 8, 31)), "EXAM-2", "W3")
    assert (s2.status, s2.msg.code) == ("unconfirmed", "eng.periodic.overdue_unconfirmed")


# enterprise.yaml `exam_intervals: {矽尘: 24}`: the firm's own interval (from its exam institution) is a
# confirmed fact. Silica last examined 2024-09-01 → due 2026-09-01, passed: 不符合 for silica alone; the
# noise date (2026-03-01 by GBZ 188's unconfirmed yearly interval) does not decide and is not named.
def test_firm_interval_override_passed_fails(tmp_path):
    ex = [X("W4", "2024-01-05", "上岗前", "噪声、矽尘"), X("W4", "2024-09-01", hazards="噪声、矽尘"),
          X("W4", "2025-03-01")]
    f = make_firm(tmp_path, profile={"exam_intervals": {"矽尘": 24}}, posts=[NOISE, SILICA], workers=[W("W4")],
                  exams=ex)
    a = assess_real(f)
    s = subject(a, "EXAM-2", "W4")
    assert (s.status, s.msg.code, s.due) == ("fail", "eng.periodic.overdue", dt.date(2026, 9, 1))
    assert s.msg.params["hazards"] == [{"zh": "矽尘", "en": "silica dust"}]
    assert "EXAM-2" in next(w for w in a.workers if w["worker_id"] == "W4")["failing"]


# 49号令 第十三条 "需要复查的,应当根据复查要求增加相应的检查项目": a 复查 conclusion is a due item. When the
# institution wrote no date, the recheck is due now — the item says to ask the institution by when; the
# finding stays "cannot tell" (no date has passed), never pass.
def test_recheck_without_a_date_is_a_due_item_now(tmp_path):
    from ohkit.cli import cli

    ex = [X("W5", "2024-01-05", "上岗前"), X("W5", "2026-10-01", conclusion="复查")]
    f = make_firm(tmp_path / "firm", posts=[NOISE], workers=[W("W5")], exams=ex)
    a = assess_real(f)
    s = subject(a, "EXAM-2", "W5")
    assert (s.status, s.msg.code, s.due) == ("unknown", "eng.recheck.no_date", AS_OF)
    from ohkit.i18n import translator
    from ohkit.render.actionplan import action_items

    it = next(i for i in action_items(a, translator("zh")) if i.obligation_id == "EXAM-2")
    assert (it.due, it.due_suggested, it.status) == (AS_OF, False, "unknown")   # the action plan: due today
    assert _due(a, "W5") == [(AS_OF, "eng.due.recheck_no_date", False),
                             (dt.date(2027, 10, 1), "eng.due.exam_unconfirmed", False)]
    r = CliRunner().invoke(cli, ["due", str(f), "--as-of", AS_OF.isoformat(), "-o", "json", "--lang", "en"])
    data = json.loads(r.stdout)
    item = next(x for x in data["upcoming"] if x["subject_id"] == "W5")
    assert (item["date"], item["days"], item["obligation_id"]) == ("2026-11-27", 0, "EXAM-2")
    assert item["message"] == ("Recheck ordered by the exam on 2026-10-01: the institution wrote no date, "
                               "so it is due now; ask it by when")
    r = CliRunner().invoke(cli, ["due", str(f), "--as-of", AS_OF.isoformat()])
    assert "体检机构未写复查日期" in r.output


# Rates (checklists/rates.yaml, exam_periodic): a worker whose exam fell due by an unconfirmed interval
# still counts as due — the rate is a count, not a verdict, and authorities count it with the same
# GBZ 188 intervals; the formula text says the dates come from GBZ 188 intervals ohkit has not confirmed.
def test_exam_rate_counts_workers_due_by_unconfirmed_intervals(tmp_path):
    from ohkit.catalogue import load_catalogue

    ex = [X("W1", "2024-01-05", "上岗前"), X("W1", "2025-06-01"),
          X("W2", "2024-01-05", "上岗前"), X("W2", "2025-06-01"), X("W2", "2026-05-20")]
    f = make_firm(tmp_path, posts=[NOISE], workers=[W("W1"), W("W2")], exams=ex)
    a = assess_real(f)
    m = next(m for m in a.metrics if m.id == "exam_periodic")
    assert (m.numerator, m.denominator) == (1, 2)
    rate = load_catalogue().rate("exam_periodic")
    assert "GBZ 188" in rate.denominator.zh and "not yet confirmed" in rate.denominator.en


# 劳动法 第六十五条: "用人单位应当对未成年工定期进行健康检查。" — regular exams, no period. The time points
# (before placement, after one year, on turning 18) come only from a secondary summary of 未成年工特殊保护
# 规定 (MIN-2 is `confidence: unconfirmed`): a missed time point is "rule unconfirmed", like EXAM-2's intervals.
def test_minor_exam_after_one_year_missed_is_rule_unconfirmed(tmp_path):
    # born 2009-05-01 (17), on the packing post P9 (no hazard) since 2025-06-01, examined before placement only
    ws = [W("W6", post="P9", start="2025-06-01", birth_date="2009-05-01")]
    f = make_firm(tmp_path, posts=[NOISE], workers=ws, exams=[X("W6", "2025-05-20", "上岗前", hazards="")])
    a = assess_real(f)
    s = subject(a, "MIN-2", "W6")
    assert (s.status, s.msg.code, s.due) == ("unconfirmed", "eng.minex.no_year", dt.date(2026, 6, 1))
    assert a.finding("MIN-2").status == "unconfirmed" and "obligation:MIN-2" in a.finding("MIN-2").unconfirmed


# What the terminal shows: a duty not met by one worker (a recheck past the institution's date) also lists
# the worker only an unconfirmed interval finds late, marked 规则待核实, with the rows.
def test_terminal_lists_rule_unconfirmed_workers_under_a_failing_duty(tmp_path):
    from ohkit.cli import cli

    ex = [X("W1", "2024-01-05", "上岗前"), X("W1", "2025-06-01"),
          X("W7", "2024-01-05", "上岗前"), X("W7", "2026-03-01", conclusion="复查", next_due="2026-06-01")]
    f = make_firm(tmp_path, posts=[NOISE], workers=[W("W1"), W("W7")], exams=ex)
    r = CliRunner().invoke(cli, ["assess", str(f), "--as-of", AS_OF.isoformat(), "--no-input"])
    block = r.stdout.split("✗ EXAM-2")[1].split("\n  ✗ ")[0]
    assert "- 工人W7（W7）: 2026-03-01 的体检要求在 2026-06-01 前复查" in block
    assert "~ 工人W1（W1）: [规则待核实] 按 ohkit 采用的周期（噪声每 12 个月，出自 GBZ 188-2025" in block
    assert "[workers.csv:2; exams.csv:3]" in block


# A duty not met is dated by the workers who do not meet it: W7's recheck (due 2026-06-01, 179 days late)
# decides EXAM-2; W1, only "probably overdue" since 2025-03-01, neither dates nor ages the finding.
def test_failing_duty_is_dated_by_its_failing_workers_only(tmp_path):
    ex = [X("W1", "2024-01-05", "上岗前"), X("W1", "2024-03-01"),
          X("W7", "2024-01-05", "上岗前"), X("W7", "2026-03-01", conclusion="复查", next_due="2026-06-01")]
    f = make_firm(tmp_path, posts=[NOISE], workers=[W("W1"), W("W7")], exams=ex)
    fd = assess_real(f).finding("EXAM-2")
    assert (fd.status, fd.due, fd.overdue_days) == ("fail", dt.date(2026, 6, 1), 179)
    from ohkit.render import texts   # what the report and the action plan print as 期限 / 逾期

    assert (texts.finding_due(fd), texts.finding_overdue(fd)) == (dt.date(2026, 6, 1), 179)
    assert subject(assess_real(f), "EXAM-2", "W1").overdue_days == 636   # still shown on W1's own line


# Property (rule 8): with only GBZ 188's unconfirmed intervals, no exam history makes EXAM-2 fail; with the
# firm's own interval (exam_intervals) it fails exactly when the date it gives has passed.
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(0, 1500), max_size=3), st.sampled_from([None, 6, 12, 24]), st.booleans())
def test_only_a_confirmed_date_makes_periodic_exams_fail(days_ago, override, pre):
    import tempfile

    from ohkit.engine.util import add_months

    dates = sorted({AS_OF - dt.timedelta(days=n) for n in days_ago if AS_OF - dt.timedelta(days=n) > dt.date(2021, 1, 10)})
    ex = ([X("W1", "2021-01-05", "上岗前")] if pre else []) + [X("W1", d.isoformat()) for d in dates]
    profile = {"exam_intervals": {"噪声": override}} if override else {}
    with tempfile.TemporaryDirectory() as tmp:
        f = make_firm(Path(tmp), profile=profile, posts=[NOISE], workers=[W("W1", start="2021-01-10")], exams=ex)
        s = subject(assess_real(f), "EXAM-2", "W1")
    base = dates[-1] if dates else (dt.date(2021, 1, 5) if pre else dt.date(2021, 1, 10))
    if override is None:
        assert s.status in ("pass", "unconfirmed")
        assert (s.status == "unconfirmed") == (AS_OF > add_months(base, 12))   # GBZ 188-2025: noise ≥85 yearly
    else:
        due = add_months(base, override)
        assert (s.status, s.due) == ("fail" if AS_OF > due else "pass", due)
