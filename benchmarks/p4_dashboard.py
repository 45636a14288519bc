"""P4: the home page's first paint on a site of 10,000 lots, and the process's memory.

Each run is a new process (the screen is built once per sign-in): Qt, the database engine
and the signed-in person are set up, and the work area's modules loaded as the app loads
them while the sign-in form waits (ui/preload.py); then the clock starts: the page is built
(it reads every section: the technician's work list of every open lot with its next task,
or QA's review queue, open deviations and released constructs), shown and painted. Memory
is the process's resident set then (and its peak).

Baseline: the same, on a small site (the same process, 20 lots), in the same run: the ratio
is what 10,000 lots cost over 20. The targets are absolute: first paint < 150 ms, RSS <
250 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import ROOT, Result, emit, median, rss_mb, spread


def probe(site: Path, username: str) -> dict[str, float]:
    """Inside the measured process."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QMainWindow

    from benchmarks.common import actor
    from labtracker.db.engine import make_engine
    from labtracker.services.context import Database
    from ui.context import WorkContext

    app = QApplication([sys.argv[0]])
    db = Database(make_engine(f"sqlite:///{site}"))
    person = actor(db, username)
    ctx = WorkContext(db, person, "BENCH-1")
    window = QMainWindow()
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    from ui.heap import freeze_start_up
    from ui.preload import preload_work_area

    # As in the app: the work area's modules are loaded while the sign-in form waits for
    # the person's ID and password, and start-up objects are frozen as the main window
    # builds the signed-in work area.
    preload_work_area(at_once=True)
    freeze_start_up()
    before, _ = rss_mb()

    class Navigator:
        def open_lot(self, din: str) -> None: ...

        def show_page(self, key: str) -> None: ...

        def refresh(self) -> None: ...

    start = time.perf_counter()
    from ui.pages.home import HomePage

    page = HomePage(ctx, Navigator())
    window.setCentralWidget(page)
    app.processEvents()
    window.repaint()
    elapsed = time.perf_counter() - start
    rows = sum(section.model.rowCount() for section in page.sections.values() if section.model)
    now, peak = rss_mb()
    return {
        "ms": elapsed * 1000,
        "rss_mb": now,
        "peak_mb": peak,
        "rss_before_mb": before,
        "rows": rows,
    }


def run_probe(site: Path, username: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.p4_dashboard", "--probe", str(site), username],
        cwd=ROOT,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=300,
    )
    for line in done.stdout.splitlines():
        if line.startswith("BENCH-PROBE "):
            return json.loads(line[len("BENCH-PROBE ") :])
    raise RuntimeError(f"the dashboard probe failed:\n{done.stdout}\n{done.stderr}")


def measure(site: Path, small: Path, runs: int) -> list[Result]:
    results = []
    rss_runs: list[float] = []
    rss_small: list[float] = []
    peak_runs: list[float] = []
    for key, username, title in (
        ("P4", "tech", "home page first paint, 10,000 lots (technician)"),
        ("P4q", "qa", "home page first paint, 10,000 lots (QA)"),
    ):
        run_probe(site, username)  # warm the file cache
        big: list[dict[str, float]] = []
        little: list[dict[str, float]] = []
        for _ in range(runs):
            big.append(run_probe(site, username))
            little.append(run_probe(small, username))
        times = [r["ms"] for r in big]
        base = [r["ms"] for r in little]
        rss_runs += [r["rss_mb"] for r in big]
        peak_runs += [r["peak_mb"] for r in big]
        rss_small += [r["rss_mb"] for r in little]
        value = median(times)
        results.append(
            Result(
                key,
                title,
                value,
                "ms",
                median(base),
                "the same page on a 20-lot site",
                "< 150 ms",
                value < 150,
                spread(times),
                spread(base),
                runs,
                {"rows_shown": big[-1]["rows"], "rows_shown_small": little[-1]["rows"]},
            )
        )
    rss = median(rss_runs)
    results.append(
        Result(
            "P4m",
            "process memory after the home page, 10,000 lots",
            rss,
            "MB",
            median(rss_small),
            "the same process on a 20-lot site",
            "< 250 MB",
            rss < 250,
            spread(rss_runs),
            spread(rss_small),
            len(rss_runs),
            {"peak_mb": round(max(peak_runs), 1)},
        )
    )
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", type=Path)
    parser.add_argument("--small", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--probe", nargs=2, metavar=("SITE", "USER"))
    args = parser.parse_args()
    if args.probe:
        print("BENCH-PROBE " + json.dumps(probe(Path(args.probe[0]), args.probe[1])), flush=True)
        os._exit(0)
    emit(measure(args.site, args.small, args.runs))


if __name__ == "__main__":
    main()
