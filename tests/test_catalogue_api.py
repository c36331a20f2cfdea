"""The catalogue's public lookups: load_hazards, find_hazard, suggest_hazards, load_catalogue."""
import datetime as dt

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
