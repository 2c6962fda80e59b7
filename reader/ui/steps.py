"""Work spread over event-loop turns, so a window keeps drawing frames while it is done."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

from PySide6.QtCore import QAbstractEventDispatcher, QObject, QTimer

__all__ = ["Stepper", "TurnBudget", "turn_budget"]

_DONE = object()


class TurnBudget:
    """The time work spread over turns (layout slices, list fills) may take in one event-loop
    turn, counted from the turn's start (the dispatcher's ``awake``) and shared by every
    such worker: however many of them are due in a turn, it stays within a 16 ms frame
    with the repaint that follows. A worker checks ``left()`` before each slice and, with
    nothing left, waits for the next turn."""

    SECONDS = 0.007

    def __init__(self) -> None:
        self._start: float | None = None
        self._watching = False

    def left(self) -> float:
        """Seconds this turn still has for a slice (a full budget before the first turn is seen)."""
        if not self._watching:
            dispatcher = QAbstractEventDispatcher.instance()
            if dispatcher is not None:
                dispatcher.awake.connect(self._new_turn)
                self._watching = True
        if self._start is None:
            self._new_turn()
        assert self._start is not None
        return self.SECONDS - (time.perf_counter() - self._start)

    def _new_turn(self) -> None:
        self._start = time.perf_counter()


_BUDGET = TurnBudget()
STEP_ROOM_S = 0.002  # a step (a few ms) starts only with this much of the turn's budget left


def turn_budget() -> TurnBudget:
    """The GUI thread's one budget."""
    return _BUDGET


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
            self._advance()

    def _step(self) -> None:
        if _BUDGET.left() > STEP_ROOM_S:  # else this turn has done its share: the timer fires again next turn
            self._advance()

    def _advance(self) -> None:
        steps = self._steps
        # (A step may start() other steps: those are not cancelled here.)
        if (steps is None or next(steps, _DONE) is _DONE) and self._steps is steps:
            self.cancel()
