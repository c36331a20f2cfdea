"""The action plan: one row per obligation that is not met or not yet shown,
with a priority from severity and lateness, a due date, and empty owner/done
columns for the firm. The same rows feed the report, the XLSX and the CSV.

Priority (defined here only):
  1 urgent  — not met and (high severity or already overdue);
  2 high    — not met otherwise, or a high-severity obligation not yet shown;
  3 normal  — everything else still open (cannot tell / to be answered).
Due date: the date the assessment gives (the obligation's or its earliest
open subject's); when there is none, a suggested target of the assessment
date + 30 / 60 / 90 days by priority, marked as suggested.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ohkit.i18n import N_, Translator
from ohkit.model import Assessment, Finding
from ohkit.render import texts
from ohkit.render.mask import mask_ids
from ohkit.render.sheets import append_row, clean_text, csv_bytes, plain

PRIORITY = {1: N_("Urgent"), 2: N_("High priority"), 3: N_("Normal")}
TARGET_DAYS = {1: 30, 2: 60, 3: 90}
OPEN = ("fail", "unknown", "manual", "unconfirmed")  # unconfirmed: advice, listed at normal priority


@dataclass(frozen=True)
class ActionItem:
    no: int
    obligation_id: str
    area: str
    title: str
    problem: str
    action: str
    priority: int
    due: dt.date
    due_suggested: bool
    overdue_days: int
    status: str
    severity: str
    subjects: int
    who: str = ""  # masked labels of the open rows (workers, posts, points), so the list says who


WHO_MAX = 30  # labels listed in one cell before "… and N more"


# Words for an open row that has no name of its own (a firm-wide duty, a missing document,
# a report), so the "who or what" column never shows a bare count.
SUBJECT_WORDS = {"firm": N_("the firm as a whole"), "report": N_("testing and evaluation reports"),
                 "document": N_("document: {kind}")}


def _subject_label(tr: Translator, s: Any) -> str:
    if s.kind == "firm":  # a fact about the firm itself (its label is a field name, not a name)
        return tr.gettext(SUBJECT_WORDS["firm"])
    if s.label:
        return tr.label(s.label)
    if s.kind == "document":
        kind = s.msg.params.get("kind") or s.id
        return tr.gettext(SUBJECT_WORDS["document"]).format(kind=tr._param(kind))
    if s.kind in SUBJECT_WORDS:
        return tr.gettext(SUBJECT_WORDS[s.kind])
    return str(s.id or "")


def _who(tr: Translator, f: Finding) -> str:
    labels = list(dict.fromkeys(mask_ids(_subject_label(tr, s)) for s in f.subjects if s.status in OPEN))
    labels = [x for x in labels if x]
    sep = "、" if tr.lang == "zh" else "; "
    txt = sep.join(labels[:WHO_MAX])
    if len(labels) > WHO_MAX:
        txt += sep + tr.gettext("… and {n} more").format(n=len(labels) - WHO_MAX)
    return txt


def priority(f: Finding) -> int:
    late = texts.finding_overdue(f) > 0
    st = texts.effective_status(f)
    if st == "fail" and (f.severity == "high" or late):
        return 1
    if st == "fail" or f.severity == "high":
        return 2
    return 3


def action_items(a: Assessment, tr: Translator) -> list[ActionItem]:
    rows = []
    for f in a.findings:
        if texts.effective_status(f) not in OPEN:
            continue
        p = priority(f)
        due = texts.finding_due(f)
        suggested = due is None
        if due is None:
            due = a.as_of + dt.timedelta(days=TARGET_DAYS[p])
        ot = texts.obligation_texts(tr, f.obligation_id)
        open_subj = sum(1 for s in f.subjects if s.status in OPEN)
        rows.append((p, due, f.obligation_id, f, ot, suggested, open_subj))
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    out = []
    for i, (p, due, oid, f, ot, suggested, n) in enumerate(rows, 1):
        out.append(ActionItem(
            no=i, obligation_id=oid, area=f.area, title=ot["title"],
            problem=mask_ids(tr.msg(f.msg)), action=ot["advice"] or ot["duty"],
            priority=p, due=due, due_suggested=suggested, overdue_days=texts.finding_overdue(f),
            status=texts.effective_status(f), severity=f.severity, subjects=n, who=_who(tr, f),
        ))
    return out


def _header(tr: Translator) -> list[str]:
    return [tr.gettext("No."), tr.gettext("Obligation"), tr.gettext("Item"), tr.gettext("What is wrong"),
            tr.gettext("What to do"), tr.gettext("Priority"), tr.gettext("Due date"),
            tr.gettext("Days overdue"), tr.gettext("Who or what is concerned"), tr.gettext("Owner"),
            tr.gettext("Done on"), tr.gettext("Notes")]


def _row(tr: Translator, it: ActionItem, typed_date: bool = False) -> list:
    """One action as cells (`code` marks dropped: a cell shows them literally). With
    ``typed_date`` a legal due date stays a date (XLSX); a suggested one is text either way."""
    due: Any = tr.date(it.due) + (" " + tr.gettext("(suggested)") if it.due_suggested else "")
    if typed_date and not it.due_suggested:
        due = it.due
    return [it.no, it.obligation_id, plain(it.title), plain(it.problem), plain(it.action),
            f"{it.priority} {tr.gettext(PRIORITY[it.priority])}", due, it.overdue_days or "",
            it.who, "", "", ""]


def incomplete_note(a: Assessment, tr: Translator) -> str:
    return tr.gettext("INCOMPLETE, not read: {files}.").format(
        files=("、" if tr.lang == "zh" else ", ").join(str(p.loc) for p in a.unread))


def to_csv(a: Assessment, tr: Translator) -> bytes:
    """UTF-8 with BOM so Excel opens it in Chinese correctly; every cell inert (render.sheets).
    With --partial the first line says the plan is incomplete and what was not read."""
    head = [[incomplete_note(a, tr)]] if a.unread else []
    return csv_bytes(head + [_header(tr)] + [_row(tr, it) for it in action_items(a, tr)])


def to_xlsx(a: Assessment, tr: Translator) -> bytes:
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = tr.gettext("Action plan")[:31]
    firm = a.firm.name or ""
    title = tr.gettext("Occupational health action plan")
    append_row(ws, [f"{firm} {title}".strip()])
    append_row(ws, [tr.gettext("Assessment date") + ": " + tr.date(a.as_of),
                    tr.gettext("Ruleset") + ": " + a.ruleset_version]
               + ([incomplete_note(a, tr)] if a.unread else []))
    if a.unread:
        ws.cell(2, 3).font = Font(bold=True, color="B00020")
        ws.oddHeader.center.text = clean_text(incomplete_note(a, tr))
    append_row(ws, _header(tr))
    hdr_row = 3
    for cell in ws[hdr_row]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE7F0")
    ws["A1"].font = Font(bold=True, size=14)
    fills = {1: "F8D7D4", 2: "FCEBC7", 3: None}
    for it in action_items(a, tr):
        r = append_row(ws, _row(tr, it, typed_date=True))
        fill = fills[it.priority]
        if fill:
            ws.cell(r, 6).fill = PatternFill("solid", fgColor=fill)
        for c in (3, 4, 5, 9):
            ws.cell(r, c).alignment = Alignment(wrap_text=True, vertical="top")
    widths = [5, 9, 28, 40, 40, 10, 14, 8, 24, 12, 12, 20]
    for i, wdt in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = wdt
    ws.freeze_panes = ws.cell(hdr_row + 1, 3)
    ws.auto_filter.ref = f"A{hdr_row}:L{max(ws.max_row, hdr_row)}"
    dv = DataValidation(type="date", allow_blank=True)
    dv.add(f"K{hdr_row + 1}:K{hdr_row + 500}")
    ws.add_data_validation(dv)
    ws.print_title_rows = f"{hdr_row}:{hdr_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    buf = io.BytesIO()
    wb.save(buf)
    return _fixed_times(buf.getvalue(), a.as_of)


def _fixed_times(data: bytes, day: dt.date) -> bytes:
    """The same records and date give the same bytes: zip entry times and the document's
    created/modified properties are set to the assessment date."""
    from ohkit.xlsxfix import fixed_times

    return fixed_times(data, (day.year, day.month, day.day, 0, 0, 0))
