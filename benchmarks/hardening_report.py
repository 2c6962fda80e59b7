"""The hardening battery's core checks, run once, with the figures issue 8 asks for.

Uses the same generators and helpers as tests/hardening (hardening_lib and the test
modules' own functions), so the figures match what the tests try:

- hostile strings tried (added texts, titles, notes, tags, W3C and PDF-embedded bodies);
- malformed files tried (every corruption of every annotations/ and data-dir YAML file,
  broken W3C files and PDFs), each required to give a typed error naming the file;
- faults injected (write faults, unwritable export targets, SIGKILL during autosave,
  export and import, a second instance, a stale lock);
- notes lost (must be 0) and network attempts (must be 0);
- the worst time from opening a broken file to its clear error.

    python benchmarks/hardening_report.py [--kill-rounds N]

Exits 1 if a check fails, a note is lost or a network attempt is made.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "hardening"))
if __package__ in (None, ""):
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402  (MonkeyPatch: the same fault injection as the tests)
import test_hardening_broken as broken  # noqa: E402
import test_hardening_cli as cli  # noqa: E402
import test_hardening_faults as faults  # noqa: E402
import test_hardening_store as store_cases  # noqa: E402
from hardening_lib import (  # noqa: E402
    HOSTILE,
    IDS,
    REFUSED_IN_NOTES,
    REFUSED_IN_TEXT_FILES,
    TALLY,
    broken_pdfs,
    broken_w3c_files,
    one_sentence,
    pdf_with_attachment,
    timed,
    tree_hash,
    utf8_bytes,
    w3c_annotation,
    wrong_shapes_for,
    yaml_corruptions,
)

from reader.core import export_jobs, w3c  # noqa: E402
from reader.core.corpus import load_corpus  # noqa: E402
from reader.core.editorial import load_editorial  # noqa: E402
from reader.core.errors import DataFileError, ReaderError, StoreError, ValidationError  # noqa: E402
from reader.core.library import add_text  # noqa: E402
from reader.core.notes import NoteBook  # noqa: E402
from reader.core.paths import annotations_dir  # noqa: E402
from reader.core.store import LockedError, NotesFileError, NoteStore  # noqa: E402

FAILURES: list[str] = []


def check(ok: bool, what: str) -> None:
    if not ok:
        FAILURES.append(what)


def hostile(tmp: Path) -> None:
    corpus = load_corpus()
    data = tmp / "hostile"
    for name, s in HOSTILE.items():
        TALLY.hostile(name)
        src = tmp / f"{name}.txt"
        src.write_bytes(utf8_bytes(f"Title\n\n{s}\n"))
        try:
            doc = add_text(data, src)
            check(name not in REFUSED_IN_TEXT_FILES and s.replace("\u2029", "\n") in doc.text, f"added text {name}")
        except ReaderError as exc:
            check(name in REFUSED_IN_TEXT_FILES and one_sentence(str(exc)), f"added text {name}: {exc}")
    store = NoteStore(data)
    book = NoteBook(store, texts=lambda d: corpus.get(d).text)
    h, _ = book.add_highlight(IDS[0], 10, 40)
    for name, s in HOSTILE.items():
        try:
            book.set_note(h.id, s)
            book.set_tags(h.id, [s])
            book.save_now()
            check(NoteStore(data).load_notes(IDS[0]).highlights[0].note == s, f"note {name}")
        except ValueError as exc:
            check(name in REFUSED_IN_NOTES and one_sentence(str(exc)), f"note {name}: {exc}")
    store.release_lock()
    text = corpus.get(IDS[0]).text
    items = [w3c_annotation(IDS[0], text[200 + 40 * i:220 + 40 * i], 200 + 40 * i, 220 + 40 * i, note=s, tags=(s,))
             for i, s in enumerate(HOSTILE.values())]
    payload = json.dumps(items).encode()
    from reader.pdf.export import read_embedded_annotations

    (tmp / "h.json").write_bytes(payload)
    (tmp / "h.pdf").write_bytes(pdf_with_attachment(json.dumps({"type": "AnnotationCollection", "first": {
        "type": "AnnotationPage", "items": items}}).encode()))
    for result in (w3c.load_file(tmp / "h.json", corpus),
                   w3c.parse_annotations(read_embedded_annotations(tmp / "h.pdf"), corpus, "h.pdf")):
        notes = {x.note for x in result.by_doc[IDS[0]]}
        check(all(s in notes for n, s in HOSTILE.items() if n not in REFUSED_IN_NOTES), "W3C/PDF bodies")


def malformed(tmp: Path) -> None:
    corpus = load_corpus()
    for name in sorted(p.name for p in annotations_dir().glob("*.yaml")):
        cases = broken._annotation_cases(name, every=True)
        for case, data in cases.items():
            folder = tmp / "ann" / f"{name}-{case}"
            shutil.copytree(annotations_dir(), folder)
            (folder / name).write_bytes(data)
            before = tree_hash(folder)
            result, exc, s = timed(lambda folder=folder: load_editorial(corpus, folder=folder))
            check(exc is None and any(p.path == folder / name for p in result.problems), f"annotations/{name} {case}")
            check(tree_hash(folder) == before, f"annotations/{name} {case} changed")
            TALLY.malformed_files += 1
            TALLY.error_time(s, f"annotations/{name} {case}")
    seed_dir = tmp / "seed"
    broken._seed(seed_dir)
    for kind, rel in broken.DATA_FILES.items():
        cases = yaml_corruptions((seed_dir / rel).read_bytes())
        if kind != "state":
            cases |= wrong_shapes_for("highlights" if kind == "notes" else "links")
        for case, data in cases.items():
            d = tmp / "data" / f"{kind}-{case}"
            shutil.copytree(seed_dir, d)
            (d / rel).write_bytes(data)
            before = tree_hash(d)
            store = NoteStore(d)
            if kind == "state":
                _, exc, s = timed(store.load_state)
                check(exc is None and [p.path for p in store.problems] == [d / rel], f"{rel} {case}")
            else:
                fn = (lambda store=store: store.load_notes(IDS[0])) if kind == "notes" else store.load_links
                _, exc, s = timed(fn)
                check(isinstance(exc, NotesFileError) and exc.path == d / rel, f"{rel} {case}: {exc!r}")
            check(tree_hash(d) == before, f"{rel} {case} changed the data dir")
            TALLY.malformed_files += 1
            TALLY.error_time(s, f"{rel} {case}")
    from reader.pdf.export import read_embedded_annotations

    text = corpus.get(IDS[0]).text
    files = {f"{k}.json": (v, lambda p: w3c.load_file(p, corpus), (DataFileError, ValidationError))
             for k, v in broken_w3c_files(IDS[0], text).items()}
    payload = json.dumps([w3c_annotation(IDS[0], text[300:330], 300, 330)]).encode()
    files |= {f"{k}.pdf": (v, read_embedded_annotations, (DataFileError,)) for k, v in broken_pdfs(payload).items()}
    for fname, (data, reader, types) in files.items():
        path = tmp / "imports" / fname
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        _, exc, s = timed(lambda path=path, reader=reader: reader(path))
        check(isinstance(exc, types) and exc.path == path and one_sentence(str(exc)), f"{fname}: {exc!r}")
        TALLY.malformed_files += 1
        TALLY.error_time(s, fname)


def fault_injection(tmp: Path, kill_rounds: int) -> None:
    corpus = load_corpus()
    for i, fault in enumerate(faults.FAULTS):
        d = tmp / "faults" / str(i)
        saved = faults.seed(d)
        store = NoteStore(d)
        book = NoteBook(store, texts=lambda doc: corpus.get(doc).text)
        book.notes(IDS[0])
        with pytest.MonkeyPatch.context() as m:
            faults.inject(m, fault)
            try:
                book.set_note(saved[IDS[0]].highlights[0].id, "during the fault")
                check(False, f"{fault}: no error")
            except StoreError as exc:
                check(one_sentence(str(exc)), f"{fault}: {exc}")
        check(faults.lost(d, saved) == 0, f"{fault}: notes lost")
        book.save_now()
        store.release_lock()
    for fmt, suffix in (("markdown", ".md"), ("w3c", ".json")):
        d = tmp / "export-target"
        if not d.exists():
            faults.seed(d)
        (tmp / f"t{suffix}").mkdir()
        for target in faults._unwritable_targets(tmp / f"t{suffix}", suffix).values():
            TALLY.faults += 1
            try:
                export_jobs.export_text(fmt, target, d)
                check(False, f"export to {target}: no error")
            except StoreError as exc:
                check(exc.path == target, f"export {target}")
    import random

    rng = random.Random(8)
    for mode, kills in faults.KILLS.items():
        extra = [f"{rng.choice(['replace', 'fsync'])}:{rng.choice(['before', 'after'])}:{rng.randint(1, 8)}"
                 for _ in range(max(0, kill_rounds - len(kills)))]
        tmp_mode = tmp / f"kill-{mode}"
        tmp_mode.mkdir()
        faults._killed_rounds(mode, kills + extra, tmp_mode)
    d = tmp / "second"
    saved = faults.seed(d)
    first, second = NoteStore(d), NoteStore(d)
    TALLY.faults += 1
    check(first.acquire_lock() and not second.acquire_lock(), "second instance not refused")
    try:
        second.save_notes(saved[IDS[0]])
        check(False, "second instance saved")
    except LockedError:
        pass
    first.release_lock()
    lock = d / "reader.lock"
    lock.write_text(f"{faults._dead_pid()}\n{socket.gethostname()}\n")
    TALLY.faults += 1
    s = NoteStore(d)
    check(s.acquire_lock(), "stale lock not recovered")
    s.release_lock()
    check(faults.lost(d, saved) == 0, "second instance lost notes")


def network(tmp: Path) -> None:
    """The core user actions (add, search, notes, every export, imports) with sockets forbidden."""
    attempts: list[str] = []

    def refuse(*args: object, **_k: object) -> None:
        attempts.append(repr(args[:2]))
        TALLY.network_attempts += 1
        raise OSError("network access is forbidden")

    class Forbidden(socket.socket):
        def __init__(self, *args: object, **kwargs: object) -> None:
            refuse(*args)

    from reader.core.search import search_corpus
    from reader.pdf.export import export_pdf

    with pytest.MonkeyPatch.context() as m:
        m.setattr(socket, "socket", Forbidden)
        for name in ("create_connection", "getaddrinfo", "gethostbyname"):
            m.setattr(socket, name, refuse)
        d = tmp / "net"
        src = tmp / "net.md"
        src.write_text("# Net\n\n" + HOSTILE["markdown-autolinks"] + "\n")
        add_text(d, src)
        corpus = load_corpus(d)
        search_corpus(corpus, "Hong Kong")
        faults.seed(d)
        export_jobs.export_text("markdown", tmp / "n.md", d)
        export_jobs.export_text("w3c", tmp / "n.json", d)
        job = export_jobs.prepare(d, [IDS[1]])
        export_pdf(tmp / "n.pdf", job.corpus, job.doc_ids, job.notes, links=job.links, editorial=job.editorial)
        export_jobs.import_file(tmp / "n.json", d)
        from reader.pdf.annots import read_embedded_annotations

        export_jobs.import_file(tmp / "n.pdf", d, read_pdf=read_embedded_annotations)
    check(attempts == [], f"network attempts: {attempts}")


STORE_FIGURES: list[str] = []


def data_dir_cases(tmp: Path) -> None:
    """Issue 15's data-dir cases: the wide import, import 20k vs 160k, concurrent add,
    a read-only data dir, SIGTERM right after an edit."""
    import subprocess

    from reader.core.check import run_check

    d = tmp / "wide" / "data"
    d.mkdir(parents=True)
    (outcome, problems), _, s = timed(lambda: store_cases.import_wide(d))
    check(outcome.startswith("refused: ") and problems == 0, f"wide import: {outcome}, check: {problems}")
    STORE_FIGURES.append(f"wide import (6,000 x whole explainer): {outcome[:150]}...; "
                         f"reader check afterwards: {problems} problems ({s:.1f} s)")
    times, cpu = {}, {}
    for n in (20_000, 160_000):
        d = tmp / f"import-{n}"
        d.mkdir()
        src = d / "a.json"
        src.write_text(json.dumps(store_cases.compact_annotations(n)))
        c0 = time.process_time()  # CPU time too: wall time is noisy on a busy machine
        summary, exc, times[n] = timed(lambda src=src, d=d: export_jobs.import_file(src, d / "data"))
        cpu[n] = time.process_time() - c0
        check(exc is None and f"{n} new" in str(summary), f"import {n}: {exc}")
        check(not run_check(d / "data").problems, f"import {n}: check")
    STORE_FIGURES.append(f"import of compact annotations: 20k {times[20_000]:.1f} s ({cpu[20_000]:.1f} s CPU), "
                         f"160k {times[160_000]:.1f} s ({cpu[160_000]:.1f} s CPU); "
                         f"x{times[160_000] / times[20_000]:.1f} for x8 the work")
    d = tmp / "adds"
    d.mkdir()
    procs = []
    for r in range(10):
        for k in range(4):
            src = d / f"t{r}-{k}.txt"
            src.write_text(f"A text written by run {k} in round {r}.\n")
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "reader", "add", str(src), "--title", "Same", "--data-dir", str(d / "data")],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT))
        results = [(p.wait(), p.stderr.read() if p.stderr else "") for p in procs[-4:]]
        check(all(code == 0 or (code == 1 and "PID" in err and one_sentence(err)) for code, err in results),
              f"concurrent add round {r}: {results}")
    ok = sum(p.returncode == 0 for p in procs)
    added = len(load_corpus(d / "data").ids()) - len(load_corpus().ids())
    check(ok == added, f"concurrent add: {ok} successes, {added} documents")
    STORE_FIGURES.append(f"concurrent add (4 at once x 10 rounds): {ok} successes, {added} documents, "
                         f"{len(procs) - ok} refused naming the holder")
    with pytest.MonkeyPatch.context() as m:
        d = tmp / "ro" / "data"
        d.mkdir(parents=True)
        store_cases.test_read_only_data_dir_opens_read_only(d, m)
    STORE_FIGURES.append("read-only data dir: opens read-only (notes readable, saves refused with a sentence, "
                         "Markdown export to a writable path works)")
    d = tmp / "sigterm" / "data"
    d.mkdir(parents=True)
    code, hid, err = store_cases.run_sigterm_window(d)
    kept = hid in (d / "notes" / f"{store_cases.EXPLAINER}.yaml").read_text() if hid else False
    check(code == 0 and kept, f"SIGTERM: exit {code}, kept {kept}, {err[-200:]}")
    STORE_FIGURES.append(f"SIGTERM 0 ms after a highlight in a real window: exit {code}, edit kept: {kept}")


def command_lines(tmp: Path) -> None:
    """The CLI matrix of the battery: exit 1 or 2, one line on stderr, no traceback."""
    folder = tmp / "cli"
    folder.mkdir()
    paths = cli.make_paths(folder)
    expected = cli.cases(paths)
    for case, (code, err) in cli.run_matrix(paths).items():
        TALLY.cli_cases += 1
        check(code == expected[case][1] and one_sentence(err), f"CLI {case}: exit {code}, {err!r}")


OUTPUT_FIGURES: list[str] = []


def output_cases(tmp: Path) -> None:
    """Issue 15's writer and reader cases: /dev/null, symlinks and modes kept by every
    export; a FIFO and /dev/zero refused by the bounded reader (timed)."""
    import stat
    import threading

    from reader.core.library import add_text

    if os.name != "posix":
        OUTPUT_FIGURES.append("devices/FIFOs: not a POSIX system, skipped")
        return
    d = tmp / "output-data"
    d.mkdir()
    faults.seed(d)
    kept = []
    for fmt, suffix in (("markdown", ".md"), ("w3c", ".json")):
        before = os.stat("/dev/null")
        export_jobs.export_text(fmt, Path("/dev/null"), d)
        kept.append(stat.S_ISCHR(os.stat("/dev/null").st_mode) and os.stat("/dev/null").st_ino == before.st_ino)
        real = tmp / f"real{suffix}"
        real.write_text("old")
        real.chmod(0o644)
        link = tmp / f"link{suffix}"
        link.symlink_to(real)
        export_jobs.export_text(fmt, link, d)
        kept.append(link.is_symlink() and real.read_text() != "old" and stat.S_IMODE(real.stat().st_mode) == 0o644)
    check(all(kept), f"devices/symlinks/modes: {kept}")
    OUTPUT_FIGURES.append(f"devices/symlinks/modes kept:    {sum(kept)} of {len(kept)} exports")
    fifo = tmp / "pipe.md"
    os.mkfifo(fifo)
    zero = tmp / "zero.txt"
    zero.symlink_to("/dev/zero")
    for what, path in (("FIFO", fifo), ("/dev/zero", zero)):
        result: list[BaseException | None] = []
        worker = threading.Thread(target=lambda p=path, r=result: r.append(timed(lambda: add_text(d, p))[1]), daemon=True)
        t = time.perf_counter()
        worker.start()
        worker.join(60)
        seconds = time.perf_counter() - t
        exc = result[0] if result else None
        check(exc is not None and "is not a regular file" in str(exc) and one_sentence(str(exc)), f"{what}: {exc!r}")
        OUTPUT_FIGURES.append(f"{what + ' refused in:':<32}{seconds * 1000:.1f} ms (reader add; hung before)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kill-rounds", type=int, default=6, help="SIGKILL rounds per mode (autosave, exports, import)")
    args = ap.parse_args()
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="reader-hardening-") as tmp_name:
        tmp = Path(tmp_name)
        os.environ["HOME"] = str(tmp / "home")  # never the real home
        for step in (hostile, malformed, lambda t: fault_injection(t, args.kill_rounds), network,
                     command_lines, data_dir_cases, output_cases):
            step(tmp)
    print(TALLY.line())
    print(f"  hostile strings tried:          {len(TALLY.hostile_strings)}")
    print(f"  malformed files tried:          {TALLY.malformed_files}")
    print(f"  faults injected:                {TALLY.faults}")
    print(f"  bad command lines:              {TALLY.cli_cases}")
    print(f"  notes lost:                     {TALLY.notes_lost} (must be 0)")
    print(f"  network attempts:               {TALLY.network_attempts} (must be 0)")
    print(f"  worst time to a clear error:    {TALLY.worst_error_s * 1000:.0f} ms ({TALLY.worst_error_what})")
    for line in STORE_FIGURES + OUTPUT_FIGURES:
        print(f"  {line}")
    print(f"  total run time:                 {time.perf_counter() - t0:.1f} s")
    for f in FAILURES:
        print(f"FAILED: {f}")
    return 1 if FAILURES or TALLY.notes_lost or TALLY.network_attempts else 0


if __name__ == "__main__":
    sys.exit(main())
