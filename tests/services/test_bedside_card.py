"""The bedside match card's read: the construct's product, its own patient, QA's release and
the expiry, as the surgeon sees them once the check has passed."""

from __future__ import annotations

from datetime import date, timedelta

from labtracker.domain.identifiers import din_check_character
from labtracker.services import bedside, release
from tests.services.conftest import PASSWORD
from tests.services.test_custody import released_lot
from tests.services.test_release import ready_lot


def test_card_of_a_released_construct_names_its_patient_product_and_qa(lab, clock):
    din = ready_lot(lab, clock)
    released = release.release_lot(lab.db, lab.qa, din, username="mchen", password=PASSWORD)
    card = bedside.construct_card(lab.db, lab.surgeon, din)
    assert card.din == din
    assert card.din_display.replace(" ", "") == din
    assert card.check_character == din_check_character(din)
    assert card.patient_name == "张伟 (Zhang Wei)" and card.mrn == "MRN0012345"
    assert card.date_of_birth == date(1985, 5, 17)
    assert card.product  # the site's product code description
    assert card.released_by == lab.qa.full_name
    assert card.released_at is not None and card.expires_at == released.expires_at
    assert card.status_label == "Released by QA"


def test_card_before_release_has_no_release(lab, clock):
    din = released_lot(lab, expires_in=timedelta(hours=5))  # set-up lot: no QA decision
    card = bedside.construct_card(lab.db, lab.surgeon, din)
    assert (card.released_by, card.released_at) == (None, None)
    assert card.expires_at == clock.now() + timedelta(hours=5)
