"""render.jsonenc writes exactly what json.dumps(ensure_ascii=False, indent=…) writes (it is the
faster writer of every indented JSON output: per-firm assessment JSON, portfolio JSON, -o json)."""
from __future__ import annotations

import datetime as dt
import json
from collections import OrderedDict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ohkit.render.jsonenc import dumps_indented
from ohkit.render.mask import json_text


class Tag(str):
    pass


def _default(o):
    if isinstance(o, dt.date):
        return o.isoformat()
    if isinstance(o, (set, frozenset)):
        return sorted(o)
    return {"object": repr(o)}


SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**20, max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12), st.text(max_size=3).map(Tag),
    st.dates(), st.frozensets(st.integers(0, 9), max_size=3))
KEYS = st.one_of(st.text(max_size=8), st.integers(-5, 5), st.floats(allow_nan=False), st.booleans(), st.none())
DATA = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.lists(inner, max_size=3).map(tuple),
    st.dictionaries(KEYS, inner, max_size=4), st.dictionaries(st.text(max_size=4), inner, max_size=3).map(OrderedDict)),
    max_leaves=25)


@settings(max_examples=400, deadline=None)
@given(data=DATA, indent=st.sampled_from([1, 2, 4, 0, "\t"]))
def test_same_text_as_json_dumps(data, indent):
    assert dumps_indented(data, indent, _default) == json.dumps(data, ensure_ascii=False, indent=indent,
                                                               default=_default)


def test_an_assessment_json_is_unchanged():
    """A real per-firm assessment (the bundled example) through json_text, as the portfolio writes it."""
    from ohkit.catalogue import load_catalogue
    from ohkit.engine import assess
    from ohkit.i18n import translator
    from ohkit.paths import DEFAULT_EXAMPLE, examples_dir
    from ohkit.records import load_workspace
    from ohkit.render.jsonout import assessment_to_dict

    as_of = dt.date(2026, 11, 27)
    a = assess(load_workspace(examples_dir() / DEFAULT_EXAMPLE, as_of=as_of), as_of=as_of)
    d = assessment_to_dict(a, translator("zh"))
    for indent in (1, 2):
        want = json.dumps(d, ensure_ascii=False, indent=indent, default=_default)
        assert dumps_indented(d, indent, _default) == want and len(want) > 10_000
        assert json.loads(json_text(d, indent=indent, default=_default)) == json.loads(want)


def test_unserialisable_without_default_is_a_type_error():
    with pytest.raises(TypeError, match="not JSON serializable"):
        dumps_indented({"a": object()}, 1)
    with pytest.raises(TypeError, match="keys must be"):
        dumps_indented({(1, 2): 1}, 1)


RAW = "445302198501012344"  # passes the GB 11643 check
_BITS = st.sampled_from(["0", "1", "4", "9", "３", "X", "x", " ", "-", ".", "W", "张", "\n", "\x01", "\x1f", "\x7f",
                         "\x85", "\u2028", '"', "\\", RAW, RAW[:6], RAW[6:14], RAW[14:], "110101900307123",
                         "0.972972972972973"])
ID_TEXT = st.lists(st.one_of(_BITS, st.text(max_size=3)), max_size=12).map("".join)
ID_DATA = st.recursive(
    st.one_of(ID_TEXT, st.none(), st.booleans(), st.sampled_from([int(RAW), -int(RAW), 110101900307123, 10**19 + 7]),
              st.integers(), st.sampled_from([0.00012345678901234567, 36 / 37, 1e16, -2.5e-07]), st.floats()),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(ID_TEXT, inner, max_size=4)),
    max_leaves=20)


@settings(max_examples=500, deadline=None)
@given(data=ID_DATA, indent=st.sampled_from([1, 2]))
def test_masking_each_piece_is_masking_the_whole_text(data, indent):
    """json_text masks strings and numbers one by one (those long enough to hold an ID number);
    the result must be the whole text masked, as it was first written."""
    from ohkit.render.mask import _escape_unsafe, mask_ids

    whole = mask_ids(_escape_unsafe(json.dumps(data, ensure_ascii=False, indent=indent, default=_default)))
    assert json_text(data, indent=indent, default=_default) == whole


def test_an_id_number_is_masked_wherever_it_sits():
    data = {RAW: [RAW, "张三" + RAW, "\x01" + RAW, f"{RAW[:6]} {RAW[6:14]} {RAW[14:]}", "短 " + RAW[:14]]}
    text = json_text(data, indent=1)
    assert RAW not in text and RAW[6:14] + " " not in text
    assert text.count("445302********2344") == 5 and '"短 ' + RAW[:14] + '"' in text
