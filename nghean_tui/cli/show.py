"""How the commands print: names, units, roles, moments and lists, and what came from
outside (a path, a name, a manifest field) escaped first (``domain.text.literal``)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from nghean_tui.domain.formats import fmt_moment
from nghean_tui.i18n import t

if TYPE_CHECKING:
    from nghean_tui.sync.files import WriteFailed


def shown(value: object) -> str:
    """A path or name from outside as it may be printed (controls and odd bytes escaped)."""
    from nghean_tui.domain.text import literal

    return literal(str(value))


def unit_name(code: str) -> str:
    from nghean_tui.storage import reference

    ref = reference.unit(code)
    return ref.name if ref else code


def role_label(value: str) -> str:
    from nghean_tui.domain.enums import Role
    from nghean_tui.i18n import label

    try:
        return label(Role(value))
    except ValueError:
        return value


def when(moment: datetime | str | None) -> str:
    """A stored moment (UTC) in local time, to the minute, as everywhere: dd/mm/yyyy HH:MM."""
    from datetime import timezone

    if moment is None:
        return t("cli.sync_never")
    if not isinstance(moment, datetime):
        moment = datetime.fromisoformat(str(moment))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return fmt_moment(moment)


def created(value: str) -> str:
    """A manifest's created-at (informational, the sender's clock), shown like the others."""
    try:
        return when(value)
    except ValueError:
        return value


def numbers(values: Iterable[object]) -> str:
    return ", ".join(str(v) for v in values)


def dump(obj: object) -> None:
    print(json.dumps(obj, ensure_ascii=False, indent=1, default=str))


def write_failed(exc: WriteFailed) -> str:
    """What a failed write of a bundle says, and where."""
    return f"{t(f'sync.write.{exc.reason}')} ({shown(exc.path)})"
