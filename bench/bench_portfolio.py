"""Benchmark: `ohkit portfolio` for a hosted service's load (issue 13), each figure from one run.

Generates ``--distinct`` firms (bench/synth.py make_firm: ``--workers`` workers, ``--years``
years, one seed each) and fills a portfolio of ``--firms`` client folders with links to them
(every tenth in a district folder), so that thousands of firms cost no generation time; every
firm is still read, assessed and written on its own. Then, each in a fresh process (the CLI,
``-O`` to a temporary folder, JSON to /dev/null):

* 1 job vs all jobs on the same firms: wall seconds and the speed-up (goal ≥ 1.8x on 2 cores,
  ≤ 20 s for 1,000 firms of 50 workers with all jobs);
* ``--scale N``: N firms vs ``--firms`` with all jobs: time ratio (goal ≤ 11x for 10x the firms)
  and the peak RSS of the largest process (goal ≤ 1 GiB; the parent keeps one small row per firm);
* ``--papers N``: report, action plan, cards and calendar for N firms: firms per minute, and the
  re-run that skips them all.

    .venv/bin/python bench/bench_portfolio.py [--firms 1000] [--workers 50] [--years 2] [--distinct 40]
                                              [--jobs N] [--scale 10000] [--papers 100]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import AS_OF, make_firm  # noqa: E402

RUNNER = r"""
import json, resource, subprocess, sys, time
t = time.perf_counter()
p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": p.returncode, "wall": wall, "cpu": ru.ru_utime + ru.ru_stime,
                  "maxrss_mb": ru.ru_maxrss / 1024, "stderr": p.stderr.decode()[-2000:]}))
"""


def ohkit_bin() -> str:
    return shutil.which("ohkit") or str(Path(sys.executable).with_name("ohkit"))


def build(root: Path, models: list[Path], n: int) -> None:
    """n firm folders under root: links to the generated model firms (every tenth in a district)."""
    for i in range(n):
        dest = root / f"区{i % 10}" / f"firm{i:05d}" if i % 10 == 0 else root / f"firm{i:05d}"
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.symlink_to(models[i % len(models)], target_is_directory=True)


def measure(args: list[str]) -> dict:
    """One CLI run in a fresh process: wall and CPU seconds, peak RSS of its largest process."""
    out = subprocess.run([sys.executable, "-c", RUNNER, *args], capture_output=True, text=True, check=True)
    res = json.loads(out.stdout)
    if res["rc"] not in (0, 1):
        raise SystemExit(f"ohkit failed ({res['rc']}): {res['stderr']}")
    return res


def portfolio(root: Path, out: Path, jobs: int, *extra: str) -> dict:
    return measure([ohkit_bin(), "portfolio", str(root), "--as-of", AS_OF.isoformat(), "-O", str(out),
                    "-o", "json", "--jobs", str(jobs), *extra])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--firms", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=50)
    ap.add_argument("--years", type=int, default=2)
    ap.add_argument("--distinct", type=int, default=40, help="different generated firms the portfolio links to")
    ap.add_argument("--jobs", type=int, default=None, help="all jobs (default: the CPU cores)")
    ap.add_argument("--scale", type=int, default=0, help="also time this many firms against --firms")
    ap.add_argument("--papers", type=int, default=0, help="also write the papers of this many firms")
    args = ap.parse_args()
    try:
        jobs = args.jobs or len(os.sched_getaffinity(0))
    except AttributeError:
        jobs = args.jobs or os.cpu_count() or 1

    tmp = Path(tempfile.mkdtemp(prefix="ohkit-bench-pf-"))
    try:
        t0 = time.perf_counter()
        models = []
        for i in range(args.distinct):
            make_firm(tmp / "models" / f"m{i:03d}", workers=args.workers, years=args.years, seed=i, fmt="csv")
            models.append(tmp / "models" / f"m{i:03d}")
        build(tmp / "clients", models, args.firms)
        print("Wall-clock ratios need an otherwise idle machine; the CPU figures hold on a busy one.")
        print(f"{args.firms} firms x {args.workers} workers x {args.years} years "
              f"({args.distinct} generated in {time.perf_counter() - t0:.1f} s, the rest linked); "
              f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
        r1 = portfolio(tmp / "clients", tmp / "o1", 1)
        rn = portfolio(tmp / "clients", tmp / "on", jobs)
        differ = [str(p.relative_to(tmp / "on")) for p in sorted((tmp / "on").rglob("*")) if p.is_file()
                  and (tmp / "o1" / p.relative_to(tmp / "on")).read_bytes() != p.read_bytes()]
        same = not differ and sum(1 for p in (tmp / "o1").rglob("*")) == sum(1 for p in (tmp / "on").rglob("*"))
        if differ:
            print(f"files that differ: {differ[:5]}")
        print(f"assess + overview + JSON/XLSX/CSV/HTML, 1 job: {r1['wall']:.1f} s ({args.firms / r1['wall']:.0f} firms/s), "
              f"CPU {r1['cpu']:.1f} s, peak RSS {r1['maxrss_mb']:.0f} MB")
        print(f"same, {jobs} jobs: {rn['wall']:.1f} s ({args.firms / rn['wall']:.0f} firms/s), "
              f"CPU {rn['cpu']:.1f} s in all processes ({rn['cpu'] / r1['cpu']:.2f}x the 1-job CPU: the cost of "
              f"the workers), peak RSS {rn['maxrss_mb']:.0f} MB (largest process)")
        print(f"speed-up {r1['wall'] / rn['wall']:.2f}x with {jobs} jobs (goal ≥ 1.8x on 2 cores); "
              f"outputs byte-identical: {same}; {jobs} jobs {'within' if rn['wall'] <= 20 else 'OVER'} 20 s")
        if args.scale:
            shutil.rmtree(tmp / "on")
            build(tmp / "big", models, args.scale)
            rb = portfolio(tmp / "big", tmp / "ob", jobs)
            ratio = rb["wall"] / rn["wall"]
            print(f"{args.scale} firms, {jobs} jobs: {rb['wall']:.1f} s = {ratio:.1f}x the time of {args.firms} "
                  f"({args.scale / args.firms:.0f}x the firms; goal ≤ 11x for 10x); peak RSS {rb['maxrss_mb']:.0f} MB "
                  f"vs {rn['maxrss_mb']:.0f} MB (goal ≤ 1024 MB)")
            shutil.rmtree(tmp / "big")
            shutil.rmtree(tmp / "ob")
        if args.papers:
            build(tmp / "p", models, args.papers)
            rp = portfolio(tmp / "p", tmp / "op", jobs, "--papers")
            again = portfolio(tmp / "p", tmp / "op", jobs, "--papers")
            print(f"papers for {args.papers} firms ({jobs} jobs): {rp['wall']:.1f} s = "
                  f"{args.papers / rp['wall'] * 60:.0f} firms/min; re-run with nothing changed "
                  f"{again['wall']:.1f} s (all skipped)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
