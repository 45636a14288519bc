"""The home screens' small table models: each cell's words and colours, read from the demo
site through the real services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from labtracker.services import auth, deviations, queries, users
from labtracker.services.auth import AuthenticationError
from ui.models.home_tables import (
    DeviationTableModel,
    LoginAttemptTableModel,
    ReviewQueueModel,
    UserTableModel,
    WorkListModel,
)
from ui.models.row_table import Column, RowTableModel

BACKGROUND = Qt.ItemDataRole.BackgroundRole


def texts(model, row: int) -> list[str]:
    return [model.data(model.index(row, c)) for c in range(model.columnCount())]


def background(model, row: int, column: int) -> str | None:
    brush = model.data(model.index(row, column), BACKGROUND)
    return brush.color().name() if brush is not None else None


def headers(model) -> list[str]:
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


@dataclass(frozen=True)
class Thing:
    key: str
    value: int


def test_row_model_repaints_the_same_rows_and_resets_for_others(qtbot):
    model = RowTableModel(
        [Column("Key", lambda t: t.key), Column("Value", lambda t: str(t.value))],
        key=lambda t: t.key,
    )
    model.set_rows([Thing("a", 1), Thing("b", 2)])
    assert (model.rowCount(), model.columnCount()) == (2, 2)
    with qtbot.assertNotEmitted(model.modelReset), qtbot.waitSignal(model.dataChanged):
        model.set_rows([Thing("a", 10), Thing("b", 2)])
    assert texts(model, 0) == ["a", "10"]
    with qtbot.waitSignal(model.modelReset):
        model.set_rows([Thing("b", 2), Thing("a", 10)])
    assert model.row_of_key("a") == 1 and model.key_of(0) == "b"
    assert model.row_of_key("zzz") == -1
    assert model.data(model.index(5, 0)) is None
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable


def test_work_list_flags_what_is_due(qtbot, demo):
    model = WorkListModel()
    model.set_rows(queries.work_list(demo.db, demo.ctx("tech").actor))
    assert headers(model) == ["When", "DIN", "Patient / MRN", "To do", "Deviations"]
    assert model.rowCount() == 4
    rows = {model.din_at(r): r for r in range(model.rowCount())}
    culture = rows[demo.din("in culture")]
    assert texts(model, culture) == [
        "DUE",
        texts(model, culture)[1],
        "刘洋 (Liu Yang)\nMRN0010004",
        "Harvest or passage (cell count)\n4 vessel(s) at P1, day 8 since seeding",
        "",
    ]
    assert background(model, culture, 0) == "#ff8f00"
    warm = rows[demo.din("received")]
    assert texts(model, warm)[3] == (
        "Isolation and cell count\nreceived 1 h ago (outside limits: DEV-2026-0001)"
    )
    assert texts(model, warm)[4] == "1 open"
    assert background(model, warm, 4) == "#ff8f00"
    seeded = rows[demo.din("seeded")]
    assert texts(model, seeded)[0] == "later"
    assert background(model, seeded, 0) is None
    assert demo.din("implanted") not in rows


def test_work_list_turns_red_for_an_expired_construct(qtbot, demo, clock):
    clock.advance(hours=40)
    model = WorkListModel()
    model.set_rows(queries.work_list(demo.db, demo.ctx("tech").actor))
    assert model.din_at(0) == demo.din("released")
    assert texts(model, 0)[0] == "EXPIRED"
    assert texts(model, 0)[3].startswith("EXPIRED: must not be implanted; discard\n")
    assert background(model, 0, 0) == "#b71c1c"
    brush = model.data(model.index(0, 3), Qt.ItemDataRole.ForegroundRole)
    assert brush.color().name() == "#b71c1c"


def test_review_queue_says_failed_in_words_and_red(qtbot, demo):
    model = ReviewQueueModel()
    model.set_rows(queries.review_queue(demo.db, demo.ctx("qa").actor))
    assert headers(model) == ["Verdict", "DIN", "Patient / MRN", "Results in", "What stops release"]
    assert model.rowCount() == 1 and model.din_at(0) == demo.din("seeded")
    verdict, _din, patient, results, reason = texts(model, 0)
    assert (verdict, patient, results) == ("FAILED", "李娜 (Li Na)\nMRN0010002", "7 of 7")
    assert reason.startswith("Endotoxin 0.8 EU/mL fails < 0.5 EU/mL")
    assert background(model, 0, 0) == "#b71c1c"


def test_review_queue_ready_and_not_ready(qtbot, demo):
    """The words and colours for the other two verdicts (rows made up from a real one)."""
    from dataclasses import replace

    [real] = queries.review_queue(demo.db, demo.ctx("qa").actor)
    ready = replace(real, can_release=True, failures=(), blockers=())
    waiting = replace(
        real, failures=(), blockers=("Gram stain: no result yet", "Mycoplasma: no result yet")
    )
    model = ReviewQueueModel()
    model.set_rows([ready, replace(waiting, lot=replace(real.lot, din="X"))])
    assert texts(model, 0)[0] == "READY" and background(model, 0, 0) == "#1b5e20"
    assert texts(model, 0)[4] == "Nothing: ready for QA release"
    assert texts(model, 1)[0] == "NOT READY" and background(model, 1, 0) == "#ff8f00"
    assert texts(model, 1)[4] == "Gram stain: no result yet (+1 more)"
    tooltip = model.data(model.index(1, 4), Qt.ItemDataRole.ToolTipRole)
    assert tooltip == "Gram stain: no result yet\nMycoplasma: no result yet"


def test_open_deviations_show_class_age_and_next_step(qtbot, demo, clock):
    qa = demo.ctx("qa").actor
    model = DeviationTableModel()
    model.set_rows(deviations.open_deviations(demo.db, qa))
    assert headers(model) == ["Number", "Lot", "Class", "Title", "Open for", "Next step"]
    number, lot, klass, title, age, step = texts(model, 0)
    assert (number, klass, title) == ("DEV-2026-0001", "MAJOR", "Aspirate received above 25 °C")
    assert lot.startswith("A9999 26 000003 [")
    assert (age, step) == ("1 h", "Assessment needed")
    assert background(model, 0, 2) == "#ff8f00"
    assert model.din_at(0) == demo.din("received")
    deviations.assess_deviation(
        demo.db,
        demo.ctx("tech").actor,
        "DEV-2026-0001",
        impact_assessment="Cells viable; no impact expected.",
        root_cause="Courier box left in the sun.",
        corrective_action="Courier briefed.",
        preventive_action="Temperature logger in every box.",
    )
    site_level = deviations.raise_deviation(
        demo.db,
        qa,
        din=None,
        title="Incubator alarm",
        description="CO2 alarm for 40 minutes",
        occurred_at=clock.now(),
        classification="critical",
    )
    clock.advance(days=3)
    model.set_rows(deviations.open_deviations(demo.db, qa))
    assert texts(model, 0)[4:] == ["3 days", "QA to close"]
    assert texts(model, 1)[:3] == [site_level, "(site)", "CRITICAL"]
    assert background(model, 1, 2) == "#b71c1c"
    assert model.din_at(1) is None


def test_users_show_their_state_in_words(qtbot, demo):
    admin = demo.ctx("admin").actor
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            auth.login(demo.db, "tech2", "wrong password", station="bench-9")
    users.deactivate_user(demo.db, admin, "surgeon", "left the hospital")
    model = UserTableModel()
    model.set_rows(users.list_users(demo.db, admin))
    assert headers(model) == ["User ID", "Name", "Roles", "State", "Failed attempts"]
    rows = {model.key_of(r): texts(model, r) for r in range(model.rowCount())}
    assert rows["tech"] == ["tech", "Li Wang", "Technician", "active", ""]
    assert rows["super"][2] == "Supervisor / verifier"
    assert rows["tech2"][3:] == ["LOCKED", "5"]
    assert background(model, model.row_of_key("tech2"), 3) == "#b71c1c"
    assert rows["surgeon"][3] == "deactivated"
    assert background(model, model.row_of_key("surgeon"), 3) is None


def test_failed_sign_ins_in_site_time(qtbot, demo, clock):
    from zoneinfo import ZoneInfo

    with pytest.raises(AuthenticationError):
        auth.login(demo.db, "nobody", "guess", station="bench-9")
    clock.advance(minutes=2)
    with pytest.raises(AuthenticationError):
        auth.login(demo.db, "qa", "wrong password", station="bench-2")
    model = LoginAttemptTableModel(ZoneInfo("Asia/Shanghai"))
    since = clock.now() - timedelta(days=7)
    model.set_rows(
        auth.login_attempts(demo.db, demo.ctx("admin").actor, failed_only=True, since=since)
    )
    assert headers(model) == [
        "When (site time)",
        "User ID typed",
        "For",
        "Why it failed",
        "Station",
    ]
    assert model.rowCount() == 2
    assert texts(model, 0)[:3] == ["2026-03-02 16:02", "qa", "sign-in"]
    assert texts(model, 0)[4] == "bench-2"
    assert texts(model, 1)[1] == "nobody"
    assert texts(model, 0)[3]  # a reason in words
    assert "_" not in texts(model, 0)[3]
