"""The records contract, read from ``schemas/*.schema.json`` (the only definition).

``table_specs()`` gives one :class:`TableSpec` per table in RECORDS.md order;
``enterprise_spec()`` the spec of ``enterprise.yaml``. Headers, aliases,
enumeration labels and help texts are annotations in the schema files
(``title``, ``x-header-en``, ``x-aliases``, ``x-kind``, ``x-enum-labels`` …).
Only the standard library is imported here.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Mapping

from ohkit.paths import schemas_dir

TABLE_ORDER: tuple[str, ...] = (
    "posts", "workers", "exams", "training", "monitoring", "declarations", "documents", "ppe", "dose", "assignments",
)

KINDS = ("text", "int", "number", "date", "bool", "list", "enum", "id_number", "credit_code",
         "date_or_bool", "object")


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One column of a table (or one key of enterprise.yaml)."""

    key: str
    header_zh: str
    header_en: str
    aliases: tuple[str, ...]
    kind: str
    enum_labels: Mapping[str, Mapping[str, str]]
    required: bool
    description_zh: str
    description_en: str
    # Optional annotations (defaults keep the documented constructor order working).
    enum_aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    ref: str | None = None          # table whose ids this column refers to (x-ref)
    hazard: bool = False            # names from the hazard catalogue (x-hazard)
    code: bool = False              # an identifier: full-width letters/digits folded (x-code)
    future_ok: bool = False         # may lie after the assessment date (x-future-ok)
    minimum: float | None = None
    children: tuple["FieldSpec", ...] = ()  # for kind == "object" with fixed keys

    def headers(self) -> tuple[str, ...]:
        """Every header text accepted for this column (Chinese, English, aliases, key)."""
        return (self.header_zh, self.header_en, self.key, *self.aliases)

    def label(self, enum_key: str, lang: str = "zh") -> str:
        lab = self.enum_labels.get(enum_key)
        return (lab or {}).get(lang, enum_key) if lab else enum_key


@dataclass(frozen=True, slots=True)
class TableSpec:
    name: str
    sheet_zh: str
    fields: tuple[FieldSpec, ...]
    required: tuple[str, ...]
    description_zh: str = ""
    description_en: str = ""
    schema_file: str = ""
    optional: bool = False  # x-optional-table: added later; a workbook without its sheet is not warned about

    def field(self, key: str) -> FieldSpec:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields)

    def file_names(self) -> tuple[str, ...]:
        """Accepted CSV file stems / sheet names (English name and Chinese name)."""
        return (self.name, self.sheet_zh)


def _field(key: str, p: Mapping[str, Any], required: bool) -> FieldSpec:
    kind = p.get("x-kind", "text")
    if kind not in KINDS:
        raise ValueError(f"schema property {key!r}: unknown x-kind {kind!r}")
    children: tuple[FieldSpec, ...] = ()
    if kind == "object" and isinstance(p.get("properties"), dict):
        req = set(p.get("required", []))
        children = tuple(_field(k, v, k in req) for k, v in p["properties"].items())
    return FieldSpec(
        key=key,
        header_zh=p.get("title", key),
        header_en=p.get("x-header-en", key),
        aliases=tuple(p.get("x-aliases", ())),
        kind=kind,
        enum_labels={k: dict(v) for k, v in p.get("x-enum-labels", {}).items()},
        required=required,
        description_zh=p.get("description", ""),
        description_en=p.get("x-description-en", ""),
        enum_aliases={k: tuple(v) for k, v in p.get("x-enum-aliases", {}).items()},
        ref=p.get("x-ref"),
        hazard=bool(p.get("x-hazard", False)),
        code=bool(p.get("x-code", False)),
        future_ok=bool(p.get("x-future-ok", False)),
        minimum=p.get("minimum"),
        children=children,
    )


def _spec(schema: Mapping[str, Any], file: str) -> TableSpec:
    req = tuple(schema.get("required", ()))
    fields = tuple(_field(k, p, k in req) for k, p in schema["properties"].items())
    return TableSpec(
        name=schema["x-table"],
        sheet_zh=schema.get("x-sheet-zh", schema["x-table"]),
        fields=fields,
        required=req,
        description_zh=schema.get("description", ""),
        description_en=schema.get("x-description-en", ""),
        schema_file=file,
        optional=bool(schema.get("x-optional-table", False)),
    )


@lru_cache(maxsize=None)
def load_schema(name: str) -> dict[str, Any]:
    """The raw JSON Schema of a table (or ``enterprise``)."""
    path = schemas_dir() / f"{name}.schema.json"
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=1)
def _table_specs() -> tuple[TableSpec, ...]:
    return tuple(_spec(load_schema(n), f"{n}.schema.json") for n in TABLE_ORDER)


def table_specs() -> list[TableSpec]:
    """One spec per table, in RECORDS.md order."""
    return list(_table_specs())


def table_spec(name: str) -> TableSpec:
    for t in _table_specs():
        if t.name == name:
            return t
    raise KeyError(name)


def table_label(spec: TableSpec) -> dict[str, str]:
    """A message parameter naming a table in the user's language (the Chinese name, or the English one)."""
    return {"zh": spec.sheet_zh, "en": spec.name}


def field_label(f: FieldSpec) -> dict[str, str]:
    """A message parameter naming a column: its Chinese header, or the English one."""
    return {"zh": f.header_zh, "en": f.header_en}


@lru_cache(maxsize=1)
def enterprise_spec() -> TableSpec:
    return _spec(load_schema("enterprise"), "enterprise.schema.json")
