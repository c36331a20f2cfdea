"""`ohkit card [FIRM] [--post ID] [--size a4|600x400]`: 职业病危害告知卡, one page per
post with hazards, in one PDF written into the output folder."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click

from ohkit.commands.common import (EXIT_CANNOT_RUN, EXIT_FINDINGS, EXIT_OK, Abort, H, as_of_option, emit_json,
                                   firm_argument, format_option, guarded, lang_option, no_input_option,
                                   out_dir_option, resolve_firm)
from ohkit.i18n import Translator, translator
from ohkit.model import Msg
from ohkit.commands.report import partial_option


def _size_cb(ctx: click.Context, param: click.Parameter, value: str) -> str:
    v = (value or "a4").strip().lower().replace("×", "x").replace("*", "x").replace(" ", "").replace("mm", "")
    if v in ("a4", "600x400", "400x600"):
        return "600x400" if v == "400x600" else v
    from ohkit.commands.common import HELP_LANG

    raise click.BadParameter(translator(HELP_LANG[0]).msg(Msg("ren.bad_size", {"value": value})))


@click.command("card", help=H(
    "Print the occupational hazard notice cards (职业病危害告知卡) for the posts of the firm folder FIRM: "
    "one page per post with its hazards, health effects, signs, first aid, exposure limit and latest "
    "measurement, emergency numbers and a QR code to the guide. One PDF in ./ohkit-out/<firm folder name> "
    "or -O DIR. Exit code 0: written; 1: no post with hazards in the records; 2: could not run."))
@firm_argument
@click.option("--post", "post", default=None, metavar="ID", help=H("Only the card for this post (post ID or name)."))
@click.option("--size", "size", default="a4", callback=_size_cb, metavar="a4|600x400",
              help=H("Card size: a4 (default) or 600x400 (mm, the usual wall card)."))
@as_of_option
@lang_option
@no_input_option
@format_option
@out_dir_option
@partial_option
@guarded
def command(firm: Path | None, post: str | None, size: str, as_of: dt.date, lang: str, no_input: bool,
            fmt: str, out_dir: Path | None, partial: bool) -> None:
    from ohkit.commands.report import output_dir

    tr = translator(lang)
    root = resolve_firm(firm, tr)
    out = output_dir(root, out_dir)
    # Every post's card: a second process imports WeasyPrint while this one reads and assesses
    # the records, then lays out half of the cards (render.cards.start_worker; ended in any case).
    from ohkit.render.cards import start_worker

    worker = start_worker() if post is None else None
    try:
        _cards(tr, root, out, post, size, as_of, fmt, partial, worker)
    finally:
        if worker is not None:
            worker.close()


def _cards(tr: Translator, root: Path, out: Path, post: str | None, size: str, as_of: dt.date, fmt: str,
           partial: bool, worker: Any) -> None:
    from ohkit.commands.report import (echo_warnings, load_assessment, require_readable,
                                       warn_record_problems)

    a = load_assessment(root, as_of)
    require_readable(tr, a, partial)
    broken = warn_record_problems(tr, a)

    from ohkit.render.cards import card_posts

    all_posts = card_posts(a)
    if not all_posts:
        if not broken:  # with unreadable records the message above already says what to do
            click.echo(tr.msg(Msg("ren.no_posts")), err=True)
        sys.exit(EXIT_FINDINGS)
    posts = card_posts(a, post)
    if not posts:
        known = ("、" if tr.lang == "zh" else ", ").join(f"{p.post_id} ({p.post})" for p in all_posts)
        raise Abort(Msg("ren.post_unknown", {"post": post, "known": known}), EXIT_CANNOT_RUN)
    from ohkit.render.pdf import environment_warnings, quiet_weasyprint

    quiet_weasyprint()
    echo_warnings(tr, environment_warnings())
    from ohkit.commands.papers import write_cards

    path, posts, warnings = write_cards(a, tr, out, size=size, post=post, worker=worker)
    echo_warnings(tr, warnings)
    if fmt == "json":
        emit_json({"files": [str(path)], "size": size,
                   "posts": [{"post_id": p.post_id, "post": p.post, "hazards": [h.hazard_id for h in p.hazards]}
                             for p in posts],
                   "warnings": [w.to_dict() | {"message": tr.msg(w)} for w in warnings]})
    else:
        click.echo(tr.msg(Msg("cli.wrote", {"path": str(path)})))
        click.echo(tr.gettext("Cards: {n} (one page per post).").format(n=len(posts)))
    sys.exit(EXIT_OK)
