"""Step 7 at a station: which of a commune's records it may write (docs/security-notes.md).

A commune holds valid keys, so whatever its bundle carries is signed; the scope check is what
keeps one commune's bundle from writing another commune's records. Its rules:

* A record is the sender unit's when it carries the sender's unit and is new here or already
  the sender's. Its references to other unit-owned records (its hamlet, team, patrol,
  hotspot, officer, person, episode) point at the sender's own, unless unchanged from the
  version here.
* A person's records (episodes, tests, contacts…, and the person row) follow the unit that
  owns the person *here*. Another unit takes a person over only on the strength of a transfer
  the station already holds, written by the unit that owns the person, as that unit's latest
  move of them: never on a transfer arriving in the same bundle.
* What a commune cannot have meant as an attack is set aside rather than refused, so that one
  commune's action never blocks another's bundles: the records of a person whose transfer to
  the sender was withdrawn by the old commune before the takeover came in, and the later
  records of a person the sender moved away. They are kept in ``sync_conflict`` for review;
  the rest of the bundle goes in.
* Anything else names the table and refuses the whole bundle (``out_of_scope``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, bindparam, text

from nghean_tui.domain import models
from nghean_tui.sync import records
from nghean_tui.sync.bundle import BundleError

_CHUNK = 500
OWN, TAKEN, WITHDRAWN, MOVED_OUT = "own", "taken", "withdrawn", "moved_out"


@dataclass
class Verdict:
    """The rows to set aside (table → rows), for the conflicts table."""

    held: dict[str, list[list]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return sum(len(rows) for rows in self.held.values())


class Owners:
    """Whose records these are: the person a row belongs to, through its episode if need be
    (looked up here when the episode is not among the incoming records and ``conn`` is
    given)."""

    def __init__(self, conn: Connection | None, incoming: records.Incoming) -> None:
        self.conn = conn
        cols = records.columns(models.ManagementEpisode)
        at = cols.index("person_id")
        self.episodes = {r[0]: r[at] for r in incoming.tables.get("management_episode", [])}

    def person_of(self, name: str, row: list) -> str | None:
        if name == "person":
            return row[0]
        if name in records.PERSON_TABLES:
            return row[records.columns(records.BY_NAME[name]).index("person_id")]
        if name in records.EPISODE_TABLES:
            episode = row[records.columns(records.BY_NAME[name]).index("episode_id")]
            if episode not in self.episodes and self.conn is not None:
                self.episodes[episode] = self.conn.execute(
                    text("SELECT person_id FROM management_episode WHERE id = :e"), {"e": episode}
                ).scalar()
            return self.episodes.get(episode)
        return None


def _fetch(conn: Connection, sql: str, ids: list[str]) -> list[tuple]:
    found: list[tuple] = []
    for start in range(0, len(ids), _CHUNK):
        found += conn.execute(
            text(sql).bindparams(bindparam("i", expanding=True)), {"i": ids[start : start + _CHUNK]}
        ).all()
    return found


def _references(model: type[models.Synced]) -> list[tuple[int, str]]:
    """(column position, parent table) of each reference of a synced table."""
    cols = records.columns(model)
    refs = []
    for column in records.table(model).columns:
        for fk in column.foreign_keys:
            if column.name in cols:
                refs.append((cols.index(column.name), fk.column.table.name))
    return refs


class _Station:
    """What the station holds (before this bundle), looked up once per id."""

    def __init__(self, conn: Connection, incoming: records.Incoming) -> None:
        self.conn = conn
        self.incoming = incoming
        self.rows: dict[
            str, dict[str, tuple | None]
        ] = {}  # table → id → synced row here (None: not)
        self.new: dict[str, dict[str, list]] = {
            name: {r[0]: r for r in rows} for name, rows in incoming.tables.items()
        }

    def load(self, name: str, ids) -> None:
        have = self.rows.setdefault(name, {})
        wanted = sorted({i for i in ids if i is not None and i not in have})
        if not wanted:
            return
        cols = records.columns(records.BY_NAME[name])
        for row in _fetch(
            self.conn, f"SELECT {', '.join(cols)} FROM {name} WHERE id IN :i", wanted
        ):
            have[row[0]] = tuple(row)
        for i in wanted:
            have.setdefault(i, None)

    def here(self, name: str, record_id: str) -> tuple | None:
        self.load(name, [record_id])
        return self.rows[name][record_id]

    def unit_of(self, name: str, record_id: str) -> str | None:
        """The unit a record belongs to here, or as it arrives when it is new."""
        row: Sequence | None = self.here(name, record_id)
        if row is None:
            row = self.new.get(name, {}).get(record_id)
        if row is None:
            return None
        return row[records.columns(records.BY_NAME[name]).index("unit_code")]


class _People:
    """Each person's standing for the sender: own, taken over by a transfer held here,
    withdrawn, moved out by the sender, or none."""

    def __init__(self, station: _Station, unit: str) -> None:
        self.station = station
        self.unit = unit
        self.standing: dict[str, str | None] = {}

    def of(self, person_id: str | None) -> str | None:
        if person_id is None:
            return OWN  # a reference to nothing: the foreign keys refuse it at the commit
        if person_id not in self.standing:
            self.standing[person_id] = self._judge(person_id)
        return self.standing[person_id]

    def _judge(self, person_id: str) -> str | None:
        owner = self.station.unit_of("person", person_id)
        if owner is None or owner == self.unit:
            return OWN  # new here (the person row itself is checked) or the sender's
        held = self.station.conn.execute(
            text(
                "SELECT unit_code, from_unit_code, to_unit_code, move_date, created_at, deleted "
                "FROM transfer WHERE person_id = :p"
            ),
            {"p": person_id},
        ).all()
        # Only the owner's own record of the person's moves counts: its latest one (by
        # move date, then when it was written) must be a move out of it to the sender.
        owners = [t for t in held if t[0] == owner and not t[5]]
        if owners:
            latest = max(owners, key=lambda t: (t[3], t[4]))
            if latest[1] == owner and latest[2] == self.unit:
                return TAKEN
        if any(t[0] == owner and t[1] == owner and t[2] == self.unit for t in held):
            return WITHDRAWN  # the old commune undid or superseded the move
        if any(t[0] == self.unit and t[1] == self.unit and not t[5] for t in held):
            return MOVED_OUT
        return None


def check(conn: Connection, unit: str, incoming: records.Incoming) -> Verdict:
    """Judge every incoming record for the sender's ``unit``; raise :class:`BundleError`
    (``out_of_scope``, the table) for one the sender may not write."""
    station = _Station(conn, incoming)
    people = _People(station, unit)
    verdict = Verdict()
    aside: dict[str, set[str]] = {}  # table → ids set aside so far (children follow)
    episode_person: dict[str, str | None] = {}

    def person_of_episode(episode_id: str | None) -> str | None:
        if episode_id is None:
            return None
        if episode_id not in episode_person:
            row = station.new.get("management_episode", {}).get(episode_id) or station.here(
                "management_episode", episode_id
            )
            at = records.columns(models.ManagementEpisode).index("person_id")
            episode_person[episode_id] = None if row is None else row[at]
        return episode_person[episode_id]

    for name, rows in incoming.tables.items():
        model = records.BY_NAME[name]
        cols = records.columns(model)
        refs = _references(model)
        station.load(name, [r[0] for r in rows])
        for position, parent in refs:
            station.load(parent, [r[position] for r in rows])
        person_at = cols.index("person_id") if name in records.PERSON_TABLES else None
        episode_at = cols.index("episode_id") if name in records.EPISODE_TABLES else None
        for row in rows:
            old = station.rows[name][row[0]]
            if name == "person":
                person = row[0]
            elif person_at is not None:
                person = row[person_at]
            elif episode_at is not None:
                person = person_of_episode(row[episode_at])
            else:
                person = None
            set_aside = _set_aside(name, row, old, cols, unit, person, people)
            if not set_aside:
                for position, parent in refs:
                    value = row[position]
                    if value is None or (old is not None and old[position] == value):
                        continue  # unchanged: not the sender's doing
                    if value in aside.get(parent, ()):
                        set_aside = True  # its parent is: it cannot go in without it
                        break
                    if (position == person_at and parent == "person") or (
                        position == episode_at and parent == "management_episode"
                    ):
                        continue  # judged above with the person
                    if not _parent_ok(
                        parent,
                        value,
                        unit,
                        station,
                        people,
                        person_of_episode,
                        pure=name in _MENTIONS,
                    ):
                        raise BundleError("out_of_scope", name)
            if set_aside:
                aside.setdefault(name, set()).add(row[0])
                verdict.held.setdefault(name, []).append(row)
    return verdict


# Records that mention a person without being part of their file: a unit may still mention a
# person it moved away (a patrol that met them, a tip about them).
_MENTIONS = frozenset({"patrol_person", "tip"})


def _set_aside(
    name: str,
    row: list,
    old: tuple | None,
    cols: tuple[str, ...],
    unit: str,
    person: str | None,
    people: _People,
) -> bool:
    """False: the row may go in; True: it is set aside. Raises when it is refused."""
    unit_at, version_at = cols.index("unit_code"), cols.index("version")
    mine = row[unit_at] == unit
    if (
        name != "person"
        and name not in records.PERSON_TABLES
        and name not in records.EPISODE_TABLES
    ):
        if mine and (old is None or old[unit_at] == unit):
            return False
        raise BundleError("out_of_scope", name)
    if (
        name == "transfer"
        and mine
        and old is not None
        and old[unit_at] == unit
        and row[cols.index("from_unit_code")] == unit
    ):
        return False  # the sender correcting or undoing its own move out of someone
    standing = people.of(person)
    if standing == OWN:
        if mine and (old is None or old[unit_at] == unit):
            return False
        raise BundleError("out_of_scope", name)
    if standing == TAKEN:
        if mine:
            return False  # the takeover, and the new commune's records of them
        raise BundleError("out_of_scope", name)
    if standing == WITHDRAWN and mine:
        return True  # the old commune undid the move before this takeover came in
    if standing == MOVED_OUT and mine:
        # an edit from before the move, arriving late, loses the merge and may go in
        return not (old is not None and row[version_at] < old[version_at])
    raise BundleError("out_of_scope", name)


def _parent_ok(
    parent: str,
    value: str,
    unit: str,
    station: _Station,
    people: _People,
    person_of_episode,
    *,
    pure: bool,
) -> bool:
    if parent == "person":
        return people.of(value) in ((OWN, TAKEN, MOVED_OUT) if pure else (OWN, TAKEN))
    if parent == "management_episode":
        return people.of(person_of_episode(value)) in (OWN, TAKEN)
    owner = station.unit_of(parent, value)
    return owner is None or owner == unit
