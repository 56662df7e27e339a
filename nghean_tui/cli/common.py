"""What every command of the command line shares: the exit codes, the one-line refusal, the
parser and its common options, reading secrets, and opening the database.

Only argparse and the message catalogue are imported up front (``--help`` stays fast); what
opens a database is imported when a command runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from nghean_tui.cli.usage import TranslatedParser, usage_error
from nghean_tui.i18n import t

if TYPE_CHECKING:
    from nghean_tui.storage.database import Database
    from nghean_tui.storage.vault import Vault

# The exit codes, a stable contract (scripts and tests rely on them).
EXIT_OK = 0  # done
EXIT_FAILED = 1  # refused or failed, with a one-line reason on stderr
EXIT_USAGE = 2  # usage error (argparse), the reason and where to look

# A command: the parsed arguments and where secrets come from → the exit code.
Handler = Callable[[argparse.Namespace, "SecretReader"], int]


class Failure(Exception):
    """A refusal to report on one line (already translated)."""


def fail(key: str, **params: Any) -> Failure:
    """The refusal with message ``key`` (to raise)."""
    return Failure(t(key, **params))


# ---------------------------------------------------------------- the parser


class Parser(TranslatedParser):
    """The command line's parser: help and usage errors in the current language
    (:mod:`.usage`), a usage error on one line with where to look, exit code 2."""

    def error(self, message: str) -> NoReturn:
        said = usage_error(message)
        self.exit(EXIT_USAGE, f"{self.prog}: {said} ({t('cli.see_help', prog=self.prog)})\n")


def positive(value: str) -> int:
    """An ``N`` option: a whole number from 0 to ten million."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(t("cli.not_a_number", value=value)) from None
    if number < 0 or number > 10_000_000:
        raise argparse.ArgumentTypeError(t("cli.out_of_range", value=value))
    return number


def global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """``--data-dir`` and ``--lang``: on the program and again on every command, so they are
    accepted before or after it (suppressed there: a command's default never hides one given
    before it)."""
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument("--data-dir", metavar="DIR", default=default, help=t("cli.help_data_dir"))
    parser.add_argument("--lang", choices=("vi", "en"), default=default, help=t("cli.help_lang"))


def secret_options(parser: argparse.ArgumentParser) -> None:
    """How a command that unlocks the database reads its secret."""
    parser.add_argument(
        "--passphrase-stdin", action="store_true", help=t("cli.help_passphrase_stdin")
    )
    parser.add_argument("--recovery", action="store_true", help=t("cli.help_recovery"))


def command(
    commands: argparse._SubParsersAction, name: str, handler: Handler | None = None
) -> argparse.ArgumentParser:
    """The subparser of command ``name``, its help ``cli.help_<name>``; ``handler`` runs it
    (a command with actions gives each action its own, see :func:`actions`)."""
    help_text = t(f"cli.help_{name}")
    sub = commands.add_parser(name, help=help_text, description=help_text)
    global_options(sub, suppress=True)
    if handler is not None:
        sub.set_defaults(handler=handler)
    return sub


def actions(
    commands: argparse._SubParsersAction, group: str, handlers: dict[str, Handler]
) -> dict[str, argparse.ArgumentParser]:
    """Command ``group`` with one required action per entry of ``handlers`` (in that order),
    each with its help ``cli.help_<group>_<action>`` and the secret options."""
    chosen = command(commands, group).add_subparsers(
        dest="action", metavar="ACTION", required=True, parser_class=Parser
    )
    result: dict[str, argparse.ArgumentParser] = {}
    for name, handler in handlers.items():
        help_text = t(f"cli.help_{group}_{name.replace('-', '_')}")
        sub = chosen.add_parser(name, help=help_text, description=help_text)
        global_options(sub, suppress=True)
        secret_options(sub)
        sub.set_defaults(handler=handler)
        result[name] = sub
    return result


# ---------------------------------------------------------------- reading secrets


class SecretReader:
    """Reads secrets in order: lines of stdin where asked, else a no-echo prompt."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdin

    def line(self) -> str:
        line = self.stream.readline()
        if not line:
            raise Failure(t("cli.stdin_empty"))
        return line.rstrip("\r\n")

    def prompt(self, label: str, *, confirm: bool = False) -> str:
        import getpass

        if not sys.stdin.isatty():
            raise Failure(t("cli.no_terminal"))
        first = getpass.getpass(f"{label}: ")
        if confirm and getpass.getpass(t("cli.prompt_again") + ": ") != first:
            raise Failure(t("cli.passphrases_differ"))
        return first


def new_passphrase(reader: SecretReader, from_stdin: bool, *names: str | None) -> str:
    """Read a new passphrase and refuse a weak one; ``names`` (unit, officer) count as words
    a guesser tries first."""
    from nghean_tui.domain.passphrase import check_new_passphrase, context_words

    value = reader.line() if from_stdin else reader.prompt(t("cli.prompt_new"), confirm=True)
    problem = check_new_passphrase(value, context_words(*names))
    if problem:
        raise Failure(t(f"passphrase.{problem}"))
    return value


# ---------------------------------------------------------------- opening the database


def data_vault(args: argparse.Namespace) -> Vault:
    """The vault of the data folder ``--data-dir`` names (or the default one), held by this
    process until it is closed."""
    from nghean_tui.config import resolve_data_dir
    from nghean_tui.storage.vault import Vault

    return Vault(resolve_data_dir(args.data_dir))


@contextmanager
def unlocked(vault: Vault, args: argparse.Namespace, reader: SecretReader) -> Iterator[Database]:
    """The vault's database, unlocked with the secret ``--passphrase-stdin`` / ``--recovery``
    say how to read; closed however the block ends."""
    if not vault.initialised:
        raise Failure(t("error.not_initialised", path=str(vault.data_dir)))
    if args.recovery:
        secret = reader.line() if args.passphrase_stdin else reader.prompt(t("cli.prompt_recovery"))
        db = warn_clock(vault.unlock(recovery_code=secret))
    else:
        secret = (
            reader.line() if args.passphrase_stdin else reader.prompt(t("cli.prompt_passphrase"))
        )
        db = warn_clock(vault.unlock(passphrase=secret))
    try:
        yield db
    finally:
        db.close()


@contextmanager
def opened(args: argparse.Namespace, reader: SecretReader) -> Iterator[Database]:
    """The data folder's database, unlocked as every command does (:func:`unlocked`); the
    database and its vault are closed however the block ends."""
    with data_vault(args) as vault, unlocked(vault, args, reader) as db:
        yield db


def warn_clock(db: Database) -> Database:
    """Say on stderr when this laptop's clock looks wrong (the command goes on)."""
    from nghean_tui.errors import clock_notice

    notice = clock_notice(db)
    if notice:
        print(f"nghean-tui: {notice}", file=sys.stderr)
    return db
