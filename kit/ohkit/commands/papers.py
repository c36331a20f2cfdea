"""A firm's papers as files: what `ohkit report`, `ohkit card` and `ohkit due --ics` write, as
functions the commands and `ohkit portfolio --papers` share (one code path for each file).

    files, warnings = write_report(a, tr, out)            # report HTML + PDF (+ appendix A PDF), action plan XLSX + CSV
    path, posts, warnings = write_cards(a, tr, out)       # notice cards PDF (None when no post has hazards)
    path = write_due_calendar(a, tr, out)                 # overdue + next 12 months as iCalendar

File names share ``render.assessment_json.paper_stem`` (``ohkit-<as_of>``, ``-en`` for English).
Every file is written atomically; nothing here prints.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ohkit.commands.common import write_atomic
from ohkit.i18n import Translator
from ohkit.model import Msg

CALENDAR_MONTHS = 12  # how far ahead the papers' due calendar looks (overdue items always included)


def _stem(a: Any, tr: Translator) -> str:
    from ohkit.render.assessment_json import paper_stem

    return paper_stem(a.as_of, tr.lang)


def appendix_name(a: Any, tr: Translator) -> str:
    """The file of appendix A (each exposed worker's schedule), printed apart from the report PDF."""
    return f"{_stem(a, tr)}{APPENDIX_SUFFIX}"


APPENDIX_SUFFIX = "-report-appendix-a.pdf"


def write_report(a: Any, tr: Translator, out: Path, *, comparison: Any = None,
                 signoff: Any = None, parallel: bool = True) -> tuple[list[Path], list[Msg]]:
    """Write the report (HTML + PDF, and appendix A as a PDF of its own when any worker is
    exposed: ``render.report.render_report_split``) and the action plan (XLSX + CSV) into ``out``.
    ``comparison`` (``render.compare.report_page``) adds the page comparing with the last
    self-check; ``parallel``: lay out the appendix in a second process (off in portfolio workers,
    which already use every core)."""
    from ohkit.render import actionplan
    from ohkit.render.report import render_report_split

    stem = _stem(a, tr)
    report_pdf = out / f"{stem}-report.pdf"
    appendix_pdf = out / appendix_name(a, tr)
    html, pdf, appendix, warnings = render_report_split(
        a, tr.lang, report_file=report_pdf.name, appendix_file=appendix_pdf.name,
        comparison=comparison, signoff=signoff, parallel=parallel)
    files = {out / f"{stem}-report.html": html.encode("utf-8"), report_pdf: pdf}
    if appendix is not None:
        files[appendix_pdf] = appendix
    files[out / f"{stem}-action-plan.xlsx"] = actionplan.to_xlsx(a, tr)
    files[out / f"{stem}-action-plan.csv"] = actionplan.to_csv(a, tr)
    for path, data in files.items():
        write_atomic(path, data)
    if appendix is None and appendix_pdf.is_file():
        appendix_pdf.unlink()  # left by an earlier run over other records: it would not belong to this report
    return list(files), warnings


def cards_path(a: Any, tr: Translator, out: Path, size: str = "a4", post_id: str | None = None) -> Path:
    from ohkit.render.mask import mask_ids  # a post ID typed as an ID number never names a file in full

    suffix = "" if post_id is None else "-" + (re.sub(r"[^0-9A-Za-z_.-]+", "_", mask_ids(post_id)) or "post")
    return out / f"{_stem(a, tr)}-cards-{size}{suffix}.pdf"


def write_cards(a: Any, tr: Translator, out: Path, *, size: str = "a4", post: str | None = None,
                worker: Any = None) -> tuple[Path | None, list[Any], list[Msg]]:
    """Write the notice cards PDF (one page per post with hazards; ``post``: only that one).
    Returns (path or None when there is no such post, the posts printed, warnings). ``worker``:
    a ``render.cards.start_worker`` process for the second part of the cards (ended here)."""
    from ohkit.render.cards import card_posts, render_cards

    posts = card_posts(a, post)
    if not posts:
        if worker is not None:
            worker.close()
        return None, [], []
    pdf, warnings = render_cards(a, tr.lang, post=post, size=size, worker=worker)
    path = cards_path(a, tr, out, size, None if post is None else posts[0].post_id)
    write_atomic(path, pdf)
    return path, posts, warnings


def calendar_days(a: Any) -> int:
    from ohkit.commands.due import within_days

    return within_days(f"{CALENDAR_MONTHS}m", a.as_of)


def write_due_calendar(a: Any, tr: Translator, out: Path) -> Path:
    """Write the due calendar (every overdue item and what falls due in the next 12 months)."""
    from ohkit.render.ics import select_due, to_ics

    overdue, upcoming = select_due(a, calendar_days(a))
    path = out / f"{_stem(a, tr)}-due.ics"
    write_atomic(path, to_ics(a, tr, overdue + upcoming))
    return path
