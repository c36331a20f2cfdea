"""Typed, frozen view of the catalogue YAML files in ``checklists/``.

Nothing here reads files: ``ohkit.catalogue.loader`` builds these objects.
Texts are :class:`Text` (a read-only ``{"zh": ..., "en": ...}`` mapping), so
``Translator.pick`` and message parameters accept them directly.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator, Mapping

CONFIRMED = "confirmed"
UNCONFIRMED = "unconfirmed"

AREAS: tuple[str, ...] = (
    "ORG", "RULE", "DECL", "MON", "EXAM", "REC", "TRAIN", "NOTICE",
    "PPE", "FAC", "CONST", "EMERG", "INS", "FEM", "MIN", "RAD",
)

FLAGS: tuple[str, ...] = (
    "always", "haz", "serious", "general", "over_100", "exposed", "high_toxic",
    "toxic", "acute", "radiation", "female", "minor", "new_project", "union",
)

CHECK_KINDS: tuple[str, ...] = (
    "document_present", "oh_staffing", "declaration_initial", "declaration_changes",
    "declaration_annual", "monitoring_periodic", "status_evaluation", "results_published",
    "over_limit_followup", "daily_monitoring", "high_toxic_monitoring", "emergency_plan",
    "exam_pre_employment", "exam_periodic", "exam_exit", "exam_notified",
    "contraindication_placement", "suspected_od_followup", "training_managers",
    "training_workers", "training_serious_before_start", "contract_notice",
    "signs_and_cards", "ppe_issued", "insurance_coverage", "special_status_posts",
    "minors_posts", "minors_exams", "radiation_dose", "radiation_exams", "manual",
)

CATEGORIES: tuple[str, ...] = ("dust", "chemical", "physical", "radiation", "biological", "other")
WARNING_SIGNS: tuple[str, ...] = (
    "poison", "toxic_gas", "dust", "corrosion", "noise", "heat", "arc", "infection", "radiation",
)
MANDATORY_SIGNS: tuple[str, ...] = (
    "gas_mask", "protective_clothing", "ventilate", "dust_mask", "gloves", "safety_shoes",
    "ear_protection", "goggles",
)

STANDARD_2014 = "GBZ 188-2014"
STANDARD_2025 = "GBZ 188-2025"


@dataclass(frozen=True, slots=True)
class Text(Mapping[str, str]):
    """A text in both languages. Behaves like ``{"zh": ..., "en": ...}``."""

    zh: str = ""
    en: str = ""
    confidence: str | None = None  # only where the reference marks the text itself

    def __getitem__(self, key: str) -> str:
        if key == "zh":
            return self.zh
        if key == "en":
            return self.en
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(("zh", "en"))

    def __len__(self) -> int:
        return 2

    def pick(self, lang: str) -> str:
        return (self.en if lang == "en" else self.zh) or self.zh or self.en

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"zh": self.zh, "en": self.en}
        if self.confidence:
            d["confidence"] = self.confidence
        return d


@dataclass(frozen=True, slots=True)
class Document:
    """A legal document or standard (``checklists/documents.yaml``)."""

    key: str
    title: Text
    number: str | None
    year: int | None
    status: str  # in_force / repealed / pending / reference
    kind: str  # law / regulation / rule / notice / standard
    effective: str | None = None
    source: str | None = None
    note: Text | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """A research source key (S1…, N1…) with its reliability tier."""

    key: str
    title: Text  # {zh, en}: each page language its own title
    tier: str  # A / B / C / D
    url: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Basis:
    """One legal basis: document key, article, source key, confidence."""

    doc: str
    article: str | None = None
    source: str | None = None
    confidence: str = CONFIRMED
    note: Text | None = None

    @property
    def confirmed(self) -> bool:
        return self.confidence == CONFIRMED


@dataclass(frozen=True, slots=True)
class Penalty:
    text: Text
    basis: tuple[Basis, ...] = ()


@dataclass(frozen=True, slots=True)
class Applies:
    """``all`` flags must be true and, if ``any`` is not empty, at least one of them."""

    all: tuple[str, ...] = ()
    any: tuple[str, ...] = ()

    @property
    def always(self) -> bool:
        return not self.any and all(f == "always" for f in self.all)

    def flags(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.all + self.any))


@dataclass(frozen=True, slots=True)
class Check:
    kind: str
    params: Mapping[str, Any] = field(default_factory=dict)
    unconfirmed_params: tuple[str, ...] = ()  # params whose value is not settled

    @property
    def manual(self) -> bool:
        return self.kind == "manual"


@dataclass(frozen=True, slots=True)
class Region:
    """A region known to have a local rule: names matched against enterprise.yaml ``region``."""

    names: tuple[str, ...]
    source: str
    note: Text | None = None
    en: str | None = None  # the region's English name, for English output


@dataclass(frozen=True, slots=True)
class Scope:
    """Where a rule comes from: ``local`` rules decide only in the regions listed (with sources)."""

    level: str = "national"
    regions: tuple[Region, ...] = ()
    note: Text | None = None

    @property
    def local(self) -> bool:
        return self.level == "local"

    def region_of(self, region: str | None) -> Region | None:
        """The listed region whose name appears in the firm's region text (e.g. 天津 in 天津市静海区)."""
        if not region:
            return None
        text = "".join(str(region).split())
        for r in self.regions:
            if any(n and n in text for n in r.names):
                return r
        return None


NATIONAL = Scope()


@dataclass(frozen=True, slots=True)
class Obligation:
    id: str
    area: str
    title: Text
    duty: Text
    applies: Applies
    basis: tuple[Basis, ...]
    severity: str  # high / medium / low
    penalty: Penalty | None
    evidence: tuple[str, ...]
    check: Check
    question: Text | None
    advice: Text
    common_failures: Text | None
    confidence: str
    notes: Text | None = None
    documents: tuple[str, ...] = ()  # document kinds (documents table) that show it
    scope: Scope = NATIONAL  # national, or local (decides 不符合 only in the regions listed)

    @property
    def confirmed(self) -> bool:
        return self.confidence == CONFIRMED

    def unconfirmed_notes(self) -> tuple[Text, ...]:
        """Notes to print next to any result that used this obligation's unsettled values."""
        if self.confirmed:
            return ()
        return (self.notes,) if self.notes else ()


@dataclass(frozen=True, slots=True)
class Valued:
    """A value with its confidence (and source), e.g. a catalogue number."""

    value: Any
    confidence: str = CONFIRMED
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Prohibited:
    """Work on this factor is prohibited for these groups (FEM-1 / MIN-1)."""

    pregnancy: bool = False
    lactation: bool = False
    minor: bool = False
    confidence: str = CONFIRMED
    source: str | None = None
    note: Text | None = None
    # per group: "any" (always), "over_limit" (only above the OEL), "grade_3_4" (work graded 3-4)
    condition: Mapping[str, str] = field(default_factory=dict)

    def applies_to(self, group: str) -> bool:
        """group: pregnancy / lactation / minor."""
        return bool(getattr(self, group))

    def condition_for(self, group: str) -> str:
        return self.condition.get(group, "any")


@dataclass(frozen=True, slots=True)
class Oel:
    kind: str  # PC-TWA / PC-STEL / MAC / LEX8h / LEX40h / peak / WBGT / a_hw4 / irradiance / radiant_exposure / dose
    value: float
    unit: str
    fraction: str | None = None  # 总尘 / 呼尘 / band / condition
    confidence: str = CONFIRMED
    source: str | None = None
    note: Text | None = None
    verify: bool = False  # confirmed only by a transcription of the official text (tier D)

    @property
    def confirmed(self) -> bool:
        return self.confidence == CONFIRMED

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "value": self.value,
            "unit": self.unit,
            "fraction": self.fraction,
            "confirmed": self.confirmed,
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class ExamRule:
    """One periodic-exam rule. ``when`` keys: level_min, level_max (numeric level, max
    exclusive), grade_min, grade_max (1–4, inclusive). ``default`` rules match always."""

    months: int
    when: Mapping[str, float] = field(default_factory=dict)
    default: bool = False
    confidence: str = CONFIRMED
    source: str | None = None
    note: Text | None = None

    @property
    def confirmed(self) -> bool:
        return self.confidence == CONFIRMED

    def matches(self, level: float | None = None, grade: int | None = None) -> bool:
        if self.default:
            return True
        if not self.when:
            return True
        w = self.when
        if "level_min" in w or "level_max" in w:
            if level is None:
                return False
            if "level_min" in w and level < w["level_min"]:
                return False
            if "level_max" in w and level >= w["level_max"]:
                return False
        if "grade_min" in w or "grade_max" in w:
            if grade is None:
                return False
            if "grade_min" in w and grade < w["grade_min"]:
                return False
            if "grade_max" in w and grade > w["grade_max"]:
                return False
        return True


@dataclass(frozen=True, slots=True)
class ExamSpec:
    pre: bool = True
    exit: bool = True
    periodic: Mapping[str, tuple[ExamRule, ...]] = field(default_factory=dict)
    pre_confidence: str = CONFIRMED
    exit_confidence: str = CONFIRMED
    note: Text | None = None

    def rules(self, standard: str) -> tuple[ExamRule, ...]:
        return self.periodic.get(standard, ())

    def periodic_rule(self, standard: str, level: float | None = None,
                      grade: int | None = None) -> ExamRule | None:
        """First rule of ``standard`` that matches; falls back to GBZ 188-2014 when the
        standard has no rules for this hazard. ``None`` when no periodic exam applies (no rule
        matches, or the matching rule has ``months: 0``, e.g. noise below 80 dB(A))."""
        rules = self.periodic.get(standard) or self.periodic.get(STANDARD_2014, ())
        for r in rules:
            if r.matches(level, grade):
                return r if r.months > 0 else None  # months 0: no periodic exam in this range
        return None


@dataclass(frozen=True, slots=True)
class Card:
    warning: Text
    properties: Text
    emergency: Text
    protection: Text
    warning_signs: tuple[str, ...] = ()
    mandatory_signs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class HazardName:
    """The light view of a hazard factor (what the records layer needs)."""

    id: str
    zh: str
    en: str
    aliases: tuple[str, ...] = ()
    category: str = "other"
    high_toxic: bool = False  # on the 高毒物品目录 (the records layer warns on a contradicted profile)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.zh, self.en) + self.aliases


@dataclass(frozen=True, slots=True)
class Hazard:
    id: str
    zh: str
    en: str
    aliases: tuple[str, ...]
    category: str
    catalogue_no: Valued | None
    cas: str | None
    high_toxic: bool
    high_toxic_confidence: str
    toxic: bool  # a toxic substance in the sense of 使用有毒物品作业场所劳动保护条例
    prohibited: Prohibited
    health_effects: Text
    target_disease: Text
    contraindications: Text
    oel: tuple[Oel, ...]
    exam: ExamSpec
    card: Card
    carcinogen: str | None = None  # G1 / G2A / G2B
    carcinogen_confidence: str = CONFIRMED
    skin: bool = False
    sensitiser: bool = False
    notes: Text | None = None
    standard_section: Mapping[str, Valued] = field(default_factory=dict)
    oel_pending: tuple[Oel, ...] = ()  # announced but unverified values: shown, never used to judge
    high_toxic_items: tuple[int, ...] = ()  # item numbers on the 高毒物品目录 (卫法监发〔2003〕142号)
    high_toxic_source: str | None = None
    high_toxic_scope: Text | None = None  # which part of a group entry the items cover

    @property
    def names(self) -> tuple[str, ...]:
        return (self.zh, self.en) + self.aliases

    @property
    def name(self) -> Text:
        return Text(self.zh, self.en)

    def light(self) -> HazardName:
        return HazardName(self.id, self.zh, self.en, self.aliases, self.category, self.high_toxic)


@dataclass(frozen=True, slots=True)
class Rate:
    """A rate as health authorities count it (checklists/rates.yaml): what the numerator and the
    denominator count, who is left out, the target and where it comes from."""

    id: str
    name: Text
    unit: str  # firm / worker / person / point
    numerator: Text
    denominator: Text
    excluded: Text | None = None
    target: Valued | None = None
    basis: tuple[Basis, ...] = ()

    @property
    def confirmed(self) -> bool:
        return all(b.confirmed for b in self.basis) and (self.target is None or self.target.confidence == CONFIRMED)


@dataclass(frozen=True, slots=True)
class ProfileQuestion:
    id: str  # profile key, e.g. hazard_class or oh_manager.full_time
    question: Text
    type: str  # bool / int / enum
    help: Text | None = None
    choices: tuple[tuple[str, Text], ...] = ()  # enum: (value, label)
    min: int | None = None
    max: int | None = None
    ask_when: tuple[str, ...] = ()  # flags that must be true/unknown for the question to matter
    order: int = 0
