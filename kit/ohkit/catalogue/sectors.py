"""Sector starter packs (checklists/sectors.yaml): typical posts, workplaces, hazards and PPE of a
sector, what `ohkit init DIR --sector ID` prefills and the guide's starter-pack page lists.

    from ohkit.catalogue.sectors import load_sectors, find_sector, sector_ids
    s = find_sector("furniture")           # -> Sector | None
    s.industry                             # "C2110 木质家具制造" (written into enterprise.yaml)
    for p in s.posts: p.id, p.name.zh, [h.hazard for h in p.hazards]

Typical entries, not a firm's own hazards: every hazard carries its confidence (``confirmed`` with
a source key of sources.yaml, or ``unconfirmed`` = industry knowledge). Not part of the ruleset.
Cheap: one YAML file, cached; only the standard library at module level.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from ohkit.catalogue.types import Text

FILE = "sectors.yaml"


@dataclass(frozen=True, slots=True)
class SectorHazard:
    hazard: str                 # hazards.yaml id
    confidence: str             # confirmed / unconfirmed
    source: str | None = None   # sources.yaml key
    note: Text | None = None


@dataclass(frozen=True, slots=True)
class SectorPost:
    id: str                     # P01 …
    name: Text
    workplace: Text
    hazards: tuple[SectorHazard, ...]
    ppe: Text


@dataclass(frozen=True, slots=True)
class Conditional:
    """Hazards that depend on the materials used: shown and explained, never prefilled."""
    hazards: tuple[str, ...]
    posts: tuple[str, ...]
    confidence: str
    when: Text
    source: str | None = None
    note: Text | None = None    # why it is confirmed (with ``source``)


@dataclass(frozen=True, slots=True)
class Sector:
    id: str
    name: Text
    summary: Text
    industries: tuple[tuple[str, str], ...]   # (GB/T 4754-2017 code, its Chinese name)
    posts: tuple[SectorPost, ...]
    conditional: tuple[Conditional, ...]
    check: tuple[Text, ...]
    industry_en: tuple[str, ...] = ()         # English names of the industries, same order

    @property
    def industry(self) -> str:
        """The first industry as enterprise.yaml's ``industry`` value (code and name)."""
        code, name = self.industries[0]
        return f"{code} {name}"

    def hazard_ids(self) -> tuple[str, ...]:
        """Every prefilled hazard id, in order of first appearance."""
        return tuple(dict.fromkeys(h.hazard for p in self.posts for h in p.hazards))


def _text(v: Any) -> Text | None:
    if not v:
        return None
    return Text(str(v.get("zh") or ""), str(v.get("en") or ""))


def _sector(d: Mapping[str, Any]) -> Sector:
    return Sector(
        id=str(d["id"]),
        name=_text(d["name"]) or Text(),
        summary=_text(d.get("summary")) or Text(),
        industries=tuple((str(i["code"]), str(i["name"])) for i in d.get("industries") or ()),
        posts=tuple(SectorPost(
            id=str(p["id"]), name=_text(p["name"]) or Text(), workplace=_text(p["workplace"]) or Text(),
            hazards=tuple(SectorHazard(str(h["hazard"]), str(h.get("confidence") or "unconfirmed"),
                                       h.get("source"), _text(h.get("note"))) for h in p.get("hazards") or ()),
            ppe=_text(p.get("ppe")) or Text()) for p in d.get("posts") or ()),
        conditional=tuple(Conditional(tuple(c.get("hazards") or ()), tuple(c.get("posts") or ()),
                                      str(c.get("confidence") or "unconfirmed"), _text(c.get("when")) or Text(),
                                      c.get("source"), _text(c.get("note"))) for c in d.get("conditional") or ()),
        check=tuple(t for t in (_text(c) for c in d.get("check") or ()) if t is not None),
        industry_en=tuple(str(i.get("en") or i["name"]) for i in d.get("industries") or ()),
    )


@lru_cache(maxsize=4)
def _load(root: str) -> tuple[Sector, ...]:
    from ohkit.catalogue.loader import read_yaml

    path = Path(root) / FILE
    if not path.is_file():
        return ()
    return tuple(_sector(s) for s in (read_yaml(path) or {}).get("sectors") or ())


def load_sectors(root: str | Path | None = None) -> tuple[Sector, ...]:
    """Every sector pack in checklists/sectors.yaml (or ``root``), in file order."""
    if root is None:
        from ohkit.paths import checklists_dir

        root = checklists_dir()
    return _load(str(root))


def sector_ids(root: str | Path | None = None) -> tuple[str, ...]:
    return tuple(s.id for s in load_sectors(root))


def find_sector(sector_id: str | None, root: str | Path | None = None) -> Sector | None:
    """The pack with this id (case and surrounding spaces ignored), or None."""
    key = (sector_id or "").strip().casefold()
    for s in load_sectors(root):
        if s.id == key:
            return s
    return None
