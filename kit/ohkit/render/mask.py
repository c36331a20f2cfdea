"""Masking personal data in every rendered output.

``mask_ids(text)`` hides resident ID numbers (GB 11643) wherever they appear in a text, in
the one masked form every output uses: the first 6 and last 4 characters, 8 stars between
(``110101********1234``; old 15-digit numbers ``110101******123``). Digits are folded first:
full-width and other Unicode decimal digits count (``１１０１０１…``), and the check character
may be ``X``, ``x``, ``Ｘ`` or ``ｘ``; the kept characters are shown as ASCII.

What counts as an ID number:

* a run of 17 digits and a digit or X, standing alone (no digit or ASCII letter either side) —
  masked whatever its check character (a mistyped ID number is still personal data);
* a run of 15 digits standing alone (the old format, no check character);
* (digits on either side of a decimal point — ``0.972972972972973``, a rate in the JSON outputs —
  are a number, not a run standing alone);
* anywhere else — next to letters (``W110101…``), inside a longer run of digits, or written
  in groups ``110101 19900307 1234`` — any 18 characters whose check character (GB 11643)
  and birth date are right.

The outputs call it at one place each: the terminal streams (``ohkit.commands.common``,
which also carry ``-o json``), the HTML/PDF templates' ``finalize``, the spreadsheet cells
(``ohkit.render.sheets``) and the calendar texts (``ohkit.render.ics``).
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any

_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_X = "XxＸｘ"
_STARS = "********"

# A maximal run of decimal digits (any script), with an X-like check character after it (the rule
# as first written, two passes: _RUN then _GROUPED; tests hold _CANDIDATE to it).
_RUN = re.compile(r"(?<!\d)(\d+)([XxＸｘ]?)")
# Written in groups: 6 + 8 + 4 with one space or hyphen between.
_GROUPED = re.compile(r"(?<!\d)(\d{6})[ \-‐](\d{8})[ \-‐](\d{3}[\dXxＸｘ])(?![\dXxＸｘ])")
# Both in one pass, and only what can hold an ID number (mask_ids): groups 2-3 a grouped number,
# groups 4-5 a run of 15 digits or more. No look-behind, which makes the regex engine try every
# position of the text slowly (a 400 kB assessment JSON: 30 ms -> 8 ms): the first match in a run
# of digits is at its start anyway, and a grouped match that starts inside a run is given back
# unchanged (nothing it spans can start another match).
_CANDIDATE = re.compile(r"(\d{6})(?:[ \-‐](\d{8})[ \-‐](\d{3}[\dXxＸｘ])(?![\dXxＸｘ])|(\d{9,})([XxＸｘ]?))")
_ASCII_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def fold(s: str) -> str:
    """Unicode decimal digits as ASCII digits, X-like characters as 'X' (other characters kept)."""
    out = []
    for ch in s:
        if ch in _X:
            out.append("X")
        else:
            d = unicodedata.decimal(ch, None)
            out.append(ch if d is None else str(d))
    return "".join(out)


def check_char(first17: str) -> str:
    return _CHECK[sum(int(c) * w for c, w in zip(first17, _W)) % 11]


def is_id_number(s: str) -> bool:
    """18 characters (after folding) with the right GB 11643 check character and a real birth date."""
    f = fold(s)
    if len(f) != 18 or not f[:17].isdigit() or not (f[17].isdigit() or f[17] == "X"):
        return False
    if check_char(f[:17]) != f[17]:
        return False
    y, m, d = int(f[6:10]), int(f[10:12]), int(f[12:14])
    if not (1850 <= y <= 2150 and 1 <= m <= 12 and 1 <= d <= 31):
        return False
    import datetime as dt

    try:
        dt.date(y, m, d)
    except ValueError:
        return False
    return True


def _joined(ch: str) -> bool:
    """A neighbour that makes a run part of a longer code: an ASCII letter or digit, or any digit."""
    return bool(ch) and (ch in _ASCII_ALNUM or unicodedata.decimal(ch, None) is not None)


def _in_decimal(text: str, start: int, end: int) -> bool:
    """The run text[start:end] is the fraction or the integer part of a decimal number (1.5, 0.97…)."""
    return (start >= 2 and text[start - 1] == "." and _is_digit(text[start - 2])) or \
        (end + 1 < len(text) and text[end] == "." and _is_digit(text[end + 1]))


def _is_digit(ch: str) -> bool:
    return unicodedata.decimal(ch, None) is not None


def _masked18(s: str) -> str:
    f = fold(s)
    return f[:6] + _STARS + f[-4:]


def _run(m: re.Match[str]) -> str:
    return _run_at(m.string, m.start(), m.end(), m.group(1), m.group(2))


def _run_at(text: str, start: int, end: int, digits: str, x: str) -> str:
    run = digits + x
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    alone = not _joined(before) and not _joined(after) and not _in_decimal(text, start, end)
    if alone and len(run) == 18:
        return _masked18(run)
    if alone and len(run) == 15 and not x:
        f = fold(run)
        return f[:6] + "******" + f[-3:]
    if len(run) < 18:
        return run
    # Longer runs or next to letters: every window that is a real ID number.
    out, i = [], 0
    while i <= len(run) - 18:
        w = run[i:i + 18]
        if is_id_number(w):
            out.append(_masked18(w))
            i += 18
        else:
            out.append(run[i])
            i += 1
    out.append(run[i:])
    return "".join(out)


def _candidate(m: re.Match[str]) -> str:
    if m.group(4) is not None:
        return _run_at(m.string, m.start(), m.end(), m.group(1) + m.group(4), m.group(5))
    if m.start() > 0 and _is_digit(m.string[m.start() - 1]):  # (what _GROUPED's look-behind excludes)
        return m.group(0)
    whole = m.group(1) + m.group(2) + m.group(3)
    return _masked18(whole) if is_id_number(whole) else m.group(0)


def _grouped(m: re.Match[str]) -> str:
    whole = m.group(1) + m.group(2) + m.group(3)
    return _masked18(whole) if is_id_number(whole) else m.group(0)


def mask_ids(text: object) -> str:
    """'110101199003071234' -> '110101********1234' wherever an ID number appears (see above)."""
    s = "" if text is None else str(text)
    if len(s) < 15:
        return s
    return _CANDIDATE.sub(_candidate, s)



_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def safe_text(text: object) -> str:
    """Text for a file another program reads (spreadsheet cell, calendar entry): ID numbers
    masked, control characters removed (C0 except tab and line feed, DEL, C1, lone surrogates,
    U+FFFE/U+FFFF), line ends as line feeds."""
    s = "" if text is None else str(text)
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    return mask_ids(_CONTROL.sub("", s))


_JSON_UNSAFE = re.compile("[\x7f-\x9f\ud800-\udfff\u2028\u2029\ufffe\uffff]")


def _escape_unsafe(s: str) -> str:
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", s)


def _json_piece(piece: str) -> str:
    return mask_ids(_escape_unsafe(piece))


def json_text(data: Any, **kwargs: Any) -> str:
    """JSON for an output (stdout or a file): ``json.dumps(data, ensure_ascii=False, **kwargs)``
    with ID numbers masked and the characters JSON leaves raw but other programs choke on (DEL, C1
    controls, lone surrogates, U+2028/2029) written as ``\\uXXXX`` escapes — they can only occur
    inside strings, so the data read back is unchanged.

    Indented JSON is written by ``render.jsonenc`` (the same text, faster), which masks each
    string and number long enough to hold an ID number (15 characters; the escapes ``\\uXXXX``
    put in digits only after a letter) rather than the whole text: a 400 kB assessment is mostly
    indentation, keys and short values. The result is the same as masking the whole text
    (``tests/test_jsonenc.py`` holds the two to each other)."""
    if kwargs.get("indent") is not None and set(kwargs) <= {"indent", "default"}:
        from ohkit.render.jsonenc import dumps_indented

        s = dumps_indented(data, kwargs["indent"], kwargs.get("default"), finish=_json_piece, finish_min=15)
        return _escape_unsafe(s)
    import json

    s = json.dumps(data, ensure_ascii=False, **kwargs)
    return mask_ids(_escape_unsafe(s))
