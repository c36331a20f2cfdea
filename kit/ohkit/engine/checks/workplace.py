"""Contracts' hazard notice, warning signs and cards, PPE, injury insurance."""
from __future__ import annotations

from typing import Any

from ohkit.engine.checks.base import add_due, iso, late, no_exposed, Out, P, post_label, S, wloc
from ohkit.engine.context import Ctx
from ohkit.engine.util import add_months, as_bool, as_date, both
from ohkit.i18n import N_
from ohkit.model import Loc, Msg


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
        serious = any(r.serious for r in rows)
        if missing and serious:
            # 职业病防治法 第二十四条第二款: a post marked 严重危害岗位 needs warning signs and a Chinese
            # warning description (the notice card) at the post itself, whatever the firm's class.
            out.subjects.append(S("post", pid, label, "fail", "eng.signs.serious_missing", evidence=ev, post=post,
                                  missing=missing))
        elif missing:
            out.subjects.append(S("post", pid, label, "fail", "eng.signs.missing", evidence=ev, post=post, missing=missing,
                                  serious=serious))
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
