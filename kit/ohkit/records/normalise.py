"""Cell normalisation: what Chinese Excel users type -> typed values.

Every parser takes the raw cell (``str`` from CSV/YAML, or ``float``/``int``/
``bool``/``date``/``datetime`` from a workbook) and returns the typed value, or
raises :class:`Bad` with a message code. Nothing is guessed: a value that could
mean two things is a problem. Only the standard library is used, and the hot
paths are dictionary look-ups and precompiled regular expressions.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any, Callable, Mapping

# Full-width ASCII (U+FF01–FF5E) -> ASCII, ideographic / no-break spaces -> space.
_FW = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FW.update({0x3000: 0x20, 0x00A0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20, 0x200B: None, 0xFEFF: None})
_FW_TABLE = str.maketrans(_FW)
# Only the space-like characters (for free text, which keeps its full-width punctuation).
_SPACE_TABLE = str.maketrans({0x3000: 0x20, 0x00A0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20,
                              0x200B: None, 0xFEFF: None})

EXCEL_EPOCH = dt.date(1899, 12, 30)
MIN_YEAR, MAX_YEAR = 1900, 2100
# Serial numbers accepted as dates: 1940-01-01 .. 2099-12-31 (a bare number outside is an error).
SERIAL_MIN, SERIAL_MAX = 14611, 73050


class Bad(Exception):
    """A value that cannot be read. ``code`` is a records message code."""

    __slots__ = ("code", "params", "fix")

    def __init__(self, code: str, params: Mapping[str, Any] | None = None, fix: str | None = None):
        super().__init__(code)
        self.code = code
        self.params = dict(params or {})
        self.fix = fix


def fold(s: str) -> str:
    """Full-width letters/digits/punctuation to ASCII, odd spaces to space, stripped."""
    return s.translate(_FW_TABLE).strip()


def clean_text(s: str) -> str:
    """Free text: odd spaces to space, runs of whitespace collapsed, stripped."""
    s = s.translate(_SPACE_TABLE)
    if "  " in s or "\n" in s or "\t" in s or "\r" in s:
        s = " ".join(s.split())
    return s.strip()


def is_empty(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.translate(_SPACE_TABLE).strip())


def _num_text(v: float) -> str:
    return str(int(v)) if math.isfinite(v) and v == int(v) else repr(v)


def raw_text(v: Any) -> str:
    """The cell as the user would read it (for messages)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float):
        return _num_text(v) if abs(v) < 1e15 else repr(v)
    if isinstance(v, int) and abs(v) >= 10 ** MAX_NUMBER_DIGITS:
        return f"{str(v)[:20]}…" if v.bit_length() < 14000 else "…"
    if isinstance(v, (dt.datetime, dt.date)):
        return v.isoformat()
    return str(v)


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------

_DATE_RE = re.compile(
    r"(\d{4})\s*(?:([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?)"
    r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_COMPACT_RE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_SERIAL_RE = re.compile(r"\d{5}(?:\.0+)?")
_DMY_RE = re.compile(r"\d{1,2}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{2,4}")
_YM_RE = re.compile(r"\d{4}\s*(?:[-/.]|年)\s*\d{1,2}\s*月?")
_date_cache: dict[str, dt.date] = {}


def _mk_date(y: int, m: int, d: int, raw: str) -> dt.date:
    if not (MIN_YEAR <= y <= MAX_YEAR):
        raise Bad("rec.date_year", {"value": raw})
    try:
        return dt.date(y, m, d)
    except ValueError:
        raise Bad("rec.date_invalid", {"value": raw}) from None


def serial_to_date(n: float, raw: str) -> dt.date:
    if not math.isfinite(n) or n != int(n) or not (SERIAL_MIN <= n <= SERIAL_MAX):
        raise Bad("rec.date_number", {"value": raw})
    return EXCEL_EPOCH + dt.timedelta(days=int(n))


def parse_date(v: Any) -> dt.date:
    """ISO, 2024/3/5, 2024.3.5, 2024年3月5日, 20240305, Excel cells and serials."""
    if type(v) is str:
        if len(v) > 64:
            raise Bad("rec.date_bad", {"value": v[:20] + "…"})
        d = _date_cache.get(v)
        if d is not None:
            return d
        d = _parse_date_str(v)
        if len(_date_cache) < 100_000:
            _date_cache[v] = d
        return d
    if isinstance(v, dt.datetime):
        if v.tzinfo is not None:
            raise Bad("rec.date_bad", {"value": raw_text(v)})
        v = v.date()
    if isinstance(v, dt.date):
        if not (MIN_YEAR <= v.year <= MAX_YEAR):
            raise Bad("rec.date_year", {"value": raw_text(v)})
        return v
    if isinstance(v, bool):
        raise Bad("rec.date_bad", {"value": raw_text(v)})
    if isinstance(v, (int, float)):
        if isinstance(v, int) and abs(v) > 10 ** 9:
            raise Bad("rec.date_number", {"value": raw_text(v)})
        return serial_to_date(float(v), raw_text(v))
    raise Bad("rec.date_bad", {"value": raw_text(v)})


def _parse_date_str(raw: str) -> dt.date:
    s = fold(raw)
    m = _DATE_RE.fullmatch(s)
    if m:
        y = int(m.group(1))
        if m.group(2):
            return _mk_date(y, int(m.group(3)), int(m.group(4)), raw)
        return _mk_date(y, int(m.group(5)), int(m.group(6)), raw)
    m = _COMPACT_RE.fullmatch(s)
    if m:
        return _mk_date(int(m.group(1)), int(m.group(2)), int(m.group(3)), raw)
    if _SERIAL_RE.fullmatch(s):
        return serial_to_date(float(s), raw)
    if _DMY_RE.fullmatch(s):
        raise Bad("rec.date_ambiguous", {"value": raw})
    if _YM_RE.fullmatch(s):
        raise Bad("rec.date_no_day", {"value": raw})
    raise Bad("rec.date_bad", {"value": raw})


# ---------------------------------------------------------------------------
# Booleans, numbers, lists, enumerations
# ---------------------------------------------------------------------------

_BOOL = {
    "是": True, "否": False, "y": True, "n": False, "yes": True, "no": False,
    "true": True, "false": False, "1": True, "0": False, "✓": True, "✗": False,
    "✔": True, "✘": False, "√": True, "×": False, "x": False, "有": True, "无": False,
    "t": True, "f": False, "1.0": True, "0.0": False, "对": True, "没有": False,
}


def parse_bool(v: Any) -> bool:
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if v == 1:
            return True
        if v == 0:
            return False
        raise Bad("rec.bool_bad", {"value": raw_text(v)})
    s = fold(str(v)).lower()
    b = _BOOL.get(s)
    if b is None:
        raise Bad("rec.bool_bad", {"value": raw_text(v)})
    return b


_INT_RE = re.compile(r"[+-]?\d+(?:\.0*)?")
_NUM_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


# Numbers in the records are counts, months, concentrations: at most 15 significant digits
# (what a float holds exactly). Longer numbers, NaN and infinity are out of range.
MAX_NUMBER_DIGITS = 15


def _check_range(v: Any) -> None:
    """Raise Bad for NaN, ±infinity and numbers with more than MAX_NUMBER_DIGITS digits."""
    if isinstance(v, float):
        if not math.isfinite(v) or abs(v) >= 10.0 ** MAX_NUMBER_DIGITS:
            raise Bad("rec.number_range", {"value": raw_text(v), "digits": MAX_NUMBER_DIGITS})
    elif isinstance(v, int) and not isinstance(v, bool):
        if abs(v) >= 10 ** MAX_NUMBER_DIGITS:
            raise Bad("rec.number_range", {"value": raw_text(v), "digits": MAX_NUMBER_DIGITS})
    elif isinstance(v, str):
        digits = sum(1 for ch in v[:200] if ch.isdigit())
        if len(v) > 200 or digits > MAX_NUMBER_DIGITS + 4 and "e" not in v.lower():
            raise Bad("rec.number_range", {"value": v[:20] + ("…" if len(v) > 20 else ""),
                                           "digits": MAX_NUMBER_DIGITS})


def parse_int(v: Any) -> int:
    if isinstance(v, bool):
        raise Bad("rec.int_bad", {"value": raw_text(v)})
    _check_range(v)
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        if v == int(v):
            return int(v)
        raise Bad("rec.int_bad", {"value": raw_text(v)})
    s = fold(str(v)).replace(",", "")
    if _INT_RE.fullmatch(s):
        return int(float(s))
    if s.lower().lstrip("+-") in ("nan", "inf", "infinity", ".nan", ".inf"):
        raise Bad("rec.number_range", {"value": raw_text(v), "digits": MAX_NUMBER_DIGITS})
    raise Bad("rec.int_bad", {"value": raw_text(v)})


def parse_number(v: Any) -> float | int:
    if isinstance(v, bool):
        raise Bad("rec.number_bad", {"value": raw_text(v)})
    _check_range(v)
    if isinstance(v, (int, float)):
        return int(v) if isinstance(v, float) and v == int(v) else v
    s = fold(str(v)).replace(",", "")
    if _NUM_RE.fullmatch(s):
        f = float(s)
        if not math.isfinite(f) or abs(f) >= 10.0 ** MAX_NUMBER_DIGITS:
            raise Bad("rec.number_range", {"value": raw_text(v), "digits": MAX_NUMBER_DIGITS})
        return int(f) if f == int(f) and "." not in s and "e" not in s.lower() else f
    raise Bad("rec.number_bad", {"value": raw_text(v)})


_LIST_SPLIT = re.compile(r"[、;；，,\n]+")


def parse_list(v: Any, code: bool = False) -> tuple[str, ...]:
    s = raw_text(v)
    if code:
        items = (fold(x) for x in _LIST_SPLIT.split(s))
    else:
        items = (clean_text(x) for x in _LIST_SPLIT.split(s))
    out = tuple(x for x in items if x)
    if not out:
        raise Bad("rec.list_empty", {"value": s})
    return out


def enum_key(term: str) -> str:
    """The normal form an enumeration term is looked up by."""
    return "".join(fold(term).casefold().split()).replace("_", "").replace("-", "")


def build_enum_index(labels: Mapping[str, Mapping[str, str]],
                     aliases: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    idx: dict[str, str] = {}
    for key, lab in labels.items():
        for term in (key, lab.get("zh", ""), lab.get("en", ""), *aliases.get(key, ())):
            if term:
                idx.setdefault(enum_key(term), key)
    return idx


# ---------------------------------------------------------------------------
# ID numbers (GB 11643-1999) and unified social credit codes (GB 32100-2015)
# ---------------------------------------------------------------------------

_ID_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_RE = re.compile(r"\d{17}[\dX]")
_SCI_RE = re.compile(r"\d(?:\.\d+)?E\+\d+")


def id_check_char(first17: str) -> str:
    return _ID_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_W)) % 11]


def parse_id_number(v: Any) -> str:
    """An 18-character resident ID number with a valid check character and birth date."""
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        shown = f"{float(v):.5E}" if abs(v) >= 1e11 else mask_id(raw_text(v))  # as Excel shows it
        raise Bad("rec.id_numeric", {"value": shown}, fix="rec.fix.id_numeric")
    s = fold(str(v)).upper().replace(" ", "").replace("-", "")
    if _SCI_RE.fullmatch(s):
        raise Bad("rec.id_numeric", {"value": s}, fix="rec.fix.id_numeric")
    if not _ID_RE.fullmatch(s):
        raise Bad("rec.id_format", {"value": mask_id(s), "length": len(s)}, fix="rec.fix.id_format")
    if id_check_char(s[:17]) != s[17]:
        raise Bad("rec.id_checksum", {"value": mask_id(s)}, fix="rec.fix.id_checksum")
    try:
        dt.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        raise Bad("rec.id_birth", {"value": mask_id(s)}, fix="rec.fix.id_checksum") from None
    return s


def id_birth_date(idn: str) -> dt.date | None:
    try:
        return dt.date(int(idn[6:10]), int(idn[10:12]), int(idn[12:14]))
    except (ValueError, IndexError):
        return None


def id_sex(idn: str) -> str | None:
    """'male' / 'female' from the 17th character of an 18-character ID number."""
    if len(idn) != 18 or not idn[16].isdigit():
        return None
    return "male" if int(idn[16]) % 2 else "female"


def mask_id(value: str | None) -> str | None:
    """110101********1234 style: keep the first 6 and last 4 characters."""
    if value is None:
        return None
    s = str(value)
    if len(s) <= 10:
        return "*" * len(s)
    return s[:6] + "*" * (len(s) - 10) + s[-4:]


_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VAL = {c: i for i, c in enumerate(_USCC_CHARS)}
_USCC_W = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_RE = re.compile(r"[0-9A-HJ-NP-RTUW-Y]{2}\d{6}[0-9A-HJ-NP-RTUW-Y]{10}")


def uscc_check_char(first17: str) -> str:
    r = 31 - sum(_USCC_VAL[c] * w for c, w in zip(first17, _USCC_W)) % 31
    return _USCC_CHARS[0 if r == 31 else r]


def parse_credit_code(v: Any) -> str:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        raise Bad("rec.uscc_format", {"value": raw_text(v), "length": len(raw_text(v))}, fix="rec.fix.uscc")
    s = fold(str(v)).upper().replace(" ", "")
    if len(s) != 18 or not _USCC_RE.fullmatch(s):
        raise Bad("rec.uscc_format", {"value": s, "length": len(s)}, fix="rec.fix.uscc")
    if uscc_check_char(s[:17]) != s[17]:
        raise Bad("rec.uscc_checksum", {"value": s, "expected": uscc_check_char(s[:17])}, fix="rec.fix.uscc")
    return s


def parse_text(v: Any, code: bool = False) -> str:
    if type(v) is str and v.isascii():  # fast path: nothing to fold
        s = v.strip()
        if "  " not in s and "\n" not in s and "\t" not in s:
            return s
    if isinstance(v, float):
        s = _num_text(v)
    elif isinstance(v, (dt.datetime, dt.date, bool, int)):
        s = raw_text(v)
    else:
        v = v if type(v) is str else str(v)
        s = fold(v) if code else clean_text(v)
    return s


def parse_date_or_bool(v: Any) -> dt.date | bool:
    if isinstance(v, bool):
        return v
    if isinstance(v, (dt.date, dt.datetime)):
        return parse_date(v)
    if isinstance(v, (int, float)):
        if v in (0, 1):
            return bool(v)
        return parse_date(v)
    s = fold(str(v)).lower()
    b = _BOOL.get(s)
    if b is not None:
        return b
    try:
        return parse_date(v)
    except Bad as exc:
        if exc.code == "rec.date_bad":
            raise Bad("rec.date_or_bool_bad", {"value": raw_text(v)}) from None
        raise


# ---------------------------------------------------------------------------
# Per-field parser factory
# ---------------------------------------------------------------------------

def parser_for(spec: Any) -> Callable[[Any], Any]:
    """A function raw cell -> typed value for a FieldSpec (raises Bad)."""
    kind = spec.kind
    if kind == "text":
        if spec.code:
            return lambda v: parse_text(v, True)
        return parse_text
    if kind == "date":
        return parse_date
    if kind == "bool":
        return parse_bool
    if kind == "int":
        return parse_int
    if kind == "number":
        return parse_number
    if kind == "list":
        code = spec.code
        return lambda v: parse_list(v, code)
    if kind == "id_number":
        return parse_id_number
    if kind == "credit_code":
        return parse_credit_code
    if kind == "date_or_bool":
        return parse_date_or_bool
    if kind == "enum":
        idx = build_enum_index(spec.enum_labels, spec.enum_aliases)
        accepted = [spec.enum_labels[k].get("zh", k) for k in spec.enum_labels]
        accepted_en = [k for k in spec.enum_labels]

        def parse_enum(v: Any, _idx: dict[str, str] = idx) -> str:
            s = raw_text(v)
            k = _idx.get(s)
            if k is None:
                k = _idx.get(enum_key(s))
                if k is None:
                    raise Bad("rec.enum_bad", {"value": s, "accepted": {"zh": "、".join(accepted),
                                                                          "en": ", ".join(accepted_en)}})
                _idx[s] = k
            return k

        return parse_enum
    raise ValueError(kind)
