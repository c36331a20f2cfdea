"""Typed data shared by every layer (records -> engine -> render).

This module imports nothing from ohkit. Everything here is plain data: frozen
dataclasses with a ``to_dict()`` that gives the JSON form used by ``-o json``.
Text shown to users is never stored here as a finished sentence: a ``Msg``
carries a message code and its parameters, and the render layer turns it into
Chinese or English through ``ohkit.i18n``.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any, Literal, Mapping

# ---------------------------------------------------------------------------
# Provenance
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Loc:
    """Where a value came from, as the user sees it.

    ``file`` is relative to the firm folder (``records.xlsx``, ``workers.csv``,
    ``enterprise.yaml``). ``row`` is the row number shown by Excel (the header
    row counts, so the first data row under a header in row 1 is row 2).
    ``column`` is the column letter (``C``) for tables, or a dotted key path
    (``oh_manager.full_time``) for YAML. ``header`` is the header text as written.
    """

    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    header: str | None = None

    def __str__(self) -> str:
        where = self.file if not self.sheet else f"{self.file}[{self.sheet}]"
        parts = [where]
        if self.row is not None:
            parts.append(str(self.row))
        if self.column:
            parts.append(self.column)
        return ":".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "header": self.header,
        }


@dataclass(frozen=True, slots=True)
class Msg:
    """A message to show to a user: a code plus parameters.

    The code is looked up in the message registry (``ohkit.i18n.render_msg``)
    which holds one English template per code, translated with gettext.
    Parameters are plain JSON values (str, int, float, bool, None, lists).
    """

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "params": dict(self.params)}


Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the records, with where it is and how to fix it.

    ``msg`` says what is wrong; ``fix`` says what to do. ``value`` is the bad
    value as the user typed it (already masked if it is an ID number).
    """

    code: str
    loc: Loc
    msg: Msg
    fix: Msg | None = None
    value: str | None = None
    severity: Severity = "error"

    def to_dict(self, render: Any | None = None) -> dict[str, Any]:
        d: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity,
            "location": str(self.loc),
            **self.loc.to_dict(),
            "value": self.value,
            "msg": self.msg.to_dict(),
            "fix": self.fix.to_dict() if self.fix else None,
        }
        if render is not None:
            d["message"] = render(self.msg)
            d["fix_text"] = render(self.fix) if self.fix else None
        return d


# ---------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TableSource:
    """One table as found in the firm folder: its file/sheet and header map.

    ``columns`` maps a field key (``hire_date``) to (column letter, header text).
    """

    table: str
    file: str
    sheet: str | None
    header_row: int
    columns: Mapping[str, tuple[str, str]]
    encoding: str | None = None

    def loc(self, row: int | None = None, field_key: str | None = None) -> Loc:
        col, header = (None, None)
        if field_key is not None and field_key in self.columns:
            col, header = self.columns[field_key]
        return Loc(self.file, self.sheet, row, col, header)


@dataclass(frozen=True, slots=True)
class Record:
    """One normalised row of a table.

    ``values`` holds typed values keyed by the schema's field keys: ``date``
    for dates, ``bool``, ``int``/``float``, ``tuple[str, ...]`` for lists and
    the English enumeration key for enumerations. Empty cells are absent.
    A value that failed normalisation is absent too (and a Problem says why).
    """

    table: str
    row: int
    values: Mapping[str, Any]
    source: TableSource

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def loc(self, field_key: str | None = None) -> Loc:
        return self.source.loc(self.row, field_key)


@dataclass(frozen=True, slots=True)
class Manager:
    name: str | None = None
    full_time: bool | None = None


@dataclass(frozen=True, slots=True)
class Insurance:
    insured: int | None = None
    as_of: _dt.date | None = None


@dataclass(frozen=True, slots=True)
class Profile:
    """enterprise.yaml, normalised. ``None`` means "not stated"."""

    name: str | None = None
    credit_code: str | None = None
    region: str | None = None
    industry: str | None = None
    size: str | None = None  # micro / small / medium / large
    headcount: int | None = None
    hazard_class: str | None = None  # serious / general / none
    principal: str | None = None
    oh_manager: Manager | None = None
    oh_body: str | None = None
    insurance: Insurance | None = None
    uses_high_toxic: bool | None = None
    acute_risk: bool | None = None
    radiation: bool | None = None
    has_union: bool | None = None
    new_project: bool | None = None
    exam_intervals: Mapping[str, int] = field(default_factory=dict)
    contact_phone: str | None = None  # OH contact phone shown on notice cards
    source_file: str = "enterprise.yaml"


@dataclass(frozen=True)
class Workspace:
    """Everything read from one firm folder, normalised and validated.

    ``tables`` maps table name to its records (absent table = empty list and
    no entry in ``sources``). ``problems`` are the validation problems.
    ``answers`` are the walk-through answers from answers.yaml (obligation or
    profile question id -> {"answer": ..., "date": ...}).
    ``digest`` is the SHA-256 of the input files (sorted by name).
    """

    root: str
    profile: Profile
    tables: Mapping[str, tuple[Record, ...]]
    sources: Mapping[str, TableSource]
    problems: tuple[Problem, ...]
    answers: Mapping[str, Any]
    digest: str
    files: tuple[str, ...] = ()
    # Records that could not be read at all (a file that does not parse, a table that is
    # not a regular file, a table over a limit …): one Problem each, with where it is.
    # Empty means every record file present was read. Renderers only show this.
    unread: tuple[Problem, ...] = ()

    @property
    def complete(self) -> bool:
        """True when every record file present could be read."""
        return not self.unread

    def table(self, name: str) -> tuple[Record, ...]:
        return self.tables.get(name, ())

    def has_table(self, name: str) -> bool:
        return name in self.sources


# ---------------------------------------------------------------------------
# Assessment
# ---------------------------------------------------------------------------

# ``unconfirmed``: the records do not meet a rule that rests on a value with no primary source,
# or on a local rule the firm's region is not known to have: advice, never counted as not met.
Status = Literal["pass", "fail", "unknown", "not_applicable", "manual", "unconfirmed"]
STATUSES: tuple[str, ...] = ("pass", "fail", "unknown", "not_applicable", "manual", "unconfirmed")


@dataclass(frozen=True, slots=True)
class SubjectResult:
    """The result of one obligation for one subject (worker, post, person, report, firm).

    ``label`` is display text safe to print (names; never an unmasked ID number).
    ``due`` is when the next action is due; ``overdue_days`` > 0 when late.
    """

    kind: str  # worker / post / person / report / firm / hazard
    id: str
    label: str
    status: Status
    msg: Msg
    due: _dt.date | None = None
    overdue_days: int | None = None
    evidence: tuple[Loc, ...] = ()

    def to_dict(self, render: Any | None = None) -> dict[str, Any]:
        d = {
            "kind": self.kind,
            "id": self.id,
            "label": self.label,
            "status": self.status,
            "msg": self.msg.to_dict(),
            "due": self.due.isoformat() if self.due else None,
            "overdue_days": self.overdue_days,
            "evidence": [e.to_dict() for e in self.evidence],
        }
        if render is not None:
            d["message"] = render(self.msg)
        return d


@dataclass(frozen=True, slots=True)
class Finding:
    """The result of one obligation for the firm."""

    obligation_id: str
    area: str
    status: Status
    severity: str  # high / medium / low
    msg: Msg
    subjects: tuple[SubjectResult, ...] = ()
    due: _dt.date | None = None
    overdue_days: int | None = None
    evidence: tuple[Loc, ...] = ()
    answer: Any = None  # walk-through answer used, if any
    unconfirmed: tuple[str, ...] = ()  # notes on unconfirmed reference values used

    def to_dict(self, render: Any | None = None) -> dict[str, Any]:
        d = {
            "obligation_id": self.obligation_id,
            "area": self.area,
            "status": self.status,
            "severity": self.severity,
            "msg": self.msg.to_dict(),
            "due": self.due.isoformat() if self.due else None,
            "overdue_days": self.overdue_days,
            "evidence": [e.to_dict() for e in self.evidence],
            "answer": self.answer,
            "unconfirmed": list(self.unconfirmed),
            "subjects": [s.to_dict(render) for s in self.subjects],
        }
        if render is not None:
            d["message"] = render(self.msg)
        return d


@dataclass(frozen=True, slots=True)
class Metric:
    """A rate local plans set targets for (e.g. exam coverage)."""

    id: str
    numerator: int
    denominator: int
    target: float | None = None  # e.g. 0.95

    @property
    def value(self) -> float | None:
        return None if self.denominator == 0 else self.numerator / self.denominator

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "value": self.value,
            "target": self.target,
        }


@dataclass(frozen=True, slots=True)
class DueItem:
    """Something that falls due on a date (next exam, training renewal, test cycle…)."""

    date: _dt.date
    kind: str  # exam / training / monitoring / declaration / evaluation / dose
    obligation_id: str
    subject_kind: str
    subject_id: str
    label: str
    msg: Msg
    overdue: bool = False

    def to_dict(self, render: Any | None = None) -> dict[str, Any]:
        d = {
            "date": self.date.isoformat(),
            "kind": self.kind,
            "obligation_id": self.obligation_id,
            "subject_kind": self.subject_kind,
            "subject_id": self.subject_id,
            "label": self.label,
            "msg": self.msg.to_dict(),
            "overdue": self.overdue,
        }
        if render is not None:
            d["message"] = render(self.msg)
        return d


@dataclass(frozen=True, slots=True)
class Measurement:
    """Latest measured value at a post for a hazard (for notice cards)."""

    value: str
    unit: str | None
    limit: str | None
    verdict: str | None
    date: _dt.date | None
    report_no: str | None
    evidence: Loc | None = None


@dataclass(frozen=True, slots=True)
class PostHazard:
    """One hazard at one post, with everything a notice card shows (already resolved)."""

    hazard_id: str  # catalogue id, or the raw name if unknown
    name_zh: str
    name_en: str
    category: str
    oel: tuple[Mapping[str, Any], ...] = ()  # [{"kind": "PC-TWA", "value": 1, "unit": "mg/m³", "fraction": "总尘", "confirmed": True}]
    latest: Measurement | None = None
    exam_interval_months: int | None = None
    exam_interval_confirmed: bool = True
    level: str | None = None
    serious: bool | None = None


@dataclass(frozen=True, slots=True)
class PostSummary:
    post_id: str
    post: str
    workplace: str | None
    hazards: tuple[PostHazard, ...]
    exposed: int | None
    worker_ids: tuple[str, ...] = ()
    card_posted: _dt.date | None = None


@dataclass(frozen=True)
class Assessment:
    """The whole result of ``assess(workspace, as_of)``. Renderers read only this."""

    firm: Profile
    as_of: _dt.date
    ruleset_version: str
    ohkit_version: str
    exam_standard: str  # e.g. "GBZ 188-2014" or "GBZ 188—2025"
    findings: tuple[Finding, ...]
    metrics: tuple[Metric, ...]
    due: tuple[DueItem, ...]
    posts: tuple[PostSummary, ...]
    records_digest: str
    problems: tuple[Problem, ...] = ()
    flags: Mapping[str, bool | None] = field(default_factory=dict)  # applicability flags
    workers: tuple[Mapping[str, Any], ...] = ()  # display rows for the appendix (masked)
    # the hazard class used and where it came from: {"value": serious/general/none/None, "source":
    # enterprise/answers/industry/None, "industry": {code, name, class, star, source} or None}
    hazard_class: Mapping[str, Any] = field(default_factory=dict)
    unread: tuple[Problem, ...] = ()  # records that could not be read (Workspace.unread)
    record_files: tuple[str, ...] = ()  # the input files the digest covers (Workspace.files)

    @property
    def complete(self) -> bool:
        """True when the assessment rests on every record file present (nothing unread)."""
        return not self.unread

    def finding(self, obligation_id: str) -> Finding:
        for f in self.findings:
            if f.obligation_id == obligation_id:
                return f
        raise KeyError(obligation_id)

    def counts(self) -> dict[str, int]:
        out = {s: 0 for s in STATUSES}
        for f in self.findings:
            out[f.status] += 1
        return out


# ---------------------------------------------------------------------------
# Declaration form (职业病危害项目申报表, prefilled from the records)
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FormValue:
    """One box of a prefilled form. ``value`` None = left blank for the user to fill in
    (never guessed); ``sources`` are the records the value came from; ``note`` says how
    it was derived (e.g. counted from the roster)."""

    key: str
    value: Any = None
    sources: tuple[Loc, ...] = ()
    note: Msg | None = None

    @property
    def blank(self) -> bool:
        return self.value is None or self.value == ""


@dataclass(frozen=True, slots=True)
class FactorCount:
    """One hazard factor and the workers exposed to it (each worker counted once)."""

    hazard_id: str
    name: Mapping[str, str]  # {"zh": …, "en": …}
    category: str | None     # dust chemical physical radiation biological other; None = not in the catalogue
    exposed: FormValue
    posts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CategoryCount:
    category: str
    present: FormValue   # True / False / None (posts table not filled in)
    exposed: FormValue   # workers exposed to any factor of the category, each counted once
    factors: tuple[FactorCount, ...] = ()


@dataclass(frozen=True, slots=True)
class WorkplaceRow:
    """职业病危害因素分布情况: one workplace, its factors with exposed headcount (可重复 across
    factors) and the workers exposed to any of them (不重复)."""

    workplace: FormValue
    posts: tuple[str, ...]
    factors: tuple[FactorCount, ...]
    exposed_unique: FormValue


@dataclass(frozen=True, slots=True)
class DetectionSummary:
    """The latest workplace testing report: points tested and points over the limit."""

    report_no: FormValue
    date: FormValue
    agency: FormValue
    kind: FormValue
    points: FormValue
    over: FormValue
    by_category: tuple[tuple[str, int, int], ...] = ()  # (category, points, over)


@dataclass(frozen=True, slots=True)
class ExamSummary:
    """Health exams in the twelve months up to the form date."""

    start: _dt.date
    end: _dt.date
    due: FormValue          # exposed workers due a periodic exam (EXAM-2)
    done: FormValue         # … of them examined in time
    exams: FormValue        # exams held in the period (all types)
    by_type: tuple[tuple[str, int], ...] = ()
    contraindication: FormValue = field(default_factory=lambda: FormValue("contraindication"))
    suspected: FormValue = field(default_factory=lambda: FormValue("suspected"))
    recheck: FormValue = field(default_factory=lambda: FormValue("recheck"))


@dataclass(frozen=True, slots=True)
class DeclarationReason:
    """Why (or when) a declaration is due under 职业病危害项目申报办法 (48号令) or the system rules.

    ``kind``: initial / project / hazards / firm / detection / annual. ``status``: due (not filed,
    deadline ahead or none), overdue, check (file only if the content changed), window (the
    annual window is open), upcoming (the next annual window), unknown (no declarations table),
    unknown_hazards (nothing declared and the records do not say whether there are hazards),
    not_needed (no hazard factors)."""

    kind: str
    status: str
    basis: str              # article, e.g. "第8条第2项"; "system" for the online system's rule
    event: str | None = None
    event_date: _dt.date | None = None
    deadline: _dt.date | None = None
    opens: _dt.date | None = None
    days: int | None = None
    over_points: int | None = None
    evidence: tuple[Loc, ...] = ()


@dataclass(frozen=True)
class DeclarationForm:
    """The 职业病危害项目申报表 as far as the records fill it (``ohkit.engine.declaration``)."""

    as_of: _dt.date
    ruleset_version: str
    ohkit_version: str
    records_digest: str
    basic: tuple[FormValue, ...]
    categories: tuple[CategoryCount, ...]
    exposed_total: FormValue
    unclassified: tuple[FactorCount, ...]
    workplaces: tuple[WorkplaceRow, ...]
    detection: DetectionSummary
    exams: ExamSummary
    people: tuple[FormValue, ...]
    due_now: bool | None
    reasons: tuple[DeclarationReason, ...]
    last_filing: FormValue
    missing: tuple[str, ...]  # keys of the blank boxes, "section.key", in form order
    problems: int = 0         # record errors (the form uses only what could be read)
    exposed_repeat_total: FormValue = field(default_factory=lambda: FormValue("distribution.total"))  # 合计（可重复）
    unread: tuple[Problem, ...] = ()  # record files that could not be read (--partial): the form is incomplete
