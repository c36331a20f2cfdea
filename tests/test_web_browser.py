"""在线自查 / Check online, end to end in Debian's Chromium (Playwright, never `playwright install`).

The guide is built into a temporary folder with the page's engine (`python -m ohkit.web build`,
which fetches the pinned Pyodide from npm and the wheels from PyPI into a cache) and served from
127.0.0.1. Every request to any other host is refused (host resolver rule + route) and logged.
The page checks the bundled examples and a broken firm; its JSON must equal the CLI's for the
same files and date. Then the network is switched off and the page must still work (service
worker). Timings are printed (figures with their goals live in bench/bench_online.py).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from ohkit.cli import cli
from ohkit.paths import examples_dir

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts" / "online"
BROKEN = ROOT / "tests" / "fixtures" / "records" / "broken"
AS_OF = "2026-11-30"
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true", PYTHONUTF8="1",
           OHKIT_GUIDE_URL="http://127.0.0.1/")
ENV.pop("OHKIT_REPO_URL", None)
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync",
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]

pytestmark = pytest.mark.slow


from site_build import say  # noqa: E402 - prints past pytest's output capture


def build_site(work: Path, log=print) -> Path:
    """mkdocs.yml + this page (zh, en) + the guide's assets + the page's engine → work/site. The
    other pages are left out (test_site.py builds the whole guide): the build is not strict, as
    the nav names them."""
    # the guide's MkDocs hook from the checkout; it generates no catalogue pages here (OHKIT_GUIDE_GENERATE=0)
    cfg = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    cfg = re.sub(r"(?m)^(\s*- )kit/", lambda m: m.group(1) + (ROOT / "kit").as_posix() + "/", cfg)
    (work / "mkdocs.yml").write_text(cfg, encoding="utf-8")
    shutil.copytree(ROOT / "overrides", work / "overrides")
    docs = work / "docs"
    shutil.copytree(ROOT / "docs" / "assets", docs / "assets",
                    ignore=lambda d, names: ["py"] if Path(d).name == "online" else [])
    for name in ("check-online.md", "check-online.en.md", "online-sw.js"):
        shutil.copy(ROOT / "docs" / name, docs / name)
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "ohkit.web", "build", "--docs", str(work / "docs")],
                       cwd=work, env=ENV, capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stderr
    t1 = time.perf_counter()
    mk = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--no-strict", "-q", "-d", str(work / "site")],
                        cwd=work, env=dict(ENV, OHKIT_GUIDE_GENERATE="0"), capture_output=True, text=True, timeout=900)
    assert mk.returncode == 0, mk.stderr[-3000:]
    log(f"\n[online] engine files: {t1 - t0:.1f} s · mkdocs build: {time.perf_counter() - t1:.1f} s")
    return work / "site"


class Server:
    """The built site on 127.0.0.1; counts the bytes it sends and every request's method."""

    def __init__(self, site: Path):
        self.sent: dict[str, int] = {}
        self.methods: list[str] = []
        outer = self

        class Handler(SimpleHTTPRequestHandler):
            def log_message(self, *args):  # noqa: ANN002
                pass

            def send_header(self, key, value):  # noqa: ANN001
                if key.lower() == "content-length":
                    outer.sent[self.path] = outer.sent.get(self.path, 0) + int(value)
                super().send_header(key, value)

            def send_response(self, code, message=None):  # noqa: ANN001
                outer.methods.append(self.command)
                super().send_response(code, message)

        Handler.extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".mjs": "text/javascript",
                                  ".wasm": "application/wasm"}
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(site)))
        self.base = f"http://127.0.0.1:{self.httpd.server_port}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()


def _files(folder: Path) -> list[Path]:
    return [p for p in sorted(folder.iterdir()) if p.suffix in (".xlsx", ".csv", ".yaml")]


def _cli(*args: str) -> dict:
    r = CliRunner().invoke(cli, [*args, "--as-of", AS_OF, "-o", "json"])
    assert r.exit_code in (0, 1), r.output
    return json.loads(r.stdout)


def _check(page, files: list[Path], timeout: float = 120_000) -> tuple[dict, float]:  # noqa: ANN001
    """Clear, choose the files, wait for the check to finish; (result, seconds from choosing)."""
    runs = int(page.get_attribute("#ohk-online", "data-runs") or 0)
    page.click("#ohk-clear")
    t0 = time.perf_counter()
    page.set_input_files("#ohk-picker", [str(p) for p in files])
    page.wait_for_selector(f'#ohk-online[data-runs="{runs + 1}"]', timeout=timeout)
    return page.evaluate("window.ohkitOnline.result"), time.perf_counter() - t0


def _wait_ready(page, timeout: float = 240_000) -> None:  # noqa: ANN001
    page.wait_for_selector("#ohk-online[data-state=ready], #ohk-online[data-state=failed]", timeout=timeout)
    assert page.get_attribute("#ohk-online", "data-state") == "ready", page.inner_text("#ohk-status")


def test_check_online_in_chromium(request, tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (scripts/setup.sh --test)")
    from playwright.sync_api import sync_playwright

    site = build_site(tmp_path, lambda s: say(request, s))
    srv = Server(site)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    requests: list[tuple[str, str, bytes | None]] = []
    refused: list[str] = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
            ctx = browser.new_context(accept_downloads=True, locale="zh-CN")

            def route(r):  # noqa: ANN001
                if urlsplit(r.request.url).hostname != "127.0.0.1":
                    refused.append(r.request.url)
                    return r.abort()
                return r.continue_()

            ctx.route("**/*", route)
            ctx.on("request", lambda q: requests.append((q.url, q.method, q.post_data_buffer)))
            page = ctx.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))

            t0 = time.perf_counter()
            page.goto(srv.base + "check-online/")
            _wait_ready(page)
            t_ready = time.perf_counter() - t0
            page.fill("#ohk-asof", AS_OF)

            # 1. the furniture example (records.xlsx): the CLI's JSON
            furniture = examples_dir() / "furniture"
            r, t_first = _check(page, _files(furniture))
            assert r["assessment"] == _cli("assess", str(furniture))
            assert r["validation"] == _cli("validate", str(furniture))
            assert "按领域的自查结论" in page.inner_text("#ohk-assessment")
            first_ms = page.evaluate("window.ohkitOnline.checkMs")

            csp = page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")
            assert "default-src 'self'" in csp and "connect-src 'self'" in csp

            # the office example (one CSV table), dragged and dropped
            office = examples_dir() / "office"
            runs = int(page.get_attribute("#ohk-online", "data-runs") or 0)
            page.click("#ohk-clear")
            dt_ = page.evaluate_handle(
                "(files) => { const d = new DataTransfer(); for (const [n, b] of files) "
                "d.items.add(new File([new Uint8Array(b)], n)); return d; }",
                [[p.name, list(p.read_bytes())] for p in _files(office)])
            page.dispatch_event("#ohk-drop", "drop", {"dataTransfer": dt_})
            page.wait_for_selector(f'#ohk-online[data-runs="{runs + 1}"]', timeout=120_000)
            r = page.evaluate("window.ohkitOnline.result")
            assert r["assessment"] == _cli("assess", str(office))
            assert r["validation"] == _cli("validate", str(office))

            # 2. a broken firm (CSV files): the CLI's problems, shown with file:row:column and the fix
            r, t_broken = _check(page, _files(BROKEN))
            want = _cli("validate", str(BROKEN))
            assert r["validation"] == want and want["errors"] > 0
            shown = page.inner_text("#ohk-problems")
            assert want["problems"][0]["location"] in shown and want["problems"][0]["fix_text"] in shown

            # 3. the stone example (CSVs): answer a question in the page, download answers.yaml
            stone = examples_dir() / "stone"
            r, t_second = _check(page, _files(stone))
            assert r["assessment"] == _cli("assess", str(stone))
            second_ms = page.evaluate("window.ohkitOnline.checkMs")
            qid = next(q["id"] for q in r["questions"] if q["kind"] == "obligation")
            runs = int(page.get_attribute("#ohk-online", "data-runs"))
            page.check(f'fieldset[data-qid="{qid}"] input[value="true"]')
            page.wait_for_selector(f'#ohk-online[data-runs="{runs + 1}"]')
            today = page.evaluate("window.ohkitOnline.today")
            with page.expect_download() as dl:
                page.click("#ohk-dl-answers")
            answers = Path(dl.value.path()).read_text(encoding="utf-8")
            assert f"{qid}: {{answer: true, date: {today}}}" in answers
            firm = tmp_path / "stone"
            shutil.copytree(stone, firm)
            (firm / "answers.yaml").write_text(answers, encoding="utf-8")
            assert page.evaluate("window.ohkitOnline.result.assessment") == _cli("assess", str(firm))
            with page.expect_download() as dl:
                page.click("#ohk-dl-report")
            report = Path(dl.value.path()).read_text(encoding="utf-8")
            assert dl.value.suggested_filename == f"ohkit-{AS_OF}-report.html"
            assert json.loads((stone / "../stone/enterprise.yaml").read_text(encoding="utf-8").split("name:")[1]
                              .splitlines()[0].strip().join('""')) in report
            # the form: a changed fact is checked and goes into the enterprise.yaml to download
            runs = int(page.get_attribute("#ohk-online", "data-runs"))
            page.fill('#ohk-facts input[name="headcount"]', "16")
            page.dispatch_event('#ohk-facts input[name="headcount"]', "change")
            page.wait_for_selector(f'#ohk-online[data-runs="{runs + 1}"]')
            with page.expect_download() as dl:
                page.click("#ohk-dl-enterprise")
            assert "\nheadcount: 16\n" in Path(dl.value.path()).read_text(encoding="utf-8")
            assert page.evaluate("window.ohkitOnline.result.assessment.firm.headcount") == 16
            page.screenshot(path=str(ARTIFACTS / "check-online-zh.png"), full_page=True)

            # 4. nothing left this machine: every request went to the site, every one a GET
            others = [u for u, _m, _b in requests if urlsplit(u).hostname != "127.0.0.1"]
            assert not others and not refused, others + refused
            assert {m for _u, m, _b in requests} == {"GET"} and not [b for _u, _m, b in requests if b]
            assert set(srv.methods) == {"GET"}
            sent = sum(srv.sent.values())

            # 5. offline: the service worker serves the page and its engine
            assert page.evaluate("navigator.serviceWorker.ready.then(() => true)")
            ctx.set_offline(True)
            page.reload()
            _wait_ready(page)
            page.fill("#ohk-asof", AS_OF)
            r, t_offline = _check(page, _files(furniture))
            assert r["assessment"] == _cli("assess", str(furniture))
            ctx.set_offline(False)
            assert not errors, errors
            ctx.close()

            # 6. a 390-px-wide phone, English page: nothing wider than the screen
            phone = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2,
                                        is_mobile=True, has_touch=True)
            phone.route("**/*", route)
            p2 = phone.new_page()
            p2.goto(srv.base + "en/check-online/")
            _wait_ready(p2)
            p2.click("#ohk-example")
            p2.wait_for_selector('#ohk-online[data-runs="1"]', timeout=120_000)
            assert "Assessment by area" in p2.inner_text("#ohk-assessment")
            assert p2.evaluate("document.documentElement.scrollWidth") <= 390
            p2.screenshot(path=str(ARTIFACTS / "check-online-en-390px.png"), full_page=False)
            phone.close()
            browser.close()
    finally:
        srv.close()
    say(request, f"[online] engine ready {t_ready:.1f} s after opening the page · first result "
                 f"{t_first:.1f} s after choosing the file (check {first_ms / 1000:.1f} s) · another firm "
                 f"{t_second:.1f} s (check {second_ms / 1000:.1f} s) · broken firm {t_broken:.1f} s · "
                 f"offline {t_offline:.1f} s · {sent / 1e6:.1f} MB sent by the server")
