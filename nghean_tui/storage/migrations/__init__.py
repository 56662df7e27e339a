"""Alembic migrations, run programmatically on an already-keyed connection."""
