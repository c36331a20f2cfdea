"""Due items as a text list, JSON and an iCalendar file (one VEVENT per item).

UIDs are stable: a hash of the firm (credit code or name), obligation, kind,
subject and date, so re-importing after a new run updates instead of
duplicating; DTSTAMP is the assessment date so the same firm and date give
the same bytes.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from ohkit.i18n import Translator
from ohkit.model import Assessment, DueItem
from ohkit.render.mask import mask_ids, safe_text


def select_due(a: Assessment, within_days: int) -> tuple[list[DueItem], list[DueItem]]:
    """(overdue, upcoming within the window), each sorted by date. Reads Assessment.due only."""
    end = a.as_of + dt.timedelta(days=within_days)
    items = sorted(a.due, key=lambda d: (d.date, d.obligation_id, d.subject_kind, d.subject_id, d.kind))
    overdue = [d for d in items if d.overdue or d.date < a.as_of]
    late = set(map(id, overdue))  # by identity: `d not in overdue` compared every pair (100,000 workers: hours)
    upcoming = [d for d in items if id(d) not in late and d.date <= end]
    return overdue, upcoming


def uid(a: Assessment, d: DueItem) -> str:
    firm = a.firm.credit_code or a.firm.name or ""
    key = "|".join([firm, d.obligation_id, d.kind, d.subject_kind, d.subject_id, d.date.isoformat()])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + "@ohkit"


def summary(tr: Translator, d: DueItem) -> str:
    from ohkit.render.report import DUE_KINDS

    kind = tr.gettext(DUE_KINDS.get(d.kind, d.kind))
    if not (d.label or "").strip():
        return kind
    return mask_ids(f"{kind}{'：' if tr.lang == 'zh' else ': '}{tr.label(d.label)}")


def due_rows(a: Assessment, tr: Translator, items: list[DueItem]) -> list[dict[str, Any]]:
    return [{"date": tr.date(d.date), "overdue": bool(d.overdue or d.date < a.as_of),
             "days": (d.date - a.as_of).days, "kind": d.kind, "obligation_id": d.obligation_id,
             "subject_kind": d.subject_kind, "subject_id": d.subject_id, "label": mask_ids(tr.label(d.label)),
             "summary": summary(tr, d), "message": mask_ids(tr.msg(d.msg)), "uid": uid(a, d)} for d in items]


def to_ics(a: Assessment, tr: Translator, items: list[DueItem]) -> bytes:
    """Every text property passes ``safe_text`` (IDs masked, control characters removed)."""
    from icalendar import Alarm, Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//ohkit//occupational health due dates//" + tr.lang.upper())
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    name = (a.firm.name or "") + " " + tr.gettext("occupational health due dates")
    cal.add("x-wr-calname", safe_text(name.strip()))
    stamp = dt.datetime.combine(a.as_of, dt.time(0, 0), tzinfo=dt.timezone.utc)
    for d in items:
        ev = Event()
        ev.add("uid", uid(a, d))
        ev.add("dtstamp", stamp)
        ev.add("dtstart", d.date)
        ev.add("dtend", d.date + dt.timedelta(days=1))
        title = summary(tr, d)
        if d.overdue or d.date < a.as_of:
            title = tr.gettext("OVERDUE") + " " + title
        if a.unread:  # made with --partial: say so on every event
            title = tr.gettext("[INCOMPLETE] {title}").format(title=title)
        ev.add("summary", safe_text(title))
        ev.add("description", safe_text(tr.msg(d.msg) + f"\n({d.obligation_id})"))
        ev.add("categories", [d.kind])
        ev.add("transp", "TRANSPARENT")
        lead = min(7, (d.date - a.as_of).days)
        if lead > 0:  # a reminder before the date, never one already in the past (none for overdue items)
            al = Alarm()
            al.add("action", "DISPLAY")
            al.add("description", safe_text(title))
            al.add("trigger", dt.timedelta(days=-lead))
            ev.add_component(al)
        cal.add_component(ev)
    return cal.to_ical()
