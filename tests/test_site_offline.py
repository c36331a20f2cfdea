"""The offline copy of the guide (issue 11, item 7): the zip `python -m ohkit.site offline` writes,
unzipped and opened from file:// as a hosted service's client would (double-click index.html).

Built once per session from the docs the session's guide build generated (tests/site_build.py: its
hook then finds the pages up to date; the fresh-clone generation is tested there); set
OHKIT_TEST_OFFLINE_ZIP to a zip built before to skip the build. The browser watches every
request: none may leave file:// and none may fail.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from site_build import ARTIFACTS, ENV, guide_copy, say, search_hrefs  # fixture browser: tests/conftest.py

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def offline_zip(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    reuse = os.environ.get("OHKIT_TEST_OFFLINE_ZIP")
    if reuse and Path(reuse).is_file():
        return Path(reuse)
    built = request.getfixturevalue("built")  # the session's guide build (tests/site_build.py)
    work = guide_copy(tmp_path_factory.mktemp("offline-guide"), docs=built["docs"])
    out = work / "guide.zip"
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "ohkit.site", "offline", "-o", str(out)], cwd=work, env=ENV,
                       capture_output=True, text=True, timeout=900)
    say(request, f"\n[site] python -m ohkit.site offline: {time.perf_counter() - t0:.1f} s, "
                 f"{out.stat().st_size / 1e6 if out.is_file() else 0:.1f} MB")
    assert r.returncode == 0, r.stderr[-3000:]
    assert "wrote" in r.stderr and "index.html" in r.stderr
    return out


@pytest.fixture(scope="session")
def unzipped(offline_zip: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(offline_zip) as z:
        z.extractall(dest)
    return dest / "ohkit-guide"


def test_zip_holds_both_languages_downloads_pictures_and_templates(offline_zip, unzipped):
    names = zipfile.ZipFile(offline_zip).namelist()
    assert all(n.startswith("ohkit-guide/") for n in names)  # one folder, not files strewn about
    for rel in ("index.html", "en/index.html", "README.txt", "hazards/noise.html", "en/hazards/noise.html",
                "obligations/EXAM-2.html", "search/search_index.js", "en/search/search_index.js",
                "assets/javascripts/ohkit-iframe-worker.js", "check-online.html", "en/check-online.html"):
        assert (unzipped / rel).is_file(), rel
    downloads = {p.name for p in (unzipped / "downloads").iterdir()}
    assert any(n.endswith(".xlsx") for n in downloads), downloads  # the templates
    examples = {p.name for p in (unzipped / "examples").iterdir()}
    assert {"report.pdf", "cards.pdf"} <= examples, examples
    assert not any(n.endswith(("404.html", "sitemap.xml")) for n in names)  # server-only files
    # each language's index inlined, as a page opened from file:// cannot fetch JSON
    zh = (unzipped / "search" / "search_index.js").read_text(encoding="utf-8")
    en = (unzipped / "en" / "search" / "search_index.js").read_text(encoding="utf-8")
    assert zh.startswith("var __index = {") and en.startswith("var __index = {")
    assert '"location":"en/' not in zh and "告知卡" in zh and '"location":"hazards/noise.html' in en
    if shutil.which("pdftoppm"):  # the pictures of the report and the card (poppler-utils)
        assert {"report-1.png", "cards-1.png"} <= examples, examples


_LOCAL = re.compile(r'\b(href|src)="([^"]*)"')


def test_every_link_and_asset_is_a_file_in_the_copy(unzipped):
    """file:// shows no folder's index.html and has no server to fall back on: every relative
    link must name a file that is there, and nothing the page loads may come from elsewhere."""
    bad, outside = [], []
    for page in sorted(unzipped.rglob("*.html")):
        s = page.read_text(encoding="utf-8")
        for m in re.finditer(r"<(script|link|img|iframe|source)\b[^>]*>", s):
            tag = m.group(0)
            if m.group(1) == "link" and not re.search(r'rel="(stylesheet|icon|preload|modulepreload)"', tag):
                continue
            for _, url in _LOCAL.findall(tag):
                if re.match(r"(https?:)?//", url):
                    outside.append(f"{page.relative_to(unzipped)}: {url}")
        for _, url in _LOCAL.findall(s):
            if not url or url.startswith(("#", "http:", "https:", "mailto:", "data:", "javascript:", "tel:")):
                continue
            path = unquote(urlsplit(url).path)
            if path and not (page.parent / path).resolve().is_file():
                bad.append(f"{page.relative_to(unzipped)}: {url}")
    assert not outside, outside[:10]
    assert not bad, f"{len(bad)} links to nothing, e.g. {bad[:10]}"


# ---------------------------------------------------------------------------
# In the browser, from file://
# ---------------------------------------------------------------------------


def _watch(page) -> list[str]:  # noqa: ANN001
    bad: list[str] = []
    page.on("request", lambda r: bad.append(f"left file://: {r.url}")
            if not r.url.startswith(("file://", "data:", "blob:", "about:")) else None)
    # ERR_ABORTED: a load the next navigation cancelled (e.g. the favicon); a missing file is ERR_FILE_NOT_FOUND
    page.on("requestfailed", lambda r: bad.append(f"failed: {r.url} ({r.failure})")
            if "ERR_ABORTED" not in str(r.failure) else None)
    page.on("pageerror", lambda e: bad.append(f"page error: {e}"))
    page.on("console", lambda m: bad.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    return bad


@pytest.fixture(scope="module")
def file_page(browser, unzipped):  # noqa: ANN001, ANN201
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = ctx.new_page()
    bad = _watch(page)
    yield page, unzipped.as_uri() + "/", bad
    ctx.close()


def _switch(page, lang: str) -> None:  # noqa: ANN001
    page.locator(".md-header .md-select").first.hover()  # the language menu opens on hover
    page.locator(f'.md-select a[hreflang="{lang}"]').first.click()


def test_links_and_the_language_switch_work_from_file(file_page):
    page, root, bad = file_page
    page.goto(root + "index.html", wait_until="load")
    assert page.locator("html").get_attribute("lang") == "zh"
    page.locator(".md-tabs a", has_text="危害因素").first.click()
    page.wait_for_load_state("load")
    assert page.url == root + "hazards/index.html", page.url
    page.locator("article a[href$='noise.html']").first.click()
    page.wait_for_load_state("load")
    assert page.url == root + "hazards/noise.html" and "噪声" in page.inner_text("article h1")
    _switch(page, "en")
    page.wait_for_load_state("load")
    assert page.url == root + "en/hazards/noise.html" and page.locator("html").get_attribute("lang") == "en"
    page.goto(root + "en/index.html", wait_until="load")
    _switch(page, "zh")
    page.wait_for_load_state("load")
    assert page.url == root + "index.html", page.url  # a file, not a folder listing
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "offline-home.png"))
    assert not bad, bad


def _search(page, url: str, query: str) -> list[str]:  # noqa: ANN001
    return [urlsplit(h).path for h in search_hrefs(page, url, query)]


def test_search_works_from_file_in_each_language(file_page, request):
    page, root, bad = file_page
    base = urlsplit(root).path
    zh = [p.removeprefix(base) for p in _search(page, root + "hazards/noise.html", "体检")]
    page.screenshot(path=str(ARTIFACTS / "offline-search-tijian-zh.png"))
    en = [p.removeprefix(base) for p in _search(page, root + "en/obligations/EXAM-2.html", "noise")]
    say(request, f"[site] offline search zh '体检': {', '.join(zh[:3])}; en 'noise': {', '.join(en[:3])}")
    assert "obligations/EXAM-2.html" in zh[:3], zh[:5]
    assert not any(p.startswith("en/") for p in zh), zh
    assert en and en[0] == "en/hazards/noise.html", en[:5]
    assert all(p.startswith("en/") for p in en), en
    assert not bad, bad


def _has_engine(unzipped: Path) -> bool:
    return (unzipped / "assets" / "online" / "py" / "manifest.json").is_file()


def test_check_online_says_plainly_it_needs_a_web_address(file_page, unzipped):
    page, root, bad = file_page
    served = _has_engine(unzipped)  # "serve this folder" only where the copy holds the page's engine
    for path, words in (("check-online.html", ("离线副本里不能在线自查", "使用 ohkit")),
                        ("en/check-online.html", ("does not work in this offline copy", "Using ohkit"))):
        page.goto(root + path, wait_until="load")
        page.wait_for_timeout(500)
        notice = page.locator("#ohk-offline")
        assert notice.is_visible(), path
        text = notice.inner_text()
        assert all(w in text for w in words), (path, text)
        assert ("python -m http.server 8000" in text) == served, (served, text)
        assert page.evaluate("document.querySelector('article h1').nextElementSibling.id") == "ohk-offline"
        assert not page.locator("#ohk-online").is_visible()  # the tool that cannot run is not shown
        assert page.evaluate("typeof window.ohkitOnline") == "undefined"  # online.js was not loaded
        page.locator("#ohk-offline a").first.click()
        page.wait_for_load_state("load")
        assert page.url.endswith("using-ohkit.html"), page.url
    page.goto(root + "check-online.html", wait_until="load")
    page.screenshot(path=str(ARTIFACTS / "offline-check-online.png"))
    assert not bad, bad
    readme = (unzipped / "README.txt").read_text(encoding="utf-8")
    assert "index.html" in readme and ("python -m http.server 8000" in readme) == served


def test_the_served_copy_runs_check_online(unzipped, browser, request):
    """What the notice offers: the unzipped folder served by python -m http.server runs the page."""
    if not _has_engine(unzipped):
        pytest.skip("the copy was built without the Check online engine (no network for its downloads)")
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"], cwd=unzipped,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    try:
        page = ctx.new_page()
        failed: list[str] = []
        page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        page.on("pageerror", lambda e: failed.append(f"page error: {e}"))
        for _ in range(50):
            try:
                page.goto(f"http://127.0.0.1:{port}/check-online.html", wait_until="load")
                break
            except Exception:  # noqa: BLE001 - the server is still starting
                time.sleep(0.1)
        t0 = time.perf_counter()
        page.wait_for_selector("#ohk-online[data-state=ready], #ohk-online[data-state=failed]", timeout=180_000)
        say(request, f"[site] offline copy served: Check online ready in {time.perf_counter() - t0:.1f} s")
        assert page.get_attribute("#ohk-online", "data-state") == "ready", page.inner_text("#ohk-status")
        assert not page.locator("#ohk-offline").is_visible()
        assert not failed, failed
    finally:
        ctx.close()
        srv.terminate()
        srv.wait(timeout=10)


def test_offline_outside_the_source_folder_says_what_to_do(tmp_path, capsys):
    from ohkit.site.__main__ import main

    assert main(["offline", "--config", str(tmp_path / "mkdocs.yml"), "-o", str(tmp_path / "g.zip")]) == 2
    err = capsys.readouterr().err
    assert "mkdocs.yml not found" in err and "--config" in err
    assert not (tmp_path / "g.zip").exists()
