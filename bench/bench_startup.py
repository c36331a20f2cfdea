"""Benchmark: `ohkit --help` start-up against a ten-line click app (goal: within 1.1x its CPU time).

Both run as fresh processes of the same Python, alternating, N times each; the CPU time (user +
system) of each child is read from its rusage, which a busy machine disturbs far less than the
wall clock. Prints the medians, the ratio, and the modules `ohkit --help` imports beyond what
the click app imports (what is ohkit's to remove).

`ohkit` is measured as users run it: the installed console script (`.venv/bin/ohkit`), with the
package's bytecode compiled as `pip install` leaves it (the bench compiles it first and lets the
children use it even when PYTHONDONTWRITEBYTECODE is set; compiling ohkit's modules from source
on every run costs ~6 ms that no installed copy pays). `python -m ohkit --help` is printed too:
it also loads runpy (~3 ms), which a click app run as a script does not.

    .venv/bin/python bench/bench_startup.py [--runs 21]
"""
from __future__ import annotations

import argparse
import compileall
import importlib.util
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


# The children read the bytecode the bench compiled (as an installed package has it).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def cpu_of(args: list[str]) -> float:
    pid = os.fork()
    if pid == 0:  # child: run the command with output discarded
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        try:
            os.execve(args[0], args, ENV)
        finally:
            os._exit(127)
    _pid, _status, ru = os.wait4(pid, 0)
    return ru.ru_utime + ru.ru_stime


def modules(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV)
    return set(out.stderr.split())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=21)
    args = ap.parse_args()
    pkg = importlib.util.find_spec("ohkit").submodule_search_locations[0]
    compileall.compile_dir(pkg, quiet=1)  # what `pip install` does; an editable install on first run
    script = Path(sys.executable).with_name("ohkit")
    with tempfile.TemporaryDirectory() as tmp:
        app = Path(tmp) / "app.py"
        app.write_text(CLICK_APP, encoding="utf-8")
        cmds = {
            "ohkit": [str(script), "--help"] if script.is_file() else [sys.executable, "-m", "ohkit", "--help"],
            "-m ohkit": [sys.executable, "-m", "ohkit", "--help"],
            "click": [sys.executable, str(app), "--help"],
            "python": [sys.executable, "-c", "pass"],
        }
        for cmd in cmds.values():  # warm the file cache
            cpu_of(cmd)
        t: dict[str, list[float]] = {k: [] for k in cmds}
        for _ in range(args.runs):
            for k, cmd in cmds.items():
                t[k].append(cpu_of(cmd))
        m = {k: statistics.median(v) for k, v in t.items()}
        print(f"CPU time, median of {args.runs} alternating runs (bytecode compiled): python -c pass "
              f"{m['python'] * 1000:.0f} ms; ten-line click app --help {m['click'] * 1000:.0f} ms; "
              f"ohkit --help {m['ohkit'] * 1000:.0f} ms ({'console script' if script.is_file() else 'python -m ohkit'}); "
              f"python -m ohkit --help {m['-m ohkit'] * 1000:.0f} ms")
        print(f"ohkit --help / click app: {m['ohkit'] / m['click']:.2f}x (goal ≤ 1.1x); "
              f"beyond python itself: {(m['ohkit'] - m['python']) / max(m['click'] - m['python'], 1e-9):.2f}x; "
              f"python -m ohkit --help / click app: {m['-m ohkit'] / m['click']:.2f}x; "
              f"load average {os.getloadavg()[0]:.1f}")
        mine = modules(MODULES.format(argv=["ohkit", "--help"], run="runpy.run_module('ohkit', run_name='__main__')"))
        theirs = modules(MODULES.format(argv=[str(app), "--help"], run=f"runpy.run_path({str(app)!r}, run_name='__main__')"))
        extra = sorted(x for x in mine - theirs if not x.startswith("ohkit"))
        print(f"modules ohkit --help imports beyond the click app ({len(extra)}): {' '.join(extra)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
