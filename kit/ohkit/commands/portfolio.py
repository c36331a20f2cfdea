"""`ohkit portfolio [DIR]`: every client firm of a hosted support service (托管服务单位) at a
glance — one line per firm sorted by urgency, the rates local plans set targets for summed
over all firms, and (with -O) a spreadsheet of the firms and of the overdue items."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from ohkit.commands.common import (EXIT_FINDINGS, EXIT_OK, Abort, H, as_of_option, emit_json, format_option,
                                   guarded, lang_option, write_atomic)
from ohkit.commands.since import SINCE_PORTFOLIO_HELP, since_option
from ohkit.i18n import translator


def _msg(code: str, params: dict) -> object:
    from ohkit.model import Msg

    return Msg(code, params)


@click.command("portfolio", help=H(
    "Assess every client firm in the folder DIR (one sub-folder per firm with its enterprise.yaml; "
    "firms may also sit one level deeper in a folder per district) and list them, most urgent first: "
    "overall grade, duties met / not met / still to be shown, record errors, overdue items and the "
    "next due date; then the rates local plans set targets for, summed over all firms, with the "
    "firms below target. Never asks questions and never writes into a firm folder. -O FOLDER also "
    "writes portfolio-<date>.xlsx (firms, overdue items, rates) and .csv. Without DIR: the bundled "
    "examples. Exit code 0: no firm needs action; 1: some firm does; 2: could not run."))
@click.argument("folder", required=False, metavar="[DIR]", type=click.Path(path_type=Path))
@as_of_option
@lang_option
@format_option
@click.option("-O", "--out-dir", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help=H("Also write portfolio-<date>.xlsx and .csv into this folder (never a firm folder)."))
@since_option(SINCE_PORTFOLIO_HELP)
@guarded
def command(folder: Path | None, as_of: dt.date, lang: str, fmt: str, out_dir: Path | None,
            since: Path | None = None) -> None:
    from ohkit.engine.portfolio import find_firms, portfolio

    tr = translator(lang)
    previous = None
    if since is not None:
        from ohkit.commands.since import load_portfolio_json

        previous = load_portfolio_json(since)
    if folder is None:
        from ohkit.paths import examples_dir

        folder = examples_dir()
        click.echo(tr.msg(_msg("pf.using_examples", {"path": str(folder)})), err=True)
    if not folder.is_dir():
        raise Abort(_msg("pf.dir_missing", {"path": str(folder)}))
    firms = find_firms(folder)
    if not firms:
        if (folder / "enterprise.yaml").is_file():
            raise Abort(_msg("pf.is_firm", {"path": str(folder)}))
        raise Abort(_msg("pf.no_firms", {"path": str(folder)}))
    if out_dir is not None:
        out = out_dir.resolve()
        for f in firms:
            r = f.path.resolve()
            if out == r or r in out.parents:
                raise Abort(_msg("pf.out_in_firm", {"path": str(out_dir), "firm": str(f.path)}))

    res = portfolio(folder, as_of)

    from ohkit.render import portfolio as render

    files = []
    if out_dir is not None:
        stem = f"portfolio-{as_of.isoformat()}"
        for path, data in ((out_dir / f"{stem}.xlsx", render.to_xlsx(res, tr)),
                           (out_dir / f"{stem}.csv", render.to_csv(res, tr))):
            write_atomic(path, data)
            files.append(path)
    moved = _since(previous, res, tr, since) if previous is not None else None
    if fmt == "json":
        data = render.portfolio_to_dict(res, tr)
        if moved is not None:
            data["comparison"] = moved[0]
        emit_json(data)
        for p in files:
            click.echo(tr.msg(_msg("cli.wrote", {"path": str(p)})), err=True)
    else:
        click.echo(render.render_text(res, tr), nl=False)
        if moved is not None:
            click.echo(moved[1], nl=False)
        for p in files:
            click.echo(tr.msg(_msg("cli.wrote", {"path": str(p)})))
    sys.exit(EXIT_FINDINGS if render.needs_any_action(res) else EXIT_OK)


def _since(previous: dict, res: object, tr: object, since: Path | None) -> tuple[dict, str]:
    """--since: what moved since the earlier portfolio JSON (dict for -o json, text)."""
    from ohkit.engine.compare import compare_portfolios
    from ohkit.render.compare import portfolio_comparison_to_dict, render_portfolio_text
    from ohkit.render.portfolio import portfolio_to_dict

    p = compare_portfolios(previous, portfolio_to_dict(res, tr))
    return portfolio_comparison_to_dict(p, tr, str(since)), render_portfolio_text(p, tr, str(since))
