"""Sector starter packs (checklists/sectors.yaml, `ohkit init DIR --sector ID`).

Through the CLI: every pack initialises (xlsx zh, CSV en), validates without errors, and, with two
workers added, assesses with the findings a new exposed workforce must give; the prefilled hazards
resolve; the rows say they are typical; an unknown id exits 2 naming the packs; nothing is overwritten.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from openpyxl import load_workbook

from ohkit.catalogue import find_hazard, load_catalogue
from ohkit.catalogue.industry import suggest_class
from ohkit.catalogue.sectors import find_sector, load_sectors
from ohkit.cli import cli
from ohkit.paths import checklists_dir, schemas_dir
from ohkit.records.templates import sector_rows

AS_OF = "2026-11-27"
SECTORS = [s.id for s in load_sectors()]
# The issue names these four; the pack file may hold more.
NAMED = {"furniture", "metalwork", "printing", "stone"}
# The class the 2021 risk classification catalogue gives each pack's first industry with the pack's
# prefilled hazards (furniture and printing are starred: 一般 without benzene, n-hexane, 1,2-DCE).
EXPECTED_CLASS = {"furniture": "general", "metalwork": "serious", "printing": "general", "stone": "serious",
                  "footwear": "general"}


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


# ---------------------------------------------------------------------------
# The data
# ---------------------------------------------------------------------------


def test_sectors_yaml_validates_against_its_schema():
    from jsonschema import Draft202012Validator

    schema = json.loads((schemas_dir() / "catalogue" / "sectors.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    data = yaml.safe_load((checklists_dir() / "sectors.yaml").read_text(encoding="utf-8"))
    errors = list(Draft202012Validator(schema).iter_errors(data))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:10]]


def test_schema_wants_a_source_and_note_for_a_confirmed_hazard():
    from jsonschema import Draft202012Validator

    schema = json.loads((schemas_dir() / "catalogue" / "sectors.schema.json").read_text(encoding="utf-8"))
    data = yaml.safe_load((checklists_dir() / "sectors.yaml").read_text(encoding="utf-8"))
    data["sectors"][0]["posts"][0]["hazards"][0] = {"hazard": "wood_dust", "confidence": "confirmed"}
    msgs = [e.message for e in Draft202012Validator(schema).iter_errors(data)]
    assert any("'source' is a required property" in m for m in msgs), msgs


def test_the_four_named_sectors_are_there():
    assert NAMED <= set(SECTORS)
    assert len(SECTORS) == len(set(SECTORS))


@pytest.mark.parametrize("sid", SECTORS)
def test_prefilled_hazards_resolve_and_sources_exist(sid):
    cat = load_catalogue()
    sources = {s.key for s in cat.sources}
    s = find_sector(sid)
    post_ids = [p.id for p in s.posts]
    assert len(post_ids) == len(set(post_ids))
    for p in s.posts:
        for h in p.hazards:
            cat.hazard(h.hazard)  # KeyError when the id is not in hazards.yaml
            assert h.source is None or h.source in sources
            assert h.confidence == "unconfirmed" or (h.source and h.note and h.note.zh and h.note.en)
    for c in s.conditional:
        assert set(c.posts) <= set(post_ids)
        for hid in c.hazards:
            cat.hazard(hid)
        assert c.source is None or c.source in sources
    # the names written into the rows are found again by the records layer, in both languages
    for lang in ("zh", "en"):
        for row in sector_rows(s, lang):
            hit = find_hazard(row["hazard"])
            assert hit is not None, row
    assert {find_hazard(r["hazard"]).id for r in sector_rows(s, "en")} == set(s.hazard_ids())


@pytest.mark.parametrize("sid", SECTORS)
def test_industries_are_in_the_risk_catalogue(sid):
    s = find_sector(sid)
    for code, name in s.industries:
        sug = suggest_class(f"{code} {name}", hazard_ids=s.hazard_ids())
        assert sug is not None and sug.cls in ("serious", "general"), (code, name)
        assert code.startswith(sug.code), (code, sug.code)
    if sid in EXPECTED_CLASS:
        assert suggest_class(s.industry, hazard_ids=s.hazard_ids()).cls == EXPECTED_CLASS[sid]


# ---------------------------------------------------------------------------
# ohkit init --sector
# ---------------------------------------------------------------------------


def _posts_xlsx(path: Path):
    wb = load_workbook(path)
    return wb, wb["岗位危害"] if "岗位危害" in wb.sheetnames else wb["posts"]


@pytest.mark.parametrize("sid", SECTORS)
def test_init_sector_xlsx_zh_prefills_marks_and_validates(tmp_path, sid):
    firm = tmp_path / "厂"
    r = run("init", str(firm), "--sector", sid)
    assert r.exit_code == 0, r.output
    s = find_sector(sid)
    rows = sector_rows(s, "zh")
    assert f"{len(rows)} 行典型条目" in r.output and s.industry in r.output
    assert "对照本单位检测报告逐行核对" in r.output
    ent = yaml.safe_load((firm / "enterprise.yaml").read_text(encoding="utf-8"))
    assert ent["industry"] == s.industry
    assert "起步包" in (firm / "enterprise.yaml").read_text(encoding="utf-8")
    wb, ws = _posts_xlsx(firm / "records.xlsx")
    got = [[c.value for c in row[:4]] for row in ws.iter_rows(min_row=2, max_row=ws.max_row)]
    want = [[x["post_id"], x["post"], x["workplace"], x["hazard"]] for x in rows]
    assert got == want
    # every prefilled row is yellow and carries a note on its first cell
    for i in range(2, len(rows) + 2):
        assert ws.cell(row=i, column=1).fill.fgColor.rgb.endswith("FFF2CC")
        assert "典型条目" in ws.cell(row=i, column=1).comment.text
    # the instructions sheet opens with the note: typical, check against the testing report
    info = wb["填写说明"]
    top = [info.cell(row=i, column=1).value or "" for i in range(1, 12)]
    assert any(f"行业起步包“{s.name.zh}”" in t for t in top)
    assert any("不是你单位自己的检测结果" in t for t in top)
    assert any("待核实" in t for t in top)
    # validate: no problem caused by the prefill
    v = run("validate", str(firm), "--as-of", AS_OF, "-o", "json")
    assert v.exit_code == 0, v.output
    d = json.loads(v.output)
    assert d["errors"] == 0 and d["warnings"] == 0, d["problems"]


@pytest.mark.parametrize("sid", SECTORS)
def test_init_sector_csv_en_prefills_and_validates(tmp_path, sid):
    firm = tmp_path / "firm"
    r = run("init", str(firm), "--sector", sid, "--csv", "--lang", "en")
    assert r.exit_code == 0, r.output
    assert "typical for the sector, not your firm's findings" in r.output
    s = find_sector(sid)
    with (firm / "posts.csv").open(encoding="utf-8-sig", newline="") as fh:
        got = list(csv.DictReader(fh))
    assert [(g["post_id"], g["hazard"], g["ppe"]) for g in got] == \
        [(x["post_id"], x["hazard"], x["ppe"]) for x in sector_rows(s, "en")]
    readme = (firm / "README.txt").read_text(encoding="utf-8-sig")
    assert f'Starter pack "{s.name.en}"' in readme and "not your firm's own findings" in readme
    for c in s.check:
        assert c.en in readme
    v = run("validate", str(firm), "--as-of", AS_OF, "-o", "json", "--lang", "en")
    assert v.exit_code == 0, v.output
    assert json.loads(v.output)["errors"] == 0


def _add_workers_csv(firm: Path, workers: list[dict[str, str]]) -> None:
    path = firm / "workers.csv"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    for x in workers:
        w.writerow([x.get(h, "") for h in header])
    path.write_bytes(("\ufeff" + buf.getvalue()).encode("utf-8"))


@pytest.mark.parametrize("sid", SECTORS)
def test_pack_with_two_workers_assesses_sensibly(tmp_path, sid):
    """Two workers hired this autumn on the pack's first two posts, nothing else recorded: the firm
    has exposed workers, its class comes from the pack's industry, and the pre-employment exam
    (EXAM-1, Law Art 35), the declaration (DECL-1, Law Art 16) and the testing (MON-2, Law Art 26)
    are not met."""
    firm = tmp_path / "firm"
    assert run("init", str(firm), "--sector", sid, "--csv", "--lang", "en").exit_code == 0
    s = find_sector(sid)
    _add_workers_csv(firm, [
        {"worker_id": "W1", "name": "Li Ming", "hire_date": "2026-09-01", "post_id": s.posts[0].id},
        {"worker_id": "W2", "name": "Wang Fang", "hire_date": "2026-10-08", "post_id": s.posts[1].id},
    ])
    v = run("validate", str(firm), "--as-of", AS_OF, "-o", "json", "--lang", "en")
    assert json.loads(v.output)["errors"] == 0, v.output
    r = run("assess", str(firm), "--as-of", AS_OF, "-o", "json", "--lang", "en")
    assert r.exit_code == 1, r.output
    d = json.loads(r.output)
    assert d["flags"]["exposed"] is True and d["flags"]["haz"] is True
    assert d["flags"]["serious"] is (EXPECTED_CLASS[sid] == "serious")
    status = {f["obligation_id"]: f for f in d["findings"]}
    for oid in ("EXAM-1", "DECL-1", "MON-2"):
        assert status[oid]["status"] == "fail", (oid, status[oid]["status"])
    exam1 = json.dumps(status["EXAM-1"]["subjects"], ensure_ascii=False)
    assert "W1" in exam1 and "W2" in exam1
    # every prefilled post is a post of the assessment, with its hazards
    posts = {p["post_id"]: {h["hazard_id"] for h in p["hazards"]} for p in d["posts"]}
    assert posts == {p.id: {h.hazard for h in p.hazards} for p in s.posts}


def test_unknown_sector_exits_2_naming_the_packs(tmp_path):
    firm = tmp_path / "new"
    r = run("init", str(firm), "--sector", "woodwork")
    assert r.exit_code == 2
    assert "没有“woodwork”这个行业起步包" in r.output
    for s in load_sectors():
        assert s.id in r.output and s.name.zh in r.output
    assert not firm.exists()
    r = run("init", str(firm), "--sector", "woodwork", "--lang", "en")
    assert r.exit_code == 2 and 'Unknown sector "woodwork"' in r.output and "furniture" in r.output


def test_list_sectors(tmp_path):
    r = run("init", "--list-sectors", "--lang", "en")
    assert r.exit_code == 0
    for s in load_sectors():
        assert s.id in r.output and s.name.en in r.output and s.industry in r.output
    r = run("init")
    assert r.exit_code == 2 and "ohkit init 我的工厂" in r.output


def test_sector_init_never_overwrites(tmp_path):
    firm = tmp_path / "firm"
    firm.mkdir()
    (firm / "records.xlsx").write_bytes(b"mine")
    r = run("init", str(firm), "--sector", "stone")
    assert r.exit_code == 2
    assert (firm / "records.xlsx").read_bytes() == b"mine"
    assert sorted(p.name for p in firm.iterdir()) == ["records.xlsx"]


def test_sector_templates_are_reproducible():
    from ohkit.records.templates import workbook_bytes

    assert workbook_bytes("zh", sector="printing") == workbook_bytes("zh", sector="printing")
    assert workbook_bytes("zh", sector="printing") != workbook_bytes("zh")
