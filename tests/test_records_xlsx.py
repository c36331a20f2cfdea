"""records.xlsx: sheets by Chinese or English name, Excel date cells, header rows
below a title, and broken workbooks (merged headers, formulas, duplicate headers,
numeric ID cells, unknown sheets, garbage files) that must become problems."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from ohkit.cli import cli
from ohkit.records import load_workspace, validate_folder

AS_OF = dt.date(2026, 6, 30)
ENTERPRISE = "name: 测试工厂\nhazard_class: general\n"


def firm(tmp_path: Path, build) -> Path:
    import openpyxl

    root = tmp_path / "firm"
    root.mkdir()
    (root / "enterprise.yaml").write_text(ENTERPRISE, encoding="utf-8")
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    build(wb)
    wb.save(root / "records.xlsx")
    return root


def codes(root: Path) -> list[tuple[str, str | None, int | None, str | None]]:
    """Problems other than the warnings about sheets the workbook lacks (tested on their own)."""
    return [(p.code, p.loc.sheet, p.loc.row, p.loc.column) for p in validate_folder(root, as_of=AS_OF)
            if p.code != "rec.sheet_missing"]


def others(ws) -> list:
    return [p for p in ws.problems if p.code != "rec.sheet_missing"]


def test_header_below_a_title_excel_dates_and_numbers(tmp_path):
    def build(wb):
        ws = wb.create_sheet("填写说明")
        ws["A1"] = "这张表是说明，不是记录"
        ws = wb.create_sheet("劳动者名册")
        ws["A1"] = "2026 年劳动者名册"           # a title row above the header
        ws.append([])
        ws.append(["工号", "姓名", "身份证号", "入职日期", "岗位编号", "合同告知"])
        ws.append([1001, "张三", "110105198803051231", dt.date(2024, 3, 5), "P01", True])
        ws.append([1002, "李四", None, 45000, "P01", dt.datetime(2024, 1, 2, 0, 0)])
        ws = wb.create_sheet("posts")            # English sheet name and headers
        ws.append(["post_id", "post", "hazard", "exposed", "serious"])
        ws.append(["P01", "木工", "木粉尘", 2.0, "否"])

    root = firm(tmp_path, build)
    ws = load_workspace(root, as_of=AS_OF)
    assert others(ws) == []
    w = ws.table("workers")
    assert [r.row for r in w] == [4, 5]
    assert w[0]["worker_id"] == "1001" and w[0]["hire_date"] == dt.date(2024, 3, 5)
    assert w[0]["contract_notice"] is True
    assert w[1]["hire_date"] == dt.date(2023, 3, 15) and w[1]["contract_notice"] == dt.date(2024, 1, 2)
    assert ws.sources["workers"].header_row == 3 and ws.sources["workers"].sheet == "劳动者名册"
    assert w[0].loc("hire_date").column == "D"
    p = ws.table("posts")[0]
    assert p["exposed"] == 2 and isinstance(p["exposed"], int) and p["serious"] is False


def test_broken_sheets_give_located_problems(tmp_path):
    def build(wb):
        ws = wb.create_sheet("劳动者名册")
        ws.append(["工号", "姓名", "姓名", "身份证号", "入职日期"])       # duplicate header C
        ws.append(["A1", "张三", "x", 110105198803051231, "=DATE(2024,1,2)"])  # numeric ID, formula
        ws.append(["A2", "李四", "y", None, "2024-01-03"])
        ws = wb.create_sheet("岗位危害")
        ws.append(["岗位编号", "岗位名称", None, "接触人数"])
        ws.merge_cells("B1:C1")                                          # merged header cells
        ws.append(["P01", "木工", None, 3])
        ws = wb.create_sheet("Sheet3")                                   # unknown sheet
        ws["A1"] = "随手记"
        ws = wb.create_sheet("职业健康检查")
        ws.append(["工号", "体检日期", "体检类型"])
        ws.append(["A1", "2024-01-05", "上岗前"])
        ws.merge_cells("A3:A4")                                          # merged data cells
        ws["A3"] = "A2"
        ws["B3"], ws["C3"] = "2024-01-06", "上岗前"
        ws["B4"], ws["C4"] = "2024-02-06", "在岗期间"

    root = firm(tmp_path, build)
    got = codes(root)
    assert got == [  # sheets in the order of the contract (岗位危害, 劳动者名册, 职业健康检查 …), unknown last
        ("rec.column_missing", "岗位危害", 1, None),     # no 危害因素 column
        ("rec.header_merged", "岗位危害", 1, "B"),
        ("rec.header_duplicate", "劳动者名册", 1, "C"),
        ("rec.id_numeric", "劳动者名册", 2, "D"),
        ("rec.formula_one", "劳动者名册", 2, "E"),
        ("rec.merged_cells", "职业健康检查", 3, "A"),
        ("rec.required_missing", "职业健康检查", 4, "A"),
        ("rec.sheet_unknown", "Sheet3", None, None),
    ]
    ws = load_workspace(root, as_of=AS_OF)
    idp = next(p for p in ws.problems if p.code == "rec.id_numeric")
    assert idp.value == "1.10105E+17"  # as Excel shows it; the digits are already lost


def test_formula_without_cached_value_is_reported_and_row_not_used(tmp_path):
    def build(wb):
        ws = wb.create_sheet("申报记录")
        ws.append(["申报日期", "类型"])
        ws.append(["=TODAY()", "首次"])  # openpyxl stores no computed value

    root = firm(tmp_path, build)
    ws = load_workspace(root, as_of=AS_OF)
    assert [(p.code, p.loc.row, p.loc.column) for p in others(ws)] == [
        ("rec.required_missing", 2, "A"), ("rec.formula_one", 2, "A")]
    assert ws.table("declarations") == ()


def test_table_in_csv_and_sheet_is_an_error(tmp_path):
    def build(wb):
        ws = wb.create_sheet("文件台账")
        ws.append(["类别", "名称"])
        ws.append(["管理制度", "职业卫生管理制度"])

    root = firm(tmp_path, build)
    (root / "documents.csv").write_text("类别,名称\n应急预案,预案\n", encoding="utf-8")
    ws = load_workspace(root, as_of=AS_OF)
    assert [(p.code, p.loc.file) for p in others(ws)] == [("rec.table_twice", "documents.csv")]
    assert [r["kind"] for r in ws.table("documents")] == ["管理制度"]  # the sheet is used
    assert "records.xlsx[文件台账]" in others(ws)[0].msg.params["first"]


def test_missing_sheets_mean_no_records_and_empty_sheets_are_fine(tmp_path):
    def build(wb):
        wb.create_sheet("劳动者名册")  # empty
        ws = wb.create_sheet("职业卫生培训")
        ws.append(["人员", "角色", "培训日期"])  # header only
        wb.create_sheet("培训记录2024")  # a renamed sheet

    root = firm(tmp_path, build)
    ws = load_workspace(root, as_of=AS_OF)
    assert not ws.has_table("workers") and ws.has_table("training") and ws.table("training") == ()
    # the workbook lacks 7 table sheets: one warning each, in table order; the unknown sheet last
    got = [(p.code, p.loc.sheet, p.severity) for p in ws.problems]
    assert got == [("rec.sheet_missing", s, "warning") for s in
                   ("岗位危害", "职业健康检查", "检测评价", "申报记录", "文件台账", "防护用品发放", "个人剂量")] + [
        ("rec.sheet_unknown", "培训记录2024", "warning")]
    r = CliRunner().invoke(cli, ["validate", str(root)])
    assert r.exit_code == 0  # warnings only


def test_a_table_kept_as_csv_is_not_a_missing_sheet(tmp_path):
    def build(wb):
        ws = wb.create_sheet("劳动者名册")
        ws.append(["工号", "姓名"])

    root = firm(tmp_path, build)
    (root / "posts.csv").write_text("岗位编号,岗位名称,危害因素\nP1,木工,噪声\n", encoding="utf-8")
    missing = [p.loc.sheet for p in load_workspace(root, as_of=AS_OF).problems if p.code == "rec.sheet_missing"]
    assert "岗位危害" not in missing and "职业健康检查" in missing


@pytest.mark.parametrize("content,code", [
    (b"", "rec.xlsx_empty"),
    (b"this is not a workbook at all", "rec.xlsx_unreadable"),
    (b"PK\x03\x04" + bytes(200), "rec.xlsx_unreadable"),
])
def test_unreadable_workbooks(tmp_path, content, code):
    root = tmp_path / "firm"
    root.mkdir()
    (root / "enterprise.yaml").write_text(ENTERPRISE, encoding="utf-8")
    (root / "records.xlsx").write_bytes(content)
    assert [(p.code, p.loc.file) for p in validate_folder(root, as_of=AS_OF)] == [(code, "records.xlsx")]
    r = CliRunner().invoke(cli, ["validate", str(root)])
    assert r.exit_code == (0 if code == "rec.xlsx_empty" else 1)
    assert "Traceback" not in r.output


def test_header_not_found_in_a_sheet(tmp_path):
    def build(wb):
        ws = wb.create_sheet("个人剂量")
        for i in range(5):
            ws.append([f"备注{i}", i])

    root = firm(tmp_path, build)
    assert codes(root) == [("rec.header_not_found", "个人剂量", None, None)]


def test_init_templates_validate_clean(tmp_path):
    for args in (["init", str(tmp_path / "x")], ["init", str(tmp_path / "y"), "--csv"],
                 ["init", str(tmp_path / "z"), "--lang", "en"]):
        r = CliRunner().invoke(cli, args)
        assert r.exit_code == 0, r.output
    for name in ("x", "y", "z"):
        ws = load_workspace(tmp_path / name, as_of=AS_OF)
        assert ws.problems == (), (name, [(p.code, str(p.loc)) for p in ws.problems])
        assert len(ws.sources) == 10
