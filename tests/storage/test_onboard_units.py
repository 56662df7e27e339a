"""Pure parts of the first-day work: one fingerprint format, hamlet lines and kinds."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from nghean_tui.domain.formats import fmt_fingerprint
from nghean_tui.storage.hamlet_list import kind_in_name, names_from_lines, with_kinds


@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", min_size=20, max_size=20))
def test_fingerprint_format_is_the_same_from_any_spelling(code):
    dashed = "-".join(code[i : i + 4] for i in range(0, 20, 4))
    spaced = " ".join(" ".join(group) for group in dashed.split("-"))
    assert fmt_fingerprint(dashed) == dashed
    assert fmt_fingerprint(spaced.lower()) == dashed


def test_hamlet_lines_and_kinds():
    names = names_from_lines("  Bản  Phá Lé \n\nban pha le\nThôn 3\nKẻ Sặt\n")
    assert names == ["Bản Phá Lé", "Thôn 3", "Kẻ Sặt"]
    assert kind_in_name("Tổ dân phố 2") == "to_dan_pho"
    assert kind_in_name("Kẻ Sặt") is None
    ready, unknown = with_kinds(names, None)
    assert ready == [("Bản Phá Lé", "ban"), ("Thôn 3", "thon")] and unknown == ["Kẻ Sặt"]
    ready, unknown = with_kinds(names, "xom")
    assert ready[-1] == ("Kẻ Sặt", "xom") and not unknown
