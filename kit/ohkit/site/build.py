"""Write the generated pages of the guide into a docs folder.

``build(docs_dir)`` writes (and only writes) the generated part of the guide:

* ``obligations/<ID>.md`` / ``.en.md`` and ``obligations/index(.en).md``
* ``hazards/<id>.md`` / ``.en.md`` and ``hazards/index(.en).md``
* ``sources.md`` / ``sources.en.md``
* ``downloads/`` (templates written by ``write_templates``, the code behind ``ohkit init``)
* ``_snippets/`` (pieces included in hand-written pages: duty lists by flag, table columns,
  download list, real CLI output)

Everything listed in ``GENERATED`` is removed first, so a build never keeps a page
of an obligation that left the catalogue. Hand-written pages are never touched.
"""
from __future__ import annotations

import datetime as dt
import gettext
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from ohkit.i18n import LANGS, N_, Translator, translator
from ohkit.site import texts
from ohkit.site.data import SiteData, load_site_data
from ohkit.site.hazard_page import HazardHelpers

# Confidence marks: Material's bundled SVG icons (no emoji font needed, works offline).
OK_MARK = ":material-check-circle:{ .ohkit-ok }"
WARN_MARK = ":material-alert:{ .ohkit-warn }"

RATE_UNITS = {"firm": N_("firms"), "worker": N_("workers"), "person": N_("people"), "point": N_("post × hazard pairs")}
GENERATED = ("obligations", "hazards", "downloads", "examples", "printables", "sectors", "_snippets", "sources.md",
             "sources.en.md", "sectors.md", "sectors.en.md")
TEMPLATES = Path(__file__).parent / "templates"

# Obligations worth linking from every hazard page (only those the catalogue has).
HAZARD_RELATED = ("EXAM-1", "EXAM-2", "EXAM-3", "EXAM-8", "MON-2", "MON-5", "NOTICE-1", "NOTICE-3",
                  "PPE-1", "PPE-2", "TRAIN-2", "FEM-1", "MIN-1")


@dataclass
class BuildReport:
    docs_dir: Path
    ruleset: str
    origin: str
    pages: list[str] = field(default_factory=list)
    downloads: list[str] = field(default_factory=list)
    commands: dict[str, str] = field(default_factory=dict)  # command -> "ok" / "missing" / "failed: …"
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0


def suffix(lang: str) -> str:
    return "" if lang == "zh" else f".{lang}"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.rstrip() + "\n", encoding="utf-8")


# ---------------------------------------------------------------------------
# Formatting helpers (language-bound)
# ---------------------------------------------------------------------------


def cell(value: Any) -> str:
    """Text safe inside a Markdown table cell."""
    s = "" if value is None else str(value)
    s = s.replace("|", "\\|").replace("\r", "")
    return re.sub(r"\s*\n\s*", "<br>", s.strip())


def yamlstr(value: Any) -> str:
    return str(value or "").replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


@lru_cache(maxsize=4)
def site_translations(lang: str) -> gettext.NullTranslations:
    """The guide's own catalogue (domain ``site``) first, so that a msgid another layer
    translates differently (e.g. "Obligations" as a column header) cannot change a page."""
    from ohkit.i18n import _GETTEXT_LANG, LOCALE_DIR

    t = gettext.translation("site", str(LOCALE_DIR), languages=[_GETTEXT_LANG[lang]], fallback=True)
    t.add_fallback(translator(lang).t)
    return t


class Helpers(HazardHelpers):
    """Functions the page templates call; one instance per language."""

    def __init__(self, data: SiteData, lang: str):
        self.data = data
        self.lang = lang
        self.tr: Translator = translator(lang)
        self.gt = site_translations(lang)
        self._ = self.gt.gettext

    # -- generic ------------------------------------------------------------
    def t(self, text: Any) -> str:
        if isinstance(text, Mapping) and not ("zh" in text or "en" in text):
            return ""
        return self.tr.pick(text) if text else ""

    def paren(self, s: str) -> str:
        """' (s)' in English, '（s）' in Chinese."""
        return f"（{s}）" if self.lang == "zh" else f" ({s})"

    def conf(self, c: Any) -> str:
        c = (c or "").strip() if isinstance(c, str) else ("confirmed" if c is True else "unconfirmed" if c is False else "")
        if c == "confirmed":
            return OK_MARK + "&nbsp;" + self._(texts.CONFIDENCE["confirmed"])
        if c == "unconfirmed":
            return WARN_MARK + "&nbsp;" + self._(texts.CONFIDENCE["unconfirmed"])
        return "—"

    def valconf(self, v: Any) -> str:
        if isinstance(v, Mapping):
            val = v.get("value")
            val = self.t(val) if isinstance(val, Mapping) else val
            return f"{val}{self.paren(self.conf(v.get('confidence')))}" if v.get("confidence") else str(val)
        return str(v)

    def months(self, n: Any) -> str:
        if n is None:
            return "—"
        try:
            n = int(n)
        except (TypeError, ValueError):
            return str(n)
        if n <= 0:
            return self._("no periodic exam")
        if n % 12 == 0 and n >= 12:
            y = n // 12
            months = self._("{n} months").format(n=n)
            return self.gt.ngettext("{n} year", "{n} years", y).format(n=y) + self.paren(months)
        return self.gt.ngettext("{n} month", "{n} months", n).format(n=n)

    # -- catalogue lookups --------------------------------------------------
    def doc_title(self, key: Any, root: str = "../") -> str:
        if not key:
            return "—"
        d = self.data.documents.get(str(key))
        if not d:
            return str(key)
        title = d.get("title") or {k: d[k] for k in ("zh", "en") if k in d}
        s = self.t(title) or str(key)
        year = d.get("year")
        if year and str(year) not in s:
            s += f" ({year})"
        return f"[{s}]({root}sources.md#doc-{key})" if self._link_docs else s

    _link_docs = True

    def src_link(self, key: Any, root: str = "") -> str:
        if not key:
            return "—"
        keys = key if isinstance(key, (list, tuple)) else [k.strip() for k in str(key).split(",")]
        known = {s["id"] for s in self.data.sources}
        out = []
        for k in keys:
            out.append(f"[{k}]({root}sources.md#{k})" if k in known else str(k))
        return ", ".join(out)

    def rate_unit(self, u: Any) -> str:
        return RATE_UNITS.get(str(u), str(u))

    def source_title(self, s: Mapping[str, Any]) -> str:
        return self.t(s.get("title")) if isinstance(s.get("title"), Mapping) else str(s.get("title") or s.get("id"))

    def search_front(self, kind: str, key: str) -> str:
        """Front matter lines for a generated page's search rank and tags (ohkit.site.search)."""
        from ohkit.site.search import search_meta

        meta = search_meta(kind, key, self.lang)
        out = [f"search:\n  boost: {meta['search']['boost']}"]
        if meta.get("tags"):
            out.append("tags:\n" + "\n".join(f'  - "{yamlstr(t)}"' for t in meta["tags"]))
        return "\n".join(out)

    def penalty_text(self, p: Any) -> str:
        if not p:
            return ""
        if isinstance(p, Mapping) and isinstance(p.get("text"), Mapping):
            return self.t(p["text"])
        return self.t(p)

    @staticmethod
    def penalty_basis(p: Any) -> list[Any]:
        if not isinstance(p, Mapping) or not p.get("basis"):
            return []
        b = p["basis"]
        return list(b) if isinstance(b, (list, tuple)) else [b]

    def article(self, a: Any) -> str:
        """第35条第2款 -> Art. 35 ¶2 on English pages; Chinese pages keep the original."""
        from ohkit.catalogue.citation import article_text

        return article_text(a, self.lang) or "—"

    def term(self, s: Any) -> str:
        """A limit's qualifier (总尘 …) in the page's language."""
        from ohkit.catalogue.citation import term_text

        return term_text(s, self.lang) or "—"

    def doc_status(self, d: Mapping[str, Any]) -> str:
        st = str(d.get("status") or "")
        label = self._(texts.DOC_STATUS[st]) if st in texts.DOC_STATUS else (st or "—")
        if d.get("effective") and st in ("pending", "in_force"):
            label += " " + self._("(from {date})").format(date=d["effective"])
        return label

    def obl_title(self, oid: str) -> Any:
        o = self.data.obligation(oid)
        return o.get("title") if o else oid

    def area_label(self, area: Any) -> str:
        """The catalogue's name for the area (the same words as `ohkit assess` and the report)."""
        key = str(area or "")
        title = _catalogue_areas()[1].get(key)
        if title:
            return self.t(title)
        return texts.AREAS.get(key, key or "?")

    def severity(self, s: Any) -> str:
        return texts.SEVERITY.get(str(s or ""), str(s or "—"))

    def category(self, c: Any) -> str:
        return texts.CATEGORIES.get(str(c or "other"), str(c))

    def flag_label(self, f: str) -> str:
        return texts.FLAGS.get(f, (f, ""))[0]

    def flag_question(self, f: str) -> str:
        return texts.FLAGS.get(f, ("", ""))[1]

    def table_label(self, name: str) -> str:
        return texts.TABLES.get(name, name)

    def table_zh(self, name: str) -> str:
        return texts.TABLE_ZH_NAMES.get(name, "")

    def hname(self, h: Mapping[str, Any]) -> str:
        zh, en = h.get("zh") or h.get("id"), h.get("en") or h.get("id")
        if self.lang == "zh":
            return f"{zh}（{en}）" if en and en != zh else str(zh)
        en = str(en)
        return f"{en[:1].upper()}{en[1:]} ({zh})" if zh and zh != en else en

    def _flag_link(self, f: str, root: str) -> str:
        label = self._(self.flag_label(f))
        return f"[{label}]({root}what-must-my-firm-do.md#flag-{f})" if f in texts.FLAGS else f"`{f}`"

    def applies_text(self, applies: Any, root: str = "../") -> str:
        all_, any_ = self._applies(applies)
        colon = "：" if self.lang == "zh" else ": "
        if not all_ and not any_:
            return self._("Every employer.")
        parts = []
        if all_:
            parts.append(self._("Applies when all of these are true:") + "\n\n" +
                         "\n".join(f"- {self._flag_link(f, root)}{colon}{self._(self.flag_question(f))}" for f in all_))
        if any_:
            parts.append(self._("Applies when at least one of these is true:") + "\n\n" +
                         "\n".join(f"- {self._flag_link(f, root)}{colon}{self._(self.flag_question(f))}" for f in any_))
        return "\n\n".join(parts)

    def applies_short(self, applies: Any) -> str:
        all_, any_ = self._applies(applies)
        if not all_ and not any_:
            return self._("every employer")
        sep = self._(" and ")
        s = sep.join(self._(self.flag_label(f)) for f in all_)
        if any_:
            alt = self._(" or ").join(self._(self.flag_label(f)) for f in any_)
            s = f"{s}{sep}({alt})" if s else alt
        return s

    @staticmethod
    def _applies(applies: Any) -> tuple[list[str], list[str]]:
        if not applies:
            return [], []
        if isinstance(applies, str):
            return ([] if applies == "always" else [applies]), []
        if isinstance(applies, (list, tuple)):
            return [f for f in applies if f != "always"], []
        all_ = [f for f in (applies.get("all") or []) if f != "always"]
        any_ = [f for f in (applies.get("any") or []) if f != "always"]
        return all_, any_

    def flags_of(self, applies: Any) -> set[str]:
        a, b = self._applies(applies)
        return set(a) | set(b)

    def check_text(self, check: Any) -> str:
        check = check or {"kind": "manual"}
        kind = str(check.get("kind") or "manual")
        desc = texts.CHECK_KINDS.get(kind)
        s = self._(desc) if desc else self._("ohkit checks this with the rule `{kind}`.").format(kind=kind)
        if kind != "manual":
            s = self._("Automatic check from your records (`{kind}`):").format(kind=kind) + ("" if self.lang == "zh" else " ") + s
        params = check.get("params") or {}
        if params:
            rows = []
            unconf = set(check.get("unconfirmed_params") or ())
            for k, v in params.items():
                label = self._(texts.PARAM_NAMES[k]) if k in texts.PARAM_NAMES else k
                v = self.param_value(v)
                colon = "：" if self.lang == "zh" else ": "
                rows.append(f"- {label}{colon}**{v}**" + (self.paren(self.conf("unconfirmed")) if k in unconf else ""))
            s += "\n\n" + self._("Values used:") + "\n\n" + "\n".join(rows)
        return s

    def param_value(self, v: Any) -> str:
        """A check parameter in words: "a|b" alternatives read "a 或 b" / "a or b"; list items are
        separated by "；" / "; " (so alternatives inside an item stay readable)."""
        alt = " 或 " if self.lang == "zh" else " or "
        if isinstance(v, (list, tuple)):
            return ("；" if self.lang == "zh" else "; ").join(self.param_value(x) for x in v)
        if not isinstance(v, str):
            return str(v)
        if self.lang != "zh" and re.search(r"[\u4e00-\u9fff]", v):
            # a document kind: its English name; the Chinese words users type, marked as Chinese
            from ohkit.site.printables import _kind_names

            first = v.split("|")[0]
            name = _kind_names().get(first)
            zh = " or ".join(f'<span lang="zh">{x}</span>' for x in v.split("|"))
            return f"{name} ({zh})" if name else zh
        return v.replace("|", alt)

    def checked_short(self, check: Any) -> str:
        kind = str((check or {}).get("kind") or "manual")
        return self._("question") if kind == "manual" else self._("records")

    # -- hazards ------------------------------------------------------------
    def exam_types(self, exam: Any) -> str:
        if not exam:
            return self._("No exam rules are recorded for this hazard in the catalogue.")
        pre, exit_ = exam.get("pre"), exam.get("exit")
        lines = [
            "- " + (self._("Pre-employment exam: required before starting at the post.") if pre
                    else self._("Pre-employment exam: not required by the standard.") if pre is False
                    else self._("Pre-employment exam: not recorded.")),
            "- " + self._("Periodic exam: at the intervals below."),
            "- " + (self._("Exit exam: required when the worker leaves the post or the firm.") if exit_
                    else self._("Exit exam: not required by the standard.") if exit_ is False
                    else self._("Exit exam: not recorded.")),
        ]
        return "\n".join(lines)

    @staticmethod
    def periodic(exam: Any) -> list[tuple[str, list[dict]]]:
        per = (exam or {}).get("periodic") or {}
        if isinstance(per, list):
            return [("GBZ 188", per)]
        return [(str(k), list(v or [])) for k, v in per.items()]

    def when_text(self, rule: Mapping[str, Any], unit: str = "", note: bool = False) -> str:
        if rule.get("default"):
            return self._("all other cases")
        w = rule.get("when") or {}
        parts = []
        lo, hi = w.get("level_min"), w.get("level_max")
        if unit and (lo is not None or hi is not None):
            lo_u, hi_u = (f"{lo} {unit}" if lo is not None else None), (f"{hi} {unit}" if hi is not None else None)
            if lo is not None and hi is not None:
                parts.append(self._("level from {lo} to below {hi}").format(lo=lo_u, hi=hi_u))
            elif lo is not None:
                parts.append(self._("level {lo} or more").format(lo=lo_u))
            else:
                parts.append(self._("level below {hi}").format(hi=hi_u))
            lo = hi = None
        if lo is not None and hi is not None:
            parts.append(self._("exposure level {lo} to below {hi}").format(lo=lo, hi=hi))
        elif lo is not None:
            parts.append(self._("exposure level {lo} or more").format(lo=lo))
        elif hi is not None:
            parts.append(self._("exposure level below {hi}").format(hi=hi))
        roman = {1: "I", 2: "II", 3: "III", 4: "IV"}
        glo, ghi = w.get("grade_min"), w.get("grade_max")
        if glo is not None and ghi is not None:
            parts.append(self._("work grade {lo} to {hi}").format(lo=roman.get(glo, glo), hi=roman.get(ghi, ghi)))
        elif glo is not None:
            parts.append(self._("work grade {lo} or higher").format(lo=roman.get(glo, glo)))
        elif ghi is not None:
            parts.append(self._("work grade {hi} or lower").format(hi=roman.get(ghi, ghi)))
        for k, v in w.items():
            if k not in ("level_min", "level_max", "grade_min", "grade_max"):
                parts.append(f"{k} = {v}")
        note = self.t(rule.get("note")) if (note and rule.get("note")) else ""
        s = self._(", ").join(parts) if parts else self._("always")
        return s + self.paren(note) if note else s

    def interval_short(self, exam: Any) -> str:
        rules = self.periodic(exam)
        if not rules:
            return "—"
        std, rs = rules[0]
        ms = sorted({int(r["months"]) for r in rs if isinstance(r.get("months"), (int, float))})
        if not ms:
            return "—"
        unconf = any(r.get("confidence") == "unconfirmed" for r in rs)
        s = self._("{n} months").format(n="/".join(str(m) for m in ms))
        return s + (" " + WARN_MARK if unconf else "")

    def prohibited(self, p: Any) -> str:
        if not p:
            return self._("No special prohibition is recorded for this hazard.")
        names = {"pregnancy": self._("pregnant women"), "lactation": self._("breastfeeding women"),
                 "minor": self._("workers under 18")}
        lines = []
        for k, label in names.items():
            v = p.get(k)
            c = None
            if isinstance(v, Mapping):
                c, v = v.get("confidence"), v.get("value")
            if v is None:
                continue
            verdict = self._("prohibited") if v else self._("not specifically prohibited")
            if isinstance(v, str):
                verdict = self._("prohibited: {detail}").format(detail=v)
            lines.append(f"- {label}{'：' if self.lang == 'zh' else ': '}**{verdict}** " + self.mark(c or p.get("confidence")))
        if lines and p.get("note"):
            lines.append("\n" + self.t(p.get("note")))
        return "\n".join(lines) if lines else self._("No special prohibition is recorded for this hazard.")

    def signs(self, keys: Any) -> str:
        if not keys:
            return "—"
        sep = "、" if self.lang == "zh" else ", "
        return sep.join(self._(texts.SIGNS[k]) if k in texts.SIGNS else str(k) for k in keys)

    def obl_list(self, items: list[Mapping[str, Any]]) -> str:
        if not items:
            return self._("No duty in this catalogue depends on this alone.")
        return "\n".join(f"- [{o['id']} {cell(self.t(o.get('title')))}](obligations/{o['id']}.md)" for o in items)

    def urls(self, s: Mapping[str, Any]) -> str:
        """A research source's links, short: the site's name, marked official or third-party copy."""
        from ohkit.site.official import host, is_official

        u = s.get("url") or s.get("urls") or s.get("location") or ""
        u = self.t(u) if isinstance(u, Mapping) else u
        found = re.findall(r"https?://[^\s;<>|]+", " ".join(u) if isinstance(u, (list, tuple)) else str(u))
        if not found:
            return "—"
        out = []
        for url in found:
            label = self._("official site") if is_official(url) else self._("third-party copy")
            out.append(f"[{host(url)}]({url}) <small>({label})</small>")
        return "<br>".join(out)

    def official_text(self, key: str, d: Mapping[str, Any]) -> str:
        from ohkit.site.official import official

        o = official(key, dict(d))
        if o is None:
            return self._("ask the issuing authority")
        name, url, own = o
        if own:
            label = self._("official page")
            return f"[{label}]({url})"
        hint = self._("search for the number") if d.get("number") else self._("search for the title")
        return f"[{self._(name)}]({url})<br><small>{hint}</small>"


def _env():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=False,
        keep_trailing_newline=True,
        comment_start_string="<#",
        comment_end_string="#>",
        undefined=jinja2.ChainableUndefined,
    )
    env.filters["cell"] = cell
    env.filters["yamlstr"] = yamlstr
    return env


def _context(hp: Helpers, **extra: Any) -> dict[str, Any]:
    ctx = {name: getattr(hp, name) for name in dir(hp) if not name.startswith("__") and callable(getattr(hp, name))}
    ctx.update(_=hp._, lang=hp.lang, ruleset=hp.data.ruleset, ok=OK_MARK, warn=WARN_MARK,
               confidence_help=lambda c: texts.CONFIDENCE_HELP[c])
    ctx.update(extra)
    return ctx


class _Attr(dict):
    """dict with attribute access for templates (o.title, h.card.warning)."""

    def __getattr__(self, k: str) -> Any:
        v = self.get(k)
        return _wrap(v)


def _wrap(v: Any) -> Any:
    if isinstance(v, Mapping) and not isinstance(v, _Attr):
        return _Attr({k: _wrap(x) for k, x in v.items()})
    if isinstance(v, list):
        return [_wrap(x) for x in v]
    return v


# ---------------------------------------------------------------------------
# The build
# ---------------------------------------------------------------------------


def clean(docs_dir: Path) -> None:
    for name in GENERATED:
        p = docs_dir / name
        if p.is_dir():
            shutil.rmtree(p)
        elif p.exists():
            p.unlink()


def _catalogue_areas() -> tuple[tuple[str, ...], dict[str, Any]]:
    """(area keys in reading order, key -> {zh, en}) from the catalogue; empty if it has none."""
    try:
        from ohkit.catalogue import load_catalogue

        cat = load_catalogue()
        keys = tuple(cat.area_order())
        return keys, {k: cat.area_title(k) for k in keys}
    except Exception:  # noqa: BLE001 - an older catalogue without areas: the guide's own labels
        return (), {}


def build(docs_dir: Path | str, *, cli: bool = True, downloads: bool = True,
          log: Callable[[str], None] = print, catalogue_root: Path | None = None,
          as_of: dt.date | None = None) -> BuildReport:
    """Generate the catalogue pages, downloads, pictures and CLI output snippets into ``docs_dir``.

    Everything is written into a staging folder first and then synced into ``docs_dir`` (only
    changed files are written; generated files that are gone are removed)."""
    from ohkit.site.sync import STAMP, inputs_fingerprint, sync

    t0 = time.perf_counter()
    docs_dir = Path(docs_dir)
    with tempfile.TemporaryDirectory(prefix="ohkit-guide-") as tmp:
        stage = Path(tmp)
        rep = _generate(stage, cli=cli, downloads=downloads, log=log, catalogue_root=catalogue_root, as_of=as_of)
        rep.docs_dir = docs_dir
        if catalogue_root is None and cli and downloads and as_of is None:
            _write(stage / STAMP, inputs_fingerprint())
        written, removed = sync(stage, docs_dir, GENERATED)
    rep.seconds = time.perf_counter() - t0
    log(f"site: {len(rep.pages)} catalogue pages; {written} files written, {removed} removed in {docs_dir} "
        f"({rep.seconds:.1f} s)")
    return rep


def _generate(docs_dir: Path, *, cli: bool, downloads: bool, log: Callable[[str], None],
              catalogue_root: Path | None, as_of: dt.date | None) -> BuildReport:
    data = load_site_data(log=log, root=catalogue_root)
    rep = BuildReport(docs_dir=docs_dir, ruleset=data.ruleset, origin=data.origin)
    rep.warnings.extend(data.notes)
    env = _env()
    log(f"site: catalogue ruleset {data.ruleset}: {len(data.obligations)} obligations, "
        f"{len(data.hazards)} hazards, {len(data.sources)} sources, {len(data.documents)} documents "
        f"(via {data.origin})")
    if not data.obligations:
        rep.warnings.append("the obligation catalogue is empty")
        log("site: WARNING the obligation catalogue (checklists/obligations.yaml) is empty or missing")

    tables = _table_specs(log, rep)
    order = {a: i for i, a in enumerate(_catalogue_areas()[0] or texts.AREA_ORDER)}
    area_groups: list[tuple[str, list[str]]] = []
    hazard_groups: list[tuple[str, list[str]]] = []
    for lang in LANGS:
        h = Helpers(data, lang)
        sfx = suffix(lang)
        obls = [_wrap(o) for o in data.obligations]
        hazards = [_wrap(x) for x in data.hazards]
        # obligation pages, grouped by area (the navigation follows the same groups)
        groups: dict[str, list] = {}
        for o in sorted(obls, key=lambda o: (order.get(o.get("area"), 99), _id_key(o["id"]))):
            groups.setdefault(o.get("area") or "?", []).append(o)
        tpl = env.get_template("obligation.md.j2")
        for o in obls:
            _write(docs_dir / "obligations" / f"{o['id']}{sfx}.md", tpl.render(_context(h, o=o)))
            rep.pages.append(f"obligations/{o['id']}{sfx}.md")
        _write(docs_dir / "obligations" / f"index{sfx}.md",
               env.get_template("obligations_index.md.j2").render(_context(h, groups=list(groups.items()))))
        # hazard pages, grouped by category
        tpl = env.get_template("hazard.md.j2")
        related = [oid for oid in HAZARD_RELATED if data.obligation(oid)]
        for x in hazards:
            rel = list(related)
            if x.get("high_toxic"):
                rel += [oid for oid in ("MON-6", "NOTICE-4", "DECL-5") if data.obligation(oid)]
            _write(docs_dir / "hazards" / f"{x['id']}{sfx}.md", tpl.render(_context(h, h=x, related=rel)))
            rep.pages.append(f"hazards/{x['id']}{sfx}.md")
        cat_order = list(texts.CATEGORIES)
        hgroups: dict[str, list] = {}
        for x in sorted(hazards, key=lambda x: (cat_order.index(x.get("category")) if x.get("category") in cat_order else 99)):
            hgroups.setdefault(x.get("category") or "other", []).append(x)
        _write(docs_dir / "hazards" / f"index{sfx}.md",
               env.get_template("hazards_index.md.j2").render(_context(h, groups=list(hgroups.items()))))
        if lang == "zh":
            area_groups = [(a, [o["id"] for o in items]) for a, items in groups.items()]
            hazard_groups = [(c, [x["id"] for x in items]) for c, items in hgroups.items()]
        # sources
        _write(docs_dir / f"sources{sfx}.md", env.get_template("sources.md.j2").render(_context(
            h, documents=list(data.documents.items()), sources=[_wrap(s) for s in data.sources],
            tiers=list(texts.TIERS.items()))))
        # snippets: duties by flag, table columns
        by_flag: dict[str, list] = {f: [] for f in texts.FLAGS}
        for o in sorted(obls, key=lambda o: (order.get(o.get("area"), 99), _id_key(o["id"]))):
            fl = h.flags_of(o.get("applies"))
            if not fl:
                by_flag["always"].append(o)
            for f in fl:
                by_flag.setdefault(f, []).append(o)
        snip = docs_dir / "_snippets"
        _write(snip / f"duties-by-flag.{lang}.md", env.get_template("duties_by_flag.md.j2").render(
            _context(h, by_flag=by_flag, flags=list(texts.FLAGS))))
        _write(snip / f"tables.{lang}.md", env.get_template("tables.md.j2").render(
            _context(h, tables=_tables_for(tables, h, data))))
        _write(snip / f"rates.{lang}.md", env.get_template("rates.md.j2").render(
            _context(h, rates=[_wrap(r) for r in data.rates])))

    if downloads:
        files = _downloads(docs_dir, log, rep)
    else:
        files = {lang: [] for lang in LANGS}
    for lang in LANGS:
        h = Helpers(data, lang)
        _write(docs_dir / "_snippets" / f"downloads.{lang}.md",
               env.get_template("downloads.md.j2").render(_context(h, files=files.get(lang, []))))

    from ohkit.site.capture import capture_cli
    from ohkit.site.examples import write_example_outputs
    from ohkit.site.nav import write_nav

    with tempfile.TemporaryDirectory(prefix="ohkit-example-out-") as out:
        capture_cli(docs_dir / "_snippets", rep, log=log, run=cli, as_of=as_of, keep=Path(out))
        write_example_outputs(docs_dir, Path(out), rep, env=env, helpers={lang: Helpers(data, lang) for lang in LANGS},
                              log=log)
    from ohkit.site.printables import write_printables

    write_printables(docs_dir, env, {lang: Helpers(data, lang) for lang in LANGS}, data.obligations)
    from ohkit.site.sectors import write_sectors

    write_sectors(docs_dir, env, {lang: Helpers(data, lang) for lang in LANGS}, rep, log)
    write_nav(docs_dir / "_snippets" / "nav.json", area_groups, hazard_groups, Helpers(data, "zh"),
              Helpers(data, "en"))
    return rep


def _id_key(oid: str) -> tuple:
    m = re.match(r"([A-Z]+)-(\d+)(.*)", oid or "")
    return (m.group(1), int(m.group(2)), m.group(3)) if m else (oid, 0, "")


# ---------------------------------------------------------------------------
# Records tables (columns from the records layer when it is there)
# ---------------------------------------------------------------------------


def _table_specs(log: Callable[[str], None], rep: BuildReport) -> list[Any] | None:
    """[enterprise spec, table specs…] from the records layer, or None."""
    try:
        from ohkit.records.schema import enterprise_spec, table_specs  # type: ignore

        return [enterprise_spec(), *table_specs()]
    except Exception as exc:  # noqa: BLE001 - records layer may not be there yet
        msg = f"ohkit.records.schema.table_specs() unavailable ({type(exc).__name__}: {exc}); column lists left out"
        rep.warnings.append(msg)
        log("site: WARNING " + msg)
        return None


def _field_rows(fields: Iterable[Any], h: Helpers, prefix: str = "") -> list[dict[str, Any]]:
    rows = []
    zh = h.lang == "zh"
    for f in fields:
        desc = (getattr(f, "description_zh", "") if zh else getattr(f, "description_en", "")) or \
            getattr(f, "description_zh", "") or ""
        labels = getattr(f, "enum_labels", None) or {}
        if labels:
            vals = [h.t(v) if isinstance(v, Mapping) else str(v) for v in labels.values()]
            sep = "、" if zh else ", "
            desc = (desc + " " if desc else "") + h._("Allowed values:") + " " + sep.join(vals)
        key = prefix + f.key
        children = getattr(f, "children", ()) or ()
        rows.append({"key": key, "zh": getattr(f, "header_zh", "") if not prefix else "",
                     "required": bool(getattr(f, "required", False)), "help": desc})
        if children:
            rows.extend(_field_rows(children, h, prefix=key + "."))
    return rows


def _tables_for(specs: list[Any] | None, h: Helpers, data: SiteData) -> list[dict[str, Any]]:
    by_name: dict[str, Any] = {}
    for s in specs or []:
        name = "enterprise" if getattr(s, "name", "") in ("enterprise", "enterprise.yaml") or \
            getattr(s, "schema_file", "").startswith("enterprise") else getattr(s, "name", None)
        if name:
            by_name[str(name)] = s
    names = ["enterprise", *texts.TABLE_ZH_NAMES]
    names += [n for n in by_name if n not in names]
    proves: dict[str, list[str]] = {}
    for o in data.obligations:
        for e in o.get("evidence") or []:
            proves.setdefault(str(e), []).append(o["id"])
    out = []
    for name in names:
        s = by_name.get(name)
        cols = _field_rows(getattr(s, "fields", ()) or (), h) if s is not None else []
        intro = ""
        if s is not None:
            intro = (s.description_zh if h.lang == "zh" else s.description_en) or s.description_zh or ""
        zh_name = texts.TABLE_ZH_NAMES.get(name) or (getattr(s, "sheet_zh", "") if s is not None else "")
        if h.lang == "zh" and zh_name:
            label = zh_name
        else:
            label = h._(texts.TABLES.get(name, name))
        out.append({"name": name, "label": label, "intro": intro, "columns": cols,
                    "proves": sorted(proves.get(name, []), key=_id_key)})
    return out


# ---------------------------------------------------------------------------
# Downloads: the same files `ohkit init` writes
# ---------------------------------------------------------------------------


def _human(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} B"


TEMPLATE_FIRM = {"zh": "我的工厂", "en": "my-firm"}


def _sfx_name(name: str, lang: str) -> str:
    """records.xlsx -> records.en.xlsx: static-i18n serves it as /en/downloads/records.xlsx."""
    stem, dot, ext = name.partition(".")
    return name if lang == "zh" else f"{stem}.{lang}{dot}{ext}"


def _downloads(docs_dir: Path, log: Callable[[str], None], rep: BuildReport) -> dict[str, list[dict[str, str]]]:
    import tempfile
    import zipfile

    out: dict[str, list[dict[str, str]]] = {lang: [] for lang in LANGS}
    try:
        from ohkit.records.templates import write_templates  # type: ignore
    except Exception as exc:  # noqa: BLE001
        msg = f"ohkit.records.templates.write_templates unavailable ({type(exc).__name__}: {exc}); no template downloads"
        rep.warnings.append(msg)
        log("site: WARNING " + msg)
        return out
    dl = docs_dir / "downloads"
    dl.mkdir(parents=True, exist_ok=True)
    for lang in LANGS:
        tr = site_translations(lang)
        try:
            with tempfile.TemporaryDirectory() as tmp:
                # write_templates pre-fills the firm name with the folder name
                xdir, cdir = Path(tmp) / "xlsx" / TEMPLATE_FIRM[lang], Path(tmp) / "csv" / TEMPLATE_FIRM[lang]
                write_templates(xdir, csv=False, lang=lang)
                write_templates(cdir, csv=True, lang=lang)
                wb = sorted(xdir.rglob("*.xlsx"))
                ent = sorted(xdir.rglob("enterprise.yaml")) or sorted(cdir.rglob("enterprise.yaml"))
                files = []
                if wb:
                    name = "records.xlsx"
                    shutil.copyfile(wb[0], dl / _sfx_name(name, lang))
                    files.append((name, tr.gettext("Excel workbook with one sheet per table: put it in your firm folder")))
                zname = "ohkit-csv-templates.zip"
                with zipfile.ZipFile(dl / _sfx_name(zname, lang), "w", zipfile.ZIP_DEFLATED) as zf:
                    for p in sorted(cdir.rglob("*")):
                        if p.is_file():
                            zf.write(p, p.relative_to(cdir).as_posix())
                files.append((zname, tr.gettext("The same tables as CSV files, plus enterprise.yaml, in one zip")))
                if ent:
                    name = "enterprise.yaml"
                    shutil.copyfile(ent[0], dl / _sfx_name(name, lang))
                    files.append((name, tr.gettext("Firm profile to fill in: put it next to records.xlsx")))
            for name, what in files:
                out[lang].append({"name": name, "href": f"downloads/{name}", "what": what,
                                  "size": _human((dl / _sfx_name(name, lang)).stat().st_size)})
                rep.downloads.append(_sfx_name(name, lang))
        except Exception as exc:  # noqa: BLE001
            msg = f"write_templates(lang={lang!r}) failed: {type(exc).__name__}: {exc}"
            rep.warnings.append(msg)
            log("site: WARNING " + msg)
    return out


# ---------------------------------------------------------------------------
# Translations: msgids of the site code and of the page templates
# ---------------------------------------------------------------------------

JINJA_OPTIONS = {"comment_start_string": "<#", "comment_end_string": "#>", "trim_blocks": "true"}


def template_msgids() -> dict[Any, str]:
    """msgid (or (singular, plural)) -> "template:line" for every ``_()`` in the page templates."""
    from jinja2.ext import babel_extract

    out: dict[Any, str] = {}
    for t in sorted(TEMPLATES.glob("*.j2")):
        with t.open("rb") as fh:
            for lineno, _func, msg, _c in babel_extract(fh, ("_", "gettext", "ngettext"), [], JINJA_OPTIONS):
                if isinstance(msg, (list, tuple)):
                    msg = tuple(msg) if len(msg) > 1 and msg[1] else msg[0]
                if msg:
                    out.setdefault(msg, f"{t.name}:{lineno}")
    return out


def update_po() -> list[str]:
    """Add new msgids (code and templates) to zh_CN/site.po with an empty msgstr; return them."""
    from babel.messages.pofile import read_po, write_po

    from ohkit.i18n import LOCALE_DIR, update_domain

    here = Path(__file__).parent
    new = update_domain("site", sorted(here.glob("*.py")))
    po = LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / "site.po"
    with po.open("rb") as fh:
        cat = read_po(fh, locale="zh_CN")
    known = {m.id if isinstance(m.id, str) else m.id[0] for m in cat if m.id}
    for mid in template_msgids():
        key = mid if isinstance(mid, str) else mid[0]
        if key not in known:
            cat.add(mid, "" if isinstance(mid, str) else ("",))
            new.append(key)
    import io

    buf = io.BytesIO()
    write_po(buf, cat, width=0, omit_header=False)
    po.write_bytes(buf.getvalue().replace(b"charset=utf-8", b"charset=UTF-8"))
    return new
