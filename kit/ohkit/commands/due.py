"""`ohkit due [FIRM] --within 60d [--ics FILE]`: what is overdue and what falls due
soon (next exams, training renewals, testing cycle, declaration window)."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from ohkit.commands.common import (EXIT_FINDINGS, EXIT_OK, H, as_of_option, emit_json, firm_argument,
                                   format_option, guarded, lang_option, no_input_option, parse_duration,
                                   resolve_firm, write_atomic)
from ohkit.i18n import translator
from ohkit.model import Msg
from ohkit.commands.report import partial_option


def _within_cb(ctx: click.Context, param: click.Parameter, value: str) -> str:
    from ohkit.commands.common import HELP_LANG, MAX_WITHIN_DAYS, OutOfRange

    try:
        parse_duration(value)
        return value
    except OutOfRange:
        raise click.BadParameter(translator(HELP_LANG[0]).msg(Msg("cli.within_range", {
            "value": value, "max": MAX_WITHIN_DAYS})))
    except ValueError:

        raise click.BadParameter(translator(HELP_LANG[0]).msg(Msg("cli.bad_duration", {"value": value})))


def within_days(value: str, as_of: dt.date) -> int:
    """Days from ``as_of`` to the end of the period: months are calendar months
    (12m from 2026-03-14 is 2027-03-14), days and weeks as given."""
    import calendar
    import re

    m = re.fullmatch(r"\s*(\d+)\s*([m月])\s*", value or "")
    if not m:
        return parse_duration(value)
    total = as_of.month - 1 + int(m.group(1))
    year, month = as_of.year + total // 12, total % 12 + 1
    end = dt.date(year, month, min(as_of.day, calendar.monthrange(year, month)[1]))
    return (end - as_of).days


@click.command("due", help=H(
    "List what is overdue and what falls due within a period (default 60 days) for the firm folder FIRM: "
    "each worker's next exam, training renewals, workplace testing, declaration. --ics FILE also writes "
    "a calendar file to import into a phone or Outlook. Exit code 0: nothing overdue; 1: something is "
    "overdue or the records cannot all be read; 2: could not run."))
@firm_argument
@click.option("--within", "within", default="60d", callback=_within_cb, metavar="60d|8w|2m",
              show_default=True, help=H("How far ahead to look: days (60d), weeks (8w) or months (2m)."))
@click.option("--ics", "ics", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="FILE",
              help=H("Also write the items (overdue and upcoming) as an iCalendar file."))
@as_of_option
@lang_option
@no_input_option
@format_option
@partial_option
@guarded
def command(firm: Path | None, within: str, ics: Path | None, as_of: dt.date, lang: str, no_input: bool,
            fmt: str, partial: bool) -> None:
    from ohkit.commands.report import check_not_in_records, load_assessment, require_readable, warn_record_problems

    tr = translator(lang)
    root = resolve_firm(firm, tr)
    days = within_days(within, as_of)
    if ics is not None:
        check_not_in_records(root, ics, "ren.ics_in_records")
    a = load_assessment(root, as_of)
    require_readable(tr, a, partial)
    broken = warn_record_problems(tr, a)

    from ohkit.render.ics import due_rows, select_due, to_ics

    overdue, upcoming = select_due(a, days)
    needed = [p for p in a.problems if p.code == "rec.tables_needed"]
    if ics is not None:
        write_atomic(ics, to_ics(a, tr, overdue + upcoming))
    if fmt == "json":
        emit_json({"as_of": as_of.isoformat(), "within_days": days,
                   "complete": a.complete, "unread": [p.to_dict(tr.msg) for p in a.unread],
                   "cannot_know": [p.to_dict(tr.msg) for p in needed],
                   "overdue": due_rows(a, tr, overdue), "upcoming": due_rows(a, tr, upcoming),
                   "ics": str(ics) if ics else None})
    else:
        _ = tr.gettext
        if a.unread:
            from ohkit.render.terminal import unread_lines

            click.echo(_("INCOMPLETE: {n} record files could not be read; dates they would give are not "
                         "listed:").format(n=len(a.unread)))
            for line in unread_lines(a.unread, tr):
                click.echo(line)
            click.echo("")
        for p in needed:
            click.echo(_("Cannot be known: {what}").format(what=tr.msg(p.msg)))
            click.echo("")
        if not overdue and not upcoming:
            click.echo(tr.msg(Msg("ren.due_none", {"days": days, "date": as_of.isoformat()})))
        else:
            click.echo(tr.msg(Msg("ren.due_summary", {"overdue": len(overdue), "upcoming": len(upcoming),
                                                       "days": days, "date": as_of.isoformat()})))
        for title, rows in ((_("Overdue"), due_rows(a, tr, overdue)), (_("Coming up"), due_rows(a, tr, upcoming))):
            if not rows:
                continue
            click.echo("")
            click.echo(click.style(title, bold=True))
            for r in rows:
                when = (_("{n} days overdue").format(n=-r["days"]) if r["days"] < 0 else
                        _("today") if r["days"] == 0 else _("in {n} days").format(n=r["days"]))
                line = f"  {r['date']}  {when:<10}  {r['summary']}  [{r['obligation_id']}]"
                if r["message"]:
                    line += f"\n      {r['message']}"
                click.echo(click.style(line, fg="red") if r["overdue"] else line)
        if ics is not None:
            click.echo("")
            click.echo(tr.msg(Msg("cli.wrote", {"path": str(ics)})))
    sys.exit(EXIT_FINDINGS if overdue or broken or needed or a.unread else EXIT_OK)
