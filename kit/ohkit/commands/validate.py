"""`ohkit validate [FIRM]`: check a firm folder's records and say what to fix.

Problems are grouped by file, each with file:row:column, the value, what is
wrong and what to do. Exit 0 when there is no error (warnings allowed), 1 when
there are errors, 2 when the check cannot run.
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from ohkit.commands.common import (EXIT_FINDINGS, EXIT_OK, H, as_of_option, emit_json, firm_argument,
                                   format_option, guarded, lang_option, resolve_firm)
from ohkit.i18n import translator


@click.command("validate", help=H("Check the records in the firm folder FIRM (default: the current folder, "
                                  "or the bundled example): every problem with file, row and column, the "
                                  "value, what is wrong and how to fix it. Nothing is written. Exit code 0: no "
                                  "errors; 1: errors to fix; 2: the check could not run."))
@firm_argument
@as_of_option
@lang_option
@format_option
@guarded
def command(firm: Path | None, as_of: dt.date, lang: str, fmt: str) -> None:
    tr = translator(lang)
    root = resolve_firm(firm, tr)
    from ohkit.records import load_workspace
    from ohkit.records.report import validation_to_dict

    ws = load_workspace(root, as_of=as_of)
    problems = list(ws.problems)
    errors = sum(1 for p in problems if p.severity == "error")
    if fmt == "json":
        emit_json(validation_to_dict(ws, as_of, tr))
    else:
        _print_text(ws, root, as_of, tr)
    sys.exit(EXIT_FINDINGS if errors else EXIT_OK)


def _print_text(ws, root: Path, as_of: dt.date, tr) -> None:  # noqa: ANN001
    from ohkit.records.report import group_by_file
    from ohkit.records.schema import table_specs

    _ = tr.gettext
    zh = tr.lang == "zh"
    sep = "、" if zh else ", "
    click.echo(_("Checked {path} (assessment date {as_of}).").format(path=root, as_of=as_of.isoformat()))
    read, absent, unread = [], [], []
    unread_at = {p.loc.file for p in ws.unread} | {p.loc.sheet for p in ws.unread if p.loc.sheet}
    wb_unread = "records.xlsx" in unread_at
    for spec in table_specs():
        name = spec.sheet_zh if zh else spec.name
        src = ws.sources.get(spec.name)
        if src is None:
            files = {n + ".csv" for n in spec.file_names()} | {spec.sheet_zh}
            (unread if files & unread_at or wb_unread else absent).append(name)
            continue
        where = f"{src.file}[{src.sheet}]" if src.sheet else src.file
        read.append(_("{table} {rows} rows ({where})").format(table=name, rows=len(ws.table(spec.name)), where=where))
    if read:
        click.echo(_("Tables read: {tables}.").format(tables=sep.join(read)))
    if unread:
        click.echo(_("Tables that could not be read (see the errors below): {tables}.").format(
            tables=sep.join(unread)))
    if absent:
        click.echo(_("Tables not found (no records of this kind): {tables}.").format(tables=sep.join(absent)))
    problems = list(ws.problems)
    if not problems:
        click.echo("")
        click.echo(_("No problems found: the records can be assessed with `ohkit assess`."))
        return
    sev = {"error": tr.pgettext("severity", "error"), "warning": tr.pgettext("severity", "warning")}
    summary = []
    for file, items in group_by_file(problems).items():
        click.echo("")
        click.echo(click.style(file, bold=True))
        e = sum(1 for p in items if p.severity == "error")
        summary.append(_("{file}: errors {errors}, warnings {warnings}").format(
            file=file, errors=e, warnings=len(items) - e))
        for p in items:
            text = tr.msg(p.msg)
            line = f"  {p.loc}  [{sev[p.severity]}] {text}"
            if p.loc.header and p.loc.header not in text:
                line += " " + _("(column “{header}”)").format(header=p.loc.header)
            if p.value and p.value not in text:
                line += " " + _("Value: “{value}”.").format(value=p.value)
            click.echo(line)
            if p.fix is not None:
                click.echo("      → " + tr.msg(p.fix))
    errors = sum(1 for p in problems if p.severity == "error")
    click.echo("")
    click.echo(_("Summary: {per_file}.").format(per_file=("；" if zh else "; ").join(summary)))
    click.echo(_("In all: errors {errors}, warnings {warnings}.").format(errors=errors, warnings=len(problems) - errors))
    if errors:
        click.echo(_("Fix the errors and run `ohkit validate` again. Warnings do not stop the assessment."))
    else:
        click.echo(_("No errors: the records can be assessed with `ohkit assess`. Check the warnings when you can."))
