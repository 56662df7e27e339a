"""Demo data never enters a real installation, nor real data the demo (issue 10, item 8).

A demo database is marked in its ``meta`` table; its identity card and its bundles carry the
mark, covered by their signatures. A real database refuses demo cards and bundles and a demo
one refuses real ones, writing nothing. Real cards and bundles carry no mark at all: they are
byte for byte the format written before the mark existed.
"""

from __future__ import annotations

import json

import pytest

from nghean_tui.domain import models
from nghean_tui.storage import sync_state
from nghean_tui.storage.records import Records
from nghean_tui.sync import bundle, identity, inbox, outbox, verify
from nghean_tui.sync.reply import prepare_reply
from tests.sync.conftest import enroll
from tests.sync.helpers import Snapshot, open_inner, resign, seal, signer_of


def _person(site, name: str) -> None:
    Records(site.db).create(models.Person, {"full_name": name, "sex": "male", "birth_year": 1990})


def _trust_anyway(db, card: identity.Card) -> None:
    """A trust list entry made before the mark existed (no check refused it then)."""
    with db.write() as txn:
        txn.session.add(
            sync_state.Peer(
                device_id=card.device_id,
                unit_code=card.unit_code,
                role=card.role.value,
                sign_key=card.sign_key,
                age_recipient=card.age_recipient,
                fingerprint=card.fingerprint,
                card=card.raw.decode(),
                added_at=models.utcnow(),
            )
        )


@pytest.fixture
def demo_station(sites):
    return sites("supervisor", "40", "Trần Văn Tỉnh", demo=True)


@pytest.fixture
def demo_commune(sites, demo_station):
    site = sites("commune", "16816", demo=True)
    enroll(site, demo_station)
    return site


# ---------------------------------------------------------------- the mark


def test_a_demo_database_is_marked_and_a_real_one_is_not(station, demo_station):
    assert demo_station.db.demo and demo_station.db.meta("demo") == "1"
    assert not station.db.demo and station.db.meta("demo") is None


def test_a_demo_card_says_so_and_a_real_card_has_no_mark(station, demo_station):
    assert json.loads(demo_station.card())["demo"] is True
    assert identity.read_card(demo_station.card()).demo
    real = json.loads(station.card())
    assert "demo" not in real and not identity.read_card(station.card()).demo


def test_a_demo_bundle_says_so_and_a_real_bundle_has_no_mark(
    station, commune, demo_station, demo_commune
):
    _person(commune, "Lò Văn Thật")
    _person(demo_commune, "Lò Văn Mẫu")
    real = open_inner(outbox.prepare_export(commune.db).data, station)
    assert "demo" not in real.manifest and not real.demo
    demo = open_inner(outbox.prepare_export(demo_commune.db).data, demo_station)
    assert demo.manifest["demo"] is True and demo.demo


# ---------------------------------------------------------------- cards


def test_a_real_station_refuses_a_demo_card_and_trusts_nothing(station, sites):
    demo = sites("commune", "16816", demo=True)
    before = Snapshot(station.db)
    card = identity.read_card(demo.card())
    with pytest.raises(identity.CardError) as refused:
        identity.trust(station.db, card)
    assert refused.value.reason == "card_demo"
    assert before.unchanged()


def test_a_demo_station_refuses_a_real_card(demo_station, sites):
    real = sites("commune", "16816")
    before = Snapshot(demo_station.db)
    with pytest.raises(identity.CardError) as refused:
        identity.trust(demo_station.db, identity.read_card(real.card()))
    assert refused.value.reason == "card_real"
    assert before.unchanged()


def test_a_demo_card_with_its_mark_removed_does_not_verify(station, sites):
    demo = sites("commune", "16816", demo=True)
    obj = json.loads(demo.card())
    del obj["demo"]
    with pytest.raises(identity.CardError) as refused:
        identity.read_card(bundle.canonical(obj))
    assert refused.value.reason == "card_forged"


def test_a_real_card_with_a_mark_added_does_not_verify(demo_station, sites):
    real = sites("commune", "16816")
    obj = {**json.loads(real.card()), "demo": True}
    with pytest.raises(identity.CardError) as refused:
        identity.read_card(bundle.canonical(obj))
    assert refused.value.reason == "card_forged"


@pytest.mark.parametrize("value", [False, 1, "true", None])
def test_a_card_mark_other_than_true_is_unreadable(sites, value):
    demo = sites("commune", "16816", demo=True)
    obj = {**json.loads(demo.card()), "demo": value}
    with pytest.raises(identity.CardError) as refused:
        identity.read_card(bundle.canonical(obj))
    assert refused.value.reason == "card_unreadable"


# ---------------------------------------------------------------- bundles


def test_a_demo_bundle_at_a_real_station_is_refused_and_nothing_stored(station, sites):
    """Even from a demo commune the station trusted before cards carried the mark."""
    demo = sites("commune", "16816", demo=True)
    _trust_anyway(station.db, identity.read_card(demo.card()))
    _trust_anyway(demo.db, identity.read_card(station.card()))
    _person(demo, "Lò Văn Mẫu")
    sent = outbox.prepare_export(demo.db)
    before = Snapshot(station.db)
    outcome = inbox.import_bundle(station.db, sent.data, sent.file_name)
    assert (outcome.status, outcome.reason) == ("rejected", "demo_bundle"), outcome
    assert before.unchanged()
    outcomes = inbox.import_many(station.db, [(sent.file_name, sent.data)])
    assert [(o.status, o.reason) for o in outcomes] == [("rejected", "demo_bundle")]
    assert before.unchanged()


def test_a_real_bundle_at_a_demo_station_is_refused_and_nothing_stored(demo_station, sites):
    real = sites("commune", "16816")
    _trust_anyway(demo_station.db, identity.read_card(real.card()))
    _trust_anyway(real.db, identity.read_card(demo_station.card()))
    _person(real, "Lò Văn Thật")
    sent = outbox.prepare_export(real.db)
    before = Snapshot(demo_station.db)
    outcome = inbox.import_bundle(demo_station.db, sent.data, sent.file_name)
    assert (outcome.status, outcome.reason) == ("rejected", "real_bundle"), outcome
    assert before.unchanged()


def test_a_demo_reply_at_a_real_commune_is_refused(commune, sites):
    """The way back too: a demo station's reply (receipt, relays) never enters a real
    commune."""
    demo_station = sites("supervisor", "40", demo=True)
    _trust_anyway(commune.db, identity.read_card(demo_station.card()))
    _trust_anyway(demo_station.db, identity.read_card(commune.card()))
    reply = prepare_reply(demo_station.db, commune.db.device_id)
    assert open_inner(reply.data, commune).demo
    before = Snapshot(commune.db)
    outcome = inbox.import_bundle(commune.db, reply.data, reply.file_name)
    assert (outcome.status, outcome.reason) == ("rejected", "demo_bundle"), outcome
    assert before.unchanged()


def test_a_demo_bundle_relabelled_as_real_fails_its_signature(station, sites):
    """Whoever holds the stick removes the mark: the manifest bytes change, the signature
    no longer verifies."""
    demo = sites("commune", "16816", demo=True)
    _trust_anyway(station.db, identity.read_card(demo.card()))
    _trust_anyway(demo.db, identity.read_card(station.card()))
    _person(demo, "Lò Văn Mẫu")
    inner = open_inner(outbox.prepare_export(demo.db).data, station)
    manifest = {k: v for k, v in inner.manifest.items() if k != "demo"}
    relabelled = bundle.canonical(manifest)
    forged = b"".join(
        (
            bundle.MAGIC,
            len(relabelled).to_bytes(4, "big"),
            relabelled,
            len(inner.payload_bytes).to_bytes(8, "big"),
            bytes(inner.payload_bytes),
            inner.signature,
        )
    )
    before = Snapshot(station.db)
    outcome = inbox.import_bundle(station.db, seal(forged, station))
    assert (outcome.status, outcome.reason) == ("rejected", "forged"), outcome
    assert before.unchanged()


def test_a_real_bundle_relabelled_as_demo_fails_its_signature(demo_station, sites):
    real = sites("commune", "16816")
    _trust_anyway(demo_station.db, identity.read_card(real.card()))
    _trust_anyway(real.db, identity.read_card(demo_station.card()))
    _person(real, "Lò Văn Thật")
    inner = open_inner(outbox.prepare_export(real.db).data, demo_station)
    marked = bundle.canonical({**inner.manifest, "demo": True})
    forged = b"".join(
        (
            bundle.MAGIC,
            len(marked).to_bytes(4, "big"),
            marked,
            len(inner.payload_bytes).to_bytes(8, "big"),
            bytes(inner.payload_bytes),
            inner.signature,
        )
    )
    before = Snapshot(demo_station.db)
    outcome = inbox.import_bundle(demo_station.db, seal(forged, demo_station))
    assert (outcome.status, outcome.reason) == ("rejected", "forged"), outcome
    assert before.unchanged()


@pytest.mark.parametrize("value", [False, 1, "yes", None])
def test_a_bundle_mark_other_than_true_is_damaged(demo_station, demo_commune, value):
    _person(demo_commune, "Lò Văn Mẫu")
    inner = open_inner(outbox.prepare_export(demo_commune.db).data, demo_station)
    forged = resign(
        {**inner.manifest, "demo": value}, bytes(inner.payload_bytes), signer_of(demo_commune)
    )
    outcome = inbox.import_bundle(demo_station.db, seal(forged, demo_station))
    assert (outcome.status, outcome.reason, outcome.detail) == (
        "rejected",
        "damaged",
        "manifest demo",
    ), outcome


def test_demo_databases_exchange_bundles_with_each_other(demo_station, demo_commune):
    _person(demo_commune, "Lò Văn Mẫu")
    sent = outbox.prepare_export(demo_commune.db)
    outcome = inbox.import_bundle(demo_station.db, sent.data, sent.file_name)
    assert outcome.status == "accepted", outcome
    reply = prepare_reply(demo_station.db, demo_commune.db.device_id)
    assert inbox.import_bundle(demo_commune.db, reply.data, reply.file_name).status == "accepted"


def test_inspect_says_a_bundle_is_demo_and_does_not_fit(station, sites):
    demo = sites("commune", "16816", demo=True)
    _trust_anyway(station.db, identity.read_card(demo.card()))
    _trust_anyway(demo.db, identity.read_card(station.card()))
    _person(demo, "Lò Văn Mẫu")
    seen = verify.inspect(station.db, outbox.prepare_export(demo.db).data)
    assert seen["signature"] == "valid" and seen["demo"] and not seen["demo_fits"]
