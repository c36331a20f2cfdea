"""`ohkit init` and the record templates (ohkit.records.templates.write_templates).

The templates are derived from the schemas; these tests check the files a safety manager
opens: sheet names, headers, frozen header row, dropdowns, formats, the commented
enterprise.yaml, the refusal to overwrite, and that a fresh folder validates cleanly.
"""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import yaml
from click.testing import CliRunner
from openpyxl import load_workbook

from ohkit.cli import cli
from ohkit.records import load_workspace, validate_folder
from ohkit.records.schema import enterprise_spec, table_specs
from ohkit.records.templates import csv_templates, enterprise_yaml, workbook_bytes, write_templates

AS_OF = dt.date(2026, 11, 27)

# The contract's sheet names and a few headers, written out (RECORDS.md), so that a schema
# edit that renames them is noticed here too.
SHEETS_ZH = ["填写说明", "岗位危害", "劳动者名册", "职业健康检查", "职业卫生培训", "检测评价",
             "申报记录", "文件台账", "防护用品发放", "个人剂量", "岗位变动"]


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def wb():
    return load_workbook(io.BytesIO(workbook_bytes("zh")))


def _validations(ws):
    """column letter -> DataValidation covering rows from 2 down."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            assert rng.min_row == 2 and rng.max_row == 1048576, rng.coord
            assert rng.min_col == rng.max_col
            out[rng.coord.split(":")[0].rstrip("0123456789")] = dv
    return out


def _col(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i)


# ---------------------------------------------------------------------------
# ohkit init (CLI)
# ---------------------------------------------------------------------------


def test_init_creates_the_firm_folder(tmp_path):
    dest = tmp_path / "华艺家具"
    res = run("init", str(dest))
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in dest.iterdir()) == ["enterprise.yaml", "records.xlsx"]
    assert "已新建单位文件夹" in res.output
    assert f"ohkit validate {dest}" in res.output  # tells the user what to do next


def test_init_then_validate_is_clean(tmp_path):
    dest = tmp_path / "new-firm"
    assert run("init", str(dest)).exit_code == 0
    res = run("validate", str(dest), "--as-of", "2026-11-27")
    assert res.exit_code == 0, res.output
    assert validate_folder(dest, AS_OF) == []
    ws = load_workspace(dest, AS_OF)
    assert ws.profile.name == "new-firm"  # pre-filled with the folder name
    assert all(len(ws.table(t.name)) == 0 for t in table_specs())


def test_init_csv_then_validate_is_clean(tmp_path):
    dest = tmp_path / "csvfirm"
    res = run("init", str(dest), "--csv")
    assert res.exit_code == 0, res.output
    names = sorted(p.name for p in dest.iterdir())
    assert "records.xlsx" not in names
    assert {f"{t.sheet_zh}.csv" for t in table_specs()} <= set(names)
    assert "填写说明.txt" in names
    assert validate_folder(dest, AS_OF) == []
    assert run("validate", str(dest)).exit_code == 0


def test_init_english(tmp_path):
    dest = tmp_path / "en"
    res = run("init", str(dest), "--lang", "en")
    assert res.exit_code == 0, res.output
    assert "Created the firm folder" in res.output
    wb = load_workbook(dest / "records.xlsx")
    assert wb.sheetnames == ["Instructions"] + [t.name for t in table_specs()]
    assert [c.value for c in wb["workers"][1]] == [f.header_en for f in table_specs()[1].fields]
    text = (dest / "enterprise.yaml").read_text(encoding="utf-8")
    assert "# Allowed values: serious / general / none" in text
    assert "单位名称" not in text
    assert validate_folder(dest, AS_OF) == []


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    dest = tmp_path / "firm"
    dest.mkdir()
    (dest / "records.xlsx").write_bytes(b"my own work")
    (dest / "notes.txt").write_text("x")
    res = CliRunner().invoke(cli, ["init", str(dest)])
    assert res.exit_code == 2
    assert "不是空的" in res.output and "records.xlsx" in res.output and "notes.txt" in res.output
    assert "Traceback" not in res.output
    assert (dest / "records.xlsx").read_bytes() == b"my own work"
    assert sorted(p.name for p in dest.iterdir()) == ["notes.txt", "records.xlsx"]


def test_init_refusal_in_english_names_the_files(tmp_path):
    dest = tmp_path / "firm"
    dest.mkdir()
    (dest / "enterprise.yaml").write_text("name: 旧的\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["init", str(dest), "--lang", "en"])
    assert res.exit_code == 2
    assert "is not empty" in res.output and "enterprise.yaml" in res.output
    assert (dest / "enterprise.yaml").read_text(encoding="utf-8") == "name: 旧的\n"


def test_init_refuses_a_file(tmp_path):
    f = tmp_path / "records"
    f.write_text("x")
    res = CliRunner().invoke(cli, ["init", str(f)])
    assert res.exit_code == 2
    assert "是文件" in res.output
    assert f.read_text() == "x"


def test_init_into_an_existing_empty_folder(tmp_path):
    dest = tmp_path / "empty"
    dest.mkdir()
    assert run("init", str(dest)).exit_code == 0
    assert (dest / "records.xlsx").is_file()


def test_init_without_dir_is_a_usage_error():
    res = CliRunner().invoke(cli, ["init"])
    assert res.exit_code == 2


# ---------------------------------------------------------------------------
# write_templates (library)
# ---------------------------------------------------------------------------


def test_write_templates_never_overwrites(tmp_path):
    (tmp_path / "enterprise.yaml").write_text("name: mine\n", encoding="utf-8")
    with pytest.raises(FileExistsError) as exc:
        write_templates(tmp_path)
    assert "enterprise.yaml" in str(exc.value)
    assert (tmp_path / "enterprise.yaml").read_text(encoding="utf-8") == "name: mine\n"
    assert not (tmp_path / "records.xlsx").exists()  # nothing written at all


def test_write_templates_is_reproducible(tmp_path):
    a = write_templates(tmp_path / "a")
    b = write_templates(tmp_path / "b")
    assert [p.name for p in a] == ["enterprise.yaml", "records.xlsx"]
    assert (tmp_path / "a" / "records.xlsx").read_bytes() == (tmp_path / "b" / "records.xlsx").read_bytes()


# ---------------------------------------------------------------------------
# records.xlsx
# ---------------------------------------------------------------------------


def test_workbook_sheets_and_headers_follow_the_schema(wb):
    assert wb.sheetnames == SHEETS_ZH
    specs = {t.sheet_zh: t for t in table_specs()}
    for name in SHEETS_ZH[1:]:
        ws = wb[name]
        headers = [c.value for c in ws[1]]
        assert headers == [f.header_zh for f in specs[name].fields]
        assert ws.max_row == 1  # no example rows: an empty template validates cleanly
    assert [c.value for c in wb["劳动者名册"][1]][:3] == ["工号", "姓名", "身份证号"]


def test_header_row_is_frozen_and_explained(wb):
    for name in SHEETS_ZH[1:]:
        ws = wb[name]
        assert ws.freeze_panes == "A2", name
        for c in ws[1]:
            assert c.font.b
            assert c.comment is not None and c.comment.text.strip()
    # required columns are marked (orange), optional ones are not
    ws = wb["职业健康检查"]
    fills = {c.value: c.fill.fgColor.rgb for c in ws[1]}
    assert fills["工号"] == fills["体检日期"] == fills["体检类型"] != fills["体检机构"]


def test_every_enumeration_and_yes_no_column_has_a_dropdown(wb):
    checked = 0
    for t in table_specs():
        ws = wb[t.sheet_zh]
        dvs = _validations(ws)
        for i, f in enumerate(t.fields, start=1):
            col = _col(i)
            if f.kind == "enum":
                dv = dvs[col]
                assert dv.type == "list" and dv.errorStyle in (None, "stop") and dv.showErrorMessage
                labels = [f.enum_labels[k]["zh"] for k in f.enum_labels]
                assert dv.formula1 == '"' + ",".join(labels) + '"'
                checked += 1
            elif f.kind == "bool":
                assert dvs[col].type == "list" and dvs[col].formula1 == '"是,否"', (t.name, f.key)
                checked += 1
            elif f.kind == "date_or_bool":  # 是/否 offered, a typed date still accepted
                assert dvs[col].formula1 == '"是,否"' and not dvs[col].showErrorMessage
                checked += 1
    assert checked >= 12
    # spot checks against the contract's own words
    exams = _validations(wb["职业健康检查"])
    assert exams["C"].formula1 == '"上岗前,在岗期间,离岗时,应急,复查"'
    assert exams["F"].formula1 == '"目前未见异常,复查,疑似职业病,职业禁忌证,其他疾病或异常"'
    assert _validations(wb["岗位危害"])["G"].formula1 == '"是,否"'  # 严重危害岗位


def test_hazard_columns_offer_the_hazard_catalogue(wb):
    from ohkit.catalogue import load_hazards

    info = wb["填写说明"]
    for sheet, col in (("岗位危害", "D"), ("检测评价", "F")):
        dv = _validations(wb[sheet])[col]
        assert dv.type == "list" and dv.errorStyle == "warning"  # aliases still allowed
        ref = dv.formula1
        assert ref.startswith("'填写说明'!$")
        cells = info[ref.split("!")[1].replace("$", "")]
        names = [c[0].value for c in cells]
        assert names == [h.zh for h in load_hazards()]
        assert {"噪声", "木粉尘", "矽尘", "苯"} <= set(names)
        letter = ref.split("$")[1]
        assert info.column_dimensions[letter].hidden
    # both columns share one list
    assert _validations(wb["岗位危害"])["D"].formula1 == _validations(wb["检测评价"])["F"].formula1


def test_date_and_id_columns_are_formatted(wb):
    for t in table_specs():
        ws = wb[t.sheet_zh]
        dvs = _validations(ws)
        for i, f in enumerate(t.fields, start=1):
            col = _col(i)
            fmt = ws.column_dimensions[col].number_format
            if f.kind in ("date", "date_or_bool"):
                assert fmt == "yyyy-mm-dd", (t.name, f.key)
            if f.kind == "date":
                assert dvs[col].type == "date" and dvs[col].errorStyle == "warning"
            if f.kind in ("id_number", "text"):
                assert fmt == "@", (t.name, f.key)
            assert 6 <= ws.column_dimensions[col].width <= 40
    workers = wb["劳动者名册"]
    assert workers.column_dimensions["C"].number_format == "@"  # 身份证号 as text
    assert workers.column_dimensions["C"].width >= 20


def test_instructions_sheet_explains_every_table_and_column(wb):
    ws = wb["填写说明"]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    assert "填写说明" in text and "ohkit validate" in text
    for t in table_specs():
        assert t.sheet_zh in text and t.description_zh in text
        for f in t.fields:
            assert f.description_zh in text, (t.name, f.key)
    assert "上岗前/在岗期间/离岗时/应急/复查" in text


# ---------------------------------------------------------------------------
# enterprise.yaml and CSV templates
# ---------------------------------------------------------------------------


def test_enterprise_yaml_is_commented_and_complete():
    text = enterprise_yaml("zh", name="佛山市某某家具厂")
    data = yaml.safe_load(text)
    spec = enterprise_spec()
    assert list(data) == [f.key for f in spec.fields]
    assert data["name"] == "佛山市某某家具厂"
    assert set(data["oh_manager"]) == {"name", "full_time"}
    assert set(data["insurance"]) == {"insured", "as_of"}
    assert "# 可填：严重 / 一般 / 无" in text
    assert "# 可填：微型 / 小型 / 中型 / 大型" in text
    assert "统一社会信用代码" in text and "主要负责人" in text
    # every key has a comment line right above it (or above its group)
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line and not line.startswith("#") and not line.startswith(" "):
            assert lines[i - 1].lstrip().startswith("#"), line


@pytest.mark.parametrize("name", ["123", "A: B #1", "yes", "- x", "'q'"])
def test_firm_name_from_an_odd_folder_name_stays_a_string(tmp_path, name):
    write_templates(tmp_path / name)
    assert load_workspace(tmp_path / name, AS_OF).profile.name == name


def test_csv_templates_have_bom_and_the_schema_headers():
    files = csv_templates("zh")
    for t in table_specs():
        data = files[f"{t.sheet_zh}.csv"]
        assert data.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        assert rows == [[f.header_zh for f in t.fields]]
    readme = files["填写说明.txt"].decode("utf-8-sig")
    assert "职业健康检查.csv" in readme and "上岗前/在岗期间/离岗时/应急/复查" in readme
    en = csv_templates("en")
    assert "workers.csv" in en and "README.txt" in en


def test_init_dot_uses_the_current_folder_name(tmp_path, monkeypatch):
    here = tmp_path / "顺德华艺"
    here.mkdir()
    monkeypatch.chdir(here)
    assert run("init", ".").exit_code == 0
    assert load_workspace(here, AS_OF).profile.name == "顺德华艺"
    res = CliRunner().invoke(cli, ["init", "."])  # now it is not empty
    assert res.exit_code == 2 and "enterprise.yaml" in res.output


def test_documents_kind_offers_the_kinds_the_checks_look_for(tmp_path):
    """文件台账 类别: a dropdown of the kinds the catalogue's document checks need, free text allowed."""
    import openpyxl

    from ohkit.catalogue import load_catalogue
    from ohkit.records.templates import write_templates

    write_templates(tmp_path)
    wb = openpyxl.load_workbook(tmp_path / "records.xlsx")
    ws = wb["文件台账"]
    (dv,) = [d for d in ws.data_validations.dataValidation if "A2" in str(d.sqref)]
    offered = dv.formula1.strip('"').split(",")
    for kind, _ids in load_catalogue().document_kinds():
        assert any(k in offered for k in kind.split("|")), kind
    assert "管理制度" in offered and dv.showErrorMessage is False
