"""The audit log: who did what to which record, when, and which fields — never the values.

Entries are chained: each one's hash covers its content and the previous hash, so removing,
reordering or editing an entry breaks every hash after it. The database refuses UPDATE and
DELETE on the table (triggers), and :func:`verify` walks the chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, text

from nghean_tui.domain.enums import AuditAction
from nghean_tui.domain.models import utcnow

GENESIS = "0" * 64


def _entry_hash(
    prev_hash: str,
    seq: int,
    at: str,
    officer_id: str | None,
    action: str,
    table_name: str,
    record_id: str,
    fields: str,
) -> str:
    payload = json.dumps(
        [seq, at, officer_id, action, table_name, record_id, fields],
        separators=(",", ":"),
        ensure_ascii=True,
    )
    return hashlib.sha256(f"{prev_hash}|{payload}".encode()).hexdigest()


def _at_text(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%S")


def append(
    conn: Connection,
    *,
    officer_id: str | None,
    action: AuditAction,
    table_name: str = "",
    record_id: str = "",
    fields: Iterable[str] = (),
    at: datetime | None = None,
) -> str:
    """Add one entry inside the caller's (write) transaction and return its hash."""
    last = conn.execute(text("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")).first()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    at = at or utcnow()
    field_text = json.dumps(sorted(fields), ensure_ascii=True, separators=(",", ":"))
    digest = _entry_hash(
        prev, seq, _at_text(at), officer_id, action.value, table_name, record_id, field_text
    )
    conn.execute(
        text(
            "INSERT INTO audit_log (seq, at, officer_id, action, table_name, record_id, "
            "fields, prev_hash, hash) VALUES (:seq, :at, :officer, :action, :table, :record, "
            ":fields, :prev, :hash)"
        ),
        {
            "seq": seq,
            "at": at.strftime("%Y-%m-%d %H:%M:%S.000000"),
            "officer": officer_id,
            "action": action.value,
            "table": table_name,
            "record": record_id,
            "fields": field_text,
            "prev": prev,
            "hash": digest,
        },
    )
    return digest


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    reason: str  # "gap", "prev_hash", "hash"


def verify(conn: Connection, *, limit_problems: int = 20) -> list[ChainProblem]:
    """Walk the whole chain; an empty list means it is intact."""
    problems: list[ChainProblem] = []
    prev, expected_seq = GENESIS, 1
    rows = conn.execute(
        text(
            "SELECT seq, at, officer_id, action, table_name, record_id, fields, prev_hash, hash "
            "FROM audit_log ORDER BY seq"
        )
    )
    for seq, at, officer, action, table_name, record, fields, prev_hash, digest in rows:
        if seq != expected_seq:
            problems.append(ChainProblem(seq, "gap"))
        if prev_hash != prev:
            problems.append(ChainProblem(seq, "prev_hash"))
        at_text = str(at)[:19].replace(" ", "T")
        if (
            _entry_hash(prev_hash, seq, at_text, officer, action, table_name, record, fields)
            != digest
        ):
            problems.append(ChainProblem(seq, "hash"))
        if len(problems) >= limit_problems:
            break
        prev, expected_seq = digest, seq + 1
    return problems
