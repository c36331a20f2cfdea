"""Spreadsheet cells (XLSX and CSV) that stay inert whatever the records hold.

Every cell the action plan and the portfolio write passes here (one place per format):

* text: ID numbers masked (``render.mask``); control characters removed (C0 except tab and
  line feed, DEL, C1, lone surrogates, U+FFFE/U+FFFF) so that the XLSX writer never fails and
  no terminal or viewer receives escape sequences; ``\\r\\n`` and lone ``\\r`` become ``\\n``;
* CSV: text that begins with ``=``, ``+``, ``-``, ``@``, tab, carriage return (or the line feed
  it becomes) gets a leading single quote (OWASP, CSV injection), so no spreadsheet reads it
  as a formula;
* XLSX: text cells are stored as text (never as a formula or an error value such as ``#N/A``),
  and text that starts like a formula also gets Excel's quote prefix, so editing the cell
  keeps it text;
* numbers, dates and booleans that ohkit computes stay typed (dates Excel cannot store —
  before 1900-03-01 — are written as ISO text).
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any, Iterable

from ohkit.render.mask import safe_text as clean_text

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")  # CR becomes LF on the way in
_CODE = re.compile(r"`([^`\n]+)`")
EXCEL_MIN_DATE = dt.date(1900, 3, 1)


def plain(s: str) -> str:
    """Catalogue and message text for a spreadsheet: `code` marks dropped (the report
    renders them as code; a cell cannot)."""
    return _CODE.sub(r"\1", s)


def csv_cell(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, bool) or isinstance(v, (int, float)):
        return v
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    s = clean_text(str(v))
    if s.startswith(FORMULA_START):
        s = "'" + s
    return s


def csv_bytes(rows: Iterable[Iterable[Any]]) -> bytes:
    """UTF-8 with BOM (Excel opens it in Chinese correctly), CRLF rows, every cell inert."""
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    for row in rows:
        w.writerow([csv_cell(v) for v in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def xlsx_value(v: Any) -> Any:
    if v is None or isinstance(v, (bool, int, float)):
        return v
    if isinstance(v, dt.datetime):
        v = v.date()
    if isinstance(v, dt.date):
        return v if v >= EXCEL_MIN_DATE else v.isoformat()
    return clean_text(str(v))


def set_cell(cell: Any, v: Any, number_format: str | None = None) -> Any:
    """Write one value into an openpyxl cell: text as inert text, our numbers and dates typed."""
    v = xlsx_value(v)
    cell.value = v
    if isinstance(v, str):
        cell.data_type = "s"  # never a formula ("=…") or an error value ("#N/A")
        if v.startswith(FORMULA_START):
            cell.quotePrefix = True
    elif isinstance(v, dt.date):
        cell.number_format = number_format or "yyyy-mm-dd"
    elif number_format and isinstance(v, (int, float)) and not isinstance(v, bool):
        cell.number_format = number_format
    return cell


def append_row(ws: Any, values: Iterable[Any], formats: dict[int, str] | None = None) -> int:
    """Append a row to worksheet ``ws`` through ``set_cell``; returns its row number.
    ``formats`` maps a 1-based column to a number format (e.g. ``"0%"``)."""
    r = ws.max_row + 1 if ws.max_row > 1 or ws.cell(1, 1).value is not None else 1
    for c, v in enumerate(values, 1):
        set_cell(ws.cell(r, c), v, (formats or {}).get(c))
    return r
