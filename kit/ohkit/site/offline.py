"""The guide as a zip a hosted service can hand out: opened by double-clicking index.html (file://).

``python -m ohkit.site offline [-o FILE.zip]`` runs ``mkdocs build --strict`` with
``OHKIT_OFFLINE=true``, which turns on Material's offline plugin (mkdocs.yml): no directory URLs,
so every link ends in a file. The MkDocs hook (``ohkit.site.hooks``) then calls this module:

* ``local_polyfills``: Material's plugin would load a Web Worker shim (iframe-worker) from the
  network; the copy carries its own (``offline_assets/iframe-worker.js``), so the search worker
  runs from file:// and nothing is fetched from outside.
* ``finish_site``: each language's search index also as a script (``search/search_index.js``
  and ``en/search/search_index.js``; a page opened from file:// may not fetch JSON, but may load
  a script), as Material's offline plugin does for one index.
* ``online_page``: the Check online page cannot run from file:// (Pyodide, a service worker): it
  says so there and shows what to do instead; served over http (``python -m http.server``) it works
  as on the hosted guide, as the copy holds the page's engine (``build_zip`` runs
  ``ohkit.web.build`` first; downloads are cached, so a rebuild needs no network).

``build_zip`` zips the built site (both languages, downloads, pictures, templates) under one
top folder, with a short "open me" note.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any, Callable

SHIM = Path(__file__).parent / "offline_assets" / "iframe-worker.js"
SHIM_URL = "assets/javascripts/ohkit-iframe-worker.js"
TOP = "ohkit-guide"  # the folder the zip unpacks to
DEFAULT_ZIP = "ohkit-guide-offline.zip"

ENGINE = "assets/online/py"  # the Check online page's engine (ohkit.web.build), under docs/ and in the site

README = """ohkit 职业健康合规指南（离线版）/ ohkit occupational health guide (offline copy)

打开方法：解压后，双击本文件夹里的 index.html（中文）或 en/index.html（English）。
不需要联网；导航、中英文切换和搜索都能用。
{zh_online}

To open: unzip, then double-click index.html (Chinese) or en/index.html (English) in this folder.
No network needed; navigation, the language switch and search work.
{en_online}
"""
README_ONLINE = {
    True: ("“在线自查”页需要网址打开：在本文件夹里运行 python -m http.server 8000，\n"
           "再打开 http://127.0.0.1:8000/check-online.html ；或在电脑上安装 ohkit 用命令行自查（见“使用 ohkit”）。",
           '"Check online" needs a web address: run  python -m http.server 8000  in this folder and open\n'
           'http://127.0.0.1:8000/en/check-online.html ; or install ohkit and use the command line (see "Using ohkit").'),
    False: ("本副本不含“在线自查”：请在电脑上安装 ohkit 用命令行自查（见“使用 ohkit”）。",
            'This copy has no "Check online": install ohkit and use the command line (see "Using ohkit").'),
}


def local_polyfills(config: Any) -> None:
    """Swap the network shim Material's offline plugin adds for the copy's own one."""
    extra = config["extra"]
    polyfills = [p for p in (extra.get("polyfills") or []) if "iframe-worker" not in str(p)]
    if SHIM_URL not in polyfills:
        polyfills.append(SHIM_URL)
    extra["polyfills"] = polyfills
    extra["ohkit_offline"] = True  # overrides/online.html: the Check online page's file:// notice
    extra["ohkit_offline_engine"] = (Path(config["docs_dir"]) / ENGINE).is_dir()  # … says "serve the folder"


def finish_site(site: Path) -> None:
    """Inline each language's search index as a script and put the worker shim in place."""
    for index in (site / "search" / "search_index.json", site / "en" / "search" / "search_index.json"):
        if index.is_file():
            data = json.loads(index.read_text(encoding="utf-8"))
            index.with_suffix(".js").write_text(
                "var __index = " + json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    dest = site / SHIM_URL
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SHIM, dest)


_ONLINE_JS = re.compile(r'<script src="(?:\.\./)*assets/online/online\.js"(?: defer)?></script>')


def online_page(output: str, page_url: str) -> str:
    """The Check online page of the offline copy: its script path fixed for ``*.html`` pages and
    loaded only over http (from file:// the page shows its notice, overrides/online.html)."""
    src = "../" * page_url.count("/") + "assets/online/online.js"
    loader = ('<script>if (location.protocol !== "file:") { const s = document.createElement("script"); '
              f's.src = {json.dumps(src)}; document.currentScript.after(s); }}</script>')
    return _ONLINE_JS.sub(lambda m: loader, output)


def build_site(out: Path, config: Path, log: Callable[[str], None] = print) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` of the offline copy into ``out`` (a new folder)."""
    env = dict(os.environ, OHKIT_OFFLINE="true", NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true",
               PYTHONUTF8="1")
    log(f"site: building the offline copy (mkdocs build --strict, {config}) …")
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(out)],
                          cwd=config.parent, env=env, capture_output=True, text=True)


def build_engine(docs: Path, log: Callable[[str], None] = print) -> bool:
    """The Check online page's engine into ``docs`` (fresh, so it is today's ohkit); False if it
    cannot be built (no cached downloads and no network): the copy then goes without it."""
    from ohkit.web.build import BuildError, build

    try:
        build(docs, log=log)
        return True
    except (BuildError, OSError, subprocess.SubprocessError) as exc:
        log(f"site: the offline copy goes without the Check online engine ({exc})")
        return False


def build_zip(zip_path: Path, config: Path, engine: bool = True, log: Callable[[str], None] = print) -> int:
    """Build the offline copy (with the Check online engine unless ``engine`` is False) and zip it;
    returns the number of files zipped. Raises RuntimeError with mkdocs' messages if the build fails."""
    if engine:
        build_engine(config.parent / "docs", log)
    with tempfile.TemporaryDirectory(prefix="ohkit-offline-") as tmp:
        site = Path(tmp) / "site"
        mk = build_site(site, config, log)
        if mk.returncode != 0 or not (site / "index.html").is_file():
            lines = [ln for ln in (mk.stderr or "").splitlines() if "WARNING" in ln or "ERROR" in ln]
            raise RuntimeError("mkdocs build failed:\n" + "\n".join(lines[-20:] or (mk.stderr or "").splitlines()[-20:]))
        return zip_site(site, zip_path)


def zip_site(site: Path, zip_path: Path) -> int:
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = zip_path.with_name(zip_path.name + ".part")
    n = 0
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        zh_online, en_online = README_ONLINE[(site / ENGINE).is_dir()]
        z.writestr(f"{TOP}/README.txt", README.format(zh_online=zh_online, en_online=en_online))
        for path in sorted(p for p in site.rglob("*") if p.is_file()):
            rel = path.relative_to(site).as_posix()
            # sitemaps are for search engines, 404 pages for web servers (absolute links): a copy on disk has neither
            if rel.startswith("sitemap.xml") or rel.endswith("404.html"):
                continue
            z.write(path, f"{TOP}/{rel}")
            n += 1
    tmp.replace(zip_path)
    return n
