"""A library of 1,000 texts: adding them, searching them (index vs none), listing them.

The KJV (see bigbook_bench.py: ``apt-get install -y bible-kjv``; else the corpus repeated)
is split into 1,000 parts, each added with its own ``reader add`` process. Then, with every
figure next to its issue-19 target:

- ``reader search "that great city"`` as a whole process: with the library index (rebuilt
  from scratch, then up to date) and without it (the previous path: load every text, scan);
- the core search call over the 1,000 texts, per query: ``LibraryIndex.find`` (the index) and
  ``LibrarySearch.find`` over indexes built in memory (what the window holds today);
- ``reader list`` as a whole process with 1,000 texts and with none.

    python benchmarks/library_bench.py [--texts N] [--adds N] [--runs N]

``--adds`` adds only that many through ``reader add`` processes (the rest are written straight
into the library as ``reader add`` writes them, not timed) and scales the time up to all texts;
the reduced ``make bench`` run uses it (``reader add`` loads the whole library: see the report).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from bigbook_bench import big_text_file  # noqa: E402

QUERIES = ["that great city", "and the lord said", "jerusalem", "thee", "of", "lamb", "xyzzy-none", "Babylon the"]
OLD_SEARCH = """
import sys
from reader.core.corpus import load_corpus
from reader.core.editorial import load_editorial
from reader.core.search import search_corpus
corpus = load_corpus(__import__("pathlib").Path(sys.argv[1]))
glossary = load_editorial(corpus).layer.glossary
for hit in search_corpus(corpus, sys.argv[2], glossary=glossary):
    print(f"{hit.doc_id}\\t{hit.start}\\t{hit.context}")
"""


def reader(*args: str, data: Path) -> list[str]:
    return [sys.executable, "-m", "reader", *args, "--data-dir", str(data)]


def cpu() -> float:
    """CPU seconds used by finished child processes (wall times move a lot on a shared machine)."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed(cmd: list[str], runs: int) -> tuple[float, str]:
    times, out = [], ""
    c0 = cpu()
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
        times.append(time.perf_counter() - t0)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.strip()}")
        out = proc.stdout
    print(f"    ({' '.join(cmd[3:5]) if cmd[1] == '-m' else 'previous search path'}: "
          f"median {statistics.median(times):.3f} s wall, {(cpu() - c0) / runs:.3f} s CPU per run)", flush=True)
    return statistics.median(times), out


def show(label: str, value: float, target: float | None = None, extra: str = "") -> None:
    goal = "" if target is None else f"   target <= {target:g} s: " + ("ok" if value <= target else "MISSED")
    print(f"  {label:<58}{value:8.3f} s{goal}{('   ' + extra) if extra else ''}", flush=True)


def split_parts(source: Path, n: int, folder: Path) -> list[Path]:
    lines = source.read_text(encoding="utf-8").splitlines()
    size = max(1, len(lines) // n)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        chunk = lines[i * size:(i + 1) * size if i < n - 1 else len(lines)]
        path = folder / f"part-{i + 1:04d}.txt"
        path.write_text("\n\n".join(chunk) + "\n", encoding="utf-8")
        out.append(path)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", type=int, default=1000)
    ap.add_argument("--adds", type=int, default=None, help="how many texts go through `reader add` processes")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    from reader.core.corpus import load_corpus
    from reader.core.editorial import load_editorial
    from reader.core.library import prepare_import
    from reader.core.library_index import LibraryIndex, index_path
    from reader.core.search import LibrarySearch

    source, what = big_text_file()
    print(f"library benchmark: {args.texts} texts from the {what} (machine shared with other test runs: "
          "absolute times move; compare figures of one run)")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        parts = split_parts(source, args.texts, root / "src")
        data, empty = root / "data", root / "empty"
        data.mkdir()
        empty.mkdir()
        adds = len(parts) if args.adds is None else min(args.adds, len(parts))
        (data / "library").mkdir()
        for i, part in enumerate(parts[:len(parts) - adds]):  # the untimed rest, written as `reader add` would
            prep = prepare_import(part, title=f"KJV part {i + 1}")
            (data / "library" / f"kjv-part-{i + 1}.md").write_text(
                f"---\nid: kjv-part-{i + 1}\ntitle: KJV part {i + 1}\nauthors: []\npublisher: ''\nlanguages: [en]\n"
                f"source: {part.name}\nformat: txt\nsha256: {prep.digest}\nremoved: []\n"
                f"added: '2026-01-01T00:00:{i // 60:02d}.{i % 60:02d}'\nmarkup: blocks\n---\n{prep.body}", encoding="utf-8")
        t0, c0 = time.perf_counter(), cpu()
        for i, part in enumerate(parts[len(parts) - adds:], start=len(parts) - adds):
            subprocess.run(reader("add", str(part), "--title", f"KJV part {i + 1}", data=data),
                           capture_output=True, check=True, cwd=ROOT)
        took = time.perf_counter() - t0
        print(f"    (`reader add` into a library of ~{len(parts)}: {(cpu() - c0) / max(adds, 1):.3f} s CPU per add)")
        scaled = took * len(parts) / max(adds, 1)
        show(f"adding {len(parts)} texts, one `reader add` each", scaled, 60.0,
             f"{took / max(adds, 1) * 1000:.0f} ms per add" + ("" if adds == len(parts) else f", {adds} timed, scaled"))
        size = sum(p.stat().st_size for p in (data / "library").glob("*.md"))
        print(f"  library: {len(parts)} texts, {size / 1e6:.1f} MB; index {index_path(data).stat().st_size / 1e6:.1f} MB")

        q = QUERIES[0]
        old, old_out = timed([sys.executable, "-c", OLD_SEARCH, str(data), q], args.runs)
        index_path(data).unlink()
        cold, _ = timed(reader("search", q, data=data), 1)
        warm, new_out = timed(reader("search", q, data=data), args.runs)
        same = "same output" if new_out == old_out else "OUTPUT DIFFERS"
        show(f"`reader search \"{q}\"`, index rebuilt from scratch", cold)
        show(f"`reader search \"{q}\"`, index up to date", warm, 0.25, f"{len(new_out.splitlines())} hits, {same}")
        show(f"`reader search \"{q}\"`, without the index (load + scan)", old, None, f"ratio {old / warm:.1f}x")

        glossary = list(load_editorial(load_corpus()).layer.glossary)
        index = LibraryIndex.open(data)
        assert index is not None
        per: list[float] = []
        for query in QUERIES:
            t0 = time.perf_counter()
            index.find(query, glossary)
            per.append(time.perf_counter() - t0)
        index.close()
        corpus = load_corpus(data)
        t0 = time.perf_counter()
        lib = LibrarySearch(((d.id, d.text) for d in corpus), glossary)
        built = time.perf_counter() - t0
        mem: list[float] = []
        for query in QUERIES:
            t0 = time.perf_counter()
            lib.find(query)
            mem.append(time.perf_counter() - t0)
        show("core search per query over the index (median)", statistics.median(per), 0.020,
             f"max {max(per) * 1000:.0f} ms over {len(QUERIES)} queries")
        show("core search per query in memory (median)", statistics.median(mem), 0.020,
             f"max {max(mem) * 1000:.0f} ms; building it took {built:.2f} s")

        full, listed = timed(reader("list", data=data), args.runs)
        none, _ = timed(reader("list", data=empty), args.runs)
        show(f"`reader list` with {len(listed.splitlines())} texts", full, None, f"ratio {full / none:.2f}x the empty "
             "start (target <= 1.1x)" + (" ok" if full <= 1.1 * none else " MISSED"))
        show("`reader list` with none (baseline)", none)


if __name__ == "__main__":
    main()
