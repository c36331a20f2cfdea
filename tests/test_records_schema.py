"""The records contract: schemas/*.schema.json are valid JSON Schema 2020-12, compile
with fastjsonschema (draft-07 compatible), and the spec API is derived from them."""
from __future__ import annotations

import json

import fastjsonschema
import pytest
from jsonschema import Draft7Validator, Draft202012Validator

from ohkit.paths import schemas_dir
from ohkit.records import enterprise_spec, table_specs
from ohkit.records.readers import HeaderIndex
from ohkit.records.schema import KINDS, TABLE_ORDER, load_schema

TABLES = {  # RECORDS.md: table -> Chinese name, in order
    "posts": "岗位危害", "workers": "劳动者名册", "exams": "职业健康检查", "training": "职业卫生培训",
    "monitoring": "检测评价", "declarations": "申报记录", "documents": "文件台账", "ppe": "防护用品发放",
    "dose": "个人剂量", "assignments": "岗位变动",
}


def test_one_schema_per_table_plus_enterprise():
    names = sorted(p.name for p in schemas_dir().glob("*.schema.json"))
    assert names == sorted([f"{t}.schema.json" for t in TABLES] + ["enterprise.schema.json"])
    assert [t.name for t in table_specs()] == list(TABLES) == list(TABLE_ORDER)
    assert [t.sheet_zh for t in table_specs()] == list(TABLES.values())


@pytest.mark.parametrize("name", list(TABLES) + ["enterprise"])
def test_schema_is_valid_in_both_drafts_and_compiles(name):
    schema = load_schema(name)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    Draft7Validator.check_schema(schema)
    fastjsonschema.compile({k: v for k, v in schema.items() if k != "$schema"})
    for key, prop in schema["properties"].items():
        assert prop["x-kind"] in KINDS, key
        assert prop["title"] and prop["description"] and prop["x-description-en"], key
        if prop["x-kind"] == "enum":
            assert list(prop["x-enum-labels"]) == prop["enum"], key
            for lab in prop["x-enum-labels"].values():
                assert lab["zh"] and lab["en"]


@pytest.mark.parametrize("spec", table_specs(), ids=lambda s: s.name)
def test_headers_are_unambiguous_within_a_table(spec):
    seen: dict[str, str] = {}
    from ohkit.records.readers import header_key

    for f in spec.fields:
        for h in f.headers():
            k = header_key(h)
            assert seen.setdefault(k, f.key) == f.key, (spec.name, h, seen[k], f.key)
    idx = HeaderIndex(spec)
    for f in spec.fields:
        assert idx.match(f.header_zh) == f.key and idx.match(f.header_en) == f.key
        assert idx.match(f" {f.header_zh}* ") == f.key  # stray spaces, "required" star


def test_records_md_columns_are_in_the_schemas():
    want = {
        "posts": "post_id post workplace hazard exposed level serious card_posted signs_posted controls ppe",
        "workers": "worker_id name id_number sex birth_date hire_date post_id post_start leave_date contract_notice "
                   "special_status special_since",
        "exams": "worker_id date type institution hazards conclusion report_no notified",
        "training": "person role date hours kind provider passed",
        "monitoring": "report_no date agency kind post_id hazard value unit limit verdict",
        "declarations": "date kind receipt_no reason",
        "documents": "kind title date note",
        "ppe": "worker_id item date qty",
        "dose": "worker_id start end dose_msv",
        "assignments": "worker_id post_id start end note",
    }
    specs = {t.name: t for t in table_specs()}
    for table, keys in want.items():
        assert set(keys.split()) <= set(specs[table].keys), table
    ent = set(enterprise_spec().keys)
    assert {"name", "credit_code", "region", "industry", "size", "headcount", "hazard_class", "principal",
            "oh_manager", "oh_body", "insurance", "uses_high_toxic", "acute_risk", "radiation", "has_union",
            "exam_intervals", "new_project", "contact_phone"} <= ent
    assert enterprise_spec().required == ("name",)


def test_spec_api_shape():
    exams = next(t for t in table_specs() if t.name == "exams")
    f = exams.field("type")
    assert f.header_zh == "体检类型" and f.header_en == "type" and f.kind == "enum" and f.required
    assert f.enum_labels["pre_employment"] == {"zh": "上岗前", "en": "pre-employment"}
    assert exams.field("worker_id").ref == "workers" and exams.field("hazards").hazard
    assert exams.required == ("worker_id", "date", "type")
    om = enterprise_spec().field("oh_manager")
    assert [c.key for c in om.children] == ["name", "full_time"]


def test_a_normalised_row_validates():
    row = {"worker_id": "A1", "date": "2024-03-05", "type": "periodic", "hazards": ["噪声"], "conclusion": "normal"}
    Draft202012Validator(load_schema("exams")).validate(row)
    bad = dict(row, type="上岗前")  # schemas validate normalised rows: English keys only
    assert list(Draft202012Validator(load_schema("exams")).iter_errors(bad))
    assert json.dumps(load_schema("exams"), ensure_ascii=False)
