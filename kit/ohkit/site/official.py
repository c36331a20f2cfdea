"""Where a reader finds the official text of each document the catalogue cites.

By kind of document, the official publisher's database (the reader searches it for the title or
number shown); for a few documents the official page itself, as named in ohkit's research notes
(the address was quoted there from the official site; open it to check). Every other link on the
sources page is a third-party copy and is labelled so.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from ohkit.i18n import N_

# kind (documents.yaml) -> (site name, address)
BY_KIND = {
    "law": (N_("National Database of Laws and Regulations"), "https://flk.npc.gov.cn/"),
    "regulation": (N_("National Database of Laws and Regulations"), "https://flk.npc.gov.cn/"),
    "rule": (N_("State Council policy document library"), "https://www.gov.cn/zhengce/zhengceku/"),
    "notice": (N_("State Council policy document library"), "https://www.gov.cn/zhengce/zhengceku/"),
    "standard": (N_("National Health Commission (health standards)"), "https://www.nhc.gov.cn/"),
}
# GB standards (not GBZ): the national standards full-text system
GB_STANDARDS = (N_("National public service platform for standards (full texts)"), "https://openstd.samr.gov.cn/")
# document key -> the official page (addresses from the research notes, see the module docstring)
PAGES = {
    "decree5": "https://www.nhc.gov.cn/wjw/c100221/202201/edc9ae24435d4d93ace796f33c29b029.shtml",
    "hazard_catalogue": "https://www.nhc.gov.cn/jkj/c100063/201511/750aa8743bea4c618dda21aade2af32c.shtml",
    "risk_catalogue": "https://www.gov.cn/zhengce/zhengceku/2021-03/22/content_5594603.htm",
    "od_list": "https://www.gov.cn/zhengce/zhengceku/202412/content_6992843.htm",
}
OFFICIAL_DOMAINS = ("gov.cn", "npc.gov.cn", "samr.gov.cn")


def official(key: str, doc: dict) -> tuple[str, str, bool] | None:
    """(site name msgid, address, is the document's own page) or None (e.g. local documents)."""
    if key in PAGES:
        return "", PAGES[key], True
    kind = str(doc.get("kind") or "")
    number = str(doc.get("number") or "")
    if kind == "standard" and number.startswith("GB") and not number.startswith("GBZ"):
        return GB_STANDARDS[0], GB_STANDARDS[1], False
    if kind in BY_KIND:
        return BY_KIND[kind][0], BY_KIND[kind][1], False
    return None


def is_official(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return any(host == d or host.endswith("." + d) for d in OFFICIAL_DOMAINS)


def host(url: str) -> str:
    h = urlsplit(url).hostname or url
    return h[4:] if h.startswith("www.") else h
