"""Proving who someone is: sign-in, unlocking an idle station, the two-component re-entry
before an e-signature. Every attempt is logged; repeated failures lock the account until an
administrator unlocks it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from labtracker.clock import get_clock
from labtracker.db.audit import AuditContext
from labtracker.db.models import LoginEvent, UserAccount
from labtracker.domain.errors import InvalidValueError, LabtrackerError
from labtracker.domain.passwords import AccessPolicy
from labtracker.domain.permissions import Action
from labtracker.domain.values import control_character, visible
from labtracker.services.context import Actor, Database, authorise, current_roles
from labtracker.services.records import require_text, site_setting, store_site_setting

# argon2id with the library's RFC 9106 "low memory" defaults: ~50 ms per check here.
HASHER = PasswordHasher()
ACCESS_POLICY_KEY = "access_policy"
PURPOSES = ("login", "unlock", "signature")


class AuthenticationError(LabtrackerError):
    """The user ID or password was wrong, or the account cannot be used."""


class AccountLockedError(AuthenticationError):
    pass


class PasswordChangeRequiredError(AuthenticationError):
    """The password is right but must be changed before the account can be used."""

    def __init__(self, username: str, message: str) -> None:
        self.username = username
        super().__init__(message)


@dataclass(frozen=True)
class LoginAttempt:
    occurred_at: datetime
    username_entered: str
    purpose: str
    succeeded: bool
    failure_reason: str | None
    station: str


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def password_matches(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        return False
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def access_policy(session: Session) -> AccessPolicy:
    """The site's access rules: the audited site setting, or the shipped defaults."""
    return AccessPolicy(**site_setting(session, ACCESS_POLICY_KEY, {}))


def _find_user(session: Session, username: str) -> UserAccount | None:
    # A user ID with a control character in it names nobody (user IDs are letters, digits
    # and . _ -), and must not reach the database, which may refuse it (PostgreSQL: NUL).
    if not isinstance(username, str) or control_character(username) is not None:
        return None
    return session.scalar(
        select(UserAccount).where(UserAccount.username == username.strip().lower())
    )


def _log(
    session: Session,
    username: str,
    user: UserAccount | None,
    purpose: str,
    succeeded: bool,
    reason: str | None,
    station: str,
) -> None:
    session.add(
        LoginEvent(
            occurred_at=get_clock().now(),
            # What was typed, control characters shown as escapes (the attempt log must take
            # any text a keyboard or a scanner can send, and it is never refused).
            username_entered=visible(str(username), 160),
            user_id=user.id if user else None,
            purpose=purpose,
            succeeded=succeeded,
            failure_reason=reason,
            station=station,
        )
    )


def check_credentials(
    db: Database,
    username: str,
    password: str,
    *,
    purpose: str,
    station: str,
    expected_user_id: int | None = None,
) -> int:
    """Verify a user ID and password; log the attempt; count and lock on failure.

    The attempt is committed in its own transaction before anything else happens, so a
    failure is on record even though the action that asked for it is refused.
    Returns the user's id.
    """
    assert purpose in PURPOSES
    context = AuditContext(
        None, visible(str(username).strip().lower(), 40) or "?", station, f"{purpose} attempt"
    )
    failure: AuthenticationError | None = None
    with db.writing(context) as session:
        policy = access_policy(session)
        user = _find_user(session, username)
        if user is not None:
            context = AuditContext(user.id, user.username, station, f"{purpose} attempt")
            session.info["audit"] = context
        generic = AuthenticationError("User ID or password is not correct.")
        if user is None:
            password_matches(None, password)
            _log(session, username, None, purpose, False, "unknown user ID", station)
            failure = generic
        elif expected_user_id is not None and user.id != expected_user_id:
            _log(session, username, user, purpose, False, "not the signed-in user", station)
            failure = AuthenticationError(
                "Only the signed-in user can sign or unlock here; enter your own user ID."
            )
        elif not user.is_active:
            _log(session, username, user, purpose, False, "account deactivated", station)
            failure = AuthenticationError("This account is deactivated. Ask an administrator.")
        elif user.locked_at is not None:
            _log(session, username, user, purpose, False, "account locked", station)
            failure = AccountLockedError(
                "This account is locked after too many failed attempts. "
                "An administrator must unlock it."
            )
        elif not password_matches(user.password_hash, password):
            user.failed_attempts = (user.failed_attempts or 0) + 1
            left = policy.max_failed_attempts - user.failed_attempts
            if left <= 0:
                user.locked_at = get_clock().now()
                session.info["audit"] = AuditContext(
                    user.id,
                    user.username,
                    station,
                    f"locked after {user.failed_attempts} failed attempts",
                )
                _log(session, username, user, purpose, False, "wrong password; locked", station)
                failure = AccountLockedError(
                    "User ID or password is not correct. The account is now locked after "
                    f"{user.failed_attempts} failed attempts; an administrator must unlock it."
                )
            else:
                _log(session, username, user, purpose, False, "wrong password", station)
                failure = AuthenticationError(
                    f"User ID or password is not correct. {left} attempt"
                    f"{'s' if left != 1 else ''} left before the account locks."
                )
        else:
            if user.failed_attempts:
                user.failed_attempts = 0
            _log(session, username, user, purpose, True, None, station)
            return user.id
    assert failure is not None
    raise failure


def login(db: Database, username: str, password: str, *, station: str = "") -> Actor:
    """Sign in: the Actor every later action is attributed to."""
    user_id = check_credentials(db, username, password, purpose="login", station=station)
    with db.reading() as session:
        user = session.get(UserAccount, user_id)
        assert user is not None
        policy = access_policy(session)
        if user.must_change_password:
            raise PasswordChangeRequiredError(
                user.username, "This password was set by an administrator; choose your own now."
            )
        changed = user.password_changed_at
        if changed and get_clock().now() - changed > timedelta(days=policy.password_expiry_days):
            raise PasswordChangeRequiredError(
                user.username,
                f"This password is older than {policy.password_expiry_days} days; "
                "choose a new one now.",
            )
        roles = current_roles(session, user.id)
        if not roles:
            raise AuthenticationError("This account has no role yet. Ask an administrator.")
        return Actor(user.id, user.username, user.full_name, roles, station)


def confirm_identity(
    db: Database, actor: Actor, username: str, password: str, *, purpose: str
) -> None:
    """Re-entry of user ID and password by the signed-in user (unlock, e-signature)."""
    check_credentials(
        db,
        username,
        password,
        purpose=purpose,
        station=actor.station,
        expected_user_id=actor.user_id,
    )


def idle_lock_minutes(db: Database) -> int:
    with db.reading() as session:
        return access_policy(session).idle_lock_minutes


def current_access_policy(db: Database) -> AccessPolicy:
    """The access rules in force now (read only; no actor, like `idle_lock_minutes`)."""
    with db.reading() as session:
        return access_policy(session)


def set_access_policy(db: Database, actor: Actor, reason: str, **changes: int) -> AccessPolicy:
    """Change some of the access rules (password length, expiry and history, lockout, idle
    lock); audited with the reason. An unknown rule or a value outside its range is refused
    and nothing changes."""
    reason = require_text("Reason", reason, max_length=2000)
    with db.writing(actor, reason) as session:
        authorise(session, actor, Action.MANAGE_SITE_SETTINGS)
        current = asdict(access_policy(session))
        unknown = set(changes) - set(current)
        if unknown:
            raise InvalidValueError("Setting", sorted(unknown)[0], "one of " + ", ".join(current))
        policy = AccessPolicy(**{**current, **changes})
        store_site_setting(
            session,
            actor,
            ACCESS_POLICY_KEY,
            asdict(policy),
            "Access rules (passwords, lockout, idle lock)",
        )
        return policy


def login_attempts(
    db: Database, actor: Actor, *, failed_only: bool = True, since: datetime | None = None
) -> list[LoginAttempt]:
    """The failed-login report (administrators and QA)."""
    with db.reading() as session:
        authorise(session, actor, Action.VIEW_FAILED_LOGINS)
        query = select(LoginEvent).order_by(LoginEvent.occurred_at.desc(), LoginEvent.id.desc())
        if failed_only:
            query = query.where(LoginEvent.succeeded.is_(False))
        if since is not None:
            query = query.where(LoginEvent.occurred_at >= since)
        return [
            LoginAttempt(
                e.occurred_at,
                e.username_entered,
                e.purpose,
                e.succeeded,
                e.failure_reason,
                e.station,
            )
            for e in session.scalars(query)
        ]
