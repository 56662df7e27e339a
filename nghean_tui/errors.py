"""One place that turns refusals into a sentence for a person (CLI and screens alike).

Unknown exceptions are named by type only: their text can carry SQL parameters, which means
personal data, and must not reach a terminal, a log or a crash report. The values a sentence
quotes (a name typed on the command line, a choice read from a file) are shown escaped
(:func:`nghean_tui.domain.text.literal`): a refusal must never be the way an escape sequence
reaches the terminal.
"""

from __future__ import annotations

import math
import os


def describe(exc: BaseException) -> str:
    from nghean_tui.i18n import t
    from nghean_tui.storage.vault import StorageError

    if isinstance(exc, StorageError):  # first, and cheaply: "in use" is told before any unlock
        params = shown_params(exc.params)
        if "seconds" in params:
            params["seconds"] = max(1, math.ceil(params["seconds"]))
        return t(f"error.{exc.reason}", **params)
    from nghean_tui.domain.text import literal
    from nghean_tui.domain.validation import ValidationError
    from nghean_tui.storage.keyslots import KeyslotError
    from nghean_tui.storage.safefile import FileRefused

    if isinstance(exc, ValidationError):
        return "; ".join(describe_issue(i) for i in exc.issues)
    if isinstance(exc, KeyslotError):
        return t(f"error.keyslots_{exc.reason}")
    if isinstance(exc, FileRefused):
        return f"{t(f'file.{exc.reason}')} ({literal(str(exc.path))})"
    if isinstance(exc, OSError):
        if exc.filename is None or str(exc.filename) == "":
            return t("lang.os_error", detail=os_reason(exc))
        return t("error.os", detail=os_reason(exc), path=literal(str(exc.filename)))
    return t("error.unexpected", kind=type(exc).__name__)


# The operating system's errors a person meets (a stick pulled out, full or write-protected, a
# folder without rights…), by errno, → catalogue key: the system's own text is English.
OS_REASONS = {
    "ENOENT": "lang.os_not_found",
    "EACCES": "lang.os_permission",
    "EPERM": "lang.os_not_permitted",
    "EROFS": "lang.os_read_only",
    "ENOSPC": "lang.os_no_space",
    "EDQUOT": "lang.os_no_space",
    "EEXIST": "lang.os_exists",
    "ENOTDIR": "lang.os_not_a_folder",
    "EISDIR": "lang.os_is_a_folder",
    "ENOTEMPTY": "lang.os_not_empty",
    "EIO": "lang.os_io",
    "EBUSY": "lang.os_busy",
    "ENAMETOOLONG": "lang.os_name_too_long",
    "ELOOP": "lang.os_loop",
    "EXDEV": "lang.os_other_drive",
    "ENODEV": "lang.os_no_device",
    "ENXIO": "lang.os_no_device",
    "EMFILE": "lang.os_too_many_open",
    "EFBIG": "lang.os_too_big",
    "EINVAL": "lang.os_invalid",
    "ETIMEDOUT": "lang.os_timed_out",
}


def os_reason(exc: OSError) -> str:
    """Why the operating system refused, in the current language. An errno not in
    :data:`OS_REASONS` is named by its code: its English text is not shown in Vietnamese."""
    import errno

    from nghean_tui.i18n import language, t

    name = errno.errorcode.get(exc.errno) if isinstance(exc.errno, int) else None
    if name in OS_REASONS:
        return t(OS_REASONS[name])
    if language() == "en" and exc.strerror:
        return exc.strerror
    return t("lang.os_other", code=name or type(exc).__name__)


def debugging() -> bool:
    """Whether a developer asked for tracebacks (``NGHEAN_DEBUG=1``). Never on an officer's
    laptop: a traceback's text and local variables hold records."""
    return os.environ.get("NGHEAN_DEBUG") == "1"


class Stopped(Exception):
    """The application stopping after an error nothing caught, as the person is told it: one
    translated line naming the kind of error only (what Textual prints on exit)."""

    def __init__(self, error: BaseException) -> None:
        super().__init__(type(error).__name__)
        self.kind = type(error).__name__

    def __rich__(self):
        from rich.text import Text

        from nghean_tui.i18n import t

        # One line however narrow the terminal: a script reading stderr gets it whole.
        return Text(t("error.stopped", kind=self.kind), no_wrap=True, overflow="ignore")


def shown_params(params: dict) -> dict:
    """``params`` with every string escaped, for a message that quotes them; a
    :class:`~nghean_tui.domain.issues.Bilingual` value in the current language."""
    from datetime import date

    from nghean_tui.domain.formats import fmt_date
    from nghean_tui.domain.issues import Bilingual
    from nghean_tui.domain.text import literal
    from nghean_tui.i18n import language

    params = {k: v.label(language()) if isinstance(v, Bilingual) else v for k, v in params.items()}
    # A date quoted in a sentence reads dd/mm/yyyy, as everywhere ("hôm nay là 20/11/2026").
    params = {k: fmt_date(v) if isinstance(v, date) else v for k, v in params.items()}
    return {k: literal(v) if isinstance(v, str) else v for k, v in params.items()}


def issue_message(issue) -> str:
    """The catalogue sentence for a validation issue (what a form shows beside its field)."""
    from nghean_tui.i18n import t

    return t(f"validation.{issue.code}", **shown_params(issue.params))


def describe_issue(issue) -> str:
    from nghean_tui.i18n import t

    return f"{t(f'field.{issue.field}')}: {issue_message(issue)}"


def clock_notice(db) -> str | None:
    """A warning for the officer when this laptop's clock disagrees with its own last stamps
    (``domain.hlc.clock_warning``), or None. Work goes on either way."""
    from nghean_tui.domain.hlc import clock_warning
    from nghean_tui.i18n import t

    warning = clock_warning(db.clock)
    if warning is None:
        return None
    kind, amount = warning
    if kind == "ahead":
        return t("clock.ahead", days=amount)
    if amount >= 2 * 24 * 60:
        return t("clock.behind", amount=t("clock.days", count=amount // (24 * 60)))
    if amount >= 120:
        return t("clock.behind", amount=t("clock.hours", count=amount // 60))
    return t("clock.behind", amount=t("clock.minutes", count=amount))
