"""Properties: month arithmetic, answers.yaml updates, determinism of assess."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "engine"))
from firmkit import assess_firm  # noqa: E402

from ohkit.engine.answers import update_text  # noqa: E402
from ohkit.engine.util import add_months  # noqa: E402

BASIC = Path(__file__).parent / "fixtures" / "engine" / "basic"


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31)), st.integers(-240, 240))
def test_add_months_lands_in_the_right_month_and_never_overshoots(d, n):
    r = add_months(d, n)
    assert (r.year * 12 + r.month) - (d.year * 12 + d.month) == n
    assert r.day == d.day or (r.day < d.day and (r + dt.timedelta(days=1)).day == 1)


@settings(max_examples=50)
@given(st.dictionaries(st.sampled_from(["ORG-1", "EXAM-5", "hazard_class", "oh_manager.full_time", "中文键"]),
                       st.one_of(st.booleans(), st.integers(0, 500), st.text(min_size=1, max_size=8)), min_size=1))
def test_answers_update_round_trips_and_keeps_other_lines(answers):
    old = "# 备注 keep\nOTHER: {answer: true, date: 2026-01-01}\nEXAM-5:\n  answer: false\n  date: 2025-01-01\n\n# tail\n"
    day = dt.date(2026, 11, 27)
    new = update_text(old, {k: (v, day) for k, v in answers.items()})
    data = yaml.safe_load(new)
    for k, v in answers.items():
        assert data[k] == {"answer": v, "date": day}
    assert data["OTHER"] == {"answer": True, "date": dt.date(2026, 1, 1)}
    assert new.startswith("# 备注 keep\nOTHER: {answer: true, date: 2026-01-01}\n") and "# tail" in new
    if "EXAM-5" not in answers:
        assert data["EXAM-5"] == {"answer": False, "date": dt.date(2025, 1, 1)}
    assert update_text(new, {k: (v, day) for k, v in answers.items()}) == new


def test_assess_is_deterministic_and_pure():
    a1 = assess_firm(BASIC, "2026-11-27")
    a2 = assess_firm(BASIC, "2026-11-27")
    assert a1 == a2
    b = assess_firm(BASIC, "2027-06-01")
    assert b.as_of == dt.date(2027, 6, 1) and b != a1
