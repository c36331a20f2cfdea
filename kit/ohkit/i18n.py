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
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

if TYPE_CHECKING:  # ohkit.model is not needed to print --help
    from ohkit.model import Msg

LOCALE_DIR = Path(__file__).parent / "locale"
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
    zh = LOCALE_DIR / "zh_CN" / "LC_MESSAGES"
    return sorted(p.stem for p in zh.glob("*.po")) if zh.is_dir() else []


@lru_cache(maxsize=4)
def _translations(lang: str) -> _gettext.NullTranslations:
    gl = _GETTEXT_LANG[lang]
    chain: _gettext.NullTranslations | None = None
    for dom in domains():
        if dom == "click":
            continue
        t = _gettext.translation(dom, str(LOCALE_DIR), languages=[gl], fallback=True)
        if chain is None:
            chain = t
        else:
            chain.add_fallback(t)
    return chain or _gettext.NullTranslations()


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


_FULLWIDTH_PARENS = __import__("re").compile(r"\s*（([^（）]*)）")


class _SafeDict(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass(frozen=True)
class Translator:
    """Text in one language. Pass it to whatever prints or renders."""

    lang: str = DEFAULT_LANG
    _t: Any = field(default=None, repr=False, compare=False)

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
        for k, v in m.params.items():
            params[k] = self._param(v)
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
        return _FULLWIDTH_PARENS.sub(r" (\1)", s).strip()

    def date(self, d: Any) -> str:
        """ISO dates everywhere: unambiguous in both languages and sortable."""
        return "" if d is None else d.isoformat()


def translator(lang: str | None = None) -> Translator:
    return Translator(normalise_lang(lang))


def install_click_translations(lang: str) -> None:
    """Translate click's own strings (Usage:, Options, …) via the 'click' domain."""
    gl = _GETTEXT_LANG[normalise_lang(lang)]
    t = _gettext.translation("click", str(LOCALE_DIR), languages=[gl], fallback=True)
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
        for mid in update_domain(sys.argv[2], [Path(p) for p in sys.argv[3:]]):
            print("new msgid: " + mid)
        sys.exit(0)
    res = compile_catalogues(check=(cmd == "check"))
    for r in res:
        print(("stale: " if cmd == "check" else "wrote: ") + r)
    sys.exit(1 if (cmd == "check" and res) else 0)
