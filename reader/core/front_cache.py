"""Texts' front matter as parsed at an earlier start, kept as JSON, so a window's start parses no YAML."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

from .fsutil import content_digest, read_cache_json, write_cache_json

__all__ = ["FrontCache"]

_VERSION = 1
_DATE = "$date"  # a YAML date, which JSON has no type for


class FrontCache:
    """``<data dir>/cache/front-matter.json``: the parsed YAML front matter of texts that
    loaded without a problem, keyed by a digest of the front matter's own lines.

    Any edit of a front matter misses the cache and is parsed (and checked) again, so the
    files stay the only record; the body is always read from the file. A cache that is
    missing, damaged or of another version is ignored and rewritten; it keeps only the
    entries the last load used.
    """

    def __init__(self, data_dir: Path, prune: bool = True) -> None:
        self.path = Path(data_dir) / "cache" / "front-matter.json"
        self._prune = prune  # False: texts read one at a time (a library's), the others' entries kept
        found = read_cache_json(self.path)
        entries = found.get("e") if isinstance(found, dict) and found.get("v") == _VERSION else None
        self._entries: dict[str, Any] = entries if isinstance(entries, dict) else {}
        self._used: dict[str, Any] = {}
        self._changed = False

    def get(self, block: str) -> dict[str, Any] | None:
        """The front matter ``block`` parses to, if an earlier load kept it."""
        key = content_digest(block)
        value = self._entries.get(key)
        try:
            front = _decode(value) if isinstance(value, dict) else None
        except (ValueError, TypeError):  # a damaged date: parse the file
            return None
        if isinstance(front, dict):
            self._used[key] = value
            return front
        return None

    def put(self, block: str, front: Any) -> None:
        """Keep what ``block`` parsed to, when JSON can hold it exactly."""
        try:
            value = _encode(front)
        except _NotJson:  # parsed from the file each time
            return
        if isinstance(value, dict):
            self._used[content_digest(block)] = value
            self._changed = True

    def save(self) -> None:
        """Write the entries this load used, or with ``prune=False`` add the new ones (a
        failure only costs a YAML parse next time)."""
        if not self._prune:
            if self._changed:
                self._entries.update(self._used)
                write_cache_json(self.path, {"v": _VERSION, "e": self._entries})
                self._changed = False
        elif self._changed or self._used.keys() != self._entries.keys():
            write_cache_json(self.path, {"v": _VERSION, "e": self._used})


class _NotJson(Exception):
    """A value JSON would not give back the same (a float, a timestamp, another type)."""


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return {_DATE: value.isoformat()}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict) and all(isinstance(k, str) for k in value) and _DATE not in value:
        return {k: _encode(v) for k, v in value.items()}
    raise _NotJson


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if isinstance(value, dict):
        if value.keys() == {_DATE}:
            return _dt.date.fromisoformat(value[_DATE])
        return {k: _decode(v) for k, v in value.items()}
    return value
