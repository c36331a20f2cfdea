"""The portfolio overview page: one HTML file a hosted service can send to a district.

One row per client firm (unreadable firms first, then by urgency: ``render.portfolio.urgency``)
with its grade, duties met / not met / to be shown, overdue items and the oldest of them, the next
due date and links to the firm's papers; sortable by any column and filterable by district
folder and by name (a few lines of inline JS; without JS the table is still complete). Then the
rates over all firms against their targets as inline SVG bars, with the firms below target.

Self-contained: inline CSS and SVG, no fonts, scripts or images from anywhere; every text that
comes from the records (firm names, folders, reasons) is HTML-escaped and ID numbers are masked.
"""
from __future__ import annotations

import html
from typing import Any, Mapping

from ohkit.i18n import N_, Translator
from ohkit.render import texts
from ohkit.render.mask import mask_ids, safe_text
from ohkit.render.portfolio import _grade_label, _reason_text, metric_rows, rows

PAPER_KINDS = (  # (file name ending, label), in the order the links are shown
    ("-report.pdf", N_("Report (PDF)")), ("-report-appendix-a.pdf", N_("Appendix A (PDF)")),
    ("-report.html", N_("Report (HTML)")),
    ("-action-plan.xlsx", N_("Action plan")), ("-cards-a4.pdf", N_("Notice cards")),
    ("-due.ics", N_("Due calendar")), ("-assessment.json", N_("Assessment (JSON)")),
)
GRADE_COLOURS = {"pass": "#2e7d32", "basic": "#f9a825", "fail": "#c62828", "none": "#9e9e9e", None: "#5d4037"}

CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:1.5em;color:#222;font-size:14px}
h1{font-size:1.5em;margin:0 0 .2em}h2{font-size:1.2em;margin:1.4em 0 .4em}
.meta{color:#555;margin:0 0 1em}.nums{display:flex;gap:1.5em;flex-wrap:wrap;margin:.5em 0 1em}
.nums div{border:1px solid #ccd;padding:.4em .8em;border-radius:4px}.nums b{font-size:1.4em;display:block}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #dde;padding:.3em .4em;text-align:left;vertical-align:top}
th{background:#eef2f7;position:sticky;top:0;cursor:pointer;white-space:nowrap}td.n,th.n{text-align:right}
tr.unreadable td{background:#fdecea}tr.action td.name{border-left:4px solid #c62828}
.g{display:inline-block;padding:0 .4em;border-radius:3px;color:#fff;white-space:nowrap}
.bad{color:#c62828}.small{color:#555;font-size:.9em}.links a{margin-right:.5em;white-space:nowrap}
.filters{margin:.5em 0;display:flex;gap:1em;flex-wrap:wrap}.rate svg{display:block}
@media print{th{position:static}.filters{display:none}}
"""

JS = """
(function(){var t=document.getElementById('firms'),b=t.tBodies[0],d=document.getElementById('f-district'),
q=document.getElementById('f-text'),n=document.getElementById('f-count');
function f(){var dv=d.value,qv=q.value.toLowerCase(),c=0;for(var i=0;i<b.rows.length;i++){var r=b.rows[i],
ok=(dv==='*'||r.getAttribute('data-group')===dv)&&(!qv||r.textContent.toLowerCase().indexOf(qv)>=0);
r.style.display=ok?'':'none';if(ok)c++;}n.textContent=c;}
d.addEventListener('change',f);q.addEventListener('input',f);
var hs=t.tHead.rows[0].cells;for(var k=0;k<hs.length;k++)(function(k){hs[k].addEventListener('click',function(){
var asc=hs[k].getAttribute('data-dir')!=='asc';for(var j=0;j<hs.length;j++)hs[j].removeAttribute('data-dir');
hs[k].setAttribute('data-dir',asc?'asc':'desc');var rs=Array.prototype.slice.call(b.rows);
rs.sort(function(x,y){var a=x.cells[k].getAttribute('data-v'),c=y.cells[k].getAttribute('data-v');
var na=parseFloat(a),nc=parseFloat(c),r=(!isNaN(na)&&!isNaN(nc))?na-nc:(a<c?-1:a>c?1:0);return asc?r:-r;});
rs.forEach(function(r){b.appendChild(r);});});})(k);})();
"""


def e(v: Any) -> str:
    """Escaped, ID-masked text."""
    return html.escape(safe_text("" if v is None else str(v)), quote=True)  # masked, no control characters


def _grade_chart(tr: Translator, counts: dict[Any, int]) -> str:
    total = sum(counts.values()) or 1
    x, parts, legend = 0.0, [], []
    for level in ("fail", "basic", "pass", "none", None):
        n = counts.get(level, 0)
        if not n:
            continue
        w = 600 * n / total
        label = tr.gettext(texts.GRADE_LABELS[level]) if level else tr.gettext("Could not be read")
        parts.append(f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="22" fill="{GRADE_COLOURS[level]}">'
                     f'<title>{e(label)}: {n}</title></rect>')
        legend.append(f'<span class="g" style="background:{GRADE_COLOURS[level]}">{e(label)} {n}</span>')
        x += w
    return (f'<svg width="600" height="22" viewBox="0 0 600 22" role="img" aria-label="{e(tr.gettext("Overall grade"))}">'
            + "".join(parts) + "</svg><p>" + " ".join(legend) + "</p>")


def _rate_bar(value: float | None, target: float | None) -> str:
    w = 300
    bar = "" if value is None else (f'<rect x="0" y="3" width="{w * value:.1f}" height="14" '
                                    f'fill="{"#c62828" if target is not None and value < target else "#2e7d32"}"/>')
    mark = "" if target is None else (f'<line x1="{w * target:.1f}" x2="{w * target:.1f}" y1="0" y2="20" '
                                      f'stroke="#222" stroke-width="2"/>')
    return (f'<svg width="{w}" height="20" viewBox="0 0 {w} 20"><rect x="0" y="3" width="{w}" height="14" '
            f'fill="#eceff1"/>{bar}{mark}</svg>')


def _links(tr: Translator, links: Mapping[str, str]) -> str:
    out = []
    for end, label in PAPER_KINDS:
        href = next((h for name, h in links.items() if name.endswith(end)), None)
        if href is not None:
            out.append(f'<a href="{e(href)}">{e(tr.gettext(label))}</a>')
    return " ".join(out)


def render_overview(res: Any, tr: Translator, *, links: Mapping[str, Mapping[str, str]] | None = None,
                    oldest: Mapping[str, str] | None = None, failed: Mapping[str, str] | None = None) -> str:
    """The page. ``links``: folder -> {file name: relative URL} of the firm's papers; ``oldest``:
    folder -> the oldest overdue item in words; ``failed``: folder -> why its papers failed."""
    _ = tr.gettext
    links, oldest, failed = links or {}, oldest or {}, failed or {}
    rs = rows(res)
    zh = tr.lang == "zh"
    title = _("Client firms overview")
    n_action = sum(r.needs_action for r in rs)
    n_unread = sum(not r.readable for r in rs)
    n_overdue = sum(r.overdue for r in rs)
    grades: dict[Any, int] = {}
    for r in rs:
        lv = r.grade.level if r.grade else None
        grades[lv] = grades.get(lv, 0) + 1
    groups = sorted({r.group or "" for r in rs})

    o = [f'<!DOCTYPE html>\n<html lang="{"zh-CN" if zh else "en"}">\n<head>\n<meta charset="utf-8">\n'
         f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
         f'<meta name="generator" content="ohkit {e(res.ohkit_version)}">\n'
         f"<title>{e(title)} {e(res.as_of.isoformat())}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"]
    o.append(f"<h1>{e(title)}</h1>\n<p class=\"meta\">"
             + e(_("Assessment date {date} · ruleset {ruleset} · ohkit {version}").format(
                 date=res.as_of.isoformat(), ruleset=res.ruleset_version, version=res.ohkit_version)) + "</p>\n")
    o.append('<div class="nums">' + "".join(
        f"<div><b>{n}</b>{e(label)}</div>" for n, label in (
            (len(rs), _("client firms")), (n_action, _("need action")), (n_unread, _("could not be read")),
            (n_overdue, _("overdue items")))) + "</div>\n")
    o.append(_grade_chart(tr, grades) + "\n")

    # --- firms ---
    firms_title = _("Firms, most urgent first")
    all_txt, none_txt, shown_txt = _("All"), _("(no district folder)"), _("Firms shown")
    o.append(f"<h2>{e(firms_title)}</h2>\n")
    o.append('<div class="filters"><label>' + e(_("District folder")) + ' <select id="f-district">'
             f'<option value="*">{e(all_txt)}</option>'
             + "".join(f'<option value="{e(g)}">{e(g) if g else e(none_txt)}</option>' for g in groups)
             + '</select></label><label>' + e(_("Search")) + ' <input id="f-text" type="search"></label>'
             f'<span>{e(shown_txt)}{"：" if zh else ": "}<b id="f-count">{len(rs)}</b></span></div>\n')
    heads = [(_("No."), "n"), (_("District folder"), ""), (_("Firm"), ""), (_("Overall grade"), ""), (_("Met"), "n"),
             (_("Not met"), "n"), (_("To be shown"), "n"), (_("Overdue items"), "n"), (_("Oldest overdue item"), ""),
             (_("Next due date"), ""), (_("Papers"), "")]
    o.append('<table id="firms">\n<thead><tr>' + "".join(f'<th class="{c}">{e(h)}</th>' for h, c in heads)
             + "</tr></thead>\n<tbody>\n")
    for i, r in enumerate(rs, 1):
        cls = "unreadable" if not r.readable else ("action" if r.needs_action else "ok")
        g = r.grade
        lv = g.level if g else None
        grade_cell = (f'<span class="g" style="background:{GRADE_COLOURS[lv]}">{e(_grade_label(tr, r))}</span>')
        reason = _reason_text(tr, r)
        name = f'{e(r.name)}<div class="small">{e(r.rel)}</div>'
        if reason:
            name += f'<div class="small{" bad" if not r.readable else ""}">{e(reason)}</div>'
        if r.rel in failed:
            name += f'<div class="small bad">{e(failed[r.rel])}</div>'
        rank = {"fail": 0, "basic": 1, "none": 2, "pass": 3}.get(lv, -1)
        c = r.counts
        oldest_txt = ""
        if r.oldest_overdue:
            oldest_txt = e(r.oldest_overdue.isoformat()) + (f'<div class="small">{e(oldest[r.rel])}</div>'
                                                            if r.rel in oldest else "")
        cells = [
            (str(i), i, "n"), (e(r.group or ""), r.group or "", ""), (name, r.name, "name"),
            (grade_cell, rank, ""),
            (str(c["met"]) if r.readable else "", c["met"] if r.readable else -1, "n"),
            (str(c["not_met"]) if r.readable else "", c["not_met"] if r.readable else -1, "n"),
            (str(c["unknown"]) if r.readable else "", c["unknown"] if r.readable else -1, "n"),
            (f'<span class="{"bad" if r.overdue else ""}">{r.overdue}</span>' if r.readable else "",
             r.overdue if r.readable else -1, "n"),
            (oldest_txt, r.oldest_overdue.isoformat() if r.oldest_overdue else "9999", ""),
            (e(r.next_due.isoformat()) if r.next_due else "", r.next_due.isoformat() if r.next_due else "9999", ""),
            (_links(tr, links.get(r.rel, {})), "", "links"),
        ]
        o.append(f'<tr class="{cls}" data-group="{e(r.group or "")}">' + "".join(
            f'<td class="{k}" data-v="{e(v)}">{h}</td>' for h, v, k in cells) + "</tr>\n")
    o.append("</tbody>\n</table>\n")

    # --- rates ---
    mrows = metric_rows(res, tr)
    rates_title, no_rates = _("Rates over all firms against the local plan targets"), _("No firm reports a rate.")
    o.append(f"<h2>{e(rates_title)}</h2>\n")
    if not mrows:
        o.append(f"<p>{e(no_rates)}</p>\n")
    else:
        o.append("<table class=\"rates\">\n<thead><tr>" + "".join(
            f"<th>{e(h)}</th>" for h in (_("Rate"), _("Achieved"), _("Target"), "", _("Firms below target")))
                 + "</tr></thead>\n<tbody>\n")
        sep = "、" if zh else ", "
        for m in mrows:
            below = sep.join(e(f["name"]) for f in m["firms_below"])
            o.append(f'<tr><td>{e(m["name"])}</td><td class="n{" bad" if m["below_target"] else ""}">'
                     f'{e(texts.pct(m["value"]))}<div class="small">{m["numerator"]}/{m["denominator"]} · '
                     + e(_("{n} firm(s)").format(n=m["firms"])) + f'</div></td><td class="n">{e(texts.pct(m["target"]))}</td>'
                     f'<td class="rate">{_rate_bar(m["value"], m["target"])}</td><td>{below}</td></tr>\n')
        o.append("</tbody>\n</table>\n")
    note = _("Grades, rates and dates come from each firm's own records and answers (self-assessment), "
             "not from an inspection.")
    o.append(f'<p class="small">{e(note)}</p>\n')
    o.append(f"<script>{JS}</script>\n</body>\n</html>\n")
    return "".join(o)
