"""A commune's hamlets added many at once: typed one per line in the first-run wizard, or
taken from a shipped list ``nghean_tui/data/hamlets_<unit code>.tsv`` where there is one.

No such list ships today: the step offers one only when the file is present (columns
``name`` and ``kind``, the kind a :class:`HamletKind` value: ``thon``, ``ban``…). Names are
never made up; a kind is never assumed (every hamlet is saved with the kind the officer or
the list gave).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from importlib import resources

from sqlmodel import select

from nghean_tui.domain import models
from nghean_tui.domain.enums import HamletKind
from nghean_tui.domain.text import fold
from nghean_tui.storage.database import Database
from nghean_tui.storage.records import Records

MAX_NAMES = 300  # more lines than any commune has hamlets: a pasted file by mistake
MAX_NAME = 100


class HamletListError(ValueError):
    """A list of hamlets refused as a whole: ``reason`` is a catalogue key's last part."""

    def __init__(self, reason: str, **params) -> None:
        super().__init__(reason)
        self.reason, self.params = reason, params


def names_from_lines(typed: str) -> list[str]:
    """The hamlet names typed one per line: blank lines dropped, spaces tidied, a name
    typed twice kept once (compared without case or diacritics)."""
    names: list[str] = []
    seen: set[str] = set()
    for line in typed.splitlines():
        name = " ".join(line.split())
        if name and fold(name) not in seen:
            seen.add(fold(name))
            names.append(name)
    return names


# The kind a hamlet's name starts with, as the officer typed it ("Bản Phá Lé", "Tổ dân phố 3").
_KIND_WORDS = (
    (("to", "dan", "pho"), HamletKind.TO_DAN_PHO),
    (("ban",), HamletKind.BAN),
    (("thon",), HamletKind.THON),
    (("xom",), HamletKind.XOM),
    (("khoi",), HamletKind.KHOI),
)


def kind_in_name(name: str) -> str | None:
    """The kind a name says itself ("Bản Phá Lé" is a bản), or None: nothing is guessed
    from a name that does not start with its kind."""
    words = fold(name).split()
    for start, kind in _KIND_WORDS:
        if len(words) > len(start) and tuple(words[: len(start)]) == start:
            return kind.value
    return None


def with_kinds(names: list[str], chosen: str | None) -> tuple[list[tuple[str, str]], list[str]]:
    """(name, kind) for each typed name: the kind its name starts with, else the kind the
    officer chose for the lines; the names left without either come back second."""
    ready, unknown = [], []
    for name in names:
        kind = kind_in_name(name) or chosen
        if kind:
            ready.append((name, kind))
        else:
            unknown.append(name)
    return ready, unknown


def hamlet_rows(db: Database) -> list[tuple[str, str, str]]:
    """(id, name, kind) of the unit's hamlets, in Vietnamese order."""
    with db.read() as session:
        rows = session.exec(
            select(models.Hamlet.id, models.Hamlet.name, models.Hamlet.kind).where(
                models.Hamlet.unit_code == db.unit_code,
                models.Hamlet.deleted == False,  # noqa: E712
            )
        ).all()
    return sorted(((i, n, k) for i, n, k in rows), key=lambda r: fold(r[1]))


def shipped_file(unit_code: str) -> str:
    return f"hamlets_{unit_code}.tsv"


def shipped_hamlets(unit_code: str) -> list[tuple[str, str]] | None:
    """The shipped (name, kind) list of a unit, or None when none ships for it; a list
    whose lines are not all a name and a known kind is refused whole."""
    if not unit_code.isdigit():
        return None
    source = resources.files("nghean_tui.data").joinpath(shipped_file(unit_code))
    if not source.is_file():
        return None
    rows = list(csv.DictReader(io.StringIO(source.read_text("utf-8-sig")), delimiter="\t"))
    kinds = {k.value for k in HamletKind}
    result = []
    for row in rows:
        name = " ".join((row.get("name") or "").split())
        kind = (row.get("kind") or "").strip()
        if not name or kind not in kinds:
            raise HamletListError("bad_shipped_list", file=shipped_file(unit_code))
        result.append((name, kind))
    return result


@dataclass(frozen=True)
class HamletsAdded:
    added: list[str]
    already: list[str]  # names the unit already had: not added again


def add_hamlets(db: Database, hamlets: list[tuple[str, str]]) -> HamletsAdded:
    """Add (name, kind) hamlets in one transaction (each audited by Records): all of them,
    or, if one is refused, none. Names the unit already has are left out and reported."""
    if len(hamlets) > MAX_NAMES:
        raise HamletListError("too_many", limit=MAX_NAMES)
    with db.read() as session:
        existing = {
            fold(name)
            for name in session.exec(
                select(models.Hamlet.name).where(
                    models.Hamlet.unit_code == db.unit_code,
                    models.Hamlet.deleted == False,  # noqa: E712
                )
            )
        }
    added, already = [], []
    with Records(db).batch() as writer:
        for name, kind in hamlets:
            if fold(name) in existing:
                already.append(name)
                continue
            existing.add(fold(name))
            writer.create(models.Hamlet, {"name": name, "kind": kind})
            added.append(name)
    return HamletsAdded(added, already)
