"""``make bench``: run every benchmark script as a subprocess and summarise their figures.

The scripts are run from this folder (anchor_bench.py imports a sibling), the heavy ones in
their reduced mode so the whole run stays under five minutes on two cores. Each script's
output is shown in full; the summary lists every line that names a target.

    python benchmarks/run_all.py [--only NAME ...] [--full]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

# (script, arguments in the default reduced run, arguments with --full, timeout seconds)
BENCHES: list[tuple[str, list[str], list[str], int]] = [
    ("startup_bench.py", ["--runs", "7"], ["--runs", "11"], 180),
    ("bigbook_bench.py", ["--quick"], [], 240),
    ("editorial_bench.py", [], [], 120),
    ("search_bench.py", [], [], 120),
    ("store_bench.py", ["--no-baseline"], [], 180),
    ("anchor_bench.py", [], [], 120),
    ("pdf_bench.py", [], [], 240),
    ("anchor_reanchor_rate.py", [], [], 120),
    ("hardening_report.py", [], [], 180),
    ("sync_bench.py", ["--runs", "1"], ["--runs", "3"], 180),
    ("library_bench.py", ["--adds", "50", "--runs", "3", "--copies", "5"], [], 600),
]
KEYWORDS = ("target", "MISSED", "SLOW", "baseline", "re-anchoring", "notes lost", "network attempts")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="*", help="script names (without .py) to run")
    ap.add_argument("--full", action="store_true", help="full sizes and repetitions (slower than 5 minutes)")
    args = ap.parse_args()
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    summary: list[tuple[str, str, float, list[str]]] = []
    t_all = time.perf_counter()
    for script, quick, full, timeout in BENCHES:
        name = script.removesuffix(".py")
        if args.only and name not in args.only:
            continue
        cmd = [sys.executable, script, *(full if args.full else quick)]
        print(f"\n=== {' '.join([script, *cmd[2:]])}", flush=True)
        t0 = time.perf_counter()
        try:
            proc = subprocess.run(cmd, cwd=HERE, env=env, capture_output=True, text=True,
                                  timeout=timeout * (4 if args.full else 1))
            out = proc.stdout
            status = "ok" if proc.returncode == 0 else f"exit {proc.returncode}"
            if proc.returncode != 0:
                out += "\n" + "\n".join(proc.stderr.strip().splitlines()[-8:])
        except subprocess.TimeoutExpired as exc:
            out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
            status = "TIMEOUT"
        took = time.perf_counter() - t0
        print(out.rstrip(), flush=True)
        figures = [ln.strip() for ln in out.splitlines() if any(k in ln for k in KEYWORDS)]
        summary.append((name, status, took, figures))
    total = time.perf_counter() - t_all
    print(f"\n=== summary ({total:.0f} s in all; target: under 300 s)")
    print(f"{'benchmark':<18}{'status':<9}{'seconds':>8}  figures with a target")
    for name, status, took, figures in summary:
        print(f"{name:<18}{status:<9}{took:>8.1f}  {figures[0] if figures else ''}")
        for f in figures[1:]:
            print(f"{'':<37}{f}")
    return 0 if all(s == "ok" for _n, s, _t, _f in summary) else 1


if __name__ == "__main__":
    raise SystemExit(main())
