"""Benchmark: `ohkit portfolio` over many generated client firms (a hosted service's load).

Generates N small firms (bench/synth.py make_firm, default 200 firms of 20 workers, 2 years,
different seeds; every tenth one grouped in a district folder), then times the library
(``ohkit.engine.portfolio.portfolio`` + the text, JSON and XLSX renderings) and prints
firms/s. The catalogue is loaded once for the whole run.

    .venv/bin/python bench/bench_portfolio.py [--firms 200] [--workers 20] [--years 2] [--runs 3]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import AS_OF, make_firm  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--firms", type=int, default=200)
    ap.add_argument("--workers", type=int, default=20)
    ap.add_argument("--years", type=int, default=2)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()

    from ohkit.catalogue import load_catalogue
    from ohkit.engine.portfolio import find_firms, portfolio
    from ohkit.i18n import translator
    from ohkit.render import portfolio as render

    tr = translator("zh")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "clients"
        t0 = time.perf_counter()
        for i in range(args.firms):
            sub = root / f"区{i % 10}" / f"firm{i:04d}" if i % 10 == 0 else root / f"firm{i:04d}"
            make_firm(sub, workers=args.workers, years=args.years, seed=i, fmt="csv")
        gen = time.perf_counter() - t0
        found = len(find_firms(root))
        assert found == args.firms, (found, args.firms)
        cat = load_catalogue()
        assess_t, render_t = [], []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            res = portfolio(root, AS_OF, cat)
            t1 = time.perf_counter()
            render.render_text(res, tr)
            render.portfolio_to_dict(res, tr)
            render.to_xlsx(res, tr)
            render.to_csv(res, tr)
            render_t.append(time.perf_counter() - t1)
            assess_t.append(t1 - t0)
        a, r = statistics.median(assess_t), statistics.median(render_t)
        need = sum(1 for f in res.firms if f.assessment is None or render.firm_row(f).needs_action)
        print(f"{args.firms} firms x {args.workers} workers x {args.years} years (generated in {gen:.1f} s); "
              f"{need} need action")
        print(f"load + assess: {a:.2f} s = {args.firms / a:.0f} firms/s (median of {args.runs})")
        print(f"render text + json + xlsx + csv: {r:.2f} s")
        print(f"total: {args.firms / (a + r):.0f} firms/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
