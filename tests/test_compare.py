"""Comparing with the last self-check: `ohkit assess --since`, `ohkit report --since` (and the
earlier assessment JSON found in the output folder), `ohkit portfolio --since`, and the pure
functions in ohkit.engine.compare.

The fixture firm 冲压厂 at two dates (written-down expectations):

* then = records on 2026-01-15: 李二 (W2) has had no periodic noise exam since the pre-employment
  exam of 2023-12-20, 张一's (W1) periodic exam of 2025-01-10 fell due 2026-01-10 (noise 88 dB(A):
  12 months, the interval the firm's exam institution set, recorded in enterprise.yaml's
  exam_intervals — a confirmed fact; GBZ 188's own interval, unconfirmed in ohkit, would only give
  "rule unconfirmed") → EXAM-2 not met, exam coverage 0/2. The first declaration of 2025-02-01 is
  11½ months old: the annual update window (11–13 months, the declaration system's rule) is open,
  so DECL-4 is met. No training records → TRAIN-1/TRAIN-2 not met.
* now = records on 2026-11-20: both had periodic exams in January/February 2026 → EXAM-2 met
  (gap fixed), coverage 2/2; no annual update was filed by 2026-03-01 → DECL-4 not met (newly broken);
  TRAIN-1 and TRAIN-2 still not met.
"""
from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from ohkit.cli import cli
from ohkit.engine.compare import compare_assessments, compare_portfolios

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "engine"))
from firmkit import make_firm  # noqa: E402

D = dt.date
REPO = Path(__file__).resolve().parents[1]
POSTS = [{"post_id": "P1", "post": "冲压", "workplace": "冲压车间", "hazard": "噪声", "exposed": 2, "level": "88",
          "card_posted": D(2024, 1, 2), "signs_posted": True}]
WORKERS = [{"worker_id": w, "name": n, "hire_date": D(2024, 1, 1), "post_id": "P1", "contract_notice": D(2024, 1, 1),
            "sex": "男", "birth_date": D(1990, 1, 1)} for w, n in (("W1", "张一"), ("W2", "李二"))]


def _exam(w, day, kind):
    return {"worker_id": w, "date": day, "type": kind, "hazards": "噪声", "conclusion": "目前未见异常",
            "notified": day + dt.timedelta(days=5)}


EX_THEN = [_exam("W1", D(2023, 12, 20), "上岗前"), _exam("W2", D(2023, 12, 20), "上岗前"),
           _exam("W1", D(2025, 1, 10), "在岗期间")]
EX_NOW = EX_THEN + [_exam("W1", D(2026, 1, 5), "在岗期间"), _exam("W2", D(2026, 2, 1), "在岗期间")]
DECL = [{"date": D(2025, 2, 1), "kind": "首次", "receipt_no": "R1"}]
THEN, NOW = "2026-01-15", "2026-11-20"
REGION = {"region": "天津市西青区", "exam_intervals": {"噪声": 12}}


@pytest.fixture()
def snapshots(tmp_path):
    # in Tianjin, where the 11–13-month update window is a sourced local rule (DECL-4 decides there)
    then = make_firm(tmp_path / "then" / "冲压厂", profile=REGION, posts=POSTS, workers=WORKERS, exams=EX_THEN,
                     declarations=DECL)
    now = make_firm(tmp_path / "now" / "冲压厂", profile=REGION, posts=POSTS, workers=WORKERS, exams=EX_NOW,
                    declarations=DECL)
    return then, now


def _assess_json(firm, as_of, *extra):
    r = CliRunner().invoke(cli, ["assess", str(firm), "--as-of", as_of, "-o", "json", "--no-input", *extra])
    assert r.exit_code in (0, 1), r.output
    return json.loads(r.stdout)


def _ids(rows):
    return [x["obligation_id"] for x in rows]


def test_assess_since_lists_fixed_broken_and_still_open_duties(snapshots, tmp_path):
    then, now = snapshots
    prev = tmp_path / "then.json"
    prev.write_text(json.dumps(_assess_json(then, THEN), ensure_ascii=False), encoding="utf-8")
    d = _assess_json(now, NOW, "--since", str(prev))
    c = d["comparison"]
    assert c["then"] == THEN and c["now"] == NOW and not c["ruleset_changed"]
    assert _ids(c["newly_met"]) == ["EXAM-2"]
    assert c["newly_met"][0]["then"] == "not_met"
    assert _ids(c["newly_not_met"]) == ["DECL-4"]
    assert c["newly_not_met"][0]["then"] == "met"
    still = {x["obligation_id"]: x for x in c["still_not_met"]}
    assert {"TRAIN-1", "TRAIN-2"} <= set(still)
    assert still["TRAIN-1"]["since"] <= THEN and still["TRAIN-1"]["days"] >= 309  # 2026-01-15 → 2026-11-20
    assert not c["rule_changed"] and not c["rules_changed_all"]
    rates = {r["id"]: r for r in c["rates"]}
    assert (rates["exam_periodic"]["then_numerator"], rates["exam_periodic"]["then_denominator"]) == (0, 2)
    assert (rates["exam_periodic"]["now_numerator"], rates["exam_periodic"]["now_denominator"]) == (2, 2)
    # 申报率 counts a firm that has declared: the late yearly update (DECL-4) does not undo it
    assert rates["declaration"]["then"] == 1.0 and rates["declaration"]["now"] == 1.0


def test_assess_since_short_text_in_chinese_and_english(snapshots, tmp_path):
    then, now = snapshots
    prev = tmp_path / "then.json"
    prev.write_text(json.dumps(_assess_json(then, THEN), ensure_ascii=False), encoding="utf-8")
    zh = CliRunner().invoke(cli, ["assess", str(now), "--as-of", NOW, "--no-input", "--since", str(prev)])
    assert zh.exit_code == 1
    assert "与 2026-01-15 的自查相比" in zh.stdout
    assert "新符合（1）" in zh.stdout or "新符合 (1)" in zh.stdout
    assert "EXAM-2" in zh.stdout.split("新不符合")[0].split("与 2026-01-15")[1]
    assert "DECL-4 申报年度更新 — 上次为符合" in zh.stdout
    assert "在岗期间职业健康检查率: 0.0% → 100.0%" in zh.stdout
    en = CliRunner().invoke(cli, ["assess", str(now), "--as-of", NOW, "--no-input", "--since", str(prev), "--lang", "en"])
    assert "Compared with the self-check of 2026-01-15" in en.stdout
    assert "DECL-4 Annual update of the declaration — was met" in en.stdout
    assert "Periodic health examination rate: 0.0% → 100.0%" in en.stdout


def test_ruleset_change_is_named_not_counted_as_progress(snapshots, tmp_path):
    """The same records at the same date, assessed under a copy of the bundled catalogue whose
    DECL-4 window is 11–12 months instead of 11–13 (ruleset 2099.01): DECL-4 flips to not met because of the rule, so it
    is listed as a rule change and not as the firm falling behind."""
    _, now = snapshots
    cat = tmp_path / "checklists"
    shutil.copytree(REPO / "checklists", cat)
    ob = cat / "obligations.yaml"
    data = yaml.safe_load(ob.read_text(encoding="utf-8"))
    data["ruleset"] = "2099.01"
    for o in data["obligations"]:
        if o["id"] == "DECL-4":
            o["check"]["params"]["max_months"] = 12
    ob.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    at = "2026-02-10"  # 12⅓ months after the first declaration of 2025-02-01
    prev = tmp_path / "then.json"
    prev.write_text(json.dumps(_assess_json(now, at), ensure_ascii=False), encoding="utf-8")
    d = _assess_json(now, at, "--since", str(prev), "--checklists", str(cat))
    c = d["comparison"]
    from ohkit.catalogue import load_catalogue

    bundled = load_catalogue().ruleset
    assert c["ruleset_changed"] and c["then_ruleset"] == bundled and c["now_ruleset"] == "2099.01"
    assert c["rules_changed_all"] == ["DECL-4"]
    assert [(x["obligation_id"], x["then"], x["now"]) for x in c["rule_changed"]] == [("DECL-4", "met", "not_met")]
    assert "DECL-4" not in _ids(c["newly_not_met"])
    assert any(bundled in n and "2099.01" in n for n in c["notes"])


def test_compare_without_rule_fingerprints_flags_the_caveat():
    then = {"as_of": "2026-01-01", "ruleset_version": "2025.01", "findings": [
        {"obligation_id": "X-1", "area": "X", "severity": "high", "status": "fail", "met": False}]}
    now = {"as_of": "2026-06-01", "ruleset_version": "2026.11", "findings": [
        {"obligation_id": "X-1", "area": "X", "severity": "high", "status": "pass", "met": True},
        {"obligation_id": "X-2", "area": "X", "severity": "low", "status": "fail", "met": False}]}
    c = compare_assessments(then, now)
    assert c.rules_unknown and c.ruleset_changed
    assert [x.obligation_id for x in c.newly_met] == ["X-1"]
    assert c.rules_added == ("X-2",)
    with pytest.raises(ValueError):
        compare_assessments({"findings": []}, now)


def test_bad_since_file_exits_2_with_a_clear_message(snapshots, tmp_path):
    _, now = snapshots
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    r = CliRunner().invoke(cli, ["assess", str(now), "--as-of", NOW, "--no-input", "--since", str(bad)])
    assert r.exit_code == 2
    assert "无法读取上次的文件" in r.output and "Traceback" not in r.output
    other = tmp_path / "other.json"
    other.write_text('{"as_of": "2026-01-01"}', encoding="utf-8")
    r = CliRunner().invoke(cli, ["assess", str(now), "--as-of", NOW, "--no-input", "--since", str(other), "--lang", "en"])
    assert r.exit_code == 2 and "is not an ohkit assessment" in r.output
    r = CliRunner().invoke(cli, ["assess", str(now), "--as-of", NOW, "--no-input", "--since", str(tmp_path / "no.json")])
    assert r.exit_code == 2 and "不存在" in r.output


@pytest.mark.slow
def test_report_writes_assessment_json_and_compares_with_the_earlier_one_in_the_folder(snapshots, tmp_path):
    then, now = snapshots
    out = tmp_path / "out"
    r1 = CliRunner().invoke(cli, ["report", str(then), "--as-of", THEN, "-O", str(out)])
    assert r1.exit_code == 1, r1.output
    first = out / f"ohkit-{THEN}-assessment.json"
    from ohkit.catalogue import load_catalogue
    from ohkit.engine import assess
    from ohkit.i18n import translator
    from ohkit.records import load_workspace
    from ohkit.render.jsonout import assessment_to_dict

    day = D.fromisoformat(THEN)
    lib = assessment_to_dict(assess(load_workspace(then, as_of=day), day), translator("zh"), load_catalogue())
    assert json.loads(first.read_text(encoding="utf-8")) == json.loads(json.dumps(lib, ensure_ascii=False, default=str))
    assert "没有找到更早的自查结果" not in r1.output  # first report in a fresh folder: nothing to say
    r2 = CliRunner().invoke(cli, ["report", str(now), "--as-of", NOW, "-O", str(out)])
    assert r2.exit_code == 1, r2.output
    assert f"已与 {THEN} 的上次自查（{first}）比较。" in r2.output
    html = (out / f"ohkit-{NOW}-report.html").read_text(encoding="utf-8")
    page = html.split('<section class="compare">')[1].split("</section>")[0]
    assert "与上次自查相比" in page
    assert "新符合（1）" in page and "EXAM-2" in page.split("新符合（1）")[1].split("</table>")[0]
    assert "DECL-4" in page.split("新不符合（1）")[1].split("</table>")[0]
    assert "TRAIN-1" in page.split("仍不符合")[1]
    assert (out / f"ohkit-{NOW}-assessment.json").is_file()


@pytest.mark.slow
def test_report_since_file_and_json_names_it(snapshots, tmp_path):
    then, now = snapshots
    prev = tmp_path / "then.json"
    prev.write_text(json.dumps(_assess_json(then, THEN), ensure_ascii=False), encoding="utf-8")
    r = CliRunner().invoke(cli, ["report", str(now), "--as-of", NOW, "-O", str(tmp_path / "o"), "--since", str(prev),
                                 "-o", "json", "--lang", "en"])
    assert r.exit_code == 1
    d = json.loads(r.stdout)
    assert d["compared_with"] == str(prev)
    assert str(tmp_path / "o" / f"ohkit-{NOW}-en-assessment.json") in d["files"]
    html = (tmp_path / "o" / f"ohkit-{NOW}-en-report.html").read_text(encoding="utf-8")
    assert "Compared with the last self-check" in html and "Newly not met (1)" in html


def _pf(folder, as_of):
    return {"as_of": as_of, "ruleset_version": "2026.11", "firms": [
        {"folder": f, "name": n, "readable": True, "overdue": o, "counts": {"not_met": nm},
         "grade": {"level": lv, "met": m, "applicable": a}} for f, n, lv, m, a, nm, o in folder],
        "metrics": [{"id": "exam_coverage", "numerator": 5, "denominator": 10, "target": 0.9}]}


def test_portfolio_comparison_pure():
    then = _pf([("a", "甲厂", "basic", 7, 10, 3, 2), ("b", "乙厂", "pass", 9, 10, 1, 0), ("c", "丙厂", "fail", 3, 10, 7, 5)],
               "2026-01-01")
    now = _pf([("a", "甲厂", "pass", 9, 10, 1, 0), ("b", "乙厂", "basic", 8, 10, 2, 1), ("d", "丁厂", "fail", 2, 10, 8, 3)],
              "2026-11-01")
    p = compare_portfolios(then, now)
    moves = {m.folder: m.movement for m in p.firms}
    assert moves == {"a": "improved", "b": "fell_behind", "c": "gone", "d": "new"}
    assert p.totals["improved"] == 1 and p.totals["fell_behind"] == 1
    duties = p.rates[0]
    assert (duties.then_num, duties.then_den, duties.now_num, duties.now_den) == (19, 30, 19, 30)


def test_portfolio_since_through_the_cli(snapshots, tmp_path):
    then, now = snapshots
    r1 = CliRunner().invoke(cli, ["portfolio", str(then.parent), "--as-of", THEN, "-o", "json"])
    assert r1.exit_code == 1
    prev = tmp_path / "pf.json"
    prev.write_text(r1.stdout, encoding="utf-8")
    r2 = CliRunner().invoke(cli, ["portfolio", str(now.parent), "--as-of", NOW, "--since", str(prev), "-o", "json"])
    c = json.loads(r2.stdout)["comparison"]
    # one duty fixed (EXAM-2), one broken (DECL-4): the same number met and the same grade, so the
    # overdue items decide: 2 then (W1's and W2's exams) → 1 now (the annual update) = improved
    firm = c["firms"][0]
    assert (firm["folder"], firm["then_met"], firm["now_met"]) == ("冲压厂", 11, 11)
    assert (firm["then_overdue"], firm["now_overdue"], firm["movement"]) == (2, 1, "improved")
    rates = {r["id"]: r for r in c["rates"]}
    assert (rates["exam_periodic"]["then_numerator"], rates["exam_periodic"]["now_numerator"]) == (0, 2)
    txt = CliRunner().invoke(cli, ["portfolio", str(now.parent), "--as-of", NOW, "--since", str(prev), "--lang", "en"])
    assert "Compared with the portfolio of 2026-01-15" in txt.stdout
    assert "Periodic health examination rate" in txt.stdout.split("Compared with the portfolio")[1]
    bad = CliRunner().invoke(cli, ["portfolio", str(now.parent), "--since", str(tmp_path / "then.json")])
    assert bad.exit_code == 2


def test_earlier_assessment_found_in_the_folder_is_the_newest_of_this_firm(tmp_path):
    from ohkit.commands.since import find_previous

    def put(name, as_of, firm):
        (tmp_path / name).write_text(json.dumps({"as_of": as_of, "findings": [], "firm": firm}), encoding="utf-8")

    me, other = {"name": "冲压厂", "credit_code": "91445302MA52XL8D2J"}, {"name": "别家", "credit_code": "X"}
    put("ohkit-2025-06-01-assessment.json", "2025-06-01", me)
    put("ohkit-2025-12-01-assessment.json", "2025-12-01", me)
    put("b-2026-01-01-assessment.json", "2026-01-01", other)          # newer, but another firm
    put("ohkit-2026-11-20-assessment.json", "2026-11-20", me)         # not earlier
    (tmp_path / "broken-assessment.json").write_text("{", encoding="utf-8")
    path, d = find_previous(tmp_path, D(2026, 11, 20), {"as_of": "2026-11-20", "firm": me})
    assert path.name == "ohkit-2025-12-01-assessment.json"
    assert find_previous(tmp_path, D(2025, 6, 1), {"firm": me}) is None
