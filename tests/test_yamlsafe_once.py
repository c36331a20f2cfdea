"""records.yamlsafe parses a YAML text once (limits, document and key lines from one event
stream); the result must be what three separate passes gave: check_limits, the tolerant loader
on the text, and the key lines of a fresh compose."""
from __future__ import annotations

import pytest
import yaml

from ohkit.records import yamlsafe

DOCS = [
    "name: 合成家具\nheadcount: 50\noh_manager:\n  name: 李安全\n  full_time: yes\n",
    "base: &b\n  size: small\n  region: 某区\nfirm:\n  <<: *b\n  name: X\n  size: medium\n",   # merge key
    "a: 1\nb: 2\na: 3\n",                                                                   # key twice
    "d: 2026-02-30\nt: 2026-01-01 10:00:00+08:00\nn: .nan\ni: !!int abc\nx: !python/object:os.system ls\n",
    "- 1\n- [2, 3]\n- {k: v}\n",
    "",
    "# only a comment\n",
    "list: &l [1, 2]\nagain: *l\nnested:\n  deeper:\n    deepest: *l\n",
]


def _three_passes(text: str):
    yamlsafe.check_limits(text)
    loader = yamlsafe._Loader(text)
    try:
        data = loader.get_single_data()
    finally:
        loader.dispose()
    return data, loader.duplicates, yamlsafe.key_lines(yaml.compose(text, Loader=yaml.SafeLoader))


@pytest.mark.parametrize("text", DOCS)
def test_one_parse_gives_what_three_gave(text):
    dups: list = []
    lines: dict = {}
    data = yamlsafe.load(text, dups, lines)
    want_data, want_dups, want_lines = _three_passes(text)
    assert data == want_data
    assert dups == want_dups
    assert lines == want_lines


def test_merged_keys_keep_the_lines_they_are_written_on():
    lines: dict = {}
    yamlsafe.load(DOCS[1], None, lines)
    assert lines[("firm", "<<")] == 5 and lines[("firm", "size")] == 7 and ("firm", "region") not in lines


@pytest.mark.parametrize("text", ["a: [1, 2\nb: 3\n", "a: *nowhere\n", "a: 1\n---\nb: 2\n", "a: 1\n\x07\n",
                                  "a: &x 1\nb: &x 2\nc: [" + "[" * 25 + "]" * 26 + "\n"])
def test_broken_yaml_fails_the_same_way(text):
    def outcome(f):
        try:
            return ("ok", f())
        except yamlsafe.YamlLimit as e:
            return ("limit", e.what, e.line)
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            return (type(e).__name__, mark.line if mark else None, mark.column if mark else None)

    assert outcome(lambda: yamlsafe.load(text)) == outcome(lambda: _three_passes(text)[0])
