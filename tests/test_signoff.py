"""Sign-off that holds (issue 12 item 4): `ohkit report --sign NAME` names who checked and when on the
signature page and records it, with the digest of every input file, in the assessment JSON beside
the report; `ohkit verify REPORT.json FIRM` says whether the records still match what was signed.

The fixture firm 冲压厂: one noise post, two workers, one exam file — small enough that which file
changed is easy to write down."""
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

AS_OF = "2026-11-20"
POSTS = [{"post_id": "P1", "post": "冲压", "workplace": "冲压车间", "hazard": "噪声", "exposed": 2, "level": "88"}]
WORKERS = [{"worker_id": w, "name": n, "hire_date": "2024-01-01", "post_id": "P1", "sex": "男",
            "birth_date": "1990-01-01"} for w, n in (("W1", "张一"), ("W2", "李二"))]
EXAMS = [{"worker_id": "W1", "date": "2026-01-05", "type": "在岗期间", "hazards": "噪声", "conclusion": "目前未见异常"}]


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture()
def signed(tmp_path):
    firm = make_firm(tmp_path / "冲压厂", posts=POSTS, workers=WORKERS, exams=EXAMS)
    out = tmp_path / "out"
    r = run("report", str(firm), "--as-of", AS_OF, "-O", str(out), "--sign", "李安全")
    assert r.exit_code == 1, r.output  # the firm has gaps: the report says so, signed or not
    return firm, out, out / f"ohkit-{AS_OF}-assessment.json"


def test_sign_records_name_date_and_file_digests_in_the_json(signed):
    firm, out, js = signed
    data = json.loads(js.read_text(encoding="utf-8"))
    s = data["signoff"]
    assert s["name"] == "李安全"
    assert s["date"] == dt.date.today().isoformat()
    assert s["records_digest"] == data["records_digest"]
    assert sorted(s["files"]) == ["enterprise.yaml", "exams.csv", "posts.csv", "workers.csv"]
    assert all(len(v) == 64 for v in s["files"].values())


def test_signature_page_names_who_checked_and_when(signed):
    _, out, _ = signed
    html = (out / f"ohkit-{AS_OF}-report.html").read_text(encoding="utf-8")
    sign = html[html.index('<section class="sign">'):]
    assert "李安全" in sign and dt.date.today().isoformat() in sign
    assert "ohkit verify" in sign


def test_unsigned_report_has_blank_lines_and_no_signoff(tmp_path):
    firm = make_firm(tmp_path / "冲压厂", posts=POSTS, workers=WORKERS, exams=EXAMS)
    out = tmp_path / "out"
    run("report", str(firm), "--as-of", AS_OF, "-O", str(out))
    data = json.loads((out / f"ohkit-{AS_OF}-assessment.json").read_text(encoding="utf-8"))
    assert "signoff" not in data


def test_verify_matches_untouched_records(signed):
    firm, _, js = signed
    r = run("verify", str(js), str(firm))
    assert r.exit_code == 0, r.output
    assert "一致" in r.output and "李安全" in r.output
    r = run("verify", str(js), str(firm), "-o", "json")
    d = json.loads(r.output)
    assert (d["match"], d["signed"], d["changed"], d["added"], d["removed"]) == (True, True, [], [], [])


def test_verify_names_the_file_changed_added_and_removed_after_signing(signed):
    firm, _, js = signed
    before = (firm / "exams.csv").read_bytes()
    (firm / "exams.csv").write_bytes(before.replace(b"2026-01-05", b"2026-01-06"))
    (firm / "training.csv").write_text("人员,角色,培训日期,学时\nW1,劳动者,2026-03-01,8\n", encoding="utf-8")
    (firm / "workers.csv").unlink()
    r = run("verify", str(js), str(firm), "-o", "json")
    assert r.exit_code == 1, r.output
    d = json.loads(r.output)
    assert (d["match"], d["changed"], d["added"], d["removed"]) == (False, ["exams.csv"], ["training.csv"], ["workers.csv"])
    r = run("verify", str(js), str(firm))
    assert r.exit_code == 1
    assert "exams.csv" in r.output and "training.csv" in r.output and "workers.csv" in r.output
    assert "ohkit report" in r.output  # what to do: report again and sign again
    r = run("verify", str(js), str(firm), "--lang", "en")
    assert "changed since" in r.output


def test_verify_an_unsigned_json_says_so(tmp_path):
    firm = make_firm(tmp_path / "冲压厂", posts=POSTS, workers=WORKERS, exams=EXAMS)
    out = tmp_path / "out"
    run("report", str(firm), "--as-of", AS_OF, "-O", str(out))
    r = run("verify", str(out / f"ohkit-{AS_OF}-assessment.json"), str(firm), "-o", "json")
    d = json.loads(r.output)
    assert (d["signed"], d["match"]) == (False, True) and r.exit_code == 0
    r = run("verify", str(out / f"ohkit-{AS_OF}-assessment.json"), str(firm))
    assert "未签字" in r.output


@pytest.mark.parametrize("content", [b"not json", b'{"as_of": "2026-11-20"}', b"\xff\xfe\x00"])
def test_verify_refuses_a_file_that_is_no_assessment(tmp_path, content):
    firm = make_firm(tmp_path / "冲压厂", posts=POSTS, workers=WORKERS, exams=EXAMS)
    bad = tmp_path / "x.json"
    bad.write_bytes(content)
    r = run("verify", str(bad), str(firm))
    assert r.exit_code == 2 and "Traceback" not in r.output


@pytest.mark.parametrize("name", ["", "   ", "a\x1bb", "x" * 201])
def test_sign_refuses_an_empty_or_odd_name(tmp_path, name):
    firm = make_firm(tmp_path / "冲压厂", posts=POSTS, workers=WORKERS, exams=EXAMS)
    r = run("report", str(firm), "--as-of", AS_OF, "-O", str(tmp_path / "out"), "--sign", name)
    assert r.exit_code == 2 and not (tmp_path / "out").exists()
