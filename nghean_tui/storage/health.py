"""``nghean-tui check``: is the database whole, and can its history be trusted?"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import text

from nghean_tui.domain.enums import Role
from nghean_tui.storage import audit, duplicates, followups, migrate, search_index
from nghean_tui.storage.database import Database
from nghean_tui.storage.vault import Vault


@dataclass(frozen=True)
class CheckResult:
    name: str  # catalogue key ``check.<name>``
    ok: bool
    detail: str = ""
    warning: bool = False  # not ok, but nothing wrong with the database itself
    groups: tuple = ()  # what a warning is about, to list (duplicates.Group)

    def as_dict(self) -> dict:
        return asdict(self)


def terms_outside_the_law(conn) -> list[str]:
    """Ids of live episodes whose stored term is outside the legal range (saved before it
    was enforced, or received from another device): listed for review, never rewritten."""
    from nghean_tui.domain import clock
    from nghean_tui.domain.parsing import as_date
    from nghean_tui.domain.validation import check_term

    rows = conn.execute(
        text(
            "SELECT id, episode_type, term_months, decision_date, start_date FROM management_episode "
            "WHERE deleted = 0 AND term_months IS NOT NULL ORDER BY id"
        )
    ).all()
    today = clock.today()
    return [
        row[0]
        for row in rows
        if check_term(
            row[1], row[2], decision_date=as_date(row[3]), start_date=as_date(row[4]), today=today
        )
        is not None
    ]


def run_checks(db: Database, vault: Vault) -> list[CheckResult]:
    results = []
    with db.engine.connect() as conn:
        # SQLCipher verifies every page's HMAC: tampered or damaged pages show up here.
        bad_pages = conn.execute(text("PRAGMA cipher_integrity_check")).all()
        results.append(
            CheckResult(
                "cipher_integrity", not bad_pages, "; ".join(str(r[0]) for r in bad_pages[:5])
            )
        )
        integrity = [r[0] for r in conn.execute(text("PRAGMA integrity_check")).all()]
        healthy = integrity == ["ok"]
        results.append(
            CheckResult("integrity", healthy, "" if healthy else "; ".join(integrity[:5]))
        )
        broken = conn.execute(text("PRAGMA foreign_key_check")).all()
        results.append(
            CheckResult("foreign_keys", not broken, "; ".join(f"{r[0]}→{r[2]}" for r in broken[:5]))
        )
        problems = audit.verify(conn)
        results.append(
            CheckResult(
                "audit_chain", not problems, "; ".join(f"#{p.seq} {p.reason}" for p in problems[:5])
            )
        )
        revision = migrate.current_revision(conn)
        results.append(
            CheckResult(
                "schema",
                revision == migrate.HEAD,
                "" if revision == migrate.HEAD else f"{revision} ≠ {migrate.HEAD}",
            )
        )
        people = conn.execute(
            text("SELECT count(*) FROM person WHERE deleted = 0 AND search_rowid IS NOT NULL")
        ).scalar_one()
        indexed = conn.execute(text("SELECT count(*) FROM person_fts")).scalar_one()
        current = people == indexed and not search_index.needs_rebuild(conn)
        results.append(
            CheckResult("search_index", current, "" if current else f"{indexed} / {people}")
        )
        stale = followups.needs_rebuild(conn)
        results.append(CheckResult("followups", not stale))
        # Kept as they are (an officer decides which profile is right); listed here.
        found = duplicates.existing(conn, None if db.role is Role.SUPERVISOR else db.unit_code)
        results.append(
            CheckResult(
                "duplicates",
                not found,
                str(len(found)) if found else "",
                warning=bool(found),
                groups=tuple(found),
            )
        )
        outside = terms_outside_the_law(conn)
        results.append(
            CheckResult(
                "episode_terms",
                not outside,
                "" if not outside else f"{len(outside)}: " + ", ".join(outside[:5]),
                warning=bool(outside),
            )
        )
    from nghean_tui.domain.hlc import clock_warning

    clock = clock_warning(db.clock)
    results.append(
        CheckResult(
            "clock",
            clock is None,
            "" if clock is None else f"{clock[0]} {clock[1]}",
            warning=clock is not None,
        )
    )
    slots = vault.keyslots
    has_recovery = any(s.get("kind") == "recovery" for s in slots.slots)
    results.append(
        CheckResult(
            "keyslots",
            not slots.tampered and has_recovery,
            "tampered" if slots.tampered else "" if has_recovery else "no recovery slot",
        )
    )
    return results
