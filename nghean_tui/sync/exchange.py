"""The sync protocol's shared vocabulary, and the map of its stages (docs/bundle-format.md).

* :mod:`~nghean_tui.sync.outbox`: a commune exports every record written here since its
  previous bundle, signed and encrypted to its enrolled station(s); the bundle is kept in the
  outbox, to be written (again) to a stick, until a receipt covers it.
* :mod:`~nghean_tui.sync.verify`: steps 1–7 of an import (docs/bundle-format.md §7): the envelope,
  the strict parse, the sender, the signature, the recipients, the payload and the scope.
  It reads the bytes and the trust state and writes nothing.
* :mod:`~nghean_tui.sync.inbox`: steps 8–9: the sequence state, then the records applied and
  the bundle recorded, in one transaction; each file's
  :class:`~nghean_tui.sync.outcome.Outcome` says what became of it.
* :mod:`~nghean_tui.sync.reply`: the station's answer to a commune (receipt, revocations,
  populations, criteria and the records of people who moved there), and what the commune does
  with it once verified.

Nothing in these stages touches files except through :mod:`nghean_tui.sync.files`.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from nghean_tui.storage.database import StorageError

CHANGES, REPLY = "changes", "reply"  # the two kinds of bundle, each a stream of its own
# The version of what bundles carry (the synced tables and columns): the migration that last
# changed them. A migration that only adds an index leaves it alone, so installations a
# version apart still exchange bundles; a bundle from a newer one is refused, one from an older
# one is read without the columns added since (``records.ADDED_IN``).
BUNDLE_SCHEMA = "0008"


class SyncError(StorageError):
    """A sync action refused before anything was written (``reason`` says why)."""


def meta_value(conn: Connection, key: str, default: str = "") -> str:
    value = conn.execute(text("SELECT value FROM meta WHERE key = :k"), {"k": key}).scalar()
    return default if value is None else value


def set_meta(conn: Connection, key: str, value: str) -> None:
    conn.execute(
        text("INSERT OR REPLACE INTO meta (key, value) VALUES (:k, :v)"), {"k": key, "v": value}
    )
