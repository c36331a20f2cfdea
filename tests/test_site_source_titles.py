"""The sources page speaks the page's language (issue 11, item 6): every research source and
document title is Chinese on the Chinese page and English on the English page. A Chinese page may
show a Latin-only title only for a standard's code (GBZ 2.1-2019 …); an English page may keep a
document's official number (国务院令第352号), which readers search the national databases for,
but not a Chinese title."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from ohkit.site.__main__ import main

CJK = re.compile(r"[\u4e00-\u9fff]")
CODE_ONLY = re.compile(r"^(GBZ|GB|GBZ/T|GB/T)\s*[\d.]+(?:[-—]\d{4})?$")


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    docs = tmp_path_factory.mktemp("docs")
    assert main(["build", "--docs", str(docs), "--no-cli", "--no-downloads"]) == 0
    return {"zh": (docs / "sources.md").read_text(encoding="utf-8"),
            "en": (docs / "sources.en.md").read_text(encoding="utf-8")}


def _titles(md: str) -> dict[str, str]:
    """{row id: title} of the documents table and the research-sources table."""
    out = {}
    for line in md.splitlines():
        m = re.match(r'^\| <span id="([^"]+)"></span>(.*)$', line)
        if not m:
            continue
        cells = [c.strip() for c in m.group(2).rstrip("|").split(" | ")]
        title = cells[1] if cells[0].startswith("**") else cells[0]  # sources: | key | title |; documents: | title |
        title = re.sub(r"<small>.*?</small>", "", title)  # a document's number
        out[m.group(1)] = re.sub(r"<[^>]+>", "", title).strip()
    return out


def test_both_tables_are_found(pages):
    for lang in ("zh", "en"):
        ids = _titles(pages[lang])
        assert "S1" in ids and "S9b" in ids and "doc-law" in ids, sorted(ids)[:10]
        assert len([i for i in ids if not i.startswith("doc-")]) >= 90


def test_chinese_page_has_no_english_titles(pages):
    titles = _titles(pages["zh"])
    bad = {k: t for k, t in titles.items() if not CJK.search(t) and not CODE_ONLY.match(t)}
    assert not bad, bad
    assert titles["S9b"] == "培训学时摘要"


def test_english_page_has_no_chinese_titles(pages):
    titles = _titles(pages["en"])
    bad = {k: t for k, t in titles.items() if CJK.search(t)}
    assert not bad, bad
    assert titles["S1"].startswith("Law on the Prevention and Control of Occupational Diseases")
