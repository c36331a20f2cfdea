"""高毒物品目录 (卫法监发〔2003〕142号, 54 items): ohkit's high-toxicity flag is true for exactly
the substances on that list, each with its item number; a firm that says it uses none while its
posts list one gets a warning naming the substance, and the engine follows the posts."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "engine"))
from firmkit import make_firm  # noqa: E402

from ohkit.catalogue import load_catalogue  # noqa: E402

# Every catalogue entry with at least one item of the list, and the items it covers.
ON_THE_LIST = {
    "benzene": (4,), "formaldehyde": (26,), "lead": (42,), "manganese": (38,), "mercury": (22, 33),
    "chromium_vi": (21,), "carbon_monoxide": (54,), "hydrogen_sulfide": (31,), "ammonia": (3,),
    "chlorine": (36,), "nitrogen_dioxide": (16,), "hydrogen_cyanide": (43, 44), "phosgene": (23,),
    "vinyl_chloride": (37,), "acrylonitrile": (7,), "carbon_disulfide": (12,), "phosphine": (30,),
    "fluorine": (18, 19), "nitriles": (7, 43, 44), "nickel_carbonyl": (50,),
    "aromatic_amino_nitro": (1, 2, 5, 8, 9, 10, 11, 14, 53), "tnt": (45,), "dimethyl_sulfate": (32,),
    "acrylamide": (6,), "cadmium": (20,), "beryllium": (40,), "arsenic": (47,), "arsine": (46,),
    "phosphorus": (24,), "thallium": (49,),
    "asbestos_dust": (48,),   # 第48项 石棉总尘/纤维 — ohkit missed it before 2026.12
    "vanadium": (52,),        # 第52项 五氧化二钒烟尘 — ohkit missed it before 2026.12
}
# Flagged before 2026.12 but not among the 54 items.
NOT_ON_THE_LIST = ("dichloroethane_12", "trichloroethylene", "tetraethyl_lead", "carbon_tetrachloride",
                   "methyl_bromide", "benzidine", "chloroprene")
# Items the transcription read in one copy only (see sources.yaml S40): unconfirmed.
ONE_COPY_ONLY = {21, 22, 23, 24, 27, 28, 29, 30, 31, 32, 33, 34, 36, 44}


@pytest.fixture(scope="module")
def cat():
    return load_catalogue()


def test_high_toxic_is_exactly_the_list(cat):
    flagged = {h.id: h.high_toxic_items for h in cat.hazards if h.high_toxic}
    assert flagged == ON_THE_LIST
    for hid in NOT_ON_THE_LIST:
        h = cat.hazard(hid)
        assert not h.high_toxic and h.high_toxic_confidence == "confirmed" and h.high_toxic_source == "S40", hid


def test_item_numbers_carry_their_confidence_and_source(cat):
    for hid, items in ON_THE_LIST.items():
        h = cat.hazard(hid)
        assert h.high_toxic_source == "S40"
        if hid in ("hydrogen_cyanide", "nitriles", "fluorine", "aromatic_amino_nitro"):
            continue  # groups: confirmed by an item read in two copies
        want = "unconfirmed" if set(items) & ONE_COPY_ONLY else "confirmed"
        assert h.high_toxic_confidence == want, hid
    assert cat.source("S40").tier == "B"
    assert "五氧化二钒烟尘" in cat.hazard("vanadium").high_toxic_scope.zh


def test_records_warn_when_the_profile_denies_a_listed_substance(tmp_path):
    from ohkit.engine import assess
    from ohkit.records import load_workspace

    # 使用有毒物品作业场所劳动保护条例 第十三条 (2002): 使用高毒物品 … 应当 … (申报、配备等)；
    # the posts show 苯 (高毒物品目录 第4项) although enterprise.yaml says uses_high_toxic: false.
    f = make_firm(tmp_path, profile={"uses_high_toxic": False},
                  posts=[{"post_id": "P1", "post": "调漆", "hazard": "噪声", "level": "80"},
                         {"post_id": "P2", "post": "调漆", "hazard": "苯"},
                         {"post_id": "P3", "post": "刷胶", "hazard": "苯"},
                         {"post_id": "P4", "post": "清洗", "hazard": "1,2-二氯乙烷"}])
    ws = load_workspace(f, as_of=dt.date(2026, 11, 27))
    warns = [p for p in ws.problems if p.code == "rec.high_toxic_contradicted"]
    assert [(p.severity, p.loc.file, p.loc.column, p.msg.params) for p in warns] == [
        ("warning", "enterprise.yaml", "uses_high_toxic", {"hazard": "苯", "post": "调漆", "row": 3})]
    a = assess(ws, dt.date(2026, 11, 27))
    assert a.flags["high_toxic"] is True


def test_no_warning_for_a_substance_off_the_list(tmp_path):
    from ohkit.engine import assess
    from ohkit.records import load_workspace

    f = make_firm(tmp_path, profile={"uses_high_toxic": False},
                  posts=[{"post_id": "P1", "post": "清洗", "hazard": "三氯乙烯"}])
    ws = load_workspace(f, as_of=dt.date(2026, 11, 27))
    assert not [p for p in ws.problems if p.code == "rec.high_toxic_contradicted"]
    assert assess(ws, dt.date(2026, 11, 27)).flags["high_toxic"] is False


def test_validate_names_the_substance_in_chinese(tmp_path):
    from click.testing import CliRunner

    from ohkit.cli import cli

    f = make_firm(tmp_path, profile={"uses_high_toxic": False}, posts=[{"post_id": "P1", "post": "浸漆", "hazard": "甲醛"}])
    r = CliRunner().invoke(cli, ["validate", str(f), "--as-of", "2026-11-27"])
    assert "甲醛" in r.output and "高毒物品目录" in r.output and "uses_high_toxic" in r.output


def test_guide_hazard_page_gives_the_item_number_and_scope(tmp_path):
    from ohkit.site.build import build

    build(tmp_path, cli=False, downloads=False)
    zh = (tmp_path / "hazards" / "vanadium.md").read_text(encoding="utf-8")
    assert "《高毒物品目录》第52项" in zh and "只列五氧化二钒烟尘" in zh
    en = (tmp_path / "hazards" / "mercury.en.md").read_text(encoding="utf-8")
    assert "List of High-Toxicity Substances, item 22, 33" in en
    assert "Highly toxic" not in (tmp_path / "hazards" / "methyl_bromide.en.md").read_text(encoding="utf-8")
