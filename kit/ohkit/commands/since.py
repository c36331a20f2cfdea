"""`--since FILE`: reading the earlier assessment or portfolio JSON that a comparison starts
from (report, assess, portfolio). Not a command itself."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import click

from ohkit.commands.common import Abort, H
from ohkit.model import Msg
from ohkit.render.assessment_json import ASSESSMENT_SUFFIX  # the name `ohkit report` writes


def since_option(help_text: str) -> Any:
    return click.option("--since", "since", type=click.Path(dir_okay=False, path_type=Path), default=None,
                        help=help_text)


def _read(path: Path) -> Any:
    try:
        return json.loads(path.read_bytes().decode("utf-8-sig"))
    except FileNotFoundError:
        raise Abort(Msg("cmp.missing", {"path": str(path)}))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise Abort(Msg("cmp.unreadable", {"path": str(path), "error": str(exc)}))


def _as_of(d: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(d.get("as_of"))[:10])
    except (AttributeError, TypeError, ValueError):
        return None


def is_assessment(d: Any) -> bool:
    return isinstance(d, dict) and _as_of(d) is not None and isinstance(d.get("findings"), list)


def load_assessment_json(path: Path) -> dict[str, Any]:
    d = _read(path)
    if not is_assessment(d):
        raise Abort(Msg("cmp.not_assessment", {"path": str(path)}))
    return d


def load_portfolio_json(path: Path) -> dict[str, Any]:
    d = _read(path)
    if not (isinstance(d, dict) and _as_of(d) is not None and isinstance(d.get("firms"), list)):
        raise Abort(Msg("cmp.not_portfolio", {"path": str(path)}))
    return d


def find_previous(folder: Path, as_of: dt.date, current: dict[str, Any] | None = None
                  ) -> tuple[Path, dict[str, Any]] | None:
    """The newest assessment JSON in ``folder`` dated before ``as_of`` (unreadable files, and files
    of another firm than ``current`` when given, skipped)."""
    from ohkit.engine.compare import same_firm

    best: tuple[dt.date, str, Path, dict[str, Any]] | None = None
    if not folder.is_dir():
        return None
    for p in folder.glob(f"*{ASSESSMENT_SUFFIX}"):
        try:
            d = json.loads(p.read_bytes().decode("utf-8-sig"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            continue
        if not is_assessment(d) or (current is not None and not same_firm(d, current)):
            continue
        day = _as_of(d)
        assert day is not None
        if day < as_of and (best is None or (day, p.name) > (best[0], best[1])):
            best = (day, p.name, p, d)
    return None if best is None else (best[2], best[3])


SINCE_REPORT_HELP = H("Add a page comparing with an earlier self-check: the …-assessment.json an earlier "
                      "`ohkit report` wrote (default: the newest earlier one in the output folder).")
SINCE_ASSESS_HELP = H("Also show, in short, what changed since an earlier self-check (a …-assessment.json "
                      "written by `ohkit report`, or saved `ohkit assess -o json` output).")
SINCE_PORTFOLIO_HELP = H("Also show what moved since an earlier portfolio (saved `ohkit portfolio -o json` "
                         "output): firms improved or fallen behind, rates then → now.")
