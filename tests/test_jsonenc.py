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
