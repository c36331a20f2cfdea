"""MkDocs hooks of the guide (mkdocs.yml: ``hooks: [kit/ohkit/site/hooks.py]``).

* ``on_config``: generates the catalogue pages, downloads, pictures and CLI output into docs/
  (``ohkit.site.build``) unless docs/ already holds pages made from the same inputs, so that
  ``mkdocs build`` and ``mkdocs serve`` work straight after a clone; puts the generated pages into
  the navigation; teaches the Chinese search segmenter the catalogue's words.
* ``on_page_context``: the language switcher links relative to the page (the site works under any
  base path and from a local copy).
* ``on_post_page``: no ``<link rel=alternate>`` in the head (Material fetches a sitemap.xml
  next to each one, which 404s for per-page alternates); English pages search the English index.
* ``on_post_template`` / ``on_post_build``: a Chinese 404 page at the root and an English one under
  en/; one search index per language.
* Offline copy (``OHKIT_OFFLINE=true``, Material's offline plugin; ``python -m ohkit.site offline``):
  the search worker shim comes from the copy itself, not the network, and each language's index
  is inlined as a script (``ohkit.site.offline``).

Set ``OHKIT_GUIDE_GENERATE=0`` to use docs/ as it is (e.g. after ``python -m ohkit.site build --no-cli``).
"""
from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.plugins.ohkit")

_404: dict[str, str] = {}


def _docs(config) -> Path:  # noqa: ANN001
    return Path(config["docs_dir"])


def _generate(docs: Path) -> None:
    from ohkit.site.build import build
    from ohkit.site.sync import STAMP, inputs_fingerprint

    stamp = docs / STAMP
    want = inputs_fingerprint()
    if stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == want and (docs / "obligations").is_dir():
        log.info("ohkit: generated pages are up to date")
        return
    log.info("ohkit: generating the catalogue pages, downloads and CLI output into %s", docs)
    rep = build(docs, log=lambda s: log.info(s))
    for w in rep.warnings:
        log.info("ohkit: %s", w)


@event_priority(100)  # before mkdocs-static-i18n (-100) reads the nav and its translations
def on_config(config):  # noqa: ANN001, ANN201
    from ohkit.site.nav import expand, read_nav
    from ohkit.site.search import add_words

    docs = _docs(config)
    if os.environ.get("OHKIT_GUIDE_GENERATE", "1") != "0" and not getattr(on_config, "_done", None) == str(docs):
        _generate(docs)
        on_config._done = str(docs)  # nested builds (one per language) in this process: once
    nav, translations = expand(config["nav"] or [], read_nav(docs / "_snippets" / "nav.json"))
    config["nav"] = nav
    i18n = config["plugins"].get("i18n")
    if i18n is not None:
        for lang in i18n.config["languages"]:
            if lang["locale"] == "en":
                lang["nav_translations"] = {**(lang.get("nav_translations") or {}), **translations}
    add_words()
    return config


def on_serve(server, config, builder):  # noqa: ANN001, ANN201
    from ohkit.paths import checklists_dir, examples_dir

    for d in (checklists_dir(), examples_dir(), Path(__file__).parent / "templates"):
        server.watch(str(d))
    return server


def _lang_of(page) -> str:  # noqa: ANN001
    return "en" if page.url.startswith("en/") or page.url == "en/" else "zh"


@event_priority(-100)  # after mkdocs-static-i18n (50) set the alternates
def on_page_context(context, page, config, nav):  # noqa: ANN001, ANN201
    extra = config["extra"]
    # mkdocs-static-i18n sets it as an attribute (what the templates read), not as a key
    alternates = getattr(extra, "alternate", None) or extra.get("alternate") or []
    files = getattr(page.file, "alternates", {}) or {}
    home = "./" if config["use_directory_urls"] else "index.html"  # file:// shows no folder's index
    for alt in alternates:
        lang = alt.get("lang")
        target = files.get(lang)
        if target is not None:
            url = target.url
        else:  # home pages and pages without a translation: the language's home
            url = "" if lang == "zh" else f"{lang}/"
            if url and not config["use_directory_urls"]:
                url += "index.html"
        alt["link"] = url or home
    if _offline(config):
        from ohkit.site.offline import local_polyfills

        local_polyfills(config)
    return context


def _offline(config) -> bool:  # noqa: ANN001
    plugin = config["plugins"].get("material/offline")
    return bool(plugin is not None and plugin.config.enabled)


_ALT = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')
_BASE = re.compile(r'("base":\s*")([^"]*)(")')


@event_priority(-100)
def on_post_page(output, page, config):  # noqa: ANN001, ANN201
    output = _ALT.sub("", output)
    if _lang_of(page) == "en":
        # search/search_index.json of the English site lives under en/
        def base(m: re.Match) -> str:
            b = m.group(2)
            b = b[:-3] if b.endswith("/..") else ("." if b == ".." else b + "/en")
            return m.group(1) + b + m.group(3)

        output = _BASE.sub(base, output, count=1)
    if _offline(config) and page.file.src_uri.startswith("check-online."):
        from ohkit.site.offline import online_page

        output = online_page(output, page.url)
    return output


def on_post_template(output, template_name, config):  # noqa: ANN001, ANN201
    if template_name == "404.html":
        m = re.search(r'<html lang="([a-z]+)"', output)
        _404[m.group(1) if m else "zh"] = output
    return output


@event_priority(-200)  # after mkdocs-static-i18n built every language
def on_post_build(config):  # noqa: ANN001, ANN201
    i18n = config["plugins"].get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return  # a nested (per-language) build: wait for the outer one
    from ohkit.site.search import split_index

    site = Path(config["site_dir"])
    if "zh" in _404:
        (site / "404.html").write_text(_404["zh"], encoding="utf-8")
    if "en" in _404:
        (site / "en").mkdir(parents=True, exist_ok=True)
        (site / "en" / "404.html").write_text(_404["en"], encoding="utf-8")
    split_index(site)
    if _offline(config):
        from ohkit.site.offline import finish_site

        finish_site(site)
