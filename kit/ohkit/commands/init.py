"""`ohkit init DIR [--csv] [--sector ID]`: start a new firm folder from templates.

Writes enterprise.yaml (commented) and records.xlsx (or one CSV per table with --csv); with
--sector, the posts table and the industry are prefilled from a starter pack of
checklists/sectors.yaml (typical entries, said to be so). `--list-sectors` lists the packs.
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
@click.argument("dir", metavar="DIR", type=click.Path(path_type=Path), required=False)
@click.option("--csv", "csv", is_flag=True, default=False,
              help=H("Write one CSV file per table (UTF-8 with BOM) instead of records.xlsx."))
@click.option("--sector", "sector", metavar="ID", default=None,
              help=H("Prefill the posts table and the industry from a sector starter pack (typical posts, "
                     "workplaces, hazards and PPE, to be checked against your own testing report). "
                     "See --list-sectors."))
@click.option("--list-sectors", "list_sectors", is_flag=True, default=False,
              help=H("List the sector starter packs and exit."))
@lang_option
@guarded
def command(dir: Path | None, csv: bool, sector: str | None, list_sectors: bool, lang: str) -> None:
    tr = translator(lang)
    _ = tr.gettext
    from ohkit.commands.common import os_reason

    if list_sectors:
        click.echo(_("Sector starter packs (ohkit init DIR --sector ID):"))
        for line in _sector_list(tr.lang):
            click.echo(line)
        return
    pack = None
    if sector is not None:
        from ohkit.catalogue.sectors import find_sector

        pack = find_sector(sector)
        if pack is None:
            click.echo(_("Unknown sector \"{sector}\". Choose one of:").format(sector=sector), err=True)
            for line in _sector_list(tr.lang):
                click.echo(line, err=True)
            click.echo(_("For example: ohkit init {path} --sector {example}").format(
                path=_quote(dir) if dir is not None else _("my-firm"), example=_first_sector()), err=True)
            sys.exit(EXIT_CANNOT_RUN)
    if dir is None:
        click.echo(_("Give the new firm folder, e.g. `ohkit init {example}`.").format(example=_("my-firm")), err=True)
        sys.exit(EXIT_CANNOT_RUN)

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
        written = write_templates(dir, csv=csv, lang=tr.lang, sector=pack)
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
    if pack is not None:
        from ohkit.records.templates import readme_name, sector_rows

        click.echo("")
        click.echo(_("Prefilled from the starter pack \"{sector}\": {n} typical rows in the posts table and the "
                     "industry {industry} in enterprise.yaml. They are typical for the sector, not your firm's "
                     "findings: check each row against your own testing report and edit or delete it "
                     "({where} lists what to check).").format(
            sector=pack.name.pick(tr.lang), n=len(sector_rows(pack, tr.lang)), industry=pack.industry,
            where=readme_name(tr.lang) if csv else _("the first sheet of records.xlsx")))
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
    if pack is not None:
        click.echo("     " + _("Still to add: your workers (each with a post number from the posts table), the exposed "
                            "headcount and exposure level per post, and your exams, training, testing and "
                            "declaration records."))
    click.echo("  3. " + _("Check what you wrote: ohkit validate {path}").format(path=_quote(dir)))
    click.echo("  4. " + _("See what is missing: ohkit assess {path}").format(path=_quote(dir)))


def _sector_list(lang: str) -> list[str]:
    """One line per pack: id, name, typical industry."""
    from ohkit.catalogue.sectors import load_sectors

    return [f"  {s.id:<10} {s.name.pick(lang)} ({s.industry})" if lang == "en"
            else f"  {s.id:<10} {s.name.pick(lang)}（{s.industry}）" for s in load_sectors()]


def _first_sector() -> str:
    from ohkit.catalogue.sectors import sector_ids

    ids = sector_ids()
    return ids[0] if ids else "furniture"


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
