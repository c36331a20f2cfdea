"""`ohkit portfolio` at scale (issue 13): the same bytes whatever the number of jobs, each
client's papers written and skipped when nothing changed, unreadable firms first with the
reason, `--merge` of separate runs equal to one run, and an overview page that escapes user
text and refers to nothing on the network.

Firms are the bundled examples (expected findings in examples/*/EXPECTED.md): stone needs
action with 1 overdue item (MON-2, 2026-08-12); office needs none.
"""
from __future__ import annotations

import hashlib
import json
import re
import shutil

import pytest
from click.testing import CliRunner

from ohkit.cli import cli
from ohkit.paths import examples_dir

AS_OF = "2026-11-27"
STONE = "云浮市鑫磊石材有限公司"
OFFICE = "广州天悦建筑设计咨询有限公司"


def run(*args):
    return CliRunner().invoke(cli, ["portfolio", *map(str, args)])


def hashes(root):
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def clients(tmp_path):
    """Two districts: 区A with stone and a firm whose records.xlsx is corrupt, 区B with office."""
    root = tmp_path / "clients"
    shutil.copytree(examples_dir() / "stone", root / "区A" / "stone")
    shutil.copytree(examples_dir() / "office", root / "区B" / "office")
    bad = root / "区A" / "corrupt"
    shutil.copytree(examples_dir() / "office", bad)
    (bad / "records.xlsx").write_bytes(b"PK\x03\x04 this is not a workbook")
    return root


def test_one_job_and_two_jobs_write_the_same_bytes(clients, tmp_path):
    r1 = run(clients, "--as-of", AS_OF, "-O", tmp_path / "j1", "--jobs", 1)
    r2 = run(clients, "--as-of", AS_OF, "-O", tmp_path / "j2", "--jobs", 2)
    assert (r1.exit_code, r2.exit_code) == (1, 1), r1.output + r2.output
    h1, h2 = hashes(tmp_path / "j1"), hashes(tmp_path / "j2")
    assert h1 == h2
    assert "firms/区A/stone/ohkit-2026-11-27-assessment.json" in h1
    assert "portfolio-2026-11-27.html" in h1 and "portfolio-2026-11-27.xlsx" in h1
    j1 = run(clients, "--as-of", AS_OF, "-o", "json", "--jobs", 1)
    j2 = run(clients, "--as-of", AS_OF, "-o", "json", "--jobs", 2)
    assert j1.stdout == j2.stdout and json.loads(j1.stdout)["summary"]["firms"] == 3


def test_spawned_workers_give_the_same_result(clients):
    """Workers started with `spawn` (as on Windows and macOS) load the catalogue themselves."""
    from ohkit.commands.portfolio_run import RunOptions, run as run_firms
    from ohkit.engine.portfolio import find_firms
    from ohkit.i18n import translator
    from ohkit.render.portfolio import portfolio_to_dict
    import datetime as dt

    firms = find_firms(clients)
    opts = RunOptions(dt.date.fromisoformat(AS_OF), "en")
    one, _s, c1 = run_firms(firms, opts, jobs=1, root=clients)
    two, _s, c2 = run_firms(firms, opts, jobs=2, root=clients, mp_context="spawn")
    tr = translator("en")
    assert portfolio_to_dict(one, tr) == portfolio_to_dict(two, tr)
    c1.spill.close()
    c2.spill.close()


def test_a_firm_whose_workbook_is_corrupt_is_listed_first_as_unreadable(clients):
    r = run(clients, "--as-of", AS_OF, "-o", "json", "--lang", "en")
    assert r.exit_code == 1
    d = json.loads(r.stdout)
    first = d["firms"][0]
    assert first["folder"] == "区A/corrupt" and first["readable"] is False and first["grade"] is None
    assert first["reason"]["code"] == "rec.xlsx_unreadable" and first["reason"]["location"] == "records.xlsx"
    assert "records.xlsx cannot be opened as an Excel workbook" in first["reason"]["message"]
    assert d["summary"]["unreadable"] == 1
    assert {m["id"]: m["firms"] for m in d["metrics"]}["insurance_coverage"] == 2  # not counted in any rate
    t = run(clients, "--as-of", AS_OF)
    assert "3 家（评估日期 2026-11-27）：2 家需要处理，1 家无法读取" in t.stdout
    line = next(ln for ln in t.stdout.splitlines() if ln.startswith("1."))
    assert "(区A/corrupt)" in line and "无法读取" in line and "records.xlsx" in line


@pytest.mark.parametrize("kind", ["folder", "dangling link"])
def test_a_table_that_is_not_a_file_makes_the_firm_unreadable(tmp_path, kind):
    root = tmp_path / "c"
    shutil.copytree(examples_dir() / "office", root / "office")
    shutil.copytree(examples_dir() / "stone", root / "stone")
    target = root / "office" / "workers.csv"
    target.unlink()
    if kind == "folder":
        target.mkdir()
    else:
        target.symlink_to(root / "office" / "no-such-file.csv")
    d = json.loads(run(root, "--as-of", AS_OF, "-o", "json", "--lang", "en").stdout)
    first = d["firms"][0]
    assert (first["folder"], first["readable"], first["reason"]["location"]) == ("office", False, "workers.csv")
    assert ("is a folder, not a file" if kind == "folder" else "is a link to something that does not exist") \
        in first["reason"]["message"]
    assert first["reason"]["code"] == ("rec.not_a_file_dir" if kind == "folder" else "rec.not_a_file_link")
    assert d["summary"]["unreadable"] == 1


def test_papers_per_firm_skipped_when_unchanged_and_redone_after_a_records_change(clients, tmp_path):
    out = tmp_path / "out"
    r = run(clients, "--as-of", AS_OF, "-O", out, "--papers", "--lang", "en")
    assert r.exit_code == 1, r.output
    assert "Papers: 2 firm(s) written, 0 unchanged since the last run (kept), 0 failed." in r.stdout
    stone = out / "firms" / "区A" / "stone"
    names = sorted(p.name for p in stone.iterdir())
    assert names == ["ohkit-2026-11-27-en-action-plan.csv", "ohkit-2026-11-27-en-action-plan.xlsx",
                     "ohkit-2026-11-27-en-assessment.json", "ohkit-2026-11-27-en-cards-a4.pdf",
                     "ohkit-2026-11-27-en-due.ics", "ohkit-2026-11-27-en-report.html",
                     "ohkit-2026-11-27-en-report.pdf", "ohkit-firm.json"]
    assert (stone / "ohkit-2026-11-27-en-report.pdf").read_bytes().startswith(b"%PDF")
    assert b"MON-2" in (stone / "ohkit-2026-11-27-en-due.ics").read_bytes()
    office = out / "firms" / "区B" / "office"
    assert "ohkit-2026-11-27-en-cards-a4.pdf" not in {p.name for p in office.iterdir()}  # no post with hazards
    assert not (out / "firms" / "区A" / "corrupt" / "ohkit-2026-11-27-en-report.pdf").exists()
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*-report.pdf")}

    again = run(clients, "--as-of", AS_OF, "-O", out, "--papers", "--lang", "en")
    assert "Papers: 0 firm(s) written, 2 unchanged since the last run (kept), 0 failed." in again.stdout
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*-report.pdf")} == stamps

    ans = clients / "区B" / "office" / "answers.yaml"
    ans.write_text(ans.read_text(encoding="utf-8") + "\n# checked again\n", encoding="utf-8")
    third = run(clients, "--as-of", AS_OF, "-O", out, "--papers", "--lang", "en")
    assert "Papers: 1 firm(s) written, 1 unchanged since the last run (kept), 0 failed." in third.stdout
    assert (office / "ohkit-2026-11-27-en-report.pdf").stat().st_mtime_ns != \
        stamps[office / "ohkit-2026-11-27-en-report.pdf"]
    assert (stone / "ohkit-2026-11-27-en-report.pdf").stat().st_mtime_ns == stamps[stone / "ohkit-2026-11-27-en-report.pdf"]


def test_a_firm_whose_papers_fail_is_listed_and_the_others_are_written(clients, tmp_path, monkeypatch):
    import ohkit.commands.papers as papers

    real = papers.write_cards

    def broken(a, tr, out, **kw):
        if a.firm.name == STONE:
            raise RuntimeError("printer on fire")
        return real(a, tr, out, **kw)

    monkeypatch.setattr(papers, "write_cards", broken)
    out = tmp_path / "out"
    r = run(clients, "--as-of", AS_OF, "-O", out, "--papers", "--lang", "en", "--jobs", 1)
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert "Papers: 1 firm(s) written, 0 unchanged since the last run (kept), 1 failed." in r.stdout
    assert f"{STONE} (区A/stone): Its papers could not be written (RuntimeError: printer on fire)" in r.stdout
    assert (out / "firms" / "区B" / "office" / "ohkit-2026-11-27-en-report.pdf").is_file()
    page = (out / "portfolio-2026-11-27-en.html").read_text(encoding="utf-8")
    assert "printer on fire" in page
    # the next run tries the failed firm again
    monkeypatch.setattr(papers, "write_cards", real)
    r2 = run(clients, "--as-of", AS_OF, "-O", out, "--papers", "--lang", "en", "--jobs", 1)
    assert "Papers: 1 firm(s) written, 1 unchanged since the last run (kept), 0 failed." in r2.stdout


def _strip(d):
    d = dict(d, root=None)
    d["firms"] = [dict(f, path=None) for f in d["firms"]]
    return d


def test_merge_of_two_runs_equals_one_run_over_both(clients, tmp_path):
    half_a, half_b = tmp_path / "ha", tmp_path / "hb"
    shutil.copytree(clients / "区A", half_a / "区A")
    shutil.copytree(clients / "区B", half_b / "区B")
    assert run(clients, "--as-of", AS_OF, "-O", tmp_path / "all").exit_code == 1
    assert run(half_a, "--as-of", AS_OF, "-O", tmp_path / "oa").exit_code == 1
    assert run(half_b, "--as-of", AS_OF, "-O", tmp_path / "ob").exit_code == 0
    m = run("--merge", tmp_path / "oa", tmp_path / "ob", "--as-of", AS_OF, "-O", tmp_path / "merged")
    assert m.exit_code == 1, m.output
    one = run(clients, "--as-of", AS_OF)
    assert m.stdout.split("已写入")[0] == one.stdout
    for name in ("portfolio-2026-11-27.csv", "portfolio-2026-11-27.xlsx"):
        assert (tmp_path / "merged" / name).read_bytes() == (tmp_path / "all" / name).read_bytes(), name

    def page(p):  # the links differ (each run's own firms/ folder); the rest is the same
        return re.sub(r'href="[^"]*"', 'href=""', p.read_text(encoding="utf-8"))

    assert page(tmp_path / "merged" / "portfolio-2026-11-27.html") == page(tmp_path / "all" / "portfolio-2026-11-27.html")
    assert 'href="../oa/firms/' in (tmp_path / "merged" / "portfolio-2026-11-27.html").read_text(encoding="utf-8")
    mj = json.loads(run("--merge", tmp_path / "oa", tmp_path / "ob", "-o", "json", "--lang", "en").stdout)
    oj = json.loads(run(clients, "--as-of", AS_OF, "-o", "json", "--lang", "en").stdout)
    assert _strip(mj) == _strip(oj) and mj["summary"]["unreadable"] == 1


def test_merge_keeps_the_runs_date_and_refuses_another_as_of(clients, tmp_path):
    """--merge builds nothing anew: its outputs carry the date the runs were assessed on. An
    --as-of naming another date is refused (exit 2, nothing written) instead of being ignored."""
    assert run(clients, "--as-of", AS_OF, "-O", tmp_path / "o").exit_code == 1
    r = run("--merge", tmp_path / "o", "--as-of", "2030-01-01", "-O", tmp_path / "m", "--lang", "en")
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert "--merge combines runs assessed on 2026-11-27; --as-of 2030-01-01 cannot change that" in r.stderr
    assert not (tmp_path / "m").exists()
    r = run("--merge", tmp_path / "o", "--as-of", "2030-01-01")
    assert r.exit_code == 2 and "评估日期为 2026-11-27" in r.stderr
    r = run("--merge", tmp_path / "o", "-O", tmp_path / "m")  # no --as-of: the runs' date
    assert r.exit_code == 1 and (tmp_path / "m" / "portfolio-2026-11-27.xlsx").is_file()
    assert "2026-11-27" in r.stdout.splitlines()[0]


def test_outputs_in_english_carry_en_like_single_firm_papers(clients, tmp_path):
    """portfolio-<date>-en.* with --lang en (as ohkit-<date>-en-assessment.json beside them), so a
    Chinese and an English run can share one output folder without overwriting each other."""
    out = tmp_path / "out"
    assert run(clients, "--as-of", AS_OF, "-O", out, "--lang", "en").exit_code == 1
    assert run(clients, "--as-of", AS_OF, "-O", out).exit_code == 1
    names = sorted(p.name for p in out.iterdir())
    assert names == ["firms", "portfolio-2026-11-27-en.csv", "portfolio-2026-11-27-en.html", "portfolio-2026-11-27-en.xlsx",
                     "portfolio-2026-11-27.csv", "portfolio-2026-11-27.html", "portfolio-2026-11-27.xlsx"]
    assert '<html lang="en">' in (out / "portfolio-2026-11-27-en.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in (out / "portfolio-2026-11-27.html").read_text(encoding="utf-8")
    assert "ohkit-2026-11-27-en-assessment.json" in (out / "portfolio-2026-11-27-en.html").read_text(encoding="utf-8")
    m = run("--merge", out, "-O", tmp_path / "m", "--lang", "en")
    assert m.exit_code == 1 and (tmp_path / "m" / "portfolio-2026-11-27-en.html").is_file()


def test_merge_refuses_a_firm_in_two_runs_and_a_folder_that_is_no_output(clients, tmp_path):
    assert run(clients, "--as-of", AS_OF, "-O", tmp_path / "o1").exit_code == 1
    assert run(clients, "--as-of", AS_OF, "-O", tmp_path / "o2").exit_code == 1
    r = run("--merge", tmp_path / "o1", tmp_path / "o2", "--lang", "en")
    assert r.exit_code == 2 and "is in two runs" in r.stderr and "Traceback" not in r.output
    r = run("--merge", clients, "--lang", "en")
    assert r.exit_code == 2 and "is not the output folder of a portfolio run" in r.stderr


def test_overview_escapes_a_hostile_firm_name_and_refers_to_nothing_online(tmp_path):
    root = tmp_path / "c"
    shutil.copytree(examples_dir() / "stone", root / '<b>区"&' / "stone")
    y = root / '<b>区"&' / "stone" / "enterprise.yaml"
    hostile = '<script>alert(1)</script><img src="http://evil.example/x.png">'
    text = y.read_text(encoding="utf-8")
    y.write_text(text.replace(f"name: {STONE}", "name: '" + hostile.replace("'", "''") + "'"), encoding="utf-8")
    out = tmp_path / "out"
    assert run(root, "--as-of", AS_OF, "-O", out, "--lang", "en").exit_code == 1
    page = (out / "portfolio-2026-11-27-en.html").read_text(encoding="utf-8")
    assert hostile not in page and '<b>区"&' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=&quot;http://evil.example/x.png&quot;&gt;" in page
    assert '<option value="&lt;b&gt;区&quot;&amp;">&lt;b&gt;区&quot;&amp;</option>' in page  # the district filter
    assert page.count("<script>") == 1  # only the page's own sort/filter script
    tags = re.findall(r"<[a-zA-Z][^>]*>", page)  # real tags: escaped text has no "<"
    assert not [t for t in tags if re.search(r"^<(img|link|iframe|object|embed|base)\b|\ssrc\s*=\s*[\"']", t, re.I)]
    assert not re.search(r"@import|url\(", page, re.I)
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert hrefs and all(":" not in h and not h.startswith("/") for h in hrefs), hrefs
    assert "<svg" in page and "Testing coverage" in page  # the rates as inline SVG bars


def test_overview_in_chinese_has_the_rows_and_the_rates(clients, tmp_path):
    out = tmp_path / "out"
    run(clients, "--as-of", AS_OF, "-O", out)
    page = (out / "portfolio-2026-11-27.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in page and "委托企业总览" in page and "企业（最紧迫的在前）" in page
    text = re.sub(r"<script>.*?</script>|<style>.*?</style>|<[^>]+>", " ", page, flags=re.S)
    words = set(re.findall(r"[A-Za-z]{4,}", text))  # only names, file names and format names are not Chinese
    assert words <= {"ohkit", "JSON", "HTML", "Excel", "corrupt", "stone", "office", "records", "xlsx", "BadZipFile", "ZipError"}, words
    body = page.split("<tbody>")[1]
    assert body.index("区A/corrupt") < body.index("区A/stone") < body.index("区B/office")  # unreadable first
    assert '<option value="区A">区A</option>' in page and '<option value="区B">区B</option>' in page
    stone_row = next(r for r in page.split("<tr") if "区A/stone" in r)
    assert "2026-08-12" in stone_row and "工作场所监测" in stone_row  # the oldest overdue item, in words
    assert "检测点覆盖率" in page and STONE in page.split("检测点覆盖率")[1].split("</tr>")[0]  # firm below target


def test_papers_need_an_output_folder_and_one_dir_at_a_time(clients, tmp_path):
    r = run(clients, "--papers", "--lang", "en")
    assert r.exit_code == 2 and "-O FOLDER" in r.stderr
    r = run(clients, tmp_path, "--lang", "en")
    assert r.exit_code == 2 and "--merge" in r.stderr


def test_progress_bar_only_on_a_terminal(clients, tmp_path, capsys):
    from ohkit.commands.portfolio import Progress
    from ohkit.i18n import translator

    bar = Progress(translator("en"))
    bar(5, 10, 30.0)
    bar(10, 10, 61.0)
    bar.done()
    err = capsys.readouterr().err
    assert "\r[############............] 5/10 firms · 0:30 elapsed · about 0:30 left" in err
    assert "10/10 firms · 1:01 elapsed · about 0:00 left" in err and err.endswith("\n")
    r = run(clients, "--as-of", AS_OF, "-O", tmp_path / "o", "--lang", "en")  # stderr is not a terminal here
    assert "\r" not in r.stderr and "firms ·" not in r.stderr
