"""The guide's page 行业起步包 / Sector starter packs, in the site built once per session
(tests/site_build.py: a fresh clone's docs/, `mkdocs build --strict`, the hook generates).

Each pack is on the page in both languages with its posts and hazards (linked to the hazard pages,
one confidence mark each) and its records.xlsx and firm-folder zip to download; the downloads are
the bytes `ohkit init DIR --sector ID` writes; the page is in the navigation next to the templates
page, which links to it.
"""
from __future__ import annotations

import html
import io
import re
import tempfile
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook

from ohkit.catalogue.sectors import load_sectors
from ohkit.records.templates import sector_rows, write_templates

pytestmark = pytest.mark.slow

SECTORS = load_sectors()
LANG_BASE = {"zh": "", "en": "en/"}


def _page(built, lang: str) -> str:
    return (built["site"] / LANG_BASE[lang] / "sectors" / "index.html").read_text(encoding="utf-8")


def _nav_links(page_html: str) -> list[str]:
    """The navigation's page links in order (no in-page anchors)."""
    return [h for h in re.findall(r'<a href="([^"]+)" class="md-nav__link', page_html) if not h.startswith("#")]


def _hrefs(page_html: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'href="([^"]+)"', page_html)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_page_lists_every_pack_with_linked_hazards(built, lang):
    page = _page(built, lang)
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert ("这些是典型条目" if lang == "zh" else "Typical entries, not your firm's") in text
    hrefs = _hrefs(page)
    base = built["site"] / LANG_BASE[lang] / "sectors"
    for s in SECTORS:
        assert f'id="{s.id}"' in page
        assert s.name.pick(lang) in text
        for p in s.posts:
            assert p.name.pick(lang) in text
            for h in p.hazards:
                links = [x for x in hrefs if x.rstrip("/").endswith(f"hazards/{h.hazard}")]
                assert links, (s.id, h.hazard)
                assert (base / unquote(links[0]) / "index.html").resolve().is_file(), links[0]
        for code, _name in s.industries:
            assert code in text
        for c in s.check:
            assert c.pick(lang) in text
    # one mark per hazard: confirmed ones green, the others the warning mark
    n_hazards = sum(len(p.hazards) for s in SECTORS for p in s.posts)
    n_cond = sum(1 for s in SECTORS for _c in s.conditional)
    marks = re.findall(r'class="twemoji ohkit-(ok|warn)"', page)
    assert len(marks) >= n_hazards + n_cond
    n_confirmed = sum(1 for s in SECTORS for p in s.posts for h in p.hazards if h.confidence == "confirmed")
    assert 0 < marks.count("ok") and n_confirmed <= marks.count("ok") < len(marks) // 2


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_downloads_exist_and_are_what_init_writes(built, lang):
    page = _page(built, lang)
    base = built["site"] / LANG_BASE[lang] / "sectors"
    sheet = "岗位危害" if lang == "zh" else "posts"
    for s in SECTORS:
        for name in (f"{s.id}-records.xlsx", f"{s.id}-starter.zip"):
            assert f'href="{name}"' in page, name
            assert (base / name).is_file(), base / name
        wb = load_workbook(base / f"{s.id}-records.xlsx")
        got = [[c.value for c in row[:4]] for row in wb[sheet].iter_rows(min_row=2, max_row=wb[sheet].max_row)]
        assert got == [[r["post_id"], r["post"], r["workplace"], r["hazard"]] for r in sector_rows(s, lang)]
        with tempfile.TemporaryDirectory() as tmp:
            firm = Path(tmp) / ("我的工厂" if lang == "zh" else "my-firm")
            write_templates(firm, lang=lang, sector=s.id)
            with zipfile.ZipFile(base / f"{s.id}-starter.zip") as zf:
                for p in firm.iterdir():
                    assert zf.read(f"{firm.name}/{p.name}") == p.read_bytes(), p.name
            assert (base / f"{s.id}-records.xlsx").read_bytes() == (firm / "records.xlsx").read_bytes()
        load_workbook(io.BytesIO((base / f"{s.id}-records.xlsx").read_bytes()))


def test_page_is_in_the_navigation_next_to_the_templates_page(built):
    for lang, label in (("zh", "行业起步包"), ("en", "Sector starter packs")):
        other = (built["site"] / LANG_BASE[lang] / "yearly-cycle" / "index.html").read_text(encoding="utf-8")
        links = _nav_links(other)
        assert links.count("../sectors/") == 1, links[:12]
        assert links[links.index("../templates/") + 1] == "../sectors/", links[:12]
        assert label in other
        # and the templates page links to it from its text
        tpl = (built["site"] / LANG_BASE[lang] / "templates" / "index.html").read_text(encoding="utf-8")
        assert 'href="../sectors/"' in tpl


@pytest.mark.parametrize("width", [390, 1280])
def test_page_fits_the_screen_and_its_downloads_load(built, server, browser, width):
    """On a phone the page does not scroll sideways (the wide tables scroll inside themselves);
    every download link of both languages answers 200 from the served copy."""
    from urllib.parse import urljoin

    from site_build import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    ctx = browser.new_context(viewport={"width": width, "height": 844 if width < 500 else 900},
                              locale="zh-CN", device_scale_factor=1)
    page = ctx.new_page()
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    for lang in ("zh", "en"):
        url = server + LANG_BASE[lang] + "sectors/"
        page.goto(url, wait_until="networkidle")
        sw = page.evaluate("document.documentElement.scrollWidth")
        page.screenshot(path=str(ARTIFACTS / f"sectors-{lang}-{width}.png"), full_page=False)
        assert sw <= width, f"{url}: page is {sw} px wide on a {width} px screen"
        hrefs = page.eval_on_selector_all("article a[href$='.xlsx'], article a[href$='.zip']",
                                          "els => els.map(e => e.getAttribute('href'))")
        assert len(hrefs) == 2 * len(SECTORS), hrefs
        for h in hrefs:
            status = page.evaluate("u => fetch(u).then(r => r.status)", urljoin(url, h))
            assert status == 200, (lang, h, status)
    ctx.close()
    assert not failed, failed
