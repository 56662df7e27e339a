"""Reusable widgets: forms, dialogs, paged tables."""
