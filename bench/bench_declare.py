"""Benchmark: the declaration form and the comparison for a 300-worker firm with 5 years of
records (bench/synth.py): building the form (engine), its XLSX and PDF; the assessment JSON a
report now writes beside it; comparing two assessments. Figures per worker and as a share of
the assessment's own time.

    .venv/bin/python bench/bench_declare.py [--workers 300] [--runs 3]
"""
from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synth import make_firm  # noqa: E402


def _time(fn, runs):  # noqa: ANN001
    ts, out = [], None
    for _ in range(runs):
        t = time.perf_counter()
        out = fn()
        ts.append(time.perf_counter() - t)
    return statistics.median(ts), out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=300)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()

    from ohkit.catalogue import load_catalogue
    from ohkit.engine import assess
    from ohkit.engine.compare import compare_assessments
    from ohkit.engine.declaration import declaration_form
    from ohkit.i18n import translator
    from ohkit.records import load_workspace
    from ohkit.render import declaration as render
    from ohkit.render.jsonout import assessment_to_dict

    cat, tr = load_catalogue(), translator("zh")
    with tempfile.TemporaryDirectory() as tmp:
        info = make_firm(Path(tmp) / "firm", workers=args.workers)
        day = info["as_of"]
        ws = load_workspace(info["path"], as_of=day)
        t_assess, a = _time(lambda: assess(ws, day, cat), args.runs)
        t_form, form = _time(lambda: declaration_form(ws, day, cat, a), args.runs)
    t_xlsx, xlsx = _time(lambda: render.to_xlsx(form, tr), args.runs)
    render.render_pdf(form, "bench", "zh")  # warm up fonts and templates
    t_pdf, (_, pdf, _) = _time(lambda: render.render_pdf(form, "bench", "zh"), args.runs)
    t_json, data = _time(lambda: json.dumps(assessment_to_dict(a, tr, cat), ensure_ascii=False, default=str), args.runs)
    d = json.loads(data)
    t_cmp, c = _time(lambda: compare_assessments(d, d), args.runs)
    n = args.workers
    print(f"assess: {t_assess:.2f} s (the reference)")
    print(f"declaration form (engine): {t_form:.2f} s = {t_form / t_assess:.2f}x assess, "
          f"{t_form / n * 1e3:.2f} ms per worker; exposed total {form.exposed_total.value}")
    print(f"declaration XLSX: {t_xlsx:.2f} s, {len(xlsx) / 1e3:.0f} kB; PDF: {t_pdf:.2f} s, {len(pdf) / 1e3:.0f} kB")
    print(f"assessment JSON beside the report: {t_json:.2f} s = {t_json / t_assess:.2f}x assess, "
          f"{len(data) / 1e6:.1f} MB ({len(data) / n / 1e3:.1f} kB per worker)")
    print(f"compare two assessments: {t_cmp * 1e3:.1f} ms for {len(d['findings'])} obligations")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
