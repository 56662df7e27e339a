"""Encrypted storage: SQLCipher engine, keyslots, repositories, search, audit log, migrations."""
