"""Choices the officer may not know are nullable: ``person.ethnicity``, ``drug_test.reason``
and ``drug_test.sample``. Until now an empty choice was saved as the column's default (Kinh,
a periodic test, a urine sample): something nobody said. From here an unchosen value is
stored as NULL and shown as unknown (``domain.columns.enum_field`` lists the decision for every column).

Existing rows are not rewritten: an ethnicity stored as Kinh stays Kinh (it may have been
chosen; nothing tells the two apart any more).

A synced column change: bundles may now carry NULL there, which an older version refuses,
so ``sync.exchange.BUNDLE_SCHEMA`` becomes 0008 (an older station says "update the
application" instead of rejecting the records one by one).

SQLite cannot drop a NOT NULL in place, so each table is rebuilt with the same columns,
indexes and constraints read back from the database. Batch mode's own rebuild (copy to a new
table, drop the old, rename) cannot be used for ``person``: the migration runs inside the
unlock transaction with foreign keys on, where the pragma cannot be turned off, and dropping a
parent table counts every child row as a violation that no later insert under another name
takes back. With the checks deferred to the commit, the rows are set aside, the table is
dropped and made again under its own name, and the rows go back in: each child row is counted
once when its parent goes and once when it returns, so the commit finds nothing wrong — and
would refuse it if anything were.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

NULLABLE = {"person": ("ethnicity",), "drug_test": ("reason", "sample")}


def _rebuild(table_name: str, nullable: dict[str, bool]) -> None:
    conn = op.get_bind()
    table = sa.Table(table_name, sa.MetaData(), autoload_with=conn)
    names = ", ".join(f'"{c.name}"' for c in table.columns)
    hold = f"_hold_0008_{table_name}"
    op.execute(f'CREATE TABLE "{hold}" AS SELECT {names} FROM "{table_name}"')
    op.drop_table(table_name)  # its indexes go with it
    for column, value in nullable.items():
        table.c[column].nullable = value
    table.create(conn)  # the same columns, constraints and indexes
    op.execute(f'INSERT INTO "{table_name}" ({names}) SELECT {names} FROM "{hold}"')
    op.drop_table(hold)


def upgrade() -> None:
    op.execute("PRAGMA defer_foreign_keys = ON")  # until the commit (module docstring)
    for table_name, columns in NULLABLE.items():
        _rebuild(table_name, {c: True for c in columns})


def downgrade() -> None:
    # Only possible while no row holds an unknown value: NOT NULL would refuse it. Such a
    # database is refused whole rather than given an invented value.
    op.execute("PRAGMA defer_foreign_keys = ON")
    for table_name, columns in NULLABLE.items():
        _rebuild(table_name, {c: False for c in columns})
