"""Benchmark: assess a generated 300-worker firm with 5 years of records.

Goal (issue 3): assess ≤ 0.5 s and ≥ 200,000 record rows/s. Prints both, for the assess
step alone (workspace already loaded) and for load + assess, as medians of N runs.

    .venv/bin/python bench/bench_assess.py [--workers 300] [--years 5] [--runs 7] [--fmt csv|xlsx]
"""
from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import make_firm  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=300)
    ap.add_argument("--years", type=int, default=5)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--fmt", choices=["csv", "xlsx"], default="csv")
    ap.add_argument("--checklists", default=None, help="catalogue folder (default: the bundled checklists/)")
    args = ap.parse_args()

    from ohkit.catalogue import load_catalogue
    from ohkit.engine import assess
    from ohkit.records import load_workspace

    cat = load_catalogue(args.checklists)
    with tempfile.TemporaryDirectory() as tmp:
        info = make_firm(Path(tmp) / "firm", workers=args.workers, years=args.years, fmt=args.fmt)
        as_of: dt.date = info["as_of"]
        ws = load_workspace(info["path"], as_of=as_of)
        rows = sum(len(v) for v in ws.tables.values())
        assess(ws, as_of, cat)  # warm caches (regex, catalogue lookups)
        alone, full, cpu = [], [], []
        for _ in range(args.runs):
            t0, c0 = time.perf_counter(), time.process_time()
            a = assess(ws, as_of, cat)
            alone.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        for _ in range(args.runs):
            t0 = time.perf_counter()
            a = assess(load_workspace(info["path"], as_of=as_of), as_of, cat)
            full.append(time.perf_counter() - t0)
    ma, mf, mc = statistics.median(alone), statistics.median(full), statistics.median(cpu)
    print(f"firm: {args.workers} workers, {args.years} years, {args.fmt}; {rows} record rows "
          f"({', '.join(f'{k} {v}' for k, v in info['counts'].items())}); "
          f"{len(a.findings)} obligations (ruleset {a.ruleset_version}); {len(ws.problems)} record problems")
    print(f"assess alone:  median {ma:.3f} s over {args.runs} runs = {rows / ma:,.0f} rows/s "
          f"(goal ≤ 0.5 s and ≥ 200,000 rows/s: {'met' if ma <= 0.5 and rows / ma >= 200_000 else 'NOT met'})")
    print(f"assess alone, CPU time: median {mc:.3f} s = {rows / mc:,.0f} rows/s (less sensitive to other load)")
    print(f"load + assess: median {mf:.3f} s over {args.runs} runs = {rows / mf:,.0f} rows/s "
          f"(goal ≤ 0.5 s: {'met' if mf <= 0.5 else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
