"""How far a station holds a commune's records: learnt from the bundles it applies
(docs/indicators.md)."""

from __future__ import annotations

from datetime import datetime, timedelta

from nghean_tui.domain import models
from nghean_tui.reports import coverage
from nghean_tui.reports.indicators import compute
from nghean_tui.storage import sync_state
from nghean_tui.storage.records import Records
from nghean_tui.sync import inbox, outbox
from tests.sync.conftest import commune, sites, station  # noqa: F401 (fixtures)


def test_an_applied_bundle_says_how_far_the_records_reach(station, commune):
    with station.db.engine.connect() as conn:
        assert coverage.station_coverage(conn) == {}  # nothing received: nobody heard from
    Records(commune.db).create(
        models.Patrol, {"patrol_date": "10/11/2026", "kind": "commune_police"}
    )
    before = datetime.now(coverage.VIETNAM)
    assert (
        inbox.import_bundle(station.db, outbox.prepare_export(commune.db).data).status == "accepted"
    )
    with station.db.engine.connect() as conn:
        held = coverage.station_coverage(conn)["16816"]
        assert held.heard and held.reach in (before.date(), datetime.now(coverage.VIETNAM).date())
        on_reach = compute(conn, held.reach, 12, ["16816"])["16816"]
        after = compute(conn, held.reach + timedelta(days=1), 12, ["16816"])["16816"]
    assert "reach" not in on_reach.missing and on_reach.values["offenders"] == 0
    assert after.missing[0] == "reach" and after.values["offenders"] is None


def test_a_made_at_that_is_no_moment_leaves_the_reach_unknown(station):
    received = datetime(2026, 11, 20, 1, 0, tzinfo=coverage.VIETNAM)
    with station.db.write() as txn:
        sync_state.record_applied(txn.conn, "a0a0", "2026-11-19T10:00:00+00:00", received)
        sync_state.record_applied(txn.conn, "b0b0", "2027-01-01T00:00:00+00:00", received)  # ahead
        sync_state.record_applied(txn.conn, "c0c0", "2026-11-19T10:00:00+00:00", received)
        sync_state.record_applied(txn.conn, "c0c0", "not a moment", received)
        covers = sync_state.bundle_covers(txn.conn)
    assert covers["a0a0"].startswith("2026-11-19T10:00")
    assert datetime.fromisoformat(covers["b0b0"]) == received  # never after its arrival
    assert "c0c0" not in covers
