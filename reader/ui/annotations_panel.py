"""The Annotations tab: every span of the document in reading order, editorial and personal."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QWidget,
)

from ..core.document import Document
from ..core.model import Highlight
from .i18n import tr as _tr
from .list_panel import ListPanel
from .models import AT_ONCE, FILL_STEP, Row, RowSource
from .session import Session
from .widgets import (
    excerpt,
)

# Translated where shown (mark_label); QT_TRANSLATE_NOOP lets lupdate find them here.
MARK_LABELS = {"glossary": QT_TRANSLATE_NOOP("Marks", "Glossary"),
               "crossref": QT_TRANSLATE_NOOP("Marks", "Cross-reference"),
               "note": QT_TRANSLATE_NOOP("Marks", "Editorial note"),
               "timeline": QT_TRANSLATE_NOOP("Marks", "Timeline"),
               "highlight": QT_TRANSLATE_NOOP("Marks", "Your highlight")}


def mark_label(kind: str) -> str:
    """The kind of an annotation in the reader's language."""
    return QCoreApplication.translate("Marks", MARK_LABELS[kind]) if kind in MARK_LABELS else kind


class AnnotationsPanel(ListPanel):
    """Every span of this document in reading order: editorial marks and personal highlights."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("annotationsTab", _tr("Filter annotations…"),
                         _tr("Annotations of this document"), parent, follow_current=True)
        self.kind = QComboBox(self)
        self.kind.setObjectName("annotationsKind")
        self.kind.setAccessibleName(self.tr("Show kind of annotation"))
        self.kind.addItem(self.tr("All kinds"), "")
        for k in MARK_LABELS:
            self.kind.addItem(mark_label(k), k)
        self.kind.currentIndexChanged.connect(lambda _i: self.proxy.set_kind(self.kind.currentData()))
        self.layout_.insertWidget(1, self.kind)

    def refresh(self, session: Session, doc: Document | None, marks: list, highlights: list[Highlight]) -> None:
        for _ in self.refresh_in_steps(session, doc, marks, highlights, step=AT_ONCE):
            pass

    def refresh_in_steps(self, session: Session, doc: Document | None, marks: list, highlights: list[Highlight],
                         step: int = FILL_STEP) -> Iterator[None]:
        """``refresh`` in slices (see RowsModel.set_items_in_steps)."""
        items: list[Any] = [*marks, *highlights] if doc is not None else []
        layer = session.editorial
        text = doc.text if doc is not None else ""

        def make(item: Any) -> Row:
            return self._highlight_row(item) if isinstance(item, Highlight) else _mark_row(layer, text, item)

        yield from self.model.set_items_in_steps(items, RowSource(make, _annotation_key, _annotation_sort), step=step,
                                                 around_change=self.quiet)

    @staticmethod
    def _highlight_row(h: Highlight) -> Row:
        return Row(
            text=f"{mark_label('highlight')}: {excerpt(h.quote, 90)}\n{excerpt(h.note, 120)}",
            key=_annotation_key(h), kind="highlight", sort=_annotation_sort(h),
            color=h.color, search=f"{h.quote} {h.note} {' '.join(h.tags)}",
        )

    def upsert_highlight(self, h: Highlight) -> None:
        with self.quiet():
            self.model.upsert(self._highlight_row(h))

    def remove_highlight(self, hid: str) -> None:
        with self.quiet():
            self.model.remove_key(("highlight", hid))


def _mark_detail(layer: Any, m: Any) -> str:
    described = layer.describe(m.kind, m.ref_id) if layer is not None else None
    if described is None:
        return ""
    heading, text = described
    return f"{heading}: {text}" if heading else text


def _mark_row(layer: Any, text: str, m: Any) -> Row:
    quote = text[m.start:m.end]
    label = mark_label(m.kind)
    detail = _mark_detail(layer, m)
    return Row(
        text=f"{label}: {excerpt(quote, 90)}\n{excerpt(detail, 120)}",
        key=_annotation_key(m), kind=m.kind, sort=_annotation_sort(m),
        search=f"{label} {quote} {detail}", tooltip=detail,
    )


def _annotation_key(item: Any) -> Any:
    return ("highlight", item.id) if isinstance(item, Highlight) else (item.kind, item.ref_id, item.start, item.end)


def _annotation_sort(item: Any) -> Any:
    return (item.start, "highlight") if isinstance(item, Highlight) else (item.start, item.kind)
