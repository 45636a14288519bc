"""Electronic signatures (21 CFR 11.50, 11.70, 11.200): the signer proves who they are with
user ID and password at the moment of signing; the signature records printed name, time and
meaning, and binds to a hash of the exact record signed."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from labtracker.clock import get_clock
from labtracker.db.audit import audit_text, content_hash
from labtracker.db.models import Base, ESignature, UserAccount
from labtracker.domain.errors import InvalidValueError, LabtrackerError
from labtracker.domain.permissions import Action
from labtracker.services.auth import confirm_identity
from labtracker.services.context import Actor, Database, authorise


class Meaning(StrEnum):
    PERFORMED = "performed"
    VERIFIED = "verified"
    REVIEWED = "reviewed"
    APPROVED_FOR_RELEASE = "approved_for_release"
    REJECTED = "rejected"
    IMPLANTED = "implanted"
    APPROVED = "approved"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


# What a signer must be allowed to do to sign with each meaning.
MEANING_ACTIONS: dict[Meaning, Action] = {
    Meaning.PERFORMED: Action.RECORD_CULTURE_STEP,
    Meaning.VERIFIED: Action.VERIFY_STEP,
    Meaning.REVIEWED: Action.REVIEW_AUDIT_TRAIL,
    Meaning.APPROVED_FOR_RELEASE: Action.RELEASE_LOT,
    Meaning.REJECTED: Action.REJECT_LOT,
    Meaning.IMPLANTED: Action.CONFIRM_IMPLANTATION,
    Meaning.APPROVED: Action.MANAGE_SPECIFICATIONS,
}
CHECKER_MEANINGS = frozenset(
    {Meaning.VERIFIED, Meaning.REVIEWED, Meaning.APPROVED_FOR_RELEASE, Meaning.REJECTED}
)


# The records a person signs: the steps of the batch record and the quality decisions.
SIGNABLE_TABLES = frozenset(
    {
        "eligibility_assessment",
        "aspirate_collection",
        "aspirate_receipt",
        "isolation",
        "cell_count",
        "vessel",
        "harvest",
        "immunophenotype",
        "osteogenic_induction",
        "scaffold_seeding",
        "qc_sample",
        "qc_result",
        "material_lot",
        "scaffold_lot",
        "specification",
        "specification_item",
        "label_template",
        "deviation",
        "discard",
        "release_decision",
        "custody_event",
        "implantation",
    }
)


class SignatureRefusedError(LabtrackerError):
    pass


@dataclass(frozen=True)
class SignatureView:
    """A signature as shown with its record."""

    signature_id: int
    printed_name: str
    username: str
    signed_at: datetime
    meaning: Meaning
    record_table: str
    record_id: int
    superseded_at: datetime | None
    superseded_reason: str | None
    content_matches: bool  # the record still holds exactly what was signed

    @property
    def is_valid(self) -> bool:
        return self.superseded_at is None and self.content_matches

    @property
    def manifestation(self) -> str:
        """The line printed with the record: name, date/time and meaning."""
        text = (
            f"{self.meaning.label.capitalize()} by {self.printed_name} ({self.username}), "
            f"{self.signed_at:%Y-%m-%d %H:%M} UTC"
        )
        if self.superseded_at is not None:
            text += f" — SUPERSEDED {self.superseded_at:%Y-%m-%d %H:%M}: {self.superseded_reason}"
        elif not self.content_matches:
            text += " — INVALID: the record no longer matches what was signed"
        return text


# What a signature's own hash seals: who, as printed, when, meaning what, on which record in
# which state (its content hash).
SIGNED_FIELDS = (
    "signer_id",
    "printed_name",
    "signed_at",
    "meaning",
    "record_table",
    "record_id",
    "content_hash",
)


def signature_hash(values: dict[str, object]) -> str:
    payload = [audit_text(values[k]) for k in SIGNED_FIELDS]
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode("utf-8")).hexdigest()


def _model(table: str) -> Any:
    mapper = next((m for m in Base.registry.mappers if m.local_table.name == table), None)
    if mapper is None:
        raise InvalidValueError("Record", table, "a table of the batch record")
    return mapper.class_


def _record(session: Session, table: str, record_id: int) -> object:
    record = session.get(_model(table), record_id)
    if record is None:
        raise InvalidValueError("Record", f"{table} {record_id}", "an existing record")
    return record


def _records(session: Session, keys: Iterable[tuple[str, int]]) -> dict[tuple[str, int], object]:
    """The signed records, by (table, id): one query per table, however many records."""
    ids: dict[str, set[int]] = {}
    for table, record_id in keys:
        ids.setdefault(table, set()).add(record_id)
    found: dict[tuple[str, int], object] = {}
    for table, record_ids in ids.items():
        model = _model(table)
        for record in session.scalars(select(model).where(model.id.in_(record_ids))):
            found[(table, record.id)] = record
    for table, record_ids in ids.items():
        for record_id in record_ids:
            if (table, record_id) not in found:
                raise InvalidValueError("Record", f"{table} {record_id}", "an existing record")
    return found


def makers(session: Session, record: object) -> set[int]:
    """Who did the work on a record: who entered it and who signed it as performed."""
    table = record.__table__.name  # type: ignore[attr-defined]
    people = {getattr(record, "recorded_by_id", None), getattr(record, "performed_by_id", None)}
    people |= set(
        session.scalars(
            select(ESignature.signer_id).where(
                ESignature.record_table == table,
                ESignature.record_id == record.id,  # type: ignore[attr-defined]
                ESignature.meaning == Meaning.PERFORMED.value,
                ESignature.superseded_at.is_(None),
            )
        )
    )
    return {p for p in people if p is not None}


def sign(
    db: Database,
    actor: Actor,
    *,
    record_table: str,
    record_id: int,
    meaning: Meaning,
    username: str,
    password: str,
    action: Action | None = None,
) -> SignatureView:
    """Sign a record. Re-asks user ID and password; a checker may not be the maker.

    ``action`` is the permission the signature needs when it is not the meaning's usual one
    (e.g. an investigator approving an eligibility assessment).
    """
    meaning = Meaning(meaning)
    if record_table not in SIGNABLE_TABLES:
        raise InvalidValueError("Record", record_table, "a step of the batch record")
    needed = action or MEANING_ACTIONS[meaning]
    with db.reading() as session:  # no password prompt, no lockout count, without the right
        authorise(session, actor, needed)
    confirm_identity(db, actor, username, password, purpose="signature")
    with db.writing(actor, f"signed as {meaning.label}") as session:
        authorise(session, actor, needed)
        record = _record(session, record_table, record_id)
        signature = add_signature(session, actor, record, meaning)
        return _view(session, signature, record, actor.username)


def add_signature(
    session: Session, actor: Actor, record: object, meaning: Meaning, *, maker_check: bool = True
) -> ESignature:
    """Sign ``record`` inside the caller's transaction, after the caller has confirmed the
    signer's identity (`confirm_identity`) and permission.

    The record is flushed and re-read first, so the hash covers exactly what the database
    holds (an int typed into a float column hashes as the float it becomes). ``maker_check``
    is off only for a decision record that its signer necessarily entered (release, reject),
    where the caller applies maker ≠ checker to the lot's work instead.
    """
    meaning = Meaning(meaning)
    session.flush()
    session.refresh(record)
    table = record.__table__.name  # type: ignore[attr-defined]
    record_id = record.id  # type: ignore[attr-defined]
    if getattr(record, "voided_at", None) is not None:
        raise SignatureRefusedError("This record was voided; it cannot be signed.")
    if maker_check and meaning in CHECKER_MEANINGS and actor.user_id in makers(session, record):
        raise SignatureRefusedError(
            f"{actor.full_name} performed or entered this step and cannot also sign it as "
            f"{meaning.label}: a second person must check it."
        )
    existing = session.scalar(
        select(ESignature).where(
            ESignature.record_table == table,
            ESignature.record_id == record_id,
            ESignature.signer_id == actor.user_id,
            ESignature.meaning == meaning.value,
            ESignature.superseded_at.is_(None),
        )
    )
    if existing is not None:
        raise SignatureRefusedError(f"You have already signed this record as {meaning.label}.")
    values: dict[str, object] = {
        "signer_id": actor.user_id,
        "printed_name": actor.full_name,
        "signed_at": get_clock().now(),
        "meaning": meaning.value,
        "record_table": table,
        "record_id": record_id,
        "content_hash": content_hash(record),
    }
    signature = ESignature(**values, lot_id=_lot_of(record), signature_hash=signature_hash(values))
    session.add(signature)
    session.flush()
    return signature


def _lot_of(record: object) -> int | None:
    if record.__table__.name == "lot":  # type: ignore[attr-defined]
        return record.id  # type: ignore[attr-defined]
    return getattr(record, "lot_id", None)


def _view(session: Session, signature: ESignature, record: object, username: str) -> SignatureView:
    matches = signature.content_hash == content_hash(
        record
    ) and signature.signature_hash == signature_hash(
        {k: getattr(signature, k) for k in SIGNED_FIELDS}
    )
    return SignatureView(
        signature.id,
        signature.printed_name,
        username,
        signature.signed_at,
        Meaning(signature.meaning),
        signature.record_table,
        signature.record_id,
        signature.superseded_at,
        signature.superseded_reason,
        matches,
    )


def signatures_for(db: Database, record_table: str, record_id: int) -> list[SignatureView]:
    """Every signature on a record, superseded ones included, oldest first."""
    with db.reading() as session:
        return signatures_on(session, _record(session, record_table, record_id))


def signatures_on(session: Session, record: object) -> list[SignatureView]:
    """`signatures_for` inside the caller's transaction, for a record already loaded."""
    rows = session.execute(
        select(ESignature, UserAccount.username)
        .join(UserAccount, UserAccount.id == ESignature.signer_id)
        .where(
            ESignature.record_table == record.__table__.name,  # type: ignore[attr-defined]
            ESignature.record_id == record.id,  # type: ignore[attr-defined]
        )
        .order_by(ESignature.signed_at, ESignature.id)
    ).all()
    return [_view(session, sig, record, username) for sig, username in rows]


def lot_signatures(db: Database, actor: Actor, din: str) -> list[SignatureView]:
    """Every signature on the records of one lot (its steps, results, decisions), superseded
    ones included, oldest first: what the lot page shows beside each step."""
    from labtracker.services.records import lot_by_din

    with db.reading() as session:
        authorise(session, actor, Action.VIEW_LOTS)
        lot = lot_by_din(session, din)
        rows = session.execute(
            select(ESignature, UserAccount.username)
            .join(UserAccount, UserAccount.id == ESignature.signer_id)
            .where(ESignature.lot_id == lot.id)
            .order_by(ESignature.signed_at, ESignature.id)
        ).all()
        records = _records(session, ((sig.record_table, sig.record_id) for sig, _ in rows))
        return [
            _view(session, sig, records[(sig.record_table, sig.record_id)], username)
            for sig, username in rows
        ]
