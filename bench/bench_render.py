"""Benchmark: report PDF for a 300-worker firm (goal ≤ 3 s) and 100 notice cards
(goal ≤ 5 s), timed inside one process (imports and the assessment excluded),
medians of N runs.

The report is timed as ``ohkit report`` runs it: ``commands.papers.write_report`` writes the
report HTML + PDF, appendix A as its own PDF (laid out in a forked second process at the same
time, where the platform allows) and the action plan XLSX + CSV. CPU seconds are given for this
process and for its children; "longest process" is the larger of the two, the CPU critical path
when both cores are free.

With ``--baseline REF`` (a git commit, e.g. the one before a rendering change) the same
Assessment is also rendered by the ohkit of REF, unpacked into a temporary folder, in child
processes that alternate with this tree's (before, after, before, after …), and the ratio of the
medians is printed: on a shared machine absolute seconds wander with the load, ratios measured
side by side much less. CPU seconds are printed beside wall seconds for the same reason.

The firm is bench/synth.py's generated 300-worker firm, read and assessed by the
real pipeline; the 100 cards are 100 posts made from that firm's posts (1–3
hazards each, cycling through the catalogue's hazards).

    .venv/bin/python bench/bench_render.py [--workers 300] [--cards 100] [--runs 3] [--lang zh] [--baseline REF]
                                           [--only report|cards]
"""
from __future__ import annotations

import argparse
import dataclasses
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import make_firm  # noqa: E402


def _posts(a, n):  # noqa: ANN001
    from ohkit.model import PostHazard, PostSummary
    from ohkit.render import texts

    hz = [h for h in texts.hazards().values()]
    base = [h for p in a.posts for h in p.hazards] or []
    out = []
    for i in range(n):
        k = 1 + i % 3
        hs = []
        for j in range(k):
            h = hz[(i * 3 + j) % len(hz)]
            tmpl = base[(i + j) % len(base)] if base else None
            hs.append(PostHazard(h.id, h.zh, h.en, h.category,
                                 oel=tuple({"kind": o.kind, "value": o.value, "unit": o.unit, "fraction": o.fraction,
                                            "confirmed": o.confidence == "confirmed"} for o in h.oel) if hasattr(h, "oel") else (),
                                 latest=tmpl.latest if tmpl else None))
        out.append(PostSummary(f"P{i:03d}", f"岗位{i:03d}", f"{1 + i % 5}号车间", tuple(hs), exposed=3))
    return tuple(out)


def _time(fn, runs):  # noqa: ANN001
    ts = []
    for _ in range(runs):
        t0 = time.perf_counter()
        res = fn()
        ts.append(time.perf_counter() - t0)
    return statistics.median(ts), res


def _time_job(fn, runs):  # noqa: ANN001
    """Median wall seconds, median CPU seconds (this process, its children, the longer of the two)."""
    import os

    walls, cpus, res = [], [], None
    for _ in range(runs):
        t0, w = os.times(), time.perf_counter()
        res = fn()
        walls.append(time.perf_counter() - w)
        t1 = os.times()
        own = t1.user + t1.system - t0.user - t0.system
        kids = t1.children_user + t1.children_system - t0.children_user - t0.children_system
        cpus.append({"self": own, "children": kids, "longest": max(own, kids)})
    return statistics.median(walls), {k: statistics.median(c[k] for c in cpus) for k in cpus[0]}, res


def _pages(path: Path) -> str:
    import re
    import shutil
    import subprocess

    if shutil.which("pdfinfo") is None:
        return "?"
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    m = re.search(r"^Pages:\s+(\d+)", info, re.M)
    return m.group(1) if m else "?"


def render_parser(doc: str) -> argparse.ArgumentParser:
    """The options bench_render.py and bench_cards.py share (firm size, cards, runs, language, baseline)."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("--workers", type=int, default=300)
    ap.add_argument("--cards", type=int, default=100)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--lang", default="zh")
    ap.add_argument("--baseline", default=None, metavar="REF",
                    help="also render with the ohkit of this git commit and print after/before ratios")
    return ap


def main() -> int:
    ap = render_parser(__doc__)
    ap.add_argument("--only", choices=("report", "cards"), default=None, help="time only the report or only the cards")
    args = ap.parse_args()

    from ohkit.engine import assess
    from ohkit.records import load_workspace
    from ohkit.render.pdf import quiet_weasyprint

    quiet_weasyprint()
    with tempfile.TemporaryDirectory() as tmp:
        info = make_firm(Path(tmp) / "firm", workers=args.workers)
        a = assess(load_workspace(info["path"], as_of=info["as_of"]), info["as_of"])
    if args.only != "cards":
        _bench_report(a, args)
    b = dataclasses.replace(a, posts=_posts(a, args.cards))
    if args.only != "report":
        _bench_cards(b, args)
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    if args.baseline:
        compare(args.baseline, a, b.posts, args.lang, args.runs, [w for w in ("report", "cards") if args.only in (None, w)])
    return 0


def _bench_report(a, args) -> None:  # noqa: ANN001
    from ohkit.commands.papers import write_report
    from ohkit.i18n import translator
    from ohkit.render.report import template_env

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        tr = translator(args.lang)
        write_report(a, tr, out)  # warm up: weasyprint import, fonts

        def job():  # noqa: ANN202
            template_env.cache_clear()  # templates compiled in each run, as in each `ohkit report`
            return write_report(a, tr, out)[0]

        t_rep, cpu, files = _time_job(job, args.runs)
        sizes = ", ".join(f"{p.name} {p.stat().st_size / 1e3:.0f} kB" for p in files)
        pages = ", ".join(f"{p.name} {_pages(p)} pages" for p in files if p.suffix == ".pdf")
    subjects = sum(len(f.subjects) for f in a.findings)
    print(f"report: {len(a.workers)} workers, {len(a.findings)} obligations, {subjects} subject rows, "
          f"{len(a.due)} due items -> {sizes}; {pages}")
    print(f"report job (HTML + PDFs + action plan, as `ohkit report` writes them): median wall {t_rep:.2f} s "
          f"over {args.runs} runs (goal ≤ 3 s: {'met' if t_rep <= 3 else 'NOT met'}); CPU {cpu['self']:.2f} s "
          f"in this process + {cpu['children']:.2f} s in the appendix process; longest process "
          f"{cpu['longest']:.2f} s (goal ≤ 3 s: {'met' if cpu['longest'] <= 3 else 'NOT met'})")


def _bench_cards(b, args) -> None:  # noqa: ANN001
    from ohkit.render.cards import render_cards

    t_cards, (cpdf, warns) = _time(lambda: render_cards(b, args.lang), args.runs)
    print(f"cards: {args.cards} posts, {sum(len(p.hazards) for p in b.posts)} hazards -> one PDF "
          f"{len(cpdf) / 1e3:.0f} kB; warnings: {[w.code for w in warns]}")
    print(f"cards: median {t_cards:.2f} s over {args.runs} runs "
          f"(goal ≤ 5 s: {'met' if t_cards <= 5 else 'NOT met'})")


def compare(ref: str, a, posts, lang: str, runs: int, what: list[str]) -> None:  # noqa: ANN001
    """Render with REF's ohkit and with this tree's, alternating child processes; print medians and ratios."""
    import json
    import os
    import pickle
    import subprocess

    repo = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp) / "old"
        old.mkdir()
        arch = subprocess.run(["git", "-C", str(repo), "archive", ref, "kit/ohkit", "checklists", "schemas"], check=True, capture_output=True)
        subprocess.run(["tar", "-x", "-C", str(old)], input=arch.stdout, check=True)
        ap, pp = Path(tmp) / "a.pickle", Path(tmp) / "posts.pickle"
        ap.write_bytes(pickle.dumps(a))
        pp.write_bytes(pickle.dumps(posts))
        child = str(Path(__file__).resolve().parent / "render_child.py")
        for what in what:
            res: dict[str, list[dict[str, float]]] = {"before": [], "after": []}
            for _ in range(runs):
                for side, path in (("before", old / "kit"), ("after", repo / "kit")):
                    env = dict(os.environ, PYTHONPATH=str(path))
                    out = subprocess.run([sys.executable, child, str(ap), str(pp), what, lang, "1"], env=env,
                                         capture_output=True, text=True, check=True)
                    res[side] += json.loads(out.stdout.strip().splitlines()[-1])
            keys = ("wall", "cpu", "cpu_longest") if what == "report" else ("wall", "cpu")
            med = {side: {k: statistics.median(r.get(k, r["cpu"]) for r in res[side]) for k in keys} for side in res}
            line = (f"{what} before ({ref}) vs after, alternating, median of {runs}: "
                    f"wall {med['before']['wall']:.2f} s -> {med['after']['wall']:.2f} s "
                    f"({med['before']['wall'] / med['after']['wall']:.2f}x); "
                    f"CPU {med['before']['cpu']:.2f} s -> {med['after']['cpu']:.2f} s "
                    f"({med['before']['cpu'] / med['after']['cpu']:.2f}x faster)")
            if what == "report":
                line += (f"; longest process {med['before']['cpu_longest']:.2f} s -> "
                         f"{med['after']['cpu_longest']:.2f} s ({med['before']['cpu_longest'] / med['after']['cpu_longest']:.2f}x)")
            print(line)


if __name__ == "__main__":
    sys.exit(main())
