"""The shared folder: each device writes only its own update files, and reads everyone's.

A file is ``<device-id>.<seq>.crdt``: a magic line, one JSON header line (device, sequence
number, kind, the state vector it builds on and the one it brings the reader to, the
payload's length and SHA-256), then the pycrdt update. Files are written to a hidden temp
file and renamed, so a file-sync tool never sees two writers of one file; a half-synced,
truncated or foreign file fails its checks and is skipped, to be tried again later.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import DataFileError, StoreError
from ..fsutil import atomic_write_bytes, read_bytes_limited
from .replica import StateVector

MAGIC = b"READER-SYNC 1\n"
SUFFIX = ".crdt"
MAX_FILE_BYTES = 256 * 1024 * 1024
_NAME = re.compile(r"([0-9a-f]{16})\.(\d{6,12})\.crdt")

Signature = tuple[int, int]  # (size, mtime_ns): a changed file is read again


class FolderError(Exception):
    """The folder cannot be used at all (missing, not a folder, unreadable)."""


class DamagedFile(Exception):
    """One update file is unusable for now (half-synced, truncated, foreign, damaged)."""


@dataclass(frozen=True)
class UpdateFile:
    name: str
    device: str
    seq: int
    signature: Signature


@dataclass(frozen=True)
class Update:
    device: str
    seq: int
    kind: str  # "full" | "delta"
    base: StateVector
    end: StateVector
    payload: bytes


def file_name(device: str, seq: int) -> str:
    return f"{device}.{seq:06d}{SUFFIX}"


def check_folder(folder: Path) -> None:
    """FolderError with one sentence when ``folder`` cannot be used."""
    if not folder.exists():
        raise FolderError(f"{folder} does not exist (is the shared drive connected?)")
    if not folder.is_dir():
        raise FolderError(f"{folder} is not a folder")
    if not os.access(folder, os.R_OK | os.X_OK):
        raise FolderError(f"{folder} cannot be read (permission denied)")


def list_updates(folder: Path) -> list[UpdateFile]:
    """Every update file in the folder (others' and ours), in (device, seq) order."""
    try:
        entries = list(os.scandir(folder))
    except OSError as exc:
        raise FolderError(f"{folder} cannot be listed ({exc.strerror or exc})") from None
    out = []
    for entry in entries:
        m = _NAME.fullmatch(entry.name)
        if m is None:
            continue  # not ours: a sync tool's own files, temp files, anything else
        try:
            st = entry.stat()
        except OSError:
            continue  # vanished while we looked: the next sync sees what replaced it
        out.append(UpdateFile(entry.name, m.group(1), int(m.group(2)), (st.st_size, st.st_mtime_ns)))
    return sorted(out, key=lambda f: (f.device, f.seq))


def read_update(folder: Path, f: UpdateFile) -> Update:
    """The checked content of one file; DamagedFile says why it cannot be used yet."""
    try:
        data = read_bytes_limited(folder / f.name, MAX_FILE_BYTES)
    except DataFileError as exc:
        raise DamagedFile(exc.message) from None
    if not data.startswith(MAGIC):
        raise DamagedFile("is not a Reader sync file")
    head_end = data.find(b"\n", len(MAGIC))
    if head_end < 0:
        raise DamagedFile("is cut short (still being copied?)")
    try:
        head = json.loads(data[len(MAGIC):head_end])
        size, digest = int(head["size"]), str(head["sha256"])
        update = Update(
            device=str(head["device"]), seq=int(head["seq"]), kind=str(head["kind"]),
            base=_state(head["base"]), end=_state(head["end"]), payload=data[head_end + 1:],
        )
    except (ValueError, KeyError, TypeError, UnicodeError, RecursionError):
        raise DamagedFile("has a damaged header") from None
    if (update.device, update.seq) != (f.device, f.seq):
        raise DamagedFile("does not match its name (renamed by hand?)")
    if len(update.payload) != size:
        raise DamagedFile(f"is cut short ({len(update.payload):,} of {size:,} bytes; still being copied?)")
    if hashlib.sha256(update.payload).hexdigest() != digest:
        raise DamagedFile("is damaged (its checksum does not match)")
    return update


def write_update(folder: Path, update: Update) -> tuple[str, int]:
    """Write one of this device's files atomically; its name and size. StoreError (a
    sentence) on failure."""
    head = {
        "device": update.device, "seq": update.seq, "kind": update.kind,
        "base": {str(k): v for k, v in update.base.items()},
        "end": {str(k): v for k, v in update.end.items()},
        "size": len(update.payload), "sha256": hashlib.sha256(update.payload).hexdigest(),
    }
    name = file_name(update.device, update.seq)
    data = MAGIC + json.dumps(head, separators=(",", ":")).encode("ascii") + b"\n" + update.payload
    try:
        atomic_write_bytes(folder / name, data)
    except StoreError as exc:
        raise StoreError(f"could not be written to the sync folder ({exc.message})", folder / name) from None
    return name, len(data)


def remove_own(folder: Path, names: list[str]) -> None:
    """Drop this device's files that a newer full file made redundant (best effort)."""
    for name in names:
        with contextlib.suppress(OSError):
            (folder / name).unlink()


def _state(value: Any) -> StateVector:
    if not isinstance(value, dict):
        raise ValueError("state vector must be a mapping")
    return {int(k): int(v) for k, v in value.items()}
