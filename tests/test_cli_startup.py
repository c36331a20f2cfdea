"""`ohkit --help` stays fast: no heavy library is imported to print help (STACK.md: ~60 ms
with lazy imports vs ~840 ms with everything at the top). Timing lives in bench/; here we
check the cause: which modules get imported."""
from __future__ import annotations

import re
import subprocess
import sys

from click.testing import CliRunner

HEAVY = ("weasyprint", "openpyxl", "jsonschema", "fastjsonschema", "jinja2", "segno",
         "icalendar", "python_calamine", "fontTools", "babel.messages", "babel.dates", "yaml")


def _imported_modules(*args: str) -> set[str]:
    code = ("import sys; from ohkit.cli import main\ntry:\n main(%r)\nexcept SystemExit: pass\n"
            "print('\\n'.join(sys.modules), file=sys.stderr)" % (list(args),))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "Usage" in out.stdout or "用法" in out.stdout, out.stdout
    return set(out.stderr.split())


def test_help_imports_no_heavy_library():
    mods = _imported_modules("--help")
    heavy = sorted(m for m in mods if m.split(".")[0] in {h.split(".")[0] for h in HEAVY} and
                   any(m == h or m.startswith(h + ".") for h in HEAVY))
    assert heavy == [], f"`ohkit --help` imported {heavy}: import them inside the command instead"


CLICK_APP = """import click, sys


@click.group(help="A ten-line click app.")
def cli():
    pass


@cli.command(help="Say hello.")
def hello():
    click.echo("hello")


try:
    cli(["--help"])
except SystemExit:
    pass
print("\\n".join(sys.modules), file=sys.stderr)
"""


def test_help_loads_nothing_beyond_a_click_app_but_the_cli_and_its_text():
    """`ohkit --help` lists the commands without importing them (LazyGroup) and reads its texts
    without gettext's struct/copy/locale, re-compiled patterns or the masking module
    (bench/bench_startup.py has the CPU time)."""
    plain = set(subprocess.run([sys.executable, "-c", CLICK_APP], capture_output=True, text=True,
                               check=True).stderr.split())
    for args in (("--help",), ("--lang", "en", "--help")):
        extra = _imported_modules(*args) - plain
        assert extra == {"ohkit", "ohkit.cli", "ohkit.i18n", "ohkit.commands", "ohkit.commands.common"}, args


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
    """Each command's help, loaded on demand, is whole in the language asked for: click's own
    words, the shared options and the command's description."""
    from ohkit.cli import COMMANDS

    for name in COMMANDS:
        zh = subprocess.run([sys.executable, "-m", "ohkit", name, "--help"], capture_output=True, text=True)
        assert zh.returncode == 0, (name, zh.stderr)
        assert zh.stdout.startswith(f"用法： ohkit {name} "), (name, zh.stdout[:200])
        assert "选项:" in zh.stdout and "显示本帮助并退出。" in zh.stdout, name
        assert "Usage" not in zh.stdout and "Show this message" not in zh.stdout, name
        assert "提示信息和输出文件的语言" in zh.stdout, name  # --lang, from ohkit's core catalogue
        description = zh.stdout.split("\n\n")[1]
        assert re.search(r"[\u4e00-\u9fff]{4}", description), (name, description)
        for args in ((name, "--help", "--lang", "en"), ("--lang", "en", name, "--help")):
            en = subprocess.run([sys.executable, "-m", "ohkit", *args], capture_output=True, text=True)
            assert en.returncode == 0, (args, en.stderr)
            assert en.stdout.startswith(f"Usage: ohkit {name} "), (args, en.stdout[:200])
            assert "Options:" in en.stdout and "Show this message and exit." in en.stdout, args
            assert "Language of messages and outputs" in en.stdout, args
            assert not re.search("用法|选项|显示本帮助|提示信息", en.stdout), args


def test_version():
    from ohkit import __version__
    from ohkit.cli import cli

    r = CliRunner().invoke(cli, ["--version"])
    assert r.exit_code == 0 and __version__ in r.output
