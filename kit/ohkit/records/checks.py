"""Checks across rows and tables: duplicate ids, references to unknown workers
or posts, leave before hire, dose periods that end before they start."""
from __future__ import annotations

from typing import Mapping, Sequence

from ohkit.model import Problem, Record, TableSource
from ohkit.records.readers import problem
from ohkit.records.schema import TableSpec


def cross_checks(specs: Sequence[TableSpec], tables: Mapping[str, list[Record]],
                 sources: Mapping[str, TableSource], problems: list[Problem]) -> None:
    workers = tables.get("workers", [])
    worker_ids: dict[str, Record] = {}
    for r in workers:
        wid = r.get("worker_id")
        if wid is None:
            continue
        first = worker_ids.get(wid)
        if first is not None:
            problems.append(problem("rec.worker_duplicate", r.loc("worker_id"),
                                    {"value": wid, "first_row": first.row}, fix="rec.fix.worker_duplicate", value=wid))
        else:
            worker_ids[wid] = r
        hire, leave = r.get("hire_date"), r.get("leave_date")
        if hire is not None and leave is not None and leave < hire:
            problems.append(problem("rec.leave_before_hire", r.loc("leave_date"),
                                    {"leave": leave.isoformat(), "hire": hire.isoformat()},
                                    fix="rec.fix.leave_before_hire", value=leave.isoformat()))
        birth = r.get("birth_date")
        if birth is not None and hire is not None and birth >= hire:
            problems.append(problem("rec.birth_after_hire", r.loc("birth_date"),
                                    {"birth": birth.isoformat(), "hire": hire.isoformat()},
                                    fix="rec.fix.birth_after_hire", value=birth.isoformat()))
        idn = r.get("id_number")
        if idn is not None and birth is not None:
            from ohkit.records.normalise import id_birth_date

            if id_birth_date(idn) != birth:
                problems.append(problem("rec.id_birth_mismatch", r.loc("birth_date"),
                                        {"birth": birth.isoformat()}, fix="rec.fix.id_birth_mismatch",
                                        value=birth.isoformat(), severity="warning"))

    post_ids = {r.get("post_id") for r in tables.get("posts", [])} - {None}
    has_workers = "workers" in sources
    has_posts = "posts" in sources
    worker_names = {r.get("name") for r in workers} - {None}

    for spec in specs:
        recs = tables.get(spec.name, [])
        for f in spec.fields:
            if f.ref == "workers" and has_workers:
                for r in recs:
                    v = r.get(f.key)
                    if v is not None and v not in worker_ids:
                        problems.append(problem("rec.worker_unknown", r.loc(f.key),
                                                {"value": v, "header": r.source.columns[f.key][1]},
                                                fix="rec.fix.worker_unknown", value=v))
            elif f.ref == "posts" and has_posts:
                for r in recs:
                    v = r.get(f.key)
                    if v is None:
                        continue
                    for pid in (v if isinstance(v, tuple) else (v,)):
                        if pid not in post_ids:
                            problems.append(problem("rec.post_unknown", r.loc(f.key),
                                                    {"value": pid, "header": r.source.columns[f.key][1]},
                                                    fix="rec.fix.post_unknown", value=pid))
        if spec.name in ("exams", "ppe", "dose") and recs and not has_workers:
            problems.append(problem("rec.no_workers_table", sources[spec.name].loc(),
                                    {"table": spec.sheet_zh}, fix="rec.fix.no_workers_table", severity="warning"))

    for r in tables.get("training", []):
        if r.get("role") == "worker" and has_workers:
            p = r.get("person")
            if p is not None and p not in worker_ids and p not in worker_names:
                problems.append(problem("rec.person_unknown", r.loc("person"), {"value": p},
                                        fix="rec.fix.person_unknown", value=p, severity="warning"))

    for r in tables.get("dose", []):
        s, e = r.get("start"), r.get("end")
        if s is not None and e is not None and e < s:
            problems.append(problem("rec.end_before_start", r.loc("end"),
                                    {"start": s.isoformat(), "end": e.isoformat()},
                                    fix="rec.fix.end_before_start", value=e.isoformat()))
