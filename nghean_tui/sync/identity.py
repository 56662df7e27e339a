"""Device identities, identity cards and the trust list.

Each installation has an Ed25519 signing key and an age X25519 identity, kept in the encrypted
database's ``meta`` table (created with the database, or on first use by an older one). An
*identity card* is a small signed file (unit, role, device id, public keys) that one side gives
the other on a USB stick; the other side trusts it only after both read the same short
fingerprint aloud. No key is ever trusted because it arrived in a bundle.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

import pyrage
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import Connection, text

from nghean_tui.domain import models
from nghean_tui.domain.enums import AuditAction, Role
from nghean_tui.storage import reference
from nghean_tui.storage.database import Database, StorageError
from nghean_tui.storage.device_keys import ensure_keys
from nghean_tui.storage.sync_state import Peer
from nghean_tui.sync.bundle import DEVICE_ID, canonical, strict_loads

CARD_FORMAT = "nghean-tui identity card v1"
CARD_DOMAIN = b"nghean-tui identity card v1\x00"
MAX_CARD_BYTES = 4096
# Why a card file was not read (storage.safefile reasons), as card refusals.
CARD_FILE_REASONS = {
    "too_large": "card_too_large",
    "is_link": "card_is_link",
    "not_regular": "card_not_regular",
    "is_folder": "card_is_folder",
}


class CardError(StorageError):
    """An identity card that cannot be read or trusted (``reason`` says why)."""


@dataclass(frozen=True)
class Card:
    """What an identity card says, once its self-signature checked out."""

    device_id: str
    unit_code: str
    role: Role
    sign_key: str  # hex
    age_recipient: str
    raw: bytes  # the file as read: stored as is in the trust list
    demo: bool = False  # the card of a demo database (signed with the rest)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.sign_key, self.age_recipient, self.device_id)


def fingerprint(sign_key: str, age_recipient: str, device_id: str) -> str:
    """Five groups of four characters (100 bits) to read aloud over the phone.

    Base32 without the letters people confuse on a bad line is not worth its own alphabet:
    the standard alphabet has no 0/1/8, so O, I and B cannot be misheard as digits.
    """
    digest = hashlib.sha256(f"{device_id}\n{sign_key}\n{age_recipient}".encode()).digest()
    code = base64.b32encode(digest[:13]).decode()[:20]
    return "-".join(code[i : i + 4] for i in range(0, 20, 4))


# ---------------------------------------------------------------- own keys


@dataclass(frozen=True)
class Keys:
    device_id: str
    unit_code: str
    role: Role
    signer: Ed25519PrivateKey
    age_identity: pyrage.x25519.Identity
    demo: bool = False

    @property
    def sign_key(self) -> str:
        return self.signer.public_key().public_bytes_raw().hex()

    @property
    def age_recipient(self) -> str:
        return str(self.age_identity.to_public())

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.sign_key, self.age_recipient, self.device_id)


def own_keys(db: Database) -> Keys:
    """This device's keys (made first if a database from before sync has none)."""
    query = text("SELECT key, value FROM meta WHERE key IN ('sign_key', 'age_identity')")
    with db.engine.connect() as conn:
        meta: dict[str, str] = dict(conn.execute(query).all())
    if len(meta) < 2:
        with db.write() as txn:
            ensure_keys(txn.conn)
            meta = dict(txn.conn.execute(query).all())
    signer = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(meta["sign_key"]))
    return Keys(
        db.device_id,
        db.unit_code,
        db.role,
        signer,
        pyrage.x25519.Identity.from_str(meta["age_identity"]),
        db.demo,
    )


# ---------------------------------------------------------------- cards


def _card_body(keys: Keys) -> dict:
    body = {
        "format": CARD_FORMAT,
        "device_id": keys.device_id,
        "unit_code": keys.unit_code,
        "role": keys.role.value,
        "sign_key": keys.sign_key,
        "age_recipient": keys.age_recipient,
    }
    # Only a demo card carries the mark: a real card stays byte for byte what it was, so
    # installations not yet updated still read it. A card without it is real.
    return {**body, "demo": True} if keys.demo else body


def export_card(db: Database) -> bytes:
    """This device's identity card: canonical JSON with an Ed25519 self-signature."""
    keys = own_keys(db)
    body = _card_body(keys)
    signature = keys.signer.sign(CARD_DOMAIN + canonical(body))
    return canonical({**body, "signature": signature.hex()}) + b"\n"


def read_card(data: bytes) -> Card:
    """Parse and check a card strictly; :class:`CardError` says what is wrong."""
    if len(data) > MAX_CARD_BYTES:
        raise CardError("card_too_large")
    try:  # a card is one flat object: nothing nested, a handful of values
        obj = strict_loads(data.strip(b" \t\r\n"), max_depth=1, max_containers=1, max_values=16)
    except (UnicodeDecodeError, ValueError):
        raise CardError("card_unreadable") from None
    fields = {"format", "device_id", "unit_code", "role", "sign_key", "age_recipient", "signature"}
    if (
        not isinstance(obj, dict)
        or set(obj) - {"demo"} != fields
        or not all(isinstance(obj[k], str) for k in fields)
        or obj["format"] != CARD_FORMAT
    ):
        raise CardError("card_unreadable")
    if "demo" in obj and obj["demo"] is not True:  # the mark is present and true, or absent
        raise CardError("card_unreadable")
    if obj["role"] not in {r.value for r in Role} or reference.unit(obj["unit_code"]) is None:
        raise CardError("card_unreadable")
    if not DEVICE_ID.fullmatch(obj["device_id"]):
        raise CardError("card_unreadable")
    try:
        public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(obj["sign_key"]))
        pyrage.x25519.Recipient.from_str(obj["age_recipient"])
        signature = bytes.fromhex(obj["signature"])
    except (ValueError, pyrage.RecipientError):
        raise CardError("card_unreadable") from None
    body = {k: v for k, v in obj.items() if k != "signature"}
    try:
        public.verify(signature, CARD_DOMAIN + canonical(body))
    except InvalidSignature:
        raise CardError("card_forged") from None
    return Card(
        obj["device_id"],
        obj["unit_code"],
        Role(obj["role"]),
        obj["sign_key"],
        obj["age_recipient"],
        data,
        "demo" in obj,
    )


# ---------------------------------------------------------------- trust list


def peers(db: Database) -> list[Peer]:
    from sqlmodel import select

    with db.read() as session:
        return list(session.exec(select(Peer).order_by(Peer.unit_code, Peer.device_id)))


def peer(conn: Connection, device_id: str) -> Peer | None:
    row = (
        conn.execute(text("SELECT * FROM peer WHERE device_id = :d"), {"d": device_id})
        .mappings()
        .first()
    )
    return Peer.model_validate(dict(row)) if row else None


def check_fits(db: Database, card: Card) -> None:
    """The refusals that need no fingerprint comparison, so they come before it.

    A commune trusts only supervisor stations and a station only communes: bundles only ever
    travel between the two. A demo database trusts only demo cards and a real one only real
    cards: synthetic records must never reach a real station, nor real ones the demo.
    """
    if card.device_id == db.device_id:
        raise CardError("card_is_own")
    wanted = Role.SUPERVISOR if db.role is Role.COMMUNE else Role.COMMUNE
    if card.role is not wanted:
        raise CardError("card_wrong_role")
    if card.demo != db.demo:
        raise CardError("card_demo" if card.demo else "card_real")


def trust(db: Database, card: Card) -> Peer:
    """Add (or refresh) a device in the trust list after the fingerprints were compared
    (:func:`check_fits` says which cards cannot be). When a commune enrolls a station, the
    database key is also escrowed to that station (the caller saves the keyslot file).
    """
    check_fits(db, card)
    with db.write() as txn:
        existing = peer(txn.conn, card.device_id)
        if existing and existing.revoked_at is not None:
            raise CardError("card_revoked")
        if existing and (
            existing.sign_key != card.sign_key or existing.age_recipient != card.age_recipient
        ):
            raise CardError("card_keys_changed")
        row = Peer(
            device_id=card.device_id,
            unit_code=card.unit_code,
            role=card.role.value,
            sign_key=card.sign_key,
            age_recipient=card.age_recipient,
            fingerprint=card.fingerprint,
            card=card.raw.decode(),
            added_at=_utc(existing.added_at) if existing else models.utcnow(),
        )
        txn.session.merge(row)
        db.audit(
            txn, AuditAction.TRUST, "peer", card.device_id[:36], [card.unit_code, card.role.value]
        )
    return row


def _utc(moment):
    """A stored moment read back through plain SQL comes without its zone; it is UTC."""
    from datetime import timezone

    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment


def revoke(db: Database, device_id: str) -> Peer:
    """Stop accepting bundles from a device beyond the last one already accepted."""
    with db.write() as txn:
        existing = peer(txn.conn, device_id)
        if existing is None:
            raise StorageError("unknown_device", device=device_id)
        if existing.revoked_at is None:
            last = txn.conn.execute(
                text(
                    "SELECT coalesce(max(seq), 0) FROM inbound_bundle WHERE sender_device = :d "
                    "AND kind = 'changes' AND status = 'applied'"
                ),
                {"d": device_id},
            ).scalar_one()
            txn.conn.execute(
                text(
                    "UPDATE peer SET revoked_at = :at, revoked_after_seq = :seq WHERE device_id = :d"
                ),
                {"at": models.utcnow(), "seq": last, "d": device_id},
            )
            db.audit(txn, AuditAction.REVOKE, "peer", device_id[:36], [str(last)])
        revoked = peer(txn.conn, device_id)
    assert revoked is not None  # read back in the transaction that found it
    return revoked


def stations(conn: Connection) -> list[Peer]:
    """The supervisor stations a commune sends to (enrolled and not revoked)."""
    rows = (
        conn.execute(
            text(
                "SELECT * FROM peer WHERE role = 'supervisor' AND revoked_at IS NULL "
                "ORDER BY device_id"
            )
        )
        .mappings()
        .all()
    )
    return [Peer.model_validate(dict(r)) for r in rows]
