"""Benchmark: `ohkit --help` start-up against a ten-line click app (goal: within 1.1x its CPU time).

Both run as fresh processes of the same Python, alternating, N times each; the CPU time (user +
system) of each child is read from its rusage, which a busy machine disturbs far less than the
wall clock. Prints the medians, the ratio, and the modules `ohkit --help` imports beyond what
the click app imports (what is ohkit's to remove).

    .venv/bin/python bench/bench_startup.py [--runs 21]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

CLICK_APP = '''import click


@click.group(help="A ten-line click app.")
def cli():
    pass


@cli.command(help="Say hello.")
def hello():
    click.echo("hello")


cli()
'''

MODULES = "import sys, runpy; sys.argv = {argv!r}\ntry:\n    {run}\nexcept SystemExit:\n    pass\nprint('\\n'.join(sorted(sys.modules)), file=sys.stderr)"


def cpu_of(args: list[str]) -> float:
    pid = os.fork()
    if pid == 0:  # child: run the command with output discarded
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        try:
            os.execv(args[0], args)
        finally:
            os._exit(127)
    _pid, _status, ru = os.wait4(pid, 0)
    return ru.ru_utime + ru.ru_stime


def modules(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    return set(out.stderr.split())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=21)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = Path(tmp) / "app.py"
        app.write_text(CLICK_APP, encoding="utf-8")
        ohkit = [sys.executable, "-m", "ohkit", "--help"]
        plain = [sys.executable, str(app), "--help"]
        bare = [sys.executable, "-c", "pass"]
        for cmd in (ohkit, plain):  # warm the file cache
            cpu_of(cmd)
        t = {"ohkit": [], "click": [], "python": []}
        for _ in range(args.runs):
            t["ohkit"].append(cpu_of(ohkit))
            t["click"].append(cpu_of(plain))
            t["python"].append(cpu_of(bare))
        m = {k: statistics.median(v) for k, v in t.items()}
        print(f"CPU time, median of {args.runs} alternating runs: python -c pass {m['python'] * 1000:.0f} ms; "
              f"ten-line click app --help {m['click'] * 1000:.0f} ms; ohkit --help {m['ohkit'] * 1000:.0f} ms")
        print(f"ohkit --help / click app: {m['ohkit'] / m['click']:.2f}x (goal ≤ 1.1x); "
              f"beyond python itself: {(m['ohkit'] - m['python']) / max(m['click'] - m['python'], 1e-9):.2f}x")
        mine = modules(MODULES.format(argv=["ohkit", "--help"], run="runpy.run_module('ohkit', run_name='__main__')"))
        theirs = modules(MODULES.format(argv=[str(app), "--help"], run=f"runpy.run_path({str(app)!r}, run_name='__main__')"))
        extra = sorted(x for x in mine - theirs if not x.startswith("ohkit"))
        print(f"modules ohkit --help imports beyond the click app ({len(extra)}): {' '.join(extra)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
