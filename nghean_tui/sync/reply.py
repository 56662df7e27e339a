"""The station's reply to a commune, and what the commune does with it.

A station answers each commune device with a reply bundle: the receipt (the highest bundle of
changes applied in order, and the numbers still missing), the revocations, the population
figures, the criteria in force and the records of people transferred to that commune (relays),
sent with every reply until the commune's takeover comes back.

A commune, once the reply is verified (:mod:`~nghean_tui.sync.verify`) and in sequence
(:mod:`~nghean_tui.sync.inbox`), marks the receipted bundles of its outbox, keeps the
revocations, populations and criteria, and takes over the people who moved here.
"""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import Connection, bindparam, text

from nghean_tui.domain import clock, models
from nghean_tui.domain.enums import AuditAction, Role, TransferDirection
from nghean_tui.storage import criteria, duplicates, followups, search_index, sync_state
from nghean_tui.storage.database import Database, Txn
from nghean_tui.storage.records import stamp
from nghean_tui.sync import bundle, exchange, identity, outbox, records
from nghean_tui.sync.exchange import CHANGES, REPLY, SyncError

# ---------------------------------------------------------------- at the station: the reply


def _receipt(conn: Connection, device: str) -> dict:
    rows = conn.execute(
        text(
            "SELECT seq, status FROM inbound_bundle WHERE sender_device = :d AND kind = :k "
            "ORDER BY seq"
        ),
        {"d": device, "k": CHANGES},
    ).all()
    applied = max((s for s, st in rows if st == "applied"), default=0)
    pending = [s for s, st in rows if st == "pending"]
    top = max(pending, default=applied)
    known = {s for s, _ in rows}
    return {"highest": applied, "missing": [n for n in range(applied + 1, top) if n not in known]}


def _relays(conn: Connection, peer: sync_state.Peer) -> tuple[dict[str, list[list]], list[tuple]]:
    """Records of people transferred to ``peer``'s commune: sent with every reply until the
    commune's takeover comes back in one of its bundles (a lost reply loses nothing), and
    again whenever the transfer itself changes."""
    transfers = conn.execute(
        text(
            "SELECT t.id, t.person_id, t.version FROM transfer t JOIN person p ON p.id = t.person_id "
            "LEFT JOIN relay_sent r ON r.transfer_id = t.id AND r.device_id = :d "
            "WHERE t.to_unit_code = :u AND t.unit_code != :u AND t.deleted = 0 "
            "AND t.direction = 'out' "
            "AND (p.unit_code != :u OR r.version IS NULL OR r.version != t.version)"
        ),
        {"d": peer.device_id, "u": peer.unit_code},
    ).all()
    if not transfers:
        return {}, []
    persons = sorted({t[1] for t in transfers})
    tables: dict[str, list[list]] = {}
    needed: dict[str, set[str]] = {"hamlet": set(), "officer": set()}
    person_rows = records.rows_by_id(conn, models.Person, persons)
    if person_rows:
        tables["person"] = person_rows
    for name in records.PERSON_TABLES + records.EPISODE_TABLES:
        owner = (
            "person_id IN :p"
            if name in records.PERSON_TABLES
            else ("episode_id IN (SELECT id FROM management_episode WHERE person_id IN :p)")
        )
        ids = [
            r[0]
            for r in conn.execute(
                text(f"SELECT id FROM {name} WHERE {owner}").bindparams(
                    bindparam("p", expanding=True)
                ),
                {"p": persons},
            )
        ]
        rows = records.rows_by_id(conn, records.BY_NAME[name], ids)
        if rows:
            tables[name] = rows
    # The hamlets and officers those records point at travel with them (foreign keys).
    for name, rows in tables.items():
        model = records.BY_NAME[name]
        for column in records.table(model).columns:
            for fk in column.foreign_keys:
                target = fk.column.table.name
                if target in needed:
                    at = records.columns(model).index(column.name)
                    needed[target].update(r[at] for r in rows if r[at])
    for target in ("officer", "hamlet"):
        if needed[target]:
            tables[target] = records.rows_by_id(
                conn, records.BY_NAME[target], sorted(needed[target])
            )
    ordered = {
        records.table_name(m): tables[records.table_name(m)]
        for m in records.MODELS
        if tables.get(records.table_name(m))
    }
    return ordered, [(t[0], t[2]) for t in transfers]


def prepare_reply(db: Database, device_id: str) -> outbox.Outbound:
    """The station's answer to a commune: receipt, revocations, populations, relays."""
    if db.role is not Role.SUPERVISOR:
        raise SyncError("commune_cannot_reply")
    keys = identity.own_keys(db)
    with db.write() as txn:
        conn = txn.conn
        peer = identity.peer(conn, device_id)
        if peer is None or peer.revoked_at is not None:
            raise SyncError("unknown_device", device=device_id)
        relays, sent = _relays(conn, peer)
        revoked = conn.execute(
            text(
                "SELECT device_id, unit_code, revoked_after_seq FROM peer "
                "WHERE revoked_at IS NOT NULL ORDER BY device_id"
            )
        ).all()
        populations = conn.execute(
            text("SELECT code, population FROM unit WHERE population IS NOT NULL ORDER BY code")
        ).all()
        payload = {
            "records": {
                name: records.table_block(records.BY_NAME[name], rows)
                for name, rows in relays.items()
            },
            "receipt": _receipt(conn, device_id),
            "revocations": [{"device_id": d, "unit_code": u, "last_seq": s} for d, u, s in revoked],
            "populations": [[c, p] for c, p in populations],
            # The criteria in force here, sent so communes compute the same indicators.
            "criteria": criteria.criteria_json(conn),
        }
        counts = {name: len(rows) for name, rows in relays.items()}
        seq, prev = outbox.next_in_stream(conn, REPLY, device_id)
        signed = outbox.manifest(db, REPLY, seq, prev, [device_id], counts)
        inner = bundle.parse_inner(bundle.build_inner(signed, payload, keys.signer))
        data = bundle.encrypt(inner.data, [peer.age_recipient])
        name = f"reply-{peer.unit_code}-{seq:06d}{bundle.EXTENSION}"
        out = outbox.store_outbound(
            txn, REPLY, device_id, seq, name, inner, data, sum(counts.values())
        )
        for transfer_id, version in sent:
            conn.execute(
                text(
                    "INSERT OR REPLACE INTO relay_sent (transfer_id, device_id, version, sent_at) "
                    "VALUES (:t, :d, :v, :at)"
                ),
                {"t": transfer_id, "d": device_id, "v": version, "at": models.utcnow()},
            )
        db.audit(txn, AuditAction.EXPORT, "outbound_bundle", str(out.id), [str(seq), device_id])
    return out


# ---------------------------------------------------------------- at the commune: applying it


def apply_reply(
    db: Database, txn: Txn, payload: dict, station: str, incoming: records.Incoming
) -> int:
    """The reply sections of a verified reply from ``station``, applied in ``txn`` (its
    records are merged already); returns how many transferred people were held back as
    conflicts."""
    conn = txn.conn
    receipt = payload["receipt"]
    conn.execute(
        text(
            "UPDATE outbound_bundle SET receipted_at = :at WHERE kind = :k AND seq <= :h "
            "AND receipted_at IS NULL"
        ),
        {"at": models.utcnow(), "k": CHANGES, "h": receipt["highest"]},
    )
    exchange.set_meta(
        conn,
        "receipt",
        json.dumps({**receipt, "station": station, "at": models.utcnow().isoformat()}),
    )
    exchange.set_meta(conn, "revocations", json.dumps(payload["revocations"]))
    for code, population in payload["populations"]:
        conn.execute(
            text("UPDATE unit SET population = :p WHERE code = :c"), {"p": population, "c": code}
        )
    if payload["criteria"] is not None:
        try:
            criteria.adopt_criteria(conn, payload["criteria"])
        except ValueError as exc:
            raise bundle.BundleError("damaged", f"criteria: {exc}") from None
    return _adopt_transferred(db, txn, incoming)


def _adopt_transferred(db: Database, txn: Txn, incoming: records.Incoming) -> int:
    """People who moved here become this commune's: their profile is taken over (a local
    change, sent back to the station with the next bundle) and an incoming transfer noted.
    One whose citizen ID a living profile here already has is not: it is kept in the
    conflicts list instead; returns how many were."""
    conn = txn.conn
    held = 0
    cols = records.columns(models.Transfer)
    at = {
        c: cols.index(c)
        for c in (
            "id",
            "person_id",
            "from_unit_code",
            "to_unit_code",
            "move_date",
            "deleted",
            "direction",
        )
    }
    for row in incoming.tables.get("transfer", []):
        if (
            row[at["to_unit_code"]] != db.unit_code
            or row[at["deleted"]]
            or row[at["direction"]] != TransferDirection.OUT.value
        ):
            continue
        person = txn.session.get(models.Person, row[at["person_id"]])
        if person is None or person.unit_code == db.unit_code:
            continue
        if (
            duplicates.citizen_id_holder(
                conn, db.unit_code, person.citizen_id, other_than=person.id
            )
            is not None
        ):
            # Someone here already has this citizen ID: taking the profile over would make
            # two. It waits in the conflicts list (the station relays it again with every
            # reply) until the officer sorts out which profile is right.
            records.keep_losers(
                conn,
                "person",
                [
                    (person.id, "", tuple(row))
                    for row in records.rows_by_id(conn, models.Person, [person.id])
                ],
            )
            held += 1
            continue
        person.unit_code, person.hamlet_id = db.unit_code, None
        stamp(db, txn, person)
        txn.session.add(person)
        arrival = models.Transfer(
            person_id=person.id,
            direction=TransferDirection.IN.value,
            unit_code=db.unit_code,
            from_unit_code=row[at["from_unit_code"]],
            to_unit_code=db.unit_code,
            move_date=date.fromisoformat(row[at["move_date"]]),
            notes="",
        )
        stamp(db, txn, arrival, created=True)
        txn.session.add(arrival)
        txn.session.flush()
        db.audit(txn, AuditAction.UPDATE, "person", person.id, ["unit_code", "hamlet_id"])
        db.audit(txn, AuditAction.CREATE, "transfer", arrival.id, ["direction"])
        search_index.reindex_persons(conn, [person.id])
        followups.refresh(conn, [person.id], today=clock.today())
    return held
