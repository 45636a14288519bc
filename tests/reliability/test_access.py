"""Access control through the real services (issue 10): the whole role × action matrix,
sign-in brute force, and who may sign when.

* Every Action of labtracker/domain/permissions.py is mapped to a real service that performs
  it (a new Action without a mapping fails `test_every_action_is_exercised`). For every
  Action and every role, plus a user with two roles and a user whose roles were all revoked,
  the call succeeds exactly when PERMISSIONS says so. A refusal is PermissionDeniedError
  naming the person and every role that may, and a full dump of the database is unchanged:
  not even a password attempt is logged, because services check the right before asking
  for a password.
* N wrong passwords (the site's max_failed_attempts) lock the account; the right password
  is then refused as locked; each attempt is in the failed-login report.
* Every service that applies an e-signature re-asks the signer's own password (a wrong one
  is refused, logged and counted; another person's ID and password are refused); a session
  whose account was locked or deactivated since sign-in cannot sign, even with the right
  password; a station idle past the site's lock cannot sign without the password, because
  no signing service signs without one.

Bounded: 27 actions × 7 people, 9 signing services × 3 situations, one brute-force run per
backend; the world (tests/reliability/bench.py) is built once per backend.
"""

from __future__ import annotations

import contextlib
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

import labtracker.services as services_package
from labtracker.domain.permissions import PERMISSIONS, Action, PermissionDeniedError, Role
from labtracker.services import (
    audit,
    auth,
    backup,
    batch_record,
    bedside,
    corrections,
    deviations,
    labels,
    lots,
    materials,
    patients,
    quality,
    queries,
    release,
    site,
    specifications,
    users,
)
from labtracker.services.audit import AuditQuery
from labtracker.services.context import Actor, InactiveAccountError
from labtracker.services.signatures import Meaning, sign
from tests.reliability.bench import (
    BACKENDS,
    MRN,
    World,
    _make_user,
    seeded_lot,
    world_for,
)
from tests.reliability.test_hostile_input import (
    _sample_id,
    attempt_logged,
    failed_attempt_logged,
    nothing_recorded,
)
from tests.support.lab import ADMIN_PASSWORD, PASSWORD


@pytest.fixture(scope="module", params=BACKENDS)
def world(request, tmp_path_factory):
    with world_for(request.param, request, tmp_path_factory) as w:
        yield w


T, V, Q, S, A = Role.TECHNICIAN, Role.VERIFIER, Role.QA, Role.SURGEON, Role.ADMINISTRATOR
PEOPLE: dict[str, frozenset[Role]] = {
    "technician": frozenset({T}),
    "verifier": frozenset({V}),
    "qa": frozenset({Q}),
    "surgeon": frozenset({S}),
    "administrator": frozenset({A}),
    "verifier+surgeon": frozenset({V, S}),
    "no-role": frozenset(),
}


def person(w: World, name: str) -> tuple[Actor, str]:
    """The signed-in actor and their password."""
    return {
        "technician": (w.lab.tech, PASSWORD),
        "verifier": (w.lab.verifier, PASSWORD),
        "qa": (w.lab.qa, PASSWORD),
        "surgeon": (w.lab.surgeon, PASSWORD),
        "administrator": (w.lab.admin, ADMIN_PASSWORD),
        "verifier+surgeon": (w.multi, PASSWORD),
        "no-role": (w.nobody, PASSWORD),
    }[name]


# --- one real service call per Action -------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    act: Callable[[World, Actor, str, Any], object]
    prepare: Callable[[World], Any] = lambda w: None


def _assessment(w: World) -> int:
    mrn = w.unique("MRN66")
    patients.register_patient(
        w.db, w.lab.tech, mrn=mrn, family_name="刘", date_of_birth=date(1985, 1, 1), sex="male"
    )
    answers = {
        code: ("no", "history")
        for code in ("I3", "E1", "E2", "E4", "E5", "E6", "E7", "E8", "E9", "E10", "E11")
    }
    answers |= {"E12": ("no", "history"), "E13": ("no", "history")}
    view = patients.assess_eligibility(
        w.db,
        w.lab.tech,
        mrn,
        assessed_at=w.tick(),
        defect_length_cm=2.5,
        defect_cross_section_percent=40,
        bmd_t_score=-1,
        answers=answers,
    )
    return view.assessment_id


def _assessed_deviation(w: World) -> str:
    number = deviations.raise_deviation(
        w.db,
        w.lab.tech,
        din=None,
        title="Incubator alarm",
        description="CO2 low for 20 min",
        occurred_at=w.tick(),
        classification="minor",
    )
    deviations.assess_deviation(
        w.db,
        w.lab.tech,
        number,
        impact_assessment="none: lots were not affected",
        root_cause="sensor drift",
        corrective_action="recalibrated",
        preventive_action="weekly check",
    )
    return number


def _quarantined_material(w: World) -> str:
    return materials.receive_material_lot(
        w.db,
        w.lab.tech,
        name="PBS",
        kind="reagent",
        manufacturer="Gibco",
        catalogue_number="10010",
        lot_number=w.unique("PBS"),
        expiry_date=date(2027, 1, 1),
    ).code


def _witness_for(actor: Actor) -> str:
    return "lwang" if actor.username == "zliu" else "zliu"


CALLS: dict[Action, Call] = {
    Action.VIEW_LOTS: Call(lambda w, a, pw, _: queries.lot_row(w.db, a, w.din("dispatched"))),
    Action.REGISTER_PATIENT: Call(
        lambda w, a, pw, _: patients.register_patient(
            w.db,
            a,
            mrn=w.unique("MRN55"),
            family_name="王",
            date_of_birth=date(1980, 1, 1),
            sex="male",
        )
    ),
    Action.SIGN_ELIGIBILITY: Call(
        lambda w, a, pw, assessment: patients.sign_eligibility(
            w.db, a, assessment, username=a.username, password=pw
        ),
        _assessment,
    ),
    Action.RECORD_CULTURE_STEP: Call(
        lambda w, a, pw, din: lots.record_aspirate(
            w.db,
            a,
            din,
            collection_site="iliac crest",
            volume_ml=15,
            anticoagulant="heparin",
            anticoagulant_lot=None,
            collected_at=w.clock.now(),
            collected_by_name="Dr Zhao",
        ),
        lambda w: lots.start_lot(w.db, w.lab.tech, MRN).din,
    ),
    Action.RECORD_QC_RESULT: Call(
        lambda w, a, pw, _: quality.take_qc_sample(
            w.db, a, w.din("culture"), test_code="viability", stage="P1", taken_at=w.clock.now()
        )
    ),
    Action.VERIFY_STEP: Call(
        lambda w, a, pw, _: sign(
            w.db,
            a,
            record_table="isolation",
            record_id=w.records["culture.isolation"],
            meaning=Meaning.VERIFIED,
            username=a.username,
            password=pw,
        )
    ),
    Action.CORRECT_RECORD: Call(
        lambda w, a, pw, _: corrections.correct_record(
            w.db,
            a,
            "harvest",
            w.harvests["culture"],
            {"notes": f"checked by {a.username}"},
            "second look",
        )
    ),
    Action.RAISE_DEVIATION: Call(
        lambda w, a, pw, _: deviations.raise_deviation(
            w.db,
            a,
            din=None,
            title="Fridge door",
            description="left open",
            occurred_at=w.clock.now(),
            classification="minor",
        )
    ),
    Action.CLOSE_DEVIATION: Call(
        lambda w, a, pw, number: deviations.close_deviation(
            w.db, a, number, username=a.username, password=pw
        ),
        _assessed_deviation,
    ),
    Action.DISCARD: Call(
        lambda w, a, pw, vessel: deviations.discard(
            w.db,
            a,
            w.din("culture"),
            scope="vessel",
            vessel_code=vessel,
            reason="contaminated",
            witness_username=_witness_for(a),
            witness_password=PASSWORD,
        ),
        lambda w: w.vessels["culture"][-1],
    ),
    Action.RECORD_CUSTODY: Call(lambda w, a, pw, _: _handover_as(w, a)),
    Action.RECEIVE_MATERIAL: Call(
        lambda w, a, pw, _: materials.receive_material_lot(
            w.db,
            a,
            name="PBS",
            kind="reagent",
            manufacturer="Gibco",
            catalogue_number="10010",
            lot_number=w.unique("R"),
            expiry_date=date(2027, 1, 1),
        )
    ),
    Action.RELEASE_MATERIAL: Call(
        lambda w, a, pw, code: materials.decide_material_lot(
            w.db, a, code, release=True, reason="CoA checked"
        ),
        _quarantined_material,
    ),
    Action.MANAGE_CATALOGUE: Call(
        lambda w, a, pw, _: materials.register_equipment(
            w.db, a, asset_tag=w.unique("CF-"), name="Centrifuge", kind="centrifuge"
        )
    ),
    Action.MANAGE_SPECIFICATIONS: Call(
        lambda w, a, pw, items: specifications.draft_specification(
            w.db, a, "RELEASE", "Release v2", items, "annual review"
        ),
        lambda w: specifications.specification_in_force(w.db, w.lab.qa, "RELEASE").items,
    ),
    Action.MANAGE_LABEL_TEMPLATES: Call(
        lambda w, a, pw, _: labels.draft_template(w.db, a, "release", "4x2in", reason="new stock")
    ),
    Action.PRINT_PROCESS_LABEL: Call(
        lambda w, a, pw, _: labels.print_labels(
            w.db,
            a,
            w.vessels["culture"][0],
            "vessel",
            copies=1,
            stock="2x1in",
            reprint_reason="access test",
        )
    ),
    Action.PRINT_RELEASE_LABEL: Call(
        lambda w, a, pw, _: labels.print_labels(
            w.db,
            a,
            w.barcode("dispatched"),
            "release",
            copies=1,
            stock="4x2in",
            reprint_reason="access test",
        )
    ),
    Action.PRINT_BATCH_RECORD: Call(
        lambda w, a, pw, _: batch_record.print_batch_record(w.db, a, w.din("dispatched"))
    ),
    Action.RELEASE_LOT: Call(
        lambda w, a, pw, _: release.release_lot(
            w.db, a, w.din("ready"), username=a.username, password=pw
        )
    ),
    Action.REJECT_LOT: Call(
        lambda w, a, pw, _: release.reject_lot(
            w.db, a, w.din("unreleasable"), reason="no QC", username=a.username, password=pw
        )
    ),
    Action.CONFIRM_IMPLANTATION: Call(
        lambda w, a, pw, _: bedside.confirm_match(
            w.db, a, construct_scan=w.barcode("dispatched"), wristband_scan="MRN:" + MRN
        )
    ),
    Action.REVIEW_AUDIT_TRAIL: Call(
        lambda w, a, pw, _: audit.query_audit(w.db, a, AuditQuery(), limit=5)
    ),
    Action.VIEW_FAILED_LOGINS: Call(lambda w, a, pw, _: auth.login_attempts(w.db, a)),
    Action.MANAGE_USERS: Call(
        lambda w, a, pw, _: users.add_user(
            w.db, a, w.unique("hire"), "New Hire", ["technician"], "Temp-Passw0rd!"
        )
    ),
    Action.MANAGE_SITE_SETTINGS: Call(
        lambda w, a, pw, _: site.set_process_rules(
            w.db, a, "yearly review", release_expiry_hours=48
        )
    ),
    Action.BACKUP_DATABASE: Call(
        lambda w, a, pw, target: backup.backup_database(w.db, a, target, station="bench-1"),
        lambda w: w.backup_dir / f"{w.unique('backup')}.labtracker-backup",  # type: ignore[attr-defined]
    ),
}


def _handover_as(w: World, actor: Actor) -> object:
    from labtracker.services import custody

    return custody.record_handover(
        w.db,
        actor,
        w.barcode("dispatched"),
        event="handed_over",
        from_name="Courier Wu",
        to_name="Nurse Sun",
        from_location="Transport box T-3",
        to_location="OR 4",
        temperature_c=7,
        occurred_at=w.clock.now(),
    )


def test_every_action_is_exercised() -> None:
    """A new Action fails here until it is given a service call in CALLS."""
    assert set(CALLS) == set(Action), sorted(set(Action) - set(CALLS))
    assert set(PERMISSIONS) == set(Action)


MATRIX = [(action, name) for action in Action for name in PEOPLE]


@pytest.mark.parametrize(("action", "name"), MATRIX, ids=[f"{a.value}-{n}" for a, n in MATRIX])
def test_role_action_matrix(world: World, tmp_path_factory, action: Action, name: str) -> None:
    if not hasattr(world, "backup_dir"):
        world.backup_dir = tmp_path_factory.mktemp("backups")  # type: ignore[attr-defined]
    call = CALLS[action]
    actor, password = person(world, name)
    allowed = bool(PEOPLE[name] & PERMISSIONS[action])
    world.tick()
    context = call.prepare(world)
    world.tick()
    if allowed:
        call.act(world, actor, password, context)  # must simply succeed
        if action is Action.DISCARD:
            world.vessels["culture"].pop()
        return
    before = world.dump()
    with pytest.raises(PermissionDeniedError) as caught:
        call.act(world, actor, password, context)
    message = str(caught.value)
    assert actor.full_name in message and "only" in message, message
    for role in PERMISSIONS[action]:
        assert role.label in message, (role.label, message)
    for role in set(Role) - PERMISSIONS[action]:
        assert f" {role.label}," not in message and f" {role.label} may" not in message
    nothing_recorded(before, world.dump())


# --- sign-in brute force -------------------------------------------------------------------------


def test_brute_force_locks_the_account_and_every_attempt_is_logged(world: World) -> None:
    username = world.unique("brute")
    _make_user(world.db, world.lab.admin, username, "Bruno Force", Role.TECHNICIAN)
    since = world.tick()
    limit = auth.current_access_policy(world.db).max_failed_attempts
    assert limit == 5  # the shipped default; the loop below follows the policy, not 5
    for attempt in range(1, limit + 1):
        with pytest.raises(auth.AuthenticationError) as caught:
            auth.login(world.db, username, f"Guess-{attempt:04d}!", station="kiosk")
        left = limit - attempt
        if left:
            assert not isinstance(caught.value, auth.AccountLockedError)
            assert f"{left} attempt" in str(caught.value)
        else:
            assert isinstance(caught.value, auth.AccountLockedError)
            assert f"locked after {limit} failed attempts" in str(caught.value)
        world.tick()
    before = world.dump()
    with pytest.raises(auth.AccountLockedError) as caught:
        auth.login(world.db, username, PASSWORD, station="kiosk")
    assert "locked" in str(caught.value) and "administrator must unlock" in str(caught.value)
    after = world.dump()
    attempt_logged(before, after)  # the refused right password is logged too, not counted
    report = [
        a
        for a in auth.login_attempts(world.db, world.lab.qa, since=since)
        if a.username_entered == username
    ]
    assert [a.failure_reason for a in reversed(report)] == (
        ["wrong password"] * (limit - 1) + ["wrong password; locked", "account locked"]
    )
    assert all(a.station == "kiosk" and not a.succeeded for a in report)
    summary = next(u for u in users.list_users(world.db, world.lab.admin) if u.username == username)
    assert summary.is_locked and summary.failed_attempts == limit
    lock_entries = [
        r
        for r in audit.query_audit(
            world.db, world.lab.qa, AuditQuery(username=username, start=since)
        )
        if r.reason and "locked after" in r.reason
    ]
    assert lock_entries, "the lock itself is in the audit trail"
    users.unlock_user(world.db, world.lab.admin, username, "identity checked by phone")
    assert auth.login(world.db, username, PASSWORD).username == username


# --- e-signatures: the password every time, one's own, and a live account ------------------------


@dataclass(frozen=True)
class Signer:
    id: str
    role: Role
    prepare: Callable[[World], Any]
    act: Callable[[World, Actor, str, str, Any], object]  # (world, actor, username, password)
    right_password: type[BaseException] | None = None  # None: the signature is applied
    witness: bool = False  # the signer is a discard's witness, not the actor


def _draft(w: World, code: str) -> int:
    drafts = [
        s
        for s in specifications.list_specifications(w.db, w.lab.qa, code)
        if s.state == "draft" and not s.voided
    ]
    if drafts:
        return drafts[0].spec_id
    spec = specifications.specification_in_force(w.db, w.lab.qa, code)
    return specifications.draft_specification(
        w.db, w.qa2, code, f"{code} v2", spec.items, "annual review"
    ).spec_id


def _template_draft(w: World) -> int:
    drafts = [t for t in labels.list_templates(w.db, w.lab.qa, "vessel") if t.state == "draft"]
    if drafts:
        return drafts[0].template_id
    return labels.draft_template(w.db, w.qa2, "vessel", "2x1in", reason="new ribbon").template_id


def _sample(w: World) -> int:
    code = quality.take_qc_sample(
        w.db, w.lab.tech, w.din("culture"), test_code="mycoplasma", stage="P1", taken_at=w.tick()
    ).code
    return _sample_id(w, code)


SIGNERS = [
    Signer(
        "verify-a-step",
        V,
        _sample,
        lambda w, a, u, p, record: sign(
            w.db,
            a,
            record_table="qc_sample",
            record_id=record,
            meaning=Meaning.VERIFIED,
            username=u,
            password=p,
        ),
    ),
    Signer(
        "release-a-lot",
        Q,
        lambda w: None,
        # A QA person who did no work on the lot (QA "mchen" did: the lot was made for that).
        lambda w, a, u, p, _: release.release_lot(
            w.db, a, w.din("qa_worked"), username=u, password=p
        ),
    ),
    Signer(
        "reject-a-lot",
        Q,
        lambda w: seeded_lot(w),
        lambda w, a, u, p, din: release.reject_lot(
            w.db, a, din, reason="failed", username=u, password=p
        ),
    ),
    Signer(
        "close-a-deviation",
        Q,
        _assessed_deviation,
        lambda w, a, u, p, number: deviations.close_deviation(
            w.db, a, number, username=u, password=p
        ),
    ),
    Signer(
        "sign-eligibility",
        S,
        _assessment,
        lambda w, a, u, p, assessment: patients.sign_eligibility(
            w.db, a, assessment, username=u, password=p
        ),
    ),
    Signer(
        "approve-a-specification",
        Q,
        lambda w: _draft(w, "PHENOTYPE"),
        lambda w, a, u, p, spec: specifications.approve_specification(
            w.db, a, spec, username=u, password=p
        ),
    ),
    Signer(
        "approve-a-label-template",
        Q,
        _template_draft,
        lambda w, a, u, p, template: labels.approve_template(w.db, a, template, u, p),
    ),
    Signer(
        "record-an-implantation",
        S,
        lambda w: None,
        lambda w, a, u, p, _: bedside.record_implantation(
            w.db,
            a,
            construct_scan=w.barcode("dispatched_spare"),
            wristband_scan="MRN:" + MRN,
            implanted_at=w.clock.now(),
            operating_room="OR 4",
            implant_site="left tibia",
            username=u,
            password=p,
        ),
    ),
    Signer(
        "witness-a-discard",
        T,
        lambda w: w.vessels["culture"].pop(),
        lambda w, a, u, p, vessel: deviations.discard(
            w.db,
            w.lab.verifier,
            w.din("culture"),
            scope="vessel",
            vessel_code=vessel,
            reason="contaminated",
            witness_username=u,
            witness_password=p,
        ),
        witness=True,
    ),
]


def _signer(w: World, role: Role, state: str = "active") -> Actor:
    """A signed-in person with one role, made once per module for each role and state: an
    active signer (a success resets its failed attempts), or one whose account was locked
    or deactivated after it signed in (the same refusal whatever it then signs)."""
    cache: dict[tuple[Role, str], Actor] = w.__dict__.setdefault("signers", {})
    if (role, state) not in cache:
        username = w.unique(f"{state[:4]}")
        actor = _make_user(w.db, w.lab.admin, username, f"Signer {username}", role)
        if state == "locked":
            _lock(w, username)
        elif state == "deactivated":
            users.deactivate_user(w.db, w.lab.admin, username, "left the lab")
        cache[(role, state)] = actor
    return cache[(role, state)]


@pytest.mark.parametrize("signer", SIGNERS, ids=[s.id for s in SIGNERS])
def test_every_signature_re_asks_the_signers_own_password(world: World, signer: Signer) -> None:
    """A wrong password is refused, logged and counted; another person's ID and password
    are refused and logged; the signer's own password signs (identity re-entered: the
    re-authentication an idle station needs as well)."""
    actor = _signer(world, signer.role)
    context = signer.prepare(world)
    world.tick()
    before = world.dump()
    with pytest.raises(auth.AuthenticationError) as caught:
        signer.act(world, actor, actor.username, "Not-My-Passw0rd!", context)
    assert "not correct" in str(caught.value) and "attempts left" in str(caught.value)
    failed_attempt_logged(before, world.dump())
    if not signer.witness:
        before = world.dump()
        with pytest.raises(auth.AuthenticationError) as caught:
            signer.act(world, actor, "mchen", PASSWORD, context)  # QA's own, valid, password
        assert "Only the signed-in user" in str(caught.value)
        attempt_logged(before, world.dump())
    # An idle station: however long since sign-in, the signature needs the password now.
    world.tick(minutes=auth.idle_lock_minutes(world.db) + 1)
    if signer.right_password is None:
        signer.act(world, actor, actor.username, PASSWORD, context)
    else:
        with pytest.raises(signer.right_password):
            signer.act(world, actor, actor.username, PASSWORD, context)
    attempts = [
        a
        for a in auth.login_attempts(world.db, world.lab.qa, failed_only=False)
        if a.username_entered in (actor.username, "mchen") and a.purpose == "signature"
    ]
    assert attempts[0].succeeded and attempts[0].username_entered == actor.username


def _lock(w: World, username: str) -> None:
    """Lock the account the way it happens: wrong passwords at another station (with the
    lockout set to one attempt for the moment, to spare four password hashes per test; the
    brute-force test above runs the site's real count)."""
    auth.set_access_policy(w.db, w.lab.admin, "lockout test", max_failed_attempts=1)
    try:
        with pytest.raises(auth.AccountLockedError):
            auth.login(w.db, username, "Wrong-0000!x", station="elsewhere")
    finally:
        auth.set_access_policy(w.db, w.lab.admin, "lockout test over", max_failed_attempts=5)


@pytest.mark.parametrize("state", ["locked", "deactivated"])
@pytest.mark.parametrize("signer", SIGNERS, ids=[s.id for s in SIGNERS])
def test_a_locked_or_deactivated_account_cannot_sign(
    world: World, signer: Signer, state: str
) -> None:
    """The account is locked (wrong passwords at another station) or deactivated by an
    administrator after its owner signed in here: with the right password, nothing is
    signed. A session of that account is refused before any password is asked (nothing
    logged); a witness's locked or deactivated account is refused at the password check,
    which is logged."""
    actor = _signer(world, signer.role, state)
    context = signer.prepare(world)
    world.tick()
    before = world.dump()
    if signer.witness:
        with pytest.raises(auth.AuthenticationError) as caught:
            signer.act(world, actor, actor.username, PASSWORD, context)
        assert state in str(caught.value)
        attempt_logged(before, world.dump())
        if context is not None:
            world.vessels["culture"].append(context)  # not discarded: use it again
        return
    with pytest.raises(InactiveAccountError) as caught:
        signer.act(world, actor, actor.username, PASSWORD, context)
    assert state in str(caught.value) and actor.username in str(caught.value)
    nothing_recorded(before, world.dump())


def test_no_service_signs_without_asking_for_a_password() -> None:
    """Structural: every public service that applies an e-signature or checks credentials
    takes the password to check, so no code path signs on the strength of a session (an
    idle-locked station included)."""
    import importlib

    missing = []
    for module_info in pkgutil.iter_modules(services_package.__path__):
        module = importlib.import_module(f"labtracker.services.{module_info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ != module.__name__ or name.startswith("_"):
                continue
            parameters = inspect.signature(function).parameters
            if "session" in parameters or "db" not in parameters:
                continue  # building blocks inside a caller's transaction; not user actions
            source = inspect.getsource(function)
            helpers = _private_calls(module, source)
            if any(
                marker in text
                for text in (source, *helpers)
                for marker in ("add_signature(", "sign(db", "_sign_decision(")
            ) and not any("password" in p for p in parameters):
                missing.append(f"{module.__name__}.{name}")
    assert not missing, missing


def _private_calls(module: object, source: str) -> list[str]:
    found = []
    for name, function in inspect.getmembers(module, inspect.isfunction):
        if name.startswith("_") and f"{name}(" in source:
            with contextlib.suppress(OSError, TypeError):
                found.append(inspect.getsource(function))
    return found
