"""This device's own keys: an Ed25519 signing key and an age X25519 identity.

They live in the encrypted database's ``meta`` table, created with the database (or on first
use by a database made before sync existed); :mod:`nghean_tui.sync.identity` uses them.
"""

from __future__ import annotations

import pyrage
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Connection, text


def ensure_keys(conn: Connection) -> None:
    """Create this device's keys if the database has none yet (inside ``conn``'s transaction)."""
    have = {
        k
        for (k,) in conn.execute(
            text("SELECT key FROM meta WHERE key IN ('sign_key', 'age_identity')")
        )
    }
    if "sign_key" not in have:
        raw = Ed25519PrivateKey.generate().private_bytes_raw()
        conn.execute(
            text("INSERT INTO meta (key, value) VALUES ('sign_key', :v)"), {"v": raw.hex()}
        )
    if "age_identity" not in have:
        conn.execute(
            text("INSERT INTO meta (key, value) VALUES ('age_identity', :v)"),
            {"v": str(pyrage.x25519.Identity.generate())},
        )
