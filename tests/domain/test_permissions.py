"""The whole role × action matrix, written out independently of the code it checks."""

from __future__ import annotations

import pytest

from labtracker.domain.permissions import (
    Action,
    PermissionDeniedError,
    Role,
    is_allowed,
    require,
)

T, V, Q, S, A = "technician", "verifier", "qa", "surgeon", "administrator"

# action: the roles that may do it. Every other role must be refused.
EXPECTED = {
    "view_lots": {T, V, Q, S},
    "register_patient": {T, V, Q},
    "sign_eligibility": {S},
    "record_culture_step": {T, V},
    "record_qc_result": {T, V, Q},
    "verify_step": {V, Q},
    "correct_record": {T, V, Q},
    "raise_deviation": {T, V, Q, S},
    "close_deviation": {Q},
    "discard": {T, V, Q},
    "record_custody": {T, V, Q, S},
    "receive_material": {T, V, Q},
    "release_material": {Q},
    "manage_catalogue": {Q},
    "manage_specifications": {Q},
    "manage_label_templates": {Q},
    "print_process_label": {T, V, Q},
    "print_release_label": {Q},
    "print_batch_record": {Q},
    "release_lot": {Q},
    "reject_lot": {Q},
    "confirm_implantation": {S},
    "review_audit_trail": {Q, A},
    "view_failed_logins": {Q, A},
    "manage_users": {A},
    "manage_site_settings": {A},
    "backup_database": {A},
}


def test_table_covers_every_action():
    assert set(EXPECTED) == {a.value for a in Action}


@pytest.mark.parametrize("action", sorted(EXPECTED))
@pytest.mark.parametrize("role", [T, V, Q, S, A])
def test_role_action_pair(role, action):
    allowed = role in EXPECTED[action]
    assert is_allowed([Role(role)], Action(action)) is allowed
    if allowed:
        require([Role(role)], Action(action))
    else:
        with pytest.raises(PermissionDeniedError, match="may not"):
            require([Role(role)], Action(action))


def test_administrator_has_no_say_in_release():
    for action in ("release_lot", "reject_lot", "print_release_label", "verify_step"):
        assert not is_allowed([Role.ADMINISTRATOR], Action(action))


def test_no_roles_means_nothing_is_allowed():
    assert not any(is_allowed([], action) for action in Action)


def test_refusal_names_who_may():
    with pytest.raises(PermissionDeniedError) as err:
        require([Role.TECHNICIAN], Action.RELEASE_LOT, who="Li Wang")
    assert str(err.value) == "Li Wang may not release lot: only QA may do that."
