"""Plans a person's management history: which episodes, in which order, with which dates.

A person follows a *path* through the kinds of management (say drug-user management → found
addicted → compulsory-rehab file → compulsory rehab → post-rehab management). The records show a
window of at most three consecutive episodes of that path, ending at the current one: older
episodes predate the register. Dates are laid out backwards from today so the current episode's
status is true today (an active episode has not reached its planned end, a completed one has),
and each earlier episode ends where the next one begins. All dates are ordinals.

*Scenarios* force a situation that falls due or is overdue around today; the demo profile uses
them so every kind of follow-up is on screen, the random mix produces them only by chance.
"""

from __future__ import annotations

import random
from datetime import date

from nghean_tui.synthetic.rand import Weighted, add_months, between

DU, VC, VF, OS = "drug_user", "voluntary_community", "voluntary_facility", "opioid_substitution"
CF, CA, CM, PR = "compulsory_file", "compulsory_adult", "compulsory_minor", "post_rehab"
COMMUNITY = frozenset({DU, VC, PR, OS})  # managed at home: residence checks, a management team

PATHS: Weighted[tuple[str, ...]] = Weighted(
    [
        ((DU,), 30),
        ((DU, VC, PR), 12),
        ((DU, VF, PR), 5),
        ((DU, CF, CA, PR), 16),
        ((DU, CF, CM, PR), 2),
        ((VC, PR), 6),
        ((VF, PR), 3),
        ((DU, OS), 5),
        ((OS,), 2),
        ((DU, CF), 7),
        ((DU, VC, PR, DU), 6),
        ((CF, CA, PR), 4),
        ((DU, CF, CA, PR, DU), 2),
    ]
)
WINDOW = Weighted([(1, 36), (2, 34), (3, 30)])

FINAL_STATUS: dict[str, Weighted[str]] = {
    DU: Weighted(
        [
            ("active", 30),
            ("completed", 38),
            ("stopped_early", 9),
            ("transferred_out", 7),
            ("absconded", 5),
            ("proposed", 6),
        ]
    ),
    VC: Weighted(
        [
            ("active", 45),
            ("stopped_early", 15),
            ("absconded", 10),
            ("proposed", 17),
            ("transferred_out", 7),
            ("completed", 6),
        ]
    ),
    VF: Weighted(
        [
            ("active", 50),
            ("stopped_early", 15),
            ("absconded", 12),
            ("proposed", 17),
            ("completed", 6),
        ]
    ),
    OS: Weighted(
        [("active", 60), ("stopped_early", 18), ("transferred_out", 12), ("absconded", 10)]
    ),
    CF: Weighted([("proposed", 35), ("active", 30), ("completed", 18), ("stopped_early", 17)]),
    CA: Weighted([("active", 65), ("absconded", 15), ("stopped_early", 20)]),
    CM: Weighted([("active", 65), ("absconded", 12), ("stopped_early", 23)]),
    PR: Weighted(
        [
            ("active", 32),
            ("completed", 48),
            ("transferred_out", 8),
            ("absconded", 6),
            ("stopped_early", 6),
        ]
    ),
}
# How long ago a still-proposed episode was triggered: positive tests of the last ten days await
# a decision, compulsory files of the last two weeks await opening, applications take longer.
_PROPOSED_AGE = {DU: (0, 10), CF: (0, 14)}
STOP_REASON_MANAGED = Weighted(
    [
        ("found_addicted", 30),
        ("commune_education", 20),
        ("imprisoned", 25),
        ("reform_school", 5),
        ("dead_or_missing", 10),
    ]
)
STOP_REASON_REHAB = Weighted(
    [("imprisoned", 45), ("dead_or_missing", 20), ("commune_education", 10), ("reform_school", 10)]
)

# Scenario → (path, window, final status); ``_place_final`` and the events set the dates.
SCENARIOS: dict[str, tuple[tuple[str, ...], int, str]] = {
    "residence_overdue": ((DU,), 1, "active"),
    "residence_due": ((DU, VC, PR), 3, "active"),
    "end_due": ((DU,), 1, "active"),
    "end_overdue": ((VC,), 1, "active"),
    "decision_due": ((DU, VC, PR, DU), 2, "proposed"),
    "decision_overdue": ((DU,), 1, "proposed"),
    "assessment_due": ((DU,), 1, "proposed"),
    "assessment_overdue": ((DU,), 1, "active"),
    "file_due": ((DU, CF), 2, "proposed"),
    "file_overdue": ((DU, CF), 1, "proposed"),
    "return_due": ((DU, CF, CA, PR), 3, "active"),
    "return_overdue": ((VF, PR), 2, "active"),
    # "late" ones are overdue even across the longest holidays (Tết), whatever today is.
    "decision_late": ((DU,), 1, "proposed"),
    "assessment_late": ((DU,), 1, "active"),
    "file_late": ((DU, CF), 2, "proposed"),
    "return_late": ((CF, CA, PR), 3, "active"),
    "transfer_due": ((DU,), 1, "transferred_out"),
    "transfer_overdue": ((DU, VC, PR), 1, "transferred_out"),
    "minor": ((DU, CF, CM, PR), 3, "active"),
    "methadone": ((DU, OS), 2, "active"),
    "facility": ((DU, VF, PR), 2, "active"),
}
# Every status in the demo, whatever the seed: a few forced final statuses on common paths.
# Days before today of the trigger (proposed episodes) or the return (post-rehab) per scenario.
_TRIGGER_AGE = {
    "decision_due": (0, 1),
    "decision_overdue": (6, 10),
    "decision_late": (20, 30),
    "assessment_due": (1, 2),
    "file_due": (0, 3),
    "file_overdue": (8, 14),
    "file_late": (20, 30),
}
_RETURN_AGE = {"return_due": (0, 2), "return_overdue": (8, 12), "return_late": (20, 30)}
STATUS_SCENARIOS = {
    "stopped": ((DU,), 1, "stopped_early"),
    "absconded": ((DU, CF, CA, PR), 2, "absconded"),
    "completed": ((DU, VC, PR), 3, "completed"),
    "moved": ((OS,), 1, "transferred_out"),
}
SCENARIOS.update(STATUS_SCENARIOS)


class Ep:
    """One planned episode (ordinals; ``None`` where a date does not apply)."""

    __slots__ = (
        "type",
        "status",
        "trigger",
        "decision",
        "start",
        "end",
        "term",
        "planned",
        "stop_reason",
        "after",
    )

    def __init__(self, etype: str, status: str, after: str | None) -> None:
        self.type = etype
        self.status = status
        self.after = after  # the type of the episode before it on the path, recorded or not
        self.trigger: int | None = None
        self.decision: int | None = None
        self.start: int | None = None
        self.end: int | None = None
        self.term: int | None = None  # months, only for the types with a ranged term
        self.planned = 0  # planned length in days, our estimate of the rules' planned_end
        self.stop_reason: str | None = None


def _term(rng: random.Random, ep: Ep) -> None:
    t = ep.type
    if t in (VC, VF, CM):
        ep.term = between(rng, 6, 12)
        ep.planned = int(ep.term * 30.44)
    elif t == CA:
        ep.term = between(rng, 12, 24)
        ep.planned = int(ep.term * 30.44)
    elif t == DU:
        ep.planned = 365
    elif t == PR:
        ep.planned = 730 if ep.after == CA else 365
    elif t == OS:
        ep.planned = between(rng, 180, 1400)
    else:  # CF: a file is prepared and sent to court in a few weeks
        ep.planned = between(rng, 15, 60)


def _gap_before(rng: random.Random, prev: str, nxt: str) -> int:
    """Days between the end of ``prev`` and the trigger/start of ``nxt``."""
    if nxt == CF:
        return 0  # the file is triggered the day the person is found addicted
    if nxt in (CA, CM):
        return (
            0  # the file goes to court the day it is finished; the court's delay is in its trigger
        )
    if nxt == PR:
        return between(rng, 0, 2)  # the day they come home
    if nxt == DU:
        return between(rng, 30, 400)  # relapse after post-rehab management
    return between(rng, 3, 30)


def _paperwork(rng: random.Random, ep: Ep) -> None:
    """Trigger and decision dates around a known start."""
    s = ep.start
    assert s is not None
    t = ep.type
    if t == DU:
        ep.decision = s - between(rng, 0, 1)
        ep.trigger = ep.decision - between(
            rng, 0, 3
        )  # positive test; decision due in 3 working days
    elif t in (VC, VF, OS):
        ep.decision = s - between(rng, 0, 5)
        ep.trigger = ep.decision - between(rng, 2, 15)  # the application
    elif t == CF:
        ep.decision = s
        if ep.trigger is None:
            ep.trigger = s - between(rng, 0, 4)
    elif t in (CA, CM):
        ep.decision = s - between(rng, 0, 3)
        if ep.trigger is None or ep.trigger > ep.decision:
            ep.trigger = ep.decision - between(rng, 2, 25)
    else:  # PR: managed from the day of return
        ep.decision = s
        ep.trigger = s


def plan(rng: random.Random, T: int, scenario: str | None = None) -> list[Ep]:
    """The recorded episodes of one person, oldest first."""
    if scenario:
        path, window, final_status = SCENARIOS[scenario]
        k = len(path) - 1
    else:
        path = PATHS.pick(rng)
        k = (
            len(path) - 1
            if rng.random() < 0.65 or len(path) == 1
            else int(rng.random() * (len(path) - 1))
        )
        window = WINDOW.pick(rng)
        final_status = FINAL_STATUS[path[k]].pick(rng)
    first = max(0, k - window + 1)
    eps = [Ep(path[i], "", path[i - 1] if i else None) for i in range(first, k + 1)]
    for ep in eps:
        _term(rng, ep)
    if eps[0].type == PR:
        eps[0].planned = 365  # the rules see no adult compulsory rehab before it: the 1-year term
    _place_final(rng, T, eps[-1], final_status, scenario)
    # Earlier episodes: each ends where the next begins, with the status that leads there.
    for i in range(len(eps) - 2, -1, -1):
        ep, nxt = eps[i], eps[i + 1]
        anchor = nxt.trigger if nxt.trigger is not None else nxt.start
        assert anchor is not None
        ep.end = anchor - _gap_before(rng, ep.type, nxt.type)
        if ep.type == DU and nxt.type != DU:
            ep.status, ep.stop_reason = "stopped_early", "found_addicted"
            ep.start = ep.end - between(rng, 20, 330)
        else:
            ep.status = "completed"
            ep.start = ep.end - ep.planned
        _paperwork(rng, ep)
        if nxt.type == CF:
            nxt.trigger = ep.end
    return eps


def _place_final(rng: random.Random, T: int, ep: Ep, status: str, scenario: str | None) -> None:
    ep.status = status
    if status == "proposed":
        ep.term = None  # not decided yet
        days = _TRIGGER_AGE.get(scenario or "") or _PROPOSED_AGE.get(ep.type, (0, 25))
        ep.trigger = T - between(rng, *days)
        return
    if status == "active":
        if scenario in ("end_due", "end_overdue"):
            # Put the planned end in the coming week or a couple of weeks back (not yet closed).
            target = T + between(rng, 3, 6) if scenario == "end_due" else T - between(rng, 5, 20)
            months = ep.term or 12
            ep.start = add_months(date.fromordinal(target), -months).toordinal()
        elif scenario in _RETURN_AGE:
            ep.start = T - between(rng, *_RETURN_AGE[scenario])
        elif scenario in (
            "residence_overdue",
            "residence_due",
            "assessment_overdue",
            "assessment_late",
        ):
            ep.start = T - between(rng, 100, ep.planned - 20)
        elif ep.type == OS:
            ep.start = T - between(rng, 20, 1400)
        elif ep.type == CF:
            ep.start = T - between(rng, 0, 25)
        else:
            ep.start = T - between(rng, 0, ep.planned - 1)
        _paperwork(rng, ep)
        return
    if status == "completed":
        ep.end = T - between(rng, 1, 1000)
        ep.start = ep.end - ep.planned
    else:  # stopped early, transferred out, absconded: ended part-way through the term
        if scenario == "transfer_due":
            ep.end = T - between(rng, 0, 2)
        elif scenario == "transfer_overdue":
            ep.end = T - between(rng, 20, 40)
        else:
            ep.end = T - between(rng, 0, 900)
        ep.start = ep.end - between(rng, 15, max(16, ep.planned - 1))
        if status == "stopped_early":
            ep.stop_reason = (
                STOP_REASON_MANAGED if ep.type in (DU, PR) else STOP_REASON_REHAB
            ).pick(rng)
    _paperwork(rng, ep)
