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
    r = CliRunner().invoke(cli, ["report", str(d), "-O", str(out), "--as-of", "2026-11-27"])
    assert r.exit_code == 1 and UNREADABLE in r.stderr and "ohkit validate" in r.stderr
    r = CliRunner().invoke(cli, ["card", str(d), "-O", str(out), "--as-of", "2026-11-27"])
    assert r.exit_code == 1 and UNREADABLE in r.stderr
    assert "请填写" not in r.stderr  # not the "fill in the posts table" advice: the sheet exists, it can't be read
    r = CliRunner().invoke(cli, ["due", str(d), "--as-of", "2026-11-27"])
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
