"""Work spread over event-loop turns, so a window keeps drawing frames while it is done."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from PySide6.QtCore import QObject, QTimer

__all__ = ["Stepper"]

_DONE = object()


class Stepper(QObject):
    """Runs a generator one step (a ``yield``) per event-loop turn; ``run_while`` runs steps
    at once while a condition holds (a click that needs the result now)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._steps: Iterator[None] | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._step)

    def start(self, steps: Iterator[None]) -> None:
        """Run ``steps`` from the next turn on, dropping any run in progress."""
        self._steps = steps
        self._timer.start()

    def cancel(self) -> None:
        self._timer.stop()
        self._steps = None

    def busy(self) -> bool:
        return self._steps is not None

    def run_while(self, condition: Callable[[], bool]) -> None:
        while self._steps is not None and condition():
            self._step()

    def _step(self) -> None:
        steps = self._steps
        # (A step may start() other steps: those are not cancelled here.)
        if (steps is None or next(steps, _DONE) is _DONE) and self._steps is steps:
            self.cancel()
