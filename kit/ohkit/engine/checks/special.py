"""Special protection: women's special periods, minors, radiation workers; manual questions."""
from __future__ import annotations

import datetime as dt
from typing import Any

from ohkit.engine.basis import UNCONFIRMED
from ohkit.engine.checks.base import add_due, iso, late, Out, P, S, SPECIAL_STATUS, wloc
from ohkit.engine.context import Ctx, minor_exposures, Worker
from ohkit.engine.util import add_months, age_on, both
from ohkit.model import Msg


# The grading tables the annex of 女职工劳动保护特别规定 refers to (噪声/高温作业分级 "第三级、第四级").
# ohkit holds no confirmed copy of them: a measured level alone never decides (unknown, never pass).
GRADING_STANDARDS = {"noise": "GBZ/T 229.4-2012", "heat": "GBZ/T 229.3-2010"}


def special_status_posts(ctx: Ctx, ob: Any) -> Out:
    """女职工劳动保护特别规定 附录 三、四: work prohibited during pregnancy / nursing (baby under one)."""
    out = Out()
    notes: dict[str, None] = {}
    for w in ctx.current_workers():
        if w.sex == "male" or w.special is None:
            continue
        if w.special == "lactation" and w.special_since and add_months(w.special_since, 12) <= ctx.as_of:
            continue
        state = {h: _prohibited_state(ctx, w, h, w.special) for h in w.hazards}
        bad = [h for h, s in state.items() if s == "fail"]
        unsure = [h for h, s in state.items() if s == "unknown"]
        graded = [h for h, s in state.items() if s == "unconfirmed"]
        st = both(SPECIAL_STATUS[w.special])
        ev = [w.rec.loc("special_status")]
        if bad:
            out.subjects.append(S("worker", w.id, w.label, "fail", "eng.fem.on_post", evidence=ev, status=st,
                                  hazards=[ctx.hazard_name(h) for h in bad], posts=list(w.posts)))
        elif graded:
            for h in graded:
                n = ctx.hazard_name(h)
                notes[f"grading:{n['zh']}|{n['en']}:{GRADING_STANDARDS.get(h, '-')}"] = None
            out.subjects.append(S("worker", w.id, w.label, "unknown", "eng.fem.grade_unconfirmed", evidence=ev,
                                  status=st, hazards=[ctx.hazard_name(h) for h in graded], posts=list(w.posts),
                                  levels=[x for h in graded for x in _measured_levels(ctx, w, h)]))
        elif unsure:
            out.subjects.append(S("worker", w.id, w.label, "unknown", "eng.fem.check_level", evidence=ev, status=st,
                                  hazards=[ctx.hazard_name(h) for h in unsure], posts=list(w.posts)))
        else:
            # 附录 四: while nursing only 孕期 (一)(三)(九) and the listed chemicals apply
            code = "eng.fem.ok_nursing" if w.special == "lactation" else "eng.fem.ok"
            out.subjects.append(S("worker", w.id, w.label, "pass", code, evidence=ev, status=st))
    out.unconfirmed = list(notes)
    if not out.subjects:
        out.status, out.msg = ("pass" if ctx.has("workers") else "unknown"), Msg("eng.fem.none")
    return out


def _prohibited_state(ctx: Ctx, w: Worker, hid: str, group: str) -> str | None:
    """Is work on ``hid`` at this worker's posts prohibited for ``group`` (pregnancy / lactation)?

    "fail" (prohibited), "unknown" (prohibited only above the limit or at grade 3–4 and the
    records do not show which), "unconfirmed" (a level is measured but the grading table that
    turns it into a grade is not confirmed), or None (not prohibited). The catalogue says per
    hazard and group whether the ban is unconditional ("any"), "over_limit" or "grade_3_4".
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
        if grades:
            return "fail" if max(grades) >= 3 else None
        return "unconfirmed" if _measured_levels(ctx, w, hid) else "unknown"
    return "fail"


def _measured_levels(ctx: Ctx, w: Worker, hid: str) -> list[str]:
    """The measured levels of ``hid`` at the worker's posts: the latest monitoring value per post
    (as written, with its unit), else the numbers in posts.level."""
    latest: dict[str, Any] = {}
    for m in ctx.measures:  # sorted by date
        if m.hazard_id == hid and m.post_id in w.posts and m.value is not None:
            latest[m.post_id] = m
    if latest:
        return list(dict.fromkeys(f"{m.value} {m.unit or _unit(ctx, hid)}".strip() for m in latest.values()))
    return list(dict.fromkeys(f"{_num(r.level)} {_unit(ctx, hid)}".strip()
                              for r in w.rows if r.hazard_id == hid and r.level is not None))


def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else x


def _unit(ctx: Ctx, hid: str) -> str:
    hz = ctx.hazard(hid)
    oel = list(getattr(hz, "oel", None) or ()) if hz is not None else []
    return str(getattr(oel[0], "unit", "") or "") if oel else ""


def _minors(ctx: Ctx) -> list[Worker]:
    return [w for w in ctx.current_workers() if w.birth is not None and age_on(w.birth, ctx.as_of) < 18]


def minors_posts(ctx: Ctx, ob: Any) -> Out:
    """职业病防治法 第三十八条 (and 5号令 第三十三条): no worker under 18 on any post with an
    occupational-disease hazard, whatever the level. A placement under 18 that has ended (turned 18,
    moved, left) within the lookback still fails: it happened."""
    out = Out()
    seen: set[str] = set()
    for w in ctx.workers:
        exp = minor_exposures(ctx, w)
        if not exp:
            continue
        seen.add(w.id)
        hz = list(dict.fromkeys(h for _p, _s, hs, _r in exp for h in hs))
        posts = list(dict.fromkeys(p for p, _s, _h, _r in exp))
        ev = [w.rec.loc("birth_date")] + [r.loc() for _p, _s, _h, r in exp if r is not None]
        age = age_on(w.birth, ctx.as_of)
        names = [ctx.hazard_name(h) for h in hz]
        if age < 18 and w.current(ctx.as_of) and any(p in w.posts for p in posts):
            out.subjects.append(S("worker", w.id, w.label, "fail", "eng.min.on_post", evidence=ev, age=age,
                                  hazards=names, posts=posts))
        else:
            first = min((s for _p, s, _h, _r in exp if s is not None), default=None) or w.hire or ctx.as_of
            out.subjects.append(S("worker", w.id, w.label, "fail", "eng.min.was_minor", evidence=ev,
                                  start=iso(first), adult=iso(add_months(w.birth, 18 * 12)), hazards=names,
                                  posts=posts))
    for w in _minors(ctx):
        if w.id not in seen:
            out.subjects.append(S("worker", w.id, w.label, "pass", "eng.min.ok", evidence=[w.rec.loc("birth_date")],
                                  age=age_on(w.birth, ctx.as_of)))
    if not out.subjects:
        out.status, out.msg = "pass", Msg("eng.min.none")
    return out


def minors_exams(ctx: Ctx, ob: Any) -> Out:
    """未成年工特殊保护规定: exams before placement, after one year of work, and on turning 18 when the
    last exam is more than six months old (the article is not in ohkit's primary text: MIN-2 is
    unconfirmed). Workers who turned 18 in the last year are followed until that exam is done.

    Labour Law Art 65 (confirmed) asks only for regular exams ("定期进行健康检查"); the three time
    points come from those rules alone. So while the obligation is marked unconfirmed in the
    catalogue, a missed time point is ``unconfirmed`` (advice), never 不符合 on its own — the same
    rule as EXAM-2's unconfirmed intervals (DEVELOPING.md "When a result may say 不符合")."""
    late_status = "fail" if getattr(ob, "confidence", "confirmed") == "confirmed" else UNCONFIRMED
    out = Out()
    year_ago = add_months(ctx.as_of, -12)
    for w in ctx.current_workers():
        if w.birth is None:
            continue
        adult = add_months(w.birth, 18 * 12)
        if adult <= year_ago:
            continue
        exams = ctx.exams.get(w.id, [])
        start = w.start or w.hire
        ev = [wloc(w)]
        if start is None:
            if adult > ctx.as_of:
                out.subjects.append(S("worker", w.id, w.label, "unknown", "eng.pre.no_start", evidence=ev))
            continue
        if start >= adult:
            continue  # started as an adult
        pre = [e for e in exams if e.date <= start]
        if not pre:
            out.subjects.append(S("worker", w.id, w.label, late_status, "eng.minex.no_pre", evidence=ev, start=iso(start)))
            continue
        year = add_months(start, 12)
        after = [e for e in exams if e.date > start]
        if year <= adult and ctx.as_of > year and not after:
            out.subjects.append(S("worker", w.id, w.label, late_status, "eng.minex.no_year", due=year, overdue=late(ctx, year),
                                  evidence=ev + [pre[-1].rec.loc()], due_date=iso(year)))
            continue
        upto = [e for e in exams if e.date <= min(adult, ctx.as_of)]
        last = upto[-1] if upto else exams[-1]
        need_adult = add_months(last.date, 6) < adult
        done_adult = [e for e in exams if e.date > last.date] if need_adult else []
        if need_adult and not done_adult:
            add_due(ctx, adult, "exam", ob, "worker", w.id, w.label, "eng.due.minor_exam")
            if ctx.as_of > adult:
                out.subjects.append(S("worker", w.id, w.label, late_status, "eng.minex.no_adult", due=adult,
                                      overdue=late(ctx, adult), evidence=ev + [last.rec.loc()],
                                      date=iso(last.date), adult=iso(adult)))
                continue
        if adult <= ctx.as_of:
            continue  # now an adult with the exam on turning 18 done (or not needed): the adult rules apply
        nxt = year if not after and year <= adult else None
        if need_adult:
            nxt = min(x for x in (nxt, adult) if x is not None)
        if nxt and nxt == year:
            add_due(ctx, nxt, "exam", ob, "worker", w.id, w.label, "eng.due.minor_exam")
        out.subjects.append(S("worker", w.id, w.label, "pass", "eng.minex.ok" if nxt else "eng.minex.ok_none_due",
                              due=nxt, evidence=ev + [exams[-1].rec.loc()], date=iso(exams[-1].date),
                              due_date=iso(nxt), adult=iso(adult)))
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
