"""The whole path a new user takes: init → validate → assess, on a fresh folder."""
from __future__ import annotations

import json

from click.testing import CliRunner

from ohkit.cli import cli


def test_a_fresh_template_is_unknown_not_hazard_free(tmp_path):
    firm = tmp_path / "新工厂"
    r = CliRunner().invoke(cli, ["init", str(firm)])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(cli, ["validate", str(firm), "--as-of", "2026-11-27"])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(cli, ["assess", str(firm), "--no-input", "--as-of", "2026-11-27", "-o", "json"])
    assert r.exit_code in (0, 1), r.output
    data = json.loads(r.stdout)
    status = {f["obligation_id"]: f["status"] for f in data["findings"]}
    # Nothing filled in yet: whether the firm has hazards is not known, so the hazard
    # duties are open questions, not "not applicable".
    assert data["flags"]["haz"] is None
    assert status["DECL-1"] == "unknown"
    assert status["EXAM-2"] != "not_applicable" or data["flags"]["exposed"] is False
    # Duties that apply to every employer are still assessed.
    assert status["INS-1"] != "not_applicable"


def test_outputs_get_ordinary_file_modes_and_answers_keep_theirs(tmp_path):
    import os
    import stat

    from ohkit.commands.common import write_atomic

    old = os.umask(0o022)
    try:
        out = tmp_path / "out" / "a.pdf"
        write_atomic(out, b"x")
        assert stat.S_IMODE(out.stat().st_mode) == 0o644   # not mkstemp's private 0600
        ans = tmp_path / "answers.yaml"
        ans.write_text("a: 1\n")
        ans.chmod(0o664)
        write_atomic(ans, b"a: 2\n")
        assert stat.S_IMODE(ans.stat().st_mode) == 0o664 and ans.read_text() == "a: 2\n"
    finally:
        os.umask(old)


def test_no_python_reprs_leak_into_the_report_or_terminal(tmp_path):
    """Lists, dicts and None are data, not text: a reader must never see ['喷漆'] or None."""
    import datetime as dt
    import re

    from ohkit.engine import assess
    from ohkit.paths import examples_dir
    from ohkit.records import load_workspace
    from ohkit.render.report import render_report_html

    as_of = dt.date(2026, 11, 27)
    a = assess(load_workspace(examples_dir() / "furniture", as_of=as_of), as_of)
    for lang in ("zh", "en"):
        html = render_report_html(a, lang)
        text = re.sub(r"<[^>]+>", " ", html)
        for bad in ("['", "{'", "[&#39;", "{&#39;", " None ", "datetime.date"):
            assert bad not in text, (lang, bad, text[max(0, text.find(bad) - 80):text.find(bad) + 80])
        assert "喷漆" in text
        if lang == "en":  # legal citations read in English too (names of people and places stay Chinese)
            assert not re.search(r"第\s*\d+\s*条", text)
    r = CliRunner().invoke(cli, ["assess", str(examples_dir() / "stone"), "--no-input", "--as-of", "2026-11-27"])
    for bad in ("['", "{'", "None", "datetime.date"):
        assert bad not in r.stdout, bad


def test_as_of_takes_the_date_forms_the_records_take():
    import datetime as dt

    import pytest

    from ohkit.commands.common import parse_as_of

    for v in ("2026-11-27", "2026/11/27", "2026.11.27", "2026年11月27日"):
        assert parse_as_of(v) == dt.date(2026, 11, 27)
    for v in ("11/27/2026", "2026-02-30", "next week"):
        with pytest.raises(ValueError):
            parse_as_of(v)


def test_english_output_writes_brackets_the_english_way():
    """Labels such as 喷漆（P04） read 喷漆 (P04) in English; Chinese output keeps （）."""
    from ohkit.i18n import translator
    from ohkit.paths import examples_dir

    assert translator("en").label("覃海波（HY015）") == "覃海波 (HY015)"
    assert translator("zh").label("覃海波（HY015）") == "覃海波（HY015）"
    args = ["assess", str(examples_dir() / "furniture"), "--no-input", "--as-of", "2026-11-27"]
    en = CliRunner().invoke(cli, args + ["--lang", "en"]).stdout
    zh = CliRunner().invoke(cli, args).stdout
    assert "（" not in en and "（" in zh


def test_english_outputs_sit_beside_the_chinese_ones(tmp_path):
    from ohkit.paths import examples_dir

    firm = str(examples_dir() / "office")
    for lang in ("zh", "en"):
        CliRunner().invoke(cli, ["report", firm, "--as-of", "2026-11-27", "-O", str(tmp_path), "--lang", lang])
    names = sorted(p.name for p in tmp_path.iterdir())
    assert "ohkit-2026-11-27-report.pdf" in names and "ohkit-2026-11-27-en-report.pdf" in names
