"""The rates health authorities count (checklists/rates.yaml), for one firm, and summed over firms.

Each rate is a ``Metric`` (numerator, denominator, target): what it counts is written in
rates.yaml (shown in the report and the guide). For one firm:

* ``declaration`` — 申报率, counts firms: 1/1 when the firm has hazards and an initial declaration
  is on record (DECL-1 met), 0/1 when it has hazards and none; absent when that cannot be told.
* ``detection`` — 定期检测率, counts firms: 1/1 when the latest periodic test (定期检测, 现状评价 or
  控制效果评价) is within the firm's cycle (严重 12 months, 一般 36 months: MON-2's params).
* ``testing_coverage`` — per post × hazard coverage (ohkit's own figure, from MON-2's check).
* ``exam_periodic`` — 在岗期间职业健康检查率, counts workers: of the exposed workers whose
  periodic exam fell due in the 12 months before ``as_of`` (or was already overdue) while they
  were employed, those examined in those 12 months. New hires not yet due, workers below the
  exam threshold and workers whose interval cannot be told are in neither count. A worker whose
  exam fell due only by an unconfirmed GBZ 188 interval (every one ohkit holds today) counts as
  due: a rate is a count, not a verdict (EXAM-2 says "rule unconfirmed" for that worker, never
  不符合), health authorities count it with the same GBZ 188 intervals, and leaving such workers
  out would leave the rate empty for nearly every firm. rates.yaml's formula says so; a firm's
  ``exam_intervals`` override is used where set (``checks.interval``).
* ``training_principal`` / ``training_oh_manager`` / ``training_workers`` — 培训率 per group:
  trained in the 12 months before ``as_of`` (a training row, not recorded as failed).

``sum_metrics`` adds numerators and denominators over firms (a pure function: the portfolio
calls it with each firm's metrics).
"""
from __future__ import annotations

from typing import Any, Iterable, Sequence

from ohkit.engine.util import add_months
from ohkit.model import Metric

DETECTION_KINDS = ("periodic", "status_evaluation", "control_effect", None)
# targets when the catalogue has no rates.yaml (an old or test catalogue)
DEFAULT_TARGETS = {"declaration": 0.90, "detection": 0.80, "testing_coverage": 1.0, "exam_periodic": 0.90,
                   "training_principal": 0.95, "training_oh_manager": 0.95, "training_workers": 0.95}


def target(cat: Any, rid: str) -> float | None:
    r = cat.rate(rid) if hasattr(cat, "rate") else None
    if r is not None and r.target is not None and isinstance(r.target.value, (int, float)):
        return float(r.target.value)
    return DEFAULT_TARGETS.get(rid)


def _met(findings: dict[str, Any], oid: str) -> bool | None:
    from ohkit.engine.core import is_met

    f = findings.get(oid)
    if f is None or f.status == "not_applicable":
        return None
    return is_met(f)


def declaration(ctx: Any, findings: dict[str, Any]) -> tuple[int, int] | None:
    if ctx.flags.get("haz") is not True:
        return None
    m = _met(findings, "DECL-1")
    return None if m is None else (int(m), 1)


def _cycle_months(ctx: Any) -> int | None:
    serious = ctx.flags.get("serious")
    if serious is None:
        return None
    params: dict[str, Any] = {}
    try:
        params = dict(ctx.cat.obligation("MON-2").check.params)
    except (KeyError, AttributeError):
        pass
    return int(params.get("serious_months", 12) if serious else params.get("general_months", 36))


def detection(ctx: Any) -> tuple[int, int] | None:
    if ctx.flags.get("haz") is not True or not ctx.has("monitoring"):
        return None
    months = _cycle_months(ctx)
    if months is None:
        return None
    dets = [m.date for m in ctx.measures if m.kind in DETECTION_KINDS]
    ok = bool(dets) and add_months(max(dets), months) >= ctx.as_of
    return int(ok), 1


def _worker_interval(ctx: Any, w: Any) -> int | None:
    """Shortest periodic interval (months) over the worker's hazards; 0 = below every threshold;
    None = cannot tell (an interval unknown and no other)."""
    from ohkit.engine import checks as C

    months: list[int] = []
    unknown = False
    for r in w.rows:
        state, m, _conf, _notes = C.interval(ctx, r.hazard_id, r.level, r.grade)
        if state == "ok" and m:
            months.append(int(m))
        elif state == "unknown":
            unknown = True
    if months:
        return min(months)
    return None if unknown else 0


def exam_periodic(ctx: Any) -> tuple[int, int] | None:
    if ctx.flags.get("haz") is not True or not ctx.has("workers") or not ctx.has("posts"):
        return None
    start = add_months(ctx.as_of, -12)
    due_n = had_n = 0
    for w in ctx.workers:
        if not w.exposed or w.start is None:
            continue
        months = _worker_interval(ctx, w)
        if not months:
            continue  # below the exam threshold, or cannot tell: in neither count
        exams = [e for e in ctx.exams.get(w.id, []) if e.type != "exit" and e.date <= ctx.as_of]
        before = [e.date for e in exams if e.date <= start]
        base = max(before) if before else w.start
        due = add_months(base, months)
        if due > ctx.as_of:
            continue  # not yet due (e.g. a new hire)
        if w.leave is not None and w.leave <= max(due, start):
            continue  # left before it fell due (or before the window)
        due_n += 1
        if any(start < e.date <= ctx.as_of for e in exams):
            had_n += 1
    return had_n, due_n


def _trained(ctx: Any, keys: Sequence[str]) -> bool:
    start = add_months(ctx.as_of, -12)
    for k in dict.fromkeys(k for k in keys if k):
        for t in ctx.training.get(k, []):
            if start < t.date <= ctx.as_of and t.passed is not False:
                return True
    return False


def training(ctx: Any) -> dict[str, tuple[int, int]]:
    if ctx.flags.get("haz") is not True:
        return {}   # the training duties (Law Art 34 in a firm with hazards) do not apply, or cannot be told
    by_name = {w.name: w for w in ctx.workers if w.name}
    groups: dict[str, dict[str, list[str]]] = {"principal": {}, "oh_manager": {}}

    def add(role: str, person: str) -> None:
        w = ctx.workers_by_id.get(person) or by_name.get(person)
        key = w.id if w else person
        if any(key in g for g in groups.values()):
            return
        groups[role][key] = [w.id, w.name] if w else [person]

    p, m = ctx.fact("principal"), ctx.fact("oh_manager.name")
    if p:
        add("principal", str(p).strip())
    if m:
        add("oh_manager", str(m).strip())
    for person, recs in ctx.training.items():
        for t in recs:
            if t.role in groups:
                add(t.role, person)
                break
    out: dict[str, tuple[int, int]] = {}
    for role, rid in (("principal", "training_principal"), ("oh_manager", "training_oh_manager")):
        people = groups[role]
        if people:
            out[rid] = (sum(1 for keys in people.values() if _trained(ctx, keys)), len(people))
    if ctx.has("workers") and ctx.has("posts"):
        ws = ctx.exposed_workers()
        out["training_workers"] = (sum(1 for w in ws if _trained(ctx, [w.id, w.name])), len(ws))
    return out


def firm_rates(ctx: Any, findings: dict[str, Any]) -> list[Metric]:
    """The authority rates for one firm (only those the records can tell)."""
    cat = ctx.cat
    vals: dict[str, tuple[int, int] | None] = {
        "declaration": declaration(ctx, findings),
        "detection": detection(ctx),
        "testing_coverage": ctx.metrics.get("testing_coverage"),
        "exam_periodic": exam_periodic(ctx),
    }
    vals.update(training(ctx))
    order = list(DEFAULT_TARGETS)
    return [Metric(k, int(v[0]), int(v[1]), target(cat, k))
            for k, v in sorted(vals.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)
            if v is not None]


def sum_metrics(per_firm: Iterable[tuple[str, Sequence[Metric]]]) -> list[tuple[str, int, int, float | None, int, tuple[str, ...]]]:
    """Add each rate over firms: ``[(id, numerator, denominator, target, firms, below)]`` where
    ``firms`` counts the firms that report it and ``below`` names those under its target.
    Pure: ``per_firm`` is ``(firm name or folder, that firm's metrics)``. The summing itself is
    ``ohkit.engine.portfolio.MetricSum`` (the portfolio streams firms through it)."""
    from ohkit.engine.portfolio import MetricSum

    acc = MetricSum()
    for name, metrics in per_firm:
        acc.add(name, metrics)
    return [(m.id, m.numerator, m.denominator, m.target, m.firms, m.below) for m in acc.result()]


__all__ = ["firm_rates", "sum_metrics", "declaration", "detection", "exam_periodic", "training"]
