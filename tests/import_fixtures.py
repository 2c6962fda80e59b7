"""Source files for the import tests, built with each format's own Python library."""

from __future__ import annotations

from pathlib import Path

ARTICLE = [
    "The old harbour ferry returned to service on Friday morning after three months of repairs "
    "to its engine and hull, the operator said.",
    "Commuters who had relied on the bus during the closure said the crossing saved them forty "
    "minutes each day, and several called it a lifeline for the island.",
    "The operator said fares would remain unchanged until the end of the year, and that a second "
    "vessel would join the route in the spring.",
]
QUOTE = "“We missed the sea air more than anything,” said one regular passenger."
ITEMS = ["Sailings every thirty minutes on weekdays.", "Hourly sailings at weekends."]
CAPTION = "The ferry at the north pier on Friday. Photo: Tide staff."
FURNITURE = ["We use cookies", "Accept all cookies", "Home", "World news", "Bridge closure extended again",
             "New bus lanes open downtown", "Leave a comment", "Post comment", "Become a member",
             "All rights reserved", "Privacy policy"]

WEB_PAGE = f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Harbour ferry returns after repairs | The Daily Tide</title>
<meta property="og:title" content="Harbour ferry returns after repairs">
<meta property="og:site_name" content="The Daily Tide">
<meta name="author" content="Ada Lovelace">
<meta property="article:published_time" content="2024-03-15T08:00:00Z">
<link rel="canonical" href="https://tide.example/news/ferry-returns">
</head>
<body>
<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your experience. Accept all cookies?</p><button>Accept</button></div>
<header><nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/world">World news</a></li></ul></nav></header>
<main>
<article>
<h1>Harbour ferry returns after repairs</h1>
<p>{ARTICLE[0]}</p>
<h2>Passengers welcome the return</h2>
<p>{ARTICLE[1].replace("forty minutes", "<em>forty minutes</em>").replace("a lifeline", "<strong>a lifeline</strong>")}</p>
<blockquote><p>{QUOTE}</p></blockquote>
<ul><li>{ITEMS[0]}</li><li>{ITEMS[1]}</li></ul>
<figure><img src="ferry.jpg" alt="The ferry at the pier"><figcaption>{CAPTION}</figcaption></figure>
<p>{ARTICLE[2]}</p>
</article>
<aside class="related-articles"><h3>Related articles</h3><ul><li><a href="/a">Bridge closure extended again</a></li><li><a href="/b">New bus lanes open downtown</a></li></ul></aside>
<section id="comments" class="comments"><h3>Leave a comment</h3><form><textarea></textarea><button>Post comment</button></form></section>
</main>
<div class="membership-promo"><p>Support independent journalism. Become a member for just $5 a month.</p></div>
<footer class="site-footer"><p>© 2024 The Daily Tide. All rights reserved.</p><a href="/privacy">Privacy policy</a></footer>
</body></html>
"""

BOOK = {
    "Chapter One": ["It was a bright cold day in April, and the clocks were striking thirteen.",
                    "Outside, even through the shut window-pane, the world looked cold."],
    "Chapter Two": ["The hallway smelt of boiled cabbage and old rag mats.",
                    "At one end of it a coloured poster, too large for indoor display, had been tacked to the wall."],
}


def write_epub(path: Path) -> Path:
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("urn:test:book")
    book.set_title("A Test Book")
    book.set_language("en")
    book.add_author("Jane Writer")
    book.add_metadata("DC", "date", "2021-06-01")
    book.add_metadata("DC", "publisher", "Test Press")
    chapters = []
    # Added to the book in reverse, so only the spine can give the right order.
    for i, (heading, paras) in reversed(list(enumerate(BOOK.items()))):
        c = epub.EpubHtml(title=heading, file_name=f"c{i}.xhtml", lang="en")
        c.content = f"<h1>{heading}</h1>" + "".join(f"<p>{p}</p>" for p in paras)
        book.add_item(c)
        chapters.insert(0, c)
    book.toc = chapters
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", *chapters]
    epub.write_epub(str(path), book)
    return path


MEMO = ["Please find below the schedule for the quarterly review meeting.",
        "All teams should send their figures by Thursday noon."]


def write_docx(path: Path) -> Path:
    import docx

    d = docx.Document()
    d.core_properties.title = "Quarterly review memo"
    d.core_properties.author = "Sam Manager"
    d.add_heading("Quarterly review memo", level=1)
    d.add_paragraph(MEMO[0])
    d.add_heading("Agenda", level=2)
    d.add_paragraph("Opening remarks", style="List Bullet")
    d.add_paragraph("Figures by team", style="List Bullet")
    d.add_paragraph("Measure twice, cut once.", style="Quote")
    p = d.add_paragraph("All teams should send their figures by ")
    p.add_run("Thursday noon").bold = True
    p.add_run(".")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Team", "Lead"
    table.cell(1, 0).text, table.cell(1, 1).text = "North", "Ana Ruiz"
    d.save(str(path))
    return path


# Each page: paragraphs, each a list of printed lines. "Luo Hui-" ends a line.
PDF_PAGES = [
    [["The committee met in the spring and heard evidence from",
      "many witnesses, among them Luo Hui-",
      "ning, who spoke about the o\ufb03ce and its \ufb01les."],
     ["A second paragraph begins here and it",
      "continues on this line."]],
    [["The third paragraph is on page two and", "ends here."]],
    [["A fourth paragraph closes the report."]],
]
PDF_HEADER = "Annual Report 2024 — Confidential"


def write_pdf(path: Path, with_text: bool = True) -> Path:
    """A PDF drawn line by line with QPdfWriter (running header, page numbers, hyphenated line end)."""
    from PySide6.QtGui import QColor, QFont, QPageSize, QPainter, QPdfWriter
    from PySide6.QtWidgets import QApplication

    # A QApplication (not a QGuiApplication): later window tests in the session need widgets.
    _app = QApplication.instance() or QApplication([])
    w = QPdfWriter(str(path))
    w.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    w.setResolution(72)
    w.setTitle("Annual Report")
    w.setCreator("Reader tests")
    p = QPainter(w)
    font = QFont("DejaVu Sans")
    font.setPointSize(11)
    p.setFont(font)
    for i, paras in enumerate(PDF_PAGES):
        if i:
            w.newPage()
        if not with_text:
            p.fillRect(72, 72, 300, 200, QColor("#336699"))
            continue
        p.drawText(72, 40, PDF_HEADER)
        y = 100
        for para in paras:
            for line in para:
                p.drawText(72, y, line)
                y += 16
            y += 14
        p.drawText(290, 800, str(i + 1))
    p.end()
    return path


MARKDOWN = """---
title: Notes on the harbour
author: Ada Lovelace
---

# Notes on the harbour

The ferry is *back* and the **fares** are unchanged; see [the operator](https://example.invalid/).

- first item
- second item with `code`

> A quoted line
> that continues.

```
def f():
    return 1
```

| Day | Sailings |
| --- | --- |
| Mon | 20 |

![A picture of the pier](pier.png)

<b>raw html</b> stays text.
"""
