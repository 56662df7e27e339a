"""The command line: ``nghean-tui [COMMAND …]``; with no command, the application.

The exit codes are a stable contract (:mod:`.common`): 0 done, 1 refused or failed (one line on
stderr), 2 a usage error. Each group of commands is a module that registers its own
subcommands, each with its handler:

* :mod:`.setup`: ``init``, ``demo`` (and the application itself);
* :mod:`.seed`: ``seed`` (the only module that uses :mod:`nghean_tui.synthetic`);
* :mod:`.check`: ``check``;  :mod:`.passphrase`: ``passphrase add|change|remove|renew-recovery``;
* :mod:`.reports`: ``report``, ``criteria``, ``population``;
* :mod:`.identity`: ``identity``, ``trust``;  :mod:`.sync` and :mod:`.sync_in`: ``sync``;
* :mod:`.escrow`: ``escrow recover``.

Whatever is printed that came from a user, a file, a bundle or the database is escaped first
(:func:`nghean_tui.domain.text.literal`): a name or a file can never send an escape sequence to
the terminal. ``--data-dir`` and ``--lang`` are accepted before or after the command.

Only argparse and the catalogue are imported to build the parser (``--help`` stays fast);
a command imports what it needs when it runs.
"""

from __future__ import annotations

import sys
from typing import TextIO

from nghean_tui.cli import check, escrow, identity, passphrase, reports, seed, setup, sync
from nghean_tui.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    Failure,
    Parser,
    SecretReader,
    global_options,
)
from nghean_tui.i18n import t


def build_parser() -> Parser:
    """The parser, its help in the current language (see :func:`_early_language`)."""
    parser = Parser(prog="nghean-tui", description=t("cli.help_description"))
    global_options(parser, suppress=False)
    parser.add_argument("--version", action="store_true", help=t("cli.help_version"))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    setup.register_init(commands)
    setup.register_demo(commands)
    seed.register(commands)
    check.register(commands)
    passphrase.register(commands)
    reports.register(commands)
    identity.register(commands)
    sync.register(commands)
    escrow.register(commands)
    return parser


def _early_language(argv: list[str]) -> str:
    """The language for help and usage errors, before the arguments are parsed."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv) and argv[i + 1] in ("vi", "en"):
            return argv[i + 1]
        if arg.startswith("--lang=") and arg[7:] in ("vi", "en"):
            return arg[7:]
    data_dir = None
    for i, arg in enumerate(argv):
        if arg == "--data-dir" and i + 1 < len(argv):
            data_dir = argv[i + 1]
        elif arg.startswith("--data-dir="):
            data_dir = arg[11:]
    from nghean_tui.config import Settings, resolve_data_dir

    return Settings.load(resolve_data_dir(data_dir)).lang


def main(argv: list[str] | None = None, *, stdin: TextIO | None = None) -> int:
    from nghean_tui.i18n import set_language

    argv = sys.argv[1:] if argv is None else list(argv)
    set_language(_early_language(argv))
    args = build_parser().parse_args(argv)
    if args.version:
        from nghean_tui import __version__

        print(f"nghean-tui {__version__}")
        return EXIT_OK
    reader = SecretReader(stdin)
    try:
        from nghean_tui.config import resolve_data_dir
        from nghean_tui.storage import safefile

        # Known before anything is unlocked: no output may go into the data folder.
        safefile.protect(resolve_data_dir(getattr(args, "data_dir", None)))
        handler = getattr(args, "handler", setup.cmd_tui)  # no command: the application
        return handler(args, reader)
    except Failure as exc:
        from nghean_tui.domain.text import literal

        print(f"nghean-tui: {literal(str(exc))}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return EXIT_FAILED
    except Exception as exc:  # a known refusal from below, or a bug: one line either way
        from nghean_tui.domain.text import literal
        from nghean_tui.errors import debugging, describe

        message = describe(exc)
        print(f"nghean-tui: {literal(message)}", file=sys.stderr)
        if debugging():  # a developer's traceback (plain: no local variables)
            raise
        return EXIT_FAILED
