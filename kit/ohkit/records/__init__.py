"""Records layer: read a firm folder, normalise and validate it into a Workspace.

Public API (DEVELOPING.md)::

    from ohkit.records import load_workspace, validate_folder
    ws = load_workspace(path, as_of=date)          # -> model.Workspace
    problems = validate_folder(path, as_of=date)   # -> list[model.Problem]

What a Record holds (``record.values``, keyed by the schema's field keys; empty,
unreadable and rejected cells are absent):

* ``date`` columns: ``datetime.date``; ``bool``: ``True``/``False``; ``int``/``number``: int/float;
  ``enum``: the English key (``"pre_employment"``); ``list``: ``tuple[str, ...]``;
  ``date_or_bool`` (workers.contract_notice): a date or a bool; ``id_number``: the full
  18-character number (mask it with ``mask_id`` before showing it anywhere).
* Hazard columns also get the catalogue ids of the names that were found:
  ``posts.hazard_id`` / ``monitoring.hazard_id`` (str) and ``exams.hazard_ids`` (tuple).
* Rows whose required values are missing or unreadable are not Records (a Problem says why).

``ws.tables`` builds the Records of a table on first access; validating alone never does.
The schemas behind all this: ``ohkit.records.schema`` (``table_specs()``, ``enterprise_spec()``).
"""
from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

__all__ = ["load_workspace", "validate_folder", "table_specs", "enterprise_spec", "mask_id"]


def load_workspace(path: str | Path, as_of: _dt.date | None = None) -> Any:
    from ohkit.records.workspace import load_workspace as _load

    return _load(path, as_of)


def validate_folder(path: str | Path, as_of: _dt.date | None = None) -> list[Any]:
    return list(load_workspace(path, as_of).problems)


def table_specs() -> list[Any]:
    from ohkit.records.schema import table_specs as _t

    return _t()


def enterprise_spec() -> Any:
    from ohkit.records.schema import enterprise_spec as _e

    return _e()


def mask_id(value: str | None) -> str | None:
    from ohkit.records.normalise import mask_id as _m

    return _m(value)
