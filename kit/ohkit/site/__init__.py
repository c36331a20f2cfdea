"""The guide (MkDocs site) generated from the catalogue.

Public API::

    from ohkit.site import build, guide_url, obligation_url, hazard_url
    build("docs")                      # write generated pages, downloads and CLI output into docs/
    hazard_url("noise", "zh")          # -> "<GUIDE_URL>hazards/noise/"  (notice-card QR codes)
    obligation_url("EXAM-2", "en")     # -> "<GUIDE_URL>en/obligations/EXAM-2/"

Command line: ``python -m ohkit.site build [--docs DIR] [--no-cli]``.
Nothing here is imported by ``ohkit --help``.
"""
from __future__ import annotations

import os

DEFAULT_GUIDE_URL = "https://ohkit.github.io/ohkit/"


def guide_url() -> str:
    """Base URL of the published guide (env OHKIT_GUIDE_URL overrides), ending in '/'."""
    url = os.environ.get("OHKIT_GUIDE_URL") or DEFAULT_GUIDE_URL
    return url if url.endswith("/") else url + "/"


def _lang_prefix(lang: str) -> str:
    return "" if (lang or "zh").startswith("zh") else "en/"


def hazard_url(hazard_id: str, lang: str = "zh") -> str:
    return f"{guide_url()}{_lang_prefix(lang)}hazards/{hazard_id}/"


def obligation_url(obligation_id: str, lang: str = "zh") -> str:
    return f"{guide_url()}{_lang_prefix(lang)}obligations/{obligation_id}/"


def build(*args, **kwargs):  # noqa: ANN002, ANN003 - thin lazy wrapper
    from ohkit.site.build import build as _build

    return _build(*args, **kwargs)
