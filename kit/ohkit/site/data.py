"""The catalogue as plain data for the guide.

The guide is generated from the same catalogue the CLI assesses against
(``ohkit.catalogue.load_catalogue()``). This module turns whatever the loader
returns (dataclasses, mappings or objects) into plain dicts and lists with the
keys documented in DEVELOPING.md, so the page templates never depend on the
loader's classes. If the loader is not available (or fails), the YAML files in
``checklists/`` are read directly, and the build log says so.
"""
from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

from ohkit.paths import checklists_dir


def plain(obj: Any) -> Any:
    """Recursively convert dataclasses, mappings and simple objects to dicts/lists."""
    if obj is None or isinstance(obj, (str, int, float, bool)):
        return obj
    if isinstance(obj, enum.Enum):
        return plain(obj.value)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: plain(getattr(obj, f.name)) for f in dataclasses.fields(obj) if not f.name.startswith("_")}
    if isinstance(obj, Mapping):
        return {str(k): plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set, frozenset)):
        return [plain(v) for v in obj]
    if hasattr(obj, "isoformat"):
        return obj.isoformat()
    if hasattr(obj, "_asdict"):
        return plain(obj._asdict())
    if hasattr(obj, "__dict__"):
        return {k: plain(v) for k, v in vars(obj).items() if not k.startswith("_")}
    if hasattr(obj, "__slots__"):
        return {k: plain(getattr(obj, k)) for k in obj.__slots__ if not k.startswith("_") and hasattr(obj, k)}
    return str(obj)


def _as_list(value: Any, key: str = "id") -> list[dict[str, Any]]:
    """Lists stay lists; a mapping {id: item} becomes a list of items with ``key`` set."""
    if value is None:
        return []
    if isinstance(value, Mapping):
        out = []
        for k, v in value.items():
            item = dict(v) if isinstance(v, Mapping) else {"value": v}
            item.setdefault(key, k)
            out.append(item)
        return out
    return [dict(v) if isinstance(v, Mapping) else {key: v} for v in value]


@dataclass
class SiteData:
    ruleset: str
    obligations: list[dict[str, Any]]
    hazards: list[dict[str, Any]]
    sources: list[dict[str, Any]]
    documents: dict[str, dict[str, Any]]
    origin: str  # "load_catalogue" or "yaml"
    notes: list[str] = field(default_factory=list)
    rates: list[dict[str, Any]] = field(default_factory=list)  # rates.yaml: how each rate is counted

    def obligation(self, oid: str) -> dict[str, Any] | None:
        for o in self.obligations:
            if o.get("id") == oid:
                return o
        return None


def _read_yaml(path: Path) -> Any:
    import yaml

    if not path.is_file():
        return None
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _from_yaml(root: Path) -> dict[str, Any]:
    obl = _read_yaml(root / "obligations.yaml") or {}
    haz = _read_yaml(root / "hazards.yaml") or {}
    src = _read_yaml(root / "sources.yaml") or {}
    docs = _read_yaml(root / "documents.yaml") or {}
    return {
        "ruleset": obl.get("ruleset") if isinstance(obl, Mapping) else None,
        "obligations": obl.get("obligations") if isinstance(obl, Mapping) else obl,
        "hazards": haz.get("hazards") if isinstance(haz, Mapping) else haz,
        "sources": src.get("sources", src) if isinstance(src, Mapping) else src,
        "documents": docs.get("documents", docs) if isinstance(docs, Mapping) else docs,
        "rates": (_read_yaml(root / "rates.yaml") or {}).get("rates") if (root / "rates.yaml").is_file() else [],
    }


def load_site_data(log: Callable[[str], None] = print, root: Path | None = None) -> SiteData:
    """The catalogue for the guide. ``root`` forces reading YAML from that folder."""
    notes: list[str] = []
    raw: dict[str, Any] | None = None
    origin = "yaml"
    try:
        from ohkit.catalogue import load_catalogue  # type: ignore[attr-defined]

        cat = plain(load_catalogue(root) if root is not None else load_catalogue())
        raw = dict(cat) if isinstance(cat, Mapping) else None
        origin = "load_catalogue"
    except Exception as exc:  # noqa: BLE001 - the catalogue layer may be incomplete
        notes.append(f"ohkit.catalogue.load_catalogue() failed ({type(exc).__name__}: {exc}); "
                      f"reading checklists/*.yaml directly")
    if root is None:
        root = checklists_dir()
    yaml_raw = _from_yaml(root)
    if raw is None:
        raw = yaml_raw
    else:
        # Anything the loader does not expose (e.g. documents) comes from the YAML.
        for k, v in yaml_raw.items():
            if not raw.get(k) and v:
                raw[k] = v
    for n in notes:
        log("site: " + n)

    docs_raw = raw.get("documents") or {}
    documents: dict[str, dict[str, Any]] = {}
    for d in _as_list(docs_raw, "id"):
        key = d.get("id") or d.get("key")
        if key:
            documents[str(key)] = d
    hazards = [h for h in _as_list(raw.get("hazards")) if h.get("id")]
    obligations = [o for o in _as_list(raw.get("obligations")) if o.get("id")]
    sources = [s for s in _as_list(raw.get("sources"), "id") if s.get("id") or s.get("key")]
    for s in sources:
        s.setdefault("id", s.get("key"))
    return SiteData(
        ruleset=str(raw.get("ruleset") or raw.get("ruleset_version") or "?"),
        obligations=obligations,
        hazards=hazards,
        sources=sources,
        documents=documents,
        origin=origin,
        notes=notes,
        rates=[r for r in _as_list(raw.get("rates")) if r.get("id")],
    )
