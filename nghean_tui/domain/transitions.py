"""Which status changes a management episode may make, and what each status requires.

::

    proposed  ──► active ──► completed | stopped_early | transferred_out   (closed, final)
        │           ▲  │
        │           │  └──► absconded ──► active | stopped_early | transferred_out
        └──► stopped_early

* Closed statuses (completed, stopped early, transferred out) are final: managing the person
  again means a new episode, so the history of each decision stays as it was.
* ``absconded`` is not closed: the person may be found (back to active), may be found to have
  moved (transferred out) or an early-stop case may occur meanwhile (imprisoned, dead or
  missing). It cannot become ``completed``: time absconded does not count toward a term
  (Decree 116/2021 art. 56(4); art. 79(1)(b) for unreported absences after rehabilitation).
* ``stopped_early`` needs a stop reason (Law 73/2021 art. 23(5) lists them) and nothing else
  may carry one; a closed status needs the actual end date, an open one must not have it.
"""

from __future__ import annotations

from datetime import date

from nghean_tui.domain.enums import EpisodeStatus, StopReason
from nghean_tui.domain.issues import Issue

CLOSED: frozenset[EpisodeStatus] = frozenset(
    {EpisodeStatus.COMPLETED, EpisodeStatus.STOPPED_EARLY, EpisodeStatus.TRANSFERRED_OUT}
)
"""Statuses after which nothing more falls due and no change is allowed."""

OPEN: frozenset[EpisodeStatus] = frozenset(
    {EpisodeStatus.PROPOSED, EpisodeStatus.ACTIVE, EpisodeStatus.ABSCONDED}
)

ALLOWED: dict[EpisodeStatus, frozenset[EpisodeStatus]] = {
    EpisodeStatus.PROPOSED: frozenset({EpisodeStatus.ACTIVE, EpisodeStatus.STOPPED_EARLY}),
    EpisodeStatus.ACTIVE: frozenset(
        {
            EpisodeStatus.COMPLETED,
            EpisodeStatus.STOPPED_EARLY,
            EpisodeStatus.TRANSFERRED_OUT,
            EpisodeStatus.ABSCONDED,
        }
    ),
    EpisodeStatus.ABSCONDED: frozenset(
        {EpisodeStatus.ACTIVE, EpisodeStatus.STOPPED_EARLY, EpisodeStatus.TRANSFERRED_OUT}
    ),
    EpisodeStatus.COMPLETED: frozenset(),
    EpisodeStatus.STOPPED_EARLY: frozenset(),
    EpisodeStatus.TRANSFERRED_OUT: frozenset(),
}


def _status(value: EpisodeStatus | str) -> EpisodeStatus:
    return value if isinstance(value, EpisodeStatus) else EpisodeStatus(value)


def is_closed(status: EpisodeStatus | str) -> bool:
    """Whether ``status`` ends the episode for good."""
    return _status(status) in CLOSED


def allowed_next(status: EpisodeStatus | str) -> frozenset[EpisodeStatus]:
    """The statuses an episode in ``status`` may change to (excluding staying put)."""
    return ALLOWED[_status(status)]


def check_status(
    status: EpisodeStatus | str,
    *,
    stop_reason: StopReason | str | None = None,
    actual_end: date | None = None,
) -> list[Issue]:
    """Issues with the fields that go with ``status`` (stop reason, actual end)."""
    status = _status(status)
    issues: list[Issue] = []
    if status is EpisodeStatus.STOPPED_EARLY and not stop_reason:
        issues.append(Issue("stop_reason", "stop_reason_required"))
    if status is not EpisodeStatus.STOPPED_EARLY and stop_reason:
        issues.append(Issue("stop_reason", "stop_reason_not_allowed"))
    if status in CLOSED and actual_end is None:
        issues.append(Issue("actual_end", "actual_end_required"))
    if status in OPEN and actual_end is not None:
        issues.append(Issue("actual_end", "actual_end_not_allowed", {"status": status}))
    return issues


def check_transition(
    old: EpisodeStatus | str,
    new: EpisodeStatus | str,
    *,
    stop_reason: StopReason | str | None = None,
    actual_end: date | None = None,
) -> list[Issue]:
    """Issues with changing an episode from ``old`` to ``new`` with the given closing fields.

    Keeping the same status is always allowed (only the fields are checked).
    """
    old, new = _status(old), _status(new)
    issues: list[Issue] = []
    if old is not new and new not in ALLOWED[old]:
        code = "status_final" if old in CLOSED else "transition_not_allowed"
        issues.append(Issue("status", code, {"old": old, "new": new}))
    issues.extend(check_status(new, stop_reason=stop_reason, actual_end=actual_end))
    return issues
