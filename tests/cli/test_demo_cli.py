"""Demo data never enters a real installation through the command line (issue 10, item 8).

``trust add`` refuses a demo card on a real database and a real card on a demo one; ``sync
import`` refuses a demo bundle (changes or reply) at a real installation and a real one at a
demo installation, storing nothing; ``seed`` puts synthetic records only into a demo database.
The trust entries a station made before cards carried the mark are written directly here:
no command can make them any more.
"""

from __future__ import annotations

import io
import json

import pytest

from nghean_tui.cli import main
from nghean_tui.domain import models as M
from nghean_tui.storage import sync_state
from nghean_tui.sync import identity
from tests.cli.test_sync_cli import (
    C1,
    STATION,
    at,
    bundles_in,
    card,
    import_json,
    init,
    ok,
    opened,
    refused,
    scalar,
)
from tests.conftest import PASSPHRASE
from tests.sync.helpers import content_digest


def digest(folder) -> tuple[str, list]:
    """Every row of every table; of the audit log, what is not an unlock (each command
    opens the database, and the log says so)."""
    with opened(folder) as db, db.engine.connect() as conn:
        audit = conn.exec_driver_sql(
            "SELECT seq, action, table_name, record_id FROM audit_log "
            "WHERE action != 'unlock' ORDER BY seq"
        ).all()
        return content_digest(db, exclude={"audit_log"}), [tuple(r) for r in audit]


def trusted_before_the_mark(folder, card_file) -> None:
    """A trust list entry from before the mark existed, when nothing refused a demo card."""
    got = identity.read_card(card_file.read_bytes())
    with opened(folder) as db, db.write() as txn:
        txn.session.add(
            sync_state.Peer(
                device_id=got.device_id,
                unit_code=got.unit_code,
                role=got.role.value,
                sign_key=got.sign_key,
                age_recipient=got.age_recipient,
                fingerprint=got.fingerprint,
                card=got.raw.decode(),
                added_at=M.utcnow(),
            )
        )


@pytest.fixture
def mixed(tmp_path, capsys):
    """A real station and commune, a demo station and commune, their cards on a stick."""
    w = type("Mixed", (), {})()
    w.usb = tmp_path / "usb"
    w.usb.mkdir()
    w.station = init(capsys, tmp_path / "station", "supervisor", STATION, demo=False)
    w.commune = init(capsys, tmp_path / "commune", "commune", C1, demo=False)
    w.demo_station = init(capsys, tmp_path / "demo-station", "supervisor", STATION)
    w.demo_commune = init(capsys, tmp_path / "demo-commune", "commune", C1)
    for name in ("station", "commune", "demo_station", "demo_commune"):
        card(capsys, getattr(w, name), w.usb / f"{name}.card")
    return w


def test_init_demo_marks_the_database_and_plain_init_does_not(mixed):
    assert scalar(mixed.demo_commune, "SELECT value FROM meta WHERE key = 'demo'") == "1"
    assert scalar(mixed.commune, "SELECT value FROM meta WHERE key = 'demo'") is None


def test_trust_add_on_a_real_station_refuses_a_demo_card(mixed, capsys):
    before = digest(mixed.station)
    err = refused(
        at(capsys, mixed.station, "trust", "add", str(mixed.usb / "demo_commune.card"), "--yes")
    )
    assert "identity card of a demo database" in err and "real installation" in err
    assert digest(mixed.station) == before
    assert json.loads(ok(at(capsys, mixed.station, "trust", "list", "--json"))) == []


def test_trust_add_on_a_demo_database_refuses_a_real_card(mixed, capsys):
    before = digest(mixed.demo_commune)
    err = refused(
        at(capsys, mixed.demo_commune, "trust", "add", str(mixed.usb / "station.card"), "--yes")
    )
    assert "identity card of a real installation" in err
    assert digest(mixed.demo_commune) == before


def test_the_refusal_is_translated(mixed, capsys):
    code = main(
        [
            "trust",
            "add",
            str(mixed.usb / "demo_commune.card"),
            "--yes",
            "--data-dir",
            str(mixed.station),
            "--passphrase-stdin",
        ],
        stdin=io.StringIO(PASSPHRASE + "\n"),
    )
    _, err = capsys.readouterr()
    assert code == 1 and "thẻ định danh của cơ sở dữ liệu trình diễn" in err, err


def test_a_demo_bundle_is_refused_by_a_real_station_and_nothing_stored(mixed, capsys):
    """The station trusted the demo commune before the mark existed: its bundle, now marked,
    is still refused, by ``sync import`` of the file, of the folder, and by ``inspect``."""
    trusted_before_the_mark(mixed.station, mixed.usb / "demo_commune.card")
    trusted_before_the_mark(mixed.demo_commune, mixed.usb / "station.card")
    ok(at(capsys, mixed.demo_commune, "seed", "--persons", "3", "--seed", "4"))
    ok(at(capsys, mixed.demo_commune, "sync", "export", "--to", str(mixed.usb)))
    [name] = bundles_in(mixed.usb)
    before = digest(mixed.station)
    back = mixed.usb / "back"
    back.mkdir()
    for target in (mixed.usb / name, mixed.usb):
        code, outcomes, _ = import_json(capsys, mixed.station, target, reply_to=back)
        assert code == 1
        assert [(o["status"], o["reason"]) for o in outcomes] == [("rejected", "demo_bundle")]
        assert digest(mixed.station) == before
    assert list(back.iterdir()) == []  # no reply to a refused bundle
    code, out, err = at(capsys, mixed.station, "sync", "import", str(mixed.usb / name))
    assert code == 1 and "demo database (synthetic data)" in out + err
    code, out, err = at(capsys, mixed.station, "sync", "inspect", str(mixed.usb / name))
    assert code == 1 and "Demo bundle" in out and "demo database" in err
    assert scalar(mixed.station, "SELECT count(*) FROM person") == 0
    assert scalar(mixed.station, "SELECT count(*) FROM inbound_bundle") == 0


def test_a_real_reply_is_refused_by_a_demo_commune_and_nothing_stored(mixed, capsys):
    trusted_before_the_mark(mixed.station, mixed.usb / "demo_commune.card")
    trusted_before_the_mark(mixed.demo_commune, mixed.usb / "station.card")
    back = mixed.usb / "back"
    back.mkdir()
    ok(at(capsys, mixed.station, "sync", "reply", "--to", str(back)))
    [name] = bundles_in(back)
    before = digest(mixed.demo_commune)
    code, outcomes, _ = import_json(capsys, mixed.demo_commune, back / name)
    assert code == 1
    assert [(o["status"], o["reason"]) for o in outcomes] == [("rejected", "real_bundle")]
    assert digest(mixed.demo_commune) == before


def test_seed_refuses_a_real_database_and_adds_nothing(mixed, capsys):
    before = digest(mixed.commune)
    err = refused(at(capsys, mixed.commune, "seed", "--persons", "3"))
    assert "only into a demo database" in err
    assert digest(mixed.commune) == before
    ok(at(capsys, mixed.demo_commune, "seed", "--persons", "3"))
    assert scalar(mixed.demo_commune, "SELECT count(*) FROM person") == 3
