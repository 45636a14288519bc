"""The user accounts table and the failed sign-in report of the administration screens."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject

from labtracker.services.auth import LoginAttempt
from labtracker.services.users import UserActivity, UserSummary
from ui.i18n import role_name
from ui.models.admin_tables import (
    BAD,
    GOOD,
    QUIET,
    WAITING,
    AdminTableModel,
    Column,
    Tone,
    local_time,
)

# A password this close to its expiry is shown amber: its owner will be asked soon.
EXPIRY_SOON = timedelta(days=14)


class UsersModel(AdminTableModel):
    """One row per account (deactivated ones too: an ID is never reused)."""

    def __init__(self, *, zone: ZoneInfo | None = None, parent: QObject | None = None) -> None:
        super().__init__(key=lambda u: u.username, parent=parent)
        self.zone = zone
        self.now: datetime | None = None
        self._activity: Mapping[str, UserActivity] = {}
        self.set_columns(
            [
                Column("username", self.tr("User ID"), lambda u: u.username, monospace=True),
                Column("full_name", self.tr("Full name"), lambda u: u.full_name),
                Column("roles", self.tr("Roles"), self._roles),
                Column("account", self.tr("Account"), self._account, self._account_tone),
                Column("last_login", self.tr("Last sign-in"), self._last_login),
                Column(
                    "password",
                    self.tr("Password"),
                    self._password,
                    self._password_tone,
                    tooltip=self._password_tip,
                ),
            ]
        )

    def set_users(
        self,
        users: Sequence[UserSummary],
        activity: Mapping[str, UserActivity],
        *,
        now: datetime,
        zone: ZoneInfo | None = None,
    ) -> None:
        self._activity = activity
        self.now = now
        if zone is not None:
            self.zone = zone
        self.set_rows(users)

    def user(self, row: int) -> UserSummary:
        return self.row_at(row)

    def _roles(self, user: UserSummary) -> str:
        return ", ".join(role_name(role) for role in user.roles) or self.tr("no role")

    def _account(self, user: UserSummary) -> str:
        if not user.is_active:
            return self.tr("Deactivated")
        if user.is_locked:
            return self.tr("Locked ({n} failed)").format(n=user.failed_attempts)
        if user.failed_attempts:
            return self.tr("Active ({n} failed)").format(n=user.failed_attempts)
        return self.tr("Active")

    @staticmethod
    def _account_tone(user: UserSummary) -> Tone | None:
        # Only what needs the administrator's eye is coloured; "Active" is plain.
        if not user.is_active:
            return QUIET
        if user.is_locked:
            return BAD
        return WAITING if user.failed_attempts else None

    def _last_login(self, user: UserSummary) -> str:
        activity = self._activity.get(user.username)
        when = activity.last_login_at if activity else None
        return local_time(when, self.zone) if when else self.tr("never")

    def _expires(self, user: UserSummary) -> datetime | None:
        activity = self._activity.get(user.username)
        return activity.password_expires_at if activity else None

    def _password(self, user: UserSummary) -> str:
        if not user.is_active:
            return ""
        if user.must_change_password:
            return self.tr("Temporary: change at sign-in")
        expires = self._expires(user)
        if expires is None:
            return ""
        shown = local_time(expires, self.zone)[:10]
        if self.now is not None and expires <= self.now:
            return self.tr("Expired {day}").format(day=shown)
        return self.tr("Expires {day}").format(day=shown)

    def _password_tone(self, user: UserSummary) -> Tone | None:
        if not user.is_active:
            return None
        if user.must_change_password:
            return WAITING
        expires = self._expires(user)
        if expires is None or self.now is None:
            return None
        if expires <= self.now:
            return BAD
        return WAITING if expires - self.now <= EXPIRY_SOON else None

    def _password_tip(self, user: UserSummary) -> str:
        if user.must_change_password:
            return self.tr(
                "A temporary password set by an administrator; its owner chooses their own "
                "at the next sign-in."
            )
        return self.tr(
            "Passwords expire under the site's access policy; its owner then chooses a new "
            "one at sign-in."
        )


class LoginAttemptsModel(AdminTableModel):
    """The sign-in report (21 CFR 11.300(d)), newest first; long reports arrive in batches."""

    def __init__(self, *, zone: ZoneInfo | None = None, parent: QObject | None = None) -> None:
        super().__init__(
            key=lambda a: (a.occurred_at, a.username_entered, a.purpose), parent=parent
        )
        self.zone = zone
        self._purposes = {
            "login": self.tr("Sign-in"),
            "unlock": self.tr("Unlock"),
            "signature": self.tr("E-signature"),
        }
        self.set_columns(
            [
                Column("when", self.tr("When"), lambda a: local_time(a.occurred_at, self.zone)),
                Column("username", self.tr("User ID entered"), lambda a: a.username_entered),
                Column(
                    "purpose", self.tr("For"), lambda a: self._purposes.get(a.purpose, a.purpose)
                ),
                Column("result", self.tr("Result"), self._result, self._result_tone),
                Column("station", self.tr("Station"), lambda a: a.station or "–"),
            ]
        )

    def set_attempts(self, attempts: Sequence[LoginAttempt], *, zone: ZoneInfo | None) -> None:
        self.zone = zone
        self.set_rows(attempts)

    def _result(self, attempt: LoginAttempt) -> str:
        if attempt.succeeded:
            return self.tr("Succeeded")
        return self.tr("Failed: {reason}").format(reason=attempt.failure_reason or "?")

    @staticmethod
    def _result_tone(attempt: LoginAttempt) -> Tone:
        if attempt.succeeded:
            return GOOD
        return BAD if "locked" in (attempt.failure_reason or "") else WAITING
