"""`ohkit portfolio [DIR]`: every client firm of a hosted support service (托管服务单位) at a
glance — one line per firm sorted by urgency, the rates local plans set targets for summed
over all firms, and (with -O) a spreadsheet of the firms and of the overdue items."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from ohkit.commands.common import (EXIT_FINDINGS, EXIT_OK, Abort, H, as_of_option, format_option,
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
    "writes portfolio-<date>.xlsx (firms, overdue items, rates), .csv and an overview page .html to "
    "send, and each firm's assessment JSON under FOLDER/firms/; --papers adds each firm's report, "
    "action plan, notice cards and due calendar there. --merge OUT1 OUT2 … combines the -O folders "
    "of separate runs without reading records. Without DIR: the bundled examples. Exit code 0: no "
    "firm needs action; 1: some firm does; 2: could not run."))
@click.argument("folders", nargs=-1, metavar="[DIR]", type=click.Path(path_type=Path))
@as_of_option
@lang_option
@format_option
@click.option("-O", "--out-dir", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help=H("Also write portfolio-<date>.xlsx, .csv and .html and each firm's assessment JSON (FOLDER/firms/) "
                     "into this folder (never a firm folder)."))
@click.option("--papers", is_flag=True, default=False,
              help=H("With -O: also write each firm's report (HTML + PDF), action plan, notice cards and due calendar "
                     "into FOLDER/firms/<firm>/; firms whose records and ruleset have not changed since are skipped."))
@click.option("-j", "--jobs", "jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help=H("Firms assessed at once in separate processes (default: the number of CPU cores)."))
@click.option("--merge", "merge", is_flag=True, default=False,
              help=H("The arguments are -O folders of earlier portfolio runs: combine them into one overview and "
                     "one set of rates, without reading any records."))
@since_option(SINCE_PORTFOLIO_HELP)
@guarded
def command(folders: tuple[Path, ...], as_of: dt.date, lang: str, fmt: str, out_dir: Path | None, papers: bool,
            jobs: int | None, merge: bool, since: Path | None = None) -> None:
    from ohkit.commands import portfolio_run as pr
    from ohkit.engine.portfolio import find_firms

    tr = translator(lang)
    previous = None
    if since is not None:  # read it first: a wrong file stops before any firm is assessed
        from ohkit.commands.since import load_portfolio_json

        previous = load_portfolio_json(since)
    if papers and out_dir is None:
        raise Abort(_msg("pf.papers_need_out", {}))
    if merge:
        if not folders:
            raise Abort(_msg("pf.merge_none", {}))
        if papers:
            raise Abort(_msg("pf.merge_papers", {}))
        try:
            pv, stats, col = pr.merge(list(folders), tr.lang)
        except pr.MergeError as exc:
            raise Abort(exc.msg)
        # The merged outputs carry the runs' own date; an --as-of that says otherwise is refused.
        given = click.get_current_context().get_parameter_source("as_of")
        if given is not None and given.name != "DEFAULT" and as_of != pv.as_of:
            col.spill.close()
            raise Abort(_msg("pf.merge_as_of", {"date": pv.as_of.isoformat(), "as_of": as_of.isoformat()}))
        as_of = pv.as_of
    else:
        if len(folders) > 1:
            raise Abort(_msg("pf.one_dir", {"paths": [str(f) for f in folders]}))
        folder = folders[0] if folders else None
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
        if papers:
            from ohkit.render.pdf import environment_warnings

            for w in environment_warnings():
                click.echo(tr.msg(w), err=True)
        opts = pr.RunOptions(as_of, tr.lang, out_dir, papers)
        bar = Progress(tr) if sys.stderr.isatty() and len(firms) > 1 else None
        pv, stats, col = pr.run(firms, opts, jobs=jobs or pr.default_jobs(), root=folder, progress=bar)
        if bar is not None:
            bar.done()
    try:
        _outputs(pv, stats, col, tr, fmt, out_dir, papers, previous=previous, since=since)
    finally:
        col.spill.close()
    sys.exit(EXIT_FINDINGS if render_needs_action(pv) or stats.failed else EXIT_OK)


def render_needs_action(pv: object) -> bool:
    from ohkit.render.portfolio import needs_any_action

    return needs_any_action(pv)


class Progress:
    """firms done / total, elapsed, estimated remaining — one line redrawn on the terminal (stderr)."""

    def __init__(self, tr: object) -> None:
        self.tr = tr
        self.last = -1.0
        self.width = 0

    @staticmethod
    def _clock(s: float) -> str:
        s = int(s)
        return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"

    def __call__(self, done: int, total: int, elapsed: float) -> None:
        if done < total and elapsed - self.last < 0.2:
            return
        self.last = elapsed
        left = elapsed / done * (total - done) if done else 0.0
        n = 24 * done // max(total, 1)
        line = "[" + "#" * n + "." * (24 - n) + "] " + self.tr.msg(_msg("pf.progress", {  # type: ignore[attr-defined]
            "done": done, "total": total, "elapsed": self._clock(elapsed), "left": self._clock(left)}))
        pad = max(0, self.width - len(line))
        self.width = len(line)
        click.echo("\r" + line + " " * pad, nl=False, err=True)

    def done(self) -> None:
        if self.width:
            click.echo("", err=True)


def _outputs(pv: object, stats: object, col: object, tr: object, fmt: str, out_dir: Path | None,
             papers: bool, *, previous: dict | None = None, since: Path | None = None) -> None:
    import os
    from urllib.parse import quote

    from ohkit.commands.common import _json_default
    from ohkit.render import portfolio as render
    from ohkit.render.overview import render_overview

    files = []
    if out_dir is not None:
        stem = render.output_stem(pv.as_of, tr.lang)  # type: ignore[attr-defined]
        page = out_dir / f"{stem}.html"
        links: dict[str, dict[str, str]] = {}
        from ohkit.render.assessment_json import assessment_json_name

        extra = [assessment_json_name(pv.as_of, tr.lang)]  # type: ignore[attr-defined]
        base = str(out_dir.resolve())
        for rel, (fdir, names) in col.links.items():  # type: ignore[attr-defined]
            if fdir is None:
                continue
            links[rel] = {}
            for n in list(names) + extra:
                if os.path.isfile(os.path.join(fdir, n)):
                    href = os.path.relpath(os.path.join(fdir, n), base)
                    links[rel][n] = quote(href.replace(os.sep, "/"))
        failed = {rel: tr.msg(m) for rel, _name, m in stats.failed}  # type: ignore[attr-defined]
        for path, data in ((out_dir / f"{stem}.xlsx", lambda: render.to_xlsx(pv, tr)),
                           (out_dir / f"{stem}.csv", lambda: render.to_csv(pv, tr)),
                           (page, lambda: render_overview(pv, tr, links=links, oldest=col.oldest,  # type: ignore[attr-defined]
                                                          failed=failed).encode("utf-8"))):
            write_atomic(path, data())
            files.append(path)
    err = fmt == "json"
    moved = _since(previous, pv, tr, since) if previous is not None else None
    if fmt == "json" and moved is not None:  # with a comparison: one dict (the overdue items not streamed)
        from ohkit.commands.common import emit_json

        emit_json({**render.portfolio_to_dict(render.view(pv, tr), tr), "comparison": moved[0]})
    elif fmt == "json":
        class _Echo:
            @staticmethod
            def write(s: str) -> None:
                click.echo(s, nl=False)

        render.write_json(pv, tr, _Echo, default=_json_default)
    else:
        click.echo(render.render_text(pv, tr), nl=False)
        if moved is not None:
            click.echo(moved[1], nl=False)
    if papers:
        click.echo(tr.msg(_msg("pf.papers_summary", {"written": stats.written, "skipped": stats.skipped,  # type: ignore[attr-defined]
                                                      "failed": len(stats.failed)})), err=err)  # type: ignore[attr-defined]
        for rel, name, m in stats.failed:  # type: ignore[attr-defined]
            click.echo("  " + tr.msg(_msg("pf.papers_failed_line", {"firm": name, "folder": rel,
                                                                     "reason": tr.msg(m)})), err=err)
    for p in files:
        click.echo(tr.msg(_msg("cli.wrote", {"path": str(p)})), err=err)


def _since(previous: dict, pv: object, tr: object, since: Path | None) -> tuple[dict, str]:
    """--since: what moved since the earlier portfolio JSON (dict for -o json, text)."""
    from ohkit.engine.compare import compare_portfolios
    from ohkit.render.compare import portfolio_comparison_to_dict, render_portfolio_text
    from ohkit.render.portfolio import portfolio_to_dict, view

    p = compare_portfolios(previous, portfolio_to_dict(view(pv, tr), tr, with_overdue=False))
    return portfolio_comparison_to_dict(p, tr, str(since)), render_portfolio_text(p, tr, str(since))
