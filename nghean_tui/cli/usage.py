"""argparse in the officer's language: the usage prefix, the section titles, the help option,
the placeholders of values (``DIR`` → ``THƯ_MỤC``) and argparse's own error sentences.

argparse words these through gettext in its own module; rather than touch that module, the
parser and its formatter here pass the translated words in where argparse lets them (the usage
prefix, the group titles, the help action, the metavars), and :func:`usage_error` rewrites the
one-line errors argparse composes, recognised by their fixed shape. An error of an unknown shape
is never shown in English to a Vietnamese reader: it becomes a general sentence (the usage and
``--help`` still say what is expected).
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable

from nghean_tui.i18n import language, t

# The placeholders the commands use for values, → their catalogue key.
METAVARS = {
    "ACTION": "lang.metavar_action",
    "CODE": "lang.metavar_code",
    "COMMAND": "lang.metavar_command",
    "DD/MM/YYYY": "lang.metavar_date",
    "DEVICE_ID": "lang.metavar_device",
    "DIR": "lang.metavar_dir",
    "FILE": "lang.metavar_file",
    "N": "lang.metavar_number",
    "NAME": "lang.metavar_name",
    "PATH": "lang.metavar_path",
    "PERIOD": "lang.metavar_period",
}


def metavar(name: str | None) -> str | None:
    """The placeholder ``name`` in the current language (unknown ones unchanged)."""
    return t(METAVARS[name]) if name in METAVARS else name


class Formatter(argparse.HelpFormatter):
    """Help with the usage line introduced in the current language."""

    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups, t("lang.cli_usage") if prefix is None else prefix)


class TranslatedParser(argparse.ArgumentParser):
    """An argument parser whose help and errors read in the current language."""

    def __init__(self, *args, **kwargs) -> None:
        add_help = kwargs.pop("add_help", True)
        kwargs.setdefault("formatter_class", Formatter)
        kwargs["add_help"] = False  # ours, with its help in the current language
        super().__init__(*args, **kwargs)
        self._positionals.title = t("lang.cli_positionals")
        self._optionals.title = t("lang.cli_options")
        if add_help:
            self.add_argument(
                "-h", "--help", action="help", default=argparse.SUPPRESS, help=t("lang.cli_help")
            )

    def add_argument(self, *args, **kwargs):
        if "metavar" in kwargs and isinstance(kwargs["metavar"], str):
            kwargs["metavar"] = metavar(kwargs["metavar"])
        return super().add_argument(*args, **kwargs)

    def add_subparsers(self, **kwargs):
        if "metavar" in kwargs:
            kwargs["metavar"] = metavar(kwargs["metavar"])
        return super().add_subparsers(**kwargs)


def _names(text: str) -> str:
    return ", ".join(metavar(name.strip()) or "" for name in text.split(","))


# argparse's sentences (Python 3.11–3.13 wordings), each with how to say it.
_SENTENCES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (
        re.compile(r"invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)"),
        lambda m: t("lang.cli_invalid_choice", value=m["value"], choices=m["choices"]),
    ),
    (
        re.compile(r"the following arguments are required: (?P<names>.+)"),
        lambda m: t("lang.cli_required", names=_names(m["names"])),
    ),
    (
        re.compile(r"unrecognized arguments: (?P<names>.+)"),
        lambda m: t("lang.cli_unrecognized", names=m["names"]),
    ),
    (re.compile(r"expected one argument"), lambda m: t("lang.cli_expected_one")),
    (re.compile(r"expected at most one argument"), lambda m: t("lang.cli_expected_at_most_one")),
    (re.compile(r"expected at least one argument"), lambda m: t("lang.cli_expected_at_least_one")),
    (
        re.compile(r"expected (?P<count>\d+) arguments?"),
        lambda m: t("lang.cli_expected_count", count=m["count"]),
    ),
    (
        re.compile(r"invalid \S+ value: (?P<value>.+)"),
        lambda m: t("lang.cli_invalid_value", value=m["value"]),
    ),
    (
        re.compile(r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)"),
        lambda m: t("lang.cli_ambiguous", option=m["option"], matches=m["matches"]),
    ),
    (
        re.compile(r"not allowed with argument (?P<name>.+)"),
        lambda m: t("lang.cli_not_allowed_with", name=_names(m["name"])),
    ),
    (
        re.compile(r"ignored explicit argument (?P<value>.+)"),
        lambda m: t("lang.cli_explicit_ignored", value=m["value"]),
    ),
    (
        re.compile(r"one of the arguments (?P<names>.+) is required"),
        lambda m: t("lang.cli_one_required", names=m["names"]),
    ),
]
_ARGUMENT = re.compile(r"argument (?P<name>.+?): (?P<message>.+)", re.DOTALL)


def usage_error(message: str) -> str:
    """argparse's error ``message`` in the current language. Messages the commands wrote
    themselves (already translated: a number out of range…) pass through unchanged."""
    found = _ARGUMENT.fullmatch(message)
    if found:
        return t(
            "lang.cli_argument", name=_names(found["name"]), message=_sentence(found["message"])
        )
    return _sentence(message)


def _sentence(message: str) -> str:
    for pattern, say in _SENTENCES:
        found = pattern.fullmatch(message)
        if found:
            return say(found)
    if language() == "en" or _translated(message):
        return message
    return t("lang.cli_bad_usage")


def _translated(message: str) -> bool:
    """Whether ``message`` is one of the catalogue's (a command's own refusal of a value)."""
    return bool(re.search(r"[^\x00-\x7f]", message))
