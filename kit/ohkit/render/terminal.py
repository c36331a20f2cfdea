"""The text summary `ohkit assess` prints: totals and a line per area, the duties not met
with the workers or rows concerned and what to do, what could not be told, and the
nearest due dates. Reads only the Assessment (and catalogue texts)."""
from __future__ import annotations

from typing import Any

from ohkit.i18n import N_
from ohkit.render.jsonout import area_summary, bucket, totals, unconfirmed_msg

SEVERITY = {"high": N_("high"), "medium": N_("medium"), "low": N_("low")}
# ohkit's own figures; the authority rates take their names from the catalogue (rates.yaml)
METRIC_NAMES = {
    "declaration": N_("Hazard declaration rate"), "testing_coverage": N_("Testing coverage"),
    "training_workers": N_("Training rate, exposed workers"), "card_coverage": N_("Notice card coverage"),
    "contract_notice": N_("Contract notice coverage"), "insurance_coverage": N_("Insurance coverage"),
}
SEV_ORDER = {"high": 0, "medium": 1, "low": 2}


def _title(catalogue: Any, oid: str, tr: Any, what: str = "title") -> str:
    if catalogue is None:
        return ""
    try:
        ob = catalogue.obligation(oid)
    except KeyError:
        return ""
    v = getattr(ob, what, None)
    return tr.pick(v) if v else ""


def _area_name(catalogue: Any, area: str, tr: Any) -> str:
    """"组织机构和人员 ORG": the catalogue's name for the area, then its key."""
    title = tr.pick(catalogue.area_title(area)) if catalogue is not None else ""
    return f"{title} {area}" if title and title != area else area


def _width(s: str) -> int:
    """Terminal columns: wide (CJK) characters take two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x * 100:.0f}%"


def unread_lines(unread: Any, tr: Any) -> list[str]:
    """One line per record file that could not be read: where, what, and the fix."""
    lines = []
    for p in unread:
        lines.append(f"  {p.loc}  {tr.msg(p.msg)}")
        if p.fix is not None:
            lines.append("      → " + tr.msg(p.fix))
    return lines


def render_summary(a: Any, tr: Any, catalogue: Any = None, *, max_subjects: int = 8, max_due: int = 10,
                   max_unknown: int = 30) -> str:
    g = tr.gettext
    lines: list[str] = []
    firm = a.firm.name or ""
    lines.append(g("Self-assessment of {firm} on {date}").format(firm=firm, date=a.as_of.isoformat()))
    lines.append(g("Ruleset {ruleset} · exam standard {standard} · ohkit {version}").format(
        ruleset=a.ruleset_version, standard=a.exam_standard, version=a.ohkit_version))
    hc = dict(getattr(a, "hazard_class", None) or {})
    ind = hc.get("industry") or {}
    if hc.get("source") == "industry" and ind:
        cls = g("serious") if hc.get("value") == "serious" else g("general")
        lines.append(g("Hazard class {cls}: suggested from the industry code {code} ({name}) by the 2021 risk classification catalogue; record hazard_class in enterprise.yaml.").format(
            cls=cls, code=ind.get("code", ""), name=ind.get("name", "")))
    unread = getattr(a, "unread", ())
    if unread:
        lines.append("")
        lines.append(g("INCOMPLETE: {n} record files could not be read; what follows rests only on the rest, "
                       "so duties those records would show cannot be known:").format(n=len(unread)))
        lines.extend(unread_lines(unread, tr))
    for p in a.problems:
        if p.code == "rec.tables_needed":
            lines.append("")
            lines.append(g("Cannot be known: {what}").format(what=tr.msg(p.msg)))
    t = totals(a)
    lines.append("")
    lines.append(g("Met {met} · not met {not_met} · cannot tell {unknown} · not applicable {na}").format(
        met=t["met"], not_met=t["not_met"], unknown=t["unknown"], na=t["not_applicable"]))
    n_unc = sum(1 for f in a.findings if f.status == "unconfirmed")
    if n_unc:
        lines.append(g("Of those that cannot be told, {n} rest on a rule not confirmed for this firm (see below).").format(n=n_unc))
    lines.append("")
    lines.append(g("By area"))
    summary = area_summary(a, catalogue)
    names = {area: _area_name(catalogue, area, tr) for area in summary}
    width = max((_width(n) for n in names.values()), default=0)
    for area, c in summary.items():
        label = names[area] + " " * (width - _width(names[area]))
        lines.append("  " + g("{area}  met {met:>2}  not met {not_met:>2}  cannot tell {unknown:>2}  n.a. {na:>2}").format(
            area=label, met=c["met"], not_met=c["not_met"], unknown=c["unknown"], na=c["not_applicable"]))

    failing = [f for f in a.findings if bucket(f) == "not_met"]
    failing.sort(key=lambda f: (SEV_ORDER.get(f.severity, 3), -(f.overdue_days or 0), f.obligation_id))
    if failing:
        lines.append("")
        lines.append(g("Not met ({n}), most serious first").format(n=len(failing)))
        from ohkit.render.texts import STATUS

        for f in failing:
            sev = g(SEVERITY.get(f.severity, f.severity))
            lines.append(f"  ✗ {f.obligation_id} {_title(catalogue, f.obligation_id, tr)} [{sev}]")
            lines.append("    " + tr.msg(f.msg))
            # the failing subjects, then those of the same duty that only an unconfirmed rule finds
            # late: advice, marked as such
            for status, sign, tag in (("fail", "-", ""), ("unconfirmed", "~", f"[{g(STATUS['unconfirmed'])}] ")):
                subjects = [s for s in f.subjects if s.status == status]
                for s in subjects[:max_subjects]:
                    where = "; ".join(str(e) for e in s.evidence[:2])
                    head = f"{tr.label(s.label)}: " if s.label else ""
                    lines.append(f"    {sign} {head}{tag}{tr.msg(s.msg)}" + (f" [{where}]" if where else ""))
                if len(subjects) > max_subjects:
                    lines.append("    " + g("… and {n} more (see `ohkit report` or -o json)").format(
                        n=len(subjects) - max_subjects))
            advice = _title(catalogue, f.obligation_id, tr, "advice")
            if advice:
                lines.append("    " + g("What to do: {advice}").format(advice=advice))
            for n in f.unconfirmed:
                lines.append("    " + g("Note: {note}").format(note=tr.msg(unconfirmed_msg(n))))

    unconfirmed = [f for f in a.findings if f.status == "unconfirmed"]
    if unconfirmed:
        lines.append("")
        lines.append(g("Rule unconfirmed ({n}): the records do not meet a value with no primary source, or a local rule not known for your region. Advice, not counted as not met").format(n=len(unconfirmed)))
        for f in unconfirmed:
            lines.append(f"  ~ {f.obligation_id} {_title(catalogue, f.obligation_id, tr)}: {tr.msg(f.msg)}")
            bad = [s for s in f.subjects if s.status == "unconfirmed"]
            for s in bad[:max_subjects]:
                where = "; ".join(str(e) for e in s.evidence[:2])
                head = f"{tr.label(s.label)}: " if s.label else ""
                lines.append(f"    - {head}{tr.msg(s.msg)}" + (f" [{where}]" if where else ""))
            if len(bad) > max_subjects:
                lines.append("    " + g("… and {n} more (see `ohkit report` or -o json)").format(n=len(bad) - max_subjects))
            for n in f.unconfirmed:
                lines.append("    " + g("Note: {note}").format(note=tr.msg(unconfirmed_msg(n))))

    unknown = [f for f in a.findings if bucket(f) == "unknown" and f.status != "unconfirmed"]
    if unknown:
        lines.append("")
        lines.append(g("Cannot tell from the records ({n}): add the records, or answer the questions in `ohkit assess` on a terminal").format(n=len(unknown)))
        for f in unknown[:max_unknown]:
            title = _title(catalogue, f.obligation_id, tr)
            text = tr.msg(f.msg)
            if f.msg.code == "eng.manual.ask":
                text = _title(catalogue, f.obligation_id, tr, "question") or text
            lines.append(f"  ? {f.obligation_id} {title}: {text}")
        if len(unknown) > max_unknown:
            lines.append("  " + g("… and {n} more").format(n=len(unknown) - max_unknown))

    if a.metrics:
        lines.append("")
        lines.append(g("Rates"))
        for m in a.metrics:
            rate = catalogue.rate(m.id) if catalogue is not None and hasattr(catalogue, "rate") else None
            name = tr.pick(rate.name) if rate is not None else g(METRIC_NAMES[m.id]) if m.id in METRIC_NAMES else m.id
            mark = "" if m.value is None or m.target is None else ("✓" if m.value >= m.target else "✗")
            lines.append("  " + g("{name}: {value} ({num}/{den}), target {target} {mark}").format(
                name=name, value=_pct(m.value), num=m.numerator, den=m.denominator, target=_pct(m.target), mark=mark).rstrip())

    overdue = [d for d in a.due if d.overdue]
    upcoming = [d for d in a.due if not d.overdue]
    if a.due:
        lines.append("")
        lines.append(g("Nearest due dates"))
        for d in (overdue[:max_due // 2] + upcoming[:max_due - min(len(overdue), max_due // 2)]):
            flag = g("overdue") if d.overdue else ""
            head = f"{tr.label(d.label)}: " if d.label else ""
            lines.append(f"  {d.date.isoformat()} {head}{tr.msg(d.msg)} {flag}".rstrip())
    errors = sum(1 for p in a.problems if p.severity == "error")
    warnings = len(a.problems) - errors
    if a.problems:
        lines.append("")
        lines.append(g("Record problems: {errors} errors, {warnings} warnings. Run `ohkit validate` to see where and how to fix them.").format(
            errors=errors, warnings=warnings))
    return "\n".join(lines) + "\n"
