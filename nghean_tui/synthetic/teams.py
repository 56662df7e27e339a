"""Security and self-management teams, their members and their activity logs.

By default every hamlet but one has a grassroots security and order team (the one left out had a
team that was dissolved, so the "hamlet without an active team" case is on screen and is not just
a hamlet with no history). Self-management teams sit in some hamlets, and border communes have
border and landmark teams. Teams under the 2023 law date from its entry into force, 1 July 2024.
"""

from __future__ import annotations

from datetime import date

from nghean_tui.synthetic import names, texts
from nghean_tui.synthetic.rand import between, phone, pick, uid
from nghean_tui.synthetic.world import HamletInfo, Row, World

_LAW_IN_FORCE = date(2024, 7, 1).toordinal()
_NAME_PREFIX = dict(
    zip(
        ("security_order", "self_management", "border_landmark"),
        names.nfc_all(
            ["Tổ bảo vệ ANTT", "Tổ tự quản về ANTT", "Tổ tự quản đường biên, mốc quốc giới"]
        ),
        strict=False,
    )
)
_LANDMARK = names.nfc_all(["mốc"])[0]
_DISSOLVED_NOTE = names.nfc_all(["Giải thể khi sáp nhập, chờ kiện toàn tổ mới"])[0]
_LEFT_NOTE = names.nfc_all(["Chuyển đi nơi khác", "Xin thôi vì lý do sức khỏe", "Đi làm ăn xa"])


class TeamInfo:
    __slots__ = ("id", "hamlet", "kind", "established", "dissolved", "members")

    def __init__(
        self, tid: str, hamlet: HamletInfo, kind: str, established: int, dissolved: int | None
    ) -> None:
        self.id, self.hamlet, self.kind = tid, hamlet, kind
        self.established, self.dissolved = established, dissolved
        self.members: list[tuple[str, str, int | None]] = []  # (member id, name, left_on)


def _plan(w: World, teams: int | None) -> list[tuple[HamletInfo, str, bool]]:
    """(hamlet, kind, dissolved) for each team to create."""
    rng, hamlets = w.rng, w.hamlets
    if not hamlets:
        return []
    if teams is not None:
        order = hamlets[:]
        rng.shuffle(order)
        extra = ("self_management", "border_landmark") if w.border else ("self_management",)
        return [
            (order[i % len(order)], "security_order" if i < len(order) else pick(rng, extra), False)
            for i in range(teams)
        ]
    skip = int(rng.random() * len(hamlets))
    out = [(h, "security_order", False) for i, h in enumerate(hamlets) if i != skip]
    covered = [h for i, h in enumerate(hamlets) if i != skip]
    managed = [h for h in covered if rng.random() < 0.35]
    if covered and not managed:
        managed = [pick(rng, covered)]  # at least one, so every kind of team shows
    out.extend((h, "self_management", False) for h in managed)
    if w.border and covered:
        for _ in range(between(rng, 1, 3)):
            out.append((pick(rng, covered), "border_landmark", False))
    out.append((hamlets[skip], "security_order", True))
    return out


def make_teams(w: World, teams: int | None) -> tuple[list[TeamInfo], list[Row], list[Row]]:
    """Teams and members; activities come later, once the patrols they joined are known."""
    rng, T, fo, unit = w.rng, w.T, date.fromordinal, w.unit
    infos: list[TeamInfo] = []
    team_rows: list[Row] = []
    member_rows: list[Row] = []
    for hamlet, kind, dissolved in _plan(w, teams):
        if dissolved:
            est = T - between(rng, 800, 2000)
            gone: int | None = max(est + 30, T - between(rng, 60, 400))
        elif kind == "security_order":
            est = (
                _LAW_IN_FORCE + between(rng, 0, 90)
                if T - _LAW_IN_FORCE > 120
                else T - between(rng, 30, 300)
            )
            gone = None
        else:
            est = T - between(rng, 300, 2500)
            gone = None
        info = TeamInfo(uid(rng), hamlet, kind, est, gone)
        infos.append(info)
        decided = est - between(rng, 0, 10)
        name = f"{_NAME_PREFIX[kind]} {hamlet.name}"
        if kind == "border_landmark":
            name += f" ({_LANDMARK} {between(rng, 200, 560)})"
        team_rows.append(
            {
                "id": info.id,
                "unit_code": unit,
                "deleted": False,
                "hamlet_id": hamlet.id,
                "kind": kind,
                "name": name[:150],
                "decision_number": f"{between(rng, 1, 250)}/QĐ-UBND",
                "decision_date": fo(decided),
                "established_on": fo(est),
                "dissolved_on": None if gone is None else fo(gone),
                "notes": _DISSOLVED_NOTE if gone else "",
            }
        )
        pool = names.POOLS[hamlet.ethnicity]
        end = T if gone is None else gone
        for k in range(between(rng, 4, 12)):
            joined = (
                est if k < 3 or rng.random() < 0.8 else est + int(rng.random() * (end - est + 1))
            )
            left = gone
            if left is None and k >= 2 and rng.random() < 0.08 and end - joined > 30:
                left = joined + between(rng, 30, end - joined)
            full_name = pool.name(rng, rng.random() < 0.15)[0]
            mid = uid(rng)
            info.members.append((mid, full_name, left))
            member_rows.append(
                {
                    "id": mid,
                    "unit_code": unit,
                    "deleted": False,
                    "team_id": info.id,
                    "full_name": full_name,
                    "role": "leader" if k == 0 else "deputy" if k == 1 else "member",
                    "phone": phone(rng) if rng.random() < 0.7 else None,
                    "birth_year": w.today.year - between(rng, 22, 65),
                    "joined_on": fo(joined),
                    "left_on": None if left is None else fo(left),
                    "notes": pick(rng, _LEFT_NOTE) if left is not None and gone is None else "",
                }
            )
    return infos, team_rows, member_rows


def active_members(infos: list[TeamInfo]) -> dict[str, list[tuple[str, str, str]]]:
    """Hamlet id → (member id, name, team id) of members of active teams who have not left."""
    out: dict[str, list[tuple[str, str, str]]] = {}
    for info in infos:
        if info.dissolved is None:
            out.setdefault(info.hamlet.id, []).extend(
                (m, n, info.id) for m, n, left in info.members if left is None
            )
    return out


def make_activities(
    w: World, infos: list[TeamInfo], joint: list[tuple[str, int, int]]
) -> list[Row]:
    """A year of activity per team, plus one joint-patrol entry per patrol its members joined.

    ``joint`` holds (team id, patrol date ordinal, participants).
    """
    rng, T, fo, unit = w.rng, w.T, date.fromordinal, w.unit
    rows: list[Row] = []

    def add(tid: str, day: int, kind: str, participants: int, notes: str) -> None:
        rows.append(
            {
                "id": uid(rng),
                "unit_code": unit,
                "deleted": False,
                "team_id": tid,
                "activity_date": fo(day),
                "kind": kind,
                "participants": participants,
                "notes": notes,
            }
        )

    for info in infos:
        lo = max(info.established, T - 365)
        hi = T if info.dissolved is None else min(T, info.dissolved)
        if hi < lo:
            continue
        size = len(info.members)
        day = lo + between(rng, 0, 20)
        while day <= hi:  # monthly meetings
            d = date.fromordinal(day)
            add(
                info.id,
                day,
                "meeting",
                max(2, size - between(rng, 0, 2)),
                pick(rng, texts.ACTIVITY_NOTES["meeting"]).format(m=d.month, y=d.year),
            )
            day += between(rng, 26, 34)
        span = hi - lo
        for kind, low, high, people in (
            ("propaganda", 2, 5, (20, 120)),
            ("commitment", 1, 2, (10, 80)),
            ("information", 1, 5, (1, 2)),
        ):
            for _ in range(between(rng, low, high)):
                add(
                    info.id,
                    lo + int(rng.random() * (span + 1)),
                    kind,
                    between(rng, *people),
                    pick(rng, texts.ACTIVITY_NOTES[kind]),
                )
    for tid, day, participants in joint:
        add(tid, day, "joint_patrol", participants, pick(rng, texts.ACTIVITY_NOTES["joint_patrol"]))
    return rows


def joint_without_patrols(w: World, infos: list[TeamInfo]) -> list[tuple[str, int, int]]:
    """When no patrols are generated, teams still log a few joint patrols of their own."""
    rng, T = w.rng, w.T
    out: list[tuple[str, int, int]] = []
    for info in infos:
        if info.dissolved is None:
            lo = max(info.established, T - 365)
            for _ in range(between(rng, 2, 6)):
                out.append((info.id, lo + int(rng.random() * (T - lo + 1)), between(rng, 2, 4)))
    return out
