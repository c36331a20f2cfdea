"""Guide defects from the second review (issue 5): the guide says what the catalogue and the CLI say."""
from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.fixture(scope="module")
def gen(tmp_path_factory) -> Path:
    from ohkit.site.build import build

    docs = tmp_path_factory.mktemp("g") / "docs"
    docs.mkdir()
    build(docs, cli=False, downloads=False, log=lambda s: None)
    return docs


def _read(p: Path) -> str:
    return p.read_text(encoding="utf-8")


def test_check_parameters_read_as_words(gen):
    """RULE-1 used to print 文件类别（`kinds`）：**管理制度|职业卫生管理制度、…**."""
    zh, en = _read(gen / "obligations" / "RULE-1.md"), _read(gen / "obligations" / "RULE-1.en.md")
    assert "文件类别：**管理制度 或 职业卫生管理制度；操作规程 或 岗位操作规程**" in zh
    assert "`kinds`" not in zh and "`kinds`" not in en
    assert " or " in en.split("Values used:")[1]
    for p in (gen / "obligations").glob("*.md"):
        for line in _read(p).splitlines():
            if line.startswith("- ") and "**" in line:
                assert "|" not in line.split("**")[1], (p.name, line)


def test_area_names_are_the_catalogues(gen):
    from ohkit.catalogue import load_catalogue

    cat = load_catalogue()
    idx_zh, idx_en = _read(gen / "obligations" / "index.md"), _read(gen / "obligations" / "index.en.md")
    for key in cat.area_order():
        t = cat.area_title(key)
        assert f"## {t['zh']} ({key})" in idx_zh, key
        assert f"## {t['en']} ({key})" in idx_en, key
    assert idx_zh.index("(ORG)") < idx_zh.index("(RULE)") < idx_zh.index("(RAD)")
    assert f"[{cat.area_title('MON')['zh']}]" in _read(gen / "obligations" / "MON-2.md")


def test_report_uses_the_same_area_names():
    from ohkit.catalogue import load_catalogue
    from ohkit.i18n import translator
    from ohkit.render.report import report_context
    from test_render_fixture import make_assessment

    cat = load_catalogue()
    for lang in ("zh", "en"):
        ctx = report_context(make_assessment(), translator(lang))
        names = {r["area"]: r["name"] for r in ctx["areas"]}
        assert names["MON"] == cat.area_title("MON")[lang] and names["EXAM"] == cat.area_title("EXAM")[lang]


def _guide_signs(page: str) -> list[str]:
    out = []
    for label in ("警告标识", "指令标识"):  # **警告标识：**当心粉尘 · **指令标识：**戴防尘口罩
        m = re.search(rf"\*\*{label}：\*\*(.*?)(?: · |$)", page, re.M)
        v = m.group(1).strip() if m else "—"
        out += [] if v == "—" else v.split("、")
    return out


def test_card_signs_match_the_guide_page_for_every_hazard(gen):
    from ohkit.model import PostHazard, PostSummary
    from ohkit.render import texts
    from ohkit.render.cards import render_cards_html
    from test_render_fixture import make_assessment

    hz = texts.hazards()
    ids = sorted(hz)
    post = PostSummary("P9", "全部", None, tuple(
        PostHazard(k, texts.g(hz[k], "zh", k), texts.g(hz[k], "en", k), texts.g(hz[k], "category", "other"))
        for k in ids), exposed=1)
    html = render_cards_html(dataclasses.replace(make_assessment(), posts=(post,)), "zh", for_pdf=False)
    cells = [c.split("</td>")[0] for c in html.split('class="hz-signs">')[1:]]
    assert len(cells) == len(ids)
    for k, cell in zip(ids, cells):
        card = re.findall(r'<div class="cap">(.*?)</div>', cell)
        assert card == _guide_signs(_read(gen / "hazards" / f"{k}.md")), k
    assert _guide_signs(_read(gen / "hazards" / "microwave.md")) == []


NUMBERS_ZH = ["15 天", "13 个月", "30 天内", "90 天内", "85 dB", "每年检测一次", "每三年"]
NUMBERS_EN = ["15 days", "13 months", "within 30 days", "last 90 days", "85 dB", "every three years", "every 3 years"]


def test_hand_written_pages_do_not_repeat_catalogue_values():
    for name in ("yearly-cycle", "what-must-my-firm-do"):
        zh, en = _read(DOCS / f"{name}.md"), _read(DOCS / f"{name}.en.md")
        assert not [n for n in NUMBERS_ZH if n in zh], name
        assert not [n for n in NUMBERS_EN if n in en], name


def test_faq_uses_the_clis_words_for_cannot_tell():
    from ohkit.i18n import translator
    from ohkit.render import texts

    zh_word = translator("zh").gettext(texts.STATUS["unknown"])
    en_word = translator("en").gettext(texts.STATUS["unknown"])
    zh, en = _read(DOCS / "faq.md"), _read(DOCS / "faq.en.md")
    assert f"结论是“{zh_word}”是什么意思" in zh and "不确定" not in zh
    assert f'"{en_word}"' in en and 'result "unknown"' not in en
    for p in DOCS.glob("*.md"):
        assert "不确定（unknown）" not in _read(p), p.name
