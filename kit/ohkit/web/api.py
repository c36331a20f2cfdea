"""The 在线自查 page's one entry point: file bytes + firm facts + answers in, everything the
page shows and offers for download out. The same records → engine → render path as the CLI:
the bytes are written into a fresh firm folder (in the browser that is Pyodide's in-memory
file system) and read with ``load_workspace``; only this file-access edge differs.

Runs anywhere ohkit runs; the page calls it inside a Web Worker under Pyodide, the tests call
it directly. Nothing here touches the network.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any, Mapping

WORKBOOK = "records.xlsx"
WORKBOOKS = (".xlsx", ".xlsm", ".xls", ".ods")
FIRM_DIR = "firm"  # the folder's name stands in for the firm's name when enterprise.yaml is missing
DUE_DAYS = 60


def _safe_name(name: str) -> str:
    """The file's own name, never a path (a dropped name cannot write outside the folder)."""
    base = re.split(r"[\\/]", str(name))[-1].strip()
    return base if base not in ("", ".", "..") else "file"


def place_files(files: Mapping[str, bytes], root: Path) -> dict[str, str]:
    """Write the dropped files into ``root``. One workbook under another name is read as
    records.xlsx (the CLI needs that name; the page says so). Returns {original: stored name}."""
    names = {n: _safe_name(n) for n in files}
    books = [n for n, s in names.items() if s.lower().endswith(WORKBOOKS)]
    if len(books) == 1 and not any(s == WORKBOOK for s in names.values()) \
            and names[books[0]].lower().endswith(".xlsx"):
        names[books[0]] = WORKBOOK
    for orig, stored in names.items():
        (root / stored).write_bytes(bytes(files[orig]))
    return names


# ---------------------------------------------------------------------------
# enterprise.yaml <-> the form's facts
# ---------------------------------------------------------------------------

def form_fields(lang: str) -> list[dict[str, Any]]:
    """The enterprise.yaml keys as form fields (from the schema): key, kind, label, help, choices."""
    from ohkit.records import enterprise_spec

    zh = lang == "zh"
    out = []

    def field(f: Any, prefix: str = "") -> dict[str, Any]:
        d: dict[str, Any] = {"key": prefix + f.key, "kind": f.kind, "required": bool(f.required),
                             "label": f.header_zh if zh else f.header_en.replace("_", " "),
                             "help": f.description_zh if zh else f.description_en}
        if f.enum_labels:
            d["choices"] = [[k, (v or {}).get("zh" if zh else "en", k)] for k, v in f.enum_labels.items()]
        return d

    for f in enterprise_spec().fields:
        if f.kind == "object":
            for c in f.children:
                d = field(c, f.key + ".")
                d["label"] = (f.header_zh if zh else f.header_en.replace("_", " ")) + " · " + d["label"]
                out.append(d)
            continue
        out.append(field(f))
    return out


def facts_from_enterprise(data: bytes) -> dict[str, Any]:
    """A dropped enterprise.yaml as form values {dotted key: value as the form shows it};
    keys may be Chinese (the schema's aliases). Unreadable files give {} (the check says why)."""
    import yaml

    from ohkit.records.readers import decode_bytes, header_key

    text, _enc = decode_bytes(bytes(data))
    try:
        raw = yaml.safe_load(text or "")
    except yaml.YAMLError:
        return {}
    if not isinstance(raw, dict):
        return {}
    fields = {f["key"]: f for f in form_fields("zh")}
    from ohkit.records import enterprise_spec

    idx: dict[str, Any] = {}
    for f in enterprise_spec().fields:
        for h in f.headers():
            idx.setdefault(header_key(h), f)
    out: dict[str, Any] = {}
    for k, v in raw.items():
        f = idx.get(header_key(str(k)))
        if f is None:
            continue
        if f.kind == "object" and isinstance(v, dict):
            cidx = {header_key(h): c for c in f.children for h in c.headers()}
            for ck, cv in v.items():
                c = cidx.get(header_key(str(ck)))
                if c is not None and f"{f.key}.{c.key}" in fields:
                    out[f"{f.key}.{c.key}"] = _form_value(c, cv)
        elif f.key in fields:
            out[f.key] = _form_value(f, v)
    return {k: v for k, v in out.items() if v is not None}


def _form_value(f: Any, v: Any) -> Any:
    if v is None:
        return None
    if f.kind == "enum":
        s = str(v).strip()
        for key, labels in f.enum_labels.items():
            if s == key or s in (labels or {}).values() or s in f.enum_aliases.get(key, ()):
                return key
        return s
    if f.kind == "bool":
        from ohkit.records.normalise import parse_bool

        try:
            return parse_bool(v)
        except Exception:  # noqa: BLE001 - the check reports it
            return str(v)
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()[:10]
    return v if isinstance(v, (int, float, bool)) else str(v)


def enterprise_yaml(facts: Mapping[str, Any], original: bytes | None = None) -> str:
    """enterprise.yaml written from the form (English keys, one per line). Keys of a dropped
    file that the form does not show (e.g. exam_intervals) are kept."""
    import yaml

    from ohkit.engine.answers import _quote
    from ohkit.records import enterprise_spec

    kinds = {f["key"]: f["kind"] for f in form_fields("en")}
    extra: dict[str, Any] = {}
    if original:
        from ohkit.records.readers import decode_bytes, header_key

        text, _enc = decode_bytes(bytes(original))
        try:
            raw = yaml.safe_load(text or "")
        except yaml.YAMLError:
            raw = None
        if isinstance(raw, dict):
            known = {header_key(h) for f in enterprise_spec().fields if f.kind != "object" or f.children
                     for h in f.headers()}
            extra = {k: v for k, v in raw.items() if header_key(str(k)) not in known}

    def scalar(key: str, v: Any) -> str | None:
        if v is None or (isinstance(v, str) and not v.strip()):
            return None
        kind = kinds.get(key, "text")
        if kind == "bool" or isinstance(v, bool):
            return "true" if v in (True, "true", "yes") else "false" if v in (False, "false", "no") else _quote(str(v))
        if kind == "int":
            try:
                return str(int(str(v).strip()))
            except ValueError:
                return _quote(str(v))
        if kind == "date" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(v).strip()):
            return str(v).strip()
        return _quote(str(v).strip())

    lines = ["# 单位信息 enterprise.yaml (ohkit 在线自查 / Check online)"]
    groups: dict[str, list[str]] = {}
    order: list[str] = []
    for key in kinds:
        s = scalar(key, facts.get(key))
        if s is None:
            continue
        if "." in key:
            head, sub = key.split(".", 1)
            if head not in groups:
                groups[head] = []
                order.append(head)
            groups[head].append(f"  {sub}: {s}")
        else:
            order.append(key)
            groups[key] = [f"{key}: {s}"]
    for key in order:
        if key in kinds:
            lines.extend(groups[key])
        else:
            lines.append(f"{key}:")
            lines.extend(groups[key])
    if extra:
        lines.append(yaml.safe_dump(extra, allow_unicode=True, sort_keys=False).rstrip())
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# the check
# ---------------------------------------------------------------------------

def _answer_value(q_type: str, v: Any) -> Any:
    if q_type == "int":
        return int(v)
    if q_type == "bool" or q_type == "obligation":
        return v in (True, "true", "yes", 1)
    return str(v)


def check(files: Mapping[str, bytes], *, as_of: str | dt.date | None = None, lang: str = "zh",
          facts: Mapping[str, Any] | None = None, answers: Mapping[str, Any] | None = None,
          today: str | dt.date | None = None) -> dict[str, Any]:
    """Check dropped files like ``ohkit validate`` + ``ohkit assess`` + ``ohkit due`` + the report
    and cards, in one call.

    ``files``: name -> bytes (records.xlsx or the CSVs, enterprise.yaml, answers.yaml).
    ``facts``: the form's values (dotted enterprise.yaml keys); when given they replace the
    dropped enterprise.yaml (its keys the form does not show are kept).
    ``answers``: walk-through answers given in the page, question id -> value; written into
    answers.yaml (dated ``today``) exactly as `ohkit assess` writes them.
    """
    from ohkit.catalogue import load_catalogue
    from ohkit.engine import assess
    from ohkit.engine.answers import update_text
    from ohkit.engine.questions import open_obligation_questions, open_profile_questions
    from ohkit.i18n import normalise_lang, translator
    from ohkit.records import load_workspace
    from ohkit.records.report import validation_to_dict
    from ohkit.render.ics import due_rows, select_due
    from ohkit.render.jsonout import assessment_to_dict

    lang = normalise_lang(lang)
    tr = translator(lang)
    as_of_d = _date(as_of) or dt.date.today()
    today_d = _date(today) or dt.date.today()
    cat = load_catalogue()
    qtypes = {q.id: q.type for q in cat.profile_questions}

    tmp = Path(tempfile.mkdtemp(prefix="ohkit-web-"))
    try:
        root = tmp / FIRM_DIR
        root.mkdir()
        stored = place_files(files, root)
        original_ent = next((bytes(files[o]) for o, s in stored.items() if s == "enterprise.yaml"), None)
        if facts:
            (root / "enterprise.yaml").write_text(enterprise_yaml(facts, original_ent), encoding="utf-8")
        new: dict[str, tuple[Any, dt.date]] = {}
        for k, v in (answers or {}).items():
            if v is None or v == "":
                continue
            try:
                new[str(k)] = (_answer_value(qtypes.get(str(k), "obligation"), v), today_d)
            except (TypeError, ValueError):
                continue
        old_answers = (root / "answers.yaml").read_text(encoding="utf-8") if (root / "answers.yaml").is_file() else ""
        if new:
            (root / "answers.yaml").write_text(update_text(old_answers, new), encoding="utf-8")

        ws = load_workspace(root, as_of=as_of_d)
        a = assess(ws, as_of_d, cat)

        # The questions as `ohkit assess` would ask them on the folder without this page's answers
        # (so that questions answered here stay on the page, with their answers).
        if new:
            base = dataclasses.replace(ws, answers={k: v for k, v in (ws.answers or {}).items() if k not in new})
            profile_qs = open_profile_questions(base, assess(base, as_of_d, cat).flags, cat)
            with_profile = dataclasses.replace(ws, answers={k: v for k, v in (ws.answers or {}).items()
                                                            if k not in new or k in qtypes})
            ob_qs = open_obligation_questions(base, assess(with_profile, as_of_d, cat), cat)
        else:
            profile_qs = open_profile_questions(ws, a.flags, cat)
            ob_qs = open_obligation_questions(ws, a, cat)

        validation = validation_to_dict(ws, as_of_d, tr)
        assessment = assessment_to_dict(a, tr, cat)
        overdue, upcoming = select_due(a, DUE_DAYS)
        due = {"as_of": as_of_d.isoformat(), "within_days": DUE_DAYS,
               "overdue": due_rows(a, tr, overdue), "upcoming": due_rows(a, tr, upcoming)}
        questions = [_profile_question(q, tr, new) for q in profile_qs] + \
                    [_obligation_question(ob, tr, new) for ob in ob_qs]

        from ohkit.render.cards import card_posts, render_cards_html
        from ohkit.render.report import render_report_html
        from ohkit.web.view import result_html

        report = browser_print(render_report_html(a, lang))
        cards = browser_print(render_cards_html(a, lang, for_pdf=False)) if card_posts(a) else None
        answers_text = (root / "answers.yaml").read_text(encoding="utf-8") if (root / "answers.yaml").is_file() else None
        ent_text = (root / "enterprise.yaml").read_text(encoding="utf-8") if (root / "enterprise.yaml").is_file() else None
        renamed = {o: s for o, s in stored.items() if _safe_name(o) != s}
        return {
            "lang": lang,
            "as_of": as_of_d.isoformat(),
            "files": sorted(ws.files),
            "renamed": renamed,
            "validation": validation,
            "assessment": assessment,
            "due": due,
            "questions": questions,
            "html": result_html(tr, cat, validation, assessment, due, questions, renamed),
            "downloads": {
                "answers.yaml": answers_text,
                "enterprise.yaml": ent_text,
                "report.html": report,
                "cards.html": cards,
            },
        }
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


PRINT_CSS = ("<style>/* printed from a browser: keep the colours (warning bands, status marks) */\n"
             "html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }</style>\n")


def browser_print(html: str) -> str:
    """The report or cards as the CLI renders them, plus what a browser's print-to-PDF needs
    (WeasyPrint, the CLI's PDF step, prints backgrounds anyway)."""
    i = html.find("</head>")
    return html[:i] + PRINT_CSS + html[i:] if i >= 0 else PRINT_CSS + html


def _date(v: str | dt.date | None) -> dt.date | None:
    if v is None or v == "":
        return None
    if isinstance(v, dt.date):
        return v
    return dt.date.fromisoformat(str(v))


def _profile_question(q: Any, tr: Any, new: Mapping[str, Any]) -> dict[str, Any]:
    d: dict[str, Any] = {"id": q.id, "kind": "profile", "type": q.type, "text": tr.pick(q.question),
                         "help": tr.pick(q.help) if q.help else None,
                         "value": new[q.id][0] if q.id in new else None}
    if q.choices:
        d["choices"] = [[v, tr.pick(label)] for v, label in q.choices]
    if q.min is not None:
        d["min"] = q.min
    if q.max is not None:
        d["max"] = q.max
    return d


def _obligation_question(ob: Any, tr: Any, new: Mapping[str, Any]) -> dict[str, Any]:
    return {"id": ob.id, "kind": "obligation", "type": "bool", "title": tr.pick(ob.title),
            "text": tr.pick(ob.question), "help": None, "value": new[ob.id][0] if ob.id in new else None}
