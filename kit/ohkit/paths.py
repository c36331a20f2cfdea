"""Where ohkit's own data lives: inside the wheel (ohkit/_data/…) or, in a
source checkout, at the repository's top level (schemas/, checklists/, examples/)."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

PKG = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def data_dir(name: str) -> Path:
    """``name`` is one of ``schemas``, ``checklists``, ``examples``."""
    packaged = PKG / "_data" / name
    if packaged.is_dir():
        return packaged
    repo = PKG.parent.parent / name
    if repo.is_dir():
        return repo
    raise FileNotFoundError(f"ohkit data folder {name!r} not found (broken install?)")


def schemas_dir() -> Path:
    return data_dir("schemas")


def checklists_dir() -> Path:
    return data_dir("checklists")


def examples_dir() -> Path:
    return data_dir("examples")


def assets_dir() -> Path:
    """Packaged render assets: fonts, CSS, templates, sign SVGs."""
    return PKG / "render" / "assets"


DEFAULT_EXAMPLE = "furniture"


# The published guide. Notice-card QR codes and the report link here; the site builds here
# (mkdocs.yml reads OHKIT_GUIDE_URL too). Change it in this one place.
DEFAULT_GUIDE_URL = "https://ohkit.github.io/ohkit/"


def guide_url() -> str:
    """Base URL of the published guide (env OHKIT_GUIDE_URL overrides), ending in '/'."""
    url = os.environ.get("OHKIT_GUIDE_URL") or DEFAULT_GUIDE_URL
    return url if url.endswith("/") else url + "/"


def _lang_prefix(lang: str) -> str:
    return "" if (lang or "zh").startswith("zh") else "en/"


def hazard_url(hazard_id: str | None, lang: str = "zh") -> str:
    """The guide's page for a hazard (None: the hazard index)."""
    return f"{guide_url()}{_lang_prefix(lang)}hazards/" + (f"{hazard_id}/" if hazard_id else "")


def obligation_url(obligation_id: str, lang: str = "zh") -> str:
    return f"{guide_url()}{_lang_prefix(lang)}obligations/{obligation_id}/"
