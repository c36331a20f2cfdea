"""`ohkit assess` through click: walk-through driven by input=, answers.yaml written and
preserved, -o json equals the library, determinism, exit codes, bundled example untouched."""
from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
from pathlib import Path

import yaml
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "engine"))
from firmkit import CHECKLISTS, make_firm  # noqa: E402

from ohkit.cli import cli  # noqa: E402

FIX = Path(__file__).parent / "fixtures" / "engine"
BASIC = FIX / "basic"
ARGS = ["--as-of", "2026-11-27", "--checklists", str(CHECKLISTS)]


def run(*args, input=None):
    return CliRunner().invoke(cli, ["assess", *args], input=input, catch_exceptions=False)


def test_text_summary_lists_failures_rows_and_due_dates():
    r = run(str(BASIC), *ARGS, "--no-input")
    assert r.exit_code == 1, r.output
    out = r.stdout
    assert "测试家具厂 职业卫生自查（2026-11-27）" in out
    assert "EXAM-2" in out and "张三（W1）" in out and "[workers.csv:2; exams.csv:3]" in out
    # W1's exam was due 2026-02-28 only by GBZ 188 intervals that are not confirmed: advice, not 不符合
    assert "~ EXAM-2" in out and "很可能已逾期" in out and "✗ EXAM-2" not in out
    assert "最近到期事项" in out and "2027-03-01 王五（W3）" in out
    assert "110101199003071233" not in out


def test_english():
    r = run(str(BASIC), *ARGS, "--no-input", "--lang", "en")
    assert r.exit_code == 1
    assert ("(12 months for noise, silica dust, from GBZ 188-2025, GBZ 188-2014, not yet confirmed against the "
            "standard's text) the periodic exam after the one on 2025-02-28 was due on 2026-02-28: it is probably "
            "overdue") in r.stdout
    assert "Not met (8), most serious first" in r.stdout
    # W2's results never given in writing: late only by the unconfirmed 30-day limit (issue 8 item 8);
    # W1 and W2 overdue only by unconfirmed GBZ 188 intervals
    assert "Rule unconfirmed (2):" in r.stdout and "~ EXAM-7 " in r.stdout and "~ EXAM-2 " in r.stdout


def test_area_names_and_order_come_from_the_catalogue():
    """"By area" lines read the catalogue's area names (areas: in obligations.yaml), in its order."""
    for lang, first, exam in (("zh", "组织机构和人员 ORG", "职业健康检查 EXAM"),
                              ("en", "Organisation and staff ORG", "Health examinations EXAM")):
        r = run(str(BASIC), *ARGS, "--no-input", "--lang", lang)
        lines = [ln.strip() for ln in r.stdout.splitlines()]
        i = next(i for i, ln in enumerate(lines) if ln in ("按领域", "By area"))
        assert lines[i + 1].startswith(first), lines[i:i + 4]
        assert any(ln.startswith(exam) for ln in lines[i + 1:i + 17]), lines[i:i + 17]
    data = json.loads(run(str(BASIC), *ARGS, "--no-input", "-o", "json").stdout)
    assert list(data["summary"]["by_area"])[:5] == ["ORG", "RULE", "DECL", "MON", "EXAM"]


def test_json_equals_library_and_is_deterministic():
    from ohkit.catalogue import load_catalogue
    from ohkit.engine import assess
    from ohkit.i18n import translator
    from ohkit.records import load_workspace
    from ohkit.render.jsonout import assessment_to_dict

    r1 = run(str(BASIC), *ARGS, "-o", "json")
    r2 = run(str(BASIC), *ARGS, "-o", "json")
    assert r1.exit_code == 1 and r1.stdout == r2.stdout
    data = json.loads(r1.stdout)
    as_of = dt.date(2026, 11, 27)
    cat = load_catalogue(CHECKLISTS)
    lib = assessment_to_dict(assess(load_workspace(BASIC, as_of=as_of), as_of, cat), translator("zh"), cat)
    assert data == json.loads(json.dumps(lib, ensure_ascii=False))
    f = {x["obligation_id"]: x for x in data["findings"]}
    assert f["EXAM-8"]["status"] == "fail" and f["EXAM-8"]["subjects"][0]["id"] == "W2"
    assert f["EXAM-8"]["subjects"][0]["msg"]["code"] == "eng.ci.on_post"
    assert f["EXAM-8"]["subjects"][0]["message"].startswith("2024-11-20 体检发现职业禁忌证")
    assert data["summary"]["totals"] == {"met": 4, "not_met": 8, "unknown": 13, "not_applicable": 7}
    assert f["EXAM-7"]["status"] == "unconfirmed" and "decided_by:EXAM-7" in f["EXAM-7"]["unconfirmed"]
    w1 = [w for w in data["workers"] if w["worker_id"] == "W1"][0]
    assert w1["id_number"] == "110101********1233" and w1["next_exam"] == "2026-02-28"
    assert "110101199003071233" not in r1.stdout


def test_walk_through_saves_answers_and_keeps_comments(tmp_path):
    firm = make_firm(tmp_path / "firm", profile={"hazard_class": None, "uses_high_toxic": None},
                     answers="# 我们的备注\nOTHER-1: {answer: true, date: 2026-01-01}  # keep me\n",
                     posts=[{"post_id": "P1", "post": "打磨", "hazard": "噪声", "level": "88", "serious": False}])
    # profile: hazard_class (enum) -> 2 (general); headcount is known; uses_high_toxic -> 否; radiation known
    # then the obligation questions in catalogue order (ORG-1 yes, ORG-4 no, DECL-2 skipped)
    r = run(str(firm), *ARGS, "--ask", input="2\n否\ny\nn\n\n")
    assert r.exit_code == 1, r.output
    assert "[1/2]" in r.stdout and "本单位职业病危害程度？" in r.stdout
    text = (firm / "answers.yaml").read_text(encoding="utf-8")
    assert text.startswith("# 我们的备注\nOTHER-1: {answer: true, date: 2026-01-01}  # keep me\n")
    data = yaml.safe_load(text)
    today = dt.date.today()
    assert data["hazard_class"] == {"answer": "general", "date": today}
    assert data["uses_high_toxic"] == {"answer": False, "date": today}
    assert data["ORG-1"]["answer"] is True and data["ORG-4"]["answer"] is False
    assert "DECL-2" not in data
    # the previous answers.yaml is kept beside it
    assert sorted(p.name for p in firm.iterdir()) == ["answers.yaml", "answers.yaml.bak", "enterprise.yaml",
                                                      "posts.csv"]
    assert (firm / "answers.yaml.bak").read_text(encoding="utf-8") == (
        "# 我们的备注\nOTHER-1: {answer: true, date: 2026-01-01}  # keep me\n")
    # answered again: the key is rewritten in place, nothing else moves
    r2 = run(str(firm), *ARGS, "--ask", input="y\n\n")   # DECL-2 yes, then ... skip
    text2 = (firm / "answers.yaml").read_text(encoding="utf-8")
    assert text2.startswith(text) and yaml.safe_load(text2)["DECL-2"]["answer"] is True
    j = json.loads(run(str(firm), *ARGS, "-o", "json").stdout)
    f = {x["obligation_id"]: x for x in j["findings"]}
    assert (f["ORG-1"]["status"], f["ORG-1"]["met"]) == ("manual", True)
    assert (f["ORG-4"]["status"], f["ORG-4"]["met"]) == ("manual", False)
    assert j["flags"]["serious"] is False and j["flags"]["high_toxic"] is False


def test_no_input_never_asks_and_json_never_asks(tmp_path):
    firm = make_firm(tmp_path / "f", posts=[{"post_id": "P1", "post": "打磨", "hazard": "噪声", "serious": False}])
    r = run(str(firm), *ARGS, "--no-input", input="y\n")
    assert not (firm / "answers.yaml").exists() and "[1/" not in r.stdout
    r = run(str(firm), *ARGS, "-o", "json", "--ask", input="y\n")
    json.loads(r.stdout)
    assert not (firm / "answers.yaml").exists()


def test_bundled_example_is_used_and_never_written(tmp_path, monkeypatch):
    import ohkit.paths as paths

    ex = tmp_path / "pkgdata" / "examples"
    shutil.copytree(BASIC, ex / paths.DEFAULT_EXAMPLE)
    monkeypatch.setattr(paths, "examples_dir", lambda: ex)
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    r = run(*ARGS, "--ask", input="y\ny\ny\ny\ny\ny\ny\ny\ny\ny\ny\ny\n")
    assert r.exit_code == 1
    assert "内置示例" in r.stderr and "不会保存" in r.stderr
    assert not (ex / paths.DEFAULT_EXAMPLE / "answers.yaml").exists()
    assert sorted(p.name for p in (ex / paths.DEFAULT_EXAMPLE).iterdir()) == sorted(p.name for p in BASIC.iterdir())


def test_cannot_run_exit_2(tmp_path):
    r = run(str(tmp_path / "nope"), *ARGS)
    assert r.exit_code == 2 and "找不到文件夹" in r.stderr
    r = run(str(tmp_path), *ARGS)
    assert r.exit_code == 2 and "enterprise.yaml" in r.stderr


def test_exit_0_when_nothing_needs_action(tmp_path):
    firm = make_firm(tmp_path / "f", profile={"hazard_class": "none", "headcount": 1,
                                             "insurance": {"insured": 1, "as_of": "2026-10-01"}},
                     workers=[{"worker_id": "W1", "name": "甲", "sex": "男", "birth_date": "1990-01-01",
                               "hire_date": "2020-01-01"}])
    r = run(str(firm), *ARGS, "--no-input")
    assert r.exit_code == 0, r.stdout


def test_exit_1_when_an_applicable_duty_is_unknown(tmp_path):
    """A firm whose records say nothing (no tables, nothing answered): every duty is unknown,
    the user has records to fill in, so the exit code is 1 (lead's decision, issue 3 item 16)."""
    firm = make_firm(tmp_path / "f", profile={"hazard_class": "none", "headcount": 1})
    r = run(str(firm), *ARGS, "--no-input", "-o", "json")
    data = json.loads(r.stdout)
    t = data["summary"]["totals"]
    assert t["not_met"] == 0 and t["unknown"] > 0, t
    assert r.exit_code == 1, r.stdout


def test_answers_running_out_saves_what_was_answered(tmp_path):
    firm = make_firm(tmp_path / "f", posts=[{"post_id": "P1", "post": "打磨", "hazard": "噪声", "serious": False}])
    r = run(str(firm), *ARGS, "--ask", input="是\n")     # first question answered, then end of input
    assert r.exit_code == 1 and "Traceback" not in r.output
    data = yaml.safe_load((firm / "answers.yaml").read_text(encoding="utf-8"))
    assert list(data) == ["ORG-1"] and data["ORG-1"]["answer"] is True


def test_bad_answer_is_asked_again(tmp_path):
    firm = make_firm(tmp_path / "f", posts=[{"post_id": "P1", "post": "打磨", "hazard": "噪声", "serious": False}])
    r = run(str(firm), *ARGS, "--ask", input="也许\nn\nq\n")
    assert "请回答“是”或“否”" in r.stdout
    data = yaml.safe_load((firm / "answers.yaml").read_text(encoding="utf-8"))
    assert data == {"ORG-1": {"answer": False, "date": dt.date.today()}}
