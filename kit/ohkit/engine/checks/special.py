"""Special protection: women's special periods, minors, radiation workers; manual questions."""
from __future__ import annotations

import datetime as dt
from typing import Any

from ohkit.engine.checks.base import add_due, iso, late, Out, P, S, SPECIAL_STATUS, wloc
from ohkit.engine.context import Ctx, Worker
from ohkit.engine.util import add_months, age_on, both
from ohkit.model import Msg


def special_status_posts(ctx: Ctx, ob: Any) -> Out:
    out = Out()
    for w in ctx.current_workers():
        if w.sex == "male" or w.special is None:
            continue
        if w.special == "lactation" and w.special_since and add_months(w.special_since, 12) <= ctx.as_of:
            continue
        state = {h: _prohibited_state(ctx, w, h, w.special) for h in w.hazards}
        bad = [h for h, s in state.items() if s == "fail"]
        unsure = [h for h, s in state.items() if s == "unknown"]
        st = both(SPECIAL_STATUS[w.special])
        ev = [w.rec.loc("special_status")]
        if bad:
            out.subjects.append(S("worker", w.id, w.label, "fail", "eng.fem.on_post", evidence=ev, status=st,
                                  hazards=[ctx.hazard_name(h) for h in bad], posts=list(w.posts)))
        elif unsure:
            out.subjects.append(S("worker", w.id, w.label, "unknown", "eng.fem.check_level", evidence=ev, status=st,
                                  hazards=[ctx.hazard_name(h) for h in unsure], posts=list(w.posts)))
        else:
            out.subjects.append(S("worker", w.id, w.label, "pass", "eng.fem.ok", evidence=ev, status=st))
    if not out.subjects:
        out.status, out.msg = ("pass" if ctx.has("workers") else "unknown"), Msg("eng.fem.none")
    return out


MINOR_CATEGORIES = ("dust", "chemical", "radiation")


def _prohibited_state(ctx: Ctx, w: Worker, hid: str, group: str) -> str | None:
    """Is work on ``hid`` at this worker's posts prohibited for ``group``?

    "fail" (prohibited), "unknown" (prohibited only above the limit or at grade 3–4 and the
    records do not show which), or None (not prohibited). The catalogue says per hazard and group
    whether the ban is unconditional ("any"), "over_limit" or "grade_3_4".
    """
    hz = ctx.hazard(hid)
    if hz is None or not getattr(hz.prohibited, group, False):
        return None
    cond = hz.prohibited.condition_for(group)
    if cond == "over_limit":
        ms = [m for m in ctx.measures if m.hazard_id == hid and m.post_id in w.posts]
        if not ms:
            return "unknown"
        latest = max(ms, key=lambda m: m.date)
        return "fail" if latest.over else None
    if cond == "grade_3_4":
        grades = [r.grade for r in w.rows if r.hazard_id == hid and r.grade is not None]
        if not grades:
            return "unknown"
        return "fail" if max(grades) >= 3 else None
    return "fail"


def _minors(ctx: Ctx) -> list[Worker]:
    return [w for w in ctx.current_workers() if w.birth is not None and age_on(w.birth, ctx.as_of) < 18]


def minors_posts(ctx: Ctx, ob: Any) -> Out:
    out = Out()
    for w in _minors(ctx):
        bad, unsure = [], []
        for h in w.hazards:
            hz = ctx.hazard(h)
            if hz is None or hz.category in MINOR_CATEGORIES:
                bad.append(h)
                continue
            state = _prohibited_state(ctx, w, h, "minor")
            if state == "fail":
                bad.append(h)
            elif state == "unknown":
                unsure.append(h)
        ev = [w.rec.loc("birth_date")]
        age = age_on(w.birth, ctx.as_of)
        if bad:
            out.subjects.append(S("worker", w.id, w.label, "fail", "eng.min.on_post", evidence=ev, age=age,
                                  hazards=[ctx.hazard_name(h) for h in bad], posts=list(w.posts)))
        elif unsure:
            out.subjects.append(S("worker", w.id, w.label, "unknown", "eng.min.check_level", evidence=ev, age=age,
                                  hazards=[ctx.hazard_name(h) for h in unsure], posts=list(w.posts)))
        else:
            out.subjects.append(S("worker", w.id, w.label, "pass", "eng.min.ok", evidence=ev, age=age))
    if not out.subjects:
        out.status, out.msg = "pass", Msg("eng.min.none")
    return out


def minors_exams(ctx: Ctx, ob: Any) -> Out:
    out = Out()
    for w in _minors(ctx):
        exams = ctx.exams.get(w.id, [])
        start = w.start or w.hire
        ev = [wloc(w)]
        if start is None:
            out.subjects.append(S("worker", w.id, w.label, "unknown", "eng.pre.no_start", evidence=ev))
            continue
        pre = [e for e in exams if e.date <= start]
        if not pre:
            out.subjects.append(S("worker", w.id, w.label, "fail", "eng.minex.no_pre", evidence=ev, start=iso(start)))
            continue
        year = add_months(start, 12)
        after = [e for e in exams if e.date > start]
        if ctx.as_of > year and not after:
            out.subjects.append(S("worker", w.id, w.label, "fail", "eng.minex.no_year", due=year, overdue=late(ctx, year),
                                  evidence=ev + [pre[-1].rec.loc()], due_date=iso(year)))
            continue
        adult = add_months(w.birth, 18 * 12)
        last = exams[-1].date
        nxt = year if not after else None
        if add_months(last, 6) < adult:
            nxt = min(x for x in (nxt, adult) if x is not None)
        if nxt:
            add_due(ctx, nxt, "exam", ob, "worker", w.id, w.label, "eng.due.minor_exam")
        out.subjects.append(S("worker", w.id, w.label, "pass", "eng.minex.ok", due=nxt, evidence=ev + [exams[-1].rec.loc()],
                              date=iso(last), due_date=iso(nxt)))
    if not out.subjects:
        out.status, out.msg = "pass", Msg("eng.min.none")
    return out


def _radiation_workers(ctx: Ctx) -> list[Worker]:
    out = []
    for w in ctx.current_workers():
        rad = any(ctx.hazard(h) is not None and ctx.hazard(h).category == "radiation" for h in w.hazards)
        if rad or w.id in ctx.dose:
            out.append(w)
    return out


def radiation_dose(ctx: Ctx, ob: Any) -> Out:
    max_days = int(P(ctx, ob, "max_days", 90))
    out = Out()
    for w in _radiation_workers(ctx):
        periods = ctx.dose.get(w.id, [])
        if not periods:
            out.subjects.append(S("worker", w.id, w.label, "fail", "eng.dose.none", evidence=[wloc(w)]))
            continue
        long = [p for p in periods if (p[1] - p[0]).days + 1 > max_days]
        gaps = [(a, b) for a, b in zip(periods, periods[1:]) if (b[0] - a[1]).days > 1]
        last = periods[-1]
        due = last[1] + dt.timedelta(days=max_days)
        add_due(ctx, due, "dose", ob, "worker", w.id, w.label, "eng.due.dose")
        if long:
            p = long[0]
            out.subjects.append(S("worker", w.id, w.label, "fail", "eng.dose.too_long", evidence=[p[2].loc()],
                                  start=iso(p[0]), end=iso(p[1]), days=(p[1] - p[0]).days + 1, max_days=max_days))
        elif gaps:
            a, b = gaps[0]
            out.subjects.append(S("worker", w.id, w.label, "fail", "eng.dose.gap", evidence=[a[2].loc(), b[2].loc()],
                                  end=iso(a[1]), start=iso(b[0])))
        elif ctx.as_of > due:
            out.subjects.append(S("worker", w.id, w.label, "fail", "eng.dose.stale", due=due, overdue=late(ctx, due),
                                  evidence=[last[2].loc()], end=iso(last[1]), max_days=max_days))
        else:
            out.subjects.append(S("worker", w.id, w.label, "pass", "eng.dose.ok", evidence=[last[2].loc()], end=iso(last[1])))
    if not out.subjects:
        out.status, out.msg = "unknown", Msg("eng.dose.no_workers")
    return out


def radiation_exams(ctx: Ctx, ob: Any) -> Out:
    months = int(P(ctx, ob, "months", 24))
    out = Out()
    for w in _radiation_workers(ctx):
        exams = [e for e in ctx.exams.get(w.id, []) if e.type in ("pre", "periodic", None)]
        base = exams[-1].date if exams else w.start
        if base is None:
            out.subjects.append(S("worker", w.id, w.label, "unknown", "eng.pre.no_start", evidence=[wloc(w)]))
            continue
        due = add_months(base, months)
        add_due(ctx, due, "exam", ob, "worker", w.id, w.label, "eng.due.radiation_exam")
        ev = [wloc(w)] + ([exams[-1].rec.loc()] if exams else [])
        if not exams:
            out.subjects.append(S("worker", w.id, w.label, "fail", "eng.radex.none", evidence=ev))
        elif ctx.as_of > due:
            out.subjects.append(S("worker", w.id, w.label, "fail", "eng.radex.late", due=due, overdue=late(ctx, due),
                                  evidence=ev, date=iso(base), months=months))
        else:
            out.subjects.append(S("worker", w.id, w.label, "pass", "eng.radex.ok", due=due, evidence=ev,
                                  date=iso(base), due_date=iso(due)))
    if not out.subjects:
        out.status, out.msg = "unknown", Msg("eng.dose.no_workers")
    return out
