"""Make the packaged CJK font subsets (developer tool, not run at render time).

Source: Debian's fonts-noto-cjk TTCs (OFL-1.1), face "Noto Sans CJK SC".
Output: kit/ohkit/render/assets/fonts/OhkitSans-{Regular,Bold}.otf plus
coverage.json (code-point ranges the subset covers, read by the pre-render
coverage check without loading fontTools).

Character set: ASCII/Latin-1, general punctuation and common symbols (℃, ㎡,
①…), CJK symbols and full-width forms, and ALL of CJK Unified Ideographs
(U+4E00–9FFF) so everyday name characters outside GB2312 (喆堃昇赟彧玥璟镕)
render. Extension A (䶮 …) is left out to keep the package small; the coverage
check lists such characters and they fall back to the system Noto Sans CJK SC.

Usage: python scripts/make_fonts.py [--ext-a]
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

SRC = Path("/usr/share/fonts/opentype/noto")
OUT = Path(__file__).resolve().parent.parent / "kit" / "ohkit" / "render" / "assets" / "fonts"
SC_INDEX = 2  # face index of "Noto Sans CJK SC" in the TTC (checked below)

RANGES = [
    (0x0020, 0x007E), (0x00A0, 0x00FF), (0x0370, 0x03FF), (0x2000, 0x206F), (0x2070, 0x209F),
    (0x20A0, 0x20BF), (0x2100, 0x214F), (0x2150, 0x218F), (0x2190, 0x21FF), (0x2200, 0x22FF),
    (0x2460, 0x24FF), (0x2500, 0x257F), (0x25A0, 0x25FF), (0x2600, 0x26FF), (0x3000, 0x303F),
    (0x3200, 0x32FF), (0x3300, 0x33FF), (0x4E00, 0x9FFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF),
]
EXT_A = (0x3400, 0x4DBF)


def _ranges(cps: list[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for cp in sorted(cps):
        if out and cp == out[-1][1] + 1:
            out[-1][1] = cp
        else:
            out.append([cp, cp])
    return out


def make(weight: str, ext_a: bool) -> tuple[Path, set[int]]:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(SRC / f"NotoSansCJK-{weight}.ttc", fontNumber=SC_INDEX)
    assert font["name"].getDebugName(1) == "Noto Sans CJK SC", font["name"].getDebugName(1)
    ranges = RANGES + ([EXT_A] if ext_a else [])
    wanted = {cp for a, b in ranges for cp in range(a, b + 1)}
    cmap = font.getBestCmap()
    unicodes = sorted(wanted & set(cmap))
    opts = subset.Options()
    opts.layout_features = ["kern", "liga", "palt"]  # no locl: it drags in the JP/KR/TC glyph variants
    opts.hinting = False
    opts.desubroutinize = False
    opts.name_IDs = ["*"]
    opts.notdef_outline = True
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=unicodes)
    sub.subset(font)
    # Rename: a modified OFL font must not keep a Reserved Font Name ("Source").
    name = font["name"]
    fam = "OhkitSans"
    for rec in list(name.names):
        if rec.nameID in (1, 16):
            rec.string = fam
        elif rec.nameID in (4,):
            rec.string = f"{fam} {weight}"
        elif rec.nameID == 6:
            rec.string = f"{fam}-{weight}"
        elif rec.nameID == 3:
            rec.string = f"{fam}-{weight};ohkit-subset"
        elif rec.nameID in (2, 17):
            rec.string = weight
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [f"{fam}-{weight}"]
    out = OUT / f"{fam}-{weight}.otf"
    font.save(out)
    return out, set(unicodes)


def main() -> None:
    ext_a = "--ext-a" in sys.argv
    OUT.mkdir(parents=True, exist_ok=True)
    covered: set[int] | None = None
    for w in ("Regular", "Bold"):
        t = time.perf_counter()
        path, cps = make(w, ext_a)
        print(f"{path.name}: {path.stat().st_size / 1e6:.2f} MB, {len(cps)} chars, {time.perf_counter() - t:.1f} s")
        covered = cps if covered is None else covered & cps
    (OUT / "coverage.json").write_text(json.dumps({"family": "OhkitSans", "ranges": _ranges(sorted(covered or ()))}))
    lic = Path("/usr/share/doc/fonts-noto-cjk/copyright")
    print("coverage.json written; OFL.txt must sit next to the fonts", lic.exists())


if __name__ == "__main__":
    main()
