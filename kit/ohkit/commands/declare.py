"""`ohkit declare [FIRM]`: the 职业病危害项目申报表 (hazard declaration form) prefilled from the
records — XLSX (one sheet per section, to copy from) and A4 PDF/HTML like the paper form —
with where each value came from, the boxes left to fill in, and whether a declaration is
due now and why (职业病危害项目申报办法, 48号令)."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from ohkit.commands.common import (EXIT_FINDINGS, EXIT_OK, H, as_of_option, emit_json, firm_argument, format_option,
                                   guarded, lang_option, no_input_option, out_dir_option, resolve_firm, write_atomic)
from ohkit.commands.report import partial_option
from ohkit.i18n import translator
from ohkit.model import Msg


@click.command("declare", help=H(
    "Prefill the occupational disease hazard declaration form (职业病危害项目申报表) from the records of the firm "
    "folder FIRM, section by section as in the national form: basic facts, hazard factors by category with the "
    "workers exposed to each (each worker counted once per factor), workplaces, the latest testing, health exams, "
    "responsible people. Writes an XLSX (one sheet per section, to copy from) and an A4 PDF and HTML into "
    "./ohkit-out/<firm folder name> or -O DIR. Every value names the records it came from; boxes the records "
    "cannot fill are left blank and listed. Also says whether a declaration is due now and why (Decree 48). "
    "Exit code 0: no declaration due; 1: one is due or overdue, the records cannot tell, or they have errors; "
    "2: could not run."))
@firm_argument
@as_of_option
@lang_option
@no_input_option
@format_option
@out_dir_option
@partial_option
@guarded
def command(firm: Path | None, as_of: dt.date, lang: str, no_input: bool, fmt: str, out_dir: Path | None,
            partial: bool) -> None:
    from ohkit.commands.report import echo_warnings, output_dir, require_readable, warn_record_problems

    tr = translator(lang)
    root = resolve_firm(firm, tr)
    out = output_dir(root, out_dir)
    from ohkit.catalogue import load_catalogue
    from ohkit.engine import assess
    from ohkit.engine.declaration import declaration_form
    from ohkit.records import load_workspace

    cat = load_catalogue()
    ws = load_workspace(root, as_of=as_of)
    a = assess(ws, as_of, cat)
    require_readable(tr, a, partial)  # unreadable record files: refuse, or with --partial mark the form
    warn_record_problems(tr, a)
    form = declaration_form(ws, as_of, cat, a)

    from ohkit.render import declaration as render
    from ohkit.render.pdf import environment_warnings, quiet_weasyprint

    quiet_weasyprint()
    echo_warnings(tr, environment_warnings())
    html, pdf, warnings = render.render_pdf(form, ws.profile.name, tr.lang)
    stem = f"ohkit-{as_of.isoformat()}" + ("" if tr.lang == "zh" else f"-{tr.lang}") + "-declaration"
    files = {out / f"{stem}.xlsx": render.to_xlsx(form, tr), out / f"{stem}.pdf": pdf,
             out / f"{stem}.html": html.encode("utf-8")}
    for path, data in files.items():
        write_atomic(path, data)
    echo_warnings(tr, warnings)
    if fmt == "json":
        emit_json({**render.declaration_to_dict(form, tr), "files": [str(p) for p in files],
                   "warnings": [w.to_dict() | {"message": tr.msg(w)} for w in warnings]})
    else:
        for p in files:
            click.echo(tr.msg(Msg("cli.wrote", {"path": str(p)})))
        click.echo(render.due_text(form, tr))
        for r in form.reasons:
            click.echo("  - " + render.reason_text(r, tr))
        if form.missing:
            click.echo(render.missing_text(form, tr))
    due = form.due_now is not False or form.problems > 0
    sys.exit(EXIT_FINDINGS if due else EXIT_OK)
