"""What every measure shares: repeated timings, their median and spread, the result record,
and the facts about the machine a run came from.

A measure is a ratio: the app's time over a baseline timed in the same run, alternating
with it, so a machine that is busy slows both. Each figure is the median of several runs;
the spread is the interquartile range over the median (0.10 = the middle half of the runs
lie within ±5 %).
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "benchmarks"


@dataclass
class Result:
    """One line of `make bench`."""

    key: str  # "P2"
    title: str
    value: float
    unit: str  # "ms", "MB", "entries/s", "counts/s"
    baseline: float | None
    baseline_title: str
    target: str  # as the issue states it
    passed: bool | None  # None: nothing to judge (a figure reported for information)
    spread: float | None = None  # interquartile range / median of the measured runs
    baseline_spread: float | None = None
    runs: int = 0
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.baseline in (None, 0):
            return None
        return self.value / self.baseline

    def line(self) -> str:
        verdict = {True: "PASS", False: "MISS", None: "info"}[self.passed]
        ratio = f"{self.ratio:6.2f}×" if self.ratio is not None else "      –"
        base = f"{_num(self.baseline)} {self.unit}" if self.baseline is not None else "–"
        spread = f" ±{self.spread * 50:.0f}%" if self.spread is not None else ""
        return (
            f"{self.key:<4} {self.title:<52} {_num(self.value):>9} {self.unit:<9}{spread:<6} "
            f"baseline {base:<16} ratio {ratio}  target {self.target:<22} {verdict}"
        )

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["ratio"] = None if self.ratio is None else round(self.ratio, 3)
        return data


def _num(value: float | None) -> str:
    if value is None:
        return "–"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def median(values: list[float]) -> float:
    return statistics.median(values)


def spread(values: list[float]) -> float | None:
    """Interquartile range over the median (None for fewer than 4 runs)."""
    if len(values) < 4:
        return None
    q1, _q2, q3 = statistics.quantiles(values, n=4)
    mid = statistics.median(values)
    return (q3 - q1) / mid if mid else None


def alternate(
    runs: int, measured: Callable[[], float], baseline: Callable[[], float], warmup: int = 1
) -> tuple[list[float], list[float]]:
    """Time ``measured`` and ``baseline`` turn about, ``runs`` times each, after warm-ups.

    Each callable returns its own duration (so it can leave set-up out of the timing)."""
    for _ in range(warmup):
        measured()
        baseline()
    app: list[float] = []
    base: list[float] = []
    for _ in range(runs):
        app.append(measured())
        base.append(baseline())
    return app, base


def timed(work: Callable[[], Any]) -> Callable[[], float]:
    """``work`` as a callable that returns how long it took, in seconds."""

    def run() -> float:
        start = time.perf_counter()
        work()
        return time.perf_counter() - start

    return run


def rss_mb() -> tuple[float, float]:
    """This process's resident memory now and at its peak, in MB."""
    now = peak = 0.0
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                now = int(line.split()[1]) / 1024
            elif line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1024
    return now, peak


def compile_sources() -> None:
    """Compile labtracker's own modules to bytecode, as an installed station runs them (pip
    compiles what it installs; the bundle holds bytecode only). A shell that forbids writing
    .pyc files (PYTHONDONTWRITEBYTECODE, set on some build machines) would otherwise make
    every measured process compile the app from source while the baselines' libraries load
    compiled: 80 ms of P1's and P4's time on this machine."""
    import compileall

    for folder in ("labtracker", "ui", "benchmarks"):
        compileall.compile_dir(ROOT / folder, quiet=1)


def machine() -> dict[str, Any]:
    """What the figures came from."""
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = int(line.split()[1]) // 1024
    except OSError:
        pass
    import sqlite3

    info: dict[str, Any] = {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_mb": memory,
        "system": platform.platform(),
        "python": sys.version.split()[0],
        "sqlite": sqlite3.sqlite_version,
        "load_average": os.getloadavg(),
    }
    try:
        import PySide6

        info["pyside6"] = PySide6.__version__
    except ImportError:
        pass
    return info


def emit(results: list[Result]) -> None:
    """A measure script's output: its results as one JSON line on stdout."""
    print("BENCH-RESULTS " + json.dumps([r.as_json() for r in results], ensure_ascii=False))
    sys.stdout.flush()


def parse(output: str) -> list[Result]:
    for line in output.splitlines():
        if line.startswith("BENCH-RESULTS "):
            rows = json.loads(line[len("BENCH-RESULTS ") :])
            results = []
            for row in rows:
                row.pop("ratio", None)
                results.append(Result(**row))
            return results
    raise RuntimeError("the measure printed no results:\n" + output[-3000:])


def actor(db: Any, username: str) -> Any:
    """The signed-in person, as sign-in would hand them over (no password check: the
    benchmark site's passwords are known, but argon2 is not what is measured here)."""
    from sqlalchemy import select

    from labtracker.db.models import UserAccount
    from labtracker.services.context import Actor, current_roles

    with db.reading() as session:
        user = session.scalar(select(UserAccount).where(UserAccount.username == username))
        roles = current_roles(session, user.id)
        return Actor(user.id, user.username, user.full_name, roles, "BENCH-1")


def site_facts(path: Path) -> dict[str, Any]:
    """The summary `make_site` left beside a site."""
    return json.loads(path.with_suffix(".json").read_text())
