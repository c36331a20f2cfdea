"""Real `ohkit` output for the "Using ohkit" page, captured at build time.

Each command runs in a subprocess (like a user would run it) in a scratch
folder holding a copy of the bundled example firm, in Chinese and English.
The output is written as Markdown snippets ``cli-<command>.<lang>.md`` that the
hand-written pages include. A command that does not exist yet is reported in
the build log and its snippet says so; ``cli-status.json`` records what
happened to each command (the tests read it).
"""
from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable

from ohkit.i18n import LANGS, N_

# The date the example is assessed on: fixed so that the guide does not change every day.
EXAMPLE_AS_OF = dt.date(2026, 11, 27)  # the reference date of examples/furniture/EXPECTED.md
FIRM = "furniture"  # folder name of the example in the scratch folder

# command -> arguments after `ohkit <command>` ({firm}, {as_of} filled in)
COMMAND_ARGS: dict[str, list[str]] = {
    "init": ["我的工厂"],
    "validate": ["{firm}", "--as-of", "{as_of}"],
    "assess": ["{firm}", "--as-of", "{as_of}", "--no-input"],
    "report": ["{firm}", "--as-of", "{as_of}", "--no-input", "-O", "ohkit-out"],
    "card": ["{firm}", "--as-of", "{as_of}", "-O", "ohkit-out"],
    "due": ["{firm}", "--as-of", "{as_of}", "--within", "90d"],
    "portfolio": ["examples", "--as-of", "{as_of}"],
}
COMMANDS = list(COMMAND_ARGS)
MAX_LINES = 60
EXIT_MEANING = {
    0: N_("nothing to act on"),
    1: N_("problems or findings that need action"),
    2: N_("the command could not run"),
}


def command_exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(f"ohkit.commands.{name}") is not None
    except (ImportError, ValueError):
        return False


def _example_dir() -> Path | None:
    try:
        from ohkit.paths import DEFAULT_EXAMPLE, examples_dir

        d = examples_dir() / DEFAULT_EXAMPLE
        return d if (d / "enterprise.yaml").is_file() else None
    except Exception:  # noqa: BLE001
        return None


def _run(cmd: list[str], cwd: Path, timeout: int = 300) -> tuple[int, str]:
    env = dict(os.environ, COLUMNS="100", NO_COLOR="1", PYTHONIOENCODING="utf-8", PYTHONUTF8="1")
    env.pop("OHKIT_LANG", None)
    env.pop("OHKIT_DEBUG", None)
    p = subprocess.run([sys.executable, "-m", "ohkit", *cmd], cwd=cwd, env=env, capture_output=True,
                       text=True, encoding="utf-8", errors="replace", timeout=timeout)
    out = p.stdout
    if p.stderr.strip():
        out = (p.stderr.rstrip() + "\n" + out) if out.strip() else p.stderr
    return p.returncode, out.replace(str(cwd) + os.sep, "").replace(str(cwd), ".")


def site_translations(lang: str):  # noqa: ANN201 - lazy import avoids a cycle with build
    from ohkit.site.build import site_translations as st

    return st(lang)


def _snippet(lang: str, shown: str, code: int | None, out: str, note: str | None) -> str:
    tr = site_translations(lang)
    if note:
        title = tr.gettext("Not available yet")
        return f"!!! warning \"{title}\"\n    {note}\n"
    lines = out.rstrip().splitlines()
    if len(lines) > MAX_LINES:
        cut = len(lines) - MAX_LINES
        lines = lines[:MAX_LINES] + ["…", tr.ngettext("({n} more line)", "({n} more lines)", cut).format(n=cut)]
    meaning = EXIT_MEANING.get(code, EXIT_MEANING[2])
    exit_txt = tr.gettext("Exit code {code}: {meaning}").format(code=code, meaning=tr.gettext(meaning))
    return terminal_html([f"$ {shown}", *lines]) + f"\n\n<small>{exit_txt}</small>\n"


def terminal_html(lines: list[str]) -> str:
    """Terminal output as HTML whose columns line up in any browser font: every character a
    terminal draws two cells wide (CJK) gets a box exactly 2ch wide, every other non-ASCII
    character a 1ch box, the same widths the CLI pads its columns with."""
    import html
    import unicodedata

    out = []
    for line in lines:
        parts = []
        for ch in line:
            if ch < "\x7f":
                parts.append(html.escape(ch))
            else:
                w = 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
                parts.append(f'<span class="w{w}">{html.escape(ch)}</span>')
        out.append("".join(parts))
    body = "\n".join(out)
    return f'<div class="ohkit-term highlight"><pre><code>{body}</code></pre></div>'



def capture_cli(snip_dir: Path, rep: Any, *, log: Callable[[str], None] = print, run: bool = True,
                as_of: dt.date | None = None, keep: Path | None = None) -> dict[str, dict[str, Any]]:
    """Run every command on the example; write the snippets into ``snip_dir``. With ``keep``,
    the files `report` and `card` wrote (report PDF/HTML, action plan, cards) are copied there."""
    as_of = as_of or EXAMPLE_AS_OF
    snip_dir.mkdir(parents=True, exist_ok=True)
    example = _example_dir()
    status: dict[str, dict[str, Any]] = {}
    jobs = []
    for name in ["help", *COMMANDS]:
        exists = name == "help" or command_exists(name)
        status[name] = {"exists": exists, "runs": {}}
        for lang in LANGS:
            args = ["--help"] if name == "help" else [name, *[a.format(firm=FIRM, as_of=as_of.isoformat())
                                                          for a in COMMAND_ARGS[name]]]
            if lang == "en":
                args = args + ["--lang", "en"] if name != "help" else ["--lang", "en", "--help"]
            jobs.append((name, lang, args, exists))

    def one(job: tuple[str, str, list[str], bool]) -> tuple[str, str, str, int | None, str, str | None]:
        name, lang, args, exists = job
        tr = site_translations(lang)
        shown = "ohkit " + " ".join(args)
        if not exists:
            return name, lang, shown, None, "", tr.gettext(
                "`ohkit {name}` is not part of this version of ohkit yet.").format(name=name)
        if not run:
            return name, lang, shown, None, "", tr.gettext("Output not captured in this build.")
        if name not in ("help", "init") and example is None:
            return name, lang, shown, None, "", tr.gettext("The bundled example firm is missing from this build.")
        with tempfile.TemporaryDirectory(prefix="ohkit-site-") as tmp:
            cwd = Path(tmp)
            if example is not None and name == "portfolio":  # every bundled example, as clients
                shutil.copytree(example.parent, cwd / "examples")
            elif example is not None and name not in ("help", "init"):
                shutil.copytree(example, cwd / FIRM)
            try:
                code, out = _run(args, cwd)
            except subprocess.TimeoutExpired:
                return name, lang, shown, None, "", tr.gettext("The command took too long in this build.")
            if keep is not None and (cwd / "ohkit-out").is_dir():
                keep.mkdir(parents=True, exist_ok=True)
                for f in (cwd / "ohkit-out").rglob("*"):
                    if f.is_file():
                        shutil.copyfile(f, keep / f.name)
        return name, lang, shown, code, out, None

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(one, jobs))
    for name, lang, shown, code, out, note in results:
        (snip_dir / f"cli-{name}.{lang}.md").write_text(_snippet(lang, shown, code, out, note), encoding="utf-8")
        ok = note is None and code in (0, 1) and "Traceback" not in out and bool(out.strip())
        status[name]["runs"][lang] = {"exit": code, "ok": ok, "note": note, "chars": len(out)}
    for name, st in status.items():
        if not st["exists"]:
            msg = f"command `ohkit {name}` is not implemented yet: its output is left out of the guide"
        elif not run:
            msg = None
        elif all(r["ok"] for r in st["runs"].values()):
            rep.commands[name] = "ok"
            continue
        else:
            bad = {lang: r for lang, r in st["runs"].items() if not r["ok"]}
            msg = f"command `ohkit {name}` did not run cleanly on the example: {bad}"
        rep.commands[name] = "missing" if not st["exists"] else ("skipped" if msg is None else "failed")
        if msg:
            rep.warnings.append(msg)
            log("site: WARNING " + msg)
    (snip_dir / "cli-status.json").write_text(json.dumps(status, indent=2, ensure_ascii=False), encoding="utf-8")
    return status
