"""The Sync section. A commune and a station see different screens (:mod:`.commune`,
:mod:`.station`, both built on :mod:`.base`); :func:`sync_screen` picks the one for the
open database, importing it only then."""

from __future__ import annotations

from nghean_tui.domain.enums import Role
from nghean_tui.screens.base import Section


def sync_screen(db) -> Section:
    """The Sync screen for this database's role."""
    if db is not None and db.role is Role.SUPERVISOR:
        from nghean_tui.screens.sync.station import StationSyncScreen

        return StationSyncScreen()
    from nghean_tui.screens.sync.commune import CommuneSyncScreen

    return CommuneSyncScreen()
