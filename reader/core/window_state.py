"""The window's saved state (state.yaml keys): validated on load, compared key by key on save."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from enum import Enum, StrEnum
from typing import TypeVar


class Theme(StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


class EditorialMarks(StrEnum):
    """Which editorial underlines the reading pane shows (the view's MarkMode has these values)."""

    ALL = "all"
    FIRST = "first"  # a glossary term's first occurrence per section
    GLOSSARY = "glossary"
    NONE = "none"


E = TypeVar("E", bound=Enum)

# The state.yaml key holding the reader's name, the author of exported annotations.
USER_NAME_KEY = "user_name"
SPLITTER_PANES = 3


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _positions(value: object) -> dict[str, int]:
    if not isinstance(value, Mapping):
        return {}
    return {k: v for k, v in value.items() if isinstance(k, str) and _int(v) is not None and v >= 0}


def _splitter(value: object) -> tuple[int, ...] | None:
    if isinstance(value, list) and len(value) == SPLITTER_PANES and all(_int(s) is not None for s in value):
        return tuple(value)
    return None


def _enum(kind: type[E], value: object, default: E) -> E:
    try:
        return kind(value)
    except ValueError:
        return default


@dataclass(frozen=True)
class WindowState:
    """What the window remembers between runs; any value of the wrong shape reads as unset."""

    last_document: str | None = None
    positions: dict[str, int] = field(default_factory=dict)
    geometry: str | None = None  # Qt's saveGeometry() bytes, base64
    splitter: tuple[int, ...] | None = None
    zoom: int | None = None
    theme: Theme = Theme.SYSTEM
    side_tab: int | None = None
    editorial_marks: EditorialMarks = EditorialMarks.FIRST  # the view's default: the pane stays quiet
    user_name: str = ""

    @classmethod
    def load(cls, value_of: Callable[[str], object]) -> WindowState:
        """Read each key through ``value_of`` (e.g. ``NoteBook.state_value``), validating it."""
        return cls(
            last_document=_str(value_of("last_document")),
            positions=_positions(value_of("positions")),
            geometry=_str(value_of("geometry")),
            splitter=_splitter(value_of("splitter")),
            zoom=_int(value_of("zoom")),
            theme=_enum(Theme, value_of("theme"), Theme.SYSTEM),
            side_tab=_int(value_of("side_tab")),
            editorial_marks=_enum(EditorialMarks, value_of("editorial_marks"), EditorialMarks.FIRST),
            user_name=(_str(value_of(USER_NAME_KEY)) or "").strip(),
        )

    def with_position(self, doc_id: str, offset: int) -> WindowState:
        return replace(self, positions={**self.positions, doc_id: max(0, int(offset))})

    def position(self, doc_id: str) -> int:
        return self.positions.get(doc_id, 0)

    def side_tab_in(self, count: int) -> int | None:
        """The saved side-panel tab when it still exists."""
        return self.side_tab if self.side_tab is not None and 0 <= self.side_tab < count else None

    def to_values(self) -> dict[str, object]:
        """Plain YAML values, one per state.yaml key."""
        out: dict[str, object] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, Enum):
                value = value.value
            elif isinstance(value, tuple):
                value = list(value)
            elif isinstance(value, dict):
                value = dict(value)
            out[f.name] = value
        return out

    def changed_since(self, before: WindowState) -> dict[str, object]:
        """The keys whose value differs from ``before`` (only those are written)."""
        old = before.to_values()
        return {k: v for k, v in self.to_values().items() if old.get(k) != v}
