"""Issue 9 (input side): limits checked before reading, unreadable records as a fact of the
Workspace, no false all-clear, answers.yaml kept in its own style. Specific codes and places;
the broad sweep is tests/hardening/."""
from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ohkit.cli import cli
from ohkit.records import load_workspace
from ohkit.records import yamlsafe
from ohkit.records.limits import MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
AS_OF = dt.date(2026, 11, 27)


def _copy(tmp: Path, name: str = "stone") -> Path:
    d = tmp / name
    shutil.copytree(EXAMPLES / name, d)
    return d


def _codes(ws) -> list[tuple[str, str]]:
    return [(p.code, str(p.loc)) for p in ws.problems if p.severity == "error"]


def test_a_workers_table_that_is_a_folder_is_unread_not_absent(tmp_path):
    d = _copy(tmp_path)
    (d / "workers.csv").unlink()
    (d / "workers.csv").mkdir()
    ws = load_workspace(d, as_of=AS_OF)
    assert [(p.code, str(p.loc)) for p in ws.unread] == [("rec.not_a_file_dir", "workers.csv")]
    assert not ws.complete


def test_a_fifo_is_never_opened(tmp_path):
    d = _copy(tmp_path)
    (d / "exams.csv").unlink()
    os.mkfifo(d / "exams.csv")
    ws = load_workspace(d, as_of=AS_OF)  # would block forever if opened
    assert ("rec.not_a_file_special", "exams.csv") in [(p.code, str(p.loc)) for p in ws.unread]


def test_xlsx_declared_dimension_is_refused_before_calamine(tmp_path):
    d = _copy(tmp_path, "furniture")
    p = d / "records.xlsx"
    src = zipfile.ZipFile(io.BytesIO(p.read_bytes()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for i in src.infolist():
            data = src.read(i)
            if i.filename == "xl/worksheets/sheet3.xml":
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', data)
            z.writestr(i.filename, data)
    p.write_bytes(buf.getvalue())
    ws = load_workspace(d, as_of=AS_OF)
    (prob,) = [x for x in ws.unread if x.code == "rec.xlsx_dimension"]
    assert prob.loc.file == "records.xlsx" and prob.loc.sheet == "劳动者名册"
    assert prob.msg.params["cell"] == "XFD1048576" and prob.msg.params["max_rows"] == MAX_ROWS
    assert prob.msg.params["max_columns"] == MAX_COLUMNS


def test_long_cell_is_a_located_problem_and_only_its_row_is_lost(tmp_path):
    d = _copy(tmp_path)
    text = (d / "workers.csv").read_text(encoding="utf-8-sig").splitlines()
    cells = text[1].split(",")
    cells[1] = "名" * (MAX_CELL_CHARS + 1)
    text[1] = ",".join(cells)
    (d / "workers.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    ws = load_workspace(d, as_of=AS_OF)
    (prob,) = [p for p in ws.problems if p.code == "rec.cell_too_long"]
    assert str(prob.loc) == "workers.csv:2:B" and prob.msg.params["length"] == MAX_CELL_CHARS + 1
    assert len(prob.value) < 40
    rows = [r.row for r in ws.table("workers")]
    assert 2 not in rows and rows[0] == 3  # the name is required: without a usable one the row is not used


@pytest.mark.parametrize("value,code", [(".nan", "rec.number_range"), (".inf", "rec.number_range"),
                                        ("9" * 5000, "rec.number_range"), ("!!int abc", "rec.int_bad"),
                                        ("2026-02-30", "rec.int_bad")])
def test_headcount_values_out_of_range(tmp_path, value, code):
    d = _copy(tmp_path, "office")
    p = d / "enterprise.yaml"
    p.write_text(re.sub(r"(?m)^headcount:.*$", f"headcount: {value}", p.read_text(encoding="utf-8")),
                 encoding="utf-8")
    ws = load_workspace(d, as_of=AS_OF)
    assert [(x.code, x.loc.column) for x in ws.problems if x.loc.column == "headcount"] == [(code, "headcount")]


@pytest.mark.parametrize("value,code", [("2026-02-30", "rec.date_invalid"), ("2026-13-01", "rec.date_invalid"),
                                        ("0000-01-01", "rec.date_year"), ("2026-01-01T10:00:00+08:00", "rec.date_bad"),
                                        ("!!timestamp nope", "rec.date_bad")])
def test_insurance_date_values(tmp_path, value, code):
    d = _copy(tmp_path)
    p = d / "enterprise.yaml"
    p.write_text(re.sub(r"(?m)^  as_of:.*$", f"  as_of: {value}", p.read_text(encoding="utf-8")), encoding="utf-8")
    ws = load_workspace(d, as_of=AS_OF)
    assert [(x.code, str(x.loc)) for x in ws.problems if x.loc.column == "insurance.as_of"] == [
        (code, "enterprise.yaml:19:insurance.as_of")]


def test_yaml_aliases_and_depth_are_limited():
    with pytest.raises(yamlsafe.YamlLimit) as e:
        yamlsafe.load("a: &a [1]\n" + "".join(f"k{i}: *a\n" for i in range(yamlsafe.MAX_YAML_ALIASES + 1)))
    assert e.value.what == "aliases" and e.value.line == yamlsafe.MAX_YAML_ALIASES + 2
    with pytest.raises(yamlsafe.YamlLimit) as e:
        yamlsafe.load("x: " + "[" * 30 + "]" * 30)
    assert e.value.what == "depth"
    dups: list = []
    assert yamlsafe.load("a: 1\nb: 2\na: 3\n", dups) == {"a": 3, "b": 2} and dups == [("a", 1, 3)]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=60))
def test_yamlsafe_never_fails_on_a_scalar_value(s):
    """Any value after `headcount: `: a value or a YAML syntax error, never another exception."""
    try:
        yamlsafe.load("headcount: " + s + "\n")
    except (yaml.YAMLError, yamlsafe.YamlLimit):
        pass


def test_only_enterprise_yaml_is_not_an_all_clear(tmp_path):
    d = tmp_path / "f"
    d.mkdir()
    shutil.copy(EXAMPLES / "stone" / "enterprise.yaml", d)
    ws = load_workspace(d, as_of=AS_OF)
    (prob,) = [p for p in ws.problems if p.code == "rec.tables_needed"]
    assert prob.severity == "warning" and [t["en"] for t in prob.msg.params["tables"]] == [
        "posts", "workers", "exams", "training", "monitoring", "declarations", "documents", "ppe"]
    r = CliRunner().invoke(cli, ["due", str(d), "--as-of", "2026-11-27"])
    assert r.exit_code == 1 and "无法知道" in r.stdout and "职业健康检查" in r.stdout
    r = CliRunner().invoke(cli, ["validate", str(d), "--as-of", "2026-11-27"])
    assert "没有发现问题" not in r.stdout and "enterprise.yaml:hazard_class" in r.stdout


@pytest.mark.parametrize("enc,bom", [("utf-8", b""), ("gbk", b""), ("utf-16-le", b"\xff\xfe")])
def test_assess_ask_keeps_encoding_and_backup(tmp_path, enc, bom):
    d = _copy(tmp_path, "office")
    old = "# 我们的回答\r\nOTHER-1: {answer: true, date: 2026-01-01}\r\n"
    (d / "answers.yaml").write_bytes(bom + old.encode(enc))
    p = d / "enterprise.yaml"
    p.write_text(re.sub(r"(?m)^hazard_class:.*\n", "", p.read_text(encoding="utf-8")), encoding="utf-8")
    r = CliRunner().invoke(cli, ["assess", str(d), "--ask", "--as-of", "2026-11-27"], input="2\n" + "y\n" * 40)
    assert r.exit_code in (0, 1), r.output
    raw = (d / "answers.yaml").read_bytes()
    assert raw.startswith(bom + old.encode(enc)) and raw != bom + old.encode(enc)
    new = raw[len(bom):].decode(enc)
    assert "\n" not in new.replace("\r\n", "")  # CRLF kept
    data = yaml.safe_load(new)
    assert data["OTHER-1"] == {"answer": True, "date": dt.date(2026, 1, 1)} and len(data) > 1
    assert (d / "answers.yaml.bak").read_bytes() == bom + old.encode(enc)
    assert "answers.yaml.bak" in r.stderr


def test_assess_ask_refuses_a_flow_mapping_and_leaves_it(tmp_path):
    d = _copy(tmp_path, "office")
    old = b'{"OTHER-1": {"answer": true, "date": "2026-01-01"}}\n'
    (d / "answers.yaml").write_bytes(old)
    p = d / "enterprise.yaml"
    p.write_text(re.sub(r"(?m)^hazard_class:.*\n", "", p.read_text(encoding="utf-8")), encoding="utf-8")
    r = CliRunner().invoke(cli, ["assess", str(d), "--ask", "--as-of", "2026-11-27"], input="2\n" + "y\n" * 40)
    assert (d / "answers.yaml").read_bytes() == old and not (d / "answers.yaml.bak").exists()
    assert "保持原样" in r.stderr and 'hazard_class: {answer: "general"' in r.stderr


@pytest.mark.parametrize("argv", [["due", "--as-of", "0001-01-01"], ["report", "--as-of", "9999-12-31"],
                                  ["card", "--as-of", "1900-01-01"], ["due", "--within", "999999999999d"]])
def test_extreme_dates_and_periods_are_usage_errors(argv):
    r = CliRunner().invoke(cli, [argv[0], str(EXAMPLES / "stone"), *argv[1:]])
    assert r.exit_code == 2 and ("1990-01-01" in r.output or "3660" in r.output), r.output
