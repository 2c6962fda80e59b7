"""Both themes meet WCAG AA (4.5:1) for text and links: palette, reading pane, highlights, cards (issue 18)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from PySide6.QtGui import QAction, QColor, QPalette

from reader.app import MainWindow
from reader.core.model import PALETTE
from reader.ui import theme
from reader.ui.ink import Inks

AA = 4.5


@pytest.mark.parametrize("colors", [theme.LIGHT, theme.DARK], ids=["light", "dark"])
def test_every_text_role_meets_aa_on_its_background(colors: dict[str, str]) -> None:
    low = {f"{fg}/{bg}": round(theme.contrast(QColor(colors[fg]), QColor(colors[bg])), 2)
           for fg, bg in theme.TEXT_PAIRS}
    assert min(low.values()) >= AA, low


@pytest.mark.parametrize("colors", [theme.LIGHT_READING, theme.DARK_READING], ids=["light", "dark"])
def test_the_reading_pane_meets_aa_on_paper_highlights_overlaps_and_search(colors: theme.ReadingColors) -> None:
    paper, ink = QColor(colors.paper), QColor(colors.ink)
    assert theme.contrast(ink, paper) >= AA
    assert theme.contrast(QColor(colors.caption), paper) >= AA
    inks = Inks(paper, colors.tint_strength)
    backgrounds = {f"{c}": inks.format_for([c]).background().color() for c in PALETTE}
    backgrounds |= {f"{a}+{b}": inks.format_for([a, b]).background().color()
                    for a, b in itertools.combinations(PALETTE, 2)}
    for layer in ("search_hit", "search_current", "flash"):
        backgrounds[layer] = theme.over(QColor(getattr(colors, layer)), paper)
    ratios = {k: round(theme.contrast(ink, bg), 2) for k, bg in backgrounds.items()}
    assert min(ratios.values()) >= AA, {k: v for k, v in ratios.items() if v < AA}


def test_contrast_is_the_wcag_ratio() -> None:
    assert theme.contrast(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert theme.contrast(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)
    assert theme.over(QColor(255, 255, 255, 0), QColor("#123456")).name() == "#123456"


def _link_colors(browser) -> list[QColor]:  # noqa: ANN001
    out = []
    block = browser.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isAnchor():
                out.append(fmt.foreground().color())
            it += 1
        block = block.next()
    return out


def test_the_glossary_cards_links_are_readable_in_both_themes(qtbot, data_dir: Path) -> None:
    w = MainWindow(data_dir=data_dir)
    qtbot.addWidget(w)
    w.show()
    w.open_document("soft-resistance-explainer")
    card = w.glossary.detail

    def switch(key: str) -> None:
        w.findChild(QAction, f"actionTheme{key.title()}").trigger()
        want = QColor(theme.DARK["Base"] if key == "dark" else theme.LIGHT["Base"])
        qtbot.waitUntil(lambda: card.palette().color(QPalette.ColorRole.Base) == want)

    switch("dark")
    w.glossary.select_entry(next(iter(w.session.editorial.glossary)).id)  # rendered in dark
    for key in ("dark", "light", "dark"):  # and rendered again when the theme changes under it
        if key != "dark" or w.glossary.detail.palette().color(QPalette.ColorRole.Base).lightness() >= 128:
            switch(key)
        base = card.palette().color(QPalette.ColorRole.Base)
        text = card.palette().color(QPalette.ColorRole.Text)
        links = _link_colors(card)
        assert links, "the card lists its sources as links"
        assert min(theme.contrast(c, base) for c in links) >= AA, (key, {c.name() for c in links}, base.name())
        assert theme.contrast(text, base) >= AA
    w.close()


def test_following_the_system_uses_the_checked_palettes(qapp) -> None:
    dark = theme.apply("system")
    colors = theme.DARK if dark else theme.LIGHT
    palette = qapp.palette()
    for role in ("PlaceholderText", "Text", "Base", "Link"):
        assert palette.color(getattr(QPalette.ColorRole, role)).name() == colors[role], role
