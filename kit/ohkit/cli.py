"""The `ohkit` command line. Only click and ohkit's light modules are imported
here; each command module imports what it needs inside its function, so that
`ohkit --help` stays fast (see tests/test_cli_startup.py)."""
from __future__ import annotations

import importlib
import os
import sys

import click

from ohkit import __version__
from ohkit.i18n import N_, install_click_translations, normalise_lang, translator

# command name -> module under ohkit.commands defining `command`
COMMANDS = {
    "init": "init",
    "validate": "validate",
    "assess": "assess",
    "report": "report",
    "card": "card",
    "due": "due",
    "portfolio": "portfolio",
    "declare": "declare",
    "verify": "signoff",
}

# One line per command for `ohkit --help`, so that listing the commands imports none of them.
SHORT_HELP = {
    "init": N_("Create a new firm folder with record templates to fill in."),
    "validate": N_("Check the records: every problem with file, row, column and the fix."),
    "assess": N_("Check the records against every obligation and list what to do."),
    "report": N_("Write the self-assessment report (HTML + PDF) and the action plan."),
    "card": N_("Print the occupational hazard notice cards, one page per post."),
    "due": N_("List overdue and upcoming exams, training, testing and declarations."),
    "portfolio": N_("Hosted services: all client firms at a glance, most urgent first, with summed rates."),
    "declare": N_("Prefill the hazard declaration form (申报表) from the records; say if a declaration is due."),
    "verify": N_("Say whether the records still match a signed-off report (its assessment JSON)."),
}


class LazyGroup(click.Group):
    def main(self, *args, **kwargs):  # type: ignore[override]
        # Usage errors echo what was typed: they too pass the ID-number masking.
        from ohkit.commands.common import masked_std_streams

        with masked_std_streams():
            return super().main(*args, **kwargs)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from ohkit.commands.common import H

        with formatter.section(H("Commands")):
            formatter.write_dl([(name, H(SHORT_HELP[name])) for name in COMMANDS])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        mod = COMMANDS.get(name)
        if mod is None:
            return None
        try:
            return importlib.import_module(f"ohkit.commands.{mod}").command
        except ImportError as exc:  # a broken install: say so, never a traceback
            from ohkit.model import Msg

            click.echo(translator(_early_lang(sys.argv[1:])).msg(
                Msg("cli.broken_install", {"command": name, "error": str(exc)})), err=True)
            ctx.exit(2)


def _early_lang(argv: list[str]) -> str:
    """The language for help texts, read before click parses anything."""
    lang = os.environ.get("OHKIT_LANG")
    for i, a in enumerate(argv):
        if a == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif a.startswith("--lang="):
            lang = a.split("=", 1)[1]
    try:
        return normalise_lang(lang)
    except ValueError:
        return "zh"


def _group_help(lang: str) -> str:
    tr = translator(lang)
    return tr.gettext(
        "ohkit: occupational-health compliance kit for small and micro employers.\n\n"
        "Start a firm folder with `ohkit init`, check it with `ohkit validate`, see what is "
        "missing with `ohkit assess`, and print the self-assessment report and notice cards "
        "with `ohkit report` and `ohkit card`. Add --lang en for English."
    )


def build_cli(lang: str = "zh") -> click.Group:
    from ohkit.commands import common

    common.HELP_LANG[0] = lang
    install_click_translations(lang)

    @click.group(cls=LazyGroup, help=_group_help(lang),
                 context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
    @click.version_option(__version__, "-V", "--version", prog_name="ohkit")
    @click.option("--lang", default=None, metavar="zh|en",
                  help=common.H("Language of messages and outputs: zh (default) or en."))
    def cli(lang: str | None) -> None:
        pass

    return cli


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    lang = _early_lang(args)
    build_cli(lang).main(args=args, prog_name="ohkit")


def __getattr__(name: str) -> click.Group:
    """`from ohkit.cli import cli` (click's CliRunner in tests): the group, built on first use —
    `ohkit` itself builds it once in main(), in the language it was asked for."""
    if name == "cli":
        group = build_cli(_early_lang(sys.argv[1:]))
        globals()["cli"] = group
        return group
    raise AttributeError(name)
