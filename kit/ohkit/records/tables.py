"""Raw cells -> typed values, column by column (fast enough for 100,000-row tables).

* Each distinct cell of a column is parsed once (``normalise.parser_for``).
* The distinct values of all columns are checked against the table's JSON Schema in
  one compiled fastjsonschema call. Only when it rejects something, a per-column
  validator and a reused Draft202012Validator find and explain the rejected values.
* Rows that lack a required value are run through the table's reused
  Draft202012Validator, so that every error of such a row is reported.
* Hazard names get their catalogue ids as derived columns (``hazard_id(s)``).

The result is a :class:`TableData` (columns); model.Record objects are built from it
only when another layer asks for them."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any, Callable, Sequence

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


def _strip(p: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in p.items() if not k.startswith("x-")}


@lru_cache(maxsize=None)
def _table_validator(table: str) -> Callable[[dict[str, Any]], Any]:
    """One compiled fastjsonschema validator per table that checks every column at once:
    {column: [distinct normalised values]} against {"items": <the column's property schema>}.
    (The schemas stay draft-07 compatible for this; one compile costs a few ms.)"""
    import fastjsonschema

    props = load_schema(table)["properties"]
    return fastjsonschema.compile({"type": "object", "properties": {
        k: {"type": "array", "items": _strip(p)} for k, p in props.items()}})


@lru_cache(maxsize=None)
def _column_validator(table: str, key: str) -> Callable[[Any], Any]:
    import fastjsonschema

    return fastjsonschema.compile({"type": "array", "items": _strip(load_schema(table)["properties"][key])})


@lru_cache(maxsize=None)
def full_validator(table: str) -> Any:
    """The reused Draft202012Validator of a table, for the rows the fast path rejected."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(load_schema(table), format_checker=Draft202012Validator.FORMAT_CHECKER)


def _fix_for(code: str) -> str | None:
    return {
        "rec.date_bad": "rec.fix.date", "rec.date_ambiguous": "rec.fix.date", "rec.date_no_day": "rec.fix.date",
        "rec.date_invalid": "rec.fix.date_invalid", "rec.date_year": "rec.fix.date", "rec.date_number": "rec.fix.date",
        "rec.bool_bad": "rec.fix.bool", "rec.int_bad": "rec.fix.int", "rec.number_bad": "rec.fix.number",
        "rec.number_range": "rec.fix.number_range",
        "rec.enum_bad": "rec.fix.enum", "rec.date_or_bool_bad": "rec.fix.date_or_bool", "rec.list_empty": "rec.fix.list",
    }.get(code)


# What Chinese forms write for "not applicable". Read as an empty cell where it cannot be a
# value: dates, numbers, enumerations, ID numbers and lists (not text, not yes/no columns,
# where 无 means "no").
NA_TERMS = frozenset({"/", "／", "-", "－", "—", "——", "--", "无", "n/a", "N/A", "NA", "na", "不适用"})
NA_KINDS = frozenset({"date", "int", "number", "enum", "id_number", "credit_code", "list"})


class _Col:
    __slots__ = ("key", "index", "letter", "header", "parse", "to_json", "spec", "check_future", "hazard", "mask",
                 "na")

    def __init__(self, spec: FieldSpec, index: int, letter: str, header: str, as_of: dt.date | None):
        self.key = spec.key
        self.index = index
        self.letter = letter
        self.header = header
        self.parse = _bounded(parser_for(spec))
        self.to_json = _TO_JSON.get(spec.kind)
        self.spec = spec
        self.check_future = as_of is not None and spec.kind in ("date", "date_or_bool") and not spec.future_ok
        self.hazard = spec.hazard
        self.mask = spec.kind == "id_number"
        self.na = spec.kind in NA_KINDS


_ABSENT = object()
_MISS = object()


class _Fail:
    __slots__ = ("bad",)

    def __init__(self, bad: Bad):
        self.bad = bad


@lru_cache(maxsize=None)
def _prop_full(table: str, key: str) -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(load_schema(table)["properties"][key],
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


def _plain_ascii(col: Sequence[str]) -> bool:
    """True when every cell is non-empty printable ASCII without edge or double spaces
    (then the text parser would return every cell unchanged)."""
    if "" in col:
        return False
    joined = "\x1f".join(col)
    return (joined.isascii() and "  " not in joined and " \x1f" not in joined and "\x1f " not in joined
            and not joined.startswith(" ") and not joined.endswith(" ")
            and joined.replace("\x1f", "").isprintable())


def _column(c: _Col, col: Sequence[Any], all_str: bool) -> tuple[list[Any], list[Any], bool, bool]:
    """Parse one column, each distinct cell once.

    Returns (results per row: value, _ABSENT or _Fail; the distinct good values;
    whether any cell failed; whether any cell is empty)."""
    parse = c.parse
    good: list[Any] = []
    nfail = 0
    if all_str and c.spec.kind == "text" and not c.hazard and _plain_ascii(col) and not _any_too_long(col):
        # every cell is already what the parser would return: keep the column as it is.
        # (Equal cells may be distinct objects here, so no look-up by id() may follow:
        # hazard columns, which need one, take the path below.)
        return list(col), list(set(col)), False, False
    if all_str or set(map(type, col)) <= {str}:
        mapping: dict[Any, Any] = {}
        na = c.na
        empty = False
        for v in set(col):
            if not v or v.isspace() or (na and v.strip() in NA_TERMS):
                mapping[v] = _ABSENT
                empty = True
                continue
            try:
                r = parse(v)
            except Bad as b:
                mapping[v] = _Fail(b)
                nfail += 1
                continue
            mapping[v] = r
            good.append(r)
        return list(map(mapping.__getitem__, col)), good, nfail > 0, empty
    # workbook cells of mixed types: key by type too (1 == 1.0 == True in a dict)
    tmap: dict[Any, Any] = {}
    out = []
    empty = False
    for v in col:
        k = (type(v), v)
        r = tmap.get(k, _MISS)
        if r is _MISS:
            if v is None or v == "" or (type(v) is str and (v.isspace() or (c.na and v.strip() in NA_TERMS))):
                r = _ABSENT
                empty = True
            else:
                try:
                    r = parse(v)
                    good.append(r)
                except Bad as b:
                    r = _Fail(b)
                    nfail += 1
            tmap[k] = r
        out.append(r)
    return out, good, nfail > 0, empty


def _any_too_long(col: Any) -> bool:
    from ohkit.records.limits import MAX_CELL_CHARS

    return any(len(v) > MAX_CELL_CHARS for v in col if type(v) is str)


def _bounded(parse: Any) -> Any:
    """The field parser, refusing cells longer than MAX_CELL_CHARS (a located problem)."""
    from ohkit.records.limits import MAX_CELL_CHARS

    def p(v: Any) -> Any:
        if type(v) is str and len(v) > MAX_CELL_CHARS:
            raise Bad("rec.cell_too_long", {"length": len(v), "limit": MAX_CELL_CHARS,
                                            "value": mask_id(v[:20]) + "…"}, "rec.fix.cell_too_long")
        return parse(v)
    return p


def normalise_table(raw: RawTable, spec: TableSpec, as_of: dt.date | None, hazards: HazardResolver | None,
                    problems: list[Problem]) -> tuple[TableSource, "TableData"]:
    """Normalise a table column by column (each distinct cell parsed and schema-checked
    once), check required values row by row, and build the Records."""
    from itertools import zip_longest

    source = TableSource(table=spec.name, file=raw.file, sheet=raw.sheet, header_row=raw.header_row,
                         columns={k: (letter, header) for k, (_, letter, header) in raw.columns.items()},
                         encoding=raw.encoding)
    cols = [_Col(spec.field(k), i, letter, header, as_of) for k, (i, letter, header) in raw.columns.items()]
    col_by_key = {c.key: c for c in cols}
    file, sheet = raw.file, raw.sheet
    add = problems.append
    rownos = raw.rownos
    n = len(rownos)
    if n == 0:
        return source, TableData(spec.name, source, [], [], [])
    width = max(c.index for c in cols) + 1 if cols else 0
    if raw.col_data is not None:
        transposed = raw.col_data
    else:
        transposed = list(zip_longest(*raw.cells, fillvalue="")) if width else []
    # 0. totals and signature lines under the table (合计 43人, 制表人：…) are not records
    skip = _summary_rows(transposed, n)
    if skip:
        from ohkit.records.readers import col_letter

        for i, (ci, text) in sorted(skip.items()):
            add(problem("rec.summary_row", Loc(file, sheet, rownos[i], col_letter(ci)),
                        {"row": rownos[i], "value": text}, fix="rec.fix.summary_row", value=text,
                        severity="warning"))
        keep = [i for i in range(n) if i not in skip]
        transposed = [[col[i] for i in keep] for col in transposed]
        rownos = [rownos[i] for i in keep]
        n = len(rownos)
        if n == 0:
            return source, TableData(spec.name, source, [], [], [])
    empty_col: tuple[Any, ...] = ("",) * n
    failed: set[tuple[int, str]] = set()  # (row index, key) whose value was rejected
    from fastjsonschema import JsonSchemaException

    keys: list[str] = []
    lists: list[list[Any]] = []
    parsed = []
    for c in cols:
        col = transposed[c.index] if c.index < len(transposed) else empty_col
        parsed.append((c, col, *_column(c, col, sheet is None)))
    # the schema, every column at once (each distinct value once): the usual case is one call
    try:
        _table_validator(spec.name)({c.key: ([c.to_json(r) for r in good] if c.to_json is not None else good)
                                     for c, _, _, good, _, _ in parsed})
        table_ok = True
    except JsonSchemaException:
        table_ok = False
    has_absent: list[bool] = []  # per entry of lists: may it hold _ABSENT?
    for c, col, vals, good, any_fail, any_empty in parsed:
        loc_of = lambda i, c=c: Loc(file, sheet, rownos[i], c.letter, c.header)  # noqa: E731

        # 1. values that could not be read
        if any_fail:
            for i, r in enumerate(vals):
                if type(r) is _Fail:
                    b = r.bad
                    v = col[i]
                    shown = (b.params.get("value", mask_id(raw_text(v))) if c.mask or b.code == "rec.cell_too_long"
                             else raw_text(v))
                    params = {"header": c.header, **b.params}
                    add(Problem(b.code, loc_of(i), Msg(b.code, params),
                                Msg(b.fix or _fix_for(b.code) or "rec.fix.generic", params), shown))
                    vals[i] = _ABSENT
                    failed.add((i, c.key))

        # the distinct values by identity, for the steps that look values up by id()
        need_ids = c.check_future or (c.hazard and hazards is not None) or not table_ok
        distinct = dict(zip(map(id, good), good)) if need_ids else {}

        # 2. the schema of the column, once per distinct value
        to_json = c.to_json
        rejected: dict[int, list[Any]] = {}
        if not table_ok:
            all_js = [to_json(r) for r in good] if to_json is not None else good
            try:
                _column_validator(spec.name, c.key)(all_js)
            except JsonSchemaException:
                full = _prop_full(spec.name, c.key)
                for r, js in zip(good, all_js):
                    errs = list(full.iter_errors(js))
                    if errs:
                        rejected[id(r)] = errs
        if rejected:
            for i, r in enumerate(vals):
                errs = rejected.get(id(r)) if r is not _ABSENT else None
                if errs is None:
                    continue
                for e in errs:
                    _prop_problem(e, c, loc_of(i), raw_text(col[i]), add)
                vals[i] = _ABSENT
                failed.add((i, c.key))
            for rid in rejected:
                distinct.pop(rid, None)

        # 3. dates after the assessment date
        if c.check_future:
            late = {rid for rid, r in distinct.items() if not isinstance(r, bool) and r > as_of}  # type: ignore[operator]
            if late:
                for i, r in enumerate(vals):
                    if r is not _ABSENT and id(r) in late:
                        add(problem("rec.date_future", loc_of(i),
                                    {"value": r.isoformat(), "as_of": as_of.isoformat(), "header": c.header},  # type: ignore[union-attr]
                                    fix="rec.fix.date_future", value=raw_text(col[i])))

        keys.append(c.key)
        lists.append(vals)
        has_absent.append(any_empty or any_fail or bool(rejected))

        # 4. hazard names -> catalogue ids (a derived column)
        if c.hazard and hazards is not None:
            derived: dict[int, Any] = {}
            unknown: dict[int, list[str]] = {}
            for rid, r in distinct.items():
                names = r if isinstance(r, tuple) else (r,)
                ids = []
                for name in names:
                    hid = hazards.find(name)
                    if hid is None:
                        unknown.setdefault(rid, []).append(name)
                    else:
                        ids.append(hid)
                if isinstance(r, tuple):
                    derived[rid] = tuple(ids)
                else:
                    derived[rid] = ids[0] if ids else _ABSENT
            derived[id(_ABSENT)] = _ABSENT
            dvals = list(map(derived.__getitem__, map(id, vals)))
            if unknown:
                for i, r in enumerate(vals):
                    for name in unknown.get(id(r), ()) if r is not _ABSENT else ():
                        add(_hazard_problem(name, hazards, loc_of(i), c.header, several_ok=isinstance(r, tuple)))
            keys.append(c.key.rstrip("s") + ("_ids" if c.spec.kind == "list" else "_id"))
            lists.append(dvals)
            has_absent.append(has_absent[-1] or any(v is _ABSENT for v in derived.values()))

    # 5. required values, row by row; rejected rows get the full schema's errors
    drop: set[int] = set()
    blank: set[int] = set()
    if lists and sheet is None and all(has_absent):
        # rows of spaces only (CSV): not records, not problems
        blank = {i for i, vs in enumerate(zip(*lists)) if all(v is _ABSENT for v in vs)
                 and not any((i, k) in failed for k in keys)}
    if any(k not in col_by_key for k in spec.required):
        drop = set(range(n))  # the missing column was reported once for the table
    else:
        for k in spec.required:
            j = keys.index(k)
            vals = lists[j]
            if has_absent[j]:
                for i, r in enumerate(vals):
                    if r is _ABSENT:
                        drop.add(i)
        for i in sorted(drop - blank):
            row_js = {}
            for k, vals in zip(keys, lists):
                c = col_by_key.get(k)
                r = vals[i]
                if c is not None and r is not _ABSENT:
                    row_js[k] = c.to_json(r) if c.to_json is not None else r
            _full_errors(spec, row_js, rownos[i], source, col_by_key,
                         {k for k in spec.required if (i, k) in failed}, problems)

    # 6. formulas (workbooks only)
    if raw.formula_cells:
        by_col: dict[int, list[int]] = {}
        rowset = set(rownos)
        for (r0, ci) in sorted(raw.formula_cells):
            if r0 + 1 in rowset:
                by_col.setdefault(ci, []).append(r0 + 1)
        for c in cols:
            rows_f = by_col.get(c.index)
            if rows_f:
                add(problem("rec.formula" if len(rows_f) > 1 else "rec.formula_one",
                            Loc(file, sheet, rows_f[0], c.letter, c.header),
                            {"header": c.header, "count": len(rows_f), "first": rows_f[0], "last": rows_f[-1]},
                            fix="rec.fix.formula", severity="warning"))

    # 7. the rows that are used, column by column (Records are built on first use).
    # The readable references of dropped rows are kept, so that cross-table checks still
    # say when such a row names an unknown worker or post.
    dropped_refs: dict[str, list[tuple[int, Any]]] = {}
    for i in sorted(drop - blank):
        for k, vals in zip(keys, lists):
            c = col_by_key.get(k)
            if c is not None and c.spec.ref and vals[i] is not _ABSENT:
                dropped_refs.setdefault(k, []).append((rownos[i], vals[i]))
    drop |= blank
    if drop:
        keep = [i for i in range(n) if i not in drop]
        rownos = [rownos[i] for i in keep]
        lists = [[vals[i] for i in keep] for vals in lists]
    td = TableData(spec.name, source, rownos, keys, lists)
    td.dropped_refs = dropped_refs
    return source, td


_SUMMARY = None
_SUMMARY_FIRST = frozenset("合總总小共制填审審备備")


def _summary_rows(transposed: Sequence[Sequence[Any]], n: int) -> dict[int, tuple[int, str]]:
    """Rows whose first non-empty cell is a totals or signature word (合计, 总计, 小计, 制表人,
    审核, 备注 …): row index -> (column index, cell text)."""
    global _SUMMARY
    if _SUMMARY is None:
        import re

        _SUMMARY = re.compile(r"(合计|總計|总计|小计|小計|共计|制表人?|填表人|审核人?|審核人?|备注|備註)(?![\u4e00-\u9fff])")
    if transposed and len(transposed[0]) >= n:
        # the usual case: every first cell is text that starts with none of these words
        try:
            heads = {v[:1] for v in transposed[0]}
        except TypeError:  # workbook cells that are not text
            heads = {""}
        if not heads & _SUMMARY_FIRST and all(h and not h.isspace() for h in heads):
            return {}
    pending = set(range(n))
    out: dict[int, tuple[int, str]] = {}
    for ci, col in enumerate(transposed):
        if not pending:
            break
        done = []
        for i in pending:
            v = col[i] if i < len(col) else ""
            if v is None or v == "" or (type(v) is str and v.isspace()):
                continue
            done.append(i)
            if type(v) is str:
                t = v.strip()
                if _SUMMARY.match(t.replace(" ", "").replace("\u3000", "")):
                    out[i] = (ci, t)
        pending.difference_update(done)
    return out


class TableData:
    """A normalised table kept as columns (fast for checks); ``records()`` builds
    the model.Record tuple once, when another layer first asks for it."""

    __slots__ = ("name", "source", "rownos", "keys", "lists", "_records", "dropped_refs")

    def __init__(self, name: str, source: TableSource, rownos: list[int], keys: list[str], lists: list[list[Any]]):
        self.name, self.source, self.rownos, self.keys, self.lists = name, source, rownos, keys, lists
        self._records: tuple[Record, ...] | None = None
        # key -> [(row number, value)]: references in rows not used (a required value missing)
        self.dropped_refs: dict[str, list[tuple[int, Any]]] = {}

    def __len__(self) -> int:
        return len(self.rownos)

    def col(self, key: str) -> list[Any] | None:
        """The column's values (``ABSENT`` where empty or unreadable), or None if there is no such column."""
        try:
            return self.lists[self.keys.index(key)]
        except ValueError:
            return None

    def records(self) -> tuple[Record, ...]:
        if self._records is None:
            A = _ABSENT
            pairs = [(k, v) for k, v in zip(self.keys, self.lists) if v.count(A) != len(v)]
            keys = [k for k, _ in pairs]
            lists = [v for _, v in pairs]
            name, src = self.name, self.source
            if not keys:
                self._records = tuple(Record(name, r, {}, src) for r in self.rownos)
            elif not any(A in v for v in lists):
                self._records = tuple(Record(name, r, dict(zip(keys, vs)), src)
                                      for r, vs in zip(self.rownos, zip(*lists)))
            else:
                out = []
                for r, vs in zip(self.rownos, zip(*lists)):
                    d = dict(zip(keys, vs))
                    if A in vs:
                        d = {k: v for k, v in d.items() if v is not A}
                    out.append(Record(name, r, d, src))
                self._records = tuple(out)
        return self._records


ABSENT = _ABSENT


def _hazard_problem(name: str, hazards: HazardResolver, loc: Loc, header: str, several_ok: bool) -> Problem:
    """An unknown hazard name: several known names in one cell (one hazard per row
    expected), or one unknown name with the closest catalogue names."""
    if not several_ok:
        from ohkit.records.normalise import _LIST_SPLIT

        parts = [x.strip() for x in _LIST_SPLIT.split(name) if x.strip()]
        if len(parts) > 1 and all(hazards.find(x) for x in parts):
            return problem("rec.hazard_several", loc, {"value": name, "header": header},
                           fix="rec.fix.hazard_several", value=name)
    sugg = hazards.suggest(name)
    return problem("rec.hazard_unknown" if sugg else "rec.hazard_unknown_nosugg", loc,
                   {"value": name, "suggestions": sugg, "header": header},
                   fix="rec.fix.hazard_unknown", value=name)


def _prop_problem(e: Any, c: _Col, loc: Loc, shown: str, add: Callable[[Problem], None]) -> None:
    if c.mask:
        shown = mask_id(shown) or ""
    if e.validator in ("minimum", "exclusiveMinimum"):
        add(problem("rec.too_small", loc, {"header": c.header, "value": shown, "minimum": e.validator_value},
                    fix="rec.fix.too_small", value=shown))
    else:
        add(problem("rec.schema_other", loc, {"header": c.header, "detail": e.message},
                    fix="rec.fix.generic", value=shown))


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
    reported: set[str] = set()
    for e in full_validator(spec.name).iter_errors(js):
        if e.validator == "required":
            # jsonschema raises one `required` error per missing key, each carrying the whole list
            for key in e.validator_value:
                if key in js or key in failed or key in reported:
                    continue
                reported.add(key)
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
