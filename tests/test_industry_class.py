"""Issue 8 item 1: the firm's industry code suggests 严重/一般 from the 2021 建设项目职业病危害风险分类管理目录
(国卫办职健发〔2021〕5号, 291 industries); the class the firm records wins, a mismatch is a validation
warning, and a class that is not recorded is taken from the industry and marked as such."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "engine"))
from firmkit import make_firm  # noqa: E402

from ohkit.catalogue.industry import load_industries, suggest_class  # noqa: E402

AS_OF = dt.date(2026, 11, 27)
STONE = [{"post_id": "P1", "post": "切割", "hazard": "矽尘"}]


def load(path):
    from ohkit.engine import assess
    from ohkit.records import load_workspace

    ws = load_workspace(path, as_of=AS_OF)
    return ws, assess(ws, AS_OF)


def test_the_catalogue_has_291_industries_146_serious():
    rows = load_industries().industries
    assert len(rows) == 291 and sum(r.cls == "serious" for r in rows) == 146
    assert [(r.code, r.cls, r.star) for r in rows if r.code == "C211"] == [("C211", "serious", True)]


@pytest.mark.parametrize("text,want", [
    ("C3032 建筑用石加工", ("serious", "C303")),      # 小类 code → the catalogue's 中类 row
    ("3032", ("serious", "C303")),                  # digits alone
    ("Q8411 综合医院", ("general", "Q841")),
    ("M7484 工程设计活动", None),                     # not listed: no suggestion
    ("A0311 牛的饲养", ("serious", "A031")),          # two rows (牛、羊 / 其他): the name decides
    ("A0311", (None, "A031")),                      # … and without it the class stays open
    ("木质家具制造", ("serious", "C211")),             # by name
])
def test_suggest_class_by_code_or_name(text, want):
    s = suggest_class(text)
    assert (None if s is None else (s.cls, s.code)) == want


def test_star_note_decided_by_the_posts():
    # 目录 注：*不使用含苯、正己烷、1,2二氯乙烷、三氯甲烷等物质的胶黏剂、清洗剂、油墨、油漆时，按职业病危害一般进行管理。
    assert suggest_class("C2110", ["wood_dust", "noise"]).cls == "general"
    assert suggest_class("C2110", ["wood_dust", "benzene"]).cls == "serious"
    assert suggest_class("C2110").cls == "serious"   # posts not known: the catalogue's class


def test_missing_class_is_taken_from_the_industry_and_marked(tmp_path):
    # 工作场所职业卫生管理规定 第二十条: 职业病危害严重的用人单位 … 每年至少进行一次职业病危害因素检测
    f = make_firm(tmp_path, profile={"hazard_class": None, "industry": "C3032 建筑用石加工"}, posts=STONE)
    ws, a = load(f)
    assert a.flags["serious"] is True
    assert a.hazard_class == {"value": "serious", "source": "industry",
                              "industry": {"code": "C303", "name": "砖瓦、石材等建筑材料制造", "class": "serious",
                                           "star": False, "star_decided": False, "source": "N1"}}
    assert "hazard_class:serious:C303:砖瓦、石材等建筑材料制造" in a.finding("MON-2").unconfirmed
    assert not [p for p in ws.problems if p.code == "rec.hazard_class_mismatch"]


def test_recorded_class_wins_and_a_mismatch_warns(tmp_path):
    f = make_firm(tmp_path, profile={"hazard_class": "general", "industry": "C3032 建筑用石加工"}, posts=STONE)
    ws, a = load(f)
    assert a.flags["serious"] is False and a.hazard_class["source"] == "enterprise"
    w = [p for p in ws.problems if p.code == "rec.hazard_class_mismatch"]
    assert [(p.severity, str(p.loc), p.msg.params["code"]) for p in w] == [("warning", "enterprise.yaml:hazard_class", "C303")]
    from ohkit.i18n import translator
    assert "2021年《建设项目职业病危害风险分类管理目录》把行业 C303" in translator("zh").msg(w[0].msg)
    g = make_firm(tmp_path / "same", profile={"hazard_class": "serious", "industry": "C3032"}, posts=STONE)
    assert not [p for p in load(g)[0].problems if p.code == "rec.hazard_class_mismatch"]


def test_report_and_terminal_say_where_the_class_came_from(tmp_path):
    from click.testing import CliRunner

    from ohkit.cli import cli
    from ohkit.render.report import render_report_html

    f = make_firm(tmp_path / "firm", profile={"hazard_class": None, "industry": "C3032 建筑用石加工"}, posts=STONE)
    html = render_report_html(load(f)[1], "zh")
    assert "按行业代码 C303 砖瓦、石材等建筑材料制造 从2021年风险分类目录推定" in html
    r = CliRunner().invoke(cli, ["assess", str(f), "--as-of", "2026-11-27", "--no-input"])
    assert "危害类别“职业病危害严重”是按行业代码 C303" in r.stdout


def test_industry_classes_are_part_of_the_ruleset_fingerprint():
    import dataclasses

    from ohkit.catalogue import load_catalogue
    from ohkit.catalogue.industry import Industry

    cat = load_catalogue()
    rows = list(cat.industries.industries)
    rows[0] = Industry(rows[0].code, rows[0].name, "serious" if rows[0].cls == "general" else "general")
    other = dataclasses.replace(cat, industries=dataclasses.replace(cat.industries, industries=tuple(rows)))
    assert other.fingerprint() != cat.fingerprint()
