"""Reference data shipped with the application: the province's communes and border communes."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from nghean_tui.domain.enums import UnitKind

if TYPE_CHECKING:  # the setup screen reads the units before any database exists
    from sqlalchemy import Connection

PROVINCE_CODE = "40"
PROVINCE_NAME = "Công an tỉnh Nghệ An"


@dataclass(frozen=True)
class UnitRef:
    code: str
    name: str
    kind: UnitKind
    is_border: bool
    old_names: str


def _rows(name: str) -> list[dict]:
    raw = resources.files("nghean_tui.data").joinpath(name).read_text("utf-8")
    return list(csv.DictReader(io.StringIO(raw), delimiter="\t"))


@lru_cache(maxsize=1)
def units() -> dict[str, UnitRef]:
    """Every commune and ward of Nghệ An after 1 July 2025, by code."""
    border: dict[str, list[str]] = {}
    for row in _rows("border_communes_27.tsv"):
        border.setdefault(row["code_2025"], []).append(
            f"{row['old_commune']} ({row['old_district']})"
        )
    # The provincial station's own unit: supervisors are the provincial police (no districts
    # since 1 July 2025).
    result = {PROVINCE_CODE: UnitRef(PROVINCE_CODE, PROVINCE_NAME, UnitKind.PROVINCE, False, "")}
    for row in _rows("communes_2025.tsv"):
        name = row["name"].strip()
        kind = UnitKind.WARD if name.startswith("Phường") else UnitKind.COMMUNE
        code = row["code"].strip()
        result[code] = UnitRef(code, name, kind, code in border, "; ".join(border.get(code, [])))
    return result


def unit(code: str) -> UnitRef | None:
    return units().get(code)


def load_units(conn: Connection) -> None:
    """Insert or refresh the unit table from the shipped list (population is left alone)."""
    from sqlalchemy import text

    for ref in units().values():
        conn.execute(
            text(
                "INSERT INTO unit (code, name, kind, province_code, is_border, valid_from, old_names) "
                "VALUES (:code, :name, :kind, '40', :border, '2025-07-01', :old) "
                "ON CONFLICT(code) DO UPDATE SET name = excluded.name, kind = excluded.kind, "
                "is_border = excluded.is_border, old_names = excluded.old_names"
            ),
            {
                "code": ref.code,
                "name": ref.name,
                "kind": ref.kind.value,
                "border": ref.is_border,
                "old": ref.old_names,
            },
        )
