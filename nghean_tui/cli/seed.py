"""``seed``: synthetic people, patrols and teams in a demo database (for trying the
application at a realistic size). The only part of the command line that uses
:mod:`nghean_tui.synthetic`, and only when the command runs (an import-linter contract in
pyproject.toml holds the rest of the package to it)."""

from __future__ import annotations

import argparse

from nghean_tui.cli.common import (
    EXIT_OK,
    Failure,
    SecretReader,
    command,
    opened,
    positive,
    secret_options,
)
from nghean_tui.i18n import t


def register(commands: argparse._SubParsersAction) -> None:
    seed = command(commands, "seed", cmd_seed)
    seed.add_argument(
        "--persons", type=positive, required=True, metavar="N", help=t("cli.help_persons")
    )
    seed.add_argument(
        "--patrols", type=positive, default=0, metavar="N", help=t("cli.help_patrols")
    )
    seed.add_argument("--teams", type=positive, default=None, metavar="N", help=t("cli.help_teams"))
    seed.add_argument("--seed", type=int, default=None, help=argparse.SUPPRESS)
    secret_options(seed)


def cmd_seed(args: argparse.Namespace, reader: SecretReader) -> int:
    import time

    from nghean_tui.synthetic.seed import seed

    with opened(args, reader) as db:
        if db.role.value != "commune":
            raise Failure(t("cli.seed_commune_only"))
        if not db.demo:  # synthetic people among real ones would be false records
            raise Failure(t("cli.seed_real_refused"))
        start = time.perf_counter()
        counts = seed(
            db, persons=args.persons, patrols=args.patrols, teams=args.teams, seed=args.seed
        )
        elapsed = time.perf_counter() - start
    summary = ", ".join(f"{table}: {n}" for table, n in counts.items() if n)
    print(t("cli.seed_done", seconds=f"{elapsed:.1f}", summary=summary))
    return EXIT_OK
