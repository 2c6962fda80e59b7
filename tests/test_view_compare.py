"""The compare view for `contradicts`: the words that differ are marked, in the reading font, sized to the text (issue 18)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox, QTextEdit

from reader.app import MainWindow
from reader.ui.compare import word_diff


def test_word_diff_marks_only_the_words_the_other_side_lacks() -> None:
    a = "Since the National Security Law went into effect in 2021"
    b = "Beijing imposed a national security law in Hong Kong on June 30, 2020"
    only_a, only_b = word_diff(a, b)
    assert "2021" in [a[s:e].split()[-1] for s, e in only_a]
    assert any("2020" in b[s:e] for s, e in only_b)
    assert all(a[s:e] != "in" for s, e in only_a)  # a shared word is not marked
    assert word_diff("same words here", "same words here") == ([], [])


def _marked_words(passage: QTextEdit) -> list[str]:
    out, block = [], passage.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            if frag.charFormat().fontUnderline():
                out.append(frag.text())
            it += 1
        block = block.next()
    return out


def test_the_contradicts_dialog_marks_the_differing_words_in_the_reading_font(qtbot, data_dir: Path) -> None:
    w = MainWindow(data_dir=data_dir)
    qtbot.addWidget(w)
    w.show()
    link = next(c for c in w.session.editorial.crossrefs if c.id == "nsl-year-statement-vs-lam-report")
    dlg = w.show_side_by_side(link)
    qtbot.addWidget(dlg)
    passages = dlg.findChildren(QTextEdit, "sideBySidePassage")
    assert len(passages) == 2
    left, right = (" ".join(_marked_words(p)) for p in passages)
    assert "2021" in left and "2020" in right
    assert "law" not in right and "Law" not in left  # the same word in another case is not a difference
    assert "Hong Kong" not in left  # context outside the quote is never marked
    for p in passages:
        assert p.document().defaultFont().family() == w.view.document().defaultFont().family()
        assert p.verticalScrollBar().maximum() == 0  # the whole text shows, no scrolling
        assert p.toPlainText()  # plain text, never markup
    # the dialog is as tall as the longer passage needs, not a fixed size
    tallest = max(p.document().size().height() for p in passages)
    assert max(p.height() for p in passages) <= tallest + 40
    dlg.close()
    # a passage beside wrapped titles: the dialog still fits all, the button below the text
    other = next(c for c in w.session.editorial.crossrefs if c.id == "first-use-of-soft-resistance")
    dlg = w.show_side_by_side(other)
    qtbot.addWidget(dlg)
    button = dlg.findChild(QDialogButtonBox)
    for p in dlg.findChildren(QTextEdit, "sideBySidePassage"):
        assert p.verticalScrollBar().maximum() == 0
        assert p.geometry().bottom() < button.geometry().top()
    dlg.close()
    w.close()
