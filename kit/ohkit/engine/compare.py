"""What changed since the last self-check: two assessments (or two portfolios) compared.

Pure functions over the JSON forms the outputs already write, so a saved file from last
year is enough:

    from ohkit.engine.compare import compare_assessments, compare_portfolios
    c = compare_assessments(previous_dict, current_dict)   # both ``render.jsonout.assessment_to_dict``
    p = compare_portfolios(previous_dict, current_dict)    # both ``render.portfolio.portfolio_to_dict``

A duty whose rule changed between the two catalogues (its per-obligation fingerprint in the
JSON's ``rules`` differs, or it was added or removed) is listed as a rule change, never as the
firm's progress. Without fingerprints in the older file and with a different ruleset, every
change carries the caveat ``rules_unknown``. No text is formatted here (``render.compare`` does).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Mapping

BUCKETS = ("met", "not_met", "unknown", "not_applicable")


@dataclass(frozen=True)
class DutyChange:
    """One obligation then → now (buckets as ``render.jsonout.bucket``: met / not_met / unknown /
    not_applicable; ``None`` when the obligation did not exist in that catalogue)."""

    obligation_id: str
    area: str
    severity: str
    then: str | None
    now: str | None
    since: dt.date | None = None  # still not met: not met at least since this date
    days: int | None = None       # … that is this many days before the current assessment


@dataclass(frozen=True)
class RateChange:
    id: str  # a metric id, or "duties" (applicable duties met)
    then_num: int | None
    then_den: int | None
    now_num: int | None
    now_den: int | None
    target: float | None = None

    @staticmethod
    def _v(n: int | None, d: int | None) -> float | None:
        return None if not d or n is None else n / d

    @property
    def then(self) -> float | None:
        return self._v(self.then_num, self.then_den)

    @property
    def now(self) -> float | None:
        return self._v(self.now_num, self.now_den)

    @property
    def delta(self) -> float | None:
        return None if self.then is None or self.now is None else self.now - self.then


@dataclass(frozen=True)
class Comparison:
    then_as_of: dt.date
    now_as_of: dt.date
    then_ruleset: str | None
    now_ruleset: str | None
    same_firm: bool  # False when name and credit code both differ (wrong file?)
    rules_unknown: bool  # rulesets differ and the older file has no rule fingerprints
    newly_met: tuple[DutyChange, ...] = ()
    newly_not_met: tuple[DutyChange, ...] = ()
    still_not_met: tuple[DutyChange, ...] = ()
    no_longer_shown: tuple[DutyChange, ...] = ()  # met then, cannot tell now (records missing)
    rule_changed: tuple[DutyChange, ...] = ()      # the rule itself changed: not progress
    rules_added: tuple[str, ...] = ()
    rules_removed: tuple[str, ...] = ()
    rules_changed_all: tuple[str, ...] = ()  # every obligation whose rule changed, status moved or not
    hazard_rules_changed: bool = False
    rates: tuple[RateChange, ...] = ()
    totals_then: Mapping[str, int] = field(default_factory=dict)
    totals_now: Mapping[str, int] = field(default_factory=dict)

    @property
    def ruleset_changed(self) -> bool:
        return self.then_ruleset != self.now_ruleset


def _date(s: Any) -> dt.date | None:
    if isinstance(s, dt.date):
        return s
    try:
        return dt.date.fromisoformat(str(s)[:10])
    except (TypeError, ValueError):
        return None


def finding_bucket(f: Mapping[str, Any]) -> str:
    """The summary bucket of one finding of an assessment dict (as ``jsonout.bucket``)."""
    if f.get("status") == "not_applicable":
        return "not_applicable"
    m = f.get("met")
    return "met" if m is True else "not_met" if m is False else "unknown"


def _totals(findings: Mapping[str, Mapping[str, Any]]) -> dict[str, int]:
    t = {b: 0 for b in BUCKETS}
    for f in findings.values():
        t[finding_bucket(f)] += 1
    return t


def _rules(d: Mapping[str, Any]) -> Mapping[str, str] | None:
    r = d.get("rules")
    if isinstance(r, Mapping) and isinstance(r.get("obligations"), Mapping):
        return r["obligations"]
    return None


def same_firm(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """False when both name the firm (credit code or name) and neither matches."""
    fa, fb = a.get("firm") or {}, b.get("firm") or {}
    keys = [k for k in ("credit_code", "name") if fa.get(k) and fb.get(k)]
    return not keys or any(fa.get(k) == fb.get(k) for k in keys)


def _duties_rate(t: Mapping[str, int]) -> tuple[int, int]:
    return t.get("met", 0), t.get("met", 0) + t.get("not_met", 0) + t.get("unknown", 0)


def compare_assessments(then: Mapping[str, Any], now: Mapping[str, Any]) -> Comparison:
    """``then`` and ``now`` are ``assessment_to_dict`` outputs (then = the earlier one)."""
    t_as_of, n_as_of = _date(then.get("as_of")), _date(now.get("as_of"))
    if t_as_of is None or n_as_of is None:
        raise ValueError("not an ohkit assessment: no as_of date")
    tf = {f["obligation_id"]: f for f in then.get("findings") or () if "obligation_id" in f}
    nf = {f["obligation_id"]: f for f in now.get("findings") or () if "obligation_id" in f}
    tr_, nr_ = _rules(then), _rules(now)
    t_set, n_set = then.get("ruleset_version"), now.get("ruleset_version")
    rules_unknown = t_set != n_set and (tr_ is None or nr_ is None)
    hz_changed = bool(tr_ is not None and nr_ is not None
                      and (then.get("rules") or {}).get("hazards") != (now.get("rules") or {}).get("hazards"))

    def rule_changed(oid: str) -> bool:
        if tr_ is None or nr_ is None:
            return False
        return tr_.get(oid) != nr_.get(oid)

    groups: dict[str, list[DutyChange]] = {k: [] for k in ("met", "not_met", "still", "gone", "rule")}
    for oid, f in nf.items():
        if oid not in tf:
            continue
        b0, b1 = finding_bucket(tf[oid]), finding_bucket(f)
        if rule_changed(oid):
            if b0 != b1:
                groups["rule"].append(DutyChange(oid, f.get("area", ""), f.get("severity", ""), b0, b1))
            continue
        if b1 == "met" and b0 in ("not_met", "unknown"):
            groups["met"].append(DutyChange(oid, f.get("area", ""), f.get("severity", ""), b0, b1))
        elif b1 == "not_met" and b0 != "not_met":
            groups["not_met"].append(DutyChange(oid, f.get("area", ""), f.get("severity", ""), b0, b1))
        elif b1 == "not_met" and b0 == "not_met":
            # not met at both dates: at least since the earlier check, or since the duty fell due
            dues = [d for d in (_date(tf[oid].get("due")), _date(f.get("due"))) if d and d <= t_as_of]
            since = min([t_as_of, *dues])
            groups["still"].append(DutyChange(oid, f.get("area", ""), f.get("severity", ""), b0, b1,
                                              since, (n_as_of - since).days))
        elif b1 == "unknown" and b0 == "met":
            groups["gone"].append(DutyChange(oid, f.get("area", ""), f.get("severity", ""), b0, b1))
    sev = {"high": 0, "medium": 1, "low": 2}
    order = {oid: i for i, oid in enumerate(nf)}

    def srt(xs: list[DutyChange]) -> tuple[DutyChange, ...]:
        return tuple(sorted(xs, key=lambda c: (sev.get(c.severity, 3), order.get(c.obligation_id, 0))))

    tt, nt = _totals(tf), _totals(nf)
    rates = [RateChange("duties", *_duties_rate(tt), *_duties_rate(nt))]
    tm = {m["id"]: m for m in then.get("metrics") or () if "id" in m}
    for m in now.get("metrics") or ():
        p = tm.get(m.get("id"), {})
        rates.append(RateChange(m["id"], p.get("numerator"), p.get("denominator"), m.get("numerator"),
                                m.get("denominator"), m.get("target")))
    return Comparison(
        then_as_of=t_as_of, now_as_of=n_as_of, then_ruleset=t_set, now_ruleset=n_set,
        same_firm=same_firm(then, now), rules_unknown=rules_unknown,
        newly_met=srt(groups["met"]), newly_not_met=srt(groups["not_met"]),
        still_not_met=tuple(sorted(groups["still"], key=lambda c: (c.since or n_as_of, sev.get(c.severity, 3),
                                                                   order.get(c.obligation_id, 0)))),
        no_longer_shown=srt(groups["gone"]), rule_changed=srt(groups["rule"]),
        rules_added=tuple(oid for oid in nf if oid not in tf), rules_removed=tuple(oid for oid in tf if oid not in nf),
        rules_changed_all=tuple(oid for oid in nf if oid in tf and rule_changed(oid)),
        hazard_rules_changed=hz_changed, rates=tuple(rates), totals_then=tt, totals_now=nt,
    )


# ---------------------------------------------------------------------------
# Portfolios
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FirmMove:
    folder: str
    name: str
    movement: str  # improved / fell_behind / unchanged / new / gone / unreadable
    then_met: int | None
    then_applicable: int | None
    now_met: int | None
    now_applicable: int | None
    then_not_met: int | None
    now_not_met: int | None
    then_overdue: int | None
    now_overdue: int | None
    then_grade: str | None
    now_grade: str | None

    @property
    def then_rate(self) -> float | None:
        return None if not self.then_applicable or self.then_met is None else self.then_met / self.then_applicable

    @property
    def now_rate(self) -> float | None:
        return None if not self.now_applicable or self.now_met is None else self.now_met / self.now_applicable


@dataclass(frozen=True)
class PortfolioComparison:
    then_as_of: dt.date
    now_as_of: dt.date
    then_ruleset: str | None
    now_ruleset: str | None
    firms: tuple[FirmMove, ...]
    rates: tuple[RateChange, ...]
    totals: Mapping[str, int]  # movement -> number of firms

    @property
    def ruleset_changed(self) -> bool:
        return self.then_ruleset != self.now_ruleset


GRADE_RANK = {"fail": 0, "basic": 1, "none": 2, "pass": 3}
MOVES = ("improved", "fell_behind", "unchanged", "new", "gone", "unreadable")


def _movement(p: Mapping[str, Any] | None, c: Mapping[str, Any] | None) -> str:
    if p is None:
        return "new"
    if c is None:
        return "gone"
    if not c.get("readable", True) or not p.get("readable", True):
        return "unreadable"
    pg, cg = p.get("grade") or {}, c.get("grade") or {}
    pr = pg.get("met", 0) / pg["applicable"] if pg.get("applicable") else None
    cr = cg.get("met", 0) / cg["applicable"] if cg.get("applicable") else None
    score = 0
    gr0, gr1 = GRADE_RANK.get(pg.get("level"), -1), GRADE_RANK.get(cg.get("level"), -1)
    if gr1 != gr0:
        score = 1 if gr1 > gr0 else -1
    elif pr is not None and cr is not None and abs(cr - pr) > 1e-9:
        score = 1 if cr > pr else -1
    else:
        o0, o1 = p.get("overdue", 0), c.get("overdue", 0)
        if o1 != o0:
            score = 1 if o1 < o0 else -1
    return "improved" if score > 0 else "fell_behind" if score < 0 else "unchanged"


def compare_portfolios(then: Mapping[str, Any], now: Mapping[str, Any]) -> PortfolioComparison:
    """``then`` and ``now`` are ``portfolio_to_dict`` outputs; firms are matched by folder."""
    t_as_of, n_as_of = _date(then.get("as_of")), _date(now.get("as_of"))
    if t_as_of is None or n_as_of is None or not isinstance(then.get("firms"), list):
        raise ValueError("not an ohkit portfolio: no as_of date or firms")
    tf = {f.get("folder"): f for f in then.get("firms") or ()}
    nf = {f.get("folder"): f for f in now.get("firms") or ()}
    moves = []
    for key in list(nf) + [k for k in tf if k not in nf]:
        p, c = tf.get(key), nf.get(key)
        pg, cg = (p or {}).get("grade") or {}, (c or {}).get("grade") or {}
        moves.append(FirmMove(
            folder=str(key), name=(c or p or {}).get("name") or str(key), movement=_movement(p, c),
            then_met=pg.get("met"), then_applicable=pg.get("applicable"),
            now_met=cg.get("met"), now_applicable=cg.get("applicable"),
            then_not_met=((p or {}).get("counts") or {}).get("not_met") if p else None,
            now_not_met=((c or {}).get("counts") or {}).get("not_met") if c else None,
            then_overdue=p.get("overdue") if p else None, now_overdue=c.get("overdue") if c else None,
            then_grade=pg.get("level"), now_grade=cg.get("level")))
    rank = {m: i for i, m in enumerate(("fell_behind", "improved", "new", "gone", "unreadable", "unchanged"))}
    moves.sort(key=lambda m: (rank[m.movement], m.folder))
    tm = {m["id"]: m for m in then.get("metrics") or () if "id" in m}
    rates = [RateChange("duties", sum(m.then_met or 0 for m in moves), sum(m.then_applicable or 0 for m in moves),
                        sum(m.now_met or 0 for m in moves), sum(m.now_applicable or 0 for m in moves))]
    for m in now.get("metrics") or ():
        p = tm.get(m.get("id"), {})
        rates.append(RateChange(m["id"], p.get("numerator"), p.get("denominator"), m.get("numerator"),
                                m.get("denominator"), m.get("target")))
    totals = {k: sum(1 for m in moves if m.movement == k) for k in MOVES}
    return PortfolioComparison(t_as_of, n_as_of, then.get("ruleset_version"), now.get("ruleset_version"),
                               tuple(moves), tuple(rates), totals)
