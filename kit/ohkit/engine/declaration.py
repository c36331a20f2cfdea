"""The 职业病危害项目申报表 (declaration form) prefilled from a firm's records.

    from ohkit.engine.declaration import declaration_form
    form = declaration_form(workspace, as_of, catalogue=None, assessment=None)  # -> model.DeclarationForm

The boxes follow the national form (职业病危害项目申报表, 2012 edition, annex 1 to the
notice that put 职业病危害项目申报办法 (原安监总局令第48号) into practice) and the sections of
the online declaration system that grew from it, in their order: basic facts; hazard
factors by category with the exposed headcount; where the factors are (workplaces);
workplace testing; health exams; the people responsible. Every value carries the records
it came from (``FormValue.sources``); a box the records cannot fill stays blank and is
listed in ``missing`` — never guessed. ``reasons`` say whether a declaration is due now
and why (48号令 第2条, 第8条 items 1–4; the system's annual update rule).

Exposed headcounts come from the roster (劳动者名册): a current worker on a post with a
factor counts once for that factor, once for its category, once in the total. Without a
roster, a factor's ``posts.exposed`` is used only when one post row carries it (adding
rows could count a worker twice); otherwise the box is blank.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

from ohkit.model import (CategoryCount, DeclarationForm, DeclarationReason, DetectionSummary, ExamSummary,
                         FactorCount, FormValue, Loc, Msg, WorkplaceRow)

CATEGORIES = ("dust", "chemical", "physical", "radiation", "biological", "other")

# documents.kind of the events that make a change declaration due (48号令 第8条), by item
CHANGE_ITEMS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("project", "第8条第1项", ("竣工验收", "建设项目验收")),
    ("hazards", "第8条第2项", ("工艺变更", "设备变更", "材料变更", "原料变更")),
    ("firm", "第8条第3项", ("地址变更", "场所变更", "名称变更", "法定代表人变更", "负责人变更")),
    ("detection", "第8条第4项", ("检测结果变化",)),
)
REPORT_KINDS = ("periodic", "status_evaluation", "control_effect", None)


def _profile_value(ws: Any, key: str) -> tuple[Any, tuple[Loc, ...]]:
    """A fact from enterprise.yaml (else the walk-through answer) and where it is."""
    obj: Any = ws.profile
    for part in key.split("."):
        obj = getattr(obj, part, None) if obj is not None else None
    if obj is not None and obj != "":
        return obj, (Loc(ws.profile.source_file or "enterprise.yaml", column=key),)
    a = (ws.answers or {}).get(key)
    if isinstance(a, dict):
        a = a.get("answer")
    if a is not None and a != "":
        return a, (Loc("answers.yaml", column=key),)
    return None, ()


def _fv(key: str, value: Any, sources: Iterable[Loc] = (), note: Msg | None = None) -> FormValue:
    if value is None or value == "":
        return FormValue(key, None, (), note)
    return FormValue(key, value, tuple(dict.fromkeys(sources)), note)


def declaration_form(ws: Any, as_of: dt.date, catalogue: Any = None, assessment: Any = None) -> DeclarationForm:
    """Prefill the declaration form from the Workspace ``ws`` on ``as_of`` (pure)."""
    if catalogue is None:
        from ohkit.catalogue import load_catalogue

        catalogue = load_catalogue()
    if assessment is None:
        from ohkit.engine import assess

        assessment = assess(ws, as_of, catalogue)
    from ohkit.catalogue import exam_standard
    from ohkit.engine.context import build

    ctx = build(ws, as_of, catalogue, exam_standard(as_of))
    has_roster = ctx.has("workers")
    current = [w for w in ctx.current_workers() if w.exposed]

    # -- hazards by factor and category ------------------------------------------------
    factor_rows: dict[str, list[Any]] = {}
    for r in ctx.post_rows:
        if r.hazard_id:
            factor_rows.setdefault(r.hazard_id, []).append(r)
    factor_workers: dict[str, dict[str, Any]] = {h: {} for h in factor_rows}
    for w in current:
        for r in w.rows:
            factor_workers.setdefault(r.hazard_id, {})[w.id] = w

    def category(hid: str) -> str | None:
        h = ctx.hazard(hid)
        return h.category if h is not None and h.category in CATEGORIES else None

    def roster_sources(workers: Iterable[Any], rows: Iterable[Any]) -> list[Loc]:
        return [w.rec.loc("post_id") for w in workers] + [r.rec.loc("hazard") for r in rows]

    def count(key: str, workers: dict[str, Any], rows: list[Any]) -> FormValue:
        if has_roster:
            return _fv(key, len(workers), roster_sources(workers.values(), rows), Msg("decl.note.roster"))
        if len(rows) == 1 and rows[0].exposed is not None:
            return _fv(key, rows[0].exposed, [rows[0].rec.loc("exposed")], Msg("decl.note.posts_exposed"))
        return _fv(key, None, note=Msg("decl.note.no_roster"))

    def factor(hid: str, workers: dict[str, Any], rows: list[Any], key: str) -> FactorCount:
        return FactorCount(hid, ctx.hazard_name(hid), category(hid), count(key, workers, rows),
                           tuple(dict.fromkeys(r.post for r in rows)))

    factors = [factor(h, factor_workers.get(h, {}), rows, f"hazards.{h}") for h, rows in factor_rows.items()]
    posts_known = bool(ctx.post_rows)
    no_hazards = not posts_known and ctx.flags.get("haz") is False
    hc_src = [Loc(ws.profile.source_file or "enterprise.yaml", column="hazard_class")] if no_hazards else []
    cats = []
    for c in CATEGORIES:
        fs = [f for f in factors if f.category == c]
        rows = [r for f in fs for r in factor_rows[f.hazard_id]]
        # "无" rests on the whole posts table (no row of it names a factor of this category)
        any_post = [Loc(ctx.post_rows[0].rec.source.file, ctx.post_rows[0].rec.source.sheet)] if posts_known else hc_src
        present = _fv(f"category.{c}", (bool(fs) if posts_known else False if no_hazards else None),
                      [r.rec.loc("hazard") for r in rows] or any_post)
        if not fs:
            exposed = _fv(f"category.{c}.exposed", 0 if (posts_known or no_hazards) else None, any_post)
        else:
            ws_ = {w.id: w for f in fs for w in factor_workers.get(f.hazard_id, {}).values()}
            exposed = count(f"category.{c}.exposed", ws_, rows)
        cats.append(CategoryCount(c, present, exposed, tuple(fs)))
    unclassified = tuple(f for f in factors if f.category is None)
    all_workers = {w.id: w for w in current}
    exposed_total = count("basic.exposed_total", all_workers, [r for rows in factor_rows.values() for r in rows]) \
        if posts_known else _fv("basic.exposed_total", 0 if no_hazards else None, hc_src)

    # -- where: workplaces ---------------------------------------------------------------
    by_wp: dict[str, list[Any]] = {}
    for r in ctx.post_rows:
        if r.hazard_id:
            by_wp.setdefault(r.workplace or "", []).append(r)
    workplaces = []
    for i, (wp, rows) in enumerate(by_wp.items()):
        pids = {r.post_id for r in rows}
        hz: dict[str, list[Any]] = {}
        for r in rows:
            hz.setdefault(r.hazard_id, []).append(r)
        here = {w.id: w for w in current if pids & set(w.posts)}
        fs = []
        for h, hrows in hz.items():
            hp = {r.post_id for r in hrows}
            wk = {w.id: w for w in here.values() if hp & set(w.posts)}
            fs.append(factor(h, wk, hrows, f"workplace.{i}.{h}"))
        workplaces.append(WorkplaceRow(
            _fv(f"workplace.{i}.name", wp or None, [r.rec.loc("workplace") for r in rows]),
            tuple(dict.fromkeys(r.post for r in rows)), tuple(fs), count(f"workplace.{i}.exposed", here, rows)))

    detection = _detection(ctx)
    exams = _exams(ctx, assessment)
    reasons, last = _reasons(ctx, catalogue)
    due_now: bool | None
    if any(r.status in ("unknown", "unknown_hazards") for r in reasons):
        due_now = None
    else:
        due_now = any(r.status in ("due", "overdue", "window") for r in reasons)

    # -- basic facts -------------------------------------------------------------------------
    def prof(key: str, form_key: str | None = None) -> FormValue:
        v, src = _profile_value(ws, key)
        return _fv(f"basic.{form_key or key}", v, src)

    change = sorted((r for r in reasons if r.kind in ("project", "hazards", "firm", "detection")
                     and r.status in ("due", "overdue")), key=lambda r: (r.event_date or as_of, r.kind))
    if any(r.kind == "initial" and r.status in ("due", "overdue") for r in reasons):
        dtype = _fv("basic.decl_type", "initial", [Loc(ctx.ws.sources["declarations"].file,
                                                       ctx.ws.sources["declarations"].sheet)]
                    if "declarations" in ctx.ws.sources else [])
    elif change:
        dtype = _fv("basic.decl_type", "change", [e for r in change for e in r.evidence])
    elif any(r.kind == "annual" and r.status in ("window", "overdue") for r in reasons):
        dtype = _fv("basic.decl_type", "annual", [e for r in reasons if r.kind == "annual" for e in r.evidence])
    else:
        dtype = _fv("basic.decl_type", None)
    reason_text = "；".join(dict.fromkeys(r.event for r in change if r.event)) if change else None
    mgr_name, mgr_src = _profile_value(ws, "oh_manager.name")
    full, full_src = _profile_value(ws, "oh_manager.full_time")
    body, body_src = _profile_value(ws, "oh_body")
    staff_note = Msg("decl.note.one_manager")
    head, head_src = _profile_value(ws, "headcount")
    if head is not None:
        workers_total = _fv("basic.workers_total", head, head_src)
    elif has_roster:
        cw = ctx.current_workers()
        workers_total = _fv("basic.workers_total", len(cw), [w.rec.loc("worker_id") for w in cw], Msg("decl.note.roster_all"))
    else:
        workers_total = _fv("basic.workers_total", None)
    basic = (
        dtype,
        _fv("basic.change_reason", reason_text, [e for r in change for e in r.evidence]),
        prof("name"), prof("credit_code"),
        _fv("basic.registered_address", None), _fv("basic.workplace_address", None),
        prof("size"), prof("industry"),
        _fv("basic.registration_type", None), _fv("basic.legal_rep", None),
        prof("contact_phone", "phone"),
        _fv("basic.oh_body", True if body else None, body_src),
        _fv("basic.oh_staff_full", 1 if (mgr_name and full is True) else None, mgr_src + full_src,
            staff_note if (mgr_name and full is True) else None),
        _fv("basic.oh_staff_part", 1 if (mgr_name and full is False) else None, mgr_src + full_src,
            staff_note if (mgr_name and full is False) else None),
        workers_total,
        _fv("basic.od_cumulative", None),
        exposed_total,
    )

    # -- people ------------------------------------------------------------------------------------
    def trained(name: Any, key: str) -> FormValue:
        if not name:
            return _fv(key, None)
        name = str(name).strip()
        w = ctx.workers_by_id.get(name) or next((x for x in ctx.workers if x.name == name), None)
        keys = dict.fromkeys(k for k in ([w.id, w.name] if w else []) + [name] if k)
        recs = sorted((t for k in keys for t in ctx.training.get(k, [])), key=lambda t: t.date)
        if not recs:
            return _fv(key, None) if not ctx.has("training") else _fv(key, False, [], Msg("decl.note.no_training"))
        last_t = recs[-1]
        return _fv(key, last_t.date, [t.rec.loc("date") for t in recs], Msg("decl.note.last_training"))

    principal, p_src = _profile_value(ws, "principal")
    phone, ph_src = _profile_value(ws, "contact_phone")
    people = (
        _fv("people.principal", principal, p_src),
        trained(principal, "people.principal_trained"),
        _fv("people.oh_manager", mgr_name, mgr_src),
        trained(mgr_name, "people.oh_manager_trained"),
        _fv("people.phone", phone, ph_src),
        _fv("people.filler", None),
    )

    counts = [f.exposed for w in workplaces for f in w.factors]
    repeat_total = _fv("distribution.total", None if any(c.blank for c in counts) or not counts
                       else sum(c.value for c in counts), [s for c in counts for s in c.sources])
    missing = _missing(basic, cats, workplaces, detection, exams, people, unclassified, due_now, ctx)
    return DeclarationForm(
        as_of=as_of, ruleset_version=catalogue.ruleset, ohkit_version=assessment.ohkit_version,
        records_digest=ws.digest, basic=basic, categories=tuple(cats), exposed_total=exposed_total,
        unclassified=unclassified, workplaces=tuple(workplaces), detection=detection, exams=exams,
        people=people, due_now=due_now, reasons=tuple(reasons), last_filing=last, missing=tuple(missing),
        problems=sum(1 for p in ws.problems if p.severity == "error"), exposed_repeat_total=repeat_total,
        unread=tuple(getattr(ws, "unread", ())))


def _detection(ctx: Any) -> DetectionSummary:
    def blank(note: Msg | None = None) -> DetectionSummary:
        return DetectionSummary(*(_fv(f"detection.{k}", None, note=note)
                                  for k in ("report_no", "date", "agency", "kind", "points", "over")))

    if not ctx.has("monitoring"):
        return blank()
    ms = [m for m in ctx.measures if m.kind in REPORT_KINDS]
    if not ms:
        return blank(Msg("decl.note.no_report"))
    reports: dict[str, list[Any]] = {}
    for m in ms:
        reports.setdefault(m.report_no or m.date.isoformat(), []).append(m)
    key, rows = max(reports.items(), key=lambda kv: (max(m.date for m in kv[1]), kv[0]))
    date = max(m.date for m in rows)
    src = [m.rec.loc() for m in rows]
    over = [m for m in rows if m.over]
    undecided = sum(1 for m in rows if m.verdict is None and not m.over and _undecided(m))
    agency = next((m.rec.get("agency") for m in rows if m.rec.get("agency")), None)
    by_cat: dict[str, list[int]] = {}
    for m in rows:
        h = ctx.hazard(m.hazard_id)
        c = h.category if h is not None else "other"
        x = by_cat.setdefault(c, [0, 0])
        x[0] += 1
        x[1] += int(m.over)
    return DetectionSummary(
        report_no=_fv("detection.report_no", rows[0].report_no, [m.rec.loc("report_no") for m in rows[:1]]),
        date=_fv("detection.date", date, [m.rec.loc("date") for m in rows if m.date == date][:1]),
        agency=_fv("detection.agency", agency, [m.rec.loc("agency") for m in rows if m.rec.get("agency")][:1]),
        kind=_fv("detection.kind", rows[0].kind, [rows[0].rec.loc("kind")]),
        points=_fv("detection.points", len(rows), src, Msg("decl.note.points")),
        over=_fv("detection.over", len(over), [m.rec.loc("verdict") for m in over] or src,
                 Msg("decl.note.undecided", {"count": undecided}) if undecided else None),
        by_category=tuple((c, *by_cat[c]) for c in CATEGORIES if c in by_cat))


def _undecided(m: Any) -> bool:
    from ohkit.engine.util import as_float

    return as_float(m.value) is None or as_float(m.limit) is None


def _exams(ctx: Any, a: Any) -> ExamSummary:
    end, start = ctx.as_of, ctx.as_of - dt.timedelta(days=365)
    if not ctx.has("exams"):
        k = ("due", "done", "exams", "contraindication", "suspected", "recheck")
        return ExamSummary(start, end, *(_fv(f"exams.{x}", None) for x in k[:3]),
                           contraindication=_fv("exams.contraindication", None),
                           suspected=_fv("exams.suspected", None), recheck=_fv("exams.recheck", None))
    ex = [e for e in ctx.all_exams if start < e.date <= end]
    src = [e.rec.loc() for e in ex]
    types: dict[str, int] = {}
    for e in ex:
        types[e.type or "other"] = types.get(e.type or "other", 0) + 1
    # 应检 / 实检: the authority exam rate (engine.rates.exam_periodic, rates.yaml)
    cov = next((m for m in a.metrics if m.id == "exam_periodic"), None)

    def concl(key: str, code: str) -> FormValue:
        hit = [e for e in ex if e.conclusion == code]
        return _fv(f"exams.{key}", len(hit), [e.rec.loc("conclusion") for e in hit] or src)

    due = _fv("exams.due", cov.denominator if cov else None,
              [w.rec.loc("post_id") for w in ctx.exposed_workers()], Msg("decl.note.exam_due")) if cov else _fv("exams.due", None)
    done = _fv("exams.done", cov.numerator if cov else None, src, Msg("decl.note.exam_done")) if cov else _fv("exams.done", None)
    return ExamSummary(start, end, due, done, _fv("exams.exams", len(ex), src),
                       tuple(sorted(types.items())), concl("contraindication", "contraindication"),
                       concl("suspected", "suspected_od"), concl("recheck", "recheck"))


def _param(cat: Any, oid: str, key: str, default: int) -> int:
    try:
        return int(cat.obligation(oid).check.params.get(key, default))
    except (KeyError, TypeError, ValueError, AttributeError):
        return default


def _reasons(ctx: Any, cat: Any) -> tuple[list[DeclarationReason], FormValue]:
    from ohkit.engine.util import add_months, doc_matches

    out: list[DeclarationReason] = []
    haz = ctx.flags.get("haz")
    if haz is False:
        # no hazard factor listed in the catalogue: nothing to declare (第2条)
        return [DeclarationReason("none", "not_needed", "第2条")], _fv("last_filing", None)
    if not ctx.has("declarations"):
        if haz is not False:
            out.append(DeclarationReason("initial", "unknown", "第2条"))
        return out, _fv("last_filing", None)
    filings = [f for f in ctx.declarations if f[1] != "cancel"]
    last = filings[-1] if filings else None
    last_fv = _fv("last_filing", last[0] if last else None, [last[2].loc("date")] if last else [])
    if not filings:
        src = ctx.ws.sources["declarations"]
        # haz is True or None here: None = the posts table does not say yet whether there are hazards
        out.append(DeclarationReason("initial", "due" if haz else "unknown_hazards", "第2条",
                                     evidence=(Loc(src.file, src.sheet),)))
        return out, last_fv
    days, pdays = _param(cat, "DECL-2", "days", 15), _param(cat, "DECL-2", "project_days", 30)
    for kind, basis, kinds in CHANGE_ITEMS:
        limit = pdays if kind == "project" else days
        for d, k, title, rec in ctx.documents:
            if d is None or not doc_matches(k, title, list(kinds)):
                continue
            if any(f[0] >= d for f in filings):
                continue  # a declaration was filed on or after the event
            deadline = d + dt.timedelta(days=limit)
            out.append(DeclarationReason(kind, "overdue" if ctx.as_of > deadline else "due", basis,
                                         title or k, d, deadline, days=limit, evidence=(rec.loc(),)))
    # a testing or evaluation report received after the last filing: declare a change if it
    # shows the declared content changed (第8条第4项)
    reports: dict[str, list[Any]] = {}
    for m in ctx.measures:
        if m.kind in REPORT_KINDS and m.date > last[0]:
            reports.setdefault(m.report_no or m.date.isoformat(), []).append(m)
    for key, rows in reports.items():
        d = max(m.date for m in rows)
        out.append(DeclarationReason("detection", "check", "第8条第4项", rows[0].report_no or key, d,
                                     d + dt.timedelta(days=days), days=days,
                                     over_points=sum(1 for m in rows if m.over), evidence=(rows[0].rec.loc(),)))
    lo, hi = _param(cat, "DECL-4", "min_months", 11), _param(cat, "DECL-4", "max_months", 13)
    opens, closes = add_months(last[0], lo), add_months(last[0], hi)
    status = "overdue" if ctx.as_of > closes else "window" if ctx.as_of >= opens else "upcoming"
    out.append(DeclarationReason("annual", status, "system", None, last[0], closes, opens=opens,
                                 evidence=(last[2].loc("date"),)))
    return out, last_fv


def _missing(basic: Any, cats: Any, workplaces: Any, detection: Any, exams: Any, people: Any,
             unclassified: Any, due_now: bool | None, ctx: Any) -> list[str]:
    out = []
    for v in basic:
        if not v.blank:
            continue
        if v.key == "basic.decl_type" and due_now is False:
            continue
        if v.key == "basic.exposed_total" and any(c.present.blank for c in cats):
            continue  # listed once as the posts table
        if v.key == "basic.change_reason" and not any(b.key == "basic.decl_type" and b.value == "change" for b in basic):
            continue
        out.append(v.key)
    if any(c.present.blank for c in cats):
        out.append("hazards.posts")
    for c in cats:
        for f in c.factors:
            if f.exposed.blank:
                out.append(f"hazards.factor:{f.hazard_id}")
    for f in unclassified:
        out.append(f"hazards.category:{f.hazard_id}")
    for w in workplaces:
        if w.workplace.blank:
            out.append(f"workplace.name:{'、'.join(w.posts)}")
    haz = ctx.flags.get("haz") is not False
    if detection.points.blank and haz:
        out.append("detection.report")
    if exams.exams.blank and haz:
        out.append("exams.records")
    for v in people:
        if v.blank and v.key != "people.principal_trained" and v.key != "people.oh_manager_trained":
            out.append(v.key)
    return out
