"""P1: cold start of labtracker-app to a usable main window, against a bare PySide6 window.

Each run is a new process (`benchmarks.p1_probe`), started with the time just before the
spawn; it reports when its first frame with a sign-in field on it was painted, and exits.
The app runs on the benchmark site (offscreen, its own settings and Qt settings directories,
so nothing of this PC's is read or written); app and bare window take turns.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import ROOT, Result, emit, median, spread

TARGET = 1.3


def start_once(mode: str, env: dict[str, str]) -> dict[str, float]:
    env = dict(env, BENCH_T0=repr(time.monotonic()))
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.p1_probe", mode],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    for line in done.stdout.splitlines():
        if line.startswith("BENCH-START "):
            return {
                key: float(value) for key, value in (item.split("=") for item in line.split()[1:])
            }
    raise RuntimeError(f"{mode} start-up reported nothing:\n{done.stdout}\n{done.stderr}")


def measure(site: Path, runs: int) -> list[Result]:
    with tempfile.TemporaryDirectory(prefix="labtracker-p1-") as home:
        env = dict(
            os.environ,
            QT_QPA_PLATFORM="offscreen",
            LABTRACKER_DATABASE_URL=f"sqlite:///{site}",
            LABTRACKER_SETTINGS_FILE=f"{home}/settings.toml",
            LABTRACKER_DATA_DIR=f"{home}/data",
            LABTRACKER_LOG_DIR=f"{home}/logs",
            XDG_CONFIG_HOME=f"{home}/config",  # Qt's settings (language, window geometry)
        )
        start_once("app", env)  # warm the file cache for both, as a second start would be
        start_once("bare", env)
        app: list[dict[str, float]] = []
        bare: list[dict[str, float]] = []
        for _ in range(runs):
            app.append(start_once("app", env))
            bare.append(start_once("bare", env))
    usable = [r["usable"] * 1000 for r in app]
    first = [r["paint"] * 1000 for r in app]
    free = [r["input"] * 1000 for r in app]
    base = [r["usable"] * 1000 for r in bare]
    value, baseline = median(usable), median(base)
    return [
        Result(
            "P1",
            "cold start to the sign-in form painted (offscreen)",
            value,
            "ms",
            baseline,
            "bare PySide6 QMainWindow with a line edit, first frame",
            f"≤ {TARGET}×",
            value / baseline <= TARGET,
            spread(usable),
            spread(base),
            runs,
            {
                "first_paint_ms": round(median(first), 1),
                "event_loop_free_ms": round(median(free), 1),
                "app_runs_ms": [round(v, 1) for v in usable],
                "bare_runs_ms": [round(v, 1) for v in base],
                "site": str(site),
            },
        )
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    emit(measure(args.site, args.runs))


if __name__ == "__main__":
    main()
