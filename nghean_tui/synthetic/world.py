"""The state one generation run shares between its parts: the commune, its hamlets and officers.

Hamlets and officers come from the database (``Ctx``) or are invented here when it has none. Each
hamlet gets a dominant people, a hamlet head (deputy of every management team there) and an
officer in charge (leader of those teams and the one who does its residence checks), so that the
records of one hamlet hang together the way they do in a real commune.
"""

from __future__ import annotations

import random
from typing import Any

from nghean_tui.synthetic import names, places
from nghean_tui.synthetic.rand import CitizenIds, between, phone, pick, uid

Row = dict[str, Any]


class HamletInfo:
    """What person and team generation needs to know about one hamlet."""

    __slots__ = (
        "id",
        "name",
        "kind",
        "ethnicity",
        "head",
        "head_phone",
        "head_relation",
        "officer",
        "address",
        "word",
    )

    def __init__(
        self, row: Row, ethnicity: str, head: str, head_phone: str, officer: Row, commune: str
    ) -> None:
        self.id: str = row["id"]
        self.name: str = row.get("name") or ""
        self.kind: str = row.get("kind") or "xom"
        self.ethnicity = ethnicity
        self.head = head
        self.head_phone = head_phone
        self.head_relation = places.head_title(self.name, self.kind)[:100]
        self.officer = officer
        self.address = (f"{self.name}, {commune}" if commune else self.name)[:200]
        self.word = places.place_word(self.name, self.kind)


class World:
    """Shared state of one run. ``T`` is today's ordinal: dates are ints until a row is built."""

    def __init__(self, ctx: Any, rng: random.Random) -> None:
        self.rng = rng
        self.unit: str = ctx.unit_code
        self.today = ctx.today
        self.T: int = ctx.today.toordinal()
        self.border: bool = bool(ctx.border)
        self.commune = places.commune_label(self.unit)
        self.mix = names.BORDER_MIX if self.border else names.LOWLAND_MIX
        self.cids = CitizenIds()
        self.cids.seen.update(getattr(ctx, "citizen_ids", ()))
        self.new_hamlets: list[Row] = []
        self.new_officers: list[Row] = []
        others = [
            (code, places.commune_label(code))
            for code in sorted(places.communes())
            if code != self.unit
        ]
        self.other_communes = others or [("00000", "")]
        self.officers = self._officers(list(ctx.officers))
        self.hamlets = self._hamlets(list(ctx.hamlets))
        # Persons worth linking from patrols and tips: (person id, hamlet id), bounded.
        self.notable: list[tuple[str, str | None]] = []

    # ------------------------------------------------------------------ setup

    def _officers(self, given: list[Row]) -> list[Row]:
        rng = self.rng
        if not given:
            count = between(rng, 5, 8)
            for i in range(count):
                eth = names.OFFICER_MIX.pick(rng)
                female = rng.random() < 0.15
                if i == 0:
                    position, rank = names.POSITIONS[0], pick(rng, names.RANKS_CHIEF)
                elif i <= (2 if count >= 7 else 1):
                    position, rank = names.POSITIONS[1], pick(rng, names.RANKS_DEPUTY)
                else:
                    position, rank = names.POSITIONS[2], pick(rng, names.RANKS_STAFF)
                self.new_officers.append(
                    {
                        "id": uid(rng),
                        "unit_code": self.unit,
                        "deleted": False,
                        "full_name": names.POOLS[eth].name(rng, female)[0],
                        "position": position,
                        "rank": rank,
                        "phone": phone(rng),
                        "active": True,
                    }
                )
            given = self.new_officers
        # Only serving officers lead teams and patrols; a list of retired ones still works.
        active = [
            o for o in given if o.get("active", True) and not o.get("deleted", False)
        ] or given
        return [
            {"id": o["id"], "full_name": o.get("full_name") or "", "phone": o.get("phone")}
            for o in active
        ]

    def _hamlets(self, given: list[Row]) -> list[HamletInfo]:
        rng = self.rng
        if not given:
            for name, kind in places.hamlet_names(rng, self.border):
                self.new_hamlets.append(
                    {
                        "id": uid(rng),
                        "unit_code": self.unit,
                        "deleted": False,
                        "name": name,
                        "kind": kind,
                        "notes": "",
                    }
                )
            given = self.new_hamlets
        out = []
        for i, row in enumerate(given):
            eth = names.BORDER_HAMLET_MIX.pick(rng) if self.border else "kinh"
            head = names.POOLS[eth].name(rng, rng.random() < 0.1)[0]
            out.append(
                HamletInfo(
                    row, eth, head, phone(rng), self.officers[i % len(self.officers)], self.commune
                )
            )
        return out

    # ------------------------------------------------------------------ draws

    def ethnicity(self, hamlet: HamletInfo) -> str:
        """Mostly the hamlet's own people; a quarter from the commune-wide mix."""
        return hamlet.ethnicity if self.rng.random() < 0.75 else self.mix.pick(self.rng)

    def other_commune(self) -> tuple[str, str]:
        return pick(self.rng, self.other_communes)
