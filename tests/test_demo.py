"""The demo database is marked as such in its ``meta`` table (issue 10, item 8), including
one made before the mark existed, the next time the demo opens it."""

from __future__ import annotations

import json

from sqlalchemy import text

from nghean_tui.demo import prepare_demo
from nghean_tui.sync import identity

PASSPHRASE = "demo nghe an 2026"


def test_the_demo_is_marked_and_so_are_its_card_and_one_made_before_the_mark(tmp_path):
    folder = tmp_path / "demo"
    vault, db, created = prepare_demo(str(folder), PASSPHRASE, "16816")
    try:
        assert created and db.demo
        assert json.loads(identity.export_card(db))["demo"] is True
        with db.write() as txn:  # as a demo made by an earlier version left it
            txn.conn.execute(text("DELETE FROM meta WHERE key = 'demo'"))
        assert not db.demo
    finally:
        db.close()
        vault.close()
    vault, db, created = prepare_demo(str(folder), PASSPHRASE, "16816")
    try:
        assert not created and db.demo
        assert identity.read_card(identity.export_card(db)).demo
    finally:
        db.close()
        vault.close()
