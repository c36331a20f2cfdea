"""What the terminal streams print (commands.common.MaskingStream): control characters dropped,
ID numbers masked. The stream checks cheaply first (no ESC: str.translate; fewer than 15 digits:
nothing to mask) so that `ohkit --help` neither compiles a regex nor imports render.mask; the
result must be what the plain rule gives for any text."""
from __future__ import annotations

import io
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from ohkit.commands.common import MaskingStream, may_hold_id, terminal_text
from ohkit.render.mask import mask_ids

# The rule as written before the shortcut (commands.common, ohkit 0.1.0).
RULE = re.compile("\x1b(?!\\[[0-9;]*m)|[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f-\x9f]")

# Digits of several scripts, X-like check characters, controls, ESC and colour sequences,
# separators of grouped ID numbers, and Chinese text.
PIECES = st.sampled_from(["0", "1", "7", "9", "３", "٣", "०", "X", "x", "Ｘ", " ", "-", "\x1b", "\x1b[31m",
                          "\x1b[0m", "\x1b]0;t\x07", "\x00", "\x07", "\x0b", "\x0e", "\x7f", "\x85", "\x9f",
                          "\t", "\n", "\r", "张三", "W", "（", "）", "a"])
IDS = st.sampled_from(["110101199003071234", "11010119900307123X", "110101900307123", "１１０１０１１９９００３０７１２３４",
                       "110101 19900307 1234", "W110101199003071234", "11010119\x0190030\x1b71234"])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(PIECES, IDS, st.text(max_size=5)), max_size=40).map("".join))
def test_terminal_text_is_the_rule(s):
    assert terminal_text(s) == mask_ids(RULE.sub("", s))
    assert may_hold_id(s) or mask_ids(s) == s  # the shortcut taken before render.mask is loaded


def test_masking_stream_masks_ids_and_drops_controls():
    buf = io.StringIO()
    out = MaskingStream(buf)
    out.write("身份证 110101199003071234\x1b[2J，\x1b[31m红\x1b[0m\x07\n")
    out.write("11010119\x0190030\x0771234 ok\n")
    out.write("短号 12345678901234\n")  # 14 digits: not an ID number, printed as it is
    assert buf.getvalue() == ("身份证 110101********1234[2J，\x1b[31m红\x1b[0m\n"
                              "110101********1234 ok\n短号 12345678901234\n")
