"""The self-assessment report and action plan, from the hand-made Assessment in
test_render_fixture (expected facts are written down there)."""
from __future__ import annotations

import csv
import dataclasses
import io
import re
import shutil
import subprocess

import pytest

from ohkit.i18n import translator
from ohkit.model import Finding, Msg
from ohkit.render import actionplan, texts
from ohkit.render.report import render_report, render_report_html
from test_render_fixture import AS_OF, DIGEST, EVIL, MASKED_ID, RAW_ID, make_assessment

HAVE_POPPLER = shutil.which("pdftotext") is not None and shutil.which("pdffonts") is not None


def _pdftext(pdf: bytes, tmp_path, mode: str = "-layout") -> str:
    p = tmp_path / "r.pdf"
    p.write_bytes(pdf)
    return subprocess.run(["pdftotext", mode, str(p), "-"], capture_output=True, text=True, check=True).stdout


def _pdffonts(pdf: bytes, tmp_path) -> list[list[str]]:
    p = tmp_path / "f.pdf"
    p.write_bytes(pdf)
    out = subprocess.run(["pdffonts", str(p)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


# --- grading: one rule, written down in texts.grade -------------------------

def _with(a, statuses):
    fs = tuple(Finding(f"X-{i}", "ORG", st, sev, Msg("x")) for i, (st, sev) in enumerate(statuses))
    return dataclasses.replace(a, findings=fs)


def test_grade_of_the_fixture_is_non_compliant_because_a_high_obligation_fails():
    g = texts.grade(make_assessment())
    assert (g.level, g.met, g.applicable, g.high_fail) == ("fail", 2, 6, 1)


@pytest.mark.parametrize("statuses,level", [
    ([("pass", "high")] * 9 + [("fail", "low")], "pass"),            # 90 % met, no high failing
    ([("pass", "high")] * 8 + [("fail", "low")] * 2, "basic"),        # 80 %
    ([("pass", "high")] * 7 + [("unknown", "low")] * 3, "basic"),     # 70 %: unknown counts as not met
    ([("pass", "high")] * 6 + [("manual", "low")] * 4, "fail"),       # 60 %
    ([("pass", "low")] * 19 + [("fail", "high")], "fail"),            # 95 % but a high one fails
    ([("not_applicable", "high")] * 3, "none"),                       # nothing to grade
])
def test_grade_thresholds(statuses, level):
    assert texts.grade(_with(make_assessment(), statuses)).level == level


def test_an_answered_manual_obligation_counts_as_met():
    a = make_assessment()
    fs = (Finding("M-1", "ORG", "manual", "high", Msg("x"), answer=True),
          Finding("M-2", "ORG", "manual", "low", Msg("x"), answer=None))
    a = dataclasses.replace(a, findings=fs)
    g = texts.grade(a)
    assert (g.met, g.applicable) == (1, 2)
    assert [i.obligation_id for i in actionplan.action_items(a, translator("zh"))] == ["M-2"]


# --- action plan ----------------------------------------------------------

def test_action_plan_priorities_and_dates():
    items = actionplan.action_items(make_assessment(), translator("zh"))
    got = [(i.obligation_id, i.priority, i.due.isoformat(), i.due_suggested, i.overdue_days) for i in items]
    assert got == [
        ("EXAM-2", 1, "2026-02-01", False, 41),     # high severity and not met
        ("NOTICE-3", 1, "2026-03-04", False, 10),   # low but already late
        ("TRAIN-2", 2, "2026-05-01", False, 0),     # not met, not late
        ("MON-2", 3, "2026-06-12", True, 0),        # to be answered: as_of + 90 days, suggested
    ]


def test_action_plan_csv_has_bom_and_the_same_rows(tmp_path):
    a = make_assessment()
    data = actionplan.to_csv(a, translator("zh"))
    assert data.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["序号", "义务编号", "事项"]
    assert [r[1] for r in rows[1:]] == ["EXAM-2", "NOTICE-3", "TRAIN-2", "MON-2"]
    assert rows[1][5] == "1 紧急" and rows[4][6] == "2026-06-12 （建议）"
    assert rows[1][9] == ""  # owner left empty for the firm
    assert RAW_ID not in data.decode("utf-8-sig")


def test_action_plan_xlsx(tmp_path):
    from openpyxl import load_workbook

    p = tmp_path / "plan.xlsx"
    p.write_bytes(actionplan.to_xlsx(make_assessment(), translator("en")))
    ws = load_workbook(p).active
    assert ws.title == "Action plan"
    assert ws["A1"].value == "华木家具有限公司 Occupational health action plan"
    assert [c.value for c in ws[3]][:3] == ["No.", "Obligation", "Item"]
    assert [ws.cell(r, 2).value for r in range(4, ws.max_row + 1)] == ["EXAM-2", "NOTICE-3", "TRAIN-2", "MON-2"]
    assert ws.cell(4, 7).value.date().isoformat() == "2026-02-01"  # a real date cell
    assert ws.cell(4, 6).value == "1 Urgent"


# --- HTML: escaping and masking -------------------------------------------

def test_html_escapes_user_text_and_masks_ids():
    html = render_report_html(make_assessment(), "zh")
    assert "<img" not in html
    assert "赵&lt;img src=&#34;http://evil.example/x.png&#34;&gt;" in html
    assert RAW_ID not in html and MASKED_ID in html
    assert DIGEST in html
    assert "不合格" in html and "适用义务 6 项，符合 2 项（33.3%）" in html
    assert "GBZ 188-2014" in html and "2026.11" in html


def test_html_in_english():
    html = render_report_html(make_assessment(), "en")
    assert '<html lang="en">' in html
    assert "Occupational health self-assessment report" in html
    assert "Non-compliant" in html and "2 of 6 applicable obligations met (33.3%)" in html
    assert not re.search(r"[\u4e00-\u9fff]{2,}(?:报告|评级|义务)", html)  # no Chinese labels leak


# --- PDF ------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.skipif(not HAVE_POPPLER, reason="poppler-utils not installed")
def test_report_pdf_text_fonts_masking_and_no_fetch(tmp_path):
    from ohkit.render.pdf import make_fetcher

    fetcher = make_fetcher()
    html, pdf, warnings = render_report(make_assessment(), "zh", fetcher=fetcher)
    text = _pdftext(pdf, tmp_path)
    flat = re.sub(r"\s+", "", text)
    for s in ("职业卫生自查报告", "华木家具有限公司", "91330100MA2B3C4D5E", "不合格", "整改计划", "附录A",
              "王喆", "2026-02-01", "逾期41天", "自查人", "主要负责人", DIGEST):
        assert s in flat, s
    raw = re.sub(r"\s+", "", _pdftext(pdf, tmp_path, "-raw"))  # content order: each table cell in one piece
    assert raw.count('赵<imgsrc="http://evil.example/x.png">') >= 2   # the name is printed as text
    assert not re.search(r"(?<!\d)\d{17}[\dX](?!\d)", text)   # no 18-digit ID anywhere
    assert MASKED_ID in text
    # page header/footer: running header and "n / N" page numbers
    n_pages = text.count("\f")
    assert re.search(rf"\b1 ?/ ?{n_pages}\b", text) and re.search(rf"\b{n_pages} ?/ ?{n_pages}\b", text)
    assert "SHA-256 3f5a00000000" in text
    # only packaged fonts and data: were fetched, never the network
    assert fetcher.requested and all(u.startswith("file://") for u in fetcher.requested)
    assert not any(u.startswith(("http:", "https:")) for u in fetcher.requested + fetcher.refused)
    fonts = _pdffonts(pdf, tmp_path)
    assert fonts and all(row[-5] == "yes" for row in fonts), fonts    # emb column
    names = " ".join(r[0] for r in fonts)
    assert "OhkitSans" in names and "OhkitSans-Bold" in names
    # 䶮 is outside the bundled subset: a warning names it, and the system fallback draws it
    assert [w.code for w in warnings] == ["ren.font_missing"] and warnings[0].params["chars"] == "䶮"
    assert "䶮" in text


@pytest.mark.slow
def test_report_pdf_in_english(tmp_path):
    if not HAVE_POPPLER:
        pytest.skip("poppler-utils not installed")
    _, pdf, _ = render_report(make_assessment(), "en")
    flat = re.sub(r"\s+", " ", _pdftext(pdf, tmp_path))
    assert "Occupational health self-assessment report" in flat
    assert "Non-compliant" in flat and "Action plan" in flat and "Assessed by" in flat


def test_fetcher_refuses_the_network_and_files_outside_the_assets(tmp_path):
    from ohkit.render.pdf import ASSETS, make_fetcher

    f = make_fetcher()
    for url in ("http://evil.example/x.png", "https://example.com/a.css", "file:///etc/passwd",
                (tmp_path / "x.css").as_uri(), "ftp://example.com/x"):
        with pytest.raises(ValueError):
            f.fetch(url)
    assert len(f.refused) == 5
    r = f.fetch((ASSETS / "fonts" / "OFL.txt").as_uri())
    assert r is not None


def test_english_report_cites_articles_in_english():
    from ohkit.catalogue.citation import article_text

    assert article_text("第35条第2款", "en") == "Art. 35 ¶2"
    assert article_text("第20条第(1)项", "en") == "Art. 20 (1)"
    assert article_text("第35条第2款", "zh") == "第35条第2款"


def test_every_catalogue_citation_reads_in_english():
    import re

    from ohkit.catalogue import load_catalogue
    from ohkit.catalogue.citation import article_text

    assert article_text("附录一、二", "en") == "Annex I, II"
    cat = load_catalogue()
    left = {article_text(b.article, "en") for o in cat.obligations for b in o.basis}
    assert not [t for t in left if re.search(r"[\u4e00-\u9fff]", t)]
