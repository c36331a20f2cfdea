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
import gc
import json
import mimetypes
import os
import pickle
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator
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
    return [ch for ch in dict.fromkeys(text) if ord(ch) >= 0x80 and not ch.isspace() and not covered(ch)]


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


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Python's cyclic garbage collector off for one rendering. WeasyPrint makes about a million
    short-lived objects per long document; the collector's repeated passes over them took ~20% of
    the report's CPU (300-worker firm: 7.4 -> 6.0 s) and freed nothing that reference counting
    does not free anyway. Peak memory is unchanged (measured: bench/RESULTS.md)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def html_to_pdf(html: str, *, fetcher: Any = None) -> bytes:
    """Lay out and write a PDF from a complete HTML document."""
    with no_cyclic_gc():
        return layout(html, fetcher=fetcher).write_pdf()


def can_fork() -> bool:
    """A second process for a second document: only where fork is safe for WeasyPrint's C
    libraries (Linux), in a process with no other thread (a fork copies a lock another thread holds,
    held for ever) and that may use more than one CPU."""
    import threading

    if not hasattr(os, "fork") or not os.uname().sysname == "Linux" or threading.active_count() > 1:
        return False
    try:
        return len(os.sched_getaffinity(0)) > 1
    except (AttributeError, OSError):
        return (os.cpu_count() or 1) > 1


def htmls_to_pdfs(htmls: list[str], *, fetcher: Any = None, parallel: bool = True) -> list[bytes]:
    """Several independent documents as PDFs: the first in this process, each other one in a
    forked child at the same time (``start_pdf``), when ``parallel`` and ``can_fork()``; otherwise,
    or when a child fails, one after the other here. Same documents either way."""
    jobs = [start_pdf(h, parallel=parallel) for h in htmls[1:]]
    first = html_to_pdf(htmls[0], fetcher=fetcher)
    return [first] + [finish_pdf(j, fetcher=fetcher) for j in jobs]


PdfJob = tuple[str, "tuple[int, int] | None", "Callable[[], Any] | None"]


def start_pdf(html: str, *, parallel: bool = True, then: Callable[[], Any] | None = None) -> PdfJob:
    """Start laying out ``html`` in a forked child (fork after WeasyPrint is imported, so the child
    starts at once) when ``parallel`` and ``can_fork()``; ``finish_pdf`` gives the bytes.

    ``then``: more work for the same child once its PDF is written (it must return something
    picklable, and must not depend on anything the parent changes after the fork); the parent does
    it itself when there is no child or the child failed. ``finish_pdf_then`` gives both results.
    The report uses it to balance its two processes: the screen HTML is made beside the appendix."""
    if not parallel or not can_fork():
        return html, None, then
    import weasyprint  # noqa: F401  (loaded before the fork: the child does not import it again)

    return html, _fork_render(html, then), then


def finish_pdf(job: PdfJob, *, fetcher: Any = None) -> bytes:
    """The PDF of a ``start_pdf`` job: the child's, or made here when there is no child or it failed."""
    return finish_pdf_then(job, fetcher=fetcher)[0]


def finish_pdf_then(job: PdfJob, *, fetcher: Any = None) -> tuple[bytes, Any]:
    """The PDF of a ``start_pdf`` job and what its ``then`` returned (None without one): the
    child's, or each made here when there is no child or the child failed."""
    html, child, then = job
    got = _collect(child) if child is not None else None
    if got is not None:
        return got
    return html_to_pdf(html, fetcher=fetcher), (then() if then is not None else None)


def discard_pdf(job: PdfJob) -> None:
    """Stop a ``start_pdf`` child that is no longer wanted (the parent failed) and reap it."""
    import signal

    child = job[1]
    if child is None:
        return
    pid, r = child
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass
    os.close(r)
    os.waitpid(pid, 0)


def _fork_render(html: str, then: Callable[[], Any] | None = None) -> tuple[int, int] | None:
    """Start a child that renders ``html``, runs ``then`` and writes both results, pickled, to a
    pipe; (pid, read fd)."""
    try:
        r, w = os.pipe()
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:  # the child: render, write, leave without running the parent's exit handlers
        code = 1
        try:
            os.close(r)
            data = html_to_pdf(html)
            extra = then() if then is not None else None
            with os.fdopen(w, "wb") as f:
                pickle.dump((data, extra), f, protocol=pickle.HIGHEST_PROTOCOL)
            code = 0
        except BaseException:  # noqa: BLE001 - the parent renders it again itself
            pass
        finally:
            os._exit(code)
    os.close(w)
    return pid, r


def _collect(child: tuple[int, int]) -> tuple[bytes, Any] | None:
    """The child's PDF and ``then`` result, or None when it failed (then the parent does both).
    The pickle comes from our own forked child, never from outside."""
    pid, r = child
    with os.fdopen(r, "rb") as f:
        data = f.read()
    _, status = os.waitpid(pid, 0)
    if not (os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0):
        return None
    try:
        got = pickle.loads(data)
    except Exception:  # noqa: BLE001 - a truncated or foreign stream: do the work here
        return None
    ok = isinstance(got, tuple) and len(got) == 2 and isinstance(got[0], bytes) and got[0].startswith(b"%PDF")
    return got if ok else None


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
