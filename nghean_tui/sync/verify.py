"""Steps 1–7 of an import (docs/bundle-format.md §7): is this bundle
one to apply here?

Pure: it reads the bundle's bytes and the trust state (the enrolled peers, the bundles already
applied, the records a scope judgement needs) and writes nothing. It returns a
:class:`Verified` bundle, or raises :class:`~nghean_tui.sync.bundle.BundleError` with the
refusal's reason, or :class:`AlreadyApplied` for an exact copy of a bundle applied before
(step 8's "seen before", which must come before the scope is judged again). The order of the
checks is the spec's: nothing unauthenticated is inflated, nothing unsigned is believed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyrage
from sqlalchemy import Connection, text

from nghean_tui.domain import models
from nghean_tui.domain.enums import Role
from nghean_tui.storage import criteria, sync_state
from nghean_tui.storage.database import Database
from nghean_tui.sync import bundle, exchange, identity, records, scope
from nghean_tui.sync.bundle import BundleError
from nghean_tui.sync.exchange import CHANGES, REPLY


class AlreadyApplied(Exception):
    """The bundle was applied here before, byte for byte: a duplicate, nothing to do."""

    def __init__(self, peer: sync_state.Peer, inner: bundle.Inner, count: int) -> None:
        self.peer, self.inner, self.records = peer, inner, count


@dataclass
class Verified:
    """A bundle that passed steps 1–7: its sender, its checked records (without those set
    aside by the scope check) and its payload's other sections."""

    inner: bundle.Inner
    peer: sync_state.Peer
    incoming: records.Incoming
    payload: dict
    held: scope.Verdict = field(default_factory=scope.Verdict)


def open_inner(age_identity: pyrage.x25519.Identity, data: bytes) -> bundle.Inner:
    """Steps 1–3: the envelope and the strict parse of the inner layer."""
    return bundle.parse_inner(bundle.decrypt(data, age_identity))


def verify(db: Database, conn: Connection, keys: identity.Keys, data: bytes) -> Verified:
    """Steps 1–7 for one bundle file's bytes."""
    return verify_inner(db, conn, open_inner(keys.age_identity, data))


def verify_inner(db: Database, conn: Connection, inner: bundle.Inner) -> Verified:
    """Steps 4–7 for a bundle already opened (steps 1–3)."""
    manifest = inner.manifest
    if inner.sender == db.device_id:
        raise BundleError("own_bundle")
    peer = identity.peer(conn, inner.sender)
    if peer is None:
        raise BundleError("unknown_sender", manifest["sender"]["unit_code"])
    if peer.revoked_at is not None and inner.seq > (peer.revoked_after_seq or 0):
        raise BundleError("revoked", peer.unit_code)
    inner.verify(peer.sign_key)
    if inner.demo != db.demo:  # believed only once signed: a relabelled bundle is forged
        raise BundleError("demo_bundle" if inner.demo else "real_bundle")
    if db.device_id not in manifest["recipients"]:
        raise BundleError("forwarded")
    if manifest["sender"]["unit_code"] != peer.unit_code or manifest["sender"]["role"] != peer.role:
        raise BundleError("out_of_scope", "sender")
    expected_kind = CHANGES if db.role is Role.SUPERVISOR else REPLY
    if inner.kind != expected_kind:
        raise BundleError("out_of_scope", "kind")
    # Step 8's "seen before" comes first for a bundle already applied: judging its scope
    # again against records that have moved on since (a person transferred away) could
    # refuse an exact copy of what was accepted.
    seen = conn.execute(
        text(
            "SELECT records FROM inbound_bundle WHERE sender_device = :d AND kind = :k AND seq = :s "
            "AND digest = :g AND status = 'applied'"
        ),
        {"d": inner.sender, "k": inner.kind, "s": inner.seq, "g": inner.digest},
    ).first()
    if seen is not None:
        raise AlreadyApplied(peer, inner, seen[0])
    if manifest["schema"] > exchange.BUNDLE_SCHEMA:
        raise BundleError("newer_version", manifest["app_version"])
    payload = inner.payload()
    allowed = (
        {"records"}
        if inner.kind == CHANGES
        else {"records", "receipt", "revocations", "populations", "criteria"}
    )
    if set(payload) != allowed:
        raise BundleError("damaged", "payload sections")
    incoming = records.check_records(payload["records"], manifest["counts"], manifest["schema"])
    held = scope.Verdict()
    if inner.kind == CHANGES:
        held = scope.check(conn, peer.unit_code, incoming)
        for name, rows in held.held.items():  # set aside: kept for review, not merged
            ids = {r[0] for r in rows}
            kept = [r for r in incoming.tables[name] if r[0] not in ids]
            if kept:
                incoming.tables[name] = kept
            else:
                del incoming.tables[name]
    else:
        _check_reply(db, incoming, payload)
    return Verified(inner, peer, incoming, payload, held)


def _moved_here(incoming: records.Incoming, unit: str) -> set[str]:
    """People with a live transfer to ``unit`` among the incoming records (a reply)."""
    cols = records.columns(models.Transfer)
    pid, at, deleted = cols.index("person_id"), cols.index("to_unit_code"), cols.index("deleted")
    return {r[pid] for r in incoming.tables.get("transfer", []) if r[at] == unit and not r[deleted]}


def _check_reply(db: Database, incoming: records.Incoming, payload: dict) -> None:
    """Step 7 at a commune: relays only concern people transferred here, and never
    overwrite this commune's own hamlets or officers; the other sections are well formed."""
    moved = _moved_here(incoming, db.unit_code)  # only what the reply carries
    owners = scope.Owners(None, incoming)
    for name, rows in incoming.tables.items():
        at = incoming.unit_index(name)
        for row in rows:
            if name in ("hamlet", "officer"):
                if row[at] == db.unit_code:
                    raise BundleError("out_of_scope", name)
            elif owners.person_of(name, row) not in moved:
                raise BundleError("out_of_scope", name)
    receipt = payload["receipt"]
    if not (
        isinstance(receipt, dict)
        and set(receipt) == {"highest", "missing"}
        and bundle.is_int(receipt["highest"])
        and receipt["highest"] >= 0
        and isinstance(receipt["missing"], list)
        and len(receipt["missing"]) <= 100_000
        and all(bundle.is_int(n) and n > receipt["highest"] for n in receipt["missing"])
    ):
        raise BundleError("damaged", "receipt")
    revocations = payload["revocations"]
    if not (
        isinstance(revocations, list)
        and all(
            isinstance(r, dict)
            and set(r) == {"device_id", "unit_code", "last_seq"}
            and isinstance(r["device_id"], str)
            and isinstance(r["unit_code"], str)
            and (r["last_seq"] is None or bundle.is_int(r["last_seq"]))
            for r in revocations
        )
    ):
        raise BundleError("damaged", "revocations")
    populations = payload["populations"]
    if not (
        isinstance(populations, list)
        and all(
            isinstance(p, list)
            and len(p) == 2
            and isinstance(p[0], str)
            and len(p[0]) <= 5
            and bundle.is_int(p[1])
            and 0 <= p[1] < 10**8
            for p in populations
        )
    ):
        raise BundleError("damaged", "populations")
    if not (
        payload["criteria"] is None
        or isinstance(payload["criteria"], str)
        and len(payload["criteria"]) <= 1_000_000
    ):
        raise BundleError("damaged", "criteria")
    if payload["criteria"] is not None:
        # Read now, not when applied: criteria this version cannot read refuse the reply
        # before anything is written (bounded: the reader refuses over MAX_BYTES first).
        try:
            criteria.parse(payload["criteria"])
        except ValueError as exc:
            raise BundleError("damaged", f"criteria: {exc}") from None


def inspect(db: Database, data: bytes) -> dict:
    """What a bundle says about itself, checked as far as it can be without importing it."""
    keys = identity.own_keys(db)
    inner = open_inner(keys.age_identity, data)
    with db.engine.connect() as conn:
        peer = identity.peer(conn, inner.sender)
    signature = "unknown_sender"
    if peer is not None:
        try:
            inner.verify(peer.sign_key)
            signature = "valid"
        except BundleError:
            signature = "forged"
    return {
        "manifest": inner.manifest,
        "digest": inner.digest,
        "signature": signature,
        "addressed_to_us": db.device_id in inner.manifest["recipients"],
        "demo": inner.demo,
        "demo_fits": inner.demo == db.demo,
    }
