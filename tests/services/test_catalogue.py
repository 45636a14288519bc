"""The vessel catalogue: QA keeps it, every change has a reason in the audit trail, a kind is
retired rather than deleted, and a change never rewrites a vessel already seeded."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from labtracker.db.models import Vessel
from labtracker.domain.errors import InvalidValueError
from labtracker.domain.permissions import PermissionDeniedError
from labtracker.services import catalogue, culture
from labtracker.services.audit import AuditQuery, query_audit
from labtracker.services.culture import VesselSeeding
from tests.services.test_culture import lot_in_culture


def codes(lab) -> list[str]:
    return [t.code for t in catalogue.list_vessel_types(lab.db, lab.tech)]


def test_everyone_reads_the_shipped_catalogue_smallest_first(lab):
    for actor in (lab.tech, lab.qa, lab.surgeon, lab.admin):
        entries = catalogue.list_vessel_types(lab.db, actor)
        assert [e.code for e in entries] == ["T25", "6WELL", "T75", "T175", "CF1", "CF2"]
    six = next(e for e in entries if e.code == "6WELL")
    assert (six.growth_area_cm2, six.wells_or_layers, six.area_per_unit_cm2) == (57.0, 6, 9.5)
    assert six.in_use and six.vessels_seeded == 0 and six.max_cells_per_cm2 == 1e5


def test_qa_adds_a_kind_with_a_reason_and_it_is_audited(lab):
    added = catalogue.add_vessel_type(
        lab.db,
        lab.qa,
        code=" t225 ",
        name="T225 flask",
        growth_area_cm2=225,
        medium_volume_ml=45,
        reason="new flask size validated (VAL-031)",
    )
    assert (added.code, added.growth_area_cm2, added.in_use) == ("T225", 225.0, True)
    assert codes(lab)[-3:] == ["T225", "CF1", "CF2"]
    trail = query_audit(lab.db, lab.qa, AuditQuery(table_name="vessel_type"))
    assert trail[-1].reason == "new flask size validated (VAL-031)"
    assert trail[-1].username == "mchen"


@pytest.mark.parametrize(
    "change, field",
    [
        ({"code": "T 7!"}, "Code"),
        ({"code": "T75"}, "Code"),  # already in the catalogue
        ({"growth_area_cm2": 0}, "Growth area"),
        ({"growth_area_cm2": float("nan")}, "Growth area"),
        ({"wells_or_layers": 2.5}, "Wells or layers"),
        ({"max_cells_per_cm2": 10}, "Plausible harvest ceiling"),
        ({"name": "  "}, "Name"),
        ({"reason": " "}, "Reason"),
    ],
)
def test_impossible_new_kind_is_refused_naming_the_field(lab, change, field):
    values = dict(code="T300", name="T300 flask", growth_area_cm2=300, reason="validated")
    with pytest.raises(InvalidValueError) as refused:
        catalogue.add_vessel_type(lab.db, lab.qa, **{**values, **change})
    assert refused.value.field == field
    assert "T300" not in codes(lab)


def test_only_qa_keeps_the_catalogue(lab):
    for actor in (lab.tech, lab.admin):
        with pytest.raises(PermissionDeniedError, match="only QA"):
            catalogue.add_vessel_type(
                lab.db, actor, code="T300", name="T300", growth_area_cm2=300, reason="x"
            )
        with pytest.raises(PermissionDeniedError):
            catalogue.retire_vessel_type(lab.db, actor, "T25", reason="x")
    assert "T300" not in codes(lab)


def test_changing_the_area_never_rewrites_a_seeded_vessel(lab, clock):
    din = lot_in_culture(lab, clock)  # one T75 seeded with 150,000 cells at 75 cm²
    with pytest.raises(InvalidValueError, match="Reason"):
        catalogue.change_vessel_type(lab.db, lab.qa, "T75", growth_area_cm2=72, reason="")
    changed = catalogue.change_vessel_type(
        lab.db, lab.qa, "t75", growth_area_cm2=72, reason="supplier changed; datasheet 72 cm²"
    )
    assert changed.growth_area_cm2 == 72 and changed.vessels_seeded == 1
    with lab.db.reading() as session:
        (vessel,) = session.scalars(select(Vessel).where(Vessel.code.startswith(din)))
        assert vessel.growth_area_cm2 == 75.0
    trail = query_audit(lab.db, lab.qa, AuditQuery(table_name="vessel_type"))
    assert (trail[-1].field, trail[-1].old_value, trail[-1].new_value) == (
        "growth_area_cm2",
        "75.0",
        "72.0",
    )
    with pytest.raises(catalogue.CatalogueRefusedError, match="Nothing to change"):
        catalogue.change_vessel_type(lab.db, lab.qa, "T75", growth_area_cm2=72, reason="again")
    with pytest.raises(InvalidValueError, match="Setting"):
        catalogue.change_vessel_type(lab.db, lab.qa, "T75", is_active=False, reason="retire")


def test_a_retired_kind_takes_no_new_vessels_until_reinstated(lab, clock):
    catalogue.retire_vessel_type(lab.db, lab.qa, "T175", reason="no longer stocked")
    entry = next(e for e in catalogue.list_vessel_types(lab.db, lab.tech) if e.code == "T175")
    assert not entry.in_use
    assert not next(
        t for t in culture.seeding_rules(lab.db, lab.tech).vessel_types if t.code == "T175"
    ).in_use
    with pytest.raises(catalogue.CatalogueRefusedError, match="already retired"):
        catalogue.retire_vessel_type(lab.db, lab.qa, "T175", reason="again")
    with pytest.raises(InvalidValueError, match="Vessel type"):
        lot_in_culture(lab, clock, vessels=[VesselSeeding("T175", 300_000)])
    catalogue.reinstate_vessel_type(lab.db, lab.qa, "T175", reason="stock back")
    lot_in_culture(lab, clock, "MRN0099999", vessels=[VesselSeeding("T175", 300_000)])
