"""What became of one bundle file on import: an :class:`Outcome` and its :class:`ImportStatus`.

Plain data, importing nothing of the database, so the command line and the screens show
outcomes without loading the sync machinery (:mod:`~nghean_tui.sync.inbox` makes them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class ImportStatus(str, Enum):
    """What became of one bundle file. A ``str``: outcomes compare equal to, and are written
    (JSON, messages, message keys) exactly as, the plain codes they were before."""

    ACCEPTED = "accepted"  # verified and applied
    DUPLICATE = "duplicate"  # already applied (or superseded by a newer reply): nothing written
    PENDING = "pending"  # verified, held until the bundles before it arrive
    REJECTED = "rejected"  # refused: ``reason`` says why, nothing written
    CONFLICTING = "conflicting"  # a fork in the sender's history: only an alert written

    def __str__(self) -> str:
        return self.value


# The statuses of a file that needs nothing more (a pending one waits for others, not for it).
OK_STATUSES = (ImportStatus.ACCEPTED, ImportStatus.DUPLICATE, ImportStatus.PENDING)
# The statuses of a file refused: a person must look at it.
REFUSED_STATUSES = (ImportStatus.REJECTED, ImportStatus.CONFLICTING)


@dataclass
class Outcome:
    """What became of one bundle file."""

    name: str
    status: ImportStatus
    reason: str = ""
    detail: str = ""
    kind: str = ""
    sender_device: str = ""
    sender_unit: str = ""
    seq: int = 0
    records: int = 0
    conflicts: int = 0
    missing: list[int] = field(default_factory=list)
    also_applied: list[int] = field(default_factory=list)  # pending bundles this one unblocked
    clamped: int = 0  # version stamps too far ahead of the station's clock, clamped

    @property
    def ok(self) -> bool:
        return self.status in OK_STATUSES

    def as_dict(self) -> dict:
        return {
            k: getattr(self, k)
            for k in (
                "name",
                "status",
                "reason",
                "kind",
                "sender_device",
                "sender_unit",
                "seq",
                "records",
                "conflicts",
                "missing",
                "also_applied",
                "clamped",
            )
        }
