"""The 在线自查 page's result as an HTML fragment, from the same dicts `ohkit validate -o json`,
`ohkit assess -o json` and `ohkit due -o json` print: problems by file with the CLI's texts,
the assessment by area (what is not met, what cannot be told), what falls due, and the
walk-through questions. Every user value is escaped. Reads data only; decides nothing."""
from __future__ import annotations

from html import escape
from typing import Any, Mapping, Sequence

from ohkit.i18n import N_

STATUS_WORDS = {"met": N_("met"), "not_met": N_("not met"), "unknown": N_("cannot tell"),
                "not_applicable": N_("not applicable")}


def _e(v: Any) -> str:
    return escape("" if v is None else str(v))


def _area_name(cat: Any, area: str, tr: Any) -> str:
    title = tr.pick(cat.area_title(area)) if cat is not None else ""
    return f"{title} {area}" if title and title != area else area


def problems_html(tr: Any, validation: Mapping[str, Any], renamed: Mapping[str, str]) -> str:
    _ = tr.gettext
    out = ['<section class="ohk-problems">']
    out.append("<h2>" + _e(_("Problems in the records")) + "</h2>")
    for orig, stored in renamed.items():
        out.append('<p class="ohk-note">' + _e(_("{file} was read as {name}.").format(file=orig, name=stored))
                   + "</p>")
    errors, warnings = validation["errors"], validation["warnings"]
    if not validation["problems"]:
        out.append('<p class="ohk-ok">' + _e(_("No problems found in the records.")) + "</p></section>")
        return "".join(out)
    out.append("<p>" + _e(_("In all: errors {errors}, warnings {warnings}.").format(errors=errors, warnings=warnings))
               + (" " + _e(_("Fix the errors in your file and drop it again. Warnings do not stop the assessment."))
                  if errors else "") + "</p>")
    sev = {"error": tr.pgettext("severity", "error"), "warning": tr.pgettext("severity", "warning")}
    by_file: dict[str, list[Mapping[str, Any]]] = {}
    for p in validation["problems"]:
        by_file.setdefault(p["file"], []).append(p)
    for file, items in by_file.items():
        out.append(f"<h3>{_e(file)}</h3><ul>")
        for p in items:
            text = p["message"]
            line = f'<code>{_e(p["location"])}</code> <span class="ohk-{_e(p["severity"])}">[{_e(sev.get(p["severity"], p["severity"]))}]</span> {_e(text)}'
            if p.get("header") and p["header"] not in text:
                line += " " + _e(_("(column “{header}”)").format(header=p["header"]))
            if p.get("value") and p["value"] not in text:
                line += " " + _e(_("Value: “{value}”.").format(value=p["value"]))
            if p.get("fix_text"):
                line += f'<br><span class="ohk-fix">→ {_e(p["fix_text"])}</span>'
            out.append(f'<li class="ohk-{_e(p["severity"])}">{line}</li>')
        out.append("</ul>")
    out.append("</section>")
    return "".join(out)


def assessment_html(tr: Any, cat: Any, assessment: Mapping[str, Any]) -> str:
    _ = tr.gettext
    s = assessment["summary"]
    t = s["totals"]
    out = ['<section class="ohk-assessment">', "<h2>" + _e(_("Assessment by area")) + "</h2>"]
    out.append("<p>" + _e(_("Met {met} · not met {not_met} · cannot tell {unknown} · not applicable {na}").format(
        met=t["met"], not_met=t["not_met"], unknown=t["unknown"], na=t["not_applicable"])) + "</p>")
    stamp = _("Ruleset {ruleset} · exam standard {standard} · ohkit {version}").format(
        ruleset=assessment["ruleset_version"], standard=assessment["exam_standard"],
        version=assessment["ohkit_version"])
    out.append('<p class="ohk-note">' + _e(stamp) + "</p>")
    by_area: dict[str, list[Mapping[str, Any]]] = {}
    for f in assessment["findings"]:
        by_area.setdefault(f["area"], []).append(f)
    out.append('<table class="ohk-areas"><thead><tr>')
    for h in (_("Area"), _("met"), _("not met"), _("cannot tell"), _("not applicable")):
        out.append(f"<th>{_e(h)}</th>")
    out.append("</tr></thead><tbody>")
    for area, c in s["by_area"].items():
        cls = ' class="ohk-bad"' if c["not_met"] else ""
        out.append(f"<tr{cls}><td>{_e(_area_name(cat, area, tr))}</td><td>{c['met']}</td><td>{c['not_met']}</td>"
                   f"<td>{c['unknown']}</td><td>{c['not_applicable']}</td></tr>")
    out.append("</tbody></table>")
    for area, findings in by_area.items():
        failing = [f for f in findings if _bucket(f) == "not_met"]
        if not failing:
            continue
        out.append(f"<h3>{_e(_area_name(cat, area, tr))}</h3><ul class=\"ohk-findings\">")
        for f in failing:
            out.append(f'<li class="ohk-not_met"><details><summary>✗ <b>{_e(f["obligation_id"])}</b> '
                       f'{_e(f.get("title"))} — {_e(_(STATUS_WORDS["not_met"]))}</summary>')
            out.append(f"<p>{_e(f['message'])}</p>")
            bad = [x for x in f.get("subjects", []) if x.get("status") == "fail"]
            if bad:
                out.append("<ul>")
                for x in bad[:20]:
                    where = "; ".join(_loc(e) for e in (x.get("evidence") or [])[:2])
                    out.append(f"<li>{_e(x.get('message'))}" + (f" <code>{_e(where)}</code>" if where else "") + "</li>")
                if len(bad) > 20:
                    out.append("<li>" + _e(_("… and {n} more (see the report)").format(n=len(bad) - 20)) + "</li>")
                out.append("</ul>")
            if f.get("advice"):
                out.append("<p>" + _e(_("What to do: {advice}").format(advice=f["advice"])) + "</p>")
            for note in f.get("unconfirmed_text") or []:
                out.append('<p class="ohk-note">' + _e(_("Note: {note}").format(note=note)) + "</p>")
            out.append("</details></li>")
        out.append("</ul>")
    unknown = [f for f in assessment["findings"] if _bucket(f) == "unknown"]
    if unknown:
        out.append("<h3>" + _e(_("Cannot tell from the records ({n}): add the records, or answer the "
                                 "questions below").format(n=len(unknown))) + "</h3><ul class=\"ohk-unknown\">")
        for f in unknown:
            out.append(f'<li class="ohk-unknown">? <b>{_e(f["obligation_id"])}</b> {_e(f.get("title"))}: '
                       f'{_e(f["message"])}</li>')
        out.append("</ul>")
    out.append("</section>")
    return "".join(out)


def _bucket(f: Mapping[str, Any]) -> str:
    if f["status"] == "not_applicable":
        return "not_applicable"
    if f.get("met") is True:
        return "met"
    if f.get("met") is False:
        return "not_met"
    return "unknown"


def _loc(e: Mapping[str, Any]) -> str:
    s = e.get("file") or ""
    if e.get("sheet"):
        s += f"[{e['sheet']}]"
    if e.get("row"):
        s += f":{e['row']}"
    if e.get("column"):
        s += f":{e['column']}"
    return s


def due_html(tr: Any, due: Mapping[str, Any]) -> str:
    _ = tr.gettext
    out = ['<section class="ohk-due">', "<h2>" + _e(_("What falls due in the next {days} days").format(
        days=due["within_days"])) + "</h2>"]
    if not due["overdue"] and not due["upcoming"]:
        out.append("<p>" + _e(_("Nothing overdue and nothing due in this period.")) + "</p></section>")
        return "".join(out)
    for title, rows in ((_("Overdue"), due["overdue"]), (_("Coming up"), due["upcoming"])):
        if not rows:
            continue
        out.append(f"<h3>{_e(title)} ({len(rows)})</h3><ul>")
        for r in rows:
            when = (_("{n} days overdue").format(n=-r["days"]) if r["days"] < 0 else
                    _("today") if r["days"] == 0 else _("in {n} days").format(n=r["days"]))
            cls = ' class="ohk-not_met"' if r["overdue"] else ""
            out.append(f"<li{cls}>{_e(r['date'])} · {_e(when)} · {_e(r['summary'])} "
                       f"<code>{_e(r['obligation_id'])}</code>" + (f"<br>{_e(r['message'])}" if r["message"] else "")
                       + "</li>")
        out.append("</ul>")
    out.append("</section>")
    return "".join(out)


def questions_html(tr: Any, questions: Sequence[Mapping[str, Any]]) -> str:
    _ = tr.gettext
    out = ['<section class="ohk-questions">', "<h2>" + _e(_("Questions the records cannot answer")) + "</h2>"]
    if not questions:
        out.append("<p>" + _e(_("No open questions.")) + "</p></section>")
        return "".join(out)
    out.append("<p>" + _e(_("Answer yes only if you could show it to an inspector. Your answers go into "
                            "answers.yaml: download it and keep it with your records.")) + "</p>")
    out.append('<form class="ohk-qform" onsubmit="return false">')
    for q in questions:
        qid = _e(q["id"])
        head = f"<b>{qid} {_e(q.get('title') or '')}</b><br>" if q["kind"] == "obligation" else ""
        out.append(f'<fieldset data-qid="{qid}" data-qtype="{_e(q["type"])}"><legend>{head}{_e(q["text"])}</legend>')
        if q.get("help"):
            out.append(f'<p class="ohk-note">{_e(q["help"])}</p>')
        v = q.get("value")
        if q["type"] == "bool":
            for val, label in (("true", _("yes")), ("false", _("no")), ("", _("skip"))):
                checked = " checked" if (v is True and val == "true") or (v is False and val == "false") \
                    or (v is None and val == "") else ""
                out.append(f'<label><input type="radio" name="q-{qid}" value="{val}"{checked}> {_e(label)}</label> ')
        elif q["type"] == "enum":
            out.append(f'<select name="q-{qid}"><option value="">' + _e(_("skip")) + "</option>")
            for val, label in q.get("choices") or []:
                sel = " selected" if v == val else ""
                out.append(f'<option value="{_e(val)}"{sel}>{_e(label)}</option>')
            out.append("</select>")
        else:
            lo = f' min="{q["min"]}"' if q.get("min") is not None else ""
            hi = f' max="{q["max"]}"' if q.get("max") is not None else ""
            out.append(f'<input type="number" name="q-{qid}"{lo}{hi} value="{_e("" if v is None else v)}">')
        out.append("</fieldset>")
    out.append("</form></section>")
    return "".join(out)


def result_html(tr: Any, cat: Any, validation: Mapping[str, Any], assessment: Mapping[str, Any],
                due: Mapping[str, Any], questions: Sequence[Mapping[str, Any]],
                renamed: Mapping[str, str]) -> dict[str, str]:
    """The page's sections, each an HTML fragment."""
    return {"problems": problems_html(tr, validation, renamed),
            "assessment": assessment_html(tr, cat, assessment),
            "due": due_html(tr, due),
            "questions": questions_html(tr, questions)}
