"""The guide's page 行业起步包 / Sector starter packs (docs/sectors.md, .en.md), from checklists/sectors.yaml.

For each pack: the typical industries with the class the 2021 risk classification catalogue gives
them, the typical posts with their hazards (linked to the hazard pages, one confidence mark each),
PPE, what may also apply, what the firm must check itself, and the pack as downloads made by the
same code as `ohkit init DIR --sector ID`: records.xlsx and a zip of the whole firm folder, in both
languages, in docs/sectors/ (``<id>-records.xlsx`` / ``<id>-records.en.xlsx``, served as
en/sectors/<id>-records.xlsx). The page is not sectors/index.md: Material's navigation.indexes
would make any index.md the index page of its nav section (入门) and hide it from the list.
"""
from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path
from typing import Any, Callable

from ohkit.i18n import LANGS

OUT = "sectors"  # docs/sectors/ (downloads); the page is docs/sectors(.en).md
PAGE = "sectors"
ZIP_DATE = (2026, 1, 1, 0, 0, 0)  # fixed member dates: the same inputs give the same zip
FIRM = {"zh": "我的工厂", "en": "my-firm"}


def _sfx(name: str, lang: str) -> str:
    stem, dot, ext = name.partition(".")
    return name if lang == "zh" else f"{stem}.{lang}{dot}{ext}"


def _zip_folder(src: Path, dest: Path, top: str) -> None:
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted(src.rglob("*")):
            if p.is_file():
                info = zipfile.ZipInfo(f"{top}/{p.relative_to(src).as_posix()}", ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, p.read_bytes())


def _industry_rows(sector: Any, h: Any) -> list[dict[str, str]]:
    """Each typical industry with the class the 2021 catalogue gives it (with the pack's hazards)."""
    from ohkit.catalogue.industry import suggest_class

    rows = []
    for i, (code, name) in enumerate(sector.industries):
        s = suggest_class(f"{code} {name}", hazard_ids=sector.hazard_ids())
        if s is None or s.cls is None:
            cls = h._("not in the 2021 catalogue: a technical service body's evaluation decides")
        elif s.star:
            cls = h._("serious*: managed as general when no glue, cleaner, ink or paint in use contains "
                      "benzene, n-hexane, 1,2-dichloroethane or trichloromethane")
        else:
            cls = h._("serious") if s.cls == "serious" else h._("general")
        label = name if h.lang == "zh" or i >= len(sector.industry_en) else sector.industry_en[i]
        rows.append({"code": code, "name": label, "cat": f"{s.code} {s.name}" if s else "", "cls": cls})
    return rows


def write_sectors(docs_dir: Path, env: Any, helpers: dict[str, Any], rep: Any,
                  log: Callable[[str], None]) -> None:
    from ohkit.catalogue.sectors import load_sectors
    from ohkit.site.build import _context, _write

    dest = docs_dir / OUT
    dest.mkdir(parents=True, exist_ok=True)
    sectors = load_sectors()
    if not sectors:
        rep.warnings.append("checklists/sectors.yaml has no sector packs")
        log("site: WARNING checklists/sectors.yaml has no sector packs")
    for lang in LANGS:
        h = helpers[lang]
        packs = []
        for s in sectors:
            files: dict[str, str] = {}
            try:
                from ohkit.records.templates import write_templates

                with tempfile.TemporaryDirectory() as tmp:
                    firm = Path(tmp) / FIRM[lang]
                    write_templates(firm, lang=lang, sector=s)
                    xlsx = f"{s.id}-records.xlsx"
                    (dest / _sfx(xlsx, lang)).write_bytes((firm / "records.xlsx").read_bytes())
                    zname = f"{s.id}-starter.zip"
                    _zip_folder(firm, dest / _sfx(zname, lang), FIRM[lang])
                    files = {"xlsx": xlsx, "zip": zname}
                for f in files.values():
                    rep.downloads.append(f"{OUT}/{_sfx(f, lang)}")
            except Exception as exc:  # noqa: BLE001 - the page says the downloads are missing
                msg = f"sector pack {s.id} ({lang}) could not be written: {type(exc).__name__}: {exc}"
                rep.warnings.append(msg)
                log("site: WARNING " + msg)
            packs.append({"s": s, "files": files, "industries": _industry_rows(s, h),
                          "hazard_names": {hid: _hazard_label(h, hid) for hid in _all_ids(s)}})
        sfx = "" if lang == "zh" else f".{lang}"
        _write(docs_dir / f"{PAGE}{sfx}.md", env.get_template("sectors.md.j2").render(_context(
            h, packs=packs, firm=FIRM[lang], dl=OUT)))
        rep.pages.append(f"{PAGE}{sfx}.md")


def _all_ids(s: Any) -> list[str]:
    ids = list(s.hazard_ids())
    for c in s.conditional:
        ids += [x for x in c.hazards if x not in ids]
    return ids


def _hazard_label(h: Any, hazard_id: str) -> str:
    """The hazard's name in the page's language, as its own page titles it."""
    for x in h.data.hazards:
        if x.get("id") == hazard_id:
            return str(x.get("zh") if h.lang == "zh" else x.get("en") or x.get("zh"))
    return hazard_id
