"""``check [--json]``: the database's health checks, and the duplicates they found."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from nghean_tui.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    SecretReader,
    command,
    data_vault,
    secret_options,
    unlocked,
)
from nghean_tui.i18n import t

if TYPE_CHECKING:
    from nghean_tui.storage.duplicates import Group, Profile


def register(commands: argparse._SubParsersAction) -> None:
    check = command(commands, "check", cmd_check)
    check.add_argument("--json", action="store_true", help=t("cli.help_json"))
    secret_options(check)


def cmd_check(args: argparse.Namespace, reader: SecretReader) -> int:
    from nghean_tui.domain.text import literal
    from nghean_tui.errors import clock_notice
    from nghean_tui.storage.health import run_checks

    with data_vault(args) as vault, unlocked(vault, args, reader) as db:
        results = run_checks(db, vault)
        clock_text = clock_notice(db)
    healthy = all(r.ok or r.warning for r in results)
    if args.json:
        print(
            json.dumps(
                {"ok": healthy, "checks": [r.as_dict() for r in results]},
                ensure_ascii=False,
                indent=1,
                default=str,
            )
        )
    else:
        for r in results:
            mark = t("check.ok") if r.ok else t("check.warning") if r.warning else t("check.failed")
            if r.name == "clock" and not r.ok:
                print(f"[{mark}] {t('check.clock')}: {clock_text}")
                continue
            detail = f": {literal(r.detail)}" if r.detail else ""
            print(f"[{mark}] {t('check.' + r.name)}{detail}")
            for group in r.groups:
                print("    " + duplicate_line(group))
        print(t("check.healthy") if healthy else t("check.unhealthy"))
    return EXIT_OK if healthy else EXIT_FAILED


def duplicate_line(group: Group) -> str:
    """One group of ``check``'s duplicates: what they share, then each profile."""
    from nghean_tui.domain.text import literal
    from nghean_tui.storage.reference import unit

    def who(p: Profile) -> str:
        place = unit(p.unit_code)
        return t(
            "check.duplicate_profile",
            name=literal(p.full_name),
            born=p.born or "?",
            hamlet=literal(p.hamlet) or "?",
            unit=place.name if place else p.unit_code,
            id=p.id[:8],
        )

    head = t(f"check.duplicate_{group.kind}", shared=literal(group.key))
    return f"{head} " + " · ".join(who(p) for p in group.profiles)
