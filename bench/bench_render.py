"""Benchmark: report PDF for a 300-worker firm (goal ≤ 3 s) and 100 notice cards
(goal ≤ 5 s), timed inside one process (imports and the assessment excluded),
medians of N runs.

With ``--baseline REF`` (a git commit, e.g. the one before a rendering change) the same
Assessment is also rendered by the ohkit of REF, unpacked into a temporary folder, in child
processes that alternate with this tree's (before, after, before, after …), and the ratio of the
medians is printed: on a shared machine absolute seconds wander with the load, ratios measured
side by side much less. CPU seconds are printed beside wall seconds for the same reason.

The firm is bench/synth.py's generated 300-worker firm, read and assessed by the
real pipeline; the 100 cards are 100 posts made from that firm's posts (1–3
hazards each, cycling through the catalogue's hazards).

    .venv/bin/python bench/bench_render.py [--workers 300] [--cards 100] [--runs 3] [--lang zh] [--baseline REF]
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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=300)
    ap.add_argument("--cards", type=int, default=100)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--lang", default="zh")
    ap.add_argument("--baseline", default=None, metavar="REF",
                    help="also render with the ohkit of this git commit and print after/before ratios")
    args = ap.parse_args()

    from ohkit.engine import assess
    from ohkit.records import load_workspace
    from ohkit.render.cards import render_cards
    from ohkit.render.report import render_report

    with tempfile.TemporaryDirectory() as tmp:
        info = make_firm(Path(tmp) / "firm", workers=args.workers)
        a = assess(load_workspace(info["path"], as_of=info["as_of"]), info["as_of"])
    render_report(a, args.lang)  # warm up: weasyprint import, fonts, templates
    t_rep, (html, pdf, _) = _time(lambda: render_report(a, args.lang), args.runs)
    subjects = sum(len(f.subjects) for f in a.findings)
    print(f"report: {len(a.workers)} workers, {len(a.findings)} obligations, {subjects} subject rows, "
          f"{len(a.due)} due items -> PDF {len(pdf) / 1e3:.0f} kB, HTML {len(html) / 1e3:.0f} kB")
    print(f"report (HTML + PDF): median {t_rep:.2f} s over {args.runs} runs "
          f"(goal ≤ 3 s: {'met' if t_rep <= 3 else 'NOT met'})")
    b = dataclasses.replace(a, posts=_posts(a, args.cards))
    t_cards, (cpdf, warns) = _time(lambda: render_cards(b, args.lang), args.runs)
    print(f"cards: {args.cards} posts, {sum(len(p.hazards) for p in b.posts)} hazards -> one PDF "
          f"{len(cpdf) / 1e3:.0f} kB; warnings: {[w.code for w in warns]}")
    print(f"cards: median {t_cards:.2f} s over {args.runs} runs "
          f"(goal ≤ 5 s: {'met' if t_cards <= 5 else 'NOT met'})")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    if args.baseline:
        compare(args.baseline, a, b.posts, args.lang, args.runs)
    return 0


def compare(ref: str, a, posts, lang: str, runs: int) -> None:  # noqa: ANN001
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
        for what in ("report", "cards"):
            res: dict[str, list[dict[str, float]]] = {"before": [], "after": []}
            for _ in range(runs):
                for side, path in (("before", old / "kit"), ("after", repo / "kit")):
                    env = dict(os.environ, PYTHONPATH=str(path))
                    out = subprocess.run([sys.executable, child, str(ap), str(pp), what, lang, "1"], env=env,
                                         capture_output=True, text=True, check=True)
                    res[side] += json.loads(out.stdout.strip().splitlines()[-1])
            med = {side: {k: statistics.median(r[k] for r in res[side]) for k in ("wall", "cpu")} for side in res}
            print(f"{what} before ({ref}) vs after, alternating, median of {runs}: "
                  f"wall {med['before']['wall']:.2f} s -> {med['after']['wall']:.2f} s "
                  f"({med['before']['wall'] / med['after']['wall']:.2f}x); "
                  f"CPU {med['before']['cpu']:.2f} s -> {med['after']['cpu']:.2f} s "
                  f"({med['before']['cpu'] / med['after']['cpu']:.2f}x faster)")


if __name__ == "__main__":
    sys.exit(main())
