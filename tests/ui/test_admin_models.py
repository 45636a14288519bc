"""The administration table models on their own: rows, headers, the words and colours of each
state, and rows handed over a batch at a time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QModelIndex, Qt

from labtracker.domain.permissions import Role
from labtracker.services.auth import LoginAttempt
from labtracker.services.catalogue import VesselTypeEntry
from labtracker.services.materials import EquipmentView, ScaffoldLotView
from labtracker.services.users import UserActivity, UserSummary
from ui.models.admin_catalogue import VesselTypesModel
from ui.models.admin_materials import (
    EquipmentModel,
    ScaffoldLotsModel,
    calibration_state,
    lot_state,
)
from ui.models.admin_tables import BATCH, number
from ui.models.admin_users import LoginAttemptsModel, UsersModel

ROLE = Qt.ItemDataRole
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
TODAY = date(2026, 3, 2)


def user(username, *, roles=(Role.TECHNICIAN,), active=True, locked=False, failed=0, temp=False):
    return UserSummary(1, username, username.title(), roles, active, locked, failed, temp, NOW, NOW)


def brush(model, row, key, role):
    value = model.cell(row, key, role)
    return value.color().name() if value is not None else None


def test_users_model_words_and_colours(qtbot):
    model = UsersModel(zone=SHANGHAI)
    accounts = [
        user("ok"),
        user("locked", locked=True, failed=5),
        user("warned", failed=2),
        user("gone", active=False),
        user("new", temp=True, roles=(Role.QA, Role.ADMINISTRATOR)),
        user("expiring"),
        user("expired"),
    ]
    activity = {
        "ok": UserActivity("ok", NOW - timedelta(hours=2), NOW + timedelta(days=60)),
        "expiring": UserActivity("expiring", None, NOW + timedelta(days=3)),
        "expired": UserActivity("expired", None, NOW - timedelta(days=1)),
    }
    model.set_users(accounts, activity, now=NOW)
    assert model.rowCount() == 7 and model.columnCount() == 6
    assert model.rowCount(model.index(0, 0)) == 0  # a table, not a tree
    assert model.headerData(0, Qt.Orientation.Horizontal) == "User ID"
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    row = {u.username: n for n, u in enumerate(accounts)}
    assert model.cell(row["ok"], "account") == "Active"
    assert model.cell(row["ok"], "account", ROLE.BackgroundRole) is None
    assert model.cell(row["ok"], "last_login") == "2026-03-02 14:00"  # site time
    assert model.cell(row["ok"], "password") == "Expires 2026-05-01"
    assert model.cell(row["locked"], "account") == "Locked (5 failed)"
    assert brush(model, row["locked"], "account", ROLE.BackgroundRole) == "#b71c1c"
    assert brush(model, row["locked"], "account", ROLE.ForegroundRole) == "#ffffff"
    assert model.cell(row["warned"], "account") == "Active (2 failed)"
    assert brush(model, row["warned"], "account", ROLE.BackgroundRole) == "#ff8f00"
    assert model.cell(row["gone"], "account") == "Deactivated"
    assert brush(model, row["gone"], "account", ROLE.ForegroundRole) == "#5f6368"
    assert model.cell(row["gone"], "password") == ""
    assert model.cell(row["new"], "roles") == "QA, Administrator"
    assert model.cell(row["new"], "password") == "Temporary: change at sign-in"
    assert model.cell(row["new"], "last_login") == "never"
    assert brush(model, row["expiring"], "password", ROLE.BackgroundRole) == "#ff8f00"
    assert model.cell(row["expired"], "password") == "Expired 2026-03-01"
    assert brush(model, row["expired"], "password", ROLE.BackgroundRole) == "#b71c1c"
    assert model.cell(0, "username", ROLE.UserRole) == "ok"
    assert model.cell(0, "username", ROLE.FontRole).family() in ("DejaVu Sans Mono", "monospace")
    assert model.data(QModelIndex()) is None
    assert model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsSelectable
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable


def test_login_report_arrives_in_batches(qtbot):
    model = LoginAttemptsModel(zone=SHANGHAI)
    attempts = [
        LoginAttempt(NOW - timedelta(minutes=n), f"u{n}", "login", False, "wrong password", "b1")
        for n in range(BATCH * 2 + 50)
    ]
    attempts[0] = LoginAttempt(NOW, "tech2", "signature", False, "wrong password; locked", "")
    attempts[1] = LoginAttempt(NOW, "qa", "unlock", True, None, "b2")
    model.set_attempts(attempts, zone=SHANGHAI)
    assert model.rowCount() == BATCH and model.canFetchMore()
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == len(attempts) and not model.canFetchMore()
    assert model.cell(0, "when") == "2026-03-02 16:00"
    assert model.cell(0, "purpose") == "E-signature"
    assert model.cell(0, "station") == "–"
    assert brush(model, 0, "result", ROLE.BackgroundRole) == "#b71c1c"
    assert model.cell(1, "result") == "Succeeded"
    assert brush(model, 1, "result", ROLE.ForegroundRole) == "#1b5e20"
    assert model.cell(1, "purpose") == "Unlock"
    assert model.cell(2, "result") == "Failed: wrong password"
    assert brush(model, 2, "result", ROLE.BackgroundRole) == "#ff8f00"
    model.set_attempts([], zone=None)
    assert model.rowCount() == 0 and not model.canFetchMore()


def test_vessel_types_model(qtbot):
    model = VesselTypesModel()
    model.set_types(
        [
            VesselTypeEntry("6WELL", "6-well plate", 57.0, 6, 12.0, 1e5, True, 3),
            VesselTypeEntry("CF2", "Cell factory, 2 layers", 1264.0, 2, None, 1e5, False, 0),
        ]
    )
    assert model.cell(0, "per_unit") == "9.5"
    assert model.cell(0, "ceiling", ROLE.ToolTipRole) == (
        "A harvest of more than 5,700,000 cells from one 6WELL is refused as a typing error."
    )
    assert model.cell(0, "area", ROLE.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert model.cell(1, "area") == "1,264"
    assert model.cell(1, "medium") == "–"
    assert model.cell(1, "state") == "Retired"
    assert brush(model, 1, "state", ROLE.ForegroundRole) == "#5f6368"
    assert model.cell(0, "state", ROLE.ForegroundRole) is None
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Area\n(cm²)"


def test_lot_and_calibration_states():
    assert lot_state("released", TODAY, TODAY) == "released"  # usable on its expiry day
    assert lot_state("released", TODAY - timedelta(days=1), TODAY) == "expired"
    assert lot_state("rejected", TODAY - timedelta(days=9), TODAY) == "rejected"
    assert lot_state("quarantine", TODAY + timedelta(days=1), TODAY) == "quarantine"
    assert calibration_state(None, TODAY) == "none"
    assert calibration_state(TODAY - timedelta(days=1), TODAY) == "overdue"
    assert calibration_state(TODAY + timedelta(days=30), TODAY) == "due"
    assert calibration_state(TODAY + timedelta(days=31), TODAY) == "ok"


def test_scaffold_and_equipment_models(qtbot):
    scaffolds = ScaffoldLotsModel()
    scaffolds.set_lots(
        [
            ScaffoldLotView(1, "SC000001", "DBM block", "Aorui", "D1", TODAY, 1.5, "", "released"),
            ScaffoldLotView(
                2, "SC000002", "DBM block", "Aorui", "D2", date(2027, 1, 1), None, "", "quarantine"
            ),
        ],
        today=TODAY,
    )
    assert scaffolds.cell(0, "expiry") == "2026-03-02 (today)"
    assert scaffolds.cell(0, "state") == "Released"
    assert scaffolds.cell(1, "expiry") == "2027-01-01"
    assert scaffolds.cell(1, "expiry", ROLE.BackgroundRole) is None
    assert scaffolds.cell(1, "volume") == "–" and scaffolds.cell(1, "size") == "–"

    equipment = EquipmentModel()
    equipment.set_equipment(
        [
            EquipmentView(1, "A-1", "Counter", "cell_counter", TODAY, "in_service"),
            EquipmentView(2, "A-2", "Old", "incubator", None, "retired"),
            EquipmentView(3, "A-3", "Broken", "incubator", None, "out_of_service"),
            EquipmentView(4, "A-4", "New", "incubator", None, "in_service"),
        ],
        today=TODAY,
    )
    assert equipment.cell(0, "calibration") == "Due today"
    assert equipment.cell(0, "kind") == "cell counter"
    assert equipment.cell(1, "calibration") == "Retired"
    assert equipment.cell(2, "calibration") == "Out of service: do not use"
    assert brush(equipment, 2, "calibration", ROLE.BackgroundRole) == "#b71c1c"
    assert equipment.cell(3, "calibration") == "No calibration date"
    assert equipment.cell(3, "calibrated") == "–"


def test_numbers_as_people_write_them():
    assert [number(v) for v in (25, 9.5, 1e5, 0.125, None)] == ["25", "9.5", "100,000", "0.12", ""]
