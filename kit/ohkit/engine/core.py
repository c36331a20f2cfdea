"""``assess(workspace, as_of)``: every catalogue obligation checked against the records.

Statuses: ``pass`` / ``fail`` from the records; ``unknown`` when the records (or the
facts deciding whether the duty applies) are missing; ``not_applicable``; ``manual``
when the walk-through answer decides it (``answer`` true = met, false = not met; see
``is_met``). A record-based check that comes out ``unknown`` is also settled by a saved
answer to its question. Pure: no clock, no I/O besides loading the catalogue.
"""
from __future__ import annotations

import datetime as dt
import gc
from typing import Any, Mapping

from ohkit.engine import checks as C
from ohkit.engine.basis import UNCONFIRMED, local_elsewhere, local_note, no_confirmed_basis, settle
from ohkit.engine.context import Ctx, answer_value, build
from ohkit.engine.util import as_bool, as_date, both
from ohkit.i18n import N_
from ohkit.model import Assessment, Finding, Loc, Measurement, Metric, Msg, PostHazard, PostSummary

# Targets for ohkit's own coverage figures (the authority rates take theirs from rates.yaml).
METRIC_TARGETS: dict[str, float] = {
    "card_coverage": 1.0,
    "contract_notice": 1.0,
    "insurance_coverage": 1.0,
}


def conclusion_label(key: str | None) -> dict[str, str] | None:
    """An exam conclusion key as {zh, en}, from the exams schema's enum labels."""
    if not key:
        return None
    from ohkit.records.schema import table_spec

    try:
        labels = table_spec("exams").field("conclusion").enum_labels
    except KeyError:
        return {"zh": key, "en": key}
    from ohkit.engine.util import CONCLUSION, _fold

    for sk, lab in labels.items():   # the engine's key (e.g. other) ↔ the schema's (other_abnormal)
        if sk == key or CONCLUSION.get(_fold(sk)) == key:
            return dict(lab)
    return {"zh": key, "en": key}


def is_met(f: Finding) -> bool | None:
    """Counts for summaries: pass and manual-yes are met; fail and manual-no are not met;
    unknown (and manual answers that are neither) are undecided; None for not applicable."""
    if f.status == "pass":
        return True
    if f.status == "fail":
        return False
    if f.status == "manual":
        b = as_bool(f.answer)
        return b
    return None


def _applies(ob: Any, flags: dict[str, bool | None]) -> tuple[bool | None, list[str]]:
    a = ob.applies
    unknown: list[str] = []
    for fl in a.all:
        v = flags.get(fl)
        if v is False:
            return False, []
        if v is None:
            unknown.append(fl)
    if a.any:
        vals = [flags.get(fl) for fl in a.any]
        if not any(v is True for v in vals):
            if all(v is False for v in vals):
                return False, []
            unknown += [fl for fl, v in zip(a.any, vals) if v is None]
    return (None, unknown) if unknown else (True, [])


def _aggregate(out: C.Out) -> tuple[str, Msg]:
    subs = out.subjects
    if out.status is not None:
        return out.status, out.msg or Msg("eng.f.generic")
    n = len(subs)
    fails = sum(1 for s in subs if s.status == "fail")
    unk = sum(1 for s in subs if s.status == "unknown")
    unc = sum(1 for s in subs if s.status == UNCONFIRMED)
    if n == 0:
        return "unknown", Msg("eng.f.nothing")
    if fails:
        return "fail", Msg("eng.f.some_fail", {"fail": fails, "n": n})
    if unc:
        return UNCONFIRMED, Msg("eng.f.some_unconfirmed", {"unconfirmed": unc, "n": n})
    if unk:
        return "unknown", Msg("eng.f.some_unknown", {"unknown": unk, "n": n})
    return "pass", Msg("eng.f.all_met" if n > 1 else "eng.f.one_met", {"n": n})


# Duties that depend on the firm's class (严重/一般): noted when the class is only suggested by the industry.
_CLASS_FLAGS = {"serious", "general"}
_CLASS_KINDS = {"monitoring_periodic", "status_evaluation", "oh_staffing"}


def _finding(ctx: Ctx, ob: Any) -> Finding:
    applies, unknown_flags = _applies(ob, ctx.flags)
    answer = answer_value(ctx.ws.answers or {}, ob.id)
    # Only a yes/no answer counts; anything else (a list, "也许", nothing) is not used, and the
    # records layer reports the malformed answers.yaml entry with its line.
    ans = ctx.ws.answers.get(ob.id) if ctx.ws.answers and as_bool(answer) is not None else None
    unconfirmed: list[str] = []
    if ob.confidence != "confirmed":
        unconfirmed.append(f"obligation:{ob.id}")
    if ob.check.unconfirmed_params:
        unconfirmed.append("param:" + ", ".join(f"{p}={ob.check.params.get(p)}" for p in ob.check.unconfirmed_params))
    hc, hc_src = ctx.hazard_class()
    if hc_src == "industry" and (_CLASS_FLAGS & {*ob.applies.all, *ob.applies.any} or ob.check.kind in _CLASS_KINDS):
        ind = ctx.industry_suggestion()
        unconfirmed.append(f"hazard_class:{hc}:{ind.code}:{ind.name}")
    if applies is False:
        return Finding(ob.id, ob.area, "not_applicable", ob.severity, Msg("eng.f.na"),
                       unconfirmed=tuple(unconfirmed))
    kind = ob.check.kind
    if applies is None and kind != "manual":
        if ans is not None and ob.question is not None:
            return _manual(ctx, ob, answer, ans, unconfirmed)
        return Finding(ob.id, ob.area, "unknown", ob.severity,
                       Msg("eng.f.flag_unknown", {"flags": [_flag_text(f) for f in unknown_flags]}),
                       unconfirmed=tuple(unconfirmed))
    fn = C.CHECKS.get(kind)
    if fn is None:
        out = C.Out(status="unknown", msg=Msg("eng.f.kind_unknown", {"kind": kind}))
    else:
        out = settle(ctx, ob, fn, fn(ctx, ob))
    status, msg = _aggregate(out)
    unconfirmed += [u for u in out.unconfirmed if u not in unconfirmed]
    if status == "unknown" and ans is not None:
        return _manual(ctx, ob, answer, ans, unconfirmed, subjects=tuple(out.subjects))
    subs = tuple(out.subjects)
    # the subjects that make the status speak for its date: a duty not met is dated by the subjects
    # not met, not by those only an unconfirmed rule finds late (engine.basis)
    bad = [s for s in subs if s.status == status] if status in ("fail", UNCONFIRMED) else []
    dues = [s.due for s in (bad or [s for s in subs if s.status != "not_applicable"]) if s.due is not None]
    due = min(dues) if dues else None
    overdue = max((s.overdue_days or 0 for s in (bad or subs)), default=0) or None
    return Finding(ob.id, ob.area, status, ob.severity, msg, subs, due, overdue, tuple(out.evidence),
                   None, tuple(unconfirmed))


def _manual(ctx: Ctx, ob: Any, answer: Any, raw: Any, unconfirmed: list[str], subjects: tuple = ()) -> Finding:
    """A duty decided by its yes/no walk-through answer (``answer`` is yes/no: see ``_finding``).
    A "no" to a rule with no confirmed basis, or to a local rule of another region, is advice
    (status ``unconfirmed``), never not met: see ``engine.basis``."""
    b = as_bool(answer)
    status = "manual"
    if b is False:
        if local_elsewhere(ob, ctx.fact("region")):
            status, unconfirmed = UNCONFIRMED, unconfirmed + [local_note(ob)]
        elif no_confirmed_basis(ob):
            status, unconfirmed = UNCONFIRMED, unconfirmed + [f"decided_by:{ob.id}"]
    date = as_date(raw.get("date")) if isinstance(raw, Mapping) else None
    code = "eng.manual.yes" if b else "eng.manual.no"
    params: dict[str, Any] = {"answer": b}
    if date is None:
        code += "_undated"
    else:
        params["date"] = date.isoformat()
    return Finding(ob.id, ob.area, status, ob.severity, Msg(code, params),
                   subjects, answer=b, unconfirmed=tuple(unconfirmed),
                   evidence=(Loc("answers.yaml", column=ob.id),))


# What decides whether a duty applies, as the "cannot tell" message names it (engine.po).
_FLAG_TEXT = {
    "always": N_("always (every employer)"), "haz": N_("whether there are occupational hazards"),
    "serious": N_("whether the firm's recorded hazard class is serious"),
    "general": N_("whether the firm's recorded hazard class is general"),
    "over_100": N_("whether there are more than 100 workers"), "exposed": N_("whether workers are exposed"),
    "high_toxic": N_("whether high-toxicity substances are used"), "toxic": N_("whether toxic substances are used"),
    "acute": N_("whether acute occupational injury is possible"), "radiation": N_("whether there is radiation work"),
    "female": N_("whether there are female workers"), "minor": N_("whether there are workers under 18"),
    "new_project": N_("whether there is a new or changed construction project"),
    "union": N_("whether there is a trade union"),
}


def _flag_text(f: str) -> dict[str, str]:
    return both(_FLAG_TEXT[f]) if f in _FLAG_TEXT else {"zh": f, "en": f}


def _metrics(ctx: Ctx, findings: dict[str, Finding]) -> tuple[Metric, ...]:
    """The authority rates (``engine.rates``, defined in rates.yaml), then ohkit's own coverage figures."""
    from ohkit.engine.rates import firm_rates

    out = firm_rates(ctx, findings)
    for k in ("card_coverage", "contract_notice", "insurance_coverage"):
        if k in ctx.metrics:
            out.append(Metric(k, *ctx.metrics[k], METRIC_TARGETS[k]))
    return tuple(out)


def _posts(ctx: Ctx) -> tuple[PostSummary, ...]:
    out = []
    current = ctx.current_workers()
    for pid, rows in ctx.posts.items():
        hazards = []
        for r in rows:
            if not r.hazard_id:
                continue
            h = r.hazard
            ms = [m for m in ctx.measures if m.post_id == pid and m.hazard_id == r.hazard_id and m.value is not None]
            latest = None
            if ms:
                m = ms[-1]
                latest = Measurement(str(m.value), m.unit, None if m.limit is None else str(m.limit), m.verdict,
                                     m.date, m.report_no, m.rec.loc("value"))
            state, months, conf, _n = C.interval(ctx, r.hazard_id, r.level, r.grade)
            hazards.append(PostHazard(
                hazard_id=r.hazard_id,
                name_zh=h.zh if h is not None else r.hazard_id,
                name_en=h.en if h is not None else r.hazard_id,
                category=h.category if h is not None else "other",
                oel=tuple(o.to_dict() for o in h.oel) if h is not None else (),
                latest=latest,
                exam_interval_months=months if state == "ok" else None,
                exam_interval_confirmed=bool(conf) if state == "ok" else False,
                level=r.level_raw,
                serious=r.serious,
            ))
        exposed = [r.exposed for r in rows if r.exposed is not None]
        cards = [r.card_posted for r in rows if r.card_posted]
        out.append(PostSummary(pid, rows[0].post, rows[0].workplace, tuple(hazards),
                               max(exposed) if exposed else None,
                               tuple(w.id for w in current if pid in w.posts),
                               max(cards) if cards else None))
    return tuple(out)


def _workers(ctx: Ctx, findings: dict[str, Finding]) -> tuple[dict[str, Any], ...]:
    status_by_worker: dict[str, list[str]] = {}
    for f in findings.values():
        for s in f.subjects:
            if s.kind == "worker" and s.status == "fail":
                status_by_worker.setdefault(s.id, []).append(f.obligation_id)
    next_exam: dict[str, dt.date] = {}
    for d in ctx.due:
        if d.kind == "exam" and d.subject_kind == "worker":
            if d.subject_id not in next_exam or d.date < next_exam[d.subject_id]:
                next_exam[d.subject_id] = d.date
    rows = []
    for w in ctx.workers:
        exams = ctx.exams.get(w.id, [])
        tr = ctx.training.get(w.id, []) or (ctx.training.get(w.name, []) if w.name else [])
        rows.append({
            "worker_id": w.id,
            "name": w.name,
            "id_number": w.id_masked,
            "posts": list(w.posts),
            "hazards": [ctx.hazard_name(h) for h in w.hazards],
            "hire_date": w.hire,
            "post_start": w.start,
            "leave_date": w.leave,
            "current": w.current(ctx.as_of),
            "last_exam": exams[-1].date if exams else None,
            "last_exam_conclusion": conclusion_label(exams[-1].conclusion) if exams else None,
            "next_exam": next_exam.get(w.id),
            "last_training": tr[-1].date if tr else None,
            "status": "fail" if status_by_worker.get(w.id) else "ok",
            "failing": sorted(set(status_by_worker.get(w.id, []))),
            "row": w.rec.loc().to_dict(),
        })
    return tuple(rows)


def assess(workspace: Any, as_of: dt.date, catalogue: Any = None) -> Assessment:
    """Assess one firm's records on ``as_of`` against the obligation catalogue."""
    from ohkit import __version__

    if catalogue is None:
        from ohkit.catalogue import load_catalogue

        catalogue = load_catalogue()
    from ohkit.catalogue import exam_standard

    standard = exam_standard(as_of)
    # Many small objects and no reference cycles: pausing the cyclic GC halves the time on
    # large firms (it would otherwise rescan the young objects over and over).
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        return _assess(workspace, as_of, catalogue, standard, __version__)
    finally:
        if gc_was_on:
            gc.enable()


def _assess(workspace: Any, as_of: dt.date, catalogue: Any, standard: str, version: str) -> Assessment:
    ctx = build(workspace, as_of, catalogue, standard)
    findings: dict[str, Finding] = {}
    for ob in catalogue.obligations:
        findings[ob.id] = _finding(ctx, ob)
    due = tuple(sorted(ctx.due, key=lambda d: (d.date, d.obligation_id, d.subject_id)))
    return Assessment(
        firm=workspace.profile,
        as_of=as_of,
        ruleset_version=catalogue.ruleset,
        ohkit_version=version,
        exam_standard=standard,
        findings=tuple(findings.values()),
        metrics=_metrics(ctx, findings),
        due=due,
        posts=_posts(ctx),
        records_digest=workspace.digest,
        problems=tuple(workspace.problems),
        flags=dict(ctx.flags),
        workers=_workers(ctx, findings),
        hazard_class=_hazard_class(ctx),
        unread=tuple(getattr(workspace, "unread", ())),
        record_files=tuple(workspace.files),
    )


def _hazard_class(ctx: Ctx) -> dict[str, Any]:
    """The class used and where it came from, with the industry catalogue's class for comparison."""
    hc, src = ctx.hazard_class()
    s = ctx.industry_suggestion()
    ind = None
    if s is not None:
        ind = {"code": s.code, "name": s.name, "class": s.cls, "star": s.star, "star_decided": s.star_decided,
               "source": s.source}
    return {"value": hc, "source": src, "industry": ind}
