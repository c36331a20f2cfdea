"""The records layer on small fixture firms whose expected problems are written down.

Fixture firms: tests/fixtures/records/{clean,broken} (made by make_fixtures.py).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ohkit.cli import cli
from ohkit.i18n import translator
from ohkit.records import load_workspace, validate_folder
from ohkit.records.report import problems_to_dict

FIX = Path(__file__).parent / "fixtures" / "records"
AS_OF = dt.date(2026, 6, 30)

# (code, file, row, column) for every problem the broken firm must produce, in order.
BROKEN_EXPECTED = [
    ("rec.uscc_checksum", "enterprise.yaml", 2, "credit_code"),
    ("rec.int_bad", "enterprise.yaml", 3, "headcount"),
    ("rec.enum_bad", "enterprise.yaml", 4, "hazard_class"),
    ("rec.date_future", "enterprise.yaml", 7, "insurance.as_of"),
    ("rec.hazard_unknown", "enterprise.yaml", 9, "exam_intervals.水泥末子"),
    ("rec.yaml_key_unknown", "enterprise.yaml", 10, "legal_rep"),
    ("rec.hazard_unknown", "posts.csv", 4, "C"),
    ("rec.too_small", "posts.csv", 4, "D"),
    ("rec.encoding_gbk", "workers.csv", None, None),
    ("rec.id_checksum", "workers.csv", 3, "C"),
    ("rec.worker_duplicate", "workers.csv", 4, "A"),
    ("rec.date_invalid", "workers.csv", 4, "D"),
    ("rec.id_numeric", "workers.csv", 5, "C"),
    ("rec.date_ambiguous", "workers.csv", 5, "D"),
    ("rec.post_unknown", "workers.csv", 5, "E"),
    ("rec.leave_before_hire", "workers.csv", 6, "F"),
    ("rec.date_future", "workers.csv", 7, "D"),
    ("rec.worker_unknown", "exams.csv", 3, "A"),
    ("rec.enum_bad", "exams.csv", 4, "C"),
    ("rec.hazard_unknown", "exams.csv", 4, "D"),
    ("rec.required_missing", "exams.csv", 5, "B"),
    ("rec.required_missing", "exams.csv", 7, "B"),
    ("rec.required_missing", "exams.csv", 7, "C"),
    ("rec.encoding_gbk", "training.csv", None, None),
    ("rec.encoding_pua", "training.csv", 1, None),
    ("rec.column_missing", "monitoring.csv", 1, None),
    ("rec.header_not_found", "declarations.csv", None, None),
    ("rec.header_duplicate", "documents.csv", 1, "C"),
    ("rec.column_unknown", "documents.csv", 1, "D"),
    ("rec.file_empty", "ppe.csv", None, None),
    ("rec.file_binary", "dose.csv", None, None),
    ("rec.file_unknown", "notes.csv", None, None),
]
BROKEN_WARNINGS = {"rec.yaml_key_unknown", "rec.encoding_gbk", "rec.column_unknown", "rec.file_empty",
                   "rec.file_unknown"}


def folder_hash(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        h.update(str(p.relative_to(root)).encode())
        if p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()


def test_clean_firm_has_no_problems_and_typed_values():
    ws = load_workspace(FIX / "clean", as_of=AS_OF)
    assert [(p.code, str(p.loc)) for p in ws.problems] == []
    prof = ws.profile
    assert prof.name == "示例木器加工厂"
    assert prof.credit_code == "91350100M000100Y43"
    assert prof.size == "small" and prof.hazard_class == "general" and prof.headcount == 5
    assert prof.oh_manager.name == "林秀英" and prof.oh_manager.full_time is False
    assert prof.insurance.insured == 5 and prof.insurance.as_of == dt.date(2026, 1, 1)
    assert prof.has_union is False and prof.uses_high_toxic is True
    assert prof.contact_phone == "0591-12345678"  # given under its Chinese key
    assert dict(prof.exam_intervals) == {"noise": 12}

    posts = ws.table("posts")
    assert [r["card_posted"] for r in posts] == [dt.date(2024, 3, 5)] * 3
    assert [r["signs_posted"] for r in posts] == [True, True, True]
    assert [r.get("hazard_id") for r in posts] == ["wood_dust", "noise", "benzene"]
    assert posts[2]["serious"] is True and posts[0]["exposed"] == 3

    w = {r["worker_id"]: r for r in ws.table("workers")}
    assert set(w) == {"A001", "A002", "A003", "A004"}  # full-width Ａ００４ folded
    assert w["A001"]["id_number"] == "110105198803051231"
    assert w["A003"]["hire_date"] == dt.date(2023, 3, 15)  # Excel serial 45000
    assert w["A003"]["post_id"] == ("P01", "P02")
    assert w["A004"]["post_id"] == ("P01", "P02")
    assert w["A004"]["hire_date"] == dt.date(2024, 1, 2)  # ２０２４年１月２日
    assert w["A004"]["name"] == "刘洋" and w["A004"]["sex"] == "male"
    assert w["A001"]["contract_notice"] == dt.date(2023, 2, 1)
    assert w["A002"]["contract_notice"] is True and w["A003"]["contract_notice"] is False
    assert w["A002"]["special_status"] == "lactation"
    assert w["A001"].loc("hire_date").column == "F"

    exams = ws.table("exams")
    assert [r["type"] for r in exams] == ["pre_employment", "pre_employment", "periodic", "exit"]
    assert [r["conclusion"] for r in exams] == ["normal", "normal", "recheck", "normal"]
    assert exams[0]["hazards"] == ("木粉尘", "噪声")
    assert exams[2]["hazards"] == ("木粉尘", "噪声")
    assert exams[3]["hazard_ids"] == ("noise", "wood_dust")  # aliases 噪音, 木尘
    assert [r.row for r in exams] == [2, 3, 4, 5]

    tr = ws.table("training")
    assert [(r["role"], r["hours"], r["kind"], r["passed"]) for r in tr] == [
        ("principal", 16, "initial", True), ("worker", 8, "initial", True), ("worker", 4, "continuing", True)]
    mon = ws.table("monitoring")
    assert [r["verdict"] for r in mon] == ["pass", "fail"] and mon[1]["value"] == "88.5"
    assert [r["kind"] for r in ws.table("declarations")] == ["initial", "annual"]
    assert [r["qty"] for r in ws.table("ppe")] == [20, 1]
    assert not ws.has_table("dose") and ws.table("dose") == ()
    assert ws.sources["workers"].encoding == "utf-8-sig"
    assert len(ws.digest) == 64
    assert "enterprise.yaml" in ws.files and "workers.csv" in ws.files


def test_broken_firm_problems_are_exactly_the_expected_ones():
    problems = validate_folder(FIX / "broken", as_of=AS_OF)
    got = [(p.code, p.loc.file, p.loc.row, p.loc.column) for p in problems]
    assert got == BROKEN_EXPECTED
    for p in problems:
        assert p.severity == ("warning" if p.code in BROKEN_WARNINGS else "error"), p.code
        assert p.fix is not None, p.code


def test_broken_firm_details():
    ws = load_workspace(FIX / "broken", as_of=AS_OF)
    by = {(p.code, p.loc.file, p.loc.row): p for p in ws.problems}
    hz = by[("rec.hazard_unknown", "posts.csv", 4)]
    assert hz.value == "水泥末子" and "水泥粉尘" in hz.msg.params["suggestions"]
    # ID numbers are masked in every problem
    idp = by[("rec.id_checksum", "workers.csv", 3)]
    assert idp.value == "110105********1232" and "1988" not in json.dumps(idp.to_dict(), ensure_ascii=False)
    assert by[("rec.worker_duplicate", "workers.csv", 4)].msg.params["first_row"] == 2
    # the exam row without its date is not used; the others are
    assert [r.row for r in ws.table("exams")] == [2, 3, 6]  # rows 4 (bad type) and 5 (no date) unused
    # monitoring lacks the required date column: no usable rows
    assert ws.has_table("monitoring") and ws.table("monitoring") == ()
    assert ws.sources["workers"].encoding == "gb18030"
    assert ws.profile.name == "坏数据石材厂" and ws.profile.headcount is None


def test_as_of_decides_what_is_in_the_future():
    codes = [p.code for p in validate_folder(FIX / "broken", as_of=dt.date(2027, 6, 30))]
    assert "rec.date_future" not in codes


def test_cli_json_equals_library_result():
    r = CliRunner().invoke(cli, ["validate", str(FIX / "broken"), "--as-of", "2026-06-30", "-o", "json"])
    assert r.exit_code == 1, r.output
    expected = problems_to_dict(validate_folder(FIX / "broken", as_of=AS_OF), translator("zh"))
    assert json.loads(r.stdout)["problems"] == json.loads(json.dumps(expected, ensure_ascii=False))


def test_cli_text_groups_by_file_with_locations_and_fixes():
    r = CliRunner().invoke(cli, ["validate", str(FIX / "broken"), "--as-of", "2026-06-30"])
    assert r.exit_code == 1
    out = r.stdout
    assert "workers.csv:4:D" in out and "2021-13-01" in out
    assert "→ 请与身份证核对" in out
    assert "workers.csv：错误 8 个，警告 1 个" in out
    assert out.index("\nenterprise.yaml\n") < out.index("\nworkers.csv\n") < out.index("\nexams.csv\n")
    assert "110105198803051232" not in out


def test_cli_english():
    r = CliRunner().invoke(cli, ["validate", str(FIX / "broken"), "--as-of", "2026-06-30", "--lang", "en"])
    assert r.exit_code == 1
    assert "“2021-13-01” in “入职日期” is not a real calendar date." in r.stdout
    assert "In all: errors 26, warnings 6." in r.stdout


def test_cli_clean_exit_zero_and_warnings_do_not_fail(tmp_path):
    r = CliRunner().invoke(cli, ["validate", str(FIX / "clean"), "--as-of", "2026-06-30"])
    assert r.exit_code == 0, r.output
    assert "没有发现问题" in r.stdout
    firm = tmp_path / "firm"
    shutil.copytree(FIX / "clean", firm)
    (firm / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")  # only a warning
    r = CliRunner().invoke(cli, ["validate", str(firm), "--as-of", "2026-06-30", "-o", "json"])
    assert r.exit_code == 0
    assert [p["code"] for p in json.loads(r.stdout)["problems"]] == ["rec.file_unknown"]


def test_cli_cannot_run_exit_two(tmp_path):
    r = CliRunner().invoke(cli, ["validate", str(tmp_path / "nope")])
    assert r.exit_code == 2
    r = CliRunner().invoke(cli, ["validate", str(tmp_path)])  # no enterprise.yaml
    assert r.exit_code == 2
    r = CliRunner().invoke(cli, ["validate", str(FIX / "clean"), "--as-of", "2026-13-01"])
    assert r.exit_code == 2


@pytest.mark.parametrize("firm", ["clean", "broken"])
def test_validate_never_writes_into_the_firm_folder(firm, tmp_path):
    root = tmp_path / firm
    shutil.copytree(FIX / firm, root)
    before = folder_hash(root)
    for args in (["validate", str(root)], ["validate", str(root), "-o", "json", "--lang", "en"]):
        r = CliRunner().invoke(cli, args)
        assert r.exit_code in (0, 1)
    load_workspace(root, as_of=AS_OF)
    assert folder_hash(root) == before


def test_digest_changes_with_content(tmp_path):
    root = tmp_path / "f"
    shutil.copytree(FIX / "clean", root)
    d1 = load_workspace(root, as_of=AS_OF).digest
    assert load_workspace(root, as_of=AS_OF).digest == d1
    p = root / "ppe.csv"
    p.write_bytes(p.read_bytes() + "A001,耳塞,2024-02-01,2\r\n".encode())
    assert load_workspace(root, as_of=AS_OF).digest != d1


def test_answers_yaml_is_read_and_tolerated(tmp_path):
    root = tmp_path / "f"
    shutil.copytree(FIX / "clean", root)
    assert load_workspace(root, as_of=AS_OF).answers == {}
    (root / "answers.yaml").write_text("RULE-3: {answer: yes, date: 2026-05-01}\n", encoding="utf-8")
    ws = load_workspace(root, as_of=AS_OF)
    assert ws.answers == {"RULE-3": {"answer": True, "date": dt.date(2026, 5, 1)}}
    assert ws.problems == ()
    (root / "answers.yaml").write_text("- just\n- a list\n", encoding="utf-8")
    ws = load_workspace(root, as_of=AS_OF)
    assert ws.answers == {} and [p.code for p in ws.problems] == ["rec.answers_bad"]


@pytest.mark.parametrize("text,expected", [
    ("name: [a, b]\nheadcount: {x: 1}\n", [("rec.yaml_not_scalar", 1, "name"), ("rec.yaml_not_scalar", 2, "headcount")]),
    ("name:\nregion: 福建\n", [("rec.enterprise_name_missing", None, "name")]),
    ("单位名称: 测试厂\n劳动者人数: ２０\nsize: 微型企业\n", []),
    ("name: a\nname2: b\n", [("rec.yaml_key_unknown", 2, "name2")]),
    ("name: a\n单位名称: b\n", [("rec.yaml_key_twice", 2, "name")]),
    ("- a\n- b\n", [("rec.yaml_not_mapping", 1, None)]),
    ("name: a\n  bad: indent\n", [("rec.yaml_error", 2, None)]),
    ("", [("rec.file_empty", None, None)]),
    ("name: a\noh_manager: 王五\ncredit_code: 91350100M000100Y4\n", [("rec.uscc_format", 3, "credit_code")]),
])
def test_enterprise_yaml_problems(tmp_path, text, expected):
    (tmp_path / "enterprise.yaml").write_text(text, encoding="utf-8")
    ws = load_workspace(tmp_path, as_of=AS_OF)
    assert [(p.code, p.loc.row, p.loc.column) for p in ws.problems] == expected
    if text.startswith("单位名称"):
        assert ws.profile.name == "测试厂" and ws.profile.headcount == 20 and ws.profile.size == "micro"
    if "王五" in text:
        assert ws.profile.oh_manager.name == "王五"


def test_no_firm_uses_the_bundled_example(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a folder without enterprise.yaml
    r = CliRunner().invoke(cli, ["validate", "-o", "json"])
    assert r.exit_code in (0, 1)
    assert isinstance(json.loads(r.stdout)["problems"], list)  # the note about the example goes to stderr
    assert "furniture" in r.stderr


def test_missing_enterprise_yaml_in_library_call(tmp_path):
    (tmp_path / "workers.csv").write_text("工号,姓名\nA1,张三\n", encoding="utf-8")
    ws = load_workspace(tmp_path, as_of=AS_OF)
    assert [p.code for p in ws.problems] == ["rec.enterprise_missing"]
    assert len(ws.table("workers")) == 1
