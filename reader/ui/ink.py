"""Highlight colours on the paper: tints softened toward it, overlaps multiplied like ink."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtGui import QColor, QTextCharFormat


def tint(color: str, paper: QColor, strength: float = 0.55) -> QColor:
    """A highlight colour softened toward the paper, so text stays readable."""
    c = QColor(color)
    return QColor(
        round(paper.red() + (c.red() - paper.red()) * strength),
        round(paper.green() + (c.green() - paper.green()) * strength),
        round(paper.blue() + (c.blue() - paper.blue()) * strength),
    )


def multiply(colors: Sequence[QColor]) -> QColor:
    """Overlapping highlights multiply, like ink: both stay visible and the overlap shows."""
    r = g = b = 1.0
    for c in colors:
        r, g, b = r * c.redF(), g * c.greenF(), b * c.blueF()
    return QColor.fromRgbF(r, g, b)


class Inks:
    """One background format per set of overlapping highlight colours, mixed with the paper."""

    def __init__(self, paper: QColor, strength: float = 0.55) -> None:
        self._paper = paper
        self._strength = strength
        self._formats: dict[tuple[str, ...], QTextCharFormat] = {}

    def set_paper(self, paper: QColor, strength: float) -> None:
        self._paper = paper
        self._strength = strength
        self._formats.clear()

    def format_for(self, colors: Iterable[str]) -> QTextCharFormat:
        key = tuple(sorted(colors))
        fmt = self._formats.get(key)
        if fmt is None:
            fmt = self._formats[key] = QTextCharFormat()
            fmt.setBackground(multiply([tint(c, self._paper, self._strength) for c in key]))
        return fmt
