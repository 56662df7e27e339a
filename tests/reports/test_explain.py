"""An indicator explained: the checklists against the values, the records behind each count,
and the text both the Indicators screen and ``criteria explain`` show."""

from __future__ import annotations

from nghean_tui.i18n import set_language
from nghean_tui.reports import explain
from tests.reports.test_indicators import OCT_END


def test_the_records_behind_each_figure(new_db, world):
    e = explain.explanation(new_db, new_db.unit_code, OCT_END)
    values = e.standing.indicators.values
    for indicator in explain.SECTIONS:
        listed = e.evidence[indicator]
        if indicator in explain.AMOUNTS:  # findings add their count or area
            assert sum(r.amount for r in listed) == values[indicator]
        else:  # one record per person or place
            assert len(listed) == values[indicator]
    assert [r.record_id for r in e.evidence["plants_area_m2"]] == [world["oct_narcotic_plants"]]
    assert e.more == dict.fromkeys(explain.SECTIONS, 0)


def test_long_lists_are_cut_and_say_how_many_more(new_db, world):
    e = explain.explanation(new_db, new_db.unit_code, OCT_END, limit=1)
    assert all(len(listed) <= 1 for listed in e.evidence.values())
    assert e.more["managed_people"] == 1 and e.more["plants_destroyed"] == 1
    assert "… và 1 hồ sơ nữa" in explain.render(e).plain


def test_the_text_in_both_languages(new_db, world):
    e = explain.explanation(new_db, new_db.unit_code, OCT_END)
    text = explain.render(e).plain
    assert "chỉ số ngày 31/10/2026" in text and "dân số 1.000" in text
    assert "Xã trọng điểm: 3/4 tiêu chí đạt, cần 3 → ĐẠT" in text
    assert "  ✗ Người sử dụng, nghiện (% dân số): 0,2 % (≥ 0,5 %)" in text
    assert (
        "  ✓ Cây có chứa chất ma túy bị phá: 3.500 (≥ 3.000)\n"
        "    hoặc Diện tích cây có chứa chất ma túy bị phá (m²): 400 (≥ 750)" in text
    )
    assert "  10/10/2026  +1.500  narcotic_plants 1500" in text
    assert "  01/11/2025  +2.000  narcotic_plants 2000" in text
    set_language("en")
    try:
        text = explain.render(explain.explanation(new_db, new_db.unit_code, OCT_END)).plain
    finally:
        set_language("vi")
    assert "Key area: 3/4 criteria met, 3 needed → MET" in text
    assert "Drug offenders: 2 = 0.2 % of the population" in text
