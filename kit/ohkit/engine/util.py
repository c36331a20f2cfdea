"""Small pure helpers of the engine: month arithmetic, enumeration folding, masking."""
from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any, Iterable


_DIM = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def add_months(d: dt.date, months: int) -> dt.date:
    """``d`` plus ``months`` calendar months; the day is clamped to the month's end
    (2024-01-31 + 1 → 2024-02-29, 2024-02-29 + 12 → 2025-02-28)."""
    m0 = d.month - 1 + months
    y, m = d.year + m0 // 12, m0 % 12 + 1
    day = d.day
    if day > 28:
        last = 29 if m == 2 and calendar.isleap(y) else _DIM[m - 1]
        day = min(day, last)
    return dt.date(y, m, day)


def add_years(d: dt.date, years: int) -> dt.date:
    return add_months(d, 12 * years)


def age_on(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


_DATE = dt.date


def as_date(v: Any) -> dt.date | None:
    if type(v) is _DATE:
        return v
    if v is None:
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str):
        try:
            return dt.date.fromisoformat(v.strip()[:10])
        except ValueError:
            return None
    return None


def as_list(v: Any) -> tuple[str, ...]:
    if v is None or v == "":
        return ()
    if isinstance(v, (list, tuple, set, frozenset)):
        return tuple(str(x).strip() for x in v if str(x).strip())
    return tuple(p.strip() for p in re.split(r"[、;；,，]", str(v)) if p.strip())


def as_bool(v: Any) -> bool | None:
    if v is None or v == "":
        return None
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)):
        return bool(v)
    s = str(v).strip().lower()
    if s in {"是", "y", "yes", "true", "1", "✓", "√", "有", "t"}:
        return True
    if s in {"否", "n", "no", "false", "0", "✗", "×", "无", "f"}:
        return False
    return None


def as_float(v: Any) -> float | None:
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v)
    m = re.search(r"-?\d+(?:\.\d+)?", str(v))
    return float(m.group(0)) if m else None


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "Ⅰ": 1, "Ⅱ": 2, "Ⅲ": 3, "Ⅳ": 4}


def parse_level(v: Any) -> tuple[float | None, int | None]:
    """posts.level → (numeric level, work grade 1–4). '88 dB(A)' → (88, None); 'II级' → (None, 2)."""
    if v is None or v == "":
        return None, None
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return float(v), None
    s = str(v).strip()
    for k in ("Ⅳ", "Ⅲ", "Ⅱ", "Ⅰ"):
        if k in s:
            return None, _ROMAN[k]
    m = re.fullmatch(r"\s*(?:grade\s*)?(iv|iii|ii|i)\s*(?:级|级别)?\s*", s, re.I)
    if m:
        return None, _ROMAN[m.group(1).lower()]
    m = re.fullmatch(r"\s*(\d)\s*级\s*", s)
    if m:
        return None, int(m.group(1))
    return as_float(s), None


def mask_id(v: Any) -> str | None:
    """110101199001011234 → 110101********1234 (never print an ID number in full)."""
    if v is None or v == "":
        return None
    s = str(v).strip()
    if "*" in s:
        return s
    if len(s) <= 8:
        return "*" * len(s)
    return s[:6] + "*" * (len(s) - 10) + s[-4:]


_FOLD_SEP = re.compile(r"[\s_\-]+")
_FOLDED: dict[str, str] = {}  # (document kinds and titles: a few hundred texts, folded thousands of times)


def _fold(s: Any) -> str:
    s = str(s)
    got = _FOLDED.get(s)
    if got is None:
        got = _FOLD_SEP.sub("", s).casefold()
        if len(_FOLDED) < 100_000:
            _FOLDED[s] = got
    return got


def _vocab(d: dict[str, Iterable[str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, words in d.items():
        out[_fold(key)] = key
        for w in words:
            out[_fold(w)] = key
    return out


EXAM_TYPE = _vocab({
    "pre": ("上岗前", "上岗前检查", "pre_employment", "pre-employment", "preemployment"),
    "periodic": ("在岗期间", "在岗", "在岗期间检查", "定期"),
    "exit": ("离岗时", "离岗", "离岗时检查"),
    "emergency": ("应急",),
    "recheck": ("复查",),
})
CONCLUSION = _vocab({
    "normal": ("目前未见异常", "未见异常", "no_abnormality", "noabnormality"),
    "recheck": ("复查",),
    "suspected_od": ("疑似职业病", "suspected", "suspected_occupational_disease"),
    "contraindication": ("职业禁忌证", "职业禁忌症", "职业禁忌"),
    "other": ("其他疾病或异常", "其他", "other_disease", "other_abnormal"),
})
ROLE = _vocab({
    "principal": ("主要负责人", "负责人"),
    "oh_manager": ("职业卫生管理人员", "管理人员", "manager"),
    "worker": ("劳动者", "员工", "工人"),
})
TRAIN_KIND = _vocab({
    "initial": ("初次", "初训", "岗前", "上岗前"),
    "continuing": ("继续", "继续教育", "在岗", "refresher", "annual"),
    "retraining": ("复训", "重新培训", "再培训", "转岗培训"),
})
MON_KIND = _vocab({
    "periodic": ("定期检测", "定期", "periodic_testing", "detection"),
    "status_evaluation": ("现状评价", "status"),
    "control_effect": ("控制效果评价", "control_effect_evaluation"),
    "pre_assessment": ("预评价", "pre_evaluation"),
    "daily": ("日常监测", "daily_monitoring"),
})
DECL_KIND = _vocab({
    "initial": ("首次", "首次申报", "first"),
    "change": ("变更", "变更申报"),
    "annual": ("年度更新", "年度", "update", "annual_update"),
    "cancel": ("注销", "deregistration"),
})
VERDICT = _vocab({
    "pass": ("合格", "符合", "达标", "compliant", "ok"),
    "fail": ("不合格", "超标", "不符合", "exceeded", "over", "noncompliant"),
})
SEX = _vocab({"female": ("女", "f", "女性"), "male": ("男", "m", "男性")})
SPECIAL = _vocab({
    "pregnancy": ("孕期", "怀孕", "pregnant"),
    "lactation": ("哺乳期", "哺乳", "lactating", "nursing", "breastfeeding"),
})


_NORM_CACHE: dict[tuple[int, Any], str | None] = {}


def norm(vocab: dict[str, str], v: Any) -> str | None:
    if v is None or v == "":
        return None
    key = (id(vocab), v)
    try:
        return _NORM_CACHE[key]
    except KeyError:
        pass
    except TypeError:  # unhashable
        return vocab.get(_fold(v))
    r = _NORM_CACHE[key] = vocab.get(_fold(v))
    return r


def doc_matches(kind: Any, title: Any, wanted: Iterable[str]) -> bool:
    """Does a documents row (kind, title) match one of the wanted kinds?"""
    k, t = _fold(kind or ""), _fold(title or "")
    for w in wanted:
        fw = _fold(w)
        if fw and (fw == k or (k and fw in k) or (k and k in fw and len(k) >= 2) or (fw in t)):
            return True
    return False


def both(msgid: str) -> dict[str, str]:
    """An engine phrase (marked with N_ where it is written, translated in engine.po) as a
    message parameter in both languages."""
    from ohkit.i18n import translator

    return {"zh": translator("zh").gettext(msgid), "en": translator("en").gettext(msgid)}


def enum_label(table: str, field: str, key: str) -> dict[str, str]:
    """{zh, en} label of a records enum value, from the schema's annotations
    (``table`` "enterprise" for enterprise.yaml)."""
    from ohkit.records.schema import enterprise_spec, table_spec

    try:
        spec = enterprise_spec() if table == "enterprise" else table_spec(table)
        lab = spec.field(field).enum_labels.get(key)
    except KeyError:
        lab = None
    return dict(lab) if lab else {"zh": key, "en": key}


def enum_key(table: str, field: str, value: Any) -> Any:
    """A records enum value typed as its key, Chinese label or an alias (from the schema) → its key."""
    from ohkit.records.schema import enterprise_spec, table_spec

    try:
        f = (enterprise_spec() if table == "enterprise" else table_spec(table)).field(field)
    except KeyError:
        return value
    v = str(value).strip()
    for key, lab in f.enum_labels.items():
        if v == key or v in lab.values() or v in f.enum_aliases.get(key, ()):
            return key
    return value
