"""Every user-facing string has a Chinese translation, and the compiled catalogues are current."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from ohkit import i18n
from ohkit.model import Msg

PKG = Path(i18n.__file__).parent
ZH = i18n.LOCALE_DIR / "zh_CN" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


def _catalogues():
    for po in sorted(ZH.glob("*.po")):
        with po.open("rb") as fh:
            yield po, read_po(fh, locale="zh_CN")


def _zh_ids() -> dict[str, str]:
    out: dict[str, str] = {}
    for po, cat in _catalogues():
        if po.stem == "click":
            continue
        for m in cat:
            if m.id:
                out[i18n._key(m)] = m.string if isinstance(m.string, str) else m.string[0]
    return out


def test_every_marked_string_in_code_has_a_chinese_translation():
    code = [p for p in PKG.rglob("*.py") if "locale" not in p.parts]
    zh = _zh_ids()
    missing = {mid: where[0] for mid, where in i18n.extract_msgids(code).items() if not zh.get(mid)}
    assert not missing, "no zh_CN translation for:\n" + "\n".join(f"{w}: {m!r}" for m, w in missing.items())


@pytest.mark.parametrize("po", sorted(ZH.glob("*.po")), ids=lambda p: p.stem)
def test_translations_keep_their_placeholders(po):
    with po.open("rb") as fh:
        cat = read_po(fh, locale="zh_CN")
    for m in cat:
        if not m.id or not m.string:
            continue
        mid = m.id if isinstance(m.id, str) else m.id[0]
        mstr = m.string if isinstance(m.string, str) else m.string[0]
        want = set(PLACEHOLDER.findall(mid))
        if isinstance(m.id, tuple):  # plural: either form's placeholders may be used
            want = want | set(PLACEHOLDER.findall(m.id[1]))
            assert set(PLACEHOLDER.findall(mstr)) <= want, (po.name, mid)
        else:
            assert set(PLACEHOLDER.findall(mstr)) == want, (po.name, mid, mstr)
        assert not m.fuzzy, (po.name, mid)


def test_compiled_catalogues_are_current():
    assert i18n.compile_catalogues(check=True) == [], "run: python -m ohkit.i18n compile"


def test_every_message_code_renders_in_both_languages():
    zh, en = i18n.translator("zh"), i18n.translator("en")
    for code, tpl in i18n.message_registry().items():
        params = {name: "X" for name in PLACEHOLDER.findall(tpl) if name}
        m = Msg(code, params)
        assert en.msg(m) == tpl.format(**params) if params else tpl
        assert zh.msg(m) != tpl or not re.search(r"[A-Za-z]{3}", tpl), f"{code} is not translated"


def test_english_never_leaks_chinese_from_the_catalogues():
    en = i18n.translator("en")
    assert en.gettext("Usage:") == "Usage:"
    assert en.msg(Msg("cli.folder_missing", {"path": "x"})) == "Folder not found: x"
    assert i18n.translator("zh").msg(Msg("cli.folder_missing", {"path": "x"})) == "找不到文件夹：x"


def test_language_names_are_normalised():
    assert i18n.normalise_lang("zh_CN") == "zh"
    assert i18n.normalise_lang("en-US") == "en"
    with pytest.raises(ValueError):
        i18n.normalise_lang("fr")


def test_one_english_string_has_one_chinese_translation_across_layers():
    """Domains are chained, so the first one loaded wins: the same msgid must not mean two things."""
    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for po, cat in _catalogues():
        if po.stem == "click":
            continue
        for m in cat:
            if not m.id or not m.string:
                continue
            mid = i18n._key(m)
            mstr = m.string if isinstance(m.string, str) else m.string[0]
            if mid in seen and seen[mid][1] != mstr:
                clashes.append(f"{mid!r}: {seen[mid][0]}={seen[mid][1]!r} vs {po.stem}={mstr!r}")
            seen.setdefault(mid, (po.stem, mstr))
    assert not clashes, "give these different English msgids (or the same translation):\n" + "\n".join(clashes)


@pytest.mark.parametrize("mo", sorted(i18n.LOCALE_DIR.glob("*/LC_MESSAGES/*.mo")),
                         ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
def test_catalogues_are_read_as_gettext_reads_them(mo):
    """ohkit reads .mo files itself (gettext would import struct, copy and locale for `--help`):
    the same entries, plural forms and contexts as gettext.GNUTranslations."""
    import gettext

    with mo.open("rb") as fh:
        want = gettext.GNUTranslations(fh)._catalog
    got = i18n.read_mo(str(mo))
    assert got == want
    assert len(got) > 1  # more than the header


def test_click_strings_and_plural_forms_as_gettext_gives_them():
    import gettext

    assert i18n._click_translations("zh_CN").gettext("Show this message and exit.") == "显示本帮助并退出。"
    assert i18n._click_translations("en").gettext("Show this message and exit.") == "Show this message and exit."
    assert i18n.read_mo(str(ZH / "nothing.mo")) == {}
    for gl in ("zh_CN", "en"):
        mo = i18n.LOCALE_DIR / gl / "LC_MESSAGES" / "click.mo"
        with mo.open("rb") as fh:
            want = gettext.GNUTranslations(fh)
        ours = i18n._click_translations(gl)
        plurals = [k[0] for k in i18n.read_mo(str(mo)) if isinstance(k, tuple) and k[1] == 0]
        assert plurals, gl
        for mid in plurals + ["no such message"]:
            for n in (0, 1, 2, 5):
                assert ours.ngettext(mid, mid + " (many)", n) == want.ngettext(mid, mid + " (many)", n), (gl, mid, n)
