"""YAML for the user's files (enterprise.yaml, answers.yaml): safe, bounded, never a crash.

- Limits are checked on the event stream before any object is built: nesting depth,
  aliases, number of nodes (so "billion laughs" and 10,000-deep brackets are refused
  with the line where the limit was passed).
- Scalars that PyYAML's own constructors cannot turn into Python values (``2026-02-30``,
  month 13, year 0, timezone datetimes, ``!!int abc``, ``!!bool maybe``, 5,000-digit
  numbers, ``.nan``/``.inf``) are kept as their text, so the field parsers report them as
  located problems like any other bad value.
"""
from __future__ import annotations

from typing import Any

import yaml

MAX_YAML_BYTES = 1 << 20      # 1 MiB: enterprise.yaml and answers.yaml are a few KB
MAX_YAML_DEPTH = 20           # nesting of mappings/sequences
MAX_YAML_ALIASES = 100        # *alias references
MAX_YAML_NODES = 50_000       # scalars + collections


class YamlLimit(Exception):
    """A limit was passed: ``what`` (depth/aliases/nodes), the limit, and the 1-based line."""

    def __init__(self, what: str, limit: int, line: int | None):
        super().__init__(what)
        self.what, self.limit, self.line = what, limit, line


class _Loader(yaml.SafeLoader):
    """SafeLoader that notes keys written twice in one mapping (PyYAML keeps the last silently)."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self.duplicates: list[tuple[str, int, int]] = []  # (key, first line, second line)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for k, _ in node.value:
                if isinstance(k, yaml.ScalarNode) and k.tag != "tag:yaml.org,2002:merge":
                    line = k.start_mark.line + 1
                    if k.value in seen:
                        self.duplicates.append((str(k.value), seen[k.value], line))
                    else:
                        seen[k.value] = line
        return super().construct_mapping(node, deep=deep)


def _text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    return str(node.value)


def _tolerant(base):
    def construct(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
        if isinstance(node, yaml.ScalarNode) and len(str(node.value)) > 40:
            return str(node.value)  # far too long for a number or a date: the text, checked by the parser
        try:
            v = base(loader, node)
        except Exception:  # noqa: BLE001 - a value PyYAML cannot make is the text the user wrote
            return _text(loader, node) if isinstance(node, yaml.ScalarNode) else None
        if isinstance(v, float) and (v != v or v in (float("inf"), float("-inf"))):
            return str(node.value)
        return v
    return construct


def _timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    value = str(node.value)
    if len(value) > 10:  # a time of day (with or without a zone): the text; dates are days here
        return value
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except Exception:  # noqa: BLE001 - 2026-02-30, month 13, year 0
        return value


for _tag, _fn in (("tag:yaml.org,2002:int", yaml.SafeLoader.construct_yaml_int),
                  ("tag:yaml.org,2002:float", yaml.SafeLoader.construct_yaml_float),
                  ("tag:yaml.org,2002:bool", yaml.SafeLoader.construct_yaml_bool),
                  ("tag:yaml.org,2002:binary", yaml.SafeLoader.construct_yaml_binary)):
    _Loader.add_constructor(_tag, _tolerant(_fn))
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
_Loader.add_constructor(None, lambda loader, node: _text(loader, node) if isinstance(node, yaml.ScalarNode)
                        else None)  # unknown tags (!python/object …): the text, never an object


def check_limits(text: str) -> None:
    """Walk the event stream once; raise YamlLimit at the first limit passed
    (yaml.YAMLError for broken syntax)."""
    _checked_events(text)


def _checked_events(text: str) -> list[Any]:
    """The event stream (parsed once), checked against the limits as it is read."""
    depth = aliases = nodes = 0
    events = []
    for ev in yaml.parse(text, Loader=yaml.SafeLoader):
        events.append(ev)
        if isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            nodes += 1
            if depth > MAX_YAML_DEPTH:
                raise YamlLimit("depth", MAX_YAML_DEPTH, ev.start_mark.line + 1)
        elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        elif isinstance(ev, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_YAML_ALIASES:
                raise YamlLimit("aliases", MAX_YAML_ALIASES, ev.start_mark.line + 1)
        elif isinstance(ev, yaml.ScalarEvent):
            nodes += 1
        if nodes > MAX_YAML_NODES:
            raise YamlLimit("nodes", MAX_YAML_NODES, ev.start_mark.line + 1)
    return events


class _Replay(_Loader):
    """The loader fed with an event list already parsed (and checked): the text is parsed once,
    not once for the limits and again for the document (pure-Python PyYAML parsing is most of
    the cost of reading enterprise.yaml)."""

    def __init__(self, events: list[Any]) -> None:  # noqa: D107 - no Reader/Scanner/Parser
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)
        self.duplicates = []
        self._events = events
        self._next = 0

    def check_event(self, *choices: Any) -> bool:
        if self._next >= len(self._events):
            return False
        return not choices or isinstance(self._events[self._next], choices)

    def peek_event(self) -> Any:
        return self._events[self._next] if self._next < len(self._events) else None

    def get_event(self) -> Any:
        ev = self.peek_event()
        self._next += 1
        return ev

    def dispose(self) -> None:
        pass


def key_lines(node: Any) -> dict[tuple[str, ...], int]:
    """Key path -> 1-based line of the key, from a composed document (before it is constructed:
    constructing merges ``<<`` keys into the nodes)."""
    out: dict[tuple[str, ...], int] = {}
    seen: set[int] = set()

    def walk(n: Any, path: tuple[str, ...]) -> None:
        if id(n) in seen:  # an alias: walked once (no exponential walk through shared nodes)
            return
        seen.add(id(n))
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                p = path + (str(k.value),)
                out[p] = k.start_mark.line + 1
                walk(v, p)

    if node is not None:
        walk(node, ())
    return out


def load(text: str, duplicates: list | None = None, lines: dict | None = None) -> Any:
    """Limits first, then the tolerant safe loader. Keys written twice in one mapping are
    added to ``duplicates`` as (key, first line, second line); ``lines`` (if given) gets
    each key path's line (``key_lines``)."""
    loader = _Replay(_checked_events(text))
    try:
        node = loader.get_single_node()
        if lines is not None:
            lines.update(key_lines(node))
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    if duplicates is not None:
        duplicates.extend(loader.duplicates)
    return data
