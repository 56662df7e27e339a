"""The data folder of one database, before it is unlocked: what the first screen needs.

:class:`Vault` holds the data folder, the instance lock and the wrong-passphrase throttle, and
knows whether a database exists; that is all the unlock and setup screens ask of it, so this
module imports nothing heavy and the first screen paints at once. Creating and unlocking (the
keyslots' cryptography, the SQLCipher engine, the models, the migrations) live in
:mod:`nghean_tui.storage.opening` and are imported when first used, in the unlock worker or
the command that needs them.
"""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from nghean_tui.domain.enums import AuditAction
from nghean_tui.storage import safefile
from nghean_tui.storage.lock import DatabaseBusy, InstanceLock
from nghean_tui.storage.throttle import UnlockThrottle

if TYPE_CHECKING:
    from nghean_tui.domain.enums import Role
    from nghean_tui.storage.database import Database
    from nghean_tui.storage.keyslots import KdfParams, KeyslotFile

from nghean_tui.storage.folder import DB_FILE as DB_FILE
from nghean_tui.storage.folder import LOCK_FILE as LOCK_FILE
from nghean_tui.storage.folder import PARTIAL_DB_FILE as PARTIAL_DB_FILE
from nghean_tui.storage.folder import THROTTLE_FILE as THROTTLE_FILE
from nghean_tui.storage.folder import StorageError as StorageError


class Vault:
    """The data folder of one database, held by this process."""

    def __init__(self, data_dir: Path, *, throttle_base: float | None = None) -> None:
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        safefile.protect(self.data_dir)  # no bundle, card or report is ever written in here
        try:
            os.chmod(self.data_dir, 0o700)
        except OSError:
            pass
        self.lock = InstanceLock(self.data_dir / LOCK_FILE)
        try:
            self.lock.acquire()
        except DatabaseBusy as exc:
            raise StorageError("busy", pid=exc.pid) from None
        kwargs = {} if throttle_base is None else {"base": throttle_base}
        self.throttle = UnlockThrottle(self.data_dir / THROTTLE_FILE, **kwargs)

    @cached_property
    def keyslots(self) -> KeyslotFile:
        """The keyslot file (read when unlocking; its cryptography is imported on first use)."""
        from nghean_tui.storage.keyslots import KeyslotFile

        return KeyslotFile(self.data_dir)

    @property
    def db_path(self) -> Path:
        return self.data_dir / DB_FILE

    @property
    def initialised(self) -> bool:
        return self.db_path.exists()

    def close(self) -> None:
        self.lock.release()

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------ setup and unlocking

    def create(
        self,
        *,
        role: Role,
        unit_code: str,
        officer_name: str,
        passphrase: str,
        kdf: KdfParams | None = None,
        demo: bool = False,
    ) -> tuple[Database, str]:
        """Create the database; returns it unlocked and the recovery code (to show once).
        See :func:`nghean_tui.storage.opening.create`."""
        from nghean_tui.storage import opening

        db, code = opening.create(
            self,
            role=role,
            unit_code=unit_code,
            officer_name=officer_name,
            passphrase=passphrase,
            kdf=kdf,
            demo=demo,
        )
        self.refresh_nameplate(db)
        return db, code

    def wait_remaining(self) -> float:
        return self.throttle.remaining()

    def unlock(
        self,
        *,
        passphrase: str | None = None,
        recovery_code: str | None = None,
        escrow_identity=None,
    ) -> Database:
        """Open with one of the three kinds of secret; wrong ones grow the wait.
        See :func:`nghean_tui.storage.opening.unlock`."""
        from nghean_tui.storage import opening

        db = opening.unlock(
            self,
            passphrase=passphrase,
            recovery_code=recovery_code,
            escrow_identity=escrow_identity,
        )
        self.refresh_nameplate(db)
        return db

    # ------------------------------------------------------------ managing keyslots

    def _save_slots(self, db: Database, action_fields: list[str]) -> None:
        self.keyslots.save(db.key)
        with db.write() as txn:
            db.audit(txn, AuditAction.KEYSLOT, "keyslots", "", action_fields)
        self.refresh_nameplate(db)

    def refresh_nameplate(self, db: Database) -> None:
        """Rewrite what the unlock screen shows before unlocking (storage.nameplate)."""
        from nghean_tui.storage import nameplate

        nameplate.refresh(db, self.officers_with_passphrase())

    def add_passphrase(
        self, db: Database, officer_id: str, passphrase: str, kdf: KdfParams | None = None
    ) -> str:
        for slot in self.keyslots.passphrase_slots():
            if slot.get("officer_id") == officer_id:
                raise StorageError("officer_has_passphrase")
        slot_id = self.keyslots.add_passphrase(db.key, officer_id, passphrase, kdf)
        self._save_slots(db, ["add_passphrase"])
        return slot_id

    def change_passphrase(
        self, db: Database, officer_id: str, passphrase: str, kdf: KdfParams | None = None
    ) -> None:
        slot = self._officer_slot(officer_id)
        self.keyslots.rewrap_passphrase(db.key, slot["id"], passphrase, kdf)
        self._save_slots(db, ["change_passphrase"])

    def remove_passphrase(self, db: Database, officer_id: str) -> None:
        from nghean_tui.storage.keyslots import KeyslotError

        slot = self._officer_slot(officer_id)
        try:
            self.keyslots.remove(slot["id"])
        except KeyslotError as exc:
            raise StorageError(exc.reason) from None
        self._save_slots(db, ["remove_passphrase"])

    def add_escrow(self, db: Database, recipient: str, device_id: str) -> None:
        """Escrow the database key to an enrolled station (replacing that station's slot)."""
        from nghean_tui.storage.keyslots import KeyslotError

        try:
            self.keyslots.add_escrow(db.key, recipient, device_id)
        except KeyslotError as exc:
            raise StorageError(f"keyslots_{exc.reason}") from None
        self._save_slots(db, ["escrow", device_id])

    def renew_recovery(self, db: Database) -> str:
        code = self.keyslots.set_recovery(db.key)
        self._save_slots(db, ["renew_recovery"])
        return code

    def verify_passphrase(self, officer_id: str | None, passphrase: str) -> None:
        """Check that ``passphrase`` is this officer's (before changing it, say); a wrong
        one counts toward the wait like a wrong unlock."""
        from nghean_tui.storage.keyslots import KeyslotError, WrongSecret

        wait = self.throttle.remaining()
        if wait > 0:
            raise StorageError("wait", seconds=wait)
        try:
            unlocked = self.keyslots.unlock_passphrase(passphrase, self.throttle.last_slot)
        except WrongSecret:
            raise StorageError("wrong_secret", seconds=self.throttle.record_failure()) from None
        except KeyslotError as exc:
            raise StorageError(f"keyslots_{exc.reason}") from None
        if unlocked.officer_id != officer_id:
            raise StorageError("wrong_secret", seconds=self.throttle.record_failure())
        self.throttle.record_success(unlocked.slot_id)

    def officers_with_passphrase(self) -> set[str]:
        return {s["officer_id"] for s in self.keyslots.passphrase_slots() if "officer_id" in s}

    def _officer_slot(self, officer_id: str) -> dict:
        for slot in self.keyslots.passphrase_slots():
            if slot.get("officer_id") == officer_id:
                return slot
        raise StorageError("no_such_slot")
