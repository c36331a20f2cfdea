"""Which results may say 不符合: the rule behind a failure must be national (or a local rule of the
firm's own region) and rest on a value with a primary source.

``settle(ctx, ob, run, out)`` takes a check's output and turns every failure that rests only on
an unconfirmed value, or on a local rule the firm's region is not known to have, into the status
``unconfirmed`` (shown as "rule unconfirmed": advice, never counted as not met). It is applied to
every check by ``engine.core``; checks need not know about it.

* Local rules: an obligation with ``scope: {level: local, regions: [...]}`` decides 不符合 only
  when enterprise.yaml's ``region`` names one of the regions listed (each listed with a source).
* Unconfirmed check parameters (``check.unconfirmed_params``): the check is run once more with
  every such parameter at its most lenient value (``lenient``: 0 for minimums and hours, a very
  large value for periods, windows and maximums). A subject that still fails fails whatever the
  value is — on the law alone — and stays ``fail``; a subject that passes then failed only because
  of the unconfirmed value: ``unconfirmed``.
* An obligation with no confirmed legal basis at all: every failure is ``unconfirmed``.
* A check may itself mark a subject ``unconfirmed`` (e.g. an exam interval with no primary
  source); the finding aggregates it the same way.

Notes added to ``Finding.unconfirmed``: ``local:<zh regions>|<en regions>`` and
``decided_by:<obligation id>`` (render through ``render.jsonout.unconfirmed_msg``).
"""
from __future__ import annotations

import dataclasses
from typing import Any, Callable

UNCONFIRMED = "unconfirmed"
_BIG = {"hours": 10_000, "days": 36_500, "months": 1_200}


def _big(name: str) -> int:
    for k, v in _BIG.items():
        if k in name:
            return v
    return 1_200


def lenient(name: str) -> int:
    """A parameter's most lenient value: 0 for a minimum or for hours (nothing required), a very
    large value for a period, a window or a maximum (``months``, ``days``, ``max_days`` …)."""
    return 0 if name.startswith("min_") or "hours" in name else _big(name)


def no_confirmed_basis(ob: Any) -> bool:
    return bool(ob.basis) and not any(b.confidence == "confirmed" for b in ob.basis)


def local_elsewhere(ob: Any, region: Any) -> bool:
    """A local rule and the firm's region is not one known to have it (or is not given)."""
    scope = getattr(ob, "scope", None)
    return bool(scope is not None and scope.local and scope.region_of(region) is None)


def local_note(ob: Any) -> str:
    zh = "、".join(r.names[0] for r in ob.scope.regions) or "—"
    en = ", ".join(r.en or r.names[0] for r in ob.scope.regions) or "-"
    return f"local:{zh}|{en}"


def _failing(out: Any) -> tuple[bool, set[tuple[str, str]]]:
    whole = out.status == "fail"
    return whole, {(s.kind, s.id) for s in out.subjects if s.status == "fail"}


def _demote(out: Any, keep: set[tuple[str, str]], keep_whole: bool, note: str) -> Any:
    changed = False
    subs = []
    for s in out.subjects:
        if s.status == "fail" and (s.kind, s.id) not in keep:
            s = dataclasses.replace(s, status=UNCONFIRMED)
            changed = True
        subs.append(s)
    out.subjects = subs
    if out.status == "fail" and not keep_whole:
        out.status = UNCONFIRMED
        changed = True
    if changed and note not in out.unconfirmed:
        out.unconfirmed.append(note)
    return out


def settle(ctx: Any, ob: Any, run: Callable[[Any, Any], Any], out: Any) -> Any:
    """``out`` with failures that rest on an unconfirmed value or another region's rule demoted."""
    whole, fails = _failing(out)
    if not whole and not fails:
        return out
    if local_elsewhere(ob, ctx.fact("region")):
        return _demote(out, set(), False, local_note(ob))
    if no_confirmed_basis(ob):
        return _demote(out, set(), False, f"decided_by:{ob.id}")
    params = [p for p in ob.check.unconfirmed_params if isinstance(ob.check.params.get(p), (int, float))]
    if not params:
        return out
    alt = dict(ob.check.params)
    alt.update({p: lenient(p) for p in params})
    ob2 = dataclasses.replace(ob, check=dataclasses.replace(ob.check, params=alt))
    due_len, metrics = len(ctx.due), dict(ctx.metrics)
    try:
        keep_whole, f = _failing(run(ctx, ob2))
        keep = fails & f
        keep_whole = keep_whole and whole
    except Exception:  # noqa: BLE001 - a check that cannot run at the extreme: cannot tell, so no 不符合
        keep, keep_whole = set(), False
    finally:
        del ctx.due[due_len:]   # the extra run leaves no due items or metrics behind
        ctx.metrics.clear()
        ctx.metrics.update(metrics)
    return _demote(out, keep, keep_whole, f"decided_by:{ob.id}")
