"""What is recorded about a person during their episodes: tests, assessments, contacts, support,
transfers and the management team.

Each episode gets the records its kind implies (a positive test that triggered drug-user
management, an addiction assessment when someone is found addicted, a report on return for
post-rehab management, monthly residence checks while managed at home). Scenario names (see
:mod:`episodes`) remove or move the one record that makes a follow-up due or overdue.
"""

from __future__ import annotations

from datetime import date

from nghean_tui.synthetic import episodes as EP
from nghean_tui.synthetic import names, places, texts
from nghean_tui.synthetic.rand import Weighted, between, phone, pick, uid
from nghean_tui.synthetic.world import HamletInfo, Row, World

SUBSTANCES = Weighted(
    [
        ("meth", 50),
        ("heroin", 30),
        ("heroin,meth", 8),
        ("amphetamine", 4),
        ("opium", 3),
        ("mdma", 2),
        ("cannabis", 2),
        ("ketamine", 1),
    ]
)
SAMPLES = Weighted([("urine", 90), ("saliva", 6), ("hair", 2), ("blood", 2)])
TRIGGER_REASONS = Weighted([("suspicion", 55), ("random", 25), ("periodic", 10), ("other", 10)])
VOCATIONAL_VND = 18_000_000  # per person, the figure the province cites (seed 000)
_RC_NOTES = texts.CONTACT_NOTES["residence_check"]
_IN_FACILITY = frozenset({EP.VF, EP.CA, EP.CM})
_FACILITY_TESTER = names.nfc_all(["Cơ sở cai nghiện ma túy"])[0]


def add_events(
    w: World,
    out: dict[str, list[Row]],
    pid: str,
    hamlet: HamletInfo,
    eth: str,
    surname: str,
    eps: list[EP.Ep],
    ids: list[str],
    scenario: str | None,
) -> None:
    """Append the records of every episode of one person to ``out``."""
    rng, T, unit, fo = w.rng, w.T, w.unit, date.fromordinal
    tests, contacts = out["drug_test"], out["contact"]
    officer_id = hamlet.officer["id"]
    last = len(eps) - 1

    def test(
        eid: str | None, day: int, reason: str, positive: bool, relapse: bool = False, by: str = ""
    ) -> None:
        tid, sample = uid(rng), SAMPLES.pick(rng)
        old_paper = int(tid[-2:], 16) < 5  # transcribed without reason or sample: unknown
        tests.append(
            {
                "id": tid,
                "unit_code": unit,
                "deleted": False,
                "person_id": pid,
                "episode_id": eid,
                "test_date": fo(day),
                "reason": None if old_paper else reason,
                "sample": None if old_paper else sample,
                "substances": SUBSTANCES.pick(rng) if positive else "",
                "result": "positive" if positive else "negative",
                "relapse": relapse,
                "tested_by": by or pick(rng, places.TESTED_BY),
                "notes": texts.RELAPSE_NOTE if relapse else "",
            }
        )

    def contact(
        eid: str | None,
        kind: str,
        day: int,
        notes: str = "",
        frm: int | None = None,
        to: int | None = None,
        reported: bool = True,
    ) -> None:
        cid = uid(rng)
        contacts.append(
            {
                "id": cid,
                "unit_code": unit,
                "deleted": False,
                "person_id": pid,
                "episode_id": eid,
                "kind": kind,
                "contact_date": fo(day),
                "officer_id": officer_id if rng.random() < 0.85 else pick(rng, w.officers)["id"],
                "absence_from": None if frm is None else fo(frm),
                "absence_to": None if to is None else fo(to),
                "absence_reported": reported if kind == "absence" else None,
                "outcome": _outcome(cid, kind, reported),
                "notes": notes,
            }
        )

    def assessment(requested: int, result: str, result_on: int | None) -> None:
        out["addiction_assessment"].append(
            {
                "id": uid(rng),
                "unit_code": unit,
                "deleted": False,
                "person_id": pid,
                "requested_on": fo(requested),
                "facility": pick(rng, places.FACILITIES_ASSESS),
                "result_on": None if result_on is None else fo(result_on),
                "result": result,
                "notes": texts.PENDING_NOTE if result == "pending" else "",
            }
        )

    for i, ep in enumerate(eps):
        eid, t, status = ids[i], ep.type, ep.status
        final = i == last
        start = ep.start
        stop = T if ep.end is None else min(ep.end, T)  # the last day the episode has run so far
        by = _FACILITY_TESTER if t in _IN_FACILITY else ""

        # ------------------------------------------------ what opened the episode
        if t == EP.DU:
            trig = ep.trigger
            assert trig is not None
            test(eid, trig, TRIGGER_REASONS.pick(rng), True, relapse=ep.after == EP.PR)
            if status == "proposed":
                if scenario == "assessment_due" or (scenario is None and rng.random() < 0.4):
                    req = min(T, trig + between(rng, 0, 2))
                    if T - req <= 4:
                        assessment(req, "pending", None)
                    else:
                        assessment(
                            req,
                            "addicted" if rng.random() < 0.6 else "not_addicted",
                            min(T, req + between(rng, 1, 5)),
                        )
            elif ep.stop_reason == "found_addicted" and ep.end is not None:
                assessment(ep.end - between(rng, 2, 5), "addicted", ep.end)
            elif status == "completed" and rng.random() < 0.25:
                req = trig + between(rng, 1, 3)
                assessment(req, "not_addicted", req + between(rng, 1, 5))
            if scenario == "assessment_overdue":
                assessment(T - between(rng, 8, 15), "pending", None)
            elif scenario == "assessment_late":
                assessment(T - between(rng, 20, 30), "pending", None)
        elif t == EP.CF and i == 0 and ep.trigger is not None:
            # Found addicted before the register began: the assessment that triggered the file.
            assessment(ep.trigger - between(rng, 2, 5), "addicted", ep.trigger)
        if status == "proposed" or start is None:
            continue

        # ------------------------------------------------ during the episode
        if t == EP.PR:
            report = start + between(rng, 0, 4)
            missing = (
                scenario in ("return_due", "return_overdue", "return_late")
                or report > T
                or (T - start < 14 and rng.random() < 0.2)
            )
            if not missing:
                contact(
                    eid, "return_report", report, pick(rng, texts.CONTACT_NOTES["return_report"])
                )
                pos = report >= T - 10 and rng.random() < 0.3
                test(eid, report, "on_return", pos, relapse=pos)  # positive after rehab = relapse
            _support(w, out, pid, start, stop)
        span = stop - start
        if span > 20:
            for _ in range(int(rng.random() * 3)):
                day = start + int(rng.random() * span)
                if t == EP.PR:
                    # A relapse calls for a new drug-user decision: only recent ones are still
                    # waiting for it; older relapses show as a later drug-user episode instead.
                    pos = day >= T - 10 and rng.random() < 0.3
                    test(eid, day, "periodic", pos, relapse=pos)
                elif t == EP.DU:
                    # A positive test restarts a drug-user term by a new decision, which would
                    # date after the start; the register keeps one decision, so none here.
                    test(eid, day, "periodic", False)
                else:
                    test(eid, day, "periodic", rng.random() < 0.05, by=by)
        if t == EP.OS and rng.random() < 0.2:
            _support(w, out, pid, start, stop, kind="medical")

        if t in EP.COMMUNITY:
            if final and status == "active":
                _residence_checks(rng, T, start, scenario, contact, eid)
                _extras(rng, T, start, contact, eid)
                _team(w, out, eid, hamlet, eth, surname)
            elif span >= 0:
                for _ in range(between(rng, 1, 3)):
                    contact(
                        eid,
                        "residence_check",
                        start + int(rng.random() * (span + 1)),
                        pick(rng, _RC_NOTES),
                    )

        # ------------------------------------------------ how it ended
        if final and status == "absconded" and ep.end is not None:
            frm = max(start, ep.end - between(rng, 3, 20))
            contact(
                eid, "absence", ep.end, pick(rng, texts.CONTACT_NOTES["absence"]), frm, None, False
            )
        elif final and status == "transferred_out" and ep.end is not None:
            _transfer_out(w, out, pid, ep.end, scenario)
        elif (
            final
            and status == "active"
            and len(eps) == 1
            and t in EP.COMMUNITY
            and rng.random() < 0.05
        ):
            _transfer_in(w, out, pid, hamlet, start)


def _residence_checks(rng, T: int, start: int, scenario: str | None, contact, eid: str) -> None:
    """Monthly checks back from the last one; the last one's age sets up due/overdue follow-ups."""
    r = rng.random()
    if scenario == "residence_overdue" or (scenario is None and r < 0.12):
        last = T - between(rng, 35, 90)
    elif scenario == "residence_due" or (scenario is None and r < 0.32):
        last = T - between(rng, 24, 30)
    else:
        last = T - between(rng, 0, 23)
    if last < start:
        last = start + between(rng, 0, 7)
        if last > T:
            return  # managed for less than a week: the first check is not due yet
    day, n = last, 0
    while day >= start and n < 12:
        contact(eid, "residence_check", day, pick(rng, _RC_NOTES))
        day -= between(rng, 27, 33)
        n += 1


def _outcome(contact_id: str, kind: str, reported: bool) -> str | None:
    """What a contact found, as the form records it: an absence says whether it was reported;
    a residence check found the person there, except one in ten left unknown (transcribed
    from paper without it). Decided from the row's id, so the random stream is unchanged."""
    if kind == "absence":
        return "absent_reported" if reported else "absent_unreported"
    if kind == "residence_check" and int(contact_id[-2:], 16) >= 26:
        return "present"
    return None


def _extras(rng, T: int, start: int, contact, eid: str) -> None:
    """Counselling, summons and absences of someone currently managed at home."""
    span = T - start
    if span <= 0:
        return
    if rng.random() < 0.3:
        for _ in range(between(rng, 1, 2)):
            contact(
                eid,
                "counselling",
                start + int(rng.random() * span),
                pick(rng, texts.CONTACT_NOTES["counselling"]),
            )
    if rng.random() < 0.05:
        contact(
            eid,
            "summons",
            start + int(rng.random() * span),
            pick(rng, texts.CONTACT_NOTES["summons"]),
        )
    if rng.random() < 0.08:
        frm = max(start, T - between(rng, 5, 120))
        to: int | None = frm + between(rng, 3, 20)
        if to is not None and to > T:
            to = None  # still away
        reported = rng.random() < 0.7
        seen = frm if reported else (to if to is not None else T)
        contact(eid, "absence", seen, pick(rng, texts.CONTACT_NOTES["absence"]), frm, to, reported)


def _team(
    w: World, out: dict[str, list[Row]], eid: str, hamlet: HamletInfo, eth: str, surname: str
) -> None:
    """The management team: officer in charge, hamlet head, 1–2 members and the check-in contact."""
    rng, unit = w.rng, w.unit
    rows = out["episode_team_member"]
    officer = hamlet.officer
    pool = names.POOLS[eth]
    rows.append(
        {
            "id": uid(rng),
            "unit_code": unit,
            "deleted": False,
            "episode_id": eid,
            "role": "leader",
            "full_name": officer["full_name"],
            "officer_id": officer["id"],
            "relation": "",
            "phone": officer.get("phone"),
        }
    )
    rows.append(
        {
            "id": uid(rng),
            "unit_code": unit,
            "deleted": False,
            "episode_id": eid,
            "role": "deputy",
            "full_name": hamlet.head,
            "officer_id": None,
            "relation": hamlet.head_relation,
            "phone": hamlet.head_phone,
        }
    )
    for _ in range(between(rng, 1, 2)):
        if rng.random() < 0.5:
            relation, female, same = pick(rng, names.RELATIVES)
            name = pool.name(rng, female, surname if same else None)[0]
        else:
            relation = pick(rng, names.MASS_ORGS)
            name = pool.name(rng, rng.random() < 0.5)[0]
        rows.append(
            {
                "id": uid(rng),
                "unit_code": unit,
                "deleted": False,
                "episode_id": eid,
                "role": "member",
                "full_name": name,
                "officer_id": None,
                "relation": relation,
                "phone": phone(rng) if rng.random() < 0.5 else None,
            }
        )
    relation, female, same = pick(rng, names.CHECKIN_RELATIVES)
    rows.append(
        {
            "id": uid(rng),
            "unit_code": unit,
            "deleted": False,
            "episode_id": eid,
            "role": "checkin",
            "full_name": pool.name(rng, female, surname if same else None)[0],
            "officer_id": None,
            "relation": relation,
            "phone": phone(rng) if rng.random() < 0.85 else None,
        }
    )


def _support(
    w: World, out: dict[str, list[Row]], pid: str, start: int, stop: int, kind: str | None = None
) -> None:
    rng, fo = w.rng, date.fromordinal
    span = max(0, stop - start)
    rows = out["support_record"]
    r = rng.random()
    if kind is None:
        kind = (
            "vocational_training"
            if r < 0.3
            else "job_placement"
            if r < 0.42
            else "loan"
            if r < 0.5
            else None
        )
    if kind is None:
        return
    amount = {
        "vocational_training": VOCATIONAL_VND,
        "loan": between(rng, 3, 10) * 10_000_000,
        "medical": between(rng, 2, 20) * 100_000,
    }.get(kind)
    rows.append(
        {
            "id": uid(rng),
            "unit_code": w.unit,
            "deleted": False,
            "person_id": pid,
            "kind": kind,
            "support_date": fo(start + int(rng.random() * (span + 1))),
            "provider": pick(rng, places.PROVIDERS[kind]),
            "amount_vnd": amount,
            "notes": "",
        }
    )


def _transfer_out(
    w: World, out: dict[str, list[Row]], pid: str, move: int, scenario: str | None
) -> None:
    rng, T, fo = w.rng, w.T, date.fromordinal
    code, label = w.other_commune()
    notified: int | None = move + between(rng, 0, 5)
    if (
        scenario in ("transfer_due", "transfer_overdue")
        or (notified is not None and notified > T)
        or rng.random() < 0.1
    ):
        notified = None  # the receiving commune has not been told yet: a follow-up
    address = (
        f"{places.XOM} {between(rng, 1, 12)}, {label}"
        if label
        else f"{places.XOM} {between(rng, 1, 12)}"
    )
    out["transfer"].append(
        {
            "id": uid(rng),
            "unit_code": w.unit,
            "deleted": False,
            "person_id": pid,
            "direction": "out",
            "from_unit_code": w.unit,
            "to_unit_code": code,
            "move_date": fo(move),
            "notified_on": None if notified is None else fo(notified),
            "new_address": address,
            "notes": texts.TRANSFER_NOTE,
        }
    )


def _transfer_in(
    w: World, out: dict[str, list[Row]], pid: str, hamlet: HamletInfo, start: int
) -> None:
    rng, fo = w.rng, date.fromordinal
    move = start - between(rng, 3, 30)
    out["transfer"].append(
        {
            "id": uid(rng),
            "unit_code": w.unit,
            "deleted": False,
            "person_id": pid,
            "direction": "in",
            "from_unit_code": w.other_commune()[0],
            "to_unit_code": w.unit,
            "move_date": fo(move),
            "notified_on": fo(min(w.T, move + between(rng, 0, 5))),
            "new_address": hamlet.address,
            "notes": texts.TRANSFER_IN_NOTE,
        }
    )
