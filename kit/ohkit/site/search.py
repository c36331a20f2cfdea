"""The guide's search: Chinese words kept whole, one index per language.

* ``add_words`` teaches jieba (which Material's search plugin uses to cut Chinese text into words
  at build time) the guide's domain words and every hazard name and alias of the catalogue, so
  告知卡, 体检, 职业病 stay words and a search for them finds them.
* ``search_meta`` gives a generated page its search front matter: duty pages rank above hazard
  pages, and the duty pages that answer a common search word carry it as a tag (ranked first).
* ``split_index`` splits the one index mkdocs-static-i18n writes into ``search/search_index.json``
  (Chinese pages) and ``en/search/search_index.json`` (English pages; the hook points English
  pages there), so results never mix languages.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ohkit.site.texts import SEARCH_TAGS, SEARCH_WORDS

_done: list[bool] = []


def words() -> list[str]:
    """Domain words and the catalogue's hazard names and aliases (Chinese only, no brackets)."""
    out = list(SEARCH_WORDS)
    try:
        from ohkit.catalogue import load_catalogue

        for h in load_catalogue().hazards:
            for name in (h.zh, *(getattr(h, "aliases", ()) or ())):
                if name and re.fullmatch(r"[\u4e00-\u9fff]{2,12}", str(name)):
                    out.append(str(name))
    except Exception:  # noqa: BLE001 - without the catalogue the fixed words still help
        pass
    return list(dict.fromkeys(out))


def add_words() -> None:
    if _done:
        return
    try:
        import jieba
    except ImportError:  # Material then indexes Chinese without segmentation
        return
    jieba.setLogLevel(60)
    for w in words():
        jieba.add_word(w, freq=jieba.suggest_freq(w, tune=False) + 100000)
    for w in SEARCH_SPLIT:  # compounds that must be cut so their parts can be found
        jieba.suggest_freq(w, tune=True)
    _done.append(True)


# (word, word, …) tuples: jieba.suggest_freq with tune=True forces the cut between them
SEARCH_SPLIT = (("职业病", "危害"), ("危害", "告知卡"), ("职业", "健康检查"))


def search_meta(kind: str, key: str, lang: str) -> dict[str, Any]:
    """Front matter ``search``/``tags`` for a generated page (``kind``: obligation or hazard)."""
    tags = [t[lang] for t in SEARCH_TAGS.values() if f"{kind}:{key}" in t["pages"]]
    meta: dict[str, Any] = {"search": {"boost": 2 if kind == "obligation" else 1}}
    if tags:
        meta["tags"] = tags
    return meta


def split_index(site: Path) -> tuple[int, int]:
    """Rewrite search/search_index.json as one index per language; returns (zh, en) entries."""
    path = site / "search" / "search_index.json"
    if not path.is_file():
        return 0, 0
    index = json.loads(path.read_text(encoding="utf-8"))
    docs = index.get("docs") or []
    zh = [d for d in docs if not str(d.get("location", "")).startswith("en/")]
    en = []
    for d in docs:
        loc = str(d.get("location", ""))
        if loc.startswith("en/"):
            en.append({**d, "location": loc[3:]})
    cfg = dict(index.get("config") or {})
    path.write_text(json.dumps({"config": {**cfg, "lang": ["zh"]}, "docs": zh}, ensure_ascii=False,
                               separators=(",", ":")), encoding="utf-8")
    en_cfg = {**cfg, "lang": ["en"]}  # the configured pipeline (Material's worker finds no results with the stemmer here)
    (site / "en" / "search").mkdir(parents=True, exist_ok=True)
    (site / "en" / "search" / "search_index.json").write_text(
        json.dumps({"config": en_cfg, "docs": en}, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return len(zh), len(en)
