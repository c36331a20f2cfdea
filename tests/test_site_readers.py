"""The guide read as its readers read it (issue 11): a worker on a phone who scanned a notice
card, a manager, an inspector checking a source; in both languages, from a copy served under a
foreign path. The site is the one tests/site_build.py builds (shared with tests/test_site.py).
Screenshots go to test-artifacts/site/; the search results are printed.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from site_build import ARTIFACTS, say, search_hrefs, server_log  # fixtures built, server, browser: tests/conftest.py

pytestmark = pytest.mark.slow
CJK = re.compile(r"[\u4e00-\u9fff]")


def _article(path: Path, drop_zh: bool = False, drop_code: bool = False) -> str:
    """The visible text of a page's article (and its footer), tags removed."""
    s = path.read_text(encoding="utf-8")
    s = re.sub(r"<(script|style)\b.*?</\1>", "", s, flags=re.S)
    if drop_code:
        s = re.sub(r"<(pre|code)\b.*?</\1>", "", s, flags=re.S)
    m = re.search(r"<article\b.*?</article>", s, flags=re.S)
    body = m.group(0) if m else s
    if drop_zh:  # the Chinese names an English page shows on purpose (what the card prints)
        body = re.sub(r'<(span|p) lang="zh"[^>]*>.*?</\1>', "", body, flags=re.S)
    body = re.sub(r'\stitle="[^"]*"', "", body)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


# ---------------------------------------------------------------------------
# Hazard pages: the worker first
# ---------------------------------------------------------------------------


def test_hazard_page_puts_harm_protection_and_first_aid_first(built):
    s = (built["site"] / "hazards" / "silica_dust" / "index.html").read_text(encoding="utf-8")
    first_h2 = s.index('id="health"')
    for label in ("对你的健康有什么危害", "怎样保护自己", "感到不适或出现意外时"):
        assert 0 < s.index(label) < first_h2, label
    assert "KN95" in s[:first_h2]  # the card's protection text itself, not a link to it


def test_limits_tables_are_headed_for_the_kind_of_hazard(built):
    def header(hid: str, lang: str = "zh") -> str:
        base = built["site"] / ("en" if lang == "en" else "")
        s = (base / "hazards" / hid / "index.html").read_text(encoding="utf-8")
        part = s[s.index('id="limits"'):s.index('id="exams"')]
        return " ".join(re.findall(r"<th[^>]*>(.*?)</th>", part))

    assert "粉尘类别" in header("silica_dust")
    for hid in ("noise", "heat", "benzene"):
        assert "粉尘" not in header(hid), (hid, header(hid))
    assert "适用情形" in header("noise") and "Applies to" in header("noise", "en")
    assert "8小时等效声级" in _article(built["site"] / "hazards" / "noise" / "index.html")


def test_hazard_pages_show_no_internal_keys_or_data_model_words(built, catalogue_hazards):
    bad = []
    for hid in catalogue_hazards:
        for lang, base in (("zh", built["site"]), ("en", built["site"] / "en")):
            text = _article(base / "hazards" / hid / "index.html")
            for word in ("peak", "a_hw4", "LEX8h", "radiant_exposure", hid if "_" in hid else "\0",
                         "周期为0", "D级", "OEL", "tier D"):
                if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text):
                    bad.append(f"{lang}:{hid}: {word}")
    assert not bad, bad[:20]


def test_provenance_notes_are_said_once_per_page(built):
    text = _article(built["site"] / "hazards" / "silica_dust" / "index.html")
    note = "矽尘的体检周期原文未找到"
    assert text.count(note) == 1, text.count(note)
    s = (built["site"] / "hazards" / "silica_dust" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<details class=\"info\"[^>]*>\s*<summary>这些数值的出处", s)  # folded away


@pytest.fixture(scope="module")
def catalogue_hazards() -> list[str]:
    from ohkit.catalogue import load_catalogue

    return [h.id for h in load_catalogue().hazards]


# ---------------------------------------------------------------------------
# One site per language
# ---------------------------------------------------------------------------


def test_english_pages_carry_no_untranslated_chinese(built):
    bad = []
    en = built["site"] / "en"
    for page in sorted((en / "hazards").rglob("index.html")) + sorted((en / "obligations").rglob("index.html")):
        text = _article(page, drop_zh=True)
        for m in CJK.finditer(text):
            bad.append(f"{page.relative_to(en)}: …{text[max(0, m.start() - 30):m.end() + 10]}…")
            break
    assert not bad, f"{len(bad)} English pages with Chinese: " + "\n".join(bad[:15])


def test_english_advice_uses_the_english_workbook_values(built):
    text = _article(built["site"] / "en" / "obligations" / "EXAM-1" / "index.html")
    assert "pre-employment" in text and "上岗前" not in text


def test_chinese_pages_use_chinese_quotes(built):
    bad = []
    for page in sorted(built["site"].rglob("index.html")):
        if "/en/" in page.as_posix() or "/assets/" in page.as_posix():
            continue
        text = _article(page, drop_code=True)  # commands keep their ASCII quotes
        for m in re.finditer(r'"([^"\n]{1,30})"', text):
            if CJK.search(m.group(1)):
                bad.append(f"{page.relative_to(built['site'])}: {m.group(0)}")
    assert not bad, bad[:20]


def test_footer_and_404_speak_the_page_language(built):
    zh = (built["site"] / "index.html").read_text(encoding="utf-8")
    en = (built["site"] / "en" / "index.html").read_text(encoding="utf-8")
    assert "不构成法律意见" in zh and "Made with" not in zh
    assert "not legal advice" in en
    p404 = (built["site"] / "404.html").read_text(encoding="utf-8")
    assert '<html lang="zh"' in p404 and "找不到这个页面" in p404
    e404 = (built["site"] / "en" / "404.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in e404 and "Page not found" in e404


def test_one_search_index_per_language(built):
    zh = json.loads((built["site"] / "search" / "search_index.json").read_text(encoding="utf-8"))
    en = json.loads((built["site"] / "en" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert zh["docs"] and en["docs"]
    assert not any(d["location"].startswith("en/") for d in zh["docs"])
    # 告知卡 and 体检 stay words (jieba cuts the text at build time; \u200b marks the cuts)
    text = " ".join(d["text"] for d in zh["docs"])
    assert "告知卡" in text.split("\u200b") or re.search(r"(^|\u200b)告知卡(\u200b|$)", text)


def test_generated_pages_are_in_the_navigation(built):
    s = (built["site"] / "obligations" / "EXAM-2" / "index.html").read_text(encoding="utf-8")
    assert 'class="md-path"' in s  # breadcrumb
    assert 'rel="prev"' in s and 'rel="next"' in s
    nav = s[s.index('class="md-nav md-nav--primary'):]
    assert "职业健康检查" in nav and 'href="../EXAM-3/"' in nav
    h = (built["site"] / "en" / "hazards" / "noise" / "index.html").read_text(encoding="utf-8")
    assert "Physical" in h[h.index('class="md-path"'):h.index('class="md-path"') + 2000]
    assert "do not edit this page" not in s and "请勿手工修改" not in s


def test_every_get_started_page_is_listed_under_get_started(built):
    """Material's navigation.indexes takes any index.md among a section's pages as the section's
    own page: the generated examples/index.md was hidden that way (入门 linked to it, 成品示例
    was not listed)."""
    for base, started, names in ((built["site"], "入门", ("成品示例", "打印清单", "托管服务单位")),
                                 (built["site"] / "en", "Get started", ("What you get", "Printable checklists",
                                                                       "Hosted service providers"))):
        s = (base / "using-ohkit" / "index.html").read_text(encoding="utf-8")
        nav = s[s.index('class="md-nav md-nav--primary'):s.index('class="md-content"')]  # not the breadcrumb
        links = re.findall(r'<a href="([^"]+)"[^>]*>\s*<span class="md-ellipsis">\s*([^<]+?)\s*</span>', nav)
        titles = [t for _h, t in links]
        for name in names:
            assert name in titles, (name, titles)
        assert started not in titles, "the section itself links to one of its pages"
        assert dict((t, h) for h, t in links)[names[0]].rstrip("/").endswith("examples")


def test_sources_page_links_official_texts_first(built):
    s = (built["site"] / "sources" / "index.html").read_text(encoding="utf-8")
    docs = s[s.index('id="documents"'):s.index('id="sources"')]
    assert "https://flk.npc.gov.cn/" in docs and "https://www.gov.cn/zhengce/zhengceku/" in docs
    law_row = docs[docs.index('id="doc-law"'):docs.index("</tr>", docs.index('id="doc-law"'))]
    assert "flk.npc.gov.cn" in law_row and "中华人民共和国职业病防治法" in law_row
    hosts = {urlsplit(u).hostname for u in re.findall(r'href="(https?://[^"]+)"', docs)}
    assert all(h.endswith("gov.cn") for h in hosts), hosts  # the documents table: official sites only
    research = s[s.index('id="sources"'):]
    assert "第三方转载" in research  # every mirror is marked as one


# ---------------------------------------------------------------------------
# In the browser
# ---------------------------------------------------------------------------


def _context(browser, width: int):  # noqa: ANN001, ANN202
    return browser.new_context(viewport={"width": width, "height": 844 if width < 500 else 900},
                               locale="zh-CN", device_scale_factor=1)


def _watch(page, server: str) -> list[str]:  # noqa: ANN001
    """Requests to other hosts and failed requests of a page."""
    bad: list[str] = []
    host = urlsplit(server).netloc
    page.on("request", lambda r: bad.append(f"other host: {r.url}") if urlsplit(r.url).netloc not in (host, "")
            and not r.url.startswith(("data:", "blob:")) else None)
    page.on("response", lambda r: bad.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("pageerror", lambda e: bad.append(f"page error: {e}"))
    return bad


@pytest.mark.parametrize("width", [390, 1280])
def test_hazard_and_sources_pages_fit_the_screen(built, server, browser, width):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    ctx = _context(browser, width)
    page = ctx.new_page()
    bad = _watch(page, server)
    for path, name in (("hazards/silica_dust/", "hazard-silica"), ("hazards/noise/", "hazard-noise"),
                       ("en/hazards/benzene/", "hazard-benzene-en"), ("sources/", "sources"),
                       ("examples/", "examples")):
        page.goto(server + path, wait_until="networkidle")
        sw = page.evaluate("document.documentElement.scrollWidth")
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=width < 500)
        assert sw <= width, f"{path}: page is {sw} px wide on a {width} px screen"
    ctx.close()
    assert not bad, bad


def test_a_copy_under_another_path_works_and_asks_no_other_host(built, server, browser):
    ctx = _context(browser, 1280)
    page = ctx.new_page()
    bad = _watch(page, server)
    log = server_log[server]
    start = len(log)
    page.goto(server, wait_until="networkidle")
    for lang_to, expect in (("en", "/mirror/guide/en/"), ("zh", "/mirror/guide/")):
        link = page.locator(f'.md-select a[hreflang="{lang_to}"]').first
        href = link.get_attribute("href")
        assert not href.startswith(("/", "http")), href
        page.goto(urljoin(page.url, href), wait_until="networkidle")
        assert urlsplit(page.url).path == expect, page.url
    page.goto(server + "hazards/noise/", wait_until="networkidle")
    href = page.locator('.md-select a[hreflang="en"]').first.get_attribute("href")
    page.goto(urljoin(page.url, href), wait_until="networkidle")
    assert urlsplit(page.url).path == "/mirror/guide/en/hazards/noise/"
    assert page.locator("html").get_attribute("lang") == "en"
    ctx.close()
    missing = [(p, c) for p, c in log[start:] if c >= 400]
    assert not missing, f"requests that failed: {missing}"  # e.g. no sitemap.xml next to each page
    assert not bad, bad


def test_404_page_in_each_language(built, server, browser):
    ctx = _context(browser, 1280)
    page = ctx.new_page()
    r = page.goto(server + "no-such-page/", wait_until="domcontentloaded")
    assert r.status == 404
    assert page.locator("html").get_attribute("lang") == "zh"
    assert "找不到这个页面" in page.inner_text("article h1")
    page.screenshot(path=str(ARTIFACTS / "404-zh.png"))
    r = page.goto(server + "en/404.html", wait_until="domcontentloaded")
    assert page.locator("html").get_attribute("lang") == "en" and "Page not found" in page.inner_text("article h1")
    ctx.close()


def _search(page, server: str, lang: str, query: str) -> list[str]:  # noqa: ANN001
    return search_hrefs(page, server + ("en/" if lang == "en" else ""), query, wait_until="networkidle")


def test_search_finds_the_duty_pages_first_in_each_language(built, server, browser, request):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    ctx = _context(browser, 1280)
    page = ctx.new_page()
    bad = _watch(page, server)
    found = {}
    for lang, query, slug in (("zh", "体检", "tijian"), ("zh", "告知卡", "gaozhika"), ("zh", "噪声", "zaosheng"),
                              ("zh", "申报", "shenbao"), ("en", "noise", "noise")):
        hrefs = _search(page, server, lang, query)
        page.screenshot(path=str(ARTIFACTS / f"search-{slug}-{lang}.png"))
        paths = [urlsplit(h).path.replace("/mirror/guide/", "/") for h in hrefs]
        found[(lang, query)] = paths
        say(request, f"[site] search {lang} {query!r}: " + ", ".join(paths[:5]))
        assert paths, (lang, query)
        in_lang = [p.startswith("/en/") for p in paths]
        assert all(in_lang) if lang == "en" else not any(in_lang), (lang, query, paths)
    ctx.close()
    assert re.match(r"/obligations/EXAM-[123]/", found[("zh", "体检")][0]), found[("zh", "体检")]
    assert re.match(r"/obligations/NOTICE-[34]/", found[("zh", "告知卡")][0]), found[("zh", "告知卡")]
    assert found[("zh", "噪声")][0].startswith("/hazards/noise/"), found[("zh", "噪声")]
    assert found[("zh", "申报")][0].startswith("/obligations/DECL-"), found[("zh", "申报")]
    assert found[("en", "noise")][0].startswith("/en/hazards/noise/"), found[("en", "noise")]
    assert not bad, bad


def test_the_pictures_of_report_and_card_are_shown(built, server, browser):
    ex = built["site"] / "examples"
    if not (ex / "report-1.png").is_file():
        pytest.skip("pdftoppm (poppler-utils) is missing: the guide was built without pictures")
    ctx = _context(browser, 1280)
    page = ctx.new_page()
    for path in ("examples/", "en/examples/"):
        page.goto(server + path, wait_until="networkidle")
        page.evaluate("() => document.querySelectorAll('img').forEach(i => { i.loading = 'eager'; })")
        page.wait_for_function("() => [...document.querySelectorAll('.ohkit-shots img')].every(i => i.complete)",
                               timeout=20000)
        sizes = page.eval_on_selector_all(".ohkit-shots img", "els => els.map(e => [e.getAttribute('src'), e.naturalWidth])")
        assert len(sizes) >= 3 and all(w >= 600 for _, w in sizes), (path, sizes)
        for key in ("report.pdf", "cards.pdf", "action-plan.xlsx", "furniture-example.zip"):
            assert page.locator(f'a[href="{key}"]').count() >= 1, (path, key)
    ctx.close()


def test_captured_cli_output_lines_up(built, server, browser):
    ctx = _context(browser, 1280)
    page = ctx.new_page()
    page.goto(server + "using-ohkit/", wait_until="networkidle")
    w = page.evaluate("""() => {
        const code = document.querySelector('.ohkit-term code');
        const probe = document.createElement('span'); probe.textContent = 'MM'; code.appendChild(probe);
        const two = probe.getBoundingClientRect().width; probe.remove();
        const wide = [...document.querySelectorAll('.ohkit-term .w2')].map(e => e.getBoundingClientRect().width);
        return {two, wide: [...new Set(wide.map(x => Math.round(x * 10) / 10))]};
    }""")
    ctx.close()
    assert w["wide"] and all(abs(x - w["two"]) < 0.6 for x in w["wide"]), w
