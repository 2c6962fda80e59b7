"""``state.yaml``: last document, positions, window geometry, palette meanings.

Not precious: a broken one is reported in ``problems`` and loads as ``{}``; the next save
moves it aside to ``backups/state-broken-<time>.yaml`` (never deleted) and writes a
fresh one.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from . import yamlio
from .backups import timestamp
from .errors import DataFileError, Problem, StoreError
from .fsutil import atomic_write_bytes
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
            data = yamlio.load_file(path)
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
        try:
            text = yamlio.dumps({"format_version": FORMAT_VERSION, **{k: v for k, v in state.items() if k != "format_version"}})
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


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
