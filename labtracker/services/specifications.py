"""Versioned specifications: the release criteria and the immunophenotype panel.

Each code (RELEASE, PHENOTYPE) has numbered versions. A site starts with the shipped defaults
(version 1, approved at set-up, in force for any sample). QA drafts a new version with a
reason; a second QA person approves it with an e-signature; on approval it comes into force
from that moment and the version it replaces is retired. A result is judged against the
version in force when its sample was taken (`spec_in_force`), and says which.

An approval signs the specification and each of its items, so a criterion changed after
approval (a correction, a void) shows as altered and is no longer used to judge anything: QA
approves a new version instead. Retiring a version changes its state and, by the audit trail's
rule, supersedes the signature on the specification row itself; the items, which hold the
criteria, are never touched and keep theirs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from labtracker.clock import get_clock
from labtracker.db.audit import content_hash
from labtracker.db.models import ESignature, Specification, SpecificationItem
from labtracker.domain.errors import InvalidValueError, LabtrackerError
from labtracker.domain.permissions import Action
from labtracker.domain.specifications import (
    DEFAULT_PHENOTYPE_SPEC,
    DEFAULT_RELEASE_SPEC,
    Comparator,
    SpecItem,
)
from labtracker.services.auth import confirm_identity
from labtracker.services.context import Actor, Database, authorise
from labtracker.services.records import next_draft_version, require_text, stamp, user_name
from labtracker.services.signatures import (
    SIGNED_FIELDS,
    Meaning,
    add_signature,
    signature_hash,
)

RELEASE = "RELEASE"
PHENOTYPE = "PHENOTYPE"
SPECIFICATIONS: dict[str, tuple[str, tuple[SpecItem, ...]]] = {
    RELEASE: ("Release testing of the construct", DEFAULT_RELEASE_SPEC),
    PHENOTYPE: ("Identity and purity: ISCT immunophenotype", DEFAULT_PHENOTYPE_SPEC),
}
# The shipped defaults apply to any sample, including one taken before labtracker was set up.
SHIPPED_EFFECTIVE_FROM = datetime(2000, 1, 1, tzinfo=UTC)
SHIPPED_REASON = "shipped default (domain reference: ISCT 2006 criteria, release testing)"
IN_FORCE_STATES = ("approved", "retired")


class SpecificationRefusedError(LabtrackerError):
    """A specification cannot be drafted, approved or used as asked."""


@dataclass(frozen=True)
class SpecificationView:
    spec_id: int
    code: str
    version: int
    title: str
    state: str  # draft, approved, retired
    effective_from: datetime | None
    superseded_from: datetime | None  # when the next version came into force
    drafted_by: str
    approved_by: str | None  # None for a shipped default and for a draft
    approved_at: datetime | None
    change_reason: str
    items: tuple[SpecItem, ...]
    criteria_intact: bool  # no criterion changed since approval
    voided: bool

    @property
    def label(self) -> str:
        return f"{self.code} v{self.version}"


def spec_label(spec: Specification) -> str:
    return f"{spec.code} v{spec.version_number}"


def spec_item(row: SpecificationItem) -> SpecItem:
    """A stored criterion as the domain judges it."""
    return SpecItem(
        row.test_code,
        row.label,
        Comparator(row.comparator),
        row.limit_value,
        row.required_text,
        row.unit,
        row.method,
    )


def _code(code: str) -> str:
    cleaned = "".join(str(code).split()).upper()
    if cleaned not in SPECIFICATIONS:
        raise InvalidValueError("Specification", code, "one of " + ", ".join(SPECIFICATIONS))
    return cleaned


def _item_rows(
    spec: Specification, items: Sequence[SpecItem], actor: Actor
) -> list[SpecificationItem]:
    return [
        SpecificationItem(
            specification_id=spec.id,
            position=position,
            test_code=item.test_code,
            label=item.label,
            comparator=item.comparator.value,
            limit_value=item.limit_value,
            required_text=item.required_text,
            unit=item.unit,
            method=item.method,
            **stamp(actor),
        )
        for position, item in enumerate(items, start=1)
    ]


def seed_default_specifications(session: Session, actor: Actor) -> None:
    """RELEASE v1 and PHENOTYPE v1 as shipped, approved, for a new site (idempotent).

    Part of site set-up, inside the caller's transaction. A shipped default carries no
    approver: no one signed it here; the site's QA reviews it and approves its own version.
    """
    now = get_clock().now()
    for code, (title, items) in SPECIFICATIONS.items():
        if session.scalar(select(Specification.id).where(Specification.code == code).limit(1)):
            continue
        spec = Specification(
            code=code,
            version_number=1,
            title=title,
            state="approved",
            effective_from=SHIPPED_EFFECTIVE_FROM,
            approved_at=now,
            approved_by_id=None,
            change_reason=SHIPPED_REASON,
            **stamp(actor),
        )
        session.add(spec)
        session.flush()
        session.add_all(_item_rows(spec, items, actor))
    session.flush()


def _validate_items(code: str, items: Sequence[SpecItem]) -> tuple[SpecItem, ...]:
    items = tuple(items)
    if not items:
        raise InvalidValueError("Items", "none", "at least one criterion")
    seen: set[str] = set()
    for item in items:
        if not isinstance(item, SpecItem):
            raise InvalidValueError("Item", item, "a SpecItem")
        key = item.test_code.casefold()
        if key in seen:
            raise InvalidValueError("Test code", item.test_code, "listed only once")
        seen.add(key)
        if code == PHENOTYPE and (item.is_text or item.comparator is Comparator.EQUAL):
            raise InvalidValueError(
                f"{item.label}: comparator", item.comparator.value, ">=, >, <= or < for a marker"
            )
        if code == PHENOTYPE and item.unit != "%":
            raise InvalidValueError(f"{item.label}: unit", item.unit, "% (percent positive)")
    return items


def draft_specification(
    db: Database,
    actor: Actor,
    code: str,
    title: str,
    items: Sequence[SpecItem],
    change_reason: str,
) -> SpecificationView:
    """A new version (number = highest + 1), a draft until a second QA person approves it."""
    code = _code(code)
    title = require_text("Title", title)
    change_reason = require_text("Reason for the change", change_reason, max_length=2000)
    items = _validate_items(code, items)
    with db.writing(actor, change_reason) as session:
        authorise(session, actor, Action.MANAGE_SPECIFICATIONS)
        version = next_draft_version(
            session, Specification, code, error=SpecificationRefusedError, describe=spec_label
        )
        spec = Specification(
            code=code,
            version_number=version,
            title=title,
            state="draft",
            effective_from=None,
            change_reason=change_reason,
            **stamp(actor),
        )
        session.add(spec)
        session.flush()
        session.add_all(_item_rows(spec, items, actor))
        session.flush()
        return _view(session, spec)


def approve_specification(
    db: Database, actor: Actor, spec_id: int, *, username: str, password: str
) -> SpecificationView:
    """Approve a draft with an e-signature; it is in force from now, its predecessor retired.

    The approver must not be the person who drafted it.
    """
    with db.reading() as session:  # no password prompt, no lockout count, without the right
        authorise(session, actor, Action.MANAGE_SPECIFICATIONS)
    confirm_identity(db, actor, username, password, purpose="signature")
    with db.writing(actor, "specification approved") as session:
        authorise(session, actor, Action.MANAGE_SPECIFICATIONS)
        spec = session.get(Specification, spec_id)
        if spec is None:
            raise InvalidValueError("Specification", spec_id, "an existing specification")
        if spec.voided_at is not None:
            raise SpecificationRefusedError(
                f"{spec_label(spec)} was voided; it cannot be approved."
            )
        if spec.state != "draft":
            raise SpecificationRefusedError(
                f"{spec_label(spec)} is {spec.state}; only a draft can be approved."
            )
        if spec.recorded_by_id == actor.user_id:
            raise SpecificationRefusedError(
                f"{actor.full_name} drafted {spec_label(spec)} and cannot also approve it: a "
                "second QA person must approve it."
            )
        now = get_clock().now()
        for previous in session.scalars(
            select(Specification).where(
                Specification.code == spec.code,
                Specification.state == "approved",
                Specification.id != spec.id,
            )
        ):
            previous.state = "retired"
        spec.state = "approved"
        spec.approved_at = now
        spec.approved_by_id = actor.user_id
        spec.effective_from = now
        add_signature(session, actor, spec, Meaning.APPROVED)
        for item in spec.items:
            add_signature(session, actor, item, Meaning.APPROVED)
        return _view(session, spec)


def spec_in_force(session: Session, code: str, at: datetime) -> Specification | None:
    """The approved version of ``code`` in force at ``at``: the latest to come into force at
    or before that moment (a later approval does not reach back)."""
    return session.scalar(
        select(Specification)
        .where(
            Specification.code == _code(code),
            Specification.state.in_(IN_FORCE_STATES),
            Specification.voided_at.is_(None),
            Specification.effective_from.is_not(None),
            Specification.effective_from <= at,
        )
        .order_by(Specification.effective_from.desc(), Specification.version_number.desc())
        .limit(1)
    )


def criteria_intact(session: Session, spec: Specification) -> bool:
    """No criterion of an approved version changed since it was approved.

    A shipped default still holds exactly the shipped items; an approved version's every item
    still carries a valid approval signature (a correction or void supersedes it).
    """
    if spec.state not in IN_FORCE_STATES:
        return False
    if spec.approved_by_id is None:
        shipped = SPECIFICATIONS[spec.code][1]
        try:
            current = tuple(spec_item(row) for row in spec.items if row.voided_at is None)
        except InvalidValueError:
            return False
        return current == shipped and all(row.voided_at is None for row in spec.items)
    for row in spec.items:
        signatures = session.scalars(
            select(ESignature).where(
                ESignature.record_table == "specification_item",
                ESignature.record_id == row.id,
                ESignature.meaning == Meaning.APPROVED.value,
                ESignature.superseded_at.is_(None),
            )
        ).all()
        if not any(_holds(sig, row) for sig in signatures):
            return False
    return bool(spec.items)


def _holds(signature: ESignature, record: object) -> bool:
    values = {k: getattr(signature, k) for k in SIGNED_FIELDS}
    return signature.content_hash == content_hash(record) and (
        signature.signature_hash == signature_hash(values)
    )


def require_spec_in_force(session: Session, code: str, at: datetime) -> Specification:
    """The version in force at ``at``, refusing clearly when there is none or it was altered."""
    spec = spec_in_force(session, code, at)
    if spec is None:
        raise SpecificationRefusedError(
            f"No approved {_code(code)} specification was in force at {at:%Y-%m-%d %H:%M} UTC; "
            "QA must approve one first."
        )
    if not criteria_intact(session, spec):
        raise SpecificationRefusedError(
            f"Specification {spec_label(spec)} was changed after its approval; it cannot be used "
            "to judge results. QA must approve a new version."
        )
    return spec


def _view(session: Session, spec: Specification) -> SpecificationView:
    later = None
    if spec.effective_from is not None and spec.state in IN_FORCE_STATES:
        later = session.scalar(
            select(func.min(Specification.effective_from)).where(
                Specification.code == spec.code,
                Specification.state.in_(IN_FORCE_STATES),
                Specification.voided_at.is_(None),
                Specification.effective_from > spec.effective_from,
            )
        )
    return SpecificationView(
        spec.id,
        spec.code,
        spec.version_number,
        spec.title,
        spec.state,
        spec.effective_from,
        later,
        user_name(session, spec.recorded_by_id) or "",
        user_name(session, spec.approved_by_id),
        spec.approved_at,
        spec.change_reason,
        tuple(spec_item(row) for row in spec.items if row.voided_at is None),
        spec.state in IN_FORCE_STATES and criteria_intact(session, spec),
        spec.voided_at is not None,
    )


def list_specifications(
    db: Database, actor: Actor, code: str | None = None
) -> list[SpecificationView]:
    """Every version, newest first within each code (drafts, retired and voided included)."""
    with db.reading() as session:
        authorise(session, actor, Action.VIEW_LOTS)
        query = select(Specification).order_by(
            Specification.code, Specification.version_number.desc()
        )
        if code is not None:
            query = query.where(Specification.code == _code(code))
        return [_view(session, spec) for spec in session.scalars(query)]


def specification_in_force(
    db: Database, actor: Actor, code: str, at: datetime | None = None
) -> SpecificationView | None:
    """The version in force now (or at ``at``), for display."""
    with db.reading() as session:
        authorise(session, actor, Action.VIEW_LOTS)
        spec = spec_in_force(session, code, at or get_clock().now())
        return _view(session, spec) if spec else None
