"""Occupational-health training of managers and workers."""
from __future__ import annotations

import datetime as dt
from typing import Any

from ohkit.engine.checks.base import DAY, add_due, iso, late, no_exposed, Out, P, S, wloc
from ohkit.engine.context import Ctx, Worker
from ohkit.engine.util import add_months, enum_label
from ohkit.model import Loc, Msg


def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else round(float(x), 1)


INITIAL_KINDS = ("initial",)


def _training_status(ctx: Ctx, recs: list[Any], initial_hours: float, annual_hours: float,
                     start: dt.date | None = None) -> tuple[str, str, dict[str, Any], dt.date | None, list[Loc]]:
    """Initial training (rows typed 初次; untyped rows count as before), then yearly hours.
    A continuing (继续) or retraining (复训) row is not initial training: with only such rows the
    person is untrained, unless they started before the training records begin (``start`` before the
    firm's first training row): then whether they had initial training cannot be told."""
    recs = [t for t in recs if t.passed is not False]
    if not recs:
        return "fail", "eng.train.none", {"hours": _num(initial_hours)}, None, []
    init_recs = [t for t in recs if t.kind in INITIAL_KINDS or t.kind is None]
    ev = [recs[-1].rec.loc()]
    last = recs[-1].date
    due = add_months(last, 12)
    year_ago = add_months(ctx.as_of, -12)  # training on this day still counts (like exams: due on the day)
    if not init_recs:
        begin = _records_begin(ctx)
        if start is not None and begin is not None and start < begin:
            yr = sum(t.hours for t in recs if t.date >= year_ago)
            return "unknown", "eng.train.initial_before_records", {
                "first": iso(recs[0].date), "start": iso(start), "begin": iso(begin), "have": _num(yr),
                "hours": _num(annual_hours)}, due, ev
        return "fail", "eng.train.no_initial", {"hours": _num(initial_hours), "first": iso(recs[0].date),
                                                "kind": enum_label("training", "kind", recs[0].kind)}, None, ev
    cum = 0.0
    init_done: dt.date | None = None
    for t in init_recs:
        cum += t.hours
        if cum >= initial_hours:
            init_done = t.date
            break
    if init_done is None:
        return "fail", "eng.train.initial_short", {"hours": _num(initial_hours), "have": _num(cum)}, None, ev
    if init_done >= year_ago:
        return "pass", "eng.train.initial_ok", {"date": iso(init_done), "due_date": iso(add_months(init_done, 12))}, \
            add_months(init_done, 12), ev
    yr = sum(t.hours for t in recs if t.date >= year_ago)
    if yr >= annual_hours:
        return "pass", "eng.train.annual_ok", {"hours": _num(yr), "due_date": iso(due)}, due, ev
    return "fail", "eng.train.annual_short", {"hours": _num(annual_hours), "have": _num(yr), "last": iso(last)}, due, ev


def _records_begin(ctx: Ctx) -> dt.date | None:
    """The date of the firm's first training row (any person): the training records begin there."""
    if "train_begin" not in ctx._cache:
        ctx._cache["train_begin"] = min((lst[0].date for lst in ctx.training.values() if lst), default=None)
    return ctx._cache["train_begin"]


RETRAIN_KINDS = ("initial", "retraining")


def _post_change(ctx: Ctx, w: Worker) -> tuple[dt.date, list[str]] | None:
    """The worker's latest change of post that brought new hazards: (date, new hazard ids).
    From the post history when there is one; else a post start more than 30 days after hiring
    (the previous post unknown: every hazard of the current post counts as new)."""
    if w.history:
        starts = sorted({a.start for a in w.history})
        for d in reversed(starts):
            before = {r.hazard_id for a in w.history if a.start < d and (a.end is None or a.end >= d - DAY)
                      for r in ctx.posts.get(a.post_id, ()) if r.hazard_id}
            if not any(a.start < d for a in w.history):
                return None  # the first post: initial training, not retraining
            now = [r.hazard_id for a in w.history if a.start == d for r in ctx.posts.get(a.post_id, ()) if r.hazard_id]
            new = [h for h in dict.fromkeys(now) if h not in before]
            if new:
                return d, new
        return None
    if w.transfer and w.start is not None:
        return w.start, list(w.hazards)
    return None


def training_managers(ctx: Ctx, ob: Any) -> Out:
    ih, ah = float(P(ctx, ob, "initial_hours", 16)), float(P(ctx, ob, "annual_hours", 8))
    out = Out()
    by_name = {w.name: w for w in ctx.workers if w.name}
    people: dict[str, tuple[str, str, list[str], dt.date | None]] = {}  # key -> (label, role, training keys, hire)

    def add(person: str, role: str) -> None:
        w = ctx.workers_by_id.get(person) or by_name.get(person)
        key = w.id if w else person
        if key in people:
            return
        keys = [w.id, w.name] if w else [person]
        people[key] = (w.label if w else person, role, [k for k in keys if k], w.hire if w else None)

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
    for key, (label, role, keys, hire) in people.items():
        recs = sorted((t for k in dict.fromkeys(keys) for t in ctx.training.get(k, [])), key=lambda t: t.date)
        st, code, params, due, ev = _training_status(ctx, recs, ih, ah, hire)
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
    """职业病防治法 第三十四条第二款: training before starting and periodically after. Retraining after a
    change of post that brings new hazards (安监总厅安健〔2015〕121号, secondary: ``retrain_days`` is
    listed as unconfirmed) — a 复训 or 初次 row from ``retrain_days`` before the change on."""
    ih, ah = float(P(ctx, ob, "initial_hours", 8)), float(P(ctx, ob, "annual_hours", 4))
    rdays = int(P(ctx, ob, "retrain_days", 30))
    out = Out()
    ok = 0
    ws = ctx.exposed_workers()
    begin = _records_begin(ctx)
    for w in ws:
        recs = ctx.training.get(w.id, []) or (ctx.training.get(w.name, []) if w.name else [])
        st, code, params, due, ev = _training_status(ctx, recs, ih, ah, w.hire or w.start)
        if st == "pass":
            ch = _post_change(ctx, w)
            if ch is not None and begin is not None and ch[0] >= begin:
                since = ch[0] - dt.timedelta(days=rdays)
                re = [t for t in recs if t.kind in RETRAIN_KINDS and t.date >= since and t.passed is not False]
                if not re:
                    st, code = "fail", "eng.train.no_retraining"
                    params = {"start": iso(ch[0]), "hazards": [ctx.hazard_name(h) for h in ch[1]]}
                    due = None
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
