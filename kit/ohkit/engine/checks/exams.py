"""Occupational health examinations: intervals, pre-employment, periodic, exit, notification, follow-up."""
from __future__ import annotations

import datetime as dt
from typing import Any

from ohkit.engine.basis import UNCONFIRMED
from ohkit.engine.checks.base import DAY, add_due, iso, late, no_exposed, no_table, Out, P, S, wloc
from ohkit.engine.context import Ctx, Exam, post_periods, Worker
from ohkit.engine.util import add_months
from ohkit.model import Loc, Msg


def _override(ctx: Ctx, hid: str) -> int | None:
    ov = getattr(ctx.ws.profile, "exam_intervals", None) or {}
    for k, v in ov.items():
        h = ctx.cat.find_hazard(str(k))
        if (h.id if h is not None else str(k).strip()) == hid:
            try:
                return int(v)
            except (TypeError, ValueError):
                return None
    return None


def interval(ctx: Ctx, hid: str, level: float | None, grade: int | None) -> tuple[str, int | None, bool, list[str]]:
    """('ok'|'none'|'unknown', months, confirmed, unconfirmed notes) for one hazard at one level."""
    key = (hid, level, grade)
    hit = ctx.interval_cache.get(key)
    if hit is not None:
        return hit
    ov = _override(ctx, hid)
    h = ctx.hazard(hid)
    name = f"{h.zh}|{h.en}" if h is not None else f"{hid}|{hid}"
    if ov is not None:
        res: tuple = ("ok", ov, True, [])
    elif h is None:
        res = ("unknown", None, False, [])
    else:
        has_rules = any(h.exam.periodic.values())
        if not has_rules:
            res = ("unknown", None, False, [])
        else:
            rule, std = ctx.cat.periodic_rule(hid, ctx.as_of, level, grade)
            notes = []
            if std != ctx.standard:
                notes.append(f"exam_standard:{name}")
            if rule is None:
                res = ("none", None, True, notes)
            else:
                if not rule.confirmed:
                    notes.append(f"exam_interval:{name}:{rule.months}:{std}")
                res = ("ok", rule.months, rule.confirmed, notes)
    ctx.interval_cache[key] = res
    return res


def worker_intervals(ctx: Ctx, w: Worker) -> dict[str, tuple[str, int | None, bool, list[str]]]:
    """Shortest interval per hazard over the worker's posts."""
    out: dict[str, tuple] = {}
    for r in w.rows:
        res = interval(ctx, r.hazard_id, r.level, r.grade)
        prev = out.get(r.hazard_id)
        if prev is None or (res[0] == "ok" and (prev[0] != "ok" or res[1] < prev[1])):
            out[r.hazard_id] = res
    return out


def _needs(ctx: Ctx, hid: str, what: str) -> bool:
    h = ctx.hazard(hid)
    return True if h is None else bool(getattr(h.exam, what))


def exam_pre_employment(ctx: Ctx, ob: Any) -> Out:
    out = Out()
    ok = 0
    ws = ctx.exposed_workers()
    for w in ws:
        need = [h for h in w.hazards if _needs(ctx, h, "pre")]
        if not need:
            continue
        if w.start is None:
            out.subjects.append(S("worker", w.id, w.label, "unknown", "eng.pre.no_start", evidence=[wloc(w)]))
            continue
        exams = ctx.exams.get(w.id, [])
        pres = [e for e in exams if e.type == "pre"]
        before = [e for e in pres if e.date <= w.start]
        covered = {h for h in need if any(e.covers(h) for e in before)}
        missing = [h for h in need if h not in covered]
        ev = [wloc(w)] + [e.rec.loc() for e in before[-1:]]
        if not missing:
            ok += 1
            out.subjects.append(S("worker", w.id, w.label, "pass", "eng.pre.ok", evidence=ev,
                                  date=iso(before[-1].date), start=iso(w.start)))
            continue
        after = [e for e in pres if e.date > w.start and any(e.covers(h) for h in missing)]
        names = [ctx.hazard_name(h) for h in missing]
        code = "eng.pre.transfer_missing" if w.transfer else "eng.pre.missing"
        if after:
            out.subjects.append(S("worker", w.id, w.label, "fail", "eng.pre.late", evidence=ev + [after[0].rec.loc()],
                                  date=iso(after[0].date), start=iso(w.start), hazards=names))
        else:
            out.subjects.append(S("worker", w.id, w.label, "fail", code, evidence=ev, start=iso(w.start), hazards=names))
    ctx.metrics["_pre_ok"] = (ok, len(ws))
    if not out.subjects:
        return no_exposed(ctx)
    return out


def _recheck(ctx: Ctx, w: Worker, exams: list[Exam]) -> tuple[str, Exam, dt.date | None] | None:
    """The first recheck (复查) the institution ordered that is not done yet: ('overdue'|'open'|'no_date',
    the exam that ordered it, its date from ``next_due``). A recheck is done by any later exam of the worker."""
    for e in exams:
        if e.conclusion != "recheck":
            continue
        if any(x.date > e.date for x in exams):
            continue
        if e.next_due is None:
            return "no_date", e, None
        return ("overdue" if ctx.as_of > e.next_due else "open"), e, e.next_due
    return None


def _standard_of(notes: list[str]) -> str | None:
    """The standard an unconfirmed interval came from (its ``exam_interval:name:months:standard`` note)."""
    for n in notes:
        if n.startswith("exam_interval:"):
            return n.rsplit(":", 1)[-1]
    return None


def exam_periodic(ctx: Ctx, ob: Any) -> Out:
    """职业病防治法 第三十五条 with GBZ 188's intervals. A next exam date the institution wrote
    (``next_due``) is honoured when it is earlier; a 复查 (recheck) ordered and not done by its date fails.

    Only a confirmed fact decides 不符合 (DEVELOPING.md "When a result may say 不符合"): the
    institution's ``next_due`` passed, a recheck not done by its date, or a confirmed interval (a
    firm's ``exam_intervals``) passed. A worker overdue only by an interval with no primary source
    (every GBZ 188 interval ohkit holds today) is ``unconfirmed``: probably overdue, arrange it and
    check the interval — also when no periodic exam was ever recorded since the worker started,
    since the law leaves the timing to the standard. The due calendar keeps every date."""
    out = Out()
    ok = 0
    ws = ctx.exposed_workers()
    notes: dict[str, None] = {}
    for w in ws:
        all_exams = ctx.exams.get(w.id, [])
        exams = [e for e in all_exams if e.type in ("pre", "periodic", None)]
        ivs = worker_intervals(ctx, w)
        overdue: list[tuple[str, dt.date]] = []          # decided by a confirmed fact
        probable: list[tuple[dt.date, int, str, str, bool]] = []   # (due, months, standard, hazard, examined)
        unknown: list[str] = []
        dues: list[tuple[dt.date, str, bool]] = []        # (due, hazard, date rests on a confirmed fact)
        last_ev: list[Loc] = []
        for hid, (state, months, conf, ns) in ivs.items():
            cover = [e for e in exams if e.covers(hid)]
            # next_due on a row concluding 复查 is the recheck date (below), not the next periodic exam
            inst = cover[-1].next_due if cover and cover[-1].conclusion != "recheck" else None
            if state == "none" and inst is None:
                continue
            for n in ns:
                notes[n] = None
            if state == "unknown" and inst is None:
                unknown.append(hid)
                continue
            base = cover[-1].date if cover else w.start
            if base is None:
                unknown.append(hid)
                continue
            if cover:
                last_ev.append(cover[-1].rec.loc())
            by_interval = add_months(base, months) if state == "ok" and months is not None else None
            firm = [d for d in (inst, by_interval if conf else None) if d is not None]
            firm_due = min(firm) if firm else None
            due = min(d for d in (by_interval, inst) if d is not None)
            dues.append((due, hid, firm_due == due))
            if firm_due is not None and ctx.as_of > firm_due:
                overdue.append((hid, firm_due))
            elif ctx.as_of > due:
                probable.append((due, int(months), _standard_of(ns) or ctx.standard, hid, bool(cover)))
        ev = [wloc(w)] + list(dict.fromkeys(last_ev))
        nxt = min(dues) if dues else None
        if nxt:
            first = [(h, firm) for d, h, firm in dues if d == nxt[0]]
            code = "eng.due.exam" if any(firm for _h, firm in first) else "eng.due.exam_unconfirmed"
            add_due(ctx, nxt[0], "exam", ob, "worker", w.id, w.label, code,
                    hazards=[ctx.hazard_name(h) for h, _f in first])
        rc = _recheck(ctx, w, all_exams)
        if rc is not None and rc[2] is not None:
            add_due(ctx, rc[2], "exam", ob, "worker", w.id, w.label, "eng.due.recheck", date=iso(rc[1].date))
        elif rc is not None:
            # the institution wrote no date: due now — ask it by when (item 5 of issue 8)
            add_due(ctx, ctx.as_of, "exam", ob, "worker", w.id, w.label, "eng.due.recheck_no_date",
                    date=iso(rc[1].date))
        if rc is not None and rc[0] == "overdue":
            e = rc[1]
            out.subjects.append(S("worker", w.id, w.label, "fail", "eng.recheck.overdue", due=rc[2],
                                  overdue=late(ctx, rc[2]), evidence=[wloc(w), e.rec.loc()],
                                  date=iso(e.date), due_date=iso(rc[2])))
        elif overdue:
            first_day = min(d for _, d in overdue)
            out.subjects.append(S("worker", w.id, w.label, "fail", "eng.periodic.overdue", due=first_day,
                                  overdue=late(ctx, first_day), evidence=ev,
                                  hazards=[ctx.hazard_name(h) for h, _ in overdue], due_date=iso(first_day)))
        elif probable:
            out.subjects.append(_probably_overdue(ctx, w, probable, exams, ev))
        elif rc is not None and rc[0] == "no_date":
            out.subjects.append(S("worker", w.id, w.label, "unknown", "eng.recheck.no_date", due=ctx.as_of,
                                  evidence=[wloc(w), rc[1].rec.loc()], date=iso(rc[1].date)))
        elif unknown and not dues:
            out.subjects.append(S("worker", w.id, w.label, "unknown", "eng.periodic.no_interval", evidence=ev,
                                  hazards=[ctx.hazard_name(h) for h in unknown]))
        elif nxt:
            ok += 1
            if unknown:
                out.subjects.append(S("worker", w.id, w.label, "unknown", "eng.periodic.no_interval", due=nxt[0],
                                      evidence=ev, hazards=[ctx.hazard_name(h) for h in unknown]))
            elif rc is not None:
                out.subjects.append(S("worker", w.id, w.label, "pass", "eng.recheck.open", due=min(nxt[0], rc[2]),
                                      evidence=[wloc(w), rc[1].rec.loc()], date=iso(rc[1].date),
                                      due_date=iso(rc[2]), next_date=iso(nxt[0])))
            else:
                out.subjects.append(S("worker", w.id, w.label, "pass", "eng.periodic.ok", due=nxt[0], evidence=ev,
                                      due_date=iso(nxt[0])))
        else:
            ok += 1
    out.unconfirmed = list(notes)
    ctx.metrics["_periodic_ok"] = (ok, len(ws))
    ctx.metrics["_periodic_fail"] = (len([s for s in out.subjects if s.status == "fail"]), len(ws))
    if not out.subjects:
        if ws:
            return Out(status="pass", msg=Msg("eng.periodic.none_needed"))
        return no_exposed(ctx)
    return out


def _probably_overdue(ctx: Ctx, w: Worker, probable: list[tuple[dt.date, int, str, str, bool]],
                      exams: list[Exam], ev: list[Loc]) -> Any:
    """A worker overdue only by intervals with no primary source: status ``unconfirmed``, naming
    the intervals used (months, standard) and the date they give, for the earliest such date."""
    due = min(probable)[0]
    group = [(m, std, h, examined) for d, m, std, h, examined in probable if d == due]
    params: dict[str, Any] = {"hazards": [ctx.hazard_name(h) for _m, _s, h, _e in group],
                              "months": sorted({m for m, _s, _h, _e in group}),
                              "standard": list(dict.fromkeys(std for _m, std, _h, _e in group)),
                              "due_date": iso(due)}
    if any(examined for *_x, examined in group):
        last = max((e for e in exams if any(e.covers(h) for _m, _s, h, _e in group)), key=lambda e: e.date)
        code, params["date"] = "eng.periodic.overdue_unconfirmed", iso(last.date)
    else:
        code, params["start"] = "eng.periodic.never_unconfirmed", iso(w.start)
    return S("worker", w.id, w.label, UNCONFIRMED, code, due=due, overdue=late(ctx, due), evidence=ev, **params)


def _exit_events(ctx: Ctx, w: Worker) -> list[tuple[dt.date, list[str], list[Loc]]]:
    """When the worker left exposure: (last day, hazards left that need an exit exam, rows that say so).
    Leaving the firm leaves every hazard of the last posts; a transfer (post history, ``assignments``)
    leaves the hazards the next posts do not have (GBZ 188: 离岗时 = before leaving the hazardous
    work or post)."""
    periods = post_periods(ctx, w)
    by_day: dict[dt.date, tuple[dict[str, None], list[Loc]]] = {}
    for i, (pid, _s, end, rec) in enumerate(periods):
        if end is None:
            continue
        hz = [r.hazard_id for r in ctx.posts.get(pid, ()) if r.hazard_id and _needs(ctx, r.hazard_id, "exit")]
        if not hz:
            continue
        nxt_day = end + DAY
        after: set[str] = set()
        if w.leave is None or w.leave > end:
            for j, (p2, s2, e2, _r2) in enumerate(periods):
                if j != i and (s2 is None or s2 <= nxt_day) and (e2 is None or e2 >= nxt_day):
                    after.update(r.hazard_id for r in ctx.posts.get(p2, ()) if r.hazard_id)
        left = [h for h in dict.fromkeys(hz) if h not in after]
        if not left:
            continue
        hs, locs = by_day.setdefault(end, ({}, []))
        hs.update(dict.fromkeys(left))
        locs.append(rec.loc() if rec is not None else wloc(w))
    return [(d, list(hs), list(dict.fromkeys(locs))) for d, (hs, locs) in sorted(by_day.items())]


def exam_exit(ctx: Ctx, ob: Any) -> Out:
    """职业病防治法 第三十五条: an exit exam before the contract ends; it covers every hazard of the post(s)
    left. A periodic exam within ``periodic_days`` before leaving that covers a hazard counts for it."""
    before = int(P(ctx, ob, "before_days", 30))
    periodic = int(P(ctx, ob, "periodic_days", 90))
    out = Out()
    for w in ctx.workers:
        events = _exit_events(ctx, w)
        if not events:
            continue
        exams = ctx.exams.get(w.id, [])
        result = None
        for leave, hz, locs in events:
            ev = list(dict.fromkeys([wloc(w)] + locs))
            lo_exit, lo_per = leave - dt.timedelta(days=before), leave - dt.timedelta(days=periodic)
            ok_exit = [e for e in exams if e.type == "exit" and lo_exit <= e.date <= leave]
            ok_per = [e for e in exams if e.type in ("periodic", None) and lo_per <= e.date <= leave]
            good = ok_exit + ok_per
            missing = [h for h in hz if not any(e.covers(h) for e in good)]
            if not missing:
                e = max(good, key=lambda x: x.date)
                res = S("worker", w.id, w.label, "pass", "eng.exit.ok", evidence=ev + [e.rec.loc()],
                        date=iso(e.date), leave=iso(leave), days=(leave - e.date).days)
            elif leave > ctx.as_of:
                add_due(ctx, leave, "exam", ob, "worker", w.id, w.label, "eng.due.exit_exam", leave=iso(leave))
                res = S("worker", w.id, w.label, "pass", "eng.exit.pending", due=leave, evidence=ev,
                        leave=iso(leave), opens=iso(lo_exit))
            elif good:
                e = max(good, key=lambda x: x.date)
                res = S("worker", w.id, w.label, "fail", "eng.exit.not_covered", evidence=ev + [e.rec.loc()],
                        date=iso(e.date), leave=iso(leave), hazards=[ctx.hazard_name(h) for h in missing],
                        periodic_days=periodic)
            else:
                late_exit = [e for e in exams if e.type == "exit" and e.date > leave]
                early = [e for e in exams if e.type == "exit" and e.date < lo_exit]
                if late_exit:
                    res = S("worker", w.id, w.label, "fail", "eng.exit.after_leaving",
                            evidence=ev + [late_exit[0].rec.loc()], date=iso(late_exit[0].date), leave=iso(leave))
                elif early:
                    res = S("worker", w.id, w.label, "fail", "eng.exit.too_early",
                            evidence=ev + [early[-1].rec.loc()], date=iso(early[-1].date), leave=iso(leave),
                            days=before)
                else:
                    res = S("worker", w.id, w.label, "fail", "eng.exit.missing", evidence=ev,
                            leave=iso(leave), days=before, periodic_days=periodic)
            if result is None or res.status == "fail" and result.status != "fail":
                result = res
            elif result.status != "fail":
                result = res  # the latest departure speaks
        out.subjects.append(result)
    if not out.subjects:
        out.status, out.msg = "pass", Msg("eng.exit.no_leavers")
    return out


def exam_notified(ctx: Ctx, ob: Any) -> Out:
    """Each worker with exams in the lookback window: every result told in writing within
    ``days``. One subject per worker; the first exam not (or late) notified decides."""
    days = int(P(ctx, ob, "days", 30))
    lookback = int(P(ctx, ob, "lookback_months", 36))
    since = add_months(ctx.as_of, -lookback)
    delta = dt.timedelta(days=days)
    out = Out()
    for wid, exams in ctx.exams.items():
        recent = [e for e in exams if e.date >= since]
        if not recent:
            continue
        w = ctx.workers_by_id.get(wid)
        label = w.label if w else wid
        bad = pending = None
        for e in recent:
            due = e.date + delta
            if e.notified is not None:
                if e.notified > due and bad is None:
                    bad = S("worker", wid, label, "fail", "eng.notify.late", evidence=[e.rec.loc("notified")],
                            date=iso(e.date), notified=iso(e.notified), days=days)
            elif ctx.as_of <= due:
                if pending is None:
                    add_due(ctx, due, "notification", ob, "worker", wid, label, "eng.due.notify", date=iso(e.date))
                    pending = S("worker", wid, label, "pass", "eng.notify.pending", due=due,
                                evidence=[e.rec.loc("notified")], date=iso(e.date), due_date=iso(due))
            elif bad is None:
                bad = S("worker", wid, label, "fail", "eng.notify.missing", due=due, overdue=late(ctx, due),
                        evidence=[e.rec.loc("notified")], date=iso(e.date),
                        report=str(e.report_no or f"{wid}@{e.date.isoformat()}"))
        if bad is not None:
            out.subjects.append(bad)
        elif pending is not None:
            out.subjects.append(pending)
        else:
            e = recent[-1]
            out.subjects.append(S("worker", wid, label, "pass", "eng.notify.ok", evidence=[e.rec.loc("notified")],
                                  date=iso(e.date), notified=iso(e.notified), days=days))
    if not out.subjects:
        out.status, out.msg = ("unknown" if not ctx.has("exams") else "pass"), Msg("eng.notify.no_exams", {"months": lookback})
    return out


def contraindication_placement(ctx: Ctx, ob: Any) -> Out:
    out = Out()
    for w in ctx.current_workers():
        exams = ctx.exams.get(w.id, [])
        ci = [e for e in exams if e.conclusion == "contraindication"]
        if not ci:
            continue
        e = ci[-1]
        later_ok = [x for x in exams if x.date > e.date and x.conclusion == "normal"]
        hs = [h for h in w.hazards if e.covers(h) and not any(x.covers(h) for x in later_ok)]
        if hs:
            out.subjects.append(S("worker", w.id, w.label, "fail", "eng.ci.on_post", evidence=[wloc(w), e.rec.loc()],
                                  date=iso(e.date), hazards=[ctx.hazard_name(h) for h in hs], posts=list(w.posts)))
        else:
            out.subjects.append(S("worker", w.id, w.label, "pass", "eng.ci.moved", evidence=[wloc(w), e.rec.loc()],
                                  date=iso(e.date)))
    if not out.subjects:
        if not ctx.has("exams"):
            return no_table("exams")
        out.status, out.msg = "pass", Msg("eng.ci.none")
    return out


def suspected_od_followup(ctx: Ctx, ob: Any) -> Out:
    kinds = P(ctx, ob, "kinds", ["疑似职业病报告", "职业病诊断", "疑似职业病"])
    docs = [d for d in ctx.docs(kinds) if d[0]]
    out = Out()
    for e in ctx.all_exams:
        if e.conclusion != "suspected_od":
            continue
        w = ctx.workers_by_id.get(e.worker_id)
        label = w.label if w else e.worker_id
        fol = next((d for d in docs if d[0] >= e.date), None)
        if w and w.leave and w.leave >= e.date and not fol:
            out.subjects.append(S("worker", e.worker_id, label, "fail", "eng.sod.left", evidence=[e.rec.loc(), wloc(w)],
                                  date=iso(e.date), leave=iso(w.leave)))
        elif fol:
            out.subjects.append(S("worker", e.worker_id, label, "pass", "eng.sod.ok", evidence=[e.rec.loc(), fol[3].loc()],
                                  date=iso(e.date), followed=iso(fol[0])))
        else:
            out.subjects.append(S("worker", e.worker_id, label, "fail", "eng.sod.open", evidence=[e.rec.loc()],
                                  date=iso(e.date)))
    if not out.subjects:
        if not ctx.has("exams"):
            return no_table("exams")
        out.status, out.msg = "pass", Msg("eng.sod.none")
    return out
