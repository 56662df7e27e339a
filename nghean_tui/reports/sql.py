"""Small helpers the report queries share: a unit filter that is either absent (every unit)
or one expanding ``IN``, and many small rows fetched in one step. (Stored dates back to
:class:`datetime.date`: :func:`nghean_tui.domain.parsing.as_date`.)"""

from __future__ import annotations

from sqlalchemy import Connection, CursorResult, bindparam, text

from nghean_tui.storage.fetch import in_one_step, rows_of


def unit_filter(units: list[str] | None, column: str = "unit_code") -> str:
    return f" AND {column} IN :units" if units is not None else ""


def run(conn: Connection, sql: str, params: dict, units: list[str] | None) -> CursorResult:
    """Execute ``sql``, binding ``units`` to its ``:units`` list when there is one."""
    statement = text(sql)
    if units is not None:
        statement = statement.bindparams(bindparam("units", expanding=True))
        params = {**params, "units": units}
    return conn.execute(statement, params)


def rows_at_once(
    conn: Connection, sql: str, params: dict, columns: int, units: list[str] | None = None
) -> list[tuple]:
    """The rows of ``sql`` (``columns`` wide; ``:units`` bound as in :func:`run`) fetched in a
    single step (:mod:`nghean_tui.storage.fetch`): the dashboard's first paint does not wait
    on the interface thread once per row."""
    return rows_of(run(conn, in_one_step(sql, columns), params, units).scalar())
