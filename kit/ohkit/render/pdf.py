"""Shared WeasyPrint plumbing: packaged fonts, a URL fetcher that serves only
packaged assets, and the pre-render font coverage check.

* Fonts: OhkitSans Regular/Bold (OFL subsets of Noto Sans CJK SC, see
  scripts/make_fonts.py) loaded with @font-face and named on ``html`` and on
  the ``@page`` margin boxes; "Noto Sans CJK SC" is the fallback family for
  characters the subset lacks (listed by ``missing_chars`` before rendering).
* Network: ``SafeFetcher`` serves files under ``render/assets`` and ``data:``
  URIs; anything else (http, https, ftp, other files) is refused and logged in
  ``SafeFetcher.refused``. Rendering never touches the network.

weasyprint is imported inside functions only.
"""
from __future__ import annotations

import bisect
import json
import mimetypes
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ohkit.model import Msg

ASSETS = Path(__file__).resolve().parent / "assets"
FONTS = ASSETS / "fonts"
FAMILY = "OhkitSans"
FALLBACK_FAMILY = "Noto Sans CJK SC"
FONT_STACK = f'{FAMILY}, "{FALLBACK_FAMILY}", sans-serif'


def font_face_css() -> str:
    """@font-face rules for the packaged fonts (file: URLs the fetcher serves)."""
    out = []
    for weight, name in ((400, "Regular"), (700, "Bold")):
        p = FONTS / f"{FAMILY}-{name}.otf"
        if p.is_file():
            out.append(
                f"@font-face {{ font-family: {FAMILY}; font-weight: {weight}; font-style: normal; "
                f"src: url('{p.as_uri()}') format('opentype'); }}"
            )
    return "\n".join(out)


@lru_cache(maxsize=1)
def _coverage() -> tuple[list[int], list[int]]:
    p = FONTS / "coverage.json"
    if not p.is_file():
        return [], []
    ranges = json.loads(p.read_text())["ranges"]
    return [a for a, _ in ranges], [b for _, b in ranges]


def covered(ch: str) -> bool:
    starts, ends = _coverage()
    cp = ord(ch)
    i = bisect.bisect_right(starts, cp) - 1
    return i >= 0 and cp <= ends[i]


def missing_chars(text: str) -> list[str]:
    """Characters in ``text`` (outside ASCII and whitespace) the bundled font lacks, in order."""
    seen: dict[str, None] = {}
    for ch in text:
        if ord(ch) < 0x80 or ch.isspace() or ch in seen:
            continue
        if not covered(ch):
            seen[ch] = None
    return list(seen)


# Subscript digits (SiO₂, H₂S in the catalogue) are not in the CJK font; in print they read
# the same as plain digits, so PDFs use those instead of a fallback font.
PRINT_TRANSLATION = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")


def printable(text: str) -> str:
    return text.translate(PRINT_TRANSLATION)


def coverage_warning(text: str) -> Msg | None:
    miss = missing_chars(printable(text))
    if not miss:
        return None
    return Msg("ren.font_missing", {"count": len(miss), "chars": " ".join(miss)})


def _in_assets(path: Path) -> bool:
    try:
        path.resolve().relative_to(ASSETS)
        return True
    except ValueError:
        return False


def make_fetcher() -> Any:
    """A WeasyPrint URL fetcher that serves only packaged assets and data: URIs."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SafeFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols=("data", "file"), allow_redirects=False)
            self.requested: list[str] = []
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            self.requested.append(url)
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = Path(unquote(urlsplit(url).path))
                if _in_assets(path) and path.is_file():
                    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    if path.suffix == ".otf":
                        mime = "font/otf"
                    return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime})
            self.refused.append(url)
            raise ValueError(f"ohkit renders offline; refused {url}")

    return SafeFetcher()


def layout(html: str, *, fetcher: Any = None) -> Any:
    """Lay out a complete HTML document (fonts from the package); returns a WeasyPrint Document."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    fetcher = fetcher or make_fetcher()
    fc = FontConfiguration()
    return HTML(string=printable(html), base_url=ASSETS.as_uri() + "/", url_fetcher=fetcher).render(font_config=fc)


def html_to_pdf(html: str, *, fetcher: Any = None) -> bytes:
    """Lay out and write a PDF from a complete HTML document."""
    return layout(html, fetcher=fetcher).write_pdf()


_ENV_CHECKED: list[bool] = []


def environment_warnings() -> list[Msg]:
    """Once per process: what on this machine makes PDF writing slow or wrong. Today: no
    libharfbuzz-subset (WeasyPrint then embeds whole fonts, 10-46x slower)."""
    if _ENV_CHECKED:
        return []
    _ENV_CHECKED.append(True)
    import ctypes.util

    if ctypes.util.find_library("harfbuzz-subset") is None:
        return [Msg("ren.harfbuzz_missing")]
    return []


def quiet_weasyprint() -> None:
    """WeasyPrint's own (English, technical) warnings stay off the user's terminal: ohkit says
    what matters itself (missing characters, offline assets). Errors still show."""
    import logging

    for name in ("weasyprint", "weasyprint.progress", "fontTools"):
        lg = logging.getLogger(name)
        if lg.level < logging.ERROR:
            lg.setLevel(logging.ERROR)


def base_css() -> str:
    """Fonts and typography shared by the report and the cards."""
    return font_face_css() + f"""
html {{ font-family: {FONT_STACK}; }}
@page {{ font-family: {FONT_STACK}; }}
"""
