"""P2: a flask scanned → its lot's page on screen, fully populated, against a raw read.

The lot is a finished one of the deep site: ~500 timeline events (20 passages of 20 flasks,
every harvest signed twice, QC, release, custody, implantation) and ~1,700 audit entries of
its own (~2,500 with the rows that carry no lot id: flask labels' reconciliation, harvest
membership, eligibility answers).

Measured, in the running app's own widgets (`Workspace` with the pages of the signed-in
person, offscreen): the scan of one of its flasks' labels goes through
`Workspace.handle_scan` → the scan is resolved → the lot page is built with its actions →
header read → the tab in front read on the worker thread and shown → the window painted.
Each run opens a different lot of the same shape (a page is built once per lot and kept).

* P2 (technician): the header and the timeline tab, what is on screen after the scan.
* P2b (QA): the same, then every other tab opened in turn until each has shown its data and
  been painted: vessels, growth, QC & release, deviations, labels, custody, audit trail.

Baseline: the same rows read with the `sqlite3` module, one ``SELECT *`` per table the page
shows (fetchall, no objects made).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import time
from pathlib import Path

from benchmarks.common import Result, actor, emit, median, spread

# What the header and timeline show (lot_row, lot_timeline, lot_signatures), table by table.
TIMELINE_TABLES = (
    "aspirate_collection",
    "aspirate_receipt",
    "isolation",
    "vessel",
    "harvest",
    "cell_count",
    "immunophenotype",
    "osteogenic_induction",
    "scaffold_seeding",
    "qc_sample",
    "qc_result",
    "deviation",
    "release_decision",
    "custody_event",
    "discard",
    "implantation",
)
# What the other tabs add.
OTHER_TABLES = ("label_print", "audit_entry", "equipment_use", "material_use")


def raw_read(path: Path, din: str, *, every_tab: bool) -> float:
    """Seconds to read the page's rows with the bare driver (a new connection, as a scan
    on a station that has been idle would find)."""
    start = time.perf_counter()
    connection = sqlite3.connect(path)
    cursor = connection.cursor()
    lot = cursor.execute(
        "SELECT * FROM lot JOIN patient ON patient.id = lot.patient_id WHERE lot.din = ?",
        (din,),
    ).fetchone()
    lot_id = lot[0]
    for table in TIMELINE_TABLES:
        cursor.execute(f"SELECT * FROM {table} WHERE lot_id = ?", (lot_id,)).fetchall()
    cursor.execute("SELECT * FROM e_signature WHERE lot_id = ?", (lot_id,)).fetchall()
    cursor.execute("SELECT id, full_name, username FROM user_account").fetchall()
    if every_tab:
        for table in OTHER_TABLES:
            cursor.execute(f"SELECT * FROM {table} WHERE lot_id = ?", (lot_id,)).fetchall()
        cursor.execute(
            "SELECT hv.* FROM harvest_vessel hv JOIN harvest h ON h.id = hv.harvest_id "
            "WHERE h.lot_id = ?",
            (lot_id,),
        ).fetchall()
        cursor.execute(
            "SELECT d.* FROM label_disposition d JOIN label_print p ON p.id = d.label_print_id "
            "WHERE p.lot_id = ?",
            (lot_id,),
        ).fetchall()
    connection.close()
    return time.perf_counter() - start


class LotPageBench:
    def __init__(self, site: Path, username: str) -> None:
        from PySide6.QtWidgets import QApplication, QMainWindow

        from labtracker.db.engine import make_engine
        from labtracker.services.context import Database
        from ui.context import WorkContext
        from ui.navigation import build_pages
        from ui.workspace import Workspace

        self.app = QApplication.instance() or QApplication([])
        self.db = Database(make_engine(f"sqlite:///{site}"))
        self.actor = actor(self.db, username)
        self.ctx = WorkContext(self.db, self.actor, "BENCH-1")
        self.window = QMainWindow()
        self.window.resize(1366, 768)
        from ui.heap import freeze_start_up

        freeze_start_up()  # as the main window does when it builds the signed-in work area
        self.workspace = Workspace(self.ctx)
        build_pages(self.workspace, self.ctx)
        self.window.setCentralWidget(self.workspace)
        self.window.show()
        self.workspace.show_page("home")
        self.settle()

    def settle(self) -> None:
        """Run the event loop until every background read has delivered its result.

        Waiting as the app's event loop waits: asleep until an event comes (the worker's
        result is one; a 20 ms timer wakes it besides). Polling instead (processEvents in a
        busy loop) held the GIL against the worker thread and slowed the very read it
        waited for by a third."""
        from PySide6.QtCore import QEventLoop, QTimer

        from ui.tasks import running_tasks

        self.app.processEvents()
        wake = QTimer()
        wake.start(20)
        while running_tasks():
            self.app.processEvents(
                QEventLoop.ProcessEventsFlag.AllEvents
                | QEventLoop.ProcessEventsFlag.WaitForMoreEvents
            )
        wake.stop()
        self.app.processEvents()

    def open(self, scan: str, din: str, *, every_tab: bool) -> float:
        start = time.perf_counter()
        self.workspace.handle_scan(scan)
        self.settle()
        page = self.workspace.current()
        assert getattr(page, "din", None) == din, f"the scan opened {page!r}, not lot {din}"
        assert page.timeline_model.rowCount() > 0, "the timeline shows nothing"
        self.window.repaint()
        if every_tab:
            for key in page.tab_keys()[1:]:
                page.show_tab(key)
                self.settle()
                self.window.repaint()
            if page.audit_view is not None:
                assert page.audit_model.rowCount() > 0, "the audit trail shows nothing"
        elapsed = time.perf_counter() - start
        # Forget the page (the workspace keeps one per lot): the next run builds afresh.
        self.workspace.show_page("home")
        self.workspace._lot_pages.pop(f"lot:{din}").deleteLater()
        self.settle()
        return elapsed


def lots_and_scans(site: Path, count: int) -> list[tuple[str, str]]:
    """Finished (implanted) lots of the deep shape, each with one of its flasks' codes."""
    connection = sqlite3.connect(site)
    rows = connection.execute(
        "SELECT lot.din, (SELECT code FROM vessel WHERE vessel.lot_id = lot.id "
        "ORDER BY id DESC LIMIT 1) FROM lot WHERE status = 'implanted' "
        "ORDER BY lot.id DESC LIMIT ?",
        (count,),
    ).fetchall()
    connection.close()
    return rows


def measure(site: Path, runs: int) -> list[Result]:
    from ui.tasks import running_tasks

    del running_tasks
    lots = lots_and_scans(site, 2 * runs + 4)
    counts = sqlite3.connect(site)
    events_shown: dict[str, int] = {}
    results = []
    for key, username, every_tab, title in (
        ("P2", "tech", False, "scan → lot page, header + timeline (technician)"),
        ("P2b", "qa", True, "scan → lot page, every tab opened in turn (QA)"),
    ):
        bench = LotPageBench(site, username)
        app_runs: list[float] = []
        raw_runs: list[float] = []
        chosen = lots[: runs + 1] if key == "P2" else lots[runs + 1 : 2 * runs + 2]
        for number, (din, scan) in enumerate(chosen):
            app_time = bench.open(scan, din, every_tab=every_tab)
            raw_time = raw_read(site, din, every_tab=every_tab)
            if number:  # the first run warms the code paths
                app_runs.append(app_time * 1000)
                raw_runs.append(raw_time * 1000)
        reads = [_service_reads(bench, lot_din) for lot_din, _ in chosen[1:]]
        din = chosen[-1][0]
        (lot_id,) = counts.execute("SELECT id FROM lot WHERE din = ?", (din,)).fetchone()
        (audit,) = counts.execute(
            "SELECT count(*) FROM audit_entry WHERE lot_id = ?", (lot_id,)
        ).fetchone()
        events_shown = {"lot_audit_entries": audit}
        value, baseline = median(app_runs), median(raw_runs)
        results.append(
            Result(
                key,
                title,
                value,
                "ms",
                baseline,
                "sqlite3: SELECT * of the same rows",
                "≤ 3× and < 50 ms",
                value / baseline <= 3 and value < 50,
                spread(app_runs),
                spread(raw_runs),
                len(app_runs),
                {
                    **events_shown,
                    "timeline_rows": _timeline_rows(bench, din),
                    "service_reads_ms": round(median(reads) * 1000, 1),
                    "service_reads_title": "the services the page calls, alone (no widgets)",
                    "runs_ms": [round(v, 1) for v in app_runs],
                    "raw_runs_ms": [round(v, 2) for v in raw_runs],
                },
            )
        )
        bench.db.dispose()
    return results


def _service_reads(bench: LotPageBench, din: str) -> float:
    """What the page reads for its header and timeline tab, called directly: the part of P2
    that is reading and building the views' data, not widgets."""
    from labtracker.services.patients import get_patient
    from labtracker.services.queries import lot_row, lot_timeline
    from labtracker.services.signatures import lot_signatures

    db, who = bench.db, bench.actor
    start = time.perf_counter()
    row = lot_row(db, who, din)
    get_patient(db, who, row.mrn)
    lot_timeline(db, who, din)
    lot_signatures(db, who, din)
    return time.perf_counter() - start


def _timeline_rows(bench: LotPageBench, din: str) -> int:
    from labtracker.services.queries import lot_timeline

    return len(lot_timeline(bench.db, bench.actor, din))


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    emit(measure(args.site, args.runs))


if __name__ == "__main__":
    main()
