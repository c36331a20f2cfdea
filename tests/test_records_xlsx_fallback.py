"""Where python-calamine cannot be imported (a browser whose Pyodide has no calamine wheel), the
records layer reads workbooks with openpyxl: the rows it hands on must be the ones calamine
gives, so that validation and assessment are identical."""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import PatternFill

from ohkit.paths import examples_dir
from ohkit.records import load_workspace
from ohkit.records.readers import OpenpyxlWorkbook, open_workbook
from ohkit.records.templates import write_templates

AS_OF = dt.date(2026, 11, 30)


def _odd_workbook(path: Path) -> Path:
    """Every kind of cell the two readers could disagree on."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "劳动者名册"
    ws["B2"] = "标题"
    ws.append([])
    ws["C3"], ws["D3"], ws["E3"] = 5, 2.5, True
    ws["F3"] = dt.date(2024, 3, 5)
    ws["G3"] = dt.datetime(2024, 1, 2, 10, 30)
    ws["H3"] = dt.time(8, 30)
    ws["I3"] = "=C3*2"                              # a formula with no cached value
    ws["J3"] = "#N/A"                               # an error cell
    ws["K3"] = dt.datetime(2024, 1, 2)              # midnight, date-time format
    ws["K3"].number_format = "yyyy-mm-dd h:mm:ss"
    ws["C5"] = 45000.5
    ws["C5"].number_format = "yyyy-mm-dd"
    ws["D5"] = 110105198803051231                   # an ID number typed as a number
    ws["E5"] = "  张三 "
    ws["A9"] = dt.timedelta(hours=5)
    ws["M12"].fill = PatternFill("solid", fgColor="FF0000")  # styled but empty: not part of the data
    ws.merge_cells("B6:C7")
    ws.merge_cells("E8:F8")
    ws2 = wb.create_sheet("empty")
    ws2["C3"].fill = PatternFill("solid", fgColor="00FF00")
    wb.save(path)
    return path


def _firm_workbook(path: Path) -> Path:
    """A workers sheet under a title, with dates as dates and as date-times, numbers, a merged
    block in the body and an error cell: problems and records must not depend on the reader."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "劳动者名册"
    ws["A1"] = "2026 年劳动者名册"
    ws.append([])
    ws.append(["工号", "姓名", "身份证号", "入职日期", "岗位编号", "合同告知"])
    ws.append([1001, "张三", "110105198803051231", dt.date(2024, 3, 5), "P01", True])
    ws.append([1002, "李四", None, 45000, "P01", dt.datetime(2024, 1, 2, 0, 0)])
    ws.append([1003, "王五", 110105198803051231, dt.datetime(2024, 1, 2, 9, 30), "#N/A", "是"])
    ws.append([1004, "赵六", None, "2024/5/6", "P01", None])
    ws.append([1005, "钱七", None, "2024-05-06", "P01", None])
    ws.merge_cells("E7:E8")
    posts = wb.create_sheet("岗位危害")
    posts.append(["岗位编号", "岗位名称", "危害因素", "接触人数"])
    posts.append(["P01", "木工", "木粉尘", 2])
    wb.save(path)
    return path


def _workbooks(tmp_path: Path) -> list[Path]:
    write_templates(tmp_path / "zh", csv=False, lang="zh")
    write_templates(tmp_path / "en", csv=False, lang="en")
    books = [examples_dir() / "furniture" / "records.xlsx", _odd_workbook(tmp_path / "odd.xlsx"),
             _firm_workbook(tmp_path / "firm.xlsx")]
    return books + sorted((tmp_path / "zh").glob("*.xlsx")) + sorted((tmp_path / "en").glob("*.xlsx"))


def test_openpyxl_rows_are_calamines(tmp_path):
    import python_calamine as pc

    books = _workbooks(tmp_path)
    assert len(books) >= 4
    for path in books:
        cal = pc.CalamineWorkbook.from_path(str(path))
        opx = OpenpyxlWorkbook(path)
        assert list(opx.sheet_names) == list(cal.sheet_names), path
        for name in cal.sheet_names:
            a, b = cal.get_sheet_by_name(name), opx.get_sheet_by_name(name)
            ra, rb = a.to_python(skip_empty_area=False), b.to_python(skip_empty_area=False)
            assert [[(type(v), v) for v in r] for r in rb] == [[(type(v), v) for v in r] for r in ra], (path, name)
            assert sorted(b.merged_cell_ranges) == sorted(a.merged_cell_ranges), (path, name)


def _without_calamine(monkeypatch):
    monkeypatch.setitem(sys.modules, "python_calamine", None)  # `import python_calamine` raises ImportError


def test_without_calamine_the_workbook_is_read_by_openpyxl_with_the_same_results(monkeypatch, tmp_path):
    from ohkit.catalogue import load_catalogue
    from ohkit.engine import assess
    from ohkit.i18n import translator
    from ohkit.records.report import validation_to_dict
    from ohkit.render.jsonout import assessment_to_dict

    tr, cat = translator("zh"), load_catalogue()
    firm = examples_dir() / "furniture"
    odd = tmp_path / "odd"
    odd.mkdir()
    (odd / "enterprise.yaml").write_text("name: 测试工厂\nhazard_class: general\n", encoding="utf-8")
    _firm_workbook(odd / "records.xlsx")

    def results(folder: Path) -> str:
        ws = load_workspace(folder, as_of=AS_OF)
        return json.dumps([validation_to_dict(ws, AS_OF, tr), assessment_to_dict(assess(ws, AS_OF, cat), tr, cat)],
                          ensure_ascii=False, default=str)

    with_calamine = {f: results(f) for f in (firm, odd)}
    _without_calamine(monkeypatch)
    assert isinstance(open_workbook(firm / "records.xlsx"), OpenpyxlWorkbook)
    for f, want in with_calamine.items():
        assert results(f) == want, f
    assert "rec.merged_cells" in with_calamine[odd]


@pytest.mark.parametrize("content", [b"", b"not a zip file", b"PK\x03\x04garbage"])
def test_unreadable_workbooks_are_problems_with_either_reader(monkeypatch, tmp_path, content):
    (tmp_path / "enterprise.yaml").write_text("name: 测试工厂\n", encoding="utf-8")
    (tmp_path / "records.xlsx").write_bytes(content)
    want = [(p.code, p.loc.file) for p in load_workspace(tmp_path, AS_OF).problems if p.loc.file == "records.xlsx"]
    _without_calamine(monkeypatch)
    got = [(p.code, p.loc.file) for p in load_workspace(tmp_path, AS_OF).problems if p.loc.file == "records.xlsx"]
    assert got == want and want
