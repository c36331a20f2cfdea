"""The hardening corpus harness: one bad or odd input -> one checked run of the CLI.

A ``Case`` says how to break a copy of a bundled example (``mutate``), which command to
run (``argv``, with ``{firm}`` and ``{out}`` filled in), and what must come out: the exit
code(s) and a message that locates the problem (``located``, a regex). ``run_case`` then
checks, for every case:

- no internal error ("因内部错误停止" / "internal error") and no traceback;
- the exit code;
- the located message (file, and row/column where there is one);
- the inputs byte-identical after the run (a hash of every file, link and special file
  under the case folder, except the output folder);
- nothing written outside the output folder (the same hash covers the working folder);
- no full 18-digit ID number (one that passes the GB 11643 check digit, after folding
  full-width and other Unicode digits) in the terminal output or any file written;
- a time limit; and, for ``subprocess=True`` cases, a memory limit (RLIMIT_AS, 1 GiB)
  in a child process.

Most cases run in-process through click's CliRunner (fast); the families that test
memory run in a subprocess under the address-space limit.

Both corpus files use it: tests/hardening/test_corpus_inputs.py and
tests/hardening/test_corpus_outputs.py.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
import subprocess
import sys
import time
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
AS_OF = "2026-11-27"  # the date the bundled examples are written for (examples/*/EXPECTED.md)
MEMORY_LIMIT = 1 << 30  # 1 GiB address space for subprocess cases
DEFAULT_TIMEOUT = 60.0  # seconds; generous for a shared 2-core machine

INTERNAL_ERROR = re.compile(r"因内部错误停止|internal error|Traceback \(most recent call last\)|panicked at|stack backtrace")


# ---------------------------------------------------------------------------
# ID numbers (GB 11643-1999)
# ---------------------------------------------------------------------------

_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def id_check_ok(s: str) -> bool:
    """True when an 18-character string is a GB 11643 ID number (check digit right)."""
    if len(s) != 18 or not s[:17].isdigit() or not (s[17].isdigit() or s[17] in "Xx"):
        return False
    total = sum(int(c) * w for c, w in zip(s[:17], _W))
    return _CHECK[total % 11] == s[17].upper()


def make_id(prefix17: str) -> str:
    """Complete 17 digits with the right check digit."""
    assert len(prefix17) == 17 and prefix17.isdigit()
    total = sum(int(c) * w for c, w in zip(prefix17, _W))
    return prefix17 + _CHECK[total % 11]


def _fold_digits(text: str) -> str:
    out = []
    for ch in text:
        if ch.isdigit() and not ("0" <= ch <= "9"):
            try:
                out.append(str(unicodedata.digit(ch)))
                continue
            except (TypeError, ValueError):
                pass
        elif ch in "ｘＸ":
            out.append("X")
            continue
        out.append(ch)
    return "".join(out)


_ID_RUN = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")


def full_ids(text: str) -> list[str]:
    """Every full ID number in ``text`` (after folding Unicode digits)."""
    folded = _fold_digits(text)
    return [m.group(0) for m in _ID_RUN.finditer(folded) if id_check_ok(m.group(0))]


# ---------------------------------------------------------------------------
# Folder snapshots
# ---------------------------------------------------------------------------

def snapshot(root: Path, skip: Iterable[Path] = ()) -> dict[str, str]:
    """relative path -> fingerprint of every entry under ``root`` (links not followed,
    FIFOs and other special files never opened). Entries under ``skip`` are left out."""
    skip_r = [p.resolve() if p.exists() else p for p in skip]
    out: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        d = Path(dirpath)
        if any(d == s or s in d.parents for s in skip_r):
            dirnames[:] = []
            continue
        for name in dirnames + filenames:
            p = d / name
            if any(p == s for s in skip_r):
                continue
            rel = str(p.relative_to(root))
            st = p.lstat()
            if stat.S_ISLNK(st.st_mode):
                out[rel] = "link:" + os.readlink(p)
            elif stat.S_ISREG(st.st_mode) and st.st_size > (256 << 20):  # huge (sparse) test files
                out[rel] = f"bigfile:{st.st_size}:{st.st_mtime_ns}:{stat.S_IMODE(st.st_mode):o}"
            elif stat.S_ISREG(st.st_mode):
                h = hashlib.sha256()
                with open(p, "rb") as fh:
                    for chunk in iter(lambda: fh.read(1 << 20), b""):
                        h.update(chunk)
                out[rel] = f"file:{st.st_size}:{h.hexdigest()}:{stat.S_IMODE(st.st_mode):o}"
            elif stat.S_ISDIR(st.st_mode):
                out[rel] = "dir"
            else:
                out[rel] = f"special:{stat.S_IFMT(st.st_mode)}"
    return out


# ---------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------

Mutator = Callable[[Path], None]


@dataclass
class Case:
    """One corpus case. ``argv`` may contain ``{firm}`` and ``{out}``."""

    family: str
    name: str
    mutate: Mutator
    argv: Sequence[str] = ("validate", "{firm}")
    exit: frozenset[int] | int = frozenset({1})
    located: str | None = None           # regex that must appear in the output
    absent: Sequence[str] = ()           # regexes that must NOT appear in the output
    example: str = "stone"
    subprocess: bool = False
    timeout: float = DEFAULT_TIMEOUT
    as_of: str | None = AS_OF            # added as --as-of unless None or already in argv
    lang: str | None = None              # "en" adds --lang en
    check: Callable[["Result"], None] | None = None  # extra assertions
    scan_pdf: bool = False               # also look for full IDs in PDFs (pdftotext)
    marks: tuple = ()
    input: str | None = None             # stdin for the command (in-process cases)
    may_write: Sequence[str] = ()        # firm files the command may change (assess: answers.yaml)

    @property
    def id(self) -> str:
        return f"{self.family}-{self.name}"

    def param(self):
        import pytest

        return pytest.param(self, id=self.id, marks=list(self.marks))


@dataclass
class Result:
    case: Case
    exit_code: int
    output: str
    seconds: float
    firm: Path
    out: Path
    files_written: list[Path] = field(default_factory=list)


def make_firm(case: Case, tmp: Path) -> Path:
    firm = tmp / "firm"
    if case.example:
        shutil.copytree(EXAMPLES / case.example, firm, symlinks=True)
        for extra in ("EXPECTED.md",):
            (firm / extra).unlink(missing_ok=True)
    else:
        firm.mkdir()
    case.mutate(firm)
    return firm


def _argv(case: Case, firm: Path, out: Path) -> list[str]:
    args = [a.replace("{firm}", str(firm)).replace("{out}", str(out)) for a in case.argv]
    if case.as_of and "--as-of" not in args and args and args[0] not in ("init",):
        args += ["--as-of", case.as_of]
    if case.lang and "--lang" not in args:
        args += ["--lang", case.lang]
    return args


def _run_inprocess(args: list[str], cwd: Path, input: str | None = None) -> tuple[int, str]:
    from click.testing import CliRunner

    from ohkit.cli import cli

    old = os.getcwd()
    os.chdir(cwd)
    try:
        r = CliRunner().invoke(cli, args, catch_exceptions=True, input=input)
    finally:
        os.chdir(old)
    out = r.output
    try:
        out += r.stderr if r.stderr not in out else ""
    except ValueError:
        pass
    if r.exception is not None and not isinstance(r.exception, SystemExit):
        import traceback

        out += "\nTraceback (most recent call last):\n" + "".join(traceback.format_exception(r.exception))
    return r.exit_code, out


_CHILD = (
    "import resource, sys\n"
    "resource.setrlimit(resource.RLIMIT_AS, ({lim}, {lim}))\n"
    "from ohkit.cli import main\n"
    "sys.argv = ['ohkit'] + sys.argv[1:]\n"
    "main()\n"
)


def _run_subprocess(args: list[str], cwd: Path, timeout: float) -> tuple[int, str]:
    env = dict(os.environ)
    env.pop("OHKIT_DEBUG", None)
    # HOME and TMPDIR inside the case folder: a write there is caught by the snapshot too
    for var, name in (("HOME", "home"), ("TMPDIR", "tmp"), ("XDG_CACHE_HOME", "home/.cache")):
        (cwd.parent / name).mkdir(parents=True, exist_ok=True)
        env[var] = str(cwd.parent / name)
    env["PYTHONPATH"] = str(REPO / "kit") + os.pathsep + env.get("PYTHONPATH", "")
    code = _CHILD.format(lim=MEMORY_LIMIT)
    try:
        p = subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, env=env, capture_output=True,
                           timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        raise AssertionError(f"timed out after {timeout} s: ohkit {' '.join(args)}") from exc
    out = p.stdout.decode("utf-8", "replace") + p.stderr.decode("utf-8", "replace")
    if p.returncode < 0 or "MemoryError" in out:
        raise AssertionError(f"killed or out of memory (rc {p.returncode}) under {MEMORY_LIMIT >> 20} MiB: "
                             f"ohkit {' '.join(args)}\n{out[-2000:]}")
    return p.returncode, out


def _texts_of(path: Path, scan_pdf: bool) -> Iterable[str]:
    suffix = path.suffix.lower()
    data = path.read_bytes()
    if suffix in (".xlsx", ".xlsm", ".zip") or data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(path) as z:
            for info in z.infolist():
                yield z.read(info).decode("utf-8", "replace")
        return
    if suffix == ".pdf":
        if scan_pdf and shutil.which("pdftotext"):
            p = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, timeout=60)
            yield p.stdout.decode("utf-8", "replace")
        return
    for enc in ("utf-8", "utf-16", "gb18030"):
        try:
            yield data.decode(enc)
            return
        except UnicodeDecodeError:
            continue
    yield data.decode("utf-8", "replace")


def run_case(case: Case, tmp: Path) -> Result:
    """Build the case folder, run the command, and check everything every case must hold."""
    firm = make_firm(case, tmp)
    out = tmp / "out"
    cwd = tmp / "cwd"
    cwd.mkdir(exist_ok=True)
    if case.subprocess:
        for name in ("home/.cache", "tmp"):
            (tmp / name).mkdir(parents=True, exist_ok=True)
    before = snapshot(tmp, skip=[out])
    args = _argv(case, firm, out)
    t0 = time.perf_counter()
    if case.subprocess:
        code, text = _run_subprocess(args, cwd, case.timeout)
    else:
        code, text = _run_inprocess(args, cwd, case.input)
    secs = time.perf_counter() - t0
    after = snapshot(tmp, skip=[out])
    show = f"ohkit {' '.join(args)}\n--- output ---\n{text[-4000:]}"

    assert not INTERNAL_ERROR.search(text), f"internal error / traceback\n{show}"
    allowed = {case.exit} if isinstance(case.exit, int) else set(case.exit)
    assert code in allowed, f"exit {code}, expected {sorted(allowed)}\n{show}"
    if case.located:
        assert re.search(case.located, text), f"no message matching {case.located!r}\n{show}"
    for pat in case.absent:
        assert not re.search(pat, text), f"output matches {pat!r}, which it must not\n{show}"
    allowed_w = {f"firm/{n}" for n in case.may_write}
    # ohkit's own parsed catalogue (no user data) may be cached (SECURITY.md)
    cache = re.compile(r"home/\.cache(/ohkit(/catalogue-[0-9a-f]+\.json)?)?$")
    changed = sorted(k for k in set(before) | set(after)
                     if before.get(k) != after.get(k) and k not in allowed_w and not cache.match(k))
    assert not changed, f"inputs changed or files written outside the output folder: {changed}\n{show}"
    assert secs < case.timeout, f"took {secs:.1f} s (limit {case.timeout} s)\n{show}"

    leaks = full_ids(text)
    written: list[Path] = []
    if out.exists():
        for p in sorted(out.rglob("*")):
            if p.is_file():
                written.append(p)
                for t in _texts_of(p, case.scan_pdf):
                    leaks += [f"{p.name}: {i}" for i in full_ids(t)]
    assert not leaks, f"full ID numbers in the output: {leaks[:5]}\n{show}"
    res = Result(case, code, text, secs, firm, out, written)
    if case.check:
        case.check(res)
    return res


# ---------------------------------------------------------------------------
# Helpers for mutators
# ---------------------------------------------------------------------------

def write(name: str, data: bytes | str, encoding: str = "utf-8") -> Mutator:
    def m(firm: Path) -> None:
        (firm / name).write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return m


def remove(*names: str) -> Mutator:
    def m(firm: Path) -> None:
        for n in names:
            p = firm / n
            if p.is_dir() and not p.is_symlink():
                shutil.rmtree(p)
            else:
                p.unlink(missing_ok=True)
    return m


def chain(*ms: Mutator) -> Mutator:
    def m(firm: Path) -> None:
        for f in ms:
            f(firm)
    return m


def edit_text(name: str, fn: Callable[[str], str]) -> Mutator:
    """Rewrite a text file through ``fn`` (read with ``encoding``, written as UTF-8)."""
    def m(firm: Path) -> None:
        p = firm / name
        p.write_bytes(fn(read_text(p)).encode("utf-8"))
    return m


def read_text(p: Path) -> str:
    """A bundled example file's text (UTF-8 with or without BOM, or GBK)."""
    data = p.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def reencode(name: str, encoding: str, bom: bytes = b"") -> Mutator:
    def m(firm: Path) -> None:
        p = firm / name
        p.write_bytes(bom + read_text(p).encode(encoding))
    return m


def csv_rows(name: str) -> Callable[[Path], list[list[str]]]:
    import csv
    import io

    def r(firm: Path) -> list[list[str]]:
        return list(csv.reader(io.StringIO(read_text(firm / name), newline="")))
    return r


def edit_cell(name: str, row: int, col: int, value: str) -> Mutator:
    """Set one cell of a CSV (row 1 = header, col 0 = A)."""
    import csv
    import io

    def m(firm: Path) -> None:
        rows = csv_rows(name)(firm)
        while len(rows[row - 1]) <= col:
            rows[row - 1].append("")
        rows[row - 1][col] = value
        buf = io.StringIO(newline="")
        csv.writer(buf, lineterminator="\r\n").writerows(rows)
        (firm / name).write_bytes(buf.getvalue().encode("utf-8"))
    return m


def yaml_set(key: str, value: str, name: str = "enterprise.yaml") -> Mutator:
    """Replace (or add) a top-level ``key: value`` line with a raw YAML value text."""
    def m(firm: Path) -> None:
        p = firm / name
        lines = read_text(p).splitlines()
        pat = re.compile(rf"^{re.escape(key)}\s*:")
        for i, ln in enumerate(lines):
            if pat.match(ln):
                lines[i] = f"{key}: {value}"
                break
        else:
            lines.append(f"{key}: {value}")
        p.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    return m
