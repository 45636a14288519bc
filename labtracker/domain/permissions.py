"""Who may do what: the role × action matrix of domain.md §7, in one table.

Services call `require` before every action; the UI only hides what a service would refuse
anyway. The administrator runs the system (users, settings, backups) and has no say in
what happens to a lot.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from labtracker.domain.errors import LabtrackerError


class Role(StrEnum):
    TECHNICIAN = "technician"
    VERIFIER = "verifier"
    QA = "qa"
    SURGEON = "surgeon"
    ADMINISTRATOR = "administrator"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.TECHNICIAN: "Technician",
    Role.VERIFIER: "Supervisor / verifier",
    Role.QA: "QA",
    Role.SURGEON: "Surgeon",
    Role.ADMINISTRATOR: "Administrator",
}


class Action(StrEnum):
    VIEW_LOTS = "view_lots"
    REGISTER_PATIENT = "register_patient"
    SIGN_ELIGIBILITY = "sign_eligibility"
    RECORD_CULTURE_STEP = "record_culture_step"
    RECORD_QC_RESULT = "record_qc_result"
    VERIFY_STEP = "verify_step"
    CORRECT_RECORD = "correct_record"
    RAISE_DEVIATION = "raise_deviation"
    CLOSE_DEVIATION = "close_deviation"
    DISCARD = "discard"
    RECORD_CUSTODY = "record_custody"
    RECEIVE_MATERIAL = "receive_material"
    RELEASE_MATERIAL = "release_material"
    MANAGE_CATALOGUE = "manage_catalogue"
    MANAGE_SPECIFICATIONS = "manage_specifications"
    MANAGE_LABEL_TEMPLATES = "manage_label_templates"
    PRINT_PROCESS_LABEL = "print_process_label"
    PRINT_RELEASE_LABEL = "print_release_label"
    PRINT_BATCH_RECORD = "print_batch_record"
    RELEASE_LOT = "release_lot"
    REJECT_LOT = "reject_lot"
    CONFIRM_IMPLANTATION = "confirm_implantation"
    REVIEW_AUDIT_TRAIL = "review_audit_trail"
    VIEW_FAILED_LOGINS = "view_failed_logins"
    MANAGE_USERS = "manage_users"
    MANAGE_SITE_SETTINGS = "manage_site_settings"
    BACKUP_DATABASE = "backup_database"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


T, V, Q, S, A = Role.TECHNICIAN, Role.VERIFIER, Role.QA, Role.SURGEON, Role.ADMINISTRATOR

PERMISSIONS: dict[Action, frozenset[Role]] = {
    Action.VIEW_LOTS: frozenset({T, V, Q, S}),
    Action.REGISTER_PATIENT: frozenset({T, V, Q}),
    Action.SIGN_ELIGIBILITY: frozenset({S}),  # the trial investigator (a physician)
    Action.RECORD_CULTURE_STEP: frozenset({T, V}),
    Action.RECORD_QC_RESULT: frozenset({T, V, Q}),
    Action.VERIFY_STEP: frozenset({V, Q}),
    Action.CORRECT_RECORD: frozenset({T, V, Q}),
    Action.RAISE_DEVIATION: frozenset({T, V, Q, S}),
    Action.CLOSE_DEVIATION: frozenset({Q}),
    Action.DISCARD: frozenset({T, V, Q}),
    Action.RECORD_CUSTODY: frozenset({T, V, Q, S}),
    Action.RECEIVE_MATERIAL: frozenset({T, V, Q}),
    Action.RELEASE_MATERIAL: frozenset({Q}),
    Action.MANAGE_CATALOGUE: frozenset({Q}),
    Action.MANAGE_SPECIFICATIONS: frozenset({Q}),
    Action.MANAGE_LABEL_TEMPLATES: frozenset({Q}),
    Action.PRINT_PROCESS_LABEL: frozenset({T, V, Q}),
    Action.PRINT_RELEASE_LABEL: frozenset({Q}),
    Action.PRINT_BATCH_RECORD: frozenset({Q}),
    Action.RELEASE_LOT: frozenset({Q}),
    Action.REJECT_LOT: frozenset({Q}),
    Action.CONFIRM_IMPLANTATION: frozenset({S}),
    Action.REVIEW_AUDIT_TRAIL: frozenset({Q, A}),
    Action.VIEW_FAILED_LOGINS: frozenset({Q, A}),
    Action.MANAGE_USERS: frozenset({A}),
    Action.MANAGE_SITE_SETTINGS: frozenset({A}),
    Action.BACKUP_DATABASE: frozenset({A}),
}
del T, V, Q, S, A


class PermissionDeniedError(LabtrackerError):
    """The signed-in user's roles do not allow this action."""


def roles_allowed(action: Action) -> frozenset[Role]:
    return PERMISSIONS[Action(action)]


def is_allowed(roles: Iterable[Role], action: Action) -> bool:
    return bool(roles_allowed(action) & {Role(r) for r in roles})


def require(roles: Iterable[Role], action: Action, *, who: str = "You") -> None:
    """Refuse, naming the action and the roles that may do it."""
    if not is_allowed(roles, action):
        allowed = ", ".join(r.label for r in Role if r in roles_allowed(action))
        raise PermissionDeniedError(
            f"{who} may not {Action(action).label}: only {allowed} may do that."
        )
