"""The obligation catalogue and reference data (``checklists/*.yaml``).

Public API::

    from ohkit.catalogue import load_catalogue, load_hazards, find_hazard, suggest_hazards
    cat = load_catalogue()          # -> Catalogue (cached)
    cat.obligation("EXAM-2"); cat.hazard("noise"); cat.find_hazard("噪音")
    cat.exam_standard(as_of)        # "GBZ 188-2014" or "GBZ 188-2025"
    names = load_hazards()          # light: tuple[HazardName] (id, zh, en, aliases, category)
    find_hazard("石英粉尘")          # -> HazardName | None (on the light list)
    suggest_hazards("砂 尘")         # -> tuple[HazardName, ...] closest names (difflib)

Only the standard library is imported at module level; PyYAML is loaded on first use.
"""
from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence, TypeVar

from ohkit.catalogue.types import (
    AREAS,
    CATEGORIES,
    CHECK_KINDS,
    CONFIRMED,
    FLAGS,
    MANDATORY_SIGNS,
    STANDARD_2014,
    STANDARD_2025,
    UNCONFIRMED,
    WARNING_SIGNS,
    Applies,
    Basis,
    Card,
    Check,
    Document,
    ExamRule,
    ExamSpec,
    Hazard,
    HazardName,
    Obligation,
    Oel,
    Penalty,
    ProfileQuestion,
    Prohibited,
    Rate,
    Region,
    Scope,
    Source,
    Text,
    Valued,
)

__all__ = [
    "AREAS", "CATEGORIES", "CHECK_KINDS", "CONFIRMED", "FLAGS", "MANDATORY_SIGNS",
    "STANDARD_2014", "STANDARD_2025", "UNCONFIRMED", "WARNING_SIGNS", "GBZ188_2025_FROM",
    "Applies", "Basis", "Card", "Catalogue", "Check", "Document", "ExamRule", "ExamSpec",
    "Hazard", "HazardName", "Obligation", "Oel", "Penalty", "ProfileQuestion", "Prohibited",
    "Rate", "Region", "Scope", "Source", "Text", "Valued",
    "load_catalogue", "load_hazards", "find_hazard", "suggest_hazards", "normalise_name",
    "exam_standard",
]

GBZ188_2025_FROM = _dt.date(2026, 8, 1)
"""GBZ 188—2025 is said to apply from this date (unconfirmed, see hazards.yaml notes)."""

H = TypeVar("H", Hazard, HazardName)


def normalise_name(name: str) -> str:
    """Fold a hazard name for matching: full-width → half-width (NFKC), no spaces, case-folded."""
    s = unicodedata.normalize("NFKC", str(name))
    s = "".join(ch for ch in s if not ch.isspace())
    return s.casefold()


def exam_standard(as_of: _dt.date) -> str:
    """The GBZ 188 edition to use on ``as_of`` (2025 from 2026-08-01 where a hazard has rules)."""
    return STANDARD_2025 if as_of >= GBZ188_2025_FROM else STANDARD_2014


def _index(hazards: Iterable[H]) -> dict[str, H]:
    idx: dict[str, H] = {}
    for h in hazards:
        for n in (h.id,) + h.names:
            idx.setdefault(normalise_name(n), h)
    return idx


_BRACKETS = re.compile(r"\([^()]*\)")


def _find(idx: dict[str, H], name: str | None) -> H | None:
    """Exact match after folding; then the name without bracketed notes ("一氧化碳（CO）")."""
    if not name:
        return None
    key = normalise_name(name)
    hit = idx.get(key)
    if hit is None and "(" in key:
        bare = _BRACKETS.sub("", key)
        if bare and bare != key:
            hit = idx.get(bare)
    return hit


def _suggest(idx: dict[str, H], name: str | None, n: int) -> tuple[H, ...]:
    if not name:
        return ()
    import difflib

    key = normalise_name(name)
    out: list[H] = []
    for m in difflib.get_close_matches(key, list(idx), n=max(n * 4, 8), cutoff=0.4):
        h = idx[m]
        if h not in out:
            out.append(h)
        if len(out) >= n:
            break
    if len(out) < n:  # substring matches help short Chinese names (e.g. 粉尘, 苯)
        for k, h in idx.items():
            if len(out) >= n:
                break
            if (key in k or k in key) and h not in out and len(k) > 1:
                out.append(h)
    return tuple(out)


@dataclass(frozen=True)
class Catalogue:
    ruleset: str
    obligations: tuple[Obligation, ...]
    hazards: tuple[Hazard, ...]
    documents: tuple[Document, ...] = ()
    sources: tuple[Source, ...] = ()
    profile_questions: tuple[ProfileQuestion, ...] = ()
    areas: tuple[tuple[str, Mapping[str, str]], ...] = ()  # (key, {zh, en}) in reading order
    document_kind_titles: tuple[tuple[str, Mapping[str, str]], ...] = ()  # (kind, {zh, en}), documents.yaml
    rates: tuple[Rate, ...] = ()  # rates.yaml: how each rate is counted, with its source
    industries: Any = None  # industry_risk.yaml as ohkit.catalogue.industry.IndustryList (2021 目录)
    _obl: dict[str, Obligation] = field(default_factory=dict, repr=False, compare=False)
    _haz: dict[str, Hazard] = field(default_factory=dict, repr=False, compare=False)
    _names: dict[str, Hazard] = field(default_factory=dict, repr=False, compare=False)
    _fingerprints: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def __hash__(self) -> int:  # usable as a cache key (its contents hold dicts)
        return id(self)

    def __post_init__(self) -> None:
        self._obl.update({o.id: o for o in self.obligations})
        self._haz.update({h.id: h for h in self.hazards})
        self._names.update(_index(self.hazards))

    # -- lookups --------------------------------------------------------
    def obligation(self, obligation_id: str) -> Obligation:
        return self._obl[obligation_id]

    def rate(self, rate_id: str) -> Rate | None:
        for r in self.rates:
            if r.id == rate_id:
                return r
        return None

    def hazard(self, hazard_id: str) -> Hazard:
        return self._haz[hazard_id]

    def find_hazard(self, name: str | None) -> Hazard | None:
        """Match zh/en names, aliases and ids after folding spaces, width and case."""
        return _find(self._names, name)

    def suggest_hazards(self, name: str | None, n: int = 3) -> tuple[Hazard, ...]:
        return _suggest(self._names, name, n)

    def document(self, key: str) -> Document:
        for d in self.documents:
            if d.key == key:
                return d
        raise KeyError(key)

    def source(self, key: str) -> Source:
        for s in self.sources:
            if s.key == key:
                return s
        raise KeyError(key)

    def profile_question(self, qid: str) -> ProfileQuestion:
        for q in self.profile_questions:
            if q.id == qid:
                return q
        raise KeyError(qid)

    def area_title(self, area: str) -> Mapping[str, str]:
        """{zh, en} name of an area (ORG, EXAM …); the key itself if the catalogue has no name."""
        for key, title in self.areas:
            if key == area:
                return title
        return {"zh": area, "en": area}

    def area_order(self) -> tuple[str, ...]:
        return tuple(k for k, _ in self.areas)

    def by_area(self, area: str) -> tuple[Obligation, ...]:
        return tuple(o for o in self.obligations if o.area == area)

    def document_kind_title(self, kind: str) -> Mapping[str, str]:
        """{zh, en} name of a document kind (责任制 …; documents.yaml ``document_kinds``): the
        Chinese term is what users type in the documents table; the kind itself if not listed."""
        k = str(kind).split("|")[0]
        for key, title in self.document_kind_titles:
            if key == k:
                return title
        return {"zh": k, "en": k}

    def document_kinds(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Document kinds the checks look for in the documents table: (kind, obligation ids).

        ``kind`` is the preferred Chinese term (the first of a ``"a|b|c"`` alternative list),
        for templates and drop-downs.
        """
        seen: dict[str, list[str]] = {}
        for o in self.obligations:
            p = o.check.params
            for key in ("kinds", "drill_kinds"):
                for k in p.get(key) or ():
                    seen.setdefault(str(k).split("|")[0], []).append(o.id)
        return tuple((k, tuple(dict.fromkeys(v))) for k, v in seen.items())

    def fingerprint(self) -> str:
        """SHA-256 of every rule value (applies, check, severity, confidence, exam rules, OELs,
        prohibitions, high-toxic flags). Texts are left out: a change here needs a new ruleset."""
        import hashlib
        import json

        def rules(h: Hazard) -> dict:
            return {
                std: [[r.months, dict(r.when), r.default, r.confidence] for r in rs]
                for std, rs in sorted(h.exam.periodic.items())
            }

        data = {
            "obligations": [
                [o.id, list(o.applies.all), list(o.applies.any), o.check.kind, dict(o.check.params),
                 list(o.check.unconfirmed_params), o.severity, o.confidence]
                + ([o.scope.level, [list(r.names) for r in o.scope.regions]] if o.scope.local else [])
                for o in self.obligations
            ],
            "hazards": [
                [h.id, h.category, h.high_toxic, h.high_toxic_confidence, h.toxic,
                 [h.prohibited.pregnancy, h.prohibited.lactation, h.prohibited.minor,
                  dict(h.prohibited.condition)],
                 h.exam.pre, h.exam.exit, rules(h),
                 [[o.kind, o.value, o.unit, o.fraction, o.confidence] for o in h.oel]]
                for h in self.hazards
            ],
        }
        if self.industries is not None and self.industries.industries:
            data["industries"] = [[i.code, i.name, i.cls, i.star] for i in self.industries.industries]
        raw = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()

    def rule_fingerprints(self) -> dict[str, Any]:
        """Per-obligation fingerprints of the rule values (the same fields as ``fingerprint``)
        plus one for the hazard reference data, so that two assessments can tell which rules
        changed between them (``ohkit.engine.compare``). Computed once per catalogue (every
        assessment JSON of a portfolio run carries them); each call gets its own copy."""
        if not self._fingerprints:
            self._fingerprints.update(self._rule_fingerprints())
        fp = self._fingerprints
        return {**fp, "obligations": dict(fp["obligations"])}

    def _rule_fingerprints(self) -> dict[str, Any]:
        import hashlib
        import json

        def h(data: Any) -> str:
            raw = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
            return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]

        hazards = [[x.id, x.category, x.high_toxic, x.toxic, x.exam.pre, x.exam.exit,
                    {std: [[r.months, dict(r.when), r.default, r.confidence] for r in rs]
                     for std, rs in sorted(x.exam.periodic.items())},
                    [x.prohibited.pregnancy, x.prohibited.lactation, x.prohibited.minor],
                    [[o.kind, o.value, o.unit, o.fraction, o.confidence] for o in x.oel]] for x in self.hazards]
        hz = h(hazards)
        # checks that read the hazard reference data (exam rules, prohibitions, toxicity flags)
        # change when it does
        reads_hazards = {"exam_pre_employment", "exam_periodic", "exam_exit", "special_status_posts",
                         "minors_posts", "minors_exams", "high_toxic_monitoring", "radiation_exams"}
        hazard_flags = {"high_toxic", "toxic", "radiation"}

        def dep(o: Obligation) -> str | None:
            uses = o.check.kind in reads_hazards or bool(hazard_flags & {*o.applies.all, *o.applies.any})
            return hz if uses else None

        return {
            "ruleset": self.ruleset,
            "hazards": hz,
            "obligations": {o.id: h([list(o.applies.all), list(o.applies.any), o.check.kind, dict(o.check.params),
                                     list(o.check.unconfirmed_params), o.severity, o.confidence, dep(o)])
                            for o in self.obligations},
        }

    @staticmethod
    def exam_standard(as_of: _dt.date) -> str:
        return exam_standard(as_of)

    def periodic_rule(self, hazard_id: str, as_of: _dt.date, level: float | None = None,
                      grade: int | None = None) -> tuple[ExamRule | None, str]:
        """The periodic-exam rule for a hazard on ``as_of`` and the standard it came from.

        Uses GBZ 188-2025 rules from 2026-08-01 where the hazard has them, otherwise 2014.
        (A firm's ``exam_intervals`` override is applied by the engine, before this.)
        """
        h = self.hazard(hazard_id)
        std = exam_standard(as_of)
        if std == STANDARD_2025 and not h.exam.rules(STANDARD_2025):
            std = STANDARD_2014
        return h.exam.periodic_rule(std, level, grade), std


@lru_cache(maxsize=4)
def _load(root: str) -> Catalogue:
    from ohkit.catalogue.loader import build

    return Catalogue(**build(Path(root)))


def load_catalogue(root: str | Path | None = None) -> Catalogue:
    """Load (once) the catalogue from ``checklists/`` (or ``root``)."""
    if root is None:
        from ohkit.paths import checklists_dir

        root = checklists_dir()
    return _load(str(root))


@lru_cache(maxsize=4)
def _load_hazards(root: str) -> tuple[HazardName, ...]:
    from ohkit.catalogue.loader import build_hazard_names, read_raw

    return build_hazard_names(read_raw(Path(root))["hazards.yaml"])


def load_hazards(root: str | Path | None = None) -> tuple[HazardName, ...]:
    """The hazard names only (id, zh, en, aliases, category); cheap and cached."""
    if root is None:
        from ohkit.paths import checklists_dir

        root = checklists_dir()
    return _load_hazards(str(root))


@lru_cache(maxsize=4)
def _light_index(root: str) -> dict[str, HazardName]:
    return _index(_load_hazards(root))


def _root(root: str | Path | None) -> str:
    if root is None:
        from ohkit.paths import checklists_dir

        root = checklists_dir()
    return str(root)


def find_hazard(name: str | None, root: str | Path | None = None) -> HazardName | None:
    """Find a hazard on the light list by zh/en name, alias or id (folded)."""
    return _find(_light_index(_root(root)), name)


def suggest_hazards(name: str | None, n: int = 3, root: str | Path | None = None) -> tuple[HazardName, ...]:
    """Up to ``n`` hazards whose names are closest to ``name`` (difflib)."""
    return _suggest(_light_index(_root(root)), name, n)
