"""The guide: generated from the catalogue, built with `mkdocs build --strict`, checked in Chromium.

The site is built once per module into a temporary folder (a copy of mkdocs.yml and the
hand-written docs/, then `python -m ohkit.site build`, then `mkdocs build --strict`), and
the build times are printed. Screenshots go to test-artifacts/site/.
"""
from __future__ import annotations

import html
import html.parser
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


from site_build import say as _say  # noqa: E402


from site_build import ARTIFACTS, CHROMIUM, ENV  # noqa: E402,F401 - fixtures: tests/conftest.py


@pytest.fixture(scope="module")
def catalogue():
    from ohkit.catalogue import load_catalogue

    return load_catalogue()


def _html(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _text(path: Path) -> str:
    import re

    return html.unescape(re.sub(r"<[^>]+>", "", _html(path)))


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.h1: list[str] = []
        self._in_h1 = False
        self.lang = None

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if a.get("id"):
            self.ids.add(a["id"])
        if a.get("name") and tag == "a":
            self.ids.add(a["name"])
        if tag in ("a", "link") and a.get("href") is not None:
            self.hrefs.append(a["href"])
        if tag in ("script", "img") and a.get("src"):
            self.hrefs.append(a["src"])
        if tag == "h1":
            self._in_h1 = True

    def handle_endtag(self, tag):  # noqa: ANN001
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):  # noqa: ANN001
        if self._in_h1:
            self.h1.append(data)


def _parse(path: Path) -> _Links:
    p = _Links()
    p.feed(_html(path))
    return p


# ---------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------


def test_mkdocs_build_alone_generates_the_pages_and_passes_strict(built):
    """A fresh clone: only the hand-written docs/, then `mkdocs build --strict` (the hook generates)."""
    assert built["mkdocs"].returncode == 0, built["mkdocs"].stderr[-5000:]
    assert "ohkit: generating the catalogue pages" in built["mkdocs"].stderr
    assert (built["docs"] / "obligations" / "EXAM-1.md").is_file()
    assert (built["site"] / "index.html").is_file()
    assert (built["site"] / "en" / "index.html").is_file()


def test_generator_leaves_hand_written_pages_alone(tmp_path):
    """Generating twice into a docs folder keeps hand pages and drops stale generated pages."""
    from ohkit.site.build import build

    docs = tmp_path / "docs"
    (docs / "obligations").mkdir(parents=True)
    (docs / "obligations" / "GONE-1.md").write_text("# stale\n", encoding="utf-8")
    (docs / "index.md").write_text("# hand\n", encoding="utf-8")
    rep = build(docs, cli=False, downloads=False, log=lambda s: None)
    assert (docs / "index.md").read_text(encoding="utf-8") == "# hand\n"
    assert not (docs / "obligations" / "GONE-1.md").exists()
    assert rep.pages and all((docs / p).is_file() for p in rep.pages)


# ---------------------------------------------------------------------------
# Every obligation and hazard has a page in both languages
# ---------------------------------------------------------------------------


def test_every_obligation_has_a_page_in_both_languages(built, catalogue):
    assert catalogue.obligations, "the obligation catalogue is empty"
    missing = []
    for o in catalogue.obligations:
        for lang, base in (("zh", built["site"]), ("en", built["site"] / "en")):
            page = base / "obligations" / o.id / "index.html"
            if not page.is_file():
                missing.append(f"{lang}:{o.id}")
                continue
            p = _parse(page)
            h1 = "".join(p.h1)
            assert p.lang == lang, (page, p.lang)
            assert o.id in h1, (page, h1)
            title = o.title.pick(lang)
            assert title and title in h1, (page, h1, title)
    assert not missing, missing


def test_every_hazard_has_a_page_in_both_languages(built, catalogue):
    assert catalogue.hazards
    missing = []
    for h in catalogue.hazards:
        for lang, base in (("zh", built["site"]), ("en", built["site"] / "en")):
            page = base / "hazards" / h.id / "index.html"
            if not page.is_file():
                missing.append(f"{lang}:{h.id}")
                continue
            p = _parse(page)
            assert p.lang == lang
            assert h.zh in "".join(p.h1), (page, p.h1)
            for anchor in ("health", "limits", "exams", "card"):
                assert anchor in p.ids, (page, anchor)
    assert not missing, missing


def test_obligation_page_shows_basis_with_confidence_and_check(built, catalogue):
    o = next((o for o in catalogue.obligations if o.basis), None)
    if o is None:
        pytest.skip("no obligation with a legal basis in the catalogue yet")
    text = _html(built["site"] / "obligations" / o.id / "index.html")
    b = o.basis[0]
    if b.article:
        assert b.article in text
    assert ("已确认" if b.confidence == "confirmed" else "未确认") in text
    en = _html(built["site"] / "en" / "obligations" / o.id / "index.html")
    assert ("confirmed" if b.confidence == "confirmed" else "unconfirmed") in en
    assert f"<code>{o.check.kind}</code>" in en or o.check.kind == "manual"
    for anchor in ("duty", "applies", "basis", "evidence", "check", "penalty"):
        assert f'id="{anchor}"' in text


def test_unconfirmed_obligations_are_marked(built, catalogue):
    unconf = [o for o in catalogue.obligations if o.confidence == "unconfirmed"]
    if not unconf:
        pytest.skip("no unconfirmed obligation in the catalogue")
    for o in unconf:
        assert "ohkit-warn" in _html(built["site"] / "obligations" / o.id / "index.html"), o.id


def test_decision_page_lists_every_obligation(built, catalogue):
    for lang, base in (("zh", built["site"]), ("en", built["site"] / "en")):
        text = _html(base / "what-must-my-firm-do" / "index.html")
        for o in catalogue.obligations:
            assert f"obligations/{o.id}/" in text, (lang, o.id)
        assert 'id="flag-always"' in text and 'id="flag-serious"' in text


def test_hazard_index_and_sources_page(built, catalogue):
    idx = _html(built["site"] / "hazards" / "index.html")
    for h in catalogue.hazards:
        assert f'href="{h.id}/"' in idx, h.id
    src = _parse(built["site"] / "sources" / "index.html")
    for s in catalogue.sources:
        assert s.key in src.ids, s.key
    assert "confidence" in src.ids


# ---------------------------------------------------------------------------
# Downloads and captured CLI output
# ---------------------------------------------------------------------------


def test_template_downloads_come_from_write_templates(built):
    from ohkit.records.templates import write_templates

    import yaml

    for base in (built["site"], built["site"] / "en"):
        wb = base / "downloads" / "records.xlsx"
        assert zipfile.is_zipfile(wb), wb
        with zipfile.ZipFile(base / "downloads" / "ohkit-csv-templates.zip") as zf:
            names = zf.namelist()
        assert "enterprise.yaml" in [Path(n).name for n in names]
        assert any(n.endswith(".csv") for n in names)
        yaml.safe_load((base / "downloads" / "enterprise.yaml").read_text(encoding="utf-8"))
    # the same files as `ohkit init` writes
    from ohkit.site.build import TEMPLATE_FIRM

    ref = built["work"] / "ref" / TEMPLATE_FIRM["zh"]
    write_templates(ref, csv=True, lang="zh")
    with zipfile.ZipFile(built["site"] / "downloads" / "ohkit-csv-templates.zip") as zf:
        for p in ref.rglob("*"):
            if p.is_file():
                assert zf.read(p.relative_to(ref).as_posix()) == p.read_bytes(), p.name
    html_zh = _html(built["site"] / "templates" / "index.html")
    assert 'href="../downloads/records.xlsx"' in html_zh
    assert 'id="table-workers"' in html_zh and "工号" in html_zh


def test_cli_output_is_captured_for_every_existing_command(built):
    from ohkit.site.capture import COMMANDS, command_exists

    status = json.loads((built["docs"] / "_snippets" / "cli-status.json").read_text(encoding="utf-8"))
    page_zh = _text(built["site"] / "using-ohkit" / "index.html")
    page_en = _text(built["site"] / "en" / "using-ohkit" / "index.html")
    bad = []
    for name in COMMANDS:
        if not command_exists(name):
            assert f"ohkit {name}" in page_zh  # the page says it is not available yet
            continue
        for lang, run in status[name]["runs"].items():
            if not run["ok"]:
                bad.append((name, lang, run))
        assert f"$ ohkit {name} " in page_zh, name
        assert f"$ ohkit {name} " in page_en and "--lang en" in page_en, name
    # the real output, not a placeholder: e.g. the example firm's name from its enterprise.yaml
    if command_exists("assess"):
        assert "ruleset" in page_en.lower() or "规则版本" in page_zh
    assert not bad, bad


# ---------------------------------------------------------------------------
# Links
# ---------------------------------------------------------------------------


def test_no_broken_links_or_anchors(built):
    site = built["site"]
    pages = sorted(site.rglob("*.html"))
    parsed = {p: _parse(p) for p in pages}
    broken = []
    checked = 0
    for page, links in parsed.items():
        if page.name == "404.html":
            continue
        for href in links.hrefs:
            u = urlsplit(href)
            if u.scheme or href.startswith("//") or href.startswith(("mailto:", "javascript:", "data:")):
                continue
            if not u.path:  # same-page fragment
                target = page
            else:
                path = unquote(u.path)
                target = (site / path.lstrip("/")) if path.startswith("/") else (page.parent / path)
                target = target.resolve()
                if target.is_dir() or path.endswith("/"):
                    target = target / "index.html"
            checked += 1
            if not target.exists():
                broken.append(f"{page.relative_to(site)} -> {href}")
                continue
            frag = unquote(u.fragment)
            if frag and target.suffix == ".html":
                ids = parsed.get(target) or _parse(target)
                if frag not in ids.ids:
                    broken.append(f"{page.relative_to(site)} -> {href} (no #{frag})")
    assert checked > 1000
    assert not broken, "\n".join(broken[:50])


# ---------------------------------------------------------------------------
# In the browser (Debian's Chromium through Playwright; never `playwright install`)
# ---------------------------------------------------------------------------


CJK_FAMILY = ("CJK", "Hei", "Han Sans", "Sans SC", "YaHei", "PingFang", "WenQuanYi", "Droid Sans Fallback")


def _platform_fonts(page, selector: str) -> list[dict]:
    """The fonts Chromium actually used for the text of an element (CSS.getPlatformFontsForNode)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})
    node = cdp.send("DOM.querySelector", {"nodeId": root["root"]["nodeId"], "selector": selector})
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
    cdp.detach()
    return fonts


def _assert_cjk_rendered(page, selector: str) -> str:
    text = page.inner_text(selector)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in text), text
    fonts = _platform_fonts(page, selector)
    cjk = [f for f in fonts if any(k.lower() in f["familyName"].lower() for k in CJK_FAMILY)]
    assert cjk and sum(f["glyphCount"] for f in cjk) > 0, f"no CJK font rendered {text!r}: {fonts}"
    return ", ".join(f"{f['familyName']} ({f['glyphCount']})" for f in fonts)


def test_browser_renders_chinese_and_search_finds_exam_pages(built, server, browser, catalogue, request):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: errors.append(f"request failed: {r.url}"))

    page.goto(server, wait_until="networkidle")
    assert page.locator("html").get_attribute("lang") == "zh"
    fonts = _assert_cjk_rendered(page, "article h1")
    _say(request, f"[site] home h1 rendered with: {fonts}")
    page.screenshot(path=str(ARTIFACTS / "home-zh.png"), full_page=False)

    exam = next((o for o in catalogue.obligations if o.area == "EXAM"), catalogue.obligations[0])
    page.goto(f"{server}obligations/{exam.id}/", wait_until="networkidle")
    assert exam.title.zh in page.inner_text("article h1")
    _assert_cjk_rendered(page, "article h1")
    _assert_cjk_rendered(page, "h2#duty + p")
    page.screenshot(path=str(ARTIFACTS / f"obligation-{exam.id}-zh.png"), full_page=True)

    # Search: CJK input sends no key events, so fill() and then press a key.
    page.goto(server, wait_until="networkidle")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.fill("体检")
    box.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    hrefs = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.getAttribute('href'))")
    page.screenshot(path=str(ARTIFACTS / "search-tijian-zh.png"), full_page=False)
    exam_ids = {o.id for o in catalogue.obligations if o.area == "EXAM"}
    found = {h.split("obligations/")[1].split("/")[0] for h in hrefs if "obligations/" in h}
    assert found & exam_ids, f"体检 found {hrefs}"

    page.goto(f"{server}en/obligations/{exam.id}/", wait_until="networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    assert exam.title.en in page.inner_text("article h1")
    page.screenshot(path=str(ARTIFACTS / f"obligation-{exam.id}-en.png"), full_page=False)

    hz = catalogue.hazards[0]
    page.goto(f"{server}hazards/{hz.id}/", wait_until="networkidle")
    _assert_cjk_rendered(page, "article h1")
    page.screenshot(path=str(ARTIFACTS / f"hazard-{hz.id}-zh.png"), full_page=True)
    ctx.close()
    assert not errors, errors


def test_browser_dark_mode_and_english_switch(built, server, browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page = ctx.new_page()
    page.goto(f"{server}what-must-my-firm-do/", wait_until="networkidle")
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    _assert_cjk_rendered(page, "article h1")
    page.screenshot(path=str(ARTIFACTS / "decision-zh-dark.png"), full_page=False)
    # the language switcher leads to the same page in English
    href = page.locator('.md-select a[hreflang="en"]').first.get_attribute("href")
    assert not href.startswith(("/", "http")), href  # relative: works under any base path
    page.goto(urljoin(page.url, href), wait_until="networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "What must my firm do?" in page.inner_text("article h1")
    ctx.close()


def test_missing_command_is_reported_in_the_log_and_on_the_page(tmp_path, monkeypatch):
    """A command that does not exist yet: the build log says so and its snippet says so."""
    from ohkit.site import capture
    from ohkit.site.build import BuildReport

    monkeypatch.setattr(capture, "command_exists", lambda name: name != "due")
    log: list[str] = []
    rep = BuildReport(docs_dir=tmp_path, ruleset="t", origin="test")
    status = capture.capture_cli(tmp_path, rep, log=log.append, run=False)
    assert status["due"]["exists"] is False and rep.commands["due"] == "missing"
    assert any("`ohkit due` is not implemented yet" in line for line in log)
    assert "ohkit due" in (tmp_path / "cli-due.en.md").read_text(encoding="utf-8")
    assert "还没有 `ohkit due` 命令" in (tmp_path / "cli-due.zh.md").read_text(encoding="utf-8")
    assert rep.commands["assess"] == "skipped"


def test_site_command_line_errors(tmp_path):
    p = subprocess.run([sys.executable, "-m", "ohkit.site", "build", "--docs", str(tmp_path / "nope")],
                       capture_output=True, text=True, env=ENV)
    assert p.returncode == 2 and "docs folder not found" in p.stderr


def test_guide_urls_match_the_site_layout(monkeypatch):
    from ohkit.site import hazard_url, obligation_url

    monkeypatch.delenv("OHKIT_GUIDE_URL", raising=False)
    assert hazard_url("noise") == "https://ohkit.github.io/ohkit/hazards/noise/"
    assert obligation_url("EXAM-2", "en") == "https://ohkit.github.io/ohkit/en/obligations/EXAM-2/"
    monkeypatch.setenv("OHKIT_GUIDE_URL", "https://example.org/guide")
    assert hazard_url("noise", "en") == "https://example.org/guide/en/hazards/noise/"
