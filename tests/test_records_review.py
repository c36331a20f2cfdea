"""Records-layer defects from the review of issue 2 (one test per item, through the public surface)."""
from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ohkit.cli import cli
from ohkit.records import load_workspace

EX = Path(__file__).parent.parent / "examples"
AS_OF = dt.date(2026, 11, 27)


def _stone(tmp_path: Path) -> Path:
    root = tmp_path / "stone"
    shutil.copytree(EX / "stone", root)
    return root


def _append(path: Path, line: str) -> int:
    text = path.read_text(encoding="utf-8-sig")
    if not text.endswith("\n"):
        text += "\n"
    text += line + "\n"
    path.write_text("\ufeff" + text, encoding="utf-8")
    return text.count("\n")  # the row number of the appended line


def _probs(root: Path, code: str | None = None):
    ws = load_workspace(root, as_of=AS_OF)
    return [p for p in ws.problems if code is None or p.msg.code == code]


def test_item1_two_empty_required_cells_each_reported_once(tmp_path):
    root = _stone(tmp_path)
    row = _append(root / "exams.csv", "XL03,,,,,,,")
    got = [(p.loc.file, p.loc.row, p.loc.column) for p in _probs(root, "rec.required_missing")
           if p.loc.row == row]
    assert sorted(got) == [("exams.csv", row, "B"), ("exams.csv", row, "C")]


def test_item2_pinyin_homophone_typos_get_a_suggestion(tmp_path):
    root = _stone(tmp_path)
    row1 = _append(root / "posts.csv", "P91,打磨二,车间,早声")
    row2 = _append(root / "posts.csv", "P92,打磨三,车间,矽层")
    got = {p.loc.row: p for p in _probs(root) if p.loc.file == "posts.csv" and p.loc.row in (row1, row2)}
    assert got[row1].msg.code == "rec.hazard_unknown" and got[row1].msg.params["suggestions"] == ["噪声"]
    assert got[row2].msg.code == "rec.hazard_unknown" and got[row2].msg.params["suggestions"] == ["矽尘"]


def test_item8_planned_leave_date_is_not_an_error(tmp_path):
    root = _stone(tmp_path)
    row = _append(root / "workers.csv", "XL91,张三,,男,,2020/3/1,,,2026/12/20,")
    assert [p for p in _probs(root) if p.loc.file == "workers.csv" and p.loc.row == row] == []


def test_item10_sex_mismatch_shows_the_cell_as_written(tmp_path):
    root = _stone(tmp_path)
    # 445302197003120874: 17th digit 7 = male; the cell says 女
    row = _append(root / "workers.csv", "XL92,李四,445302197003120874,女,1970/3/12,2012/3/1,,,,")
    p = [p for p in _probs(root, "rec.id_sex_mismatch") if p.loc.row == row]
    assert len(p) == 1 and p[0].value == "女" and p[0].loc.column == "D"
    r = CliRunner().invoke(cli, ["validate", str(root), "--as-of", "2026-11-27", "-o", "json"])
    out = [d for d in json.loads(r.output)["problems"] if d["code"] == "rec.id_sex_mismatch"]
    assert out[0]["value"] == "女" and out[0]["msg"]["params"]["sex"] == "女"


def test_item14_reference_hazard_names_are_recognised():
    from ohkit.records.hazards import HazardResolver

    h = HazardResolver()
    assert h.find("铬及其无机化合物") == "chromium_vi"
    assert h.find("其他致尘肺病的无机粉尘") == "other_dust"


def test_item6_totals_and_signature_rows_are_not_records(tmp_path):
    root = _stone(tmp_path)
    row1 = _append(root / "workers.csv", "合计,43人,,,,,,,,")
    row2 = _append(root / "workers.csv", ",制表人：张三,,,,,,,,")
    ws = load_workspace(root, as_of=AS_OF)
    got = [(p.msg.code, p.severity, p.loc.row, p.loc.column, p.value) for p in ws.problems
           if p.loc.file == "workers.csv" and p.loc.row in (row1, row2)]
    assert got == [("rec.summary_row", "warning", row1, "A", "合计"),
                   ("rec.summary_row", "warning", row2, "B", "制表人：张三")]
    assert not [r for r in ws.table("workers") if r.get("worker_id") == "合计" or r.row in (row1, row2)]


def _furniture(tmp_path: Path) -> Path:
    root = tmp_path / "furniture"
    shutil.copytree(EX / "furniture", root)
    return root


def test_item9_only_workbook_misnamed_is_an_error(tmp_path):
    root = _furniture(tmp_path)
    (root / "records.xlsx").rename(root / "华艺台账2026.xlsx")
    p = [p for p in _probs(root) if p.loc.file == "华艺台账2026.xlsx"]
    assert [(x.msg.code, x.severity, x.fix.code) for x in p] == [
        ("rec.workbook_not_read", "error", "rec.fix.workbook_rename")]
    r = CliRunner().invoke(cli, ["validate", str(root), "--as-of", "2026-11-27"])
    assert r.exit_code == 1 and "records.xlsx" in r.output and "没有错误" not in r.output


def test_item9_xls_workbook_says_save_as_xlsx(tmp_path):
    root = _furniture(tmp_path)
    (root / "records.xlsx").rename(root / "records.xls")
    p = [p for p in _probs(root) if p.loc.file == "records.xls"]
    assert [(x.msg.code, x.severity, x.fix.code) for x in p] == [
        ("rec.workbook_not_read", "error", "rec.fix.workbook_save_as")]
    r = CliRunner().invoke(cli, ["validate", str(root), "--as-of", "2026-11-27"])
    assert r.exit_code == 1 and ".xlsx" in r.output


def test_item15_unknown_csv_hint_lists_chinese_names_too(tmp_path):
    root = _stone(tmp_path)
    (root / "台账.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    p = [p for p in _probs(root) if p.loc.file == "台账.csv"]
    assert p[0].msg.code == "rec.file_unknown"
    known = p[0].fix.params["known"]
    assert "workers.csv" in known and "劳动者名册.csv" in known and "岗位危害.csv" in known


def test_item15_utf16_csv_is_read(tmp_path):
    root = _stone(tmp_path)
    text = (root / "workers.csv").read_text(encoding="utf-8-sig")
    n = len(load_workspace(root, as_of=AS_OF).table("workers"))
    # Excel's "Unicode text": UTF-16 LE with BOM, tab-separated
    (root / "workers.csv").write_bytes(text.replace(",", "\t").encode("utf-16"))
    ws = load_workspace(root, as_of=AS_OF)
    assert [p.msg.code for p in ws.problems if p.loc.file == "workers.csv"] == []
    assert len(ws.table("workers")) == n


def test_item15_gbk_yaml_advice_is_utf8_text_not_csv(tmp_path):
    root = _stone(tmp_path)
    y = root / "enterprise.yaml"
    y.write_bytes(y.read_text(encoding="utf-8").encode("gb18030"))
    p = [p for p in _probs(root) if p.loc.file == "enterprise.yaml"]
    assert [(x.msg.code, x.fix.code) for x in p] == [("rec.encoding_gbk", "rec.fix.encoding_gbk_text")]
    r = CliRunner().invoke(cli, ["validate", str(root), "--as-of", "2026-11-27"])
    assert "UTF-8" in r.output and "CSV UTF-8" not in r.output.split("enterprise.yaml", 2)[2].split("\n\n")[0]


def test_item15_validate_a_file_says_give_the_folder(tmp_path):
    root = _stone(tmp_path)
    r = CliRunner().invoke(cli, ["validate", str(root / "workers.csv")])
    assert r.exit_code == 2
    assert "找不到文件夹" not in r.output and "enterprise.yaml" in r.output and "文件" in r.output


def test_item15_yaml_syntax_error_keeps_line_and_column_without_english_in_zh(tmp_path):
    root = _stone(tmp_path)
    (root / "enterprise.yaml").write_text("name: 测试\nregion: 广东: 云浮\n", encoding="utf-8")
    p = [p for p in _probs(root) if p.msg.code == "rec.yaml_error"]
    assert len(p) == 1 and p[0].loc.file == "enterprise.yaml" and p[0].loc.row == 2
    zh = CliRunner().invoke(cli, ["validate", str(root), "--as-of", "2026-11-27"]).output
    line = next(ln for ln in zh.splitlines() if "enterprise.yaml:2" in ln)
    assert "expected" not in line and "第 2 行" in line and "列" in line
    en = CliRunner().invoke(cli, ["validate", str(root), "--as-of", "2026-11-27", "--lang", "en"]).output
    assert "line 2, column" in en


@pytest.mark.parametrize("char", ["\x7f", "\x9b", "\x1b"])
def test_a_control_character_in_yaml_is_named_with_its_place_not_called_an_encoding(tmp_path, char):
    """A DEL, C1 or escape character pasted into enterprise.yaml (valid UTF-8) was reported as
    "neither UTF-8 nor GBK": the user re-saved the file as UTF-8 and nothing changed."""
    root = _stone(tmp_path)
    (root / "enterprise.yaml").write_text(f"name: 测试石材\nregion: 广东省云浮市{char}\n", encoding="utf-8")
    before = (root / "enterprise.yaml").read_bytes()
    p = [p for p in _probs(root) if p.loc.file == "enterprise.yaml"]
    assert [(x.msg.code, x.loc.row, x.msg.params["column"], x.msg.params["code"]) for x in p] == [
        ("rec.yaml_control_char", 2, 15, f"U+{ord(char):04X}")]
    r = CliRunner().invoke(cli, ["validate", str(root), "--as-of", "2026-11-27"])
    block = r.output.split("enterprise.yaml", 1)[1].split("\n\n")[0]   # what is said of enterprise.yaml
    assert r.exit_code == 1 and "第 2 行第 15 列" in block and "控制字符" in block and "UTF-8" not in block
    en = CliRunner().invoke(cli, ["validate", str(root), "--as-of", "2026-11-27", "--lang", "en"]).output
    assert f"Line 2, column 15 holds an invisible control character (U+{ord(char):04X})" in en
    r = CliRunner().invoke(cli, ["report", str(root), "--as-of", "2026-11-27", "-O", str(tmp_path / "out")])
    assert "enterprise.yaml" in r.output   # the report says it rests on records that could not all be read
    assert (root / "enterprise.yaml").read_bytes() == before


def test_item15_validate_json_is_stamped(tmp_path):
    from ohkit import __version__

    root = _stone(tmp_path)
    r = CliRunner().invoke(cli, ["validate", str(root), "--as-of", "2026-11-27", "-o", "json"])
    d = json.loads(r.stdout)
    assert d["ohkit_version"] == __version__ and d["as_of"] == "2026-11-27"
    assert d["errors"] == 0 and isinstance(d["problems"], list)


def test_item15_invalid_required_enum_still_checks_the_worker(tmp_path):
    root = _stone(tmp_path)
    row = _append(root / "exams.csv", "NOBODY,2026/3/1,年检,某医院,噪声,目前未见异常,R1,")
    got = sorted((p.msg.code, p.loc.column) for p in _probs(root) if p.loc.file == "exams.csv" and p.loc.row == row)
    assert got == [("rec.enum_bad", "C"), ("rec.worker_unknown", "A")]


def test_item15_unreadable_enterprise_yaml_profile_name_is_the_folder(tmp_path):
    root = _stone(tmp_path)
    (root / "enterprise.yaml").write_text("name: [\n", encoding="utf-8")
    assert load_workspace(root, as_of=AS_OF).profile.name == "stone"


def test_item15_one_formula_cell_is_said_in_the_singular(tmp_path):
    import openpyxl

    root = tmp_path / "firm"
    root.mkdir()
    (root / "enterprise.yaml").write_text("name: 测试\n", encoding="utf-8")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "劳动者名册"
    ws.append(["工号", "姓名", "入职日期"])
    ws.append(["A1", "张三", "=DATE(2024,1,2)"])
    wb.save(root / "records.xlsx")
    r = CliRunner().invoke(cli, ["validate", str(root), "--as-of", "2026-11-27", "--lang", "en"])
    assert "holds a formula (row 2)" in r.output and "1 cells" not in r.output and "2–2" not in r.output


def test_item5_malformed_answers_are_located_problems(tmp_path):
    root = _furniture(tmp_path)
    (root / "answers.yaml").write_text(
        "# hand-edited\n"
        "ORG-4: {answer: [a, b], date: 2026-11-01}\n"    # 2: a list
        "RULE-4: 也许\n"                                  # 3: neither yes nor no
        "DECL-3: {answer: true}\n"                        # 4: no date: a warning, kept
        "DECL-5: {date: 2026-11-20}\n"                    # 5: no answer
        "EXAM-4: {answer: 是, date: 2026-11-20}\n"        # 6: fine
        "hazard_class: {answer: serious, date: 2026-11-20}\n",  # 7: a profile answer: fine
        encoding="utf-8")
    ws = load_workspace(root, as_of=AS_OF)
    got = [(p.msg.code, p.severity, p.loc.row, p.loc.column) for p in ws.problems if p.loc.file == "answers.yaml"]
    assert got == [("rec.answer_not_scalar", "error", 2, "ORG-4"),
                   ("rec.answer_not_yes_no", "error", 3, "RULE-4"),
                   ("rec.answer_no_date", "warning", 4, "DECL-3"),
                   ("rec.answer_missing", "error", 5, "DECL-5")]
    assert "ORG-4" not in ws.answers and "RULE-4" not in ws.answers and "DECL-5" not in ws.answers
    assert ws.answers["DECL-3"] == {"answer": True} and ws.answers["EXAM-4"]["answer"] == "是"
    assert ws.answers["hazard_class"]["answer"] == "serious"
    out = CliRunner().invoke(cli, ["validate", str(root), "--as-of", "2026-11-27"]).output
    assert "answers.yaml:3:RULE-4" in out and "“也许”" in out and "['a', 'b']" not in out
