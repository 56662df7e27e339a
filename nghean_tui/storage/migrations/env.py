"""Alembic environment: the caller passes a keyed connection in ``config.attributes``."""

from alembic import context

import nghean_tui.domain.models  # noqa: F401  (registers every table)
import nghean_tui.storage.sync_state  # noqa: F401  (and the sync bookkeeping tables)
from sqlmodel import SQLModel


def include_object(obj, name, type_, reflected, compare_to):
    # The full-text index and its shadow tables are virtual-table internals, not models.
    return not (type_ == "table" and name.startswith("person_fts"))


connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,
    include_object=include_object,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
