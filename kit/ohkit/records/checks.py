"""Checks across rows and tables: duplicate ids, references to unknown workers
or posts, leave before hire, dose periods that end before they start.

They work on the column form of the tables (``TableData``), so that checking
100,000 rows costs a few set look-ups per row.
"""
from __future__ import annotations

from typing import Any, Mapping, Sequence

from ohkit.model import Loc, Problem
from ohkit.records.normalise import id_birth_date, id_sex
from ohkit.records.readers import problem
from ohkit.records.schema import TableSpec, table_label
from ohkit.records.tables import ABSENT, TableData

A = ABSENT


def _col(t: TableData | None, key: str) -> list[Any]:
    if t is None:
        return []
    c = t.col(key)
    return c if c is not None else [A] * len(t)


def cross_checks(specs: Sequence[TableSpec], tables: Mapping[str, TableData], problems: list[Problem]) -> None:
    add = problems.append
    wt = tables.get("workers")
    worker_ids: dict[str, int] = {}
    worker_names: set[str] = set()
    if wt is not None:
        src, rows = wt.source, wt.rownos
        for i, wid in enumerate(_col(wt, "worker_id")):
            if wid is A:
                continue
            first = worker_ids.get(wid)
            if first is not None:
                add(problem("rec.worker_duplicate", src.loc(rows[i], "worker_id"),
                            {"value": wid, "first_row": first}, fix="rec.fix.worker_duplicate", value=wid))
            else:
                worker_ids[wid] = rows[i]
        worker_names = {n for n in _col(wt, "name") if n is not A}
        hire, leave, birth, idn, sex, start = (_col(wt, k) for k in ("hire_date", "leave_date", "birth_date",
                                                                    "id_number", "sex", "post_start"))
        wspec = next((s for s in specs if s.name == "workers"), None)
        sex_labels = wspec.field("sex").enum_labels if wspec is not None and "sex" in wspec.keys else {}
        for i, (idv, sx) in enumerate(zip(idn, sex)):
            if idv is not A and sx is not A and id_sex(idv) not in (None, sx):
                # the cell as the user reads it (the schema's Chinese label), not the internal key
                shown = (sex_labels.get(sx) or {}).get("zh", sx)
                add(problem("rec.id_sex_mismatch", src.loc(rows[i], "sex"), {"sex": shown},
                            fix="rec.fix.id_birth_mismatch", value=shown, severity="warning"))
        for i, (h, st) in enumerate(zip(hire, start)):
            if h is not A and st is not A and st < h:
                add(problem("rec.start_before_hire", src.loc(rows[i], "post_start"),
                            {"start": st.isoformat(), "hire": h.isoformat()},
                            fix="rec.fix.leave_before_hire", value=st.isoformat(), severity="warning"))
        for i, (h, lv, b, idv) in enumerate(zip(hire, leave, birth, idn)):
            if h is not A and lv is not A and lv < h:
                add(problem("rec.leave_before_hire", src.loc(rows[i], "leave_date"),
                            {"leave": lv.isoformat(), "hire": h.isoformat()},
                            fix="rec.fix.leave_before_hire", value=lv.isoformat()))
            if b is not A and h is not A and b >= h:
                add(problem("rec.birth_after_hire", src.loc(rows[i], "birth_date"),
                            {"birth": b.isoformat(), "hire": h.isoformat()},
                            fix="rec.fix.birth_after_hire", value=b.isoformat()))
            if idv is not A and b is not A and id_birth_date(idv) != b:
                add(problem("rec.id_birth_mismatch", src.loc(rows[i], "birth_date"),
                            {"birth": b.isoformat()}, fix="rec.fix.id_birth_mismatch",
                            value=b.isoformat(), severity="warning"))

    pt = tables.get("posts")
    post_ids = {v for v in _col(pt, "post_id") if v is not A}
    has_workers, has_posts = wt is not None, pt is not None

    for spec in specs:
        t = tables.get(spec.name)
        if t is None:
            continue
        for f in spec.fields:
            if f.ref not in ("workers", "posts"):
                continue
            vals = t.col(f.key)
            if vals is None:
                continue
            header = t.source.columns[f.key][1]
            if f.ref == "workers" and has_workers:
                known: Any = worker_ids
                code, fix = "rec.worker_unknown", "rec.fix.worker_unknown"
            elif f.ref == "posts" and has_posts:
                known = post_ids
                code, fix = "rec.post_unknown", "rec.fix.post_unknown"
            else:
                continue
            for rowno, v in t.dropped_refs.get(f.key, ()):
                for x in (v if isinstance(v, tuple) else (v,)):
                    if x not in known:
                        add(problem(code, t.source.loc(rowno, f.key), {"value": x, "header": header},
                                    fix=fix, value=x))
            flat = set(vals)
            flat.discard(A)
            if any(isinstance(v, tuple) for v in flat):
                flat = {x for v in flat for x in (v if isinstance(v, tuple) else (v,))}
            if flat.issubset(known):
                continue  # the usual case: every reference is known
            bad = [i for i, v in enumerate(vals) if v is not A and
                   (v not in known if not isinstance(v, tuple) else not known.issuperset(v))]
            for i in bad:
                v = vals[i]
                for x in (v if isinstance(v, tuple) else (v,)):
                    if x not in known:
                        add(problem(code, t.source.loc(t.rownos[i], f.key), {"value": x, "header": header},
                                    fix=fix, value=x))
        if spec.name in ("exams", "ppe", "dose", "assignments") and len(t) and not has_workers:
            add(problem("rec.no_workers_table", t.source.loc(), {"table": table_label(spec)},
                        fix="rec.fix.no_workers_table", severity="warning"))

    tt = tables.get("training")
    if tt is not None and has_workers:
        for i, (role, p) in enumerate(zip(_col(tt, "role"), _col(tt, "person"))):
            if role == "worker" and p is not A and p not in worker_ids and p not in worker_names:
                add(problem("rec.person_unknown", tt.source.loc(tt.rownos[i], "person"), {"value": p},
                            fix="rec.fix.person_unknown", value=p, severity="warning"))

    for dt_ in (tables.get("dose"), tables.get("assignments")):
        if dt_ is None:
            continue
        for i, (s, e) in enumerate(zip(_col(dt_, "start"), _col(dt_, "end"))):
            if s is not A and e is not A and e < s:
                add(problem("rec.end_before_start", dt_.source.loc(dt_.rownos[i], "end"),
                            {"start": s.isoformat(), "end": e.isoformat()},
                            fix="rec.fix.end_before_start", value=e.isoformat()))


def high_toxic_contradiction(profile: Any, tables: Mapping[str, TableData], problems: list[Problem]) -> None:
    """``uses_high_toxic: false`` in enterprise.yaml while a post lists a substance of the
    高毒物品目录: one warning per substance, at the first post row naming it. The engine
    follows the records (the posts), so the warning says what ohkit assumes."""
    if getattr(profile, "uses_high_toxic", None) is not False:
        return
    pt = tables.get("posts")
    if pt is None:
        return
    ids = pt.col("hazard_id")
    if ids is None:
        return
    try:
        from ohkit.catalogue import find_hazard
    except Exception:  # noqa: BLE001 - no catalogue: nothing to compare with
        return
    seen: set[str] = set()
    for i, hid in enumerate(ids):
        if hid is A or not hid or hid in seen:
            continue
        h = find_hazard(hid)
        if h is None or not h.high_toxic:
            continue
        seen.add(hid)
        post = pt.col("post")
        name = post[i] if post is not None and post[i] is not A else None
        pid = pt.col("post_id")
        label = name or (pid[i] if pid is not None and pid[i] is not A else "")
        problems.append(problem("rec.high_toxic_contradicted", Loc(getattr(profile, "source_file", "enterprise.yaml"),
                                                                    None, None, "uses_high_toxic"),
                                {"hazard": h.zh, "post": str(label), "row": pt.rownos[i]},
                                fix="rec.fix.high_toxic_contradicted", value=h.zh, severity="warning"))


def hazard_class_mismatch(profile: Any, tables: Mapping[str, TableData], problems: list[Problem]) -> None:
    """enterprise.yaml's hazard_class (serious/general) differs from the class the 2021 risk
    classification catalogue gives its industry: a warning; the recorded class is used."""
    hc = getattr(profile, "hazard_class", None)
    if hc not in ("serious", "general") or not getattr(profile, "industry", None):
        return
    pt = tables.get("posts")
    ids = None
    if pt is not None and pt.col("hazard_id") is not None:
        ids = [h for h in pt.col("hazard_id") if h is not A and h]
    try:
        from ohkit.catalogue.industry import suggest_class

        sug = suggest_class(profile.industry, ids)
    except Exception:  # noqa: BLE001 - no industry list: nothing to compare with
        return
    if sug is None or sug.cls is None or sug.cls == hc:
        return
    label = {"serious": {"zh": "职业病危害严重", "en": "serious"}, "general": {"zh": "职业病危害一般", "en": "general"}}
    problems.append(problem("rec.hazard_class_mismatch", Loc(getattr(profile, "source_file", "enterprise.yaml"),
                                                              None, None, "hazard_class"),
                            {"recorded": label[hc], "suggested": label[sug.cls], "code": sug.code, "name": sug.name},
                            fix="rec.fix.hazard_class_mismatch", value=str(hc), severity="warning"))
