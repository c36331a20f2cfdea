"""The guide built once per test session, as on a fresh clone, and served under a foreign path.

Shared by tests/test_site.py and tests/test_site_readers.py (imported there, so pytest sees the
fixtures). The build copies mkdocs.yml (its hook and theme paths made absolute) and only the
hand-written docs/ into a temporary folder and runs `mkdocs build --strict`: the MkDocs hook must
generate everything else. site_url keeps its default path (/ohkit/) while the test server serves
the site under /mirror/guide/, so any absolute link shows up as a 404. The server answers a
missing address with /404.html (as GitHub Pages does) and records every request.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts" / "site"
CHROMIUM = "/usr/bin/chromium"
MOUNT = "/mirror/guide/"
GENERATED = {"obligations", "hazards", "downloads", "examples", "sectors", "_snippets", "sources.md", "sources.en.md",
             "sectors.md", "sectors.en.md"}
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true", PYTHONUTF8="1")
for k in ("OHKIT_GUIDE_URL", "OHKIT_REPO_URL", "OHKIT_GUIDE_GENERATE"):
    ENV.pop(k, None)


def say(request: pytest.FixtureRequest, line: str) -> None:
    """Print past pytest's output capture (the build time must show in every test run)."""
    capman = request.config.pluginmanager.getplugin("capturemanager")
    if capman is not None:
        with capman.global_and_fixture_disabled():
            print(line, flush=True)
    else:  # pragma: no cover
        print(line)


def guide_copy(work: Path, docs: Path | None = None) -> Path:
    """mkdocs.yml and the hand-written docs/ in ``work``, as on a fresh clone (the hook generates the rest);
    or, with ``docs``, a docs folder the hook filled before (it then finds its pages up to date)."""
    import shutil

    cfg = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    # the hook and the theme overrides stay where they are in the checkout
    cfg = re.sub(r"(?m)^(\s*- )kit/", lambda m: m.group(1) + (ROOT / "kit").as_posix() + "/", cfg)
    cfg = re.sub(r"(?m)^(\s*custom_dir: )(\S+)", lambda m: m.group(1) + (ROOT / m.group(2)).as_posix(), cfg)
    (work / "mkdocs.yml").write_text(cfg, encoding="utf-8")
    if docs is not None:
        shutil.copytree(docs, work / "docs")
        return work
    shutil.copytree(ROOT / "docs", work / "docs",
                    ignore=lambda d, names: [n for n in names if Path(d) == ROOT / "docs" and n in GENERATED])
    return work


@pytest.fixture(scope="session")
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict:
    reuse = os.environ.get("OHKIT_TEST_GUIDE_DIR")  # a folder this fixture built before: skip the build
    if reuse and (Path(reuse) / "site" / "index.html").is_file():
        w = Path(reuse)
        return {"work": w, "site": w / "site", "docs": w / "docs", "gen": None, "mkdocs": None}
    work = guide_copy(tmp_path_factory.mktemp("guide"))
    t0 = time.perf_counter()
    mk = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(work / "site")],
                        cwd=work, env=ENV, capture_output=True, text=True, timeout=900)
    say(request, f"\n[site] mkdocs build --strict (generating the pages in its hook): {time.perf_counter() - t0:.1f} s")
    for line in mk.stderr.splitlines():
        if "WARNING" in line:
            say(request, "[site] " + line)
    return {"work": work, "site": work / "site", "docs": work / "docs", "gen": mk, "mkdocs": mk}


class _Handler(SimpleHTTPRequestHandler):
    log: list[tuple[str, int]]

    def log_message(self, *args):  # noqa: ANN002
        pass

    def translate_path(self, path: str) -> str:
        p = path.split("?", 1)[0].split("#", 1)[0]
        if not p.startswith(MOUNT):
            return str(Path(self.directory) / "__outside_the_mount__")
        return super().translate_path("/" + p[len(MOUNT):])

    def send_error(self, code, message=None, explain=None):  # noqa: ANN001
        if code == 404 and (Path(self.directory) / "404.html").is_file():  # like GitHub Pages
            body = (Path(self.directory) / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_request(self, code="-", size="-"):  # noqa: ANN001
        self.log.append((self.path, int(code) if str(code).isdigit() else 0))


@pytest.fixture(scope="session")
def server(built):
    log: list[tuple[str, int]] = []
    handler = partial(type("H", (_Handler,), {"log": log}), directory=str(built["site"]))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}{MOUNT}"
    server_log[url] = log
    yield url
    httpd.shutdown()
    httpd.server_close()


server_log: dict[str, list[tuple[str, int]]] = {}


@pytest.fixture(scope="module")  # closed after each module: other tests start their own Playwright
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (scripts/setup.sh --test)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


def search_hrefs(page, url: str, query: str, wait_until: str = "load") -> list[str]:  # noqa: ANN001
    """Open ``url``, type ``query`` into the guide's search box, return the result links' hrefs."""
    page.goto(url, wait_until=wait_until)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")  # CJK input sends no key events: fill() and then press a key
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    page.wait_for_timeout(300)
    return page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.href)")
