"""The prefilled 职业病危害项目申报表 (``model.DeclarationForm``) as JSON, XLSX and HTML/PDF.

``form_tables(form, tr)`` lays the form out once — section by section in the national form's
order, each row with its value, the records it came from and how it was derived — and every
output reads those tables: one XLSX sheet per section (values as inert text, never formulas),
an A4 PDF like the paper form, and ``declaration_to_dict`` for ``-o json``. Nothing here
computes a fact; ID numbers are masked in every cell.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

from ohkit.i18n import N_, Translator, translator
from ohkit.model import DeclarationForm, FormValue, Loc, Msg
from ohkit.render.mask import mask_ids

SECTIONS = (
    ("basic", N_("1. Basic facts of the employer")),
    ("hazards", N_("2. Hazard factors by category")),
    ("distribution", N_("3. Where the hazard factors are")),
    ("detection", N_("4. Latest workplace testing")),
    ("exams", N_("5. Occupational health exams")),
    ("people", N_("6. Responsible people")),
    ("due", N_("Is a declaration due now?")),
    ("missing", N_("To fill in")),
)
LABELS = {
    "basic.decl_type": N_("Declaration type"), "basic.change_reason": N_("Reason for the change"),
    "basic.name": N_("Employer name"), "basic.credit_code": N_("Unified social credit code"),
    "basic.registered_address": N_("Registered address"), "basic.workplace_address": N_("Workplace address"),
    "basic.size": N_("Enterprise size"), "basic.industry": N_("Industry classification"),
    "basic.registration_type": N_("Registration type"), "basic.legal_rep": N_("Legal representative"),
    "basic.phone": N_("Contact phone"), "basic.oh_body": N_("OH management body"),
    "basic.oh_staff_full": N_("OH management staff, full-time"),
    "basic.oh_staff_part": N_("OH management staff, part-time"),
    "basic.workers_total": N_("Total number of workers"),
    "basic.od_cumulative": N_("Occupational disease cases to date"),
    "basic.exposed_total": N_("Total number of workers exposed to hazards"),
    "detection.report_no": N_("Report number"), "detection.date": N_("Report date"),
    "detection.agency": N_("Technical service agency"), "detection.kind": N_("Kind of report"),
    "detection.points": N_("Points tested"), "detection.over": N_("Points over the limit"),
    "exams.period": N_("Period"), "exams.due": N_("Exposed workers who need exams"),
    "exams.done": N_("Of them, examined as required"), "exams.exams": N_("Exams held in the period"),
    "exams.contraindication": N_("Occupational contraindications found"),
    "exams.suspected": N_("Suspected occupational diseases found"), "exams.recheck": N_("Rechecks ordered"),
    "people.principal": N_("Principal in charge"), "people.principal_trained": N_("Principal's latest OH training"),
    "people.oh_manager": N_("OH manager"), "people.oh_manager_trained": N_("OH manager's latest OH training"),
    "people.phone": N_("OH contact phone"), "people.filler": N_("Person filling in the form"),
    "last_filing": N_("Last declaration on record"),
}
CATEGORIES = {"dust": N_("Dust"), "chemical": N_("Chemical factors"), "physical": N_("Physical factors"),
              "radiation": N_("Radioactive factors"), "biological": N_("Biological factors"),
              "other": N_("Other factors")}
DECL_TYPES = {"initial": N_("Initial declaration"), "change": N_("Change declaration"),
              "annual": N_("Annual update")}
SIZES = {"micro": N_("Micro"), "small": N_("Small"), "medium": N_("Medium"), "large": N_("Large")}
EXAM_TYPES = {"pre": N_("pre-employment"), "periodic": N_("periodic"), "exit": N_("exit"),
              "emergency": N_("emergency"), "recheck": N_("recheck"), "other": N_("other")}
REPORT_KINDS = {"periodic": N_("Periodic testing"), "status_evaluation": N_("Status evaluation"),
                "control_effect": N_("Control-effect evaluation")}
COLS = {
    "kv": (N_("Item"), N_("Entry"), N_("From the records"), N_("How it was found")),
    "hazards": (N_("Category"), N_("Present"), N_("Workers exposed"), N_("Hazard factor"),
                N_("Workers exposed to the factor"), N_("From the records")),
    "distribution": (N_("Workplace name"), N_("Posts"), N_("Hazard factor"), N_("Workers exposed (may repeat)"),
                     N_("Workers exposed (each once)"), N_("From the records")),
    "due": (N_("Situation"), N_("Legal basis"), N_("Event date"), N_("Deadline"), N_("What to do and by when")),
    "missing": (N_("Box"), N_("Where to find it")),
}
STATUS_CODES = {
    ("initial", "due"): "decl.r.initial_due", ("initial", "unknown"): "decl.r.initial_unknown",
    ("initial", "unknown_hazards"): "decl.r.initial_unknown_hazards",
    ("none", "not_needed"): "decl.r.none",
    ("annual", "window"): "decl.r.annual_window", ("annual", "overdue"): "decl.r.annual_overdue",
    ("annual", "upcoming"): "decl.r.annual_upcoming",
}
REASON_KINDS = {"initial": N_("First declaration"), "project": N_("Construction project accepted"),
                "hazards": N_("Change of hazards (process, equipment, materials)"),
                "firm": N_("Change of workplace, name, legal representative or principal"),
                "detection": N_("Testing or evaluation result"), "annual": N_("Annual update"),
                "none": N_("No hazard factors")}
MISSING_HINTS = {
    "basic.registered_address": N_("business licence"), "basic.workplace_address": N_("where the work is done"),
    "basic.registration_type": N_("business licence"), "basic.legal_rep": N_("business licence"),
    "basic.od_cumulative": N_("diagnosed cases since the firm began (0 if none)"),
    "people.filler": N_("the person who files"),
}


def _law(tr: Translator, basis: str) -> str:
    if basis == "system":
        return tr.gettext("Declaration system rule (not in Decree 48)")
    return tr.gettext("Decree 48 {article}").format(article=basis if tr.lang == "zh" else _article_en(basis))


def _article_en(basis: str) -> str:
    import re

    m = re.fullmatch(r"第(\d+)条(?:第(\d+)项)?", basis)
    if not m:
        return basis
    return f"Art. {m.group(1)}" + (f"({m.group(2)})" if m.group(2) else "")


def sources_text(locs: Iterable[Loc], tr: Translator) -> str:
    """'records.xlsx[劳动者名册] rows 3–6, 9; enterprise.yaml: name' — compact provenance."""
    groups: dict[tuple, list[int]] = {}
    keys: list[str] = []
    for loc in locs:
        if loc.row is None:
            where = loc.file if not loc.sheet else f"{loc.file}[{loc.sheet}]"
            k = f"{where}: {loc.column}" if loc.column else where
            if k not in keys:
                keys.append(k)
            continue
        groups.setdefault((loc.file, loc.sheet), []).append(loc.row)
        k = f"\x00{loc.file}\x00{loc.sheet or ''}"
        if k not in keys:
            keys.append(k)
    out = []
    for k in keys:
        if not k.startswith("\x00"):
            out.append(k)
            continue
        _, f, sh = k.split("\x00")
        rows = sorted(set(groups[(f, sh or None)]))
        spans: list[str] = []
        i = 0
        while i < len(rows):
            j = i
            while j + 1 < len(rows) and rows[j + 1] == rows[j] + 1:
                j += 1
            spans.append(str(rows[i]) if i == j else f"{rows[i]}–{rows[j]}")
            i = j + 1
        where = f if not sh else f"{f}[{sh}]"
        if tr.lang == "zh":
            out.append(f"{where} 第{'、'.join(spans)}行")
        else:
            out.append(f"{where} row{'s' if len(rows) > 1 else ''} {', '.join(spans)}")
    return "; ".join(out)


def value_text(v: FormValue, tr: Translator) -> str:
    x = v.value
    if x is None or x == "":
        return ""
    key = v.key
    if key == "basic.decl_type":
        return tr.gettext(DECL_TYPES.get(x, x))
    if key == "basic.size":
        return tr.gettext(SIZES.get(x, x))
    if key == "detection.kind":
        return tr.gettext(REPORT_KINDS.get(x, x))
    if isinstance(x, bool):
        if key.endswith("_trained"):
            return tr.gettext("none on record") if not x else tr.gettext("yes")
        return tr.gettext("Yes (有)") if x else tr.gettext("No (无)")
    if isinstance(x, (dt.date, dt.datetime)):
        return tr.date(x)
    return mask_ids(str(x))


def _kv(v: FormValue, tr: Translator) -> dict[str, Any]:
    return {"key": v.key, "cells": [tr.gettext(LABELS.get(v.key, v.key)), value_text(v, tr)],
            "value": _plain(v.value), "sources": sources_text(v.sources, tr), "source_list": [str(s) for s in v.sources],
            "note": tr.msg(v.note) if v.note else "", "blank": v.blank}


def _plain(x: Any) -> Any:
    if isinstance(x, (dt.date, dt.datetime)):
        return x.isoformat()
    if isinstance(x, str):
        return mask_ids(x)
    return x


def _name(tr: Translator, f: Any) -> str:
    return mask_ids(tr.pick(f.name))


def reason_text(r: Any, tr: Translator) -> str:
    code = STATUS_CODES.get((r.kind, r.status))
    if code is None:
        code = {"due": "decl.r.change_due", "overdue": "decl.r.change_overdue", "check": "decl.r.detection_check"}.get(
            r.status, "decl.r.change_due")
    params = {"event": mask_ids(r.event or ""), "date": tr.date(r.event_date), "deadline": tr.date(r.deadline),
              "opens": tr.date(r.opens), "days": r.days or "", "over": r.over_points or 0, "law": _law(tr, r.basis)}
    return tr.msg(Msg(code, params))


def due_text(form: DeclarationForm, tr: Translator) -> str:
    code = {True: "decl.due.yes", False: "decl.due.no", None: "decl.due.unknown"}[form.due_now]
    return tr.msg(Msg(code))


def missing_label(key: str, tr: Translator, form: DeclarationForm) -> str:
    kind, _, arg = key.partition(":")
    names = {f.hazard_id: _name(tr, f) for c in form.categories for f in c.factors}
    names.update({f.hazard_id: _name(tr, f) for f in form.unclassified})
    if kind == "hazards.factor":
        return tr.gettext("Workers exposed to {factor}").format(factor=names.get(arg, arg))
    if kind == "hazards.category":
        return tr.gettext("Category of the hazard factor {factor} (not in ohkit's hazard list)").format(
            factor=names.get(arg, arg))
    if kind == "workplace.name":
        return tr.gettext("Workplace of the posts {posts}").format(posts=arg)
    if kind == "hazards.posts":
        return tr.gettext("Hazard factors at each post (posts table)")
    if kind == "detection.report":
        return tr.gettext("Latest workplace testing report (monitoring table)")
    if kind == "exams.records":
        return tr.gettext("Occupational health exams (exams table)")
    return tr.gettext(LABELS.get(key, key))


def missing_text(form: DeclarationForm, tr: Translator) -> str:
    if not form.missing:
        return ""
    sep = "、" if tr.lang == "zh" else "; "
    return tr.msg(Msg("decl.missing", {"items": sep.join(missing_label(k, tr, form) for k in form.missing)}))


def form_tables(form: DeclarationForm, tr: Translator) -> list[dict[str, Any]]:
    """Every section of the form as rows of display cells (the one layout all outputs share)."""
    out: list[dict[str, Any]] = []
    titles = {k: tr.gettext(t) for k, t in SECTIONS}
    kvcols = [tr.gettext(c) for c in COLS["kv"]]
    out.append({"id": "basic", "title": titles["basic"], "columns": kvcols,
                "rows": [_kv(v, tr) for v in form.basic]})

    rows = []
    for c in form.categories:
        rows.append({"key": f"category.{c.category}", "cells": [
            tr.gettext(CATEGORIES[c.category]), value_text(c.present, tr),
            "" if c.exposed.blank else str(c.exposed.value), "", ""],
            "value": {"present": c.present.value, "exposed": c.exposed.value},
            "sources": sources_text([*c.present.sources, *c.exposed.sources], tr),
            "source_list": list(dict.fromkeys(str(s) for s in (*c.present.sources, *c.exposed.sources))),
            "note": tr.msg(c.exposed.note) if c.exposed.note else "",
            "blank": c.present.blank or c.exposed.blank, "category": True})
        for f in c.factors:
            rows.append(_factor_row(f, tr, ["", "", "", _name(tr, f), _count(f.exposed)]))
    for f in form.unclassified:
        rows.append(_factor_row(f, tr, [tr.gettext("Not classified"), "", "", _name(tr, f), _count(f.exposed)]))
    rows.append({"key": "basic.exposed_total", "cells": [tr.gettext(LABELS["basic.exposed_total"]), "",
                                                         _count(form.exposed_total), "", ""],
                 "value": form.exposed_total.value, "sources": sources_text(form.exposed_total.sources, tr),
                 "source_list": [str(s) for s in form.exposed_total.sources],
                 "note": tr.msg(form.exposed_total.note) if form.exposed_total.note else "",
                 "blank": form.exposed_total.blank, "total": True})
    out.append({"id": "hazards", "title": titles["hazards"], "columns": [tr.gettext(c) for c in COLS["hazards"]],
                "rows": rows})

    rows = []
    for w in form.workplaces:
        for i, f in enumerate(w.factors):
            first = i == 0
            rows.append(_factor_row(f, tr, [
                mask_ids(str(w.workplace.value or "")) if first else "",
                ("、" if tr.lang == "zh" else ", ").join(mask_ids(p) for p in w.posts) if first else "",
                _name(tr, f), _count(f.exposed), _count(w.exposed_unique) if first else ""],
                extra=[*w.workplace.sources, *w.exposed_unique.sources] if first else ()))
    if form.workplaces:
        rep = form.exposed_repeat_total
        rows.append({"key": "distribution.total", "cells": [tr.gettext("Total"), "", "", _count(rep),
                                                            _count(form.exposed_total)],
                     "value": {"may_repeat": rep.value, "each_once": form.exposed_total.value},
                     "sources": "", "source_list": [], "note": "", "blank": form.exposed_total.blank, "total": True})
    out.append({"id": "distribution", "title": titles["distribution"],
                "columns": [tr.gettext(c) for c in COLS["distribution"]], "rows": rows})

    d = form.detection
    rows = [_kv(v, tr) for v in (d.report_no, d.date, d.agency, d.kind, d.points, d.over)]
    for cat, pts, over in d.by_category:
        rows.append({"key": f"detection.{cat}", "cells": [
            tr.gettext(CATEGORIES.get(cat, cat)),
            tr.gettext("{points} points, {over} over the limit").format(points=pts, over=over)],
            "value": {"points": pts, "over": over}, "sources": "", "source_list": [], "note": "", "blank": False})
    out.append({"id": "detection", "title": titles["detection"], "columns": kvcols, "rows": rows})

    e = form.exams
    period = FormValue("exams.period", f"{tr.date(e.start + dt.timedelta(days=1))} – {tr.date(e.end)}")
    rows = [_kv(period, tr)] + [_kv(v, tr) for v in (e.due, e.done, e.exams)]
    if e.by_type:
        sep = "、" if tr.lang == "zh" else ", "
        order = list(EXAM_TYPES)
        by_type = sorted(e.by_type, key=lambda kn: (order.index(kn[0]) if kn[0] in order else 99, kn[0]))
        rows.append({"key": "exams.by_type", "cells": [tr.gettext("Exams by type"), sep.join(
            f"{tr.gettext(EXAM_TYPES.get(k, k))} {n}" for k, n in by_type)],
            "value": dict(e.by_type), "sources": "", "source_list": [], "note": "", "blank": False})
    rows += [_kv(v, tr) for v in (e.contraindication, e.suspected, e.recheck)]
    out.append({"id": "exams", "title": titles["exams"], "columns": kvcols, "rows": rows})

    out.append({"id": "people", "title": titles["people"], "columns": kvcols,
                "rows": [_kv(v, tr) for v in form.people]})

    rows = []
    for r in form.reasons:
        rows.append({"key": f"due.{r.kind}", "cells": [
            tr.gettext(REASON_KINDS.get(r.kind, r.kind)) + (f"：{mask_ids(r.event)}" if r.event and tr.lang == "zh"
                                                            else f": {mask_ids(r.event)}" if r.event else ""),
            _law(tr, r.basis), tr.date(r.event_date), tr.date(r.deadline), reason_text(r, tr)],
            "value": {"kind": r.kind, "status": r.status, "basis": r.basis,
                      "event_date": r.event_date.isoformat() if r.event_date else None,
                      "deadline": r.deadline.isoformat() if r.deadline else None},
            "sources": sources_text(r.evidence, tr), "source_list": [str(s) for s in r.evidence], "note": "",
            "blank": False, "status": r.status})
    out.append({"id": "due", "title": titles["due"], "columns": [tr.gettext(c) for c in COLS["due"]], "rows": rows,
                "summary": due_text(form, tr)})

    listed = set(form.missing)
    for t in out:  # highlight only the boxes the user has to fill in
        if t["id"] in ("basic", "detection", "exams", "people"):
            for r in t["rows"]:
                r["blank"] = r["blank"] and (r["key"] in listed or (t["id"] == "detection" and "detection.report" in listed)
                                             or (t["id"] == "exams" and "exams.records" in listed))
    out.append({"id": "missing", "title": titles["missing"], "columns": [tr.gettext(c) for c in COLS["missing"]],
                "rows": [{"key": k, "cells": [missing_label(k, tr, form),
                                              tr.gettext(MISSING_HINTS[k]) if k in MISSING_HINTS else ""],
                          "value": None, "sources": "", "source_list": [], "note": "", "blank": True}
                         for k in form.missing],
                "summary": missing_text(form, tr)})
    return out


def _count(v: FormValue) -> str:
    return "" if v.blank else str(v.value)


def _factor_row(f: Any, tr: Translator, cells: list[str], extra: Iterable[Loc] = ()) -> dict[str, Any]:
    locs = [*extra, *f.exposed.sources]
    return {"key": f"factor.{f.hazard_id}", "cells": cells, "value": f.exposed.value, "hazard_id": f.hazard_id,
            "sources": sources_text(locs, tr), "source_list": [str(s) for s in locs],
            "note": tr.msg(f.exposed.note) if f.exposed.note else "", "blank": f.exposed.blank}


def incomplete_note(form: DeclarationForm, tr: Translator) -> str:
    """With --partial: which record files could not be read ("" when all were)."""
    if not form.unread:
        return ""
    return tr.gettext("INCOMPLETE, not read: {files}.").format(
        files=("、" if tr.lang == "zh" else ", ").join(str(p.loc) for p in form.unread))


def declaration_to_dict(form: DeclarationForm, tr: Translator) -> dict[str, Any]:
    """What `ohkit declare -o json` prints: every section with values, their sources and notes."""
    return {
        "form": tr.gettext("Occupational disease hazard project declaration form"),
        "as_of": form.as_of.isoformat(), "lang": tr.lang, "ruleset_version": form.ruleset_version,
        "ohkit_version": form.ohkit_version, "records_digest": form.records_digest,
        "due_now": form.due_now, "due_text": due_text(form, tr),
        "reasons": [{"kind": r.kind, "status": r.status, "basis": r.basis, "basis_text": _law(tr, r.basis),
                     "event": mask_ids(r.event) if r.event else None,
                     "event_date": r.event_date.isoformat() if r.event_date else None,
                     "deadline": r.deadline.isoformat() if r.deadline else None,
                     "opens": r.opens.isoformat() if r.opens else None, "days": r.days,
                     "over_points": r.over_points, "evidence": [str(e) for e in r.evidence],
                     "message": reason_text(r, tr)} for r in form.reasons],
        "last_filing": _plain(form.last_filing.value),
        "sections": [{"id": t["id"], "title": t["title"], "columns": t["columns"],
                      "rows": [{k: r[k] for k in ("key", "cells", "value", "sources", "source_list", "note", "blank")}
                               for r in t["rows"]]}
                     for t in form_tables(form, tr) if t["id"] not in ("due", "missing")],
        "missing": [{"key": k, "label": missing_label(k, tr, form)} for k in form.missing],
        "missing_text": missing_text(form, tr),
        "record_errors": form.problems,
        "complete": not form.unread, "unread": [p.to_dict(tr.msg) for p in form.unread],
    }


# ---------------------------------------------------------------------------
# XLSX: one sheet per section, values as text (never formulas)
# ---------------------------------------------------------------------------


def to_xlsx(form: DeclarationForm, tr: Translator) -> bytes:
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    from ohkit.render.sheets import append_row, set_cell

    wb = Workbook()
    wb.remove(wb.active)
    tables = form_tables(form, tr)
    note = incomplete_note(form, tr)
    for t in tables:
        ws = wb.create_sheet(t["title"][:31].replace("/", "-").replace("?", "").replace("？", ""))
        head = list(t["columns"])
        if t["id"] in ("basic", "detection", "exams", "people"):
            head = head[:2] + head[2:]
            body = [r["cells"] + [r["sources"], r["note"]] for r in t["rows"]]
        elif t["id"] in ("due", "missing"):
            body = [list(r["cells"]) for r in t["rows"]]
        else:
            body = [r["cells"] + [r["sources"]] for r in t["rows"]]
        append_row(ws, [t["title"]])
        ws["A1"].font = Font(bold=True, size=13)
        if note:
            r = append_row(ws, [note])
            ws.cell(r, 1).font = Font(bold=True, color="B71C1C")
        if t.get("summary"):
            append_row(ws, [t["summary"]])
        hr = append_row(ws, head)
        for c in ws[hr]:
            c.font = Font(bold=True)
            c.fill = PatternFill("solid", fgColor="DDE7F0")
        for r, cells in zip(t["rows"], body):
            row = append_row(ws, [mask_ids(str(x)) if x not in (None, "") else None for x in cells])
            for c in ws[row]:
                c.alignment = Alignment(wrap_text=True, vertical="top")
            if r.get("blank") and t["id"] in ("basic", "detection", "exams", "people"):
                set_cell(ws.cell(row, 2), tr.gettext("(to fill in)"))
                ws.cell(row, 2).fill = PatternFill("solid", fgColor="FCEBC7")
            if r.get("category") or r.get("total"):
                for c in ws[row]:
                    c.font = Font(bold=True)
        widths = [28, 22, 30, 44, 30, 40] if t["id"] not in ("basic", "detection", "exams", "people") \
            else [30, 32, 40, 50]
        for i, w in enumerate(widths[:max(len(head), 2)]):
            ws.column_dimensions[chr(ord("A") + i)].width = w
        ws.freeze_panes = ws.cell(hr + 1, 1)
    buf = io.BytesIO()
    wb.save(buf)
    from ohkit.xlsxfix import fixed_times

    d = form.as_of
    return fixed_times(buf.getvalue(), (d.year, d.month, d.day, 0, 0, 0))


# ---------------------------------------------------------------------------
# HTML / PDF (A4, like the paper form)
# ---------------------------------------------------------------------------


def render_html(form: DeclarationForm, firm_name: str | None, lang: str = "zh", *, for_pdf: bool = False) -> str:
    from ohkit.render.pdf import FONT_STACK, base_css
    from ohkit.render.report import template_env

    tr = translator(lang)
    css = (base_css() if for_pdf else f"html {{ font-family: {FONT_STACK}; }}\n") + DECL_CSS
    return template_env().get_template("declaration.html.j2").render(
        t=tr.gettext, lang="zh-CN" if tr.lang == "zh" else "en", css=css, firm=firm_name or "",
        as_of=tr.date(form.as_of), ruleset=form.ruleset_version, version=form.ohkit_version,
        digest=form.records_digest, tables=form_tables(form, tr), colon="：" if tr.lang == "zh" else ": ",
        problems=tr.msg(Msg("ren.records_problems", {"count": form.problems})) if form.problems else "",
        incomplete=incomplete_note(form, tr))


def render_pdf(form: DeclarationForm, firm_name: str | None, lang: str = "zh",
               *, fetcher: Any = None) -> tuple[str, bytes, list[Msg]]:
    """HTML (for screens), PDF bytes and warnings (characters the bundled font lacks)."""
    from ohkit.render.pdf import coverage_warning, html_to_pdf

    html = render_html(form, firm_name, lang)
    pdf_html = render_html(form, firm_name, lang, for_pdf=True)
    warnings = [w for w in [coverage_warning(pdf_html)] if w]
    return html, html_to_pdf(pdf_html, fetcher=fetcher), warnings


DECL_CSS = """
@page { size: A4; margin: 16mm 14mm 16mm 14mm; @bottom-center { content: counter(page) " / " counter(pages); font-size: 8pt; } }
body { font-size: 9.5pt; line-height: 1.35; color: #000; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 2mm; }
html[lang="zh-CN"] h1 { letter-spacing: 0.1em; }
.sub { text-align: center; font-size: 8.5pt; color: #333; margin: 0 0 3mm; }
.seal { width: 100%; margin: 0 0 3mm; font-size: 9.5pt; }
.seal td { padding: 1mm 0; }
h2 { font-size: 11pt; margin: 4mm 0 1.5mm; break-after: avoid; }
table.form { width: 100%; border-collapse: collapse; table-layout: fixed; margin-bottom: 2mm; }
table.form th, table.form td { border: 0.7pt solid #000; padding: 1.2mm 1.6mm; vertical-align: top; text-align: left; }
table.form thead th { background: #eee; font-weight: 700; }
table.form tr { break-inside: avoid; }
table.form thead { display: table-header-group; }
td.blank { background: #fff4d6; }
.src { display: block; font-size: 7pt; color: #555; margin-top: 0.6mm; }
tr.cat td { font-weight: 700; }
tr.total td { font-weight: 700; background: #f4f4f4; }
.due { border: 1pt solid #000; padding: 2mm; margin: 2mm 0; font-weight: 700; }
.missing { border: 1pt dashed #b71c1c; padding: 2mm; color: #b71c1c; }
.note { font-size: 8pt; color: #333; }
@media screen { body { max-width: 190mm; margin: 0 auto; padding: 12px; } }
"""

# Texts of the template declaration.html.j2 (listed here so that extraction and the
# translation test see them).
TEMPLATE_TEXTS = (
    N_("Occupational disease hazard project declaration form"),
    N_("Prefilled by ohkit from the firm's records on {date}; check every value, fill in the blanks, then copy it "
       "into the declaration system."),
    N_("Employer (seal)"), N_("Principal (signature)"), N_("Date"),
    N_("Every box the records can fill is filled."),
    N_("Form structure: 职业病危害项目申报表 (2012 edition) and the sections of the online declaration system. "
       "Ruleset {ruleset}; SHA-256 of the records {digest}."),
)
