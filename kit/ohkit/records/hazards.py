"""Hazard names in records -> catalogue ids, with suggestions for unknown names.

Uses ``ohkit.catalogue`` (find_hazard / suggest_hazards) when it is there;
otherwise reads ``checklists/hazards.yaml`` directly (id, zh, en, aliases).
"""
from __future__ import annotations

import difflib
import unicodedata
from typing import Any, Callable


def _fold(name: str) -> str:
    s = unicodedata.normalize("NFKC", str(name))
    return "".join(ch for ch in s if not ch.isspace()).casefold()


def _has_cjk(s: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in s)


class HazardResolver:
    """Cached look-ups: ``find(name) -> id | None``, ``suggest(name) -> [zh names]``."""

    def __init__(self) -> None:
        self._loaded = False
        self._cache: dict[str, str | None] = {}
        self._sugg: dict[str, list[str]] = {}

    def _load(self) -> None:
        """Load the hazard list on first use (a folder without hazard columns never pays for it)."""
        self._loaded = True
        self._find: Callable[[str], Any]
        self._suggest: Callable[[str], Any]
        self.available = True
        try:
            from ohkit.catalogue import find_hazard, suggest_hazards

            find_hazard("噪声")  # loads the list now, so a broken list falls back here
            self._find = find_hazard
            self._suggest = lambda n: suggest_hazards(n, 3)
        except Exception:  # noqa: BLE001 - catalogue missing or broken: read the YAML ourselves
            self._load_fallback()

    def _load_fallback(self) -> None:
        idx: dict[str, Any] = {}
        try:
            import yaml

            from ohkit.paths import checklists_dir

            with (checklists_dir() / "hazards.yaml").open(encoding="utf-8") as fh:
                data = yaml.safe_load(fh) or {}
            for h in data.get("hazards", []):
                for n in (h.get("id"), h.get("zh"), h.get("en"), *(h.get("aliases") or [])):
                    if n:
                        idx.setdefault(_fold(n), h)
        except Exception:  # noqa: BLE001
            self.available = False

        def find(name: str) -> Any:
            return idx.get(_fold(name))

        def suggest(name: str) -> list[Any]:
            out: list[Any] = []
            for m in difflib.get_close_matches(_fold(name), list(idx), n=8, cutoff=0.4):
                if idx[m] not in out:
                    out.append(idx[m])
            return out[:3]

        self._find, self._suggest = find, suggest

    @staticmethod
    def _attr(h: Any, k: str) -> Any:
        return h.get(k) if isinstance(h, dict) else getattr(h, k, None)

    def find(self, name: str) -> str | None:
        if name in self._cache:
            return self._cache[name]
        if not self._loaded:
            self._load()
        h = self._find(name) if self.available else None
        hid = self._attr(h, "id") if h is not None else None
        self._cache[name] = hid
        return hid

    def suggest(self, name: str) -> list[str]:
        if not self._loaded:
            self._load()
        if name not in self._sugg:
            try:
                out = []
                for h in self._suggest(name):
                    names = [self._attr(h, k) or "" for k in ("zh", "en", "id")] + list(self._attr(h, "aliases") or ())
                    # a Chinese name is only suggested when it shares two characters with what was
                    # typed; a short name (up to 3 characters, e.g. 早声 for 噪声) one character
                    typed = _fold(name)
                    need = 1 if len(typed) <= 3 else min(2, len(set(typed)))
                    if _has_cjk(name) and not any(len(set(typed) & set(_fold(n))) >= need
                                                  for n in names if _has_cjk(n)):
                        continue
                    out.append(self._attr(h, "zh") or self._attr(h, "id"))
                self._sugg[name] = out
            except Exception:  # noqa: BLE001
                self._sugg[name] = []
        return self._sugg[name]
