"""Input-side corpus families beyond encodings and CSV (used by test_corpus_inputs.py):
xlsx, yaml, paths, values, semantic, cli, answers, partial, limits."""
from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import yaml

from harness import Case, chain, edit_cell, edit_text, make_id, read_text, remove, write, yaml_set

V = ("validate", "{firm}")
A = ("assess", "{firm}", "--no-input")
D = ("due", "{firm}")
R = ("report", "{firm}", "-O", "{out}")
C = ("card", "{firm}", "-O", "{out}")
EXIT = {"validate": 1, "assess": 1, "due": 2, "report": 2, "card": 2}


def _nothing_written(r) -> None:
    assert not r.files_written, f"refused, yet wrote {[p.name for p in r.files_written]}"


def _refuse_check(argv):
    return _nothing_written if argv[0] in ("report", "card", "due") else None


def _each(family: str, name: str, mutate, located: str, commands=(V, A, D, R, C), example: str = "stone",
          exit_map=None) -> list[Case]:
    em = exit_map or EXIT
    return [Case(family, f"{name}-{argv[0]}", mutate, argv, exit=em[argv[0]], located=located, example=example,
                 check=_refuse_check(argv) if em[argv[0]] == 2 else None) for argv in commands]


# ---------------------------------------------------------------------------
# xlsx (records.xlsx of the furniture example)
# ---------------------------------------------------------------------------

def _rezip(fn):
    """Rewrite records.xlsx part by part: fn(name, data) -> data or None (drop)."""
    def m(firm: Path) -> None:
        p = firm / "records.xlsx"
        src = zipfile.ZipFile(io.BytesIO(p.read_bytes()))
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for info in src.infolist():
                d = fn(info.filename, src.read(info))
                if d is not None:
                    z.writestr(info.filename, d)
            extra = fn("__extra__", b"")
            if extra:
                z.writestr("xl/media/big.bin", extra)
        p.write_bytes(buf.getvalue())
    return m


def _dimension(ref: bytes):
    def f(name: str, data: bytes):
        if name == "xl/worksheets/sheet3.xml":
            return re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="' + ref + b'"', data)
        return data
    return f


def _far_cell(name: str, data: bytes):
    if name == "xl/worksheets/sheet3.xml":
        return data.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is>'
                                              b'</c></row></sheetData>')
    return data


def _xlsx() -> list[Case]:
    cases: list[Case] = []
    loc = r"records\.xlsx"
    broken = {
        "not-a-zip": write("records.xlsx", b"this is not a workbook\n" * 10),
        "truncated": lambda f: (f / "records.xlsx").write_bytes((f / "records.xlsx").read_bytes()[:3000]),
        "no-workbook-part": _rezip(lambda n, d: None if n == "xl/workbook.xml" else d),
        "corrupt-sheet-xml": _rezip(lambda n, d: b"<worksheet><sheetData><row" if n == "xl/worksheets/sheet3.xml"
                                    else d),
        "dimension-xfd1048576": _rezip(_dimension(b"A1:XFD1048576")),
        "dimension-rows": _rezip(_dimension(b"A1:K900000")),
        "far-cell": _rezip(_far_cell),
        "zip-bomb-part": _rezip(lambda n, d: b"\0" * (6 << 20) if n == "__extra__" else d),
        "pdf-renamed": write("records.xlsx", b"%PDF-1.4\n" + b"0" * 2000),
        "ole-renamed": write("records.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000),
    }
    for name, m in broken.items():
        cmds = (V, A, D, R) if name in ("not-a-zip", "dimension-xfd1048576", "zip-bomb-part") else (V, D)
        cases += _each("xlsx", name, m, loc, cmds, example="furniture")
    def cell(value, col=5, sheet="劳动者名册"):
        def m(firm: Path) -> None:
            from openpyxl import load_workbook

            wb = load_workbook(firm / "records.xlsx")
            ws = wb[sheet]
            ws.cell(3, col).value = value
            if isinstance(value, (int, float)):
                ws.cell(3, col).number_format = "yyyy-mm-dd"
            wb.save(firm / "records.xlsx")
        return m
    # a date cell calamine cannot convert (it panics): the sheet is a located error, no Rust backtrace
    cases += _each("xlsx", "date-cell-overflow", cell(-1e308), r"records\.xlsx\[劳动者名册\]", (V, D, R),
                   example="furniture")
    for name, value in (("huge-number", 1e308), ("year-9999", __import__("datetime").datetime(9999, 12, 31)),
                        ("long-text", "x" * 40000), ("id-as-number", 110105198801011232)):
        cases.append(Case("xlsx", f"cell-{name}", cell(value), V, exit=1, located=r"records\.xlsx\[劳动者名册\]:3",
                          example="furniture", absent=[r"stack backtrace|panicked"]))
    cases.append(Case("xlsx", "empty-file-validate", write("records.xlsx", b""), V, exit={0, 1}, located=loc,
                      example="furniture"))
    return cases


# ---------------------------------------------------------------------------
# YAML (enterprise.yaml)
# ---------------------------------------------------------------------------

def _laughs() -> str:
    lines = ['name: 测试', 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    prev = "a"
    for i, k in enumerate("bcdefghijklm"):
        lines.append(f"{k}: &{k} [" + ",".join([f"*{prev}"] * 9) + "]")
        prev = k
    return "\n".join(lines) + "\n"


def _yaml() -> list[Case]:
    loc = r"enterprise\.yaml"
    cases: list[Case] = []
    bad = {
        "tab-indent": "name: 测试\noh_manager:\n\tname: 张三\n",
        "unclosed-quote": 'name: "测试\nheadcount: 3\n',
        "bad-colon": "name: 测试\nheadcount 3: : :\n  - x\n",
        "top-level-list": "- name: 测试\n- headcount: 3\n",
        "top-level-scalar": "just a sentence\n",
        "billion-laughs": _laughs(),
        "deep-nesting": "name: 测试\nx: " + "[" * 5000 + "]" * 5000 + "\n",
        "deep-mapping": "name: 测试\n" + "".join("  " * i + f"k{i}:\n" for i in range(40)) + "  " * 40 + "v: 1\n",
        "binary": "name: 测试\n\x00\x01\x02\n",
        "over-1mib": "name: 测试\n" + "# " + "x" * (1 << 20) + "\n",
        "python-tag": "name: !!python/object/apply:os.system ['echo hi']\n",
        "many-docs": "name: 测试\n---\nname: 二\n",
    }
    for name, text in bad.items():
        if name in ("python-tag",):
            continue
        cmds = (V, D, R, C) if name in ("tab-indent", "billion-laughs", "deep-nesting", "over-1mib") else (V, D)
        cases += _each("yaml", name, write("enterprise.yaml", text), loc, cmds)
    cases.append(Case("yaml", "python-tag-validate", write("enterprise.yaml", bad["python-tag"]), V, exit={0, 1},
                      absent=[r"\bhi\b\n"]))
    cases.append(Case("yaml", "duplicate-key", lambda f: (f / "enterprise.yaml").write_text(
        read_text(f / "enterprise.yaml") + "headcount: 99\n", encoding="utf-8"), V, exit=1, located=loc))
    for style, text in {
        "flow": "{name: 测试厂, headcount: 12, hazard_class: 一般}\n",
        "json": '{"name": "测试厂", "headcount": 12, "hazard_class": "一般"}\n',
        "doc-markers": "---\nname: 测试厂\nheadcount: 12\nhazard_class: 一般\n...\n",
        "block-scalar": "name: |\n  测试厂\nheadcount: 12\nhazard_class: 一般\n",
        "crlf": "name: 测试厂\r\nheadcount: 12\r\nhazard_class: 一般\r\n",
    }.items():
        cases.append(Case("yaml", f"style-{style}", write("enterprise.yaml", text), V, exit={0, 1},
                          absent=[r"enterprise\.yaml:\d+  \[错误\].*(语法|YAML)"]))
    return cases


# ---------------------------------------------------------------------------
# Paths and links
# ---------------------------------------------------------------------------

def _dangling(name: str):
    def m(firm: Path) -> None:
        (firm / name).unlink(missing_ok=True)
        os.symlink(firm.parent / "nowhere" / name, firm / name)
    return m


def _folder(name: str):
    def m(firm: Path) -> None:
        (firm / name).unlink(missing_ok=True)
        (firm / name).mkdir()
        (firm / name / "inner.csv").write_text("x\n")
    return m


def _fifo(name: str):
    def m(firm: Path) -> None:
        (firm / name).unlink(missing_ok=True)
        os.mkfifo(firm / name)
    return m


def _link_to_copy(name: str):
    def m(firm: Path) -> None:
        real = firm.parent / ("real-" + name)
        real.write_bytes((firm / name).read_bytes())
        (firm / name).unlink()
        os.symlink(real, firm / name)
    return m


def _paths() -> list[Case]:
    cases: list[Case] = []
    for name, example in (("workers.csv", "stone"), ("exams.csv", "stone"), ("posts.csv", "stone"),
                          ("records.xlsx", "furniture")):
        loc = re.escape(name)
        cases += _each("paths", f"{name}-dangling-link", _dangling(name), loc, example=example)
        cases += _each("paths", f"{name}-folder", _folder(name), loc, (V, A, D, R), example=example)
        cases += _each("paths", f"{name}-fifo", _fifo(name), loc, (V, A, D), example=example)
        cases.append(Case("paths", f"{name}-link-to-file", _link_to_copy(name), V, exit={0, 1}, example=example,
                          absent=[loc + r"  \[错误\]"]))
    def loop(firm: Path) -> None:
        (firm / "workers.csv").unlink()
        os.symlink(firm / "workers.csv", firm / "workers.csv")
    cases += _each("paths", "workers.csv-link-loop", loop, r"workers\.csv", (V, A, D))
    for kind, m in (("dangling", _dangling("answers.yaml")), ("folder", _folder("answers.yaml")),
                    ("fifo", _fifo("answers.yaml"))):
        cases += _each("paths", f"answers-{kind}", m, r"answers\.yaml", (V, A, D), example="office")
    # init: a new folder where something odd already is (the output folder stands in for the target)
    def in_out(kind: str):
        def m(firm: Path) -> None:
            out = firm.parent / "out"
            out.mkdir(exist_ok=True)
            t = out / "new"
            if kind == "fifo":
                os.mkfifo(t)
            elif kind == "dangling":
                os.symlink(firm.parent / "nowhere", t)
            elif kind == "file":
                t.write_text("x")
            elif kind == "nonempty":
                t.mkdir()
                (t / "a.txt").write_text("x")
        return m
    for kind in ("fifo", "dangling", "file", "nonempty"):
        cases.append(Case("paths", f"init-onto-{kind}", in_out(kind), ("init", "{out}/new"), exit=2, located=r"new"))
    cases.append(Case("paths", "init-name-too-long", lambda f: None, ("init", "{out}/" + "名" * 200), exit=2,
                      located=r"名称太长|too long"))
    cases.append(Case("paths", "init-new", lambda f: None, ("init", "{out}/新厂"), exit=0, located=r"新厂"))
    cases.append(Case("paths", "init-sector", lambda f: None, ("init", "{out}/新厂", "--sector", "stone"), exit=0,
                      located=r"石材和建筑材料"))
    for kind in ("nonempty",):  # a sector pack never overwrites either
        cases.append(Case("paths", f"init-sector-onto-{kind}", in_out(kind), ("init", "{out}/new", "--sector", "stone"),
                          exit=2, located=r"new"))
    cases.append(Case("paths", "init-sector-unknown", lambda f: None, ("init", "{out}/新厂", "--sector", "木工"), exit=2,
                      located=r"木工.*\n(.*\n)*\s+furniture"))
    cases.append(Case("paths", "firm-is-file", lambda f: None, ("validate", "{firm}/enterprise.yaml"), exit=2,
                      located=r"enterprise\.yaml"))
    cases.append(Case("paths", "firm-missing", lambda f: None, ("validate", "{firm}/nope"), exit=2,
                      located=r"nope"))
    cases.append(Case("paths", "enterprise-dangling", _dangling("enterprise.yaml"), V, exit=2,
                      located=r"enterprise\.yaml"))
    cases.append(Case("paths", "out-inside-records", lambda f: None, ("report", "{firm}", "-O", "{firm}/out"),
                      exit=2, located=r"out"))
    cases.append(Case("paths", "ics-inside-records", lambda f: None, ("due", "{firm}", "--ics", "{firm}/x.ics"),
                      exit=2, located=r"x\.ics"))
    return cases


# ---------------------------------------------------------------------------
# Extreme values (enterprise.yaml and table cells)
# ---------------------------------------------------------------------------

BAD_YAML_VALUES = {
    "nan": ".nan", "inf": ".inf", "neg-inf": "-.inf", "digits-5000": "9" * 5000, "feb-30": "2026-02-30",
    "month-13": "2026-13-01", "year-0": "0000-01-01", "tz-datetime": "2026-01-01T10:00:00+08:00",
    "bad-int-tag": "!!int abc", "bad-bool-tag": "!!bool maybe", "bad-float-tag": "!!float xyz",
    "bad-timestamp-tag": "!!timestamp nope", "1e400": "1e400", "nested": "[[[[[[1]]]]]]", "mapping": "{a: 1}",
    "year-9999": "9999-12-31", "negative": "-5",
}


def _insurance_as_of(value: str):
    def m(firm: Path) -> None:
        p = firm / "enterprise.yaml"
        text = re.sub(r"(?m)^  as_of:.*$", "  as_of: " + value, read_text(p))
        p.write_bytes(text.encode("utf-8"))
    return m


BAD_CELLS = {
    "feb-30": "2026-02-30", "month-13": "2026/13/1", "year-0": "0000-01-01", "nan": "NaN", "inf": "inf",
    "1e400": "1e400", "digits-5000": "9" * 5000, "serial-huge": "99999999999", "negative-date": "-1",
    "tz-datetime": "2026-01-01T10:00:00+08:00", "long-text": "长" * 5000,
}


def _values() -> list[Case]:
    cases: list[Case] = []
    for name, v in BAD_YAML_VALUES.items():
        cases.append(Case("values", f"headcount-{name}", yaml_set("headcount", v), V, exit=1,
                          located=r"enterprise\.yaml:\d+:headcount"))
        cases.append(Case("values", f"insurance-as-of-{name}", _insurance_as_of(v), V, exit=1,
                          located=r"enterprise\.yaml:\d+:insurance\.as_of"))
    for name in ("nan", "digits-5000", "feb-30", "bad-int-tag", "tz-datetime", "nested"):
        cases.append(Case("values", f"headcount-{name}-assess", yaml_set("headcount", BAD_YAML_VALUES[name]), A,
                          exit=1))
    # table cells: hire date (workers C? F), exam date, measured value
    for name, v in BAD_CELLS.items():
        cases.append(Case("values", f"workers-hire-date-{name}", edit_cell("workers.csv", 3, 5, v), V, exit=1,
                          located=r"workers\.csv:3:F"))
        cases.append(Case("values", f"posts-exposed-{name}", edit_cell("posts.csv", 2, 4, v), V,
                          exit={0, 1} if name == "serial-huge" else 1,  # 99999999999 people: a number
                          located=None if name == "serial-huge" else r"posts\.csv:2:E"))
        cases.append(Case("values", f"exams-date-{name}", edit_cell("exams.csv", 2, 1, v), V, exit=1,
                          located=r"exams\.csv:2:B"))
    for name in ("feb-30", "digits-5000", "long-text"):
        cases.append(Case("values", f"workers-hire-date-{name}-due", edit_cell("workers.csv", 3, 5, BAD_CELLS[name]),
                          D, exit={0, 1}))
    # a name 1 MB long: a located problem, not a minute of work
    cases.append(Case("values", "worker-name-1mb", edit_cell("workers.csv", 2, 1, "名" * (1 << 20)), V, exit=1,
                      located=r"workers\.csv:2:B", timeout=30))
    cases.append(Case("values", "worker-name-1mb-report", edit_cell("workers.csv", 2, 1, "名" * (1 << 20)),
                      ("report", "{firm}", "-O", "{out}", "--partial"), exit={1}, timeout=60))
    return cases


# ---------------------------------------------------------------------------
# Semantic: no false all-clear
# ---------------------------------------------------------------------------

def _only_enterprise(firm: Path) -> None:
    for p in list(firm.iterdir()):
        if p.name != "enterprise.yaml":
            p.unlink()


def _semantic() -> list[Case]:
    cases: list[Case] = []
    need = r"enterprise\.yaml:hazard_class.*(缺少这些表|tables are missing)"
    cases.append(Case("semantic", "only-enterprise-validate", _only_enterprise, V, exit=0, located=need))
    cases.append(Case("semantic", "only-enterprise-due", _only_enterprise, D, exit=1, located=r"无法知道"))
    cases.append(Case("semantic", "only-enterprise-assess", _only_enterprise, A, exit=1, located=r"无法知道"))
    cases.append(Case("semantic", "only-enterprise-due-en", _only_enterprise, D, exit=1, lang="en",
                      located=r"Cannot be known"))
    for t in ("exams.csv", "training.csv", "monitoring.csv", "workers.csv", "posts.csv", "declarations.csv",
              "ppe.csv", "documents.csv"):
        cases.append(Case("semantic", f"no-{t}-validate", remove(t), V, exit={0, 1}, located=need))
        cases.append(Case("semantic", f"no-{t}-due", remove(t), D, exit=1, located=r"无法知道"))
    # the office (hazard class none, no posts) is not asked for tables it does not need
    cases.append(Case("semantic", "office-no-false-warning", lambda f: None, V, exit={0, 1}, example="office",
                      absent=[need]))
    # posts with hazards but no hazard class in the profile
    cases.append(Case("semantic", "posts-only", chain(remove("workers.csv", "exams.csv", "training.csv"),
                                                      yaml_set("hazard_class", "")), V, exit={0, 1}, located=need))
    ids = make_id("44530219700312087")
    cases.append(Case("semantic", "id-in-name", edit_cell("workers.csv", 2, 1, ids), V, exit={0, 1}))
    cases.append(Case("semantic", "duplicate-worker", edit_cell("workers.csv", 3, 0, "XL01"), V, exit=1,
                      located=r"workers\.csv:3:A"))
    return cases


# ---------------------------------------------------------------------------
# Command line: extreme --as-of and --within (usage errors, exit 2)
# ---------------------------------------------------------------------------

def _cli() -> list[Case]:
    cases: list[Case] = []
    for date in ("0001-01-01", "1900-01-01", "9999-12-31", "1989-12-31", "2101-01-01"):
        for argv in (V, A, D, R, C):
            cases.append(Case("cli", f"as-of-{date}-{argv[0]}", lambda f: None, (*argv, "--as-of", date), exit=2,
                              located=re.escape(date), as_of=None, check=_nothing_written))
    for date in ("1990-01-01", "2100-12-31"):
        cases.append(Case("cli", f"as-of-{date}-due", lambda f: None, (*D, "--as-of", date), exit={0, 1},
                          as_of=None))
    for date in ("1990-01-01", "2100-12-31"):
        cases.append(Case("cli", f"as-of-{date}-report", lambda f: None, (*R, "--as-of", date), exit={0, 1},
                          as_of=None))
    # English: the same refusals, located, in English
    bad_workers = write("workers.csv", b"\x00\x01binary")
    for argv in (V, A, D, R, C):
        cases.append(Case("cli", f"en-unreadable-{argv[0]}", bad_workers, argv, exit=EXIT[argv[0]], lang="en",
                          located=r"workers\.csv  .*(not a text CSV|could not be read)|workers\.csv  This is not"))
    for argv in (V, D):
        cases.append(Case("cli", f"en-as-of-9999-{argv[0]}", lambda f: None, (*argv, "--as-of", "9999-12-31"),
                          exit=2, as_of=None, lang="en", located=r"outside the dates ohkit can assess",
                          subprocess=True))  # usage errors speak the language of the command line
    for w in ("999999999999d", "3661d", "523w", "123m", "99999999999999999999d", "-5d", "abc", "1.5d"):
        cases.append(Case("cli", f"within-{w}", lambda f: None, (*D, "--within", w), exit=2,
                          located=r"--within|within"))
    for w in ("3660d", "120m", "0d"):
        cases.append(Case("cli", f"within-ok-{w}", lambda f: None, (*D, "--within", w), exit={0, 1}))
    for bad in ("2026-02-30", "yesterday", "2026-13-01"):
        cases.append(Case("cli", f"as-of-bad-{bad}", lambda f: None, (*V, "--as-of", bad), exit=2, as_of=None,
                          located=re.escape(bad)))
    return cases


# ---------------------------------------------------------------------------
# answers.yaml: any YAML style and encoding, saved or refused, never lost
# ---------------------------------------------------------------------------

ANSWER_STYLES = {
    "block": "# 备注\nOTHER-1: {answer: true, date: 2026-01-01}  # keep me\n",
    "doc-markers": "---\nOTHER-1: {answer: true, date: 2026-01-01}\n...\n",
    "flow-top": "{OTHER-1: {answer: true, date: 2026-01-01}}\n",
    "json": '{"OTHER-1": {"answer": true, "date": "2026-01-01"}}\n',
    "block-scalar": "OTHER-1:\n  answer: true\n  date: 2026-01-01\n  note: |\n    多行\n    备注\n",
    "nested-block": "OTHER-1:\n  answer: true\n  date: 2026-01-01\n",
    "crlf": "OTHER-1: {answer: true, date: 2026-01-01}\r\nOTHER-2: {answer: false, date: 2026-01-02}\r\n",
    "empty": "",
    "comments-only": "# 只有注释\n",
    "anchors": "base: &b {answer: true, date: 2026-01-01}\nOTHER-1: *b\n",
    "quoted-keys": "'OTHER-1': {answer: true, date: 2026-01-01}\n\"OTHER-2\": {answer: false, date: 2026-01-01}\n",
    "no-final-newline": "OTHER-1: {answer: true, date: 2026-01-01}",
}
ANSWER_ENCODINGS = {"utf-8": ("utf-8", b""), "utf-8-bom": ("utf-8", b"\xef\xbb\xbf"), "gbk": ("gbk", b""),
                    "gb18030": ("gb18030", b""), "utf-16le": ("utf-16-le", b"\xff\xfe"),
                    "utf-16be": ("utf-16-be", b"\xfe\xff")}


def _answers_firm(text: str, encoding: str = "utf-8", bom: bytes = b""):
    def m(firm: Path) -> None:
        (firm / "answers.yaml").unlink(missing_ok=True)
        # a firm with questions to ask: the profile facts are not given
        p = firm / "enterprise.yaml"
        t = re.sub(r"(?m)^(hazard_class|uses_high_toxic|radiation|acute_risk):.*\n", "", read_text(p))
        p.write_bytes(t.encode("utf-8"))
        (firm / "answers.yaml").write_bytes(bom + text.encode(encoding))
    return m


REFUSED_STYLES = {"flow-top", "json"}  # a mapping in braces at the top: cannot be extended line by line


def _answers_kept(old_text: str, encoding: str, bom: bytes, refused: bool = False):
    def check(r) -> None:
        p = r.firm / "answers.yaml"
        raw = p.read_bytes()
        original = bom + old_text.encode(encoding)
        if refused:  # untouched, no backup, and the answers are printed to add by hand
            assert raw == original and not (r.firm / "answers.yaml.bak").exists()
            assert re.search(r"answers\.yaml.*(保持原样|left as it is)", r.output), r.output
            assert re.search(r"\{answer: ", r.output), r.output
            return
        assert raw != original, f"answers not saved\n{r.output[-1500:]}"
        assert raw.startswith(bom), "encoding (BOM) changed"
        text = raw[len(bom):].decode(encoding)
        old = yaml.safe_load(old_text) or {}
        new = yaml.safe_load(text)
        for k, v in old.items():
            assert new.get(k) == v, f"{k} lost or changed: {new.get(k)!r} != {v!r}"
        assert len(new) > len(old), "no answer saved"
        assert (r.firm / "answers.yaml.bak").read_bytes() == original
        if "\r\n" in old_text:
            assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
        assert re.search(r"answers\.yaml\.bak", r.output), "the backup is not named"
    return check


def _answers() -> list[Case]:
    cases: list[Case] = []
    ask = ("assess", "{firm}", "--ask")
    for style, text in ANSWER_STYLES.items():
        cases.append(Case("answers", f"style-{style}", _answers_firm(text), ask, exit={0, 1}, example="office",
                          input="2\n" + "y\n" * 40, may_write=("answers.yaml", "answers.yaml.bak"),
                          check=_answers_kept(text, "utf-8", b"", style in REFUSED_STYLES)))
        cases.append(Case("answers", f"style-{style}-read", _answers_firm(text), A, exit={0, 1}, example="office",
                          absent=[r"answers\.yaml:\d*:?\S*  \[错误\]"]))
    for enc_name, (enc, bom) in ANSWER_ENCODINGS.items():
        text = "# 回答\nOTHER-1: {answer: true, date: 2026-01-01}\n"
        cases.append(Case("answers", f"encoding-{enc_name}", _answers_firm(text, enc, bom), ask, exit={0, 1},
                          example="office", input="2\n" + "y\n" * 40,
                          may_write=("answers.yaml", "answers.yaml.bak"), check=_answers_kept(text, enc, bom)))
        cases.append(Case("answers", f"encoding-{enc_name}-read", _answers_firm(text, enc, bom), A, exit={0, 1},
                          example="office", absent=[r"answers\.yaml  \[错误\]"]))
    for name, text in (("broken-syntax", "OTHER-1: {answer: true\n"), ("top-list", "- a\n- b\n"),
                       ("binary", "\x00\x01"), ("deep", "x: " + "[" * 100 + "]" * 100 + "\n")):
        cases.append(Case("answers", f"unreadable-{name}-ask", _answers_firm(text), ask, exit={0, 1},
                          example="office", input="2\n" + "y\n" * 40, may_write=(),
                          located=r"answers\.yaml"))
    return cases


# ---------------------------------------------------------------------------
# --partial: outputs marked incomplete
# ---------------------------------------------------------------------------

def _partial() -> list[Case]:
    def incomplete_everywhere(r) -> None:
        import shutil
        import subprocess

        for p in r.files_written:
            if p.suffix == ".pdf" and shutil.which("pdftotext"):
                pages = subprocess.run(["pdftotext", str(p), "-"], capture_output=True, timeout=60).stdout.decode()
                pages = [pg for pg in pages.split("\f") if pg.strip()]
                assert pages and all("不完整" in pg for pg in pages), f"{p.name}: a page without 不完整"
        html = [p for p in r.files_written if p.suffix == ".html"]
        for p in html:
            assert "不完整" in p.read_text(encoding="utf-8") and "workers.csv" in p.read_text(encoding="utf-8")
        for p in r.files_written:
            if p.suffix == ".csv":
                assert p.read_text(encoding="utf-8-sig").splitlines()[0].startswith("不完整")
            if p.suffix == ".xlsx":
                import zipfile as zf

                with zf.ZipFile(p) as z:
                    assert any("不完整" in z.read(n).decode("utf-8", "replace") for n in z.namelist())
        ics = [p for p in r.files_written if p.suffix == ".ics"]
        for p in ics:
            t = p.read_text(encoding="utf-8")
            assert t.count("不完整") >= t.count("BEGIN:VEVENT")
        assert r.files_written or "ohkit due" in r.case.argv[0] or r.case.argv[0] == "due"
    bad = write("workers.csv", b'\xe5\xb7\xa5\xe5\x8f\xb7,"abc\n\x00')
    return [
        Case("partial", "report", bad, ("report", "{firm}", "-O", "{out}", "--partial"), exit=1,
             located=r"workers\.csv", check=incomplete_everywhere),
        Case("partial", "card", bad, ("card", "{firm}", "-O", "{out}", "--partial"), exit={0, 1},
             located=r"workers\.csv", check=incomplete_everywhere),
        Case("partial", "due-ics", bad, ("due", "{firm}", "--partial", "--ics", "{out}/due.ics"), exit=1,
             located=r"不完整", check=incomplete_everywhere),
        Case("partial", "validate-json", bad, ("validate", "{firm}", "-o", "json"), exit=1,
             located=r'"complete": false'),
        Case("partial", "assess-json", bad, ("assess", "{firm}", "-o", "json"), exit=1,
             located=r'"complete": false'),
        Case("partial", "due-json", bad, ("due", "{firm}", "--partial", "-o", "json"), exit=1,
             located=r'"complete": false'),
        Case("partial", "report-en", bad, ("report", "{firm}", "-O", "{out}", "--partial", "--lang", "en"),
             exit=1, located=r"INCOMPLETE"),
    ]


# ---------------------------------------------------------------------------
# Limits: memory (subprocess, RLIMIT_AS 1 GiB) and time
# ---------------------------------------------------------------------------

def _many_workers(n: int):
    def m(firm: Path) -> None:
        lines = ["工号,姓名,身份证号,性别,出生日期,入职日期,岗位编号,上岗日期,离岗日期,合同告知"]
        lines += [f"W{i:06d},工人{i},,男,1980/1/1,2020/1/1,S01,2020/1/1,,是" for i in range(n)]
        (firm / "workers.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return m


def _sparse(name: str, size: int):
    def m(firm: Path) -> None:
        with open(firm / name, "wb") as fh:
            fh.write("工号,姓名\n".encode())
            fh.truncate(size)
    return m


def _limits() -> list[Case]:
    sub = dict(subprocess=True, timeout=120)
    return [
        Case("limits", "workers-100000-validate", _many_workers(100_000), V, exit={0, 1}, **sub),
        Case("limits", "workers-100000-due", _many_workers(100_000), D, exit={0, 1}, **sub),
        Case("limits", "csv-4gb-sparse", _sparse("workers.csv", 4 << 30), V, exit=1, located=r"workers\.csv", **sub),
        Case("limits", "csv-65mb-sparse-due", _sparse("workers.csv", 65 << 20), D, exit=2, located=r"workers\.csv",
             **sub),
        Case("limits", "rows-over-limit", write("workers.csv", "工号,姓名\n" + "X,Y\n" * 200_100), V, exit=1,
             located=r"workers\.csv", **sub),
        Case("limits", "columns-over-limit", write("workers.csv", ",".join(f"c{i}" for i in range(300)) + "\n"),
             V, exit=1, located=r"workers\.csv"),
        Case("limits", "xlsx-dimension-subprocess", _rezip(_dimension(b"A1:XFD1048576")), V, exit=1,
             located=r"records\.xlsx", example="furniture", **sub),
        Case("limits", "xlsx-far-cell-subprocess", _rezip(_far_cell), D, exit=2, located=r"records\.xlsx",
             example="furniture", **sub),
        Case("limits", "xlsx-bomb-subprocess", _rezip(lambda n, d: b"\0" * (300 << 20) if n == "__extra__" else d),
             V, exit=1, located=r"records\.xlsx", example="furniture", **sub),
        Case("limits", "yaml-laughs-subprocess", write("enterprise.yaml", _laughs()), V, exit=1,
             located=r"enterprise\.yaml", **sub),
        Case("limits", "name-1mb-subprocess", edit_cell("workers.csv", 2, 1, "名" * (1 << 20)), D, exit={0, 1},
             **sub),
        Case("limits", "cells-long-many", edit_text("workers.csv", lambda t: t.replace(",男,", "," + "长" * 3000 + ",")),
             V, exit=1, located=r"workers\.csv:\d+:D"),
    ]


def more_families() -> list[Case]:
    return _xlsx() + _yaml() + _paths() + _values() + _semantic() + _cli() + _answers() + _partial() + _limits()
