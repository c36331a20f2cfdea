"""Where ohkit's own data lives: inside the wheel (ohkit/_data/…) or, in a
source checkout, at the repository's top level (schemas/, checklists/, examples/)."""
from __future__ import annotations

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
