"""`ohkit report` and `ohkit card` through the CLI: files, exit codes, output folder
rules, and the same numbers in every output."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from ohkit.cli import cli
from ohkit.paths import examples_dir
from test_render_fixture import AS_OF, RAW_ID, make_assessment, firm  # noqa: F401 - shared fixture

POPPLER = shutil.which("pdftotext") is not None



def _listing(d):
    return sorted(p.name for p in d.rglob("*"))


@pytest.mark.slow
def test_report_writes_four_files_outside_the_records(firm, tmp_path):
    before = _listing(firm)
    r = CliRunner().invoke(cli, ["report", str(firm), "--as-of", "2026-03-14"])
    assert r.exit_code == 1, r.output  # findings need action
    out = tmp_path / "ohkit-out" / "华木"
    names = sorted(p.name for p in out.iterdir())
    assert names == ["ohkit-2026-03-14-action-plan.csv", "ohkit-2026-03-14-action-plan.xlsx",
                     "ohkit-2026-03-14-assessment.json", "ohkit-2026-03-14-report.html", "ohkit-2026-03-14-report.pdf"]
    assert _listing(firm) == before  # nothing written into the records
    assert "总体评级：不合格（适用义务 6 项，符合 2 项；高严重度不符合 1 项）。" in r.output
    assert "内置字体缺少 1 个字符：䶮。" in r.output  # the coverage warning (stderr)
    assert not list(out.glob(".*"))  # no temporary files left behind


@pytest.mark.slow
def test_same_numbers_in_every_output(firm, tmp_path):
    out = tmp_path / "o"
    r = CliRunner().invoke(cli, ["report", str(firm), "--as-of", "2026-03-14", "-O", str(out), "-o", "json",
                                 "--lang", "en"])
    data = json.loads(r.stdout)
    assert data["grade"] == {"level": "fail", "label": "Non-compliant", "met": 2, "applicable": 6, "high_fail": 1}
    ids = [x["obligation_id"] for x in data["actions"]]
    assert ids == ["EXAM-2", "NOTICE-3", "TRAIN-2", "MON-2"]
    stem = out / "ohkit-2026-03-14-en"   # English files sit beside the Chinese ones
    html = (out / "ohkit-2026-03-14-en-report.html").read_text(encoding="utf-8")
    assert "2 of 6 applicable obligations met (33.3%); high-severity obligations not met: 1." in html
    rows = list(csv.reader(io.StringIO((out / "ohkit-2026-03-14-en-action-plan.csv").read_text(encoding="utf-8-sig"))))
    assert [r[1] for r in rows[1:]] == ids and [r[6] for r in rows[1:]] == [
        x["due"] + (" (suggested)" if x["due_suggested"] else "") for x in data["actions"]]
    from openpyxl import load_workbook

    ws = load_workbook(f"{stem}-action-plan.xlsx").active
    assert [ws.cell(i, 2).value for i in range(4, ws.max_row + 1)] == ids
    if POPPLER:
        text = subprocess.run(["pdftotext", f"{stem}-report.pdf", "-"], capture_output=True, text=True).stdout
        flat = re.sub(r"\s+", " ", text)
        assert "2 of 6 applicable obligations met (33.3%)" in flat
        assert all(i in flat for i in ids) and RAW_ID not in text
    # the due command reads the same Assessment: the overdue exam is the same item
    r = CliRunner().invoke(cli, ["due", str(firm), "--as-of", "2026-03-14", "-o", "json"])
    assert json.loads(r.stdout)["overdue"][0]["date"] == "2026-02-01"
    assert "2026-02-01" in html


def test_report_refuses_an_output_folder_inside_the_records(firm):
    r = CliRunner().invoke(cli, ["report", str(firm), "-O", str(firm / "out")])
    assert r.exit_code == 2
    assert "从不向记录文件夹写入文件" in r.output
    assert not (firm / "out").exists()


@pytest.mark.slow
def test_report_run_inside_the_firm_folder_writes_next_to_it(firm, tmp_path, monkeypatch):
    monkeypatch.chdir(firm)
    r = CliRunner().invoke(cli, ["report", "--as-of", "2026-03-14"])
    assert r.exit_code == 1, r.output
    assert (tmp_path / "ohkit-out" / "华木" / "ohkit-2026-03-14-report.pdf").is_file()
    assert sorted(p.name for p in firm.iterdir()) == ["enterprise.yaml"]


def test_report_on_a_folder_that_is_not_a_firm(tmp_path):
    r = CliRunner().invoke(cli, ["report", str(tmp_path)])
    assert r.exit_code == 2 and "enterprise.yaml" in r.output and "Traceback" not in r.output


@pytest.mark.slow
def test_card_cli(firm, tmp_path):
    r = CliRunner().invoke(cli, ["card", str(firm), "--as-of", "2026-03-14", "-O", str(tmp_path / "c")])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "c" / "ohkit-2026-03-14-cards-a4.pdf").is_file()
    assert "告知卡共 2 张（每个岗位一页）。" in r.output
    r = CliRunner().invoke(cli, ["card", str(firm), "--post", "P02", "--size", "600×400", "-O", str(tmp_path / "c"),
                                 "--as-of", "2026-03-14", "-o", "json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["size"] == "600x400" and [p["post_id"] for p in data["posts"]] == ["P02"]
    assert data["files"][0].endswith("ohkit-2026-03-14-cards-600x400-P02.pdf")


def test_card_cli_errors(firm, monkeypatch):
    r = CliRunner().invoke(cli, ["card", str(firm), "--post", "P99"])
    assert r.exit_code == 2 and "没有编号为 P99 的岗位" in r.output and "P01 (打磨)" in r.output
    r = CliRunner().invoke(cli, ["card", str(firm), "--size", "a3"])
    assert r.exit_code == 2 and "a3" in r.output
    import dataclasses

    monkeypatch.setattr("ohkit.commands.report.load_assessment",
                        lambda root, as_of: dataclasses.replace(make_assessment(), posts=()))
    r = CliRunner().invoke(cli, ["card", str(firm)])
    assert r.exit_code == 1 and "没有存在职业病危害因素的岗位" in r.output


@pytest.mark.slow
def test_bundled_example_end_to_end(tmp_path, monkeypatch):
    """The README's main job on the bundled example, through the real records + engine."""
    monkeypatch.chdir(tmp_path)
    ex = examples_dir() / "furniture"
    r = CliRunner().invoke(cli, ["report", str(ex), "--as-of", "2026-11-27", "-O", str(tmp_path / "o")])
    assert r.exit_code == 1, r.output  # planted gaps (examples/furniture/EXPECTED.md)
    assert "总体评级：不合格" in r.stdout
    if POPPLER:
        text = re.sub(r"\s+", " ", subprocess.run(["pdftotext", str(tmp_path / "o" / "ohkit-2026-11-27-report.pdf"), "-"],
                                                  capture_output=True, text=True).stdout)
        for oid in ("EXAM-1", "EXAM-2", "EXAM-3", "NOTICE-1"):
            assert f"不符合 {oid} " in text, oid
        # DECL-4 is a Tianjin rule (the firm is in Foshan); TRAIN-2's yearly cycle has no primary source
        for oid in ("TRAIN-2", "DECL-4"):
            assert f"规则待核实 {oid} " in text and f"不符合 {oid} " not in text, oid
        assert "在岗期间职业健康检查率" in text and "分子与分母分别相加" in text
    r = CliRunner().invoke(cli, ["card", str(ex), "--as-of", "2026-11-27", "-O", str(tmp_path / "o")])
    assert r.exit_code == 0, r.output
    if POPPLER:
        text = subprocess.run(["pdftotext", str(tmp_path / "o" / "ohkit-2026-11-27-cards-a4.pdf"), "-"],
                              capture_output=True, text=True).stdout
        pages = text.split("\f")[:-1]
        assert len(pages) >= 1 and all("职业病危害告知卡" in p for p in pages)
        assert not re.search(r"(?<!\d)\d{17}[\dX](?!\d)", text)


def test_card_cli_ends_its_worker_whatever_happens(firm, tmp_path, monkeypatch):
    """`ohkit card` forks a worker for half of the cards before it reads the records (only for
    every post); it is ended and reaped when the command stops early, and not made for --post."""
    import os

    from ohkit.render import cards

    started = []
    real = cards.start_worker

    def note():
        w = real()
        started.append(w)
        return w

    monkeypatch.setattr(cards, "start_worker", note)
    r = CliRunner().invoke(cli, ["card", str(firm), "--post", "P01", "-O", str(tmp_path / "c")])
    assert r.exit_code == 0 and started == []
    import dataclasses

    monkeypatch.setattr("ohkit.commands.report.load_assessment",
                        lambda root, as_of: dataclasses.replace(make_assessment(), posts=()))   # no post with hazards
    r = CliRunner().invoke(cli, ["card", str(firm), "-O", str(tmp_path / "c")])
    assert r.exit_code == 1 and len(started) == 1
    if started[0] is not None:   # None where forking is not possible
        with pytest.raises(ChildProcessError):
            os.waitpid(started[0].pid, os.WNOHANG)
