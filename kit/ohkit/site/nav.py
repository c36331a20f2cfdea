"""The generated pages' place in the guide's navigation.

``write_nav`` records, at generation time, the obligation pages by area and the hazard pages by
category (in the order of the index pages) in ``_snippets/nav.json``. The MkDocs hook
(``ohkit.site.hooks``) reads it and puts the pages under the "义务清单" and "危害因素" entries of
mkdocs.yml, so they get a sidebar, previous/next links and a breadcrumb; section names get
their English translation for the English site.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

# mkdocs.yml entries the generated pages are put under: index page -> key in nav.json
SECTIONS = {"obligations/index.md": "obligations", "hazards/index.md": "hazards"}


def write_nav(path: Path, areas: list[tuple[str, list[str]]], categories: list[tuple[str, list[str]]],
              zh: Any, en: Any) -> None:
    """``zh``/``en``: the generator's Helpers for each language (area and category names)."""
    def label(h: Any, kind: str, key: str) -> str:
        return h._(h.area_label(key)) if kind == "area" else h._(h.category(key))

    data = {
        "obligations": [{"zh": label(zh, "area", a), "en": label(en, "area", a),
                         "pages": [f"obligations/{oid}.md" for oid in ids]} for a, ids in areas],
        "hazards": [{"zh": label(zh, "cat", c), "en": label(en, "cat", c),
                     "pages": [f"hazards/{hid}.md" for hid in ids]} for c, ids in categories],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def read_nav(path: Path) -> dict[str, list[dict[str, Any]]]:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def expand(nav: list[Any], sections: dict[str, list[dict[str, Any]]]) -> tuple[list[Any], dict[str, str]]:
    """mkdocs.yml's nav with each generated section filled in; and zh -> en section names."""
    translations: dict[str, str] = {}

    def walk(items: list[Any]) -> list[Any]:
        out = []
        for item in items:
            if isinstance(item, dict) and len(item) == 1:
                (title, value), = item.items()
                if isinstance(value, str) and value in SECTIONS and sections.get(SECTIONS[value]):
                    children: list[Any] = [value]
                    for group in sections[SECTIONS[value]]:
                        children.append({group["zh"]: list(group["pages"])})
                        translations[group["zh"]] = group["en"]
                    out.append({title: children})
                    continue
                if isinstance(value, list):
                    out.append({title: walk(value)})
                    continue
            out.append(item)
        return out

    return walk(nav), translations
