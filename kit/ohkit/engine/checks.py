"""One function per check kind (DEVELOPING.md's table). Each returns an ``Out``:
per-subject results plus firm-level evidence; ``ohkit.engine.core`` turns it into a
``Finding``. Pure: they read the ``Ctx`` and append due items / metric parts to it."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable

from ohkit.engine.context import Ctx, Exam, Worker, answer_value
from ohkit.engine.util import add_months, age_on, as_bool, as_date, both, enum_label
from ohkit.i18n import N_
from ohkit.model import DueItem, Loc, Msg, SubjectResult

DAY = dt.timedelta(days=1)


@dataclass
class Out:
    subjects: list[SubjectResult] = field(default_factory=list)
    status: str | None = None  # None: derived from the subjects
    msg: Msg | None = None
    evidence: list[Loc] = field(default_factory=list)
    unconfirmed: list[str] = field(default_factory=list)


def S(kind: str, sid: str, label: str, status: str, code: str, /, *, due: dt.date | None = None,
      overdue: int | None = None, evidence: Any = (), **params: Any) -> SubjectResult:
    return SubjectResult(kind, sid, label, status, Msg(code, params), due, overdue or None, tuple(evidence))


def late(ctx: Ctx, due: dt.date | None) -> int | None:
    if due is None or ctx.as_of <= due:
        return None
    return (ctx.as_of - due).days


def iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def P(ctx: Ctx, ob: Any, key: str, default: Any) -> Any:
    v = ob.check.params.get(key, default)
    return default if v is None else v


def add_due(ctx: Ctx, when: dt.date | None, kind: str, ob: Any, skind: str, sid: str, label: str,
            code: str, /, **params: Any) -> None:
    if when is None:
        return
    ctx.due.append(DueItem(when, kind, ob.id, skind, sid, label, Msg(code, params), overdue=when < ctx.as_of))


def wloc(w: Worker) -> Loc:
    return w.rec.loc()




def no_exposed(ctx: Ctx) -> Out:
    """Nobody is on a post with hazards now: nothing to check (no roster: cannot tell)."""
    if not ctx.has("workers"):
        return Out(status="unknown", msg=Msg("eng.f.no_roster"))
    return Out(status="not_applicable", msg=Msg("eng.f.no_exposed"))


# "{status} but on a post with …": how the messages name a woman's special period (engine.po).
SPECIAL_STATUS = {"pregnancy": N_("pregnant"), "lactation": N_("nursing")}


def table_name(table: str) -> dict[str, str]:
    """A records table as a message parameter, named by its schema (sheet_zh / English name)."""
    from ohkit.records.schema import table_label, table_spec

    try:
        return dict(table_label(table_spec(table)))
    except KeyError:
        return {"zh": table, "en": table}


def no_table(table: str) -> Out:
    return Out(status="unknown", msg=Msg("eng.f.no_table", {"table": table_name(table)}))


# ---------------------------------------------------------------------------
# documents, organisation
# ---------------------------------------------------------------------------


def document_present(ctx: Ctx, ob: Any) -> Out:
    kinds = list(P(ctx, ob, "kinds", []) or [])
    max_age = ob.check.params.get("max_age_months")
    if not ctx.has("documents"):
        return no_table("documents")
    out = Out()
    for k in kinds:
        alts = str(k).split("|")
        label = alts[0]
        # the subject's label stays empty: the message names the kind in the reader's language
        kind = doc_kind(ctx, label)
        found = [d for d in ctx.docs(alts)]
        if not found:
            out.subjects.append(S("document", label, "", "fail", "eng.doc.missing", kind=kind, value=label))
            continue
        dated = [d for d in found if d[0] is not None]
        latest = max(dated, key=lambda d: (d[0], d[3].row)) if dated else found[-1]
        ev = [latest[3].loc()]
        if max_age:
            if latest[0] is None:
                out.subjects.append(S("document", label, "", "unknown", "eng.doc.undated", evidence=ev, kind=kind))
                continue
            due = add_months(latest[0], int(max_age))
            add_due(ctx, due, "document", ob, "document", label, "", "eng.due.document", kind=kind)
            if ctx.as_of > due:
                out.subjects.append(S("document", label, "", "fail", "eng.doc.too_old", due=due,
                                      overdue=late(ctx, due), evidence=ev, kind=kind,
                                      date=iso(latest[0]), months=int(max_age)))
                continue
            out.subjects.append(S("document", label, "", "pass", "eng.doc.present_until", due=due,
                                  evidence=ev, kind=kind, date=iso(latest[0]), until=iso(due)))
        else:
            out.subjects.append(S("document", label, "", "pass", "eng.doc.present", evidence=ev,
                                  kind=kind, date=iso(latest[0]), title=latest[2] or label))
    if not kinds:
        out.status, out.msg = "unknown", Msg("eng.f.no_kinds")
    return out


def oh_staffing(ctx: Ctx, ob: Any) -> Out:
    f = ctx.flags
    need_full: bool | None
    if f.get("serious") or f.get("over_100"):
        need_full = True
    elif f.get("serious") is False and f.get("over_100") is False:
        need_full = False
    else:
        need_full = None
    src = Loc(getattr(ctx.ws.profile, "source_file", "enterprise.yaml"))
    out = Out(evidence=[src])
    name = ctx.fact("oh_manager.name")
    full = as_bool(ctx.fact("oh_manager.full_time"))
    body = ctx.fact("oh_body")
    if name:
        out.subjects.append(S("person", "oh_manager", str(name), "pass", "eng.staff.manager_named",
                              evidence=[Loc(src.file, column="oh_manager.name")], name=str(name)))
    else:
        out.subjects.append(S("firm", "oh_manager", "oh_manager", "fail", "eng.staff.no_manager",
                              evidence=[Loc(src.file, column="oh_manager")]))
    if need_full is None:
        out.subjects.append(S("firm", "need_full", "", "unknown", "eng.staff.need_unknown"))
    elif need_full:
        if body:
            out.subjects.append(S("firm", "oh_body", str(body), "pass", "eng.staff.body", name=str(body),
                                  evidence=[Loc(src.file, column="oh_body")]))
        else:
            out.subjects.append(S("firm", "oh_body", "oh_body", "fail", "eng.staff.no_body",
                                  evidence=[Loc(src.file, column="oh_body")]))
        if full is True:
            out.subjects.append(S("firm", "full_time", "oh_manager.full_time", "pass", "eng.staff.full_time"))
        elif full is False:
            out.subjects.append(S("firm", "full_time", "oh_manager.full_time", "fail", "eng.staff.part_time",
                                  evidence=[Loc(src.file, column="oh_manager.full_time")]))
        else:
            out.subjects.append(S("firm", "full_time", "oh_manager.full_time", "unknown", "eng.staff.full_time_unknown"))
    return out


# ---------------------------------------------------------------------------
# declaration
# ---------------------------------------------------------------------------


def declaration_initial(ctx: Ctx, ob: Any) -> Out:
    if not ctx.has("declarations"):
        return no_table("declarations")
    decl = [d for d in ctx.declarations if d[1] != "cancel"]
    if not decl:
        return Out(status="fail", msg=Msg("eng.decl.none"))
    first = decl[0]
    return Out(status="pass", msg=Msg("eng.decl.first", {"date": iso(first[0])}), evidence=[first[2].loc()])


DEFAULT_CHANGE_KINDS = ["工艺变更", "设备变更", "材料变更", "原料变更", "地址变更", "场所变更", "名称变更",
                        "法定代表人变更", "负责人变更", "检测结果变化"]
DEFAULT_ACCEPT_KINDS = ["竣工验收", "建设项目验收"]


def declaration_changes(ctx: Ctx, ob: Any) -> Out:
    days = int(P(ctx, ob, "days", 15))
    pdays = int(P(ctx, ob, "project_days", 30))
    triggers = [(d, days, "change", k, t, r) for d, k, t, r in ctx.docs(P(ctx, ob, "change_kinds", DEFAULT_CHANGE_KINDS)) if d]
    triggers += [(d, pdays, "project", k, t, r) for d, k, t, r in ctx.docs(P(ctx, ob, "acceptance_kinds", DEFAULT_ACCEPT_KINDS)) if d]
    if not triggers:
        return Out(status="unknown", msg=Msg("eng.decl.no_changes"))
    out = Out()
    filings = [x for x in ctx.declarations if x[1] != "cancel"]
    for d, limit, why, kind, title, rec in sorted(triggers, key=lambda x: (x[0], x[5].row)):
        due = d + dt.timedelta(days=limit)
        sid = f"{kind}@{d.isoformat()}"
        label = title or kind
        hit = next((f for f in filings if d <= f[0] <= due), None)
        if hit:
            out.subjects.append(S("report", sid, label, "pass", "eng.decl.change_ok", evidence=[rec.loc(), hit[2].loc()],
                                  event=label, date=iso(d), filed=iso(hit[0]), days=limit))
        elif ctx.as_of <= due:
            add_due(ctx, due, "declaration", ob, "report", sid, label, "eng.due.decl_change", event=label)
            out.subjects.append(S("report", sid, label, "pass", "eng.decl.change_pending", due=due, evidence=[rec.loc()],
                                  event=label, date=iso(d), due_date=iso(due), days=limit))
        else:
            out.subjects.append(S("report", sid, label, "fail", "eng.decl.change_late", due=due, overdue=late(ctx, due),
                                  evidence=[rec.loc()], event=label, date=iso(d), due_date=iso(due), days=limit))
    return out


def declaration_annual(ctx: Ctx, ob: Any) -> Out:
    lo, hi = int(P(ctx, ob, "min_months", 11)), int(P(ctx, ob, "max_months", 13))
    if not ctx.has("declarations"):
        return no_table("declarations")
    filings = [x for x in ctx.declarations if x[1] != "cancel"]
    if not filings:
        return Out(status="fail", msg=Msg("eng.decl.none"))
    out = Out()
    for prev, cur in zip(filings, filings[1:]):
        opens, closes = add_months(prev[0], lo), add_months(prev[0], hi)
        sid = cur[0].isoformat()
        ev = [prev[2].loc(), cur[2].loc()]
        if cur[0] > closes:
            out.subjects.append(S("report", sid, sid, "fail", "eng.decl.gap_late", due=closes, evidence=ev,
                                  prev=iso(prev[0]), date=iso(cur[0]), months=hi, due_date=iso(closes),
                                  days=(cur[0] - closes).days))
        elif cur[1] == "annual" and prev[1] in ("annual", "initial") and cur[0] < opens:
            out.subjects.append(S("report", sid, sid, "fail", "eng.decl.gap_early", evidence=ev,
                                  prev=iso(prev[0]), date=iso(cur[0]), months=lo, opens=iso(opens)))
        else:
            out.subjects.append(S("report", sid, sid, "pass", "eng.decl.gap_ok", evidence=ev,
                                  prev=iso(prev[0]), date=iso(cur[0])))
    last = filings[-1]
    opens, closes = add_months(last[0], lo), add_months(last[0], hi)
    add_due(ctx, closes, "declaration", ob, "firm", "annual", "", "eng.due.decl_annual", opens=iso(opens))
    if ctx.as_of > closes:
        out.subjects.append(S("firm", "next", "", "fail", "eng.decl.next_late", due=closes, overdue=late(ctx, closes),
                              evidence=[last[2].loc()], last=iso(last[0]), due_date=iso(closes)))
    else:
        out.subjects.append(S("firm", "next", "", "pass", "eng.decl.next_window", due=closes,
                              evidence=[last[2].loc()], last=iso(last[0]), opens=iso(opens), due_date=iso(closes)))
    return out


# ---------------------------------------------------------------------------
# monitoring
# ---------------------------------------------------------------------------

DETECTION = ("periodic", "status_evaluation", "control_effect", None)


def doc_kind(ctx: Ctx, kind: str) -> dict[str, str]:
    """A document kind as a message parameter: {zh, en} from the catalogue (documents.yaml)."""
    f = getattr(ctx.cat, "document_kind_title", None)
    return dict(f(kind)) if f else {"zh": kind, "en": kind}


def post_label(ctx: Ctx, pid: str | None) -> str:
    """A post as every check labels it: "喷漆（P04）" (its name, then its number)."""
    name = next((r.post for r in ctx.post_rows if r.post_id == pid and r.post), None)
    return f"{name}（{pid}）" if name else str(pid or "-")


def _post_hazards(ctx: Ctx) -> list[tuple[str, str, Any]]:
    seen: dict[tuple[str, str], Any] = {}
    for r in ctx.post_rows:
        if r.hazard_id:
            seen.setdefault((r.post_id, r.hazard_id), r)
    return [(p, h, r) for (p, h), r in seen.items()]


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


# ---------------------------------------------------------------------------
# exams
# ---------------------------------------------------------------------------


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


def exam_periodic(ctx: Ctx, ob: Any) -> Out:
    out = Out()
    ok = 0
    ws = ctx.exposed_workers()
    notes: dict[str, None] = {}
    for w in ws:
        exams = [e for e in ctx.exams.get(w.id, []) if e.type in ("pre", "periodic", None)]
        ivs = worker_intervals(ctx, w)
        overdue: list[tuple[str, dt.date]] = []
        unknown: list[str] = []
        dues: list[tuple[dt.date, str]] = []
        last_ev: list[Loc] = []
        for hid, (state, months, _conf, ns) in ivs.items():
            for n in ns:
                notes[n] = None
            if state == "none":
                continue
            if state == "unknown":
                unknown.append(hid)
                continue
            cover = [e for e in exams if e.covers(hid)]
            base = cover[-1].date if cover else w.start
            if base is None:
                unknown.append(hid)
                continue
            if cover:
                last_ev.append(cover[-1].rec.loc())
            due = add_months(base, months)
            dues.append((due, hid))
            if ctx.as_of > due:
                overdue.append((hid, due))
        ev = [wloc(w)] + list(dict.fromkeys(last_ev))
        nxt = min(dues) if dues else None
        if nxt:
            add_due(ctx, nxt[0], "exam", ob, "worker", w.id, w.label, "eng.due.exam",
                    hazards=[ctx.hazard_name(h) for d, h in dues if d == nxt[0]])
        if overdue:
            first = min(d for _, d in overdue)
            out.subjects.append(S("worker", w.id, w.label, "fail", "eng.periodic.overdue", due=first,
                                  overdue=late(ctx, first), evidence=ev,
                                  hazards=[ctx.hazard_name(h) for h, _ in overdue], due_date=iso(first)))
        elif unknown and not dues:
            out.subjects.append(S("worker", w.id, w.label, "unknown", "eng.periodic.no_interval", evidence=ev,
                                  hazards=[ctx.hazard_name(h) for h in unknown]))
        elif nxt:
            ok += 1
            if unknown:
                out.subjects.append(S("worker", w.id, w.label, "unknown", "eng.periodic.no_interval", due=nxt[0],
                                      evidence=ev, hazards=[ctx.hazard_name(h) for h in unknown]))
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


def exam_exit(ctx: Ctx, ob: Any) -> Out:
    before = int(P(ctx, ob, "before_days", 30))
    periodic = int(P(ctx, ob, "periodic_days", 90))
    out = Out()
    for w in ctx.workers:
        if w.leave is None or not w.exposed:
            continue
        if not any(_needs(ctx, h, "exit") for h in w.hazards):
            continue
        exams = ctx.exams.get(w.id, [])
        lo_exit, lo_per = w.leave - dt.timedelta(days=before), w.leave - dt.timedelta(days=periodic)
        ok_exit = [e for e in exams if e.type == "exit" and lo_exit <= e.date <= w.leave]
        ok_per = [e for e in exams if e.type in ("periodic", None) and lo_per <= e.date <= w.leave]
        if ok_exit or ok_per:
            e = (ok_exit or ok_per)[-1]
            out.subjects.append(S("worker", w.id, w.label, "pass", "eng.exit.ok", evidence=[wloc(w), e.rec.loc()],
                                  date=iso(e.date), leave=iso(w.leave), days=(w.leave - e.date).days))
            continue
        if w.leave > ctx.as_of:
            add_due(ctx, w.leave, "exam", ob, "worker", w.id, w.label, "eng.due.exit_exam", leave=iso(w.leave))
            out.subjects.append(S("worker", w.id, w.label, "pass", "eng.exit.pending", due=w.leave, evidence=[wloc(w)],
                                  leave=iso(w.leave), opens=iso(lo_exit)))
            continue
        late_exit = [e for e in exams if e.type == "exit" and e.date > w.leave]
        early = [e for e in exams if e.type == "exit" and e.date < lo_exit]
        if late_exit:
            out.subjects.append(S("worker", w.id, w.label, "fail", "eng.exit.after_leaving",
                                  evidence=[wloc(w), late_exit[0].rec.loc()], date=iso(late_exit[0].date), leave=iso(w.leave)))
        elif early:
            out.subjects.append(S("worker", w.id, w.label, "fail", "eng.exit.too_early",
                                  evidence=[wloc(w), early[-1].rec.loc()], date=iso(early[-1].date), leave=iso(w.leave),
                                  days=before))
        else:
            out.subjects.append(S("worker", w.id, w.label, "fail", "eng.exit.missing", evidence=[wloc(w)],
                                  leave=iso(w.leave), days=before, periodic_days=periodic))
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


# ---------------------------------------------------------------------------
# training
# ---------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------
# notices, PPE, insurance
# ---------------------------------------------------------------------------


def contract_notice(ctx: Ctx, ob: Any) -> Out:
    out = Out()
    ok = 0
    ws = ctx.exposed_workers()
    for w in ws:
        v = w.contract_notice
        d = as_date(v)
        b = True if d else as_bool(v)
        ev = [w.rec.loc("contract_notice")]
        if b:
            ok += 1
            out.subjects.append(S("worker", w.id, w.label, "pass", "eng.contract.ok", evidence=ev, date=iso(d)))
        else:
            out.subjects.append(S("worker", w.id, w.label, "fail", "eng.contract.missing", evidence=ev,
                                  hazards=[ctx.hazard_name(h) for h in w.hazards]))
    ctx.metrics["contract_notice"] = (ok, len(ws))
    if not out.subjects:
        return no_exposed(ctx)
    return out


def signs_and_cards(ctx: Ctx, ob: Any) -> Out:
    out = Out()
    ok = 0
    for pid, rows in ctx.posts.items():
        rows = [r for r in rows if r.hazard_id]
        if not rows:
            continue
        post = rows[0].post
        cards = [r.card_posted for r in rows if r.card_posted]
        signs = any(r.signs_posted for r in rows)
        missing = []
        if not cards:
            missing.append(both(N_("notice card")))
        if not signs:
            missing.append(both(N_("warning signs")))
        else:
            pass
        label = post_label(ctx, pid)
        ev = [rows[0].rec.loc("card_posted" if not cards else "signs_posted")]
        if cards:
            ok += 1
        if missing:
            out.subjects.append(S("post", pid, label, "fail", "eng.signs.missing", evidence=ev, post=post, missing=missing,
                                  serious=any(r.serious for r in rows)))
        else:
            out.subjects.append(S("post", pid, label, "pass", "eng.signs.ok", evidence=ev, post=post, date=iso(max(cards))))
    ctx.metrics["card_coverage"] = (ok, len(out.subjects))
    if not out.subjects:
        out.status, out.msg = ("unknown" if not ctx.has("posts") else "not_applicable"), Msg("eng.signs.no_posts")
    return out


def ppe_issued(ctx: Ctx, ob: Any) -> Out:
    months = int(P(ctx, ob, "months", 12))
    out = Out()
    for w in ctx.exposed_workers():
        recs = ctx.ppe.get(w.id, [])
        if not recs:
            out.subjects.append(S("worker", w.id, w.label, "fail", "eng.ppe.none", evidence=[wloc(w)]))
            continue
        last = recs[-1]
        due = add_months(last[0], months)
        add_due(ctx, due, "ppe", ob, "worker", w.id, w.label, "eng.due.ppe")
        st = "fail" if ctx.as_of > due else "pass"
        out.subjects.append(S("worker", w.id, w.label, st, "eng.ppe.late" if st == "fail" else "eng.ppe.ok", due=due,
                              overdue=late(ctx, due), evidence=[last[1].loc()], date=iso(last[0]), months=months))
    if not out.subjects:
        return no_exposed(ctx)
    return out


def insurance_coverage(ctx: Ctx, ob: Any) -> Out:
    insured = ctx.fact("insurance.insured")
    as_of_ins = ctx.fact("insurance.as_of")
    n_roster = len(ctx.current_workers()) if ctx.has("workers") else None
    hc = ctx.fact("headcount")
    staff = max([x for x in (n_roster, hc if isinstance(hc, int) else None) if x is not None], default=None)
    src = getattr(ctx.ws.profile, "source_file", "enterprise.yaml")
    ev = [Loc(src, column="insurance.insured")]
    if insured is None or staff is None:
        return Out(status="unknown", msg=Msg("eng.ins.unknown"), evidence=ev)
    try:
        insured = int(insured)
    except (TypeError, ValueError):
        return Out(status="unknown", msg=Msg("eng.ins.unknown"), evidence=ev)
    ctx.metrics["insurance_coverage"] = (min(insured, staff), staff)
    if insured >= staff:
        return Out(status="pass", msg=Msg("eng.ins.ok", {"insured": insured, "staff": staff, "date": iso(as_date(as_of_ins))}),
                   evidence=ev)
    return Out(status="fail", msg=Msg("eng.ins.short", {"insured": insured, "staff": staff, "missing": staff - insured,
                                                          "date": iso(as_date(as_of_ins))}), evidence=ev)


# ---------------------------------------------------------------------------
# women, minors, radiation
# ---------------------------------------------------------------------------


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


def manual(ctx: Ctx, ob: Any) -> Out:
    return Out(status="unknown", msg=Msg("eng.manual.ask"))


CHECKS: dict[str, Callable[[Ctx, Any], Out]] = {
    f.__name__: f for f in (
        document_present, oh_staffing, declaration_initial, declaration_changes, declaration_annual,
        monitoring_periodic, status_evaluation, results_published, over_limit_followup, daily_monitoring,
        high_toxic_monitoring, emergency_plan, exam_pre_employment, exam_periodic, exam_exit, exam_notified,
        contraindication_placement, suspected_od_followup, training_managers, training_workers,
        training_serious_before_start, contract_notice, signs_and_cards, ppe_issued, insurance_coverage,
        special_status_posts, minors_posts, minors_exams, radiation_dose, radiation_exams, manual,
    )
}
