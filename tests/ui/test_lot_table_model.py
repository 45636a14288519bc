"""The lot table model: what each cell says and how it is coloured, a page at a time as the
view scrolls, filters and search, and a refresh that leaves an unchanged table alone."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QModelIndex, Qt

from labtracker.domain.identifiers import din_check_character
from labtracker.domain.lot_states import LotStatus
from labtracker.services import lots, queries
from ui.models.lot_table import DEFAULT_COLUMNS, LotTableModel

DISPLAY = Qt.ItemDataRole.DisplayRole


def cell(model, row: int, key: str, role=DISPLAY):
    return model.data(model.index(row, model.column_keys.index(key)), role)


def colour(model, row: int, key: str, role=Qt.ItemDataRole.BackgroundRole) -> str | None:
    brush = cell(model, row, key, role)
    return brush.color().name() if brush is not None else None


def row_of(model, din: str) -> int:
    row = model.row_of_din(din)
    assert row >= 0, f"{din} not shown"
    return row


def test_cells_show_the_lot_its_patient_and_what_it_waits_for(qtbot, demo):
    model = LotTableModel(demo.ctx("qa"))
    assert model.rowCount() == 5
    assert model.columnCount() == len(DEFAULT_COLUMNS)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)] == [
        "DIN",
        "Patient / MRN",
        "Status / waiting for",
        "Time left",
        "Deviations",
        "Started",
    ]
    # Newest first, as the service lists them.
    assert [model.din_at(r) for r in range(5)] == [
        row.din for row in queries.list_lots(demo.db, demo.ctx("qa").actor)
    ]

    warm = demo.din("received")
    row = row_of(model, warm)
    assert cell(model, row, "din") == f"A9999 26 000003 [{din_check_character(warm)}]"
    assert cell(model, row, "patient_mrn") == "陈静 (Chen Jing)\nMRN0010005"
    assert cell(model, row, "status_waiting") == "Received in lab\nIsolation"
    assert cell(model, row, "deviations") == "1 open"
    assert colour(model, row, "deviations") == "#ff8f00"  # amber, with the word
    assert cell(model, row, "time_left") == ""  # nothing counting down before release
    assert cell(model, row, "created") == "2026-03-02"  # site time (Shanghai)
    assert cell(model, row, "din", LotTableModel.DIN_ROLE) == warm

    released = row_of(model, demo.din("released"))
    assert cell(model, released, "time_left") == "37:00 left"
    assert colour(model, released, "time_left") is None
    assert "Expires 2026-03-04 05:00" in cell(
        model, released, "time_left", Qt.ItemDataRole.ToolTipRole
    )
    assert cell(model, released, "deviations") == ""
    # An implanted lot's old expiry is not a countdown and never reads EXPIRED.
    implanted = row_of(model, demo.din("implanted"))
    assert cell(model, implanted, "time_left") == ""
    assert cell(model, implanted, "status_waiting") == "Implanted\nNothing: the lot is closed"


def test_expiry_turns_red_under_six_hours_and_says_expired(qtbot, demo, clock):
    model = LotTableModel(
        demo.ctx("surgeon"),
        columns=("din", "patient", "mrn", "expires_at", "time_left"),
        statuses=(LotStatus.RELEASED, LotStatus.DISPATCHED),
    )
    assert model.rowCount() == 1
    assert cell(model, 0, "patient") == "张伟 (Zhang Wei)"
    assert cell(model, 0, "mrn") == "MRN0010003"
    assert cell(model, 0, "expires_at") == "2026-03-04 05:00"
    clock.advance(hours=31, minutes=30)
    assert cell(model, 0, "time_left") == "5:30 left"
    assert colour(model, 0, "time_left") == "#b71c1c"
    assert colour(model, 0, "time_left", Qt.ItemDataRole.ForegroundRole) == "#ffffff"
    assert colour(model, 0, "din") is None
    clock.advance(hours=6, minutes=45)
    assert cell(model, 0, "time_left") == "EXPIRED (1:15 ago)"
    assert colour(model, 0, "time_left") == "#b71c1c"
    assert colour(model, 0, "din") == "#ffebee"  # the whole row is tinted


def test_reads_a_page_at_a_time(qtbot, demo):
    ctx = demo.ctx("tech")
    every = [row.din for row in queries.list_lots(demo.db, ctx.actor)]
    model = LotTableModel(ctx, page_size=2)
    assert model.rowCount() == 2
    assert model.canFetchMore(QModelIndex())
    with qtbot.waitSignal(model.rowsInserted):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 4
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 5
    assert not model.canFetchMore(QModelIndex())
    assert [model.din_at(r) for r in range(5)] == every
    assert model.total() == 5
    # A child index never has rows of its own.
    assert model.rowCount(model.index(0, 0)) == 0
    assert not model.canFetchMore(model.index(0, 0))


def test_a_lot_started_between_pages_is_not_shown_twice(qtbot, demo):
    ctx = demo.ctx("tech")
    model = LotTableModel(ctx, page_size=2)
    shown = [model.din_at(r) for r in range(2)]
    # Another bench starts a lot: every later page moves down by one.
    new = lots.start_lot(demo.db, ctx.actor, "MRN0010004").din
    model.fetchMore(QModelIndex())
    dins = [model.din_at(r) for r in range(model.rowCount())]
    assert dins[:2] == shown
    assert len(dins) == len(set(dins)) == 3
    assert new not in dins  # it appears on the next refresh, at the top
    model.refresh()
    assert model.din_at(0) == new


def test_filters_and_search(qtbot, demo):
    model = LotTableModel(demo.ctx("qa"))
    model.set_filter(statuses=(LotStatus.RELEASED,))
    assert [model.din_at(r) for r in range(model.rowCount())] == [demo.din("released")]
    model.set_filter(active_only=True)
    assert model.rowCount() == 4 and model.total() == 4
    assert demo.din("implanted") not in [model.din_at(r) for r in range(4)]
    model.set_filter(search="li na")
    assert [model.din_at(r) for r in range(model.rowCount())] == [demo.din("seeded")]
    model.set_filter(search="MRN:MRN0010004")  # a wristband scanned into the search
    assert [model.din_at(r) for r in range(model.rowCount())] == [demo.din("in culture")]
    model.set_filter(search="刘洋", statuses=(LotStatus.RELEASED,))
    assert model.rowCount() == 0 and model.total() == 0
    model.set_filter()
    assert model.rowCount() == 5


def test_refresh_repaints_an_unchanged_table_and_resets_a_changed_one(qtbot, demo, clock):
    ctx = demo.ctx("tech")
    model = LotTableModel(ctx, page_size=2)
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 4
    clock.advance(minutes=5)
    with (
        qtbot.assertNotEmitted(model.modelReset),
        qtbot.waitSignal(model.dataChanged, timeout=100),
    ):
        model.refresh()
    assert model.rowCount() == 4  # what was read stays read
    lots.start_lot(demo.db, ctx.actor, "MRN0010004")
    with qtbot.waitSignal(model.modelReset, timeout=100):
        model.refresh()
    assert model.rowCount() == 4 and model.canFetchMore(QModelIndex())


def test_time_left_counts_from_the_clock_without_a_refresh(qtbot, demo, clock):
    model = LotTableModel(demo.ctx("qa"), statuses=(LotStatus.RELEASED,))
    assert cell(model, 0, "time_left") == "37:00 left"
    clock.advance(timedelta(minutes=61))
    assert cell(model, 0, "time_left") == "35:59 left"
