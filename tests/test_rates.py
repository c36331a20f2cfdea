"""Issue 8 item 9: the rates as health authorities count them (checklists/rates.yaml), for one firm
and summed over firms. Real catalogue; each fixture firm is built to put workers on either side of
each count."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "engine"))
from firmkit import make_firm  # noqa: E402

from ohkit.model import Metric  # noqa: E402

AS_OF = dt.date(2026, 11, 27)   # the 12 months counted: 2025-11-28 … 2026-11-27
POSTS = [{"post_id": "P1", "post": "冲压", "hazard": "噪声", "level": "88"},   # ≥85 dB(A): every 12 months
         {"post_id": "P2", "post": "包装", "hazard": "噪声", "level": "75"}]   # <80 dB(A): no periodic exam


def W(wid, post="P1", start="2020-03-01", **kw):
    d = {"worker_id": wid, "name": f"工人{wid}", "sex": "男", "birth_date": "1990-01-01", "hire_date": start,
         "post_id": post, "post_start": start, "contract_notice": True}
    d.update(kw)
    return d


def E(wid, date, type_="在岗期间"):
    return {"worker_id": wid, "date": date, "type": type_, "hazards": "噪声", "conclusion": "目前未见异常",
            "report_no": f"R-{wid}-{date}", "notified": date}


def rates(path):
    from ohkit.engine import assess
    from ohkit.records import load_workspace

    a = assess(load_workspace(path, as_of=AS_OF), AS_OF)
    return {m.id: (m.numerator, m.denominator) for m in a.metrics}


def test_periodic_exam_rate_counts_only_workers_due_in_the_last_12_months(tmp_path):
    # 职业病防治法 第三十五条: 对从事接触职业病危害的作业的劳动者，用人单位应当按照 … 组织上岗前、在岗期间和离岗时的
    # 职业健康检查 — the rate counts, of the workers whose periodic exam fell due in the 12 months before the
    # as-of date (or was overdue already), those who had it.
    workers = [
        W("A"),                                   # last exam 2025-10-01: due 2026-10-01, not done → due, not had
        W("B"),                                   # due 2026-06-01, examined 2026-05-20 → due and had
        W("C", start="2026-09-01"),               # new hire, pre-employment exam 2026-08-25: not due → neither
        W("D", post="P2"),                        # 75 dB(A): below the exam threshold → neither
        W("E"),                                   # last exam 2024-05-01: overdue since 2025-05-01 → due, not had
        W("F", leave_date="2026-03-01"),          # due 2026-06-01 but left 2026-03-01 → neither
    ]
    exams = [E("A", "2025-10-01"), E("B", "2025-06-01"), E("B", "2026-05-20"), E("C", "2026-08-25", "上岗前"),
             E("D", "2025-01-10"), E("E", "2024-05-01"), E("F", "2025-06-01")]
    f = make_firm(tmp_path, posts=POSTS, workers=workers, exams=exams)
    assert rates(f)["exam_periodic"] == (1, 3)


def test_declaration_and_detection_count_the_firm(tmp_path):
    # 职业病防治法 第十六条 (申报) and 第二十六条 (定期检测): each rate counts firms — 1/1 or 0/1.
    mon = [{"report_no": "J1", "date": "2024-06-10", "kind": "定期检测", "post_id": "P1", "hazard": "噪声",
            "value": "88", "unit": "dB(A)", "limit": "85", "verdict": "不合格"}]
    general = make_firm(tmp_path / "g", profile={"hazard_class": "general"}, posts=POSTS[:1], workers=[W("A")],
                        declarations=[{"date": "2024-01-15", "kind": "首次"}], monitoring=mon)
    serious = make_firm(tmp_path / "s", profile={"hazard_class": "serious"}, posts=POSTS[:1], workers=[W("A")],
                        declarations=[], monitoring=mon)
    g, s = rates(general), rates(serious)
    assert (g["declaration"], g["detection"]) == ((1, 1), (1, 1))     # tested within 36 months
    assert (s["declaration"], s["detection"]) == ((0, 1), (0, 1))     # serious: 12 months, not met
    assert "exam_coverage" not in g and g["testing_coverage"] == (1, 1)  # per-point coverage stays apart


def test_training_rates_per_group(tmp_path):
    # 职业病防治法 第三十四条: 主要负责人和职业卫生管理人员应当接受职业卫生培训 …；对劳动者进行 … 培训
    tr = [{"person": "王总", "role": "主要负责人", "date": "2026-05-01", "hours": 8, "kind": "继续", "passed": True},
          {"person": "李安全", "role": "职业卫生管理人员", "date": "2025-06-01", "hours": 8, "kind": "继续", "passed": True},
          {"person": "A", "role": "劳动者", "date": "2026-03-01", "hours": 4, "kind": "继续", "passed": True},
          {"person": "B", "role": "劳动者", "date": "2026-03-01", "hours": 4, "kind": "继续", "passed": False}]
    f = make_firm(tmp_path, posts=POSTS, workers=[W("A"), W("B"), W("C")], training=tr)
    r = rates(f)
    assert (r["training_principal"], r["training_oh_manager"], r["training_workers"]) == ((1, 1), (0, 1), (1, 3))
    assert "training_managers" not in r


def test_no_hazards_no_rates(tmp_path):
    f = make_firm(tmp_path, profile={"hazard_class": "none"}, posts=[{"post_id": "P1", "post": "文员"}], workers=[W("A")])
    assert not {"declaration", "detection", "exam_periodic", "training_principal"} & set(rates(f))


def test_portfolio_sum_adds_numerators_and_denominators():
    from ohkit.engine.rates import sum_metrics

    got = sum_metrics([("a", [Metric("exam_periodic", 1, 3, 0.9), Metric("declaration", 1, 1, 0.9)]),
                       ("b", [Metric("exam_periodic", 9, 9, 0.9), Metric("declaration", 0, 1, 0.9)])])
    assert sorted(got) == [("declaration", 1, 2, 0.9, 2, ("b",)), ("exam_periodic", 10, 12, 0.9, 2, ("a",))]


def test_every_rate_has_a_definition_with_its_source():
    from ohkit.catalogue import load_catalogue
    from ohkit.engine.rates import DEFAULT_TARGETS

    cat = load_catalogue()
    assert [r.id for r in cat.rates] == list(DEFAULT_TARGETS)
    for r in cat.rates:
        assert r.numerator.zh and r.denominator.en and r.basis, r.id
    assert cat.rate("exam_periodic").excluded.zh.startswith("尚未到期的新员工、接触水平低于体检要求的劳动者")


def test_report_and_guide_show_each_formula_with_its_source(tmp_path):
    from ohkit.engine import assess
    from ohkit.records import load_workspace
    from ohkit.render.report import render_report_html
    from ohkit.site.build import build

    f = make_firm(tmp_path / "firm", posts=POSTS, workers=[W("A")], exams=[E("A", "2025-10-01")])
    html = render_report_html(assess(load_workspace(f, as_of=AS_OF), AS_OF), "zh")
    assert "<b>在岗期间职业健康检查率</b> = 分母中在评估日前12个月内做了职业健康检查的人数 ÷ 评估日前12个月内" in html
    assert '来源：职业病防治法 <span class="nowrap">第35条</span>' in html
    build(tmp_path / "docs", cli=False, downloads=False)
    page = (tmp_path / "docs" / "_snippets" / "rates.zh.md").read_text(encoding="utf-8")
    assert "**在岗期间职业健康检查率**" in page and "第35条" in page and "分子、分母分别相加" in page
