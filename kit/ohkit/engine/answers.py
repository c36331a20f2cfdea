"""answers.yaml: the walk-through answers, one top-level key per question.

    # comments and other keys are kept
    EXAM-5: {answer: true, date: 2026-11-27}
    hazard_class: {answer: serious, date: 2026-11-27}

Updating rewrites only the lines of the keys answered now (a key's line and its indented
continuation lines), appends new keys, and leaves everything else as it was.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any, Mapping

_KEY = re.compile(r"^(?P<q>['\"]?)(?P<key>[^\s'\"#:][^:#]*?)(?P=q)\s*:(\s|$)")


def _scalar(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, dt.date):
        return v.isoformat()
    return _quote(str(v))


def _quote(s: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax; unprintable characters escaped)."""
    q = json.dumps(s, ensure_ascii=False)
    return "".join(ch if ch.isprintable() else (f"\\u{ord(ch):04x}" if ord(ch) < 0x10000 else f"\\U{ord(ch):08x}")
                   for ch in q)


def _key(k: str) -> str:
    return k if re.fullmatch(r"[A-Za-z][A-Za-z0-9_.\-]*", k) else _quote(k)


def entry_line(key: str, answer: Any, date: dt.date) -> str:
    return f"{_key(key)}: {{answer: {_scalar(answer)}, date: {date.isoformat()}}}"


HEADER = ("# ohkit assess: answers to the questions the records cannot answer (yes = true).\n"
          "# ohkit assess 的问答记录：台账无法体现的事项（是 = true）。可手工修改。\n")


def update_text(text: str, answers: Mapping[str, tuple[Any, dt.date]]) -> str:
    """Return ``text`` with ``answers`` (key -> (answer, date)) written in.

    Line ends (LF or CRLF) are kept. New keys go at the end of the document (before a
    closing ``...`` marker). The caller checks the result (``check_update``): a file in a
    style this line editor cannot extend (a flow or JSON mapping at the top, several
    documents) is refused, never rewritten."""
    nl = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines()
    out: list[str] = []
    done: set[str] = set()
    i = 0
    while i < len(lines):
        line = lines[i]
        m = _KEY.match(line)
        if m and m.group("key").strip() in answers:
            key = m.group("key").strip()
            i += 1
            while i < len(lines) and lines[i].strip() and lines[i][0] in " \t-":
                i += 1
            if key not in done:
                a, d = answers[key]
                out.append(entry_line(key, a, d))
                done.add(key)
            continue
        out.append(line)
        i += 1
    if not text.strip():
        out = HEADER.rstrip("\n").splitlines()
    tail: list[str] = []
    while out and (out[-1].strip() == "..." or not out[-1].strip()):
        tail.insert(0, out.pop())
    tail = [t for t in tail if t.strip()]  # a closing "..." stays last; blank lines at the end go
    for key, (a, d) in answers.items():
        if key not in done:
            out.append(entry_line(key, a, d))
    return nl.join(out + tail) + nl


def check_update(old: Mapping[str, Any], new_text: str, answers: Mapping[str, tuple[Any, dt.date]]) -> bool:
    """True when ``new_text`` reads as ``old`` with exactly ``answers`` written in: every
    other key keeps its value, and every answered key has the new answer and date."""
    from ohkit.records import yamlsafe

    try:
        data = yamlsafe.load(new_text)
    except Exception:  # noqa: BLE001 - any failure to read back means: do not write
        return False
    if not isinstance(data, dict):
        return False
    want = {str(k): v for k, v in old.items() if str(k) not in answers}
    for k, (a, d) in answers.items():
        want[k] = {"answer": a, "date": d}
    got = {str(k): v for k, v in data.items()}
    return got == want
