"""Issue 8 item 8: national vs local, confirmed vs not. A failure that rests only on a value with no
primary source, or on a local rule the firm's region is not known to have, is "rule unconfirmed"
(advice), never 不符合; a failure the law alone decides stays 不符合. Real catalogue."""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "engine"))
from firmkit import make_firm  # noqa: E402

from ohkit.cli import cli  # noqa: E402

AS_OF = dt.date(2026, 11, 27)
NOISE = [{"post_id": "P1", "post": "冲压", "hazard": "噪声", "level": "88", "card_posted": "2026-01-05", "signs_posted": True}]


def W(wid, **kw):
    d = {"worker_id": wid, "name": f"工人{wid}", "sex": "男", "birth_date": "1990-01-01", "hire_date": "2024-01-10",
         "post_id": "P1", "post_start": "2024-01-10", "contract_notice": True}
    d.update(kw)
    return d


def assess(path):
    from ohkit.engine import assess as _assess
    from ohkit.records import load_workspace

    return _assess(load_workspace(path, as_of=AS_OF), AS_OF)


# 职业病危害项目申报办法 (48号令) has no yearly update; the 11–13-month window is published locally:
# 天津市静海区卫生健康委 (2022) "年度更新 … 间隔应大于11个月、小于13个月" (sources.yaml S23).
DECL = [{"date": "2024-01-15", "kind": "首次", "receipt_no": "D1"}, {"date": "2025-03-01", "kind": "年度更新", "receipt_no": "D2"}]


@pytest.mark.parametrize("region,status", [
    ("天津市静海区", "fail"),          # the region whose rule it is: 不符合
    ("广东省佛山市顺德区", "unconfirmed"),  # no source for Guangdong: advice
    (None, "unconfirmed"),            # region not given: advice
])
def test_local_yearly_update_window_decides_only_in_its_region(tmp_path, region, status):
    f = make_firm(tmp_path, profile={"region": region}, posts=NOISE, declarations=DECL)
    fd = assess(f).finding("DECL-4")
    assert fd.status == status
    assert [s.status for s in fd.subjects if s.id == "next"] == [status]
    assert ("local:天津|Tianjin" in fd.unconfirmed) is (status == "unconfirmed")
    assert assess(f).finding("DECL-1").status == "pass"   # declaring at all is national law (Law Art 16)


def test_unconfirmed_period_alone_never_decides_but_the_law_does(tmp_path):
    # 职业病防治法 第二十二条: 用人单位必须 … 提供符合防治职业病要求的职业病防护用品 — a worker with none fails
    # on the law alone; the 12-month replacement period is ohkit's reminder (PPE-2 months, unconfirmed).
    f = make_firm(tmp_path, posts=NOISE, workers=[W("A"), W("B")],
                  ppe=[{"worker_id": "B", "item": "耳塞", "date": "2025-09-01", "qty": 10}])
    fd = assess(f).finding("PPE-2")
    subs = {s.id: s.status for s in fd.subjects}
    assert subs == {"A": "fail", "B": "unconfirmed"}
    assert fd.status == "fail" and "decided_by:PPE-2" in fd.unconfirmed
    g = make_firm(tmp_path / "only_b", posts=NOISE, workers=[W("B")],
                  ppe=[{"worker_id": "B", "item": "耳塞", "date": "2025-09-01", "qty": 10}])
    assert assess(g).finding("PPE-2").status == "unconfirmed"


def test_rerunning_at_the_extremes_leaves_no_extra_due_items(tmp_path):
    f = make_firm(tmp_path, posts=NOISE, workers=[W("B")],
                  ppe=[{"worker_id": "B", "item": "耳塞", "date": "2025-09-01", "qty": 10}])
    a = assess(f)
    assert [(d.obligation_id, d.date) for d in a.due if d.obligation_id == "PPE-2"] == [("PPE-2", dt.date(2026, 9, 1))]


def test_a_no_to_a_rule_without_any_confirmed_basis_is_advice(tmp_path):
    # TRAIN-5's deadline appears only in a truncated training-plan template (no confirmed basis).
    f = make_firm(tmp_path, posts=NOISE, workers=[W("A")], answers="TRAIN-5: {answer: 否, date: 2026-11-20}\n")
    fd = assess(f).finding("TRAIN-5")
    assert (fd.status, fd.answer, fd.unconfirmed[-1]) == ("unconfirmed", False, "decided_by:TRAIN-5")
    from ohkit.engine import is_met
    assert is_met(fd) is None


def test_terminal_json_and_report_show_the_status(tmp_path):
    f = make_firm(tmp_path / "firm", profile={"region": "广东省佛山市"}, posts=NOISE, declarations=DECL)
    r = CliRunner().invoke(cli, ["assess", str(f), "--as-of", "2026-11-27", "--no-input"])
    assert "规则待核实（1 项）" in r.stdout and "~ DECL-4 " in r.stdout
    assert "这项义务或期限出自地方规定；ohkit 只掌握天津有该规定" in r.stdout
    r = CliRunner().invoke(cli, ["assess", str(f), "--as-of", "2026-11-27", "--no-input", "-o", "json"])
    d = {x["obligation_id"]: x for x in json.loads(r.stdout)["findings"]}
    assert d["DECL-4"]["status"] == "unconfirmed" and d["DECL-4"]["unconfirmed"] == ["local:天津|Tianjin"]
    from ohkit.render.report import render_report_html
    html = render_report_html(assess(f), "zh")
    assert 'class="badge b-unconfirmed">规则待核实</span> <span class="oid">DECL-4' in html
    assert "规则待核实：记录未达到的是 ohkit 无法追溯到原文的数值" in html


def test_guide_says_where_a_local_rule_applies(tmp_path):
    from ohkit.site.build import build

    build(tmp_path, cli=False, downloads=False)
    page = (tmp_path / "obligations" / "DECL-4.md").read_text(encoding="utf-8")
    assert "地方规定" in page and "天津" in page and "S23" in page
    en = (tmp_path / "obligations" / "DECL-4.en.md").read_text(encoding="utf-8")
    assert "Local rule" in en and "**Tianjin**" in en and "rule unconfirmed" in en


def test_every_unconfirmed_param_has_a_lenient_value_in_the_right_direction():
    # the lenient value must require less: 0 hours / no minimum, or a very long period or window
    from ohkit.catalogue import load_catalogue
    from ohkit.engine.basis import lenient

    names = {p for o in load_catalogue().obligations for p in o.check.unconfirmed_params}
    assert names >= {"initial_hours", "annual_hours", "days", "months", "drill_months", "max_days"}
    for p in names:
        want = 0 if ("hours" in p or p.startswith("min_")) else 365
        assert (lenient(p) == 0) if want == 0 else (lenient(p) >= want), p
