"""The comparison with the last self-check (``ohkit.engine.compare``) as text, JSON and the
report page "与上次自查相比"; and the portfolio comparison as text and JSON.

Reads only the comparison dataclasses and catalogue texts; formats, never recomputes.
"""
from __future__ import annotations

from typing import Any

from ohkit.i18n import N_, Translator
from ohkit.render import texts
from ohkit.render.terminal import METRIC_NAMES

BUCKET_NAMES = {"met": N_("met"), "not_met": N_("not met"), "unknown": N_("cannot tell"),
                "not_applicable": N_("not applicable"), None: N_("not in the catalogue")}
MOVE_NAMES = {"improved": N_("Improved"), "fell_behind": N_("Fell behind"), "unchanged": N_("Unchanged"),
              "new": N_("New firm"), "gone": N_("No longer in the folder"), "unreadable": N_("Could not be read")}
DUTIES_RATE = N_("Applicable duties met")


def rate_name(tr: Translator, rid: str) -> str:
    if rid == "duties":
        return tr.gettext(DUTIES_RATE)
    from ohkit.render import texts

    rate = texts.catalogue().rate(rid) if hasattr(texts.catalogue(), "rate") else None   # rates.yaml names first
    if rate is not None:
        return tr.pick(rate.name)
    return tr.gettext(METRIC_NAMES[rid]) if rid in METRIC_NAMES else rid


def _bucket(tr: Translator, b: str | None) -> str:
    return tr.gettext(BUCKET_NAMES.get(b, b or ""))


def _duty(tr: Translator, c: Any) -> dict[str, Any]:
    return {"obligation_id": c.obligation_id, "area": c.area, "severity": c.severity,
            "title": texts.obligation_title(tr, c.obligation_id), "then": c.then, "now": c.now,
            "then_text": _bucket(tr, c.then), "now_text": _bucket(tr, c.now),
            "since": c.since.isoformat() if c.since else None, "days": c.days}


def _rate(tr: Translator, r: Any) -> dict[str, Any]:
    return {"id": r.id, "name": rate_name(tr, r.id), "then": r.then, "now": r.now, "delta": r.delta,
            "then_numerator": r.then_num, "then_denominator": r.then_den, "now_numerator": r.now_num,
            "now_denominator": r.now_den, "target": r.target,
            "then_text": texts.pct(r.then), "now_text": texts.pct(r.now)}


def comparison_notes(c: Any, tr: Translator) -> list[str]:
    """Sentences that qualify the comparison (other firm, changed rules)."""
    out = []
    if not c.same_firm:
        out.append(tr.gettext("The earlier file names a different firm: check that it is this firm's assessment."))
    if c.ruleset_changed:
        out.append(tr.gettext("The obligation catalogue changed from ruleset {then} to {now}.").format(
            then=c.then_ruleset or "—", now=c.now_ruleset or "—"))
    if c.rules_unknown:
        out.append(tr.gettext("The earlier file does not record which rules it used, so a change below may come "
                              "from the new rules rather than from the records."))
    if c.rule_changed or c.rules_added or c.rules_removed or c.rules_changed_all:
        out.append(tr.gettext("Duties whose rule changed are listed apart: their new status is not progress "
                              "or decline of the firm."))
    if c.hazard_rules_changed:
        out.append(tr.gettext("The hazard reference data (exam intervals, limits, prohibitions) changed too."))
    return out


def comparison_to_dict(c: Any, tr: Translator, previous: str | None = None) -> dict[str, Any]:
    return {
        "previous_file": previous, "then": c.then_as_of.isoformat(), "now": c.now_as_of.isoformat(),
        "then_ruleset": c.then_ruleset, "now_ruleset": c.now_ruleset, "ruleset_changed": c.ruleset_changed,
        "rules_unknown": c.rules_unknown, "same_firm": c.same_firm,
        "newly_met": [_duty(tr, x) for x in c.newly_met],
        "newly_not_met": [_duty(tr, x) for x in c.newly_not_met],
        "still_not_met": [_duty(tr, x) for x in c.still_not_met],
        "no_longer_shown": [_duty(tr, x) for x in c.no_longer_shown],
        "rule_changed": [_duty(tr, x) for x in c.rule_changed],
        "rules_added": list(c.rules_added), "rules_removed": list(c.rules_removed),
        "rules_changed_all": list(c.rules_changed_all),
        "hazard_rules_changed": c.hazard_rules_changed,
        "rates": [_rate(tr, r) for r in c.rates],
        "totals_then": dict(c.totals_then), "totals_now": dict(c.totals_now),
        "notes": comparison_notes(c, tr),
    }


def render_text(c: Any, tr: Translator, previous: str | None = None) -> str:
    """The short form `ohkit assess --since` prints."""
    lines = ["", tr.gettext("Compared with the self-check of {then}").format(then=tr.date(c.then_as_of))
             + (f" ({previous})" if previous else "")]
    lines += ["  " + n for n in comparison_notes(c, tr)]

    def block(title: str, items: Any, extra: Any = None) -> None:
        if not items:
            return
        lines.append(f"{title} ({len(items)}):")
        for x in items:
            line = f"  {x.obligation_id} {texts.obligation_title(tr, x.obligation_id)}"
            if extra:
                line += extra(x)
            lines.append(line)

    block(tr.gettext("Newly met"), c.newly_met)
    block(tr.gettext("Newly not met"), c.newly_not_met, lambda x: " — " + tr.gettext("was {then}").format(
        then=_bucket(tr, x.then)))
    block(tr.gettext("Still not met"), c.still_not_met, lambda x: " — " + tr.gettext(
        "not met since {since} at the latest ({days} days)").format(since=tr.date(x.since), days=x.days))
    block(tr.gettext("Met before, cannot tell now (records missing)"), c.no_longer_shown)
    block(tr.gettext("Rule changed (not the firm's progress)"), c.rule_changed,
          lambda x: f" — {_bucket(tr, x.then)} → {_bucket(tr, x.now)}")
    if c.rules_changed_all:
        lines.append(tr.gettext("Rules changed in the catalogue: {ids}").format(ids=", ".join(c.rules_changed_all)))
    if c.rules_added:
        lines.append(tr.gettext("New duties in the catalogue: {ids}").format(ids=", ".join(c.rules_added)))
    if c.rules_removed:
        lines.append(tr.gettext("Duties no longer in the catalogue: {ids}").format(ids=", ".join(c.rules_removed)))
    if not (c.newly_met or c.newly_not_met or c.still_not_met or c.no_longer_shown or c.rule_changed):
        lines.append(tr.gettext("No duty changed status."))
    lines.append(tr.gettext("Rates then → now:"))
    for r in c.rates:
        if r.then is None and r.now is None:
            continue
        lines.append(f"  {rate_name(tr, r.id)}: {texts.pct(r.then)} → {texts.pct(r.now)}")
    return "\n".join(lines) + "\n"


def report_page(c: Any, tr: Translator, previous: str | None = None) -> dict[str, Any]:
    """Context for the report's page "与上次自查相比" (template block ``comparison``)."""
    d = comparison_to_dict(c, tr, previous)
    d["then_text"], d["now_text"] = tr.date(c.then_as_of), tr.date(c.now_as_of)
    d["rates"] = [r for r in d["rates"] if r["then"] is not None or r["now"] is not None]
    for r in d["rates"]:
        r["delta_text"] = "" if r["delta"] is None else f"{r['delta'] * 100:+.1f}"
    return d


# ---------------------------------------------------------------------------
# Portfolio
# ---------------------------------------------------------------------------


def _move(tr: Translator, m: Any) -> dict[str, Any]:
    return {"folder": m.folder, "name": m.name, "movement": m.movement,
            "movement_text": tr.gettext(MOVE_NAMES[m.movement]),
            "then_met": m.then_met, "then_applicable": m.then_applicable, "now_met": m.now_met,
            "now_applicable": m.now_applicable, "then_rate": m.then_rate, "now_rate": m.now_rate,
            "then_not_met": m.then_not_met, "now_not_met": m.now_not_met,
            "then_overdue": m.then_overdue, "now_overdue": m.now_overdue,
            "then_grade": m.then_grade, "now_grade": m.now_grade}


def portfolio_comparison_to_dict(p: Any, tr: Translator, previous: str | None = None) -> dict[str, Any]:
    return {"previous_file": previous, "then": p.then_as_of.isoformat(), "now": p.now_as_of.isoformat(),
            "then_ruleset": p.then_ruleset, "now_ruleset": p.now_ruleset, "ruleset_changed": p.ruleset_changed,
            "totals": dict(p.totals), "firms": [_move(tr, m) for m in p.firms],
            "rates": [_rate(tr, r) for r in p.rates]}


def render_portfolio_text(p: Any, tr: Translator, previous: str | None = None) -> str:
    from ohkit.render.mask import mask_ids

    lines = ["", tr.gettext("Compared with the portfolio of {then}").format(then=tr.date(p.then_as_of))
             + (f" ({previous})" if previous else "")]
    if p.ruleset_changed:
        lines.append("  " + tr.gettext("The obligation catalogue changed from ruleset {then} to {now}: part of "
                                       "the movement may come from the new rules.").format(
            then=p.then_ruleset or "—", now=p.now_ruleset or "—"))
    t = p.totals
    lines.append(tr.gettext("{improved} improved, {fell} fell behind, {same} unchanged, {new} new, {gone} gone.").format(
        improved=t.get("improved", 0), fell=t.get("fell_behind", 0), same=t.get("unchanged", 0),
        new=t.get("new", 0), gone=t.get("gone", 0)))
    for m in p.firms:
        if m.movement == "unchanged":
            continue
        lines.append(f"  {tr.gettext(MOVE_NAMES[m.movement])}: {mask_ids(m.name)} ({m.folder}) "
                     f"{texts.pct(m.then_rate)} → {texts.pct(m.now_rate)}")
    lines.append(tr.gettext("Rates then → now:"))
    for r in p.rates:
        if r.then is None and r.now is None:
            continue
        lines.append(f"  {rate_name(tr, r.id)}: {texts.pct(r.then)} → {texts.pct(r.now)}")
    return "\n".join(lines) + "\n"


# Texts of the template compare_page.html.j2 (listed here so that extraction and the
# translation test see them).
TEMPLATE_TEXTS = (
    N_("Compared with the last self-check"),
    N_("Earlier self-check of {then} (ruleset {then_ruleset}) → this one of {now} (ruleset {now_ruleset})."),
    N_("File"), N_("Rates then → now"), N_("Then"), N_("Now"), N_("Change (points)"), N_("Then → now"),
    N_("Not met since"), N_("{n} days"), N_("Rules changed in the catalogue: {ids}"), N_("Rate"), N_("Obligation"), N_("Requirement"), N_("Severity"),
)
