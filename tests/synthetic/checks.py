"""Checks shared by the synthetic generator tests: column sets, references, identifiers, dates, text."""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Boolean, Date, Integer, Time

from nghean_tui.domain.calendar import WorkingCalendar
from nghean_tui.domain.durations import Durations
from nghean_tui.domain.models import MODEL_BY_TABLE, enum_of
from nghean_tui.domain.rules import PersonRecords, follow_ups, planned_end
from nghean_tui.domain.validation import check_episode_for_person, clean
from nghean_tui.synthetic import STORAGE_FILLED, Ctx, generate

TODAY = date(2025, 11, 19)  # a Wednesday
PHONE = re.compile(r"^0[35789]\d{8}$")
PROVINCES = {"040", "038", "042", "001", "048", "079", "074", "075"}
PHONE_COLUMNS = {"phone", "source_phone"}


def collect(batches: Iterable[tuple[str, list[dict]]]) -> dict[str, list[dict]]:
    data: dict[str, list[dict]] = defaultdict(list)
    for table, rows in batches:
        data[table].extend(rows)
    return data


def check_batches(
    ctx: Ctx, batches: Iterable[tuple[str, list[dict]]], chunk: int
) -> dict[str, list[dict]]:
    """Check every invariant that holds for any run, and return the rows by table."""
    seen: dict[str, set[str]] = defaultdict(set)
    seen["hamlet"].update(h["id"] for h in ctx.hamlets)
    seen["officer"].update(o["id"] for o in ctx.officers)
    data: dict[str, list[dict]] = defaultdict(list)
    for table, rows in batches:
        assert table in MODEL_BY_TABLE, table
        assert 0 < len(rows) <= chunk
        model = MODEL_BY_TABLE[table]
        columns = {c.name: c for c in model.__table__.columns}
        expected = set(columns) - STORAGE_FILLED
        for row in rows:
            assert set(row) == expected, (table, set(row) ^ expected)
            for name, value in row.items():
                _check_value(table, columns[name], model, name, value, seen, ctx.today)
            assert row["unit_code"] == ctx.unit_code
            assert row["id"] not in seen[table]
            seen[table].add(row["id"])
        data[table].extend(rows)
    return data


def _check_value(
    table: str,
    column: Any,
    model: Any,
    name: str,
    value: Any,
    seen: dict[str, set[str]],
    today: date,
) -> None:
    required = model.model_fields[name].is_required()
    if value is None:
        assert column.nullable and not required, (table, name)
        return
    if isinstance(column.type, Date):
        assert type(value) is date and value <= today, (table, name, value)
    elif isinstance(column.type, Time):
        assert type(value) is time
    elif isinstance(column.type, Boolean):
        assert type(value) is bool
    elif isinstance(column.type, Integer):
        assert type(value) is int and value >= 0, (table, name, value)
    else:
        assert isinstance(value, str) and not isinstance(value, datetime)
        assert len(value) <= column.type.length, (table, name, value)
        assert unicodedata.normalize("NFC", value) == value, (table, name, value)
        assert value == value.strip(), (table, name, value)
        enum = enum_of(model, name)
        if enum is not None:
            assert value in {m.value for m in enum}, (table, name, value)
        if name == "id":
            assert str(uuid.UUID(value)) == value and uuid.UUID(value).version == 7
        if name in PHONE_COLUMNS:
            assert PHONE.match(value), value
    for fk in column.foreign_keys:
        target = fk.target_fullname.split(".")[0]
        assert value in seen[target], (table, name, "points to a row not yielded before")


def run_checked(ctx: Ctx, **kwargs: Any) -> dict[str, list[dict]]:
    chunk = kwargs.get("chunk", 5000)
    data = check_batches(ctx, generate(ctx, **kwargs), chunk)
    check_rows(ctx, data)
    return data


def check_rows(ctx: Ctx, data: dict[str, list[dict]]) -> None:
    """Cross-row invariants: identifiers, ages, date order."""
    today = ctx.today
    cids = [p["citizen_id"] for p in data["person"] if p["citizen_id"]]
    assert len(cids) == len(set(cids))
    for p in data["person"]:
        year = p["birth_year"]
        assert p["birth_date"] is None or p["birth_date"].year == year
        born = p["birth_date"] or date(year, 7, 1)
        assert 16 <= (today - born).days / 365.25 <= 66, p
        cid = p["citizen_id"]
        if cid:
            assert len(cid) == 12 and cid.isdigit() and cid[:3] in PROVINCES
            century = (0 if year < 2000 else 2) + (p["sex"] == "female")
            assert cid[3] == str(century) and cid[4:6] == f"{year % 100:02d}", p
        if p["legacy_id"]:
            assert len(p["legacy_id"]) == 9 and p["legacy_id"].isdigit()
    for e in data["management_episode"]:
        order = [e["trigger_date"], e["decision_date"], e["start_date"], e["actual_end"]]
        known = [d for d in order if d is not None]
        assert known == sorted(known), e
        if e["status"] == "proposed":
            assert e["start_date"] is None and e["decision_number"] == ""
        else:
            assert e["start_date"] and e["decision_date"] and e["decision_number"]
        assert (e["status"] == "stopped_early") == (e["stop_reason"] is not None), e
        assert (e["actual_end"] is not None) == (
            e["status"] in ("stopped_early", "completed", "transferred_out")
        ), e
    pairs = {
        "contact": [("absence_from", "absence_to")],
        "addiction_assessment": [("requested_on", "result_on")],
        "transfer": [("move_date", "notified_on")],
        "team": [("decision_date", "established_on"), ("established_on", "dissolved_on")],
        "team_member": [("joined_on", "left_on")],
        "hotspot": [("found_on", "eliminated_on")],
    }
    for table, fields in pairs.items():
        for row in data[table]:
            for a, b in fields:
                if row[a] is not None and row[b] is not None:
                    assert row[a] <= row[b], (table, row)
    for h in data["hotspot"]:
        assert (h["status"] == "eliminated") == (h["eliminated_on"] is not None)
    for a in data["addiction_assessment"]:
        assert (a["result"] == "pending") == (a["result_on"] is None)


def app_follow_ups(data: dict[str, list[dict]], today: date) -> dict[str, list[date]]:
    """Follow-up kind → due dates, computed by the application's rules from the generated rows
    (with ``planned_end`` filled as the storage layer fills it)."""
    calendar, rules = WorkingCalendar.load_default(), Durations.load_default()
    grouped: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for name, table in (
        ("episodes", "management_episode"),
        ("tests", "drug_test"),
        ("assessments", "addiction_assessment"),
        ("contacts", "contact"),
        ("transfers", "transfer"),
    ):
        for row in data[table]:
            record = SimpleNamespace(**row)
            if table == "management_episode":
                record.planned_end = planned_end(
                    row["episode_type"],
                    row["start_date"],
                    term_months=row["term_months"],
                    decision_date=row["decision_date"],
                    rules=rules,
                )
            grouped[row["person_id"]][name].append(record)
    due: dict[str, list[date]] = defaultdict(list)
    for person in data["person"]:
        g = grouped[person["id"]]
        records = PersonRecords(
            person=SimpleNamespace(**person),
            episodes=g["episodes"],
            tests=g["tests"],
            assessments=g["assessments"],
            contacts=g["contacts"],
            transfers=g["transfers"],
        )
        for item in follow_ups(records, calendar=calendar, rules=rules, today=today):
            due[item.kind.value].append(item.due_on)
    return due


def validation_errors(data: dict[str, list[dict]], today: date) -> tuple[list[tuple], list[tuple]]:
    """(errors, warnings) from the application's validation, as (table, field, code, row id)."""
    errors: list[tuple] = []
    warnings: list[tuple] = []
    for table, rows in data.items():
        model = MODEL_BY_TABLE[table]
        for row in rows:
            for issue in clean(model, row, today=today)[1]:
                (warnings if issue.warning else errors).append(
                    (table, issue.field, issue.code, row["id"])
                )
    people = {p["id"]: p for p in data["person"]}
    for e in data["management_episode"]:
        for issue in check_episode_for_person(e, people[e["person_id"]], today=today):
            (warnings if issue.warning else errors).append(
                ("management_episode", issue.field, issue.code, e["id"])
            )
    return errors, warnings
