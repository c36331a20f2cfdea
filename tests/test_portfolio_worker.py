"""What a portfolio worker reads back of a firm's assessment JSON (issue 13, the 1,000-firm
speed): ``render.assessment_json.summary_data`` gives, from the data before it is written, what
parsing the written file gives of the keys a portfolio row is made from, so a run's rows stay
those `--merge` makes from the files."""
from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ohkit.render.assessment_json import (DUE_SUMMARY_KEYS, FINDING_SUMMARY_KEYS, SUMMARY_KEYS, json_bytes,
                                          read_summary, summary_data)

RAW = "445302198501012344"  # passes the GB 11643 check
AS_OF = dt.date(2026, 11, 27)


def _from_file(data):
    """What a merge reads: the file's text parsed, cut to the keys read_summary reads."""
    whole = json.loads(json_bytes(data))
    out = {k: whole[k] for k in SUMMARY_KEYS if k in whole}
    if "findings" in out:
        out["findings"] = [{k: f[k] for k in FINDING_SUMMARY_KEYS if k in f} for f in out["findings"]]
    if "due" in out:
        out["due"] = [{k: x[k] for k in DUE_SUMMARY_KEYS if k in x} for x in out["due"]]
    return out


class Tag(str):
    pass


_BITS = st.sampled_from(["0", "1", "9", "３", "٣", "X", " ", "-", ".", "张", "\n", "\t", "\x08", "\x01", "\x0b", "\x1f",
                         "\x7f", "\x85", "\u2028", "\ufffe", '"', "\\", RAW, RAW[:6], RAW[6:14], RAW[14:],
                         "110101900307123", "123456", "12345", "0.972972972972973", "2026-11-27"])
TEXT = st.lists(st.one_of(_BITS, st.text(max_size=3)), max_size=10).map("".join)
KEYS = st.one_of(TEXT, TEXT.map(Tag), st.integers(), st.sampled_from([int(RAW), 123456]), st.floats(allow_nan=False),
                 st.booleans(), st.none())
VALUES = st.recursive(
    st.one_of(TEXT, TEXT.map(Tag), st.none(), st.booleans(), st.integers(),
              st.sampled_from([int(RAW), 110101900307123, 99999, 100000, -100000, 36 / 37]),
              st.floats(allow_nan=False), st.dates(), st.frozensets(st.integers(0, 9), max_size=2)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.tuples(inner, inner),
                            st.dictionaries(KEYS, inner, max_size=3)), max_leaves=12)
FINDING = st.fixed_dictionaries({}, optional={k: VALUES for k in FINDING_SUMMARY_KEYS + ("subjects", "advice")})
DUE = st.fixed_dictionaries({}, optional={k: VALUES for k in DUE_SUMMARY_KEYS + ("message",)})
DATA = st.fixed_dictionaries({}, optional={**{k: VALUES for k in SUMMARY_KEYS if k not in ("findings", "due")},
                                           "findings": st.lists(FINDING, max_size=3), "due": st.lists(DUE, max_size=3),
                                           "workers": VALUES})


@settings(max_examples=1000, deadline=None)
@given(data=DATA)
def test_summary_data_is_what_the_written_file_gives_back(data):
    try:
        want = _from_file(data)
    except ValueError:  # (a number long enough to be masked is no JSON number: no file to compare with)
        return
    assert summary_data(data) == want


@pytest.mark.parametrize("ch", ["\x01", "\x10", "\x85", "\x99", "\u2028"])
def test_a_character_written_as_an_escape_next_to_digits_is_read_back_as_the_file_gives_it(ch):
    """An escape's hex digits (\\u0001, \\u2028) and the 14 digits after it make an ID number in
    the written piece: masked there, so the label read back is not the label as it was."""
    from ohkit.render.mask import check_char

    head = f"{ord(ch):04x}" + "23" + "19900307" + "123"
    label = ch + head[4:] + check_char(head)
    data = {"due": [{"label": label, "msg": {"code": "x", "params": {"who": label}}}], "firm": {"name": label}}
    back = _from_file(data)
    assert back["due"][0]["label"] != label and "********" in back["due"][0]["label"]
    assert summary_data(data) == back


def test_a_firm_with_id_numbers_in_its_records_gives_the_same_row_as_its_file(tmp_path):
    """The bundled stone example with an ID number in the firm name and every worker's name:
    the light assessment from summary_data equals the one read from the file, and is masked."""
    from ohkit.catalogue import load_catalogue
    from ohkit.engine import assess
    from ohkit.i18n import translator
    from ohkit.paths import examples_dir
    from ohkit.records import load_workspace
    from ohkit.render.assessment_json import assessment_data
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
        assert summary_data(assessment_data(a, translator(lang), cat)) == summary_data(d)
        assert light.due and light.findings and light.metrics
        assert RAW not in light.firm.name and "445302********2344" in light.firm.name


# --- SubjectRows: a finding's subjects written straight from the SubjectResults -------------

def _subjects():
    from ohkit.model import Loc, Msg, SubjectResult

    loc = st.builds(Loc, TEXT, st.none() | TEXT, st.none() | st.integers(-3, 10**19), st.none() | TEXT,
                    st.none() | TEXT)
    params = st.dictionaries(st.sampled_from(["n", "kind", "date", "who", "x" * 15, RAW]),
                             VALUES, max_size=3)
    return st.lists(st.builds(
        SubjectResult, TEXT, TEXT, TEXT, st.sampled_from(["pass", "fail", "unknown", "n/a"]),
        st.builds(Msg, st.sampled_from(["eng.doc.present", "eng.exam.late", "x" * 20]), params),
        st.none() | st.dates(), st.none() | st.integers(-5, 10**16), st.lists(loc, max_size=3).map(tuple)),
        max_size=4)


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_subject_rows_are_written_as_the_plain_list(data):
    from ohkit.render.assessment_json import SubjectRows

    subjects = data.draw(_subjects())
    cut = data.draw(st.integers(0, 18))
    render = data.draw(st.sampled_from([None, lambda m: m.code + RAW[:cut]]))
    depth = data.draw(st.integers(0, 3))
    rows, plain = SubjectRows(tuple(subjects), render), [s.to_dict(render) for s in subjects]
    for _ in range(depth):
        rows, plain = {"findings": [rows]}, {"findings": [plain]}
    try:
        want = json_bytes(plain)
    except ValueError:
        return
    assert json_bytes(rows) == want
    if depth == 0:
        assert SubjectRows(tuple(subjects), render).plain() == plain


def test_assessment_json_is_the_plain_data_written():
    """Every bundled example, both languages: the file's bytes are json_bytes(assessment_to_dict)."""
    from ohkit.catalogue import load_catalogue
    from ohkit.engine import assess
    from ohkit.i18n import translator
    from ohkit.paths import examples_dir
    from ohkit.records import load_workspace
    from ohkit.render.assessment_json import assessment_json
    from ohkit.render.jsonout import assessment_to_dict

    cat = load_catalogue()
    firms = sorted(p for p in examples_dir().iterdir() if (p / "enterprise.yaml").is_file())
    subjects = 0
    for firm in firms:
        a = assess(load_workspace(firm, as_of=AS_OF), AS_OF, cat)
        subjects += sum(len(f.subjects) for f in a.findings)
        for lang in ("zh", "en"):
            tr = translator(lang)
            assert assessment_json(a, tr, cat) == json_bytes(assessment_to_dict(a, tr, cat))
    assert len(firms) >= 3 and subjects > 100


def _due_items():
    from ohkit.model import DueItem, Msg

    params = st.dictionaries(st.sampled_from(["kind", "date", "who", RAW]), VALUES, max_size=2)
    return st.lists(st.builds(DueItem, st.dates(), TEXT, TEXT, TEXT, TEXT, TEXT,
                              st.builds(Msg, st.sampled_from(["eng.due.exam", "y" * 16]), params),
                              st.booleans()), max_size=4)


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_due_rows_are_written_as_the_plain_list_and_summed_up_alike(data):
    from ohkit.render.assessment_json import DueRows

    items = tuple(data.draw(_due_items()))
    cut = data.draw(st.integers(0, 18))
    render = data.draw(st.sampled_from([None, lambda m: m.code + RAW[:cut]]))
    plain = [d.to_dict(render) for d in items]
    try:
        want = json_bytes({"due": plain})
    except ValueError:
        return
    assert json_bytes({"due": DueRows(items, render)}) == want
    assert DueRows(items, render).plain() == plain
    assert all(tuple(d.to_dict()) == DUE_SUMMARY_KEYS for d in items)
    try:
        back = _from_file({"due": plain})
    except ValueError:  # (a number masked in the file: no JSON to compare with)
        return
    assert summary_data({"due": DueRows(items, render)}) == back


def test_another_catalogue_never_gets_the_catalogue_texts_written_for_the_first(tmp_path):
    """FindingRow keeps each obligation's catalogue texts as written, for the next firm: a run
    with another catalogue (here one obligation's title changed) writes its own."""
    from ohkit.catalogue import load_catalogue
    from ohkit.engine import assess
    from ohkit.i18n import translator
    from ohkit.paths import checklists_dir, examples_dir
    from ohkit.records import load_workspace
    from ohkit.render.assessment_json import assessment_json
    from ohkit.render.jsonout import assessment_to_dict

    other = tmp_path / "checklists"
    shutil.copytree(checklists_dir(), other)
    ob = other / "obligations.yaml"
    text = ob.read_text(encoding="utf-8")
    old = "    zh: 主要负责人负总责，建立职业病防治责任制\n"
    assert old in text
    ob.write_text(text.replace(old, "    zh: 改过的标题\n", 1), encoding="utf-8")
    ws = load_workspace(examples_dir() / "stone", as_of=AS_OF)
    tr = translator("zh")
    for cat in (load_catalogue(), load_catalogue(other), load_catalogue()):
        a = assess(ws, AS_OF, cat)
        assert assessment_json(a, tr, cat) == json_bytes(assessment_to_dict(a, tr, cat))
    assert "改过的标题" in assessment_json(a := assess(ws, AS_OF, load_catalogue(other)), tr, load_catalogue(other)).decode()
