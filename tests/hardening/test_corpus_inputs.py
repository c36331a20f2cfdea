"""Hardening corpus, input side: bad or odd inputs derived from the bundled examples.

Every case runs through ``harness.run_case`` (no internal error, exit code, a located
message, inputs byte-identical, nothing written outside the output folder, no full ID
number in any output, a time limit; the ``limits`` family also under a 1 GiB
address-space limit in a subprocess). Families: encodings, csv, xlsx, yaml, paths,
semantic, values, cli, answers, limits, partial (see each ``_family`` function).
"""
from __future__ import annotations

import pytest

from harness import Case, read_text, chain, edit_cell, reencode, remove, run_case, write, yaml_set

# the commands and, per command, the exit code when a record file cannot be read: validate/assess
# report it (1); the commands that write outputs refuse (2) unless --partial
from corpus_families import EXIT, A, C, D, R, V  # noqa: E402
NO_OUTPUT = lambda r: _no_files(r)  # noqa: E731


def _no_files(r) -> None:
    assert not r.files_written, f"refused, yet wrote {r.files_written}"


def _encodings() -> list[Case]:
    cases: list[Case] = []
    ok = [("utf8-bom", "utf-8", b"\xef\xbb\xbf"), ("utf8", "utf-8", b""), ("gbk", "gbk", b""),
          ("gb18030", "gb18030", b""), ("utf16le-bom", "utf-16-le", b"\xff\xfe"),
          ("utf16be-bom", "utf-16-be", b"\xfe\xff")]
    for table in ("workers.csv", "posts.csv", "exams.csv" if False else "training.csv"):
        for name, enc, bom in ok:
            for argv in (V, A):
                cases.append(Case("encodings", f"{table}-{name}-{argv[0]}", reencode(table, enc, bom), argv,
                                  exit={0, 1}, absent=[r"rec\.encoding_unknown", "无法识别.*编码"]))
    bad = [("big5", lambda t: t.encode("big5", "replace")),
           ("utf16le-nobom", lambda t: t.encode("utf-16-le")),
           ("latin1-mojibake", lambda t: t.encode("utf-8").decode("latin-1").encode("latin-1") + b"\x80\xff\xfe")]
    for table in ("workers.csv", "posts.csv"):
        for name, fn in bad:
            def m(firm, table=table, fn=fn):
                p = firm / table
                p.write_bytes(fn(read_text(p)))
            for argv in (V, A):
                cases.append(Case("encodings", f"{table}-{name}-{argv[0]}", m, argv, exit=1,
                                  located=rf"{table}"))
    for name, enc, bom in ok:
        cases.append(Case("encodings", f"enterprise-{name}", reencode("enterprise.yaml", enc, bom), V, exit={0, 1},
                          absent=[r"enterprise\.yaml  \[错误\].*编码"]))
    return cases


def _csv() -> list[Case]:
    t = "workers.csv"
    bad = {
        "unclosed-quote": b'\xe5\xb7\xa5\xe5\x8f\xb7,\xe5\xa7\x93\xe5\x90\x8d\nXL01,"abc\nXL02,x\n',
        "nul-bytes": b"a,b\x00c\n\x00\x00\n",
        "zip-bytes": b"PK\x03\x04" + b"\x00" * 100,
        "pdf-bytes": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
        "ole-bytes": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64,
        "header-only-garbage": "完全,不相关,的表头\n1,2,3\n".encode(),
        "fullwidth-commas": "工号，姓名，身份证号\nXL01，张三，1\n".encode(),
        "random-bytes": bytes(range(256)) * 4,
        "quoted-huge-cell": "工号,姓名\nX,\"".encode() + b"a" * 200_000 + b'"\n',
    }
    cases = []
    for name, data in bad.items():
        for argv in (V, A, D, R):
            cases.append(Case("csv", f"{name}-{argv[0]}", write(t, data), argv, exit=EXIT[argv[0]],
                              located=r"workers\.csv"))
    for name, data in {"empty": b"", "bom-only": b"\xef\xbb\xbf", "blank-lines": b"\r\n\r\n  \n",
                       "quote-then-text": '工号,姓名\nX,"a"b\n"'.encode()}.items():
        cases.append(Case("csv", f"{name}-validate", write(t, data), V, exit={0, 1}, located=r"workers\.csv"))
    return cases


from corpus_families import more_families  # noqa: E402

FAMILIES = _encodings() + _csv() + more_families()


@pytest.mark.parametrize("case", [c.param() for c in FAMILIES])
def test_corpus_input(case: Case, tmp_path) -> None:
    run_case(case, tmp_path)
