"""Reproducible .xlsx bytes: the same content always gives the same file (no write times)."""
from __future__ import annotations

import io
import re
import zipfile


def fixed_times(data: bytes, stamp: tuple[int, int, int, int, int, int]) -> bytes:
    """Rewrite an xlsx zip with ``stamp`` as every entry time and as the created/modified
    document properties (openpyxl writes the current time into both)."""
    iso = "%04d-%02d-%02dT%02d:%02d:%02dZ" % stamp
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
                              lambda m: m.group(1) + iso.encode() + m.group(2), body)
            zi = zipfile.ZipInfo(item.filename, date_time=stamp)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, body)
    return out.getvalue()
