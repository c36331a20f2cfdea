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

# One `ohkit portfolio` run, in this fresh process (stdout to /dev/null): wall seconds, the CPU of
# this process (the parent: before the first firm is handed out, while firms are assessed, after
# the last one — writing the outputs) and of its worker processes, and the peak RSS of each.
RUNNER = r"""
import json, os, resource, sys, time
t0 = time.perf_counter()
report, argv = sys.argv[1], sys.argv[2:]
os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
os.dup2(os.open(report + ".err", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 2)
import ohkit.commands.portfolio_run as pr
marks = {}
real = pr._outcomes


def _outcomes(*a, **k):
    marks["start"] = time.process_time()
    yield from real(*a, **k)
    marks["end"] = time.process_time()


pr._outcomes = _outcomes
from ohkit.cli import main
rc = 0
try:
    main(argv)
except SystemExit as e:
    rc = e.code if isinstance(e.code, int) else 1
wall = time.perf_counter() - t0
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = me.ru_utime + me.ru_stime
with open(report, "w") as fh:
    json.dump({"rc": rc, "wall": wall, "parent": cpu, "workers": kids.ru_utime + kids.ru_stime,
               "before": marks.get("start", cpu), "during": marks.get("end", cpu) - marks.get("start", cpu),
               "after": cpu - marks.get("end", cpu), "rss_parent_mb": me.ru_maxrss / 1024,
               "rss_worker_mb": kids.ru_maxrss / 1024}, fh)
"""


def build(root: Path, models: list[Path], n: int) -> None:
    """n firm folders under root: links to the generated model firms (every tenth in a district)."""
    for i in range(n):
        dest = root / f"区{i % 10}" / f"firm{i:05d}" if i % 10 == 0 else root / f"firm{i:05d}"
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.symlink_to(models[i % len(models)], target_is_directory=True)


# The runs read ohkit's compiled bytecode, as an installed copy does (with PYTHONDONTWRITEBYTECODE
# every process, each worker too, would compile the modules it imports from source).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def compile_ohkit() -> None:
    import compileall
    import importlib.util

    compileall.compile_dir(importlib.util.find_spec("ohkit").submodule_search_locations[0], quiet=1)


def measure(args: list[str]) -> dict:
    """One CLI run in a fresh process: wall and CPU seconds (parent, workers), peak RSS."""
    with tempfile.TemporaryDirectory() as t:
        report = os.path.join(t, "run.json")
        subprocess.run([sys.executable, "-c", RUNNER, report, *args], check=True, env=ENV)
        res = json.loads(Path(report).read_text())
        res["stderr"] = Path(report + ".err").read_text(errors="replace")[-2000:]
    if res["rc"] not in (0, 1):
        raise SystemExit(f"ohkit failed ({res['rc']}): {res['stderr']}")
    res["cpu"] = res["parent"] + res["workers"]
    res["maxrss_mb"] = max(res["rss_parent_mb"], res["rss_worker_mb"])
    return res


def portfolio(root: Path, out: Path, jobs: int, *extra: str) -> dict:
    return measure(["portfolio", str(root), "--as-of", AS_OF.isoformat(), "-O", str(out),
                    "-o", "json", "--jobs", str(jobs), *extra])


def accounting(r1: dict, rn: dict, firms: int, jobs: int) -> list[str]:
    """Where the CPU goes, and the speed-up it allows on an idle machine with `jobs` cores: the
    parent's work before the first firm and after the last is serial; its work while firms run
    shares the cores with the workers."""
    ms = 1000 / firms
    serial = rn["before"] + rn["after"]
    bound_wall = serial + max(rn["during"], (rn["during"] + rn["workers"]) / jobs)
    return [
        f"CPU, 1 job: {r1['cpu']:.1f} s = {r1['cpu'] * ms:.1f} ms/firm (start {r1['before']:.2f} s, firms "
        f"{r1['during']:.1f} s = {r1['during'] * ms:.1f} ms/firm, outputs {r1['after']:.2f} s)",
        f"CPU, {jobs} jobs: parent {rn['parent']:.1f} s (start {rn['before']:.2f} s, while firms run "
        f"{rn['during']:.2f} s = {rn['during'] * ms:.2f} ms/firm, outputs {rn['after']:.2f} s); workers "
        f"{rn['workers']:.1f} s = {rn['workers'] * ms:.1f} ms/firm",
        f"serial fraction {serial / (rn['parent'] + rn['workers']):.1%} (start + outputs), parent while firms run "
        f"{rn['during'] / (rn['parent'] + rn['workers']):.1%}; on an idle {jobs}-core machine this run's CPU takes "
        f"≥ {bound_wall:.1f} s: speed-up ≤ {(rn['parent'] + rn['workers']) / bound_wall:.2f}x over the same CPU in one "
        f"process (≤ {r1['cpu'] / bound_wall:.2f}x over the 1-job run's CPU)",
    ]


def ipc_sizes(folder: Path, out: Path) -> str:
    """Bytes through the pool's pipe per firm: the folder handed out, the outcome handed back."""
    import pickle

    from ohkit.commands import portfolio_run as pr
    from ohkit.engine.portfolio import find_firms

    f = find_firms(folder)[0]
    pr.init_worker(pr.RunOptions(AS_OF, "zh", out_dir=out))
    o = pr.process_firm(f)
    return f"per firm through the pool's pipe: {len(pickle.dumps(f))} B out, {len(pickle.dumps(o))} B back"


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

    compile_ohkit()
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
        for line in accounting(r1, rn, args.firms, jobs):
            print(line)
        print(ipc_sizes(tmp / "clients", tmp / "ipc"))
        print(f"load average at the end {os.getloadavg()[0]:.1f}")
        if args.scale:
            shutil.rmtree(tmp / "on")
            build(tmp / "big", models, args.scale)
            rb = portfolio(tmp / "big", tmp / "ob", jobs)
            ratio = rb["wall"] / rn["wall"]
            print(f"{args.scale} firms, {jobs} jobs: {rb['wall']:.1f} s = {ratio:.1f}x the time of {args.firms} "
                  f"({args.scale / args.firms:.0f}x the firms; goal ≤ 11x for 10x); peak RSS {rb['maxrss_mb']:.0f} MB "
                  f"vs {rn['maxrss_mb']:.0f} MB (goal ≤ 1024 MB; parent {rb['rss_parent_mb']:.0f} MB, "
                  f"largest worker {rb['rss_worker_mb']:.0f} MB)")
            print(f"  CPU {rb['cpu']:.1f} s = {rb['cpu'] / rn['cpu']:.1f}x the CPU of {args.firms} (parent "
                  f"{rb['parent']:.1f} s: start {rb['before']:.2f} s, while firms run {rb['during']:.1f} s, outputs "
                  f"{rb['after']:.1f} s; workers {rb['workers'] * 1000 / args.scale:.1f} ms/firm); load average "
                  f"{os.getloadavg()[0]:.1f}")
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
