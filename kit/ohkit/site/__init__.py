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

from ohkit.paths import DEFAULT_GUIDE_URL, guide_url, hazard_url, obligation_url  # noqa: F401 - re-exported


def build(*args, **kwargs):  # noqa: ANN002, ANN003 - thin lazy wrapper
    from ohkit.site.build import build as _build

    return _build(*args, **kwargs)
