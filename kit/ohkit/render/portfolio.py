"""Portfolio outputs: one row per client firm sorted by urgency, the summed rates against
their targets, and the overdue items across firms (text, JSON, XLSX, CSV).

Reads ``ohkit.engine.portfolio.PortfolioResult`` (per-firm Assessments and summed metrics)
and formats it; the grade is ``texts.grade``, needing action is ``jsonout.needs_action``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from ohkit.i18n import N_, Translator
from ohkit.model import Msg
from ohkit.render import texts
from ohkit.render.jsonout import needs_action, totals
from ohkit.render.mask import mask_ids
from ohkit.render.sheets import csv_bytes, plain, set_cell
from ohkit.render.terminal import METRIC_NAMES

GRADE_ORDER = {"fail": 0, "basic": 1, "none": 2, "pass": 3}
# Short grade words for the one-line-per-firm list and the spreadsheet.
UNREADABLE = N_("Could not be read")

FIRM_COLS = (
    ("no", N_("No.")), ("group", N_("Group")), ("name", N_("Firm")), ("folder", N_("Folder")),
    ("needs_action", N_("Needs action")), ("grade", N_("Overall grade")), ("met", N_("Met")),
    ("not_met", N_("Not met")), ("unknown", N_("To be shown")), ("high_fail", N_("High severity not met")),
    ("record_errors", N_("Record errors")), ("overdue", N_("Overdue items")),
    ("oldest_overdue", N_("Oldest overdue date")), ("next_due", N_("Next due date")), ("reason", N_("First problem")),
)
OVERDUE_COLS = (
    ("group", N_("Group")), ("firm", N_("Firm")), ("folder", N_("Folder")), ("item", N_("Item")),
    ("date", N_("Due date")), ("days_overdue", N_("Days overdue")), ("obligation_id", N_("Obligation")),
    ("worker", N_("Worker / subject")), ("message", N_("Details")),
)


@dataclass(frozen=True)
class FirmRow:
    rel: str
    group: str | None
    name: str
    path: str
    readable: bool
    needs_action: bool
    grade: Any  # texts.Grade or None
    counts: dict[str, int]
    record_errors: int
    record_warnings: int
    overdue: int
    oldest_overdue: dt.date | None
    next_due: dt.date | None
    reason: Msg | None  # why the firm could not be read, or its first record error
    reason_where: str | None
    reason_fix: Msg | None
    digest: str | None


def output_stem(as_of: dt.date, lang: str) -> str:
    """``portfolio-<as_of>``, with ``-en`` for English like every single-firm paper
    (``render.assessment_json.paper_stem``), so both languages can sit in one folder."""
    return f"portfolio-{as_of.isoformat()}" + ("" if lang == "zh" else f"-{lang}")


def firm_row(fr: Any) -> FirmRow:
    a = fr.assessment
    f = fr.folder
    if a is None:
        return FirmRow(f.rel, f.group, fr.name, str(f.path), False, True, None,
                       {"met": 0, "not_met": 0, "unknown": 0, "not_applicable": 0}, 0, 0, 0, None, None,
                       fr.error, fr.where, fr.fix, None)
    errors = [p for p in a.problems if p.severity == "error"]
    overdue = [d for d in a.due if d.overdue or d.date < a.as_of]
    upcoming = [d.date for d in a.due if not (d.overdue or d.date < a.as_of)]
    first = errors[0] if errors else None
    return FirmRow(f.rel, f.group, fr.name, str(f.path), True, needs_action(a), texts.grade(a), totals(a),
                   len(errors), len(a.problems) - len(errors), len(overdue),
                   min((d.date for d in overdue), default=None), min(upcoming, default=None),
                   first.msg if first else None, str(first.loc) if first else None, first.fix if first else None,
                   a.records_digest)


@dataclass
class PortfolioView:
    """What the portfolio outputs are made from: the firm rows, the summed rates and the overdue
    items (oldest first, produced on demand so that a large run never holds them all). Built from
    a ``PortfolioResult`` by ``view`` or, one firm at a time, by ``ohkit.commands.portfolio_run``."""

    root: Any
    as_of: dt.date
    ruleset_version: str
    ohkit_version: str
    rows: list[FirmRow]  # sorted by urgency
    metrics: tuple  # engine.portfolio.PortfolioMetric
    overdue: Callable[[], Iterable[dict[str, Any]]]


def view(res: Any, tr: Translator) -> PortfolioView:
    if isinstance(res, PortfolioView):
        return res
    rs = sorted((firm_row(fr) for fr in res.firms), key=urgency)
    return PortfolioView(res.root, res.as_of, res.ruleset_version, res.ohkit_version, rs, res.metrics,
                         lambda: _overdue_items(res, tr))


def urgency(r: FirmRow) -> tuple:
    """Unreadable firms first, then firms needing action; worse grade, more overdue items,
    more high-severity duties not met first; then the nearest due date."""
    g = r.grade
    return (r.readable, not r.needs_action, GRADE_ORDER.get(g.level, 9) if g else -1, -r.overdue,
            -(g.high_fail if g else 0), -r.counts["not_met"], -r.record_errors,
            r.next_due or dt.date.max, r.name, r.rel)


def rows(res: Any) -> list[FirmRow]:
    if isinstance(res, PortfolioView):
        return res.rows
    return sorted((firm_row(fr) for fr in res.firms), key=urgency)


def _reason_text(tr: Translator, r: FirmRow) -> str:
    if r.reason is None:
        return ""
    text = mask_ids(tr.msg(r.reason))
    if r.reason_fix is not None:
        text += ("" if tr.lang == "zh" else " ") + mask_ids(tr.msg(r.reason_fix))
    if r.reason_where:
        code = "pf.row_problem" if r.readable else "pf.row_unreadable"
        return tr.msg(Msg(code, {"where": r.reason_where, "message": text}))
    return text


def _grade_label(tr: Translator, r: FirmRow) -> str:
    if r.grade is None:
        return tr.gettext(UNREADABLE)
    return tr.gettext(texts.GRADE_LABELS[r.grade.level])


def overdue_key(it: dict[str, Any]) -> tuple:
    """Oldest first; the order of the overdue list in every output."""
    return (it["date"], it["folder"], it["obligation_id"], it["worker"])


def firm_overdue_items(folder: Any, name: str, a: Any, tr: Translator) -> list[dict[str, Any]]:
    """One firm's overdue items as output rows (ID numbers masked)."""
    from ohkit.render.ics import summary

    out = []
    for d in a.due:
        if not (d.overdue or d.date < a.as_of):
            continue
        out.append({"group": folder.group, "firm": name, "folder": folder.rel,
                    "item": summary(tr, d), "date": d.date.isoformat(), "days_overdue": (a.as_of - d.date).days,
                    "obligation_id": d.obligation_id, "kind": d.kind, "subject_kind": d.subject_kind,
                    "worker": mask_ids(tr.label(d.label)), "message": mask_ids(tr.msg(d.msg))})
    return out


def _overdue_items(res: Any, tr: Translator) -> list[dict[str, Any]]:
    out = []
    for fr in res.firms:
        if fr.assessment is not None:
            out.extend(firm_overdue_items(fr.folder, fr.name, fr.assessment, tr))
    out.sort(key=overdue_key)
    return out


def overdue_items(res: Any, tr: Translator) -> list[dict[str, Any]]:
    """Every overdue item of every firm, oldest first (ID numbers masked)."""
    return list(view(res, tr).overdue())


def metric_rows(res: Any, tr: Translator) -> list[dict[str, Any]]:
    names = {r.rel: r.name for r in rows(res)}
    out = []
    cat = texts.catalogue()
    rates = {r.id: r for r in getattr(cat, "rates", ())}   # the authority rates, named as rates.yaml says
    order = list(rates) + [k for k in METRIC_NAMES if k not in rates]
    for m in sorted(res.metrics, key=lambda m: (order.index(m.id) if m.id in order else 99, m.id)):
        name = tr.pick(rates[m.id].name) if m.id in rates else tr.gettext(METRIC_NAMES[m.id]) if m.id in METRIC_NAMES else m.id
        out.append({
            "id": m.id, "name": name,
            "numerator": m.numerator, "denominator": m.denominator, "value": m.value, "target": m.target,
            "below_target": m.target is not None and m.value is not None and m.value < m.target,
            "firms": m.firms, "firms_below": [{"folder": rel, "name": names.get(rel, rel)} for rel in m.below],
        })
    return out


def firm_to_dict(r: FirmRow, tr: Translator) -> dict[str, Any]:
    g = r.grade
    return {
        "folder": r.rel, "group": r.group, "name": r.name, "path": r.path, "readable": r.readable,
        "needs_action": r.needs_action,
        "grade": None if g is None else {"level": g.level, "label": tr.gettext(texts.GRADE_LABELS[g.level]),
                                         "met": g.met, "applicable": g.applicable, "high_fail": g.high_fail},
        "counts": dict(r.counts), "record_errors": r.record_errors, "record_warnings": r.record_warnings,
        "overdue": r.overdue, "oldest_overdue": r.oldest_overdue.isoformat() if r.oldest_overdue else None,
        "next_due": r.next_due.isoformat() if r.next_due else None,
        "reason": None if r.reason is None else {**r.reason.to_dict(), "location": r.reason_where,
                                                  "fix": r.reason_fix.to_dict() if r.reason_fix else None,
                                                  "message": _reason_text(tr, r)},
        "records_digest": r.digest,
    }


def portfolio_to_dict(res: Any, tr: Translator, *, with_overdue: bool = True) -> dict[str, Any]:
    """What `ohkit portfolio -o json` prints (``with_overdue=False``: all but the last key,
    ``overdue``, which ``write_json`` then streams)."""
    res = view(res, tr)
    rs = rows(res)
    return {
        "ohkit_version": res.ohkit_version, "ruleset_version": res.ruleset_version,
        "as_of": res.as_of.isoformat(), "lang": tr.lang, "root": str(res.root) if res.root else None,
        "summary": {"firms": len(rs), "needs_action": sum(r.needs_action for r in rs),
                    "unreadable": sum(not r.readable for r in rs),
                    "overdue": sum(r.overdue for r in rs)},
        "firms": [firm_to_dict(r, tr) for r in rs],
        "metrics": metric_rows(res, tr),
        "overdue": overdue_items(res, tr) if with_overdue else [],
    }


def write_json(res: Any, tr: Translator, out: Any, default: Any = None) -> None:
    """``portfolio_to_dict`` as indented JSON text on ``out``, the overdue items written one by one
    (the same text as ``json.dumps(portfolio_to_dict(res, tr), indent=2, ensure_ascii=False)``)."""
    from ohkit.render.mask import json_text

    res = view(res, tr)
    head = json_text(portfolio_to_dict(res, tr, with_overdue=False), indent=2, default=default)
    assert head.endswith('"overdue": []\n}')
    out.write(head[:-4])
    n = 0
    for it in res.overdue():
        out.write(("[" if n == 0 else ",") + "\n    "
                  + json_text(it, indent=2, default=default).replace("\n", "\n    "))
        n += 1
    out.write("\n  ]\n}\n" if n else "[]\n}\n")


def needs_any_action(res: Any) -> bool:
    if isinstance(res, PortfolioView):
        return any(r.needs_action for r in res.rows)
    return any(firm_row(fr).needs_action for fr in res.firms)


# ---------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------


def render_text(res: Any, tr: Translator) -> str:
    _ = tr.gettext
    res = view(res, tr)
    rs = rows(res)
    sep = "；" if tr.lang == "zh" else "; "
    lines = [tr.msg(Msg("pf.header", {"firms": len(rs), "date": res.as_of.isoformat(),
                                       "action": sum(r.needs_action for r in rs),
                                       "unreadable": sum(not r.readable for r in rs)}))]
    lines.append("")
    width = len(str(len(rs)))
    for i, r in enumerate(rs, 1):
        mark = "!" if r.needs_action else " "
        head = f"{i:>{width}}. {mark} {r.name} ({r.rel})"
        if not r.readable:
            lines.append(f"{head}  {_(UNREADABLE)}{sep}{_reason_text(tr, r)}")
            continue
        parts = [_grade_label(tr, r),
                 _("met {met} / not met {not_met} / to be shown {unknown}").format(**r.counts),
                 _("record errors {n}").format(n=r.record_errors)]
        if r.overdue:
            parts.append(_("overdue {n} (oldest {date})").format(n=r.overdue, date=r.oldest_overdue.isoformat()))
        else:
            parts.append(_("overdue 0"))
        parts.append(_("next due {date}").format(date=r.next_due.isoformat()) if r.next_due else _("nothing due"))
        lines.append(f"{head}  " + sep.join(parts))
        if r.reason is not None:
            lines.append(" " * (width + 4) + _reason_text(tr, r))
    mrows = metric_rows(res, tr)
    if mrows:
        lines.append("")
        lines.append(_("Rates over all firms (local plan targets)"))
        for m in mrows:
            mark = "" if m["value"] is None or m["target"] is None else ("✗" if m["below_target"] else "✓")
            line = tr.msg(Msg("pf.metric_line", {"name": m["name"], "value": texts.pct(m["value"]),
                                                  "num": m["numerator"], "den": m["denominator"],
                                                  "firms": m["firms"], "target": texts.pct(m["target"])}))
            lines.append(f"  {mark or ' '} {line}")
            if m["firms_below"]:
                names = [f["name"] for f in m["firms_below"]]
                lines.append("      " + tr.msg(Msg("pf.metric_below", {"firms": names})))
    to_show = sum(1 for r in rs if r.readable and r.counts["unknown"])
    if to_show:
        lines.append("")
        lines.append(tr.msg(Msg("pf.to_show", {"firms": to_show})))
    if not any(r.needs_action for r in rs):
        lines.append("")
        lines.append(tr.msg(Msg("pf.all_ok")))
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# Spreadsheets
# ---------------------------------------------------------------------------


def _firm_cells(tr: Translator, i: int, r: FirmRow) -> list[Any]:
    """One firm as cells: counts as numbers, dates as dates (render.sheets keeps them typed)."""
    g = r.grade
    return [i, r.group or "", r.name, r.rel, tr.gettext("yes") if r.needs_action else tr.gettext("no"),
            _grade_label(tr, r), r.counts["met"] if r.readable else "", r.counts["not_met"] if r.readable else "",
            r.counts["unknown"] if r.readable else "", g.high_fail if g else "",
            r.record_errors if r.readable else "", r.overdue if r.readable else "",
            r.oldest_overdue or "", r.next_due or "", plain(_reason_text(tr, r))]


def to_csv(res: Any, tr: Translator) -> bytes:
    """One row per firm; UTF-8 with BOM so Excel opens it in Chinese correctly; every cell inert."""
    return csv_bytes([[tr.gettext(h) for _k, h in FIRM_COLS]] + [_firm_cells(tr, i, r) for i, r in enumerate(rows(res), 1)])


def to_xlsx(res: Any, tr: Translator) -> bytes:
    """Sheets: the firms (sorted by urgency), the overdue items across firms, the rates.
    Written row by row (openpyxl write-only mode), so the overdue sheet of thousands of firms
    is never held in memory; the same data always gives the same bytes. Every cell through
    ``render.sheets``: text inert, dates and rates typed with a number format."""
    import io

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    from ohkit.xlsxfix import fixed_times

    _ = tr.gettext
    res = view(res, tr)
    head_fill = PatternFill("solid", fgColor="DDE7F0")
    red = PatternFill("solid", fgColor="F8D7D4")
    wrap = Alignment(wrap_text=True, vertical="top")
    bold = Font(bold=True)

    def sheet(title: str, cols: list[str], widths: list[int]) -> Any:
        ws = wb.create_sheet(title[:31])
        for i, wdt in enumerate(widths):
            ws.column_dimensions[chr(ord("A") + i)].width = wdt
        ws.freeze_panes = "A2"
        cells = []
        for c in cols:
            cell = WriteOnlyCell(ws, value=c)
            cell.font, cell.fill, cell.alignment = bold, head_fill, wrap
            cells.append(cell)
        ws.append(cells)
        return ws

    def append(ws: Any, values: list[Any], styles: dict[int, dict[str, Any]] | None = None,
               formats: dict[int, str] | None = None) -> None:
        cells = []
        for i, v in enumerate(values, 1):
            cell = set_cell(WriteOnlyCell(ws), v, (formats or {}).get(i))  # inert text, typed numbers/dates
            for k, x in (styles or {}).get(i, {}).items():
                setattr(cell, k, x)
            cells.append(cell)
        ws.append(cells)

    wb = Workbook(write_only=True)
    ws = sheet(_("Firms"), [_(h) for _k, h in FIRM_COLS], [5, 10, 28, 18, 8, 14, 6, 6, 8, 8, 8, 8, 12, 12, 50])
    n = 0
    for i, r in enumerate(rows(res), 1):
        st: dict[int, dict[str, Any]] = {15: {"alignment": wrap}}
        if r.needs_action:
            st[5] = {"fill": red}
        append(ws, _firm_cells(tr, i, r), st)
        n += 1
    ws.auto_filter.ref = f"A1:O{max(n + 1, 1)}"

    ws2 = sheet(_("Overdue items"), [_(h) for _k, h in OVERDUE_COLS], [10, 28, 18, 30, 12, 8, 10, 14, 50])
    n = 0
    for it in res.overdue():
        cells = {**it, "date": dt.date.fromisoformat(it["date"]), "message": plain(it["message"])}
        append(ws2, [cells[k] if k == "days_overdue" else (cells[k] or "") for k, _h in OVERDUE_COLS],
               {9: {"alignment": wrap}})
        n += 1
    ws2.auto_filter.ref = f"A1:I{max(n + 1, 1)}"

    ws3 = sheet(_("Rates"), [_("Rate"), _("Met"), _("Total"), _("Achieved"), _("Target"), _("Firms below target")],
                [30, 8, 8, 10, 10, 60])
    sep = "、" if tr.lang == "zh" else ", "
    for m in metric_rows(res, tr):
        append(ws3, [m["name"], m["numerator"], m["denominator"],
                     "—" if m["value"] is None else m["value"], "—" if m["target"] is None else m["target"],
                     sep.join(f["name"] for f in m["firms_below"])], {4: {"fill": red}} if m["below_target"] else None,
               formats={4: "0.0%", 5: "0.0%"})
    out = io.BytesIO()
    wb.save(out)
    d = res.as_of
    return fixed_times(out.getvalue(), (max(d.year, 1980), d.month, d.day, 0, 0, 0))
