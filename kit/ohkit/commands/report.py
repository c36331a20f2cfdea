"""`ohkit report [FIRM]`: the self-assessment report (HTML + PDF) and the
action plan (XLSX + CSV), written atomically into an output folder outside
the records (default ./ohkit-out/<firm folder name>, or -O DIR).

Also holds the small helpers `card` and `due` share: loading the assessment
through the public pipeline and guarding the output folder.
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click

from ohkit.commands.common import (EXIT_FINDINGS, EXIT_OK, Abort, H, as_of_option, default_out_dir, emit_json,
                                   firm_argument, format_option, guarded, lang_option, no_input_option,
                                   out_dir_option, resolve_firm, write_atomic)
from ohkit.commands.signoff import check_name, sign_option
from ohkit.commands.since import SINCE_REPORT_HELP, since_option
from ohkit.i18n import Translator, translator
from ohkit.model import Msg


def load_assessment(root: Path, as_of: dt.date) -> Any:
    """records -> engine, through the public API (tests may replace this)."""
    try:
        from ohkit.engine import assess
        from ohkit.records import load_workspace
    except ImportError as exc:
        raise Abort(Msg("ren.pipeline_missing", {"module": getattr(exc, "name", None) or str(exc)}))
    ws = load_workspace(root, as_of=as_of)
    return assess(ws, as_of)


def output_dir(root: Path, out_dir: Path | None) -> Path:
    """The output folder; never inside the firm folder (the records)."""
    out = default_out_dir(root, out_dir).resolve()
    r = root.resolve()
    if out_dir is None and (out == r or r in out.parents):
        # run from inside the firm folder: put the default folder next to it instead
        out = r.parent / "ohkit-out" / r.name
    if out == r or r in out.parents:
        raise Abort(Msg("ren.out_in_records", {"path": str(out)}))
    return out


def check_not_in_records(root: Path, path: Path, code: str = "ren.out_in_records") -> None:
    p, r = path.resolve(), root.resolve()
    if r == p or r in p.parents:
        raise Abort(Msg(code, {"path": str(path)}))


def record_errors(a: Any) -> int:
    return sum(1 for p in a.problems if p.severity == "error")


def warn_record_problems(tr: Translator, a: Any) -> bool:
    """On stderr: the records could not all be read (so results are partial). True if so."""
    n = record_errors(a)
    if n:
        click.echo(tr.msg(Msg("ren.records_unreadable", {"count": n})), err=True)
    return bool(n)


def partial_option(f: Any) -> Any:
    return click.option("--partial", is_flag=True, default=False,
                        help=H("Write the outputs even when some records cannot be read; every page then says "
                               "INCOMPLETE and which records were missing."))(f)


def require_readable(tr: Translator, a: Any, partial: bool) -> None:
    """Records that could not be read: refuse (exit 2, the located problems on stderr), or
    with --partial say on stderr that every output is marked incomplete."""
    unread = getattr(a, "unread", ())
    if not unread:
        return
    from ohkit.render.terminal import unread_lines

    for line in unread_lines(unread, tr):
        click.echo(line, err=True)
    if not partial:
        raise Abort(Msg("ren.refused_unread", {"count": len(unread)}))
    click.echo(tr.msg(Msg("ren.partial_outputs", {"count": len(unread)})), err=True)


def echo_warnings(tr: Translator, warnings: list[Msg]) -> None:
    for w in warnings:
        click.echo(tr.msg(w), err=True)


def _comparison(tr: Translator, out: Path, as_of: dt.date, since: Path | None,
                current: dict[str, Any]) -> tuple[Any, Path | None]:
    """The page comparing with the earlier self-check (``--since FILE``, else the newest earlier
    assessment JSON in the output folder), and the file it came from; says which on stderr."""
    from ohkit.commands.since import find_previous, load_assessment_json

    if since is not None:
        prev, path = load_assessment_json(since), since
    else:
        found = find_previous(out, as_of, current)
        if found is None:
            if out.is_dir() and any(out.glob("*-report.pdf")):
                click.echo(tr.msg(Msg("cmp.none_found", {"folder": str(out)})), err=True)
            return None, None
        path, prev = found
    from ohkit.engine.compare import compare_assessments
    from ohkit.render.compare import report_page

    c = compare_assessments(prev, current)
    if c.then_as_of >= c.now_as_of:
        click.echo(tr.msg(Msg("cmp.not_earlier", {"path": str(path), "date": c.then_as_of.isoformat(),
                                                  "as_of": c.now_as_of.isoformat()})), err=True)
    click.echo(tr.msg(Msg("cmp.used", {"path": str(path), "date": c.then_as_of.isoformat()})), err=True)
    return report_page(c, tr, str(path)), path


def needs_action(a: Any) -> bool:
    """Exit 1 unless everything applicable is met: a duty not met or not yet known (records
    missing, question unanswered), or an error in the records (the same rule as `ohkit assess`)."""
    from ohkit.render.jsonout import bucket

    if record_errors(a):
        return True
    return any(bucket(f) in ("not_met", "unknown") for f in a.findings)


@click.command("report", help=H(
    "Write the self-assessment report for the firm folder FIRM as HTML and PDF (cover with the overall "
    "grade, summary by area, every obligation with its legal basis, penalty and what to do, action plan, "
    "worker schedule, signature block), plus the action plan as XLSX and CSV to work through, and the "
    "assessment as JSON (…-assessment.json) for comparing next time (--since). Files go to "
    "./ohkit-out/<firm folder name> or -O DIR, never into the records. Exit code 0: nothing to act on; "
    "1: findings or record problems need action; 2: could not run."))
@firm_argument
@as_of_option
@lang_option
@no_input_option
@format_option
@out_dir_option
@partial_option
@since_option(SINCE_REPORT_HELP)
@sign_option
@guarded
def command(firm: Path | None, as_of: dt.date, lang: str, no_input: bool, fmt: str, out_dir: Path | None,
            partial: bool, since: Path | None, sign: str | None) -> None:
    # The report never asks questions: it uses the records and saved answers (so --no-input is implied).
    tr = translator(lang)
    sign = check_name(sign)
    root = resolve_firm(firm, tr)
    out = output_dir(root, out_dir)
    a = load_assessment(root, as_of)
    require_readable(tr, a, partial)
    warn_record_problems(tr, a)

    from ohkit.commands.papers import write_report
    from ohkit.render import actionplan, texts
    from ohkit.render.pdf import environment_warnings, quiet_weasyprint

    quiet_weasyprint()
    echo_warnings(tr, environment_warnings())
    # The assessment as JSON beside the report (render.assessment_json), also what the next
    # report compares with (`--since`, or the newest earlier one in the output folder).
    import json

    from ohkit.catalogue import load_catalogue
    from ohkit.render.assessment_json import assessment_json, assessment_json_name

    cat = load_catalogue()
    signed = None
    if sign:
        from ohkit.commands.signoff import signoff

        signed = signoff(sign, a, root, cat.ruleset)
    data = assessment_json(a, tr, cat, signed)
    comparison, previous = _comparison(tr, out, as_of, since, json.loads(data))
    # Chinese is the default; an English copy sits beside it instead of replacing it.
    files, warnings = write_report(a, tr, out, comparison=comparison, signoff=signed)
    if signed:  # the sign-off names every paper written, with its digest (`ohkit verify` checks them)
        from ohkit.commands.signoff import paper_digests

        signed["papers"] = paper_digests(files)
        data = assessment_json(a, tr, cat, signed)
    json_path = out / assessment_json_name(as_of, tr.lang)
    write_atomic(json_path, data)
    files.append(json_path)
    echo_warnings(tr, warnings)
    g = texts.grade(a)
    if fmt == "json":
        items = actionplan.action_items(a, tr)
        emit_json({
            "files": [str(p) for p in files], "as_of": as_of.isoformat(), "records_digest": a.records_digest,
            "complete": a.complete, "unread": [p.to_dict(tr.msg) for p in a.unread],
            "grade": {"level": g.level, "label": tr.gettext(texts.GRADE_LABELS[g.level]), "met": g.met,
                      "applicable": g.applicable, "high_fail": g.high_fail},
            "actions": [{"no": i.no, "obligation_id": i.obligation_id, "priority": i.priority,
                         "due": i.due.isoformat(), "due_suggested": i.due_suggested} for i in items],
            "warnings": [w.to_dict() | {"message": tr.msg(w)} for w in warnings],
            "compared_with": str(previous) if previous else None,
            "signoff": signed,
        })
    else:
        for p in files:
            click.echo(tr.msg(Msg("cli.wrote", {"path": str(p)})))
        click.echo(tr.gettext("Overall grade: {grade} ({met} of {applicable} applicable obligations met; "
                              "{high} high-severity not met).").format(
            grade=tr.gettext(texts.GRADE_LABELS[g.level]), met=g.met, applicable=g.applicable, high=g.high_fail))
    sys.exit(EXIT_FINDINGS if needs_action(a) else EXIT_OK)
