"""Indexes over one Workspace that every check reads (built once per assessment)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from operator import attrgetter as _attrgetter
from operator import itemgetter as _itemgetter
from typing import Any, Mapping

from ohkit.engine.util import (
    CONCLUSION, DECL_KIND, EXAM_TYPE, MON_KIND, ROLE, SEX, SPECIAL, TRAIN_KIND, VERDICT,
    add_months, age_on, as_bool, as_date, as_float, as_list, enum_key, mask_id, norm, parse_level,
)
from ohkit.model import DueItem, Loc, Record


@dataclass(slots=True)
class PostRow:
    rec: Record
    post_id: str
    post: str
    workplace: str | None
    hazard_id: str  # catalogue id, or the raw name when unknown
    hazard: Any  # catalogue Hazard or None
    level_raw: str | None
    level: float | None
    grade: int | None
    serious: bool | None
    card_posted: dt.date | None
    signs_posted: bool | None
    exposed: int | None


@dataclass(slots=True)
class Assignment:
    """One period of a worker on a post (the optional ``assignments`` table: post history)."""

    rec: Record
    post_id: str
    start: dt.date
    end: dt.date | None  # last day on the post; None while still on it


@dataclass(slots=True)
class Worker:
    rec: Record
    id: str
    name: str
    id_masked: str | None
    posts: tuple[str, ...]
    hire: dt.date | None
    start: dt.date | None  # post_start, else hire_date
    leave: dt.date | None
    sex: str | None
    birth: dt.date | None
    special: str | None
    special_since: dt.date | None
    contract_notice: Any
    hazards: tuple[str, ...] = ()  # hazard ids (ordered, unique)
    rows: tuple[PostRow, ...] = ()  # post rows of the worker's posts
    label: str = ""
    history: tuple[Assignment, ...] = ()  # post history rows, by start date

    def current(self, as_of: dt.date) -> bool:
        return self.leave is None or self.leave > as_of

    @property
    def exposed(self) -> bool:
        return bool(self.hazards)

    @property
    def transfer(self) -> bool:
        """Started on the current post more than 30 days after hiring (a transfer, not induction)."""
        return bool(self.hire and self.start and (self.start - self.hire).days > 30)


@dataclass(slots=True)
class Exam:
    rec: Record
    worker_id: str
    date: dt.date
    type: str | None
    conclusion: str | None
    hazards: frozenset[str]  # ids; empty = not stated (covers all)
    notified: dt.date | None
    report_no: str | None
    next_due: dt.date | None = None  # next exam (or recheck) date set by the institution

    def covers(self, hazard_id: str) -> bool:
        return not self.hazards or hazard_id in self.hazards


@dataclass(slots=True)
class Training:
    rec: Record
    person: str
    role: str | None
    date: dt.date
    hours: float
    kind: str | None
    passed: bool | None


@dataclass(slots=True)
class Measure:
    rec: Record
    report_no: str | None
    date: dt.date
    kind: str | None
    post_id: str | None
    hazard_id: str | None
    value: Any
    unit: str | None
    limit: Any
    verdict: str | None  # pass / fail / None

    @property
    def over(self) -> bool:
        if self.verdict is not None:
            return self.verdict == "fail"
        v, lim = as_float(self.value), as_float(self.limit)
        return v is not None and lim is not None and v > lim


@dataclass(slots=True)
class Ctx:
    ws: Any
    as_of: dt.date
    cat: Any
    standard: str
    flags: dict[str, bool | None] = field(default_factory=dict)
    workers: list[Worker] = field(default_factory=list)
    workers_by_id: dict[str, Worker] = field(default_factory=dict)
    post_rows: list[PostRow] = field(default_factory=list)
    posts: dict[str, list[PostRow]] = field(default_factory=dict)
    exams: dict[str, list[Exam]] = field(default_factory=dict)
    all_exams: list[Exam] = field(default_factory=list)
    training: dict[str, list[Training]] = field(default_factory=dict)
    measures: list[Measure] = field(default_factory=list)
    declarations: list[tuple[dt.date, str | None, Record]] = field(default_factory=list)
    documents: list[tuple[dt.date | None, str, str, Record]] = field(default_factory=list)
    ppe: dict[str, list[tuple[dt.date, Record]]] = field(default_factory=dict)
    dose: dict[str, list[tuple[dt.date, dt.date, Record]]] = field(default_factory=dict)
    due: list[DueItem] = field(default_factory=list)
    metrics: dict[str, tuple[int, int]] = field(default_factory=dict)
    interval_cache: dict[tuple, Any] = field(default_factory=dict)
    _hz: dict[str, Any] = field(default_factory=dict)
    _hz_name: dict[str, dict[str, str]] = field(default_factory=dict)
    _docs: dict[tuple, list] = field(default_factory=dict)
    _cache: dict[str, Any] = field(default_factory=dict)

    # -- profile facts (enterprise.yaml, else the walk-through answer) ----------
    def fact(self, key: str) -> Any:
        obj: Any = self.ws.profile
        for part in key.split("."):
            obj = getattr(obj, part, None) if obj is not None else None
        if obj is not None:
            return obj
        return answer_value(self.ws.answers, key)

    def hazard_class(self) -> tuple[str | None, str | None]:
        """(class, source): enterprise.yaml or the walk-through answer wins; else the class the 2021
        risk classification catalogue gives the firm's industry (source "industry")."""
        r = self._cache.get("hazard_class")
        if r is not None:
            return r
        prof = getattr(self.ws.profile, "hazard_class", None)
        raw = prof if prof is not None else answer_value(self.ws.answers, "hazard_class")
        hc = enum_key("enterprise", "hazard_class", raw) if raw is not None else None
        src = None if hc is None else ("enterprise" if prof is not None else "answers")
        if hc is None:
            s = self.industry_suggestion()
            if s is not None and s.cls is not None:
                hc, src = s.cls, "industry"
        r = self._cache["hazard_class"] = (hc, src)
        return r

    def industry_suggestion(self) -> Any:
        if "industry" not in self._cache:
            from ohkit.catalogue.industry import suggest_class

            ids = [r.hazard_id for r in self.post_rows if r.hazard_id] if self.post_rows else None
            try:
                lst = getattr(self.cat, "industries", None)
                self._cache["industry"] = (suggest_class(getattr(self.ws.profile, "industry", None), ids, industries=lst)
                                           if lst is not None else None)
            except Exception:  # noqa: BLE001 - no industry list (an old or test catalogue): no suggestion
                self._cache["industry"] = None
        return self._cache["industry"]

    def has(self, table: str) -> bool:
        return self.ws.has_table(table) or bool(self.ws.table(table))

    def current_workers(self) -> list[Worker]:
        r = self._cache.get("current")
        if r is None:
            r = self._cache["current"] = [w for w in self.workers if w.current(self.as_of)]
        return list(r)

    def exposed_workers(self) -> list[Worker]:
        r = self._cache.get("exposed")
        if r is None:
            r = self._cache["exposed"] = [w for w in self.workers if w.current(self.as_of) and w.exposed]
        return list(r)

    def hazard_name(self, hid: str) -> dict[str, str]:
        r = self._hz_name.get(hid)
        if r is None:
            h = self.hazard(hid)
            r = self._hz_name[hid] = {"zh": hid, "en": hid} if h is None else {"zh": h.zh, "en": h.en}
        return dict(r)

    def hazard(self, hid: str | None) -> Any:
        if not hid:
            return None
        try:
            return self._hz[hid]
        except KeyError:
            pass
        try:
            h = self.cat.hazard(hid)
        except KeyError:
            h = None
        self._hz[hid] = h
        return h

    def docs(self, kinds: Any) -> list[tuple[dt.date | None, str, str, Record]]:
        from ohkit.engine.util import doc_matches

        wanted = [kinds] if isinstance(kinds, str) else list(kinds or ())
        key = tuple(str(w) for w in wanted)
        hit = self._docs.get(key)
        if hit is not None:
            return list(hit)
        out = []
        for d in self.documents:
            for w in wanted:
                if doc_matches(d[1], d[2], str(w).split("|")):
                    out.append(d)
                    break
        self._docs[key] = out
        return list(out)


def post_periods(ctx: Ctx, w: Worker) -> list[tuple[str, dt.date | None, dt.date | None, Record | None]]:
    """(post_id, start, last day or None, assignments record or None) of every period the worker was on
    a post: the post history rows, then the roster's current posts not already open in the history."""
    out: list[tuple[str, dt.date | None, dt.date | None, Record | None]] = []
    for a in w.history:
        end = a.end if a.end is not None else w.leave
        out.append((a.post_id, a.start, end, a.rec))
    open_posts = {a.post_id for a in w.history if a.end is None}
    for p in w.posts:
        if p not in open_posts:
            out.append((p, w.start, w.leave, None))
    return out


MINOR_LOOKBACK_MONTHS = 36  # how far back a placement under 18 is still reported (like the exposed flag)


def minor_exposures(ctx: Ctx, w: Worker) -> list[tuple[str, dt.date | None, tuple[str, ...], Record | None]]:
    """Periods on a post with an occupational-disease hazard while under 18 (职业病防治法 第三十八条):
    (post_id, start, hazard ids, assignments record or None), within the lookback."""
    if w.birth is None:
        return []
    adult = add_months(w.birth, 18 * 12)
    since = add_months(ctx.as_of, -MINOR_LOOKBACK_MONTHS)
    if adult <= since:
        return []  # an adult for longer than the lookback: nothing to report (the usual case)
    out = []
    for pid, start, end, rec in post_periods(ctx, w):
        hz = tuple(dict.fromkeys(r.hazard_id for r in ctx.posts.get(pid, ()) if r.hazard_id))
        if not hz:
            continue
        last = min(x for x in (end, ctx.as_of, adult - dt.timedelta(days=1)) if x is not None)
        first = start if start is not None else (ctx.as_of if adult > ctx.as_of else None)
        if first is None or first > last or last < since:
            continue
        out.append((pid, start, hz, rec))
    return out


def answer_value(answers: Mapping[str, Any], key: str) -> Any:
    a = answers.get(key) if answers else None
    if isinstance(a, Mapping):
        return a.get("answer")
    return a


def _resolve_hazard(cat: Any, name: Any) -> tuple[str, Any]:
    if name is None:
        return "", None
    h = cat.find_hazard(str(name))
    if h is None:
        return str(name).strip(), None
    return h.id, h


def _memo(vocab: dict[str, str]) -> Any:
    cache: dict[Any, str | None] = {}

    def f(v: Any) -> str | None:
        try:
            return cache[v]
        except KeyError:
            r = cache[v] = norm(vocab, v)
            return r
        except TypeError:
            return norm(vocab, v)

    return f


def build(ws: Any, as_of: dt.date, cat: Any, standard: str) -> Ctx:
    ctx = Ctx(ws=ws, as_of=as_of, cat=cat, standard=standard)
    exam_type, conclusion, role, train_kind = _memo(EXAM_TYPE), _memo(CONCLUSION), _memo(ROLE), _memo(TRAIN_KIND)
    hz_cache: dict[Any, tuple[str, Any]] = {}

    def hz(name: Any) -> tuple[str, Any]:
        r = hz_cache.get(name)
        if r is None:
            r = hz_cache[name] = _resolve_hazard(cat, name)
        return r

    for rec in ws.table("posts"):
        pid = rec.get("post_id")
        if pid is None:
            continue
        pid = str(pid)
        hid, h = hz(rec.get("hazard"))
        lv_raw = rec.get("level")
        level, grade = parse_level(lv_raw)
        pr = PostRow(rec, pid, str(rec.get("post") or pid), rec.get("workplace"), hid, h,
                     None if lv_raw is None else str(lv_raw), level, grade, as_bool(rec.get("serious")),
                     as_date(rec.get("card_posted")), as_bool(rec.get("signs_posted")),
                     int(rec.get("exposed")) if isinstance(rec.get("exposed"), (int, float)) else None)
        ctx.post_rows.append(pr)
        ctx.posts.setdefault(pid, []).append(pr)

    for rec in ws.table("workers"):
        v = rec.values
        wid = v.get("worker_id")
        if wid is None:
            continue
        wid = str(wid)
        hire = as_date(v.get("hire_date"))
        posts = as_list(v.get("post_id"))
        w = Worker(rec, wid, str(v.get("name") or ""), mask_id(v.get("id_number")), posts, hire,
                   as_date(v.get("post_start")) or hire, as_date(v.get("leave_date")),
                   norm(SEX, v.get("sex")), as_date(v.get("birth_date")),
                   norm(SPECIAL, v.get("special_status")), as_date(v.get("special_since")),
                   v.get("contract_notice"))
        rows = [r for p in posts for r in ctx.posts.get(p, ()) if r.hazard_id]
        w.rows = tuple(rows)
        w.hazards = tuple(dict.fromkeys(r.hazard_id for r in rows))
        w.label = f"{w.name}（{wid}）" if w.name else wid
        ctx.workers.append(w)
        ctx.workers_by_id.setdefault(wid, w)

    hist: dict[str, list[Assignment]] = {}
    for rec in ws.table("assignments"):
        wid, pid, s = rec.get("worker_id"), rec.get("post_id"), as_date(rec.get("start"))
        if wid is None or pid is None or s is None or s > as_of:
            continue
        hist.setdefault(str(wid), []).append(Assignment(rec, str(pid), s, as_date(rec.get("end"))))
    for wid, lst in hist.items():
        w = ctx.workers_by_id.get(wid)
        if w is not None:
            w.history = tuple(sorted(lst, key=lambda a: (a.start, a.rec.row)))

    hs_cache: dict[Any, frozenset[str]] = {}
    for rec in ws.table("exams"):
        v = rec.values
        wid, d = v.get("worker_id"), as_date(v.get("date"))
        if wid is None or d is None or d > as_of:
            continue
        raw = v.get("hazards")
        try:
            hs = hs_cache[raw]
        except KeyError:
            hs = hs_cache[raw] = frozenset(hz(n)[0] for n in as_list(raw))
        except TypeError:
            hs = frozenset(hz(n)[0] for n in as_list(raw))
        e = Exam(rec, str(wid), d, exam_type(v.get("type")), conclusion(v.get("conclusion")),
                 hs, as_date(v.get("notified")), v.get("report_no"), as_date(v.get("next_due")))
        ctx.exams.setdefault(e.worker_id, []).append(e)
        ctx.all_exams.append(e)
    by_date = _attrgetter("date")
    for lst in ctx.exams.values():
        lst.sort(key=by_date)  # stable: same-day exams stay in row order
    ctx.all_exams.sort(key=by_date)

    for rec in ws.table("training"):
        v = rec.values
        p, d = v.get("person"), as_date(v.get("date"))
        if p is None or d is None or d > as_of:
            continue
        h = v.get("hours")
        hours = float(h) if type(h) in (int, float) else (as_float(h) or 0.0)
        ps = v.get("passed")
        t = Training(rec, p.strip() if type(p) is str else str(p).strip(), role(v.get("role")), d, hours,
                     train_kind(v.get("kind")), ps if type(ps) is bool else as_bool(ps))
        ctx.training.setdefault(t.person, []).append(t)
    for lst in ctx.training.values():
        lst.sort(key=by_date)

    for rec in ws.table("monitoring"):
        v = rec.values
        d = as_date(v.get("date"))
        if d is None or d > as_of:
            continue
        hid = hz(v.get("hazard"))[0] if v.get("hazard") is not None else None
        ctx.measures.append(Measure(rec, v.get("report_no"), d, norm(MON_KIND, v.get("kind")),
                                    None if v.get("post_id") is None else str(v.get("post_id")),
                                    hid, v.get("value"), v.get("unit"), v.get("limit"),
                                    norm(VERDICT, v.get("verdict"))))
    ctx.measures.sort(key=lambda m: (m.date, m.rec.row))

    for rec in ws.table("declarations"):
        d = as_date(rec.get("date"))
        if d is None or d > as_of:
            continue
        ctx.declarations.append((d, norm(DECL_KIND, rec.get("kind")), rec))
    ctx.declarations.sort(key=lambda x: (x[0], x[2].row))

    for rec in ws.table("documents"):
        d = as_date(rec.get("date"))
        if d is not None and d > as_of:
            continue
        ctx.documents.append((d, str(rec.get("kind") or ""), str(rec.get("title") or ""), rec))

    ppe = ctx.ppe  # worker -> [(date, record)] of the latest issue (the only one the checks read)
    for rec in ws.table("ppe"):
        v = rec.values
        wid, d = v.get("worker_id"), v.get("date")
        if type(d) is not dt.date:
            d = as_date(d)
        if wid is None or d is None or d > as_of:
            continue
        lst = ppe.get(wid)
        if lst is None:
            ppe[str(wid)] = [(d, rec)]
        elif d >= lst[0][0]:
            lst[0] = (d, rec)

    for rec in ws.table("dose"):
        wid, s, e = rec.get("worker_id"), as_date(rec.get("start")), as_date(rec.get("end"))
        if wid is None or s is None or e is None or s > as_of:
            continue
        ctx.dose.setdefault(str(wid), []).append((s, e, rec))
    for lst in ctx.dose.values():
        lst.sort(key=lambda x: (x[0], x[2].row))

    ctx.flags = compute_flags(ctx)
    return ctx


def compute_flags(ctx: Ctx) -> dict[str, bool | None]:
    """Applicability flags: True / False / None (unknown), from profile, records and answers."""
    f: dict[str, bool | None] = {"always": True}
    hc = ctx.hazard_class()[0]
    hazard_rows = [r for r in ctx.post_rows if r.hazard_id]
    has_workers = ctx.has("workers")
    current = ctx.current_workers()

    if hazard_rows or hc in ("serious", "general"):
        f["haz"] = True
    elif hc == "none" or (ctx.post_rows and not hazard_rows):
        # Posts listed and none has a hazard. An empty posts table (a fresh template)
        # says nothing yet: that stays unknown.
        f["haz"] = False
    else:
        f["haz"] = None

    # The firm's class (严重/一般, from its evaluation or declaration) drives the firm-level duties
    # (5号令 第八条、第二十条). A post marked 严重危害岗位 drives that post's own duties (signs,
    # special training) and never makes the firm "serious" by itself.
    if hc == "serious":
        f["serious"] = True
    elif hc in ("general", "none") or f["haz"] is False:
        f["serious"] = False
    else:
        f["serious"] = None

    if f["haz"] is True and f["serious"] is False:
        f["general"] = True
    elif f["haz"] is False or f["serious"] is True:
        f["general"] = False
    else:
        f["general"] = None

    hcnt = ctx.fact("headcount")
    n = len(current) if has_workers else None
    counts = [x for x in (hcnt if isinstance(hcnt, int) else None, n) if x is not None]
    f["over_100"] = (max(counts) > 100) if counts else None

    recent = add_months(ctx.as_of, -36)
    def left_exposed_recently(w: Worker) -> bool:
        return any(end is not None and end >= recent and any(r.hazard_id for r in ctx.posts.get(pid, ()))
                   for pid, _s, end, _r in post_periods(ctx, w)) if w.history else False

    if any(w.exposed for w in current) or any(w.exposed and w.leave and w.leave >= recent for w in ctx.workers) \
            or any(left_exposed_recently(w) for w in ctx.workers):
        f["exposed"] = True
    elif f["haz"] is False or (has_workers and ctx.has("posts")):
        f["exposed"] = False
    else:
        f["exposed"] = None

    def fact_flag(key: str, from_records: bool) -> bool | None:
        v = as_bool(ctx.fact(key))
        if from_records:
            return True
        return v

    ht_rec = any(r.hazard is not None and r.hazard.high_toxic for r in hazard_rows)
    f["high_toxic"] = fact_flag("uses_high_toxic", ht_rec)
    tox_rec = any(r.hazard is not None and (r.hazard.toxic or r.hazard.high_toxic) for r in hazard_rows)
    if tox_rec or f["high_toxic"]:
        f["toxic"] = True
    elif f["haz"] is False or (ctx.has("posts") and all(r.hazard is not None for r in hazard_rows)):
        f["toxic"] = False
    else:
        f["toxic"] = None
    f["acute"] = as_bool(ctx.fact("acute_risk"))
    rad_rec = bool(ctx.dose) or any(r.hazard is not None and r.hazard.category == "radiation" for r in hazard_rows)
    f["radiation"] = fact_flag("radiation", rad_rec)
    if any(w.sex == "female" for w in current):
        f["female"] = True
    elif has_workers and current and all(w.sex is not None for w in current):
        f["female"] = False
    else:
        f["female"] = None if not has_workers or any(w.sex is None for w in current) else False

    minors = [w for w in current if w.birth is not None and age_on(w.birth, ctx.as_of) < 18]
    if minors or any(minor_exposures(ctx, w) for w in ctx.workers):
        f["minor"] = True
    elif has_workers and all(w.birth is not None for w in current):
        f["minor"] = False
    else:
        f["minor"] = None if not has_workers else (False if not current else None)
    f["new_project"] = as_bool(ctx.fact("new_project"))
    f["union"] = as_bool(ctx.fact("has_union"))
    return f
