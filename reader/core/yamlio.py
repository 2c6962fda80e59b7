"""Strict, safe YAML: one loader for shipped and user files.

Why not plain ``yaml.safe_load``: user files come from other tools and other people, so
we reject duplicate keys, anchors/aliases (alias bombs), deep nesting and huge files
before building Python objects, and report every problem with the file and line.
Mappings come back as :class:`LineDict`, which remembers where each key was written so
validators can point at the right line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import DataFileError
from .fsutil import read_bytes_limited

if TYPE_CHECKING:
    import yaml

MAX_BYTES = 32 * 1024 * 1024
MAX_DEPTH = 64


class LineDict(dict[Any, Any]):
    """A dict that knows the 1-based line of itself and of each key."""

    __slots__ = ("line", "key_lines")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line: int | None = None
        self.key_lines: dict[Any, int] = {}

    def line_of(self, key: Any) -> int | None:
        return self.key_lines.get(key, self.line)


class LineList(list[Any]):
    """A list that knows the 1-based line of each item."""

    __slots__ = ("line", "item_lines")

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.line: int | None = None
        self.item_lines: list[int] = []

    def line_of(self, index: int) -> int | None:
        if 0 <= index < len(self.item_lines):
            return self.item_lines[index]
        return self.line


@cache
def _yaml() -> tuple[Any, Any]:
    """PyYAML's safe dumper and our strict loader, made on first use: importing PyYAML
    compiles its regexes (8 ms), which a start or a command that reads no YAML need not pay."""
    try:  # the C parser is 3-4x faster on large notes files
        from yaml import CSafeDumper as dumper
        from yaml import CSafeLoader as base
    except ImportError:  # pragma: no cover - depends on how PyYAML was built
        from yaml import SafeDumper as dumper  # type: ignore[assignment]
        from yaml import SafeLoader as base  # type: ignore[assignment]

    class Loader(base):  # type: ignore[misc, valid-type]
        pass

    Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
    Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)
    return dumper, Loader


def _construct_mapping(loader: Any, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        import yaml

        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value", key_node.start_mark
            ) from None
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: Any, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _line(exc: yaml.YAMLError) -> int | None:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return mark.line + 1 if mark is not None else None


def decode_utf8(data: bytes, path: Path | str) -> str:
    """Strict UTF-8 with a sentence that says where the bad byte is."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataFileError(
            f"is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})", path, line
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise DataFileError("contains a NUL byte; this is not a text file", path, line)
    return text


def _prescan(loader: Any, path: Path | str) -> None:
    # Events are produced iteratively by libyaml, so this is safe on 100,000-deep input
    # where composing nodes would recurse.
    import yaml

    depth = 0
    for event in _iter_events(loader):
        line = event.start_mark.line + 1 if event.start_mark is not None else None
        if isinstance(event, yaml.AliasEvent):
            raise DataFileError("uses a YAML alias (*name); aliases are not allowed", path, line)
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise DataFileError("uses a YAML anchor (&name); anchors are not allowed", path, line)
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise DataFileError(f"is nested more than {MAX_DEPTH} levels deep", path, line)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def _iter_events(loader: Any) -> Iterable[yaml.Event]:
    while loader.check_event():
        event = loader.get_event()
        if event is not None:
            yield event


def loads(text: str, path: Path | str = "<string>") -> Any:
    """Parse one YAML document strictly; raise :class:`DataFileError` with file and line."""
    if len(text) > MAX_BYTES:
        raise DataFileError(f"is too large ({len(text):,} characters; the limit is {MAX_BYTES:,})", path)
    import yaml

    _dumper, loader_class = _yaml()
    try:
        scan = loader_class(text)
        try:
            _prescan(scan, path)
        finally:
            scan.dispose()
        loader = loader_class(text)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except DataFileError:
        raise
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DataFileError(f"is not valid YAML: {problem}", path, _line(exc)) from None
    except RecursionError:
        raise DataFileError("is nested too deeply to read", path) from None


def load_file(path: Path) -> Any:
    """Read and parse a YAML file; every failure is a :class:`DataFileError`."""
    data = read_bytes_limited(path, MAX_BYTES)
    return loads(decode_utf8(data, path), path)


def dumps(data: Any) -> str:
    """Dump plain data (dicts, lists, str, int, float, bool, None) as block-style YAML."""
    import yaml

    return yaml.dump(
        _plain(data), Dumper=_yaml()[0], allow_unicode=True, sort_keys=False, width=100,
        default_flow_style=False,
    )


def _plain(value: Any) -> Any:
    # LineDict/LineList would otherwise be dumped with python/object tags.
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


# --------------------------------------------------------------------------- JSON that is YAML
# Files read often (notes, added texts' front matter) are written in JSON's syntax, which
# YAML reads as the same values: the json module reads them fast, any YAML tool as before.

# Characters YAML would not keep verbatim inside a double-quoted scalar (line breaks it
# folds, characters it refuses as non-printable): always written as \u escapes.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_ENCODER = json.JSONEncoder(ensure_ascii=False)
# Anything outside what json_flow writes raw: control characters (incl. tab, CR), characters
# YAML folds or refuses, and surrogates. Callers check the whole text once: where this
# matches, the YAML loader reads it.
NOT_JSON_FLOW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")


def json_flow(value: Any) -> str:
    """Plain data in JSON's syntax, which YAML reads back as the same value."""
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", _ENCODER.encode(value))


class NotJsonFlow(Exception):
    """Not read by :func:`read_json_flow`; the strict YAML loader decides."""


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    d = dict(pairs)
    if len(d) != len(pairs):  # a duplicate key: YAML rejects it, let it say where
        raise NotJsonFlow
    return d


def _no_float(_: str) -> Any:
    raise NotJsonFlow  # floats, NaN, Infinity: YAML 1.1 reads some of them differently


_DECODER = json.JSONDecoder(object_pairs_hook=_unique_pairs, parse_float=_no_float, parse_constant=_no_float)


def read_json_flow(text: str) -> Any:
    """A value as :func:`json_flow` writes it (the caller has checked :data:`NOT_JSON_FLOW`);
    :class:`NotJsonFlow` for anything YAML might read otherwise: no floats, no duplicate keys,
    no escaped surrogates, shallow nesting."""
    if ESCAPED_SURROGATE.search(text) or text.count("[") + text.count("{") > MAX_DEPTH - 4:
        raise NotJsonFlow
    try:
        return _DECODER.decode(text)
    except (ValueError, RecursionError):
        raise NotJsonFlow from None
