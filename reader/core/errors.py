"""Errors a reader can act on: one sentence naming the file and, where known, the line."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path


class ReaderError(Exception):
    """Base class: ``str(err)`` is the sentence shown to the user, never a traceback."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


class DataFileError(ReaderError):
    """A file that cannot be read or parsed (missing, not UTF-8, bad YAML, too large)."""


class ValidationError(ReaderError):
    """A file that parses but does not follow its schema."""


class UnknownDocumentError(ReaderError):
    """A document id that is neither shipped nor in the user's library."""


class StoreError(ReaderError):
    """Saving user data failed; the previous file is left as it was."""


class NotesFileError(DataFileError):
    """A notes or links file that cannot be used; the file itself is left untouched."""


class LockedError(StoreError):
    """Another Reader (window or command) holds the data dir, or it is read-only: no saving."""


class ProblemKind(Enum):
    """What a problem is about, so callers filter on it rather than on its wording."""

    GENERAL = "general"
    DRIFTED = "drifted"  # an anchor moved: the span still shows, the file needs fixing
    ORPHAN = "orphan"  # an anchor no longer matches the text


@dataclass(frozen=True)
class Problem:
    """One finding of ``reader check``: printed as ``path:line: message``."""

    path: Path
    line: int | None
    message: str
    kind: ProblemKind = ProblemKind.GENERAL

    def __str__(self) -> str:
        return f"{self.path}:{self.line or 1}: {self.message}"

    @classmethod
    def from_error(cls, err: ReaderError) -> Problem:
        return cls(err.path or Path("?"), err.line, err.message)
