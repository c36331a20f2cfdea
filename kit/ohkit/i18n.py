"""User-facing text: gettext catalogues (zh_CN default, en) and message codes.

* Code writes English msgids: ``tr.gettext("No records found")``, or marks
  them for extraction with ``N_("...")`` where they are defined as data.
* Every layer keeps its message templates in its own ``messages.py`` as a
  ``MESSAGES: dict[code, template]`` with ``N_()``-marked English templates
  using ``{name}`` placeholders. ``Translator.msg(Msg)`` formats them.
* Catalogue data (obligations, hazards) carries its own ``{zh, en}`` texts;
  ``Translator.pick`` chooses one.
* Translations live in ``locale/<lang>/LC_MESSAGES/<domain>.po`` (one domain
  per layer so that parts can be edited independently) and are compiled to
  ``.mo`` with ``python -m ohkit.i18n compile``. Tests check they are in sync.

Nothing here imports babel at module level, so ``ohkit --help`` stays fast.
"""
from __future__ import annotations

import gettext as _gettext
import importlib
import os
from collections.abc import Mapping  # (isinstance against typing.Mapping is several times slower)
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # ohkit.model is not needed to print --help
    from pathlib import Path

    from ohkit.model import Msg

# `ohkit --help` reads this module: no pathlib, dataclasses or json here (bench/bench_startup.py);
# LOCALE_DIR (a Path) is made on first use.
_LOCALE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "locale")


def _locale_dir() -> "Path":
    from pathlib import Path

    return Path(_LOCALE)


def __getattr__(name: str) -> Any:
    if name == "LOCALE_DIR":
        return _locale_dir()
    raise AttributeError(name)


LANGS = ("zh", "en")
DEFAULT_LANG = "zh"
_GETTEXT_LANG = {"zh": "zh_CN", "en": "en"}

# Modules that define MESSAGES = {code: N_("template")}. Listed here so the
# registry is complete without importing the whole package up front.
MESSAGE_MODULES = (
    "ohkit.messages",
    "ohkit.records.messages",
    "ohkit.engine.messages",
    "ohkit.render.messages",
    "ohkit.render.portfolio_messages",
    "ohkit.render.paper_messages",
    "ohkit.engine.declaration_messages",
)


def N_(s: str) -> str:
    """Mark a string for extraction without translating it now."""
    return s


def normalise_lang(lang: str | None) -> str:
    if not lang:
        lang = os.environ.get("OHKIT_LANG") or DEFAULT_LANG
    lang = lang.strip().lower().replace("-", "_")
    if lang.startswith("zh"):
        return "zh"
    if lang.startswith("en"):
        return "en"
    raise ValueError(lang)


def domains() -> list[str]:
    zh = os.path.join(_LOCALE, "zh_CN", "LC_MESSAGES")
    try:
        return sorted(n[:-3] for n in os.listdir(zh) if n.endswith(".po"))
    except OSError:
        return []


def _mo_path(domain: str, gl: str) -> str:
    return os.path.join(_LOCALE, gl, "LC_MESSAGES", domain + ".mo")


def read_mo(path: str) -> dict[Any, str]:
    """A compiled catalogue as gettext.GNUTranslations holds it (``{msgid: msgstr}``, plural forms
    as ``{(msgid, n): msgstr}``, a context as ``"ctx\x04msgid"``), for the UTF-8 ``.mo`` files
    ``compile_catalogues`` writes; {} when the file is missing. Read here rather than through
    gettext, which imports struct, copy and locale: `ohkit --help` reads core.mo and click.mo."""
    try:
        with open(path, "rb") as fh:
            buf = fh.read()
    except FileNotFoundError:
        return {}
    if buf[:4] == b"\xde\x12\x04\x95":
        order = "little"
    elif buf[:4] == b"\x95\x04\x12\xde":
        order = "big"
    else:
        raise OSError(f"not a gettext catalogue: {path}")
    frm = int.from_bytes
    n, ids, strs = frm(buf[8:12], order), frm(buf[12:16], order), frm(buf[16:20], order)
    cat: dict[Any, str] = {}
    for i in range(n):
        a, b = ids + 8 * i, strs + 8 * i
        mlen, moff = frm(buf[a:a + 4], order), frm(buf[a + 4:a + 8], order)
        tlen, toff = frm(buf[b:b + 4], order), frm(buf[b + 4:b + 8], order)
        msg = buf[moff:moff + mlen].decode("utf-8")
        tmsg = buf[toff:toff + tlen].decode("utf-8")
        if "\x00" in msg:
            first = msg.split("\x00", 1)[0]
            for k, x in enumerate(tmsg.split("\x00")):
                cat[(first, k)] = x
        else:
            cat[msg] = tmsg
    return cat


def _plural_index(gl: str, n: int) -> int:
    return 0 if gl == "zh_CN" else int(n != 1)


class _Catalogue(_gettext.NullTranslations):
    """One domain's catalogue (click's own strings)."""

    def __init__(self, gl: str, cat: dict[Any, str]) -> None:
        super().__init__()
        self._gl = gl
        self._cat = cat

    def gettext(self, message: str) -> str:
        return self._cat.get(message, message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        got = self._cat.get((msgid1, _plural_index(self._gl, n)))
        if got is not None:
            return got
        return msgid1 if n == 1 else msgid2


class _LazyChain(_gettext.NullTranslations):
    """The domains' catalogues searched in order, each read on first need (help texts are found
    in the first one, so `ohkit --help` reads one small catalogue instead of all of them)."""

    def __init__(self, gl: str) -> None:
        super().__init__()
        self._gl = gl
        self._doms = [d for d in domains() if d != "click"]
        self._loaded: list[Any] = []
        self._found: dict[str, str] = {}

    def _catalogs(self) -> Any:
        i = 0
        while i < len(self._doms):
            if i == len(self._loaded):
                self._loaded.append(read_mo(_mo_path(self._doms[i], self._gl)))
            yield self._loaded[i], i
            i += 1

    def _plural(self, i: int, n: int) -> int:
        return _plural_index(self._gl, n)

    def gettext(self, message: str) -> str:
        try:  # each answer kept: rendering one firm asks for the same few hundred texts thousands of times
            return self._found[message]
        except KeyError:
            pass
        got = message
        for cat, _i in self._catalogs():
            if message in cat:
                got = cat[message]
                break
        self._found[message] = got
        return got

    def pgettext(self, context: str, message: str) -> str:
        key = f"{context}\x04{message}"
        for cat, _i in self._catalogs():
            if key in cat:
                return cat[key]
        return message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        for cat, i in self._catalogs():
            key = (msgid1, self._plural(i, n))
            if key in cat:
                return cat[key]
        return msgid1 if n == 1 else msgid2


@lru_cache(maxsize=4)
def _translations(lang: str) -> _gettext.NullTranslations:
    return _LazyChain(_GETTEXT_LANG[lang])


@lru_cache(maxsize=1)
def message_registry() -> dict[str, str]:
    reg: dict[str, str] = {}
    for mod in MESSAGE_MODULES:
        try:
            m = importlib.import_module(mod)
        except ModuleNotFoundError as exc:  # a layer without messages yet
            if exc.name != mod:
                raise
            continue
        for code, tpl in getattr(m, "MESSAGES", {}).items():
            if code in reg and reg[code] != tpl:
                raise RuntimeError(f"message code {code!r} defined twice ({mod})")
            reg[code] = tpl
    return reg


@lru_cache(maxsize=1)
def _fullwidth_parens() -> Any:  # compiled on first use: `ohkit --help` never needs it
    import re

    return re.compile(r"\s*（([^（）]*)）")


class _SafeDict(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class Translator:
    """Text in one language. Pass it to whatever prints or renders. (A plain class, not a
    dataclass: `ohkit --help` imports this module and dataclasses costs it ~4 ms.)"""

    __slots__ = ("lang",)

    def __init__(self, lang: str = DEFAULT_LANG, _t: Any = None) -> None:
        object.__setattr__(self, "lang", lang)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"Translator is immutable ({name})")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Translator) and other.lang == self.lang

    def __hash__(self) -> int:
        return hash(("Translator", self.lang))

    def __repr__(self) -> str:
        return f"Translator(lang={self.lang!r})"

    def __reduce__(self) -> Any:
        return (Translator, (self.lang,))

    @property
    def t(self) -> _gettext.NullTranslations:
        return _translations(self.lang)

    def gettext(self, s: str) -> str:
        return self.t.gettext(s)

    def pgettext(self, context: str, s: str) -> str:
        """A msgid whose translation depends on where it is shown (e.g. a column head)."""
        return self.t.pgettext(context, s)

    def ngettext(self, s: str, p: str, n: int) -> str:
        return self.t.ngettext(s, p, n)

    __call__ = gettext

    def pick(self, text: Mapping[str, str] | str | None) -> str:
        """Choose the zh/en variant of a catalogue text."""
        if text is None:
            return ""
        if isinstance(text, str):
            return text
        return text.get(self.lang) or text.get("zh") or text.get("en") or ""

    def msg(self, m: Msg | None) -> str:
        """Format a message code with its parameters in this language."""
        if m is None:
            return ""
        tpl = message_registry().get(m.code)
        if tpl is None:
            return m.code + (" " + repr(dict(m.params)) if m.params else "")
        params = _SafeDict()
        zh = self.lang == "zh"
        for k, v in m.params.items():
            t = type(v)  # (most parameters are plain numbers, or in Chinese plain text: as they are)
            params[k] = v if t is int or (zh and t is str) else self._param(v)
        return self.gettext(tpl).format_map(params)

    def _param(self, v: Any) -> Any:
        # {"zh": ..., "en": ...} parameters are picked; lists are joined.
        if isinstance(v, Mapping) and ("zh" in v or "en" in v):
            return self.pick(v)
        if isinstance(v, (list, tuple)):
            sep = "、" if self.lang == "zh" else ", "
            return sep.join(str(self._param(x)) for x in v)
        if isinstance(v, str) and self.lang != "zh":
            return self.label(v)
        return v

    def label(self, s: str | None) -> str:
        """A subject label (喷漆（P04）, 张三（W1）) with brackets as the language writes them."""
        if not s or self.lang == "zh":
            return s or ""
        return _fullwidth_parens().sub(r" (\1)", s).strip()

    def date(self, d: Any) -> str:
        """ISO dates everywhere: unambiguous in both languages and sortable."""
        return "" if d is None else d.isoformat()


def translator(lang: str | None = None) -> Translator:
    return Translator(normalise_lang(lang))


@lru_cache(maxsize=4)
def _click_translations(gl: str) -> _Catalogue:
    return _Catalogue(gl, read_mo(_mo_path("click", gl)))


def install_click_translations(lang: str) -> None:
    """Translate click's own strings (Usage:, Options, …) via the 'click' domain."""
    t = _click_translations(_GETTEXT_LANG[normalise_lang(lang)])
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.termui
    import click.types

    for mod in (click.core, click.decorators, click.exceptions, click.formatting,
                click.parser, click.termui, click.types):
        if hasattr(mod, "_"):
            mod._ = t.gettext  # type: ignore[attr-defined]
        if hasattr(mod, "ngettext"):
            mod.ngettext = t.ngettext  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------
# Compiling catalogues (developer tool; imports babel lazily)
# ---------------------------------------------------------------------------


def compile_catalogues(check: bool = False) -> list[str]:
    """Compile every .po to .mo. With check=True, report stale .mo files instead."""
    LOCALE_DIR = _locale_dir()
    import io

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    stale: list[str] = []
    _sync_english(check, stale)
    for po in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as fh:
            cat = read_po(fh, locale=po.parent.parent.name)
        buf = io.BytesIO()
        write_mo(buf, cat, use_fuzzy=False)
        mo = po.with_suffix(".mo")
        data = buf.getvalue()
        if mo.exists() and mo.read_bytes() == data:
            continue
        stale.append(str(mo.relative_to(LOCALE_DIR)))
        if not check:
            mo.write_bytes(data)
    return stale


def _sync_english(check: bool, stale: list[str]) -> None:
    """The en catalogues mirror zh_CN's msgids with msgstr = msgid (English is the source)."""
    LOCALE_DIR = _locale_dir()
    import io

    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    for po in sorted((LOCALE_DIR / "zh_CN" / "LC_MESSAGES").glob("*.po")):
        with po.open("rb") as fh:
            zh = read_po(fh, locale="zh_CN")
        en = Catalog(locale="en", domain=po.stem, project="ohkit", charset="utf-8",
                     creation_date=zh.creation_date, revision_date=zh.revision_date)
        for m in zh:
            if m.id:
                en.add(m.id, m.id, context=m.context)
        buf = io.BytesIO()
        write_po(buf, en, width=0, omit_header=False)
        out = LOCALE_DIR / "en" / "LC_MESSAGES" / po.name
        if out.exists() and out.read_bytes() == buf.getvalue():
            continue
        stale.append(str(out.relative_to(LOCALE_DIR)))
        if not check:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(buf.getvalue())


KEYWORDS = {"_": None, "N_": None, "H": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}


def extract_msgids(paths: list[Path]) -> dict[str, list[str]]:
    """msgid -> ["file:line", …] for every marked string in the given .py files."""
    from babel.messages.extract import extract

    found: dict[str, list[str]] = {}
    for path in paths:
        with path.open("rb") as fh:
            for lineno, msg, _comments, ctx in extract("python", fh, keywords=KEYWORDS):
                mid = msg[0] if isinstance(msg, tuple) else msg
                if mid:
                    found.setdefault(f"{ctx}\x04{mid}" if ctx else mid, []).append(f"{path}:{lineno}")
    return found


def _key(m: Any) -> str:
    mid = m.id if isinstance(m.id, str) else m.id[0]
    return f"{m.context}\x04{mid}" if m.context else mid


def update_domain(domain: str, paths: list[Path]) -> list[str]:
    """Add the msgids marked in ``paths`` to zh_CN/<domain>.po (empty msgstr); return the new ones."""
    LOCALE_DIR = _locale_dir()
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    po = LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / f"{domain}.po"
    if po.exists():
        with po.open("rb") as fh:
            cat = read_po(fh, locale="zh_CN")
    else:
        cat = Catalog(locale="zh_CN", domain=domain, project="ohkit", charset="utf-8")
    known = {_key(m) for m in cat if m.id}
    new = []
    for key in extract_msgids(paths):
        if key not in known:
            ctx, _, mid = key.rpartition("\x04")
            cat.add(mid, "", context=ctx or None)
            new.append(key.replace("\x04", " | "))
    po.parent.mkdir(parents=True, exist_ok=True)
    with po.open("wb") as fh:
        write_po(fh, cat, width=0, omit_header=False)
    return new


if __name__ == "__main__":  # python -m ohkit.i18n compile|check|update DOMAIN FILE…
    import sys

    cmd = sys.argv[1] if len(sys.argv) > 1 else "compile"
    if cmd == "update":
        from pathlib import Path

        for mid in update_domain(sys.argv[2], [Path(p) for p in sys.argv[3:]]):
            print("new msgid: " + mid)
        sys.exit(0)
    res = compile_catalogues(check=(cmd == "check"))
    for r in res:
        print(("stale: " if cmd == "check" else "wrote: ") + r)
    sys.exit(1 if (cmd == "check" and res) else 0)
