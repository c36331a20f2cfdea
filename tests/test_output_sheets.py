"""Spreadsheets ohkit writes are inert and say what they mean (issue 9, items 5 and 8):
text from the records is never a formula (XLSX) and never starts a CSV cell with = + - @
tab or CR; control characters are dropped so the writer never fails; our own numbers and
dates stay typed; the action plan names who or what each row concerns (never a bare count)
and shows catalogue `code` marks as plain words, while the report renders them as code.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import shutil

import pytest
from click.testing import CliRunner

from ohkit.cli import cli
from ohkit.paths import examples_dir
from ohkit.render.sheets import csv_bytes, csv_cell, set_cell

AS_OF = "2026-11-27"


@pytest.mark.parametrize("value, expected", [
    ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
    ("+1+1", "'+1+1"), ("-2+3", "'-2+3"), ("@SUM(1,1)", "'@SUM(1,1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\n=1"),           # CR becomes a line feed, the cell still quoted
    ("张三\x1b[31m\x00\x07", "张三[31m"),             # control characters dropped
    ("445302198501012344", "445302********2344"),  # and ID numbers masked
    ("普通文字", "普通文字"),
    (-3, -3), (2.5, 2.5), (None, ""), (dt.date(2026, 3, 1), "2026-03-01"),   # ours: untouched
])
def test_csv_cell(value, expected):
    assert csv_cell(value) == expected


def test_csv_bytes_has_a_bom_and_crlf_rows():
    assert csv_bytes([["a", "=1"], [1, None]]) == "\ufeffa,'=1\r\n1,\r\n".encode("utf-8")


def test_xlsx_cells_are_text_or_typed():
    from openpyxl import Workbook, load_workbook

    wb = Workbook()
    ws = wb.active
    values = ['=HYPERLINK("http://evil.example","x")', "#N/A", "-1", "ok\x1b\x00", dt.date(2026, 3, 1),
              dt.date(1899, 12, 31), 7, 0.25]
    for i, v in enumerate(values, 1):
        set_cell(ws.cell(1, i), v, "0%" if v == 0.25 else None)
    buf = io.BytesIO()
    wb.save(buf)
    back = load_workbook(io.BytesIO(buf.getvalue())).active
    cells = [back.cell(1, i) for i in range(1, len(values) + 1)]
    assert [c.data_type for c in cells[:4]] == ["s", "s", "s", "s"]
    assert cells[0].quotePrefix and cells[2].quotePrefix and not cells[3].quotePrefix
    assert cells[3].value == "ok"
    assert cells[4].value == dt.datetime(2026, 3, 1) and cells[4].number_format == "yyyy-mm-dd"
    assert cells[5].value == "1899-12-31"          # Excel cannot store it: ISO text instead of a failure
    assert cells[6].value == 7 and cells[7].value == 0.25 and cells[7].number_format == "0%"


@pytest.fixture(scope="module")
def stone_plan(tmp_path_factory):
    out = tmp_path_factory.mktemp("plan")
    r = CliRunner().invoke(cli, ["report", str(examples_dir() / "stone"), "--as-of", AS_OF, "-O", str(out)])
    assert r.exit_code == 1, r.output
    return out


def _plan_rows(out):
    text = (out / f"ohkit-{AS_OF}-action-plan.csv").read_bytes().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.slow
def test_action_plan_says_who_or_what_each_row_concerns(stone_plan):
    rows = _plan_rows(stone_plan)
    head, body = rows[0], rows[1:]
    who = {r[1]: r[head.index("涉及的人员或项目")] for r in body}
    assert who["FEM-4"] == "文件：女职工禁忌岗位告知"      # was "1"
    assert who["RULE-2"] == "文件：监测及评价制度"          # was "1"
    assert who["ORG-2"] == "本单位（整体）"                 # was "oh_body、oh_manager.full_time"
    assert who["EXAM-10"] == "李春生（XL07）"
    assert not [r for r in body if r[head.index("涉及的人员或项目")].strip().isdigit()]


@pytest.mark.slow
def test_code_marks_are_plain_in_sheets_and_code_in_the_report(stone_plan):
    from openpyxl import load_workbook

    csv_text = (stone_plan / f"ohkit-{AS_OF}-action-plan.csv").read_text(encoding="utf-8-sig")
    assert "`" not in csv_text and "ohkit assess" in csv_text
    ws = load_workbook(stone_plan / f"ohkit-{AS_OF}-action-plan.xlsx").active
    assert not [c.coordinate for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "`" in c.value]
    html = (stone_plan / f"ohkit-{AS_OF}-report.html").read_text(encoding="utf-8")
    assert '<code class="cmd">ohkit report</code>' in html and "`ohkit" not in html
    if shutil.which("pdftotext"):
        import subprocess

        pdf_text = subprocess.run(["pdftotext", str(stone_plan / f"ohkit-{AS_OF}-report.pdf"), "-"],
                                  capture_output=True, check=True).stdout.decode()
        assert "`" not in pdf_text and "ohkit report" in pdf_text


@pytest.mark.slow
def test_a_due_date_is_a_date_cell_in_the_action_plan(stone_plan):
    from openpyxl import load_workbook

    ws = load_workbook(stone_plan / f"ohkit-{AS_OF}-action-plan.xlsx").active
    dues = [ws.cell(r, 7) for r in range(4, ws.max_row + 1)]
    typed = [c for c in dues if isinstance(c.value, dt.datetime)]
    assert typed and all(c.number_format == "yyyy-mm-dd" for c in typed)
    assert all(isinstance(c.value, (dt.datetime, str)) for c in dues)


def test_portfolio_csv_neutralises_a_formula_firm_name(tmp_path):
    root = tmp_path / "clients"
    shutil.copytree(examples_dir() / "office", root / "office")
    y = root / "office" / "enterprise.yaml"
    y.write_text(y.read_text(encoding="utf-8").replace("name: 广州天悦建筑设计咨询有限公司",
                                                       "name: \"@SUM(1,1)*cmd|' /C calc'!A0\""), encoding="utf-8")
    out = tmp_path / "out"
    r = CliRunner().invoke(cli, ["portfolio", str(root), "--as-of", AS_OF, "-O", str(out)])
    assert r.exit_code in (0, 1), r.output
    rows = list(csv.reader(io.StringIO((out / f"portfolio-{AS_OF}.csv").read_text(encoding="utf-8-sig"))))
    assert rows[1][2] == "'@SUM(1,1)*cmd|' /C calc'!A0"
