"""Cell parsers: dates, booleans, numbers, lists, enumerations, ID numbers and credit codes."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ohkit.records.normalise import (Bad, id_check_char, mask_id, parse_bool, parse_credit_code, parse_date,
                                     parse_date_or_bool, parse_id_number, parse_int, parse_list, parse_number,
                                     parser_for, uscc_check_char)
from ohkit.records.schema import table_spec

dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))
FW = str.maketrans("0123456789-/.", "０１２３４５６７８９－／．")


@given(dates)
def test_every_written_form_of_a_date_reads_back(d):
    forms = [
        d.isoformat(),
        f"{d.year}/{d.month}/{d.day}",
        f"{d.year}.{d.month}.{d.day}",
        f"{d.year}年{d.month}月{d.day}日",
        f"{d.year}-{d.month:02d}-{d.day:02d}".translate(FW),
        f"  {d.year}/{d.month:02d}/{d.day:02d} ",
        f"{d.year}{d.month:02d}{d.day:02d}",
        f"{d.isoformat()} 00:00:00",
        dt.datetime(d.year, d.month, d.day, 8, 30),
        d,
    ]
    for f in forms:
        assert parse_date(f) == d, f


@given(st.dates(min_value=dt.date(1940, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_excel_serials_read_as_dates(d):
    serial = (d - dt.date(1899, 12, 30)).days
    assert parse_date(float(serial)) == d
    assert parse_date(str(serial)) == d


@given(st.integers(1, 12), st.integers(1, 12), st.integers(1950, 2099))
def test_day_month_order_is_never_guessed(a, b, y):
    for s in (f"{a}/{b}/{y}", f"{a:02d}-{b:02d}-{y}", f"{a}.{b}.{y % 100:02d}"):
        with pytest.raises(Bad) as e:
            parse_date(s)
        assert e.value.code == "rec.date_ambiguous"


@given(st.text(max_size=12))
def test_date_parser_never_crashes(s):
    try:
        d = parse_date(s)
    except Bad as e:
        assert e.code.startswith("rec.date_")
    else:
        assert isinstance(d, dt.date)


@pytest.mark.parametrize("s,code", [
    ("2024-02-30", "rec.date_invalid"), ("2024-13-01", "rec.date_invalid"), ("2024-03", "rec.date_no_day"),
    ("2024年3月", "rec.date_no_day"), ("1850-01-01", "rec.date_year"), ("12345", "rec.date_number"),
    ("3月5日", "rec.date_bad"), ("去年", "rec.date_bad"), ("2024-3-5-6", "rec.date_bad"),
])
def test_bad_dates(s, code):
    with pytest.raises(Bad) as e:
        parse_date(s)
    assert e.value.code == code


@pytest.mark.parametrize("s,v", [("是", True), ("否", False), ("Y", True), ("n", False), ("TRUE", True),
                                 ("false", False), ("1", True), ("0", False), ("✓", True), ("✗", False),
                                 ("√", True), ("×", False), (" 是 ", True), (1.0, True), (0.0, False), (True, True)])
def test_booleans(s, v):
    assert parse_bool(s) is v


@pytest.mark.parametrize("s", ["是的吧", "2", "maybe", 2.0])
def test_bad_booleans(s):
    with pytest.raises(Bad):
        parse_bool(s)


def test_numbers_and_lists():
    assert parse_int("１２") == 12 and parse_int(12.0) == 12 and parse_int("1,200") == 1200
    with pytest.raises(Bad):
        parse_int("12.5")
    assert parse_number("2.5") == 2.5 and parse_number("８") == 8
    with pytest.raises(Bad):
        parse_number("8小时")
    assert parse_list("苯、甲苯；二甲苯, 噪声，木粉尘;") == ("苯", "甲苯", "二甲苯", "噪声", "木粉尘")
    assert parse_list("Ｐ０１、P02", code=True) == ("P01", "P02")
    assert parse_date_or_bool("是") is True and parse_date_or_bool("2024/1/2") == dt.date(2024, 1, 2)
    with pytest.raises(Bad) as e:
        parse_date_or_bool("签了")
    assert e.value.code == "rec.date_or_bool_bad"


def test_enumerations_accept_chinese_english_and_aliases():
    p = parser_for(table_spec("exams").field("type"))
    assert [p(x) for x in ("上岗前", "pre_employment", "Pre-employment", "岗前", " 在岗期间 ", "离岗时", "复查")] == [
        "pre_employment", "pre_employment", "pre_employment", "pre_employment", "periodic", "exit", "recheck"]
    with pytest.raises(Bad) as e:
        p("年检")
    assert e.value.code == "rec.enum_bad" and "上岗前" in e.value.params["accepted"]["zh"]


id_bodies = st.tuples(st.integers(110000, 659999), dates, st.integers(0, 999)).map(
    lambda t: f"{t[0]}{t[1]:%Y%m%d}{t[2]:03d}")


@given(id_bodies)
def test_valid_id_numbers_parse(body):
    full = body + id_check_char(body)
    assert parse_id_number(full) == full
    assert parse_id_number(full.lower()) == full
    assert parse_id_number(" " + full[:6] + " " + full[6:]) == full


@given(id_bodies, st.integers(0, 16), st.integers(1, 9))
def test_id_checksum_detects_single_substitutions(body, pos, delta):
    full = body + id_check_char(body)
    new = str((int(full[pos]) + delta) % 10)
    bad = full[:pos] + new + full[pos + 1:]
    with pytest.raises(Bad) as e:
        parse_id_number(bad)
    assert e.value.code in ("rec.id_checksum", "rec.id_birth")


def test_id_number_problems_and_masking():
    with pytest.raises(Bad) as e:
        parse_id_number(1.10105198803051e17)
    assert e.value.code == "rec.id_numeric"
    with pytest.raises(Bad) as e:
        parse_id_number("1.10105E+17")
    assert e.value.code == "rec.id_numeric"
    with pytest.raises(Bad) as e:
        parse_id_number("11010519880305")
    assert e.value.code == "rec.id_format" and e.value.params["length"] == 14
    assert mask_id("110105198803051231") == "110105********1231"


uscc_chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
uscc_bodies = st.tuples(st.sampled_from(uscc_chars), st.sampled_from(uscc_chars), st.integers(0, 999999),
                        st.text(alphabet=uscc_chars, min_size=9, max_size=9)).map(
    lambda t: f"{t[0]}{t[1]}{t[2]:06d}{t[3]}")


@given(uscc_bodies)
@settings(max_examples=200)
def test_credit_codes(body):
    code = body + uscc_check_char(body)
    assert parse_credit_code(code) == code
    assert parse_credit_code(" " + code.lower() + " ") == code
    wrong = uscc_chars[(uscc_chars.index(code[17]) + 1) % 31]
    with pytest.raises(Bad) as e:
        parse_credit_code(body + wrong)
    assert e.value.code == "rec.uscc_checksum"


def test_known_credit_code_and_bad_letters():
    assert parse_credit_code("91350100M000100Y43") == "91350100M000100Y43"
    with pytest.raises(Bad) as e:
        parse_credit_code("91350100M000100YI3")  # I is never used
    assert e.value.code == "rec.uscc_format"
