"""Command line: the window by default, plus list/check/export/import/search/add/remove/info.

Every failure is one sentence on stderr naming the file; exit codes are 0 ok,
1 problems found or failed, 2 usage error.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .core.errors import ReaderError

EXPORT_FORMATS = {".pdf": "pdf", ".md": "markdown", ".markdown": "markdown", ".json": "w3c", ".jsonld": "w3c"}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one sentence, exit 2, no wall of usage text
        self.exit(2, f"{self.prog}: {message} (see '{self.prog} --help').\n")


def _data_dir_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data-dir", metavar="DIR", help="user data directory (default: $READER_DATA_DIR or the platform's)")


def _add_list(p: argparse.ArgumentParser) -> None:
    pass


def _add_check(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print counts as JSON")


def _add_export(p: argparse.ArgumentParser) -> None:
    p.add_argument("doc_ids", nargs="*", metavar="DOC_ID")
    p.add_argument("-o", "--output", required=True, metavar="OUT")
    p.add_argument("--format", choices=("pdf", "markdown", "w3c", "yaml"))
    p.add_argument("--no-editorial", action="store_true", help="PDF: leave out glossary, cross-references and timeline")
    p.add_argument("--no-notes", action="store_true", help="PDF: leave out personal highlights and notes")


def _add_import(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE")


def _add_search(p: argparse.ArgumentParser) -> None:
    p.add_argument("query", metavar="QUERY")


def _add_add(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE")
    p.add_argument("--title", metavar="T")


def _add_remove(p: argparse.ArgumentParser) -> None:
    p.add_argument("doc_id", metavar="DOC_ID")


def _add_info(p: argparse.ArgumentParser) -> None:
    p.add_argument("doc_id", metavar="DOC_ID")
    p.add_argument("--json", action="store_true", help="print it as JSON")


def _add_sync(p: argparse.ArgumentParser) -> None:
    p.add_argument("folder", nargs="?", metavar="DIR", help="the shared folder (default: the remembered one)")


# Each subcommand: its help line and its arguments (besides --data-dir, which all take).
_SUBPARSERS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "list": ("list documents: id<TAB>title", _add_list),
    "check": ("validate texts, annotations and notes", _add_check),
    "export": ("export annotated PDF, Markdown or W3C JSON-LD", _add_export),
    "import": ("import W3C JSON-LD or one of our PDFs into notes", _add_import),
    "search": ("search the library: doc_id<TAB>offset<TAB>context", _add_search),
    "add": ("add a text (.txt, .md, .html, .epub, .pdf, .docx) to your library", _add_add),
    "remove": ("remove a text you added (it is kept in the data dir's trash)", _add_remove),
    "info": ("a document's metadata and provenance", _add_info),
    "sync": ("exchange notes with a shared sync folder (remembered for next time)", _add_sync),
}
SUBCOMMANDS = tuple(_SUBPARSERS)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The subcommands' parser; with ``only``, just that subcommand's (argparse spends about
    half a millisecond per argument, looking up translations of its own words)."""
    parser = _Parser(prog="reader", description="An offline reader for an annotated corpus.")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    for name, (help_text, add_arguments) in _SUBPARSERS.items():
        if only is None or name == only:
            p = sub.add_parser(name, help=help_text)
            add_arguments(p)
            _data_dir_arg(p)
    return parser


def build_gui_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="reader", description="Open the reader window (subcommands: " + ", ".join(SUBCOMMANDS) + ").")
    parser.add_argument("doc_id", nargs="?", metavar="DOC_ID", help="document to open")
    _data_dir_arg(parser)
    return parser


# Python's cyclic GC walks every live object each time a few hundred allocations pile up;
# with a book's 10,000 highlights and 31,000 blocks alive that doubled the cost of
# opening it and of filling its side lists (measured: 310 -> 110 ms for the lists). Our
# data has few cycles, so collect rarely.
GC_THRESHOLDS = (20_000, 20, 20)
# A worker thread (search index, autosave) holds the GIL for up to this long before the
# GUI thread gets it back; Python's default 5 ms made every Qt call into Python during
# an index build wait (a list fill went from 0.3 s to 0.7 s).
SWITCH_INTERVAL_S = 0.001


def tune_interpreter() -> None:
    """The process settings Reader runs with (also used by the benchmarks, to measure the
    app as it runs)."""
    gc.set_threshold(*GC_THRESHOLDS)
    sys.setswitchinterval(SWITCH_INTERVAL_S)


def main(argv: Sequence[str] | None = None) -> int:
    tune_interpreter()
    args_list = list(sys.argv[1:] if argv is None else argv)
    first = next((a for a in args_list if not a.startswith("-")), None)
    try:
        if first in SUBCOMMANDS or (args_list and args_list[0] in ("-h", "--help")):
            args = build_parser(first if first in SUBCOMMANDS else None).parse_args(args_list)
            if args.command is None:
                build_parser().print_help()
                return 0
            return _COMMANDS[args.command](args)
        args = build_gui_parser().parse_args(args_list)
        return _run_gui(args)
    except ReaderError as exc:
        print(f"reader: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("reader: interrupted.", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader of our output (`| head`) has gone: stop quietly, as cat and grep do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit's flush
        return 0


def _data_dir(args: argparse.Namespace) -> Path:
    from .core.datadir_lock import check_data_dir
    from .core.paths import resolve_data_dir

    data_dir = resolve_data_dir(args.data_dir)
    check_data_dir(data_dir)
    return data_dir


def _corpus(args: argparse.Namespace):  # noqa: ANN202 - Corpus, imported lazily for start-up time
    from .core.corpus import load_corpus

    return load_corpus(_data_dir(args))


def cmd_list(args: argparse.Namespace) -> int:
    from .core.listing_cache import listing_text

    out, problems = listing_text(_data_dir(args))
    sys.stdout.write(out)  # one write: print() per line is two system calls each when unbuffered
    for problem in problems:
        print(f"reader: {problem} (skipped)", file=sys.stderr)
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from .core.check import run_check

    report = run_check(_data_dir(args))
    if args.json:
        print(json.dumps(report.counts, indent=2))
    for problem in report.problems:
        print(str(problem), file=sys.stdout if not args.json else sys.stderr)
    for warning in getattr(report, "warnings", ()):
        print(f"warning: {warning}", file=sys.stderr)
    if report.problems:
        return 1
    if not args.json:
        c = report.counts
        print(
            f"ok: {c.get('documents', 0)} documents, {c.get('glossary_entries', 0)} glossary entries, "
            f"{c.get('crossrefs', 0)} cross-references, {c.get('timeline_events', 0)} timeline events, "
            f"{c.get('alignments', 0)} alignments; anchors {c.get('anchors_ok', 0)} ok, "
            f"{c.get('anchors_drifted', 0)} drifted, {c.get('anchors_orphan', 0)} orphaned"
        )
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from .core.corpus import load_corpus
    from .core.editorial import load_editorial
    from .core.library_index import search
    from .core.study_io import with_study

    data_dir = _data_dir(args)
    # Glossary spellings (the editors' and the reader's own) do not depend on the texts their
    # sources cite, so the reader's own texts need not be loaded: the library index finds the hits.
    shipped = load_corpus()
    editorial = load_editorial(shipped, cache=data_dir / "cache" / "editorial-shipped.json").layer
    for hit in search(data_dir, args.query, with_study(editorial, data_dir, shipped).glossary):
        print(f"{hit.doc_id}\t{hit.start}\t{hit.context}")
    return 0


# How long `add` and `remove` wait for another command that holds the data dir.
LOCK_WAIT_S = 30.0


def _locked(data_dir: Path, kind: str, what: str):  # noqa: ANN202 - a context manager, imported lazily
    """Hold the data dir's lock, waiting a while for another command (not a window) to finish."""
    import contextlib
    import time

    from .core.datadir_lock import WINDOW, DataDirLock

    @contextlib.contextmanager
    def hold():  # noqa: ANN202
        deadline = time.monotonic() + LOCK_WAIT_S
        while True:
            lock = DataDirLock(data_dir, kind)
            if lock.acquire():
                break
            if lock.holder().kind == WINDOW or not lock.reason.startswith("in use") or time.monotonic() > deadline:
                raise lock.refusal(what)
            time.sleep(0.05)
        try:
            yield
        finally:
            lock.release()

    return hold()


def cmd_add(args: argparse.Namespace) -> int:
    from .core.library import prepare_import, store_import
    from .core.safetext import escape_line

    data_dir = _data_dir(args)
    prepared = prepare_import(Path(args.file), title=args.title)  # the slow part, outside the lock
    with _locked(data_dir, "add", "nothing was added"):
        result = store_import(data_dir, prepared)  # also brings the library index up to date
    doc = result.document
    if result.outcome == "already":
        print(f"reader: {args.file} is already in the library as {doc.id}; nothing was added.", file=sys.stderr)
    elif result.outcome == "replaced":
        print(f"reader: {args.file} is a new version of {doc.id}: its text was replaced (the previous one is in "
              "backups/library) and your notes on it are re-anchored when you open it.", file=sys.stderr)
    print(f"{doc.id}\t{escape_line(doc.title)}")
    return 0


def _update_index(data_dir: Path) -> None:
    """Bring the library index up to date now (one text), so the next search need not."""
    from .core.library_index import LibraryIndex

    index = LibraryIndex.open(data_dir)
    if index is not None:
        index.close()


def cmd_remove(args: argparse.Namespace) -> int:
    from .core.library import remove_document

    data_dir = _data_dir(args)
    with _locked(data_dir, "remove", "nothing was removed"):
        removal = remove_document(data_dir, args.doc_id)
    _update_index(data_dir)
    print(f"removed {removal.doc_id}; its text is kept in {removal.trashed} and your notes on it stay in the data "
          "dir.", file=sys.stderr)
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    from .core.library import INFO_KEYS, document_info
    from .core.safetext import escape_line

    info = document_info(_corpus(args).get(args.doc_id))
    if args.json:
        print(json.dumps(info, ensure_ascii=False, indent=2))
        return 0
    for key in (*INFO_KEYS, "url", "sha256", "tags"):
        value = info.get(key)
        if isinstance(value, list):
            value = "; ".join(value)
        if value not in (None, ""):
            print(f"{key}: {escape_line(str(value))}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .core import export_jobs

    out = Path(args.output)
    fmt = args.format or EXPORT_FORMATS.get(out.suffix.lower())
    if fmt is None:
        print(f"reader: cannot tell the format from '{out.name}'; use .pdf, .md or .json, or --format.", file=sys.stderr)
        return 2
    data_dir = _data_dir(args)
    if fmt == "pdf":
        return _export_pdf(args, out, data_dir)
    if fmt == "yaml":  # your own glossary, timeline and links, in the annotations schema
        from .core.study_io import export_yaml

        for path in export_yaml(out, data_dir):
            print(f"wrote {path}", file=sys.stderr)
        return 0
    export_jobs.export_text(fmt, out, data_dir, args.doc_ids)
    print(f"wrote {out}", file=sys.stderr)
    return 0


def _export_pdf(args: argparse.Namespace, out: Path, data_dir: Path) -> int:
    if not os.environ.get("QT_QPA_PLATFORM") and not _has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from .core import export_jobs
    from .pdf.export import ExportOptions, export_pdf

    job = export_jobs.prepare(data_dir, args.doc_ids)
    tty = sys.stderr.isatty()

    def progress(done: int, total: int, label: str) -> bool:
        if tty:
            print(f"\rexporting {done}/{total} {label[:40]:<40}", end="", file=sys.stderr, flush=True)
        return True

    report = export_pdf(
        out, job.corpus, job.doc_ids, job.notes, links=job.links, editorial=job.editorial,
        palette=job.palette,
        options=ExportOptions(include_editorial=not args.no_editorial, include_notes=not args.no_notes,
                              **({"annotator": job.user_name} if job.user_name else {})),
        progress=progress,
    )
    if tty:
        print(file=sys.stderr)
    pages = f"{report.pages} page{'s' if report.pages != 1 else ''}"
    marks = f"{report.highlights} highlight{'s' if report.highlights != 1 else ''}"
    print(f"wrote {report.path} ({pages}, {marks})", file=sys.stderr)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from .core import export_jobs

    path = Path(args.file)
    if path.suffix.lower() in (".yaml", ".yml"):  # your own glossary, timeline or links
        from .core.study_io import import_yaml

        print(import_yaml(path, _data_dir(args)))
        return 0
    read_pdf = None
    if path.suffix.lower() == ".pdf":
        from .pdf.foreign_annots import read_pdf_annotations as read_pdf
    summary = export_jobs.import_file(path, _data_dir(args), read_pdf=read_pdf)
    print(summary)
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    from .core.sync.run import FolderError, remembered_folder, sync_data_dir

    data_dir = _data_dir(args)
    if args.folder is None and remembered_folder(data_dir) is None:
        print("reader: sync needs a folder the first time: reader sync DIR.", file=sys.stderr)
        return 2
    try:
        report = sync_data_dir(data_dir, Path(args.folder) if args.folder else None)
    except FolderError as exc:
        print(f"reader: cannot sync: {exc}.", file=sys.stderr)
        return 1
    for warning in report.warnings():
        print(f"reader: warning: {warning}.", file=sys.stderr)
    print(report.summary())
    if report.error:
        print(f"reader: {report.error}", file=sys.stderr)
        return 1
    return 0


def _has_display() -> bool:
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def _missing_xcb_libraries() -> list[str]:
    """Qt's xcb plugin aborts the process when these are missing; say so first.

    Loading each library by its soname is what Qt does next anyway (a few ms); asking
    ``ctypes.util.find_library`` ran ``ldconfig -p`` and cost 27 ms of every start.
    """
    import ctypes

    wanted = {"libxcb-cursor.so.0": "libxcb-cursor0", "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
              "libxcb-icccm.so.4": "libxcb-icccm4"}
    missing = []
    for soname, pkg in wanted.items():
        try:
            ctypes.CDLL(soname)
        except OSError:
            missing.append(pkg)
    return missing


def _run_gui(args: argparse.Namespace) -> int:
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if not platform and not _has_display():
        print(
            "reader: cannot open a window: no display was found (DISPLAY and WAYLAND_DISPLAY are unset); "
            "the subcommands list, check, export, import, search, add, remove and info work without one.",
            file=sys.stderr,
        )
        return 1
    if sys.platform.startswith("linux") and platform in ("", "xcb") and not os.environ.get("WAYLAND_DISPLAY"):
        missing = _missing_xcb_libraries()
        if missing:
            print(
                "reader: cannot open a window: Qt needs system libraries that are not installed: "
                f"{', '.join(missing)} (on Debian/Ubuntu: sudo apt-get install {' '.join(missing)}).",
                file=sys.stderr,
            )
            return 1
    from .app import run

    return run(doc_id=args.doc_id, data_dir=_data_dir(args))


_COMMANDS = {
    "list": cmd_list, "check": cmd_check, "export": cmd_export,
    "import": cmd_import, "search": cmd_search, "add": cmd_add, "remove": cmd_remove, "info": cmd_info,
    "sync": cmd_sync,
}
