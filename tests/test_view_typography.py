"""Typography as view settings and the reading-progress signal (issue 18)."""

from __future__ import annotations

from PySide6.QtGui import QFont, QTextBlockFormat

from reader.core.document import Document, DocumentMeta, parse_body
from reader.core.reading_settings import ReadingSettings
from reader.ui.marks import MarkMode
from reader.ui.reading_view import ReadingView

BODY = "# The title\n\n" + "\n\n".join(
    (f"## Part {k}\n\n" if k % 10 == 0 else "") + f"Paragraph {k} " + "words and more words " * 12
    for k in range(60))


def _view(qtbot) -> tuple[ReadingView, Document]:
    view = ReadingView()
    qtbot.addWidget(view)
    view.resize(1100, 600)
    base = QFont("DejaVu Serif")
    base.setPointSizeF(12.5)
    view.set_base_font(base)
    doc = Document(DocumentMeta(id="t", title="The title"), parse_body(BODY))
    view.show_document(doc, [], [])
    view.show()
    qtbot.waitExposed(view)
    return view, doc


def test_settings_from_state_are_validated_and_clamped() -> None:
    s = ReadingSettings.from_state({"font_family": " Noto Serif ", "font_size": 99, "line_spacing": 10,
                                    "margin": "wide", "text_width": True, "marks": "sparkles", "other": 1})
    assert s == ReadingSettings(font_family="Noto Serif", font_size=36.0, line_spacing=100)
    assert ReadingSettings.from_state("nonsense") == ReadingSettings()
    assert ReadingSettings.from_state(s.to_state()) == s
    assert ReadingSettings.from_state({"font_size": float("nan")}).font_size == 12.5


def test_font_size_spacing_margin_width_and_marks_apply_to_the_pane(qtbot) -> None:
    view, doc = _view(qtbot)
    settings = ReadingSettings(font_family="DejaVu Sans", font_size=15.0, line_spacing=180, margin=40,
                               text_width=520, marks="none")
    view.set_reading_settings(settings)
    qdoc = view.document()
    assert qdoc.defaultFont().families()[0] == "DejaVu Sans"
    assert qdoc.defaultFont().families()[1:] == ["DejaVu Serif"]  # the bundled font stays the fallback
    assert qdoc.defaultFont().pointSizeF() == 15.0
    paragraph = qdoc.findBlockByNumber(2).blockFormat()
    assert paragraph.lineHeight() == 180
    assert paragraph.lineHeightType() == QTextBlockFormat.LineHeightTypes.ProportionalHeight.value
    assert qdoc.documentMargin() == 40
    assert 500 <= view.viewport().width() <= 520  # the text column (less the scroll bar)
    assert view.editorial_marks() is MarkMode.NONE
    assert view.reading_settings() == settings
    assert view.toPlainText() == doc.text
    view.zoom(+2)  # zoom works on top of the chosen size
    assert view.document().defaultFont().pointSizeF() == 17.0


def test_progress_reports_percent_and_section_as_the_reader_scrolls(qtbot) -> None:
    view, doc = _view(qtbot)
    seen: list[tuple[int, str]] = []
    view.progressChanged.connect(lambda p, s: seen.append((p, s)))
    percent, section = view.reading_progress()
    assert 0 < percent < 30 and section == "The title"
    part = next(b for b in doc.headings() if b.text == "Part 30")
    view.scroll_to_offset(part.start, top=True)
    assert seen and seen[-1][1] == "Part 30" and 40 < seen[-1][0] < 100
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum())
    assert seen[-1] == (100, "Part 50")
