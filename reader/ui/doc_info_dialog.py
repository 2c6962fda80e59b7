"""Document info: rename and correct an added text's metadata; see where any text came from."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ..core.document import Document
from ..core.library import document_info
from .i18n import tr as _tr


class DocumentInfoDialog(QDialog):
    """``documentInfoDialog``: editable fields for an added text, read-only for shipped ones."""

    def __init__(self, doc: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentInfoDialog")
        self.setWindowTitle(_tr("Document info"))
        self.doc = doc
        info = document_info(doc)
        form = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        for key, label, value in (
            ("title", _tr("&Title"), info["title"]),
            ("authors", _tr("&Authors"), ", ".join(info["authors"])),
            ("published", _tr("&Published (YYYY-MM-DD)"), info["published"] or ""),
            ("publisher", _tr("P&ublisher"), info["publisher"]),
            ("languages", _tr("&Languages"), ", ".join(info["languages"])),
            ("tags", _tr("Colle&ctions / tags"), ", ".join(info["tags"])),
        ):
            field = QLineEdit(value, self)
            field.setObjectName(f"{key}Field")
            field.setReadOnly(not doc.user)
            form.addRow(label, field)
            self.fields[key] = field
        provenance = QPlainTextEdit(self)
        provenance.setObjectName("provenanceView")
        provenance.setReadOnly(True)
        provenance.setPlainText(_provenance_text(info))
        note = QLabel(_tr("Shipped texts cannot be edited.") if not doc.user else
                      _tr("The text itself is kept as imported; only these details change."), self)
        note.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
            if doc.user else QDialogButtonBox.StandardButton.Close, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(QLabel(_tr("Provenance"), self))
        lay.addWidget(provenance, 1)
        lay.addWidget(note)
        lay.addWidget(buttons)
        self.resize(560, 480)

    def changes(self) -> dict[str, Any]:
        """The fields the reader changed, as core ``update_metadata`` takes them."""
        info = document_info(self.doc)
        now: dict[str, Any] = {k: f.text().strip() for k, f in self.fields.items()}
        before = {"title": info["title"], "authors": ", ".join(info["authors"]), "published": info["published"] or "",
                  "publisher": info["publisher"], "languages": ", ".join(info["languages"]),
                  "tags": ", ".join(info["tags"])}
        return {k: v for k, v in now.items() if v != before[k]}


def _provenance_text(info: dict[str, Any]) -> str:
    lines = [f"Source file: {info['source'] or '—'}", f"Format: {info['format']}"]
    if info.get("url"):
        lines.append(f"Address: {info['url']}")
    if info.get("sha256"):
        lines.append(f"SHA-256 of the original: {info['sha256']}")
    if info.get("added"):
        lines.append(f"Added: {info['added']}")
    lines.append("Removed from the source:" if info["removed"] else "Nothing was removed from the source.")
    lines.extend(f"  • {r}" for r in info["removed"])
    return "\n".join(lines)
