"""What a data dir remembers about syncing: its device id, folder, replica and last exchange.

Everything lives in ``<data-dir>/sync/``: ``device.json`` (made once per data dir),
``state.json`` (the folder, the files already taken in, what was last sent),
``replica.bin`` (the replicated document) and ``baseline.json`` (the records as the notes
files held them after the last sync, so an edit made since is told from a merged one).
A damaged or missing file costs a fuller exchange next time, never data: the notes files
stay the truth and are read again.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..corpus import library_dir
from ..errors import DataFileError
from ..fsutil import (
    atomic_write_bytes,
    content_digest,
    read_bytes_limited,
    read_cache_json,
    write_cache_json,
)
from ..model import PALETTE
from ..store import NoteStore
from ..study import MY_GLOSSARY, MY_TIMELINE

if TYPE_CHECKING:  # the replica needs pycrdt, which a window's start leaves for later
    from .replica import Mirror, Replica, StateVector

SYNC_DIR = "sync"
FORMAT_VERSION = 1
MAX_REPLICA_BYTES = 1024 * 1024 * 1024
STATE_FILE = "state.yaml"  # the colour meanings (and window state)


def sync_dir(data_dir: Path) -> Path:
    return Path(data_dir) / SYNC_DIR


def device_id(data_dir: Path) -> str:
    """This data dir's device id, made on first use. A copied data dir (another computer
    or path) gets a new one: two devices writing under one name would clobber each other."""
    path = sync_dir(data_dir) / "device.json"
    where = {"host": socket.gethostname(), "path": str(Path(data_dir).resolve())}
    saved = read_cache_json(path)
    if isinstance(saved, dict) and isinstance(saved.get("device"), str) and all(
        saved.get(k) == v for k, v in where.items()
    ):
        return str(saved["device"])
    device = secrets.token_hex(8)
    write_cache_json(path, {"format_version": FORMAT_VERSION, "device": device, **where})
    return device


@dataclass
class SyncState:
    """``state.json``: small, rewritten after every exchange."""

    folder: str = ""
    device: str = ""
    client_id: int = 0
    seq: int = 0
    own: dict[str, int] = field(default_factory=dict)  # this device's files in the folder -> size
    sent: StateVector = field(default_factory=dict)  # the replica's state at our last file
    unsent: bool = False  # a change could not be written to the folder: try again
    full_next: bool = True  # some merge is not in the notes files yet: read the whole replica
    seen: dict[str, tuple[int, int]] = field(default_factory=dict)  # files taken in
    listing: dict[str, tuple[int, int]] = field(default_factory=dict)  # the folder last time
    local: dict[str, list[int]] = field(default_factory=dict)  # notes files' stat last time
    skipped: dict[str, str] = field(default_factory=dict)  # file -> why, still unusable
    palette: dict[str, str] | None = None  # the colour meanings state.yaml held last time
    last_sync: str = ""
    # Study records this device's texts could not take (root -> ids), and the texts folder's
    # stat then: a text added since makes the next sync check them again.
    held: dict[str, list[str]] = field(default_factory=dict)
    held_texts: list[int] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "format_version": FORMAT_VERSION, "folder": self.folder, "device": self.device,
            "client_id": self.client_id, "seq": self.seq, "own": self.own,
            "sent": {str(k): v for k, v in self.sent.items()}, "unsent": self.unsent,
            "full_next": self.full_next,
            "seen": self.seen, "listing": self.listing, "local": self.local,
            "skipped": self.skipped, "palette": self.palette, "last_sync": self.last_sync,
            "held": self.held, "held_texts": self.held_texts,
        }

    @classmethod
    def from_json(cls, v: Any) -> SyncState:
        if not isinstance(v, dict) or v.get("format_version") != FORMAT_VERSION:
            return cls()
        try:
            return cls(
                folder=str(v.get("folder", "")), device=str(v.get("device", "")),
                client_id=int(v.get("client_id", 0)), seq=int(v.get("seq", 0)),
                own={str(k): int(n) for k, n in v.get("own", {}).items()},
                sent={int(k): int(c) for k, c in v.get("sent", {}).items()},
                unsent=bool(v.get("unsent", False)), full_next=bool(v.get("full_next", True)),
                seen={str(k): (int(s[0]), int(s[1])) for k, s in v.get("seen", {}).items()},
                listing={str(k): (int(s[0]), int(s[1])) for k, s in v.get("listing", {}).items()},
                local={str(k): [int(x) for x in s] for k, s in v.get("local", {}).items()},
                skipped={str(k): str(m) for k, m in v.get("skipped", {}).items()},
                palette=None if v.get("palette") is None else {str(k): str(m) for k, m in v["palette"].items()},
                last_sync=str(v.get("last_sync", "")),
                held={str(k): [str(i) for i in ids] for k, ids in v.get("held", {}).items()},
                held_texts=[int(x) for x in v.get("held_texts", [])],
            )
        except (TypeError, ValueError, AttributeError, IndexError):
            return cls()

    def forget_folder(self) -> None:
        """A new folder (or a new replica): send everything, take everything in again."""
        self.own, self.sent, self.seen, self.listing, self.skipped = {}, {}, {}, {}, {}
        self.unsent = True


class SyncFiles:
    """Reads and writes the files of ``<data-dir>/sync/``."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.dir = sync_dir(data_dir)

    def load_state(self) -> SyncState:
        return SyncState.from_json(read_cache_json(self.dir / "state.json"))

    def save_state(self, state: SyncState) -> None:
        write_cache_json(self.dir / "state.json", state.to_json())

    def load_baseline(self) -> Mirror | None:
        """None when missing or damaged."""
        from .replica import Mirror

        raw = read_cache_json(self.dir / "baseline.json")
        return None if raw is None else Mirror.from_json(raw)

    def save_baseline(self, mirror: Mirror) -> None:
        body = json.dumps(mirror.to_json(), separators=(",", ":")).encode("ascii")
        atomic_write_bytes(self.dir / "baseline.json", content_digest(body).encode("ascii") + b"\n" + body)

    def load_replica(self, client_id: int) -> Replica | None:
        """The saved replica, or None when there is none or it is damaged."""
        from .replica import Replica

        try:
            raw = read_bytes_limited(self.dir / "replica.bin", MAX_REPLICA_BYTES)
        except DataFileError:
            return None
        head, _, body = raw.partition(b"\n")
        if client_id <= 0 or head != content_digest(body).encode("ascii"):
            return None
        try:
            return Replica(client_id, body)
        except ValueError:
            return None

    def save_replica(self, body: bytes) -> None:
        """``body``: the replica's full update. StoreError when it cannot be written (the
        exchange then stops: nothing is sent that the replica on disk does not hold)."""
        atomic_write_bytes(self.dir / "replica.bin", content_digest(body).encode("ascii") + b"\n" + body)

    def texts_signature(self) -> list[int]:
        """stat() of the folder ``reader add`` writes texts to: it changes when one is added."""
        try:
            st = library_dir(self.data_dir).stat()
        except OSError:
            return []
        return [st.st_mtime_ns, st.st_ino]

    def local_signatures(self) -> dict[str, list[int]]:
        """stat() of the files a sync reads: unchanged ones mean no local edit."""
        out: dict[str, list[int]] = {}
        for folder, pattern in ((self.data_dir / "notes", "*.yaml"), (self.data_dir, "links.yaml"),
                                (self.data_dir, MY_GLOSSARY), (self.data_dir, MY_TIMELINE),
                                (self.data_dir, STATE_FILE)):
            for p in folder.glob(pattern) if folder.is_dir() else ():
                try:
                    st = p.stat()
                except OSError:
                    continue
                out[os.path.relpath(p, self.data_dir)] = [st.st_mtime_ns, st.st_size, st.st_ino]
        return out


def remembered_folder(data_dir: Path) -> Path | None:
    """The sync folder this data dir last synced with (or was given), if any."""
    folder = SyncFiles(data_dir).load_state().folder
    return Path(folder) if folder else None


def new_client_id() -> int:
    return secrets.randbits(52) + 1


def read_palette(data_dir: Path) -> dict[str, str] | None:
    """The colour meanings the reader set (state.yaml's ``palette``; unset colours keep
    their defaults and are not synced); None when state.yaml cannot be read."""
    store = NoteStore(data_dir, kind="sync")
    saved = store.load_state().get("palette")
    if any(p.path == store.state_path for p in store.problems):
        return None
    return palette_of(saved)


def palette_of(saved: Any) -> dict[str, str]:
    """The meanings of known colours in state.yaml's ``palette`` value."""
    if not isinstance(saved, dict):
        return {}
    return {c: m for c, m in saved.items() if c in PALETTE and isinstance(m, str)}
