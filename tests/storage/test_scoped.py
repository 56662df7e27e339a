"""A station's read-only view of one commune."""

from __future__ import annotations

import pytest
from sqlalchemy import func
from sqlmodel import select

from nghean_tui.domain import models
from nghean_tui.storage.database import StorageError
from nghean_tui.storage.records import Records
from nghean_tui.storage.scoped import UnitView


def test_a_unit_view_reads_as_the_unit_and_refuses_writes(new_db):
    view = UnitView(new_db, "16822")
    assert view.unit_code == "16822" and view.read_only and not new_db.read_only
    assert view.device_id == new_db.device_id
    with pytest.raises(StorageError) as refused:
        Records(view).create(
            models.Person, {"full_name": "Lò Văn Pó", "sex": "male", "birth_year": 1980}
        )
    assert refused.value.reason == "read_only"
    with new_db.read() as session:
        assert session.exec(select(func.count()).select_from(models.Person)).one() == 0
