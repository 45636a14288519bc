"""Users and sign-ins: the accounts (user ID, name, roles, locked or not, last sign-in,
password expiry) with the administrator's changes, each with its reason; and the report of
failed sign-in attempts (21 CFR 11.300), which QA may read too.

An account is never deleted and a user ID never reused: an account leaves by deactivation.
A new account, and every password reset, gets a temporary password its owner must replace
at the next sign-in.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from labtracker.clock import get_clock
from labtracker.domain.errors import LabtrackerError
from labtracker.domain.permissions import Action, Role
from labtracker.services import auth, users
from labtracker.services.users import UserSummary
from ui.forms.base import FieldError, Saved
from ui.i18n import role_name
from ui.models.admin_users import LoginAttemptsModel, UsersModel
from ui.pages.admin.common import (
    AdminForm,
    AdminPage,
    AdminTable,
    button_row,
    guard,
    may,
    only_text,
    site_zone,
)
from ui.widgets import password_field

if TYPE_CHECKING:
    from ui.context import Navigator, WorkContext

REPORT_DAYS = (1, 7, 30, 90, 365)
DEFAULT_REPORT_DAYS = 7


class RolesBox(QWidget):
    """One checkbox per role, in the order the role list defines."""

    def __init__(self, roles: tuple[Role, ...] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(24)
        layout.setVerticalSpacing(2)
        self.boxes: dict[Role, QCheckBox] = {}
        for number, role in enumerate(Role):
            box = QCheckBox(role_name(role))
            box.setObjectName(f"role_{role.value}")
            box.setChecked(role in roles)
            box.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            layout.addWidget(box, number // 2, number % 2)
            self.boxes[role] = box
        layout.setColumnStretch(2, 1)

    def roles(self) -> list[Role]:
        return [role for role, box in self.boxes.items() if box.isChecked()]

    def setFocus(self) -> None:  # a refusal about the roles puts focus on the first box
        next(iter(self.boxes.values())).setFocus()


def _roles_words(roles) -> str:
    names = ", ".join(role_name(role) for role in Role if role in roles)
    return names or QCoreApplication.translate("UsersPage", "no role")


class _PasswordFields:
    """A temporary password typed twice, checked to match before the service judges it."""

    def _add_password_fields(self: AdminForm) -> None:
        self.add_field(
            "password",
            self.tr("Temporary password"),
            password_field(),
            hint=self.tr(
                "At least 10 characters, three of: lower case, capitals, digits, symbols. "
                "Give it to its owner in person; they must choose their own at the next sign-in."
            ),
            aliases=("New password",),
        )
        self.add_field("repeat", self.tr("Repeat it"), password_field())

    def _password(self: AdminForm) -> str:
        widget = self.field("password")
        repeat = self.field("repeat")
        assert isinstance(widget, QLineEdit) and isinstance(repeat, QLineEdit)
        if not widget.text():
            raise FieldError("password", self.tr("Type a temporary password."))
        if widget.text() != repeat.text():
            raise FieldError("repeat", self.tr("The two passwords differ; type them again."))
        return widget.text()


class AddUserForm(_PasswordFields, AdminForm):
    """A new account with its roles and a temporary password."""

    def __init__(self, ctx: WorkContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Add a user"), parent, save_text=self.tr("Add user"))
        self.add_field(
            "username",
            self.tr("User ID"),
            QLineEdit(),
            hint=self.tr(
                "What they type to sign in: 2–64 characters, a letter first (e.g. lwang). "
                "Never reused, even after the account is deactivated."
            ),
        )
        self.add_field(
            "full_name",
            self.tr("Full name"),
            QLineEdit(),
            hint=self.tr("Printed with every signature they make."),
        )
        self.roles_box = RolesBox()
        self.add_field("roles", self.tr("Roles"), self.roles_box)
        self._add_password_fields()
        self.add_reason()

    def save(self) -> Saved:
        roles = self.roles_box.roles()
        if not roles:
            raise FieldError("roles", self.tr("Tick at least one role."))
        password, reason = self._password(), self.reason()
        user = users.add_user(
            self.ctx.db,
            self.ctx.actor,
            self.text("username"),
            self.text("full_name"),
            roles,
            password,
            reason=reason,
        )
        return Saved(
            self.tr(
                "user {username} ({name}) added as {roles}; they choose their own password "
                "at their first sign-in."
            ).format(username=user.username, name=user.full_name, roles=_roles_words(user.roles)),
            result=user,
        )


class _UserForm(AdminForm):
    """A change to one account, named at the top."""

    def __init__(
        self,
        ctx: WorkContext,
        user: UserSummary,
        heading: str,
        parent: QWidget | None = None,
        *,
        save_text: str = "",
    ) -> None:
        super().__init__(ctx, heading, parent, save_text=save_text)
        self.user = user
        self.add_notice(
            self.tr("Account: {username} ({name}); roles now: {roles}.").format(
                username=user.username, name=user.full_name, roles=_roles_words(user.roles)
            ),
            warning=False,
        )


class RolesForm(_UserForm):
    """Grant and revoke roles; the history of grants is kept."""

    def __init__(self, ctx: WorkContext, user: UserSummary, parent: QWidget | None = None):
        super().__init__(
            ctx,
            user,
            self.tr("Change the roles of {username}").format(username=user.username),
            parent,
            save_text=self.tr("Change roles"),
        )
        self.roles_box = RolesBox(user.roles)
        self.add_field("roles", self.tr("Roles"), self.roles_box)
        self.add_reason()

    def save(self) -> Saved:
        roles = self.roles_box.roles()
        if not roles:
            raise FieldError(
                "roles",
                self.tr("Tick at least one role; to stop an account, deactivate it instead."),
            )
        if set(roles) == set(self.user.roles):
            raise FieldError("roles", self.tr("Nothing to change: these are its roles now."))
        if (
            self.user.user_id == self.ctx.actor.user_id
            and Role.ADMINISTRATOR in self.user.roles
            and Role.ADMINISTRATOR not in roles
        ):
            raise FieldError(
                "roles",
                self.tr(
                    "You cannot remove your own Administrator role; another administrator "
                    "must do it, so the site always keeps one."
                ),
            )
        reason = self.reason()
        user = users.set_roles(self.ctx.db, self.ctx.actor, self.user.username, roles, reason)
        return Saved(
            self.tr("{username} now holds: {roles}.").format(
                username=user.username, roles=_roles_words(user.roles)
            ),
            result=user,
        )


class UnlockForm(_UserForm):
    def __init__(self, ctx: WorkContext, user: UserSummary, parent: QWidget | None = None):
        super().__init__(
            ctx,
            user,
            self.tr("Unlock {username}").format(username=user.username),
            parent,
            save_text=self.tr("Unlock"),
        )
        self.add_notice(
            self.tr(
                "Locked after {n} failed attempts. Make sure it is its owner asking (in person "
                "or by a call back) and check the failed sign-in report before unlocking."
            ).format(n=user.failed_attempts)
        )
        self.add_reason()

    def save(self) -> Saved:
        reason = self.reason()
        user = users.unlock_user(self.ctx.db, self.ctx.actor, self.user.username, reason)
        return Saved(self.tr("{username} unlocked.").format(username=user.username), result=user)


class ResetPasswordForm(_PasswordFields, _UserForm):
    def __init__(self, ctx: WorkContext, user: UserSummary, parent: QWidget | None = None):
        super().__init__(
            ctx,
            user,
            self.tr("Reset the password of {username}").format(username=user.username),
            parent,
            save_text=self.tr("Reset password"),
        )
        self._add_password_fields()
        self.add_reason()

    def save(self) -> Saved:
        password, reason = self._password(), self.reason()
        user = users.reset_password(
            self.ctx.db, self.ctx.actor, self.user.username, password, reason
        )
        return Saved(
            self.tr(
                "temporary password set for {username}; they choose their own at the next sign-in."
            ).format(username=user.username),
            result=user,
        )


class DeactivateForm(_UserForm):
    def __init__(self, ctx: WorkContext, user: UserSummary, parent: QWidget | None = None):
        super().__init__(
            ctx,
            user,
            self.tr("Deactivate {username}").format(username=user.username),
            parent,
            save_text=self.tr("Deactivate"),
        )
        self.add_notice(
            self.tr(
                "Warning: a deactivated account cannot sign in or sign again, and cannot be "
                "re-activated here. Its records and signatures stay; the user ID {username} is "
                "never given to anyone else."
            ).format(username=user.username)
        )
        self.confirm_box = QCheckBox(
            self.tr("I understand: {username} can no longer sign in.").format(
                username=user.username
            )
        )
        self.add_field("confirm", self.tr("Confirm"), self.confirm_box)
        self.add_reason()

    def save(self) -> Saved:
        if not self.confirm_box.isChecked():
            raise FieldError("confirm", self.tr("Tick the box to confirm the deactivation."))
        reason = self.reason()
        user = users.deactivate_user(self.ctx.db, self.ctx.actor, self.user.username, reason)
        return Saved(self.tr("{username} deactivated.").format(username=user.username), result=user)


class UsersPage(AdminPage):
    """Accounts (administrators) and the failed sign-in report (administrators and QA)."""

    def __init__(
        self, ctx: WorkContext, navigator: Navigator, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, navigator, "", parent)
        self.heading.setText(self.tr("Users and sign-ins"))
        self.manages_users = may(ctx, Action.MANAGE_USERS)
        self.sees_report = may(ctx, Action.VIEW_FAILED_LOGINS)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("userTabs")
        self.body.addWidget(self.tabs, 1)
        self.users_model = UsersModel(parent=self)
        self.attempts_model = LoginAttemptsModel(parent=self)
        self._build_accounts()
        self._build_report()
        notes = []
        if not self.manages_users:
            notes.append(only_text(Action.MANAGE_USERS, self.tr("manage user accounts")))
        if not self.sees_report:
            notes.append(only_text(Action.VIEW_FAILED_LOGINS, self.tr("see the sign-in report")))
        self.set_access_note(" ".join(notes))
        self.tabs.setVisible(self.tabs.count() > 0)

    # --- accounts ------------------------------------------------------------------------------

    def _build_accounts(self) -> None:
        tab = QWidget()
        tab.setObjectName("accountsTab")
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(8, 8, 8, 8)
        self.add_button = QPushButton(self.tr("&Add user…"))
        self.add_button.setObjectName("addUser")
        self.roles_button = QPushButton(self.tr("Change &roles…"))
        self.roles_button.setObjectName("changeRoles")
        self.unlock_button = QPushButton(self.tr("&Unlock…"))
        self.unlock_button.setObjectName("unlockUser")
        self.reset_button = QPushButton(self.tr("Reset &password…"))
        self.reset_button.setObjectName("resetPassword")
        self.deactivate_button = QPushButton(self.tr("&Deactivate…"))
        self.deactivate_button.setObjectName("deactivateUser")
        self.add_button.clicked.connect(self.add_user)
        self.roles_button.clicked.connect(self.change_roles)
        self.unlock_button.clicked.connect(self.unlock)
        self.reset_button.clicked.connect(self.reset_password)
        self.deactivate_button.clicked.connect(self.deactivate)
        self._user_buttons = (
            self.add_button,
            self.roles_button,
            self.unlock_button,
            self.reset_button,
            self.deactivate_button,
        )
        for button in self._user_buttons:
            guard(button, self.ctx, Action.MANAGE_USERS, self.tr("manage user accounts"))
        layout.addLayout(button_row(*self._user_buttons))

        options = QHBoxLayout()
        self.show_deactivated = QCheckBox(self.tr("Show deactivated accounts"))
        self.show_deactivated.setObjectName("showDeactivated")
        self.show_deactivated.toggled.connect(lambda _on: self.refresh())
        self.user_count = QLabel()
        self.user_count.setObjectName("userCount")
        options.addWidget(self.user_count, 1)
        options.addWidget(self.show_deactivated)
        layout.addLayout(options)

        self.users_view = AdminTable()
        self.users_view.setObjectName("usersTable")
        self.users_view.setModel(self.users_model)
        self.users_view.set_widths({0: 110, 1: 180, 2: 190, 3: 180, 4: 170})
        self.users_view.selectionModel().selectionChanged.connect(self._update_buttons)
        layout.addWidget(self.users_view, 1)
        if self.manages_users:
            self.tabs.addTab(tab, self.tr("A&ccounts"))
        else:
            tab.setParent(self)
            tab.hide()
        self._update_buttons()

    def selected_user(self) -> UserSummary | None:
        row = self.users_view.selected_row()
        return self.users_model.user(row) if row >= 0 else None

    def _update_buttons(self, *_: object) -> None:
        if not self.manages_users:
            return
        user = self.selected_user()
        choose = self.tr("Select an account in the table first.")

        def state(button: QPushButton, ok: bool, why: str) -> None:
            button.setEnabled(ok)
            button.setToolTip("" if ok else why)

        active = user is not None and user.is_active
        inactive_why = choose if user is None else self.tr("This account is deactivated.")
        state(self.roles_button, active, inactive_why)
        state(self.reset_button, active, inactive_why)
        state(
            self.unlock_button,
            active and user.is_locked,
            inactive_why if not active else self.tr("This account is not locked."),
        )
        state(
            self.deactivate_button,
            active and user.user_id != self.ctx.actor.user_id,
            inactive_why if not active else self.tr("You cannot deactivate your own account."),
        )

    def add_user(self) -> AddUserForm:
        return self.open_form(AddUserForm(self.ctx, self))

    def _for_selected(self, form_type):
        user = self.selected_user()
        if user is None:
            return None
        return self.open_form(form_type(self.ctx, user, self))

    def change_roles(self) -> RolesForm | None:
        return self._for_selected(RolesForm)

    def unlock(self) -> UnlockForm | None:
        return self._for_selected(UnlockForm)

    def reset_password(self) -> ResetPasswordForm | None:
        return self._for_selected(ResetPasswordForm)

    def deactivate(self) -> DeactivateForm | None:
        return self._for_selected(DeactivateForm)

    # --- the sign-in report --------------------------------------------------------------------

    def _build_report(self) -> None:
        tab = QWidget()
        tab.setObjectName("reportTab")
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(8, 8, 8, 8)
        filters = QHBoxLayout()
        label = QLabel(self.tr("S&how the last:"))
        self.report_days = QComboBox()
        self.report_days.setObjectName("reportDays")
        for days in REPORT_DAYS:
            text = self.tr("24 hours") if days == 1 else self.tr("{n} days").format(n=days)
            self.report_days.addItem(text, days)
        self.report_days.setCurrentIndex(REPORT_DAYS.index(DEFAULT_REPORT_DAYS))
        label.setBuddy(self.report_days)
        self.include_successes = QCheckBox(self.tr("Include successful sign-ins"))
        self.include_successes.setObjectName("includeSuccesses")
        self.report_days.currentIndexChanged.connect(lambda _i: self.refresh())
        self.include_successes.toggled.connect(lambda _on: self.refresh())
        filters.addWidget(label)
        filters.addWidget(self.report_days)
        filters.addSpacing(16)
        filters.addWidget(self.include_successes)
        filters.addStretch(1)
        layout.addLayout(filters)
        self.attempt_count = QLabel()
        self.attempt_count.setObjectName("attemptCount")
        layout.addWidget(self.attempt_count)
        self.attempts_view = AdminTable()
        self.attempts_view.setObjectName("attemptsTable")
        self.attempts_view.setModel(self.attempts_model)
        self.attempts_view.set_widths({0: 170, 1: 180, 2: 130, 3: 330})
        layout.addWidget(self.attempts_view, 1)
        if self.sees_report:
            self.tabs.addTab(tab, self.tr("&Failed sign-ins"))
        else:
            tab.setParent(self)
            tab.hide()

    # --- reading -------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the accounts and the report again; the selected account stays selected."""
        zone = site_zone(self.ctx)
        problems = []
        if self.manages_users:
            kept = self.selected_user()
            try:
                accounts = users.list_users(self.ctx.db, self.ctx.actor)
                activity = users.user_activity(self.ctx.db, self.ctx.actor)
            except LabtrackerError as error:
                problems.append(str(error))
            else:
                shown = [u for u in accounts if u.is_active or self.show_deactivated.isChecked()]
                self.users_model.set_users(shown, activity, now=get_clock().now(), zone=zone)
                self.user_count.setText(self._count_text(accounts))
                if kept is not None:
                    self.users_view.select_row(self.users_model.row_of_key(kept.username))
            self._update_buttons()
        if self.sees_report:
            days = int(self.report_days.currentData())
            try:
                attempts = auth.login_attempts(
                    self.ctx.db,
                    self.ctx.actor,
                    failed_only=not self.include_successes.isChecked(),
                    since=get_clock().now() - timedelta(days=days),
                )
            except LabtrackerError as error:
                problems.append(str(error))
            else:
                self.attempts_model.set_attempts(attempts, zone=zone)
                failed = sum(not a.succeeded for a in attempts)
                period = self.report_days.currentText()
                self.attempt_count.setText(
                    self.tr("{n} failed attempts in the last {period}.").format(
                        n=failed, period=period
                    )
                    if failed != 1
                    else self.tr("1 failed attempt in the last {period}.").format(period=period)
                )
        self.show_problem(" ".join(problems))

    def _count_text(self, accounts: list[UserSummary]) -> str:
        active = [u for u in accounts if u.is_active]
        locked = sum(u.is_locked for u in active)
        temporary = sum(u.must_change_password for u in active)
        return self.tr(
            "{active} active accounts ({locked} locked, {temporary} with a temporary "
            "password); {inactive} deactivated."
        ).format(
            active=len(active),
            locked=locked,
            temporary=temporary,
            inactive=len(accounts) - len(active),
        )


__all__ = [
    "AddUserForm",
    "DeactivateForm",
    "ResetPasswordForm",
    "RolesForm",
    "UnlockForm",
    "UsersPage",
]
