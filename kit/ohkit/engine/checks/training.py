"""Occupational-health training of managers and workers."""
from __future__ import annotations

import datetime as dt
from typing import Any

from ohkit.engine.checks.base import add_due, iso, late, no_exposed, Out, P, S, wloc
from ohkit.engine.context import Ctx
from ohkit.engine.util import add_months, enum_label
from ohkit.model import Loc, Msg


def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else round(float(x), 1)


def _training_status(ctx: Ctx, recs: list[Any], initial_hours: float, annual_hours: float,
                     start: dt.date | None = None) -> tuple[str, str, dict[str, Any], dt.date | None, list[Loc]]:
    recs = [t for t in recs if t.passed is not False]
    if not recs:
        return "fail", "eng.train.none", {"hours": _num(initial_hours)}, None, []
    init_recs = [t for t in recs if t.kind == "initial"] or recs
    cum = 0.0
    init_done: dt.date | None = None
    for t in init_recs:
        cum += t.hours
        if cum >= initial_hours:
            init_done = t.date
            break
    ev = [recs[-1].rec.loc()]
    last = recs[-1].date
    due = add_months(last, 12)
    if init_done is None:
        return "fail", "eng.train.initial_short", {"hours": _num(initial_hours), "have": _num(cum)}, None, ev
    year_ago = add_months(ctx.as_of, -12)  # training on this day still counts (like exams: due on the day)
    if init_done >= year_ago:
        return "pass", "eng.train.initial_ok", {"date": iso(init_done), "due_date": iso(add_months(init_done, 12))}, \
            add_months(init_done, 12), ev
    yr = sum(t.hours for t in recs if t.date >= year_ago)
    if yr >= annual_hours:
        return "pass", "eng.train.annual_ok", {"hours": _num(yr), "due_date": iso(due)}, due, ev
    return "fail", "eng.train.annual_short", {"hours": _num(annual_hours), "have": _num(yr), "last": iso(last)}, due, ev


def training_managers(ctx: Ctx, ob: Any) -> Out:
    ih, ah = float(P(ctx, ob, "initial_hours", 16)), float(P(ctx, ob, "annual_hours", 8))
    out = Out()
    by_name = {w.name: w for w in ctx.workers if w.name}
    people: dict[str, tuple[str, str, list[str]]] = {}  # key -> (label, role, training keys)

    def add(person: str, role: str) -> None:
        w = ctx.workers_by_id.get(person) or by_name.get(person)
        key = w.id if w else person
        if key in people:
            return
        keys = [w.id, w.name] if w else [person]
        people[key] = (w.label if w else person, role, [k for k in keys if k])

    p = ctx.fact("principal")
    if p:
        add(str(p).strip(), "principal")
    m = ctx.fact("oh_manager.name")
    if m:
        add(str(m).strip(), "oh_manager")
    for person, recs in ctx.training.items():
        for t in recs:
            if t.role in ("principal", "oh_manager"):
                add(person, t.role)
                break
    ok = 0
    for key, (label, role, keys) in people.items():
        recs = sorted((t for k in dict.fromkeys(keys) for t in ctx.training.get(k, [])), key=lambda t: t.date)
        st, code, params, due, ev = _training_status(ctx, recs, ih, ah)
        if st == "pass":
            ok += 1
        if due:
            add_due(ctx, due, "training", ob, "person", key, label, "eng.due.training", hours=_num(ah))
        out.subjects.append(S("person", key, label, st, code, due=due,
                              overdue=late(ctx, due) if st == "fail" else None, evidence=ev,
                              role=enum_label("training", "role", role), **params))
    ctx.metrics["training_managers"] = (ok, len(people))
    if not people:
        out.status, out.msg = "unknown", Msg("eng.train.no_managers")
    return out


def training_workers(ctx: Ctx, ob: Any) -> Out:
    ih, ah = float(P(ctx, ob, "initial_hours", 8)), float(P(ctx, ob, "annual_hours", 4))
    out = Out()
    ok = 0
    ws = ctx.exposed_workers()
    for w in ws:
        recs = ctx.training.get(w.id, []) or (ctx.training.get(w.name, []) if w.name else [])
        st, code, params, due, ev = _training_status(ctx, recs, ih, ah)
        if st == "pass":
            ok += 1
        if due:
            add_due(ctx, due, "training", ob, "worker", w.id, w.label, "eng.due.training", hours=_num(ah))
        out.subjects.append(S("worker", w.id, w.label, st, code, due=due,
                              overdue=late(ctx, due) if st == "fail" else None, evidence=[wloc(w)] + ev,
                              role=enum_label("training", "role", "worker"), **params))
    ctx.metrics["training_workers"] = (ok, len(ws))
    if not out.subjects:
        return no_exposed(ctx)
    return out


def training_serious_before_start(ctx: Ctx, ob: Any) -> Out:
    out = Out()
    for w in ctx.exposed_workers():
        serious = [r for r in w.rows if r.serious]
        if not serious:
            continue
        recs = [t for t in (ctx.training.get(w.id, []) or ctx.training.get(w.name, [])) if t.passed is not False]
        if w.start is None:
            out.subjects.append(S("worker", w.id, w.label, "unknown", "eng.pre.no_start", evidence=[wloc(w)]))
            continue
        before = [t for t in recs if t.date <= w.start]
        post = serious[0].post
        if before:
            out.subjects.append(S("worker", w.id, w.label, "pass", "eng.train3.ok", evidence=[wloc(w), before[-1].rec.loc()],
                                  date=iso(before[-1].date), start=iso(w.start), post=post))
        elif recs:
            out.subjects.append(S("worker", w.id, w.label, "fail", "eng.train3.late", evidence=[wloc(w), recs[0].rec.loc()],
                                  date=iso(recs[0].date), start=iso(w.start), post=post))
        else:
            out.subjects.append(S("worker", w.id, w.label, "fail", "eng.train3.none", evidence=[wloc(w)],
                                  start=iso(w.start), post=post))
    if not out.subjects:
        out.status, out.msg = "not_applicable", Msg("eng.train3.no_serious_posts")
    return out
