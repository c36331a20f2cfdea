"""enterprise.yaml -> model.Profile (and answers.yaml -> a plain mapping).

YAML is loaded with the safe loader. Keys are accepted in English or Chinese
(the schema's titles and aliases); every problem names the line and key path.
"""
from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path
from typing import Any

from ohkit.model import Insurance, Loc, Manager, Problem, Profile
from ohkit.records.hazards import HazardResolver
from ohkit.records.normalise import Bad, mask_id, parser_for, raw_text
from ohkit.records.readers import header_key, problem
from ohkit.records.schema import FieldSpec, enterprise_spec

FILE = "enterprise.yaml"


def _index(fields: tuple[FieldSpec, ...]) -> dict[str, FieldSpec]:
    idx: dict[str, FieldSpec] = {}
    for f in fields:
        for h in f.headers():
            idx.setdefault(header_key(h), f)
    return idx


def read_yaml(path: Path, rel: str, problems: list[Problem],
              lines: dict[tuple[str, ...], int] | None = None) -> tuple[Any, str | None]:
    """(data, text); data None when unreadable (a problem says why). ``lines`` (if given) gets
    the line of each key path (``yamlsafe.key_lines``), from the one parse."""
    import yaml

    from ohkit.records import yamlsafe
    from ohkit.records.limits import check_regular_file

    if not check_regular_file(path, rel, problems, yamlsafe.MAX_YAML_BYTES):
        return None, None
    try:
        data_b = path.read_bytes()
    except OSError as exc:
        from ohkit.records.limits import os_problem

        problems.append(os_problem(exc, rel))
        return None, None
    from ohkit.records.readers import decode_bytes

    utf16 = data_b.startswith((b"\xff\xfe", b"\xfe\xff"))
    if b"\x00" in data_b[:65536] and not utf16:
        problems.append(problem("rec.yaml_binary", Loc(rel), {"file": rel}, fix="rec.fix.encoding_text"))
        return None, None
    text, enc = decode_bytes(data_b)
    if text is None:
        problems.append(problem("rec.encoding_unknown", Loc(rel), {}, fix="rec.fix.encoding_text"))
        return None, None
    if enc == "gb18030":
        problems.append(problem("rec.encoding_gbk", Loc(rel), {}, fix="rec.fix.encoding_gbk_text", severity="warning"))
    try:
        dups: list[tuple[str, int, int]] = []
        data = yamlsafe.load(text, dups, lines)
        for key, first, line in dups:
            problems.append(problem("rec.yaml_key_duplicate", Loc(rel, None, line, key),
                                    {"key": key, "first": first, "row": line}, fix="rec.fix.yaml_key_duplicate"))
        return data, text
    except yamlsafe.YamlLimit as lim:
        problems.append(problem(f"rec.yaml_{lim.what}", Loc(rel, None, lim.line),
                                {"row": lim.line, "limit": lim.limit},
                                fix="rec.fix.yaml_limit"))
        return None, text
    except RecursionError:
        problems.append(problem("rec.yaml_depth", Loc(rel), {"row": "?", "limit": yamlsafe.MAX_YAML_DEPTH},
                                fix="rec.fix.yaml_limit"))
        return None, text
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        col = mark.column + 1 if mark is not None else None
        if mark is None:  # a reader error: a character YAML may not hold (a control character)
            pos = getattr(exc, "position", None)
            char = getattr(exc, "character", None)
            if isinstance(pos, int) and 0 <= pos <= len(text):
                line = text.count("\n", 0, pos) + 1
                col = pos - (text.rfind("\n", 0, pos) + 1) + 1
                code = f"U+{ord(char):04X}" if isinstance(char, str) and len(char) == 1 else (
                    f"U+{char:04X}" if isinstance(char, int) else "?")
                problems.append(problem("rec.yaml_control_char", Loc(rel, None, line),
                                        {"row": line, "column": col, "code": code},
                                        fix="rec.fix.yaml_control_char"))
            else:
                problems.append(problem("rec.encoding_unknown", Loc(rel), {}, fix="rec.fix.encoding_text"))
            return None, text
        # PyYAML's own explanation is English only: the message names the place instead
        problems.append(problem("rec.yaml_error", Loc(rel, None, line), {"row": line, "column": col},
                                fix="rec.fix.yaml_error"))
        return None, text


def load_profile(root: Path, as_of: dt.date | None, hazards: HazardResolver | None,
                 problems: list[Problem]) -> Profile:
    """The profile. When enterprise.yaml is missing or cannot be read, the folder's name
    stands in for the firm's name, so titles never start blank (a problem says why)."""
    path = root / FILE
    if not path.is_file():
        problems.append(problem("rec.enterprise_missing", Loc(FILE), {}, fix="rec.fix.enterprise_missing"))
        return Profile(name=root.resolve().name)
    lines: dict[tuple[str, ...], int] = {}
    data, text = read_yaml(path, FILE, problems, lines)
    if data is None and text is not None and not text.strip():
        problems.append(problem("rec.file_empty", Loc(FILE), {"table": FILE}, fix="rec.fix.enterprise_missing"))
        return Profile(name=root.resolve().name)
    if data is None:
        return Profile(name=root.resolve().name)
    if not isinstance(data, dict):
        problems.append(problem("rec.yaml_not_mapping", Loc(FILE, None, 1), {}, fix="rec.fix.yaml_error"))
        return Profile(name=root.resolve().name)
    spec = enterprise_spec()
    idx = _index(spec.fields)
    out: dict[str, Any] = {}

    def loc(path: tuple[str, ...], raw_path: tuple[str, ...]) -> Loc:
        return Loc(FILE, None, lines.get(raw_path), ".".join(path))

    def label(f: FieldSpec, path: tuple[str, ...]) -> dict[str, str]:
        key = ".".join(path)
        return {"zh": f"{f.header_zh}（{key}）", "en": key}

    def parse(f: FieldSpec, v: Any, path: tuple[str, ...], raw_path: tuple[str, ...]) -> Any:
        if v is None or (isinstance(v, str) and not v.strip()):
            return None
        if f.kind == "object":
            return v
        if isinstance(v, (list, dict)):
            problems.append(problem("rec.yaml_not_scalar", loc(path, raw_path), {"key": label(f, path)},
                                    fix="rec.fix.yaml_not_scalar"))
            return None
        try:
            val = parser_for(f)(v)
        except Bad as b:
            shown = mask_id(raw_text(v)) if f.kind == "id_number" else raw_text(v)
            if len(shown) > 60:
                shown = shown[:40] + "…"
            params = {"header": label(f, path), **b.params}
            problems.append(problem(b.code, loc(path, raw_path), params,
                                    fix=b.fix or _fix(b.code), value=shown))
            return None
        if f.minimum is not None and isinstance(val, (int, float)) and val < f.minimum:
            problems.append(problem("rec.too_small", loc(path, raw_path),
                                    {"header": label(f, path), "value": raw_text(v), "minimum": f.minimum},
                                    fix="rec.fix.too_small", value=raw_text(v)))
            return None
        if as_of is not None and f.kind == "date" and val > as_of:
            problems.append(problem("rec.date_future", loc(path, raw_path),
                                    {"value": val.isoformat(), "as_of": as_of.isoformat(), "header": label(f, path)},
                                    fix="rec.fix.date_future", value=raw_text(v)))
        return val

    def unknown(k: Any, path: tuple[str, ...], raw_path: tuple[str, ...], known: list[str]) -> None:
        close = difflib.get_close_matches(str(k), known, n=1, cutoff=0.5)
        problems.append(problem("rec.yaml_key_unknown", loc(path, raw_path),
                                {"key": str(k), "suggestion": close[0] if close else ""},
                                fix="rec.fix.yaml_key_unknown" if close else "rec.fix.yaml_key_remove",
                                severity="warning"))

    known_keys = [f.key for f in spec.fields]
    for k, v in data.items():
        f = idx.get(header_key(str(k)))
        if f is None:
            unknown(k, (str(k),), (str(k),), known_keys)
            continue
        if f.key in out:
            problems.append(problem("rec.yaml_key_twice", loc((f.key,), (str(k),)), {"key": str(k)},
                                    fix="rec.fix.yaml_key_twice"))
            continue
        if f.kind != "object":
            out[f.key] = parse(f, v, (f.key,), (str(k),))
            continue
        if f.key == "exam_intervals":
            out[f.key] = _intervals(v, (str(k),), loc, parse, hazards, problems,
                                    {"zh": f"{f.header_zh}（{f.key}）", "en": f.key})
            continue
        # oh_manager / insurance
        if f.key == "oh_manager" and isinstance(v, str):
            v = {"name": v}
        if v is None:
            continue
        if not isinstance(v, dict):
            problems.append(problem("rec.yaml_not_mapping_key", loc((f.key,), (str(k),)),
                                    {"key": {"zh": f"{f.header_zh}（{f.key}）", "en": f.key}},
                                    fix="rec.fix.yaml_error"))
            continue
        cidx = _index(f.children)
        sub: dict[str, Any] = {}
        for ck, cv in v.items():
            cf = cidx.get(header_key(str(ck)))
            if cf is None:
                unknown(ck, (f.key, str(ck)), (str(k), str(ck)), [c.key for c in f.children])
                continue
            sub[cf.key] = parse(cf, cv, (f.key, cf.key), (str(k), str(ck)))
        out[f.key] = sub

    if not out.get("name"):
        if not any(p.loc.file == FILE and p.loc.column == "name" for p in problems):
            problems.append(problem("rec.enterprise_name_missing", Loc(FILE, None, None, "name"), {},
                                    fix="rec.fix.enterprise_name_missing"))
    om = out.get("oh_manager")
    ins = out.get("insurance")
    return Profile(
        name=out.get("name"),
        credit_code=out.get("credit_code"),
        region=out.get("region"),
        industry=out.get("industry"),
        size=out.get("size"),
        headcount=out.get("headcount"),
        hazard_class=out.get("hazard_class"),
        principal=out.get("principal"),
        oh_manager=Manager(om.get("name"), om.get("full_time")) if isinstance(om, dict) else None,
        oh_body=out.get("oh_body"),
        insurance=Insurance(ins.get("insured"), ins.get("as_of")) if isinstance(ins, dict) else None,
        uses_high_toxic=out.get("uses_high_toxic"),
        acute_risk=out.get("acute_risk"),
        radiation=out.get("radiation"),
        has_union=out.get("has_union"),
        new_project=out.get("new_project"),
        exam_intervals=out.get("exam_intervals") or {},
        contact_phone=out.get("contact_phone"),
        source_file=FILE,
    )


def _fix(code: str) -> str:
    from ohkit.records.tables import _fix_for

    return _fix_for(code) or "rec.fix.generic"


def _intervals(v: Any, raw_path: tuple[str, ...], loc: Any, parse: Any, hazards: HazardResolver | None,
               problems: list[Problem], key_label: Any = "exam_intervals") -> dict[str, int]:
    from ohkit.records.schema import FieldSpec

    if v is None:
        return {}
    if not isinstance(v, dict):
        problems.append(problem("rec.yaml_not_mapping_key", loc(("exam_intervals",), raw_path),
                                {"key": key_label}, fix="rec.fix.yaml_error"))
        return {}
    months = FieldSpec("months", "月数", "months", (), "int", {}, False, "", "", minimum=1)
    out: dict[str, int] = {}
    for hk, hv in v.items():
        path = ("exam_intervals", str(hk))
        rp = raw_path + (str(hk),)
        hid = hazards.find(str(hk)) if hazards is not None else str(hk)
        if hid is None:
            sugg = hazards.suggest(str(hk)) if hazards is not None else []
            problems.append(problem("rec.hazard_unknown" if sugg else "rec.hazard_unknown_nosugg", loc(path, rp),
                                    {"value": str(hk), "suggestions": sugg, "header": "exam_intervals"},
                                    fix="rec.fix.hazard_unknown", value=str(hk)))
            continue
        m = parse(months, hv, path, rp)
        if m is not None:
            if m > 120:
                problems.append(problem("rec.interval_range", loc(path, rp), {"value": m},
                                        fix="rec.fix.interval_range", value=str(m)))
                continue
            out[hid] = m
    return out


def load_answers(root: Path, problems: list[Problem]) -> dict[str, Any]:
    path = root / "answers.yaml"
    if not path.is_file():
        return {}
    lines: dict[tuple[str, ...], int] = {}
    data, text = read_yaml(path, "answers.yaml", problems, lines)
    if data is None:
        return {}
    if not isinstance(data, dict):
        problems.append(problem("rec.answers_bad", Loc("answers.yaml", None, 1), {}, fix="rec.fix.answers_bad",
                                severity="warning"))
        return {}
    return _check_answers(data, lines, problems)


_OBLIGATION_ID = None


def _check_answers(data: dict[Any, Any], lines: dict[tuple[str, ...], int],
                   problems: list[Problem]) -> dict[str, Any]:
    """Keep the well-formed answers; every malformed entry is a problem at its line.

    An entry is ``KEY: {answer: …, date: YYYY-MM-DD}`` (or a bare value). Answers to
    obligations (``ORG-4``) are yes/no; answers to profile questions (``hazard_class``)
    one value. A missing or unreadable date is a warning; the answer is still used."""
    import re

    from ohkit.records.normalise import parse_bool, parse_date

    global _OBLIGATION_ID
    if _OBLIGATION_ID is None:
        _OBLIGATION_ID = re.compile(r"[A-Z]{2,8}-\d+")
    out: dict[str, Any] = {}
    for k, v in data.items():
        key = str(k)
        loc = Loc("answers.yaml", None, lines.get((key,)), key)

        def bad(code: str, value: Any = None, severity: str = "error", fix: str = "rec.fix.answer") -> None:
            params = {"key": key}
            if value is not None:
                params["value"] = raw_text(value)
            problems.append(problem(code, loc, params, fix=fix, value=params.get("value"), severity=severity))

        entry = v if isinstance(v, dict) else {"answer": v}
        if "answer" not in entry or entry.get("answer") is None:
            bad("rec.answer_missing")
            continue
        a = entry["answer"]
        if isinstance(a, (list, dict)):
            bad("rec.answer_not_scalar")
            continue
        if _OBLIGATION_ID.fullmatch(key):
            try:
                parse_bool(a)
            except Bad:
                bad("rec.answer_not_yes_no", a)
                continue
        if isinstance(v, dict):
            d = entry.get("date")
            if d is None or d == "":
                bad("rec.answer_no_date", severity="warning", fix="rec.fix.answer_date")
            else:
                try:
                    parse_date(d)
                except Bad:
                    bad("rec.answer_date_bad", d, severity="warning", fix="rec.fix.answer_date")
        out[key] = v
    return out
