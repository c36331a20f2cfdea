"""Options and plumbing shared by the sub-commands.

Exit codes (DESIGN.md): 0 nothing to act on, 1 problems or findings that
need action, 2 the command could not run. No traceback reaches a user: an
unexpected exception becomes one line and exit 2.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import functools
import re
import sys
from typing import TYPE_CHECKING, Any, Callable

import click

from ohkit.i18n import N_, Translator, normalise_lang, translator

if TYPE_CHECKING:
    from pathlib import Path

    from ohkit.model import Msg

# `ohkit --help` imports this module (for H): pathlib and json are imported where they are used.

def _msg(code: str, params: dict | None = None) -> "Msg":
    from ohkit.model import Msg  # imported on use: `ohkit --help` never needs it

    return Msg(code, params or {})


HELP_LANG = ["zh"]  # language of --help texts, set by ohkit.cli before commands load

EXIT_OK, EXIT_FINDINGS, EXIT_CANNOT_RUN = 0, 1, 2


def H(s: str) -> str:
    """Translate a help text into the help language (marks it for extraction)."""
    return translator(HELP_LANG[0]).gettext(s)


class Abort(Exception):
    """Stop the command with a translated message and exit code 2."""

    def __init__(self, msg: Msg, code: int = EXIT_CANNOT_RUN):
        super().__init__(msg.code)
        self.msg = msg
        self.code = code


def _lang_cb(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    # `ohkit --lang en validate` : the group's option applies when the command has none.
    parent = ctx.parent
    while value is None and parent is not None:
        value = parent.params.get("lang")
        parent = parent.parent
    try:
        return normalise_lang(value)
    except ValueError:
        raise click.BadParameter(translator(HELP_LANG[0]).msg(_msg("cli.bad_lang", {"value": value})))


# --as-of outside these dates is a usage error (exit 2): due dates are computed years
# ahead and the XLSX/ICS writers cannot store dates before 1900 or after 9999.
AS_OF_MIN, AS_OF_MAX = dt.date(1990, 1, 1), dt.date(2100, 12, 31)
MAX_WITHIN_DAYS = 3660  # due --within: at most 10 years ahead


class OutOfRange(ValueError):
    pass


def parse_as_of(value: str | None) -> dt.date:
    d = _parse_as_of(value)
    if not (AS_OF_MIN <= d <= AS_OF_MAX):
        raise OutOfRange(value)
    return d


def _parse_as_of(value: str | None) -> dt.date:
    if value in (None, "", "today"):
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        pass
    # The same forms the records accept (2026/3/5, 2026.3.5, 2026年3月5日 …), never a guess.
    from ohkit.records.normalise import parse_date

    try:
        d = parse_date(value.strip())
    except Exception:  # noqa: BLE001 - any parse failure is the same "cannot read" answer
        raise ValueError(value) from None
    if not isinstance(d, dt.date):
        raise ValueError(value)
    return d


def _as_of_cb(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date:
    try:
        return parse_as_of(value)
    except OutOfRange:
        raise click.BadParameter(translator(HELP_LANG[0]).msg(_msg("cli.as_of_range", {
            "value": value, "min": AS_OF_MIN.isoformat(), "max": AS_OF_MAX.isoformat()})))
    except ValueError:
        raise click.BadParameter(translator(HELP_LANG[0]).msg(_msg("cli.bad_date", {"value": value})))


def lang_option(f: Callable) -> Callable:
    return click.option("--lang", default=None, callback=_lang_cb, metavar="zh|en",
                        help=H("Language of messages and outputs: zh (default) or en."))(f)


def as_of_option(f: Callable) -> Callable:
    return click.option("--as-of", "as_of", default=None, callback=_as_of_cb, metavar="YYYY-MM-DD",
                        help=H("Assessment date (default: today). Dates after it count as errors."))(f)


def format_option(f: Callable) -> Callable:
    return click.option("-o", "--output", "fmt", type=click.Choice(["text", "json"]), default="text",
                        show_default=True, help=H("Output format: text for people, json for scripts."))(f)


def no_input_option(f: Callable) -> Callable:
    return click.option("--no-input", is_flag=True, default=False,
                        help=H("Never ask questions; use only the records and saved answers."))(f)


def out_dir_option(f: Callable) -> Callable:
    from pathlib import Path

    return click.option("-O", "--out-dir", "out_dir", type=click.Path(file_okay=False, path_type=Path),
                        default=None, help=H("Folder for the files written (default: ./ohkit-out/<firm folder name>)."))(f)


def firm_argument(f: Callable) -> Callable:
    from pathlib import Path

    return click.argument("firm", required=False, type=click.Path(path_type=Path))(f)


def resolve_firm(firm: Path | None, tr: Translator, *, quiet: bool = False) -> Path:
    """The firm folder to work on.

    No FIRM and no enterprise.yaml in the current folder: the bundled example
    (and we say so on stderr, so JSON on stdout stays clean).
    """
    from pathlib import Path

    from ohkit.paths import DEFAULT_EXAMPLE, examples_dir

    if firm is None:
        here = Path.cwd()
        if (here / "enterprise.yaml").is_file():
            return here
        ex = examples_dir() / DEFAULT_EXAMPLE
        if not quiet:
            click.echo(tr.msg(_msg("cli.using_example", {"name": DEFAULT_EXAMPLE, "path": str(ex)})), err=True)
        return ex
    if firm.is_file():
        raise Abort(_msg("rec.firm_is_file", {"path": str(firm), "folder": str(firm.parent)}))
    if not firm.exists() or not firm.is_dir():
        raise Abort(_msg("cli.folder_missing", {"path": str(firm)}))
    if not (firm / "enterprise.yaml").is_file():
        raise Abort(_msg("cli.not_a_firm", {"path": str(firm)}))
    return firm


_OS_REASONS = {
    "EACCES": "no permission", "EPERM": "no permission", "ENAMETOOLONG": "the name is too long",
    "ENOSPC": "no space left on the disk", "EROFS": "the disk is read-only", "ENOENT": "the path does not exist",
    "ENOTDIR": "a part of the path is a file, not a folder", "ELOOP": "a loop of links", "EIO": "an input/output error",
    "EEXIST": "it already exists", "EISDIR": "it is a folder", "EDQUOT": "the disk quota is used up",
}


def os_reason(exc: OSError, tr: Translator) -> str:
    """Why an OS call failed, in the user's language (never the English strerror)."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    reason = _OS_REASONS.get(name)
    if reason is None:
        return name or type(exc).__name__
    return tr.gettext(reason)


# marked for translation (used through _OS_REASONS)
N_OS = (N_("no permission"), N_("the name is too long"), N_("no space left on the disk"),
        N_("the disk is read-only"), N_("the path does not exist"), N_("a part of the path is a file, not a folder"),
        N_("a loop of links"), N_("an input/output error"), N_("it already exists"), N_("it is a folder"),
        N_("the disk quota is used up"))


def default_out_dir(firm: Path, out_dir: Path | None) -> Path:
    """Outputs never go into the records: default ./ohkit-out/<firm name>."""
    if out_dir is not None:
        return out_dir
    from pathlib import Path

    return Path.cwd() / "ohkit-out" / firm.resolve().name


def parse_duration(value: str) -> int:
    """'60d' / '8w' / '2m' / '60' -> days."""
    m = re.fullmatch(r"\s*(\d{1,12})\s*([dwm天周月]?)\s*", value or "")
    if not m:
        raise ValueError(value)
    n, unit = int(m.group(1)), m.group(2)
    days = n * {"": 1, "d": 1, "天": 1, "w": 7, "周": 7, "m": 30, "月": 30}[unit]
    if days > MAX_WITHIN_DAYS:
        raise OutOfRange(value)
    return days


def emit_json(data: Any) -> None:
    from ohkit.render.mask import json_text

    click.echo(json_text(data, indent=2, default=_json_default))


def _json_default(o: Any) -> Any:
    from pathlib import Path

    if isinstance(o, (dt.date, dt.datetime)):
        return o.isoformat()
    if isinstance(o, Path):
        return str(o)
    if isinstance(o, (set, frozenset, tuple)):
        return list(o)
    raise TypeError(type(o).__name__)


# Control characters a terminal would act on: everything in C0 but tab, line feed and carriage
# return; DEL and C1; and ESC unless it starts a colour (SGR) sequence as click.style writes them.
# A name typed as "\x1b[2J…" or with an OSC title sequence then prints as plain text.
_TERMINAL_CONTROLS = "\x1b(?!\\[[0-9;]*m)|[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f-\x9f]"
# The same characters but ESC, dropped by str.translate when the text holds no ESC (no regex to
# compile for `ohkit --help`).
_CONTROLS_BUT_ESC = dict.fromkeys([*range(0x00, 0x09), 0x0b, 0x0c, *range(0x0e, 0x1b), *range(0x1c, 0x20),
                                   *range(0x7f, 0xa0)])
# mask_ids finds nothing in a text with fewer decimal digits than the shortest ID number (15).
_ID_MIN_DIGITS = 15


def may_hold_id(s: str) -> bool:
    """False when ``s`` has too few digits for an ID number (``mask_ids`` would return it as it
    is); str.isdecimal is what mask_ids' ``\\d`` matches (Unicode Nd)."""
    digits = sum(s.count(d) for d in "0123456789") if s.isascii() else sum(map(str.isdecimal, s))
    return digits >= _ID_MIN_DIGITS


@functools.lru_cache(maxsize=1)
def _terminal_controls() -> re.Pattern[str]:
    return re.compile(_TERMINAL_CONTROLS)


def terminal_text(s: str) -> str:
    """``s`` as MaskingStream writes it: terminal control characters dropped, ID numbers masked."""
    if "\x1b" in s:
        s = _terminal_controls().sub("", s)
    else:
        s = s.translate(_CONTROLS_BUT_ESC)
    if len(s) < _ID_MIN_DIGITS:
        return s
    if "ohkit.render.mask" not in sys.modules and len(s) <= 4096 and not may_hold_id(s):
        return s  # (help texts and short messages: the masking module is not even imported)
    from ohkit.render.mask import mask_ids

    return mask_ids(s)


class MaskingStream:
    """A text stream that masks ID numbers (``render.mask``) and drops terminal control
    characters in everything written to it.

    stdout and stderr are wrapped while a command runs, so every line a command prints —
    messages, the assess summary, ``-o json``, errors — passes one place. ``buffer`` is
    hidden so that nothing can write around the masking."""

    def __init__(self, stream: Any):
        self._stream = stream

    def write(self, s: Any) -> int:
        if isinstance(s, str):
            s = terminal_text(s)
        return self._stream.write(s)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        if name == "buffer":
            raise AttributeError(name)
        return getattr(self._stream, name)


@contextlib.contextmanager
def masked_std_streams() -> Any:
    """Wrap sys.stdout and sys.stderr in MaskingStream for the duration (nesting is harmless)."""
    saved = sys.stdout, sys.stderr
    if sys.stdout is not None and not isinstance(sys.stdout, MaskingStream):
        sys.stdout = MaskingStream(sys.stdout)  # type: ignore[assignment]
    if sys.stderr is not None and not isinstance(sys.stderr, MaskingStream):
        sys.stderr = MaskingStream(sys.stderr)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def guarded(f: Callable) -> Callable:
    """Turn Abort and unexpected errors into a message and exit 2 (no traceback); everything
    the command prints passes ``MaskingStream``."""
    inner = _guard(f)

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with masked_std_streams():
            return inner(*args, **kwargs)

    return wrapper


def _guard(f: Callable) -> Callable:
    """Turn Abort and unexpected errors into a message and exit 2 (no traceback)."""

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        lang = kwargs.get("lang") or HELP_LANG[0]
        tr = translator(lang)
        try:
            return f(*args, **kwargs)
        except Abort as exc:
            click.echo(tr.msg(exc.msg), err=True)
            sys.exit(exc.code)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except BrokenPipeError:  # `ohkit validate … | head`: the reader has gone; stop quietly
            import os

            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(EXIT_OK)
        except BaseException as exc:  # noqa: BLE001 - last line of defence (also Rust panics from extensions)
            if isinstance(exc, GeneratorExit):
                raise
            import os
            import traceback

            if os.environ.get("OHKIT_DEBUG"):
                traceback.print_exc()
            click.echo(tr.msg(_msg("cli.internal_error", {"error": f"{type(exc).__name__}: {exc}"})), err=True)
            sys.exit(EXIT_CANNOT_RUN)

    return wrapper


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file so that a reader never sees half of it."""
    import os
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    # mkstemp makes the file private (0600); give it the mode a plain open() would
    # (or keep the mode of the file it replaces, e.g. answers.yaml).
    from pathlib import Path

    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix="." + path.name + ".", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
