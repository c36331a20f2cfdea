"""What a portfolio worker reads back of a firm's assessment JSON (issue 13, the 1,000-firm
speed): ``render.assessment_json.summary_data`` gives, from the data before it is written, what
parsing the written file gives of the keys a portfolio row is made from, so a run's rows stay
those `--merge` makes from the files."""
from __future__ import annotations

import datetime as dt
import json
import shutil

from hypothesis import given, settings
from hypothesis import strategies as st

from ohkit.render.assessment_json import (FINDING_SUMMARY_KEYS, SUMMARY_KEYS, json_bytes, read_summary,
                                          summary_data)

RAW = "445302198501012344"  # passes the GB 11643 check
AS_OF = dt.date(2026, 11, 27)


def _from_file(data):
    """What a merge reads: the file's text parsed, cut to the keys read_summary reads."""
    whole = json.loads(json_bytes(data))
    out = {k: whole[k] for k in SUMMARY_KEYS if k in whole}
    if "findings" in out:
        out["findings"] = [{k: f[k] for k in FINDING_SUMMARY_KEYS if k in f} for f in out["findings"]]
    return out


_BITS = st.sampled_from(["0", "1", "9", "３", "٣", "X", " ", "-", ".", "张", "\n", "\x01", "\x7f", "\x85", "\u2028",
                         "\ufffe", '"', "\\", RAW, RAW[:6], RAW[6:14], RAW[14:], "110101900307123", "123456",
                         "0.972972972972973", "2026-11-27"])
TEXT = st.lists(st.one_of(_BITS, st.text(max_size=3)), max_size=10).map("".join)
VALUES = st.recursive(
    st.one_of(TEXT, st.none(), st.booleans(), st.integers(), st.sampled_from([int(RAW), 110101900307123, 36 / 37]),
              st.floats(allow_nan=False), st.dates()),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.tuples(inner, inner),
                            st.dictionaries(TEXT, inner, max_size=3)), max_leaves=12)
FINDING = st.fixed_dictionaries({}, optional={k: VALUES for k in FINDING_SUMMARY_KEYS + ("subjects", "advice")})
DATA = st.fixed_dictionaries({}, optional={**{k: VALUES for k in SUMMARY_KEYS if k != "findings"},
                                           "findings": st.lists(FINDING, max_size=3), "workers": VALUES})


@settings(max_examples=400, deadline=None)
@given(data=DATA)
def test_summary_data_is_what_the_written_file_gives_back(data):
    try:
        want = _from_file(data)
    except ValueError:  # (a number long enough to be masked is no JSON number: no file to compare with)
        return
    assert summary_data(data) == want


def test_a_firm_with_id_numbers_in_its_records_gives_the_same_row_as_its_file(tmp_path):
    """The bundled stone example with an ID number in the firm name and every worker's name:
    the light assessment from summary_data equals the one read from the file, and is masked."""
    from ohkit.catalogue import load_catalogue
    from ohkit.engine import assess
    from ohkit.i18n import translator
    from ohkit.paths import examples_dir
    from ohkit.records import load_workspace
    from ohkit.render.jsonout import assessment_to_dict

    firm = tmp_path / "stone"
    shutil.copytree(examples_dir() / "stone", firm)
    y = firm / "enterprise.yaml"
    y.write_text(y.read_text(encoding="utf-8").replace("name: ", f"name: {RAW}", 1), encoding="utf-8")
    cat = load_catalogue()
    for lang in ("zh", "en"):
        a = assess(load_workspace(firm, as_of=AS_OF), AS_OF, cat)
        d = assessment_to_dict(a, translator(lang), cat)
        light = read_summary(summary_data(d))
        assert light == read_summary(json.loads(json_bytes(d)))
        assert light.due and light.findings and light.metrics
        assert RAW not in light.firm.name and "445302********2344" in light.firm.name
