"""The Timeline tab: dated events in date order; activating one opens its passage."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QWidget,
)

from .i18n import tr as _tr
from .list_panel import ListPanel, doc_title
from .models import Row
from .session import Session
from .widgets import (
    excerpt,
)


class TimelinePanel(ListPanel):
    """Events in date order; activating one opens its passage."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("timelineTab", _tr("Filter the timeline…"),
                         _tr("Timeline events"), parent)

    def refresh(self, session: Session) -> None:
        rows = []
        layer = session.editorial
        if layer is not None:
            yours = QCoreApplication.translate("TimelinePanel", "yours")
            for ev in layer.timeline:
                docs = sorted({doc_title(session, s.doc_id) for s in ev.spans})
                mine = f"  ·  {yours}" if ev.id in layer.personal_ids else ""
                rows.append(Row(
                    text=f"{ev.date}  {ev.title}{mine}\n“{excerpt(ev.date_text, 60)}” — {excerpt(', '.join(docs), 80)}",
                    key=ev.id, sort=ev.date, tooltip=f"{ev.date_text}\n{ev.reasoning}",
                    search=f"{ev.date} {ev.title} {ev.date_text} {ev.reasoning}",
                ))
        self.model.set_rows(rows)
