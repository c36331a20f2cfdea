"""JSON form of the library results (what `-o json` prints).

``assessment_to_dict(a, tr)`` is the whole Assessment: every message both as its code and
parameters (for scripts) and rendered in the translator's language (for people).
``problems_to_dict(problems, tr)`` the same for record problems.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping  # (isinstance against typing.Mapping is several times slower)
from typing import Any, Iterable

from ohkit.model import Assessment, Finding, Msg, Problem


_YES = {"yes", "y", "true", "1", "是", "有", "t"}
_NO = {"no", "n", "false", "0", "否", "无", "f"}


def met(f: Finding) -> bool | None:
    """pass and manual-yes → True; fail and manual-no → False; otherwise None (undecided or n.a.)."""
    if f.status == "pass":
        return True
    if f.status == "fail":
        return False
    if f.status == "manual":
        a = f.answer
        if isinstance(a, bool):
            return a
        s = str(a).strip().lower()
        return True if s in _YES else False if s in _NO else None
    return None


def bucket(f: Finding) -> str:
    """met / not_met / unknown / not_applicable, as the summaries count them."""
    if f.status == "not_applicable":
        return "not_applicable"
    m = met(f)
    return "met" if m is True else "not_met" if m is False else "unknown"


def area_summary(a: Assessment, catalogue: Any = None) -> dict[str, dict[str, int]]:
    """Counts per area, in the catalogue's reading order (``Catalogue.area_order()``); without a
    catalogue, in the order the findings come (the catalogue's order too)."""
    out: dict[str, dict[str, int]] = {}
    seen = list(dict.fromkeys(f.area for f in a.findings))
    order = list(catalogue.area_order()) if catalogue is not None else []
    areas = [x for x in order if x in seen] + [x for x in seen if x not in order]
    for area in areas:
        out[area] = {"met": 0, "not_met": 0, "unknown": 0, "not_applicable": 0}
    for f in a.findings:
        out[f.area][bucket(f)] += 1
    return out


def totals(a: Assessment) -> dict[str, int]:
    t = {"met": 0, "not_met": 0, "unknown": 0, "not_applicable": 0}
    for f in a.findings:
        t[bucket(f)] += 1
    return t


def needs_action(a: Assessment) -> bool:
    """Exit 1 when the user has something to do: an applicable duty not met or not yet known
    (records missing, question unanswered), or an error in the records. Exit 0 only when
    everything applicable is met (including duties answered yes)."""
    return (any(bucket(f) in ("not_met", "unknown") for f in a.findings)
            or any(p.severity == "error" for p in a.problems))


def unconfirmed_msg(note: str) -> Msg:
    """Engine notes ``kind:detail`` → a message (``eng.unc.<kind>``)."""
    kind, _, rest = note.partition(":")
    parts = rest.split(":")

    def name(s: str) -> Any:
        if "|" in s:
            zh, en = s.split("|", 1)
            return {"zh": zh, "en": en}
        return s

    if kind == "exam_interval" and len(parts) >= 3:
        return Msg("eng.unc.exam_interval", {"subject": name(parts[0]), "months": parts[1], "standard": ":".join(parts[2:])})
    if kind == "grading" and len(parts) >= 2:
        return Msg("eng.unc.grading", {"subject": name(parts[0]), "standard": ":".join(parts[1:])})
    if kind == "param":
        return Msg("eng.unc.param", {"subject": _param_phrases(rest)})
    if kind in ("exam_standard", "obligation"):
        return Msg(f"eng.unc.{kind}", {"subject": name(rest)})
    if kind == "hazard_class" and len(parts) >= 3:
        cls = {"serious": {"zh": "职业病危害严重", "en": "serious"}, "general": {"zh": "职业病危害一般", "en": "general"}}
        return Msg("eng.unc.hazard_class", {"class": cls.get(parts[0], parts[0]), "code": parts[1],
                                            "name": ":".join(parts[2:])})
    if kind == "local":
        return Msg("eng.unc.local", {"regions": name(rest)})
    if kind == "decided_by":
        return Msg("eng.unc.decided_by", {"subject": rest})
    return Msg("eng.unc.param", {"subject": note})


# check params whose value may be unconfirmed → the phrase saying what the value means
PARAM_PHRASES = {"months": "eng.unc.p.months", "days": "eng.unc.p.days", "drill_months": "eng.unc.p.drill_months",
                 "initial_hours": "eng.unc.p.initial_hours", "annual_hours": "eng.unc.p.annual_hours",
                 "retrain_days": "eng.unc.p.retrain_days"}


def _param_phrases(rest: str) -> list[Any]:
    """``"initial_hours=8, annual_hours=4"`` → [{"zh": "初次培训 8 学时", "en": ...}, ...]."""
    from ohkit.i18n import translator

    out: list[Any] = []
    for part in rest.split(", "):
        name, _, value = part.partition("=")
        code = PARAM_PHRASES.get(name.strip())
        if code is None:
            out.append(value or part)
            continue
        m = Msg(code, {"n": value})
        out.append({lang: translator(lang).msg(m) for lang in ("zh", "en")})
    return out


_SCALARS = frozenset({str, int, float, bool, type(None)})


_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}  # a type's dataclass field names (None: no dataclass)


def _plain(v: Any) -> Any:
    t = type(v)
    if t in _SCALARS:  # most values: as they are (what the checks below would give)
        return v
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    try:
        names = _FIELD_NAMES[t]
    except KeyError:  # (whether instances of a type are dataclasses, and their fields, is the type's)
        names = _FIELD_NAMES[t] = (tuple(f.name for f in dataclasses.fields(v))
                                   if dataclasses.is_dataclass(v) and not isinstance(v, type) else None)
    if names is not None:
        return {n: _plain(getattr(v, n)) for n in names}
    if isinstance(v, Mapping):
        return {str(k): _plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple, set, frozenset)):
        return [_plain(x) for x in v]
    return v


def _obligation_texts(catalogue: Any, oid: str, tr: Any) -> dict[str, Any]:
    if catalogue is None:
        return {}
    try:
        ob = catalogue.obligation(oid)
    except KeyError:
        return {}
    basis = []
    for b in ob.basis:
        title = None
        try:
            title = tr.pick(catalogue.document(b.doc).title)
        except KeyError:
            title = b.doc
        basis.append({"doc": b.doc, "title": title, "article": b.article, "confidence": b.confidence})
    return {
        "title": tr.pick(ob.title),
        "advice": tr.pick(ob.advice),
        "question": tr.pick(ob.question) if ob.question else None,
        "basis": basis,
        "penalty": tr.pick(ob.penalty.text) if ob.penalty else None,
    }


def finding_to_dict(f: Finding, tr: Any, catalogue: Any = None, subjects: Any = None) -> dict[str, Any]:
    """``subjects`` (for a writer of the JSON text, ``render.assessment_json``): a function of the
    finding's subjects and the message renderer that gives the value of ``"subjects"`` instead of
    the list of ``SubjectResult.to_dict`` (the same key, in the same place)."""
    if subjects is None:
        d = f.to_dict(tr.msg)
    else:
        d = dataclasses.replace(f, subjects=()).to_dict(tr.msg)
        d["subjects"] = subjects(f.subjects, tr.msg)
    d["answer"] = _plain(f.answer)
    d["met"] = met(f)
    d["unconfirmed_text"] = [tr.msg(unconfirmed_msg(n)) for n in f.unconfirmed]
    d.update(_obligation_texts(catalogue, f.obligation_id, tr))
    return d


def _measurement(m: Any) -> Any:
    if m is None:
        return None
    return {"value": m.value, "unit": m.unit, "limit": m.limit, "verdict": m.verdict,
            "date": m.date.isoformat() if m.date else None, "report_no": m.report_no,
            "evidence": m.evidence.to_dict() if m.evidence else None}


def _post(p: Any) -> dict[str, Any]:
    return {
        "post_id": p.post_id, "post": p.post, "workplace": p.workplace, "exposed": p.exposed,
        "worker_ids": list(p.worker_ids), "card_posted": p.card_posted.isoformat() if p.card_posted else None,
        "hazards": [{
            "hazard_id": h.hazard_id, "name_zh": h.name_zh, "name_en": h.name_en, "category": h.category,
            "oel": [dict(o) for o in h.oel], "latest": _measurement(h.latest),
            "exam_interval_months": h.exam_interval_months, "exam_interval_confirmed": h.exam_interval_confirmed,
            "level": h.level, "serious": h.serious,
        } for h in p.hazards],
    }


def assessment_to_dict(a: Assessment, tr: Any, catalogue: Any = None, *, subjects: Any = None,
                       due: Any = None) -> dict[str, Any]:
    """The whole Assessment as JSON-ready data, messages rendered in ``tr``'s language
    (``subjects``: see ``finding_to_dict``; ``due``, likewise, gives the value of ``"due"`` from
    the due items and the message renderer)."""
    return {
        "ohkit_version": a.ohkit_version,
        "ruleset_version": a.ruleset_version,
        "as_of": a.as_of.isoformat(),
        "lang": tr.lang,
        "exam_standard": a.exam_standard,
        "records_digest": a.records_digest,
        "firm": _plain(a.firm),
        "flags": dict(a.flags),
        "summary": {"totals": totals(a), "by_area": area_summary(a, catalogue), "statuses": a.counts(),
                    "needs_action": needs_action(a)},
        "findings": [finding_to_dict(f, tr, catalogue, subjects) for f in a.findings],
        "metrics": [m.to_dict() for m in a.metrics],
        "due": [d.to_dict(tr.msg) for d in a.due] if due is None else due(a.due, tr.msg),
        "posts": [_post(p) for p in a.posts],
        "workers": [_plain(w) for w in a.workers],
        "problems": problems_to_dict(a.problems, tr),
        "complete": not getattr(a, "unread", ()),  # every record file present could be read
        "unread": problems_to_dict(getattr(a, "unread", ()), tr),
        # per-obligation rule fingerprints: a later comparison tells rule changes from progress
        "rules": catalogue.rule_fingerprints() if catalogue is not None else None,
    }


def problems_to_dict(problems: Iterable[Problem], tr: Any) -> list[dict[str, Any]]:
    return [p.to_dict(tr.msg) for p in problems]
