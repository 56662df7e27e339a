"""Criteria files: the defaults, a round trip, strict refusal of bad files, storage in meta;
population files likewise."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from nghean_tui.reports import criteria, population


def _edited(**changes) -> str:
    data = json.loads(criteria.export_text(criteria.defaults()))
    data.update(changes)
    return json.dumps(data)


def test_defaults_follow_the_domain_notes():
    d = criteria.defaults()
    assert d.key_area.min_met == 3 and d.window_months == 12
    assert [
        [(c.indicator, c.at_least) for c in condition.tests] for condition in d.key_area.conditions
    ] == [
        [("managed_rate", 0.5)],
        [("drug_use_places", 2)],
        [("offender_rate", 0.1)],
        [("plants_destroyed", 3000), ("plants_area_m2", 750)],
    ]  # 3,000 plants or 750 m²
    assert all(c.at_most == 0 for c in d.drug_free.conditions)


def test_round_trip_and_canonical_form():
    d = criteria.defaults()
    assert criteria.parse(criteria.export_text(d)) == d
    assert criteria.parse(criteria.canonical(d)) == d
    reordered = json.dumps(json.loads(criteria.export_text(d)), indent=4, sort_keys=True)
    assert criteria.canonical(criteria.parse(reordered)) == criteria.canonical(d)


def test_adopt_and_criteria_json_in_a_transaction(new_db):
    received = criteria.canonical(criteria.parse(_edited(window_months=6)))
    with new_db.write() as txn:
        assert json.loads(criteria.criteria_json(txn.conn))["window_months"] == 12
        criteria.adopt_criteria(txn.conn, received)
    with new_db.engine.connect() as conn:
        assert criteria.criteria_json(conn) == received
        assert criteria.current(conn).window_months == 6


BAD = {
    "not json": ("{", "not_json"),
    "a list": ("[]", "not_object"),
    "duplicate key": ('{"format": 1, "format": 2}', "duplicate_key"),
    "unknown key": (_edited(windows=3), "unknown_key"),
    "wrong format": (_edited(format="other"), "wrong_format"),
    "wrong version": (_edited(version=2), "wrong_version"),
    "window zero": (_edited(window_months=0), "not_integer"),
    "window text": (_edited(window_months="12"), "not_integer"),
    "window bool": (_edited(window_months=True), "not_integer"),
    "note not text": (_edited(note=3), "bad_note"),
    "NaN": (_edited().replace('"window_months": 12', '"window_months": NaN'), "not_number"),
    "no conditions": (_edited(key_area={"min_met": 1, "conditions": []}), "no_conditions"),
    "min_met too high": (
        _edited(key_area={"min_met": 2, "conditions": [{"indicator": "offenders", "at_least": 1}]}),
        "not_integer",
    ),
    "unknown indicator": (
        _edited(key_area={"min_met": 1, "conditions": [{"indicator": "offendrs", "at_least": 1}]}),
        "unknown_indicator",
    ),
    "both bounds": (
        _edited(
            key_area={
                "min_met": 1,
                "conditions": [{"indicator": "offenders", "at_least": 1, "at_most": 3}],
            }
        ),
        "one_bound",
    ),
    "no bound": (
        _edited(key_area={"min_met": 1, "conditions": [{"indicator": "offenders"}]}),
        "one_bound",
    ),
    "negative": (
        _edited(
            key_area={"min_met": 1, "conditions": [{"indicator": "offenders", "at_least": -1}]}
        ),
        "not_number",
    ),
    "any_of of one": (
        _edited(
            key_area={
                "min_met": 1,
                "conditions": [{"any_of": [{"indicator": "offenders", "at_least": 1}]}],
            }
        ),
        "any_of_short",
    ),
    "any_of not a list": (
        _edited(
            key_area={
                "min_met": 1,
                "conditions": [{"any_of": {"indicator": "offenders", "at_least": 1}}],
            }
        ),
        "any_of_short",
    ),
    "any_of nested": (
        _edited(
            key_area={
                "min_met": 1,
                "conditions": [
                    {
                        "any_of": [
                            {"indicator": "offenders", "at_least": 1},
                            {
                                "any_of": [
                                    {"indicator": "offenders", "at_least": 1},
                                    {"indicator": "plants_destroyed", "at_least": 1},
                                ]
                            },
                        ]
                    }
                ],
            }
        ),
        "unknown_key",
    ),
    "any_of beside a test": (
        _edited(
            key_area={
                "min_met": 1,
                "conditions": [{"indicator": "offenders", "at_least": 1, "any_of": []}],
            }
        ),
        "unknown_key",
    ),
    "any_of with a bad test": (
        _edited(
            key_area={
                "min_met": 1,
                "conditions": [
                    {
                        "any_of": [
                            {"indicator": "offenders", "at_least": 1},
                            {"indicator": "plants_area", "at_least": 750},
                        ]
                    }
                ],
            }
        ),
        "unknown_indicator",
    ),
    "missing checklist": (
        json.dumps({k: v for k, v in json.loads(_edited()).items() if k != "drug_free"}),
        "missing_key",
    ),
    "too large": (" " * (criteria.MAX_BYTES + 1), "too_large"),
    "nested too deeply": ("[" * 30_000 + "]" * 30_000, "too_complex"),  # RecursionError before
    "nested in a note": ('{"note": ' + "[" * 20_000 + "]" * 20_000 + "}", "too_complex"),
    "nested, spaced": ("[ " * 20 + "] " * 20, "too_complex"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_files_are_refused_and_nothing_is_stored(new_db, name):
    source, code = BAD[name]
    with new_db.write() as txn:
        with pytest.raises(criteria.CriteriaError) as caught:
            criteria.adopt_criteria(txn.conn, source)
        assert caught.value.reason == code and str(caught.value)
        assert isinstance(caught.value, ValueError)
    with new_db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM meta WHERE key = 'criteria'")).scalar() == 0


@pytest.mark.parametrize(
    "plants, area, holds",
    [
        (3000, 0, True),
        (0, 750, True),
        (2999, 749, False),
        (None, 800, True),
        (None, 10, None),
        (10, None, None),
        (5000, None, True),
    ],
)
def test_any_of_holds_when_one_test_does(plants, area, holds):
    either = criteria.defaults().key_area.conditions[3]
    assert isinstance(either, criteria.AnyOf)
    assert either.holds({"plants_destroyed": plants, "plants_area_m2": area}) is holds
    verdict = criteria.judge(
        criteria.Checklist(1, (either,)), {"plants_destroyed": plants, "plants_area_m2": area}
    )
    assert verdict.results == (holds,) and verdict.holds is holds


def test_the_message_says_where():
    with pytest.raises(criteria.CriteriaError) as caught:
        criteria.parse(BAD["unknown indicator"][0])
    assert "key_area.conditions[0]" in str(caught.value) and "offendrs" in str(caught.value)


def test_population_files():
    assert population.parse(
        "code\tname\tpopulation\n16816\tMỹ Lý\t9.500\n\n16792\tKeng Đu\t12345\n"
    ) == {
        "16816": 9500,
        "16792": 12345,
    }
    assert population.parse("name;code;population\nx;16816;1,234\n") == {"16816": 1234}


@pytest.mark.parametrize(
    "source, code",
    [
        ("", "empty"),
        ("code,population\n", "empty"),
        ("code,people\n16816,1\n", "missing_column"),
        ("code,population\n99999,10\n", "unknown_unit"),
        ("code,population\n40,10\n", "unknown_unit"),
        ("code,population\n16816,10\n16816,11\n", "duplicate"),
        ("code,population\n16816,ten\n", "bad_number"),
        ("code,population\n16816,1.2.3.4\n", "bad_number"),
        ("code,population\n16816,0\n", "out_of_range"),
        ("code,population\n16816\n", "short_line"),
    ],
)
def test_bad_population_files(source, code):
    with pytest.raises(population.PopulationError) as caught:
        population.parse(source)
    assert caught.value.reason == code
