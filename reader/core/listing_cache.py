"""`reader list`'s output, kept while no text file changed: a listing costs one stat per text.

The library index notices a changed text by its size and mtime (``LibraryIndex.stale``);
the listing it gives depends on nothing else. So ``<data dir>/cache/listing.json`` keeps
the last output with the name, size and mtime of every text file it came from, and while
they are all the same the output is printed from it: no SQLite, no rows, no sorting. A
text added, removed or edited in place (its mtime moves) makes it read the index again.
A cache that is missing, damaged or of another format is simply made again.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from . import paths

__all__ = ["FORMAT", "listing_text", "md_files", "signature"]

# Bump when the listing's order, its lines or its problems change: a cache of the old
# format is then made again.
FORMAT = 1
CACHE_NAME = "listing.json"


def md_files(folder: Path) -> list[tuple[str, int, int]]:
    """(name, size, mtime_ns) of the ``*.md`` files in ``folder`` (none if it is missing)."""
    out: list[tuple[str, int, int]] = []
    fd = -1
    try:
        if os.scandir in os.supports_fd:  # stat by name in an open folder: 20% less than by path
            fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
        with os.scandir(fd if fd >= 0 else folder) as entries:
            for entry in entries:
                if entry.name.endswith(".md"):
                    try:
                        st = entry.stat()
                    except OSError:
                        continue
                    if not entry.is_dir():
                        out.append((entry.name, st.st_size, st.st_mtime_ns))
    except OSError:  # missing or unreadable: nothing listed from it
        pass
    finally:
        if fd >= 0:
            os.close(fd)
    return out


def signature(folders: list[tuple[Path, bool]]) -> str:
    """Every text file of ``folders`` by name, size and mtime: what the index's change detection compares."""
    parts: list[str] = []
    for folder, user in folders:  # "/" and NUL are the two characters a file name cannot hold
        parts.append(f"\0{folder}\0{int(user)}/")
        parts.extend(f"{name}/{size}/{mtime}/" for name, size, mtime in md_files(folder))
    return "".join(parts)


def listing_text(data_dir: Path, texts: Path | None = None) -> tuple[str, list[str]]:
    """``reader list``'s lines (``id<TAB>title``, escaped) and the problems found, from the
    cache while no text file changed, else from the library index (and cached)."""
    folder = texts or paths.texts_dir()
    key = signature([(folder, False), (paths.library_dir(data_dir), True)])
    cache = Path(data_dir) / "cache" / CACHE_NAME
    try:
        found = json.loads(cache.read_bytes())
        if found["format"] == FORMAT and found["key"] == key:
            return str(found["out"]), [str(p) for p in found["problems"]]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    from .library_index import listing
    from .safetext import escape_line

    docs, problems = listing(data_dir, texts)
    out = "".join(f"{escape_line(doc_id)}\t{escape_line(title)}\n" for doc_id, title in docs)
    said = [str(p) for p in problems]
    if folder.is_dir():  # else the listing says the texts folder is missing: nothing worth keeping
        _write(cache, {"format": FORMAT, "key": key, "out": out, "problems": said})
    return out, said


def _write(cache: Path, value: dict[str, object]) -> None:
    from .errors import StoreError
    from .fsutil import atomic_write_bytes

    try:  # failing only costs the next listing its speed (a read-only data dir, a full disk)
        atomic_write_bytes(cache, json.dumps(value).encode("ascii"))
    except (OSError, StoreError):
        pass
