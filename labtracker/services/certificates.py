"""The certificate of analysis of a released construct: what was tested, against which
specification version, what was found, and who released it.

The results are the release check's (labtracker.services.release), read as at the QA release:
the release specification in force then decides which tests the certificate lists, and each
result shows the specification version it was judged against. The certificate is issued only
for a lot QA released (released, dispatched or implanted) whose record still meets the
specification and whose release signature still holds; otherwise it is refused with every
reason, because a certificate that says "conforms" must never be printed for a record that no
longer does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from labtracker.db.models import ProductCode, ReleaseDecision, Specification
from labtracker.domain.errors import LabtrackerError
from labtracker.domain.identifiers import Din, parse_din
from labtracker.domain.lot_states import LotStatus
from labtracker.domain.permissions import Action
from labtracker.domain.specifications import Outcome
from labtracker.services.context import Actor, Database, authorise
from labtracker.services.patients import patient_view
from labtracker.services.records import lot_by_din
from labtracker.services.release import lot_release_check
from labtracker.services.signatures import Meaning, signatures_on
from labtracker.services.site import the_site
from labtracker.services.specifications import spec_label

__all__ = [
    "CERTIFIED_STATUSES",
    "CertificateRefusedError",
    "CoaData",
    "CoaTest",
    "certificate_of_analysis",
]

CERTIFIED_STATUSES = (LotStatus.RELEASED, LotStatus.DISPATCHED, LotStatus.IMPLANTED)
PHENOTYPE_TEST = "Identity and purity (ISCT markers)"


class CertificateRefusedError(LabtrackerError):
    """No certificate of analysis can be issued for this lot now; the message says why."""


@dataclass(frozen=True)
class CoaTest:
    """One line of the certificate's results table."""

    test: str  # "Endotoxin"
    specification: str  # the version the result was judged against: "RELEASE v1"
    limit: str  # "< 0.5 EU/mL", '"no growth"'
    result: str  # "0.1", "No growth"
    unit: str  # "EU/mL"; "" for a text result
    verdict: str  # "pass"
    method: str  # "LAL kinetic chromogenic"
    laboratory: str  # "Hospital micro lab"
    tested_on: date | None  # local date of the test (or analysis)
    sample: str  # the QC sample's code; "" for a panel


@dataclass(frozen=True)
class CoaData:
    """Everything the certificate prints; times are the site's local time."""

    din: Din
    site_name: str
    facility_code: str
    site_address: str
    timezone: str  # "Asia/Shanghai"
    product_code: str
    product: str
    storage: str
    patient_name: str  # as written, with the romanised form: "张伟 (Zhang Wei)"
    mrn: str
    date_of_birth: date
    trial_subject: str | None
    status: str  # "Released", "Dispatched", "Implanted"
    specification: str  # the release specification of the decision: "RELEASE v1"
    tests: tuple[CoaTest, ...]
    released_by: str  # QA's printed name
    released_at: datetime
    release_signature: str  # "Approved for release by Mei Chen (mchen), 2026-03-27 02:10 UTC"
    expires_at: datetime
    scaffold: str  # "Demineralized bone matrix lot DBM2601 (SC000001)"


def certificate_of_analysis(db: Database, actor: Actor, din: str) -> CoaData:
    """The certificate of analysis of a lot released by QA (Action PRINT_BATCH_RECORD).

    Refused for a lot not released (or rejected, discarded, voided), without a valid release
    signature, or whose results no longer all pass their specification."""
    with db.reading() as session:
        authorise(session, actor, Action.PRINT_BATCH_RECORD)
        lot = lot_by_din(session, din)
        if lot.voided_at is not None:
            raise CertificateRefusedError(
                f"Lot {lot.din} was voided (entered in error); it has no certificate."
            )
        if lot.status not in CERTIFIED_STATUSES:
            raise CertificateRefusedError(
                f"Lot {lot.din} is {lot.status.label.lower()}: a certificate of analysis is "
                "issued only for a lot released by QA (released, dispatched or implanted)."
            )
        decision = session.scalar(
            select(ReleaseDecision)
            .where(
                ReleaseDecision.lot_id == lot.id,
                ReleaseDecision.decision == "released",
                ReleaseDecision.voided_at.is_(None),
            )
            .order_by(ReleaseDecision.decided_at.desc(), ReleaseDecision.id.desc())
            .limit(1)
        )
        if decision is None or decision.expires_at is None:
            raise CertificateRefusedError(
                f"Lot {lot.din} has no QA release decision with an expiry on record; no "
                "certificate of analysis is issued."
            )
        signed = [
            s for s in signatures_on(session, decision) if s.meaning is Meaning.APPROVED_FOR_RELEASE
        ]
        signature = signed[-1] if signed else None
        if signature is None or not signature.is_valid:
            shown = signature.manifestation if signature else "no signature"
            raise CertificateRefusedError(
                f"The QA release of lot {lot.din} has no valid e-signature ({shown}); no "
                "certificate of analysis is issued."
            )
        tz = ZoneInfo(the_site(session).timezone)
        # The release check as QA saw it: the specification in force at the decision.
        check = lot_release_check(session, lot, decision.decided_at)
        tests = [
            CoaTest(
                r.test,
                r.specification,
                r.limit,
                r.value or r.result,
                r.unit,
                r.verdict,
                r.method,
                r.laboratory,
                r.tested_at.astimezone(tz).date() if r.tested_at else None,
                r.sample,
            )
            for r in check.results
        ]
        for panel in check.phenotypes:
            failed = panel.outcome is not Outcome.PASS
            tests.append(
                CoaTest(
                    PHENOTYPE_TEST,
                    panel.specification,
                    "each marker within its limit",
                    "; ".join(panel.failures) if failed else "all markers within limits",
                    "",
                    "FAIL" if panel.outcome is Outcome.FAIL else panel.outcome.value,
                    "flow cytometry",
                    "",
                    panel.analysed_on,
                    "",
                )
            )
        if not check.phenotypes:
            tests.append(CoaTest(PHENOTYPE_TEST, "", "", "—", "", "no result", "", "", None, ""))
        problems = [f"{t.test}: {t.verdict}" for t in tests if t.verdict != "pass"]
        if problems:
            raise CertificateRefusedError(
                f"Lot {lot.din}'s record no longer meets its specification, so no certificate "
                "of analysis is issued:\n"
                + "\n".join(f"• {p}" for p in problems)
                + "\nRaise a deviation for QA to investigate."
            )
        spec = session.get(Specification, decision.specification_id)
        product = session.get(ProductCode, lot.product_code_id) if lot.product_code_id else None
        seedings = sorted(
            (s for s in lot.scaffold_seedings if s.voided_at is None),
            key=lambda s: (s.seeded_at, s.id),
        )
        scaffold_lot = seedings[-1].scaffold_lot if seedings else None
        scaffold = (
            f"{scaffold_lot.product.name} lot {scaffold_lot.manufacturer_lot} ({scaffold_lot.code})"
            if scaffold_lot is not None
            else "—"
        )
        site = the_site(session)
        patient = patient_view(lot.patient)
        return CoaData(
            din=parse_din(lot.din),
            site_name=site.name,
            facility_code=site.facility_code,
            site_address=site.address,
            timezone=site.timezone,
            product_code=product.code if product else "—",
            product=product.description if product else "—",
            storage=(product.storage_temperature if product else "") or "see product information",
            patient_name=patient.display_name,
            mrn=patient.mrn,
            date_of_birth=patient.date_of_birth,
            trial_subject=patient.trial_subject_number,
            status=lot.status.label,
            specification=spec_label(spec) if spec else check.spec_version or "—",
            tests=tuple(tests),
            released_by=signature.printed_name,
            released_at=decision.decided_at.astimezone(tz),
            release_signature=signature.manifestation,
            expires_at=decision.expires_at.astimezone(tz),
            scaffold=scaffold,
        )


def certificate_pdf(db: Database, actor: Actor, din: str) -> bytes:
    """The certificate of analysis as a PDF, generated now in the actor's name (as
    `certificate_of_analysis` refuses: QA only, released lots whose results still pass)."""
    from labtracker.clock import get_clock
    from labtracker.reports.coa import render_coa

    data = certificate_of_analysis(db, actor, din)
    return render_coa(
        data, generated_by=f"{actor.full_name} ({actor.username})", generated_at=get_clock().now()
    )
