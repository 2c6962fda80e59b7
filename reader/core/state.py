"""``state.yaml``: last document, positions, window geometry, palette meanings.

Not precious: a broken one is reported in ``problems`` and loads as ``{}``; the next save
moves it aside to ``backups/state-broken-<time>.yaml`` (never deleted) and writes a
fresh one.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from . import yamlio
from .backups import timestamp
from .errors import DataFileError, Problem, StoreError
from .fsutil import atomic_write_bytes, read_bytes_limited
from .model import FORMAT_VERSION
from .notes_codec import encode, has_surrogate

__all__ = ["StateFile"]


class StateFile:
    """Reads and writes one ``state.yaml`` (callers hold the store's lock for the path)."""

    def __init__(self, path: Path, backups_dir: Path, problems: list[Problem]) -> None:
        self.path = path
        self.backups_dir = backups_dir
        self.problems = problems
        self._broken = False

    def load(self) -> dict[str, Any]:
        """``{}`` when missing or broken (a broken one is added to ``problems``)."""
        path = self.path
        if not path.exists():
            return {}
        try:
            data = _read(path)
            if not isinstance(data, yamlio.LineDict):
                raise DataFileError("must be a mapping", path, 1)
            version = data.get("format_version")
            if version != FORMAT_VERSION or isinstance(version, bool):
                raise DataFileError(
                    f"has an unknown format_version {version!r}", path, data.line_of("format_version")
                )
            if has_surrogate(data):
                raise DataFileError("contains a lone surrogate escape", path)
        except DataFileError as exc:
            self._broken = True
            self.problems.append(Problem.from_error(exc))
            return {}
        self._broken = False
        return {k: _plain(v) for k, v in data.items() if k != "format_version"}

    def save(self, state: Mapping[str, Any]) -> None:
        path = self.path
        fields = {"format_version": FORMAT_VERSION, **{k: v for k, v in state.items() if k != "format_version"}}
        try:
            text = _json_lines(fields) or yamlio.dumps(fields)
        except Exception as exc:  # noqa: BLE001 - RepresenterError and friends
            raise StoreError(f"was not saved: the window state holds a value YAML cannot store ({exc})", path) from None
        data = encode(text, path, ())
        if self._broken and path.exists():
            self.backups_dir.mkdir(parents=True, exist_ok=True)
            taken = {p.stem[13:] for p in self.backups_dir.glob("state-broken-*.yaml")}
            try:
                os.replace(path, self.backups_dir / f"state-broken-{timestamp(taken)}.yaml")
            except OSError as exc:
                raise StoreError(f"could not be set aside ({exc.strerror or exc})", path) from None
        atomic_write_bytes(path, data)
        self._broken = False


_KEY = re.compile(r"[a-z_][a-z0-9_]*")


def _json_lines(fields: Mapping[str, Any]) -> str | None:
    """The state as block-style YAML with each value in JSON's syntax (as the notes files
    are), so a start reads it without a YAML library; None when a value would not read back
    the same that way (a float), and the YAML emitter writes it."""
    lines = []
    for key, value in fields.items():
        flow = yamlio.json_flow(value)
        try:
            same = _KEY.fullmatch(key) is not None and yamlio.read_json_flow(flow) == value
        except yamlio.NotJsonFlow:
            same = False
        if not same or yamlio.NOT_JSON_FLOW.search(flow):
            return None
        lines.append(f"{key}: {flow}\n")
    return "".join(lines)


def _read(path: Path) -> Any:
    """The state file as data: as :func:`_json_lines` writes it without YAML, else by the YAML loader."""
    data = read_bytes_limited(path, yamlio.MAX_BYTES)
    text = yamlio.decode_utf8(data, path)
    if text.endswith("\n") and not yamlio.NOT_JSON_FLOW.search(text):
        root = yamlio.LineDict()
        root.line = 1
        try:
            for number, line in enumerate(text[:-1].split("\n"), 1):
                key, sep, flow = line.partition(": ")
                if not sep or _KEY.fullmatch(key) is None or key in root:
                    raise yamlio.NotJsonFlow
                root[key] = yamlio.read_json_flow(flow)
                root.key_lines[key] = number
            return root
        except yamlio.NotJsonFlow:
            pass
    return yamlio.loads(text, path)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
