"""Synthetic firm generator shared by the benchmarks.

    from bench.synth import make_firm          # or: python bench/synth.py DEST --workers 300
    info = make_firm(dest, workers=300, years=5, seed=0, fmt="csv")   # fmt: csv | xlsx

Writes enterprise.yaml and the nine tables with the Chinese headers of RECORDS.md: a
factory with dust, noise, solvent and heat posts, turnover, yearly exams and training,
PPE issues, testing reports, declarations and documents over ``years`` years ending on
``info["as_of"]`` (2026-11-27). Deterministic for a given seed. Some gaps are left in on
purpose (late exams, missing notices) so that every check has work to do. Returns a dict
with the row counts per table and the as-of date.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
from pathlib import Path
from typing import Any

AS_OF = dt.date(2026, 11, 27)

HEADERS: dict[str, list[tuple[str, str]]] = {
    "posts": [("post_id", "岗位编号"), ("post", "岗位名称"), ("workplace", "工作场所"), ("hazard", "危害因素"),
              ("exposed", "接触人数"), ("level", "接触水平"), ("serious", "严重危害岗位"),
              ("card_posted", "告知卡设置日期"), ("signs_posted", "警示标识")],
    "workers": [("worker_id", "工号"), ("name", "姓名"), ("sex", "性别"), ("birth_date", "出生日期"),
                ("hire_date", "入职日期"), ("post_id", "岗位编号"), ("post_start", "上岗日期"),
                ("leave_date", "离岗日期"), ("contract_notice", "合同告知")],
    "exams": [("worker_id", "工号"), ("date", "体检日期"), ("type", "体检类型"), ("institution", "体检机构"),
              ("hazards", "危害因素"), ("conclusion", "体检结论"), ("report_no", "报告编号"), ("notified", "书面告知日期")],
    "training": [("person", "人员"), ("role", "角色"), ("date", "培训日期"), ("hours", "学时"), ("kind", "类型"),
                 ("provider", "培训机构"), ("passed", "考核合格")],
    "monitoring": [("report_no", "报告编号"), ("date", "报告日期"), ("agency", "技术服务机构"), ("kind", "类型"),
                   ("post_id", "岗位编号"), ("hazard", "危害因素"), ("value", "检测值"), ("unit", "单位"),
                   ("limit", "限值"), ("verdict", "判定")],
    "declarations": [("date", "申报日期"), ("kind", "类型"), ("receipt_no", "回执编号"), ("reason", "变更原因")],
    "documents": [("kind", "类别"), ("title", "名称"), ("date", "日期"), ("note", "备注")],
    "ppe": [("worker_id", "工号"), ("item", "用品"), ("date", "发放日期"), ("qty", "数量")],
    "dose": [("worker_id", "工号"), ("start", "开始日期"), ("end", "结束日期"), ("dose_msv", "剂量")],
}
SHEETS = {"posts": "岗位危害", "workers": "劳动者名册", "exams": "职业健康检查", "training": "职业卫生培训",
          "monitoring": "检测评价", "declarations": "申报记录", "documents": "文件台账", "ppe": "防护用品发放",
          "dose": "个人剂量"}

# post id, name, workplace, [(hazard, level, unit, limit, value range)], serious
POSTS = [
    ("P01", "切割", "一车间", [("噪声", "88", "dB(A)", "85", (80, 92)), ("木粉尘", None, "mg/m³", "3", (0.5, 4))], True),
    ("P02", "打磨", "一车间", [("噪声", "86", "dB(A)", "85", (80, 90)), ("矽尘", None, "mg/m³", "1", (0.2, 1.3))], True),
    ("P03", "喷漆", "二车间", [("苯", None, "mg/m³", "6", (0.5, 7)), ("甲苯", None, "mg/m³", "50", (5, 60)),
                             ("二甲苯", None, "mg/m³", "50", (5, 60))], True),
    ("P04", "焊接", "三车间", [("电焊烟尘", None, "mg/m³", "4", (1, 5)), ("噪声", "83", "dB(A)", "85", (78, 86))], False),
    ("P05", "熔炼", "三车间", [("高温", None, "℃", "30", (26, 33))], False),
    ("P06", "装配", "四车间", [("噪声", "82", "dB(A)", "85", (75, 84))], False),
    ("P07", "水泥搅拌", "五车间", [("水泥粉尘", None, "mg/m³", "4", (1, 5))], False),
    ("P08", "仓储", "仓库", [("噪声", "80", "dB(A)", "85", (70, 82))], False),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红建国志文斌"
PPE_ITEMS = {"噪声": "耳塞", "矽尘": "防尘口罩", "木粉尘": "防尘口罩", "电焊烟尘": "防尘口罩", "水泥粉尘": "防尘口罩",
             "苯": "防毒面具", "甲苯": "防毒面具", "二甲苯": "防毒面具", "高温": "隔热服"}


def _add_months(d: dt.date, n: int) -> dt.date:
    import calendar

    m0 = d.month - 1 + n
    y, m = d.year + m0 // 12, m0 % 12 + 1
    return dt.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def _fmt(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, dt.date):
        return v.isoformat()
    return v


def generate(workers: int = 300, years: int = 5, seed: int = 0) -> dict[str, list[dict[str, Any]]]:
    rnd = random.Random(seed)
    start = _add_months(AS_OF, -12 * years)
    span = (AS_OF - start).days
    t: dict[str, list[dict[str, Any]]] = {k: [] for k in HEADERS}
    for pid, name, place, hz, serious in POSTS:
        for h, level, *_ in hz:
            t["posts"].append({"post_id": pid, "post": name, "workplace": place, "hazard": h, "exposed": 0,
                               "level": level, "serious": serious,
                               "card_posted": start + dt.timedelta(days=rnd.randint(0, 200)) if rnd.random() > 0.1 else None,
                               "signs_posted": rnd.random() > 0.1})
    hazards_of = {p[0]: [h[0] for h in p[3]] for p in POSTS}
    n_total = int(workers * 1.25)
    rno = 0
    for i in range(n_total):
        wid = f"W{i + 1:04d}"
        pid = POSTS[rnd.randrange(len(POSTS))][0]
        current = i < workers
        hire = start + dt.timedelta(days=rnd.randint(-1500, span - 20)) if current else \
            start + dt.timedelta(days=rnd.randint(-900, span - 400))
        leave = None if current else hire + dt.timedelta(days=rnd.randint(200, max(201, (AS_OF - hire).days - 10)))
        if leave and leave >= AS_OF:
            leave = AS_OF - dt.timedelta(days=rnd.randint(1, 60))
        transfer = rnd.random() < 0.1
        post_start = hire + dt.timedelta(days=rnd.randint(30, 400)) if transfer else hire
        if leave and post_start >= leave:
            post_start = hire
        t["workers"].append({
            "worker_id": wid, "name": rnd.choice(SURNAMES) + rnd.choice(GIVEN) + rnd.choice(GIVEN),
            "sex": "女" if rnd.random() < 0.3 else "男",
            "birth_date": dt.date(rnd.randint(1966, 2004), rnd.randint(1, 12), rnd.randint(1, 28)),
            "hire_date": hire, "post_id": pid, "post_start": post_start, "leave_date": leave,
            "contract_notice": rnd.random() > 0.05})
        hs = "、".join(hazards_of[pid])
        end = leave or AS_OF
        # pre-employment exam, then yearly (sometimes late), exit exam for most leavers
        d = post_start - dt.timedelta(days=rnd.randint(1, 20)) if rnd.random() > 0.05 else post_start + dt.timedelta(days=5)
        first = True
        while d <= end and d <= AS_OF:
            if d >= start - dt.timedelta(days=400):
                rno += 1
                concl = rnd.choices(["目前未见异常", "复查", "其他疾病或异常", "职业禁忌证", "疑似职业病"],
                                    [90, 4, 5, 0.7, 0.3])[0]
                t["exams"].append({"worker_id": wid, "date": d, "type": "上岗前" if first else "在岗期间",
                                   "institution": "市职业病防治院", "hazards": hs, "conclusion": concl,
                                   "report_no": f"TJ{rno:06d}",
                                   "notified": min(AS_OF, d + dt.timedelta(days=rnd.randint(3, 40))) if rnd.random() > 0.05 else None})
            first = False
            d = d + dt.timedelta(days=rnd.randint(330, 390))
        if leave and rnd.random() > 0.2:
            ed = leave - dt.timedelta(days=rnd.randint(0, 25))
            rno += 1
            t["exams"].append({"worker_id": wid, "date": ed, "type": "离岗时", "institution": "市职业病防治院",
                               "hazards": hs, "conclusion": "目前未见异常", "report_no": f"TJ{rno:06d}", "notified": ed})
        # training: initial 8 h at start, 4 h yearly
        d = post_start - dt.timedelta(days=rnd.randint(0, 5))
        kind = "初次"
        while d <= end and d <= AS_OF:
            if d >= start - dt.timedelta(days=400):
                t["training"].append({"person": wid, "role": "劳动者", "date": d, "hours": 8 if kind == "初次" else 4,
                                      "kind": kind, "provider": "安全培训中心", "passed": rnd.random() > 0.02})
            kind = "继续"
            d = d + dt.timedelta(days=rnd.randint(300, 400))
        # PPE: every ~4 months per hazard item
        items = sorted({PPE_ITEMS.get(h, "防护手套") for h in hazards_of[pid]})
        d = max(post_start, start)
        while d <= end and d <= AS_OF:
            for it in items:
                t["ppe"].append({"worker_id": wid, "item": it, "date": d, "qty": rnd.randint(1, 10)})
            d = d + dt.timedelta(days=rnd.randint(90, 150))
    for mgr, role in (("王建国", "主要负责人"), ("李安全", "职业卫生管理人员")):
        d, kind = start, "初次"
        while d <= AS_OF:
            t["training"].append({"person": mgr, "role": role, "date": d, "hours": 16 if kind == "初次" else 8,
                                  "kind": kind, "provider": "市安全培训中心", "passed": True})
            kind, d = "继续", d + dt.timedelta(days=rnd.randint(330, 380))
    # testing reports once a year (serious firm), daily monitoring monthly
    d, n = start + dt.timedelta(days=30), 0
    while d <= AS_OF:
        n += 1
        no = f"JC{d.year}-{n:03d}"
        for pid, name, place, hz, serious in POSTS:
            for h, level, unit, limit, (lo, hi) in hz:
                v = round(rnd.uniform(lo, hi), 1)
                t["monitoring"].append({"report_no": no, "date": d, "agency": "某职业卫生技术服务有限公司",
                                        "kind": "定期检测", "post_id": pid, "hazard": h, "value": v, "unit": unit,
                                        "limit": limit, "verdict": "合格" if v <= float(limit) else "不合格"})
        t["documents"].append({"kind": "检测结果公布", "title": f"{no} 结果公布", "date": d + dt.timedelta(days=10)})
        if n % 3 == 1:
            t["monitoring"].append({"report_no": f"PJ{d.year}", "date": d, "agency": "某职业卫生技术服务有限公司",
                                    "kind": "现状评价"})
        d = d + dt.timedelta(days=rnd.randint(340, 370))
    d = start
    while d <= AS_OF:
        for pid, name, place, hz, serious in POSTS[:3]:
            h, level, unit, limit, (lo, hi) = hz[0]
            v = round(rnd.uniform(lo, hi * 0.9), 1)
            t["monitoring"].append({"report_no": f"RC{d:%Y%m}", "date": d, "agency": "本单位", "kind": "日常监测",
                                    "post_id": pid, "hazard": h, "value": v, "unit": unit, "limit": limit,
                                    "verdict": "合格" if v <= float(limit) else "不合格"})
        d = _add_months(d, 1)
    d, k = start - dt.timedelta(days=100), "首次"
    while d <= AS_OF:
        t["declarations"].append({"date": d, "kind": k, "receipt_no": f"SB{d:%Y%m%d}"})
        k, d = "年度更新", _add_months(d, 12) + dt.timedelta(days=rnd.randint(-20, 20))
    for kind in ("职业病防治责任制", "管理制度", "操作规程", "防治计划", "应急预案", "体检计划", "培训计划"):
        t["documents"].append({"kind": kind, "title": kind, "date": start + dt.timedelta(days=rnd.randint(0, 60))})
    for y in range(years):
        t["documents"].append({"kind": "应急演练", "title": "中毒事故应急演练", "date": _add_months(start, 12 * y + 6)})
    return t


def make_firm(dest: str | Path, workers: int = 300, years: int = 5, seed: int = 0, fmt: str = "csv") -> dict[str, Any]:
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    t = generate(workers, years, seed)
    current = sum(1 for w in t["workers"] if not w["leave_date"])
    (dest / "enterprise.yaml").write_text(
        "name: 合成家具制造有限公司\nregion: 某省某市某区\nindustry: C2110 木质家具制造\nsize: medium\n"
        f"headcount: {current}\nhazard_class: serious\nprincipal: 王建国\n"
        "oh_manager: {name: 李安全, full_time: true}\noh_body: 安全环保部\n"
        f"insurance: {{insured: {current - 3}, as_of: {AS_OF.isoformat()}}}\n"
        "uses_high_toxic: true\nacute_risk: true\nradiation: false\nhas_union: true\nnew_project: false\n",
        encoding="utf-8")
    if fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        for table, cols in HEADERS.items():
            ws = wb.create_sheet(SHEETS[table])
            ws.append([h for _, h in cols])
            for r in t[table]:
                ws.append([_fmt(r.get(k)) for k, _ in cols])
        wb.save(dest / "records.xlsx")
    else:
        for table, cols in HEADERS.items():
            if not t[table]:
                continue
            with (dest / f"{table}.csv").open("w", encoding="utf-8", newline="") as fh:
                w = csv.writer(fh)
                w.writerow([h for _, h in cols])
                for r in t[table]:
                    w.writerow([_fmt(r.get(k)) for k, _ in cols])
    counts = {k: len(v) for k, v in t.items()}
    return {"as_of": AS_OF, "rows": sum(counts.values()), "counts": counts, "path": str(dest)}


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dest")
    ap.add_argument("--workers", type=int, default=300)
    ap.add_argument("--years", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--fmt", choices=["csv", "xlsx"], default="csv")
    a = ap.parse_args()
    print(make_firm(a.dest, a.workers, a.years, a.seed, a.fmt))
