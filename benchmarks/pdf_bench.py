"""Annotated PDF export: timings and memory (figures printed, not asserted).

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/pdf_bench.py [--big-mb 4] [--big-highlights 10000]

Targets: the corpus with 30 highlights <= 1 s; the King James Bible (4.4 MB, added with
``reader add``; the corpus repeated when the ``bible`` command is missing) with 10,000
highlights <= 12 s and <= 300 MB peak RSS. The big export runs in a child process of its
own, so its peak RSS (from ``wait4``, MB = MiB) is the export's, not the warm-up's; CPU
time (user + sys) is printed beside wall time because the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QGuiApplication  # noqa: E402

from reader.core.anchor import Anchor  # noqa: E402
from reader.core.corpus import Corpus, load_corpus  # noqa: E402
from reader.core.document import Block, Document  # noqa: E402
from reader.core.model import PALETTE, DocumentNotes, Highlight  # noqa: E402
from reader.pdf.export import export_pdf  # noqa: E402


def _highlights(doc: Document, n: int, rnd: random.Random) -> DocumentNotes:
    text = doc.text
    out = []
    for k in range(n):
        s = rnd.randrange(0, len(text) - 300)
        e = s + rnd.randrange(8, 200)
        out.append(Highlight(f"h-{k}", doc.id, Anchor.from_span(text, s, e), color=PALETTE[k % 8],
                             note=("note 香港 " * (k % 3)).strip(), tags=("t",) if k % 5 == 0 else (),
                             modified="2024-05-01T10:00:00Z"))
    return DocumentNotes(doc.id, tuple(out))


def _synthetic(corpus: Corpus, megabytes: float) -> Document:
    blocks: list[Block] = []
    offset = 0
    target = int(megabytes * 1_000_000)
    while offset < target:
        for doc in corpus:
            for b in doc.blocks:
                blocks.append(Block(b.kind, b.text, offset, b.level, b.line))
                offset += len(b.text) + 1
    meta = replace(next(iter(corpus)).meta, id="synthetic", title="Synthetic long text (the corpus repeated)")
    return Document(meta, tuple(blocks))


def _big_document(corpus: Corpus, args: argparse.Namespace, tmp: Path) -> tuple[Document, str]:
    """The King James Bible added as a reader would (``reader add``), else the corpus repeated."""
    if not args.synthetic and args.big_mb >= 4:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from bigbook_bench import big_text_file

        from reader.core.library import add_text

        source, what = big_text_file()
        if "King James" in what:
            data = tmp / "data"
            data.mkdir(exist_ok=True)
            return add_text(data, source, title="The King James Bible"), what
    return _synthetic(corpus, args.big_mb), "synthetic (the corpus repeated)"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--big-mb", type=float, default=4.0)
    ap.add_argument("--big-highlights", type=int, default=10_000)
    ap.add_argument("--skip-big", action="store_true")
    ap.add_argument("--synthetic", action="store_true", help="the corpus repeated instead of the King James Bible")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)  # the big export alone
    args = ap.parse_args()
    if args.child:
        return _child(args)
    app = QGuiApplication.instance() or QGuiApplication([])
    rnd = random.Random(1)
    corpus = load_corpus()
    from reader.core.editorial import load_editorial

    editorial = load_editorial(corpus).layer
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "corpus.pdf"
        docs = list(corpus)
        notes = {d.id: _highlights(d, 10, rnd) for d in docs}
        export_pdf(out, corpus, [], notes, editorial=editorial)  # warm-up: fonts, Qt caches
        runs = []
        for _ in range(3):
            t = time.perf_counter()
            report = export_pdf(out, corpus, [], notes, editorial=editorial)
            runs.append(time.perf_counter() - t)
        print(f"corpus, 30 highlights, editorial layer: {report.pages} pages, "
              f"{report.annotations_written} annotations, {out.stat().st_size / 1e6:.2f} MB, "
              f"best {min(runs):.2f} s, median {sorted(runs)[1]:.2f} s (target <= 1 s)")

        if args.skip_big:
            return
        _big_in_child(args)
        big, what = _big_document(corpus, args, Path(tmp))
        big_corpus = Corpus({big.id: big})
        big_notes = {big.id: _highlights(big, args.big_highlights, rnd)}

        # Cancel half-way through drawing: how soon does it stop, and is nothing left behind?
        cancelled = Path(tmp) / "cancelled.pdf"
        state = {"asked": 0.0}
        t = time.perf_counter()

        def cancel_midway(done: int, total: int, label: str) -> bool:
            if label.startswith("Drawing") and total and done >= total // 2:
                state["asked"] = state["asked"] or time.perf_counter()
                return False
            return True

        try:
            export_pdf(cancelled, big_corpus, [big.id], big_notes, progress=cancel_midway)
        except Exception as exc:  # noqa: BLE001 - a cancelled export may end in an error; we report it
            kind = type(exc).__name__
        else:
            kind = "returned"
        stopped = time.perf_counter()
        lag = (stopped - state["asked"]) * 1000 if state["asked"] else float("nan")
        leftovers = [p.name for p in Path(tmp).iterdir() if p.name.startswith((".cancelled", "cancelled"))]
        print(f"  cancel half-way through drawing: stopped {lag:.0f} ms after the request ({kind}); "
              f"files left: {leftovers or 'none'}")
    del app


def _big_in_child(args: argparse.Namespace) -> None:
    """The big export in a fresh process: wall, CPU and peak RSS of that process alone."""
    cmd = [sys.executable, __file__, "--child", "--big-mb", str(args.big_mb),
           "--big-highlights", str(args.big_highlights)] + (["--synthetic"] if args.synthetic else [])
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    out = proc.stdout.read() if proc.stdout is not None else ""
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    process_wall = time.perf_counter() - t
    if proc.returncode != 0:
        print(out.rstrip())
        raise SystemExit(f"the big export failed (exit {proc.returncode})")
    figures = dict(line.split("=", 1) for line in out.splitlines() if "=" in line and not line.startswith(" "))
    wall, cpu = float(figures["wall"]), float(figures["cpu"])
    rss_mb = usage.ru_maxrss / 1024 if sys.platform != "darwin" else usage.ru_maxrss / 1024 / 1024
    print(f"{figures['what']}, {figures['chars']} M chars, {args.big_highlights:,} highlights: {figures['pages']} pages, "
          f"{figures['annotations']} annotations, {figures['size']} MB file")
    print(f"  export: {wall:.1f} s wall (target <= 12 s{', MISSED' if wall > 12 else ''}), {cpu:.1f} s CPU (user+sys); "
          f"peak RSS {rss_mb:.0f} MB (target <= 300 MB{', MISSED' if rss_mb > 300 else ''}); "
          f"whole process {process_wall:.1f} s wall, {usage.ru_utime + usage.ru_stime:.1f} s CPU")
    print("  phases: " + figures["phases"])
    if cpu < 0.8 * wall:
        print(f"  (the export got {cpu / wall:.0%} of a core: the machine is busy, compare CPU times)")


def _child(args: argparse.Namespace) -> None:
    """Load the big text and export it once, printing ``key=value`` figures for the parent."""
    app = QGuiApplication.instance() or QGuiApplication([])
    corpus = load_corpus()
    with tempfile.TemporaryDirectory() as tmp:
        big, what = _big_document(corpus, args, Path(tmp))
        big_corpus = Corpus({big.id: big})
        big_notes = {big.id: _highlights(big, args.big_highlights, random.Random(1))}
        phases: list[tuple[float, str]] = []
        t = time.perf_counter()
        c = time.process_time()

        def progress(done: int, total: int, label: str) -> bool:
            word = label.split(" ")[0]
            if not phases or phases[-1][1] != word:
                phases.append((time.perf_counter() - t, word))
            return True

        out = Path(tmp) / "big.pdf"
        report = export_pdf(out, big_corpus, [big.id], big_notes, progress=progress)
        print(f"wall={time.perf_counter() - t:.2f}")
        print(f"cpu={time.process_time() - c:.2f}")
        print(f"what={what}")
        print(f"chars={len(big.text) / 1e6:.1f}")
        print(f"pages={report.pages}")
        print(f"annotations={report.annotations_written}")
        print(f"size={out.stat().st_size / 1e6:.1f}")
        print("phases=" + ", ".join(f"{name} at {at:.1f} s" for at, name in phases))
    del app


if __name__ == "__main__":
    main()
