"""The assessment engine: ``assess(workspace, as_of, catalogue=None) -> Assessment``."""
from __future__ import annotations

from typing import Any


def assess(workspace: Any, as_of: Any, catalogue: Any = None) -> Any:
    from ohkit.engine.core import assess as _assess

    return _assess(workspace, as_of, catalogue)


def is_met(finding: Any) -> bool | None:
    from ohkit.engine.core import is_met as _is_met

    return _is_met(finding)


__all__ = ["assess", "is_met"]
