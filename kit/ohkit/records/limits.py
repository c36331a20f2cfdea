"""Limits on what ohkit reads, checked before reading (documented in SECURITY.md).

A file over a limit is not read: a located problem says which limit and what to do.
The numbers are far above any real firm's records (a 300-person factory's workers.csv is
~30 KB; 100,000 workers are ~12 MB) and low enough that a hostile or broken file cannot
exhaust memory or time on a 1 GiB machine.
"""
from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

from ohkit.model import Loc, Problem

MIB = 1 << 20
MAX_CSV_BYTES = 64 * MIB          # one CSV table
MAX_XLSX_BYTES = 64 * MIB         # records.xlsx as stored (compressed)
MAX_XLSX_UNPACKED = 256 * MIB     # records.xlsx unpacked: all its parts together
MAX_XLSX_RATIO = 200              # unpacked/compressed size of one part (zip bombs)
MAX_ROWS = 200_000                # rows in one table (CSV lines or the sheet's last row)
MAX_COLUMNS = 256                 # columns in one table
MAX_CELL_CHARS = 2_000            # characters in one cell


def _problem(code: str, loc: Loc, params: dict[str, Any], fix: str) -> Problem:
    from ohkit.records.readers import problem

    return problem(code, loc, params, fix=fix)


_OS_CODES = {"EACCES": "rec.file_no_permission", "EPERM": "rec.file_no_permission", "ENOENT": "rec.file_vanished",
             "ELOOP": "rec.file_link_loop", "ENAMETOOLONG": "rec.path_too_long", "EIO": "rec.file_io_error"}


def os_problem(exc: OSError, rel: str) -> Problem:
    """An OSError as a located problem in the user's language (never the English strerror):
    the common causes have their own message; others name the error code (EBUSY …)."""
    import errno as _errno

    name = _errno.errorcode.get(exc.errno or 0, "")
    code = _OS_CODES.get(name)
    if code:
        return _problem(code, Loc(rel), {"file": rel}, "rec.fix.file_unreadable")
    return _problem("rec.file_unreadable", Loc(rel), {"error": name or type(exc).__name__},
                    "rec.fix.file_unreadable")


def check_regular_file(path: Path, rel: str, problems: list[Problem], max_bytes: int) -> bool:
    """True if ``path`` is a regular file (links followed) within ``max_bytes``; else a
    located problem. Never opens the file (a FIFO would block)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            try:
                target = os.readlink(path)
            except OSError:
                target = "?"
            problems.append(_problem("rec.not_a_file_link", Loc(rel), {"file": rel, "target": target},
                                     "rec.fix.not_a_file"))
        else:
            problems.append(_problem("rec.file_vanished", Loc(rel), {"file": rel}, "rec.fix.file_unreadable"))
        return False
    except OSError as exc:
        problems.append(os_problem(exc, rel))
        return False
    if stat.S_ISDIR(st.st_mode):
        problems.append(_problem("rec.not_a_file_dir", Loc(rel), {"file": rel}, "rec.fix.not_a_file"))
        return False
    if not stat.S_ISREG(st.st_mode):
        problems.append(_problem("rec.not_a_file_special", Loc(rel), {"file": rel}, "rec.fix.not_a_file"))
        return False
    if st.st_size > max_bytes:
        problems.append(_problem("rec.file_too_big", Loc(rel),
                                 {"file": rel, "size": _mb(st.st_size), "limit": _mb(max_bytes)},
                                 "rec.fix.file_too_big"))
        return False
    return True


def _mb(n: int) -> str:
    return f"{n / MIB:.1f}" if n < 10 * MIB else str(round(n / MIB))


_DIM_RE = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]*)(\d*)(?::([A-Z]+)(\d+))?"')
# r="B12" on cells, r="12" on rows. Only references past the limits are looked for (one C-level
# search per chunk, no Python work per cell): a column of three letters or IW..ZZ (> 256), a row
# number of seven digits or 200000..999999 (checked exactly).
# (A literal start lets the regex engine skip ahead fast; whitespace before r= is not required, so
# a tab or newline there does not hide a reference.)
_BIG_COL_RE = re.compile(rb'r="([A-Z]{3,4}|I[W-Z]|[J-Z][A-Z])(\d{1,8})"')
_BIG_ROW_RE = re.compile(rb'r="([A-Z]{0,4})(\d{7,8}|[2-9]\d{5})"')


def column_number(letters: bytes) -> int:
    """Excel column letters -> 1-based number (b"A" -> 1, b"AA" -> 27)."""
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def check_xlsx(path: Path, rel: str, problems: list[Problem]) -> bool:
    """Before calamine touches it: size, unpacked sizes (zipfile infolist), and every
    worksheet's declared dimension and actual last row/column. False (and a located
    problem) if over a limit. A file that is not a zip is left to calamine to report."""
    import zipfile

    if not check_regular_file(path, rel, problems, MAX_XLSX_BYTES):
        return False
    try:
        z = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        return True  # calamine says it cannot be opened
    with z:
        infos = z.infolist()
        if "xl/workbook.xml" not in {i.filename for i in infos}:
            problems.append(_problem("rec.xlsx_unreadable", Loc(rel), {"error": "xl/workbook.xml missing"},
                                     "rec.fix.xlsx_unreadable"))
            return False
        total = sum(i.file_size for i in infos)
        big = max(infos, key=lambda i: i.file_size, default=None)
        if total > MAX_XLSX_UNPACKED or len(infos) > 10_000:
            problems.append(_problem("rec.xlsx_bomb", Loc(rel),
                                     {"file": rel, "size": _mb(total), "limit": _mb(MAX_XLSX_UNPACKED),
                                      "part": big.filename if big else ""}, "rec.fix.xlsx_bomb"))
            return False
        for i in infos:
            if i.file_size > 4 * MIB and i.file_size > MAX_XLSX_RATIO * max(i.compress_size, 1):
                problems.append(_problem("rec.xlsx_bomb", Loc(rel),
                                         {"file": rel, "size": _mb(i.file_size), "limit": _mb(MAX_XLSX_UNPACKED),
                                          "part": i.filename}, "rec.fix.xlsx_bomb"))
                return False
        sheets = _sheet_names(z)
        for i in infos:
            if not (i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")):
                continue
            rows = cols = 0
            try:
                with z.open(i) as fh:
                    head = fh.read(4096)
                    m = _DIM_RE.search(head)
                    if m and m.group(4):
                        rows, cols = int(m.group(4)), column_number(m.group(3))
                    elif m and m.group(2):
                        rows, cols = int(m.group(2)), column_number(m.group(1))
                    tail = b""
                    chunk = head
                    while chunk and rows <= MAX_ROWS and cols <= MAX_COLUMNS:
                        buf = tail + chunk
                        m = _BIG_COL_RE.search(buf)
                        if m:
                            cols, rows = max(cols, column_number(m.group(1))), max(rows, int(m.group(2)))
                        for m in _BIG_ROW_RE.finditer(buf):
                            if int(m.group(2)) > MAX_ROWS:
                                rows = int(m.group(2))
                                cols = max(cols, column_number(m.group(1)) if m.group(1) else 1)
                                break
                        cut = buf.rfind(b"<")  # keep an element cut in two for the next chunk
                        tail = buf[cut:] if cut >= 0 and len(buf) - cut < 400 else b""
                        chunk = fh.read(1 << 20)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError):
                continue  # calamine reports the broken part
            if rows > MAX_ROWS or cols > MAX_COLUMNS:
                from ohkit.records.readers import col_letter

                sheet = sheets.get(i.filename)
                problems.append(_problem("rec.xlsx_dimension", Loc(rel, sheet),
                                         {"sheet": sheet or i.filename, "cell": f"{col_letter(max(cols, 1) - 1)}{rows}",
                                          "rows": rows, "columns": cols, "max_rows": MAX_ROWS,
                                          "max_columns": MAX_COLUMNS}, "rec.fix.xlsx_dimension"))
                return False
    return True


def _sheet_names(z: Any) -> dict[str, str]:
    """worksheet part name -> sheet name (best effort)."""
    from html import unescape

    from ohkit.records.readers import _ATTR_RE, _REL_RE, _SHEET_RE

    out: dict[str, str] = {}
    try:
        wb = z.read("xl/workbook.xml")
        rels = {}
        for m in _REL_RE.finditer(z.read("xl/_rels/workbook.xml.rels")):
            a = dict(_ATTR_RE.findall(m.group(0)))
            rels[a.get(b"Id", b"")] = a.get(b"Target", b"").decode("utf-8", "replace")
        for m in _SHEET_RE.finditer(wb):
            a = dict(_ATTR_RE.findall(m.group(0)))
            target = rels.get(a.get(b"r:id", b""), "").lstrip("/")
            if not target.startswith("xl/"):
                target = "xl/" + target
            out[target] = unescape(a.get(b"name", b"").decode("utf-8", "replace"))
    except Exception:  # noqa: BLE001 - names are for the message only
        pass
    return out


def too_long(v: Any) -> bool:
    return type(v) is str and len(v) > MAX_CELL_CHARS
