"""Rebuild the bundled example firms' record files from the data written below.

    .venv/bin/python examples/build_examples.py

* ``furniture/records.xlsx`` — filled in from ohkit's own template (``write_templates``), so
  sheet names, headers, dropdowns and formats are exactly what ``ohkit init`` gives a firm;
* ``stone/*.csv`` — UTF-8 with BOM, except ``training.csv`` which is saved in GBK the way
  Excel in China saves "CSV (逗号分隔)".

``enterprise.yaml``, ``EXPECTED.md`` and the office example are written by hand. The firms,
people and ID numbers are invented (ID numbers carry a valid GB 11643 check character so that
they pass validation; they belong to nobody). The reference date of the examples ("today")
is 2026-11-27; the planted gaps are listed in each firm's EXPECTED.md.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

HERE = Path(__file__).resolve().parent
D = dt.date.fromisoformat

# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------

_ID_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(region: str, birth: str, seq: int, male: bool) -> str:
    """A checksum-valid 18-character resident ID number (GB 11643-1999)."""
    seq = seq * 2 + (1 if male else 0)  # the 17th digit is odd for men, even for women
    first17 = f"{region}{birth.replace('-', '')}{seq % 1000:03d}"
    check = "10X98765432"[sum(int(c) * w for c, w in zip(first17, _ID_W)) % 11]
    return first17 + check


_USCC = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def credit_code(region: str, org8: str) -> str:
    """A unified social credit code (GB 32100-2015) with a valid organisation-code check."""
    vals = [int(c, 36) for c in org8]
    c9 = 11 - sum(v * w for v, w in zip(vals, (3, 7, 9, 10, 5, 8, 4, 2))) % 11
    org9 = org8 + ("X" if c9 == 10 else "0" if c9 == 11 else str(c9))
    first17 = "91" + region + org9
    s = sum(_USCC.index(c) * pow(3, i, 31) for i, c in enumerate(first17)) % 31
    return first17 + _USCC[(31 - s) % 31]


def _as_date(v: object) -> dt.date:
    if isinstance(v, dt.date):
        return v
    y, m, d = (int(x) for x in str(v).split("/"))
    return dt.date(y, m, d)


def add_days(d: dt.date, n: int) -> dt.date:
    return d + dt.timedelta(days=n)


# ---------------------------------------------------------------------------
# Furniture factory (佛山市顺德区, C2110 木质家具制造, ~40 workers, records.xlsx)
# ---------------------------------------------------------------------------

F_POSTS = [
    # post_id, post, workplace, hazard, exposed, level, serious, card, signs, controls, ppe
    ("P01", "开料", "开料车间", "木粉尘", 5, None, "否", "2024-03-15", "是", "布袋除尘器、锯台集尘罩", "KN95防尘口罩"),
    ("P01", "开料", "开料车间", "噪声", 5, "88", "否", "2024-03-15", "是", "推台锯隔声罩", "泡棉耳塞"),
    ("P02", "砂光", "砂光车间", "木粉尘", 5, None, "否", "2024-03-15", "是", "下吸式打磨台、布袋除尘器", "KN95防尘口罩"),
    ("P02", "砂光", "砂光车间", "噪声", 5, "83", "否", "2024-03-15", "是", "—", "泡棉耳塞"),
    ("P03", "数控雕刻", "机加工车间", "木粉尘", 3, None, "否", "2024-03-15", "是", "雕刻机吸尘罩、中央吸尘", "KN95防尘口罩"),
    ("P03", "数控雕刻", "机加工车间", "噪声", 3, "86", "否", "2024-03-15", "是", "—", "泡棉耳塞"),
    ("P04", "喷漆", "喷漆房（1号、2号）", "苯", 6, None, "是", "2024-03-25", "是", "水帘喷漆柜、机械排风", "防毒半面罩（有机蒸气滤毒盒）、丁腈手套"),
    ("P04", "喷漆", "喷漆房（1号、2号）", "甲苯", 6, None, "是", "2024-03-25", "是", "水帘喷漆柜、机械排风", "防毒半面罩（有机蒸气滤毒盒）、丁腈手套"),
    ("P04", "喷漆", "喷漆房（1号、2号）", "二甲苯", 6, None, "是", "2024-03-25", "是", "水帘喷漆柜、机械排风", "防毒半面罩（有机蒸气滤毒盒）、丁腈手套"),
    ("P05", "调漆", "调漆间", "苯", 2, None, "是", "2024-03-15", "是", "局部排风、密闭调漆桶", "防毒半面罩（有机蒸气滤毒盒）、丁腈手套"),
    ("P05", "调漆", "调漆间", "甲苯", 2, None, "是", "2024-03-15", "是", "局部排风、密闭调漆桶", "防毒半面罩（有机蒸气滤毒盒）、丁腈手套"),
    ("P05", "调漆", "调漆间", "二甲苯", 2, None, "是", "2024-03-15", "是", "局部排风、密闭调漆桶", "防毒半面罩（有机蒸气滤毒盒）、丁腈手套"),
]

# worker_id, name, sex, birth, region of ID, hire, post_id (None = no hazardous post), leave
F_WORKERS = [
    ("HY001", "梁志强", "男", "1972-04-18", "440606", "2016-03-01", None, None),
    ("HY002", "张卫东", "男", "1976-09-02", "431121", "2016-04-20", "P04", None),
    ("HY003", "黄建明", "男", "1979-01-25", "450481", "2016-05-10", "P01", None),
    ("HY004", "陈慧敏", "女", "1985-11-07", "440606", "2016-05-16", None, None),
    ("HY005", "李秀英", "女", "1981-03-14", "511621", "2016-06-01", "P02", None),
    ("HY006", "吴振华", "男", "1978-07-30", "360732", "2016-08-01", "P05", None),
    ("HY007", "陈国栋", "男", "1985-12-09", "440882", "2017-02-15", "P03", None),
    ("HY008", "刘德兵", "男", "1983-05-21", "500230", "2017-03-01", "P01", None),
    ("HY009", "冯丽娟", "女", "1989-08-16", "440606", "2017-05-08", None, None),
    ("HY010", "王建华", "男", "1984-02-27", "420984", "2018-03-05", "P04", None),
    ("HY011", "蒋春燕", "女", "1986-04-03", "431121", "2018-04-10", "P02", None),
    ("HY012", "潘建新", "男", "1980-10-12", "450481", "2018-05-02", None, None),
    ("HY014", "何志刚", "男", "1987-06-19", "511621", "2019-02-25", "P04", None),
    ("HY015", "覃海波", "男", "1990-09-28", "450122", "2019-02-20", "P01", None),
    ("HY016", "邱德华", "男", "1975-12-01", "360732", "2019-03-04", None, None),
    ("HY017", "梁美玲", "女", "1990-02-11", "440606", "2019-04-15", None, None),
    ("HY018", "赖永强", "男", "1982-07-07", "441581", "2019-05-20", None, None),
    ("HY019", "罗明辉", "男", "1992-01-16", "431121", "2020-03-02", "P02", None),
    ("HY020", "孔祥宇", "男", "1993-10-22", "411323", "2020-04-07", None, None),
    ("HY021", "蓝桂香", "女", "1987-05-05", "450122", "2020-06-15", None, None),
    ("HY022", "唐小军", "男", "1993-03-29", "510722", "2021-02-22", "P03", None),
    ("HY023", "庞振", "男", "1994-08-08", "440882", "2021-03-01", None, None),
    ("HY024", "邓少锋", "男", "1991-11-23", "441581", "2021-07-12", "P04", None),
    ("HY025", "骆春梅", "女", "1992-06-30", "450481", "2021-08-09", None, None),
    ("HY026", "施家伟", "男", "1989-04-14", "420984", "2021-10-11", None, None),
    ("HY027", "周小龙", "男", "1995-07-02", "500230", "2022-03-07", "P01", None),
    ("HY028", "田小红", "女", "1996-12-18", "411323", "2022-04-18", None, None),
    ("HY029", "姚军", "男", "1986-09-09", "510722", "2022-07-04", None, None),
    ("HY030", "廖俊", "男", "1994-01-27", "360732", "2022-09-05", "P04", None),
    ("HY031", "卢海燕", "女", "1991-10-05", "440882", "2023-02-20", None, None),
    ("HY032", "欧阳明", "男", "1990-05-13", "431121", "2022-10-10", "P01", "2026-06-30"),
    ("HY033", "杨志勇", "男", "1997-03-08", "511621", "2023-08-14", "P02", None),
    ("HY034", "苏晓丽", "女", "1995-08-25", "450122", "2023-06-05", None, None),
    ("HY035", "邹建平", "男", "1980-06-06", "420984", "2019-08-01", "P04", "2026-03-31"),
    ("HY036", "谢伟", "男", "1996-04-12", "441581", "2024-02-26", "P03", None),
    ("HY037", "袁志成", "男", "1999-11-30", "411323", "2024-03-11", None, None),
    ("HY038", "梁家豪", "男", "1998-02-19", "440606", "2024-05-06", "P05", None),
    ("HY039", "罗小梅", "女", "1997-09-14", "431121", "2024-04-08", "P02", "2024-11-15"),
    ("HY040", "甘立新", "男", "2000-07-21", "450481", "2025-02-24", None, None),
    ("HY041", "韦国庆", "男", "2008-01-15", "450122", "2025-03-03", "P01", None),  # placed at 17 (MIN-1 gap)
    ("HY043", "曾丽", "女", "1998-05-17", "440606", "2025-09-01", None, None),
    ("HY044", "钟永生", "男", "1990-12-26", "441581", "2026-04-07", "P04", None),
    ("HY046", "莫文杰", "男", "2001-06-10", "450122", "2026-11-02", "P02", None),
]
F_JOB = {  # what the non-exposed staff do (kept out of the posts table: no hazard there)
    "HY001": "总经理", "HY004": "安全主任", "HY009": "文员", "HY043": "跟单员",
}
F_HAZARDS = {"P01": ["木粉尘", "噪声"], "P02": ["木粉尘", "噪声"], "P03": ["木粉尘", "噪声"],
             "P04": ["苯", "甲苯", "二甲苯"], "P05": ["苯", "甲苯", "二甲苯"]}
F_INST = "佛山市顺德区慢性病防治中心"
F_CAMPAIGNS = [  # (exam dates by post group, written-notice date)
    ({"dust": "2024-09-10", "chem": "2024-09-11"}, "2024-10-08"),
    ({"dust": "2025-09-16", "chem": "2025-09-17"}, "2025-10-14"),
    ({"dust": "2026-09-15", "chem": "2026-09-16"}, "2026-10-13"),
]
F_SKIP_2026 = {"HY015"}  # on home leave during the 2026 campaign, never rescheduled (EXAM-2 gap)
F_CONCLUSION = {("HY002", 2025): "其他疾病或异常", ("HY010", 2024): "其他疾病或异常",
                ("HY005", 2026): "其他疾病或异常", ("HY008", 2026): "复查", ("HY027", 2026): "复查"}
F_RECHECK_BY = {("HY008", 2026): "2026-10-31", ("HY027", 2026): "2026-11-13"}  # HY027 never went (EXAM-2 gap)
# Post history: HY012 worked on the cutting post until the 2026 exam showed hearing loss, then moved to the
# warehouse (no hazard) on 2026-09-01 without an exit exam for wood dust and noise (EXAM-3 gap).
F_ASSIGNMENTS = [
    {"worker_id": "HY012", "post_id": "P01", "start": "2018-05-03", "end": "2026-08-31",
     "note": "调到仓库（仓库无职业病危害因素）"},
]


def furniture_tables() -> dict[str, list[dict]]:
    workers, exams, training, ppe = [], [], [], []
    seq = 1
    for wid, name, sex, birth, region, hire, post, leave in F_WORKERS:
        hire_d = D(hire)
        start = add_days(hire_d, 1) if post else None
        w = {
            "worker_id": wid, "name": name, "sex": sex, "birth_date": D(birth), "hire_date": hire_d,
            "id_number": id_number(region, birth, seq * 7 % 500 + 11, sex == "男"),
            "post_id": post, "post_start": start, "leave_date": D(leave) if leave else None,
        }
        seq += 1
        if post:
            w["contract_notice"] = hire_d
        if wid == "HY044":
            w["contract_notice"] = "否"  # NOTICE-1 gap: contract signed on the old form without the hazard clause
        if wid == "HY034":
            w["special_status"], w["special_since"] = "哺乳期", D("2026-03-10")
        workers.append(w)

        if not post:
            continue
        group = "chem" if post in ("P04", "P05") else "dust"
        hz = "、".join(F_HAZARDS[post])
        # Pre-employment exam a few days before hire (except the newest hire: EXAM-1 gap).
        if wid != "HY046":
            pre = add_days(hire_d, -5)
            exams.append({"worker_id": wid, "date": pre, "type": "上岗前", "institution": F_INST, "hazards": hz,
                          "conclusion": "目前未见异常", "report_no": f"SDMF{pre:%Y%m%d}-{int(wid[2:]):03d}",
                          "notified": hire_d})
        for dates, notified in F_CAMPAIGNS:
            day = D(dates[group])
            if start >= day or (leave and D(leave) <= day):
                continue
            if day.year == 2026 and wid in F_SKIP_2026:
                continue
            recheck_by = F_RECHECK_BY.get((wid, day.year))
            exams.append({"worker_id": wid, "date": day, "type": "在岗期间", "institution": F_INST, "hazards": hz,
                          "conclusion": F_CONCLUSION.get((wid, day.year), "目前未见异常"),
                          "report_no": f"SDMF{day:%Y%m%d}-{int(wid[2:]):03d}", "notified": D(notified),
                          "next_due": D(recheck_by) if recheck_by else None})
        # Initial training on the first day, before starting on the post.
        topic = ("喷漆、调漆岗位职业病危害专项培训（苯系物的危害、防毒面具佩戴、应急处置）"
                 if post in ("P04", "P05") else "岗前职业卫生培训（粉尘、噪声的危害与防护）")
        training.append({"person": wid, "role": "劳动者", "date": hire_d, "hours": 8, "kind": "初次",
                         "provider": "本公司（安全主任陈慧敏）", "passed": "是", "topic": topic})

    # Exit exam of the painter who resigned in March 2026; HY032 left without one (EXAM-3 gap);
    # HY039's periodic exam 2024-09-10 lies within 90 days of her leaving and counts as exit exam.
    exams.append({"worker_id": "HY035", "date": D("2026-03-24"), "type": "离岗时", "institution": F_INST,
                  "hazards": "苯、甲苯、二甲苯", "conclusion": "目前未见异常", "report_no": "SDMF20260324-035",
                  "notified": D("2026-03-31")})
    # Recheck ordered by the 2026 periodic exam (hearing).
    exams.append({"worker_id": "HY008", "date": D("2026-10-20"), "type": "复查", "institution": F_INST,
                  "hazards": "噪声", "conclusion": "目前未见异常", "report_no": "SDMF20261020-008",
                  "notified": D("2026-10-27")})
    exams.sort(key=lambda e: (e["date"], e["worker_id"]))

    # Yearly all-staff training in March (HY022 missed the 2026 session: TRAIN-2 gap).
    for day in ("2024-03-16", "2025-03-15", "2026-03-14"):
        d = D(day)
        for w in workers:
            wid = w["worker_id"]
            if wid in ("HY001", "HY004") or w["hire_date"] > d or (w["leave_date"] and w["leave_date"] <= d):
                continue
            if day == "2026-03-14" and wid == "HY022":
                continue
            if w["hire_date"].year == d.year:  # hired this year: the initial training covers it
                continue
            # Two dates were typed as text, as people do.
            date_value: object = d
            if day == "2026-03-14" and wid in ("HY027", "HY030"):
                date_value = "2026/3/14"
            training.append({"person": wid, "role": "劳动者", "date": date_value, "hours": 4, "kind": "继续",
                             "provider": "本公司（安全主任陈慧敏）", "passed": "是",
                             "topic": f"{d.year}年度全员职业卫生继续教育"})
    for wid, role, first in (("HY001", "主要负责人", "2019-06-20"), ("HY004", "职业卫生管理人员", "2016-07-14")):
        training.append({"person": wid, "role": role, "date": D(first), "hours": 16, "kind": "初次",
                         "provider": "佛山市顺德区安全生产协会", "passed": "是",
                         "topic": "用人单位主要负责人、职业卫生管理人员职业卫生培训"})
        for day in ("2024-05-23", "2025-05-22", "2026-05-21"):
            training.append({"person": wid, "role": role, "date": D(day), "hours": 8, "kind": "继续",
                             "provider": "佛山市顺德区安全生产协会", "passed": "是", "topic": "职业卫生继续教育"})
    training.sort(key=lambda t: (_as_date(t["date"]), t["person"]))

    # PPE: issued every January and July to the exposed staff; new hires on their first day.
    for w in workers:
        post = w["post_id"]
        if not post:
            continue
        issues = [D(x) for x in ("2025-01-06", "2025-07-07", "2026-01-05", "2026-07-06")]
        if w["post_start"] > issues[0]:
            issues = [w["post_start"]] + [d for d in issues if d > w["post_start"]]
        for d in issues:
            if d < w["post_start"] or (w["leave_date"] and d >= w["leave_date"]):
                continue
            if post in ("P04", "P05"):
                if d.month == 1 or d == w["post_start"]:
                    ppe.append({"worker_id": w["worker_id"], "item": "防毒半面罩", "date": d, "qty": 1})
                ppe.append({"worker_id": w["worker_id"], "item": "有机蒸气滤毒盒", "date": d, "qty": 12})
                ppe.append({"worker_id": w["worker_id"], "item": "丁腈防护手套", "date": d, "qty": 24})
            else:
                ppe.append({"worker_id": w["worker_id"], "item": "KN95防尘口罩", "date": d, "qty": 60})
                ppe.append({"worker_id": w["worker_id"], "item": "泡棉耳塞", "date": d, "qty": 60})
    ppe.sort(key=lambda p: (p["date"], p["worker_id"]))

    agency = "广东华粤职业卫生技术服务有限公司"
    limits = {"木粉尘": ("mg/m³", "3"), "噪声": ("dB(A)", "85"), "苯": ("mg/m³", "6"),
              "甲苯": ("mg/m³", "50"), "二甲苯": ("mg/m³", "50")}
    results = {
        ("HYJC-2024-0716", "2024-07-16"): {
            ("P01", "木粉尘"): "2.3", ("P01", "噪声"): "88.6", ("P02", "木粉尘"): "2.6", ("P02", "噪声"): "83.8",
            ("P03", "木粉尘"): "1.4", ("P03", "噪声"): "86.4", ("P04", "苯"): "0.4", ("P04", "甲苯"): "35.2",
            ("P04", "二甲苯"): "27.9", ("P05", "苯"): "<0.2", ("P05", "甲苯"): "18.6", ("P05", "二甲苯"): "14.3"},
        ("HYJC-2025-0715", "2025-07-15"): {
            ("P01", "木粉尘"): "2.0", ("P01", "噪声"): "88.1", ("P02", "木粉尘"): "2.8", ("P02", "噪声"): "83.2",
            ("P03", "木粉尘"): "1.6", ("P03", "噪声"): "86.9", ("P04", "苯"): "0.5", ("P04", "甲苯"): "68.3",
            ("P04", "二甲苯"): "41.6", ("P05", "苯"): "<0.2", ("P05", "甲苯"): "21.4", ("P05", "二甲苯"): "16.0"},
        ("HYJC-2025-0910F", "2025-09-10"): {  # retest after the toluene rectification
            ("P04", "苯"): "0.3", ("P04", "甲苯"): "26.5", ("P04", "二甲苯"): "19.8"},
        ("HYJC-2026-0628", "2026-06-28"): {
            ("P01", "木粉尘"): "1.8", ("P01", "噪声"): "87.6", ("P02", "木粉尘"): "2.4", ("P02", "噪声"): "83.1",
            ("P03", "木粉尘"): "1.2", ("P03", "噪声"): "86.0", ("P04", "苯"): "0.3", ("P04", "甲苯"): "21.6",
            ("P04", "二甲苯"): "18.4", ("P05", "苯"): "<0.2", ("P05", "甲苯"): "15.2", ("P05", "二甲苯"): "12.7"},
    }
    monitoring = []
    for (no, day), pts in results.items():
        for (post, hz), value in pts.items():
            unit, limit = limits[hz]
            num = float(value.lstrip("<"))
            monitoring.append({"report_no": no, "date": D(day), "agency": agency, "kind": "定期检测", "post_id": post,
                               "hazard": hz, "value": value, "unit": unit, "limit": limit,
                               "verdict": "不合格" if num > float(limit) else "合格"})
        if no == "HYJC-2024-0716":
            monitoring.append({"report_no": "HYPJ-2024-0213", "date": D("2024-08-28"), "agency": agency,
                               "kind": "现状评价"})
    for q, day in enumerate(("2026-01-20", "2026-04-20", "2026-07-20", "2026-10-20"), start=1):
        for post, hz, value in (("P02", "木粉尘", ("2.1", "1.9", "2.2", "2.0")[q - 1]),
                                ("P04", "甲苯", ("19.5", "22.8", "17.6", "20.3")[q - 1])):
            unit, limit = limits[hz]
            monitoring.append({"report_no": f"RC2026-Q{q}", "date": D(day), "agency": "本公司（陈慧敏，便携式检测仪）",
                               "kind": "日常监测", "post_id": post, "hazard": hz, "value": value, "unit": unit,
                               "limit": limit, "verdict": "合格"})
    monitoring.sort(key=lambda m: m["date"])

    declarations = [{"date": D("2019-05-20"), "kind": "首次", "receipt_no": "440606-2019-05-0318"}]
    for day, no in (("2020-06-12", "0412"), ("2021-06-15", "0388"), ("2022-06-16", "0467"), ("2023-06-14", "0521"),
                    ("2024-06-18", "0503"), ("2025-06-17", "0549")):
        declarations.append({"date": D(day), "kind": "年度更新", "receipt_no": f"440606-{day[:4]}-06-{no}"})
    declarations.append({"date": D("2024-03-20"), "kind": "变更", "receipt_no": "440606-2024-03-0127",
                         "reason": "喷漆房由1间扩为2间，新增水性漆喷涂线"})
    declarations.sort(key=lambda x: x["date"])

    documents = [
        ("责任制", "职业病防治责任制（2024年修订）", "2024-01-05", "总经理签发"),
        ("管理制度", "职业卫生管理制度汇编（警示与告知、项目申报、宣传教育培训、防护设施维护检修、防护用品管理、健康监护、档案管理）", "2024-01-05", None),
        ("监测及评价制度", "职业病危害监测及评价管理制度", "2024-01-05", None),
        ("女职工禁忌岗位告知", "女职工禁忌从事的劳动范围告知书（含孕期、哺乳期）", "2024-01-05", "入职时签收"),
        ("操作规程", "开料岗位职业卫生操作规程", "2024-01-05", None),
        ("操作规程", "砂光岗位职业卫生操作规程", "2024-01-05", None),
        ("操作规程", "数控雕刻岗位职业卫生操作规程", "2024-03-15", None),
        ("操作规程", "喷漆、调漆岗位职业卫生操作规程", "2024-03-25", "喷漆房扩建后修订"),
        ("应急预案", "职业病危害事故应急救援预案（苯系物中毒）", "2024-03-01", None),
        ("应急演练", "喷漆房有机溶剂泄漏中毒应急演练", "2025-06-12", "参加 18 人，附演练记录和照片"),
        ("应急演练", "喷漆房有机溶剂泄漏中毒应急演练", "2026-06-11", "参加 21 人"),
        ("公告栏", "车间入口职业卫生公告栏（制度、操作规程、应急措施、检测结果）", "2024-03-15", None),
        ("防治计划", "2025年度职业病防治计划和实施方案", "2025-01-08", None),
        ("防治计划", "2026年度职业病防治计划和实施方案", "2026-01-07", None),
        ("体检计划", "2025年度职业健康检查计划", "2025-01-08", "预算 2.2 万元"),
        ("体检计划", "2026年度职业健康检查计划", "2026-01-07", "预算 2.4 万元"),
        ("培训计划", "2025年度职业卫生培训计划", "2025-01-08", None),
        ("培训计划", "2026年度职业卫生培训计划", "2026-01-07", None),
        ("检测结果公布", "2024年职业病危害因素定期检测结果公示", "2024-07-22", "HYJC-2024-0716"),
        ("检测结果公布", "2024年职业病危害现状评价结果公示", "2024-09-05", "HYPJ-2024-0213"),
        ("检测结果公布", "2025年职业病危害因素定期检测结果公示", "2025-07-21", "HYJC-2025-0715"),
        ("检测结果公布", "喷漆房甲苯复测结果公示", "2025-09-15", "HYJC-2025-0910F"),
        ("检测结果公布", "2026年职业病危害因素定期检测结果公示", "2026-07-03", "HYJC-2026-0628"),
        ("整改记录", "开料、雕刻岗位噪声超标整改记录（加装隔声罩，督促佩戴耳塞）", "2024-08-15", "HYJC-2024-0716 噪声超标"),
        ("整改记录", "喷漆房甲苯超标整改报告（更换水帘柜，排风量由 12000 提高到 18000 m³/h）", "2025-08-20",
         "HYJC-2025-0715 甲苯 68.3 mg/m³ 超标；2025-09-10 复测 26.5 mg/m³ 合格"),
        ("整改记录", "开料、雕刻岗位噪声超标整改记录（更换低噪声锯片）", "2025-08-20", "HYJC-2025-0715 噪声超标"),
        ("整改记录", "开料、雕刻岗位噪声超标整改记录（锯台隔声罩加密封条）", "2026-07-20", "HYJC-2026-0628 噪声超标"),
        ("合同告知书", "劳动合同职业病危害告知条款（范本）", "2024-01-05", None),
    ]
    docs = [{"kind": k, "title": t, "date": D(d), "note": n} for k, t, d, n in documents]

    posts = [dict(zip(("post_id", "post", "workplace", "hazard", "exposed", "level", "serious", "card_posted",
                       "signs_posted", "controls", "ppe"), p)) for p in F_POSTS]
    for p in posts:
        p["card_posted"] = D(p["card_posted"])
    assignments = [dict(a, start=D(a["start"]), end=D(a["end"])) for a in F_ASSIGNMENTS]
    return {"posts": posts, "workers": workers, "exams": exams, "training": training, "monitoring": monitoring,
            "declarations": declarations, "documents": docs, "ppe": ppe, "assignments": assignments}


def write_furniture(root: Path = HERE) -> Path:
    from openpyxl import load_workbook

    from ohkit.records.schema import table_specs
    from ohkit.records.templates import _normalise_zip, workbook_bytes

    wb = load_workbook(io.BytesIO(workbook_bytes("zh")))
    data = furniture_tables()
    for spec in table_specs():
        rows = data.get(spec.name)
        if not rows:
            continue
        ws = wb[spec.sheet_zh]
        for r, row in enumerate(rows, start=2):
            for c, f in enumerate(spec.fields, start=1):
                v = row.get(f.key)
                if v is None:
                    continue
                cell = ws.cell(row=r, column=c, value=v)
                if isinstance(v, dt.date):
                    cell.number_format = "yyyy-mm-dd"
                elif f.kind in ("id_number", "text", "list"):
                    cell.number_format = "@"
    out = root / "furniture" / "records.xlsx"
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.properties.creator = "陈慧敏"
    buf = io.BytesIO()
    wb.save(buf)
    out.write_bytes(_normalise_zip(buf.getvalue()))  # fixed timestamps: rebuilding changes nothing
    return out


# ---------------------------------------------------------------------------
# Stone workshop (云浮市, C3032 建筑用石加工, 15 workers, CSV files)
# ---------------------------------------------------------------------------

S_WORKERS = [
    # worker_id, name, sex, birth, region, hire, post, leave
    ("XL01", "邓伟雄", "男", "1970-03-12", "445302", "2012-03-01", None, None),
    ("XL02", "邓丽华", "女", "1973-08-26", "445302", "2012-03-01", None, None),
    ("XL03", "冯金水", "男", "1968-11-04", "445321", "2012-04-10", "S01", None),
    ("XL04", "陈亚伟", "男", "1975-02-17", "445322", "2013-06-03", "S01", None),
    ("XL05", "黄永才", "男", "1980-06-29", "450481", "2015-03-16", "S01", None),
    ("XL06", "梁国华", "男", "1985-09-13", "445302", "2019-08-12", "S01", None),
    ("XL07", "李春生", "男", "1972-12-20", "445381", "2012-05-02", "S02", None),
    ("XL08", "伍志明", "男", "1978-04-08", "445322", "2014-03-10", "S02", None),
    ("XL09", "谭少华", "男", "1988-01-31", "450481", "2018-02-26", "S02", None),
    ("XL10", "苏文", "男", "1992-07-15", "445302", "2022-03-07", "S02", None),
    ("XL11", "陆海生", "男", "1976-10-09", "445381", "2013-09-02", "S03", None),
    ("XL12", "覃永健", "男", "1990-05-24", "450122", "2020-05-11", "S03", None),
    ("XL13", "黎振东", "男", "1994-03-02", "445321", "2023-04-03", "S03", None),
    ("XL14", "何伟强", "男", "1983-08-18", "445302", "2016-04-05", None, None),
    ("XL15", "罗玉英", "女", "1979-01-22", "445322", "2017-07-03", None, None),
    ("XL16", "程军", "男", "1986-06-11", "431121", "2021-03-01", "S01", "2025-12-20"),
]
S_POSTS = [
    ("S01", "切割", "切割车间", "矽尘", 4, None, "是", "2023-09-20", "是", "湿式切割、车间排风扇", "KN95防尘口罩"),
    ("S01", "切割", "切割车间", "噪声", 4, "89", "否", "2023-09-20", "是", "—", "耳罩"),
    ("S02", "磨光", "磨光车间", "矽尘", 4, None, "是", "2023-09-20", "是", "湿式磨抛", "KN95防尘口罩"),
    ("S02", "磨光", "磨光车间", "噪声", 4, "84", "否", "2023-09-20", "是", "—", "耳塞"),
    ("S03", "修边雕刻", "加工棚", "矽尘", 3, None, "是", "2023-09-20", "是", "移动式除尘器", "KN95防尘口罩"),
    ("S03", "修边雕刻", "加工棚", "噪声", 3, "92", "否", "2023-09-20", "是", "—", "耳罩"),
]


def _slash(d: dt.date) -> str:
    """How Excel in China writes a date into a CSV: 2025/9/22."""
    return f"{d.year}/{d.month}/{d.day}"


def stone_tables() -> dict[str, list[dict]]:
    inst = "云浮市人民医院职业健康体检中心"
    workers, exams, training, ppe = [], [], [], []
    for i, (wid, name, sex, birth, region, hire, post, leave) in enumerate(S_WORKERS, start=1):
        hire_d = D(hire)
        start = add_days(hire_d, 0) if post else None
        workers.append({"worker_id": wid, "name": name, "sex": sex, "birth_date": _slash(D(birth)),
                        "hire_date": _slash(hire_d), "id_number": id_number(region, birth, 40 + i * 3, sex == "男"),
                        "post_id": post, "post_start": _slash(start) if start else None,
                        "leave_date": _slash(D(leave)) if leave else None,
                        "contract_notice": "是" if post else None})
        if not post:
            continue
        pre = add_days(hire_d, -4)
        exams.append({"worker_id": wid, "date": pre, "type": "上岗前", "institution": inst, "hazards": "矽尘、噪声",
                      "conclusion": "目前未见异常", "report_no": f"YF{pre:%Y%m%d}{i:02d}", "notified": hire_d})
        for day, notified in (("2023-09-25", "2023-10-20"), ("2024-09-23", "2024-10-18"), ("2025-09-22", "2025-10-17"),
                              ("2026-09-21", "2026-10-16")):
            d = D(day)
            if hire_d >= d or (leave and D(leave) <= d):
                continue
            concl = "目前未见异常"
            if (wid, d.year) == ("XL07", 2026):
                concl = "疑似职业病"  # suspected silicosis (EXAM-10)
            elif (wid, d.year) == ("XL11", 2026):
                concl = "职业禁忌证"  # contraindication, still on the dust post (EXAM-8)
            elif (wid, d.year) == ("XL03", 2025):
                concl = "复查"
            exams.append({"worker_id": wid, "date": d, "type": "在岗期间", "institution": inst, "hazards": "矽尘、噪声",
                          "conclusion": concl, "report_no": f"YF{d:%Y%m%d}{i:02d}", "notified": D(notified)})
        training.append({"person": wid, "role": "劳动者", "date": _slash(hire_d), "hours": 8, "kind": "初次",
                         "provider": "本厂", "passed": "是", "topic": "岗前培训：矽尘、噪声的危害和防护，湿式作业要求"})
    exams.append({"worker_id": "XL03", "date": D("2025-10-28"), "type": "复查", "institution": inst,
                  "hazards": "矽尘", "conclusion": "目前未见异常", "report_no": "YF2025102803", "notified": D("2025-11-05")})
    exams.append({"worker_id": "XL16", "date": D("2025-12-10"), "type": "离岗时", "institution": inst,
                  "hazards": "矽尘、噪声", "conclusion": "目前未见异常", "report_no": "YF2025121016",
                  "notified": D("2025-12-18")})
    exams.sort(key=lambda e: (e["date"], e["worker_id"]))
    for e in exams:
        e["date"], e["notified"] = _slash(e["date"]), _slash(e["notified"])

    for day in ("2024-04-13", "2025-04-12", "2026-04-11"):
        d = D(day)
        for wid, name, sex, birth, region, hire, post, leave in S_WORKERS:
            if wid in ("XL01", "XL02") or D(hire) > d or (leave and D(leave) <= d):
                continue
            training.append({"person": wid, "role": "劳动者", "date": _slash(d), "hours": 4, "kind": "继续",
                             "provider": "本厂（邓丽华）", "passed": "是", "topic": f"{d.year}年职业卫生培训"})
    # The boss writes the managers' own training under their names (the contract allows a name here).
    for wid, role, first in (("邓伟雄", "主要负责人", "2019-07-09"), ("邓丽华", "职业卫生管理人员", "2019-07-09")):
        training.append({"person": wid, "role": role, "date": _slash(D(first)), "hours": 16, "kind": "初次",
                         "provider": "云浮市安全生产协会", "passed": "是", "topic": "主要负责人和管理人员职业卫生培训"})
        for day in ("2024-06-20", "2025-06-19", "2026-06-18"):
            training.append({"person": wid, "role": role, "date": _slash(D(day)), "hours": 8, "kind": "继续",
                             "provider": "云浮市安全生产协会", "passed": "是", "topic": "职业卫生继续教育"})
    training.sort(key=lambda t: (_as_date(t["date"]), t["person"]))

    for wid, name, sex, birth, region, hire, post, leave in S_WORKERS:
        if not post:
            continue
        for day in ("2025-03-03", "2025-09-01", "2026-03-02", "2026-09-07"):
            d = D(day)
            if leave and D(leave) <= d:
                continue
            ppe.append({"worker_id": wid, "item": "KN95防尘口罩", "date": _slash(d), "qty": 90})
            ppe.append({"worker_id": wid, "item": "耳罩" if post in ("S01", "S03") else "耳塞",
                        "date": _slash(d), "qty": 1 if post in ("S01", "S03") else 90})

    agency = "广东粤西职业卫生检测有限公司"
    monitoring = []
    for no, day, vals in (
        ("YXJC2023-0815", "2023-08-15", {"S01": ("0.62", "89.5"), "S02": ("0.48", "84.6"), "S03": ("0.91", "93.1")}),
        ("YXJC2024-0903", "2024-09-03", {"S01": ("0.58", "89.2"), "S02": ("0.45", "84.0"), "S03": ("0.86", "92.4")}),
        ("YXJC2025-0812", "2025-08-12", {"S01": ("0.55", "88.9"), "S02": ("0.51", "83.7"), "S03": ("0.83", "92.0")}),
    ):
        for post, (dust, noise) in vals.items():
            monitoring.append({"report_no": no, "date": _slash(D(day)), "agency": agency, "kind": "定期检测",
                               "post_id": post, "hazard": "矽尘", "value": dust, "unit": "mg/m³", "limit": "1",
                               "verdict": "合格"})
            monitoring.append({"report_no": no, "date": _slash(D(day)), "agency": agency, "kind": "定期检测",
                               "post_id": post, "hazard": "噪声", "value": noise, "unit": "dB(A)", "limit": "85",
                               "verdict": "不合格" if float(noise) > 85 else "合格"})
    monitoring.append({"report_no": "YXPJ2024-0117", "date": _slash(D("2024-10-30")), "agency": agency,
                       "kind": "现状评价"})

    declarations = [{"date": _slash(D("2019-06-10")), "kind": "首次", "receipt_no": "445302-2019-06-0077"}]
    for day, no in (("2020-06-08", "0102"), ("2021-06-07", "0098"), ("2022-06-13", "0131"), ("2023-06-12", "0126"),
                    ("2024-06-11", "0140"), ("2025-06-10", "0152"), ("2026-06-09", "0149")):
        declarations.append({"date": _slash(D(day)), "kind": "年度更新", "receipt_no": f"445302-{day[:4]}-06-{no}"})

    documents = [
        ("责任制", "职业病防治责任制", "2023-09-01", None),
        ("管理制度", "职业卫生管理制度（含监测及评价、防护用品、健康监护、培训）", "2023-09-01", None),
        ("操作规程", "切割、磨光、修边岗位防尘防噪操作规程", "2023-09-01", "贴在车间墙上"),
        ("应急预案", "职业病危害事故应急救援预案", "2023-09-01", None),
        ("应急演练", "粉尘危害应急演练", "2026-05-15", "参加 12 人"),
        ("公告栏", "厂门口职业卫生公告栏", "2023-09-20", None),
        ("检测结果公布", "2023年检测结果公布", "2023-08-28", "YXJC2023-0815"),
        ("检测结果公布", "2024年检测结果公布", "2024-09-13", "YXJC2024-0903"),
        ("检测结果公布", "现状评价结果公布", "2024-11-08", "YXPJ2024-0117"),
        ("检测结果公布", "2025年检测结果公布", "2025-08-22", "YXJC2025-0812"),
        ("防治计划", "2026年职业病防治计划", "2026-01-12", None),
        ("体检计划", "2026年职业健康检查计划", "2026-01-12", None),
        ("培训计划", "2026年职业卫生培训计划", "2026-01-12", None),
        ("整改记录", "切割、修边岗位噪声超标整改（切割、修边改发耳罩）", "2023-09-10", "YXJC2023-0815 噪声超标"),
        ("整改记录", "切割、修边岗位噪声超标整改（修边角磨机更换为低噪声型）", "2024-09-20", "YXJC2024-0903 噪声超标"),
        ("整改记录", "切割、修边岗位噪声超标整改（切割机加装隔声板）", "2025-09-05", "YXJC2025-0812 噪声超标"),
    ]
    docs = [{"kind": k, "title": t, "date": _slash(D(d)), "note": n} for k, t, d, n in documents]
    posts = [dict(zip(("post_id", "post", "workplace", "hazard", "exposed", "level", "serious", "card_posted",
                       "signs_posted", "controls", "ppe"), p)) for p in S_POSTS]
    for p in posts:
        p["card_posted"] = _slash(D(p["card_posted"]))
    return {"posts": posts, "workers": workers, "exams": exams, "training": training, "monitoring": monitoring,
            "declarations": declarations, "documents": docs, "ppe": ppe}


def write_stone(root: Path = HERE) -> list[Path]:
    from ohkit.records.schema import table_specs

    data = stone_tables()
    out = []
    for spec in table_specs():
        rows = data.get(spec.name)
        if not rows:
            continue
        # Only the columns the firm uses (a real CSV keeps what its author needed).
        fields = [f for f in spec.fields if any(r.get(f.key) is not None for r in rows)]
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow([f.header_zh for f in fields])
        for r in rows:
            w.writerow(["" if r.get(f.key) is None else r[f.key] for f in fields])
        path = root / "stone" / f"{spec.name}.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        if spec.name == "training":
            path.write_bytes(buf.getvalue().encode("gbk"))  # saved by Excel as "CSV (逗号分隔)"
        else:
            path.write_bytes(("\ufeff" + buf.getvalue()).encode("utf-8"))
        out.append(path)
    return out


def write_office(root: Path = HERE) -> Path:
    staff = [
        ("TY01", "周嘉怡", "女", "1981-05-09", "440106", "2015-07-01"),
        ("TY02", "林俊杰", "男", "1984-10-23", "440104", "2015-07-01"),
        ("TY03", "何晓婷", "女", "1990-03-15", "440111", "2017-03-06"),
        ("TY04", "黄浩然", "男", "1992-08-02", "441302", "2018-07-16"),
        ("TY05", "陈思远", "男", "1994-12-11", "440106", "2019-09-02"),
        ("TY06", "郑雅琴", "女", "1993-06-27", "350583", "2020-05-11"),
        ("TY07", "吴梓豪", "男", "1996-01-30", "440105", "2021-07-05"),
        ("TY08", "刘欣然", "女", "1997-09-08", "430104", "2022-02-21"),
        ("TY09", "张子健", "男", "1995-04-19", "440104", "2022-08-15"),
        ("TY10", "杨佩珊", "女", "1999-11-03", "440111", "2023-07-03"),
        ("TY11", "梁宇轩", "男", "2000-02-14", "440106", "2024-07-01"),
        ("TY12", "谢婉婷", "女", "1998-07-26", "440105", "2025-03-17"),
    ]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["工号", "姓名", "身份证号", "性别", "出生日期", "入职日期"])
    for i, (wid, name, sex, birth, region, hire) in enumerate(staff, start=1):
        w.writerow([wid, name, id_number(region, birth, 100 + i * 5, sex == "男"), sex, birth, hire])
    path = root / "office" / "workers.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(("\ufeff" + buf.getvalue()).encode("utf-8"))
    return path


if __name__ == "__main__":
    print(write_furniture())
    for p in write_stone():
        print(p)
    print(write_office())
