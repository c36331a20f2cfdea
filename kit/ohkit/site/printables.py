"""Printable one-page checklist: what to have ready for an inspection, from the catalogue.

Every document kind a check looks for in the documents table (``check.params.kinds``, first
alternative = the name users type, English from checklists/document_kinds.yaml) and every records
table an obligation names as evidence, each with the duties it proves. Printed from the browser,
the page drops the menus (docs/assets/ohkit.css, @media print).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ohkit.i18n import LANGS

OUT = "printables"


def _kind_names() -> dict[str, str]:
    import yaml

    from ohkit.paths import checklists_dir

    p = checklists_dir() / "document_kinds.yaml"
    data = yaml.safe_load(p.read_text(encoding="utf-8")) if p.is_file() else {}
    return {str(e["kind"]): str(e.get("en") or e["kind"]) for e in (data or {}).get("document_kinds") or []}


def checklist_items(obligations: list[dict[str, Any]]) -> tuple[list[tuple[str, list[str]]], list[tuple[str, list[str]]]]:
    """([(document kind, duty ids)], [(records table, duty ids)]) in catalogue order."""
    docs: dict[str, list[str]] = {}
    tables: dict[str, list[str]] = {}
    for o in obligations:
        params = (o.get("check") or {}).get("params") or {}
        for key in ("kinds", "drill_kinds"):
            for k in params.get(key) or []:
                name = str(k).split("|")[0]
                docs.setdefault(name, []).append(o["id"]) if o["id"] not in docs.get(name, []) else None
        for e in o.get("evidence") or []:
            tables.setdefault(str(e), []).append(o["id"])
    return list(docs.items()), list(tables.items())


def write_printables(docs_dir: Path, env: Any, helpers: dict[str, Any], obligations: list[dict[str, Any]]) -> None:
    from ohkit.site.build import _context, _write

    kinds, tables = checklist_items(obligations)
    en_names = _kind_names()
    for lang in LANGS:
        h = helpers[lang]
        doc_rows = [(k if lang == "zh" else en_names.get(k, k), ids) for k, ids in kinds]
        table_rows = [(h.table_zh(t) if lang == "zh" and h.table_zh(t) else h._(h.table_label(t)), t, ids)
                      for t, ids in tables]
        sfx = "" if lang == "zh" else f".{lang}"
        _write(docs_dir / OUT / f"index{sfx}.md", env.get_template("printables.md.j2").render(
            _context(h, doc_rows=doc_rows, table_rows=table_rows)))
