"""The reader's typography choices for the reading pane, validated and kept as plain state values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass

MARK_MODES = ("all", "first", "glossary", "none")
# (lowest, highest) for each number: a hand-edited state.yaml cannot make the text unreadable.
LIMITS: dict[str, tuple[float, float]] = {
    "font_size": (8.0, 36.0), "line_spacing": (100, 250), "margin": (0, 160), "text_width": (360, 1800),
}


@dataclass(frozen=True)
class ReadingSettings:
    """Font family ("" is the bundled reading font), size in points, line spacing in percent,
    margin around the text and the text column's width in pixels, and the editorial-mark mode."""

    font_family: str = ""
    font_size: float = 12.5
    line_spacing: int = 150
    margin: int = 28
    text_width: int = 720
    marks: str = "first"

    @classmethod
    def from_state(cls, value: object) -> ReadingSettings:
        """Settings from a state value; unknown keys, wrong types and out-of-range numbers fall back or are clamped."""
        if not isinstance(value, Mapping):
            return cls()
        d = cls()
        family = value.get("font_family")
        marks = value.get("marks")
        return cls(
            font_family=family.strip() if isinstance(family, str) else d.font_family,
            font_size=_number(value, "font_size", d.font_size),
            line_spacing=round(_number(value, "line_spacing", d.line_spacing)),
            margin=round(_number(value, "margin", d.margin)),
            text_width=round(_number(value, "text_width", d.text_width)),
            marks=marks if isinstance(marks, str) and marks in MARK_MODES else d.marks,
        )

    def to_state(self) -> dict[str, object]:
        return asdict(self)


def _number(value: Mapping[object, object], key: str, default: float) -> float:
    raw = value.get(key)
    if not isinstance(raw, (int, float)) or isinstance(raw, bool) or raw != raw:  # NaN is not a number here
        return default
    lo, hi = LIMITS[key]
    return min(hi, max(lo, float(raw)))
