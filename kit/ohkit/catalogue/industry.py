"""The 2021 risk classification catalogue (checklists/industry_risk.yaml): a firm's industry code
(GB/T 4754-2017, as written in enterprise.yaml ``industry``, e.g. "C2110 木质家具制造") → the class
严重 (serious) or 一般 (general) the catalogue gives that industry.

    from ohkit.catalogue.industry import suggest_class
    s = suggest_class("C2110 木质家具制造", hazard_ids=("wood_dust", "benzene"))
    s.cls, s.code, s.name, s.star   # 'serious', 'C211', '木质家具制造', True

Matching: the code in the text (a letter and 2–5 digits, or the digits alone) against the
catalogue's codes, longest prefix first; without a code, an industry name of the catalogue found
in the text. A code with two rows (e.g. 牲畜饲养（牛、羊）/（其他）) is decided by the words in
brackets, else left open (``cls`` None, both ``candidates``). For an industry marked * the class
is 一般 when the posts list none of the substances the note names, 严重 when they list one, and
严重 (with ``star``) when the posts are not known. Cheap: reads one YAML file, cached.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

FILE = "industry_risk.yaml"
_CODE = re.compile(r"(?<![A-Za-z0-9])([A-Ta-t])?\s*(\d{2,5})(?!\d)")


@dataclass(frozen=True, slots=True)
class Industry:
    code: str
    name: str
    cls: str  # serious / general
    star: bool = False
    variant: bool = False


@dataclass(frozen=True, slots=True)
class ClassSuggestion:
    cls: str | None            # serious / general; None when the catalogue row cannot be told
    code: str                  # the catalogue's code (e.g. C211)
    name: str                  # the catalogue's name for it
    star: bool = False         # the catalogue's note * applies
    star_decided: bool = False  # the posts decided the * note (none / one of its substances)
    candidates: tuple[Industry, ...] = ()
    source: str = "N1"


@dataclass(frozen=True, slots=True)
class IndustryList:
    industries: tuple[Industry, ...]
    star_hazards: tuple[str, ...] = ()
    star_note: dict[str, str] | None = None
    source: str = "N1"


def industry_list(d: Any) -> IndustryList:
    """industry_risk.yaml as parsed YAML → IndustryList (empty when the file is absent)."""
    d = d or {}
    rows = tuple(Industry(str(r["code"]), str(r["name"]), str(r["class"]), bool(r.get("star")), bool(r.get("variant")))
                 for r in d.get("industries") or ())
    note = d.get("star_note")
    return IndustryList(rows, tuple(d.get("star_hazards") or ()), dict(note) if note else None, str(d.get("source") or "N1"))


@lru_cache(maxsize=4)
def load_industries(root: str | None = None) -> IndustryList:
    """The list alone (the records layer's cheap path); the engine uses ``Catalogue.industries``."""
    from ohkit.catalogue.loader import read_yaml
    from ohkit.paths import checklists_dir

    path = Path(root) / FILE if root is not None else checklists_dir() / FILE
    return industry_list(read_yaml(path) if path.is_file() else None)


def _fold(s: str) -> str:
    return "".join(str(s).split()).replace("(", "（").replace(")", "）")


def _by_code(rows: tuple[Industry, ...], text: str) -> list[Industry]:
    """Rows whose code is a prefix of the firm's code (C2110 → C211); when the firm gives a broader
    code than the catalogue's (C21, C211 for F5265-style rows), the rows under it."""
    for m in _CODE.finditer(text):
        letter, digits = (m.group(1) or "").upper(), m.group(2)
        ok = [r for r in rows if not letter or r.code[0] == letter]
        hits = [r for r in ok if digits.startswith(r.code[1:])]
        if hits:
            longest = max(len(r.code) for r in hits)
            return [r for r in hits if len(r.code) == longest]
        hits = [r for r in ok if r.code[1:].startswith(digits)]
        if hits:
            return hits
    return []


def _by_name(rows: tuple[Industry, ...], text: str) -> list[Industry]:
    t = _fold(text)
    hits = [r for r in rows if _fold(r.name) in t]
    if not hits:
        return []
    longest = max(len(r.name) for r in hits)
    return [r for r in hits if len(r.name) == longest]


def _pick_variant(hits: list[Industry], text: str) -> list[Industry]:
    """牲畜饲养（牛、羊） vs 牲畜饲养（其他）: the row whose bracketed words appear in the text."""
    t = _fold(text)
    named = []
    for r in hits:
        m = re.search(r"（(.+?)）", _fold(r.name))
        words = [w for w in re.split(r"[、，,]", m.group(1))] if m else []
        if words and words != ["其他"] and any(w and w in t for w in words):
            named.append(r)
    return named or hits


def suggest_class(industry: str | None, hazard_ids: Iterable[str] | None = None,
                  root: str | None = None, industries: IndustryList | None = None) -> ClassSuggestion | None:
    """The class the 2021 catalogue gives the firm's industry, or None when it is not listed."""
    if not industry or not str(industry).strip():
        return None
    lst = industries if industries is not None else load_industries(root)
    text = str(industry)
    hits = _by_code(lst.industries, text) or _by_name(lst.industries, text)
    if not hits:
        return None
    if len(hits) > 1:
        hits = _pick_variant(hits, text)
    classes = {r.cls for r in hits}
    first = hits[0]
    code = first.code if len({r.code for r in hits}) == 1 else first.code[:3]
    name = first.name if len(hits) == 1 else "、".join(dict.fromkeys(r.name for r in hits))
    if len(classes) > 1:
        return ClassSuggestion(None, code, name, False, False, tuple(hits), lst.source)
    cls = classes.pop()
    star = any(r.star for r in hits)
    decided = False
    if star and hazard_ids is not None:
        ids = set(hazard_ids)
        cls = "serious" if ids & set(lst.star_hazards) else "general"
        decided = True
    return ClassSuggestion(cls, code, name, star, decided, tuple(hits), lst.source)
