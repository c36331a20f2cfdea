"""`ohkit portfolio DIR` for hosted support services: the bundled examples as a portfolio
(furniture and stone need action, office does not), unreadable firms as rows, exit codes,
JSON equal to the library, spreadsheets, and nothing written into a firm folder.

Expected for the bundled examples on 2026-11-27 (see examples/*/EXPECTED.md):
  furniture: needs action, 5 overdue items (oldest: 唐小军 HY022 TRAIN-2 2026-03-15),
             annual declaration overdue (DECL-4, 2026-07-17), 20/21 contract notices.
  stone:     needs action, 1 overdue item (periodic testing MON-2, 2026-08-12), testing 0/6.
  office:    nothing not met (its walk-through answers settle the 7 duties records cannot show),
             no due items: no action, grade 合格.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import shutil

import pytest
from click.testing import CliRunner

from ohkit.cli import cli
from ohkit.engine.portfolio import find_firms, portfolio
from ohkit.i18n import translator
from ohkit.paths import examples_dir
from ohkit.render.portfolio import portfolio_to_dict, render_text

AS_OF = dt.date(2026, 11, 27)
FURNITURE = "佛山市顺德区华艺家具有限公司"
STONE = "云浮市鑫磊石材有限公司"
OFFICE = "广州天悦建筑设计咨询有限公司"


def run(*args):
    return CliRunner().invoke(cli, ["portfolio", *map(str, args)])


def _hashes(root):
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def clients(tmp_path):
    """A service provider's folder: two firms, one in a district folder, one broken, one note folder."""
    root = tmp_path / "clients"
    root.mkdir()
    shutil.copytree(examples_dir() / "stone", root / "stone")
    shutil.copytree(examples_dir() / "office", root / "南海区" / "office")
    (root / "broken").mkdir()
    (root / "broken" / "enterprise.yaml").write_text("name: [unclosed\n  bad: : :\n", encoding="utf-8")
    (root / "notes").mkdir()  # no enterprise.yaml and no records: not a firm
    (root / "notes" / "readme.txt").write_text("visit plan", encoding="utf-8")
    return root


# --- the bundled examples as a portfolio ----------------------------------------------------


def test_examples_sorted_by_urgency_with_rates_and_firms_below_target():
    r = run(examples_dir(), "--as-of", AS_OF, "-o", "json", "--lang", "en")
    assert r.exit_code == 1, r.output  # furniture and stone need action
    d = json.loads(r.stdout)
    assert [f["folder"] for f in d["firms"]] == ["furniture", "stone", "office"]
    assert d["summary"] == {"firms": 3, "needs_action": 2, "unreadable": 0, "overdue": 7}
    fur, stone, office = d["firms"]
    assert (fur["name"], fur["needs_action"], fur["grade"]["level"]) == (FURNITURE, True, "fail")
    assert fur["overdue"] == 6 and fur["oldest_overdue"] == "2026-03-15" and fur["next_due"] == "2027-01-07"
    assert fur["record_errors"] == 0 and fur["counts"]["not_met"] == 12  # DECL-4, TRAIN-2: rule unconfirmed
    assert (stone["needs_action"], stone["overdue"], stone["oldest_overdue"]) == (True, 1, "2026-08-12")
    assert office["needs_action"] is False
    assert office["counts"] == {"met": 9, "not_met": 0, "unknown": 0, "not_applicable": 73}
    assert office["grade"]["level"] == "pass"
    assert office["overdue"] == 0 and office["next_due"] is None

    m = {x["id"]: x for x in d["metrics"]}
    # 申报率 counts firms that have declared (furniture's late yearly update is a Tianjin rule, not
    # a failure to declare); 检测率 counts firms whose periodic test is current for their class
    assert (m["declaration"]["numerator"], m["declaration"]["denominator"]) == (2, 2)
    assert not m["declaration"]["below_target"] and m["declaration"]["target"] == 0.9
    assert (m["detection"]["numerator"], m["detection"]["denominator"]) == (1, 2)
    assert [f["folder"] for f in m["detection"]["firms_below"]] == ["stone"]
    assert (m["testing_coverage"]["numerator"], m["testing_coverage"]["denominator"]) == (12, 18)
    assert [f["name"] for f in m["testing_coverage"]["firms_below"]] == [STONE]
    assert [f["folder"] for f in m["contract_notice"]["firms_below"]] == ["furniture"]
    assert (m["exam_periodic"]["numerator"], m["exam_periodic"]["denominator"]) == (29, 30)
    assert not m["exam_periodic"]["below_target"] and m["exam_periodic"]["firms_below"] == []
    assert "training_principal" in m and m["training_principal"]["firms"] == 2  # not the office: no hazards
    assert m["insurance_coverage"]["firms"] == 3  # the office reports only this rate

    first = d["overdue"][0]
    assert (first["firm"], first["obligation_id"], first["date"], first["worker"]) == \
        (FURNITURE, "TRAIN-2", "2026-03-15", "唐小军 (HY022)")  # --lang en: English brackets
    assert {(o["folder"], o["obligation_id"], o["date"]) for o in d["overdue"]} >= {
        ("furniture", "DECL-4", "2026-07-17"), ("stone", "MON-2", "2026-08-12"), ("furniture", "EXAM-2", "2026-09-16")}


def test_text_one_line_per_firm_in_chinese_by_default():
    r = run(examples_dir(), "--as-of", AS_OF)
    assert r.exit_code == 1
    lines = r.stdout.splitlines()
    assert lines[0] == "委托企业 3 家（评估日期 2026-11-27）：2 家需要处理，0 家无法读取。"
    firm_lines = [ln for ln in lines if ln[:2] in ("1.", "2.", "3.")]
    assert [FURNITURE in firm_lines[0], STONE in firm_lines[1], OFFICE in firm_lines[2]] == [True] * 3
    assert firm_lines[0].startswith("1. ! ") and firm_lines[2].startswith("3.   ")  # ! marks need of action
    assert "逾期 6 项（最早 2026-03-15）" in firm_lines[0] and "下一到期 2027-01-07" in firm_lines[0]
    assert "无逾期" in firm_lines[2]
    assert "职业病危害项目申报率：100.0%（2/2，2 家企业），目标 90.0%" in r.stdout
    assert "工作场所职业病危害因素定期检测率：50.0%（1/2，2 家企业），目标 80.0%" in r.stdout
    assert f"未达标：{STONE}" in r.stdout


def test_english_text():
    r = run(examples_dir(), "--as-of", AS_OF, "--lang", "en")
    assert r.exit_code == 1
    assert "3 client firm(s) on 2026-11-27: 2 need action, 0 could not be read." in r.stdout
    assert "overdue 6 (oldest 2026-03-15)" in r.stdout
    assert "Testing coverage of posts and hazards: 66.7% (12/18 in 2 firm(s)), target 100.0%" in r.stdout
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in r.stdout.replace(FURNITURE, "").replace(STONE, "")
                   .replace(OFFICE, "").replace("唐小军", ""))


def test_json_equals_the_library_result():
    r = run(examples_dir(), "--as-of", AS_OF, "-o", "json", "--lang", "en")
    lib = portfolio_to_dict(portfolio(examples_dir(), AS_OF), translator("en"))
    assert json.loads(r.stdout) == json.loads(json.dumps(lib, ensure_ascii=False))


def test_no_dir_uses_the_bundled_examples_and_says_so_on_stderr():
    r = run("--as-of", AS_OF, "-o", "json")
    assert r.exit_code == 1
    assert "内置示例" in r.stderr
    assert [f["folder"] for f in json.loads(r.stdout)["firms"]] == ["furniture", "stone", "office"]


# --- a service provider's own folder ----------------------------------------------------------


def test_broken_firm_is_a_row_with_the_reason_and_the_run_goes_on(clients):
    r = run(clients, "--as-of", AS_OF, "-o", "json", "--lang", "en")
    assert r.exit_code == 1, r.output  # not 2: the other firms were assessed
    d = json.loads(r.stdout)
    assert [f["folder"] for f in d["firms"]] == ["broken", "stone", "南海区/office"]
    broken = d["firms"][0]
    assert broken["readable"] is False and broken["needs_action"] is True and broken["grade"] is None
    assert broken["reason"]["code"] == "rec.yaml_error" and broken["reason"]["location"] == "enterprise.yaml:2"
    assert "The YAML file cannot be read" in broken["reason"]["message"]
    assert d["summary"]["unreadable"] == 1
    # the broken firm counts in no rate; the district firm is found two levels deep
    assert {x["id"]: x["firms"] for x in d["metrics"]}["insurance_coverage"] == 2
    office = d["firms"][2]
    assert office["group"] == "南海区" and office["name"] == OFFICE

    t = run(clients, "--as-of", AS_OF)
    assert t.exit_code == 1
    line = next(ln for ln in t.stdout.splitlines() if "(broken)" in ln)
    assert "无法读取" in line and "enterprise.yaml:2" in line


def test_a_sub_folder_of_records_without_enterprise_yaml_is_a_row(tmp_path):
    root = tmp_path / "c"
    shutil.copytree(examples_dir() / "office", root / "office")
    (root / "newclient").mkdir()
    (root / "newclient" / "workers.csv").write_text("姓名\n张三\n", encoding="utf-8")
    d = json.loads(run(root, "--as-of", AS_OF, "-o", "json", "--lang", "en").stdout)
    assert d["firms"][0]["folder"] == "newclient" and d["firms"][0]["reason"]["code"] == "rec.enterprise_missing"


def test_only_firms_in_order_exit_0(tmp_path):
    root = tmp_path / "c"
    shutil.copytree(examples_dir() / "office", root / "office")
    r = run(root, "--as-of", AS_OF, "--lang", "en")
    assert r.exit_code == 0, r.output
    assert "No firm needs action." in r.stdout


def test_find_firms_one_level_and_grouped(clients):
    found = [(f.rel, f.group) for f in find_firms(clients)]
    assert found == [("broken", None), ("stone", None), ("南海区/office", "南海区")]


@pytest.mark.parametrize("case", ["empty", "missing", "firm_itself"])
def test_cannot_run_exits_2(tmp_path, case):
    target = {"empty": tmp_path, "missing": tmp_path / "nope", "firm_itself": examples_dir() / "office"}[case]
    r = run(target, "--as-of", AS_OF, "--lang", "en")
    assert r.exit_code == 2
    assert r.stdout == ""
    want = {"empty": "No firm folders in", "missing": "does not exist", "firm_itself": "is a firm folder"}[case]
    assert want in r.stderr
    assert "Traceback" not in r.output


# --- files -------------------------------------------------------------------------------------


def test_spreadsheets_have_the_rows_and_nothing_is_written_into_firm_folders(clients, tmp_path):
    from openpyxl import load_workbook

    before = _hashes(clients)
    out = tmp_path / "out"
    r = run(clients, "--as-of", AS_OF, "-O", out, "--lang", "en")
    assert r.exit_code == 1
    assert _hashes(clients) == before
    assert sorted(p.name for p in out.iterdir()) == ["firms", "portfolio-2026-11-27-en.csv", "portfolio-2026-11-27-en.html",
                                                     "portfolio-2026-11-27-en.xlsx"]

    wb = load_workbook(out / "portfolio-2026-11-27-en.xlsx")
    assert wb.sheetnames == ["Firms", "Overdue items", "Rates"]
    firms = list(wb["Firms"].iter_rows(values_only=True))
    assert firms[0][:4] == ("No.", "Group", "Firm", "Folder")
    assert [row[3] for row in firms[1:]] == ["broken", "stone", "南海区/office"]
    assert firms[2][2] == STONE and firms[2][4] == "yes" and firms[2][11] == 1  # one overdue item
    assert "enterprise.yaml:2" in firms[1][14]
    overdue = list(wb["Overdue items"].iter_rows(values_only=True))
    assert overdue[1][1:7] == (STONE, "stone", "Workplace monitoring", dt.datetime(2026, 8, 12), 107, "MON-2")
    assert wb["Overdue items"].cell(2, 5).number_format == "yyyy-mm-dd"  # a date cell, not text
    assert wb["Firms"].cell(3, 13).value == dt.datetime(2026, 8, 12)  # oldest overdue date, typed
    rates = {row[0]: row for row in wb["Rates"].iter_rows(values_only=True)}
    assert rates["Testing coverage of posts and hazards"][1:4] == (0, 6, 0)
    assert rates["Testing coverage of posts and hazards"][5] == STONE
    rate_row = next(r for r in wb["Rates"].iter_rows() if r[0].value == "Testing coverage of posts and hazards")
    assert isinstance(rate_row[4].value, (int, float)) and rate_row[3].number_format == rate_row[4].number_format == "0.0%"

    rows = list(csv.reader(io.StringIO((out / "portfolio-2026-11-27-en.csv").read_bytes().decode("utf-8-sig"))))
    assert [row[3] for row in rows[1:]] == ["broken", "stone", "南海区/office"]


def test_outputs_kept_in_the_portfolio_folder_are_not_taken_for_a_firm(clients):
    out = clients / "月报"
    assert run(clients, "--as-of", AS_OF, "-O", out).exit_code == 1
    assert (out / "portfolio-2026-11-27.xlsx").is_file()
    d = json.loads(run(clients, "--as-of", AS_OF, "-o", "json").stdout)
    assert [f["folder"] for f in d["firms"]] == ["broken", "stone", "南海区/office"]


def test_a_firm_name_like_a_formula_stays_text_in_the_workbook(tmp_path):
    from openpyxl import load_workbook

    root = tmp_path / "c"
    shutil.copytree(examples_dir() / "office", root / "office")
    y = root / "office" / "enterprise.yaml"
    text = y.read_text(encoding="utf-8")
    y.write_text(text.replace(f"name: {OFFICE}", "name: '=HYPERLINK(\"http://x\")'"), encoding="utf-8")
    assert "HYPERLINK" in y.read_text(encoding="utf-8")
    assert run(root, "--as-of", AS_OF, "-O", tmp_path / "out").exit_code == 0
    ws = load_workbook(tmp_path / "out" / "portfolio-2026-11-27.xlsx")["企业"]
    cell = ws.cell(2, 3)
    assert cell.value == '=HYPERLINK("http://x")' and cell.data_type == "s"


def test_output_inside_a_firm_folder_is_refused(clients):
    before = _hashes(clients)
    r = run(clients, "--as-of", AS_OF, "-O", clients / "stone" / "out", "--lang", "en")
    assert r.exit_code == 2
    assert "inside the firm folder" in r.stderr
    assert _hashes(clients) == before


def test_library_result_text_matches_cli(clients):
    res = portfolio(clients, AS_OF)
    assert [f.folder.rel for f in res.firms] == ["broken", "stone", "南海区/office"]
    assert res.firms[0].assessment is None and res.firms[0].error.code == "rec.yaml_error"
    r = run(clients, "--as-of", AS_OF, "--lang", "en")
    assert r.stdout == render_text(res, translator("en"))


# --- the guide ---------------------------------------------------------------------------------


@pytest.mark.parametrize("page,lang", [("hosted-services.md", "zh"), ("hosted-services.en.md", "en")])
def test_guide_shows_the_real_output(page, lang):
    """The hosted-services page includes the output captured from `ohkit portfolio examples` at build time."""
    from pathlib import Path

    from ohkit.site.capture import COMMAND_ARGS

    text = (Path(__file__).resolve().parent.parent / "docs" / page).read_text(encoding="utf-8")
    assert f'--8<-- "cli-portfolio.{lang}.md"' in text
    assert COMMAND_ARGS["portfolio"][0] == "examples"


def test_a_firm_the_engine_fails_on_is_a_row_and_the_others_are_assessed(clients, monkeypatch):
    import ohkit.engine

    real = ohkit.engine.assess

    def flaky(ws, as_of, catalogue=None):
        if ws.profile.name == STONE:
            raise ValueError("bad row")
        return real(ws, as_of, catalogue)

    monkeypatch.setattr(ohkit.engine, "assess", flaky)
    r = run(clients, "--as-of", AS_OF, "-o", "json", "--lang", "en")
    assert r.exit_code == 1 and "Traceback" not in r.output
    firms = {f["folder"]: f for f in json.loads(r.stdout)["firms"]}
    assert firms["stone"]["readable"] is False and firms["stone"]["reason"]["code"] == "pf.failed"
    assert "ValueError: bad row" in firms["stone"]["reason"]["message"]
    assert firms["南海区/office"]["readable"] is True and firms["南海区/office"]["grade"]["level"] == "pass"
