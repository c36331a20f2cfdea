"""`ohkit assess [FIRM]`: check the records against every obligation, ask what the records
cannot tell (on a terminal), save the answers to answers.yaml, print what to do."""
from __future__ import annotations

import dataclasses
import os
import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click

from ohkit.commands.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    H,
    as_of_option,
    emit_json,
    firm_argument,
    format_option,
    guarded,
    lang_option,
    no_input_option,
    resolve_firm,
    write_atomic,
)
from ohkit.commands.since import SINCE_ASSESS_HELP, since_option
from ohkit.i18n import translator

SKIP = {"", "s", "skip", "跳过", "?", "不清楚", "不知道", "unknown"}
QUIT = {"q", "quit", "退出"}


def _prompt(text: str) -> str:
    """One line of input; end of input (Ctrl-D, or piped answers running out) means stop."""
    try:
        return str(click.prompt(text, default="", show_default=False)).strip()
    except (click.exceptions.Abort, EOFError):
        click.echo("")
        return "q"


def _is_bundled(firm: Path) -> bool:
    from ohkit.paths import PKG, examples_dir

    p = firm.resolve()
    for root in (PKG, examples_dir()):
        try:
            if p.is_relative_to(root.resolve()):
                return True
        except (OSError, FileNotFoundError):
            continue
    return False


def _yes_no(tr: Any, text: str) -> bool | None | str:
    from ohkit.engine.util import as_bool

    while True:
        s = _prompt(text + " " + tr.gettext("[yes/no, Enter to skip]")).lower()
        if s in SKIP:
            return None
        if s in QUIT:
            return "quit"
        b = as_bool(s)
        if b is not None:
            return b
        click.echo(tr.gettext("Please answer yes or no (是/否), or press Enter to skip."))


def _ask_profile(tr: Any, q: Any) -> Any:
    text = tr.pick(q.question)
    if q.help:
        click.echo("  " + tr.pick(q.help))
    if q.type == "bool":
        return _yes_no(tr, text)
    if q.type == "enum" and q.choices:
        for i, (value, label) in enumerate(q.choices, 1):
            click.echo(f"  {i}. {tr.pick(label)}")
        while True:
            raw = _prompt(text + " " + tr.gettext("[number, Enter to skip]"))
            if raw.lower() in SKIP:
                return None
            if raw.lower() in QUIT:
                return "quit"
            for i, (value, label) in enumerate(q.choices, 1):
                if raw == str(i) or raw == value or raw == tr.pick(label):
                    return value
            click.echo(tr.gettext("Please type one of the numbers shown."))
    while True:  # int
        raw = _prompt(text + " " + tr.gettext("[number, Enter to skip]"))
        if raw.lower() in SKIP:
            return None
        if raw.lower() in QUIT:
            return "quit"
        try:
            n = int(raw)
        except ValueError:
            click.echo(tr.gettext("Please type a whole number."))
            continue
        if (q.min is not None and n < q.min) or (q.max is not None and n > q.max):
            click.echo(tr.gettext("Please type a number between {min} and {max}.").format(min=q.min, max=q.max))
            continue
        return n


def _walk_through(ws: Any, as_of: dt.date, cat: Any, tr: Any, today: dt.date) -> dict[str, tuple[Any, dt.date]]:
    from ohkit.engine import assess
    from ohkit.engine.questions import open_obligation_questions, open_profile_questions

    new: dict[str, tuple[Any, dt.date]] = {}

    def current_ws() -> Any:
        answers = dict(ws.answers or {})
        for k, (a, d) in new.items():
            answers[k] = {"answer": a, "date": d}
        return dataclasses.replace(ws, answers=answers)

    flags = assess(ws, as_of, cat).flags
    qs = open_profile_questions(ws, flags, cat)
    if qs:
        click.echo(tr.gettext("First, a few facts about the firm that the records do not show ({n} questions). "
                              "Press Enter to skip a question, q to stop.").format(n=len(qs)))
        for i, q in enumerate(qs, 1):
            click.echo(f"\n[{i}/{len(qs)}]")
            a = _ask_profile(tr, q)
            if a == "quit":
                return new
            if a is not None:
                new[q.id] = (a, today)
    a1 = assess(current_ws(), as_of, cat)
    todo = open_obligation_questions(ws, a1, cat, new)
    if todo:
        click.echo("\n" + tr.gettext("Now {n} questions about duties the records cannot show. Answer yes only if you "
                                     "could show it to an inspector.").format(n=len(todo)))
        for i, ob in enumerate(todo, 1):
            click.echo(f"\n[{i}/{len(todo)}] {ob.id} {tr.pick(ob.title)}")
            a = _yes_no(tr, tr.pick(ob.question))
            if a == "quit":
                break
            if a is not None:
                new[ob.id] = (a, today)
    return new


def save_answers(root: Path, new: dict[str, tuple[Any, dt.date]], tr: Any) -> bool:
    """Write the new answers into answers.yaml, keeping everything else in it as it was
    (comments, styles, its encoding and line ends). The previous file is kept as
    answers.yaml.bak; the new one replaces it atomically. If the file cannot be read, or
    its style cannot be extended without rewriting it, it is left untouched and the
    answers are printed to paste by hand. True if saved."""
    from ohkit.engine.answers import check_update, entry_line, update_text
    from ohkit.records import yamlsafe
    from ohkit.records.limits import check_regular_file
    from ohkit.records.readers import decode_bytes

    path = root / "answers.yaml"
    backup = root / "answers.yaml.bak"
    old_bytes, text, enc, old = b"", "", "utf-8", {}
    exists = os.path.lexists(path)
    if exists:
        problems: list = []
        ok = check_regular_file(path, "answers.yaml", problems, yamlsafe.MAX_YAML_BYTES)
        if ok:
            old_bytes = path.read_bytes()
            t, e = decode_bytes(old_bytes)
            if t is None:
                ok = False
            else:
                text, enc = t, e or "utf-8"
                try:
                    old = yamlsafe.load(text) if text.strip() else {}
                except Exception:  # noqa: BLE001
                    ok = False
                if old is None:
                    old = {}
                if not isinstance(old, dict):
                    ok = False
        new_text = update_text(text, new) if ok else ""
        if not ok or not check_update(old, new_text, new):
            click.echo(tr.gettext("answers.yaml was left as it is: its layout cannot be extended without "
                                  "rewriting it. Add these lines to it yourself:"), err=True)
            for k, (a, d) in new.items():
                click.echo("  " + entry_line(k, a, d), err=True)
            return False
    else:
        new_text = update_text("", new)
    if enc == "utf-16":  # keep the byte order and its BOM
        bom = old_bytes[:2]
        data = bom + new_text.encode("utf-16-le" if bom == b"\xff\xfe" else "utf-16-be")
    else:
        data = new_text.encode(enc)
    if exists:
        write_atomic(backup, old_bytes)
    write_atomic(path, data)
    click.echo(tr.gettext("Saved {n} answers to {path}.").format(n=len(new), path=path), err=True)
    if exists:
        click.echo(tr.gettext("The previous version is kept as {path}.").format(path=backup), err=True)
    return True


@click.command("assess", help=H("Check the firm's records against every obligation, ask what the records "
                                "cannot show, and list what to do. FIRM is the firm folder (default: the "
                                "current folder, else the bundled example)."))
@firm_argument
@as_of_option
@format_option
@lang_option
@no_input_option
@click.option("--ask", is_flag=True, default=False,
              help=H("Ask the questions even when input is not a terminal (e.g. answers piped in)."))
@since_option(SINCE_ASSESS_HELP)
@click.option("--checklists", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              hidden=True, help="Use another catalogue folder (tests, catalogue development).")
@guarded
def command(firm: Path | None, as_of: dt.date, fmt: str, lang: str, no_input: bool, ask: bool,
            since: Path | None, checklists: Path | None) -> None:
    from ohkit.catalogue import load_catalogue
    from ohkit.engine import assess
    from ohkit.records import load_workspace

    tr = translator(lang)
    root = resolve_firm(firm, tr)
    previous = None
    if since is not None:  # read it first: a wrong file stops before any question is asked
        from ohkit.commands.since import load_assessment_json

        previous = load_assessment_json(since)
    bundled = _is_bundled(root)
    cat = load_catalogue(checklists)
    ws = load_workspace(root, as_of=as_of)

    interactive = fmt == "text" and not no_input and (ask or sys.stdin.isatty())
    if interactive:
        new = _walk_through(ws, as_of, cat, tr, dt.date.today())
        if new:
            answers = dict(ws.answers or {})
            for k, (a, d) in new.items():
                answers[k] = {"answer": a, "date": d}
            ws = dataclasses.replace(ws, answers=answers)
            if bundled:
                click.echo(tr.gettext("This is the bundled example: your answers are used now but not saved. "
                                      "Run `ohkit init FOLDER` to start your own firm folder."), err=True)
            else:
                save_answers(root, new, tr)
        click.echo("")

    a = assess(ws, as_of, cat)
    from ohkit.render.jsonout import assessment_to_dict, needs_action

    data = assessment_to_dict(a, tr, cat)
    comparison = None
    if previous is not None:
        from ohkit.engine.compare import compare_assessments

        comparison = compare_assessments(previous, data)
    if fmt == "json":
        if comparison is not None:
            from ohkit.render.compare import comparison_to_dict

            data = {**data, "comparison": comparison_to_dict(comparison, tr, str(since))}
        emit_json(data)
    else:
        from ohkit.render.terminal import render_summary

        click.echo(render_summary(a, tr, cat), nl=False)
        if comparison is not None:
            from ohkit.render.compare import render_text

            click.echo(render_text(comparison, tr, str(since)), nl=False)
    sys.exit(EXIT_FINDINGS if needs_action(a) else EXIT_OK)
