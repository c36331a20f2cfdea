"""`ohkit --help` stays fast: no heavy library is imported to print help (STACK.md: ~60 ms
with lazy imports vs ~840 ms with everything at the top). Timing lives in bench/; here we
check the cause: which modules get imported."""
from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

HEAVY = ("weasyprint", "openpyxl", "jsonschema", "fastjsonschema", "jinja2", "segno",
         "icalendar", "python_calamine", "fontTools", "babel.messages", "babel.dates", "yaml")


def _imported_modules(*args: str) -> set[str]:
    code = "import sys; from ohkit.cli import main\ntry:\n main(%r)\nexcept SystemExit: pass\nprint('\\n'.join(sys.modules))" % (list(args),)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_help_imports_no_heavy_library():
    mods = _imported_modules("--help")
    heavy = sorted(m for m in mods if m.split(".")[0] in {h.split(".")[0] for h in HEAVY} and
                   any(m == h or m.startswith(h + ".") for h in HEAVY))
    assert heavy == [], f"`ohkit --help` imported {heavy}: import them inside the command instead"


def test_help_is_chinese_by_default_and_english_on_request():
    from ohkit.cli import main

    zh = subprocess.run([sys.executable, "-m", "ohkit", "--help"], capture_output=True, text=True)
    assert zh.returncode == 0, zh.stderr
    assert "用法：" in zh.stdout and "命令" in zh.stdout
    en = subprocess.run([sys.executable, "-m", "ohkit", "--lang", "en", "--help"], capture_output=True, text=True)
    # --lang before the sub-command is only read for help texts
    assert "Usage:" in en.stdout and "Commands" in en.stdout
    assert main is not None


def test_every_command_has_help_in_both_languages():
    from ohkit.cli import COMMANDS

    for name in COMMANDS:
        for lang, marker in (("zh", "用法："), ("en", "Usage:")):
            r = subprocess.run([sys.executable, "-m", "ohkit", name, "--help", "--lang", lang],
                               capture_output=True, text=True)
            assert r.returncode == 0, (name, r.stderr)
            assert marker in r.stdout, (name, lang, r.stdout[:200])


def test_version():
    from ohkit import __version__
    from ohkit.cli import cli

    r = CliRunner().invoke(cli, ["--version"])
    assert r.exit_code == 0 and __version__ in r.output
