"""The reads and the one setting the administration screens added: the access policy (set with
a reason, refused whole when a value is out of range), account activity, the scaffold and
equipment lists, the wristband prefix and the database in use."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from labtracker.domain.errors import InvalidValueError
from labtracker.domain.passwords import AccessPolicy
from labtracker.domain.permissions import PermissionDeniedError, Role
from labtracker.services import auth, materials, scan, site, users
from labtracker.services.audit import AuditQuery, query_audit
from tests.services.conftest import ADMIN_PASSWORD, PASSWORD


def test_access_policy_changes_with_a_reason_and_takes_effect(lab):
    assert auth.current_access_policy(lab.db) == AccessPolicy()
    with pytest.raises(InvalidValueError, match="Reason"):
        auth.set_access_policy(lab.db, lab.admin, "  ", max_failed_attempts=3)
    with pytest.raises(PermissionDeniedError, match="only Administrator"):
        auth.set_access_policy(lab.db, lab.qa, "tighter", max_failed_attempts=3)
    # One value out of range refuses the whole change.
    with pytest.raises(InvalidValueError, match="Idle lock minutes"):
        auth.set_access_policy(lab.db, lab.admin, "x", max_failed_attempts=3, idle_lock_minutes=0)
    with pytest.raises(InvalidValueError, match="Setting"):
        auth.set_access_policy(lab.db, lab.admin, "x", lockout=3)
    assert auth.current_access_policy(lab.db) == AccessPolicy()

    policy = auth.set_access_policy(
        lab.db, lab.admin, "SOP-IT-004 rev 3", max_failed_attempts=3, idle_lock_minutes=5
    )
    assert (policy.max_failed_attempts, policy.idle_lock_minutes) == (3, 5)
    assert auth.current_access_policy(lab.db) == policy
    assert auth.idle_lock_minutes(lab.db) == 5
    trail = query_audit(lab.db, lab.admin, AuditQuery(table_name="site_setting"))
    assert trail[-1].reason == "SOP-IT-004 rev 3"
    for _ in range(2):
        with pytest.raises(auth.AuthenticationError):
            auth.login(lab.db, "lwang", "wrong")
    with pytest.raises(auth.AccountLockedError, match="after 3 failed attempts"):
        auth.login(lab.db, "lwang", "wrong")
    # A second change updates the same setting.
    auth.set_access_policy(lab.db, lab.admin, "back to default", max_failed_attempts=5)
    assert auth.current_access_policy(lab.db).max_failed_attempts == 5
    assert auth.current_access_policy(lab.db).idle_lock_minutes == 5


def test_new_user_reason_goes_to_the_audit_trail(lab):
    users.add_user(
        lab.db,
        lab.admin,
        "jzhou",
        "Jun Zhou",
        [Role.TECHNICIAN],
        "Temp-Passw0rd!",
        reason="joins the cell lab",
    )
    trail = query_audit(lab.db, lab.admin, AuditQuery(table_name="user_account"))
    assert trail[-1].reason == "new user jzhou: joins the cell lab"


def test_user_activity_last_sign_in_and_password_expiry(lab, clock):
    clock.advance(hours=2)
    auth.login(lab.db, "lwang", PASSWORD)
    signed_in = clock.now()
    clock.advance(hours=1)
    with pytest.raises(auth.AuthenticationError):
        auth.login(lab.db, "lwang", "wrong")  # a failure is not a sign-in
    users.add_user(lab.db, lab.admin, "jzhou", "Jun Zhou", [Role.QA], "Temp-Passw0rd!")
    activity = users.user_activity(lab.db, lab.admin)
    assert activity["lwang"].last_login_at == signed_in
    changed = next(
        u.password_changed_at for u in users.list_users(lab.db, lab.admin) if u.username == "lwang"
    )
    assert activity["lwang"].password_expires_at == changed + timedelta(days=90)
    # A temporary password expires at the first sign-in, not on a date.
    assert activity["jzhou"] == users.UserActivity("jzhou", None, None)
    with pytest.raises(PermissionDeniedError):
        users.user_activity(lab.db, lab.qa)
    assert auth.login(lab.db, "admin", ADMIN_PASSWORD)


def test_scaffold_and_equipment_lists(lab, clock):
    received = materials.receive_scaffold_lot(
        lab.db,
        lab.tech,
        product="DBM block",
        manufacturer="Aorui",
        catalogue_number="DBM-25",
        manufacturer_lot="DBM2601",
        expiry_date=date(2027, 1, 31),
        volume_ml=1.5,
        size_description="25 × 10 × 6 mm",
    )
    materials.register_equipment(
        lab.db,
        lab.qa,
        asset_tag="cnt-02",
        name="Cell counter",
        kind="cell_counter",
        location="Cell lab",
        serial_number="SN-88",
        calibrated_on=date(2026, 1, 5),
        calibration_due_on=date(2026, 7, 5),
    )
    materials.register_equipment(
        lab.db, lab.qa, asset_tag="INC-01", name="Incubator", kind="incubator"
    )
    (scaffold,) = materials.list_scaffold_lots(lab.db, lab.tech)
    assert (scaffold.code, scaffold.state, scaffold.volume_ml) == (received.code, "quarantine", 1.5)
    tags = materials.list_equipment(lab.db, lab.tech)
    assert [e.asset_tag for e in tags] == ["CNT-02", "INC-01"]
    assert (tags[0].location, tags[0].serial_number, tags[0].calibrated_on) == (
        "Cell lab",
        "SN-88",
        date(2026, 1, 5),
    )
    recalibrated = materials.record_calibration(
        lab.db,
        lab.qa,
        "CNT-02",
        calibrated_on=date(2026, 3, 1),
        calibration_due_on=date(2026, 9, 1),
    )
    assert (recalibrated.calibrated_on, recalibrated.location) == (date(2026, 3, 1), "Cell lab")
    with pytest.raises(PermissionDeniedError):
        materials.list_equipment(lab.db, lab.admin)  # the administrator has no say in lots


def test_wristband_prefix_and_database_in_use(lab, db_url):
    assert site.current_wristband_prefix(lab.db) == "MRN:"
    scan.set_wristband_prefix(lab.db, lab.admin, "PID#", reason="hospital changed bands")
    assert site.current_wristband_prefix(lab.db) == "PID#"
    backend, location = site.database_in_use(lab.db)
    assert backend in ("SQLite", "PostgreSQL")
    assert location and "Passw" not in location
