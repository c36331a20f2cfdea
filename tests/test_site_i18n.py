"""Every string the guide's page templates translate has a Chinese translation in site.po."""
from __future__ import annotations

from babel.messages.pofile import read_po

from ohkit import i18n
from ohkit.site.build import Helpers, template_msgids
from ohkit.site.data import SiteData

PO = i18n.LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / "site.po"


def test_template_strings_have_chinese_translations():
    with PO.open("rb") as fh:
        cat = read_po(fh, locale="zh_CN")
    zh = {(m.id if isinstance(m.id, str) else m.id[0]): m.string for m in cat if m.id}
    ids = template_msgids()
    assert len(ids) > 50
    missing = {m: w for m, w in ids.items() if not zh.get(m if isinstance(m, str) else m[0])}
    assert not missing, missing


def test_labels_are_chinese_in_zh_and_english_in_en():
    data = SiteData(ruleset="t", obligations=[], hazards=[], sources=[], documents={}, origin="test")
    zh, en = Helpers(data, "zh"), Helpers(data, "en")
    assert zh._("What you must do") == "要做什么"
    assert en._("What you must do") == "What you must do"
    assert zh.conf("unconfirmed").endswith("&nbsp;未确认") and en.conf("confirmed").endswith("&nbsp;confirmed")
    assert ":material-alert:" in zh.conf("unconfirmed")
    assert zh.months(24) == "2 年（24 个月）"
    assert zh.months(0) == "不需要在岗期间体检"
    assert en.months(24) == "2 years (24 months)"
    assert "体检" in zh.check_text({"kind": "exam_periodic"})
    text = en.applies_text({"all": ["exposed"], "any": ["serious", "over_100"]})
    assert "all of these" in text and "at least one" in text and "#flag-serious" in text
    assert en.applies_text(None) == "Every employer."
    assert en.when_text({"months": 12, "when": {"level_min": 80, "level_max": 85}}) == "exposure level 80 to below 85"
    assert zh.when_text({"months": 12, "when": {"grade_min": 2}}) == "作业分级 II 级及以上"
    assert en.article("第35条第2款") == "Art. 35 ¶2" and zh.article("第35条第2款") == "第35条第2款"
    assert en.article("第71条第(4)项") == "Art. 71 (4)"
