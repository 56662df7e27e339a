"""Population per commune: reference data the rates are computed from, loaded from a file.

The file is CSV or TSV (the delimiter is read from the heading line) with at least the columns
``code`` and ``population``; other columns (a name, a source) are ignored, so a spreadsheet
exported as it is will do. Populations may be grouped as people write them (12.345, 12,345).
Units not in the file keep their population. The whole file is checked before anything is
stored: one bad line and nothing changes.
"""

from __future__ import annotations

import csv
import io
import re

from sqlalchemy import Connection, text

from nghean_tui.domain.text import literal
from nghean_tui.i18n import t
from nghean_tui.storage import reference

MAX_POPULATION = 10_000_000
_GROUPED = re.compile(r"\d{1,3}([., ]\d{3})+|\d+")


class PopulationError(ValueError):
    """A population file refused; ``str()`` says why (and on which line) in the current
    language."""

    def __init__(self, reason: str, **params) -> None:
        self.reason, self.params = reason, params
        # Codes and figures quoted from the file are shown escaped wherever this is printed.
        super().__init__(
            t(
                f"population.{reason}",
                **{k: literal(v) if isinstance(v, str) else v for k, v in params.items()},
            )
        )


def _number(value: str, line: int) -> int:
    value = value.strip()
    if not _GROUPED.fullmatch(value):
        raise PopulationError("bad_number", line=line, value=value[:20])
    number = int(re.sub(r"[., ]", "", value))
    if not 0 < number <= MAX_POPULATION:
        raise PopulationError("out_of_range", line=line, value=value[:20], limit=MAX_POPULATION)
    return number


def parse(source: str) -> dict[str, int]:
    """Unit code → population, from the file's text."""
    lines = source.splitlines()
    if not lines or not lines[0].strip():
        raise PopulationError("empty")
    delimiter = next((d for d in ("\t", ";", ",") if d in lines[0]), ",")
    reader = csv.reader(io.StringIO(source), delimiter=delimiter)
    heading = [h.strip().lower() for h in next(reader)]
    for needed in ("code", "population"):
        if needed not in heading:
            raise PopulationError("missing_column", column=needed)
    code_at, population_at = heading.index("code"), heading.index("population")
    result: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) <= max(code_at, population_at):
            raise PopulationError("short_line", line=line)
        code = row[code_at].strip()
        if reference.unit(code) is None or code == reference.PROVINCE_CODE:
            raise PopulationError("unknown_unit", line=line, code=code[:10])
        if code in result:
            raise PopulationError("duplicate", line=line, code=code)
        result[code] = _number(row[population_at], line)
    if not result:
        raise PopulationError("empty")
    return result


def store(conn: Connection, populations: dict[str, int]) -> None:
    conn.execute(
        text("UPDATE unit SET population = :p WHERE code = :c"),
        [{"c": code, "p": n} for code, n in populations.items()],
    )


def figure(value: str) -> int:
    """One commune's population as a supervisor types it on the screen (12345, 12.345 or
    12,345): a whole number from 1 to MAX_POPULATION, else a PopulationError saying why."""
    value = value.strip()
    if not _GROUPED.fullmatch(value):
        raise PopulationError("bad_figure", value=value[:20])
    number = int(re.sub(r"[., ]", "", value))
    if not 0 < number <= MAX_POPULATION:
        raise PopulationError("figure_out_of_range", value=value[:20], limit=MAX_POPULATION)
    return number


def set_population(db, code: str, value: str) -> int:
    """Store one commune's population typed on the screen, audited as ``population load``
    audits a file; nothing changes if the value or the unit is refused."""
    from nghean_tui.domain.enums import AuditAction

    number = figure(value)
    if reference.unit(code) is None or code == reference.PROVINCE_CODE:
        raise PopulationError("unknown_code", code=code[:10])
    with db.write() as txn:
        store(txn.conn, {code: number})
        db.audit(txn, AuditAction.UPDATE, "unit", code, ["population"])
    return number
