"""Raw rows -> typed Records: normalise each cell, validate each row against
its JSON Schema (compiled fastjsonschema first; a reused Draft202012Validator
only for rejected rows, to get every error), and resolve hazard names."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any, Callable

from ohkit.model import Loc, Msg, Problem, Record, TableSource
from ohkit.records.hazards import HazardResolver
from ohkit.records.normalise import Bad, mask_id, parser_for, raw_text
from ohkit.records.readers import RawTable, problem
from ohkit.records.schema import FieldSpec, TableSpec, load_schema


def _iso(v: Any) -> Any:
    return v.isoformat()


def _as_list(v: Any) -> Any:
    return list(v)


def _date_or_bool_json(v: Any) -> Any:
    return v if isinstance(v, bool) else v.isoformat()


_TO_JSON: dict[str, Callable[[Any], Any] | None] = {
    "date": _iso, "list": _as_list, "date_or_bool": _date_or_bool_json,
}


@lru_cache(maxsize=None)
def fast_validator(table: str) -> Callable[[dict[str, Any]], Any]:
    import fastjsonschema

    schema = dict(load_schema(table))
    schema.pop("$schema", None)  # compiled as draft-07 (the schemas are kept compatible)
    return fastjsonschema.compile(schema)


@lru_cache(maxsize=None)
def full_validator(table: str) -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(load_schema(table), format_checker=Draft202012Validator.FORMAT_CHECKER)


def _fix_for(code: str) -> str | None:
    return {
        "rec.date_bad": "rec.fix.date", "rec.date_ambiguous": "rec.fix.date", "rec.date_no_day": "rec.fix.date",
        "rec.date_invalid": "rec.fix.date_invalid", "rec.date_year": "rec.fix.date", "rec.date_number": "rec.fix.date",
        "rec.bool_bad": "rec.fix.bool", "rec.int_bad": "rec.fix.int", "rec.number_bad": "rec.fix.number",
        "rec.enum_bad": "rec.fix.enum", "rec.date_or_bool_bad": "rec.fix.date_or_bool", "rec.list_empty": "rec.fix.list",
    }.get(code)


class _Col:
    __slots__ = ("key", "index", "letter", "header", "parse", "to_json", "spec", "check_future", "hazard", "mask")

    def __init__(self, spec: FieldSpec, index: int, letter: str, header: str, as_of: dt.date | None):
        self.key = spec.key
        self.index = index
        self.letter = letter
        self.header = header
        self.parse = parser_for(spec)
        self.to_json = _TO_JSON.get(spec.kind)
        self.spec = spec
        self.check_future = as_of is not None and spec.kind in ("date", "date_or_bool") and not spec.future_ok
        self.hazard = spec.hazard
        self.mask = spec.kind == "id_number"


def normalise_table(raw: RawTable, spec: TableSpec, as_of: dt.date | None, hazards: HazardResolver | None,
                    problems: list[Problem]) -> tuple[TableSource, list[Record]]:
    source = TableSource(table=spec.name, file=raw.file, sheet=raw.sheet, header_row=raw.header_row,
                         columns={k: (letter, header) for k, (_, letter, header) in raw.columns.items()},
                         encoding=raw.encoding)
    cols = [_Col(spec.field(k), i, letter, header, as_of) for k, (i, letter, header) in raw.columns.items()]
    col_by_key = {c.key: c for c in cols}
    validate = fast_validator(spec.name)
    from fastjsonschema import JsonSchemaException

    required = spec.required
    file, sheet = raw.file, raw.sheet
    formulas = raw.formula_cells
    formula_cols: dict[int, list[int]] = {}
    records: list[Record] = []
    add = problems.append

    for rowno, cells in raw.rows:
        values: dict[str, Any] = {}
        js: dict[str, Any] = {}
        failed: set[str] | None = None
        n = len(cells)
        for c in cols:
            if c.index >= n:
                continue
            v = cells[c.index]
            if v is None or v == "" or (type(v) is str and v.isspace()):
                continue
            try:
                val = c.parse(v)
            except Bad as b:
                if failed is None:
                    failed = set()
                failed.add(c.key)
                shown = b.params.get("value", mask_id(raw_text(v))) if c.mask else raw_text(v)
                params = {"header": c.header, **b.params}
                add(Problem(b.code, Loc(file, sheet, rowno, c.letter, c.header), Msg(b.code, params),
                            Msg(b.fix or _fix_for(b.code) or "rec.fix.generic", params), shown))
                continue
            values[c.key] = val
            tj = c.to_json
            js[c.key] = tj(val) if tj is not None else val
            if c.check_future and not isinstance(val, bool) and val > as_of:  # type: ignore[operator]
                add(problem("rec.date_future", Loc(file, sheet, rowno, c.letter, c.header),
                            {"value": val.isoformat(), "as_of": as_of.isoformat(), "header": c.header},  # type: ignore[union-attr]
                            fix="rec.fix.date_future", value=raw_text(v)))
            if c.hazard and hazards is not None:
                _resolve_hazards(c, val, values, hazards, Loc(file, sheet, rowno, c.letter, c.header), add)
        if formulas:
            for c in cols:
                if (rowno - 1, c.index) in formulas:
                    formula_cols.setdefault(c.index, []).append(rowno)
        try:
            validate(js)
        except JsonSchemaException:
            _full_errors(spec, js, rowno, source, col_by_key, failed or set(), problems)
        if any(k not in values for k in required):
            if not failed or not any(k in failed for k in required):
                pass  # reported by the schema ("required")
            continue  # a row without its required values is not used
        records.append(Record(spec.name, rowno, values, source))

    for idx, rows in formula_cols.items():
        c = next(c for c in cols if c.index == idx)
        add(problem("rec.formula", Loc(file, sheet, rows[0], c.letter, c.header),
                    {"header": c.header, "count": len(rows), "first": rows[0], "last": rows[-1]},
                    fix="rec.fix.formula", severity="warning"))
    return source, records


def _resolve_hazards(c: _Col, val: Any, values: dict[str, Any], hazards: HazardResolver, loc: Loc,
                     add: Callable[[Problem], None]) -> None:
    names = val if isinstance(val, tuple) else (val,)
    ids: list[str] = []
    for name in names:
        hid = hazards.find(name)
        if hid is None:
            sugg = hazards.suggest(name)
            add(problem("rec.hazard_unknown" if sugg else "rec.hazard_unknown_nosugg", loc,
                        {"value": name, "suggestions": sugg, "header": c.header},
                        fix="rec.fix.hazard_unknown", value=name))
        else:
            ids.append(hid)
    if isinstance(val, tuple):
        values[c.key.rstrip("s") + "_ids"] = tuple(ids)
    elif ids:
        values[c.key + "_id"] = ids[0]


def _full_errors(spec: TableSpec, js: dict[str, Any], rowno: int, source: TableSource,
                 col_by_key: dict[str, _Col], failed: set[str], problems: list[Problem]) -> None:
    for e in full_validator(spec.name).iter_errors(js):
        if e.validator == "required":
            for key in e.validator_value:
                if key in js or key in failed:
                    continue
                f = spec.field(key)
                loc = source.loc(rowno, key) if key in col_by_key else Loc(source.file, source.sheet, rowno)
                if key not in col_by_key:
                    continue  # the missing column was reported once for the table
                problems.append(problem("rec.required_missing", loc, {"header": f.header_zh, "header_en": f.header_en},
                                        fix="rec.fix.required_missing"))
            continue
        key = e.path[0] if e.path else None
        f = spec.field(key) if key in spec.keys else None
        loc = source.loc(rowno, key) if key else Loc(source.file, source.sheet, rowno)
        header = col_by_key[key].header if key in col_by_key else (f.header_zh if f else "")
        if e.validator in ("minimum", "exclusiveMinimum"):
            problems.append(problem("rec.too_small", loc, {"header": header, "value": raw_text(e.instance),
                                                         "minimum": e.validator_value},
                                    fix="rec.fix.too_small", value=raw_text(e.instance)))
        else:
            problems.append(problem("rec.schema_other", loc, {"header": header, "detail": e.message},
                                    fix="rec.fix.generic", value=None if f and f.kind == "id_number" else raw_text(e.instance)))
