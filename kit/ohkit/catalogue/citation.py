"""How article numbers read in each language (used by the guide and the report)."""
from __future__ import annotations

import re


def article_text(article: object, lang: str) -> str:
    """第35条第2款 -> Art. 35 ¶2 in English; Chinese keeps the original."""
    a = str(article or "").strip()
    if not a or lang == "zh":
        return a
    a = re.sub(r"第\s*([\d、,，\s]+?)\s*条", lambda m: "Art. " + re.sub(r"[、,，]\s*", ", ", m.group(1)) + " ", a)
    a = re.sub(r"第\s*(\d+)\s*款", r"¶\1 ", a)
    a = re.sub(r"第\s*[(（]?(\d+)[)）]?\s*项", r"(\1) ", a)
    a = re.sub(r"附录\s*([一二三四五六七八九十][一二三四五六七八九十、,，\s]*)",
               lambda m: "Annex " + ", ".join(_ROMAN.get(x, x) for x in re.findall(r"[一二三四五六七八九十]", m.group(1))) + " ", a)
    a = a.replace("附录", "Annex ")
    return re.sub(r"\s+", " ", a.replace("、", ", ")).strip()


_ROMAN = dict(zip("一二三四五六七八九十", ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")))


def _terms() -> list[tuple[str, str]]:
    return _load_terms()


def _load_terms_uncached() -> list[tuple[str, str]]:
    import yaml

    from ohkit.paths import checklists_dir

    path = checklists_dir() / "terms.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}
    pairs = [(str(k), str(v)) for k, v in ((data or {}).get("terms") or {}).items()]
    return sorted(pairs, key=lambda kv: -len(kv[0]))


_CACHE: list[list[tuple[str, str]]] = []


def _load_terms() -> list[tuple[str, str]]:
    if not _CACHE:
        _CACHE.append(_load_terms_uncached())
    return _CACHE[0]


def term_text(text: object, lang: str) -> str:
    """A limit's qualifier (总尘, 接触时间率75% 体力劳动强度III级 …) in the reader's language."""
    s = str(text or "").strip()
    if not s or lang == "zh":
        return s
    for zh, en in _terms():
        s = s.replace(zh, en)
    return re.sub(r"\s+", " ", s).strip()
