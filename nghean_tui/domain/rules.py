"""The follow-ups that fall due for a person, from the drug-law rules in
``data/durations.json`` (:class:`Durations`). The terms they depend on are computed in
:mod:`nghean_tui.domain.terms`, whose functions are re-exported here.

Follow-ups (:func:`follow_ups`) — only for records not marked deleted:

* RESIDENCE_CHECK for each *active* episode whose type has ``residence_check`` in the data
  (drug user — Decree 105 art. 47(1); voluntary at home, opioid substitution and
  post-rehabilitation — this application's practice, flagged unverified in the data): one month
  after the person's latest residence check on or after the episode's start, else one month
  after the start. Not produced when it would fall after the term's end (the EPISODE_END item
  covers that); identical dates from two episodes of one person are reported once.
* EPISODE_END on the term's last day for active episodes (an item to review and close).
* DECISION for a positive test not yet followed by a drug-user decision (an episode whose
  decision date, else start date, is on or after the test): test date + 3 working days. Not
  due when another kind of episode was opened on or after the test (the case took another
  path, e.g. found addicted), nor when the person was in rehabilitation, substitution
  treatment or a compulsory-rehabilitation procedure on the test date (those lead to an
  assessment or a compulsory file, not a management decision).
* ASSESSMENT_RESULT for pending assessments: requested on + 5 days (Circular 18/2021/TT-BYT
  art. 5(2)), moved to a working day.
* COMPULSORY_FILE for compulsory-file episodes still *proposed*: trigger date (else start date)
  + 5 working days.
* RETURN_REPORT for proposed or active post-rehabilitation episodes with no report-on-return
  contact on or after their start: start + 5 working days.
* TRANSFER_NOTICE for outgoing transfers without ``notified_on``: move date + 5 working days.
* Nothing for closed episodes. **Absconded** episodes are suspended: no residence check (the
  person is not there) and no end date (time absconded does not count toward a term, Decree
  116 art. 56(4)); deadlines tied to tests, assessments and transfers still apply.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from nghean_tui.domain.durations import (
    Deadline,
    Durations,
    EpisodeRule,
    Interval,
    RulesDataError,
    RuleSet,
    TermRange,
    add_months,
    deadline_date,
    due_date,
    extended_end,
    merged_days,
)
from nghean_tui.domain.enums import (
    AssessmentResult,
    ContactKind,
    EpisodeStatus,
    EpisodeType,
    FollowUpKind,
    TestResult,
    TransferDirection,
)
from nghean_tui.domain.terms import (  # the underscored helpers are shared with follow-ups
    _OPEN,
    _TREATMENT_TYPES,
    PersonRecords,
    PlannedEnd,
    _code,
    _get,
    _live,
    _rules,
    effective_planned_end,
    follows_adult_compulsory,
    moved_away,
    planned_end,
    planned_end_detail,
    restarted_term_start,
    term_range,
    unreported_absences,
)

__all__ = [
    "Deadline",
    "Durations",
    "EpisodeRule",
    "FollowUp",
    "Interval",
    "PersonRecords",
    "RuleSet",
    "RulesDataError",
    "TermRange",
    "add_months",
    "deadline_date",
    "due_date",
    "PlannedEnd",
    "effective_planned_end",
    "extended_end",
    "follow_ups",
    "follows_adult_compulsory",
    "merged_days",
    "moved_away",
    "planned_end",
    "planned_end_detail",
    "restarted_term_start",
    "term_range",
    "unreported_absences",
]


# ---------------------------------------------------------------------------- follow-ups


@dataclass(frozen=True)
class FollowUp:
    """Something that falls due on ``due_on`` (overdue when it is in the past)."""

    kind: FollowUpKind
    due_on: date
    episode_id: str | None = None
    source_id: str | None = None


def _in_progress(e: Any, on: date) -> bool:
    began = _get(e, "start_date") or _get(e, "decision_date") or _get(e, "trigger_date")
    if began is None or began > on:
        return False
    end = _get(e, "actual_end")
    if end is not None:
        return end >= on
    return _code(_get(e, "status")) in {s.value for s in _OPEN}


def _decision_due(test: Any, episodes: list[Any]) -> bool:
    when = test.test_date
    for e in episodes:
        etype = _code(_get(e, "episode_type"))
        if etype == EpisodeType.DRUG_USER.value:
            decided = _get(e, "decision_date") or _get(e, "start_date")
            if decided is not None and decided >= when:
                return False
            continue
        dates = [_get(e, n) for n in ("decision_date", "trigger_date", "start_date")]
        if any(d is not None and d >= when for d in dates):
            return False
        if etype in {t.value for t in _TREATMENT_TYPES} and _in_progress(e, when):
            return False
    return True


def _residence_check(
    e: Any, contacts: list[Any], end: date | None, rule_set: RuleSet, calendar: Any
) -> date | None:
    began = _get(e, "start_date") or _get(e, "decision_date")
    if began is None:
        return None
    checks = [
        c.contact_date
        for c in contacts
        if _code(_get(c, "kind")) == ContactKind.RESIDENCE_CHECK.value
        and _get(c, "contact_date") is not None
        and c.contact_date >= began
    ]
    due = deadline_date(rule_set.deadline("residence_check"), max([began, *checks]), calendar)
    return None if end is not None and due > end else due


def follow_ups(
    records: PersonRecords, *, calendar: Any, rules: Durations | None = None, today: date
) -> list[FollowUp]:
    """What falls due for one person, sorted by date (see the module docstring for the rules).

    ``today`` dates undated episodes for the choice of rule set and closes open unreported
    absences; the result is the same whatever day it is otherwise, so overdue items stay listed.
    """
    rules = _rules(rules)
    episodes = _live(records.episodes)
    contacts = _live(records.contacts)
    out: list[FollowUp] = []

    for e in episodes:
        status, etype = _code(_get(e, "status")), EpisodeType(e.episode_type)
        rule_set = rules.rule_set_for(_get(e, "decision_date"), _get(e, "start_date"), today)
        rule = rule_set.episode(etype)
        eid = _get(e, "id")
        if status == EpisodeStatus.ACTIVE.value:
            end = effective_planned_end(e, records, rules=rules, today=today)
            if end is not None:
                out.append(FollowUp(FollowUpKind.EPISODE_END, end, eid))
            if rule.residence_check:
                due = _residence_check(e, contacts, end, rule_set, calendar)
                if due is not None:
                    out.append(FollowUp(FollowUpKind.RESIDENCE_CHECK, due, eid))
        if etype is EpisodeType.COMPULSORY_FILE and status == EpisodeStatus.PROPOSED.value:
            trigger = _get(e, "trigger_date") or _get(e, "start_date")
            if trigger is not None:
                due = due_date("compulsory_file", trigger, calendar=calendar, rules=rules)
                out.append(FollowUp(FollowUpKind.COMPULSORY_FILE, due, eid))
        if etype is EpisodeType.POST_REHAB and status in (
            EpisodeStatus.PROPOSED.value,
            EpisodeStatus.ACTIVE.value,
        ):
            start = _get(e, "start_date")
            reported = (
                any(
                    _code(_get(c, "kind")) == ContactKind.RETURN_REPORT.value
                    and _get(c, "contact_date") is not None
                    and c.contact_date >= start
                    for c in contacts
                )
                if start is not None
                else False
            )
            if start is not None and not reported:
                due = due_date("return_report", start, calendar=calendar, rules=rules)
                out.append(FollowUp(FollowUpKind.RETURN_REPORT, due, eid))

    for t in _live(records.tests):
        if _code(_get(t, "result")) != TestResult.POSITIVE.value or _get(t, "test_date") is None:
            continue
        if _decision_due(t, episodes):
            due = due_date(
                "decision_after_positive_test", t.test_date, calendar=calendar, rules=rules
            )
            out.append(FollowUp(FollowUpKind.DECISION, due, _get(t, "episode_id"), _get(t, "id")))

    for a in _live(records.assessments):
        pending = _code(_get(a, "result")) in (None, AssessmentResult.PENDING.value)
        if pending and _get(a, "requested_on") is not None:
            due = due_date("assessment_result", a.requested_on, calendar=calendar, rules=rules)
            out.append(FollowUp(FollowUpKind.ASSESSMENT_RESULT, due, None, _get(a, "id")))

    for tr in _live(records.transfers):
        outgoing = _code(_get(tr, "direction")) == TransferDirection.OUT.value
        if outgoing and _get(tr, "notified_on") is None and _get(tr, "move_date") is not None:
            due = due_date("transfer_notice", tr.move_date, calendar=calendar, rules=rules)
            out.append(FollowUp(FollowUpKind.TRANSFER_NOTICE, due, None, _get(tr, "id")))

    return _dedupe_sorted(out)


def _dedupe_sorted(items: list[FollowUp]) -> list[FollowUp]:
    """Sort by date and drop a residence check already due the same day for another episode."""
    items.sort(key=lambda f: (f.due_on, f.kind.value, f.episode_id or "", f.source_id or ""))
    seen: set[date] = set()
    out = []
    for item in items:
        if item.kind is FollowUpKind.RESIDENCE_CHECK:
            if item.due_on in seen:
                continue
            seen.add(item.due_on)
        out.append(item)
    return out
