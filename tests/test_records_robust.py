"""No input, however broken, produces a traceback: random bytes and odd cells in
every kind of file give problems with locations, and the CLI exits 0 or 1."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ohkit.cli import cli
from ohkit.records import load_workspace

AS_OF = dt.date(2026, 6, 30)
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _firm(tmp: Path, files: dict[str, bytes]) -> Path:
    import uuid

    root = tmp / uuid.uuid4().hex
    root.mkdir()
    files.setdefault("enterprise.yaml", "name: 测试\n".encode())
    for name, data in files.items():
        (root / name).write_bytes(data)
    return root


def _check(root: Path) -> None:
    ws = load_workspace(root, as_of=AS_OF)
    for p in ws.problems:
        assert p.loc.file and p.msg.code.startswith("rec.")
    for name in ws.tables:
        ws.table(name)  # building the records never fails either
    r = CliRunner().invoke(cli, ["validate", str(root), "--as-of", "2026-06-30"])
    assert r.exit_code in (0, 1), r.output
    assert r.exception is None or isinstance(r.exception, SystemExit)


@SETTINGS
@given(st.binary(max_size=400))
def test_random_bytes_as_csv(tmp_path, data):
    _check(_firm(tmp_path, {"workers.csv": data, "exams.csv": b"\xef\xbb\xbf" + data}))


@SETTINGS
@given(st.binary(max_size=300))
def test_random_bytes_as_yaml_and_workbook(tmp_path, data):
    _check(_firm(tmp_path, {"enterprise.yaml": data, "answers.yaml": data, "records.xlsx": data}))


cells = st.one_of(st.text(max_size=12), st.sampled_from(["是", "2024/2/30", "１２", "上岗前", "1.1E+17", "=A1",
                                                         " ", "\u3000", "P01、", "噪音", "45000", "-3"]))


@SETTINGS
@given(st.lists(st.lists(cells, min_size=0, max_size=9), min_size=0, max_size=6))
def test_random_cells_in_real_headers(tmp_path, rows):
    import csv
    import io

    out = {}
    headers = {
        "workers.csv": ["工号", "姓名", "身份证号", "入职日期", "岗位编号", "离岗日期", "合同告知", "性别", "出生日期"],
        "exams.csv": ["工号", "体检日期", "体检类型", "危害因素", "体检结论", "书面告知日期", "报告编号", "x", "y"],
        "posts.csv": ["岗位编号", "岗位名称", "危害因素", "接触人数", "严重危害岗位", "告知卡设置日期", "a", "b", "c"],
        "dose.csv": ["工号", "开始日期", "结束日期", "剂量", "", "", "", "", ""],
    }
    for name, head in headers.items():
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(head)
        w.writerows(rows)
        out[name] = buf.getvalue().encode("utf-8")
    _check(_firm(tmp_path, out))


def test_gbk_and_utf8_bom_read_the_same(tmp_path):
    text = "工号,姓名,入职日期\r\nA1,张三,2024年3月5日\r\n"
    a = load_workspace(_firm(tmp_path, {"workers.csv": text.encode("gbk")}), as_of=AS_OF)
    b = load_workspace(_firm(tmp_path, {"workers.csv": text.encode("utf-8-sig")}), as_of=AS_OF)
    assert [dict(r.values) for r in a.table("workers")] == [dict(r.values) for r in b.table("workers")]
    assert [p.code for p in a.problems] == ["rec.encoding_gbk"] and b.problems == ()
    assert a.sources["workers"].encoding == "gb18030" and b.sources["workers"].encoding == "utf-8-sig"


def test_csv_variants(tmp_path):
    # tab-separated, a title line above the header, full-width commas
    ws = load_workspace(_firm(tmp_path, {"workers.csv": "劳动者名册\n\n工号\t姓名\nA1\t张三\n".encode()}), as_of=AS_OF)
    assert ws.problems == () and ws.table("workers")[0].row == 4
    ws = load_workspace(_firm(tmp_path, {"workers.csv": "工号，姓名\nA1，张三\n".encode()}), as_of=AS_OF)
    assert [(p.code, p.loc.row) for p in ws.problems if p.code != "rec.tables_needed"] == [("rec.csv_fullwidth_comma", 1)]
    # Chinese file names are table names too
    ws = load_workspace(_firm(tmp_path, {"劳动者名册.csv": "工号,姓名\nA1,张三\n".encode()}), as_of=AS_OF)
    assert ws.problems == () and len(ws.table("workers")) == 1
    ws = load_workspace(_firm(tmp_path, {"劳动者名册.csv": b"a,b\n", "workers.csv": "工号,姓名\nA1,x\n".encode()}),
                        as_of=AS_OF)
    assert "rec.table_twice" in [p.code for p in ws.problems]


def test_office_lock_and_hidden_files_are_ignored(tmp_path):
    root = _firm(tmp_path, {"~$records.xlsx": b"\x00lock", "~$workers.csv": b"\x00lock", ".workers.csv": b"x",
                            "workers.csv": "工号,姓名\nA1,张三\n".encode()})
    ws = load_workspace(root, as_of=AS_OF)
    assert ws.problems == () and len(ws.table("workers")) == 1
    assert ws.files == ("enterprise.yaml", "workers.csv")


def test_unquoted_fast_path_reads_like_the_csv_module(tmp_path):
    body = ("工号,姓名,入职日期,岗位编号\r\n"
            "A1,张三,2024/3/5,P01\r\n"
            "\r\n"
            ",,,\r\n"
            "A2,李四,2024-13-01\r\n"      # a short row
            "A3,王五,2024年1月2日,P01;P02,extra\r\n"
            "A4, 赵六 ,45000,P02\r\n")
    quoted = body.replace("A4, 赵六 ,", 'A4," 赵六 ",')  # one quote: the csv module reads this file
    a = load_workspace(_firm(tmp_path, {"workers.csv": body.encode()}), as_of=AS_OF)
    b = load_workspace(_firm(tmp_path, {"workers.csv": quoted.encode()}), as_of=AS_OF)
    assert [(r.row, dict(r.values)) for r in a.table("workers")] == [(r.row, dict(r.values)) for r in b.table("workers")]
    assert [(p.code, str(p.loc)) for p in a.problems] == [(p.code, str(p.loc)) for p in b.problems]
    assert [r.row for r in a.table("workers")] == [2, 5, 6, 7]
    assert [(p.code, str(p.loc)) for p in a.problems] == [("rec.date_invalid", "workers.csv:5:C")]


def test_not_applicable_marks_are_empty_cells_where_they_cannot_be_values(tmp_path):
    root = _firm(tmp_path, {
        "workers.csv": "工号,姓名,离岗日期,特殊时期,身份证号,合同告知\nA1,张三,/,无,—,无\nA2,李四,-,,,是\n".encode(),
        "posts.csv": "岗位编号,岗位名称,危害因素,防护设施,警示标识,接触人数\nP1,木工,噪声,无,无,/\n".encode(),
    })
    ws = load_workspace(root, as_of=AS_OF)
    # (a firm with a noisy post but no exam, training … tables is told which tables are missing)
    assert [p.code for p in ws.problems] == ["rec.tables_needed"]
    w = ws.table("workers")
    assert w[0]["contract_notice"] is False  # 无 in a yes/no column means "no"
    assert "leave_date" not in w[0].values and "special_status" not in w[0].values and "id_number" not in w[0].values
    p = ws.table("posts")[0]
    assert p["controls"] == "无" and p["signs_posted"] is False and "exposed" not in p.values


def test_worker_consistency_warnings(tmp_path):
    root = _firm(tmp_path, {"workers.csv": (
        "工号,姓名,身份证号,性别,出生日期,入职日期,上岗日期\n"
        "A1,张三,110105198803051231,女,1988-03-06,2020-01-01,2019-12-01\n"   # ID says male, born 03-05
        "A2,李四,320582199206124568,女,1992-06-12,2020-01-01,2020-01-01\n").encode()})
    ws = load_workspace(root, as_of=AS_OF)
    assert [(p.code, str(p.loc), p.severity) for p in ws.problems if p.code != "rec.tables_needed"] == [
        ("rec.id_sex_mismatch", "workers.csv:2:D", "warning"),
        ("rec.id_birth_mismatch", "workers.csv:2:E", "warning"),
        ("rec.start_before_hire", "workers.csv:2:G", "warning"),
    ]
    assert len(ws.table("workers")) == 2


def test_english_names_repeated_in_hazard_columns(tmp_path):
    root = _firm(tmp_path, {
        "posts.csv": b"post_id,post,hazard\nP1,a,noise\nP2,b,noise\nP3,c,benzene\nP4,d,nois\n",
        "monitoring.csv": b"date,kind,post_id,hazard,value\n2025-01-01,periodic,P1,noise,88\n2025-01-01,periodic,P2,noise,80\n",
        "exams.csv": b"worker_id,date,type,hazards\nA1,2025-01-01,periodic,noise\nA2,2025-01-01,periodic,noise\n",
    })
    ws = load_workspace(root, as_of=AS_OF)
    assert [(p.code, str(p.loc)) for p in ws.problems if p.code != "rec.tables_needed"] == [("rec.hazard_unknown", "posts.csv:5:C"),
                                                           ("rec.no_workers_table", "exams.csv")]
    assert [r.get("hazard_id") for r in ws.table("posts")] == ["noise", "noise", "benzene", None]
    assert [r["hazard_ids"] for r in ws.table("exams")] == [("noise",), ("noise",)]
    assert [r["hazard_id"] for r in ws.table("monitoring")] == ["noise", "noise"]


def test_several_hazards_in_one_post_row(tmp_path):
    root = _firm(tmp_path, {"posts.csv": "岗位编号,岗位名称,危害因素\nP1,喷漆,苯、甲苯\nP2,打磨,木粉尘;噪声X\n".encode()})
    ws = load_workspace(root, as_of=AS_OF)
    assert [(p.code, str(p.loc)) for p in ws.problems if p.code != "rec.tables_needed"] == [("rec.hazard_several", "posts.csv:2:C"),
                                                           ("rec.hazard_unknown", "posts.csv:3:C")]


def test_header_with_many_columns_of_the_firms_own(tmp_path):
    head = "序号,部门,班组,工号,职务,学历,籍贯,姓名,政治面貌,婚否,备注\n"
    root = _firm(tmp_path, {"workers.csv": (head + "1,一车间,甲班,A1,工人,高中,福建,张三,群众,是,\n").encode()})
    ws = load_workspace(root, as_of=AS_OF)
    assert [r["name"] for r in ws.table("workers")] == ["张三"]
    # the firm's own columns: one warning for all nine
    assert [(p.code, str(p.loc), p.msg.params["count"]) for p in ws.problems if p.code != "rec.tables_needed"] == [
        ("rec.column_unknown", "workers.csv:1:A", 9)]
