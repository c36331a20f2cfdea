"""Problems as data (``-o json``) and as text for people.

``problems_to_dict`` is the JSON form of a validation result. The render
layer's ``ohkit.render.jsonout.problems_to_dict`` is used when it exists, so
that ``ohkit validate -o json`` and ``ohkit assess -o json`` agree.
"""
from __future__ import annotations

from typing import Any, Iterable, Sequence

from ohkit.i18n import Translator
from ohkit.model import Problem


def _local_problems_to_dict(problems: Iterable[Problem], tr: Translator) -> list[dict[str, Any]]:
    """Same shape as ohkit.render.jsonout.problems_to_dict: one dict per problem, in order."""
    return [p.to_dict(tr.msg) for p in problems]


def problems_to_dict(problems: Iterable[Problem], tr: Translator) -> Any:
    try:
        from ohkit.render.jsonout import problems_to_dict as render_problems_to_dict
    except ImportError:
        return _local_problems_to_dict(problems, tr)
    return render_problems_to_dict(list(problems), tr)


def validation_to_dict(ws: Any, as_of: Any, tr: Translator) -> dict[str, Any]:
    """The JSON form of `ohkit validate`: stamped with the ohkit version, the assessment
    date and the records digest, then the problems in order."""
    from ohkit import __version__

    problems = list(ws.problems)
    return {
        "ohkit_version": __version__,
        "as_of": as_of.isoformat(),
        "lang": tr.lang,
        "records_digest": ws.digest,
        "errors": sum(1 for p in problems if p.severity == "error"),
        "warnings": sum(1 for p in problems if p.severity != "error"),
        "problems": problems_to_dict(problems, tr),
        "complete": not getattr(ws, "unread", ()),  # every record file present could be read
        "unread": problems_to_dict(getattr(ws, "unread", ()), tr),
    }


def group_by_file(problems: Sequence[Problem]) -> dict[str, list[Problem]]:
    out: dict[str, list[Problem]] = {}
    for p in problems:
        out.setdefault(p.loc.file, []).append(p)
    return out
