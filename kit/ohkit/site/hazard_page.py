"""Helpers for the hazard pages (the page a notice card's QR code opens, read on a phone).

Values carry one confidence mark each (a small icon with its meaning as a tooltip); where a value
comes from (sources and the catalogue's notes on it) is said once, in a folded block at the end
of the page, never repeated per row.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any, Mapping

from ohkit.site import texts

OK_ICON = ":material-check-circle:{{ .ohkit-ok title=\"{t}\" }}"
WARN_ICON = ":material-alert:{{ .ohkit-warn title=\"{t}\" }}"


class HazardHelpers:
    """Mixed into ``ohkit.site.build.Helpers`` (uses its ``_``, ``t``, ``lang``, ``data``)."""

    def mark(self, c: Any) -> str:
        c = (c or "").strip() if isinstance(c, str) else ""
        if c == "confirmed":
            return OK_ICON.format(t=self._(texts.CONFIDENCE["confirmed"]))
        if c == "unconfirmed":
            return WARN_ICON.format(t=self._(texts.CONFIDENCE["unconfirmed"]))
        return ""

    def zh_name(self, h: Mapping[str, Any]) -> str:
        """The Chinese name on English pages, marked as Chinese (what the card and reports print)."""
        zh = h.get("zh")
        return f'<span lang="zh">{zh}</span>' if zh else ""

    def oel_kind(self, kind: Any) -> str:
        k = str(kind or "")
        return self._(texts.OEL_KINDS[k]) if k in texts.OEL_KINDS else k

    def oel_qualifier_header(self, h: Mapping[str, Any]) -> str:
        cat = str(h.get("category") or "")
        return self._(texts.OEL_QUALIFIER.get(cat, texts.OEL_QUALIFIER["physical"]))

    def oel_rows(self, h: Mapping[str, Any]) -> tuple[bool, list[dict[str, str]]]:
        """(any row has a qualifier, rows of kind/value/qualifier) for the limits table."""
        from ohkit.site.build import cell

        rows, qual = [], False
        for lim in h.get("oel") or []:
            q = self.term(lim.get("fraction")) if lim.get("fraction") else ""
            qual = qual or bool(q)
            unit = lim.get("unit") or ""
            value = f"{lim.get('value')} {unit}".strip()
            rows.append({"kind": cell(self.oel_kind(lim.get("kind"))), "value": f"**{cell(value)}** {self.mark(lim.get('confidence'))}".strip(),
                         "qual": cell(q) or "—"})
        return qual, rows

    def exam_standards(self, exam: Any) -> tuple[str, list[dict], list[tuple[str, list[dict]]]]:
        """(standard in force today, its rules, the other standards and their rules)."""
        rules = self.periodic(exam)
        if not rules:
            return "", [], []
        try:
            from ohkit.catalogue import load_catalogue

            now = load_catalogue().exam_standard(dt.date.today())
        except Exception:  # noqa: BLE001
            now = rules[-1][0]
        by = dict(rules)
        cur = now if now in by else rules[0][0]
        return cur, by[cur], [(k, v) for k, v in rules if k != cur]

    def interval(self, r: Mapping[str, Any]) -> str:
        return f"{self.months(r.get('months'))} {self.mark(r.get('confidence'))}".strip()

    def level_unit(self, h: Mapping[str, Any]) -> str:
        for lim in h.get("oel") or []:
            if lim.get("unit"):
                return str(lim["unit"])
        return ""

    def provenance(self, h: Mapping[str, Any]) -> dict[str, list[str]]:
        """Every source and note behind the page's values, each said once."""
        keys: list[str] = []
        notes: list[str] = []

        def take(v: Any) -> None:
            if not isinstance(v, Mapping):
                return
            src = v.get("source")
            for k in (src if isinstance(src, (list, tuple)) else [src]):
                if k and str(k) not in keys:
                    keys.append(str(k))
            n = self.t(v.get("note")) if isinstance(v.get("note"), Mapping) else ""
            if n and n not in notes:
                notes.append(n)

        for k in ("catalogue_no", "carcinogen", "contraindications"):
            take(h.get(k))
        p = h.get("prohibited")
        if isinstance(p, Mapping) and p.get("source"):  # its note explains the rule: shown with it
            take({"source": p.get("source")})
        for lim in h.get("oel") or []:
            take(lim)
        exam = h.get("exam") or {}
        take(exam)
        for _std, rs in self.periodic(exam):
            for r in rs:
                take(r)
        if self.t(h.get("notes")):
            notes.append(self.t(h.get("notes")))
        known = {s["id"]: s for s in self.data.sources}
        links = []
        for k in keys:
            s = known.get(k)
            if s is None:
                continue
            # the key, as the sources page lists it; the title in a tooltip (titles are as recorded)
            # (typographic quotes: a straight quote inside a Markdown link title ends the link)
            title = re.sub(r'"([^"]*)"', "\u201c\\1\u201d", self.source_title(s)).replace('"', "\u201d")
            links.append(f'[{k}](../sources.md#{k} "{title}")')
        return {"sources": links, "notes": notes}
