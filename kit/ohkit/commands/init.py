"""`ohkit init DIR [--csv]`: start a new firm folder from blank templates.

Writes enterprise.yaml (commented) and records.xlsx (or one CSV per table with --csv).
Never writes into a folder that already has something in it.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ohkit.commands.common import EXIT_CANNOT_RUN, H, guarded, lang_option
from ohkit.i18n import translator

_MAX_LISTED = 10


@click.command("init", help=H("Create a new firm folder DIR with blank record templates to fill in: "
                              "enterprise.yaml (the firm's profile, with comments) and records.xlsx "
                              "(one sheet per table, Chinese headers, dropdowns). DIR must not exist yet "
                              "or be empty; nothing is ever overwritten."))
@click.argument("dir", metavar="DIR", type=click.Path(path_type=Path))
@click.option("--csv", "csv", is_flag=True, default=False,
              help=H("Write one CSV file per table (UTF-8 with BOM) instead of records.xlsx."))
@lang_option
@guarded
def command(dir: Path, csv: bool, lang: str) -> None:
    tr = translator(lang)
    _ = tr.gettext
    from ohkit.commands.common import os_reason

    try:
        exists, is_dir = dir.exists(), dir.is_dir()
    except OSError as exc:  # e.g. a name too long for the file system
        click.echo(_("Cannot write into {path}: {error}").format(path=dir, error=os_reason(exc, tr)), err=True)
        sys.exit(EXIT_CANNOT_RUN)
    if exists and not is_dir:
        click.echo(_("{path} exists and is a file, not a folder. Choose a new folder name.").format(path=dir), err=True)
        sys.exit(EXIT_CANNOT_RUN)
    if is_dir:
        try:
            present = sorted(p.name for p in dir.iterdir())
        except OSError as exc:
            click.echo(_("Cannot read the folder {path}: {error}").format(path=dir, error=os_reason(exc, tr)), err=True)
            sys.exit(EXIT_CANNOT_RUN)
        if present:
            shown = "、".join(present[:_MAX_LISTED]) if tr.lang == "zh" else ", ".join(present[:_MAX_LISTED])
            if len(present) > _MAX_LISTED:
                shown += _(" and {n} more").format(n=len(present) - _MAX_LISTED)
            click.echo(_("Not written: the folder {path} is not empty (it holds {files}). ohkit init only "
                         "starts a new folder and never overwrites anything. Give a new folder name, "
                         "e.g. `ohkit init {suggest}`.").format(path=dir, files=shown,
                                                                suggest=_suggest(dir)), err=True)
            sys.exit(EXIT_CANNOT_RUN)

    from ohkit.records.templates import write_templates

    try:
        written = write_templates(dir, csv=csv, lang=tr.lang)
    except FileExistsError as exc:  # something appeared meanwhile
        click.echo(_("Not written: {files} already exists in {path}. Nothing was overwritten.").format(
            files=exc.filename or exc, path=dir), err=True)
        sys.exit(EXIT_CANNOT_RUN)
    except OSError as exc:
        click.echo(_("Cannot write into {path}: {error}").format(path=dir, error=os_reason(exc, tr)), err=True)
        sys.exit(EXIT_CANNOT_RUN)

    click.echo(_("Created the firm folder {path}:").format(path=dir))
    for p in written:
        click.echo(f"  {p}")
    click.echo("")
    click.echo(_("Next steps:"))
    click.echo("  1. " + _("Open enterprise.yaml with a text editor and fill in the firm's details "
                           "(the # lines explain each item)."))
    if csv:
        from ohkit.records.templates import readme_name

        click.echo("  2. " + _("Fill in the CSV files, one per kind of record ({readme} explains every column).").format(
            readme=readme_name(tr.lang)))
    else:
        click.echo("  2. " + _("Open records.xlsx in Excel or WPS and fill in the sheets "
                               "(the first sheet explains every column)."))
    click.echo("  3. " + _("Check what you wrote: ohkit validate {path}").format(path=_quote(dir)))
    click.echo("  4. " + _("See what is missing: ohkit assess {path}").format(path=_quote(dir)))


def _quote(p: Path) -> str:
    s = str(p)
    return f'"{s}"' if any(c.isspace() for c in s) else s


def _suggest(dir: Path) -> str:
    base = dir.name or "firm"
    parent = dir.parent
    for i in range(2, 100):
        cand = parent / f"{base}-{i}"
        if not cand.exists():
            return _quote(cand)
    return _quote(parent / f"{base}-new")
