"""Indented JSON, faster: what ``json.dumps(data, ensure_ascii=False, indent=N, default=f)`` writes,
the same characters, in about half the time.

With ``indent`` the standard library encodes in pure Python through nested generators (its C
encoder has no indentation); a portfolio run writes one indented assessment JSON per firm
(~400 kB for 50 workers), where that was ~17 ms of the firm's ~90 ms. Here one recursive
function appends the pieces, with the C string encoder for every string. Same rules as
``json.encoder._make_iterencode``: the type checks in its order (str, None, True, False, int,
float, list/tuple, dict, else ``default``), keys as it converts them, NaN/Infinity written as it
writes them, ``", "`` between items and ``": "`` after keys. ``tests/test_jsonenc.py`` holds it to
``json.dumps``. (No check for circular references: ohkit's data has none.)
"""
from __future__ import annotations

from json.encoder import encode_basestring as _enc
from typing import Any, Callable

_INF = float("inf")


def _floatstr(o: float) -> str:
    if o != o:
        return "NaN"
    if o == _INF:
        return "Infinity"
    if o == -_INF:
        return "-Infinity"
    return float.__repr__(o)


def _key(k: Any) -> str:
    if isinstance(k, str):
        return k
    if isinstance(k, float):
        return _floatstr(k)
    if k is True:
        return "true"
    if k is False:
        return "false"
    if k is None:
        return "null"
    if isinstance(k, int):
        return int.__repr__(k)
    raise TypeError(f"keys must be str, int, float, bool or None, not {k.__class__.__name__}")


class Written:
    """A value that writes its own indented JSON text: ``write(w, level)`` appends, through the
    ``Writer`` ``w``, exactly what ``dumps_indented`` would write for ``plain()`` at that nesting
    level (a faster path for many rows of one shape, made straight from the objects they describe:
    ``render.assessment_json.SubjectRows``). Outside ``dumps_indented`` use ``plain()``."""

    __slots__ = ()

    def plain(self) -> Any:
        raise NotImplementedError

    def write(self, w: "Writer", level: int) -> None:
        raise NotImplementedError


class Writer:
    """What a ``Written`` value writes with: the writer's own helpers, so that its text is the
    writer's (strings escaped and finished the same way, keys as the writer writes them)."""

    __slots__ = ("app", "enc", "enc_str", "number", "key", "ind", "finish", "finish_min", "parts")

    def text(self, o: Any, level: int) -> str:
        """The text the writer writes for ``o`` at ``level`` (without appending it)."""
        n = len(self.parts)
        self.enc(o, level)
        out = "".join(self.parts[n:])
        del self.parts[n:]
        return out


def dumps_indented(obj: Any, indent: int | str, default: Callable[[Any], Any] | None = None,
                   finish: Callable[[str], str] | None = None, finish_min: int = 0) -> str:
    """``json.dumps(obj, ensure_ascii=False, indent=indent, default=default)``.

    ``finish``, if given, is applied to the written form of every string (key or value, quotes
    included) at least ``finish_min`` characters long, and of every number whose digits are that
    long: ``render.mask.json_text`` masks ID numbers there instead of in the whole text (each
    piece is bounded by its quotes, or by the separators around a number, so a rule that cannot
    match across those gives the same result either way)."""
    ind = " " * indent if isinstance(indent, int) else indent
    parts: list[str] = []
    app = parts.append
    int_repr = int.__repr__
    if finish is None:
        finish_min = 1 << 62  # (never)

    done: dict[str, str] = {}  # a long string's finished form (texts repeat: messages, catalogue texts)

    def enc_str(v: str) -> str:
        if len(v) < finish_min:
            return _enc(v)
        r = done.get(v)
        if r is None:
            r = done[v] = finish(_enc(v))  # type: ignore[misc]
        return r

    def number(text: str) -> str:
        return text if len(text) < finish_min else finish(text)  # type: ignore[misc]

    keys: dict[str, str] = {}  # a str key's written form with ": " (keys repeat on every row)

    def fallback(o: Any) -> Any:
        if default is None:
            raise TypeError(f"Object of type {o.__class__.__name__} is not JSON serializable")
        return default(o)

    def enc(o: Any, level: int) -> None:
        t = type(o)
        if t is dict:  # (most calls: a dict or a list as such; then json.encoder's checks in its order)
            seq = False
        elif t is list:
            seq = True
        elif isinstance(o, str):
            app(enc_str(o))
            return
        elif o is None:
            app("null")
            return
        elif o is True:
            app("true")
            return
        elif o is False:
            app("false")
            return
        elif isinstance(o, int):
            app(number(int_repr(o)))
            return
        elif isinstance(o, float):
            app(number(_floatstr(o)))
            return
        elif isinstance(o, (list, tuple)):
            seq = True
        elif isinstance(o, dict):
            seq = False
        elif isinstance(o, Written):
            o.write(writer(), level)
            return
        else:
            enc(fallback(o), level)
            return
        if not o:
            app("[]" if seq else "{}")
            return
        level += 1
        nl = "\n" + ind * level
        if seq:
            sep = "[" + nl
            for v in o:
                t = type(v)
                if t is str:
                    app(sep + (_enc(v) if len(v) < finish_min else enc_str(v)))
                elif v is None:
                    app(sep + "null")
                elif t is int:
                    app(sep + number(int_repr(v)))
                else:
                    app(sep)
                    enc(v, level)
                sep = "," + nl
            app("\n" + ind * (level - 1) + "]")
            return
        sep = "{" + nl
        for k, v in o.items():
            if type(k) is str:
                pre = keys.get(k)
                if pre is None:
                    pre = keys[k] = enc_str(k) + ": "
            else:  # (not cached: 1, 1.0 and True are one dict key)
                pre = enc_str(_key(k)) + ": "
            t = type(v)
            if t is str:
                app(sep + pre + (_enc(v) if len(v) < finish_min else enc_str(v)))
            elif v is None:
                app(sep + pre + "null")
            elif v is True:
                app(sep + pre + "true")
            elif v is False:
                app(sep + pre + "false")
            elif t is int:
                app(sep + pre + number(int_repr(v)))
            else:
                app(sep + pre)
                enc(v, level)
            sep = "," + nl
        app("\n" + ind * (level - 1) + "}")

    made: list[Writer] = []

    def writer() -> Writer:
        if not made:
            w = Writer()
            w.app, w.enc, w.enc_str, w.number, w.ind, w.finish_min, w.parts = app, enc, enc_str, number, ind, \
                finish_min, parts
            w.finish = finish
            w.key = key
            made.append(w)
        return made[0]

    def key(k: str) -> str:
        """A str key as written, with ": " after it."""
        pre = keys.get(k)
        if pre is None:
            pre = keys[k] = enc_str(k) + ": "
        return pre

    try:
        enc(obj, 0)
        return "".join(parts)
    finally:
        enc = enc_str = number = None  # type: ignore[assignment]  # recursive closures are a cycle: break it
        keys.clear()
        done.clear()
        made.clear()  # (a Writer holds the closures: a cycle too)
