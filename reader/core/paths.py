"""Where things live: shipped data (repository or wheel) and the user's data directory."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]
_REPO = _PACKAGE.parent

ENV_DATA_DIR = "READER_DATA_DIR"


def _shipped(name: str) -> Path:
    # A source checkout or editable install has the folder next to the package; a wheel
    # carries it inside the package as reader/_data/<name> (see pyproject.toml).
    repo = _REPO / name
    if repo.is_dir() and (_REPO / "pyproject.toml").is_file():
        return repo
    return _PACKAGE / "_data" / name


def texts_dir() -> Path:
    return _shipped("texts")


def annotations_dir() -> Path:
    return _shipped("annotations")


def resources_dir() -> Path:
    return _shipped("resources")


def library_dir(data_dir: Path) -> Path:
    """Where ``reader add`` copies the reader's own texts."""
    return Path(data_dir) / "library"


def default_data_dir() -> Path:
    """The platform's per-user data dir: never the repository, never the current directory."""
    import platformdirs  # 11 ms to import: not paid when --data-dir or READER_DATA_DIR says where

    return Path(platformdirs.user_data_dir("reader", appauthor=False))


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """``--data-dir`` wins, then ``$READER_DATA_DIR``, then the platform default."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser().resolve()
    return default_data_dir()
