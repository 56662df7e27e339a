"""The demo: a throwaway encrypted database full of synthetic data for a border commune."""

from __future__ import annotations

from pathlib import Path

from nghean_tui.domain import models
from nghean_tui.domain.enums import Role
from nghean_tui.storage.database import DEMO_KEY, Database, StorageError
from nghean_tui.storage.keyslots import FLOOR

# MARKER: a plain file that says "this folder is the demo", so a real database is never
# unlocked with the public demo passphrase (which would count as a wrong attempt).
from nghean_tui.storage.nameplate import DEMO_MARKER as MARKER
from nghean_tui.storage.nameplate import DEMO_PASSPHRASE as DEMO_PASSPHRASE
from nghean_tui.storage.vault import Vault

DEMO_OFFICER = "Lương Văn Thắng"
# The rest of the post (synthetic names): leaders and members of patrols and management teams.
DEMO_COLLEAGUES = (
    ("Vi Văn Nam", "Phó Trưởng Công an xã", "Đại úy"),
    ("Lầu Bá Tu", "Cán bộ", "Thượng úy"),
    ("Lô Thị Hoa", "Cán bộ", "Trung úy"),
    ("Moong Văn Sơn", "Cán bộ", "Thiếu úy"),
)
DEMO_SEED = 2026
DEMO_POPULATION = 9_500  # synthetic, like everything else in the demo


def demo_dir(value: str | None) -> Path:
    if value:
        return Path(value).expanduser()
    from platformdirs import user_cache_path

    return user_cache_path("nghean-tui", appauthor=False) / "demo"


def mark_demo(db: Database) -> None:
    """Mark a demo database made before the mark existed (its folder has the marker file)."""
    from sqlalchemy import text

    with db.write() as txn:
        txn.conn.execute(
            text("INSERT OR REPLACE INTO meta (key, value) VALUES (:k, '1')"), {"k": DEMO_KEY}
        )


def prepare_demo(
    data_dir: str | None, passphrase: str, unit_code: str
) -> tuple[Vault, Database, bool]:
    """Create the demo database (or reuse it) and return it unlocked."""
    from nghean_tui.reports.population import store as store_population
    from nghean_tui.storage.records import Records
    from nghean_tui.synthetic.seed import seed

    folder = demo_dir(data_dir)
    vault = Vault(folder)
    try:
        if vault.initialised:
            if not (folder / MARKER).exists():
                raise StorageError("not_a_demo", path=str(folder))
            db = vault.unlock(passphrase=passphrase)
            if not db.demo:  # made before databases carried the mark: mark it now
                mark_demo(db)
            return vault, db, False
        # The demo passphrase is public, so slow key stretching would protect nothing.
        db, _code = vault.create(
            role=Role.COMMUNE,
            unit_code=unit_code,
            officer_name=DEMO_OFFICER,
            passphrase=passphrase,
            kdf=FLOOR,
            demo=True,
        )
        (folder / MARKER).write_text("nghean-tui demo database: synthetic data only\n", "utf-8")
        records = Records(db)
        for name, position, rank in DEMO_COLLEAGUES:
            records.create(models.Officer, {"full_name": name, "position": position, "rank": rank})
        seed(db, persons=0, demo=True, seed=DEMO_SEED)
        with db.write() as txn:  # so the demo's rates have something to divide by
            store_population(txn.conn, {unit_code: DEMO_POPULATION})
        return vault, db, True
    except BaseException:
        vault.close()
        raise
