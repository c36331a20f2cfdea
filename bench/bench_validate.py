"""Benchmark (not a test): validate 100,000 generated exam rows with ohkit and
with `frictionless validate` on the same CSV; print rows/s for each and the ratio.
Also prints `ohkit --help` wall time against `python -c pass`.

    python bench/bench_validate.py [--rows 100000] [--repeat 3]

Goal (issue 2): ohkit >= 5x faster than frictionless; `ohkit --help` <= 3x `python -c pass`.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TYPES = ["上岗前", "在岗期间", "离岗时", "复查"]
CONCL = ["目前未见异常", "目前未见异常", "目前未见异常", "复查", "其他疾病或异常"]
HAZ = ["噪声", "木粉尘", "苯、甲苯、二甲苯", "矽尘", "噪声、电焊烟尘"]


def make_firm(root: Path, rows: int, workers: int = 5000, seed: int = 7) -> Path:
    rnd = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    (root / "enterprise.yaml").write_text("name: 基准测试工厂\nhazard_class: general\n", encoding="utf-8")
    with (root / "workers.csv").open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["工号", "姓名", "入职日期", "岗位编号"])
        for i in range(workers):
            w.writerow([f"W{i:05d}", f"工人{i}", f"20{rnd.randint(10, 23)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}", ""])
    start = dt.date(2015, 1, 1)
    with (root / "exams.csv").open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["工号", "体检日期", "体检类型", "体检机构", "危害因素", "体检结论", "报告编号", "书面告知日期"])
        for i in range(rows):
            d = start + dt.timedelta(days=rnd.randint(0, 3600))
            n = d + dt.timedelta(days=rnd.randint(1, 20))
            w.writerow([f"W{rnd.randrange(workers):05d}", d.isoformat(), rnd.choice(TYPES), "某市职业病防治院",
                        rnd.choice(HAZ), rnd.choice(CONCL), f"TJ{i:07d}", n.isoformat()])
    return root


def time_ohkit(root: Path, repeat: int) -> tuple[float, float, int]:
    """(median wall s, median CPU s, exam rows) of load_workspace on the whole folder."""
    from ohkit.records import load_workspace

    as_of = dt.date(2026, 1, 1)
    load_workspace(root, as_of=as_of)  # warm-up: imports, schema compilation
    times, cpu, n = [], [], 0
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        ws = load_workspace(root, as_of=as_of)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        errors = [p for p in ws.problems if p.severity == "error"]
        assert not errors, errors[:3]
        n = len(ws.table("exams"))  # builds the Records too (not timed: validation does not need them)
        del ws  # freeing it is not part of the next run
    return statistics.median(times), statistics.median(cpu), n


def time_frictionless_api(csv_path: Path, repeat: int) -> tuple[float, float]:
    import os

    from frictionless import validate

    times, cpu = [], []
    here = os.getcwd()
    os.chdir(csv_path.parent)  # frictionless refuses absolute paths as "not safe"
    validate(csv_path.name, limit_rows=10)  # warm-up: imports
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        report = validate(csv_path.name)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        assert report.valid, report.flatten(["type", "message"])[:3]
    os.chdir(here)
    return statistics.median(times), statistics.median(cpu)


def time_cli(args: list[str], repeat: int, cwd: Path | None = None) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, cwd=cwd)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="ohkit-bench-"))
    try:
        root = make_firm(tmp / "firm", a.rows)
        exams = root / "exams.csv"
        print(f"rows: {a.rows:,} exams (+5,000 workers), {exams.stat().st_size / 1e6:.1f} MB CSV")

        t_ok, c_ok, n = time_ohkit(root, a.repeat)
        assert n == a.rows, n
        print(f"ohkit load_workspace (read+normalise+schema+cross-checks, whole folder): "
              f"wall {t_ok:.2f} s = {a.rows / t_ok:,.0f} rows/s; CPU {c_ok:.2f} s = {a.rows / c_ok:,.0f} rows/s")

        t_fr, c_fr = time_frictionless_api(exams, a.repeat)
        print(f"frictionless.validate(exams.csv), in-process:                        "
              f"wall {t_fr:.2f} s = {a.rows / t_fr:,.0f} rows/s; CPU {c_fr:.2f} s = {a.rows / c_fr:,.0f} rows/s")
        print(f"ratio (ohkit vs frictionless, in-process): wall {t_fr / t_ok:.1f}x, CPU {c_fr / c_ok:.1f}x  (goal >= 5x)")

        fr_bin = shutil.which("frictionless") or str(Path(sys.executable).with_name("frictionless"))
        ok_bin = shutil.which("ohkit") or str(Path(sys.executable).with_name("ohkit"))
        t_fr_cli = time_cli([fr_bin, "validate", exams.name], 1, cwd=exams.parent)
        t_ok_cli = time_cli([ok_bin, "validate", str(root), "--as-of", "2026-01-01", "-o", "json"], 1)
        print(f"CLI wall time: frictionless validate {t_fr_cli:.2f} s, ohkit validate {t_ok_cli:.2f} s "
              f"-> {t_fr_cli / t_ok_cli:.1f}x")

        t_pass = time_cli([sys.executable, "-c", "pass"], 7)
        t_help = time_cli([ok_bin, "--help"], 7)
        t_help_m = time_cli([sys.executable, "-m", "ohkit", "--help"], 7)
        print(f"python -c pass: {t_pass * 1000:.0f} ms; ohkit --help: {t_help * 1000:.0f} ms "
              f"({t_help / t_pass:.1f}x); python -m ohkit --help: {t_help_m * 1000:.0f} ms "
              f"({t_help_m / t_pass:.1f}x)  (goal <= 3x)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
