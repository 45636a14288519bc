"""The benchmarks' synthetic site is a valid site: made small (seconds, no timing), it must hold
together the way a site the services filled does, so the generator cannot silently rot.

Checked: every foreign key resolves; the audit chain verifies; every record is exactly what
its audit trail says (its insert, then each change); the app's own record text and content
hash agree with the generator's; and the services read the generated lots — lot page
reads (timeline, signatures all valid, vessels, growth, QC and release, labels, custody, the
audit trail) and the batch record, printed.
"""

from __future__ import annotations

import json
import sqlite3

import pytest
from sqlalchemy import select

from benchmarks.make_site import PASSWORD, make_site, row_content
from labtracker.db.audit import SECRET_COLUMNS, content_hash, record_content, verify_chain
from labtracker.db.engine import make_engine, make_session_factory
from labtracker.db.models import AuditEntry, Base, Lot
from labtracker.domain.lot_states import LotStatus
from labtracker.services import (
    audit,
    auth,
    batch_record,
    culture,
    custody,
    labels,
    queries,
    release,
    signatures,
)
from labtracker.services.context import Database


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    path = tmp_path_factory.mktemp("bench") / "site.sqlite3"
    # A short history packed with lots in process, so most stages are there.
    summary = make_site(path, lots=12, passages=2, vessels=2, years=0.1, seed=7)
    engine = make_engine(f"sqlite:///{path}")
    yield path, summary, Database(engine)
    engine.dispose()


def test_the_site_has_lots_at_many_stages(site):
    _path, summary, _db = site
    assert summary.lots == 12
    assert sum(summary.by_stage.values()) == 12
    assert summary.by_stage.get("implanted", 0) >= 1
    assert len(summary.by_stage) >= 4, summary.by_stage


def test_every_foreign_key_resolves_and_the_chain_verifies(site):
    path, summary, db = site
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    with db.engine.connect() as connection:
        report = verify_chain(connection)
    assert report.intact, report
    assert report.entries_checked == summary.audit_entries


def test_every_record_is_what_its_audit_trail_says(site):
    _path, _summary, db = site
    classes = {m.local_table.name: m.class_ for m in Base.registry.mappers}
    state: dict[tuple[str, int], dict[str, str | None]] = {}
    with make_session_factory(db.engine)() as session:
        for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id)):
            key = (entry.table_name, entry.record_id)
            if entry.action == "insert":
                state[key] = json.loads(entry.new_value)
            elif entry.action in ("update", "correct", "void") and key in state:
                if entry.field in SECRET_COLUMNS:
                    continue
                assert state[key][entry.field] == entry.old_value, (key, entry.field)
                state[key][entry.field] = entry.new_value
        assert len(state) > 500
        for (table, record_id), content in state.items():
            record = session.get(classes[table], record_id)
            assert record is not None, (table, record_id)
            assert record_content(record) == content, (table, record_id)


def test_the_generator_writes_the_apps_own_text_and_hashes(site):
    _path, _summary, db = site
    from benchmarks.make_site import content_digest

    with make_session_factory(db.engine)() as session:
        for model in (Lot, *(m.class_ for m in Base.registry.mappers)):
            record = session.scalars(select(model).limit(1)).first()
            if record is None:
                continue
            table = model.__table__
            row = {c.name: getattr(record, c.name) for c in table.columns}
            audited = tuple(c.name for c in table.columns if c.name != "version")
            assert row_content(audited, row) == record_content(record), table.name
            assert content_digest(table.name, record_content(record)) == content_hash(record)


def test_the_services_read_every_generated_lot(site):
    _path, _summary, db = site
    qa = auth.login(db, "qa", PASSWORD)
    with db.reading() as session:
        lots = session.execute(select(Lot.din, Lot.status).order_by(Lot.id)).all()
    for din, status in lots:
        row = queries.lot_row(db, qa, din)
        assert row.din == din and row.waiting_for
        events = queries.lot_timeline(db, qa, din)
        assert events[0].title == "Lot started"
        signed = signatures.lot_signatures(db, qa, din)
        assert signed and all(s.content_matches and s.is_valid for s in signed), din
        culture.vessel_tree(db, qa, din)
        culture.growth_series(db, qa, din)
        check = release.release_check(db, qa, din)
        assert check.din == din
        labels.label_reconciliation(db, qa, din)
        custody.custody_chain(db, qa, din)
        trail = audit.query_audit(db, qa, audit.AuditQuery(lot_din=din))
        assert trail and all(entry.lot_din == din for entry in trail)
        record = batch_record.batch_record(db, qa, din)
        assert record.header.din == din
        if status is LotStatus.IMPLANTED:
            assert check.can_release or check.blockers  # judged, whichever it is


def test_a_finished_lots_batch_record_prints(site):
    _path, _summary, db = site
    qa = auth.login(db, "qa", PASSWORD)
    with db.reading() as session:
        din = session.scalar(
            select(Lot.din).where(Lot.status == LotStatus.IMPLANTED).order_by(Lot.id.desc())
        )
    printed = batch_record.print_batch_record(db, qa, din, purpose="generator smoke test")
    assert printed.pdf.startswith(b"%PDF") and printed.pages >= 3
    with db.engine.connect() as connection:
        assert verify_chain(connection).intact  # the print's own entry joined the chain
