"""The same person twice: one citizen ID on two profiles, or two profiles that look alike.

* **A citizen ID belongs to one living profile of a unit.** A second one is refused on every
  path that writes people here (:class:`~nghean_tui.storage.records.Records`, the bulk writer
  of ``seed``, the adoption of a person transferred here); "living" means not deleted. At a
  station the same number under two communes is a *cross-commune match*: a list to review
  (:func:`cross_commune_matches`), never merged, since either commune may have it wrong.
* **A probable duplicate** has the same folded name (case and diacritics ignored), the same
  hamlet and the same date of birth, or the same year when either side knows only the year.
  It is a warning the officer confirms, with the other profile named: twins and namesakes
  exist, and the officer is the one who can tell.
* A database that already holds duplicates (written before these rules, or by an older
  version) keeps them; ``nghean-tui check`` lists them (:func:`existing`).

Every query here runs on an index: ``citizen_id``, and ``ix_person_list`` (unit, deleted,
sort key) for names, whose sort key contains the folded full name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, text
from sqlalchemy.engine import Connection

from nghean_tui.domain.formats import fmt_date
from nghean_tui.domain.parsing import as_date
from nghean_tui.domain.text import fold, sort_key

MATCHES_SHOWN = 500  # rows of a list at most; the count says how many there are


@dataclass(frozen=True)
class Profile:
    """Enough of a person to recognise them in a message or a list."""

    id: str
    unit_code: str
    full_name: str
    birth_date: date | None
    birth_year: int | None
    citizen_id: str | None
    hamlet: str  # the hamlet's name, "" when none

    @property
    def born(self) -> str:
        if self.birth_date is not None:
            return fmt_date(self.birth_date)
        return str(self.birth_year) if self.birth_year else ""


_PROFILE = (
    "SELECT p.id, p.unit_code, p.full_name, p.birth_date, p.birth_year, p.citizen_id, "
    "coalesce(h.name, '') FROM person p LEFT JOIN hamlet h ON h.id = p.hamlet_id "
)


def _profiles(rows) -> list[Profile]:
    return [Profile(r[0], r[1], r[2], as_date(r[3]), r[4], r[5], r[6]) for r in rows]


def citizen_id_holder(
    conn: Connection, unit_code: str, citizen_id: str | None, *, other_than: str | None = None
) -> Profile | None:
    """The living profile of ``unit_code`` that already has ``citizen_id`` (not ``other_than``)."""
    if not citizen_id:
        return None
    rows = conn.execute(
        text(
            _PROFILE + "WHERE p.citizen_id = :cid AND p.unit_code = :unit AND p.deleted = 0 "
            "AND p.id != :me ORDER BY p.created_at, p.id LIMIT 1"
        ),
        {"cid": citizen_id, "unit": unit_code, "me": other_than or ""},
    ).all()
    return _profiles(rows)[0] if rows else None


def same_birth(
    a_date: date | None, a_year: int | None, b_date: date | None, b_year: int | None
) -> bool:
    """Born the same day, or the same year when one of the two knows only the year."""
    if a_date is not None and b_date is not None:
        return a_date == b_date
    a = a_date.year if a_date is not None else a_year
    b = b_date.year if b_date is not None else b_year
    return a is not None and a == b


def probable_duplicates(
    conn: Connection,
    unit_code: str,
    *,
    full_name: str,
    birth_date: date | None,
    birth_year: int | None,
    hamlet_id: str | None,
    other_than: str | None = None,
    limit: int = 5,
) -> list[Profile]:
    """Living profiles of the unit with the same folded name, hamlet and birth (see above)."""
    if (
        not full_name
        or not fold(full_name)
        or not hamlet_id
        or (birth_date is None and birth_year is None)
    ):
        return []
    rows = conn.execute(
        text(
            _PROFILE + "WHERE p.unit_code = :unit AND p.deleted = 0 AND p.sort_key = :key "
            "AND p.hamlet_id = :hamlet AND p.id != :me ORDER BY p.created_at, p.id LIMIT 200"
        ),
        {
            "unit": unit_code,
            "key": sort_key(full_name),
            "hamlet": hamlet_id,
            "me": other_than or "",
        },
    ).all()
    found = [
        p for p in _profiles(rows) if same_birth(birth_date, birth_year, p.birth_date, p.birth_year)
    ]
    return found[:limit]


# ---------------------------------------------------------------- lists of what is already there


@dataclass(frozen=True)
class Group:
    """Profiles that are, or may be, one person: ``kind`` is "citizen_id" (same number in one
    unit), "probable" (same folded name, hamlet and birth) or "cross_commune" (same number
    under several units, at a station)."""

    kind: str
    key: str
    profiles: tuple[Profile, ...]


def _by_ids(conn: Connection, ids: list[str]) -> dict[str, Profile]:
    out: dict[str, Profile] = {}
    for start in range(0, len(ids), 500):
        rows = conn.execute(
            text(_PROFILE + "WHERE p.id IN :ids").bindparams(bindparam("ids", expanding=True)),
            {"ids": ids[start : start + 500]},
        ).all()
        out.update((p.id, p) for p in _profiles(rows))
    return out


def _groups(conn: Connection, kind: str, keyed: list[tuple[str, list[str]]]) -> list[Group]:
    profiles = _by_ids(conn, sorted({i for _, ids in keyed for i in ids}))
    return [
        Group(
            kind,
            key,
            tuple(
                sorted(
                    (profiles[i] for i in ids if i in profiles),
                    key=lambda p: (p.unit_code, p.full_name, p.id),
                )
            ),
        )
        for key, ids in keyed
    ]


def _split(value: str | None) -> list[str]:
    return sorted(value.split(",")) if value else []


def same_citizen_id(
    conn: Connection, unit_code: str | None = None, limit: int = MATCHES_SHOWN
) -> tuple[list[Group], int]:
    """Citizen IDs held by more than one living profile of one unit (all units when None)."""
    where = "AND unit_code = :unit " if unit_code else ""
    query = (
        "SELECT unit_code || ' ' || citizen_id, group_concat(id) FROM person "
        "WHERE deleted = 0 AND citizen_id IS NOT NULL AND citizen_id != '' "
        + where
        + "GROUP BY unit_code, citizen_id HAVING count(*) > 1 ORDER BY unit_code, citizen_id"
    )
    rows = conn.execute(text(query), {"unit": unit_code}).all()
    keyed = [(key.split(" ", 1)[1], _split(ids)) for key, ids in rows[:limit]]
    return _groups(conn, "citizen_id", keyed), len(rows)


def probable_groups(
    conn: Connection, unit_code: str | None = None, limit: int = MATCHES_SHOWN
) -> tuple[list[Group], int]:
    """Living profiles of one unit with the same folded name, hamlet and birth."""
    where = "AND unit_code = :unit " if unit_code else ""
    rows = conn.execute(
        text(
            "SELECT unit_code, sort_key, hamlet_id, id, birth_date, birth_year FROM person "
            "WHERE deleted = 0 AND hamlet_id IS NOT NULL "
            + where
            + "AND (unit_code, sort_key, hamlet_id) IN (SELECT unit_code, sort_key, hamlet_id "
            "FROM person WHERE deleted = 0 AND hamlet_id IS NOT NULL "
            + where
            + "GROUP BY unit_code, sort_key, hamlet_id HAVING count(*) > 1) "
            "ORDER BY unit_code, sort_key, hamlet_id, created_at, id"
        ),
        {"unit": unit_code},
    ).all()
    buckets: dict[tuple, list[tuple]] = {}
    for unit, key, hamlet, pid, born, year in rows:
        buckets.setdefault((unit, key, hamlet), []).append((pid, as_date(born), year))
    keyed: list[tuple[str, list[str]]] = []
    for (_, key, _), people in buckets.items():
        # Clusters of people who match one another (a date matches its own year).
        left = list(people)
        while left:
            first, *rest = left
            alike = [first] + [p for p in rest if same_birth(first[1], first[2], p[1], p[2])]
            left = [p for p in left if p not in alike]
            if len(alike) > 1:
                keyed.append((key.split(" ", 1)[-1], [p[0] for p in alike]))
    return _groups(conn, "probable", keyed[:limit]), len(keyed)


def cross_commune_matches(conn: Connection, limit: int = MATCHES_SHOWN) -> tuple[list[Group], int]:
    """Citizen IDs that living profiles of more than one unit hold (a station's review list)."""
    rows = conn.execute(
        text(
            "SELECT citizen_id, group_concat(id) FROM person "
            "WHERE deleted = 0 AND citizen_id IS NOT NULL AND citizen_id != '' "
            "GROUP BY citizen_id HAVING count(DISTINCT unit_code) > 1 ORDER BY citizen_id"
        )
    ).all()
    keyed = [(cid, _split(ids)) for cid, ids in rows[:limit]]
    return _groups(conn, "cross_commune", keyed), len(rows)


def existing(conn: Connection, unit_code: str | None = None) -> list[Group]:
    """Every kind of duplicate the database holds (for ``check``), the first of each kind."""
    groups = same_citizen_id(conn, unit_code)[0] + probable_groups(conn, unit_code)[0]
    if unit_code is None:
        groups += cross_commune_matches(conn)[0]
    return groups
