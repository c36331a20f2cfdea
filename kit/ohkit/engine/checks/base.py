"""Shared pieces of the checks: the ``Out`` result, subject/due helpers, labels."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ohkit.engine.context import Ctx, Worker
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


def manual(ctx: Ctx, ob: Any) -> Out:
    return Out(status="unknown", msg=Msg("eng.manual.ask"))
