"""Documents and the occupational-health organisation (manager, body)."""
from __future__ import annotations

from typing import Any

from ohkit.engine.checks.base import add_due, doc_kind, iso, late, no_table, Out, P, S
from ohkit.engine.context import Ctx
from ohkit.engine.util import add_months, as_bool
from ohkit.model import Loc, Msg


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
        out.subjects.append(S("firm", "oh_manager", "", "fail", "eng.staff.no_manager",
                              evidence=[Loc(src.file, column="oh_manager")]))
    if need_full is None:
        out.subjects.append(S("firm", "need_full", "", "unknown", "eng.staff.need_unknown"))
    elif need_full:
        if body:
            out.subjects.append(S("firm", "oh_body", str(body), "pass", "eng.staff.body", name=str(body),
                                  evidence=[Loc(src.file, column="oh_body")]))
        else:
            out.subjects.append(S("firm", "oh_body", "", "fail", "eng.staff.no_body",
                                  evidence=[Loc(src.file, column="oh_body")]))
        if full is True:
            out.subjects.append(S("firm", "full_time", "", "pass", "eng.staff.full_time"))
        elif full is False:
            out.subjects.append(S("firm", "full_time", "", "fail", "eng.staff.part_time",
                                  evidence=[Loc(src.file, column="oh_manager.full_time")]))
        else:
            out.subjects.append(S("firm", "full_time", "", "unknown", "eng.staff.full_time_unknown"))
    return out
