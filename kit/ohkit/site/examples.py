"""What ohkit produces, shown in the guide: the bundled example's report, action plan and notice
cards as pictures and downloads, and the example firm's filled-in records.

The files come from the real `ohkit report` / `ohkit card` runs of the CLI capture
(``capture_cli(keep=…)``), so the pictures always show what this version prints.
Pictures: the first pages of the PDFs turned into PNG with ``pdftoppm`` (poppler-utils;
installed by ``scripts/setup.sh --test`` and by the Pages workflow). WeasyPrint (≥ 53) has no
PNG output any more, so without pdftoppm the page offers the downloads only and the build log
says why the pictures are missing.
"""
from __future__ import annotations

import csv
import io
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any, Callable

from ohkit.i18n import LANGS

OUT = "examples"  # docs/examples/
PICTURE_WIDTH = 900  # px: sharp on a phone, readable on a desktop
ZIP_DATE = (2026, 1, 1, 0, 0, 0)  # fixed member dates: the same inputs give the same zip


def _sfx(name: str, lang: str) -> str:
    stem, dot, ext = name.partition(".")
    return name if lang == "zh" else f"{stem}.{lang}{dot}{ext}"


def _find(out: Path, lang: str, tail: str) -> Path | None:
    """ohkit-<date>[-en]-<tail> from the captured runs."""
    for p in sorted(out.glob(f"ohkit-*{tail}")):
        is_en = "-en-" in p.name
        if is_en == (lang == "en"):
            return p
    return None


def pdf_to_png(pdf: Path, dest_dir: Path, key: str, lang: str, pages: int = 1) -> list[str]:
    """The first ``pages`` pages of ``pdf`` as ``<key>-1.png`` … (``<key>-1.en.png`` in English) in
    ``dest_dir``; returns the names the page links to (``<key>-1.png`` …); [] without pdftoppm."""
    import tempfile

    exe = shutil.which("pdftoppm")
    if exe is None:
        return []
    names = []
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([exe, "-png", "-scale-to", str(PICTURE_WIDTH), "-f", "1", "-l", str(pages), str(pdf),
                        str(Path(tmp) / "p")], check=True, capture_output=True, timeout=120)
        # pdftoppm pads page numbers with zeros (p-01.png): name them plainly
        for i, p in enumerate(sorted(Path(tmp).glob("p-*.png")), 1):
            name = f"{key}-{i}.png"
            shutil.copyfile(p, dest_dir / _sfx(name, lang))
            names.append(name)
    return names


def _zip_firm(src: Path, dest: Path, top: str) -> None:
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted(src.rglob("*")):
            if p.is_file() and p.name != "EXPECTED.md":
                info = zipfile.ZipInfo(f"{top}/{p.relative_to(src).as_posix()}", ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, p.read_bytes())


def _plan_rows(path: Path | None, limit: int = 6) -> tuple[list[str], list[list[str]], int]:
    if path is None or not path.is_file():
        return [], [], 0
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    if not rows:
        return [], [], 0
    head, body = rows[0], rows[1:]
    keep = [i for i, _ in enumerate(head) if i in (0, 1, 2, 4, 5, 6)]  # no., duty, item, action, priority, due
    return [head[i] for i in keep], [[r[i] if i < len(r) else "" for i in keep] for r in body[:limit]], len(body)


def write_example_outputs(docs_dir: Path, out: Path, rep: Any, *, env: Any, helpers: dict[str, Any],
                          log: Callable[[str], None] = print) -> None:
    from ohkit.site.build import _context, _write

    dest = docs_dir / OUT
    dest.mkdir(parents=True, exist_ok=True)
    pictures_ok = shutil.which("pdftoppm") is not None
    if not pictures_ok:
        msg = "pdftoppm (poppler-utils) not found: the guide shows no pictures of the report and cards"
        rep.warnings.append(msg)
        log("site: WARNING " + msg)
    try:
        from ohkit.paths import DEFAULT_EXAMPLE, examples_dir

        firm = examples_dir() / DEFAULT_EXAMPLE
    except Exception:  # noqa: BLE001
        firm = None
    for lang in LANGS:
        files: dict[str, str] = {}
        pics: dict[str, list[str]] = {}
        for key, tail, n in (("report", "report.pdf", 2), ("cards", "cards-a4.pdf", 1)):
            pdf = _find(out, lang, tail)
            if pdf is None:
                continue
            name = _sfx(f"{key}.pdf", lang)
            shutil.copyfile(pdf, dest / name)
            files[key] = f"{key}.pdf"
            if pictures_ok:
                try:
                    pics[key] = pdf_to_png(pdf, dest, key, lang, pages=n)
                except (subprocess.SubprocessError, OSError) as exc:
                    rep.warnings.append(f"pdftoppm failed on {pdf.name}: {exc}")
                    log(f"site: WARNING pdftoppm failed on {pdf.name}: {exc}")
        for key, tail in (("report_html", "report.html"), ("plan", "action-plan.xlsx")):
            src = _find(out, lang, tail)
            if src is not None:
                plain = "report.html" if key == "report_html" else "action-plan.xlsx"
                shutil.copyfile(src, dest / _sfx(plain, lang))
                files[key] = plain
        if firm is not None and (firm / "enterprise.yaml").is_file():
            _zip_firm(firm, dest / _sfx("furniture-example.zip", lang), "furniture")
            files["firm"] = "furniture-example.zip"
        head, rows, total = _plan_rows(_find(out, lang, "action-plan.csv"))
        for f in files.values():
            rep.downloads.append(f"{OUT}/{_sfx(f, lang)}")
        if not files:
            msg = f"no example output for {lang}: `ohkit report`/`card` did not run in this build"
            rep.warnings.append(msg)
            log("site: WARNING " + msg)
        sfx = "" if lang == "zh" else f".{lang}"
        _write(dest / f"index{sfx}.md", env.get_template("examples.md.j2").render(_context(
            helpers[lang], files=files, pics=pics, plan_head=head, plan_rows=rows, plan_total=total)))
