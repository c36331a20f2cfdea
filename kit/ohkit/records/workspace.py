"""A firm folder -> model.Workspace (profile, typed tables, problems, digest).

Reads, never writes. Tables are CSV files named after the table (English or
Chinese name) or sheets of ``records.xlsx``; a table found in both is an error.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from ohkit.model import Loc, Problem, Record, TableSource, Workspace
from ohkit.records.checks import cross_checks, hazard_class_mismatch, high_toxic_contradiction
from ohkit.records.enterprise import load_answers, load_profile
from ohkit.records.hazards import HazardResolver
from ohkit.records.readers import RawTable, header_key, problem, read_csv, read_xlsx
from ohkit.records.schema import table_label, table_specs
from ohkit.records.tables import TableData, normalise_table

WORKBOOK = "records.xlsx"
OTHER_FILES = {"enterprise.yaml", "answers.yaml"}

# Problems that stop a whole record file or table being read: the records are incomplete.
UNREAD_CODES = frozenset({
    "rec.file_unreadable", "rec.file_binary", "rec.encoding_unknown", "rec.encoding_pua", "rec.csv_malformed",
    "rec.csv_fullwidth_comma", "rec.xlsx_unreadable", "rec.yaml_error", "rec.yaml_control_char", "rec.yaml_binary", "rec.yaml_not_mapping",
    "rec.header_not_found", "rec.column_missing", "rec.not_a_file_link", "rec.not_a_file_dir",
    "rec.not_a_file_special", "rec.file_too_big", "rec.rows_too_many", "rec.columns_too_many", "rec.xlsx_bomb",
    "rec.xlsx_dimension", "rec.yaml_depth", "rec.yaml_aliases", "rec.yaml_nodes", "rec.table_twice",
    "rec.sheet_twice", "rec.workbook_not_read", "rec.csv_unclosed_quote", "rec.csv_malformed_at",
    "rec.csv_cell_too_long", "rec.xlsx_cells_unreadable", "rec.file_no_permission",
    "rec.file_vanished", "rec.file_link_loop", "rec.path_too_long", "rec.file_io_error",
})


def unread_problems(problems: list[Problem] | tuple[Problem, ...]) -> tuple[Problem, ...]:
    """The problems that left a record file (or a table in it) unread, one per file/sheet."""
    out: list[Problem] = []
    seen: set[tuple[str, str | None]] = set()
    for p in problems:
        if p.severity != "error" or p.code not in UNREAD_CODES:
            continue
        k = (p.loc.file, p.loc.sheet)
        if k in seen:
            continue
        seen.add(k)
        out.append(p)
    return tuple(out)


def _col_sort(col: str | None) -> tuple[int, str]:
    if not col:
        return (0, "")
    return (len(col), col) if col.isalpha() and col.isupper() else (99, col)


def sort_problems(problems: list[Problem], file_order: dict[str, int],
                  sheet_order: dict[str, int] | None = None) -> list[Problem]:
    """By file (enterprise.yaml, records.xlsx, tables in contract order), sheet, row, column."""
    so = sheet_order or {}
    return sorted(problems, key=lambda p: (file_order.get(p.loc.file, 50), p.loc.file,
                                           so.get(p.loc.sheet or "", 0 if p.loc.sheet is None else 99),
                                           p.loc.sheet or "", p.loc.row or 0, _col_sort(p.loc.column)))


class LazyTables(Mapping[str, tuple[Record, ...]]):
    """table name -> tuple of Records, built from the column form on first access."""

    def __init__(self, data: Mapping[str, TableData]):
        self._data = dict(data)

    def __getitem__(self, name: str) -> tuple[Record, ...]:
        return self._data[name].records()

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def row_count(self, name: str) -> int:
        t = self._data.get(name)
        return len(t) if t is not None else 0

    def __repr__(self) -> str:
        return "LazyTables(" + ", ".join(f"{k}: {len(v)} rows" for k, v in self._data.items()) + ")"


def load_workspace(path: str | Path, as_of: dt.date | None = None) -> Workspace:
    """Read, normalise and validate a firm folder. Never writes anything."""
    import gc

    # Reading creates millions of small objects and no reference cycles: the cyclic
    # collector would only walk them again and again (a third of the run time).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load_workspace(path, as_of)
    finally:
        if enabled:
            gc.enable()


def _load_workspace(path: str | Path, as_of: dt.date | None = None) -> Workspace:
    root = Path(path)
    if as_of is None:
        as_of = dt.date.today()
    problems: list[Problem] = []
    specs = table_specs()
    hazards = HazardResolver()
    profile = load_profile(root, as_of, hazards, problems)
    answers = load_answers(root, problems)

    files_read: list[str] = [n for n in ("enterprise.yaml", "answers.yaml") if (root / n).is_file()]
    raws: dict[str, RawTable] = {}
    try:
        all_entries = sorted(root.iterdir())
    except OSError:
        all_entries = []
    from ohkit.records.limits import check_regular_file

    entries = []
    for p in all_entries:
        if p.is_file():
            entries.append(p)
            continue
        # a record file that is not a regular file (dangling link, folder, FIFO): a located
        # error, never "absent"
        is_record = p.name in (WORKBOOK, "answers.yaml") or (
            p.suffix.lower() == ".csv" and any(header_key(p.stem) == header_key(n)
                                               for s in specs for n in s.file_names()))
        if is_record and not p.name.startswith(("~$", ".")):
            check_regular_file(p, p.name, problems, 1 << 62)
    by_stem = {}
    for s in specs:
        for n in s.file_names():
            by_stem[header_key(n)] = s

    wb = root / WORKBOOK
    sheets_found: set[str] = set()
    if wb.is_file():
        files_read.append(WORKBOOK)
        for raw in read_xlsx(wb, WORKBOOK, specs, problems, sheets_found):
            raws[raw.table] = raw

    other_workbooks: list[Path] = []
    for p in entries:
        if p.name.startswith(("~$", ".")):  # Office lock files, hidden files
            continue
        if p.suffix.lower() != ".csv":
            if p.suffix.lower() in (".xlsx", ".xls", ".xlsm", ".ods") and p.name != WORKBOOK and not p.name.startswith("~$"):
                other_workbooks.append(p)
            continue
        spec = by_stem.get(header_key(p.stem))
        if spec is None:
            problems.append(problem("rec.file_unknown", Loc(p.name), {"file": p.name, "workbook": WORKBOOK},
                                    fix="rec.fix.file_unknown",
                                    fix_params={"known": [n + ".csv" for s in specs for n in s.file_names()]},
                                    severity="warning"))
            continue
        files_read.append(p.name)
        if spec.name in raws:
            first = raws[spec.name]
            where = f"{first.file}[{first.sheet}]" if first.sheet else first.file
            problems.append(problem("rec.table_twice", Loc(p.name), {"table": table_label(spec), "first": where,
                                                                      "second": p.name},
                                    fix="rec.fix.table_twice"))
            continue
        raw = read_csv(p, p.name, spec, problems)
        if raw is not None:
            raws[spec.name] = raw
        else:
            raws.setdefault(spec.name, RawTable(spec.name, p.name, None, 0, {}, [], [], None))  # for table_twice only

    # workbooks ohkit does not read: a warning next to records; an error when they are all there is
    nothing_read = not raws
    for p in other_workbooks:
        params = {"file": p.name, "workbook": WORKBOOK}
        fix = "rec.fix.workbook_rename" if p.suffix.lower() in (".xlsx", ".xlsm") else "rec.fix.workbook_save_as"
        if nothing_read:
            problems.append(problem("rec.workbook_not_read", Loc(p.name), params, fix=fix))
        else:
            problems.append(problem("rec.file_unknown", Loc(p.name), params,
                                    fix="rec.fix.workbook_name",
                                    severity="warning"))

    if sheets_found:  # a workbook with table sheets: say which tables it lacks (renamed or deleted sheets)
        for spec in specs:
            if spec.name not in sheets_found and spec.name not in raws and not spec.optional:
                problems.append(problem("rec.sheet_missing", Loc(WORKBOOK, spec.sheet_zh),
                                        {"table": table_label(spec), "sheet": spec.sheet_zh},
                                        fix="rec.fix.sheet_missing", severity="warning"))

    sources: dict[str, TableSource] = {}
    data: dict[str, TableData] = {}
    for spec in specs:
        raw = raws.get(spec.name)
        if raw is None or raw.header_row == 0:
            continue
        src, td = normalise_table(raw, spec, as_of, hazards, problems)
        sources[spec.name] = src
        data[spec.name] = td
    cross_checks(specs, data, problems)
    high_toxic_contradiction(profile, data, problems)
    hazard_class_mismatch(profile, data, problems)
    tables = LazyTables(data)
    _tables_needed(profile, data, tables, specs, problems)

    order = {"enterprise.yaml": 0, WORKBOOK: 1}
    for i, s in enumerate(specs):
        for n in s.file_names():
            order.setdefault(n + ".csv", 10 + i)
    order["answers.yaml"] = 40
    sheet_order: dict[str, int] = {}
    for i, s in enumerate(specs):
        for n in s.file_names():
            sheet_order[n] = i + 1
    for raw in raws.values():
        if raw.sheet:
            sheet_order.setdefault(raw.sheet, specs.index(next(s for s in specs if s.name == raw.table)) + 1)
    problems = sort_problems(problems, order, sheet_order)
    return Workspace(
        unread=unread_problems(problems),
        root=str(root),
        profile=profile,
        tables=tables,
        sources=sources,
        problems=tuple(problems),
        answers=answers,
        digest=digest(root, files_read),
        files=tuple(sorted(set(files_read))),
    )


# The tables that show whether the duties of a firm with exposed workers are met.
NEEDED_TABLES = ("posts", "workers", "exams", "training", "monitoring", "declarations", "ppe", "documents")


def _tables_needed(profile: Any, data: Mapping[str, TableData], tables: LazyTables, specs: Any,
                   problems: list[Problem]) -> None:
    """A firm with exposed workers (a hazard class and a headcount, or posts with hazards) but
    without the tables that show a duty is met: one warning naming them (no false all-clear).
    Tables present but unreadable are errors already and are not named again."""
    exposed = profile.hazard_class in ("serious", "general") and (profile.headcount or 0) > 0
    if not exposed and tables.row_count("posts"):  # from the column: validating builds no Records
        from ohkit.records.checks import A, _col

        exposed = any(h is not A and h for h in _col(data.get("posts"), "hazard"))
    if not exposed:
        return
    said = {p.loc.file for p in problems if p.loc.row is None} | {
        p.loc.sheet for p in problems if p.code == "rec.sheet_missing"}  # already said of these files
    missing = []
    for spec in specs:
        if spec.name not in NEEDED_TABLES or spec.name in tables:
            continue
        if said & ({n + ".csv" for n in spec.file_names()} | {spec.sheet_zh}):
            continue
        missing.append(table_label(spec))
    if missing:
        problems.append(problem("rec.tables_needed", Loc("enterprise.yaml", None, None, "hazard_class"),
                                {"tables": missing, "count": len(missing)}, fix="rec.fix.tables_needed",
                                severity="warning"))


def digest(root: Path, names: Iterable[str]) -> str:
    """SHA-256 over the input files: sorted relative names and their bytes."""
    h = hashlib.sha256()
    for n in sorted(set(names)):
        h.update(n.encode("utf-8") + b"\x00")
        h.update(_file_token(root / n))
    return h.hexdigest()


def file_digests(root: Path, names: Iterable[str]) -> dict[str, str]:
    """SHA-256 of each input file (what ``digest`` hashes of it), by relative name: a sign-off
    keeps these so that ``ohkit verify`` can say which file changed."""
    return {n: hashlib.sha256(_file_token(root / n)).hexdigest() for n in sorted(set(names))}


def _file_token(p: Path) -> bytes:
    """A file's part of the digest: its length and bytes; a file absent, or not read (not a
    regular file, over the size limit — a located problem says why), by a marker and its size."""
    import os
    import stat

    from ohkit.records.limits import MAX_CSV_BYTES, MAX_XLSX_BYTES

    try:
        st = os.stat(p)
    except OSError:
        return (0).to_bytes(8, "big")
    if not stat.S_ISREG(st.st_mode) or st.st_size > max(MAX_CSV_BYTES, MAX_XLSX_BYTES):
        return b"unread" + st.st_size.to_bytes(8, "big")
    try:
        with open(p, "rb") as fh:
            data = fh.read()
    except OSError:
        data = b""
    return len(data).to_bytes(8, "big") + data


def records_by(ws: Workspace, table: str, key: str) -> dict[Any, list[Record]]:
    """Group a table's records by one value (a helper for other layers)."""
    out: dict[Any, list[Record]] = {}
    for r in ws.table(table):
        out.setdefault(r.get(key), []).append(r)
    return out
