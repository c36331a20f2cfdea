"""Readers: CSV files and records.xlsx sheets -> raw rows with provenance.

A reader never interprets values: it returns the header row it found, the
column letters and header texts, and the data rows with their Excel row
numbers. Everything that goes wrong becomes a Problem with a location.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from ohkit.model import Loc, Msg, Problem
from ohkit.records.normalise import fold, is_empty, raw_text
from ohkit.records.schema import TableSpec, field_label, table_label

HEADER_SCAN_ROWS = 20
INSTRUCTION_SHEETS = {"说明", "填写说明", "使用说明", "instructions", "readme", "help", "帮助"}


def col_letter(i: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def problem(code: str, loc: Loc, params: dict[str, Any] | None = None, *, fix: str | None = None,
            fix_params: dict[str, Any] | None = None, value: str | None = None,
            severity: str = "error") -> Problem:
    return Problem(code=code, loc=loc, msg=Msg(code, params or {}),
                   fix=Msg(fix, fix_params or params or {}) if fix else None,
                   value=value, severity=severity)  # type: ignore[arg-type]


@dataclass
class RawTable:
    """One table as read: header positions and data rows (cells as read)."""

    table: str
    file: str
    sheet: str | None
    header_row: int                       # Excel row number of the header
    columns: dict[str, tuple[int, str, str]]  # key -> (index, letter, header text)
    rownos: list[int]                      # Excel row number of each data row
    cells: Sequence[Sequence[Any]]         # the cells of each data row (non-empty rows only)
    encoding: str | None = None
    formula_cells: dict[tuple[int, int], bool] = field(default_factory=dict)  # (row, col index) -> has cached value
    col_data: list[Sequence[Any]] | None = None  # the same cells by column, when the reader made them


# ---------------------------------------------------------------------------
# Header matching
# ---------------------------------------------------------------------------

_PAREN_TAIL = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]$")
_MARKS = re.compile(r"[*＊:：]|必填|选填")


def header_key(text: str) -> str:
    s = fold(raw_text(text)).casefold()
    s = _MARKS.sub("", s)
    return "".join(s.split()).replace("-", "_")


_HEADER_INDEXES: dict[int, "HeaderIndex"] = {}


class HeaderIndex:
    """Maps header texts (zh, en, aliases, key) of one table to field keys."""

    def __init__(self, spec: TableSpec):
        self.spec = spec
        self.idx: dict[str, str] = {}
        for f in spec.fields:
            for h in f.headers():
                k = header_key(h)
                if k:
                    self.idx.setdefault(k, f.key)
        self.known_any: set[str] = set(self.idx)
        self._seen: dict[str, str | None] = {}  # header text -> match (firms share their headers)

    @classmethod
    def of(cls, spec: TableSpec) -> "HeaderIndex":
        """The index of a spec, made once (a portfolio reads the same tables for every firm)."""
        got = _HEADER_INDEXES.get(id(spec))
        if got is None or got.spec is not spec:
            got = _HEADER_INDEXES[id(spec)] = cls(spec)
        return got

    def match(self, text: Any) -> str | None:
        if type(text) is str:
            try:
                return self._seen[text]
            except KeyError:
                key = self._match(text)
                if len(self._seen) >= 4096:
                    self._seen.clear()
                self._seen[text] = key
                return key
        return self._match(text)

    def _match(self, text: Any) -> str | None:
        if is_empty(text):
            return None
        k = header_key(text)
        key = self.idx.get(k)
        if key is None:
            stripped = _PAREN_TAIL.sub("", k)
            if stripped != k:
                key = self.idx.get(stripped)
        if key is None:
            key = self.idx.get(k.replace(" ", "_"))
        return key


def find_header(rows: Sequence[Sequence[Any]], hidx: HeaderIndex) -> int | None:
    """Index of the header row among the first rows: the first row where at least
    two cells (one for a one-column table) name columns of this table and they
    are at least half of its non-empty cells."""
    need = 2 if len(hidx.spec.fields) > 1 else 1
    required = set(hidx.spec.required)
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        nonempty = [c for c in row if not is_empty(c)]
        if not nonempty:
            continue
        matched = {hidx.match(c) for c in nonempty} - {None}
        if len(matched) >= need and (len(matched) * 2 >= len(nonempty) or required <= matched):
            return i  # mostly our headers, or every required one among the firm's own columns
    return None


def map_header(header: Sequence[Any], hidx: HeaderIndex, loc_of, problems: list[Problem]) -> dict[str, tuple[int, str, str]]:
    cols: dict[str, tuple[int, str, str]] = {}
    unknown: list[tuple[str, str]] = []
    for i, cell in enumerate(header):
        if is_empty(cell):
            continue
        text = raw_text(cell).strip()
        key = hidx.match(cell)
        letter = col_letter(i)
        if key is None:
            unknown.append((letter, text))
            continue
        if key in cols:
            first = cols[key]
            problems.append(problem("rec.header_duplicate", loc_of(letter, text),
                                    {"header": text, "first": first[1], "first_header": first[2]},
                                    fix="rec.fix.header_duplicate"))
            continue
        cols[key] = (i, letter, text)
    if unknown:  # one warning for all the columns of the firm's own
        letter, text = unknown[0]
        problems.append(problem("rec.column_unknown", loc_of(letter, text),
                                {"header": [t for _, t in unknown], "count": len(unknown)},
                                fix="rec.fix.column_unknown", severity="warning"))
    return cols


def check_required_columns(raw: RawTable, spec: TableSpec, problems: list[Problem]) -> None:
    for key in spec.required:
        if key not in raw.columns:
            f = spec.field(key)
            problems.append(problem("rec.column_missing", Loc(raw.file, raw.sheet, raw.header_row),
                                    {"header": field_label(f), "header_en": f.header_en, "table": table_label(spec)},
                                    fix="rec.fix.column_missing"))


# ---------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------

_PUA = re.compile("[\ue000-\uf8ff]")
_PUA_UTF8 = re.compile(rb"\xef[\x80-\xa3]")


def decode_bytes(data: bytes) -> tuple[str | None, str | None]:
    """(text, encoding) — UTF-16 with a BOM (Excel's "Unicode text"), strict UTF-8 (with or
    without BOM), then GB18030; (None, None) if none."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            return None, None
    try:
        text = data.decode("utf-8-sig")
        return text, ("utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        return None, None


def read_csv(path: Path, rel: str, spec: TableSpec, problems: list[Problem]) -> RawTable | None:
    from ohkit.records.limits import MAX_CSV_BYTES, check_regular_file

    if not check_regular_file(path, rel, problems, MAX_CSV_BYTES):
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        from ohkit.records.limits import os_problem

        problems.append(os_problem(exc, rel))
        return None
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        problems.append(problem("rec.file_empty", Loc(rel), {"table": table_label(spec)},
                                fix="rec.fix.file_empty", severity="warning"))
        return None
    head = data[:65536]
    utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
    if (b"\x00" in head and not utf16) or head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF")):
        problems.append(problem("rec.file_binary", Loc(rel), {}, fix="rec.fix.file_binary"))
        return None
    text, enc = decode_bytes(data)
    if text is None:
        problems.append(problem("rec.encoding_unknown", Loc(rel), {}, fix="rec.fix.encoding"))
        return None
    if enc == "gb18030":
        problems.append(problem("rec.encoding_gbk", Loc(rel), {}, fix="rec.fix.encoding_gbk", severity="warning"))
    # Private-Use-Area characters (U+E000–F8FF) mean a wrong guess (e.g. Big5 read as GBK).
    # In UTF-8 they start with the bytes EE or EF 80–A3: test the bytes first (fast).
    m = _PUA.search(text) if enc == "gb18030" or b"\xee" in data or _PUA_UTF8.search(data) else None
    if m:
        line = text.count("\n", 0, m.start()) + 1
        problems.append(problem("rec.encoding_pua", Loc(rel, None, line), {"encoding": enc, "row": line},
                                fix="rec.fix.encoding"))
        return None
    from ohkit.records.limits import MAX_COLUMNS, MAX_ROWS

    nlines = text.count("\n") + 1
    if nlines > MAX_ROWS + HEADER_SCAN_ROWS and text.count("\n") - text.count("\n\n") > MAX_ROWS + HEADER_SCAN_ROWS:
        problems.append(problem("rec.rows_too_many", Loc(rel), {"table": table_label(spec), "rows": nlines,
                                                               "limit": MAX_ROWS}, fix="rec.fix.rows_too_many"))
        return None
    head = text[:20000].split("\n")[:HEADER_SCAN_ROWS]
    widest = max((max(ln.count(","), ln.count("\t"), ln.count(";")) for ln in head), default=0) + 1
    if widest > MAX_COLUMNS:
        problems.append(problem("rec.columns_too_many", Loc(rel), {"table": table_label(spec), "columns": widest,
                                                                  "limit": MAX_COLUMNS},
                                fix="rec.fix.columns_too_many"))
        return None
    delim = ","
    if not any("," in ln or "，" in ln for ln in head):  # no commas: tab- or semicolon-separated?
        if any("\t" in ln for ln in head):
            delim = "\t"
        elif any(";" in ln for ln in head):
            delim = ";"
    lines: list[str] | None = None
    if '"' not in text:
        # No quoting anywhere: every line is one row and splitting on the delimiter is
        # exactly what the csv module would do, only much faster for big files.
        n_cr = text.count("\r")
        if n_cr == 0:
            lines = text.split("\n")
        elif n_cr == text.count("\r\n") == text.count("\n"):  # Windows line ends throughout
            lines = text.split("\r\n")
        elif "\r" not in (t := text.replace("\r\n", "\n")):  # mixed line ends
            lines = t.split("\n")
        if lines is not None:
            if lines and lines[-1] == "":
                lines.pop()
            rows: list[Sequence[Any]] = [ln.split(delim) for ln in lines[:HEADER_SCAN_ROWS]]
    if lines is None:
        try:
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delim))
            if text.count('"') % 2:  # a quote opened and never closed swallows the rest of the file
                reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim, strict=True)
                try:
                    for _ in reader:
                        pass
                except csv.Error as exc2:
                    if "end of data" in str(exc2):
                        line = reader.line_num
                        problems.append(problem("rec.csv_unclosed_quote", Loc(rel, None, line), {"row": line},
                                                fix="rec.fix.csv_unclosed_quote"))
                        return None
        except csv.Error as exc:
            # csv's own explanation is English only: the message names the line instead
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
            try:
                for _ in reader:
                    pass
            except csv.Error:
                pass
            line = reader.line_num or None
            if "field larger than field limit" in str(exc):
                from ohkit.records.limits import MAX_CELL_CHARS

                problems.append(problem("rec.csv_cell_too_long", Loc(rel, None, line),
                                        {"row": line, "limit": MAX_CELL_CHARS}, fix="rec.fix.cell_too_long"))
                return None
            problems.append(problem("rec.csv_malformed_at", Loc(rel, None, line), {"row": line},
                                    fix="rec.fix.csv_malformed"))
            return None
    if delim == "," and not any(len(r) > 1 for r in rows[:HEADER_SCAN_ROWS]) and "，" in text[:20000]:
        problems.append(problem("rec.csv_fullwidth_comma", Loc(rel, None, 1), {}, fix="rec.fix.csv_fullwidth_comma"))
        return None
    return _table_from_rows(rows, rel, None, spec, problems, encoding=enc, lines=lines, delim=delim)


def _split_body(lines: list[str], first: int, delim: str) -> tuple[list[int], list[list[str]] | None,
                                                                    list[Sequence[str]] | None]:
    """Unquoted CSV lines -> (row numbers, rows or None, columns or None)."""
    from itertools import repeat

    if "" in lines:
        keep = [i for i, ln in enumerate(lines) if ln]
        rownos = [first + i for i in keep]
        lines = [lines[i] for i in keep]
    else:
        rownos = list(range(first, first + len(lines)))
    if not lines:
        return rownos, [], None
    counts = set(map(str.count, lines, repeat(delim)))
    if len(counts) == 1:  # a rectangle: split everything at once and slice out the columns
        n = counts.pop() + 1
        flat = delim.join(lines).split(delim)
        return rownos, None, [flat[i::n] for i in range(n)]
    return rownos, [ln.split(delim) for ln in lines], None


def _table_from_rows(rows: list[Sequence[Any]], rel: str, sheet: str | None, spec: TableSpec,
                     problems: list[Problem], encoding: str | None = None,
                     merged: Iterable[tuple[tuple[int, int], tuple[int, int]]] = (),
                     formulas: dict[tuple[int, int], bool] | None = None,
                     lines: list[str] | None = None, delim: str = ",") -> RawTable | None:
    """``rows`` are all rows, or (CSV fast path) the first rows with ``lines`` holding every line."""
    hidx = HeaderIndex.of(spec)
    if not any(any(not is_empty(c) for c in r) for r in rows) and (
            lines is None or not any(ln.strip(delim + " \t") for ln in lines)):
        if sheet is None:
            problems.append(problem("rec.file_empty", Loc(rel), {"table": table_label(spec)},
                                    fix="rec.fix.file_empty", severity="warning"))
        return None  # an empty sheet is "no records"
    hi = find_header(rows, hidx)
    if hi is None:
        req = [f for f in spec.fields if f.required] or [spec.fields[0]]
        expected = {"zh": "、".join(f.header_zh for f in req), "en": ", ".join(f.header_en for f in req)}
        problems.append(problem("rec.header_not_found", Loc(rel, sheet, None),
                                {"table": table_label(spec), "rows": HEADER_SCAN_ROWS, "expected": expected},
                                fix="rec.fix.header_not_found"))
        return None
    header_row = hi + 1
    for (r0, c0), (r1, c1) in merged:
        if r0 <= hi <= r1:
            problems.append(problem("rec.header_merged", Loc(rel, sheet, header_row, col_letter(c0)),
                                    {"range": f"{col_letter(c0)}{r0 + 1}:{col_letter(c1)}{r1 + 1}"},
                                    fix="rec.fix.header_merged"))
    cols = map_header(rows[hi], hidx, lambda letter, text: Loc(rel, sheet, header_row, letter, text), problems)
    for (r0, c0), (r1, c1) in merged:
        if r0 > hi:
            problems.append(problem("rec.merged_cells", Loc(rel, sheet, r0 + 1, col_letter(c0)),
                                    {"range": f"{col_letter(c0)}{r0 + 1}:{col_letter(c1)}{r1 + 1}"},
                                    fix="rec.fix.merged_cells", severity="warning"))
    first = hi + 2  # Excel row number of the first row under the header
    if lines is not None:
        rownos, cells, col_data = _split_body(lines[hi + 1:], first, delim)
        raw = RawTable(spec.name, rel, sheet, header_row, cols, rownos, cells or [], encoding, formulas or {},
                       col_data)
        check_required_columns(raw, spec, problems)
        return raw
    body = rows[hi + 1:]
    if sheet is None:  # CSV: every cell is a str; rows of only spaces are dropped later
        keep = [i for i, r in enumerate(body) if any(r)]
    else:
        keep = [i for i, r in enumerate(body) if r and any(not is_empty(c) for c in r)]
    if len(keep) == len(body):
        rownos, cells = list(range(first, first + len(body))), body
    else:
        rownos, cells = [first + i for i in keep], [body[i] for i in keep]
    raw = RawTable(spec.name, rel, sheet, header_row, cols, rownos, cells, encoding, formulas or {})
    check_required_columns(raw, spec, problems)
    return raw


# ---------------------------------------------------------------------------
# XLSX (python-calamine; formulas found in the sheet XML)
# ---------------------------------------------------------------------------

def sheet_table(name: str, specs: Sequence[TableSpec]) -> TableSpec | None:
    k = header_key(name)
    for s in specs:
        if k in (header_key(s.name), header_key(s.sheet_zh)):
            return s
    return None


_REL_RE = re.compile(rb'<Relationship\b[^>]*>')
_ATTR_RE = re.compile(rb'(\w+(?::\w+)?)="([^"]*)"')
_SHEET_RE = re.compile(rb'<(?:\w+:)?sheet\b[^>]*>')
_CELLREF_RE = re.compile(rb'\br="([A-Z]+)(\d+)"')
_F_RE = re.compile(rb'<(?:\w+:)?f[ >/]')
_V_RE = re.compile(rb'<(?:\w+:)?v>([^<]+)</')


def _col_index(letters: bytes) -> int:
    from ohkit.records.limits import column_number

    return column_number(letters) - 1


def formula_cells(path: Path) -> dict[str, dict[tuple[int, int], bool]]:
    """sheet name -> {(row index 0-based, col index): has a cached value} for formula cells."""
    import zipfile
    from html import unescape

    out: dict[str, dict[tuple[int, int], bool]] = {}
    try:
        with zipfile.ZipFile(path) as z:
            wb = z.read("xl/workbook.xml")
            rels = {}
            for m in _REL_RE.finditer(z.read("xl/_rels/workbook.xml.rels")):
                a = dict(_ATTR_RE.findall(m.group(0)))
                rels[a.get(b"Id", b"")] = a.get(b"Target", b"").decode("utf-8", "replace")
            names = set(z.namelist())
            for m in _SHEET_RE.finditer(wb):
                a = dict(_ATTR_RE.findall(m.group(0)))
                name = unescape(a.get(b"name", b"").decode("utf-8", "replace"))
                target = rels.get(a.get(b"r:id", b""), "")
                target = target.lstrip("/")
                if not target.startswith("xl/"):
                    target = "xl/" + target
                if target not in names:
                    continue
                xml = z.read(target)
                if not _F_RE.search(xml):
                    continue
                cells: dict[tuple[int, int], bool] = {}
                for fm in _F_RE.finditer(xml):
                    start = xml.rfind(b"<c ", 0, fm.start())
                    if start < 0:
                        continue
                    cm = _CELLREF_RE.search(xml, start, fm.start())
                    if not cm:
                        continue
                    end = xml.find(b"</c>", fm.start())
                    seg = xml[fm.start(): end if end > 0 else fm.start() + 200]
                    cells[(int(cm.group(2)) - 1, _col_index(cm.group(1)))] = bool(_V_RE.search(seg))
                out[name] = cells
    except Exception:  # noqa: BLE001 - formulas are a hint; calamine reports broken files
        return {}
    return out


class OpenpyxlSheet:
    """One sheet read with openpyxl, answering like python-calamine's sheet: ``to_python`` gives
    the same rows (from A1 to the last cell holding a value; empty and error cells "", numbers
    float, a date-time at midnight a date) and ``merged_cell_ranges`` the same 0-based corners."""

    def __init__(self, ws: Any):
        self._ws = ws

    @property
    def merged_cell_ranges(self) -> list[tuple[tuple[int, int], tuple[int, int]]]:
        return sorted(((r.min_row - 1, r.min_col - 1), (r.max_row - 1, r.max_col - 1))
                      for r in self._ws.merged_cells.ranges)

    @staticmethod
    def _value(c: Any) -> Any:
        import datetime as _dt

        v = c.value
        if v is None or c.data_type == "e" or (isinstance(v, str) and c.data_type == "f"):
            return ""
        if isinstance(v, bool):
            return v
        if isinstance(v, int):
            return float(v)
        if isinstance(v, _dt.datetime):
            return v.date() if v.time() == _dt.time(0) and v.tzinfo is None else v
        return v

    def to_python(self, skip_empty_area: bool = False) -> list[list[Any]]:
        rows = [[self._value(c) for c in row] for row in self._ws.iter_rows()]
        last = max((i for i, r in enumerate(rows) if any(v != "" for v in r)), default=-1)
        rows = rows[:last + 1]
        width = max((j + 1 for r in rows for j, v in enumerate(r) if v != ""), default=0)
        return [(r + [""] * width)[:width] for r in rows]


class OpenpyxlWorkbook:
    """The fallback reader where python-calamine cannot be imported (e.g. no wheel for the
    browser's Pyodide): the same rows, more slowly. Tests hold it to calamine's rows."""

    def __init__(self, path: Path):
        import openpyxl

        self._wb = openpyxl.load_workbook(path, data_only=True)
        self.sheet_names = [ws.title for ws in self._wb.worksheets]

    def get_sheet_by_name(self, name: str) -> OpenpyxlSheet:
        return OpenpyxlSheet(self._wb[name])


def open_workbook(path: Path) -> Any:
    """python-calamine's workbook, or the openpyxl fallback when calamine cannot be imported."""
    try:
        import python_calamine as pc
    except ImportError:
        return OpenpyxlWorkbook(path)
    return pc.CalamineWorkbook.from_path(str(path))


class _rust_panics_quiet:
    """While calamine reads cells, send file descriptor 2 to /dev/null: a Rust panic (a date it
    cannot convert) prints its message and backtrace there before it becomes a Python exception,
    which is then reported as a located problem."""

    def __enter__(self) -> None:
        import os

        self.saved = None
        try:
            self.saved = os.dup(2)
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, 2)
            os.close(null)
        except OSError:
            self.saved = None

    def __exit__(self, *exc: object) -> None:
        import os

        if self.saved is not None:
            os.dup2(self.saved, 2)
            os.close(self.saved)


def read_xlsx(path: Path, rel: str, specs: Sequence[TableSpec], problems: list[Problem],
              sheets_found: set[str] | None = None) -> list[RawTable]:
    """The table sheets of a workbook. ``sheets_found`` collects the tables that have a sheet."""
    from ohkit.records.limits import check_xlsx

    if not check_xlsx(path, rel, problems):
        return []
    try:
        wb = open_workbook(path)
        names = list(wb.sheet_names)
    except BaseException as exc:  # noqa: BLE001 - any reader error (or calamine panic) is a problem with the file
        if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit, MemoryError)):
            raise
        data = b""
        try:
            data = path.read_bytes()[:8]
        except OSError:
            pass
        if not data:
            problems.append(problem("rec.xlsx_empty", Loc(rel), {"file": rel}, fix="rec.fix.xlsx_empty",
                                    severity="warning"))
        else:
            problems.append(problem("rec.xlsx_unreadable", Loc(rel), {"error": type(exc).__name__},
                                    fix="rec.fix.xlsx_unreadable"))
        return []
    formulas = formula_cells(path)
    out: list[RawTable] = []
    seen: dict[str, str] = {}
    for name in names:
        spec = sheet_table(name, specs)
        if spec is None:
            if header_key(name) not in INSTRUCTION_SHEETS:
                problems.append(problem("rec.sheet_unknown", Loc(rel, name),
                                        {"sheet": name, "known": [s.sheet_zh for s in specs]},
                                        fix="rec.fix.sheet_unknown", severity="warning"))
            continue
        if spec.name in seen:
            problems.append(problem("rec.sheet_twice", Loc(rel, name),
                                    {"sheet": name, "first": seen[spec.name], "table": table_label(spec)},
                                    fix="rec.fix.sheet_twice"))
            continue
        seen[spec.name] = name
        if sheets_found is not None:
            sheets_found.add(spec.name)
        try:
            sh = wb.get_sheet_by_name(name)
            with _rust_panics_quiet():
                rows = sh.to_python(skip_empty_area=False)
            merged = sh.merged_cell_ranges or []
        except BaseException as exc:  # noqa: BLE001 - calamine panics (pyo3 PanicException is a BaseException)
            if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit, MemoryError)):
                raise
            problems.append(problem("rec.xlsx_cells_unreadable", Loc(rel, name), {"sheet": name},
                                    fix="rec.fix.xlsx_cells_unreadable"))
            continue
        raw = _table_from_rows(rows, rel, name, spec, problems, merged=merged, formulas=formulas.get(name))
        if raw is not None:
            out.append(raw)
    return out
