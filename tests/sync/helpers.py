"""Helpers for the sync tests: digests of a database's content, and hand-made bundles."""

from __future__ import annotations

import hashlib
import struct
from pathlib import Path

from nghean_tui.sync import bundle, identity, records

LOCAL_COLUMNS = {"change_seq", "sort_key", "search_rowid"}


def tables(db) -> list[str]:
    with db.engine.connect() as conn:
        return [
            r[0]
            for r in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]


def content_digest(db, *, exclude: set[str] = frozenset()) -> str:
    """A digest of every row of every table (meta, audit_log, inbound_bundle, the search
    index's shadow tables… included), independent of page layout."""
    h = hashlib.sha256()
    with db.engine.connect() as conn:
        for name in tables(db):
            if name in exclude:
                continue
            rows = conn.exec_driver_sql(f'SELECT * FROM "{name}"').all()
            h.update(f"\x00{name}\x00{len(rows)}".encode())
            for line in sorted(repr(tuple(r)) for r in rows):
                h.update(line.encode())
    return h.hexdigest()


def synced_digest(db) -> str:
    """A digest of the synced columns of the synced tables (what must converge)."""
    h = hashlib.sha256()
    with db.engine.connect() as conn:
        for model in records.MODELS:
            cols = ", ".join(records.columns(model))
            h.update(model.__tablename__.encode())
            for row in conn.exec_driver_sql(
                f"SELECT {cols} FROM {model.__tablename__} ORDER BY id"
            ):
                h.update(repr(tuple(row)).encode())
    return h.hexdigest()


def file_bytes(db) -> dict[str, str]:
    """Digests of the database file and its write-ahead log, as bytes on disk."""
    path = Path(db.path)
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in (path, Path(f"{path}-wal"))
        if p.exists()
    }


class Snapshot:
    """What a database holds now, to check later that a refusal wrote nothing."""

    def __init__(self, db) -> None:
        self.db = db
        self.content = content_digest(db)
        self.files = file_bytes(db)

    def unchanged(self) -> bool:
        return content_digest(self.db) == self.content and file_bytes(self.db) == self.files


def count(db, sql: str, **params) -> int:
    from sqlalchemy import text

    with db.engine.connect() as conn:
        return conn.execute(text(sql), params).scalar()


# ---------------------------------------------------------------- hand-made bundles


def open_inner(data: bytes, site) -> bundle.Inner:
    """Decrypt a bundle with a site's own identity (what a recipient can do)."""
    return bundle.parse_inner(bundle.decrypt(data, identity.own_keys(site.db).age_identity))


def seal(inner: bytes, *sites) -> bytes:
    """Encrypt an inner layer to sites (anybody can: recipients are public)."""
    return bundle.encrypt(inner, [identity.own_keys(s.db).age_recipient for s in sites])


def layout(inner: bytes) -> dict[str, tuple[int, int]]:
    """Byte ranges of the inner layer's regions."""
    at = len(bundle.MAGIC)
    (mlen,) = struct.unpack_from(">I", inner, at)
    (plen,) = struct.unpack_from(">Q", inner, at + 4 + mlen)
    regions = {
        "magic": (0, at),
        "manifest_length": (at, at + 4),
        "manifest": (at + 4, at + 4 + mlen),
        "payload_length": (at + 4 + mlen, at + 12 + mlen),
    }
    start = at + 12 + mlen
    regions["payload"] = (start, start + plen)
    regions["signature"] = (start + plen, start + plen + 64)
    assert regions["signature"][1] == len(inner)
    return regions


def assemble(manifest_bytes: bytes, payload_bytes: bytes, signature: bytes) -> bytes:
    return b"".join(
        (
            bundle.MAGIC,
            struct.pack(">I", len(manifest_bytes)),
            manifest_bytes,
            struct.pack(">Q", len(payload_bytes)),
            payload_bytes,
            signature,
        )
    )


def resign(manifest: dict, payload_bytes: bytes, signer) -> bytes:
    """An inner layer with this exact manifest (no completion) and compressed payload."""
    manifest_bytes = bundle.canonical(manifest)
    return assemble(
        manifest_bytes,
        payload_bytes,
        signer.sign(bundle.signed_message(manifest_bytes, payload_bytes)),
    )


def build(manifest: dict, payload: dict, signer) -> bytes:
    return bundle.build_inner(manifest, payload, signer)


def signer_of(site):
    return identity.own_keys(site.db).signer
