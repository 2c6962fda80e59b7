"""Sync through a shared folder: two devices with 10,000 highlights each (and a personal
layer: their own glossary entries, timeline events, colour meanings), and an idle sync.

Targets (issue 20): 10,000 annotations on each of two devices merge in <= 2 s; a sync
that finds nothing new costs <= 20 ms. Figures printed (each a median of --runs):

- device A's first sync (its 10,000 highlights into the replica and the folder);
- device B's first sync: its own 10,000 plus A's 10,000 merged, written back to its notes
  (the merge the target is about);
- device A's second sync, taking B's 10,000 in;
- an idle sync (nothing new anywhere), as ``reader sync``'s core call.

Wall times include fsync waits; the CPU time of the last run is printed beside them, as
a guide when the machine is busy.

    python benchmarks/sync_bench.py [--highlights N] [--entries E] [--runs R]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script from a checkout
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader.core.anchor import Anchor  # noqa: E402
from reader.core.corpus import load_corpus  # noqa: E402
from reader.core.fsutil import atomic_write_text  # noqa: E402
from reader.core.model import PALETTE, DocumentNotes, Highlight, new_id  # noqa: E402
from reader.core.store import NoteStore  # noqa: E402
from reader.core.study import MY_GLOSSARY, MY_TIMELINE, StudyBook, dump_glossary, dump_timeline  # noqa: E402
from reader.core.study_make import new_entry, new_event  # noqa: E402
from reader.core.sync.run import sync_data_dir  # noqa: E402

DOC = "soft-resistance-explainer"


def make_notes(n: int, rng: random.Random, device: str) -> DocumentNotes:
    hs = []
    for i in range(n):
        start = rng.randrange(0, 50_000)
        exact = f"passage {device} {i} " + "x" * rng.randrange(5, 40)
        hs.append(Highlight(
            id=new_id("h"), doc_id=DOC,
            anchor=Anchor(exact=exact, prefix="p" * 32, suffix="s" * 32, start=start, end=start + len(exact)),
            color=rng.choice(PALETTE), note=f"note {i} from {device}" if i % 3 else "",
            tags=("tag",) if i % 5 == 0 else (), created=f"2024-01-01T00:{i // 60 % 60:02d}:{i % 60:02d}Z",
            modified="2024-01-02T00:00:00Z",
        ))
    return DocumentNotes(DOC, tuple(hs))


def write_study(d: Path, n: int, rng: random.Random, device: str) -> None:
    """``n`` glossary entries, ``n // 2`` timeline events and two colour meanings."""
    text = load_corpus(None).get(DOC).text
    spans = [rng.randrange(0, len(text) - 40) for _ in range(n + n // 2)]
    entries = [new_entry(DOC, text, s, s + 20, term=f"term {device} {i}", kind="concept", aliases=(),
                         definition=f"definition {i} from {device}") for i, s in enumerate(spans[:n])]
    events = [new_event(DOC, text, s, s + 20, date="2021-04-15", date_text="15 April 2021", reasoning="r",
                        title=f"event {device} {i}") for i, s in enumerate(spans[n:])]
    atomic_write_text(d / MY_GLOSSARY, dump_glossary(entries))
    atomic_write_text(d / MY_TIMELINE, dump_timeline(events))
    store = NoteStore(d)
    store.save_state({"palette": {PALETTE[0]: f"meaning from {device}", PALETTE[1]: "shared"}})
    store.release_lock()


CPU: dict[str, float] = {}  # label -> CPU seconds of the last run (wall time drifts on a busy machine)


def timed(fn, label: str = "") -> float:  # noqa: ANN001
    t0, c0 = time.perf_counter(), time.process_time()
    fn()
    if label:
        CPU[label] = time.process_time() - c0
    return time.perf_counter() - t0


def one_run(n: int, entries: int, seed: int) -> dict[str, float]:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        a, b, folder = root / "A", root / "B", root / "Sync"
        folder.mkdir()
        for d, name in ((a, "A"), (b, "B")):
            store = NoteStore(d)
            store.save_notes(make_notes(n, rng, name))
            store.release_lock()
            write_study(d, entries, rng, name)
        out = {
            "A first sync": timed(lambda: sync_data_dir(a, folder), "A first sync"),
            "B merges A": timed(lambda: sync_data_dir(b, folder), "B merges A"),
            "A takes B in": timed(lambda: sync_data_dir(a, folder), "A takes B in"),
        }
        got = len(NoteStore(b).load_notes(DOC).highlights)
        assert got == 2 * n, got
        mine = StudyBook(b, load_corpus(b))
        assert (len(mine.glossary), len(mine.timeline)) == (2 * entries, 2 * (entries // 2)), mine.problems
        c0 = time.process_time()
        idle = [timed(lambda: sync_data_dir(a, folder)) for _ in range(20)]
        CPU["idle sync"] = (time.process_time() - c0) / 20
        out["idle sync"] = statistics.median(idle)
        return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--highlights", type=int, default=10_000)
    ap.add_argument("--entries", type=int, default=100, help="own glossary entries per device (half as many events)")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    runs = [one_run(args.highlights, args.entries, seed) for seed in range(args.runs)]
    n = args.highlights
    print(f"sync, {n:,} highlights, {args.entries} own glossary entries and {args.entries // 2} timeline events "
          f"on each of two devices, median of {args.runs} runs:")
    for key in runs[0]:
        value = statistics.median(r[key] for r in runs)
        target = {"B merges A": 2.0, "idle sync": 0.020}.get(key)
        mark = ""
        if target is not None:
            mark = f"  (target <= {target * 1000:.0f} ms{'' if value <= target else ', MISSED'})"
        cpu = f"  (CPU {CPU[key] * 1000:.1f} ms in the last run)" if key in CPU else ""
        print(f"  {key:<14} {value * 1000:8.1f} ms{mark}{cpu}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
