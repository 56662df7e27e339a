"""The nameplate: what the unlock screen may say before the key is known.

The unit code, the display names of the officers who have a passphrase and whether the
database is the demo are inside the encrypted database, so the unlock screen could not name
them. A small plain file beside the keyslots (``nameplate.json``) repeats them.

What it reveals to someone holding the laptop: which commune's police it belongs to and the
names of its officers, which the issue accepts (both are public knowledge in the commune);
no record, no person under management, nothing typed into a form. It is rewritten from the
database at creation, at every unlock and whenever a passphrase is added or removed, so a
copy edited by someone without the key is corrected at the next unlock; until then what it
says is only shown (literally), never trusted for anything.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from nghean_tui.domain.strictjson import check_structure

FILE = "nameplate.json"
# The demo database (nghean_tui.demo): its folder carries this plain marker file, and its
# passphrase is public, printed by `nghean-tui demo` and shown on its unlock screen.
DEMO_MARKER = "DEMO"
DEMO_PASSPHRASE = "demo nghe an 2026"
FORMAT = "nghean-nameplate/1"
MAX_BYTES = 16 * 1024
MAX_OFFICERS = 50
MAX_NAME = 100


@dataclass(frozen=True)
class Nameplate:
    unit_code: str
    officers: tuple[str, ...] = field(default=())
    demo: bool = False


def read(data_dir: Path) -> Nameplate | None:
    """The nameplate of ``data_dir``, or None when there is none or it cannot be read (an
    older database, a damaged or hostile file: the screen then names nobody)."""
    try:
        with open(Path(data_dir) / FILE, "rb") as f:
            data = f.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            return None
        check_structure(data, 3, 4, MAX_OFFICERS + 8, whitespace=True)
        doc = json.loads(data.decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        return None
    unit_code, officers, demo = doc.get("unit_code"), doc.get("officers"), doc.get("demo")
    if not isinstance(unit_code, str) or not unit_code.isdigit() or len(unit_code) > 10:
        return None
    if not isinstance(officers, list) or not isinstance(demo, bool):
        return None
    names = tuple(
        name[:MAX_NAME] for name in officers[:MAX_OFFICERS] if isinstance(name, str) and name
    )
    return Nameplate(unit_code, names, demo)


def demo_passphrase(data_dir: Path, plate: Nameplate | None) -> str | None:
    """The demo's public passphrase, for a demo's folder only: both its nameplate (written
    from the database) and the folder's marker say so."""
    if plate is None or not plate.demo or not (Path(data_dir) / DEMO_MARKER).exists():
        return None
    return DEMO_PASSPHRASE


def write(data_dir: Path, plate: Nameplate) -> None:
    """Replace the nameplate (atomically: a reader sees the old one or the new)."""
    from nghean_tui.storage.atomic import write_atomic

    doc = {
        "format": FORMAT,
        "unit_code": plate.unit_code,
        "officers": list(plate.officers),
        "demo": plate.demo,
    }
    write_atomic(Path(data_dir) / FILE, json.dumps(doc, ensure_ascii=False, indent=1).encode())


def refresh(db, officer_ids: set[str]) -> None:
    """Rewrite the nameplate of ``db``'s folder from the database itself: its unit, the
    officers among ``officer_ids`` (those with a passphrase) by name, whether it is a demo.
    A folder that cannot be written keeps its old nameplate: unlocking never fails for it."""
    from sqlalchemy import text

    from nghean_tui.domain.text import sort_key

    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT id, full_name FROM officer WHERE deleted = 0")).all()
    names = sorted((name for oid, name in rows if oid in officer_ids), key=sort_key)
    try:
        write(db.data_dir, Nameplate(db.unit_code, tuple(names), db.demo))
    except OSError:
        pass
