"""Defects from the second review (issues 4 and 5): cards, report, due through the public surface."""
from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from ohkit.cli import cli
from ohkit.model import Assessment, Finding, Msg, PostHazard, PostSummary
from ohkit.paths import examples_dir
from test_render_fixture import make_assessment

POPPLER = shutil.which("pdftotext") is not None


def _pdftext(path) -> str:
    return re.sub(r"\s+", " ", subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout)


def test_card_signs_are_exactly_the_catalogues_for_every_hazard():
    """The card shows the signs the catalogue (and so the guide page) gives; no category default
    (微波 used to get the noise sign and ear protection)."""
    from ohkit.render import texts
    from ohkit.render.cards import render_cards_html

    hz = texts.hazards()
    ids = sorted(hz)
    post = PostSummary("P9", "全部", None, tuple(
        PostHazard(k, texts.g(hz[k], "zh", k), texts.g(hz[k], "en", k), texts.g(hz[k], "category", "other"))
        for k in ids), exposed=1)
    a = dataclasses.replace(make_assessment(), posts=(post,))
    html = render_cards_html(a, "en", for_pdf=False)
    cells = html.split('class="hz-signs">')[1:]
    assert len(cells) == len(ids)
    labels = {**texts.WARNING_SIGNS, **texts.MANDATORY_SIGNS}
    checked_empty = 0
    for k, cell in zip(ids, cells):
        cell = cell.split("</td>")[0]
        card = texts.g(hz[k], "card")
        want = [labels[s] for s in list(texts.g(card, "warning_signs", ()) or ()) + list(texts.g(card, "mandatory_signs", ()) or ())]
        got = re.findall(r'<div class="cap">(.*?)</div>', cell)
        assert got == want, k
        if not want:
            assert cell.strip() == "—", k
            checked_empty += 1
    assert checked_empty >= 5  # microwave, em_fields, high/low pressure, high-altitude hypoxia


def _init_firm(tmp_path, name="f"):
    d = tmp_path / name
    r = CliRunner().invoke(cli, ["init", str(d)])
    assert r.exit_code == 0, r.output
    return d


UNREADABLE = "记录中有 1 处问题，部分记录无法读取"


@pytest.mark.slow
def test_report_card_due_say_on_the_terminal_when_records_are_broken(tmp_path):
    d = _init_firm(tmp_path)
    (d / "records.xlsx").write_text("garbage\n", encoding="utf-8")
    out = tmp_path / "o"
    # issue 9: without --partial nothing is written (exit 2), and the unreadable file is named
    for cmd in (["report", str(d), "-O", str(out)], ["card", str(d), "-O", str(out)], ["due", str(d)]):
        r = CliRunner().invoke(cli, cmd + ["--as-of", "2026-11-27"])
        assert r.exit_code == 2 and "records.xlsx" in r.stderr and "--partial" in r.stderr, r.output
        assert not out.exists()
    r = CliRunner().invoke(cli, ["report", str(d), "-O", str(out), "--as-of", "2026-11-27", "--partial"])
    assert r.exit_code == 1 and UNREADABLE in r.stderr and "ohkit validate" in r.stderr
    r = CliRunner().invoke(cli, ["card", str(d), "-O", str(out), "--as-of", "2026-11-27", "--partial"])
    assert r.exit_code == 1 and UNREADABLE in r.stderr
    assert "请填写" not in r.stderr  # not the "fill in the posts table" advice: the sheet exists, it can't be read
    r = CliRunner().invoke(cli, ["due", str(d), "--as-of", "2026-11-27", "--partial"])
    assert r.exit_code == 1 and UNREADABLE in r.stderr


def test_report_exit_code_follows_the_grade_fresh_firm_exits_1(tmp_path):
    """A fresh `ohkit init` firm: nothing met yet, so exit 1 (it used to exit 0 with 不合格 on the cover)."""
    from ohkit.commands import report as report_cmd

    a = make_assessment()
    only_unknown = dataclasses.replace(a, findings=(
        Finding("ORG-1", "ORG", "pass", "medium", Msg("x.ok")),
        Finding("MON-2", "MON", "manual", "medium", Msg("x.ask")),
        Finding("EXAM-2", "EXAM", "unknown", "high", Msg("x.unknown"))), problems=())
    assert report_cmd.needs_action(only_unknown) is True
    all_met = dataclasses.replace(only_unknown, findings=only_unknown.findings[:1] + (
        Finding("FEM-1", "FEM", "not_applicable", "medium", Msg("x.na")),))
    assert report_cmd.needs_action(all_met) is False


@pytest.mark.slow
def test_fresh_init_firm_report_exits_1(tmp_path):
    d = _init_firm(tmp_path)
    r = CliRunner().invoke(cli, ["report", str(d), "-O", str(tmp_path / "o"), "--as-of", "2026-11-27"])
    assert r.exit_code == 1, r.output
    assert "总体评级：不合格" in r.stdout


def test_due_ics_inside_records_names_ics_not_O(tmp_path):
    d = _init_firm(tmp_path)
    r = CliRunner().invoke(cli, ["due", str(d), "--ics", str(d / "due.ics"), "--as-of", "2026-11-27"])
    assert r.exit_code == 2
    assert "请给 --ics 指定记录文件夹以外的路径" in r.stderr and "-O" not in r.stderr
    assert not (d / "due.ics").exists()


def test_no_hazards_reads_as_none_in_chinese():
    from ohkit.i18n import translator

    assert translator("zh").gettext("No hazards declared") == "无职业病危害因素"


@pytest.fixture(scope="module")
def furniture_reports(tmp_path_factory):
    """The bundled furniture example's report in Chinese and English (real records + engine)."""
    out = tmp_path_factory.mktemp("furn")
    res = {}
    for lang in ("zh", "en"):
        r = CliRunner().invoke(cli, ["report", str(examples_dir() / "furniture"), "--as-of", "2026-11-27",
                                     "-O", str(out / lang), "--lang", lang])
        stem = "ohkit-2026-11-27" + ("" if lang == "zh" else "-en")
        res[lang] = (r, out / lang / f"{stem}-report.pdf", out / lang / f"{stem}-report.html")
    return res


@pytest.mark.slow
@pytest.mark.skipif(not POPPLER, reason="needs pdftotext")
def test_report_lists_obligations_in_catalogue_order(furniture_reports):
    from ohkit.render import texts

    text = _pdftext(furniture_reports["zh"][1])
    # the summary table lists every obligation: first mentions, in reading order
    pos = {oid: text.find(f"{oid} {title}") for oid, title in (
        ("EXAM-1", "上岗前"), ("EXAM-2", "在岗期间"), ("EXAM-3", "离岗时"), ("EXAM-10", "疑似职业病"))}
    assert all(p >= 0 for p in pos.values()), pos
    assert pos["EXAM-1"] < pos["EXAM-2"] < pos["EXAM-3"] < pos["EXAM-10"]
    assert texts.obligation_rank("EXAM-2") < texts.obligation_rank("EXAM-10")


@pytest.mark.slow
def test_penalty_cites_its_article_once_with_chinese_brackets(furniture_reports):
    html = furniture_reports["zh"][2].read_text(encoding="utf-8")
    assert '（职业病防治法<span class="nowrap">第71条第4项</span>' in html  # EXAM-2's penalty text names its article …
    assert "(职业病防治法 第71条)" not in html and ") (职业病防治法" not in html  # … and it is not repeated
    assert "。 (" not in html


@pytest.mark.slow
def test_english_report_has_no_chinese_punctuation_of_its_own(furniture_reports):
    r, pdf, html_path = furniture_reports["en"]
    html = html_path.read_text(encoding="utf-8")
    assert "days overdue)" in html and "（" not in re.sub(r"[\u4e00-\u9fff]（[^）]*）", "", html).split("<body")[1]
    assert "obligation(s)" not in html
    assert "high-severity obligations not met: " in html


@pytest.mark.slow
@pytest.mark.skipif(not POPPLER, reason="needs pdftotext")
def test_bundled_example_report_grade_and_planted_gaps(furniture_reports):
    """examples/furniture/EXPECTED.md: planted gaps are not met, so exit 1 and 不合格."""
    r, pdf, _ = furniture_reports["zh"]
    assert r.exit_code == 1, r.output
    assert "总体评级：不合格" in r.stdout
    text = _pdftext(pdf)
    assert "总体评级 不合格" in text
    for oid in ("EXAM-2", "EXAM-1", "EXAM-3", "NOTICE-1"):
        assert f"不符合 {oid} " in text, oid
    for oid in ("TRAIN-2", "DECL-4"):   # a yearly cycle with no primary source; a Tianjin rule (issue 8)
        assert f"规则待核实 {oid} " in text, oid


def _record_strings(firm) -> set[str]:
    import yaml
    from openpyxl import load_workbook

    vals: set[str] = set()
    wb = load_workbook(firm / "records.xlsx", read_only=True)
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            vals.update(str(v) for v in row if v is not None)

    def walk(x):
        if isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
        elif x is not None:
            vals.add(str(x))
    walk(yaml.safe_load((firm / "enterprise.yaml").read_text(encoding="utf-8")))
    return vals


@pytest.mark.slow
@pytest.mark.skipif(not POPPLER, reason="needs pdftotext")
def test_english_report_has_chinese_only_in_record_values(furniture_reports):
    """Names, places, record values and document kinds stay Chinese; nothing else does."""
    from ohkit.render import texts

    allowed = _record_strings(examples_dir() / "furniture")
    for d in texts.documents().values():
        allowed.add(str(texts.g(d, "title", {}).get("zh", "") if isinstance(texts.g(d, "title"), dict) else ""))
    allowed_text = "\n".join(allowed)
    # document kinds and record values the English text quotes (types and kinds of rows)
    quoted_kinds = {"离岗时", "上岗前", "在岗期间", "年度更新", "变更", "整改", "体检计划", "应急演练", "检测结果报送"}
    text = subprocess.run(["pdftotext", str(furniture_reports["en"][1]), "-"], capture_output=True, text=True).stdout
    runs = set(re.findall(r"[\u4e00-\u9fff]+", text))
    stray = sorted(r for r in runs if r not in allowed_text and r not in quoted_kinds
                   and not any(r in k for k in quoted_kinds))
    assert not stray, stray


@pytest.mark.slow
def test_action_plan_names_who_is_concerned_and_is_byte_identical(furniture_reports, tmp_path):
    import csv
    import io

    from openpyxl import load_workbook

    out = furniture_reports["zh"][1].parent
    rows = list(csv.reader(io.StringIO((out / "ohkit-2026-11-27-action-plan.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0][8] == "涉及的人员或项目"
    train = next(r for r in rows if r[1] == "TRAIN-2")
    assert train[8] == "唐小军（HY022）"  # EXPECTED.md: the one worker who missed the yearly training
    ws = load_workbook(out / "ohkit-2026-11-27-action-plan.xlsx").active
    xl = {ws.cell(i, 2).value: ws.cell(i, 9).value for i in range(4, ws.max_row + 1)}
    assert xl["TRAIN-2"] == "唐小军（HY022）"
    assert not any(re.search(r"\d{17}[\dX]", str(v)) for v in xl.values())  # labels stay masked
    # a second run gives the same workbook bytes
    r = CliRunner().invoke(cli, ["report", str(examples_dir() / "furniture"), "--as-of", "2026-11-27",
                                 "-O", str(tmp_path / "again")])
    assert r.exit_code == 1
    assert ((tmp_path / "again" / "ohkit-2026-11-27-action-plan.xlsx").read_bytes()
            == (out / "ohkit-2026-11-27-action-plan.xlsx").read_bytes())


def test_card_footnote_only_when_a_dagger_is_printed_and_limit_next_to_measured_value():
    from ohkit.render.cards import render_cards_html

    a = make_assessment()
    p01 = render_cards_html(a, "zh", post="P01", for_pdf=False)  # wood dust + noise: limits confirmed
    p02 = render_cards_html(a, "zh", post="P02", for_pdf=False)  # benzene's limit unconfirmed (†)
    assert "†" not in p01 and "扫描二维码了解该危害因素的危害和防护方法。" in p01
    assert "† 数值尚未确认。" in p02
    assert "2.1 mg/m³（对照限值 3 mg/m³；" in p01  # the limit this measurement was judged against
    en = render_cards_html(a, "en", post="P01", for_pdf=False)
    assert "2.1 mg/m³ (compared with limit 3 mg/m³; within limit)" in en


def test_calendar_reminders_are_never_in_the_past():
    import datetime as dt

    from icalendar import Calendar

    from ohkit.i18n import translator
    from ohkit.model import DueItem
    from ohkit.render.ics import to_ics

    a = make_assessment()  # as_of 2026-03-14
    items = [
        DueItem(dt.date(2026, 2, 1), "exam", "EXAM-2", "worker", "W001", "王喆", Msg("x.due_exam"), overdue=True),
        DueItem(dt.date(2026, 3, 17), "training", "TRAIN-2", "worker", "W002", "李䶮", Msg("x.due_training")),
        DueItem(dt.date(2026, 5, 1), "monitoring", "MON-2", "firm", "firm", "华木", Msg("x.due_mon")),
    ]
    cal = Calendar.from_ical(to_ics(a, translator("zh"), items))
    ev = {str(e["categories"].cats[0]): e for e in cal.walk("VEVENT")}
    assert not ev["exam"].walk("VALARM")  # overdue: no alarm (it would fire in the past)
    assert ev["training"].walk("VALARM")[0]["trigger"].dt == dt.timedelta(days=-3)  # due in 3 days
    assert ev["monitoring"].walk("VALARM")[0]["trigger"].dt == dt.timedelta(days=-7)


@pytest.mark.slow
@pytest.mark.skipif(not POPPLER, reason="needs pdftotext")
def test_citations_and_statuses_do_not_break_across_lines(furniture_reports):
    html = furniture_reports["zh"][2].read_text(encoding="utf-8")
    assert '<span class="nowrap">第35条</span>' in html
    assert re.search(r'<td class="s-pass nowrap">符合</td>', html)
    text = subprocess.run(["pdftotext", str(furniture_reports["zh"][1]), "-"], capture_output=True, text=True).stdout
    assert not re.search(r"第\d+\s*\n+\s*条", text)  # "第6" / "条"
    assert not re.search(r"符合（已\s*\n+\s*答）|符合\s*\n+\s*（已答）", text)


@pytest.mark.slow
def test_missing_harfbuzz_subset_is_said_once_and_weasyprint_stays_quiet(tmp_path, monkeypatch):
    import ctypes.util
    import logging

    from ohkit.render import pdf as pdfmod

    d = tmp_path / "华木"
    d.mkdir()
    (d / "enterprise.yaml").write_text("name: 华木家具有限公司\n", encoding="utf-8")
    monkeypatch.setattr("ohkit.commands.report.load_assessment", lambda root, as_of: make_assessment())
    real = ctypes.util.find_library
    monkeypatch.setattr(ctypes.util, "find_library", lambda n: None if n == "harfbuzz-subset" else real(n))
    monkeypatch.setattr(pdfmod, "_ENV_CHECKED", [])
    monkeypatch.setattr(logging.getLogger("weasyprint"), "level", logging.NOTSET)
    r = CliRunner().invoke(cli, ["card", str(d), "-O", str(tmp_path / "o"), "--as-of", "2026-03-14"])
    assert r.exit_code == 0, r.output
    assert r.stderr.count("未安装 libharfbuzz-subset 库") == 1
    assert logging.getLogger("weasyprint").level == logging.ERROR
    assert pdfmod.environment_warnings() == []  # once per process


def test_due_within_months_are_calendar_months(tmp_path, monkeypatch):
    import json

    d = tmp_path / "华木"
    d.mkdir()
    (d / "enterprise.yaml").write_text("name: 华木家具有限公司\n", encoding="utf-8")
    monkeypatch.setattr("ohkit.commands.report.load_assessment", lambda root, as_of: make_assessment())
    r = CliRunner().invoke(cli, ["due", str(d), "--as-of", "2026-03-14", "--within", "12m", "-o", "json"])
    assert json.loads(r.stdout)["within_days"] == 365  # 2026-03-14 → 2027-03-14, not 360
    r = CliRunner().invoke(cli, ["due", str(d), "--as-of", "2026-01-31", "--within", "1m", "-o", "json"])
    assert json.loads(r.stdout)["within_days"] == 28  # to 2026-02-28
    r = CliRunner().invoke(cli, ["due", str(d), "--as-of", "2026-03-14", "--within", "8w", "-o", "json"])
    assert json.loads(r.stdout)["within_days"] == 56


def test_citation_spans_cover_paragraphs_and_escape_text():
    from ohkit.render.report import keep_citations_together as keep

    out = str(keep("Law Art. 26 ¶1; 职业病防治法 第35条第2款 <b>x</b>"))
    assert '<span class="nowrap">Art. 26 ¶1</span>' in out and '<span class="nowrap">第35条第2款</span>' in out
    assert "&lt;b&gt;" in out


@pytest.mark.slow
def test_broken_enterprise_yaml_is_said_on_the_terminal(tmp_path):
    d = _init_firm(tmp_path)
    (d / "enterprise.yaml").write_text("name: [unclosed\n  : :\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["report", str(d), "-O", str(tmp_path / "o"), "--as-of", "2026-11-27"])
    assert r.exit_code == 2 and "enterprise.yaml:2" in r.stderr and not (tmp_path / "o").exists()  # issue 9
    r = CliRunner().invoke(cli, ["report", str(d), "-O", str(tmp_path / "o"), "--as-of", "2026-11-27", "--partial"])
    assert r.exit_code == 1 and "部分记录无法读取" in r.stderr and "ohkit validate" in r.stderr


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed")
def test_an_incomplete_report_says_so_once_on_every_page_over_no_text(tmp_path):
    """--partial: each printed page says 不完整 in its header, once. A fixed-position copy of the
    mark (for screens) also printed at the top right of every page's text, over table headings."""
    shutil.copytree(examples_dir() / "furniture", tmp_path / "f")
    (tmp_path / "f" / "answers.yaml").write_bytes(b"garbage\x00\x01")
    out = tmp_path / "o"
    r = CliRunner().invoke(cli, ["report", str(tmp_path / "f"), "-O", str(out), "--as-of", "2026-11-27", "--partial"])
    assert r.exit_code == 1, r.output
    pdf = next(out.glob("*-report.pdf"))
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")[:-1]
    assert len(pages) > 5
    assert [p.count("不完整") for p in pages[1:]] == [1] * (len(pages) - 1)
    html = next(out.glob("*-report.html")).read_text(encoding="utf-8")
    assert '<div class="incomplete-mark">不完整</div>' in html   # on screen the mark stays
