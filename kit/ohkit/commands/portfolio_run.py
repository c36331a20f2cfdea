"""A portfolio run at scale: firms assessed in worker processes, results streamed to the outputs.

    from ohkit.commands.portfolio_run import RunOptions, run, merge
    opts = RunOptions(as_of, "zh", out_dir=Path("out"), papers=True)
    pv, stats = run(find_firms(root), opts, jobs=4, root=root, progress=callback)  # -> (PortfolioView, RunStats)
    pv, stats = merge([Path("out1"), Path("out2")], "zh")                          # from earlier runs' files

Each firm (``process_firm``, in a worker) goes records -> engine; its assessment JSON
(``render.assessment_json``) is written to ``OUT/firms/<folder>/`` and read back into a light
Assessment, from which the firm's row, rates and overdue items are made; with ``papers`` its
report, action plan, cards and due calendar are written there too, unless the manifest
``OUT/firms/<folder>/ohkit-firm.json`` says they were written from the same records (digest),
ruleset, date and language. A worker returns only that small ``FirmOutcome``; the parent keeps
the rows and the rate sums and spills overdue items into a temporary SQLite file, so memory does
not grow with the number of firms. Results come back in the firms' order whatever the number of
jobs, and the outputs are the same bytes for any ``jobs``.

``merge`` builds the same outcomes from the manifests and assessment JSON files of earlier runs
(any machine, any batch runner) without reading records.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from ohkit.model import Msg

MANIFEST = "ohkit-firm.json"
FIRMS_DIR = "firms"
MANIFEST_FORMAT = 1


@dataclass(frozen=True)
class RunOptions:
    as_of: dt.date
    lang: str = "zh"
    out_dir: Path | None = None  # per-firm files go to out_dir/firms/<folder>/
    papers: bool = False
    checklists: Path | None = None  # another catalogue (tests)


@dataclass(frozen=True)
class FirmOutcome:
    """What one firm gives the run (small: no records, no per-worker rows)."""

    row: Any  # render.portfolio.FirmRow
    metrics: tuple[Any, ...]  # model.Metric
    overdue: tuple[dict[str, Any], ...]
    oldest_item: str | None  # the oldest overdue item in words
    firm_dir: str | None  # where its files are (absolute)
    files: tuple[str, ...] = ()  # its papers, relative to firm_dir
    papers: str = ""  # "written" / "skipped" / "failed" / "" (not asked, or nothing to print)
    papers_error: Msg | None = None


@dataclass
class RunStats:
    firms: int = 0
    written: int = 0
    skipped: int = 0
    failed: list[tuple[str, str, Msg]] = field(default_factory=list)  # (rel, name, reason)
    seconds: float = 0.0


# ---------------------------------------------------------------------------
# One firm (runs in a worker process)
# ---------------------------------------------------------------------------

_STATE: dict[str, Any] = {}


def init_worker(opts: RunOptions, worker_process: bool = False) -> None:
    """Once per worker: the catalogue, the translator, quiet WeasyPrint (and, in a worker
    process of the pool, everything loaded so far frozen out of the garbage collector's walks;
    never in the caller's own process, whose heap is not ours to freeze)."""
    from ohkit.catalogue import load_catalogue
    from ohkit.i18n import translator

    _STATE["opts"] = opts
    _STATE["catalogue"] = load_catalogue(opts.checklists) if opts.checklists else load_catalogue()
    _STATE["tr"] = translator(opts.lang)
    if opts.papers:
        from ohkit.render.pdf import quiet_weasyprint

        quiet_weasyprint()
    if worker_process:
        import gc

        gc.collect()
        gc.freeze()  # the catalogue and the modules stay for the whole run: no collection walks them again


def firm_dir(out_dir: Path, rel: str) -> Path:
    return out_dir / FIRMS_DIR / Path(*rel.split("/"))


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _dump(data: Any) -> bytes:
    from ohkit.render.assessment_json import json_bytes  # masked, no raw control characters

    return json_bytes(data)


def process_firm(folder: Any) -> FirmOutcome:
    """records -> engine -> the firm's files and its outcome; never raises for one bad firm.

    The cyclic garbage collector waits until the firm is done: mid-firm, its full collections
    walk every record, finding and JSON node of the firm (~20% of a 50-worker firm's CPU), all
    of which reference counting frees on return anyway; after it, the heap is small again.
    (Writing its papers, with WeasyPrint's cyclic layout trees, runs with the collector on.)"""
    import gc

    if not gc.isenabled():  # (someone else turned it off: leave it so)
        return _process_firm(folder)
    gc.disable()
    try:
        return _process_firm(folder)
    finally:
        gc.enable()


def _process_firm(folder: Any) -> FirmOutcome:
    from ohkit.commands.common import write_atomic
    from ohkit.engine.portfolio import load_firm
    from ohkit.render.assessment_json import assessment_data, assessment_json_name, json_bytes, summary_data

    opts: RunOptions = _STATE["opts"]
    tr = _STATE["tr"]
    _ws, fr = load_firm(folder, opts.as_of, _STATE["catalogue"])
    fdir = firm_dir(opts.out_dir, folder.rel) if opts.out_dir is not None else None
    old = _read_json(fdir / MANIFEST) if fdir is not None else None
    manifest: dict[str, Any] = {
        "format": MANIFEST_FORMAT, "folder": folder.rel, "group": folder.group, "path": str(folder.path),
        "folder_name": folder.path.name, "as_of": opts.as_of.isoformat(), "readable": fr.assessment is not None,
        "reason": None, "assessment": None, "papers": (old or {}).get("papers") or {},
    }
    data = summary = None
    if fr.assessment is None:
        manifest["reason"] = {"msg": fr.error.to_dict() if fr.error else None, "where": fr.where,
                              "fix": fr.fix.to_dict() if fr.fix else None}
    else:
        a = fr.assessment
        full = assessment_data(a, tr, _STATE["catalogue"])  # (= render.assessment_json.assessment_json)
        data = json_bytes(full)
        summary = summary_data(full)  # what json.loads(data) gives of the keys the row is made from
        del full
        manifest["assessment"] = assessment_json_name(opts.as_of, tr.lang)
        manifest["records_digest"] = a.records_digest
        manifest["ruleset_version"] = a.ruleset_version
    status, err, files = "", None, ()
    if fdir is not None and data is not None:
        write_atomic(fdir / manifest["assessment"], data)
        if opts.papers:  # (layout builds cyclic structures page by page: the collector stays on)
            import gc

            collecting = gc.isenabled()
            gc.enable()
            try:
                status, err, files = _papers(fr.assessment, tr, fdir, manifest)
            finally:
                if not collecting:
                    gc.disable()
    written = _dump(manifest)
    if fdir is not None:
        write_atomic(fdir / MANIFEST, written)
    # The row is made from the JSON as written (the same as `merge` reads it back: `summary_data`).
    return outcome(json.loads(written), summary, tr,
                   str(fdir.resolve()) if fdir is not None else None, status, err, files)


def _papers(a: Any, tr: Any, fdir: Path, manifest: dict[str, Any]) -> tuple[str, Msg | None, tuple[str, ...]]:
    """The firm's papers, unless the manifest shows them written from the same records, ruleset,
    date and language (and they are all still there)."""
    from ohkit import __version__
    from ohkit.render.assessment_json import paper_stem

    stem = paper_stem(a.as_of, tr.lang)
    key = {"records_digest": a.records_digest, "ruleset_version": a.ruleset_version, "ohkit_version": __version__}
    prev = manifest["papers"].get(stem)
    if prev and all(prev.get(k) == v for k, v in key.items()) and \
            all((fdir / f).is_file() for f in prev.get("files", ())):
        return "skipped", None, tuple(prev["files"])
    from ohkit.commands.papers import write_cards, write_due_calendar, write_report

    try:
        written, _w = write_report(a, tr, fdir, parallel=False)  # the run already uses every core
        cards, _posts, _w2 = write_cards(a, tr, fdir)
        if cards is not None:
            written.append(cards)
        written.append(write_due_calendar(a, tr, fdir))
    except Exception as exc:  # noqa: BLE001 - one firm's papers must not stop the run
        manifest["papers"].pop(stem, None)
        return "failed", Msg("pf.papers_failed", {"error": f"{type(exc).__name__}: {exc}"}), ()
    files = tuple(p.name for p in written)
    manifest["papers"][stem] = {**key, "files": list(files)}
    return "written", None, files


def outcome(manifest: dict[str, Any], data: dict[str, Any] | None, tr: Any, fdir: str | None,
            papers: str = "", papers_error: Msg | None = None, files: tuple[str, ...] = ()) -> FirmOutcome:
    """A firm's outcome from its manifest and assessment JSON (a run and a merge both come here)."""
    from ohkit.engine.portfolio import FirmFolder, FirmResult
    from ohkit.render.assessment_json import read_summary
    from ohkit.render.portfolio import firm_overdue_items, firm_row, overdue_key

    folder = FirmFolder(Path(manifest["path"]), manifest["folder"], manifest.get("group"))
    if data is None:
        r = manifest.get("reason") or {}

        def m(x: Any) -> Msg | None:
            return Msg(x["code"], dict(x.get("params") or {})) if x else None

        fr = FirmResult(folder, None, m(r.get("msg")), r.get("where"), m(r.get("fix")))
        return FirmOutcome(firm_row(fr), (), (), None, fdir, files, papers, papers_error)
    light = read_summary(data)
    fr = FirmResult(folder, light)
    items = sorted(firm_overdue_items(folder, fr.name, light, tr), key=overdue_key)
    return FirmOutcome(firm_row(fr), light.metrics, tuple(items), items[0]["item"] if items else None, fdir,
                       files, papers, papers_error)


# ---------------------------------------------------------------------------
# The run (parent process)
# ---------------------------------------------------------------------------


class OverdueSpill:
    """Overdue items of all firms in a temporary SQLite file, read back oldest first."""

    def __init__(self) -> None:
        self._dir: Any = None
        self._db: Any = None
        self._seq = 0

    def _open(self) -> Any:
        """The file is made on first use (after the worker processes have started)."""
        if self._db is None:
            import sqlite3
            import tempfile

            self._dir = tempfile.TemporaryDirectory(prefix="ohkit-portfolio-")
            self._db = sqlite3.connect(os.path.join(self._dir.name, "overdue.sqlite"))
            self._db.execute("PRAGMA journal_mode=OFF")
            self._db.execute("PRAGMA synchronous=OFF")
            self._db.execute("CREATE TABLE o (d TEXT, f TEXT, ob TEXT, w TEXT, seq INTEGER, data TEXT)")
        return self._db

    def add(self, items: Iterable[dict[str, Any]]) -> None:
        rows = []
        for it in items:
            self._seq += 1
            rows.append((it["date"], it["folder"], it["obligation_id"], it["worker"], self._seq,
                         json.dumps(it, ensure_ascii=False)))
        if rows:
            self._open().executemany("INSERT INTO o VALUES (?, ?, ?, ?, ?, ?)", rows)

    def __call__(self) -> Iterator[dict[str, Any]]:
        if self._db is None:
            return
        cur = self._db.execute("SELECT data FROM o ORDER BY d, f, ob, w, seq")
        for (data,) in cur:
            yield json.loads(data)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._dir.cleanup()
            self._db = None


def _outcomes(folders: list[Any], opts: RunOptions, jobs: int, mp_context: str | None) -> Iterator[FirmOutcome]:
    if jobs <= 1 or len(folders) <= 1:
        init_worker(opts)
        for f in folders:
            yield process_firm(f)
        return
    import multiprocessing

    ctx = multiprocessing.get_context(mp_context)
    chunk = max(1, min(8, len(folders) // (jobs * 8)))
    with ctx.Pool(min(jobs, len(folders)), initializer=init_worker, initargs=(opts, True)) as pool:
        yield from pool.imap(process_firm, folders, chunksize=chunk)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class Collector:
    """Folds outcomes into the view: rows, rate sums, overdue spill, links, papers stats."""

    def __init__(self) -> None:
        from ohkit.engine.portfolio import MetricSum

        self.rows: list[Any] = []
        self.sums = MetricSum()
        self.spill = OverdueSpill()
        self.links: dict[str, tuple[str | None, tuple[str, ...]]] = {}
        self.oldest: dict[str, str] = {}
        self.stats = RunStats()

    def add(self, o: FirmOutcome) -> None:
        r = o.row
        self.rows.append(r)
        self.sums.add(r.rel, o.metrics)
        self.spill.add(o.overdue)
        self.links[r.rel] = (o.firm_dir, o.files)
        if o.oldest_item:
            self.oldest[r.rel] = o.oldest_item
        self.stats.firms += 1
        if o.papers == "written":
            self.stats.written += 1
        elif o.papers == "skipped":
            self.stats.skipped += 1
        elif o.papers == "failed":
            self.stats.failed.append((r.rel, r.name, o.papers_error))

    def view(self, root: Any, as_of: dt.date, ruleset: str) -> Any:
        from ohkit import __version__
        from ohkit.render.portfolio import PortfolioView, urgency

        return PortfolioView(root, as_of, ruleset, __version__, sorted(self.rows, key=urgency), self.sums.result(),
                             self.spill)


def run(folders: list[Any], opts: RunOptions, *, jobs: int = 1, root: Any = None,
        progress: Callable[[int, int, float], None] | None = None, mp_context: str | None = None) -> tuple[Any, RunStats, Collector]:
    """Assess ``folders`` (``engine.portfolio.find_firms``) with ``jobs`` processes."""
    from ohkit.catalogue import load_catalogue

    cat = load_catalogue(opts.checklists) if opts.checklists else load_catalogue()
    col = Collector()
    t0 = time.monotonic()
    for i, o in enumerate(_outcomes(list(folders), opts, jobs, mp_context), 1):
        col.add(o)
        if progress is not None:
            progress(i, len(folders), time.monotonic() - t0)
    col.stats.seconds = time.monotonic() - t0
    return col.view(root, opts.as_of, cat.ruleset), col.stats, col


class MergeError(Exception):
    def __init__(self, msg: Msg):
        super().__init__(msg.code)
        self.msg = msg


def merge(outs: list[Path], lang: str) -> tuple[Any, RunStats, Collector]:
    """The outcomes of earlier runs (their ``-O`` folders), read from the files they wrote."""
    from ohkit.i18n import translator

    tr = translator(lang)
    found: dict[str, tuple[Path, dict[str, Any]]] = {}
    as_of: set[str] = set()
    rulesets: set[str] = set()
    for out in outs:
        base = out / FIRMS_DIR
        if not base.is_dir():
            raise MergeError(Msg("pf.merge_not_output", {"path": str(out)}))
        for mf in sorted(base.rglob(MANIFEST)):
            m = _read_json(mf)
            if not isinstance(m, dict) or "folder" not in m:
                raise MergeError(Msg("pf.merge_bad_file", {"path": str(mf)}))
            if m["folder"] in found:
                raise MergeError(Msg("pf.merge_twice", {"folder": m["folder"], "first": str(found[m["folder"]][0]),
                                                        "second": str(mf.parent)}))
            found[m["folder"]] = (mf.parent, m)
            as_of.add(m["as_of"])
    if not found:
        raise MergeError(Msg("pf.merge_empty", {"paths": [str(o) for o in outs]}))
    if len(as_of) > 1:
        raise MergeError(Msg("pf.merge_dates", {"dates": sorted(as_of)}))
    col = Collector()
    for rel in sorted(found, key=lambda r: tuple(r.split("/"))):
        fdir, m = found[rel]
        data = None
        if m.get("readable"):
            data = _read_json(fdir / m["assessment"]) if m.get("assessment") else None
            if not isinstance(data, dict):
                raise MergeError(Msg("pf.merge_bad_file", {"path": str(fdir / (m.get("assessment") or MANIFEST))}))
            rulesets.add(data.get("ruleset_version") or "")
        from ohkit.render.assessment_json import paper_stem

        papers = (m.get("papers") or {}).get(paper_stem(dt.date.fromisoformat(m["as_of"]), lang)) or {}
        files = tuple(f for f in papers.get("files", ()) if (fdir / f).is_file())
        col.add(outcome(m, data, tr, str(fdir.resolve()), "", None, files))
    ruleset = "、".join(sorted(rulesets)) if tr.lang == "zh" else ", ".join(sorted(rulesets))
    return col.view(None, dt.date.fromisoformat(as_of.pop()), ruleset), col.stats, col
