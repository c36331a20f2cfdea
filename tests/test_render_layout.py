"""The printed pages hold together: no text outside its table cell, nothing past the page
margins or the page edge, for the report and the notice cards (A4 and 600×400), Chinese and
English, on the bundled furniture and stone-works examples.

Two independent views (tests/pdf_layout.py): WeasyPrint's laid-out boxes (text inside its
cell, cells inside the margins) and the written PDF read back with poppler's
``pdftotext -bbox-layout`` (every word on its page).

Defects these caught (issue 9, item 8): the due calendar's kind cell ran into the next
column ("工作场所监测与检测" + "喷漆（P04）"); the signature page's 日期 lines ran 20 px past
the right margin; 600×400 cards lost the footer note below the page edge and their
measurement row spilled (接触限值, the date, long limit texts); English column heads,
status and priority words ran out of their cells; a long word typed into the records (a name
without spaces) ran off the page.
"""
from __future__ import annotations

import datetime as dt
import shutil

import pytest

from pdf_layout import cell_overflows, pdf_page_texts, pdf_words_off_page

AS_OF = dt.date(2026, 11, 27)
POPPLER = shutil.which("pdftotext") is not None

pytestmark = pytest.mark.slow


def _assessment(example: str):
    from ohkit.engine import assess
    from ohkit.paths import examples_dir
    from ohkit.records import load_workspace

    return assess(load_workspace(examples_dir() / example, as_of=AS_OF), AS_OF)


@pytest.fixture(scope="module")
def furniture():
    return _assessment("furniture")


@pytest.fixture(scope="module")
def stone():
    return _assessment("stone")


@pytest.fixture(scope="module")
def wordy(tmp_path_factory):
    """The stone works with long words typed into the records: a 200-letter firm name, a
    300-letter worker name (XL07, in the findings), a post name and workplace of 100+ letters
    without a space (post S01, on its card and in appendix C)."""
    import csv
    import io
    import re

    from ohkit.engine import assess
    from ohkit.paths import examples_dir
    from ohkit.records import load_workspace

    firm = tmp_path_factory.mktemp("wordy") / "stone"
    shutil.copytree(examples_dir() / "stone", firm)

    def edit(name, fn):
        p = firm / name
        rows = list(csv.reader(io.StringIO(p.read_text(encoding="utf-8-sig"))))
        for r in rows[1:]:
            fn(r)
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\r\n").writerows(rows)
        p.write_text(buf.getvalue(), encoding="utf-8")

    edit("workers.csv", lambda r: r.__setitem__(1, "A" * 300) if r[0] == "XL07" else None)
    edit("posts.csv", lambda r: (r.__setitem__(1, "切割" + "B" * 120), r.__setitem__(2, "C" * 100))
         if r[0] == "S01" else None)
    y = firm / "enterprise.yaml"
    y.write_text(re.sub(r"(?m)^name: .*$", "name: " + "D" * 200, y.read_text(encoding="utf-8"), count=1),
                 encoding="utf-8")
    return assess(load_workspace(firm, as_of=AS_OF), AS_OF)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("example", ["furniture", "stone", "wordy"])
def test_report_text_stays_in_cells_and_on_the_page(example, lang, request):
    from ohkit.render.pdf import layout
    from ohkit.render.report import render_report_html

    a = request.getfixturevalue(example)
    doc = layout(render_report_html(a, lang, for_pdf=True))
    assert cell_overflows(doc) == []
    if POPPLER:
        assert pdf_words_off_page(doc.write_pdf()) == []


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", ["a4", "600x400"])
@pytest.mark.parametrize("example", ["furniture", "stone", "wordy"])
def test_cards_text_stays_in_cells_and_on_the_page(example, size, lang, request):
    from ohkit.render.cards import cards_document

    a = request.getfixturevalue(example)
    doc, warnings = cards_document(a, lang, size=size)
    assert len(doc.pages) == len([p for p in a.posts if p.hazards])  # one page per post
    assert cell_overflows(doc) == []
    if POPPLER:
        pdf = doc.write_pdf()
        assert pdf_words_off_page(pdf) == []
        note = "扫描二维码" if lang == "zh" else "Scan the code"
        pages = pdf_page_texts(pdf)
        assert pages and all(note in " ".join(p.split()) for p in pages)  # the footer note on every card


def test_the_due_calendar_kind_wraps_in_its_own_column(furniture):
    """The case that was reported: the kind "工作场所监测与检测" of a monitoring row."""
    from ohkit.render.report import render_report_html

    html = render_report_html(furniture, "zh", for_pdf=True)
    assert "<td>工作场所监测与检测</td>" in html


def test_the_check_finds_text_outside_its_cell_and_past_the_margins():
    """The checker itself: a nowrap text in a narrow cell and a table wider than the page."""
    from ohkit.render.pdf import layout

    html = ("<html><head><style>@page { size: A4; margin: 20mm } table { table-layout: fixed; border-collapse: "
            "collapse } td { border: 1px solid }</style></head><body>"
            "<table style='width: 100%'><tr><td style='width: 10%; white-space: nowrap'>工作场所监测与检测</td>"
            "<td>喷漆（P04）</td></tr></table>"
            "<table style='width: 120%'><tr><td>宽</td><td>表</td></tr></table></body></html>")
    problems = cell_overflows(layout(html))
    assert any("工作场所监测与检测" in p and "outside its cell" in p for p in problems)
    assert any("a table cell past the margins" in p for p in problems)
