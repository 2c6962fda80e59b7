"""One small list model for every side-panel list (library, spans, glossary, notes, timeline).

Rows are plain data; the model never formats HTML, so corpus and user strings are shown
exactly as written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from .widgets import tooltip_html

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
FILTER_ROLE = Qt.ItemDataRole.UserRole + 2
SORT_ROLE = Qt.ItemDataRole.UserRole + 3
KIND_ROLE = Qt.ItemDataRole.UserRole + 4

_Index = QModelIndex | QPersistentModelIndex


@dataclass(slots=True, eq=False)
class Row:
    """One list entry: what is shown, what it points at, and what filters match."""

    text: str
    key: Any
    tooltip: str = ""
    color: str | None = None
    kind: str = ""
    sort: Any = 0
    search: str = ""
    extra: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class RowSource:
    """How a model turns its items into rows: ``make`` is called only for the rows Qt
    shows or a lookup needs; ``key`` and ``sort`` are cheap and read from the item."""

    make: Callable[[Any], Row]
    key: Callable[[Any], Any]
    sort: Callable[[Any], Any]


# Rows per step when a list is filled between frames (about 4 ms of Python each).
FILL_STEP = 2500
AT_ONCE = 1 << 62  # a step no list reaches: the whole fill in one go


class RowsModel(QAbstractListModel):
    """Rows kept in ``sort`` order; single rows can be replaced, added or removed so an
    edit to one of 10,000 highlights does not rebuild the list.

    With ``set_items`` the model holds the items themselves and makes a Row from one
    only when it is shown or looked up: filling a list of 10,000 highlights builds no
    row objects at all, and a screenful of rows costs a screenful of excerpts."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []  # Row, or an item of self._source not made into one yet
        self._source: RowSource | None = None
        # Keys and sort values parallel to _rows, made on the first lookup and then kept
        # in step: finding a row is one list.index (C), placing one a binary search.
        self._keys: list[Any] | None = None
        self._sorts: list[Any] | None = None

    def set_rows(self, rows: Sequence[Row]) -> None:
        self._reset(list(rows), None)

    def set_items(self, items: Sequence[Any], source: RowSource, *, reverse: bool = False) -> None:
        """Show ``items`` in ``source.sort`` order, each made a Row only when needed."""
        for _ in self.set_items_in_steps(items, source, reverse=reverse, step=AT_ONCE):
            pass

    def set_items_in_steps(self, items: Sequence[Any], source: RowSource, *, reverse: bool = False,
                           step: int = FILL_STEP,
                           around_change: Callable[[], AbstractContextManager[Any]] = nullcontext) -> Iterator[None]:
        """``set_items`` as a generator, so a list of 10,000 rows fills over event-loop
        turns of a few ms instead of one of 40 ms: it yields after each ``step`` sort
        values, after sorting, and after each ``step`` rows shown (the first with the
        reset, the rest appended in order). Model changes happen inside ``around_change()``;
        a lookup or an edit meanwhile sees the rows shown so far, in order."""
        sorts: list[Any] = []
        for i in range(0, len(items), step):
            sorts += map(source.sort, items[i:i + step])
            yield
        order = sorted(range(len(sorts)), key=sorts.__getitem__, reverse=reverse)
        if len(order) > step:
            yield
        rows = [items[i] for i in order]
        sorted_values = [sorts[i] for i in order]
        with around_change():
            self._reset(rows[:step], source)
        self._sorts = sorted_values[:step]
        for i in range(step, len(rows), step):
            yield
            with around_change():
                self._append(rows[i:i + step], sorted_values[i:i + step])

    def _append(self, rows: list[Any], sorts: list[Any]) -> None:
        """Rows that sort after every row shown (the rest of a fill)."""
        n = len(self._rows)
        self.beginInsertRows(QModelIndex(), n, n + len(rows) - 1)
        self._rows += rows
        if self._sorts is not None:
            self._sorts += sorts
        if self._keys is not None:
            key = self._source.key  # type: ignore[union-attr]
            self._keys += [r.key if type(r) is Row else key(r) for r in rows]
        self.endInsertRows()

    def _reset(self, rows: list[Any], source: RowSource | None) -> None:
        self.beginResetModel()
        self._rows = rows
        self._source = source
        self._keys = self._sorts = None
        self.endResetModel()

    def _row(self, i: int) -> Row:
        r = self._rows[i]
        if type(r) is not Row:
            assert self._source is not None
            r = self._rows[i] = self._source.make(r)
        return r

    def _key(self, i: int) -> Any:
        r = self._rows[i]
        return r.key if type(r) is Row else self._source.key(r)  # type: ignore[union-attr]

    def _sort(self, i: int) -> Any:
        r = self._rows[i]
        return r.sort if type(r) is Row else self._source.sort(r)  # type: ignore[union-attr]

    def _key_list(self) -> list[Any]:
        if self._keys is None:
            key = self._source.key if self._source is not None else None
            self._keys = [r.key if type(r) is Row else key(r) for r in self._rows]  # type: ignore[misc]
        return self._keys

    def _sort_list(self) -> list[Any]:
        if self._sorts is None:
            sort = self._source.sort if self._source is not None else None
            self._sorts = [r.sort if type(r) is Row else sort(r) for r in self._rows]  # type: ignore[misc]
        return self._sorts

    def warm(self) -> None:
        """Make the key list now (an idle moment) rather than on the first edit."""
        self._key_list()

    def warm_in_steps(self, step: int = FILL_STEP) -> Iterator[None]:
        """``warm`` in slices of ``step`` rows; a change to the rows meanwhile wins (it
        makes the list itself, or leaves it to the next lookup)."""
        rows, source = self._rows, self._source
        if self._keys is not None or source is None:
            return
        keys: list[Any] = []
        for i in range(0, len(rows), step):
            keys += [r.key if type(r) is Row else source.key(r) for r in rows[i:i + step]]
            yield
            if self._rows is not rows or self._keys is not None:
                return
        self._keys = keys

    def rows(self) -> list[Row]:
        return [self._row(i) for i in range(len(self._rows))]

    def row_at(self, row: int) -> Row | None:
        return self._row(row) if 0 <= row < len(self._rows) else None

    def find_key(self, key: Any) -> int:
        try:
            return self._key_list().index(key)
        except ValueError:
            return -1

    def upsert(self, row: Row, *, reverse: bool = False) -> None:
        """Replace the row with ``row.key`` in place, or insert it at its sorted place."""
        i = self.find_key(row.key)
        sorts = self._sort_list()
        if i >= 0 and sorts[i] == row.sort:
            self._rows[i] = row
            index = self.index(i, 0)
            self.dataChanged.emit(index, index)
            return
        if i >= 0:
            self.remove_key(row.key)
        j = _insertion_point(sorts, row.sort, reverse)
        keys = self._key_list()
        self.beginInsertRows(QModelIndex(), j, j)
        self._rows.insert(j, row)
        keys.insert(j, row.key)
        sorts.insert(j, row.sort)
        self.endInsertRows()

    def remove_key(self, key: Any) -> bool:
        i = self.find_key(key)
        if i < 0:
            return False
        self.beginRemoveRows(QModelIndex(), i, i)
        del self._rows[i]
        del self._key_list()[i]
        del self._sort_list()[i]
        self.endRemoveRows()
        return True

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)) or index.column() != 0:
            return None
        if role == KEY_ROLE:
            return self._key(index.row())
        if role == SORT_ROLE:
            return self._sort(index.row())
        r = self._row(index.row())
        if role == KIND_ROLE:
            return r.kind
        if role == Qt.ItemDataRole.DecorationRole:
            return QColor(r.color) if r.color else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return r.text
        if role == Qt.ItemDataRole.ToolTipRole:
            # A row is elided at the list's width: its tooltip shows it whole.
            return tooltip_html(f"{r.text}\n\n{r.tooltip}" if r.tooltip and r.tooltip not in r.text else r.text) or None
        if role == FILTER_ROLE:
            return (r.search or r.text).casefold()
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


def _insertion_point(keys: list[Any], key: Any, reverse: bool) -> int:
    lo, hi = 0, len(keys)
    while lo < hi:
        mid = (lo + hi) // 2
        if (keys[mid] > key) if reverse else (keys[mid] <= key):
            lo = mid + 1
        else:
            hi = mid
    return lo


class RowsFilter(QSortFilterProxyModel):
    """Text filter (case-insensitive, all words) plus an optional kind/colour filter."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self._kind: str = ""
        self.setSortRole(SORT_ROLE)

    def set_text(self, text: str) -> None:
        self._refilter(lambda: setattr(self, "_words", text.casefold().split()))

    def set_kind(self, kind: str) -> None:
        self._refilter(lambda: setattr(self, "_kind", kind))

    def _refilter(self, change: Any) -> None:
        # Qt 6.10 deprecates invalidateFilter() in favour of begin/endFilterChange().
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            change()
            self.endFilterChange()
        else:  # pragma: no cover - older Qt
            change()
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:  # noqa: N802 - Qt API
        if not self._kind and not self._words:
            return True  # no filter: don't ask Python about each of 10,000 rows
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if self._kind and self._kind not in str(model.data(index, KIND_ROLE) or "").split():
            return False
        hay = str(model.data(index, FILTER_ROLE) or "")
        return all(w in hay for w in self._words)
