"""Blank record templates for a new firm folder (``ohkit init`` and the guide's download page).

``write_templates(dest_dir, csv=False, lang="zh")`` writes

* ``enterprise.yaml`` with a comment above every key (meaning and allowed values), and
* either one workbook ``records.xlsx`` (one sheet per table, a frozen header row, dropdowns
  for every enumeration and 是/否 column, date and text formats, an instructions sheet) or,
  with ``csv=True``, one UTF-8-with-BOM CSV per table plus an instructions text file.

Everything is derived from the schemas through :mod:`ohkit.records.schema` (sheet names,
headers, enumeration labels, descriptions): there is no second list of headers here.
The output depends only on the arguments (fixed timestamps), so the guide can rebuild the
same files byte for byte. Nothing that exists is ever overwritten.
"""
from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

from ohkit.i18n import N_, normalise_lang, translator

if TYPE_CHECKING:
    from ohkit.catalogue.sectors import Sector

WORKBOOK = "records.xlsx"
ENTERPRISE = "enterprise.yaml"
# Fixed timestamp written into the workbook so that the output is reproducible.
_FIXED_TIME = (2026, 1, 1, 0, 0, 0)

# Kinds whose cells hold dates (date format and a date check).
_DATE_KINDS = ("date", "date_or_bool")

# Free text the instructions add to the schema descriptions.
_TITLE = N_("How to fill in these records")
_GENERAL_XLSX = (
    N_("Each sheet is one kind of record; each row under the header is one record. Do not rename the sheets or change the header texts: ohkit finds the columns by them."),
    N_("Orange headers are required columns; the other columns may stay empty when you have nothing to write."),
    N_("Dates: type them like 2024-03-05 (2024/3/5 and 2024年3月5日 are also understood)."),
    N_("Yes/no columns and columns with fixed choices have a dropdown list: pick a value from it."),
    N_("ID numbers: the column is formatted as text so that Excel keeps all 18 characters. Reports only show them masked."),
    N_("A sheet you have no records for may stay empty. When you are done, run: ohkit validate <this folder>"),
)
_GENERAL_CSV = (
    N_("Each CSV file is one table; keep the first line (the headers) as it is. Save as \"CSV UTF-8\" in Excel; GBK files are accepted too."),
    N_("Required columns are marked \"required\" below; the other columns may stay empty when you have nothing to write."),
    N_("Dates: type them like 2024-03-05 (2024/3/5 and 2024年3月5日 are also understood)."),
    N_("Yes/no columns: write yes or no (是/否 work too). Columns with fixed choices: write one of the values listed below."),
    N_("ID numbers: Excel turns long numbers into 1.1E+17 and loses digits. Set the column to Text before typing, or use the records.xlsx template (ohkit init without --csv)."),
    N_("A table you have no records for may stay empty (headers only). When you are done, run: ohkit validate <this folder>"),
)


def _T(lang: str):  # noqa: N802 - short alias for translator().gettext
    return translator(lang).gettext


def template_files(csv: bool = False, lang: str = "zh") -> list[str]:
    """The file names ``write_templates`` writes (relative to the folder)."""
    from ohkit.records.schema import table_specs

    lang = normalise_lang(lang)
    names = [ENTERPRISE]
    if csv:
        names += [f"{_table_name(t, lang)}.csv" for t in table_specs()]
        names.append(readme_name(lang))
    else:
        names.append(WORKBOOK)
    return names


def write_templates(dest_dir: str | Path, csv: bool = False, lang: str = "zh",
                    sector: "str | Sector | None" = None) -> list[Path]:
    """Write blank templates into ``dest_dir`` (created if missing); return the paths written.

    ``sector`` (an id of checklists/sectors.yaml or a ``Sector``) prefills the posts table with the
    sector's typical posts, workplaces, hazards and PPE, and enterprise.yaml's ``industry``; the
    instructions say they are typical entries to check (``KeyError`` for an unknown id).
    Raises ``FileExistsError`` (``.filename`` = the first clash, ``args[1]`` = all clashes)
    before writing anything if any of the files already exists.
    """
    lang = normalise_lang(lang)
    pack = _sector(sector)
    dest = Path(dest_dir)
    files: dict[str, bytes] = {
        ENTERPRISE: enterprise_yaml(lang, name=dest.resolve().name or None, sector=pack).encode("utf-8")}
    if csv:
        files.update(csv_templates(lang, sector=pack))
    else:
        files[WORKBOOK] = workbook_bytes(lang, sector=pack)
    clashes = [n for n in files if (dest / n).exists()]
    if clashes:
        raise FileExistsError(17, ", ".join(clashes), str(dest / clashes[0]))
    dest.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for name, data in files.items():
        path = dest / name
        with path.open("xb") as fh:  # exclusive: never replaces a file that appeared meanwhile
            fh.write(data)
        written.append(path)
    return written


# ---------------------------------------------------------------------------
# Texts derived from the schema
# ---------------------------------------------------------------------------


def _table_name(spec: Any, lang: str) -> str:
    return spec.sheet_zh if lang == "zh" else spec.name


def _header(f: Any, lang: str) -> str:
    return f.header_zh if lang == "zh" else f.header_en


def _desc(obj: Any, lang: str) -> str:
    return (obj.description_zh if lang == "zh" else obj.description_en) or ""


def _choices(f: Any, lang: str) -> list[str]:
    """The dropdown values of a column ([] when it has none)."""
    if f.kind == "enum":
        return [f.label(k, lang) for k in f.enum_labels]
    if f.kind in ("bool", "date_or_bool"):
        return ["是", "否"] if lang == "zh" else ["yes", "no"]
    return []


def document_kinds() -> list[str]:
    """The 文件台账 kinds the obligation checks look for (the documents.kind dropdown).

    Kinds are matched in Chinese, so the list is the same in both languages."""
    from ohkit.catalogue import load_catalogue

    kinds: list[str] = []
    for kind, _ids in load_catalogue().document_kinds():
        for k in kind.split("|"):
            if k not in kinds:
                kinds.append(k)
    return kinds


def hazard_names(lang: str = "zh") -> list[str]:
    """Hazard names from the catalogue's hazard list (the posts/monitoring dropdown)."""
    from ohkit.catalogue import load_hazards

    names: list[str] = []
    for h in load_hazards():
        n = h.zh if lang == "zh" else h.en
        if n and n not in names:
            names.append(n)
    return names


def _format_hint(f: Any, lang: str) -> str:
    _ = _T(lang)
    sep = "/" if lang == "zh" else " / "
    if f.hazard and f.kind == "text":
        return _("Pick from the list of hazard factors (or type the name)")
    if f.hazard and f.kind == "list":
        return _("Hazard factor names, separated by 、")
    if f.kind == "enum":
        return _("Pick one: {values}").format(values=sep.join(_choices(f, lang)))
    if f.kind == "bool":
        return _("Pick one: {values}").format(values=sep.join(_choices(f, lang)))
    if f.kind == "date_or_bool":
        return _("A date, or {values}").format(values=sep.join(_choices(f, lang)))
    if f.kind == "date":
        return _("Date, e.g. 2024-03-05")
    if f.kind == "int":
        return _("Whole number")
    if f.kind == "number":
        return _("Number")
    if f.kind == "list":
        return _("One or more, separated by 、")
    if f.kind == "id_number":
        return _("18-character ID number (text)")
    if f.kind == "credit_code":
        return _("18-character unified social credit code")
    return _("Text")


def _required_text(f: Any, lang: str) -> str:
    _ = _T(lang)
    return _("required") if f.required else _("optional")


# ---------------------------------------------------------------------------
# enterprise.yaml
# ---------------------------------------------------------------------------


def _yaml_comment(text: str, indent: str) -> list[str]:
    return [f"{indent}# {line}".rstrip() for line in text.splitlines() if line.strip()] or []


def _yaml_scalar(value: str) -> str:
    """A YAML scalar for a user-supplied string (quoted when YAML would read it otherwise)."""
    import json

    plain_ok = value and value.strip() == value and not any(c in value for c in ":#{}[],&*!|>'\"%@`") \
        and value.lower() not in ("yes", "no", "true", "false", "null", "on", "off", "~") \
        and not value[0].isdigit() and not value.startswith("-")
    return value if plain_ok else json.dumps(value, ensure_ascii=False)


def enterprise_yaml(lang: str = "zh", name: str | None = None, sector: "str | Sector | None" = None) -> str:
    """The commented enterprise.yaml template. ``name`` pre-fills the firm name, ``sector`` the industry."""
    from ohkit.records.schema import enterprise_spec

    lang = normalise_lang(lang)
    _ = _T(lang)
    spec = enterprise_spec()
    out: list[str] = []
    for line in (
        _("enterprise.yaml: the employer's profile, read by ohkit."),
        _("Write each value after the colon. Leave a value empty when you do not know it; do not delete the keys."),
        _("Lines starting with # are comments for you; ohkit ignores them. Save the file as UTF-8."),
        _("When you are done, run: ohkit validate <this folder>"),
    ):
        out.append(f"# {line}")
    out.append("")
    pack = _sector(sector)
    for f in spec.fields:
        out.extend(_yaml_field(f, lang, "", name, pack))
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _yaml_field(f: Any, lang: str, indent: str, firm_name: str | None, pack: "Sector | None" = None) -> list[str]:
    _ = _T(lang)
    lines: list[str] = []
    desc = _desc(f, lang)
    req = "" if (not f.required or _required_text(f, lang) in desc) else _required_text(f, lang)
    if lang == "zh":
        head = f"{_header(f, lang)}（{req}）" if req else _header(f, lang)
        lines += _yaml_comment(f"{head}：{desc}", indent)
    else:
        head = f"{_header(f, lang)} ({req})" if req else _header(f, lang)
        lines += _yaml_comment(f"{head}: {desc}", indent)
    if f.kind == "enum":
        sep = " / "
        lines += _yaml_comment(_("Allowed values: {values}").format(values=sep.join(_choices(f, lang))), indent)
    elif f.kind == "bool":
        lines += _yaml_comment(_("Write true (yes) or false (no)."), indent)
    elif f.kind == "date":
        lines += _yaml_comment(_("Date, e.g. 2024-03-05"), indent)
    if f.kind == "object" and f.children:
        lines.append(f"{indent}{f.key}:")
        for c in f.children:
            lines += _yaml_field(c, lang, indent + "  ", None)
        return lines
    if f.kind == "object":  # free mapping, e.g. exam_intervals
        lines += _yaml_comment(_("One line per hazard under it, indented by two spaces, for example:"), indent)
        lines.append(f"{indent}{f.key}:")
        lines.append(f"{indent}#  {'噪声' if lang == 'zh' else 'noise'}: 24")
        return lines
    value = ""
    if f.key == "name" and not indent and firm_name:
        lines += _yaml_comment(_("Pre-filled with the folder name: replace it with the full registered name."), indent)
        value = _yaml_scalar(firm_name)
    if f.key == "industry" and not indent and pack is not None:
        lines += _yaml_comment(_("Pre-filled from the starter pack \"{sector}\": the typical industry of this sector. "
                                 "Replace it with the code on your statistics registration when it differs.").format(
            sector=pack.name.pick(lang)), indent)
        value = _yaml_scalar(pack.industry)
    lines.append(f"{indent}{f.key}: {value}".rstrip())
    return lines


# ---------------------------------------------------------------------------
# CSV templates
# ---------------------------------------------------------------------------


def readme_name(lang: str = "zh") -> str:
    """Name of the instructions file written with the CSV templates."""
    lang = normalise_lang(lang)
    return "填写说明.txt" if lang == "zh" else "README.txt"


def csv_templates(lang: str = "zh", sector: "str | Sector | None" = None) -> dict[str, bytes]:
    """File name -> bytes: one CSV per table (UTF-8 with BOM; headers only, or with a sector pack's
    typical rows in the posts table) and the instructions."""
    import csv as _csv

    from ohkit.records.schema import table_specs

    lang = normalise_lang(lang)
    pack = _sector(sector)
    out: dict[str, bytes] = {}
    for t in table_specs():
        buf = io.StringIO()
        w = _csv.writer(buf, lineterminator="\r\n")
        w.writerow([_header(f, lang) for f in t.fields])
        if pack is not None and t.name == "posts":
            for row in sector_rows(pack, lang):
                w.writerow([row.get(f.key, "") for f in t.fields])
        out[f"{_table_name(t, lang)}.csv"] = ("\ufeff" + buf.getvalue()).encode("utf-8")
    out[readme_name(lang)] = ("\ufeff" + "\r\n".join(_instruction_lines(lang, csv=True, pack=pack)) + "\r\n").encode("utf-8")
    return out


def _instruction_lines(lang: str, csv: bool, pack: "Sector | None" = None) -> list[str]:
    from ohkit.records.schema import table_specs

    _ = _T(lang)
    lines = [_(_TITLE), ""]
    if pack is not None:
        lines += sector_lines(pack, lang, csv=csv) + [""]
    lines += [f"- {_(g)}" for g in (_GENERAL_CSV if csv else _GENERAL_XLSX)]
    for t in table_specs():
        name = f"{_table_name(t, lang)}.csv" if csv else _table_name(t, lang)
        lines += ["", f"[{name}] {_desc(t, lang)}"]
        for f in t.fields:
            lines.append(f"  {_header(f, lang)} ({_required_text(f, lang)}; {_format_hint(f, lang)}): {_desc(f, lang)}"
                         if lang == "en" else
                         f"  {_header(f, lang)}（{_required_text(f, lang)}；{_format_hint(f, lang)}）：{_desc(f, lang)}")
    return lines


# ---------------------------------------------------------------------------
# records.xlsx
# ---------------------------------------------------------------------------


def _text_width(s: str) -> int:
    """Display width in Excel character units (CJK characters count double)."""
    return sum(2 if ord(c) > 0x2E80 else 1 for c in s)


def _column_width(f: Any, lang: str) -> float:
    header = _text_width(_header(f, lang)) + 3  # room for the dropdown arrow
    by_kind = {"date": 12, "date_or_bool": 12, "bool": 8, "enum": 10, "int": 9, "number": 9,
               "id_number": 21, "credit_code": 21, "list": 18}
    base = by_kind.get(f.kind, 16)
    if f.kind == "enum":
        base = max([base] + [_text_width(c) + 4 for c in _choices(f, lang)])
    if f.key in ("title", "name", "institution", "agency", "provider", "controls", "ppe", "note",
                 "reason", "topic", "workplace", "item"):
        base = max(base, 24 if f.key not in ("name",) else 10)
    return float(min(max(header, base), 40))


def workbook_bytes(lang: str = "zh", sector: "str | Sector | None" = None) -> bytes:
    """The records.xlsx template as bytes (reproducible); ``sector`` prefills the posts sheet."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from ohkit.records.schema import table_specs

    lang = normalise_lang(lang)
    pack = _sector(sector)
    _ = _T(lang)
    wb = Workbook()
    info = wb.active
    info.title = _("Instructions")
    thin = Side(style="thin", color="A6A6A6")
    head_font = Font(bold=True)
    fill_opt = PatternFill("solid", fgColor="DDEBF7")
    fill_req = PatternFill("solid", fgColor="F8CBAD")
    wrap = Alignment(wrap_text=True, vertical="top")
    last_row = 1048576

    for t in table_specs():
        ws = wb.create_sheet(_table_name(t, lang))
        ws.freeze_panes = "A2"
        ws.sheet_properties.tabColor = "4472C4"
        for i, f in enumerate(t.fields, start=1):
            col = get_column_letter(i)
            cell = ws.cell(row=1, column=i, value=_header(f, lang))
            cell.font = head_font
            cell.fill = fill_req if f.required else fill_opt
            cell.alignment = Alignment(horizontal="center", vertical="center")
            cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)
            note = f"{_desc(f, lang)}\n{_format_hint(f, lang)}"
            cell.comment = Comment(note, "ohkit", width=260, height=110)
            dim = ws.column_dimensions[col]
            dim.width = _column_width(f, lang)
            rng = f"{col}2:{col}{last_row}"
            choices = _choices(f, lang)
            if f.kind in _DATE_KINDS:
                dim.number_format = "yyyy-mm-dd"
            elif f.kind in ("id_number", "credit_code", "text", "list"):
                dim.number_format = "@"  # text: keeps leading zeros and all 18 digits
            prompt = _format_hint(f, lang)
            if f.kind in ("enum", "bool"):
                dv = DataValidation(type="list", formula1=_list_formula(choices, info, f), allow_blank=True,
                                    showDropDown=False, showErrorMessage=True, errorStyle="stop",
                                    errorTitle=_trim(_header(f, lang), 32),
                                    error=_trim(_("Pick one of: {values}").format(values="/".join(choices)), 255),
                                    promptTitle=_trim(_header(f, lang), 32), prompt=_trim(prompt, 255),
                                    showInputMessage=True)
            elif f.hazard and f.kind == "text":
                # Names from the hazard catalogue; other names (aliases) are accepted after a warning.
                names = hazard_names(lang)
                dv = DataValidation(type="list", formula1=_list_formula(names, info, f, force_range=True),
                                    allow_blank=True, showErrorMessage=True, errorStyle="warning",
                                    errorTitle=_trim(_header(f, lang), 32),
                                    error=_trim(_("This name is not in the hazard list. ohkit accepts common other names; check with ohkit validate."), 255),
                                    promptTitle=_trim(_header(f, lang), 32), prompt=_trim(prompt, 255),
                                    showInputMessage=True)
            elif t.name == "documents" and f.key == "kind":
                # The kinds the checks look for; other kinds (a contract annex, a photo…) are fine too.
                dv = DataValidation(type="list", formula1=_list_formula(document_kinds(), info, f),
                                    allow_blank=True, showErrorMessage=False,
                                    promptTitle=_trim(_header(f, lang), 32),
                                    prompt=_trim(_("Pick a kind ohkit checks for, or type your own."), 255),
                                    showInputMessage=True)
            elif f.kind == "date_or_bool":
                # A dropdown with 是/否 that also takes a typed date (no stop on other values).
                dv = DataValidation(type="list", formula1=_list_formula(choices, info, f), allow_blank=True,
                                    showErrorMessage=False, promptTitle=_trim(_header(f, lang), 32),
                                    prompt=_trim(prompt, 255), showInputMessage=True)
            elif f.kind == "date":
                dv = DataValidation(type="date", operator="greaterThan", formula1="DATE(1900,1,1)",
                                    allow_blank=True, showErrorMessage=True, errorStyle="warning",
                                    errorTitle=_trim(_header(f, lang), 32),
                                    error=_trim(_("Excel does not read this as a date. Type it like 2024-03-05."), 255),
                                    promptTitle=_trim(_header(f, lang), 32), prompt=_trim(prompt, 255),
                                    showInputMessage=True)
            elif f.kind in ("int", "number") and f.minimum is not None:
                dv = DataValidation(type="whole" if f.kind == "int" else "decimal", operator="greaterThanOrEqual",
                                    formula1=_num(f.minimum), allow_blank=True, showErrorMessage=True,
                                    errorStyle="warning", errorTitle=_trim(_header(f, lang), 32),
                                    error=_trim(prompt, 255), promptTitle=_trim(_header(f, lang), 32),
                                    prompt=_trim(prompt, 255), showInputMessage=True)
            else:
                dv = None
            if dv is not None:
                ws.add_data_validation(dv)
                dv.add(rng)
        if pack is not None and t.name == "posts":
            _fill_sector_rows(ws, t, pack, lang)

    _fill_instructions(info, lang, head_font, fill_req, fill_opt, wrap, pack)
    wb.properties.creator = "ohkit"
    buf = io.BytesIO()
    wb.save(buf)
    return _normalise_zip(buf.getvalue())


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def _trim(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


# Values of long dropdown lists are written far right on the instructions sheet.
_LIST_COL = 30


def _list_formula(choices: list[str], info: Any, f: Any, force_range: bool = False) -> str:
    """The list-validation formula: inline when short, else a range on the instructions sheet."""
    inline = '"' + ",".join(choices) + '"'
    if not force_range and len(inline) <= 255 and not any("," in c or '"' in c for c in choices):
        return inline
    from openpyxl.utils import get_column_letter

    cache = info.__dict__.setdefault("_ohkit_lists", {})
    key = tuple(choices)
    if key in cache:
        return cache[key]
    col = _LIST_COL
    while info.cell(row=1, column=col).value is not None:
        col += 1
    for r, c in enumerate(choices, start=1):
        info.cell(row=r, column=col, value=c)
    info.column_dimensions[get_column_letter(col)].hidden = True
    letter = get_column_letter(col)
    sheet = "'" + info.title.replace("'", "''") + "'"
    cache[key] = f"{sheet}!${letter}$1:${letter}${len(choices)}"
    return cache[key]


def _fill_instructions(ws: Any, lang: str, head_font: Any, fill_req: Any, fill_opt: Any, wrap: Any,
                       pack: "Sector | None" = None) -> None:
    from openpyxl.styles import Font, PatternFill

    from ohkit.records.schema import table_specs

    _ = _T(lang)
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 10
    ws.column_dimensions["C"].width = 34
    ws.column_dimensions["D"].width = 70
    r = 1
    ws.cell(row=r, column=1, value=_(_TITLE)).font = Font(bold=True, size=14)
    r += 1
    if pack is not None:  # the starter pack's note first: the prefilled rows are typical, to be checked
        fill = PatternFill("solid", fgColor=_PREFILL_COLOUR)
        for i, line in enumerate(sector_lines(pack, lang, csv=False)):
            c = ws.cell(row=r, column=1, value=line)
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=4)
            c.alignment = wrap
            c.fill = fill
            if i == 0:
                c.font = Font(bold=True, color="9C0006")
            ws.row_dimensions[r].height = 15 * max(1, -(-_text_width(line) // 130))  # merged A:D ≈ 136 units
            r += 1
        r += 1
    for g in _GENERAL_XLSX:
        c = ws.cell(row=r, column=1, value=f"• {_(g)}")
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=4)
        c.alignment = wrap
        ws.row_dimensions[r].height = 30
        r += 1
    for t in table_specs():
        r += 1
        c = ws.cell(row=r, column=1, value=_table_name(t, lang))
        c.font = Font(bold=True, size=12, color="1F4E79")
        d = ws.cell(row=r, column=3, value=_desc(t, lang))
        ws.merge_cells(start_row=r, start_column=3, end_row=r, end_column=4)
        d.alignment = wrap
        r += 1
        for i, h in enumerate((_("Column"), _("Required"), _("How to fill"), _("Meaning")), start=1):
            hc = ws.cell(row=r, column=i, value=h)
            hc.font = head_font
            hc.fill = fill_opt
        r += 1
        for f in t.fields:
            ws.cell(row=r, column=1, value=_header(f, lang)).fill = fill_req if f.required else fill_opt
            ws.cell(row=r, column=2, value=_("yes") if f.required else "")
            ws.cell(row=r, column=3, value=_format_hint(f, lang)).alignment = wrap
            ws.cell(row=r, column=4, value=_desc(f, lang)).alignment = wrap
            r += 1


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite the xlsx zip with fixed timestamps (entries and document properties)."""
    from ohkit.xlsxfix import fixed_times

    return fixed_times(data, _FIXED_TIME)


def iter_template_sheets(lang: str = "zh") -> Iterable[tuple[str, list[str]]]:
    """(sheet name, headers) for each table, as the templates write them."""
    from ohkit.records.schema import table_specs

    lang = normalise_lang(lang)
    for t in table_specs():
        yield _table_name(t, lang), [_header(f, lang) for f in t.fields]


# ---------------------------------------------------------------------------
# Sector starter packs (checklists/sectors.yaml): typical rows, always said to be typical
# ---------------------------------------------------------------------------

_PREFILL_COLOUR = "FFF2CC"  # light yellow: the prefilled rows and their note


def _sector(sector: "str | Sector | None") -> "Sector | None":
    if sector is None or not isinstance(sector, str):
        return sector
    from ohkit.catalogue.sectors import find_sector

    pack = find_sector(sector)
    if pack is None:
        raise KeyError(sector)
    return pack


def _hazard_name(hazard_id: str, lang: str) -> str:
    from ohkit.catalogue import load_hazards

    for h in load_hazards():
        if h.id == hazard_id:
            return h.zh if lang == "zh" else h.en
    raise KeyError(hazard_id)


def sector_rows(sector: "str | Sector", lang: str = "zh") -> list[dict[str, str]]:
    """The posts-table rows a sector pack prefills: one per post and typical hazard,
    keyed by column key (post_id, post, workplace, hazard, ppe)."""
    pack = _sector(sector)
    lang = normalise_lang(lang)
    return [{"post_id": p.id, "post": p.name.pick(lang), "workplace": p.workplace.pick(lang),
             "hazard": _hazard_name(h.hazard, lang), "ppe": p.ppe.pick(lang)}
            for p in pack.posts for h in p.hazards]


def sector_lines(sector: "str | Sector", lang: str = "zh", csv: bool = False) -> list[str]:
    """The note on a prefilled pack (instructions sheet / text file): what was prefilled, that the
    rows are typical and must be checked, each hazard's confidence, what may also apply, what to check."""
    pack = _sector(sector)
    lang = normalise_lang(lang)
    _ = _T(lang)
    sep = "、" if lang == "zh" else ", "
    from ohkit.records.schema import table_specs

    table = next(_table_name(t, lang) for t in table_specs() if t.name == "posts")
    where = (_("the file {file}").format(file=f"{table}.csv") if csv
             else _("the sheet {sheet}, yellow rows").format(sheet=table))
    lines = [
        _("Starter pack \"{sector}\": {n} rows are prefilled ({where}) and the industry in enterprise.yaml.").format(
            sector=pack.name.pick(lang), n=len(sector_rows(pack, lang)), where=where),
        _("These are typical entries for this sector, not your firm's own findings. Check every row against your "
          "own workplace testing report (职业病危害因素检测报告): edit or delete what does not fit, add what is "
          "missing. Until then, the hazards and posts are only assumed."),
        _("Typical posts and hazards (\"not confirmed\" = industry experience, no official list found):"),
    ]
    for p in pack.posts:
        hz = []
        for h in p.hazards:
            mark = _confidence_mark(h.confidence, h.source, h.note, lang)
            hz.append(f"{_hazard_name(h.hazard, lang)}{_paren(mark, lang)}")
        lines.append(f"  {p.id} {p.name.pick(lang)}{_paren(p.workplace.pick(lang), lang)}: {sep.join(hz)}"
                     if lang == "en" else
                     f"  {p.id} {p.name.pick(lang)}{_paren(p.workplace.pick(lang), lang)}：{sep.join(hz)}")
    if pack.conditional:
        lines.append(_("Not prefilled, may also apply (add a row when it does):"))
        for c in pack.conditional:
            names = sep.join(_hazard_name(h, lang) for h in c.hazards)
            names += _paren(_confidence_mark(c.confidence, c.source, c.note, lang), lang)
            lines.append(f"  {sep.join(c.posts)} {names}: {c.when.pick(lang)}" if lang == "en"
                         else f"  {sep.join(c.posts)} {names}：{c.when.pick(lang)}")
    lines.append(_("Still to check yourself:"))
    lines += [f"  - {c.pick(lang)}" for c in pack.check]
    return lines


def _confidence_mark(confidence: str, source: str | None, note: Any, lang: str) -> str:
    """"confirmed: <why>" (the entry's note, else the source's title) or "not confirmed"."""
    _ = _T(lang)
    if confidence != "confirmed":
        return _("not confirmed")
    why = note.pick(lang) if note else ""
    if not why and source:
        from ohkit.catalogue import load_catalogue

        try:
            why = load_catalogue().source(source).title
        except KeyError:
            why = source
    return _("confirmed: {basis}").format(basis=why.rstrip("。."))


def _paren(s: str, lang: str) -> str:
    return f"（{s}）" if lang == "zh" else f" ({s})"


def _fill_sector_rows(ws: Any, spec: Any, pack: "Sector", lang: str) -> None:
    """The pack's typical rows under the posts sheet's header, yellow, each with a note on its first cell."""
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    _ = _T(lang)
    fill = PatternFill("solid", fgColor=_PREFILL_COLOUR)
    note = _("Typical entry from the starter pack \"{sector}\": check it against your testing report, "
             "then edit or delete it.").format(sector=pack.name.pick(lang))
    for r, row in enumerate(sector_rows(pack, lang), start=2):
        for i, f in enumerate(spec.fields, start=1):
            cell = ws.cell(row=r, column=i, value=row.get(f.key) or None)
            cell.fill = fill
        ws.cell(row=r, column=1).comment = Comment(note, "ohkit", width=260, height=80)
