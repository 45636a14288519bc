"""People for service tests: an administrator and staff in each role, on a real database."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from labtracker.domain.permissions import Role
from labtracker.services import auth, users
from labtracker.services.context import Actor, Database

ADMIN_PASSWORD = "Adm1n-Passw0rd!"
PASSWORD = "Bench-Passw0rd!"


@pytest.fixture
def db(engine) -> Database:
    return Database(engine)


@pytest.fixture
def admin(db, clock) -> Actor:
    users.initialise(db, "admin", "Ada Admin", ADMIN_PASSWORD, station="bench-1")
    return auth.login(db, "admin", ADMIN_PASSWORD, station="bench-1")


@pytest.fixture
def make_user(db, admin) -> Callable[..., Actor]:
    """A signed-in user with the given roles and the password PASSWORD."""

    def make(username: str, full_name: str, *roles: Role) -> Actor:
        users.add_user(db, admin, username, full_name, roles, "Temp-Passw0rd!")
        users.change_password(db, username, "Temp-Passw0rd!", PASSWORD, station="bench-1")
        return auth.login(db, username, PASSWORD, station="bench-1")

    return make
