"""Text as a hostile bundle or an older version could have left it in a database: escape
sequences and markup in names, notes and the criteria note (forms refuse them; a station
stores what communes send it)."""

from __future__ import annotations

import dataclasses

from sqlalchemy import text

from nghean_tui.reports import criteria

ESCAPES = "\x1b]0;pwned\x07\x1b[2J"  # sets the terminal's title, then clears the screen
MARKUP = "[bold red]x[/]"
HOSTILE = f"{ESCAPES}{MARKUP}"
SHOWN = "\\x1b]0;pwned\\x07\\x1b[2J[bold red]x[/]"  # what every screen and report shows
FORMULA = '=HYPERLINK("http://x","y")'


def poison(db, ids: dict, unit: str) -> None:
    """Hostile text in ``unit``'s records (``ids`` from ``tests.reports.province.build``): the
    first person's name, every hotspot's name, the unit's name and the criteria note."""
    with db.write() as txn:
        conn = txn.conn
        conn.execute(
            text("UPDATE person SET full_name = :n WHERE id = :i"),
            {"n": f"Lầu Bá Chống {HOSTILE}", "i": ids["a1"]},
        )
        conn.execute(
            text("UPDATE hotspot SET name = name || :n WHERE unit_code = :u"),
            {"n": f" {HOSTILE}", "u": unit},
        )
        conn.execute(
            text("UPDATE unit SET name = name || :n WHERE code = :u"),
            {"n": f" {HOSTILE}", "u": unit},
        )
        noted = dataclasses.replace(criteria.defaults(), note=f"{FORMULA}\n{HOSTILE}")
        criteria.store(conn, noted)
