"""Accounts, sign-in, lockout and the failed-login report (21 CFR 11.300)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from labtracker.db.models import UserAccount
from labtracker.domain.errors import InvalidValueError
from labtracker.domain.permissions import PermissionDeniedError, Role
from labtracker.services import auth, users
from labtracker.services.context import InactiveAccountError
from tests.services.conftest import PASSWORD


def test_first_administrator_then_no_second_init(db, admin):
    assert admin.roles == frozenset({Role.ADMINISTRATOR})
    with pytest.raises(users.UserError, match="already has users"):
        users.initialise(db, "other", "Other Admin", "Adm1n-Passw0rd!")


def test_new_user_must_choose_a_password(db, admin):
    users.add_user(db, admin, "lwang", "Li Wang", [Role.TECHNICIAN], "Temp-Passw0rd!")
    with pytest.raises(auth.PasswordChangeRequiredError) as err:
        auth.login(db, "lwang", "Temp-Passw0rd!")
    assert err.value.username == "lwang"
    users.change_password(db, "lwang", "Temp-Passw0rd!", PASSWORD)
    actor = auth.login(db, "LWang ", PASSWORD)
    assert (actor.username, actor.full_name, actor.roles) == (
        "lwang",
        "Li Wang",
        frozenset({Role.TECHNICIAN}),
    )


def test_lockout_after_five_failures_until_admin_unlocks(db, admin, make_user):
    make_user("lwang", "Li Wang", Role.TECHNICIAN)
    messages = []
    for _ in range(4):
        with pytest.raises(auth.AuthenticationError) as err:
            auth.login(db, "lwang", "wrong")
        messages.append(str(err.value))
    assert messages[0].endswith("4 attempts left before the account locks.")
    assert messages[3].endswith("1 attempt left before the account locks.")
    with pytest.raises(auth.AccountLockedError, match="now locked after 5 failed attempts"):
        auth.login(db, "lwang", "wrong")
    # Even the right password is refused now.
    with pytest.raises(auth.AccountLockedError, match="administrator must unlock"):
        auth.login(db, "lwang", PASSWORD)
    report = auth.login_attempts(db, admin)
    assert [a.failure_reason for a in report][:2] == ["account locked", "wrong password; locked"]
    assert sum(a.username_entered == "lwang" for a in report) == 6
    with pytest.raises(InvalidValueError, match="Reason"):
        users.unlock_user(db, admin, "lwang", "  ")
    users.unlock_user(db, admin, "lwang", "identity confirmed by phone")
    assert auth.login(db, "lwang", PASSWORD).username == "lwang"


def test_unknown_user_is_logged_without_revealing_which_part_was_wrong(db, admin):
    with pytest.raises(auth.AuthenticationError, match=r"^User ID or password is not correct\.$"):
        auth.login(db, "nobody", "whatever")
    assert auth.login_attempts(db, admin)[0].failure_reason == "unknown user ID"


def test_password_rules(db, admin, make_user):
    make_user("lwang", "Li Wang", Role.TECHNICIAN)
    for bad, pattern in [
        ("Sh0rt!", "at least 10 characters"),
        ("alllowercase1", "three of"),
        ("Lwang-Passw0rd", "user ID"),
        (PASSWORD, "differ from the current"),
    ]:
        with pytest.raises(InvalidValueError, match=pattern):
            users.change_password(db, "lwang", PASSWORD, bad)
    users.change_password(db, "lwang", PASSWORD, "Second-Passw0rd!")
    with pytest.raises(InvalidValueError, match="last 5 passwords"):
        users.change_password(db, "lwang", "Second-Passw0rd!", PASSWORD)


def test_password_expires(db, admin, make_user, clock):
    make_user("lwang", "Li Wang", Role.TECHNICIAN)
    clock.advance(days=91)
    with pytest.raises(auth.PasswordChangeRequiredError, match="older than 90 days"):
        auth.login(db, "lwang", PASSWORD)


def test_deactivated_account_cannot_sign_in_or_act_and_id_is_never_reused(db, admin, make_user):
    tech = make_user("lwang", "Li Wang", Role.TECHNICIAN)
    users.deactivate_user(db, admin, "lwang", "left the lab")
    with pytest.raises(auth.AuthenticationError, match="deactivated"):
        auth.login(db, "lwang", PASSWORD)
    # A session opened before deactivation stops at its next action.
    with pytest.raises(InactiveAccountError):
        users.list_users(db, tech)
    with pytest.raises(InvalidValueError, match="never reused"):
        users.add_user(db, admin, "lwang", "Another Wang", [Role.QA], "Temp-Passw0rd!")
    with db.reading() as session:
        assert session.scalars(select(UserAccount.username)).all().count("lwang") == 1


def test_role_revoked_takes_effect_at_the_next_action(db, admin, make_user):
    qa = make_user("mchen", "Mei Chen", Role.QA, Role.ADMINISTRATOR)
    assert len(users.list_users(db, qa)) == 2
    users.set_roles(db, admin, "mchen", [Role.QA], "no longer an administrator")
    with pytest.raises(PermissionDeniedError, match="only Administrator may do that"):
        users.list_users(db, qa)


def test_only_administrators_manage_users(db, admin, make_user):
    tech = make_user("lwang", "Li Wang", Role.TECHNICIAN)
    with pytest.raises(PermissionDeniedError):
        users.add_user(db, tech, "x2", "Someone", [Role.QA], "Temp-Passw0rd!")
    with pytest.raises(PermissionDeniedError):
        users.unlock_user(db, tech, "admin", "why not")
    with pytest.raises(PermissionDeniedError):
        auth.login_attempts(db, tech)


@pytest.mark.parametrize(
    ("username", "field"),
    [("", "User ID"), ("1abc", "User ID"), ("system", "User ID"), ("a b", "User ID")],
)
def test_bad_user_ids_are_refused(db, admin, username, field):
    with pytest.raises(InvalidValueError) as err:
        users.add_user(db, admin, username, "Some Body", [Role.QA], "Temp-Passw0rd!")
    assert err.value.field == field


def test_idle_lock_minutes_default(db, admin):
    assert auth.idle_lock_minutes(db) == 10


def test_login_attempts_since(db, admin, clock):
    clock.advance(timedelta(hours=1))
    since = clock.now()
    with pytest.raises(auth.AuthenticationError):
        auth.login(db, "admin", "nope")
    assert len(auth.login_attempts(db, admin, since=since)) == 1


def test_whole_permission_matrix_against_roles_held_in_the_database(db, admin, make_user):
    """authorise() reads the roles from the database: every role × action pair."""
    from labtracker.db.models import UserAccount  # noqa: F401  (the table behind the check)
    from labtracker.domain.permissions import PERMISSIONS, Action
    from labtracker.services.context import authorise
    from tests.domain.test_permissions import EXPECTED

    people = {role: make_user(f"u{role.value}", f"User {role.label}", role) for role in Role}
    wrong = []
    with db.reading() as session:
        for action in Action:
            for role, actor in people.items():
                try:
                    authorise(session, actor, action)
                    allowed = True
                except PermissionDeniedError:
                    allowed = False
                if allowed != (role.value in EXPECTED[action.value]):
                    wrong.append((role.value, action.value, allowed))
    assert wrong == []
    assert len(PERMISSIONS) == len(Action)
