"""Person search: diacritics ignored (đ included), prefixes, filters, keyset paging."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nghean_tui.domain import models
from nghean_tui.domain.text import sort_key
from nghean_tui.storage.records import Records
from nghean_tui.storage.search import Cursor, PersonFilter, count_persons, search_persons

TODAY = date(2026, 11, 20)
PEOPLE = [
    ("Nguyễn Văn Đức", "Đức còi", "040090001111"),
    ("Lầu Bá Chống", "", "040092002222"),
    ("Lò Thị Hương", "Hương Lò", "040195003333"),
    ("Moong Văn Dũng", "", None),
    ("Vừ Chá Lầu", "Lầu Tủa", "040088004444"),
    ("Đặng Văn Dương", "", None),
]


@pytest.fixture
def populated(new_db):
    records = Records(new_db, today=lambda: TODAY)
    huoi = records.create(models.Hamlet, {"name": "Bản Huồi Giảng", "kind": "ban"})
    xop = records.create(models.Hamlet, {"name": "Bản Xốp Nhị", "kind": "ban"})
    ids = {}
    for i, (name, alias, cid) in enumerate(PEOPLE):
        person = records.create(
            models.Person,
            {
                "full_name": name,
                "aliases": alias,
                "citizen_id": cid,
                "sex": "female" if "Thị" in name else "male",
                "birth_year": 1900 + int(cid[4:6]) if cid else 1990,
                "hamlet_id": huoi.id if i % 2 == 0 else xop.id,
            },
            confirm_warnings=True,
        )
        ids[name] = person.id
    records.create(
        models.ManagementEpisode,
        {
            "person_id": ids["Lầu Bá Chống"],
            "episode_type": "drug_user",
            "decision_number": "9/QĐ-UBND",
            "decision_date": "01/08/2026",
            "start_date": "01/08/2026",
        },
    )
    return new_db, records, ids, huoi, xop


def names(db, query="", **kwargs):
    with db.engine.connect() as conn:
        return [r.full_name for r in search_persons(conn, db.unit_code, query, **kwargs).rows]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("duc", ["Nguyễn Văn Đức"]),
        ("Đức", ["Nguyễn Văn Đức"]),
        ("DUC", ["Nguyễn Văn Đức"]),
        ("nguyen", ["Nguyễn Văn Đức"]),
        ("du", ["Nguyễn Văn Đức", "Moong Văn Dũng", "Đặng Văn Dương"]),
        ("dang", ["Đặng Văn Dương"]),
        ("còi", ["Nguyễn Văn Đức"]),  # an alias
        ("lau", ["Lầu Bá Chống", "Vừ Chá Lầu"]),  # name and alias, by given name
        ("huong", ["Lò Thị Hương"]),
        ("0400920", ["Lầu Bá Chống"]),  # citizen ID prefix
        ("xop", ["Lầu Bá Chống", "Moong Văn Dũng", "Đặng Văn Dương"]),  # hamlet
        ("van du", ["Nguyễn Văn Đức", "Moong Văn Dũng", "Đặng Văn Dương"]),
        ("van duc", ["Nguyễn Văn Đức"]),
        ("zzz", []),
        ("bá", ["Lầu Bá Chống"]),  # not everyone living in a "Bản …"
        ("huoi giang", ["Nguyễn Văn Đức", "Lò Thị Hương", "Vừ Chá Lầu"]),
    ],
)
def test_search_ignores_diacritics(populated, query, expected):
    db, *_ = populated
    assert names(db, query) == expected


@pytest.mark.parametrize(
    "query, expected",
    [
        ('"', []),  # only punctuation: nothing to match
        ("*", []),
        ("-", []),
        ("NEAR(a b)", []),  # the words near, a and b: nobody has all three
        ("a OR b", []),
        ("đ AND", []),
        ("x:y", []),
        ("'); DROP", []),
        # Operators around names people have. Read as FTS5 syntax each would find someone
        # else (or no one); read as words, as they must be, they find exactly this.
        ("duc OR chong", []),  # FTS5: Đức and Chống; as words: nobody has "or…"
        ("lau NOT chong", []),  # FTS5: Vừ Chá Lầu
        ("names:duc", []),  # FTS5: a column filter, Đức
        ("NEAR(van duc)", []),  # FTS5: Đức
        ('"duc"', ["Nguyễn Văn Đức"]),  # the quotes dropped, the word kept
        ("duc*", ["Nguyễn Văn Đức"]),
        ("-duc", ["Nguyễn Văn Đức"]),
        ("(lau)", ["Lầu Bá Chống", "Vừ Chá Lầu"]),
        ("'); DROP TABLE person; --", []),
    ],
)
def test_search_never_fails_on_operators(populated, query, expected):
    """FTS syntax cannot be injected: operators and punctuation are read as plain words (or
    dropped), the query neither fails nor matches what the operator would, and nothing
    in the list changes."""
    db, *_ = populated
    assert names(db, query) == expected
    with db.engine.connect() as conn:
        assert count_persons(conn, db.unit_code, query) == len(expected)
    assert len(names(db)) == len(PEOPLE)


def test_list_order_is_by_given_name(populated):
    db, *_ = populated
    assert names(db) == [
        "Lầu Bá Chống",
        "Nguyễn Văn Đức",
        "Moong Văn Dũng",
        "Đặng Văn Dương",
        "Lò Thị Hương",
        "Vừ Chá Lầu",
    ]
    assert names(db) == sorted((p[0] for p in PEOPLE), key=sort_key)


def test_filters(populated):
    db, records, ids, huoi, xop = populated
    assert names(db, filters=PersonFilter(hamlet_id=huoi.id)) == [
        "Nguyễn Văn Đức",
        "Lò Thị Hương",
        "Vừ Chá Lầu",
    ]
    assert names(db, filters=PersonFilter(episode_type="drug_user", status="active")) == [
        "Lầu Bá Chống"
    ]
    assert names(db, filters=PersonFilter(overdue_on=TODAY)) == ["Lầu Bá Chống"]
    assert names(db, "lau", filters=PersonFilter(hamlet_id=huoi.id)) == ["Vừ Chá Lầu"]
    with db.engine.connect() as conn:
        assert count_persons(conn, db.unit_code, "van") == 3


def test_deleted_people_are_not_found(populated):
    db, records, ids, *_ = populated
    records.delete(models.Person, ids["Nguyễn Văn Đức"])
    assert names(db, "duc") == []
    assert "Nguyễn Văn Đức" not in names(db)


def test_renamed_hamlet_is_searchable_by_its_new_name(populated):
    db, records, ids, huoi, xop = populated
    records.update(models.Hamlet, xop.id, {"name": "Bản Phà Xái"})
    assert names(db, "pha xai") == ["Lầu Bá Chống", "Moong Văn Dũng", "Đặng Văn Dương"]
    assert names(db, "xop") == []


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(page_size=st.integers(min_value=1, max_value=7))
def test_keyset_paging_visits_every_row_once_both_ways(populated, page_size):
    db, *_ = populated
    with db.engine.connect() as conn:
        forward, cursor = [], None
        while True:
            page = search_persons(conn, db.unit_code, "", after=cursor, limit=page_size)
            forward += page.rows
            if not page.has_more:
                break
            cursor = page.rows[-1].cursor
        assert [r.full_name for r in forward] == names(db)
        backward, cursor = [], Cursor("\uffff", "")
        while True:
            page = search_persons(conn, db.unit_code, "", before=cursor, limit=page_size)
            backward = page.rows + backward
            if not page.has_more:
                break
            cursor = page.rows[0].cursor
        assert backward == forward
