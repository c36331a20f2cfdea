"""The self-assessment report (自查报告) as HTML and PDF.

Reads only the Assessment and catalogue texts; every number shown comes from
the Assessment (the grade and priorities are defined in texts.grade and
actionplan.priority). All user text is escaped by Jinja2 autoescape and
passes ``mask_ids`` (the template environment's ``finalize``).
"""
from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from typing import Any

from ohkit.i18n import N_, Translator, translator
from ohkit.model import Assessment, Msg
from ohkit.render import actionplan, texts
from ohkit.render.mask import mask_ids, safe_text
from ohkit.render.pdf import ASSETS

# Labels for appendix columns (Assessment.workers display rows) and metrics.
# Columns shown, in this order, when present in the rows.
WORKER_COLS = {
    "name": N_("Name"), "id_number": N_("ID number"), "posts": N_("Post"), "post": N_("Post"),
    "hazards": N_("Hazards"), "last_exam": N_("Last exam"), "next_exam": N_("Next exam due"),
    "last_training": N_("Last training"), "next_training": N_("Next training due"), "status": N_("Status"),
}
# Width of each column's usual value on one line (8.5pt ems): appendix A prints one line a worker.
WORKER_WIDTHS = {"name": 4.5, "id_number": 10, "posts": 5, "post": 5, "hazards": 8, "hire_date": 5.5, "last_exam": 5.5,
                 "last_exam_conclusion": 5, "next_exam": 5.5, "last_training": 5.5, "next_training": 5.5, "status": 3.5}
# Columns shown together in one cell of appendix A, "a / b / c" like the column head: a table cell
# and a line box are what WeasyPrint's layout time follows, and one line of four cells a worker
# instead of 2-3 lines in each lays the 300-worker appendix out 2x faster (bench/RESULTS.md).
WORKER_GROUPS = (("name", "id_number", "status"), ("posts", "post", "hazards"), ("last_exam", "next_exam"),
                 ("last_training", "next_training"))
WORKER_SEP = " / "
WORKER_STATUS = {"ok": N_("In order"), "fail": N_("Action needed")}
METRICS = {
    "declaration": N_("Hazard declaration filed"), "testing_coverage": N_("Workplace testing coverage"),
    "exam_coverage": N_("Periodic exam coverage"), "training_managers": N_("Manager training coverage"),
    "training_workers": N_("Worker training coverage"), "card_coverage": N_("Notice card coverage"),
    "contract_notice": N_("Contract notice coverage"), "insurance_coverage": N_("Work-injury insurance coverage"),
}
DUE_KINDS = {"exam": N_("Health exam"), "training": N_("Training"), "monitoring": N_("Workplace monitoring"),
             "declaration": N_("Declaration"), "evaluation": N_("Status evaluation"), "dose": N_("Dose reading"),
             "ppe": N_("Protective equipment issue"), "notification": N_("Notify workers of results"),
             "document": N_("Document review"), "drill": N_("Emergency drill")}


@lru_cache(maxsize=1)
def template_env() -> Any:
    """One Jinja environment per process: each template is compiled once (compiling the report's
    templates costs more than filling them), whatever is rendered after."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    from markupsafe import Markup

    def finalize(v: Any) -> Any:
        # The one place every printed text passes: IDs masked, control characters dropped,
        # `code` marks shown as code (not as backticks).
        if isinstance(v, Markup):  # our own CSS/SVG, marked safe in the template code
            return v
        if isinstance(v, str):
            return code_marks(safe_text(v))
        return "" if v is None else v

    env = Environment(
        loader=FileSystemLoader(str(ASSETS / "templates")),
        autoescape=select_autoescape(default=True, default_for_string=True),
        finalize=finalize, trim_blocks=True, lstrip_blocks=True,
    )
    env.filters["cites"] = keep_citations_together
    return env


CITATION = re.compile(r"第\s*[0-9一二三四五六七八九十百]+\s*条(?:第\s*[0-9一二三四五六七八九十]+\s*[款项])*"
                      r"|Art\.?\s*\d+(?:\(\d+\))*(?:\s*(?:¶|para\.?)\s*\d+)*|附录\s*[A-Z0-9]+|Annex\s+[IVX\d]+")


CODE_MARK = re.compile(r"`([^`\n]+)`")


def code_marks(text: str) -> Any:
    """Escaped text with `code` marks (catalogue and message texts) as <code class="cmd">."""
    from markupsafe import Markup, escape

    return Markup(CODE_MARK.sub(r'<code class="cmd">\1</code>', str(escape(text))))


def keep_citations_together(v: Any) -> Any:
    """Escaped text with each article reference (第35条第2款, Art. 35(2)) in a no-wrap span,
    so a citation never breaks as "第6" / "条"."""
    from markupsafe import Markup

    if not v:
        return v
    text = str(code_marks(safe_text(str(v))))
    return Markup(CITATION.sub(lambda m: f'<span class="nowrap">{m.group(0)}</span>', text))


HEADER_CHARS = 30  # the firm name in the running page header: one line, and quick to lay out


def shorten(text: str, n: int) -> str:
    """At most ``n`` characters, with … when cut (page headers repeat on every page)."""
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[:n - 1].rstrip() + "…"


def _workers_table(a: Assessment, tr: Translator) -> tuple[list[tuple[str, float]], list[list[str]]]:
    """Appendix A: each exposed worker's exam and training schedule: the column heads with their
    widths (%), and one row of cells a worker."""
    if a.workers:
        next_training: dict[str, Any] = {}
        for d in a.due:
            if d.kind == "training" and d.subject_kind == "worker":
                if d.subject_id not in next_training or d.date < next_training[d.subject_id]:
                    next_training[d.subject_id] = d.date
        post_names = {p.post_id: p.post for p in a.posts}
        rows_in = []
        for w in a.workers:
            if w.get("current") is False or not w.get("hazards"):
                continue  # left the firm, or not exposed
            w = dict(w)
            wid = w.get("worker_id")
            if "next_training" not in w and wid in next_training:
                w["next_training"] = next_training[wid]
            rows_in.append(w)
        present = {k for w in rows_in for k, v in w.items() if v not in (None, "", [], ())}
        keys = [k for k in WORKER_COLS if k in present and not (k == "post" and "posts" in present)]
        # Related values share a cell on one line (WORKER_GROUPS): 4 cells a worker, not 9.
        groups = [[k for k in g if k in keys] for g in WORKER_GROUPS]
        groups = [g for g in groups if g] + [[k] for k in keys if not any(k in g for g in WORKER_GROUPS)]
        width = [sum(WORKER_WIDTHS[k] for k in g) + 1.2 * (len(g) - 1) for g in groups]
        header = [(WORKER_SEP.join(tr.gettext(WORKER_COLS[k]) for k in g), round(100 * w / sum(width), 1))
                  for g, w in zip(groups, width)]
        rows = []
        for w in rows_in:
            values = {}
            for k in keys:
                v = w.get(k)
                if k == "status" and v in WORKER_STATUS:
                    v = tr.gettext(WORKER_STATUS[v])
                if k == "posts" and isinstance(v, (list, tuple)):
                    v = [post_names.get(x, x) for x in v]
                if isinstance(v, (list, tuple)):
                    v = ("、" if tr.lang == "zh" else ", ").join(str(tr._param(x)) for x in v)
                elif hasattr(v, "isoformat"):
                    v = tr.date(v)
                elif isinstance(v, dict):
                    v = tr.pick(v)
                values[k] = mask_ids("" if v is None else v)
            # A value missing in a cell shows as — so that the others keep their place under the head.
            rows.append([WORKER_SEP.join(values[k] or "—" for k in g) if any(values[k] for k in g) else ""
                         for g in groups])
        return header, rows
    # No display rows: schedule from the due items of workers.
    by: dict[str, dict[str, Any]] = {}
    for d in a.due:
        if d.subject_kind != "worker":
            continue
        r = by.setdefault(d.subject_id, {"label": tr.label(d.label), "exam": None, "training": None})
        if d.kind in ("exam", "training") and (r[d.kind] is None or d.date < r[d.kind][0]):
            r[d.kind] = (d.date, d.overdue)
    header = [(tr.gettext("Worker"), 40.0), (tr.gettext("Next exam due"), 30.0), (tr.gettext("Next training due"), 30.0)]
    rows = []

    def cell(x: Any) -> str:
        if not x:
            return ""
        return tr.date(x[0]) + (" " + tr.gettext("(overdue)") if x[1] else "")

    for sid, r in sorted(by.items(), key=lambda kv: kv[1]["label"]):
        rows.append([mask_ids(r["label"]), cell(r["exam"]), cell(r["training"])])
    return header, rows


UNC_KINDS = ("obligation", "param", "exam_interval", "exam_standard", "local", "decided_by", "hazard_class")


def unconfirmed_text(tr: Translator, note: str) -> str:
    """The engine's ``kind:detail`` notes as a sentence (free text is shown as it is)."""
    kind = note.partition(":")[0]
    if kind not in UNC_KINDS:
        return note
    if kind == "obligation":
        why = tr.pick(texts.g(texts.obligations().get(note.partition(":")[2]), "notes"))
        if why:
            return why
    try:
        from ohkit.render.jsonout import unconfirmed_msg
    except ImportError:
        return note
    return tr.msg(unconfirmed_msg(note))


def _hazard_class_text(a: Assessment, tr: Translator) -> str:
    """The class used, and when it is only suggested by the industry code, where it came from."""
    info = dict(getattr(a, "hazard_class", None) or {})
    value = info.get("value", a.firm.hazard_class)
    label = {"serious": tr.gettext("Serious hazards"), "general": tr.gettext("General hazards"),
             "none": tr.gettext("No hazards declared")}.get(value or "", "—")
    ind = info.get("industry") or {}
    if info.get("source") == "industry" and ind:
        label += tr.gettext(" (suggested from industry {code} {name} by the 2021 risk classification catalogue, not recorded)").format(
            code=ind.get("code", ""), name=ind.get("name", ""))
    return label


def _metric_row(m: Any, tr: Translator) -> dict[str, Any]:
    """A rate with its definition (rates.yaml: numerator, denominator, who is left out, source)."""
    cat = texts.catalogue()
    rate = cat.rate(m.id) if hasattr(cat, "rate") else None
    name = tr.pick(rate.name) if rate is not None else tr.gettext(METRICS[m.id]) if m.id in METRICS else m.id
    return {"name": name, "num": m.numerator, "den": m.denominator, "value": texts.pct(m.value),
            "target": texts.pct(m.target) if m.target is not None else "",
            "below": m.target is not None and m.value is not None and m.value < m.target,
            "numerator": tr.pick(rate.numerator) if rate is not None else "",
            "denominator": tr.pick(rate.denominator) if rate is not None else "",
            "excluded": tr.pick(rate.excluded) if rate is not None and rate.excluded else "",
            "basis": texts.basis_text(tr, rate.basis) if rate is not None else "",
            "unconfirmed": rate is not None and not rate.confirmed}


def report_context(a: Assessment, tr: Translator) -> dict[str, Any]:
    gr = texts.grade(a)
    area_rows = []
    by_area: dict[str, list] = defaultdict(list)
    for f in a.findings:
        by_area[f.area].append(f)
    known = texts.area_order()
    order = [x for x in known if x in by_area] + sorted(x for x in by_area if x not in known)
    totals = {s: 0 for s in texts.STATUS}
    sections = []
    unconfirmed: list[tuple[str, str]] = []
    for area in order:
        fs = sorted(by_area[area], key=lambda f: texts.obligation_rank(f.obligation_id))
        counts = {s: sum(1 for f in fs if texts.effective_status(f) == s) for s in texts.STATUS}
        for s, n in counts.items():
            totals[s] += n
        name = texts.area_name(tr, area)
        area_rows.append({"area": area, "name": name, "n": len(fs), **counts})
        items = []
        for f in fs:
            ot = texts.obligation_texts(tr, f.obligation_id)
            subjects = [
                {"label": tr.label(s.label), "status": s.status, "status_txt": tr.gettext(texts.STATUS.get(s.status, s.status)),
                 "msg": tr.msg(s.msg), "due": tr.date(s.due), "overdue": s.overdue_days or 0}
                for s in f.subjects if s.status != "pass"
            ]
            unc = [unconfirmed_text(tr, n) for n in f.unconfirmed]
            if ot["unconfirmed"] and not unc:
                unc = [tr.gettext("This obligation rests on a value that is not yet confirmed.")]
            for u in unc:
                unconfirmed.append((f.obligation_id, u))
            st = texts.effective_status(f)
            st_txt = tr.gettext(texts.STATUS.get(st, st))
            if f.status == "manual" and st != "manual":
                st_txt += tr.gettext(" (answered)")
            items.append({
                "id": f.obligation_id, "status": st, "status_txt": st_txt,
                "severity": tr.gettext(texts.SEVERITY.get(f.severity, f.severity)), "sev": f.severity,
                "msg": tr.msg(f.msg), "due": tr.date(texts.finding_due(f)),
                "overdue": texts.finding_overdue(f), "n_subjects": len(f.subjects),
                "n_ok": sum(1 for s in f.subjects if s.status == "pass"),
                "subjects": subjects, "unconfirmed": bool(unc), **ot,
            })
        sections.append({"area": area, "name": name, "obligations": items})
    for p in a.posts:
        for h in p.hazards:
            if not h.exam_interval_confirmed and h.exam_interval_months:
                unconfirmed.append((p.post, tr.gettext("Exam interval for {hazard}: {months} months").format(
                    hazard=h.name_zh if tr.lang == "zh" else h.name_en, months=h.exam_interval_months)))
            for o in h.oel:
                if not o.get("confirmed", True):
                    unconfirmed.append((p.post, "{} {} {} {}".format(
                        h.name_zh if tr.lang == "zh" else h.name_en, o.get("kind", ""), o.get("value", ""), o.get("unit", "")).strip()))
    seen = set()
    unconfirmed = [u for u in unconfirmed if not (u in seen or seen.add(u))]
    metrics = [_metric_row(m, tr) for m in a.metrics]
    items = actionplan.action_items(a, tr)
    wh, wr = _workers_table(a, tr)
    # Appendix B: the firm's own dates (testing, declaration, drills …) and whatever is overdue;
    # each worker's next exam and training are in appendix A, the full list is `ohkit due`.
    due_rows = [{"date": tr.date(d.date), "kind": tr.gettext(DUE_KINDS.get(d.kind, d.kind)), "label": tr.label(d.label),
                 "msg": tr.msg(d.msg), "overdue": d.overdue, "ob": d.obligation_id}
                for d in sorted(a.due, key=lambda d: (d.date, d.obligation_id, d.subject_id))
                if d.subject_kind != "worker" or d.overdue]
    fp = a.firm
    unread = [{"where": str(p.loc), "what": tr.msg(p.msg)} for p in getattr(a, "unread", ())]
    return {
        "incomplete": unread,
        "incomplete_mark": tr.gettext("INCOMPLETE"),
        "incomplete_txt": tr.gettext("INCOMPLETE: {n} record files could not be read, so this report rests only on "
                                     "the other records and must not be signed as a full self-assessment. "
                                     "Missing:").format(n=len(unread)),
        "lang": "zh-CN" if tr.lang == "zh" else "en",
        "t": tr.gettext, "colon": "：" if tr.lang == "zh" else ": ", "lp": "（" if tr.lang == "zh" else " (", "rp": "）" if tr.lang == "zh" else ")",
        "firm": {
            "name": fp.name or tr.gettext("(firm name not stated)"), "credit_code": fp.credit_code or "—",
            "short": shorten(fp.name or tr.gettext("(firm name not stated)"), HEADER_CHARS),
            "region": fp.region or "—", "industry": fp.industry or "—",
            "headcount": fp.headcount if fp.headcount is not None else "—",
            "hazard_class": _hazard_class_text(a, tr),
            "principal": fp.principal or "", "manager": (fp.oh_manager.name if fp.oh_manager else None) or "",
        },
        "as_of": tr.date(a.as_of), "ruleset": a.ruleset_version, "version": a.ohkit_version,
        "exam_standard": a.exam_standard, "digest": a.records_digest,
        "digest_short": re.sub(r"[^0-9a-fA-F]", "", a.records_digest or "")[:12],
        "grade": {"level": gr.level, "label": tr.gettext(texts.GRADE_LABELS[gr.level]), "met": gr.met,
                  "applicable": gr.applicable, "high_fail": gr.high_fail, "rate": texts.pct(gr.rate if gr.applicable else None)},
        "grade_rule": tr.gettext(texts.GRADE_RULE).format(pass_pct=int(texts.GRADE_PASS_RATE * 100),
                                                          basic_pct=int(texts.GRADE_BASIC_RATE * 100)),
        "areas": area_rows, "totals": totals, "n_findings": len(a.findings),
        "sections": sections, "metrics": metrics,
        "actions": [{"no": it.no, "id": it.obligation_id, "title": it.title, "problem": it.problem,
                     "action": it.action, "priority": it.priority,
                     "priority_txt": tr.gettext(actionplan.PRIORITY[it.priority]),
                     "due": tr.date(it.due), "suggested": it.due_suggested, "overdue": it.overdue_days}
                    for it in items],
        "workers_header": wh, "workers_rows": wr, "due_rows": due_rows,
        "unconfirmed": unconfirmed,
        "problems": len([p for p in a.problems if p.severity == "error"]),
        "problems_txt": tr.msg(Msg("ren.records_problems", {"count": len([p for p in a.problems if p.severity == "error"])})),
    }


def _css(for_pdf: bool) -> str:
    from ohkit.render.pdf import base_css, FONT_STACK

    css = (ASSETS / "report.css").read_text(encoding="utf-8")
    head = base_css() if for_pdf else f"html {{ font-family: {FONT_STACK}; }}\n"
    return head + css


# When appendix A is a document of its own, an obligation's list of workers or items concerned
# longer than SUBJECTS_APART rows shows its first SUBJECTS_SHOWN in the report and the whole
# list in the appendix's part 2 (with the schedule, the per-worker half of a large firm's report).
SUBJECTS_APART, SUBJECTS_SHOWN = 10, 5
DETAILED = ("fail", "unknown", "manual", "unconfirmed")  # the statuses the report explains one by one


def render_report_html(a: Assessment, lang: str = "zh", *, for_pdf: bool = False, comparison: Any = None,
                       signoff: Any = None, appendix_file: str | None = None, ctx: dict[str, Any] | None = None) -> str:
    """The report as one HTML document. With ``appendix_file`` (the PDF split, see
    ``render_report_split``) appendix A is not in it: its place, and the cover, name that file.
    ``ctx``: ``report_context`` already made for this assessment and language."""
    ctx = dict(ctx or report_context(a, translator(lang)))
    ctx["css"] = _css(for_pdf)
    ctx["cmp"] = comparison  # the page "与上次自查相比": render.compare.report_page(...) or None
    ctx["signoff"] = signoff  # `ohkit report --sign NAME`: who checked it and when (commands.signoff)
    ctx["appendix_file"] = appendix_file if ctx["workers_rows"] else None
    ctx["subjects_apart"], ctx["subjects_shown"] = SUBJECTS_APART, SUBJECTS_SHOWN
    return template_env().get_template("report.html.j2").render(**ctx)


def render_appendix_html(a: Assessment, lang: str = "zh", *, report_file: str = "", for_pdf: bool = True,
                         ctx: dict[str, Any] | None = None) -> str:
    """Appendix A as a document of its own: each exposed worker's exam and training schedule, then
    (part 2) the full lists of workers or items concerned that the report shortens; with the
    report's running header and records digest and the name of the report it belongs to."""
    ctx = dict(ctx or report_context(a, translator(lang)))
    ctx["css"] = _css(for_pdf)
    ctx["report_file"] = report_file
    ctx["subjects_shown"] = SUBJECTS_SHOWN
    ctx["long_lists"] = [f for sec in ctx["sections"] for f in sec["obligations"]
                         if f["status"] in DETAILED and len(f["subjects"]) > SUBJECTS_APART]
    return template_env().get_template("report_appendix.html.j2").render(**ctx)


def render_report(a: Assessment, lang: str = "zh", *, fetcher: Any = None,
                  comparison: Any = None, signoff: Any = None) -> tuple[str, bytes, list[Msg]]:
    """HTML (standalone, for screens) and PDF bytes, plus warnings (missing glyphs); the PDF is
    one document with appendix A inside (``render_report_split`` prints that appendix apart).
    ``comparison`` (``render.compare.report_page``) adds the page comparing with the last self-check."""
    from ohkit.render.pdf import coverage_warning, html_to_pdf

    ctx = report_context(a, translator(lang))
    html = render_report_html(a, lang, comparison=comparison, signoff=signoff, ctx=ctx)
    pdf_html = render_report_html(a, lang, for_pdf=True, comparison=comparison, signoff=signoff, ctx=ctx)
    warnings = [w for w in [coverage_warning(pdf_html)] if w]
    return html, html_to_pdf(pdf_html, fetcher=fetcher), warnings


# From this many exposed workers on, appendix A is printed as a document of its own (one row a
# worker, ~35 rows a page): below it the appendix lays out in well under half a second, and one
# file is simpler to hand over than two.
APPENDIX_APART_WORKERS = 50


def render_report_split(a: Assessment, lang: str = "zh", *, report_file: str, appendix_file: str,
                        comparison: Any = None, signoff: Any = None, fetcher: Any = None,
                        parallel: bool = True) -> tuple[str, bytes, bytes | None, list[Msg]]:
    """What ``ohkit report`` writes: the HTML (everything, appendix A included: a screen page costs
    no layout), the report PDF, and appendix A as its own PDF from ``APPENDIX_APART_WORKERS``
    exposed workers on (else None: a small firm's appendix stays in the one report PDF).

    The per-worker half of a 300-worker report (the schedule, and the long lists of workers
    concerned that the report cuts to their first ``SUBJECTS_SHOWN``) is about half of its layout
    time; as a second document it is laid out in a second process at the same time as the report
    (``pdf.start_pdf``; one after the other where fork is not available), which then also makes
    the screen HTML, so that both processes take about as long. The report names the
    appendix file on its cover, where the appendix was and under each shortened list; the appendix
    names the report file and repeats its digest."""
    from ohkit.render.pdf import coverage_warning, discard_pdf, finish_pdf_then, html_to_pdf, start_pdf

    ctx = report_context(a, translator(lang))
    if len(ctx["workers_rows"]) < APPENDIX_APART_WORKERS:
        html = render_report_html(a, lang, comparison=comparison, signoff=signoff, ctx=ctx)
        pdf_html = render_report_html(a, lang, for_pdf=True, comparison=comparison, signoff=signoff, ctx=ctx)
        warnings = [w for w in [coverage_warning(pdf_html)] if w]
        return html, html_to_pdf(pdf_html, fetcher=fetcher), None, warnings
    app_html = render_appendix_html(a, lang, report_file=report_file, ctx=ctx)

    def screen_html() -> str:  # everything, for screens: made by the appendix's process once its PDF is out
        return render_report_html(a, lang, comparison=comparison, signoff=signoff, ctx=ctx)

    template_env().get_template("report.html.j2")  # compiled once, before the fork: both processes use it
    job = start_pdf(app_html, parallel=parallel, then=screen_html)  # the appendix first: its process starts at once
    try:
        pdf_html = render_report_html(a, lang, for_pdf=True, comparison=comparison, signoff=signoff,
                                      appendix_file=appendix_file, ctx=ctx)
        warnings = [w for w in [coverage_warning(pdf_html + app_html)] if w]
        pdf = html_to_pdf(pdf_html, fetcher=fetcher)
    except BaseException:
        discard_pdf(job)
        raise
    appendix, html = finish_pdf_then(job, fetcher=fetcher)
    return html, pdf, appendix, warnings
