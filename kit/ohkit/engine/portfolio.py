"""Portfolio: many client firms assessed together (hosted support services, 托管服务单位).

    from ohkit.engine.portfolio import find_firms, portfolio
    res = portfolio(Path("clients"), as_of)        # a folder of firm folders
    res = portfolio([Path("a"), Path("b")], as_of)  # or the firm folders themselves

Which folders are firms (``find_firms``): every sub-folder of the portfolio folder that holds
an ``enterprise.yaml`` is a firm. A sub-folder without one whose own sub-folders hold
``enterprise.yaml`` is a group (e.g. a district): its firm folders count, with the group's
name. Deeper nesting is not searched. A sub-folder with record files (records.xlsx,
answers.yaml, a table's CSV) but no ``enterprise.yaml`` is listed as a firm too, so that its records problem shows as a row
instead of the folder being silently skipped. Hidden folders and ``ohkit-out`` are skipped.

Each firm goes through the public pipeline (``ohkit.records.load_workspace`` →
``ohkit.engine.assess``) with one catalogue loaded once. A firm whose folder cannot be read
at all (no or broken ``enterprise.yaml``, unreadable files) is a ``FirmResult`` with
``error`` set and no assessment; the run goes on. Nothing is written anywhere.

The engine only aggregates here: per-firm Assessments, and the rates local plans set
targets for (``Metric`` ids of the engine) summed over the firms, with the firms below
target. Grades, sorting and wording are the render layer's (``ohkit.render.portfolio``).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from ohkit.model import Assessment, Msg

# Record problems that mean the firm's profile could not be read at all: the firm is a row
# with the reason instead of an assessment of nothing.
UNREADABLE_CODES = {"rec.enterprise_missing", "rec.yaml_error", "rec.yaml_not_mapping"}
SKIP_DIRS = {"ohkit-out", "__pycache__", "node_modules"}


@dataclass(frozen=True)
class FirmFolder:
    path: Path
    rel: str  # path relative to the portfolio folder, with "/" (stable id in outputs)
    group: str | None = None  # the grouping folder (district) when firms are two levels deep


@dataclass(frozen=True)
class FirmResult:
    folder: FirmFolder
    assessment: Assessment | None
    error: Msg | None = None  # why the firm could not be read at all (then assessment is None)
    where: str | None = None  # where the reason lies (e.g. "enterprise.yaml:2")
    fix: Msg | None = None  # what to do about it

    @property
    def name(self) -> str:
        if self.assessment is not None and self.assessment.firm.name:
            return self.assessment.firm.name
        return self.folder.path.name


@dataclass(frozen=True)
class PortfolioMetric:
    """One rate summed over the firms that have it (numerators and denominators added)."""

    id: str
    numerator: int
    denominator: int
    target: float | None
    firms: int  # firms that report the rate
    below: tuple[str, ...]  # FirmFolder.rel of the firms whose own rate is below target

    @property
    def value(self) -> float | None:
        return None if self.denominator == 0 else self.numerator / self.denominator


@dataclass(frozen=True)
class PortfolioResult:
    root: Path | None
    as_of: dt.date
    ruleset_version: str
    ohkit_version: str
    firms: tuple[FirmResult, ...]
    metrics: tuple[PortfolioMetric, ...]


def _is_dir(p: Path) -> bool:
    try:
        return p.is_dir()
    except OSError:
        return False


def _children(p: Path) -> list[Path]:
    try:
        kids = [c for c in p.iterdir() if not c.name.startswith(".") and c.name not in SKIP_DIRS]
    except OSError:
        return []
    return sorted((c for c in kids if _is_dir(c)), key=lambda c: c.name)


def _record_file_names() -> set[str]:
    """Names of the files a firm folder's records live in (records.xlsx, answers.yaml, the tables' CSVs)."""
    from ohkit.records import table_specs

    names = {"records.xlsx", "answers.yaml"}
    for spec in table_specs():
        names.update(f"{n}.csv".lower() for n in spec.file_names())
    return names


def _has_records(p: Path, names: set[str]) -> bool:
    """Record files but no enterprise.yaml: a firm folder still missing its profile (our own
    outputs, notes and other spreadsheets do not count)."""
    try:
        return any(f.name.lower() in names for f in p.iterdir() if f.is_file())
    except OSError:
        return False


def find_firms(root: Path) -> list[FirmFolder]:
    """The firm folders under ``root`` (one level deep, or two under a group folder)."""
    out: list[FirmFolder] = []
    names: set[str] | None = None
    for child in _children(root):
        if (child / "enterprise.yaml").is_file():
            out.append(FirmFolder(child, child.name))
            continue
        firms = [g for g in _children(child) if (g / "enterprise.yaml").is_file()]
        if firms:
            out.extend(FirmFolder(g, f"{child.name}/{g.name}", child.name) for g in firms)
        elif _has_records(child, names if names is not None else (names := _record_file_names())):
            out.append(FirmFolder(child, child.name))
    return out


def _folders(paths: Path | str | Iterable[Path | str]) -> tuple[Path | None, list[FirmFolder]]:
    if isinstance(paths, (str, Path)):
        root = Path(paths)
        return root, find_firms(root)
    folders = []
    for p in paths:
        p = Path(p)
        folders.append(FirmFolder(p, p.name))
    return None, folders


class MetricSum:
    """The rates summed over firms, one firm at a time (a run never needs all firms at once):
    numerators and denominators added, firms below target noted. The one place rates are summed."""

    def __init__(self) -> None:
        self._acc: dict[str, list[Any]] = {}

    def add(self, rel: str, metrics: Iterable[Any]) -> None:
        """One firm's ``Metric``s (``rel``: its FirmFolder.rel)."""
        for m in metrics:
            e = self._acc.setdefault(m.id, [0, 0, m.target, 0, []])
            e[0] += m.numerator
            e[1] += m.denominator
            e[3] += 1
            if m.target is not None and m.value is not None and m.value < m.target:
                e[4].append(rel)

    def result(self) -> tuple[PortfolioMetric, ...]:
        return tuple(PortfolioMetric(k, n, d, t, c, tuple(b)) for k, (n, d, t, c, b) in self._acc.items())


def _metrics(firms: Iterable[FirmResult]) -> tuple[PortfolioMetric, ...]:
    acc = MetricSum()
    for fr in firms:
        if fr.assessment is not None:
            acc.add(fr.folder.rel, fr.assessment.metrics)
    return acc.result()


def unreadable_problem(ws: Any) -> Any:
    """The first record problem that means records could not be read at all, or None: the
    profile missing or broken, or any record file the records layer could not read
    (``Workspace.unread``: a broken workbook or table, a table that is a folder or a dangling link)."""
    for p in ws.problems:
        if p.severity == "error" and p.code in UNREADABLE_CODES and p.loc.file == ws.profile.source_file:
            return p
    return ws.unread[0] if ws.unread else None


def load_firm(folder: FirmFolder, as_of: dt.date, catalogue: Any) -> tuple[Any, FirmResult]:
    """(Workspace or None, FirmResult): one firm through the public pipeline; a firm whose
    records cannot all be read gives a result with the reason and no assessment."""
    from ohkit.engine import assess
    from ohkit.records import load_workspace

    try:
        ws = load_workspace(folder.path, as_of=as_of)
        p = unreadable_problem(ws)
        if p is not None:
            return ws, FirmResult(folder, None, p.msg, str(p.loc), p.fix)
        return ws, FirmResult(folder, assess(ws, as_of, catalogue))
    except OSError as exc:
        return None, FirmResult(folder, None, Msg("pf.unreadable", {"error": exc.strerror or type(exc).__name__,
                                                                    "path": str(exc.filename or folder.path)}))
    except Exception as exc:  # noqa: BLE001 - one bad firm must not stop the run
        return None, FirmResult(folder, None, Msg("pf.failed", {"error": f"{type(exc).__name__}: {exc}"}))


def assess_folder(folder: FirmFolder, as_of: dt.date, catalogue: Any) -> FirmResult:
    """One firm through the public pipeline; an unreadable folder gives a result with the reason."""
    return load_firm(folder, as_of, catalogue)[1]


def portfolio(paths: Path | str | Iterable[Path | str], as_of: dt.date, catalogue: Any = None) -> PortfolioResult:
    """Assess every firm of a portfolio folder (or the given firm folders) on ``as_of``."""
    from ohkit import __version__

    if catalogue is None:
        from ohkit.catalogue import load_catalogue

        catalogue = load_catalogue()
    root, folders = _folders(paths)
    results = [assess_folder(f, as_of, catalogue) for f in folders]
    return PortfolioResult(root, as_of, catalogue.ruleset, __version__, tuple(results), _metrics(results))


__all__ = ["FirmFolder", "FirmResult", "MetricSum", "PortfolioMetric", "PortfolioResult", "find_firms", "portfolio"]
