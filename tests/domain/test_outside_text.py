"""Text that reaches a terminal must not steer it: every text field refuses control characters
(multi-line fields keep their line breaks), by the same rule :func:`text.literal` escapes."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import String
from sqlmodel import AutoString, SQLModel

from nghean_tui.domain import models
from nghean_tui.domain.issues import MESSAGES, Issue, message
from nghean_tui.domain.text import has_unsafe, literal
from nghean_tui.domain.validation import MULTILINE_FIELDS, SYSTEM_FIELDS, clean
from nghean_tui.errors import describe_issue, issue_message
from nghean_tui.i18n import set_language

TODAY = date(2026, 5, 10)
HOSTILE = "\x1b]0;pwned\x07\x1b[2J"  # sets the terminal's title, then clears the screen
# Everything text.literal escapes, one of each kind.
UNSAFE = [
    "\x00",
    "\x07",
    "\x08",
    "\x0d",
    "\x1b",
    "\x7f",
    "\x85",
    "\x9b",
    "\u2028",
    "\u2029",
    "\u202a",
    "\u202e",
    "\u2066",
    "\u2069",
    "\ud800",
    "\udcff",
]
PROPERTY = settings(database=None, deadline=None, max_examples=200)


# What the application writes itself, never typed by a person. (The sync bookkeeping tables
# live in storage.sync_state, not among the models scanned here.)
SYSTEM_TABLES = {"Meta", "AuditEntry", "DueItem"}


def test_the_tables_left_out_are_tables_of_the_models():
    assert all(hasattr(getattr(models, name, None), "__table__") for name in SYSTEM_TABLES)


def _tables() -> list[type[SQLModel]]:
    return [
        m
        for m in vars(models).values()
        if isinstance(m, type)
        and issubclass(m, SQLModel)
        and hasattr(m, "__table__")
        and m.__name__ not in SYSTEM_TABLES
    ]


def _text_fields() -> list[tuple[type[SQLModel], str]]:
    """Every free-text column a person fills in (no choices, no links, no ids)."""
    fields = []
    for model in _tables():
        for column in model.__table__.columns:
            if (
                column.name in SYSTEM_FIELDS
                or not isinstance(column.type, (String, AutoString))
                or column.info.get("enum") is not None
                or column.foreign_keys
                or column.name not in model.model_fields
            ):
                continue
            fields.append((model, column.name))
    return fields


TEXT_FIELDS = _text_fields()


def test_there_are_text_fields_of_both_kinds():
    names = {name for _, name in TEXT_FIELDS}
    assert {"full_name", "name", "aliases", "address"} <= names
    assert MULTILINE_FIELDS <= names


@pytest.mark.parametrize(
    "model, name", TEXT_FIELDS, ids=[f"{m.__name__}.{n}" for m, n in TEXT_FIELDS]
)
def test_every_text_field_refuses_an_escape_sequence(model, name):
    _, issues = clean(model, {name: f"Bản {HOSTILE} Mới"}, today=TODAY, partial=True)
    mine = [i for i in issues if i.field == name]
    assert mine and not any(i.warning for i in mine)
    if name in (
        "phone",
        "source_phone",
        "citizen_id",
        "legacy_id",
        "code",
        "province_code",
        "substances",
    ):
        return  # refused by their own format first
    expected = "control_characters_multiline" if name in MULTILINE_FIELDS else "control_characters"
    assert [i.code for i in mine] == [expected]


@pytest.mark.parametrize("char", UNSAFE, ids=[f"U+{ord(c):04X}" for c in UNSAFE])
def test_every_character_literal_escapes_is_refused_in_a_name(char):
    _, issues = clean(models.Person, {"full_name": f"Lầu{char}Chống"}, today=TODAY, partial=True)
    assert [i.code for i in issues] == ["control_characters"]


def test_multiline_fields_keep_line_breaks_and_refuse_the_rest():
    values, issues = clean(
        models.Contact, {"notes": "Dòng 1\nDòng 2\r\nDòng 3"}, today=TODAY, partial=True
    )
    assert issues == [] and values["notes"] == "Dòng 1\nDòng 2\nDòng 3"
    for bad in (HOSTILE, "\x00", "\u202e", "\x9b31m", "\udcff"):
        _, issues = clean(
            models.Contact, {"notes": f"Dòng 1\n{bad}Dòng 2"}, today=TODAY, partial=True
        )
        assert [i.code for i in issues] == ["control_characters_multiline"], repr(bad)


@PROPERTY
@given(st.text(max_size=30), st.booleans())
def test_nothing_accepted_needs_escaping(raw, multiline):
    """Whatever is typed, what clean() accepts shows as itself: literal() has nothing to do."""
    model, name = (models.Contact, "notes") if multiline else (models.Person, "aliases")
    values, issues = clean(model, {name: raw}, today=TODAY, partial=True)
    if not issues and values.get(name):
        assert not has_unsafe(values[name], newlines=multiline)
        assert literal(values[name], keep_newlines=multiline) == values[name]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_messages_say_what_to_do_in_both_languages(lang):
    set_language(lang)
    try:
        single = describe_issue(Issue("full_name", "control_characters"))
        multi = describe_issue(Issue("notes", "control_characters_multiline"))
    finally:
        set_language("vi")
    assert single != multi and "ESC" in multi
    assert all(MESSAGES["control_characters_multiline"])


def test_a_refused_value_quoted_in_a_message_is_shown_escaped():
    _, issues = clean(models.Person, {"sex": f"nam{HOSTILE}"}, today=TODAY, partial=True)
    assert [i.code for i in issues] == ["invalid_choice"]
    for text in (issue_message(issues[0]), describe_issue(issues[0]), message(issues[0], "en")):
        assert "\x1b" not in text and "\x07" not in text
        assert "nam\\x1b]0;pwned\\x07\\x1b[2J" in text
