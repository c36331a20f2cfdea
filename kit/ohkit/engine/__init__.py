"""The assessment engine.

    from ohkit.engine import assess
    a = assess(workspace, as_of, catalogue=None)   # -> model.Assessment (pure, deterministic)

One ``Finding`` per catalogue obligation:

* ``pass`` / ``fail`` — decided from the records (per-subject results carry the rows);
* ``unknown`` — the records (or the facts deciding whether the duty applies) are missing;
* ``not_applicable`` — an applicability flag is false;
* ``manual`` — decided by the walk-through answer saved in answers.yaml (``answer`` holds it:
  true = met, false = not met). A record-based check that would be ``unknown`` is also settled
  by a saved answer to its question. Summaries count pass + manual-yes as met and
  fail + manual-no as not met (``ohkit.render.jsonout.bucket``).

Conventions the catalogue relies on: ``document_present`` needs every listed kind, and a
kind may list alternatives separated by ``|``; profile facts missing from enterprise.yaml
are read from answers.yaml under the profile question id (``hazard_class``,
``oh_manager.full_time``…). ``Finding.unconfirmed`` holds ``kind:detail`` notes
(``obligation:ID``, ``param:name=value``, ``exam_interval:zh|en:months:standard``,
``exam_standard:zh|en``) that ``ohkit.render.jsonout.unconfirmed_msg`` turns into text.
"""
from __future__ import annotations

from typing import Any


def assess(workspace: Any, as_of: Any, catalogue: Any = None) -> Any:
    from ohkit.engine.core import assess as _assess

    return _assess(workspace, as_of, catalogue)


def is_met(finding: Any) -> bool | None:
    from ohkit.engine.core import is_met as _is_met

    return _is_met(finding)


__all__ = ["assess", "is_met"]
