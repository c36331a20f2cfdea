"""ID numbers are masked in every output, wherever they appear (issue 9, item 4).

``ohkit.render.mask.mask_ids`` is the one rule; each output path calls it at one place
(terminal streams, template finalize, sheet cells, calendar texts). Here: the rule itself
(examples and Hypothesis), and the commands that used to print IDs in full — validate and
assess, text and JSON, and a usage error echoing what was typed.
"""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import unicodedata

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from ohkit.cli import cli
from ohkit.paths import examples_dir
from ohkit.render.mask import check_char, is_id_number, mask_ids, safe_text

RAW = "445302198501012344"          # passes the GB 11643 check
MASKED = "445302********2344"


def _digits(s: str, zero: int) -> str:
    return "".join(chr(zero + int(c)) if c.isdigit() else c for c in s)


@pytest.mark.parametrize("text, expected", [
    (RAW, MASKED),
    (f"张三{RAW}（W1）", f"张三{MASKED}（W1）"),                           # glued to a name
    ("W" + RAW, "W" + MASKED),                                            # glued to a letter
    (_digits(RAW, 0xFF10), MASKED),                                       # full-width digits
    (_digits(RAW, 0x0660), MASKED),                                       # Arabic-Indic digits
    (f"{RAW[:6]} {RAW[6:14]} {RAW[14:]}", MASKED),                        # written in groups
    (f"{RAW[:6]}-{RAW[6:14]}-{RAW[14:]}", MASKED),
    ("11010119900307123x", "110101********123X"),                         # lower-case x
    ("11010119900307123Ｘ", "110101********123X"),                        # full-width Ｘ
    ("9" + RAW + "7", "9" + MASKED + "7"),                                # inside a longer run
    ("110101900307123", "110101******123"),                               # old 15-digit number
    ("1101011990030712345", "1101011990030712345"),                       # 19 digits, no ID inside
    ("a3f5" + "445302198501012340" + "beef", "a3f5445302198501012340beef"),  # hex digest: check digit wrong
    ("2026-03-14 0757-2332 8615 YXJC2025-0812", "2026-03-14 0757-2332 8615 YXJC2025-0812"),
    # a rate of 36/37 as JSON writes it: 15 digits after the point are a number, not an old ID
    ('"value": 0.972972972972973,', '"value": 0.972972972972973,'),
    ("110101900307123.5", "110101900307123.5"),
    ("1." + RAW, "1." + MASKED),                                          # a real ID after a list number
])
def test_mask_ids(text, expected):
    assert mask_ids(text) == expected


def test_safe_text_drops_control_characters_and_masks():
    assert safe_text("李\x1b[31m四\x00\x07\x7f\x85\r\n" + RAW) == "李[31m四\n" + MASKED


_ZEROS = [0x30, 0xFF10, 0x0660, 0x06F0, 0x0966, 0x09E6, 0x1D7CE]  # ASCII, full-width, Arabic, Persian, Devanagari, Bengali, math bold


@st.composite
def id_numbers(draw):
    region = draw(st.integers(110000, 659999))
    birth = draw(st.dates(min_value=__import__("datetime").date(1900, 1, 1),
                          max_value=__import__("datetime").date(2025, 12, 31)))
    seq = draw(st.integers(0, 999))
    first17 = f"{region:06d}{birth:%Y%m%d}{seq:03d}"
    return first17 + check_char(first17)


@settings(max_examples=300, deadline=None)
@given(idn=id_numbers(), zero=st.sampled_from(_ZEROS), before=st.text(max_size=8), after=st.text(max_size=8))
def test_no_id_number_survives_masking(idn, zero, before, after):
    written = "".join(chr(zero + int(c)) if c.isdigit() else c for c in idn)
    out = mask_ids(before + written + after)
    folded = "".join(str(unicodedata.decimal(c)) if unicodedata.decimal(c, None) is not None else c for c in out)
    assert idn not in folded.upper()
    assert idn[:6] + "********" + idn[-4:] in folded


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Nd",)), max_size=60))
def test_text_without_digits_is_unchanged(s):
    assert mask_ids(s) == s


def test_json_with_such_a_rate_stays_json():
    import json

    from ohkit.render.mask import json_text

    data = {"value": 36 / 37, "label": "张三" + RAW}
    assert json.loads(json_text(data)) == {"value": 36 / 37, "label": "张三" + MASKED}


def _two_pass(s: str) -> str:
    """The rule as first written: every run of digits, then the grouped form (two regexes with a
    look-behind); mask_ids does it in one faster pass and must agree."""
    from ohkit.render import mask

    return s if len(s) < 15 else mask._GROUPED.sub(mask._grouped, mask._RUN.sub(mask._run, s))


_PIECES = st.sampled_from(["0", "1", "4", "9", "３", "٣", "X", "x", "Ｘ", " ", "-", "‐", ".", "W", "张", "\n", '"',
                           RAW, RAW[:6], RAW[6:14], RAW[14:], "110101900307123", "1234567", "0.972972972972973"])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=4)), max_size=30).map("".join))
def test_one_pass_is_the_two_pass_rule(s):
    assert mask_ids(s) == _two_pass(s)


def test_is_id_number():
    assert is_id_number(RAW) and is_id_number(_digits(RAW, 0xFF10))
    assert not is_id_number(RAW[:-1] + "5")            # check digit wrong
    assert not is_id_number("445302198513012343")     # month 13


# ---------------------------------------------------------------------------
# The commands
# ---------------------------------------------------------------------------

@pytest.fixture
def leaky(tmp_path):
    """The stone works with an ID number typed into the firm name, the principal, the OH
    contact, the phone, a worker's name (XL07, full-width digits) and as a worker ID."""
    firm = tmp_path / "stone"
    shutil.copytree(examples_dir() / "stone", firm)
    y = firm / "enterprise.yaml"
    text = y.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^name: (.*)$", rf"name: \g<1>{RAW}", text, count=1)
    text = re.sub(r"(?m)^principal: (.*)$", rf"principal: \1 {RAW}", text, count=1)
    text = re.sub(r"(?m)^(oh_manager:\s*\n\s+name:) (.*)$", rf"\g<1> \g<2>{RAW}", text, count=1)
    text = re.sub(r"(?m)^contact_phone: .*$", f'contact_phone: "{RAW[:6]} {RAW[6:14]} {RAW[14:]}"', text, count=1)
    y.write_text(text, encoding="utf-8")
    w = firm / "workers.csv"
    rows = list(csv.reader(io.StringIO(w.read_text(encoding="utf-8-sig"))))
    for r in rows:
        if r[0] == "XL07":
            r[1] = "李春生" + _digits(RAW, 0xFF10)
        if r[0] == "XL11":
            r[0] = "W" + RAW
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    w.write_text("\ufeff" + buf.getvalue(), encoding="utf-8")
    for name in ("exams.csv", "ppe.csv"):
        p = firm / name
        p.write_text(p.read_text(encoding="utf-8-sig").replace("XL11,", f"W{RAW},"), encoding="utf-8")
    return firm


def _full_ids(text: str) -> list[str]:
    folded = "".join(str(unicodedata.decimal(c)) if unicodedata.decimal(c, None) is not None else c for c in text)
    return [m for m in re.findall(r"\d{17}[\dXx]", folded) if is_id_number(m)]


@pytest.mark.parametrize("argv", [
    ["validate"], ["validate", "-o", "json"], ["assess", "--no-input"], ["assess", "-o", "json"],
    ["due", "--within", "400d"], ["due", "-o", "json"],
], ids=lambda a: "-".join(a))
def test_validate_and_assess_print_no_full_id(leaky, argv):
    r = CliRunner().invoke(cli, [argv[0], str(leaky), *argv[1:], "--as-of", "2026-11-27"])
    assert r.exit_code in (0, 1), r.output
    assert _full_ids(r.output) == []


def test_assess_shows_the_masked_form_where_the_id_was(leaky):
    r = CliRunner().invoke(cli, ["assess", str(leaky), "--no-input", "--as-of", "2026-11-27"])
    assert f"云浮市鑫磊石材有限公司{MASKED} 职业卫生自查" in r.output
    assert f"李春生{MASKED}（XL07）" in r.output      # full-width digits folded, then masked
    d = json.loads(CliRunner().invoke(cli, ["assess", str(leaky), "-o", "json", "--as-of", "2026-11-27"]).stdout)
    assert d["firm"]["principal"] == f"邓伟雄 {MASKED}"
    assert d["firm"]["contact_phone"] == MASKED
    assert d["firm"]["oh_manager"]["name"] == f"邓丽华{MASKED}"
    assert any(w.get("worker_id") == "W" + MASKED for w in d["workers"])


def test_a_usage_error_echoing_an_id_masks_it(leaky):
    r = CliRunner().invoke(cli, ["validate", str(leaky), "--as-of", RAW])
    assert r.exit_code == 2
    assert MASKED in r.output and RAW not in r.output


def test_terminal_escape_sequences_in_a_name_print_as_plain_text(tmp_path):
    """A worker name carrying a clear-screen and a window-title sequence cannot drive the
    terminal: ESC (but for click's own colours), BEL and the other controls are dropped."""
    firm = tmp_path / "stone"
    shutil.copytree(examples_dir() / "stone", firm)
    w = firm / "workers.csv"
    w.write_text(w.read_text(encoding="utf-8-sig").replace("XL07,李春生,", "XL07,李春生\x1b]0;pwned\x07\x1b[2J\x9b,"),
                 encoding="utf-8")
    r = CliRunner().invoke(cli, ["assess", str(firm), "--no-input", "--as-of", "2026-11-27"])
    assert r.exit_code == 1
    assert "李春生]0;pwned（XL07）" in r.output  # click drops the CSI sequence itself off a terminal
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", r.output)
