"""Sign-off that holds: `ohkit report --sign NAME` records who checked the report and when,
with the digest of every input file, in the assessment JSON beside the report (and on its
signature page); `ohkit verify REPORT.json FIRM` says whether the records still match.

The sign-off block of the JSON::

    "signoff": {"name": "李安全", "date": "2026-12-05", "as_of": "2026-11-27",
                "records_digest": "<sha256 of all inputs>", "ruleset": "2026.12",
                "files": {"enterprise.yaml": "<sha256>", "records.xlsx": "<sha256>", ...},
                "papers": {"ohkit-2026-11-27-report.pdf": "<sha256>",
                           "ohkit-2026-11-27-report-appendix-a.pdf": "<sha256>", ...}}

``papers``: every file the signed report run wrote beside the JSON (report HTML and PDF, appendix A
when printed apart, action plan); `ohkit verify` says which of them was changed since.
"""
from __future__ import annotations

import datetime as dt
import sys
import unicodedata
from pathlib import Path
from typing import Any

import click

from ohkit.commands.common import EXIT_FINDINGS, EXIT_OK, Abort, H, emit_json, format_option, guarded, lang_option
from ohkit.i18n import translator
from ohkit.model import Msg

MAX_NAME = 100


def sign_option(f: Any) -> Any:
    return click.option("--sign", "sign", metavar="NAME", default=None, help=H(
        "Sign the report off as NAME (who checked it): the signature page names you and today's date, and "
        "the assessment JSON beside the report records it with the digest of every record file, so that "
        "`ohkit verify` can later tell whether the records still match what was signed."))(f)


def check_name(name: str | None) -> str | None:
    """The signer's name as given, or Abort (exit 2) before anything is written."""
    if name is None:
        return None
    clean = name.strip()
    if not clean or len(clean) > MAX_NAME or any(unicodedata.category(c).startswith("C") for c in clean):
        raise Abort(Msg("sign.bad_name", {"max": MAX_NAME}))
    return clean


def signoff(name: str, a: Any, root: Path, ruleset: str, today: dt.date | None = None) -> dict[str, Any]:
    """The sign-off block for the assessment ``a`` of the firm folder ``root``."""
    from ohkit.records.workspace import file_digests

    return {"name": name, "date": (today or dt.date.today()).isoformat(), "as_of": a.as_of.isoformat(),
            "records_digest": a.records_digest, "ruleset": ruleset,
            "files": file_digests(root, a.record_files)}


def paper_digests(paths: Any) -> dict[str, str]:
    """SHA-256 of each paper written (by file name: they sit beside the assessment JSON)."""
    import hashlib

    return {Path(p).name: hashlib.sha256(Path(p).read_bytes()).hexdigest() for p in sorted(paths, key=str)}


def check_papers(signed: dict[str, Any], folder: Path) -> dict[str, list[str]]:
    """The signed papers beside the JSON that were changed since, and those not there."""
    papers = signed.get("papers") if isinstance(signed.get("papers"), dict) else {}
    changed, missing = [], []
    for name, digest in sorted(papers.items()):
        p = folder / Path(str(name)).name
        if not p.is_file():
            missing.append(str(name))
        elif paper_digests([p])[p.name] != digest:
            changed.append(str(name))
    return {"papers_changed": changed, "papers_missing": missing}


def compare_files(signed: dict[str, str], now: dict[str, str]) -> dict[str, list[str]]:
    return {"changed": sorted(n for n in signed.keys() & now.keys() if signed[n] != now[n]),
            "added": sorted(now.keys() - signed.keys()), "removed": sorted(signed.keys() - now.keys())}


@click.command("verify", help=H(
    "Say whether the records in the firm folder FIRM still match a report: REPORT_JSON is the "
    "…-assessment.json that `ohkit report` wrote beside the report (signed with --sign, or not). Names "
    "each record file changed, added or removed since, and each signed paper beside the JSON (report, "
    "appendix A, action plan) changed since signing. Exit code 0: the records and papers match; 1: "
    "something changed (report and sign again); 2: could not run."))
@click.argument("report_json", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("firm", type=click.Path(file_okay=False, path_type=Path))
@lang_option
@format_option
@guarded
def command(report_json: Path, firm: Path, lang: str, fmt: str) -> None:
    from ohkit.commands.common import resolve_firm
    from ohkit.commands.since import load_assessment_json
    from ohkit.records import load_workspace
    from ohkit.records.workspace import file_digests

    tr = translator(lang)
    data = load_assessment_json(report_json)
    root = resolve_firm(firm, tr)
    as_of = dt.date.fromisoformat(str(data["as_of"])[:10])
    ws = load_workspace(root, as_of=as_of)
    signed = data.get("signoff") if isinstance(data.get("signoff"), dict) else None
    match = ws.digest == data.get("records_digest")
    diff = {"changed": [], "added": [], "removed": []}
    if signed and isinstance(signed.get("files"), dict):
        diff = compare_files({str(k): str(v) for k, v in signed["files"].items()}, file_digests(root, ws.files))
    papers = check_papers(signed, report_json.parent) if signed else {"papers_changed": [], "papers_missing": []}
    who = {"name": (signed or {}).get("name", ""), "date": (signed or {}).get("date", ""),
           "as_of": as_of.isoformat(), "path": str(report_json)}
    if fmt == "json":
        emit_json({"match": match, "signed": bool(signed), "signoff": signed, "as_of": as_of.isoformat(),
                   "records_digest_then": data.get("records_digest"), "records_digest_now": ws.digest, **diff,
                   **papers})
    else:
        if not signed:
            click.echo(tr.msg(Msg("sign.unsigned", who)))
        if match:
            click.echo(tr.msg(Msg("sign.match" if signed else "sign.match_unsigned", who | {"digest": ws.digest})))
        else:
            click.echo(tr.msg(Msg("sign.changed", who)))
            for key in ("changed", "added", "removed"):
                if diff[key]:
                    click.echo("  " + tr.msg(Msg(f"sign.files_{key}", {"files": diff[key]})))
            click.echo(tr.msg(Msg("sign.redo", {"folder": str(root)})))
        if papers["papers_changed"]:
            click.echo(tr.msg(Msg("sign.papers_changed", {"files": papers["papers_changed"]})))
        if papers["papers_missing"]:
            click.echo(tr.msg(Msg("sign.papers_missing", {"files": papers["papers_missing"],
                                                          "folder": str(report_json.parent)})))
    sys.exit(EXIT_OK if match and not papers["papers_changed"] else EXIT_FINDINGS)

