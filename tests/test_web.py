"""The 在线自查 page's Python side (ohkit.web): the page's one call gives the CLI's JSON for the
same files and date, writes answers.yaml and enterprise.yaml the way the CLI reads them, escapes
user text, and the build bundles ohkit with its prebuilt catalogue and without the PDF fonts.
The browser itself is tested in test_web_browser.py."""
from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from ohkit.cli import cli
from ohkit.paths import examples_dir
from ohkit.web import api, build

ROOT = Path(__file__).resolve().parents[1]
BROKEN = ROOT / "tests" / "fixtures" / "records" / "broken"
AS_OF = "2026-11-30"
TODAY = "2026-12-01"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())
            if p.suffix in (".xlsx", ".csv", ".yaml")}


def _cli_json(*args: str) -> dict:
    r = CliRunner().invoke(cli, [*args, "--as-of", AS_OF, "-o", "json"])
    assert r.exit_code in (0, 1), r.output
    return json.loads(r.stdout)


def _same(page: dict) -> dict:
    return json.loads(json.dumps(page, ensure_ascii=False))


@pytest.mark.parametrize("firm", ["furniture", "stone", "office"])
def test_page_json_is_the_clis_for_each_bundled_example(firm, tmp_path):
    folder = examples_dir() / firm
    r = api.check(_files(folder), as_of=AS_OF, lang="zh", today=TODAY)
    # the same bytes in a folder named like the page's, so that nothing but the host differs
    assert _same(r["assessment"]) == _cli_json("assess", str(folder))
    assert _same(r["validation"]) == _cli_json("validate", str(folder))
    due = _cli_json("due", str(folder), "--within", "60d")
    assert _same(r["due"]["overdue"]) == due["overdue"] and _same(r["due"]["upcoming"]) == due["upcoming"]


def test_broken_firm_gives_the_clis_problems_in_english_too():
    r = api.check(_files(BROKEN), as_of=AS_OF, lang="en", today=TODAY)
    cli_v = _same(_cli_json("validate", str(BROKEN), "--lang", "en"))
    assert _same(r["validation"]) == cli_v
    assert cli_v["errors"] > 0
    html = r["html"]["problems"]
    first = cli_v["problems"][0]
    assert first["location"] in html and first["fix_text"].split("“")[0][:30] in html
    assert "Fix the errors in your file" in html


def test_answers_given_in_the_page_are_the_answers_yaml_the_cli_reads(tmp_path):
    folder = examples_dir() / "stone"  # CSV tables, no answers.yaml yet
    files = _files(folder)
    first = api.check(files, as_of=AS_OF, lang="zh", today=TODAY)
    open_q = [q for q in first["questions"] if q["kind"] == "obligation"]
    assert open_q, "the stone example should leave questions for the walk-through"
    qid = open_q[0]["id"]
    second = api.check(files, as_of=AS_OF, lang="zh", today=TODAY, answers={qid: True})
    text = second["downloads"]["answers.yaml"]
    assert f"{qid}: {{answer: true, date: {TODAY}}}" in text
    # the answered question stays on the page with its answer, and now counts as met
    q = next(q for q in second["questions"] if q["id"] == qid)
    assert q["value"] is True
    f = next(f for f in second["assessment"]["findings"] if f["obligation_id"] == qid)
    assert f["status"] == "manual" and f["met"] is True
    # the CLI on a folder holding the downloaded answers.yaml gives the same JSON
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "answers.yaml").write_text(text, encoding="utf-8")
    r = CliRunner().invoke(cli, ["assess", str(tmp_path), "--as-of", AS_OF, "-o", "json"])
    cli_a = json.loads(r.stdout)
    page = _same(second["assessment"])
    assert page["records_digest"] == cli_a["records_digest"]
    assert page == cli_a


def test_form_facts_round_trip_through_enterprise_yaml(tmp_path):
    from ohkit.records import load_workspace

    src = examples_dir() / "furniture" / "enterprise.yaml"
    facts = api.facts_from_enterprise(src.read_bytes())
    assert facts["name"] == "佛山市顺德区华艺家具有限公司"
    assert facts["size"] == "small" and facts["hazard_class"] == "serious"
    assert facts["oh_manager.full_time"] is True and facts["insurance.insured"] == 40
    text = api.enterprise_yaml(facts, src.read_bytes())
    (tmp_path / "enterprise.yaml").write_text(text, encoding="utf-8")
    ws = load_workspace(tmp_path, as_of=None)
    orig = load_workspace(src.parent, as_of=None)
    assert ws.profile == orig.profile
    # nothing wrong with the written file (the folder has no tables: that warning is expected)
    assert not [p for p in ws.problems if p.loc.file == "enterprise.yaml" and p.code != "rec.tables_needed"]


def test_form_facts_replace_a_dropped_enterprise_yaml():
    files = _files(examples_dir() / "furniture")
    facts = api.facts_from_enterprise(files["enterprise.yaml"])
    facts["name"] = "<script>alert(1)</script>厂"
    facts["headcount"] = "十五"
    r = api.check(files, as_of=AS_OF, lang="zh", today=TODAY, facts=facts)
    assert 'name: "<script>alert(1)</script>厂"' in r["downloads"]["enterprise.yaml"]
    bad = [p for p in r["validation"]["problems"] if p["code"] == "rec.int_bad"]
    assert bad and bad[0]["location"].startswith("enterprise.yaml:") and bad[0]["value"] == "十五"
    assert "<script>alert" not in r["downloads"]["report.html"]
    assert "&lt;script&gt;" in r["downloads"]["report.html"]


def test_a_workbook_under_another_name_is_read_and_paths_cannot_escape(tmp_path):
    files = _files(examples_dir() / "furniture")
    files["../../台账 2026.xlsx"] = files.pop("records.xlsx")
    stored = api.place_files(files, tmp_path)
    assert stored["../../台账 2026.xlsx"] == "records.xlsx"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.yaml", "enterprise.yaml", "records.xlsx"]
    r = api.check(files, as_of=AS_OF, lang="en", today=TODAY)
    assert r["renamed"] == {"../../台账 2026.xlsx": "records.xlsx"}
    assert "台账 2026.xlsx was read as records.xlsx." in r["html"]["problems"]


def test_result_sections_show_areas_not_met_due_and_cards():
    r = api.check(_files(examples_dir() / "furniture"), as_of=AS_OF, lang="zh", today=TODAY)
    not_met = [f for f in r["assessment"]["findings"] if f["met"] is False]
    assert not_met
    html = r["html"]["assessment"]
    for f in not_met:
        assert f">{f['obligation_id']}</b>" in html
    assert "按领域的自查结论" in html or "自查" in html
    assert r["downloads"]["cards.html"] and "职业病危害告知卡" in r["downloads"]["cards.html"]
    assert r["downloads"]["report.html"].lstrip().lower().startswith("<!doctype html")
    import datetime as dt

    from ohkit.engine import assess
    from ohkit.records import load_workspace
    from ohkit.render.report import render_report_html

    # the CLI's report, plus only the browser's print setting
    assert "print-color-adjust: exact" in r["downloads"]["cards.html"]
    day = dt.date.fromisoformat(AS_OF)
    cli_html = render_report_html(assess(load_workspace(examples_dir() / "furniture", as_of=day), day), "zh")
    assert r["downloads"]["report.html"].replace(api.PRINT_CSS, "") == cli_html
    rows = r["due"]["overdue"] + r["due"]["upcoming"]
    for row in rows:
        assert row["obligation_id"] in r["html"]["due"]


def test_form_fields_come_from_the_schema_in_both_languages():
    zh = {f["key"]: f for f in api.form_fields("zh")}
    en = {f["key"]: f for f in api.form_fields("en")}
    assert zh.keys() == en.keys()
    assert zh["name"]["label"] == "单位名称" and zh["name"]["required"]
    assert ["serious", "严重"] in zh["hazard_class"]["choices"]
    assert ["serious", "serious"] in en["hazard_class"]["choices"]
    assert "oh_manager.full_time" in zh and "exam_intervals" not in zh


def test_pins_have_hashes_and_the_bundle_has_ohkit_without_fonts_and_with_the_catalogue():
    for req in (build.WHEELS_REQ, build.SDISTS_REQ):
        pins = build._pins(req)
        assert pins and all(v and len(h) == 64 for _n, v, h in pins)
    assert any("calamine" in n for n, _v, _h in build._pins(build.WHEELS_REQ))
    data = build.bundle([], [])
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert "ohkit/web/api.py" in names and "ohkit/records/workspace.py" in names
    assert "ohkit/_data/examples/furniture/records.xlsx" in names
    assert not [n for n in names if n.endswith(".otf") or n.startswith("ohkit/site/")]
    cached = [n for n in names if n.startswith(build.CATALOGUE_CACHE + "/catalogue-")]
    assert len(cached) == 1
    # the same file name the loader looks for: keyed by the catalogue's content
    name, _ = build.catalogue_json()
    assert cached == [f"{build.CATALOGUE_CACHE}/{name}"]
    assert data == build.bundle([], []), "the bundle is reproducible"


@pytest.mark.slow
def test_the_bundle_alone_runs_the_check(tmp_path):
    """The site-packages the page unpacks (pure wheels, PyYAML and MarkupSafe from their sdists,
    the rpds stand-in, ohkit) give the CLI's JSON in a Python that sees nothing else but the
    Excel reader (the page loads calamine's Pyodide wheel; here the host's build of it)."""
    import importlib.util
    import subprocess
    import sys

    try:
        wheels, sdists = build.fetch_wheels(log=lambda s: None)
    except build.BuildError as exc:  # pragma: no cover - no registry here
        pytest.skip(f"cannot download the pinned wheels: {exc}")
    site = tmp_path / "site-packages"
    zipfile.ZipFile(io.BytesIO(build.bundle(wheels, sdists))).extractall(site)
    calamine = Path(importlib.util.find_spec("python_calamine").origin).parent
    shutil_copy = __import__("shutil").copytree
    shutil_copy(calamine, site / "python_calamine")
    script = (
        "import sys, json, os\n"
        "sys.path[:] = [p for p in sys.path if 'site-packages' not in p and 'kit' not in p]\n"
        f"sys.path.insert(0, {str(site)!r})\n"
        f"os.environ['OHKIT_CACHE_DIR'] = {str(site / build.CATALOGUE_CACHE)!r}\n"
        "from pathlib import Path\n"
        "import yaml, markupsafe, rpds, jsonschema\n"
        "assert not getattr(yaml, '__with_libyaml__', False) and markupsafe.__file__.startswith(sys.path[0])\n"
        "import ohkit\n"
        "assert ohkit.__file__.startswith(sys.path[0]), ohkit.__file__\n"
        "from ohkit.web.api import check\n"
        "out = {}\n"
        "for name, folder in json.loads(sys.argv[1]).items():\n"
        "    files = {p.name: p.read_bytes() for p in Path(folder).iterdir() if p.suffix in ('.xlsx', '.csv', '.yaml')}\n"
        f"    r = check(files, as_of={AS_OF!r}, lang='zh', today={TODAY!r})\n"
        "    out[name] = {'assessment': r['assessment'], 'validation': r['validation']}\n"
        "from ohkit.records.readers import open_workbook\n"
        "out['reader'] = type(open_workbook(Path(json.loads(sys.argv[1])['furniture']) / 'records.xlsx')).__name__\n"
        "print(json.dumps(out, ensure_ascii=False))\n")
    folders = {"furniture": str(examples_dir() / "furniture"), "broken": str(BROKEN)}
    r = subprocess.run([sys.executable, "-I", "-c", script, json.dumps(folders)], capture_output=True, text=True,
                       timeout=600, cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-3000:]
    got = json.loads(r.stdout)
    # without calamine (another Pyodide), the bundled openpyxl reads the workbook the same
    (site / "python_calamine").rename(site / "python_calamine_hidden")
    r = subprocess.run([sys.executable, "-I", "-c", script, json.dumps({"furniture": folders["furniture"]})],
                       capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-3000:]
    fallback = json.loads(r.stdout)
    assert (got["reader"], fallback["reader"]) == ("CalamineWorkbook", "OpenpyxlWorkbook")
    assert fallback["furniture"]["assessment"] == got["furniture"]["assessment"]
    assert got["furniture"]["assessment"] == _cli_json("assess", folders["furniture"])
    assert got["broken"]["validation"] == _cli_json("validate", folders["broken"])
    assert got["broken"]["validation"]["errors"] > 0


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["name", "region", "principal", "oh_manager.name", "contact_phone"]),
                       st.text(max_size=40)))
def test_form_text_cannot_break_enterprise_yaml(facts):
    """Whatever is typed into the form (quotes, colons, newlines, #, YAML keywords) comes back
    as the same text: the form writes values, never YAML structure."""
    import yaml

    data = yaml.safe_load(api.enterprise_yaml(facts)) or {}
    for key, typed in facts.items():
        want = typed.strip() or None
        head, _, sub = key.partition(".")
        got = (data.get(head) or {}).get(sub) if sub else data.get(head)
        assert got == want, (key, typed, got)


def test_user_text_in_the_page_fragments_is_escaped():
    """File names and cell values reach the page's HTML only escaped (it is inserted as HTML)."""
    evil = "<img src=x onerror=alert(1)>"
    files = _files(examples_dir() / "stone")
    files[evil + ".csv"] = b"a,b\n1,2\n"
    files["workers.csv"] = files["workers.csv"].replace("梁".encode(), evil.encode(), 1)
    r = api.check(files, as_of=AS_OF, lang="zh", today=TODAY)
    assert any(evil in p["message"] or evil in (p.get("value") or "") or evil in p["location"]
               for p in r["validation"]["problems"])
    for name, fragment in r["html"].items():
        assert evil not in fragment, name
    assert "&lt;img src=x onerror=alert(1)&gt;" in r["html"]["problems"]
    for name in ("report.html", "cards.html"):
        assert "<img src=x" not in (r["downloads"][name] or ""), name


def test_build_without_npm_says_what_to_install(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("OHKIT_WEB_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(build.shutil, "which", lambda name: None)
    assert build.main(["build", "--docs", str(tmp_path / "docs")]) == 2
    err = capsys.readouterr().err
    assert "npm is not installed" in err and "scripts/setup.sh --test" in err
    assert not (tmp_path / "docs").exists()
