"""Hazard-project declaration: first filing, changes, yearly update."""
from __future__ import annotations

import datetime as dt
from typing import Any

from ohkit.engine.checks.base import add_due, iso, late, no_table, Out, P, S
from ohkit.engine.context import Ctx
from ohkit.engine.util import add_months
from ohkit.model import Msg


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
