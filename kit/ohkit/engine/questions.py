"""Which walk-through questions are still open for a workspace: the firm facts the records
and enterprise.yaml do not give (profile questions), then the duties the records cannot show
(obligation questions). `ohkit assess` asks them on a terminal; the guide's 在线自查 page shows
them as a form. Both answer into answers.yaml."""
from __future__ import annotations

from typing import Any, Iterable


def fact_known(ws: Any, key: str) -> bool:
    """A profile fact (``hazard_class``, ``oh_manager.full_time``) is in enterprise.yaml or answered."""
    obj: Any = ws.profile
    for part in key.split("."):
        obj = getattr(obj, part, None) if obj is not None else None
    return obj is not None or key in (ws.answers or {})


def open_profile_questions(ws: Any, flags: dict[str, Any], cat: Any) -> list[Any]:
    """Profile questions not answered yet whose flags are not false, in the catalogue's order."""
    return [q for q in sorted(cat.profile_questions, key=lambda q: q.order)
            if not fact_known(ws, q.id) and all(flags.get(f) is not False for f in q.ask_when)]


def open_obligation_questions(ws: Any, assessment: Any, cat: Any, answered: Iterable[str] = ()) -> list[Any]:
    """Obligations the records cannot decide (status unknown) that have a question and no answer."""
    skip = set(ws.answers or {}) | set(answered)
    out = []
    for f in assessment.findings:
        if f.status != "unknown" or f.obligation_id in skip:
            continue
        try:
            ob = cat.obligation(f.obligation_id)
        except KeyError:
            continue
        if ob.question is not None:
            out.append(ob)
    return out
