"""Workplace detection, evaluation, publication, follow-up, daily monitoring, emergency plans."""
from __future__ import annotations

import datetime as dt
from typing import Any

from ohkit.engine.checks.base import _post_hazards, add_due, iso, late, no_table, Out, P, post_label, S
from ohkit.engine.context import Ctx
from ohkit.engine.util import add_months
from ohkit.model import Msg


DETECTION = ("periodic", "status_evaluation", "control_effect", None)


def monitoring_periodic(ctx: Ctx, ob: Any) -> Out:
    serious = ctx.flags.get("serious")
    if serious is None:
        return Out(status="unknown", msg=Msg("eng.f.flag_unknown", {"flags": ["serious"]}))
    months = int(P(ctx, ob, "serious_months", 12) if serious else P(ctx, ob, "general_months", 36))
    if not ctx.has("monitoring"):
        return no_table("monitoring")
    dets = [m for m in ctx.measures if m.kind in DETECTION]
    out = Out()
    if not dets:
        out.status, out.msg = "fail", Msg("eng.mon.none", {"months": months})
    else:
        last = dets[-1]
        due = add_months(last.date, months)
        add_due(ctx, due, "monitoring", ob, "firm", "cycle", "", "eng.due.monitoring", months=months)
        st = "fail" if ctx.as_of > due else "pass"
        out.subjects.append(S("report", str(last.report_no or last.date), str(last.report_no or last.date), st,
                              "eng.mon.cycle_late" if st == "fail" else "eng.mon.cycle_ok", due=due,
                              overdue=late(ctx, due), evidence=[last.rec.loc()], date=iso(last.date),
                              report=last.report_no or "", months=months, due_date=iso(due)))
    covered = 0
    phs = _post_hazards(ctx)
    by_ph: dict[tuple[str | None, str | None], Any] = {}
    for m in dets:
        by_ph[(m.post_id, m.hazard_id)] = m
    for pid, hid, row in phs:
        m = by_ph.get((pid, hid))
        label = post_label(ctx, pid)
        name = ctx.hazard_name(hid)
        if m is None:
            out.subjects.append(S("post", f"{pid}/{hid}", label, "fail", "eng.mon.point_never", evidence=[row.rec.loc()],
                                  post=row.post, hazard=name, months=months))
            continue
        due = add_months(m.date, months)
        if ctx.as_of > due:
            out.subjects.append(S("post", f"{pid}/{hid}", label, "fail", "eng.mon.point_late", due=due, overdue=late(ctx, due),
                                  evidence=[row.rec.loc(), m.rec.loc()], post=row.post, hazard=name,
                                  date=iso(m.date), months=months))
        else:
            covered += 1
            out.subjects.append(S("post", f"{pid}/{hid}", label, "pass", "eng.mon.point_ok", due=due,
                                  evidence=[m.rec.loc()], post=row.post, hazard=name, date=iso(m.date)))
    ctx.metrics["testing_coverage"] = (covered, len(phs))
    return out


def status_evaluation(ctx: Ctx, ob: Any) -> Out:
    months = int(P(ctx, ob, "months", 36))
    if not ctx.has("monitoring"):
        return no_table("monitoring")
    ev = [m for m in ctx.measures if m.kind == "status_evaluation"]
    if not ev:
        return Out(status="fail", msg=Msg("eng.eval.none", {"months": months}))
    last = ev[-1]
    due = add_months(last.date, months)
    add_due(ctx, due, "evaluation", ob, "firm", "evaluation", "", "eng.due.evaluation", months=months)
    st = "fail" if ctx.as_of > due else "pass"
    return Out(subjects=[S("report", str(last.report_no or last.date), str(last.report_no or last.date), st,
                           "eng.eval.late" if st == "fail" else "eng.eval.ok", due=due, overdue=late(ctx, due),
                           evidence=[last.rec.loc()], date=iso(last.date), months=months, due_date=iso(due))])


def _reports(ctx: Ctx, kinds: tuple) -> list[tuple[dt.date, str, Any]]:
    seen: dict[tuple[dt.date, str], Any] = {}
    for m in ctx.measures:
        if m.kind in kinds:
            seen.setdefault((m.date, str(m.report_no or m.date)), m)
    return [(d, no, m) for (d, no), m in sorted(seen.items(), key=lambda x: (x[0][0], x[0][1]))]


def results_published(ctx: Ctx, ob: Any) -> Out:
    days = int(P(ctx, ob, "days", 30))
    lookback = int(P(ctx, ob, "lookback_months", 36))
    if not ctx.has("monitoring"):
        return no_table("monitoring")
    kinds = P(ctx, ob, "kinds", ["检测结果公布", "结果公布", "公告栏"])
    pubs = [d for d in ctx.docs(kinds) if d[0]]
    since = add_months(ctx.as_of, -lookback)
    reps = [r for r in _reports(ctx, ("periodic", "status_evaluation", "control_effect", None)) if r[0] >= since]
    if not reps:
        return Out(status="unknown", msg=Msg("eng.pub.no_reports", {"months": lookback}))
    out = Out()
    for d, no, m in reps:
        due = d + dt.timedelta(days=days)
        hit = next((p for p in pubs if d <= p[0] <= due), None) or next((p for p in pubs if p[0] >= d), None)
        if hit and hit[0] <= due:
            out.subjects.append(S("report", no, no, "pass", "eng.pub.ok", evidence=[m.rec.loc(), hit[3].loc()],
                                  report=no, date=iso(d), published=iso(hit[0])))
        elif hit:
            out.subjects.append(S("report", no, no, "fail", "eng.pub.late", due=due, evidence=[m.rec.loc(), hit[3].loc()],
                                  report=no, date=iso(d), published=iso(hit[0]), days=days))
        elif ctx.as_of <= due:
            add_due(ctx, due, "publication", ob, "report", no, no, "eng.due.publish", report=no)
            out.subjects.append(S("report", no, no, "pass", "eng.pub.pending", due=due, evidence=[m.rec.loc()],
                                  report=no, date=iso(d), due_date=iso(due)))
        else:
            out.subjects.append(S("report", no, no, "fail", "eng.pub.missing", due=due, overdue=late(ctx, due),
                                  evidence=[m.rec.loc()], report=no, date=iso(d), days=days))
    return out


def over_limit_followup(ctx: Ctx, ob: Any) -> Out:
    if not ctx.has("monitoring"):
        return no_table("monitoring")
    fix_docs = [d for d in ctx.docs(P(ctx, ob, "kinds", ["整改", "整改记录"])) if d[0]]
    groups: dict[tuple[str | None, str | None], list[Any]] = {}
    for m in ctx.measures:
        groups.setdefault((m.post_id, m.hazard_id), []).append(m)
    out = Out()
    for (pid, hid), ms in sorted(groups.items(), key=lambda x: (str(x[0][0]), str(x[0][1]))):
        overs = [m for m in ms if m.over]
        if not overs:
            continue
        latest_date = ms[-1].date
        latest = [m for m in ms if m.date == latest_date]
        first_over = overs[0]
        label = post_label(ctx, pid) if pid else "-"
        name = ctx.hazard_name(hid) if hid else {"zh": "-", "en": "-"}
        sid = f"{pid}/{hid}"
        if not any(m.over for m in latest):
            out.subjects.append(S("post", sid, label, "pass", "eng.over.retested",
                                  evidence=[overs[-1].rec.loc(), latest[0].rec.loc()], post=label, hazard=name,
                                  date=iso(overs[-1].date), value=str(overs[-1].value), retest=iso(latest_date)))
            continue
        last_over = [m for m in latest if m.over][0]
        fix = next((d for d in fix_docs if d[0] >= last_over.date), None)
        if fix:
            out.subjects.append(S("post", sid, label, "unknown", "eng.over.fixed_no_retest",
                                  evidence=[last_over.rec.loc(), fix[3].loc()], post=label, hazard=name,
                                  date=iso(last_over.date), value=str(last_over.value), limit=str(last_over.limit or ""),
                                  fixed=iso(fix[0])))
        else:
            out.subjects.append(S("post", sid, label, "fail", "eng.over.open",
                                  evidence=[last_over.rec.loc()], post=label, hazard=name,
                                  date=iso(last_over.date), value=str(last_over.value), limit=str(last_over.limit or ""),
                                  since=iso(first_over.date)))
    if not out.subjects:
        out.status, out.msg = "pass", Msg("eng.over.none")
    return out


def daily_monitoring(ctx: Ctx, ob: Any) -> Out:
    months = int(P(ctx, ob, "months", 12))
    since = add_months(ctx.as_of, -months)
    daily = [m for m in ctx.measures if m.kind == "daily" and m.date >= since]
    docs = [d for d in ctx.docs(P(ctx, ob, "kinds", ["日常监测"])) if d[0] and d[0] >= since]
    if daily:
        return Out(status="pass", msg=Msg("eng.daily.ok", {"n": len(daily), "date": iso(daily[-1].date)}),
                   evidence=[daily[-1].rec.loc()])
    if docs:
        return Out(status="pass", msg=Msg("eng.daily.ok", {"n": len(docs), "date": iso(docs[-1][0])}),
                   evidence=[docs[-1][3].loc()])
    if not ctx.has("monitoring") and not ctx.has("documents"):
        return no_table("monitoring")
    return Out(status="fail", msg=Msg("eng.daily.none", {"months": months}))


def high_toxic_monitoring(ctx: Ctx, ob: Any) -> Out:
    months = int(P(ctx, ob, "months", 1))
    eval_months = int(P(ctx, ob, "evaluation_months", 6))
    out = Out()
    rows = [(p, h, r) for p, h, r in _post_hazards(ctx) if r.hazard is not None and r.hazard.high_toxic]
    if not rows:
        return Out(status="unknown", msg=Msg("eng.ht.no_posts"))
    for pid, hid, row in rows:
        ms = [m for m in ctx.measures if m.post_id == pid and m.hazard_id == hid and m.kind != "pre_assessment"]
        label = post_label(ctx, pid)
        name = ctx.hazard_name(hid)
        if not ms:
            out.subjects.append(S("post", f"{pid}/{hid}", label, "fail", "eng.ht.never", evidence=[row.rec.loc()],
                                  post=row.post, hazard=name, months=months))
            continue
        due = add_months(ms[-1].date, months)
        add_due(ctx, due, "monitoring", ob, "post", f"{pid}/{hid}", label, "eng.due.ht", hazard=name)
        st = "fail" if ctx.as_of > due else "pass"
        out.subjects.append(S("post", f"{pid}/{hid}", label, st, "eng.ht.late" if st == "fail" else "eng.ht.ok",
                              due=due, overdue=late(ctx, due), evidence=[ms[-1].rec.loc()], post=row.post,
                              hazard=name, date=iso(ms[-1].date), months=months))
    ce = [m for m in ctx.measures if m.kind == "control_effect"]
    if ce:
        due = add_months(ce[-1].date, eval_months)
        st = "fail" if ctx.as_of > due else "pass"
        out.subjects.append(S("report", "control_effect", "", st,
                              "eng.ht.eval_late" if st == "fail" else "eng.ht.eval_ok", due=due, overdue=late(ctx, due),
                              evidence=[ce[-1].rec.loc()], date=iso(ce[-1].date), months=eval_months))
    else:
        out.subjects.append(S("report", "control_effect", "", "fail", "eng.ht.eval_none", months=eval_months))
    return out


def emergency_plan(ctx: Ctx, ob: Any) -> Out:
    drill_months = int(P(ctx, ob, "drill_months", 12))
    if not ctx.has("documents"):
        return no_table("documents")
    out = Out()
    plans = [d for d in ctx.docs(P(ctx, ob, "kinds", ["应急预案", "应急救援预案"]))]
    if plans:
        out.subjects.append(S("document", "plan", "", "pass", "eng.emerg.plan", evidence=[plans[-1][3].loc()],
                              date=iso(plans[-1][0])))
    else:
        out.subjects.append(S("document", "plan", "", "fail", "eng.emerg.no_plan"))
    if ctx.flags.get("high_toxic") or P(ctx, ob, "drills_always", False):
        drills = sorted((d for d in ctx.docs(P(ctx, ob, "drill_kinds", ["应急演练", "演练"])) if d[0]),
                        key=lambda d: (d[0], d[3].row))
        if not drills:
            out.subjects.append(S("document", "drill", "", "fail", "eng.emerg.no_drill", months=drill_months))
        else:
            due = add_months(drills[-1][0], drill_months)
            add_due(ctx, due, "drill", ob, "document", "drill", "", "eng.due.drill")
            st = "fail" if ctx.as_of > due else "pass"
            out.subjects.append(S("document", "drill", "", st, "eng.emerg.drill_late" if st == "fail" else "eng.emerg.drill_ok",
                                  due=due, overdue=late(ctx, due), evidence=[drills[-1][3].loc()],
                                  date=iso(drills[-1][0]), months=drill_months))
    return out
