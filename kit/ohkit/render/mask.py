"""Masking personal data in every rendered output."""
from __future__ import annotations

import re

# 18-digit resident ID (last may be X) and old 15-digit IDs, not inside longer digit runs.
_ID18 = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[0-9Xx])(?![0-9A-Za-z])")
_ID15 = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{6}(\d{3})(?![0-9A-Za-z])")


def mask_ids(text: object) -> str:
    """'110101199003071234' -> '110101********1234' (15-digit: 6 + ****** + 3)."""
    s = "" if text is None else str(text)
    s = _ID18.sub(lambda m: m.group(1) + "********" + m.group(2)[-4:], s)
    return _ID15.sub(lambda m: m.group(1) + "******" + m.group(2), s)
