"""Catalogue texts and shared labels for the renderers.

Renderers read only the Assessment plus catalogue texts. The catalogue is read
through ``ohkit.catalogue.load_catalogue()``; while that layer is missing a
small fallback reads the YAML files in ``checklists/`` directly. Catalogue
objects may be mappings or attribute objects: ``g()`` reads either.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Mapping

from ohkit.i18n import N_, Translator
from ohkit.model import Assessment, Finding

STATUS = {
    "pass": N_("Met"), "fail": N_("Not met"), "unknown": N_("Cannot tell"),
    "not_applicable": N_("Not applicable"), "manual": N_("To be answered"),
    "unconfirmed": N_("Rule unconfirmed"),
}
SEVERITY = {"high": N_("High"), "medium": N_("Medium"), "low": N_("Low")}

WARNING_SIGNS = {
    "poison": N_("Beware of poisoning"), "toxic_gas": N_("Beware of toxic gas"),
    "dust": N_("Mind the dust"), "corrosion": N_("Beware of corrosion"),
    "noise": N_("Harmful noise"), "heat": N_("Mind the heat"),
    "arc": N_("Beware of arc light"), "infection": N_("Beware of infection"),
    "radiation": N_("Beware of ionising radiation"),
}
MANDATORY_SIGNS = {
    "gas_mask": N_("Wear a gas mask"), "protective_clothing": N_("Wear protective clothing"),
    "ventilate": N_("Keep ventilated"), "dust_mask": N_("Wear a dust mask"),
    "gloves": N_("Wear protective gloves"), "safety_shoes": N_("Wear safety shoes"),
    "ear_protection": N_("Wear hearing protection"), "goggles": N_("Wear goggles"),
}
def g(obj: Any, key: str, default: Any = None) -> Any:
    """Read ``key`` from a mapping or an attribute object."""
    if obj is None:
        return default
    if isinstance(obj, Mapping):
        v = obj.get(key, default)
    else:
        v = getattr(obj, key, default)
    return default if v is None else v


@lru_cache(maxsize=1)
def catalogue() -> Any:
    try:
        from ohkit.catalogue import load_catalogue
    except ImportError:
        return _fallback_catalogue()
    return load_catalogue()


def _fallback_catalogue() -> dict[str, Any]:
    import yaml

    from ohkit.paths import checklists_dir

    out: dict[str, Any] = {"ruleset": None, "obligations": [], "hazards": [], "documents": {}}
    d = checklists_dir()
    for name, key in (("obligations.yaml", "obligations"), ("hazards.yaml", "hazards"),
                      ("documents.yaml", "documents")):
        p = d / name
        if p.is_file():
            data = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
            out[key] = data.get(key, out[key])
            if key == "obligations":
                out["ruleset"] = data.get("ruleset")
    return out


def _index(items: Any) -> dict[str, Any]:
    if items is None:
        return {}
    if isinstance(items, Mapping):
        return {str(k): v for k, v in items.items()}
    return {str(g(x, "id") or g(x, "key")): x for x in items}


@lru_cache(maxsize=1)
def obligations() -> dict[str, Any]:
    return _index(g(catalogue(), "obligations"))


@lru_cache(maxsize=1)
def hazards() -> dict[str, Any]:
    return _index(g(catalogue(), "hazards"))


@lru_cache(maxsize=1)
def documents() -> dict[str, Any]:
    return _index(g(catalogue(), "documents"))


def area_order() -> tuple[str, ...]:
    """Area keys in the catalogue's reading order."""
    c = catalogue()
    if hasattr(c, "area_order"):
        return tuple(c.area_order())
    seen: dict[str, None] = {}
    for o in obligations().values():
        seen.setdefault(str(g(o, "area", "")), None)
    return tuple(k for k in seen if k)


def area_name(tr: Translator, key: str) -> str:
    """The catalogue's name for an area (the same words in assess, report and guide)."""
    c = catalogue()
    if hasattr(c, "area_title"):
        try:
            return tr.pick(c.area_title(key)) or key
        except KeyError:
            return key
    return key


@lru_cache(maxsize=1)
def _obligation_rank() -> dict[str, int]:
    return {oid: i for i, oid in enumerate(obligations())}


def obligation_rank(oid: str) -> tuple[int, str]:
    """Sort key: the catalogue's order (EXAM-2 before EXAM-10), unknown ids last."""
    return (_obligation_rank().get(oid, 10**6), oid)


def obligation_title(tr: Translator, oid: str) -> str:
    return tr.pick(g(obligations().get(oid), "title")) or oid


def basis_text(tr: Translator, basis: Any) -> str:
    """'职业病防治法 第35条; …' from a list of {doc, article, confidence}."""
    from ohkit.catalogue.citation import article_text

    parts = []
    for b in basis or ():
        doc = g(b, "doc", "")
        d = documents().get(str(doc))
        title = tr.pick(g(d, "short") or g(d, "title")) if d is not None else str(doc)
        if tr.lang == "zh" and title.startswith("中华人民共和国") and len(title) > 9:
            title = title[len("中华人民共和国"):]  # 职业病防治法: the usual short citation
        art = article_text(g(b, "article", ""), tr.lang)
        s = f"{title} {art}".strip()
        if g(b, "confidence") == "unconfirmed":
            s += " " + tr.gettext("(unconfirmed)")
        parts.append(s)
    return ("；" if tr.lang == "zh" else "; ").join(p for p in parts if p)


def _cites_all(text: str, basis: list[Any]) -> bool:
    """True when the penalty text already names every article of its basis
    ("…（职业病防治法第70条第2项）" / "(Law Art 70(4))"), so the citation is not repeated."""
    import re

    nums = []
    for b in basis:
        m = re.search(r"\d+", str(g(b, "article", "") or ""))
        if not m:
            return False
        nums.append(m.group(0))
    return bool(nums) and all(re.search(rf"第\s*{n}\s*条|\bArt\.?\s*{n}\b", text) for n in nums)


def obligation_texts(tr: Translator, oid: str) -> dict[str, str]:
    o = obligations().get(oid)
    pen = g(o, "penalty")
    pen_txt = ""
    if pen:
        text = g(pen, "text") if not (isinstance(pen, Mapping) and ("zh" in pen or "en" in pen)) else pen
        pen_txt = tr.pick(text) if text else ""
        pb = g(pen, "basis")
        if pb:
            pb = [pb] if isinstance(pb, Mapping) or not isinstance(pb, (list, tuple)) else list(pb)
            if not (pen_txt and _cites_all(pen_txt, pb)):
                bt = basis_text(tr, pb)
                if pen_txt and bt:
                    pen_txt = f"{pen_txt}（{bt}）" if tr.lang == "zh" else f"{pen_txt} ({bt})"
                else:
                    pen_txt = pen_txt or bt
    return {
        "title": tr.pick(g(o, "title")) or oid,
        "duty": tr.pick(g(o, "duty")),
        "basis": basis_text(tr, g(o, "basis")),
        "penalty": pen_txt,
        "advice": tr.pick(g(o, "advice")),
        "unconfirmed": "1" if g(o, "confidence") == "unconfirmed" else "",
    }


# ---------------------------------------------------------------------------
# Grading: the one place that defines the overall grade on the cover.
# ---------------------------------------------------------------------------

GRADE_PASS_RATE = 0.90   # 合格: at least this share of applicable obligations met …
GRADE_BASIC_RATE = 0.70  # 基本合格: at least this share met …
GRADE_LABELS = {"pass": N_("Compliant"), "basic": N_("Basically compliant"), "fail": N_("Non-compliant"),
                "none": N_("Not graded: no obligation could be assessed")}
GRADE_RULE = N_(
    "Grading rule: Compliant = no high-severity obligation not met and at least {pass_pct}% of "
    "applicable obligations met; Basically compliant = no high-severity obligation not met and at "
    "least {basic_pct}% met; otherwise Non-compliant. Obligations still to be answered or that the "
    "records cannot show count as not met until they are shown."
)


@dataclass(frozen=True)
class Grade:
    level: str  # pass / basic / fail / none (nothing applicable to assess)
    met: int
    applicable: int
    high_fail: int

    @property
    def rate(self) -> float:
        return 0.0 if self.applicable == 0 else self.met / self.applicable


def is_met(f: Finding) -> bool | None:
    """The engine's own reading (a manual finding answered yes is met)."""
    try:
        from ohkit.engine import is_met as engine_is_met
    except ImportError:  # engine layer missing: the plain statuses only
        return True if f.status == "pass" else False if f.status == "fail" else None
    return engine_is_met(f)


def effective_status(f: Finding) -> str:
    """Status as shown and counted: a walk-through answer turns 'manual' into met / not met."""
    if f.status == "manual":
        m = is_met(f)
        return "pass" if m is True else "fail" if m is False else "manual"
    return f.status


def grade(a: Assessment) -> Grade:
    # a result under an unconfirmed or other-region rule is advice: it neither counts for nor against
    applicable = [f for f in a.findings if f.status not in ("not_applicable", "unconfirmed")]
    met = sum(1 for f in applicable if effective_status(f) == "pass")
    high_fail = sum(1 for f in applicable if effective_status(f) == "fail" and f.severity == "high")
    n = len(applicable)
    rate = 0.0 if n == 0 else met / n
    if n == 0:
        level = "none"
    elif high_fail == 0 and rate >= GRADE_PASS_RATE:
        level = "pass"
    elif high_fail == 0 and rate >= GRADE_BASIC_RATE:
        level = "basic"
    else:
        level = "fail"
    return Grade(level, met, n, high_fail)


def pct(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.1f}%"


def _dating_subjects(f: Finding) -> list:
    """The subjects that date a finding: not the passing ones, and for a duty not met not those
    only an unconfirmed rule finds late (they are advice; the engine dates the finding the same way)."""
    skip = ("pass", "unconfirmed") if f.status == "fail" else ("pass",)
    return [s for s in f.subjects if s.status not in skip]


def finding_due(f: Finding) -> dt.date | None:
    if f.due:
        return f.due
    dues = [s.due for s in _dating_subjects(f) if s.due]
    return min(dues) if dues else None


def finding_overdue(f: Finding) -> int:
    vals = [f.overdue_days or 0] + [s.overdue_days or 0 for s in _dating_subjects(f)]
    return max(vals)
