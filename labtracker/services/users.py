"""User accounts: created, given roles, deactivated (never deleted), unlocked, passwords
reset by an administrator and changed by their owner."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from labtracker.clock import get_clock
from labtracker.db.audit import AuditContext
from labtracker.db.models import LoginEvent, PasswordHistory, UserAccount, UserRole
from labtracker.db.models import Role as RoleRow
from labtracker.domain.errors import InvalidValueError, LabtrackerError
from labtracker.domain.passwords import check_new_password
from labtracker.domain.permissions import ROLE_LABELS, Action, Role
from labtracker.domain.values import control_character, text_line
from labtracker.services.auth import (
    access_policy,
    check_credentials,
    hash_password,
    password_matches,
)
from labtracker.services.context import SYSTEM_USERNAME, Actor, Database, authorise

USERNAME_PATTERN = re.compile(r"^[a-z][a-z0-9._-]{1,63}$")


class UserError(LabtrackerError):
    pass


@dataclass(frozen=True)
class UserSummary:
    user_id: int
    username: str
    full_name: str
    roles: tuple[Role, ...]
    is_active: bool
    is_locked: bool
    failed_attempts: int
    must_change_password: bool
    password_changed_at: datetime | None
    created_at: datetime


def _summary(session: Session, user: UserAccount) -> UserSummary:
    from labtracker.services.context import current_roles

    roles = current_roles(session, user.id)
    return UserSummary(
        user.id,
        user.username,
        user.full_name,
        tuple(r for r in Role if r in roles),
        user.is_active,
        user.locked_at is not None,
        user.failed_attempts or 0,
        user.must_change_password,
        user.password_changed_at,
        user.created_at,
    )


def _clean_username(username: str) -> str:
    cleaned = username.strip().lower()
    if not USERNAME_PATTERN.fullmatch(cleaned):
        raise InvalidValueError(
            "User ID",
            username,
            "2–64 characters: a letter first, then letters, digits, '.', '_' or '-'",
        )
    if cleaned == SYSTEM_USERNAME:
        raise InvalidValueError("User ID", username, "not the reserved name 'system'")
    return cleaned


def _clean_name(full_name: str) -> str:
    cleaned = text_line("Full name", full_name, max_length=200, required=False)
    if not 2 <= len(cleaned) <= 200:
        raise InvalidValueError("Full name", full_name, "2–200 characters (printed on signatures)")
    return cleaned


def _require_reason(reason: str | None) -> str:
    if not isinstance(reason, str) or not reason.strip():
        raise InvalidValueError("Reason", reason or "", "a reason, kept in the audit trail")
    return text_line("Reason", reason, max_length=2000)


def _ensure_role_rows(session: Session) -> dict[Role, RoleRow]:
    rows = {Role(r.code): r for r in session.scalars(select(RoleRow))}
    for role in Role:
        if role not in rows:
            rows[role] = RoleRow(code=role.value, name=ROLE_LABELS[role], description="")
            session.add(rows[role])
    session.flush()
    return rows


def _get_user(session: Session, username: str) -> UserAccount:
    user = (
        session.scalar(select(UserAccount).where(UserAccount.username == username.strip().lower()))
        if isinstance(username, str) and control_character(username) is None
        else None
    )
    if user is None:
        raise InvalidValueError("User ID", username, "an existing user ID")
    return user


def _set_password(session: Session, user: UserAccount, password: str, *, temporary: bool) -> None:
    policy = access_policy(session)
    check_new_password(password, policy, username=user.username)
    if policy.password_history and user.id is not None:
        recent = session.scalars(
            select(PasswordHistory.password_hash)
            .where(PasswordHistory.user_id == user.id)
            .order_by(PasswordHistory.set_at.desc(), PasswordHistory.id.desc())
            .limit(policy.password_history)
        ).all()
        if any(password_matches(old, password) for old in recent):
            raise InvalidValueError(
                "New password",
                "…",
                f"not one of the last {policy.password_history} passwords",
                f"The new password must differ from the last {policy.password_history} "
                "passwords of this account.",
            )
    now = get_clock().now()
    user.password_hash = hash_password(password)
    user.password_changed_at = now
    user.must_change_password = temporary
    session.flush()
    session.add(PasswordHistory(user_id=user.id, password_hash=user.password_hash, set_at=now))


def _grant(session: Session, user: UserAccount, roles: Iterable[Role], by: int | None) -> None:
    rows = _ensure_role_rows(session)
    for role in roles:
        session.add(
            UserRole(
                user_id=user.id,
                role_id=rows[Role(role)].id,
                granted_at=get_clock().now(),
                granted_by_id=by,
            )
        )


def initialise(
    db: Database, username: str, full_name: str, password: str, *, station: str = ""
) -> UserSummary:
    """Create the first administrator of an empty database (`labtracker init`)."""
    username, full_name = _clean_username(username), _clean_name(full_name)
    with db.writing(AuditContext(None, SYSTEM_USERNAME, station, "first set-up")) as session:
        if session.scalar(select(func.count()).select_from(UserAccount)):
            raise UserError(
                "This database already has users; add more with `labtracker user "
                "add` as an administrator."
            )
        user = UserAccount(
            username=username,
            full_name=full_name,
            created_at=get_clock().now(),
            must_change_password=False,
            failed_attempts=0,
            is_active=True,
        )
        session.add(user)
        session.flush()
        _set_password(session, user, password, temporary=False)
        _grant(session, user, [Role.ADMINISTRATOR], None)
        session.flush()
        return _summary(session, user)


def add_user(
    db: Database,
    actor: Actor,
    username: str,
    full_name: str,
    roles: Iterable[Role],
    temporary_password: str,
    *,
    reason: str = "",
) -> UserSummary:
    """A new account; its owner must choose a password at first sign-in. `reason`, when
    given, is added to the audit trail's reason ("new user lwang: joins the cell lab")."""
    username, full_name = _clean_username(username), _clean_name(full_name)
    roles = [Role(r) for r in roles]
    if not roles:
        raise InvalidValueError("Roles", "none", "at least one of " + ", ".join(Role))
    why = text_line("Reason", reason, max_length=2000, required=False)
    with db.writing(
        actor, f"new user {username}: {why}" if why else f"new user {username}"
    ) as session:
        authorise(session, actor, Action.MANAGE_USERS)
        if session.scalar(select(UserAccount).where(UserAccount.username == username)):
            raise InvalidValueError(
                "User ID",
                username,
                "a user ID never used before (IDs are never reused, even when deactivated)",
            )
        user = UserAccount(
            username=username,
            full_name=full_name,
            created_at=get_clock().now(),
            created_by_id=actor.user_id,
            must_change_password=True,
            failed_attempts=0,
            is_active=True,
        )
        session.add(user)
        session.flush()
        _set_password(session, user, temporary_password, temporary=True)
        _grant(session, user, roles, actor.user_id)
        session.flush()
        return _summary(session, user)


def deactivate_user(db: Database, actor: Actor, username: str, reason: str) -> UserSummary:
    reason = _require_reason(reason)
    with db.writing(actor, reason) as session:
        authorise(session, actor, Action.MANAGE_USERS)
        user = _get_user(session, username)
        if user.id == actor.user_id:
            raise UserError("You cannot deactivate your own account.")
        if not user.is_active:
            raise UserError(f"{user.username} is already deactivated.")
        user.is_active = False
        user.deactivated_at = get_clock().now()
        user.deactivated_by_id = actor.user_id
        user.deactivation_reason = reason
        return _summary(session, user)


def unlock_user(db: Database, actor: Actor, username: str, reason: str) -> UserSummary:
    reason = _require_reason(reason)
    with db.writing(actor, reason) as session:
        authorise(session, actor, Action.MANAGE_USERS)
        user = _get_user(session, username)
        if user.locked_at is None:
            raise UserError(f"{user.username} is not locked.")
        user.locked_at = None
        user.failed_attempts = 0
        return _summary(session, user)


def reset_password(
    db: Database, actor: Actor, username: str, temporary_password: str, reason: str
) -> UserSummary:
    """An administrator sets a temporary password; its owner must change it at sign-in."""
    reason = _require_reason(reason)
    with db.writing(actor, reason) as session:
        authorise(session, actor, Action.MANAGE_USERS)
        user = _get_user(session, username)
        _set_password(session, user, temporary_password, temporary=True)
        return _summary(session, user)


def set_roles(
    db: Database, actor: Actor, username: str, roles: Iterable[Role], reason: str
) -> UserSummary:
    """Grant and revoke so the user holds exactly these roles; history is kept."""
    reason = _require_reason(reason)
    wanted = {Role(r) for r in roles}
    with db.writing(actor, reason) as session:
        authorise(session, actor, Action.MANAGE_USERS)
        user = _get_user(session, username)
        rows = _ensure_role_rows(session)
        current = session.scalars(
            select(UserRole).where(UserRole.user_id == user.id, UserRole.revoked_at.is_(None))
        ).all()
        held = set()
        for grant in current:
            role = next(r for r, row in rows.items() if row.id == grant.role_id)
            if role in wanted:
                held.add(role)
            else:
                grant.revoked_at = get_clock().now()
                grant.revoked_by_id = actor.user_id
        _grant(session, user, wanted - held, actor.user_id)
        session.flush()
        return _summary(session, user)


def change_password(
    db: Database, username: str, old_password: str, new_password: str, *, station: str = ""
) -> None:
    """The owner chooses a new password (also after a reset or expiry)."""
    user_id = check_credentials(db, username, old_password, purpose="login", station=station)
    with db.writing(
        AuditContext(user_id, username.strip().lower(), station, "password changed by its owner")
    ) as session:
        user = session.get(UserAccount, user_id)
        assert user is not None
        if new_password == old_password:
            raise InvalidValueError(
                "New password",
                "…",
                "different from the current one",
                "The new password must differ from the current one.",
            )
        _set_password(session, user, new_password, temporary=False)


def list_users(db: Database, actor: Actor) -> list[UserSummary]:
    with db.reading() as session:
        authorise(session, actor, Action.MANAGE_USERS)
        users = session.scalars(select(UserAccount).order_by(UserAccount.username)).all()
        return [_summary(session, u) for u in users]


@dataclass(frozen=True)
class UserActivity:
    """When an account last signed in, and when its password expires under the site's rules
    (None while a temporary password waits to be changed, or before the first password)."""

    username: str
    last_login_at: datetime | None
    password_expires_at: datetime | None


def user_activity(db: Database, actor: Actor) -> dict[str, UserActivity]:
    """Last successful sign-in and password expiry of every account, by user ID."""
    with db.reading() as session:
        authorise(session, actor, Action.MANAGE_USERS)
        expiry = timedelta(days=access_policy(session).password_expiry_days)
        last = dict(
            session.execute(
                select(LoginEvent.user_id, func.max(LoginEvent.occurred_at))
                .where(LoginEvent.succeeded.is_(True), LoginEvent.purpose == "login")
                .group_by(LoginEvent.user_id)
            ).all()
        )
        return {
            u.username: UserActivity(
                u.username,
                last.get(u.id),
                None
                if u.must_change_password or u.password_changed_at is None
                else u.password_changed_at + expiry,
            )
            for u in session.scalars(select(UserAccount))
        }
