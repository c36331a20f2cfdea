"""`ohkit declare`: the 职业病危害项目申报表 prefilled from the records.

Fixture firm 焊装厂 on 2026-03-30 (written-down expectations):

* posts: P1 打磨 (打磨车间): 噪声, 锰及其化合物; P2 焊接 (workplace typed as the formula-like text
  “=SUM(A1)车间”): 电焊烟尘, 噪声, 紫外辐射; P3 试验 (no workplace): 某新材料 (not in the catalogue).
* workers: W1 on P1 and P2, W2 on P1, W3 on P2 and P3, W4 on P1 but left on 2025-10-31.
  By hand: 噪声 W1 W2 W3 = 3 (W1 counted once although on two posts with noise; W4 gone);
  锰 W1 W2 = 2; 电焊烟尘 W1 W3 = 2; 紫外辐射 W1 W3 = 2; 某新材料 W3 = 1.
  Categories: 粉尘 2 (W1 W3), 化学因素 2 (W1 W2), 物理因素 3 (W1 W2 W3), others 无/0; total 3.
  Workplaces: 打磨车间 噪声 2, 锰 2, unique 2 (W1 W2); =SUM(A1)车间 电焊烟尘 2, 噪声 2, 紫外 2, unique 2.
* monitoring: report JC-2026-03 of 2026-03-01, 3 points, 1 over the limit (P2 电焊烟尘 判定 不合格).
* exams in the 12 months to 2026-03-30: W1 periodic 2026-01-10 职业禁忌证, W2 periodic 2026-01-10
  疑似职业病, W3 periodic 2026-01-12 目前未见异常 → 3 exams, 1 contraindication, 1 suspected.
  应检 4 / 实检 3 (the exam rate's count, noise 86–87 dB(A) yearly by GBZ 188): W1–W3 never examined
  before, so due a year after starting (2025-01-01), examined in January 2026; W4's exam fell due
  2025-01-05 (a year after the pre-employment exam) while still employed, and was not done by leaving.
* declarations: first declaration 2025-12-01. documents: 负责人变更 2026-02-01 (not declared →
  overdue since 2026-02-16, 48号令 第8条第3项); 工艺变更 2026-03-20 “新增激光切割” (due by
  2026-04-04, 第8条第2项); the testing report of 2026-03-01 came after the declaration (第8条第4项,
  check); annual update window opens 2026-11-01.
* enterprise.yaml: principal written with an ID-card number (must be masked everywhere).
"""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from ohkit.cli import cli

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "engine"))
from firmkit import make_firm  # noqa: E402

D = dt.date
AS_OF = "2026-03-30"
RAW_ID = "440106199001011234"
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture()
def firm(tmp_path):
    posts = [
        {"post_id": "P1", "post": "打磨", "workplace": "打磨车间", "hazard": "噪声", "exposed": 2, "level": "86"},
        {"post_id": "P1", "post": "打磨", "workplace": "打磨车间", "hazard": "锰及其化合物", "exposed": 2},
        {"post_id": "P2", "post": "焊接", "workplace": "=SUM(A1)车间", "hazard": "电焊烟尘", "exposed": 2},
        {"post_id": "P2", "post": "焊接", "workplace": "=SUM(A1)车间", "hazard": "噪声", "exposed": 2, "level": "87"},
        {"post_id": "P2", "post": "焊接", "workplace": "=SUM(A1)车间", "hazard": "紫外辐射", "exposed": 2},
        {"post_id": "P3", "post": "试验", "hazard": "某新材料", "exposed": 1},
    ]
    w = lambda wid, name, posts, leave=None: {"worker_id": wid, "name": name, "hire_date": D(2024, 1, 1),  # noqa: E731
                                              "post_id": posts, "leave_date": leave, "sex": "男",
                                              "birth_date": D(1990, 1, 1), "contract_notice": D(2024, 1, 1)}
    workers = [w("W1", "赵一", "P1、P2"), w("W2", "钱二", "P1"), w("W3", "孙三", "P2、P3"),
               w("W4", "李四", "P1", D(2025, 10, 31))]
    exams = [{"worker_id": "W1", "date": D(2026, 1, 10), "type": "在岗期间", "conclusion": "职业禁忌证"},
             {"worker_id": "W2", "date": D(2026, 1, 10), "type": "在岗期间", "conclusion": "疑似职业病"},
             {"worker_id": "W3", "date": D(2026, 1, 12), "type": "在岗期间", "conclusion": "目前未见异常"},
             {"worker_id": "W4", "date": D(2024, 1, 5), "type": "上岗前", "conclusion": "目前未见异常"}]
    monitoring = [
        {"report_no": "JC-2026-03", "date": D(2026, 3, 1), "agency": "某检测公司", "kind": "定期检测", "post_id": "P1",
         "hazard": "噪声", "value": "84", "unit": "dB(A)", "limit": "85", "verdict": "合格"},
        {"report_no": "JC-2026-03", "date": D(2026, 3, 1), "agency": "某检测公司", "kind": "定期检测", "post_id": "P2",
         "hazard": "电焊烟尘", "value": "6.2", "unit": "mg/m³", "limit": "4", "verdict": "不合格"},
        {"report_no": "JC-2026-03", "date": D(2026, 3, 1), "agency": "某检测公司", "kind": "定期检测", "post_id": "P1",
         "hazard": "锰及其化合物", "value": "0.05", "unit": "mg/m³", "limit": "0.15", "verdict": "合格"},
    ]
    decl = [{"date": D(2025, 12, 1), "kind": "首次", "receipt_no": "SB-001"}]
    docs = [{"kind": "负责人变更", "title": "总经理由王总改为周总", "date": D(2026, 2, 1)},
            {"kind": "工艺变更", "title": "新增激光切割", "date": D(2026, 3, 20)}]
    return make_firm(tmp_path / "焊装厂", profile={"name": "焊装厂", "principal": f"周总 {RAW_ID}",
                                                   "credit_code": "91445302MA52XL8D2J", "size": "小型",
                                                   "contact_phone": "020-1234 5678", "headcount": 12,
                                                   "insurance": {"insured": 12, "as_of": "2026-01-01"}},
                     posts=posts, workers=workers, exams=exams, monitoring=monitoring, declarations=decl,
                     documents=docs)


def _declare(firm, out, *extra):
    r = CliRunner().invoke(cli, ["declare", str(firm), "--as-of", AS_OF, "-O", str(out), *extra])
    return r


def _json(firm, out, *extra):
    r = _declare(firm, out, "-o", "json", *extra)
    assert r.exit_code == 1, r.output
    return json.loads(r.stdout)


def _rows(d, section):
    return {r["key"]: r for s in d["sections"] if s["id"] == section for r in s["rows"]}


def _factor_rows(d, section):
    return [r for s in d["sections"] if s["id"] == section for r in s["rows"] if r["key"].startswith("factor.")]


def test_headcounts_per_factor_and_category_match_the_hand_count(firm, tmp_path):
    d = _json(firm, tmp_path / "o")
    hz = _rows(d, "hazards")
    cats = {k.split(".")[1]: (r["value"]["present"], r["value"]["exposed"]) for k, r in hz.items()
            if k.startswith("category.")}
    assert cats == {"dust": (True, 2), "chemical": (True, 2), "physical": (True, 3), "radiation": (False, 0),
                    "biological": (False, 0), "other": (False, 0)}
    factors = {r["hazard_id"] if "hazard_id" in r else r["key"]: r["value"] for r in _factor_rows(d, "hazards")}
    assert factors == {"factor.welding_fume": 2, "factor.manganese": 2, "factor.noise": 3, "factor.uv_radiation": 2,
                       "factor.某新材料": 1}
    assert hz["basic.exposed_total"]["value"] == 3
    dist = _factor_rows(d, "distribution")
    assert [(r["cells"][0], r["cells"][2], r["cells"][3], r["cells"][4]) for r in dist] == [
        ("打磨车间", "噪声", "2", "2"), ("", "锰及其无机化合物", "2", ""),
        ("=SUM(A1)车间", "电焊烟尘", "2", "2"), ("", "噪声", "2", ""), ("", "紫外辐射", "2", ""),
        ("", "某新材料", "1", "1")]
    total = next(s for s in d["sections"] if s["id"] == "distribution")["rows"][-1]
    assert total["value"] == {"may_repeat": 11, "each_once": 3}  # 2+2 + 2+2+2 + 1; W1 W2 W3


def test_each_value_names_its_records(firm, tmp_path):
    d = _json(firm, tmp_path / "o")
    basic = _rows(d, "basic")
    assert basic["basic.name"]["value"] == "焊装厂"
    assert basic["basic.name"]["source_list"] == ["enterprise.yaml:name"]
    assert basic["basic.size"]["value"] == "small" and basic["basic.size"]["cells"][1] == "小"
    assert basic["basic.workers_total"]["value"] == 12
    noise = next(r for r in _factor_rows(d, "hazards") if r["key"] == "factor.noise")
    # the roster rows of W1, W2, W3 (rows 2, 3, 4; W4 in row 5 has left) and the two noise rows of posts
    assert noise["source_list"] == ["workers.csv:2:F", "workers.csv:3:F", "workers.csv:4:F", "posts.csv:2:D",
                                    "posts.csv:5:D"]
    assert noise["sources"] == "workers.csv 第2–4行; posts.csv 第2、5行"
    assert "每人只计一次" in noise["note"]
    # "无" rests on the whole posts table, not on one of its rows
    assert _rows(d, "hazards")["category.radiation"]["source_list"] == ["posts.csv"]
    assert _rows(d, "hazards")["category.radiation"]["sources"] == "posts.csv"
    det = _rows(d, "detection")
    assert (det["detection.points"]["value"], det["detection.over"]["value"]) == (3, 1)
    assert det["detection.report_no"]["value"] == "JC-2026-03"
    assert det["detection.over"]["source_list"] == ["monitoring.csv:3:J"]
    ex = _rows(d, "exams")
    assert (ex["exams.exams"]["value"], ex["exams.contraindication"]["value"], ex["exams.suspected"]["value"]) == (3, 1, 1)
    assert ex["exams.contraindication"]["source_list"] == ["exams.csv:2:D"]
    assert ex["exams.suspected"]["source_list"] == ["exams.csv:3:D"]
    # 应检 / 实检 as the exam rate counts them (rates.yaml exam_periodic; it was always blank before)
    assert (ex["exams.due"]["value"], ex["exams.done"]["value"]) == (4, 3)


def test_blanks_are_left_blank_and_listed_never_guessed(firm, tmp_path):
    d = _json(firm, tmp_path / "o")
    basic = _rows(d, "basic")
    for key in ("basic.registered_address", "basic.legal_rep", "basic.registration_type", "basic.od_cumulative"):
        assert basic[key]["value"] is None and basic[key]["blank"], key
    keys = [m["key"] for m in d["missing"]]
    assert keys[:5] == ["basic.registered_address", "basic.workplace_address", "basic.industry",
                        "basic.registration_type", "basic.legal_rep"]  # enterprise.yaml has no industry
    assert "hazards.category:某新材料" in keys and "workplace.name:试验" in keys and "people.filler" in keys
    assert d["missing_text"].startswith("请补充：单位注册地址、工作场所地址、行业分类、注册类型、法定代表人")
    assert "危害因素“某新材料”的类别" in d["missing_text"]


def test_due_now_with_the_48_deadlines(firm, tmp_path):
    d = _json(firm, tmp_path / "o")
    assert d["due_now"] is True
    rs = [(r["kind"], r["status"], r["basis"], r["event_date"], r["deadline"]) for r in d["reasons"]]
    assert ("firm", "overdue", "第8条第3项", "2026-02-01", "2026-02-16") in rs
    assert ("hazards", "due", "第8条第2项", "2026-03-20", "2026-04-04") in rs
    assert ("detection", "check", "第8条第4项", "2026-03-01", "2026-03-16") in rs
    assert ("annual", "upcoming", "system", "2025-12-01", "2027-01-01") in rs
    basic = _rows(d, "basic")
    assert basic["basic.decl_type"]["value"] == "change" and basic["basic.decl_type"]["cells"][1] == "变更申报"
    assert basic["basic.change_reason"]["value"] == "总经理由王总改为周总；新增激光切割"
    msgs = {r["kind"]: r["message"] for r in d["reasons"]}
    assert "2026-04-04 前办理变更申报（48号令第8条第2项）" in msgs["hazards"]


def test_id_numbers_masked_in_every_output(firm, tmp_path):
    out = tmp_path / "o"
    d = _json(firm, out)
    text = json.dumps(d, ensure_ascii=False)
    assert RAW_ID not in text and "周总 440106" in text
    html = (out / f"ohkit-{AS_OF}-declaration.html").read_text(encoding="utf-8")
    assert RAW_ID not in html and "周总 440106" in html
    from openpyxl import load_workbook

    wb = load_workbook(out / f"ohkit-{AS_OF}-declaration.xlsx")
    cells = [str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
    assert not any(RAW_ID in c for c in cells)


def test_xlsx_one_sheet_per_section_and_user_text_never_a_formula(firm, tmp_path):
    out = tmp_path / "o"
    _json(firm, out)
    from openpyxl import load_workbook

    wb = load_workbook(out / f"ohkit-{AS_OF}-declaration.xlsx")
    assert wb.sheetnames == ["一、用人单位基本情况", "二、职业病危害因素种类", "三、职业病危害因素分布情况",
                             "四、最近一次职业病危害因素检测情况", "五、职业健康监护情况", "六、负责人及联系人",
                             "现在是否需要申报", "请补充"]
    ws = wb["三、职业病危害因素分布情况"]
    cells = [c for row in ws.iter_rows() for c in row if c.value == "=SUM(A1)车间"]
    assert cells and all(c.data_type == "s" for c in cells)
    assert not any(c.data_type == "f" for s in wb for row in s.iter_rows() for c in row)
    basic = {r[0].value: r[1].value for r in wb["一、用人单位基本情况"].iter_rows(min_row=3) if r[0].value}
    assert basic["单位名称"] == "焊装厂" and basic["单位注册地址"] == "（请补充）"


@pytest.mark.slow
def test_pdf_is_a4_and_reads_like_the_form(firm, tmp_path):
    import shutil
    import subprocess

    out = tmp_path / "o"
    _json(firm, out)
    pdf = out / f"ohkit-{AS_OF}-declaration.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdfinfo") is None:
        pytest.skip("poppler-utils not installed")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "595.276 x 841.89 pts (A4)" in info
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    text = text.replace(" ", "")
    for s in ("职业病危害项目申报表", "一、用人单位基本情况", "三、职业病危害因素分布情况", "检测点数", "请补充："):
        assert s in text, s


def test_english_and_exit_codes(firm, tmp_path):
    d = _json(firm, tmp_path / "o", "--lang", "en")
    assert d["sections"][0]["title"] == "1. Basic facts of the employer"
    assert d["missing_text"].startswith("To fill in: Registered address; Workplace address")
    assert d["due_text"] == "A declaration is due now: see why and by when below."
    assert (tmp_path / "o" / f"ohkit-{AS_OF}-en-declaration.xlsx").is_file()
    msgs = {r["kind"]: r["message"] for r in d["reasons"]}
    assert msgs["firm"].endswith("file it now (Decree 48 Art. 8(3)).")
    # no hazards (the bundled office) → nothing to declare, exit 0
    office = CliRunner().invoke(cli, ["declare", str(REPO / "examples" / "office"), "--as-of", "2026-11-27",
                                      "-O", str(tmp_path / "office")])
    assert office.exit_code == 0, office.output
    assert "现在不需要申报" in office.output and "无需申报（48号令第2条）" in office.output
    # no declarations table → cannot tell, exit 1
    bare = make_firm(tmp_path / "bare", posts=[{"post_id": "P1", "post": "打磨", "workplace": "车间", "hazard": "噪声",
                                                 "exposed": 1}])
    r = CliRunner().invoke(cli, ["declare", str(bare), "--as-of", AS_OF, "-O", str(tmp_path / "b"), "-o", "json"])
    assert r.exit_code == 1
    b = json.loads(r.stdout)
    assert b["due_now"] is None and b["reasons"][0]["status"] == "unknown"
    # without a roster a factor on one post takes posts.exposed; nothing is summed across posts
    noise = next(r for r in _factor_rows(b, "hazards") if r["key"] == "factor.noise")
    assert noise["value"] == 1 and noise["source_list"] == ["posts.csv:2:E"]
    missing = CliRunner().invoke(cli, ["declare", str(tmp_path / "nope"), "-O", str(tmp_path / "x")])
    assert missing.exit_code == 2


def test_bundled_examples_match_the_hand_count(tmp_path):
    """furniture on 2026-11-27, counted by hand from records.xlsx (岗位危害, 劳动者名册; 欧阳明 HY032
    left 2026-06-30, 邹建平 HY035 left 2026-03-31, 罗小梅 HY039 left 2024-11-15): 开料 5, 砂光 5,
    数控雕刻 3 (木粉尘 and 噪声 each 13), 喷漆 6 + 调漆 2 (苯, 甲苯, 二甲苯 each 8); nobody on two posts
    → total 21. stone on 2026-11-27 (workers.csv): 切割 4, 磨光 4, 修边雕刻 3 → 矽尘 11, 噪声 11, total 11."""
    from ohkit.engine.declaration import declaration_form
    from ohkit.records import load_workspace

    day = D(2026, 11, 27)
    f = declaration_form(load_workspace(REPO / "examples" / "furniture", as_of=day), day)
    cats = {c.category: c.exposed.value for c in f.categories}
    assert cats == {"dust": 13, "chemical": 8, "physical": 13, "radiation": 0, "biological": 0, "other": 0}
    assert {x.hazard_id: x.exposed.value for c in f.categories for x in c.factors} == {
        "wood_dust": 13, "benzene": 8, "toluene": 8, "xylene": 8, "noise": 13}
    assert f.exposed_total.value == 21
    assert [(w.workplace.value, w.exposed_unique.value) for w in f.workplaces] == [
        ("开料车间", 5), ("砂光车间", 5), ("机加工车间", 3), ("喷漆房（1号、2号）", 6), ("调漆间", 2)]
    s = declaration_form(load_workspace(REPO / "examples" / "stone", as_of=day), day)
    assert {x.hazard_id: x.exposed.value for c in s.categories for x in c.factors} == {"silica_dust": 11, "noise": 11}
    assert s.exposed_total.value == 11
    assert (s.detection.points.value, s.detection.over.value) == (6, 2)


def test_nothing_declared_and_no_posts_yet_cannot_tell(tmp_path):
    """A fresh firm folder: no posts table yet (hazards unknown) and the declarations table
    has no row: the form cannot say a declaration is due, it says to fill in the posts first."""
    f = make_firm(tmp_path / "新厂", profile={"hazard_class": None}, declarations=[])
    r = CliRunner().invoke(cli, ["declare", str(f), "--as-of", AS_OF, "-O", str(tmp_path / "o"), "-o", "json"])
    assert r.exit_code == 1, r.output
    d = json.loads(r.stdout)
    assert d["due_now"] is None
    assert [(x["kind"], x["status"]) for x in d["reasons"]] == [("initial", "unknown_hazards")]
    assert "请填写岗位危害表" in d["reasons"][0]["message"]
    assert "各岗位的危害因素（岗位危害表）" in d["missing_text"]


def test_unreadable_records_refused_or_marked_incomplete(firm, tmp_path):
    """posts.csv without its 危害因素 column cannot be read: declare writes nothing (exit 2); with
    --partial it writes the form marked incomplete, naming the file."""
    (firm / "posts.csv").write_text("岗位编号,岗位名称\nP1,打磨\n", encoding="utf-8")
    out = tmp_path / "o"
    r = _declare(firm, out)
    assert r.exit_code == 2 and not out.exists()
    assert "posts.csv" in r.output and "--partial" in r.output
    r = _declare(firm, out, "--partial", "-o", "json")
    assert r.exit_code == 1
    d = json.loads(r.stdout)
    assert d["complete"] is False and d["unread"][0]["file"] == "posts.csv"
    from openpyxl import load_workbook

    ws = load_workbook(out / f"ohkit-{AS_OF}-declaration.xlsx").worksheets[0]
    assert ws.cell(2, 1).value.startswith("不完整") and "posts.csv" in ws.cell(2, 1).value
