"""The per-firm assessment JSON file: its name, its bytes, and reading it back.

    from ohkit.render.assessment_json import paper_stem, assessment_json_name, assessment_json, read_summary, summary_data
    paper_stem(as_of, "en")            # "ohkit-2026-11-27-en" (the stem every per-firm paper shares)
    assessment_json_name(as_of, "zh")  # "ohkit-2026-11-27-assessment.json"
    data = assessment_json(a, tr, catalogue)   # bytes: what `ohkit assess -o json` prints
    light = read_summary(json.loads(data))     # an Assessment with what a portfolio row needs
    light = read_summary(summary_data(assessment_data(a, tr, catalogue)))   # the same, without the file

``read_summary`` gives back an ``Assessment`` holding the firm profile, the findings without
their per-subject rows, the metrics, the due items and the record problems: enough for
``ohkit.render.portfolio`` (grade, counts, overdue items, rates) without reading records again.
``summary_data`` gives, from the data before it is written, the part of the file that
``read_summary`` reads, exactly as reading the file back would give it (a portfolio worker
writes the ~400 kB file and reads back only that part, ~1/10 of it, without parsing the file).
A portfolio run builds its rows through this same function, so a run over all firms and a merge
of the JSON files of separate runs (``ohkit portfolio --merge``) give identical outputs.

``assessment_data`` is ``render.jsonout.assessment_to_dict`` with its bulk left for the writer
to write straight from the model objects (``SubjectRows``, ``DueRows``, ``FindingRow``: values
of ``render.jsonenc.Written``); ``json_bytes`` of it is ``json_bytes`` of the plain dict, byte
for byte (tests/test_portfolio_worker.py).
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any, Mapping

from ohkit.model import Assessment, DueItem, Finding, Insurance, Loc, Manager, Metric, Msg, Problem, Profile
from ohkit.render.jsonenc import Written, _key

ASSESSMENT_SUFFIX = "-assessment.json"


def paper_stem(as_of: dt.date, lang: str) -> str:
    """``ohkit-<as_of>``; English files get ``-en`` so they sit beside the Chinese ones."""
    return f"ohkit-{as_of.isoformat()}" + ("" if lang == "zh" else f"-{lang}")


def assessment_json_name(as_of: dt.date, lang: str) -> str:
    return paper_stem(as_of, lang) + ASSESSMENT_SUFFIX


def assessment_json(a: Assessment, tr: Any, catalogue: Any = None, signoff: Mapping[str, Any] | None = None) -> bytes:
    """The file's bytes: ``render.jsonout.assessment_to_dict`` (what `ohkit assess -o json` prints),
    plus ``signoff`` when the report was signed (``ohkit report --sign``, see commands.signoff)."""
    data = assessment_data(a, tr, catalogue)
    if signoff:
        data["signoff"] = dict(signoff)
    # a file in the output folder: ID numbers masked like everything ohkit writes (render.mask)
    return json_bytes(data)


def assessment_data(a: Assessment, tr: Any, catalogue: Any = None) -> dict[str, Any]:
    """``assessment_to_dict(a, tr, catalogue)`` for ``json_bytes`` to write: each finding's subjects
    and the due items written straight from the model objects (``SubjectRows``, ``DueRows``: most
    of the file), each finding's catalogue texts once per obligation (``FindingRow``)."""
    from ohkit.render.jsonout import assessment_to_dict

    data = assessment_to_dict(a, tr, catalogue, subjects=SubjectRows, due=DueRows)
    if catalogue is not None:
        data["findings"] = [FindingRow(d, catalogue, tr.lang) for d in data["findings"]]
    return data


def json_bytes(data: Any) -> bytes:
    """``data`` as the JSON files of a portfolio run are written: UTF-8, indented, ID numbers
    masked, no raw control character."""
    from ohkit.render.mask import json_text

    return (json_text(data, indent=1, default=_default) + "\n").encode("utf-8")


# What read_summary reads of the file, and of each finding: none of the per-subject rows, posts,
# workers or catalogue texts, which are most of the file.
SUMMARY_KEYS = ("ohkit_version", "ruleset_version", "as_of", "exam_standard", "records_digest", "firm", "flags",
                "findings", "metrics", "due", "problems")
FINDING_SUMMARY_KEYS = ("obligation_id", "area", "status", "severity", "msg", "due", "overdue_days", "answer",
                        "unconfirmed")
DUE_SUMMARY_KEYS = ("date", "kind", "obligation_id", "subject_kind", "subject_id", "label", "msg", "overdue")


def summary_data(data: Mapping[str, Any]) -> dict[str, Any]:
    """``json.loads(json_bytes(data))`` cut down to what ``read_summary`` reads, without writing
    and parsing the whole file (a portfolio worker writes the file and makes the firm's row from
    this: ~1/10 of the file, the rest is per-subject rows, posts, workers and catalogue texts).

    What the file holds of these keys, read back, is their data as JSON carries it (``_as_read``)
    unless masking changed a written piece: ``json_bytes`` masks each string and number (its
    written form) on its own, and escapes a few characters (which read back as themselves).
    Masking needs six digits in a row (``mask._CANDIDATE`` starts so; a masked run has 15 or
    more, or is grouped 6-8-4); an escape such as ``\\u0001`` adds four digits after a letter,
    and a masked run it starts still needs six digits in a row of the string's own (at least
    eleven more in a run, or a group of eight). So if no string, key or
    number holds six digits in a row, the data as JSON carries it is what the file gives back;
    otherwise these keys go through ``json_bytes`` itself. Two keys always do, being small and
    often holding six digits in a row that cannot change: the records digest (hex) and the
    metrics (rates such as 0.972972972972973)."""
    import json

    part = {k: data[k] for k in SUMMARY_KEYS if k in data and k not in _APART}
    if "findings" in part:
        part["findings"] = [{k: f[k] for k in FINDING_SUMMARY_KEYS if k in f} for f in part["findings"]]
    if isinstance(part.get("due"), DueRows):
        part["due"] = [x.to_dict() for x in part["due"].rows]  # (= DUE_SUMMARY_KEYS of each)
    elif "due" in part:
        part["due"] = [{k: x[k] for k in DUE_SUMMARY_KEYS if k in x} for x in part["due"]]
    pieces: list[str] = []
    out = _as_read(part, pieces)
    text = " ".join(pieces)
    if _SIX_DIGITS.search(text):
        out = json.loads(json_bytes(part))
    for k in _APART:
        if k in data:
            out[k] = json.loads(json_bytes(data[k]))
    return out


def _as_read(v: Any, pieces: list[str]) -> Any:
    """``v`` as ``json.loads(json.dumps(v, default=_default))`` gives it back (the C encoder's
    order of checks), each string and key, and each number of six digits or more, added to
    ``pieces`` as it is before it is written."""
    t = type(v)
    if t is str:
        pieces.append(v)
        return v
    if v is None or v is True or v is False:
        return v
    if t is int:
        if not -100000 < v < 100000:
            pieces.append(int.__repr__(v))
        return v
    if t is dict:
        out = {}
        for k, x in v.items():
            if type(k) is not str:
                k = _key(k) if not isinstance(k, str) else str.__str__(k)
            pieces.append(k)
            out[k] = _as_read(x, pieces)
        return out
    if t is list or t is tuple:
        return [_as_read(x, pieces) for x in v]
    if t is float:
        pieces.append(float.__repr__(v))
        return v
    if isinstance(v, str):
        return _as_read(str.__str__(v), pieces)
    if isinstance(v, int):
        return _as_read(int(int.__repr__(v)), pieces)
    if isinstance(v, float):
        return _as_read(float(v), pieces)
    if isinstance(v, (list, tuple)):
        return [_as_read(x, pieces) for x in v]
    if isinstance(v, dict):
        return _as_read(dict(v), pieces)
    return _as_read(_default(v), pieces)


_APART = ("records_digest", "metrics")
# Where masking can change a written piece (render.mask._CANDIDATE starts with six digits; written
# out, not as \d{6}: 2x faster to search).
_SIX_DIGITS = re.compile(r"\d\d\d\d\d\d")


def _default(o: Any) -> Any:
    if isinstance(o, Written):
        return o.plain()
    if isinstance(o, (dt.date, dt.datetime)):
        return o.isoformat()
    if isinstance(o, (set, frozenset, tuple)):
        return list(o)
    return str(o)


_SUBJECT_KEYS = ("kind", "id", "label", "status", "msg", "due", "overdue_days", "evidence", "message")
_LOC_KEYS = ("file", "sheet", "row", "column", "header")


def _quoter(w: Any) -> Any:
    """One value as the writer ``w`` writes it, the usual types inline (a string short enough to
    need no finishing, None, a boolean, an int): the rows below call it for what their f-strings
    do not write themselves."""
    from json.encoder import encode_basestring as _enc

    enc_str, number, text, fm = w.enc_str, w.number, w.text, w.finish_min
    int_repr = int.__repr__

    def q(v: Any, lev: int) -> str:
        t = type(v)
        if t is str:
            return _enc(v) if len(v) < fm else enc_str(v)
        if v is None:
            return "null"
        if v is True:
            return "true"
        if v is False:
            return "false"
        if t is int:
            return number(int_repr(v))
        return text(v, lev)  # (anything else: as the writer writes it)

    return q


class _ModelRows(Written):
    """Rows written straight from model objects that also give their plain dict (``to_dict``)."""

    __slots__ = ("rows", "render")

    def __init__(self, rows: Any, render: Any) -> None:
        self.rows = rows
        self.render = render

    def plain(self) -> list[dict[str, Any]]:
        return [r.to_dict(self.render) for r in self.rows]


class SubjectRows(_ModelRows):
    """A finding's subjects, ``[s.to_dict(render) for s in subjects]``, written by ``json_bytes``
    straight from the ``SubjectResult``s: no dict per subject, message and place, and the rows'
    fixed keys written as one piece of text (a 50-worker firm has ~400 subjects: this is most of
    its assessment JSON). ``tests/test_portfolio_worker.py`` holds it to the plain list."""

    __slots__ = ()

    def write(self, w: Any, level: int) -> None:  # noqa: C901 - one loop, written out for speed
        subjects = self.rows
        if not subjects:
            w.app("[]")
            return
        app, text, render = w.app, w.text, self.render
        fm = w.finish_min
        int_repr = int.__repr__
        from json.encoder import encode_basestring as _enc

        q = _quoter(w)

        l1, l2, l3, l4 = level + 1, level + 2, level + 3, level + 4
        n1, n2, n3, n4 = ("\n" + w.ind * n for n in (l1, l2, l3, l4))
        c2, c3, c4 = "," + n2, "," + n3, "," + n4
        kind, sid, label, status, kmsg, due, days, evid, message = (w.key(k) for k in _SUBJECT_KEYS)
        kfile, ksheet, krow, kcol, khead = (w.key(k) for k in _LOC_KEYS)
        kcode, kparams = w.key("code"), w.key("params")
        # the fixed text between the values (a value as q writes it; the usual types inline)
        p_kind, p_id, p_label, p_status = "{" + n2 + kind, c2 + sid, c2 + label, c2 + status
        p_code, p_params = c2 + kmsg + "{" + n3 + kcode, c3 + kparams
        p_due, p_days, p_evid, p_message = n2 + "}" + c2 + due, c2 + days, c2 + evid, c2 + message
        p_file, p_sheet, p_row, p_col, p_head = "{" + n4 + kfile, c4 + ksheet, c4 + krow, c4 + kcol, c4 + khead
        end_loc, end_ev, end = n3 + "}", n2 + "]", n1 + "}"
        small = 10 ** max(0, min(fm - 2, 18)) if fm > 1 else 0  # (|int| below: shorter than finish_min)
        sep = "[" + n1
        for s in subjects:
            m = s.msg
            a, b, c, d, e = s.kind, s.id, s.label, s.status, m.code
            params = m.params
            app(f"{sep}{p_kind}{_enc(a) if type(a) is str and len(a) < fm else q(a, l2)}"
                f"{p_id}{_enc(b) if type(b) is str and len(b) < fm else q(b, l2)}"
                f"{p_label}{_enc(c) if type(c) is str and len(c) < fm else q(c, l2)}"
                f"{p_status}{_enc(d) if type(d) is str and len(d) < fm else q(d, l2)}"
                f"{p_code}{_enc(e) if type(e) is str and len(e) < fm else q(e, l3)}{p_params}"
                f"{text(dict(params), l3) if params else '{}'}")
            dd, od = s.due, s.overdue_days
            app(f"{p_due}{q(dd.isoformat(), l2) if dd else 'null'}"
                f"{p_days}{'null' if od is None else int_repr(od) if type(od) is int and -small < od < small else q(od, l2)}"
                f"{p_evid}")
            ev = s.evidence
            if ev:
                sep2 = "[" + n3
                for x in ev:
                    a, b, r, c, d = x.file, x.sheet, x.row, x.column, x.header
                    app(f"{sep2}{p_file}{_enc(a) if type(a) is str and len(a) < fm else q(a, l4)}"
                        f"{p_sheet}{'null' if b is None else q(b, l4)}"
                        f"{p_row}{'null' if r is None else int_repr(r) if type(r) is int and -small < r < small else q(r, l4)}"
                        f"{p_col}{'null' if c is None else _enc(c) if type(c) is str and len(c) < fm else q(c, l4)}"
                        f"{p_head}{'null' if d is None else _enc(d) if type(d) is str and len(d) < fm else q(d, l4)}"
                        f"{end_loc}")
                    sep2 = c3
                app(end_ev)
            else:
                app("[]")
            if render is not None:
                app(f"{p_message}{q(render(m), l2)}{end}")
            else:
                app(end)
            sep = "," + n1
        app("\n" + w.ind * level + "]")


# The keys of a finding from the catalogue (render.jsonout._obligation_texts), last in its dict.
_CATALOGUE_KEYS = ("title", "advice", "question", "basis", "penalty")
_TAILS: dict[tuple[Any, ...], tuple[Any, str]] = {}  # -> (catalogue, the keys' text)


class FindingRow(Written):
    """One finding's dict (``jsonout.finding_to_dict``), its catalogue texts (the same for every
    firm: title, advice, question, legal basis, penalty) written once per obligation, language
    and nesting level and kept for the next firm (the catalogue object is kept with the text, so
    another catalogue never gets it)."""

    __slots__ = ("data", "catalogue", "lang")

    def __init__(self, data: dict[str, Any], catalogue: Any, lang: str) -> None:
        self.data = data
        self.catalogue = catalogue
        self.lang = lang

    def plain(self) -> dict[str, Any]:
        return self.data

    def __contains__(self, k: str) -> bool:
        return k in self.data

    def __getitem__(self, k: str) -> Any:
        return self.data[k]

    def write(self, w: Any, level: int) -> None:
        d = self.data
        keys = list(d)
        if len(keys) <= len(_CATALOGUE_KEYS) or tuple(keys[-len(_CATALOGUE_KEYS):]) != _CATALOGUE_KEYS:
            w.enc(d, level)
            return
        ck = (id(self.catalogue), d.get("obligation_id"), self.lang, level, w.ind, w.finish, w.finish_min)
        hit = _TAILS.get(ck)
        if hit is None or hit[0] is not self.catalogue:
            nl = ",\n" + w.ind * (level + 1)
            tail = nl + nl.join(w.key(k) + w.text(d[k], level + 1) for k in _CATALOGUE_KEYS)
            if len(_TAILS) >= 4096:
                _TAILS.clear()
            hit = _TAILS[ck] = (self.catalogue, tail)
        head = w.text({k: d[k] for k in keys[:-len(_CATALOGUE_KEYS)]}, level)
        end = "\n" + w.ind * level + "}"
        w.app(head[:-len(end)] + hit[1] + end)


class DueRows(_ModelRows):
    """The due items, ``[d.to_dict(render) for d in items]``, written by ``json_bytes`` straight
    from the ``DueItem``s, as ``SubjectRows`` writes subjects."""

    __slots__ = ()

    def write(self, w: Any, level: int) -> None:
        items = self.rows
        if not items:
            w.app("[]")
            return
        app, text, render = w.app, w.text, self.render
        fm = w.finish_min
        from json.encoder import encode_basestring as _enc

        q = _quoter(w)

        l1, l2, l3 = level + 1, level + 2, level + 3
        n1, n2, n3 = ("\n" + w.ind * n for n in (l1, l2, l3))
        c2, c3 = "," + n2, "," + n3
        kdate, kkind, kob, kskind, ksid, klabel, kmsg, kover, kmessage = (w.key(k) for k in _DUE_KEYS)
        kcode, kparams = w.key("code"), w.key("params")
        p_date, p_kind, p_ob, p_skind, p_sid, p_label = "{" + n2 + kdate, c2 + kkind, c2 + kob, c2 + kskind, c2 + ksid, \
            c2 + klabel
        p_code, p_params, p_over, p_message = c2 + kmsg + "{" + n3 + kcode, c3 + kparams, n2 + "}" + c2 + kover, \
            c2 + kmessage
        end = n1 + "}"
        sep = "[" + n1
        for d in items:
            m = d.msg
            a, b, c, e, f, g = d.kind, d.obligation_id, d.subject_kind, d.subject_id, d.label, m.code
            params, over = m.params, d.overdue
            app(f"{sep}{p_date}{q(d.date.isoformat(), l2)}"
                f"{p_kind}{_enc(a) if type(a) is str and len(a) < fm else q(a, l2)}"
                f"{p_ob}{_enc(b) if type(b) is str and len(b) < fm else q(b, l2)}"
                f"{p_skind}{_enc(c) if type(c) is str and len(c) < fm else q(c, l2)}"
                f"{p_sid}{_enc(e) if type(e) is str and len(e) < fm else q(e, l2)}"
                f"{p_label}{_enc(f) if type(f) is str and len(f) < fm else q(f, l2)}"
                f"{p_code}{_enc(g) if type(g) is str and len(g) < fm else q(g, l3)}{p_params}"
                f"{text(dict(params), l3) if params else '{}'}"
                f"{p_over}{'true' if over is True else 'false' if over is False else q(over, l2)}"
                f"{p_message + q(render(m), l2) if render is not None else ''}{end}")
            sep = "," + n1
        app("\n" + w.ind * level + "]")


_DUE_KEYS = ("date", "kind", "obligation_id", "subject_kind", "subject_id", "label", "msg", "overdue", "message")


def _date(v: Any) -> dt.date | None:
    return dt.date.fromisoformat(v) if isinstance(v, str) and v else None


def _msg(d: Mapping[str, Any] | None) -> Msg | None:
    if not d:
        return None
    return Msg(str(d.get("code", "")), dict(d.get("params") or {}))


def _profile(d: Mapping[str, Any]) -> Profile:
    mgr = d.get("oh_manager")
    ins = d.get("insurance")
    return Profile(
        name=d.get("name"), credit_code=d.get("credit_code"), region=d.get("region"), industry=d.get("industry"),
        size=d.get("size"), headcount=d.get("headcount"), hazard_class=d.get("hazard_class"),
        principal=d.get("principal"),
        oh_manager=Manager(mgr.get("name"), mgr.get("full_time")) if isinstance(mgr, Mapping) else None,
        oh_body=d.get("oh_body"),
        insurance=Insurance(ins.get("insured"), _date(ins.get("as_of"))) if isinstance(ins, Mapping) else None,
        contact_phone=d.get("contact_phone"), source_file=d.get("source_file") or "enterprise.yaml")


def read_summary(d: Mapping[str, Any]) -> Assessment:
    """An Assessment rebuilt from the assessment JSON, without per-subject rows, posts or workers."""
    findings = tuple(Finding(f["obligation_id"], f["area"], f["status"], f["severity"], _msg(f.get("msg")) or Msg(""),
                             due=_date(f.get("due")), overdue_days=f.get("overdue_days"), answer=f.get("answer"),
                             unconfirmed=tuple(f.get("unconfirmed") or ()))
                     for f in d.get("findings", ()))
    metrics = tuple(Metric(m["id"], m["numerator"], m["denominator"], m.get("target")) for m in d.get("metrics", ()))
    due = tuple(DueItem(_date(x["date"]), x["kind"], x["obligation_id"], x["subject_kind"], x["subject_id"],
                        x.get("label") or "", _msg(x.get("msg")) or Msg(""), bool(x.get("overdue")))
                for x in d.get("due", ()))
    problems = tuple(Problem(p["code"], Loc(p.get("file") or "", p.get("sheet"), p.get("row"), p.get("column"),
                                            p.get("header")),
                             _msg(p.get("msg")) or Msg(p["code"]), _msg(p.get("fix")), p.get("value"),
                             p.get("severity") or "error")
                     for p in d.get("problems", ()))
    return Assessment(firm=_profile(d.get("firm") or {}), as_of=_date(d["as_of"]),
                      ruleset_version=d.get("ruleset_version") or "", ohkit_version=d.get("ohkit_version") or "",
                      exam_standard=d.get("exam_standard") or "", findings=findings, metrics=metrics, due=due,
                      posts=(), records_digest=d.get("records_digest") or "", problems=problems,
                      flags=dict(d.get("flags") or {}))
