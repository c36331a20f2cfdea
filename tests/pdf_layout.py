"""Layout checks for the PDFs ohkit writes (used by tests/test_render_layout.py).

Two independent views of the same document:

* ``cell_overflows(doc)`` walks WeasyPrint's laid-out boxes: every piece of text inside a
  table cell must lie within that cell's border box (text that spills into the next column
  or past the cell's bottom is reported), and every box that draws something must lie on
  the page.
* ``pdf_words_off_page(pdf)`` reads the written PDF back with poppler's
  ``pdftotext -bbox-layout``: every word must lie within the page.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

TOLERANCE = 0.75  # CSS px (~0.2 mm): rounding of glyph advances


def _boxes(box, cell=None, margin=False):
    """(box, the table cell it is in, whether it is in a page-margin box) for every box."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TableCellBox):
        cell = box
    margin = margin or isinstance(box, boxes.MarginBox)
    yield box, cell, margin
    for child in getattr(box, "children", ()) or ():
        yield from _boxes(child, cell, margin)


def cell_overflows(doc) -> list[str]:
    """Text outside its table cell, cells and text of the page body past the page margins,
    anything past the page edge: one line per problem."""
    from weasyprint.formatting_structure import boxes

    out: list[str] = []
    for n, page in enumerate(doc.pages, 1):
        root = page._page_box
        pw, ph = root.margin_width(), root.margin_height()
        left, right = root.content_box_x(), root.content_box_x() + root.width
        for box, cell, in_margin in _boxes(root):
            if isinstance(box, (boxes.TableCellBox, boxes.TextBox)) and not in_margin:
                bx0 = box.border_box_x() if isinstance(box, boxes.TableCellBox) else box.position_x
                bx1 = bx0 + (box.border_width() if isinstance(box, boxes.TableCellBox) else box.width)
                if bx0 < left - TOLERANCE or bx1 > right + TOLERANCE:
                    what = "a table cell" if isinstance(box, boxes.TableCellBox) else repr(box.text[:40])
                    out.append(f"page {n}: {what} past the margins: x {bx0:.0f}-{bx1:.0f}, "
                               f"text area {left:.0f}-{right:.0f}")
            if not isinstance(box, boxes.TextBox):
                continue
            text = box.text.strip()
            if not text:
                continue
            x0, y0 = box.position_x, box.position_y
            x1, y1 = x0 + box.width, y0 + box.height
            if x0 < -TOLERANCE or y0 < -TOLERANCE or x1 > pw + TOLERANCE or y1 > ph + TOLERANCE:
                out.append(f"page {n}: {text[:40]!r} past the page ({x0:.0f},{y0:.0f})-({x1:.0f},{y1:.0f}) "
                           f"on {pw:.0f}x{ph:.0f}")
            if cell is None:
                continue
            cx0, cy0 = cell.border_box_x(), cell.border_box_y()
            cx1, cy1 = cx0 + cell.border_width(), cy0 + cell.border_height()
            # Horizontally the whole text; vertically its middle (glyph boxes of a tight line
            # height reach a little into the cell padding, which is not an overflow).
            ymid = (y0 + y1) / 2
            if x0 < cx0 - TOLERANCE or x1 > cx1 + TOLERANCE or ymid > cy1 or ymid < cy0:
                out.append(f"page {n}: {text[:40]!r} outside its cell: text x {x0:.0f}-{x1:.0f} y ..{y1:.0f}, "
                           f"cell x {cx0:.0f}-{cx1:.0f} y ..{cy1:.0f}")
    return out


def pdf_words_off_page(pdf: bytes) -> list[str]:
    """Words of the written PDF (pdftotext -bbox-layout) that lie outside their page."""
    if not shutil.which("pdftotext"):
        raise RuntimeError("pdftotext (poppler-utils) is needed: scripts/setup.sh --test installs it")
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "x.pdf"
        p.write_bytes(pdf)
        html = subprocess.run(["pdftotext", "-bbox-layout", str(p), "-"], capture_output=True, check=True,
                              timeout=120).stdout.decode("utf-8", "replace")
    out: list[str] = []
    for n, (pw, ph, body) in enumerate(re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>',
                                                  html, re.S), 1):
        w, h = float(pw), float(ph)
        for x0, y0, x1, y1, word in re.findall(
                r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">([^<]*)</word>', body):
            if float(x0) < -0.5 or float(y0) < -0.5 or float(x1) > w + 0.5 or float(y1) > h + 0.5:
                out.append(f"page {n}: {word!r} at ({x0},{y0})-({x1},{y1}) on {w}x{h}")
    return out


def pdf_page_texts(pdf: bytes) -> list[str]:
    """The text of each page (pdftotext -layout)."""
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "x.pdf"
        p.write_bytes(pdf)
        txt = subprocess.run(["pdftotext", "-layout", str(p), "-"], capture_output=True, check=True,
                             timeout=120).stdout.decode("utf-8", "replace")
    return txt.split("\f")[:-1] if txt.endswith("\f") else txt.split("\f")
