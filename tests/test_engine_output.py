"""Engine output the renderers read: posts with resolved hazards and latest measurement,
the workers appendix (masked), due items, flags, metrics; and the JSON form."""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "engine"))
from firmkit import assess_firm, make_firm  # noqa: E402

from ohkit.i18n import translator  # noqa: E402
from ohkit.render.jsonout import area_summary, assessment_to_dict, needs_action, totals  # noqa: E402

POSTS = [{"post_id": "P1", "post": "打磨", "workplace": "一车间", "hazard": "噪声", "level": "88", "exposed": 2,
          "serious": False, "card_posted": "2026-01-10", "signs_posted": True},
         {"post_id": "P1", "post": "打磨", "workplace": "一车间", "hazard": "矽尘", "exposed": 2, "serious": False}]
MON = [{"report_no": "J1", "date": "2025-06-01", "kind": "定期检测", "post_id": "P1", "hazard": "噪声", "value": "87",
        "unit": "dB(A)", "limit": "85", "verdict": "不合格"},
       {"report_no": "J2", "date": "2026-06-01", "kind": "定期检测", "post_id": "P1", "hazard": "噪声", "value": "84",
        "unit": "dB(A)", "limit": "85", "verdict": "合格"}]
WORKERS = [{"worker_id": "W1", "name": "张三", "id_number": "110101199003071233", "sex": "男", "birth_date": "1990-03-07",
            "hire_date": "2024-02-29", "post_id": "P1", "post_start": "2024-02-29", "contract_notice": True},
           {"worker_id": "W2", "name": "李四", "sex": "男", "birth_date": "1980-01-01", "hire_date": "2019-01-01",
            "post_id": "P1", "post_start": "2019-01-01", "leave_date": "2026-01-01", "contract_notice": True}]
EXAMS = [{"worker_id": "W1", "date": "2024-02-20", "type": "上岗前", "hazards": "噪声、矽尘", "conclusion": "目前未见异常",
          "notified": "2024-02-25"},
         {"worker_id": "W1", "date": "2026-02-20", "type": "在岗期间", "hazards": "噪声、矽尘", "conclusion": "复查",
          "notified": "2026-02-25"}]


def test_posts_workers_and_due(tmp_path):
    f = make_firm(tmp_path, posts=POSTS, monitoring=MON, workers=WORKERS, exams=EXAMS,
                  training=[{"person": "W1", "role": "劳动者", "date": "2026-03-01", "hours": 8, "kind": "初次"}])
    a = assess_firm(f, "2026-11-27")
    (p,) = a.posts
    assert (p.post_id, p.post, p.workplace, p.exposed, p.worker_ids, p.card_posted) == \
        ("P1", "打磨", "一车间", 2, ("W1",), dt.date(2026, 1, 10))
    noise, silica = p.hazards
    assert (noise.hazard_id, noise.name_zh, noise.name_en, noise.category, noise.level) == ("noise", "噪声", "noise", "physical", "88")
    assert noise.latest.value == "84" and noise.latest.date == dt.date(2026, 6, 1) and noise.latest.report_no == "J2"
    assert str(noise.latest.evidence) == "monitoring.csv:3:F"
    assert noise.oel[0]["kind"] == "LEX8h" and noise.oel[0]["value"] == 85
    assert silica.latest is None and silica.exam_interval_months == 12 and silica.exam_interval_confirmed is False
    w1 = [w for w in a.workers if w["worker_id"] == "W1"][0]
    assert w1["id_number"] == "110101********1233"
    assert w1["hazards"] == [{"zh": "噪声", "en": "noise"}, {"zh": "矽尘", "en": "silica dust"}]
    # the last exam (2026-02-20) ordered a recheck without a date: the recheck is due now, before the next periodic
    assert (w1["last_exam"], w1["next_exam"], w1["last_training"]) == (dt.date(2026, 2, 20), dt.date(2026, 11, 27), dt.date(2026, 3, 1))
    assert w1["last_exam_conclusion"] == {"zh": "复查", "en": "recheck needed"}
    w2 = [w for w in a.workers if w["worker_id"] == "W2"][0]
    assert w2["current"] is False and "EXAM-3" in w2["failing"]
    assert [d.date for d in a.due] == sorted(d.date for d in a.due)
    assert any(d.kind == "exam" and d.subject_id == "W1" and d.date == dt.date(2027, 2, 20) for d in a.due)


def test_json_form_and_summaries(tmp_path):
    f = make_firm(tmp_path, posts=POSTS, monitoring=MON, workers=WORKERS, exams=EXAMS)
    a = assess_firm(f, "2026-11-27")
    d = assessment_to_dict(a, translator("en"))
    text = json.dumps(d, ensure_ascii=False, default=str)
    assert "110101199003071233" not in text
    assert d["as_of"] == "2026-11-27" and d["ruleset_version"] == "test.1" and d["lang"] == "en"
    assert d["summary"]["totals"] == totals(a) and d["summary"]["by_area"] == area_summary(a)
    assert d["summary"]["needs_action"] is needs_action(a) is True
    ex3 = [x for x in d["findings"] if x["obligation_id"] == "EXAM-3"][0]
    assert ex3["subjects"][0]["message"].startswith("Left on 2026-01-01 without an exit exam")
    assert ex3["subjects"][0]["msg"] == {"code": "eng.exit.missing",
                                        "params": {"leave": "2026-01-01", "days": 30, "periodic_days": 90}}
    assert ex3["subjects"][0]["evidence"] == [{"file": "workers.csv", "sheet": None, "row": 3, "column": None, "header": None}]
    assert d["posts"][0]["hazards"][0]["latest"]["date"] == "2026-06-01"
    assert all(set(c) == {"met", "not_met", "unknown", "not_applicable"} for c in d["summary"]["by_area"].values())


def test_conclusion_and_table_labels_come_from_the_schemas(tmp_path):
    """Enumeration labels live in the schemas (issue 3 item 11): an "other disease or abnormality"
    conclusion has its label, and a missing table is named by its sheet name."""
    exams = [dict(EXAMS[1], conclusion="其他疾病或异常")]
    f = make_firm(tmp_path, posts=POSTS, workers=WORKERS[:1], exams=exams)
    a = assess_firm(f, "2026-11-27")
    w1 = [w for w in a.workers if w["worker_id"] == "W1"][0]
    assert w1["last_exam_conclusion"] == {"zh": "其他疾病或异常", "en": "other disease or abnormality"}
    from ohkit.records.schema import table_spec
    mon = a.finding("MON-2")
    assert (mon.status, mon.msg.code) == ("unknown", "eng.f.no_table")
    assert mon.msg.params["table"] == {"zh": table_spec("monitoring").sheet_zh, "en": "monitoring"}
