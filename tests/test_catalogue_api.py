"""The catalogue's public lookups: load_hazards, find_hazard, suggest_hazards, load_catalogue."""
import datetime as dt
import re

from ohkit.catalogue import (
    exam_standard,
    find_hazard,
    load_catalogue,
    load_hazards,
    normalise_name,
    suggest_hazards,
)


def test_load_hazards_light_and_cached():
    hs = load_hazards()
    assert hs is load_hazards()
    ids = [h.id for h in hs]
    for seed in ("silica_dust", "coal_dust", "cement_dust", "wood_dust", "welding_fume",
                 "benzene", "toluene", "xylene", "noise", "heat"):
        assert seed in ids
    noise = next(h for h in hs if h.id == "noise")
    assert noise.zh == "噪声" and "噪音" in noise.aliases


def test_find_hazard_folds_width_space_case():
    assert find_hazard("噪 音").id == "noise"
    assert find_hazard("ＮＯＩＳＥ").id == "noise"
    assert find_hazard(" Silica Dust ").id == "silica_dust"
    assert find_hazard("石英粉尘").id == "silica_dust"
    assert find_hazard("砂尘").id == "silica_dust"
    assert find_hazard("焊接烟尘").id == "welding_fume"
    assert find_hazard("木尘").id == "wood_dust"
    assert find_hazard("苯系物") is None  # ambiguous: never an alias
    assert find_hazard("一氧化碳（CO）").id == "carbon_monoxide"  # bracketed note ignored
    assert find_hazard("矽尘（游离SiO₂含量≥10%）").id == "silica_dust"
    assert find_hazard("（CO）") is None
    assert find_hazard("") is None


def test_suggest_hazards_gives_close_names():
    ids = [h.id for h in suggest_hazards("矽 尘 粉", n=3)]
    assert ids[0] == "silica_dust"
    assert len(ids) <= 3
    assert suggest_hazards("噪声声")[0].id == "noise"


def test_normalise_name():
    assert normalise_name("（ＡＢ c）") == "(abc)"


def test_catalogue_lookups_match_light_list():
    cat = load_catalogue()
    assert cat is load_catalogue()
    assert [h.id for h in cat.hazards] == [h.id for h in load_hazards()]
    assert cat.find_hazard("噪音") is cat.hazard("noise")


def test_exam_standard_switches_on_2026_08_01():
    assert exam_standard(dt.date(2026, 7, 31)) == "GBZ 188-2014"
    assert exam_standard(dt.date(2026, 8, 1)) == "GBZ 188-2025"


def test_json_cache_gives_the_same_catalogue(tmp_path, monkeypatch):
    import shutil

    from ohkit.catalogue import Catalogue
    from ohkit.catalogue.loader import build
    from ohkit.paths import checklists_dir

    root = tmp_path / "checklists"
    shutil.copytree(checklists_dir(), root)
    cache = tmp_path / "cache"
    monkeypatch.setenv("OHKIT_CACHE_DIR", str(cache))
    monkeypatch.delenv("OHKIT_NO_CACHE", raising=False)
    first = Catalogue(**build(root))
    files = list(cache.glob("catalogue-*.json"))
    assert len(files) == 1
    second = Catalogue(**build(root))  # from the cache
    assert second == first and second.fingerprint() == first.fingerprint()
    # a corrupt cache file is ignored and rewritten
    files[0].write_text("{not json", encoding="utf-8")
    assert Catalogue(**build(root)) == first
    # editing a YAML file gives a new cache entry, never stale data
    p = root / "obligations.yaml"
    p.write_text(re.sub(r"ruleset: '[^']+'", "ruleset: '2099.1'", p.read_text(encoding="utf-8")), encoding="utf-8")
    assert Catalogue(**build(root)).ruleset == "2099.1"
    assert len(list(cache.glob("catalogue-*.json"))) == 2


def test_unwritable_cache_is_skipped(tmp_path, monkeypatch):
    from ohkit.catalogue import Catalogue
    from ohkit.catalogue.loader import build
    from ohkit.paths import checklists_dir

    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("OHKIT_CACHE_DIR", str(blocker / "sub"))  # cannot be created
    cat = Catalogue(**build(checklists_dir()))
    assert len(cat.obligations) == len(load_catalogue().obligations) > 70


def test_missing_catalogue_files_are_a_clear_error(tmp_path):
    import pytest

    from ohkit.catalogue import load_catalogue, load_hazards

    assert load_hazards(tmp_path) == ()  # the light list tolerates a missing file
    with pytest.raises(FileNotFoundError, match="obligations.yaml"):
        load_catalogue(tmp_path)


def test_import_is_light():
    """`import ohkit.catalogue` loads no YAML parser or JSON Schema library (ohkit --help stays fast)."""
    import subprocess
    import sys

    code = ("import sys, ohkit.catalogue; "
            "bad = [m for m in ('yaml', 'jsonschema', 'fastjsonschema', 'babel') if m in sys.modules]; "
            "print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_catalogue_usable_as_cache_key():
    cat = load_catalogue()
    assert {cat: 1}[cat] == 1
