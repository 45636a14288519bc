"""Users and sign-ins on the demonstration site: an administrator adds, changes, unlocks and
deactivates accounts, each with a reason; a change without one saves nothing; QA reads the
failed sign-in report and nothing else."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from labtracker.domain.permissions import PermissionDeniedError, Role
from labtracker.services import auth, users
from labtracker.services.audit import AuditQuery, query_audit
from ui.pages.admin.users import UsersPage

LEFT = Qt.MouseButton.LeftButton
ROLE = Qt.ItemDataRole


class Nav:
    def __init__(self) -> None:
        self.shown: list[str] = []

    def open_lot(self, din: str) -> None:
        self.shown.append(din)

    def show_page(self, key: str) -> None:
        self.shown.append(key)

    def refresh(self) -> None:
        pass


def open_page(qtbot, demo, who="admin") -> UsersPage:
    page = UsersPage(demo.ctx(who), Nav())
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    page.refresh()
    return page


def select(page: UsersPage, username: str) -> None:
    row = page.users_model.row_of_key(username)
    assert row >= 0, username
    page.users_view.select_row(row)


def account(demo, username):
    admin = demo.ctx("admin").actor
    return next(u for u in users.list_users(demo.db, admin) if u.username == username)


def lock(demo, username):
    for _ in range(5):
        with pytest.raises(auth.AuthenticationError):
            auth.login(demo.db, username, "not-the-password")


def test_admin_adds_a_user_who_must_choose_a_password_at_first_sign_in(qtbot, demo):
    page = open_page(qtbot, demo)
    assert page.tabs.tabText(0) == "A&ccounts"
    assert page.users_model.rowCount() == 6
    form = page.add_user()
    qtbot.keyClicks(form.field("username"), "jzhou")
    form.field("full_name").setText("周俊")  # Chinese names: keyClicks types ASCII only
    qtbot.mouseClick(form.roles_box.boxes[Role.TECHNICIAN], LEFT)
    qtbot.keyClicks(form.field("password"), "Temp-Passw0rd!")
    qtbot.keyClicks(form.field("repeat"), "Temp-Passw0rd!")
    qtbot.keyClicks(form.field("reason"), "joins the cell lab 2 March")
    qtbot.mouseClick(form.save_button, LEFT)
    assert not form.isVisible()

    row = page.users_model.row_of_key("jzhou")
    assert page.users_model.cell(row, "full_name") == "周俊"
    assert page.users_model.cell(row, "roles") == "Technician"
    assert page.users_model.cell(row, "password") == "Temporary: change at sign-in"
    assert page.users_model.cell(row, "password", ROLE.BackgroundRole).color().name() == "#ff8f00"
    assert page.users_model.cell(row, "last_login") == "never"
    assert "jzhou" in page.status_line.text() and page.status_line.text().startswith("Saved")

    with pytest.raises(auth.PasswordChangeRequiredError):
        auth.login(demo.db, "jzhou", "Temp-Passw0rd!")
    users.change_password(demo.db, "jzhou", "Temp-Passw0rd!", "Own-Passw0rd-1!")
    assert auth.login(demo.db, "jzhou", "Own-Passw0rd-1!").roles == frozenset({Role.TECHNICIAN})
    trail = query_audit(demo.db, demo.ctx("qa").actor, AuditQuery(table_name="user_account"))
    assert any(e.reason == "new user jzhou: joins the cell lab 2 March" for e in trail)


def test_add_user_refusals_show_beside_the_field_and_save_nothing(qtbot, demo):
    page = open_page(qtbot, demo)
    form = page.add_user()
    qtbot.keyClicks(form.field("username"), "9bad")
    qtbot.keyClicks(form.field("full_name"), "Jun Zhou")
    qtbot.keyClicks(form.field("reason"), "new starter")
    qtbot.mouseClick(form.save_button, LEFT)
    assert form.field_error("roles") == "Tick at least one role."
    qtbot.mouseClick(form.roles_box.boxes[Role.QA], LEFT)
    qtbot.keyClicks(form.field("password"), "Temp-Passw0rd!")
    qtbot.keyClicks(form.field("repeat"), "Temp-Passw0rd?")
    qtbot.mouseClick(form.save_button, LEFT)
    assert form.field_error("repeat") == "The two passwords differ; type them again."
    form.field("repeat").setText("Temp-Passw0rd!")
    qtbot.mouseClick(form.save_button, LEFT)
    assert form.field_error("username").startswith("User ID must be 2–64 characters")
    form.field("username").setText("jzhou")
    form.field("password").setText("short")
    form.field("repeat").setText("short")
    qtbot.mouseClick(form.save_button, LEFT)
    assert "at least 10 characters" in form.field_error("password")
    assert form.isVisible()
    assert page.users_model.row_of_key("jzhou") == -1
    assert "jzhou" not in [u.username for u in users.list_users(demo.db, demo.ctx("admin").actor)]


def test_a_change_without_a_reason_is_refused_and_enter_never_saves(qtbot, demo):
    page = open_page(qtbot, demo)
    select(page, "tech")
    form = page.change_roles()
    assert form.roles_box.boxes[Role.TECHNICIAN].isChecked()
    qtbot.mouseClick(form.roles_box.boxes[Role.VERIFIER], LEFT)
    qtbot.mouseClick(form.save_button, LEFT)
    assert form.field_error("reason").startswith("Give the reason for this change")
    assert form.isVisible()
    # A scanner (or a stray Enter) in the reason field does not save either.
    qtbot.keyClicks(form.field("reason"), "now also verifies")
    qtbot.keyClick(form.field("reason"), Qt.Key.Key_Return)
    assert form.isVisible()
    assert account(demo, "tech").roles == (Role.TECHNICIAN,)
    qtbot.mouseClick(form.cancel_button, LEFT)
    assert account(demo, "tech").roles == (Role.TECHNICIAN,)

    form = page.change_roles()
    qtbot.mouseClick(form.roles_box.boxes[Role.VERIFIER], LEFT)
    qtbot.keyClicks(form.field("reason"), "trained as verifier (TR-88)")
    qtbot.mouseClick(form.save_button, LEFT)
    assert not form.isVisible()
    assert account(demo, "tech").roles == (Role.TECHNICIAN, Role.VERIFIER)
    row = page.users_model.row_of_key("tech")
    assert page.users_model.cell(row, "roles") == "Technician, Supervisor / verifier"
    assert page.users_view.selected_row() == row  # the same account stays selected


def test_admin_cannot_remove_their_own_administrator_role_or_deactivate_themselves(qtbot, demo):
    page = open_page(qtbot, demo)
    select(page, "admin")
    assert not page.deactivate_button.isEnabled()
    assert page.deactivate_button.toolTip() == "You cannot deactivate your own account."
    form = page.change_roles()
    qtbot.mouseClick(form.roles_box.boxes[Role.ADMINISTRATOR], LEFT)
    qtbot.mouseClick(form.roles_box.boxes[Role.QA], LEFT)
    qtbot.keyClicks(form.field("reason"), "swap")
    qtbot.mouseClick(form.save_button, LEFT)
    assert "own Administrator role" in form.field_error("roles")
    assert account(demo, "admin").roles == (Role.ADMINISTRATOR,)


def test_unlock_a_user_locked_by_five_failed_sign_ins(qtbot, demo):
    lock(demo, "tech2")
    page = open_page(qtbot, demo)
    row = page.users_model.row_of_key("tech2")
    assert page.users_model.cell(row, "account") == "Locked (5 failed)"
    assert page.users_model.cell(row, "account", ROLE.BackgroundRole).color().name() == "#b71c1c"
    select(page, "tech")
    assert not page.unlock_button.isEnabled()
    assert page.unlock_button.toolTip() == "This account is not locked."
    select(page, "tech2")
    assert page.unlock_button.isEnabled()

    # The sign-in report shows the five attempts, the locking one in red.
    page.tabs.setCurrentIndex(1)
    assert page.attempt_count.text() == "5 failed attempts in the last 7 days."
    assert page.attempts_model.cell(0, "result") == "Failed: wrong password; locked"
    assert page.attempts_model.cell(1, "result") == "Failed: wrong password"
    assert page.attempts_model.cell(0, "username") == "tech2"

    form = page.unlock()
    assert "Locked after 5 failed attempts" in form.findChild(QLabel, "formNotice").text()
    qtbot.mouseClick(form.save_button, LEFT)
    assert form.field_error("reason")
    with pytest.raises(auth.AccountLockedError):
        auth.login(demo.db, "tech2", demo.password)
    qtbot.keyClicks(form.field("reason"), "identity confirmed in person")
    qtbot.mouseClick(form.save_button, LEFT)
    assert not form.isVisible()
    assert page.users_model.cell(page.users_model.row_of_key("tech2"), "account") == "Active"
    assert auth.login(demo.db, "tech2", demo.password).username == "tech2"
    # The report now holds the locked-account attempt too.
    assert page.attempt_count.text() == "6 failed attempts in the last 7 days."


def test_reset_password_and_deactivate(qtbot, demo):
    page = open_page(qtbot, demo)
    select(page, "surgeon")
    form = page.reset_password()
    qtbot.keyClicks(form.field("password"), "Reset-Passw0rd!")
    qtbot.keyClicks(form.field("repeat"), "Reset-Passw0rd!")
    qtbot.keyClicks(form.field("reason"), "forgot password; identity checked")
    qtbot.mouseClick(form.save_button, LEFT)
    assert not form.isVisible()
    with pytest.raises(auth.PasswordChangeRequiredError):
        auth.login(demo.db, "surgeon", "Reset-Passw0rd!")

    select(page, "surgeon")
    form = page.deactivate()
    qtbot.keyClicks(form.field("reason"), "left the hospital")
    qtbot.mouseClick(form.save_button, LEFT)
    assert form.field_error("confirm") == "Tick the box to confirm the deactivation."
    assert account(demo, "surgeon").is_active
    qtbot.mouseClick(form.confirm_box, LEFT)
    qtbot.mouseClick(form.save_button, LEFT)
    assert not form.isVisible()
    assert not account(demo, "surgeon").is_active
    assert page.users_model.row_of_key("surgeon") == -1  # hidden unless asked for
    assert "1 deactivated" in page.user_count.text()
    qtbot.mouseClick(page.show_deactivated, LEFT)
    row = page.users_model.row_of_key("surgeon")
    assert page.users_model.cell(row, "account") == "Deactivated"
    select(page, "surgeon")
    assert not page.roles_button.isEnabled() and not page.deactivate_button.isEnabled()
    with pytest.raises(auth.AuthenticationError, match="deactivated"):
        auth.login(demo.db, "surgeon", "Reset-Passw0rd!")


def test_qa_sees_the_sign_in_report_and_no_accounts(qtbot, demo):
    lock(demo, "tech2")
    page = open_page(qtbot, demo, "qa")
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == ["&Failed sign-ins"]
    assert page.access_note.text() == "Only Administrator may manage user accounts."
    assert not page.add_button.isEnabled()
    assert page.add_button.toolTip() == "Only Administrator may manage user accounts."
    assert page.attempts_model.rowCount() == 5
    assert page.users_model.rowCount() == 0
    assert not page.problem_line.isVisible()
    # Successful sign-ins too, when asked.
    qtbot.mouseClick(page.include_successes, LEFT)
    assert page.attempts_model.rowCount() > 5
    assert page.attempts_model.cell(0, "result") in ("Succeeded", "Failed: wrong password; locked")


def test_a_technician_sees_neither(qtbot, demo):
    page = open_page(qtbot, demo, "tech")
    assert page.tabs.count() == 0 and not page.tabs.isVisible()
    assert page.access_note.text() == (
        "Only Administrator may manage user accounts. "
        "Only QA or Administrator may see the sign-in report."
    )
    with pytest.raises(PermissionDeniedError, match="only Administrator"):
        users.list_users(demo.db, demo.ctx("tech").actor)
