"""Entities, enumerations, validation and legal rules: pure Python, no I/O."""
