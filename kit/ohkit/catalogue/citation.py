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
    return re.sub(r"\s+", " ", a.replace("、", ", ")).strip()
