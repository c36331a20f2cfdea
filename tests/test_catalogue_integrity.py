"""The catalogue YAML validates against schemas/catalogue/ and is complete and consistent.

Expected contents are written down here from the research reference (obligations.md
IDs, hazard_catalogue.md / exam_periods.md / oels.md factors), not read from it.
"""
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import yaml

from ohkit.catalogue import (
    CHECK_KINDS,
    FLAGS,
    STANDARD_2014,
    STANDARD_2025,
    load_catalogue,
    normalise_name,
)
from ohkit.paths import checklists_dir, schemas_dir

EXPECTED_IDS = {
    "ORG": 6, "RULE": 4, "DECL": 5, "MON": 7, "EXAM": 13, "REC": 6, "TRAIN": 6, "NOTICE": 6,
    "PPE": 2, "FAC": 4, "CONST": 4, "EMERG": 2, "INS": 3, "FEM": 4, "MIN": 2, "RAD": 8,
}
ALL_IDS = [f"{a}-{i}" for a, n in EXPECTED_IDS.items() for i in range(1, n + 1)]

# Check kinds fixed by DEVELOPING.md for these obligations (params where the table gives them).
DOCUMENTED_CHECKS = {
    "ORG-2": ("oh_staffing", {}),
    "DECL-1": ("declaration_initial", {}),
    "DECL-2": ("declaration_changes", {"days": 15, "project_days": 30}),
    "DECL-4": ("declaration_annual", {"min_months": 11, "max_months": 13}),
    "MON-1": ("daily_monitoring", {"months": 12}),
    "MON-2": ("monitoring_periodic", {"serious_months": 12, "general_months": 36}),
    "MON-3": ("status_evaluation", {"months": 36}),
    "MON-4": ("results_published", {"days": 30}),
    "MON-5": ("over_limit_followup", {}),
    "MON-6": ("high_toxic_monitoring", {"months": 1}),
    "RULE-3": ("emergency_plan", {"drill_months": 12}),
    "EXAM-1": ("exam_pre_employment", {}),
    "EXAM-2": ("exam_periodic", {}),
    "EXAM-3": ("exam_exit", {"before_days": 30, "periodic_days": 90}),
    "EXAM-7": ("exam_notified", {"days": 30}),
    "EXAM-8": ("contraindication_placement", {}),
    "EXAM-10": ("suspected_od_followup", {}),
    "TRAIN-1": ("training_managers", {"initial_hours": 16, "annual_hours": 8}),
    "TRAIN-2": ("training_workers", {"initial_hours": 8, "annual_hours": 4}),
    "TRAIN-3": ("training_serious_before_start", {}),
    "NOTICE-1": ("contract_notice", {}),
    "NOTICE-3": ("signs_and_cards", {}),
    "PPE-2": ("ppe_issued", {"months": 12}),
    "INS-1": ("insurance_coverage", {}),
    "FEM-1": ("special_status_posts", {}),
    "MIN-1": ("minors_posts", {}),
    "MIN-2": ("minors_exams", {}),
    "RAD-3": ("radiation_dose", {"max_days": 90}),
    "RAD-5": ("radiation_exams", {"months": 24}),
}
for _oid in ("ORG-1", "ORG-3", "RULE-1", "RULE-2", "NOTICE-2", "EXAM-9", "FEM-4"):
    DOCUMENTED_CHECKS[_oid] = ("document_present", {})

# Params the reference does not settle: they must be listed as unconfirmed.
UNSETTLED_PARAMS = {
    "EXAM-7": {"days"}, "TRAIN-1": {"initial_hours", "annual_hours"},
    "TRAIN-2": {"initial_hours", "annual_hours"}, "RULE-3": {"drill_months"},
    "MON-4": {"days"}, "PPE-2": {"months"}, "MON-1": {"months"}, "RAD-3": {"max_days"}, "RAD-5": {"months"},
}
# Obligations whose whole rule is unconfirmed in the reference.
UNCONFIRMED_OBLIGATIONS = {"REC-4", "TRAIN-5", "RAD-2", "RAD-7", "RAD-8"}

# Factors the brief requires (by a name a user would write) -> catalogue id.
REQUIRED_HAZARDS = {
    "矽尘": "silica_dust", "煤尘": "coal_dust", "石棉粉尘": "asbestos_dust", "水泥粉尘": "cement_dust",
    "木粉尘": "wood_dust", "电焊烟尘": "welding_fume", "其他粉尘": "other_dust", "铸造粉尘": "foundry_dust",
    "石墨粉尘": "graphite_dust", "炭黑粉尘": "carbon_black_dust", "滑石粉尘": "talc_dust",
    "云母粉尘": "mica_dust", "陶土粉尘": "clay_dust", "铝尘": "aluminium_dust", "苯": "benzene",
    "甲苯": "toluene", "二甲苯": "xylene", "正己烷": "n_hexane", "1,2-二氯乙烷": "dichloroethane_12",
    "三氯乙烯": "trichloroethylene", "甲醛": "formaldehyde", "甲醇": "methanol", "铅尘": "lead",
    "铅烟": "lead", "锰": "manganese", "汞": "mercury", "六价铬": "chromium_vi",
    "一氧化碳": "carbon_monoxide", "硫化氢": "hydrogen_sulfide", "氨": "ammonia", "氯气": "chlorine",
    "二氧化硫": "sulfur_dioxide", "二氧化氮": "nitrogen_dioxide", "氯化氢": "hydrogen_chloride",
    "氰化氢": "hydrogen_cyanide", "光气": "phosgene", "氯乙烯": "vinyl_chloride", "丙烯腈": "acrylonitrile",
    "臭氧": "ozone", "二硫化碳": "carbon_disulfide", "汽油": "gasoline", "噪声": "noise", "高温": "heat",
    "手传振动": "hand_arm_vibration", "紫外辐射": "uv_radiation", "电焊弧光": "uv_radiation",
    "电离辐射": "ionizing_radiation", "X射线装置": "xray_device", "密封放射源": "sealed_source",
    "艾滋病病毒": "hiv", "布鲁氏菌": "brucella", "伯氏疏螺旋体": "borrelia",
    "森林脑炎病毒": "forest_encephalitis_virus", "炭疽芽孢杆菌": "anthrax", "金属烟": "metal_fume",
    "四乙基铅": "tetraethyl_lead", "四氯化碳": "carbon_tetrachloride",
    # common ways users write them
    "噪音": "noise", "砂尘": "silica_dust", "石英粉尘": "silica_dust", "游离二氧化硅粉尘": "silica_dust",
    "木尘": "wood_dust", "焊接烟尘": "welding_fume",
}
# Ambiguous names that must never resolve to a single factor.
AMBIGUOUS = ["苯系物", "粉尘", "有机溶剂", "化学品", "油漆"]

# Tier D sources: a value resting on one is unconfirmed, or confirmed with verify: true.
TIER_D = {"S22", "S24", "S25", "S26", "S27", "N2", "N3", "N4", "N12", "N13", "N14"}


def _load(name):
    with (checklists_dir() / name).open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@pytest.fixture(scope="module")
def cat():
    return load_catalogue()


@pytest.mark.parametrize("name", ["obligations", "hazards", "documents", "sources", "profile_questions", "rates",
                                  "industry_risk"])
def test_yaml_validates_against_its_schema(name):
    from jsonschema import Draft202012Validator

    schema = json.loads((schemas_dir() / "catalogue" / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    errors = sorted(Draft202012Validator(schema).iter_errors(_load(f"{name}.yaml")), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def test_schema_rejects_a_manual_check_without_question():
    from jsonschema import Draft202012Validator

    schema = json.loads((schemas_dir() / "catalogue" / "obligations.schema.json").read_text(encoding="utf-8"))
    data = _load("obligations.yaml")
    bad = next(o for o in data["obligations"] if o["id"] == "ORG-4")
    del bad["question"]
    data["obligations"] = [bad]
    assert any("question" in e.message for e in Draft202012Validator(schema).iter_errors(data))


# The bump rule: any change to a rule value changes the fingerprint, and then the ruleset
# must be bumped (YYYY.MM) and the new fingerprint recorded here.
RULESET_FINGERPRINTS = {
    "2026.11": "85cfe5ee3fd8593b2f26fb63307d886ab275448ca12ac285b63944fef61c648c",
    "2026.12": "2ee0297de36713cb3b3774669abd2c874388486c910c21c3642891d618aba5df",
}


def test_ruleset_is_stamped_and_bumped_with_rule_changes(cat):
    assert re.fullmatch(r"\d{4}\.\d{1,2}", cat.ruleset)
    assert cat.ruleset in RULESET_FINGERPRINTS, "new ruleset: record its fingerprint in RULESET_FINGERPRINTS"
    assert cat.fingerprint() == RULESET_FINGERPRINTS[cat.ruleset], (
        "a rule value changed: bump `ruleset` in checklists/obligations.yaml and record "
        f"{cat.fingerprint()} for it in RULESET_FINGERPRINTS")


def test_fingerprint_ignores_texts_but_not_rules(cat):
    import dataclasses

    ob = cat.obligations[0]
    reworded = dataclasses.replace(ob, advice=dataclasses.replace(ob.advice, zh=ob.advice.zh + "。"))
    stricter = dataclasses.replace(ob, severity="low" if ob.severity != "low" else "high")
    same = dataclasses.replace(cat, obligations=(reworded,) + cat.obligations[1:], _obl={}, _haz={}, _names={})
    other = dataclasses.replace(cat, obligations=(stricter,) + cat.obligations[1:], _obl={}, _haz={}, _names={})
    assert same.fingerprint() == cat.fingerprint()
    assert other.fingerprint() != cat.fingerprint()


def test_every_reference_obligation_present_exactly_once(cat):
    counts = Counter(o.id for o in cat.obligations)
    assert [i for i, n in counts.items() if n > 1] == []
    assert sorted(counts) == sorted(ALL_IDS)
    assert len(cat.obligations) == len(ALL_IDS)
    for o in cat.obligations:
        assert o.id.split("-")[0] == o.area


def test_check_kinds_and_documented_params(cat):
    for o in cat.obligations:
        assert o.check.kind in CHECK_KINDS, o.id
    for oid, (kind, params) in DOCUMENTED_CHECKS.items():
        ob = cat.obligation(oid)
        assert ob.check.kind == kind, oid
        for k, v in params.items():
            assert ob.check.params.get(k) == v, (oid, k)
        if kind == "document_present":
            assert ob.check.params.get("kinds"), oid


def test_every_kind_except_manual_is_used(cat):
    used = {o.check.kind for o in cat.obligations}
    assert used == set(CHECK_KINDS)


def test_manual_checks_have_yes_means_met_questions(cat):
    manual = [o for o in cat.obligations if o.check.manual]
    assert len(manual) >= 30
    for o in manual:
        assert o.question is not None and o.question.zh and o.question.en, o.id
        assert "？" in o.question.zh, o.id
        assert "?" in o.question.en, o.id


def test_texts_complete_in_both_languages(cat):
    for o in cat.obligations:
        for field in ("title", "duty", "advice", "common_failures"):
            t = getattr(o, field)
            assert t.zh and t.en, (o.id, field)
            assert re.search(r"[\u4e00-\u9fff]", t.zh), (o.id, field)
        assert o.severity in ("high", "medium", "low")
        assert o.basis, o.id


def test_applies_uses_documented_flags(cat):
    for o in cat.obligations:
        for f in o.applies.flags():
            assert f in FLAGS, (o.id, f)
    assert cat.obligation("ORG-5").applies.all == ("haz", "union")
    assert cat.obligation("MON-3").applies.all == ("haz", "serious")
    assert cat.obligation("MON-6").applies.all == ("high_toxic",)
    assert cat.obligation("INS-1").applies.always
    assert cat.obligation("FEM-1").applies.all == ("female",)
    assert cat.obligation("RAD-3").applies.all == ("radiation",)
    assert set(cat.obligation("NOTICE-4").applies.any) == {"high_toxic", "toxic"}


def test_every_document_and_source_key_exists(cat):
    docs = {d.key for d in cat.documents}
    srcs = {s.key for s in cat.sources}
    for o in cat.obligations:
        for b in o.basis + (o.penalty.basis if o.penalty else ()):
            assert b.doc in docs, (o.id, b.doc)
            assert b.source is None or b.source in srcs, (o.id, b.source)
    for d in cat.documents:
        assert d.source is None or d.source in srcs, d.key
    for h in cat.hazards:
        used = [o.source for o in h.oel + h.oel_pending]
        used += [r.source for rules in h.exam.periodic.values() for r in rules]
        used += [h.prohibited.source, h.catalogue_no.source if h.catalogue_no else None]
        for s in used:
            assert s is None or s in srcs, (h.id, s)


def test_sources_cover_the_reference_keys(cat):
    keys = {s.key for s in cat.sources}
    for k in ("S1", "S2", "S6", "S7", "S10", "S12a2", "S12b", "S12c", "S21b", "S25", "S36"):
        assert k in keys
    assert {f"N{i}" for i in range(1, 15)} <= keys
    assert cat.source("S1").tier == "A"
    assert cat.source("S25").tier == "D"
    assert cat.source("N1").tier == "B"
    assert cat.document("law").year == 2018
    assert cat.document("decree5").number == "国家卫生健康委员会令第5号"
    assert cat.document("gbz188_2025").status == "pending"


def test_unconfirmed_values_are_flagged(cat):
    for oid in UNCONFIRMED_OBLIGATIONS:
        ob = cat.obligation(oid)
        assert ob.confidence == "unconfirmed" and ob.notes is not None, oid
    for oid, params in UNSETTLED_PARAMS.items():
        ob = cat.obligation(oid)
        assert params <= set(ob.check.unconfirmed_params), oid
        assert ob.notes is not None, oid
    for ob in cat.obligations:
        for p in ob.check.unconfirmed_params:
            assert p in ob.check.params, (ob.id, p)
        if ob.check.unconfirmed_params:
            assert ob.confidence == "unconfirmed" and ob.notes is not None, ob.id
    # bases resting on third-party code only are never confirmed
    for o in cat.obligations:
        for b in o.basis:
            if b.source in TIER_D:
                assert b.confidence == "unconfirmed", (o.id, b)
    # article numbers the reference leaves open
    assert cat.obligation("MON-1").basis[1].confidence == "unconfirmed"
    exit_basis = {b.doc: b for b in cat.obligation("EXAM-3").basis}
    assert exit_basis["decree49"].confidence == "unconfirmed"
    # corrected by confirmations.md: EXAM-9 and EXAM-5 rest on decree 49 Art 7/8
    assert ("decree49", "第7条", "confirmed") in {(b.doc, b.article, b.confidence) for b in cat.obligation("EXAM-9").basis}
    assert ("decree49", "第8条", "confirmed") in {(b.doc, b.article, b.confidence) for b in cat.obligation("EXAM-5").basis}
    # 5号令 Art 11 was seen only on a standards-library mirror, not in the transcription of the official
    # page (issue 8 item 10): unconfirmed; RULE-1 still rests on Law Art 20(3)
    assert ("decree5", "第11条", "unconfirmed") in {(b.doc, b.article, b.confidence) for b in cat.obligation("RULE-1").basis}


def test_hazard_values_on_tier_d_sources_are_unconfirmed_or_marked_verify(cat):
    for h in cat.hazards:
        for o in h.oel + h.oel_pending:
            if o.source in TIER_D:
                assert o.confidence == "unconfirmed" or o.verify, (h.id, o)
            if o.confidence == "confirmed":
                assert o.source, (h.id, o)
        for std, rules in h.exam.periodic.items():
            for r in rules:
                if r.source in TIER_D:
                    assert r.confidence == "unconfirmed", (h.id, std, r)
                if r.confidence == "confirmed":
                    assert r.source, (h.id, std, r)
                else:
                    assert r.note is not None or std == STANDARD_2025, (h.id, std, r)


def test_hazard_aliases_unique_across_hazards(cat):
    seen = defaultdict(set)
    for h in cat.hazards:
        for n in (h.id,) + h.names:
            seen[normalise_name(n)].add(h.id)
    clashes = {k: v for k, v in seen.items() if len(v) > 1}
    assert clashes == {}
    assert len({h.id for h in cat.hazards}) == len(cat.hazards)


def test_seed_ids_and_aliases_kept(cat):
    seed = {
        "silica_dust": ["游离二氧化硅粉尘", "石英粉尘", "砂尘", "矽尘(游离SiO2含量≥10%)"],
        "coal_dust": [], "cement_dust": ["水泥尘"], "wood_dust": ["木尘", "木屑粉尘"],
        "welding_fume": ["焊接烟尘", "电焊烟"], "benzene": [], "toluene": [],
        "xylene": ["二甲苯(全部异构体)"], "noise": ["噪音", "生产性噪声"], "heat": ["高温作业"],
    }
    for hid, aliases in seed.items():
        h = cat.hazard(hid)
        assert set(aliases) <= set(h.aliases), hid


@pytest.mark.parametrize("name,hid", sorted(REQUIRED_HAZARDS.items()))
def test_required_hazard_found(cat, name, hid):
    h = cat.find_hazard(name)
    assert h is not None and h.id == hid


@pytest.mark.parametrize("name", AMBIGUOUS)
def test_ambiguous_names_do_not_resolve(cat, name):
    assert cat.find_hazard(name) is None


def test_every_hazard_has_a_usable_exam_rule_and_card(cat):
    for h in cat.hazards:
        rules = h.exam.rules(STANDARD_2014)
        assert rules, h.id
        assert any(r.default for r in rules), h.id  # usable when the level is unknown
        assert h.card.warning.zh and h.card.emergency.zh and h.card.protection.zh, h.id
        assert h.health_effects.zh and h.health_effects.en, h.id


def test_reference_exam_values(cat):
    import datetime as dt

    d14, d25 = dt.date(2026, 7, 31), dt.date(2026, 8, 1)

    def months(hid, as_of=d14, level=None, grade=None):
        rule, std = cat.periodic_rule(hid, as_of, level, grade)
        return (rule.months if rule else None), (rule.confidence if rule else None), std

    # GBZ 188-2014 intervals were seen only on document-sharing or exam-question copies (issue 8 item 10)
    assert months("noise", level=85) == (12, "unconfirmed", STANDARD_2014)
    assert months("noise", level=84.9) == (24, "unconfirmed", STANDARD_2014)
    assert months("noise", level=80) == (24, "unconfirmed", STANDARD_2014)
    assert months("noise", level=79)[0] is None
    assert months("noise") == (12, "unconfirmed", STANDARD_2014)
    assert months("coal_dust", grade=1) == (36, "unconfirmed", STANDARD_2014)
    assert months("coal_dust", grade=2) == (24, "unconfirmed", STANDARD_2014)
    assert months("benzene") == (12, "unconfirmed", STANDARD_2014)
    assert months("carbon_monoxide") == (36, "unconfirmed", STANDARD_2014)
    assert months("heat") == (12, "unconfirmed", STANDARD_2014)
    assert months("silica_dust")[1] == "unconfirmed"
    assert months("xray_device") == (24, "unconfirmed", STANDARD_2014)  # 55号令 Art 19 not obtained
    assert months("xray_device", d25) == (24, "unconfirmed", STANDARD_2025)  # Decree 55, not GBZ 188
    # 2025 rules from 2026-08-01 where the hazard has them, else 2014
    assert months("noise", d25, level=90) == (12, "unconfirmed", STANDARD_2025)
    assert months("silica_dust", d25, grade=1) == (24, "unconfirmed", STANDARD_2025)
    assert months("toluene", d25) == (12, "unconfirmed", STANDARD_2014)
    assert months("hand_arm_vibration", d25)[2] == STANDARD_2014
    heat = cat.hazard("heat")
    assert heat.exam.exit is False and heat.exam.pre is True
    assert "癫痫" in heat.contraindications.zh and heat.contraindications.confidence == "confirmed"


def test_reference_oel_values(cat):
    def oel(hid, kind, fraction=None):
        return [(o.value, o.confidence) for o in cat.hazard(hid).oel
                if o.kind == kind and (fraction is None or (o.fraction or "").startswith(fraction))]

    # OELs seen only on third-party copies of the tables are unconfirmed (issue 8 item 10)
    assert (6, "unconfirmed") in oel("benzene", "PC-TWA")
    assert (10, "unconfirmed") in oel("benzene", "PC-STEL")
    assert (3, "unconfirmed") not in oel("benzene", "PC-TWA")  # amendment No.1: pending, not applied
    pending = {(o.kind, o.value, o.confidence) for o in cat.hazard("benzene").oel_pending}
    assert pending == {("PC-TWA", 3, "unconfirmed"), ("PC-STEL", 6, "unconfirmed")}
    assert oel("hydrogen_sulfide", "MAC") == [(10, "unconfirmed")]
    assert oel("chlorine", "MAC") == [(1, "unconfirmed")]
    assert oel("noise", "LEX8h") == [(85, "unconfirmed")]
    assert oel("silica_dust", "PC-TWA", "呼尘 (10%") == [(0.7, "confirmed")]
    assert oel("n_hexane", "PC-TWA") == [(100, "unconfirmed")]
    assert oel("hand_arm_vibration", "a_hw4") == [(5, "confirmed")]
    assert len(oel("heat", "WBGT")) == 16


def test_prohibitions_follow_fem1_and_min1(cat):
    for hid in ("lead", "mercury", "benzene", "carbon_monoxide", "chlorine", "vinyl_chloride", "formaldehyde",
                "carbon_disulfide", "nitrogen_dioxide"):
        p = cat.hazard(hid).prohibited
        assert p.pregnancy and p.lactation and p.condition_for("pregnancy") == "over_limit", hid
    for hid in ("manganese", "methanol"):
        p = cat.hazard(hid).prohibited
        assert p.lactation and not p.pregnancy, hid
    assert cat.hazard("noise").prohibited.condition_for("pregnancy") == "grade_3_4"
    assert cat.hazard("unsealed_source").prohibited.pregnancy
    for h in cat.hazards:
        if h.category in ("dust", "chemical", "radiation"):
            assert h.prohibited.minor, h.id
    assert not cat.hazard("noise").prohibited.minor
    assert cat.hazard("benzene").high_toxic and cat.hazard("benzene").high_toxic_confidence == "confirmed"
    assert not cat.hazard("toluene").high_toxic
    # which substances are high-toxicity, with item numbers: tests/test_high_toxic_list.py


def test_carcinogen_and_skin_marks_follow_the_reference(cat):
    # the G1 mark was seen only on a third-party copy of the OEL table (issue 8 item 10)
    assert (cat.hazard("benzene").carcinogen, cat.hazard("benzene").carcinogen_confidence) == ("G1", "unconfirmed")
    assert cat.hazard("formaldehyde").carcinogen_confidence == "unconfirmed"
    assert cat.hazard("benzene").skin and not cat.hazard("toluene").skin  # 皮 for toluene is unconfirmed


def test_profile_questions_cover_unknown_facts(cat):
    ids = [q.id for q in cat.profile_questions]
    for key in ("hazard_class", "uses_high_toxic", "acute_risk", "radiation", "has_union", "new_project",
                "headcount", "oh_manager.full_time"):
        assert key in ids
    q = cat.profile_question("hazard_class")
    assert q.type == "enum" and [v for v, _ in q.choices] == ["serious", "general", "none"]
    assert cat.profile_question("headcount").type == "int"
    for q in cat.profile_questions:
        assert q.question.zh.endswith("？") and q.question.en.endswith("?"), q.id
        for f in q.ask_when:
            assert f in FLAGS


def test_no_copied_reference_sentences(cat):
    """Catalogue prose is written in ohkit's own words: no long verbatim runs from the reference."""
    ref_dir = Path("/work/shared/reference")
    if not ref_dir.is_dir():
        pytest.skip("reference notes not available")
    ref = " ".join(p.read_text(encoding="utf-8") for p in ref_dir.glob("*.md"))
    for o in cat.obligations:
        for t in (o.duty.en, o.advice.en):
            for sentence in re.split(r"(?<=[.;:])\s+", t):
                if len(sentence) > 80:
                    assert sentence not in ref, (o.id, sentence)


def test_every_area_has_a_name_in_both_languages_and_a_place_in_the_order():
    from ohkit.catalogue import load_catalogue

    cat = load_catalogue()
    assert set(cat.area_order()) == {o.area for o in cat.obligations}
    assert len(cat.area_order()) == len(set(cat.area_order()))
    for key in cat.area_order():
        t = cat.area_title(key)
        assert t["zh"] and t["en"] and t["zh"] != key
