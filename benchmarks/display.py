"""A display for the GUI benchmarks: a private Xvfb when there is one, else offscreen.

Imported by the benchmark scripts in this folder (run them from here or via run_all.py).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
from collections.abc import Iterator


@contextlib.contextmanager
def gui_display() -> Iterator[str]:
    """Yield a description ("Xvfb :N" or "offscreen") with the environment set for Qt."""
    saved = {k: os.environ.get(k) for k in ("DISPLAY", "QT_QPA_PLATFORM")}
    proc = None
    xvfb = shutil.which("Xvfb")
    try:
        if xvfb:
            for n in range(90, 130):
                if os.path.exists(f"/tmp/.X{n}-lock") or os.path.exists(f"/tmp/.X11-unix/X{n}"):
                    continue
                proc = subprocess.Popen([xvfb, f":{n}", "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                deadline = time.monotonic() + 5
                while time.monotonic() < deadline and proc.poll() is None:
                    if os.path.exists(f"/tmp/.X11-unix/X{n}"):
                        break
                    time.sleep(0.02)
                if proc.poll() is None and os.path.exists(f"/tmp/.X11-unix/X{n}"):
                    os.environ["DISPLAY"] = f":{n}"
                    os.environ["QT_QPA_PLATFORM"] = "xcb"
                    yield f"Xvfb :{n}"
                    return
                proc.kill()
                proc.wait()
                proc = None
                break
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        yield "offscreen (no Xvfb: apt-get install -y xvfb)"
    finally:
        if proc is not None:
            proc.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(5)
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
