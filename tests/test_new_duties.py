"""Issue 8 item 7: duties of the Law's chapter 3 and of 49号令 that the catalogue lacked. Each is a
walk-through question (the records cannot show it): unanswered it is "cannot tell" with the
question, a "no" is not met, a "yes" is met; it does not apply where its flag is false. Real catalogue."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "engine"))
from firmkit import make_firm  # noqa: E402

AS_OF = dt.date(2026, 11, 27)
BENZENE = [{"post_id": "P1", "post": "调漆", "hazard": "苯"}]
WORKER = [{"worker_id": "A", "name": "工人A", "sex": "男", "birth_date": "1990-01-01", "hire_date": "2024-01-10",
           "post_id": "P1", "post_start": "2024-01-10", "contract_notice": True}]

# Each duty with the article it enforces (quoted) and the flag it needs.
DUTIES = {
    # 职业病防治法 第二十六条第二款: 检测、评价结果存入用人单位职业卫生档案，定期向所在地卫生行政部门报告并向劳动者公布。
    "MON-7": ("第26条第2款", "haz"),
    # 第二十九条第二款: 国内首次使用或者首次进口与职业病危害有关的化学材料，使用单位或者进口单位 … 应当向国务院卫生行政部门
    # 报送该化学材料的毒性鉴定以及经有关部门登记注册或者批准进口的文件等资料。
    "FAC-4": ("第29条第2款", "toxic"),
    # 第三十九条第二款: 因劳动者依法行使正当权利而降低其工资、福利等待遇或者解除、终止与其订立的劳动合同的，其行为无效。
    "ORG-6": ("第39条", "haz"),
    # 用人单位职业健康监护监督管理办法 (49号令) 第十条: 用人单位在委托职业健康检查机构 … 进行职业健康检查时，应当如实提供
    # 下列文件、资料：(一)用人单位的基本情况；(二)工作场所职业病危害因素种类及其接触人员名册；(三)职业病危害因素定期检测、评价结果。
    "EXAM-13": ("第10条", "exposed"),
}


def assess(path):
    from ohkit.engine import assess as _assess
    from ohkit.records import load_workspace

    return _assess(load_workspace(path, as_of=AS_OF), AS_OF)


@pytest.mark.parametrize("oid", list(DUTIES))
def test_new_duty_in_the_catalogue_with_its_article(oid):
    from ohkit.catalogue import load_catalogue

    ob = load_catalogue().obligation(oid)
    article, flag = DUTIES[oid]
    assert article in [b.article for b in ob.basis] and ob.confidence == "confirmed"
    assert ob.check.kind == "manual" and ob.question.zh.endswith("？") and ob.question.en.endswith("?")
    assert list(ob.applies.all) == [flag] and ob.advice.zh and ob.penalty is not None


@pytest.mark.parametrize("oid", list(DUTIES))
def test_new_duty_asked_then_decided_by_the_answer(tmp_path, oid):
    f = make_firm(tmp_path / "ask", posts=BENZENE, workers=WORKER)
    fd = assess(f).finding(oid)
    assert (fd.status, fd.msg.code) == ("unknown", "eng.manual.ask")
    no = make_firm(tmp_path / "no", posts=BENZENE, workers=WORKER, answers=f"{oid}: {{answer: 否, date: 2026-11-20}}\n")
    fd = assess(no).finding(oid)
    assert (fd.status, fd.answer) == ("manual", False)
    yes = make_firm(tmp_path / "yes", posts=BENZENE, workers=WORKER, answers=f"{oid}: 是\n")
    assert (assess(yes).finding(oid).status, assess(yes).finding(oid).answer) == ("manual", True)


def test_chemical_duty_does_not_apply_without_toxic_substances(tmp_path):
    f = make_firm(tmp_path, posts=[{"post_id": "P1", "post": "冲压", "hazard": "噪声", "level": "88"}], workers=WORKER)
    a = assess(f)
    assert a.finding("FAC-4").status == "not_applicable"
    assert a.finding("MON-7").status == "unknown" and a.finding("ORG-6").status == "unknown"


def test_reporting_moved_out_of_mon4():
    from ohkit.catalogue import load_catalogue

    cat = load_catalogue()
    assert "报告" not in cat.obligation("MON-4").title.zh and "MON-7" in cat.obligation("MON-4").duty.zh
    assert cat.obligation("MON-7").title.zh == "检测评价结果报告卫生健康部门"
