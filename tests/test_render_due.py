"""`ohkit due`: what is overdue / coming up, the ICS file, and the CLI."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from ohkit.cli import cli
from ohkit.i18n import translator
from ohkit.render import ics
from test_render_fixture import AS_OF, make_assessment, firm  # noqa: F401 - shared fixture


def test_select_due_windows():
    a = make_assessment()
    overdue, upcoming = ics.select_due(a, 60)
    assert [(d.date.isoformat(), d.subject_id) for d in overdue] == [("2026-02-01", "W001")]
    assert [(d.date.isoformat(), d.subject_id) for d in upcoming] == [("2026-04-20", "W002")]
    _, upcoming = ics.select_due(a, 251)  # 2026-11-20 is 251 days after 2026-03-14
    assert [d.date.isoformat() for d in upcoming] == ["2026-04-20", "2026-09-01", "2026-11-20"]


def test_ics_events_uids_and_determinism():
    from icalendar import Calendar

    a = make_assessment()
    overdue, upcoming = ics.select_due(a, 365)
    data = ics.to_ics(a, translator("zh"), overdue + upcoming)
    assert data == ics.to_ics(a, translator("zh"), overdue + upcoming)  # same firm/date -> same bytes
    cal = Calendar.from_ical(data)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 4
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == 4 and all(u.endswith("@ohkit") for u in uids)
    first = events[0]
    assert first["DTSTART"].dt.isoformat() == "2026-02-01"
    assert str(first["SUMMARY"]) == "【已逾期】 职业健康检查：王喆"
    # the UID does not depend on the language or the run
    en = Calendar.from_ical(ics.to_ics(a, translator("en"), overdue + upcoming))
    assert [str(e["UID"]) for e in en.walk("VEVENT")] == uids



def test_due_cli_text_json_and_ics(firm, tmp_path):
    r = CliRunner().invoke(cli, ["due", str(firm), "--as-of", AS_OF.isoformat(), "--within", "60d"])
    assert r.exit_code == 1, r.output  # something is overdue
    assert "已逾期 1 项；自 2026-03-14 起 60 天内到期 1 项。" in r.output
    assert "2026-02-01  逾期 41 天" in r.output and "王喆" in r.output and "[EXAM-2]" in r.output
    out = tmp_path / "out" / "due.ics"
    r = CliRunner().invoke(cli, ["due", str(firm), "--as-of", "2026-03-14", "--within", "8w", "-o", "json",
                                 "--ics", str(out)])
    data = json.loads(r.stdout)
    assert data["within_days"] == 56
    assert [x["subject_id"] for x in data["overdue"]] == ["W001"]
    assert [x["days"] for x in data["upcoming"]] == [37]
    assert out.read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_due_cli_refuses_to_write_into_the_records(firm):
    r = CliRunner().invoke(cli, ["due", str(firm), "--as-of", "2026-03-14", "--ics", str(firm / "due.ics")])
    assert r.exit_code == 2
    assert "从不向记录文件夹写入文件" in r.output
    assert not (firm / "due.ics").exists()


def test_due_cli_bad_period(firm):
    r = CliRunner().invoke(cli, ["due", str(firm), "--within", "soon"])
    assert r.exit_code == 2
    assert "Traceback" not in r.output
