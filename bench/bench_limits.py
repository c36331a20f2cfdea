"""Benchmark: hostile sizes stay bounded (issue 9, SECURITY.md "Limits").

Each case runs `ohkit` as a fresh process under RLIMIT_AS = 1 GiB and prints wall time, CPU time
and peak RSS, plus per-worker figures for the large rosters:

- 10,000 / 100,000 exposed workers: `validate` and `due`;
- one worker name of 1 MB (refused as a located cell problem);
- a 4 GiB sparse workers.csv (refused by its size before it is opened);
- records.xlsx whose sheet claims XFD1048576 (refused before the Excel reader opens it).

    .venv/bin/python bench/bench_limits.py
"""
from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EX = ROOT / "examples"
CHILD = ("import resource, sys\nresource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
         "from ohkit.cli import main\nsys.argv = ['ohkit'] + sys.argv[1:]\nmain()\n")


def workers(n: int, name_len: int = 0) -> str:
    lines = ["工号,姓名,身份证号,性别,出生日期,入职日期,岗位编号,上岗日期,离岗日期,合同告知"]
    for i in range(n):
        name = "名" * name_len if (name_len and i == 0) else f"工人{i}"
        lines.append(f"W{i:06d},{name},,男,1980/1/1,2020/1/1,S01,2020/1/1,,是")
    return "\n".join(lines) + "\n"


def run(firm: Path, *args: str) -> tuple[float, float, int, int]:
    t0 = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.run([sys.executable, "-c", CHILD, *args, str(firm), "--as-of", "2026-11-27"],
                       capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT / "kit")})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return time.perf_counter() - t0, cpu, after.ru_maxrss // 1024, p.returncode


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="ohkit-bench-limits-"))
    try:
        cases = []
        for n in (10_000, 100_000):
            d = tmp / f"w{n}"
            shutil.copytree(EX / "stone", d)
            (d / "workers.csv").write_text(workers(n), encoding="utf-8")
            cases += [(f"{n:,} workers validate", d, ("validate",), n), (f"{n:,} workers due", d, ("due",), n)]
        d = tmp / "name"
        shutil.copytree(EX / "stone", d)
        (d / "workers.csv").write_text(workers(16, name_len=1 << 20), encoding="utf-8")
        cases.append(("1 MB worker name due", d, ("due",), 0))
        d = tmp / "sparse"
        shutil.copytree(EX / "stone", d)
        with open(d / "workers.csv", "wb") as fh:
            fh.truncate(4 << 30)
        cases.append(("4 GiB sparse CSV validate", d, ("validate",), 0))
        print(f"{'case':32} {'wall s':>8} {'cpu s':>8} {'peak RSS MiB (max so far)':>26} {'exit':>5}  per worker")
        for label, firm, args, n in cases:
            wall, cpu, rss, rc = run(firm, *args)
            per = f"{cpu / n * 1e6:.0f} µs CPU" if n else ""
            print(f"{label:32} {wall:8.2f} {cpu:8.2f} {rss:26d} {rc:5d}  {per}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
