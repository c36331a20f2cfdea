"""Defects from the second review (issues 4 and 5): cards, report, due through the public surface."""
from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from ohkit.cli import cli
from ohkit.model import Assessment, Finding, Msg, PostHazard, PostSummary
from ohkit.paths import examples_dir
from test_render_fixture import make_assessment

POPPLER = shutil.which("pdftotext") is not None


def _pdftext(path) -> str:
    return re.sub(r"\s+", " ", subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout)


def test_card_signs_are_exactly_the_catalogues_for_every_hazard():
    """The card shows the signs the catalogue (and so the guide page) gives; no category default
    (微波 used to get the noise sign and ear protection)."""
    from ohkit.render import texts
    from ohkit.render.cards import render_cards_html

    hz = texts.hazards()
    ids = sorted(hz)
    post = PostSummary("P9", "全部", None, tuple(
        PostHazard(k, texts.g(hz[k], "zh", k), texts.g(hz[k], "en", k), texts.g(hz[k], "category", "other"))
        for k in ids), exposed=1)
    a = dataclasses.replace(make_assessment(), posts=(post,))
    html = render_cards_html(a, "en", for_pdf=False)
    cells = html.split('class="hz-signs">')[1:]
    assert len(cells) == len(ids)
    labels = {**texts.WARNING_SIGNS, **texts.MANDATORY_SIGNS}
    checked_empty = 0
    for k, cell in zip(ids, cells):
        cell = cell.split("</td>")[0]
        card = texts.g(hz[k], "card")
        want = [labels[s] for s in list(texts.g(card, "warning_signs", ()) or ()) + list(texts.g(card, "mandatory_signs", ()) or ())]
        got = re.findall(r'<div class="cap">(.*?)</div>', cell)
        assert got == want, k
        if not want:
            assert cell.strip() == "—", k
            checked_empty += 1
    assert checked_empty >= 5  # microwave, em_fields, high/low pressure, high-altitude hypoxia
